/*
 * report — progress reports, plan figures and `show` look-ups (see report.h).
 *
 * A report is written plan by plan: one plan's items, actions and notes are read into
 * memory (a plan holds tens to a few hundred actions, so this stays small even when the
 * database holds the whole estate), the per-owner and per-month figures are derived from
 * them, and the plan is written in the chosen format. Nothing is kept across plans.
 * One walk (under "the report") picks what a report holds; Markdown and HTML are each a
 * table of operations (rp_format) that only say how it looks.
 */
#include "report.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "out.h"
#include "query.h"
#include "store_priv.h"
#include "text.h"

/* ---- one plan in memory ----------------------------------------------------------- */

typedef struct rp_item {
	int64_t id;
	char *ref, *category, *directed_to, *agreement, *agreement_note, *repeated_from, *text;
	int seq, total, done, overdue;
} rp_item;

typedef struct rp_action {
	int64_t id, item_id;
	char *action_id, *text, *owners, *target, *due, *due_original, *due_reason, *status;
	bool overdue;
} rp_action;

typedef struct rp_note {
	int64_t action; /* database id */
	char *at, *user, *kind, *note, *new_;
} rp_note;

typedef struct rp_owner {
	char *name;
	int by_status[STATUS_COUNT], overdue, total;
} rp_owner;

typedef struct rp_month {
	int y, m;
	int total, done, overdue; /* done: completed or cancelled */
} rp_month;

typedef struct rp_plan {
	char *est, *est_name, *cycle, *scheme, *inspection, *published, *submitted;
	rp_item *items;
	size_t nitems, citems;
	rp_action *actions;
	size_t nactions, cactions;
	rp_note *notes;
	size_t nnotes, cnotes;
	rp_owner *owners;
	size_t nowners, cowners;
	rp_month *months;  /* first due month to last, every month in between */
	size_t nmonths;
	int by_status[STATUS_COUNT], overdue, undated;
	int agreement[3];  /* items agreed, partly agreed, not agreed */
	char **strings;    /* every string above, freed with the plan */
	size_t nstrings, cstrings;
	bool oom;
} rp_plan;

/* Grows an array to hold n+1 elements; false (and p unchanged) when memory runs out. */
static bool rp_grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *q = realloc(*p, ncap * size);
	if (!q)
		return false;
	*p = q;
	*cap = ncap;
	return true;
}

static char *rp_dup(rp_plan *p, const char *s)
{
	if (!s || p->oom)
		return NULL;
	char *d = strdup(s);
	if (!d || !rp_grow((void **)&p->strings, &p->cstrings, p->nstrings, sizeof(char *))) {
		free(d);
		p->oom = true;
		return NULL;
	}
	p->strings[p->nstrings++] = d;
	return d;
}

static void rp_free(rp_plan *p)
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

static int rp_status_index(const char *status)
{
	int s = status ? model_status_parse(status) : -1;
	return s < 0 ? STATUS_PLANNED : s;
}

static int rp_item_row(const query_item *r, void *ctx)
{
	rp_plan *p = ctx;
	if (!rp_grow((void **)&p->items, &p->citems, p->nitems, sizeof *p->items))
		return p->oom = true, 1;
	p->items[p->nitems++] = (rp_item){
		.id = r->id, .ref = rp_dup(p, r->ref), .category = rp_dup(p, r->category),
		.directed_to = rp_dup(p, r->directed_to), .agreement = rp_dup(p, r->agreement),
		.agreement_note = rp_dup(p, r->agreement_note),
		.repeated_from = rp_dup(p, r->repeated_from), .text = rp_dup(p, r->text),
		.seq = r->seq, .total = r->actions_total, .done = r->actions_completed,
		.overdue = r->actions_overdue};
	return p->oom;
}

static int rp_action_row(const query_action *r, void *ctx)
{
	rp_plan *p = ctx;
	if (!rp_grow((void **)&p->actions, &p->cactions, p->nactions, sizeof *p->actions))
		return p->oom = true, 1;
	p->actions[p->nactions++] = (rp_action){
		.id = r->id, .item_id = r->item_id, .action_id = rp_dup(p, r->action_id),
		.text = rp_dup(p, r->text), .owners = rp_dup(p, r->owners),
		.target = rp_dup(p, r->target), .due = rp_dup(p, r->due),
		.due_original = rp_dup(p, r->due_original), .due_reason = rp_dup(p, r->due_reason),
		.status = rp_dup(p, r->status), .overdue = r->overdue};
	return p->oom;
}

static const rp_action *rp_action_by_id(const rp_plan *p, int64_t id)
{
	for (size_t i = 0; i < p->nactions; i++)
		if (p->actions[i].id == id)
			return &p->actions[i];
	return NULL;
}

/* Notes (and the notes given with status changes and revised dates) of the plan's actions. */
static int rp_read_notes(store *st, rp_plan *p, const char *since, ab_err *err)
{
	static const char sql[] =
		"SELECT h.action_id, h.at, h.user, h.kind, h.note, h.new FROM history h"
		" JOIN action a ON a.id = h.action_id JOIN cycle c ON c.id = a.cycle_id"
		" JOIN establishment e ON e.id = c.establishment_id"
		" WHERE e.code = ?1 AND c.code = ?2 AND a.retired = 0"
		"   AND h.kind IN ('note', 'status', 'due') AND coalesce(h.note, '') <> ''"
		"   AND (?3 IS NULL OR h.at >= ?3)"
		" ORDER BY h.id";
	sqlite3_stmt *s;
	if (store_prepare(st, sql, &s, err))
		return err->code;
	store_bind_text(s, 1, p->est);
	store_bind_text(s, 2, p->cycle);
	store_bind_text(s, 3, since);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		if (!rp_action_by_id(p, id)) /* another owner's action */
			continue;
		if (!rp_grow((void **)&p->notes, &p->cnotes, p->nnotes, sizeof *p->notes)) {
			p->oom = true;
			break;
		}
		p->notes[p->nnotes++] = (rp_note){
			.action = id, .at = rp_dup(p, store_col(s, 1)), .user = rp_dup(p, store_col(s, 2)),
			.kind = rp_dup(p, store_col(s, 3)), .note = rp_dup(p, store_col(s, 4)),
			.new_ = rp_dup(p, store_col(s, 5))};
	}
	sqlite3_finalize(s);
	if (p->oom)
		return err_set(err, EX_OSERR, "out of memory");
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : store_fail(st, err, "reading notes");
}

