/*
 * doc_zip — Word (.docx) and OpenDocument text (.odt): a zip container (libzip) holding
 * the document as XML (libxml2), walked into the table model (doc.h).
 *
 * Why libzip: it reads a zip from memory, checks the archive's consistency on open
 * (ZIP_CHECKCONS), and inflates one entry as a stream, so the size we count is the size
 * really inflated, not the one the header claims. libarchive could too, but reads zips
 * front to back by local headers, which may disagree with the central directory Word uses.
 *
 * Safety: an entry stops inflating at DOC_MAX_PART bytes (a zip bomb is refused there);
 * the XML must be UTF-8 without a DTD (no entity can be declared, so none can expand or
 * point outside); libxml2 runs with XML_PARSE_NONET, without XML_PARSE_NOENT, DTDLOAD or
 * HUGE, so its own depth (256) and size limits hold; our walk stops at DOC_MAX_DEPTH.
 */
#include <string.h>
#include <zip.h>

#include "../core/lib.h"
#include "doc.h"

/* libzip's functions (core/lib.h: opened when a .docx or .odt is read, never linked). */
static struct doc_zip_lib {
	__typeof__(&zip_discard) zip_discard;
	__typeof__(&zip_error_fini) zip_error_fini;
	__typeof__(&zip_error_init) zip_error_init;
	__typeof__(&zip_error_strerror) zip_error_strerror;
	__typeof__(&zip_fclose) zip_fclose;
	__typeof__(&zip_file_strerror) zip_file_strerror;
	__typeof__(&zip_fopen_index) zip_fopen_index;
	__typeof__(&zip_fread) zip_fread;
	__typeof__(&zip_get_error) zip_get_error;
	__typeof__(&zip_name_locate) zip_name_locate;
	__typeof__(&zip_open_from_source) zip_open_from_source;
	__typeof__(&zip_source_buffer_create) zip_source_buffer_create;
	__typeof__(&zip_source_free) zip_source_free;
	__typeof__(&zip_strerror) zip_strerror;
} dz;

static const lib_symbol dz_symbols[] = {
	LIB_FN(struct doc_zip_lib, zip_discard, "zip_discard"),
	LIB_FN(struct doc_zip_lib, zip_error_fini, "zip_error_fini"),
	LIB_FN(struct doc_zip_lib, zip_error_init, "zip_error_init"),
	LIB_FN(struct doc_zip_lib, zip_error_strerror, "zip_error_strerror"),
	LIB_FN(struct doc_zip_lib, zip_fclose, "zip_fclose"),
	LIB_FN(struct doc_zip_lib, zip_file_strerror, "zip_file_strerror"),
	LIB_FN(struct doc_zip_lib, zip_fopen_index, "zip_fopen_index"),
	LIB_FN(struct doc_zip_lib, zip_fread, "zip_fread"),
	LIB_FN(struct doc_zip_lib, zip_get_error, "zip_get_error"),
	LIB_FN(struct doc_zip_lib, zip_name_locate, "zip_name_locate"),
	LIB_FN(struct doc_zip_lib, zip_open_from_source, "zip_open_from_source"),
	LIB_FN(struct doc_zip_lib, zip_source_buffer_create, "zip_source_buffer_create"),
	LIB_FN(struct doc_zip_lib, zip_source_free, "zip_source_free"),
	LIB_FN(struct doc_zip_lib, zip_strerror, "zip_strerror"),
};

