#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../core/action.h"
#include "../../core/query.h"
#include "../../core/store.h"
#include "../../core/util.h"
#include "fixture.h"
#include "test.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, fp);
	fclose(fp);
	return buf;
}

/* Whether the file holds exactly these bytes. */
static bool same_bytes(const char *path, const char *want, size_t want_len)
{
	size_t len = 0;
	char *got = slurp(path, &len);
	bool same = got && len == want_len && !memcmp(got, want, len);
	free(got);
	return same;
}

/* Opening `path` must fail with `code` and leave the file byte for byte as it was. */
static void expect_refused(const char *path, int code, const char *msg_part)
{
	size_t before_len, after_len;
	char *before = slurp(path, &before_len);
	store *st = NULL;
	ab_err err = {0};
	CHECK_INT(store_open(path, STORE_CREATE, &st, &err), code);
	CHECK(st == NULL);
	CHECK(strstr(err.msg, msg_part) != NULL);
	char *after = slurp(path, &after_len);
	CHECK(before && after && before_len == after_len && !memcmp(before, after, before_len));
	char wal[600];
	snprintf(wal, sizeof wal, "%s-wal", path);
	CHECK(access(wal, F_OK) != 0);
	free(before);
	free(after);
}

static void test_create_and_reopen(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/new.db", test_tmpdir());
	store *st = NULL;
	ab_err err = {0};
	mode_t old = umask(002);
	CHECK_INT(store_open(path, STORE_CREATE, &st, &err), 0);
	umask(old);
	CHECK(st && store_created(st) && !store_readonly(st));
	store_close(st);
	struct stat sb;
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0660);
	CHECK_INT(store_open(path, 0, &st, &err), 0);
	CHECK(st && !store_created(st));
	store_close(st);
	/* Missing and not allowed to create. */
	snprintf(path, sizeof path, "%s/absent.db", test_tmpdir());
	CHECK_INT(store_open(path, 0, &st, &err), EX_NOINPUT);
	CHECK(access(path, F_OK) != 0);
}

static void test_foreign_files(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/notes.txt", test_tmpdir());
	FILE *fp = fopen(path, "w");
	fputs("just some text, long enough to have a header\n", fp);
	fclose(fp);
	expect_refused(path, EX_DATAERR, "not an actionboard database");

	/* Another program's SQLite database. */
	snprintf(path, sizeof path, "%s/other.db", test_tmpdir());
	sqlite3 *db;
	sqlite3_open(path, &db);
	sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", NULL, NULL, NULL);
	sqlite3_close(db);
	expect_refused(path, EX_DATAERR, "another program");
	store *st = NULL;
	ab_err err = {0};

	/* Another program's database in WAL mode, its last changes still in its -wal file. */
	snprintf(path, sizeof path, "%s/other-wal.db", test_tmpdir());
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;"
		     "CREATE TABLE t(x); INSERT INTO t VALUES (1);", NULL, NULL, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_close(db);
	char wal[600];
	snprintf(wal, sizeof wal, "%s-wal", path);
	size_t file_len = 0, wal_len = 0;
	char *file_bytes = slurp(path, &file_len), *wal_bytes = slurp(wal, &wal_len);
	CHECK(wal_bytes && wal_len > 0);
	st = NULL;
	CHECK_INT(store_open(path, STORE_CREATE, &st, &err), EX_DATAERR);
	CHECK(same_bytes(path, file_bytes, file_len));
	CHECK(same_bytes(wal, wal_bytes, wal_len)); /* not folded into the file */
	free(file_bytes);
	free(wal_bytes);

	/* Ours, but from a newer version. */
	snprintf(path, sizeof path, "%s/newer.db", test_tmpdir());
	CHECK_INT(store_open(path, STORE_CREATE, &st, &err), 0);
	store_close(st);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	expect_refused(path, EX_CONFIG, "newer actionboard");

	/* A truncated (corrupt) database. */
	snprintf(path, sizeof path, "%s/corrupt.db", test_tmpdir());
	fp = fopen(path, "wb");
	fwrite("SQLite format 3\0garbage-garbage-garbage", 1, 39, fp);
	fclose(fp);
	expect_refused(path, EX_DATAERR, "");
}

