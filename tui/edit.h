/*
 * edit — the writes a user makes on the selected action (status, progress note, revised
 * due date) and its history, asked for with prompts and written through core/action.h.
 *
 * Contract: each write asks everything first and then makes one call into core (one
 * transaction there; nothing is held open while the user types). It leaves its outcome in
 * ctx's message, keeps the typed text of a write that was not saved (offered again by the
 * next prompt on the same action), and returns true when it wrote or tried to, so the
 * caller reloads the board. `ac` is borrowed and must stay valid during the call.
 */
#ifndef AB_TUI_EDIT_H
#define AB_TUI_EDIT_H

#include <stdbool.h>

#include "../core/action.h"
#include "prompt.h"
#include "view.h"

typedef struct edit_state {
	action_actor actor;
	/* Text typed for a write that was not saved (conflict, refusal). */
	char kept_key[512];
	char kept_text[ACTION_TEXT_BUF];
} edit_state;

/* Each refuses, saying why in ctx's message, when ac is NULL or the user may not change
 * it (read-only database, permissions). */
bool edit_status(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac);
bool edit_note(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac);
bool edit_due(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac);
/* Shows the action's history on a page (ac may be NULL: then says so). */
void edit_history(view_ctx *c, const prompt_screen *ps, const board_action *ac);

#endif
