#include "sync.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"
#include "clock.h"
#include "date.h"
#include "judge.h"
#include "lineage.h"
#include "store_priv.h"
#include "util.h"

/* Statements prepared once per sync: a sync of the whole estate runs each many times. */
enum {
	Q_OWNER_LIST, Q_OWNER_ADD, Q_ALIAS_LIST, Q_ALIAS_DEL, Q_ALIAS_SET,
	Q_EST_GET, Q_EST_ADD, Q_EST_SET,
	Q_CYC_GET, Q_CYC_ADD, Q_CYC_SET, Q_CYC_LIST, Q_CYC_RETIRE, Q_CYC_RETIRE_CHILDREN,
	Q_CYC_LIVE,
	Q_ITEM_GET, Q_ITEM_ADD, Q_ITEM_SET, Q_ITEM_LIST, Q_ITEM_RETIRE,
	Q_ACT_GET, Q_ACT_ADD, Q_ACT_SET, Q_ACT_LIST, Q_ACT_RETIRE, Q_ACT_OWNERS,
	Q_AOWN_DEL, Q_AOWN_ADD, Q_HIST,
	Q_SRC_GET, Q_SRC_PUT, Q_SRC_STAMP, Q_SRC_LIST, Q_SRC_DEL, Q_SRC_CLEAR,
	Q_LAST_IDS, Q_WORDS_ITEMS, Q_WORDS_ACTIONS,
	Q_COUNT
};

