#include "sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "clock.h"
#include "counts.h"
#include "date.h"
#include "store_priv.h"
#include "sync_priv.h"
#include "util.h"

/* The statements of sync_priv.h's Q_ enum, prepared once per sync by sync_go(). */
static const char *const sync_sql[Q_COUNT] = {
	[Q_OWNER_LIST] = "SELECT id, name FROM owner",
	[Q_OWNER_ADD] = "INSERT INTO owner(name, shared) VALUES (?1, ?2)",
	[Q_OWNER_SHARED] = "UPDATE owner SET shared = ?2 WHERE name = ?1 AND shared IS NOT ?2",
	[Q_ALIAS_LIST] = "SELECT a.alias, o.name FROM owner_alias a JOIN owner o ON o.id = a.owner_id",
	[Q_ALIAS_DEL] = "DELETE FROM owner_alias WHERE alias = ?1",
	[Q_ALIAS_SET] = "INSERT INTO owner_alias(alias, owner_id) SELECT ?1, id FROM owner WHERE name = ?2",
	[Q_EST_GET] = "SELECT id FROM establishment WHERE code = ?1",
	[Q_EST_ADD] = "INSERT INTO establishment(code, name, description, region, function)"
		      " VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_EST_SET] = "UPDATE establishment SET name = ?2, description = ?3, region = ?4,"
		      " function = ?5 WHERE id = ?1 AND (name IS NOT ?2 OR description IS NOT ?3"
		      " OR region IS NOT ?4 OR function IS NOT ?5)",
	[Q_CYC_GET] = "SELECT id, retired FROM cycle WHERE establishment_id = ?1 AND code = ?2",
	[Q_CYC_ADD] = "INSERT INTO cycle(establishment_id, code, scheme, inspection, inspection_start,"
		      " report_published, plan_submitted, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_CYC_SET] = "UPDATE cycle SET scheme = ?3, inspection = ?4, inspection_start = ?5,"
		      " report_published = ?6, plan_submitted = ?7, source = ?8, retired = 0"
		      " WHERE id = ?1 AND (scheme IS NOT ?3 OR inspection IS NOT ?4 OR"
		      " inspection_start IS NOT ?5 OR report_published IS NOT ?6 OR"
		      " plan_submitted IS NOT ?7 OR source IS NOT ?8 OR retired <> 0)",
	[Q_CYC_LIST] = "SELECT c.id, e.code, c.code FROM cycle c JOIN establishment e"
		       " ON e.id = c.establishment_id WHERE c.retired = 0",
	[Q_CYC_RETIRE] = "UPDATE cycle SET retired = 1 WHERE id = ?1",
	[Q_CYC_RETIRE_CHILDREN] = "UPDATE item SET retired = 1 WHERE cycle_id = ?1 AND retired = 0",
	[Q_CYC_LIVE] = "SELECT 1 FROM cycle c JOIN establishment e ON e.id = c.establishment_id"
		       " WHERE e.code = ?1 AND c.code = ?2 AND c.retired = 0",
	[Q_ITEM_GET] = "SELECT id, retired FROM item WHERE cycle_id = ?1 AND ref = ?2",
	[Q_ITEM_ADD] = "INSERT INTO item(cycle_id, ref, position, seq, category, directed_to,"
		       " agreement, agreement_note, repeated_from, text)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[Q_ITEM_SET] = "UPDATE item SET position = ?3, seq = ?4, category = ?5, directed_to = ?6,"
		       " agreement = ?7, agreement_note = ?8, repeated_from = ?9, text = ?10, retired = 0"
		       " WHERE id = ?1 AND (position IS NOT ?3 OR seq IS NOT ?4 OR category IS NOT ?5"
		       " OR directed_to IS NOT ?6 OR agreement IS NOT ?7 OR agreement_note IS NOT ?8"
		       " OR repeated_from IS NOT ?9 OR text IS NOT ?10 OR retired <> 0)",
	[Q_ITEM_LIST] = "SELECT id, ref FROM item WHERE cycle_id = ?1 AND retired = 0",
	[Q_ITEM_RETIRE] = "UPDATE item SET retired = 1 WHERE id = ?1",
	[Q_ACT_GET] = "SELECT id, item_id, position, text, target, due, retired, owner_names"
		      " FROM action WHERE cycle_id = ?1 AND action_id = ?2",
	/* updated_by/at stay empty: they tell who last changed the status, and nobody has. */
	[Q_ACT_ADD] = "INSERT INTO action(cycle_id, item_id, action_id, position, text, target, due,"
		      " status, owner_names) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[Q_ACT_SET] = "UPDATE action SET item_id = ?2, position = ?3, text = ?4, target = ?5,"
		      " due = ?6, retired = 0 WHERE id = ?1",
	/* the plan file's actions: amendments made in the tool are never retired (amend.h) */
	[Q_ACT_LIST] = "SELECT id, action_id FROM action WHERE cycle_id = ?1 AND retired = 0"
		       " AND origin = 'plan'",
	[Q_ACT_RETIRE] = "UPDATE action SET retired = 1 WHERE id = ?1",
	[Q_ACT_OWNERS] = "UPDATE action SET owner_names = ?2 WHERE id = ?1",
	[Q_AOWN_DEL] = "DELETE FROM action_owner WHERE action_id = ?1",
	[Q_AOWN_ADD] = "INSERT OR IGNORE INTO action_owner(action_id, owner_id, position)"
		       " VALUES (?1, ?2, ?3)",
	[Q_HIST] = "INSERT INTO history(action_id, at, user, kind, field, old, new)"
		   " VALUES (?1, ?2, ?3, 'sync', ?4, ?5, ?6)",
	[Q_ACT_LAST] = "SELECT coalesce(max(id), 0) FROM action",
	/* ?1 the plan, ?2 when, ?3 who, ?4 the last action id before the plan: each new
	 * action's "created", in the order they were made (by id: the unary + keeps SQLite
	 * off the index by plan, which would sort them) */
	[Q_HIST_CREATED] = "INSERT INTO history(action_id, at, user, kind, field, old, new)"
			   " SELECT id, ?2, ?3, 'sync', 'created', NULL, status FROM action"
			   " WHERE id > ?4 AND +cycle_id = ?1 ORDER BY id",
	[Q_SRC_GET] = "SELECT size, mtime_ns, ctime_ns, hash, context, establishment, cycle, line,"
		      " col FROM source_file WHERE path = ?1",
	[Q_SRC_PUT] = "INSERT OR REPLACE INTO source_file(path, size, mtime_ns, ctime_ns, hash,"
		      " context, establishment, cycle, line, col)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[Q_SRC_STAMP] = "UPDATE source_file SET mtime_ns = ?2, ctime_ns = ?3 WHERE path = ?1",
	[Q_SRC_LIST] = "SELECT path FROM source_file",
	[Q_SRC_DEL] = "DELETE FROM source_file WHERE path = ?1",
	[Q_SRC_CLEAR] = "DELETE FROM source_file",
	/* The words of the items and actions this sync made (see store.c's text_search). */
	[Q_LAST_IDS] = "SELECT (SELECT coalesce(max(id), 0) FROM item),"
		       " (SELECT coalesce(max(id), 0) FROM action)",
	[Q_WORDS_ITEMS] = "INSERT INTO text_search(rowid, body) SELECT id * 4 + 1, text FROM item"
			  " WHERE id > ?1",
	[Q_WORDS_ACTIONS] = "INSERT INTO text_search(rowid, body) SELECT id * 4 + 2, text"
			    " FROM action WHERE id > ?1",
};

