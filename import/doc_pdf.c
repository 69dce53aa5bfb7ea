/*
 * doc_pdf — a PDF's text laid out by position (poppler-glib gives each character's box),
 * page by page, as `pdftotext -layout` would print it, then read by doc_layout.c.
 *
 * Why poppler-glib: it is the PDF library Debian's own tools use, reads encrypted and
 * damaged files without crashing, and gives characters with their boxes, which is what a
 * table needs (its columns are where the text starts).
 *
 * Layout: characters are grouped into lines by their vertical centre and placed on a
 * grid of cells a little narrower than most characters (so a word never takes more cells
 * than its width): inside a word one after another, one space for a word space, and a
 * text after a wider gap (a new column) in the cell where it is printed. A gap between
 * lines of more than 1.9 text heights is a blank line; a new page is a form feed, as
 * pdftotext prints it.
 *
 * Limits: DOC_MAX_PAGES pages; an encrypted PDF (one that needs a password) and a PDF
 * with no text at all (a scan: OCR is not done) are refused with a clear message.
 *
 * poppler-glib is opened when a PDF is read, not linked (core/lib.h says why).
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <poppler.h>

#include "../core/lib.h"
#include "doc.h"

/* The functions of poppler-glib (and the glib under it) this file calls, found by name. */
static struct pdf_lib {
	__typeof__(&g_bytes_new_static) bytes_new_static;
	__typeof__(&g_bytes_unref) bytes_unref;
	__typeof__(&poppler_document_new_from_bytes) document_new_from_bytes;
	__typeof__(&poppler_error_quark) error_quark;
	__typeof__(&g_error_free) error_free;
	__typeof__(&poppler_document_get_n_pages) document_get_n_pages;
	__typeof__(&poppler_document_get_page) document_get_page;
	__typeof__(&poppler_page_get_text) page_get_text;
	__typeof__(&poppler_page_get_text_layout) page_get_text_layout;
	__typeof__(&g_free) free;
	__typeof__(&g_object_unref) object_unref;
} pdf;

static const lib_symbol pdf_symbols[] = {
	LIB_FN(struct pdf_lib, bytes_new_static, "g_bytes_new_static"),
	LIB_FN(struct pdf_lib, bytes_unref, "g_bytes_unref"),
	LIB_FN(struct pdf_lib, document_new_from_bytes, "poppler_document_new_from_bytes"),
	LIB_FN(struct pdf_lib, error_quark, "poppler_error_quark"),
	LIB_FN(struct pdf_lib, error_free, "g_error_free"),
	LIB_FN(struct pdf_lib, document_get_n_pages, "poppler_document_get_n_pages"),
	LIB_FN(struct pdf_lib, document_get_page, "poppler_document_get_page"),
	LIB_FN(struct pdf_lib, page_get_text, "poppler_page_get_text"),
	LIB_FN(struct pdf_lib, page_get_text_layout, "poppler_page_get_text_layout"),
	LIB_FN(struct pdf_lib, free, "g_free"),
	LIB_FN(struct pdf_lib, object_unref, "g_object_unref"),
};

static lib_table pdf_lib = {AB_POPPLER_SONAME, "libpoppler-glib8", pdf_symbols,
			    sizeof pdf_symbols / sizeof *pdf_symbols, &pdf, NULL};

/* Cells of one laid-out line at most: a landscape A3 page in 4 pt type is some 400. */
#define MAX_CELLS 4096

typedef struct glyph {
	double x1, y1, x2, y2;
	const char *s; /* its UTF-8 bytes in the page's text */
	int len;
} glyph;

static int by_y(const void *a, const void *b)
{
	const glyph *p = a, *q = b;
	double ya = (p->y1 + p->y2) / 2, yb = (q->y1 + q->y2) / 2;
	return ya < yb ? -1 : ya > yb;
}

