/* backup and restore — a consistent copy of the database while others keep working, and
 * the way back from one. */
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/auth.h"
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

const char cmd_restore_usage[] =
	"restore BACKUP [--keep PATH]\n"
	"\n"
	"Puts a copy that `backup` wrote back into the live database, while others have it\n"
	"open: their screens reload. Admins only (and root). BACKUP must be an actionboard\n"
	"database this version can read (older ones are upgraded) that passes SQLite's\n"
	"integrity_check; the current contents are first kept as a backup. Never copy\n"
	"database files by hand: that is refused or loses changes (actionboard(1), RESTORING).\n"
	"  -k, --keep PATH   where to keep the current contents, a file that does not exist\n"
	"                    yet (default: beside BACKUP, named after the database and the\n"
	"                    time, with -2, -3 ... when that name is taken)";

/* store_check_fn: an admin (auth.h), or root, who owns the file anyway. */
static int cmd_restore_may(store *st, void *ctx, ab_err *err)
{
	const cli_ctx *c = ((void **)ctx)[0];
	const model_config *cfg = ((void **)ctx)[1];
	if (getuid() == 0)
		return 0;
	return auth_check_admin(st, c->user, cfg, "restore the database", err);
}

/* "DIR/NAME-before-restore-20261123T101500Z.db", the n-th (from 1) with "-n" before
 * ".db": DIR is BACKUP's, NAME the database's, `when` the time. */
static void cmd_restore_keep(const char *backup, const char *db, const char *when, int n,
			     char *out, size_t size)
{
	const char *slash = strrchr(backup, '/');
	const char *base = strrchr(db, '/');
	base = base ? base + 1 : db;
	int dir = slash ? (int)(slash - backup + 1) : 0;
	char nth[16] = "";
	if (n > 1)
		snprintf(nth, sizeof nth, "-%d", n);
	snprintf(out, size, "%.*s%.*s-before-restore-%s%s.db", dir, backup,
		 (int)(strcspn(base, ".")), base, when, nth);
}

int cmd_restore(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"keep", required_argument, NULL, 'k'}, {0}};
	const char *keep = NULL;
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "k:", opts)) != -1) {
		if (c == -2)
			return EX_USAGE;
		keep = optarg;
	}
	if (argc - optind != 1)
		return cli_usage_error(argv[0], "needs one BACKUP");
	const char *backup = argv[optind];
	ab_err err = {0};
	store *st;
	model_config *cfg = NULL;
	if (cli_open_store(ctx, true, &st, &cfg, &err))
		return cli_error(&err);
	char kept[4096], when[32];
	time_t now = time(NULL);
	strftime(when, sizeof when, "%Y%m%dT%H%M%SZ", gmtime(&now));
	void *may[2] = {ctx, cfg};
	int rc;
	/* The default name never collides: one that exists (a restore in the same second)
	 * is refused before anything changes (store_restore), and the next one is tried. */
	for (int n = 1;; n++) {
		if (keep)
			snprintf(kept, sizeof kept, "%s", keep);
		else
			cmd_restore_keep(backup, store_path(st), when, n, kept, sizeof kept);
		struct stat sb;
		rc = store_restore(st, backup, kept, cmd_restore_may, may, &err);
		if (keep || rc != EX_CANTCREAT || lstat(kept, &sb) != 0 || n == 1000)
			break;
		err = (ab_err){0};
	}
	if (!rc)
		cli_say(stdout, "restored %s from %s; what it held before is in %s\n", store_path(st),
			backup, kept);
	store_close(st);
	model_config_free(cfg);
	return rc ? cli_error(&err) : 0;
}
