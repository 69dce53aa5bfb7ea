/* estate — see estate.h. Open and overdue are rules.h's. */
#include "estate.h"

#include <stdio.h>

#include "rules.h"
#include "store_priv.h"

/*
 * ?1 today. Each establishment's latest live plan is found through cycle_order (read
 * backwards, one step), and only those plans' actions are counted, in one pass grouped
 * by plan (in plan id order, so that grouping needs no sort) and joined by key (CROSS
 * JOIN: from each latest plan to its actions, never the other way): the work is the
 * size of the latest plans, not of the estate.
 * As in catalog.c, a live action's item is live.
 */
static const char estate_sql[] =
	"WITH latest AS (SELECT e.id AS est, (SELECT c.id FROM cycle c"
	"   WHERE c.establishment_id = e.id AND c.retired = 0"
	"   ORDER BY c.inspection_start DESC, c.code DESC, c.id DESC LIMIT 1) AS cyc"
	"  FROM establishment e),"
	" ac AS (SELECT c.id AS cycle_id, count(*) AS n, sum(a.is_open) AS open,"
	"   sum(" RULES_OVERDUE("a", "?1") ") AS late, sum(a.status = 'completed') AS done,"
	"   sum(" RULES_VERIFIED("a") ") AS ver"
	"  FROM cycle c CROSS JOIN action a ON a.cycle_id = c.id"
	"  WHERE c.id IN (SELECT cyc FROM latest) AND a.retired = 0 GROUP BY c.id)"
	" SELECT e.code, e.name, e.description, e.region, e.function,"
	" (SELECT count(*) FROM cycle c WHERE c.establishment_id = e.id AND c.retired = 0),"
	" l.code, l.scheme, l.inspection_start,"
	" (SELECT count(*) FROM item i WHERE i.cycle_id = l.id AND i.retired = 0),"
	" coalesce(ac.n, 0), coalesce(ac.open, 0), coalesce(ac.late, 0), coalesce(ac.done, 0),"
	" coalesce(ac.ver, 0)"
	" FROM establishment e JOIN latest lt ON lt.est = e.id LEFT JOIN cycle l ON l.id = lt.cyc"
	" LEFT JOIN ac ON ac.cycle_id = lt.cyc"
	" ORDER BY e.code";

static int estate_finish(store *st, sqlite3_stmt *s, int rc, int cbrc, ab_err *err)
{
	sqlite3_finalize(s);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading");
}

int estate_establishments(store *st, date_t today, estate_row_fn fn, void *ctx, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, estate_sql, &s, err))
		return err->code;
	char iso[DATE_ISO_LEN];
	date_format_iso(today, iso);
	store_bind_text(s, 1, iso);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		estate_row r = {
			.code = store_col(s, 0), .name = store_col(s, 1),
			.description = store_col(s, 2), .region = store_col(s, 3),
			.function = store_col(s, 4), .plans = sqlite3_column_int(s, 5),
			.cycle = store_col(s, 6), .scheme = store_col(s, 7),
			.inspection_start = store_col(s, 8), .items = sqlite3_column_int(s, 9),
			.actions = sqlite3_column_int(s, 10), .open = sqlite3_column_int(s, 11),
			.overdue = sqlite3_column_int(s, 12), .completed = sqlite3_column_int(s, 13),
			.verified = sqlite3_column_int(s, 14),
		};
		cbrc = fn(&r, ctx);
	}
	return estate_finish(st, s, cbrc ? SQLITE_DONE : rc, cbrc, err);
}

/*
 * ?1 establishment or NULL, ?2 today, ?3..?18 owner names or aliases (unused ones NULL).
 * The owners' actions are found through action_owner_owner and sorted: grouped by plan,
 * overdue first by due date, the rest in plan order.
 */
#define ESTATE_OWNER_PARAMS "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18"
static const char estate_owner_sql[] =
	"SELECT a.id, a.cycle_id, " RULES_OVERDUE("a", "?2") " AS late"
	" FROM action a JOIN item i ON i.id = a.item_id JOIN cycle c ON c.id = a.cycle_id"
	" JOIN establishment e ON e.id = c.establishment_id"
	" WHERE a.retired = 0 AND i.retired = 0 AND c.retired = 0"
	"  AND (?1 IS NULL OR e.code = ?1)"
	"  AND a.id IN (SELECT action_id FROM action_owner WHERE owner_id IN"
	"   (SELECT id FROM owner WHERE name IN (" ESTATE_OWNER_PARAMS ")"
	"    UNION SELECT owner_id FROM owner_alias WHERE alias IN (" ESTATE_OWNER_PARAMS ")))"
	" ORDER BY e.code, c.inspection_start, c.code, c.id, late DESC,"
	"  CASE WHEN late THEN a.due_effective END, i.position, i.id, a.position, a.id";

int estate_owner_actions(store *st, const char *const *owners, size_t nowners,
			 const char *establishment, date_t today, estate_action_fn fn, void *ctx,
			 ab_err *err)
{
	if (nowners > ESTATE_MAX_OWNERS)
		return err_set(err, EX_USAGE, "at most %d owners at once", ESTATE_MAX_OWNERS);
	sqlite3_stmt *s;
	if (store_prepare(st, estate_owner_sql, &s, err))
		return err->code;
	char iso[DATE_ISO_LEN];
	date_format_iso(today, iso);
	store_bind_text(s, 1, establishment);
	store_bind_text(s, 2, iso);
	for (size_t i = 0; i < nowners; i++)
		store_bind_text(s, 3 + (int)i, owners[i]);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		estate_action r = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
				   sqlite3_column_int(s, 2)};
		cbrc = fn(&r, ctx);
	}
	return estate_finish(st, s, cbrc ? SQLITE_DONE : rc, cbrc, err);
}

/* ?1 establishment or NULL. One probe per owner, through action_owner_owner. */
static const char estate_names_sql[] =
	"SELECT o.name FROM owner o WHERE EXISTS (SELECT 1 FROM action_owner ao"
	" JOIN action a ON a.id = ao.action_id JOIN cycle c ON c.id = a.cycle_id"
	" JOIN establishment e ON e.id = c.establishment_id"
	" WHERE ao.owner_id = o.id AND a.retired = 0 AND c.retired = 0"
	"  AND (?1 IS NULL OR e.code = ?1))"
	" ORDER BY o.name";

int estate_owner_names(store *st, const char *establishment, estate_name_fn fn, void *ctx,
		       ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, estate_names_sql, &s, err))
		return err->code;
	store_bind_text(s, 1, establishment);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW)
		cbrc = fn(store_col(s, 0), ctx);
	return estate_finish(st, s, cbrc ? SQLITE_DONE : rc, cbrc, err);
}
