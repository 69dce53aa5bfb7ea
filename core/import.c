/*
 * import — published action plan text to plan YAML (see import.h for the contract).
 *
 * How it works, in the order the code runs:
 *   1. input_prepare: refuse binary and non-UTF-8 input, drop a BOM, make every line end
 *      a LF, cut the text into lines.
 *   2. header_*: before the table, the labelled lines (establishment, plan submitted,
 *      inspection ranges, report published).
 *   3. table_*: the header row names the columns and the scheme; each later row is an
 *      item row (a ref in the first cell), a section / "Directed to:" row, or a
 *      continuation row (empty first cell). Rows are kept per item.
 *   4. item_finish: when an item ends, its rows become actions: page-break fragments are
 *      joined back, paragraphs are aligned with the owner and target cells, a paragraph
 *      with several targets is split at sentence boundaries, the "partly agreed" paragraph
 *      becomes the agreement note.
 *   5. summary_check: the document's own summary table must agree with what was parsed.
 *   6. yaml_*: the plan, keys in the order of the curated files.
 *
 * Memory: everything lives in one arena freed at the end, so no path can leak; running
 * out of memory longjmps back to import_plan(). Every loop is linear in the input or
 * bounded by a constant, so no input can make it hang.
 */
#include "import.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

/* ---- arena, strings, vectors --------------------------------------------------------- */

typedef struct anode {
	struct anode *next;
} anode;

/* A growable string; s is NULL until the first byte is added. */
typedef struct str {
	char *s;
	size_t len, cap;
} str;

typedef struct strv {
	char **v;
	size_t n, cap;
} strv;

enum { COL_REF, COL_FIND, COL_AGREE, COL_RESP, COL_OWNER, COL_TARGET, NCOLS };

/* One cell cut into paragraphs; `tagged` when the cell used <p>/<li>/<ul> at all. */
typedef struct paras {
	str *v;
	bool *li;       /* the paragraph came from a list (folded into the one before) */
	size_t n, cap;
	bool tagged;
} paras;

typedef struct row {
	int line;
	char *find, *agree;   /* normalised cell text ("" when empty) */
	paras resp;
	paras owner, target;
} row;

typedef struct action {
	str text;
	strv owners;
	char *target;
	int line;
} action;

typedef struct item {
	int line;
	char *ref;
	int seq;
	const char *category;
	const char *directed_to;
	str find;
	char *agreement_raw;
	row **rows;
	size_t nrows, caprows;
	/* results */
	const char *agreement;
	char *note, *repeated, *text;
	action *acts;
	size_t nacts, capacts;
} item;

typedef struct range {
	date_t from, to;
} range;

typedef struct known {
	const char *pat, *canon;
	size_t len;
} known;

typedef struct imp {
	jmp_buf oom;
	anode *mem;
	const char *name;
	FILE *warn;
	int nwarn;
	const import_opts *opt;
	ab_err *err;
	/* input */
	char **lines;
	size_t nlines;
	/* header */
	char *est_name;
	int est_line;
	date_t submitted, published;
	bool has_submitted, has_published;
	range ranges[16];
	size_t nranges;
	/* table */
	int col[NCOLS];     /* column index of each role, -1 when absent */
	int ncells;         /* cells in the header row */
	bool recs;          /* recommendations scheme */
	const char *category;
	const char *directed_to;
	bool saw_directed, warned_category;
	item **items;
	size_t nitems, capitems;
	item *cur;
	/* owners from the settings, longest first */
	known *known;
	size_t nknown;
	uint64_t split_work;
} imp;

static _Noreturn void oom(imp *im) { longjmp(im->oom, 1); }

/* Zeroed memory owned by the arena; the header slot keeps the payload max-aligned. */
static void *ar_alloc(imp *im, size_t n)
{
	size_t h = sizeof(max_align_t);
	if (n > SIZE_MAX / 2)
		oom(im);
	anode *a = calloc(1, h + n);
	if (!a)
		oom(im);
	a->next = im->mem;
	im->mem = a;
	return (char *)a + h;
}

static void ar_free(imp *im)
{
	while (im->mem) {
		anode *next = im->mem->next;
		free(im->mem);
		im->mem = next;
	}
}

static char *ar_strndup(imp *im, const char *s, size_t n)
{
	char *d = ar_alloc(im, n + 1);
	memcpy(d, s, n);
	return d;
}

static char *ar_strdup(imp *im, const char *s) { return ar_strndup(im, s, strlen(s)); }

/* Makes room for one more element of a vector; returns the (maybe moved) array. */
static void *vec_room(imp *im, void *v, size_t n, size_t *cap, size_t el)
{
	if (n < *cap)
		return v;
	size_t ncap = *cap ? *cap * 2 : 8;
	if (ncap > SIZE_MAX / el / 2)
		oom(im);
	void *nv = ar_alloc(im, ncap * el);
	if (n)
		memcpy(nv, v, n * el);
	*cap = ncap;
	return nv;
}

static void str_addn(imp *im, str *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1) {
			if (cap > SIZE_MAX / 4)
				oom(im);
			cap *= 2;
		}
		char *ns = ar_alloc(im, cap);
		if (b->len)
			memcpy(ns, b->s, b->len);
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

static void str_add(imp *im, str *b, const char *s) { str_addn(im, b, s, strlen(s)); }
static void str_addc(imp *im, str *b, char c) { str_addn(im, b, &c, 1); }
static const char *str_c(const str *b) { return b->s ? b->s : ""; }

static void str_addf(imp *im, str *b, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void str_addf(imp *im, str *b, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0)
		str_addn(im, b, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* Joins `s` to b with one space, as page-break continuations are joined. */
static void str_join(imp *im, str *b, const char *s)
{
	if (!*s)
		return;
	if (b->len)
		str_addc(im, b, ' ');
	str_add(im, b, s);
}

static void strv_push(imp *im, strv *v, char *s)
{
	v->v = vec_room(im, v->v, v->n, &v->cap, sizeof *v->v);
	v->v[v->n++] = s;
}

static void strv_push_unique(imp *im, strv *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->v[i], s))
			return;
	strv_push(im, v, (char *)s);
}

static void paras_push(imp *im, paras *p, const char *s, size_t n, bool li)
{
	size_t cap = p->cap;
	p->v = vec_room(im, p->v, p->n, &cap, sizeof *p->v);
	p->li = vec_room(im, p->li, p->n, &p->cap, sizeof *p->li);
	p->cap = cap;
	p->v[p->n] = (str){0};
	str_addn(im, &p->v[p->n], s, n);
	p->li[p->n++] = li;
}

static void paras_remove(paras *p, size_t i)
{
	memmove(p->v + i, p->v + i + 1, (p->n - i - 1) * sizeof *p->v);
	memmove(p->li + i, p->li + i + 1, (p->n - i - 1) * sizeof *p->li);
	p->n--;
}

/* ---- messages ------------------------------------------------------------------------ */

static void warnf(imp *im, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void warnf(imp *im, int line, const char *fmt, ...)
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

/* A short quotable excerpt of s for messages: its first `max` bytes, whole characters. */
static char *excerpt(imp *im, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return ar_strdup(im, s);
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	str b = {0};
	str_addn(im, &b, s, max);
	str_add(im, &b, "…");
	return b.s;
}

/* ---- character helpers ----------------------------------------------------------------- */

static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alnum(char c) { return is_lower(c) || is_upper(c) || is_digit(c); }

static bool starts_ci(const char *s, const char *prefix)
{
	return !strncasecmp(s, prefix, strlen(prefix));
}

/* Does the text end a sentence (., !, ?, :, possibly inside a closing bracket or quote)? */
static bool ends_terminal(const char *s, size_t n)
{
	size_t stop = n > 8 ? n - 8 : 0; /* bounded: it runs once per row on long texts */
	while (n > stop && (s[n - 1] == ')' || s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ' '))
		n--;
	if (n >= 3 && !memcmp(s + n - 3, "\xE2\x80\x9D", 3)) /* ” */
		n -= 3;
	return n > 0 && strchr(".!?:", s[n - 1]);
}

static size_t count_words(const char *s, size_t limit)
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

/*
 * The normalised form of extracted text: HTML tags already gone, entities decoded, every
 * run of whitespace or control characters one space, no space at either end.
 */
static char *normalize(imp *im, const char *s, size_t n)
{
	static const struct {
		const char *ent, *ch;
	} ents[] = {{"&amp;", "&"}, {"&lt;", "<"},     {"&gt;", ">"},
		    {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}};
	char *d = ar_alloc(im, n + 1);
	size_t j = 0;
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		size_t skip = 0;
		if (c == '&')
			for (size_t k = 0; k < sizeof ents / sizeof ents[0]; k++) {
				size_t el = strlen(ents[k].ent);
				if (n - i >= el && !memcmp(s + i, ents[k].ent, el)) {
					rep = ents[k].ch;
					skip = el - 1;
					break;
				}
			}
		if (c < 0x20 || c == 0x7f || (rep && *rep == ' ')) {
			space = true;
		} else if (c == ' ') {
			space = true;
		} else {
			if (space && j > 0)
				d[j++] = ' ';
			space = false;
			d[j++] = rep ? *rep : (char)c;
		}
		i += skip;
	}
	d[j] = 0;
	return d;
}

