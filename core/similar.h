/*
 * similar — how alike two findings read: TF-IDF vectors over stemmed words, compared by
 * cosine. Pure computation on strings: no database, no presentation.
 *
 * Contract: a similar_corpus collects documents (similar_add), then similar_finish()
 * weighs every term by its inverse document frequency over the whole corpus and
 * normalises each document's vector; similar_cosine() then compares two documents by
 * index, in [0, 1] (0 when either has no weighed term). A document has a primary text
 * (the finding itself, each word counting 1) and a secondary text (its actions and
 * reasons, each word counting SIMILAR_SECONDARY_WEIGHT): the finding says what the
 * concern is, the actions share its vocabulary but also the plan's boilerplate.
 *
 * Words: runs of ASCII letters, lower-cased; shorter than 3 letters or a common English
 * function word: left out; then stemmed with Porter's algorithm (M. F. Porter, "An
 * algorithm for suffix stripping", Program 14(3), 1980), so that "medicines" and
 * "medicine", "transferred" and "transfer" count as one term. A term's weight in a
 * document is ln(1 + tf) * ln(N / df): sublinear, so that one long paragraph repeating a
 * word does not outweigh the finding, and zero for a term every document has.
 *
 * Ownership: similar_new() returns a corpus the caller releases with similar_free().
 * similar_add() on a finished corpus is refused (non-zero).
 */
#ifndef AB_SIMILAR_H
#define AB_SIMILAR_H

#include <stddef.h>

#define SIMILAR_SECONDARY_WEIGHT 0.3
#define SIMILAR_WORD_MAX 64 /* longer words are cut to this before stemming */

typedef struct similar_corpus similar_corpus;

similar_corpus *similar_new(void);
void similar_free(similar_corpus *c);
/* Adds a document (either text may be NULL); its index is the number added before it. */
int similar_add(similar_corpus *c, const char *primary, const char *secondary);
void similar_finish(similar_corpus *c);
double similar_cosine(const similar_corpus *c, size_t a, size_t b);

/* Porter's stem of a lower-case ASCII word, in place; returns the stem's length. */
size_t similar_stem(char *word, size_t len);

#endif
