/*
 * store — the SQLite database: opening, checking, migrating.
 *
 * Contract: store_open() either returns a store whose schema is current (creating and
 * migrating it when allowed), or fails with EX_DATAERR (not an actionboard database,
 * corrupt), EX_CONFIG (written by a newer actionboard), EX_CANTCREAT / EX_NOINPUT, and in
 * every failure case leaves the file exactly as it was. A store is WAL, foreign keys on,
 * with a busy timeout. When the file or its directory is not writable the store opens
 * read-only and store_readonly() says so; writers then fail with EX_NOPERM.
 * The caller owns the store and releases it with store_close().
 */
#ifndef AB_STORE_H
#define AB_STORE_H

#include <stdbool.h>

#include "err.h"

typedef struct store store;

/* 1: the first schema; 2: action.due_effective and action.is_open (core/rules.h);
 * 3: the users, roles and owners an admin synced (core/auth.c);
 * 4: the estate: region and function of establishments, action.owner_names, the indexes
 *    of plan order and plan counts, source_file (sync's fingerprints) and text_search (FTS5). */
#define STORE_SCHEMA_VERSION 4

enum {
	STORE_CREATE = 1 << 0,   /* create a missing file (mode 0660 under the umask; exactly
				  * 0660 in a group-writable directory) */
	STORE_READONLY = 1 << 1, /* never write, even when possible */
};

int store_open(const char *path, int flags, store **out, ab_err *err);
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
 * A consistent copy of the whole database at `dest` (SQLite's online backup API) while
 * others keep reading and writing. Refuses to overwrite an existing file unless
 * `overwrite`; a failed copy leaves no file behind.
 */
int store_backup(store *st, const char *dest, bool overwrite, ab_err *err);
/* Every table's rows in key order, one line each: for idempotence tests and debugging. */
int store_dump(store *st, FILE *fp, ab_err *err);

#endif
