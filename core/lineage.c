/* lineage — see lineage.h. */
#include "lineage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess_sql.h"
#include "auth.h"
#include "clock.h"
#include "judge.h"
#include "similar.h"
#include "store_priv.h"
#include "util.h"

/* lc the later item's cycle, ec the earlier item's: 1 when ec is an earlier cycle of the
 * same establishment (by the first day of inspection when both have one, else by id). */
#define LINEAGE_EARLIER_CYCLE                                                              \
	"(lc.establishment_id = ec.establishment_id AND CASE WHEN lc.inspection_start IS NOT" \
	" NULL AND ec.inspection_start IS NOT NULL THEN ec.inspection_start <"                \
	" lc.inspection_start ELSE ec.code < lc.code END)"

/* Runs a one-row, one-integer query on two ids; -1 on error (err set), else the value
 * (NULL reads as 0). */
static int64_t lineage_int(store *st, const char *sql, int64_t a, int64_t b, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, sql, &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, a);
	if (sqlite3_bind_parameter_count(s) >= 2)
		sqlite3_bind_int64(s, 2, b);
	int rc = sqlite3_step(s);
	int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "reading links"), -1;
	return v;
}

/* The earlier item must be one the later item can repeat. */
static int lineage_check_pair(store *st, const char *key, const char *earlier_key, int64_t item,
			      int64_t earlier, ab_err *err)
{
	int64_t ok = lineage_int(st,
				 "SELECT " LINEAGE_EARLIER_CYCLE " FROM item li"
				 " JOIN cycle lc ON lc.id = li.cycle_id, item ei"
				 " JOIN cycle ec ON ec.id = ei.cycle_id WHERE li.id = ?1 AND ei.id = ?2",
				 item, earlier, err);
	if (ok < 0)
		return err->code;
	if (!ok)
		return err_set(err, EX_DATAERR,
			       "%s can repeat only an item of an earlier cycle of the same "
			       "establishment, which %s is not",
			       key, earlier_key);
	return 0;
}

static int lineage_insert(store *st, int64_t item, int64_t earlier, const char *origin,
			  const char *user, const char *now, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "INSERT INTO item_link(item_id, earlier_id, origin, changed_by, changed_at)"
			  " VALUES (?1, ?2, ?3, ?4, ?5)",
			  &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, item);
	if (earlier)
		sqlite3_bind_int64(s, 2, earlier);
	store_bind_text(s, 3, origin);
	store_bind_text(s, 4, user);
	store_bind_text(s, 5, now);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "writing the link");
}

/* Inside the transaction, the user's right to write about `item` checked: checks the
 * pair, then writes the user's link when it changes anything. */
static int lineage_link_in(store *st, const action_actor *who, const char *item_key,
			   int64_t item, const char *earlier_key, const char *now, ab_err *err)
{
	int64_t earlier = 0;
	if (earlier_key && (judge_find_item(st, earlier_key, &earlier, err) ||
			    lineage_check_pair(st, item_key, earlier_key, item, earlier, err)))
		return err->code;
	int64_t cur = lineage_int(st, "SELECT " ASSESS_EARLIER("?1"), item, 0, err);
	if (cur < 0)
		return err->code;
	if (cur == earlier)
		return 0;
	return lineage_insert(st, item, earlier, "user", who->login, now, err);
}

int lineage_link(store *st, const action_actor *who, const char *item_key,
		 const char *earlier_key, ab_err *err)
{
	char now[CLOCK_ISO_LEN];
	clock_now(now);
	int64_t item;
	judge_want want = {who, item_key, &item};
	if (store_begin_checked(st, judge_may_write, &want, err))
		return err->code;
	if (lineage_link_in(st, who, item_key, item, earlier_key, now, err)) {
		store_rollback(st);
		return err->code;
	}
	return store_commit(st, err);
}

/* ---- suggestions ------------------------------------------------------------------------ */

typedef struct lineage_doc {
	int64_t id;
	char *key, *cycle, *ref, *text;
	bool candidate;
	double score;
	size_t order;
} lineage_doc;

typedef struct lineage_docs {
	lineage_doc *v;
	size_t n, cap;
} lineage_docs;

static void lineage_docs_free(lineage_docs *docs)
{
	for (size_t i = 0; i < docs->n; i++) {
		free(docs->v[i].key);
		free(docs->v[i].cycle);
		free(docs->v[i].ref);
		free(docs->v[i].text);
	}
	free(docs->v);
}

