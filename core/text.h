/*
 * text — UTF-8 measuring, fitting and wrapping for terminal columns.
 *
 * Contract: inputs are NUL-terminated UTF-8; invalid bytes count as one column each and
 * are never split. Widths follow the usual terminal rules (combining marks 0, East Asian
 * wide 2, others 1). Nothing here allocates or depends on the C locale.
 */
#ifndef AB_TEXT_H
#define AB_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one character at s (s[0] != 0); returns the bytes it uses (1 for a bad byte). */
int text_decode(const char *s, uint32_t *cp);
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
