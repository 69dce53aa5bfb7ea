/*
 * doc_layout — text whose table columns are aligned with spaces, as `pdftotext -layout`
 * prints a PDF (and as doc_pdf.c lays out a PDF page from its characters' positions),
 * read into the table model (doc.h).
 *
 * The table's header row (its cells may wrap over up to six lines) gives the columns: each
 * starts where a header cell's text starts. A run of two or more spaces separates texts.
 * Below the header:
 *   - a row starts at a block (lines between blank lines) whose reference column holds a
 *     ref; a block with text in the reference or finding column only that is not a ref is
 *     a row of its own (a merged section or "Directed to:" row), as the tab form has it;
 *   - inside a row, an action starts at a line with text in the action column and the
 *     owner or target column below a line with none in those three (the next row of one
 *     row per action, or the next paragraph of one row per item printed side by side);
 *     each such part is one row of the model (doc_model.c joins several owners by " / ");
 *   - a column's lines run together into one paragraph (text wrapped in a cell) until a
 *     line without text in that column; the ref, finding and agreement are one each;
 *   - a form feed (a new page) does not end the row: the header printed again on the new
 *     page is skipped (its columns may have moved: they are taken again), running headers
 *     and footers and page numbers are left out, and the row goes on; an action cut by it
 *     goes on unless its text ended (. ! ? or :), an owner or target ends there;
 *   - a line of text wrapped after a hyphen or slash inside a word ("self-" / "harm", a
 *     long address broken at a "/") is joined without a space, as it was written;
 *   - a line whose first text in a column does not start where the column does (and that
 *     is no continuation of the line above in that column) ends the table: the plan's
 *     summary table below it is written with its texts split by tabs, and a ref row further
 *     down is an error rather than a plan cut short.
 * Lines before the header are paragraphs (texts split by tabs when they have several).
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "import_priv.h"

#define MAX_SEGS 64

typedef struct seg {
	size_t at, len; /* display column and byte length in the line */
	const char *s;
} seg;

/* A line of the table: its texts, each with its column. */
typedef struct gseg {
	int col;
	const char *s;
	size_t len;
} gseg;

/* A line's texts are gsegs first..first+n-1 of layout.segs (kept apart so that a line
 * costs what it holds). */
typedef struct gline {
	size_t first, n;
	bool page; /* not a line: a page ends here (the row goes on on the next page) */
} gline;

typedef struct layout {
	doc_model *m;
	size_t starts[DOC_MAX_CELLS];
	size_t ncols;
	gline *block;   /* the lines since the last blank line */
	size_t nblock, cblock;
	gline *rows;    /* the open row's lines (blank ones between blocks) */
	size_t nrows, crows;
	gseg *segs;     /* the texts of the table's lines */
	size_t nsegs, csegs;
	bool big;       /* DOC_MAX_LINES lines or DOC_MAX_SEGS texts passed */
} layout;

/* Text q of line g. */
#define SEG(L, g, q) ((L)->segs[(g)->first + (q)])

/*
 * The texts of a line, split at two spaces or more (one space is inside a text: a merged
 * row's text runs across column starts), each with its display column (UTF-8
 * continuation bytes take none), counted as it goes: linear in the line. The last of
 * MAX_SEGS texts holds the rest of the line.
 */
static size_t segments(const char *s, size_t n, seg *out)
{
	size_t k = 0, i = 0, col = 0;
	while (i < n && k < MAX_SEGS) {
		for (; i < n && (s[i] == ' ' || s[i] == '\f'); i++)
			col += s[i] == ' '; /* a form feed (a new page) takes no column */
		if (i >= n)
			break;
		size_t from = i, at = col;
		for (; i < n; i++) {
			bool space = s[i] == ' ';
			if (space && k + 1 < MAX_SEGS && (i + 1 >= n || s[i + 1] == ' '))
				break;
			col += ((unsigned char)s[i] & 0xC0) != 0x80;
		}
		out[k++] = (seg){.at = at, .len = i - from, .s = s + from};
	}
	return k;
}

/* The column a text starting at display column `at` is in (the last that starts at or
 * before it, one column of slack); -1 when it starts left of the first. */
