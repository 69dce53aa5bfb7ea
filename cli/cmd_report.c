/*
 * report and summary — the two commands that read whole plans for people and cron: a
 * progress report written by render.h, and one row of figures per plan.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/estate.h"
#include "../core/out.h"
#include "../render/render.h"
#include "cli.h"

#ifndef AB_VERSION
#define AB_VERSION "0.0.0"
#endif

const char cmd_report_usage[] =
	"report [--establishment CODE] [--cycle ID] [--owner NAME] [--since DATE]\n"
	"       [--format md|html] [-o FILE]\n"
	"report --pack --cycle ID [--establishment CODE] [-o FILE.html]\n"
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
	"  -f, --format F            md or html; default from FILE's ending (.md, .html),\n"
	"                            md without FILE; another ending needs --format\n"
	"  -o, --output FILE         write to FILE (replaced whole) instead of standard output\n"
	"      --pack                the IRP evidence pack of the plan --cycle ID, in HTML for A4:\n"
	"                            where each concern stands, then each on its own page with\n"
	"                            its finding, judgements, links, and each action's history,\n"
	"                            notes, slips, verification and evidence (SHA-256, URLs)";

const char cmd_summary_usage[] =
	"summary [--establishment CODE] [--cycle ID] [--due-within DAYS]\n"
	"       [--format table|csv|json] [--raw]\n"
	"\n"
	"One row per plan: items, agreement (agreed/partly/not, recommendations scheme),\n"
	"actions by status, overdue, and open actions due within DAYS (default "
	QUERY_DUE_SOON_TEXT ") days.\n"
	"Then: items where our status and the inspectors' judgement disagree, the due dates\n"
	"that slipped (per owner and per item), and each plan's IRP window and Urgent\n"
	"Notification deadline.\n"
	"\n"
	"  -e, --establishment CODE  only this establishment\n"
	"  -c, --cycle ID            only this cycle\n"
	"      --due-within DAYS     the window of the SOON column (1-3660, default "
	QUERY_DUE_SOON_TEXT ")\n"
	"  -f, --format F            table (default), csv or json\n"
	"      --raw                 CSV: fields as stored (otherwise one that begins with =,\n"
	"                            +, -, @, tab or CR gets a ' in front: no formula)";

/* ---- report ------------------------------------------------------------------------- */

static bool report_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcasecmp(s + n - m, suffix);
}

/* render_report to fp, which is `name`: render knows the stream, not its name, so a write
 * that failed is named here. */
static int report_write(store *st, const render_report_opts *o, FILE *fp, const char *name,
			ab_err *err)
{
	int rc = o->pack ? render_pack(st, o, fp, err) : render_report(st, o, fp, err);
	if (rc == EX_IOERR && !err->file[0])
		snprintf(err->file, sizeof err->file, "%s", name);
	return rc;
}

/* The whole report or nothing at `path`: written beside it, then renamed over it. */
static int report_to_file(store *st, const render_report_opts *o, const char *path,
			  ab_err *err)
{
	util_atomic a;
	if (util_atomic_begin_named(&a, path, 0666, "the report", err))
		return err->code;
	if (report_write(st, o, a.fp, path, err)) {
		util_atomic_abort(&a);
		return err->code;
	}
	return util_atomic_commit(&a, true, err);
}

/* Without --format, FILE's ending: .html or .htm asks for HTML, .md or .markdown (or no
 * FILE, or '-') for Markdown; any other is refused, as export refuses one it cannot
 * write, rather than Markdown written into a file named .pdf. 0, or a usage error. */
static int report_default_format(char **argv, const char *out, cli_format *fmt)
{
	*fmt = CLI_FMT_MARKDOWN;
	if (!out || !strcmp(out, "-") || report_ends_with(out, ".md") ||
	    report_ends_with(out, ".markdown"))
		return 0;
	*fmt = CLI_FMT_HTML;
	if (report_ends_with(out, ".html") || report_ends_with(out, ".htm"))
		return 0;
	return cli_usage_error(argv[0], "say --format md or html (FILE '%s' ends in neither .md "
					"nor .html)", out);
}

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"establishment", required_argument, NULL, 'e'},
		{"cycle", required_argument, NULL, 'c'},
		{"owner", required_argument, NULL, 'O'},
		{"since", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"pack", no_argument, NULL, 'P'},
		{0}};
	render_report_opts o = {.today = ctx->today, .version = AB_VERSION};
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
		case 'P': o.pack = true; break;
		case 'f': format = optarg; break;
		case 's':
			if (!date_parse_iso(optarg, &since))
				return cli_usage_error(argv[0], "--since needs a date (YYYY-MM-DD), not '%s'",
						       optarg);
			o.since = optarg;
			break;
		}
	}
	if (cli_no_operands(argc, argv))
		return EX_USAGE;
	/* --format is parsed after the loop: its default depends on -o, wherever it stands. */
	cli_format fmt = CLI_FMT_MARKDOWN;
	if (format ? cli_parse_format(argv[0], format, CLI_FMT_MARKDOWN | CLI_FMT_HTML, &fmt)
		   : report_default_format(argv, out, &fmt))
		return EX_USAGE;
	o.format = fmt == CLI_FMT_HTML ? RENDER_HTML : RENDER_MARKDOWN;
	if (o.pack && (!o.cycle || o.owner || o.since || (format && fmt != CLI_FMT_HTML)))
		return cli_usage_error(argv[0], "--pack is the HTML evidence pack of one plan: it "
					       "needs --cycle ID and takes no --owner, --since or "
					       "--format md");
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	int rc = out && strcmp(out, "-") ? report_to_file(st, &o, out, &err)
					 : report_write(st, &o, stdout, "standard output", &err);
	store_close(st);
	return rc ? cli_error(&err) : 0;
}

