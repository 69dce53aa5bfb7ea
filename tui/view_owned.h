/*
 * view_owned — one owner's actions (or "my actions", several owners) across plans: the
 * estate or one establishment, grouped by establishment and plan with a heading per plan
 * (its count and overdue), overdue first within a plan. The lower part shows the selected
 * action in full: its finding, text, owners, target and due, status and latest note.
 * The same keys as in a plan set its status (s), add a note (a), revise its due date (t)
 * and show its history (h), which the dashboard does with view_owned_action(); Enter asks
 * for the action in its plan (REQ_OPEN_ACTION).
 *
 * Contract: a view with ops view_owned_ops, reading ctx->sp->owned; it asks the span only
 * for the details of the lines it shows (span_owned_window), so a list of any length
 * costs a window of rows.
 */
#ifndef AB_TUI_VIEW_OWNED_H
#define AB_TUI_VIEW_OWNED_H

#include "view.h"

extern const view_ops view_owned_ops;
/* The selected line's details (for a heading, its plan's first action), or NULL. */
const span_detail *view_owned_selected(const view *v);
/* The selected action, for the writes; NULL on a heading or when none. */
const board_action *view_owned_action(const view *v);
/* Puts the cursor on the line of this action (after a reload), else keeps it in range. */
void view_owned_select(view *v, int64_t action);

#endif
