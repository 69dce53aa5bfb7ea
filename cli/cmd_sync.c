/* sync and check — the two commands that read the whole YAML configuration: sync writes it
 * into the database, check only validates it. */
#include <string.h>
#include <unistd.h>

#include "../core/counts.h"
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
	"check [--deep]\n\nReads the settings and every file they name and reports the first error as\n"
	"FILE:LINE:COL; exits 0 when all is well, 78 otherwise.\n"
	"      --deep   also check the database: SQLite's integrity_check, and every plan's\n"
	"               kept figures recounted from its actions and items; each drift is\n"
	"               printed and the exit status is 65";

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
	bool created = store_created(st);
	store_close(st);
	if (rc && created) /* a plan did not read well: leave no empty database behind */
		unlink(path);
	config_close(cs, rc == 0);
	return rc ? cli_error(&err) : 0;
}

/* check reads the whole configuration at once, as config_load() checks it: what a plan's
 * `repeats` names is checked across every plan (sync, which reads one plan at a time,
 * finds it in the database). */
static int check_drift(const char *est, const char *cycle, const char *what, const char *kept,
		       const char *recounted, void *ctx)
{
	cli_say(stdout, "%s: drift in %s/%s %s: kept %s, recounted %s\n", (const char *)ctx, est,
		cycle, what, kept, recounted);
	return 0;
}

/* check --deep: the database the settings name, read only. */
static int check_deep(cli_ctx *ctx, const model_config *cfg, ab_err *err)
{
	char path[4096], ok[256];
	store *st = NULL;
	if (cli_db_path(ctx, cfg, path, sizeof path, err))
		return err->code;
	if (!privilege_exists(path))
		return err_set_at(err, EX_NOINPUT, path, 0, 0, "no database (run sync first)");
	if (privilege_store_open(path, 0, &st, err))
		return err->code;
	store_integrity(st, ok, sizeof ok);
	size_t drifts = 0;
	int rc = strcmp(ok, "ok") ? err_set_at(err, EX_DATAERR, path, 0, 0, "integrity_check: %s", ok)
				  : counts_drift(st, check_drift, path, &drifts, err);
	store_close(st);
	if (rc)
		return rc;
	if (drifts)
		return err_set_at(err, EX_DATAERR, path, 0, 0,
				  "%zu kept figures differ from a recount", drifts);
	cli_say(stdout, "%s: ok (integrity_check, every plan's figures recounted)\n", path);
	return 0;
}

int cmd_check(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"deep", no_argument, NULL, 'D'}, {0}};
	optind = 0; /* 0: GNU getopt starts afresh */
	int c;
	bool deep = false;
	while ((c = cli_getopt(argc, argv, "", opts)) != -1) {
		if (c == -2)
			return EX_USAGE;
		deep = true;
	}
	if (cli_no_operands(argc, argv))
		return EX_USAGE;
	ab_err err = {0};
	model_config *cfg = NULL;
	if (cli_load_config(ctx, false, &cfg, &err))
		return cli_error(&err);
	size_t items = 0, actions = 0;
	for (size_t i = 0; i < cfg->nplans; i++) {
		items += cfg->plans[i].nitems;
		for (size_t j = 0; j < cfg->plans[i].nitems; j++)
			actions += cfg->plans[i].items[j].nactions;
	}
	cli_say(stdout, "%s: ok (%zu establishments, %zu plans, %zu items, %zu actions, %zu owners)\n",
		cfg->path, cfg->nestablishments, cfg->nplans, items, actions, cfg->nowners);
	int rc = deep ? check_deep(ctx, cfg, &err) : 0;
	model_config_free(cfg);
	return rc ? cli_error(&err) : 0;
}
