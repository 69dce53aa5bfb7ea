/*
 * ui — what the dashboard's views share: the application state, the view operations
 * (tig's model: a view is a struct of operations) and the drawing helpers.
 *
 * Contract: one tui_app lives in tui_run(); views draw only inside their pane's rect and
 * read data only from app->b (the board). Strings passed to draw helpers are borrowed.
 * The terminal is in curses mode whenever these functions run.
 */
#ifndef AB_TUI_UI_H
#define AB_TUI_UI_H

#include <curses.h>
#include <stdbool.h>

#include "../core/action.h"
#include "board.h"
#include "tui.h"

enum tui_pane { PANE_UPPER, PANE_LOWER, PANE_OWNERS, PANE_DETAIL, PANE_COUNT };

/* What a piece of text means; draw_tone() turns it into colour or, without colour, into
 * attributes (the words themselves always say it too, so NO_COLOR loses nothing). */
typedef enum {
	TONE_NORMAL, TONE_OVERDUE, TONE_SOON, TONE_DONE, TONE_BLOCKED, TONE_DIM,
	TONE_TITLE, TONE_FILTER, TONE_ERROR, TONE_MATCH, TONE_COUNT
} tui_tone;

typedef struct tui_rect {
	int y, x, h, w;
} tui_rect;

typedef struct tui_list {
	int cursor, top;
} tui_list;

typedef struct tui_app tui_app;

typedef struct tui_view_ops {
	int (*count)(tui_app *a, int pane);
	void (*title)(tui_app *a, int pane, char *buf, size_t n);
	void (*draw)(tui_app *a, int pane);
	void (*activate)(tui_app *a, int pane); /* Enter */
	void (*follow)(tui_app *a, int pane);   /* scroll so the cursor is visible */
} tui_view_ops;

extern const tui_view_ops view_items_ops, view_owners_ops, view_detail_ops;

struct tui_app {
	const tui_config *cfg;
	board b;
	action_actor actor;
	const tui_view_ops *ops[PANE_COUNT];
	tui_list list[PANE_COUNT];
	tui_rect rect[PANE_COUNT]; /* content area inside the borders */
	int focus;
	int item_pane;       /* the item pane whose cursor is "the selected item" */
	int *action_line;    /* detail: first line of each action (for scrolling, clicks) */
	int *action_end;
	size_t action_cap;
	int detail_lines;
	bool color, quit;
	int rows, cols;
	char msg[512];
	bool msg_error;
	/* Text typed for a write that was not saved (conflict, refusal): offered again the
	 * next time a prompt opens on the same action, so nothing typed is lost. */
	char kept_key[512];
	char kept_text[1024];
};

#define TUI_MIN_COLS 80
#define TUI_MIN_ROWS 24

/* draw.c */
void draw_init_colors(tui_app *a);
attr_t draw_tone(const tui_app *a, tui_tone t);
/* Writes s fitted to w columns at (y, x), padding with spaces when `pad`; returns the
 * columns used. */
int draw_text(int y, int x, int w, const char *s, attr_t attr, bool pad);
/* Draws everything into stdscr without refreshing (callers overlay, then refresh()). */
void draw_screen(tui_app *a);
void draw_layout(tui_app *a);
void draw_message(tui_app *a, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A centred framed box; returns its inner rect. */
tui_rect draw_box(tui_app *a, int h, int w, const char *title);

/* the selection, shared by views and keys (keys.c) */
const board_item *app_selected_item(tui_app *a);
const board_action *app_selected_action(tui_app *a);
/* Reloads everything, keeping the selected item and action by identity. */
int app_reload(tui_app *a, ab_err *err);
/* Reloads the detail's actions after the item selection changed. */
void app_item_changed(tui_app *a);

/* keys.c */
typedef struct tui_key {
	bool fn;  /* a KEY_* code rather than a character */
	int code;
} tui_key;
void keys_dispatch(tui_app *a, tui_key k);
void keys_help(tui_app *a);
void keys_mouse(tui_app *a);
const char *keys_hints(const tui_app *a);

/* prompt.c: modal input; each returns after redrawing nothing (the caller redraws). */
tui_key prompt_getkey(tui_app *a, int timeout_ms);
/* Line editing on the bottom line; `buf` holds the initial text and receives the result.
 * Returns true on Enter, false on Esc/Ctrl-C (buf then holds the initial text again).
 * `changed` (may be NULL) runs after every edit, for incremental search. */
bool prompt_line(tui_app *a, const char *label, char *buf, size_t cap,
		 void (*changed)(tui_app *a, const char *text));
/* A menu of n choices; type-to-filter when `filter`. Returns the index or -1 (Esc). */
int prompt_menu(tui_app *a, const char *title, const char *const *choices, int n,
		int initial, bool filter);
/* A scrollable read-only page of lines (help, history); any of q, Esc, Enter closes. */
void prompt_page(tui_app *a, const char *title, const char *const *lines, int n);

extern volatile int tui_stop; /* set by SIGINT/SIGTERM/SIGHUP: leave cleanly */

#endif
