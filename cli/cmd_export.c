/*
 * export — the actions of whole plans as a file for a spreadsheet, the tool every prison
 * already tracks its plans in: CSV with a byte-order mark, or an Excel workbook written
 * with libxlsxwriter (when the build has it: meson's optional dependency `xlsxwriter`
 * defines AB_HAVE_XLSXWRITER). Either file is written whole or not at all (util_atomic):
 * the workbook is written by libxlsxwriter to util_atomic's temporary file, by its name,
 * and then renamed into place.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/digest.h"
#include "../core/out.h"
#include "../core/util.h"
#include "cli.h"

#ifdef AB_HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

const char cmd_export_usage[] =
	"export [--establishment CODE] [--cycle ID] [--format csv|xlsx] -o FILE\n"
	"\n"
	"The actions of every plan that matches, for a spreadsheet, with the columns of\n"
	"'list --format csv' (the finding's text and the latest note come last). FILE is\n"
	"replaced whole, or left as it was when anything fails.\n"
	"  csv   UTF-8 with a byte-order mark, so that Excel shows £, – and • as written\n"
	"        (FILE '-' is standard output)\n"
	"  xlsx  an Excel workbook: a sheet 'Summary' with one row per plan (items, actions,\n"
	"        open, overdue, completed, % done), then one sheet per plan, named\n"
	"        'ESTABLISHMENT CYCLE', with a frozen header row, filters on, due dates as\n"
	"        dates, times in UTC, and overdue rows tinted\n"
	"\n"
	"  -e, --establishment CODE  only this establishment\n"
	"  -c, --cycle ID            only this cycle\n"
	"  -f, --format F            csv or xlsx; default from FILE's ending (.csv, .xlsx)\n"
	"  -o, --output FILE         the file to write (required)";

/* ---- CSV ------------------------------------------------------------------------------ */

static int export_csv_row(const query_action *r, void *vctx)
{
	char key[512];
	cli_field f[CLI_ACTION_FIELDS];
	cli_rows_add(vctx, f, cli_action_fields(r, key, f));
	return 0;
}

static int export_csv_to(store *st, const query_filter *f, FILE *fp, ab_err *err)
{
	cli_rows rows = {.fp = fp, .format = CLI_FMT_CSV, .bom = true};
	cli_field names[CLI_ACTION_FIELDS];
	char key[512];
	cli_rows_begin(&rows, names, cli_action_fields(&(query_action){.owners = ""}, key, names));
	return query_actions(st, f, export_csv_row, &rows, err);
}

static int export_csv(store *st, const query_filter *f, const char *path, ab_err *err)
{
	if (!strcmp(path, "-"))
		return export_csv_to(st, f, stdout, err);
	util_atomic a;
	if (util_atomic_begin_named(&a, path, 0666, "the export", err))
		return err->code;
	if (export_csv_to(st, f, a.fp, err)) {
		util_atomic_abort(&a);
		return err->code;
	}
	return util_atomic_commit(&a, true, err);
}

/* ---- the workbook --------------------------------------------------------------------- */

#ifdef AB_HAVE_XLSXWRITER

/* Excel's limits: a sheet name of 31 characters, a cell of 32,767. */
#define EXPORT_SHEET_MAX 31
#define EXPORT_CELL_MAX 32767

/* One plan: the figures of its row on the summary sheet, and the name of its sheet. */
typedef struct export_plan {
	char *est, *est_name, *cycle, *scheme;
	int items, actions, open, overdue, completed;
	char sheet[EXPORT_SHEET_MAX * 4 + 1]; /* 31 characters of UTF-8 */
} export_plan;

typedef struct export_book {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *pct;
	lxw_format *cell[2][3]; /* [overdue][text and numbers, date, time] */
	lxw_row_t row;
	lxw_error lerr; /* the first error libxlsxwriter reported */
	export_plan *plans;
	size_t nplans, cplans;
} export_book;

static void export_check(export_book *b, lxw_error e)
{
	if (e && !b->lerr)
		b->lerr = e;
}

/* The first `max` characters of UTF-8 s: the bytes they take. */
static size_t export_utf8_prefix(const char *s, size_t max)
{
	size_t i = 0, chars = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
			break;
	}
	return i;
}

