/*
 * arena — the importer's shared helpers (import_priv.h): the arena every stage allocates
 * from, growable lists, warnings, and small text tests. The bottom of import/: it calls
 * nothing of the other stages, which all call it.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_priv.h"

/* ---- the arena --------------------------------------------------------------------- */

/* Each allocation is one node; `buf` nodes hold a util_buf whose text is freed with it. */
struct imp_node {
	imp_node *next;
	bool buf;
};

/* The header slot is max-aligned so that the payload is too. */
#define NODE_HEAD sizeof(max_align_t)
_Static_assert(sizeof(imp_node) <= NODE_HEAD, "node header fits its slot");

void imp_init(imp *im, const char *name, const import_opts *opt, FILE *warn, ab_err *err)
{
	static const import_opts none = {0};
	*im = (imp){.name = name ? name : "-", .warn = warn, .opt = opt ? opt : &none, .err = err};
}

static void *node_alloc(imp *im, size_t n, bool buf)
{
	if (n > SIZE_MAX / 2)
		xmalloc_fail(n);
	imp_node *a = xcalloc(1, NODE_HEAD + n);
	a->next = im->mem;
	a->buf = buf;
	im->mem = a;
	return (char *)a + NODE_HEAD;
}

void *imp_alloc(imp *im, size_t n)
{
	return node_alloc(im, n, false);
}

util_buf *imp_buf(imp *im)
{
	return node_alloc(im, sizeof(util_buf), true);
}

void imp_free(imp *im)
{
	while (im->mem) {
		imp_node *next = im->mem->next;
		if (im->mem->buf)
			util_buf_free((util_buf *)((char *)im->mem + NODE_HEAD));
		free(im->mem);
		im->mem = next;
	}
}

char *imp_strndup(imp *im, const char *s, size_t n)
{
	char *d = imp_alloc(im, n + 1);
	memcpy(d, s, n);
	return d;
}

char *imp_strdup(imp *im, const char *s)
{
	return imp_strndup(im, s, strlen(s));
}

const char *imp_text(const util_buf *b)
{
	return b && b->s ? b->s : "";
}

void imp_join(util_buf *b, const char *s)
{
	if (!*s)
		return;
	if (b->len)
		util_buf_add(b, " ", 1);
	util_buf_puts(b, s);
}

void imp_buf_cut(util_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->s[len] = 0;
	}
}

void imp_grow(imp *im, void *v, size_t n, size_t *cap, size_t el)
{
	if (n < *cap)
		return;
	size_t ncap = *cap ? *cap * 2 : 8;
	if (ncap > SIZE_MAX / el / 2)
		xmalloc_fail(SIZE_MAX);
	void *old, *nv = imp_alloc(im, ncap * el);
	memcpy(&old, v, sizeof old); /* v points to a T*: copied, not read through void ** */
	if (n)
		memcpy(nv, old, n * el);
	memcpy(v, &nv, sizeof nv); /* the old array stays in the arena: doubling wastes < half */
	*cap = ncap;
}

void imp_strs_push(imp *im, imp_strs *l, const char *s)
{
	imp_grow(im, &l->v, l->n, &l->cap, sizeof *l->v);
	l->v[l->n++] = s;
}

void imp_strs_add(imp *im, imp_strs *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return;
	imp_strs_push(im, l, s);
}

/* ---- messages and small text helpers ------------------------------------------------ */

void imp_warn(imp *im, int line, const char *fmt, ...)
{
	im->nwarn++;
	if (!im->warn)
		return;
	va_list ap;
	va_start(ap, fmt);
	fprintf(im->warn, "%s:%d: warning: ", im->name, line);
	vfprintf(im->warn, fmt, ap);
	fputc('\n', im->warn);
	va_end(ap);
}

const char *imp_excerpt(imp *im, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return s;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	char *d = imp_alloc(im, max + sizeof "…");
	memcpy(d, s, max);
	memcpy(d + max, "…", sizeof "…");
	return d;
}

bool imp_starts_ci(const char *s, const char *prefix)
{
	return !strncasecmp(s, prefix, strlen(prefix));
}

bool imp_ends_terminal(const char *s, size_t n)
{
	size_t stop = n > 8 ? n - 8 : 0; /* bounded: it runs once per row on long texts */
	while (n > stop && (s[n - 1] == ')' || s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ' '))
		n--;
	if (n >= 3 && !memcmp(s + n - 3, "\xE2\x80\x9D", 3)) /* ” */
		n -= 3;
	return n > 0 && strchr(".!?:", s[n - 1]);
}

size_t imp_count_words(const char *s, size_t limit)
{
	size_t w = 0;
	bool in = false;
	for (; *s && w <= limit; s++) {
		if (*s == ' ')
			in = false;
		else if (!in)
			in = true, w++;
	}
	return w;
}
