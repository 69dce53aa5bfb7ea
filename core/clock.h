/*
 * clock — the wall-clock timestamp written into history rows and "changed at" fields, and
 * the one way such a timestamp is shown to a person.
 *
 * Contract: clock_now() fills `buf` with UTC "YYYY-MM-DDTHH:MM:SSZ"; no allocation. That
 * is the stored form, and the form of JSON and CSV output.
 * clock_show() writes a stored timestamp as people read it: local time (TZ respected), day
 * first, e.g. "23 Nov 2026 15:52", in English whatever the locale. After
 * clock_show_utc(true) (the global --utc switch, for scripts) it writes the stored ISO
 * 8601 UTC form unchanged. Text that is not a stored timestamp is copied as it is; NULL
 * gives "". The setting is process-wide, set once by main() before any output.
 * clock_day_start() gives, in the stored form, the instant a local calendar day begins
 * (TZ respected): the one day boundary, so that "since 1 October" means from local
 * midnight, as `history` shows times.
 * clock_login() names the Unix user running us from the password database (not $USER).
 */
#ifndef AB_CLOCK_H
#define AB_CLOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"

#define CLOCK_ISO_LEN 21
#define CLOCK_SHOW_LEN 32
#define CLOCK_RFC5322_LEN 40

void clock_now(char buf[CLOCK_ISO_LEN]);
/* Now as RFC 5322's date-time in UTC, for a message's Date: "Sun, 06 Dec 2026 16:45:00 +0000". */
void clock_now_rfc5322(char buf[CLOCK_RFC5322_LEN]);
void clock_show_utc(bool utc);
void clock_show(const char *iso, char buf[CLOCK_SHOW_LEN]);
void clock_day_start(date_t day, char buf[CLOCK_ISO_LEN]);
void clock_login(char *buf, size_t n);

#endif
