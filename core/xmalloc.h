/*
 * xmalloc — the one memory policy: allocation never fails for a caller. When the C
 * library cannot allocate, the program ends at once with "actionboard: out of memory"
 * on standard error and exit status 71 (EX_OSERR), after the hook a front end set
 * (xmalloc_on_failure: the dashboard puts the terminal back first). So no caller checks
 * for NULL, and no function returns an out-of-memory error: there are no half-checked
 * branches to get wrong and none that tests never run. This is the one place outside
 * main() that ends the program (docs/ARCHITECTURE.md, "Memory").
 *
 * Contract: xmalloc, xcalloc, xrealloc, xstrdup and xstrndup behave as their C library
 * namesakes and never return NULL (xmalloc(0) and xcalloc(0, n) return a pointer to free);
 * xstrdup(NULL) is NULL. The caller owns and frees what they return.
 * XGROW(v, n, cap) is the one growable array (after htop's Vector): a `T *v` holding `n`
 * elements in room for `cap`, grown by doubling (from 16) so that v[n] may be written.
 */
#ifndef AB_XMALLOC_H
#define AB_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Room for element n of *v (elements of `size` bytes); returns the (moved) array. */
void *xgrow(void *v, size_t n, size_t *cap, size_t size);
#define XGROW(v, n, cap) ((v) = xgrow((v), (n), &(cap), sizeof *(v)))
/* Runs fn, once, before the program ends for want of memory. */
void xmalloc_on_failure(void (*fn)(void));
/* Ends the program for want of `n` bytes (for allocators of libraries that return NULL). */
_Noreturn void xmalloc_fail(size_t n);

#endif
