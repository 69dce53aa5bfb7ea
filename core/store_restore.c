/*
 * store_restore — a backup copied back into the live database (store.h store_restore):
 * checked first, the current contents kept, then copied page by page through SQLite's
 * backup API into the open connection, so that the -wal file and every other connection
 * see it as one more commit. Split from store_tools.c, which copies the other way.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>

#include "store_priv.h"

/* One integer a PRAGMA returns, or -1. */
static long store_src_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	long v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* integrity_check's first line: "ok" when sound. */
static void store_src_integrity(sqlite3 *db, char *out, size_t n)
{
	sqlite3_stmt *s;
	snprintf(out, n, "%s", "cannot run integrity_check");
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(1)", -1, &s, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

void store_integrity(store *st, char *out, size_t n)
{
	store_src_integrity(store_db(st), out, n);
}

/*
 * Opens the backup read-only and checks it is an actionboard database this program can
 * migrate, whole and sound, with the live database's page size (the backup API cannot
 * change the page size of a WAL database).
 */
static int store_src_open(store *st, const char *src, sqlite3 **out, ab_err *err)
{
	int magic = store_sqlite_magic(src);
	if (magic < 0)
		return err_set_at(err, errno == EACCES ? EX_NOPERM : EX_NOINPUT, src, 0, 0,
				  "cannot read the backup: %s", strerror(errno));
	if (!magic)
		return err_set_at(err, EX_DATAERR, src, 0, 0,
				  "not a backup of an actionboard database (not an SQLite file); "
				  "nothing was changed");
	/* Immutable (nothing made beside it) unless changes wait in a -wal file beside it. */
	char *wal = store_wal_path(src);
	struct stat sb;
	bool whole = stat(wal, &sb) != 0 || sb.st_size == 0;
	free(wal);
	if ((whole ? store_sqlite_open_immutable(src, out)
		   : store_sqlite_open(src, SQLITE_OPEN_READONLY, out)) != SQLITE_OK) {
		err_set_at(err, EX_NOINPUT, src, 0, 0, "cannot open the backup: %s",
			   *out ? sqlite3_errmsg(*out) : "out of memory");
		sqlite3_close(*out);
		*out = NULL;
		return err->code;
	}
	long appid = store_src_int(*out, "PRAGMA application_id");
	long version = store_src_int(*out, "PRAGMA user_version");
	long page = store_src_int(*out, "PRAGMA page_size");
	long live_page = store_src_int(store_db(st), "PRAGMA page_size");
	char integrity[512];
	if (appid != STORE_APPLICATION_ID)
		err_set_at(err, EX_DATAERR, src, 0, 0,
			   "not a backup of an actionboard database (it belongs to another program, "
			   "or is damaged); nothing was changed");
	else if (version < 1 || version > STORE_SCHEMA_VERSION)
		err_set_at(err, version < 1 ? EX_DATAERR : EX_CONFIG, src, 0, 0,
			   "a backup of schema %ld, which this actionboard cannot take (it knows 1 to "
			   "%d); nothing was changed",
			   version, STORE_SCHEMA_VERSION);
	else if (page != live_page)
		err_set_at(err, EX_DATAERR, src, 0, 0,
			   "its pages are %ld bytes, the live database's %ld: restore copies pages as "
			   "they are; nothing was changed",
			   page, live_page);
	else if (store_src_integrity(*out, integrity, sizeof integrity),
		 strcmp(integrity, "ok") != 0)
		err_set_at(err, EX_DATAERR, src, 0, 0,
			   "the backup is damaged (integrity_check: %s); nothing was changed",
			   integrity);
	else
		return 0;
	sqlite3_close(*out);
	*out = NULL;
	return err->code;
}

/* The copy itself: one backup step of every page, which SQLite runs under the live
 * database's write lock and commits as one transaction. */
static int store_src_copy(store *st, sqlite3 *src, ab_err *err)
{
	sqlite3_backup *b = sqlite3_backup_init(store_db(st), "main", src, "main");
	if (!b)
		return store_fail(st, err, "restoring");
	int rc;
	/* The busy handler waits for the lock; a few more rounds ride out a long writer. */
	for (int attempt = 0;; attempt++) {
		rc = sqlite3_backup_step(b, -1);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || attempt >= 5)
			break;
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return err_set_at(err, (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) ? EX_TEMPFAIL : EX_IOERR,
				  store_path(st), 0, 0, "restoring failed, nothing was changed: %s",
				  sqlite3_errstr(rc));
	return 0;
}

/* names_change's number (counts_sql.h) before the copy (*before) and, after it, set past
 * that: the backup's own number may be one a picker kept for other owners. Past by 2^32:
 * the number is read before the copy takes the write lock, and other sessions' writes in
 * between may move it on; a picker holds no number that far ahead. */
static int store_names_number(store *st, bool after, int64_t *before, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, after ? "UPDATE names_change SET seq = max(seq, ?1) + 4294967296"
				    : "SELECT seq FROM names_change",
			  &s, err))
		return err->code;
	if (after)
		sqlite3_bind_int64(s, 1, *before);
	int rc = sqlite3_step(s);
	if (!after && rc == SQLITE_ROW)
		*before = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(st, err, "restoring");
	return 0;
}

/* `keep` must not exist: restore has no --force (the current contents are never put over
 * another file), so the message says what to do instead of store_backup's "--force". */
static int store_keep_free(const char *keep, ab_err *err)
{
	struct stat sb;
	if (lstat(keep, &sb) == 0)
		return err_set_at(err, EX_CANTCREAT, keep, 0, 0,
				  "already exists; restore never replaces a file: give --keep a "
				  "path that does not exist");
	return 0;
}

int store_restore(store *st, const char *src, const char *keep, store_check_fn may, void *ctx,
		  ab_err *err)
{
	if (store_readonly(st))
		return err_set_at(err, EX_NOPERM, store_path(st), 0, 0,
				  "the database is read-only for you: it cannot be restored");
	/* One restore at a time: a lock on the database file itself, of the flock() kind,
	 * which SQLite's own (POSIX) locks never meet, taken through SQLite's descriptor
	 * (opening the file again would risk SQLite's locks when closed). */
	int fd = store_file_fd(st);
	if (fd < 0)
		return err_set_at(err, EX_SOFTWARE, store_path(st), 0, 0,
				  "cannot find the open database to lock it for the restore");
	if (flock(fd, LOCK_EX | LOCK_NB) != 0)
		return err_set_at(err, errno == EWOULDBLOCK ? EX_TEMPFAIL : EX_IOERR,
				  store_path(st), 0, 0, "%s; nothing was changed",
				  errno == EWOULDBLOCK ? "another restore of this database is running"
						       : strerror(errno));
	sqlite3 *from = NULL;
	int rc = store_check_file(st, err) || store_begin_checked(st, may, ctx, err);
	if (!rc) {
		store_rollback(st); /* the right checked, and the lock free: the copy takes it */
		int64_t names = 0;
		rc = store_src_open(st, src, &from, err) || store_keep_free(keep, err) ||
		     store_backup(st, keep, false, err) ||
		     store_names_number(st, false, &names, err) ||
		     store_src_copy(st, from, err) || store_migrate(st, err) ||
		     store_names_number(st, true, &names, err) || store_mark_again(st, err);
	}
	sqlite3_close(from);
	flock(fd, LOCK_UN);
	return rc ? err->code : 0;
}
