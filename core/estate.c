/* estate — see estate.h. Open and overdue are rules.h's. */
#include "estate.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "store_priv.h"
#include "util.h"

/*
 * Every live plan with its kept figures (core/counts.h: a lookup per plan, never a walk over
 * its actions), ?1 today, ?2 one establishment's code (estate_one_sql). By establishment
 * id, and within one latest inspection first: read backwards through index cycle_order,
 * so SQLite sorts nothing, and the first plan of each establishment is its latest. What
 * the overview counts is decided in C from this one stream (estate_walk), where it costs
 * nothing: a statement that found each plan's latest and grouped the covered ones cost
 * three times the reading itself at 1m actions.
 */
#define ESTATE_PLANS_SELECT                                                                 \
	"SELECT c.establishment_id, c.code, c.scheme, c.inspection_start, k.items,"          \
	" k.actions, k.open, " RULES_COUNT_OVERDUE("k", "c.id", "?1") ", k.completed,"      \
	" " RULES_COUNT_VERIFIED("c.id") ", e.code, c.id, k.cycle_id IS NOT NULL FROM cycle c"  \
	" CROSS JOIN establishment e ON e.id = c.establishment_id"                           \
	" LEFT JOIN plan_count k ON k.cycle_id = c.id WHERE c.retired = 0"
#define ESTATE_PLANS_ORDER                                                                  \
	" ORDER BY c.establishment_id DESC, c.inspection_start DESC, c.code DESC, c.id DESC"

static const char estate_all_sql[] = ESTATE_PLANS_SELECT ESTATE_PLANS_ORDER;
static const char estate_one_sql[] = ESTATE_PLANS_SELECT
	" AND c.establishment_id = (SELECT id FROM establishment WHERE code = ?2)"
	ESTATE_PLANS_ORDER;

/* One live plan as estate_walk() hands it on. */
typedef struct estate_walked {
	int64_t est, id;  /* database ids of its establishment and of the plan */
	estate_plan p;    /* strings valid during the callback */
	int verified;
	bool kept;        /* it has figures (plan_count): only a damaged database has none */
	bool covered;
} estate_walked;

typedef int (*estate_walk_fn)(const estate_walked *w, void *ctx);

static int estate_finish(store *st, sqlite3_stmt *s, int rc, int cbrc, ab_err *err)
{
	sqlite3_reset(s); /* kept by the store (store_prepare_kept): a dashboard reads them often */
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading");
}

/*
 * The one definition of what the overview counts (estate.h): streams every live plan of
 * `code`'s establishment (NULL: of every one), each marked latest or not and covered or
 * not. Covered: the latest, and every plan with an open action. A plan with no figures
 * (check --deep reports it) is still its establishment's latest, and counts for nothing.
 */
static int estate_walk(store *st, date_t today, const char *code, estate_walk_fn fn, void *ctx,
		       ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare_kept(st, code ? estate_one_sql : estate_all_sql, &s, err))
		return err->code;
	char iso[DATE_ISO_LEN];
	date_format_iso(today, iso);
	store_bind_text(s, 1, iso);
	if (code)
		store_bind_text(s, 2, code);
	int rc, cbrc = 0;
	int64_t last = 0;
	bool first = true;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		estate_walked w = {
			.est = sqlite3_column_int64(s, 0), .id = sqlite3_column_int64(s, 11),
			.p = {.cycle = store_col(s, 1), .scheme = store_col(s, 2),
			      .inspection_start = store_col(s, 3),
			      .items = sqlite3_column_int(s, 4), .actions = sqlite3_column_int(s, 5),
			      .open = sqlite3_column_int(s, 6), .overdue = sqlite3_column_int(s, 7),
			      .completed = sqlite3_column_int(s, 8),
			      .establishment = store_col(s, 10)},
			.verified = sqlite3_column_int(s, 9),
		};
		w.kept = sqlite3_column_int(s, 12);
		w.p.latest = first || w.est != last;
		w.covered = w.kept && (w.p.latest || w.p.open > 0);
		first = false;
		last = w.est;
		cbrc = fn(&w, ctx);
	}
	return estate_finish(st, s, cbrc ? SQLITE_DONE : rc, cbrc, err);
}

/* ---- the overview: the walk summed per establishment ----------------------------------- */

