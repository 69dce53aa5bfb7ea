/*
 * query and catalog on a small fixture: two establishments, three cycles, items whose
 * refs sort differently as text (1.10 after 1.2 in the plan), owners with aliases, and a
 * pinned today so that "overdue" has one answer.
 */
#include <stdlib.h>

#include "../../core/action.h"
#include "../../core/catalog.h"
#include "../../core/key.h"
#include "../../core/query.h"
#include "../../core/util.h"
#include "../../core/search.h"
#include "fixture.h"
#include "test.h"

/*
 * Dues with today 2024-01-01: AAA/2019-08/S37.1 2020-04-30 (overdue), AAA/2022-07:
 * 1.1.1 2023-03-31 (overdue), 1.1.2 completed, 1.1.3 ongoing (no due), 1.2.1 2024-06-30,
 * 1.2.2 2025-01-31, 1.10.1 2023-12-31 (overdue); BBB/2022-07/1.1.1 2023-03-31 (overdue).
 */
static model_config *query_fixture(void)
{
	model_config *cfg = fx_config();
	fx_owner(cfg, "Governor", "The Governor", NULL);
	fx_owner(cfg, "Head of Residence", "HoR", NULL);
	fx_owner(cfg, "Head of Healthcare", NULL);
	fx_establishment(cfg, "AAA", "HMP Alpha");
	fx_establishment(cfg, "BBB", "HMP Beta");

	model_plan *p = fx_plan(cfg, "AAA", "2022-07", "concerns", "2022-07-18", "2022-07-29");
	model_item *it = fx_item(p, "1.1", "priority", "The availability of illicit drugs was too high.");
	fx_action(it, "1.1.1", "March 2023", "Window grilles fitted.", "Governor", NULL);
	fx_action(it, "1.1.2", "Completed", "Barcode system for legal mail.", "Governor", "HoR", NULL);
	fx_action(it, "1.1.3", "Ongoing", "Searches of cells.", "HoR", NULL);
	it = fx_item(p, "1.2", "priority", "The management of medicines was weak.");
	fx_action(it, "1.2.1", "June 2024", "Pharmacy review.", "Head of Healthcare", NULL);
	fx_action(it, "1.2.2", "January 2025", "Cut waiting times by 50% this year.", "Governor",
		  NULL);
	it = fx_item(p, "1.10", "key", "Too few prisoners were in education.");
	fx_action(it, "1.10.1", "December 2023", "More places in classes.", "The Governor", NULL);

	p = fx_plan(cfg, "AAA", "2019-08", "recommendations", "2019-08-05", "2019-08-16");
	it = fx_item(p, "S37", "key", "Leaders should reduce violence.");
	it->seq = 1;
	fx_set(&it->agreement, "agreed");
	fx_set(&it->directed_to, "Governor");
	fx_action(it, "S37.1", "April 2020", "A violence reduction strategy.", "Governor", NULL);

	p = fx_plan(cfg, "BBB", "2022-07", "concerns", "2022-07-04", "2022-07-08");
	it = fx_item(p, "1.1", "priority", "Staff shortages limited the regime.");
	fx_action(it, "1.1.1", "March 2023", "Recruit officers.", "Governor", NULL);
	return cfg;
}

/* ---- collecting rows ------------------------------------------------------------------ */

static int collect_key(const query_action *r, void *ctx)
{
	util_buf *b = ctx;
	util_buf_printf(b, "%s%s/%s/%s%s", b->len ? " " : "", r->establishment, r->cycle,
			r->action_id, r->overdue ? "!" : "");
	return 0;
}

/* The keys of the actions the filter lists, space-separated, "!" after overdue ones. */
static char *actions(store *st, query_filter f)
{
	util_buf b = {0};
	ab_err err = {0};
	CHECK_INT(query_actions(st, &f, collect_key, &b, &err), 0);
	return util_buf_take(&b);
}

static int collect_item(const query_item *r, void *ctx)
{
	util_buf *b = ctx;
	util_buf_printf(b, "%s%s/%s/%s=%d/%d/%d", b->len ? " " : "", r->establishment, r->cycle,
			r->ref, r->actions_total, r->actions_completed, r->actions_overdue);
	return 0;
}

/* Items as "EST/CYCLE/REF=total/completed/overdue". */
static char *items(store *st, query_filter f)
{
	util_buf b = {0};
	ab_err err = {0};
	CHECK_INT(query_items(st, &f, collect_item, &b, &err), 0);
	return util_buf_take(&b);
}

#define CHECK_LIST(call, expected)          \
	do {                                \
		char *got_ = (call);        \
		CHECK_STR(got_, expected);  \
		free(got_);                 \
	} while (0)

static store *query_store(model_config **cfg)
{
	*cfg = query_fixture();
	return fx_store(*cfg, "query.db", NULL);
}

/* ---- tests ------------------------------------------------------------------------------ */

