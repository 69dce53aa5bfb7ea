/*
 * span — the dashboard's model beyond one plan (the board's sibling): the estate overview
 * (every establishment with the figures of the plans core/estate.h counts, grouped by
 * prison group with subtotals, filtered and sorted), an owner's
 * actions across plans, and the results of a search of the estate. No ncurses here; the
 * views read a span and ask it to load.
 *
 * Memory is what is on screen, never the estate: the overview holds one row per
 * establishment; the owner's list holds 24 bytes per action and the details of the rows
 * in the window shown (span_owned_window); a search holds its best SPAN_HITS hits.
 *
 * The owner's list is read lazily: its plans and their headings' counts come from the
 * figures kept per plan and owner (estate_owner_plans), so every line's position is known
 * at once, and a plan's action lines are read only when a window near them is asked for
 * (span_owned_window, span_owned_find). The lines are the same as reading every action
 * (estate_owner_actions) would give; a plan whose actions disagree with its kept count
 * (a write in between, or figures out of step) makes the list read whole instead.
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
	char *region;              /* the prison group; NULL when none */
	char *cycle, *scheme, *since; /* the latest plan (NULL when none); since: its start */
	int plans, covered;        /* live plans; those counted (estate.h) */
	int items, actions, open, overdue, completed; /* of the covered plans */
	int verified;              /* of the completed, verified by a second person */
	int done_pct;              /* completed of actions, 0-100 */
	int group_rank;            /* span_estate_arrange's: its group's place in the order */
} span_est;

/* One line of the overview: an establishment, or the heading of a prison group (region)
 * with the subtotals of its establishments shown. */
typedef struct span_est_line {
	const span_est *row;       /* the establishment; NULL on a heading */
	const char *group;         /* a heading's group; NULL for those with none */
	span_est sum;              /* a heading's subtotals (numbers only) */
	int count;                 /* a heading's establishments */
} span_est_line;

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
	span_est_line *lines; /* the shown rows, under their groups' headings when grouped */
	size_t nlines;
	span_est_line *groups; /* arrange's scratch: one per group */
	bool grouped;    /* some establishment names a region: group by it, with subtotals */
	int by;          /* SPAN_BY_*: numbers sort largest first, text A to Z; groups by
			  * their subtotals, or their names for a text column */
	char filter[128];/* words every shown row holds (code, name, where, cycle), any case */
	bool group_only; /* show one group: */
	char group[128]; /* its name ("" for those with none) */
	bool loaded;
} span_estate;

/* ---- an owner's actions ----------------------------------------------------------- */

/* One line of the owner's list: a plan's heading, or one of its actions. Until its plan
 * is read (span_plan.filled) an action line knows only its cycle: action is 0. */
