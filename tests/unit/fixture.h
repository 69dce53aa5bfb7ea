/*
 * fixture — small plans built in C for the core tests (query, sync), written into a
 * fresh database through store_open() and sync_apply(), as the program does.
 *
 * Contract: every string is copied onto the heap, so model_config_free() releases the
 * whole config. A pointer returned by an fx_ function stays valid until the next
 * addition to the same parent (arrays grow). Out of memory aborts: these are tests.
 */
#ifndef AB_FIXTURE_H
#define AB_FIXTURE_H

#include "../../core/date.h"
#include "../../core/model.h"
#include "../../core/store.h"
#include "../../core/sync.h"

model_config *fx_config(void);
/* An owner with its aliases, NULL-terminated. */
void fx_owner(model_config *cfg, const char *name, ...);
void fx_establishment(model_config *cfg, const char *code, const char *name);
/* A plan of one inspection range [from, to]. */
model_plan *fx_plan(model_config *cfg, const char *est, const char *cycle, const char *scheme,
		    const char *from, const char *to);
model_item *fx_item(model_plan *p, const char *ref, const char *category, const char *text);
/* An action with its owners (names or aliases), NULL-terminated. */
model_action *fx_action(model_item *it, const char *id, const char *target, const char *text,
			...);
/* Replaces an owned string (free, then a copy of s). */
void fx_set(char **field, const char *s);

/* A new database at DIR/name (removed first if it exists), synced from cfg. */
store *fx_store(const model_config *cfg, const char *name, sync_stats *stats);
/* Every table of the database as store_dump() writes it; caller frees. */
char *fx_dump(store *st);
date_t fx_date(const char *iso);

#endif