static void test_plan_order(void)
{
	model_config *cfg;
	store *st = query_store(&cfg);
	date_t today = fx_date("2024-01-01");
	/* Establishments by code, cycles by inspection date, items and actions as planned. */
	CHECK_LIST(actions(st, (query_filter){.today = today}),
		   "AAA/2019-08/S37.1! AAA/2022-07/1.1.1! AAA/2022-07/1.1.2 AAA/2022-07/1.1.3 "
		   "AAA/2022-07/1.2.1 AAA/2022-07/1.2.2 AAA/2022-07/1.10.1! BBB/2022-07/1.1.1!");
	CHECK_LIST(items(st, (query_filter){.establishment = "AAA", .cycle = "2022-07",
					    .today = today}),
		   "AAA/2022-07/1.1=3/1/1 AAA/2022-07/1.2=2/0/0 AAA/2022-07/1.10=1/0/1");
	store_close(st);
	model_config_free(cfg);
}

static void test_place_filters(void)
{
	model_config *cfg;
	store *st = query_store(&cfg);
	date_t today = fx_date("2024-01-01");
	CHECK_LIST(actions(st, (query_filter){.establishment = "BBB", .today = today}),
		   "BBB/2022-07/1.1.1!");
	/* A cycle id alone matches that cycle in every establishment. */
	CHECK_LIST(items(st, (query_filter){.cycle = "2022-07", .today = today}),
		   "AAA/2022-07/1.1=3/1/1 AAA/2022-07/1.2=2/0/0 AAA/2022-07/1.10=1/0/1 "
		   "BBB/2022-07/1.1=1/0/1");
	CHECK_LIST(actions(st, (query_filter){.establishment = "AAA", .cycle = "2019-08",
					      .today = today}),
		   "AAA/2019-08/S37.1!");
	store_close(st);
	model_config_free(cfg);
}

/* What a test reads of one row, copied: row strings die with the callback. */
typedef struct row_seen {
	char *fields; /* owners|target|due|due_original|status|directed_to|agreement|due_reason */
	int seq;
	bool overdue;
} row_seen;

static int first_action(const query_action *r, void *ctx)
{
	row_seen *out = ctx;
	util_buf b = {0};
	util_buf_printf(&b, "%s|%s|%s|%s|%s|%s|%s|%s", r->owners, r->target, r->due ? r->due : "-",
			r->due_original ? r->due_original : "-", r->status,
			r->directed_to ? r->directed_to : "-", r->agreement ? r->agreement : "-",
			r->due_reason ? r->due_reason : "-");
	*out = (row_seen){util_buf_take(&b), r->item_seq, r->overdue};
	return 1; /* stop after the first row */
}

static void test_row_fields(void)
{
	model_config *cfg;
	store *st = query_store(&cfg);
	ab_err err = {0};
	row_seen r = {0};
	query_filter f = {.establishment = "AAA", .cycle = "2019-08", .today = fx_date("2024-01-01")};
	/* A callback's non-zero return stops the query and is returned. */
	CHECK_INT(query_actions(st, &f, first_action, &r, &err), 1);
	CHECK_STR(r.fields, "Governor|April 2020|2020-04-30|2020-04-30|planned|Governor|agreed|-");
	CHECK_INT(r.seq, 1);
	CHECK(r.overdue);
	free(r.fields);

	f = (query_filter){.search = "barcode", .today = fx_date("2024-01-01")};
	CHECK_INT(query_actions(st, &f, first_action, &r, &err), 1);
	/* Owners in plan order, an alias resolved to its canonical name. */
	CHECK_STR(r.fields, "Governor\x1fHead of Residence|Completed|-|-|completed|-|-|-");
	CHECK_INT(r.seq, 0);
	CHECK(!r.overdue);
	free(r.fields);
	store_close(st);
	model_config_free(cfg);
}

static void test_owner_status_search(void)
{
	model_config *cfg;
	store *st = query_store(&cfg);
	date_t today = fx_date("2024-01-01");
	const char *hor = "AAA/2022-07/1.1.2 AAA/2022-07/1.1.3";
	CHECK_LIST(actions(st, (query_filter){.owner = "Head of Residence", .today = today}), hor);
	CHECK_LIST(actions(st, (query_filter){.owner = "HoR", .today = today}), hor);
	CHECK_LIST(actions(st, (query_filter){.owner = "head of residence", .today = today}), hor);
	CHECK_LIST(actions(st, (query_filter){.owner = "The Governor", .cycle = "2022-07",
					      .today = today}),
		   "AAA/2022-07/1.1.1! AAA/2022-07/1.1.2 AAA/2022-07/1.2.2 AAA/2022-07/1.10.1! "
		   "BBB/2022-07/1.1.1!");
	CHECK_LIST(actions(st, (query_filter){.status = "completed", .today = today}),
		   "AAA/2022-07/1.1.2");
	CHECK_LIST(actions(st, (query_filter){.status = "in_progress", .today = today}),
		   "AAA/2022-07/1.1.3");
	/* Search: words of item or action text (search.h), any case; the last word may begin
	 * a longer one; punctuation separates words; a word matches from its start. */
	CHECK_LIST(actions(st, (query_filter){.search = "MEDICINES", .today = today}),
		   "AAA/2022-07/1.2.1 AAA/2022-07/1.2.2");
	CHECK_LIST(actions(st, (query_filter){.search = "medic", .today = today}),
		   "AAA/2022-07/1.2.1 AAA/2022-07/1.2.2");
	CHECK_LIST(actions(st, (query_filter){.search = "50%", .today = today}), "AAA/2022-07/1.2.2");
	CHECK_LIST(actions(st, (query_filter){.search = "5_%", .today = today}), "AAA/2022-07/1.2.2");
	CHECK_LIST(actions(st, (query_filter){.search = "waiting times", .today = today}),
		   "AAA/2022-07/1.2.2");
	CHECK_LIST(actions(st, (query_filter){.search = "times waiting", .today = today}), "");
	CHECK_LIST(actions(st, (query_filter){.search = "edicines", .today = today}), "");
	/* Text without a word is searched for as a substring. */
	CHECK_LIST(actions(st, (query_filter){.search = "%", .today = today}), "AAA/2022-07/1.2.2");
	/* ... where % and _ are searched for as themselves. */
	CHECK_LIST(actions(st, (query_filter){.search = "_%", .today = today}), "");
	CHECK_LIST(actions(st, (query_filter){.search = "grilles", .owner = "HoR", .today = today}),
		   "");
	/* Action filters narrow the item counts and drop items left without actions. */
	CHECK_LIST(items(st, (query_filter){.owner = "Governor", .establishment = "AAA",
					    .cycle = "2022-07", .today = today}),
		   "AAA/2022-07/1.1=2/1/1 AAA/2022-07/1.2=1/0/0 AAA/2022-07/1.10=1/0/1");
	CHECK_LIST(items(st, (query_filter){.search = "pharmacy", .today = today}),
		   "AAA/2022-07/1.2=1/0/0");
	store_close(st);
	model_config_free(cfg);
}

