/* slip — see slip.h. The rule of a slip is rules.h's. */
#include "slip.h"

#include "rules.h"
#include "store_priv.h"

#define SLIP_FROM(join)                                                                 \
	" FROM action a JOIN item i ON i.id = a.item_id AND i.retired = 0" join            \
	" JOIN cycle c ON c.id = a.cycle_id AND c.retired = 0"                             \
	" JOIN establishment e ON e.id = c.establishment_id"                               \
	" WHERE a.retired = 0 AND " RULES_SLIPPED("a")                                     \
	" AND (?1 IS NULL OR e.code = ?1) AND (?2 IS NULL OR c.code = ?2)"

static const char *const slip_sql[] = {
	[SLIP_BY_OWNER] =
		"SELECT NULL, NULL, o.name, count(*), sum(" RULES_SLIP_DAYS("a") ")"
		SLIP_FROM(" JOIN action_owner ao ON ao.action_id = a.id"
			  " JOIN owner o ON o.id = ao.owner_id")
		" GROUP BY o.id ORDER BY o.name",
	[SLIP_BY_ITEM] =
		"SELECT e.code, c.code, i.ref, count(*), sum(" RULES_SLIP_DAYS("a") ")" SLIP_FROM("")
		" GROUP BY i.id ORDER BY e.code, c.inspection_start, c.code, i.position",
};

int slip_groups(store *st, const char *establishment, const char *cycle, slip_group g,
		slip_fn fn, void *ctx, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, slip_sql[g], &s, err))
		return err->code;
	store_bind_text(s, 1, establishment);
	store_bind_text(s, 2, cycle);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		slip_row r = {store_col(s, 0), store_col(s, 1), store_col(s, 2),
			      sqlite3_column_int(s, 3), (long)sqlite3_column_int64(s, 4)};
		cbrc = fn(&r, ctx);
	}
	sqlite3_finalize(s);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading slipped dates");
}
