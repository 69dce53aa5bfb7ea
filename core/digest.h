/*
 * digest — what reports and `show` read beyond the lists of query.h: the notes recorded
 * on a plan's actions, the figures of each plan, and what a name given to `show` refers to.
 *
 * Contract:
 * - digest_notes() streams, oldest first, the history rows of a live plan's live actions
 *   that carry a note (plain notes, and the notes given with a status change or a revised
 *   due date), from the local day `since` ("YYYY-MM-DD": from its local midnight; NULL:
 *   every day); a note retracted, corrected or undone is left out (a correction comes in
 *   its own place).
 * - digest_plans() streams one row of figures per live plan matching the place filter,
 *   establishments by code and plans by date; an unknown establishment or cycle is
 *   EX_DATAERR naming it.
 * - digest_find() resolves what `show` was given into an item or an action.
 * Row strings are valid only during the callback; a non-zero callback result stops the
 * stream and is returned. Everything reads through prepared statements with bound
 * parameters; nothing writes.
 */
#ifndef AB_DIGEST_H
#define AB_DIGEST_H

#include <stdint.h>

#include "action.h"
#include "date.h"
#include "err.h"
#include "model.h"
#include "store.h"

typedef struct digest_note {
	int64_t action;        /* the action's database id (query_action.id) */
	const char *action_id; /* its id in the plan, e.g. "1.1.3" */
	action_event event;    /* kind is "note", "status" or "due"; note is never empty */
} digest_note;

typedef int (*digest_note_fn)(const digest_note *row, void *ctx);
int digest_notes(store *st, const char *establishment, const char *cycle, const char *since,
		 digest_note_fn fn, void *ctx, ab_err *err);

typedef struct digest_plan {
	const char *establishment, *establishment_name, *cycle, *scheme;
	int items, agreed, partly_agreed, not_agreed;
	int actions, by_status[STATUS_COUNT]; /* indexed by model_status */
	int overdue, due_soon;                /* due_soon: open, due in [today, today+days] */
	int slipped;                          /* actions whose due date slipped (rules.h) */
	long slip_days;                       /* by how many days in all */
	int verified;     /* completed and verified (rules.h RULES_VERIFIED); the rest of the
			   * completed ones are "completed, not verified" */
	int verification; /* the plan asks for verification (verify.h); a total: any plan does */
} digest_plan;

typedef int (*digest_plan_fn)(const digest_plan *row, void *ctx);
int digest_plans(store *st, const char *establishment, const char *cycle, date_t today,
		 int soon_days, digest_plan_fn fn, void *ctx, ab_err *err);

typedef struct digest_ref {
	char establishment[64], cycle[64];
	int64_t item_id;     /* always set */
	char action_id[128]; /* "" when the name is an item's */
} digest_ref;

/*
 * `what` is an action key ESTABLISHMENT/CYCLE/ACTION-ID (split by key_parse), an item
 * ESTABLISHMENT/CYCLE/REF, or with `cycle` (and `establishment` when several establishments
 * have that cycle) an item ref or an action id; an item is looked for first. A plain name
 * without `cycle` is EX_USAGE; unknown or ambiguous is EX_DATAERR naming it. *out is
 * filled in place (fixed buffers): nothing to free.
 */
int digest_find(store *st, const char *what, const char *establishment, const char *cycle,
		digest_ref *out, ab_err *err);

#endif
