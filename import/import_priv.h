/*
 * import_priv — what the stages of the importer share. Only the files of import/ include
 * it (and tests/unit/test_import.c, to exercise one stage at a time); everyone else uses
 * import.h.
 *
 * The stages, in the order import_plan() runs them:
 *   input.c   refuse what is not UTF-8 text, drop a BOM, make every line end a LF and
 *             every no-break or other Unicode space an ASCII space, cut into lines;
 *   clean.c   a cell's text: HTML tags out, entities decoded, whitespace collapsed; cells
 *             cut into paragraphs at <p>, <li>, <ul> and their closing tags;
 *   header.c  the labelled lines before the table (establishment, dates), and the
 *             establishment's code: the settings', else the prison register's (register.c);
 *   table.c   the header row, then item rows, section and "Directed to:" rows,
 *             continuation rows, and the plan's own summary table;
 *   items.c   an item's rows become actions (page-break joins, paragraphs aligned with
 *             owners and targets, sentence splits, the agreement note);
 *   owners.c  owner cells split into known owners and folded onto canonical names;
 *   emit.c    the plan as YAML, through libyaml's emitter.
 *
 * Memory: ONE arena per import, freed at once by imp_free(). It is kept because the stages
 * hand many short strings to each other and share them: an owner name from the settings
 * sits in many actions, one target cell's text is given to an action, a paragraph moves
 * from a row to the action before it, a cell's text is cut in place. Per-string ownership
 * would need a copy at every hand-off. The arena allocates through xmalloc.h, so no
 * allocation fails for a caller. Texts that grow (a finding or an action joined across
 * page breaks) are util_bufs owned by the arena (imp_buf()).
 */
#ifndef AB_IMPORT_PRIV_H
#define AB_IMPORT_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../core/date.h"
#include "../core/util.h"
#include "import.h"

enum { COL_REF, COL_FIND, COL_AGREE, COL_RESP, COL_OWNER, COL_TARGET, NCOLS };

/* A list of strings, none owned (they live in the arena or in the settings). */
typedef struct imp_strs {
	const char **v;
	size_t n, cap;
} imp_strs;

typedef struct imp_para {
	const char *text; /* cleaned (see imp_clean) and never empty */
	bool li;          /* it came from a list item (folded into the paragraph before) */
} imp_para;

/* One cell cut into paragraphs; `tagged` when the cell used <p>/<li>/<ul> at all. */
typedef struct imp_paras {
	imp_para *v;
	size_t n, cap;
	bool tagged;
} imp_paras;

typedef struct imp_row {
	int line;
	const char *find, *agree; /* cleaned cell text ("" when empty) */
	imp_paras resp, owner, target;
} imp_row;

typedef struct imp_action {
	util_buf *text;
	imp_strs owners;
	const char *target; /* NULL until one is given */
	int line;
} imp_action;

typedef struct imp_item {
	int line;
	const char *ref;
	int seq;                  /* 0: none */
	const char *category;     /* static keyword */
	const char *directed_to;  /* NULL: none */
	util_buf *find;           /* the finding, joined across rows */
	const char *agreement_raw;
	imp_row **rows;
	size_t nrows, caprows;
	/* results of imp_item_finish */
	const char *agreement;    /* static keyword or NULL */
	const char *note, *repeated, *text;
	imp_action *acts;
	size_t nacts, capacts;
} imp_item;

typedef struct imp_known {
	const char *pat, *canon; /* a name or alias, and its canonical name */
	size_t len;
} imp_known;

typedef struct imp_node imp_node;

