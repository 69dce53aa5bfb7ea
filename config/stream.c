/*
 * stream — the configuration read one plan at a time, so that sync never holds the whole
 * estate (config.h has the contract), and read ahead: while the caller writes plan i, a
 * second thread reads and checks the plans after it, at most CFG_AHEAD of them, so that
 * sync's time approaches the larger of reading and writing rather than their sum (with
 * one processor online there is no second thread). Split from config.c, which reads each
 * file.
 *
 * A plan read ahead is what the caller gets only if its file has not changed since: its
 * size, modification and change times, inode and device are taken before the read and
 * compared when the caller asks for it; any difference and it is read again, then. So
 * sync's fingerprint (taken before it asks) always describes the text it was given.
 */
#include "config.h"
#include "config_priv.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/text.h"

/* Plans read ahead of the one the caller holds: with it, at most three in memory. */
#define CFG_AHEAD 2

/* One plan read: in a model_config of its own that shares the stream's settings (a
 * shallow copy: only its plans are its own), with its file's state before the read, the
 * warnings its checks wrote and its error, if any. */
typedef struct cfg_ahead {
	size_t i;
	model_config *cfg;
	struct stat before;
	bool stat_ok;
	ab_err err;
	char *wbuf;
	size_t wlen;
} cfg_ahead;

struct config_stream {
	model_config *cfg; /* settings and establishments; no plans */
	cfg_paths plans;
	cfg_index ix;      /* owners and establishments, for every plan's checks */
	cfg_space sp;      /* where the caller's thread reads a plan not read ahead */
	cfg_ahead *held;   /* the plan handed out last */
	FILE *warn;        /* where config_close() puts the warnings */
	char *wbuf;        /* the warnings so far (wfp writes into it) */
	size_t wlen;
	FILE *wfp;
	/* The reader thread, started at the first plan asked for; what follows the mutex
	 * is shared with it and read or written under the mutex only. */
	pthread_t thread;
	bool started, single; /* single: no reader thread, every plan read when asked for */
	cfg_space ahead_sp; /* the reader thread's own */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	cfg_ahead *ready[CFG_AHEAD];
	size_t nready;
	size_t next;  /* the file the reader reads next */
	size_t want;  /* files below it are no longer wanted */
	bool busy;    /* the reader is reading file `reading` */
	size_t reading;
	bool stop;
};

static bool cfg_same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static void cfg_ahead_free(cfg_ahead *a)
{
	if (!a)
		return;
	model_config_clear_plans(a->cfg); /* the rest is the stream's */
	free(a->cfg);
	free(a->wbuf);
	free(a);
}

/* Reads and checks plan file i into a new cfg_ahead, with space sp; its error, if any, in
 * a->err. Only reads what the stream shares (settings, index, paths). */
static cfg_ahead *cfg_ahead_read(const config_stream *s, cfg_space *sp, size_t i)
{
	cfg_ahead *a = xcalloc(1, sizeof *a);
	a->i = i;
	a->cfg = xmalloc(sizeof *a->cfg);
	*a->cfg = *s->cfg;
	a->cfg->plans = NULL;
	a->cfg->nplans = 0;
	const char *path = s->plans.v[i];
	a->stat_ok = stat(path, &a->before) == 0;
	FILE *wfp = NULL;
	if (s->warn && !(wfp = open_memstream(&a->wbuf, &a->wlen)))
		xmalloc_fail(BUFSIZ); /* its one failure: no memory */
	ab_err *err = &a->err;
	if (!cfg_read_file(sp, a->cfg, &s->ix, path, cfg_plan_file, err) &&
	    !cfg_check_plan(a->cfg, &s->ix, &a->cfg->plans[0], NULL, wfp, err)) {
		/* One plan alone: the item a `repeats` names is sync's to find (lineage.h). */
		const model_plan *p = &a->cfg->plans[0];
		for (size_t k = 0; k < p->nitems; k++)
			if (cfg_check_judgements(&p->items[k], err) ||
			    (p->items[k].repeats && cfg_check_repeats_form(&p->items[k], err)))
				break;
	}
	if (wfp)
		fclose(wfp);
	return a;
}

/* The reader thread: reads the files from `next` on while fewer than CFG_AHEAD wait. */
static void *cfg_ahead_run(void *arg)
{
	config_stream *s = arg;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->stop && (s->nready >= CFG_AHEAD || s->next >= s->plans.n))
			pthread_cond_wait(&s->cv, &s->mu);
		if (s->stop)
			break;
		s->reading = s->next++;
		s->busy = true;
		pthread_mutex_unlock(&s->mu);
		cfg_ahead *a = cfg_ahead_read(s, &s->ahead_sp, s->reading);
		pthread_mutex_lock(&s->mu);
		s->busy = false;
		if (a->i < s->want || s->nready >= CFG_AHEAD)
			cfg_ahead_free(a); /* the caller went past it */
		else
			s->ready[s->nready++] = a;
		pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

