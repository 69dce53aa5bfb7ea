/*
 * clean — a cell's extracted text made plain: HTML tags out, entities decoded, whitespace
 * collapsed; and a cell cut into paragraphs at its <p>, <li> and <ul> tags.
 *
 * A tag is '<', maybe '/', a letter, name characters, then '>' at once or after a space
 * or '/' and attributes (quoted values may hold '>'); no '<' inside; at most TAG_MAX
 * bytes. "<!…>" (comments, declarations) counts too. A '<' or '>' that starts or ends no
 * tag ("fewer than <5 days", "a > b") is wording and stays.
 *
 * Entities are decoded first, as a browser shows them, so "&lt;p&gt;" is a tag too, and
 * tags are removed from the output as it is written: each '<' written is a candidate
 * kept on a stack with the state of its tag grammar, and when a '>' completes the top
 * one, the output is cut back to its '<'. So removing a tag cannot leave another one
 * behind ("<<p>p>" leaves nothing), and the work stays linear in the input.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_priv.h"

#define TAG_MAX 256 /* a longer "<…>" span is wording, not a tag */

/* Tags after which words do not run on: they stand for a space. */
static const char *const block_tags[] = {
	"p", "div", "ul", "ol", "li", "br", "hr", "tr", "td", "th", "table", "tbody", "thead",
	"h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd", "blockquote", "pre", "o:p"};
/* Tags inside a word's run; any tag in neither list stands for a space. */
static const char *const inline_tags[] = {"span", "b", "i", "u", "em", "strong", "font", "sup",
					  "sub", "a", "small", "s", "strike", "mark", "code"};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The tag name at s ("<name" or "</name", or a bare "name" / "/name"); its length. */
static size_t tag_name(const char *s, const char **name)
{
	s += *s == '<';
	s += *s == '/';
	size_t n = 0;
	while (imp_alnum(s[n]) || s[n] == ':' || s[n] == '-' || s[n] == '_' || s[n] == '.')
		n++;
	*name = s;
	return n;
}

static bool name_in(const char *s, size_t n, const char *const *list, size_t count)
{
	for (size_t k = 0; k < count; k++)
		if (strlen(list[k]) == n && !strncasecmp(s, list[k], n))
			return true;
	return false;
}

/* A tag HTML or a word processor writes: a cut-off piece of it is debris, not wording. */
static bool known_tag(const char *s)
{
	const char *name;
	size_t n = tag_name(s, &name);
	return name_in(name, n, block_tags, NELEM(block_tags)) ||
	       name_in(name, n, inline_tags, NELEM(inline_tags));
}

static bool inline_tag(const char *s)
{
	const char *name;
	size_t n = tag_name(s, &name);
	return name_in(name, n, inline_tags, NELEM(inline_tags));
}

/* ---- the tag grammar, one character at a time ------------------------------------------ */

enum { T_OPEN, T_SLASH, T_NAME, T_ATTR, T_DQ, T_SQ, T_DECL, T_DEAD };

/* The state after c, for any c but '<' and a '>' that completes the tag. */
static int tag_step(int st, char c)
{
	switch (st) {
	case T_OPEN: return c == '/' ? T_SLASH : c == '!' ? T_DECL : imp_alpha(c) ? T_NAME : T_DEAD;
	case T_SLASH: return imp_alpha(c) ? T_NAME : T_DEAD;
	case T_NAME:
		if (imp_alnum(c) || c == '-' || c == ':' || c == '_' || c == '.')
			return T_NAME;
		return c == ' ' || c == '/' ? T_ATTR : T_DEAD;
	case T_ATTR: return c == '"' ? T_DQ : c == '\'' ? T_SQ : T_ATTR;
	case T_DQ: return c == '"' ? T_ATTR : T_DQ;
	case T_SQ: return c == '\'' ? T_ATTR : T_SQ;
	case T_DECL: return T_DECL;
	default: return T_DEAD;
	}
}

static bool tag_complete(int st, char c)
{
	return c == '>' && (st == T_NAME || st == T_ATTR || st == T_DECL);
}

