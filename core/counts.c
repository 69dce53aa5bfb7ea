/* counts — see counts.h. What is counted is rules.h's (is_open, due_effective, slipped). */
#include "counts.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "counts_sql.h"
#include "rules.h"
#include "store_priv.h"


int counts_mark(store *st, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, COUNTS_STAMP("0"), &s, err))
		return err->code;
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "marking the change");
}

/* The plans whose cycle id satisfies `which` (" = ?1": one plan; COUNTS_ALL_HELD: every
 * held one) have their figures recounted where the triggers left them alone, then are let
 * go; the recount is check --deep's (counts_sql.h), narrowed to those plans. */
#define COUNTS_RELEASE_SQL(which)                                                           \
	{"DELETE FROM plan_due WHERE cycle_id" which,                                        \
	 "DELETE FROM owner_count WHERE cycle_id" which,                                     \
	 "DELETE FROM owner_due WHERE cycle_id" which,                                       \
	 "REPLACE INTO plan_count " COUNTS_RECOUNT_PLANS(which),                             \
	 "INSERT INTO plan_due SELECT * FROM (" COUNTS_RECOUNT_DUE ") WHERE cycle_id" which, \
	 "INSERT INTO owner_count SELECT * FROM (" COUNTS_RECOUNT_OWNERS ") WHERE cycle_id"  \
	 which,                                                                              \
	 "INSERT INTO owner_due SELECT * FROM (" COUNTS_RECOUNT_OWNER_DUE ") WHERE cycle_id" \
	 which,                                                                              \
	 "DELETE FROM count_hold WHERE cycle_id" which}
#define COUNTS_ALL_HELD " IN (SELECT cycle_id FROM count_hold)"
static const char *const counts_release_sql[] = COUNTS_RELEASE_SQL(" = ?1");
static const char *const counts_release_held_sql[] = COUNTS_RELEASE_SQL(COUNTS_ALL_HELD);

/* Runs kept statement `sql` with ?1 = cycle. */
static int counts_run(store *st, const char *sql, long long cycle, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare_kept(st, sql, &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, cycle);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "recounting plans");
}

int counts_hold(store *st, long long cycle, ab_err *err)
{
	return counts_run(st, "INSERT INTO count_hold(cycle_id) VALUES (?1)", cycle, err);
}

/* Runs the n statements of `sql` with ?1 = cycle (unused by the held ones). */
static int counts_run_all(store *st, const char *const *sql, size_t n, long long cycle,
			  ab_err *err)
{
	for (size_t i = 0; i < n; i++)
		if (counts_run(st, sql[i], cycle, err))
			return err->code;
	return 0;
}

int counts_release(store *st, long long cycle, ab_err *err)
{
	return counts_run_all(st, counts_release_sql,
			      sizeof counts_release_sql / sizeof *counts_release_sql, cycle, err);
}

int counts_release_held(store *st, ab_err *err)
{
	return counts_run_all(st, counts_release_held_sql,
			      sizeof counts_release_held_sql / sizeof *counts_release_held_sql, 0,
			      err);
}

/* ?1 the latest number seen. First the latest number (kind 2), then the plans stamped
 * later (kind 0), or the estate (kind 1): one statement, so one snapshot. */
static const char counts_changes_sql[] =
	"SELECT NULL, NULL, 2, max(seq) FROM plan_change"
	" UNION ALL SELECT * FROM (SELECT e.code, c.code, p.cycle_id = 0, p.seq FROM plan_change p"
	"  LEFT JOIN cycle c ON c.id = p.cycle_id"
	"  LEFT JOIN establishment e ON e.id = c.establishment_id"
	"  WHERE p.seq > ?1 ORDER BY p.seq)";

int counts_changes(store *st, long long since, counts_change_fn fn, void *ctx, long long *latest,
		   ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare_kept(st, counts_changes_sql, &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, fn ? since : INT64_MAX);
	*latest = since;
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		int kind = sqlite3_column_int(s, 2);
		if (kind == 2)
			*latest = sqlite3_column_int64(s, 3);
		else
			cbrc = fn(kind ? NULL : store_col(s, 0), kind ? NULL : store_col(s, 1), ctx);
	}
	sqlite3_reset(s);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading what changed");
}

