#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../core/store.h"
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

	/* Ours, but from a newer version. */
	snprintf(path, sizeof path, "%s/newer.db", test_tmpdir());
	store *st = NULL;
	ab_err err = {0};
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
			       "INSERT INTO establishment VALUES (1, 'X', 'X', NULL);"
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

const test_case store_tests[] = {
	{"store: create (0660) and reopen", test_create_and_reopen},
	{"store: foreign, newer and corrupt files are refused untouched", test_foreign_files},
	{"store: history is append-only", test_history_append_only},
	{NULL, NULL},
};
