/*
 * set, note, due — the commands that change an action. They share their options (--note,
 * --reason, --if-version) and the way they open the database and confirm the change: the
 * confirmation puts the change into words as history and the reports do (render.h).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../render/render.h"
#include "cli.h"

const char cmd_set_usage[] =
	"set KEY STATUS [--note TEXT] [--if-version N]\n"
	"\n"
	"  KEY                ESTABLISHMENT/CYCLE/ACTION-ID, e.g. LIV/2022-07/1.1.3\n"
	"  STATUS             planned, in_progress, blocked, completed or cancelled\n"
	"  -n, --note TEXT    a note kept in the history with the change\n"
	"      --if-version N write only if the action is still at version N (else exit 75)";
const char cmd_note_usage[] = "note KEY TEXT";
const char cmd_due_usage[] = "due KEY YYYY-MM-DD --reason TEXT [--if-version N]";

typedef struct write_args {
	const char *note;
	long long version;
} write_args;

static int write_options(int argc, char **argv, write_args *w, bool want_note)
{
	static const struct option opts[] = {{"note", required_argument, NULL, 'n'},
					     {"reason", required_argument, NULL, 'r'},
					     {"if-version", required_argument, NULL, 'v'},
					     {0}};
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "n:r:", opts)) != -1) {
		if (c == -2)
			return EX_USAGE;
		if (c == 'v' && cli_parse_int(argv[0], "--if-version", optarg, 1, LLONG_MAX, &w->version))
			return EX_USAGE;
		if ((c == 'n' || c == 'r') && (want_note || c == 'r'))
			w->note = optarg;
		else if (c == 'n')
			return cli_usage_error(argv[0], "unknown option '--note'");
	}
	return 0;
}

/* Writes commit through a writable store, with the settings that say who may write. */
static int write_open(cli_ctx *ctx, store **st, model_config **settings, ab_err *err)
{
	return cli_open_store(ctx, true, st, settings, err);
}

static int write_done(store *st, model_config *settings, int rc, ab_err *err)
{
	store_close(st);
	model_config_free(settings);
	return rc ? cli_error(err) : 0;
}

/* "KEY: CHANGE (version N)", the change in the words of history. */
static void write_confirm(const char *key, const action_event *e, long long version)
{
	util_buf b = {0};
	render_event_change(&b, e);
	cli_say(stdout, "%s: %s (version %lld)\n", key, b.s ? b.s : "", version);
	util_buf_free(&b);
}

int cmd_set(cli_ctx *ctx, int argc, char **argv)
{
	write_args w = {0};
	if (write_options(argc, argv, &w, true))
		return EX_USAGE;
	if (argc - optind != 2)
		return cli_usage_error(argv[0], "needs KEY and STATUS");
	const char *key = argv[optind];
	int status = model_status_parse(argv[optind + 1]);
	if (status < 0)
		return cli_usage_error(argv[0],
				       "unknown status '%s' (planned, in_progress, blocked, completed, "
				       "cancelled)",
				       argv[optind + 1]);
	ab_err err = {0};
	store *st;
	model_config *settings;
	if (write_open(ctx, &st, &settings, &err))
		return cli_error(&err);
	action_actor who = {ctx->user, settings};
	action_state after;
	int rc = action_set_status(st, &who, key, w.version, (model_status)status, w.note, &after,
				   &err);
	if (!rc)
		write_confirm(key,
			      &(action_event){.kind = "status", .old = after.was_status,
					      .new_ = after.status},
			      (long long)after.version);
	return write_done(st, settings, rc, &err);
}

int cmd_note(cli_ctx *ctx, int argc, char **argv)
{
	write_args w = {0};
	if (write_options(argc, argv, &w, false))
		return EX_USAGE;
	if (argc - optind != 2)
		return cli_usage_error(argv[0], "needs KEY and TEXT");
	if (w.version)
		return cli_usage_error(argv[0], "a note changes no value, so it takes no --if-version");
	ab_err err = {0};
	store *st;
	model_config *settings;
	if (write_open(ctx, &st, &settings, &err))
		return cli_error(&err);
	action_actor who = {ctx->user, settings};
	action_state after;
	int rc = action_add_note(st, &who, argv[optind], argv[optind + 1], &after, &err);
	if (!rc)
		cli_say(stdout, "%s: note added (version %lld)\n", argv[optind],
			(long long)after.version);
	return write_done(st, settings, rc, &err);
}

int cmd_due(cli_ctx *ctx, int argc, char **argv)
{
	write_args w = {0};
	if (write_options(argc, argv, &w, false))
		return EX_USAGE;
	if (argc - optind != 2)
		return cli_usage_error(argv[0], "needs KEY and DATE");
	date_t due;
	if (!date_parse_iso(argv[optind + 1], &due))
		return cli_usage_error(argv[0], "'%s' is not a date (YYYY-MM-DD)", argv[optind + 1]);
	if (!w.note)
		return cli_usage_error(argv[0], "a revised due date needs --reason TEXT");
	ab_err err = {0};
	store *st;
	model_config *settings;
	if (write_open(ctx, &st, &settings, &err))
		return cli_error(&err);
	action_actor who = {ctx->user, settings};
	action_state after;
	int rc = action_revise_due(st, &who, argv[optind], w.version, due, w.note, &after, &err);
	if (!rc)
		write_confirm(argv[optind],
			      &(action_event){.kind = "due", .old = after.was_due[0] ? after.was_due : NULL,
					      .new_ = after.due},
			      (long long)after.version);
	return write_done(st, settings, rc, &err);
}