/* One establishment's plans: how many, and the covered ones' figures summed. */
typedef struct estate_sum {
	int64_t est;
	int plans, covered, items, actions, open, overdue, completed, verified;
	char *cycle, *scheme, *inspection_start; /* its latest plan's; owned */
} estate_sum;

typedef struct estate_sums {
	estate_sum *v; /* by establishment id, descending: the walk's order */
	size_t n, cap;
} estate_sums;

static int estate_on_walked(const estate_walked *w, void *ctx)
{
	estate_sums *l = ctx;
	if (w->p.latest) {
		XGROW(l->v, l->n, l->cap);
		l->v[l->n++] = (estate_sum){.est = w->est};
		if (w->kept)
			l->v[l->n - 1] = (estate_sum){
				.est = w->est, .cycle = xstrdup(w->p.cycle),
				.scheme = xstrdup(w->p.scheme),
				.inspection_start = xstrdup(w->p.inspection_start)};
	}
	estate_sum *e = &l->v[l->n - 1];
	e->plans += w->kept;
	if (!w->covered)
		return 0;
	e->covered++;
	e->items += w->p.items;
	e->actions += w->p.actions;
	e->open += w->p.open;
	e->overdue += w->p.overdue;
	e->completed += w->p.completed;
	e->verified += w->verified;
	return 0;
}

static void estate_sums_free(estate_sums *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].cycle);
		free(l->v[i].scheme);
		free(l->v[i].inspection_start);
	}
	free(l->v);
}

/* The sums of establishment `est`, or NULL when it has no live plan. */
static const estate_sum *estate_sum_of(const estate_sums *l, int64_t est)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->v[mid].est == est)
			return &l->v[mid];
		if (l->v[mid].est > est)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ?1 one establishment's code, or NULL for all. */
static const char estate_names_of_sql[] =
	"SELECT id, code, name, description, region, function FROM establishment"
	" WHERE ?1 IS NULL OR code = ?1 ORDER BY code";

/* Each establishment (by code) with its sums from `l`. */
static int estate_emit(store *st, const char *code, const estate_sums *l, estate_row_fn fn,
		       void *ctx, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare_kept(st, estate_names_of_sql, &s, err))
		return err->code;
	store_bind_text(s, 1, code);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const estate_sum *e = estate_sum_of(l, sqlite3_column_int64(s, 0));
		estate_sum none = {0};
		if (!e)
			e = &none;
		estate_row r = {
			.code = store_col(s, 1), .name = store_col(s, 2),
			.description = store_col(s, 3), .region = store_col(s, 4),
			.function = store_col(s, 5), .plans = e->plans, .covered = e->covered,
			.cycle = e->cycle, .scheme = e->scheme,
			.inspection_start = e->inspection_start, .items = e->items,
			.actions = e->actions, .open = e->open, .overdue = e->overdue,
			.completed = e->completed, .verified = e->verified,
		};
		cbrc = fn(&r, ctx);
	}
	return estate_finish(st, s, cbrc ? SQLITE_DONE : rc, cbrc, err);
}

int estate_establishments(store *st, date_t today, estate_row_fn fn, void *ctx, ab_err *err)
{
	return estate_establishment(st, today, NULL, fn, ctx, err);
}

int estate_establishment(store *st, date_t today, const char *code, estate_row_fn fn, void *ctx,
			 ab_err *err)
{
	estate_sums l = {0};
	if (store_read_begin(st, err)) /* the plans and their establishments from one snapshot */
		return err->code;
	int rc = estate_walk(st, today, code, estate_on_walked, &l, err);
	if (!rc)
		rc = estate_emit(st, code, &l, fn, ctx, err);
	store_read_end(st);
	estate_sums_free(&l);
	return rc;
}

/* ---- the covered plans, latest first ----------------------------------------------------- */

typedef struct estate_kept {
	estate_plan p; /* strings owned */
	int64_t id;
} estate_kept;

typedef struct estate_kept_list {
	estate_kept *v;
	size_t n, cap;
} estate_kept_list;

static int estate_on_covered(const estate_walked *w, void *ctx)
{
	estate_kept_list *l = ctx;
	if (!w->covered)
		return 0;
	XGROW(l->v, l->n, l->cap);
	estate_kept *k = &l->v[l->n++];
	k->id = w->id;
	k->p = w->p;
	k->p.establishment = xstrdup(w->p.establishment);
	k->p.cycle = xstrdup(w->p.cycle);
	k->p.scheme = xstrdup(w->p.scheme);
	k->p.inspection_start = xstrdup(w->p.inspection_start);
	return 0;
}