static int column_of(const layout *L, size_t at)
{
	for (size_t j = L->ncols; j-- > 0;)
		if (at + 1 >= L->starts[j])
			return (int)j;
	return -1;
}

/*
 * Does the line belong to the table? The first text of each column on it starts where the
 * column does (one column of slack), or the line above had text in that column too (a
 * hanging indent, a continued line); later texts of a column may be anywhere in it (two
 * spaces inside a sentence). `above` has bit j set for the columns the line above used.
 */
static bool aligned_line(const layout *L, const seg *sg, size_t k, unsigned above, unsigned *used)
{
	unsigned seen = 0;
	for (size_t i = 0; i < k; i++) {
		int c = column_of(L, sg[i].at);
		if (c < 0)
			return false;
		unsigned bit = 1u << c;
		if (!(seen & bit) && !(above & bit) && sg[i].at > L->starts[c] + 1)
			return false;
		seen |= bit;
	}
	if (used)
		*used = seen;
	return true;
}

static bool looks_ref(const char *s, size_t n);

/* ---- the header row ------------------------------------------------------------------- */

typedef struct line {
	const char *s;
	size_t n;
	bool furniture; /* a running header or footer (page_furniture) */
} line;

/* Do lines [i, i+w) make the table's header row? If so, L->starts is set. */
static bool header_at(layout *L, const line *ln, size_t i, size_t w, size_t nl)
{
	size_t starts[DOC_MAX_CELLS], ns = 0;
	seg sg[MAX_SEGS];
	if (i + w > nl)
		return false;
	for (size_t r = 0; r < w; r++) {
		size_t k = segments(ln[i + r].s, ln[i + r].n, sg);
		if (!k)
			return false;
		for (size_t q = 0; q < k; q++) {
			bool near = false;
			for (size_t j = 0; j < ns; j++)
				near |= sg[q].at + 2 >= starts[j] && sg[q].at <= starts[j] + 2;
			if (!near && ns < DOC_MAX_CELLS)
				starts[ns++] = sg[q].at;
		}
	}
	if (ns < 4)
		return false;
	for (size_t a = 1; a < ns; a++) /* insertion sort: a few columns */
		for (size_t b = a; b > 0 && starts[b] < starts[b - 1]; b--) {
			size_t t = starts[b];
			starts[b] = starts[b - 1];
			starts[b - 1] = t;
		}
	layout probe = {.ncols = ns};
	memcpy(probe.starts, starts, sizeof starts);
	util_buf b[DOC_MAX_CELLS] = {{0}};
	for (size_t r = 0; r < w; r++) {
		size_t k = segments(ln[i + r].s, ln[i + r].n, sg);
		for (size_t q = 0; q < k; q++) {
			int c = column_of(&probe, sg[q].at);
			if (c >= 0) {
				util_buf_add(&b[c], sg[q].s, sg[q].len);
				util_buf_add(&b[c], " ", 1);
			}
		}
	}
	const char *texts[DOC_MAX_CELLS];
	for (size_t j = 0; j < ns; j++)
		texts[j] = b[j].s ? b[j].s : "";
	int col[NCOLS];
	bool is = imp_header_cols(texts, ns, col) == 1;
	for (size_t j = 0; j < ns; j++)
		util_buf_free(&b[j]);
	if (is) {
		memcpy(L->starts, probe.starts, sizeof L->starts);
		L->ncols = ns;
	}
	return is;
}

/* Lines at i that are the table's header row (0: none), L's columns then set from it:
 * its cells may wrap onto up to five lines below it, all starting at its columns. A
 * header printed again on a later page may place its columns elsewhere. */
static size_t header_lines(layout *L, const line *ln, size_t i, size_t nl)
{
	size_t hw = 0;
	for (size_t w = 1; w <= 3 && !hw; w++)
		if (header_at(L, ln, i, w, nl))
			hw = w;
	for (seg sg[MAX_SEGS]; hw && hw < 6 && i + hw < nl;) {
		size_t k = segments(ln[i + hw].s, ln[i + hw].n, sg);
		if (!k || !aligned_line(L, sg, k, 0, NULL) || looks_ref(sg[0].s, sg[0].len))
			break;
		hw++;
	}
	return hw;
}

