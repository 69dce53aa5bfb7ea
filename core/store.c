#include "store_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "counts_sql.h"
#include "util.h"

/* BEGIN IMMEDIATE, retrying while another writer holds the lock (beyond the busy timeout).
 * Refused with EX_IOERR when the file at the path is no longer the one opened (store.h):
 * the one place where every write begins, so none reaches an orphaned or damaged file. */
static int store_begin(store *st, ab_err *err);

#define STORE_BUSY_MS 5000
/* A -wal file restarted from its beginning is cut back to this size (store_close_wal):
 * 4 MiB, what SQLite's automatic checkpoint (1000 pages of 4 KiB) lets it reach between
 * two checkpoints. */
#define STORE_WAL_LIMIT "PRAGMA journal_size_limit = 4194304"

struct store {
	sqlite3 *db;
	char *path;
	bool readonly;
	bool created;
	bool snapshot; /* read-only and immutable: others' later changes are not seen */
	/* The file opened, for store_check_file: its device and inode, whether it had an
	 * SQLite header (only a database being built has none), and the application_id
	 * that header held (0 in one created by an older actionboard whose first
	 * transaction is still only in the -wal file). */
	bool known; /* the rest is filled in (store_remember_file) */
	dev_t dev;
	ino_t ino;
	bool headed;
	unsigned long disk_appid;
	/* The -shm file's device and inode (shm_known), to find who holds the write lock in
	 * /proc/locks when a write times out (store_lock_holder). */
	bool shm_known;
	dev_t shm_dev;
	ino_t shm_ino;
	bool wrote; /* a write transaction was begun: this process checkpoints at its close */
	/* When the process may not look the path up later (the shared server: the group that
	 * reaches the directory is given up), an inotify watch on the directory, set while it
	 * could, tells whether the name was moved, removed or replaced (store_watch_moved). */
	int watch; /* -1: none */
	bool moved;
	ino_t wal_ino; /* the -wal file's inode at open (0: none), for store_mark */
	bool marked;   /* store_file holds this file's and its -wal file's identity */
	/* Statements kept by store_prepare_kept: parsed once per connection, not per use. */
	struct store_kept {
		char *sql;
		sqlite3_stmt *s;
	} *kept;
	size_t nkept, capkept;
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
	/* 2 -> 3: the users, roles and owners an admin synced (auth.c). One row in auth_policy
	 * says "the users below are the complete list" (a users section was synced, even an
	 * empty one); no row means no policy is stored. Owners are kept by id, so an alias
	 * renamed in the settings still names the same owner. */
	"CREATE TABLE auth_policy ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  changed_at TEXT NOT NULL,"
	"  changed_by TEXT NOT NULL);"
	"CREATE TABLE auth_user ("
	"  login TEXT PRIMARY KEY,"
	"  role TEXT NOT NULL CHECK (role IN ('viewer','editor','admin'))) WITHOUT ROWID;"
	"CREATE TABLE auth_user_owner ("
	"  login TEXT NOT NULL REFERENCES auth_user(login),"
	"  owner_id INTEGER NOT NULL REFERENCES owner(id),"
	"  PRIMARY KEY (login, owner_id)) WITHOUT ROWID;",
	/* 3 -> 4: an event may reverse an earlier one of the same action (undo, a retracted
	 * or corrected note: core/action.h), each at most once; nothing is ever removed. */
	"ALTER TABLE history ADD COLUMN reverses INTEGER;" /* the trigger below checks it */
	"CREATE UNIQUE INDEX history_reversed ON history(reverses) WHERE reverses IS NOT NULL;"
	"CREATE TRIGGER history_reverses_same_action BEFORE INSERT ON history"
	"  WHEN NEW.reverses IS NOT NULL AND (SELECT action_id FROM history"
	"    WHERE id = NEW.reverses) IS NOT NEW.action_id"
	"  BEGIN SELECT RAISE(ABORT, 'an event reverses only an event of its own action'); END;",
	/* 4 -> 5: judgements, item links and the Urgent Notification date (judge.c).
	 * Judgements and links are records of what somebody said, so both tables are
	 * append-only: a correction is a new row. The CHECK ties each value to its source's
	 * scale. The Urgent Notification date is a plan's definition, synced like its others. */
	"ALTER TABLE cycle ADD COLUMN urgent_notification TEXT;"
	"CREATE TABLE judgement ("
	"  id INTEGER PRIMARY KEY,"
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  source TEXT NOT NULL CHECK (source IN ('irp', 'inspection', 'self')),"
	"  value TEXT NOT NULL CHECK (CASE source WHEN 'irp' THEN value IN"
	"    ('no_meaningful_progress', 'insufficient_progress', 'reasonable_progress',"
	"     'good_progress') ELSE value IN ('achieved', 'partially_achieved', 'not_achieved')"
	"    END),"
	"  date TEXT NOT NULL,"        /* when it was judged */
	"  note TEXT,"
	"  origin TEXT NOT NULL CHECK (origin IN ('user', 'plan')),"
	"  recorded_by TEXT NOT NULL,"
	"  recorded_at TEXT NOT NULL);"
	"CREATE INDEX judgement_item ON judgement(item_id, source, date, id);"
	"CREATE TRIGGER judgement_no_update BEFORE UPDATE ON judgement"
	"  BEGIN SELECT RAISE(ABORT, 'judgements are append-only'); END;"
	"CREATE TRIGGER judgement_no_delete BEFORE DELETE ON judgement"
	"  BEGIN SELECT RAISE(ABORT, 'judgements are append-only'); END;"
	"CREATE TABLE item_link ("
	"  id INTEGER PRIMARY KEY,"
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  earlier_id INTEGER REFERENCES item(id),"  /* NULL: not a repeat (an unlink) */
	"  origin TEXT NOT NULL CHECK (origin IN ('user', 'plan')),"
	"  changed_by TEXT NOT NULL,"
	"  changed_at TEXT NOT NULL,"
	"  CHECK (earlier_id IS NOT item_id));"
	"CREATE INDEX item_link_item ON item_link(item_id, origin, id);"
	"CREATE INDEX item_link_earlier ON item_link(earlier_id);"
	"CREATE TRIGGER item_link_no_update BEFORE UPDATE ON item_link"
	"  BEGIN SELECT RAISE(ABORT, 'item links are append-only'); END;"
	"CREATE TRIGGER item_link_no_delete BEFORE DELETE ON item_link"
	"  BEGIN SELECT RAISE(ABORT, 'item links are append-only'); END;",
	/* 5 -> 6: the whole estate on one screen. */
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
	/* 6 -> 7: rights that stop at establishments (auth.c) */
	"CREATE TABLE auth_user_establishment ("
	"  login TEXT NOT NULL REFERENCES auth_user(login),"
	"  establishment_id INTEGER NOT NULL REFERENCES establishment(id),"
	"  PRIMARY KEY (login, establishment_id)) WITHOUT ROWID;",
	/* 7 -> 8: an owner the estate shares (HMPPS, NHS England, a provider) rather than a
	 * local role each establishment has its own of ("Governor"): from the settings (sync). */
	"ALTER TABLE owner ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;",
	/* 8 -> 9: a plan's judgement that left its file is withdrawn, not deleted (judge.c) */
	"CREATE TABLE judgement_withdrawal ("
	"  judgement_id INTEGER PRIMARY KEY REFERENCES judgement(id),"
	"  recorded_by TEXT NOT NULL,"
	"  recorded_at TEXT NOT NULL);"
	"CREATE TRIGGER judgement_withdrawal_plan BEFORE INSERT ON judgement_withdrawal"
	"  WHEN (SELECT origin FROM judgement WHERE id = NEW.judgement_id) IS NOT 'plan'"
	"  BEGIN SELECT RAISE(ABORT, 'only a plan''s judgement is withdrawn'); END;"
	"CREATE TRIGGER judgement_withdrawal_no_update BEFORE UPDATE ON judgement_withdrawal"
	"  BEGIN SELECT RAISE(ABORT, 'withdrawals are append-only'); END;"
	"CREATE TRIGGER judgement_withdrawal_no_delete BEFORE DELETE ON judgement_withdrawal"
	"  BEGIN SELECT RAISE(ABORT, 'withdrawals are append-only'); END;",
	/* 9 -> 10: a second person's verification and the verifier role (verify.c) */
	/* The plan's `verification: required` (synced); 0: a completion stands alone. */
	"ALTER TABLE cycle ADD COLUMN verification INTEGER NOT NULL DEFAULT 0;"
	/* Who verified the completion in effect, and when; NULL while not verified. */
	"ALTER TABLE action ADD COLUMN verified_by TEXT;"
	"ALTER TABLE action ADD COLUMN verified_at TEXT;"
	/* The users whose role is `verifier`: stored in auth_user as viewers (they may only
	 * read), and listed here, so that auth_user's CHECK stays as it was. */
	"CREATE TABLE auth_verifier ("
	"  login TEXT PRIMARY KEY REFERENCES auth_user(login),"
	"  role TEXT NOT NULL DEFAULT 'verifier' CHECK (role = 'verifier')) WITHOUT ROWID;"
	/* A verification is of one completion: any status change (a user's, an undo, a
	 * rejection) ends it, whoever makes it. */
	"CREATE TRIGGER action_verification_ends AFTER UPDATE OF status ON action"
	"  WHEN old.status IS NOT new.status AND old.verified_at IS NOT NULL BEGIN"
	"  UPDATE action SET verified_by = NULL, verified_at = NULL WHERE id = new.id; END;",
	/* 10 -> 11: evidence: the content-addressed store and the entries (evidence.c) */
	/* The store: each distinct content once, under its SHA-256. */
	"CREATE TABLE evidence_blob ("
	"  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),"
	"  size INTEGER NOT NULL,"
	"  data BLOB NOT NULL);"
	/* The entries, numbered per action; a file's content is in evidence_blob. */
	"CREATE TABLE evidence ("
	"  id INTEGER PRIMARY KEY,"
	"  action_id INTEGER NOT NULL REFERENCES action(id),"
	"  n INTEGER NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('file', 'url')),"
	"  name TEXT NOT NULL,"
	"  size INTEGER NOT NULL DEFAULT 0,"
	"  sha256 TEXT REFERENCES evidence_blob(sha256),"
	"  note TEXT,"
	"  added_by TEXT NOT NULL,"
	"  added_at TEXT NOT NULL,"
	"  CHECK ((kind = 'file') = (sha256 IS NOT NULL)),"
	"  UNIQUE (action_id, n));"
	/* A removal is an event of its own; the entry stays. */
	"CREATE TABLE evidence_removal ("
	"  evidence_id INTEGER PRIMARY KEY REFERENCES evidence(id),"
	"  removed_by TEXT NOT NULL,"
	"  removed_at TEXT NOT NULL,"
	"  reason TEXT NOT NULL);"
	"CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence"
	"  BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;"
	"CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence"
	"  BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;"
	"CREATE TRIGGER evidence_blob_no_update BEFORE UPDATE ON evidence_blob"
	"  BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;"
	"CREATE TRIGGER evidence_blob_no_delete BEFORE DELETE ON evidence_blob"
	"  BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;"
	"CREATE TRIGGER evidence_removal_no_update BEFORE UPDATE ON evidence_removal"
	"  BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;"
	"CREATE TRIGGER evidence_removal_no_delete BEFORE DELETE ON evidence_removal"
	"  BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;",
	/* 11 -> 12: amendments made in the tool: action.origin, amended_by, amended_at (amend.c) */
	/* Where an action's definition comes from; who amended it last, and when. */
	"ALTER TABLE action ADD COLUMN origin TEXT NOT NULL DEFAULT 'plan'"
	"  CHECK (origin IN ('plan', 'amendment'));"
	"ALTER TABLE action ADD COLUMN amended_by TEXT;"
	"ALTER TABLE action ADD COLUMN amended_at TEXT;",
	/* 12 -> 13: the files the latest writes went to: the database's device and inode and
	 * its -wal file's inode (store_mark, store_check_pair). One row. */
	"CREATE TABLE store_file ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  dev INTEGER NOT NULL,"
	"  ino INTEGER NOT NULL,"
	"  wal_ino INTEGER NOT NULL);",
	/* 13 -> 14: each plan's figures kept by triggers in the same statement as every write,
	 * so that reads of the whole estate look them up instead of counting (counts_sql.h). */
	COUNTS_SCHEMA_SQL,
	/* 14 -> 15: the same per plan and owner, for the owners pane and picker (counts_sql.h) */
	COUNTS_OWNER_SCHEMA_SQL,
	/* 15 -> 16: which plan each write touched, for dashboards to reload only that (counts_sql.h) */
	COUNTS_CHANGE_SCHEMA_SQL,
	/* 16 -> 17: the verified of each plan counted from an index of them alone, beside the
	 * kept figures (digest.c, estate.c: RULES_VERIFIED) */
	"CREATE INDEX action_verified ON action(cycle_id) WHERE retired = 0"
	"  AND status = 'completed' AND verified_at IS NOT NULL;",
	/* count_hold: a plan sync loads whole has its figures filled once at its end, not by
	 * the triggers row by row (counts_sql.h) */
	COUNTS_HOLD_SCHEMA_SQL,
	/* 18 -> 19: plan_count.dated, so a plan's overdue are counted from the rows of plan_due
	 * due today or later, not from every row before today (counts_sql.h) */
	COUNTS_DATED_SCHEMA_SQL,
	/* an owner's plans found from their kept figures, without reading the actions
	 * (estate.c: estate_owner_plans, the owner's list read lazily) */
	"CREATE INDEX owner_count_owner ON owner_count(owner_id, cycle_id, actions);",
	/* 20 -> 21: names_change, moved only by the writes that may change the owners a
	 * picker offers (counts_sql.h) */
	COUNTS_NAMES_SCHEMA_SQL,
	/* 21 -> 22: an owner's overdue in every plan from one range of owner_due, not a search
	 * per plan (estate.c: estate_owner_plans); n included, so the range is all it reads */
	"CREATE INDEX owner_due_owner ON owner_due(owner_id, cycle_id, due, n);",
};

