/*
 * estate — the whole estate at a glance: each establishment with the figures of the plans
 * that still matter, and an owner's actions across many plans, found without loading the
 * estate.
 *
 * Contract:
 * - What the overview counts is defined once, here: an establishment's plans that are
 *   "covered" are its latest live plan (latest inspection) and every live plan that still
 *   has an open action; their live actions are counted as open, overdue (rules.h) and
 *   completed, and their live items. So an overdue action is never hidden because a newer
 *   plan was published, and a plan with nothing left open drops out.
 * - estate_establishments() streams one row per establishment, by code, with its latest
 *   live plan (NULL cycle when it has none) and the sums over its covered plans;
 *   estate_establishment() the row of one establishment (code; none if unknown), for a
 *   dashboard updating only the rows that changed (counts.h).
 * - estate_plans() streams one establishment's (NULL: every establishment's) covered
 *   plans, latest first, with their figures (those estate_establishments() sums).
 * - estate_owner_actions() streams the live actions one or more owners hold (names or
 *   aliases), in the establishment `establishment` or (NULL) across the estate (or the
 *   establishments `within`): grouped
 *   by plan (establishments by code, plans by date), within a plan the overdue first
 *   (earliest due first), then the rest in plan order. Each row carries only ids: the
 *   caller fetches the rows it shows (query_filter.ids), so a long list costs 16 bytes an
 *   action, never its text.
 * - estate_owner_plans() streams the plans of that list with what it holds of each, from
 *   the kept figures, and estate_owner_plan_actions() one plan's lines: the list read a
 *   plan at a time (tui/span.h).
 * - estate_owner_names() streams the owners a picker offers; estate_names_number() says
 *   when they may have changed.
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
	int covered;                                 /* of them, those counted below */
	const char *cycle, *scheme, *inspection_start; /* the latest plan; NULL when none */
	int items, actions, open, overdue, completed;  /* of the covered plans */
	int verified;                                  /* of their completed: verified (verify.h) */
} estate_row;

typedef int (*estate_row_fn)(const estate_row *row, void *ctx);
int estate_establishments(store *st, date_t today, estate_row_fn fn, void *ctx, ab_err *err);
int estate_establishment(store *st, date_t today, const char *code, estate_row_fn fn, void *ctx,
			 ab_err *err);

typedef struct estate_plan {
	const char *establishment, *cycle, *scheme, *inspection_start;
	int latest;                                   /* 1 for the establishment's latest */
	int items, actions, open, overdue, completed;
} estate_plan;

typedef int (*estate_plan_fn)(const estate_plan *plan, void *ctx);
int estate_plans(store *st, const char *establishment, date_t today, estate_plan_fn fn,
		 void *ctx, ab_err *err);

typedef struct estate_action {
	int64_t action, cycle; /* database ids */
	int overdue;           /* 1 when overdue */
} estate_action;

#define ESTATE_MAX_OWNERS 16

/* `within` (nwithin, at most ESTATE_MAX_OWNERS) narrows further to those establishments,
 * the ones a user's rights stop at ("my actions"); none: anywhere. */
typedef int (*estate_action_fn)(const estate_action *row, void *ctx);
int estate_owner_actions(store *st, const char *const *owners, size_t nowners,
			 const char *establishment, const char *const *within, size_t nwithin,
			 date_t today, estate_action_fn fn, void *ctx, ab_err *err);

/* The plans estate_owner_actions() would list, in its order, with what the list holds of
 * each, read from the figures kept per plan and owner (counts.h) without reading an
 * action: `actions` and `overdue` are the owners' live actions there (the same `owners`,
 * `establishment` and `within`). When several of the owners hold actions in one plan, an
 * action they share counts once per owner: `exact` is then 0 and the plan's actions must
 * be counted (estate_owner_plan_actions()). Relies on a live action's item being live. */
typedef struct estate_owner_plan {
	int64_t cycle;         /* database id */
	int actions, overdue;
	int exact;             /* 1 when one owner alone holds actions there */
} estate_owner_plan;
typedef int (*estate_owner_plan_fn)(const estate_owner_plan *plan, void *ctx);
int estate_owner_plans(store *st, const char *const *owners, size_t nowners,
		       const char *establishment, const char *const *within, size_t nwithin,
		       date_t today, estate_owner_plan_fn fn, void *ctx, ab_err *err);
/* The lines of one plan (cycle id) of estate_owner_actions(), in its order. */
int estate_owner_plan_actions(store *st, const char *const *owners, size_t nowners,
			      int64_t cycle, date_t today, estate_action_fn fn, void *ctx,
			      ab_err *err);

/* The live actions of plan `cycle` (all its owners'), kept (counts.h), into *actions: the
 * most estate_owner_plan_actions() walks (a plan whose action ids lie together, as a sync
 * writes them, costs it mostly the owners' actions in that range of ids). */
int estate_plan_size(store *st, int64_t cycle, int *actions, ab_err *err);
/* The plan (cycle id) of action `action` into *cycle; 0 when there is no such action. */
int estate_action_plan(store *st, int64_t action, int64_t *cycle, ab_err *err);

/* The owners who hold live actions in `establishment` (NULL: anywhere), by name: what an
 * owner picker offers. A local owner (owner.shared = 0) comes once per establishment it
 * holds actions in, with that establishment's code; an owner the estate shares once,
 * with a NULL code. */
typedef int (*estate_name_fn)(const char *name, const char *establishment, void *ctx);
int estate_owner_names(store *st, const char *establishment, estate_name_fn fn, void *ctx,
		       ab_err *err);
/* A number that moves whenever what estate_owner_names() gives may have changed, and not
 * with a status, a date or a note (counts_sql.h: names_change), into *number: a picker
 * keeps the names it read with it. */
int estate_names_number(store *st, int64_t *number, ab_err *err);

#endif
