/*
 * doc — a published document (Word .docx, OpenDocument .odt, HTML, PDF, or text whose
 * columns are aligned with spaces) turned into the plan text the importer reads: the
 * paragraphs outside tables one a line, each table row one line with its cells split by
 * tabs and a cell's paragraphs marked <p>…</p> (<li>…</li> for list items), text escaped
 * (& < > as entities) so that nothing in the document can make a tag.
 *
 * The form is told from the content, never the name (doc_sniff). The readers (doc_zip.c
 * for .docx and .odt, doc_html.c, doc_pdf.c, doc_layout.c) walk their document and feed
 * the table model below (doc_model.c), which writes the text row by row:
 *   - a row whose only text is in one cell (a merged section or "Directed to:" row) is
 *     written with that text in the finding column, as the tab form has it;
 *   - a row with one action paragraph and several owner paragraphs (one row per action)
 *     gets its owners joined by " / ";
 *   - a row whose action, owner and target cells hold equally many paragraphs, some of them
 *     empty to keep them aligned (one row per item), becomes one row per paragraph, so
 *     that an empty target stays empty instead of sliding onto the next action.
 *
 * Contract: doc_extract() returns 0 and a malloc'd NUL-terminated text in *text (the caller
 * frees it), or a sysexits code with `err` set (EX_DATAERR for a document it cannot read,
 * EX_UNAVAILABLE for a form this build has no library for) and *text NULL. Limits, so that
 * a hostile document gets a clear error quickly and within bounded memory: DOC_MAX_PART
 * bytes inflated from one zip entry (counted while inflating, the header's size is not
 * trusted), no DTD in XML (entity expansion, external entities: refused), no network,
 * DOC_MAX_DEPTH of nesting, DOC_MAX_ELEMENTS elements in a tree, DOC_MAX_PAGES of PDF,
 * DOC_MAX_LINES lines of aligned text of DOC_MAX_LINE bytes, DOC_MAX_PARAS paragraphs in
 * a cell, DOC_MAX_PARA bytes in a paragraph, DOC_MAX_TEXT bytes of text written: each
 * passed is a clear EX_DATAERR.
 */
#ifndef AB_IMPORT_DOC_H
#define AB_IMPORT_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/err.h"
#include "../core/util.h"

#ifdef AB_HAVE_LIBXML2
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
/* libxml2's functions, for the readers that parse XML or HTML (doc_zip.c, doc_html.c):
 * opened by doc_extract before such a reader runs (core/lib.h: it is never linked), and
 * called through this table, doc_xml.free_doc(d) for xmlFreeDoc(d). */
typedef struct doc_xml_lib {
	__typeof__(&xmlInitParser) init_parser;
	__typeof__(&xmlSetExternalEntityLoader) set_external_entity_loader;
	__typeof__(&htmlReadMemory) html_read_memory;
	__typeof__(&xmlNewParserCtxt) new_parser_ctxt;
	__typeof__(&xmlCtxtReadMemory) ctxt_read_memory;
	__typeof__(&xmlCtxtGetLastError) ctxt_get_last_error;
	__typeof__(&xmlFreeParserCtxt) free_parser_ctxt;
	__typeof__(&xmlDocGetRootElement) doc_get_root_element;
	__typeof__(&xmlFreeDoc) free_doc;
} doc_xml_lib;
extern doc_xml_lib doc_xml;
/* Opens libxml2 (once) and makes it refuse every external entity or DTD, whatever a
 * parser's options say; EX_UNAVAILABLE when it cannot be loaded. */
int doc_xml_open(ab_err *err);
#endif

#define DOC_MAX_PART (8u * 1024 * 1024)
#define DOC_MAX_DEPTH 256
#define DOC_MAX_PAGES 2000
#define DOC_MAX_TEXT (16u * 1024 * 1024)
#define DOC_MAX_CELLS 32
/* Elements of one XML part or HTML page: a tree of more would pass the memory bound. */
#define DOC_MAX_ELEMENTS 250000
/* Lines of space-aligned text, and texts kept for its table. */
#define DOC_MAX_LINES 500000
#define DOC_MAX_SEGS 1000000
/* Paragraphs in one cell; bytes in one paragraph; bytes in one line of aligned text. */
#define DOC_MAX_PARAS 20000
#define DOC_MAX_PARA (256u * 1024)
#define DOC_MAX_LINE (64u * 1024)

