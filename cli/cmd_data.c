/* The commands that load definitions and list what the database holds. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../config/config.h"
#include "../core/model.h"
#include "../core/out.h"
#include "../core/query.h"
#include "../core/sync.h"
#include "../core/text.h"
#include "cli.h"
#include "privilege.h"

/* getopt_long over a subcommand's argv, reporting errors our way. */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
	opterr = 0;
	int c = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (c == '?') {
		if (optopt)
			cli_usage_error(argv[0], "unknown option '-%c' or missing value", optopt);
		else
			cli_usage_error(argv[0], "unknown option '%s'", argv[optind - 1]);
		return -2;
	}
	if (c == ':') {
		cli_usage_error(argv[0], "option '%s' needs a value", argv[optind - 1]);
		return -2;
	}
	return c;
}

static int no_operands(int argc, char **argv)
{
	if (optind < argc)
		return cli_usage_error(argv[0], "unexpected argument '%s'", argv[optind]);
	return 0;
}

int cli_parse_format(const char *cmd, const char *arg, int *out)
{
	static const char *const names[] = {[CLI_FMT_TABLE] = "table", [CLI_FMT_CSV] = "csv",
					    [CLI_FMT_JSON] = "json"};
	for (int i = 0; i < 3; i++)
		if (!strcmp(arg, names[i])) {
			*out = i;
			return 0;
		}
	return cli_usage_error(cmd, "unknown format '%s' (table, csv, json)", arg);
}

void cli_json_next(FILE *fp, int row)
{
	fputs(row ? ",\n  " : "[\n  ", fp);
}

void cli_json_end(FILE *fp, int rows)
{
	fputs(rows ? "\n]\n" : "[]\n", fp);
}

/* ---- sync and check ---------------------------------------------------------------- */

int cmd_sync(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"quiet", no_argument, NULL, 'q'}, {0}};
	bool quiet = false;
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "q", opts)) != -1) {
		if (c == -2)
			return EX_USAGE;
		quiet = true;
	}
	if (no_operands(argc, argv))
		return EX_USAGE;
	ab_err err = {0};
	model_config *cfg = NULL;
	store *st = NULL;
	char path[4096];
	if (cli_load_config(ctx, false, &cfg, &err) || cli_db_path(ctx, cfg, path, sizeof path, &err) ||
	    privilege_store_open(path, STORE_CREATE, &st, &err)) {
		model_config_free(cfg);
		return cli_error(&err);
	}
	sync_stats s;
	int rc = sync_apply(st, cfg, ctx->user, &s, quiet ? NULL : cli_sync_progress, NULL, &err);
	if (!rc && !quiet)
		printf("synced %s into %s: %d changes (%d added, %d updated, %d retired, %d restored)\n",
		       cfg->path, path, sync_changes(&s), s.added, s.updated, s.retired, s.restored);
	store_close(st);
	model_config_free(cfg);
	return rc ? cli_error(&err) : 0;
}

int cmd_check(cli_ctx *ctx, int argc, char **argv)
{
	optind = 0; /* 0: GNU getopt starts afresh */
	int c;
	while ((c = cli_getopt(argc, argv, "", (const struct option[]){{0}})) != -1)
		if (c == -2)
			return EX_USAGE;
	if (no_operands(argc, argv))
		return EX_USAGE;
	ab_err err = {0};
	model_config *cfg = NULL;
	if (cli_load_config(ctx, false, &cfg, &err))
		return cli_error(&err);
	size_t items = 0, actions = 0;
	for (size_t i = 0; i < cfg->nplans; i++) {
		items += cfg->plans[i].nitems;
		for (size_t j = 0; j < cfg->plans[i].nitems; j++)
			actions += cfg->plans[i].items[j].nactions;
	}
	printf("%s: ok (%zu establishments, %zu plans, %zu items, %zu actions, %zu owners)\n",
	       cfg->path, cfg->nestablishments, cfg->nplans, items, actions, cfg->nowners);
	model_config_free(cfg);
	return 0;
}

/* ---- list ------------------------------------------------------------------------ */

typedef struct list_ctx {
	int format;
	int rows;
	int overdue;
	int cols;
	FILE *fp;
} list_ctx;

static void action_key(const query_action *r, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s/%s", r->establishment, r->cycle, r->action_id);
}

/* The owners column: a sixth of the width, within 12..28 columns. */
static int list_owner_width(int cols)
{
	int w = cols / 6;
	return w < 12 ? 12 : w > 28 ? 28 : w;
}

static const char *action_fields[] = {"key", "establishment", "cycle", "scheme", "item_ref",
				      "item_seq", "category", "directed_to", "agreement",
				      "action_id", "text", "owners", "target", "due",
				      "due_original", "due_reason", "status", "overdue", "version",
				      "updated_by", "updated_at", NULL};

