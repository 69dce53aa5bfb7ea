#include <stdlib.h>
#include <time.h>

#include "../../core/clock.h"
#include "../../core/date.h"
#include "test.h"

static void target_case(const char *text, const char *due, const char *status, bool understood)
{
	date_target t;
	date_parse_target(text, &t);
	char buf[DATE_ISO_LEN] = "";
	if (t.has_due)
		date_format_iso(t.due, buf);
	if (strcmp(buf, due ? due : "") || strcmp(t.status, status) || t.understood != understood) {
		printf("#   target '%s': due '%s' status %s understood %d; expected '%s' %s %d\n", text,
		       buf, t.status, t.understood, due ? due : "", status, understood);
		test_failures++;
	}
}

static void test_spec_table(void)
{
	/* The target rules of core/date.h, one form at a time. */
	target_case("March 2023", "2023-03-31", "planned", true);
	target_case("Completed", NULL, "completed", true);
	target_case("Ongoing", NULL, "in_progress", true);
	target_case("Ongoing, to be completed by 2024/2025", "2025-03-31", "in_progress", true);
	target_case("This action is in progress and will be audited throughout the year. January 2023",
		    "2023-01-31", "in_progress", true);
	target_case("12/05/2020", "2020-05-12", "planned", true);
	target_case("12 May 2020", "2020-05-12", "planned", true);
	target_case("", NULL, "planned", false);
	target_case("As soon as possible", NULL, "planned", false);
}

static void test_target_variants(void)
{
	target_case("February 2020", "2020-02-29", "planned", true); /* leap year */
	target_case("February 2023", "2023-02-28", "planned", true);
	target_case("Sept 2023", "2023-09-30", "planned", true);
	target_case("end of Dec 2022", "2022-12-31", "planned", true);
	target_case("1st June 2021", "2021-06-01", "planned", true);
	target_case("2024/25", "2025-03-31", "planned", true);
	target_case("2024-25", "2025-03-31", "planned", true);
	target_case("31/02/2020", NULL, "planned", false); /* no such day */
	target_case("  completed  ", NULL, "completed", true);
	target_case("Completed 12/05/2020", "2020-05-12", "completed", true);
	target_case("Mayhem 2020", NULL, "planned", false);
	target_case("2019/2021", NULL, "planned", false); /* not one financial year */
	target_case(NULL, NULL, "planned", false);
	target_case("Complete the review by March 2023", "2023-03-31", "planned", true);
	target_case("Complete", NULL, "completed", true);
	/* A long target keeps its last date however many words come before it. */
	char longer[4096];
	size_t len = 0;
	for (int i = 0; i < 300; i++)
		len += (size_t)snprintf(longer + len, sizeof longer - len, "word ");
	snprintf(longer + len, sizeof longer - len, "January 2023");
	target_case(longer, "2023-01-31", "planned", true);
}

static void test_iso(void)
{
	date_t d;
	CHECK(date_parse_iso("2024-02-29", &d));
	CHECK(!date_parse_iso("2023-02-29", &d));
	CHECK(!date_parse_iso("2023-2-01", &d));
	CHECK(!date_parse_iso("2023-13-01", &d));
	CHECK(!date_parse_iso("x023-01-01", &d));
	CHECK(date_parse_iso("2026-11-23", &d));
	char buf[DATE_ISO_LEN];
	date_format_iso(d, buf);
	CHECK_STR(buf, "2026-11-23");
	CHECK_INT(date_to_days((date_t){1970, 1, 1}), 0);
	CHECK_INT(date_to_days((date_t){2000, 3, 1}) - date_to_days((date_t){2000, 2, 28}), 2);
	for (long day = -700000; day < 800000; day += 997) {
		date_t x = date_from_days(day);
		CHECK(date_valid(x));
		CHECK_INT(date_to_days(x), day);
	}
}

static void test_today(void)
{
	date_t d;
	ab_err err = {0};
	CHECK_INT(date_today("2026-11-23", &d, &err), 0);
	CHECK_INT(d.d, 23);
	CHECK_INT(date_today("2026-11-31", &d, &err), EX_USAGE);
	setenv("ACTIONBOARD_TODAY", "2020-01-02", 1);
	CHECK_INT(date_today(NULL, &d, &err), 0);
	CHECK_INT(d.y * 10000 + d.m * 100 + d.d, 20200102);
	unsetenv("ACTIONBOARD_TODAY");
}

