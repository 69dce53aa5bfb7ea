/*
 * view_estate — the estate overview, the first screen when the database holds more than
 * one establishment: one row per establishment with its region (or function), its
 * latest plan, that plan's items, open, overdue and completed actions, % done and a bar.
 * `<` and `>` sort by the previous or next column; the filter (typed after `/`, kept in
 * the span) narrows it; Enter asks for the selected establishment's latest plan
 * (REQ_OPEN_PLAN).
 *
 * Contract: a view with ops view_estate_ops, reading ctx->sp->estate (which the
 * dashboard loads); it changes only the span's sort.
 */
#ifndef AB_TUI_VIEW_ESTATE_H
#define AB_TUI_VIEW_ESTATE_H

#include "view.h"

extern const view_ops view_estate_ops;
/* The establishment under the cursor, or NULL. Borrowed from the span. */
const span_est *view_estate_selected(const view *v);
/* Puts the cursor on the establishment with this code, if shown. */
void view_estate_select(view *v, const char *code);

#endif
