/*
 * assess — an item beside our own status, in words (render.h), and the report's sections
 * on it (report_priv.h): where our status and the inspectors' judgement disagree, the due
 * dates that slipped, and the findings raised before. Reads through core/assess.h,
 * core/statutory.h and the plan the report's walk already holds.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/lineage.h"
#include "../core/query.h"
#include "../core/statutory.h"
#include "report_priv.h"

/* ---- words ------------------------------------------------------------------------------ */

/* "HMIP at the IRP" etc., shortened where the context says whose it is. */
static const char *assess_label(judge_source s)
{
	return s == JUDGE_SELF ? "own assessment" : judge_source_label(s);
}

/* "not achieved (2025-06-10)", or with `who` "(2025-06-10, jsmith)". */
static void assess_one(util_buf *b, const assess_judgement *j, bool who)
{
	util_buf_printf(b, "%s (%s", judge_value_words(j->value), j->date);
	if (who && j->by[0])
		util_buf_printf(b, ", %s", j->by);
	util_buf_puts(b, ")");
}

void render_judged(util_buf *b, const assess_item *a, bool who)
{
	size_t start = b->len;
	for (int s = 0; s < JUDGE_SOURCES; s++) {
		if (!a->j[s].value[0])
			continue;
		util_buf_printf(b, "%s%s: ", b->len > start ? " · " : "", assess_label((judge_source)s));
		assess_one(b, &a->j[s], who);
	}
}

static const char *assess_agreement_words(const char *a)
{
	return !strcmp(a, "agreed") ? "agreed" : !strcmp(a, "partly_agreed") ? "partly agreed"
						 : !strcmp(a, "not_agreed") ? "not agreed" : a;
}

void render_lineage(util_buf *b, const assess_item *a)
{
	if (a->earlier_key[0]) {
		util_buf_printf(b, "raised before in %s (%s", a->earlier_cycle, a->earlier_ref);
		if (a->earlier_agreement[0])
			util_buf_printf(b, ", %s", assess_agreement_words(a->earlier_agreement));
		util_buf_puts(b, "; HMIP at the next inspection: ");
		if (a->earlier_inspection.value[0])
			util_buf_printf(b, "%s, %s", judge_value_words(a->earlier_inspection.value),
					a->earlier_inspection.date);
		else
			util_buf_puts(b, "no judgement recorded");
		util_buf_puts(b, ")");
	}
	if (a->later_key[0])
		util_buf_printf(b, "%sraised again in %s", a->earlier_key[0] ? "; " : "", a->later_key);
}

void render_ours(util_buf *b, const assess_item *a)
{
	bool closed = a->actions > 0 && a->open == 0 && a->completed > 0;
	if (closed || a->open) {
		util_buf_printf(b, "%d/%d actions %s", a->actions - a->open, a->actions,
				closed ? "closed" : "closed so far");
		if (a->done_at[0])
			util_buf_printf(b, ", last completed %s", a->done_at);
	}
	const assess_judgement *self = &a->j[JUDGE_SELF];
	if (self->value[0]) {
		util_buf_printf(b, "%sown assessment: ", b->len ? "; " : "");
		assess_one(b, self, false);
	}
}

void render_theirs(util_buf *b, const assess_item *a)
{
	judge_source s;
	const assess_judgement *j = assess_independent(a, &s);
	if (j) {
		util_buf_printf(b, "%s: ", judge_source_label(s));
		assess_one(b, j, false);
	}
}

/* ---- loading ------------------------------------------------------------------------------ */

/* The text one of the functions above makes, kept with the plan; NULL when empty. */
static char *assess_keep(report_plan *p, const assess_item *a,
			 void (*words)(util_buf *, const assess_item *))
{
	util_buf b = {0};
	words(&b, a);
	char *s = b.len ? report_keep(p, b.s) : NULL;
	util_buf_free(&b);
	return s;
}

static void assess_judged_with_who(util_buf *b, const assess_item *a)
{
	render_judged(b, a, false);
}

static int assess_clock(store *st, report_plan *p, date_t today, ab_err *err)
{
	statutory_clock c;
	if (statutory_plan(st, p->est, p->cycle, today, &c, err))
		return err->code;
	util_buf b = {0};
	statutory_describe(&c, false, &b);
	p->clock = b.len ? report_keep(p, b.s) : NULL;
	util_buf_free(&b);
	return 0;
}

