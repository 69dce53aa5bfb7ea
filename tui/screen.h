/*
 * screen — the frame around the views: the layout of the four panes, their borders with
 * the views' titles, the header, and the bottom line (the message, or the hints the
 * keymap makes for the focused view), or a notice when the window is too small.
 *
 * Contract: screen_draw() sets each view's rect, lets each view follow its cursor and
 * draw itself, and draws the rest into stdscr without refreshing. It only reads the views
 * and their context.
 */
#ifndef AB_TUI_SCREEN_H
#define AB_TUI_SCREEN_H

#include <stdbool.h>

#include "view.h"

#define SCREEN_MIN_COLS 80
#define SCREEN_MIN_ROWS 24

enum tui_pane { PANE_UPPER, PANE_LOWER, PANE_OWNERS, PANE_DETAIL, PANE_COUNT };

/* True when the window is below SCREEN_MIN_COLS x SCREEN_MIN_ROWS. */
bool screen_too_small(void);
/* Draws the dashboard; false when the window is too small (the notice shows instead). */
bool screen_draw(const view_ctx *c, view v[PANE_COUNT]);
/* Draws one view over the whole space between the header and the bottom line, framed with
 * its title (the disagreement view); false when the window is too small. */
bool screen_draw_full(const view_ctx *c, view *v);
/*
 * Draws one view over the whole screen (the estate overview, an owner's list, a search):
 * the header says `scope` (" actionboard · the estate · … · today … · user"), `tag`
 * (e.g. "FILTER owner: X · x clears"; NULL for none) is shown on its right.
 */
bool screen_draw_one(const view_ctx *c, view *v, const char *scope, const char *tag);

#endif
