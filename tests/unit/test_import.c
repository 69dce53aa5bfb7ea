/* The importer, one stage at a time (import/import_priv.h), then whole (import.h). */
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../import/doc.h"
#include "../../import/import_priv.h"
#include "test.h"

static const char *gov_aliases[] = {"The Governor", "Governor."};
static const char *hot_aliases[] = {"Head of Transformation for Spectrum"};
static const char *novus_aliases[] = {"Novus"};
static model_owner owners[] = {
	{.name = "Governor", .aliases = (char **)gov_aliases, .naliases = 2},
	{.name = "Head of Transformation", .aliases = (char **)hot_aliases, .naliases = 1},
	{.name = "Novus Managers", .aliases = (char **)novus_aliases, .naliases = 1},
	{.name = "HMPPS"},
};
static const model_config settings = {.owners = owners, .nowners = 4};

/* An importer set up with the settings above, warnings counted but not printed. */
static void setup(imp *im, const import_opts *opt, ab_err *err)
{
	static import_opts with_settings = {.settings = &settings};
	imp_init(im, "t.txt", opt ? opt : &with_settings, NULL, err);
	imp_owners_init(im);
}

/* Runs the stages up to the table on `text`; returns the first error code. */
static int read_table(imp *im, const char *text, ab_err *err)
{
	setup(im, NULL, err);
	size_t after;
	int rc = imp_input(im, text, strlen(text));
	if (!rc)
		rc = imp_table(im, &after);
	if (!rc)
		rc = imp_summary_check(im, after);
	return rc;
}

static const char *owner(const imp_action *a, size_t i)
{
	return i < a->owners.n ? a->owners.v[i] : "(none)";
}

/* ---- input ---------------------------------------------------------------------------- */

static void test_input(void)
{
	imp im;
	ab_err err = {0};
	setup(&im, NULL, &err);
	/* BOM, CRLF, a lone CR, no-break and narrow no-break spaces, a BOM inside a line */
	static const char text[] = "\xEF\xBB\xBF" "a\xC2\xA0" "b\r\nc\xE2\x80\xAF" "d\re\xEF\xBB\xBF" "f\n";
	CHECK_INT(imp_input(&im, text, sizeof text - 1), 0);
	CHECK_INT(im.nlines, 4);
	CHECK_STR(im.lines[0], "a b");
	CHECK_STR(im.lines[1], "c d");
	CHECK_STR(im.lines[2], "ef");
	CHECK_STR(im.lines[3], "");
	imp_free(&im);

	setup(&im, NULL, &err);
	CHECK_INT(imp_input(&im, "", 0), EX_DATAERR);
	CHECK(strstr(err.msg, "empty file") != NULL);
	CHECK_INT(imp_input(&im, "a\nb\0c", 5), EX_DATAERR);
	CHECK(strstr(err.msg, "NUL") != NULL);
	CHECK_INT(err.line, 2);
	CHECK_INT(imp_input(&im, "ok\n\xA3 3.8 billion\n", 17), EX_DATAERR);
	CHECK(strstr(err.msg, "not UTF-8") != NULL);
	CHECK_INT(err.line, 2);
	CHECK_INT(imp_input(&im, "\xED\xA0\x80", 3), EX_DATAERR); /* a surrogate */
	/* The size is checked before a byte is read. */
	CHECK_INT(imp_input(&im, "x", (size_t)IMPORT_MAX_INPUT + 1), EX_DATAERR);
	CHECK(strstr(err.msg, "too large") != NULL);
	imp_free(&im);
}

/* ---- cleaning ------------------------------------------------------------------------- */

static void clean_case(const char *raw, const char *want)
{
	imp im;
	ab_err err = {0};
	imp_init(&im, "t", NULL, NULL, &err);
	const char *got = imp_clean(&im, raw, strlen(raw));
	if (!got || strcmp(got, want)) {
		printf("#   clean '%s': '%s', expected '%s'\n", raw, got ? got : "(null)", want);
		test_failures++;
	}
	imp_free(&im);
}

