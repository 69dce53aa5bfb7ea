/*
 * assess_sql — the one spelling, for every SQL statement in core, of which judgement
 * counts and which earlier item an item repeats. Core-internal, like rules.h: never
 * included outside core/. `item` is an SQL expression for the item's id ("i.id", "?1").
 *
 *   ASSESS_LIVE(j)  true when judgement j was not withdrawn (a plan's judgement that left
 *       its file: judge.h); the others count for nothing, anywhere.
 *   ASSESS_JUDGEMENT(col, item, source)  the column of the judgement that counts for a
 *       source ('irp', 'inspection', 'self'): the latest date, the latest recorded on a
 *       tie (judge.h); NULL when none.
 *   ASSESS_INDEPENDENT(col, item)  the inspectors' judgement that counts now: the latest
 *       of the IRP's and the inspection's by date, the inspection's on the same day.
 *   ASSESS_EARLIER(item)  the id of the earlier item this one repeats (lineage.h): the
 *       latest link a user set, else the latest the plan's YAML set; NULL when none (an
 *       unlink is a link to NULL, so it hides the plan's).
 *   ASSESS_ITEM_KEY(item)  the item's key ESTABLISHMENT/CYCLE/REF.
 *
 * Each is a scalar subquery served by the indexes judgement_item and item_link_item.
 */
#ifndef AB_ASSESS_SQL_H
#define AB_ASSESS_SQL_H

#define ASSESS_LIVE(j)                                                                    \
	"NOT EXISTS (SELECT 1 FROM judgement_withdrawal jw WHERE jw.judgement_id = " j ".id)"

#define ASSESS_JUDGEMENT(col, item, source)                                               \
	"(SELECT j." col " FROM judgement j WHERE j.item_id = " item " AND j.source = '"   \
	source "' AND " ASSESS_LIVE("j") " ORDER BY j.date DESC, j.id DESC LIMIT 1)"

#define ASSESS_INDEPENDENT(col, item)                                                     \
	"(SELECT j." col " FROM judgement j WHERE j.item_id = " item                       \
	" AND j.source IN ('irp', 'inspection') AND " ASSESS_LIVE("j")                     \
	" ORDER BY j.date DESC, j.source = 'inspection' DESC, j.id DESC LIMIT 1)"

#define ASSESS_EARLIER(item)                                                              \
	"(SELECT l.earlier_id FROM item_link l WHERE l.item_id = " item                    \
	" ORDER BY l.origin = 'user' DESC, l.id DESC LIMIT 1)"

#define ASSESS_ITEM_KEY(item)                                                             \
	"(SELECT ke.code || '/' || kc.code || '/' || ki.ref FROM item ki"                  \
	" JOIN cycle kc ON kc.id = ki.cycle_id JOIN establishment ke"                      \
	" ON ke.id = kc.establishment_id WHERE ki.id = " item ")"

#endif
