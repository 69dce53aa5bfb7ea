/*
 * cli — the command line: global options, the subcommand table and what commands share.
 *
 * Contract: each subcommand is `int cmd_NAME(cli_ctx *ctx, int argc, char **argv)` and
 * returns a sysexits code; it prints its own output and reports errors with cli_error().
 * argv[0] is the subcommand's name; the global options are already removed.
 */
#ifndef AB_CLI_H
#define AB_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "../core/date.h"
#include "../core/err.h"
#include "../core/model.h"
#include "../core/store.h"

typedef struct cli_ctx {
	const char *config_opt; /* --config */
	const char *db_opt;     /* --db */
	const char *today_opt;  /* --today */
	date_t today;
	char user[256];         /* the Unix login */
} cli_ctx;

typedef struct cli_cmd {
	const char *name;
	int (*run)(cli_ctx *ctx, int argc, char **argv);
	const char *summary;
	const char *usage; /* the full --help text after the "usage:" line */
} cli_cmd;

/* Each module of commands has its own table, ending with {0}; main() reads them all. */
extern const cli_cmd cli_commands[], cli_import_commands[], cli_report_commands[];

/* Prints "actionboard: ..." from err and returns its code. */
int cli_error(const ab_err *err);
/* Prints "actionboard: CMD: msg" and a hint to --help; returns EX_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the help of one command to stdout; returns 0. */
int cli_help(const char *cmd);
/* True (and prints help) when argv has -h/--help. */
bool cli_wants_help(int argc, char **argv);

/* Loads the settings and every file they name (warnings to stderr), or with
 * `settings_only` just the settings file. */
int cli_load_config(cli_ctx *ctx, bool settings_only, model_config **out, ab_err *err);
/* The database path: --db, else the settings' `database`, else the XDG default. */
int cli_db_path(cli_ctx *ctx, const model_config *cfg, char *buf, size_t n, ab_err *err);
/*
 * Opens the database for commands: creates it and syncs it from the configuration when
 * it does not exist yet (SPEC.md §5). `write` asks for a writable store. When `settings`
 * is not NULL it receives the settings (owners, users), owned by the caller.
 */
int cli_open_store(cli_ctx *ctx, bool write, store **out, model_config **settings,
		   ab_err *err);
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);
/* Output formats of list-like commands. */
enum { CLI_FMT_TABLE, CLI_FMT_CSV, CLI_FMT_JSON };
/* Parses --format's value into *out; on an unknown one prints the usage error and
 * returns EX_USAGE. */
int cli_parse_format(const char *cmd, const char *arg, int *out);
/* The separator before JSON array element `row` (0-based) and the array's end. */
void cli_json_next(FILE *fp, int row);
void cli_json_end(FILE *fp, int rows);

/* A sync progress line on stderr when it is a terminal (a sync_progress_fn). */
void cli_sync_progress(size_t done, size_t total, void *ctx);
/* Terminal width for tables: the terminal's, else $COLUMNS, else 80. */
int cli_columns(void);

int cmd_sync(cli_ctx *ctx, int argc, char **argv);
int cmd_check(cli_ctx *ctx, int argc, char **argv);
int cmd_list(cli_ctx *ctx, int argc, char **argv);
int cmd_owners(cli_ctx *ctx, int argc, char **argv);
int cmd_set(cli_ctx *ctx, int argc, char **argv);
int cmd_note(cli_ctx *ctx, int argc, char **argv);
int cmd_due(cli_ctx *ctx, int argc, char **argv);
int cmd_history(cli_ctx *ctx, int argc, char **argv);
int cmd_backup(cli_ctx *ctx, int argc, char **argv);

#endif
