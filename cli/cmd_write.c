/* The commands that change actions: set, note, due, and history to read the changes. */
#include <stdlib.h>
#include <string.h>

#include "../core/action.h"
#include "../core/out.h"
#include "cli.h"

/* Parses --if-version; returns -1 on a bad value. */
static long long parse_version(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	return (!*s || *end || v < 1) ? -1 : v;
}

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
		if (c == 'v' && (w->version = parse_version(optarg)) < 0)
			return cli_usage_error(argv[0], "--if-version needs a version number, not '%s'",
					       optarg);
		if ((c == 'n' || c == 'r') && (want_note || c == 'r'))
			w->note = optarg;
		else if (c == 'n')
			return cli_usage_error(argv[0], "unknown option '--note'");
	}
	return 0;
}

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
	action_state before, after;
	int rc = action_get(st, key, &before, &err);
	if (!rc)
		rc = action_set_status(st, &who, key, w.version, (model_status)status, w.note, &after,
				       &err);
	if (!rc)
		printf("%s: %s -> %s (version %lld)\n", key, before.status, after.status,
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
		printf("%s: note added (version %lld)\n", argv[optind], (long long)after.version);
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
	action_state before, after;
	int rc = action_get(st, argv[optind], &before, &err);
	if (!rc)
		rc = action_revise_due(st, &who, argv[optind], w.version, due, w.note, &after, &err);
	if (!rc)
		printf("%s: due %s -> %s (version %lld)\n", argv[optind],
		       before.due[0] ? before.due : "none", after.due, (long long)after.version);
	return write_done(st, settings, rc, &err);
}

typedef struct history_ctx {
	int format, rows;
} history_ctx;

static int history_row(const action_event *e, void *vctx)
{
	history_ctx *c = vctx;
	const char *vals[] = {e->at, e->user, e->kind, e->field, e->old, e->new_, e->note};
	static const char *names[] = {"at", "user", "kind", "field", "old", "new", "note"};
	if (c->format == CLI_FMT_JSON) {
		cli_json_next(stdout, c->rows);
		fputc('{', stdout);
		for (int i = 0; i < 7; i++) {
			printf("%s\"%s\": ", i ? ", " : "", names[i]);
			out_json_str(stdout, vals[i]);
		}
		fputc('}', stdout);
	} else if (c->format == CLI_FMT_CSV) {
		for (int i = 0; i < 7; i++) {
			if (i)
				fputc(',', stdout);
			out_csv_field(stdout, vals[i]);
		}
		fputs("\r\n", stdout);
	} else {
		printf("%s  %-12s ", e->at, e->user);
		if (!strcmp(e->kind, "note"))
			printf("note: %s", e->note ? e->note : "");
		else if (!strcmp(e->kind, "sync"))
			printf("definition %s: %s -> %s", e->field ? e->field : "",
			       e->old ? e->old : "-", e->new_ ? e->new_ : "-");
		else
			printf("%s: %s -> %s%s%s", e->kind, e->old ? e->old : "none",
			       e->new_ ? e->new_ : "none", e->note ? " · " : "", e->note ? e->note : "");
		fputc('\n', stdout);
	}
	c->rows++;
	return 0;
}

int cmd_history(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'f'}, {0}};
	history_ctx hc = {0};
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "f:", opts)) != -1) {
		if (c == -2)
			return EX_USAGE;
		if (cli_parse_format(argv[0], optarg, &hc.format))
			return EX_USAGE;
	}
	if (argc - optind != 1)
		return cli_usage_error(argv[0], "needs one KEY");
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	if (hc.format == CLI_FMT_CSV)
		fputs("at,user,kind,field,old,new,note\r\n", stdout);
	int rc = action_history(st, argv[optind], history_row, &hc, &err);
	store_close(st);
	if (rc)
		return cli_error(&err);
	if (hc.format == CLI_FMT_JSON)
		cli_json_end(stdout, hc.rows);
	return 0;
}

int cmd_backup(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"force", no_argument, NULL, 'f'}, {0}};
	bool force = false;
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "f", opts)) != -1) {
		if (c == -2)
			return EX_USAGE;
		force = true;
	}
	if (argc - optind != 1)
		return cli_usage_error(argv[0], "needs one PATH");
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	int rc = store_backup(st, argv[optind], force, &err);
	if (!rc)
		printf("backed up %s to %s\n", store_path(st), argv[optind]);
	store_close(st);
	return rc ? cli_error(&err) : 0;
}
