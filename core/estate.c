/* estate — see estate.h. Open and overdue are rules.h's. */
#include "estate.h"

#include <stdio.h>

#include "rules.h"
#include "store_priv.h"

/*
 * The one definition of what the overview counts (estate.h). ?1 today, ?2 an
 * establishment's code or NULL for all. `pc`: per live plan, its live actions, open,
 * overdue and completed as plan_count and plan_due keep them (core/counts.h: a lookup per
 * plan, not a walk over its actions), and whether it is its establishment's latest (found
 * through cycle_order, read backwards, one step). `cov`: the covered plans.
 */
#define ESTATE_COVERED_CTE                                                                  \
	"WITH pc AS (SELECT c.id AS cyc, e.id AS est, k.actions AS n, k.open AS open,"       \
	"  " RULES_COUNT_OVERDUE("k", "c.id", "?1") " AS late, k.completed AS done, k.items AS items," \
	"  " RULES_COUNT_VERIFIED("c.id") " AS ver,"                                        \
	"  c.id = (SELECT l.id FROM cycle l WHERE l.establishment_id = e.id AND l.retired = 0" \
	"   ORDER BY l.inspection_start DESC, l.code DESC, l.id DESC LIMIT 1) AS latest"       \
	"  FROM establishment e CROSS JOIN cycle c ON c.establishment_id = e.id"             \
	"  JOIN plan_count k ON k.cycle_id = c.id"                                           \
	"  WHERE c.retired = 0 AND (?2 IS NULL OR e.code = ?2)),"                            \
	" cov AS (SELECT * FROM pc WHERE latest OR open > 0)"

static const char estate_sql[] =
	ESTATE_COVERED_CTE
	" SELECT e.code, e.name, e.description, e.region, e.function,"
	" (SELECT count(*) FROM pc WHERE pc.est = e.id), coalesce(s.plans, 0),"
	" l.code, l.scheme, l.inspection_start, coalesce(s.items, 0),"
	" coalesce(s.n, 0), coalesce(s.open, 0), coalesce(s.late, 0), coalesce(s.done, 0),"
	" coalesce(s.ver, 0)"
	" FROM establishment e"
	" LEFT JOIN (SELECT est, count(*) AS plans, sum(items) AS items, sum(n) AS n,"
	"  sum(open) AS open, sum(late) AS late, sum(done) AS done, sum(ver) AS ver"
	"  FROM cov GROUP BY est) s"
	"  ON s.est = e.id"
	" LEFT JOIN cov lc ON lc.est = e.id AND lc.latest LEFT JOIN cycle l ON l.id = lc.cyc"
	" WHERE ?2 IS NULL OR e.code = ?2 ORDER BY e.code";

static const char estate_plans_sql[] =
	ESTATE_COVERED_CTE
	" SELECT c.code, c.scheme, c.inspection_start, cov.latest, cov.items, cov.n, cov.open,"
	" cov.late, cov.done, e.code FROM cov JOIN cycle c ON c.id = cov.cyc"
	" JOIN establishment e ON e.id = cov.est"
	" ORDER BY c.inspection_start DESC, c.code DESC, c.id DESC";

static int estate_finish(store *st, sqlite3_stmt *s, int rc, int cbrc, ab_err *err)
{
	sqlite3_reset(s); /* kept by the store (store_prepare_kept): a dashboard reads them often */
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading");
}

/* Prepares one of the statements on ESTATE_COVERED_CTE with its ?1 and ?2. */
static int estate_prepare(store *st, const char *sql, date_t today, const char *establishment,
			  sqlite3_stmt **s, ab_err *err)
{
	if (store_prepare_kept(st, sql, s, err))
		return err->code;
	char iso[DATE_ISO_LEN];
	date_format_iso(today, iso);
	store_bind_text(*s, 1, iso);
	store_bind_text(*s, 2, establishment);
	return 0;
}

int estate_establishments(store *st, date_t today, estate_row_fn fn, void *ctx, ab_err *err)
{
	return estate_establishment(st, today, NULL, fn, ctx, err);
}

int estate_establishment(store *st, date_t today, const char *code, estate_row_fn fn, void *ctx,
			 ab_err *err)
{
	sqlite3_stmt *s;
	if (estate_prepare(st, estate_sql, today, code, &s, err))
		return err->code;
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		estate_row r = {
			.code = store_col(s, 0), .name = store_col(s, 1),
			.description = store_col(s, 2), .region = store_col(s, 3),
			.function = store_col(s, 4), .plans = sqlite3_column_int(s, 5),
			.covered = sqlite3_column_int(s, 6), .cycle = store_col(s, 7),
			.scheme = store_col(s, 8), .inspection_start = store_col(s, 9),
			.items = sqlite3_column_int(s, 10), .actions = sqlite3_column_int(s, 11),
			.open = sqlite3_column_int(s, 12), .overdue = sqlite3_column_int(s, 13),
			.completed = sqlite3_column_int(s, 14),
			.verified = sqlite3_column_int(s, 15),
		};
		cbrc = fn(&r, ctx);
	}
	return estate_finish(st, s, cbrc ? SQLITE_DONE : rc, cbrc, err);
}

