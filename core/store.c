#include "store_priv.h"
#include "auth.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* "ABrd": marks a file as ours, so that we never migrate somebody else's database. */
#define STORE_APPLICATION_ID 0x41427264
#define STORE_BUSY_MS 5000

struct store {
	sqlite3 *db;
	char *path;
	bool readonly;
	bool created;
	bool snapshot; /* read-only and immutable: others' later changes are not seen */
};

/*
 * Forward migrations: migrations[v] takes a database from user_version v to v + 1.
 * Never edit a released step; append a new one and bump STORE_SCHEMA_VERSION.
 */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
	/* 0 -> 1: the first schema */
	"CREATE TABLE establishment ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  description TEXT);"
	"CREATE TABLE cycle ("
	"  id INTEGER PRIMARY KEY,"
	"  establishment_id INTEGER NOT NULL REFERENCES establishment(id),"
	"  code TEXT NOT NULL,"
	"  scheme TEXT NOT NULL CHECK (scheme IN ('concerns','recommendations')),"
	"  inspection TEXT NOT NULL DEFAULT '',"   /* from/to;from/to */
	"  inspection_start TEXT,"
	"  report_published TEXT,"
	"  plan_submitted TEXT,"
	"  source TEXT,"
	"  retired INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (establishment_id, code));"
	"CREATE TABLE item ("
	"  id INTEGER PRIMARY KEY,"
	"  cycle_id INTEGER NOT NULL REFERENCES cycle(id),"
	"  ref TEXT NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  seq INTEGER,"
	"  category TEXT NOT NULL CHECK (category IN ('priority','key','general')),"
	"  directed_to TEXT,"
	"  agreement TEXT CHECK (agreement IN ('agreed','partly_agreed','not_agreed')),"
	"  agreement_note TEXT,"
	"  repeated_from TEXT,"
	"  text TEXT NOT NULL,"
	"  retired INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (cycle_id, ref));"
	"CREATE INDEX item_order ON item(cycle_id, retired, position);"
	"CREATE TABLE owner ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE owner_alias ("
	"  alias TEXT PRIMARY KEY,"
	"  owner_id INTEGER NOT NULL REFERENCES owner(id)) WITHOUT ROWID;"
	"CREATE TABLE action ("
	"  id INTEGER PRIMARY KEY,"
	"  cycle_id INTEGER NOT NULL REFERENCES cycle(id),"
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  action_id TEXT NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  target TEXT NOT NULL,"
	"  due TEXT,"                 /* derived from target by each sync */
	"  due_revised TEXT,"         /* set by a user; wins over due */
	"  due_reason TEXT,"
	"  status TEXT NOT NULL CHECK (status IN"
	"    ('planned','in_progress','blocked','completed','cancelled')),"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  updated_by TEXT,"
	"  updated_at TEXT,"
	"  retired INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (cycle_id, action_id));"
	"CREATE INDEX action_order ON action(item_id, retired, position);"
	"CREATE INDEX action_due ON action(retired, status, due);"
	"CREATE TABLE action_owner ("
	"  action_id INTEGER NOT NULL REFERENCES action(id),"
	"  owner_id INTEGER NOT NULL REFERENCES owner(id),"
	"  position INTEGER NOT NULL,"
	"  PRIMARY KEY (action_id, owner_id)) WITHOUT ROWID;"
	"CREATE INDEX action_owner_owner ON action_owner(owner_id, action_id);"
	/* Status changes, notes, revised dates and definition changes: append-only. */
	"CREATE TABLE history ("
	"  id INTEGER PRIMARY KEY,"
	"  action_id INTEGER NOT NULL REFERENCES action(id),"
	"  at TEXT NOT NULL,"
	"  user TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('status','note','due','sync')),"
	"  field TEXT,"
	"  old TEXT,"
	"  new TEXT,"
	"  note TEXT);"
	"CREATE INDEX history_action ON history(action_id, id);"
	"CREATE TRIGGER history_no_update BEFORE UPDATE ON history"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
	"CREATE TRIGGER history_no_delete BEFORE DELETE ON history"
	"  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;",
	/* 1 -> 2: the rules of rules.h as columns SQLite computes from the row (VIRTUAL: no
	 * storage, nothing to keep in step; adding them rewrites no row). */
	"ALTER TABLE action ADD COLUMN due_effective TEXT"
	"  GENERATED ALWAYS AS (coalesce(due_revised, due)) VIRTUAL;"
	"ALTER TABLE action ADD COLUMN is_open INTEGER"
	"  GENERATED ALWAYS AS (status NOT IN ('completed', 'cancelled')) VIRTUAL;",
	/* 2 -> 3: the users, roles and owners an admin synced (auth.c) */
	auth_schema_sql,
	/* 3 -> 4: the whole estate on one screen. */
	/* An establishment's region or function (optional keys of its YAML file). */
	"ALTER TABLE establishment ADD COLUMN region TEXT;"
	"ALTER TABLE establishment ADD COLUMN function TEXT;"
	/* The action's owners as lists show them (names in order, joined by char(31)), kept
	 * by sync, the only writer of action_owner, in the same statement: a list of the
	 * estate then reads one column instead of a sorted subquery per row. */
	"ALTER TABLE action ADD COLUMN owner_names TEXT NOT NULL DEFAULT '';"
	"UPDATE action SET owner_names = coalesce((SELECT group_concat(name, char(31)) FROM"
	"  (SELECT o.name FROM action_owner ao JOIN owner o ON o.id = ao.owner_id"
	"   WHERE ao.action_id = action.id ORDER BY ao.position)), '');"
	/* Plan order without a sort: establishments by code, then this, then item_order and
	 * action_order. */
	"CREATE INDEX cycle_order ON cycle(establishment_id, inspection_start, code);"
	/* action_due (retired, status, due) served no query any more, and leading with
	 * `retired`, which every live action shares, it drew SQLite away from the indexes that
	 * find a plan's actions (a plan's counts walk sqlite_autoindex_action_1 by cycle). */
	"DROP INDEX action_due;"
	/* The latest note of an action without reading its other history rows. */
	"CREATE INDEX history_note ON history(action_id, id) WHERE note IS NOT NULL;"
	/* Each plan file sync read: a resync skips one whose size and times, or else whose
	 * content hash, are unchanged (core/sync.c). `context` fingerprints what else shaped
	 * the rows (the owner names and aliases of the settings, the sync rules). */
	"CREATE TABLE source_file ("
	"  path TEXT PRIMARY KEY,"
	"  size INTEGER NOT NULL,"
	"  mtime_ns INTEGER NOT NULL,"
	"  ctime_ns INTEGER NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  context TEXT NOT NULL,"
	"  establishment TEXT NOT NULL,"
	"  cycle TEXT NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  col INTEGER NOT NULL) WITHOUT ROWID;"
	/* The words of item and action text and of notes (core/search.h): contentless (the
	 * text stays in its table), rowid = source row id * 4 + kind (1 item, 2 action,
	 * 3 note). Items and actions are made only by sync, which indexes the new ones in one
	 * statement at its end (sync.c): a trigger per row would have FTS5 flush its pending
	 * terms at every statement, 30 times slower. Changed texts and new notes are indexed
	 * by the triggers below, whoever writes them. */
	"CREATE VIRTUAL TABLE text_search USING fts5(body, content = '',"
	"  tokenize = 'unicode61 remove_diacritics 2');"
	"INSERT INTO text_search(rowid, body) SELECT id * 4 + 1, text FROM item;"
	"INSERT INTO text_search(rowid, body) SELECT id * 4 + 2, text FROM action;"
	"INSERT INTO text_search(rowid, body) SELECT id * 4 + 3, note FROM history"
	"  WHERE coalesce(note, '') <> '';"
	"CREATE TRIGGER text_search_item_text AFTER UPDATE OF text ON item"
	"  WHEN old.text IS NOT new.text BEGIN"
	"  INSERT INTO text_search(text_search, rowid, body) VALUES ('delete', old.id * 4 + 1, old.text);"
	"  INSERT INTO text_search(rowid, body) VALUES (new.id * 4 + 1, new.text); END;"
	"CREATE TRIGGER text_search_action_text AFTER UPDATE OF text ON action"
	"  WHEN old.text IS NOT new.text BEGIN"
	"  INSERT INTO text_search(text_search, rowid, body) VALUES ('delete', old.id * 4 + 2, old.text);"
	"  INSERT INTO text_search(rowid, body) VALUES (new.id * 4 + 2, new.text); END;"
	"CREATE TRIGGER text_search_note AFTER INSERT ON history"
	"  WHEN coalesce(new.note, '') <> '' BEGIN"
	"  INSERT INTO text_search(rowid, body) VALUES (new.id * 4 + 3, new.note); END;",
};

