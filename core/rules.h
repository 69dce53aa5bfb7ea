/*
 * rules — the one definition of "open", "effective due" and "overdue" (the words of actionboard(1)) for
 * every SQL statement in core. Core-internal, like store_priv.h: never included outside
 * core/. Write these names; never spell the rules out again.
 *
 *   action.due_effective  the date that counts: the revised due date when a user set one,
 *                         else the one derived from the target; NULL when neither.
 *                         = coalesce(due_revised, due)
 *   action.is_open        1 while the action still needs doing, else 0 (never NULL).
 *                         = status NOT IN ('completed', 'cancelled')
 *   RULES_OVERDUE(t, today)         open and due before `today`: 1 or 0, never NULL.
 *   RULES_DUE_BETWEEN(t, from, to)  open and due in [from, to] (both ISO dates): 1 or 0.
 *   RULES_SLIPPED(t)      the due date was revised to a later day than the one derived
 *                         from the target (the original is kept in `due`): 1 or 0. A date
 *                         revised where the target gave none has nothing to slip from.
 *   RULES_VERIFIED(t)     completed, and someone other than the completer verified it
 *                         (core/verify.h): 1 or 0.
 *   RULES_VERIFICATION(t, c)  "verified"; "awaiting" when completed, not verified, and
 *                         its plan (cycle alias `c`) asks for verification; else NULL.
 *   RULES_SLIP_DAYS(t)    by how many days, from the original to the revised date (0 when
 *                         not slipped); a second revision counts from the original again.
 *   RULES_IN_EFFECT(h)    history row `h` was not reversed (undone, retracted or
 *                         corrected) by a later event.
 *   RULES_NOTE_CURRENT(h) history row `h` is a note people read now: a note, or the note
 *                         given with a status or due change, that no later event retracted,
 *                         corrected or undone (a correction is current in its place).
 *   RULES_LOCAL_DAY(at)   the local calendar day (YYYY-MM-DD) of a stored UTC time
 *                         (history.at): days are local everywhere (date.h, clock.h), and
 *                         SQLite's 'localtime' reads the same TZ as localtime_r.
 *
 * `t` is the alias of table action in the statement ("a"), `today`/`from`/`to` are SQL
 * parameters ("?9"), all as string literals; today is always a parameter, never
 * date('now'), so that a pinned --today reaches every query.
 *
 * Why columns: schema 2 (core/store.c) adds due_effective and is_open to table action as
 * VIRTUAL generated columns. SQLite computes them from the row on every read, so they can
 * never disagree with status and due, they cost no storage, and every connection sees
 * the same definition: a read-only snapshot, another process, the sqlite3 shell. A TEMP
 * VIEW would have to be recreated on each connection and would hide the rules from
 * those; an SQL function for today would tie one connection to one date, while today
 * travels with each query (query_filter.today). Overdue depends on today, which no
 * column can know, so it is the macro below, written against those columns. The plans
 * are those of schema 1 (checked with EXPLAIN QUERY PLAN in tests/unit/test_query.c):
 * places are found through their indexes, and no index leads with these columns, since
 * without ANALYZE SQLite would prefer such an index to the far narrower cycle lookup.
 */
#ifndef AB_RULES_H
#define AB_RULES_H

#define RULES_OVERDUE(t, today)                                                        \
	"(" t ".is_open = 1 AND " t ".due_effective IS NOT NULL AND " t ".due_effective < " \
	today ")"

#define RULES_DUE_BETWEEN(t, from, to)                                                 \
	"(" t ".is_open = 1 AND " t ".due_effective IS NOT NULL AND " t ".due_effective"   \
	" BETWEEN " from " AND " to ")"

#define RULES_SLIPPED(t)                                                                \
	"(" t ".due_revised IS NOT NULL AND " t ".due IS NOT NULL AND " t ".due_revised > " \
	t ".due)"

#define RULES_VERIFIED(t) "(" t ".status = 'completed' AND " t ".verified_at IS NOT NULL)"
/* The verified live actions of plan `cyc` (a column), counted from the partial index
 * action_verified (store.c), which holds them alone. */
#define RULES_COUNT_VERIFIED(cyc)                                                            \
	"(SELECT count(*) FROM action v WHERE v.cycle_id = " cyc " AND v.retired = 0 AND "   \
	RULES_VERIFIED("v") ")"

#define RULES_VERIFICATION(t, c)                                                        \
	"(CASE WHEN " RULES_VERIFIED(t) " THEN 'verified' WHEN " t ".status = 'completed'"  \
	" AND " c ".verification <> 0 THEN 'awaiting' END)"

#define RULES_SLIP_DAYS(t)                                                              \
	"(CASE WHEN " RULES_SLIPPED(t) " THEN CAST(julianday(" t ".due_revised) -"           \
	" julianday(" t ".due) AS INTEGER) ELSE 0 END)"

#define RULES_IN_EFFECT(h) "NOT EXISTS (SELECT 1 FROM history r WHERE r.reverses = " h ".id)"

#define RULES_NOTE_CURRENT(h)                                                           \
	"(" h ".kind IN ('note', 'status', 'due') AND coalesce(" h ".note, '') <> ''"     \
	" AND " RULES_IN_EFFECT(h) ")"

#define RULES_LOCAL_DAY(at) "date(" at ", 'localtime')"

/*
 * Counted, not recounted: tables plan_due and owner_due (core/counts.h) hold, per plan (and
 * owner) and effective due date, how many live open actions are due that day, kept by
 * triggers from is_open and due_effective. So the overdue ones are those of the rows due
 * before today, and counting them costs one index range, never a walk over the actions.
 * `table` is plan_due or owner_due, `key` the condition on its leading columns (against
 * alias kd), `cycle` the SQL expression of the plan's cycle id.
 */
#define RULES_KEPT_OVERDUE(table, key, today)                                          \
	"(SELECT coalesce(sum(kd.n), 0) FROM " table " kd WHERE " key " AND "               \
	RULES_KEPT_LATE(today) ")"
/* Which of those rows (alias kd) count as overdue, for a query that sums them itself. */
#define RULES_KEPT_LATE(today) "kd.due < " today

/* A plan's overdue from its kept figures: `kept` is the alias of its plan_count row, whose
 * `dated` counts the open actions that have a due date (all of plan_due's rows summed), so
 * the overdue are those less the ones due today or later, looked for only when its
 * `last_due`, the latest of their dates, is not yet past. The same count as
 * RULES_KEPT_OVERDUE over plan_due, from the rows due today or later instead of those before
 * today: once a plan's dates have passed, that is a few rows instead of all of them. */
#define RULES_COUNT_OVERDUE(kept, cycle, today)                                        \
	"(" kept ".dated - CASE WHEN " kept ".last_due >= " today " THEN (SELECT"          \
	" coalesce(sum(kd.n), 0) FROM plan_due kd WHERE kd.cycle_id = " cycle              \
	" AND kd.due >= " today ") ELSE 0 END)"

#define RULES_COUNT_DUE_BETWEEN(cycle, from, to)                                       \
	"(SELECT coalesce(sum(kd.n), 0) FROM plan_due kd WHERE kd.cycle_id = " cycle         \
	" AND kd.due BETWEEN " from " AND " to ")"

#endif
