/*
 * export — the actions of whole plans as a file for a spreadsheet, the tool every prison
 * already tracks its plans in: CSV with a byte-order mark, or an Excel workbook written
 * with libxlsxwriter (when the build has it: meson's optional dependency `xlsxwriter`
 * defines AB_HAVE_XLSXWRITER). Either file is written whole or not at all (util_atomic):
 * the workbook is written by libxlsxwriter to util_atomic's temporary file, by its name,
 * and then renamed into place.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/assess.h"
#include "../core/digest.h"
#include "../core/lib.h"
#include "../core/out.h"
#include "../core/text.h"
#include "../core/util.h"
#include "../render/render.h"
#include "cli.h"

#ifdef AB_HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

const char cmd_export_usage[] =
	"export [--establishment CODE] [--cycle ID] [--format csv|xlsx] [--raw] -o FILE\n"
	"\n"
	"The actions of every plan that matches, for a spreadsheet, with the columns of\n"
	"'list --format csv' (the finding's text and the latest note come last). FILE is\n"
	"replaced whole, or left as it was when anything fails.\n"
	"  csv   UTF-8 with a byte-order mark, so that Excel shows £, – and • as written\n"
	"        (FILE '-' is standard output); a field that begins with =, +, -, @, tab or\n"
	"        CR gets a ' in front, so that Excel shows it and runs no formula\n"
	"  xlsx  an Excel workbook: a sheet 'Summary' with one row per plan (items, actions,\n"
	"        open, overdue, completed, % done), then one sheet per plan, named\n"
	"        'ESTABLISHMENT CYCLE', with a frozen header row, filters on, due dates as\n"
	"        dates, times in UTC, and overdue rows tinted\n"
	"\n"
	"  -e, --establishment CODE  only this establishment\n"
	"  -c, --cycle ID            only this cycle\n"
	"  -f, --format F            csv or xlsx; default from FILE's ending (.csv, .xlsx)\n"
	"  -o, --output FILE         the file to write (required)\n"
	"      --raw                 CSV: every field as stored, formulas and all";

/* ---- CSV ------------------------------------------------------------------------------ */

static int export_csv_row(const query_action *r, void *vctx)
{
	char key[512];
	cli_field f[CLI_ACTION_FIELDS];
	cli_rows_add(vctx, f, cli_action_fields(r, key, f));
	return 0;
}

static int export_csv_to(store *st, const query_filter *f, FILE *fp, bool raw, ab_err *err)
{
	cli_rows rows = {.fp = fp, .format = CLI_FMT_CSV, .bom = true, .raw = raw};
	cli_field names[CLI_ACTION_FIELDS];
	char key[512];
	cli_rows_begin(&rows, names, cli_action_fields(&(query_action){.owners = ""}, key, names));
	return query_actions(st, f, export_csv_row, &rows, err);
}

static int export_csv(store *st, const query_filter *f, const char *path, bool raw,
		      ab_err *err)
{
	if (!strcmp(path, "-"))
		return export_csv_to(st, f, stdout, raw, err);
	util_atomic a;
	if (util_atomic_begin_named(&a, path, 0666, "the export", err))
		return err->code;
	if (export_csv_to(st, f, a.fp, raw, err)) {
		util_atomic_abort(&a);
		return err->code;
	}
	return util_atomic_commit(&a, true, err);
}

/* ---- the workbook --------------------------------------------------------------------- */

#ifdef AB_HAVE_XLSXWRITER

/* libxlsxwriter's functions (core/lib.h: opened when a workbook is written, never linked). */
static struct export_xl {
	__typeof__(&format_set_align) format_set_align;
	__typeof__(&format_set_bg_color) format_set_bg_color;
	__typeof__(&format_set_bold) format_set_bold;
	__typeof__(&format_set_bottom) format_set_bottom;
	__typeof__(&format_set_num_format) format_set_num_format;
	__typeof__(&lxw_strerror) lxw_strerror;
	__typeof__(&workbook_add_format) workbook_add_format;
	__typeof__(&workbook_add_worksheet) workbook_add_worksheet;
	__typeof__(&workbook_close) workbook_close;
	__typeof__(&workbook_new_opt) workbook_new_opt;
	__typeof__(&workbook_set_properties) workbook_set_properties;
	__typeof__(&worksheet_autofilter) worksheet_autofilter;
	__typeof__(&worksheet_freeze_panes) worksheet_freeze_panes;
	__typeof__(&worksheet_set_column) worksheet_set_column;
	__typeof__(&worksheet_write_blank) worksheet_write_blank;
	__typeof__(&worksheet_write_boolean) worksheet_write_boolean;
	__typeof__(&worksheet_write_datetime) worksheet_write_datetime;
	__typeof__(&worksheet_write_number) worksheet_write_number;
	__typeof__(&worksheet_write_string) worksheet_write_string;
} xl;

