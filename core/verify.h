/*
 * verify — a second person's sign-off on a completed action (actionboard(1) VERIFICATION).
 *
 * Contract: a completed action is "awaiting verification" until someone other than the
 * person who completed it verifies it (verify_action), when its plan asks for that (the
 * key `verification: required` of the plan, or of the settings for every plan that does
 * not say; synced by verify_sync); an action of another plan may be
 * verified too. Who may verify: an admin, or a user whose role is `verifier`
 * (auth_check_verify). The completer is the author of the latest status event that made
 * it completed; verifying one's own completion is EX_NOPERM. A rejection
 * (verify_reject, with a reason) reopens the action as in_progress. Both are one BEGIN
 * IMMEDIATE transaction that writes the action and appends a history event of kind
 * "status" with field "verify" (completed → verified) or "reject" (completed →
 * in_progress, the reason as its note); neither can be undone (a later status change
 * ends a verification: the trigger of its schema step in store.c clears it). EX_DATAERR: unknown
 * key, not completed, already verified, bad text. Nothing allocates for the caller.
 */
#ifndef AB_VERIFY_H
#define AB_VERIFY_H

#include <stdint.h>

#include "action.h"
#include "err.h"
#include "model.h"
#include "store.h"

typedef struct verify_state {
	char status[16];
	char verification[16]; /* "verified", "awaiting" or "" (see query_action) */
	char verified_by[256], verified_at[32];
	char completed_by[256]; /* "" when no completion is recorded */
	int required;           /* the plan asks for verification */
	int64_t version;
} verify_state;

/* The action's verification as stored now. */
int verify_get(store *st, const char *key, verify_state *out, ab_err *err);
int verify_action(store *st, const action_actor *who, const char *key, const char *note,
		  verify_state *out, ab_err *err);
int verify_reject(store *st, const action_actor *who, const char *key, const char *reason,
		  verify_state *out, ab_err *err);
/* Inside sync's transaction: the plan's `verification` setting onto its cycle (the
 * settings' default, `required_by_default`, when the plan says none). */
int verify_sync(store *st, const model_plan *p, bool required_by_default, int *updated,
		ab_err *err);

#endif
