/*
 * digest — the reads behind reports, `summary` and `show` (see digest.h). The rules for
 * open, overdue and the effective due date come from rules.h, as in every query.
 */
#include "digest.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "query.h"
#include "key.h"
#include "rules.h"
#include "store_priv.h"

/* ---- notes ------------------------------------------------------------------------- */

int digest_notes(store *st, const char *establishment, const char *cycle, const char *since,
		 digest_note_fn fn, void *ctx, ab_err *err)
{
	static const char sql[] =
		"SELECT h.action_id, a.action_id, h.at, h.user, h.kind, h.field, h.old, h.new,"
		" h.note FROM history h"
		" JOIN action a ON a.id = h.action_id JOIN item i ON i.id = a.item_id"
		" JOIN cycle c ON c.id = a.cycle_id JOIN establishment e ON e.id = c.establishment_id"
		" WHERE e.code = ?1 AND c.code = ?2 AND a.retired = 0 AND i.retired = 0"
		"   AND c.retired = 0"
		/* a retracted, corrected or undone note is left out; its correction stands */
		"   AND " RULES_NOTE_CURRENT("h")
		"   AND (?3 IS NULL OR h.at >= ?3)"
		" ORDER BY h.id";
	/* History times are UTC instants; `since` is a local day: from its local midnight. */
	char from[CLOCK_ISO_LEN];
	date_t day;
	if (since && !date_parse_iso(since, &day))
		return err_set(err, EX_USAGE, "'%s' is not a date (YYYY-MM-DD)", since);
	if (since)
		clock_day_start(day, from);
	sqlite3_stmt *s;
	if (store_prepare(st, sql, &s, err))
		return err->code;
	store_bind_text(s, 1, establishment);
	store_bind_text(s, 2, cycle);
	store_bind_text(s, 3, since ? from : NULL);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		digest_note r = {
			.action = sqlite3_column_int64(s, 0),
			.action_id = store_col(s, 1),
			.event = {.at = store_col(s, 2), .user = store_col(s, 3), .kind = store_col(s, 4),
				  .field = store_col(s, 5), .old = store_col(s, 6), .new_ = store_col(s, 7),
				  .note = store_col(s, 8)},
		};
		cbrc = fn(&r, ctx);
	}
	sqlite3_finalize(s);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading notes");
}

/* ---- figures per plan ---------------------------------------------------------------- */

/*
 * ?1 establishment, ?2 cycle, ?4 the last day of the "due soon" window, ?9 today.
 * Each plan's figures are looked up where the database keeps them (core/counts.h: a row
 * of plan_count, a range of plan_due), so the cost is a few lookups per plan shown,
 * whatever the size of the plans.
 */
static const char digest_plans_sql[] =
	"SELECT e.code, e.name, c.code, c.scheme, k.items, k.agreed, k.partly_agreed,"
	" k.not_agreed, k.actions, k.planned, k.in_progress, k.blocked, k.completed,"
	" k.cancelled, " RULES_COUNT_OVERDUE("k", "c.id", "?9") ", "
	RULES_COUNT_DUE_BETWEEN("c.id", "?9", "?4") ", k.slipped, k.slip_days,"
	" " RULES_COUNT_VERIFIED("c.id") ", c.verification"
	" FROM establishment e CROSS JOIN cycle c ON c.establishment_id = e.id"
	" JOIN plan_count k ON k.cycle_id = c.id"
	" WHERE c.retired = 0 AND (?1 IS NULL OR e.code = ?1) AND (?2 IS NULL OR c.code = ?2)"
	" ORDER BY e.code, c.inspection_start, c.code, c.id";

static digest_plan digest_plan_row(sqlite3_stmt *s)
{
	digest_plan r = {
		.establishment = store_col(s, 0), .establishment_name = store_col(s, 1),
		.cycle = store_col(s, 2), .scheme = store_col(s, 3),
		.items = sqlite3_column_int(s, 4), .agreed = sqlite3_column_int(s, 5),
		.partly_agreed = sqlite3_column_int(s, 6), .not_agreed = sqlite3_column_int(s, 7),
		.actions = sqlite3_column_int(s, 8), .overdue = sqlite3_column_int(s, 14),
		.due_soon = sqlite3_column_int(s, 15), .slipped = sqlite3_column_int(s, 16),
		.slip_days = (long)sqlite3_column_int64(s, 17),
		.verified = sqlite3_column_int(s, 18), .verification = sqlite3_column_int(s, 19)};
	/* Columns 9..13 count the statuses in model_status order. */
	for (int k = 0; k < STATUS_COUNT; k++)
		r.by_status[k] = sqlite3_column_int(s, 9 + k);
	return r;
}

