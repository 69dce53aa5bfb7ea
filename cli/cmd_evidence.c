/*
 * evidence — files and URLs that support an action (core/evidence.h):
 * `evidence add KEY FILE|URL [--note TEXT]`, `evidence list KEY`, `evidence get KEY N -o FILE`,
 * `evidence remove KEY N --reason TEXT`. A file is read as the user: the database is opened
 * first (in the shared-server mode that gives the group up for good, cli/privilege.h), so
 * nobody can attach a file they could not read themselves.
 */
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../core/clock.h"
#include "../core/evidence.h"
#include "cli.h"

const char cmd_evidence_usage[] =
	"evidence add KEY FILE|URL [--note TEXT] [--format table|json]\n"
	"evidence list KEY [--format table|csv|json]\n"
	"evidence get KEY N -o FILE [--force]\n"
	"evidence remove KEY N --reason TEXT\n"
	"\n"
	"  add      copies FILE (at most 25 MiB, read as you) into the evidence store, or\n"
	"           records an http:// or https:// URL as given, with who and when\n"
	"  list     the action's entries by number N: name, size and SHA-256, or the URL;\n"
	"           removed ones stay, marked\n"
	"  get      writes entry N's file to FILE ('-': standard output), checked against\n"
	"           its SHA-256; --force replaces an existing FILE\n"
	"  remove   records that entry N no longer counts, and why (it stays listed)\n"
	"  -n, --note TEXT     a note kept with the entry\n"
	"  -r, --reason TEXT   why the entry is removed (required)\n"
	"  -o, --output FILE   where get writes\n"
	"  -f, --format F      table, csv or json";

typedef struct ev_args {
	const char *note, *reason, *output;
	bool force;
	cli_format format;
} ev_args;

static int ev_options(int argc, char **argv, ev_args *a, unsigned formats)
{
	static const struct option opts[] = {{"note", required_argument, NULL, 'n'},
					     {"reason", required_argument, NULL, 'r'},
					     {"output", required_argument, NULL, 'o'},
					     {"format", required_argument, NULL, 'f'},
					     {"force", no_argument, NULL, 'F'},
					     {0}};
	int c;
	optind = 0;
	while ((c = cli_getopt(argc, argv, "n:r:o:f:", opts)) != -1) {
		switch (c) {
		case -2: return EX_USAGE;
		case 'n': a->note = optarg; break;
		case 'r': a->reason = optarg; break;
		case 'o': a->output = optarg; break;
		case 'F': a->force = true; break;
		case 'f':
			if (cli_parse_format(argv[0], optarg, formats, &a->format))
				return EX_USAGE;
			break;
		}
	}
	return 0;
}

static int ev_add(cli_ctx *ctx, int argc, char **argv, const ev_args *a)
{
	if (argc - optind != 3)
		return cli_usage_error("evidence", "add needs KEY and FILE or URL");
	const char *key = argv[optind + 1], *what = argv[optind + 2];
	ab_err err = {0};
	store *st;
	model_config *settings;
	if (cli_open_store(ctx, true, &st, &settings, &err))
		return cli_error(&err);
	action_actor who = {ctx->user, settings};
	int n = 0, rc;
	util_buf data = {0};
	char *copy = xstrdup(what);
	if (evidence_is_url(what))
		rc = evidence_add_url(st, &who, key, what, a->note, &n, &err);
	else if (!(rc = evidence_read_file(what, &data, &err)))
		rc = evidence_add_file(st, &who, key, basename(copy), data.s ? data.s : "",
				       data.len, a->note, &n, &err);
	if (!rc && a->format == CLI_FMT_JSON) {
		cli_field f[] = {CLI_F_TEXT("key", key), CLI_F_INT("n", n)};
		cli_json_object(stdout, f, CLI_NFIELDS(f));
		fputc('\n', stdout);
	} else if (!rc) {
		cli_say(stdout, "%s: evidence #%d added (%s)\n", key, n,
			evidence_is_url(what) ? what : basename(copy));
	}
	free(copy);
	util_buf_free(&data);
	store_close(st);
	model_config_free(settings);
	return rc ? cli_error(&err) : 0;
}

typedef struct ev_list_ctx {
	cli_rows rows;
} ev_list_ctx;

static size_t ev_fields(const evidence_entry *e, cli_field *f)
{
	const cli_field row[] = {
		CLI_F_INT("n", e->n),
		CLI_F_TEXT("kind", e->kind),
		CLI_F_TEXT("name", e->name),
		{.name = "size", .kind = CLI_INT, .num = e->size, .null = !e->sha256},
		CLI_F_TEXT("sha256", e->sha256),
		CLI_F_TEXT("note", e->note),
		CLI_F_TEXT("added_by", e->added_by),
		CLI_F_TIME("added_at", e->added_at),
		CLI_F_BOOL("removed", e->removed_at != NULL),
		CLI_F_TEXT("removed_by", e->removed_by),
		CLI_F_TIME("removed_at", e->removed_at),
		CLI_F_TEXT("removed_reason", e->removed_reason),
	};
	memcpy(f, row, sizeof row);
	return CLI_NFIELDS(row);
}
#define EV_FIELDS 12

