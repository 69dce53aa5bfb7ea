/*
 * actionboard — track the action plans that prisons publish in answer to HMIP inspections.
 *
 * main() separates the global options (--config, --db, --today, which may stand before or
 * after the subcommand) from the rest, then runs the subcommand, or the dashboard when
 * there is none. It is the only place that decides the exit status.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../config/config.h"
#include "../core/catalog.h"
#include "../core/clock.h"
#include "../core/sync.h"
#include "../tui/tui.h"
#include "cli.h"
#include "privilege.h"

#ifndef AB_VERSION
#define AB_VERSION "0.0.0"
#endif

int cli_error(const ab_err *err)
{
	err_print(err, stderr);
	return err->code ? err->code : 1;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "actionboard: %s%s", cmd ? cmd : "", cmd ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'actionboard %s%s--help' for more information.\n", cmd ? cmd : "",
		cmd ? " " : "");
	return EX_USAGE;
}

static const char global_help[] =
	"usage: actionboard [GLOBAL OPTIONS] [COMMAND [ARGS]]\n"
	"\n"
	"Track the action plans that prisons publish in answer to HM Inspectorate of Prisons\n"
	"inspections. With no command, opens the dashboard.\n"
	"\n"
	"Global options (before or after the command):\n"
	"  --config PATH      settings file (default: $ACTIONBOARD_CONFIG, then\n"
	"                     $XDG_CONFIG_HOME/actionboard/actionboard.yaml, then the bundled one)\n"
	"  --db PATH          database file (overrides the settings)\n"
	"  --today YYYY-MM-DD pin today's date (also $ACTIONBOARD_TODAY)\n"
	"  -h, --help         show this help, or a command's help after the command\n"
	"  -V, --version      show the version\n"
	"\n"
	"Commands:\n";

static const cli_cmd *const command_tables[] = {cli_commands, cli_import_commands,
						cli_report_commands};
#define NTABLES (sizeof command_tables / sizeof command_tables[0])

static void print_global_help(FILE *fp)
{
	fputs(global_help, fp);
	for (size_t t = 0; t < NTABLES; t++)
		for (const cli_cmd *c = command_tables[t]; c->name; c++)
			fprintf(fp, "  %-10s %s\n", c->name, c->summary);
	fputs("\nRun 'actionboard COMMAND --help' for a command's options.\n", fp);
}

static const cli_cmd *find_command(const char *name)
{
	for (size_t t = 0; t < NTABLES; t++)
		for (const cli_cmd *c = command_tables[t]; c->name; c++)
			if (!strcmp(c->name, name))
				return c;
	return NULL;
}

/* No command: the dashboard on the configured database. */
static int run_dashboard(cli_ctx *ctx)
{
	ab_err err = {0};
	store *st;
	model_config *settings;
	if (cli_open_store(ctx, false, &st, &settings, &err))
		return cli_error(&err);
	tui_config tc = {.st = st, .settings = settings, .user = ctx->user, .today = ctx->today};
	int rc = tui_run(&tc, &err);
	store_close(st);
	model_config_free(settings);
	return rc ? cli_error(&err) : 0;
}

int cli_help(const char *cmd)
{
	const cli_cmd *c = find_command(cmd);
	if (!c)
		return EX_USAGE;
	printf("usage: actionboard %s\n\n%s\n", c->usage, c->summary);
	return 0;
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	}
	return false;
}

int cli_columns(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *env = getenv("COLUMNS");
	int n = env ? atoi(env) : 0;
	return n > 0 ? n : 80;
}

void cli_sync_progress(size_t done, size_t total, void *ctx)
{
	(void)ctx;
	/* Only worth showing on a terminal, and only for work that takes a moment. */
	if (total < 20 || !isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\ractionboard: syncing plan %zu of %zu", done, total);
	if (done == total)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

int cli_load_config(cli_ctx *ctx, bool settings_only, model_config **out, ab_err *err)
{
	char *path = config_find(ctx->config_opt, err);
	if (!path)
		return err->code;
	int rc = settings_only ? config_load_settings(path, out, err)
			       : config_load(path, stderr, out, err);
	free(path);
	return rc;
}

/* mkdir -p for the directory part of `path`. */
static int make_parent_dirs(const char *path, ab_err *err)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0775) != 0 && errno != EEXIST)
			return err_set_at(err, EX_CANTCREAT, buf, 0, 0, "cannot create directory: %s",
					  strerror(errno));
		*p = '/';
	}
	return 0;
}

int cli_db_path(cli_ctx *ctx, const model_config *cfg, char *buf, size_t n, ab_err *err)
{
	if (ctx->db_opt) {
		snprintf(buf, n, "%s", ctx->db_opt);
		return 0;
	}
	if (cfg && cfg->database) {
		snprintf(buf, n, "%s", cfg->database);
		return 0;
	}
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(buf, n, "%s/actionboard/actionboard.db", xdg);
	else if (home && *home)
		snprintf(buf, n, "%s/.local/share/actionboard/actionboard.db", home);
	else
		return err_set(err, EX_CONFIG, "no database: set HOME, XDG_DATA_HOME or use --db");
	return make_parent_dirs(buf, err);
}