static rp_owner *rp_owner_get(rp_plan *p, const char *name, size_t n)
{
	for (size_t i = 0; i < p->nowners; i++)
		if (strlen(p->owners[i].name) == n && !memcmp(p->owners[i].name, name, n))
			return &p->owners[i];
	if (!rp_grow((void **)&p->owners, &p->cowners, p->nowners, sizeof *p->owners))
		return p->oom = true, NULL;
	char buf[1024];
	snprintf(buf, sizeof buf, "%.*s", (int)n, name);
	p->owners[p->nowners] = (rp_owner){.name = rp_dup(p, buf)};
	return p->oom ? NULL : &p->owners[p->nowners++];
}

/* Most actions first, then by name: the chart reads from the heaviest load down. */
static int rp_owner_cmp(const void *a, const void *b)
{
	const rp_owner *x = a, *y = b;
	if (x->total != y->total)
		return y->total - x->total;
	return strcmp(x->name, y->name);
}

/* Per-owner counts, per-month counts and the plan's totals, from the items and actions read. */
static int rp_derive(rp_plan *p, ab_err *err)
{
	for (size_t i = 0; i < p->nitems; i++) {
		const char *a = p->items[i].agreement;
		if (a)
			p->agreement[!strcmp(a, "agreed") ? 0 : !strcmp(a, "partly_agreed") ? 1 : 2]++;
	}
	int lo = 0, hi = 0; /* months as y*12+m-1 */
	for (size_t i = 0; i < p->nactions; i++) {
		const rp_action *a = &p->actions[i];
		int s = rp_status_index(a->status);
		p->by_status[s]++;
		p->overdue += a->overdue;
		for (const char *o = a->owners; *o;) {
			const char *end = strchr(o, QUERY_OWNER_SEP);
			size_t n = end ? (size_t)(end - o) : strlen(o);
			rp_owner *ow = rp_owner_get(p, o, n);
			if (!ow)
				return err_set(err, EX_OSERR, "out of memory");
			ow->by_status[s]++;
			ow->overdue += a->overdue;
			ow->total++;
			o += n + (end ? 1 : 0);
		}
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
		qsort(p->owners, p->nowners, sizeof *p->owners, rp_owner_cmp);
	if (!lo)
		return 0;
	p->nmonths = (size_t)(hi - lo + 1);
	if (!(p->months = calloc(p->nmonths, sizeof *p->months)))
		return err_set(err, EX_OSERR, "out of memory");
	for (size_t i = 0; i < p->nmonths; i++)
		p->months[i] = (rp_month){.y = (lo + (int)i) / 12, .m = (lo + (int)i) % 12 + 1};
	for (size_t i = 0; i < p->nactions; i++) {
		const rp_action *a = &p->actions[i];
		date_t d;
		if (!a->due || !date_parse_iso(a->due, &d))
			continue;
		rp_month *m = &p->months[d.y * 12 + d.m - 1 - lo];
		int s = rp_status_index(a->status);
		m->total++;
		m->done += s == STATUS_COMPLETED || s == STATUS_CANCELLED;
		m->overdue += a->overdue;
	}
	return 0;
}

static int rp_load(store *st, const report_opts *o, rp_plan *p, ab_err *err)
{
	query_filter f = {.establishment = p->est, .cycle = p->cycle, .owner = o->owner,
			  .today = o->today};
	if (query_items(st, &f, rp_item_row, p, err) || query_actions(st, &f, rp_action_row, p, err))
		return p->oom ? err_set(err, EX_OSERR, "out of memory") : err->code;
	if (p->oom)
		return err_set(err, EX_OSERR, "out of memory");
	if (rp_read_notes(st, p, o->since, err))
		return err->code;
	return rp_derive(p, err);
}

/* ---- words ---------------------------------------------------------------------------- */

static const char *const rp_month_names[] = {"January", "February", "March", "April", "May",
					     "June", "July", "August", "September", "October",
					     "November", "December"};

static const char *rp_category_label(const rp_plan *p, const char *category)
{
	bool concerns = p->scheme && !strcmp(p->scheme, "concerns");
	if (!category)
		return "";
	if (!strcmp(category, "priority"))
		return concerns ? "Priority concern" : "Priority recommendation";
	if (!strcmp(category, "key"))
		return concerns ? "Key concern" : "Key recommendation";
	return concerns ? "General concern" : "General recommendation";
}

/* Agreement is recorded, and so reported, only under the recommendations scheme. */
static bool rp_has_agreement(const rp_plan *p)
{
	return p->scheme && !strcmp(p->scheme, "recommendations");
}

static const char *rp_agreement_label(const char *a)
{
	if (!a)
		return NULL;
	return !strcmp(a, "agreed") ? "Agreed" : !strcmp(a, "partly_agreed") ? "Partly agreed"
						 : "Not agreed";
}

static const char *const rp_status_labels[STATUS_COUNT] = {"planned", "in progress", "blocked",
							  "completed", "cancelled"};

/* "18 July 2022" from an ISO date; the text itself when it is not one. */
static void rp_long_date(const char *iso, char *buf, size_t n)
{
	date_t d;
	if (iso && date_parse_iso(iso, &d))
		snprintf(buf, n, "%d %s %d", d.d, rp_month_names[d.m - 1], d.y);
	else
		snprintf(buf, n, "%s", iso ? iso : "");
}

/* "18 July 2022 to 19 July 2022, 25 July 2022 to 29 July 2022" from "from/to;from/to". */
static void rp_inspection_text(const char *spec, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = 0;
	for (const char *p = spec ? spec : ""; *p && used + 1 < n;) {
		char from[DATE_ISO_LEN] = "", to[DATE_ISO_LEN] = "", a[48], b[48];
		size_t len = strcspn(p, ";");
		const char *slash = memchr(p, '/', len);
		if (slash) {
			snprintf(from, sizeof from, "%.*s", (int)(slash - p), p);
			snprintf(to, sizeof to, "%.*s", (int)(len - (size_t)(slash - p) - 1), slash + 1);
		}
		rp_long_date(from, a, sizeof a);
		rp_long_date(to, b, sizeof b);
		int w = snprintf(buf + used, n - used, "%s%s to %s", used ? ", " : "", a, b);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
		p += len + (p[len] ? 1 : 0);
	}
}

static long rp_days_late(const rp_action *a, date_t today)
{
	date_t d;
	if (!a->overdue || !a->due || !date_parse_iso(a->due, &d))
		return 0;
	return date_to_days(today) - date_to_days(d);
}

/* ---- the formats ------------------------------------------------------------------------ */

/*
 * What goes in a report is decided once, by the walk under "the report" below: which plans,
 * items, actions and notes, in which order, and the headings that depend on the options.
 * A format only says how each part looks: functions for the parts that carry data, strings
 * for the fixed markup that closes them ("" where the format has none).
 */
typedef struct rp_format {
	void (*esc)(FILE *fp, const char *s); /* every text that comes from the data or the user */
	void (*begin)(FILE *fp, const report_opts *o);      /* the title, up to "As at DATE" */
	void (*plan)(FILE *fp, const rp_plan *p, date_t today); /* heading, figures, charts */
	void (*item)(FILE *fp, const rp_plan *p, const rp_item *it); /* up to its actions */
	void (*action)(FILE *fp, const rp_plan *p, const rp_action *a, const char *owners,
		       long days_late);
	void (*note)(FILE *fp, const rp_action *a, const rp_note *note);
	void (*end)(FILE *fp, const report_opts *o); /* after the plans; NULL: nothing */
	const char *strong[2];     /* around the owner's name in the scope line */
	const char *scope_end;     /* after the scope line */
	const char *actions_end;   /* after an item's actions */
	const char *notes_head[2]; /* around "Notes since DATE" */
	const char *notes_end, *item_end, *plan_end;
	const char *no_plan;       /* when no plan has a matching action */
} rp_format;

/* ---- HTML ------------------------------------------------------------------------------ */

/* Text or attribute value with & < > " ' escaped; control characters become spaces. */
static void html_esc(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc((unsigned char)*s < 0x20 ? ' ' : *s, fp);
		}
	}
}

