/*
 * catalog — what the database holds at the top level: establishments and their cycles,
 * with the counts a picker shows.
 *
 * Contract: catalog_cycles() streams one row per live (not retired) cycle, establishments
 * by code and cycles by date; row strings are valid only during the callback.
 */
#ifndef AB_CATALOG_H
#define AB_CATALOG_H

#include <stdbool.h>

#include "date.h"
#include "err.h"
#include "store.h"

typedef struct catalog_cycle {
	const char *establishment, *establishment_name;
	const char *cycle, *scheme;
	const char *inspection;       /* "from/to;from/to", may be "" */
	const char *inspection_start; /* YYYY-MM-DD or NULL */
	const char *report_published, *plan_submitted; /* or NULL */
	int items, actions, open, overdue, completed;
} catalog_cycle;

/* Whether the database holds no establishment yet (new, or its first sync never finished). */
int catalog_empty(store *st, bool *empty, ab_err *err);

typedef int (*catalog_cycle_fn)(const catalog_cycle *row, void *ctx);
int catalog_cycles(store *st, date_t today, catalog_cycle_fn fn, void *ctx, ab_err *err);
/* The same rows without their counts (all 0): no action is read, so the list of every
 * plan of the estate costs what the plans are, not what they hold. */
int catalog_plans(store *st, catalog_cycle_fn fn, void *ctx, ab_err *err);

#endif
