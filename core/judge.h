/*
 * judge — the independent judgements on an item, kept beside the establishment's own:
 * HMIP's at an Independent Review of Progress (IRP), HMIP's at the next inspection, and
 * the establishment's own assessment ("self"), each with the day it was made.
 *
 * Contract:
 * - Judgements are append-only (table judgement: no UPDATE, no DELETE). The one that
 *   counts for a source is the one with the latest date, the latest recorded on a tie, so
 *   a correction is a new judgement, and history keeps both.
 * - judge_record() is one BEGIN IMMEDIATE transaction; the same people may record a
 *   judgement as may change the item's actions' status (auth_check_item: admins, and
 *   editors of an owner of one of the item's live actions). Errors: EX_DATAERR for an
 *   unknown item, a value that is not the source's, a date after `today` or after the
 *   system clock's day (UTC), a note that action_check_text() refuses; EX_NOPERM.
 * - judge_history() streams an item's events oldest first, judgements and links
 *   (lineage.h) alike, as action_events: a judgement is kind "judgement", field
 *   "SOURCE DATE" (e.g. "inspection 2025-06-10"), old the value it replaces for that
 *   source (NULL for the first), new its value; a link is kind "link", old and new the
 *   earlier item's key (NULL: none). Row strings are valid only during the callback.
 * - judge_sync() runs inside sync's transaction once a plan is written (it names only
 *   that plan's items): each judgement the plan's YAML gives is added once (origin
 *   'plan'); one that leaves the YAML stays on record, as every judgement does. It also
 *   stores the plan's Urgent Notification date (statutory.h).
 */
#ifndef AB_JUDGE_H
#define AB_JUDGE_H

#include <stdbool.h>
#include <stdint.h>

#include "action.h"
#include "date.h"
#include "err.h"
#include "model.h"
#include "store.h"
#include "sync.h"

typedef enum { JUDGE_IRP, JUDGE_INSPECTION, JUDGE_SELF, JUDGE_SOURCES } judge_source;

/* "irp", "inspection", "self" and back; -1 for an unknown name. */
int judge_source_parse(const char *name);
/* How people read a source: "HMIP at the IRP", "HMIP at the next inspection", "the
 * establishment's own assessment". */
const char *judge_source_label(judge_source s);
/* The values a source takes, best last, NULL-terminated: the IRP's four progress
 * judgements; the inspection's and self's achieved, partially_achieved, not_achieved. */
const char *const *judge_values(judge_source s);
bool judge_value_valid(judge_source s, const char *value);
/* The source's value that `text` names: its identifier ("reasonable_progress") or HMIP's
 * published wording ("Reasonable progress", "No meaningful progress", "Partially
 * achieved", "Not achieved"), in any case, with spaces, hyphens or underscores between
 * the words (a static string); NULL when it names none of the source's values. */
const char *judge_value_parse(judge_source s, const char *text);
/* "not achieved" from "not_achieved": the value in words (a static string). */
const char *judge_value_words(const char *value);

typedef struct judge_entry {
	judge_source source;
	const char *value;
	date_t date;       /* when it was judged (the IRP, the inspection, the self-assessment) */
	const char *note;  /* optional; action_check_text()'s rule, as any note */
} judge_entry;

/* The latest day a judgement may be dated: `today`, or the system clock's day when that is
 * earlier (docs/SECURITY.md, 11); for users and plan files alike. */
date_t judge_latest_day(date_t today);

int judge_record(store *st, const action_actor *who, const char *item_key, const judge_entry *e,
		 date_t today, ab_err *err);

/* The item a key ESTABLISHMENT/CYCLE/REF names (live), its id in *id. */
int judge_find_item(store *st, const char *item_key, int64_t *id, ab_err *err);
/* Whether the actor may record judgements and links on the item (EX_NOPERM with the
 * reason), so that a screen can refuse before it asks anything. */
int judge_check_permission(store *st, const action_actor *who, const char *item_key,
			   ab_err *err);
/* judge_check_permission as a store_check_fn (core/store_priv.h), for the check a write
 * makes before it takes the write lock and again under it: ctx is a judge_want, whose
 * *item it sets. */
typedef struct judge_want {
	const action_actor *who;
	const char *key;
	int64_t *item;
} judge_want;
int judge_may_write(store *st, void *ctx, ab_err *err);

int judge_history(store *st, const char *item_key, action_event_fn fn, void *ctx, ab_err *err);

int judge_sync(store *st, const model_plan *plan, const char *user, const char *now,
	       sync_stats *stats, ab_err *err);

#endif
