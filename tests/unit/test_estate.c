/*
 * estate: the overview's rows, an owner's actions across plans, the full-text search and
 * its index kept in step, and sync reading plan files one at a time, skipping those that
 * did not change.
 */
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../config/config.h"
#include "../../core/action.h"
#include "../../core/counts.h"
#include "../../core/estate.h"
#include "../../core/query.h"
#include "../../core/search.h"
#include "../../core/store_priv.h"
#include "../../core/util.h"
#include "fixture.h"
#include "test.h"

/*
 * AAA has two plans (2019-08, then 2022-07, its latest), BBB two (2020-01, all done, then
 * 2023-03), CCC none. Today 2024-01-01: AAA/2022-07/1.1.1 and 1.2.1 are overdue, 1.1.2
 * completed; AAA/2019-08/S1.1 is overdue.
 */
static model_config *estate_fixture(void)
{
	model_config *cfg = fx_config();
	fx_owner(cfg, "Governor", "The Governor", NULL);
	fx_owner(cfg, "HMPPS Estates", "Estates", NULL);
	fx_establishment(cfg, "AAA", "HMP Alpha");
	fx_establishment(cfg, "BBB", "HMP Beta");
	fx_establishment(cfg, "CCC", "HMP Gamma");
	fx_set(&cfg->establishments[1].region, "North West");
	model_plan *p = fx_plan(cfg, "AAA", "2022-07", "concerns", "2022-07-18", "2022-07-29");
	model_item *it = fx_item(p, "1.1", "priority", "Drones delivered drugs to the wings.");
	fx_action(it, "1.1.1", "March 2023", "Window grilles fitted.", "Governor", "Estates", NULL);
	fx_action(it, "1.1.2", "Completed", "Netting over the yards.", "HMPPS Estates", NULL);
	fx_action(it, "1.1.3", "June 2025", "A drone detection pilot.", "Governor", NULL);
	it = fx_item(p, "1.2", "key", "Cells were cold.");
	fx_action(it, "1.2.1", "February 2023", "Repair the boilers.", "HMPPS Estates", NULL);
	p = fx_plan(cfg, "AAA", "2019-08", "recommendations", "2019-08-05", "2019-08-16");
	it = fx_item(p, "S1", "key", "Leaders should reduce violence.");
	it->seq = 1;
	fx_set(&it->agreement, "agreed");
	fx_action(it, "S1.1", "April 2020", "A violence reduction strategy.", "Governor", NULL);
	p = fx_plan(cfg, "BBB", "2023-03", "concerns", "2023-03-06", "2023-03-10");
	it = fx_item(p, "1.1", "priority", "Showers were broken.");
	fx_action(it, "1.1.1", "Ongoing", "Replace the showers.", "Estates", NULL);
	p = fx_plan(cfg, "BBB", "2020-01", "concerns", "2020-01-06", "2020-01-10");
	it = fx_item(p, "1.1", "priority", "The kitchen was dirty.");
	fx_action(it, "1.1.1", "Completed", "A deep clean.", NULL);
	return cfg;
}

static int collect_row(const estate_row *r, void *ctx)
{
	util_buf_printf(ctx, "%s|%s|%s|%d/%d|%s|%d/%d/%d/%d/%d\n", r->code, r->name,
			r->region ? r->region : "-", r->covered, r->plans, r->cycle ? r->cycle : "-",
			r->items, r->actions, r->open, r->overdue, r->completed);
	return 0;
}

static int collect_plan(const estate_plan *p, void *ctx)
{
	util_buf_printf(ctx, "%s%s|%s|%d/%d/%d/%d/%d\n", p->cycle, p->latest ? "*" : "", p->scheme,
			p->items, p->actions, p->open, p->overdue, p->completed);
	return 0;
}

static void trace_sql(const char *sql, void *ctx)
{
	if (strncmp(sql, "EXPLAIN", 7))
		snprintf(ctx, 8192, "%s", sql);
}

/* The statement that reads the plans' kept figures, of the overview's two. */
static void trace_counts_sql(const char *sql, void *ctx)
{
	if (strstr(sql, "plan_count"))
		trace_sql(sql, ctx);
}

