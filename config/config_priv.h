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

/* The plan files a stream will read, in load order (config_open). */
typedef struct cfg_paths {
	char **v;
	size_t n, cap;
} cfg_paths;

/* What config_read() reads besides the settings. */
enum cfg_scope {
	CFG_SETTINGS_ONLY,
	CFG_ALL,     /* every establishment and plan file */
	CFG_STREAM,  /* every establishment file; the plan files are only listed */
};

typedef int (*cfg_file_fn)(cfg_doc *d, yaml_node_t *root);

void cfg_paths_free(cfg_paths *p);
/* Reads one file and hands its root to fn (cfg_plan_file for a plan). */
int cfg_read_file(model_config *cfg, const char *path, cfg_file_fn fn, ab_err *err);
int cfg_plan_file(cfg_doc *d, yaml_node_t *root);
/* Reads the settings and what `scope` adds; with CFG_STREAM the plan files are listed in
 * *plans, in load order, for the stream to read one at a time. */
int config_read(const char *path, enum cfg_scope scope, FILE *warn, model_config **out,
		cfg_paths *plans, ab_err *err);
yaml_node_t *cfg_node(cfg_doc *d, int id);
int cfg_parse(cfg_doc *d, const char *path);
int cfg_check(model_config *cfg, FILE *warn, ab_err *err);
/* The checks of one plan, for the stream that reads plans one at a time (sync): its refs,
 * ids, owners and targets; its judgements' values; the form of its `repeats`. */
int cfg_check_plan(model_config *cfg, model_plan *p, FILE *warn, ab_err *err);
int cfg_check_judgements(const model_item *it, ab_err *err);
int cfg_check_repeats_form(const model_item *it, ab_err *err);
/* Every user's establishments name an establishment file's code (a load that read them);
 * else EX_CONFIG at the code, with the closest code as "did you mean". */
int cfg_check_user_establishments(const model_config *cfg, ab_err *err);

#endif
