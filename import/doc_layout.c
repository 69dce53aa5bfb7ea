/*
 * doc_layout — text whose table columns are aligned with spaces, as `pdftotext -layout`
 * prints a PDF (and as doc_pdf.c lays out a PDF page from its characters' positions),
 * read into the table model (doc.h).
 *
 * The table's header row (it may wrap over up to three lines) gives the columns: each
 * starts where a header cell's text starts. A run of two or more spaces separates texts;
 * so does one space where a column starts. Below the header:
 *   - lines without a blank line between them are one block; in a block, each column's
 *     lines are one paragraph (text wrapped inside a cell); a blank line ends a paragraph
 *     in every column, so paragraphs side by side stay aligned;
 *   - a block whose reference column holds a ref starts a new row; a block with text in
 *     the reference or finding column only that is not a ref is its own row (a merged
 *     section or "Directed to:" row, or more of the finding), as the tab form has it;
 *   - a form feed (a new page) ends the row: what follows is a continuation row, as a row a
 *     page break cut in the tab form; the header repeated on the new page is skipped;
 *   - a line whose texts do not start at the columns ends the table (the plan's summary
 *     table below it is written with its texts split by tabs).
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

/* One block's texts per column, each column's lines joined by spaces. */
typedef struct block {
	util_buf col[DOC_MAX_CELLS];
} block;

typedef struct layout {
	doc_model *m;
	size_t starts[DOC_MAX_CELLS];
	size_t ncols;
	bool in_row;       /* a row is open */
	util_buf blocks;   /* its blocks, an array of `block` */
} layout;

/* Display column of byte i of a line: UTF-8 continuation bytes take no column. */
static size_t width_to(const char *s, size_t i)
{
	size_t w = 0;
	for (size_t k = 0; k < i; k++)
		w += ((unsigned char)s[k] & 0xC0) != 0x80;
	return w;
}

/* The texts of a line, split at two spaces or more (and at one where a column starts). */
static size_t segments(const layout *L, const char *s, size_t n, seg *out)
{
	size_t k = 0, i = 0;
	while (i < n && k < MAX_SEGS) {
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		size_t from = i;
		size_t col = width_to(s, i);
		while (i < n) {
			if (s[i] == ' ' && (i + 1 >= n || s[i + 1] == ' '))
				break;
			if (s[i] == ' ' && L) {
				size_t c = width_to(s, i + 1);
				bool at_col = false;
				for (size_t j = 1; j < L->ncols; j++)
					at_col |= L->starts[j] == c;
				if (at_col)
					break;
			}
			i++;
		}
		out[k++] = (seg){.at = col, .len = i - from, .s = s + from};
	}
	return k;
}

/* The column a text starting at display column `at` is in; -1 when it starts at none. */
static int column_of(const layout *L, size_t at)
{
	for (size_t j = L->ncols; j-- > 0;)
		if (at + 1 >= L->starts[j])
			return at <= L->starts[j] + 1 || j + 1 == L->ncols || at < L->starts[j + 1] ? (int)j : -1;
	return -1;
}

static bool aligned_line(const layout *L, const seg *sg, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		bool ok = false;
		for (size_t j = 0; j < L->ncols; j++)
			ok |= sg[i].at + 1 >= L->starts[j] && sg[i].at <= L->starts[j] + 1;
		if (!ok)
			return false;
	}
	return true;
}

/* ---- the header row ------------------------------------------------------------------- */

typedef struct line {
	const char *s;
	size_t n;
} line;

