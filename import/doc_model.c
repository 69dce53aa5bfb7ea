/*
 * doc_model — the table model every document reader feeds (doc.h), written out as the
 * plan text: paragraphs outside tables one a line, a table row one line of cells split by
 * tabs, a cell's paragraphs marked <p>…</p> or <li>…</li>. The three row rules of doc.h
 * (merged rows, owners of one action, aligned paragraphs) live in doc_row_end().
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "import_priv.h"

/* Here, below every reader, since the readers name their form in messages too. */
const char *doc_form_name(doc_form f)
{
	switch (f) {
	case DOC_TABS: return "text with tab-separated cells";
	case DOC_LAYOUT: return "text with space-aligned columns";
	case DOC_DOCX: return "Word (.docx)";
	case DOC_ODT: return "OpenDocument text (.odt)";
	case DOC_HTML: return "HTML";
	case DOC_PDF: return "PDF";
	case DOC_ZIP: return "zip archive";
	case DOC_OLE: return "old Word (.doc) or encrypted Office file";
	case DOC_BINARY: return "binary data";
	}
	return "?";
}

void doc_model_init(doc_model *m)
{
	*m = (doc_model){0};
	for (int k = 0; k < NCOLS; k++)
		m->col[k] = -1;
}

static void cell_clear(doc_cell *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->p[i].text);
	free(c->p);
	*c = (doc_cell){0};
}

static void row_clear(doc_model *m)
{
	for (size_t i = 0; i < m->ncells; i++)
		cell_clear(&m->cells[i]);
	m->ncells = 0;
}

void doc_model_free(doc_model *m)
{
	row_clear(m);
	util_buf_free(&m->out);
	util_buf_free(&m->para);
}

void doc_text(doc_model *m, const char *s, size_t n)
{
	if (m->para.len + n > DOC_MAX_PARA)
		m->full = true;
	else
		util_buf_add(&m->para, s, n);
}

/* The paragraph read so far, whitespace collapsed and trimmed (malloc'd). */
static char *para_take(doc_model *m)
{
	char *d = xmalloc(m->para.len + 1);
	size_t j = 0;
	bool space = false;
	for (size_t i = 0; i < m->para.len; i++) {
		unsigned char c = (unsigned char)m->para.s[i];
		if (c <= ' ' || c == 0x7F) {
			space = j > 0;
			continue;
		}
		if (space)
			d[j++] = ' ';
		space = false;
		d[j++] = (char)c;
	}
	d[j] = 0;
	m->para.len = 0;
	if (m->para.s)
		m->para.s[0] = 0;
	return d;
}

/* s written so that the importer's cleaner gives s back: & < > as entities. */
static void put_escaped(doc_model *m, const char *s)
{
	for (const char *p = s; *p; p++) {
		const char *e = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : NULL;
		if (e)
			util_buf_puts(&m->out, e);
		else
			util_buf_add(&m->out, p, 1);
	}
	if (m->out.len > DOC_MAX_TEXT)
		m->full = true;
}

void doc_para_end(doc_model *m, bool li)
{
	char *t = para_take(m);
	if (m->in_cell && m->ncells) {
		doc_cell *c = &m->cells[m->ncells - 1];
		if (c->n >= DOC_MAX_PARAS) {
			free(t);
			m->full = true;
			return;
		}
		XGROW(c->p, c->n, c->cap);
		c->p[c->n++] = (doc_para){.text = t, .li = li};
	} else if (!m->in_row) {
		if (*t) {
			put_escaped(m, t);
			util_buf_add(&m->out, "\n", 1);
		}
		free(t);
	} else {
		free(t); /* text between cells, outside any: none in the documents we read */
	}
}

void doc_table_begin(doc_model *m)
{
	if (m->para.len)
		doc_para_end(m, false);
	m->tables++;
}

void doc_table_end(doc_model *m)
{
	if (m->tables > 0)
		m->tables--;
}

/* Rows and cells of a table inside a cell are only text of the outer cell. */
static bool outer(doc_model *m)
{
	return m->tables <= 1;
}

void doc_row_begin(doc_model *m)
{
	if (!outer(m))
		return;
	row_clear(m);
	m->in_row = true;
}