/* Ranges as text: "" when not a range list, else "FROM..TO" joined by spaces. */
static void ranges_case(const char *text, const char *want)
{
	date_range r[4];
	size_t n = date_parse_ranges(text, r, 4);
	char got[256] = "";
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
		date_format_iso(r[i].from, a);
		date_format_iso(r[i].to, b);
		len += (size_t)snprintf(got + len, sizeof got - len, "%s%s..%s", i ? " " : "", a, b);
	}
	if (strcmp(got, want)) {
		printf("#   ranges '%s': '%s', expected '%s'\n", text, got, want);
		test_failures++;
	}
}

static void test_ranges(void)
{
	ranges_case("18\xE2\x80\x93" "19 and 25\xE2\x80\x93" "29 July 2022",
		    "2022-07-18..2022-07-19 2022-07-25..2022-07-29");
	ranges_case("27 August \xE2\x80\x93 6 September 2019", "2019-08-27..2019-09-06");
	ranges_case("12-22 November 2018", "2018-11-12..2018-11-22");
	ranges_case("28 December \xE2\x80\x94 3 January 2020", "2019-12-28..2020-01-03");
	ranges_case("1 to 5 June 2021.", "2021-06-01..2021-06-05");
	ranges_case("22/05/2019", "2019-05-22..2019-05-22");
	ranges_case("22.05.19", "2019-05-22..2019-05-22");
	ranges_case("3rd & 4th Sept 2020", "2020-09-03..2020-09-03 2020-09-04..2020-09-04");
	ranges_case("12 December 2022", "2022-12-12..2022-12-12");
	/* headers as real plans print them (issue 18) */
	ranges_case("26th August 2020", "2020-08-26..2020-08-26");
	ranges_case("05/05/2020", "2020-05-05..2020-05-05");
	ranges_case("17, 18 December & 7-11 January 2019",
		    "2018-12-17..2018-12-17 2018-12-18..2018-12-18 2019-01-07..2019-01-11");
	ranges_case("24-25th February; 2-6th March 2020", "2020-02-24..2020-02-25 2020-03-02..2020-03-06");
	ranges_case("30 November and 1-3 December 2020", "2020-11-30..2020-11-30 2020-12-01..2020-12-03");
	ranges_case("29-31 December; 4 January 2021", "2020-12-29..2020-12-31 2021-01-04..2021-01-04");
	ranges_case("", "");
	ranges_case("July 2022", "");          /* no day */
	ranges_case("30 February 2022", "");   /* no such day */
	ranges_case("18 July 2022 and", "");   /* a separator with nothing after it */
	ranges_case("5 June 2021 - 1 June 2021", ""); /* backwards */
	ranges_case("1 June 2021 until later", "");
	ranges_case("1, 2, 3, 4, 5 June 2021", ""); /* more ranges than asked for */
	date_t d;
	CHECK(date_parse_day("12 December 2022", &d) && d.y == 2022 && d.m == 12 && d.d == 12);
	CHECK(!date_parse_day("12-13 December 2022", &d));
	CHECK(!date_parse_day("12 and 13 December 2022", &d));
}