int digest_plans(store *st, const char *establishment, const char *cycle, date_t today,
		 int soon_days, digest_plan_fn fn, void *ctx, ab_err *err)
{
	query_filter f = {.establishment = establishment, .cycle = cycle, .today = today};
	if (query_check_filter(st, &f, err))
		return err->code;
	sqlite3_stmt *s;
	if (store_prepare(st, digest_plans_sql, &s, err))
		return err->code;
	char iso[DATE_ISO_LEN], limit[DATE_ISO_LEN];
	date_format_iso(today, iso);
	date_format_iso(date_from_days(date_to_days(today) + soon_days), limit);
	store_bind_text(s, 1, establishment);
	store_bind_text(s, 2, cycle);
	store_bind_text(s, 4, limit);
	store_bind_text(s, 9, iso);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		digest_plan r = digest_plan_row(s);
		cbrc = fn(&r, ctx);
	}
	sqlite3_finalize(s);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading");
}

/* ---- what `show` names ------------------------------------------------------------- */

/* Items (kind 0) or actions (kind 1) named `name` in matching live plans: how many, and the
 * last one found. */
static int digest_lookup(store *st, int kind, const char *est, const char *cycle,
			 const char *name, digest_ref *out, int *count, ab_err *err)
{
	static const char *const sql[2] = {
		"SELECT e.code, c.code, i.id, '' FROM item i JOIN cycle c ON c.id = i.cycle_id"
		" JOIN establishment e ON e.id = c.establishment_id"
		" WHERE i.ref = ?3 AND i.retired = 0 AND c.retired = 0"
		"   AND (?1 IS NULL OR e.code = ?1) AND (?2 IS NULL OR c.code = ?2)",
		"SELECT e.code, c.code, a.item_id, a.action_id FROM action a"
		" JOIN item i ON i.id = a.item_id JOIN cycle c ON c.id = a.cycle_id"
		" JOIN establishment e ON e.id = c.establishment_id"
		" WHERE a.action_id = ?3 AND a.retired = 0 AND i.retired = 0 AND c.retired = 0"
		"   AND (?1 IS NULL OR e.code = ?1) AND (?2 IS NULL OR c.code = ?2)"};
	sqlite3_stmt *s;
	if (store_prepare(st, sql[kind], &s, err))
		return err->code;
	store_bind_text(s, 1, est);
	store_bind_text(s, 2, cycle);
	store_bind_text(s, 3, name);
	int rc;
	*count = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		(*count)++;
		snprintf(out->establishment, sizeof out->establishment, "%s", store_col(s, 0));
		snprintf(out->cycle, sizeof out->cycle, "%s", store_col(s, 1));
		out->item_id = sqlite3_column_int64(s, 2);
		snprintf(out->action_id, sizeof out->action_id, "%s", store_col(s, 3));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading");
}

int digest_find(store *st, const char *what, const char *establishment, const char *cycle,
		digest_ref *out, ab_err *err)
{
	key_parts k;
	const char *name = what;
	memset(out, 0, sizeof *out);
	if (key_is_qualified(what)) { /* ESTABLISHMENT/CYCLE/NAME: the key says where */
		if (key_parse(what, KEY_ANY, &k, err)) /* it may name an item: say "key" */
			return err_set(err, EX_DATAERR,
				       "'%s' is not a key (ESTABLISHMENT/CYCLE/ID, e.g. LIV/2022-07/1.1.3 "
				       "or LIV/2019-08/S37)",
				       what);
		establishment = k.establishment;
		cycle = k.cycle;
		name = k.id;
	} else if (!cycle) {
		return err_set(err, EX_USAGE,
			       "'%s' is not a key (ESTABLISHMENT/CYCLE/ID); give --cycle ID with a ref",
			       what);
	}
	query_filter f = {.establishment = establishment, .cycle = cycle};
	if (query_check_filter(st, &f, err))
		return err->code;
	for (int kind = 0; kind < 2; kind++) {
		int n = 0;
		if (digest_lookup(st, kind, establishment, cycle, name, out, &n, err))
			return err->code;
		if (n > 1)
			return err_set(err, EX_DATAERR,
				       "'%s' is in several establishments' cycle %s; give --establishment",
				       name, cycle);
		if (n == 1)
			return 0;
	}
	return err_set(err, EX_DATAERR, "no item or action '%s'", what);
}
