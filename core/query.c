#include "query.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "assess_sql.h"
#include "rules.h"
#include "search.h"
#include "store_priv.h"

/*
 * Parameters: ?1 establishment, ?2 cycle, ?3 owner, ?4 status, ?5 category, ?6 due-within limit,
 * ?7 search (words, search.h; or a LIKE pattern when the text has no word), ?8 item id,
 * ?9 today, ?10 one of query_filter.ids. Each statement is composed
 * from the fixed fragments below for the filters that are set (never from user text), so
 * that SQLite can use the indexes: a cycle of the whole estate is found by key, not by a
 * scan. Open, effective due and overdue are rules.h's, never spelled out here.
 *
 * Plan order without a sort: a list that is not of one item or action walks the
 * establishments by code, each one's cycles by cycle_order, their items by item_order and
 * their actions by action_order (CROSS JOIN keeps that nesting), so the rows come out in
 * the order asked and SQLite sorts nothing; the ids in the ORDER BY break ties the way the
 * indexes do, which tells SQLite that each step is ordered. One item or action is found
 * by its key instead.
 */
#define QUERY_OVERDUE RULES_OVERDUE("a", "?9")
/* The plan's order; the ids break ties the way the indexes do (see above). */
#define QUERY_PLAN_ORDER "e.code, c.inspection_start, c.code, c.id, i.position, i.id"

/* ---- the order of refs (QUERY_SORT_REF) -------------------------------------------- */

/* The collation that orders refs and ids as people read them: runs of digits compare as
 * numbers ("1.2" < "1.10"), other bytes without regard to ASCII case; a tie falls back to
 * the bytes, so that the order is total. */
#define QUERY_NATURAL "ab_natural"

static int query_natural_cmp(void *unused, int na, const void *va, int nb, const void *vb)
{
	(void)unused;
	const unsigned char *a = va, *b = vb, *ea = a + na, *eb = b + nb;
	while (a < ea && b < eb) {
		if (isdigit(*a) && isdigit(*b)) {
			while (a < ea && *a == '0')
				a++;
			while (b < eb && *b == '0')
				b++;
			const unsigned char *da = a, *db = b;
			while (da < ea && isdigit(*da))
				da++;
			while (db < eb && isdigit(*db))
				db++;
			if (da - a != db - b) /* more digits, larger number */
				return da - a < db - b ? -1 : 1;
			int c = memcmp(a, b, (size_t)(da - a));
			if (c)
				return c;
			a = da, b = db;
			continue;
		}
		int c = tolower(*a) - tolower(*b);
		if (c)
			return c;
		a++, b++;
	}
	if (a < ea || b < eb)
		return a < ea ? 1 : -1;
	int c = memcmp(va, vb, (size_t)(na < nb ? na : nb));
	return c ? c : na - nb;
}

/* SQLite asks for a collation it does not know when a statement names it: the one that
 * QUERY_SORT_REF names is made on first use on each connection, whoever opened it (no
 * other code of actionboard sets this callback). */
static void query_collation_needed(void *unused, sqlite3 *db, int enc, const char *name)
{
	(void)unused;
	(void)enc;
	if (!strcmp(name, QUERY_NATURAL))
		sqlite3_create_collation_v2(db, QUERY_NATURAL, SQLITE_UTF8, NULL, query_natural_cmp,
					    NULL);
}

/* A sort that query.h defines for this kind of row: 0, or EX_USAGE with err set. */
static int query_check_sort(store *st, const query_filter *f, bool items, ab_err *err)
{
	if ((unsigned)f->sort > QUERY_SORT_REF || (items && f->sort == QUERY_SORT_OWNER))
		return err_set(err, EX_USAGE, "%s cannot be sorted this way (sort %d)",
			       items ? "items" : "actions", (int)f->sort);
	if (f->sort == QUERY_SORT_REF)
		sqlite3_collation_needed(store_db(st), NULL, query_collation_needed);
	return 0;
}