/* ---- cells: tags and paragraphs ------------------------------------------------------- */

/*
 * If s[i] starts an HTML tag the extractor writes, returns its length and sets *name to
 * one of "p", "ul", "li", "br", "x" (another formatting tag) and *close for "</…>";
 * returns 0 when '<' is just a character.
 */
static size_t tag_at(const char *s, size_t i, size_t n, const char **name, bool *close)
{
	static const char *const tags[] = {"p", "ul", "ol", "li", "br", "div", "span", "strong",
					   "b", "i", "em", "u", "font", "sup", "sub"};
	size_t j = i + 1;
	*close = j < n && s[j] == '/';
	if (*close)
		j++;
	size_t k = j;
	while (k < n && k - j < 8 && isalpha((unsigned char)s[k]))
		k++;
	if (k == j || k >= n || !(s[k] == '>' || s[k] == ' ' || s[k] == '/'))
		return 0;
	const char *found = NULL;
	for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++)
		if (strlen(tags[t]) == k - j && !strncasecmp(s + j, tags[t], k - j))
			found = tags[t];
	if (!found)
		return 0;
	size_t e = k;
	while (e < n && e - i < 300 && s[e] != '>' && s[e] != '<')
		e++;
	if (e >= n || s[e] != '>')
		return 0;
	if (!strcmp(found, "ol"))
		found = "ul";
	else if (!strcmp(found, "div"))
		found = "p";
	else if (strcmp(found, "p") && strcmp(found, "ul") && strcmp(found, "li") && strcmp(found, "br"))
		found = "x";
	*name = found;
	return e - i + 1;
}

static void flush_para(imp *im, paras *p, str *buf, bool li)
{
	char *t = normalize(im, str_c(buf), buf->len);
	if (*t)
		paras_push(im, p, t, strlen(t), li);
	buf->len = 0;
	if (buf->s)
		buf->s[0] = 0;
}

/* Cuts a raw cell into paragraphs at <p>, <li>, <ul> and their closing tags. */
static paras cell_paras(imp *im, const char *s)
{
	paras p = {0};
	str buf = {0};
	bool in_list = false, li_open = false; /* inside <ul>, inside <li> */
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		const char *name;
		bool close;
		size_t tl = s[i] == '<' ? tag_at(s, i, n, &name, &close) : 0;
		if (!tl) {
			str_addc(im, &buf, s[i]);
			continue;
		}
		i += tl - 1;
		if (!strcmp(name, "x"))
			continue;
		if (!strcmp(name, "br")) {
			str_addc(im, &buf, ' ');
			continue;
		}
		p.tagged = true;
		flush_para(im, &p, &buf, in_list || li_open);
		if (!strcmp(name, "ul"))
			in_list = !close;
		else if (!strcmp(name, "li"))
			li_open = !close;
	}
	flush_para(im, &p, &buf, in_list || li_open);
	return p;
}

/*
 * List items either stand for their own actions (when the owner or target cells have one
 * paragraph per item) or belong to the paragraph that introduces them ("… for: • a • b"),
 * the usual case; `want` is the number of owner/target paragraphs.
 */
static void fold_lists(imp *im, paras *p, size_t want)
{
	size_t folded = 0;
	for (size_t i = 0; i < p->n; i++)
		if (!p->li[i] || i == 0)
			folded++;
	if (folded == p->n || (want == p->n && want != folded))
		return;
	size_t j = 0; /* one pass, compacting: inputs may hold thousands of items */
	for (size_t i = 0; i < p->n; i++) {
		if (i == 0 || !p->li[i]) {
			p->v[j] = p->v[i];
			p->li[j++] = p->li[i];
			continue;
		}
		const char *t = str_c(&p->v[i]);
		str_join(im, &p->v[j - 1], strncmp(t, "\xE2\x80\xA2", 3) ? "\xE2\x80\xA2" : "");
		str_join(im, &p->v[j - 1], t); /* the item reads as " • item" */
	}
	p->n = j;
}

/* ---- dates ----------------------------------------------------------------------------- */

static int month_at(const char *s, size_t *len)
{
	static const char *const names[] = {"january", "february", "march",     "april",
					    "may",     "june",     "july",      "august",
					    "september", "october", "november", "december"};
	size_t n = 0;
	while (isalpha((unsigned char)s[n]) && n < 12)
		n++;
	if (n < 3)
		return 0;
	for (int m = 0; m < 12; m++) {
		size_t full = strlen(names[m]);
		if ((n == full || n == 3 || (m == 8 && n == 4)) && n <= full && !strncasecmp(s, names[m], n)) {
			*len = n;
			return m + 1;
		}
	}
	return 0;
}

/* One point of a date text: any of day, month, year (0 when not given). */
typedef struct dpoint {
	int d, m, y;
	bool dash_after; /* a range dash follows */
	bool y_inherited;
} dpoint;

static const char *skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* A dash of a range: -, –, —, "to". */
static size_t dash_at(const char *s)
{
	if (*s == '-')
		return 1;
	if (!strncmp(s, "\xE2\x80\x93", 3) || !strncmp(s, "\xE2\x80\x94", 3))
		return 3;
	if (!strncasecmp(s, "to ", 3))
		return 2;
	return 0;
}

static size_t sep_at(const char *s)
{
	if (*s == ',' || *s == '&')
		return 1;
	if (!strncasecmp(s, "and ", 4))
		return 3;
	return 0;
}

static int read_int(const char **s, int maxdigits)
{
	int v = 0, k = 0;
	while (is_digit(**s) && k < maxdigits) {
		v = v * 10 + (**s - '0');
		(*s)++;
		k++;
	}
	return k ? v : -1;
}

/* One point at *s: "22/05/2019", "12 December 2022", "18", "August", "18th July". */
static bool dpoint_read(const char **sp, dpoint *p)
{
	const char *s = *sp;
	*p = (dpoint){0};
	if (is_digit(*s)) {
		const char *t = s;
		int a = read_int(&t, 4);
		if ((*t == '/' || *t == '.') && is_digit(t[1])) {
			char sep = *t++;
			int b = read_int(&t, 2);
			if (*t != sep || !is_digit(t[1]))
				return false;
			t++;
			int c = read_int(&t, 4);
			if (c >= 0 && c < 100)
				c += 2000;
			*p = (dpoint){.d = a, .m = b, .y = c};
			*sp = t;
			return !is_alnum(*t);
		}
		if (t - s == 4) {
			p->y = a;
			*sp = t;
			return !is_alnum(*t);
		}
		p->d = a;
		if (!strncasecmp(t, "st", 2) || !strncasecmp(t, "nd", 2) || !strncasecmp(t, "rd", 2) ||
		    !strncasecmp(t, "th", 2))
			t += 2;
		if (is_alnum(*t))
			return false;
		s = skip_spaces(t);
	}
	size_t ml;
	int m = month_at(s, &ml);
	if (m) {
		p->m = m;
		s = skip_spaces(s + ml);
		if (is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) && !is_alnum(s[4])) {
			p->y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
			s += 4;
		}
	}
	if (!p->d && !p->m && !p->y)
		return false;
	*sp = s;
	return true;
}

/*
 * Date ranges as plans print them: "18–19 and 25–29 July 2022", "27 August – 6 September
 * 2019", "12-22 November 2018", "22/05/2019", "12 December 2022". Missing months and
 * years are taken from the next point to the right, as written. The whole text must be
 * read; returns the number of ranges, 0 when it is not a date text.
 */
