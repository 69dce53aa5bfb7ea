#include "privilege.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../config/config.h"

extern char **environ;

static bool privilege_on;
static gid_t privilege_gid; /* the group the binary is setgid to */

/* Sets the effective gid, or stops the process: going on with the wrong identity (the
 * group where the user's should be) is the one thing this module must never do. */
static void privilege_setegid(gid_t gid)
{
	if (setegid(gid) != 0 || getegid() != gid) {
		fprintf(stderr, "actionboard: cannot set the effective group to %ld: %s\n", (long)gid,
			strerror(errno));
		abort();
	}
}

/*
 * A process started with fd 0, 1 or 2 closed would give that number to the next file it
 * opens, and then error messages would be written into it. SQLite and glibc guard
 * against this already; opening /dev/null on a closed one costs nothing.
 */
static int privilege_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		int n = open("/dev/null", O_RDWR);
		if (n != fd)
			return EX_OSERR;
	}
	return 0;
}

/* Variables that name files or directories for libraries to read; see docs/SECURITY.md
 * for those the C library already removes in a setgid process. */
static const char *const privilege_scrubbed[] = {
	"TERMINFO", "TERMINFO_DIRS", "TERMCAP", "TERMPATH", /* ncurses (ignores them too) */
	"SQLITE_TMPDIR",                                      /* SQLite's temporary files */
	"XDG_CONFIG_HOME", "XDG_DATA_HOME",                   /* not ours to follow here */
	NULL,
};

/* Whether `var` (NAME=VALUE) names a locale by a path: LANG, LANGUAGE and LC_* with a '/'.
 * glibc already ignores these in a setgid process (it removes LOCPATH and loads no locale
 * from a path there); they are removed too, so that no locale file of the user's is read. */
static bool privilege_locale_path(const char *var)
{
	const char *eq = strchr(var, '=');
	return eq && strchr(eq, '/') &&
	       (!strncmp(var, "LC_", 3) || !strncmp(var, "LANG=", 5) || !strncmp(var, "LANGUAGE=", 9));
}

static void privilege_scrub_env(void)
{
	for (const char *const *v = privilege_scrubbed; *v; v++)
		unsetenv(*v);
	/* unsetenv() reshapes environ: start again after each removal. */
	for (char **e = environ; *e;) {
		if (!privilege_locale_path(*e)) {
			e++;
			continue;
		}
		char *name = xstrndup(*e, (size_t)(strchr(*e, '=') - *e));
		if (unsetenv(name) != 0) {
			free(name);
			**e = '\0'; /* cannot remove it: at least make it name nothing */
			e++;
			continue;
		}
		free(name);
		e = environ;
	}
}

/* The only ACTIONBOARD_ variable taken: it changes what "overdue" means on screen. */
static const char privilege_allowed_var[] = "ACTIONBOARD_TODAY";

static int privilege_refuse(const char *what)
{
	cli_say(stderr,
		"actionboard: %s is not taken on this shared server (actionboard is installed "
		"setgid, and its settings are %s); see docs/SECURITY.md\n",
		what, AB_SYSTEM_CONFIG);
	return EX_NOPERM;
}

static int privilege_check_env(void)
{
	for (char **e = environ; *e; e++) {
		const char *eq = strchr(*e, '=');
		size_t n = eq ? (size_t)(eq - *e) : strlen(*e);
		if (strncmp(*e, "ACTIONBOARD_", 12) || !eq || !eq[1])
			continue; /* not ours, or empty: an empty value names nothing */
		if (n == sizeof privilege_allowed_var - 1 && !strncmp(*e, privilege_allowed_var, n))
			continue;
		char name[128];
		snprintf(name, sizeof name, "the variable %.*s", (int)(n < 64 ? n : 64), *e);
		return privilege_refuse(name);
	}
	return 0;
}

int privilege_init(void)
{
	if (geteuid() != getuid()) {
		fprintf(stderr, "actionboard: installed setuid: refusing to run; install it setgid to "
				"its group instead (see docs/SECURITY.md)\n");
		return EX_NOPERM;
	}
	if (getegid() == getgid())
		return 0;
	privilege_on = true;
	privilege_gid = getegid();
	/* The user, from here on; the group comes back only to reach the database. */
	privilege_setegid(getgid());
	if (privilege_std_fds())
		return EX_OSERR;
	privilege_scrub_env();
	return privilege_check_env();
}

/* ---- the system settings ----------------------------------------------------------- */

static int privilege_untrusted(const char *path, const struct stat *sb, const char *why)
{
	cli_say(stderr,
		"actionboard: %s: %s (owner uid %ld, mode %04o); the shared server's settings, its "
		"database's directory and every directory above them must be root's and writable "
		"by root only\n",
		path, why, (long)sb->st_uid, (unsigned)(sb->st_mode & 07777));
	return EX_CONFIG;
}

/* Every directory above `real` (a resolved path, cut in place): root's, and nobody else
 * may change them (a sticky directory such as /tmp may be world-writable: others cannot
 * rename root's entries in it). */
static int privilege_check_above(char *real)
{
	struct stat sb;
	for (char *slash = strrchr(real, '/'); slash; slash = strrchr(real, '/')) {
		*slash = '\0';
		const char *dir = real[0] ? real : "/";
		if (stat(dir, &sb) != 0) {
			cli_say(stderr, "actionboard: %s: %s\n", dir, strerror(errno));
			return EX_CONFIG;
		}
		if (sb.st_uid != 0 ||
		    ((sb.st_mode & (S_IWGRP | S_IWOTH)) && !(sb.st_mode & S_ISVTX)))
			return privilege_untrusted(dir, &sb, "directory not root's alone");
		if (!real[0])
			break;
	}
	return 0;
}

