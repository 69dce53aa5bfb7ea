/* assess — see assess.h. */
#include "assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess_sql.h"
#include "key.h"
#include "rules.h"
#include "store_priv.h"
#include "util.h"

/* What a scoped reader (assess_reader_scope) read at once for the plain items of its
 * plans: those with no judgement and no link, in either direction. */
typedef struct assess_plain {
	int64_t id;
	assess_counts n;
	char done_at[DATE_ISO_LEN];
} assess_plain;

struct assess_reader {
	store *st;
	sqlite3_stmt *s;
	bool scoped, links_read;
	int64_t *linked;     /* links_read: the ids of the items judged or linked, ascending */
	size_t nlinked, clinked;
	assess_plain *plain; /* scoped: the live items of the plans, by id */
	size_t nplain, cplain;
};

/* The four columns of a judgement that counts, for a source, of item expression `item`. */
#define ASSESS_COLS(item, source)                                                    \
	ASSESS_JUDGEMENT("value", item, source) ", "                                   \
	ASSESS_JUDGEMENT("date", item, source) ", "                                    \
	ASSESS_JUDGEMENT("recorded_by", item, source) ", "                             \
	ASSESS_JUDGEMENT("recorded_at", item, source) ", "                             \
	ASSESS_JUDGEMENT("note", item, source)

/*
 * The item i's live actions a (joined to it, grouped by item; in plan c): all, open,
 * completed, the day of the last completion (a status change's day; for an action that
 * was already completed when the plan was published, the plan's submission; read only
 * for an item with a completed action), slipped and the days slipped.
 * "+ad.status" keeps SQLite on the item's index (action_order): without ANALYZE it would
 * take an index that leads with the status, and read every completed action of the
 * estate for each item.
 */
#define ASSESS_ACTION_COLS                                                                  \
	" count(a.id), coalesce(sum(a.is_open), 0), coalesce(sum(a.status = 'completed'), 0),"  \
	" CASE WHEN sum(a.status = 'completed') > 0 THEN"                                     \
	"  (SELECT max(CASE h.kind WHEN 'sync' THEN coalesce(c.plan_submitted, "                \
	RULES_LOCAL_DAY("h.at") ") ELSE " RULES_LOCAL_DAY("h.at") " END)"                      \
	"   FROM action ad JOIN history h ON h.action_id = ad.id"                              \
	"   WHERE ad.item_id = i.id AND ad.retired = 0 AND +ad.status = 'completed'"          \
	"   AND h.new = 'completed' AND h.kind IN ('status', 'sync')) END,"                      \
	" coalesce(sum(" RULES_SLIPPED("a") "), 0), coalesce(sum(" RULES_SLIP_DAYS("a") "), 0)"
#define ASSESS_ACTION_JOIN " LEFT JOIN action a ON a.item_id = i.id AND a.retired = 0"

/*
 * One item (?1): columns 0-14 its judgements (irp, inspection, self; five each), 15-18
 * the earlier item (key, cycle, ref, agreement), 19-23 HMIP's inspection judgement on the
 * earlier item, 24 the later item's key, 25-30 ASSESS_ACTION_COLS.
 * The later item is one whose link that counts names this item (lx, never l: the
 * macros use l inside).
 */
static const char assess_sql[] =
	"SELECT " ASSESS_COLS("i.id", "irp") ", " ASSESS_COLS("i.id", "inspection") ", "
	ASSESS_COLS("i.id", "self") ","
	" " ASSESS_ITEM_KEY("ei.id") ", ec.code, ei.ref, ei.agreement,"
	" " ASSESS_COLS("ei.id", "inspection") ","
	" (SELECT " ASSESS_ITEM_KEY("lx.item_id") " FROM item_link lx JOIN item li"
	"   ON li.id = lx.item_id AND li.retired = 0"
	"   WHERE lx.earlier_id = i.id AND " ASSESS_EARLIER("lx.item_id") " = i.id"
	"   ORDER BY lx.item_id LIMIT 1),"
	ASSESS_ACTION_COLS
	" FROM item i JOIN cycle c ON c.id = i.cycle_id"
	" LEFT JOIN item ei ON ei.id = " ASSESS_EARLIER("i.id")
	" LEFT JOIN cycle ec ON ec.id = ei.cycle_id" ASSESS_ACTION_JOIN
	" WHERE i.id = ?1 GROUP BY i.id";