static size_t parse_ranges(const char *text, range *out, size_t max)
{
	dpoint pts[32];
	size_t np = 0;
	const char *s = skip_spaces(text);
	while (*s) {
		if (np == sizeof pts / sizeof pts[0] || !dpoint_read(&s, &pts[np]))
			return 0;
		np++;
		s = skip_spaces(s);
		if (*s == '.' && !s[1])
			s++;
		size_t k;
		if ((k = dash_at(s))) {
			pts[np - 1].dash_after = true;
			s = skip_spaces(s + k);
			if (!*s)
				return 0;
		} else if ((k = sep_at(s))) {
			s = skip_spaces(s + k);
			if (!*s)
				return 0;
		} else if (*s) {
			return 0;
		}
	}
	if (!np)
		return 0;
	for (size_t i = np; i-- > 0;) {
		if (i + 1 < np) {
			if (!pts[i].m)
				pts[i].m = pts[i + 1].m;
			if (!pts[i].y)
				pts[i].y = pts[i + 1].y, pts[i].y_inherited = true;
		}
		date_t d = {pts[i].y, pts[i].m, pts[i].d};
		if (!pts[i].d || !date_valid(d))
			return 0;
	}
	size_t nr = 0;
	for (size_t i = 0; i < np; i++) {
		if (nr == max)
			return 0;
		date_t a = {pts[i].y, pts[i].m, pts[i].d}, b = a;
		if (pts[i].dash_after) {
			if (i + 1 >= np || pts[i + 1].dash_after)
				return 0;
			i++;
			b = (date_t){pts[i].y, pts[i].m, pts[i].d};
			if (date_cmp(a, b) > 0 && pts[i - 1].y_inherited)
				a.y--; /* "28 December – 3 January 2020" */
			if (!date_valid(a) || date_cmp(a, b) > 0)
				return 0;
		}
		out[nr++] = (range){a, b};
	}
	return nr;
}

static bool parse_date(const char *text, date_t *out)
{
	range r[2];
	if (parse_ranges(text, r, 2) != 1 || date_cmp(r[0].from, r[0].to))
		return false;
	*out = r[0].from;
	return true;
}

/* ---- input ----------------------------------------------------------------------------- */

/* Length of the valid UTF-8 character at s (n bytes left), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
	if (!len || s[0] > 0xF4 || len > n)
		return 0;
	for (size_t k = 1; k < len; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) ||
	    (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))
		return 0; /* overlong, surrogate, beyond U+10FFFF */
	return len;
}

static int input_prepare(imp *im, const char *data, size_t len)
{
	if (len == 0)
		return err_set_at(im->err, EX_DATAERR, im->name, 0, 0, "empty file: no action plan to import");
	if (len > IMPORT_MAX_INPUT)
		return err_set_at(im->err, EX_DATAERR, im->name, 0, 0,
				  "file too large (%zu bytes; at most %u): not an action plan's text", len,
				  IMPORT_MAX_INPUT);
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		data += 3, len -= 3;
	int line = 1;
	for (size_t i = 0; i < len;) {
		const unsigned char *u = (const unsigned char *)data + i;
		if (!u[0])
			return err_set_at(im->err, EX_DATAERR, im->name, line, 0,
					  "binary data (a NUL byte): give the text extracted from the plan");
		size_t k = utf8_len(u, len - i);
		if (!k)
			return err_set_at(im->err, EX_DATAERR, im->name, line, 0,
					  "not UTF-8 text (byte 0x%02X); convert it first, e.g. with iconv",
					  u[0]);
		line += u[0] == '\n';
		i += k;
	}
	char *text = ar_strndup(im, data, len);
	size_t nl = 1;
	for (size_t i = 0; i < len; i++)
		nl += text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n');
	im->lines = ar_alloc(im, nl * sizeof *im->lines);
	char *p = text;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n' && text[i] != '\r')
			continue;
		bool crlf = i < len && text[i] == '\r' && text[i + 1] == '\n';
		text[i] = 0;
		im->lines[im->nlines++] = p;
		i += crlf;
		p = text + i + 1;
	}
	return 0;
}

/* Cells of a line split by tabs (the line is modified); returns the count. */
static size_t split_cells(char *line, char **cells, size_t max)
{
	size_t n = 0;
	cells[n++] = line;
	for (char *p = line; *p; p++)
		if (*p == '\t') {
			*p = 0;
			if (n < max)
				cells[n++] = p + 1;
			else
				*p = '\t'; /* extra cells stay in the last one */
		}
	return n;
}

/* ---- header ---------------------------------------------------------------------------- */

/* The text after `label` (case-insensitive, anywhere in s) and an optional colon. */
static const char *after_label(const char *s, const char *label)
{
	const char *p = strcasestr(s, label);
	if (!p)
		return NULL;
	p = skip_spaces(p + strlen(label));
	if (*p == ':')
		p = skip_spaces(p + 1);
	return p;
}

/* "HMP Liverpool", "HMP/YOI Hindley", not "ACTION PLAN: HMCIP REPORT". */
static bool names_establishment(const char *v)
{
	static const char *const kinds[] = {"HMP", "YOI", "HMYOI", "Prison", "IRC", "STC"};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		const char *p = strcasestr(v, kinds[k]);
		if (p && (p == v || !is_alnum(p[-1])) && !is_alnum(p[strlen(kinds[k])]))
			return true;
	}
	return false;
}

static void header_line(imp *im, const char *raw, int line)
{
	char *s = normalize(im, raw, strlen(raw));
	const char *v;
	date_t d;
	if (!*s)
		return;
	if ((v = after_label(s, "plan submitted"))) {
		if (!im->has_submitted && parse_date(v, &d))
			im->submitted = d, im->has_submitted = true;
		else if (!im->has_submitted)
			warnf(im, line, "plan submitted date '%s' not understood; left out", excerpt(im, v, 60));
	} else if ((v = after_label(s, "report published")) || (starts_ci(s, "published") && (v = after_label(s, "published")))) {
		if (!im->has_published && parse_date(v, &d))
			im->published = d, im->has_published = true;
		else if (!im->has_published)
			warnf(im, line, "report published date '%s' not understood; left out", excerpt(im, v, 60));
	} else if ((v = after_label(s, "inspection")) && !im->nranges && *v) {
		if (!strncasecmp(v, "dates", 5))
			v = skip_spaces(v + 5 + (v[5] == ':'));
		im->nranges = parse_ranges(v, im->ranges, sizeof im->ranges / sizeof im->ranges[0]);
	} else if (((starts_ci(s, "action plan") && (v = after_label(s, "action plan"))) ||
		    (starts_ci(s, "establishment") && (v = after_label(s, "establishment")))) &&
		   !im->est_name && names_establishment(v)) {
		im->est_name = ar_strdup(im, v);
		im->est_line = line;
	}
}

/*
 * The establishment code from its name: the first three letters of the place, after the
 * kind of establishment ("HMP Liverpool" is LIV, "HMP/YOI Hindley" HIN). A guess: warns.
 */
static const char *derive_code(imp *im)
{
	static const char *const kinds[] = {"hmp", "yoi", "hmyoi", "hmp/yoi", "hmp&yoi", "hmp/ yoi",
					    "&", "and", "hm", "prison", "irc", "hmirc", "stc", "/",
					    "young", "offender", "institution"};
	if (!im->est_name)
		return NULL;
	const char *p = im->est_name;
	for (;;) {
		p = skip_spaces(p);
		size_t n = 0;
		while (p[n] && p[n] != ' ' && p[n] != '/')
			n++;
		bool kind = false;
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
			if (n && strlen(kinds[k]) == n && !strncasecmp(p, kinds[k], n))
				kind = true;
		if (!kind && *p == '/')
			kind = true, n = 1;
		if (!kind)
			break;
		p += n;
	}
	char code[4] = {0};
	size_t k = 0;
	for (; *p && *p != ' ' && k < 3; p++)
		if (isalpha((unsigned char)*p))
			code[k++] = (char)toupper((unsigned char)*p);
	if (k == 0)
		return NULL;
	warnf(im, im->est_line, "establishment code '%s' derived from '%s'; give --establishment CODE if it differs",
	      code, excerpt(im, im->est_name, 60));
	return ar_strdup(im, code);
}

/* ---- owners ---------------------------------------------------------------------------- */

