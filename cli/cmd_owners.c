/* owners — each owner with their actions' counts, as a table, CSV or JSON: a local owner
 * once per establishment, an owner the estate shares once. */
#include <string.h>

#include "../core/out.h"
#include "cli.h"

const char cmd_owners_usage[] =
	"owners [--establishment CODE] [--cycle ID] [--format table|csv|json] [--raw]\n"
	"\n"
	"  --raw   CSV: fields as stored (otherwise one that begins with =, +, -, @, tab or\n"
	"          CR gets a ' in front, so that no spreadsheet runs it as a formula)";

typedef struct owners_ctx {
	cli_rows rows;
	int name_cols; /* the table's first column */
} owners_ctx;

/* The fields of one owner's row, named where they are set. */
#define OWNER_FIELDS 6
static size_t owner_fields(const query_owner *r, cli_field *f)
{
	const cli_field row[OWNER_FIELDS] = {
		CLI_F_TEXT("name", r->name),        CLI_F_TEXT("establishment", r->establishment),
		CLI_F_INT("total", r->total),
		CLI_F_INT("open", r->open),         CLI_F_INT("overdue", r->overdue),
		CLI_F_INT("completed", r->completed),
	};
	memcpy(f, row, sizeof row);
	return OWNER_FIELDS;
}

static int owners_row(const query_owner *r, void *vctx)
{
	owners_ctx *c = vctx;
	if (c->rows.format == CLI_FMT_TABLE) {
		char label[512]; /* "Governor · BLI": whose Governor */
		snprintf(label, sizeof label, "%s%s%s", r->name, r->establishment ? " · " : "",
			 r->establishment ? r->establishment : "");
		out_cell(c->rows.fp, label, c->name_cols);
		fprintf(c->rows.fp, " %7d %7d %7d %7d\n", r->total, r->open, r->overdue,
			r->completed);
		return 0;
	}
	cli_field f[OWNER_FIELDS];
	cli_rows_add(&c->rows, f, owner_fields(r, f));
	return 0;
}

int cmd_owners(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"establishment", required_argument, NULL, 'e'},
		{"cycle", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'},
		{"raw", no_argument, NULL, 'R'},
		{0}};
	query_filter f = {.today = ctx->today};
	int cols = cli_columns();
	owners_ctx oc = {.rows = {.fp = stdout, .format = CLI_FMT_TABLE},
			 .name_cols = cols > 80 ? cols - 32 : 48};
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "e:c:f:", opts)) != -1) {
		if (c == -2)
			return EX_USAGE;
		if (c == 'e')
			f.establishment = optarg;
		else if (c == 'c')
			f.cycle = optarg;
		else if (c == 'R')
			oc.rows.raw = true;
		else if (cli_parse_format(argv[0], optarg, CLI_FMTS_DATA, &oc.rows.format))
			return EX_USAGE;
	}
	if (cli_no_operands(argc, argv))
		return EX_USAGE;
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	int rc = query_check_filter(st, &f, &err);
	if (!rc) {
		cli_field names[OWNER_FIELDS];
		cli_rows_begin(&oc.rows, names, owner_fields(&(query_owner){0}, names));
		if (oc.rows.format == CLI_FMT_TABLE) {
			out_cell(stdout, "OWNER", oc.name_cols);
			fputs("   TOTAL    OPEN    LATE    DONE\n", stdout);
		}
		rc = query_owners(st, &f, owners_row, &oc, &err);
	}
	store_close(st);
	if (rc)
		return cli_error(&err);
	cli_rows_end(&oc.rows);
	return 0;
}
