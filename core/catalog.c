#include "catalog.h"

#include "rules.h"
#include "store_priv.h"

/*
 * ?1 today. Open and overdue are rules.h's. Each plan's counts come from one pass over
 * the actions in cycle order (sqlite_autoindex_action_1) and one over item_order, grouped
 * by cycle and joined to the plans by key: no correlated work per plan. A live action's
 * item is live (sync retires an item only with the actions under it, or after they moved),
 * so the actions of live plans are counted without reading their items.
 */
static const char catalog_sql[] =
	"WITH it AS (SELECT cycle_id, count(*) AS n FROM item WHERE retired = 0 GROUP BY cycle_id),"
	" ac AS (SELECT a.cycle_id, count(*) AS n, sum(a.is_open) AS open,"
	"   sum(" RULES_OVERDUE("a", "?1") ") AS late, sum(a.status = 'completed') AS done"
	"   FROM action a WHERE a.retired = 0 GROUP BY a.cycle_id)"
	" SELECT e.code, e.name, c.code, c.scheme, c.inspection, c.inspection_start,"
	" c.report_published, c.plan_submitted, coalesce(it.n, 0), coalesce(ac.n, 0),"
	" coalesce(ac.open, 0), coalesce(ac.late, 0), coalesce(ac.done, 0)"
	" FROM establishment e CROSS JOIN cycle c ON c.establishment_id = e.id"
	" LEFT JOIN it ON it.cycle_id = c.id LEFT JOIN ac ON ac.cycle_id = c.id"
	" WHERE c.retired = 0"
	" ORDER BY e.code, c.inspection_start, c.code, c.id";

static const char catalog_plans_sql[] =
	"SELECT e.code, e.name, c.code, c.scheme, c.inspection, c.inspection_start,"
	" c.report_published, c.plan_submitted, 0, 0, 0, 0, 0"
	" FROM establishment e CROSS JOIN cycle c ON c.establishment_id = e.id"
	" WHERE c.retired = 0"
	" ORDER BY e.code, c.inspection_start, c.code, c.id";

static int catalog_run(store *st, const char *sql, const char *today, catalog_cycle_fn fn,
		       void *ctx, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, sql, &s, err))
		return err->code;
	if (today)
		store_bind_text(s, 1, today);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		catalog_cycle r = {
			.establishment = store_col(s, 0),
			.establishment_name = store_col(s, 1),
			.cycle = store_col(s, 2),
			.scheme = store_col(s, 3),
			.inspection = store_col(s, 4),
			.inspection_start = store_col(s, 5),
			.report_published = store_col(s, 6),
			.plan_submitted = store_col(s, 7),
			.items = sqlite3_column_int(s, 8),
			.actions = sqlite3_column_int(s, 9),
			.open = sqlite3_column_int(s, 10),
			.overdue = sqlite3_column_int(s, 11),
			.completed = sqlite3_column_int(s, 12),
		};
		cbrc = fn(&r, ctx);
	}
	sqlite3_finalize(s);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading");
}

int catalog_cycles(store *st, date_t today, catalog_cycle_fn fn, void *ctx, ab_err *err)
{
	char iso[DATE_ISO_LEN];
	date_format_iso(today, iso);
	return catalog_run(st, catalog_sql, iso, fn, ctx, err);
}

int catalog_plans(store *st, catalog_cycle_fn fn, void *ctx, ab_err *err)
{
	return catalog_run(st, catalog_plans_sql, NULL, fn, ctx, err);
}

int catalog_empty(store *st, bool *empty, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, "SELECT 1 FROM establishment LIMIT 1", &s, err))
		return err->code;
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "reading");
	*empty = rc == SQLITE_DONE;
	return 0;
}