static void test_clean(void)
{
	clean_case("<p>Prisoners were locked up</p>", "Prisoners were locked up");
	clean_case("robust. The <p>inter-departmental team</p>", "robust. The inter-departmental team");
	clean_case("one.</p><p>Two.", "one. Two.");               /* a paragraph tag is a space */
	clean_case("<b>bold</b>face and <span class=\"x\">in</span>line", "boldface and inline");
	clean_case("a<br>b<br/>c", "a b c");
	clean_case("<ul style=\"list-style-type: none\"> <li>item</li></ul>", "item");
	clean_case("<o:p></o:p>Word<!-- a comment -->s", "Word s");
	clean_case("p>cut at the start", "cut at the start");     /* the rest of a tag */
	clean_case("/li> cut too", "cut too");
	clean_case("cut at the end</p", "cut at the end");
	clean_case("cut <ul style=\"list", "cut");
	clean_case("&amp; &lt; &gt; &quot; &#39; &apos;", "& < > \" ' '");
	clean_case("a&nbsp;b&#160;c &#8211; d &#x2014; &pound;3", "a b c \xE2\x80\x93 d \xE2\x80\x94 \xC2\xA3" "3");
	clean_case("&lt;p&gt;escaped&lt;/p&gt; tags", "escaped tags");   /* decoded, then removed */
	clean_case("<<p>p>nested", "nested");
	clean_case("&amp;lt;p&amp;gt;", "&lt;p&gt;");               /* decoded once only */
	clean_case("&foo; & &#0; &#xD800; &#99999999;", "&foo; & &#0; &#xD800; &#99999999;");
	clean_case("fewer than <5 days; a < b and c > d; 3<4; x->y", "fewer than <5 days; a < b and c > d; 3<4; x->y");
	clean_case("ends with <", "ends with <");
	clean_case("<foo bar=\"a>b\">quoted", "quoted");             /* '>' inside quotes */
	clean_case("  spaced \t\x01 out\x7f ", "spaced out");
	clean_case("", "");
}

static void test_paragraphs(void)
{
	imp im;
	ab_err err = {0};
	imp_init(&im, "t", NULL, NULL, &err);
	imp_paras p;
	imp_cell_paras(&im, "<p>One.</p> <p>Two <b>b</b>.</p>", &p);
	CHECK_INT(p.n, 2);
	CHECK(p.tagged);
	CHECK_STR(p.v[0].text, "One.");
	CHECK_STR(p.v[1].text, "Two b.");
	imp_cell_paras(&im, "Plain text", &p);
	CHECK(p.n == 1 && !p.tagged);
	imp_cell_paras(&im, "<p>Intro for:</p><ul><li>A.</li><li>B.</li></ul>", &p);
	CHECK_INT(p.n, 3);
	CHECK(!p.v[0].li && p.v[1].li && p.v[2].li);
	imp_fold_lists(&im, &p, 1); /* one owner: the items belong to the intro */
	CHECK_INT(p.n, 1);
	CHECK_STR(p.v[0].text, "Intro for: \xE2\x80\xA2 A. \xE2\x80\xA2 B.");
	imp_cell_paras(&im, "<ul><li>A.</li><li>B.</li></ul>", &p);
	imp_fold_lists(&im, &p, 2); /* two owners: an action each */
	CHECK_INT(p.n, 2);
	imp_free(&im);
}

/* ---- header ---------------------------------------------------------------------------- */