static int known_cmp(const void *a, const void *b)
{
	const known *x = a, *y = b;
	return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

static void owners_init(imp *im)
{
	const model_config *cfg = im->opt->settings;
	if (!cfg)
		return;
	size_t n = 0;
	for (size_t i = 0; i < cfg->nowners; i++)
		n += 1 + cfg->owners[i].naliases;
	im->known = ar_alloc(im, (n + 1) * sizeof *im->known);
	for (size_t i = 0; i < cfg->nowners; i++) {
		const model_owner *o = &cfg->owners[i];
		for (size_t j = 0; j <= o->naliases; j++) {
			const char *pat = j ? o->aliases[j - 1] : o->name;
			if (pat && *pat)
				im->known[im->nknown++] = (known){pat, o->name, strlen(pat)};
		}
	}
	qsort(im->known, im->nknown, sizeof *im->known, known_cmp);
}

/* The longest known owner name or alias at s[i], at word boundaries; NULL if none. */
static const known *known_at(imp *im, const char *s, size_t i)
{
	if (i > 0 && is_alnum(s[i - 1]))
		return NULL;
	for (size_t k = 0; k < im->nknown; k++) {
		const known *kn = &im->known[k];
		if (!strncasecmp(s + i, kn->pat, kn->len) && !is_alnum(s[i + kn->len]))
			return kn;
	}
	return NULL;
}

/* A name folded onto its canonical owner when the whole of it is known. */
static const char *fold_owner(imp *im, const char *name)
{
	size_t n = strlen(name);
	while (n > 0 && (name[n - 1] == '.' || name[n - 1] == ','))
		n--;
	for (size_t k = 0; k < im->nknown; k++)
		if (im->known[k].len == n && !strncasecmp(name, im->known[k].pat, n))
			return im->known[k].canon;
	for (size_t k = 0; k < im->nknown; k++)
		if (!strcasecmp(name, im->known[k].pat))
			return im->known[k].canon;
	return NULL;
}

/* A joiner between joint owners: "and", "&", "/", ",", "+", ";". */
static size_t joiner_at(const char *s, size_t i)
{
	if (strchr("&/,+;", s[i]) && s[i])
		return 1;
	if ((i == 0 || s[i - 1] == ' ') && !strncasecmp(s + i, "and", 3) && !is_alnum(s[i + 3]))
		return 3;
	return 0;
}

typedef struct ogroups {
	strv *g;
	size_t n, cap;
	bool guessed; /* some part matched no known owner */
	char *unknown;
} ogroups;

static void ogroups_add(imp *im, ogroups *og, const char *name, bool *joined)
{
	if (!og->n || *joined == false) {
		og->g = vec_room(im, og->g, og->n, &og->cap, sizeof *og->g);
		og->g[og->n++] = (strv){0};
	}
	strv_push_unique(im, &og->g[og->n - 1], name);
	*joined = false;
}

/*
 * An owner cell as groups of joint owners. Known names (longest first) are recognised
 * anywhere; owners joined by "and", "/", "&" or "," form one group, owners side by side
 * ("Governor. Governor Governor") separate groups, which may be one per action. A cell
 * naming no known owner is one owner, as published.
 */
static ogroups owner_groups(imp *im, const char *s)
{
	ogroups og = {0};
	size_t n = strlen(s);
	bool any = false, joined = true;
	for (size_t i = 0; i < n && n <= 1000;) {
		size_t k;
		if (s[i] == ' ' || s[i] == '.') {
			i++;
			continue;
		}
		if ((k = joiner_at(s, i))) {
			joined = true;
			i += k;
			continue;
		}
		const known *kn = known_at(im, s, i);
		if (kn) {
			ogroups_add(im, &og, kn->canon, &joined);
			any = true;
			i += kn->len;
			continue;
		}
		size_t start = i;
		while (i < n && !((i == start || s[i - 1] == ' ' || s[i - 1] == '/') &&
				  (joiner_at(s, i) || known_at(im, s, i))) && !strchr("&/,+;", s[i]))
			i++;
		size_t end = i;
		while (end > start && (s[end - 1] == ' ' || s[end - 1] == '.'))
			end--;
		if (end > start) {
			char *name = ar_strndup(im, s + start, end - start);
			ogroups_add(im, &og, name, &joined);
			og.guessed = true;
			if (!og.unknown)
				og.unknown = name;
		}
	}
	if (!any) {
		og = (ogroups){0};
		if (*s) {
			og.g = ar_alloc(im, sizeof *og.g);
			og.n = 1;
			strv_push(im, &og.g[0], ar_strdup(im, s));
		}
	}
	return og;
}

static strv ogroups_union(imp *im, const ogroups *og)
{
	strv all = {0};
	for (size_t i = 0; i < og->n; i++)
		for (size_t j = 0; j < og->g[i].n; j++)
			strv_push_unique(im, &all, og->g[i].v[j]);
	return all;
}

/* ---- targets --------------------------------------------------------------------------- */

/* One target at s: "March 2023", "12 May 2020", "12/05/2020", "Completed", "Ongoing". */
static size_t target_atom(const char *s)
{
	static const char *const words[] = {"completed", "complete", "ongoing", "achieved"};
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
		size_t n = strlen(words[k]);
		if (!strncasecmp(s, words[k], n) && !is_alnum(s[n]))
			return n;
	}
	const char *p = s;
	dpoint pt;
	if (!dpoint_read(&p, &pt) || !pt.y || !pt.m)
		return 0;
	return (size_t)(p - s);
}

/* A target cell: several targets when it is nothing but targets side by side. */
static strv target_units(imp *im, const char *s)
{
	strv out = {0};
	if (!*s)
		return out;
	const char *p = s;
	while (*p) {
		size_t k = target_atom(p);
		if (!k)
			break;
		strv_push(im, &out, ar_strndup(im, p, k));
		p += k;
		while (*p == ' ' || *p == ',' || *p == ';' || *p == '.')
			p++;
	}
	if (*p || out.n < 2) {
		out.n = 0;
		strv_push(im, &out, ar_strdup(im, s));
	}
	return out;
}

/* ---- sentences ------------------------------------------------------------------------- */

/* Offsets where sentences start (the first is 0); at most `max`. */
static size_t sentence_starts(const char *s, size_t *starts, size_t max)
{
	size_t n = 0;
	starts[n++] = 0;
	for (size_t i = 1; s[i] && n < max; i++) {
		if (s[i] != ' ' || !strchr(".!?", s[i - 1]))
			continue;
		char c = s[i + 1];
		if (is_upper(c) || is_digit(c) || c == '"')
			starts[n++] = i + 1;
	}
	return n;
}

#define MAX_SENT 128
/* Items in one plan: published plans have at most a few dozen; the limit keeps the
 * duplicate check (quadratic) fast on hostile input. */
#define IMPORT_MAX_ITEMS 5000
/* Owners of one action; more is extraction debris. */
#define MAX_OWNERS 32
/* Work allowed for all paragraph splits of one input (sentence pairs × parts). */
#define SPLIT_BUDGET 50000000u

/*
 * Splits paragraph `s` into k parts at sentence boundaries, for k targets or owners
 * printed beside one paragraph. A target date the text mentions ("… commencing in July
 * 2020") ends its own part; otherwise the parts are as even as the sentences allow
 * (least sum of squared lengths). Returns the number of parts made (1 if it cannot).
 */
static size_t split_sentences(imp *im, const char *s, size_t k, char **targets, char **parts)
{
	size_t st[MAX_SENT + 1];
	size_t ns = sentence_starts(s, st, MAX_SENT);
	size_t len = strlen(s);
	if (ns < k || k < 2) {
		parts[0] = ar_strdup(im, s);
		return 1;
	}
	uint64_t work = (uint64_t)k * ns * ns;
	if (im->split_work + work > SPLIT_BUDGET) {
		parts[0] = ar_strdup(im, s);
		return 1;
	}
	im->split_work += work;
	st[ns] = len + 1;
	int forced[MAX_SENT]; /* forced[j]: the sentence that must end part j, or -1 */
	int last = -1;
	bool ok = true;
	for (size_t j = 0; j < k; j++) {
		forced[j] = -1;
		const char *t = targets ? targets[j] : NULL;
		if (j + 1 == k || !t || !*t)
			continue;
		date_t dummy;
		const char *hit = strstr(s, t);
		if (!hit || parse_date(t, &dummy) || !target_atom(t) || !strcasecmp(t, "completed") || !strcasecmp(t, "ongoing"))
			continue;
		size_t at = (size_t)(hit - s), si = 0;
		while (si + 1 < ns && st[si + 1] <= at)
			si++;
		forced[j] = (int)si;
		if ((int)si <= last || ns - si - 1 < k - j - 1)
			ok = false;
		last = (int)si;
	}
	if (!ok)
		for (size_t j = 0; j < k; j++)
			forced[j] = -1;
	/* cost[j][e]: best cost of sentences [0, e) in j parts; from[j][e]: where part j-1 starts */
	size_t cells = (k + 1) * (ns + 1);
	uint64_t *cost = ar_alloc(im, cells * sizeof *cost);
	size_t *from = ar_alloc(im, cells * sizeof *from);
	for (size_t i = 0; i < cells; i++)
		cost[i] = UINT64_MAX;
	cost[0] = 0;
	for (size_t j = 1; j <= k; j++)
		for (size_t e = j; e <= ns; e++) {
			if (forced[j - 1] >= 0 && (size_t)forced[j - 1] != e - 1)
				continue;
			if (j == k && e != ns)
				continue;
			for (size_t b = j - 1; b < e; b++) {
				uint64_t c = cost[(j - 1) * (ns + 1) + b];
				if (c == UINT64_MAX)
					continue;
				uint64_t l = st[e] - st[b];
				c += l * l;
				if (c < cost[j * (ns + 1) + e])
					cost[j * (ns + 1) + e] = c, from[j * (ns + 1) + e] = b;
			}
		}
	if (cost[k * (ns + 1) + ns] == UINT64_MAX) {
		parts[0] = ar_strdup(im, s);
		return 1;
	}
	size_t e = ns;
	for (size_t j = k; j >= 1; j--) {
		size_t b = from[j * (ns + 1) + e];
		size_t end = st[e] - 1; /* the space before the next sentence, or the NUL */
		parts[j - 1] = ar_strndup(im, s + st[b], end - st[b]);
		e = b;
	}
	return k;
}

