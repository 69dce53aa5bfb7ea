/*
 * report — the one walk over a plan that every report format shares (see render.h).
 *
 * A report is written plan by plan: one plan's items, actions and notes are read into
 * memory through core's query API (a plan holds tens to a few hundred actions, so this
 * stays small even when the database holds the whole estate), the per-owner and per-month
 * figures are derived from them, and the plan is written in the chosen format. Nothing is
 * kept across plans. The walk below picks what a report holds; html.c and markdown.c each
 * fill a report_format that only says how it looks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/catalog.h"
#include "../core/clock.h"
#include "../core/out.h"
#include "../core/query.h"
#include "report_priv.h"

/* ---- one plan in memory ----------------------------------------------------------- */

static void report_free(report_plan *p)
{
	for (size_t i = 0; i < p->nstrings; i++)
		free(p->strings[i]);
	free(p->strings);
	free(p->items);
	free(p->actions);
	free(p->notes);
	free(p->owners);
	free(p->months);
	memset(p, 0, sizeof *p);
}

static int report_item_row(const query_item *r, void *ctx)
{
	report_plan *p = ctx;
	XGROW(p->items, p->nitems, p->citems);
	p->items[p->nitems++] = (report_item){
		.id = r->id, .ref = report_keep(p, r->ref), .category = report_keep(p, r->category),
		.directed_to = report_keep(p, r->directed_to),
		.agreement = report_keep(p, r->agreement),
		.agreement_note = report_keep(p, r->agreement_note),
		.repeated_from = report_keep(p, r->repeated_from), .text = report_keep(p, r->text),
		.seq = r->seq, .total = r->actions_total, .done = r->actions_completed,
		.overdue = r->actions_overdue};
	return 0;
}

/* How an amendment made in the tool is marked (amend.h): who and on which day. */
static char *report_amended(report_plan *p, const query_action *r)
{
	if (!r->origin || strcmp(r->origin, "amendment"))
		return NULL;
	char s[400];
	snprintf(s, sizeof s, "amendment by %s, %.10s", r->amended_by ? r->amended_by : "?",
		 r->amended_at ? r->amended_at : "");
	return report_keep(p, s);
}

static int report_action_row(const query_action *r, void *ctx)
{
	report_plan *p = ctx;
	XGROW(p->actions, p->nactions, p->cactions);
	p->actions[p->nactions++] = (report_action){
		.id = r->id, .item_id = r->item_id, .action_id = report_keep(p, r->action_id),
		.text = report_keep(p, r->text), .owners = report_keep(p, r->owners),
		.target = report_keep(p, r->target), .due = report_keep(p, r->due),
		.due_original = report_keep(p, r->due_original),
		.due_reason = report_keep(p, r->due_reason), .status = report_keep(p, r->status),
		.overdue = r->overdue, .slip_days = r->slip_days,
		.verification = report_keep(p, r->verification), .amended = report_amended(p, r)};
	return 0;
}

static const report_action *report_action_by_id(const report_plan *p, int64_t id)
{
	for (size_t i = 0; i < p->nactions; i++)
		if (p->actions[i].id == id)
			return &p->actions[i];
	return NULL;
}

/* A note on one of the plan's actions in the report, with the change it came with. */
static int report_note_row(const digest_note *r, void *ctx)
{
	report_plan *p = ctx;
	const report_action *a = report_action_by_id(p, r->action);
	if (!a) /* another owner's action */
		return 0;
	XGROW(p->notes, p->nnotes, p->cnotes);
	report_note *n = &p->notes[p->nnotes++];
	char when[CLOCK_SHOW_LEN];
	clock_show(r->event.at, when);
	*n = (report_note){.action = a, .at = report_keep(p, when),
			   .user = report_keep(p, r->event.user), .note = report_keep(p, r->event.note)};
	if (r->event.kind && strcmp(r->event.kind, "note")) {
		util_buf b = {0};
		render_event_change(&b, &r->event);
		n->change = report_keep(p, b.s ? b.s : "");
		util_buf_free(&b);
	}
	return 0;
}

static report_owner *report_owner_get(report_plan *p, const char *name, size_t n)
{
	for (size_t i = 0; i < p->nowners; i++)
		if (strlen(p->owners[i].name) == n && !memcmp(p->owners[i].name, name, n))
			return &p->owners[i];
	XGROW(p->owners, p->nowners, p->cowners);
	char buf[1024];
	snprintf(buf, sizeof buf, "%.*s", (int)n, name);
	p->owners[p->nowners] = (report_owner){.name = report_keep(p, buf)};
	return &p->owners[p->nowners++];
}