/* Latest inspection first (none last), then by code and id, descending: SQL's
 * ORDER BY inspection_start DESC, code DESC, id DESC, whose text order is memcmp's. */
static int estate_kept_cmp(const void *x, const void *y)
{
	const estate_kept *a = x, *b = y;
	const char *sa = a->p.inspection_start, *sb = b->p.inspection_start;
	int c = sa && sb ? strcmp(sb, sa) : !sa - !sb;
	if (!c)
		c = strcmp(b->p.cycle, a->p.cycle);
	return c ? c : (b->id > a->id) - (b->id < a->id);
}

int estate_plans(store *st, const char *establishment, date_t today, estate_plan_fn fn,
		 void *ctx, ab_err *err)
{
	estate_kept_list l = {0};
	int rc = estate_walk(st, today, establishment, estate_on_covered, &l, err);
	if (!rc)
		qsort(l.v, l.n, sizeof *l.v, estate_kept_cmp);
	for (size_t i = 0; i < l.n; i++) {
		if (!rc)
			rc = fn(&l.v[i].p, ctx);
		free((char *)l.v[i].p.establishment);
		free((char *)l.v[i].p.cycle);
		free((char *)l.v[i].p.scheme);
		free((char *)l.v[i].p.inspection_start);
	}
	free(l.v);
	return rc;
}

/*
 * ?1 establishment or NULL, ?2 today, ?3..?18 owner names or aliases (unused ones NULL),
 * ?19..?34 the establishments to stay within (all NULL: anywhere).
 * The owners' actions are found through action_owner_owner and sorted: grouped by plan,
 * overdue first by due date, the rest in plan order.
 */
#define ESTATE_OWNER_PARAMS "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18"
#define ESTATE_WITHIN_PARAMS                                                                 \
	"?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34"
#define ESTATE_WITHIN 19
static const char estate_owner_sql[] =
	"SELECT a.id, a.cycle_id, " RULES_OVERDUE("a", "?2") " AS late"
	" FROM action a JOIN item i ON i.id = a.item_id JOIN cycle c ON c.id = a.cycle_id"
	" JOIN establishment e ON e.id = c.establishment_id"
	" WHERE a.retired = 0 AND i.retired = 0 AND c.retired = 0"
	"  AND (?1 IS NULL OR e.code = ?1)"
	"  AND (?19 IS NULL OR e.code IN (" ESTATE_WITHIN_PARAMS "))"
	"  AND a.id IN (SELECT action_id FROM action_owner WHERE owner_id IN"
	"   (SELECT id FROM owner WHERE name IN (" ESTATE_OWNER_PARAMS ")"
	"    UNION SELECT owner_id FROM owner_alias WHERE alias IN (" ESTATE_OWNER_PARAMS ")))"
	" ORDER BY e.code, c.inspection_start, c.code, c.id, late DESC,"
	"  CASE WHEN late THEN a.due_effective END, i.position, i.id, a.position, a.id";

/* Prepares (kept) one of the owners' statements into *out and binds the parameters they
 * share: ?1 establishment, ?2 today, the owners from ?3, the establishments within from
 * ESTATE_WITHIN. */
static int estate_owner_prepare(store *st, const char *sql, const char *const *owners,
				size_t nowners, const char *establishment,
				const char *const *within, size_t nwithin, date_t today,
				sqlite3_stmt **out, ab_err *err)
{
	if (nowners > ESTATE_MAX_OWNERS || nwithin > ESTATE_MAX_OWNERS)
		return err_set(err, EX_USAGE, "at most %d owners and establishments at once",
			       ESTATE_MAX_OWNERS);
	sqlite3_stmt *s;
	if (store_prepare_kept(st, sql, &s, err))
		return err->code;
	*out = s;
	char iso[DATE_ISO_LEN];
	date_format_iso(today, iso);
	store_bind_text(s, 1, establishment);
	store_bind_text(s, 2, iso);
	for (size_t i = 0; i < nowners; i++)
		store_bind_text(s, 3 + (int)i, owners[i]);
	for (size_t i = 0; i < nwithin; i++)
		store_bind_text(s, ESTATE_WITHIN + (int)i, within[i]);
	return 0;
}

