/* report_words — the words every report format uses (report_priv.h): month names, status,
 * category and agreement labels, dates and lateness as people say them. Below report.c,
 * html.c, markdown.c and assess.c, and calls none of them. */
#include <stdio.h>
#include <string.h>

#include "report_priv.h"

int report_status_index(const char *status)
{
	int s = status ? model_status_parse(status) : -1;
	return s < 0 ? STATUS_PLANNED : s;
}

const char *report_category_label(const report_plan *p, const char *category)
{
	bool concerns = p->scheme && !strcmp(p->scheme, "concerns");
	if (!category)
		return "";
	if (!strcmp(category, "priority"))
		return concerns ? "Priority concern" : "Priority recommendation";
	if (!strcmp(category, "key"))
		return concerns ? "Key concern" : "Key recommendation";
	return concerns ? "General concern" : "General recommendation";
}

bool report_has_agreement(const report_plan *p)
{
	return p->scheme && !strcmp(p->scheme, "recommendations");
}

const char *report_agreement_label(const char *a)
{
	if (!a)
		return NULL;
	return !strcmp(a, "agreed") ? "Agreed" : !strcmp(a, "partly_agreed") ? "Partly agreed"
						 : "Not agreed";
}

void report_long_date(const char *iso, char *buf, size_t n)
{
	date_t d;
	if (iso && date_parse_iso(iso, &d))
		snprintf(buf, n, "%d %s %d", d.d, date_month_name(d.m), d.y);
	else
		snprintf(buf, n, "%s", iso ? iso : "");
}

void report_inspection_text(const char *spec, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = 0;
	for (const char *p = spec ? spec : ""; *p && used + 1 < n;) {
		char from[DATE_ISO_LEN] = "", to[DATE_ISO_LEN] = "", a[48], b[48];
		size_t len = strcspn(p, ";");
		const char *slash = memchr(p, '/', len);
		if (slash) {
			snprintf(from, sizeof from, "%.*s", (int)(slash - p), p);
			snprintf(to, sizeof to, "%.*s", (int)(len - (size_t)(slash - p) - 1), slash + 1);
		}
		report_long_date(from, a, sizeof a);
		report_long_date(to, b, sizeof b);
		int w = snprintf(buf + used, n - used, "%s%s to %s", used ? ", " : "", a, b);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
		p += len + (p[len] ? 1 : 0);
	}
}

void report_late_text(const report_action *a, long days_late, char *buf, size_t n)
{
	date_t due;
	if (!a->due || !date_parse_iso(a->due, &due)) {
		snprintf(buf, n, "%ld days", days_late);
		return;
	}
	date_span_text(due, date_from_days(date_to_days(due) + days_late), buf, n);
}
