/*
 * slip — the due dates that slipped: which actions had their date revised to a later day
 * than the target gave (rules.h), and by how many days in all, per owner or per item.
 *
 * Contract: slip_groups() streams one row per owner (by name) or per item (plan order)
 * with at least one slipped action, in live plans matching the place filter (NULL: every
 * one); an action with several owners counts for each. Row strings are valid only during
 * the callback; a non-zero callback result stops the stream and is returned.
 */
#ifndef AB_SLIP_H
#define AB_SLIP_H

#include "err.h"
#include "store.h"

typedef enum { SLIP_BY_OWNER, SLIP_BY_ITEM } slip_group;

typedef struct slip_row {
	const char *establishment, *cycle; /* NULL for an owner over several plans */
	const char *name;                  /* the owner's name, or the item's ref */
	int actions;                       /* slipped actions */
	long days;                         /* days slipped, in all */
} slip_row;

typedef int (*slip_fn)(const slip_row *r, void *ctx);
int slip_groups(store *st, const char *establishment, const char *cycle, slip_group g,
		slip_fn fn, void *ctx, ab_err *err);

#endif
