/*
 * cli — the command line: what every command shares (cli.c) and the commands themselves.
 *
 * Contract: each command is `int cmd_NAME(cli_ctx *ctx, int argc, char **argv)` and
 * returns a sysexits code; it prints its own output and reports errors with cli_error().
 * argv[0] is the command's name; the global options are already removed. The one table of
 * commands (name, handler, one-line help, usage) is in main.c; each command's usage text,
 * which documents its options, is kept beside its option table in its own file.
 */
#ifndef AB_CLI_H
#define AB_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "../core/action.h"
#include "../core/assess.h"
#include "../core/date.h"
#include "../core/digest.h"
#include "../core/statutory.h"
#include "../core/err.h"
#include "../core/key.h"
#include "../core/model.h"
#include "../core/query.h"
#include "../core/store.h"
#include "../core/text.h"
#include "../core/sync.h"
#include "../config/config.h"

typedef struct cli_ctx {
	const char *config_opt; /* --config */
	const char *db_opt;     /* --db */
	const char *today_opt;  /* --today */
	bool utc;               /* --utc: times as stored (ISO 8601 UTC), not local */
	date_t today;
	char user[256];         /* the Unix login */
	/* The settings already read, owned by ctx: the shared server's (privilege_apply reads
	 * them to find the database). The first cli_load_config(ctx, true, ...) takes them
	 * instead of reading the file again; main frees them when no command took them. */
	model_config *settings;
} cli_ctx;

/* ---- errors and options --------------------------------------------------------------- */

/* Prints "actionboard: ..." from err and returns its code. */
int cli_error(const ab_err *err);
/* Prints "actionboard: CMD: msg" and a hint to --help; returns EX_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* printf for lines that quote user text (keys, paths, names): the whole line is written
 * through text_put (core/text.h), line breaks kept, so nothing in it drives a terminal. */
