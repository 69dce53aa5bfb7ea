#include "../../core/text.h"
#include "test.h"

static void test_width(void)
{
	CHECK_INT(text_width("abc"), 3);
	CHECK_INT(text_width("£3.8 – •"), 8);
	CHECK_INT(text_width("日本"), 4);
	CHECK_INT(text_width("e\xcc\x81"), 1); /* e + combining acute */
	CHECK_INT(text_width("\xff" "a"), 2);   /* a bad byte counts one column */
	int used;
	CHECK_INT(text_fit("£££", 2, &used), 4);
	CHECK_INT(used, 2);
	CHECK_INT(text_fit("日本", 3, &used), 3);
}

static void test_wrap(void)
{
	const char *s = "The availability of illicit drugs was too high.";
	size_t next, end;
	end = text_wrap(s, 20, &next);
	CHECK_INT(end, 19); /* "The availability of" */
	CHECK_INT(next, 20);
	end = text_wrap(s + next, 20, &next);
	CHECK(!strncmp(s + 20, "illicit drugs was", end));
	CHECK_INT(end, 17);
	/* A word longer than the line is cut, never lost. */
	const char *w = "supercalifragilistic";
	end = text_wrap(w, 5, &next);
	CHECK_INT(end, 5);
	CHECK_INT(next, 5);
	end = text_wrap("   ", 5, &next);
	CHECK_INT(end, 0);
	CHECK_INT(next, 0);
	/* UTF-8 is never split. */
	end = text_wrap("££££££", 3, &next);
	CHECK_INT(end, 6);
}

const test_case text_tests[] = {
	{"text: display widths", test_width},
	{"text: wrapping", test_wrap},
	{NULL, NULL},
};
