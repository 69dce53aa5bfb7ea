#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "test.h"

int test_failures;
static char tmpdir[256];
static pid_t tmpdir_owner; /* a forked child that exits must not remove it */

static void test_cleanup(void)
{
	if (tmpdir[0] && getpid() == tmpdir_owner) {
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (fork() == 0) {
			execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
			_exit(127);
		}
	}
}

const char *test_tmpdir(void)
{
	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof tmpdir, "/tmp/ab-unit-XXXXXX");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			abort();
		}
		tmpdir_owner = getpid();
		atexit(test_cleanup);
	}
	return tmpdir;
}

int main(void)
{
	const test_case *suites[] = {date_tests, text_tests, config_tests, store_tests,
				     query_tests, sync_tests, render_tests, import_tests,
				     judge_tests, estate_tests, governance_tests,
				     narrow_tests, owned_tests};
	int n = 0, failed = 0;
	for (size_t s = 0; s < sizeof suites / sizeof suites[0]; s++)
		for (const test_case *t = suites[s]; t->name; t++)
			n++;
	printf("1..%d\n", n);
	int i = 0;
	for (size_t s = 0; s < sizeof suites / sizeof suites[0]; s++)
		for (const test_case *t = suites[s]; t->name; t++) {
			int before = test_failures;
			t->fn();
			bool ok = test_failures == before;
			failed += !ok;
			printf("%s %d - %s\n", ok ? "ok" : "not ok", ++i, t->name);
			fflush(stdout);
		}
	return failed ? 1 : 0;
}
