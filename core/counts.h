/*
 * counts — each plan's figures kept up to date by the database itself, so that the overview,
 * `summary` and the owners pane read a row per plan instead of counting its actions.
 *
 * Contract:
 * - COUNTS_SCHEMA_SQL (core/counts_sql.h, a migration step of core/store.c) adds table plan_count (per cycle: its
 *   live items, by agreement; its live actions, by status, open, slipped and the days
 *   slipped) and table plan_due (per cycle and effective due date: how many live open
 *   actions are due that day), fills them from the rows, and adds the triggers that keep
 *   them in the same statement as every insert, update and delete of an item, action or
 *   cycle, whoever writes it (sync, a status change, an undo, the sqlite3 shell). The rules
 *   are rules.h's columns (is_open, due_effective, RULES_SLIPPED); overdue and due-soon are
 *   RULES_COUNT_OVERDUE (plan_count.dated, schema 19, less plan_due's rows from today on)
 *   and RULES_COUNT_DUE_BETWEEN over plan_due.
 * - counts_drift() recounts every plan from its rows and calls `fn` once per figure that
 *   differs from the kept one (what: "plan_count", "plan_due DATE", "owner_count OWNER" or
 *   "owner_due OWNER DATE"), and sets *drifts to
 *   how many did; returns fn's non-zero result, or 0. Strings are valid only during the
 *   callback. It only reads.
 */
#ifndef AB_COUNTS_H
#define AB_COUNTS_H

#include <stddef.h>

#include "err.h"
#include "store.h"

/* The next step (COUNTS_OWNER_SCHEMA_SQL): owner_count (per plan and owner: live actions,
 * open, completed) and owner_due (per plan, owner and effective due date: live open
 * actions), kept the same way and also following action_owner. */

/*
 * The next step (COUNTS_CHANGE_SCHEMA_SQL): plan_change, which plan each write touched (a
 * sequence number per plan; the estate as a whole for a sync). counts_mark() stamps the whole estate (sync calls it
 * in its transaction when it changed anything). counts_changes() sets *latest to the latest
 * number and, when fn is given, calls it once per plan stamped after `since`, in order:
 * its establishment and cycle codes, or NULL and NULL for the whole estate (reload
 * everything). A *latest below `since` means the database was replaced (restore): reload
 * everything too. Reads in one transaction; strings valid only during the callback.
 */
int counts_mark(store *st, ab_err *err);
typedef int (*counts_change_fn)(const char *establishment, const char *cycle, void *ctx);
int counts_changes(store *st, long long since, counts_change_fn fn, void *ctx, long long *latest,
		   ab_err *err);
/* And COUNTS_NAMES_SCHEMA_SQL: names_change, one number moved by the writes that may change
 * the owners a picker offers (estate.h: estate_names_number()). */

/*
 * The next step (COUNTS_HOLD_SCHEMA_SQL): count_hold, the plans whose figures are filled
 * once rather than by the triggers row by row (sync, loading a whole plan). Both run inside
 * the caller's transaction. counts_hold() holds plan `cycle`: the triggers skip its rows.
 * counts_release() recounts its figures with check --deep's recount (COUNTS_RECOUNT_PLANS
 * and the three beside it, for this plan alone) and lets it go, so that the transaction
 * commits with count_hold empty; counts_release_held() the same for every plan held (a
 * load of an empty database, which holds them all to its end). Statements are kept
 * (store_prepare_kept): a sync of the estate holds thousands of plans.
 */
int counts_hold(store *st, long long cycle, ab_err *err);
int counts_release(store *st, long long cycle, ab_err *err);
int counts_release_held(store *st, ab_err *err);

typedef int (*counts_drift_fn)(const char *establishment, const char *cycle, const char *what,
			       const char *kept, const char *recounted, void *ctx);
int counts_drift(store *st, counts_drift_fn fn, void *ctx, size_t *drifts, ab_err *err);

#endif
