/* The reading commands for people and cron: report, summary and show. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/action.h"
#include "../core/out.h"
#include "../core/query.h"
#include "../core/report.h"
#include "../core/text.h"
#include "cli.h"

#ifndef AB_VERSION
#define AB_VERSION "0.0.0"
#endif

enum { FMT_TABLE, FMT_CSV, FMT_JSON };

static int report_parse_format(const char *cmd, const char *arg, bool csv, int *out)
{
	*out = !strcmp(arg, "table") ? FMT_TABLE
	       : !strcmp(arg, "json") ? FMT_JSON
	       : (csv && !strcmp(arg, "csv")) ? FMT_CSV
					      : -1;
	if (*out < 0)
		return cli_usage_error(cmd, "unknown format '%s' (table, %sjson)", arg,
				       csv ? "csv, " : "");
	return 0;
}

/* What summary and show are asked: where to look and in which format. */
typedef struct report_args {
	const char *est, *cycle;
	int format, days; /* days: summary's --due-within */
} report_args;

/* The options summary and show share; `opts` is the command's own table, so --due-within
 * comes only from summary's, and csv says whether the command writes CSV. */
static int report_parse_args(int argc, char **argv, const struct option *opts, bool csv,
			     report_args *a)
{
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "e:c:f:", opts)) != -1) {
		switch (c) {
		case -2: return EX_USAGE;
		case 'e': a->est = optarg; break;
		case 'c': a->cycle = optarg; break;
		case 'W':
			a->days = atoi(optarg);
			if (a->days <= 0 || a->days > 3660)
				return cli_usage_error(argv[0], "--due-within needs a number of days (1-3660)");
			break;
		case 'f':
			if (report_parse_format(argv[0], optarg, csv, &a->format))
				return EX_USAGE;
			break;
		}
	}
	return 0;
}

static bool report_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcasecmp(s + n - m, suffix);
}

/* ---- report ------------------------------------------------------------------------- */

/*
 * Writes the report into a temporary file beside FILE and renames it into place, so a
 * failed run never leaves half a report where the old one was.
 */
static int report_to_file(store *st, const report_opts *o, const char *path, ab_err *err)
{
	char tmp[4096];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= sizeof tmp)
		return err_set(err, EX_USAGE, "output path too long");
	int fd = mkstemp(tmp);
	if (fd < 0)
		return err_set_at(err, EX_CANTCREAT, path, 0, 0, "cannot create the report: %m");
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	FILE *fp = fdopen(fd, "w");
	if (!fp) {
		close(fd);
		unlink(tmp);
		return err_set_at(err, EX_OSERR, path, 0, 0, "cannot write the report: %m");
	}
	int rc = report_write(st, o, fp, err);
	if (fclose(fp) && !rc)
		rc = err_set_at(err, EX_IOERR, path, 0, 0, "cannot write the report: %m");
	if (!rc && rename(tmp, path))
		rc = err_set_at(err, EX_CANTCREAT, path, 0, 0, "cannot create the report: %m");
	if (rc)
		unlink(tmp);
	return rc;
}

static int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"establishment", required_argument, NULL, 'e'},
		{"cycle", required_argument, NULL, 'c'},
		{"owner", required_argument, NULL, 'O'},
		{"since", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{0}};
	report_opts o = {.today = ctx->today, .version = AB_VERSION};
	const char *out = NULL, *format = NULL;
	date_t since;
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "e:c:s:f:o:", opts)) != -1) {
		switch (c) {
		case -2: return EX_USAGE;
		case 'e': o.establishment = optarg; break;
		case 'c': o.cycle = optarg; break;
		case 'O': o.owner = optarg; break;
		case 'o': out = optarg; break;
		case 'f': format = optarg; break;
		case 's':
			if (!date_parse_iso(optarg, &since))
				return cli_usage_error(argv[0], "--since needs a date (YYYY-MM-DD), not '%s'",
						       optarg);
			o.since = optarg;
			break;
		}
	}
	if (optind < argc)
		return cli_usage_error(argv[0], "unexpected argument '%s'", argv[optind]);
	/* Without --format, a FILE ending in .html asks for HTML. */
	if (!format)
		format = out && (report_ends_with(out, ".html") || report_ends_with(out, ".htm"))
				 ? "html" : "md";
	if (!strcmp(format, "html"))
		o.format = REPORT_HTML;
	else if (!strcmp(format, "md") || !strcmp(format, "markdown"))
		o.format = REPORT_MARKDOWN;
	else
		return cli_usage_error(argv[0], "unknown format '%s' (md, html)", format);
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	int rc = out && strcmp(out, "-") ? report_to_file(st, &o, out, &err)
					 : report_write(st, &o, stdout, &err);
	store_close(st);
	return rc ? cli_error(&err) : 0;
}