static const char query_actions_select[] =
	"SELECT a.id, a.item_id, a.version, e.code, c.code, c.scheme, i.ref, i.seq, i.category,"
	" i.directed_to, i.agreement, a.action_id, a.text, a.owner_names AS owners,"
	" a.target, a.due_effective, a.due, a.due_reason, a.status,"
	" " QUERY_OVERDUE " AS late, a.updated_by, a.updated_at,"
	" n.note, n.user, n.at, i.text, e.name, " RULES_SLIP_DAYS("a") ","
	" " RULES_VERIFICATION("a", "c") ", a.verified_by, a.verified_at,"
	" a.origin, a.amended_by, a.amended_at";

/* The rows, in plan order (see above), or from one item or action by key. */
static const char query_actions_walk[] =
	" FROM establishment e CROSS JOIN cycle c ON c.establishment_id = e.id"
	" CROSS JOIN item i ON i.cycle_id = c.id CROSS JOIN action a ON a.item_id = i.id";
static const char query_actions_find[] =
	" FROM action a JOIN item i ON i.id = a.item_id JOIN cycle c ON c.id = a.cycle_id"
	" JOIN establishment e ON e.id = c.establishment_id";
/* A filter that keeps few of the estate's actions (due within days) and no place: one
 * pass over the action table in storage order, and the few kept sorted. */
static const char query_actions_scan[] =
	" FROM action a NOT INDEXED JOIN item i ON i.id = a.item_id JOIN cycle c ON c.id = a.cycle_id"
	" JOIN establishment e ON e.id = c.establishment_id";

static const char query_actions_where[] =
	/* The latest note still in effect (none retracted, corrected or undone); a correction
	 * stands where the note it corrects stood. A due date's reason is not a note: it is
	 * shown as the revision's reason and never hides the progress note. Among the notes
	 * in effect that place, coalesce(reverses, id), is unique (history_reversed), so max() picks one row and
	 * SQLite's bare column gives its id; an ORDER BY ... LIMIT 1 here made SQLite sort
	 * the whole list instead of walking it in plan order. */
	" LEFT JOIN history n ON n.id = (SELECT id FROM (SELECT h.id,"
	"   max(coalesce(h.reverses, h.id)) FROM history h"
	"   WHERE h.action_id = a.id AND h.note IS NOT NULL AND h.kind <> 'due'"
	"   AND " RULES_IN_EFFECT("h") "))"
	" WHERE a.retired = 0 AND i.retired = 0 AND c.retired = 0";

static const char query_items_select[] =
	"SELECT i.id, e.code, c.code, c.scheme, i.ref, i.seq, i.category, i.directed_to,"
	" i.agreement, i.agreement_note, i.repeated_from, i.text,"
	" count(a.id), coalesce(sum(a.status = 'completed'), 0),"
	" coalesce(sum(" QUERY_OVERDUE "), 0), coalesce(sum(a.is_open), 0),"
	" coalesce(sum(" RULES_SLIPPED("a") "), 0), coalesce(sum(" RULES_SLIP_DAYS("a") "), 0)"
	" FROM item i JOIN cycle c ON c.id = i.cycle_id"
	" JOIN establishment e ON e.id = c.establishment_id"
	" LEFT JOIN action a ON a.item_id = i.id AND a.retired = 0";

/* Counted per owner id (and establishment, for a local owner: each establishment has its
 * own Governor) from the live plans' actions, then named: one pass over the actions, plan
 * by plan, and no sort of the joined rows. */
static const char query_owners_select[] =
	"SELECT o.name, t.n, t.open, t.late, t.done, oe.code FROM"
	" (SELECT ao.owner_id AS oid, CASE WHEN ow.shared THEN NULL ELSE e.id END AS eid,"
	"   count(*) AS n, sum(a.is_open) AS open,"
	"   sum(" QUERY_OVERDUE ") AS late, sum(a.status = 'completed') AS done"
	"  FROM establishment e CROSS JOIN cycle c ON c.establishment_id = e.id"
	"  CROSS JOIN action a ON a.cycle_id = c.id AND a.retired = 0"
	"  JOIN action_owner ao ON ao.action_id = a.id JOIN owner ow ON ow.id = ao.owner_id"
	"  WHERE c.retired = 0 AND a.item_id NOT IN (SELECT id FROM item WHERE retired = 1)";

/* The same from the figures kept per plan and owner (core/counts.h): a row per plan and
 * owner rather than one per action and owner. Not for a category, which they do not keep. */