void doc_cell_begin(doc_model *m, int span)
{
	if (!outer(m))
		return;
	if (m->ncells == DOC_MAX_CELLS) { /* the rest of the row goes into the last cell */
		m->in_cell = true;
		return;
	}
	m->cells[m->ncells++] = (doc_cell){.span = span < 1 ? 1 : span > DOC_MAX_CELLS ? DOC_MAX_CELLS : span};
	m->in_cell = true;
}

void doc_cell_end(doc_model *m)
{
	if (!outer(m)) {
		if (m->para.len)
			doc_para_end(m, false);
		return;
	}
	if (m->para.len)
		doc_para_end(m, false);
	m->in_cell = false;
}

/* ---- writing a row ------------------------------------------------------------------- */

static size_t nonempty(const doc_cell *c)
{
	size_t k = 0;
	for (size_t i = 0; c && i < c->n; i++)
		k += *c->p[i].text != 0;
	return k;
}

/* A cell's text: one paragraph as it is, several marked <p> or <li>; empty ones left out. */
static void put_cell(doc_model *m, const doc_cell *c)
{
	size_t k = nonempty(c);
	for (size_t i = 0; c && i < c->n; i++) {
		if (!*c->p[i].text)
			continue;
		bool mark = k > 1 || c->p[i].li;
		if (mark)
			util_buf_puts(&m->out, c->p[i].li ? "<li>" : "<p>");
		put_escaped(m, c->p[i].text);
		if (mark)
			util_buf_puts(&m->out, c->p[i].li ? "</li>" : "</p>");
	}
}

/* The paragraphs of a cell joined by spaces, for a header or merged row. */
static void put_joined(doc_model *m, const doc_cell *c)
{
	bool first = true;
	for (size_t i = 0; i < c->n; i++) {
		if (!*c->p[i].text)
			continue;
		if (!first)
			util_buf_add(&m->out, " ", 1);
		put_escaped(m, c->p[i].text);
		first = false;
	}
}

/* The cell at each column (by spans); NULL where a merged cell's other columns are. */
static size_t positions(doc_model *m, doc_cell **at)
{
	size_t p = 0;
	for (size_t i = 0; i < m->ncells && p < DOC_MAX_CELLS; i++) {
		at[p++] = &m->cells[i];
		for (int s = 1; s < m->cells[i].span && p < DOC_MAX_CELLS; s++)
			at[p++] = NULL;
	}
	return p;
}

/* A row: its cells split by tabs, each as put_cell() (or put_joined()) writes it. */
static void put_row_with(doc_model *m, doc_cell **at, size_t np, void (*put)(doc_model *, const doc_cell *))
{
	for (size_t i = 0; i < np; i++) {
		if (i)
			util_buf_add(&m->out, "\t", 1);
		if (at[i])
			put(m, at[i]);
	}
	util_buf_add(&m->out, "\n", 1);
}

static void put_row(doc_model *m, doc_cell **at, size_t np)
{
	put_row_with(m, at, np, put_cell);
}

/* Is this the plan's header row? Its columns are taken, and it is written joined. */
static bool header(doc_model *m, doc_cell **at, size_t np)
{
	util_buf b[DOC_MAX_CELLS] = {{0}};
	const char *texts[DOC_MAX_CELLS];
	for (size_t i = 0; i < np; i++) {
		for (size_t k = 0; at[i] && k < at[i]->n; k++) {
			util_buf_puts(&b[i], at[i]->p[k].text);
			util_buf_add(&b[i], " ", 1);
		}
		texts[i] = b[i].s ? b[i].s : "";
	}
	int col[NCOLS];
	bool is = imp_header_cols(texts, np, col);
	for (size_t i = 0; i < np; i++)
		util_buf_free(&b[i]);
	if (!is)
		return false;
	memcpy(m->col, col, sizeof col);
	m->have_cols = true;
	put_row_with(m, at, np, put_joined);
	return true;
}

static doc_cell *role(doc_model *m, doc_cell **at, size_t np, int r)
{
	int c = m->col[r];
	return c >= 0 && (size_t)c < np ? at[c] : NULL;
}

/* A row whose only text is in one merged cell: a section or "Directed to:" row. */
static bool merged(doc_model *m, size_t np)
{
	doc_cell *only = NULL;
	for (size_t i = 0; i < m->ncells; i++)
		if (nonempty(&m->cells[i])) {
			if (only)
				return false;
			only = &m->cells[i];
		}
	if (!only || (only->span < 2 && np > 2))
		return false;
	for (int k = 0; k < m->col[COL_FIND]; k++)
		util_buf_add(&m->out, "\t", 1);
	put_joined(m, only);
	util_buf_add(&m->out, "\n", 1);
	return true;
}

