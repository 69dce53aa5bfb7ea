#include "../../core/text.h"
#include "test.h"

#include <stdlib.h>

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

static void test_safe(void)
{
	char *s;
	/* OSC title, OSC 52 clipboard and clear screen: every ESC and BEL becomes the mark. */
	s = text_safe_dup("a\x1b]0;pwned\x07" "b\x1b[2J", 0);
	CHECK_STR(s, "a" TEXT_MARK "]0;pwned" TEXT_MARK "b" TEXT_MARK "[2J");
	free(s);
	/* C1 as a character (U+009B CSI) and as a raw byte; DEL; bidi override U+202E. */
	s = text_safe_dup("x\xc2\x9by\x9bz\x7f\xe2\x80\xaeq", 0);
	CHECK_STR(s, "x" TEXT_MARK "y" TEXT_MARK "z" TEXT_MARK TEXT_MARK "q");
	free(s);
	/* Isolates U+2066..2069 and marks; overlong '/' and a surrogate are not UTF-8. */
	s = text_safe_dup("\xe2\x81\xa6\xe2\x81\xa9\xe2\x80\x8f\xc0\xaf\xed\xa0\x80", 0);
	CHECK_STR(s, TEXT_MARK TEXT_MARK TEXT_MARK TEXT_MARK TEXT_MARK TEXT_MARK TEXT_MARK TEXT_MARK);
	free(s);
	/* Real plan text passes unchanged; tab/CR/LF become spaces unless multi-line. */
	s = text_safe_dup("£3.8m – • café 日本", 0);
	CHECK_STR(s, "£3.8m – • café 日本");
	free(s);
	s = text_safe_dup("a\tb\r\nc", 0);
	CHECK_STR(s, "a b  c");
	free(s);
	s = text_safe_dup("a\nb", TEXT_MULTILINE);
	CHECK_STR(s, "a\nb");
	free(s);
	/* Validation and the clean check agree with the walk. */
	size_t bad = 99;
	CHECK(text_utf8_valid("£ok", 4, &bad));
	CHECK(!text_utf8_valid("ok\x9b", 3, &bad));
	CHECK_INT(bad, 2);
	CHECK(!text_utf8_valid("ab\xe2\x80", 4, &bad));
	CHECK_INT(bad, 2);
	CHECK(!text_utf8_valid("a\0b", 3, &bad));
	CHECK_INT(bad, 1);
	CHECK(text_clean("line one\nline two\t£"));
	CHECK(!text_clean("x\xe2\x80\xae"));
	CHECK(!text_clean("x\x1b[1m"));
	CHECK_INT(text_width("a\x1b" "b"), 3); /* the mark takes one column */
}

const test_case text_tests[] = {
	{"text: safe output of hostile text", test_safe},
	{"text: display widths", test_width},
	{"text: wrapping", test_wrap},
	{NULL, NULL},
};