static const char *const sync_sql[Q_COUNT] = {
	[Q_OWNER_LIST] = "SELECT id, name FROM owner",
	[Q_OWNER_ADD] = "INSERT INTO owner(name) VALUES (?1)",
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
	[Q_ACT_LIST] = "SELECT id, action_id FROM action WHERE cycle_id = ?1 AND retired = 0",
	[Q_ACT_RETIRE] = "UPDATE action SET retired = 1 WHERE id = ?1",
	[Q_ACT_OWNERS] = "UPDATE action SET owner_names = ?2 WHERE id = ?1",
	[Q_AOWN_DEL] = "DELETE FROM action_owner WHERE action_id = ?1",
	[Q_AOWN_ADD] = "INSERT OR IGNORE INTO action_owner(action_id, owner_id, position)"
		       " VALUES (?1, ?2, ?3)",
	[Q_HIST] = "INSERT INTO history(action_id, at, user, kind, field, old, new)"
		   " VALUES (?1, ?2, ?3, 'sync', ?4, ?5, ?6)",
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

/* Where a plan was defined, for the message about a cycle defined twice. */
typedef struct sync_where {
	const char *file; /* the source's path (stable while it lives) */
	int line, col;
} sync_where;

typedef struct sync_ctx {
	store *st;
	const model_config *cfg;   /* settings, establishments; plans only for sync_apply */
	const sync_source *src;
	bool files;                /* fingerprints are kept (sync_files) */
	bool full;
	const char *user;
	char now[CLOCK_ISO_LEN];
	char context[33];          /* the fingerprint of the settings' owner mapping */
	sqlite3_stmt *q[Q_COUNT];
	sync_stats *stats;
	sync_progress_fn progress;
	void *progress_ctx;
	util_map owners;           /* owner name -> id, all the database holds */
	util_map canon;            /* owner name or alias -> index into cfg->owners */
	util_map ests;             /* establishment code -> id */
	util_map present;          /* "EST\x1fCYCLE" of every plan seen -> index into where */
	util_buf where;            /* sync_where[] */
	util_map paths;            /* the source's paths (files mode) */
	bool fresh_cycle;          /* the plan being synced created its cycle */
	util_buf repeats;          /* sync_repeat[]: items whose `repeats` waits for every plan */
	util_buf repeat_text;      /* their strings, NUL-separated */
	ab_err *err;
} sync_ctx;

int sync_changes(const sync_stats *s)
{
	return s->added + s->updated + s->retired + s->restored;
}

static int sync_oom(sync_ctx *c)
{
	return err_set(c->err, EX_OSERR, "out of memory");
}

/* Resets a statement and clears its bindings. */
static sqlite3_stmt *sync_q(sync_ctx *c, int which)
{
	sqlite3_stmt *s = c->q[which];
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

/* Runs a statement to completion; returns 0 or sets err. */
static int sync_run(sync_ctx *c, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(c->st, c->err, "syncing");
	return 0;
}

/* Steps a lookup; returns 1 with a row, 0 with none, -1 on error. */
static int sync_row(sync_ctx *c, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	store_fail(c->st, c->err, "syncing");
	return -1;
}

static int sync_history(sync_ctx *c, sqlite3_int64 action, const char *field, const char *old,
			const char *new_)
{
	sqlite3_stmt *s = sync_q(c, Q_HIST);
	sqlite3_bind_int64(s, 1, action);
	store_bind_text(s, 2, c->now);
	store_bind_text(s, 3, c->user);
	store_bind_text(s, 4, field);
	store_bind_text(s, 5, old);
	store_bind_text(s, 6, new_);
	return sync_run(c, s);
}

/* ---- owners ---------------------------------------------------------------------- */

/* The settings' canonical name for a name or alias, else the name itself. */
static const char *sync_canonical(sync_ctx *c, const char *name)
{
	long long i;
	return util_map_get(&c->canon, name, &i) ? c->cfg->owners[i].name : name;
}

/* The lookup tables: the owners the database holds and the settings' names and aliases
 * (as model_owner_canonical reads them: the first owner naming a word wins). */
static int sync_owner_maps(sync_ctx *c)
{
	sqlite3_stmt *s = sync_q(c, Q_OWNER_LIST);
	int rc;
	while ((rc = sync_row(c, s)) == 1)
		if (util_map_put(&c->owners, store_col(s, 1), sqlite3_column_int64(s, 0)))
			return sqlite3_reset(s), sync_oom(c);
	sqlite3_reset(s);
	if (rc < 0)
		return c->err->code;
	const model_config *cfg = c->cfg;
	long long seen;
	for (size_t i = 0; i < cfg->nowners; i++) {
		const model_owner *o = &cfg->owners[i];
		if (!util_map_get(&c->canon, o->name, &seen) && util_map_put(&c->canon, o->name, (long long)i))
			return sync_oom(c);
		for (size_t j = 0; j < o->naliases; j++)
			if (!util_map_get(&c->canon, o->aliases[j], &seen) &&
			    util_map_put(&c->canon, o->aliases[j], (long long)i))
				return sync_oom(c);
	}
	return 0;
}

/* The owner's id, creating the owner when new; -1 on error. */
static sqlite3_int64 sync_owner(sync_ctx *c, const char *name)
{
	long long id;
	if (util_map_get(&c->owners, name, &id))
		return id;
	sqlite3_stmt *s = sync_q(c, Q_OWNER_ADD);
	store_bind_text(s, 1, name);
	if (sync_run(c, s))
		return -1;
	id = sqlite3_last_insert_rowid(store_db(c->st));
	c->stats->added++;
	if (util_map_put(&c->owners, name, id))
		return sync_oom(c), -1;
	return id;
}

/*
 * A fingerprint of what, besides a plan file, decides its rows: the rules' version and
 * the settings' owners with their aliases, in order.
 */
static void sync_context(sync_ctx *c)
{
	util_hash h;
	util_hash_init(&h);
	util_hash_add(&h, SYNC_RULES, sizeof SYNC_RULES);
	for (size_t i = 0; i < c->cfg->nowners; i++) {
		const model_owner *o = &c->cfg->owners[i];
		util_hash_add(&h, o->name, strlen(o->name) + 1);
		for (size_t j = 0; j < o->naliases; j++)
			util_hash_add(&h, o->aliases[j], strlen(o->aliases[j]) + 1);
		util_hash_add(&h, "\n", 1);
	}
	util_hash_hex(&h, c->context);
}

static int sync_owners(sync_ctx *c)
{
	const model_config *cfg = c->cfg;
	if (sync_owner_maps(c))
		return c->err->code;
	for (size_t i = 0; i < cfg->nowners; i++)
		if (sync_owner(c, cfg->owners[i].name) < 0)
			return c->err->code;
	/* Aliases: drop those that are gone or now name another owner, add the new ones. */
	sqlite3_stmt *s = sync_q(c, Q_ALIAS_LIST);
	int rc;
	while ((rc = sync_row(c, s)) == 1) {
		const char *alias = store_col(s, 0), *owner = store_col(s, 1);
		const char *want = model_owner_canonical(cfg, alias);
		if (want && strcmp(want, alias) && !strcmp(want, owner))
			continue;
		sqlite3_stmt *d = sync_q(c, Q_ALIAS_DEL);
		store_bind_text(d, 1, alias);
		c->stats->updated++;
		if (sync_run(c, d))
			return c->err->code;
	}
	sqlite3_reset(s);
	if (rc < 0)
		return c->err->code;
	for (size_t i = 0; i < cfg->nowners; i++)
		for (size_t j = 0; j < cfg->owners[i].naliases; j++) {
			sqlite3_stmt *a = sync_q(c, Q_ALIAS_SET);
			store_bind_text(a, 1, cfg->owners[i].aliases[j]);
			store_bind_text(a, 2, cfg->owners[i].name);
			/* INSERT fails on an alias that stays; only a new one adds a row. */
			int r = sqlite3_step(a);
			sqlite3_reset(a);
			if (r == SQLITE_DONE)
				c->stats->added++;
			else if ((r & 0xFF) != SQLITE_CONSTRAINT)
				return store_fail(c->st, c->err, "syncing owner aliases");
		}
	return 0;
}

/* ---- establishments and cycles ---------------------------------------------------- */

/* Looks up an id with a bound statement; 0 when absent, -1 on error. */
static sqlite3_int64 sync_lookup(sync_ctx *c, sqlite3_stmt *s, int *retired)
{
	int found = sync_row(c, s);
	sqlite3_int64 id = found == 1 ? sqlite3_column_int64(s, 0) : 0;
	if (retired)
		*retired = found == 1 && sqlite3_column_count(s) > 1 ? sqlite3_column_int(s, 1) : 0;
	sqlite3_reset(s);
	return found < 0 ? -1 : id;
}

/*
 * Runs the bound INSERT (id 0) or UPDATE-if-different (id > 0) and counts what it did;
 * returns the row's id, or -1 on error.
 */
static sqlite3_int64 sync_upserted(sync_ctx *c, sqlite3_stmt *s, sqlite3_int64 id, int retired)
{
	if (sync_run(c, s))
		return -1;
	if (!id) {
		c->stats->added++;
		return sqlite3_last_insert_rowid(store_db(c->st));
	}
	if (sqlite3_changes(store_db(c->st))) {
		if (retired)
			c->stats->restored++;
		else
			c->stats->updated++;
	}
	return id;
}

static sqlite3_int64 sync_establishment(sync_ctx *c, const model_establishment *e)
{
	sqlite3_stmt *s = sync_q(c, Q_EST_GET);
	store_bind_text(s, 1, e->code);
	sqlite3_int64 id = sync_lookup(c, s, NULL);
	if (id < 0)
		return -1;
	s = sync_q(c, id ? Q_EST_SET : Q_EST_ADD);
	if (id)
		sqlite3_bind_int64(s, 1, id);
	else
		store_bind_text(s, 1, e->code);
	store_bind_text(s, 2, e->name);
	store_bind_text(s, 3, e->description);
	store_bind_text(s, 4, e->region);
	store_bind_text(s, 5, e->function);
	return sync_upserted(c, s, id, 0);
}

static int sync_establishments(sync_ctx *c)
{
	for (size_t i = 0; i < c->cfg->nestablishments; i++) {
		sqlite3_int64 id = sync_establishment(c, &c->cfg->establishments[i]);
		if (id < 0)
			return c->err->code;
		if (util_map_put(&c->ests, c->cfg->establishments[i].code, id))
			return sync_oom(c);
	}
	return 0;
}

static sqlite3_int64 sync_cycle(sync_ctx *c, sqlite3_int64 est, const model_plan *p)
{
	char insp[1024] = "", first[11] = "";
	for (size_t i = 0; i < p->ninspection; i++) {
		size_t l = strlen(insp);
		snprintf(insp + l, sizeof insp - l, "%s%s/%s", i ? ";" : "", p->inspection[i].from,
			 p->inspection[i].to);
		if (!first[0] || strcmp(p->inspection[i].from, first) < 0)
			memcpy(first, p->inspection[i].from, sizeof first);
	}
	sqlite3_stmt *s = sync_q(c, Q_CYC_GET);
	sqlite3_bind_int64(s, 1, est);
	store_bind_text(s, 2, p->cycle);
	int retired = 0;
	sqlite3_int64 id = sync_lookup(c, s, &retired);
	if (id < 0)
		return -1;
	c->fresh_cycle = !id;
	s = sync_q(c, id ? Q_CYC_SET : Q_CYC_ADD);
	sqlite3_bind_int64(s, 1, id ? id : est);
	store_bind_text(s, 2, p->cycle);
	store_bind_text(s, 3, p->scheme);
	store_bind_text(s, 4, insp);
	store_bind_text(s, 5, first[0] ? first : NULL);
	store_bind_text(s, 6, p->report_published[0] ? p->report_published : NULL);
	store_bind_text(s, 7, p->plan_submitted[0] ? p->plan_submitted : NULL);
	store_bind_text(s, 8, p->source);
	return sync_upserted(c, s, id, retired);
}

/* ---- items and actions ------------------------------------------------------------ */

static sqlite3_int64 sync_item(sync_ctx *c, sqlite3_int64 cyc, const model_item *it, int pos)
{
	sqlite3_int64 id = 0;
	int retired = 0;
	if (!c->fresh_cycle) { /* a new cycle has no items to find */
		sqlite3_stmt *g = sync_q(c, Q_ITEM_GET);
		sqlite3_bind_int64(g, 1, cyc);
		store_bind_text(g, 2, it->ref);
		if ((id = sync_lookup(c, g, &retired)) < 0)
			return -1;
	}
	sqlite3_stmt *s = sync_q(c, id ? Q_ITEM_SET : Q_ITEM_ADD);
	sqlite3_bind_int64(s, 1, id ? id : cyc);
	store_bind_text(s, 2, it->ref);
	sqlite3_bind_int(s, 3, pos);
	if (it->seq)
		sqlite3_bind_int(s, 4, it->seq);
	store_bind_text(s, 5, it->category);
	store_bind_text(s, 6, it->directed_to);
	store_bind_text(s, 7, it->agreement);
	store_bind_text(s, 8, it->agreement_note);
	store_bind_text(s, 9, it->repeated_from);
	store_bind_text(s, 10, it->text);
	return sync_upserted(c, s, id, retired);
}

/*
 * The action's owners, canonical and without repeats, in order, as one string with the
 * names separated by 0x1f (no name holds it): the form of action.owner_names. Malloc'd,
 * NULL when out of memory.
 */
static char *sync_owner_list(sync_ctx *c, const model_action *a)
{
	util_buf b = {0};
	for (size_t i = 0, n = 0; i < a->nowners; i++) {
		const char *name = sync_canonical(c, a->owners[i]);
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = !strcmp(sync_canonical(c, a->owners[j]), name);
		if (!dup)
			util_buf_printf(&b, "%s%s", n++ ? "\x1f" : "", name);
	}
	return util_buf_finish(&b);
}

/* For the history: the list with "; " between names; malloc'd, NULL when out of memory. */
static char *sync_owner_list_show(const char *list)
{
	util_buf b = {0};
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, "\x1f");
		util_buf_add(&b, p, n);
		p += n;
		if (*p) {
			util_buf_puts(&b, "; ");
			p++;
		}
	}
	return util_buf_finish(&b);
}

