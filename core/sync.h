/*
 * sync — writes the YAML definitions into the database.
 *
 * Contract: one transaction, all or nothing. Idempotent: the same definitions twice make
 * no change at all (not even a timestamp). A changed definition updates its row; an item,
 * action or cycle that left the YAML is retired (retired = 1), never deleted, and comes
 * back if it returns. Status, notes, revised due dates and history are never touched,
 * except that each definition change appends a history row (kind 'sync') by `user`.
 * Who may sync is auth_check_sync()'s rule (auth.h); the settings' `users` section is
 * stored with the definitions (auth_sync_users), and its users count as rows added or
 * updated.
 *
 * Two ways in. sync_apply() takes a configuration already in memory (tests, small
 * tools). sync_files() reads the plans one file at a time through a sync_source (config/
 * provides one), so memory holds one plan whatever the estate's size, and it skips a
 * plan file that has not changed since the sync that stored its fingerprint (table
 * source_file): same size and modification and change times, or failing that the same
 * content hash, and the same context (the settings' owner names and aliases, and
 * SYNC_RULES, which names the version of the rules that turn a file into rows). A file
 * skipped is not parsed, so the loader's warnings about it are not repeated; SYNC_FULL
 * reads every file regardless.
 */
#ifndef AB_SYNC_H
#define AB_SYNC_H

#include <stddef.h>

#include "err.h"
#include "model.h"
#include "store.h"

/*
 * Bump when a change to core makes the same YAML give other rows (how targets become
 * due dates, how owners are matched …): every plan file is then read again once.
 */
#define SYNC_RULES "sync-rules-1"

typedef struct sync_stats {
	int added;    /* rows created: establishments, cycles, items, actions, owners, aliases */
	int updated;  /* rows whose definition changed */
	int retired;  /* items, actions and cycles that left the YAML */
	int restored; /* retired ones that came back */
	int skipped;  /* plan files not read: unchanged since the last sync (sync_files) */
} sync_stats;

/* Called after each plan with how many of the plans are done (for a progress line). */
typedef void (*sync_progress_fn)(size_t done, size_t total, void *ctx);

/* Where sync_files() reads the plans: one file at a time, in the order they load. */
typedef struct sync_source {
	void *ctx;
	size_t nfiles;
	/* The path of file i; valid while the source lives. */
	const char *(*path)(void *ctx, size_t i);
	/* Reads and checks file i (everything but cycles defined twice, which sync finds
	 * across the files it skips too); *plan stays valid until the next call. */
	int (*read)(void *ctx, size_t i, const model_plan **plan, ab_err *err);
} sync_source;

enum { SYNC_FULL = 1 << 0 }; /* read every plan file, changed or not */

int sync_apply(store *st, const model_config *cfg, const char *user, sync_stats *out,
	       sync_progress_fn progress, void *progress_ctx, ab_err *err);
/* `settings` holds the owners, users and establishments (its plans are not read). */
int sync_files(store *st, const model_config *settings, const sync_source *src, int flags,
	       const char *user, sync_stats *out, sync_progress_fn progress, void *progress_ctx,
	       ab_err *err);
/* Rows changed (skipped files are not changes). */
int sync_changes(const sync_stats *s);

#endif