static void test_history_append_only(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/hist.db", test_tmpdir());
	store *st = NULL;
	ab_err err = {0};
	CHECK_INT(store_open(path, STORE_CREATE, &st, &err), 0);
	store_close(st);
	sqlite3 *db;
	sqlite3_open(path, &db);
	CHECK_INT(sqlite3_exec(db,
			       "INSERT INTO establishment(id, code, name) VALUES (1, 'X', 'X');"
			       "INSERT INTO cycle(id, establishment_id, code, scheme) VALUES (1, 1, 'c', 'concerns');"
			       "INSERT INTO item(id, cycle_id, ref, position, category, text) VALUES (1, 1, 'r', 0, 'key', 't');"
			       "INSERT INTO action(id, cycle_id, item_id, action_id, position, text, target, status)"
			       " VALUES (1, 1, 1, 'a', 0, 't', '', 'planned');"
			       "INSERT INTO history(action_id, at, user, kind) VALUES (1, 'now', 'me', 'note');",
			       NULL, NULL, NULL),
		  SQLITE_OK);
	CHECK(sqlite3_exec(db, "UPDATE history SET user = 'x'", NULL, NULL, NULL) != SQLITE_OK);
	CHECK(sqlite3_exec(db, "DELETE FROM history", NULL, NULL, NULL) != SQLITE_OK);
	sqlite3_close(db);
}


/*
 * A database as schema 1 (actionboard before the rules of core/rules.h became columns)
 * left it: synced from a one-plan configuration, then `due AAA/2022-07/1.1.2 2024-03-31`
 * and `set AAA/2022-07/1.1.1 blocked --note "no funds"`; taken with the sqlite3 .dump.
 */