/* ---- the cleaner ------------------------------------------------------------------------ */

typedef struct cand {
	size_t pos; /* of its '<' in the output */
	int st;
} cand;

typedef struct cleaner {
	char *d;       /* output */
	size_t j, cap;
	bool space;    /* a space is due before the next character */
	cand small[16], *stack;
	size_t n, scap; /* live candidates on the stack; its capacity */
	size_t nlt;     /* '<' in the output */
	int st0;        /* the grammar state of the output read as a tag without its '<' */
} cleaner;

static void push(cleaner *c, size_t pos)
{
	if (c->n == c->scap) {
		size_t ncap = c->scap * 2;
		cand *ns = c->stack == c->small ? xmalloc(ncap * sizeof *ns)
						: xrealloc(c->stack, ncap * sizeof *ns);
		if (c->stack == c->small)
			memcpy(ns, c->small, sizeof c->small);
		c->stack = ns;
		c->scap = ncap;
	}
	c->stack[c->n++] = (cand){pos, T_OPEN};
}

/*
 * The output is cut back to `pos`; the space before it, if any, is due again, and a
 * space for a block tag, unless it would end a tag that has only begun ("<" or "</"):
 * "<<p>p>" is one tag around another, not "<" and " p>".
 */
static void cut(cleaner *c, size_t pos, bool block)
{
	c->j = pos;
	if (c->j && c->d[c->j - 1] == ' ') {
		c->j--;
		c->space = true;
	}
	int below = c->n ? c->stack[c->n - 1].st : T_DEAD;
	c->space = c->space || (block && below != T_OPEN && below != T_SLASH);
	if (!c->j)
		c->st0 = T_OPEN; /* the output starts afresh: a fragment may start it again */
}

/* "p>" or "/li>" at the very start: the rest of a tag cut off in the cell before. */
static void start_fragment(cleaner *c, char ch)
{
	if (c->st0 == T_DEAD)
		return;
	if (!tag_complete(c->st0, ch)) {
		c->st0 = ch == '>' ? T_DEAD : tag_step(c->st0, ch);
		return;
	}
	if (c->st0 != T_DECL && known_tag(c->d)) {
		c->j = 0;
		c->space = false;
		c->st0 = T_OPEN;
	} else {
		c->st0 = T_DEAD;
	}
}

static void emit(cleaner *c, char ch)
{
	if (c->j + 1 >= c->cap) /* cannot happen: the output never outgrows the input */
		return;
	c->d[c->j++] = ch;
	if (ch == '<') {
		push(c, c->j - 1);
		c->nlt++;
		c->st0 = T_DEAD;
		return;
	}
	if (!c->n) {
		if (!c->nlt)
			start_fragment(c, ch);
		return;
	}
	cand *t = &c->stack[c->n - 1];
	if (c->j - t->pos > TAG_MAX) {
		t->st = T_DEAD;
	} else if (tag_complete(t->st, ch)) {
		bool block = t->st == T_DECL || !inline_tag(c->d + t->pos);
		c->n--;
		c->nlt--;
		cut(c, t->pos, block);
		return;
	} else {
		t->st = tag_step(t->st, ch);
	}
	/* A '<' that can no longer start a tag also blocks every one before it. */
	if (t->st == T_DEAD)
		c->n = 0;
}

static void put(cleaner *c, char ch)
{
	if (c->space && c->j)
		emit(c, ' ');
	c->space = false;
	emit(c, ch);
}

/* ---- entities -------------------------------------------------------------------------- */

