/*
 * sync: what a second load of the same definitions changes (nothing), what an edit
 * changes (the definition, never the status), and how actions and whole plans that leave
 * the YAML are retired and come back.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "../../core/action.h"
#include "../../core/catalog.h"
#include "../../core/counts.h"
#include "../../core/query.h"
#include "../../core/util.h"
#include "../../core/xmalloc.h"
#include "fixture.h"
#include "test.h"

/* core/sync_priv.h's SYNC_LOAD_ROWS, which tests do not include: a plan bigger than it */
#define SYNC_LOAD_ROWS_FOR_TEST 32

static model_config *sync_fixture(void)
{
	model_config *cfg = fx_config();
	fx_owner(cfg, "Governor", "The Governor", NULL);
	fx_owner(cfg, "Head of Residence", NULL);
	fx_establishment(cfg, "AAA", "HMP Alpha");
	fx_establishment(cfg, "BBB", "HMP Beta");
	model_plan *p = fx_plan(cfg, "AAA", "2022-07", "concerns", "2022-07-18", "2022-07-29");
	model_item *it = fx_item(p, "1.1", "priority", "Drugs were too easy to find.");
	fx_action(it, "1.1.1", "March 2023", "Window grilles fitted.", "Governor", NULL);
	fx_action(it, "1.1.2", "June 2023", "Searches of cells.", "Head of Residence", NULL);
	it = fx_item(p, "1.2", "key", "Too few prisoners were in education.");
	fx_action(it, "1.2.1", "Ongoing", "More places in classes.", "The Governor", NULL);
	p = fx_plan(cfg, "BBB", "2022-07", "concerns", "2022-07-04", "2022-07-08");
	it = fx_item(p, "1.1", "priority", "Staff shortages limited the regime.");
	fx_action(it, "1.1.1", "March 2023", "Recruit officers.", "Governor", NULL);
	return cfg;
}

static int sync_again(store *st, const model_config *cfg, sync_stats *stats)
{
	ab_err err = {0};
	int rc = sync_apply(st, cfg, "tester", stats, NULL, NULL, &err);
	if (rc)
		printf("# sync: %s\n", err.msg);
	return rc;
}

#define CHECK_STATS(s, a, u, r, b)            \
	do {                                  \
		CHECK_INT((s).added, a);      \
		CHECK_INT((s).updated, u);    \
		CHECK_INT((s).retired, r);    \
		CHECK_INT((s).restored, b);   \
	} while (0)

static int collect_key(const query_action *r, void *ctx)
{
	util_buf_printf(ctx, "%s%s/%s/%s", ((util_buf *)ctx)->len ? " " : "", r->establishment,
			r->cycle, r->action_id);
	return 0;
}

static char *live_actions(store *st)
{
	util_buf b = {0};
	ab_err err = {0};
	query_filter f = {.today = fx_date("2024-01-01")};
	CHECK_INT(query_actions(st, &f, collect_key, &b, &err), 0);
	return util_buf_take(&b);
}

#define CHECK_LIST(call, expected)         \
	do {                               \
		char *got_ = (call);       \
		CHECK_STR(got_, expected); \
		free(got_);                \
	} while (0)

/* One value from the database, as text ("NULL" for none); for checks below the API,
 * through a connection of the test's own. */
