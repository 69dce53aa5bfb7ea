/* sync and check — the two commands that read the whole YAML configuration: sync writes it
 * into the database, check only validates it. */
#include "../core/sync.h"
#include "../core/util.h"
#include "cli.h"
#include "privilege.h"

const char cmd_sync_usage[] =
	"sync [--quiet] [--full]\n"
	"\n"
	"Loads every establishment and plan file the settings name, in one transaction,\n"
	"reading one plan at a time. Running it twice changes nothing; actions that left the\n"
	"YAML are retired, never deleted; status, notes and history are never touched.\n"
	"A plan file unchanged since the last sync (same size and times, or same content, and\n"
	"the same owner names in the settings) is not read again, nor warned about again.\n"
	"  -q, --quiet   print nothing on success\n"
	"      --full    read every plan file, changed or not";
const char cmd_check_usage[] =
	"check\n\nReads the settings and every file they name and reports the first error as\n"
	"FILE:LINE:COL; exits 0 when all is well, 78 otherwise.";

int cmd_sync(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"quiet", no_argument, NULL, 'q'},
					     {"full", no_argument, NULL, 'F'}, {0}};
	bool quiet = false;
	int c, flags = 0;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "q", opts)) != -1) {
		if (c == -2)
			return EX_USAGE;
		if (c == 'F')
			flags |= SYNC_FULL;
		else
			quiet = true;
	}
	if (cli_no_operands(argc, argv))
		return EX_USAGE;
	ab_err err = {0};
	config_stream *cs = NULL;
	store *st = NULL;
	char path[4096];
	if (cli_open_stream(ctx, &cs, &err) ||
	    cli_db_path(ctx, config_stream_config(cs), path, sizeof path, &err) ||
	    privilege_store_open(path, STORE_CREATE, &st, &err)) {
		config_close(cs, false);
		return cli_error(&err);
	}
	sync_stats s;
	int rc = cli_sync(ctx, st, cs, flags, !quiet, &s, &err);
	const model_config *cfg = config_stream_config(cs);
	if (!rc && !quiet)
		cli_say(stdout, "synced %s into %s: %d changes (%d added, %d updated, %d retired, %d restored)"
		       "; %d of %zu plan files unchanged\n",
		       cfg->path, path, sync_changes(&s), s.added, s.updated, s.retired, s.restored,
		       s.skipped, config_stream_nplans(cs));
	store_close(st);
	config_close(cs, rc == 0);
	return rc ? cli_error(&err) : 0;
}

/* check's own record of the cycles seen, to find one defined twice (sync does the same
 * across the files it skips). */
typedef struct check_seen {
	util_map cycles; /* "EST\x1fCYCLE" -> index into places */
	util_buf places; /* one "FILE:LINE" string after another, NUL-separated */
	util_buf starts; /* size_t offsets into places */
} check_seen;

static int check_cycle(check_seen *c, const model_plan *p, ab_err *err)
{
	char key[300];
	long long first;
	snprintf(key, sizeof key, "%s\x1f%s", p->establishment, p->cycle);
	if (util_map_get(&c->cycles, key, &first)) {
		const size_t *at = (const size_t *)(void *)c->starts.s;
		return err_set_at(err, EX_CONFIG, p->pos.file, p->pos.line, p->pos.col,
				  "cycle '%s' of %s is already defined in %s", p->cycle, p->establishment,
				  c->places.s + at[first]);
	}
	size_t at = c->places.len, n = c->starts.len / sizeof at;
	util_buf_printf(&c->places, "%s:%d", p->pos.file, p->pos.line);
	util_buf_add(&c->places, "", 1);
	util_buf_add(&c->starts, (const char *)&at, sizeof at);
	if (c->places.oom || c->starts.oom || util_map_put(&c->cycles, key, (long long)n))
		return err_set(err, EX_OSERR, "out of memory");
	return 0;
}

int cmd_check(cli_ctx *ctx, int argc, char **argv)
{
	optind = 0; /* 0: GNU getopt starts afresh */
	int c;
	while ((c = cli_getopt(argc, argv, "", (const struct option[]){{0}})) != -1)
		if (c == -2)
			return EX_USAGE;
	if (cli_no_operands(argc, argv))
		return EX_USAGE;
	ab_err err = {0};
	config_stream *cs;
	if (cli_open_stream(ctx, &cs, &err))
		return cli_error(&err);
	/* One plan at a time, as sync reads them: memory holds one plan. */
	size_t items = 0, actions = 0, nplans = config_stream_nplans(cs);
	check_seen seen = {0};
	int rc = 0;
	for (size_t i = 0; i < nplans && !rc; i++) {
		const model_plan *p;
		if (!(rc = config_stream_plan(cs, i, &p, &err)) && !(rc = check_cycle(&seen, p, &err))) {
			items += p->nitems;
			for (size_t j = 0; j < p->nitems; j++)
				actions += p->items[j].nactions;
		}
	}
	const model_config *cfg = config_stream_config(cs);
	char done[4200];
	snprintf(done, sizeof done, "%s: ok (%zu establishments, %zu plans, %zu items, %zu actions, "
		 "%zu owners)", cfg->path, cfg->nestablishments, nplans, items, actions, cfg->nowners);
	config_close(cs, rc == 0); /* the warnings first, as before */
	if (!rc)
		cli_say(stdout, "%s\n", done);
	util_map_free(&seen.cycles);
	util_buf_free(&seen.places);
	util_buf_free(&seen.starts);
	return rc ? cli_error(&err) : 0;
}