int assess_reader_open(store *st, assess_reader **out, ab_err *err)
{
	*out = xcalloc(1, sizeof **out);
	(*out)->st = st;
	/* Kept by the store: a reader is opened per plan (summary, the dashboard), and this
	 * statement takes longer to parse than a plan without judgements takes to read. */
	if (store_prepare_kept(st, assess_sql, &(*out)->s, err)) {
		free(*out);
		*out = NULL;
		return err->code;
	}
	return 0;
}

void assess_reader_close(assess_reader *r)
{
	if (!r)
		return;
	sqlite3_reset(r->s);
	free(r->linked);
	free(r->plain);
	free(r);
}

/* Every item with a judgement or a link (either end): few, and all that can need more
 * than its actions. */
static const char assess_linked_sql[] =
	"SELECT item_id FROM judgement UNION SELECT item_id FROM item_link"
	" UNION SELECT earlier_id FROM item_link WHERE earlier_id IS NOT NULL ORDER BY 1";

/* ?1 establishment, ?2 cycle (NULL: any): the live items of the live plans, with their
 * actions' columns (ASSESS_ACTION_COLS), by id. The plans are found first and their items
 * by cycle id: with the place filters beside the item join, SQLite read every item of the
 * estate to keep one plan's (a dashboard's reload of a plan took 4-5 ms at 100k, not 0.8). */
static const char assess_plain_sql[] =
	"SELECT i.id," ASSESS_ACTION_COLS
	" FROM item i JOIN cycle c ON c.id = i.cycle_id" ASSESS_ACTION_JOIN
	" WHERE i.retired = 0 AND i.cycle_id IN (SELECT pc.id FROM cycle pc"
	"  JOIN establishment e ON e.id = pc.establishment_id WHERE pc.retired = 0"
	"  AND (?1 IS NULL OR e.code = ?1) AND (?2 IS NULL OR pc.code = ?2))"
	" GROUP BY i.id ORDER BY i.id";

static void assess_copy(char *dst, size_t n, const char *src);

static int assess_scope_linked(assess_reader *r, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare_kept(r->st, assess_linked_sql, &s, err))
		return err->code;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(r->linked, r->nlinked, r->clinked);
		r->linked[r->nlinked++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(r->st, err, "reading links");
	r->links_read = true;
	return 0;
}

static int assess_scope_plain(assess_reader *r, const char *establishment, const char *cycle,
			      ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare_kept(r->st, assess_plain_sql, &s, err))
		return err->code;
	store_bind_text(s, 1, establishment);
	store_bind_text(s, 2, cycle);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		assess_plain p = {
			.id = sqlite3_column_int64(s, 0),
			.n = {.actions = sqlite3_column_int(s, 1), .open = sqlite3_column_int(s, 2),
			      .completed = sqlite3_column_int(s, 3),
			      .slipped = sqlite3_column_int(s, 5),
			      .slip_days = (long)sqlite3_column_int64(s, 6)}};
		assess_copy(p.done_at, sizeof p.done_at, store_col(s, 4));
		XGROW(r->plain, r->nplain, r->cplain);
		r->plain[r->nplain++] = p;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(r->st, err, "reading items' actions");
}

int assess_reader_scope(assess_reader *r, const char *establishment, const char *cycle,
			ab_err *err)
{
	r->nlinked = r->nplain = 0;
	if (assess_scope_linked(r, err) || assess_scope_plain(r, establishment, cycle, err))
		return err->code;
	r->scoped = true;
	return 0;
}

static int assess_cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int assess_reader_links(assess_reader *r, ab_err *err)
{
	r->nlinked = 0;
	return assess_scope_linked(r, err);
}

static bool assess_is_linked(const assess_reader *r, int64_t id)
{
	return r->nlinked && bsearch(&id, r->linked, r->nlinked, sizeof *r->linked, assess_cmp_id);
}

/* The item's row read by assess_reader_scope, if it has one and needs nothing more. */
static const assess_plain *assess_plain_of(const assess_reader *r, int64_t id)
{
	if (!r->scoped || assess_is_linked(r, id))
		return NULL;
	/* assess_plain begins with its id, so the same comparison serves */
	return r->nplain ? bsearch(&id, r->plain, r->nplain, sizeof *r->plain, assess_cmp_id)
			 : NULL;
}

