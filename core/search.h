/*
 * search — finding words in item and action text and in notes, across the estate, through
 * the full-text index text_search (SQLite FTS5, schema 4: see store.c).
 *
 * What a search is, the one definition for `list --search` and the dashboard's / and F:
 * the words of the text typed, in that order, each a whole word but the last, which may
 * begin a longer one ("drone" finds "drones"; "x-ray" finds "X-ray" and "x ray"), in an
 * item's text, an action's text or a current note (rules.h: a retracted or corrected
 * note's old words are not found). Case and accents are ignored in every script ("cafe" finds "café").
 * Punctuation and symbols separate words and are otherwise ignored; text with no letter
 * or digit in it has no words, and is then looked for as a substring (ASCII case
 * ignored) in the same texts (search_words() says which). Compared with a substring search, a word must match
 * from its start: "rone" no longer finds "drone".
 *
 * Contract: search_words() never fails: it writes an FTS5 expression for the text into
 * buf (always terminated) or returns false when the text has no word. search_run()
 * streams the best `limit` hits (items, actions and notes of live plans), grouped by plan
 * (the plan of the best hit first) and ranked (bm25) within it; row strings are valid only
 * during the callback, whose non-zero result stops the search and is returned. Nothing
 * writes.
 */
#ifndef AB_SEARCH_H
#define AB_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "err.h"
#include "store.h"

/* The FTS5 expression of `text` (at most `n` bytes); false when it has no word. */
bool search_words(const char *text, char *buf, size_t n);

/* A LIKE pattern (ESCAPE '\\') of `text` as a substring, its % _ and \\ escaped: the
 * search for text without a word. */
void search_like(const char *text, char *pattern, size_t n);

/* SQL that query.c composes into its statements (core only: it needs rules.h): the ids of
 * actions whose own text, whose item's text, or one of whose current notes holds the
 * words bound as ?7 (an expression from search_words); and the same as a substring, ?7 a
 * pattern from search_like. */
#define SEARCH_ACTION_IDS "SELECT rowid >> 2 FROM text_search WHERE text_search MATCH ?7 AND rowid & 3 = 2"
#define SEARCH_ITEM_IDS "SELECT rowid >> 2 FROM text_search WHERE text_search MATCH ?7 AND rowid & 3 = 1"
#define SEARCH_NOTE_ACTION_IDS                                                           \
	"SELECT n.action_id FROM text_search t JOIN history n ON n.id = t.rowid >> 2"      \
	" WHERE text_search MATCH ?7 AND t.rowid & 3 = 3 AND " RULES_NOTE_CURRENT("n")
#define SEARCH_MATCHES(a, i)                                                             \
	"(" a ".id IN (" SEARCH_ACTION_IDS ") OR " a ".item_id IN (" SEARCH_ITEM_IDS ")"    \
	" OR " a ".id IN (" SEARCH_NOTE_ACTION_IDS "))"
#define SEARCH_CONTAINS(a, i)                                                            \
	"(" a ".text LIKE ?7 ESCAPE '\\' OR " i ".text LIKE ?7 ESCAPE '\\' OR EXISTS (SELECT 1" \
	" FROM history n WHERE n.action_id = " a ".id AND n.note LIKE ?7 ESCAPE '\\' AND "      \
	RULES_NOTE_CURRENT("n") "))"

typedef enum { SEARCH_ITEM = 1, SEARCH_ACTION = 2, SEARCH_NOTE = 3 } search_kind;

typedef struct search_hit {
	search_kind kind;
	int64_t item_id;          /* always set */
	int64_t action_id;        /* 0 for an item hit */
	const char *establishment, *establishment_name, *cycle, *scheme;
	const char *item_ref, *action_key_id; /* action_key_id: the action's id in its plan, or NULL */
	const char *text;         /* the text that matched (item, action or note text) */
	const char *status;       /* the action's status, NULL for an item */
	bool overdue;
	double rank;              /* bm25: lower is better */
	int plan_hits;            /* hits in this plan (among the best `limit`) */
} search_hit;

typedef int (*search_fn)(const search_hit *hit, void *ctx);

/* The best `limit` hits for `text` (see above); *total gets how many there are in all. */
int search_run(store *st, const char *text, date_t today, int limit, search_fn fn, void *ctx,
	       int *total, ab_err *err);

#endif
