/*
 * history — an action's changes and notes, or an item's judgements and links, oldest
 * first: lines, CSV or JSON.
 */
#include "../core/judge.h"
#include "../render/render.h"
#include "cli.h"

const char cmd_history_usage[] =
	"history KEY [--format table|csv|json] [--raw]\n"
	"\n"
	"  KEY   an action ESTABLISHMENT/CYCLE/ACTION-ID: its changes and notes; or an item\n"
	"        ESTABLISHMENT/CYCLE/REF: its judgements and links (see judge, link)\n"
	"  --raw CSV: fields as stored (otherwise one that begins with =, +, -, @, tab or CR\n"
	"        gets a ' in front, so that no spreadsheet runs it as a formula)";

static int history_row(const action_event *e, void *vctx)
{
	cli_rows *rows = vctx;
	if (rows->format != CLI_FMT_TABLE) {
		cli_field f[CLI_EVENT_FIELDS];
		cli_rows_add(rows, f, cli_event_fields(e, f));
		return 0;
	}
	util_buf line = {0};
	render_event_line(&line, e);
	fprintf(rows->fp, "%s\n", line.s);
	util_buf_free(&line);
	rows->n++;
	return 0;
}

int cmd_history(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
					     {"raw", no_argument, NULL, 'R'}, {0}};
	cli_rows rows = {.fp = stdout, .format = CLI_FMT_TABLE};
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "f:", opts)) != -1) {
		if (c == 'R')
			rows.raw = true;
		else if (c == -2 || cli_parse_format(argv[0], optarg, CLI_FMTS_DATA, &rows.format))
			return EX_USAGE;
	}
	if (argc - optind != 1)
		return cli_usage_error(argv[0], "needs one KEY");
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	cli_field names[CLI_EVENT_FIELDS];
	cli_rows_begin(&rows, names, cli_event_fields(&(action_event){0}, names));
	/* An action first, as before; a key that names no action may name an item. */
	action_state as;
	int64_t item;
	ab_err item_err = {0};
	int rc = action_get(st, argv[optind], &as, &err);
	if (rc == EX_DATAERR && !judge_find_item(st, argv[optind], &item, &item_err))
		rc = judge_history(st, argv[optind], history_row, &rows, &err);
	else if (!rc)
		rc = action_history(st, argv[optind], history_row, &rows, &err);
	store_close(st);
	if (rc)
		return cli_error(&err);
	cli_rows_end(&rows);
	return 0;
}