/* One zip entry inflated into a malloc'd buffer (NUL-terminated), at most DOC_MAX_PART. */
static int read_part(zip_t *z, const char *entry, const char *name, char **out, size_t *len, ab_err *err)
{
	zip_int64_t idx = dz.zip_name_locate(z, entry, 0);
	if (idx < 0)
		return err_set_at(err, EX_DATAERR, name, 0, 0, "no %s inside: not a document this importer reads", entry);
	zip_file_t *f = dz.zip_fopen_index(z, (zip_uint64_t)idx, 0);
	if (!f)
		return err_set_at(err, EX_DATAERR, name, 0, 0, "cannot open %s inside the file: %s%s", entry,
				  dz.zip_strerror(z), dz.zip_get_error(z)->zip_err == ZIP_ER_NOPASSWD ? " (it is encrypted)" : "");
	util_buf b = {0};
	char chunk[65536];
	zip_int64_t got;
	int rc = 0;
	while ((got = dz.zip_fread(f, chunk, sizeof chunk)) > 0) {
		if (b.len + (size_t)got > DOC_MAX_PART) {
			rc = err_set_at(err, EX_DATAERR, name, 0, 0,
					"%s inflates to more than %u MB: refused (no plan is near that size; a zip bomb?)",
					entry, DOC_MAX_PART >> 20);
			break;
		}
		util_buf_add(&b, chunk, (size_t)got);
	}
	if (!rc && got < 0)
		rc = err_set_at(err, EX_DATAERR, name, 0, 0, "%s inside the file is damaged: %s", entry,
				dz.zip_file_strerror(f));
	dz.zip_fclose(f);
	if (rc) {
		util_buf_free(&b);
		return rc;
	}
	*len = b.len;
	*out = util_buf_take(&b);
	return 0;
}

/* The XML of one part as a tree, refusing what no Word or OpenDocument file holds. */
static int parse_part(const char *part, size_t len, const char *entry, const char *name, xmlDocPtr *doc,
		      ab_err *err)
{
	if (memchr(part, 0, len))
		return err_set_at(err, EX_DATAERR, name, 0, 0, "%s is not UTF-8 XML", entry);
	if (memmem(part, len, "<!DOCTYPE", 9) || memmem(part, len, "<!ENTITY", 8))
		return err_set_at(err, EX_DATAERR, name, 0, 0,
				  "%s declares a DTD or entities: refused (no Word or OpenDocument file does; "
				  "entity expansion and external entities are never read)", entry);
	size_t tags = 0;
	for (const char *p = part; (p = memchr(p, '<', len - (size_t)(p - part))) && tags <= DOC_MAX_ELEMENTS; p++)
		tags++;
	if (tags > DOC_MAX_ELEMENTS)
		return err_set_at(err, EX_DATAERR, name, 0, 0, "%s has more than %d elements: refused (no plan is near that)",
				  entry, DOC_MAX_ELEMENTS);
	xmlParserCtxtPtr ctxt = doc_xml.new_parser_ctxt();
	if (!ctxt) /* libxml2's one failure here: no memory */
		xmalloc_fail(sizeof(xmlParserCtxt));
	*doc = doc_xml.ctxt_read_memory(ctxt, part, (int)len, entry, "UTF-8",
					XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
					XML_PARSE_NOCDATA);
	int rc = 0;
	if (!*doc) {
		const xmlError *e = doc_xml.ctxt_get_last_error(ctxt);
		char msg[200] = "not well-formed";
		if (e && e->message) {
			snprintf(msg, sizeof msg, "%s", e->message);
			msg[strcspn(msg, "\n")] = 0;
		}
		rc = err_set_at(err, EX_DATAERR, name, 0, 0, "%s is not readable XML (line %d): %s", entry,
				e ? e->line : 0, msg);
	}
	doc_xml.free_parser_ctxt(ctxt);
	return rc;
}

static bool is(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

static int attr_int(const xmlNode *n, const char *local, int dflt)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, local) && a->children && a->children->content)
			return atoi((const char *)a->children->content);
	return dflt;
}

static const xmlNode *child(const xmlNode *n, const char *local)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is(c, local))
			return c;
	return NULL;
}

/* ---- Word ------------------------------------------------------------------------------ */

typedef struct walk {
	doc_model *m;
	bool deep; /* DOC_MAX_DEPTH passed */
} walk;

/* Past DOC_MAX_DEPTH the walk stops, and the reader refuses the document. */
static bool too_deep(walk *w, int depth)
{
	if (depth > DOC_MAX_DEPTH)
		w->deep = true;
	return w->deep;
}

/* The text of a Word paragraph's runs: w:t, tabs and breaks as spaces, a non-breaking
 * hyphen as a hyphen (an optional one shows nothing); deleted text and field codes are left
 * out (their elements are not w:t). */