/* At most `cols` columns of s, escaped, with "…" when cut (for SVG labels). */
static void html_esc_fit(FILE *fp, const char *s, int cols)
{
	if (text_width(s) <= cols) {
		html_esc(fp, s);
		return;
	}
	int used;
	size_t n = text_fit(s, cols - 1, &used);
	char buf[512];
	snprintf(buf, sizeof buf, "%.*s", (int)(n < sizeof buf ? n : sizeof buf - 1), s);
	html_esc(fp, buf);
	fputs("…", fp);
}

static const char html_style[] =
	"<style>\n"
	":root{--done:#2e7d32;--prog:#1565c0;--plan:#90a4ae;--block:#ef6c00;--canc:#bdbdbd;"
	"--late:#c62828;--ink:#1d2327;--muted:#5f6b73;--rule:#d7dde1}\n"
	"*{box-sizing:border-box}\n"
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
	"color:var(--ink);margin:0 auto;max-width:1100px;padding:24px}\n"
	"h1{font-size:24px;margin:0 0 4px}h2{font-size:20px;margin:28px 0 4px;"
	"border-bottom:2px solid var(--ink);padding-bottom:4px}"
	"h3{font-size:16px;margin:0 0 6px}h4{font-size:13px;margin:10px 0 4px;color:var(--muted);"
	"text-transform:uppercase;letter-spacing:.04em}\n"
	".meta{color:var(--muted);margin:0 0 12px}\n"
	".figures{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}\n"
	".fig{border:1px solid var(--rule);border-radius:6px;padding:6px 12px;min-width:110px}\n"
	".fig b{display:block;font-size:22px}.fig span{color:var(--muted);font-size:12px}\n"
	".fig.late b{color:var(--late)}\n"
	".charts{display:flex;flex-wrap:wrap;gap:16px;margin:8px 0 16px}\n"
	"figure{margin:0;flex:1 1 480px}figcaption{font-weight:600;margin-bottom:4px}\n"
	"svg{max-width:100%;height:auto;font-size:11px}svg text{fill:var(--ink)}\n"
	".legend{display:flex;flex-wrap:wrap;gap:10px;font-size:12px;color:var(--muted);"
	"margin:4px 0}\n"
	".sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;"
	"vertical-align:-1px}\n"
	".s-completed{fill:var(--done);background:var(--done)}"
	".s-in_progress{fill:var(--prog);background:var(--prog)}"
	".s-planned{fill:var(--plan);background:var(--plan)}"
	".s-blocked{fill:var(--block);background:var(--block)}"
	".s-cancelled{fill:var(--canc);background:var(--canc)}"
	".s-overdue{fill:var(--late);background:var(--late)}\n"
	".item{border-top:1px solid var(--rule);padding:12px 0 8px}\n"
	".item .ref{font-variant-numeric:tabular-nums}\n"
	".tag{display:inline-block;border:1px solid var(--rule);border-radius:10px;padding:0 8px;"
	"font-size:12px;font-weight:400;margin-left:6px;color:var(--muted)}\n"
	".tag.agreed{border-color:var(--done);color:var(--done)}"
	".tag.partly_agreed{border-color:var(--block);color:var(--block)}"
	".tag.not_agreed{border-color:var(--late);color:var(--late)}\n"
	".finding{margin:0 0 6px}.note{color:var(--muted);margin:0 0 6px}\n"
	".progress{display:flex;align-items:center;gap:8px;margin:4px 0 8px;font-size:13px}\n"
	".bar{width:160px;height:10px;background:#eceff1;border-radius:5px;overflow:hidden}\n"
	".bar i{display:block;height:100%;background:var(--done)}\n"
	"table{border-collapse:collapse;width:100%;font-size:12.5px}\n"
	"th,td{text-align:left;vertical-align:top;padding:4px 6px;border-bottom:1px solid "
	"var(--rule)}\n"
	"th{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}\n"
	"td.id{white-space:nowrap;font-variant-numeric:tabular-nums}td.due{white-space:nowrap}\n"
	"tr.overdue td{background:#fdecea}.late{color:var(--late);font-weight:600}\n"
	".st{white-space:nowrap}.rev{color:var(--muted);font-size:11px;display:block}\n"
	"ul.notes{margin:0;padding-left:18px;font-size:12.5px}ul.notes time{color:var(--muted)}\n"
	"footer{margin-top:24px;color:var(--muted);font-size:12px}\n"
	"@page{size:A4;margin:14mm 12mm}\n"
	"@media print{body{max-width:none;padding:0;font-size:11px}"
	".plan+.plan{break-before:page}.charts{break-inside:avoid}"
	".items{break-before:page}.item{break-inside:avoid-page;page-break-inside:avoid}"
	"tr{break-inside:avoid}h2,h3{break-after:avoid}"
	"tr.overdue td,.bar,.bar i,.sw,.fig{-webkit-print-color-adjust:exact;"
	"print-color-adjust:exact}}\n"
	"</style>\n";

static void html_begin(FILE *fp, const report_opts *o)
{
	char today[DATE_ISO_LEN];
	date_format_iso(o->today, today);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>Action plan progress",
	      fp);
	if (o->establishment) {
		fputs(" · ", fp);
		html_esc(fp, o->establishment);
	}
	if (o->cycle) {
		fputs(" · ", fp);
		html_esc(fp, o->cycle);
	}
	if (o->owner) {
		fputs(" · ", fp);
		html_esc(fp, o->owner);
	}
	fputs("</title>\n", fp);
	fputs(html_style, fp);
	fprintf(fp, "</head>\n<body>\n<header>\n<h1>Progress against the action plan</h1>\n"
		"<p class=\"meta\">As at <time datetime=\"%s\">%s</time>", today, today);
}

