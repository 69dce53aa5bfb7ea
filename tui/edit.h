/*
 * edit — the writes a user makes on an action (status, progress note, revised due date,
 * undo, a note retracted or corrected from the history) and its history, asked for with
 * prompts and written through core/action.h.
 *
 * Contract: each write asks everything first and then makes one call into core (one
 * transaction there; nothing is held open while the user types). Every prompt names the
 * action it writes to. It leaves its outcome in ctx's message (a success offers "u undo"),
 * keeps the typed text of a write that was not saved (offered again by the next prompt on
 * the same action), and returns true when it wrote or tried to, so the caller reloads the
 * board. `ac` is borrowed and must stay valid during the call.
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
	char kept_owners[1024], kept_target[256]; /* an amendment's, with its text */
	/* The action of the write whose message offers "u undo" ("" once it is gone). */
	char undo_key[512];
} edit_state;

/* Each refuses, saying why in ctx's message, when ac is NULL or the user may not change
 * it (read-only database, permissions). */
bool edit_status(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac);
bool edit_note(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac);
bool edit_due(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac);
/* Undoes the user's latest change on `key` (NULL: says no action is selected) after
 * asking, naming the change. */
bool edit_undo(view_ctx *c, edit_state *e, const prompt_screen *ps, const char *key);
/* Shows the action's history on a scrollable page of wrapped events (ac may be NULL: then
 * says so); on it, r retracts and e corrects a note of the user's. True when it wrote. */
bool edit_history(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac);
/* Which of the selected item's actions a key on the item list means: the only one, or the
 * one the user picks from a menu titled with `verb` ("Note for"). The index into the
 * board's actions, or -1 (none, or cancelled: then ctx's message says so). */
int edit_choose(view_ctx *c, const prompt_screen *ps, const char *verb);
/* A date prompt's hint (prompt_check): a typed date (core/date.h's reader: 31/03/2027,
 * 31 Mar 2027, +2w…) as read ("→ Wed 31 Mar 2027", with " (in the past)" when `past`), or
 * what is wrong with it; false when it is not a date (an empty text only on Enter). */
bool edit_day_hint(const view_ctx *c, const char *text, bool enter, bool past, char *hint,
		   size_t n);

#endif