/* Fills a new database, or one whose first fill was interrupted (the schema is committed
 * on its own, so such a database has tables but no establishment). *cfg may hold only the
 * settings: then the whole configuration is loaded in its place. */
static int cli_fill_if_empty(cli_ctx *ctx, store *st, model_config **cfg, bool full,
			     ab_err *err)
{
	bool empty = false;
	if (store_readonly(st) || catalog_empty(st, &empty, err) || !(empty || store_created(st)))
		return err->code;
	if (!full) {
		model_config_free(*cfg);
		*cfg = NULL;
		if (cli_load_config(ctx, false, cfg, err))
			return err->code;
	}
	sync_stats stats;
	if (sync_apply(st, *cfg, ctx->user, &stats, cli_sync_progress, NULL, err))
		return err->code;
	if (sync_changes(&stats))
		fprintf(stderr, "actionboard: filled %s from %s (%d changes)\n", store_path(st),
			(*cfg)->path, sync_changes(&stats));
	return 0;
}

int cli_open_store(cli_ctx *ctx, bool write, store **out, model_config **settings,
		   ab_err *err)
{
	char path[PATH_MAX];
	model_config *cfg = NULL;
	bool full = false;
	*out = NULL;
	if (settings)
		*settings = NULL;
	/* The settings find the database and say who may write; the plans only fill a new one. */
	if ((!ctx->db_opt || settings) && cli_load_config(ctx, true, &cfg, err))
		return err->code;
	if (cli_db_path(ctx, cfg, path, sizeof path, err))
		goto fail;
	bool missing = !privilege_exists(path);
	if (missing) {
		model_config_free(cfg);
		cfg = NULL;
		if (cli_load_config(ctx, false, &cfg, err))
			goto fail;
		full = true;
	}
	if (privilege_store_open(path, (missing || write) ? STORE_CREATE : 0, out, err))
		goto fail;
	if (store_snapshot(*out))
		fprintf(stderr,
			"actionboard: %s: read-only snapshot (you may not create files beside it): "
			"changes made by others after now will not show\n",
			path);
	if (cli_fill_if_empty(ctx, *out, &cfg, full, err)) {
		store_close(*out);
		*out = NULL;
		goto fail;
	}
	if (settings)
		*settings = cfg;
	else
		model_config_free(cfg);
	return 0;
fail:
	model_config_free(cfg);
	return err->code;
}

/* Takes the global options out of argv wherever they stand; returns the new argc. */
static int take_global_options(cli_ctx *ctx, int argc, char **argv, int *status)
{
	int out = 1;
	*status = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = !strcmp(a, "--config") || !strncmp(a, "--config=", 9) ? &ctx->config_opt
				    : !strcmp(a, "--db") || !strncmp(a, "--db=", 5)         ? &ctx->db_opt
				    : !strcmp(a, "--today") || !strncmp(a, "--today=", 8)    ? &ctx->today_opt
											     : NULL;
		if (!strcmp(a, "--")) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		if (!slot) {
			argv[out++] = argv[i];
			continue;
		}
		const char *eq = strchr(a, '=');
		if (eq) {
			*slot = eq + 1;
		} else if (i + 1 < argc) {
			*slot = argv[++i];
		} else {
			*status = cli_usage_error(NULL, "option '%s' needs a value", a);
			return 0;
		}
	}
	argv[out] = NULL;
	return out;
}

int main(int argc, char **argv)
{
	cli_ctx ctx = {0};
	int status = privilege_init(); /* before anything reads the environment */
	if (status)
		return status;
	argc = take_global_options(&ctx, argc, argv, &status);
	if (status >= 0)
		return status;
	if ((status = privilege_apply(&ctx)))
		return status;
	ab_err err = {0};
	if (date_today(ctx.today_opt, &ctx.today, &err))
		return cli_error(&err);
	ident_login(ctx.user, sizeof ctx.user);

	if (argc < 2)
		return run_dashboard(&ctx);
	const char *name = argv[1];
	if (!strcmp(name, "-h") || !strcmp(name, "--help") || !strcmp(name, "help")) {
		if (argc > 2 && strcmp(name, "help") == 0 && find_command(argv[2]))
			return cli_help(argv[2]);
		print_global_help(stdout);
		return 0;
	}
	if (!strcmp(name, "-V") || !strcmp(name, "--version")) {
		printf("actionboard %s\n", AB_VERSION);
		return 0;
	}
	const cli_cmd *cmd = find_command(name);
	if (!cmd) {
		if (name[0] == '-')
			return cli_usage_error(NULL, "unknown option '%s'", name);
		return cli_usage_error(NULL, "unknown command '%s'", name);
	}
	if (cli_wants_help(argc - 1, argv + 1))
		return cli_help(cmd->name);
	return cmd->run(&ctx, argc - 1, argv + 1);
}