/* ---- summary ------------------------------------------------------------------------ */

typedef struct summary_ctx {
	int format, rows, days;
	report_figures total;
} summary_ctx;

static const char *summary_fields[] = {"establishment", "establishment_name", "cycle", "scheme",
				       "items", "agreed", "partly_agreed", "not_agreed", "actions",
				       "planned", "in_progress", "blocked", "completed", "cancelled",
				       "overdue", "due_soon", NULL};

static void summary_numbers(const report_figures *r, int *v)
{
	int k = 0;
	v[k++] = r->items;
	v[k++] = r->agreed;
	v[k++] = r->partly_agreed;
	v[k++] = r->not_agreed;
	v[k++] = r->actions;
	for (int s = 0; s < STATUS_COUNT; s++)
		v[k++] = r->by_status[s];
	v[k++] = r->overdue;
	v[k++] = r->due_soon;
}

static void summary_table_row(const report_figures *r, const char *plan, bool recs)
{
	char agreed[32];
	snprintf(agreed, sizeof agreed, "%d/%d/%d", r->agreed, r->partly_agreed, r->not_agreed);
	/* 77 columns; the schemes shortened so that a row fits an 80-column cron mail. */
	const char *scheme = !r->scheme ? "" : !strcmp(r->scheme, "recommendations") ? "recs"
									       : r->scheme;
	out_cell(stdout, plan, 12);
	printf(" %-8s %5d %-8s %5d %4d %4d %4d %4d %4d %4d %4d\n", scheme, r->items,
	       recs ? agreed : "-", r->actions, r->by_status[STATUS_COMPLETED],
	       r->by_status[STATUS_IN_PROGRESS], r->by_status[STATUS_PLANNED],
	       r->by_status[STATUS_BLOCKED], r->by_status[STATUS_CANCELLED], r->overdue,
	       r->due_soon);
}

static int summary_row(const report_figures *r, void *vctx)
{
	summary_ctx *c = vctx;
	int v[16];
	summary_numbers(r, v);
	if (c->format == FMT_JSON) {
		fputs(c->rows ? ",\n  {" : "[\n  {", stdout);
		for (int i = 0; summary_fields[i]; i++) {
			printf("%s\"%s\": ", i ? ", " : "", summary_fields[i]);
			if (i < 4)
				out_json_str(stdout, (&r->establishment)[i]);
			else
				printf("%d", v[i - 4]);
		}
		printf(", \"due_within_days\": %d}", c->days);
	} else if (c->format == FMT_CSV) {
		for (int i = 0; i < 4; i++) {
			out_csv_field(stdout, (&r->establishment)[i]);
			fputc(',', stdout);
		}
		for (int i = 0; i < 12; i++)
			printf("%d%s", v[i], i < 11 ? "," : "\r\n");
	} else {
		char plan[160];
		snprintf(plan, sizeof plan, "%s/%s", r->establishment, r->cycle);
		summary_table_row(r, plan, r->scheme && !strcmp(r->scheme, "recommendations"));
	}
	report_figures *t = &c->total;
	t->items += r->items;
	t->agreed += r->agreed;
	t->partly_agreed += r->partly_agreed;
	t->not_agreed += r->not_agreed;
	t->actions += r->actions;
	for (int s = 0; s < STATUS_COUNT; s++)
		t->by_status[s] += r->by_status[s];
	t->overdue += r->overdue;
	t->due_soon += r->due_soon;
	c->rows++;
	return 0;
}

static int cmd_summary(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"establishment", required_argument, NULL, 'e'},
		{"cycle", required_argument, NULL, 'c'},
		{"due-within", required_argument, NULL, 'W'},
		{"format", required_argument, NULL, 'f'},
		{0}};
	report_args a = {.format = FMT_TABLE, .days = 30};
	int rc = report_parse_args(argc, argv, opts, true, &a);
	if (rc)
		return rc;
	if (optind < argc)
		return cli_usage_error(argv[0], "unexpected argument '%s'", argv[optind]);
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	summary_ctx sc = {.format = a.format, .days = a.days};
	char today[DATE_ISO_LEN];
	date_format_iso(ctx->today, today);
	if (sc.format == FMT_CSV) {
		for (int i = 0; summary_fields[i]; i++)
			printf("%s%s", i ? "," : "", summary_fields[i]);
		fputs("\r\n", stdout);
	} else if (sc.format == FMT_TABLE) {
		printf("Plans as at %s. AGREED: agreed/partly/not. SOON: due within %d days.\n",
		       today, sc.days);
		puts("PLAN         SCHEME   ITEMS AGREED   ACTNS DONE PROG PLAN BLCK CANC LATE SOON");
	}
	rc = report_summary(st, a.est, a.cycle, ctx->today, sc.days, summary_row, &sc, &err);
	store_close(st);
	if (rc)
		return cli_error(&err);
	if (sc.format == FMT_JSON)
		fputs(sc.rows ? "\n]\n" : "[]\n", stdout);
	else if (sc.format == FMT_TABLE && sc.rows > 1)
		summary_table_row(&sc.total, "all", true);
	return 0;
}