/* Figures as one readable string, kept (k = plan_count) or recounted. */
#define COUNTS_FIGURES(t)                                                                   \
	"printf('%d items (%d agreed, %d partly, %d not), %d actions (%d planned,"            \
	" %d in progress, %d blocked, %d completed, %d cancelled, %d open, %d of them with a"  \
	" due date, the latest %s), %d slipped by %d days', "                                 \
	t ".items, " t ".agreed, " t ".partly_agreed, " t ".not_agreed, " t ".actions, "     \
	t ".planned, " t ".in_progress, " t ".blocked, " t ".completed, " t ".cancelled, "    \
	t ".open, " t ".dated, coalesce(" t ".last_due, 'none'), " t ".slipped, " t ".slip_days)"

static const char counts_drift_sql[] =
	"WITH r AS (" COUNTS_RECOUNT "),"
	" d AS (SELECT cycle_id, due, sum(k) AS k, sum(n) AS n FROM"
	"  (SELECT cycle_id, due, n AS k, 0 AS n FROM plan_due UNION ALL"
	"   SELECT cycle_id, due, 0, n FROM (" COUNTS_RECOUNT_DUE "))"
	"  GROUP BY cycle_id, due HAVING sum(k) <> sum(n))"
	" SELECT c.id, 'plan_count',"
	"  CASE WHEN k.cycle_id IS NULL THEN 'no row' ELSE " COUNTS_FIGURES("k") " END,"
	"  " COUNTS_FIGURES("r") " FROM r JOIN cycle c ON c.id = r.cycle_id"
	"  LEFT JOIN plan_count k ON k.cycle_id = r.cycle_id"
	"  WHERE k.cycle_id IS NULL OR " COUNTS_FIGURES("k") " <> " COUNTS_FIGURES("r")
	" UNION ALL SELECT d.cycle_id, 'plan_due ' || d.due, d.k || ' open due', d.n || ' open due'"
	"  FROM d"
	" UNION ALL SELECT cycle_id, 'owner_count ' || (SELECT name FROM owner WHERE id = owner_id),"
	"  coalesce(max(k), 'no row'), coalesce(max(r), 'no row') FROM"
	"  (SELECT cycle_id, owner_id, actions || '/' || open || '/' || completed AS k, NULL AS r"
	"   FROM owner_count UNION ALL SELECT cycle_id, owner_id, NULL,"
	"   actions || '/' || open || '/' || completed FROM (" COUNTS_RECOUNT_OWNERS "))"
	"  GROUP BY cycle_id, owner_id HAVING max(k) IS NOT max(r)"
	" UNION ALL SELECT cycle_id, 'owner_due ' || (SELECT name FROM owner WHERE id = owner_id)"
	"  || ' ' || due, coalesce(max(k), 'no row'), coalesce(max(r), 'no row') FROM"
	"  (SELECT cycle_id, owner_id, due, n AS k, NULL AS r FROM owner_due UNION ALL"
	"   SELECT cycle_id, owner_id, due, NULL, n FROM (" COUNTS_RECOUNT_OWNER_DUE "))"
	"  GROUP BY cycle_id, owner_id, due HAVING max(k) IS NOT max(r)"
	" UNION ALL SELECT k.cycle_id, 'plan_count', 'a row', 'no plan' FROM plan_count k"
	"  WHERE k.cycle_id NOT IN (SELECT id FROM cycle)"
	" ORDER BY 1, 2";

static const char counts_name_sql[] =
	"SELECT e.code, c.code FROM cycle c JOIN establishment e ON e.id = c.establishment_id"
	" WHERE c.id = ?1";

int counts_drift(store *st, counts_drift_fn fn, void *ctx, size_t *drifts, ab_err *err)
{
	sqlite3_stmt *s, *name;
	*drifts = 0;
	if (store_prepare(st, counts_drift_sql, &s, err))
		return err->code;
	if (store_prepare(st, counts_name_sql, &name, err)) {
		sqlite3_finalize(s);
		return err->code;
	}
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		(*drifts)++;
		sqlite3_bind_int64(name, 1, sqlite3_column_int64(s, 0));
		bool named = sqlite3_step(name) == SQLITE_ROW;
		char id[32];
		snprintf(id, sizeof id, "#%lld", (long long)sqlite3_column_int64(s, 0));
		cbrc = fn(named ? store_col(name, 0) : "?", named ? store_col(name, 1) : id,
			  store_col(s, 1), store_col(s, 2), store_col(s, 3), ctx);
		sqlite3_reset(name);
	}
	sqlite3_finalize(name);
	sqlite3_finalize(s);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "recounting");
}