/* Whether a sheet name is taken; Excel compares them regardless of case. */
static bool export_sheet_taken(const export_book *b, size_t upto, const char *name)
{
	/* Excel reserves "History"; the summary sheet takes "Summary". */
	if (!strcasecmp(name, "Summary") || !strcasecmp(name, "History"))
		return true;
	for (size_t i = 0; i < upto; i++)
		if (!strcasecmp(b->plans[i].sheet, name))
			return true;
	return false;
}

/*
 * Plan i's sheet name: "ESTABLISHMENT CYCLE" within Excel's rules: at most 31
 * characters, none of []:*?/\, no apostrophe first or last (each becomes '_'), and unique
 * (" (2)", " (3)", … after a name cut to leave room).
 */
static void export_sheet_name(export_book *b, size_t i)
{
	export_plan *p = &b->plans[i];
	char base[sizeof p->sheet];
	snprintf(base, sizeof base, "%s %s", p->est, p->cycle);
	base[export_utf8_prefix(base, EXPORT_SHEET_MAX)] = 0;
	for (char *c = base; *c; c++)
		if (strchr("[]:*?/\\", *c))
			*c = '_';
	if (base[0] == '\'')
		base[0] = '_';
	if (base[0] && base[strlen(base) - 1] == '\'')
		base[strlen(base) - 1] = '_';
	snprintf(p->sheet, sizeof p->sheet, "%s", base);
	for (int k = 2; export_sheet_taken(b, i, p->sheet); k++) {
		char tail[16];
		int n = snprintf(tail, sizeof tail, " (%d)", k);
		size_t keep = export_utf8_prefix(base, EXPORT_SHEET_MAX - (size_t)n);
		snprintf(p->sheet, sizeof p->sheet, "%.*s%s", (int)keep, base, tail);
	}
}

/* A string cell; one longer than Excel takes is cut to fit, with "…" at the end. */
static void export_text(export_book *b, lxw_col_t col, const char *s, lxw_format *fmt)
{
	size_t fit = export_utf8_prefix(s, EXPORT_CELL_MAX);
	if (!s[fit]) {
		export_check(b, worksheet_write_string(b->ws, b->row, col, s, fmt));
		return;
	}
	size_t cut = export_utf8_prefix(s, EXPORT_CELL_MAX - 1);
	char *copy = xmalloc(cut + sizeof "…");
	memcpy(copy, s, cut);
	memcpy(copy + cut, "…", sizeof "…");
	export_check(b, worksheet_write_string(b->ws, b->row, col, copy, fmt));
	free(copy);
}

/* A date "YYYY-MM-DD" or a time "YYYY-MM-DDTHH:MM:SSZ" as Excel's; false when s is not
 * one, or falls before Excel's first day (1900). */
static bool export_datetime(const char *s, bool time, lxw_datetime *out)
{
	date_t d;
	char iso[DATE_ISO_LEN], z = 0;
	int h = 0, m = 0, sec = 0, n = 0;
	snprintf(iso, sizeof iso, "%s", s);
	if (!date_parse_iso(iso, &d) || d.y < 1900)
		return false;
	if (time && (sscanf(s + 10, "T%2d:%2d:%2d%c%n", &h, &m, &sec, &z, &n) != 4 || z != 'Z' ||
		     s[10 + n] || h > 23 || m > 59 || sec > 59))
		return false;
	if (!time && s[10])
		return false;
	*out = (lxw_datetime){.year = d.y, .month = d.m, .day = d.d, .hour = h, .min = m,
			      .sec = sec};
	return true;
}

