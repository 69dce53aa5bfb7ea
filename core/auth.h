/*
 * auth — who may write: the users, roles and owners an admin synced into the database.
 *
 * Contract: a database holds a "policy" once a settings file with a `users` section has been
 * synced into it (actionboard.yaml(5)). From then on the stored users decide every write and every
 * sync, whatever settings file the writing process read: a user cannot widen their rights
 * by pointing their own settings at the database. A database with no stored policy keeps
 * the rule of the settings the caller passes (no `users` section: every local user may
 * edit everything), as before there was a policy; only a sync by a stored admin whose
 * settings have no `users` section removes a policy.
 * Refusals are EX_NOPERM with the reason in err. No function allocates for the caller.
 */
#ifndef AB_AUTH_H
#define AB_AUTH_H

#include <stdint.h>

#include "err.h"
#include "model.h"
#include "store.h"

/* Whether `login` may change action `id` (whose key names it in messages). */
int auth_check_action(store *st, const char *login, const model_config *cfg, const char *key,
		      int64_t id, ab_err *err);
/* Whether `login` may write about item `id` (a judgement, a link): the same roles, where an
 * editor's owners must own one of the item's live actions. */
int auth_check_item(store *st, const char *login, const model_config *cfg, const char *key,
		    int64_t id, ab_err *err);
/*
 * Whether `login` may sync the definitions: with a stored policy only its admins; without
 * one, an admin of cfg's users, or anyone when cfg has no users section or the database
 * holds no establishment yet.
 */
int auth_check_sync(store *st, const char *login, const model_config *cfg, ab_err *err);
/*
 * Inside sync's transaction, after the owners are written: makes the stored policy equal
 * to cfg's users section (or removes it when cfg has none). Adds the users it created to
 * *added and the users changed or removed to *updated; writes nothing when equal.
 */
int auth_sync_users(store *st, const model_config *cfg, const char *login, const char *now,
		    int *added, int *updated, ab_err *err);

#endif