static const struct {
	const char *name, *text;
} entities[] = {
	{"amp", "&"},        {"lt", "<"},          {"gt", ">"},          {"quot", "\""},
	{"apos", "'"},       {"nbsp", " "},        {"ndash", "\u2013"},  {"mdash", "\u2014"},
	{"lsquo", "\u2018"}, {"rsquo", "\u2019"},  {"ldquo", "\u201C"},  {"rdquo", "\u201D"},
	{"sbquo", "\u201A"}, {"bdquo", "\u201E"},  {"hellip", "\u2026"}, {"bull", "\u2022"},
	{"middot", "\u00B7"}, {"pound", "\u00A3"}, {"euro", "\u20AC"},   {"copy", "\u00A9"},
	{"reg", "\u00AE"},   {"trade", "\u2122"},  {"deg", "\u00B0"},    {"times", "\u00D7"},
	{"frac12", "\u00BD"}, {"shy", ""},
};

static size_t utf8_put(uint32_t cp, char *out)
{
	if (cp < 0x80)
		return out[0] = (char)cp, 1;
	if (cp < 0x800)
		return out[0] = (char)(0xC0 | cp >> 6), out[1] = (char)(0x80 | (cp & 0x3F)), 2;
	if (cp < 0x10000)
		return out[0] = (char)(0xE0 | cp >> 12), out[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
		       out[2] = (char)(0x80 | (cp & 0x3F)), 3;
	out[0] = (char)(0xF0 | cp >> 18), out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* "&#8211;" or "&#x2013;" at s: the character's UTF-8 in out (its length in *len). */
static size_t numeric_entity(const char *s, size_t n, char *out, size_t *len)
{
	bool hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
	size_t i = hex ? 3 : 2, start = i;
	uint32_t cp = 0;
	for (; i < n && i - start < 7; i++) {
		char c = s[i];
		int v = imp_digit(c) ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
					       : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (v < 0)
			break;
		cp = cp * (hex ? 16 : 10) + (uint32_t)v;
	}
	if (i == start || i >= n || s[i] != ';' || cp == 0 || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || imp_space_cp(cp))
		cp = ' ';
	*len = cp == 0xAD || cp == 0xFEFF ? 0 : utf8_put(cp, out);
	return i + 1;
}

/* The entity at s (s[0] == '&'): bytes it spans, 0 when it is none; its text in out. */
static size_t entity_at(const char *s, size_t n, char *out, size_t *len)
{
	if (n > 3 && s[1] == '#')
		return numeric_entity(s, n, out, len);
	for (size_t k = 0; k < NELEM(entities); k++) {
		size_t el = strlen(entities[k].name);
		if (n >= el + 2 && !memcmp(s + 1, entities[k].name, el) && s[el + 1] == ';') {
			*len = strlen(entities[k].text);
			memcpy(out, entities[k].text, *len);
			return el + 2;
		}
	}
	return 0;
}

/* ---- cleaning -------------------------------------------------------------------------- */

/* Tags cut off at the end ("… release</p", "<ul style=\"list") are removed. */
static void end_fragments(cleaner *c)
{
	while (c->n) {
		cand *t = &c->stack[c->n - 1];
		if (t->st != T_NAME && t->st != T_ATTR && t->st != T_DQ && t->st != T_SQ)
			return;
		c->d[c->j] = 0;
		if (!known_tag(c->d + t->pos))
			return;
		c->n--;
		cut(c, t->pos, false);
	}
}

static char *clean(imp *im, const char *s, size_t n, bool decode)
{
	cleaner c = {.cap = n + 1, .scap = NELEM(c.small), .st0 = T_OPEN};
	c.stack = c.small;
	c.d = imp_alloc(im, c.cap);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		char text[8];
		size_t len, k;
		if (ch <= ' ' || ch == 0x7F) {
			c.space = true;
		} else if (ch == '&' && decode && (k = entity_at(s + i, n - i, text, &len))) {
			for (size_t b = 0; b < len; b++)
				if (text[b] == ' ')
					c.space = true;
				else
					put(&c, text[b]);
			i += k - 1;
		} else {
			put(&c, (char)ch);
		}
	}
	end_fragments(&c);
	c.d[c.j] = 0;
	if (c.stack != c.small)
		free(c.stack);
	return c.d;
}

char *imp_clean(imp *im, const char *s, size_t n)
{
	return clean(im, s, n, true);
}

char *imp_strip_tags(imp *im, const char *s)
{
	return clean(im, s, strlen(s), false);
}

/* ---- paragraphs -------------------------------------------------------------------------- */

/* A tag of the raw cell text at s[i] (s[i] == '<'): its length, 0 when it is none. */
static size_t raw_tag_at(const char *s, size_t i, size_t n)
{
	int st = T_OPEN;
	for (size_t k = i + 1; k < n && k - i < TAG_MAX && s[k] != '<'; k++) {
		char c = s[k] == '\t' || s[k] == '\n' ? ' ' : s[k];
		if (tag_complete(st, c))
			return k - i + 1;
		if ((st = tag_step(st, c)) == T_DEAD)
			return 0;
	}
	return 0;
}

static void para_push(imp *im, imp_paras *p, const char *text, bool li)
{
	imp_grow(im, &p->v, p->n, &p->cap, sizeof *p->v);
	p->v[p->n++] = (imp_para){text, li};
}

static void flush_para(imp *im, imp_paras *p, const char *s, size_t n, bool li)
{
	char *t = imp_clean(im, s, n);
	if (*t)
		para_push(im, p, t, li);
}

void imp_cell_paras(imp *im, const char *s, imp_paras *out)
{
	*out = (imp_paras){0};
	bool in_list = false, li_open = false; /* inside <ul>, inside <li> */
	size_t n = strlen(s), from = 0;
	for (size_t i = 0; i < n; i++) {
		size_t tl = s[i] == '<' ? raw_tag_at(s, i, n) : 0;
		const char *name;
		size_t nl = tl ? tag_name(s + i, &name) : 0;
		bool list = nl && (name_in(name, nl, (const char *[]){"ul", "ol"}, 2));
		bool item = nl && name_in(name, nl, (const char *[]){"li"}, 1);
		if (!list && !item && !(nl && name_in(name, nl, (const char *[]){"p", "div"}, 2)))
			continue; /* other tags (<br>, <b>, …) are cleaned out of the paragraph */
		out->tagged = true;
		/* "<<p>" or "</<p>": a '<' or "</" glued to the tag is the start of one cut short */
		size_t end = i > from && s[i - 1] == '<' ? i - 1
			     : i > from + 1 && s[i - 2] == '<' && s[i - 1] == '/' ? i - 2 : i;
		flush_para(im, out, s + from, end - from, in_list || li_open);
		bool close = s[i + 1] == '/';
		if (list)
			in_list = !close;
		else if (item)
			li_open = !close;
		i += tl - 1;
		from = i + 1 + (s[i + 1] == '>'); /* and "<p>>" the end of one */
	}
	flush_para(im, out, s + from, n - from, in_list || li_open);
}

void imp_paras_remove(imp_paras *p, size_t i)
{
	memmove(p->v + i, p->v + i + 1, (p->n - i - 1) * sizeof *p->v);
	p->n--;
}

void imp_fold_lists(imp *im, imp_paras *p, size_t want)
{
	size_t folded = 0;
	for (size_t i = 0; i < p->n; i++)
		if (!p->v[i].li || i == 0)
			folded++;
	if (folded == p->n || (want == p->n && want != folded))
		return;
	util_buf run = {0}; /* the paragraph being folded into, then its items */
	size_t j = 0;       /* one pass, compacting: inputs may hold thousands of items */
	for (size_t i = 0; i <= p->n; i++) {
		if (i == p->n || i == 0 || !p->v[i].li) {
			if (run.len) {
				p->v[j - 1].text = imp_strndup(im, run.s, run.len);
				imp_buf_cut(&run, 0);
			}
			if (i < p->n)
				p->v[j++] = p->v[i];
			continue;
		}
		if (!run.len)
			util_buf_puts(&run, p->v[j - 1].text);
		const char *t = p->v[i].text;
		imp_join(&run, strncmp(t, "\xE2\x80\xA2", 3) ? "\xE2\x80\xA2" : ""); /* " • item" */
		imp_join(&run, t);
	}
	util_buf_free(&run);
	p->n = j;
}