/* The action_owner rows of a new action (or of one whose owners changed). */
static int sync_owner_rows(sync_ctx *c, sqlite3_int64 id, const model_action *a)
{
	for (size_t i = 0; i < a->nowners; i++) {
		sqlite3_int64 owner = sync_owner(c, sync_canonical(c, a->owners[i]));
		if (owner < 0)
			return c->err->code;
		sqlite3_stmt *s = sync_q(c, Q_AOWN_ADD);
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, owner);
		sqlite3_bind_int(s, 3, (int)i);
		if (sync_run(c, s))
			return c->err->code;
	}
	return 0;
}

/* An existing action's owners, `have` as action.owner_names holds them. */
static int sync_action_owners(sync_ctx *c, sqlite3_int64 id, const model_action *a,
			      const char *have, const char *want)
{
	if (!strcmp(have, want))
		return 0;
	char *old_shown = sync_owner_list_show(have), *new_shown = sync_owner_list_show(want);
	int rc = !old_shown || !new_shown ? sync_oom(c) : 0;
	sqlite3_stmt *d = sync_q(c, Q_AOWN_DEL);
	sqlite3_bind_int64(d, 1, id);
	if (!rc && !(rc = sync_run(c, d)))
		rc = sync_history(c, id, "owners", old_shown, new_shown);
	free(old_shown);
	free(new_shown);
	if (rc || sync_owner_rows(c, id, a))
		return c->err->code;
	sqlite3_stmt *s = sync_q(c, Q_ACT_OWNERS);
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, want);
	c->stats->updated++;
	return sync_run(c, s);
}