/* ---- show --------------------------------------------------------------------------- */

typedef struct show_ctx {
	int format, cols, n;
	const char *action_id; /* the action asked for; NULL for an item */
	date_t today;
} show_ctx;

/* "LABEL     text" with the text word-wrapped under itself. */
static void show_field(const char *label, const char *text, int cols)
{
	int indent = 11, width = cols - indent > 20 ? cols - indent : 20;
	printf("%-10s ", label);
	if (!text || !*text) {
		puts("-");
		return;
	}
	size_t next;
	bool first = true;
	for (const char *p = text;;) {
		size_t end = text_wrap(p, width, &next);
		if (!end && !next)
			break;
		size_t skip = strspn(p, " ");
		printf("%*s%.*s\n", first ? 0 : indent, "", (int)(end > skip ? end - skip : 0), p + skip);
		first = false;
		if (!next)
			break;
		p += next;
	}
	if (first)
		puts("-");
}

static int show_item_row(const query_item *r, void *vctx)
{
	show_ctx *c = vctx;
	if (c->format == FMT_JSON) {
		fputs("{\"item\": {\"establishment\": ", stdout);
		out_json_str(stdout, r->establishment);
		const char *names[] = {"cycle", "scheme", "ref", "category", "directed_to", "agreement",
				       "agreement_note", "repeated_from", "text"};
		const char *vals[] = {r->cycle, r->scheme, r->ref, r->category, r->directed_to,
				      r->agreement, r->agreement_note, r->repeated_from, r->text};
		for (int i = 0; i < 9; i++) {
			printf(", \"%s\": ", names[i]);
			out_json_str(stdout, vals[i]);
		}
		if (r->seq)
			printf(", \"seq\": %d", r->seq);
		else
			fputs(", \"seq\": null", stdout);
		printf(", \"actions_total\": %d, \"actions_completed\": %d, \"actions_overdue\": %d}",
		       r->actions_total, r->actions_completed, r->actions_overdue);
		return 0;
	}
	char head[512], progress[96], seq[16] = "";
	if (r->seq)
		snprintf(seq, sizeof seq, " (%d)", r->seq);
	snprintf(head, sizeof head, "%s/%s/%s%s", r->establishment, r->cycle, r->ref, seq);
	snprintf(progress, sizeof progress, "%d/%d completed, %d overdue", r->actions_completed,
		 r->actions_total, r->actions_overdue);
	if (c->action_id) {
		show_field("Item", head, c->cols);
		show_field("Finding", r->text, c->cols);
		return 0;
	}
	show_field("Item", head, c->cols);
	show_field("Category", r->category, c->cols);
	if (r->directed_to)
		show_field("Directed", r->directed_to, c->cols);
	show_field("Finding", r->text, c->cols);
	if (r->agreement) {
		show_field("Agreement", r->agreement, c->cols);
		if (r->agreement_note && *r->agreement_note)
			show_field("Because", r->agreement_note, c->cols);
	}
	if (r->repeated_from)
		show_field("Repeats", r->repeated_from, c->cols);
	show_field("Actions", progress, c->cols);
	return 0;
}

