/*
 * view_owners — the owners pane: per owner the open, overdue and completed counts of the
 * board's scope (the plan, its establishment or the estate). In the plan's scope Enter
 * filters the dashboard to that owner (again: clears it) and asks the dashboard to reload
 * from the first item (REQ_FILTER_CHANGED); in a wider one it asks for the owner's list
 * of actions (REQ_OPEN_OWNER; the owner is the one under the cursor).
 *
 * Contract: a view with ops view_owners_ops; it changes only the board's owner filter.
 */
#ifndef AB_TUI_VIEW_OWNERS_H
#define AB_TUI_VIEW_OWNERS_H

#include "view.h"

extern const view_ops view_owners_ops;

#endif
