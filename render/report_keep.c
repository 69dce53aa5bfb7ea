/* report_keep — the memory of one plan in a report (report_priv.h): its growing arrays and
 * the strings it keeps. The bottom of render/'s report files: it calls none of them. */
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"

/* Grows an array to hold n+1 elements; false (and p unchanged) when memory runs out. */
bool report_grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *q = realloc(*p, ncap * size);
	if (!q)
		return false;
	*p = q;
	*cap = ncap;
	return true;
}

char *report_keep(report_plan *p, const char *s)
{
	if (!s || p->oom)
		return NULL;
	char *d = strdup(s);
	if (!d || !report_grow((void **)&p->strings, &p->cstrings, p->nstrings, sizeof(char *))) {
		free(d);
		p->oom = true;
		return NULL;
	}
	p->strings[p->nstrings++] = d;
	return d;
}
