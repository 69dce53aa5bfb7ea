/*
 * action — the plan amended in the tool (core/amend.h): `action add ITEM-KEY TEXT --owner O
 * --target T`, `action edit KEY [--text T] [--owner O]... [--target T]`, `action retire KEY
 * --reason R`. Only an admin may; the plan files' own actions are changed in their files.
 */
#include <string.h>

#include "../core/amend.h"
#include "cli.h"

const char cmd_action_usage[] =
	"action add ITEM-KEY TEXT --owner NAME [--owner NAME]... --target TARGET [--format json]\n"
	"action edit KEY [--text TEXT] [--owner NAME]... [--target TARGET]\n"
	"action retire KEY --reason TEXT\n"
	"\n"
	"  add      a new action of the item ESTABLISHMENT/CYCLE/REF, with the id REF.A<n>\n"
	"           (never one a plan file may use), origin amendment\n"
	"  edit     changes an amendment's text, owners (all of them, as given) or target\n"
	"  retire   takes an amendment out of the plan, with the reason in its history\n"
	"  -o, --owner NAME     an owner (canonical name or alias); repeat for several\n"
	"  -t, --target TEXT    the target as a plan words it (\"March 2027\", \"Ongoing\")\n"
	"      --text TEXT      the action's new text (edit)\n"
	"  -r, --reason TEXT    why it is retired (required)\n"
	"  -f, --format F       table (default) or json (add: the new key)\n"
	"\n"
	"Amendments survive every sync; only an admin may make them (exit 77 otherwise). An\n"
	"action of a plan file is changed in its file (exit 65 here).";

int cmd_action(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"owner", required_argument, NULL, 'o'},
					     {"target", required_argument, NULL, 't'},
					     {"text", required_argument, NULL, 'T'},
					     {"reason", required_argument, NULL, 'r'},
					     {"format", required_argument, NULL, 'f'},
					     {0}};
	const char *owners[AMEND_MAX_OWNERS + 1];
	amend_change ch = {0};
	const char *reason = NULL;
	cli_format fmt = CLI_FMT_TABLE;
	int c;
	optind = 0;
	while ((c = cli_getopt(argc, argv, "o:t:r:f:", opts)) != -1) {
		switch (c) {
		case -2: return EX_USAGE;
		case 'o':
			if (ch.nowners == AMEND_MAX_OWNERS)
				return cli_usage_error(argv[0], "at most %d owners", AMEND_MAX_OWNERS);
			owners[ch.nowners++] = optarg;
			ch.owners = owners;
			break;
		case 't': ch.target = optarg; break;
		case 'T': ch.text = optarg; break;
		case 'r': reason = optarg; break;
		case 'f':
			if (cli_parse_format(argv[0], optarg, CLI_FMT_TABLE | CLI_FMT_JSON, &fmt))
				return EX_USAGE;
			break;
		}
	}
	const char *verb = optind < argc ? argv[optind] : "";
	bool add = !strcmp(verb, "add"), edit = !strcmp(verb, "edit"), retire = !strcmp(verb, "retire");
	if (!add && !edit && !retire)
		return cli_usage_error(argv[0], "needs add, edit or retire");
	if (argc - optind != (add ? 3 : 2))
		return cli_usage_error(argv[0], add ? "add needs ITEM-KEY and TEXT" : "%s needs one KEY",
				       verb);
	if (add && ch.text)
		return cli_usage_error(argv[0], "add takes the text as its second operand, not --text");
	if (retire && (ch.text || ch.target || ch.owners))
		return cli_usage_error(argv[0], "retire takes only --reason");
	if (!retire && reason)
		return cli_usage_error(argv[0], "--reason is for retire");
	if (retire && !reason)
		return cli_usage_error(argv[0], "retire needs --reason TEXT");
	if (add && (!ch.owners || !ch.target))
		return cli_usage_error(argv[0], "add needs --owner NAME and --target TARGET");
	if (add)
		ch.text = argv[optind + 2];
	const char *key = argv[optind + 1];
	ab_err err = {0};
	store *st;
	model_config *settings;
	if (cli_open_store(ctx, true, &st, &settings, &err))
		return cli_error(&err);
	action_actor who = {ctx->user, settings};
	char made[ACTION_KEY_LEN] = "";
	int rc = add    ? amend_add(st, &who, key, &ch, made, &err)
		 : edit ? amend_edit(st, &who, key, &ch, &err)
			: amend_retire(st, &who, key, reason, &err);
	store_close(st);
	model_config_free(settings);
	if (rc == EX_USAGE)
		return cli_usage_error(argv[0], "%s", err.msg);
	if (rc)
		return cli_error(&err);
	if (fmt == CLI_FMT_JSON) {
		cli_field f[] = {CLI_F_TEXT("key", add ? made : key), CLI_F_TEXT("origin", "amendment"),
				 CLI_F_TEXT("change", verb)};
		cli_json_object(stdout, f, CLI_NFIELDS(f));
		fputc('\n', stdout);
	} else {
		cli_say(stdout, "%s: amendment %s\n", add ? made : key,
			add ? "added" : edit ? "changed" : "retired");
	}
	return 0;
}