static int by_x(const void *a, const void *b)
{
	const glyph *p = a, *q = b;
	return p->x1 < q->x1 ? -1 : p->x1 > q->x1;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* One line's glyphs (sorted by x) on the grid of cell width cw. */
static void put_line(util_buf *out, glyph *g, size_t n, double cw)
{
	qsort(g, n, sizeof *g, by_x);
	long at = 0; /* the next free cell */
	for (size_t i = 0; i < n; i++) {
		/* where it is printed; a character off the page (a hostile or odd PDF) is put
		 * as a new column after the last text, so a line never grows past MAX_CELLS */
		double x = g[i].x1 / cw;
		long want = isfinite(x) && x >= 0 && x < MAX_CELLS ? lround(x) : at + 2;
		double gap = i > 0 ? g[i].x1 - g[i - 1].x2 : 0;
		if (i > 0 && gap < 0.25 * cw)
			want = at; /* inside a word: the next cell */
		else if (i > 0 && (gap < 1.8 * cw || want <= at + 1))
			want = at + 1; /* a word space: one, as wide as it is printed */
		else if (want < at + 2)
			want = at + 2; /* a new column: where it is printed, two cells or more from the last text */
		for (; at < want; at++)
			util_buf_add(out, " ", 1);
		util_buf_add(out, g[i].s, (size_t)g[i].len);
		at++;
	}
	util_buf_add(out, "\n", 1);
}

/* The page's characters as lines of text; returns how many characters it had. */
static size_t page_text(PopplerPage *page, util_buf *out)
{
	char *text = pdf.page_get_text(page);
	PopplerRectangle *r = NULL;
	guint nr = 0;
	size_t ng = 0;
	if (!text || !pdf.page_get_text_layout(page, &r, &nr)) {
		pdf.free(text);
		pdf.free(r);
		return 0;
	}
	glyph *g = xmalloc((nr + 1) * sizeof *g);
	double *hs = xmalloc((nr + 1) * sizeof *hs), *ws = xmalloc((nr + 1) * sizeof *ws);
	const char *p = text;
	for (guint k = 0; k < nr && *p; k++) {
		int len = 1;
		while (((unsigned char)p[len] & 0xC0) == 0x80)
			len++;
		if ((unsigned char)*p > ' ' && *p != 0x7F && r[k].x2 > r[k].x1 && r[k].y2 > r[k].y1 &&
		    isfinite(r[k].x1) && isfinite(r[k].y1) && isfinite(r[k].x2) && isfinite(r[k].y2)) {
			g[ng] = (glyph){r[k].x1, r[k].y1, r[k].x2, r[k].y2, p, len};
			ws[ng] = r[k].x2 - r[k].x1;
			hs[ng++] = r[k].y2 - r[k].y1;
		}
		p += len;
	}
	if (ng) {
		qsort(hs, ng, sizeof *hs, by_double);
		qsort(ws, ng, sizeof *ws, by_double);
		/* a cell a little narrower than most characters: a word never takes more cells
		 * than its width, so columns start where they are printed */
		double h = hs[ng / 2], cw = 0.8 * ws[ng / 2], last = -1;
		qsort(g, ng, sizeof *g, by_y);
		size_t from = 0;
		for (size_t i = 1; i <= ng; i++) {
			double yc = (g[from].y1 + g[from].y2) / 2;
			if (i < ng && fabs((g[i].y1 + g[i].y2) / 2 - yc) < 0.4 * h)
				continue;
			if (last >= 0 && yc - last > 1.6 * h * 1.2)
				util_buf_add(out, "\n", 1);
			put_line(out, g + from, i - from, cw);
			last = yc;
			from = i;
		}
	}
	free(g);
	free(hs);
	free(ws);
	pdf.free(r);
	pdf.free(text);
	return ng;
}

int doc_pdf_read(const char *name, const char *data, size_t len, doc_model *m, ab_err *err)
{
	if (lib_open(&pdf_lib, err))
		return err->code;
	GBytes *bytes = pdf.bytes_new_static(data, len);
	GError *ge = NULL;
	PopplerDocument *d = pdf.document_new_from_bytes(bytes, NULL, &ge);
	pdf.bytes_unref(bytes);
	if (!d) {
		bool enc = ge && ge->domain == pdf.error_quark() &&
			   ge->code == POPPLER_ERROR_ENCRYPTED;
		int rc = enc ? err_set_at(err, EX_DATAERR, name, 0, 0,
					  "the PDF is encrypted (it needs a password): open it and save a copy without one")
			     : err_set_at(err, EX_DATAERR, name, 0, 0, "not a readable PDF: %s",
					  ge && ge->message ? ge->message : "damaged");
		if (ge)
			pdf.error_free(ge);
		return rc;
	}
	int pages = pdf.document_get_n_pages(d);
	if (pages > DOC_MAX_PAGES) {
		pdf.object_unref(d);
		return err_set_at(err, EX_DATAERR, name, 0, 0, "%d pages: more than %d, not an action plan", pages,
				  DOC_MAX_PAGES);
	}
	util_buf out = {0};
	size_t chars = 0;
	int lost = 0; /* a page poppler cannot give: refused, a plan missing a page is wrong */
	for (int i = 0; i < pages && !lost && out.len <= DOC_MAX_TEXT; i++) {
		PopplerPage *pg = pdf.document_get_page(d, i);
		if (!pg) {
			lost = i + 1;
			break;
		}
		if (i)
			util_buf_add(&out, "\f", 1);
		chars += page_text(pg, &out);
		pdf.object_unref(pg);
	}
	pdf.object_unref(d);
	int rc = 0;
	if (lost)
		rc = err_set_at(err, EX_DATAERR, name, 0, 0, "page %d of the PDF cannot be read: damaged", lost);
	else if (out.len > DOC_MAX_TEXT)
		rc = err_set_at(err, EX_DATAERR, name, 0, 0, "more than %u MB of text: not an action plan",
				DOC_MAX_TEXT >> 20);
	else if (!chars)
		rc = err_set_at(err, EX_DATAERR, name, 0, 0,
				"the PDF has no text (%d page%s of images, a scan?): OCR is not done; "
				"import the Word or HTML version of the plan, or its text", pages, pages == 1 ? "" : "s");
	else if ((rc = doc_layout_read(name, out.s, out.len, m, err)) == DOC_NOT_LAYOUT)
		rc = err_set_at(err, EX_DATAERR, name, 0, 0,
				"no action plan table: no header row with ref, finding, response, 'Responsible "
				"Owner' and 'Target Date' columns in the PDF's text");
	util_buf_free(&out);
	return rc;
}
