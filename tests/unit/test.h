/*
 * A small TAP test harness: each test is a function registered in main.c; CHECK records a
 * failure with its file and line and goes on, so one run shows every broken assertion.
 */
#ifndef AB_TEST_H
#define AB_TEST_H

#include <stdio.h>
#include <string.h>

extern int test_failures;

#define CHECK(cond)                                                                     \
	do {                                                                            \
		if (!(cond)) {                                                          \
			printf("#   %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
			test_failures++;                                                \
		}                                                                       \
	} while (0)

#define CHECK_STR(a, b)                                                                      \
	do {                                                                                 \
		const char *a_ = (a), *b_ = (b);                                             \
		if (!a_ || !b_ || strcmp(a_, b_)) {                                          \
			printf("#   %s:%d: '%s' != '%s'\n", __FILE__, __LINE__, a_ ? a_ : "(null)", \
			       b_ ? b_ : "(null)");                                          \
			test_failures++;                                                     \
		}                                                                            \
	} while (0)

#define CHECK_INT(a, b)                                                                  \
	do {                                                                             \
		long long a_ = (long long)(a), b_ = (long long)(b);                     \
		if (a_ != b_) {                                                          \
			printf("#   %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, \
			       a_, b_);                                                  \
			test_failures++;                                                 \
		}                                                                        \
	} while (0)

typedef struct test_case {
	const char *name;
	void (*fn)(void);
} test_case;

/* Each test file exports its table, ending with {NULL, NULL}. */
extern const test_case date_tests[], text_tests[], config_tests[], store_tests[];
extern const test_case query_tests[], sync_tests[], render_tests[], import_tests[];
extern const test_case judge_tests[];
extern const test_case estate_tests[];
extern const test_case governance_tests[];
extern const test_case narrow_tests[];
extern const test_case owned_tests[];

/* A fresh temporary directory for a test; removed with everything in it at exit. */
const char *test_tmpdir(void);

#endif