static int list_action_row(const query_action *r, void *vctx)
{
	list_ctx *c = vctx;
	FILE *fp = c->fp;
	char key[512], seq[16];
	action_key(r, key, sizeof key);
	char *owners = out_owners_joined(r->owners, "; ");
	if (!owners)
		return EX_OSERR;
	snprintf(seq, sizeof seq, "%d", r->item_seq);
	const char *vals[] = {key, r->establishment, r->cycle, r->scheme, r->item_ref,
			      r->item_seq ? seq : NULL, r->category, r->directed_to, r->agreement,
			      r->action_id, r->text, owners, r->target, r->due, r->due_original,
			      r->due_reason, r->status, r->overdue ? "true" : "false", NULL,
			      r->updated_by, r->updated_at};
	char version[32];
	snprintf(version, sizeof version, "%lld", (long long)r->version);
	vals[18] = version;
	c->overdue += r->overdue;
	if (c->format == CLI_FMT_JSON) {
		cli_json_next(fp, c->rows);
		fputc('{', fp);
		for (int i = 0; action_fields[i]; i++) {
			fprintf(fp, "%s\"%s\": ", i ? ", " : "", action_fields[i]);
			if (!strcmp(action_fields[i], "owners"))
				out_owners_json(fp, r->owners);
			else if (!strcmp(action_fields[i], "overdue") || !strcmp(action_fields[i], "version") ||
				 (!strcmp(action_fields[i], "item_seq") && vals[i]))
				fputs(vals[i], fp);
			else
				out_json_str(fp, vals[i]);
		}
		fputc('}', fp);
	} else if (c->format == CLI_FMT_CSV) {
		for (int i = 0; action_fields[i]; i++) {
			if (i)
				fputc(',', fp);
			out_csv_field(fp, vals[i]);
		}
		fputs("\r\n", fp);
	} else {
		/* KEY STATUS DUE ! OWNERS TEXT, the text taking what is left of the width. */
		int ow = list_owner_width(c->cols);
		int rest = c->cols - (19 + 1 + 11 + 1 + 10 + 3 + ow + 1);
		out_cell(fp, key, 19);
		fputc(' ', fp);
		out_cell(fp, r->status, 11);
		fputc(' ', fp);
		out_cell(fp, r->due ? r->due : "-", 10);
		fputs(r->overdue ? " ! " : "   ", fp);
		out_cell(fp, owners, ow);
		if (rest > 0) {
			fputc(' ', fp);
			out_cell(fp, r->text, rest);
		}
		fputc('\n', fp);
	}
	free(owners);
	c->rows++;
	return 0;
}

static const char *item_fields[] = {"establishment", "cycle", "scheme", "ref", "seq", "category",
				    "directed_to", "agreement", "agreement_note", "repeated_from",
				    "text", "actions_total", "actions_completed", "actions_overdue",
				    NULL};

static int list_item_row(const query_item *r, void *vctx)
{
	list_ctx *c = vctx;
	FILE *fp = c->fp;
	char seq[16], total[16], done[16], late[16];
	snprintf(seq, sizeof seq, "%d", r->seq);
	snprintf(total, sizeof total, "%d", r->actions_total);
	snprintf(done, sizeof done, "%d", r->actions_completed);
	snprintf(late, sizeof late, "%d", r->actions_overdue);
	const char *vals[] = {r->establishment, r->cycle, r->scheme, r->ref, r->seq ? seq : NULL,
			      r->category, r->directed_to, r->agreement, r->agreement_note,
			      r->repeated_from, r->text, total, done, late};
	if (c->format == CLI_FMT_JSON) {
		cli_json_next(fp, c->rows);
		fputc('{', fp);
		for (int i = 0; item_fields[i]; i++) {
			fprintf(fp, "%s\"%s\": ", i ? ", " : "", item_fields[i]);
			if (i >= 11 || (i == 4 && vals[i]))
				fputs(vals[i], fp);
			else
				out_json_str(fp, vals[i]);
		}
		fputc('}', fp);
	} else if (c->format == CLI_FMT_CSV) {
		for (int i = 0; item_fields[i]; i++) {
			if (i)
				fputc(',', fp);
			out_csv_field(fp, vals[i]);
		}
		fputs("\r\n", fp);
	} else {
		char where[64], progress[32];
		snprintf(where, sizeof where, "%s/%s", r->establishment, r->cycle);
		snprintf(progress, sizeof progress, "%d/%d", r->actions_completed, r->actions_total);
		int rest = c->cols - (12 + 1 + 9 + 1 + 9 + 1 + 13 + 1 + 5 + 1 + 4 + 1);
		out_cell(fp, where, 12);
		fputc(' ', fp);
		out_cell(fp, r->ref, 9);
		fputc(' ', fp);
		out_cell(fp, r->category, 9);
		fputc(' ', fp);
		out_cell(fp, r->agreement ? r->agreement : "-", 13);
		fputc(' ', fp);
		out_cell(fp, progress, 5);
		fputc(' ', fp);
		out_cell(fp, r->actions_overdue ? late : "", 4);
		if (rest > 0) {
			fputc(' ', fp);
			out_cell(fp, r->text, rest);
		}
		fputc('\n', fp);
	}
	c->overdue += r->actions_overdue;
	c->rows++;
	return 0;
}

