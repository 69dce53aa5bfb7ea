/*
 * doc — telling a document's form from its first bytes, and handing it to its reader
 * (doc.h). Which readers exist is decided when the program is built (meson features xml,
 * zip and pdf); a form whose library is missing is refused with EX_UNAVAILABLE, naming it.
 */
#include <string.h>
#include <strings.h>

#include "doc.h"

static bool has_at(const char *data, size_t len, size_t at, const char *magic)
{
	size_t n = strlen(magic);
	return len >= at + n && !memcmp(data + at, magic, n);
}

/* Does `needle` occur in the first `lim` bytes? (memmem on binary data) */
static bool has_in(const char *data, size_t len, size_t lim, const char *needle)
{
	return memmem(data, len < lim ? len : lim, needle, strlen(needle)) != NULL;
}

static doc_form zip_form(const char *data, size_t len)
{
	/* ODF puts an uncompressed "mimetype" entry first; OOXML names word/document.xml in
	 * its central directory (at the end) and usually in a local header too. */
	if (has_at(data, len, 30, "mimetypeapplication/vnd.oasis.opendocument.text"))
		return DOC_ODT;
	if (memmem(data, len, "word/document.xml", 17))
		return DOC_DOCX;
	return DOC_ZIP;
}

/* The start of an HTML page, after a byte-order mark and whitespace. */
static bool html_start(const char *data, size_t len)
{
	size_t i = has_at(data, len, 0, "\xEF\xBB\xBF") ? 3 : 0;
	while (i < len && strchr(" \t\r\n", data[i]))
		i++;
	static const char *const starts[] = {"<!doctype html", "<html", "<head", "<body", "<meta", "<table",
					     "<!--", "<?xml"};
	for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
		size_t n = strlen(starts[k]);
		if (len - i >= n && !strncasecmp(data + i, starts[k], n))
			return k < 6 || has_in(data, len, 4096, "<html"); /* "<!--", "<?xml": with <html> */
	}
	return false;
}

/* A line of the text with at least three tabs: the tab-separated plan text. */
static bool has_tab_row(const char *data, size_t len)
{
	int tabs = 0;
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n')
			tabs = 0;
		else if (data[i] == '\t' && ++tabs >= 3)
			return true;
	}
	return false;
}

doc_form doc_sniff(const char *data, size_t len)
{
	if (has_at(data, len, 0, "PK\x03\x04"))
		return zip_form(data, len);
	if (has_at(data, len, 0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
		return DOC_OLE;
	if (has_in(data, len, 1024, "%PDF-"))
		return DOC_PDF;
	if (memchr(data, 0, len < 65536 ? len : 65536))
		return DOC_BINARY;
	if (html_start(data, len))
		return DOC_HTML;
	return has_tab_row(data, len) ? DOC_TABS : DOC_LAYOUT;
}

/* The library a form needs that this build lacks; NULL when it has all it needs. */
static const char *missing_library(doc_form f)
{
#ifndef AB_HAVE_LIBXML2
	if (f == DOC_DOCX || f == DOC_ODT || f == DOC_HTML)
		return "libxml2 (meson feature xml)";
#endif
#ifndef AB_HAVE_LIBZIP
	if (f == DOC_DOCX || f == DOC_ODT)
		return "libzip (meson feature zip)";
#endif
#ifndef AB_HAVE_POPPLER
	if (f == DOC_PDF)
		return "poppler-glib (meson feature pdf)";
#endif
	(void)f;
	return NULL;
}

bool doc_form_available(doc_form f)
{
	return !missing_library(f);
}

static int refuse(const char *name, doc_form f, ab_err *err)
{
	switch (f) {
	case DOC_ZIP:
		return err_set_at(err, EX_DATAERR, name, 0, 0,
				  "a zip archive that is neither a Word (.docx) nor an OpenDocument text (.odt) file");
	case DOC_OLE:
		return err_set_at(err, EX_DATAERR, name, 0, 0,
				  "an old Word (.doc) file or an encrypted Office file: open it in Word or "
				  "LibreOffice, remove any password and save it as .docx");
	default:
		return err_set_at(err, EX_SOFTWARE, name, 0, 0, "no reader for %s", doc_form_name(f));
	}
}

int doc_extract(const char *name, const char *data, size_t len, doc_form form, char **text,
		ab_err *err)
{
	*text = NULL;
	const char *lib = missing_library(form);
	if (lib)
		return err_set_at(err, EX_UNAVAILABLE, name, 0, 0,
				  "this actionboard was built without %s, so it cannot read %s files; "
				  "save the plan as text (or rebuild with the library)", lib, doc_form_name(form));
#ifdef AB_HAVE_LIBXML2
	if ((form == DOC_DOCX || form == DOC_ODT || form == DOC_HTML) && doc_xml_open(err))
		return err->code;
#endif
	doc_model m;
	doc_model_init(&m);
	int rc;
	switch (form) {
	case DOC_DOCX:
	case DOC_ODT: rc = doc_zip_read(name, data, len, form, &m, err); break;
	case DOC_HTML: rc = doc_html_read(name, data, len, &m, err); break;
	case DOC_PDF: rc = doc_pdf_read(name, data, len, &m, err); break;
	case DOC_LAYOUT: rc = doc_layout_read(name, data, len, &m, err); break;
	default: rc = refuse(name, form, err); break;
	}
	if (!rc && !(*text = doc_model_finish(&m, name, err))) /* DOC_NOT_LAYOUT passes through */
		rc = err->code;
	doc_model_free(&m);
	return rc;
}