static bool store_head_magic(const unsigned char *hdr, ssize_t n)
{
	return n >= 16 && memcmp(hdr, "SQLite format 3", 16) == 0;
}

int store_sqlite_magic(const char *path)
{
	unsigned char hdr[16];
	ssize_t n = util_read_head(path, hdr, sizeof hdr, NULL);
	return n < 0 ? -1 : store_head_magic(hdr, n);
}

int store_file_peek(const char *path, long *version, bool *wal)
{
	unsigned char hdr[100];
	if (util_read_head(path, hdr, sizeof hdr, NULL) != (ssize_t)sizeof hdr ||
	    !store_head_magic(hdr, sizeof hdr))
		return -1;
	/* the header's layout: sqlite.org/fileformat.html, 1.3 */
	*version = (long)hdr[60] << 24 | (long)hdr[61] << 16 | (long)hdr[62] << 8 | hdr[63];
	*wal = hdr[18] == 2 && hdr[19] == 2;
	return 0;
}

char *store_wal_path(const char *path)
{
	util_buf b = {0};
	util_buf_puts(&b, path);
	util_buf_puts(&b, "-wal");
	return util_buf_take(&b);
}

int store_mark_again(store *st, ab_err *err)
{
	st->marked = false;
	return store_begin(st, err) || store_commit(st, err) ? err->code : 0;
}

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
	int failed_write = errno; /* before anything here can change it */
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
	/* "disk I/O error" says little: the system's reason (File too large, No space left on
	 * device) says what to do. */
	int sys = code == EX_IOERR ? sqlite3_system_errno(st->db) : 0;
	if (!sys && (rc == SQLITE_IOERR_WRITE || (rc & 0xFF) == SQLITE_FULL))
		sys = failed_write; /* SQLite keeps no errno for a failed write: the call's own */
	if (code == EX_DATAERR) /* "database disk image is malformed" alone says little */
		return err_set_at(err, code, st->path, 0, 0,
				  "%s: the database file %s is damaged (%s): "
				  "restore it from a backup (actionboard restore)",
				  what, st->path, sqlite3_errmsg(st->db));
	return err_set_at(err, code, st->path, 0, 0, "%s: %s%s%s%s", what, sqlite3_errmsg(st->db),
			  sys ? " (" : "", sys ? strerror(sys) : "", sys ? ")" : "");
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

