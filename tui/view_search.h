/*
 * view_search — the results of a search of the whole estate (F): the best hits in items,
 * actions and notes, grouped by plan (the plan with the best hit first) and ranked within
 * it, with the selected hit's text in full below. Enter asks for the hit in its plan
 * (REQ_OPEN_ACTION): the action, or for an item the item.
 *
 * Contract: a view with ops view_search_ops, reading ctx->sp->found.
 */
#ifndef AB_TUI_VIEW_SEARCH_H
#define AB_TUI_VIEW_SEARCH_H

#include "view.h"

extern const view_ops view_search_ops;
/* The hit under the cursor (a heading: its plan's best hit), or NULL. */
const span_hit *view_search_selected(const view *v);

#endif