static int sync_action_new(sync_ctx *c, sqlite3_int64 cyc, sqlite3_int64 item,
			   const model_action *a, int pos, const char *due, const char *status,
			   const char *owners)
{
	sqlite3_stmt *s = sync_q(c, Q_ACT_ADD);
	sqlite3_bind_int64(s, 1, cyc);
	sqlite3_bind_int64(s, 2, item);
	store_bind_text(s, 3, a->id);
	sqlite3_bind_int(s, 4, pos);
	store_bind_text(s, 5, a->text);
	store_bind_text(s, 6, a->target);
	store_bind_text(s, 7, due);
	store_bind_text(s, 8, status);
	store_bind_text(s, 9, owners);
	if (sync_run(c, s))
		return c->err->code;
	sqlite3_int64 id = sqlite3_last_insert_rowid(store_db(c->st));
	c->stats->added++;
	if (sync_history(c, id, "created", NULL, status))
		return c->err->code;
	return sync_owner_rows(c, id, a);
}

/* What the database holds of an action, copied out of its statement. */
typedef struct sync_old {
	sqlite3_int64 id, item;
	int pos, retired;
	char *text, *target, *due, *owners;
} sync_old;

static void sync_old_free(sync_old *o)
{
	free(o->text);
	free(o->target);
	free(o->due);
	free(o->owners);
}

/* Fills *o from Q_ACT_GET's row; 1 found, 0 not, -1 error. */
static int sync_old_action(sync_ctx *c, sqlite3_int64 cyc, const char *action_id, sync_old *o)
{
	*o = (sync_old){0};
	if (c->fresh_cycle) /* a new cycle has no actions to find */
		return 0;
	sqlite3_stmt *s = sync_q(c, Q_ACT_GET);
	sqlite3_bind_int64(s, 1, cyc);
	store_bind_text(s, 2, action_id);
	int found = sync_row(c, s);
	if (found == 1) {
		o->id = sqlite3_column_int64(s, 0);
		o->item = sqlite3_column_int64(s, 1);
		o->pos = sqlite3_column_int(s, 2);
		o->retired = sqlite3_column_int(s, 6);
		const char *due = store_col(s, 5);
		o->text = strdup(store_col(s, 3) ? store_col(s, 3) : "");
		o->target = strdup(store_col(s, 4) ? store_col(s, 4) : "");
		o->due = due ? strdup(due) : NULL;
		o->owners = strdup(store_col(s, 7) ? store_col(s, 7) : "");
		if (!o->text || !o->target || (due && !o->due) || !o->owners) {
			sync_old_free(o);
			found = -1;
			sync_oom(c);
		}
	}
	sqlite3_reset(s);
	return found;
}

