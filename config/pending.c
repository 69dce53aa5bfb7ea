/*
 * pending — the settings file read on a second thread (config.h has the contract), so
 * that the dashboard reads the database's first screen meanwhile: at 1M actions the
 * settings (12,897 owners) took half of the instructions to the first frame (bench/
 * README.md, issue 22). Nothing is shared with the thread while it runs: it writes only
 * the result fields below, which the caller reads after pthread_join.
 */
#include "config.h"

#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/util.h"

struct config_pending {
	char *path;
	char *database; /* what the settings were peeked to name (peek.c), or NULL */
	pthread_t thread;
	bool started;
	/* The result: written by the thread, read by the caller after the join. */
	model_config *cfg;
	ab_err err;
	int rc;
};

int config_load_settings_named(const char *path, const char *database, model_config **out,
			       ab_err *err)
{
	int rc = config_load_settings(path, out, err);
	if (rc || !database || ((*out)->database && !strcmp((*out)->database, database)))
		return rc;
	rc = err_set_at(err, EX_CONFIG, (*out)->path, 0, 0,
			"names the database %s, not %s as its first lines read when the dashboard "
			"opened it; if the file was being changed, start again, else write its "
			"database key as one plain line near the top",
			(*out)->database ? (*out)->database : "of your home directory", database);
	model_config_free(*out);
	*out = NULL;
	return rc;
}

static void pending_read(config_pending *p)
{
	p->rc = config_load_settings_named(p->path, p->database, &p->cfg, &p->err);
}

/* The thread reads in the "C" locale of its own, which is what the settings are read
 * in on the caller's thread before the dashboard sets the user's (tui.c): the same
 * messages (strerror's), and no race with that setlocale(). */
static void *pending_run(void *arg)
{
	config_pending *p = arg;
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	locale_t old = c ? uselocale(c) : (locale_t)0;
	pending_read(p);
	if (c) {
		uselocale(old);
		freelocale(c);
	}
	return NULL;
}

config_pending *config_settings_start(const char *path, const char *database)
{
	config_pending *p = xcalloc(1, sizeof *p);
	p->path = xstrdup(path);
	p->database = database ? xstrdup(database) : NULL;
	/* With one processor a second thread would only take turns with the caller's. */
	if (sysconf(_SC_NPROCESSORS_ONLN) > 1)
		p->started = pthread_create(&p->thread, NULL, pending_run, p) == 0;
	if (!p->started)
		pending_read(p);
	return p;
}

int config_settings_wait(config_pending *p, model_config **out, ab_err *err)
{
	if (p->started)
		pthread_join(p->thread, NULL);
	int rc = p->rc;
	if (rc)
		*err = p->err;
	*out = p->cfg;
	free(p->path);
	free(p->database);
	free(p);
	return rc;
}