static void test_header(void)
{
	imp im;
	ab_err err = {0};
	setup(&im, NULL, &err);
	CHECK_INT(imp_header_line(&im, "Action Plan: HMP/YOI Hindley", 1), 0);
	CHECK_INT(imp_header_line(&im, "Action Plan Submitted: 22/05/2019", 2), 0);
	CHECK_INT(imp_header_line(&im, "A Response to the HMIP Inspection: 18\xE2\x80\x93" "19 and 25\xE2\x80\x93" "29 July 2022", 3), 0);
	CHECK_INT(imp_header_line(&im, "Report Published: <p>1st March&nbsp;2019</p>", 4), 0);
	CHECK_INT(imp_header_line(&im, "Report Published: 2 March 2019", 5), 0); /* the first counts */
	CHECK_STR(im.est_name, "HMP/YOI Hindley");
	CHECK(im.has_submitted && im.submitted.y == 2019 && im.submitted.m == 5 && im.submitted.d == 22);
	CHECK(im.has_published && im.published.y == 2019 && im.published.m == 3 && im.published.d == 1);
	CHECK_INT(im.nranges, 2);
	CHECK(im.ranges[1].from.d == 25 && im.ranges[1].to.d == 29 && im.ranges[1].to.m == 7);
	const char *code, *cycle;
	CHECK_INT(imp_plan_ids(&im, &code, &cycle), 0);
	CHECK_STR(code, "HII"); /* the prison register's agency code */
	CHECK_STR(cycle, "2022-07");
	CHECK_INT(im.nwarn, 1); /* the code from the register is said */
	imp_free(&im);

	setup(&im, NULL, &err);
	CHECK_INT(imp_header_line(&im, "ACTION PLAN: HMCIP REPORT", 1), 0); /* names no prison */
	CHECK_INT(imp_header_line(&im, "Action Plan Submitted: soon", 2), 0);
	CHECK(im.est_name == NULL && !im.has_submitted);
	CHECK_INT(im.nwarn, 1);
	CHECK_INT(imp_plan_ids(&im, &code, &cycle), EX_DATAERR);
	CHECK(strstr(err.msg, "--establishment") != NULL);
	imp_free(&im);
}

/* ---- the table and its items ----------------------------------------------------------- */

static const char concerns[] =
	"Action Plan: HMP Test\n"
	"Inspection: 1 June 2021\n"
	"1. Rec No\t2. Concerns\t3. Response Action Taken/Planned\t4. Responsible Owner\t5. Target Date\n"
	"\tPriority concerns\t\t\t\n"
	"1.1\tThe first finding.\t<p>Action one.</p><p>Action two</p>\t<p>Governor</p><p>Novus</p>\t<p>June 2023</p><p>July 2023</p>\n"
	"\t\t<p>continues here.</p>\t\t\n"
	"\tKey concerns\t\t\t\n"
	"1.2\tThe <p>second</p> finding\t<p>One paragraph. Two sentences here.</p>\tGovernor\tMarch 2023 April 2023\n";

static void test_concerns_table(void)
{
	imp im;
	ab_err err = {0};
	CHECK_INT(read_table(&im, concerns, &err), 0);
	CHECK(!im.recs);
	CHECK_INT(im.nitems, 2);
	if (im.nitems != 2) {
		imp_free(&im);
		return;
	}
	imp_item *a = im.items[0], *b = im.items[1];
	CHECK_STR(a->ref, "1.1");
	CHECK_STR(a->category, "priority");
	CHECK_STR(a->text, "The first finding.");
	CHECK_INT(a->nacts, 2);
	CHECK_STR(imp_text(a->acts[0].text), "Action one.");
	CHECK_STR(owner(&a->acts[0], 0), "Governor");
	CHECK_STR(a->acts[0].target, "June 2023");
	CHECK_STR(imp_text(a->acts[1].text), "Action two continues here."); /* across the page break */
	CHECK_STR(owner(&a->acts[1], 0), "Novus Managers");                /* an alias folded */
	CHECK_STR(a->acts[1].target, "July 2023");
	CHECK_STR(b->category, "key");
	CHECK_STR(b->text, "The second finding");
	CHECK_INT(b->nacts, 2); /* one paragraph beside two targets: split at the sentence */
	CHECK_STR(imp_text(b->acts[0].text), "One paragraph.");
	CHECK_STR(b->acts[0].target, "March 2023");
	CHECK_STR(imp_text(b->acts[1].text), "Two sentences here.");
	CHECK_STR(owner(&b->acts[1], 0), "Governor");
	CHECK_STR(b->acts[1].target, "April 2023");
	imp_free(&im);
}

static const char recommendations[] =
	"Action Plan: HMP Test\n"
	"Inspection: 1 June 2021\n"
	"Rec No\tRecommendation\tAgreed?\tResponse Action Taken/Planned\tResponsible Owner\tTarget Date\n"
	"\tKey recommendations\t\t\t\t\n"
	"\tDirected to: The Governor\t\t\t\t\n"
	"S1 (1)\tFinding one.\tAgreed\tDo it.\tGovernor\tCompleted\n"
	"\\$2 (2)\tFinding two. (Repeated recommendation 2.43).\tPartly Agreed\t"
	"This recommendation is partly agreed because of cost. We will do half.\tGovernor\tMay 2021\n"
	"\tGeneral recommendations\t\t\t\t\n"
	"\tHMPPS\t\t\t\t\n"
	"3.1 (3)\tFinding three.\tNot agreed\tThis recommendation is not agreed.\t\t\n"
	"\n"
	"Agreed\t1\n"
	"Partly Agreed\t1\n"
	"Not Agreed\t1\n"
	"Total\t3\n";

