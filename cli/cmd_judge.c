/*
 * judge, link, unlink, suggest-links — the commands about an item as others see it: the
 * inspectors' judgements beside the establishment's own (core/judge.h), and the earlier
 * finding an item repeats (core/lineage.h), with suggestions by text similarity.
 */
#include <string.h>

#include "../core/judge.h"
#include "../core/out.h"
#include "../core/lineage.h"
#include "cli.h"

const char cmd_judge_usage[] =
	"judge ITEM-KEY irp|inspection|self VALUE [--date DATE] [--note TEXT]\n"
	"\n"
	"Records a judgement on an item (a finding), kept beside its actions' own status:\n"
	"  irp         HMIP at an Independent Review of Progress: no_meaningful_progress,\n"
	"              insufficient_progress, reasonable_progress or good_progress\n"
	"  inspection  HMIP at the next inspection: achieved, partially_achieved or\n"
	"              not_achieved\n"
	"  self        the establishment's own assessment, in the inspection's words\n"
	"VALUE may also be HMIP's published wording in any case and spacing, e.g.\n"
	"\"Reasonable progress\", \"No meaningful progress\", \"Partially achieved\".\n"
	"The judgement with the latest date counts; a correction is a new judgement.\n"
	"\n"
	"  ITEM-KEY            ESTABLISHMENT/CYCLE/REF, e.g. LIV/2022-07/1.8\n"
	"  -d, --date DATE     the day it was judged (default today), typed as the\n"
	"                      dashboard takes dates: 2025-06-10, 10/06/2025, 10 Jun 2025,\n"
	"                      today, ...\n"
	"  -n, --note TEXT     a note kept with it (e.g. where the inspectors said so)";
const char cmd_link_usage[] =
	"link ITEM-KEY EARLIER-KEY\n"
	"\n"
	"Records that an item repeats an item of an earlier cycle of the same establishment,\n"
	"e.g. link LIV/2022-07/1.8 LIV/2019-08/2.88. A link set here stands over the plan's\n"
	"own `repeats` until it is changed here again.";
const char cmd_unlink_usage[] =
	"unlink ITEM-KEY\n"
	"\n"
	"Records that an item repeats no earlier item (also over the plan's `repeats`).";
const char cmd_suggest_links_usage[] =
	"suggest-links ITEM-KEY [--limit N] [--format table|csv|json] [--raw]\n"
	"\n"
	"Items of earlier cycles of the same establishment that the item may repeat, best\n"
	"first, scored by TF-IDF cosine similarity of their stemmed words (the finding's text,\n"
	"and at 0.3 weight its actions' texts and agreement note).\n"
	"\n"
	"  -l, --limit N       at most N suggestions (1-100, default 5)\n"
	"  -f, --format F      table (default), csv or json\n"
	"      --raw           CSV: fields as stored (otherwise one that begins with =, +,\n"
	"                      -, @, tab or CR gets a ' in front: no formula)";

static int judge_open(cli_ctx *ctx, store **st, model_config **settings, ab_err *err)
{
	return cli_open_store(ctx, true, st, settings, err);
}

static int judge_done(store *st, model_config *settings, int rc, ab_err *err)
{
	store_close(st);
	model_config_free(settings);
	return rc ? cli_error(err) : 0;
}

/* The options of judge into e; a usage error returns EX_USAGE. */
static int judge_options(cli_ctx *ctx, int argc, char **argv, judge_entry *e)
{
	static const struct option opts[] = {{"date", required_argument, NULL, 'd'},
					     {"note", required_argument, NULL, 'n'},
					     {0}};
	e->date = ctx->today;
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "d:n:", opts)) != -1) {
		if (c == -2)
			return EX_USAGE;
		if (c == 'n')
			e->note = optarg;
		ab_err derr = {0};
		if (c == 'd' && date_parse_typed(optarg, ctx->today, &e->date, &derr))
			return cli_usage_error(argv[0], "--date: %s", derr.msg);
	}
	if (argc - optind != 3)
		return cli_usage_error(argv[0], "needs ITEM-KEY, a source (irp, inspection, self) "
				       "and a VALUE");
	int src = judge_source_parse(argv[optind + 1]);
	if (src < 0)
		return cli_usage_error(argv[0], "unknown source '%s' (irp, inspection, self)",
				       argv[optind + 1]);
	e->source = (judge_source)src;
	const char *v = judge_value_parse(e->source, argv[optind + 2]);
	e->value = v ? v : argv[optind + 2]; /* judge_record() says why it is refused */
	return 0;
}