int report_assess_load(store *st, report_plan *p, date_t today, ab_err *err)
{
	assess_reader *r;
	if (assess_clock(st, p, today, err) || assess_reader_open(st, &r, err))
		return err->code;
	/* The plan's items in two statements, not one per item. */
	int rc = assess_reader_scope(r, p->est, p->cycle, err);
	for (size_t i = 0; i < p->nitems && !rc; i++) {
		report_item *it = &p->items[i];
		assess_item a;
		if ((rc = assess_read(r, it->id, &a, err)))
			break;
		it->judged = assess_keep(p, &a, assess_judged_with_who);
		it->lineage = assess_keep(p, &a, render_lineage);
		it->gap = a.gap;
		if (a.gap != ASSESS_AGREE) {
			it->ours = assess_keep(p, &a, render_ours);
			it->theirs = assess_keep(p, &a, render_theirs);
		}
		p->judged |= it->judged != NULL;
	}
	assess_reader_close(r);
	return rc;
}

/* ---- the sections --------------------------------------------------------------------------- */

/* Cells for a table of at most `rows` rows of `cols` columns, and the numbers they show. */
typedef struct assess_cells {
	const char **cells;
	char (*nums)[32];
	size_t n, cols;
} assess_cells;

static void assess_cells_new(assess_cells *c, size_t rows, size_t cols)
{
	c->cells = xcalloc(rows * cols + 1, sizeof *c->cells);
	c->nums = xcalloc(rows * cols + 1, sizeof *c->nums);
	c->n = 0;
	c->cols = cols;
}

static void assess_cells_free(assess_cells *c)
{
	free(c->cells);
	free(c->nums);
}

static void assess_cell(assess_cells *c, const char *s)
{
	c->cells[c->n++] = s ? s : "";
}

static void assess_cell_num(assess_cells *c, long v)
{
	snprintf(c->nums[c->n], sizeof c->nums[c->n], "%ld", v);
	c->cells[c->n] = c->nums[c->n];
	c->n++;
}

static void assess_gaps(FILE *fp, const report_format *f, const report_plan *p)
{
	static const char *const head[] = {"Item", "Where they differ", "Our status",
					   "The inspectors' judgement"};
	assess_cells c = {0};
	if (!p->judged)
		goto done;
	assess_cells_new(&c, p->nitems, 4);
	for (size_t i = 0; i < p->nitems; i++) {
		const report_item *it = &p->items[i];
		if (it->gap == ASSESS_AGREE)
			continue;
		assess_cell(&c, it->ref);
		assess_cell(&c, assess_gap_words(it->gap));
		assess_cell(&c, it->ours);
		assess_cell(&c, it->theirs);
	}
	report_table t = {"gaps", "Our status beside the inspectors' judgements",
			  c.n ? "Items our own records count as done that the inspectors judged not "
				"achieved (or insufficient or no meaningful progress), and items the "
				"inspectors judged achieved (or good progress) that our actions still "
				"hold open."
			      : "Our status and the inspectors' judgements recorded so far agree.",
			  4, c.n / 4, head, c.cells};
	f->table(fp, &t);
done:
	assess_cells_free(&c);
}

/* Owners' slips from the plan's actions (each owner of a slipped action counts it). */
static void assess_owner_slips(FILE *fp, const report_format *f, const report_plan *p)
{
	static const char *const head[] = {"Owner", "Actions slipped", "Days in all"};
	assess_cells c = {0};
	assess_cells_new(&c, p->nowners, 3);
	for (size_t o = 0; o < p->nowners; o++) {
		const char *name = p->owners[o].name;
		size_t len = strlen(name);
		long n = 0, days = 0;
		for (size_t i = 0; i < p->nactions; i++) {
			const report_action *a = &p->actions[i];
			if (!a->slip_days)
				continue;
			for (const char *s = a->owners; *s;) {
				size_t l = strcspn(s, "\x1f");
				if (l == len && !memcmp(s, name, len)) {
					n++;
					days += a->slip_days;
				}
				s += l + (s[l] ? 1 : 0);
			}
		}
		if (!n)
			continue;
		assess_cell(&c, name);
		assess_cell_num(&c, n);
		assess_cell_num(&c, days);
	}
	report_table t = {"slips-owner", "Slipped due dates per owner", NULL, 3, c.n / 3, head,
			  c.cells};
	f->table(fp, &t);
	assess_cells_free(&c);
}

