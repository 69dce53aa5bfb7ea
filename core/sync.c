#include "sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "clock.h"
#include "date.h"
#include "judge.h"
#include "lineage.h"
#include "store_priv.h"
#include "util.h"

/* Statements prepared once per sync: a sync of the whole estate runs each many times. */
enum {
	Q_OWNER_GET, Q_OWNER_ADD, Q_ALIAS_LIST, Q_ALIAS_DEL, Q_ALIAS_SET,
	Q_EST_GET, Q_EST_ADD, Q_EST_SET,
	Q_CYC_GET, Q_CYC_ADD, Q_CYC_SET, Q_CYC_LIST, Q_CYC_RETIRE, Q_CYC_RETIRE_CHILDREN,
	Q_ITEM_GET, Q_ITEM_ADD, Q_ITEM_SET, Q_ITEM_LIST, Q_ITEM_RETIRE,
	Q_ACT_GET, Q_ACT_ADD, Q_ACT_SET, Q_ACT_LIST, Q_ACT_RETIRE,
	Q_AOWN_LIST, Q_AOWN_DEL, Q_AOWN_ADD, Q_HIST,
	Q_COUNT
};

static const char *const sync_sql[Q_COUNT] = {
	[Q_OWNER_GET] = "SELECT id FROM owner WHERE name = ?1",
	[Q_OWNER_ADD] = "INSERT INTO owner(name) VALUES (?1)",
	[Q_ALIAS_LIST] = "SELECT a.alias, o.name FROM owner_alias a JOIN owner o ON o.id = a.owner_id",
	[Q_ALIAS_DEL] = "DELETE FROM owner_alias WHERE alias = ?1",
	[Q_ALIAS_SET] = "INSERT INTO owner_alias(alias, owner_id) SELECT ?1, id FROM owner WHERE name = ?2",
	[Q_EST_GET] = "SELECT id FROM establishment WHERE code = ?1",
	[Q_EST_ADD] = "INSERT INTO establishment(code, name, description) VALUES (?1, ?2, ?3)",
	[Q_EST_SET] = "UPDATE establishment SET name = ?2, description = ?3 WHERE id = ?1"
		      " AND (name IS NOT ?2 OR description IS NOT ?3)",
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
	[Q_ACT_GET] = "SELECT id, item_id, position, text, target, due, retired FROM action"
		      " WHERE cycle_id = ?1 AND action_id = ?2",
	/* updated_by/at stay empty: they tell who last changed the status, and nobody has. */
	[Q_ACT_ADD] = "INSERT INTO action(cycle_id, item_id, action_id, position, text, target, due,"
		      " status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_ACT_SET] = "UPDATE action SET item_id = ?2, position = ?3, text = ?4, target = ?5,"
		      " due = ?6, retired = 0 WHERE id = ?1",
	[Q_ACT_LIST] = "SELECT id, action_id FROM action WHERE cycle_id = ?1 AND retired = 0",
	[Q_ACT_RETIRE] = "UPDATE action SET retired = 1 WHERE id = ?1",
	[Q_AOWN_LIST] = "SELECT o.name FROM action_owner ao JOIN owner o ON o.id = ao.owner_id"
			" WHERE ao.action_id = ?1 ORDER BY ao.position",
	[Q_AOWN_DEL] = "DELETE FROM action_owner WHERE action_id = ?1",
	[Q_AOWN_ADD] = "INSERT OR IGNORE INTO action_owner(action_id, owner_id, position)"
		       " SELECT ?1, id, ?3 FROM owner WHERE name = ?2",
	[Q_HIST] = "INSERT INTO history(action_id, at, user, kind, field, old, new)"
		   " VALUES (?1, ?2, ?3, 'sync', ?4, ?5, ?6)",
};

typedef struct sync_ctx {
	store *st;
	const model_config *cfg;
	const char *user;
	char now[CLOCK_ISO_LEN];
	sqlite3_stmt *q[Q_COUNT];
	sync_stats *stats;
	sync_progress_fn progress;
	void *progress_ctx;
	size_t plans_done;
	ab_err *err;
} sync_ctx;

int sync_changes(const sync_stats *s)
{
	return s->added + s->updated + s->retired + s->restored;
}

/* Resets and binds a statement: each variadic argument is a string (or NULL). */
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

static const char *sync_canonical(sync_ctx *c, const char *name)
{
	const char *canon = model_owner_canonical(c->cfg, name);
	return canon ? canon : name;
}

static int sync_owner(sync_ctx *c, const char *name)
{
	sqlite3_stmt *s = sync_q(c, Q_OWNER_GET);
	store_bind_text(s, 1, name);
	int found = sync_row(c, s);
	sqlite3_reset(s);
	if (found < 0)
		return c->err->code;
	if (found)
		return 0;
	s = sync_q(c, Q_OWNER_ADD);
	store_bind_text(s, 1, name);
	c->stats->added++;
	return sync_run(c, s);
}

