/*
 * html — the report as one self-contained HTML document: inline CSS (which also lays it out
 * for A4 print) and SVG charts, no script, nothing fetched. Only how things look: what the
 * report holds is decided by the walk in report.c.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "report_priv.h"

/* Text or attribute value made safe (text.h: line breaks as spaces, control and bidi
 * characters and bytes that are not UTF-8 as U+FFFD), then with & < > " ' escaped. */
static void html_esc(FILE *fp, const char *str)
{
	char *safe = text_safe_dup(str ? str : "", 0);
	for (const char *s = safe; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*s, fp);
		}
	}
	free(safe);
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
	".judged{margin:0 0 6px}.judged.gap{color:var(--late);font-weight:600}\n"
	".assess{margin:16px 0}.assess h3{margin-bottom:4px}\n"
	".progress{display:flex;align-items:center;gap:8px;margin:4px 0 8px;font-size:13px}\n"
	".bar{width:160px;height:10px;background:#eceff1;border-radius:5px;overflow:hidden}\n"
	".bar i{display:block;height:100%;background:var(--done)}\n"
	"table{border-collapse:collapse;width:100%;font-size:12.5px}\n"
	"th,td{text-align:left;vertical-align:top;padding:4px 6px;border-bottom:1px solid "
	"var(--rule)}\n"
	"th{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}\n"
	"td.id{white-space:nowrap;font-variant-numeric:tabular-nums}td.due{white-space:nowrap}\n"
	/* A revised date's reason wraps within a narrow DUE column: never widens it, so
	 * never squeezes the text of the action to a word a line. */
	"td.due .rev{white-space:normal;min-width:10em;max-width:14em;overflow-wrap:anywhere}\n"
	"tr.overdue td{background:#fdecea}.late{color:var(--late);font-weight:600}\n"
	".st{white-space:nowrap}.rev{color:var(--muted);font-size:11px;display:block}\n"
	"ul.notes{margin:0;padding-left:18px;font-size:12.5px}ul.notes time{color:var(--muted)}\n"
	"footer{margin-top:24px;color:var(--muted);font-size:12px}\n"
	/* A4 print: the page is filled, not spaced out. Each plan starts a page; within it the
	 * figures sit on one line, the charts keep a size that can be read, and items flow one after the
	 * other, breaking between actions (never inside one), an item's heading, finding,
	 * progress and the table's header kept with its first action. The header is not
	 * repeated on a new page: Chromium moves a table whose repeated header would stand
	 * alone to the next page whole, leaving the item's heading behind. */
	"@page{size:A4;margin:12mm 11mm}\n"
	"@media print{body{max-width:none;padding:0;font-size:10px;line-height:1.35}"
	"h1{font-size:18px}h2{font-size:15px;margin:0 0 2px}h3{font-size:11.5px;margin:0 0 2px}"
	"h4{font-size:9px;margin:4px 0 2px}.meta{margin:0 0 6px}"
	".plan+.plan{break-before:page}"
	".figures{flex-wrap:nowrap;gap:4px;margin:6px 0}"
	".fig{flex:1 1 0;min-width:0;padding:2px 6px}.fig b{font-size:14px}.fig span{font-size:8.5px}"
	".charts{gap:4px 12px;margin:4px 0 8px}figure{break-inside:avoid}"
	".legend{font-size:8.5px;gap:6px;margin:2px 0}"
	".item{padding:6px 0 4px}"
	".item h3,.finding,.item .note,.progress{break-after:avoid;break-inside:avoid}"
	".finding,.item .note{margin:0 0 3px}"
	".progress{margin:2px 0 4px;font-size:9.5px}.bar{height:8px}"
	"table.actions{break-before:avoid}thead{display:table-row-group;break-after:avoid}"
	"table{font-size:9.5px}th,td{padding:2px 4px}th{font-size:8px}"
	"tr{break-inside:avoid}h2,h3,h4{break-after:avoid}"
	/* a section's heading and its intro stay with the start of its table or list */
	".assess>.note{break-after:avoid;break-inside:avoid}table.assess,ul.notes{break-before:avoid}"
	"ul.notes{font-size:9.5px}footer{margin-top:10px;font-size:9px}"
	"tr.overdue td,.bar,.bar i,.sw,.fig{-webkit-print-color-adjust:exact;"
	"print-color-adjust:exact}}\n"
	"</style>\n";

static void html_begin(FILE *fp, const render_report_opts *o)
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

static void html_figures(FILE *fp, const report_plan *p)
{
	fputs("<div class=\"figures\">\n", fp);
	html_fig(fp, "items", (int)p->nitems, "items", false);
	if (report_has_agreement(p)) {
		html_fig(fp, "agreed", p->agreement[0], "agreed", false);
		html_fig(fp, "partly_agreed", p->agreement[1], "partly agreed", false);
		html_fig(fp, "not_agreed", p->agreement[2], "not agreed", false);
	}
	html_fig(fp, "actions", (int)p->nactions, "actions", false);
	for (int s = 0; s < STATUS_COUNT; s++)
		html_fig(fp, model_status_name((model_status)s), p->by_status[s],
			 model_status_label((model_status)s), false);
	/* the completed, split by a second person's sign-off (verify.h) */
	html_fig(fp, "verified", p->verified, "verified", false);
	html_fig(fp, "completed_not_verified", p->by_status[STATUS_COMPLETED] - p->verified,
		 "completed, not verified", false);
	html_fig(fp, "overdue", p->overdue, "overdue", p->overdue > 0);
	fputs("</div>\n", fp);
}

/* Segments of an owner's bar: the open statuses count only their on-time actions, so that
 * the overdue band is separate and the segments add up to the owner's total. */
