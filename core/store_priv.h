/*
 * store_priv — what other core modules need of a store: the SQLite handle and the
 * transaction helpers. Never included outside core/.
 */
#ifndef AB_STORE_PRIV_H
#define AB_STORE_PRIV_H

#include <sqlite3.h>

#include "store.h"

/* "ABrd": marks a file as ours, so that we never migrate somebody else's database. */
#define STORE_APPLICATION_ID 0x41427264

sqlite3 *store_db(store *st);
/* 1 when the file at `path` begins with SQLite's header, 0 when not, -1 (errno set) when
 * it cannot be read. */
int store_sqlite_magic(const char *path);
/* "PATH-wal" in a new string the caller frees. */
char *store_wal_path(const char *path);
/* Records again which database and -wal file the writes go to (store_file), as one
 * transaction: after a restore, whose copy brought the backup's record. */
int store_mark_again(store *st, ab_err *err);
/* Whether the file at the path is still the one opened (store.h); EX_IOERR if not. */
int store_check_file(store *st, ab_err *err);
/* Takes the database to STORE_SCHEMA_VERSION (forward migrations, under the write lock). */
int store_migrate(store *st, ab_err *err);
/* The descriptor through which SQLite has the database open (found by its device and
 * inode), or -1. Never to be closed: that would drop SQLite's locks on the file. */
int store_file_fd(store *st);
/*
 * Where every write begins (BEGIN IMMEDIATE, refused when the file at the path is no
 * longer the one opened), for a user's write: `check` runs first in a read transaction,
 * which takes no lock a writer waits for, and only if it passes is BEGIN IMMEDIATE taken;
 * it runs again under the write lock (the roles may have changed in between). So a user
 * who may not write never holds the write lock, however long their process is stopped.
 */
int store_begin_checked(store *st, store_check_fn check, void *ctx, ab_err *err);
int store_commit(store *st, ab_err *err);
void store_rollback(store *st);
/* Reads made between store_read_begin() and store_read_end() see one snapshot of the
 * database (a savepoint: inside a caller's transaction too), as one statement would. */
int store_read_begin(store *st, ab_err *err);
void store_read_end(store *st);
/* Prepares `sql`; on failure fills err with SQLite's message. */
int store_prepare(store *st, const char *sql, sqlite3_stmt **out, ab_err *err);
/*
 * The same for a statement run many times over one connection (once per plan or item): the
 * store parses it once and keeps it until store_close, handing it out reset with its
 * bindings cleared; one still being stepped is never handed out again (another is made).
 * The caller never finalizes it, and resets it when done with it.
 */
int store_prepare_kept(store *st, const char *sql, sqlite3_stmt **out, ab_err *err);
/* Fills err from the connection's last error; returns the code (EX_TEMPFAIL when busy). */
int store_fail(store *st, ab_err *err, const char *what);
/* sqlite3_open_v2 on a file path, never taken for a URI or ":memory:". */
int store_sqlite_open(const char *path, int flags, sqlite3 **db);
/* The same, read-only and immutable (no lock, no -wal or -shm file read or made): for a
 * file nobody writes, or a snapshot. */
int store_sqlite_open_immutable(const char *path, sqlite3 **db);
/* Binds a string or NULL. */
int store_bind_text(sqlite3_stmt *s, int i, const char *v);
/* Column text or NULL. */
const char *store_col(sqlite3_stmt *s, int i);

#endif