static void test_overdue_and_due_within(void)
{
	model_config *cfg;
	store *st = query_store(&cfg);
	date_t today = fx_date("2024-01-01");
	CHECK_LIST(actions(st, (query_filter){.overdue = true, .today = today}),
		   "AAA/2019-08/S37.1! AAA/2022-07/1.1.1! AAA/2022-07/1.10.1! BBB/2022-07/1.1.1!");
	/* Overdue is "due before today": on its due day an action is not yet overdue. */
	CHECK_LIST(actions(st, (query_filter){.overdue = true, .cycle = "2022-07",
					      .establishment = "AAA",
					      .today = fx_date("2023-12-31")}),
		   "AAA/2022-07/1.1.1!");
	CHECK_LIST(items(st, (query_filter){.overdue = true, .establishment = "AAA",
					    .cycle = "2022-07", .today = today}),
		   "AAA/2022-07/1.1=1/0/1 AAA/2022-07/1.10=1/0/1");
	/* Due within N days: today up to today + N, both included. */
	CHECK_LIST(actions(st, (query_filter){.due_within = 181, .today = today}),
		   "AAA/2022-07/1.2.1");
	CHECK_LIST(actions(st, (query_filter){.due_within = 180, .today = today}), "");
	CHECK_LIST(actions(st, (query_filter){.due_within = 1, .today = fx_date("2023-12-31")}),
		   "AAA/2022-07/1.10.1");

	/* A revised due date wins over the derived one; closing an action ends "overdue". */
	ab_err err = {0};
	action_actor me = {.login = "tester"};
	CHECK_INT(action_revise_due(st, &me, "AAA/2022-07/1.1.1", 0, fx_date("2024-03-31"),
				    "grilles delayed", NULL, &err), 0);
	CHECK_INT(action_set_status(st, &me, "AAA/2022-07/1.10.1", 0, STATUS_COMPLETED, NULL, NULL,
				    &err), 0);
	CHECK_LIST(actions(st, (query_filter){.overdue = true, .establishment = "AAA",
					      .today = today}),
		   "AAA/2019-08/S37.1!");
	CHECK_LIST(actions(st, (query_filter){.due_within = 181, .today = today}),
		   "AAA/2022-07/1.1.1 AAA/2022-07/1.2.1");
	row_seen r = {0};
	query_filter f = {.search = "grilles", .today = today};
	CHECK_INT(query_actions(st, &f, first_action, &r, &err), 1);
	CHECK_STR(r.fields, "Governor|March 2023|2024-03-31|2023-03-31|planned|-|-|grilles delayed");
	CHECK(!r.overdue);
	free(r.fields);
	store_close(st);
	model_config_free(cfg);
}

static int collect_owner(const query_owner *r, void *ctx)
{
	util_buf_printf(ctx, "%s=%d/%d/%d/%d;", r->name, r->total, r->open, r->overdue, r->completed);
	return 0;
}

static int collect_cycle(const catalog_cycle *r, void *ctx)
{
	util_buf_printf(ctx, "%s/%s %s items=%d actions=%d open=%d overdue=%d completed=%d;",
			r->establishment, r->cycle, r->inspection_start, r->items, r->actions,
			r->open, r->overdue, r->completed);
	return 0;
}