static void assess_item_slips(FILE *fp, const report_format *f, const report_plan *p)
{
	static const char *const head[] = {"Item", "Actions slipped", "Days in all"};
	assess_cells c = {0};
	assess_cells_new(&c, p->nitems, 3);
	for (size_t i = 0; i < p->nitems; i++) {
		long n = 0, days = 0;
		for (size_t k = 0; k < p->nactions; k++)
			if (p->actions[k].item_id == p->items[i].id && p->actions[k].slip_days) {
				n++;
				days += p->actions[k].slip_days;
			}
		if (!n)
			continue;
		assess_cell(&c, p->items[i].ref);
		assess_cell_num(&c, n);
		assess_cell_num(&c, days);
	}
	report_table t = {"slips-item", "Slipped due dates per item",
			  "Actions whose due date was revised to a later day than the plan's "
			  "target; days counted from the original date to the revised one.",
			  3, c.n / 3, head, c.cells};
	f->table(fp, &t);
	assess_cells_free(&c);
}

void report_assess_write(FILE *fp, const report_format *f, const report_plan *p)
{
	bool slipped = false;
	for (size_t i = 0; i < p->nactions && !slipped; i++)
		slipped = p->actions[i].slip_days != 0;
	assess_gaps(fp, f, p);
	if (slipped) {
		assess_item_slips(fp, f, p);
		assess_owner_slips(fp, f, p);
	}
}

/* ---- an establishment's repeated findings ------------------------------------------------------- */

typedef struct assess_repeat_rows {
	util_buf strings; /* every cell, NUL-terminated, four per row */
	size_t n;
} assess_repeat_rows;

static int assess_on_repeat(const lineage_repeat *r, void *ctx)
{
	assess_repeat_rows *rows = ctx;
	util_buf *b = &rows->strings;
	util_buf_printf(b, "%s %s", r->cycle, r->ref);
	util_buf_add(b, "", 1);
	util_buf_printf(b, "%s %s", r->earlier_cycle, r->earlier_ref);
	if (r->earlier_agreement)
		util_buf_printf(b, " (%s)", assess_agreement_words(r->earlier_agreement));
	util_buf_add(b, "", 1);
	if (r->earlier_inspection)
		util_buf_printf(b, "%s (%s)", judge_value_words(r->earlier_inspection),
				r->earlier_inspection_date);
	else
		util_buf_puts(b, "no judgement recorded");
	util_buf_add(b, "", 1);
	util_buf_puts(b, r->origin && !strcmp(r->origin, "user") ? "a user" : "the plan");
	util_buf_add(b, "", 1);
	rows->n++;
	return 0;
}

int report_assess_repeats(store *st, FILE *fp, const report_format *f, const char *est,
			  const char *est_name, const char *cycle, ab_err *err)
{
	static const char *const head[] = {"Finding", "Raised before", "HMIP at the next inspection",
					   "Linked by"};
	assess_repeat_rows rows = {0};
	int rc = lineage_repeats(st, est, cycle, assess_on_repeat, &rows, err);
	const char **cells = rc || !rows.n ? NULL : xcalloc(rows.n * 4, sizeof *cells);
	if (!rc && rows.n) {
		const char *s = rows.strings.s;
		for (size_t i = 0; i < rows.n * 4; i++, s += strlen(s) + 1)
			cells[i] = s;
		char title[512];
		snprintf(title, sizeof title, "Findings raised again · %s", est_name);
		report_table t = {"repeats", title,
				  "Each finding that repeats one of an earlier inspection of this "
				  "establishment, with what HMIP judged of the earlier one when it "
				  "inspected again.",
				  4, rows.n, head, cells};
		f->table(fp, &t);
	}
	free(cells);
	util_buf_free(&rows.strings);
	return rc;
}
