/* span — see span.h. Everything is read through core/estate.h, core/query.h and
 * core/search.h. */
#include "span.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/query.h"
#include "../core/search.h"

void span_init(span *s, store *st, date_t today)
{
	memset(s, 0, sizeof *s);
	s->st = st;
	s->today = today;
	s->whole_ratio = SPAN_WHOLE_RATIO;
}

/* ---- the overview ------------------------------------------------------------------ */

static void span_est_free(span_est *r);

static void span_estate_free(span_estate *e)
{
	for (size_t i = 0; i < e->n; i++)
		span_est_free(&e->rows[i]);
	free(e->rows);
	free(e->shown);
	free(e->lines);
	free(e->groups);
	e->rows = NULL;
	e->shown = NULL;
	e->lines = e->groups = NULL;
	e->n = e->nshown = e->nlines = 0;
	e->grouped = e->loaded = false;
}

typedef struct span_load {
	span *s;
	size_t cap;
	ab_err *err;
	size_t heading; /* the owner's list: the line of the plan being read's heading */
	size_t pcap;    /* and its plans' */
} span_load;

static void span_est_free(span_est *r)
{
	free(r->code);
	free(r->name);
	free(r->where);
	free(r->region);
	free(r->cycle);
	free(r->scheme);
	free(r->since);
}

/* One overview row from core's. */
static void span_est_fill(span_est *x, const estate_row *r)
{
	const char *where = r->region     ? r->region
			    : r->function ? r->function
			    : r->description ? r->description : "";
	*x = (span_est){
		.code = xstrdup(r->code), .name = xstrdup(r->name), .where = xstrdup(where),
		.region = xstrdup(r->region), .cycle = xstrdup(r->cycle),
		.scheme = xstrdup(r->scheme), .since = xstrdup(r->inspection_start),
		.plans = r->plans, .covered = r->covered, .items = r->items,
		.actions = r->actions, .open = r->open, .overdue = r->overdue,
		.completed = r->completed,
		.verified = r->verified,
		.done_pct = r->actions ? (int)((long)r->completed * 100 / r->actions) : 0,
	};
}

static int span_on_est(const estate_row *r, void *ctx)
{
	span_load *l = ctx;
	span_estate *e = &l->s->estate;
	XGROW(e->rows, e->n, l->cap);
	e->grouped |= r->region != NULL;
	span_est_fill(&e->rows[e->n++], r);
	return 0;
}

/* The row of r's establishment replaced by r; -1 when the overview has no such row. */
static int span_on_est_again(const estate_row *r, void *ctx)
{
	span_load *l = ctx;
	span_estate *e = &l->s->estate;
	for (size_t i = 0; i < e->n; i++) {
		if (strcmp(e->rows[i].code, r->code))
			continue;
		span_est_free(&e->rows[i]);
		e->grouped |= r->region != NULL;
		l->cap = 1; /* found */
		span_est_fill(&e->rows[i], r);
		return 0;
	}
	return 0;
}

int span_estate_reload(span *s, const char *const *codes, size_t n, bool *whole, ab_err *err)
{
	*whole = false;
	for (size_t i = 0; i < n; i++) {
		span_load l = {.s = s, .err = err};
		if (estate_establishment(s->st, s->today, codes[i], span_on_est_again, &l, err))
			return err->code;
		if (!l.cap) { /* an establishment the overview does not have yet */
			*whole = true;
			return span_estate_load(s, err);
		}
	}
	span_estate_arrange(s);
	return 0;
}

int span_estate_load(span *s, ab_err *err)
{
	span_estate *e = &s->estate;
	span_estate_free(e);
	span_load l = {.s = s, .err = err};
	if (estate_establishments(s->st, s->today, span_on_est, &l, err))
		return err->code;
	if (e->n) {
		e->shown = xcalloc(e->n, sizeof *e->shown);
		e->lines = xcalloc(2 * e->n, sizeof *e->lines);
		e->groups = xcalloc(e->n, sizeof *e->groups);
	}
	e->loaded = true;
	span_estate_arrange(s);
	return 0;
}