static int sync_action(sync_ctx *c, sqlite3_int64 cyc, sqlite3_int64 item, const model_action *a,
		       int pos)
{
	date_target t;
	date_parse_target(a->target, &t);
	char due[DATE_ISO_LEN] = "";
	if (t.has_due)
		date_format_iso(t.due, due);
	const char *duep = t.has_due ? due : NULL;
	char *owners = sync_owner_list(c, a);
	if (!owners)
		return sync_oom(c);
	sync_old o;
	int found = sync_old_action(c, cyc, a->id, &o);
	if (found <= 0) {
		int rc = found < 0 ? c->err->code
				   : sync_action_new(c, cyc, item, a, pos, duep, t.status, owners);
		free(owners);
		return rc;
	}
	bool text_changed = strcmp(o.text, a->text) != 0;
	bool target_changed = strcmp(o.target, a->target) != 0;
	bool due_same = (!o.due && !duep) || (o.due && duep && !strcmp(o.due, duep));
	int rc = 0;
	if (text_changed || target_changed || !due_same || o.item != item || o.pos != pos ||
	    o.retired) {
		sqlite3_stmt *s = sync_q(c, Q_ACT_SET);
		sqlite3_bind_int64(s, 1, o.id);
		sqlite3_bind_int64(s, 2, item);
		sqlite3_bind_int(s, 3, pos);
		store_bind_text(s, 4, a->text);
		store_bind_text(s, 5, a->target);
		store_bind_text(s, 6, duep);
		rc = sync_run(c, s);
		if (!rc && text_changed)
			rc = sync_history(c, o.id, "text", o.text, a->text);
		if (!rc && target_changed)
			rc = sync_history(c, o.id, "target", o.target, a->target);
		if (!rc && o.retired)
			rc = sync_history(c, o.id, "retired", "1", "0");
		if (o.retired)
			c->stats->restored++;
		else
			c->stats->updated++;
	}
	if (!rc)
		rc = sync_action_owners(c, o.id, a, o.owners, owners);
	sync_old_free(&o);
	free(owners);
	return rc;
}

static int sync_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The plan's item refs or action ids, sorted for bsearch; malloc'd (NULL when empty). */
static const char **sync_keys(const model_plan *p, bool actions, size_t *n)
{
	size_t total = 0;
	for (size_t i = 0; i < p->nitems; i++)
		total += actions ? p->items[i].nactions : 1;
	*n = 0;
	const char **keys = total ? malloc(total * sizeof *keys) : NULL;
	if (!keys)
		return NULL;
	for (size_t i = 0; i < p->nitems; i++) {
		if (!actions)
			keys[(*n)++] = p->items[i].ref;
		for (size_t j = 0; actions && j < p->items[i].nactions; j++)
			keys[(*n)++] = p->items[i].actions[j].id;
	}
	qsort(keys, *n, sizeof *keys, sync_cmp_str);
	return keys;
}

/* Retires rows of a cycle whose key the plan no longer has. */
static int sync_retire(sync_ctx *c, sqlite3_int64 cyc, const model_plan *p, bool actions)
{
	size_t nkeys;
	const char **keys = sync_keys(p, actions, &nkeys);
	if (!keys && nkeys)
		return sync_oom(c);
	sqlite3_stmt *s = sync_q(c, actions ? Q_ACT_LIST : Q_ITEM_LIST);
	sqlite3_bind_int64(s, 1, cyc);
	int rc;
	while ((rc = sync_row(c, s)) == 1) {
		sqlite3_int64 id = sqlite3_column_int64(s, 0);
		const char *key = store_col(s, 1);
		if (nkeys && bsearch(&key, keys, nkeys, sizeof *keys, sync_cmp_str))
			continue;
		sqlite3_stmt *r = sync_q(c, actions ? Q_ACT_RETIRE : Q_ITEM_RETIRE);
		sqlite3_bind_int64(r, 1, id);
		if (sync_run(c, r) || (actions && sync_history(c, id, "retired", "0", "1"))) {
			rc = -1;
			break;
		}
		c->stats->retired++;
	}
	sqlite3_reset(s);
	free(keys);
	return rc < 0 ? c->err->code : 0;
}

static int sync_plan(sync_ctx *c, sqlite3_int64 est, const model_plan *p)
{
	sqlite3_int64 cyc = sync_cycle(c, est, p);
	if (cyc < 0)
		return c->err->code;
	int apos = 0;
	for (size_t i = 0; i < p->nitems; i++) {
		sqlite3_int64 item = sync_item(c, cyc, &p->items[i], (int)i);
		if (item < 0)
			return c->err->code;
		for (size_t j = 0; j < p->items[i].nactions; j++)
			if (sync_action(c, cyc, item, &p->items[i].actions[j], apos++))
				return c->err->code;
	}
	if (!c->fresh_cycle && (sync_retire(c, cyc, p, true) || sync_retire(c, cyc, p, false)))
		return c->err->code;
	return 0;
}

