/*
 * text — UTF-8 checking, making safe, measuring, fitting and wrapping for terminal columns.
 *
 * Contract: inputs are NUL-terminated UTF-8; invalid bytes count as one column each and
 * are never split. Widths are the terminal's: the C library's wcwidth in a UTF-8 locale
 * (the running one when it is UTF-8, else C.UTF-8), the function ncurses moves by, so a
 * combining mark takes 0 columns, an East Asian wide character or emoji (✅) 2, a
 * character wcwidth does not know 1. Only text_safe_dup allocates.
 *
 * Safety: text from plans, notes, owners and reasons is shown, never obeyed. A character
 * a terminal could act on — C0 controls, DEL, C1 controls (U+0080–009F), the bidi
 * controls (U+061C, U+200E–200F, U+202A–202E, U+2066–2069) — and every byte that is not
 * part of valid UTF-8 (overlong forms, surrogates, beyond U+10FFFF) is replaced by
 * TEXT_MARK (U+FFFD, one column) on every path to a terminal. Tab, CR and LF become a
 * space, or stay as line breaks (LF only) with TEXT_MULTILINE.
 */
#ifndef AB_TEXT_H
#define AB_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

#define TEXT_MARK "\xEF\xBF\xBD" /* U+FFFD REPLACEMENT CHARACTER */
#define TEXT_BAD 0xFFFFFFFFu      /* what text_decode gives for a byte that is not UTF-8 */
enum { TEXT_MULTILINE = 1 };       /* keep LF as a line break */

/* Decodes one character at s (s[0] != 0); returns the bytes it uses. A byte that does
 * not start valid, shortest-form UTF-8 of a scalar value uses 1 and gives TEXT_BAD. */
int text_decode(const char *s, uint32_t *cp);
/* Writes the UTF-8 of scalar value cp (not a surrogate, at most U+10FFFF) to out; returns
 * its length. */
size_t text_encode(uint32_t cp, char out[4]);
/* False for a code point a terminal could act on (see Safety) and for TEXT_BAD. */
bool text_cp_shown(uint32_t cp);
/* True when s[0..n) is valid UTF-8 without NUL; else *bad (if given) gets the first
 * offending offset. */
bool text_utf8_valid(const char *s, size_t n, size_t *bad);
/* True when s is valid UTF-8 and holds nothing text_cp_shown refuses, other than tab,
 * CR and LF. */
bool text_clean(const char *s);
/*
 * The rule for text a user gives (notes, reasons): valid UTF-8 holding nothing that
 * text_cp_shown refuses other than tab and LF. True when s keeps it; otherwise *bad gets
 * the offset of the first offender and *cp what it is (TEXT_BAD for a byte that is not
 * UTF-8, else the character).
 */
bool text_input_ok(const char *s, size_t *bad, uint32_t *cp);
/* Characters in s (a byte that is not UTF-8 counts as one). */
size_t text_length(const char *s);
/* The same for the first n bytes of s (or up to its NUL). */
size_t text_length_n(const char *s, size_t n);
/* Writes s to fp made safe (see Safety). */
void text_put(FILE *fp, const char *s, unsigned flags);
/* The same for the first n bytes of s (or up to its NUL); n should end a character. */
void text_put_n(FILE *fp, const char *s, size_t n, unsigned flags);
/* Appends s made safe to b. */
void text_safe_add(util_buf *b, const char *s, unsigned flags);
/* s made safe in a new string the caller frees. */
char *text_safe_dup(const char *s, unsigned flags);
/* Columns of one code point, of s, of the first n bytes of s (see the contract); what
 * text_cp_shown refuses counts one, as the mark it is shown as. The one width function:
 * the dashboard, its prompts' cursor and the command line's tables all measure with it. */
int text_cp_width(uint32_t cp);
int text_width(const char *s);
int text_width_n(const char *s, size_t n);
/* Bytes of s that fit in `cols` columns (whole characters); *used gets their width. */
size_t text_fit(const char *s, int cols, int *used);
/*
 * One line of word-wrapped text starting at s: returns the end offset of the line that
 * fits `cols` (breaking at spaces, or inside a word longer than the line); the line is
 * s[0..end) less its leading spaces. *next gets the offset where the following line
 * starts. Returns 0 with *next 0 when only spaces (or nothing) remain.
 */
size_t text_wrap(const char *s, int cols, size_t *next);

#endif