const char *span_estate_by_name(int by)
{
	static const char *const names[SPAN_BY_COUNT] = {
		"code", "name", "region", "latest plan", "items", "open", "overdue", "completed",
		"% done"};
	return by >= 0 && by < SPAN_BY_COUNT ? names[by] : "?";
}

/* Whether every word of the filter is in one of the row's texts, any case, and the row
 * is in the group shown (when one is). */
static bool span_est_matches(const span_estate *e, const span_est *r)
{
	if (e->group_only && strcmp(r->region ? r->region : "", e->group))
		return false;
	char word[128];
	for (const char *p = e->filter; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		if (!n)
			break;
		snprintf(word, sizeof word, "%.*s", (int)n, p);
		p += n;
		if (!strcasestr(r->code, word) && !strcasestr(r->name, word) &&
		    !strcasestr(r->where, word) && !(r->cycle && strcasestr(r->cycle, word)))
			return false;
	}
	return true;
}

static int span_by; /* qsort has no context: the column of the sort under way */
static const span_est *span_sort_rows;

static int span_num(const span_est *r, int by)
{
	switch (by) {
	case SPAN_BY_ITEMS: return r->items;
	case SPAN_BY_OPEN: return r->open;
	case SPAN_BY_OVERDUE: return r->overdue;
	case SPAN_BY_DONE: return r->completed;
	default: return r->done_pct;
	}
}

/* Two rows (or two groups' sums) by the column: numbers largest first (% done least
 * first), text A to Z; 0 when equal. */
static int span_cmp_by(const span_est *a, const span_est *b, int by)
{
	switch (by) {
	case SPAN_BY_CODE: return 0;
	case SPAN_BY_NAME: return strcasecmp(a->name, b->name);
	case SPAN_BY_WHERE: return strcasecmp(a->where, b->where);
	case SPAN_BY_CYCLE: { /* latest plans first; none last */
		int c = !a->since - !b->since;
		return !c && a->since ? -strcmp(a->since, b->since) : c;
	}
	case SPAN_BY_PCT: return span_num(a, by) - span_num(b, by);
	default: return span_num(b, by) - span_num(a, by);
	}
}

static int span_cmp(const void *x, const void *y)
{
	const span_est *a = &span_sort_rows[*(const size_t *)x];
	const span_est *b = &span_sort_rows[*(const size_t *)y];
	int c = a->group_rank - b->group_rank;
	if (!c)
		c = span_cmp_by(a, b, span_by);
	return c ? c : strcmp(a->code, b->code);
}

/* Groups: those with none last; by their sums for a number column, else by name. */
static int span_group_cmp(const void *x, const void *y)
{
	const span_est_line *a = x, *b = y;
	int c = !a->group - !b->group;
	if (!c && span_by >= SPAN_BY_ITEMS)
		c = span_cmp_by(&a->sum, &b->sum, span_by);
	return c ? c : a->group && b->group ? strcasecmp(a->group, b->group) : 0;
}

static void span_sum_add(span_est *t, const span_est *r)
{
	t->plans += r->plans;
	t->covered += r->covered;
	t->items += r->items;
	t->actions += r->actions;
	t->open += r->open;
	t->overdue += r->overdue;
	t->completed += r->completed;
	t->verified += r->verified;
	t->done_pct = t->actions ? (int)((long)t->completed * 100 / t->actions) : 0;
}

/* The shown rows' groups with their sums, sorted; each row learns its group's rank. */
static size_t span_estate_groups(span_estate *e)
{
	size_t ng = 0;
	for (size_t i = 0; i < e->nshown; i++) {
		const span_est *r = &e->rows[e->shown[i]];
		size_t g = 0;
		while (g < ng && (!e->groups[g].group != !r->region ||
				  (r->region && strcmp(e->groups[g].group, r->region))))
			g++;
		if (g == ng)
			e->groups[ng++] = (span_est_line){.group = r->region};
		span_sum_add(&e->groups[g].sum, r);
		e->groups[g].count++;
	}
	if (ng > 1)
		qsort(e->groups, ng, sizeof *e->groups, span_group_cmp);
	for (size_t i = 0; i < e->nshown; i++) {
		span_est *r = &e->rows[e->shown[i]];
		for (size_t g = 0; g < ng; g++)
			if (!e->groups[g].group == !r->region &&
			    (!r->region || !strcmp(e->groups[g].group, r->region)))
				r->group_rank = (int)g;
	}
	return ng;
}

