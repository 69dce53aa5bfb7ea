/* statutory — see statutory.h. */
#include "statutory.h"

#include <stdio.h>
#include <string.h>

#include "assess_sql.h"
#include "store_priv.h"

date_t statutory_add_months(date_t d, int n)
{
	int m0 = d.y * 12 + (d.m - 1) + n;
	date_t r = {m0 / 12, m0 % 12 + 1, d.d};
	int last = date_days_in_month(r.y, r.m);
	if (r.d > last)
		r.d = last;
	return r;
}

/* The latest `to` of "from/to;from/to"; false when there is none. */
static bool statutory_last_day(const char *spec, date_t *out)
{
	bool found = false;
	for (const char *p = spec ? spec : ""; *p;) {
		size_t len = strcspn(p, ";");
		const char *slash = memchr(p, '/', len);
		char to[DATE_ISO_LEN] = "";
		if (slash)
			snprintf(to, sizeof to, "%.*s", (int)(len - (size_t)(slash - p) - 1), slash + 1);
		date_t d;
		if (date_parse_iso(to, &d) && (!found || date_cmp(d, *out) > 0)) {
			*out = d;
			found = true;
		}
		p += len + (p[len] ? 1 : 0);
	}
	return found;
}

void statutory_compute(const char *inspection, const char *urgent, date_t today,
		       statutory_clock *out)
{
	memset(out, 0, sizeof *out);
	date_t end, un;
	long t = date_to_days(today);
	if (statutory_last_day(inspection, &end)) {
		date_t opens = statutory_add_months(end, STATUTORY_IRP_FROM_MONTHS);
		date_t closes = statutory_add_months(end, STATUTORY_IRP_TO_MONTHS);
		date_format_iso(end, out->inspection_end);
		date_format_iso(opens, out->irp_opens);
		date_format_iso(closes, out->irp_closes);
		long o = date_to_days(opens), c = date_to_days(closes);
		out->irp_phase = t < o ? STATUTORY_BEFORE : t <= c ? STATUTORY_OPEN : STATUTORY_CLOSED;
		out->irp_days = t < o ? o - t : t <= c ? c - t : t - c;
	}
	if (urgent && date_parse_iso(urgent, &un)) {
		date_t due = date_from_days(date_to_days(un) + STATUTORY_UN_DAYS);
		date_format_iso(un, out->un_date);
		date_format_iso(due, out->un_due);
		out->un_days = date_to_days(due) - t;
	}
}

int statutory_plan(store *st, const char *establishment, const char *cycle, date_t today,
		   statutory_clock *out, ab_err *err)
{
	sqlite3_stmt *s; /* kept: `summary` reads it once per plan */
	if (store_prepare_kept(st,
			  "SELECT c.inspection, c.urgent_notification, (SELECT min(j.date)"
			  " FROM judgement j JOIN item i ON i.id = j.item_id"
			  " WHERE i.cycle_id = c.id AND i.retired = 0 AND j.source = 'irp'"
			  " AND " ASSESS_LIVE("j") ")"
			  " FROM cycle c JOIN establishment e ON e.id = c.establishment_id"
			  " WHERE e.code = ?1 AND c.code = ?2 AND c.retired = 0",
			  &s, err))
		return err->code;
	store_bind_text(s, 1, establishment);
	store_bind_text(s, 2, cycle);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		statutory_compute(store_col(s, 0), store_col(s, 1), today, out);
		snprintf(out->irp_held, sizeof out->irp_held, "%s", store_col(s, 2) ? store_col(s, 2) : "");
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return err_set(err, EX_DATAERR, "no plan %s/%s", establishment, cycle);
	return rc == SQLITE_ROW ? 0 : store_fail(st, err, "reading the plan's dates");
}

void statutory_phase_words(const statutory_clock *c, bool brief, util_buf *b)
{
	switch (c->irp_phase) {
	case STATUTORY_BEFORE:
		util_buf_printf(b, "opens in %ld days", c->irp_days);
		break;
	case STATUTORY_OPEN:
		util_buf_printf(b, brief ? "open, %ld days left" : "open now, closes in %ld days",
				c->irp_days);
		break;
	case STATUTORY_CLOSED:
		if (brief)
			util_buf_puts(b, "closed");
		else
			util_buf_printf(b, "closed %ld days ago", c->irp_days);
		break;
	case STATUTORY_NONE:
		break;
	}
}

void statutory_urgent_state(const statutory_clock *c, bool brief, util_buf *b)
{
	long d = c->un_days;
	if (d < 0 && brief)
		util_buf_puts(b, "passed");
	else if (d < 0)
		util_buf_printf(b, "passed %ld days ago", -d);
	else if (d == 0)
		util_buf_puts(b, "due today");
	else
		util_buf_printf(b, "%ld days left", d);
}

static void statutory_urgent_words(const statutory_clock *c, bool brief, util_buf *b)
{
	if (brief) {
		util_buf_printf(b, "UN response due %s: ", c->un_due);
	} else {
		util_buf_printf(b, "Urgent Notification %s: response due %s, %d days after it (",
				c->un_date, c->un_due, STATUTORY_UN_DAYS);
	}
	statutory_urgent_state(c, brief, b);
	if (!brief)
		util_buf_puts(b, ")");
}

void statutory_describe(const statutory_clock *c, bool brief, util_buf *b)
{
	if (c->irp_phase != STATUTORY_NONE) {
		if (brief)
			util_buf_printf(b, "IRP %s–%s: ", c->irp_opens, c->irp_closes);
		else
			util_buf_printf(b, "IRP window %s to %s (%d to %d months after the inspection's "
					"last day, %s): ", c->irp_opens, c->irp_closes,
					STATUTORY_IRP_FROM_MONTHS, STATUTORY_IRP_TO_MONTHS,
					c->inspection_end);
		statutory_phase_words(c, brief, b);
		if (c->irp_held[0])
			util_buf_printf(b, brief ? ", IRP held %s" : "; an IRP judgement is recorded from %s",
					c->irp_held);
	}
	if (c->un_date[0]) {
		if (c->irp_phase != STATUTORY_NONE)
			util_buf_puts(b, "; ");
		statutory_urgent_words(c, brief, b);
	}
}
