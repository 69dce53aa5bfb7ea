#include "catalog.h"

#include "rules.h"
#include "store_priv.h"

/* ?1 today. Open and overdue are rules.h's. */
static const char catalog_sql[] =
	"SELECT e.code, e.name, c.code, c.scheme, c.inspection, c.inspection_start,"
	" c.report_published, c.plan_submitted,"
	" (SELECT count(*) FROM item i WHERE i.cycle_id = c.id AND i.retired = 0),"
	" count(a.id),"
	" coalesce(sum(a.is_open), 0),"
	" coalesce(sum(" RULES_OVERDUE("a", "?1") "), 0),"
	" coalesce(sum(a.status = 'completed'), 0)"
	" FROM cycle c JOIN establishment e ON e.id = c.establishment_id"
	" LEFT JOIN action a ON a.cycle_id = c.id AND a.retired = 0"
	" WHERE c.retired = 0"
	" GROUP BY c.id ORDER BY e.code, c.inspection_start, c.code";

int catalog_cycles(store *st, date_t today, catalog_cycle_fn fn, void *ctx, ab_err *err)
{
	sqlite3_stmt *s;
	char iso[DATE_ISO_LEN];
	if (store_prepare(st, catalog_sql, &s, err))
		return err->code;
	date_format_iso(today, iso);
	store_bind_text(s, 1, iso);
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
