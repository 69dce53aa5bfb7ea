/*
 * report — progress reports on a plan or an owner's slice (Markdown and HTML), the
 * per-plan figures behind `actionboard summary`, and finding what `show` names.
 *
 * Contract:
 * - report_write() writes one report to `fp`: one section per plan (cycle) that matches the
 *   options, each with its figures, status per owner, actions by due month, and per item
 *   its agreement, actions done/total, overdue actions with owners and days late, and the
 *   notes recorded on or after `since`. HTML is one self-contained document: inline CSS and
 *   SVG, no script, no reference to anything outside the file; every text is escaped.
 *   An unknown establishment, cycle or owner is EX_DATAERR; a failed write EX_IOERR.
 *   Plans with no matching action are left out; with none at all the report says so.
 * - report_summary() streams one row per live plan matching the place filter; row strings
 *   are valid only during the callback.
 * - report_find() resolves what `show` was given into an item or an action; strings in
 *   the result are owned by the caller's struct (fixed buffers), nothing to free.
 * Everything reads through prepared statements with bound parameters; nothing writes.
 */
#ifndef AB_REPORT_H
#define AB_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "date.h"
#include "err.h"
#include "model.h"
#include "store.h"

typedef enum { REPORT_MARKDOWN, REPORT_HTML } report_format;

typedef struct report_opts {
	const char *establishment, *cycle; /* NULL: every one */
	const char *owner;                 /* canonical name or alias; NULL: every owner */
	const char *since;                 /* "YYYY-MM-DD": notes from that day; NULL: all */
	report_format format;
	date_t today;
	const char *version;               /* printed in the footer; may be NULL */
} report_opts;

int report_write(store *st, const report_opts *o, FILE *fp, ab_err *err);

typedef struct report_figures {
	const char *establishment, *establishment_name, *cycle, *scheme;
	int items, agreed, partly_agreed, not_agreed;
	int actions, by_status[STATUS_COUNT]; /* indexed by model_status */
	int overdue, due_soon;                /* due_soon: open, due in [today, today+days] */
} report_figures;

typedef int (*report_figures_fn)(const report_figures *row, void *ctx);
/* Figures per plan, establishments by code and plans by date. */
int report_summary(store *st, const char *establishment, const char *cycle, date_t today,
		   int soon_days, report_figures_fn fn, void *ctx, ab_err *err);

typedef struct report_ref {
	char establishment[64], cycle[64];
	int64_t item_id;        /* always set */
	char action_id[128];    /* "" when `what` names an item */
} report_ref;

/*
 * `what` is an action key ESTABLISHMENT/CYCLE/ACTION-ID, an item ESTABLISHMENT/CYCLE/REF,
 * or with `cycle` (and `establishment` when several establishments have that cycle) an
 * item ref or an action id. Unknown or ambiguous is EX_DATAERR naming it.
 */
int report_find(store *st, const char *what, const char *establishment, const char *cycle,
		report_ref *out, ab_err *err);

#endif
