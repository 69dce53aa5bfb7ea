#include "clock.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static bool clock_utc;

void clock_now(char buf[CLOCK_ISO_LEN])
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(buf, CLOCK_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_now_rfc5322(char buf[CLOCK_RFC5322_LEN])
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	/* RFC 5322's month abbreviations are the names' first three letters */
	snprintf(buf, CLOCK_RFC5322_LEN, "%s, %02d %.3s %04d %02d:%02d:%02d +0000",
		 wd[tm.tm_wday % 7], tm.tm_mday, date_month_name(tm.tm_mon + 1), tm.tm_year + 1900,
		 tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void clock_show_utc(bool utc)
{
	clock_utc = utc;
}

/* Reads exactly "YYYY-MM-DDTHH:MM:SSZ" into a UTC time; false otherwise. */
static bool clock_parse(const char *s, time_t *out)
{
	struct tm tm = {0};
	int n = 0;
	if (!s || strlen(s) != CLOCK_ISO_LEN - 1 ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 || n != CLOCK_ISO_LEN - 1)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return *out != (time_t)-1;
}

void clock_show(const char *iso, char buf[CLOCK_SHOW_LEN])
{
	/* Month names of our own (date.h): the dashboard sets the locale, and LC_TIME must
	 * not turn "Nov" into another language's word in an English sentence. */
	tzset(); /* localtime_r() need not read TZ itself */
	time_t t;
	struct tm tm;
	if (clock_utc || !clock_parse(iso, &t) || !localtime_r(&t, &tm)) {
		snprintf(buf, CLOCK_SHOW_LEN, "%s", iso ? iso : "");
		return;
	}
	snprintf(buf, CLOCK_SHOW_LEN, "%d %.3s %d %02d:%02d", tm.tm_mday,
		 date_month_name(tm.tm_mon + 1),
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

void clock_day_start(date_t day, char buf[CLOCK_ISO_LEN])
{
	/* mktime normalises a local midnight that a clock change skips (it becomes 01:00). */
	struct tm tm = {.tm_year = day.y - 1900, .tm_mon = day.m - 1, .tm_mday = day.d,
			.tm_isdst = -1};
	tzset();
	time_t t = mktime(&tm);
	struct tm utc;
	if (t == (time_t)-1 || !gmtime_r(&t, &utc)) {
		char iso[DATE_ISO_LEN];
		date_format_iso(day, iso);
		snprintf(buf, CLOCK_ISO_LEN, "%.10sT00:00:00Z", iso);
		return;
	}
	strftime(buf, CLOCK_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &utc);
}

void clock_login(char *buf, size_t n)
{
	struct passwd pw, *res = NULL;
	char tmp[4096];
	uid_t uid = getuid();
	if (getpwuid_r(uid, &pw, tmp, sizeof tmp, &res) == 0 && res)
		snprintf(buf, n, "%s", res->pw_name);
	else
		snprintf(buf, n, "uid%ld", (long)uid);
}