static int ev_list_row(const evidence_entry *e, void *vctx)
{
	ev_list_ctx *c = vctx;
	cli_field f[EV_FIELDS];
	size_t n = ev_fields(e, f);
	if (c->rows.format != CLI_FMT_TABLE) {
		cli_rows_add(&c->rows, f, n);
		return 0;
	}
	char when[CLOCK_SHOW_LEN];
	clock_show(e->added_at, when);
	char size[32] = "";
	if (e->sha256)
		snprintf(size, sizeof size, "%lld bytes", e->size);
	cli_say(stdout, "#%-3d %s  %-12s %s%s%s\n", e->n, when, e->added_by, e->name,
		e->sha256 ? "  " : "", size);
	if (e->sha256)
		cli_say(stdout, "     sha256 %s\n", e->sha256);
	if (e->note)
		cli_say(stdout, "     note: %s\n", e->note);
	if (e->removed_at) {
		clock_show(e->removed_at, when);
		cli_say(stdout, "     removed %s by %s: %s\n", when, e->removed_by, e->removed_reason);
	}
	c->rows.n++;
	return 0;
}

static int ev_list(cli_ctx *ctx, int argc, char **argv, const ev_args *a)
{
	if (argc - optind != 2)
		return cli_usage_error("evidence", "list needs one KEY");
	const char *key = argv[optind + 1];
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	ev_list_ctx c = {.rows = {.fp = stdout, .format = a->format}};
	cli_field names[EV_FIELDS];
	ev_fields(&(evidence_entry){0}, names);
	cli_rows_begin(&c.rows, names, EV_FIELDS);
	int rc = evidence_list(st, key, ev_list_row, &c, &err);
	store_close(st);
	if (rc)
		return cli_error(&err);
	cli_rows_end(&c.rows);
	if (a->format == CLI_FMT_TABLE && !c.rows.n)
		cli_say(stdout, "%s has no evidence yet (evidence add %s FILE|URL)\n", key, key);
	return 0;
}

/* "N" as a whole number from 1, else a usage error. */
static int ev_number(const char *arg, int *n)
{
	long long v;
	if (cli_parse_int("evidence", "N", arg[0] == '#' ? arg + 1 : arg, 1, INT_MAX, &v))
		return EX_USAGE;
	*n = (int)v;
	return 0;
}

static int ev_get(cli_ctx *ctx, int argc, char **argv, const ev_args *a)
{
	int n;
	if (argc - optind != 3)
		return cli_usage_error("evidence", "get needs KEY and N");
	if (!a->output)
		return cli_usage_error("evidence", "get needs -o FILE ('-' for standard output)");
	if (ev_number(argv[optind + 2], &n))
		return EX_USAGE;
	const char *key = argv[optind + 1];
	ab_err err = {0};
	store *st;
	if (cli_open_store(ctx, false, &st, NULL, &err))
		return cli_error(&err);
	util_buf data = {0};
	int rc = evidence_get(st, key, n, &data, &err);
	store_close(st);
	if (!rc && !strcmp(a->output, "-")) {
		fwrite(data.s ? data.s : "", 1, data.len, stdout);
	} else if (!rc) {
		/* written as the user, beside the destination, then renamed (util_atomic) */
		util_atomic w;
		rc = util_atomic_begin_named(&w, a->output, 0666, "the evidence", &err);
		if (!rc) {
			fwrite(data.s ? data.s : "", 1, data.len, w.fp);
			rc = util_atomic_commit(&w, a->force, &err);
		}
	}
	util_buf_free(&data);
	return rc ? cli_error(&err) : 0;
}

static int ev_remove(cli_ctx *ctx, int argc, char **argv, const ev_args *a)
{
	int n;
	if (argc - optind != 3)
		return cli_usage_error("evidence", "remove needs KEY and N");
	if (!a->reason)
		return cli_usage_error("evidence", "remove needs --reason TEXT");
	if (ev_number(argv[optind + 2], &n))
		return EX_USAGE;
	const char *key = argv[optind + 1];
	ab_err err = {0};
	store *st;
	model_config *settings;
	if (cli_open_store(ctx, true, &st, &settings, &err))
		return cli_error(&err);
	action_actor who = {ctx->user, settings};
	int rc = evidence_remove(st, &who, key, n, a->reason, &err);
	if (!rc)
		cli_say(stdout, "%s: evidence #%d removed\n", key, n);
	store_close(st);
	model_config_free(settings);
	return rc ? cli_error(&err) : 0;
}

int cmd_evidence(cli_ctx *ctx, int argc, char **argv)
{
	ev_args a = {.format = CLI_FMT_TABLE};
	if (ev_options(argc, argv, &a, CLI_FMTS_DATA))
		return EX_USAGE;
	if (argc - optind < 1)
		return cli_usage_error(argv[0], "needs add, list, get or remove");
	const char *verb = argv[optind];
	bool add = !strcmp(verb, "add"), list = !strcmp(verb, "list");
	if ((a.note && !add) || (a.reason && strcmp(verb, "remove")) ||
	    ((a.output || a.force) && strcmp(verb, "get")))
		return cli_usage_error(argv[0], "%s takes no %s", verb,
				       a.note ? "--note" : a.reason ? "--reason" : "-o or --force");
	if (a.format == CLI_FMT_CSV && !list)
		return cli_usage_error(argv[0], "only list writes csv");
	if (a.format != CLI_FMT_TABLE && !add && !list)
		return cli_usage_error(argv[0], "%s takes no --format", verb);
	if (add)
		return ev_add(ctx, argc, argv, &a);
	if (list)
		return ev_list(ctx, argc, argv, &a);
	if (!strcmp(verb, "get"))
		return ev_get(ctx, argc, argv, &a);
	if (!strcmp(verb, "remove"))
		return ev_remove(ctx, argc, argv, &a);
	return cli_usage_error(argv[0], "unknown action '%s' (add, list, get or remove)", verb);
}