sqlite3 *store_db(store *st)
{
	return st->db;
}

bool store_readonly(const store *st)
{
	return st->readonly;
}

bool store_snapshot(const store *st)
{
	return st->snapshot;
}

bool store_created(const store *st)
{
	return st->created;
}

const char *store_path(const store *st)
{
	return st->path;
}

int store_fail(store *st, ab_err *err, const char *what)
{
	int rc = sqlite3_extended_errcode(st->db);
	int code = EX_SOFTWARE;
	switch (rc & 0xFF) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		code = EX_TEMPFAIL;
		break;
	case SQLITE_READONLY:
	case SQLITE_PERM:
		code = EX_NOPERM;
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		code = EX_DATAERR;
		break;
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
	case SQLITE_FULL:
		code = EX_IOERR;
		break;
	}
	return err_set_at(err, code, st->path, 0, 0, "%s: %s", what, sqlite3_errmsg(st->db));
}

int store_prepare(store *st, const char *sql, sqlite3_stmt **out, ab_err *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK)
		return store_fail(st, err, "preparing a statement");
	return 0;
}

int store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
}

const char *store_col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

static int store_exec(store *st, const char *sql, ab_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = store_fail(st, err, "database");
		if (msg) {
			snprintf(err->msg, sizeof err->msg, "%s", msg);
			sqlite3_free(msg);
		}
		return rc;
	}
	return 0;
}