int store_prepare_kept(store *st, const char *sql, sqlite3_stmt **out, ab_err *err)
{
	for (size_t i = 0; i < st->nkept; i++) {
		struct store_kept *k = &st->kept[i];
		if (!sqlite3_stmt_busy(k->s) && !strcmp(k->sql, sql)) {
			sqlite3_reset(k->s);
			sqlite3_clear_bindings(k->s);
			*out = k->s;
			return 0;
		}
	}
	if (store_prepare(st, sql, out, err))
		return err->code;
	XGROW(st->kept, st->nkept, st->capkept);
	st->kept[st->nkept++] = (struct store_kept){xstrdup(sql), *out};
	return 0;
}

static void store_kept_free(store *st)
{
	for (size_t i = 0; i < st->nkept; i++) {
		sqlite3_finalize(st->kept[i].s);
		free(st->kept[i].sql);
	}
	free(st->kept);
	st->kept = NULL;
	st->nkept = st->capkept = 0;
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

/* "cannot read: reason", as a permission problem (EX_NOPERM) when it is one. */
static int store_unreadable(const char *path, int e, ab_err *err)
{
	return err_set_at(err, (e == EACCES || e == EPERM) ? EX_NOPERM : EX_NOINPUT, path, 0, 0,
			  "cannot read: %s", strerror(e));
}

/*
 * The library's process-wide settings, made once before its first connection (SQLite
 * takes them only before it initialises). Memory statistics off: SQLite then counts no
 * allocation under a global mutex (a sync from empty of the 10k estate ran 4% fewer
 * instructions); nothing here reads those statistics or sets a heap limit, which need
 * them. Should the library already be initialised, it refuses and keeps its
 * defaults: only slower.
 */
static void store_sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static void store_sqlite_once(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, store_sqlite_setup);
}

