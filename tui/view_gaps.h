/*
 * view_gaps — the disagreement view: every item, in every plan, where our own status and
 * the inspectors' judgement disagree (core/assess.h states the rule), both sides with
 * their dates. It takes the whole screen while it is open.
 *
 * Contract: a view (view.h) over ctx->b's gaps (board_load_gaps). Its request hook
 * handles moving; Enter asks the dashboard for REQ_OPEN_GAP (view_gaps_selected() says
 * which item), Esc for REQ_BACK (close it), D for REQ_GAPS (read again); help, redraw
 * and quit pass on; the board's writes and filters do not apply here and are ignored.
 */
#ifndef AB_TUI_VIEW_GAPS_H
#define AB_TUI_VIEW_GAPS_H

#include "view.h"

extern const view_ops view_gaps_ops;

/* The row under the cursor, or NULL. Borrowed from the board (until it reloads gaps). */
const board_gap *view_gaps_selected(const view *v);

#endif
