/*
 * evidence — what supports an action: files and URLs attached to it (actionboard(1)
 * EVIDENCE).
 *
 * Contract: a file's bytes go into the evidence store, a content-addressed table of the
 * database keyed by their SHA-256 (sha256.h), so the same bytes are kept once and are
 * group-owned like the database, copied by `backup`, and reached under the same privilege
 * rule (docs/SECURITY.md). An entry records the file's name, size and SHA-256, or a URL as
 * given, with its optional note, who and when; it gets the next number N on its action
 * (1, 2, ...). Entries are append-only: a removal is an event of its own (who, when, why),
 * and the entry stays listed, marked. Adding and removing take the rights of a status
 * change (auth_check_action) and are one BEGIN IMMEDIATE transaction that also appends a
 * history event (kind "note", field "evidence" or "evidence_removed", no note text) and
 * bumps the action's version. Reading (list, get) needs only the database.
 * Errors: EX_DATAERR for an unknown key or N, a file over EVIDENCE_MAX_BYTES, a bad name,
 * URL or note (text rules of action.h), a removed entry removed again or fetched; EX_NOPERM
 * as for status changes; EX_SOFTWARE when stored bytes no longer match their SHA-256.
 * Row strings are valid only during the callback; nothing allocates for the caller but
 * evidence_get's data (util_buf, the caller's).
 */
#ifndef AB_EVIDENCE_H
#define AB_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "action.h"
#include "err.h"
#include "store.h"
#include "util.h"

/* 25 MiB: the largest file one entry may hold (actionboard.yaml(5) LIMITS). */
#define EVIDENCE_MAX_BYTES (25L * 1024 * 1024)
#define EVIDENCE_URL_MAX 2048

typedef struct evidence_entry {
	int n;                /* its number on the action */
	const char *kind;     /* "file" or "url" */
	const char *name;     /* the file's name, or the URL */
	long long size;       /* files: bytes; URLs: 0 */
	const char *sha256;   /* files: 64 hex digits; URLs: NULL */
	const char *note;     /* NULL when none */
	const char *added_by, *added_at;
	const char *removed_by, *removed_at, *removed_reason; /* NULL while not removed */
} evidence_entry;

typedef int (*evidence_fn)(const evidence_entry *e, void *ctx);

/*
 * Reads the file at `path` whole into *out, opened by this process with its own rights (so
 * as the user: a front end calls it after the database is open, when the shared-server
 * mode has given its group up, cli/privilege.h). A regular file of at most
 * EVIDENCE_MAX_BYTES (a file that grows past it while read is refused too). Errors name
 * the path: EX_NOINPUT (missing), EX_NOPERM (the user may not read it), EX_DATAERR (not a
 * regular file, too large), EX_IOERR.
 */
int evidence_read_file(const char *path, util_buf *out, ab_err *err);
/* `name` is the file's own name (no directory); data holds its `size` bytes. *n gets N. */
int evidence_add_file(store *st, const action_actor *who, const char *key, const char *name,
		      const void *data, size_t size, const char *note, int *n, ab_err *err);
/* A URL (http:// or https://, no spaces or controls, at most EVIDENCE_URL_MAX bytes). */
int evidence_add_url(store *st, const action_actor *who, const char *key, const char *url,
		     const char *note, int *n, ab_err *err);
/* Whether text is a URL evidence_add_url takes (else the CLI reads it as a file). */
bool evidence_is_url(const char *text);
int evidence_remove(store *st, const action_actor *who, const char *key, int n,
		    const char *reason, ab_err *err);
/* The action's entries by N, removed ones included. */
int evidence_list(store *st, const char *key, evidence_fn fn, void *ctx, ab_err *err);
/* Entry N's bytes into *data (a file's; a URL is EX_DATAERR), checked against its SHA-256. */
int evidence_get(store *st, const char *key, int n, util_buf *data, ab_err *err);

#endif
