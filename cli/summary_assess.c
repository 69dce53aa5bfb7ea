/*
 * What `summary` shows beyond the actions' own status (cmd_report.c calls these): how
 * many items self-report and the inspectors disagree on, the due dates that slipped, and
 * each plan's statutory clocks (core/assess.h, core/slip.h, core/statutory.h).
 */
#include <string.h>

#include "../core/out.h"
#include "../core/slip.h"
#include "../core/statutory.h"
#include "cli.h"
#include "../core/key.h"

static const char *summary_phase_name(statutory_phase p)
{
	static const char *const names[] = {[STATUTORY_NONE] = NULL, [STATUTORY_BEFORE] = "before",
					    [STATUTORY_OPEN] = "open", [STATUTORY_CLOSED] = "closed"};
	return names[p];
}

static const char *summary_or_null(const char *s)
{
	return s && *s ? s : NULL;
}

int cli_summary_assess_fields(store *st, const digest_plan *r, date_t today,
			      cli_summary_assess *x, cli_field *f, ab_err *err)
{
	memset(x, 0, sizeof *x);
	if (r->establishment && (assess_count(st, r->establishment, r->cycle, x->gaps, err) ||
				 statutory_plan(st, r->establishment, r->cycle, today, &x->clock, err)))
		return err->code;
	const statutory_clock *c = &x->clock;
	const cli_field row[CLI_SUMMARY_ASSESS_FIELDS] = {
		CLI_F_INT("ours_done", x->gaps[ASSESS_OURS_DONE]),
		CLI_F_INT("theirs_done", x->gaps[ASSESS_THEIRS_DONE]),
		CLI_F_INT("actions_slipped", r->slipped),
		CLI_F_INT("slip_days", r->slip_days),
		CLI_F_DATE("irp_window_opens", summary_or_null(c->irp_opens)),
		CLI_F_DATE("irp_window_closes", summary_or_null(c->irp_closes)),
		CLI_F_TEXT("irp_window", summary_phase_name(c->irp_phase)),
		CLI_F_DATE("irp_held", summary_or_null(c->irp_held)),
		CLI_F_DATE("urgent_notification", summary_or_null(c->un_date)),
		CLI_F_DATE("urgent_response_due", summary_or_null(c->un_due)),
	};
	memcpy(f, row, sizeof row);
	return 0;
}

/* ---- the table's blocks ------------------------------------------------------------------ */

static void summary_plural(int n, const char *one, const char *many)
{
	printf("%d %s", n, n == 1 ? one : many);
}

static int summary_slip_row(const slip_row *r, void *ctx)
{
	(void)ctx;
	char name[512];
	if (r->establishment)
		key_format(name, sizeof name, r->establishment, r->cycle, r->name);
	else
		snprintf(name, sizeof name, "%s", r->name);
	fputs("    ", stdout);
	out_cell(stdout, name, 42);
	printf(" %4d action%s %6ld days\n", r->actions, r->actions == 1 ? " " : "s", r->days);
	return 0;
}

static void summary_gaps(const int gaps[ASSESS_GAPS])
{
	puts("\nThe inspectors' judgements beside our own status:");
	for (int g = ASSESS_OURS_DONE; g < ASSESS_GAPS; g++)
		printf("  %s: %d\n", assess_gap_words((assess_gap)g), gaps[g]);
}

static int summary_slips(store *st, const char *est, const char *cycle, int actions, long days,
			 ab_err *err)
{
	fputs("\nSlipped due dates: ", stdout);
	summary_plural(actions, "action", "actions");
	printf(", %ld days in all\n", days);
	if (!actions)
		return 0;
	puts("  per owner:");
	if (slip_groups(st, est, cycle, SLIP_BY_OWNER, summary_slip_row, NULL, err))
		return err->code;
	puts("  per item:");
	return slip_groups(st, est, cycle, SLIP_BY_ITEM, summary_slip_row, NULL, err);
}

/* One plan's clocks: the IRP window, the IRP held, the Urgent Notification, a line each. */
static void summary_clock(const char *plan, const statutory_clock *c)
{
	util_buf b = {0};
	if (c->irp_phase != STATUTORY_NONE) {
		util_buf_printf(&b, "IRP window %s to %s: ", c->irp_opens, c->irp_closes);
		statutory_phase_words(c, false, &b);
	} else {
		util_buf_puts(&b, "no inspection dates, no IRP window");
	}
	cli_say(stdout, "  %-12s %s\n", plan, b.s ? b.s : "");
	util_buf_free(&b);
	if (c->irp_held[0])
		cli_say(stdout, "  %-12s IRP judgement recorded from %s\n", "", c->irp_held);
	if (c->un_date[0]) {
		statutory_urgent_state(c, false, &b);
		cli_say(stdout, "  %-12s UN %s: response due %s, %s\n", "", c->un_date, c->un_due,
			b.s ? b.s : "");
		util_buf_free(&b);
	}
}

int cli_summary_assess_table(store *st, const char *est, const char *cycle,
			     const cli_summary_assess *plans, const char *names, size_t n,
			     const digest_plan *total, ab_err *err)
{
	int gaps[ASSESS_GAPS] = {0};
	for (size_t i = 0; i < n; i++)
		for (int g = 0; g < ASSESS_GAPS; g++)
			gaps[g] += plans[i].gaps[g];
	summary_gaps(gaps);
	if (summary_slips(st, est, cycle, total->slipped, total->slip_days, err))
		return err->code;
	printf("\nStatutory clocks (IRP window: %d to %d months after the inspection's last day):\n",
	       STATUTORY_IRP_FROM_MONTHS, STATUTORY_IRP_TO_MONTHS);
	for (size_t i = 0; i < n; i++)
		summary_clock(names + i * KEY_LEN, &plans[i].clock);
	return 0;
}