/* ---- the plans seen ------------------------------------------------------------------ */

static void sync_plan_key(char *key, size_t n, const char *est, const char *cycle)
{
	snprintf(key, n, "%s\x1f%s", est, cycle);
}

/* Records that a plan file defines est/cycle; a cycle defined twice is an error at the
 * second definition (as the loader words it). */
static int sync_present(sync_ctx *c, const char *est, const char *cycle, sync_where w)
{
	char key[300];
	long long first;
	sync_plan_key(key, sizeof key, est, cycle);
	if (util_map_get(&c->present, key, &first)) {
		const sync_where *f = (const sync_where *)(void *)c->where.s + first;
		return err_set_at(c->err, EX_CONFIG, w.file, w.line, w.col,
				  "cycle '%s' of %s is already defined in %s:%d", cycle, est, f->file,
				  f->line);
	}
	long long n = (long long)(c->where.len / sizeof w);
	if (util_buf_add(&c->where, (const char *)&w, sizeof w) || util_map_put(&c->present, key, n))
		return sync_oom(c);
	return 0;
}

/* A plan whose cycle is no longer defined anywhere: its cycle, items and actions retire. */
static int sync_retire_cycles(sync_ctx *c)
{
	/* Collected first: the cycles are retired after the query over them has finished. */
	sqlite3_stmt *s = sync_q(c, Q_CYC_LIST);
	util_buf ids = {0}; /* of sqlite3_int64 */
	int rc;
	long long unused;
	while ((rc = sync_row(c, s)) == 1) {
		char key[300];
		sync_plan_key(key, sizeof key, store_col(s, 1), store_col(s, 2));
		sqlite3_int64 id = sqlite3_column_int64(s, 0);
		if (!util_map_get(&c->present, key, &unused) &&
		    util_buf_add(&ids, (const char *)&id, sizeof id)) {
			rc = -1;
			sync_oom(c);
			break;
		}
	}
	sqlite3_reset(s);
	const sqlite3_int64 *gone = (const sqlite3_int64 *)(void *)ids.s;
	size_t ngone = ids.len / sizeof *gone;
	model_plan empty = {0};
	for (size_t i = 0; i < ngone && rc >= 0; i++) {
		sqlite3_stmt *r = sync_q(c, Q_CYC_RETIRE);
		sqlite3_bind_int64(r, 1, gone[i]);
		if (sync_run(c, r) || sync_retire(c, gone[i], &empty, true))
			rc = -1;
		r = sync_q(c, Q_CYC_RETIRE_CHILDREN);
		sqlite3_bind_int64(r, 1, gone[i]);
		if (rc >= 0 && sync_run(c, r))
			rc = -1;
		c->stats->retired++;
	}
	util_buf_free(&ids);
	return rc < 0 ? c->err->code : 0;
}

/* ---- plan files and their fingerprints ------------------------------------------------- */

/* A file as stat and the hash see it, and as source_file stored it. */
typedef struct sync_print {
	long long size, mtime, ctime;
	char hash[33]; /* "" until hashed */
} sync_print;

typedef struct sync_stored {
	sync_print p;
	char context[33], est[128], cycle[128];
	int line, col;
} sync_stored;

/* The loader's limit on one file (the format's manual page): a file beyond it, or one
 * that is not a regular file (a FIFO), is never fingerprinted nor hashed, only handed to
 * the loader, which reads it under its limits and refuses it. */
#define SYNC_FILE_MAX (8LL << 20)

static int sync_stat(const char *path, sync_print *p)
{
	struct stat sb;
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > SYNC_FILE_MAX)
		return -1;
	*p = (sync_print){.size = (long long)sb.st_size,
			  .mtime = (long long)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec,
			  .ctime = (long long)sb.st_ctim.tv_sec * 1000000000 + sb.st_ctim.tv_nsec};
	return 0;
}

/* The content hash of the file into p->hash; -1 when it cannot be read (the loader will
 * say why when it tries). */
static int sync_hash(const char *path, sync_print *p)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	util_hash h;
	util_hash_init(&h);
	char buf[65536];
	ssize_t n;
	long long total = 0;
	while ((n = read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0) {
			util_hash_add(&h, buf, (size_t)n);
			if ((total += n) > SYNC_FILE_MAX) /* it grew: the loader will refuse it */
				break;
		}
	close(fd);
	if (n < 0 || total > SYNC_FILE_MAX)
		return -1;
	util_hash_hex(&h, p->hash);
	return 0;
}

/* source_file's row for path: 1 found, 0 not, -1 error. */
static int sync_stored_get(sync_ctx *c, const char *path, sync_stored *o)
{
	sqlite3_stmt *s = sync_q(c, Q_SRC_GET);
	store_bind_text(s, 1, path);
	int found = sync_row(c, s);
	if (found == 1) {
		o->p.size = sqlite3_column_int64(s, 0);
		o->p.mtime = sqlite3_column_int64(s, 1);
		o->p.ctime = sqlite3_column_int64(s, 2);
		snprintf(o->p.hash, sizeof o->p.hash, "%s", store_col(s, 3));
		snprintf(o->context, sizeof o->context, "%s", store_col(s, 4));
		snprintf(o->est, sizeof o->est, "%s", store_col(s, 5));
		snprintf(o->cycle, sizeof o->cycle, "%s", store_col(s, 6));
		o->line = sqlite3_column_int(s, 7);
		o->col = sqlite3_column_int(s, 8);
	}
	sqlite3_reset(s);
	return found;
}