/* One action of `show`: `owners` is the list joined for reading. */
static int show_action_fields(const query_action *r, show_ctx *c, const char *owners)
{
	char key[512];
	snprintf(key, sizeof key, "%s/%s/%s", r->establishment, r->cycle, r->action_id);
	if (c->format == FMT_JSON) {
		fputs(c->n++ ? ",\n  {" : "\n  {", stdout);
		const char *names[] = {"key", "action_id", "text", "target", "due", "due_original",
				       "due_reason", "status", "updated_by", "updated_at"};
		const char *vals[] = {key, r->action_id, r->text, r->target, r->due, r->due_original,
				      r->due_reason, r->status, r->updated_by, r->updated_at};
		for (int i = 0; i < 10; i++) {
			printf("%s\"%s\": ", i ? ", " : "", names[i]);
			out_json_str(stdout, vals[i]);
		}
		fputs(", \"owners\": ", stdout);
		out_owners_json(stdout, r->owners);
		printf(", \"overdue\": %s, \"version\": %lld}", r->overdue ? "true" : "false",
		       (long long)r->version);
		return 0;
	}
	if (!c->action_id) { /* one line per action under the item */
		if (!c->n++)
			putchar('\n');
		int ow = c->cols / 5 < 14 ? 14 : c->cols / 5;
		out_cell(stdout, r->action_id, 9);
		putchar(' ');
		out_cell(stdout, r->status, 11);
		putchar(' ');
		out_cell(stdout, r->due ? r->due : "-", 10);
		fputs(r->overdue ? " ! " : "   ", stdout);
		out_cell(stdout, owners, ow);
		int rest = c->cols - (9 + 1 + 11 + 1 + 10 + 3 + ow + 1);
		if (rest > 0) {
			putchar(' ');
			out_cell(stdout, r->text, rest);
		}
		putchar('\n');
		return 0;
	}
	c->n++;
	char due[256], status[96], updated[320];
	if (r->due_reason)
		snprintf(due, sizeof due, "%s (revised from %s: %s)", r->due ? r->due : "none",
			 r->due_original ? r->due_original : "none", r->due_reason);
	else
		snprintf(due, sizeof due, "%s", r->due ? r->due : "none");
	snprintf(status, sizeof status, "%s%s", r->status, r->overdue ? " (OVERDUE)" : "");
	snprintf(updated, sizeof updated, "version %lld%s%s%s%s", (long long)r->version,
		 r->updated_at ? ", " : "", r->updated_at ? r->updated_at : "",
		 r->updated_by ? " by " : "", r->updated_by ? r->updated_by : "");
	show_field("Action", key, c->cols);
	show_field("What", r->text, c->cols);
	show_field("Owners", owners, c->cols);
	show_field("Target", r->target, c->cols);
	show_field("Due", due, c->cols);
	show_field("Status", status, c->cols);
	show_field("Changed", updated, c->cols);
	return 0;
}

static int show_action_row(const query_action *r, void *vctx)
{
	show_ctx *c = vctx;
	if (c->action_id && strcmp(r->action_id, c->action_id))
		return 0;
	char *owners = out_owners_joined(r->owners, "; ");
	if (!owners)
		return EX_OSERR;
	int rc = show_action_fields(r, c, owners);
	free(owners);
	return rc;
}

static int show_event(const action_event *e, void *vctx)
{
	show_ctx *c = vctx;
	if (c->format == FMT_JSON) {
		const char *names[] = {"at", "user", "kind", "field", "old", "new", "note"};
		const char *vals[] = {e->at, e->user, e->kind, e->field, e->old, e->new_, e->note};
		fputs(c->n++ ? ",\n  {" : "\n  {", stdout);
		for (int i = 0; i < 7; i++) {
			printf("%s\"%s\": ", i ? ", " : "", names[i]);
			out_json_str(stdout, vals[i]);
		}
		fputc('}', stdout);
		return 0;
	}
	if (!c->n++)
		puts("\nHistory");
	printf("  %s  %s  %s", e->at, e->user, e->kind);
	if (e->field)
		printf(" %s", e->field);
	if (e->old || e->new_)
		printf(": %s -> %s", e->old ? e->old : "none", e->new_ ? e->new_ : "none");
	if (e->note)
		printf(" · %s", e->note);
	putchar('\n');
	return 0;
}

/* Days late under the status, where the table leaves it out. */
static int show_late_row(const query_action *r, void *vctx)
{
	show_ctx *c = vctx;
	date_t d;
	if (strcmp(r->action_id, c->action_id) || !r->overdue || !r->due ||
	    !date_parse_iso(r->due, &d))
		return 0;
	char late[64];
	snprintf(late, sizeof late, "%ld days", date_to_days(c->today) - date_to_days(d));
	show_field("Late", late, c->cols);
	return 0;
}

