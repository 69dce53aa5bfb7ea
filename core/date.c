#include "date.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "model.h"

int date_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

bool date_valid(date_t d)
{
	return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= date_days_in_month(d.y, d.m);
}

bool date_parse_iso(const char *s, date_t *out)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	date_t d = {atoi(s), atoi(s + 5), atoi(s + 8)};
	if (!date_valid(d))
		return false;
	*out = d;
	return true;
}

void date_format_iso(date_t d, char buf[DATE_ISO_LEN])
{
	unsigned y = (unsigned)d.y % 10000u, m = (unsigned)d.m % 100u, day = (unsigned)d.d % 100u;
	snprintf(buf, DATE_ISO_LEN, "%04u-%02u-%02u", y, m, day);
}

/* Howard Hinnant's days_from_civil: exact for the whole proleptic calendar. */
long date_to_days(date_t d)
{
	long y = d.y - (d.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d.m + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* civil_from_days: the inverse of date_to_days. */
date_t date_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	return (date_t){(int)(yoe + era * 400 + (m <= 2)), m, d};
}

int date_cmp(date_t a, date_t b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

/* The one table of month names: "%.3s" of a name is its abbreviation ("Sep"). */
static const char *const date_month_names[12] = {"January", "February", "March", "April",
						 "May", "June", "July", "August",
						 "September", "October", "November", "December"};

const char *date_month_name(int m)
{
	return m >= 1 && m <= 12 ? date_month_names[m - 1] : "?";
}

date_t date_system_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	tzset(); /* localtime_r() need not read TZ itself */
	localtime_r(&now, &tm);
	return (date_t){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

int date_today(const char *pin, date_t *out, ab_err *err)
{
	const char *src = "--today";
	if (!pin || !*pin) {
		pin = getenv("ACTIONBOARD_TODAY");
		src = "ACTIONBOARD_TODAY";
	}
	if (pin && *pin) {
		if (!date_parse_iso(pin, out))
			return err_set(err, EX_USAGE, "%s: '%s' is not a date (YYYY-MM-DD)", src, pin);
		return 0;
	}
	*out = date_system_today();
	return 0;
}

void date_format_human(date_t d, char buf[DATE_HUMAN_LEN])
{
	static const char *const wdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	if (!date_valid(d)) {
		snprintf(buf, DATE_HUMAN_LEN, "?");
		return;
	}
	long w = (date_to_days(d) + 3) % 7; /* 1970-01-01 was a Thursday */
	snprintf(buf, DATE_HUMAN_LEN, "%s %d %.3s %04d", wdays[w < 0 ? w + 7 : w], d.d % 100,
		 date_month_name(d.m), d.y % 10000);
}

date_t date_add_months(date_t d, int months)
{
	long m0 = (long)d.y * 12 + (d.m - 1) + months;
	date_t r = {(int)(m0 / 12), (int)(m0 % 12) + 1, d.d};
	int last = date_days_in_month(r.y, r.m);
	if (r.d > last)
		r.d = last;
	return r;
}

void date_span_text(date_t from, date_t to, char *buf, size_t n)
{
	/* Whole months first (the most that still end on or before `to`), then days. */
	int k = (to.y - from.y) * 12 + (to.m - from.m);
	while (k > 0 && date_cmp(date_add_months(from, k), to) > 0)
		k--;
	if (k < 0)
		k = 0;
	long days = date_to_days(to) - date_to_days(date_add_months(from, k));
	int y = k / 12, m = k % 12;
	if (y && m)
		snprintf(buf, n, "%d yr %d mo", y, m);
	else if (y)
		snprintf(buf, n, "%d yr", y);
	else if (m && days)
		snprintf(buf, n, "%d mo %ld d", m, days);
	else if (m)
		snprintf(buf, n, "%d mo", m);
	else
		snprintf(buf, n, "%ld day%s", days < 0 ? 0 : days, days == 1 ? "" : "s");
}

/* ---- dates as plans print them ---------------------------------------------------- */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }

static const char *skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* The number at *s of at most `max` digits, advancing *s; -1 when there is none. A run
 * of more digits is not a number of that size: -1 too. *ndigits gets the count. */
static int read_num(const char **s, int max, int *ndigits)
{
	int v = 0, k = 0;
	while (is_digit((*s)[k]) && k <= max)
		v = v * 10 + ((*s)[k++] - '0');
	*ndigits = k;
	if (k == 0 || k > max)
		return -1;
	*s += k;
	return v;
}

int date_month_at(const char *s, size_t *len)
{
	size_t n = 0;
	while (is_alpha(s[n]) && n < 10)
		n++;
	if (n < 3 || is_alpha(s[n]))
		return 0;
	for (int m = 0; m < 12; m++)
		if (n <= strlen(date_month_names[m]) && !strncasecmp(s, date_month_names[m], n)) {
			*len = n;
			return m + 1;
		}
	return 0;
}

/* "st", "nd", "rd", "th" after a day number, as a whole word ending. */
static size_t ordinal_at(const char *s)
{
	static const char *const sfx[] = {"st", "nd", "rd", "th"};
	for (size_t k = 0; k < 4; k++)
		if (!strncasecmp(s, sfx[k], 2) && !is_alpha(s[2]))
			return 2;
	return 0;
}

/* dd/mm/yyyy, dd.mm.yyyy, dd/mm/yy at s, after the day `d` was read up to t. */
static size_t numeric_day_at(const char *s, const char *t, int d, date_point *p)
{
	char sep = *t++;
	int nd;
	int m = read_num(&t, 2, &nd);
	if (m < 0 || *t != sep)
		return 0;
	t++;
	int y = read_num(&t, 4, &nd);
	if (y < 0 || (nd != 2 && nd != 4))
		return 0;
	*p = (date_point){nd == 2 ? 2000 + y : y, m, d};
	return (size_t)(t - s);
}

size_t date_point_at(const char *s, date_point *p)
{
	const char *t = s, *end = s;
	*p = (date_point){0};
	if (is_digit(*t)) {
		int nd;
		int a = read_num(&t, 4, &nd);
		if (a < 0)
			return 0;
		if (nd <= 2 && (*t == '/' || *t == '.') && is_digit(t[1]))
			return numeric_day_at(s, t, a, p);
		if (nd == 4) {
			p->y = a;
			return (size_t)(t - s);
		}
		if (nd > 2)
			return 0;
		t += ordinal_at(t);
		p->d = a;
		end = t;
		t = skip_spaces(*t == ',' || *t == '.' ? t + 1 : t); /* "22nd, Feb" */
	}
	size_t ml;
	int m = date_month_at(t, &ml);
	if (m) {
		p->m = m;
		end = t += ml;
		const char *y = skip_spaces(*t == ',' || *t == '.' ? t + 1 : t); /* "Sept. 2023" */
		int nd;
		int v = read_num(&y, 4, &nd);
		if (nd == 4)
			p->y = v, end = y;
	}
	return p->d || p->m ? (size_t)(end - s) : 0;
}

/* 2024/2025, 2024/25, 2024-25: a financial year, which ends on 31 March. */
static size_t financial_year_at(const char *s, date_t *due)
{
	const char *t = s;
	int nd;
	int y1 = read_num(&t, 4, &nd);
	if (y1 < 0 || nd != 4 || (*t != '/' && *t != '-'))
		return 0;
	t++;
	int y2 = read_num(&t, 4, &nd);
	if (y2 < 0 || (nd != 2 && nd != 4))
		return 0;
	if (nd == 2)
		y2 += y1 / 100 * 100;
	if (y2 != y1 + 1)
		return 0;
	*due = (date_t){y2, 3, 31};
	return (size_t)(t - s);
}

size_t date_due_at(const char *s, date_t *due)
{
	size_t k = financial_year_at(s, due);
	if (k)
		return k;
	date_point p;
	if (!(k = date_point_at(s, &p)) || !p.m || !p.y)
		return 0;
	date_t d = {p.y, p.m, p.d ? p.d : date_days_in_month(p.y, p.m)};
	if (!date_valid(d))
		return 0;
	*due = d;
	return k;
}

/* A range dash: -, –, —, "to". */
static size_t dash_at(const char *s)
{
	if (*s == '-')
		return 1;
	if (!strncmp(s, "\xE2\x80\x93", 3) || !strncmp(s, "\xE2\x80\x94", 3))
		return 3;
	if (!strncasecmp(s, "to ", 3))
		return 2;
	return 0;
}

/* A list separator: ",", ";", "&", "and". */
static size_t sep_at(const char *s)
{
	if (*s == ',' || *s == '&' || *s == ';')
		return 1;
	if (!strncasecmp(s, "and ", 4))
		return 3;
	return 0;
}

#define MAX_POINTS 32

typedef struct range_point {
	date_point p;
	bool dash_after;  /* a range dash follows */
	bool y_inherited; /* the year came from a later point */
} range_point;

/* Reads the points of a range text and the dashes between them; 0 when it is not one. */
static size_t range_points(const char *text, range_point *pts)
{
	size_t np = 0;
	const char *s = skip_spaces(text);
	while (*s) {
		size_t k;
		if (np == MAX_POINTS || !(k = date_point_at(s, &pts[np].p)))
			return 0;
		pts[np].dash_after = pts[np].y_inherited = false;
		np++;
		s = skip_spaces(s + k);
		if (*s == '.' && !s[1])
			s++;
		if ((k = dash_at(s)))
			pts[np - 1].dash_after = true;
		else if (!(k = sep_at(s)) && *s)
			return 0;
		s = skip_spaces(s + k);
		if (k && !*s)
			return 0;
	}
	return np;
}

size_t date_parse_ranges(const char *text, date_range *out, size_t max)
{
	range_point pts[MAX_POINTS];
	size_t np = range_points(text, pts);
	for (size_t i = np; i-- > 0;) {
		date_point *p = &pts[i].p;
		if (i + 1 < np) { /* missing month and year come from the next point, as written */
			const date_point *q = &pts[i + 1].p;
			if (!p->m)
				p->m = q->m;
			if (!p->y) {
				/* a year printed once across a year's end: "17, 18 December & 7-11
				 * January 2019" is December 2018 */
				p->y = p->m > q->m ? q->y - 1 : q->y;
				pts[i].y_inherited = true;
			}
		}
		if (!p->d || !date_valid((date_t){p->y, p->m, p->d}))
			return 0;
	}
	size_t nr = 0;
	for (size_t i = 0; i < np; i++) {
		if (nr == max)
			return 0;
		date_t a = {pts[i].p.y, pts[i].p.m, pts[i].p.d}, b = a;
		if (pts[i].dash_after) {
			if (i + 1 >= np || pts[i + 1].dash_after)
				return 0;
			i++;
			b = (date_t){pts[i].p.y, pts[i].p.m, pts[i].p.d};
			if (!date_valid(a) || date_cmp(a, b) > 0)
				return 0;
		}
		out[nr++] = (date_range){a, b};
	}
	return nr;
}

bool date_parse_day(const char *text, date_t *out)
{
	date_range r[2];
	if (date_parse_ranges(text, r, 2) != 1 || date_cmp(r[0].from, r[0].to))
		return false;
	*out = r[0].from;
	return true;
}

/* ---- dates as people type them ------------------------------------------------------ */

/* "+10d", "+2 weeks": that long after today; false when s is not such a form. */
static bool typed_relative(const char *s, date_t today, date_t *out)
{
	static const struct { const char *word; char unit; } units[] = {
		{"d", 'd'}, {"day", 'd'}, {"days", 'd'}, {"w", 'w'}, {"wk", 'w'}, {"week", 'w'},
		{"weeks", 'w'}, {"m", 'm'}, {"mo", 'm'}, {"month", 'm'}, {"months", 'm'},
		{"y", 'y'}, {"yr", 'y'}, {"year", 'y'}, {"years", 'y'},
	};
	if (*s++ != '+')
		return false;
	int nd;
	int v = read_num(&s, 4, &nd);
	if (v < 0)
		return false;
	s = skip_spaces(s);
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		if (strcmp(s, units[i].word))
			continue;
		switch (units[i].unit) {
		case 'd': *out = date_from_days(date_to_days(today) + v); break;
		case 'w': *out = date_from_days(date_to_days(today) + 7L * v); break;
		case 'm': *out = date_add_months(today, v); break;
		default: *out = date_add_months(today, 12 * v); break;
		}
		return true;
	}
	return false;
}

/* The last day of month m in year y, or of the next such month from today when y is 0. */
static date_t typed_month_end(int y, int m, date_t today)
{
	int year = y ? y : today.y;
	date_t d = {year, m, date_days_in_month(year, m)};
	if (!y && date_cmp(d, today) < 0)
		d = (date_t){year + 1, m, date_days_in_month(year + 1, m)};
	return d;
}

/* "end of march", "end of mar 2027", "end of month", "end of year". */
static bool typed_end_of(const char *s, date_t today, date_t *out)
{
	if (strncmp(s, "end of ", 7))
		return false;
	s = skip_spaces(s + 7);
	if (!strcmp(s, "month") || !strcmp(s, "the month")) {
		*out = typed_month_end(today.y, today.m, today);
		return true;
	}
	if (!strcmp(s, "year") || !strcmp(s, "the year")) {
		*out = (date_t){today.y, 12, 31};
		return true;
	}
	date_point p;
	size_t k = date_point_at(s, &p);
	if (!k || s[k] || p.d || !p.m)
		return false;
	*out = typed_month_end(p.y, p.m, today);
	return true;
}

/* A day as plans print it (date_point_at), the whole text: false when it is not one. */
static bool typed_written(const char *s, date_t today, date_t *out)
{
	date_point p;
	size_t k = date_point_at(s, &p);
	if (!k || s[k] || !p.m)
		return false;
	if (!p.d && p.y) {
		*out = typed_month_end(p.y, p.m, today);
		return true;
	}
	if (!p.d)
		return false;
	*out = (date_t){p.y ? p.y : today.y, p.m, p.d};
	/* Day and month alone: the next such day (29 February waits for a leap year). */
	for (int i = 0; !p.y && i < 8 && (!date_valid(*out) || date_cmp(*out, today) < 0); i++)
		out->y++;
	return true;
}

int date_parse_typed(const char *text, date_t today, date_t *out, ab_err *err)
{
	char s[64];
	const char *t = skip_spaces(text ? text : "");
	size_t n = strlen(t);
	while (n && t[n - 1] == ' ')
		n--;
	if (n >= sizeof s)
		n = sizeof s - 1; /* longer than any date: it will not read as one */
	for (size_t i = 0; i < n; i++)
		s[i] = (char)tolower((unsigned char)t[i]);
	s[n] = 0;
	date_t d = {0, 0, 0};
	bool read = date_parse_iso(s, &d) || typed_relative(s, today, &d) ||
		    typed_end_of(s, today, &d) || typed_written(s, today, &d);
	if (!strcmp(s, "today"))
		d = today, read = true;
	else if (!strcmp(s, "tomorrow"))
		d = date_from_days(date_to_days(today) + 1), read = true;
	if (!read)
		return err_set(err, EX_DATAERR,
			       "'%s' is not a date: write 2027-03-31, 31/03/2027, 31 Mar 2027, "
			       "+2w, +10d, +3m, end of march, today or tomorrow",
			       s);
	if (!date_valid(d))
		return err_set(err, EX_DATAERR, "'%s' is not a day of the calendar", s);
	*out = d;
	return 0;
}

/* ---- target text ------------------------------------------------------------------ */

/* The token after s[*i]: a run of letters, a run of digits, or one '/' or '-'; other
 * characters separate tokens. Returns its length (0 at the end) and its start in *at. */
static size_t target_token(const char *s, size_t *i, size_t *at)
{
	while (s[*i] && !is_alnum(s[*i]) && s[*i] != '/' && s[*i] != '-')
		(*i)++;
	*at = *i;
	if (!s[*i])
		return 0;
	if (s[*i] == '/' || s[*i] == '-')
		(*i)++;
	else if (is_digit(s[*i]))
		while (is_digit(s[*i]))
			(*i)++;
	else
		while (is_alpha(s[*i]))
			(*i)++;
	return *i - *at;
}

static bool word_is(const char *s, size_t n, const char *w)
{
	return n == strlen(w) && !strncasecmp(s, w, n);
}

/* A date the target names: the first is the due date; a date named again counts once.
 * A plan meant to give one date per action; several ("March 2027 (interim), September
 * 2027 (full)") keep the first, so that the action falls due, rather than the last. */
static void target_add_date(date_target *t, date_t d)
{
	for (size_t j = 0; j < t->ndates && j < DATE_TARGET_DATES; j++)
		if (!date_cmp(t->dates[j], d))
			return;
	if (!t->has_due) {
		t->has_due = true;
		t->due = d;
	}
	if (t->ndates < DATE_TARGET_DATES)
		t->dates[t->ndates] = d;
	t->ndates++;
}

void date_parse_target(const char *text, date_target *out)
{
	const char *s = text ? text : "";
	memset(out, 0, sizeof *out);
	out->status = model_status_name(STATUS_PLANNED);
	bool completed = false, ongoing = false, progress = false;
	size_t ntok = 0, i = 0, at, n, prev_at = 0, prev_n = 0;
	while ((n = target_token(s, &i, &at))) {
		const char *t = s + at;
		if (ntok == 0)
			completed = word_is(t, n, "completed") || word_is(t, n, "complete");
		else if (ntok == 1 && word_is(s + prev_at, prev_n, "complete"))
			completed = false; /* "Complete the review by …" is a plan, not a status */
		ongoing = ongoing || word_is(t, n, "ongoing");
		progress = progress || (ntok && word_is(s + prev_at, prev_n, "in") && word_is(t, n, "progress"));
		/* Dates may come after any words: "… audited throughout the year. January 2023". */
		date_t d;
		size_t k = date_due_at(t, &d);
		if (k) {
			target_add_date(out, d);
			i = at + k;
		}
		ntok++;
		prev_at = at, prev_n = n;
	}
	if (completed)
		out->status = model_status_name(STATUS_COMPLETED);
	else if (ongoing || progress)
		out->status = model_status_name(STATUS_IN_PROGRESS);
	out->understood = out->has_due || completed || ongoing || progress;
}
