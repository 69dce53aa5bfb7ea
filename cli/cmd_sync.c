/* sync and check — the two commands that read the whole YAML configuration: sync writes it
 * into the database, check only validates it. */
#include "../core/sync.h"
#include "cli.h"
#include "privilege.h"

const char cmd_sync_usage[] =
	"sync [--quiet]\n"
	"\n"
	"Loads every establishment and plan file the settings name, in one transaction.\n"
	"Running it twice changes nothing; actions that left the YAML are retired, never\n"
	"deleted; status, notes and history are never touched.\n"
	"  -q, --quiet   print nothing on success";
const char cmd_check_usage[] =
	"check\n\nReads the settings and every file they name and reports the first error as\n"
	"FILE:LINE:COL; exits 0 when all is well, 78 otherwise.";

int cmd_sync(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"quiet", no_argument, NULL, 'q'}, {0}};
	bool quiet = false;
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "q", opts)) != -1) {
		if (c == -2)
			return EX_USAGE;
		quiet = true;
	}
	if (cli_no_operands(argc, argv))
		return EX_USAGE;
	ab_err err = {0};
	model_config *cfg = NULL;
	store *st = NULL;
	char path[4096];
	if (cli_load_config(ctx, false, &cfg, &err) || cli_db_path(ctx, cfg, path, sizeof path, &err) ||
	    privilege_store_open(path, STORE_CREATE, &st, &err)) {
		model_config_free(cfg);
		return cli_error(&err);
	}
	sync_stats s;
	int rc = sync_apply(st, cfg, ctx->user, &s, quiet ? NULL : cli_sync_progress, NULL, &err);
	if (!rc && !quiet)
		cli_say(stdout, "synced %s into %s: %d changes (%d added, %d updated, %d retired, %d restored)\n",
		       cfg->path, path, sync_changes(&s), s.added, s.updated, s.retired, s.restored);
	store_close(st);
	model_config_free(cfg);
	return rc ? cli_error(&err) : 0;
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
	model_config_free(cfg);
	return 0;
}