static const char schema1_db[] =
	"CREATE TABLE action (  id INTEGER PRIMARY KEY,  cycle_id INTEGER NOT NULL "
	"REFERENCES cycle(id),  item_id INTEGER NOT NULL REFERENCES item(id),  action_id "
	"TEXT NOT NULL,  position INTEGER NOT NULL,  text TEXT NOT NULL,  target TEXT NOT "
	"NULL,  due TEXT,  due_revised TEXT,  due_reason TEXT,  status TEXT NOT NULL "
	"CHECK (status IN    "
	"('planned','in_progress','blocked','completed','cancelled')),  version INTEGER "
	"NOT NULL DEFAULT 1,  updated_by TEXT,  updated_at TEXT,  retired INTEGER NOT "
	"NULL DEFAULT 0,  UNIQUE (cycle_id, action_id));"
	"INSERT INTO \"action\" VALUES(1,1,1,'1.1.1',0,'Window grilles fitted.','March "
	"2023','2023-03-31',NULL,NULL,'blocked',2,'root','2026-11-23T17:02:49Z',0);"
	"INSERT INTO \"action\" VALUES(2,1,1,'1.1.2',1,'Searches of cells.','June "
	"2023','2023-06-30','2024-03-31','late "
	"delivery','planned',2,'root','2026-11-23T17:02:49Z',0);"
	"INSERT INTO \"action\" VALUES(3,1,1,'1.1.3',2,'Barcodes on legal "
	"mail.','Completed',NULL,NULL,NULL,'completed',1,NULL,NULL,0);"
	"CREATE TABLE action_owner (  action_id INTEGER NOT NULL REFERENCES action(id),  "
	"owner_id INTEGER NOT NULL REFERENCES owner(id),  position INTEGER NOT NULL,  "
	"PRIMARY KEY (action_id, owner_id)) WITHOUT ROWID;"
	"INSERT INTO \"action_owner\" VALUES(1,1,0);"
	"INSERT INTO \"action_owner\" VALUES(2,1,0);"
	"INSERT INTO \"action_owner\" VALUES(3,1,0);"
	"CREATE TABLE cycle (  id INTEGER PRIMARY KEY,  establishment_id INTEGER NOT NULL "
	"REFERENCES establishment(id),  code TEXT NOT NULL,  scheme TEXT NOT NULL CHECK "
	"(scheme IN ('concerns','recommendations')),  inspection TEXT NOT NULL DEFAULT "
	"'',  inspection_start TEXT,  report_published TEXT,  plan_submitted TEXT,  "
	"source TEXT,  retired INTEGER NOT NULL DEFAULT 0,  UNIQUE (establishment_id, "
	"code));"
	"INSERT INTO \"cycle\" "
	"VALUES(1,1,'2022-07','concerns','2022-07-18/2022-07-29','2022-07-18',NULL,NULL,NULL,0);"
	"CREATE TABLE establishment (  id INTEGER PRIMARY KEY,  code TEXT NOT NULL "
	"UNIQUE,  name TEXT NOT NULL,  description TEXT);"
	"INSERT INTO \"establishment\" VALUES(1,'AAA','HMP Alpha',NULL);"
	"CREATE TABLE history (  id INTEGER PRIMARY KEY,  action_id INTEGER NOT NULL "
	"REFERENCES action(id),  at TEXT NOT NULL,  user TEXT NOT NULL,  kind TEXT NOT "
	"NULL CHECK (kind IN ('status','note','due','sync')),  field TEXT,  old TEXT,  "
	"new TEXT,  note TEXT);"
	"INSERT INTO \"history\" "
	"VALUES(1,1,'2026-11-23T17:02:46Z','root','sync','created',NULL,'planned',NULL);"
	"INSERT INTO \"history\" "
	"VALUES(2,2,'2026-11-23T17:02:46Z','root','sync','created',NULL,'planned',NULL);"
	"INSERT INTO \"history\" "
	"VALUES(3,3,'2026-11-23T17:02:46Z','root','sync','created',NULL,'completed',NULL);"
	"INSERT INTO \"history\" "
	"VALUES(4,2,'2026-11-23T17:02:49Z','root','due',NULL,'2023-06-30','2024-03-31','late "
	"delivery');"
	"INSERT INTO \"history\" "
	"VALUES(5,1,'2026-11-23T17:02:49Z','root','status',NULL,'planned','blocked','no "
	"funds');"
	"CREATE TABLE item (  id INTEGER PRIMARY KEY,  cycle_id INTEGER NOT NULL "
	"REFERENCES cycle(id),  ref TEXT NOT NULL,  position INTEGER NOT NULL,  seq "
	"INTEGER,  category TEXT NOT NULL CHECK (category IN "
	"('priority','key','general')),  directed_to TEXT,  agreement TEXT CHECK "
	"(agreement IN ('agreed','partly_agreed','not_agreed')),  agreement_note TEXT,  "
	"repeated_from TEXT,  text TEXT NOT NULL,  retired INTEGER NOT NULL DEFAULT 0,  "
	"UNIQUE (cycle_id, ref));"
	"INSERT INTO \"item\" "
	"VALUES(1,1,'1.1',0,NULL,'priority',NULL,NULL,NULL,NULL,'Drugs were too easy to "
	"find.',0);"
	"CREATE TABLE owner (  id INTEGER PRIMARY KEY,  name TEXT NOT NULL UNIQUE);"
	"INSERT INTO \"owner\" VALUES(1,'Governor');"
	"CREATE TABLE owner_alias (  alias TEXT PRIMARY KEY,  owner_id INTEGER NOT NULL "
	"REFERENCES owner(id)) WITHOUT ROWID;"
	"INSERT INTO \"owner_alias\" VALUES('The Governor',1);"
	"CREATE INDEX item_order ON item(cycle_id, retired, position);"
	"CREATE INDEX action_order ON action(item_id, retired, position);"
	"CREATE INDEX action_due ON action(retired, status, due);"
	"CREATE INDEX action_owner_owner ON action_owner(owner_id, action_id);"
	"CREATE INDEX history_action ON history(action_id, id);"
	"CREATE TRIGGER history_no_update BEFORE UPDATE ON history  BEGIN SELECT "
	"RAISE(ABORT, 'history is append-only'); END;"
	"CREATE TRIGGER history_no_delete BEFORE DELETE ON history  BEGIN SELECT "
	"RAISE(ABORT, 'history is append-only'); END;"
	"PRAGMA application_id = 1094873700; PRAGMA user_version = 1;";

