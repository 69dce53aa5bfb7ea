/* list — actions (or with --items, items) that match the filters, as a table, CSV or JSON. */
#include <stdlib.h>
#include <string.h>

#include "../core/judge.h"
#include "../core/out.h"
#include "cli.h"

const char cmd_list_usage[] =
	"list [--establishment CODE] [--cycle ID] [--category C] [--owner NAME] [--status S]\n"
	"       [--open] [--overdue] [--due-within DAYS] [--search TEXT] [--slipped] [--items]\n"
	"       [--agreement A] [--judged J] [--sort plan|due|late|owner|ref]\n"
	"       [--format table|csv|json] [--bom] [--raw]\n"
	"\n"
	"  -e, --establishment CODE  only this establishment (e.g. LIV)\n"
	"  -c, --cycle ID            only this cycle (e.g. 2022-07)\n"
	"      --category C          only items of this category: priority, key or general\n"
	"  -o, --owner NAME          only actions this owner (or alias) has\n"
	"  -s, --status S            planned, in_progress, blocked, completed or cancelled\n"
	"      --open                only open actions (not completed or cancelled)\n"
	"      --overdue             only overdue actions (due before today, still open)\n"
	"      --due-within DAYS     only open actions due in the next DAYS days\n"
	"      --search TEXT         only where item or action text contains TEXT\n"
	"      --slipped             only actions whose due date was revised to a later day\n"
	"      --agreement A         only items the establishment answered so: agreed,\n"
	"                            partly_agreed or not_agreed (partly and not will do)\n"
	"      --judged J            only items whose inspectors' judgement that counts now\n"
	"                            (the latest of the IRP's and the inspection's) is J:\n"
	"                            achieved, partially_achieved, not_achieved,\n"
	"                            no_meaningful_progress, insufficient_progress,\n"
	"                            reasonable_progress, good_progress; or none\n"
	"      --items               list items (findings) with action counts instead\n"
	"      --sort S              plan (default: the plan's order), due (earliest first,\n"
	"                            none last), late (overdue first, most days late first),\n"
	"                            owner (by owner name; not with --items) or ref (refs and\n"
	"                            ids in number order: 1.2 before 1.10)\n"
	"  -f, --format F            table (default, fits the terminal), csv or json\n"
	"      --bom                CSV: start with a UTF-8 byte-order mark, so that Excel\n"
	"                            shows £, – and • as written\n"
	"      --raw                 CSV: fields as stored; otherwise one that begins with =, +,\n"
	"                            -, @, tab or CR gets a ' in front, so that no spreadsheet\n"
	"                            runs it as a formula\n"
	"\n"
	"Actions in CSV and JSON: key, establishment, cycle, scheme, item_ref, item_seq,\n"
	"category, directed_to, agreement, action_id, text, owners, target, due,\n"
	"due_original, due_reason, status, overdue, version, updated_by, updated_at,\n"
	"item_text (the finding), last_note and last_note_at (the latest note and when),\n"
	"slip_days (days the due date was moved later, null if never).";

typedef struct list_ctx {
	cli_rows rows;
	assess_reader *assess; /* items: their judgements, links and slips */
	ab_err *err;
	int overdue; /* overdue actions among the rows, for the table's last line */
	int cols;
} list_ctx;

/* The owners column: a sixth of the width, within 12..28 columns. */
static int list_owner_width(int cols)
{
	int w = cols / 6;
	return w < 12 ? 12 : w > 28 ? 28 : w;
}