/* The plan of a statement, one step per line; caller frees. */
static char *plan_of(store *st, const char *sql)
{
	util_buf plan = {0};
	ab_err err = {0};
	CHECK_INT(store_explain(st, sql, &plan, &err), 0);
	return util_buf_take(&plan);
}

static void test_overview(void)
{
	model_config *cfg = estate_fixture();
	store *st = fx_store(cfg, "estate.db", NULL);
	util_buf b = {0};
	ab_err err = {0};
	char sql[8192] = "";
	store_trace(st, trace_counts_sql, sql);
	CHECK_INT(estate_establishments(st, fx_date("2024-01-01"), collect_row, &b, &err), 0);
	store_trace(st, NULL, NULL);
	/* Each plan's figures are looked up where they are kept (core/counts.h), never
	 * counted from its actions. */
	char *plan = plan_of(st, sql);
	CHECK(strstr(plan, "SEARCH k USING INTEGER PRIMARY KEY (rowid=?)") != NULL);
	CHECK(strstr(plan, "SEARCH kd USING PRIMARY KEY (cycle_id=? AND due>?)") != NULL);
	CHECK(!strstr(plan, " a "));
	/* read in the order the overview needs: nothing sorted (estate_walk) */
	CHECK(strstr(plan, "SCAN c USING INDEX cycle_order") != NULL);
	CHECK(!strstr(plan, "TEMP B-TREE"));
	free(plan);
	char *rows = util_buf_take(&b);
	/* The latest plan and every plan with an open action: AAA's 2019 plan still counts
	 * (its overdue action is not hidden by the 2022 plan), BBB's finished 2020 plan does
	 * not; an establishment with no plan still shows. */
	CHECK_STR(rows, "AAA|HMP Alpha|-|2/2|2022-07|3/5/4/3/1\n"
			"BBB|HMP Beta|North West|1/2|2023-03|1/1/1/0/0\n"
			"CCC|HMP Gamma|-|0/0|-|0/0/0/0/0\n");
	free(rows);
	/* The plans a row covers, latest first, with the figures it sums. */
	b = (util_buf){0};
	CHECK_INT(estate_plans(st, "AAA", fx_date("2024-01-01"), collect_plan, &b, &err), 0);
	rows = util_buf_take(&b);
	CHECK_STR(rows, "2022-07*|concerns|2/4/3/2/1\n2019-08|recommendations|1/1/1/1/0\n");
	free(rows);
	b = (util_buf){0};
	CHECK_INT(estate_plans(st, "BBB", fx_date("2024-01-01"), collect_plan, &b, &err), 0);
	rows = util_buf_take(&b);
	CHECK_STR(rows, "2023-03*|concerns|1/1/1/0/0\n");
	free(rows);
	/* Every establishment's, latest inspection first across the estate. */
	b = (util_buf){0};
	CHECK_INT(estate_plans(st, NULL, fx_date("2024-01-01"), collect_plan, &b, &err), 0);
	rows = util_buf_take(&b);
	CHECK_STR(rows, "2023-03*|concerns|1/1/1/0/0\n2022-07*|concerns|2/4/3/2/1\n"
			"2019-08|recommendations|1/1/1/1/0\n");
	free(rows);
	/* One establishment's row alone, as a dashboard updates it. */
	b = (util_buf){0};
	CHECK_INT(estate_establishment(st, fx_date("2024-01-01"), "BBB", collect_row, &b, &err), 0);
	rows = util_buf_take(&b);
	CHECK_STR(rows, "BBB|HMP Beta|North West|1/2|2023-03|1/1/1/0/0\n");
	free(rows);
	/* A plan with no figures (a damaged database: check --deep reports it) is still its
	 * establishment's latest, so no older plan is taken for the latest, and it counts for
	 * nothing. */
	CHECK_INT(sqlite3_exec(store_db(st), "DELETE FROM plan_count WHERE cycle_id = (SELECT c.id"
			       " FROM cycle c JOIN establishment e ON e.id = c.establishment_id"
			       " WHERE e.code = 'BBB' AND c.code = '2023-03')", NULL, NULL, NULL),
		  SQLITE_OK);
	b = (util_buf){0};
	CHECK_INT(estate_establishment(st, fx_date("2024-01-01"), "BBB", collect_row, &b, &err), 0);
	rows = util_buf_take(&b);
	CHECK_STR(rows, "BBB|HMP Beta|North West|0/1|-|0/0/0/0/0\n");
	free(rows);
	store_close(st);
	model_config_free(cfg);
}