void cli_say(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The one parser of a whole-number option value: optional sign and digits only, within
 * [min, max]. Otherwise prints a usage error naming `opt` and the range ("--due-within
 * needs a whole number from 1 to 3660, not '30abc'") and returns EX_USAGE. */
int cli_parse_int(const char *cmd, const char *opt, const char *arg, long long min,
		  long long max, long long *out);
/* After a command: standard output flushed, and a write to it that failed (a full disk,
 * a file size limit) reported naming it; returns `status`, or EX_IOERR when the command
 * succeeded but its output did not reach the file. */
int cli_finish(int status);
/* getopt_long over a command's argv (the caller sets optind = 0 first, so that GNU getopt
 * starts afresh), reporting errors our way: returns the option, -1 after the last, or -2
 * after printing a usage error. */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);
/* After the options: a usage error (EX_USAGE) when operands remain, else 0. */
int cli_no_operands(int argc, char **argv);

/*
 * Output formats. Each command accepts a set of them (a mask); cli_parse_format() is the
 * one parser of --format for every command: on a name outside `accepted` it prints a usage
 * error listing the accepted names and returns EX_USAGE.
 */
typedef enum {
	CLI_FMT_TABLE = 1 << 0,
	CLI_FMT_CSV = 1 << 1,
	CLI_FMT_JSON = 1 << 2,
	CLI_FMT_MARKDOWN = 1 << 3, /* also spelled "markdown" */
	CLI_FMT_HTML = 1 << 4,
	CLI_FMT_XLSX = 1 << 5, /* an Excel workbook (export) */
} cli_format;
#define CLI_FMTS_DATA (CLI_FMT_TABLE | CLI_FMT_CSV | CLI_FMT_JSON)
int cli_parse_format(const char *cmd, const char *arg, unsigned accepted, cli_format *out);

/* ---- rows in the machine formats ----------------------------------------------------- */

/*
 * A row of JSON or CSV output is an array of named fields, each naming itself where its
 * value is set; the CSV header is the names of a row's fields. JSON: a text NULL is null,
 * an int with `null` set is null, owners (names separated by QUERY_OWNER_SEP) an array.
 * CSV: NULL and null are empty fields, booleans true/false, owners joined by "; ".
 * A date ("YYYY-MM-DD") or a time ("YYYY-MM-DDTHH:MM:SSZ", UTC) is text in both; a
 * workbook (export) writes it as a real date. `json_only` fields are left out of CSV.
 */
typedef enum { CLI_TEXT, CLI_INT, CLI_BOOL, CLI_OWNERS, CLI_DATE, CLI_TIME, CLI_REAL } cli_kind;

typedef struct cli_field {
	const char *name;
	cli_kind kind;
	const char *text; /* CLI_TEXT, CLI_OWNERS */
	long long num;    /* CLI_INT, CLI_BOOL */
	double real;      /* CLI_REAL: written with 4 decimals */
	bool null, json_only;
} cli_field;

#define CLI_F_TEXT(n, v) {.name = (n), .kind = CLI_TEXT, .text = (v)}
#define CLI_F_DATE(n, v) {.name = (n), .kind = CLI_DATE, .text = (v)}
#define CLI_F_TIME(n, v) {.name = (n), .kind = CLI_TIME, .text = (v)}
#define CLI_F_INT(n, v) {.name = (n), .kind = CLI_INT, .num = (v)}
#define CLI_F_INT_OR_NULL(n, v) {.name = (n), .kind = CLI_INT, .num = (v), .null = !(v)}
#define CLI_F_BOOL(n, v) {.name = (n), .kind = CLI_BOOL, .num = (v)}
#define CLI_F_OWNERS(n, v) {.name = (n), .kind = CLI_OWNERS, .text = (v)}
#define CLI_F_REAL(n, v) {.name = (n), .kind = CLI_REAL, .real = (v)}
#define CLI_NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* One JSON object {"name": value, ...}. */
void cli_json_object(FILE *fp, const cli_field *f, size_t n);

/* A stream of rows: a JSON array of objects or CSV lines (the table format is each
 * command's own, so cli_rows writes nothing for it). */
typedef struct cli_rows {
	FILE *fp;
	cli_format format;
	int n;    /* rows written */
	bool bom; /* CSV: the UTF-8 byte-order mark before the header (out_csv_bom) */
	bool raw; /* CSV: --raw, fields as stored (out_csv_field: no formula guard) */
} cli_rows;

/* Before the first row: the CSV header, from the names of `f` (after the BOM, if asked). */
void cli_rows_begin(cli_rows *r, const cli_field *f, size_t n);
void cli_rows_add(cli_rows *r, const cli_field *f, size_t n);
/* After the last row: closes the JSON array. */
void cli_rows_end(cli_rows *r);

/* ---- the rows every command shows the same way ------------------------------------------ */

/*
 * The fields of an action (list, show), an item (list --items, show) and a history event
 * (history, show), in the order they are written. Each fills f, which has room for the
 * CLI_*_FIELDS it names, and returns that count; the fields point into the row (and, for
 * an action, into `key`, which receives ESTABLISHMENT/CYCLE/ACTION-ID), so they are valid
 * as long as those are.
 */
#define CLI_ACTION_FIELDS 31
size_t cli_action_fields(const query_action *r, char key[512], cli_field *f);
#define CLI_ITEM_FIELDS 14
size_t cli_item_fields(const query_item *r, cli_field *f);
/* What list --items and show add to an item's fields: its key (written into `key`), its
 * judgements, links and slips as core/assess.h reads them. */
#define CLI_ITEM_ASSESS_FIELDS 12
size_t cli_item_assess_fields(const query_item *r, const assess_item *a, char key[KEY_LEN],
			      cli_field *f);
#define CLI_EVENT_FIELDS 10
size_t cli_event_fields(const action_event *e, cli_field *f);

/* ---- configuration and the database --------------------------------------------------- */

/* Loads the settings and every file they name (warnings to stderr), or with
 * `settings_only` just the settings file. */
int cli_load_config(cli_ctx *ctx, bool settings_only, model_config **out, ab_err *err);
/* The database path: --db, else the settings' `database`, else the XDG default. */
int cli_db_path(cli_ctx *ctx, const model_config *cfg, char *buf, size_t n, ab_err *err);
/*
 * Opens the database for commands: creates it and syncs it from the configuration when
 * it does not exist yet (actionboard(1)). `write` asks for a writable store. When `settings`
 * is not NULL it receives the settings (owners, users), owned by the caller.
 */
int cli_open_store(cli_ctx *ctx, bool write, store **out, model_config **settings,
		   ab_err *err);
/*
 * The dashboard's cli_open_store(ctx, false, ...): with --db, or the settings' first
 * bytes (config_settings_database), naming a database that
 * opening will not write to (it exists, is at this schema version and in WAL mode), that
 * is filled or read-only and is no snapshot, and settings not read yet (the shared
 * server's are), the settings are read on a second thread while the
 * caller reads the database (config_settings_start): *pending receives that read, which
 * the caller must wait for (config_settings_wait) before it uses the settings or reads
 * a key, and whose error it reports first. Otherwise exactly cli_open_store(), the
 * settings in *settings and *pending NULL. Both owned by the caller.
 */
int cli_open_dashboard(cli_ctx *ctx, store **out, model_config **settings,
		       config_pending **pending, ab_err *err);
/* The configuration read one plan at a time (config_open() on the settings found). */
int cli_open_stream(cli_ctx *ctx, config_stream **out, ab_err *err);
/* sync_files() from the stream, as ctx's user, with a progress line when `progress`. */
int cli_sync(cli_ctx *ctx, store *st, config_stream *cs, int flags, bool progress,
	     sync_stats *stats, ab_err *err);
/* Terminal width for tables: the terminal's, else $COLUMNS, else 80. */
int cli_columns(void);

/* ---- what summary adds: judgements, slipped dates, clocks (summary_assess.c) ------------ */

typedef struct cli_summary_assess {
	int gaps[ASSESS_GAPS];  /* items per disagreement (assess.h) */
	statutory_clock clock;  /* the plan's IRP window and Urgent Notification */
} cli_summary_assess;

/* A plan's additional fields (read into x); with r->establishment NULL, only the names. */
#define CLI_SUMMARY_ASSESS_FIELDS 10
int cli_summary_assess_fields(store *st, const digest_plan *r, date_t today,
			      cli_summary_assess *x, cli_field *f, ab_err *err);
/* The table's blocks after its rows: the disagreement counts, the slipped dates per owner
 * and per item (matching the filter), and each plan's clocks; plans[i] is named by the
 * string at names + i * KEY_LEN ("LIV/2022-07"). */
int cli_summary_assess_table(store *st, const char *est, const char *cycle,
			     const cli_summary_assess *plans, const char *names, size_t n,
			     const digest_plan *total, ab_err *err);

/* ---- the commands, each with its usage text (see main.c for the table) ----------------- */

#define CLI_COMMAND(name)                                    \
	int cmd_##name(cli_ctx *ctx, int argc, char **argv); \
	extern const char cmd_##name##_usage[]

CLI_COMMAND(list);    /* cmd_list.c */
CLI_COMMAND(owners);  /* cmd_owners.c */
CLI_COMMAND(set);     /* cmd_write.c: set, note, due, undo */
CLI_COMMAND(note);
CLI_COMMAND(due);
CLI_COMMAND(undo);
CLI_COMMAND(history); /* cmd_history.c */
CLI_COMMAND(report);  /* cmd_report.c: report, summary */
CLI_COMMAND(summary);
CLI_COMMAND(show);    /* cmd_show.c */
CLI_COMMAND(backup);  /* cmd_backup.c: backup, restore */
CLI_COMMAND(restore);
CLI_COMMAND(sync);    /* cmd_sync.c: sync, check */
CLI_COMMAND(check);
CLI_COMMAND(import);  /* cmd_import.c */
CLI_COMMAND(export);  /* cmd_export.c */
CLI_COMMAND(judge);   /* cmd_judge.c: judge, link, unlink, suggest-links */
CLI_COMMAND(link);
CLI_COMMAND(unlink);
CLI_COMMAND(suggest_links);
CLI_COMMAND(verify);   /* cmd_verify.c */
CLI_COMMAND(evidence); /* cmd_evidence.c */
CLI_COMMAND(remind);   /* cmd_remind.c */
CLI_COMMAND(action);   /* cmd_action.c */

#endif