int cmd_judge(cli_ctx *ctx, int argc, char **argv)
{
	judge_entry e = {0};
	if (judge_options(ctx, argc, argv, &e))
		return EX_USAGE;
	const char *key = argv[optind];
	ab_err err = {0};
	store *st;
	model_config *settings;
	if (judge_open(ctx, &st, &settings, &err))
		return cli_error(&err);
	action_actor who = {ctx->user, settings};
	int rc = judge_record(st, &who, key, &e, ctx->today, &err);
	if (!rc) {
		char date[DATE_ISO_LEN];
		date_format_iso(e.date, date);
		cli_say(stdout, "%s: %s: %s (%s) recorded\n", key, judge_source_label(e.source),
			judge_value_words(e.value), date);
	}
	return judge_done(st, settings, rc, &err);
}

/* link and unlink: the one write of lineage.h, to an earlier item or to none. */
static int judge_link(cli_ctx *ctx, const char *key, const char *earlier)
{
	ab_err err = {0};
	store *st;
	model_config *settings;
	if (judge_open(ctx, &st, &settings, &err))
		return cli_error(&err);
	action_actor who = {ctx->user, settings};
	int rc = lineage_link(st, &who, key, earlier, &err);
	if (!rc && earlier)
		cli_say(stdout, "%s repeats %s\n", key, earlier);
	else if (!rc)
		cli_say(stdout, "%s repeats no earlier item\n", key);
	return judge_done(st, settings, rc, &err);
}

int cmd_link(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{0}};
	optind = 0;
	if (cli_getopt(argc, argv, "", opts) == -2)
		return EX_USAGE;
	if (argc - optind != 2)
		return cli_usage_error(argv[0], "needs ITEM-KEY and EARLIER-KEY");
	return judge_link(ctx, argv[optind], argv[optind + 1]);
}

int cmd_unlink(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{0}};
	optind = 0;
	if (cli_getopt(argc, argv, "", opts) == -2)
		return EX_USAGE;
	if (argc - optind != 1)
		return cli_usage_error(argv[0], "needs one ITEM-KEY");
	return judge_link(ctx, argv[optind], NULL);
}

/* ---- suggest-links ----------------------------------------------------------------------- */

#define SUGGEST_FIELDS 6
static size_t suggest_fields(const lineage_suggestion *s, cli_field *f)
{
	const cli_field row[SUGGEST_FIELDS] = {
		CLI_F_TEXT("key", s->key),     CLI_F_REAL("score", s->score),
		CLI_F_TEXT("cycle", s->cycle), CLI_F_TEXT("ref", s->ref),
		CLI_F_BOOL("linked", s->linked), CLI_F_TEXT("text", s->text),
	};
	memcpy(f, row, sizeof row);
	return SUGGEST_FIELDS;
}

static int suggest_row(const lineage_suggestion *s, void *vctx)
{
	cli_rows *rows = vctx;
	if (rows->format != CLI_FMT_TABLE) {
		cli_field f[SUGGEST_FIELDS];
		cli_rows_add(rows, f, suggest_fields(s, f));
		return 0;
	}
	int cols = cli_columns(), rest = cols - (6 + 1 + 20 + 1 + 2);
	printf("%.4f ", s->score);
	out_cell(stdout, s->key, 20);
	fputs(s->linked ? " * " : "   ", stdout);
	if (rest > 0)
		out_cell(stdout, s->text, rest);
	fputc('\n', stdout);
	rows->n++;
	return 0;
}

int cmd_suggest_links(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"limit", required_argument, NULL, 'l'},
					     {"format", required_argument, NULL, 'f'},
					     {"raw", no_argument, NULL, 'R'},
					     {0}};
	cli_rows rows = {.fp = stdout, .format = CLI_FMT_TABLE};
	long long limit = 5;
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "l:f:", opts)) != -1) {
		if (c == 'R')
			rows.raw = true;
		else if (c == -2 ||
			 (c == 'f' && cli_parse_format(argv[0], optarg, CLI_FMTS_DATA, &rows.format)) ||
			 (c == 'l' && cli_parse_int(argv[0], "--limit", optarg, 1, 100, &limit)))
			return EX_USAGE;
	}
	if (argc - optind != 1)
		return cli_usage_error(argv[0], "needs one ITEM-KEY");
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	cli_field names[SUGGEST_FIELDS];
	cli_rows_begin(&rows, names, suggest_fields(&(lineage_suggestion){0}, names));
	if (rows.format == CLI_FMT_TABLE) {
		printf("%-6s ", "SCORE");
		out_cell(stdout, "EARLIER ITEM", 20);
		puts("   TEXT (* the item's link now)");
	}
	int rc = lineage_suggest(st, argv[optind], (int)limit, suggest_row, &rows, &err);
	store_close(st);
	if (rc)
		return cli_error(&err);
	cli_rows_end(&rows);
	return 0;
}