/* ---- rows ----------------------------------------------------------------------------- */

/* A ref as the tab form's first cell holds one: "1.1", "S37 (1)", "2.103 (22)". */
static bool looks_ref(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && imp_alpha(s[k]) && k < 3)
		k++;
	if (k >= n || !imp_digit(s[k]))
		return false;
	while (k < n && (imp_digit(s[k]) || s[k] == '.'))
		k++;
	while (k < n && s[k] == ' ')
		k++;
	if (k < n && s[k] == '(') {
		for (k++; k < n && imp_digit(s[k]); k++)
			;
		if (k >= n || s[k++] != ')')
			return false;
	}
	return k == n;
}

/* Does the line (its texts by column) have text in column c? */
static bool has_col(const layout *L, const gline *g, int c)
{
	for (size_t q = 0; q < g->n; q++)
		if (SEG(L, g, q).col == c)
			return c >= 0;
	return false;
}

/* Columns whose lines are joined into one paragraph for the whole row: all but the
 * action, owner and target columns, whose paragraphs stay apart. */
static bool joined_col(const layout *L, int j)
{
	const int *col = L->m->col;
	return j != col[COL_RESP] && j != col[COL_OWNER] && j != col[COL_TARGET];
}

/*
 * Does an action start at line k of the row? Text in the action column and in the owner
 * or target column, after a line with none in those three: in one row per action, the
 * next row; in one row per item whose paragraphs are printed side by side, the next.
 */
static bool action_starts(const layout *L, const gline *g, size_t k)
{
	const int *col = L->m->col;
	if (!k || !has_col(L, &g[k], col[COL_RESP]) || !(has_col(L, &g[k], col[COL_OWNER]) || has_col(L, &g[k], col[COL_TARGET])))
		return false;
	size_t p = k - 1;
	if (g[p].page) { /* at the top of a page: unless the action above was cut off */
		if (!p)
			return true;
		p--;
		const gline *l = &g[p];
		for (size_t q = 0; q < l->n; q++)
			if (SEG(L, l, q).col == col[COL_RESP] && !imp_ends_terminal(SEG(L, l, q).s, SEG(L, l, q).len))
				return false;
		return true;
	}
	return !has_col(L, &g[p], col[COL_RESP]) && !has_col(L, &g[p], col[COL_OWNER]) && !has_col(L, &g[p], col[COL_TARGET]);
}

/* More text for the paragraph being read, after a space unless the line before was
 * wrapped after a hyphen or slash inside a word (and this one goes on in lower case or
 * digits after a slash: "self-" "harm", "Re-" "Offending", not "1983/" "The"). */
static void join_text(doc_model *m, const char *s, size_t n)
{
	const char *p = m->para.s;
	size_t k = m->para.len;
	bool glued = k >= 2 && imp_alnum(p[k - 2]) && n &&
		     ((p[k - 1] == '-' && imp_alnum(s[0])) || (p[k - 1] == '/' && (imp_lower(s[0]) || imp_digit(s[0]))));
	if (k && !glued)
		doc_text(m, " ", 1);
	doc_text(m, s, n);
}

/* Column j of lines [from, to) into the model's cell: one paragraph per run of lines with
 * text in it (a blank in the column ends a paragraph), or all joined. */
static void put_column(layout *L, const gline *g, size_t from, size_t to, int j, bool join)
{
	doc_model *m = L->m;
	bool open = false;
	for (size_t k = from; k < to; k++) {
		bool any = false;
		if (g[k].page) {
			/* the page cut the row: an action goes on unless it ended; an owner or
			 * target ends (a name cut in two is rare, two names run together worse) */
			bool resp = j == m->col[COL_RESP] && m->para.len && !imp_ends_terminal(m->para.s, m->para.len);
			if (open && !join && !resp) {
				doc_para_end(m, false);
				open = false;
			}
			continue;
		}
		for (size_t q = 0; q < g[k].n; q++) {
			const gseg *t = &SEG(L, &g[k], q);
			if (t->col != j)
				continue;
			join_text(m, t->s, t->len);
			any = open = true;
		}
		if (!any && open && !join) {
			doc_para_end(m, false);
			open = false;
		}
	}
	if (open)
		doc_para_end(m, false);
}

