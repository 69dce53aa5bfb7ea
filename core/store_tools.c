/*
 * store_tools — what is done with a whole store rather than through it: the online
 * backup, the dump the tests compare, and the trace and query plans that tests and
 * benchmarks read. Split from store.c, which opens, checks and migrates.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "store_priv.h"
#include "util.h"

/* Pages per backup step (16 MB of 4 KB pages). Every step reads the same snapshot, so the
 * size only sets how much is copied between two looks at the result. */
#define STORE_BACKUP_PAGES 4096

/*
 * The copy is of one snapshot: a read transaction on the source is held from the first
 * step to the last. Without it SQLite restarts a backup from the first page whenever
 * another process has committed since the last step, and a busy database (every step
 * meets a new commit) would never be copied. A reader holds no writer back in WAL mode;
 * the writers' commits only stay in the -wal file until the copy is done.
 */
static int store_copy(store *st, const char *tmp, const char *dest, ab_err *err)
{
	sqlite3 *out = NULL;
	int rc = store_sqlite_open(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, &out);
	/* No journal and no syncs for the copy: a failed one is removed whole, and
	 * util_atomic_commit fsyncs the finished file before it takes dest's name. */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(out, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF", NULL,
				  NULL, NULL);
	sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(out, "main", store_db(st), "main") : NULL;
	if (!b) {
		err_set_at(err, EX_CANTCREAT, dest, 0, 0, "cannot write the backup: %s",
			   out ? sqlite3_errmsg(out) : "out of memory");
		sqlite3_close(out);
		return err->code;
	}
	rc = sqlite3_exec(store_db(st), "BEGIN; SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	while (rc == SQLITE_OK)
		rc = sqlite3_backup_step(b, STORE_BACKUP_PAGES);
	store_rollback(st); /* ends the read transaction */
	sqlite3_backup_finish(b);
	if (sqlite3_close(out) != SQLITE_OK && rc == SQLITE_DONE)
		rc = SQLITE_IOERR;
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
		{"judgement", "SELECT * FROM judgement ORDER BY id"},
		{"item_link", "SELECT * FROM item_link ORDER BY id"},
	};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		if (store_dump_query(st, fp, tables[i][0], tables[i][1], err))
			return err->code;
	return 0;
}

/* ---- trace and plans ------------------------------------------------------------ */

typedef struct store_tracer {
	store_trace_fn fn;
	void *ctx;
} store_tracer;

static int store_trace_one(unsigned type, void *ctx, void *stmt, void *x)
{
	(void)type;
	(void)x;
	store_tracer *t = ctx;
	const char *sql = sqlite3_sql(stmt);
	if (sql)
		t->fn(sql, t->ctx);
	return 0;
}

int store_trace(store *st, store_trace_fn fn, void *ctx)
{
	/* SQLite keeps only a pointer to the tracer: it lives until the next call. One
	 * process traces one store at a time (tests and profiling only). */
	static store_tracer tracer;
	tracer = (store_tracer){fn, ctx};
	int rc = fn ? sqlite3_trace_v2(store_db(st), SQLITE_TRACE_STMT, store_trace_one, &tracer)
		    : sqlite3_trace_v2(store_db(st), 0, NULL, NULL);
	return rc == SQLITE_OK ? 0 : -1;
}

int store_explain(store *st, const char *sql, util_buf *plan, ab_err *err)
{
	util_buf q = {0};
	util_buf_printf(&q, "EXPLAIN QUERY PLAN %s", sql);
	char *text = util_buf_take(&q);
	sqlite3_stmt *s;
	int rc = store_prepare(st, text, &s, err);
	free(text);
	if (rc)
		return err->code;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		util_buf_printf(plan, "%s\n", store_col(s, 3) ? store_col(s, 3) : "");
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "explaining");
}