static void docx_text(walk *w, const xmlNode *n, int depth)
{
	if (too_deep(w, depth))
		return;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && n->type == XML_ELEMENT_NODE && is(n, "t"))
			doc_text(w->m, (const char *)c->content, strlen((const char *)c->content));
		else if (is(c, "tab") || is(c, "br") || is(c, "cr"))
			doc_text(w->m, " ", 1);
		else if (is(c, "noBreakHyphen")) /* "self-harm" typed with Ctrl+Shift+- */
			doc_text(w->m, "-", 1);
		else if (c->type == XML_ELEMENT_NODE && !is(c, "pPr") && !is(c, "rPr") && !is(c, "del") &&
			 !is(c, "moveFrom"))
			docx_text(w, c, depth + 1); /* runs, hyperlinks, insertions, fields' results … */
	}
}

static void docx_walk(walk *w, const xmlNode *n, int depth);

/* Elements that only wrap others (content controls, custom XML, tracked insertions):
 * rows and cells inside them are the table's own. */
static bool wrapper(const xmlNode *n)
{
	return is(n, "sdt") || is(n, "sdtContent") || is(n, "customXml") || is(n, "ins") || is(n, "smartTag");
}

/* Cells of a row, through wrappers; a cell's gridSpan says how many columns it covers. */
static void docx_cells(walk *w, const xmlNode *n, int depth)
{
	if (too_deep(w, depth))
		return;
	for (const xmlNode *tc = n->children; tc; tc = tc->next) {
		if (wrapper(tc)) {
			docx_cells(w, tc, depth + 1);
		} else if (is(tc, "tc")) {
			const xmlNode *span = child(child(tc, "tcPr"), "gridSpan");
			doc_cell_begin(w->m, span ? attr_int(span, "val", 1) : 1);
			docx_walk(w, tc, depth + 1);
			doc_cell_end(w->m);
		}
	}
}

/* Rows of a table, through wrappers; a row deleted with changes tracked is left out. */
static void docx_rows(walk *w, const xmlNode *n, int depth)
{
	if (too_deep(w, depth))
		return;
	for (const xmlNode *tr = n->children; tr; tr = tr->next) {
		if (wrapper(tr)) {
			docx_rows(w, tr, depth + 1);
		} else if (is(tr, "tr") && !child(child(tr, "trPr"), "del")) {
			doc_row_begin(w->m);
			docx_cells(w, tr, depth + 1);
			doc_row_end(w->m);
		}
	}
}

static void docx_table(walk *w, const xmlNode *tbl, int depth)
{
	doc_table_begin(w->m);
	docx_rows(w, tbl, depth + 1);
	doc_table_end(w->m);
}

static void docx_walk(walk *w, const xmlNode *n, int depth)
{
	if (too_deep(w, depth))
		return;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (is(c, "p")) {
			docx_text(w, c, depth + 1);
			doc_para_end(w->m, child(child(c, "pPr"), "numPr") != NULL);
		} else if (is(c, "tbl")) {
			docx_table(w, c, depth + 1);
		} else if (c->type == XML_ELEMENT_NODE && !is(c, "sectPr") && !is(c, "tcPr") && !is(c, "tblPr") &&
			   !is(c, "del") && !is(c, "moveFrom")) {
			docx_walk(w, c, depth + 1); /* body, sdt, sdtContent, customXml, ins … */
		}
	}
}

/* ---- OpenDocument --------------------------------------------------------------------- */

static void odt_text(walk *w, const xmlNode *n, int depth)
{
	if (too_deep(w, depth))
		return;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE)
			doc_text(w->m, (const char *)c->content, strlen((const char *)c->content));
		else if (is(c, "s") || is(c, "tab") || is(c, "line-break"))
			doc_text(w->m, " ", 1);
		else if (c->type == XML_ELEMENT_NODE && !is(c, "note") && !is(c, "annotation"))
			odt_text(w, c, depth + 1); /* span, a, … */
	}
}

static void odt_walk(walk *w, const xmlNode *n, int depth, bool li);