int config_open(const char *path, FILE *warn, config_stream **out, ab_err *err)
{
	*out = NULL;
	config_stream *s = xcalloc(1, sizeof *s);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	if (config_read(path, CFG_STREAM, warn, &s->cfg, &s->plans, &s->ix, err)) {
		config_close(s, false);
		return err->code;
	}
	s->warn = warn;
	if (warn && !(s->wfp = open_memstream(&s->wbuf, &s->wlen)))
		xmalloc_fail(BUFSIZ); /* its one failure: no memory */
	*out = s;
	return 0;
}

const model_config *config_stream_config(const config_stream *s)
{
	return s->cfg;
}

size_t config_stream_nplans(const config_stream *s)
{
	return s->plans.n;
}

const char *config_stream_path(const config_stream *s, size_t i)
{
	return i < s->plans.n ? s->plans.v[i] : NULL;
}

/* Plan i as the reader thread read it, if it did and it is still wanted; NULL when the
 * caller must read it. Waits while the reader is reading it. Under the mutex. */
static cfg_ahead *cfg_ahead_take(config_stream *s, size_t i)
{
	for (;;) {
		cfg_ahead *found = NULL;
		size_t kept = 0;
		for (size_t k = 0; k < s->nready; k++) {
			if (s->ready[k]->i == i && !found)
				found = s->ready[k];
			else if (s->ready[k]->i > i)
				s->ready[kept++] = s->ready[k];
			else /* skipped by the caller, or read twice */
				cfg_ahead_free(s->ready[k]);
		}
		s->nready = kept;
		if (found || !s->busy || s->reading != i)
			return found;
		pthread_cond_wait(&s->cv, &s->mu);
	}
}

/* Plan i, read ahead or now, and the reader sent on to the files after it. */
static cfg_ahead *cfg_ahead_get(config_stream *s, size_t i)
{
	cfg_ahead *a = NULL;
	/* None read ahead yet: from here on, if a second processor can (on one, a second
	 * thread would only take turns with the writer). */
	if (!s->started && !s->single && sysconf(_SC_NPROCESSORS_ONLN) > 1) {
		s->next = i;
		s->started = pthread_create(&s->thread, NULL, cfg_ahead_run, s) == 0;
	}
	s->single = !s->started;
	if (s->started) {
		pthread_mutex_lock(&s->mu);
		a = cfg_ahead_take(s, i);
		s->want = i + 1;
		if (!a) { /* not read ahead: the reader goes on after i, past what it had */
			for (size_t k = 0; k < s->nready; k++)
				cfg_ahead_free(s->ready[k]);
			s->nready = 0;
			s->next = i + 1;
		}
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
	}
	/* A FIFO or a device cannot be read twice (what the reader took is gone), nor can it
	 * be out of date: what was read ahead is what it gave. */
	struct stat now;
	bool once = a && a->stat_ok && !S_ISREG(a->before.st_mode);
	if (a && !once &&
	    !(a->stat_ok && stat(s->plans.v[i], &now) == 0 && cfg_same_file(&a->before, &now))) {
		cfg_ahead_free(a); /* the file changed after it was read ahead */
		a = NULL;
	}
	return a ? a : cfg_ahead_read(s, &s->sp, i);
}

int config_stream_plan(config_stream *s, size_t i, const model_plan **out, ab_err *err)
{
	*out = NULL;
	cfg_ahead_free(s->held);
	s->held = NULL;
	if (i >= s->plans.n)
		return err_set(err, EX_SOFTWARE, "no plan file %zu", i);
	cfg_ahead *a = s->held = cfg_ahead_get(s, i);
	if (s->wfp && a->wlen)
		fwrite(a->wbuf, 1, a->wlen, s->wfp);
	if (a->err.code) {
		*err = a->err;
		return err->code;
	}
	*out = &a->cfg->plans[0];
	return 0;
}

void config_stream_settle(config_stream *s)
{
	if (!s->started)
		return;
	pthread_mutex_lock(&s->mu);
	while (s->busy || (s->nready < CFG_AHEAD && s->next < s->plans.n))
		pthread_cond_wait(&s->cv, &s->mu);
	pthread_mutex_unlock(&s->mu);
}

void config_close(config_stream *s, bool warnings)
{
	if (!s)
		return;
	if (s->started) {
		pthread_mutex_lock(&s->mu);
		s->stop = true;
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->thread, NULL);
	}
	for (size_t k = 0; k < s->nready; k++)
		cfg_ahead_free(s->ready[k]);
	cfg_ahead_free(s->held);
	if (s->wfp) {
		fclose(s->wfp);
		if (warnings && s->wlen) /* warnings quote the YAML: shown, never obeyed (text.h) */
			text_put(s->warn, s->wbuf, TEXT_MULTILINE);
		free(s->wbuf);
	}
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	cfg_paths_free(&s->plans);
	cfg_index_free(&s->ix);
	cfg_space_free(&s->sp);
	cfg_space_free(&s->ahead_sp);
	model_config_free(s->cfg);
	free(s);
}
