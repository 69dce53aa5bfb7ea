/*
 * config_priv — what the loader's files share (config.c reads mappings into the model,
 * yaml_read.c reads a file under the limits, check.c checks across files). Never included
 * outside config/.
 *
 * Contract: cfg_parse() fills d->doc from one file, within the limits documented in
 * actionboard.yaml(5) LIMITS, or fails with EX_CONFIG (EX_NOINPUT for a missing file) at
 * FILE:LINE:COL; on success the caller deletes d->doc. cfg_check() runs the cross-file
 * checks on a loaded configuration, writing warnings to `warn`. Errors go to d->err / err.
 */
#ifndef AB_CONFIG_PRIV_H
#define AB_CONFIG_PRIV_H

#include <stdio.h>
#include <yaml.h>

#include "../core/err.h"
#include "../core/model.h"

/* One YAML file being read: its parsed document and the name errors use. */
typedef struct cfg_doc {
	yaml_document_t doc;
	const char *file;
	model_config *cfg;
	ab_err *err;
} cfg_doc;

int cfg_oom(ab_err *err);
yaml_node_t *cfg_node(cfg_doc *d, int id);
int cfg_parse(cfg_doc *d, const char *path);
int cfg_check(model_config *cfg, FILE *warn, ab_err *err);
/* The listed owner name closest to `name` (case folded, Damerau-Levenshtein), when close
 * enough to suggest; NULL otherwise. The string is cfg's. */
const char *cfg_owner_suggest(const model_config *cfg, const char *name);

#endif
