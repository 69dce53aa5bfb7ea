/*
 * find — where the settings file is: --config, $ACTIONBOARD_CONFIG,
 * $XDG_CONFIG_HOME/actionboard/actionboard.yaml, then the bundled default (config.h has
 * the contract). Split from config.c, which reads the files.
 */
#include "config.h"
#include "config_priv.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <search.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "../core/date.h"
#include "../core/judge.h"
#include "../core/text.h"

/* ---- finding the settings ------------------------------------------------------- */

static bool cfg_exists(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The bundled default settings file (build tree or installed copy); static string. */
static const char *config_default_path(void)
{
	/* The build tree's copy while running from the build tree, else the installed one. */
	static char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		size_t blen = strlen(AB_BUILD_ROOT);
		if (!strncmp(exe, AB_BUILD_ROOT, blen) && exe[blen] == '/' &&
		    cfg_exists(AB_SOURCE_DEFAULT "/actionboard.yaml"))
			return AB_SOURCE_DEFAULT "/actionboard.yaml";
	}
	if (cfg_exists(AB_INSTALL_DEFAULT "/actionboard.yaml"))
		return AB_INSTALL_DEFAULT "/actionboard.yaml";
	return AB_SOURCE_DEFAULT "/actionboard.yaml";
}

char *config_find(const char *opt, ab_err *err)
{
	const char *env = getenv("ACTIONBOARD_CONFIG");
	const char *src = NULL, *p = NULL;
	if (opt && *opt) {
		p = opt;
		src = "--config";
	} else if (env && *env) {
		p = env;
		src = "ACTIONBOARD_CONFIG";
	}
	if (p) {
		if (!cfg_exists(p)) {
			err_set_at(err, EX_NOINPUT, p, 0, 0, "no such settings file (from %s)", src);
			return NULL;
		}
		return xstrdup(p);
	}
	char buf[PATH_MAX];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(buf, sizeof buf, "%s/actionboard/actionboard.yaml", xdg);
	else if (home && *home)
		snprintf(buf, sizeof buf, "%s/.config/actionboard/actionboard.yaml", home);
	else
		buf[0] = 0;
	if (buf[0] && cfg_exists(buf))
		return xstrdup(buf);
	return xstrdup(config_default_path());
}

