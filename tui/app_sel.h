/*
 * app_sel — the plan's selection: which pane has the focus, which item view holds the
 * selected item, and reloading the board (after a filter, a cycle change or a write) while
 * keeping the selected item, action and scroll by identity.
 *
 * Contract: every function takes the app (app_priv.h) and runs with curses started;
 * errors go to the bottom line (view_message), except app_sel_reload(), which returns
 * them through err. Nothing here calls app.c or app_screens.c; returned views point into
 * the app and live as long as it.
 */
#ifndef AB_TUI_APP_SEL_H
#define AB_TUI_APP_SEL_H

#include <stdbool.h>
#include <stdint.h>

#include "app_priv.h"

view *app_sel_view(tui_app *a, const view *v);
bool app_sel_is_items(const view *v);
view *app_sel_first_items(tui_app *a);
void app_sel_item_changed(tui_app *a);
void app_sel_focus(tui_app *a, view *v);
bool app_sel_find_item(tui_app *a, int64_t id);
int app_sel_reload(tui_app *a, ab_err *err);
void app_sel_reload_or_say(tui_app *a);
void app_sel_reload_filtered(tui_app *a, const char *what);
void app_sel_filter_from_top(tui_app *a);
void app_sel_cycle_changed(tui_app *a);

#endif