/* ---- summary ------------------------------------------------------------------------ */

typedef struct summary_ctx {
	cli_rows rows;
	int days;
	digest_plan total;
	store *st;
	date_t today;
	ab_err *err;
	cli_summary_assess *plans; /* per plan, for the table */
	char (*names)[KEY_LEN];
	size_t nplans, cplans, cnames;
	util_map counted;      /* "EST/CYCLE" of the plans the estate overview counts */
	int ncounted;          /* of the plans listed, those */
	int awaiting;          /* completed, not verified, in plans that ask for verification */
} summary_ctx;

/* Completed, not verified, in a plan that asks for verification: awaiting it. */
static int summary_awaiting(const digest_plan *r)
{
	return r->verification ? r->by_status[STATUS_COMPLETED] - r->verified : 0;
}

/* The fields of one plan's row, named where they are set. */
#define SUMMARY_FIELDS 21
static size_t summary_fields(const digest_plan *r, int days, bool counted, cli_field *f)
{
	const cli_field row[SUMMARY_FIELDS] = {
		CLI_F_TEXT("establishment", r->establishment),
		CLI_F_TEXT("establishment_name", r->establishment_name),
		CLI_F_TEXT("cycle", r->cycle),
		CLI_F_TEXT("scheme", r->scheme),
		CLI_F_INT("items", r->items),
		CLI_F_INT("agreed", r->agreed),
		CLI_F_INT("partly_agreed", r->partly_agreed),
		CLI_F_INT("not_agreed", r->not_agreed),
		CLI_F_INT("actions", r->actions),
		CLI_F_INT(model_status_name(STATUS_PLANNED), r->by_status[STATUS_PLANNED]),
		CLI_F_INT(model_status_name(STATUS_IN_PROGRESS), r->by_status[STATUS_IN_PROGRESS]),
		CLI_F_INT(model_status_name(STATUS_BLOCKED), r->by_status[STATUS_BLOCKED]),
		CLI_F_INT(model_status_name(STATUS_COMPLETED), r->by_status[STATUS_COMPLETED]),
		CLI_F_INT(model_status_name(STATUS_CANCELLED), r->by_status[STATUS_CANCELLED]),
		CLI_F_INT("overdue", r->overdue),
		CLI_F_INT("due_soon", r->due_soon),
		/* of the completed: verified by a second person, and not (verify.h) */
		CLI_F_INT("verified", r->verified),
		CLI_F_INT("completed_not_verified", r->by_status[STATUS_COMPLETED] - r->verified),
		/* of those, the ones awaiting verification: the plan asks for it (rules.h
		 * RULES_VERIFICATION's "awaiting"); 0 in a plan that does not */
		CLI_F_INT("awaiting", summary_awaiting(r)),
		/* the window is the command's, not the plan's: JSON carries it for each row */
		{.name = "due_within_days", .kind = CLI_INT, .num = days, .json_only = true},
		/* the overview's row of the establishment counts this plan (core/estate.h) */
		CLI_F_BOOL("in_overview", counted),
	};
	memcpy(f, row, sizeof row);
	return SUMMARY_FIELDS;
}

static void summary_table_row(const digest_plan *r, const char *plan, bool recs)
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

static void summary_add(digest_plan *t, const digest_plan *r)
{
	t->items += r->items;
	t->agreed += r->agreed;
	t->partly_agreed += r->partly_agreed;
	t->not_agreed += r->not_agreed;
	t->actions += r->actions;
	for (int s = 0; s < STATUS_COUNT; s++)
		t->by_status[s] += r->by_status[s];
	t->overdue += r->overdue;
	t->due_soon += r->due_soon;
	t->slipped += r->slipped;
	t->slip_days += r->slip_days;
	t->verified += r->verified;
	t->verification |= r->verification;
}

/* "12 completed: 0 verified, 12 awaiting verification", the unverified ones of plans
 * that do not ask for verification named apart ("completed, not verified"). */
static void summary_verified_line(const digest_plan *t, int awaiting)
{
	int done = t->by_status[STATUS_COMPLETED], rest = done - t->verified - awaiting;
	printf("\n%d completed: %d verified", done, t->verified);
	if (awaiting || t->verification)
		printf(", %d awaiting verification", awaiting);
	if (rest || !t->verification)
		printf(", %d completed, not verified (%s)", rest,
		       t->verification ? "in plans that do not ask for verification"
				       : "no plan asks for verification");
	puts(".");
}