static void list_header(list_ctx *c, bool items)
{
	const char **fields = items ? item_fields : action_fields;
	if (c->format == CLI_FMT_CSV) {
		for (int i = 0; fields[i]; i++)
			fprintf(c->fp, "%s%s", i ? "," : "", fields[i]);
		fputs("\r\n", c->fp);
	} else if (c->format == CLI_FMT_TABLE) {
		if (items) {
			fputs("PLAN         REF       CATEGORY  AGREEMENT     DONE  LATE", c->fp);
			if (c->cols > 62)
				fputs(" TEXT", c->fp);
		} else {
			int ow = list_owner_width(c->cols);
			fputs("KEY                 STATUS      DUE           ", c->fp);
			out_cell(c->fp, "OWNERS", ow);
			if (c->cols - (46 + ow + 1) > 0)
				fputs(" TEXT", c->fp);
		}
		fputc('\n', c->fp);
	}
}

int cmd_list(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"establishment", required_argument, NULL, 'e'},
		{"cycle", required_argument, NULL, 'c'},
		{"owner", required_argument, NULL, 'o'},
		{"status", required_argument, NULL, 's'},
		{"overdue", no_argument, NULL, 'O'},
		{"due-within", required_argument, NULL, 'W'},
		{"search", required_argument, NULL, 'S'},
		{"items", no_argument, NULL, 'i'},
		{"format", required_argument, NULL, 'f'},
		{0}};
	query_filter f = {.today = ctx->today};
	list_ctx lc = {.format = CLI_FMT_TABLE, .fp = stdout, .cols = cli_columns()};
	bool items = false;
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "e:c:o:s:f:", opts)) != -1) {
		switch (c) {
		case -2: return EX_USAGE;
		case 'e': f.establishment = optarg; break;
		case 'c': f.cycle = optarg; break;
		case 'o': f.owner = optarg; break;
		case 'O': f.overdue = true; break;
		case 'S':
			/* Longer text could not be matched whole (the pattern is bounded). */
			if (strlen(optarg) > 500)
				return cli_usage_error(argv[0], "--search text is longer than 500 bytes");
			f.search = optarg;
			break;
		case 'i': items = true; break;
		case 's':
			if (model_status_parse(optarg) < 0)
				return cli_usage_error(argv[0],
						       "unknown status '%s' (planned, in_progress, blocked, "
						       "completed, cancelled)",
						       optarg);
			f.status = model_status_name(model_status_parse(optarg));
			break;
		case 'W': {
			char *end;
			long days = strtol(optarg, &end, 10);
			if (!*optarg || *end || days <= 0 || days > 3660)
				return cli_usage_error(argv[0], "--due-within needs a number of days (1-3660)");
			f.due_within = (int)days;
			break;
		}
		case 'f':
			if (cli_parse_format(argv[0], optarg, &lc.format))
				return EX_USAGE;
			break;
		}
	}
	if (no_operands(argc, argv))
		return EX_USAGE;
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	int rc = query_check_filter(st, &f, &err);
	if (!rc) {
		list_header(&lc, items);
		rc = items ? query_items(st, &f, list_item_row, &lc, &err)
			   : query_actions(st, &f, list_action_row, &lc, &err);
	}
	store_close(st);
	if (rc)
		return cli_error(&err);
	if (lc.format == CLI_FMT_JSON)
		cli_json_end(stdout, lc.rows);
	else if (lc.format == CLI_FMT_TABLE)
		printf("%d %s, %d overdue\n", lc.rows, items ? "items" : "actions", lc.overdue);
	return 0;
}

/* ---- owners ---------------------------------------------------------------------- */

static int owners_row(const query_owner *r, void *vctx)
{
	list_ctx *c = vctx;
	if (c->format == CLI_FMT_JSON) {
		cli_json_next(c->fp, c->rows);
		fputs("{\"name\": ", c->fp);
		out_json_str(c->fp, r->name);
		fprintf(c->fp, ", \"total\": %d, \"open\": %d, \"overdue\": %d, \"completed\": %d}",
			r->total, r->open, r->overdue, r->completed);
	} else if (c->format == CLI_FMT_CSV) {
		out_csv_field(c->fp, r->name);
		fprintf(c->fp, ",%d,%d,%d,%d\r\n", r->total, r->open, r->overdue, r->completed);
	} else {
		out_cell(c->fp, r->name, c->cols > 80 ? c->cols - 32 : 48);
		fprintf(c->fp, " %7d %7d %7d %7d\n", r->total, r->open, r->overdue, r->completed);
	}
	c->rows++;
	return 0;
}

