/*
 * view — what a pane of the dashboard is (tig's model: a view is its state plus a table
 * of operations), the context every view reads, and the helpers the list views share.
 *
 * Contract: the dashboard (app) owns the views and the view_ctx and keeps ctx->focus,
 * ctx->selection and ctx->item current; a view draws only inside its rect, reads data only
 * from ctx->b (the plan) and ctx->sp (beyond the plan), and answers requests through ops->request: REQ_NONE when it handled the
 * request, otherwise a request for the dashboard (the one it got, or what it asks for,
 * e.g. REQ_VIEW_DETAIL). Views never call the dashboard; they only return requests.
 */
#ifndef AB_TUI_VIEW_H
#define AB_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "board.h"
#include "draw.h"
#include "span.h"
#include "keymap.h"
#include "tui.h"

typedef struct view view;

typedef struct view_ctx {
	const tui_config *cfg;
	board *b;
	span *sp;               /* the estate, an owner's actions, a search of the estate */
	const view *focus;      /* the pane with the keyboard */
	const view *selection;  /* the item view whose cursor is the selected item */
	const board_item *item; /* the selected item, or NULL */
	char msg[512];          /* the bottom line's message; "" shows the hints */
	bool msg_error;
	int cross_row;          /* REQ_ITEMS_BELOW/ABOVE: the row to land on in the other pane */
	bool over_last;         /* this frame is drawn over the last one, which nothing else
				 * drew over, without erasing: a view may leave the lines it
				 * drew alike as they are (the overview after a poll) */
} view_ctx;

typedef struct view_ops {
	int hints;                                    /* the hint line: KEYMAP_ITEMS, … */
	int (*count)(const view *v);                  /* rows the cursor can be on */
	void (*title)(const view *v, char *buf, size_t n);
	void (*follow)(view *v);                      /* after layout: cursor in range, visible */
	void (*draw)(view *v);
	tui_request (*request)(view *v, tui_request req);
	bool (*click)(view *v, int line);             /* selects what shows on row `line` of rect */
	void (*done)(view *v);                        /* frees v->priv; may be NULL */
} view_ops;

struct view {
	const view_ops *ops;
	view_ctx *ctx;
	tui_rect rect; /* the content inside the borders, set by the layout */
	int cursor, top;
	int which;     /* item views: BOARD_UPPER or BOARD_LOWER */
	void *priv;    /* state that only the view itself reads */
};

void view_message(view_ctx *c, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* How far a moving request moves a list of n rows (0 for other requests). */
int view_list_delta(const view *v, tui_request req, int n);
/* Moves the cursor by delta, kept within 0..n-1. */
void view_list_move(view *v, int n, int delta);
/* Keeps the cursor within n rows and visible in the rect. */
void view_list_follow(view *v, int n);
/* A click on row `line` of the rect, in a list of n rows: selects that row; false when
 * nothing is there. */
bool view_list_click(view *v, int n, int line);

#endif