int sync_changes(const sync_stats *s)
{
	return s->added + s->updated + s->retired + s->restored;
}

/* ---- the whole sync ---------------------------------------------------------------- */

/* The last item and action ids before this sync: those above are new. */
static int sync_last_ids(sync_ctx *c, sqlite3_int64 last[2])
{
	sqlite3_stmt *s = sync_q(c, Q_LAST_IDS);
	if (sync_row(c, s) != 1) /* a row always comes; none is an error sync_row set */
		return sqlite3_reset(s), c->err->code;
	last[0] = sqlite3_column_int64(s, 0);
	last[1] = sqlite3_column_int64(s, 1);
	sqlite3_reset(s);
	return 0;
}

/* The new items' and actions' words into text_search, in one statement each. */
static int sync_words(sync_ctx *c, const sqlite3_int64 last[2])
{
	for (int k = 0; k < 2; k++) {
		sqlite3_stmt *s = sync_q(c, k ? Q_WORDS_ACTIONS : Q_WORDS_ITEMS);
		sqlite3_bind_int64(s, 1, last[k]);
		if (sync_run(c, s))
			return c->err->code;
	}
	return 0;
}

static int sync_all(sync_ctx *c)
{
	sqlite3_int64 last[2] = {0, 0}; /* set by sync_last_ids; zeroed for the compiler */
	if (sync_last_ids(c, last)) /* the right to sync: store_begin_checked */
		return c->err->code;
	/* The users name owners and establishments: both are written first. */
	if (sync_owners(c) || sync_establishments(c) ||
	    auth_sync_users(c->st, c->cfg, c->user, c->now, &c->stats->added, &c->stats->updated,
			    c->err))
		return c->err->code;
	for (size_t i = 0; i < c->src->nfiles; i++) {
		const model_plan *p;
		if (c->files ? sync_file(c, i) : sync_read_plan(c, i, &p))
			return c->err->code;
		if (c->progress)
			c->progress(i + 1, c->src->nfiles, c->progress_ctx);
	}
	if (sync_load_end(c)) /* the indexes a load dropped, built from the rows */
		return c->err->code;
	if (sync_retire_cycles(c) || sync_words(c, last) || sync_repeats(c))
		return c->err->code;
	if (c->files)
		return sync_forget_files(c);
	/* The rows now come from memory, not from the files fingerprinted: forget them. */
	return sync_run(c, sync_q(c, Q_SRC_CLEAR));
}

