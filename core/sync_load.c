/*
 * sync_load — the load path of a sync into a database that holds no action yet (the
 * first sync of an estate): every plan is new, so written whole (sync_plan.c), and the
 * secondary indexes of the rows it writes are built once after them, by a sort, instead
 * of kept row by row. sync_load_begin() drops them, and the triggers of those rows that
 * have nothing to do in a load (below), keeping the SQL sqlite_master holds for each;
 * sync_load_end() runs that SQL again, so each object's SQL after a sync is the same
 * as before (they stand last in sqlite_master: triggers on the same event now fire in
 * another order, and each of those writes its own table). The plans a load writes stay held (counts.h) until its end, when one recount
 * over all of them (counts_release_held: check --deep's) fills their figures: eight
 * statements in all instead of eight per plan, each with its sorter. Dropped, the
 * triggers cost not even their WHEN for each row. All of it runs inside the sync's one
 * transaction: a sync that fails or is killed rolls the drop back with its rows, so no
 * committed database lacks an index or a trigger, or holds a plan.
 * A load's items and actions are written SYNC_LOAD_ROWS to an INSERT (sync_load_item,
 * sync_load_action, sync_load_flush): this SQLite codes a CHECK's IN list (status IN
 * ('planned', ...)) as a temporary index that it creates every time an INSERT statement
 * runs (and fills for each row), and creating it was 13% of a load's instructions with a
 * row to an INSERT (callgrind, 10k estate); the constraints, and everything else an
 * INSERT does, are the same. Each row takes the id SQLite would give it, the next after
 * the largest, so that an action's owners can follow it and the rows are those of one
 * INSERT each.
 * Below sync.c and sync_plan.c, which call it; it calls sync_owners.c (an action's owner
 * rows), sync_stmt.c (sync_priv.h), the store and counts_release_held (counts.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "counts.h"
#include "counts_sql.h"
#include "sync_priv.h"

/*
 * What a load drops and makes again after its rows. The indexes: those of the tables a
 * load fills that nothing it reads while loading needs (it finds rows by the UNIQUE keys,
 * which stay, and by rowid). The triggers: those of counts_sql.h that keep plan_count,
 * plan_due, owner_count and owner_due from items, actions and their owners, and the stamp
 * of a history row; each skips a row of a held plan, and every plan a load writes is held
 * until the recount at its end (the cycles' own triggers stay: they make each plan's rows
 * of plan_count and plan_change). And the two of history that only a note or an undo
 * sets off (a load writes neither: its history is each action's "created"): the note's
 * words into text_search, and the check that an undo reverses an event of its own action.
 * And the three of action_owner that move names_change for each owner row: a load moves it
 * once at its end instead. And, last, the indexes of the figures by owner, which only the
 * recount at the load's end fills: made after it (late), each by one sort over the filled
 * table rather than kept row by row while the recount writes it.
 * An object the schema no longer has is passed over.
 */
static const struct {
	const char *kind, *name;
} sync_load_objs[] = {
	{"INDEX", "item_order"}, {"INDEX", "action_order"}, /* schema order */
	{"INDEX", "action_owner_owner"}, {"INDEX", "history_action"},
	{"TRIGGER", "counts_item_insert"}, {"TRIGGER", "counts_item_delete"},
	{"TRIGGER", "counts_item_update"}, {"TRIGGER", "counts_action_insert"},
	{"TRIGGER", "counts_action_delete"}, {"TRIGGER", "counts_action_update"},
	{"TRIGGER", "counts_owner_link"}, {"TRIGGER", "counts_owner_unlink"},
	{"TRIGGER", "counts_owner_relink"}, {"TRIGGER", "counts_owner_action_delete"},
	{"TRIGGER", "counts_owner_action_update"}, {"TRIGGER", "change_history"},
	{"TRIGGER", "text_search_note"}, {"TRIGGER", "history_reverses_same_action"},
	{"TRIGGER", "names_link"}, {"TRIGGER", "names_unlink"}, {"TRIGGER", "names_relink"},
	{"INDEX", "owner_count_owner"}, {"INDEX", "owner_due_owner"}, /* late: */
};
#define SYNC_LOAD_N (sizeof sync_load_objs / sizeof *sync_load_objs)
#define SYNC_LOAD_LATE 2 /* the last objects above are made after the recount */
_Static_assert(SYNC_LOAD_N <= sizeof ((sync_ctx *)0)->load_sql / sizeof(char *),
	       "sync_ctx.load_sql holds every object");