static const char query_owners_kept[] =
	"SELECT o.name, t.n, t.open, t.late, t.done, oe.code FROM"
	" (SELECT k.owner_id AS oid, CASE WHEN ow.shared THEN NULL ELSE e.id END AS eid,"
	"   sum(k.actions) AS n, sum(k.open) AS open, sum(" RULES_KEPT_OVERDUE("owner_due",
	"kd.cycle_id = k.cycle_id AND kd.owner_id = k.owner_id", "?9") ") AS late,"
	"   sum(k.completed) AS done"
	"  FROM establishment e CROSS JOIN cycle c ON c.establishment_id = e.id"
	"  CROSS JOIN owner_count k ON k.cycle_id = c.id JOIN owner ow ON ow.id = k.owner_id"
	"  WHERE c.retired = 0";

/* The fragments that filter where a row is (establishment, cycle, item). */
static void query_place(char *sql, size_t n, const query_filter *f)
{
	if (f->establishment)
		strncat(sql, " AND e.code = ?1", n - strlen(sql) - 1);
	if (f->cycle)
		strncat(sql, " AND c.code = ?2", n - strlen(sql) - 1);
	if (f->item_id)
		strncat(sql, " AND i.id = ?8", n - strlen(sql) - 1);
	if (f->category)
		strncat(sql, " AND i.category = ?5", n - strlen(sql) - 1);
	if (f->nids)
		strncat(sql, " AND a.id = ?10", n - strlen(sql) - 1);
	if (f->agreement)
		strncat(sql, " AND i.agreement = ?12", n - strlen(sql) - 1);
	if (f->judged) /* ?13 is NULL for "none" */
		strncat(sql, " AND " ASSESS_INDEPENDENT("value", "i.id") " IS ?13",
			n - strlen(sql) - 1);
}

static bool query_has_action_filter(const query_filter *f)
{
	return f->owner || f->status || f->open || f->overdue || f->due_within > 0 ||
	       (f->search && *f->search) || f->slipped;
}

/* Whether the search is for words (the index) rather than, for text without a word, a
 * substring; `expr` gets the FTS5 expression. */
static bool query_words(const query_filter *f, char expr[1100])
{
	return f->search && *f->search && search_words(f->search, expr, 1100);
}

/* The fragments that filter which actions count (owner, status, dates, text). */
static void query_action_filter(char *sql, size_t n, const query_filter *f)
{
	static const char owner[] =
		" AND a.id IN (SELECT action_id FROM action_owner WHERE owner_id ="
		" (SELECT id FROM owner WHERE name = ?3 UNION ALL"
		"  SELECT owner_id FROM owner_alias WHERE alias = ?3 UNION ALL"
		"  SELECT id FROM owner WHERE name = ?3 COLLATE NOCASE LIMIT 1))";
	if (f->owner)
		strncat(sql, owner, n - strlen(sql) - 1);
	if (f->status)
		strncat(sql, " AND a.status = ?4", n - strlen(sql) - 1);
	if (f->open)
		strncat(sql, " AND a.is_open = 1", n - strlen(sql) - 1);
	if (f->overdue)
		strncat(sql, " AND " QUERY_OVERDUE, n - strlen(sql) - 1);
	if (f->due_within > 0)
		strncat(sql, " AND " RULES_DUE_BETWEEN("a", "?9", "?6"), n - strlen(sql) - 1);
	if (f->slipped)
		strncat(sql, " AND " RULES_SLIPPED("a"), n - strlen(sql) - 1);
	char expr[1100];
	if (query_words(f, expr))
		strncat(sql, " AND " SEARCH_MATCHES("a", "i"), n - strlen(sql) - 1);
	else if (f->search && *f->search)
		strncat(sql, " AND " SEARCH_CONTAINS("a", "i"), n - strlen(sql) - 1);
}

#define QUERY_SQL_MAX 4096

/*
 * ORDER BY for each sort (query.h). The plan's order ends each one, so that equal rows
 * keep it. Each sorts the filtered rows: none leads SQLite to walk an index in its order
 * rather than find the rows through the filters (checked in tests/unit/test_query.c).
 * An item's due date is that of its earliest open action: an overdue item's earliest open
 * action is overdue, so LATE is "has an overdue action" and then the same date.
 */
