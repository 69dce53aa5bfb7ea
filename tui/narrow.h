/*
 * narrow — a picker's type-to-filter: the choices holding every word typed (words split at
 * spaces, in any order, ASCII letters in any case: what strcasestr compares in a UTF-8
 * locale), kept fast over tens of thousands of choices (12,897 owners, 11,449 plans at 1m).
 *
 * How: matching a longer prefix of the typed text implies matching every shorter prefix,
 * so each choice keeps the longest prefix of the text it matches. A key typed at the end
 * tests only the choices that matched before it, and only the word that key changed; a
 * key erased tests nothing (the choices whose prefix is long enough are shown again); an
 * edit in the middle goes back to where the texts part. Choices are folded to lower case
 * once, at the first word typed, never per key.
 *
 * Contract: narrow_new() borrows `choices` (they must outlive the narrow and not change);
 * the caller frees the narrow with narrow_free(). narrow_filter() writes the indexes of
 * the matching choices, in their order, into shown[] (room for n) and returns how many.
 */
#ifndef AB_TUI_NARROW_H
#define AB_TUI_NARROW_H

typedef struct narrow narrow;

narrow *narrow_new(const char *const *choices, int n);
int narrow_filter(narrow *nw, const char *typed, int *shown);
void narrow_free(narrow *nw);

#endif
