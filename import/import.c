/*
 * import — published action plan text to plan YAML (see import.h for the contract and
 * import_priv.h for the stages). This file holds import_plan(), which runs the stages in
 * order, and what they all use: the arena, lists of strings and warnings.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
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
	if (n > SIZE_MAX / 2) {
		im->oom = true;
		return NULL;
	}
	imp_node *a = calloc(1, NODE_HEAD + n);
	if (!a) {
		im->oom = true;
		return NULL;
	}
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

bool imp_ok(imp *im)
{
	for (imp_node *a = im->mem; a && !im->oom; a = a->next)
		if (a->buf && ((util_buf *)((char *)a + NODE_HEAD))->oom)
			im->oom = true;
	return !im->oom;
}

char *imp_strndup(imp *im, const char *s, size_t n)
{
	char *d = imp_alloc(im, n + 1);
	if (d)
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

bool imp_grow(imp *im, void *v, size_t n, size_t *cap, size_t el)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 8;
	if (ncap > SIZE_MAX / el / 2) {
		im->oom = true;
		return false;
	}
	void *old, *nv = imp_alloc(im, ncap * el);
	if (!nv)
		return false;
	memcpy(&old, v, sizeof old); /* v points to a T*: copied, not read through void ** */
	if (n)
		memcpy(nv, old, n * el);
	memcpy(v, &nv, sizeof nv); /* the old array stays in the arena: doubling wastes < half */
	*cap = ncap;
	return true;
}

bool imp_strs_push(imp *im, imp_strs *l, const char *s)
{
	if (!imp_grow(im, &l->v, l->n, &l->cap, sizeof *l->v))
		return false;
	l->v[l->n++] = s;
	return true;
}

bool imp_strs_add(imp *im, imp_strs *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return imp_strs_push(im, l, s);
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
	if (!d)
		return s;
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

/* ---- the whole ------------------------------------------------------------------------- */

static void fill_stats(imp *im, import_stats *stats)
{
	*stats = (import_stats){.items = (int)im->nitems, .warnings = im->nwarn,
				.scheme = im->recs ? "recommendations" : "concerns"};
	for (size_t i = 0; i < im->nitems; i++)
		stats->actions += (int)im->items[i]->nacts;
}

int import_text(const char *name, const char *data, size_t len, char **text, const char **form,
		ab_err *err)
{
	doc_form f = doc_sniff(data, len);
	*text = NULL;
	if (form)
		*form = doc_form_name(f);
	if (f == DOC_TABS || f == DOC_BINARY || len > IMPORT_MAX_INPUT)
		return 0; /* the text reader says what it is, or that it is too large */
	int rc = doc_extract(name ? name : "-", data, len, f, text, err);
	if (rc == DOC_NOT_LAYOUT) { /* no aligned table: the text reader says what it finds */
		if (form)
			*form = doc_form_name(DOC_TABS);
		return 0;
	}
	if (!rc && !(*text)[strspn(*text, " \t\n")]) {
		free(*text);
		*text = NULL;
		return err_set_at(err, EX_DATAERR, name ? name : "-", 0, 0, "this %s document holds no text",
				  doc_form_name(f));
	}
	return rc;
}

int import_plan(const char *name, const char *data, size_t len, const import_opts *opt,
		char **yaml_out, FILE *warn, import_stats *stats, ab_err *err)
{
	imp im;
	imp_init(&im, name, opt, warn, err);
	*yaml_out = NULL;
	size_t after = 0;
	const char *code = NULL, *cycle = NULL, *form = NULL;
	char *text = NULL;
	int rc = import_text(im.name, data, len, &text, &form, err);
	if (!rc && text)
		data = text, len = strlen(text);
	if (!rc)
		rc = imp_owners_init(&im);
	if (!rc)
		rc = imp_input(&im, data, len);
	if (!rc)
		rc = imp_table(&im, &after);
	if (!rc)
		rc = imp_summary_check(&im, after);
	if (!rc)
		rc = imp_plan_ids(&im, &code, &cycle);
	if (!rc && !imp_ok(&im))
		rc = EX_OSERR;
	if (!rc)
		rc = imp_emit(&im, code, cycle, yaml_out);
	if (rc == EX_OSERR && im.oom)
		err_set_at(err, EX_OSERR, im.name, 0, 0, "out of memory");
	if (stats) {
		fill_stats(&im, stats);
		stats->form = form;
	}
	imp_free(&im);
	free(text);
	return rc;
}
