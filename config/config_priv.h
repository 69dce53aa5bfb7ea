/*
 * config_priv — what the loader's files share (config.c reads mappings into the model,
 * yaml_read.c reads a file under the limits, check.c checks across files, stream.c reads
 * plans ahead for sync). Never included outside config/.
 *
 * Contract: cfg_parse() fills d->sp with one file's nodes (root: node 0), within the limits
 * documented in actionboard.yaml(5) LIMITS, or fails with EX_CONFIG (EX_NOINPUT for a
 * missing file) at FILE:LINE:COL; the nodes and their text live in d->sp until its next
 * cfg_parse() or cfg_space_free(). cfg_check() runs the cross-file checks on a loaded
 * configuration, writing warnings to `warn`. Errors go to d->err / err.
 */
#ifndef AB_CONFIG_PRIV_H
#define AB_CONFIG_PRIV_H

#include <stdint.h>
#include <stdio.h>
#include <yaml.h>

#include "../core/err.h"
#include "../core/model.h"
#include "../core/util.h"

/* A node of a file read: lighter than libyaml's yaml_node_t (no tag, one mark, children
 * by id in one array), 24 bytes where that takes ~100. An alias is its anchor's id again. */
typedef struct cfg_node {
	uint8_t type;        /* YAML_SCALAR_NODE, YAML_SEQUENCE_NODE or YAML_MAPPING_NODE */
	bool plain;          /* a scalar written without quotes: only such can be null */
	uint32_t line, col;  /* where it starts, 1-based */
	uint32_t n;          /* a scalar's bytes, a list's items, a mapping's pairs */
	union {
		char *value;     /* a scalar's text, NUL-ended */
		uint32_t *kids;  /* the children's ids; a mapping's are key, value, key, ... */
	};
} cfg_node;

/* Where files are read into, reused file after file so that reading costs no allocation
 * once the largest file has been read: the nodes, the children of the lists and mappings
 * still open, and an arena (yaml_read.c) for the texts and the children's arrays. One
 * space per thread that reads. */
typedef struct cfg_space {
	cfg_node *nodes;
	size_t nnodes, cap;
	uint32_t *kids;
	size_t nkids, kids_cap;
	struct cfg_chunk *chunks, *cur;
} cfg_space;

void cfg_space_free(cfg_space *sp);

/* Whether a plain scalar's text is YAML's null ("", "~", "null", "Null", "NULL"). */
bool cfg_null_text(const char *v);
/* The settings' `database` value db (malloc'd; taken) as a path: a relative one is taken
 * from the settings file's directory `dir`. Returns a malloc'd path. */
char *cfg_database_path(const char *dir, char *db);

/* Lookups the checks make for every plan, built once: owner names and aliases to the
 * index of the first owner that lists them (as model_owner_canonical would find it), and
 * establishment codes; and the first owner whose name an earlier owner has (nowners if
 * none). */
typedef struct cfg_index {
	util_map owners, establishments;
	size_t owner_twice;
} cfg_index;

void cfg_index_owners(cfg_index *ix, const model_config *cfg);
void cfg_index_establishments(cfg_index *ix, const model_config *cfg);
void cfg_index_free(cfg_index *ix);
/* The owner name `name` names (a name or an alias), cfg's string; NULL if none. */
const char *cfg_owner_canonical(const cfg_index *ix, const model_config *cfg, const char *name);

/* One YAML file being read: its nodes and the name errors use. */
typedef struct cfg_doc {
	cfg_space *sp;
	const char *file;
	model_config *cfg;
	const cfg_index *ix;
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

typedef int (*cfg_file_fn)(cfg_doc *d, cfg_node *root);

void cfg_paths_free(cfg_paths *p);
/* Reads one file into sp and hands its root to fn (cfg_plan_file for a plan). `path`
 * must live as long as cfg (model_pos keeps it); the stream's paths do. */
int cfg_read_file(cfg_space *sp, model_config *cfg, const cfg_index *ix, const char *path,
		  cfg_file_fn fn, ab_err *err);
int cfg_plan_file(cfg_doc *d, cfg_node *root);
/* Reads the settings and what `scope` adds; with CFG_STREAM the plan files are listed in
 * *plans, in load order, for the stream to read one at a time, and *ix is left built for
 * it (the caller frees it); otherwise ix may be NULL. */
int config_read(const char *path, enum cfg_scope scope, FILE *warn, model_config **out,
		cfg_paths *plans, cfg_index *ix, ab_err *err);
static inline cfg_node *cfg_node_at(const cfg_doc *d, uint32_t id)
{
	return &d->sp->nodes[id];
}
int cfg_parse(cfg_doc *d, const char *path);
int cfg_check(model_config *cfg, const cfg_index *ix, FILE *warn, ab_err *err);
/* The checks of one plan, for the stream that reads plans one at a time (sync): its refs,
 * ids, owners and targets; its judgements' values; the form of its `repeats`. `cycles`
 * (establishment and cycle to the plan's index in cfg->plans) finds a cycle defined in
 * two files of a whole load; NULL for the stream. */
int cfg_check_plan(model_config *cfg, const cfg_index *ix, model_plan *p, util_map *cycles,
		   FILE *warn, ab_err *err);
int cfg_check_judgements(const model_item *it, ab_err *err);
int cfg_check_repeats_form(const model_item *it, ab_err *err);
/* Every user's establishments name an establishment file's code (a load that read them);
 * else EX_CONFIG at the code, with the closest code as "did you mean". */
int cfg_check_user_establishments(const model_config *cfg, ab_err *err);

#endif
