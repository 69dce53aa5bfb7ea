#include "clock.h"

#include <pwd.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

void clock_now(char buf[CLOCK_ISO_LEN])
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(buf, CLOCK_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void ident_login(char *buf, size_t n)
{
	struct passwd pw, *res = NULL;
	char tmp[4096];
	uid_t uid = getuid();
	if (getpwuid_r(uid, &pw, tmp, sizeof tmp, &res) == 0 && res)
		snprintf(buf, n, "%s", res->pw_name);
	else
		snprintf(buf, n, "uid%ld", (long)uid);
}
