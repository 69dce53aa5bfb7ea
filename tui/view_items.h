/*
 * view_items — the two item panes (priority/key concerns, or key/general
 * recommendations): one row per item with its progress bar and done/total. Moving
 * selects the item; j past the last row of the upper pane goes on into the lower one
 * (the two read as one list); Enter asks for the detail.
 *
 * Contract: a view with ops view_items_ops and `which` BOARD_UPPER or BOARD_LOWER.
 * view_items_find() is search's step through both panes in reading order.
 */
#ifndef AB_TUI_VIEW_ITEMS_H
#define AB_TUI_VIEW_ITEMS_H

#include "view.h"

extern const view_ops view_items_ops;

/* The item under the view's cursor, or NULL. Borrowed from the board. */
const board_item *view_items_selected(const view *v);
/* Puts the cursor on the item with this id; false when the view does not list it. */
bool view_items_select_id(view *v, int64_t id);
/*
 * The next (dir 1) or previous (-1) item of the search in reading order (upper pane,
 * then lower), from the selected one (included when `from_here`), wrapping around.
 * Moves that pane's cursor there and returns the pane, or NULL when nothing matches.
 */
view *view_items_find(view *panes[2], int dir, bool from_here);

#endif
