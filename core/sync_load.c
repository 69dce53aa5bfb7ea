/*
 * sync_load — the load path of a sync into a database that holds no action yet (the
 * first sync of an estate): every plan is new, so written whole (sync_plan.c), and the
 * secondary indexes of the rows it writes are built once after them, by a sort, instead
 * of kept row by row. sync_load_begin() drops them, and the triggers of those rows that
 * have nothing to do in a load (below), keeping the SQL sqlite_master holds for each;
 * sync_load_end() runs that SQL again, so the schema after a sync is the same text as
 * before. The plans a load writes stay held (counts.h) until its end, when one recount
 * over all of them (counts_release_held: check --deep's) fills their figures: eight
 * statements in all instead of eight per plan, each with its sorter. Dropped, the
 * triggers cost not even their WHEN for each row. All of it runs inside the sync's one
 * transaction: a sync that fails or is killed rolls the drop back with its rows, so no
 * committed database lacks an index or a trigger, or holds a plan.
 * Below sync.c, which calls it; it calls sync_stmt.c (sync_priv.h), the store and
 * counts_release_held (counts.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "counts.h"
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
};
#define SYNC_LOAD_N (sizeof sync_load_objs / sizeof *sync_load_objs)
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
		else if (found && store_col(s, 0))
			c->load_sql[c->nload++] = xstrdup(store_col(s, 0));
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
		rc = sync_load_exec(c, c->load_sql[i]);
	sync_load_free(c);
	if (!rc && c->loading)
		rc = counts_release_held(c->st, c->err);
	c->loading = false;
	return rc;
}

void sync_load_free(sync_ctx *c)
{
	for (size_t i = 0; i < c->nload; i++)
		free(c->load_sql[i]);
	c->nload = 0;
}