/* Runs one statement of SQL made here or read from sqlite_master (never from a user). */
static int sync_load_exec(sync_ctx *c, const char *sql)
{
	sqlite3_stmt *s;
	if (store_prepare(c->st, sql, &s, c->err))
		return c->err->code;
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(c->st, c->err, "loading");
}

/* 1 when the database holds no plan and no action yet, 0 when it does, -1 on error. A
 * database that already has plans (even with no action) syncs the ordinary way, so that a
 * sync which changes nothing never rewrites the schema. */
static int sync_load_empty(sync_ctx *c)
{
	sqlite3_stmt *s;
	if (store_prepare(c->st, "SELECT NOT EXISTS (SELECT 1 FROM action)"
			  " AND NOT EXISTS (SELECT 1 FROM cycle)", &s, c->err))
		return -1;
	int rc = sync_row(c, s);
	int empty = rc == 1 ? sqlite3_column_int(s, 0) : -1;
	sqlite3_finalize(s);
	return empty;
}

int sync_load_begin(sync_ctx *c)
{
	if (!c->src->nfiles) /* no plan to load: nothing to gain */
		return 0;
	int empty = sync_load_empty(c);
	if (empty <= 0)
		return empty < 0 ? c->err->code : 0;
	c->loading = true;
	sqlite3_stmt *s;
	if (store_prepare(c->st, "SELECT (SELECT coalesce(max(id), 0) FROM item) + 1,"
			  " (SELECT coalesce(max(id), 0) FROM action) + 1", &s, c->err))
		return c->err->code;
	int next = sync_row(c, s);
	c->next_item = next == 1 ? sqlite3_column_int64(s, 0) : 0;
	c->next_action = next == 1 ? sqlite3_column_int64(s, 1) : 0;
	sqlite3_finalize(s);
	if (next != 1) /* a row always comes; none is an error sync_row set */
		return c->err->code;
	if (store_prepare(c->st, "SELECT sql FROM sqlite_master WHERE type = lower(?1) AND name = ?2",
			  &s, c->err))
		return c->err->code;
	int rc = 0;
	for (size_t i = 0; i < SYNC_LOAD_N && !rc; i++) {
		sqlite3_reset(s);
		store_bind_text(s, 1, sync_load_objs[i].kind);
		store_bind_text(s, 2, sync_load_objs[i].name);
		int found = sync_row(c, s);
		if (found < 0)
			rc = c->err->code;
		else if (found && store_col(s, 0)) {
			c->load_late[c->nload] = i >= SYNC_LOAD_N - SYNC_LOAD_LATE;
			c->load_sql[c->nload++] = xstrdup(store_col(s, 0));
		}
	}
	sqlite3_finalize(s);
	/* dropped once every SQL is kept; after an error the sync's rollback brings them back */
	for (size_t i = 0; i < SYNC_LOAD_N && !rc; i++) {
		char sql[96];
		snprintf(sql, sizeof sql, "DROP %s IF EXISTS \"%s\"", sync_load_objs[i].kind,
			 sync_load_objs[i].name);
		rc = sync_load_exec(c, sql);
	}
	return rc;
}

int sync_load_end(sync_ctx *c)
{
	int rc = 0;
	for (size_t i = 0; i < c->nload && !rc; i++)
		if (!c->load_late[i])
			rc = sync_load_exec(c, c->load_sql[i]);
	if (!rc && c->loading)
		rc = counts_release_held(c->st, c->err);
	for (size_t i = 0; i < c->nload && !rc; i++)
		if (c->load_late[i])
			rc = sync_load_exec(c, c->load_sql[i]);
	sync_load_free(c);
	if (!rc && c->loading) /* the owners a picker offers changed (counts_sql.h) */
		rc = sync_load_exec(c, COUNTS_NAMES_STAMP);
	c->loading = false;
	return rc;
}

void sync_load_free(sync_ctx *c)
{
	for (size_t i = 0; i < c->nload; i++)
		free(c->load_sql[i]);
	c->nload = 0;
	for (size_t i = 0; i < c->nlacts; i++) /* a load that failed mid-plan */
		free(c->lacts[i].owners);
	free(c->lacts);
	free(c->litems);
	c->lacts = NULL;
	c->litems = NULL;
	c->nlacts = c->clacts = c->nlitems = c->clitems = 0;
	for (size_t k = 0; k < 2; k++)
		for (size_t n = 0; n <= SYNC_LOAD_ROWS; n++) {
			sqlite3_finalize(c->load_q[k][n]);
			c->load_q[k][n] = NULL;
		}
}