/*
 * The database's directory: root's, of the server's group, nothing for others (2770, as
 * install-server makes it), and every directory above it root's alone. Else a database
 * named in a directory a user may write would let that user put one there in which they
 * are admin, or swap the file under everyone.
 */
static int privilege_check_db_dir(const char *db)
{
	char copy[PATH_MAX], real[PATH_MAX];
	struct stat sb;
	snprintf(copy, sizeof copy, "%s", db);
	char *slash = strrchr(copy, '/');
	if (!slash) {
		cli_say(stderr, "actionboard: %s: the shared server's database must be named by an "
			"absolute path in %s\n", db, AB_SYSTEM_CONFIG);
		return EX_CONFIG;
	}
	*slash = '\0';
	const char *dir = copy[0] ? copy : "/";
	if (!realpath(dir, real) || stat(real, &sb) != 0) {
		cli_say(stderr, "actionboard: %s: the shared server's database directory: %s\n", dir,
			strerror(errno));
		return EX_CONFIG;
	}
	if (!S_ISDIR(sb.st_mode) || sb.st_uid != 0 || sb.st_gid != privilege_gid ||
	    (sb.st_mode & S_IRWXO)) {
		cli_say(stderr,
			"actionboard: %s: the database's directory must be root's and the server "
			"group's alone (mode 2770, as install-server makes it), not owner uid %ld, "
			"group gid %ld, mode %04o\n",
			real, (long)sb.st_uid, (long)sb.st_gid, (unsigned)(sb.st_mode & 07777));
		return EX_CONFIG;
	}
	return privilege_check_above(real);
}

/* The settings file and every directory above it: root's, and nobody else may change
 * them (privilege_check_above). */
static int privilege_check_path(const char *path)
{
	char real[PATH_MAX];
	struct stat sb;
	if (!realpath(path, real) || stat(real, &sb) != 0) {
		cli_say(stderr, "actionboard: %s: cannot read the shared server's settings: %s\n", path,
			strerror(errno));
		return EX_CONFIG;
	}
	if (!S_ISREG(sb.st_mode))
		return privilege_untrusted(real, &sb, "not a regular file");
	if (sb.st_uid != 0 || (sb.st_mode & (S_IWGRP | S_IWOTH)))
		return privilege_untrusted(real, &sb, "not root's alone");
	return privilege_check_above(real);
}

int privilege_apply(cli_ctx *ctx)
{
	if (!privilege_on)
		return 0;
	if (ctx->config_opt)
		return privilege_refuse("--config");
	if (ctx->db_opt)
		return privilege_refuse("--db");
	int rc = privilege_check_path(AB_SYSTEM_CONFIG);
	if (rc)
		return rc;
	model_config *cfg = NULL;
	ab_err err = {0};
	if (config_load_settings(AB_SYSTEM_CONFIG, &cfg, &err))
		return cli_error(&err);
	/* Without these the database would be found from the user's environment, or every
	 * local user could write: neither is a shared server. */
	if (!cfg->database || !cfg->has_users)
		rc = err_set_at(&err, EX_CONFIG, AB_SYSTEM_CONFIG, 0, 0,
				"the shared server's settings must have %s (see docs/SECURITY.md)",
				!cfg->database ? "a database key" : "a users section");
	static char db[PATH_MAX];
	if (!rc && (size_t)snprintf(db, sizeof db, "%s", cfg->database) >= sizeof db)
		rc = err_set_at(&err, EX_CONFIG, AB_SYSTEM_CONFIG, 0, 0, "the database path is too long");
	if (!rc)
		rc = privilege_check_db_dir(db); /* prints its own refusal */
	else
		rc = cli_error(&err);
	if (rc) {
		model_config_free(cfg);
		return rc;
	}
	ctx->config_opt = AB_SYSTEM_CONFIG;
	ctx->db_opt = db;
	ctx->settings = cfg; /* the command takes them rather than read the file again */
	return 0;
}

/* ---- the database ------------------------------------------------------------------ */

bool privilege_exists(const char *path)
{
	struct stat sb;
	if (privilege_on)
		privilege_setegid(privilege_gid);
	bool found = stat(path, &sb) == 0;
	if (privilege_on)
		privilege_setegid(getgid());
	return found;
}

/* Gives the group up for good: real, effective and saved gid all the user's. */
static void privilege_drop(void)
{
	gid_t g = getgid();
	if (setresgid(g, g, g) != 0 || getegid() != g) {
		fprintf(stderr, "actionboard: cannot give up the group: %s\n", strerror(errno));
		abort();
	}
	privilege_on = false;
}

int privilege_store_open(const char *path, int flags, store **out, ab_err *err)
{
	if (!privilege_on)
		return store_open(path, flags, out, err);
	privilege_setegid(privilege_gid);
	int rc = store_open(path, flags, out, err);
	/* Once open, SQLite works through the descriptors it holds (the database, -wal and
	 * -shm), so the group is given up for good: nothing after this point, however it
	 * went wrong, can take it back. The process stays non-dumpable (the kernel made it
	 * so at exec), so the user cannot reach those descriptors either. */
	if (rc)
		privilege_setegid(getgid());
	else
		privilege_drop();
	return rc;
}