/* Every live item of the item's establishment, with its actions' text; candidates are
 * those of earlier cycles. ?1 the item. */
static const char lineage_corpus_sql[] =
	"SELECT ei.id, ec.code, ei.ref, ei.text, ei.agreement_note,"
	" (SELECT group_concat(a.text, ' ') FROM action a WHERE a.item_id = ei.id"
	"   AND a.retired = 0),"
	" " LINEAGE_EARLIER_CYCLE ","
	" " ASSESS_ITEM_KEY("ei.id")
	" FROM item li JOIN cycle lc ON lc.id = li.cycle_id"
	" JOIN cycle ec ON ec.establishment_id = lc.establishment_id AND ec.retired = 0"
	" JOIN item ei ON ei.cycle_id = ec.id AND ei.retired = 0"
	" WHERE li.id = ?1 ORDER BY ec.inspection_start, ec.code, ei.position";

/* Reads the corpus into docs and the similarity model; *self gets the item's index. */
static int lineage_corpus(store *st, int64_t item, similar_corpus *sc, lineage_docs *docs,
			  size_t *self, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, lineage_corpus_sql, &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, item);
	int rc;
	*self = (size_t)-1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		util_buf extra = {0};
		util_buf_puts(&extra, store_col(s, 4) ? store_col(s, 4) : "");
		util_buf_puts(&extra, " ");
		util_buf_puts(&extra, store_col(s, 5) ? store_col(s, 5) : "");
		lineage_doc d = {.id = sqlite3_column_int64(s, 0), .cycle = xstrdup(store_col(s, 1)),
				 .ref = xstrdup(store_col(s, 2)), .text = xstrdup(store_col(s, 3)),
				 .candidate = sqlite3_column_int(s, 6) != 0,
				 .key = xstrdup(store_col(s, 7)), .order = docs->n};
		if (d.id == item)
			*self = d.order;
		similar_add(sc, store_col(s, 3), extra.s);
		XGROW(docs->v, docs->n, docs->cap);
		docs->v[docs->n++] = d;
		util_buf_free(&extra);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "reading items");
	similar_finish(sc);
	return 0;
}

/* Best first; on a tie, plan order. */
static int lineage_doc_cmp(const void *a, const void *b)
{
	const lineage_doc *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->order > y->order) - (x->order < y->order);
}

int lineage_suggest(store *st, const char *item_key, int max, lineage_suggestion_fn fn,
		    void *ctx, ab_err *err)
{
	int64_t item;
	if (judge_find_item(st, item_key, &item, err))
		return err->code;
	int64_t linked = lineage_int(st, "SELECT " ASSESS_EARLIER("?1"), item, 0, err);
	if (linked < 0)
		return err->code;
	similar_corpus *sc = similar_new();
	lineage_docs docs = {0};
	size_t self = 0;
	int rc = lineage_corpus(st, item, sc, &docs, &self, err);
	lineage_doc *d = docs.v;
	size_t n = docs.n;
	for (size_t i = 0; !rc && i < n; i++)
		d[i].score = d[i].candidate ? similar_cosine(sc, self, i) : 0;
	if (!rc && n > 1)
		qsort(d, n, sizeof *d, lineage_doc_cmp);
	for (size_t i = 0; !rc && i < n && (int)i < max && d[i].score > 0; i++) {
		lineage_suggestion s = {d[i].key, d[i].cycle, d[i].ref, d[i].text, d[i].score,
					d[i].id == linked};
		rc = fn(&s, ctx);
	}
	similar_free(sc);
	lineage_docs_free(&docs);
	return rc;
}

/* ---- the links that count ----------------------------------------------------------------- */

static const char lineage_repeats_sql[] =
	"SELECT e.code, e.name, c.code, i.ref, i.text, ec.code, ei.ref, ei.text, ei.agreement,"
	" " ASSESS_JUDGEMENT("value", "ei.id", "inspection") ","
	" " ASSESS_JUDGEMENT("date", "ei.id", "inspection") ","
	" (SELECT l.origin FROM item_link l WHERE l.item_id = i.id"
	"   ORDER BY l.origin = 'user' DESC, l.id DESC LIMIT 1)"
	" FROM item i JOIN cycle c ON c.id = i.cycle_id"
	" JOIN establishment e ON e.id = c.establishment_id"
	" JOIN item ei ON ei.id = " ASSESS_EARLIER("i.id")
	" JOIN cycle ec ON ec.id = ei.cycle_id"
	" WHERE i.retired = 0 AND c.retired = 0 AND (?1 IS NULL OR e.code = ?1)"
	"   AND (?2 IS NULL OR c.code = ?2)"
	" ORDER BY e.code, c.inspection_start, c.code, i.position";

