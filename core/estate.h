/*
 * estate — the whole estate at a glance: each establishment with its latest plan's
 * figures, and an owner's actions across many plans, found without loading the estate.
 *
 * Contract:
 * - estate_establishments() streams one row per establishment, by code, with its latest
 *   live plan (latest inspection; NULL cycle when it has none) and that plan's counts,
 *   and the overdue actions of all its live plans. Counts follow rules.h.
 * - estate_owner_actions() streams the live actions one or more owners hold (names or
 *   aliases), in the establishment `establishment` or (NULL) across the estate: grouped
 *   by plan (establishments by code, plans by date), within a plan the overdue first
 *   (earliest due first), then the rest in plan order. Each row carries only ids: the
 *   caller fetches the rows it shows (query_filter.ids), so a long list costs 16 bytes an
 *   action, never its text.
 * - estate_owner_names() streams the owners a picker offers.
 * Row strings are valid only during the callback; a non-zero callback result stops the
 * stream and is returned. Nothing writes.
 */
#ifndef AB_ESTATE_H
#define AB_ESTATE_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "err.h"
#include "store.h"

typedef struct estate_row {
	const char *code, *name;
	const char *description, *region, *function; /* NULL when the YAML gives none */
	int plans;                                   /* live plans */
	const char *cycle, *scheme, *inspection_start; /* the latest plan; NULL when none */
	int items, actions, open, overdue, completed;  /* of the latest plan */
	int verified;                                  /* of its completed: verified (verify.h) */
	int overdue_all;                               /* overdue in all its live plans */
} estate_row;

typedef int (*estate_row_fn)(const estate_row *row, void *ctx);
int estate_establishments(store *st, date_t today, estate_row_fn fn, void *ctx, ab_err *err);

typedef struct estate_action {
	int64_t action, cycle; /* database ids */
	int overdue;           /* 1 when overdue */
} estate_action;

#define ESTATE_MAX_OWNERS 16

typedef int (*estate_action_fn)(const estate_action *row, void *ctx);
int estate_owner_actions(store *st, const char *const *owners, size_t nowners,
			 const char *establishment, date_t today, estate_action_fn fn, void *ctx,
			 ab_err *err);

/* The names of the owners who hold live actions in `establishment` (NULL: anywhere), by
 * name: what an owner picker offers. */
typedef int (*estate_name_fn)(const char *name, void *ctx);
int estate_owner_names(store *st, const char *establishment, estate_name_fn fn, void *ctx,
		       ab_err *err);

#endif