void span_estate_arrange(span *s)
{
	span_estate *e = &s->estate;
	e->nshown = e->nlines = 0;
	for (size_t i = 0; i < e->n; i++) {
		e->rows[i].group_rank = 0;
		if (span_est_matches(e, &e->rows[i]))
			e->shown[e->nshown++] = i;
	}
	span_by = e->by;
	span_sort_rows = e->rows;
	size_t ng = e->grouped ? span_estate_groups(e) : 0;
	if (e->nshown > 1)
		qsort(e->shown, e->nshown, sizeof *e->shown, span_cmp);
	int rank = -1;
	for (size_t i = 0; i < e->nshown; i++) {
		const span_est *r = &e->rows[e->shown[i]];
		if (ng && r->group_rank != rank) /* a new group: its heading first */
			e->lines[e->nlines++] = e->groups[rank = r->group_rank];
		e->lines[e->nlines++] = (span_est_line){.row = r};
	}
}

const span_est_line *span_estate_line(const span *s, size_t i)
{
	return i < s->estate.nlines ? &s->estate.lines[i] : NULL;
}

size_t span_estate_first_row(const span *s)
{
	for (size_t i = 0; i < s->estate.nlines; i++)
		if (s->estate.lines[i].row)
			return i;
	return 0;
}

const span_est *span_estate_row(const span *s, size_t i)
{
	return i < s->estate.nlines ? s->estate.lines[i].row : NULL;
}

/* ---- an owner's actions ----------------------------------------------------------- */

static void span_detail_free(span_detail *d)
{
	board_action_release(&d->a);
	free(d->establishment);
	free(d->establishment_name);
	free(d->cycle);
	free(d->scheme);
	free(d->item_ref);
	free(d->item_text);
	memset(d, 0, sizeof *d);
}

static void span_window_free(span_owned *o)
{
	for (size_t i = 0; i < o->win_n; i++)
		span_detail_free(&o->win[i]);
	free(o->win);
	o->win = NULL;
	o->win_from = o->win_n = 0;
}

/* Empties the lines and plans (and the window), keeping the owners. */
static void span_owned_empty(span_owned *o)
{
	span_window_free(o);
	free(o->lines);
	free(o->plans);
	o->lines = NULL;
	o->plans = NULL;
	o->n = o->nactions = o->noverdue = o->nplans = 0;
	o->all_read = false;
}

static void span_owned_clear(span *s)
{
	span_owned *o = &s->owned;
	span_owned_empty(o);
	for (size_t i = 0; i < o->nowners; i++)
		free(o->owners[i]);
	free(o->establishment);
	memset(o, 0, sizeof *o);
}

/* ---- read whole: every action, as the list was read before it was read lazily ---- */

static int span_on_owned(const estate_action *r, void *ctx)
{
	span_load *l = ctx;
	span_owned *o = &l->s->owned;
	bool first = !o->n || o->lines[o->n - 1].cycle != r->cycle;
	if (first) { /* a new plan: its heading first */
		XGROW(o->lines, o->n, l->cap);
		l->heading = o->n;
		o->lines[o->n++] = (span_line){.action = r->action, .cycle = r->cycle, .heading = true};
		XGROW(o->plans, o->nplans, l->pcap);
		o->plans[o->nplans++] = (span_plan){.cycle = r->cycle, .line = l->heading,
						    .filled = true};
	}
	XGROW(o->lines, o->n, l->cap);
	o->lines[o->n++] = (span_line){.action = r->action, .cycle = r->cycle, .overdue = r->overdue};
	o->lines[l->heading].count++; /* kept, not searched back for: a plan may hold thousands */
	o->lines[l->heading].late += r->overdue;
	o->plans[o->nplans - 1].count++;
	o->nactions++;
	o->noverdue += r->overdue;
	return 0;
}

