/*
 * doc_html — an HTML page (libxml2's HTML parser, which reads the tag soup browsers read)
 * walked into the table model (doc.h): block elements are paragraphs, <li> list items,
 * <br> a paragraph break, <table>/<tr>/<td>/<th> the table (colspan; rowspan by an empty
 * cell in each row below, so the columns stay in place); <script>, <style> and <head> are
 * left out.
 *
 * Safety: no network (HTML_PARSE_NONET; the HTML parser never loads entities or DTDs),
 * and, before parsing, a count of the tags and how deep they nest: a page nested more than
 * DOC_MAX_DEPTH deep or with more than DOC_MAX_ELEMENTS tags is refused there, before a
 * tree of a million nodes is built.
 */
#include <string.h>
#include <strings.h>

#include "../core/text.h"
#include "doc.h"

/* Elements that never hold others, or that the parser closes by itself. */
static bool not_nesting(const char *name, size_t n)
{
	static const char *const names[] = {"br", "img", "hr", "meta", "link", "input", "col", "wbr", "area",
					    "base", "source", "p", "li", "td", "th", "tr", "dt", "dd", "option"};
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		if (strlen(names[k]) == n && !strncasecmp(name, names[k], n))
			return true;
	return false;
}

/* How deep the tags nest, counted on the bytes (an estimate from above for tag soup),
 * and whether there are more than the tree may hold. */
static bool too_deep(const char *s, size_t len, bool *too_many)
{
	long depth = 0;
	size_t tags = 0;
	*too_many = false;
	for (size_t i = 0; i + 1 < len; i++) {
		if (s[i] != '<')
			continue;
		if (++tags > DOC_MAX_ELEMENTS) {
			*too_many = true;
			return false;
		}
		bool close = s[i + 1] == '/';
		size_t j = i + 1 + close, k = j;
		while (k < len && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9')))
			k++;
		if (k == j || not_nesting(s + j, k - j))
			continue;
		const char *gt = memchr(s + k, '>', len - k);
		if (gt && gt > s && gt[-1] == '/')
			continue;
		depth += close ? -1 : 1;
		if (depth > DOC_MAX_DEPTH)
			return true;
	}
	return false;
}

typedef struct walk {
	doc_model *m;
	bool deep;
	/* the outer table's cells that span rows: at each column, how many rows below still
	 * have it (those rows give no cell there, so an empty one keeps the columns in place) */
	int carry[DOC_MAX_CELLS];
	size_t pos; /* the column the next cell of the row takes */
} walk;

/* Empty cells for the columns from w->pos up to `to` that a cell above spans into. */
static void carried(walk *w, size_t to, bool all)
{
	while (w->pos < DOC_MAX_CELLS && w->pos < to && (all || w->carry[w->pos] > 0)) {
		doc_cell_begin(w->m, 1);
		doc_cell_end(w->m);
		if (w->carry[w->pos] > 0)
			w->carry[w->pos]--;
		w->pos++;
	}
}

/* At a row's end: the columns right of its last cell that cells above still span. */
static void carried_to_end(walk *w)
{
	size_t last = 0;
	for (size_t p = w->pos; p < DOC_MAX_CELLS; p++)
		if (w->carry[p] > 0)
			last = p + 1;
	carried(w, last, true);
}

static bool named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name);
}

static bool block(const xmlNode *n)
{
	static const char *const names[] = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
					    "caption", "pre", "blockquote", "ul", "ol", "section", "article",
					    "header", "footer", "main", "center"};
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		if (named(n, names[k]))
			return true;
	return false;
}

/* A span attribute: 1 when absent or not a number from 1 to 10000 (rowspan="0", to the
 * table's end, is 10000). */
static int attr_int(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (!strcasecmp((const char *)a->name, name) && a->children && a->children->content) {
			int v = atoi((const char *)a->children->content);
			return v == 0 && !strcasecmp(name, "rowspan") ? 10000 : v < 1 ? 1 : v > 10000 ? 10000 : v;
		}
	return 1;
}

