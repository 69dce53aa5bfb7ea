/* sync_plan — the plan writer of sync (sync_priv.h): establishments, cycles, items and
 * actions with their owners and history, the plans seen, and the cycles no plan names any
 * more. Below sync.c and sync_files.c, which call it; it calls sync_owners.c and
 * sync_stmt.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counts.h"
#include "date.h"
#include "sync_priv.h"

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

int sync_establishments(sync_ctx *c)
{
	for (size_t i = 0; i < c->cfg->nestablishments; i++) {
		sqlite3_int64 id = sync_establishment(c, &c->cfg->establishments[i]);
		if (id < 0)
			return c->err->code;
		util_map_put(&c->ests, c->cfg->establishments[i].code, id);
	}
	return 0;
}

/* The plan's cycle, added or updated; *whole is set when every row of the plan is about
 * to be written (a new cycle, or one retired that comes back). */
static sqlite3_int64 sync_cycle(sync_ctx *c, sqlite3_int64 est, const model_plan *p, bool *whole)
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
	/* A load starts with no cycle and a cycle is defined in one file only (sync_files.c),
	 * so each plan it meets is new: its rows take ids counted from the load's start
	 * (sync_load.c), which a row added the ordinary way would take from under them. */
	if (c->loading && !c->fresh_cycle) {
		err_set(c->err, EX_SOFTWARE, "a load met the plan %s/%s twice", p->establishment,
			p->cycle);
		return -1;
	}
	*whole = !id || retired;
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
	if (c->loading) /* a new plan's, written with others (sync_load.c) */
		return sync_load_item(c, cyc, it, pos);
	if (!c->fresh_cycle) { /* a new cycle has no items to find */
		sqlite3_stmt *g = sync_q(c, Q_ITEM_GET);
		sqlite3_bind_int64(g, 1, cyc);
		store_bind_text(g, 2, it->ref);
		if ((id = sync_lookup(c, g, &retired)) < 0)
			return -1;
	}
	sqlite3_stmt *s = sync_q(c, id ? Q_ITEM_SET : Q_ITEM_ADD);
	sqlite3_bind_int64(s, 1, id ? id : cyc);
	sync_bind_item(s, 0, it, pos);
	return sync_upserted(c, s, id, retired);
}

/*
 * The action's owners, canonical and without repeats, in order, as one string with the
 * names separated by 0x1f (no name holds it): the form of action.owner_names. Malloc'd.
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
	return util_buf_take(&b);
}

/* For the history: the list with "; " between names; malloc'd. */
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
	return util_buf_take(&b);
}

