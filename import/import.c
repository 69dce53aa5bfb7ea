/*
 * import — published action plan text to plan YAML (see import.h for the contract and
 * import_priv.h for the stages). This file holds import_plan(), which runs the stages in
 * order; what they all use (the arena, lists of strings, warnings) is arena.c.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "import_priv.h"

/* ---- the whole ------------------------------------------------------------------------- */

static void fill_stats(imp *im, import_stats *stats)
{
	*stats = (import_stats){.items = (int)im->nitems, .warnings = im->nwarn,
				.scheme = im->recs ? "recommendations" : "concerns"};
	for (size_t i = 0; i < im->nitems; i++)
		stats->actions += (int)im->items[i]->nacts;
}

int import_text(const char *name, const char *data, size_t len, char **text, const char **form,
		ab_err *err)
{
	doc_form f = doc_sniff(data, len);
	*text = NULL;
	if (form)
		*form = doc_form_name(f);
	if (f == DOC_TABS || f == DOC_BINARY || len > IMPORT_MAX_INPUT)
		return 0; /* the text reader says what it is, or that it is too large */
	int rc = doc_extract(name ? name : "-", data, len, f, text, err);
	if (rc == DOC_NOT_LAYOUT) { /* no aligned table: the text reader says what it finds */
		if (form)
			*form = doc_form_name(DOC_TABS);
		return 0;
	}
	if (!rc && !(*text)[strspn(*text, " \t\n")]) {
		free(*text);
		*text = NULL;
		return err_set_at(err, EX_DATAERR, name ? name : "-", 0, 0, "this %s document holds no text",
				  doc_form_name(f));
	}
	return rc;
}

int import_plan(const char *name, const char *data, size_t len, const import_opts *opt,
		char **yaml_out, FILE *warn, import_stats *stats, ab_err *err)
{
	imp im;
	imp_init(&im, name, opt, warn, err);
	*yaml_out = NULL;
	size_t after = 0;
	const char *code = NULL, *cycle = NULL, *form = NULL;
	char *text = NULL;
	int rc = import_text(im.name, data, len, &text, &form, err);
	if (!rc && text)
		data = text, len = strlen(text);
	imp_owners_init(&im);
	if (!rc)
		rc = imp_input(&im, data, len);
	if (!rc)
		rc = imp_table(&im, &after);
	if (!rc)
		rc = imp_summary_check(&im, after);
	if (!rc)
		rc = imp_plan_ids(&im, &code, &cycle);
	if (!rc)
		rc = imp_emit(&im, code, cycle, yaml_out);
	if (stats) {
		fill_stats(&im, stats);
		stats->form = form;
	}
	imp_free(&im);
	free(text);
	return rc;
}