static int sync_owners(sync_ctx *c)
{
	const model_config *cfg = c->cfg;
	for (size_t i = 0; i < cfg->nowners; i++)
		if (sync_owner(c, cfg->owners[i].name))
			return c->err->code;
	for (size_t p = 0; p < cfg->nplans; p++)
		for (size_t i = 0; i < cfg->plans[p].nitems; i++)
			for (size_t a = 0; a < cfg->plans[p].items[i].nactions; a++) {
				const model_action *act = &cfg->plans[p].items[i].actions[a];
				for (size_t o = 0; o < act->nowners; o++)
					if (sync_owner(c, sync_canonical(c, act->owners[o])))
						return c->err->code;
			}
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
	return sync_upserted(c, s, id, 0);
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
	sqlite3_stmt *s = sync_q(c, Q_ITEM_GET);
	sqlite3_bind_int64(s, 1, cyc);
	store_bind_text(s, 2, it->ref);
	int retired = 0;
	sqlite3_int64 id = sync_lookup(c, s, &retired);
	if (id < 0)
		return -1;
	s = sync_q(c, id ? Q_ITEM_SET : Q_ITEM_ADD);
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
 * names separated by 0x1f (no name holds it); malloc'd, NULL when out of memory.
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

/* The owners the database holds for action `id`, in the same form; NULL on error. */
static char *sync_owner_list_db(sync_ctx *c, sqlite3_int64 id)
{
	util_buf b = {0};
	sqlite3_stmt *s = sync_q(c, Q_AOWN_LIST);
	sqlite3_bind_int64(s, 1, id);
	int rc, n = 0;
	while ((rc = sync_row(c, s)) == 1)
		util_buf_printf(&b, "%s%s", n++ ? "\x1f" : "", store_col(s, 0));
	sqlite3_reset(s);
	if (rc < 0) {
		util_buf_free(&b);
		return NULL;
	}
	char *list = util_buf_finish(&b);
	if (!list)
		err_set(c->err, EX_OSERR, "out of memory");
	return list;
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

static int sync_action_owners(sync_ctx *c, sqlite3_int64 id, const model_action *a, bool fresh)
{
	int rc = 0;
	char *want = sync_owner_list(c, a), *have = NULL;
	if (!want)
		return err_set(c->err, EX_OSERR, "out of memory");
	if (!fresh) {
		if (!(have = sync_owner_list_db(c, id))) {
			free(want);
			return c->err->code;
		}
		if (!strcmp(have, want))
			goto done;
		sqlite3_stmt *d = sync_q(c, Q_AOWN_DEL);
		sqlite3_bind_int64(d, 1, id);
		char *old_shown = sync_owner_list_show(have), *new_shown = sync_owner_list_show(want);
		if (!old_shown || !new_shown)
			rc = err_set(c->err, EX_OSERR, "out of memory");
		if (!rc && !(rc = sync_run(c, d)))
			rc = sync_history(c, id, "owners", old_shown, new_shown);
		free(old_shown);
		free(new_shown);
		if (rc)
			goto done;
		c->stats->updated++;
	}
	for (size_t i = 0; i < a->nowners && !rc; i++) {
		sqlite3_stmt *s = sync_q(c, Q_AOWN_ADD);
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, sync_canonical(c, a->owners[i]));
		sqlite3_bind_int(s, 3, (int)i);
		rc = sync_run(c, s);
	}
done:
	free(want);
	free(have);
	return rc;
}

static int sync_action_new(sync_ctx *c, sqlite3_int64 cyc, sqlite3_int64 item,
			   const model_action *a, int pos, const char *due, const char *status)
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
	if (sync_run(c, s))
		return c->err->code;
	sqlite3_int64 id = sqlite3_last_insert_rowid(store_db(c->st));
	c->stats->added++;
	if (sync_history(c, id, "created", NULL, status))
		return c->err->code;
	return sync_action_owners(c, id, a, true);
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

	sqlite3_stmt *s = sync_q(c, Q_ACT_GET);
	sqlite3_bind_int64(s, 1, cyc);
	store_bind_text(s, 2, a->id);
	int found = sync_row(c, s);
	if (found < 0)
		return c->err->code;
	if (!found) {
		sqlite3_reset(s);
		return sync_action_new(c, cyc, item, a, pos, duep, t.status);
	}
	sqlite3_int64 id = sqlite3_column_int64(s, 0);
	sqlite3_int64 old_item = sqlite3_column_int64(s, 1);
	int old_pos = sqlite3_column_int(s, 2);
	char *old_text = strdup(store_col(s, 3) ? store_col(s, 3) : "");
	char *old_target = strdup(store_col(s, 4) ? store_col(s, 4) : "");
	const char *od = store_col(s, 5);
	bool due_same = (!od && !duep) || (od && duep && !strcmp(od, duep));
	int retired = sqlite3_column_int(s, 6);
	sqlite3_reset(s);
	if (!old_text || !old_target) {
		free(old_text);
		free(old_target);
		return err_set(c->err, EX_OSERR, "out of memory");
	}
	bool text_changed = strcmp(old_text, a->text) != 0;
	bool target_changed = strcmp(old_target, a->target) != 0;
	int rc = 0;
	if (text_changed || target_changed || !due_same || old_item != item || old_pos != pos ||
	    retired) {
		s = sync_q(c, Q_ACT_SET);
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, item);
		sqlite3_bind_int(s, 3, pos);
		store_bind_text(s, 4, a->text);
		store_bind_text(s, 5, a->target);
		store_bind_text(s, 6, duep);
		rc = sync_run(c, s);
		if (!rc && text_changed)
			rc = sync_history(c, id, "text", old_text, a->text);
		if (!rc && target_changed)
			rc = sync_history(c, id, "target", old_target, a->target);
		if (!rc && retired)
			rc = sync_history(c, id, "retired", "1", "0");
		if (retired)
			c->stats->restored++;
		else
			c->stats->updated++;
	}
	free(old_text);
	free(old_target);
	return rc ? rc : sync_action_owners(c, id, a, false);
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
		return err_set(c->err, EX_OSERR, "out of memory");
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
		if (sync_run(c, r) || (actions && sync_history(c, id, "retired", "0", "1")))
			break;
		c->stats->retired++;
	}
	sqlite3_reset(s);
	free(keys);
	return rc < 0 || c->err->code ? c->err->code : 0;
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
	if (sync_retire(c, cyc, p, true) || sync_retire(c, cyc, p, false))
		return c->err->code;
	return 0;
}