/* ---- rows many to an INSERT -------------------------------------------------------- */

/* The INSERT of n rows into items (k 0) or actions (1), prepared the first time and kept
 * until the load's end: Q_ITEM_ADD's and Q_ACT_ADD's columns (sync.c), the id first. */
static sqlite3_stmt *sync_load_insert(sync_ctx *c, int k, size_t n)
{
	static const char *const head[2] = {
		"INSERT INTO item(id, cycle_id, ref, position, seq, category, directed_to,"
		" agreement, agreement_note, repeated_from, text) VALUES ",
		"INSERT INTO action(id, cycle_id, item_id, action_id, position, text, target, due,"
		" status, owner_names) VALUES ",
	};
	static const char *const row[2] = {"(?,?,?,?,?,?,?,?,?,?,?)", "(?,?,?,?,?,?,?,?,?,?)"};
	sqlite3_stmt **s = &c->load_q[k][n];
	if (*s) {
		sqlite3_reset(*s);
		sqlite3_clear_bindings(*s);
		return *s;
	}
	util_buf b = {0};
	util_buf_puts(&b, head[k]);
	for (size_t i = 0; i < n; i++)
		util_buf_printf(&b, "%s%s", i ? "," : "", row[k]);
	char *sql = util_buf_take(&b);
	int rc = store_prepare(c->st, sql, s, c->err);
	free(sql);
	return rc ? NULL : *s;
}

sqlite3_int64 sync_load_item(sync_ctx *c, sqlite3_int64 cyc, const model_item *it, int pos)
{
	XGROW(c->litems, c->nlitems, c->clitems);
	sqlite3_int64 id = c->next_item++;
	c->litems[c->nlitems++] = (sync_load_irow){id, cyc, it, pos};
	c->stats->added++;
	return id;
}

int sync_load_action(sync_ctx *c, sqlite3_int64 cyc, sqlite3_int64 item, const model_action *a,
		     int pos, const char *due, const char *status, const char *owners)
{
	if (c->nlacts == SYNC_LOAD_ROWS && sync_load_flush(c))
		return c->err->code;
	XGROW(c->lacts, c->nlacts, c->clacts);
	sync_load_arow *x = &c->lacts[c->nlacts++];
	*x = (sync_load_arow){.id = c->next_action++, .cycle = cyc, .item = item, .a = a,
				.pos = pos, .has_due = due != NULL, .status = status,
				.owners = xstrdup(owners)};
	if (due)
		snprintf(x->due, sizeof x->due, "%s", due);
	c->stats->added++;
	return 0;
}

/* The kept items, SYNC_LOAD_ROWS to an INSERT. */
static int sync_load_flush_items(sync_ctx *c)
{
	for (size_t at = 0; at < c->nlitems;) {
		size_t n = c->nlitems - at < SYNC_LOAD_ROWS ? c->nlitems - at : SYNC_LOAD_ROWS;
		sqlite3_stmt *s = sync_load_insert(c, 0, n);
		if (!s)
			return c->err->code;
		for (size_t r = 0; r < n; r++) {
			const sync_load_irow *x = &c->litems[at + r];
			int base = (int)r * 11;
			sqlite3_bind_int64(s, base + 1, x->id);
			sqlite3_bind_int64(s, base + 2, x->cycle);
			sync_bind_item(s, base + 1, x->it, x->pos);
		}
		if (sync_run(c, s))
			return c->err->code;
		at += n;
	}
	c->nlitems = 0;
	return 0;
}

int sync_load_flush(sync_ctx *c)
{
	if (sync_load_flush_items(c)) /* first: the actions name them */
		return c->err->code;
	size_t n = c->nlacts;
	if (!n)
		return 0;
	sqlite3_stmt *s = sync_load_insert(c, 1, n);
	if (!s)
		return c->err->code;
	for (size_t r = 0; r < n; r++) {
		const sync_load_arow *x = &c->lacts[r];
		int base = (int)r * 10;
		sqlite3_bind_int64(s, base + 1, x->id);
		sync_bind_action(s, base + 1, x->cycle, x->item, x->a, x->pos,
				 x->has_due ? x->due : NULL, x->status, x->owners);
	}
	int rc = sync_run(c, s);
	for (size_t r = 0; r < n && !rc; r++) /* after the actions they name */
		rc = sync_owner_rows(c, c->lacts[r].id, c->lacts[r].a);
	for (size_t r = 0; r < n; r++)
		free(c->lacts[r].owners);
	c->nlacts = 0;
	return rc ? c->err->code : 0;
}
