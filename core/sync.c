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

int sync_oom(sync_ctx *c)
{
	return err_set(c->err, EX_OSERR, "out of memory");
}

/* Resets a statement and clears its bindings. */
sqlite3_stmt *sync_q(sync_ctx *c, int which)
{
	sqlite3_stmt *s = c->q[which];
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

/* Runs a statement to completion; returns 0 or sets err. */
int sync_run(sync_ctx *c, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(c->st, c->err, "syncing");
	return 0;
}

/* Steps a lookup; returns 1 with a row, 0 with none, -1 on error. */
int sync_row(sync_ctx *c, sqlite3_stmt *s)
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

int sync_plan(sync_ctx *c, sqlite3_int64 est, const model_plan *p)
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
int sync_present(sync_ctx *c, const char *est, const char *cycle, sync_where w)
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