/* Streams a statement's rows (action id, cycle id, overdue) to fn. */
static int estate_owner_stream(store *st, sqlite3_stmt *s, estate_action_fn fn, void *ctx,
			       ab_err *err)
{
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		estate_action r = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
				   sqlite3_column_int(s, 2)};
		cbrc = fn(&r, ctx);
	}
	return estate_finish(st, s, cbrc ? SQLITE_DONE : rc, cbrc, err);
}

int estate_owner_actions(store *st, const char *const *owners, size_t nowners,
			 const char *establishment, const char *const *within, size_t nwithin,
			 date_t today, estate_action_fn fn, void *ctx, ab_err *err)
{
	sqlite3_stmt *s;
	if (estate_owner_prepare(st, estate_owner_sql, owners, nowners, establishment, within,
				 nwithin, today, &s, err))
		return err->code;
	return estate_owner_stream(st, s, fn, ctx, err);
}

/* The owners' ids, from ESTATE_OWNER_PARAMS: each name, or the owner an alias names. */
#define ESTATE_OWNER_IDS                                                                     \
	"(SELECT id FROM owner WHERE name IN (" ESTATE_OWNER_PARAMS ")"                       \
	" UNION SELECT owner_id FROM owner_alias WHERE alias IN (" ESTATE_OWNER_PARAMS "))"

/*
 * The plans of estate_owner_plans(), from the figures kept per plan and owner (counts.h):
 * a row per plan and owner, found through index owner_count_owner. ?1 establishment or
 * NULL, ?3..?18 owners, ?19..?34 within; the order is estate_owner_sql's by plan.
 */
static const char estate_owner_plans_sql[] =
	"SELECT k.cycle_id, k.actions"
	" FROM owner_count k CROSS JOIN cycle c ON c.id = k.cycle_id"
	" JOIN establishment e ON e.id = c.establishment_id"
	" WHERE k.owner_id IN " ESTATE_OWNER_IDS " AND c.retired = 0 AND k.actions > 0"
	"  AND (?1 IS NULL OR e.code = ?1)"
	"  AND (?19 IS NULL OR e.code IN (" ESTATE_WITHIN_PARAMS "))"
	" ORDER BY e.code, c.inspection_start, c.code, c.id";

/* Their overdue: the owners' rows of owner_due due before today (rules.h), one range of
 * index owner_due_owner per owner, summed per plan and owner. A lookup of owner_due per
 * plan instead (RULES_KEPT_OVERDUE) ran 2,829 searches of its 644,498 rows for the
 * largest owner at 1m, each in a page the cache seldom held. ?2 today, ?3..?18 owners. */
static const char estate_owner_late_sql[] =
	"SELECT kd.cycle_id, sum(kd.n) FROM owner_due kd"
	" WHERE kd.owner_id IN " ESTATE_OWNER_IDS " AND " RULES_KEPT_LATE("?2")
	" GROUP BY kd.owner_id, kd.cycle_id";

typedef struct estate_late {
	int64_t cycle;
	int n;
} estate_late;

typedef struct estate_lates {
	estate_late *v;
	size_t n, cap;
} estate_lates;

static int estate_late_cmp(const void *x, const void *y)
{
	const estate_late *a = x, *b = y;
	return (a->cycle > b->cycle) - (a->cycle < b->cycle);
}

/* The owners' overdue per plan into *l, by cycle id, each plan once (several owners'
 * rows summed, as estate_owner_plans() counts them; one name may be an owner's and
 * another's alias). */
static int estate_owner_lates(store *st, const char *const *owners, size_t nowners,
			      date_t today, estate_lates *l, ab_err *err)
{
	sqlite3_stmt *s;
	if (estate_owner_prepare(st, estate_owner_late_sql, owners, nowners, NULL, NULL, 0, today,
				 &s, err))
		return err->code;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		XGROW(l->v, l->n, l->cap);
		l->v[l->n++] = (estate_late){sqlite3_column_int64(s, 0), sqlite3_column_int(s, 1)};
	}
	bool sorted = true; /* one owner's rows usually come by plan; several owners' in turn */
	for (size_t i = 1; i < l->n && sorted; i++)
		sorted = l->v[i - 1].cycle < l->v[i].cycle;
	if (!sorted) {
		qsort(l->v, l->n, sizeof *l->v, estate_late_cmp);
		size_t k = 0;
		for (size_t i = 1; i < l->n; i++)
			if (l->v[i].cycle == l->v[k].cycle)
				l->v[k].n += l->v[i].n;
			else
				l->v[++k] = l->v[i];
		l->n = k + 1;
	}
	return estate_finish(st, s, rc, 0, err);
}

