#include "evidence.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "key.h"
#include "sha256.h"
#include "store_priv.h"

/* An entry added or removed changes no field of the action, but it is news. */
#define EVIDENCE_BUMP \
	"UPDATE action SET version = version + 1, updated_by = ?2, updated_at = ?3 WHERE id = ?1"

bool evidence_is_url(const char *text)
{
	return !strncmp(text, "https://", 8) || !strncmp(text, "http://", 7);
}

/* See evidence.h: the caller's process opens it, with its own rights. */
int evidence_read_file(const char *path, util_buf *out, ab_err *err)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return err_set_at(err, errno == ENOENT ? EX_NOINPUT
				       : errno == EACCES ? EX_NOPERM : EX_IOERR,
				  path, 0, 0, "cannot read: %s%s", strerror(errno),
				  errno == EACCES ? " (evidence is read as you)" : "");
	struct stat sb;
	int rc = 0;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode))
		rc = err_set_at(err, EX_DATAERR, path, 0, 0, "not a regular file");
	else if (sb.st_size > EVIDENCE_MAX_BYTES)
		rc = err_set_at(err, EX_DATAERR, path, 0, 0,
				"holds %lld bytes: evidence may hold at most %ld (25 MiB) a file; "
				"nothing was written",
				(long long)sb.st_size, EVIDENCE_MAX_BYTES);
	char chunk[65536];
	ssize_t got = 1;
	while (!rc && got > 0) {
		got = read(fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			got = 1;
		else if (got < 0)
			rc = err_set_at(err, EX_IOERR, path, 0, 0, "cannot read: %s", strerror(errno));
		else
			util_buf_add(out, chunk, (size_t)got);
		if (!rc && out->len > (size_t)EVIDENCE_MAX_BYTES)
			rc = err_set_at(err, EX_DATAERR, path, 0, 0,
					"grew past %ld bytes (25 MiB) while read; nothing was written",
					EVIDENCE_MAX_BYTES);
	}
	close(fd);
	return rc;
}

/* Runs a prepared statement to its end; 0 or the store's error. */
static int evidence_step(store *st, sqlite3_stmt *s, const char *what, ab_err *err)
{
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, what);
}

/* The entry, its history event and the action's new version, inside the transaction. */
static int evidence_insert(store *st, const action_actor *who, int64_t action,
			   const char *kind, const char *name, long long size, const char *sha,
			   const char *note, int *n, ab_err *err)
{
	char now[CLOCK_ISO_LEN];
	clock_now(now);
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "INSERT INTO evidence(action_id, n, kind, name, size, sha256, note,"
			  " added_by, added_at) SELECT ?1, coalesce(max(n), 0) + 1, ?2, ?3, ?4, ?5,"
			  " ?6, ?7, ?8 FROM evidence WHERE action_id = ?1 RETURNING n",
			  &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, action);
	store_bind_text(s, 2, kind);
	store_bind_text(s, 3, name);
	sqlite3_bind_int64(s, 4, size);
	store_bind_text(s, 5, sha);
	store_bind_text(s, 6, note && *note ? note : NULL);
	store_bind_text(s, 7, who->login);
	store_bind_text(s, 8, now);
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "writing evidence");
	char what[600];
	snprintf(what, sizeof what, "#%d %s", *n, name);
	/* a change of the action, though none of its fields: other screens refresh */
	if (action_update(st, EVIDENCE_BUMP, action, who->login, now, NULL, NULL, err))
		return err->code;
	return action_log(st, action, now, who->login, "note", "evidence", NULL, what, NULL, err);
}

static int evidence_check_note(const char *note, ab_err *err)
{
	return action_check_text("the note", note, err);
}