/* Do lines [i, i+w) make the table's header row? If so, L->starts is set. */
static bool header_at(layout *L, const line *ln, size_t i, size_t w, size_t nl)
{
	size_t starts[DOC_MAX_CELLS], ns = 0;
	seg sg[MAX_SEGS];
	if (i + w > nl)
		return false;
	for (size_t r = 0; r < w; r++) {
		size_t k = segments(NULL, ln[i + r].s, ln[i + r].n, sg);
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
		size_t k = segments(&probe, ln[i + r].s, ln[i + r].n, sg);
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
	if (is)
		*L = probe, L->m = NULL;
	return is;
}

/* ---- rows ----------------------------------------------------------------------------- */


static void block_free(block *b)
{
	for (size_t j = 0; j < DOC_MAX_CELLS; j++)
		util_buf_free(&b->col[j]);
}

static const char *btext(const block *b, size_t j)
{
	return b->col[j].s ? b->col[j].s : "";
}

/* A ref as the tab form's first cell holds one: "1.1", "S37 (1)", "2.103 (22)". */
static bool looks_ref(const char *s)
{
	size_t k = 0;
	while (imp_alpha(s[k]) && k < 3)
		k++;
	if (!imp_digit(s[k]))
		return false;
	while (imp_digit(s[k]) || s[k] == '.')
		k++;
	const char *p = imp_skip_spaces(s + k);
	if (*p == '(') {
		for (p++; imp_digit(*p); p++)
			;
		if (*p++ != ')')
			return false;
	}
	return !*imp_skip_spaces(p);
}

/* The open row: its blocks, written to the model when the row closes. */
static void row_open(layout *L)
{
	L->in_row = true;
}

/* The ref, finding and agreement are one paragraph each however many blocks they take;
 * the other columns get one paragraph per block, empty ones too (they keep alignment). */
static bool joined_col(const layout *L, size_t j)
{
	const int *col = L->m->col;
	return (int)j == col[COL_REF] || (int)j == col[COL_FIND] || (int)j == col[COL_AGREE];
}

static void row_close(layout *L)
{
	if (!L->in_row)
		return;
	doc_model *m = L->m;
	const block *bl = (const block *)(void *)L->blocks.s;
	size_t nb = L->blocks.len / sizeof(block);
	doc_row_begin(m);
	for (size_t j = 0; j < L->ncols; j++) {
		doc_cell_begin(m, 1);
		for (size_t k = 0; k < nb; k++) {
			const char *t = btext(&bl[k], j);
			if (joined_col(L, j)) {
				if (*t && m->para.len)
					doc_text(m, " ", 1);
				doc_text(m, t, strlen(t));
			} else {
				doc_text(m, t, strlen(t));
				doc_para_end(m, false);
			}
		}
		doc_cell_end(m);
	}
	doc_row_end(m);
	for (size_t k = 0; k < nb; k++)
		block_free((block *)(void *)(L->blocks.s + k * sizeof(block)));
	util_buf_free(&L->blocks);
	L->in_row = false;
}

/* Only the ref or the finding column has text, and it is not a ref: a row of its own. */
static bool lone_block(const layout *L, const block *b)
{
	int only = -1;
	for (size_t j = 0; j < L->ncols; j++)
		if (*btext(b, j)) {
			if (only >= 0)
				return false;
			only = (int)j;
		}
	return only >= 0 && (only == L->m->col[COL_REF] || only == L->m->col[COL_FIND]) &&
	       !looks_ref(btext(b, (size_t)only));
}

static void flush_block(layout *L, block *b, bool *have)
{
	if (!*have)
		return;
	*have = false;
	doc_model *m = L->m;
	int rc = m->col[COL_REF];
	if (lone_block(L, b)) {
		row_close(L);
		doc_row_begin(m);
		for (size_t j = 0; j < L->ncols; j++) {
			doc_cell_begin(m, 1);
			if ((int)j == m->col[COL_FIND]) {
				for (size_t q = 0; q < L->ncols; q++)
					doc_text(m, btext(b, q), b->col[q].len);
				doc_para_end(m, false);
			}
			doc_cell_end(m);
		}
		doc_row_end(m);
	} else {
		if (rc >= 0 && looks_ref(btext(b, (size_t)rc)))
			row_close(L);
		if (!L->in_row)
			row_open(L);
		if (util_buf_add(&L->blocks, (const char *)b, sizeof *b)) /* the block's texts move there */
			block_free(b);
		*b = (block){0};
		return;
	}
	block_free(b);
	*b = (block){0};
}

/* Lines of the table (from the header on); returns the index of the first line after it. */
static size_t table(layout *L, const line *ln, size_t i, size_t nl, size_t hw)
{
	doc_model *m = L->m;
	block b = {0};
	bool have = false;
	seg sg[MAX_SEGS];
	/* the header row itself, cells joined, so that the importer finds it */
	doc_table_begin(m);
	doc_row_begin(m);
	util_buf hb[DOC_MAX_CELLS] = {{0}};
	for (size_t r = 0; r < hw; r++) {
		size_t k = segments(L, ln[i + r].s, ln[i + r].n, sg);
		for (size_t q = 0; q < k; q++) {
			int c = column_of(L, sg[q].at);
			if (c >= 0) {
				util_buf_add(&hb[c], sg[q].s, sg[q].len);
				util_buf_add(&hb[c], " ", 1);
			}
		}
	}
	for (size_t j = 0; j < L->ncols; j++) {
		doc_cell_begin(m, 1);
		doc_text(m, hb[j].s ? hb[j].s : "", hb[j].len);
		doc_cell_end(m);
		util_buf_free(&hb[j]);
	}
	doc_row_end(m);
	size_t hfirst = i;
	for (i += hw; i < nl; i++) {
		const char *s = ln[i].s;
		size_t n = ln[i].n;
		if (n && s[0] == '\f') { /* a new page: the row goes on in a continuation row */
			flush_block(L, &b, &have);
			row_close(L);
			s++, n--;
		}
		if (n >= ln[hfirst].n && ln[hfirst].n && !memcmp(s, ln[hfirst].s, ln[hfirst].n)) {
			flush_block(L, &b, &have); /* the header repeated on a new page */
			i += hw - 1;
			continue;
		}
		size_t k = segments(L, s, n, sg);
		if (!k) {
			flush_block(L, &b, &have);
			continue;
		}
		if (!aligned_line(L, sg, k))
			break;
		for (size_t q = 0; q < k; q++) {
			int c = column_of(L, sg[q].at);
			if (c < 0)
				continue;
			if (b.col[c].len)
				util_buf_add(&b.col[c], " ", 1);
			util_buf_add(&b.col[c], sg[q].s, sg[q].len);
		}
		have = true;
	}
	flush_block(L, &b, &have);
	row_close(L);
	block_free(&b);
	doc_table_end(m);
	return i;
}

/* A line outside the table: its texts split by tabs. */
static void plain_line(doc_model *m, const line *l)
{
	seg sg[MAX_SEGS];
	const char *s = l->s;
	size_t n = l->n;
	if (n && *s == '\f')
		s++, n--;
	size_t k = segments(NULL, s, n, sg);
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

int doc_layout_read(const char *name, const char *data, size_t len, doc_model *m, ab_err *err)
{
	util_buf lb = {0}; /* the lines, as an array of `line` */
	for (size_t i = 0; i < len;) {
		const char *e = memchr(data + i, '\n', len - i);
		size_t n = e ? (size_t)(e - data - i) : len - i;
		size_t t = n;
		while (t && (data[i + t - 1] == '\r' || data[i + t - 1] == ' '))
			t--;
		line l = {data + i, t};
		util_buf_add(&lb, (const char *)&l, sizeof l);
		i += n + 1;
	}
	if (lb.oom) {
		util_buf_free(&lb);
		return err_set_at(err, EX_OSERR, name, 0, 0, "out of memory");
	}
	const line *ln = (const line *)(void *)lb.s;
	size_t nl = lb.len / sizeof(line);
	layout L = {0};
	size_t i = 0, hw = 0;
	for (; i < nl && !hw; i++)
		for (size_t w = 1; w <= 3 && !hw; w++)
			if (header_at(&L, ln, i, w, nl))
				hw = w;
	if (!hw) {
		util_buf_free(&lb);
		return err_set_at(err, EX_DATAERR, name, 0, 0,
				  "no action plan table: no header row with ref, finding, response, "
				  "'Responsible Owner' and 'Target Date' columns, split by tabs or aligned by spaces");
	}
	i--;
	L.m = m;
	for (size_t k = 0; k < i; k++)
		plain_line(m, &ln[k]);
	size_t after = table(&L, ln, i, nl, hw);
	for (size_t k = after; k < nl; k++)
		plain_line(m, &ln[k]);
	util_buf_free(&lb);
	return 0;
}