/* One field of a row in column col, tinted when the action is overdue. */
static void export_cell(export_book *b, lxw_col_t col, const cli_field *f, bool late)
{
	lxw_format **fmt = b->cell[late];
	lxw_worksheet *ws = b->ws;
	lxw_datetime dt;
	switch (f->kind) {
	case CLI_INT:
		export_check(b, f->null ? worksheet_write_blank(ws, b->row, col, fmt[0])
					: worksheet_write_number(ws, b->row, col, (double)f->num, fmt[0]));
		return;
	case CLI_BOOL:
		export_check(b, worksheet_write_boolean(ws, b->row, col, (int)f->num, fmt[0]));
		return;
	case CLI_REAL:
		export_check(b, worksheet_write_number(ws, b->row, col, f->real, fmt[0]));
		return;
	case CLI_OWNERS: {
		char *joined = out_owners_joined(f->text ? f->text : "", "; ");
		if (!joined) {
			export_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
			return;
		}
		export_text(b, col, joined, fmt[0]);
		free(joined);
		return;
	}
	case CLI_DATE:
	case CLI_TIME:
		if (f->text && export_datetime(f->text, f->kind == CLI_TIME, &dt)) {
			export_check(b, worksheet_write_datetime(ws, b->row, col, &dt,
								 fmt[f->kind == CLI_TIME ? 2 : 1]));
			return;
		}
		break;
	case CLI_TEXT:
		break;
	}
	if (f->text)
		export_text(b, col, f->text, fmt[0]);
	else
		export_check(b, worksheet_write_blank(ws, b->row, col, fmt[0]));
}

/* Columns wide enough to read: the texts wide, dates and flags narrow. */
static double export_width(const cli_field *f)
{
	static const struct {
		const char *name;
		double width;
	} widths[] = {{"key", 20},      {"text", 60},       {"item_text", 60}, {"owners", 28},
		      {"target", 24},   {"last_note", 40},  {"due_reason", 30}, {"directed_to", 14},
		      {"agreement", 14}, {"status", 12},    {"scheme", 16}};
	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++)
		if (!strcmp(f->name, widths[i].name))
			return widths[i].width;
	return f->kind == CLI_TIME ? 20 : f->kind == CLI_DATE ? 12 : 10;
}

/* A sheet's header row, frozen, its columns sized. */
static void export_header(export_book *b, const cli_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		export_check(b, worksheet_set_column(b->ws, (lxw_col_t)i, (lxw_col_t)i,
						     export_width(&f[i]), NULL));
		export_check(b, worksheet_write_string(b->ws, 0, (lxw_col_t)i, f[i].name, b->head));
	}
	worksheet_freeze_panes(b->ws, 1, 0);
	b->row = 1;
}

/* After the last row: the filter buttons over the header and every row. */
static void export_filter(export_book *b, size_t ncols)
{
	export_check(b, worksheet_autofilter(b->ws, 0, 0, b->row > 1 ? b->row - 1 : 0,
					     (lxw_col_t)(ncols - 1)));
}

/* Only the fields a CSV row has (json_only ones are left out, as in CSV). */
static size_t export_csv_fields(cli_field *f, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!f[i].json_only)
			f[k++] = f[i];
	return k;
}

static int export_action_row(const query_action *r, void *vctx)
{
	export_book *b = vctx;
	char key[512];
	cli_field f[CLI_ACTION_FIELDS];
	size_t n = export_csv_fields(f, cli_action_fields(r, key, f));
	for (size_t i = 0; i < n; i++)
		export_cell(b, (lxw_col_t)i, &f[i], r->overdue);
	b->row++;
	return b->lerr ? EX_IOERR : 0;
}

/* The sheet of plan p: its actions, as 'list --cycle' gives them. */
static int export_plan_sheet(export_book *b, store *st, const export_plan *p, date_t today,
			     ab_err *err)
{
	if (!(b->ws = workbook_add_worksheet(b->wb, p->sheet)))
		return err_set(err, EX_SOFTWARE, "cannot add the sheet '%s' to the workbook", p->sheet);
	cli_field f[CLI_ACTION_FIELDS];
	char key[512];
	size_t n = export_csv_fields(f, cli_action_fields(&(query_action){.owners = ""}, key, f));
	export_header(b, f, n);
	query_filter qf = {.establishment = p->est, .cycle = p->cycle, .today = today};
	int rc = query_actions(st, &qf, export_action_row, b, err);
	if (rc && !b->lerr)
		return rc;
	export_filter(b, n);
	return 0;
}