/*
 * Whether the stored row still describes the rows of a file now seen as `now`: the same
 * context, its cycle still live under a known establishment, and the same size and
 * times, or the same content (then the new times are stored). 1 yes, 0 no, -1 error.
 */
static int sync_unchanged(sync_ctx *c, const char *path, const sync_stored *o, sync_print *now)
{
	long long unused;
	if (strcmp(o->context, c->context) || !util_map_get(&c->ests, o->est, &unused))
		return 0;
	sqlite3_stmt *s = sync_q(c, Q_CYC_LIVE);
	store_bind_text(s, 1, o->est);
	store_bind_text(s, 2, o->cycle);
	int live = sync_row(c, s);
	sqlite3_reset(s);
	if (live <= 0)
		return live;
	if (now->size != o->p.size)
		return 0;
	if (now->mtime == o->p.mtime && now->ctime == o->p.ctime)
		return 1;
	if (sync_hash(path, now) || strcmp(now->hash, o->p.hash))
		return 0;
	s = sync_q(c, Q_SRC_STAMP);
	store_bind_text(s, 1, path);
	sqlite3_bind_int64(s, 2, now->mtime);
	sqlite3_bind_int64(s, 3, now->ctime);
	return sync_run(c, s) ? -1 : 1;
}

static int sync_stored_put(sync_ctx *c, const char *path, const sync_print *p,
			   const model_plan *plan)
{
	sqlite3_stmt *s = sync_q(c, Q_SRC_PUT);
	store_bind_text(s, 1, path);
	sqlite3_bind_int64(s, 2, p->size);
	sqlite3_bind_int64(s, 3, p->mtime);
	sqlite3_bind_int64(s, 4, p->ctime);
	store_bind_text(s, 5, p->hash);
	store_bind_text(s, 6, c->context);
	store_bind_text(s, 7, plan->establishment);
	store_bind_text(s, 8, plan->cycle);
	sqlite3_bind_int(s, 9, plan->pos.line);
	sqlite3_bind_int(s, 10, plan->pos.col);
	return sync_run(c, s);
}

/*
 * An item's `repeats` names an item of another plan, which may come in a later file: it
 * is kept (a few strings; memory still holds one plan) and linked once every plan is
 * written (lineage.h). Offsets into repeat_text; pos.file points into the configuration,
 * which outlives the sync.
 */
typedef struct sync_repeat {
	size_t est, cycle, ref, repeats;
	model_pos pos;
} sync_repeat;

static size_t sync_repeat_text(sync_ctx *c, const char *s)
{
	size_t at = c->repeat_text.len;
	util_buf_add(&c->repeat_text, s, strlen(s) + 1);
	return at;
}

static int sync_repeats_keep(sync_ctx *c, const model_plan *p)
{
	for (size_t i = 0; i < p->nitems; i++) {
		const model_item *it = &p->items[i];
		if (!it->repeats)
			continue;
		sync_repeat r = {sync_repeat_text(c, p->establishment),
				 sync_repeat_text(c, p->cycle), sync_repeat_text(c, it->ref),
				 sync_repeat_text(c, it->repeats), it->repeats_pos};
		util_buf_add(&c->repeats, (const char *)&r, sizeof r);
	}
	return c->repeats.oom || c->repeat_text.oom ? sync_oom(c) : 0;
}

/* The kept `repeats`, now that every plan is written. */
static int sync_repeats(sync_ctx *c)
{
	const sync_repeat *r = (const sync_repeat *)(void *)c->repeats.s;
	char *t = c->repeat_text.s;
	for (size_t i = 0; i < c->repeats.len / sizeof *r; i++) {
		model_item it = {.ref = t + r[i].ref, .repeats = t + r[i].repeats,
				 .repeats_pos = r[i].pos};
		model_plan p = {.establishment = t + r[i].est, .cycle = t + r[i].cycle,
				.items = &it, .nitems = 1};
		if (lineage_sync(c->st, &p, LINEAGE_REPEATS, c->user, c->now, c->stats, c->err))
			return c->err->code;
	}
	return 0;
}

/* A plan read from file i: its cycle recorded, its rows synced. */
static int sync_read_plan(sync_ctx *c, size_t i, const model_plan **out)
{
	const model_plan *p;
	if (c->src->read(c->src->ctx, i, &p, c->err))
		return c->err->code;
	long long est;
	if (!util_map_get(&c->ests, p->establishment, &est)) /* the loader checks this */
		return err_set_at(c->err, EX_CONFIG, p->pos.file, p->pos.line, p->pos.col,
				  "unknown establishment '%s'", p->establishment);
	sync_where w = {c->src->path(c->src->ctx, i), p->pos.line, p->pos.col};
	if (sync_present(c, p->establishment, p->cycle, w) || sync_plan(c, est, p) ||
	    judge_sync(c->st, p, c->user, c->now, c->stats, c->err) ||
	    lineage_sync(c->st, p, LINEAGE_PLAIN, c->user, c->now, c->stats, c->err) ||
	    sync_repeats_keep(c, p))
		return c->err->code;
	*out = p;
	return 0;
}

