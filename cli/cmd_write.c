/*
 * set, note, due, undo — the commands that change an action. They share their options
 * (--note, --reason, --if-version) and the way they open the database and confirm the
 * change: the confirmation puts the change into words as history and the reports do
 * (render.h).
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
	"  STATUS             planned, in_progress, blocked, completed or cancelled (any case;\n"
	"                     \"in progress\" and \"in-progress\" too; also done and complete\n"
	"                     for completed, canceled, progress for in_progress)\n"
	"  -n, --note TEXT    a note kept in the history with the change\n"
	"      --if-version N write only if the action is still at version N (else exit 75)";
const char cmd_note_usage[] =
	"note KEY TEXT | note --retract EVENT-ID | note --correct EVENT-ID TEXT\n"
	"\n"
	"  KEY TEXT                adds a progress note to the action\n"
	"  --retract EVENT-ID      takes back a note of yours (the #ID that history shows); it\n"
	"                          stays in the history, marked, and leaves the reports\n"
	"  --correct EVENT-ID TEXT replaces a note of yours with TEXT, keeping both in the history";
const char cmd_due_usage[] =
	"due KEY DATE --reason TEXT [--if-version N]\n"
	"\n"
	"  DATE   2027-03-31, 31/03/2027, 31 Mar 2027, Mar 2027 (its last day), +10d, +2w,\n"
	"         +3m, +1y, end of march, today or tomorrow; a date in the past is saved with\n"
	"         a warning\n"
	"  -r, --reason TEXT  why the date changes (required; the original date is kept)";
const char cmd_undo_usage[] =
	"undo KEY\n"
	"\n"
	"Takes back your latest change to the action that is still in effect (a status, a due\n"
	"date or a note) by adding an event that reverses it: history only ever grows. Again\n"
	"takes back the change before. Refused (exit 75) when someone else changed the same\n"
	"value since.";

typedef struct write_args {
	const char *note;
	long long version;
	long long retract, correct; /* note --retract/--correct EVENT-ID */
} write_args;

/* The shared options; --note only when want_note, --retract/--correct only for `note`. */
static int write_options(int argc, char **argv, write_args *w, bool want_note)
{
	static const struct option opts[] = {{"note", required_argument, NULL, 'n'},
					     {"reason", required_argument, NULL, 'r'},
					     {"if-version", required_argument, NULL, 'v'},
					     {"retract", required_argument, NULL, 'R'},
					     {"correct", required_argument, NULL, 'C'},
					     {0}};
	bool is_note = !strcmp(argv[0], "note");
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "n:r:", opts)) != -1) {
		if (c == -2)
			return EX_USAGE;
		if (c == 'v' && cli_parse_int(argv[0], "--if-version", optarg, 1, LLONG_MAX, &w->version))
			return EX_USAGE;
		if ((c == 'R' || c == 'C') && !is_note)
			return cli_usage_error(argv[0], "unknown option '--%s'",
					       c == 'R' ? "retract" : "correct");
		/* An event id as history shows it ("#12") or bare. */
		long long *id = c == 'R' ? &w->retract : c == 'C' ? &w->correct : NULL;
		if (id && cli_parse_int(argv[0], c == 'R' ? "--retract" : "--correct",
					optarg[0] == '#' ? optarg + 1 : optarg, 1, LLONG_MAX, id))
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
		return cli_usage_error(argv[0], "unknown status '%s' (%s)", argv[optind + 1],
				       model_status_list());
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

/* note --retract ID, note --correct ID TEXT. */
static int note_revise(cli_ctx *ctx, int argc, char **argv, const write_args *w)
{
	bool correct = w->correct > 0;
	if (w->retract && correct)
		return cli_usage_error(argv[0], "--retract and --correct do not go together");
	if (argc - optind != (correct ? 1 : 0))
		return cli_usage_error(argv[0], correct ? "--correct needs EVENT-ID and TEXT"
							: "--retract needs only EVENT-ID");
	ab_err err = {0};
	store *st;
	model_config *settings;
	if (write_open(ctx, &st, &settings, &err))
		return cli_error(&err);
	action_actor who = {ctx->user, settings};
	action_state after;
	char key[ACTION_KEY_LEN];
	long long id = correct ? w->correct : w->retract;
	int rc = action_note_revise(st, &who, id, correct ? argv[optind] : NULL, key, &after, &err);
	if (!rc)
		write_confirm(key,
			      &(action_event){.kind = "note", .field = correct ? "correct" : "retract",
					      .reverses = id},
			      (long long)after.version);
	return write_done(st, settings, rc, &err);
}

int cmd_note(cli_ctx *ctx, int argc, char **argv)
{
	write_args w = {0};
	if (write_options(argc, argv, &w, false))
		return EX_USAGE;
	if (w.version)
		return cli_usage_error(argv[0], "a note changes no value, so it takes no --if-version");
	if (w.retract || w.correct)
		return note_revise(ctx, argc, argv, &w);
	if (argc - optind != 2)
		return cli_usage_error(argv[0], "needs KEY and TEXT");
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
	ab_err err = {0};
	if (date_parse_typed(argv[optind + 1], ctx->today, &due, &err))
		return cli_usage_error(argv[0], "%s", err.msg);
	if (!w.note)
		return cli_usage_error(argv[0], "a revised due date needs --reason TEXT");
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
	if (!rc && date_cmp(due, ctx->today) < 0) {
		char ago[64];
		date_span_text(due, ctx->today, ago, sizeof ago);
		cli_say(stderr, "actionboard: due: warning: %s is in the past (%s ago); saved as "
			"asked (actionboard undo %s takes it back)\n", after.due, ago, argv[optind]);
	}
	return write_done(st, settings, rc, &err);
}

int cmd_undo(cli_ctx *ctx, int argc, char **argv)
{
	write_args w = {0};
	if (write_options(argc, argv, &w, false))
		return EX_USAGE;
	if (w.note || w.version)
		return cli_usage_error(argv[0], "takes no --reason or --if-version");
	if (argc - optind != 1)
		return cli_usage_error(argv[0], "needs one KEY");
	const char *key = argv[optind];
	ab_err err = {0};
	store *st;
	model_config *settings;
	if (write_open(ctx, &st, &settings, &err))
		return cli_error(&err);
	action_actor who = {ctx->user, settings};
	action_state after;
	action_change undone;
	int rc = action_undo(st, &who, key, 0, &undone, &after, &err);
	if (!rc) {
		/* The reversing event, as history will show it. */
		action_event e = {.kind = undone.kind, .field = "undo", .reverses = undone.id};
		if (!strcmp(undone.kind, "status"))
			e.old = undone.new_, e.new_ = after.status;
		else if (!strcmp(undone.kind, "due"))
			e.old = undone.new_[0] ? undone.new_ : NULL, e.new_ = after.due[0] ? after.due : NULL;
		else if (undone.reverses) /* a correction undone: the text it corrected is back */
			e.note = "";
		write_confirm(key, &e, (long long)after.version);
	}
	return write_done(st, settings, rc, &err);
}
