/*
 * sync — writes the YAML definitions (a model_config) into the database.
 *
 * Contract: one transaction, all or nothing. Idempotent: the same definitions twice make
 * no change at all (not even a timestamp). A changed definition updates its row; an item,
 * action or cycle that left the YAML is retired (retired = 1), never deleted, and comes
 * back if it returns. Status, notes, revised due dates and history are never touched,
 * except that each definition change appends a history row (kind 'sync') by `user`.
 * Who may sync is auth_check_sync()'s rule (auth.h); the settings' `users` section is
 * stored with the definitions (auth_sync_users), and its users count as rows added or
 * updated.
 */
#ifndef AB_SYNC_H
#define AB_SYNC_H

#include "err.h"
#include "model.h"
#include "store.h"

typedef struct sync_stats {
	int added;    /* rows created: establishments, cycles, items, actions, owners, aliases */
	int updated;  /* rows whose definition changed */
	int retired;  /* items, actions and cycles that left the YAML */
	int restored; /* retired ones that came back */
} sync_stats;

/* Called after each plan with how many of cfg->nplans are done (for a progress line). */
typedef void (*sync_progress_fn)(size_t done, size_t total, void *ctx);

int sync_apply(store *st, const model_config *cfg, const char *user, sync_stats *out,
	       sync_progress_fn progress, void *progress_ctx, ab_err *err);
int sync_changes(const sync_stats *s);

#endif