static void test_owners_and_catalog(void)
{
	model_config *cfg;
	store *st = query_store(&cfg);
	ab_err err = {0};
	util_buf b = {0};
	query_filter f = {.establishment = "AAA", .cycle = "2022-07", .today = fx_date("2024-01-01")};
	CHECK_INT(query_owners(st, &f, collect_owner, &b, &err), 0);
	CHECK_LIST(util_buf_take(&b), "Governor=4/3/2/1;Head of Healthcare=1/1/0/0;"
					"Head of Residence=2/1/0/1;");
	CHECK_INT(catalog_cycles(st, fx_date("2024-01-01"), collect_cycle, &b, &err), 0);
	CHECK_LIST(util_buf_take(&b),
		   "AAA/2019-08 2019-08-05 items=1 actions=1 open=1 overdue=1 completed=0;"
		   "AAA/2022-07 2022-07-18 items=3 actions=6 open=5 overdue=2 completed=1;"
		   "BBB/2022-07 2022-07-04 items=1 actions=1 open=1 overdue=1 completed=0;");
	store_close(st);
	model_config_free(cfg);
}

static void test_check_filter(void)
{
	model_config *cfg;
	store *st = query_store(&cfg);
	ab_err err = {0};
	query_filter f = {.establishment = "AAA", .cycle = "2019-08", .owner = "HoR"};
	CHECK_INT(query_check_filter(st, &f, &err), 0);
	f = (query_filter){.establishment = "ZZZ"};
	CHECK_INT(query_check_filter(st, &f, &err), EX_DATAERR);
	CHECK_STR(err.msg, "unknown establishment 'ZZZ'");
	f = (query_filter){.establishment = "BBB", .cycle = "2019-08"};
	CHECK_INT(query_check_filter(st, &f, &err), EX_DATAERR);
	CHECK_STR(err.msg, "unknown cycle '2019-08'");
	f = (query_filter){.owner = "Nobody"};
	CHECK_INT(query_check_filter(st, &f, &err), EX_DATAERR);
	CHECK_STR(err.msg, "unknown owner 'Nobody' (see: actionboard owners)");
	store_close(st);
	model_config_free(cfg);
}

/* ---- keys --------------------------------------------------------------------------- */

