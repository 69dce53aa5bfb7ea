/*
 * verify — a second person's sign-off on a completed action, or its rejection
 * (core/verify.h): `verify KEY [--note TEXT]`, `verify KEY --reject REASON`.
 */
#include <string.h>

#include "../core/clock.h"
#include "../core/verify.h"
#include "cli.h"

const char cmd_verify_usage[] =
	"verify KEY [--note TEXT] [--format table|json]\n"
	"verify KEY --reject REASON [--format table|json]\n"
	"\n"
	"  KEY                ESTABLISHMENT/CYCLE/ACTION-ID of a completed action\n"
	"  -n, --note TEXT    a note kept in the history with the verification\n"
	"  -r, --reject REASON  reopens the action (in_progress) with the reason in its history\n"
	"  -f, --format F     table (a confirmation line) or json (the action's verification)\n"
	"\n"
	"Only an admin or a user whose role is verifier may verify, and never the person who\n"
	"completed the action (exit 77).";

static void verify_print(cli_format fmt, const char *key, const verify_state *v, bool reject)
{
	if (fmt == CLI_FMT_JSON) {
		cli_field f[] = {
			CLI_F_TEXT("key", key),
			CLI_F_TEXT("status", v->status),
			CLI_F_TEXT("verification", v->verification[0] ? v->verification : NULL),
			CLI_F_TEXT("verified_by", v->verified_by[0] ? v->verified_by : NULL),
			CLI_F_TIME("verified_at", v->verified_at[0] ? v->verified_at : NULL),
			CLI_F_TEXT("completed_by", v->completed_by[0] ? v->completed_by : NULL),
			CLI_F_BOOL("required", v->required),
			CLI_F_INT("version", v->version),
		};
		cli_json_object(stdout, f, CLI_NFIELDS(f));
		fputc('\n', stdout);
		return;
	}
	if (reject)
		cli_say(stdout, "%s: verification rejected: completed → %s (version %lld)\n", key,
			v->status, (long long)v->version);
	else
		cli_say(stdout, "%s: verified (version %lld)\n", key, (long long)v->version);
}

int cmd_verify(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"note", required_argument, NULL, 'n'},
					     {"reject", required_argument, NULL, 'r'},
					     {"format", required_argument, NULL, 'f'},
					     {0}};
	const char *note = NULL, *reason = NULL;
	cli_format fmt = CLI_FMT_TABLE;
	int c;
	optind = 0;
	while ((c = cli_getopt(argc, argv, "n:r:f:", opts)) != -1) {
		if (c == -2)
			return EX_USAGE;
		if (c == 'n')
			note = optarg;
		else if (c == 'r')
			reason = optarg;
		else if (c == 'f' && cli_parse_format(argv[0], optarg, CLI_FMT_TABLE | CLI_FMT_JSON, &fmt))
			return EX_USAGE;
	}
	if (argc - optind != 1)
		return cli_usage_error(argv[0], "needs one KEY");
	if (note && reason)
		return cli_usage_error(argv[0], "--note and --reject do not go together (a rejection's "
					       "reason is its note)");
	const char *key = argv[optind];
	ab_err err = {0};
	store *st;
	model_config *settings;
	if (cli_open_store(ctx, true, &st, &settings, &err))
		return cli_error(&err);
	action_actor who = {ctx->user, settings};
	verify_state after;
	int rc = reason ? verify_reject(st, &who, key, reason, &after, &err)
			: verify_action(st, &who, key, note, &after, &err);
	if (!rc)
		verify_print(fmt, key, &after, reason != NULL);
	store_close(st);
	model_config_free(settings);
	return rc ? cli_error(&err) : 0;
}