typedef enum doc_form {
	DOC_TABS,   /* text with cells split by tabs (read as it is) */
	DOC_LAYOUT, /* text with columns aligned by spaces (pdftotext -layout) */
	DOC_DOCX,
	DOC_ODT,
	DOC_HTML,
	DOC_PDF,
	DOC_ZIP,    /* a zip that is neither .docx nor .odt */
	DOC_OLE,    /* an old binary Word file, or an encrypted Office file */
	DOC_BINARY, /* anything else that is not text */
} doc_form;

/* The form of `len` bytes of `data`. */
doc_form doc_sniff(const char *data, size_t len);
/* "Word (.docx)", "PDF", …: for messages. Static. (doc_model.c, below the readers.) */
const char *doc_form_name(doc_form f);
/* Can this build read the form? (false: the library it needs was not built in) */
bool doc_form_available(doc_form f);

/* doc_extract() of DOC_LAYOUT text that has no table header aligned by spaces: not an
 * error of its own (the tab-separated reader then says what it finds). */
#define DOC_NOT_LAYOUT (-2)

/* The document's plan text (see above); `name` is used in errors. */
int doc_extract(const char *name, const char *data, size_t len, doc_form form, char **text,
		ab_err *err);

/* ---- the table model the readers feed (doc_model.c) ------------------------------------ */

typedef struct doc_para {
	char *text; /* malloc'd; may be "" (an empty paragraph keeps alignment) */
	bool li;
} doc_para;

typedef struct doc_cell {
	doc_para *p;
	size_t n, cap;
	int span; /* columns it covers (a merged cell), at least 1 */
} doc_cell;

typedef struct doc_model {
	util_buf out;           /* the plan text */
	util_buf para;          /* the paragraph being read */
	int tables;             /* depth of tables: rows and cells of inner tables are text */
	bool in_row, in_cell;
	doc_cell cells[DOC_MAX_CELLS];
	size_t ncells;
	int col[6];             /* column of each role (import_priv.h's COL_*), -1: none */
	bool have_cols;
	bool full;              /* DOC_MAX_TEXT, DOC_MAX_PARAS or DOC_MAX_PARA passed */
	bool auto_refs;         /* a ref cell is an automatically numbered list item, no text */
} doc_model;

void doc_model_init(doc_model *m);
void doc_model_free(doc_model *m);
/* Text for the paragraph being read (whitespace is collapsed later). */
void doc_text(doc_model *m, const char *s, size_t n);
/* Ends the paragraph being read: a line of its own outside tables, else one of the cell's
 * paragraphs (li: a list item). */
void doc_para_end(doc_model *m, bool li);
void doc_table_begin(doc_model *m);
void doc_table_end(doc_model *m);
void doc_row_begin(doc_model *m);
void doc_row_end(doc_model *m);
void doc_cell_begin(doc_model *m, int span);
void doc_cell_end(doc_model *m);
/* The text written, or NULL (err set) when DOC_MAX_TEXT was passed. */
char *doc_model_finish(doc_model *m, const char *name, ab_err *err);

/* ---- the readers, each in its own file ---------------------------------------------- */

int doc_zip_read(const char *name, const char *data, size_t len, doc_form form, doc_model *m,
		 ab_err *err);
int doc_html_read(const char *name, const char *data, size_t len, doc_model *m, ab_err *err);
int doc_pdf_read(const char *name, const char *data, size_t len, doc_model *m, ab_err *err);
/* Text aligned by spaces; also what doc_pdf_read() lays out from the page. */
int doc_layout_read(const char *name, const char *data, size_t len, doc_model *m, ab_err *err);

#endif