static int collect_owned(const estate_action *r, void *ctx)
{
	util_buf_printf(ctx, "%lld:%lld%s ", (long long)r->action, (long long)r->cycle,
			r->overdue ? "!" : "");
	return 0;
}

static int collect_key(const query_action *r, void *ctx)
{
	util_buf_printf(ctx, "%s%s/%s/%s", ((util_buf *)ctx)->len ? " " : "", r->establishment,
			r->cycle, r->action_id);
	return 0;
}

/* The keys of the actions an owner holds, in the estate order, through query ids. */
/* The keys of the owners' actions in est (NULL: anywhere) and within[] (none: anywhere). */
static char *owned_within(store *st, const char *const *names, size_t n, const char *est,
			  const char *const *within, size_t nwithin)
{
	util_buf ids = {0};
	ab_err err = {0};
	CHECK_INT(estate_owner_actions(st, names, n, est, within, nwithin, fx_date("2024-01-01"),
				       collect_owned, &ids, &err),
		  0);
	char *list = util_buf_take(&ids);
	int64_t v[32];
	size_t k = 0;
	for (char *p = list; *p && k < 32;) {
		v[k++] = strtoll(p, &p, 10);
		p = strchr(p, ' ') + 1;
	}
	free(list);
	util_buf keys = {0};
	query_filter f = {.ids = v, .nids = k, .today = fx_date("2024-01-01")};
	CHECK_INT(query_actions(st, &f, collect_key, &keys, &err), 0);
	return util_buf_take(&keys);
}

static char *owned(store *st, const char *const *names, size_t n, const char *est)
{
	return owned_within(st, names, n, est, NULL, 0);
}

static int collect_name(const char *name, const char *est, void *ctx)
{
	util_buf_printf(ctx, "%s%s@%s", ((util_buf *)ctx)->len ? " " : "", name, est ? est : "-");
	return 0;
}

static char *names_in(store *st, const char *est)
{
	util_buf b = {0};
	ab_err err = {0};
	CHECK_INT(estate_owner_names(st, est, collect_name, &b, &err), 0);
	return util_buf_take(&b);
}

static void test_owner_across_estate(void)
{
	model_config *cfg = estate_fixture();
	cfg->owners[1].shared = true; /* HMPPS Estates: one owner across the estate */
	store *st = fx_store(cfg, "estate-owner.db", NULL);
	/* A picker's owners: a local owner once per establishment it holds actions in, a
	 * shared one once. */
	char sql[8192] = "";
	store_trace(st, trace_sql, sql);
	char *k = names_in(st, NULL);
	store_trace(st, NULL, NULL);
	CHECK_STR(k, "Governor@AAA HMPPS Estates@-");
	free(k);
	/* Read from the figures kept per plan and owner (core/counts.h), not the actions. */
	char *plan = plan_of(st, sql);
	CHECK(strstr(plan, "SEARCH k USING PRIMARY KEY (cycle_id=?)") != NULL);
	CHECK(!strstr(plan, "action"));
	free(plan);
	k = names_in(st, "BBB");
	CHECK_STR(k, "HMPPS Estates@-");
	free(k);
	/* "My actions" within the user's establishments only. */
	const char *gov_est[] = {"Governor", "HMPPS Estates"}, *within[] = {"BBB", "CCC"};
	k = owned_within(st, gov_est, 2, NULL, within, 2);
	CHECK_STR(k, "BBB/2023-03/1.1.1");
	free(k);
	/* By plan (AAA's by date, then BBB); within a plan overdue first, earliest due
	 * first, then the rest in plan order; an alias names the same owner. */
	const char *estates[] = {"HMPPS Estates"};
	k = owned(st, estates, 1, NULL);
	CHECK_STR(k, "AAA/2022-07/1.2.1 AAA/2022-07/1.1.1 AAA/2022-07/1.1.2 BBB/2023-03/1.1.1");
	free(k);
	const char *alias[] = {"Estates"};
	k = owned(st, alias, 1, "BBB");
	CHECK_STR(k, "BBB/2023-03/1.1.1");
	free(k);
	/* Several owners ("my actions"): each action once. */
	const char *two[] = {"Governor", "HMPPS Estates"};
	k = owned(st, two, 2, "AAA");
	CHECK_STR(k, "AAA/2019-08/S1.1 AAA/2022-07/1.2.1 AAA/2022-07/1.1.1 AAA/2022-07/1.1.2 "
		     "AAA/2022-07/1.1.3");
	free(k);
	store_close(st);
	model_config_free(cfg);
}