/* ---- items ----------------------------------------------------------------------------- */

static bool is_note(const char *s)
{
	return starts_ci(s, "this recommendation is partly agreed") ||
	       starts_ci(s, "this recommendation is not agreed") ||
	       starts_ci(s, "this recommendation is partially agreed") ||
	       starts_ci(s, "this recommendation is agreed in part");
}

static const char *agreement_of(const char *raw)
{
	char buf[64];
	size_t j = 0;
	for (const char *p = raw; *p && j + 1 < sizeof buf; p++)
		if (isalpha((unsigned char)*p))
			buf[j++] = (char)tolower((unsigned char)*p);
	buf[j] = 0;
	if (!strcmp(buf, "agreed") || !strcmp(buf, "accepted") || !strcmp(buf, "yes"))
		return "agreed";
	if (!strcmp(buf, "partlyagreed") || !strcmp(buf, "partiallyagreed") ||
	    !strcmp(buf, "partlyaccepted") || !strcmp(buf, "agreedinpart"))
		return "partly_agreed";
	if (!strcmp(buf, "notagreed") || !strcmp(buf, "notaccepted") || !strcmp(buf, "rejected") ||
	    !strcmp(buf, "no"))
		return "not_agreed";
	return NULL;
}

static action *new_action(imp *im, item *it, const char *text, int line)
{
	it->acts = vec_room(im, it->acts, it->nacts, &it->capacts, sizeof *it->acts);
	action *a = &it->acts[it->nacts++];
	*a = (action){.line = line};
	str_add(im, &a->text, text);
	return a;
}

static const strv *prev_owners(item *it)
{
	return it->nacts ? &it->acts[it->nacts - 1].owners : NULL;
}

/* A continuation of the text before it, cut by a page break: "and will…", "(COM) of…". */
static bool continues(const str *prev, const char *next, bool own_cells)
{
	if (!prev->len || !*next)
		return false;
	if (is_lower(next[0]))
		return true;
	if (ends_terminal(prev->s, prev->len))
		return false;
	return !own_cells || !(is_upper(next[0]) || is_digit(next[0]) || ((unsigned char)next[0] >= 0x80));
}

/*
 * "… Equalities Monitoring Tool. HMP" + "Liverpool will conduct …": a page break cut a
 * name and the next row has its own owner and target; the stray words move forward.
 */
static void move_fragment(imp *im, action *last, paras *p, int line)
{
	str *t = &last->text;
	if (!t->len || ends_terminal(t->s, t->len) || !p->n || !is_upper(str_c(&p->v[0])[0]))
		return;
	size_t lim = t->len > 40 ? t->len - 40 : 0;
	for (size_t i = t->len; i-- > lim + 1;) {
		if (t->s[i] != ' ' || t->s[i - 1] != '.')
			continue;
		const char *frag = t->s + i + 1;
		if (count_words(frag, 3) > 2 || !is_upper(frag[0]))
			return;
		str moved = {0};
		str_add(im, &moved, frag);
		str_join(im, &moved, str_c(&p->v[0]));
		warnf(im, line, "'%s' at the end of the previous action moved to the start of this one (cut by a page break)", frag);
		p->v[0] = moved;
		t->len = i;
		t->s[i] = 0;
		return;
	}
}

static void set_owners(imp *im, action *a, const strv *o)
{
	for (size_t i = 0; o && i < o->n; i++) {
		if (a->owners.n >= MAX_OWNERS) {
			warnf(im, a->line, "more than %d owners for one action; the rest dropped", MAX_OWNERS);
			return;
		}
		strv_push_unique(im, &a->owners, o->v[i]);
	}
}

/* Owner/target cells with no paragraph of their own fill what the last action lacks. */
static void fill_last(imp *im, item *it, row *r, const strv *ounits, size_t o, const strv *tunits)
{
	if (!o && !tunits->n)
		return;
	if (!it->nacts) {
		warnf(im, r->line, "owner or target with no action text; ignored");
		return;
	}
	action *a = &it->acts[it->nacts - 1];
	bool used = false;
	if (o && !a->owners.n) {
		for (size_t i = 0; i < o; i++)
			set_owners(im, a, &ounits[i]);
		used = true;
	}
	if (tunits->n && (!a->target || !*a->target)) {
		str t = {0};
		for (size_t i = 0; i < tunits->n; i++)
			str_join(im, &t, tunits->v[i]);
		a->target = t.s;
		used = true;
	}
	if (!used)
		warnf(im, r->line, "owner or target with no action text; ignored");
}

/* The agreement note: the "partly/not agreed" paragraph, or its first sentence. */
static void take_note(imp *im, item *it, row *r)
{
	paras *p = &r->resp;
	if (!im->recs || it->note || it->nacts || !p->n || !is_note(str_c(&p->v[0])))
		return;
	const char *s = str_c(&p->v[0]);
	if (!r->owner.n && !r->target.n) {
		it->note = ar_strdup(im, s);
		paras_remove(p, 0);
		return;
	}
	size_t st[2];
	if (sentence_starts(s, st, 2) < 2) {
		it->note = ar_strdup(im, s);
		paras_remove(p, 0);
		warnf(im, r->line, "the agreement note has an owner or target but no action of its own");
		return;
	}
	it->note = ar_strndup(im, s, st[1] - 1);
	str rest = {0};
	str_add(im, &rest, s + st[1]);
	p->v[0] = rest;
}

/* Owner units of a row: one per <p>, or per side-by-side group when that gives `want`. */
static size_t row_owner_units(imp *im, item *it, row *r, size_t want, strv **units)
{
	size_t n = r->owner.n;
	*units = ar_alloc(im, (n + 1) * sizeof **units);
	if (n == 1 && !r->owner.tagged) {
		const char *s = str_c(&r->owner.v[0]);
		if (is_lower(s[0]) && strchr(s, ')') && !strchr(s, '(')) {
			/* "provider)": the tail of the owner cell above, cut by a page break */
			const strv *prev = prev_owners(it);
			warnf(im, r->line, "owner cell '%s' is the tail of the one above; the item's previous owner%s kept",
			      excerpt(im, s, 40), prev && prev->n > 1 ? "s are" : " is");
			return 0;
		}
		ogroups og = owner_groups(im, s);
		if (og.guessed)
			warnf(im, r->line, "owner '%s' is not in the settings; kept as published", og.unknown);
		if (og.n > 1 && og.n == want) {
			*units = og.g;
			return og.n;
		}
		(*units)[0] = ogroups_union(im, &og);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		ogroups og = owner_groups(im, str_c(&r->owner.v[i]));
		if (og.guessed)
			warnf(im, r->line, "owner '%s' is not in the settings; kept as published", og.unknown);
		(*units)[i] = ogroups_union(im, &og);
	}
	return n;
}

static strv row_target_units(imp *im, row *r)
{
	strv t = {0};
	if (r->target.n == 1 && !r->target.tagged)
		return target_units(im, str_c(&r->target.v[0]));
	for (size_t i = 0; i < r->target.n; i++)
		strv_push(im, &t, ar_strdup(im, str_c(&r->target.v[i])));
	return t;
}

