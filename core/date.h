/*
 * date — calendar dates and the target-date rules.
 *
 * Contract: a date_t is a plain proleptic Gregorian date (no time, no zone); the ISO text
 * form is "YYYY-MM-DD". date_parse_target() never fails: it reads the target text as
 * published (which is kept verbatim elsewhere) and says what it understood: the first date
 * it mentions is the due date ("March 2023": the month's last day; "12/05/2020",
 * "12 May 2020": that day; "2024/2025": the financial year's end, 31 March 2025), and it
 * lists every date the text names, so that a target that names several ("March 2027
 * (interim), September 2027 (full)") falls due at the first and callers warn; a
 * leading "Completed" (or a lone "Complete") makes it completed, "Ongoing" or "in
 * progress" in progress, anything else planned; empty or nothing recognised is not
 * understood (callers warn). Nothing here allocates.
 *
 * Dates as plans print them are read by one reader, date_point_at(), which the target
 * rules, the range reader and the importer all use, so they agree on what a date is:
 *   - a month: its full name or any abbreviation of three letters or more ("Sep",
 *     "Sept", "Dec"), in any case, as a whole word;
 *   - a day: one or two digits, maybe followed by "st", "nd", "rd" or "th";
 *   - "12 May 2020", "May 2020", "12 May", "12", "May", "2020" (any part may be missing;
 *     the callers say which parts they need); a comma or full stop may follow the day or
 *     the month ("22nd, Feb", "Sept. 2023");
 *   - 12/05/2020, 12.05.2020, 12/05/20 (20yy): day first, as published in the UK;
 *   - a number ends where its digits end (a longer run of digits is no date part), so
 *     text run together ("June2023") still reads.
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
 * A day is always a day of the local time zone (TZ respected): date_system_today() is the
 * system clock's, whatever pin is set; clock_day_start() (clock.h) is when a day begins.
 */
int date_today(const char *pin, date_t *out, ab_err *err);
date_t date_system_today(void);
/* "January" .. "December" for 1..12 ("?" otherwise); the one table of month names, in
 * English whatever the locale. "%.3s" of it is the abbreviation ("Sep"). */
const char *date_month_name(int m);

/* "Wed 31 Mar 2027": a day as people read it (English names, whatever the locale). */
#define DATE_HUMAN_LEN 16
void date_format_human(date_t d, char buf[DATE_HUMAN_LEN]);
/* The same day `months` calendar months later (or earlier, when negative); a day the
 * month lacks becomes its last day (31 January + 1 month = 28 or 29 February). */
date_t date_add_months(date_t d, int months);
/*
 * How long from `from` to `to` (later) in calendar units, as people say it: "3 yr 10 mo",
 * "2 mo 5 d", "12 days", "1 day", "0 days" (two units at most; days dropped after years).
 * Lateness is shown this way everywhere a person reads it; machine output keeps days.
 */
void date_span_text(date_t from, date_t to, char *buf, size_t n);

/*
 * A date as a person types it where a due date is asked for (the dashboard's `t` and
 * `actionboard due`), read against `today`:
 *   2027-03-31; 31/03/2027, 31.03.2027, 31/03/27 (day first, as in the UK);
 *   31 Mar 2027, 31 March 2027; Mar 2027 (the month's last day); 31 Mar (the next 31
 *   March from today);
 *   today, tomorrow; +10d, +2w, +3m, +1y (also "+2 weeks"...): that long from today;
 *   end of march, end of mar 2027 (without a year: the next such month end from today),
 *   end of month, end of year.
 * Any case; spaces around are ignored. Anything else, or a day the calendar lacks, is
 * EX_DATAERR with a message that shows the accepted forms.
 */
int date_parse_typed(const char *text, date_t today, date_t *out, ab_err *err);

/* Initial statuses as their canonical names (see model_status_*). */
#define DATE_TARGET_DATES 4
typedef struct date_target {
	bool has_due;
	date_t due;          /* the first date the text names */
	const char *status;  /* a status name of model.h (planned, in_progress or completed); static */
	bool understood;     /* false: empty or nothing recognised (callers warn) */
	size_t ndates;       /* how many different dates the text names; over 1: callers warn */
	date_t dates[DATE_TARGET_DATES]; /* the first of them, in the order written */
} date_target;

void date_parse_target(const char *text, date_target *out);

/* One date as written; a part not given is 0. */
typedef struct date_point {
	int y, m, d;
} date_point;

/* The month named by the word at s (1-12), its length in *len; 0 when none. */
int date_month_at(const char *s, size_t *len);
/*
 * The date written at the start of s (see above). Returns the bytes it spans (never a
 * trailing space), 0 when no date starts there. The parts are not checked against the
 * calendar: a caller that needs a real day checks date_valid().
 */
size_t date_point_at(const char *s, date_point *p);
/*
 * A target date at the start of s: a month and year (the month's last day), a day,
 * month and year, or a financial year "2024/2025", "2024/25", "2024-25" (31 March of its
 * second year). Returns the bytes it spans and the due date, 0 when none is there.
 * date_parse_target() finds its dates with this.
 */
size_t date_due_at(const char *s, date_t *due);

typedef struct date_range {
	date_t from, to;
} date_range;

/*
 * Date ranges as plans print them, the whole text: "18–19 and 25–29 July 2022",
 * "27 August – 6 September 2019", "12-22 November 2018", "28 December – 3 January 2020",
 * "22/05/2019", "12 December 2022", "26th August 2020", "24-25th February; 2-6th March
 * 2020". Dashes are -, –, — or "to"; ranges are separated by ",", ";", "&" or "and". A
 * point without its month or year takes them from the next point to its right, as
 * written; a year taken from a point of an earlier month is the year before ("17, 18
 * December & 7-11 January 2019" is 17-18 December 2018). Returns the number of ranges
 * stored in out (at most max), 0 when the text is not such a list or holds more than max
 * ranges.
 */
size_t date_parse_ranges(const char *text, date_range *out, size_t max);
/* Exactly one day written in any of the forms above ("12 December 2022", "22/05/2019"). */
bool date_parse_day(const char *text, date_t *out);

#endif