/* Rows of `sql`, one line each, columns joined by '|'; caller frees. */
static char *rows(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	util_buf b = {0};
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		printf("#   %s: %s\n", sql, sqlite3_errmsg(db));
		test_failures++;
		return util_buf_take(&b);
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(s); i++) {
			const char *v = (const char *)sqlite3_column_text(s, i);
			util_buf_printf(&b, "%s%s", i ? "|" : "", v ? v : "NULL");
		}
		util_buf_puts(&b, "\n");
	}
	sqlite3_finalize(s);
	return util_buf_take(&b);
}

/* Every row of schema 1's tables, the action and establishment tables in their schema 1
 * columns. */
static char *schema1_rows(const char *path)
{
	static const char sql[] =
		"SELECT 'action', id, cycle_id, item_id, action_id, position, text, target, due,"
		" due_revised, due_reason, status, version, updated_by, updated_at, retired"
		" FROM action ORDER BY id;"
		"SELECT 'action_owner', * FROM action_owner ORDER BY action_id, owner_id;"
		"SELECT 'cycle', id, establishment_id, code, scheme, inspection, inspection_start,"
		" report_published, plan_submitted, source, retired FROM cycle ORDER BY id;"
		"SELECT 'establishment', id, code, name, description FROM establishment ORDER BY id;"
		"SELECT 'history', id, action_id, at, user, kind, field, old, new, note"
		" FROM history ORDER BY id;"
		"SELECT 'item', * FROM item ORDER BY id;"
		"SELECT 'owner', id, name FROM owner ORDER BY id;"
		"SELECT 'owner_alias', * FROM owner_alias ORDER BY alias;";
	sqlite3 *db;
	util_buf b = {0};
	CHECK_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	for (const char *p = sql; *p;) {
		const char *end = strchr(p, ';');
		char one[512];
		snprintf(one, sizeof one, "%.*s", (int)(end - p), p);
		char *r = rows(db, one);
		util_buf_puts(&b, r);
		free(r);
		p = end + 1;
	}
	sqlite3_close(db);
	return util_buf_take(&b);
}

static int overdue_key(const query_action *r, void *ctx)
{
	util_buf_printf(ctx, "%s%s/%s/%s", ((util_buf *)ctx)->len ? " " : "", r->establishment,
			r->cycle, r->action_id);
	return 0;
}

static void test_migrate_from_schema1(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/schema1.db", test_tmpdir());
	sqlite3 *db;
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db, schema1_db, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	char *before = schema1_rows(path);

	/* A reader who may not write cannot upgrade it, and changes nothing. */
	store *st = NULL;
	ab_err err = {0};
	CHECK_INT(store_open(path, STORE_READONLY, &st, &err), EX_NOPERM);
	char want[96];
	snprintf(want, sizeof want, "needs an upgrade to schema %d but is read-only for you",
		 STORE_SCHEMA_VERSION);
	CHECK_STR(err.msg, want);

	CHECK_INT(store_open(path, 0, &st, &err), 0);
	CHECK(st && !store_created(st));
	store_close(st);
	sqlite3_open(path, &db);
	char *version = rows(db, "PRAGMA user_version");
	snprintf(want, sizeof want, "%d\n", STORE_SCHEMA_VERSION);
	CHECK_STR(version, want);
	/* The rules as columns: the revised date wins, a completed action is not open. */
	char *rules = rows(db, "SELECT action_id, due_effective, is_open FROM action ORDER BY id");
	CHECK_STR(rules, "1.1.1|2023-03-31|1\n1.1.2|2024-03-31|1\n1.1.3|NULL|0\n");
	/* Schema 6: owners as one column, and the words of texts and notes indexed. */
	char *owners = rows(db, "SELECT group_concat(owner_names, '/') FROM action");
	CHECK_STR(owners, "Governor/Governor/Governor\n");
	char *words = rows(db, "SELECT rowid FROM text_search WHERE text_search MATCH 'grilles OR funds'"
			       " ORDER BY rowid");
	CHECK_STR(words, "6\n23\n"); /* action 1 (1 * 4 + 2), the note "no funds" (5 * 4 + 3) */
	free(owners);
	free(words);
	sqlite3_close(db);
	char *after = schema1_rows(path);
	CHECK_STR(after, before); /* every row kept as it was */

	/* Reopened, it is current: nothing more to do, and the queries work on it. */
	CHECK_INT(store_open(path, 0, &st, &err), 0);
	util_buf b = {0};
	query_filter f = {.overdue = true};
	CHECK(date_parse_iso("2024-01-01", &f.today));
	CHECK_INT(query_actions(st, &f, overdue_key, &b, &err), 0);
	char *overdue = util_buf_take(&b);
	CHECK_STR(overdue, "AAA/2022-07/1.1.1");
	store_close(st);
	free(before);
	free(after);
	free(version);
	free(rules);
	free(overdue);
}