/* More paragraphs than targets/owners: they sit beside the last paragraphs (bottom). */
static void assign(imp *im, item *it, row *r, size_t first, size_t np, bool split,
		   strv *ounits, size_t o, strv *tunits)
{
	size_t t = tunits->n;
	for (size_t i = 0; i < np; i++) {
		action *a = &it->acts[first + i];
		/* owners */
		if (o == np) {
			set_owners(im, a, &ounits[i]);
		} else if (o == 1 && split) {
			set_owners(im, a, &ounits[0]);
		} else if (o > np) {
			set_owners(im, a, &ounits[i]);
			if (i + 1 == np) {
				for (size_t k = np; k < o; k++)
					set_owners(im, a, &ounits[k]);
				warnf(im, r->line, "%zu owners for %zu actions; the last action takes the rest", o, np);
			}
		} else if (o > 0 && i >= np - o) {
			set_owners(im, a, &ounits[i - (np - o)]);
		} else {
			const strv *prev = first + i > 0 ? &it->acts[first + i - 1].owners : NULL;
			if (!prev || !prev->n)
				prev = o ? &ounits[0] : NULL;
			set_owners(im, a, prev);
			if (a->owners.n)
				warnf(im, r->line, "action %s.%zu has no owner of its own; it takes '%s'%s", it->ref,
				      first + i + 1, a->owners.v[0], a->owners.n > 1 ? " and the others before it" : "");
			else
				warnf(im, r->line, "action %s.%zu has no owner", it->ref, first + i + 1);
		}
		/* targets */
		if (t == np || (t == 1 && split)) {
			a->target = tunits->v[t == np ? i : 0];
		} else if (t > np) {
			a->target = tunits->v[i];
			if (i + 1 == np) {
				str all = {0};
				for (size_t k = i; k < t; k++)
					str_join(im, &all, tunits->v[k]);
				a->target = all.s;
				warnf(im, r->line, "%zu targets for %zu actions; the last action takes '%s'", t, np, all.s);
			}
		} else if (t > 0 && i >= np - t) {
			a->target = tunits->v[i - (np - t)];
		} else {
			a->target = "";
			if (t > 0)
				warnf(im, r->line, "action %s.%zu has no target beside it (the %s below belongs to the paragraph%s below); target left empty",
				      it->ref, first + i + 1, t > 1 ? "targets" : "target", t > 1 ? "s" : "");
		}
	}
}

/* One row's paragraphs, owners and targets as actions of the item. */
static void row_actions(imp *im, item *it, row *r)
{
	take_note(im, it, r);
	paras *p = &r->resp;
	bool own = r->owner.n || r->target.n;
	if (it->nacts && p->n) {
		action *last = &it->acts[it->nacts - 1];
		if (continues(&last->text, str_c(&p->v[0]), own)) {
			str_join(im, &last->text, str_c(&p->v[0]));
			paras_remove(p, 0);
		} else {
			move_fragment(im, last, p, r->line);
		}
	}
	strv tunits = row_target_units(im, r);
	size_t want = p->n > tunits.n ? p->n : tunits.n;
	strv *ounits;
	size_t o = row_owner_units(im, it, r, want, &ounits);
	if (!p->n) {
		fill_last(im, it, r, ounits, o, &tunits);
		return;
	}
	size_t np = p->n, need = np;
	if (o > need)
		need = o;
	if (tunits.n > need)
		need = tunits.n;
	bool split = false;
	char **parts = NULL;
	size_t nparts = 1;
	if (need > np) {
		size_t k = need - np + 1;
		parts = ar_alloc(im, k * sizeof *parts);
		char **tg = tunits.n == need ? tunits.v + (np - 1) : NULL;
		nparts = split_sentences(im, str_c(&p->v[np - 1]), k, tg, parts);
		if (nparts == k) {
			split = np == 1;
			warnf(im, r->line, "one paragraph beside %zu %s: split into %zu actions at sentence boundaries; check the split",
			      need, tunits.n == need ? "targets" : "owners", k);
		} else {
			warnf(im, r->line, "one paragraph beside %zu targets/owners has too few sentences to split; kept whole", need);
		}
	}
	size_t first = it->nacts;
	for (size_t i = 0; i + 1 < np; i++)
		new_action(im, it, str_c(&p->v[i]), r->line);
	if (nparts > 1)
		for (size_t i = 0; i < nparts; i++)
			new_action(im, it, parts[i], r->line);
	else
		new_action(im, it, str_c(&p->v[np - 1]), r->line);
	assign(im, it, r, first, it->nacts - first, split, ounits, o, &tunits);
}

/* Rows with text but no owner and no target that continue the row above's last paragraph. */
static void merge_rows(imp *im, item *it)
{
	for (size_t i = 1; i < it->nrows; i++) {
		row *r = it->rows[i], *prev = it->rows[i - 1];
		if (r->owner.n || r->target.n || !r->resp.n)
			continue;
		if (!prev->resp.n && (prev->owner.n || prev->target.n)) {
			prev->resp = r->resp;
			r->resp = (paras){0};
		} else if (prev->resp.n && continues(&prev->resp.v[prev->resp.n - 1], str_c(&r->resp.v[0]), false)) {
			str_join(im, &prev->resp.v[prev->resp.n - 1], str_c(&r->resp.v[0]));
			paras_remove(&r->resp, 0);
		}
	}
}

/* "(Repeated recommendation 2.43)" anywhere in the finding: recorded, then removed. */
static void take_repeated(imp *im, item *it, str *f)
{
	char *p = strcasestr(f->s ? f->s : "", "(repeated ");
	if (!p)
		return;
	char *q = p + 10;
	while (isalpha((unsigned char)*q))
		q++;
	q = (char *)skip_spaces(q);
	char *ref = q;
	while (is_alnum(*q) || *q == '.')
		q++;
	while (q > ref && q[-1] == '.')
		q--;
	if (q == ref || *skip_spaces(q) != ')')
		return;
	it->repeated = ar_strndup(im, ref, (size_t)(q - ref));
	char *end = (char *)skip_spaces(q) + 1;
	size_t before = (size_t)(p - f->s);
	while (before > 0 && f->s[before - 1] == ' ')
		before--;
	if (*end == '.' && before > 0 && ends_terminal(f->s, before))
		end++;
	str t = {0};
	str_addn(im, &t, f->s, before);
	str_join(im, &t, skip_spaces(end));
	*f = t;
}

static void item_finish(imp *im, item *it)
{
	str f = it->find;
	if (starts_ci(str_c(&f), "recommendation:") || starts_ci(str_c(&f), "concern:")) {
		str t = {0};
		str_add(im, &t, skip_spaces(strchr(f.s, ':') + 1));
		f = t;
	}
	take_repeated(im, it, &f);
	it->text = ar_strdup(im, str_c(&f));
	if (im->recs) {
		it->agreement = it->agreement_raw ? agreement_of(it->agreement_raw) : NULL;
		if (!it->agreement && it->agreement_raw && *it->agreement_raw)
			warnf(im, it->line, "agreement '%s' of %s not understood; left out", excerpt(im, it->agreement_raw, 40), it->ref);
		else if (!it->agreement)
			warnf(im, it->line, "%s has no agreement; left out", it->ref);
	}
	merge_rows(im, it);
	for (size_t i = 0; i < it->nrows; i++)
		row_actions(im, it, it->rows[i]);
	if (it->agreement && strcmp(it->agreement, "agreed") && !it->note)
		warnf(im, it->line, "%s is %s but gives no reason", it->ref, it->agreement);
	if (!it->nacts)
		warnf(im, it->line, "%s has no actions", it->ref);
}

/* ---- the table ------------------------------------------------------------------------- */

static bool header_row(imp *im, char *line)
{
	char *cells[32];
	char *copy = ar_strdup(im, line);
	size_t n = split_cells(copy, cells, 32);
	if (n < 4)
		return false;
	int col[NCOLS];
	for (int k = 0; k < NCOLS; k++)
		col[k] = -1;
	char *c0 = normalize(im, cells[0], strlen(cells[0]));
	if (!strcasestr(c0, "rec") && !strcasestr(c0, "no") && !strcasestr(c0, "ref") && !strcasestr(c0, "concern"))
		return false;
	col[COL_REF] = 0;
	for (size_t i = 1; i < n; i++) {
		char *c = normalize(im, cells[i], strlen(cells[i]));
		int role = strcasestr(c, "agreed") ? COL_AGREE
			   : strcasestr(c, "owner") ? COL_OWNER
			   : strcasestr(c, "target") || strcasestr(c, "date") ? COL_TARGET
			   : strcasestr(c, "response") || strcasestr(c, "action") ? COL_RESP
			   : strcasestr(c, "recommendation") || strcasestr(c, "concern") || strcasestr(c, "finding") ? COL_FIND
			   : -1;
		if (role >= 0 && col[role] < 0)
			col[role] = (int)i;
	}
	if (col[COL_FIND] < 0 || col[COL_RESP] < 0 || col[COL_OWNER] < 0 || col[COL_TARGET] < 0)
		return false;
	memcpy(im->col, col, sizeof col);
	im->ncells = (int)n;
	im->recs = col[COL_AGREE] >= 0;
	return true;
}

