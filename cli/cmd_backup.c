/* backup — a consistent copy of the database while others keep working. */
#include "cli.h"

const char cmd_backup_usage[] =
	"backup PATH [--force]\n"
	"\n"
	"Copies the whole database with SQLite's online backup API; other sessions keep\n"
	"reading and writing meanwhile.\n"
	"  -f, --force   replace PATH if it exists";

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
		cli_say(stdout, "backed up %s to %s\n", store_path(st), argv[optind]);
	store_close(st);
	return rc ? cli_error(&err) : 0;
}