/* The overdue of plan `cycle` in l (0 when none is). */
static int estate_late_of(const estate_lates *l, int64_t cycle)
{
	estate_late key = {cycle, 0};
	const estate_late *f = l->n ? bsearch(&key, l->v, l->n, sizeof *l->v, estate_late_cmp)
				     : NULL;
	return f ? f->n : 0;
}

int estate_owner_plans(store *st, const char *const *owners, size_t nowners,
		       const char *establishment, const char *const *within, size_t nwithin,
		       date_t today, estate_owner_plan_fn fn, void *ctx, ab_err *err)
{
	estate_lates late = {0};
	sqlite3_stmt *s;
	if (estate_owner_prepare(st, estate_owner_plans_sql, owners, nowners, establishment,
				 within, nwithin, today, &s, err))
		return err->code;
	/* The overdue are read while the plans' statement has its first row: it holds the
	 * read transaction, so both see the same commit of another process. */
	int rc = sqlite3_step(s), cbrc = 0;
	if (rc == SQLITE_ROW && estate_owner_lates(st, owners, nowners, today, &late, err)) {
		sqlite3_reset(s);
		free(late.v);
		return err->code;
	}
	estate_owner_plan p = {0};
	/* a plan's rows (one per owner) come together: it is handed on at the next plan */
	for (; !cbrc && rc == SQLITE_ROW; rc = cbrc ? rc : sqlite3_step(s)) {
		int64_t cycle = sqlite3_column_int64(s, 0);
		if (p.cycle && p.cycle != cycle) {
			cbrc = fn(&p, ctx);
			p = (estate_owner_plan){0};
		}
		p.exact = !p.cycle;
		if (!p.cycle)
			p.overdue = estate_late_of(&late, cycle);
		p.cycle = cycle;
		p.actions += sqlite3_column_int(s, 1);
	}
	if (!cbrc && rc == SQLITE_DONE && p.cycle)
		cbrc = fn(&p, ctx);
	free(late.v);
	return estate_finish(st, s, cbrc ? SQLITE_DONE : rc, cbrc, err);
}

/* The owners' live actions of one plan (?1 its cycle id), in estate_owner_sql's order
 * within a plan. Two ways to find them, the same rows: */
#define ESTATE_PLAN_ORDER                                                                    \
	" ORDER BY late DESC, CASE WHEN late THEN a.due_effective END, i.position, i.id,"    \
	"  a.position, a.id"
/* from the plan's items (index item_order) and all their actions, each action's owners
 * looked up by its key: `a.id IN (SELECT action_id ...)` alone would list every action of
 * the owners first, 5,159 of them for the largest at 1m, for each plan read; */
static const char estate_owner_plan_sql[] =
	"SELECT a.id, a.cycle_id, " RULES_OVERDUE("a", "?2") " AS late"
	" FROM item i CROSS JOIN action a ON a.item_id = i.id"
	" WHERE i.cycle_id = ?1 AND i.retired = 0 AND a.retired = 0 AND a.cycle_id = ?1"
	"  AND EXISTS (SELECT 1 FROM action_owner ao WHERE ao.action_id = a.id"
	"   AND ao.owner_id IN " ESTATE_OWNER_IDS ")" ESTATE_PLAN_ORDER;
/* or, when the plan's action ids lie close together (?35..?36: estate_owner_plan_actions),
 * the owners' actions with an id in that range (index action_owner_owner), only those
 * looked up: a sync writes a plan's new actions together, so for most plans the range
 * holds the plan's actions alone, of which the owners' are a few (1.8 a plan for HMPPS
 * Estates at 1m, of 87). `+` keeps SQLite from walking the plan's actions instead. */