/*
 * sqlite3_open_v2 on a name that is always a path. This libsqlite3 may read a name that
 * begins with "file:" as a URI whatever the flags (SQLITE_USE_URI: Debian's does), and
 * takes ":memory:" and "" as no file at all; a relative path given as "./path" is none of
 * these, and is the same file.
 */
int store_sqlite_open(const char *path, int flags, sqlite3 **db)
{
	store_sqlite_once();
	util_buf b = {0};
	if (path[0] != '/')
		util_buf_puts(&b, "./");
	util_buf_puts(&b, path);
	char *name = util_buf_take(&b);
	*db = NULL;
	int rc = sqlite3_open_v2(name, db, flags, NULL);
	free(name);
	return rc;
}

/* The first 100 bytes of the file SQLite has open (its own handle: opening the file
 * again and closing that descriptor would drop the locks SQLite holds on it). Bytes the
 * file does not have (truncated) read as zeros. */
static bool store_read_header(store *st, unsigned char hdr[100])
{
	sqlite3_file *f = NULL;
	sqlite3_int64 size = 0;
	memset(hdr, 0, 100);
	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_FILE_POINTER, &f) != SQLITE_OK ||
	    !f || !f->pMethods || f->pMethods->xFileSize(f, &size) != SQLITE_OK)
		return false;
	if (size < 100)
		return true;
	int rc = f->pMethods->xRead(f, hdr, 100, 0);
	return rc == SQLITE_OK || rc == SQLITE_IOERR_SHORT_READ;
}

static bool store_header_sqlite(const unsigned char hdr[100])
{
	return memcmp(hdr, "SQLite format 3", 16) == 0;
}

/* The header's application_id (big-endian at offset 68). */
static unsigned long store_header_appid(const unsigned char hdr[100])
{
	return (unsigned long)hdr[68] << 24 | (unsigned long)hdr[69] << 16 |
	       (unsigned long)hdr[70] << 8 | hdr[71];
}

/* Notes which file the store has open, for store_check_file. */
static int store_remember_file(store *st, ab_err *err)
{
	struct stat sb;
	unsigned char hdr[100];
	if (stat(st->path, &sb) != 0)
		return store_unreadable(st->path, errno, err);
	if (!store_read_header(st, hdr))
		return err_set_at(err, EX_IOERR, st->path, 0, 0, "cannot read the database header");
	st->known = true;
	st->dev = sb.st_dev;
	st->ino = sb.st_ino;
	st->headed = store_header_sqlite(hdr);
	st->disk_appid = store_header_appid(hdr);
	return 0;
}

/* What became of the file a store opened (store_file_state). */
typedef enum {
	STORE_FILE_SAME,
	STORE_FILE_REMOVED,
	STORE_FILE_REPLACED, /* another file renamed over the path */
	STORE_FILE_DAMAGED,  /* the same file, truncated or overwritten in place */
	STORE_FILE_MOVED,    /* moved, removed or replaced: the watch cannot tell which */
} store_file_fate;

/*
 * Watches the database's directory when the process's real ids cannot search it (so
 * stat() of the path will fail once the group is given up): the watch is set now, with
 * the rights the process has while opening, and keeps reporting after. A failure leaves
 * no watch (the header check still runs).
 */
static void store_watch(store *st)
{
	st->watch = -1;
	char *copy = xstrdup(st->path);
	const char *dir = dirname(copy);
	if (access(dir, X_OK) != 0) {
		int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (fd >= 0 && inotify_add_watch(fd, dir, IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE |
							  IN_CREATE | IN_DELETE_SELF |
							  IN_MOVE_SELF) < 0) {
			close(fd);
			fd = -1;
		}
		st->watch = fd;
	}
	free(copy);
}

/* Whether the watch saw the database's name moved, removed or created again (or the
 * directory itself go, or events lost): once seen, for good. */
static bool store_watch_moved(store *st)
{
	if (st->watch < 0 || st->moved)
		return st->moved;
	const char *base = strrchr(st->path, '/');
	base = base ? base + 1 : st->path;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;
	while ((n = read(st->watch, buf, sizeof buf)) > 0) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
			if ((ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_Q_OVERFLOW | IN_IGNORED)) ||
			    (ev->len && !strcmp(ev->name, base)))
				st->moved = true;
			p += sizeof *ev + ev->len;
		}
	}
	return st->moved;
}

static store_file_fate store_file_state(store *st)
{
	struct stat sb;
	unsigned char hdr[100];
	/* A path the process may no longer reach (setgid mode: the group that opened the
	 * server's directory was given up) cannot be compared; only that group can replace
	 * the file there. */
	bool reached = stat(st->path, &sb) == 0;
	if (!reached && errno != EACCES)
		return STORE_FILE_REMOVED;
	if (!reached && store_watch_moved(st))
		return STORE_FILE_MOVED;
	if (reached && (sb.st_dev != st->dev || sb.st_ino != st->ino))
		return STORE_FILE_REPLACED;
	if (!store_read_header(st, hdr))
		return STORE_FILE_DAMAGED;
	if (st->headed && (!store_header_sqlite(hdr) ||
			   (store_header_appid(hdr) != STORE_APPLICATION_ID &&
			    store_header_appid(hdr) != st->disk_appid)))
		return STORE_FILE_DAMAGED;
	return STORE_FILE_SAME;
}