static void test_recommendations_table(void)
{
	imp im;
	ab_err err = {0};
	CHECK_INT(read_table(&im, recommendations, &err), 0);
	CHECK(im.recs);
	CHECK_INT(im.nitems, 3);
	if (im.nitems != 3) {
		imp_free(&im);
		return;
	}
	imp_item *a = im.items[0], *b = im.items[1], *c = im.items[2];
	CHECK(a->seq == 1 && b->seq == 2 && c->seq == 3);
	CHECK_STR(a->directed_to, "Governor");
	CHECK_STR(a->agreement, "agreed");
	CHECK(a->note == NULL);
	CHECK_STR(a->acts[0].target, "Completed");
	CHECK_STR(b->ref, "S2"); /* "\$2" repaired */
	CHECK_STR(b->agreement, "partly_agreed");
	CHECK_STR(b->note, "This recommendation is partly agreed because of cost.");
	CHECK_STR(b->repeated, "2.43");
	CHECK_STR(b->text, "Finding two.");
	CHECK_INT(b->nacts, 1);
	CHECK_STR(imp_text(b->acts[0].text), "We will do half.");
	CHECK_STR(c->category, "general");
	CHECK_STR(c->directed_to, "HMPPS");
	CHECK_STR(c->agreement, "not_agreed");
	CHECK_STR(c->note, "This recommendation is not agreed.");
	CHECK_INT(c->nacts, 0);
	imp_free(&im);

	/* The plan's own summary must agree with the table. */
	char *text = strdup(recommendations);
	memcpy(strstr(text, "Agreed\t1"), "Agreed\t2", 8);
	CHECK_INT(read_table(&im, text, &err), EX_DATAERR);
	CHECK(strstr(err.msg, "summary says Agreed 2, but 1 was read") != NULL);
	imp_free(&im);
	free(text);
}

/* ---- owners ---------------------------------------------------------------------------- */

/* The groups of an owner cell as "A+B | C", and whether a part was not known. */
static void owners_case(const char *cell, const char *want, bool guessed)
{
	imp im;
	ab_err err = {0};
	setup(&im, NULL, &err);
	imp_ogroups og;
	char got[512] = "";
	size_t len = 0;
	imp_owner_groups(&im, cell, &og);
	for (size_t i = 0; i < og.n; i++)
		for (size_t j = 0; j < og.g[i].n; j++)
			len += (size_t)snprintf(got + len, sizeof got - len, "%s%s", j ? "+" : i ? " | " : "",
						og.g[i].v[j]);
	if (strcmp(got, want) || og.guessed != guessed) {
		printf("#   owners '%s': '%s' (guessed %d), expected '%s' (%d)\n", cell, got, og.guessed, want,
		       guessed);
		test_failures++;
	}
	imp_free(&im);
}

static void test_owners(void)
{
	owners_case("Governor", "Governor", false);
	owners_case("Governor/Novus", "Governor+Novus Managers", false);
	owners_case("Governor and Novus", "Governor+Novus Managers", false);
	owners_case("Governor. Governor Governor", "Governor | Governor | Governor", false);
	owners_case("Head of Transformation for Spectrum Governor", "Head of Transformation | Governor", false);
	owners_case("The Governor & HMPPS", "Governor+HMPPS", false);
	owners_case("Governor and Director of Prisons", "Governor+Director of Prisons", true);
	owners_case("Capacity Management, Prison Supply", "Capacity Management, Prison Supply", false);
	owners_case("", "", false);
	imp im;
	ab_err err = {0};
	setup(&im, NULL, &err);
	CHECK_STR(imp_fold_owner(&im, "the governor."), "Governor");
	CHECK(imp_fold_owner(&im, "Governor and HMPPS") == NULL);
	imp_free(&im);
}

/* ---- the whole, as YAML ---------------------------------------------------------------- */

