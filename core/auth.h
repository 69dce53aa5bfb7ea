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
 * The rule, stored or not: a viewer or an unlisted user only reads; a user who names
 * `establishments` writes only in those (actions, judgements, links, undo); an editor
 * writes only what one of their owners holds; only an admin without establishments (an
 * estate admin) syncs.
 * Refusals are EX_NOPERM with the reason in err, naming the establishment and the owners
 * the thing needed. No function allocates for the caller.
 */
#ifndef AB_AUTH_H
#define AB_AUTH_H

#include <stdbool.h>
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
/* Whether `login` may verify or reject the completion of action `id` (verify.h): an
 * admin, or a verifier; without any users, everyone. Not whether they completed it. */
int auth_check_verify(store *st, const char *login, const model_config *cfg, const char *key,
		      int64_t id, ab_err *err);
/* Whether `login` may add, change or retire actions of item `item_key` in the tool
 * (amend.h): an admin; without any users, everyone. */
int auth_check_amend(store *st, const char *login, const model_config *cfg,
		     const char *item_key, ab_err *err);
/*
 * Whether `login` may sync the definitions: with a stored policy only its admins; without
 * one, an admin of cfg's users, or anyone when cfg has no users section or the database
 * holds no establishment yet.
 */
int auth_check_sync(store *st, const char *login, const model_config *cfg, ab_err *err);
/* auth_check_sync's rule for any admin's task; `what` ("restore the database") is named in
 * the refusal. */
int auth_check_admin(store *st, const char *login, const model_config *cfg, const char *what,
		     ab_err *err);
/*
 * The owners (canonical names) and establishments (codes) `login`'s rights name, for "my
 * actions": the stored user's when a policy is stored, else cfg's user (so a user's own
 * settings cannot change them once a policy is stored). fn is called for each, is_owner
 * telling which; the strings are valid during the call. Returns 0, EX_NOUSER (err says
 * from where) when the user is not listed, or the callback's non-zero result.
 */
typedef int (*auth_scope_fn)(bool is_owner, const char *name, void *ctx);
int auth_user_scope(store *st, const char *login, const model_config *cfg, auth_scope_fn fn,
		    void *ctx, ab_err *err);
/*
 * Inside sync's transaction, after the owners are written: makes the stored policy equal
 * to cfg's users section (or removes it when cfg has none). Adds the users it created to
 * *added and the users changed or removed to *updated; writes nothing when equal.
 */
int auth_sync_users(store *st, const model_config *cfg, const char *login, const char *now,
		    int *added, int *updated, ab_err *err);

#endif