static void html_fig(FILE *fp, const char *key, int value, const char *label, bool late)
{
	fprintf(fp, "<div class=\"fig%s\" data-figure=\"%s\"><b>%d</b><span>%s</span></div>\n",
		late ? " late" : "", key, value, label);
}

static void html_figures(FILE *fp, const rp_plan *p)
{
	fputs("<div class=\"figures\">\n", fp);
	html_fig(fp, "items", (int)p->nitems, "items", false);
	if (rp_has_agreement(p)) {
		html_fig(fp, "agreed", p->agreement[0], "agreed", false);
		html_fig(fp, "partly_agreed", p->agreement[1], "partly agreed", false);
		html_fig(fp, "not_agreed", p->agreement[2], "not agreed", false);
	}
	html_fig(fp, "actions", (int)p->nactions, "actions", false);
	static const char *const keys[STATUS_COUNT] = {"planned", "in_progress", "blocked",
						       "completed", "cancelled"};
	for (int s = 0; s < STATUS_COUNT; s++)
		html_fig(fp, keys[s], p->by_status[s], rp_status_labels[s], false);
	html_fig(fp, "overdue", p->overdue, "overdue", p->overdue > 0);
	fputs("</div>\n", fp);
}

/* Segments of an owner's bar: the open statuses count only their on-time actions, so that
 * the overdue band is separate and the segments add up to the owner's total. */
typedef struct owner_segment {
	const char *cls, *label;
	int n;
} owner_segment;

static void html_owner_chart(FILE *fp, const rp_plan *p)
{
	const int label_w = 240, bar_w = 330, row_h = 22, top = 4;
	int max = 1;
	for (size_t i = 0; i < p->nowners; i++)
		if (p->owners[i].total > max)
			max = p->owners[i].total;
	int h = top + (int)p->nowners * row_h + 4;
	fputs("<figure class=\"chart owners\">\n<figcaption>Status per owner</figcaption>\n", fp);
	fprintf(fp, "<svg viewBox=\"0 0 %d %d\" width=\"%d\" "
		"height=\"%d\" role=\"img\" aria-label=\"Actions per owner by status\">\n",
		label_w + bar_w + 90, h, label_w + bar_w + 90, h);
	for (size_t i = 0; i < p->nowners; i++) {
		const rp_owner *o = &p->owners[i];
		int late = o->overdue, y = top + (int)i * row_h;
		/* Overdue actions are open ones; take them from the open statuses, blocked first. */
		int open[3] = {o->by_status[STATUS_BLOCKED], o->by_status[STATUS_IN_PROGRESS],
			       o->by_status[STATUS_PLANNED]};
		for (int k = 0; k < 3 && late; k++) {
			int take = open[k] < late ? open[k] : late;
			open[k] -= take;
			late -= take;
		}
		owner_segment seg[] = {{"s-completed", "completed", o->by_status[STATUS_COMPLETED]},
				       {"s-in_progress", "in progress, on time", open[1]},
				       {"s-planned", "planned, on time", open[2]},
				       {"s-blocked", "blocked, on time", open[0]},
				       {"s-overdue", "overdue", o->overdue},
				       {"s-cancelled", "cancelled", o->by_status[STATUS_CANCELLED]}};
		fputs("<g class=\"owner\" data-owner=\"", fp);
		html_esc(fp, o->name);
		fprintf(fp, "\" data-total=\"%d\" data-overdue=\"%d\" data-completed=\"%d\">\n",
			o->total, o->overdue, o->by_status[STATUS_COMPLETED]);
		fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\"><title>", label_w - 6,
			y + 15);
		html_esc(fp, o->name);
		fputs("</title>", fp);
		html_esc_fit(fp, o->name, 34);
		fputs("</text>\n", fp);
		double x = label_w;
		for (size_t k = 0; k < sizeof seg / sizeof seg[0]; k++) {
			if (!seg[k].n)
				continue;
			double w = (double)seg[k].n * bar_w / max;
			fprintf(fp, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\">"
				"<title>%d %s</title></rect>\n",
				seg[k].cls, x, y + 3, w, row_h - 6, seg[k].n, seg[k].label);
			x += w;
		}
		fprintf(fp, "<text x=\"%.1f\" y=\"%d\">%d", x + 5, y + 15, o->total);
		if (o->overdue)
			fprintf(fp, " · <tspan fill=\"#c62828\">%d late</tspan>", o->overdue);
		fputs("</text>\n</g>\n", fp);
	}
	fputs("</svg>\n<div class=\"legend\">"
	      "<span><i class=\"sw s-completed\"></i>completed</span>"
	      "<span><i class=\"sw s-in_progress\"></i>in progress</span>"
	      "<span><i class=\"sw s-planned\"></i>planned</span>"
	      "<span><i class=\"sw s-blocked\"></i>blocked</span>"
	      "<span><i class=\"sw s-overdue\"></i>overdue (open, past due)</span>"
	      "<span><i class=\"sw s-cancelled\"></i>cancelled</span></div>\n</figure>\n",
	      fp);
}