static int collect_hit(const search_hit *h, void *ctx)
{
	util_buf_printf(ctx, "%s/%s/%s:%c%d ", h->establishment, h->cycle,
			h->action_key_id ? h->action_key_id : h->item_ref,
			"?ian"[h->kind], h->plan_hits);
	return 0;
}

static char *hits(store *st, const char *text, int *total)
{
	util_buf b = {0};
	ab_err err = {0};
	CHECK_INT(search_run(st, text, fx_date("2024-01-01"), 100, collect_hit, &b, total, &err), 0);
	return util_buf_take(&b);
}

static void test_search(void)
{
	char expr[64];
	CHECK(search_words("drone", expr, sizeof expr));
	CHECK_STR(expr, "\"drone\" *");
	CHECK(search_words("say \"hi\"", expr, sizeof expr));
	CHECK_STR(expr, "\"say \"\"hi\"\"\" *");
	CHECK(!search_words("£ – %", expr, sizeof expr));
	CHECK(search_words("café", expr, sizeof expr));

	model_config *cfg = estate_fixture();
	store *st = fx_store(cfg, "estate-search.db", NULL);
	int total = 0;
	/* Items and actions, grouped by plan; the prefix finds "Drones" too. */
	char *h = hits(st, "drone", &total);
	CHECK_INT(total, 2);
	CHECK(strstr(h, "AAA/2022-07/1.1:i2") && strstr(h, "AAA/2022-07/1.1.3:a2"));
	free(h);
	h = hits(st, "SHOWERS", &total);
	CHECK_STR(h, "BBB/2023-03/1.1:i2 BBB/2023-03/1.1.1:a2 ");
	free(h);
	h = hits(st, "£", &total);
	CHECK_STR(h, "");
	free(h);

	/* A note is found, through the trigger that indexes it. */
	action_actor me = {.login = "tester"};
	ab_err err = {0};
	CHECK_INT(action_add_note(st, &me, "BBB/2023-03/1.1.1", "Contractor booked for March",
				  NULL, &err), 0);
	h = hits(st, "contractor", &total);
	CHECK_STR(h, "BBB/2023-03/1.1.1:n1 ");
	free(h);

	/* A changed text is found by its new words only; a retired action not at all. */
	fx_set(&cfg->plans[2].items[0].actions[0].text, "Refit the bathrooms.");
	sync_stats stats;
	CHECK_INT(sync_apply(st, cfg, "tester", &stats, NULL, NULL, &err), 0);
	h = hits(st, "bathrooms", &total);
	CHECK_STR(h, "BBB/2023-03/1.1.1:a1 ");
	free(h);
	h = hits(st, "replace", &total);
	CHECK_STR(h, "");
	free(h);
	cfg->plans[0].items[0].nactions = 2; /* 1.1.3 (the drone pilot) leaves the plan */
	CHECK_INT(sync_apply(st, cfg, "tester", &stats, NULL, NULL, &err), 0);
	cfg->plans[0].items[0].nactions = 3;
	h = hits(st, "pilot", &total);
	CHECK_STR(h, "");
	free(h);
	store_close(st);
	model_config_free(cfg);
}

/* ---- sync from files ---------------------------------------------------------------- */

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
}