static void html_walk(walk *w, const xmlNode *n, int depth);

/* Ends the paragraph read so far, if any text is in it. */
static void flush(walk *w, bool li)
{
	if (w->m->para.len)
		doc_para_end(w->m, li);
}

static void html_element(walk *w, const xmlNode *c, int depth)
{
	if (named(c, "script") || named(c, "style") || named(c, "head") || named(c, "template") ||
	    named(c, "noscript")) {
		return;
	} else if (named(c, "table")) {
		flush(w, false);
		if (!w->m->tables)
			memset(w->carry, 0, sizeof w->carry);
		doc_table_begin(w->m);
		html_walk(w, c, depth + 1);
		doc_table_end(w->m);
	} else if (named(c, "tr")) {
		bool outer = w->m->tables == 1;
		if (outer)
			w->pos = 0;
		doc_row_begin(w->m);
		html_walk(w, c, depth + 1);
		if (outer)
			carried_to_end(w);
		doc_row_end(w->m);
	} else if (named(c, "td") || named(c, "th")) {
		bool outer = w->m->tables == 1;
		int span = attr_int(c, "colspan"), rows = attr_int(c, "rowspan");
		if (outer)
			carried(w, DOC_MAX_CELLS, false);
		doc_cell_begin(w->m, span);
		html_walk(w, c, depth + 1);
		doc_cell_end(w->m);
		for (int k = 0; outer && k < span && w->pos < DOC_MAX_CELLS; k++)
			w->carry[w->pos++] = rows - 1;
	} else if (named(c, "br")) {
		flush(w, false);
	} else if (block(c) && !named(c, "ul") && !named(c, "ol")) {
		flush(w, false);
		html_walk(w, c, depth + 1);
		doc_para_end(w->m, named(c, "li")); /* an empty <p> keeps its place */
	} else {
		if (block(c))
			flush(w, false);
		html_walk(w, c, depth + 1); /* inline elements, lists, tbody … */
	}
}

static void html_walk(walk *w, const xmlNode *n, int depth)
{
	if (depth > DOC_MAX_DEPTH) {
		w->deep = true;
		return;
	}
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			doc_text(w->m, (const char *)c->content, strlen((const char *)c->content));
		else if (c->type == XML_ELEMENT_NODE)
			html_element(w, c, depth);
	}
}

int doc_html_read(const char *name, const char *data, size_t len, doc_model *m, ab_err *err)
{
	bool many;
	if (too_deep(data, len, &many))
		return err_set_at(err, EX_DATAERR, name, 0, 0, "tags nested more than %d deep: refused", DOC_MAX_DEPTH);
	if (many)
		return err_set_at(err, EX_DATAERR, name, 0, 0, "more than %d tags: refused (no plan is near that)",
				  DOC_MAX_ELEMENTS);
	/* UTF-8 when it is (gov.uk's pages are); else the page's own <meta charset>, or
	 * Windows-1252 as browsers assume: never a parse that stops at a bad byte */
	const char *enc = text_utf8_valid(data, len, NULL) ? "UTF-8" : NULL;
	htmlDocPtr doc = doc_xml.html_read_memory(data, (int)len, NULL, enc,
						  HTML_PARSE_NONET | HTML_PARSE_NOERROR |
						  HTML_PARSE_NOWARNING);
	if (!doc)
		return err_set_at(err, EX_DATAERR, name, 0, 0, "not a readable HTML page");
	walk w = {.m = m};
	const xmlNode *root = doc_xml.doc_get_root_element(doc);
	if (root)
		html_walk(&w, root, 0);
	doc_xml.free_doc(doc);
	if (w.deep)
		return err_set_at(err, EX_DATAERR, name, 0, 0, "tags nested more than %d deep: refused", DOC_MAX_DEPTH);
	return 0;
}
