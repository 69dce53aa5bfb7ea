/*
 * amend — actions added, changed and retired in the tool (actionboard(1) AMENDMENTS),
 * kept apart from the plan files' definitions.
 *
 * Contract: an amendment is an action of origin "amendment" (plan files' are "plan"),
 * with who made it and when (amended_by, amended_at: its latest change). Sync never
 * touches one: it neither changes nor retires it (sync.c lists only origin "plan"), so
 * amendments survive every sync. Its id is the item's ref, ".A" and the next number of
 * that item ("1.1.A1"): the loader refuses a plan file's action id of that form
 * (amend_id_reserved), so no later plan file can take it. Only an admin may amend
 * (auth_check_amend); every change is one BEGIN IMMEDIATE transaction that also appends a
 * history event (kind "sync", field "amendment created", "amendment text", "amendment
 * owners", "amendment target" or "amendment retired", old and new) and bumps the
 * version. A plan file's action is changed in its file: editing or retiring it here is
 * EX_DATAERR saying so. Owners are names or aliases the database knows (EX_DATAERR
 * otherwise); text and reasons follow action.h's rules; a target is required.
 */
#ifndef AB_AMEND_H
#define AB_AMEND_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"
#include "err.h"
#include "store.h"

#define AMEND_MAX_OWNERS 16

typedef struct amend_change {
	const char *text;   /* NULL: unchanged (edit) */
	const char *target; /* NULL: unchanged (edit) */
	const char *const *owners; /* NULL: unchanged (edit) */
	size_t nowners;
} amend_change;

/* Whether a plan file's action id has the form kept for amendments ("REF.A<digits>"). */
bool amend_id_reserved(const char *id);
/* A new action of item `item_key`; its key goes to key_out. */
int amend_add(store *st, const action_actor *who, const char *item_key, const amend_change *c,
	      char key_out[ACTION_KEY_LEN], ab_err *err);
int amend_edit(store *st, const action_actor *who, const char *key, const amend_change *c,
	       ab_err *err);
int amend_retire(store *st, const action_actor *who, const char *key, const char *reason,
		 ab_err *err);

#endif