/* A whole plan file that went away: its cycle, items and actions are retired. */
static int sync_retire_cycles(sync_ctx *c)
{
	/* Collected first: the cycles are retired after the query over them has finished. */
	sqlite3_stmt *s = sync_q(c, Q_CYC_LIST);
	util_buf ids = {0}; /* of sqlite3_int64 */
	int rc;
	while ((rc = sync_row(c, s)) == 1) {
		const char *est = store_col(s, 1), *code = store_col(s, 2);
		bool keep = false;
		for (size_t i = 0; i < c->cfg->nplans && !keep; i++)
			keep = !strcmp(c->cfg->plans[i].establishment, est) &&
			       !strcmp(c->cfg->plans[i].cycle, code);
		sqlite3_int64 id = sqlite3_column_int64(s, 0);
		if (!keep && util_buf_add(&ids, (const char *)&id, sizeof id)) {
			rc = -1;
			err_set(c->err, EX_OSERR, "out of memory");
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

static int sync_all(sync_ctx *c)
{
	const model_config *cfg = c->cfg;
	if (auth_check_sync(c->st, c->user, cfg, c->err))
		return c->err->code;
	if (sync_owners(c) || auth_sync_users(c->st, cfg, c->user, c->now, &c->stats->added,
					      &c->stats->updated, c->err))
		return c->err->code;
	for (size_t i = 0; i < cfg->nestablishments; i++) {
		sqlite3_int64 est = sync_establishment(c, &cfg->establishments[i]);
		if (est < 0)
			return c->err->code;
		for (size_t p = 0; p < cfg->nplans; p++) {
			if (strcmp(cfg->plans[p].establishment, cfg->establishments[i].code))
				continue;
			if (sync_plan(c, est, &cfg->plans[p]))
				return c->err->code;
			if (c->progress)
				c->progress(++c->plans_done, cfg->nplans, c->progress_ctx);
		}
	}
	if (sync_retire_cycles(c))
		return c->err->code;
	/* After every plan: judgements and links name items of any plan. */
	if (judge_sync(c->st, cfg, c->user, c->now, c->stats, c->err) ||
	    lineage_sync(c->st, cfg, c->user, c->now, c->stats, c->err))
		return c->err->code;
	return 0;
}

int sync_apply(store *st, const model_config *cfg, const char *user, sync_stats *out,
	       sync_progress_fn progress, void *progress_ctx, ab_err *err)
{
	sync_ctx c = {.st = st, .cfg = cfg, .user = user, .stats = out, .err = err,
		      .progress = progress, .progress_ctx = progress_ctx};
	memset(out, 0, sizeof *out);
	clock_now(c.now);
	int rc = store_begin(st, err);
	for (int i = 0; i < Q_COUNT && !rc; i++)
		rc = store_prepare(st, sync_sql[i], &c.q[i], err);
	if (!rc)
		rc = sync_all(&c);
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(c.q[i]);
	if (!rc)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	if (rc)
		memset(out, 0, sizeof *out);
	return rc;
}
