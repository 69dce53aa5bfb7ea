/*
 * pack — the IRP evidence pack (render.h render_pack): one HTML document for the
 * inspectors at the Independent Review of Progress, printed on A4. A first page for the
 * governor says where each concern (or recommendation) stands; then each one, in plan
 * order and starting a page of its own: the finding, its judgements as recorded, its
 * links to earlier (and later) findings, and each action with its status, due date and
 * slip, verification, evidence (names, sizes and SHA-256, or URLs) and its whole history
 * (status changes, notes, slips, verifications, evidence). Everything is read through
 * core's API and written through the HTML report's escaper.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/assess.h"
#include "../core/clock.h"
#include "../core/evidence.h"
#include "../core/judge.h"
#include "../core/key.h"
#include "../core/out.h"
#include "../core/query.h"
#include "../core/text.h"
#include "report_priv.h"

typedef struct pack_ctx {
	FILE *fp;
	store *st;
	ab_err *err;
	date_t today;
	assess_reader *ar;
	const char *est, *cycle, *scheme;
	int n; /* rows or events written in the current list */
} pack_ctx;

static void pack_esc(FILE *fp, const char *s)
{
	report_html.esc(fp, s ? s : "");
}

static const char pack_style[] =
	"<style>\n"
	"body{font:13px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
	"color:#1d2327;margin:0 auto;max-width:1000px;padding:24px}\n"
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 6px;border-bottom:2px solid"
	" #1d2327;padding-bottom:3px}h3{font-size:14px;margin:14px 0 4px}\n"
	"h4{font-size:11px;margin:8px 0 3px;color:#5f6b73;text-transform:uppercase;"
	"letter-spacing:.04em}\n"
	".meta{color:#5f6b73;margin:0 0 10px}.finding{font-size:14px;margin:0 0 8px}\n"
	"table{border-collapse:collapse;width:100%;font-size:12px}\n"
	"th,td{text-align:left;vertical-align:top;padding:3px 5px;border-bottom:1px solid #d7dde1}\n"
	"th{font-size:10.5px;text-transform:uppercase;color:#5f6b73}\n"
	"td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"code{font-size:10.5px;overflow-wrap:anywhere}\n"
	"ul.events{margin:0;padding-left:16px;font-size:12px}ul.events li{margin:1px 0}\n"
	".action{border-top:1px solid #d7dde1;padding-top:4px;break-inside:avoid-page}\n"
	".none{color:#5f6b73}.late{color:#c62828;font-weight:600}\n"
	"@page{size:A4;margin:14mm 12mm}\n"
	"@media print{body{max-width:none;padding:0;font-size:10.5px}"
	".summary,.concern{break-after:page}.concern:last-child{break-after:auto}"
	"h2,h3,h4{break-after:avoid}tr{break-inside:avoid}table{font-size:9.5px}"
	"ul.events{font-size:9.5px}}\n"
	"</style>\n";

/* ---- the governor's page ----------------------------------------------------------------- */

static int pack_summary_row(const query_item *r, void *vctx)
{
	pack_ctx *c = vctx;
	assess_item a;
	if (assess_read(c->ar, r->id, &a, c->err))
		return c->err->code;
	util_buf theirs = {0}, ours = {0};
	render_theirs(&theirs, &a);
	render_ours(&ours, &a);
	fprintf(c->fp, "<tr data-ref=\"");
	pack_esc(c->fp, r->ref);
	fputs("\"><td><a href=\"#c-", c->fp);
	pack_esc(c->fp, r->ref);
	fputs("\">", c->fp);
	pack_esc(c->fp, r->ref);
	fputs("</a></td><td>", c->fp);
	int used;
	size_t fit = text_fit(r->text, 90, &used);
	char *cut = xstrndup(r->text, fit);
	pack_esc(c->fp, cut);
	free(cut);
	if (r->text[fit])
		fputs("…", c->fp);
	fprintf(c->fp, "</td><td class=\"num\">%d/%d</td><td class=\"num%s\">%d</td><td>",
		r->actions_completed, r->actions_total, r->actions_overdue ? " late" : "",
		r->actions_overdue);
	pack_esc(c->fp, ours.s ? ours.s : "");
	fputs("</td><td>", c->fp);
	pack_esc(c->fp, theirs.s ? theirs.s : "no judgement recorded");
	fputs("</td></tr>\n", c->fp);
	util_buf_free(&theirs);
	util_buf_free(&ours);
	return ferror(c->fp) ? EX_IOERR : 0;
}