static const lib_symbol export_xl_symbols[] = {
	LIB_FN(struct export_xl, format_set_align, "format_set_align"),
	LIB_FN(struct export_xl, format_set_bg_color, "format_set_bg_color"),
	LIB_FN(struct export_xl, format_set_bold, "format_set_bold"),
	LIB_FN(struct export_xl, format_set_bottom, "format_set_bottom"),
	LIB_FN(struct export_xl, format_set_num_format, "format_set_num_format"),
	LIB_FN(struct export_xl, lxw_strerror, "lxw_strerror"),
	LIB_FN(struct export_xl, workbook_add_format, "workbook_add_format"),
	LIB_FN(struct export_xl, workbook_add_worksheet, "workbook_add_worksheet"),
	LIB_FN(struct export_xl, workbook_close, "workbook_close"),
	LIB_FN(struct export_xl, workbook_new_opt, "workbook_new_opt"),
	LIB_FN(struct export_xl, workbook_set_properties, "workbook_set_properties"),
	LIB_FN(struct export_xl, worksheet_autofilter, "worksheet_autofilter"),
	LIB_FN(struct export_xl, worksheet_freeze_panes, "worksheet_freeze_panes"),
	LIB_FN(struct export_xl, worksheet_set_column, "worksheet_set_column"),
	LIB_FN(struct export_xl, worksheet_write_blank, "worksheet_write_blank"),
	LIB_FN(struct export_xl, worksheet_write_boolean, "worksheet_write_boolean"),
	LIB_FN(struct export_xl, worksheet_write_datetime, "worksheet_write_datetime"),
	LIB_FN(struct export_xl, worksheet_write_number, "worksheet_write_number"),
	LIB_FN(struct export_xl, worksheet_write_string, "worksheet_write_string"),
};

static lib_table export_xl_lib = {AB_XLSXWRITER_SONAME, "libxlsxwriter4", export_xl_symbols,
				  sizeof export_xl_symbols / sizeof *export_xl_symbols, &xl, NULL};

/* Excel's limits: a sheet name of 31 characters, a cell of 32,767. */
#define EXPORT_SHEET_MAX 31
#define EXPORT_CELL_MAX 32767
/* More plans than this: one Actions sheet with a Plan column instead of a sheet a plan
 * (an estate of 421 plans made 421 sheets nobody could find their way through). */
#define EXPORT_PLAN_SHEETS_MAX 20
#define EXPORT_ONE_SHEET "Actions"

/* One plan: the figures of its row on the summary sheet, and the name of its sheet. */
typedef struct export_plan {
	char *est, *est_name, *cycle, *scheme;
	int items, actions, open, overdue, completed, verified;
	char sheet[EXPORT_SHEET_MAX * 4 + 1]; /* 31 characters of UTF-8 */
} export_plan;

typedef struct export_book {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *pct;
	lxw_format *cell[2][3]; /* [overdue][text and numbers, date, time] */
	lxw_row_t row;
	lxw_error lerr; /* the first error libxlsxwriter reported */
	int lerrno;     /* errno then: the system's reason (No space left on device) */
	export_plan *plans;
	size_t nplans, cplans;
	bool one_sheet;      /* one Actions sheet, with a Plan column (EXPORT_PLAN_SHEETS_MAX) */
	assess_reader *ar;   /* the judgements of each action's item */
	int64_t judged_item; /* the item `judged` was read for (rows come item by item) */
	util_buf judged;
} export_book;

static void export_check(export_book *b, lxw_error e)
{
	if (e && !b->lerr) {
		b->lerr = e;
		b->lerrno = errno;
	}
}