/* "S37 (1)", "1.10 (8)", "1.1", "\$38 (2)" (S38, repaired). */
static bool parse_ref(imp *im, const char *cell, int line, char **ref, int *seq)
{
	const char *s = cell;
	bool repaired = false;
	while (*s == '\\')
		s++, repaired = true;
	char buf[64];
	size_t j = 0;
	if (*s == '$' && is_digit(s[1]))
		buf[j++] = 'S', s++, repaired = true;
	while (isalpha((unsigned char)*s) && j < 3)
		buf[j++] = (char)toupper((unsigned char)*s++);
	if (!is_digit(*s))
		return false;
	while ((is_digit(*s) || (*s == '.' && is_digit(s[1]))) && j + 1 < sizeof buf)
		buf[j++] = *s++;
	buf[j] = 0;
	if (*s == '.')
		s++;
	s = skip_spaces(s);
	*seq = 0;
	if (*s == '(') {
		s++;
		int v = read_int(&s, 6);
		if (v <= 0 || *s != ')')
			return false;
		*seq = v;
		s++;
	}
	if (*skip_spaces(s))
		return false;
	*ref = ar_strdup(im, buf);
	if (repaired)
		warnf(im, line, "ref '%s' read as '%s'", cell, buf);
	return true;
}

static void close_item(imp *im)
{
	if (im->cur)
		item_finish(im, im->cur);
	im->cur = NULL;
}

/* A section heading: "Priority concerns", "Key concerns and recommendations", … */
static const char *section_of(const char *s)
{
	if (count_words(s, 8) > 6 || (!strcasestr(s, "concern") && !strcasestr(s, "recommendation")))
		return NULL;
	if (starts_ci(s, "priority"))
		return "priority";
	if (starts_ci(s, "key") || starts_ci(s, "areas of key"))
		return "key";
	if (starts_ci(s, "general") || starts_ci(s, "other") || starts_ci(s, "additional"))
		return "general";
	return NULL;
}

/* A row with only the finding cell filled: a section, a "Directed to:" block, or text. */
static bool block_row(imp *im, const char *s, int line)
{
	const char *cat = section_of(s), *v;
	if (cat) {
		close_item(im);
		im->category = cat;
		return true;
	}
	if ((v = after_label(s, "directed to")) && starts_ci(s, "directed to")) {
		close_item(im);
		const char *f = fold_owner(im, v);
		im->directed_to = f ? f : ar_strdup(im, v);
		im->saw_directed = true;
		return true;
	}
	const char *f = fold_owner(im, s);
	bool finding_done = !im->cur || ends_terminal(str_c(&im->cur->find), im->cur->find.len);
	if (im->saw_directed && finding_done &&
	    (f || (count_words(s, 6) <= 5 && is_upper(s[0]) && !ends_terminal(s, strlen(s))))) {
		if (!f)
			warnf(im, line, "'%s' read as a \"Directed to\" block", s);
		close_item(im);
		im->directed_to = f ? f : ar_strdup(im, s);
		return true;
	}
	return false;
}

static item *new_item(imp *im, char *ref, int seq, int line)
{
	if (im->nitems >= IMPORT_MAX_ITEMS) {
		err_set_at(im->err, EX_DATAERR, im->name, line, 0,
			   "more than %d items: not an action plan this importer can read", IMPORT_MAX_ITEMS);
		return NULL;
	}
	for (size_t i = 0; i < im->nitems; i++)
		if (!strcmp(im->items[i]->ref, ref)) {
			err_set_at(im->err, EX_DATAERR, im->name, line, 0, "ref %s appears twice (first at line %d)",
				   ref, im->items[i]->line);
			return NULL;
		}
	item *it = ar_alloc(im, sizeof *it);
	it->line = line;
	it->ref = ref;
	it->seq = seq;
	if (!im->category) {
		im->category = im->recs ? "general" : "key";
		warnf(im, line, "no section heading before %s: category '%s' assumed", ref, im->category);
	}
	it->category = im->category;
	it->directed_to = im->directed_to;
	if (im->recs && !seq)
		warnf(im, line, "%s has no running number in brackets", ref);
	else if (seq && im->nitems && im->items[im->nitems - 1]->seq && seq != im->items[im->nitems - 1]->seq + 1)
		warnf(im, line, "%s has running number %d after %d", ref, seq, im->items[im->nitems - 1]->seq);
	im->items = vec_room(im, im->items, im->nitems, &im->capitems, sizeof *im->items);
	im->items[im->nitems++] = it;
	return it;
}

static void add_finding(imp *im, item *it, const char *s, int line)
{
	if (!*s)
		return;
	if (it->find.len && ends_terminal(it->find.s, it->find.len) && count_words(s, 2) <= 1) {
		warnf(im, line, "stray '%s' in the finding column of %s dropped (page-break debris)",
		      excerpt(im, s, 40), it->ref);
		return;
	}
	str_join(im, &it->find, s);
}

static bool is_dashes(char **cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (const char *p = cells[i]; *p; p++)
			if (*p != '-' && *p != ' ')
				return false;
	return cells[0][0] == '-';
}

static const char *cell(imp *im, char **cells, size_t n, int role)
{
	int c = im->col[role];
	return c >= 0 && (size_t)c < n ? cells[c] : "";
}

static row *make_row(imp *im, char **cells, size_t n, int line)
{
	row *r = ar_alloc(im, sizeof *r);
	r->line = line;
	const char *f = cell(im, cells, n, COL_FIND), *a = cell(im, cells, n, COL_AGREE);
	r->find = normalize(im, f, strlen(f));
	r->agree = normalize(im, a, strlen(a));
	r->resp = cell_paras(im, cell(im, cells, n, COL_RESP));
	r->owner = cell_paras(im, cell(im, cells, n, COL_OWNER));
	r->target = cell_paras(im, cell(im, cells, n, COL_TARGET));
	size_t want = r->owner.n > r->target.n ? r->owner.n : r->target.n;
	fold_lists(im, &r->resp, want);
	return r;
}

static bool only_finding(row *r, const char *agree)
{
	return *r->find && !*agree && !r->resp.n && !r->owner.n && !r->target.n;
}

/* One line inside the table; returns 1 at the end of the table, -1 on error. */
static int table_line(imp *im, char *line, int ln)
{
	char *cells[NCOLS + 32];
	if (!strchr(line, '\t')) {
		if (*normalize(im, line, strlen(line)))
			warnf(im, ln, "line without cells inside the table ignored");
		return 0;
	}
	size_t n = split_cells(line, cells, (size_t)im->ncells);
	if (is_dashes(cells, n))
		return 1;
	if (strchr(cells[n - 1], '\t'))
		warnf(im, ln, "row has more cells than the header row; the extra ones are joined to the last");
	char *first = normalize(im, cells[0], strlen(cells[0]));
	if (*first) {
		char *ref;
		int seq;
		if (parse_ref(im, first, ln, &ref, &seq)) {
			close_item(im);
			if (!(im->cur = new_item(im, ref, seq, ln)))
				return -1;
		} else if (n <= 2 || section_of(first)) {
			if (section_of(first)) {
				close_item(im);
				im->category = section_of(first);
				return 0;
			}
			return 1; /* "Recommendations\t": the summary table after the plan */
		} else if (strcasestr(first, "rec no") || header_row(im, line)) {
			return 0; /* the header row repeated on a new page */
		} else {
			warnf(im, ln, "first cell '%s' is not a ref; row read as a continuation", excerpt(im, first, 40));
			str f = {0};
			str_add(im, &f, first);
			str_join(im, &f, cell(im, cells, n, COL_FIND));
			cells[im->col[COL_FIND]] = f.s;
		}
	}
	row *r = make_row(im, cells, n, ln);
	if (!*first && only_finding(r, r->agree) && block_row(im, r->find, ln))
		return 0;
	if (!im->cur) {
		if (*r->find && (section_of(r->find)))
			return 0;
		if (*r->find || r->resp.n || r->owner.n || r->target.n)
			warnf(im, ln, "row before the first item ignored");
		return 0;
	}
	item *it = im->cur;
	if (*r->agree && !it->agreement_raw)
		it->agreement_raw = r->agree;
	add_finding(im, it, r->find, ln);
	it->rows = vec_room(im, it->rows, it->nrows, &it->caprows, sizeof *it->rows);
	it->rows[it->nrows++] = r;
	return 0;
}

/* ---- the document's summary table ------------------------------------------------------ */