/* KEY STATUS DUE ! OWNERS TEXT, the text taking what is left of the width. */
static void list_action_line(list_ctx *c, const query_action *r, const char *key,
			     const char *owners)
{
	FILE *fp = c->rows.fp;
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

static int list_action_row(const query_action *r, void *vctx)
{
	list_ctx *c = vctx;
	char key[512];
	cli_field f[CLI_ACTION_FIELDS];
	size_t n = cli_action_fields(r, key, f);
	c->overdue += r->overdue;
	if (c->rows.format != CLI_FMT_TABLE) {
		cli_rows_add(&c->rows, f, n);
		return 0;
	}
	char *owners = out_owners_joined(r->owners, "; ");
	list_action_line(c, r, key, owners);
	free(owners);
	c->rows.n++;
	return 0;
}

/* PLAN REF CATEGORY AGREEMENT DONE LATE TEXT. */
static void list_item_line(list_ctx *c, const query_item *r)
{
	FILE *fp = c->rows.fp;
	char where[64], progress[32], late[16];
	snprintf(where, sizeof where, "%s/%s", r->establishment, r->cycle);
	snprintf(progress, sizeof progress, "%d/%d", r->actions_completed, r->actions_total);
	snprintf(late, sizeof late, "%d", r->actions_overdue);
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

static int list_item_row(const query_item *r, void *vctx)
{
	list_ctx *c = vctx;
	cli_field f[CLI_ITEM_FIELDS + CLI_ITEM_ASSESS_FIELDS];
	size_t n = cli_item_fields(r, f);
	assess_item a;
	char key[KEY_LEN];
	const assess_counts counted = {r->actions_total, r->actions_open, r->actions_completed,
				       r->actions_slipped, r->slip_days};
	if (assess_read_counted(c->assess, r->id, &counted, &a, c->err))
		return c->err->code;
	n += cli_item_assess_fields(r, &a, key, f + n);
	c->overdue += r->actions_overdue;
	if (c->rows.format != CLI_FMT_TABLE) {
		cli_rows_add(&c->rows, f, n);
		return 0;
	}
	list_item_line(c, r);
	c->rows.n++;
	return 0;
}

static void list_header(list_ctx *c, bool items)
{
	FILE *fp = c->rows.fp;
	if (c->rows.format == CLI_FMT_CSV && items) {
		/* The names of a row's fields; the row itself is empty. */
		cli_field f[CLI_ITEM_FIELDS + CLI_ITEM_ASSESS_FIELDS];
		char key[KEY_LEN];
		size_t n = cli_item_fields(&(query_item){0}, f);
		n += cli_item_assess_fields(&(query_item){0}, &(assess_item){0}, key, f + n);
		cli_rows_begin(&c->rows, f, n);
	} else if (c->rows.format == CLI_FMT_CSV) {
		cli_field f[CLI_ACTION_FIELDS];
		char key[512];
		cli_rows_begin(&c->rows, f, cli_action_fields(&(query_action){.owners = ""}, key, f));
	} else if (c->rows.format == CLI_FMT_TABLE && items) {
		fputs("PLAN         REF       CATEGORY  AGREEMENT     DONE  LATE", fp);
		if (c->cols > 62)
			fputs(" TEXT", fp);
		fputc('\n', fp);
	} else if (c->rows.format == CLI_FMT_TABLE) {
		int ow = list_owner_width(c->cols);
		fputs("KEY                 STATUS      DUE           ", fp);
		out_cell(fp, "OWNERS", ow);
		if (c->cols - (46 + ow + 1) > 0)
			fputs(" TEXT", fp);
		fputc('\n', fp);
	}
}

/* The names --sort takes, in query_sort's order. */
static const char *const list_sorts[] = {
	[QUERY_SORT_PLAN] = "plan", [QUERY_SORT_DUE] = "due", [QUERY_SORT_LATE] = "late",
	[QUERY_SORT_OWNER] = "owner", [QUERY_SORT_REF] = "ref",
};

static int list_sort(char **argv, const char *name, query_filter *f)
{
	for (size_t i = 0; i < sizeof list_sorts / sizeof list_sorts[0]; i++)
		if (!strcmp(name, list_sorts[i])) {
			f->sort = (query_sort)i;
			return 0;
		}
	return cli_usage_error(argv[0], "unknown sort '%s' (plan, due, late, owner, ref)", name);
}

/* --agreement: the stored word, or its short form ("partly", "not"). */
static int list_agreement(char **argv, const char *name, query_filter *f)
{
	static const struct { const char *word, *shorter; } agreements[] = {
		{"agreed", "agreed"}, {"partly_agreed", "partly"}, {"not_agreed", "not"}};
	for (size_t i = 0; i < sizeof agreements / sizeof *agreements; i++)
		if (!strcmp(name, agreements[i].word) || !strcmp(name, agreements[i].shorter)) {
			f->agreement = agreements[i].word;
			return 0;
		}
	return cli_usage_error(argv[0], "unknown agreement '%s' (agreed, partly_agreed, "
			       "not_agreed)", name);
}

/* --judged: a value the IRP or the inspection gives, or "none". */
static int list_judged(char **argv, const char *name, query_filter *f)
{
	if (!strcmp(name, "none") || judge_value_valid(JUDGE_IRP, name) ||
	    judge_value_valid(JUDGE_INSPECTION, name)) {
		f->judged = name;
		return 0;
	}
	return cli_usage_error(argv[0], "unknown judgement '%s' (achieved, partially_achieved, "
			       "not_achieved, no_meaningful_progress, insufficient_progress, "
			       "reasonable_progress, good_progress, none)", name);
}

/* One option of list into the filter; a bad value is a usage error (EX_USAGE). */
static int list_option(int c, char **argv, query_filter *f, list_ctx *lc, bool *items)
{
	switch (c) {
	case 'e': f->establishment = optarg; break;
	case 'c': f->cycle = optarg; break;
	case 'o': f->owner = optarg; break;
	case 'O': f->overdue = true; break;
	case 'P': f->open = true; break;
	case 'i': *items = true; break;
	case 'L': f->slipped = true; break;
	case 'B': lc->rows.bom = true; break;
	case 'R': lc->rows.raw = true; break;
	case 'r': return list_sort(argv, optarg, f);
	case 'A': return list_agreement(argv, optarg, f);
	case 'J': return list_judged(argv, optarg, f);
	case 'C':
		if (strcmp(optarg, "priority") && strcmp(optarg, "key") && strcmp(optarg, "general"))
			return cli_usage_error(argv[0], "unknown category '%s' (priority, key, general)",
					       optarg);
		f->category = optarg;
		break;
	case 'S':
		/* Longer text could not be matched whole (the pattern is bounded). */
		if (strlen(optarg) > 500)
			return cli_usage_error(argv[0], "--search text is longer than 500 bytes");
		f->search = optarg;
		break;
	case 's':
		if (model_status_parse(optarg) < 0)
			return cli_usage_error(argv[0], "unknown status '%s' (%s)", optarg,
					       model_status_list());
		f->status = model_status_name(model_status_parse(optarg));
		break;
	case 'W': {
		long long days;
		if (cli_parse_int(argv[0], "--due-within", optarg, 1, 3660, &days))
			return EX_USAGE;
		f->due_within = (int)days;
		break;
	}
	case 'f':
		return cli_parse_format(argv[0], optarg, CLI_FMTS_DATA, &lc->rows.format);
	}
	return 0;
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
		{"slipped", no_argument, NULL, 'L'},
		{"format", required_argument, NULL, 'f'},
		{"category", required_argument, NULL, 'C'},
		{"open", no_argument, NULL, 'P'},
		{"sort", required_argument, NULL, 'r'},
		{"bom", no_argument, NULL, 'B'},
		{"raw", no_argument, NULL, 'R'},
		{"agreement", required_argument, NULL, 'A'},
		{"judged", required_argument, NULL, 'J'},
		{0}};
	query_filter f = {.today = ctx->today};
	list_ctx lc = {.rows = {.fp = stdout, .format = CLI_FMT_TABLE}, .cols = cli_columns()};
	bool items = false;
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "e:c:o:s:f:", opts)) != -1)
		if (c == -2 || list_option(c, argv, &f, &lc, &items))
			return EX_USAGE;
	if (cli_no_operands(argc, argv))
		return EX_USAGE;
	if (items && f.sort == QUERY_SORT_OWNER)
		return cli_usage_error(argv[0], "items have no owner to sort by (--sort owner lists "
						"actions)");
	if (lc.rows.bom && lc.rows.format != CLI_FMT_CSV)
		return cli_usage_error(argv[0], "--bom goes with --format csv");
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	lc.err = &err;
	int rc = query_check_filter(st, &f, &err);
	if (!rc && items)
		rc = assess_reader_open(st, &lc.assess, &err);
	if (!rc && items) /* the items' actions come with them: read only the judged and linked */
		rc = assess_reader_links(lc.assess, &err);
	if (!rc) {
		list_header(&lc, items);
		rc = items ? query_items(st, &f, list_item_row, &lc, &err)
			   : query_actions(st, &f, list_action_row, &lc, &err);
	}
	assess_reader_close(lc.assess);
	store_close(st);
	if (rc)
		return cli_error(&err);
	cli_rows_end(&lc.rows);
	if (lc.rows.format == CLI_FMT_TABLE)
		printf("%d %s, %d overdue\n", lc.rows.n, items ? "items" : "actions", lc.overdue);
	return 0;
}