int estate_plans(store *st, const char *establishment, date_t today, estate_plan_fn fn,
		 void *ctx, ab_err *err)
{
	sqlite3_stmt *s;
	if (estate_prepare(st, estate_plans_sql, today, establishment, &s, err))
		return err->code;
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		estate_plan p = {
			.cycle = store_col(s, 0), .scheme = store_col(s, 1),
			.inspection_start = store_col(s, 2), .latest = sqlite3_column_int(s, 3),
			.items = sqlite3_column_int(s, 4), .actions = sqlite3_column_int(s, 5),
			.open = sqlite3_column_int(s, 6), .overdue = sqlite3_column_int(s, 7),
			.completed = sqlite3_column_int(s, 8), .establishment = store_col(s, 9),
		};
		cbrc = fn(&p, ctx);
	}
	return estate_finish(st, s, cbrc ? SQLITE_DONE : rc, cbrc, err);
}

/*
 * ?1 establishment or NULL, ?2 today, ?3..?18 owner names or aliases (unused ones NULL),
 * ?19..?34 the establishments to stay within (all NULL: anywhere).
 * The owners' actions are found through action_owner_owner and sorted: grouped by plan,
 * overdue first by due date, the rest in plan order.
 */
#define ESTATE_OWNER_PARAMS "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18"
#define ESTATE_WITHIN_PARAMS                                                                 \
	"?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34"
#define ESTATE_WITHIN 19
static const char estate_owner_sql[] =
	"SELECT a.id, a.cycle_id, " RULES_OVERDUE("a", "?2") " AS late"
	" FROM action a JOIN item i ON i.id = a.item_id JOIN cycle c ON c.id = a.cycle_id"
	" JOIN establishment e ON e.id = c.establishment_id"
	" WHERE a.retired = 0 AND i.retired = 0 AND c.retired = 0"
	"  AND (?1 IS NULL OR e.code = ?1)"
	"  AND (?19 IS NULL OR e.code IN (" ESTATE_WITHIN_PARAMS "))"
	"  AND a.id IN (SELECT action_id FROM action_owner WHERE owner_id IN"
	"   (SELECT id FROM owner WHERE name IN (" ESTATE_OWNER_PARAMS ")"
	"    UNION SELECT owner_id FROM owner_alias WHERE alias IN (" ESTATE_OWNER_PARAMS ")))"
	" ORDER BY e.code, c.inspection_start, c.code, c.id, late DESC,"
	"  CASE WHEN late THEN a.due_effective END, i.position, i.id, a.position, a.id";

int estate_owner_actions(store *st, const char *const *owners, size_t nowners,
			 const char *establishment, const char *const *within, size_t nwithin,
			 date_t today, estate_action_fn fn, void *ctx, ab_err *err)
{
	if (nowners > ESTATE_MAX_OWNERS || nwithin > ESTATE_MAX_OWNERS)
		return err_set(err, EX_USAGE, "at most %d owners and establishments at once",
			       ESTATE_MAX_OWNERS);
	sqlite3_stmt *s;
	if (store_prepare_kept(st, estate_owner_sql, &s, err))
		return err->code;
	char iso[DATE_ISO_LEN];
	date_format_iso(today, iso);
	store_bind_text(s, 1, establishment);
	store_bind_text(s, 2, iso);
	for (size_t i = 0; i < nowners; i++)
		store_bind_text(s, 3 + (int)i, owners[i]);
	for (size_t i = 0; i < nwithin; i++)
		store_bind_text(s, ESTATE_WITHIN + (int)i, within[i]);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		estate_action r = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
				   sqlite3_column_int(s, 2)};
		cbrc = fn(&r, ctx);
	}
	return estate_finish(st, s, cbrc ? SQLITE_DONE : rc, cbrc, err);
}

/* ?1 establishment or NULL. The pairs (owner, establishment) of the live actions, read from
 * the figures kept per plan and owner (core/counts.h: a row per plan and owner, found plan
 * by plan) and kept once, then named: a local owner with the establishment's code, a
 * shared one once with NULL. */
static const char estate_names_sql[] =
	"SELECT o.name, CASE WHEN o.shared THEN NULL ELSE e.code END AS est FROM"
	" (SELECT DISTINCT k.owner_id AS oid, c.establishment_id AS eid FROM cycle c"
	"  CROSS JOIN owner_count k ON k.cycle_id = c.id"
	"  WHERE c.retired = 0 AND (?1 IS NULL OR c.establishment_id ="
	"   (SELECT id FROM establishment WHERE code = ?1))) p"
	" JOIN owner o ON o.id = p.oid JOIN establishment e ON e.id = p.eid"
	" GROUP BY o.name, est ORDER BY o.name, est";

int estate_owner_names(store *st, const char *establishment, estate_name_fn fn, void *ctx,
		       ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare_kept(st, estate_names_sql, &s, err))
		return err->code;
	store_bind_text(s, 1, establishment);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW)
		cbrc = fn(store_col(s, 0), store_col(s, 1), ctx);
	return estate_finish(st, s, cbrc ? SQLITE_DONE : rc, cbrc, err);
}