/*
 * libxlsxwriter does not look at what fwrite() returns into the temporary file each
 * sheet's rows go to (constant-memory mode): on a full disk, or past a file size limit, it
 * would close a workbook whose sheets are cut short and report success. So each sheet's
 * file is flushed here once its rows are written, and a failure is the workbook's error,
 * with the system's reason.
 */
static void export_sheet_flush(export_book *b)
{
	FILE *f = b->ws ? b->ws->optimize_tmpfile : NULL;
	if (!f || b->lerr)
		return;
	errno = 0;
	if (fflush(f) != 0 || ferror(f)) {
		if (!errno)
			errno = EIO; /* an earlier write failed; its errno is gone */
		export_check(b, LXW_ERROR_ZIP_FILE_OPERATION);
	}
}

static unsigned long export_le32(const unsigned char *p)
{
	return p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

/*
 * Whether the zip file at tmp is whole: it ends with its end-of-central-directory record
 * (no comment: libxlsxwriter writes none), and the directory it points at ends there.
 * The same silence as above covers the zip file itself.
 */
static bool export_zip_whole(const char *tmp)
{
	FILE *fp = fopen(tmp, "rb");
	unsigned char e[22];
	long end = -1;
	bool whole = fp && fseek(fp, -22, SEEK_END) == 0 && (end = ftell(fp)) > 0 &&
		     fread(e, 1, sizeof e, fp) == sizeof e && !memcmp(e, "PK\5\6", 4) &&
		     export_le32(e + 16) + export_le32(e + 12) == (unsigned long)end;
	if (fp)
		fclose(fp);
	return whole;
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
	if (!strcasecmp(name, "Summary") || !strcasecmp(name, "History") ||
	    !strcasecmp(name, EXPORT_ONE_SHEET))
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
	char *name = text_safe_dup(p->est, 0), *cycle = text_safe_dup(p->cycle, 0);
	snprintf(base, sizeof base, "%s %s", name ? name : "?", cycle ? cycle : "?");
	free(name);
	free(cycle);
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

/*
 * A string cell, made safe by the one sanitiser (text.h: a byte that is not UTF-8 and
 * every control or bidi character but the line break become U+FFFD), so that the sheet's
 * XML is always well formed and no cell holds what a viewer could act on; a string cell
 * is never a formula. One longer than Excel takes is cut to fit, with "…" at the end.
 */
static void export_text(export_book *b, lxw_col_t col, const char *raw, lxw_format *fmt)
{
	char *s = text_safe_dup(raw, TEXT_MULTILINE);
	size_t fit = export_utf8_prefix(s, EXPORT_CELL_MAX);
	if (s[fit]) { /* cut, with room for the "…" (the cut may leave only two bytes) */
		size_t cut = export_utf8_prefix(s, EXPORT_CELL_MAX - 1);
		s = xrealloc(s, cut + sizeof "…");
		memcpy(s + cut, "…", sizeof "…");
	}
	export_check(b, xl.worksheet_write_string(b->ws, b->row, col, s, fmt));
	free(s);
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
		export_check(b, f->null ? xl.worksheet_write_blank(ws, b->row, col, fmt[0])
					: xl.worksheet_write_number(ws, b->row, col, (double)f->num, fmt[0]));
		return;
	case CLI_BOOL:
		export_check(b, xl.worksheet_write_boolean(ws, b->row, col, (int)f->num, fmt[0]));
		return;
	case CLI_REAL:
		export_check(b, xl.worksheet_write_number(ws, b->row, col, f->real, fmt[0]));
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
			export_check(b, xl.worksheet_write_datetime(ws, b->row, col, &dt,
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
		export_check(b, xl.worksheet_write_blank(ws, b->row, col, fmt[0]));
}

/* Columns wide enough to read: the texts wide, dates and flags narrow. */
static double export_width(const cli_field *f)
{
	static const struct {
		const char *name;
		double width;
	} widths[] = {{"key", 20},      {"text", 60},       {"item_text", 60}, {"owners", 28},
		      {"target", 24},   {"last_note", 40},  {"due_reason", 30}, {"directed_to", 14},
		      {"agreement", 14}, {"status", 12},    {"scheme", 16},   {"judgements", 40},
		      {"plan", 16},      {"verification", 12}};
	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++)
		if (!strcmp(f->name, widths[i].name))
			return widths[i].width;
	return f->kind == CLI_TIME ? 20 : f->kind == CLI_DATE ? 12 : 10;
}

/* The heading people read over a field's column ("Due", not "due"); the machine names
 * stay those of list --format csv and json. */
static const char *export_heading(const char *name)
{
	static const char *const headings[][2] = {
		{"key", "Key"}, {"plan", "Plan"}, {"establishment", "Establishment"},
		{"establishment_name", "Establishment name"}, {"cycle", "Cycle"},
		{"scheme", "Scheme"}, {"item_ref", "Item"}, {"item_seq", "Item no."},
		{"category", "Category"}, {"directed_to", "Directed to"}, {"agreement", "Agreement"},
		{"action_id", "Action"}, {"text", "What"}, {"owners", "Owner"},
		{"target", "Target (as published)"}, {"due", "Due"}, {"due_original", "Due at first"},
		{"due_reason", "Why the due date changed"}, {"status", "Status"},
		{"overdue", "Overdue"}, {"version", "Version"}, {"updated_by", "Changed by"},
		{"updated_at", "Changed at"}, {"item_text", "Finding"}, {"last_note", "Latest note"},
		{"last_note_at", "Latest note at"}, {"slip_days", "Days slipped"},
		{"verification", "Verification"}, {"verified_by", "Verified by"},
		{"verified_at", "Verified at"}, {"origin", "Origin"}, {"amended_by", "Amended by"},
		{"amended_at", "Amended at"}, {"judgements", "Judgements"}, {"sheet", "Sheet"},
		{"items", "Items"}, {"actions", "Actions"}, {"open", "Open"},
		{"completed", "Completed"}, {"verified", "Verified"}, {"percent_done", "% done"}};
	for (size_t i = 0; i < sizeof headings / sizeof headings[0]; i++)
		if (!strcmp(name, headings[i][0]))
			return headings[i][1];
	return name;
}

/* A sheet's header row, frozen, its columns sized, from column `at` on. */
static void export_header_at(export_book *b, const cli_field *f, size_t n, lxw_col_t at)
{
	for (size_t i = 0; i < n; i++) {
		lxw_col_t c = at + (lxw_col_t)i;
		export_check(b, xl.worksheet_set_column(b->ws, c, c, export_width(&f[i]), NULL));
		export_check(b, xl.worksheet_write_string(b->ws, 0, c, export_heading(f[i].name), b->head));
	}
	xl.worksheet_freeze_panes(b->ws, 1, 0);
	b->row = 1;
}

static void export_header(export_book *b, const cli_field *f, size_t n)
{
	export_header_at(b, f, n, 0);
}

/* After the last row: the filter buttons over the header and every row. */
static void export_filter(export_book *b, size_t ncols)
{
	export_check(b, xl.worksheet_autofilter(b->ws, 0, 0, b->row > 1 ? b->row - 1 : 0,
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

/* The judgements recorded on the action's item, in the report's words (render_judged);
 * read once per item, since the rows come item by item. NULL when none. */
static const char *export_judged(export_book *b, int64_t item, ab_err *err)
{
	if (item != b->judged_item) {
		assess_item a;
		util_buf_free(&b->judged);
		b->judged_item = item;
		if (assess_read(b->ar, item, &a, err))
			return NULL;
		render_judged(&b->judged, &a, false);
	}
	return b->judged.s;
}

typedef struct export_rows {
	export_book *b;
	ab_err *err;
} export_rows;

/* One action's row: on the Actions sheet its plan first; then the fields of list --format
 * csv; then its item's judgements. */
static int export_action_row(const query_action *r, void *vctx)
{
	export_rows *x = vctx;
	export_book *b = x->b;
	char key[512], plan[512];
	cli_field f[CLI_ACTION_FIELDS + 2];
	lxw_col_t at = 0;
	if (b->one_sheet) {
		snprintf(plan, sizeof plan, "%s/%s", r->establishment, r->cycle);
		export_cell(b, at++, &(cli_field)CLI_F_TEXT("plan", plan), r->overdue);
	}
	size_t n = export_csv_fields(f, cli_action_fields(r, key, f));
	const char *judged = export_judged(b, r->item_id, x->err);
	if (x->err->code)
		return x->err->code;
	f[n++] = (cli_field)CLI_F_TEXT("judgements", judged);
	for (size_t i = 0; i < n; i++)
		export_cell(b, at + (lxw_col_t)i, &f[i], r->overdue);
	b->row++;
	return b->lerr ? EX_IOERR : 0;
}

/* A sheet of actions: those of filter qf, as 'list' gives them, with the item's judgements. */
static int export_actions_sheet(export_book *b, store *st, const char *name,
				const query_filter *qf, ab_err *err)
{
	if (!(b->ws = xl.workbook_add_worksheet(b->wb, name)))
		return err_set(err, EX_SOFTWARE, "cannot add the sheet '%s' to the workbook", name);
	cli_field f[CLI_ACTION_FIELDS + 2];
	char key[512];
	size_t n = 0;
	if (b->one_sheet)
		f[n++] = (cli_field)CLI_F_TEXT("plan", NULL);
	n += export_csv_fields(f + n, cli_action_fields(&(query_action){.owners = ""}, key, f + n));
	f[n++] = (cli_field)CLI_F_TEXT("judgements", NULL);
	export_header(b, f, n);
	export_rows x = {b, err};
	int rc = query_actions(st, qf, export_action_row, &x, err);
	if (rc && !b->lerr)
		return rc;
	export_filter(b, n);
	export_sheet_flush(b);
	return 0;
}

/* The sheet of plan p: its actions, as 'list --cycle' gives them. */
static int export_plan_sheet(export_book *b, store *st, const export_plan *p, date_t today,
			     ab_err *err)
{
	query_filter qf = {.establishment = p->est, .cycle = p->cycle, .today = today};
	return export_actions_sheet(b, st, p->sheet, &qf, err);
}

/* The summary sheet: one row per plan. */
static void export_summary(export_book *b)
{
	if (!(b->ws = xl.workbook_add_worksheet(b->wb, "Summary"))) {
		export_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	static const cli_field head[] = {
		CLI_F_TEXT("establishment", NULL), CLI_F_TEXT("establishment_name", NULL),
		CLI_F_TEXT("cycle", NULL),         CLI_F_TEXT("scheme", NULL),
		CLI_F_TEXT("sheet", NULL),         CLI_F_INT("items", 0),
		CLI_F_INT("actions", 0),           CLI_F_INT("open", 0),
		CLI_F_INT("overdue", 0),           CLI_F_INT("completed", 0),
		CLI_F_INT("verified", 0),          CLI_F_INT("percent_done", 0),
	};
	size_t n = sizeof head / sizeof head[0];
	export_header(b, head, n);
	xl.worksheet_set_column(b->ws, 1, 1, 24, NULL);
	xl.worksheet_set_column(b->ws, 4, 4, 16, NULL);
	for (size_t i = 0; i < b->nplans; i++, b->row++) {
		const export_plan *p = &b->plans[i];
		const char *text[] = {p->est, p->est_name, p->cycle, p->scheme, p->sheet};
		const int num[] = {p->items, p->actions, p->open, p->overdue, p->completed,
				   p->verified};
		lxw_col_t c = 0;
		for (size_t k = 0; k < 5; k++, c++)
			export_text(b, c, text[k] ? text[k] : "", NULL);
		for (size_t k = 0; k < 6; k++, c++)
			export_check(b, xl.worksheet_write_number(b->ws, b->row, c, num[k], NULL));
		/* % done: completed of all actions, a fraction shown as a percentage */
		if (p->actions)
			export_check(b, xl.worksheet_write_number(b->ws, b->row, c,
								  (double)p->completed / p->actions, b->pct));
	}
	export_filter(b, n);
	export_sheet_flush(b);
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
		.verified = r->verified,
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
	b->head = xl.workbook_add_format(b->wb);
	xl.format_set_bold(b->head);
	xl.format_set_bg_color(b->head, 0xECEFF1);
	xl.format_set_bottom(b->head, LXW_BORDER_THIN);
	b->pct = xl.workbook_add_format(b->wb);
	xl.format_set_num_format(b->pct, "0%");
	static const char *const num_formats[3] = {NULL, "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"};
	for (int late = 0; late < 2; late++)
		for (int k = 0; k < 3; k++) {
			lxw_format *f = b->cell[late][k] = xl.workbook_add_format(b->wb);
			xl.format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
			if (num_formats[k])
				xl.format_set_num_format(f, num_formats[k]);
			if (late)
				xl.format_set_bg_color(f, 0xFDECEA); /* the report's overdue rows */
		}
}

/* Writes the workbook into the temporary file at tmp, by name; errors name `path`. */
static int export_book_write(export_book *b, store *st, const query_filter *f, const char *tmp,
			     const char *path, ab_err *err)
{
	/* Constant memory: each row goes to disk when the next starts, so a workbook of the
	 * whole estate does not sit in memory; rows are written in order, as required. */
	lxw_workbook_options opts = {.constant_memory = LXW_TRUE};
	if (!(b->wb = xl.workbook_new_opt(tmp, &opts)))
		return err_set_at(err, EX_CANTCREAT, path, 0, 0, "cannot start the workbook: %s",
				  strerror(errno));
	xl.workbook_set_properties(b->wb, &(lxw_doc_properties){.title = "Action plans",
								 .comments = "Made by actionboard"});
	export_formats(b);
	export_summary(b);
	int rc = assess_reader_open(st, &b->ar, err);
	if (!rc && b->one_sheet && !b->lerr)
		rc = export_actions_sheet(b, st, EXPORT_ONE_SHEET, f, err);
	for (size_t i = 0; i < b->nplans && !b->one_sheet && !rc && !b->lerr; i++)
		rc = export_plan_sheet(b, st, &b->plans[i], f->today, err);
	assess_reader_close(b->ar);
	b->ar = NULL;
	util_buf_free(&b->judged);
	lxw_error closed = xl.workbook_close(b->wb);
	b->wb = NULL;
	if (rc && !b->lerr)
		return rc;
	export_check(b, closed);
	if (!b->lerr && !export_zip_whole(tmp))
		return err_set_at(err, EX_IOERR, path, 0, 0,
				  "cannot write the workbook: it came out incomplete (is the disk "
				  "full, or a file size limit reached?)");
	/* libxlsxwriter's own words ("Zip generic error ZIP_ERRNO") say little; the system's
	 * reason, when there is one, says what to do. */
	if (b->lerr && b->lerrno)
		return err_set_at(err, EX_IOERR, path, 0, 0, "cannot write the workbook: %s",
				  strerror(b->lerrno));
	if (b->lerr)
		return err_set_at(err, EX_IOERR, path, 0, 0, "cannot write the workbook: %s",
				  xl.lxw_strerror(b->lerr));
	return 0;
}

static int export_xlsx(store *st, const query_filter *f, const char *path, ab_err *err)
{
	if (lib_open(&export_xl_lib, err))
		return err->code;
	export_book b = {0};
	if (digest_plans(st, f->establishment, f->cycle, f->today, QUERY_DUE_SOON_DAYS,
			 export_collect_plan, &b, err)) {
		export_free_plans(&b);
		return err->code;
	}
	b.one_sheet = b.nplans > EXPORT_PLAN_SHEETS_MAX;
	b.judged_item = -1;
	for (size_t i = 0; i < b.nplans; i++) {
		if (b.one_sheet) /* the Summary's Sheet column sends every plan there */
			snprintf(b.plans[i].sheet, sizeof b.plans[i].sheet, "%s", EXPORT_ONE_SHEET);
		else
			export_sheet_name(&b, i);
	}
	util_atomic a;
	int rc = util_atomic_begin_named(&a, path, 0666, "the workbook", err);
	if (!rc && export_book_write(&b, st, f, a.tmp, path, err)) {
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
		{"raw", no_argument, NULL, 'R'},
		{0}};
	query_filter f = {.today = ctx->today};
	const char *out = NULL, *format = NULL;
	bool raw = false;
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "e:c:f:o:", opts)) != -1) {
		switch (c) {
		case -2: return EX_USAGE;
		case 'e': f.establishment = optarg; break;
		case 'c': f.cycle = optarg; break;
		case 'f': format = optarg; break;
		case 'o': out = optarg; break;
		case 'R': raw = true; break;
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
		rc = fmt == CLI_FMT_XLSX ? export_xlsx(st, &f, out, &err)
					 : export_csv(st, &f, out, raw, &err);
#else
	if (!rc)
		rc = export_csv(st, &f, out, raw, &err);
#endif
	store_close(st);
	return rc ? cli_error(&err) : 0;
}