/*
 * Before each write: is the file at the path still the database this store opened? Not
 * if it was removed, or another file was renamed over it (the writes would go to the
 * orphan nobody reads), or it was truncated or overwritten in place. Such a write is
 * refused with EX_IOERR, not EX_TEMPFAIL: trying again cannot help, the user must look at
 * the file. The message names the file itself, as the dashboard shows only the message.
 */
int store_check_file(store *st, ab_err *err)
{
	static const char *const why[] = {
		[STORE_FILE_REMOVED] = "was removed",
		[STORE_FILE_REPLACED] = "was replaced by another file",
		[STORE_FILE_DAMAGED] = "was truncated or overwritten",
		[STORE_FILE_MOVED] = "was moved, removed or replaced",
	};
	store_file_fate fate = store_file_state(st);
	if (fate == STORE_FILE_SAME)
		return 0;
	return err_set(err, EX_IOERR,
		       "the database %s %s since it was opened: nothing was written (restore it "
		       "from a backup if need be, then start again)",
		       st->path, why[fate]);
}

/*
 * Inside a write transaction, once per store: records in store_file which database file
 * and which -wal file the writes go to (written only when they changed: after a new -wal
 * file, a restore, a copy). So the frames in a -wal file always say, through the row they
 * carry or the file's own, which pair they belong to (store_check_pair). Best effort: a
 * database not yet migrated has no such table.
 */
static void store_mark(store *st)
{
	sqlite3_stmt *s;
	if (st->marked || !st->known ||
	    sqlite3_prepare_v2(st->db,
			       "INSERT INTO store_file (id, dev, ino, wal_ino) VALUES (1, ?1, ?2, ?3)"
			       " ON CONFLICT (id) DO UPDATE SET dev = excluded.dev, ino = excluded.ino,"
			       " wal_ino = excluded.wal_ino WHERE dev IS NOT excluded.dev"
			       " OR ino IS NOT excluded.ino OR wal_ino IS NOT excluded.wal_ino",
			       -1, &s, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)st->dev);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)st->ino);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)st->wal_ino);
	st->marked = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
}

/*
 * At open: refuses a database file put in place by a file-level copy (cp, mv, a restore
 * by hand) while the -wal file of the one that was there stayed beside it. SQLite would
 * read that -wal file's frames as part of the new file (the restore silently undone, or
 * the database damaged). Seen when the -wal file has frames, is the very file the latest
 * writes went to (store_file: same inode), and the database file is not. A pair copied
 * together (both files new) is accepted. A copy written into the same file in place
 * (cp over it, keeping its inode) cannot be told apart.
 */
static int store_check_pair(store *st, ab_err *err)
{
	char *wal = store_wal_path(st->path);
	struct stat sb;
	bool frames = stat(wal, &sb) == 0 && sb.st_size > 0;
	st->wal_ino = stat(wal, &sb) == 0 ? sb.st_ino : 0;
	free(wal);
	sqlite3_stmt *s;
	if (!frames || sqlite3_prepare_v2(st->db, "SELECT dev, ino, wal_ino FROM store_file", -1,
					  &s, NULL) != SQLITE_OK)
		return 0;
	bool stale = sqlite3_step(s) == SQLITE_ROW &&
		     (ino_t)sqlite3_column_int64(s, 2) == st->wal_ino &&
		     ((dev_t)sqlite3_column_int64(s, 0) != st->dev ||
		      (ino_t)sqlite3_column_int64(s, 1) != st->ino);
	sqlite3_finalize(s);
	if (!stale)
		return 0;
	st->known = false; /* closing must not fold that -wal file into this file */
	return err_set_at(err, EX_DATAERR, st->path, 0, 0,
			  "this file was put in place of the database by a file-level copy while "
			  "the -wal file of the one that was there stayed beside it: SQLite would "
			  "mix the two, so it is not opened and nothing was written. Put the "
			  "database that was there back, or move %s-wal and %s-shm aside (they hold "
			  "its latest changes) with every actionboard stopped; restore backups with "
			  "'actionboard restore', never by copying files",
			  st->path, st->path);
}

/* The shm offset of SQLite's WAL write lock on Unix: (22 + SQLITE_SHM_NLOCK) * 4 + 0. */
#define STORE_SHM_WRITE_LOCK 120

/* The login of process `pid`'s real uid (from /proc/PID/status, readable for every
 * process, setgid ones too), or "" when it cannot be read. */
static void store_pid_login(long pid, char *out, size_t n)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%ld/status", pid);
	out[0] = '\0';
	FILE *fp = fopen(path, "re");
	if (!fp)
		return;
	unsigned long uid;
	while (fgets(line, sizeof line, fp)) {
		if (sscanf(line, "Uid: %lu", &uid) == 1) {
			struct passwd *pw = getpwuid((uid_t)uid);
			if (pw)
				snprintf(out, n, "%s", pw->pw_name);
			else
				snprintf(out, n, "uid %lu", uid);
			break;
		}
	}
	fclose(fp);
}

/*
 * Who holds the write lock: the process with a POSIX write lock on the -shm file's
 * write-lock byte, read from /proc/locks (world-readable, so it works after the group was
 * given up, when the -shm file itself is out of reach). Fills `out` with " (the write
 * lock is held by process PID of LOGIN)", or leaves it empty when nobody can be found.
 */
