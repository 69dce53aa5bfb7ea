/*
 * statutory — the clocks that start with an inspection: the window in which HMIP's
 * Independent Review of Progress (IRP) of the plan is expected, and the deadline of the
 * public response to an Urgent Notification.
 *
 * The periods (docs/actionboard.yaml.5 gives their sources):
 *   IRP window: from 8 to 12 months after the inspection's last day (the latest `to` of
 *     its ranges), both ends included; a month later on a day the month lacks is its
 *     last day (29 February + 12 months is 28 February).
 *   Urgent Notification: the response is due 28 days after the notification's date.
 *
 * Contract: statutory_compute() is pure; statutory_plan() reads one live plan's dates
 * (EX_DATAERR for an unknown one). Nothing allocates except into the caller's util_buf.
 */
#ifndef AB_STATUTORY_H
#define AB_STATUTORY_H

#include <stdbool.h>

#include "date.h"
#include "err.h"
#include "store.h"
#include "util.h"

#define STATUTORY_IRP_FROM_MONTHS 8
#define STATUTORY_IRP_TO_MONTHS 12
#define STATUTORY_UN_DAYS 28

typedef enum {
	STATUTORY_NONE,   /* no inspection dates: no window */
	STATUTORY_BEFORE, /* today is before the window opens */
	STATUTORY_OPEN,   /* today is inside it */
	STATUTORY_CLOSED, /* today is after its last day */
} statutory_phase;

typedef struct statutory_clock {
	char inspection_end[DATE_ISO_LEN]; /* "" when the plan has no inspection dates */
	char irp_opens[DATE_ISO_LEN], irp_closes[DATE_ISO_LEN];
	statutory_phase irp_phase;
	long irp_days;                     /* BEFORE: days until it opens; OPEN: days until it
					    * closes; CLOSED: days since it closed */
	char irp_held[DATE_ISO_LEN];       /* the first IRP judgement on the plan; "" none */
	char un_date[DATE_ISO_LEN];        /* the Urgent Notification's date; "" when none */
	char un_due[DATE_ISO_LEN];
	long un_days;                      /* days until the response is due; negative: since */
} statutory_clock;

/* `inspection` as the store keeps it ("from/to;from/to"), `urgent` an ISO date or NULL. */
void statutory_compute(const char *inspection, const char *urgent, date_t today,
		       statutory_clock *out);
int statutory_plan(store *st, const char *establishment, const char *cycle, date_t today,
		   statutory_clock *out, ab_err *err);
/* d plus n months, on the same day or the month's last. */
date_t statutory_add_months(date_t d, int n);

/*
 * The clocks in words, appended to b. In full:
 *   "IRP window 2023-03-29 to 2023-07-29 (8 to 12 months after the inspection's last day,
 *    2022-07-29): closed 1213 days ago"
 * or `brief` for a header: "IRP 2023-03-29–2023-07-29: closed". With an Urgent
 * Notification, "; Urgent Notification 2022-07-29: response due 2022-08-26 (passed 10
 * days ago)" follows (brief: "; UN response due 2022-08-26: passed"). Nothing is
 * appended for a plan without inspection dates or notification.
 */
void statutory_describe(const statutory_clock *c, bool brief, util_buf *b);
/* The parts, for a caller that lays them out itself: where today stands in the IRP window
 * ("opens in 3 days", "open now, closes in 40 days", "closed 12 days ago"; brief: "open,
 * 40 days left", "closed"), and the response's state ("10 days left", "due today",
 * "passed 3 days ago"; brief: "passed"). */
void statutory_phase_words(const statutory_clock *c, bool brief, util_buf *b);
void statutory_urgent_state(const statutory_clock *c, bool brief, util_buf *b);

#endif