/* The open row's lines, cut where actions start, as rows of the model (the first row
 * keeps the joined columns: ref, finding, agreement). */
static void row_close(layout *L)
{
	const gline *g = L->rows;
	size_t n = L->nrows;
	doc_model *m = L->m;
	for (size_t from = 0; from < n;) {
		size_t to = from + 1;
		while (to < n && !action_starts(L, g, to))
			to++;
		doc_row_begin(m);
		for (size_t j = 0; j < L->ncols; j++) {
			doc_cell_begin(m, 1);
			if (!joined_col(L, (int)j))
				put_column(L, g, from, to, (int)j, false);
			else if (from == 0)
				put_column(L, g, 0, n, (int)j, true);
			doc_cell_end(m);
		}
		doc_row_end(m);
		from = to;
	}
	L->nrows = 0;
}

/* A block (lines between blank lines) with text in the ref or finding column only,
 * not a ref: a row of its own (merged section or "Directed to:" row). At the top of a
 * page only in the ref column: text in the finding column there is more of the finding. */
static bool lone_block(const layout *L, const gline *g, size_t n, bool page_top)
{
	int only = -1;
	for (size_t k = 0; k < n; k++)
		for (size_t q = 0; q < g[k].n; q++) {
			if (only >= 0 && SEG(L, &g[k], q).col != only)
				return false;
			only = SEG(L, &g[k], q).col;
		}
	if (only < 0 || (only != L->m->col[COL_REF] && (page_top || only != L->m->col[COL_FIND])))
		return false;
	return !(only == L->m->col[COL_REF] && looks_ref(SEG(L, &g[0], 0).s, SEG(L, &g[0], 0).len));
}

static void flush_block(layout *L)
{
	const gline *g = L->block;
	size_t n = L->nblock;
	doc_model *m = L->m;
	if (!n)
		return;
	int rc = m->col[COL_REF];
	const gline *last = L->nrows ? &L->rows[L->nrows - 1] : NULL;
	bool page_top = last && last->page;
	if (lone_block(L, g, n, page_top)) {
		row_close(L);
		doc_row_begin(m);
		for (size_t j = 0; j < L->ncols; j++) {
			doc_cell_begin(m, 1);
			if ((int)j == m->col[COL_FIND])
				for (size_t k = 0; k < n; k++)
					for (size_t q = 0; q < g[k].n; q++)
						join_text(m, SEG(L, &g[k], q).s, SEG(L, &g[k], q).len);
			doc_cell_end(m);
		}
		doc_row_end(m);
	} else {
		for (size_t q = 0; q < g[0].n; q++)
			if (SEG(L, &g[0], q).col == rc && looks_ref(SEG(L, &g[0], q).s, SEG(L, &g[0], q).len))
				row_close(L);
		if (L->nrows && !page_top) { /* the blank line between blocks keeps paragraphs apart */
			XGROW(L->rows, L->nrows, L->crows);
			L->rows[L->nrows++] = (gline){0};
		}
		for (size_t k = 0; k < n; k++) {
			XGROW(L->rows, L->nrows, L->crows);
			L->rows[L->nrows++] = g[k];
		}
	}
	L->nblock = 0;
}

/* A page number or "Page 3 of 12" on a line of its own: skipped. */
static bool page_number(const seg *sg, size_t k)
{
	if (k != 1)
		return false;
	const char *s = sg[0].s;
	size_t n = sg[0].len, i = 0;
	if (n > 5 && imp_starts_ci(s, "page "))
		i = 5;
	for (; i < n; i++)
		if (!imp_digit(s[i]) && s[i] != ' ' && !(n - i > 3 && !strncasecmp(s + i, "of ", 3) && (i += 2)))
			return false;
	return true;
}