typedef struct owner_segment {
	const char *cls, *label;
	int n;
} owner_segment;

static void html_owner_chart(FILE *fp, const report_plan *p)
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
		const report_owner *o = &p->owners[i];
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

static void html_timeline(FILE *fp, const report_plan *p, date_t today)
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
		const report_month *m = &p->months[i];
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
				date_month_name(m->m), m->y, m->total, m->done, m->overdue);
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

static void html_action_row(FILE *fp, const report_plan *p, const report_action *a, const char *owners,
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
	if (a->amended) {
		fputs("<span class=\"rev amended\">", fp);
		html_esc(fp, a->amended);
		fputs("</span>", fp);
	}
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
		model_status_label((model_status)report_status_index(a->status)));
	if (a->overdue) {
		char late[64];
		report_late_text(a, days_late, late, sizeof late);
		fprintf(fp, "<br><span class=\"late\" data-days-late=\"%ld\">%s late</span>",
			days_late, late);
	}
	fputs("</td></tr>\n", fp);
}

/* "AT ID USER (CHANGE): NOTE", the change only when the note came with one. */
static void html_note(FILE *fp, const report_note *note)
{
	fputs("<li data-action=\"", fp);
	html_esc(fp, note->action->action_id);
	fputs("\"><time>", fp);
	html_esc(fp, note->at);
	fputs("</time> <b>", fp);
	html_esc(fp, note->action->action_id);
	fputs("</b> ", fp);
	html_esc(fp, note->user);
	if (note->change) {
		fputs(" (", fp);
		html_esc(fp, note->change);
		fputc(')', fp);
	}
	fputs(": ", fp);
	html_esc(fp, note->note);
	fputs("</li>\n", fp);
}

static void html_item(FILE *fp, const report_plan *p, const report_item *it)
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
	html_esc(fp, report_category_label(p, it->category));
	if (it->agreement) {
		fputs("<span class=\"tag ", fp);
		html_esc(fp, it->agreement);
		fputs("\">", fp);
		html_esc(fp, report_agreement_label(it->agreement));
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
		html_esc(fp, report_agreement_label(it->agreement));
		fputs(": ", fp);
		html_esc(fp, it->agreement_note);
		fputs("</p>\n", fp);
	}
	if (it->repeated_from && *it->repeated_from) {
		fputs("<p class=\"note\">Repeats recommendation ", fp);
		html_esc(fp, it->repeated_from);
		fputs(" of the previous inspection.</p>\n", fp);
	}
	if (it->judged) {
		fprintf(fp, "<p class=\"judged%s\">Judged: ", it->gap ? " gap" : "");
		html_esc(fp, it->judged);
		fputs("</p>\n", fp);
	}
	if (it->lineage) {
		fputs("<p class=\"note lineage\">Lineage: ", fp);
		html_esc(fp, it->lineage);
		fputs("</p>\n", fp);
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

static void html_plan(FILE *fp, const report_plan *p, date_t today)
{
	char when[256], pub[48], sub[48];
	report_inspection_text(p->inspection, when, sizeof when);
	report_long_date(p->published, pub, sizeof pub);
	report_long_date(p->submitted, sub, sizeof sub);
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
	if (p->clock) {
		fputs("<p class=\"meta clock\">Statutory clocks: ", fp);
		html_esc(fp, p->clock);
		fputs("</p>\n", fp);
	}
	html_figures(fp, p);
	fputs("<div class=\"charts\">\n", fp);
	html_owner_chart(fp, p);
	html_timeline(fp, p, today);
	fputs("</div>\n<div class=\"items\">\n", fp);
}

/* A section of assess.c: its title, what it holds, and its table. */
static void html_table(FILE *fp, const report_table *t)
{
	fprintf(fp, "<section class=\"assess %s\">\n<h3>", t->cls);
	html_esc(fp, t->title);
	fputs("</h3>\n", fp);
	if (t->intro) {
		fputs("<p class=\"note\">", fp);
		html_esc(fp, t->intro);
		fputs("</p>\n", fp);
	}
	if (!t->nrows) {
		fputs("</section>\n", fp);
		return;
	}
	fputs("<table class=\"assess\"><thead><tr>", fp);
	for (size_t c = 0; c < t->ncols; c++) {
		fputs("<th>", fp);
		html_esc(fp, t->head[c]);
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (size_t r = 0; r < t->nrows; r++) {
		fprintf(fp, "<tr data-%s=\"", t->cls);
		html_esc(fp, t->cells[r * t->ncols]);
		fputs("\">", fp);
		for (size_t c = 0; c < t->ncols; c++) {
			fputs("<td>", fp);
			html_esc(fp, t->cells[r * t->ncols + c]);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table>\n</section>\n", fp);
}

static void html_end(FILE *fp, const render_report_opts *o)
{
	fputs("<footer>Made by actionboard", fp);
	if (o->version) {
		fputc(' ', fp);
		html_esc(fp, o->version);
	}
	fputs(" from the establishment's own status updates. Targets are quoted as published; "
	      "due dates derive from them unless revised.</footer>\n</body>\n</html>\n", fp);
}

const report_format report_html = {
	.esc = html_esc, .begin = html_begin, .plan = html_plan, .item = html_item,
	.action = html_action_row, .note = html_note, .end = html_end, .table = html_table,
	.strong = {"<b>", "</b>"}, .scope_end = "</p>\n</header>\n",
	.actions_end = "</tbody></table>\n", .notes_head = {"<h4>", "</h4>\n<ul class=\"notes\">\n"},
	.notes_end = "</ul>\n", .item_end = "</section>\n", .plan_end = "</div>\n</section>\n",
	.no_plan = "<p>No action matches this report.</p>\n"};