static void test_yaml(void)
{
	static const char text[] =
		"Inspection: 1 June 2021\n"
		"1. Rec No\t2. Concerns\t3. Response Action Taken/Planned\t4. Responsible Owner\t5. Target Date\n"
		"1.1\tA \"quoted\" finding: with \\ backslash # and: colons\tAct: one\tThe Governor\tJune 2023\n"
		"1.2\tyes\t\t\t\n";
	static const char want[] =
		"# Imported by actionboard import: review it, and its warnings, before sync.\n"
		"establishment: \"TES\"\n"
		"cycle: \"2021-06\"\n"
		"scheme: concerns\n"
		"inspection:\n"
		"- {from: 2021-06-01, to: 2021-06-01}\n"
		"source: \"t.txt\"\n"
		"items:\n"
		"- ref: \"1.1\"\n"
		"  category: key\n"
		"  text: \"A \\\"quoted\\\" finding: with \\\\ backslash # and: colons\"\n"
		"  actions:\n"
		"  - id: \"1.1.1\"\n"
		"    text: \"Act: one\"\n"
		"    owners: [\"Governor\"]\n"
		"    target: \"June 2023\"\n"
		"- ref: \"1.2\"\n"
		"  category: key\n"
		"  text: \"yes\"\n"
		"  actions: []\n";
	import_opts opt = {.establishment = "TES", .source = "t.txt", .settings = &settings};
	char *yaml = NULL;
	ab_err err = {0};
	import_stats st;
	CHECK_INT(import_plan("t.txt", text, sizeof text - 1, &opt, &yaml, NULL, &st, &err), 0);
	CHECK_STR(yaml, want);
	CHECK(st.items == 2 && st.actions == 1 && !strcmp(st.scheme, "concerns"));
	CHECK_INT(st.warnings, 2); /* no section heading; 1.2 has no actions */
	free(yaml);

	/* A tag made by joining two texts is removed on the way out. */
	static const char joined[] =
		"Inspection: 1 June 2021\n"
		"1. Rec No\t2. Concerns\t3. Response Action Taken/Planned\t4. Responsible Owner\t5. Target Date\n"
		"1.1\tA finding <x\tAct\tGovernor\tJune 2023\n"
		"\ty> ends here.\t\t\t\n";
	CHECK_INT(import_plan("t.txt", joined, sizeof joined - 1, &opt, &yaml, NULL, NULL, &err), 0);
	CHECK(yaml && strstr(yaml, "text: \"A finding ends here.\"") != NULL);
	free(yaml);

	CHECK_INT(import_plan("t.txt", "no plan", 7, &opt, &yaml, NULL, NULL, &err), EX_DATAERR);
	CHECK(yaml == NULL);
	CHECK(strstr(err.msg, "no action plan table") != NULL);
}

/* One inspection header line: the ranges read (as from..to pairs), the warnings given. */
static void header_case(const char *line, const char *want, int warnings)
{
	imp im;
	ab_err err = {0};
	setup(&im, NULL, &err);
	CHECK_INT(imp_header_line(&im, line, 1), 0);
	char got[256] = "";
	size_t len = 0;
	for (size_t i = 0; i < im.nranges; i++) {
		char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
		date_format_iso(im.ranges[i].from, a);
		date_format_iso(im.ranges[i].to, b);
		len += (size_t)snprintf(got + len, sizeof got - len, "%s%s..%s", i ? " " : "", a, b);
	}
	if (strcmp(got, want) || im.nwarn != warnings) {
		printf("#   header '%s': '%s' (%d warnings), expected '%s' (%d)\n", line, got, im.nwarn, want, warnings);
		test_failures++;
	}
	imp_free(&im);
}