#define QUERY_ITEM_DUE "min(CASE WHEN a.is_open = 1 THEN a.due_effective END)"
static const char *const query_action_order[] = {
	[QUERY_SORT_PLAN] = " ORDER BY " QUERY_PLAN_ORDER ", a.position, a.id",
	[QUERY_SORT_DUE] = " ORDER BY a.due_effective IS NULL, a.due_effective, " QUERY_PLAN_ORDER
			   ", a.position",
	[QUERY_SORT_LATE] = " ORDER BY late DESC, a.due_effective IS NULL, a.due_effective, "
			    QUERY_PLAN_ORDER ", a.position",
	[QUERY_SORT_OWNER] = " ORDER BY owners IS NULL, owners COLLATE NOCASE, " QUERY_PLAN_ORDER
			     ", a.position",
	[QUERY_SORT_REF] = " ORDER BY e.code, c.inspection_start, c.code,"
			   " i.ref COLLATE " QUERY_NATURAL ", a.action_id COLLATE " QUERY_NATURAL,
};
static const char *const query_item_order[] = {
	[QUERY_SORT_PLAN] = " ORDER BY " QUERY_PLAN_ORDER,
	[QUERY_SORT_DUE] = " ORDER BY " QUERY_ITEM_DUE " IS NULL, " QUERY_ITEM_DUE ", "
			   QUERY_PLAN_ORDER,
	[QUERY_SORT_LATE] = " ORDER BY max(" QUERY_OVERDUE ") DESC, " QUERY_ITEM_DUE " IS NULL, "
			    QUERY_ITEM_DUE ", " QUERY_PLAN_ORDER,
	[QUERY_SORT_REF] = " ORDER BY e.code, c.inspection_start, c.code,"
			   " i.ref COLLATE " QUERY_NATURAL,
};

static void query_actions_sql(char *sql, const query_filter *f)
{
	bool few = f->due_within > 0 && !f->establishment && !f->cycle && !f->owner;
	snprintf(sql, QUERY_SQL_MAX, "%s%s%s", query_actions_select,
		 f->item_id || f->nids ? query_actions_find
		 : few		       ? query_actions_scan
				       : query_actions_walk,
		 query_actions_where);
	query_place(sql, QUERY_SQL_MAX, f);
	query_action_filter(sql, QUERY_SQL_MAX, f);
	strncat(sql, query_action_order[f->sort], QUERY_SQL_MAX - strlen(sql) - 1);
}

static void query_items_sql(char *sql, const query_filter *f)
{
	snprintf(sql, QUERY_SQL_MAX, "%s", query_items_select);
	query_action_filter(sql, QUERY_SQL_MAX, f); /* in the join: they narrow the counts */
	strncat(sql, " WHERE i.retired = 0 AND c.retired = 0", QUERY_SQL_MAX - strlen(sql) - 1);
	query_place(sql, QUERY_SQL_MAX, f);
	strncat(sql, " GROUP BY i.id", QUERY_SQL_MAX - strlen(sql) - 1);
	if (query_has_action_filter(f))
		strncat(sql, " HAVING count(a.id) > 0", QUERY_SQL_MAX - strlen(sql) - 1);
	strncat(sql, query_item_order[f->sort], QUERY_SQL_MAX - strlen(sql) - 1);
}

static void query_owners_sql(char *sql, const query_filter *f)
{
	snprintf(sql, QUERY_SQL_MAX, "%s", f->category ? query_owners_select : query_owners_kept);
	if (f->establishment)
		strncat(sql, " AND e.code = ?1", QUERY_SQL_MAX - strlen(sql) - 1);
	if (f->cycle)
		strncat(sql, " AND c.code = ?2", QUERY_SQL_MAX - strlen(sql) - 1);
	if (f->category)
		strncat(sql, " AND a.item_id IN (SELECT id FROM item WHERE category = ?5)",
			QUERY_SQL_MAX - strlen(sql) - 1);
	strncat(sql, " GROUP BY oid, eid) t JOIN owner o ON o.id = t.oid"
		" LEFT JOIN establishment oe ON oe.id = t.eid ORDER BY o.name, oe.code",
		QUERY_SQL_MAX - strlen(sql) - 1);
}