static void store_lock_holder(store *st, char *out, size_t n)
{
	out[0] = '\0';
	if (!st->shm_known)
		return;
	FILE *fp = fopen("/proc/locks", "re");
	if (!fp)
		return;
	char line[256];
	while (fgets(line, sizeof line, fp)) {
		char kind[16], mode[16], type[16];
		long pid;
		unsigned maj, min;
		unsigned long ino;
		char end[32];
		long long start;
		/* "1: POSIX  ADVISORY  WRITE 1234 08:01:5678 120 120" */
		if (sscanf(line, "%*[^:]: %15s %15s %15s %ld %x:%x:%lu %lld %31s", kind, mode, type,
			   &pid, &maj, &min, &ino, &start, end) != 9)
			continue;
		if (strcmp(kind, "POSIX") || strcmp(type, "WRITE") || pid <= 0 ||
		    makedev(maj, min) != st->shm_dev || ino != st->shm_ino)
			continue;
		long long last = strcmp(end, "EOF") ? atoll(end) : -1;
		if (start > STORE_SHM_WRITE_LOCK || (last >= 0 && last < STORE_SHM_WRITE_LOCK))
			continue;
		char login[64];
		store_pid_login(pid, login, sizeof login);
		snprintf(out, n, " (the write lock is held by process %ld%s%s)", pid,
			 login[0] ? " of " : "", login);
		break;
	}
	fclose(fp);
}

/* Notes the -shm file's identity for store_lock_holder (nothing when there is none). */
static void store_remember_shm(store *st)
{
	util_buf b = {0};
	util_buf_puts(&b, st->path);
	util_buf_puts(&b, "-shm");
	char *shm = util_buf_take(&b);
	struct stat sb;
	if (stat(shm, &sb) == 0 && S_ISREG(sb.st_mode)) {
		st->shm_known = true;
		st->shm_dev = sb.st_dev;
		st->shm_ino = sb.st_ino;
	}
	free(shm);
}

/* A write that could not start or finish because another writer held the lock past the
 * busy timeout: SQLite's message, and who that writer is when it can be found. */
static int store_fail_busy(store *st, ab_err *err, const char *what)
{
	int code = store_fail(st, err, what);
	if (code != EX_TEMPFAIL)
		return code;
	char holder[160];
	store_lock_holder(st, holder, sizeof holder);
	size_t len = strlen(err->msg);
	snprintf(err->msg + len, sizeof err->msg - len, "%s", holder);
	return code;
}

int store_read_begin(store *st, ab_err *err)
{
	return store_exec(st, "SAVEPOINT store_read", err);
}

void store_read_end(store *st)
{
	sqlite3_exec(st->db, "RELEASE store_read", NULL, NULL, NULL); /* reads only: cannot fail */
}

static int store_begin(store *st, ab_err *err)
{
	return store_begin_checked(st, NULL, NULL, err);
}

int store_begin_checked(store *st, store_check_fn check, void *ctx, ab_err *err)
{
	if (st->readonly)
		return err_set_at(err, EX_NOPERM, st->path, 0, 0,
				  "the database is read-only for you (check the file's and its "
				  "directory's permissions)");
	if (store_check_file(st, err))
		return err->code;
	/* First as a reader: a refusal ends here, before any lock a writer would wait for. */
	if (check) {
		if (sqlite3_exec(st->db, "BEGIN DEFERRED", NULL, NULL, NULL) != SQLITE_OK)
			return store_fail(st, err, "starting to read");
		int rc = check(st, ctx, err);
		store_rollback(st);
		if (rc)
			return rc;
	}
	/* The busy handler already waits STORE_BUSY_MS; a few more rounds ride out a long
	 * writer (a large sync) without surfacing "database is locked". */
	for (int attempt = 0;; attempt++) {
		int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc == SQLITE_OK) {
			/* Again under the write lock: the file may have changed while waiting, and
			 * the roles too. */
			if (store_check_file(st, err) || (check && check(st, ctx, err))) {
				store_rollback(st);
				return err->code;
			}
			st->wrote = true;
			store_mark(st);
			return 0;
		}
		if ((rc & 0xFF) != SQLITE_BUSY || attempt >= 5)
			return store_fail_busy(st, err, "starting a transaction");
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
			int code = store_fail_busy(st, err, "committing");
			store_rollback(st);
			return code;
		}
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

void store_rollback(store *st)
{
	if (!sqlite3_get_autocommit(st->db)) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		st->marked = false; /* store_mark's row, if written, went with it */
	}
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

/*
 * Reads the first bytes without SQLite, so that a foreign file is never opened for
 * writing. *size is -1 only when nothing is at the path (ENOENT): a file the user may not
 * reach is theirs to be told about, never one to create. An empty file is never a new
 * database: actionboard creates none (store_create), so it is a database truncated to
 * nothing, whose -wal file SQLite would delete on opening it.
 */
static int store_check_header(const char *path, off_t *size, ab_err *err)
{
	struct stat sb;
	*size = -1;
	if (stat(path, &sb) != 0)
		return errno == ENOENT ? 0 : store_unreadable(path, errno, err);
	if (!S_ISREG(sb.st_mode))
		return err_set_at(err, EX_DATAERR, path, 0, 0, "not a regular file");
	*size = sb.st_size;
	if (sb.st_size == 0)
		return err_set_at(err, EX_DATAERR, path, 0, 0,
				  "the file is empty (0 bytes), not a database: if it was "
				  "truncated, move any -wal file beside it aside (it belongs to the "
				  "lost file) and restore a backup; otherwise remove it or use "
				  "another --db");
	int magic = store_sqlite_magic(path);
	if (magic < 0)
		return store_unreadable(path, errno, err);
	if (!magic)
		return err_set_at(err, EX_DATAERR, path, 0, 0,
				  "not an actionboard database (not an SQLite file); "
				  "choose another path with --db");
	return 0;
}

