/*
 * sync_priv — what the parts of sync (sync*.c) share: the statements prepared once per
 * sync, the context of one sync, and the helpers each part calls in those below it. Never included outside core/. Every function sets c->err on
 * failure and returns its code (or -1 where noted); none takes ownership of its arguments.
 */
#ifndef AB_SYNC_PRIV_H
#define AB_SYNC_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "clock.h"
#include "date.h"
#include "store_priv.h"
#include "sync.h"
#include "util.h"

/* Statements prepared once per sync: a sync of the whole estate runs each many times. */
enum {
	Q_OWNER_LIST, Q_OWNER_ADD, Q_OWNER_SHARED, Q_ALIAS_LIST, Q_ALIAS_DEL, Q_ALIAS_SET,
	Q_EST_GET, Q_EST_ADD, Q_EST_SET,
	Q_CYC_GET, Q_CYC_ADD, Q_CYC_SET, Q_CYC_LIST, Q_CYC_RETIRE, Q_CYC_RETIRE_CHILDREN,
	Q_CYC_LIVE,
	Q_ITEM_GET, Q_ITEM_ADD, Q_ITEM_SET, Q_ITEM_LIST, Q_ITEM_RETIRE,
	Q_ACT_GET, Q_ACT_ADD, Q_ACT_SET, Q_ACT_LIST, Q_ACT_RETIRE, Q_ACT_OWNERS,
	Q_AOWN_DEL, Q_AOWN_ADD, Q_HIST, Q_ACT_LAST, Q_HIST_CREATED,
	Q_SRC_GET, Q_SRC_PUT, Q_SRC_STAMP, Q_SRC_LIST, Q_SRC_DEL, Q_SRC_CLEAR,
	Q_LAST_IDS, Q_WORDS_ITEMS, Q_WORDS_ACTIONS,
	Q_COUNT
};

/* Where a plan was defined, for the message about a cycle defined twice. */
typedef struct sync_where {
	const char *file; /* the source's path (stable while it lives) */
	int line, col;
} sync_where;

/*
 * An item's `repeats` names an item of another plan, which may come in a later file: it
 * is kept (a few strings; memory still holds one plan) and linked once every plan is
 * written (lineage.h). Offsets into repeat_text; pos.file points into the configuration,
 * which outlives the sync.
 */
typedef struct sync_repeat {
	size_t est, cycle, ref, repeats;
	model_pos pos;
} sync_repeat;

/* A load's rows of the plan being written, waiting for an INSERT of many rows
 * (sync_load.c); the model's strings are borrowed until the plan's end, owners is
 * malloc'd. */
#define SYNC_LOAD_ROWS 32
typedef struct sync_load_irow {
	sqlite3_int64 id, cycle;
	const model_item *it;
	int pos;
} sync_load_irow;
typedef struct sync_load_arow {
	sqlite3_int64 id, cycle, item;
	const model_action *a;
	int pos;
	bool has_due;
	char due[DATE_ISO_LEN];
	const char *status; /* static (date.h) */
	char *owners;
} sync_load_arow;

typedef struct sync_ctx {
	store *st;
	const model_config *cfg;   /* settings, establishments; plans only for sync_apply */
	const sync_source *src;
	bool files;                /* fingerprints are kept (sync_files) */
	bool full;
	const char *user;
	char now[CLOCK_ISO_LEN];
	char context[33];          /* the fingerprint of the settings' owner mapping */
	sqlite3_stmt *q[Q_COUNT];
	sync_stats *stats;
	sync_progress_fn progress;
	void *progress_ctx;
	util_map owners;           /* owner name -> id, all the database holds */
	util_map canon;            /* owner name or alias -> index into cfg->owners */
	util_map ests;             /* establishment code -> id */
	util_map present;          /* "EST\x1fCYCLE" of every plan seen -> index into where */
	sync_where *where;         /* every plan seen, in order */
	size_t nwhere, cwhere;
	util_map paths;            /* the source's paths (files mode) */
	bool fresh_cycle;          /* the plan being synced created its cycle */
	bool whole;                /* it is written whole: held (counts.h), its new actions'
				    * "created" history written at its end in one statement */
	sync_repeat *repeats;      /* items whose `repeats` waits for every plan */
	size_t nrepeats, crepeats;
	util_buf repeat_text;      /* their strings, NUL-separated */
	bool loading;              /* a load (sync_load.c): the database held no action */
	char *load_sql[24];        /* the indexes and triggers a load makes after its rows */
	bool load_late[24];        /* of them, those made after the figures' recount */
	size_t nload;
	sqlite3_int64 next_item, next_action; /* the ids a load's next rows take */
	sync_load_irow *litems;    /* a load's rows not yet written */
	size_t nlitems, clitems;
	sync_load_arow *lacts;
	size_t nlacts, clacts;
	sqlite3_stmt *load_q[2][SYNC_LOAD_ROWS + 1]; /* INSERTs of n items, n actions */
	ab_err *err;
} sync_ctx;