static void html_timeline(FILE *fp, const rp_plan *p, date_t today)
{
	fputs("<figure class=\"chart timeline\">\n<figcaption>Actions by due month</figcaption>\n",
	      fp);
	if (!p->nmonths) {
		fprintf(fp, "<p class=\"note\">No action has a due date (%d undated).</p>\n</figure>\n",
			p->undated);
		return;
	}
	const int left = 28, plot_h = 150, top = 10, w = 640;
	int max = 1;
	for (size_t i = 0; i < p->nmonths; i++)
		if (p->months[i].total > max)
			max = p->months[i].total;
	double step = (double)(w - left - 8) / (double)p->nmonths;
	double bw = step > 3 ? step * 0.8 : step;
	int h = top + plot_h + 34;
	fprintf(fp, "<svg viewBox=\"0 0 %d %d\" width=\"%d\" "
		"height=\"%d\" role=\"img\" aria-label=\"Actions by due month, overdue in red\">\n",
		w, h, w, h);
	int base = top + plot_h;
	fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#5f6b73\"/>\n", left,
		base, w - 4, base);
	fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text>"
		"<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>\n",
		left - 4, top + 8, max, left - 4, base);
	for (size_t i = 0; i < p->nmonths; i++) {
		const rp_month *m = &p->months[i];
		double x = left + step * (double)i + (step - bw) / 2;
		int open = m->total - m->done - m->overdue;
		fprintf(fp, "<g class=\"month\" data-month=\"%04d-%02d\" data-total=\"%d\" "
			"data-overdue=\"%d\" data-done=\"%d\">",
			m->y, m->m, m->total, m->overdue, m->done);
		double y = base;
		const struct { const char *cls; int n; } seg[] = {
			{"s-completed", m->done}, {"s-in_progress", open}, {"s-overdue", m->overdue}};
		for (size_t k = 0; k < 3; k++) {
			if (!seg[k].n)
				continue;
			double bh = (double)seg[k].n * plot_h / max;
			y -= bh;
			fprintf(fp, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
				"height=\"%.1f\"/>", seg[k].cls, x, y, bw, bh);
		}
		if (m->total)
			fprintf(fp, "<title>%s %d: %d due, %d done, %d overdue</title>",
				rp_month_names[m->m - 1], m->y, m->total, m->done, m->overdue);
		fputs("</g>\n", fp);
		/* Year labels at January (and at the first month), ticks at every quarter. */
		if (m->m == 1 || (i == 0 && m->m <= 9))
			fprintf(fp, "<text x=\"%.1f\" y=\"%d\">%d</text>\n", x, base + 26, m->y);
		if ((m->m - 1) % 3 == 0)
			fprintf(fp, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
				"stroke=\"#5f6b73\"/>\n", x + bw / 2, base, x + bw / 2, base + 4);
	}
	/* Today, when it falls inside the chart. */
	int tk = today.y * 12 + today.m - 1, k0 = p->months[0].y * 12 + p->months[0].m - 1;
	if (tk >= k0 && tk < k0 + (int)p->nmonths) {
		double x = left + step * ((double)(tk - k0) + (today.d - 0.5) / 31.0);
		fprintf(fp, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#1d2327\" "
			"stroke-dasharray=\"3 3\"/><text x=\"%.1f\" y=\"%d\">today</text>\n",
			x, top, x, base, x + 3, top + 8);
	}
	fputs("</svg>\n<div class=\"legend\">"
	      "<span><i class=\"sw s-completed\"></i>completed or cancelled</span>"
	      "<span><i class=\"sw s-in_progress\"></i>open, not yet late</span>"
	      "<span><i class=\"sw s-overdue\"></i>overdue</span>",
	      fp);
	fprintf(fp, "<span data-figure=\"undated\">%d without a due date</span></div>\n</figure>\n",
		p->undated);
}

static void html_action_row(FILE *fp, const rp_plan *p, const rp_action *a, const char *owners,
			    long days_late)
{
	fprintf(fp, "<tr class=\"%s\" data-key=\"", a->overdue ? "overdue" : "");
	html_esc(fp, p->est);
	fputc('/', fp);
	html_esc(fp, p->cycle);
	fputc('/', fp);
	html_esc(fp, a->action_id);
	fprintf(fp, "\" data-status=\"%s\" data-overdue=\"%s\" data-due=\"", a->status,
		a->overdue ? "true" : "false");
	html_esc(fp, a->due ? a->due : "");
	fputs("\"><td class=\"id\">", fp);
	html_esc(fp, a->action_id);
	fputs("</td><td>", fp);
	html_esc(fp, a->text);
	fputs("</td><td>", fp);
	html_esc(fp, owners);
	fputs("</td><td>", fp);
	html_esc(fp, a->target);
	fputs("</td><td class=\"due\">", fp);
	html_esc(fp, a->due ? a->due : "–");
	if (a->due_reason) {
		fputs("<span class=\"rev\">revised from ", fp);
		html_esc(fp, a->due_original ? a->due_original : "none");
		fputs(": ", fp);
		html_esc(fp, a->due_reason);
		fputs("</span>", fp);
	}
	fprintf(fp, "</td><td class=\"st\"><i class=\"sw s-%s\"></i>%s", a->status,
		rp_status_labels[rp_status_index(a->status)]);
	if (a->overdue)
		fprintf(fp, "<br><span class=\"late\" data-days-late=\"%ld\">%ld days late</span>",
			days_late, days_late);
	fputs("</td></tr>\n", fp);
}

static void html_note(FILE *fp, const rp_action *a, const rp_note *note)
{
	fputs("<li data-action=\"", fp);
	html_esc(fp, a->action_id);
	fputs("\"><time>", fp);
	html_esc(fp, note->at);
	fputs("</time> <b>", fp);
	html_esc(fp, a->action_id);
	fputs("</b> ", fp);
	html_esc(fp, note->user);
	if (strcmp(note->kind, "note")) {
		fputs(" (", fp);
		html_esc(fp, !strcmp(note->kind, "due") ? "due date revised to" : "status set to");
		fputc(' ', fp);
		html_esc(fp, note->new_);
		fputc(')', fp);
	}
	fputs(": ", fp);
	html_esc(fp, note->note);
	fputs("</li>\n", fp);
}

static void html_item(FILE *fp, const rp_plan *p, const rp_item *it)
{
	fputs("<section class=\"item\" id=\"item-", fp);
	html_esc(fp, p->est);
	fputc('-', fp);
	html_esc(fp, p->cycle);
	fputc('-', fp);
	html_esc(fp, it->ref);
	fputs("\" data-ref=\"", fp);
	html_esc(fp, it->ref);
	fprintf(fp, "\" data-total=\"%d\" data-done=\"%d\" data-overdue=\"%d\">\n<h3><span "
		"class=\"ref\">", it->total, it->done, it->overdue);
	html_esc(fp, it->ref);
	if (it->seq)
		fprintf(fp, " (%d)", it->seq);
	fputs("</span> · ", fp);
	html_esc(fp, rp_category_label(p, it->category));
	if (it->agreement) {
		fputs("<span class=\"tag ", fp);
		html_esc(fp, it->agreement);
		fputs("\">", fp);
		html_esc(fp, rp_agreement_label(it->agreement));
		fputs("</span>", fp);
	}
	if (it->directed_to) {
		fputs("<span class=\"tag\">to ", fp);
		html_esc(fp, it->directed_to);
		fputs("</span>", fp);
	}
	fputs("</h3>\n<p class=\"finding\">", fp);
	html_esc(fp, it->text);
	fputs("</p>\n", fp);
	if (it->agreement_note && *it->agreement_note) {
		fputs("<p class=\"note\">", fp);
		html_esc(fp, rp_agreement_label(it->agreement));
		fputs(": ", fp);
		html_esc(fp, it->agreement_note);
		fputs("</p>\n", fp);
	}
	if (it->repeated_from && *it->repeated_from) {
		fputs("<p class=\"note\">Repeats recommendation ", fp);
		html_esc(fp, it->repeated_from);
		fputs(" of the previous inspection.</p>\n", fp);
	}
	int pct = it->total ? it->done * 100 / it->total : 0;
	fprintf(fp, "<div class=\"progress\"><div class=\"bar\"><i style=\"width:%d%%\"></i></div>"
		"<span data-figure=\"done\">%d/%d actions completed</span>", pct, it->done, it->total);
	if (it->overdue)
		fprintf(fp, "<span class=\"late\" data-figure=\"overdue\">%d overdue</span>",
			it->overdue);
	fputs("</div>\n<table class=\"actions\"><thead><tr><th>Action</th><th>What</th>"
	      "<th>Owners</th><th>Target (as published)</th><th>Due</th><th>Status</th></tr>"
	      "</thead>\n<tbody>\n", fp);
}