static bool store_dir_writable(const char *path)
{
	char *copy = xstrdup(path);
	/* The effective ids: a setgid actionboard reaches the directory through its group. */
	bool ok = euidaccess(dirname(copy), W_OK) == 0;
	free(copy);
	return ok;
}

/* Checks the identity and version of an existing database before anything writes. An
 * SQLite file with nothing in it yet is taken as new (it becomes ours when migrated). */
static int store_check_identity(store *st, ab_err *err)
{
	int appid = 0, version = 0, tables = 0;
	if (store_pragma_int(st, "PRAGMA application_id", &appid, err) ||
	    store_pragma_int(st, "PRAGMA user_version", &version, err) ||
	    store_pragma_int(st, "SELECT count(*) FROM sqlite_master", &tables, err))
		return err->code == EX_SOFTWARE ? (err->code = EX_DATAERR) : err->code;
	if (appid == 0 && version == 0 && tables == 0)
		return st->created = true, 0;
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

int store_migrate(store *st, ab_err *err)
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

int store_sqlite_open_immutable(const char *path, sqlite3 **db)
{
	/* "file://" + an absolute path (an empty authority), "file:" + a relative one;
	 * percent-encoded where a URI path may not hold a byte as it is. */
	util_buf b = {0};
	util_buf_puts(&b, path[0] == '/' ? "file://" : "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7F)
			util_buf_printf(&b, "%%%02X", *p);
		else
			util_buf_add(&b, (const char *)p, 1);
	}
	util_buf_puts(&b, "?immutable=1");
	char *uri = util_buf_take(&b);
	*db = NULL;
	store_sqlite_once();
	int rc = sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX |
					     SQLITE_OPEN_URI, NULL);
	free(uri);
	return rc;
}

