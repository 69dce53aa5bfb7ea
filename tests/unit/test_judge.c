/*
 * judge, lineage, assess, similar, statutory: the stemmer and the similarity measure, the
 * statutory clocks' calendar, which judgement counts, the disagreement rule, and links from
 * the plan against links from a user, on a small fixture with a pinned today.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/assess.h"
#include "../../core/judge.h"
#include "../../core/lineage.h"
#include "../../core/similar.h"
#include "../../core/statutory.h"
#include "fixture.h"
#include "test.h"

static const char *stemmed(const char *word)
{
	static char buf[SIMILAR_WORD_MAX + 1];
	snprintf(buf, sizeof buf, "%s", word);
	similar_stem(buf, strlen(buf));
	return buf;
}

/* The examples of Porter's paper and of its usual vocabulary tests. */
static void test_porter(void)
{
	static const char *const pairs[][2] = {
		{"caresses", "caress"}, {"ponies", "poni"}, {"cats", "cat"}, {"feed", "feed"},
		{"agreed", "agre"}, {"plastered", "plaster"}, {"motoring", "motor"},
		{"sing", "sing"}, {"conflated", "conflat"}, {"troubled", "troubl"},
		{"sized", "size"}, {"hopping", "hop"}, {"falling", "fall"}, {"filing", "file"},
		{"happy", "happi"}, {"relational", "relat"}, {"conditional", "condit"},
		{"generalizations", "gener"}, {"oscillators", "oscil"}, {"hopefulness", "hope"},
		{"electrical", "electr"}, {"adjustment", "adjust"}, {"adoption", "adopt"},
		{"effective", "effect"}, {"controll", "control"}, {"roll", "roll"},
		{"medicines", "medicin"}, {"transferred", "transfer"}, {"transfers", "transfer"},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		CHECK_STR(stemmed(pairs[i][0]), pairs[i][1]);
}

static void test_cosine(void)
{
	similar_corpus *c = similar_new();
	CHECK(c != NULL);
	CHECK_INT(similar_add(c, "Prisoners waited too long for hospital transfers.", NULL), 0);
	CHECK_INT(similar_add(c, "Patients should be transferred to hospital quickly.", NULL), 0);
	CHECK_INT(similar_add(c, "The availability of illicit drugs was too high.", NULL), 0);
	CHECK_INT(similar_add(c, "Drug testing should be prompt.", "Illicit substances, drugs."), 0);
	similar_finish(c);
	/* The exact values, worked by hand from the weights similar.h states (N = 4 documents,
	 * idf ln 4 for a term in one document, ln 2 in two; weight ln(1 + tf) * idf; a = ln 2):
	 * 0: prison wait long (2a², each) hospit transfer (a², each)     |0|² = 14a⁴
	 * 1: patient quickli (2a²) hospit transfer (a²)                   |1|² = 10a⁴
	 * 2: avail high (2a²) illicit drug (a²)                           |2|² = 10a⁴
	 * 3: test prompt (2a²), drug (a ln 2.3: tf 1 + 0.3), illicit (a ln 1.3), substanc
	 *    (2a ln 1.3): the secondary text's words count 0.3. */
	CHECK(fabs(similar_cosine(c, 0, 0) - 1.0) < 1e-12);
	CHECK(fabs(similar_cosine(c, 0, 1) - 2 / sqrt(140)) < 1e-12); /* hospital, transfer */
	CHECK(fabs(similar_cosine(c, 0, 1) - 0.1690308509457033) < 1e-12);
	double want23 = (log(1.3) + log(2.3)) /
			(sqrt(10) * sqrt(log(2.3) * log(2.3) + 8 * log(2) * log(2) +
					 5 * log(1.3) * log(1.3)));
	CHECK(fabs(similar_cosine(c, 2, 3) - want23) < 1e-12);
	CHECK(fabs(similar_cosine(c, 2, 3) - 0.15676324819391785) < 1e-12);
	CHECK(similar_cosine(c, 0, 2) == 0.0); /* no word in common ("too" is a stop word) */
	CHECK(similar_cosine(c, 2, 1) == 0.0);
	CHECK(fabs(similar_cosine(c, 1, 0) - similar_cosine(c, 0, 1)) < 1e-12);
	CHECK(similar_cosine(c, 0, 9) == 0.0);
	CHECK(similar_add(c, "too late", NULL) != 0); /* finished: no more documents */
	similar_free(c);
}

static void test_clocks(void)
{
	char iso[DATE_ISO_LEN];
	date_format_iso(statutory_add_months(fx_date("2022-07-29"), 8), iso);
	CHECK_STR(iso, "2023-03-29");
	date_format_iso(statutory_add_months(fx_date("2023-06-30"), 8), iso);
	CHECK_STR(iso, "2024-02-29"); /* no 30 February: the month's last day */
	date_format_iso(statutory_add_months(fx_date("2024-02-29"), 12), iso);
	CHECK_STR(iso, "2025-02-28");
	statutory_clock c;
	const char *insp = "2022-07-18/2022-07-19;2022-07-25/2022-07-29";
	statutory_compute(insp, NULL, fx_date("2023-03-28"), &c);
	CHECK_STR(c.inspection_end, "2022-07-29");
	CHECK(c.irp_phase == STATUTORY_BEFORE && c.irp_days == 1);
	statutory_compute(insp, NULL, fx_date("2023-07-29"), &c);
	CHECK(c.irp_phase == STATUTORY_OPEN && c.irp_days == 0);
	statutory_compute(insp, "2022-07-29", fx_date("2023-07-31"), &c);
	CHECK(c.irp_phase == STATUTORY_CLOSED && c.irp_days == 2);
	CHECK_STR(c.un_due, "2022-08-26");
	CHECK_INT(c.un_days, -339);
	util_buf b = {0};
	statutory_describe(&c, true, &b);
	CHECK_STR(b.s, "IRP 2023-03-29–2023-07-29: closed; UN response due 2022-08-26: passed");
	util_buf_free(&b);
	statutory_compute("", NULL, fx_date("2023-07-31"), &c);
	CHECK(c.irp_phase == STATUTORY_NONE);
	statutory_describe(&c, false, &b);
	CHECK(b.len == 0);
	util_buf_free(&b);
}

/* Two plans of one establishment; 1.8 of 2022 repeats 2.88 of 2019 in the YAML. */
static model_config *judge_fixture(void)
{
	model_config *cfg = fx_config();
	fx_owner(cfg, "Governor", NULL);
	fx_owner(cfg, "NHS England", "NHSE", NULL);
	fx_establishment(cfg, "AAA", "HMP Alpha");
	model_plan *p = fx_plan(cfg, "AAA", "2019-08", "recommendations", "2019-08-27", "2019-09-06");
	model_item *it = fx_item(p, "2.88", "general", "Patients should be transferred quickly.");
	fx_set(&it->agreement, "partly_agreed");
	fx_action(it, "2.88.1", "March 2020", "Escalate delays.", "NHSE", NULL);
	p = fx_plan(cfg, "AAA", "2022-07", "concerns", "2022-07-18", "2022-07-29");
	it = fx_item(p, "1.8", "key", "Prisoners waited too long for a hospital transfer.");
	fx_action(it, "1.8.1", "Completed", "Weekly waiting list.", "Governor", NULL);
	fx_action(it, "1.8.2", "March 2023", "Transfer guidance.", "NHSE", NULL);
	fx_set(&it->repeats, "2019-08/2.88");
	it = fx_item(p, "1.9", "key", "Attendance was too low.");
	fx_action(it, "1.9.1", "March 2023", "Attendance plan.", "Governor", NULL);
	return cfg;
}

static assess_item assessed(store *st, const char *key)
{
	assess_item a = {0};
	assess_reader *r;
	int64_t id;
	ab_err err = {0};
	CHECK_INT(judge_find_item(st, key, &id, &err), 0);
	CHECK_INT(assess_reader_open(st, &r, &err), 0);
	CHECK_INT(assess_read(r, id, &a, &err), 0);
	assess_reader_close(r);
	/* A reader that read the whole estate at once (assess_reader_scope) reads the same. */
	assess_item b;
	CHECK_INT(assess_reader_open(st, &r, &err), 0);
	CHECK_INT(assess_reader_scope(r, NULL, NULL, &err), 0);
	CHECK_INT(assess_read(r, id, &b, &err), 0);
	assess_reader_close(r);
	CHECK(!memcmp(&a, &b, sizeof a));
	return a;
}

/* An item neither judged nor linked, read from a scoped reader's rows: its actions, the
 * last completion and the slips, as one by one. */
static void test_scoped_reader(void)
{
	model_config *cfg = judge_fixture();
	store *st = fx_store(cfg, "scoped.db", NULL);
	action_actor who = {"tester", NULL};
	ab_err err = {0};
	assess_item a = assessed(st, "AAA/2022-07/1.9");
	CHECK_INT(a.actions, 1);
	CHECK_INT(a.open, 1);
	CHECK_INT(action_revise_due(st, &who, "AAA/2022-07/1.9.1", 0, fx_date("2023-06-30"),
				    "late", NULL, &err), 0);
	CHECK_INT(action_set_status(st, &who, "AAA/2022-07/1.9.1", 0, STATUS_COMPLETED, NULL, NULL,
				    &err), 0);
	a = assessed(st, "AAA/2022-07/1.9");
	CHECK_INT(a.completed, 1);
	CHECK_INT(a.slipped, 1);
	CHECK_INT(a.slip_days, 91);
	CHECK(a.done_at[0] != 0);
	store_close(st);
	model_config_free(cfg);
}

static int judged(store *st, const char *key, judge_source s, const char *value, const char *day)
{
	action_actor who = {"tester", NULL};
	judge_entry e = {s, value, fx_date(day), NULL};
	ab_err err = {0};
	return judge_record(st, &who, key, &e, fx_date("2026-11-23"), &err);
}

static void test_judgements_count(void)
{
	model_config *cfg = judge_fixture();
	store *st = fx_store(cfg, "judge.db", NULL);
	CHECK_INT(judged(st, "AAA/2022-07/1.8", JUDGE_IRP, "insufficient_progress", "2023-05-11"), 0);
	CHECK_INT(judged(st, "AAA/2022-07/1.8", JUDGE_IRP, "good_progress", "2023-05-01"), 0);
	assess_item a = assessed(st, "AAA/2022-07/1.8");
	CHECK_STR(a.j[JUDGE_IRP].value, "insufficient_progress"); /* the latest date counts */
	CHECK_INT(judged(st, "AAA/2022-07/1.8", JUDGE_IRP, "reasonable_progress", "2023-05-11"), 0);
	a = assessed(st, "AAA/2022-07/1.8");
	CHECK_STR(a.j[JUDGE_IRP].value, "reasonable_progress"); /* same day: recorded later */
	CHECK_INT(judged(st, "AAA/2022-07/1.8", JUDGE_IRP, "achieved", "2023-05-11"), EX_DATAERR);
	CHECK_INT(judged(st, "AAA/2022-07/1.8", JUDGE_SELF, "achieved", "2026-11-24"), EX_DATAERR);
	CHECK_INT(judged(st, "AAA/2022-07/1.7", JUDGE_SELF, "achieved", "2023-01-01"), EX_DATAERR);
	/* The inspection's judgement, on the same day as the IRP's, counts over it. */
	CHECK_INT(judged(st, "AAA/2022-07/1.8", JUDGE_INSPECTION, "achieved", "2023-05-11"), 0);
	judge_source src;
	a = assessed(st, "AAA/2022-07/1.8");
	CHECK(assess_independent(&a, &src) != NULL && src == JUDGE_INSPECTION);
	store_close(st);
	model_config_free(cfg);
}

static void test_gap_rule(void)
{
	model_config *cfg = judge_fixture();
	store *st = fx_store(cfg, "gaps.db", NULL);
	action_actor who = {"tester", NULL};
	ab_err err = {0};
	/* 1.8: one action completed, one open. */
	CHECK_INT(judged(st, "AAA/2022-07/1.8", JUDGE_INSPECTION, "not_achieved", "2025-06-10"), 0);
	CHECK_INT(assessed(st, "AAA/2022-07/1.8").gap, ASSESS_AGREE);
	CHECK_INT(action_set_status(st, &who, "AAA/2022-07/1.8.2", 0, STATUS_CANCELLED, NULL, NULL,
				    &err), 0);
	CHECK_INT(assessed(st, "AAA/2022-07/1.8").gap, ASSESS_OURS_DONE); /* closed, one done */
	/* 1.9: open; our own word alone makes it done on our side. */
	CHECK_INT(judged(st, "AAA/2022-07/1.9", JUDGE_IRP, "no_meaningful_progress", "2023-05-11"), 0);
	CHECK_INT(assessed(st, "AAA/2022-07/1.9").gap, ASSESS_AGREE);
	CHECK_INT(judged(st, "AAA/2022-07/1.9", JUDGE_SELF, "achieved", "2023-06-01"), 0);
	CHECK_INT(assessed(st, "AAA/2022-07/1.9").gap, ASSESS_OURS_DONE);
	CHECK_INT(judged(st, "AAA/2022-07/1.9", JUDGE_IRP, "reasonable_progress", "2023-07-01"), 0);
	CHECK_INT(assessed(st, "AAA/2022-07/1.9").gap, ASSESS_AGREE); /* the middle: neither */
	CHECK_INT(judged(st, "AAA/2022-07/1.9", JUDGE_IRP, "good_progress", "2023-07-02"), 0);
	CHECK_INT(assessed(st, "AAA/2022-07/1.9").gap, ASSESS_THEIRS_DONE); /* action open */
	int counts[ASSESS_GAPS];
	CHECK_INT(assess_count(st, "AAA", NULL, counts, &err), 0);
	CHECK_INT(counts[ASSESS_OURS_DONE], 1);
	CHECK_INT(counts[ASSESS_THEIRS_DONE], 1);
	CHECK_INT(counts[ASSESS_AGREE], 0);
	store_close(st);
	model_config_free(cfg);
}

static void test_links(void)
{
	model_config *cfg = judge_fixture();
	sync_stats stats;
	store *st = fx_store(cfg, "links.db", &stats);
	action_actor who = {"tester", NULL};
	ab_err err = {0};
	assess_item a = assessed(st, "AAA/2022-07/1.8");
	CHECK_STR(a.earlier_key, "AAA/2019-08/2.88"); /* from the plan */
	CHECK_STR(a.earlier_agreement, "partly_agreed");
	CHECK_STR(assessed(st, "AAA/2019-08/2.88").later_key, "AAA/2022-07/1.8");
	CHECK_INT(lineage_link(st, &who, "AAA/2022-07/1.8", NULL, &err), 0);
	CHECK_STR(assessed(st, "AAA/2022-07/1.8").earlier_key, "");
	/* A sync, even of a changed `repeats`, leaves the user's decision standing. */
	fx_set(&cfg->plans[1].items[0].repeats, NULL);
	CHECK_INT(sync_apply(st, cfg, "tester", &stats, NULL, NULL, &err), 0);
	CHECK_INT(stats.updated, 1); /* the plan's own link went away */
	fx_set(&cfg->plans[1].items[0].repeats, "2019-08/2.88");
	CHECK_INT(sync_apply(st, cfg, "tester", &stats, NULL, NULL, &err), 0);
	CHECK_STR(assessed(st, "AAA/2022-07/1.8").earlier_key, "");
	CHECK_INT(sync_apply(st, cfg, "tester", &stats, NULL, NULL, &err), 0);
	CHECK_INT(sync_changes(&stats), 0);
	CHECK_INT(lineage_link(st, &who, "AAA/2022-07/1.9", "AAA/2022-07/1.8", &err), EX_DATAERR);
	CHECK_INT(lineage_link(st, &who, "AAA/2019-08/2.88", "AAA/2022-07/1.8", &err), EX_DATAERR);
	CHECK_INT(lineage_link(st, &who, "AAA/2022-07/1.9", "AAA/2019-08/2.88", &err), 0);
	CHECK_STR(assessed(st, "AAA/2022-07/1.9").earlier_key, "AAA/2019-08/2.88");
	store_close(st);
	model_config_free(cfg);
}

/* HMIP's published wording and the identifiers, any case and spacing; nothing else. */
static void test_value_words(void)
{
	CHECK_STR(judge_value_parse(JUDGE_IRP, "Reasonable progress"), "reasonable_progress");
	CHECK_STR(judge_value_parse(JUDGE_IRP, "  NO   meaningful-progress "), "no_meaningful_progress");
	CHECK_STR(judge_value_parse(JUDGE_IRP, "insufficient_progress"), "insufficient_progress");
	CHECK_STR(judge_value_parse(JUDGE_IRP, "Good Progress"), "good_progress");
	CHECK_STR(judge_value_parse(JUDGE_INSPECTION, "Partially achieved"), "partially_achieved");
	CHECK_STR(judge_value_parse(JUDGE_INSPECTION, "Not achieved"), "not_achieved");
	CHECK_STR(judge_value_parse(JUDGE_SELF, "ACHIEVED"), "achieved");
	CHECK(!judge_value_parse(JUDGE_INSPECTION, "Reasonable progress")); /* the IRP's word */
	CHECK(!judge_value_parse(JUDGE_IRP, "Achieved"));
	CHECK(!judge_value_parse(JUDGE_INSPECTION, "not achieved!"));
	CHECK(!judge_value_parse(JUDGE_INSPECTION, "notachieved"));
	CHECK(!judge_value_parse(JUDGE_INSPECTION, ""));
	CHECK(!judge_value_parse(JUDGE_INSPECTION, NULL));
}

const test_case judge_tests[] = {
	{"judge: HMIP's published wording read as the values", test_value_words},
	{"similar: Porter's stemmer", test_porter},
	{"similar: TF-IDF cosine", test_cosine},
	{"statutory: the IRP window and the Urgent Notification deadline", test_clocks},
	{"judge: the latest judgement counts, values fit their source", test_judgements_count},
	{"assess: where our status and the inspectors' judgement disagree", test_gap_rule},
	{"lineage: the plan's links and a user's, over syncs", test_links},
	{"assess: a reader scoped to many items reads what one by one does", test_scoped_reader},
	{NULL, NULL},
};