static int pack_summary(pack_ctx *c)
{
	bool concerns = c->scheme && !strcmp(c->scheme, "concerns");
	fprintf(c->fp,
		"<section class=\"summary\">\n<h2>Where each %s stands</h2>\n<table>"
		"<thead><tr><th>Ref</th><th>Finding</th><th>Actions done</th><th>Overdue</th>"
		"<th>Our assessment</th><th>HMIP's judgement</th></tr></thead>\n<tbody>\n",
		concerns ? "concern" : "recommendation");
	query_filter f = {.establishment = c->est, .cycle = c->cycle, .today = c->today};
	int rc = query_items(c->st, &f, pack_summary_row, c, c->err);
	fputs("</tbody></table>\n</section>\n", c->fp);
	return rc;
}

/* ---- each concern ---------------------------------------------------------------------- */

static int pack_event(const action_event *e, void *vctx)
{
	pack_ctx *c = vctx;
	util_buf line = {0};
	render_event_line(&line, e);
	fputs(c->n++ ? "<li>" : "<ul class=\"events\">\n<li>", c->fp);
	pack_esc(c->fp, line.s);
	fputs("</li>\n", c->fp);
	util_buf_free(&line);
	return 0;
}

static void pack_events_end(pack_ctx *c, const char *none)
{
	if (c->n)
		fputs("</ul>\n", c->fp);
	else
		fprintf(c->fp, "<p class=\"none\">%s</p>\n", none);
}

static int pack_evidence_row(const evidence_entry *e, void *vctx)
{
	pack_ctx *c = vctx;
	if (!c->n++)
		fputs("<table class=\"evidence\"><thead><tr><th>N</th><th>File or URL</th><th>Size"
		      "</th><th>SHA-256</th><th>Added</th><th>Note</th></tr></thead>\n<tbody>\n",
		      c->fp);
	char when[CLOCK_SHOW_LEN];
	clock_show(e->added_at, when);
	fprintf(c->fp, "<tr data-sha256=\"%s\"><td class=\"num\">%d</td><td>", e->sha256 ? e->sha256 : "",
		e->n);
	if (e->removed_at)
		fputs("<s>", c->fp);
	pack_esc(c->fp, e->name);
	if (e->removed_at)
		fputs("</s>", c->fp);
	if (e->sha256)
		fprintf(c->fp, "</td><td class=\"num\">%lld bytes</td><td><code>%s</code></td><td>",
			e->size, e->sha256);
	else
		fputs("</td><td></td><td>(a URL)</td><td>", c->fp);
	pack_esc(c->fp, e->added_by);
	fputs(", ", c->fp);
	pack_esc(c->fp, when);
	fputs("</td><td>", c->fp);
	pack_esc(c->fp, e->note);
	if (e->removed_at) {
		fputs(" (removed by ", c->fp);
		pack_esc(c->fp, e->removed_by);
		fputs(": ", c->fp);
		pack_esc(c->fp, e->removed_reason);
		fputs(")", c->fp);
	}
	fputs("</td></tr>\n", c->fp);
	return 0;
}

