/* xmalloc — see xmalloc.h. */
#include "xmalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

static void (*xmalloc_hook)(void);

void xmalloc_on_failure(void (*fn)(void))
{
	xmalloc_hook = fn;
}

_Noreturn void xmalloc_fail(size_t n)
{
	void (*hook)(void) = xmalloc_hook;
	xmalloc_hook = NULL; /* once, even if the hook itself runs out */
	if (hook)
		hook();
	/* snprintf into the stack and write(): stdio might want the memory that is gone. */
	char msg[96];
	int len = snprintf(msg, sizeof msg, "actionboard: out of memory (%zu bytes wanted)\n", n);
	if (len > 0) {
		ssize_t w = write(STDERR_FILENO, msg, (size_t)len);
		(void)w;
	}
	exit(EX_OSERR);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		xmalloc_fail(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		xmalloc_fail(count && size <= SIZE_MAX / count ? count * size : SIZE_MAX);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		xmalloc_fail(n);
	return q;
}

char *xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = xmalloc(len + 1);
	memcpy(d, s, len);
	d[len] = 0;
	return d;
}

void *xgrow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	size_t ncap = *cap ? *cap : 16;
	while (ncap <= n) {
		if (ncap > SIZE_MAX / 2 / size)
			xmalloc_fail(SIZE_MAX);
		ncap *= 2;
	}
	v = xrealloc(v, ncap * size);
	*cap = ncap;
	return v;
}