typedef struct imp {
	imp_node *mem;
	const char *name;
	FILE *warn;
	int nwarn;
	const import_opts *opt;
	ab_err *err;
	/* input */
	char **lines;
	size_t nlines;
	/* header */
	const char *est_name;
	int est_line;
	date_t submitted, published;
	bool has_submitted, has_published;
	date_range ranges[16];
	size_t nranges;
	int ranges_line;
	/* the row most like a table header that was not one (for the error if none is) */
	int near_line, near_found;
	char near_msg[512];
	/* table */
	int col[NCOLS];     /* column index of each role, -1 when absent */
	int ncells;         /* cells in the header row */
	bool recs;          /* recommendations scheme */
	const char *category;
	const char *directed_to;
	bool saw_directed;
	imp_item **items;
	size_t nitems, capitems;
	imp_item *cur;
	/* owners from the settings, longest first */
	imp_known *known;
	size_t nknown;
	uint64_t split_work;
} imp;

/* ---- arena.c: the arena, lists, messages -------------------------------------------- */

/* Sets up `im` for one import; `opt` may be NULL. imp_free() releases it. */
void imp_init(imp *im, const char *name, const import_opts *opt, FILE *warn, ab_err *err);
void imp_free(imp *im);
/* Zeroed memory owned by the arena. */
void *imp_alloc(imp *im, size_t n);
char *imp_strndup(imp *im, const char *s, size_t n);
char *imp_strdup(imp *im, const char *s);
/* An empty growable text owned by the arena. */
util_buf *imp_buf(imp *im);
/* The text of b ("" while empty). */
const char *imp_text(const util_buf *b);
/* b's text, then a space, then s, as page-break continuations are joined; s "" adds nothing. */
void imp_join(util_buf *b, const char *s);
/* Cuts b back to its first len bytes. */
void imp_buf_cut(util_buf *b, size_t len);
/*
 * Room for one more element in the array *v of *n elements of `el` bytes (capacity
 * *cap), which lives in the arena.
 */
void imp_grow(imp *im, void *v, size_t n, size_t *cap, size_t el);
void imp_strs_push(imp *im, imp_strs *l, const char *s);
/* Adds s unless an equal string is there already. */
void imp_strs_add(imp *im, imp_strs *l, const char *s);
/* "NAME:LINE: warning: …" on im->warn, counted in im->nwarn. */
void imp_warn(imp *im, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A short quotable excerpt of s for messages: its first `max` bytes, whole characters.
 * Never NULL. */
const char *imp_excerpt(imp *im, const char *s, size_t max);

/* ---- character helpers (ASCII only: the text is UTF-8) ------------------------------- */

static inline bool imp_lower(char c) { return c >= 'a' && c <= 'z'; }
static inline bool imp_upper(char c) { return c >= 'A' && c <= 'Z'; }
static inline bool imp_digit(char c) { return c >= '0' && c <= '9'; }
static inline bool imp_alpha(char c) { return imp_lower(c) || imp_upper(c); }
static inline bool imp_alnum(char c) { return imp_alpha(c) || imp_digit(c); }
static inline const char *imp_skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}
bool imp_starts_ci(const char *s, const char *prefix);
/* Does the text end a sentence (., !, ?, :, maybe inside a closing bracket or quote)? */
bool imp_ends_terminal(const char *s, size_t n);
/* Words in s, counting no further than limit + 1. */
size_t imp_count_words(const char *s, size_t limit);

/* ---- input.c ------------------------------------------------------------------------ */

/* Checks and normalises the input (see above) and fills im->lines; EX_DATAERR with a
 * message naming the line when it is not text. */
int imp_input(imp *im, const char *data, size_t len);
/* A character that stands for a space: no-break, figure, thin, ideographic and other
 * Unicode spaces, NEL, line and paragraph separators (inside a cell they are spaces). */
bool imp_space_cp(uint32_t cp);
/* Cells of a line split by tabs (the line is modified); extra cells stay in the last. */
size_t imp_split_cells(char *line, char **cells, size_t max);

/* ---- clean.c ------------------------------------------------------------------------ */

/*
 * The clean form of n bytes of extracted text, in the arena: entities decoded, HTML tags
 * (and a tag cut off at either end) removed, every run of whitespace or control
 * characters one space, none at either end.
 */
char *imp_clean(imp *im, const char *s, size_t n);
/* The same without decoding entities, for text already clean: joining two clean texts
 * ("… <x" and "y> …") can make a tag, which this removes. */
