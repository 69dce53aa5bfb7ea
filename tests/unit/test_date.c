#include <stdlib.h>

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
	/* SPEC.md §3, row by row. */
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

const test_case date_tests[] = {
	{"date: the target rules of SPEC §3", test_spec_table},
	{"date: other target forms", test_target_variants},
	{"date: ISO dates and day numbers", test_iso},
	{"date: --today and ACTIONBOARD_TODAY", test_today},
	{NULL, NULL},
};
