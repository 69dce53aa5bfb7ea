/*
 * lineage — an item that repeats an item of an earlier cycle of the same establishment:
 * the concern HMIP raised again. Links come from the plan's YAML (`repeats`) or from a
 * user (link, unlink); and text similarity suggests them.
 *
 * Contract:
 * - Links are append-only rows (table item_link). The link that counts for an item is
 *   the latest a user set, else the latest the YAML set (assess_sql.h): a user's decision,
 *   linking or unlinking, stands until a user changes it; a sync never overrides it.
 * - lineage_link() links item_key to earlier_key, or with earlier_key NULL unlinks it;
 *   one BEGIN IMMEDIATE transaction, with the permission of judge_record (auth_check_item
 *   on the later item). The earlier item must be a live item of the same establishment in
 *   a cycle that began before the item's (by the first day of inspection, else by cycle
 *   id). EX_DATAERR names what is wrong; nothing changes when the link is already so.
 * - lineage_suggest() streams, best first, at most `max` items of earlier cycles of the
 *   same establishment with their similarity to the item (similar.h: TF-IDF cosine over
 *   stemmed words; the finding's text counts fully, its actions' texts and agreement
 *   note at SIMILAR_SECONDARY_WEIGHT; IDF over every live item of the establishment).
 *   Items with no word in common (score 0) are left out.
 * - lineage_repeats() streams the links that count, of items in live cycles matching the
 *   place filter, establishments by code, then the later item's cycle and plan order.
 * - lineage_sync() runs inside sync's transaction: the YAML's `repeats` of each item of
 *   `plan` (resolved in its establishment) becomes its plan link when it differs from the
 *   last one the plan set (a link to NULL when `repeats` went away). `which` picks the
 *   items: LINEAGE_PLAIN those without `repeats` (sync runs them as soon as the plan is
 *   written), LINEAGE_REPEATS those with (once every plan is written, since they name
 *   items of other plans; EX_CONFIG when the item named is not a live item).
 * Row strings are valid only during the callback; a non-zero callback result stops the
 * stream and is returned.
 */
#ifndef AB_LINEAGE_H
#define AB_LINEAGE_H

#include <stdint.h>

#include "action.h"
#include "err.h"
#include "model.h"
#include "store.h"
#include "sync.h"

int lineage_link(store *st, const action_actor *who, const char *item_key,
		 const char *earlier_key, ab_err *err);

typedef struct lineage_suggestion {
	const char *key, *cycle, *ref, *text; /* the earlier item */
	double score;                         /* cosine similarity, (0, 1] */
	bool linked;                          /* it is the item's link now */
} lineage_suggestion;

typedef int (*lineage_suggestion_fn)(const lineage_suggestion *s, void *ctx);
int lineage_suggest(store *st, const char *item_key, int max, lineage_suggestion_fn fn,
		    void *ctx, ab_err *err);

typedef struct lineage_repeat {
	const char *establishment, *establishment_name;
	const char *cycle, *ref, *text;           /* the later item */
	const char *earlier_cycle, *earlier_ref, *earlier_text, *earlier_agreement;
	const char *earlier_inspection, *earlier_inspection_date; /* HMIP's, NULL if none */
	const char *origin;                       /* "plan" or "user" */
} lineage_repeat;

typedef int (*lineage_repeat_fn)(const lineage_repeat *r, void *ctx);
int lineage_repeats(store *st, const char *establishment, const char *cycle,
		    lineage_repeat_fn fn, void *ctx, ab_err *err);

enum { LINEAGE_PLAIN = 1 << 0, LINEAGE_REPEATS = 1 << 1 };
int lineage_sync(store *st, const model_plan *plan, int which, const char *user,
		 const char *now, sync_stats *stats, ab_err *err);

#endif
