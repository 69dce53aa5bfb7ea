/*
 * span — the dashboard's model beyond one plan (the board's sibling): the estate overview
 * (every establishment with its latest plan's figures, filtered and sorted), an owner's
 * actions across plans, and the results of a search of the estate. No ncurses here; the
 * views read a span and ask it to load.
 *
 * Memory is what is on screen, never the estate: the overview holds one row per
 * establishment; the owner's list holds 24 bytes per action (ids and a flag) and the
 * details of the rows in the window shown (span_owned_window); a search holds its best
 * SPAN_HITS hits.
 *
 * Contract: every string in a span is owned by it and lives until the next load of that
 * part or span_free(). Errors come back in `err`, never printed.
 */
#ifndef AB_TUI_SPAN_H
#define AB_TUI_SPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/date.h"
#include "../core/err.h"
#include "../core/estate.h"
#include "../core/store.h"
#include "board.h"

/* ---- the overview ------------------------------------------------------------------ */

typedef struct span_est {
	char *code, *name, *where; /* the region, else the function, else the description */
	char *cycle, *scheme, *since; /* the latest plan (NULL when none); since: its start */
	int plans, items, actions, open, overdue, completed;
	int done_pct;              /* completed of actions, 0-100 */
} span_est;

/* The columns the overview sorts by (`<` and `>` step through them). */
enum {
	SPAN_BY_CODE, SPAN_BY_NAME, SPAN_BY_WHERE, SPAN_BY_CYCLE, SPAN_BY_ITEMS, SPAN_BY_OPEN,
	SPAN_BY_OVERDUE, SPAN_BY_DONE, SPAN_BY_PCT, SPAN_BY_COUNT
};

typedef struct span_estate {
	span_est *rows;  /* every establishment, by code */
	size_t n;
	size_t *shown;   /* indexes into rows: those the filter keeps, in the sort's order */
	size_t nshown;
	int by;          /* SPAN_BY_*: numbers sort largest first, text A to Z */
	char filter[128];/* words every shown row holds (code, name, where, cycle), any case */
	bool loaded;
} span_estate;

/* ---- an owner's actions ----------------------------------------------------------- */

/* One line of the owner's list: a plan's heading, or one of its actions. */
typedef struct span_line {
	int64_t action;   /* the action; for a heading, the plan's first action */
	int64_t cycle;
	bool heading;
	bool overdue;
	int count, late;  /* a heading: the owner's actions in the plan, and overdue ones */
} span_line;

/* What the window shows of a line: the action (the plan's first, for a heading). */
typedef struct span_detail {
	board_action a;
	char *establishment, *establishment_name, *cycle, *scheme, *item_ref, *item_text;
	int64_t item_id;
} span_detail;

typedef struct span_owned {
	char *owners[ESTATE_MAX_OWNERS]; /* canonical names */
	size_t nowners;
	bool mine;                       /* the owners came from "my actions" */
	char *establishment;             /* NULL: the estate */
	span_line *lines;
	size_t n, nactions, noverdue, nplans;
	span_detail *win;                /* the details of lines [win_from, win_from + win_n) */
	size_t win_from, win_n;
} span_owned;

/* ---- a search of the estate --------------------------------------------------------- */

#define SPAN_HITS 500

typedef struct span_hit {
	bool heading;      /* a plan's heading line */
	int kind;          /* search_kind: item, action or note */
	int64_t item, action;
	char *establishment, *establishment_name, *cycle, *scheme, *ref, *text, *status;
	bool overdue;
	int plan_hits;
} span_hit;

typedef struct span_found {
	char text[256];
	span_hit *lines;
	size_t n, nhits;
	int total;         /* hits in the index (before the limit and retired rows) */
} span_found;

/* The owners a picker offers, kept while the database does not change (only a sync
 * adds owners, and a sync is another process: data_version tells). */
typedef struct span_names {
	char **v;
	size_t n;
	char establishment[64]; /* "" for the estate */
	long long version;
	bool loaded;
} span_names;

typedef struct span {
	store *st;
	date_t today;
	span_estate estate;
	span_owned owned;
	span_found found;
	span_names names;
} span;

void span_init(span *s, store *st, date_t today);
void span_free(span *s);

/* (Re)reads the establishments, keeping the filter and sort. */
int span_estate_load(span *s, ab_err *err);
/* Applies s->estate.filter and .by to the rows read. */
void span_estate_arrange(span *s);
const span_est *span_estate_row(const span *s, size_t shown_index);
/* The name of a sort column, for the title. */
const char *span_estate_by_name(int by);

/* Reads the actions of `names` (canonical) in `establishment` (NULL: the estate). */
int span_owned_load(span *s, const char *const *names, size_t n, bool mine,
		    const char *establishment, ab_err *err);
/* Reads the same owners' actions again (after a write, or a change elsewhere). */
int span_owned_reload(span *s, ab_err *err);
/* Makes the details of lines [from, from + n) available; from and n are clamped. */
int span_owned_window(span *s, size_t from, size_t n, ab_err *err);
/* The details of line i, when it is in the window; else NULL. */
const span_detail *span_owned_detail(const span *s, size_t i);

/* The names of the owners with live actions in `establishment` (NULL: the estate), by
 * name; *names is borrowed from the span until the next call. */
int span_owner_names(span *s, const char *establishment, const char *const **names, size_t *n,
		     ab_err *err);

/* Searches the estate for `text` (search.h's words). */
int span_search(span *s, const char *text, ab_err *err);

#endif
