/*
 * date — calendar dates and the target-date rules of SPEC.md §3.
 *
 * Contract: a date_t is a plain proleptic Gregorian date (no time, no zone); the ISO text
 * form is "YYYY-MM-DD". date_parse_target() never fails: it reads the target text as
 * published and says what it understood (a due date, an initial status, or neither).
 * Nothing here allocates.
 */
#ifndef AB_DATE_H
#define AB_DATE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

typedef struct date_t {
	int y, m, d;
} date_t;

#define DATE_ISO_LEN 11 /* "YYYY-MM-DD" plus NUL */

int date_days_in_month(int y, int m);
bool date_valid(date_t d);
/* Accepts exactly YYYY-MM-DD naming a real day. */
bool date_parse_iso(const char *s, date_t *out);
void date_format_iso(date_t d, char buf[DATE_ISO_LEN]);
/* Days since 1970-01-01 (negative before); differences give "days late". */
long date_to_days(date_t d);
date_t date_from_days(long days);
int date_cmp(date_t a, date_t b);

/*
 * Today: `pin` (from --today) if non-NULL, else $ACTIONBOARD_TODAY if set and non-empty,
 * else the local calendar date. A malformed pin is EX_USAGE.
 */
int date_today(const char *pin, date_t *out, ab_err *err);

/* Initial statuses as their canonical names (see model_status_*). */
typedef struct date_target {
	bool has_due;
	date_t due;
	const char *status;  /* "planned", "in_progress" or "completed"; static string */
	bool understood;     /* false: empty or nothing recognised (callers warn) */
} date_target;

void date_parse_target(const char *text, date_target *out);

#endif