/* An existing action's owners, `have` as action.owner_names holds them. */
static int sync_action_owners(sync_ctx *c, sqlite3_int64 id, const model_action *a,
			      const char *have, const char *want)
{
	if (!strcmp(have, want))
		return 0;
	char *old_shown = sync_owner_list_show(have), *new_shown = sync_owner_list_show(want);
	sqlite3_stmt *d = sync_q(c, Q_AOWN_DEL);
	sqlite3_bind_int64(d, 1, id);
	int rc = sync_run(c, d);
	if (!rc)
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
	if (c->loading) /* written with others, then its owners (sync_load.c) */
		return sync_load_action(c, cyc, item, a, pos, due, status, owners);
	sqlite3_stmt *s = sync_q(c, Q_ACT_ADD);
	sync_bind_action(s, 0, cyc, item, a, pos, due, status, owners);
	if (sync_run(c, s))
		return c->err->code;
	sqlite3_int64 id = sqlite3_last_insert_rowid(store_db(c->st));
	c->stats->added++;
	if (!c->whole && sync_history(c, id, "created", NULL, status)) /* else sync_created */
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
		o->text = xstrdup(store_col(s, 3) ? store_col(s, 3) : "");
		o->target = xstrdup(store_col(s, 4) ? store_col(s, 4) : "");
		o->due = xstrdup(due);
		o->owners = xstrdup(store_col(s, 7) ? store_col(s, 7) : "");
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
	if (!total)
		return NULL;
	const char **keys = xmalloc(total * sizeof *keys);
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

/* The last action id so far, into *last; 0 or the error's code. */
static int sync_last_action(sync_ctx *c, sqlite3_int64 *last)
{
	sqlite3_stmt *s = sync_q(c, Q_ACT_LAST);
	int found = sync_row(c, s);
	*last = found == 1 ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return found == 1 ? 0 : found < 0 ? c->err->code : store_fail(c->st, c->err, "syncing");
}

/* The "created" history of the plan's actions made after action id `last`, in one
 * statement (sync_action_new leaves it for a plan written whole). */
static int sync_created(sync_ctx *c, sqlite3_int64 cyc, sqlite3_int64 last)
{
	sqlite3_stmt *s = sync_q(c, Q_HIST_CREATED);
	sqlite3_bind_int64(s, 1, cyc);
	store_bind_text(s, 2, c->now);
	store_bind_text(s, 3, c->user);
	sqlite3_bind_int64(s, 4, last);
	return sync_run(c, s);
}

/*
 * A plan written whole (new, or coming back) is held (counts.h): its figures are counted
 * once at its end instead of by the triggers on every row, and its new actions' history
 * written in one statement. A plan already live keeps the triggers, which then cost only
 * what changed, and its sync stays a no-op when nothing did.
 */
int sync_plan(sync_ctx *c, sqlite3_int64 est, const model_plan *p)
{
	bool whole = false;
	sqlite3_int64 last = 0;
	sqlite3_int64 cyc = sync_cycle(c, est, p, &whole);
	if (cyc < 0 || (whole && (counts_hold(c->st, cyc, c->err) || sync_last_action(c, &last))))
		return c->err->code;
	c->whole = whole;
	int apos = 0;
	for (size_t i = 0; i < p->nitems; i++) {
		sqlite3_int64 item = sync_item(c, cyc, &p->items[i], (int)i);
		if (item < 0)
			return c->err->code;
		for (size_t j = 0; j < p->items[i].nactions; j++)
			if (sync_action(c, cyc, item, &p->items[i].actions[j], apos++))
				return c->err->code;
	}
	c->whole = false;
	if (c->loading && sync_load_flush(c)) /* the plan's last rows, before its history */
		return c->err->code;
	if (!c->fresh_cycle && (sync_retire(c, cyc, p, true) || sync_retire(c, cyc, p, false)))
		return c->err->code;
	/* a load keeps its plans held and recounts them all at its end (sync_load.c) */
	return whole && (sync_created(c, cyc, last) ||
			 (!c->loading && counts_release(c->st, cyc, c->err)))
		       ? c->err->code
		       : 0;
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
		const sync_where *f = &c->where[first];
		return err_set_at(c->err, EX_CONFIG, w.file, w.line, w.col,
				  "cycle '%s' of %s is already defined in %s:%d", cycle, est, f->file,
				  f->line);
	}
	XGROW(c->where, c->nwhere, c->cwhere);
	util_map_put(&c->present, key, (long long)c->nwhere);
	c->where[c->nwhere++] = w;
	return 0;
}

/* A plan whose cycle is no longer defined anywhere: its cycle, items and actions retire. */
int sync_retire_cycles(sync_ctx *c)
{
	/* Collected first: the cycles are retired after the query over them has finished. */
	sqlite3_stmt *s = sync_q(c, Q_CYC_LIST);
	sqlite3_int64 *gone = NULL;
	size_t ngone = 0, cap = 0;
	int rc;
	long long unused;
	while ((rc = sync_row(c, s)) == 1) {
		char key[300];
		sync_plan_key(key, sizeof key, store_col(s, 1), store_col(s, 2));
		sqlite3_int64 id = sqlite3_column_int64(s, 0);
		if (!util_map_get(&c->present, key, &unused)) {
			XGROW(gone, ngone, cap);
			gone[ngone++] = id;
		}
	}
	sqlite3_reset(s);
	model_plan empty = {0};
	for (size_t i = 0; i < ngone && rc >= 0; i++) {
		/* every row of the plan retires: held, and recounted once (counts.h) */
		if (counts_hold(c->st, gone[i], c->err))
			rc = -1;
		sqlite3_stmt *r = sync_q(c, Q_CYC_RETIRE);
		sqlite3_bind_int64(r, 1, gone[i]);
		if (rc >= 0 && (sync_run(c, r) || sync_retire(c, gone[i], &empty, true)))
			rc = -1;
		r = sync_q(c, Q_CYC_RETIRE_CHILDREN);
		sqlite3_bind_int64(r, 1, gone[i]);
		if (rc >= 0 && (sync_run(c, r) || counts_release(c->st, gone[i], c->err)))
			rc = -1;
		c->stats->retired++;
	}
	free(gone);
	return rc < 0 ? c->err->code : 0;
}