static void test_points(void)
{
	size_t len = 0;
	CHECK_INT(date_month_at("Sept 2020", &len), 9);
	CHECK_INT(len, 4);
	CHECK_INT(date_month_at("DECEMBER", &len), 12);
	CHECK_INT(date_month_at("Marc", &len), 3);
	CHECK_INT(date_month_at("Ma", &len), 0);       /* too short to tell */
	CHECK_INT(date_month_at("Mayhem", &len), 0);   /* not a month's prefix */
	CHECK_INT(date_month_at("Julyx", &len), 0);
	date_point p;
	CHECK_INT(date_point_at("18th July 2022, later", &p), 14);
	CHECK(p.d == 18 && p.m == 7 && p.y == 2022);
	CHECK_INT(date_point_at("July, 2022", &p), 10);
	CHECK(p.d == 0 && p.m == 7 && p.y == 2022);
	CHECK_INT(date_point_at("July, 25", &p), 4); /* the comma belongs to the list */
	CHECK_INT(date_point_at("18 ", &p), 2);
	CHECK_INT(date_point_at("2019", &p), 4);
	CHECK(p.y == 2019 && !p.m && !p.d);
	CHECK_INT(date_point_at("123 May", &p), 0);
	CHECK_INT(date_point_at("20195", &p), 0);
	CHECK_INT(date_point_at("12/05/202", &p), 0);
	CHECK_INT(date_point_at("12x May", &p), 2); /* a day, then something else */
	CHECK(p.d == 12 && !p.m);
	CHECK_INT(date_point_at("Sept. 2023", &p), 10);
	CHECK(p.m == 9 && p.y == 2023);
	CHECK_INT(date_point_at("22nd, Feb", &p), 9);
	CHECK(p.d == 22 && p.m == 2);
	CHECK_INT(date_point_at("June2023", &p), 8);
	CHECK_INT(date_point_at("Governor", &p), 0);
	date_t d;
	CHECK_INT(date_due_at("March 2023 then", &d), 10);
	CHECK(d.y == 2023 && d.m == 3 && d.d == 31);
	CHECK_INT(date_due_at("2024/25", &d), 7);
	CHECK(d.y == 2025 && d.m == 3 && d.d == 31);
	CHECK_INT(date_due_at("12 May", &d), 0);       /* no year */
	CHECK_INT(date_due_at("31/02/2020", &d), 0);   /* no such day */
	CHECK_INT(date_due_at("2019/2021", &d), 0);
}

static void test_target_shared_forms(void)
{
	/* The forms the importer reads in headers are target dates too. */
	target_case("12.05.2020", "2020-05-12", "planned", true);
	target_case("12/05/20", "2020-05-12", "planned", true);
	target_case("March, 2023", "2023-03-31", "planned", true);
	target_case("3rd Dec 2022", "2022-12-03", "planned", true);
	target_case("Marc 2023", "2023-03-31", "planned", true);
	target_case("Complete.", NULL, "completed", true);
	target_case("in progress", NULL, "in_progress", true);
	target_case("31 February 2020", "2020-02-29", "planned", true); /* the month still counts */
}

/* A typed date against today 2026-11-23 (a Monday): ISO or "" for an error. */
static void typed_case(const char *text, const char *want)
{
	date_t today = {2026, 11, 23}, d;
	ab_err err = {0};
	char got[DATE_ISO_LEN] = "";
	if (!date_parse_typed(text, today, &d, &err))
		date_format_iso(d, got);
	if (strcmp(got, want)) {
		printf("#   typed '%s': got '%s' (%s), want '%s'\n", text, got, err.msg, want);
		test_failures++;
	}
}

static void test_typed(void)
{
	typed_case("2027-03-31", "2027-03-31");
	typed_case("31/03/2027", "2027-03-31");
	typed_case(" 31.03.2027 ", "2027-03-31");
	typed_case("31/03/27", "2027-03-31");
	typed_case("31 Mar 2027", "2027-03-31");
	typed_case("31 march 2027", "2027-03-31");
	typed_case("Mar 2027", "2027-03-31");
	typed_case("31 Mar", "2027-03-31");    /* the next 31 March */
	typed_case("23 Nov", "2026-11-23");    /* today is the next one */
	typed_case("29 Feb", "2028-02-29");    /* the next leap day */
	typed_case("today", "2026-11-23");
	typed_case("Tomorrow", "2026-11-24");
	typed_case("+10d", "2026-12-03");
	typed_case("+2w", "2026-12-07");
	typed_case("+2 weeks", "2026-12-07");
	typed_case("+3m", "2027-02-23");
	typed_case("+1y", "2027-11-23");
	typed_case("end of march", "2027-03-31");
	typed_case("End of November", "2026-11-30");
	typed_case("end of mar 2028", "2028-03-31");
	typed_case("end of month", "2026-11-30");
	typed_case("end of year", "2026-12-31");
	typed_case("31/02/2027", "");           /* no such day */
	typed_case("2027-02-30", "");
	typed_case("12", "");
	typed_case("2027", "");
	typed_case("next week", "");
	typed_case("+3", "");
	typed_case("31/03/2027 please", "");
	typed_case("", "");
	date_t d;
	ab_err err = {0};
	date_parse_typed("soon", (date_t){2026, 11, 23}, &d, &err);
	CHECK_INT(err.code, EX_DATAERR);
	CHECK(strstr(err.msg, "31/03/2027") != NULL);
}