typedef struct span_line {
	int64_t action;   /* the action; for a heading, the plan's first action (0: not read) */
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

/* One plan of the owner's list: where its heading is, and whether its actions are read. */
typedef struct span_plan {
	int64_t cycle;
	size_t line;      /* its heading's line; its actions follow */
	int count;        /* its action lines */
	int size;         /* its live actions, the owners' and others' (the most reading it
			   * walks: estate_plan_size); -1 until asked for */
	bool filled;
} span_plan;

typedef struct span_owned {
	char *owners[ESTATE_MAX_OWNERS]; /* canonical names */
	size_t nowners;
	bool mine;                       /* the owners came from "my actions" */
	char *establishment;             /* NULL: the estate */
	span_line *lines;
	size_t n, nactions, noverdue, nplans;
	span_plan *plans;                /* nplans, in line order */
	size_t whole;                    /* times the list was read whole: a plan's actions
					  * disagreed with its kept count */
	bool all_read;                   /* every line is read (the list was read whole) */
	span_detail *win;                /* the details of lines [win_from, win_from + win_n) */
	size_t win_from, win_n;
} span_owned;

#define SPAN_WHOLE_RATIO 4

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

/* The owners a picker offers, kept while estate_names_number() stays (a sync or an
 * amendment that changes an action's owners or retires an action or a plan, a restore
 * move it; a status change or a note anywhere does not). */
typedef struct span_names {
	char **v;        /* the labels: "Governor · BLI" for a local owner over the estate */
	size_t *name_len; /* the owner's name is the label's first name_len bytes */
	size_t n;
	char establishment[64]; /* "" for the estate */
	int64_t version;        /* estate_names_number() when read */
	bool loaded;
} span_names;

typedef struct span {
	store *st;
	date_t today;
	span_estate estate;
	span_owned owned;
	span_found found;
	span_names names;
	/* Reading the plans around a window walks at most every action of those plans (only
	 * the owners' when a plan's ids lie together: estate_owner_plan_actions); reading the
	 * whole list costs about SPAN_WHOLE_RATIO times as much an action of the owners (a
	 * row and its item's, scattered): the whole list is read instead when that is less
	 * than the most the plans could cost. 0: never (tests of the lazy list). */
	int whole_ratio;
	/* "my actions" stay within these establishments (the user's; none: the estate) */
	char *mine_within[ESTATE_MAX_OWNERS];
	size_t nmine_within;
} span;

void span_init(span *s, store *st, date_t today);
void span_free(span *s);

/* (Re)reads the establishments, keeping the filter and sort. */
int span_estate_load(span *s, ab_err *err);
/* Reads again only the rows of establishments `codes` (n of them) and arranges; the whole
 * overview (*whole set) when one of them is new to it. */
int span_estate_reload(span *s, const char *const *codes, size_t n, bool *whole, ab_err *err);
/* Applies s->estate.filter, .group and .by to the rows read, and lays out the lines. */
void span_estate_arrange(span *s);
/* The establishment on line i (NULL on a heading or past the end). */
const span_est *span_estate_row(const span *s, size_t line);
const span_est_line *span_estate_line(const span *s, size_t line);
/* The first line that is an establishment (0 when none): where a cursor starts. */
size_t span_estate_first_row(const span *s);
/* The name of a sort column, for the title. */
const char *span_estate_by_name(int by);

/* Reads the actions of `names` (canonical) in `establishment` (NULL: the estate). */
int span_owned_load(span *s, const char *const *names, size_t n, bool mine,
		    const char *establishment, ab_err *err);
/* The establishments "my actions" stay within from now on (copied; n 0: the estate). */
/* More than ESTATE_MAX_OWNERS are refused (EX_USAGE, err set). */
int span_mine_within(span *s, const char *const *codes, size_t n, ab_err *err);
/* Reads the same owners' actions again (after a write, or a change elsewhere). */
int span_owned_reload(span *s, ab_err *err);
/* Makes lines [from, from + n) read, with a margin of a quarter window either side, and their
 * details available; from and n are clamped. The list may be read whole (see above): o->n
 * can change. */
int span_owned_window(span *s, size_t from, size_t n, ab_err *err);
/* The line of `action` in the list (its plan read if need be) into *line; false when the
 * list does not hold it (or on an error, in err). */
bool span_owned_find(span *s, int64_t action, size_t *line, ab_err *err);
/* The details of line i, when it is in the window; else NULL. */
const span_detail *span_owned_detail(const span *s, size_t i);

/* The owners with live actions in `establishment` (NULL: the estate), by name, as labels:
 * over the estate a local owner is one per establishment, "Governor · BLI". *names is
 * borrowed from the span until the next call. */
int span_owner_names(span *s, const char *establishment, const char *const **names, size_t *n,
		     ab_err *err);
/* Label i of the last span_owner_names() split into the owner's name and the
 * establishment it names ("" when none). */
void span_owner_label(const span *s, size_t i, char *name, size_t nlen, char *est, size_t elen);

/* Searches the estate for `text` (search.h's words). */
int span_search(span *s, const char *text, ab_err *err);

#endif
