/*
 * actionboard — track the action plans that prisons publish in answer to HMIP inspections.
 *
 * main() separates the global options (--config, --db, --today, --utc, which may stand
 * before or after the subcommand) from the rest, then runs the subcommand, or the
 * dashboard when there is none. It is the only place that decides the exit status.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "../core/clock.h"
#include "../tui/tui.h"
#include "cli.h"
#include "privilege.h"

#ifndef AB_VERSION
#define AB_VERSION "0.0.0"
#endif

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
	"  --utc              show times as stored, ISO 8601 UTC (for scripts), not local\n"
	"  -h, --help         show this help, or a command's help after the command\n"
	"  -V, --version      show the version\n"
	"\n"
	"Commands:\n";

/*
 * Every command: its name, the function that runs it (in the file named beside it), the
 * one line --help shows, and its usage text (kept beside the command's option table).
 * Files hold a command or a small family that shares its option parsing or its data:
 * set/note/due share the write options; report and summary both read whole plans;
 * sync and check both read the YAML configuration.
 */
typedef struct cli_cmd {
	const char *name;
	int (*run)(cli_ctx *ctx, int argc, char **argv);
	const char *summary;
	const char *usage; /* the full --help text after "usage: actionboard " */
} cli_cmd;

static const cli_cmd commands[] = {
	/* cmd_list.c */
	{"list", cmd_list, "List actions (or items) with filters.", cmd_list_usage},
	/* cmd_owners.c */
	{"owners", cmd_owners, "List owners with their open, overdue and completed actions.",
	 cmd_owners_usage},
	/* cmd_write.c */
	{"set", cmd_set, "Set an action's status, with an optional note.", cmd_set_usage},
	{"note", cmd_note, "Add a progress note to an action.", cmd_note_usage},
	{"due", cmd_due, "Revise an action's due date, keeping the original.", cmd_due_usage},
	{"undo", cmd_undo, "Take back your latest change to an action (history keeps both).",
	 cmd_undo_usage},
	/* cmd_history.c */
	{"history", cmd_history, "Show an action's history of changes and notes.",
	 cmd_history_usage},
	/* cmd_backup.c */
	{"backup", cmd_backup, "Write a consistent copy of the database while others work.",
	 cmd_backup_usage},
	{"restore", cmd_restore, "Put a backup back into the live database (admins).",
	 cmd_restore_usage},
	/* cmd_sync.c */
	{"sync", cmd_sync, "Load the YAML configuration into the database.", cmd_sync_usage},
	{"check", cmd_check, "Validate the YAML configuration without writing anything.",
	 cmd_check_usage},
	/* cmd_import.c */
	{"import", cmd_import, "Turn a published action plan's extracted text into plan YAML.",
	 cmd_import_usage},
	/* cmd_report.c */
	{"report", cmd_report,
	 "Write a progress report on a plan or an owner's slice (Markdown or HTML).",
	 cmd_report_usage},
	{"summary", cmd_summary, "One screen of figures per establishment and plan.",
	 cmd_summary_usage},
	/* cmd_show.c */
	{"show", cmd_show, "Show one item or action in full, with its history.", cmd_show_usage},
	/* cmd_export.c */
	{"export", cmd_export, "Write plans' actions as a CSV file or an Excel workbook.",
	 cmd_export_usage},
	/* cmd_judge.c */
	{"judge", cmd_judge, "Record HMIP's or the establishment's judgement on an item.",
	 cmd_judge_usage},
	{"link", cmd_link, "Record that an item repeats an item of an earlier cycle.",
	 cmd_link_usage},
	{"unlink", cmd_unlink, "Record that an item repeats no earlier item.", cmd_unlink_usage},
	{"suggest-links", cmd_suggest_links,
	 "Suggest the earlier items an item may repeat, by text similarity.",
	 cmd_suggest_links_usage},
	/* cmd_verify.c */
	{"verify", cmd_verify, "Verify (or reject) another person's completion of an action.",
	 cmd_verify_usage},
	/* cmd_evidence.c */
	{"evidence", cmd_evidence, "Attach files and URLs that support an action; list, get, remove.",
	 cmd_evidence_usage},
	/* cmd_remind.c */
	{"remind", cmd_remind, "Mail each owner their overdue, due, unverified and quiet actions.",
	 cmd_remind_usage},
	/* cmd_action.c */
	{"action", cmd_action, "Amend a plan in the tool: add, edit or retire an action.",
	 cmd_action_usage},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void print_global_help(FILE *fp)
{
	fputs(global_help, fp);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-13s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'actionboard COMMAND --help' for a command's options.\n", fp);
}

static const cli_cmd *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* The settings read while the dashboard read its first screen (tui_config.settings_wait). */
typedef struct dashboard_settings {
	config_pending *pending;
	model_config *cfg;
} dashboard_settings;

static int dashboard_settings_wait(void *arg, const model_config **out, ab_err *err)
{
	dashboard_settings *d = arg;
	int rc = config_settings_wait(d->pending, &d->cfg, err);
	d->pending = NULL;
	*out = d->cfg;
	return rc;
}

/* No command: the dashboard on the configured database. */
static int run_dashboard(cli_ctx *ctx)
{
	ab_err err = {0};
	store *st;
	dashboard_settings d = {0};
	if (cli_open_dashboard(ctx, &st, &d.cfg, &d.pending, &err))
		return cli_error(&err);
	tui_config tc = {.st = st, .settings = d.cfg, .user = ctx->user, .today = ctx->today,
			 .settings_wait = d.pending ? dashboard_settings_wait : NULL,
			 .settings_arg = &d};
	int rc = tui_run(&tc, &err);
	store_close(st);
	model_config_free(d.cfg);
	return rc ? cli_error(&err) : 0;
}

/* Prints the help of one command to stdout. */
static int print_command_help(const cli_cmd *c)
{
	printf("usage: actionboard %s\n\n%s\n", c->usage, c->summary);
	return 0;
}

/* Whether a command's arguments ask for its help (-h or --help before any "--"). */
static bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	}
	return false;
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
		if (!strcmp(a, "--utc")) {
			ctx->utc = true;
			continue;
		}
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

/* Everything after the options: the dashboard, or a command. */
static int run(cli_ctx *ctx, int argc, char **argv)
{
	ab_err err = {0};
	if (date_today(ctx->today_opt, &ctx->today, &err))
		return cli_error(&err);
	clock_login(ctx->user, sizeof ctx->user);
	clock_show_utc(ctx->utc);

	if (argc < 2)
		return run_dashboard(ctx);
	const char *name = argv[1];
	if (!strcmp(name, "-h") || !strcmp(name, "--help") || !strcmp(name, "help")) {
		if (argc > 2 && strcmp(name, "help") == 0 && find_command(argv[2]))
			return print_command_help(find_command(argv[2]));
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
	if (wants_help(argc - 1, argv + 1))
		return print_command_help(cmd);
	return cli_finish(cmd->run(ctx, argc - 1, argv + 1));
}

int main(int argc, char **argv)
{
	cli_ctx ctx = {0};
	/* A file size limit (ulimit -f) then fails the write with EFBIG, which is reported
	 * and cleaned up like any write error, instead of killing us silently mid-write. */
	signal(SIGXFSZ, SIG_IGN);
	int status = privilege_init(); /* before anything reads the environment */
	if (status)
		return status;
	argc = take_global_options(&ctx, argc, argv, &status);
	if (status >= 0)
		return status;
	if ((status = privilege_apply(&ctx)))
		return status;
	status = run(&ctx, argc, argv);
	model_config_free(ctx.settings); /* when no command took them */
	return status;
}