static int summary_check(imp *im, size_t from)
{
	int count[6] = {0}; /* agreed, partly, not agreed, priority, key, general */
	static const char *const names[6] = {"agreed", "partly_agreed", "not_agreed", "priority", "key", "general"};
	for (size_t k = 0; k < im->nitems; k++)
		for (int c = 0; c < 6; c++)
			count[c] += (c < 3 ? im->items[k]->agreement && !strcmp(im->items[k]->agreement, names[c])
					   : !strcmp(im->items[k]->category, names[c]));
	for (size_t i = from; i < im->nlines; i++) {
		char *cells[4];
		char *copy = ar_strdup(im, im->lines[i]);
		if (split_cells(copy, cells, 4) != 2)
			continue;
		char *label = normalize(im, cells[0], strlen(cells[0]));
		char *num = normalize(im, cells[1], strlen(cells[1]));
		const char *p = num;
		int want = read_int(&p, 6);
		if (want < 0 || *p)
			continue;
		int got = -1;
		const char *what = agreement_of(label);
		if (!strcasecmp(label, "total"))
			got = (int)im->nitems;
		else if (what || section_of(label))
			for (int c = 0; c < 6; c++)
				if (!strcmp(names[c], what ? what : section_of(label)))
					got = count[c];
		if (got >= 0 && got != want)
			return err_set_at(im->err, EX_DATAERR, im->name, (int)i + 1, 0,
					  "the plan's summary says %s %d, but %d %s read from the table", label,
					  want, got, got == 1 ? "was" : "were");
	}
	return 0;
}

/* ---- YAML ------------------------------------------------------------------------------ */

/* A double-quoted YAML scalar: ", \ and every non-printable character escaped. */
static void yq(imp *im, str *o, const char *s)
{
	str_addc(im, o, '"');
	const unsigned char *end = (const unsigned char *)s + strlen(s);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		uint32_t cp = *p;
		size_t k = utf8_len(p, (size_t)(end - p));
		if (!k) {
			str_add(im, o, "\\uFFFD");
			p++;
			continue;
		}
		if (k == 2)
			cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
		else if (k == 3)
			cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
		if (cp == '"' || cp == '\\')
			str_addc(im, o, '\\'), str_addc(im, o, (char)cp);
		else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 ||
			 cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
			str_addf(im, o, "\\u%04X", (unsigned)cp);
		else
			str_addn(im, o, (const char *)p, k);
		p += k;
	}
	str_addc(im, o, '"');
}

static void ykey(imp *im, str *o, const char *indent, const char *key, const char *val)
{
	str_add(im, o, indent);
	str_add(im, o, key);
	str_add(im, o, ": ");
	yq(im, o, val);
	str_addc(im, o, '\n');
}

/* A fixed keyword of the format (scheme, category, agreement): never from the input. */
static void yword(imp *im, str *o, const char *indent, const char *key, const char *word)
{
	str_addf(im, o, "%s%s: %s\n", indent, key, word);
}

static void ydate(imp *im, str *o, const char *key, date_t d)
{
	char buf[DATE_ISO_LEN];
	date_format_iso(d, buf);
	str_addf(im, o, "%s: %s\n", key, buf);
}

static void yaml_action(imp *im, str *o, const item *it, size_t k)
{
	const action *a = &it->acts[k];
	char id[128];
	snprintf(id, sizeof id, "%s.%zu", it->ref, k + 1);
	str_add(im, o, "      - id: ");
	yq(im, o, id);
	str_addc(im, o, '\n');
	ykey(im, o, "        ", "text", str_c(&a->text));
	str_add(im, o, "        owners: [");
	for (size_t i = 0; i < a->owners.n; i++) {
		if (i)
			str_add(im, o, ", ");
		yq(im, o, a->owners.v[i]);
	}
	str_add(im, o, "]\n");
	ykey(im, o, "        ", "target", a->target ? a->target : "");
}

static void yaml_item(imp *im, str *o, const item *it)
{
	str_add(im, o, "  - ref: ");
	yq(im, o, it->ref);
	str_addc(im, o, '\n');
	if (it->seq)
		str_addf(im, o, "    seq: %d\n", it->seq);
	yword(im, o, "    ", "category", it->category);
	if (it->directed_to)
		ykey(im, o, "    ", "directed_to", it->directed_to);
	if (it->agreement)
		yword(im, o, "    ", "agreement", it->agreement);
	if (it->note)
		ykey(im, o, "    ", "agreement_note", it->note);
	if (it->repeated)
		ykey(im, o, "    ", "repeated_from", it->repeated);
	ykey(im, o, "    ", "text", it->text);
	if (!it->nacts) {
		str_add(im, o, "    actions: []\n");
		return;
	}
	str_add(im, o, "    actions:\n");
	for (size_t k = 0; k < it->nacts; k++)
		yaml_action(im, o, it, k);
}

static char *yaml_plan(imp *im, const char *code, const char *cycle)
{
	str o = {0};
	if (im->est_name) {
		str_add(im, &o, "# ");
		char *name = excerpt(im, im->est_name, 80);
		for (char *p = name; *p; p++)
			if ((unsigned char)*p < 0x20)
				*p = ' ';
		str_add(im, &o, name);
		str_add(im, &o, ": imported by actionboard import; review it before sync.\n");
	}
	ykey(im, &o, "", "establishment", code);
	ykey(im, &o, "", "cycle", cycle);
	yword(im, &o, "", "scheme", im->recs ? "recommendations" : "concerns");
	if (im->nranges) {
		str_add(im, &o, "inspection:\n");
		for (size_t i = 0; i < im->nranges; i++) {
			char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
			date_format_iso(im->ranges[i].from, a);
			date_format_iso(im->ranges[i].to, b);
			str_addf(im, &o, "  - {from: %s, to: %s}\n", a, b);
		}
	}
	if (im->has_published)
		ydate(im, &o, "report_published", im->published);
	if (im->has_submitted)
		ydate(im, &o, "plan_submitted", im->submitted);
	if (im->opt->source)
		ykey(im, &o, "", "source", im->opt->source);
	str_add(im, &o, "items:\n");
	for (size_t i = 0; i < im->nitems; i++)
		yaml_item(im, &o, im->items[i]);
	return o.s;
}

/* ---- the whole ------------------------------------------------------------------------- */

static int table_parse(imp *im, size_t *after)
{
	size_t i = 0;
	for (; i < im->nlines; i++) {
		if (strchr(im->lines[i], '\t') && header_row(im, im->lines[i]))
			break;
		header_line(im, im->lines[i], (int)i + 1);
	}
	if (i == im->nlines)
		return err_set_at(im->err, EX_DATAERR, im->name, 0, 0,
				  "no action plan table: no header row with ref, finding, response, "
				  "'Responsible Owner' and 'Target Date' columns split by tabs");
	for (i++; i < im->nlines; i++) {
		int rc = table_line(im, im->lines[i], (int)i + 1);
		if (rc < 0)
			return EX_DATAERR;
		if (rc > 0)
			break;
	}
	close_item(im);
	*after = i;
	if (!im->nitems)
		return err_set_at(im->err, EX_DATAERR, im->name, 0, 0, "the action plan table has no items");
	return 0;
}

static int plan_ids(imp *im, const char **code, const char **cycle)
{
	*code = im->opt->establishment;
	if (!*code && !(*code = derive_code(im)))
		return err_set_at(im->err, EX_DATAERR, im->name, 0, 0,
				  "no establishment name found in the header; give --establishment CODE");
	*cycle = im->opt->cycle;
	if (!*cycle) {
		if (!im->nranges)
			return err_set_at(im->err, EX_DATAERR, im->name, 0, 0,
					  "no inspection dates found in the header; give --cycle ID");
		char *c = ar_alloc(im, 16);
		snprintf(c, 16, "%04d-%02d", im->ranges[0].from.y, im->ranges[0].from.m);
		*cycle = c;
	}
	return 0;
}

int import_plan(const char *name, const char *data, size_t len, const import_opts *opt,
		char **yaml_out, FILE *warn, import_stats *stats, ab_err *err)
{
	static const import_opts none = {0};
	imp *im = calloc(1, sizeof *im);
	*yaml_out = NULL;
	if (!im)
		return err_set(err, EX_OSERR, "out of memory");
	im->name = name ? name : "-";
	im->warn = warn;
	im->opt = opt ? opt : &none;
	im->err = err;
	int rc = 0;
	if (setjmp(im->oom)) {
		ar_free(im);
		free(im);
		return err_set(err, EX_OSERR, "out of memory");
	}
	owners_init(im);
	size_t after = 0;
	const char *code = NULL, *cycle = NULL;
	if (!(rc = input_prepare(im, data, len)) && !(rc = table_parse(im, &after)) &&
	    !(rc = summary_check(im, after)) && !(rc = plan_ids(im, &code, &cycle))) {
		char *yaml = yaml_plan(im, code, cycle);
		if (!(*yaml_out = strdup(yaml)))
			rc = err_set(err, EX_OSERR, "out of memory");
	}
	if (stats) {
		*stats = (import_stats){.items = (int)im->nitems, .warnings = im->nwarn,
					.scheme = im->recs ? "recommendations" : "concerns"};
		for (size_t i = 0; i < im->nitems; i++)
			stats->actions += (int)im->items[i]->nacts;
	}
	ar_free(im);
	free(im);
	return rc;
}
