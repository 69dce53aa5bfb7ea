/* The pickers' type-to-filter (tui/narrow.h), against the plain definition it speeds up:
 * every word typed is in the choice, ASCII case ignored. */
#include "../../tui/narrow.h"
#include "test.h"

#include <stdbool.h>
#include <stdlib.h>
#include <strings.h>

/* The definition, slowly: each space-separated word of typed, found by strcasestr. */
static bool narrow_oracle(const char *choice, const char *typed)
{
	char word[256];
	for (const char *p = typed; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		if (!n)
			break;
		snprintf(word, sizeof word, "%.*s", (int)n, p);
		if (!strcasestr(choice, word))
			return false;
		p += n;
	}
	return true;
}

/* Whether narrow_filter(typed) gives exactly the oracle's choices, in order. */
static bool narrow_agrees(narrow *nw, const char *const *choices, int n, const char *typed)
{
	int *shown = calloc((size_t)n + 1, sizeof *shown), k = 0;
	int count = narrow_filter(nw, typed, shown);
	bool same = true;
	for (int i = 0; i < n; i++)
		if (narrow_oracle(choices[i], typed)) {
			same = same && k < count && shown[k] == i;
			k++;
		}
	same = same && k == count;
	if (!same)
		printf("#   typed '%s': %d shown, %d expected\n", typed, count, k);
	free(shown);
	return same;
}

static const char *const names[] = {
	"HMPPS Estates", "Head of Residence", "Head of Security", "Governor",
	"Deputy Governor", "Café manager – £ budget • kitchen", "Head of Healthcare (NHS)",
	"Estates Manager, HMP Example", "José Fernández", "李小龍 Security", "✅ ESTATES ✅",
	"head of safer custody", "",
};
#define NNAMES ((int)(sizeof names / sizeof names[0]))

/* A query typed a key at a time, then erased a key at a time: every step agrees. */
static void test_narrow_type_erase(void)
{
	narrow *nw = narrow_new(names, NNAMES);
	const char *queries[] = {"head of sec", "ESTATES hmp", "café £", "  gov  dep", "李 sec",
				 "é", "z", "✅ est"};
	char buf[64];
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		size_t len = strlen(queries[q]);
		for (size_t l = 0; l <= len; l++) { /* typed */
			snprintf(buf, sizeof buf, "%.*s", (int)l, queries[q]);
			CHECK(narrow_agrees(nw, names, NNAMES, buf));
		}
		for (size_t l = len + 1; l-- > 0;) { /* erased */
			snprintf(buf, sizeof buf, "%.*s", (int)l, queries[q]);
			CHECK(narrow_agrees(nw, names, NNAMES, buf));
		}
	}
	/* The figures the steps must reach, not only agreement. */
	int shown[NNAMES];
	CHECK_INT(narrow_filter(nw, "head of", shown), 4);
	CHECK_INT(narrow_filter(nw, "head of sec", shown), 1);
	CHECK_INT(shown[0], 2);
	CHECK_INT(narrow_filter(nw, "head of", shown), 4); /* erased: all four back */
	CHECK_INT(narrow_filter(nw, "estates", shown), 3);
	CHECK_INT(narrow_filter(nw, "", shown), NNAMES);
	narrow_free(nw);
}

/* Edits anywhere in the text (the prompt's cursor moves), pastes of many bytes at once,
 * and random texts from the choices' own bytes: always the oracle's set. */
static void test_narrow_random_edits(void)
{
	narrow *nw = narrow_new(names, NNAMES);
	const char alphabet[] = "aeoHSsty £é ";
	char text[40] = "";
	unsigned seed = 22;
	for (int step = 0; step < 3000; step++) {
		seed = seed * 1103515245u + 12345u;
		size_t len = strlen(text), at = len ? (seed >> 8) % (len + 1) : 0;
		int what = (int)((seed >> 20) % 4);
		if (what < 2 && len + 4 < sizeof text) { /* insert one or (a paste) three bytes */
			int k = what ? 3 : 1;
			memmove(text + at + k, text + at, len - at + 1);
			for (int i = 0; i < k; i++)
				text[at + i] = alphabet[(seed >> (4 + i * 3)) % (sizeof alphabet - 1)];
		} else if (len) { /* delete one byte (may split a character: still bytes) */
			if (at == len)
				at--;
			memmove(text + at, text + at + 1, len - at);
		}
		CHECK(narrow_agrees(nw, names, NNAMES, text));
	}
	narrow_free(nw);
}

static void test_narrow_empty(void)
{
	narrow *nw = narrow_new(NULL, 0);
	int shown[1];
	CHECK_INT(narrow_filter(nw, "", shown), 0);
	CHECK_INT(narrow_filter(nw, "abc", shown), 0);
	narrow_free(nw);
}

const test_case narrow_tests[] = {
	{"narrow: typed then erased, key by key", test_narrow_type_erase},
	{"narrow: edits anywhere and pastes agree with the definition", test_narrow_random_edits},
	{"narrow: no choices", test_narrow_empty},
	{NULL, NULL},
};
