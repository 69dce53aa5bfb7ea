/*
 * stream — the configuration read one plan at a time, so that sync never holds the whole
 * estate (config.h has the contract). Split from config.c, which reads each file.
 */
#include "config.h"
#include "config_priv.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <search.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "../core/date.h"
#include "../core/judge.h"
#include "../core/text.h"

/* ---- one plan at a time -------------------------------------------------------------- */

struct config_stream {
	model_config *cfg; /* settings and establishments; plans: the one read last */
	cfg_paths plans;
	cfg_index ix;      /* owners and establishments, for every plan's checks */
	cfg_space sp;      /* where plan files are read */
	FILE *warn;        /* where config_close() puts the warnings */
	char *wbuf;        /* the warnings so far (wfp writes into it) */
	size_t wlen;
	FILE *wfp;
};

int config_open(const char *path, FILE *warn, config_stream **out, ab_err *err)
{
	*out = NULL;
	config_stream *s = xcalloc(1, sizeof *s);
	if (config_read(path, CFG_STREAM, warn, &s->cfg, &s->plans, &s->ix, err)) {
		config_close(s, false);
		return err->code;
	}
	s->warn = warn;
	if (warn && !(s->wfp = open_memstream(&s->wbuf, &s->wlen)))
		xmalloc_fail(BUFSIZ); /* its one failure: no memory */
	*out = s;
	return 0;
}

const model_config *config_stream_config(const config_stream *s)
{
	return s->cfg;
}

size_t config_stream_nplans(const config_stream *s)
{
	return s->plans.n;
}

const char *config_stream_path(const config_stream *s, size_t i)
{
	return i < s->plans.n ? s->plans.v[i] : NULL;
}

int config_stream_plan(config_stream *s, size_t i, const model_plan **out, ab_err *err)
{
	*out = NULL;
	model_config_clear_plans(s->cfg);
	if (i >= s->plans.n)
		return err_set(err, EX_SOFTWARE, "no plan file %zu", i);
	if (cfg_read_file(&s->sp, s->cfg, &s->ix, s->plans.v[i], cfg_plan_file, err) ||
	    cfg_check_plan(s->cfg, &s->ix, &s->cfg->plans[0], NULL, s->wfp, err))
		return err->code;
	/* One plan alone: the item a `repeats` names is sync's to find (lineage.h). */
	const model_plan *p = &s->cfg->plans[0];
	for (size_t k = 0; k < p->nitems; k++)
		if (cfg_check_judgements(&p->items[k], err) ||
		    (p->items[k].repeats && cfg_check_repeats_form(&p->items[k], err)))
			return err->code;
	*out = p;
	return 0;
}

void config_close(config_stream *s, bool warnings)
{
	if (!s)
		return;
	if (s->wfp) {
		fclose(s->wfp);
		if (warnings && s->wlen) /* warnings quote the YAML: shown, never obeyed (text.h) */
			text_put(s->warn, s->wbuf, TEXT_MULTILINE);
		free(s->wbuf);
	}
	cfg_paths_free(&s->plans);
	cfg_index_free(&s->ix);
	cfg_space_free(&s->sp);
	model_config_free(s->cfg);
	free(s);
}

