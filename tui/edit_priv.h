/*
 * edit_priv — what edit.c shares with the other writes of the dashboard (edit_verify.c):
 * the outcome message and the "cancelled" message, so every write reports the same way.
 */
#ifndef AB_TUI_EDIT_PRIV_H
#define AB_TUI_EDIT_PRIV_H

#include "edit.h"

/* Says how the write went (rc, err), keeping `typed` when it was not saved; `done` is the
 * success message, offering undo when `undoable`. Returns true (the board reloads). */
bool edit_outcome(view_ctx *c, edit_state *e, int rc, const ab_err *err, const char *key,
		  const char *typed, const char *done, bool undoable);
/* The text kept from an unsaved write on `key`, moved into buf (untouched if none). */
void edit_take_kept(edit_state *e, const char *key, char *buf, size_t n);
/* False, saying so, when the database is read-only for the user. */
bool edit_db_writable(view_ctx *c);
/* "Cancelled: nothing was written"; returns false. */
bool edit_cancelled(view_ctx *c);

#endif
