#include "date.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	*out = (date_t){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
	return 0;
}

/* ---- target text ------------------------------------------------------------------ */

enum { TOK_NUM, TOK_WORD, TOK_SLASH, TOK_DASH };

typedef struct tok {
	int type;
	int len;      /* digits or letters */
	long num;     /* TOK_NUM */
	char word[16]; /* TOK_WORD, lower case, truncated */
} tok;

#define MAX_TOKS 256

/*
 * Splits a target into tokens. A target longer than `max` tokens keeps its last `max`
 * (in order): the date that counts is the last one, as in "… audited throughout the
 * year. January 2023".
 */
static int target_tokenize(const char *s, tok *t, int max)
{
	long n = 0;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		tok k = {.type = -1};
		if (isdigit(c)) {
			k.type = TOK_NUM;
			for (; isdigit((unsigned char)*s); s++, k.len++)
				if (k.len < 9)
					k.num = k.num * 10 + (*s - '0');
		} else if (isalpha(c)) {
			k.type = TOK_WORD;
			for (; isalpha((unsigned char)*s); s++, k.len++)
				if (k.len < (int)sizeof k.word - 1)
					k.word[k.len] = (char)tolower((unsigned char)*s);
		} else {
			k.type = c == '/' ? TOK_SLASH : c == '-' ? TOK_DASH : -1;
			s++;
		}
		if (k.type >= 0)
			t[n++ % max] = k;
	}
	if (n <= max)
		return (int)n;
	/* The ring wrapped: rotate it so that the oldest kept token comes first. */
	tok tmp[MAX_TOKS];
	int start = (int)(n % max);
	memcpy(tmp, t + start, (size_t)(max - start) * sizeof *t);
	memcpy(tmp + (max - start), t, (size_t)start * sizeof *t);
	memcpy(t, tmp, (size_t)max * sizeof *t);
	return max;
}

static int target_month(const tok *k)
{
	static const char *names[] = {"january", "february", "march",     "april",
				      "may",     "june",     "july",      "august",
				      "september", "october", "november", "december"};
	if (k->type != TOK_WORD || k->len < 3 || k->len >= (int)sizeof k->word)
		return 0;
	for (int m = 0; m < 12; m++) {
		size_t full = strlen(names[m]);
		/* Full name, or an abbreviation of at least three letters ("Sept", "Dec"). */
		if ((size_t)k->len <= full && strncmp(names[m], k->word, (size_t)k->len) == 0)
			return m + 1;
	}
	return 0;
}

static bool tok_num(const tok *t, int n, int i, int minlen, int maxlen)
{
	return i < n && t[i].type == TOK_NUM && t[i].len >= minlen && t[i].len <= maxlen;
}

static bool tok_is(const tok *t, int n, int i, int type)
{
	return i < n && t[i].type == type;
}

/* Tries every date form at token i; on a match stores the date and returns the number
 * of tokens it used, else 0. */
static int target_date_at(const tok *t, int n, int i, date_t *out)
{
	date_t d;
	/* 12/05/2020 (day first, as published in the UK) */
	if (tok_num(t, n, i, 1, 2) && tok_is(t, n, i + 1, TOK_SLASH) && tok_num(t, n, i + 2, 1, 2) &&
	    tok_is(t, n, i + 3, TOK_SLASH) && tok_num(t, n, i + 4, 4, 4)) {
		d = (date_t){(int)t[i + 4].num, (int)t[i + 2].num, (int)t[i].num};
		if (date_valid(d)) {
			*out = d;
			return 5;
		}
	}
	/* 2024/2025, 2024/25, 2024-25: a financial year, which ends on 31 March. */
	if (tok_num(t, n, i, 4, 4) && (tok_is(t, n, i + 1, TOK_SLASH) || tok_is(t, n, i + 1, TOK_DASH)) &&
	    (tok_num(t, n, i + 2, 2, 2) || tok_num(t, n, i + 2, 4, 4))) {
		long y1 = t[i].num, y2 = t[i + 2].num;
		if (t[i + 2].len == 2)
			y2 += (y1 / 100) * 100;
		if (y2 == y1 + 1) {
			*out = (date_t){(int)y2, 3, 31};
			return 3;
		}
	}
	/* 12 May 2020, 12th May 2020 */
	int j = i + 1;
	if (tok_num(t, n, i, 1, 2)) {
		if (j < n && t[j].type == TOK_WORD && (!strcmp(t[j].word, "st") || !strcmp(t[j].word, "nd") ||
						       !strcmp(t[j].word, "rd") || !strcmp(t[j].word, "th")))
			j++;
		if (j < n && target_month(&t[j]) && tok_num(t, n, j + 1, 4, 4)) {
			d = (date_t){(int)t[j + 1].num, target_month(&t[j]), (int)t[i].num};
			if (date_valid(d)) {
				*out = d;
				return j + 2 - i;
			}
		}
	}
	/* March 2023: the last day of the month */
	if (target_month(&t[i]) && tok_num(t, n, i + 1, 4, 4)) {
		int y = (int)t[i + 1].num, m = target_month(&t[i]);
		*out = (date_t){y, m, date_days_in_month(y, m)};
		return 2;
	}
	return 0;
}

static bool target_has_word(const tok *t, int n, const char *w)
{
	for (int i = 0; i < n; i++)
		if (t[i].type == TOK_WORD && !strcmp(t[i].word, w))
			return true;
	return false;
}

void date_parse_target(const char *text, date_target *out)
{
	tok t[MAX_TOKS];
	int n = target_tokenize(text ? text : "", t, MAX_TOKS);
	memset(out, 0, sizeof *out);
	out->status = "planned";

	/* The last date mentioned wins: "… audited throughout the year. January 2023". */
	for (int i = 0; i < n;) {
		date_t d;
		int used = target_date_at(t, n, i, &d);
		if (used) {
			out->has_due = true;
			out->due = d;
		}
		i += used ? used : 1;
	}
	bool keyword = false;
	/* "Completed", or a bare "Complete"; not "Complete the review by March 2023". */
	if (n > 0 && t[0].type == TOK_WORD &&
	    (!strcmp(t[0].word, "completed") || (n == 1 && !strcmp(t[0].word, "complete")))) {
		out->status = "completed";
		keyword = true;
	} else if (target_has_word(t, n, "ongoing")) {
		out->status = "in_progress";
		keyword = true;
	} else {
		for (int i = 0; i + 1 < n; i++)
			if (t[i].type == TOK_WORD && t[i + 1].type == TOK_WORD && !strcmp(t[i].word, "in") &&
			    !strcmp(t[i + 1].word, "progress")) {
				out->status = "in_progress";
				keyword = true;
			}
	}
	out->understood = out->has_due || keyword;
}