/* disagreed: a plan's actions disagreed with its kept count (counted in o->whole). */
static int span_owned_read_whole(span *s, bool disagreed, ab_err *err)
{
	span_owned *o = &s->owned;
	span_owned_empty(o);
	o->whole += disagreed;
	o->all_read = true;
	span_load l = {.s = s, .err = err};
	return estate_owner_actions(s->st, (const char *const *)o->owners, o->nowners,
				    o->establishment, (const char *const *)s->mine_within,
				    o->mine ? s->nmine_within : 0, s->today, span_on_owned, &l, err);
}

/* ---- read lazily: the plans from the kept figures, a plan's actions when shown ---- */

typedef struct span_plan_load {
	span *s;
	span_line *heads; /* a heading per plan, with its count and late */
	size_t n, cap;
	ab_err *err;
} span_plan_load;

typedef struct span_fill_plan {
	span_line *lines; /* the plan's action lines; NULL: count only */
	int count, late;  /* lines read, and the overdue among them */
	int room;         /* the lines there are to write */
} span_fill_plan;

static int span_on_plan_action(const estate_action *r, void *ctx)
{
	span_fill_plan *f = ctx;
	if (f->lines) {
		if (f->count == f->room)
			return 1; /* more than the kept count: the caller reads whole */
		f->lines[f->count] = (span_line){.action = r->action, .cycle = r->cycle,
						 .overdue = r->overdue};
	}
	f->count++;
	f->late += r->overdue;
	return 0;
}

/* Reads plan `cycle`'s action lines into f (f->lines NULL: counts them); 1 when they are
 * not f->room, -1 on an error (in err). */
static int span_plan_read(span *s, int64_t cycle, span_fill_plan *f, ab_err *err)
{
	const span_owned *o = &s->owned;
	int rc = estate_owner_plan_actions(s->st, (const char *const *)o->owners, o->nowners, cycle,
					   s->today, span_on_plan_action, f, err);
	if (rc && !err->code)
		return 1;
	return rc ? -1 : f->lines && f->count != f->room;
}

static int span_on_owner_plan(const estate_owner_plan *p, void *ctx)
{
	span_plan_load *l = ctx;
	span_line h = {.cycle = p->cycle, .heading = true, .count = p->actions, .late = p->overdue};
	if (!p->exact) { /* several owners' figures overlap: count the plan's own lines */
		span_fill_plan f = {0};
		if (span_plan_read(l->s, p->cycle, &f, l->err) < 0)
			return l->err->code;
		h.count = f.count;
		h.late = f.late;
	}
	if (h.count <= 0)
		return 0;
	XGROW(l->heads, l->n, l->cap);
	l->heads[l->n++] = h;
	return 0;
}

/* Lays the plans' lines out: a heading, then as many action lines (not read yet). */
static void span_owned_layout(span_owned *o, const span_line *heads, size_t n)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += 1 + (size_t)heads[i].count;
	o->lines = total ? xcalloc(total, sizeof *o->lines) : NULL;
	o->plans = n ? xcalloc(n, sizeof *o->plans) : NULL;
	for (size_t i = 0; i < n; i++) {
		const span_line *h = &heads[i];
		o->plans[i] = (span_plan){.cycle = h->cycle, .line = o->n, .count = h->count,
					  .size = -1};
		o->lines[o->n++] = *h;
		for (int k = 0; k < h->count; k++)
			o->lines[o->n++] = (span_line){.cycle = h->cycle};
		o->nactions += (size_t)h->count;
		o->noverdue += (size_t)h->late;
	}
	o->nplans = n;
}

/* Reads the plans of o's owners and establishment (the window is emptied). */
static int span_owned_read(span *s, ab_err *err)
{
	span_owned *o = &s->owned;
	span_owned_empty(o);
	span_plan_load l = {.s = s, .err = err};
	int rc = estate_owner_plans(s->st, (const char *const *)o->owners, o->nowners,
				    o->establishment, (const char *const *)s->mine_within,
				    o->mine ? s->nmine_within : 0, s->today, span_on_owner_plan, &l,
				    err);
	if (!rc)
		span_owned_layout(o, l.heads, l.n);
	free(l.heads);
	return rc;
}