/* Lines of the table (from the header on); returns the index of the first line after it. */
static size_t table(layout *L, const line *ln, size_t i, size_t nl, size_t hw, ab_err *err, const char *name,
		    int *rc)
{
	doc_model *m = L->m;
	seg sg[MAX_SEGS];
	/* the header row itself, its cells joined, so that the importer finds it */
	doc_table_begin(m);
	doc_row_begin(m);
	for (size_t j = 0; j < L->ncols; j++) {
		doc_cell_begin(m, 1);
		for (size_t r = 0; r < hw; r++) {
			size_t k = segments(ln[i + r].s, ln[i + r].n, sg);
			for (size_t q = 0; q < k; q++)
				if (column_of(L, sg[q].at) == (int)j) {
					doc_text(m, sg[q].s, sg[q].len);
					doc_text(m, " ", 1);
				}
		}
		doc_cell_end(m);
	}
	doc_row_end(m);
	const line *head = &ln[i];
	size_t first = i;
	unsigned above = 0; /* the columns the line above used (within a block) */
	bool page_top = false; /* after a form feed, until the page's first line of text */
	for (i += hw; i < nl; i++) {
		const char *s = ln[i].s;
		size_t n = ln[i].n;
		if (n && s[0] == '\f') { /* a new page: the open row goes on below its header */
			flush_block(L);
			if (L->nrows) {
				XGROW(L->rows, L->nrows, L->crows);
				L->rows[L->nrows++] = (gline){.page = true};
			}
			s++, n--;
			page_top = true;
		}
		if (ln[i].furniture)
			continue;
		if (n && (page_top || (head->n && n == head->n && !memcmp(s, head->s, n)))) {
			/* the first line of a page: the header printed again, maybe with its columns
			 * moved (another program lays each page out on its own) */
			layout again = *L;
			size_t w = header_lines(&again, ln, i, nl);
			page_top = false;
			if (w && again.ncols == L->ncols) {
				flush_block(L);
				memcpy(L->starts, again.starts, sizeof L->starts);
				i += w - 1;
				continue;
			}
		}
		size_t k = segments(s, n, sg);
		if (!k) {
			flush_block(L);
			continue;
		}
		if (page_number(sg, k))
			continue;
		unsigned used;
		if (!aligned_line(L, sg, k, L->nblock ? above : 0, &used))
			break;
		above = used;
		if (i - first >= DOC_MAX_LINES || L->nsegs + k > DOC_MAX_SEGS) {
			L->big = true;
			break;
		}
		gline g = {.first = L->nsegs, .n = k};
		for (size_t q = 0; q < k; q++) {
			XGROW(L->segs, L->nsegs, L->csegs);
			L->segs[L->nsegs++] = (gseg){.col = column_of(L, sg[q].at), .s = sg[q].s, .len = sg[q].len};
		}
		XGROW(L->block, L->nblock, L->cblock);
		L->block[L->nblock++] = g;
	}
	flush_block(L);
	row_close(L);
	doc_table_end(m);
	/* a ref row below that did not line up: refuse rather than lose the rest of the plan */
	for (size_t k = i; k < nl && !*rc; k++) {
		size_t ns = segments(ln[k].s + (ln[k].n && ln[k].s[0] == '\f'), ln[k].n - (ln[k].n && ln[k].s[0] == '\f'), sg);
		if (ns >= 3 && column_of(L, sg[0].at) == m->col[COL_REF] && looks_ref(sg[0].s, sg[0].len))
			*rc = err_set_at(err, EX_DATAERR, name, (int)i + 1, 0,
					 "the table's text does not line up with its columns here, but a row with ref "
					 "'%.*s' follows (line %zu): the table cannot be read past this line",
					 (int)sg[0].len, sg[0].s, k + 1);
	}
	if (L->big)
		*rc = err_set_at(err, EX_DATAERR, name, (int)i + 1, 0,
				 "the table goes on past %d lines or %d texts: not an action plan", DOC_MAX_LINES,
				 DOC_MAX_SEGS);
	free(L->block);
	free(L->rows);
	free(L->segs);
	return i;
}