/* Headers as real plans print them (issue 18), each form. */
static void test_header_forms(void)
{
	header_case("A Response to the HMIP Inspection: 26th August 2020", "2020-08-26..2020-08-26", 0);
	header_case("Inspection dates: 05/05/2020", "2020-05-05..2020-05-05", 0);
	header_case("A Response to the HMIP Inspection 17, 18 December & 7-11 January 2019",
		    "2018-12-17..2018-12-17 2018-12-18..2018-12-18 2019-01-07..2019-01-11", 0);
	header_case("Inspection: 24-25th February; 2-6th March 2020", "2020-02-24..2020-02-25 2020-03-02..2020-03-06", 0);
	header_case("Inspection: 1-3 June and 7, 8 June 2021",
		    "2021-06-01..2021-06-03 2021-06-07..2021-06-07 2021-06-08..2021-06-08", 0);
	header_case("Date of Inspection: 18 January 2016 Attached", "2016-01-18..2016-01-18", 1); /* words left out */
	header_case("Inspection: sometime in 2020", "", 1);          /* digits, no dates: said */
	header_case("HMIP Inspection report", "", 0);                /* no dates at all: nothing to say */
	/* the cycle across a year's end is said, with the option that overrides it */
	imp im;
	ab_err err = {0};
	setup(&im, NULL, &err);
	CHECK_INT(imp_header_line(&im, "Action Plan: HMP Guys Marsh", 1), 0);
	CHECK_INT(imp_header_line(&im, "Inspection: 17, 18 December & 7-11 January 2019", 2), 0);
	const char *code, *cycle;
	CHECK_INT(imp_plan_ids(&im, &code, &cycle), 0);
	CHECK_STR(code, "GMI");
	CHECK_STR(cycle, "2018-12");
	CHECK_INT(im.nwarn, 2); /* the register's code, the year's end */
	imp_free(&im);
	/* table headers, old and new */
	CHECK_INT(imp_column_role("3. Accepted/ Rejected"), COL_AGREE);
	CHECK_INT(imp_column_role("3. Agreed/ Partly Agreed/ Not Agreed"), COL_AGREE);
	CHECK_INT(imp_column_role("5. Function Responsible/ Policy Lead"), COL_OWNER);
	CHECK_INT(imp_column_role("4. Responsible Owner"), COL_OWNER);
	CHECK_INT(imp_column_role("4. Response Action Taken/Planned"), COL_RESP);
	CHECK_INT(imp_column_role("6. Target Date"), COL_TARGET);
	CHECK_STR(imp_section_of("Main Recommendations to the Governor"), "key");
	CHECK_STR(imp_section_of("Priority concerns"), "priority");
	CHECK_STR(imp_section_of("General recommendations"), "general");
	CHECK(!imp_section_of("Recommendations"));
}

/* An older plan: "Accepted/ Rejected", "Function Responsible/ Policy Lead", a section
 * naming the owner, running numbers with the report's reference at the end of the text. */
static void test_old_table(void)
{
	imp im;
	ab_err err = {0};
	CHECK_INT(read_table(&im,
			     "1. Rec No\t2. Recommendation\t3. Accepted/ Rejected\t4. Response Action Taken/Planned\t"
			     "5. Function Responsible/ Policy Lead\t6. Target Date\n"
			     "\tMain Recommendations to the Governor\t\t\t\t\n"
			     "1\tIncidents should be investigated. (S53)\tAccepted\tWe will.\tGovernor\tApril 2019\n"
			     "2\tMore time out of cell. (HP12)\tRejected\tThis recommendation is not agreed.\t\t\n",
			     &err), 0);
	CHECK(im.recs);
	CHECK_INT((int)im.nitems, 2);
	CHECK_STR(im.items[0]->ref, "S53");
	CHECK_INT(im.items[0]->seq, 1);
	CHECK_STR(im.items[0]->text, "Incidents should be investigated.");
	CHECK_STR(im.items[0]->category, "key");
	CHECK_STR(im.items[0]->directed_to, "Governor");
	CHECK_STR(im.items[0]->agreement, "agreed");
	CHECK_STR(im.items[1]->ref, "HP12");
	CHECK_STR(im.items[1]->agreement, "not_agreed");
	imp_free(&im);
	/* a header row that fits neither scheme: an error naming the columns found */
	CHECK_INT(read_table(&im, "Rec No\tRecommendation\tAccepted\tResponse\tLead\n1\tx\tAccepted\ty\tz\n", &err),
		  EX_DATAERR);
	CHECK(strstr(err.msg, "fits neither scheme: columns 'Rec No', 'Recommendation', 'Accepted', 'Response', 'Lead'; no target") != NULL);
	imp_free(&im);
}