static int summary_row(const digest_plan *r, void *vctx)
{
	summary_ctx *c = vctx;
	cli_summary_assess x;
	cli_field f[SUMMARY_FIELDS + CLI_SUMMARY_ASSESS_FIELDS];
	char key[KEY_LEN];
	snprintf(key, sizeof key, "%s/%s", r->establishment, r->cycle);
	long long seen;
	bool counted = util_map_get(&c->counted, key, &seen);
	c->ncounted += counted;
	size_t n = summary_fields(r, c->days, counted, f);
	if (cli_summary_assess_fields(c->st, r, c->today, &x, f + n, c->err))
		return c->err->code;
	if (c->rows.format == CLI_FMT_TABLE) {
		char plan[KEY_LEN];
		snprintf(plan, sizeof plan, "%s/%s", r->establishment, r->cycle);
		summary_table_row(r, plan, r->scheme && !strcmp(r->scheme, "recommendations"));
		c->rows.n++;
		XGROW(c->plans, c->nplans, c->cplans);
		XGROW(c->names, c->nplans, c->cnames);
		c->plans[c->nplans] = x;
		memcpy(c->names[c->nplans++], plan, sizeof plan);
	} else {
		cli_rows_add(&c->rows, f, n + CLI_SUMMARY_ASSESS_FIELDS);
	}
	summary_add(&c->total, r);
	c->awaiting += summary_awaiting(r);
	return 0;
}

static int summary_on_counted(const estate_plan *p, void *vctx)
{
	summary_ctx *c = vctx;
	char key[KEY_LEN];
	snprintf(key, sizeof key, "%s/%s", p->establishment, p->cycle);
	util_map_put(&c->counted, key, 1);
	return 0;
}

int cmd_summary(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"establishment", required_argument, NULL, 'e'},
		{"cycle", required_argument, NULL, 'c'},
		{"due-within", required_argument, NULL, 'W'},
		{"format", required_argument, NULL, 'f'},
		{"raw", no_argument, NULL, 'R'},
		{0}};
	const char *est = NULL, *cycle = NULL;
	summary_ctx sc = {.rows = {.fp = stdout, .format = CLI_FMT_TABLE},
			  .days = QUERY_DUE_SOON_DAYS};
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "e:c:f:", opts)) != -1) {
		switch (c) {
		case -2: return EX_USAGE;
		case 'e': est = optarg; break;
		case 'c': cycle = optarg; break;
		case 'R': sc.rows.raw = true; break;
		case 'W': {
			long long days;
			if (cli_parse_int(argv[0], "--due-within", optarg, 1, 3660, &days))
				return EX_USAGE;
			sc.days = (int)days;
			break;
		}
		case 'f':
			if (cli_parse_format(argv[0], optarg, CLI_FMTS_DATA, &sc.rows.format))
				return EX_USAGE;
			break;
		}
	}
	if (cli_no_operands(argc, argv))
		return EX_USAGE;
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	sc.st = st;
	sc.today = ctx->today;
	sc.err = &err;
	cli_field names[SUMMARY_FIELDS + CLI_SUMMARY_ASSESS_FIELDS];
	cli_summary_assess none;
	size_t nnames = summary_fields(&(digest_plan){0}, sc.days, false, names);
	cli_summary_assess_fields(st, &(digest_plan){0}, sc.today, &none, names + nnames, &err);
	cli_rows_begin(&sc.rows, names, nnames + CLI_SUMMARY_ASSESS_FIELDS);
	if (sc.rows.format == CLI_FMT_TABLE) {
		char today[DATE_ISO_LEN];
		date_format_iso(ctx->today, today);
		printf("Plans as at %s. AGREED: agreed/partly/not. SOON: due within %d days.\n",
		       today, sc.days);
		puts("PLAN         SCHEME   ITEMS AGREED   ACTNS DONE PROG PLAN BLCK CANC LATE SOON");
	}
	int rc = estate_plans(st, est, ctx->today, summary_on_counted, &sc, &err) ||
		 digest_plans(st, est, cycle, ctx->today, sc.days, summary_row, &sc, &err);
	if (!rc && sc.rows.format == CLI_FMT_TABLE && sc.rows.n > 1)
		summary_table_row(&sc.total, "all", true);
	if (!rc && sc.rows.format == CLI_FMT_TABLE && sc.ncounted < sc.rows.n)
		printf("The estate overview counts %d of these %d plans: each establishment's latest "
		       "and those with open actions.\n",
		       sc.ncounted, (int)sc.rows.n);
	if (!rc && sc.rows.format == CLI_FMT_TABLE)
		/* DONE counts every completion; a second person's sign-off is counted apart. */
		summary_verified_line(&sc.total, sc.awaiting);
	if (!rc && sc.rows.format == CLI_FMT_TABLE) {
		rc = cli_summary_assess_table(st, est, cycle,
					      sc.plans, (const char *)sc.names, sc.nplans, &sc.total, &err);
	}
	free(sc.plans);
	free(sc.names);
	util_map_free(&sc.counted);
	store_close(st);
	if (rc)
		return cli_error(&err);
	cli_rows_end(&sc.rows);
	return 0;
}