/* A row's cells. A covered cell right after a cell spanning columns is one of its
 * columns; any other covered cell is under a cell spanning rows: an empty cell there
 * keeps the columns in place. */
static void odt_row(walk *w, const xmlNode *tr, int depth)
{
	doc_row_begin(w->m);
	int spanned = 0; /* covered cells still part of the cell before */
	for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
		if (is(tc, "covered-table-cell")) {
			if (spanned > 0) {
				spanned--;
				continue;
			}
			doc_cell_begin(w->m, 1);
			doc_cell_end(w->m);
		} else if (is(tc, "table-cell")) {
			int span = attr_int(tc, "number-columns-spanned", 1);
			spanned = span > 1 ? span - 1 : 0;
			doc_cell_begin(w->m, span);
			odt_walk(w, tc, depth + 1, false);
			doc_cell_end(w->m);
		}
	}
	doc_row_end(w->m);
}

/* Rows, also inside table-header-rows (the row repeated on every page) and row groups. */
static void odt_rows(walk *w, const xmlNode *n, int depth)
{
	if (too_deep(w, depth))
		return;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (is(c, "table-row"))
			odt_row(w, c, depth + 1);
		else if (is(c, "table-header-rows") || is(c, "table-rows") || is(c, "table-row-group"))
			odt_rows(w, c, depth + 1);
	}
}

static void odt_walk(walk *w, const xmlNode *n, int depth, bool li)
{
	if (too_deep(w, depth))
		return;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (is(c, "p") || is(c, "h")) {
			odt_text(w, c, depth + 1);
			doc_para_end(w->m, li);
		} else if (is(c, "list")) {
			odt_walk(w, c, depth + 1, true);
		} else if (is(c, "table")) {
			doc_table_begin(w->m);
			odt_rows(w, c, depth + 1);
			doc_table_end(w->m);
		} else if (c->type == XML_ELEMENT_NODE && !is(c, "automatic-styles") && !is(c, "font-face-decls") &&
			   !is(c, "sequence-decls") && !is(c, "tracked-changes")) {
			odt_walk(w, c, depth + 1, li); /* body, text, section, list-item … */
		}
	}
}

/* ---- the whole ----------------------------------------------------------------------- */

int doc_zip_read(const char *name, const char *data, size_t len, doc_form form, doc_model *m, ab_err *err)
{
	static lib_table zip = {AB_LIBZIP_SONAME, "libzip4", dz_symbols,
				sizeof dz_symbols / sizeof *dz_symbols, &dz, NULL};
	if (lib_open(&zip, err))
		return err->code;
	zip_error_t ze;
	dz.zip_error_init(&ze);
	zip_source_t *src = dz.zip_source_buffer_create(data, len, 0, &ze);
	zip_t *z = src ? dz.zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
	if (!z) {
		int rc = err_set_at(err, EX_DATAERR, name, 0, 0, "not a readable %s: the zip is damaged (%s)",
				    doc_form_name(form), dz.zip_error_strerror(&ze));
		if (src)
			dz.zip_source_free(src);
		dz.zip_error_fini(&ze);
		return rc;
	}
	dz.zip_error_fini(&ze);
	const char *entry = form == DOC_DOCX ? "word/document.xml" : "content.xml";
	char *part = NULL;
	size_t plen = 0;
	xmlDocPtr doc = NULL;
	int rc = read_part(z, entry, name, &part, &plen, err);
	dz.zip_discard(z); /* frees src too */
	if (!rc)
		rc = parse_part(part, plen, entry, name, &doc, err);
	free(part);
	if (rc)
		return rc;
	walk w = {.m = m};
	const xmlNode *root = doc_xml.doc_get_root_element(doc);
	if (root && form == DOC_DOCX)
		docx_walk(&w, root, 0);
	else if (root)
		odt_walk(&w, root, 0, false);
	doc_xml.free_doc(doc);
	if (w.deep)
		return err_set_at(err, EX_DATAERR, name, 0, 0, "%s is nested more than %d levels deep: refused",
				  entry, DOC_MAX_DEPTH);
	return 0;
}