/* The summary sheet: one row per plan. */
static void export_summary(export_book *b)
{
	if (!(b->ws = workbook_add_worksheet(b->wb, "Summary"))) {
		export_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	static const cli_field head[] = {
		CLI_F_TEXT("establishment", NULL), CLI_F_TEXT("establishment_name", NULL),
		CLI_F_TEXT("cycle", NULL),         CLI_F_TEXT("scheme", NULL),
		CLI_F_TEXT("sheet", NULL),         CLI_F_INT("items", 0),
		CLI_F_INT("actions", 0),           CLI_F_INT("open", 0),
		CLI_F_INT("overdue", 0),           CLI_F_INT("completed", 0),
		CLI_F_INT("percent_done", 0),
	};
	size_t n = sizeof head / sizeof head[0];
	export_header(b, head, n);
	worksheet_set_column(b->ws, 1, 1, 24, NULL);
	worksheet_set_column(b->ws, 4, 4, 16, NULL);
	for (size_t i = 0; i < b->nplans; i++, b->row++) {
		const export_plan *p = &b->plans[i];
		const char *text[] = {p->est, p->est_name, p->cycle, p->scheme, p->sheet};
		const int num[] = {p->items, p->actions, p->open, p->overdue, p->completed};
		lxw_col_t c = 0;
		for (size_t k = 0; k < 5; k++, c++)
			export_text(b, c, text[k] ? text[k] : "", NULL);
		for (size_t k = 0; k < 5; k++, c++)
			export_check(b, worksheet_write_number(b->ws, b->row, c, num[k], NULL));
		/* % done: completed of all actions, a fraction shown as a percentage */
		if (p->actions)
			export_check(b, worksheet_write_number(b->ws, b->row, c,
							       (double)p->completed / p->actions, b->pct));
	}
	export_filter(b, n);
}

static int export_collect_plan(const digest_plan *r, void *vctx)
{
	export_book *b = vctx;
	export_plan p = {
		.est = xstrdup(r->establishment),
		.est_name = xstrdup(r->establishment_name ? r->establishment_name : ""),
		.cycle = xstrdup(r->cycle),
		.scheme = xstrdup(r->scheme ? r->scheme : ""),
		.items = r->items,
		.actions = r->actions,
		.open = r->by_status[STATUS_PLANNED] + r->by_status[STATUS_IN_PROGRESS] +
			r->by_status[STATUS_BLOCKED],
		.overdue = r->overdue,
		.completed = r->by_status[STATUS_COMPLETED],
	};
	XGROW(b->plans, b->nplans, b->cplans);
	b->plans[b->nplans++] = p;
	return 0;
}

static void export_free_plans(export_book *b)
{
	for (size_t i = 0; i < b->nplans; i++) {
		free(b->plans[i].est);
		free(b->plans[i].est_name);
		free(b->plans[i].cycle);
		free(b->plans[i].scheme);
	}
	free(b->plans);
}

/* The formats: the header, percentages, and for each kind of cell a plain and a tinted
 * (overdue) one. */
static void export_formats(export_book *b)
{
	b->head = workbook_add_format(b->wb);
	format_set_bold(b->head);
	format_set_bg_color(b->head, 0xECEFF1);
	format_set_bottom(b->head, LXW_BORDER_THIN);
	b->pct = workbook_add_format(b->wb);
	format_set_num_format(b->pct, "0%");
	static const char *const num_formats[3] = {NULL, "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"};
	for (int late = 0; late < 2; late++)
		for (int k = 0; k < 3; k++) {
			lxw_format *f = b->cell[late][k] = workbook_add_format(b->wb);
			format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
			if (num_formats[k])
				format_set_num_format(f, num_formats[k]);
			if (late)
				format_set_bg_color(f, 0xFDECEA); /* the report's overdue rows */
		}
}

/* Writes the workbook into the temporary file at tmp, by name. */
static int export_book_write(export_book *b, store *st, const char *tmp, date_t today,
			     ab_err *err)
{
	/* Constant memory: each row goes to disk when the next starts, so a workbook of the
	 * whole estate does not sit in memory; rows are written in order, as required. */
	lxw_workbook_options opts = {.constant_memory = LXW_TRUE};
	if (!(b->wb = workbook_new_opt(tmp, &opts)))
		return err_set(err, EX_CANTCREAT, "cannot start the workbook");
	workbook_set_properties(b->wb, &(lxw_doc_properties){.title = "Action plans",
							      .comments = "Made by actionboard"});
	export_formats(b);
	export_summary(b);
	int rc = 0;
	for (size_t i = 0; i < b->nplans && !rc && !b->lerr; i++)
		rc = export_plan_sheet(b, st, &b->plans[i], today, err);
	lxw_error closed = workbook_close(b->wb);
	b->wb = NULL;
	if (rc && !b->lerr)
		return rc;
	export_check(b, closed);
	if (b->lerr)
		return err_set(err, EX_IOERR, "cannot write the workbook: %s", lxw_strerror(b->lerr));
	return 0;
}

static int export_xlsx(store *st, const query_filter *f, const char *path, ab_err *err)
{
	export_book b = {0};
	if (digest_plans(st, f->establishment, f->cycle, f->today, QUERY_DUE_SOON_DAYS,
			 export_collect_plan, &b, err)) {
		export_free_plans(&b);
		return err->code;
	}
	for (size_t i = 0; i < b.nplans; i++)
		export_sheet_name(&b, i);
	util_atomic a;
	int rc = util_atomic_begin_named(&a, path, 0666, "the workbook", err);
	if (!rc && export_book_write(&b, st, a.tmp, f->today, err)) {
		util_atomic_abort(&a);
		rc = err->code;
	} else if (!rc) {
		rc = util_atomic_commit(&a, true, err);
	}
	export_free_plans(&b);
	return rc;
}

#endif /* AB_HAVE_XLSXWRITER */

/* ---- the command ---------------------------------------------------------------------- */

static bool export_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcasecmp(s + n - m, suffix);
}