static void assess_copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

/* Columns first..first+4 into a judgement. */
static void assess_judgement_cols(sqlite3_stmt *s, int first, assess_judgement *j)
{
	assess_copy(j->value, sizeof j->value, store_col(s, first));
	assess_copy(j->date, sizeof j->date, store_col(s, first + 1));
	assess_copy(j->by, sizeof j->by, store_col(s, first + 2));
	assess_copy(j->at, sizeof j->at, store_col(s, first + 3));
	assess_copy(j->note, sizeof j->note, store_col(s, first + 4));
}

static bool assess_in(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(v, *set))
			return true;
	return false;
}

const assess_judgement *assess_independent(const assess_item *a, judge_source *src)
{
	const assess_judgement *irp = &a->j[JUDGE_IRP], *insp = &a->j[JUDGE_INSPECTION];
	judge_source s = JUDGE_INSPECTION;
	const assess_judgement *j = insp;
	if (!insp->value[0] || (irp->value[0] && strcmp(irp->date, insp->date) > 0)) {
		s = JUDGE_IRP;
		j = irp;
	}
	if (!j->value[0])
		return NULL;
	if (src)
		*src = s;
	return j;
}

/* The rule of assess.h, from the item's fields. */
static assess_gap assess_gap_of(const assess_item *a)
{
	static const char *const not_done[] = {"not_achieved", "insufficient_progress",
					       "no_meaningful_progress", NULL};
	static const char *const done[] = {"achieved", "good_progress", NULL};
	const assess_judgement *theirs = assess_independent(a, NULL);
	if (!theirs)
		return ASSESS_AGREE;
	bool ours_done = (a->actions > 0 && a->open == 0 && a->completed > 0) ||
			 !strcmp(a->j[JUDGE_SELF].value, "achieved");
	if (ours_done && assess_in(theirs->value, not_done))
		return ASSESS_OURS_DONE;
	if (a->open > 0 && assess_in(theirs->value, done))
		return ASSESS_THEIRS_DONE;
	return ASSESS_AGREE;
}

/* An item with no judgement and no link: its action figures are all there is. */
static void assess_from_counts(assess_item *out, const assess_counts *n, const char *done_at)
{
	memset(out, 0, sizeof *out);
	out->actions = n->actions;
	out->open = n->open;
	out->completed = n->completed;
	assess_copy(out->done_at, sizeof out->done_at, done_at);
	out->slipped = n->slipped;
	out->slip_days = n->slip_days;
	out->gap = assess_gap_of(out);
}

int assess_read_counted(assess_reader *r, int64_t item_id, const assess_counts *n,
			assess_item *out, ab_err *err)
{
	if (!r->links_read || assess_is_linked(r, item_id))
		return assess_read(r, item_id, out, err);
	assess_from_counts(out, n, NULL);
	return 0;
}

int assess_read(assess_reader *r, int64_t item_id, assess_item *out, ab_err *err)
{
	const assess_plain *p = assess_plain_of(r, item_id);
	if (p) {
		assess_from_counts(out, &p->n, p->done_at);
		return 0;
	}
	sqlite3_stmt *s = r->s;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, item_id);
	int rc = sqlite3_step(s);
	memset(out, 0, sizeof *out);
	if (rc == SQLITE_ROW) {
		for (int k = 0; k < JUDGE_SOURCES; k++)
			assess_judgement_cols(s, 5 * k, &out->j[k]);
		assess_copy(out->earlier_key, sizeof out->earlier_key, store_col(s, 15));
		assess_copy(out->earlier_cycle, sizeof out->earlier_cycle, store_col(s, 16));
		assess_copy(out->earlier_ref, sizeof out->earlier_ref, store_col(s, 17));
		assess_copy(out->earlier_agreement, sizeof out->earlier_agreement, store_col(s, 18));
		assess_judgement_cols(s, 19, &out->earlier_inspection);
		assess_copy(out->later_key, sizeof out->later_key, store_col(s, 24));
		out->actions = sqlite3_column_int(s, 25);
		out->open = sqlite3_column_int(s, 26);
		out->completed = sqlite3_column_int(s, 27);
		assess_copy(out->done_at, sizeof out->done_at, store_col(s, 28));
		out->slipped = sqlite3_column_int(s, 29);
		out->slip_days = (long)sqlite3_column_int64(s, 30);
		out->gap = assess_gap_of(out);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return err_set(err, EX_DATAERR, "no such item (id %lld)", (long long)item_id);
	return rc == SQLITE_ROW ? 0 : store_fail(r->st, err, "reading the item's judgements");
}

