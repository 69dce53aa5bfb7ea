/*
 * report_priv — what the report's walk (report.c) hands to its formats (html.c,
 * markdown.c): one plan in memory, the words every format uses, and the table of
 * operations a format fills in. Included only inside render/.
 *
 * Contract: a report_plan and every string in it are owned by report.c and valid while the
 * format's operations run; formats only read them. Text from the data or the user is
 * written through the format's own `esc`.
 */
#ifndef AB_REPORT_PRIV_H
#define AB_REPORT_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../core/assess.h"
#include "render.h"

typedef struct report_item {
	int64_t id;
	char *ref, *category, *directed_to, *agreement, *agreement_note, *repeated_from, *text;
	int seq, total, done, overdue;
	/* Beside our own status (assess.c): the judgements in words ("HMIP at the IRP:
	 * insufficient progress (2023-05-11)…"), the earlier finding it repeats in words,
	 * each NULL when none; where self-report and the inspectors disagree; slips. */
	char *judged, *lineage;
	assess_gap gap;
	char *ours, *theirs; /* the two sides of a disagreement, with their dates */
	int slipped;
	long slip_days;
} report_item;

typedef struct report_action {
	int64_t id, item_id;
	char *action_id, *text, *owners, *target, *due, *due_original, *due_reason, *status;
	bool overdue;
	int slip_days; /* 0 unless its due date slipped (query_action.slip_days) */
	char *verification; /* query_action.verification: "verified", "awaiting" or NULL */
	char *amended;      /* "amendment by WHO, YYYY-MM-DD" for an action added in the tool;
			     * NULL for the plan's own */
} report_action;

typedef struct report_note {
	const report_action *action;
	char *at, *user, *note;
	char *change; /* render_event_change() of a status or due change; NULL for a note */
} report_note;

typedef struct report_owner {
	char *name;
	int by_status[STATUS_COUNT], overdue, total;
} report_owner;

typedef struct report_month {
	int y, m;
	int total, done, overdue; /* done: completed or cancelled */
} report_month;

typedef struct report_plan {
	char *est, *est_name, *cycle, *scheme, *inspection, *published, *submitted;
	report_item *items;
	size_t nitems, citems;
	report_action *actions;
	size_t nactions, cactions;
	report_note *notes;
	size_t nnotes, cnotes;
	report_owner *owners; /* most actions first */
	size_t nowners, cowners;
	report_month *months; /* first due month to last, every month in between */
	size_t nmonths;
	int by_status[STATUS_COUNT], overdue, undated;
	int verified;         /* of the completed: verified by a second person (verify.h) */
	int agreement[3];     /* items agreed, partly agreed, not agreed */
	char *clock;          /* the statutory clocks in words (statutory.h); NULL when none */
	bool judged;          /* some item of the plan has a judgement */
	char **strings;       /* every string above, freed with the plan */
	size_t nstrings, cstrings;
} report_plan;

/* ---- words (report_words.c) --------------------------------------------------------- */


/* The status's index (model_status); an unknown one counts as planned. */
int report_status_index(const char *status);
/* "Priority concern", "Key recommendation", ... as the plan's scheme names them. */
const char *report_category_label(const report_plan *p, const char *category);
/* Agreement is recorded, and so reported, only under the recommendations scheme. */
bool report_has_agreement(const report_plan *p);
/* "Agreed", "Partly agreed", "Not agreed"; NULL for NULL. */
const char *report_agreement_label(const char *agreement);
/* "18 July 2022" from an ISO date; the text itself when it is not one. */
void report_long_date(const char *iso, char *buf, size_t n);
/* How late an action is, as people say it ("3 yr 10 mo"; date_span_text()), from the
 * days late the format was given. */
void report_late_text(const report_action *a, long days_late, char *buf, size_t n);
/* "18 July 2022 to 19 July 2022, 25 July 2022 to 29 July 2022" from "from/to;from/to". */
void report_inspection_text(const char *spec, char *buf, size_t n);

/* ---- the plan's memory (report_keep.c) ---------------------------------------------- */

/* A copy of s kept with the plan (freed with it); NULL for NULL. */
char *report_keep(report_plan *p, const char *s);

/* ---- beside our own status (assess.c) ----------------------------------------------- */

/* A table a report section shows: `ncols` headings and `nrows` rows of cells. */
typedef struct report_table {
	const char *cls;      /* what the section is, for HTML's class: "gaps", "slips", ... */
	const char *title, *intro; /* intro may be NULL */
	size_t ncols, nrows;
	const char *const *head;
	const char *const *cells; /* row by row */
} report_table;


/* ---- formats ------------------------------------------------------------------------ */

/*
 * What goes in a report is decided once, by the walk in report.c: which plans, items,
 * actions and notes, in which order, and the headings that depend on the options. A
 * format only says how each part looks: functions for the parts that carry data, strings
 * for the fixed markup that closes them ("" where the format has none).
 */
typedef struct report_format {
	void (*esc)(FILE *fp, const char *s); /* every text that comes from the data or the user */
	void (*begin)(FILE *fp, const render_report_opts *o); /* the title, up to "As at DATE" */
	void (*plan)(FILE *fp, const report_plan *p, date_t today); /* heading, figures, charts */
	void (*item)(FILE *fp, const report_plan *p, const report_item *it); /* to its actions */
	void (*action)(FILE *fp, const report_plan *p, const report_action *a, const char *owners,
		       long days_late);
	void (*note)(FILE *fp, const report_note *note);
	void (*end)(FILE *fp, const render_report_opts *o); /* after the plans; NULL: nothing */
	void (*table)(FILE *fp, const report_table *t);      /* a section of assess.c */
	const char *strong[2];     /* around the owner's name in the scope line */
	const char *scope_end;     /* after the scope line */
	const char *actions_end;   /* after an item's actions */
	const char *notes_head[2]; /* around "Notes since DATE" */
	const char *notes_end, *item_end, *plan_end;
	const char *no_plan;       /* when no plan has a matching action */
} report_format;

extern const report_format report_html, report_markdown;

/* Reads the plan's judgements, links and clocks into its items and p->clock (assess.c). */
int report_assess_load(store *st, report_plan *p, date_t today, ab_err *err);
/* The sections before the plan's items: where our status and the inspectors' disagree,
 * and the slipped due dates per item and per owner. */
void report_assess_write(FILE *fp, const report_format *f, const report_plan *p);
/* After an establishment's plans: its findings that repeat earlier ones (those of `cycle`
 * when given), with the earlier one's agreement and HMIP's judgement of it. */
int report_assess_repeats(store *st, FILE *fp, const report_format *f, const char *est,
			  const char *est_name, const char *cycle, ab_err *err);

#endif