static bool exists(const char *path)
{
	struct stat sb;
	return lstat(path, &sb) == 0;
}

/* Temporary files in dir: util_atomic names them DEST.XXXXXX, so a name holding ".db."
 * is one (the databases here end in ".db"). -1 when dir cannot be read. */
static int count_temporaries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += strstr(e->d_name, ".db.") != NULL;
	closedir(d);
	return n;
}

static void test_backup(void)
{
	char dir[512], src[600], dest[600], link[600], target[600], missing[600];
	snprintf(dir, sizeof dir, "%s/backups", test_tmpdir());
	CHECK(mkdir(dir, 0700) == 0);
	snprintf(src, sizeof src, "%s/source.db", test_tmpdir());
	snprintf(dest, sizeof dest, "%s/copy.db", dir);
	snprintf(link, sizeof link, "%s/planted.db", dir);
	snprintf(target, sizeof target, "%s/victim", dir);
	snprintf(missing, sizeof missing, "%s/no/such/dir/copy.db", dir);
	store *st = NULL, *copy = NULL;
	ab_err err = {0};
	CHECK_INT(store_open(src, STORE_CREATE, &st, &err), 0);

	CHECK_INT(store_backup(st, dest, false, &err), 0);
	CHECK_INT(store_open(dest, STORE_READONLY, &copy, &err), 0); /* a sound, current copy */
	store_close(copy);
	CHECK_INT(count_temporaries(dir), 0);
	CHECK_INT(store_backup(st, dest, false, &err), EX_CANTCREAT);
	CHECK_STR(err.msg, "already exists (use --force to replace it)");
	CHECK_STR(err.file, dest);
	CHECK_INT(store_backup(st, dest, true, &err), 0);

	/* A symlink planted at the destination is neither followed nor, without --force,
	 * replaced; with --force the link itself is replaced by the copy. */
	CHECK(symlink(target, link) == 0);
	CHECK_INT(store_backup(st, link, false, &err), EX_CANTCREAT);
	CHECK(!exists(target));
	CHECK_INT(store_backup(st, link, true, &err), 0);
	struct stat sb;
	CHECK(lstat(link, &sb) == 0 && S_ISREG(sb.st_mode));
	CHECK(!exists(target));

	/* A destination that cannot be written: the message names it, not a temporary file. */
	CHECK_INT(store_backup(st, missing, false, &err), EX_CANTCREAT);
	CHECK_STR(err.file, missing);
	CHECK_STR(err.msg, "cannot write the backup: No such file or directory");
	CHECK_INT(count_temporaries(dir), 0); /* nothing left behind */
	store_close(st);
}