static void html_plan(FILE *fp, const rp_plan *p, date_t today)
{
	char when[256], pub[48], sub[48];
	rp_inspection_text(p->inspection, when, sizeof when);
	rp_long_date(p->published, pub, sizeof pub);
	rp_long_date(p->submitted, sub, sizeof sub);
	fputs("<section class=\"plan\" data-establishment=\"", fp);
	html_esc(fp, p->est);
	fputs("\" data-cycle=\"", fp);
	html_esc(fp, p->cycle);
	fputs("\">\n<h2>", fp);
	html_esc(fp, p->est_name);
	fputs(" · inspection ", fp);
	html_esc(fp, p->cycle);
	fputs("</h2>\n<p class=\"meta\">", fp);
	html_esc(fp, p->scheme);
	fputs(" scheme", fp);
	if (*when) {
		fputs(" · inspected ", fp);
		html_esc(fp, when);
	}
	if (*pub) {
		fputs(" · report published ", fp);
		html_esc(fp, pub);
	}
	if (*sub) {
		fputs(" · plan submitted ", fp);
		html_esc(fp, sub);
	}
	fputs("</p>\n", fp);
	html_figures(fp, p);
	fputs("<div class=\"charts\">\n", fp);
	html_owner_chart(fp, p);
	html_timeline(fp, p, today);
	fputs("</div>\n<div class=\"items\">\n", fp);
}

static void html_end(FILE *fp, const report_opts *o)
{
	fputs("<footer>Made by actionboard", fp);
	if (o->version) {
		fputc(' ', fp);
		html_esc(fp, o->version);
	}
	fputs(" from the establishment's own status updates. Targets are quoted as published; "
	      "due dates derive from them unless revised.</footer>\n</body>\n</html>\n", fp);
}

static const rp_format rp_html = {
	.esc = html_esc, .begin = html_begin, .plan = html_plan, .item = html_item,
	.action = html_action_row, .note = html_note, .end = html_end,
	.strong = {"<b>", "</b>"}, .scope_end = "</p>\n</header>\n",
	.actions_end = "</tbody></table>\n", .notes_head = {"<h4>", "</h4>\n<ul class=\"notes\">\n"},
	.notes_end = "</ul>\n", .item_end = "</section>\n", .plan_end = "</div>\n</section>\n",
	.no_plan = "<p>No action matches this report.</p>\n"};

/* ---- Markdown ------------------------------------------------------------------------ */

/* Text with Markdown's active characters backslash-escaped and line breaks as spaces, so
 * that plan text never turns into markup (or raw HTML) when the file is rendered. */
static void md_esc(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_[]<>|#!{}", *s))
			fputc('\\', fp);
		fputc((unsigned char)*s < 0x20 ? ' ' : *s, fp);
	}
}

static void md_begin(FILE *fp, const report_opts *o)
{
	char today[DATE_ISO_LEN];
	date_format_iso(o->today, today);
	fprintf(fp, "# Progress against the action plan\n\nAs at %s", today);
}

static void md_plan_head(FILE *fp, const rp_plan *p)
{
	char when[256];
	rp_inspection_text(p->inspection, when, sizeof when);
	fputs("\n## ", fp);
	md_esc(fp, p->est_name);
	fputs(" · inspection ", fp);
	md_esc(fp, p->cycle);
	fputs("\n\n", fp);
	md_esc(fp, p->scheme);
	fputs(" scheme", fp);
	if (*when) {
		fputs(" · inspected ", fp);
		md_esc(fp, when);
	}
	fputs("\n\n| items | actions | completed | in progress | planned | blocked | cancelled | "
	      "overdue |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n", fp);
	fprintf(fp, "| %zu | %zu | %d | %d | %d | %d | %d | %d |\n", p->nitems, p->nactions,
		p->by_status[STATUS_COMPLETED], p->by_status[STATUS_IN_PROGRESS],
		p->by_status[STATUS_PLANNED], p->by_status[STATUS_BLOCKED],
		p->by_status[STATUS_CANCELLED], p->overdue);
	if (rp_has_agreement(p))
		fprintf(fp, "\nAgreement: %d agreed, %d partly agreed, %d not agreed.\n",
			p->agreement[0], p->agreement[1], p->agreement[2]);
}

static void md_charts(FILE *fp, const rp_plan *p)
{
	fputs("\n### Status per owner\n\n| owner | total | completed | in progress | planned | "
	      "blocked | cancelled | overdue |\n|---|---:|---:|---:|---:|---:|---:|---:|\n", fp);
	for (size_t i = 0; i < p->nowners; i++) {
		const rp_owner *o = &p->owners[i];
		fputs("| ", fp);
		md_esc(fp, o->name);
		fprintf(fp, " | %d | %d | %d | %d | %d | %d | %d |\n", o->total,
			o->by_status[STATUS_COMPLETED], o->by_status[STATUS_IN_PROGRESS],
			o->by_status[STATUS_PLANNED], o->by_status[STATUS_BLOCKED],
			o->by_status[STATUS_CANCELLED], o->overdue);
	}
	fputs("\n### Actions by due month\n\n| month | due | completed or cancelled | overdue |\n"
	      "|---|---:|---:|---:|\n", fp);
	for (size_t i = 0; i < p->nmonths; i++)
		if (p->months[i].total)
			fprintf(fp, "| %04d-%02d | %d | %d | %d |\n", p->months[i].y, p->months[i].m,
				p->months[i].total, p->months[i].done, p->months[i].overdue);
	fprintf(fp, "| none | %d | | |\n", p->undated);
}

/* Markdown has no chart to place today on. */
static void md_plan(FILE *fp, const rp_plan *p, date_t today)
{
	(void)today;
	md_plan_head(fp, p);
	md_charts(fp, p);
}

static void md_item(FILE *fp, const rp_plan *p, const rp_item *it)
{
	fputs("\n### ", fp);
	md_esc(fp, it->ref);
	if (it->seq)
		fprintf(fp, " (%d)", it->seq);
	fputs(" · ", fp);
	md_esc(fp, rp_category_label(p, it->category));
	fprintf(fp, " · %d/%d actions completed", it->done, it->total);
	if (it->overdue)
		fprintf(fp, " · %d overdue", it->overdue);
	fputs("\n\n", fp);
	md_esc(fp, it->text);
	fputs("\n", fp);
	if (it->agreement) {
		fputs("\n**", fp);
		md_esc(fp, rp_agreement_label(it->agreement));
		fputs("**", fp);
		if (it->agreement_note && *it->agreement_note) {
			fputs(": ", fp);
			md_esc(fp, it->agreement_note);
		}
		fputs("\n", fp);
	}
	fputs("\n| action | what | owners | target | due | status |\n|---|---|---|---|---|---|\n",
	      fp);
}