char *imp_strip_tags(imp *im, const char *s);
/* Cuts a raw cell into paragraphs at <p>, <li>, <ul> and their closing tags. */
void imp_cell_paras(imp *im, const char *s, imp_paras *out);
/* List items fold into the paragraph that introduces them, unless the owner or target
 * cells give one paragraph per item (`want` of them). */
void imp_fold_lists(imp *im, imp_paras *p, size_t want);
void imp_paras_remove(imp_paras *p, size_t i);

/* ---- header.c ----------------------------------------------------------------------- */

/* One line before the table; reads the establishment name and the plan's dates. */
int imp_header_line(imp *im, const char *raw, int line);
/* The establishment code and cycle id: the options, else derived (with a warning). */
int imp_plan_ids(imp *im, const char **code, const char **cycle);

/* ---- register.c --------------------------------------------------------------------- */

/* One establishment of the prison register (data/prison-register.tsv); static strings. */
typedef struct imp_reg {
	const char *code, *name, *types, *category, *holds, *country;
	bool active;
} imp_reg;

enum { IMP_KIND_HMP = 1, IMP_KIND_YOI = 2, IMP_KIND_IRC = 4, IMP_KIND_STC = 8 };

/* The place words of an establishment's name as plans print it, upper case, in key (at
 * most max bytes); returns the kinds (IMP_KIND_*) its kind words say. */
unsigned imp_register_key(const char *name, char *key, size_t max);
/* The register's establishments with this name (the kind printed decides between two of
 * one place, then the open one); how many, up to `max` of them in out. */
size_t imp_register_find(const char *printed, const imp_reg **out, size_t max);
/* The open establishments whose names are nearest to it, nearest first. */
size_t imp_register_nearest(const char *printed, const imp_reg **out, size_t max);

/* ---- table.c ------------------------------------------------------------------------ */

/* The role (COL_*) of a header cell's text, -1 when it has none. */
int imp_column_role(const char *cell);
/* Are these the cells of the plan table's header row? 1: yes, and col[] gets each role's
 * column (-1: none); 0: no. The document readers (doc.h) ask it too. */
int imp_header_cols(const char *const *cells, size_t n, int col[NCOLS]);
/* "priority", "key", "general" for a section heading; NULL if it is not one. */
const char *imp_section_of(const char *s);
/* The whole table, items finished; *after gets the first line after it. */
int imp_table(imp *im, size_t *after);
/* The document's summary table (after the plan) must agree with what was read. */
int imp_summary_check(imp *im, size_t from);

/* ---- items.c ------------------------------------------------------------------------ */

/* An item's rows become its actions; its text, agreement, note and repeated_from. */
void imp_item_finish(imp *im, imp_item *it);
/* "agreed", "partly_agreed", "not_agreed" for an agreement cell or label; NULL if none. */
const char *imp_agreement_of(const char *raw);

/* ---- owners.c ----------------------------------------------------------------------- */

/* Groups of joint owners found in an owner cell: "A and B" one group, "A B" two. */
typedef struct imp_ogroups {
	imp_strs *g;
	size_t n, cap;
	bool guessed;        /* some part matched no known owner */
	const char *unknown; /* the first such part */
} imp_ogroups;

/* The known owners and aliases of the settings, longest first. */
void imp_owners_init(imp *im);
/* The canonical owner of a name or alias that is the whole of `name`; NULL if none. */
const char *imp_fold_owner(imp *im, const char *name);
/* An owner cell as groups (see owners.c). */
void imp_owner_groups(imp *im, const char *s, imp_ogroups *out);
/* Every owner of every group, once each, in order. */
void imp_ogroups_union(imp *im, const imp_ogroups *og, imp_strs *out);

/* ---- emit.c ------------------------------------------------------------------------- */

/* The plan as YAML text (malloc'd, the caller frees it) in *out. */
int imp_emit(imp *im, const char *code, const char *cycle, char **out);

#endif