int cmd_owners(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"establishment", required_argument, NULL, 'e'},
		{"cycle", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'},
		{0}};
	query_filter f = {.today = ctx->today};
	list_ctx lc = {.format = CLI_FMT_TABLE, .fp = stdout, .cols = cli_columns()};
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "e:c:f:", opts)) != -1) {
		switch (c) {
		case -2: return EX_USAGE;
		case 'e': f.establishment = optarg; break;
		case 'c': f.cycle = optarg; break;
		case 'f':
			if (cli_parse_format(argv[0], optarg, &lc.format))
				return EX_USAGE;
			break;
		}
	}
	if (no_operands(argc, argv))
		return EX_USAGE;
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	int rc = query_check_filter(st, &f, &err);
	if (!rc) {
		if (lc.format == CLI_FMT_CSV)
			fputs("name,total,open,overdue,completed\r\n", stdout);
		else if (lc.format == CLI_FMT_TABLE) {
			out_cell(stdout, "OWNER", lc.cols > 80 ? lc.cols - 32 : 48);
			fputs("   TOTAL    OPEN    LATE    DONE\n", stdout);
		}
		rc = query_owners(st, &f, owners_row, &lc, &err);
	}
	store_close(st);
	if (rc)
		return cli_error(&err);
	if (lc.format == CLI_FMT_JSON)
		cli_json_end(stdout, lc.rows);
	return 0;
}

/* ---- the command table ------------------------------------------------------------ */

const cli_cmd cli_commands[] = {
	{"list", cmd_list, "List actions (or items) with filters.",
	 "list [--establishment CODE] [--cycle ID] [--owner NAME] [--status S] [--overdue]\n"
	 "       [--due-within DAYS] [--search TEXT] [--items] [--format table|csv|json]\n"
	 "\n"
	 "  -e, --establishment CODE  only this establishment (e.g. LIV)\n"
	 "  -c, --cycle ID            only this cycle (e.g. 2022-07)\n"
	 "  -o, --owner NAME          only actions this owner (or alias) has\n"
	 "  -s, --status S            planned, in_progress, blocked, completed or cancelled\n"
	 "      --overdue             only overdue actions (due before today, still open)\n"
	 "      --due-within DAYS     only open actions due in the next DAYS days\n"
	 "      --search TEXT         only where item or action text contains TEXT\n"
	 "      --items               list items (findings) with action counts instead\n"
	 "  -f, --format F            table (default, fits the terminal), csv or json"},
	{"owners", cmd_owners, "List owners with their open, overdue and completed actions.",
	 "owners [--establishment CODE] [--cycle ID] [--format table|csv|json]"},
	{"set", cmd_set, "Set an action's status, with an optional note.",
	 "set KEY STATUS [--note TEXT] [--if-version N]\n"
	 "\n"
	 "  KEY                ESTABLISHMENT/CYCLE/ACTION-ID, e.g. LIV/2022-07/1.1.3\n"
	 "  STATUS             planned, in_progress, blocked, completed or cancelled\n"
	 "  -n, --note TEXT    a note kept in the history with the change\n"
	 "      --if-version N write only if the action is still at version N (else exit 75)"},
	{"note", cmd_note, "Add a progress note to an action.", "note KEY TEXT"},
	{"due", cmd_due, "Revise an action's due date, keeping the original.",
	 "due KEY YYYY-MM-DD --reason TEXT [--if-version N]"},
	{"history", cmd_history, "Show an action's history of changes and notes.",
	 "history KEY [--format table|csv|json]"},
	{"backup", cmd_backup, "Write a consistent copy of the database while others work.",
	 "backup PATH [--force]\n"
	 "\n"
	 "Copies the whole database with SQLite's online backup API; other sessions keep\n"
	 "reading and writing meanwhile.\n"
	 "  -f, --force   replace PATH if it exists"},
	{"sync", cmd_sync, "Load the YAML configuration into the database.",
	 "sync [--quiet]\n"
	 "\n"
	 "Loads every establishment and plan file the settings name, in one transaction.\n"
	 "Running it twice changes nothing; actions that left the YAML are retired, never\n"
	 "deleted; status, notes and history are never touched.\n"
	 "  -q, --quiet   print nothing on success"},
	{"check", cmd_check, "Validate the YAML configuration without writing anything.",
	 "check\n\nReads the settings and every file they name and reports the first error as\n"
	 "FILE:LINE:COL; exits 0 when all is well, 78 otherwise."},
	{0}};