/* (Re)connects; `immutable` opens a read-only snapshot through a file: URI. */
static int store_connect(store *st, bool immutable, ab_err *err)
{
	if (st->db)
		sqlite3_close_v2(st->db);
	st->db = NULL;
	int flags = (st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
	int rc;
	if (immutable) {
		rc = store_sqlite_open_immutable(st->path, &st->db);
	} else {
		rc = store_sqlite_open(st->path, flags, &st->db);
	}
	if (rc != SQLITE_OK) {
		if (st->db)
			store_fail(st, err, "opening");
		else /* SQLite could not allocate its connection */
			xmalloc_fail(sizeof(sqlite3 *));
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
	char *copy = xstrdup(path);
	struct stat sb;
	bool shared = stat(dirname(copy), &sb) == 0 && (sb.st_mode & S_IWGRP) &&
		      !(sb.st_mode & S_IWOTH);
	free(copy);
	return shared;
}

/* Builds the schema in the temporary file `tmp` (a WAL database, closed again so that
 * its header, with our application_id, is in the file itself). */
static int store_build(const char *tmp, ab_err *err)
{
	store t = {.path = (char *)tmp, .watch = -1};
	int rc = store_connect(&t, false, err) || store_remember_file(&t, err) ||
		 store_exec(&t, "PRAGMA journal_mode = WAL", err) || store_migrate(&t, err);
	if (t.db && sqlite3_close(t.db) != SQLITE_OK && !rc)
		rc = err_set_at(err, EX_CANTCREAT, tmp, 0, 0, "cannot finish the new database");
	return rc ? err->code : 0;
}

/* Whether a -wal file with frames in it is beside `path`. Where there is no database it
 * was left by one that is gone, and SQLite would read it as part of a new one. */
static bool store_stale_wal(const char *path)
{
	char *wal = store_wal_path(path);
	struct stat sb;
	bool stale = lstat(wal, &sb) == 0 && sb.st_size > 0;
	free(wal);
	return stale;
}

/*
 * Creates the database at `path` whole: built in a temporary file beside it (util_atomic:
 * O_EXCL, never through a symlink), then renamed into place without replacing anything.
 * So no process ever sees a half-made or empty database at the path. *made is false when
 * another process created it meanwhile (theirs is then opened as it is).
 */
static int store_create(const char *path, bool *made, ab_err *err)
{
	*made = false;
	struct stat sb;
	if (store_stale_wal(path))
		return stat(path, &sb) == 0 ? 0 /* made meanwhile by another process */
					    : err_set_at(err, EX_CANTCREAT, path, 0, 0,
							 "no database, but the -wal file of one that "
							 "was here: move %s-wal and %s-shm aside first",
							 path, path);
	/* 0660 under the umask; SQLite gives the -wal and -shm files this file's mode. */
	util_atomic a;
	if (util_atomic_begin_named(&a, path, 0660, "the database", err))
		return err->code;
	/* In a directory shared with a group the group must be able to write whatever the
	 * creator's umask: a database its group may read but not write lets a reader create
	 * a -shm file that locks every writer out. */
	if (store_dir_shared(path) && fchmod(fileno(a.fp), 0660) != 0) {
		err_set_at(err, EX_CANTCREAT, path, 0, 0, "cannot set the database's mode: %s",
			   strerror(errno));
		util_atomic_abort(&a);
		return err->code;
	}
	if (store_build(a.tmp, err)) {
		snprintf(err->file, sizeof err->file, "%s", path); /* not the temporary name */
		util_atomic_abort(&a);
		return err->code;
	}
	if (util_atomic_commit(&a, false, err)) {
		if (err->code != EX_CANTCREAT || stat(path, &sb) != 0)
			return err->code;
		err_clear(err); /* created by another process since we looked */
		return 0;
	}
	*made = true;
	return 0;
}

/*
 * store_check_identity(), tried again when a writer is refused as read-only: two processes
 * that open a WAL database with no -shm file at once both create it, and the second may
 * open it between its creation and SQLite's setting its mode, read-only, then be refused
 * while the first sets its index up (our reading of a refusal seen in the server suite
 * after a restore, two users' first commands at once; the extended code was not caught).
 * Opened again, it finds the file made. A reader (st->readonly) goes on to the caller's
 * snapshot instead.
 */
static int store_check_identity_again(store *st, ab_err *err)
{
	int rc = store_check_identity(st, err);
	for (int again = 0; rc && !st->readonly && again < 10 &&
			    (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_READONLY;
	     again++) {
		struct timespec ts = {0, 20 * 1000 * 1000};
		nanosleep(&ts, NULL);
		err_clear(err);
		rc = store_connect(st, false, err) || store_check_identity(st, err);
	}
	return rc ? err->code : 0;
}

int store_open(const char *path, int flags, store **out, ab_err *err)
{
	*out = NULL;
	off_t size = -1;
	bool made = false;
	if (!*path)
		return err_set(err, EX_NOINPUT, "no database: the path is empty");
	if (store_check_header(path, &size, err))
		return err->code;
	if (size < 0) {
		if (!(flags & STORE_CREATE) || (flags & STORE_READONLY))
			return err_set_at(err, EX_NOINPUT, path, 0, 0, "no such database");
		if (store_create(path, &made, err) || store_check_header(path, &size, err))
			return err->code;
	}
	store *st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	st->watch = -1;
	st->created = made;
	st->readonly = (flags & STORE_READONLY) || euidaccess(path, W_OK) != 0 ||
		       !store_dir_writable(path);
	if (store_connect(st, false, err))
		goto fail;
	if (store_check_identity_again(st, err)) {
		/* A reader who may not create the -shm file beside a WAL database can still
		 * read it as an immutable snapshot (SQLite's rule for read-only WAL). */
		if (!st->readonly || err->code == EX_DATAERR || err->code == EX_CONFIG)
			goto fail;
		err_clear(err);
		if (store_connect(st, true, err) || store_check_identity(st, err))
			goto fail;
		st->snapshot = true;
	}
	if (store_remember_file(st, err) || store_check_pair(st, err))
		goto fail;
	store_remember_shm(st);
	store_watch(st);
	if (!st->readonly && store_exec(st, "PRAGMA journal_mode = WAL; " STORE_WAL_LIMIT, err))
		goto fail;
	if (store_exec(st, "PRAGMA foreign_keys = ON", err) || store_migrate(st, err))
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	return err->code;
}

/*
 * Before the last close of a file that changed under us. Closing checkpoints the -wal
 * file into the database and deletes it, but SQLite skips both once the file was renamed
 * over or removed: its -wal, named after the path, would then be read as part of
 * whatever file comes to the path next. So it is checkpointed into the file it belongs to
 * (the one this store holds open) and emptied here. A file truncated or overwritten in
 * place is the opposite case: a checkpoint would write pages among garbage and delete
 * what may be the only copy of the latest changes, so its -wal file is left as it is.
 */
static void store_settle_wal(store *st)
{
	switch (store_file_state(st)) {
	case STORE_FILE_SAME:
		break;
	case STORE_FILE_REMOVED:
	case STORE_FILE_REPLACED:
	case STORE_FILE_MOVED:
		sqlite3_wal_checkpoint_v2(st->db, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		break;
	case STORE_FILE_DAMAGED:
		sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
		break;
	}
}

/*
 * How the -wal file stays small (docs/SECURITY.md). SQLite's last connection to close
 * checkpoints the -wal file into the database and deletes it, but only after it has seen,
 * by a stat() of the path, that the file is still there (SQLITE_FCNTL_HAS_MOVED). A
 * process that gave the group up (the shared server) can no longer reach the path, so
 * SQLite took the file for moved and skipped both: the -wal file stayed whole, and every
 * next process rebuilt its index from all of it and wrote on at its end. There, a process
 * that wrote checkpoints it itself before closing, with PRAGMA wal_checkpoint(TRUNCATE)
 * (through the descriptors SQLite holds: no right on the directory needed), which leaves
 * it empty. It does not wait: when another writer or a reader is busy (the busy handler is
 * off for this call) the pages it could copy are copied and the rest is left to the next
 * writer to close; journal_size_limit (STORE_WAL_LIMIT) cuts the file back meanwhile each
 * time a writer starts it again from its beginning. A process that wrote nothing leaves
 * all this to the writers, as a reader (a viewer) takes no lock writers wait for. Where
 * the path can be reached (one user, a trusted group), SQLite's own close does it.
 */
static void store_close_wal(store *st)
{
	struct stat sb;
	bool unreached = stat(st->path, &sb) != 0 && errno == EACCES;
	if (!unreached || !st->wrote || store_file_state(st) != STORE_FILE_SAME) {
		store_settle_wal(st);
		return;
	}
	sqlite3_busy_timeout(st->db, 0);
	sqlite3_wal_checkpoint_v2(st->db, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

void store_close(store *st)
{
	if (!st)
		return;
	store_kept_free(st);
	/* A store refused while opening (another program's database, a newer one) leaves
	 * its -wal file as it found it: closing would fold it into the file. */
	if (st->db && !st->readonly && !st->known)
		sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	else if (st->db && !st->readonly)
		store_close_wal(st);
	sqlite3_close_v2(st->db);
	if (st->watch >= 0)
		close(st->watch);
	free(st->path);
	free(st);
}

int store_file_fd(store *st)
{
	struct stat sb;
	int max = (int)sysconf(_SC_OPEN_MAX);
	for (int fd = 0; fd < max && fd < 65536; fd++) {
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_dev == st->dev &&
		    sb.st_ino == st->ino)
			return fd;
	}
	return -1;
}

int store_cache_kib(store *st, int kib, ab_err *err)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", -kib); /* negative: in KiB */
	return store_exec(st, sql, err);
}

int store_data_version(store *st, long long *out, ab_err *err)
{
	int v = 0;
	if (store_pragma_int(st, "PRAGMA data_version", &v, err))
		return err->code;
	*out = v;
	return 0;
}