/* The files of sync form layers: sync.c (the entry points) -> sync_files.c -> sync_plan.c
 * -> sync_load.c -> sync_owners.c -> sync_stmt.c; none calls one above it
 * (scripts/check-layers). */

/* sync_stmt.c: the statement helpers. */
/* Statement `which`, reset and with its bindings cleared. */
sqlite3_stmt *sync_q(sync_ctx *c, int which);
/* Runs a statement to completion; returns 0 or sets err. */
int sync_run(sync_ctx *c, sqlite3_stmt *s);
/* Steps a lookup; returns 1 with a row, 0 with none, -1 on error. */
int sync_row(sync_ctx *c, sqlite3_stmt *s);
/* An item's columns of Q_ITEM_ADD and Q_ITEM_SET, ?2 to ?10, at base + 2 to base + 10. */
void sync_bind_item(sqlite3_stmt *s, int base, const model_item *it, int pos);
/* A new action's columns of Q_ACT_ADD, ?1 to ?9, at base + 1 to base + 9. */
void sync_bind_action(sqlite3_stmt *s, int base, sqlite3_int64 cyc, sqlite3_int64 item,
		      const model_action *a, int pos, const char *due, const char *status,
		      const char *owners);
/* sync_plan.c: the plan writer. */
/* Every establishment of the settings, added or updated. */
int sync_establishments(sync_ctx *c);
/* The cycles of plans no longer defined anywhere retire, with their items and actions. */
int sync_retire_cycles(sync_ctx *c);
/* Records that a plan file defines est/cycle; a cycle defined twice is an error. */
int sync_present(sync_ctx *c, const char *est, const char *cycle, sync_where w);
/* The plan's cycle, items and actions under establishment id est. */
int sync_plan(sync_ctx *c, sqlite3_int64 est, const model_plan *p);

/* sync_owners.c: owners and their aliases. */
/* The action_owner rows of action id (new, or whose owners changed). */
int sync_owner_rows(sync_ctx *c, sqlite3_int64 id, const model_action *a);
/* The settings' canonical name for a name or alias, else the name itself (borrowed). */
const char *sync_canonical(sync_ctx *c, const char *name);
/* c->context: the fingerprint of the rules' version and the settings' owners. */
void sync_context(sync_ctx *c);
/* The settings' owners and aliases into the database. */
int sync_owners(sync_ctx *c);

/* sync_load.c: the load path, for a database that holds no action yet. */
/* When it holds none, sets c->loading and drops the indexes and triggers made again
 * after the rows, keeping their SQL in c. */
int sync_load_begin(sync_ctx *c);
/* After a load's last plan: builds them again, forgets their SQL, and recounts every plan
 * the load held (counts_release_held), eight statements in all, and lets them go. Nothing
 * otherwise. */
int sync_load_end(sync_ctx *c);
/* Forgets the kept SQL (a sync that failed: the rollback brings the indexes and
 * triggers back), the rows not yet written and the INSERTs of many rows. */
void sync_load_free(sync_ctx *c);
/* A load's new item or action, kept to be written with others in one INSERT: the item's
 * id is returned (the one SQLite would give it: the next after the largest); an action
 * may first write the rows kept before it (0 or the error's code). Owners are copied. */
sqlite3_int64 sync_load_item(sync_ctx *c, sqlite3_int64 cyc, const model_item *it, int pos);
int sync_load_action(sync_ctx *c, sqlite3_int64 cyc, sqlite3_int64 item, const model_action *a,
		     int pos, const char *due, const char *status, const char *owners);
/* Writes the rows kept: items, then actions with their owners. */
int sync_load_flush(sync_ctx *c);

/* sync_files.c: reading plan files, skipping unchanged ones, and linking `repeats`. */
/* Plan i read from the source, its cycle recorded and its rows synced; *out is borrowed
 * from the source until its next read. */
int sync_read_plan(sync_ctx *c, size_t i, const model_plan **out);
/* Plan file i: skipped when its fingerprint is unchanged, else read, synced and
 * fingerprinted. */
int sync_file(sync_ctx *c, size_t i);
/* The `repeats` kept by sync_read_plan, linked once every plan is written. */
int sync_repeats(sync_ctx *c);
/* Forgets the fingerprints of files the source no longer names. */
int sync_forget_files(sync_ctx *c);

#endif