/* --format, else FILE's ending; 0, or a usage error. */
static int export_format(char **argv, const char *format, const char *out, cli_format *fmt)
{
	if (format)
		return cli_parse_format(argv[0], format, CLI_FMT_CSV | CLI_FMT_XLSX, fmt);
	if (export_ends_with(out, ".xlsx"))
		*fmt = CLI_FMT_XLSX;
	else if (export_ends_with(out, ".csv") || !strcmp(out, "-"))
		*fmt = CLI_FMT_CSV;
	else
		return cli_usage_error(argv[0], "say --format csv or xlsx (FILE '%s' ends in "
						"neither .csv nor .xlsx)", out);
	return 0;
}

int cmd_export(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"establishment", required_argument, NULL, 'e'},
		{"cycle", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{0}};
	query_filter f = {.today = ctx->today};
	const char *out = NULL, *format = NULL;
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "e:c:f:o:", opts)) != -1) {
		switch (c) {
		case -2: return EX_USAGE;
		case 'e': f.establishment = optarg; break;
		case 'c': f.cycle = optarg; break;
		case 'f': format = optarg; break;
		case 'o': out = optarg; break;
		}
	}
	if (cli_no_operands(argc, argv))
		return EX_USAGE;
	if (!out)
		return cli_usage_error(argv[0], "say where to write: -o FILE");
	cli_format fmt;
	if (export_format(argv, format, out, &fmt))
		return EX_USAGE;
	ab_err err = {0};
#ifndef AB_HAVE_XLSXWRITER
	if (fmt == CLI_FMT_XLSX) {
		err_set(&err, EX_UNAVAILABLE,
			"this build of actionboard has no xlsx support (it was built without "
			"libxlsxwriter); export --format csv writes a file Excel opens");
		return cli_error(&err);
	}
#else
	if (fmt == CLI_FMT_XLSX && !strcmp(out, "-"))
		return cli_usage_error(argv[0], "a workbook needs a file: -o FILE.xlsx");
#endif
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	int rc = query_check_filter(st, &f, &err);
#ifdef AB_HAVE_XLSXWRITER
	if (!rc)
		rc = fmt == CLI_FMT_XLSX ? export_xlsx(st, &f, out, &err) : export_csv(st, &f, out, &err);
#else
	if (!rc)
		rc = export_csv(st, &f, out, &err);
#endif
	store_close(st);
	return rc ? cli_error(&err) : 0;
}