/* A line outside the table: its texts split by tabs. */
static void plain_line(doc_model *m, const line *l)
{
	if (l->furniture)
		return;
	seg sg[MAX_SEGS];
	const char *s = l->s;
	size_t n = l->n;
	if (n && *s == '\f')
		s++, n--;
	size_t k = segments(s, n, sg);
	if (k < 2) {
		doc_text(m, s, n);
		doc_para_end(m, false);
		return;
	}
	doc_table_begin(m);
	doc_row_begin(m);
	for (size_t q = 0; q < k; q++) {
		doc_cell_begin(m, 1);
		doc_text(m, sg[q].s, sg[q].len);
		doc_cell_end(m);
	}
	doc_row_end(m);
	doc_table_end(m);
}

/* A line's text without its form feed and spaces around. */
static const char *trimmed(const line *l, size_t *n)
{
	const char *s = l->s;
	size_t k = l->n;
	for (; k && (*s == '\f' || *s == ' '); k--)
		s++;
	*n = k;
	return s;
}

/*
 * Running headers and footers ("OFFICIAL", a plan's title on every page): the first or
 * last line of a page whose text is the first or last line of at least half the pages
 * (three at least), and not the table's header row. They are marked and left out, so that they neither end the table
 * nor read as a row. Page numbers are left out by page_number(). Done for documents of
 * DOC_MAX_PAGES pages at most (the count compares page edges pairwise).
 */
static void page_furniture(line *ln, size_t nl)
{
	size_t edge[2 * DOC_MAX_PAGES], ne = 0, pages = 0;
	for (size_t i = 0; i < nl;) {
		size_t end = i + 1, first = nl, last = nl, n;
		while (end < nl && !(ln[end].n && ln[end].s[0] == '\f'))
			end++;
		for (size_t k = i; k < end; k++)
			if (trimmed(&ln[k], &n), n) {
				if (first == nl)
					first = k;
				last = k;
			}
		if (++pages > DOC_MAX_PAGES)
			return;
		if (first < nl)
			edge[ne++] = first;
		if (last < nl && last != first)
			edge[ne++] = last;
		i = end;
	}
	size_t need = pages / 2 > 3 ? pages / 2 : 3;
	for (size_t a = 0; a < ne; a++) {
		size_t na, nb, count = 0;
		const char *ta = trimmed(&ln[edge[a]], &na);
		for (size_t b = 0; b < ne && count < need; b++) {
			const char *tb = trimmed(&ln[edge[b]], &nb);
			count += na == nb && !memcmp(ta, tb, na);
		}
		layout probe = {0};
		ln[edge[a]].furniture = count >= need && !header_lines(&probe, ln, edge[a], nl); /* not the table's header */
	}
}

int doc_layout_read(const char *name, const char *data, size_t len, doc_model *m, ab_err *err)
{
	line *lines = NULL;
	size_t nl = 0, cap = 0;
	for (size_t i = 0; i < len;) {
		const char *e = memchr(data + i, '\n', len - i);
		size_t n = e ? (size_t)(e - data - i) : len - i;
		size_t t = n;
		while (t && (data[i + t - 1] == '\r' || data[i + t - 1] == ' '))
			t--;
		line l = {.s = data + i, .n = t};
		if (t > DOC_MAX_LINE) {
			free(lines);
			return DOC_NOT_LAYOUT; /* no table aligned by spaces has such a line */
		}
		if (nl >= DOC_MAX_LINES) {
			free(lines);
			return err_set_at(err, EX_DATAERR, name, DOC_MAX_LINES, 0,
					  "more than %d lines: not an action plan", DOC_MAX_LINES);
		}
		XGROW(lines, nl, cap);
		lines[nl++] = l;
		i += n + 1;
	}
	const line *ln = lines;
	layout L = {0};
	size_t i = 0, hw = 0;
	for (; i < nl && !(hw = header_lines(&L, ln, i, nl)); i++)
		;
	if (!hw) {
		free(lines);
		return DOC_NOT_LAYOUT;
	}
	L.m = m;
	page_furniture(lines, nl);
	for (size_t k = 0; k < i; k++)
		plain_line(m, &ln[k]);
	int rc = 0;
	size_t after = table(&L, ln, i, nl, hw, err, name, &rc);
	for (size_t k = after; k < nl && !rc; k++)
		plain_line(m, &ln[k]);
	free(lines);
	return rc;
}
