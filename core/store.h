/*
 * store — the SQLite database: opening, checking, migrating.
 *
 * Contract: store_open() either returns a store whose schema is current (creating and
 * migrating it when allowed), or fails with EX_DATAERR (not an actionboard database,
 * corrupt, or an empty 0-byte file: never taken for a new one), EX_CONFIG (written by a
 * newer actionboard), EX_NOPERM (the user may not read it), EX_CANTCREAT / EX_NOINPUT,
 * and in every failure case leaves the file, and any -wal file beside it, exactly as it
 * was. A new database is built beside the path and renamed into place whole. A path is
 * always a file's path, never an SQLite URI. A store is WAL, foreign keys on, with a
 * busy timeout. When the file or its directory is not writable the store opens
 * read-only and store_readonly() says so; writers then fail with EX_NOPERM. Every write
 * first checks that the file at the path is still the one opened (device, inode, header;
 * where the path cannot be looked up later, an inotify watch set at open) and fails with
 * EX_IOERR, writing nothing, when it was removed, replaced or truncated. A file renamed
 * over the database while the old one's -wal file (with frames) stayed is refused at open
 * with EX_DATAERR. A user's write checks the right to write before it takes the write
 * lock (store_begin_checked, store_priv.h).
 * The caller owns the store and releases it with store_close().
 */
#ifndef AB_STORE_H
#define AB_STORE_H

#include <stdbool.h>

#include "err.h"
#include "util.h"

typedef struct store store;

/* 1: the first schema; 2: action.due_effective and action.is_open (core/rules.h);
 * 3: the users, roles and owners an admin synced (core/auth.c);
 * 4: history.reverses, for undo and retracted or corrected notes (core/action.c);
 * 5: judgements, item links and cycle.urgent_notification (core/judge.c);
 * 6: the estate: region and function of establishments, action.owner_names, the indexes
 *    of plan order and plan counts, source_file (sync's fingerprints) and text_search (FTS5);
 * 7: auth_user_establishment, the establishments a user's rights stop at (core/auth.c);
 * 8: owner.shared, an owner the estate shares rather than one per establishment;
 * 9: judgement_withdrawal, a plan's judgements that left its file (core/judge.c);
 * 10: verification: cycle.verification, action.verified_by/at, auth_verifier (core/verify.c);
 * 11: evidence, evidence_blob (content-addressed by SHA-256), evidence_removal (evidence.c);
 * 12: amendments: action.origin, amended_by, amended_at (core/amend.c);
 * 13: store_file, the files the latest writes went to (a file-level copy over a live
 *     database is refused at open);
 * 14-16: plan_count and plan_due, owner_count and owner_due, plan_change: each plan's
 *     figures kept by triggers, and which plan each write touched (core/counts.c);
 * 17: action_verified, an index of the verified actions by plan;
 * 18: count_hold, the plans sync fills the figures of once (core/counts.c);
 * 19: plan_count.dated, the open actions with a due date, for counting overdue;
 * 20: owner_count_owner, an owner's plans from their kept figures (core/estate.c);
 * 21: names_change, moved only when the owners a picker offers may change (core/estate.c);
 * 22: owner_due_owner, an owner's overdue in all its plans from one range (core/estate.c). */
#define STORE_SCHEMA_VERSION 22

enum {
	STORE_CREATE = 1 << 0,   /* create a missing file (mode 0660 under the umask; exactly
				  * 0660 in a group-writable directory) */
	STORE_READONLY = 1 << 1, /* never write, even when possible */
};

int store_open(const char *path, int flags, store **out, ab_err *err);
/* What the header of the database file at `path` says, read without SQLite and without
 * blocking (a FIFO or a device is no database): its schema version (PRAGMA user_version)
 * and whether it is in WAL mode, for a caller asking whether store_open() would write to
 * it (a migration, the switch to WAL). 0, or -1 when the path is not a regular file the
 * user can read that begins with an SQLite header. */
int store_file_peek(const char *path, long *version, bool *wal);
void store_close(store *st);
bool store_readonly(const store *st);
/* True when the store could only be opened as a read-only snapshot (the reader may not
 * create the -shm file beside the database): changes made later by others are not seen. */
bool store_snapshot(const store *st);
/* True when store_open() created the file (so the caller may sync it at once). */
bool store_created(const store *st);
const char *store_path(const store *st);
/*
 * A number that changes whenever another connection (another process) has committed a
 * change since this connection last looked: cheap, for polling "did anything change?".
 */
int store_data_version(store *st, long long *out, ab_err *err);
/*
 * Sets this connection's page cache to `kib` KiB (SQLite's default is 2 MB): for a
 * long-lived reader whose working set is larger (the dashboard). Memory is taken as
 * pages are read, up to the size, and released at store_close().
 */
int store_cache_kib(store *st, int kib, ab_err *err);
/*
 * A consistent copy of the whole database at `dest` (SQLite's online backup API) while
 * others keep reading and writing: the copy is of the moment it starts, and finishes
 * however busy the writers are. Refuses to overwrite an existing file unless
 * `overwrite`; a failed copy leaves no file behind.
 */
int store_backup(store *st, const char *dest, bool overwrite, ab_err *err);
/*
 * A check that the caller may write (core/auth.c): reads only, returns 0 or the refusal's
 * code with err filled.
 */
typedef int (*store_check_fn)(store *st, void *ctx, ab_err *err);
/*
 * Replaces the database's contents with the backup at `src` (one store_backup wrote).
 * Refused, nothing changed, unless `may` passes, unless the backup is an actionboard
 * database of a schema this program can migrate that passes integrity_check, and while
 * another restore of the same file runs (EX_TEMPFAIL). Keeps the current contents at
 * `keep` first (store_backup, never replacing a file: one there is EX_CANTCREAT, nothing
 * changed), then copies the backup in through SQLite's backup API under the write lock,
 * as one commit every other connection sees (store_data_version changes), and migrates it.
 */
int store_restore(store *st, const char *src, const char *keep, store_check_fn may, void *ctx,
		  ab_err *err);
/* The first line of PRAGMA integrity_check into out: "ok" when the file is sound. */
void store_integrity(store *st, char *out, size_t n);
/* Every table's rows in key order, one line each: for idempotence tests and debugging. */
int store_dump(store *st, FILE *fp, ab_err *err);
/* Calls fn with the SQL of every statement as it starts to run (for tests and
 * profiling); fn NULL stops. The string is SQLite's, valid during the call only. */
typedef void (*store_trace_fn)(const char *sql, void *ctx);
int store_trace(store *st, store_trace_fn fn, void *ctx);
/* Appends EXPLAIN QUERY PLAN of `sql` to plan, one detail per line. */
int store_explain(store *st, const char *sql, util_buf *plan, ab_err *err);

#endif