int evidence_add_file(store *st, const action_actor *who, const char *key, const char *name,
		      const void *data, size_t size, const char *note, int *n, ab_err *err)
{
	if (size > (size_t)EVIDENCE_MAX_BYTES)
		return err_set(err, EX_DATAERR,
			       "%s holds %zu bytes: evidence may hold at most %ld (25 MiB) a file; "
			       "nothing was written",
			       name, size, EVIDENCE_MAX_BYTES);
	if (!name[0] || strchr(name, '/') || strlen(name) > 255)
		return err_set(err, EX_DATAERR, "'%s' is not a file name (1 to 255 bytes, no /)",
			       name);
	if (action_check_text("the file's name", name, err) || evidence_check_note(note, err))
		return err->code;
	char sha[SHA256_HEX_LEN];
	sha256_ctx c;
	sha256_init(&c);
	sha256_add(&c, data, size);
	sha256_hex(&c, sha);
	action_state cur;
	if (action_begin(st, who, key, 0, &cur, err))
		return err->code;
	sqlite3_stmt *s;
	if (store_prepare(st, "INSERT OR IGNORE INTO evidence_blob(sha256, size, data) VALUES (?1, ?2, ?3)",
			  &s, err))
		goto fail;
	store_bind_text(s, 1, sha);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)size);
	sqlite3_bind_blob64(s, 3, size ? data : "", size, SQLITE_STATIC);
	if (evidence_step(st, s, "writing evidence", err) ||
	    evidence_insert(st, who, cur.id, "file", name, (long long)size, sha, note, n, err))
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return err->code;
}

int evidence_add_url(store *st, const action_actor *who, const char *key, const char *url,
		     const char *note, int *n, ab_err *err)
{
	size_t len = strlen(url);
	bool clean = evidence_is_url(url) && len <= EVIDENCE_URL_MAX &&
		     len > (size_t)(url[4] == 's' ? 8 : 7);
	for (size_t i = 0; clean && i < len; i++)
		clean = (unsigned char)url[i] > 0x20 && url[i] != 0x7F;
	if (!clean)
		return err_set(err, EX_DATAERR,
			       "'%s' is not a URL evidence takes (http:// or https://, no spaces, at "
			       "most %d bytes)",
			       url, EVIDENCE_URL_MAX);
	if (action_check_text("the URL", url, err) || evidence_check_note(note, err))
		return err->code;
	action_state cur;
	if (action_begin(st, who, key, 0, &cur, err))
		return err->code;
	if (evidence_insert(st, who, cur.id, "url", url, 0, NULL, note, n, err)) {
		store_rollback(st);
		return err->code;
	}
	return store_commit(st, err);
}

/* Entry N of action `action`: its id and name; 0 found, else EX_DATAERR. */
static int evidence_find(store *st, int64_t action, const char *key, int n, int64_t *id,
			 char name[600], bool *removed, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "SELECT v.id, v.name, r.evidence_id IS NOT NULL FROM evidence v"
			  " LEFT JOIN evidence_removal r ON r.evidence_id = v.id"
			  " WHERE v.action_id = ?1 AND v.n = ?2",
			  &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, action);
	sqlite3_bind_int(s, 2, n);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		snprintf(name, 600, "%s", store_col(s, 1));
		*removed = sqlite3_column_int(s, 2);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return err_set(err, EX_DATAERR, "%s has no evidence #%d", key, n);
	return rc == SQLITE_ROW ? 0 : store_fail(st, err, "reading evidence");
}

int evidence_remove(store *st, const action_actor *who, const char *key, int n,
		    const char *reason, ab_err *err)
{
	if (!reason || !reason[strspn(reason, " \t\r\n")])
		return err_set(err, EX_DATAERR, "a removal needs a reason");
	if (action_check_text("the reason", reason, err))
		return err->code;
	action_state cur;
	int64_t id = 0;
	char name[600], now[CLOCK_ISO_LEN], what[640];
	bool removed = false;
	clock_now(now);
	if (action_begin(st, who, key, 0, &cur, err))
		return err->code;
	if (evidence_find(st, cur.id, key, n, &id, name, &removed, err))
		goto fail;
	if (removed) {
		err_set(err, EX_DATAERR, "%s: evidence #%d was removed already", key, n);
		goto fail;
	}
	sqlite3_stmt *s;
	if (store_prepare(st,
			  "INSERT INTO evidence_removal(evidence_id, removed_by, removed_at, reason)"
			  " VALUES (?1, ?2, ?3, ?4)",
			  &s, err))
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, who->login);
	store_bind_text(s, 3, now);
	store_bind_text(s, 4, reason);
	snprintf(what, sizeof what, "#%d %s", n, name);
	if (evidence_step(st, s, "writing evidence", err) ||
	    action_update(st, EVIDENCE_BUMP, cur.id, who->login, now, NULL, NULL, err) ||
	    action_log(st, cur.id, now, who->login, "note", "evidence_removed", what, NULL, NULL,
		       err))
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return err->code;
}