static int pack_action(const query_action *r, void *vctx)
{
	pack_ctx *c = vctx;
	char key[KEY_LEN];
	key_format(key, sizeof key, r->establishment, r->cycle, r->action_id);
	char *owners = out_owners_joined(r->owners, "; ");
	fputs("<div class=\"action\" data-key=\"", c->fp);
	pack_esc(c->fp, key);
	fputs("\">\n<h3>", c->fp);
	pack_esc(c->fp, r->action_id);
	fprintf(c->fp, " · %s", model_status_label((model_status)report_status_index(r->status)));
	if (r->verification)
		fprintf(c->fp, " · %s", !strcmp(r->verification, "verified") ? "verified"
									: "awaiting verification");
	if (r->overdue)
		fputs(" · <span class=\"late\">overdue</span>", c->fp);
	fputs("</h3>\n<p>", c->fp);
	pack_esc(c->fp, r->text);
	fputs("</p>\n<table><tbody><tr><th>Owners</th><td>", c->fp);
	pack_esc(c->fp, owners);
	fputs("</td></tr><tr><th>Target</th><td>", c->fp);
	pack_esc(c->fp, r->target);
	fputs("</td></tr><tr><th>Due</th><td>", c->fp);
	pack_esc(c->fp, r->due ? r->due : "none");
	if (r->due_reason) {
		fputs(" (revised from ", c->fp);
		pack_esc(c->fp, r->due_original ? r->due_original : "none");
		fputs(": ", c->fp);
		pack_esc(c->fp, r->due_reason);
		fputs(")", c->fp);
	}
	if (r->slip_days)
		fprintf(c->fp, " · slipped %d days", r->slip_days);
	fputs("</td></tr><tr><th>Verification</th><td>", c->fp);
	if (r->verified_by) {
		char when[CLOCK_SHOW_LEN];
		clock_show(r->verified_at, when);
		fputs("verified by ", c->fp);
		pack_esc(c->fp, r->verified_by);
		fputs(", ", c->fp);
		pack_esc(c->fp, when);
	} else {
		fputs(r->verification ? "awaiting verification" : "—", c->fp);
	}
	fputs("</td></tr></tbody></table>\n<h4>Evidence</h4>\n", c->fp);
	free(owners);
	c->n = 0;
	int rc = evidence_list(c->st, key, pack_evidence_row, c, c->err);
	if (rc)
		return rc;
	fputs(c->n ? "</tbody></table>\n" : "<p class=\"none\">No evidence attached.</p>\n", c->fp);
	fputs("<h4>History: status, notes, slips, verification</h4>\n", c->fp);
	c->n = 0;
	if ((rc = action_history(c->st, key, pack_event, c, c->err)))
		return rc;
	pack_events_end(c, "Nothing recorded.");
	fputs("</div>\n", c->fp);
	return ferror(c->fp) ? EX_IOERR : 0;
}

static int pack_item(const query_item *r, void *vctx)
{
	pack_ctx *c = vctx;
	bool concerns = c->scheme && !strcmp(c->scheme, "concerns");
	fputs("<section class=\"concern\" id=\"c-", c->fp);
	pack_esc(c->fp, r->ref);
	fputs("\" data-ref=\"", c->fp);
	pack_esc(c->fp, r->ref);
	fputs("\">\n<h2>", c->fp);
	pack_esc(c->fp, r->ref);
	fputs(" · ", c->fp);
	const char *cat = r->category;
	fprintf(c->fp, "%s %s</h2>\n<p class=\"finding\">",
		!strcmp(cat, "priority") ? "Priority" : !strcmp(cat, "key") ? "Key" : "General",
		concerns ? "concern" : "recommendation");
	pack_esc(c->fp, r->text);
	fputs("</p>\n", c->fp);
	if (r->agreement) {
		fputs("<p class=\"meta\">", c->fp);
		pack_esc(c->fp, report_agreement_label(r->agreement));
		if (r->agreement_note && *r->agreement_note) {
			fputs(": ", c->fp);
			pack_esc(c->fp, r->agreement_note);
		}
		fputs("</p>\n", c->fp);
	}
	assess_item a;
	if (assess_read(c->ar, r->id, &a, c->err))
		return c->err->code;
	util_buf links = {0};
	render_lineage(&links, &a);
	fputs("<h4>Links to earlier findings</h4>\n<p", c->fp);
	fputs(links.s ? " class=\"links\">" : " class=\"none\">", c->fp);
	pack_esc(c->fp, links.s ? links.s : "None recorded.");
	fputs("</p>\n<h4>Judgements recorded</h4>\n", c->fp);
	util_buf_free(&links);
	char key[512];
	key_format(key, sizeof key, r->establishment, r->cycle, r->ref);
	c->n = 0;
	int rc = judge_history(c->st, key, pack_event, c, c->err);
	if (rc)
		return rc;
	pack_events_end(c, "None recorded.");
	fputs("<h4>Actions</h4>\n", c->fp);
	query_filter f = {.establishment = c->est, .cycle = c->cycle, .item_id = r->id,
			  .today = c->today};
	if ((rc = query_actions(c->st, &f, pack_action, c, c->err)))
		return rc;
	fputs("</section>\n", c->fp);
	return 0;
}