/* The plan whose lines hold line i. */
static size_t span_plan_at(const span_owned *o, size_t i)
{
	size_t lo = 0, hi = o->nplans;
	while (lo < hi) { /* past the last plan whose heading is at or before i */
		size_t mid = lo + (hi - lo) / 2;
		if (o->plans[mid].line <= i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : 0;
}

/* Reads plan k's action lines; the whole list instead when they disagree with its count. */
static int span_plan_fill(span *s, size_t k, ab_err *err)
{
	span_owned *o = &s->owned;
	span_plan *p = &o->plans[k];
	span_fill_plan f = {.lines = &o->lines[p->line + 1], .room = p->count};
	int rc = span_plan_read(s, p->cycle, &f, err);
	if (rc < 0)
		return err->code;
	if (rc > 0 || f.late != o->lines[p->line].late)
		return span_owned_read_whole(s, true, err);
	p->filled = true;
	o->lines[p->line].action = o->lines[p->line + 1].action; /* the heading's details */
	return 0;
}

/* Reads the plans of lines [from, to) not read yet, or the whole list (see span.h) when
 * that costs less (span.whole_ratio); *whole set when the list was read whole. */
static int span_owned_fill(span *s, size_t from, size_t to, bool *whole, ab_err *err)
{
	span_owned *o = &s->owned;
	*whole = false;
	if (o->all_read)
		return 0;
	size_t first = span_plan_at(o, from), walk = 0;
	for (size_t k = first; k < o->nplans && o->plans[k].line < to; k++) {
		span_plan *p = &o->plans[k];
		if (!p->filled && p->size < 0 && estate_plan_size(s->st, p->cycle, &p->size, err))
			return err->code;
		walk += p->filled ? 0 : (size_t)p->size;
	}
	if (s->whole_ratio && walk > (size_t)s->whole_ratio * o->nactions) {
		*whole = true;
		return span_owned_read_whole(s, false, err);
	}
	for (size_t k = first; k < o->nplans && o->plans[k].line < to; k++)
		if (!o->plans[k].filled && (span_plan_fill(s, k, err) || o->all_read)) {
			*whole = o->all_read;
			return err->code;
		}
	return 0;
}

bool span_owned_find(span *s, int64_t action, size_t *line, ab_err *err)
{
	span_owned *o = &s->owned;
	int64_t cycle;
	if (!action || estate_action_plan(s->st, action, &cycle, err))
		return false;
	size_t k = 0;
	while (k < o->nplans && o->plans[k].cycle != cycle)
		k++;
	bool whole;
	if (k == o->nplans || (!o->plans[k].filled && span_owned_fill(s, o->plans[k].line,
								      o->plans[k].line + 1, &whole,
								      err)))
		return false;
	for (size_t i = 0; i < o->n; i++) /* the list may have been read whole */
		if (!o->lines[i].heading && o->lines[i].action == action) {
			*line = i;
			return true;
		}
	return false;
}

int span_owned_load(span *s, const char *const *names, size_t n, bool mine,
		    const char *establishment, ab_err *err)
{
	span_owned_clear(s);
	span_owned *o = &s->owned;
	o->mine = mine;
	if (n > ESTATE_MAX_OWNERS) /* refused, never silently cut short */
		return err_set(err, EX_USAGE,
			       "%zu owners: at most %d can be listed at once; pick fewer (o)", n,
			       ESTATE_MAX_OWNERS);
	for (size_t i = 0; i < n; i++) {
		o->owners[i] = xstrdup(names[i]);
		o->nowners = i + 1;
	}
	o->establishment = xstrdup(establishment);
	return span_owned_read(s, err);
}

static void span_within_free(span *s)
{
	for (size_t i = 0; i < s->nmine_within; i++)
		free(s->mine_within[i]);
	s->nmine_within = 0;
}

int span_mine_within(span *s, const char *const *codes, size_t n, ab_err *err)
{
	span_within_free(s);
	if (n > ESTATE_MAX_OWNERS) /* refused, never silently cut short */
		return err_set(err, EX_USAGE,
			       "your rights name %zu establishments: \"my actions\" covers at most %d;"
			       " ask an admin, or use o and w", n, ESTATE_MAX_OWNERS);
	for (size_t i = 0; i < n; i++) {
		s->mine_within[i] = xstrdup(codes[i]);
		s->nmine_within = i + 1;
	}
	return 0;
}

int span_owned_reload(span *s, ab_err *err)
{
	return s->owned.nowners ? span_owned_read(s, err) : 0;
}

typedef struct span_fill {
	span_owned *o;
	const int64_t *ids;
	size_t k, n;
	ab_err *err;
} span_fill;

/* Each row goes to the next window slots asking for its id (a heading and its plan's
 * first action ask for the same one); a slot whose action has gone stays empty. */
static int span_on_detail(const query_action *r, void *ctx)
{
	span_fill *f = ctx;
	while (f->k < f->n && f->ids[f->k] != r->id)
		f->k++;
	if (f->k == f->n)
		return 0;
	span_detail *d = &f->o->win[f->k++];
	span_detail_free(d);
	d->establishment = xstrdup(r->establishment);
	d->establishment_name = xstrdup(r->establishment_name);
	d->cycle = xstrdup(r->cycle);
	d->scheme = xstrdup(r->scheme);
	d->item_ref = xstrdup(r->item_ref);
	d->item_text = xstrdup(r->item_text);
	d->item_id = r->item_id;
	board_action_fill(&d->a, r);
	return 0;
}

int span_owned_window(span *s, size_t from, size_t n, ab_err *err)
{
	span_owned *o = &s->owned;
	if (from >= o->n)
		from = o->n ? o->n - 1 : 0;
	if (from + n > o->n)
		n = o->n - from;
	if (o->win && from >= o->win_from && from + n <= o->win_from + o->win_n)
		return 0;
	span_window_free(o);
	/* a margin of a quarter window either side: a plan costs about 0.15 ms to read at 1m,
	 * so a step past the margin costs a plan, and the first frame little more than its own */
	size_t margin = n / 4 + 1;
	bool whole;
	if (span_owned_fill(s, from > margin ? from - margin : 0, from + n + margin, &whole, err))
		return err->code;
	if (whole) /* read whole: the lines may be others */
		return span_owned_window(s, from, n, err);
	if (!n)
		return 0;
	int64_t *ids = xmalloc(n * sizeof *ids);
	o->win = xcalloc(n, sizeof *o->win);
	o->win_from = from;
	o->win_n = n;
	for (size_t i = 0; i < n; i++)
		ids[i] = o->lines[from + i].action;
	query_filter f = {.ids = ids, .nids = n, .today = s->today};
	span_fill fill = {o, ids, 0, n, err};
	int rc = query_actions(s->st, &f, span_on_detail, &fill, err);
	free(ids);
	if (rc)
		span_window_free(o);
	return rc;
}

const span_detail *span_owned_detail(const span *s, size_t i)
{
	const span_owned *o = &s->owned;
	if (!o->win || i < o->win_from || i >= o->win_from + o->win_n)
		return NULL;
	const span_detail *d = &o->win[i - o->win_from];
	return d->a.key ? d : NULL;
}

/* ---- a search of the estate --------------------------------------------------------- */

static void span_found_clear(span *s)
{
	span_found *f = &s->found;
	for (size_t i = 0; i < f->n; i++) {
		span_hit *h = &f->lines[i];
		free(h->establishment);
		free(h->establishment_name);
		free(h->cycle);
		free(h->scheme);
		free(h->ref);
		free(h->text);
		free(h->status);
	}
	free(f->lines);
	f->lines = NULL;
	f->n = f->nhits = 0;
	f->total = 0;
}

static int span_on_hit(const search_hit *h, void *ctx)
{
	span_load *l = ctx;
	span_found *f = &l->s->found;
	bool first = !f->n || strcmp(f->lines[f->n - 1].establishment, h->establishment) ||
		     strcmp(f->lines[f->n - 1].cycle, h->cycle);
	for (int pass = first ? 0 : 1; pass < 2; pass++) {
		XGROW(f->lines, f->n, l->cap);
		span_hit *x = &f->lines[f->n++];
		const char *ref = h->action_key_id ? h->action_key_id : h->item_ref;
		/* Long texts are cut: a line shows at most a screen's width of them. */
		char text[600];
		snprintf(text, sizeof text, "%s", h->text ? h->text : "");
		*x = (span_hit){
			.heading = pass == 0, .kind = h->kind, .item = h->item_id,
			.action = h->action_id, .establishment = xstrdup(h->establishment),
			.establishment_name = xstrdup(h->establishment_name),
			.cycle = xstrdup(h->cycle), .scheme = xstrdup(h->scheme),
			.ref = xstrdup(ref), .text = xstrdup(pass ? text : ""),
			.status = xstrdup(h->status), .overdue = h->overdue,
			.plan_hits = h->plan_hits,
		};
	}
	f->nhits++;
	return 0;
}

int span_search(span *s, const char *text, ab_err *err)
{
	span_found_clear(s);
	snprintf(s->found.text, sizeof s->found.text, "%s", text);
	span_load l = {.s = s, .err = err};
	return search_run(s->st, text, s->today, SPAN_HITS, span_on_hit, &l, &s->found.total, err);
}

static void span_names_free(span_names *n)
{
	for (size_t i = 0; i < n->n; i++)
		free(n->v[i]);
	free(n->v);
	free(n->name_len);
	memset(n, 0, sizeof *n);
}

typedef struct span_name_load {
	span_names *names;
	size_t cap, lcap;
	bool where; /* label local owners with their establishment */
	ab_err *err;
} span_name_load;

#define SPAN_OWNER_AT " · "

static int span_on_name(const char *name, const char *est, void *ctx)
{
	span_name_load *l = ctx;
	span_names *n = l->names;
	XGROW(n->v, n->n, l->cap);
	XGROW(n->name_len, n->n, l->lcap);
	bool where = l->where && est;
	size_t len = strlen(name) + (where ? strlen(SPAN_OWNER_AT) + strlen(est) : 0) + 1;
	n->v[n->n] = xmalloc(len);
	snprintf(n->v[n->n], len, "%s%s%s", name, where ? SPAN_OWNER_AT : "", where ? est : "");
	n->name_len[n->n++] = strlen(name);
	return 0;
}

void span_owner_label(const span *s, size_t i, char *name, size_t nlen, char *est, size_t elen)
{
	const span_names *n = &s->names;
	const char *label = i < n->n ? n->v[i] : "";
	size_t len = i < n->n ? n->name_len[i] : 0;
	snprintf(name, nlen, "%.*s", (int)len, label);
	snprintf(est, elen, "%s", label[len] ? label + len + strlen(SPAN_OWNER_AT) : "");
}

int span_owner_names(span *s, const char *establishment, const char *const **names, size_t *n,
		     ab_err *err)
{
	span_names *c = &s->names;
	int64_t version; /* not data_version: a status changed anywhere leaves the names be */
	if (estate_names_number(s->st, &version, err))
		return err->code;
	const char *est = establishment ? establishment : "";
	if (!c->loaded || c->version != version || strcmp(c->establishment, est)) {
		span_names_free(c);
		span_name_load l = {c, 0, 0, establishment == NULL, err};
		if (estate_owner_names(s->st, establishment, span_on_name, &l, err)) {
			span_names_free(c);
			return err->code;
		}
		snprintf(c->establishment, sizeof c->establishment, "%s", est);
		c->version = version;
		c->loaded = true;
	}
	*names = (const char *const *)c->v;
	*n = c->n;
	return 0;
}

void span_free(span *s)
{
	span_names_free(&s->names);
	span_within_free(s);
	span_estate_free(&s->estate);
	span_owned_clear(s);
	span_found_clear(s);
}
