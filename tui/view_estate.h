/*
 * view_estate — the estate overview, the first screen when the database holds more than
 * one establishment: one row per establishment with its region (or function), its
 * latest plan, how many plans its figures count ("2/3": the latest and those with open
 * actions, of the live ones; core/estate.h), their items, open, overdue and completed
 * actions, % done and a bar. When establishments name a region (prison group), they are
 * grouped under a heading per group with its subtotals.
 * `<` and `>` sort by the previous or next column (the groups too, by their subtotals);
 * the filter (typed after `/`, kept in the span) narrows it; Enter on a group's heading
 * shows that group alone (again: every group); Enter on an establishment asks for its
 * plans (REQ_OPEN_PLAN).
 *
 * Contract: a view with ops view_estate_ops, reading ctx->sp->estate (which the
 * dashboard loads); it changes only the span's sort and group.
 */
#ifndef AB_TUI_VIEW_ESTATE_H
#define AB_TUI_VIEW_ESTATE_H

#include "view.h"

extern const view_ops view_estate_ops;
/* The establishment under the cursor, or NULL (none, or a group's heading). Borrowed from
 * the span. */
const span_est *view_estate_selected(const view *v);
/* Puts the cursor on the establishment with this code, if shown. */
void view_estate_select(view *v, const char *code);

#endif