/*
 * Plan file i: skipped when unchanged, else read and synced, and its fingerprint stored.
 * The fingerprint stored is the one taken before reading, and only when the file did not
 * change while it was read: a later sync then never mistakes a newer file for this one.
 */
static int sync_file(sync_ctx *c, size_t i)
{
	const char *path = c->src->path(c->src->ctx, i);
	sync_print before = {0}, after;
	sync_stored old;
	bool seen = sync_stat(path, &before) == 0;
	int found = seen && !c->full ? sync_stored_get(c, path, &old) : 0;
	int same = found > 0 ? sync_unchanged(c, path, &old, &before) : found;
	if (same < 0)
		return c->err->code;
	if (same) {
		c->stats->skipped++;
		return sync_present(c, old.est, old.cycle, (sync_where){path, old.line, old.col});
	}
	if (seen && !before.hash[0] && sync_hash(path, &before))
		seen = false;
	const model_plan *p;
	if (sync_read_plan(c, i, &p))
		return c->err->code;
	bool steady = seen && sync_stat(path, &after) == 0 && after.size == before.size &&
		      after.mtime == before.mtime && after.ctime == before.ctime;
	if (!steady) { /* no fingerprint: the next sync reads it again */
		sqlite3_stmt *d = sync_q(c, Q_SRC_DEL);
		store_bind_text(d, 1, path);
		return sync_run(c, d);
	}
	return sync_stored_put(c, path, &before, p);
}

/* Forgets the fingerprints of files the settings no longer name. */
static int sync_forget_files(sync_ctx *c)
{
	for (size_t i = 0; i < c->src->nfiles; i++)
		if (util_map_put(&c->paths, c->src->path(c->src->ctx, i), (long long)i))
			return sync_oom(c);
	util_buf gone = {0}; /* paths, NUL-separated */
	sqlite3_stmt *s = sync_q(c, Q_SRC_LIST);
	int rc;
	long long unused;
	while ((rc = sync_row(c, s)) == 1)
		if (!util_map_get(&c->paths, store_col(s, 0), &unused))
			util_buf_add(&gone, store_col(s, 0), strlen(store_col(s, 0)) + 1);
	sqlite3_reset(s);
	if (gone.oom) {
		util_buf_free(&gone);
		return sync_oom(c);
	}
	for (size_t at = 0; rc == 0 && at < gone.len; at += strlen(gone.s + at) + 1) {
		sqlite3_stmt *d = sync_q(c, Q_SRC_DEL);
		store_bind_text(d, 1, gone.s + at);
		if (sync_run(c, d))
			rc = -1;
	}
	util_buf_free(&gone);
	return rc < 0 ? c->err->code : 0;
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
	sqlite3_int64 last[2];
	if (auth_check_sync(c->st, c->user, c->cfg, c->err) || sync_last_ids(c, last))
		return c->err->code;
	if (sync_owners(c) || auth_sync_users(c->st, c->cfg, c->user, c->now, &c->stats->added,
					      &c->stats->updated, c->err))
		return c->err->code;
	if (sync_establishments(c))
		return c->err->code;
	for (size_t i = 0; i < c->src->nfiles; i++) {
		const model_plan *p;
		if (c->files ? sync_file(c, i) : sync_read_plan(c, i, &p))
			return c->err->code;
		if (c->progress)
			c->progress(i + 1, c->src->nfiles, c->progress_ctx);
	}
	if (sync_retire_cycles(c) || sync_words(c, last) || sync_repeats(c))
		return c->err->code;
	if (c->files)
		return sync_forget_files(c);
	/* The rows now come from memory, not from the files fingerprinted: forget them. */
	return sync_run(c, sync_q(c, Q_SRC_CLEAR));
}

static int sync_go(sync_ctx *c)
{
	memset(c->stats, 0, sizeof *c->stats);
	clock_now(c->now);
	sync_context(c);
	ab_err *err = c->err;
	int rc = store_begin(c->st, err);
	for (int i = 0; i < Q_COUNT && !rc; i++)
		rc = store_prepare(c->st, sync_sql[i], &c->q[i], err);
	if (!rc)
		rc = sync_all(c);
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(c->q[i]);
	if (!rc)
		rc = store_commit(c->st, err);
	else
		store_rollback(c->st);
	if (rc)
		memset(c->stats, 0, sizeof *c->stats);
	util_map_free(&c->owners);
	util_map_free(&c->canon);
	util_map_free(&c->ests);
	util_map_free(&c->present);
	util_map_free(&c->paths);
	util_buf_free(&c->where);
	util_buf_free(&c->repeats);
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
