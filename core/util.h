/*
 * util — the small things every module needs once: a growable byte buffer and the one
 * way to write a file atomically.
 *
 * Contract:
 *   - util_buf: a NUL-terminated growable string. `s` is NULL until the first append
 *     and is owned by the buffer (util_buf_free releases it; util_buf_take hands it to
 *     the caller, who frees it). Appends cannot fail (xmalloc.h).
 *   - util_atomic: the only way actionboard writes a file a user named. The temporary
 *     file is created beside the destination with O_CREAT|O_EXCL|O_NOFOLLOW (mkostemp),
 *     so a planted file or symlink is never opened or followed; failing to create it is
 *     an error, never a fallback. Commit flushes, fsyncs, renames into place (refusing
 *     an existing destination unless `replace`), and fsyncs the directory. Abort, and a
 *     failed commit, remove the temporary file. Files are created as the calling process
 *     (its uid, its umask applied to `mode`).
 *
 * Memory, one idiom per job (allocation never fails for a caller: xmalloc.h):
 *   - a string built piece by piece: util_buf; append freely, then util_buf_take().
 *   - an array that grows while reading rows: XGROW (xmalloc.h), the one growable array.
 *   - an array whose size is known first: one xmalloc/xcalloc of that size.
 *   - a string kept past the statement it came from: xstrdup.
 *   - fixed-size results (keys, an action's state): the caller's struct, no heap.
 *   - a lookup by name while loading (owner ids, establishment ids): util_map.
 *
 *   - util_map: strings to 64-bit values, open addressing; the map owns copies of its
 *     keys.
 *   - util_hash: a 128-bit content hash (two 64-bit lanes) as 32 hex digits, for telling
 *     a changed file from an unchanged one; not for adversaries.
 *   - util_read_head: a file's first bytes, without ever blocking (a database's header,
 *     the settings' first lines).
 */
#ifndef AB_UTIL_H
#define AB_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "err.h"
#include "xmalloc.h"

typedef struct util_buf {
	char *s;
	size_t len, cap;
} util_buf;

void util_buf_add(util_buf *b, const char *s, size_t n);
void util_buf_puts(util_buf *b, const char *s);
void util_buf_printf(util_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void util_buf_vprintf(util_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Returns the string (never NULL: "" for an empty buffer) and resets b; caller frees. */
char *util_buf_take(util_buf *b);
void util_buf_free(util_buf *b);

typedef struct util_map {
	struct util_map_slot *slots; /* NULL until the first put */
	size_t n, cap;
} util_map;

void util_map_put(util_map *m, const char *key, long long value);
/* The value stored under key; false (and *value untouched) when absent. */
bool util_map_get(const util_map *m, const char *key, long long *value);
void util_map_free(util_map *m);

typedef struct util_hash {
	unsigned long long h[2], len;
	unsigned char tail[8];
	unsigned ntail;
} util_hash;

void util_hash_init(util_hash *h);
void util_hash_add(util_hash *h, const void *data, size_t n);
/* The digest as 32 lowercase hex digits and a NUL. */
void util_hash_hex(const util_hash *h, char out[33]);

typedef struct util_atomic {
	FILE *fp;     /* write the content here */
	char *tmp;    /* the temporary file's path (owned) */
	char *path;   /* the destination (owned) */
	const char *what; /* what the errors say is being written, or NULL (not owned) */
} util_atomic;

/* Creates the temporary file for `path`; on success a->fp is open for writing. */
int util_atomic_begin(util_atomic *a, const char *path, mode_t mode, ab_err *err);
/*
 * The same, for a file whose errors should say what it is: "cannot write the backup: …"
 * for what = "the backup" (a string that outlives a), at begin and at commit alike.
 * A writer that is not stdio (SQLite) may write a->tmp by name while a->fp stays open;
 * it must close its own handles before the commit or abort.
 */
int util_atomic_begin_named(util_atomic *a, const char *path, mode_t mode, const char *what,
			    ab_err *err);
/* Puts the file in place (see above). Always releases a, on failure after removing tmp. */
int util_atomic_commit(util_atomic *a, bool replace, ab_err *err);
/* Removes the temporary file and releases a. Safe on a zeroed or released util_atomic. */
void util_atomic_abort(util_atomic *a);

/* The first n bytes of the regular file at `path` into buf (fewer when it is shorter;
 * none when it is not a regular file), opened with O_NONBLOCK so that a FIFO or a device
 * opens at once and reads as nothing; *size (when not NULL) its size, -1 when not a
 * regular file. Returns the count, or -1 with errno set when the path cannot be opened. */
ssize_t util_read_head(const char *path, void *buf, size_t n, off_t *size);

#endif
