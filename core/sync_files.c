/* sync_files — plan files read one at a time, skipped when their fingerprint is
 * unchanged, and the `repeats` they name linked at the end (sync_priv.h). */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "judge.h"
#include "verify.h"
#include "lineage.h"
#include "sync_priv.h"

/* ---- plan files and their fingerprints ------------------------------------------------- */

/* A file as stat and the hash see it, and as source_file stored it. */
typedef struct sync_print {
	long long size, mtime, ctime;
	char hash[33]; /* "" until hashed */
} sync_print;

typedef struct sync_stored {
	sync_print p;
	char context[33], est[128], cycle[128];
	int line, col;
} sync_stored;

/* The loader's limit on one file (the format's manual page): a file beyond it, or one
 * that is not a regular file (a FIFO), is never fingerprinted nor hashed, only handed to
 * the loader, which reads it under its limits and refuses it. */
#define SYNC_FILE_MAX (8LL << 20)

static int sync_stat(const char *path, sync_print *p)
{
	struct stat sb;
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > SYNC_FILE_MAX)
		return -1;
	*p = (sync_print){.size = (long long)sb.st_size,
			  .mtime = (long long)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec,
			  .ctime = (long long)sb.st_ctim.tv_sec * 1000000000 + sb.st_ctim.tv_nsec};
	return 0;
}

/* The content hash of the file into p->hash; -1 when it cannot be read (the loader will
 * say why when it tries). */
static int sync_hash(const char *path, sync_print *p)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	util_hash h;
	util_hash_init(&h);
	char buf[65536];
	ssize_t n;
	long long total = 0;
	while ((n = read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0) {
			util_hash_add(&h, buf, (size_t)n);
			if ((total += n) > SYNC_FILE_MAX) /* it grew: the loader will refuse it */
				break;
		}
	close(fd);
	if (n < 0 || total > SYNC_FILE_MAX)
		return -1;
	util_hash_hex(&h, p->hash);
	return 0;
}

/* source_file's row for path: 1 found, 0 not, -1 error. */
static int sync_stored_get(sync_ctx *c, const char *path, sync_stored *o)
{
	sqlite3_stmt *s = sync_q(c, Q_SRC_GET);
	store_bind_text(s, 1, path);
	int found = sync_row(c, s);
	if (found == 1) {
		o->p.size = sqlite3_column_int64(s, 0);
		o->p.mtime = sqlite3_column_int64(s, 1);
		o->p.ctime = sqlite3_column_int64(s, 2);
		snprintf(o->p.hash, sizeof o->p.hash, "%s", store_col(s, 3));
		snprintf(o->context, sizeof o->context, "%s", store_col(s, 4));
		snprintf(o->est, sizeof o->est, "%s", store_col(s, 5));
		snprintf(o->cycle, sizeof o->cycle, "%s", store_col(s, 6));
		o->line = sqlite3_column_int(s, 7);
		o->col = sqlite3_column_int(s, 8);
	}
	sqlite3_reset(s);
	return found;
}

/*
 * Whether the stored row still describes the rows of a file now seen as `now`: the same
 * context, its cycle still live under a known establishment, and the same size and
 * times, or the same content (then the new times are stored). 1 yes, 0 no, -1 error.
 */
static int sync_unchanged(sync_ctx *c, const char *path, const sync_stored *o, sync_print *now)
{
	long long unused;
	if (strcmp(o->context, c->context) || !util_map_get(&c->ests, o->est, &unused))
		return 0;
	sqlite3_stmt *s = sync_q(c, Q_CYC_LIVE);
	store_bind_text(s, 1, o->est);
	store_bind_text(s, 2, o->cycle);
	int live = sync_row(c, s);
	sqlite3_reset(s);
	if (live <= 0)
		return live;
	if (now->size != o->p.size)
		return 0;
	if (now->mtime == o->p.mtime && now->ctime == o->p.ctime)
		return 1;
	if (sync_hash(path, now) || strcmp(now->hash, o->p.hash))
		return 0;
	s = sync_q(c, Q_SRC_STAMP);
	store_bind_text(s, 1, path);
	sqlite3_bind_int64(s, 2, now->mtime);
	sqlite3_bind_int64(s, 3, now->ctime);
	return sync_run(c, s) ? -1 : 1;
}

static int sync_stored_put(sync_ctx *c, const char *path, const sync_print *p,
			   const model_plan *plan)
{
	sqlite3_stmt *s = sync_q(c, Q_SRC_PUT);
	store_bind_text(s, 1, path);
	sqlite3_bind_int64(s, 2, p->size);
	sqlite3_bind_int64(s, 3, p->mtime);
	sqlite3_bind_int64(s, 4, p->ctime);
	store_bind_text(s, 5, p->hash);
	store_bind_text(s, 6, c->context);
	store_bind_text(s, 7, plan->establishment);
	store_bind_text(s, 8, plan->cycle);
	sqlite3_bind_int(s, 9, plan->pos.line);
	sqlite3_bind_int(s, 10, plan->pos.col);
	return sync_run(c, s);
}

static size_t sync_repeat_text(sync_ctx *c, const char *s)
{
	size_t at = c->repeat_text.len;
	util_buf_add(&c->repeat_text, s, strlen(s) + 1);
	return at;
}