const char *assess_gap_words(assess_gap g)
{
	switch (g) {
	case ASSESS_OURS_DONE: return "completed by us, not achieved by HMIP";
	case ASSESS_THEIRS_DONE: return "achieved by HMIP, still open with us";
	default: return "";
	}
}

const char *assess_gap_name(assess_gap g)
{
	switch (g) {
	case ASSESS_OURS_DONE: return "ours_done";
	case ASSESS_THEIRS_DONE: return "theirs_done";
	default: return NULL;
	}
}

/* ---- across plans -------------------------------------------------------------------------- */

/*
 * Only items the inspectors judged can disagree with them. The statement is composed from
 * fixed fragments for the filters in use (as query.c does): with a place the plan's items
 * are found by index and each probes judgement_item once, so a plan's count never reads
 * every judgement of the estate.
 */
static const char assess_judged_select[] =
	"SELECT i.id, e.code, c.code, i.ref, i.text FROM establishment e"
	" JOIN cycle c ON c.establishment_id = e.id JOIN item i ON i.cycle_id = c.id"
	" WHERE EXISTS (SELECT 1 FROM judgement j WHERE j.item_id = i.id"
	"   AND j.source IN ('irp', 'inspection') AND " ASSESS_LIVE("j") ")"
	"   AND i.retired = 0 AND c.retired = 0";
static const char assess_judged_order[] =
	" ORDER BY e.code, c.inspection_start, c.code, i.position";

static void assess_judged_sql(char *sql, size_t n, const char *establishment,
			      const char *cycle)
{
	snprintf(sql, n, "%s%s%s%s", assess_judged_select, establishment ? " AND e.code = ?1" : "",
		 cycle ? " AND c.code = ?2" : "", assess_judged_order);
}

typedef struct assess_walk {
	assess_row_fn fn;
	void *ctx;
	int *counts;
} assess_walk;

static int assess_judged(store *st, const char *establishment, const char *cycle,
			 const assess_walk *w, ab_err *err)
{
	assess_reader *r;
	if (assess_reader_open(st, &r, err))
		return err->code;
	sqlite3_stmt *s;
	char sql[sizeof assess_judged_select + sizeof assess_judged_order + 64];
	assess_judged_sql(sql, sizeof sql, establishment, cycle);
	if (store_prepare_kept(st, sql, &s, err)) {
		assess_reader_close(r);
		return err->code;
	}
	store_bind_text(s, 1, establishment);
	store_bind_text(s, 2, cycle);
	int rc, cbrc = 0;
	assess_item a;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((cbrc = assess_read(r, sqlite3_column_int64(s, 0), &a, err)))
			break;
		if (w->counts)
			w->counts[a.gap]++;
		if (w->fn && a.gap != ASSESS_AGREE) {
			assess_row row = {sqlite3_column_int64(s, 0), store_col(s, 1), store_col(s, 2),
					  store_col(s, 3), store_col(s, 4), &a};
			cbrc = w->fn(&row, w->ctx);
		}
	}
	sqlite3_reset(s);
	assess_reader_close(r);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading judgements");
}

int assess_disagreements(store *st, const char *establishment, const char *cycle,
			 assess_row_fn fn, void *ctx, ab_err *err)
{
	assess_walk w = {fn, ctx, NULL};
	return assess_judged(st, establishment, cycle, &w, err);
}

int assess_count(store *st, const char *establishment, const char *cycle,
		 int counts[ASSESS_GAPS], ab_err *err)
{
	memset(counts, 0, ASSESS_GAPS * sizeof *counts);
	assess_walk w = {NULL, NULL, counts};
	return assess_judged(st, establishment, cycle, &w, err);
}