/* Most actions first, then by name: the chart reads from the heaviest load down. */
static int report_owner_cmp(const void *a, const void *b)
{
	const report_owner *x = a, *y = b;
	if (x->total != y->total)
		return y->total - x->total;
	return strcmp(x->name, y->name);
}

/* Counts one action against each of its owners. */
static void report_count_owners(report_plan *p, const report_action *a, int status)
{
	for (const char *o = a->owners; *o;) {
		const char *end = strchr(o, QUERY_OWNER_SEP);
		size_t n = end ? (size_t)(end - o) : strlen(o);
		report_owner *ow = report_owner_get(p, o, n);
		ow->by_status[status]++;
		ow->overdue += a->overdue;
		ow->total++;
		o += n + (end ? 1 : 0);
	}
}

/* The due months from the first to the last (as y*12+m-1), each with its counts. */
static void report_count_months(report_plan *p, int lo, int hi)
{
	if (!lo)
		return;
	p->nmonths = (size_t)(hi - lo + 1);
	p->months = xcalloc(p->nmonths, sizeof *p->months);
	for (size_t i = 0; i < p->nmonths; i++)
		p->months[i] = (report_month){.y = (lo + (int)i) / 12, .m = (lo + (int)i) % 12 + 1};
	for (size_t i = 0; i < p->nactions; i++) {
		const report_action *a = &p->actions[i];
		date_t d;
		if (!a->due || !date_parse_iso(a->due, &d))
			continue;
		report_month *m = &p->months[d.y * 12 + d.m - 1 - lo];
		int s = report_status_index(a->status);
		m->total++;
		m->done += s == STATUS_COMPLETED || s == STATUS_CANCELLED;
		m->overdue += a->overdue;
	}
}

/* Per-owner counts, per-month counts and the plan's totals, from the items and actions read. */
static void report_derive(report_plan *p)
{
	for (size_t i = 0; i < p->nitems; i++) {
		const char *a = p->items[i].agreement;
		if (a)
			p->agreement[!strcmp(a, "agreed") ? 0 : !strcmp(a, "partly_agreed") ? 1 : 2]++;
	}
	int lo = 0, hi = 0; /* months as y*12+m-1 */
	for (size_t i = 0; i < p->nactions; i++) {
		const report_action *a = &p->actions[i];
		int s = report_status_index(a->status);
		p->by_status[s]++;
		p->overdue += a->overdue;
		p->verified += a->verification && !strcmp(a->verification, "verified");
		report_count_owners(p, a, s);
		date_t d;
		if (!a->due || !date_parse_iso(a->due, &d)) {
			p->undated++;
			continue;
		}
		int k = d.y * 12 + d.m - 1;
		if (!lo || k < lo)
			lo = k;
		if (k > hi)
			hi = k;
	}
	if (p->nowners > 1) /* qsort(NULL, 0, ...) is undefined */
		qsort(p->owners, p->nowners, sizeof *p->owners, report_owner_cmp);
	report_count_months(p, lo, hi);
}

static int report_load(store *st, const render_report_opts *o, report_plan *p, ab_err *err)
{
	query_filter f = {.establishment = p->est, .cycle = p->cycle, .owner = o->owner,
			  .today = o->today};
	if (query_items(st, &f, report_item_row, p, err) ||
	    query_actions(st, &f, report_action_row, p, err) ||
	    digest_notes(st, p->est, p->cycle, o->since, report_note_row, p, err) ||
	    report_assess_load(st, p, o->today, err))
		return err->code;
	report_derive(p);
	return 0;
}

static long report_days_late(const report_action *a, date_t today)
{
	date_t d;
	if (!a->overdue || !a->due || !date_parse_iso(a->due, &d))
		return 0;
	return date_to_days(today) - date_to_days(d);
}

/* ---- the walk -------------------------------------------------------------------------- */

typedef struct report_plans {
	const render_report_opts *o;
	report_plan *list;
	size_t n, cap;
} report_plans;

static int report_cycle_row(const catalog_cycle *c, void *ctx)
{
	report_plans *ps = ctx;
	if ((ps->o->establishment && strcmp(c->establishment, ps->o->establishment)) ||
	    (ps->o->cycle && strcmp(c->cycle, ps->o->cycle)))
		return 0;
	XGROW(ps->list, ps->n, ps->cap);
	report_plan *p = &ps->list[ps->n++];
	memset(p, 0, sizeof *p);
	p->est = report_keep(p, c->establishment);
	p->est_name = report_keep(p, c->establishment_name);
	p->cycle = report_keep(p, c->cycle);
	p->scheme = report_keep(p, c->scheme);
	p->inspection = report_keep(p, c->inspection);
	p->published = report_keep(p, c->report_published);
	p->submitted = report_keep(p, c->plan_submitted);
	return 0;
}