static const char estate_owner_plan_near_sql[] =
	"SELECT a.id, a.cycle_id, " RULES_OVERDUE("a", "?2") " AS late"
	" FROM action a CROSS JOIN item i ON i.id = a.item_id"
	" WHERE a.id IN (SELECT action_id FROM action_owner WHERE owner_id IN " ESTATE_OWNER_IDS
	"   AND action_id BETWEEN ?35 AND ?36)"
	"  AND +a.cycle_id = ?1 AND a.retired = 0 AND +i.cycle_id = ?1 AND i.retired = 0"
	ESTATE_PLAN_ORDER;
/* The range of a plan's action ids (retired ones too) and their number. */
static const char estate_plan_ids_sql[] =
	"SELECT min(id), max(id), count(*) FROM action WHERE cycle_id = ?1";

/* The near way is taken when the range holds at most ESTATE_NEAR_SPREAD times the plan's
 * actions: the others' in it that the owners hold, each looked up, are then at most as
 * many as the plan's own, which the other way walks. */
#define ESTATE_NEAR_SPREAD 2

int estate_owner_plan_actions(store *st, const char *const *owners, size_t nowners,
			      int64_t cycle, date_t today, estate_action_fn fn, void *ctx,
			      ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare_kept(st, estate_plan_ids_sql, &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, cycle);
	int rc = sqlite3_step(s);
	int64_t lo = 0, hi = 0, n = 0;
	if (rc == SQLITE_ROW) {
		lo = sqlite3_column_int64(s, 0);
		hi = sqlite3_column_int64(s, 1);
		n = sqlite3_column_int64(s, 2);
	}
	if (estate_finish(st, s, rc == SQLITE_ROW ? SQLITE_DONE : rc, 0, err))
		return err->code;
	bool near = n && hi - lo < ESTATE_NEAR_SPREAD * n;
	if (estate_owner_prepare(st, near ? estate_owner_plan_near_sql : estate_owner_plan_sql,
				 owners, nowners, NULL, NULL, 0, today, &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, cycle); /* ?1 is the plan here */
	if (near) {
		sqlite3_bind_int64(s, 35, lo);
		sqlite3_bind_int64(s, 36, hi);
	}
	return estate_owner_stream(st, s, fn, ctx, err);
}

/* The one integer `sql` gives for id `id` (?1) into *out; 0 when no row. */
static int estate_lookup(store *st, const char *sql, int64_t id, int64_t *out, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare_kept(st, sql, &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	return estate_finish(st, s, rc == SQLITE_ROW ? SQLITE_DONE : rc, 0, err);
}

int estate_plan_size(store *st, int64_t cycle, int *actions, ab_err *err)
{
	int64_t n;
	int rc = estate_lookup(st, "SELECT actions FROM plan_count WHERE cycle_id = ?1", cycle, &n,
			       err);
	*actions = (int)n;
	return rc;
}

int estate_action_plan(store *st, int64_t action, int64_t *cycle, ab_err *err)
{
	return estate_lookup(st, "SELECT cycle_id FROM action WHERE id = ?1", action, cycle, err);
}

int estate_names_number(store *st, int64_t *number, ab_err *err)
{
	return estate_lookup(st, "SELECT seq FROM names_change WHERE id = ?1", 1, number, err);
}

/* ?1 establishment or NULL. The pairs (owner, establishment) of the live actions, read from
 * the figures kept per plan and owner (core/counts.h: a row per plan and owner, found plan
 * by plan) and kept once, then named: a local owner with the establishment's code, a
 * shared one once with NULL. */
static const char estate_names_sql[] =
	"SELECT o.name, CASE WHEN o.shared THEN NULL ELSE e.code END AS est FROM"
	" (SELECT DISTINCT k.owner_id AS oid, c.establishment_id AS eid FROM cycle c"
	"  CROSS JOIN owner_count k ON k.cycle_id = c.id"
	"  WHERE c.retired = 0 AND (?1 IS NULL OR c.establishment_id ="
	"   (SELECT id FROM establishment WHERE code = ?1))) p"
	" JOIN owner o ON o.id = p.oid JOIN establishment e ON e.id = p.eid"
	" GROUP BY o.name, est ORDER BY o.name, est";

int estate_owner_names(store *st, const char *establishment, estate_name_fn fn, void *ctx,
		       ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare_kept(st, estate_names_sql, &s, err))
		return err->code;
	store_bind_text(s, 1, establishment);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW)
		cbrc = fn(store_col(s, 0), store_col(s, 1), ctx);
	return estate_finish(st, s, cbrc ? SQLITE_DONE : rc, cbrc, err);
}