static int show_run(store *st, cli_ctx *ctx, const report_ref *ref, int format, ab_err *err)
{
	show_ctx sc = {.format = format, .cols = cli_columns(), .today = ctx->today,
		       .action_id = ref->action_id[0] ? ref->action_id : NULL};
	query_filter f = {.establishment = ref->establishment, .cycle = ref->cycle,
			  .item_id = ref->item_id, .today = ctx->today};
	char key[512];
	snprintf(key, sizeof key, "%s/%s/%s", ref->establishment, ref->cycle, ref->action_id);
	if (query_items(st, &f, show_item_row, &sc, err))
		return err->code;
	if (format == FMT_JSON)
		fputs(sc.action_id ? ",\n\"action\":" : ",\n\"actions\": [", stdout);
	else if (sc.action_id)
		putchar('\n');
	if (query_actions(st, &f, show_action_row, &sc, err))
		return err->code;
	if (format == FMT_JSON && !sc.action_id) {
		fputs(sc.n ? "\n]}\n" : "]}\n", stdout);
		return 0;
	}
	if (!sc.action_id)
		return 0;
	if (format != FMT_JSON) {
		show_ctx lc = sc;
		if (query_actions(st, &f, show_late_row, &lc, err))
			return err->code;
	}
	if (format == FMT_JSON)
		fputs(",\n\"history\": [", stdout);
	sc.n = 0;
	if (action_history(st, key, show_event, &sc, err))
		return err->code;
	if (format == FMT_JSON)
		fputs(sc.n ? "\n]}\n" : "]}\n", stdout);
	return 0;
}

static int cmd_show(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"establishment", required_argument, NULL, 'e'},
		{"cycle", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'},
		{0}};
	report_args a = {.format = FMT_TABLE};
	int rc = report_parse_args(argc, argv, opts, false, &a);
	if (rc)
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(argv[0], "needs one KEY, or a REF with --cycle ID");
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	report_ref ref;
	rc = report_find(st, argv[optind], a.est, a.cycle, &ref, &err);
	if (rc == EX_USAGE) {
		store_close(st);
		return cli_usage_error(argv[0], "%s", err.msg);
	}
	if (!rc)
		rc = show_run(st, ctx, &ref, a.format, &err);
	store_close(st);
	return rc ? cli_error(&err) : 0;
}

/* ---- the command table --------------------------------------------------------------- */

const cli_cmd cli_report_commands[] = {
	{"report", cmd_report, "Write a progress report on a plan or an owner's slice (Markdown or HTML).",
	 "report [--establishment CODE] [--cycle ID] [--owner NAME] [--since DATE]\n"
	 "       [--format md|html] [-o FILE]\n"
	 "\n"
	 "Per item: its agreement, actions completed/total, overdue actions with their owners\n"
	 "and how many days late they are, and the notes recorded since DATE. Each plan opens\n"
	 "with its figures, status per owner and actions by due month. The HTML report is one\n"
	 "self-contained file (inline CSS and SVG charts, nothing fetched from the network)\n"
	 "that prints on A4. Every plan that matches gets a section.\n"
	 "\n"
	 "  -e, --establishment CODE  only this establishment (e.g. LIV)\n"
	 "  -c, --cycle ID            only this cycle (e.g. 2022-07)\n"
	 "      --owner NAME          only the actions this owner (or alias) has\n"
	 "  -s, --since DATE          notes recorded on or after DATE (YYYY-MM-DD); default all\n"
	 "  -f, --format F            md (default) or html; a FILE ending in .html means html\n"
	 "  -o, --output FILE         write to FILE (replaced whole) instead of standard output"},
	{"summary", cmd_summary, "One screen of figures per establishment and plan.",
	 "summary [--establishment CODE] [--cycle ID] [--due-within DAYS]\n"
	 "       [--format table|csv|json]\n"
	 "\n"
	 "One row per plan: items, agreement (agreed/partly/not, recommendations scheme),\n"
	 "actions by status, overdue, and open actions due within DAYS (default 30) days.\n"
	 "\n"
	 "  -e, --establishment CODE  only this establishment\n"
	 "  -c, --cycle ID            only this cycle\n"
	 "      --due-within DAYS     the window of the SOON column (1-3660, default 30)\n"
	 "  -f, --format F            table (default), csv or json"},
	{"show", cmd_show, "Show one item or action in full, with its history.",
	 "show KEY [--format table|json]\n"
	 "       show REF --cycle ID [--establishment CODE] [--format table|json]\n"
	 "\n"
	 "  KEY                       ESTABLISHMENT/CYCLE/ACTION-ID (LIV/2022-07/1.1.3) or\n"
	 "                            ESTABLISHMENT/CYCLE/REF for an item (LIV/2019-08/S37)\n"
	 "  REF                       an item ref (1.1, S37) or action id (1.1.3) in --cycle\n"
	 "  -c, --cycle ID            the cycle REF belongs to\n"
	 "  -e, --establishment CODE  when several establishments have that cycle\n"
	 "  -f, --format F            table (default) or json"},
	{0}};