/* The next action of `it` at or after index *i, which moves past it; NULL after the last. */
static const report_action *report_item_action(const report_plan *p, const report_item *it,
					       size_t *i)
{
	for (; *i < p->nactions; (*i)++)
		if (p->actions[*i].item_id == it->id)
			return &p->actions[(*i)++];
	return NULL;
}

/* The next note on an action of `it`; steps as report_item_action. */
static const report_note *report_item_note(const report_plan *p, const report_item *it,
					   size_t *i)
{
	for (; *i < p->nnotes; (*i)++)
		if (p->notes[*i].action->item_id == it->id)
			return &p->notes[(*i)++];
	return NULL;
}

/* Under the title: whose actions and which notes the report holds. */
static void report_write_scope(FILE *fp, const report_format *f, const render_report_opts *o)
{
	if (o->owner) {
		fputs(" · actions of ", fp);
		fputs(f->strong[0], fp);
		f->esc(fp, o->owner);
		fputs(f->strong[1], fp);
	}
	fputs(" · notes ", fp);
	if (o->since) {
		fputs("recorded since ", fp);
		f->esc(fp, o->since);
	} else {
		fputs("of every date", fp);
	}
	fputs(f->scope_end, fp);
}

/* An item, its actions and the notes on them; the notes' heading only when there are some. */
static void report_write_item(FILE *fp, const report_format *f, const report_plan *p,
			      const report_item *it, const render_report_opts *o)
{
	f->item(fp, p, it);
	const report_action *a;
	for (size_t i = 0; (a = report_item_action(p, it, &i));) {
		char *owners = out_owners_joined(a->owners, ", ");
		f->action(fp, p, a, owners ? owners : "", report_days_late(a, o->today));
		free(owners);
	}
	fputs(f->actions_end, fp);
	const report_note *note;
	int n = 0;
	for (size_t i = 0; (note = report_item_note(p, it, &i)); n++) {
		if (!n) {
			fputs(f->notes_head[0], fp);
			fputs("Notes", fp);
			if (o->since) {
				fputs(" since ", fp);
				f->esc(fp, o->since);
			}
			fputs(f->notes_head[1], fp);
		}
		f->note(fp, note);
	}
	if (n)
		fputs(f->notes_end, fp);
	fputs(f->item_end, fp);
}

static void report_write_plan(FILE *fp, const report_format *f, const report_plan *p,
			      const render_report_opts *o)
{
	f->plan(fp, p, o->today);
	report_assess_write(fp, f, p); /* the plan's standing beside its own status, first */
	for (size_t i = 0; i < p->nitems; i++)
		report_write_item(fp, f, p, &p->items[i], o);
	fputs(f->plan_end, fp);
}

int render_report(store *st, const render_report_opts *o, FILE *fp, ab_err *err)
{
	const report_format *f = o->format == RENDER_HTML ? &report_html : &report_markdown;
	query_filter qf = {.establishment = o->establishment, .cycle = o->cycle,
			   .owner = o->owner, .today = o->today};
	if (query_check_filter(st, &qf, err))
		return err->code;
	report_plans ps = {.o = o};
	int rc = catalog_cycles(st, o->today, report_cycle_row, &ps, err);
	int shown = 0;
	if (!rc) {
		f->begin(fp, o);
		report_write_scope(fp, f, o);
	}
	/* The plans' headers are small; each plan's body is read, written and freed in turn. */
	for (size_t i = 0; i < ps.n; i++) {
		report_plan *p = &ps.list[i];
		if (!rc && !(rc = report_load(st, o, p, err)) && p->nactions) {
			report_write_plan(fp, f, p, o);
			shown++;
		}
		/* After the establishment's last plan, its findings raised again. */
		if (!rc && (i + 1 == ps.n || strcmp(ps.list[i + 1].est, p->est)))
			rc = report_assess_repeats(st, fp, f, p->est, p->est_name, o->cycle, err);
		report_free(p);
	}
	free(ps.list);
	if (rc)
		return rc;
	if (!shown)
		fputs(f->no_plan, fp);
	if (f->end)
		f->end(fp, o);
	errno = 0;
	if (fflush(fp) || ferror(fp))
		return err_set(err, EX_IOERR, "cannot write the report: %s",
			       errno ? strerror(errno) : "write error");
	return 0;
}