/* The form is told from the first bytes, never the name. */
static void test_sniff(void)
{
#define SNIFF(lit) doc_sniff(lit, sizeof lit - 1)
	CHECK_INT(SNIFF("PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
			"mimetypeapplication/vnd.oasis.opendocument.text"), DOC_ODT);
	CHECK_INT(SNIFF("PK\x03\x04 ... word/document.xml ..."), DOC_DOCX);
	CHECK_INT(SNIFF("PK\x03\x04 ... xl/workbook.xml ..."), DOC_ZIP);
	CHECK_INT(SNIFF("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old Word"), DOC_OLE);
	CHECK_INT(SNIFF("%PDF-1.7\n"), DOC_PDF);
	CHECK_INT(SNIFF("\xEF\xBB\xBF  <!DOCTYPE html><html>"), DOC_HTML);
	CHECK_INT(SNIFF("<HTML><body>"), DOC_HTML);
	CHECK_INT(SNIFF("<!-- a comment --> not a page"), DOC_LAYOUT);
	CHECK_INT(SNIFF("<!-- saved page --><html>"), DOC_HTML);
	CHECK_INT(SNIFF("Action Plan\n1. Rec No\t2. Concerns\t3. Response\t4. Owner\t5. Target Date\n"), DOC_TABS);
	CHECK_INT(SNIFF("Action Plan\n1. Rec No   2. Concerns   3. Response   4. Owner   5. Target Date\n"), DOC_LAYOUT);
	CHECK_INT(SNIFF("text\0with a NUL"), DOC_BINARY);
	CHECK(doc_form_available(DOC_LAYOUT) && doc_form_available(DOC_TABS));
#undef SNIFF
}

#ifdef AB_HAVE_LIBXML2
static bool xml_has_text(const xmlNode *n, const char *what)
{
	for (; n; n = n->next)
		if ((n->content && strstr((const char *)n->content, what)) ||
		    xml_has_text(n->children, what))
			return true;
	return false;
}

/* The readers' libxml2 never opens a file an entity names, even with the options that ask
 * it to (DTD loading, entities replaced): doc_xml_open's loader refuses every one, a second
 * defence behind the readers' own options. */
static void test_xml_no_external(void)
{
	char dir[] = "/tmp/ab-unit-XXXXXX", secret[64];
	CHECK(mkdtemp(dir) != NULL);
	snprintf(secret, sizeof secret, "%s/secret.txt", dir);
	FILE *fp = fopen(secret, "w");
	CHECK(fp != NULL);
	if (!fp)
		return;
	fputs("TOP-SECRET", fp);
	fclose(fp);
	char xml[512];
	snprintf(xml, sizeof xml, "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM "
		 "\"file://%s\">]><d>&x;</d>", secret);
	ab_err err = {0};
	CHECK_INT(doc_xml_open(&err), 0);
	xmlParserCtxtPtr ctxt = doc_xml.new_parser_ctxt();
	xmlDocPtr doc = doc_xml.ctxt_read_memory(ctxt, xml, (int)strlen(xml), "t.xml", "UTF-8",
						 XML_PARSE_NOENT | XML_PARSE_DTDLOAD |
						 XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	CHECK(!doc || !xml_has_text(doc_xml.doc_get_root_element(doc), "TOP-SECRET"));
	if (doc)
		doc_xml.free_doc(doc);
	doc_xml.free_parser_ctxt(ctxt);
	unlink(secret);
	rmdir(dir);
}
#endif

const test_case import_tests[] = {
#ifdef AB_HAVE_LIBXML2
	{"import: libxml2 opens no file an entity names", test_xml_no_external},
#endif
	{"import: documents told apart by content", test_sniff},
	{"import: headers as real plans print them (dates, columns, sections)", test_header_forms},
	{"import: an older plan's table (Accepted/ Rejected, (S53) refs)", test_old_table},
	{"import: input normalisation (BOM, CRLF, CR, no-break spaces) and refusals", test_input},
	{"import: cell text cleaned of tags and entities, wording kept", test_clean},
	{"import: cells cut into paragraphs, list items folded", test_paragraphs},
	{"import: header names and dates", test_header},
	{"import: a concerns table", test_concerns_table},
	{"import: a recommendations table with Agreed / Partly / Not agreed", test_recommendations_table},
	{"import: owner cells split and folded", test_owners},
	{"import: the plan as YAML", test_yaml},
	{NULL, NULL},
};