int store_begin(store *st, ab_err *err)
{
	if (st->readonly)
		return err_set_at(err, EX_NOPERM, st->path, 0, 0,
				  "the database is read-only for you (check the file's and its "
				  "directory's permissions)");
	/* The busy handler already waits STORE_BUSY_MS; a few more rounds ride out a long
	 * writer (a large sync) without surfacing "database is locked". */
	for (int attempt = 0;; attempt++) {
		int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if ((rc & 0xFF) != SQLITE_BUSY || attempt >= 5)
			return store_fail(st, err, "starting a transaction");
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

int store_commit(store *st, ab_err *err)
{
	for (int attempt = 0;; attempt++) {
		int rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if ((rc & 0xFF) != SQLITE_BUSY || attempt >= 5) {
			int code = store_fail(st, err, "committing");
			store_rollback(st);
			return code;
		}
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

void store_rollback(store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static int store_pragma_int(store *st, const char *sql, int *out, ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, sql, &s, err))
		return err->code;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "reading the database header");
	return 0;
}

/* Reads the first bytes without SQLite, so that a foreign file is never opened for writing. */
static int store_check_header(const char *path, off_t *size, ab_err *err)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		*size = -1;
		return 0;
	}
	if (!S_ISREG(sb.st_mode))
		return err_set_at(err, EX_DATAERR, path, 0, 0, "not a regular file");
	*size = sb.st_size;
	if (sb.st_size == 0)
		return 0;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return err_set_at(err, EX_NOINPUT, path, 0, 0, "cannot read: %s", strerror(errno));
	char hdr[16] = {0};
	size_t n = fread(hdr, 1, sizeof hdr, fp);
	fclose(fp);
	if (n < sizeof hdr || memcmp(hdr, "SQLite format 3", 16) != 0)
		return err_set_at(err, EX_DATAERR, path, 0, 0,
				  "not an actionboard database (not an SQLite file); "
				  "choose another path with --db");
	return 0;
}

static bool store_dir_writable(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return false;
	/* The effective ids: a setgid actionboard reaches the directory through its group. */
	bool ok = euidaccess(dirname(copy), W_OK) == 0;
	free(copy);
	return ok;
}

/* Checks the identity and version of an existing database before anything writes. */
static int store_check_identity(store *st, bool fresh, ab_err *err)
{
	int appid = 0, version = 0, tables = 0;
	if (store_pragma_int(st, "PRAGMA application_id", &appid, err) ||
	    store_pragma_int(st, "PRAGMA user_version", &version, err) ||
	    store_pragma_int(st, "SELECT count(*) FROM sqlite_master", &tables, err))
		return err->code == EX_SOFTWARE ? (err->code = EX_DATAERR) : err->code;
	if (appid == 0 && version == 0 && tables == 0)
		return fresh ? 0 : (st->created = true, 0);
	if (appid != STORE_APPLICATION_ID)
		return err_set_at(err, EX_DATAERR, st->path, 0, 0,
				  "not an actionboard database (it belongs to another program); "
				  "choose another path with --db");
	if (version > STORE_SCHEMA_VERSION)
		return err_set_at(err, EX_CONFIG, st->path, 0, 0,
				  "written by a newer actionboard (schema %d; this one knows up to %d): "
				  "upgrade actionboard",
				  version, STORE_SCHEMA_VERSION);
	return 0;
}