static int query_bind(sqlite3_stmt *s, const query_filter *f)
{
	char today[DATE_ISO_LEN], limit[DATE_ISO_LEN], pattern[1100];
	date_format_iso(f->today, today);
	store_bind_text(s, 1, f->establishment);
	store_bind_text(s, 2, f->cycle);
	store_bind_text(s, 3, f->owner);
	store_bind_text(s, 4, f->status);
	store_bind_text(s, 5, f->category);
	if (f->due_within > 0) {
		date_format_iso(date_from_days(date_to_days(f->today) + f->due_within), limit);
		store_bind_text(s, 6, limit);
	}
	if (query_words(f, pattern))
		store_bind_text(s, 7, pattern);
	else if (f->search && *f->search) {
		search_like(f->search, pattern, sizeof pattern);
		store_bind_text(s, 7, pattern);
	}
	if (f->item_id)
		sqlite3_bind_int64(s, 8, f->item_id);
	store_bind_text(s, 12, f->agreement);
	if (f->judged && strcmp(f->judged, "none"))
		store_bind_text(s, 13, f->judged);
	return store_bind_text(s, 9, today);
}

static int query_finish(store *st, sqlite3_stmt *s, int rc, int cbrc, ab_err *err)
{
	sqlite3_reset(s); /* kept by the store (store_prepare_kept) */
	if (cbrc)
		return cbrc;
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "reading");
	return 0;
}

/* Streams the rows of a bound statement to fn; returns fn's non-zero result or the last
 * step's code in *rc. */
static int query_action_rows(sqlite3_stmt *s, query_action_fn fn, void *ctx, int *rc)
{
	int cbrc = 0;
	while (!cbrc && (*rc = sqlite3_step(s)) == SQLITE_ROW) {
		query_action r = {
			.id = sqlite3_column_int64(s, 0),
			.item_id = sqlite3_column_int64(s, 1),
			.version = sqlite3_column_int64(s, 2),
			.establishment = store_col(s, 3),
			.cycle = store_col(s, 4),
			.scheme = store_col(s, 5),
			.item_ref = store_col(s, 6),
			.item_seq = sqlite3_column_int(s, 7),
			.category = store_col(s, 8),
			.directed_to = store_col(s, 9),
			.agreement = store_col(s, 10),
			.action_id = store_col(s, 11),
			.text = store_col(s, 12),
			.owners = store_col(s, 13) ? store_col(s, 13) : "",
			.target = store_col(s, 14),
			.due = store_col(s, 15),
			.due_original = store_col(s, 16),
			.due_reason = store_col(s, 17),
			.status = store_col(s, 18),
			.overdue = sqlite3_column_int(s, 19) != 0,
			.updated_by = store_col(s, 20),
			.updated_at = store_col(s, 21),
			.last_note = store_col(s, 22),
			.last_note_by = store_col(s, 23),
			.last_note_at = store_col(s, 24),
			.item_text = store_col(s, 25),
			.establishment_name = store_col(s, 26),
			.slip_days = sqlite3_column_int(s, 27),
			.verification = store_col(s, 28),
			.verified_by = store_col(s, 29),
			.verified_at = store_col(s, 30),
			.origin = store_col(s, 31),
			.amended_by = store_col(s, 32),
			.amended_at = store_col(s, 33),
		};
		cbrc = fn(&r, ctx);
	}
	return cbrc;
}

int query_actions(store *st, const query_filter *f, query_action_fn fn, void *ctx, ab_err *err)
{
	sqlite3_stmt *s;
	char sql[QUERY_SQL_MAX];
	if (query_check_sort(st, f, false, err))
		return err->code;
	query_actions_sql(sql, f);
	if (store_prepare_kept(st, sql, &s, err))
		return err->code;
	query_bind(s, f);
	int rc = SQLITE_DONE, cbrc = 0;
	if (!f->nids)
		cbrc = query_action_rows(s, fn, ctx, &rc);
	/* A list of ids: the one statement, run once per id. */
	for (size_t i = 0; i < f->nids && !cbrc && rc == SQLITE_DONE; i++) {
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 10, f->ids[i]);
		cbrc = query_action_rows(s, fn, ctx, &rc);
	}
	return query_finish(st, s, cbrc ? SQLITE_DONE : rc, cbrc, err);
}