/* The plan's establishment (given, or the only one with that cycle) and its names. */
typedef struct pack_plan {
	int n;
	char est[64], est_name[256], scheme[32];
} pack_plan;

static int pack_find_plan(const digest_plan *r, void *vctx)
{
	pack_plan *p = vctx;
	if (p->n++)
		return 0;
	snprintf(p->est, sizeof p->est, "%s", r->establishment);
	snprintf(p->est_name, sizeof p->est_name, "%s", r->establishment_name);
	snprintf(p->scheme, sizeof p->scheme, "%s", r->scheme ? r->scheme : "");
	return 0;
}

int render_pack(store *st, const render_report_opts *o, FILE *fp, ab_err *err)
{
	if (!o->cycle)
		return err_set(err, EX_USAGE, "the evidence pack is of one plan: --cycle ID");
	pack_plan plan = {0};
	if (digest_plans(st, o->establishment, o->cycle, o->today, QUERY_DUE_SOON_DAYS, pack_find_plan, &plan, err))
		return err->code;
	if (plan.n > 1)
		return err_set(err, EX_USAGE, "%d establishments have a cycle %s: say which with "
			       "--establishment CODE", plan.n, o->cycle);
	pack_ctx c = {.fp = fp, .st = st, .err = err, .today = o->today, .est = plan.est,
		      .cycle = o->cycle, .scheme = plan.scheme};
	if (assess_reader_open(st, &c.ar, err))
		return err->code;
	char today[DATE_ISO_LEN], now[CLOCK_ISO_LEN], shown[CLOCK_SHOW_LEN];
	date_format_iso(o->today, today);
	clock_now(now);
	clock_show(now, shown);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
	      "IRP evidence pack · ", fp);
	pack_esc(fp, plan.est_name);
	fputs(" · ", fp);
	pack_esc(fp, o->cycle);
	fprintf(fp, "</title>\n%s</head>\n<body>\n<header>\n<h1>IRP evidence pack: ", pack_style);
	pack_esc(fp, plan.est_name);
	fputs(" · inspection ", fp);
	pack_esc(fp, o->cycle);
	fprintf(fp, "</h1>\n<p class=\"meta\">As at <time datetime=\"%s\">%s</time> · made %s"
		" by actionboard%s%s from the establishment's own records: statuses, notes, revised "
		"dates, verifications and evidence as entered, each with who and when.</p>\n"
		"</header>\n", today, today, shown, o->version ? " " : "", o->version ? o->version : "");
	int rc = pack_summary(&c);
	query_filter f = {.establishment = c.est, .cycle = c.cycle, .today = c.today};
	if (!rc)
		rc = query_items(st, &f, pack_item, &c, err);
	assess_reader_close(c.ar);
	fputs("</body>\n</html>\n", fp);
	if (!rc && (fflush(fp) || ferror(fp)))
		rc = err_set(err, EX_IOERR, "cannot write the evidence pack");
	return rc;
}