static const char *const plan_a =
	"establishment: AAA\ncycle: \"2022-07\"\nscheme: concerns\n"
	"inspection: [{from: 2022-07-18, to: 2022-07-29}]\n"
	"items:\n  - ref: \"1.1\"\n    category: priority\n    text: Drones.\n"
	"    actions:\n      - {id: \"1.1.1\", text: Nets., owners: [Gov], target: March 2023}\n";
static const char *const plan_b =
	"establishment: BBB\ncycle: \"2023-03\"\nscheme: concerns\n"
	"inspection: [{from: 2023-03-06, to: 2023-03-10}]\n"
	"items:\n  - ref: \"1.1\"\n    category: key\n    text: Showers.\n"
	"    actions:\n      - {id: \"1.1.1\", text: Fix., owners: [Governor], target: Ongoing}\n";

static char dir[512];

static void files_setup(const char *owners)
{
	char path[700];
	snprintf(dir, sizeof dir, "%s/files", test_tmpdir());
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/plans", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/actionboard.yaml", dir);
	char settings[600];
	snprintf(settings, sizeof settings,
		 "establishments: [est/*.yaml]\nplans: [plans/*.yaml]\nowners:\n%s", owners);
	write_file(path, settings);
	snprintf(path, sizeof path, "%s/est", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/est/a.yaml", dir);
	write_file(path, "code: AAA\nname: HMP Alpha\nregion: North West\n");
	snprintf(path, sizeof path, "%s/est/b.yaml", dir);
	write_file(path, "code: BBB\nname: HMP Beta\nfunction: Training\n");
}

static void plan_file(const char *name, const char *text)
{
	char path[700];
	snprintf(path, sizeof path, "%s/plans/%s", dir, name);
	if (text)
		write_file(path, text);
	else
		unlink(path);
}

static const char *src_path(void *ctx, size_t i)
{
	return config_stream_path(ctx, i);
}

static int src_read(void *ctx, size_t i, const model_plan **plan, ab_err *err)
{
	return config_stream_plan(ctx, i, plan, err);
}

/* One sync from the files; returns its code, the stats in *s. */
static int files_sync(store *st, int flags, sync_stats *s, ab_err *err)
{
	char path[700];
	snprintf(path, sizeof path, "%s/actionboard.yaml", dir);
	config_stream *cs;
	if (config_open(path, NULL, &cs, err))
		return err->code;
	sync_source src = {cs, config_stream_nplans(cs), src_path, src_read};
	int rc = sync_files(st, config_stream_config(cs), &src, flags, "tester", s, NULL, NULL, err);
	config_close(cs, false);
	return rc;
}