/* store_check_fn: whether the user may sync (auth.h). */
static int sync_may_write(store *st, void *ctx, ab_err *err)
{
	sync_ctx *c = ctx;
	return auth_check_sync(st, c->user, c->cfg, err);
}

static int sync_go(sync_ctx *c)
{
	memset(c->stats, 0, sizeof *c->stats);
	clock_now(c->now);
	sync_context(c);
	ab_err *err = c->err;
	int rc = store_begin_checked(c->st, sync_may_write, c, err);
	if (!rc) /* before the statements are prepared: the drop would make them recompile */
		rc = sync_load_begin(c);
	for (int i = 0; i < Q_COUNT && !rc; i++)
		rc = store_prepare(c->st, sync_sql[i], &c->q[i], err);
	sqlite3_int64 before = sqlite3_total_changes64(store_db(c->st));
	if (!rc)
		rc = sync_all(c);
	/* A sync may touch anything (owners, establishments, many plans): when it wrote,
	 * open dashboards reload everything once (counts.h). */
	if (!rc && sqlite3_total_changes64(store_db(c->st)) != before)
		rc = counts_mark(c->st, err);
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(c->q[i]);
	if (!rc)
		rc = store_commit(c->st, err);
	else
		store_rollback(c->st);
	if (rc)
		memset(c->stats, 0, sizeof *c->stats);
	sync_load_free(c);
	util_map_free(&c->owners);
	util_map_free(&c->canon);
	util_map_free(&c->ests);
	util_map_free(&c->present);
	util_map_free(&c->paths);
	free(c->where);
	free(c->repeats);
	util_buf_free(&c->repeat_text);
	return rc;
}

/* sync_apply()'s source: the plans already in memory. */
static const char *sync_mem_path(void *ctx, size_t i)
{
	return ((const model_config *)ctx)->plans[i].pos.file;
}

static int sync_mem_read(void *ctx, size_t i, const model_plan **plan, ab_err *err)
{
	(void)err;
	*plan = &((const model_config *)ctx)->plans[i];
	return 0;
}

int sync_apply(store *st, const model_config *cfg, const char *user, sync_stats *out,
	       sync_progress_fn progress, void *progress_ctx, ab_err *err)
{
	sync_source mem = {(void *)cfg, cfg->nplans, sync_mem_path, sync_mem_read};
	sync_ctx c = {.st = st, .cfg = cfg, .src = &mem, .user = user, .stats = out, .err = err,
		      .progress = progress, .progress_ctx = progress_ctx};
	return sync_go(&c);
}

int sync_files(store *st, const model_config *settings, const sync_source *src, int flags,
	       const char *user, sync_stats *out, sync_progress_fn progress, void *progress_ctx,
	       ab_err *err)
{
	sync_ctx c = {.st = st, .cfg = settings, .src = src, .files = true,
		      .full = (flags & SYNC_FULL) != 0, .user = user, .stats = out, .err = err,
		      .progress = progress, .progress_ctx = progress_ctx};
	return sync_go(&c);
}