int lineage_repeats(store *st, const char *establishment, const char *cycle,
		    lineage_repeat_fn fn, void *ctx, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, lineage_repeats_sql, &s, err))
		return err->code;
	store_bind_text(s, 1, establishment);
	store_bind_text(s, 2, cycle);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		lineage_repeat r = {
			store_col(s, 0), store_col(s, 1), store_col(s, 2), store_col(s, 3),
			store_col(s, 4), store_col(s, 5), store_col(s, 6), store_col(s, 7),
			store_col(s, 8), store_col(s, 9), store_col(s, 10), store_col(s, 11)};
		cbrc = fn(&r, ctx);
	}
	sqlite3_finalize(s);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading links");
}

/* ---- the plans' own links ------------------------------------------------------------------ */

typedef struct lineage_sync_ctx {
	store *st;
	sqlite3_stmt *item, *last;
	const char *user, *now;
	sync_stats *stats;
	ab_err *err;
} lineage_sync_ctx;

/* The live item est/cycle/ref; 0 when absent, -1 on error. */
static int64_t lineage_sync_item(lineage_sync_ctx *c, const char *est, const char *cycle,
				 size_t cycle_len, const char *ref)
{
	sqlite3_stmt *s = c->item;
	sqlite3_reset(s);
	store_bind_text(s, 1, est);
	sqlite3_bind_text(s, 2, cycle, (int)cycle_len, SQLITE_TRANSIENT);
	store_bind_text(s, 3, ref);
	int rc = sqlite3_step(s);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(c->st, c->err, "syncing links"), -1;
	return id;
}

/* One item: its plan link follows `repeats` ("CYCLE/REF", checked by the loader). */
static int lineage_sync_one(lineage_sync_ctx *c, const model_plan *p, const model_item *it)
{
	int64_t item = lineage_sync_item(c, p->establishment, p->cycle, strlen(p->cycle), it->ref);
	int64_t want = 0;
	if (item > 0 && it->repeats) {
		const char *slash = strchr(it->repeats, '/');
		want = slash ? lineage_sync_item(c, p->establishment, it->repeats,
						 (size_t)(slash - it->repeats), slash + 1)
			     : 0;
		if (!want)
			return err_set_at(c->err, EX_CONFIG, it->repeats_pos.file, it->repeats_pos.line,
					  it->repeats_pos.col, "item %s repeats '%s', which is not an "
					  "item of %s", it->ref, it->repeats, p->establishment);
	}
	if (item <= 0 || want < 0)
		return item < 0 || want < 0 ? c->err->code : 0;
	sqlite3_stmt *s = c->last;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, item);
	int rc = sqlite3_step(s);
	bool had = rc == SQLITE_ROW;
	int64_t have = had ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(c->st, c->err, "syncing links");
	if (have == want)
		return 0;
	if (lineage_insert(c->st, item, want, "plan", c->user, c->now, c->err))
		return c->err->code;
	(*(had ? &c->stats->updated : &c->stats->added))++;
	return 0;
}

int lineage_sync(store *st, const model_plan *plan, int which, const char *user,
		 const char *now, sync_stats *stats, ab_err *err)
{
	lineage_sync_ctx c = {.st = st, .user = user, .now = now, .stats = stats, .err = err};
	/* kept: sync calls this for every plan, and again for every item with `repeats` */
	int rc = store_prepare_kept(st,
				    "SELECT i.id FROM item i JOIN cycle c ON c.id = i.cycle_id"
				    " JOIN establishment e ON e.id = c.establishment_id WHERE"
				    " e.code = ?1 AND c.code = ?2 AND i.ref = ?3 AND i.retired = 0",
				    &c.item, err);
	if (!rc)
		rc = store_prepare_kept(st,
					"SELECT coalesce(earlier_id, 0) FROM item_link"
					" WHERE item_id = ?1 AND origin = 'plan'"
					" ORDER BY id DESC LIMIT 1",
					&c.last, err);
	for (size_t i = 0; !rc && i < plan->nitems; i++)
		if (plan->items[i].repeats ? (which & LINEAGE_REPEATS) : (which & LINEAGE_PLAIN))
			rc = lineage_sync_one(&c, plan, &plan->items[i]);
	sqlite3_reset(c.item); /* NULL-safe; kept by the store, never finalized here */
	sqlite3_reset(c.last);
	return rc;
}