static void test_sync_files(void)
{
	files_setup("  - {name: Governor, aliases: [Gov]}\n");
	plan_file("a.yaml", plan_a);
	plan_file("b.yaml", plan_b);
	char path[700];
	snprintf(path, sizeof path, "%s/files.db", test_tmpdir());
	store *st;
	ab_err err = {0};
	sync_stats s;
	CHECK_INT(store_open(path, STORE_CREATE, &st, &err), 0);
	CHECK_INT(files_sync(st, 0, &s, &err), 0);
	CHECK_INT(s.skipped, 0);
	CHECK(sync_changes(&s) > 0);
	char *first = fx_dump(st);
	CHECK(strstr(first, "establishment:1|AAA|HMP Alpha|NULL|North West|NULL") != NULL);

	/* Nothing changed: no file read, no row changed. */
	CHECK_INT(files_sync(st, 0, &s, &err), 0);
	CHECK_INT(s.skipped, 2);
	CHECK_INT(sync_changes(&s), 0);
	char *again = fx_dump(st);
	CHECK_STR(again, first);
	free(again);

	/* Touched but the same bytes: the hash says unchanged; only the stamps are stored. */
	snprintf(path, sizeof path, "%s/plans/a.yaml", dir);
	struct timespec later[2] = {{time(NULL) + 100, 0}, {time(NULL) + 100, 0}};
	CHECK_INT(utimensat(AT_FDCWD, path, later, 0), 0);
	CHECK_INT(files_sync(st, 0, &s, &err), 0);
	CHECK_INT(s.skipped, 2);
	CHECK_INT(sync_changes(&s), 0);
	/* --full reads every file, and still changes nothing. */
	CHECK_INT(files_sync(st, SYNC_FULL, &s, &err), 0);
	CHECK_INT(s.skipped, 0);
	CHECK_INT(sync_changes(&s), 0);

	/* A changed file is read: one update; the other is skipped. */
	char edited[1024];
	snprintf(edited, sizeof edited, "%s", plan_a);
	memcpy(strstr(edited, "Nets."), "Nett.", 5);
	plan_file("a.yaml", edited);
	CHECK_INT(files_sync(st, 0, &s, &err), 0);
	CHECK_INT(s.skipped, 1);
	CHECK_INT(s.updated, 1);

	/* New aliases in the settings: every file is read again (owners may map anew). */
	files_setup("  - {name: Governor, aliases: [Gov, The Gov]}\n");
	CHECK_INT(files_sync(st, 0, &s, &err), 0);
	CHECK_INT(s.skipped, 0);

	/* The same cycle in a second file is an error, also when the first is unchanged. */
	plan_file("c.yaml", plan_b);
	CHECK_INT(files_sync(st, 0, &s, &err), EX_CONFIG);
	CHECK(strstr(err.msg, "cycle '2023-03' of BBB is already defined in ") != NULL);
	CHECK(strstr(err.file, "c.yaml") != NULL);
	plan_file("c.yaml", NULL);

	/* A file removed: its cycle retires, and its fingerprint is forgotten. */
	plan_file("b.yaml", NULL);
	CHECK_INT(files_sync(st, 0, &s, &err), 0);
	CHECK_INT(s.retired, 2); /* the cycle and its action */
	char *gone = fx_dump(st);
	CHECK(!strstr(gone, "plans/b.yaml"));
	CHECK(strstr(gone, "plans/a.yaml") != NULL);
	free(gone);
	/* And it comes back when the file does. */
	plan_file("b.yaml", plan_b);
	CHECK_INT(files_sync(st, 0, &s, &err), 0);
	CHECK_INT(s.restored, 3);
	free(first);
	store_close(st);
}

/* The map and the hash sync's fingerprints rest on. */
static void test_map_and_hash(void)
{
	util_map m = {0};
	long long v = 0;
	CHECK(!util_map_get(&m, "x", &v));
	char key[32];
	for (int i = 0; i < 1000; i++) { /* grows past its first size */
		snprintf(key, sizeof key, "k%d", i);
		util_map_put(&m, key, i);
	}
	util_map_put(&m, "k7", 70); /* replaces */
	CHECK(util_map_get(&m, "k7", &v) && v == 70);
	CHECK(util_map_get(&m, "k999", &v) && v == 999);
	CHECK(!util_map_get(&m, "k1000", &v));
	CHECK_INT(m.n, 1000);
	util_map_free(&m);

	/* The same bytes give the same digest however they are split; one bit differs. */
	const char text[] = "establishment: AAA\ncycle: \"2022-07\"\nitems: []\n";
	char whole[33], parts[33], other[33];
	util_hash h;
	util_hash_init(&h);
	util_hash_add(&h, text, sizeof text - 1);
	util_hash_hex(&h, whole);
	util_hash_init(&h);
	for (size_t i = 0; i < sizeof text - 1; i += 3)
		util_hash_add(&h, text + i, sizeof text - 1 - i < 3 ? sizeof text - 1 - i : 3);
	util_hash_hex(&h, parts);
	CHECK_STR(parts, whole);
	CHECK_INT(strlen(whole), 32);
	char changed[sizeof text];
	memcpy(changed, text, sizeof text);
	changed[5] ^= 1;
	util_hash_init(&h);
	util_hash_add(&h, changed, sizeof text - 1);
	util_hash_hex(&h, other);
	CHECK(strcmp(other, whole) != 0);
	util_hash_init(&h);
	util_hash_add(&h, text, sizeof text - 2); /* one byte shorter */
	util_hash_hex(&h, other);
	CHECK(strcmp(other, whole) != 0);
}