static void test_empty_file(void)
{
	/* A database truncated to nothing, with its -wal file (committed changes) beside it. */
	char path[512], wal[600];
	snprintf(path, sizeof path, "%s/empty.db", test_tmpdir());
	snprintf(wal, sizeof wal, "%s-wal", path);
	close(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600));
	static const char frames[] = "committed frames, whatever they hold";
	FILE *fp = fopen(wal, "wb");
	fwrite(frames, 1, sizeof frames, fp);
	fclose(fp);
	static const int flags[] = {STORE_CREATE, 0, STORE_READONLY};
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		store *st = NULL;
		ab_err err = {0};
		CHECK_INT(store_open(path, flags[i], &st, &err), EX_DATAERR);
		CHECK(st == NULL);
		CHECK_STR(err.file, path);
		CHECK(strstr(err.msg, "the file is empty (0 bytes), not a database") != NULL);
		struct stat sb;
		CHECK(stat(path, &sb) == 0 && sb.st_size == 0);
		CHECK(same_bytes(wal, frames, sizeof frames));
	}
	/* A -wal file where there is no database: none is made to take it as its own. */
	unlink(path);
	store *st = NULL;
	ab_err err = {0};
	CHECK_INT(store_open(path, STORE_CREATE, &st, &err), EX_CANTCREAT);
	CHECK(strstr(err.msg, "no database, but the -wal file of one that was here") != NULL);
	CHECK(access(path, F_OK) != 0);
	CHECK(same_bytes(wal, frames, sizeof frames));
	/* An empty path is no database either (SQLite would take it as a temporary one). */
	CHECK_INT(store_open("", STORE_CREATE, &st, &err), EX_NOINPUT);
}

/* A new database is never seen half-made: the file at the path has our header at once,
 * and no temporary file is left beside it. */
static void test_created_whole(void)
{
	char dir[512], path[600];
	snprintf(dir, sizeof dir, "%s/whole", test_tmpdir());
	CHECK(mkdir(dir, 0700) == 0);
	snprintf(path, sizeof path, "%s/new.db", dir);
	store *st = NULL;
	ab_err err = {0};
	CHECK_INT(store_open(path, STORE_CREATE, &st, &err), 0);
	size_t len = 0;
	unsigned char *hdr = (unsigned char *)slurp(path, &len);
	CHECK(hdr && len >= 100 && !memcmp(hdr, "SQLite format 3", 16));
	CHECK(hdr && len >= 100 && !memcmp(hdr + 68, "ABrd", 4)); /* application_id */
	free(hdr);
	CHECK(st && store_created(st));
	store_close(st);
	DIR *d = opendir(dir);
	util_buf names = {0};
	for (struct dirent *e; d && (e = readdir(d));)
		if (e->d_name[0] != '.')
			util_buf_printf(&names, "%s\n", e->d_name);
	if (d)
		closedir(d);
	char *listed = util_buf_take(&names);
	CHECK_STR(listed, "new.db\n");
	free(listed);
}

/* A path is a path: never an SQLite URI, nor an in-memory database. */
static void test_path_not_uri(void)
{
	char cwd[512];
	CHECK(getcwd(cwd, sizeof cwd) != NULL);
	CHECK(chdir(test_tmpdir()) == 0);
	static const char *const names[] = {"file:u.db?mode=ro", ":memory:"};
	for (size_t i = 0; i < 2; i++) {
		store *st = NULL;
		ab_err err = {0};
		CHECK_INT(store_open(names[i], STORE_CREATE, &st, &err), 0);
		store_close(st);
		CHECK_INT(store_open(names[i], 0, &st, &err), 0); /* the same, reopened */
		CHECK(st && !store_created(st));
		store_close(st);
		CHECK(access(names[i], F_OK) == 0);
	}
	CHECK(access("u.db", F_OK) != 0);
	CHECK(chdir(cwd) == 0);
}

static model_config *one_action(void)
{
	model_config *cfg = fx_config();
	fx_owner(cfg, "Governor", NULL);
	fx_establishment(cfg, "AAA", "HMP Alpha");
	model_plan *p = fx_plan(cfg, "AAA", "2022-07", "concerns", "2022-07-18", "2022-07-29");
	model_item *it = fx_item(p, "1.1", "priority", "Drugs were too easy to find.");
	fx_action(it, "1.1.1", "March 2023", "Window grilles fitted.", "Governor", NULL);
	return cfg;
}

