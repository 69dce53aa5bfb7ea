/*
 * assess — an item's standing as the inspectors and the establishment each see it: the
 * judgements that count (judge.h), the earlier item it repeats and the later one that
 * repeats it (lineage.h), its actions, and where self-report and the inspectors disagree.
 *
 * The disagreement rule (the one definition; docs/actionboard.1 states it):
 *   our side is "done" when every live action of the item is closed (completed or
 *     cancelled) with at least one completed, or the establishment's own assessment that
 *     counts is achieved; it is "open" while any live action is open;
 *   the inspectors' side is their judgement that counts now: the latest by date of the
 *     IRP's and the inspection's (the inspection's on the same day);
 *   ASSESS_OURS_DONE: ours done, theirs not_achieved, insufficient_progress or
 *     no_meaningful_progress ("completed by us, not achieved by HMIP");
 *   ASSESS_THEIRS_DONE: theirs achieved or good_progress, ours open ("achieved by HMIP,
 *     still open with us"). reasonable_progress and partially_achieved, the middle of
 *     each scale, say that work remains, which open actions already record; they count
 *     on neither side.
 *
 * Contract: an assess_reader holds one prepared statement for reading many items; the
 * caller owns it (assess_reader_open/close). assess_item has fixed-size fields, so a
 * copy needs no memory management; texts longer than a field are cut. Streams give rows
 * whose strings are valid only during the callback, establishments by code, cycles by
 * date, items in plan order; a non-zero callback result stops the stream and is returned.
 */
#ifndef AB_ASSESS_H
#define AB_ASSESS_H

#include <stdbool.h>
#include <stdint.h>

#include "date.h"
#include "err.h"
#include "judge.h"
#include "key.h"
#include "store.h"

/* The sizes of key.h's keys and their parts. */
enum { ASSESS_KEY_LEN = KEY_LEN, ASSESS_PLACE_LEN = KEY_PLACE_MAX, ASSESS_REF_LEN = KEY_ID_MAX };

typedef struct assess_judgement {
	char value[32];          /* "" when none */
	char date[DATE_ISO_LEN]; /* the day it was judged */
	char by[64];             /* who recorded it */
	char at[32];             /* when */
	char note[512];
} assess_judgement;

typedef enum { ASSESS_AGREE, ASSESS_OURS_DONE, ASSESS_THEIRS_DONE, ASSESS_GAPS } assess_gap;

typedef struct assess_item {
	assess_judgement j[JUDGE_SOURCES];
	char earlier_key[ASSESS_KEY_LEN]; /* the item this one repeats; "" when none */
	char earlier_cycle[ASSESS_PLACE_LEN], earlier_ref[ASSESS_REF_LEN];
	char earlier_agreement[16];     /* "" when none */
	assess_judgement earlier_inspection; /* HMIP's at the next inspection, on the earlier */
	char later_key[ASSESS_KEY_LEN]; /* the first later item repeating this one; "" none */
	int actions, open, completed;   /* live actions */
	char done_at[DATE_ISO_LEN];     /* the last completion recorded; "" when none */
	int slipped;                    /* actions whose due date slipped (rules.h) */
	long slip_days;                 /* by how many days in all */
	assess_gap gap;
} assess_item;

/* An item's live actions: all, open, completed, and those whose due date slipped (rules.h)
 * with the days slipped in all. */
typedef struct assess_counts {
	int actions, open, completed, slipped;
	long slip_days;
} assess_counts;

typedef struct assess_reader assess_reader;

int assess_reader_open(store *st, assess_reader **out, ab_err *err);
void assess_reader_close(assess_reader *r);
int assess_read(assess_reader *r, int64_t item_id, assess_item *out, ab_err *err);
/* Reads at once, in two statements, what assess_read needs of every live item of the live
 * plans matching the place filter (NULL: any) that has no judgement and no link; later
 * reads of those items then cost no statement. For a caller about to read many items;
 * assess_read's results are the same either way. */
int assess_reader_scope(assess_reader *r, const char *establishment, const char *cycle,
			ab_err *err);
/* For a caller that reads each item's action figures with the item (query_items does):
 * assess_reader_links reads, in one statement, which items have a judgement or a link;
 * assess_read_counted then reads only those in full (as assess_read), and gives any other
 * item from `n` alone, costing no statement: no judgements, no links, ASSESS_AGREE, and
 * done_at "" (not read: whoever shows it uses assess_read). */
int assess_reader_links(assess_reader *r, ab_err *err);
int assess_read_counted(assess_reader *r, int64_t item_id, const assess_counts *n,
			assess_item *out, ab_err *err);

/* The inspectors' judgement that counts (see above), its source in *src; NULL when none. */
const assess_judgement *assess_independent(const assess_item *a, judge_source *src);
/* "completed by us, not achieved by HMIP", "achieved by HMIP, still open with us", or
 * "" for ASSESS_AGREE. */
const char *assess_gap_words(assess_gap g);
/* "ours_done", "theirs_done" or NULL: the machine name of a gap (JSON, HTML). */
const char *assess_gap_name(assess_gap g);

typedef struct assess_row {
	int64_t item_id;
	const char *establishment, *cycle, *ref, *text;
	const assess_item *a;
} assess_row;

typedef int (*assess_row_fn)(const assess_row *r, void *ctx);
/* The items where self-report and the inspectors disagree, in live plans matching the
 * place filter (NULL: every one). */
int assess_disagreements(store *st, const char *establishment, const char *cycle,
			 assess_row_fn fn, void *ctx, ab_err *err);
/* How many items of the plans matching the filter fall in each gap. */
int assess_count(store *st, const char *establishment, const char *cycle,
		 int counts[ASSESS_GAPS], ab_err *err);

#endif