static int collect_change(const char *est, const char *cycle, void *ctx)
{
	util_buf_printf(ctx, "%s%s/%s", ((util_buf *)ctx)->len ? " " : "", est ? est : "*",
			cycle ? cycle : "*");
	return 0;
}

/* The plans stamped since *seen, in order; *seen moves to the latest. */
static char *changed_since(store *st, long long *seen)
{
	util_buf b = {0};
	ab_err err = {0};
	long long latest = -1;
	CHECK_INT(counts_changes(st, *seen, collect_change, &b, &latest, &err), 0);
	CHECK(latest >= *seen);
	*seen = latest;
	char *s = util_buf_take(&b);
	return s ? s : strdup("");
}

/* Each write stamps the plan it touched, a sync the whole estate; nothing else moves. */
static void test_changes(void)
{
	model_config *cfg = estate_fixture();
	sync_stats stats;
	store *st = fx_store(cfg, "changes.db", &stats);
	ab_err err = {0};
	action_actor who = {"tester", NULL};
	long long seen = 0;
	char *k = changed_since(st, &seen);
	CHECK(strstr(k, "*/*") != NULL); /* the first sync */
	free(k);
	k = changed_since(st, &seen);
	CHECK_STR(k, "");
	free(k);
	CHECK_INT(action_set_status(st, &who, "BBB/2023-03/1.1.1", 0, STATUS_COMPLETED, NULL, NULL,
				    &err), 0);
	k = changed_since(st, &seen);
	CHECK_STR(k, "BBB/2023-03");
	free(k);
	CHECK_INT(action_add_note(st, &who, "AAA/2019-08/S1.1", "Strategy drafted.", NULL, &err), 0);
	CHECK_INT(action_revise_due(st, &who, "AAA/2022-07/1.1.3", 0, fx_date("2025-09-30"), "late",
				    NULL, &err), 0);
	k = changed_since(st, &seen);
	CHECK_STR(k, "AAA/2019-08 AAA/2022-07");
	free(k);
	CHECK_INT(action_undo(st, &who, "BBB/2023-03/1.1.1", 0, NULL, NULL, &err), 0);
	k = changed_since(st, &seen);
	CHECK_STR(k, "BBB/2023-03");
	free(k);
	/* A sync that writes nothing stamps nothing; one that writes, the estate. */
	CHECK_INT(sync_apply(st, cfg, "tester", &stats, NULL, NULL, &err), 0);
	k = changed_since(st, &seen);
	CHECK_STR(k, "");
	free(k);
	fx_set(&cfg->establishments[2].name, "HMP Gamma Renamed");
	CHECK_INT(sync_apply(st, cfg, "tester", &stats, NULL, NULL, &err), 0);
	k = changed_since(st, &seen);
	CHECK_STR(k, "*/*");
	free(k);
	store_close(st);
	model_config_free(cfg);
}

static int64_t names_number(store *st)
{
	int64_t n = -1;
	ab_err err = {0};
	CHECK_INT(estate_names_number(st, &n, &err), 0);
	return n;
}

/* One statement through the store's connection, as another session's write would be. */
static void names_exec(store *st, const char *sql)
{
	CHECK_INT(sqlite3_exec(store_db(st), sql, NULL, NULL, NULL), SQLITE_OK);
}

/* The number a picker keeps its names with moves with every write that may change them,
 * and with none of the day-to-day writes of any session. */
