/*
 * query — reading actions and items for lists, reports and the dashboard.
 *
 * Contract: each query streams rows in plan order (establishments by code, cycles by date,
 * items and actions as the plan gives them), or in the order query_filter.sort asks for,
 * to a callback; row strings are valid only during the callback. Retired rows are never
 * returned. A filter field left NULL/0 does not filter. Filters that concern actions
 * (owner, status, open, overdue, due_within, search) also narrow the item counts to the
 * matching actions, and items with no matching action are left out. Returning non-zero
 * from the callback stops the query and is returned.
 * "Open", the effective due date and "overdue" (against the filter's today) are those of
 * core/rules.h: SQL elsewhere in core uses action.is_open, action.due_effective and
 * RULES_OVERDUE() from there, never its own spelling.
 */
#ifndef AB_QUERY_H
#define AB_QUERY_H

#include <stdbool.h>
#include <stdint.h>

#include "date.h"
#include "err.h"
#include "store.h"

/*
 * The order of the rows; every sort ends in plan order, so equal rows keep the plan's.
 *   PLAN   the plan's order (above).
 *   DUE    by effective due date, earliest first; rows without one last. An item sorts by
 *          the earliest due date of its open (matching) actions.
 *   LATE   overdue first, most days late first, then the rest by due date as DUE; an item
 *          sorts by its most overdue open action.
 *   OWNER  actions by their owners' names (first owner first, case-insensitive), actions
 *          without an owner last. Not defined for items: query_items() refuses it
 *          (EX_USAGE).
 *   REF    by establishment and cycle as in plan order, then by item ref and action id
 *          compared as people read them: numbers as numbers ("1.2" before "1.10", "S9"
 *          before "S37"), letters without regard to case.
 */
typedef enum query_sort {
	QUERY_SORT_PLAN = 0,
	QUERY_SORT_DUE,
	QUERY_SORT_LATE,
	QUERY_SORT_OWNER,
	QUERY_SORT_REF,
} query_sort;

/* The "due soon" window in days, the one for every front end: summary's SOON column by
 * default, the dashboard's d filter and its "due soon" mark. QUERY_DUE_SOON_TEXT is the
 * same number for help texts. */
#define QUERY_DUE_SOON_DAYS 30
#define QUERY_STR_(x) #x
#define QUERY_STR(x) QUERY_STR_(x)
#define QUERY_DUE_SOON_TEXT QUERY_STR(QUERY_DUE_SOON_DAYS)

typedef struct query_filter {
	const char *establishment; /* code */
	const char *cycle;         /* cycle id */
	const char *category;      /* the item's category: "priority", "key" or "general" */
	const char *owner;         /* canonical name or alias */
	const char *status;        /* canonical status name */
	bool open;                 /* only open actions (rules.h: not completed or cancelled) */
	bool overdue;
	int due_within;            /* days from today; 0 = no filter */
	const char *search;        /* words of item or action text or current notes (search.h) */
	int64_t item_id;           /* 0 = all items */
	bool slipped;              /* only actions whose due date slipped (rules.h) */
	const char *agreement;     /* the item's agreement: "agreed", "partly_agreed", "not_agreed" */
	const char *judged;        /* the inspectors' judgement that counts now (the latest of the
				    * IRP's and the inspection's, assess_sql.h): a judgement value
				    * (judge.h), or "none" for items without one */
	const int64_t *ids;        /* query_actions only: these actions (database ids), in this */
	size_t nids;               /* order, those the other filters pass; nids 0 = all */
	date_t today;
	query_sort sort;           /* 0 = QUERY_SORT_PLAN */
} query_filter;

#define QUERY_OWNER_SEP '\x1f' /* between names in query_action.owners */

typedef struct query_action {
	int64_t id, item_id, version;
	const char *establishment, *cycle, *scheme;
	const char *item_ref;
	int item_seq; /* 0 when none */
	const char *category, *directed_to, *agreement; /* directed_to, agreement may be NULL */
	const char *action_id, *text, *owners, *target;
	const char *item_text;    /* the finding the action answers */
	const char *establishment_name;
	const char *due;          /* effective due (revised or derived), NULL when none */
	const char *due_original; /* derived from the target, NULL when none */
	const char *due_reason;   /* why it was revised, NULL when not */
	const char *status;
	bool overdue;
	const char *updated_by, *updated_at;
	/* The latest note still in effect (given alone or with a change), who wrote it and when;
	 * NULL if none. A retracted note is not the latest; a correction stands in place of the
	 * note it corrects. */
	const char *last_note, *last_note_by, *last_note_at;
	int slip_days; /* how many days the due date slipped (rules.h); 0 when it did not */
	/* A second person's sign-off (core/verify.h, rules.h RULES_VERIFICATION): "verified",
	 * "awaiting" (completed, its plan asks for verification) or NULL; who and when, NULL
	 * while not verified. */
	const char *verification, *verified_by, *verified_at;
	/* "plan" (from its plan file) or "amendment" (added in the tool, amend.h), and who
	 * amended it last and when (NULL for the plan's) */
	const char *origin, *amended_by, *amended_at;
} query_action;

typedef struct query_item {
	int64_t id;
	const char *establishment, *cycle, *scheme, *ref;
	int seq;
	const char *category, *directed_to, *agreement, *agreement_note, *repeated_from, *text;
	int actions_total, actions_completed, actions_overdue;
	int actions_open, actions_slipped; /* open, and due date slipped (rules.h) */
	long slip_days;                    /* the slipped actions' days in all */
} query_item;

typedef struct query_owner {
	const char *name;
	const char *establishment; /* a local owner's (code); NULL for an owner the estate shares */
	int total, open, overdue, completed;
} query_owner;

typedef int (*query_action_fn)(const query_action *row, void *ctx);
typedef int (*query_item_fn)(const query_item *row, void *ctx);

int query_actions(store *st, const query_filter *f, query_action_fn fn, void *ctx, ab_err *err);
int query_items(store *st, const query_filter *f, query_item_fn fn, void *ctx, ab_err *err);
/* Owners with actions in the filter's establishment/cycle, by name, with their counts
 * (open = not completed or cancelled). A local owner (owner.shared = 0) has one row per
 * establishment, by code; an owner the estate shares one row. Only the place filters
 * apply. */
typedef int (*query_owner_fn)(const query_owner *row, void *ctx);
int query_owners(store *st, const query_filter *f, query_owner_fn fn, void *ctx, ab_err *err);

/*
 * Checks that the filter names things that exist, so that a typo is an error rather than
 * an empty list: an unknown establishment, cycle or owner is EX_DATAERR naming it.
 */
int query_check_filter(store *st, const query_filter *f, ab_err *err);

#endif
