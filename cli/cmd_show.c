/*
 * show — one item or action in full: as text (render.h), or as JSON whose item, actions
 * and history have the same fields as list and history give them.
 */
#include <string.h>

#include "../core/judge.h"
#include "../render/render.h"
#include "cli.h"
#include "../core/key.h"

const char cmd_show_usage[] =
	"show KEY [--format table|json]\n"
	"       show REF --cycle ID [--establishment CODE] [--format table|json]\n"
	"\n"
	"  KEY                       ESTABLISHMENT/CYCLE/ACTION-ID (LIV/2022-07/1.1.3) or\n"
	"                            ESTABLISHMENT/CYCLE/REF for an item (LIV/2019-08/S37)\n"
	"  REF                       an item ref (1.1, S37) or action id (1.1.3) in --cycle\n"
	"  -c, --cycle ID            the cycle REF belongs to\n"
	"  -e, --establishment CODE  when several establishments have that cycle\n"
	"  -f, --format F            table (default) or json";

typedef struct show_json {
	store *st;
	ab_err *err;
	const char *action_id; /* the action asked for; NULL for an item */
	int n;                 /* elements written in the current array */
	char item_key[KEY_LEN]; /* the item's ESTABLISHMENT/CYCLE/REF */
} show_json;

/* The next element of a JSON array whose elements start on their own lines. */
static void show_json_next(show_json *j)
{
	fputs(j->n++ ? ",\n  " : "\n  ", stdout);
}

/* The item with its judgements, links and slips, as list --items gives it. */
static int show_json_item(const query_item *r, void *vctx)
{
	show_json *j = vctx;
	cli_field f[CLI_ITEM_FIELDS + CLI_ITEM_ASSESS_FIELDS];
	assess_reader *ar;
	assess_item a;
	char key[KEY_LEN];
	if (assess_reader_open(j->st, &ar, j->err))
		return j->err->code;
	int rc = assess_read(ar, r->id, &a, j->err);
	assess_reader_close(ar);
	if (rc)
		return rc;
	size_t n = cli_item_fields(r, f);
	n += cli_item_assess_fields(r, &a, key, f + n);
	key_format(j->item_key, sizeof j->item_key, r->establishment, r->cycle, r->ref);
	fputs("{\"item\": ", stdout);
	cli_json_object(stdout, f, n);
	return 0;
}

static int show_json_action(const query_action *r, void *vctx)
{
	show_json *j = vctx;
	if (j->action_id && strcmp(r->action_id, j->action_id))
		return 0;
	char key[512];
	cli_field f[CLI_ACTION_FIELDS];
	size_t n = cli_action_fields(r, key, f);
	show_json_next(j);
	cli_json_object(stdout, f, n);
	return 0;
}

static int show_json_event(const action_event *e, void *vctx)
{
	cli_field f[CLI_EVENT_FIELDS];
	show_json_next(vctx);
	cli_json_object(stdout, f, cli_event_fields(e, f));
	return 0;
}

/* {"item": {...}, "actions": [...], "history": [...]} (the item's judgements and links as
 * recorded) or {"item": {...}, "action": {...}, "history": [...]}. */
static int show_as_json(store *st, const digest_ref *ref, date_t today, ab_err *err)
{
	show_json j = {.st = st, .err = err, .action_id = ref->action_id[0] ? ref->action_id : NULL};
	query_filter f = {.establishment = ref->establishment, .cycle = ref->cycle,
			  .item_id = ref->item_id, .today = today};
	if (query_items(st, &f, show_json_item, &j, err))
		return err->code;
	fputs(j.action_id ? ",\n\"action\":" : ",\n\"actions\": [", stdout);
	if (query_actions(st, &f, show_json_action, &j, err))
		return err->code;
	if (j.action_id) {
		char key[512];
		key_format(key, sizeof key, ref->establishment, ref->cycle, ref->action_id);
		fputs(",\n\"history\": [", stdout);
		j.n = 0;
		if (action_history(st, key, show_json_event, &j, err))
			return err->code;
	} else {
		fputs(j.n ? "\n],\n\"history\": [" : "],\n\"history\": [", stdout);
		j.n = 0;
		if (judge_history(st, j.item_key, show_json_event, &j, err))
			return err->code;
	}
	fputs(j.n ? "\n]}\n" : "]}\n", stdout);
	return 0;
}

int cmd_show(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"establishment", required_argument, NULL, 'e'},
		{"cycle", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'},
		{0}};
	const char *est = NULL, *cycle = NULL;
	cli_format format = CLI_FMT_TABLE;
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "e:c:f:", opts)) != -1) {
		switch (c) {
		case -2: return EX_USAGE;
		case 'e': est = optarg; break;
		case 'c': cycle = optarg; break;
		case 'f':
			if (cli_parse_format(argv[0], optarg, CLI_FMT_TABLE | CLI_FMT_JSON, &format))
				return EX_USAGE;
			break;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(argv[0], "needs one KEY, or a REF with --cycle ID");
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	digest_ref ref;
	int rc = digest_find(st, argv[optind], est, cycle, &ref, &err);
	if (rc == EX_USAGE) {
		store_close(st);
		return cli_usage_error(argv[0], "%s", err.msg);
	}
	if (!rc)
		rc = format == CLI_FMT_JSON ? show_as_json(st, &ref, ctx->today, &err)
					    : render_show(st, &ref, ctx->today, cli_columns(), stdout,
							  &err);
	store_close(st);
	if (rc == EX_IOERR && !err.file[0]) /* render knows the stream, not its name */
		snprintf(err.file, sizeof err.file, "standard output");
	return rc ? cli_error(&err) : 0;
}