/* The plan is named by the section's heading: a row needs only the action's own id. */
static void md_action(FILE *fp, const rp_plan *p, const rp_action *a, const char *owners,
		      long days_late)
{
	(void)p;
	fputs("| ", fp);
	md_esc(fp, a->action_id);
	fputs(" | ", fp);
	md_esc(fp, a->text);
	fputs(" | ", fp);
	md_esc(fp, owners);
	fputs(" | ", fp);
	md_esc(fp, a->target);
	fputs(" | ", fp);
	md_esc(fp, a->due ? a->due : "-");
	fprintf(fp, " | %s", rp_status_labels[rp_status_index(a->status)]);
	if (a->overdue)
		fprintf(fp, ", **overdue %ld days**", days_late);
	fputs(" |\n", fp);
}

static void md_note(FILE *fp, const rp_action *a, const rp_note *note)
{
	fputs("- ", fp);
	md_esc(fp, note->at);
	fputc(' ', fp);
	md_esc(fp, a->action_id);
	fputs(" (", fp);
	md_esc(fp, note->user);
	fputs("): ", fp);
	md_esc(fp, note->note);
	fputc('\n', fp);
}

static const rp_format rp_markdown = {
	.esc = md_esc, .begin = md_begin, .plan = md_plan, .item = md_item,
	.action = md_action, .note = md_note, .end = NULL,
	.strong = {"**", "**"}, .scope_end = "\n", .actions_end = "",
	.notes_head = {"\n", ":\n\n"}, .notes_end = "", .item_end = "", .plan_end = "",
	.no_plan = "\nNo action matches this report.\n"};

/* ---- the report -------------------------------------------------------------------- */

typedef struct rp_plans {
	const report_opts *o;
	rp_plan *list;
	size_t n, cap;
	bool oom;
} rp_plans;

static int rp_cycle_row(const catalog_cycle *c, void *ctx)
{
	rp_plans *ps = ctx;
	if ((ps->o->establishment && strcmp(c->establishment, ps->o->establishment)) ||
	    (ps->o->cycle && strcmp(c->cycle, ps->o->cycle)))
		return 0;
	if (!rp_grow((void **)&ps->list, &ps->cap, ps->n, sizeof *ps->list))
		return ps->oom = true, 1;
	rp_plan *p = &ps->list[ps->n++];
	memset(p, 0, sizeof *p);
	p->est = rp_dup(p, c->establishment);
	p->est_name = rp_dup(p, c->establishment_name);
	p->cycle = rp_dup(p, c->cycle);
	p->scheme = rp_dup(p, c->scheme);
	p->inspection = rp_dup(p, c->inspection);
	p->published = rp_dup(p, c->report_published);
	p->submitted = rp_dup(p, c->plan_submitted);
	return p->oom ? (ps->oom = true, 1) : 0;
}

/* The next action of `it` at or after index *i, which moves past it; NULL after the last. */
static const rp_action *rp_item_action(const rp_plan *p, const rp_item *it, size_t *i)
{
	for (; *i < p->nactions; (*i)++)
		if (p->actions[*i].item_id == it->id)
			return &p->actions[(*i)++];
	return NULL;
}

/* The next note on an action of `it`, with that action in *a; steps as rp_item_action. */
static const rp_note *rp_item_note(const rp_plan *p, const rp_item *it, size_t *i,
				   const rp_action **a)
{
	for (; *i < p->nnotes; (*i)++) {
		/* never NULL: rp_read_notes keeps only notes on the plan's actions */
		*a = rp_action_by_id(p, p->notes[*i].action);
		if ((*a)->item_id == it->id)
			return &p->notes[(*i)++];
	}
	return NULL;
}

/* Under the title: whose actions and which notes the report holds. */
static void rp_write_scope(FILE *fp, const rp_format *f, const report_opts *o)
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
static void rp_write_item(FILE *fp, const rp_format *f, const rp_plan *p, const rp_item *it,
			  const report_opts *o)
{
	f->item(fp, p, it);
	const rp_action *a;
	for (size_t i = 0; (a = rp_item_action(p, it, &i));) {
		char *owners = out_owners_joined(a->owners, ", ");
		f->action(fp, p, a, owners ? owners : "", rp_days_late(a, o->today));
		free(owners);
	}
	fputs(f->actions_end, fp);
	const rp_note *note;
	int n = 0;
	for (size_t i = 0; (note = rp_item_note(p, it, &i, &a)); n++) {
		if (!n) {
			fputs(f->notes_head[0], fp);
			fputs("Notes", fp);
			if (o->since) {
				fputs(" since ", fp);
				f->esc(fp, o->since);
			}
			fputs(f->notes_head[1], fp);
		}
		f->note(fp, a, note);
	}
	if (n)
		fputs(f->notes_end, fp);
	fputs(f->item_end, fp);
}

static void rp_write_plan(FILE *fp, const rp_format *f, const rp_plan *p, const report_opts *o)
{
	f->plan(fp, p, o->today);
	for (size_t i = 0; i < p->nitems; i++)
		rp_write_item(fp, f, p, &p->items[i], o);
	fputs(f->plan_end, fp);
}

int report_write(store *st, const report_opts *o, FILE *fp, ab_err *err)
{
	const rp_format *f = o->format == REPORT_HTML ? &rp_html : &rp_markdown;
	query_filter qf = {.establishment = o->establishment, .cycle = o->cycle,
			   .owner = o->owner, .today = o->today};
	if (query_check_filter(st, &qf, err))
		return err->code;
	rp_plans ps = {.o = o};
	int rc = catalog_cycles(st, o->today, rp_cycle_row, &ps, err);
	if (ps.oom)
		rc = err_set(err, EX_OSERR, "out of memory");
	int shown = 0;
	if (!rc) {
		f->begin(fp, o);
		rp_write_scope(fp, f, o);
	}
	/* The plans' headers are small; each plan's body is read, written and freed in turn. */
	for (size_t i = 0; i < ps.n; i++) {
		rp_plan *p = &ps.list[i];
		if (!rc && !(rc = rp_load(st, o, p, err)) && p->nactions) {
			rp_write_plan(fp, f, p, o);
			shown++;
		}
		rp_free(p);
	}
	free(ps.list);
	if (rc)
		return rc;
	if (!shown)
		fputs(f->no_plan, fp);
	if (f->end)
		f->end(fp, o);
	if (fflush(fp) || ferror(fp))
		return err_set(err, EX_IOERR, "cannot write the report");
	return 0;
}

/* ---- summary ------------------------------------------------------------------------- */

