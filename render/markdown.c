/*
 * markdown — the report as Markdown: the same parts as the HTML report, as tables and
 * headings, without charts. Only how things look: what the report holds is decided by the
 * walk in report.c.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "report_priv.h"

/* Text made safe (text.h: line breaks as spaces, nothing a terminal obeys), then with
 * Markdown's active characters backslash-escaped, so that plan text never turns into
 * markup (or raw HTML) when the file is rendered. */
static void md_esc(FILE *fp, const char *s)
{
	char *safe = text_safe_dup(s ? s : "", 0);
	for (const char *p = safe; *p; p++) {
		if (strchr("\\`*_[]<>|#!{}", *p))
			fputc('\\', fp);
		fputc(*p, fp);
	}
	free(safe);
}

static void md_begin(FILE *fp, const render_report_opts *o)
{
	char today[DATE_ISO_LEN];
	date_format_iso(o->today, today);
	fprintf(fp, "# Progress against the action plan\n\nAs at %s", today);
}

static void md_plan_head(FILE *fp, const report_plan *p)
{
	char when[256];
	report_inspection_text(p->inspection, when, sizeof when);
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
	fprintf(fp, "\nOf the %d completed: %d verified, %d completed, not verified.\n",
		p->by_status[STATUS_COMPLETED], p->verified,
		p->by_status[STATUS_COMPLETED] - p->verified);
	if (report_has_agreement(p))
		fprintf(fp, "\nAgreement: %d agreed, %d partly agreed, %d not agreed.\n",
			p->agreement[0], p->agreement[1], p->agreement[2]);
	if (p->clock) {
		fputs("\nStatutory clocks: ", fp);
		md_esc(fp, p->clock);
		fputs("\n", fp);
	}
}

static void md_charts(FILE *fp, const report_plan *p)
{
	fputs("\n### Status per owner\n\n| owner | total | completed | in progress | planned | "
	      "blocked | cancelled | overdue |\n|---|---:|---:|---:|---:|---:|---:|---:|\n", fp);
	for (size_t i = 0; i < p->nowners; i++) {
		const report_owner *o = &p->owners[i];
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
static void md_plan(FILE *fp, const report_plan *p, date_t today)
{
	(void)today;
	md_plan_head(fp, p);
	md_charts(fp, p);
}

static void md_item(FILE *fp, const report_plan *p, const report_item *it)
{
	fputs("\n### ", fp);
	md_esc(fp, it->ref);
	if (it->seq)
		fprintf(fp, " (%d)", it->seq);
	fputs(" · ", fp);
	md_esc(fp, report_category_label(p, it->category));
	fprintf(fp, " · %d/%d actions completed", it->done, it->total);
	if (it->overdue)
		fprintf(fp, " · %d overdue", it->overdue);
	fputs("\n\n", fp);
	md_esc(fp, it->text);
	fputs("\n", fp);
	if (it->agreement) {
		fputs("\n**", fp);
		md_esc(fp, report_agreement_label(it->agreement));
		fputs("**", fp);
		if (it->agreement_note && *it->agreement_note) {
			fputs(": ", fp);
			md_esc(fp, it->agreement_note);
		}
		fputs("\n", fp);
	}
	if (it->judged) {
		fputs(it->gap ? "\n**Judged**: " : "\nJudged: ", fp);
		md_esc(fp, it->judged);
		fputs("\n", fp);
	}
	if (it->lineage) {
		fputs("\nLineage: ", fp);
		md_esc(fp, it->lineage);
		fputs("\n", fp);
	}
	fputs("\n| action | what | owners | target | due | status |\n|---|---|---|---|---|---|\n",
	      fp);
}

/* A section of assess.c: a heading, what it holds, and its table. */
static void md_table(FILE *fp, const report_table *t)
{
	fputs("\n### ", fp);
	md_esc(fp, t->title);
	fputs("\n", fp);
	if (t->intro) {
		fputs("\n", fp);
		md_esc(fp, t->intro);
		fputs("\n", fp);
	}
	if (!t->nrows)
		return;
	fputs("\n|", fp);
	for (size_t c = 0; c < t->ncols; c++) {
		fputc(' ', fp);
		md_esc(fp, t->head[c]);
		fputs(" |", fp);
	}
	fputs("\n|", fp);
	for (size_t c = 0; c < t->ncols; c++)
		fputs("---|", fp);
	fputc('\n', fp);
	for (size_t r = 0; r < t->nrows; r++) {
		fputc('|', fp);
		for (size_t c = 0; c < t->ncols; c++) {
			fputc(' ', fp);
			md_esc(fp, t->cells[r * t->ncols + c]);
			fputs(" |", fp);
		}
		fputc('\n', fp);
	}
}

/* The plan is named by the section's heading: a row needs only the action's own id. */
static void md_action(FILE *fp, const report_plan *p, const report_action *a, const char *owners,
		      long days_late)
{
	(void)p;
	fputs("| ", fp);
	md_esc(fp, a->action_id);
	fputs(" | ", fp);
	md_esc(fp, a->text);
	if (a->amended) {
		fputs(" (", fp);
		md_esc(fp, a->amended);
		fputs(")", fp);
	}
	fputs(" | ", fp);
	md_esc(fp, owners);
	fputs(" | ", fp);
	md_esc(fp, a->target);
	fputs(" | ", fp);
	md_esc(fp, a->due ? a->due : "-");
	fprintf(fp, " | %s", model_status_label((model_status)report_status_index(a->status)));
	if (a->overdue) {
		char late[64];
		report_late_text(a, days_late, late, sizeof late);
		fprintf(fp, ", **overdue %s**", late);
	}
	fputs(" |\n", fp);
}

/* "AT ID USER (CHANGE): NOTE", the change only when the note came with one. */
static void md_note(FILE *fp, const report_note *note)
{
	fputs("- ", fp);
	md_esc(fp, note->at);
	fputc(' ', fp);
	md_esc(fp, note->action->action_id);
	fputc(' ', fp);
	md_esc(fp, note->user);
	if (note->change) {
		fputs(" (", fp);
		md_esc(fp, note->change);
		fputc(')', fp);
	}
	fputs(": ", fp);
	md_esc(fp, note->note);
	fputc('\n', fp);
}

const report_format report_markdown = {
	.esc = md_esc, .begin = md_begin, .plan = md_plan, .item = md_item,
	.action = md_action, .note = md_note, .end = NULL, .table = md_table,
	.strong = {"**", "**"}, .scope_end = "\n", .actions_end = "",
	.notes_head = {"\n", ":\n\n"}, .notes_end = "", .item_end = "", .plan_end = "",
	.no_plan = "\nNo action matches this report.\n"};

