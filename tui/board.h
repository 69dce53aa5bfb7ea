/*
 * board — the dashboard's model: what is on screen for one cycle, loaded through core's
 * query API, with the active filters and search. No ncurses here (htop's split of model
 * and drawing): the views in tui/ only read a board and ask it to reload.
 *
 * Contract: board_load() (re)reads the current cycle's items (split into the two item
 * panes by category) and owners, and the list of cycles only the first time;
 * board_refresh_cycles() rereads that list for the picker when a sync or a restore may
 * have changed it since it was read (the change log, core/counts.h: other writes touch one
 * plan's rows, never the list), else keeps it;
 * board_load_actions() reads the actions of one item. Every string in a board is owned by
 * it and lives until the next load or board_free(). Filters apply to items, counts and
 * actions alike; owners show the whole cycle. The sort is core's (query.h), as `list
 * --sort` and `list --items --sort` give it: the actions in its order and the items in its
 * order of items (by owner, which items do not have, in plan order). Errors come back in
 * `err`, never printed.
 */
#ifndef AB_TUI_BOARD_H
#define AB_TUI_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/assess.h"
#include "../core/date.h"
#include "../core/err.h"
#include "../core/model.h"
#include "../core/query.h"
#include "../core/statutory.h"
#include "../core/store.h"

/* A plan of the estate (no counts: the list of every plan reads no action). */
typedef struct board_cycle {
	char *establishment, *establishment_name, *cycle, *scheme, *inspection_start;
	char *label; /* the plan picker's line (pick.c), made when first offered; kept with
		      * the list, so that c does not remake 11,449 of them at every press */
} board_cycle;

typedef struct board_item {
	int64_t id;
	char *ref, *category, *directed_to, *agreement, *agreement_note, *repeated_from, *text;
	int seq, total, completed, overdue;
	bool match; /* matches the active search */
	assess_item *as; /* its judgements, links and slips (core/assess.h); NULL until read */
} board_item;

typedef struct board_action {
	int64_t id, version;
	char *key; /* ESTABLISHMENT/CYCLE/ACTION-ID */
	char *action_id, *text, *owners, *target, *due, *due_original, *due_reason;
	char *status, *updated_by, *updated_at;
	char *last_note, *last_note_by, *last_note_at; /* NULL when there is no note */
	char *verification, *verified_by; /* query_action's: NULL when none */
	bool amendment;                   /* added in the tool (core/amend.h) */
	bool overdue;
} board_action;

typedef struct board_owner {
	char *name;
	char *establishment; /* a local owner's establishment; NULL for a shared owner */
	int total, open, overdue, completed;
} board_owner;

#define BOARD_MAX_OWNERS 16
#define BOARD_DUE_SOON_DAYS QUERY_DUE_SOON_DAYS

typedef struct board_filter {
	char *owners[BOARD_MAX_OWNERS]; /* canonical names; several for "my actions" */
	size_t nowners;
	bool mine;                      /* the owners came from `m` */
	int status;                     /* model_status, or -1 */
	bool overdue, due_soon;
	bool open_only;                 /* hide completed and cancelled actions */
	bool slipped;                   /* only actions whose due date slipped */
	const char *agreement;          /* query_filter's (a static string), or NULL */
	const char *judged;             /* query_filter's (a static string), or NULL */
} board_filter;

enum { BOARD_UPPER, BOARD_LOWER }; /* the two item panes */

/* An item where our status and the inspectors' judgement disagree (core/assess.h). */
typedef struct board_gap {
	int64_t item_id;
	char *establishment, *cycle, *ref, *text;
	assess_item as;
} board_gap;

/* Where the owners pane counts (and the owner filter and "my actions" look): the plan on
 * screen, its establishment's live plans, or every live plan. */
enum { BOARD_SCOPE_PLAN, BOARD_SCOPE_ESTABLISHMENT, BOARD_SCOPE_ESTATE, BOARD_SCOPES };

typedef struct board {
	store *st;
	date_t today;
	board_cycle *cycles;
	size_t ncycles, cur;
	long long cycles_seen; /* the change log's latest number when cycles were read */
	board_item *items; /* the current cycle's items that pass the filter, plan order */
	size_t nitems;
	size_t *pane[2];   /* indexes into items, per item pane */
	size_t npane[2];
	board_owner *owners; /* of the scope */
	size_t nowners;
	int scope;           /* BOARD_SCOPE_* */
	int owners_scope;    /* the scope the owners were read for */
	long long owners_version; /* and the database's data_version then (the estate's are
				   * read again only when something changed) */
	board_action *actions; /* of one item (board_load_actions) */
	size_t nactions;
	int64_t actions_item;  /* whose actions are loaded; 0 = none */
	board_filter filter;
	/* The order of the actions under an item and of the items in each pane (query.h;
	 * plan order: as published). */
	query_sort sort;
	char search[256];
	size_t nmatches;
	statutory_clock clock; /* the current cycle's IRP window and Urgent Notification */
	board_gap *gaps;       /* board_load_gaps(): every plan's disagreements */
	size_t ngaps;
} board;

void board_init(board *b, store *st, date_t today);
void board_free(board *b);
/* Chooses the cycle (establishment code or NULL for the first, cycle id or NULL for its
 * latest) and loads it. */
int board_select_cycle(board *b, const char *establishment, const char *cycle, ab_err *err);
int board_load(board *b, ab_err *err);
int board_refresh_cycles(board *b, ab_err *err);
int board_load_actions(board *b, int64_t item_id, ab_err *err);
/* Reads where our status and the inspectors disagree, in every plan, into b->gaps. */
int board_load_gaps(board *b, ab_err *err);
/* Makes the cycle est/cycle current (without loading it); false when there is none. */
bool board_find_cycle(board *b, const char *establishment, const char *cycle);
const board_cycle *board_cycle_current(const board *b);
/* "Priority concerns" / "Key recommendations" ... for the item pane `which`. */
const char *board_pane_title(const board *b, int which);
bool board_filtered(const board *b);
void board_filter_clear(board *b);
/* Replaces the owner filter with a copy of `names`; more than BOARD_MAX_OWNERS are refused
 * (EX_USAGE, err set, the filter unchanged). */
int board_filter_owners(board *b, const char *const *names, size_t n, bool mine, ab_err *err);
/* A short description of the active filters ("" when none) into buf; `brief`: the
 * compact forms a narrow header uses ("due ≤30 d", the owners without "owner:"). */
void board_filter_describe(const board *b, bool brief, char *buf, size_t n);
/* The sort's name as the header shows it: "plan order", "due date", ... */
const char *board_sort_name(query_sort sort);
/* "this plan", "this establishment" or "the estate". */
const char *board_scope_name(int scope);
/* An action row as the dashboard keeps it: copies of r's strings (released by
 * board_action_release). */
void board_action_fill(board_action *a, const query_action *r);
void board_action_release(board_action *a);

#endif
