/*
 * assess_edit — the writes about the selected item rather than an action: a judgement
 * (HMIP's at an IRP or the next inspection, or the establishment's own; core/judge.h)
 * and its link to the earlier finding it repeats (core/lineage.h), asked for with
 * prompts.
 *
 * Contract: as edit.h's writes: everything is asked first, then one call into core (one
 * transaction there); the outcome is left in ctx's message; each returns true when it
 * wrote or tried to, so the caller reloads the board. `it` is borrowed and must stay
 * valid during the call; NULL refuses with a message.
 */
#ifndef AB_TUI_ASSESS_EDIT_H
#define AB_TUI_ASSESS_EDIT_H

#include <stdbool.h>

#include "edit.h"

bool assess_edit_judge(view_ctx *c, const edit_state *e, const prompt_screen *ps,
		       const board_item *it);
bool assess_edit_link(view_ctx *c, const edit_state *e, const prompt_screen *ps,
		      const board_item *it);

#endif