static void test_human(void)
{
	char buf[64];
	date_format_human((date_t){2027, 3, 31}, buf);
	CHECK_STR(buf, "Wed 31 Mar 2027");
	date_format_human((date_t){1969, 12, 31}, buf);
	CHECK_STR(buf, "Wed 31 Dec 1969");
	date_t a = date_add_months((date_t){2027, 1, 31}, 1);
	CHECK(a.y == 2027 && a.m == 2 && a.d == 28);
	a = date_add_months((date_t){2027, 1, 15}, -2);
	CHECK(a.y == 2026 && a.m == 11 && a.d == 15);
	date_span_text((date_t){2023, 1, 31}, (date_t){2026, 11, 23}, buf, sizeof buf);
	CHECK_STR(buf, "3 yr 9 mo");
	date_span_text((date_t){2023, 1, 1}, (date_t){2026, 11, 23}, buf, sizeof buf);
	CHECK_STR(buf, "3 yr 10 mo");
	date_span_text((date_t){2026, 1, 31}, (date_t){2026, 3, 1}, buf, sizeof buf);
	CHECK_STR(buf, "1 mo 1 d");
	date_span_text((date_t){2026, 9, 23}, (date_t){2026, 11, 23}, buf, sizeof buf);
	CHECK_STR(buf, "2 mo");
	date_span_text((date_t){2026, 11, 22}, (date_t){2026, 11, 23}, buf, sizeof buf);
	CHECK_STR(buf, "1 day");
	date_span_text((date_t){2026, 10, 31}, (date_t){2026, 11, 23}, buf, sizeof buf);
	CHECK_STR(buf, "23 days");
	date_span_text((date_t){2025, 11, 23}, (date_t){2026, 11, 23}, buf, sizeof buf);
	CHECK_STR(buf, "1 yr");
}

/* The one day boundary: a local day begins at local midnight, as a UTC instant; month names
 * from the one table. TZ is set here and put back. */
static void test_day_boundary(void)
{
	const char *was = getenv("TZ");
	char saved[128] = "", at[CLOCK_ISO_LEN];
	if (was)
		snprintf(saved, sizeof saved, "%s", was);
	date_t oct1 = {2026, 10, 1};
	setenv("TZ", "<+01>-1", 1);
	clock_day_start(oct1, at);
	CHECK_STR(at, "2026-09-30T23:00:00Z");
	setenv("TZ", "UTC0", 1);
	clock_day_start(oct1, at);
	CHECK_STR(at, "2026-10-01T00:00:00Z");
	setenv("TZ", "<-05>5", 1);
	clock_day_start(oct1, at);
	CHECK_STR(at, "2026-10-01T05:00:00Z");
	char shown[CLOCK_SHOW_LEN];
	setenv("TZ", "<+01>-1", 1);
	clock_show("2026-09-30T23:30:00Z", shown);
	CHECK_STR(shown, "1 Oct 2026 00:30");
	if (was)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	CHECK_STR(date_month_name(1), "January");
	CHECK_STR(date_month_name(9), "September");
	CHECK_STR(date_month_name(13), "?");
	char human[DATE_HUMAN_LEN];
	date_format_human((date_t){2027, 3, 31}, human);
	CHECK_STR(human, "Wed 31 Mar 2027");
}

const test_case date_tests[] = {
	{"date: a local day begins at local midnight; month names", test_day_boundary},
	{"date: typed dates (ISO, UK, month names, relative)", test_typed},
	{"date: weekdays, months later, spans in years, months and days", test_human},
	{"date: ranges as plans print them", test_ranges},
	{"date: months, points and target dates", test_points},
	{"date: target forms shared with the importer", test_target_shared_forms},
	{"date: the target rules of actionboard.yaml(5)", test_spec_table},
	{"date: other target forms", test_target_variants},
	{"date: ISO dates and day numbers", test_iso},
	{"date: --today and ACTIONBOARD_TODAY", test_today},
	{NULL, NULL},
};