#define EVIDENCE_COLUMNS                                                                   \
	"SELECT v.n, v.kind, v.name, v.size, v.sha256, v.note, v.added_by, v.added_at,"     \
	" r.removed_by, r.removed_at, r.reason"                                               \
	" FROM evidence v LEFT JOIN evidence_removal r ON r.evidence_id = v.id"

static int evidence_rows(store *st, sqlite3_stmt *s, evidence_fn fn, void *ctx, ab_err *err)
{
	int rc, cbrc = 0;
	while (!cbrc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		evidence_entry e = {
			.n = sqlite3_column_int(s, 0), .kind = store_col(s, 1),
			.name = store_col(s, 2), .size = sqlite3_column_int64(s, 3),
			.sha256 = store_col(s, 4), .note = store_col(s, 5),
			.added_by = store_col(s, 6), .added_at = store_col(s, 7),
			.removed_by = store_col(s, 8), .removed_at = store_col(s, 9),
			.removed_reason = store_col(s, 10)};
		cbrc = fn(&e, ctx);
	}
	sqlite3_finalize(s);
	if (cbrc)
		return cbrc;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading evidence");
}

int evidence_list(store *st, const char *key, evidence_fn fn, void *ctx, ab_err *err)
{
	action_state cur;
	sqlite3_stmt *s;
	if (action_get(st, key, &cur, err) ||
	    store_prepare(st, EVIDENCE_COLUMNS " WHERE v.action_id = ?1 ORDER BY v.n", &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, cur.id);
	return evidence_rows(st, s, fn, ctx, err);
}

int evidence_get(store *st, const char *key, int n, util_buf *data, ab_err *err)
{
	action_state cur;
	sqlite3_stmt *s;
	if (action_get(st, key, &cur, err) ||
	    store_prepare(st,
			  "SELECT v.kind, v.sha256, b.data, r.evidence_id IS NOT NULL FROM evidence v"
			  " LEFT JOIN evidence_blob b ON b.sha256 = v.sha256"
			  " LEFT JOIN evidence_removal r ON r.evidence_id = v.id"
			  " WHERE v.action_id = ?1 AND v.n = ?2",
			  &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, cur.id);
	sqlite3_bind_int(s, 2, n);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return rc == SQLITE_DONE ? err_set(err, EX_DATAERR, "%s has no evidence #%d", key, n)
					 : store_fail(st, err, "reading evidence");
	}
	char sha[SHA256_HEX_LEN], got[SHA256_HEX_LEN];
	bool url = !strcmp(store_col(s, 0), "url"), removed = sqlite3_column_int(s, 3);
	snprintf(sha, sizeof sha, "%s", url ? "" : store_col(s, 1));
	if (url || removed) {
		sqlite3_finalize(s);
		return err_set(err, EX_DATAERR, "%s: evidence #%d is %s", key, n,
			       url ? "a URL, not a file (evidence list shows it)" : "removed");
	}
	const void *bytes = sqlite3_column_blob(s, 2);
	size_t len = (size_t)sqlite3_column_bytes(s, 2);
	sha256_ctx c;
	sha256_init(&c);
	sha256_add(&c, bytes ? bytes : "", len);
	sha256_hex(&c, got);
	util_buf_add(data, bytes ? bytes : "", len);
	sqlite3_finalize(s);
	if (strcmp(sha, got))
		return err_set(err, EX_SOFTWARE,
			       "%s: evidence #%d no longer matches its SHA-256 %s (the store gives %s)",
			       key, n, sha, got);
	return 0;
}