static int store_migrate(store *st, ab_err *err)
{
	int version = 0;
	if (store_pragma_int(st, "PRAGMA user_version", &version, err))
		return err->code;
	if (version == STORE_SCHEMA_VERSION)
		return 0;
	if (st->readonly)
		return err_set_at(err, EX_NOPERM, st->path, 0, 0,
				  "needs an upgrade to schema %d but is read-only for you",
				  STORE_SCHEMA_VERSION);
	if (store_begin(st, err))
		return err->code;
	/* Re-read inside the write lock: another process may have migrated meanwhile. */
	if (store_pragma_int(st, "PRAGMA user_version", &version, err))
		goto fail;
	for (; version < STORE_SCHEMA_VERSION; version++) {
		if (store_exec(st, migrations[version], err))
			goto fail;
	}
	char sql[96];
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
		 STORE_APPLICATION_ID, STORE_SCHEMA_VERSION);
	if (store_exec(st, sql, err) || store_commit(st, err))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return err->code;
}

/* (Re)connects; `immutable` opens a read-only snapshot through a file: URI. */
static int store_connect(store *st, bool immutable, ab_err *err)
{
	if (st->db)
		sqlite3_close_v2(st->db);
	st->db = NULL;
	char uri[8192] = "file:";
	const char *name = st->path;
	int flags = (st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
	if (immutable) {
		/* Percent-encode what a URI path may not hold as it is. */
		size_t j = strlen(uri);
		for (const unsigned char *p = (const unsigned char *)st->path; *p && j + 16 < sizeof uri; p++) {
			if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7F)
				j += (size_t)snprintf(uri + j, sizeof uri - j, "%%%02X", *p);
			else
				uri[j++] = (char)*p;
		}
		snprintf(uri + j, sizeof uri - j, "?immutable=1");
		name = uri;
		flags |= SQLITE_OPEN_URI;
	}
	if (sqlite3_open_v2(name, &st->db, flags, NULL) != SQLITE_OK) {
		store_fail(st, err, "opening");
		err->code = EX_NOINPUT;
		return EX_NOINPUT;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	return 0;
}

/* Whether the directory that will hold `path` is shared with its group: group-writable (as
 * a shared database's directory must be, for the -wal and -shm files) but not
 * world-writable (/tmp is everyone's, not a group's). */
static bool store_dir_shared(const char *path)
{
	char *copy = strdup(path);
	struct stat sb;
	bool shared = copy && stat(dirname(copy), &sb) == 0 && (sb.st_mode & S_IWGRP) &&
		      !(sb.st_mode & S_IWOTH);
	free(copy);
	return shared;
}

/* Creates an empty file; *made says whether this call made it (another process may have
 * just done so, and then the file is theirs, never to be removed by us). */
static int store_create_file(const char *path, bool *made, ab_err *err)
{
	/* 0660 under the umask; SQLite gives the -wal and -shm files this file's mode. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0660);
	*made = fd >= 0;
	if (fd < 0 && errno != EEXIST)
		return err_set_at(err, EX_CANTCREAT, path, 0, 0, "cannot create the database: %s",
				  strerror(errno));
	/* In a directory shared with a group the group must be able to write whatever the
	 * creator's umask: a database its group may read but not write lets a reader create
	 * a -shm file that locks every writer out. */
	if (fd >= 0 && store_dir_shared(path) && fchmod(fd, 0660) != 0) {
		int e = errno;
		close(fd);
		unlink(path);
		*made = false;
		return err_set_at(err, EX_CANTCREAT, path, 0, 0, "cannot set the database's mode: %s",
				  strerror(e));
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

int store_open(const char *path, int flags, store **out, ab_err *err)
{
	*out = NULL;
	off_t size = -1;
	if (store_check_header(path, &size, err))
		return err->code;
	bool fresh = size < 0;
	if (fresh) {
		if (!(flags & STORE_CREATE) || (flags & STORE_READONLY))
			return err_set_at(err, EX_NOINPUT, path, 0, 0, "no such database");
		if (store_create_file(path, &fresh, err))
			return err->code;
	}
	store *st = calloc(1, sizeof *st);
	if (!st || !(st->path = strdup(path))) {
		free(st);
		return err_set(err, EX_OSERR, "out of memory");
	}
	st->created = fresh;
	st->readonly = (flags & STORE_READONLY) || euidaccess(path, W_OK) != 0 ||
		       !store_dir_writable(path);
	if (store_connect(st, false, err))
		goto fail;
	if (store_check_identity(st, fresh, err)) {
		/* A reader who may not create the -shm file beside a WAL database can still
		 * read it as an immutable snapshot (SQLite's rule for read-only WAL). */
		if (!st->readonly || err->code == EX_DATAERR || err->code == EX_CONFIG)
			goto fail;
		err_clear(err);
		if (store_connect(st, true, err) || store_check_identity(st, fresh, err))
			goto fail;
		st->snapshot = true;
	}
	if (!st->readonly && store_exec(st, "PRAGMA journal_mode = WAL", err))
		goto fail;
	if (store_exec(st, "PRAGMA foreign_keys = ON", err) || store_migrate(st, err))
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	if (fresh)
		unlink(path); /* we made it; leave nothing half-built behind */
	return err->code;
}

void store_close(store *st)
{
	if (!st)
		return;
	sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

int store_data_version(store *st, long long *out, ab_err *err)
{
	int v = 0;
	if (store_pragma_int(st, "PRAGMA data_version", &v, err))
		return err->code;
	*out = v;
	return 0;
}

/* A copy in steps, so that writers in other processes are held up only briefly. */
static int store_copy(store *st, const char *tmp, const char *dest, ab_err *err)
{
	sqlite3 *out = NULL;
	int rc = sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(out, "main", st->db, "main") : NULL;
	if (!b) {
		err_set_at(err, EX_CANTCREAT, dest, 0, 0, "cannot write the backup: %s",
			   out ? sqlite3_errmsg(out) : "out of memory");
		sqlite3_close(out);
		return err->code;
	}
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	sqlite3_close(out);
	if (rc != SQLITE_DONE)
		return err_set_at(err, EX_IOERR, dest, 0, 0, "backup failed: %s", sqlite3_errstr(rc));
	return 0;
}

int store_backup(store *st, const char *dest, bool overwrite, ab_err *err)
{
	/* Refused early so as not to copy a large database for nothing; the no-replace
	 * commit is what keeps a file that appears meanwhile. */
	struct stat sb;
	if (!overwrite && lstat(dest, &sb) == 0)
		return err_set_at(err, EX_CANTCREAT, dest, 0, 0,
				  "already exists (use --force to replace it)");
	/* The copy goes to a file util_atomic created exclusively beside dest (never one
	 * planted there, never through a symlink), then takes dest's name. SQLite writes it
	 * by name and has closed it before the commit: closing a.fp while SQLite held the
	 * file would drop SQLite's POSIX locks on it. */
	util_atomic a;
	if (util_atomic_begin_named(&a, dest, 0660, "the backup", err))
		return err->code;
	if (store_copy(st, a.tmp, dest, err)) {
		util_atomic_abort(&a);
		return err->code;
	}
	return util_atomic_commit(&a, overwrite, err);
}

/* ---- dump ----------------------------------------------------------------------- */

static int store_dump_query(store *st, FILE *fp, const char *table, const char *sql,
			    ab_err *err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, sql, &s, err))
		return err->code;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fprintf(fp, "%s:", table);
		for (int i = 0; i < sqlite3_column_count(s); i++) {
			const char *v = store_col(s, i);
			fprintf(fp, "%s%s", i ? "|" : "", v ? v : "NULL");
		}
		fputc('\n', fp);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "dumping");
}

int store_dump(store *st, FILE *fp, ab_err *err)
{
	/* Every table of the current schema, each in its key order. */
	static const char *const tables[][2] = {
		{"establishment", "SELECT * FROM establishment ORDER BY id"},
		{"cycle", "SELECT * FROM cycle ORDER BY id"},
		{"item", "SELECT * FROM item ORDER BY id"},
		{"owner", "SELECT * FROM owner ORDER BY id"},
		{"owner_alias", "SELECT * FROM owner_alias ORDER BY alias"},
		{"action", "SELECT * FROM action ORDER BY id"},
		{"action_owner", "SELECT * FROM action_owner ORDER BY action_id, owner_id"},
		{"history", "SELECT * FROM history ORDER BY id"},
		{"source_file", "SELECT * FROM source_file ORDER BY path"},
		{"auth_policy", "SELECT * FROM auth_policy"},
		{"auth_user", "SELECT * FROM auth_user ORDER BY login"},
		{"auth_user_owner", "SELECT * FROM auth_user_owner ORDER BY login, owner_id"},
	};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		if (store_dump_query(st, fp, tables[i][0], tables[i][1], err))
			return err->code;
	return 0;
}