/* One action paragraph and several owner paragraphs: the owners of that action. */
static void join_owners(doc_cell *resp, doc_cell *own)
{
	if (!resp || !own || nonempty(resp) != 1 || nonempty(own) < 2)
		return;
	util_buf b = {0};
	for (size_t i = 0; i < own->n; i++) {
		if (!*own->p[i].text)
			continue;
		if (b.len)
			util_buf_puts(&b, " / ");
		util_buf_puts(&b, own->p[i].text);
	}
	char *t = util_buf_take(&b);
	for (size_t i = 0; i < own->n; i++)
		free(own->p[i].text);
	own->p[0] = (doc_para){.text = t};
	own->n = 1;
}

/*
 * Action, owner and target cells with equally many paragraphs, some left empty to keep
 * them aligned: one row per paragraph (the first keeps the other cells).
 */
static bool aligned(doc_model *m, doc_cell **at, size_t np)
{
	doc_cell *r = role(m, at, np, COL_RESP), *o = role(m, at, np, COL_OWNER),
		 *t = role(m, at, np, COL_TARGET);
	if (!r || !o || !t || r->n < 2 || r->n != o->n || r->n != t->n)
		return false;
	bool gap = false;
	for (size_t i = 0; i < r->n; i++)
		gap |= !*r->p[i].text || !*o->p[i].text || !*t->p[i].text;
	if (!gap)
		return false;
	doc_cell one[3], *keep[DOC_MAX_CELLS];
	doc_cell *cs[3] = {r, o, t};
	memcpy(keep, at, np * sizeof *at);
	bool first = true; /* the first row written keeps the other cells (ref, finding, …) */
	for (size_t i = 0; i < r->n; i++) {
		if (!*r->p[i].text && !*o->p[i].text && !*t->p[i].text)
			continue;
		for (int k = 0; k < 3; k++)
			one[k] = (doc_cell){.p = &cs[k]->p[i], .n = 1, .cap = 1, .span = 1};
		for (size_t c = 0; c < np; c++)
			at[c] = first ? keep[c] : NULL;
		first = false;
		at[m->col[COL_RESP]] = &one[0];
		at[m->col[COL_OWNER]] = &one[1];
		at[m->col[COL_TARGET]] = &one[2];
		put_row(m, at, np);
	}
	return true;
}

void doc_row_end(doc_model *m)
{
	if (!outer(m))
		return;
	if (m->para.len)
		doc_para_end(m, false);
	doc_cell *at[DOC_MAX_CELLS];
	size_t np = positions(m, at);
	m->in_row = m->in_cell = false;
	if (!np) {
		row_clear(m);
		return;
	}
	if (m->tables > 0 && (header(m, at, np) || (m->have_cols && (merged(m, np) || aligned(m, at, np))))) {
		row_clear(m);
		return;
	}
	if (m->have_cols)
		join_owners(role(m, at, np, COL_RESP), role(m, at, np, COL_OWNER));
	doc_cell *ref = m->have_cols ? role(m, at, np, COL_REF) : NULL;
	for (size_t i = 0; ref && i < ref->n; i++)
		m->auto_refs |= ref->p[i].li && !*ref->p[i].text;
	put_row(m, at, np);
	row_clear(m);
}

char *doc_model_finish(doc_model *m, const char *name, ab_err *err)
{
	if (m->para.len)
		doc_para_end(m, false);
	if (m->auto_refs) {
		err_set_at(err, EX_DATAERR, name, 0, 0,
			   "the refs are numbered by the word processor's automatic list numbering, which is "
			   "not in the document's text; make the numbers plain text (in Word: select the ref "
			   "column and convert its numbering to text) and import again");
		return NULL;
	}
	if (m->full) {
		err_set_at(err, EX_DATAERR, name, 0, 0,
			   "more than %u MB of text, %d paragraphs in one cell or %u KB in one paragraph: "
			   "not an action plan", DOC_MAX_TEXT >> 20, DOC_MAX_PARAS, DOC_MAX_PARA >> 10);
		return NULL;
	}
	return util_buf_take(&m->out);
}