static int count_events(const action_event *e, void *ctx)
{
	(void)e;
	++*(int *)ctx;
	return 0;
}

static int events(store *st)
{
	int n = 0;
	ab_err err = {0};
	CHECK_INT(action_history(st, "AAA/2022-07/1.1.1", count_events, &n, &err), 0);
	return n;
}

/* Writes `n` bytes of `bytes` at the start of path from another process, as another
 * program would (a descriptor of ours on the file, once closed, would drop SQLite's
 * locks on it). */
static void overwrite_elsewhere(const char *path, const char *bytes, size_t n)
{
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(path, O_WRONLY);
		_exit(fd >= 0 && pwrite(fd, bytes, n, 0) == (ssize_t)n ? 0 : 1);
	}
	int status = 0;
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
}

enum { MOVED_OVER, TRUNCATED, OVERWRITTEN, REMOVED };

/* A store whose file changes under it refuses the next write, naming the file; nothing
 * is written to the file it holds. */
static void test_file_changed_under_writer(void)
{
	static const char *const why[] = {"was replaced by another file",
					  "was truncated or overwritten",
					  "was truncated or overwritten", "was removed"};
	model_config *cfg = one_action();
	action_actor me = {"tester", NULL};
	for (int how = MOVED_OVER; how <= REMOVED; how++) {
		char name[32], path[600], other[600], msg[1200];
		snprintf(name, sizeof name, "changed%d.db", how);
		snprintf(path, sizeof path, "%s/%s", test_tmpdir(), name);
		snprintf(other, sizeof other, "%s/other%d.db", test_tmpdir(), how);
		store *st = fx_store(cfg, name, NULL);
		ab_err err = {0};
		CHECK_INT(action_add_note(st, &me, "AAA/2022-07/1.1.1", "before", NULL, &err), 0);
		int held = events(st);
		if (how == MOVED_OVER) {
			store *o = fx_store(cfg, strrchr(other, '/') + 1, NULL);
			store_close(o);
			CHECK(rename(other, path) == 0);
		} else if (how == TRUNCATED) {
			CHECK(truncate(path, 0) == 0);
		} else if (how == OVERWRITTEN) {
			/* Another program's SQLite header, in place (same inode). */
			char hdr[100] = "SQLite format 3";
			overwrite_elsewhere(path, hdr, sizeof hdr);
		} else {
			CHECK(unlink(path) == 0);
		}
		CHECK_INT(action_add_note(st, &me, "AAA/2022-07/1.1.1", "after", NULL, &err),
			  EX_IOERR);
		snprintf(msg, sizeof msg, "the database %s %s since it was opened: nothing was written",
			 path, why[how]);
		CHECK(strncmp(err.msg, msg, strlen(msg)) == 0);
		CHECK_INT(action_set_status(st, &me, "AAA/2022-07/1.1.1", 0, STATUS_BLOCKED, NULL,
					    NULL, &err),
			  EX_IOERR);
		CHECK_INT(events(st), held); /* the file it holds got nothing */
		store_close(st);
	}
	model_config_free(cfg);
}

const test_case store_tests[] = {
	{"store: create (0660) and reopen", test_create_and_reopen},
	{"store: foreign, newer and corrupt files are refused untouched", test_foreign_files},
	{"store: history is append-only", test_history_append_only},
	{"store: a schema 1 database is migrated, its rows kept", test_migrate_from_schema1},
	{"store: backup (no replace without force, no symlink followed, names dest)", test_backup},
	{"store: a 0-byte file is no database; its -wal is kept", test_empty_file},
	{"store: a new database is made whole, then renamed into place", test_created_whole},
	{"store: a path is never an SQLite URI", test_path_not_uri},
	{"store: a file replaced, truncated, overwritten or removed refuses writes",
	 test_file_changed_under_writer},
	{NULL, NULL},
};