static char *sql_value(store *st, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	util_buf b = {0};
	CHECK_INT(sqlite3_open_v2(store_path(st), &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(s, 0);
		util_buf_puts(&b, v ? v : "NULL");
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return util_buf_take(&b);
}

/* counts_drift_fn: says which figure drifted (the test then fails on the count). */
static int show_drift(const char *est, const char *cycle, const char *what, const char *kept,
		      const char *recounted, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "# drift: %s/%s %s kept %s, recounted %s\n", est, cycle, what, kept,
		recounted);
	return 0;
}

/* Runs SQL through a connection of the test's own, as the sqlite3 shell would write. */
static void sql_exec(store *st, const char *sql)
{
	sqlite3 *db;
	CHECK_INT(sqlite3_open_v2(store_path(st), &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	CHECK_INT(sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void test_idempotent(void)
{
	model_config *cfg = sync_fixture();
	sync_stats stats;
	store *st = fx_store(cfg, "sync-idem.db", &stats);
	/* 2 owners, 1 alias, 2 establishments, 2 cycles, 3 items, 4 actions. */
	CHECK_STATS(stats, 14, 0, 0, 0);
	char *before = fx_dump(st);
	CHECK_INT(sync_again(st, cfg, &stats), 0);
	CHECK_STATS(stats, 0, 0, 0, 0);
	CHECK_INT(sync_changes(&stats), 0);
	char *after = fx_dump(st);
	CHECK_STR(after, before);
	/* The dump holds the rows it should: four actions, each with its 'created' event. */
	CHECK(strstr(before, "action:4|") && !strstr(before, "action:5|"));
	CHECK_LIST(sql_value(st, "SELECT count(*) FROM history WHERE kind = 'sync' AND field = 'created'"),
		   "4");
	free(before);
	free(after);
	store_close(st);
	model_config_free(cfg);
}

static void test_status_survives_edit(void)
{
	model_config *cfg = sync_fixture();
	store *st = fx_store(cfg, "sync-edit.db", NULL);
	ab_err err = {0};
	action_actor me = {.login = "tester"};
	CHECK_INT(action_set_status(st, &me, "AAA/2022-07/1.1.1", 0, STATUS_BLOCKED, "no funds",
				    NULL, &err), 0);
	fx_set(&cfg->plans[0].items[0].actions[0].text, "Window grilles fitted on every wing.");
	fx_set(&cfg->plans[0].items[0].actions[0].target, "June 2024");
	sync_stats stats;
	CHECK_INT(sync_again(st, cfg, &stats), 0);
	CHECK_STATS(stats, 0, 1, 0, 0);
	action_state s;
	CHECK_INT(action_get(st, "AAA/2022-07/1.1.1", &s, &err), 0);
	CHECK_STR(s.status, "blocked");
	CHECK_STR(s.due, "2024-06-30"); /* the new target's date */
	CHECK_INT(s.version, 2);        /* the status change; a definition change is no edit */
	CHECK_LIST(sql_value(st, "SELECT group_concat(field || ':' || old || '>' || new, ';')"
				 " FROM history WHERE kind = 'sync' AND field <> 'created'"),
		   "text:Window grilles fitted.>Window grilles fitted on every wing.;"
		   "target:March 2023>June 2024");
	CHECK_INT(sync_again(st, cfg, &stats), 0);
	CHECK_INT(sync_changes(&stats), 0);
	store_close(st);
	model_config_free(cfg);
}

static void test_retire_restore_action(void)
{
	model_config *cfg = sync_fixture();
	store *st = fx_store(cfg, "sync-action.db", NULL);
	ab_err err = {0};
	action_actor me = {.login = "tester"};
	CHECK_INT(action_set_status(st, &me, "AAA/2022-07/1.1.2", 0, STATUS_IN_PROGRESS, NULL, NULL,
				    &err), 0);
	char *before = fx_dump(st);
	model_item *it = &cfg->plans[0].items[0];
	it->nactions = 1; /* 1.1.2 leaves the YAML */
	sync_stats stats;
	CHECK_INT(sync_again(st, cfg, &stats), 0);
	CHECK_STATS(stats, 0, 1, 1, 0); /* 1.2.1 moves up a place in the plan */
	CHECK_LIST(live_actions(st), "AAA/2022-07/1.1.1 AAA/2022-07/1.2.1 BBB/2022-07/1.1.1");
	action_state s;
	CHECK_INT(action_get(st, "AAA/2022-07/1.1.2", &s, &err), EX_DATAERR);
	CHECK_STR(err.msg, "action AAA/2022-07/1.1.2 was retired (it left the plan's YAML)");
	CHECK_LIST(sql_value(st, "SELECT retired || status FROM action WHERE action_id = '1.1.2'"),
		   "1in_progress"); /* kept, never deleted */
	CHECK_INT(sync_again(st, cfg, &stats), 0);
	CHECK_INT(sync_changes(&stats), 0);

	it->nactions = 2; /* and comes back */
	CHECK_INT(sync_again(st, cfg, &stats), 0);
	CHECK_STATS(stats, 0, 1, 0, 1);
	CHECK_LIST(live_actions(st),
		   "AAA/2022-07/1.1.1 AAA/2022-07/1.1.2 AAA/2022-07/1.2.1 BBB/2022-07/1.1.1");
	CHECK_INT(action_get(st, "AAA/2022-07/1.1.2", &s, &err), 0);
	CHECK_STR(s.status, "in_progress");
	CHECK_LIST(sql_value(st, "SELECT group_concat(old || '>' || new, ';') FROM history"
				 " WHERE kind = 'sync' AND field = 'retired'"),
		   "0>1;1>0");
	/* Only the history grew: every other table is as it was before the round trip. */
	char *after = fx_dump(st);
	char *cut_before = strstr(before, "\nhistory:"), *cut_after = strstr(after, "\nhistory:");
	CHECK(cut_before && cut_after);
	if (cut_before && cut_after) {
		*cut_before = *cut_after = 0;
		CHECK_STR(after, before);
	}
	free(before);
	free(after);
	store_close(st);
	model_config_free(cfg);
}

static int collect_cycle(const catalog_cycle *r, void *ctx)
{
	util_buf_printf(ctx, "%s/%s=%d/%d;", r->establishment, r->cycle, r->items, r->actions);
	return 0;
}

static char *cycles(store *st)
{
	util_buf b = {0};
	ab_err err = {0};
	CHECK_INT(catalog_cycles(st, fx_date("2024-01-01"), collect_cycle, &b, &err), 0);
	return util_buf_take(&b);
}

static void test_retire_restore_plan(void)
{
	model_config *cfg = sync_fixture();
	store *st = fx_store(cfg, "sync-plan.db", NULL);
	ab_err err = {0};
	action_actor me = {.login = "tester"};
	CHECK_INT(action_set_status(st, &me, "BBB/2022-07/1.1.1", 0, STATUS_COMPLETED, NULL, NULL,
				    &err), 0);
	CHECK_LIST(cycles(st), "AAA/2022-07=2/3;BBB/2022-07=1/1;");
	cfg->nplans = 1; /* BBB's plan file is gone */
	sync_stats stats;
	CHECK_INT(sync_again(st, cfg, &stats), 0);
	CHECK_STATS(stats, 0, 0, 2, 0); /* the cycle and its action */
	CHECK_LIST(cycles(st), "AAA/2022-07=2/3;");
	CHECK_LIST(live_actions(st), "AAA/2022-07/1.1.1 AAA/2022-07/1.1.2 AAA/2022-07/1.2.1");
	query_filter f = {.establishment = "BBB", .cycle = "2022-07"};
	CHECK_INT(query_check_filter(st, &f, &err), EX_DATAERR);
	CHECK_LIST(sql_value(st, "SELECT group_concat(retired, '') FROM item"), "001");
	CHECK_INT(sync_again(st, cfg, &stats), 0);
	CHECK_INT(sync_changes(&stats), 0);

	cfg->nplans = 2; /* the file is back */
	CHECK_INT(sync_again(st, cfg, &stats), 0);
	CHECK_STATS(stats, 0, 0, 0, 3); /* the cycle, its item and its action */
	CHECK_LIST(cycles(st), "AAA/2022-07=2/3;BBB/2022-07=1/1;");
	action_state s;
	CHECK_INT(action_get(st, "BBB/2022-07/1.1.1", &s, &err), 0);
	CHECK_STR(s.status, "completed");
	char *before = fx_dump(st);
	CHECK_INT(sync_again(st, cfg, &stats), 0);
	CHECK_INT(sync_changes(&stats), 0);
	char *after = fx_dump(st);
	CHECK_STR(after, before);
	free(before);
	free(after);
	store_close(st);
	model_config_free(cfg);
}

/* The schema as one text, sorted by kind and name (sqlite_schema's order follows when an
 * object was last made, which a load changes for the indexes it builds again). */
#define SCHEMA_SQL                                                                           \
	"SELECT group_concat(type || ' ' || name || ' ' || coalesce(sql, ''), char(10))"     \
	" FROM (SELECT * FROM sqlite_schema ORDER BY type, name)"
#define ORDER_ROWID "SELECT rowid FROM sqlite_schema WHERE name = 'action_order'"
#define TRIGGER_ROWID "SELECT rowid FROM sqlite_schema WHERE name = 'counts_owner_link'"
/* Every row a sync writes but the clock's, and what the word index finds. */
#define ROWS_SQL                                                                             \
	"SELECT (SELECT group_concat(x, ';') FROM (SELECT id || ',' || cycle_id || ',' ||"  \
	" item_id || ',' || action_id || ',' || position || ',' || status || ',' ||"        \
	" owner_names AS x FROM action ORDER BY id)) || '|' || (SELECT group_concat(x, ';')" \
	" FROM (SELECT action_id || ',' || owner_id || ',' || position AS x FROM action_owner" \
	" ORDER BY 1)) || '|' || (SELECT group_concat(x, ';') FROM (SELECT action_id || ','"  \
	" || field || ',' || new AS x FROM history ORDER BY id)) || '|' ||"                    \
	" (SELECT group_concat(x, ';') FROM (SELECT cycle_id || ',' || items || ',' ||"       \
	" actions || ',' || open AS x FROM plan_count ORDER BY 1)) || '|' ||"                  \
	" (SELECT group_concat(x, ';') FROM (SELECT cycle_id || ',' || owner_id || ',' ||"   \
	" actions || ',' || open AS x FROM owner_count ORDER BY 1)) || '|' ||"                 \
	" (SELECT group_concat(x, ';') FROM (SELECT cycle_id || ',' || due || ',' || n AS x" \
	" FROM plan_due ORDER BY 1)) || '|' || (SELECT group_concat(rowid, ',') FROM"        \
	" text_search('officers OR grilles'))"

/*
 * The load path (core/sync_load.c): the first sync into a database with no action builds
 * the secondary indexes and the figures' triggers after the rows; the schema it leaves is
 * the one the migrations made, the rows and figures those of an ordinary sync, the
 * triggers keep the figures of later writes as the other path's do, and a load that fails
 * half-way leaves the database as it was, indexes and triggers included.
 */
static void test_load_path(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", test_tmpdir(), "sync-load.db");
	unlink(path);
	store *st = NULL;
	ab_err err = {0};
	CHECK_INT(store_open(path, STORE_CREATE, &st, &err), 0);
	char *schema = sql_value(st, SCHEMA_SQL), *rowid = sql_value(st, ORDER_ROWID);
	char *trigger = sql_value(st, TRIGGER_ROWID);
	CHECK(strstr(schema, "CREATE INDEX action_order ON action(item_id, retired, position)") &&
	      strstr(schema, "CREATE INDEX action_owner_owner ON action_owner(owner_id, action_id)"));

	/* A plan defined twice fails the load at its second definition, after the first
	 * plans' rows were written without their indexes: all of it rolls back. */
	model_config *cfg = sync_fixture();
	fx_plan(cfg, "AAA", "2022-07", "concerns", "2022-07-18", "2022-07-29");
	size_t nplans = cfg->nplans; /* restored for model_config_free */
	sync_stats stats;
	CHECK(sync_apply(st, cfg, "tester", &stats, NULL, NULL, &err) == EX_CONFIG);
	CHECK_LIST(sql_value(st, SCHEMA_SQL), schema);
	CHECK_LIST(sql_value(st, ORDER_ROWID), rowid);
	CHECK_LIST(sql_value(st, TRIGGER_ROWID), trigger);
	CHECK_LIST(sql_value(st, "SELECT count(*) FROM action"), "0");

	cfg->nplans--; /* without the second definition the load goes through */
	CHECK_INT(sync_again(st, cfg, &stats), 0);
	CHECK_STATS(stats, 14, 0, 0, 0);
	CHECK_LIST(sql_value(st, SCHEMA_SQL), schema);
	char *built = sql_value(st, ORDER_ROWID); /* made again: the load path was taken */
	CHECK(atol(built) > atol(rowid));
	char *remade = sql_value(st, TRIGGER_ROWID); /* dropped and made again too */
	CHECK(atol(remade) > atol(trigger));
	CHECK_LIST(sql_value(st, "PRAGMA integrity_check"), "ok");
	CHECK_LIST(sql_value(st, "SELECT group_concat(cycle_id || ':' || actions || '/' || open, ' ')"
				 " FROM plan_count"), "1:3/3 2:1/1");
	/* The same rows as the other path: a second database loaded with the first plan
	 * alone, then given the second (a new plan into a database with actions, whose
	 * indexes are kept row by row). */
	cfg->nplans = 1;
	store *two = fx_store(cfg, "sync-load-two.db", NULL);
	cfg->nplans = 2;
	CHECK_INT(sync_again(two, cfg, &stats), 0);
	CHECK_STATS(stats, 3, 0, 0, 0); /* the cycle, its item and its action */
	CHECK_LIST(sql_value(two, ORDER_ROWID), built);
	char *rows = sql_value(st, ROWS_SQL);
	CHECK_LIST(sql_value(two, ROWS_SQL), rows);
	CHECK(strstr(rows, ";4,2,3,1.1.1,0,planned,Governor|") && strstr(rows, "|6,18"));
	free(rows);
	/* Writes after the load, as the sqlite3 shell makes them: the triggers made again keep
	 * the figures as those never dropped do (statuses, an owner leaving, an action gone). */
	static const char *const later =
		"UPDATE action SET status = 'completed' WHERE id % 2 = 0;"
		"DELETE FROM action_owner WHERE action_id = 1;"
		"UPDATE item SET agreement = 'not_agreed' WHERE id = 1;"
		"INSERT INTO action_owner(action_id, owner_id, position)"
		" SELECT 3, id, 9 FROM owner WHERE id NOT IN"
		" (SELECT owner_id FROM action_owner WHERE action_id = 3) LIMIT 1;";
	sql_exec(st, later);
	sql_exec(two, later);
	size_t drifts = 1;
	CHECK_INT(counts_drift(st, show_drift, NULL, &drifts, &err), 0); /* check --deep's */
	CHECK_INT((int)drifts, 0);
	rows = sql_value(st, ROWS_SQL);
	CHECK_LIST(sql_value(two, ROWS_SQL), rows);
	CHECK_LIST(sql_value(st, "SELECT group_concat(cycle_id || ':' || actions || '/' || open ||"
				 " '/' || completed || '/' || not_agreed, ' ') FROM plan_count"),
		   "1:3/2/1/1 2:1/0/1/0");
	free(rows);
	free(remade);
	free(trigger);
	free(built);
	free(schema);
	free(rowid);
	store_close(two);
	store_close(st);
	cfg->nplans = nplans;
	model_config_free(cfg);
}

/*
 * A load writes its items and actions many rows to an INSERT (core/sync_load.c), each
 * taking the id SQLite would give it: a plan of more rows than one INSERT takes (items and
 * actions past SYNC_LOAD_ROWS, an action with two owners, dates and none) loads into the
 * rows the ordinary path writes, ids, owners, history and figures included; a row the
 * schema refuses (a CHECK) in the middle of such an INSERT fails the load, and nothing
 * of it stays.
 */
static void test_load_rows(void)
{
	model_config *cfg = sync_fixture(); /* AAA's and BBB's small plans first */
	model_plan *p = fx_plan(cfg, "AAA", "2023-01", "recommendations", "2023-01-09", "2023-01-20");
	static const char *const targets[] = {"March 2024", "Ongoing", "31 May 2024", "June 2024"};
	int n = 0;
	for (int i = 0; i < 41; i++) {
		char ref[32], id[48], text[64];
		snprintf(ref, sizeof ref, "%d.%d", i / 10 + 1, i % 10 + 1);
		model_item *it = fx_item(p, ref, i % 3 ? "key" : "priority", "Finding – £ •");
		for (int j = 0; j < (i % 4 == 0 ? 5 : 1); j++, n++) {
			snprintf(id, sizeof id, "%s.%d", ref, j + 1);
			snprintf(text, sizeof text, "Action %d: officers fit grilles", n);
			if (n % 7 == 3)
				fx_action(it, id, targets[n % 4], text, "Governor", "Head of Residence",
					  NULL);
			else
				fx_action(it, id, targets[n % 4], text,
					  n % 2 ? "Head of Residence" : "The Governor", NULL);
		}
	}
	CHECK(n > 2 * SYNC_LOAD_ROWS_FOR_TEST && p->nitems > SYNC_LOAD_ROWS_FOR_TEST);
	/* one load of the three plans, against the small plans loaded and then the big one
	 * synced the ordinary way (a database with actions) */
	sync_stats stats;
	store *one = fx_store(cfg, "load-rows.db", &stats);
	CHECK_INT(stats.added, 14 + 1 + 41 + n);
	size_t nplans = cfg->nplans;
	cfg->nplans = 2;
	store *two = fx_store(cfg, "load-rows-two.db", NULL);
	cfg->nplans = nplans;
	CHECK_INT(sync_again(two, cfg, &stats), 0);
	CHECK_STATS(stats, 1 + 41 + n, 0, 0, 0);
	char *rows = sql_value(one, ROWS_SQL);
	CHECK_LIST(sql_value(two, ROWS_SQL), rows);
	char want[32];
	snprintf(want, sizeof want, "%d %d", 4 + n, 4 + n); /* the small plans' 4 first */
	CHECK_LIST(sql_value(one, "SELECT count(*) || ' ' || max(id) FROM action"), want);
	CHECK_LIST(sql_value(one, "SELECT group_concat(o.name, ';') FROM action_owner ao"
				  " JOIN owner o ON o.id = ao.owner_id JOIN action a ON a.id = ao.action_id"
				  " WHERE a.action_id = '1.1.4' AND a.cycle_id = 3 ORDER BY ao.position"),
		   "Governor;Head of Residence");
	CHECK_LIST(sql_value(one, "PRAGMA integrity_check"), "ok");
	size_t drifts = 1;
	ab_err err = {0};
	CHECK_INT(counts_drift(one, show_drift, NULL, &drifts, &err), 0);
	CHECK_INT((int)drifts, 0);
	free(rows);
	store_close(two);

	/* An item the schema refuses, the 35th of the big plan: the INSERT of many items
	 * that holds it fails, after others of the plan were written, and the load with it. */
	char *schema = sql_value(one, SCHEMA_SQL);
	store_close(one);
	fx_set(&p->items[34].category, "bogus");
	char path[512];
	snprintf(path, sizeof path, "%s/%s", test_tmpdir(), "load-rows-bad.db");
	unlink(path);
	store *bad = NULL;
	CHECK_INT(store_open(path, STORE_CREATE, &bad, &err), 0);
	CHECK_INT(sync_apply(bad, cfg, "tester", &stats, NULL, NULL, &err), EX_SOFTWARE);
	CHECK(strstr(err.msg, "CHECK constraint failed") != NULL);
	CHECK_LIST(sql_value(bad, "SELECT count(*) FROM item"), "0");
	CHECK_LIST(sql_value(bad, "SELECT count(*) FROM action"), "0");
	CHECK_LIST(sql_value(bad, SCHEMA_SQL), schema);
	fx_set(&p->items[34].category, "key"); /* then the same database loads */
	CHECK_INT(sync_again(bad, cfg, &stats), 0);
	CHECK_LIST(sql_value(bad, "SELECT count(*) || ' ' || max(id) FROM action"), want);
	free(schema);
	store_close(bad);
	model_config_free(cfg);
}

/* util_hash, the content hash behind every fingerprint sync stores (source_file): known
 * answers, computed apart from this code (a Python transcription of util.c's mixing), so a
 * change to the hash, which would make every stored fingerprint stale, fails here. Fed in
 * pieces of every size it must give the same digest. */
static void test_hash_known_answers(void)
{
	static const struct {
		const char *in, *want;
	} kat[] = {
		{"", "ff89392a2567f00c51204bdae1cc7969"},
		{"a", "787e599876b8519e008e63669e00c40b"},
		{"abc", "b26ccf1ad3e475b2bd657ab159321edd"},
		{"12345678", "f16117a3726fbc57d3ae5854463f75c2"},
		{"plan: £3.8m – café •\n", "33deac0c77fb7e1ed907bd952f416ce2"},
	};
	for (size_t i = 0; i < sizeof kat / sizeof kat[0]; i++) {
		size_t n = strlen(kat[i].in);
		for (size_t piece = 1; piece <= n + 1; piece++) {
			util_hash h;
			char hex[33];
			util_hash_init(&h);
			for (size_t at = 0; at < n; at += piece)
				util_hash_add(&h, kat[i].in + at, n - at < piece ? n - at : piece);
			util_hash_hex(&h, hex);
			CHECK_STR(hex, kat[i].want);
		}
	}
}

/* The memory policy (xmalloc.h): a failed allocation ends the program with its message
 * and EX_OSERR, after the hook; XGROW keeps every element while it doubles. */
static int xmalloc_hook_ran;
static void xmalloc_test_hook(void)
{
	xmalloc_hook_ran = 1;
	fputs("hook;", stderr);
}

static void test_xmalloc_policy(void)
{
	int fds[2];
	CHECK(pipe(fds) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		xmalloc_on_failure(xmalloc_test_hook);
		/* What xmalloc and its family do when the C library returns NULL (a real
		 * failure cannot be had under ASan, which aborts on an impossible size). */
		xmalloc_fail(1234);
	}
	close(fds[1]);
	char msg[256] = "";
	size_t got = 0;
	for (ssize_t n; got < sizeof msg - 1 && (n = read(fds[0], msg + got, sizeof msg - 1 - got)) > 0;)
		got += (size_t)n;
	msg[got] = 0;
	close(fds[0]);
	int status = 0;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status));
	CHECK_INT(WEXITSTATUS(status), EX_OSERR);
	CHECK_STR(msg, "hook;actionboard: out of memory (1234 bytes wanted)\n");
	int *v = NULL;
	size_t len = 0, cap = 0;
	for (int i = 0; i < 1000; i++) {
		XGROW(v, len, cap);
		v[len++] = i;
	}
	long sum = 0;
	for (size_t i = 0; i < len; i++)
		sum += v[i];
	CHECK_INT(sum, 999 * 1000 / 2);
	CHECK(cap >= len && cap < 2 * len);
	free(v);
	CHECK_INT(xmalloc_hook_ran, 0); /* the hook ran in the child only */
}

const test_case sync_tests[] = {
	{"xmalloc: no memory ends the program (71) with its message; XGROW", test_xmalloc_policy},
	{"util_hash: known answers, whole and in pieces", test_hash_known_answers},
	{"sync: a second sync changes nothing (identical dump)", test_idempotent},
	{"sync: a text edit updates the definition and keeps the status", test_status_survives_edit},
	{"sync: an action leaves the YAML (retired, kept) and comes back", test_retire_restore_action},
	{"sync: a plan leaves the configuration and comes back", test_retire_restore_plan},
	{"sync: a load into an empty database makes its indexes and triggers after the rows",
	 test_load_path},
	{"sync: a load writes many rows to an INSERT, the rows of the ordinary path",
	 test_load_rows},
	{NULL, NULL},
};