static void test_key_parse(void)
{
	key_parts k;
	ab_err err = {0};
	CHECK_INT(key_parse("LIV/2022-07/1.1.3", KEY_ACTION, &k, &err), 0);
	CHECK_STR(k.establishment, "LIV");
	CHECK_STR(k.cycle, "2022-07");
	CHECK_STR(k.id, "1.1.3");
	/* An item ref is everything after the second '/'; an action id never holds one. */
	CHECK_INT(key_parse("LIV/2019-08/S37/38", KEY_ITEM, &k, &err), 0);
	CHECK_STR(k.id, "S37/38");
	CHECK_INT(key_parse("LIV/2019-08/S37/38", KEY_ACTION, &k, &err), EX_DATAERR);
	CHECK_STR(err.msg, "'LIV/2019-08/S37/38' is not an action key (ESTABLISHMENT/CYCLE/"
			   "ACTION-ID, e.g. LIV/2022-07/1.1.3)");
	CHECK_STR(k.establishment, ""); /* zeroed on failure */
	const char *bad[] = {"", "1.1.3", "LIV/1.1.3", "/2022-07/1", "LIV//1", "LIV/2022-07/"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK_INT(key_parse(bad[i], KEY_ANY, &k, &err), EX_DATAERR);
	CHECK_STR(err.msg, "'LIV/2022-07/' is not a key (ESTABLISHMENT/CYCLE/ID, e.g. "
			   "LIV/2022-07/1.1 or LIV/2022-07/1.1.3)");
	CHECK_INT(key_parse("LIV/x", KEY_ITEM, &k, &err), EX_DATAERR);
	CHECK_STR(err.msg, "'LIV/x' is not an item key (ESTABLISHMENT/CYCLE/REF, e.g. LIV/2022-07/1.1)");
	/* Each part must fit its buffer, NUL included. */
	char text[KEY_LEN + 8];
	snprintf(text, sizeof text, "%.*s/c/1", KEY_PLACE_MAX - 1,
		 "EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE");
	CHECK_INT(key_parse(text, KEY_ACTION, &k, &err), 0);
	CHECK_INT(strlen(k.establishment), KEY_PLACE_MAX - 1);
	snprintf(text, sizeof text, "E%.*s/c/1", KEY_PLACE_MAX - 1,
		 "EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE");
	CHECK_INT(key_parse(text, KEY_ACTION, &k, &err), EX_DATAERR);

	CHECK(key_is_qualified("LIV/2022-07/1.1"));
	CHECK(!key_is_qualified("1.1"));
	CHECK(!key_is_qualified("LIV/1.1"));
	char buf[KEY_LEN];
	CHECK_INT(key_format(buf, sizeof buf, "LIV", "2022-07", "1.1.3"), 17);
	CHECK_STR(buf, "LIV/2022-07/1.1.3");
	CHECK_INT(key_format(buf, 8, "LIV", "2022-07", "1.1.3"), 17);
	CHECK_STR(buf, "LIV/202");
}

/* Every write and read of an action goes through the same parser. */
static void test_action_keys(void)
{
	model_config *cfg;
	store *st = query_store(&cfg);
	ab_err err = {0};
	action_state s;
	CHECK_INT(action_get(st, "AAA/2022-07/1.10.1", &s, &err), 0);
	CHECK_STR(s.status, "planned");
	CHECK_STR(s.due, "2023-12-31");
	CHECK_INT(action_get(st, "AAA/2022-07", &s, &err), EX_DATAERR);
	CHECK_STR(err.msg, "'AAA/2022-07' is not an action key (ESTABLISHMENT/CYCLE/ACTION-ID, "
			   "e.g. LIV/2022-07/1.1.3)");
	CHECK_INT(action_get(st, "AAA/2022-07/9.9.9", &s, &err), EX_DATAERR);
	CHECK_STR(err.msg, "no such action 'AAA/2022-07/9.9.9'");
	action_actor me = {.login = "tester"};
	CHECK_INT(action_add_note(st, &me, "AAA/2022-07/1.10.1/x", "hello", NULL, &err), EX_DATAERR);
	store_close(st);
	model_config_free(cfg);
}

/* ---- query plans ------------------------------------------------------------------------ */

static void trace_sql(const char *sql, void *ctx)
{
	if (strncmp(sql, "EXPLAIN", 7))
		snprintf(ctx, 8192, "%s", sql);
}

/* The plan of the last statement traced, one detail per line. */
static char *last_plan(store *st, const char *sql)
{
	util_buf plan = {0};
	ab_err err = {0};
	CHECK_INT(store_explain(st, sql, &plan, &err), 0);
	return util_buf_take(&plan);
}

static int count_action(const query_action *r, void *ctx)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

static int count_item(const query_item *r, void *ctx)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

static int count_cycle(const catalog_cycle *r, void *ctx)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

#define CHECK_PLAN_HAS(plan, step)                                                \
	do {                                                                      \
		if (!strstr(plan, step)) {                                        \
			printf("#   %s:%d: plan lacks '%s':\n%s", __FILE__, __LINE__, \
			       step, plan);                                       \
			test_failures++;                                          \
		}                                                                 \
	} while (0)

/* The lists of a cycle, of an owner and of overdue actions reach rows through indexes,
 * never by scanning the action or item table. */
static void test_plans_use_indexes(void)
{
	model_config *cfg;
	store *st = query_store(&cfg);
	ab_err err = {0};
	char sql[8192] = "";
	store_trace(st, trace_sql, sql);
	date_t today = fx_date("2024-01-01");
	int n = 0;
	struct {
		query_filter f;
		bool items;
		const char *steps[3];
	} cases[] = {
		{{.establishment = "AAA", .cycle = "2022-07", .today = today}, false,
		 {"SEARCH e USING INDEX sqlite_autoindex_establishment_1 (code=?)",
		  "SEARCH i USING INDEX item_order (cycle_id=? AND retired=?)",
		  "SEARCH a USING INDEX action_order (item_id=? AND retired=?)"}},
		/* The estate in plan order: walked through the indexes, nothing sorted. */
		{{.owner = "Governor", .today = today}, false,
		 {"SEARCH c USING INDEX cycle_order (establishment_id=?)",
		  "SEARCH action_owner USING COVERING INDEX action_owner_owner (owner_id=?)",
		  "SEARCH a USING INDEX action_order (item_id=? AND retired=?)"}},
		{{.overdue = true, .today = today}, false,
		 {"SEARCH a USING INDEX action_order (item_id=? AND retired=?)"}},
		{{.establishment = "AAA", .cycle = "2022-07", .overdue = true, .today = today}, true,
		 {"SEARCH i USING INDEX item_order (cycle_id=? AND retired=?)",
		  "SEARCH a USING INDEX action_order (item_id=? AND retired=?)"}},
		/* Sorted, by category, open only: a plan's rows are still found by key (its
		 * items, then their actions) and then sorted; no sort walks an index over the
		 * estate in its order. */
		{{.establishment = "AAA", .cycle = "2022-07", .category = "priority", .open = true,
		  .sort = QUERY_SORT_DUE, .today = today}, false,
		 {"SEARCH c USING INDEX sqlite_autoindex_cycle_1 (establishment_id=? AND code=?)",
		  "SEARCH a USING INDEX action_order (item_id=? AND retired=?)",
		  "USE TEMP B-TREE FOR ORDER BY"}},
		{{.establishment = "AAA", .cycle = "2022-07", .sort = QUERY_SORT_LATE, .today = today},
		 false,
		 {"SEARCH c USING INDEX sqlite_autoindex_cycle_1 (establishment_id=? AND code=?)",
		  "SEARCH a USING INDEX action_order (item_id=? AND retired=?)"}},
		{{.establishment = "AAA", .cycle = "2022-07", .sort = QUERY_SORT_OWNER, .today = today},
		 false,
		 {"SEARCH c USING INDEX sqlite_autoindex_cycle_1 (establishment_id=? AND code=?)",
		  "SEARCH a USING INDEX action_order (item_id=? AND retired=?)"}},
		{{.establishment = "AAA", .cycle = "2022-07", .sort = QUERY_SORT_REF, .today = today},
		 false,
		 {"SEARCH c USING INDEX sqlite_autoindex_cycle_1 (establishment_id=? AND code=?)",
		  "SEARCH a USING INDEX action_order (item_id=? AND retired=?)"}},
		{{.owner = "Governor", .sort = QUERY_SORT_DUE, .today = today}, false,
		 {"SEARCH action_owner USING COVERING INDEX action_owner_owner (owner_id=?)"}},
		{{.establishment = "AAA", .cycle = "2022-07", .category = "key", .open = true,
		  .sort = QUERY_SORT_LATE, .today = today}, true,
		 {"SEARCH i USING INDEX item_order (cycle_id=? AND retired=?)",
		  "SEARCH a USING INDEX action_order (item_id=? AND retired=?)"}},
		{{.establishment = "AAA", .cycle = "2022-07", .sort = QUERY_SORT_REF, .today = today},
		 true, {"SEARCH i USING INDEX item_order (cycle_id=? AND retired=?)"}},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		if (cases[k].items)
			CHECK_INT(query_items(st, &cases[k].f, count_item, &n, &err), 0);
		else
			CHECK_INT(query_actions(st, &cases[k].f, count_action, &n, &err), 0);
		char *plan = last_plan(st, sql);
		for (int j = 0; j < 3 && cases[k].steps[j]; j++)
			CHECK_PLAN_HAS(plan, cases[k].steps[j]);
		CHECK(!strstr(plan, "SCAN a") && !strstr(plan, "SCAN i"));
		if (!cases[k].items && cases[k].f.sort == QUERY_SORT_PLAN) /* plan order: no sort */
			CHECK(!strstr(plan, "TEMP B-TREE"));
		free(plan);
	}
	CHECK_INT(catalog_cycles(st, today, count_cycle, &n, &err), 0);
	char *plan = last_plan(st, sql);
	/* Counted per plan in one pass over an index that holds what they read. */
	CHECK_PLAN_HAS(plan, "SCAN a USING INDEX sqlite_autoindex_action_1");
	CHECK(!strstr(plan, "TEMP B-TREE"));
	free(plan);
	CHECK(n > 0);
	store_close(st);
	model_config_free(cfg);
}

static void test_sort_and_open(void)
{
	model_config *cfg;
	store *st = query_store(&cfg);
	query_filter f = {.establishment = "AAA", .cycle = "2022-07", .today = fx_date("2024-01-01")};
	f.sort = QUERY_SORT_DUE; /* earliest first, undated last, ties in plan order */
	CHECK_LIST(actions(st, f), "AAA/2022-07/1.1.1! AAA/2022-07/1.10.1! AAA/2022-07/1.2.1 "
				   "AAA/2022-07/1.2.2 AAA/2022-07/1.1.2 AAA/2022-07/1.1.3");
	f.sort = QUERY_SORT_LATE; /* overdue first, the most days late first */
	CHECK_LIST(actions(st, f), "AAA/2022-07/1.1.1! AAA/2022-07/1.10.1! AAA/2022-07/1.2.1 "
				   "AAA/2022-07/1.2.2 AAA/2022-07/1.1.2 AAA/2022-07/1.1.3");
	f.sort = QUERY_SORT_OWNER; /* by owners' names, first owner first: Governor alone
				    * before Governor and Head of Residence */
	CHECK_LIST(actions(st, f), "AAA/2022-07/1.1.1! AAA/2022-07/1.2.2 AAA/2022-07/1.10.1! "
				   "AAA/2022-07/1.1.2 AAA/2022-07/1.2.1 AAA/2022-07/1.1.3");
	f.sort = QUERY_SORT_PLAN;
	f.open = true; /* the completed 1.1.2 goes, from the lists and the counts */
	CHECK_LIST(actions(st, f), "AAA/2022-07/1.1.1! AAA/2022-07/1.1.3 AAA/2022-07/1.2.1 "
				   "AAA/2022-07/1.2.2 AAA/2022-07/1.10.1!");
	CHECK_LIST(items(st, f), "AAA/2022-07/1.1=2/0/1 AAA/2022-07/1.2=2/0/0 AAA/2022-07/1.10=1/0/1");
	store_close(st);
	model_config_free(cfg);
}

/* The latest note of the one action the filter finds, into ctx (256 bytes). */
static int collect_note(const query_action *r, void *ctx)
{
	snprintf(ctx, 256, "%s", r->last_note ? r->last_note : "(none)");
	return 0;
}

/* action_history's callback: the id of the latest event. */
static int collect_last_id(const action_event *e, void *ctx)
{
	*(int64_t *)ctx = e->id;
	return 0;
}

static void test_undo_and_revise(void)
{
	model_config *cfg;
	store *st = query_store(&cfg);
	const char *key = "AAA/2022-07/1.2.1";
	action_actor alice = {"alice", NULL}, bob = {"bob", NULL};
	action_state s;
	action_change ch;
	ab_err err = {0};
	/* A status, two due dates and a note; each undo takes back the latest still in effect. */
	CHECK_INT(action_set_status(st, &alice, key, 0, STATUS_BLOCKED, "no funds", &s, &err), 0);
	CHECK_INT(action_revise_due(st, &alice, key, 0, fx_date("2024-09-30"), "late", &s, &err), 0);
	CHECK_INT(action_revise_due(st, &alice, key, 0, fx_date("2024-12-31"), "later", &s, &err), 0);
	CHECK_INT(action_add_note(st, &alice, key, "Mtg with goveror", &s, &err), 0);
	CHECK_INT(action_undo_find(st, &alice, key, &ch, &err), 0);
	CHECK_STR(ch.kind, "note");
	CHECK_STR(ch.note, "Mtg with goveror");
	CHECK_INT(action_undo_find(st, &bob, key, &ch, &err), EX_DATAERR); /* bob wrote nothing */
	CHECK_INT(action_undo(st, &alice, key, 0, &ch, &s, &err), 0); /* the note withdrawn */
	CHECK_INT(action_undo(st, &alice, key, 0, &ch, &s, &err), 0); /* 2024-12-31 undone */
	CHECK_STR(s.due, "2024-09-30");
	CHECK_INT(action_undo(st, &alice, key, 0, &ch, &s, &err), 0); /* 2024-09-30 undone */
	CHECK_STR(s.due, "2024-06-30"); /* the date derived from the target again */
	/* bob changes the status: alice's status change can no longer be undone. */
	CHECK_INT(action_set_status(st, &bob, key, 0, STATUS_IN_PROGRESS, NULL, &s, &err), 0);
	CHECK_INT(action_undo(st, &alice, key, 0, &ch, &s, &err), EX_TEMPFAIL);
	CHECK(strstr(err.msg, "bob changed the status at ") != NULL);
	CHECK(strstr(err.msg, "(blocked → in_progress) after your change; nothing was undone"));
	CHECK_INT(action_get(st, key, &s, &err), 0);
	CHECK_STR(s.status, "in_progress");
	/* bob undoes his own, and then alice may undo hers. */
	err = (ab_err){0};
	CHECK_INT(action_undo(st, &bob, key, 0, &ch, &s, &err), 0);
	CHECK_INT(action_undo(st, &alice, key, 0, &ch, &s, &err), EX_TEMPFAIL); /* bob's are later */
	/* A note corrected, then the correction undone: the first text is back as the latest. */
	int64_t id;
	err = (ab_err){0};
	CHECK_INT(action_add_note(st, &alice, key, "Mtg with goveror", &s, &err), 0);
	CHECK_INT(action_undo_find(st, &alice, key, &ch, &err), 0);
	id = ch.id;
	CHECK_INT(action_note_revise(st, &bob, id, "x", NULL, &s, &err), EX_NOPERM);
	char k[ACTION_KEY_LEN];
	CHECK_INT(action_note_revise(st, &alice, id, "Meeting with the governor", k, &s, &err), 0);
	CHECK_STR(k, key);
	CHECK_INT(action_note_revise(st, &alice, id, NULL, NULL, &s, &err), EX_DATAERR); /* done */
	char note[256];
	query_filter f = {.establishment = "AAA", .cycle = "2022-07", .search = "Pharmacy",
			  .today = fx_date("2024-01-01")};
	CHECK_INT(query_actions(st, &f, collect_note, note, &err), 0);
	CHECK_STR(note, "Meeting with the governor");
	CHECK_INT(action_undo(st, &alice, key, 0, &ch, &s, &err), 0); /* the correction undone */
	CHECK_INT(query_actions(st, &f, collect_note, note, &err), 0);
	CHECK_STR(note, "Mtg with goveror");
	/* Undo does not undo an undo: next would be the status change, which bob's bar. */
	CHECK_INT(action_undo(st, &alice, key, 0, &ch, &s, &err), EX_TEMPFAIL);
	/* The restored text is a note of alice's: she may retract it. */
	CHECK_INT(action_history(st, key, collect_last_id, &id, &err), 0);
	CHECK_INT(action_note_revise(st, &alice, id, NULL, NULL, &s, &err), 0);
	CHECK_INT(query_actions(st, &f, collect_note, note, &err), 0);
	CHECK_STR(note, "no funds"); /* the note of the status change, still in effect */
	/* A definition change is not a note to retract. */
	CHECK_INT(action_note_revise(st, &alice, 1, NULL, NULL, &s, &err), EX_DATAERR);
	store_close(st);
	model_config_free(cfg);
}

/* The optimistic version: a write that names the version it saw is refused (EX_TEMPFAIL)
 * once someone else changed the action, nothing is written, and the message says who
 * changed it and what it is now; the current version is accepted. */
static void test_version_conflict(void)
{
	model_config *cfg;
	store *st = query_store(&cfg);
	const char *key = "AAA/2022-07/1.2.1";
	action_actor alice = {"alice", NULL}, bob = {"bob", NULL};
	action_state seen, s;
	ab_err err = {0};
	CHECK_INT(action_get(st, key, &seen, &err), 0);
	CHECK_INT(action_set_status(st, &bob, key, seen.version, STATUS_BLOCKED, NULL, &s, &err), 0);
	CHECK_INT(s.version, seen.version + 1);
	CHECK_INT(action_set_status(st, &alice, key, seen.version, STATUS_COMPLETED, "done",
				    &s, &err), EX_TEMPFAIL);
	CHECK(strstr(err.msg, "AAA/2022-07/1.2.1 was changed by bob at ") == err.msg);
	char tail[128];
	snprintf(tail, sizeof tail, "while you were editing: it is now 'blocked' (version %lld, "
		 "you saw %lld); nothing was written", (long long)seen.version + 1,
		 (long long)seen.version);
	CHECK(strstr(err.msg, tail) != NULL);
	CHECK_INT(action_get(st, key, &s, &err), 0);
	CHECK_STR(s.status, "blocked");
	CHECK_INT(s.version, seen.version + 1);
	err = (ab_err){0};
	CHECK_INT(action_revise_due(st, &alice, key, seen.version, fx_date("2030-01-31"), "late",
				    &s, &err), EX_TEMPFAIL);
	CHECK_INT(action_get(st, key, &s, &err), 0);
	CHECK_INT(s.version, seen.version + 1); /* the due date was not written either */
	err = (ab_err){0};
	CHECK_INT(action_set_status(st, &alice, key, seen.version + 1, STATUS_COMPLETED, NULL,
				    &s, &err), 0);
	CHECK_STR(s.status, "completed");
	store_close(st);
	model_config_free(cfg);
}

/* search_run's hits as "KIND:ACTION-ID-OR-ITEM-REF" in order, into ctx (512 bytes). */
static int collect_hit(const search_hit *h, void *ctx)
{
	char *out = ctx;
	snprintf(out + strlen(out), 512 - strlen(out), "%s%d:%s", *out ? " " : "", (int)h->kind,
		 h->action_key_id ? h->action_key_id : h->item_ref);
	return 0;
}

static void search_hits(store *st, const char *text, char out[512], int *total)
{
	ab_err err = {0};
	out[0] = 0;
	CHECK_INT(search_run(st, text, fx_date("2026-11-23"), 50, collect_hit, out, total, &err), 0);
}

/* One search for list --search, the dashboard's / and F: words of item and action text and
 * of current notes; a retracted note's words are gone, a corrected note's old words are
 * gone and its new ones found. Text without a word is a substring, in the same texts. */
static void test_search_notes(void)
{
	model_config *cfg;
	store *st = query_store(&cfg);
	action_actor alice = {"alice", NULL};
	action_state s;
	ab_err err = {0};
	date_t today = fx_date("2026-11-23");
	char hits[512];
	int total;
	const char *key = "AAA/2022-07/1.1.3";
	CHECK_INT(action_add_note(st, &alice, key, "Spoke to the quartermaster ¶", &s, &err), 0);
	CHECK_LIST(actions(st, (query_filter){.search = "quartermast", .today = today}), key);
	CHECK_LIST(actions(st, (query_filter){.search = "¶", .today = today}), key);
	search_hits(st, "quartermaster", hits, &total);
	CHECK_STR(hits, "3:1.1.3");
	CHECK_INT(total, 1);
	search_hits(st, "¶", hits, &total);
	CHECK_STR(hits, "3:1.1.3");
	CHECK_INT(total, 1);
	int64_t id = 0;
	CHECK_INT(action_history(st, key, collect_last_id, &id, &err), 0);
	char k[ACTION_KEY_LEN];
	CHECK_INT(action_note_revise(st, &alice, id, "Spoke to the storekeeper", k, &s, &err), 0);
	CHECK_LIST(actions(st, (query_filter){.search = "quartermaster", .today = today}), "");
	CHECK_LIST(actions(st, (query_filter){.search = "¶", .today = today}), "");
	CHECK_LIST(actions(st, (query_filter){.search = "storekeeper", .today = today}), key);
	search_hits(st, "quartermaster", hits, &total);
	CHECK_STR(hits, "");
	CHECK_INT(total, 0);
	search_hits(st, "storekeeper", hits, &total);
	CHECK_STR(hits, "3:1.1.3");
	CHECK_INT(action_history(st, key, collect_last_id, &id, &err), 0);
	CHECK_INT(action_note_revise(st, &alice, id, NULL, NULL, &s, &err), 0); /* retracted */
	CHECK_LIST(actions(st, (query_filter){.search = "storekeeper", .today = today}), "");
	search_hits(st, "storekeeper", hits, &total);
	CHECK_STR(hits, "");
	CHECK_INT(total, 0);
	/* The same texts for items and actions, in F as in the list. */
	CHECK_LIST(actions(st, (query_filter){.search = "medicines", .today = today}),
		   "AAA/2022-07/1.2.1! AAA/2022-07/1.2.2!");
	search_hits(st, "medicines", hits, &total);
	CHECK_STR(hits, "1:1.2"); /* the item's text: its actions in the list */
	store_close(st);
	model_config_free(cfg);
}

const test_case query_tests[] = {
	{"search: one search over items, actions and current notes", test_search_notes},
	{"action: a write on a stale version is refused, nothing written", test_version_conflict},
	{"query: sort orders and the open filter", test_sort_and_open},
	{"action: undo, conflicts, a note corrected and retracted", test_undo_and_revise},
	{"query: plan order (1.2 before 1.10), cycles by date", test_plan_order},
	{"query: establishment and cycle filters", test_place_filters},
	{"query: row fields, owners in order, callback stops", test_row_fields},
	{"query: owner by name, alias or case; status; search", test_owner_status_search},
	{"query: overdue and due-within with a pinned today, revised dues", test_overdue_and_due_within},
	{"query: owner counts and the catalog", test_owners_and_catalog},
	{"query: unknown establishment, cycle and owner are errors", test_check_filter},
	{"query: plans use the indexes", test_plans_use_indexes},
	{"key: parse, qualify and format action and item keys", test_key_parse},
	{"key: actions are found by key, a malformed key is an error", test_action_keys},
	{NULL, NULL},
};