int query_items(store *st, const query_filter *f, query_item_fn fn, void *ctx, ab_err *err)
{
	sqlite3_stmt *s;
	char sql[QUERY_SQL_MAX];
	if (query_check_sort(st, f, true, err))
		return err->code;
	query_items_sql(sql, f);
	if (store_prepare_kept(st, sql, &s, err))
		return err->code;
	query_bind(s, f);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		query_item r = {
			.id = sqlite3_column_int64(s, 0),
			.establishment = store_col(s, 1),
			.cycle = store_col(s, 2),
			.scheme = store_col(s, 3),
			.ref = store_col(s, 4),
			.seq = sqlite3_column_int(s, 5),
			.category = store_col(s, 6),
			.directed_to = store_col(s, 7),
			.agreement = store_col(s, 8),
			.agreement_note = store_col(s, 9),
			.repeated_from = store_col(s, 10),
			.text = store_col(s, 11),
			.actions_total = sqlite3_column_int(s, 12),
			.actions_completed = sqlite3_column_int(s, 13),
			.actions_overdue = sqlite3_column_int(s, 14),
			.actions_open = sqlite3_column_int(s, 15),
			.actions_slipped = sqlite3_column_int(s, 16),
			.slip_days = (long)sqlite3_column_int64(s, 17),
		};
		cbrc = fn(&r, ctx);
	}
	return query_finish(st, s, cbrc ? SQLITE_DONE : rc, cbrc, err);
}

int query_owners(store *st, const query_filter *f, query_owner_fn fn, void *ctx, ab_err *err)
{
	sqlite3_stmt *s;
	char sql[QUERY_SQL_MAX];
	query_owners_sql(sql, f);
	if (store_prepare_kept(st, sql, &s, err))
		return err->code;
	query_bind(s, f);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		query_owner r = {
			.name = store_col(s, 0),
			.total = sqlite3_column_int(s, 1),
			.open = sqlite3_column_int(s, 2),
			.overdue = sqlite3_column_int(s, 3),
			.completed = sqlite3_column_int(s, 4),
			.establishment = store_col(s, 5),
		};
		cbrc = fn(&r, ctx);
	}
	return query_finish(st, s, cbrc ? SQLITE_DONE : rc, cbrc, err);
}

/* Whether `sql` (?1 a, ?2 b) finds a row: 1 or 0, or -1 with err set. */
static int query_exists(store *st, const char *sql, const char *a, const char *b, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, sql, &s, err))
		return -1;
	store_bind_text(s, 1, a);
	store_bind_text(s, 2, b);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "reading"), -1;
	return rc == SQLITE_ROW;
}

int query_check_filter(store *st, const query_filter *f, ab_err *err)
{
	int found;
	if (f->establishment) {
		found = query_exists(st, "SELECT 1 FROM establishment WHERE code = ?1",
				     f->establishment, NULL, err);
		if (found <= 0)
			return found < 0 ? err->code
					 : err_set(err, EX_DATAERR, "unknown establishment '%s'",
						   f->establishment);
	}
	if (f->cycle) {
		found = query_exists(st,
				     "SELECT 1 FROM cycle c JOIN establishment e"
				     " ON e.id = c.establishment_id"
				     " WHERE c.code = ?1 AND (?2 IS NULL OR e.code = ?2) AND c.retired = 0",
				     f->cycle, f->establishment, err);
		if (found <= 0)
			return found < 0 ? err->code
					 : err_set(err, EX_DATAERR, "unknown cycle '%s'", f->cycle);
	}
	if (f->owner) {
		found = query_exists(st,
				     "SELECT 1 FROM owner WHERE name = ?1 COLLATE NOCASE UNION ALL"
				     " SELECT 1 FROM owner_alias WHERE alias = ?1",
				     f->owner, NULL, err);
		if (found <= 0)
			return found < 0 ? err->code
					 : err_set(err, EX_DATAERR,
						   "unknown owner '%s' (see: actionboard owners)",
						   f->owner);
	}
	return 0;
}
