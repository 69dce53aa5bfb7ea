/* doc_xml — libxml2, opened and made safe for the readers that parse XML or HTML (doc.h). */
#include "../core/lib.h"
#include "doc.h"

/* No document is allowed to make libxml2 open a file or the network: every external
 * entity or DTD is refused here, whatever the parser options say. */
static xmlParserInputPtr no_external(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url, (void)id, (void)ctxt;
	return NULL;
}

doc_xml_lib doc_xml;

static const lib_symbol doc_xml_symbols[] = {
	LIB_FN(doc_xml_lib, init_parser, "xmlInitParser"),
	LIB_FN(doc_xml_lib, set_external_entity_loader, "xmlSetExternalEntityLoader"),
	LIB_FN(doc_xml_lib, html_read_memory, "htmlReadMemory"),
	LIB_FN(doc_xml_lib, new_parser_ctxt, "xmlNewParserCtxt"),
	LIB_FN(doc_xml_lib, ctxt_read_memory, "xmlCtxtReadMemory"),
	LIB_FN(doc_xml_lib, ctxt_get_last_error, "xmlCtxtGetLastError"),
	LIB_FN(doc_xml_lib, free_parser_ctxt, "xmlFreeParserCtxt"),
	LIB_FN(doc_xml_lib, doc_get_root_element, "xmlDocGetRootElement"),
	LIB_FN(doc_xml_lib, free_doc, "xmlFreeDoc"),
};

int doc_xml_open(ab_err *err)
{
	static lib_table xml = {AB_LIBXML2_SONAME, "libxml2", doc_xml_symbols,
				sizeof doc_xml_symbols / sizeof *doc_xml_symbols, &doc_xml, NULL};
	if (xml.handle)
		return 0;
	if (lib_open(&xml, err))
		return err->code;
	doc_xml.init_parser();
	doc_xml.set_external_entity_loader(no_external);
	return 0;
}
