/*
 * libFuzzer target for one document reader (import/doc.h), chosen when it is built:
 * -DFUZZ_FORM=DOC_DOCX, DOC_ODT, DOC_HTML, DOC_PDF or DOC_LAYOUT (fuzz/build.sh builds
 * one binary per reader: fuzz_docx, fuzz_odt, fuzz_html, fuzz_pdf, fuzz_layout). Any bytes
 * go to that reader as if doc_sniff() had said so; the reader must answer with text or a
 * sysexits error, within its limits, and the text must then import (to YAML or EX_DATAERR)
 * without a crash. A crash, a leak, undefined behaviour, a hang, or text that is not
 * NUL-terminated where its length says is a finding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../import/doc.h"
#include "../import/import.h"

#ifndef FUZZ_FORM
#error "build with -DFUZZ_FORM=DOC_DOCX (or DOC_ODT, DOC_HTML, DOC_PDF, DOC_LAYOUT)"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ab_err err = {0};
	char *text = NULL;
	int rc = doc_extract("fuzz", (const char *)data, size, FUZZ_FORM, &text, &err);
	if (rc) {
		if (text || (!err.code && rc != DOC_NOT_LAYOUT))
			abort(); /* an error leaves no text and says what it is */
		return 0;
	}
	if (!text)
		abort();
	size_t n = strlen(text);
	char *yaml = NULL;
	import_stats st;
	ab_err ierr = {0};
	int irc = import_plan("fuzz", text, n, NULL, &yaml, NULL, &st, &ierr);
	if ((irc == 0) != (yaml != NULL))
		abort();
	free(yaml);
	free(text);
	return 0;
}