static int sync_repeats_keep(sync_ctx *c, const model_plan *p)
{
	for (size_t i = 0; i < p->nitems; i++) {
		const model_item *it = &p->items[i];
		if (!it->repeats)
			continue;
		sync_repeat r = {sync_repeat_text(c, p->establishment),
				 sync_repeat_text(c, p->cycle), sync_repeat_text(c, it->ref),
				 sync_repeat_text(c, it->repeats), it->repeats_pos};
		XGROW(c->repeats, c->nrepeats, c->crepeats);
		c->repeats[c->nrepeats++] = r;
	}
	return 0;
}

/* The kept `repeats`, now that every plan is written. */
int sync_repeats(sync_ctx *c)
{
	const sync_repeat *r = c->repeats;
	char *t = c->repeat_text.s;
	for (size_t i = 0; i < c->nrepeats; i++) {
		model_item it = {.ref = t + r[i].ref, .repeats = t + r[i].repeats,
				 .repeats_pos = r[i].pos};
		model_plan p = {.establishment = t + r[i].est, .cycle = t + r[i].cycle,
				.items = &it, .nitems = 1};
		if (lineage_sync(c->st, &p, LINEAGE_REPEATS, c->user, c->now, c->stats, c->err))
			return c->err->code;
	}
	return 0;
}

/* A plan read from file i: its cycle recorded, its rows synced. */
int sync_read_plan(sync_ctx *c, size_t i, const model_plan **out)
{
	const model_plan *p;
	if (c->src->read(c->src->ctx, i, &p, c->err))
		return c->err->code;
	long long est;
	if (!util_map_get(&c->ests, p->establishment, &est)) /* the loader checks this */
		return err_set_at(c->err, EX_CONFIG, p->pos.file, p->pos.line, p->pos.col,
				  "unknown establishment '%s'", p->establishment);
	sync_where w = {c->src->path(c->src->ctx, i), p->pos.line, p->pos.col};
	/* An item without `repeats` has its plan link taken away, if it had one: the items
	 * of a cycle this sync made are new, linked by nobody yet, so theirs are not looked
	 * up. */
	if (sync_present(c, p->establishment, p->cycle, w) || sync_plan(c, est, p) ||
	    judge_sync(c->st, p, c->user, c->now, c->stats, c->err) ||
	    verify_sync(c->st, p, c->cfg->verification, &c->stats->updated, c->err) ||
	    (!c->fresh_cycle &&
	     lineage_sync(c->st, p, LINEAGE_PLAIN, c->user, c->now, c->stats, c->err)) ||
	    sync_repeats_keep(c, p))
		return c->err->code;
	*out = p;
	return 0;
}

/*
 * Plan file i: skipped when unchanged, else read and synced, and its fingerprint stored.
 * The fingerprint stored is the one taken before reading, and only when the file did not
 * change while it was read: a later sync then never mistakes a newer file for this one.
 */
int sync_file(sync_ctx *c, size_t i)
{
	const char *path = c->src->path(c->src->ctx, i);
	sync_print before = {0}, after;
	sync_stored old;
	bool seen = sync_stat(path, &before) == 0;
	int found = seen && !c->full ? sync_stored_get(c, path, &old) : 0;
	int same = found > 0 ? sync_unchanged(c, path, &old, &before) : found;
	if (same < 0)
		return c->err->code;
	if (same) {
		c->stats->skipped++;
		return sync_present(c, old.est, old.cycle, (sync_where){path, old.line, old.col});
	}
	if (seen && !before.hash[0] && sync_hash(path, &before))
		seen = false;
	const model_plan *p;
	if (sync_read_plan(c, i, &p))
		return c->err->code;
	bool steady = seen && sync_stat(path, &after) == 0 && after.size == before.size &&
		      after.mtime == before.mtime && after.ctime == before.ctime;
	if (!steady) { /* no fingerprint: the next sync reads it again */
		sqlite3_stmt *d = sync_q(c, Q_SRC_DEL);
		store_bind_text(d, 1, path);
		return sync_run(c, d);
	}
	return sync_stored_put(c, path, &before, p);
}

/* Forgets the fingerprints of files the settings no longer name. */
int sync_forget_files(sync_ctx *c)
{
	for (size_t i = 0; i < c->src->nfiles; i++)
		util_map_put(&c->paths, c->src->path(c->src->ctx, i), (long long)i);
	util_buf gone = {0}; /* paths, NUL-separated */
	sqlite3_stmt *s = sync_q(c, Q_SRC_LIST);
	int rc;
	long long unused;
	while ((rc = sync_row(c, s)) == 1)
		if (!util_map_get(&c->paths, store_col(s, 0), &unused))
			util_buf_add(&gone, store_col(s, 0), strlen(store_col(s, 0)) + 1);
	sqlite3_reset(s);
	for (size_t at = 0; rc == 0 && at < gone.len; at += strlen(gone.s + at) + 1) {
		sqlite3_stmt *d = sync_q(c, Q_SRC_DEL);
		store_bind_text(d, 1, gone.s + at);
		if (sync_run(c, d))
			rc = -1;
	}
	util_buf_free(&gone);
	return rc < 0 ? c->err->code : 0;
}