int report_summary(store *st, const char *establishment, const char *cycle, date_t today,
		   int soon_days, report_figures_fn fn, void *ctx, ab_err *err)
{
	static const char sql[] =
		"SELECT e.code, e.name, c.code, c.scheme,"
		" (SELECT count(*) FROM item i WHERE i.cycle_id = c.id AND i.retired = 0),"
		" (SELECT count(*) FROM item i WHERE i.cycle_id = c.id AND i.retired = 0"
		"   AND i.agreement = 'agreed'),"
		" (SELECT count(*) FROM item i WHERE i.cycle_id = c.id AND i.retired = 0"
		"   AND i.agreement = 'partly_agreed'),"
		" (SELECT count(*) FROM item i WHERE i.cycle_id = c.id AND i.retired = 0"
		"   AND i.agreement = 'not_agreed'),"
		" count(a.id),"
		" coalesce(sum(a.status = 'planned'), 0), coalesce(sum(a.status = 'in_progress'), 0),"
		" coalesce(sum(a.status = 'blocked'), 0), coalesce(sum(a.status = 'completed'), 0),"
		" coalesce(sum(a.status = 'cancelled'), 0),"
		" coalesce(sum(coalesce(a.due_revised, a.due) < ?3"
		"   AND a.status NOT IN ('completed', 'cancelled')), 0),"
		" coalesce(sum(coalesce(a.due_revised, a.due) BETWEEN ?3 AND ?4"
		"   AND a.status NOT IN ('completed', 'cancelled')), 0)"
		" FROM cycle c JOIN establishment e ON e.id = c.establishment_id"
		" LEFT JOIN action a ON a.cycle_id = c.id AND a.retired = 0"
		"   AND a.item_id IN (SELECT id FROM item WHERE retired = 0)"
		" WHERE c.retired = 0 AND (?1 IS NULL OR e.code = ?1) AND (?2 IS NULL OR c.code = ?2)"
		" GROUP BY c.id ORDER BY e.code, c.inspection_start, c.code";
	query_filter f = {.establishment = establishment, .cycle = cycle, .today = today};
	if (query_check_filter(st, &f, err))
		return err->code;
	sqlite3_stmt *s;
	if (store_prepare(st, sql, &s, err))
		return err->code;
	char iso[DATE_ISO_LEN], limit[DATE_ISO_LEN];
	date_format_iso(today, iso);
	date_format_iso(date_from_days(date_to_days(today) + soon_days), limit);
	store_bind_text(s, 1, establishment);
	store_bind_text(s, 2, cycle);
	store_bind_text(s, 3, iso);
	store_bind_text(s, 4, limit);
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		report_figures r = {
			.establishment = store_col(s, 0), .establishment_name = store_col(s, 1),
			.cycle = store_col(s, 2), .scheme = store_col(s, 3),
			.items = sqlite3_column_int(s, 4), .agreed = sqlite3_column_int(s, 5),
			.partly_agreed = sqlite3_column_int(s, 6),
			.not_agreed = sqlite3_column_int(s, 7), .actions = sqlite3_column_int(s, 8),
			.overdue = sqlite3_column_int(s, 14), .due_soon = sqlite3_column_int(s, 15)};
		for (int k = 0; k < STATUS_COUNT; k++)
			r.by_status[k] = sqlite3_column_int(s, 9 + k);
		cbrc = fn(&r, ctx);
	}
	sqlite3_finalize(s);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading");
}

/* ---- show ---------------------------------------------------------------------------- */

/* Items (kind 0) or actions (kind 1) named `name` in matching live plans: how many, and the
 * last one found. */
static int rp_lookup(store *st, int kind, const char *est, const char *cycle, const char *name,
		     report_ref *out, int *count, ab_err *err)
{
	static const char *const sql[2] = {
		"SELECT e.code, c.code, i.id, '' FROM item i JOIN cycle c ON c.id = i.cycle_id"
		" JOIN establishment e ON e.id = c.establishment_id"
		" WHERE i.ref = ?3 AND i.retired = 0 AND c.retired = 0"
		"   AND (?1 IS NULL OR e.code = ?1) AND (?2 IS NULL OR c.code = ?2)",
		"SELECT e.code, c.code, a.item_id, a.action_id FROM action a"
		" JOIN item i ON i.id = a.item_id JOIN cycle c ON c.id = a.cycle_id"
		" JOIN establishment e ON e.id = c.establishment_id"
		" WHERE a.action_id = ?3 AND a.retired = 0 AND i.retired = 0 AND c.retired = 0"
		"   AND (?1 IS NULL OR e.code = ?1) AND (?2 IS NULL OR c.code = ?2)"};
	sqlite3_stmt *s;
	if (store_prepare(st, sql[kind], &s, err))
		return err->code;
	store_bind_text(s, 1, est);
	store_bind_text(s, 2, cycle);
	store_bind_text(s, 3, name);
	int rc;
	*count = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		(*count)++;
		snprintf(out->establishment, sizeof out->establishment, "%s", store_col(s, 0));
		snprintf(out->cycle, sizeof out->cycle, "%s", store_col(s, 1));
		out->item_id = sqlite3_column_int64(s, 2);
		snprintf(out->action_id, sizeof out->action_id, "%s", store_col(s, 3));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading");
}

int report_find(store *st, const char *what, const char *establishment, const char *cycle,
		report_ref *out, ab_err *err)
{
	char est[64], cyc[64], name[256];
	const char *s1 = strchr(what, '/'), *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
	memset(out, 0, sizeof *out);
	if (s2) { /* ESTABLISHMENT/CYCLE/NAME: the key says where */
		snprintf(est, sizeof est, "%.*s", (int)(s1 - what), what);
		snprintf(cyc, sizeof cyc, "%.*s", (int)(s2 - s1 - 1), s1 + 1);
		snprintf(name, sizeof name, "%s", s2 + 1);
		establishment = est;
		cycle = cyc;
	} else if (!cycle) {
		return err_set(err, EX_USAGE,
			       "'%s' is not a key (ESTABLISHMENT/CYCLE/ID); give --cycle ID with a ref",
			       what);
	} else {
		snprintf(name, sizeof name, "%s", what);
	}
	query_filter f = {.establishment = establishment, .cycle = cycle};
	if (query_check_filter(st, &f, err))
		return err->code;
	int n;
	for (int kind = 0; kind < 2; kind++) {
		if (rp_lookup(st, kind, establishment, cycle, name, out, &n, err))
			return err->code;
		if (n > 1)
			return err_set(err, EX_DATAERR,
				       "'%s' is in several establishments' cycle %s; give --establishment",
				       name, cycle);
		if (n == 1)
			return 0;
	}
	return err_set(err, EX_DATAERR, "no item or action '%s'", what);
}