static void test_names_number(void)
{
	model_config *cfg = estate_fixture();
	sync_stats stats;
	store *st = fx_store(cfg, "names.db", &stats);
	ab_err err = {0};
	action_actor who = {"tester", NULL};
	int64_t n = names_number(st);
	CHECK(n == 2); /* the first sync, a load, moved it once at its end, not per owner row */
	char *k = names_in(st, NULL);
	CHECK_STR(k, "Governor@AAA HMPPS Estates@AAA HMPPS Estates@BBB");
	free(k);
	/* AAA/2019-08/S1.1 is the Governor's only action in its plan: its status change takes
	 * the plan's owner_count row away and makes it again (counts_sql.h); the names stay. */
	CHECK_INT(action_set_status(st, &who, "AAA/2019-08/S1.1", 0, STATUS_COMPLETED, NULL, NULL,
				    &err), 0);
	CHECK_INT(action_add_note(st, &who, "AAA/2019-08/S1.1", "Strategy drafted.", NULL, &err), 0);
	CHECK_INT(action_revise_due(st, &who, "AAA/2022-07/1.1.3", 0, fx_date("2025-09-30"), "late",
				    NULL, &err), 0);
	CHECK_INT(action_undo(st, &who, "AAA/2019-08/S1.1", 0, NULL, NULL, &err), 0);
	CHECK_INT(sync_apply(st, cfg, "tester", &stats, NULL, NULL, &err), 0); /* nothing new */
	CHECK(names_number(st) == n);
	/* An owner joining an action, and leaving it. */
	names_exec(st, "INSERT INTO action_owner SELECT a.id, o.id, 9 FROM action a, owner o"
		       " WHERE a.action_id = '1.1.1' AND a.cycle_id = (SELECT c.id FROM cycle c"
		       " JOIN establishment e ON e.id = c.establishment_id WHERE e.code = 'BBB'"
		       " AND c.code = '2023-03') AND o.name = 'Governor'");
	CHECK(names_number(st) == n + 1);
	k = names_in(st, NULL);
	CHECK_STR(k, "Governor@AAA Governor@BBB HMPPS Estates@AAA HMPPS Estates@BBB");
	free(k);
	names_exec(st, "DELETE FROM action_owner WHERE position = 9");
	CHECK(names_number(st) == n + 2);
	/* An action retired, a plan retired, an owner renamed or shared, a code changed; and
	 * the same values written again move nothing. */
	const char *const moves[] = {
		"UPDATE action SET retired = 1 WHERE action_id = '1.2.1'",
		"UPDATE cycle SET retired = 1 WHERE code = '2023-03'",
		"UPDATE owner SET name = 'Governing Governor' WHERE name = 'Governor'",
		"UPDATE owner SET shared = 1 WHERE name = 'HMPPS Estates'",
		"UPDATE establishment SET code = 'AAB' WHERE code = 'AAA'",
	};
	int64_t was = names_number(st);
	for (size_t i = 0; i < sizeof moves / sizeof *moves; i++) {
		names_exec(st, moves[i]);
		CHECK(names_number(st) == was + 1);
		was = names_number(st);
		names_exec(st, moves[i]); /* again: the same values */
		CHECK(names_number(st) == was);
	}
	k = names_in(st, NULL);
	CHECK_STR(k, "Governing Governor@AAB HMPPS Estates@-");
	free(k);
	/* A restore of a backup taken before: its own number is one a picker kept, so the
	 * number is set past the one it replaced. */
	char bak[4096], keep[4096];
	snprintf(bak, sizeof bak, "%s.names-bak", store_path(st));
	snprintf(keep, sizeof keep, "%s.names-keep", store_path(st));
	unlink(bak);
	unlink(keep);
	CHECK_INT(store_backup(st, bak, false, &err), 0);
	int64_t backed = names_number(st);
	names_exec(st, "UPDATE owner SET name = 'Governor' WHERE name = 'Governing Governor'");
	CHECK_INT(store_restore(st, bak, keep, NULL, NULL, &err), 0);
	CHECK(names_number(st) > backed + 1 + 1000000);
	k = names_in(st, NULL);
	CHECK_STR(k, "Governing Governor@AAB HMPPS Estates@-");
	free(k);
	unlink(bak);
	unlink(keep);
	store_close(st);
	model_config_free(cfg);
}

const test_case estate_tests[] = {
	{"util: the string map and the content hash", test_map_and_hash},
	{"estate: the overview's rows (the plans with open actions, region)", test_overview},
	{"estate: an owner's actions across plans, overdue first", test_owner_across_estate},
	{"search: words through the index, grouped by plan, kept in step", test_search},
	{"sync: plan files one at a time, unchanged ones skipped", test_sync_files},
	{"counts: each write stamps the plan it touched, a sync the estate", test_changes},
	{"estate: the owners' names number moves with what a picker offers, only", test_names_number},
	{NULL, NULL},
};
