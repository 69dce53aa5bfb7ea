/*
 * view_detail — the right pane: the selected item's full wrapped text, category,
 * agreement and note, then its actions (owners, target as published, due, status, who
 * changed it last). The cursor is an action; the scroll is in lines. The view owns its
 * layout (where each action starts and ends, for scrolling and clicks) and loads the
 * actions of the selected item into the board.
 *
 * Contract: view_detail_init() makes the view (it owns v->priv until ops->done). Esc asks
 * for the item panes (REQ_VIEW_ITEMS); the wheel scrolls it when it has no focus.
 */
#ifndef AB_TUI_VIEW_DETAIL_H
#define AB_TUI_VIEW_DETAIL_H

#include "view.h"

extern const view_ops view_detail_ops;

void view_detail_init(view *v, view_ctx *ctx);
/* Shows ctx->item: loads its actions unless they are loaded, from the first action. */
void view_detail_show(view *v);
/* The action under the cursor, or NULL. Borrowed from the board (until a reload). */
const board_action *view_detail_action(const view *v);

/* Where the detail was, to come back to it after the board reloads. */
typedef struct view_detail_place {
	int64_t item, action;
	int top;
} view_detail_place;

view_detail_place view_detail_where(const view *v);
/* Loads ctx->item's actions again and, on the same item, returns to the same action and
 * scroll; on another item starts from its first action. */
int view_detail_return(view *v, const view_detail_place *p, ab_err *err);

#endif
