/*
 * import — turns the text extracted from a published action plan into plan YAML.
 *
 * The input is what users have: the text of the PDF or Word file HMPPS published, one
 * table row per line, cells split by tabs, paragraphs marked <p>…</p> (sometimes <ul><li>),
 * rows broken at page boundaries into continuation rows whose first cell is empty
 * (tests/data/README.md). The output is one plan file in the form the loader reads
 * (config/), keys in the order of the curated plans, refs and texts double-quoted,
 * written by libyaml's emitter, so it is valid YAML whatever the input held.
 *
 * Contract:
 * - import_plan() never prints to stdout and never exits (but for want of memory, as
 *   xmalloc.h says). On success it returns 0 and *yaml_out gets a malloc'd NUL-terminated
 *   YAML text the caller frees. On failure it returns a sysexits code (EX_DATAERR for input
 *   it cannot read as a plan, EX_SOFTWARE if the YAML emitter refuses), sets `err` (with
 *   the input name and line where known) and leaves *yaml_out NULL.
 * - Every guess the importer makes (a split paragraph, an inherited owner, a repaired ref,
 *   a derived establishment code, ...) is one line "NAME:LINE: warning: …" on `warn` when
 *   it is not NULL; `stats->warnings` counts them either way.
 * - `opt->settings` (may be NULL) supplies canonical owner names and their aliases: joint
 *   owners are split into known owners and aliases folded onto their canonical name.
 *   Owners it cannot match are kept as published. The importer only reads the settings.
 * - Any bytes are accepted as input: an empty or binary file, text that is not UTF-8,
 *   larger than IMPORT_MAX_INPUT, with more than IMPORT_MAX_ITEMS items or no plan table
 *   is an EX_DATAERR. A byte-order mark, CRLF/CR line ends and no-break spaces are
 *   accepted. No HTML tag survives into the YAML and HTML entities are decoded; a '<' or
 *   '>' that is not part of a tag is kept. Dates are read by core/date.h.
 * - Time is linear in the input (the sentence splitter has a fixed work budget). Memory
 *   is one arena per call, all of it released before import_plan() returns (why one
 *   arena: import_priv.h).
 */
#ifndef AB_IMPORT_H
#define AB_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "../core/err.h"
#include "../core/model.h"

/* Inputs larger than this are refused: no published plan is near it. */
#define IMPORT_MAX_INPUT (16u * 1024 * 1024)
/* Items in one plan: published plans have at most a few dozen. */
#define IMPORT_MAX_ITEMS 5000

typedef struct import_opts {
	const char *establishment;     /* code; NULL: derived from the name in the header */
	const char *cycle;             /* id; NULL: YYYY-MM of the inspection's start */
	const char *source;            /* written as `source:`; NULL: no source key */
	const model_config *settings;  /* owners and aliases; NULL: none known */
} import_opts;

typedef struct import_stats {
	int items, actions, warnings;
	const char *scheme; /* "concerns" or "recommendations"; static string */
} import_stats;

/*
 * Reads `len` bytes of `data`, called `name` in warnings and errors, and writes the plan
 * YAML to *yaml_out (see the contract above). `opt` and `stats` may be NULL.
 */
int import_plan(const char *name, const char *data, size_t len, const import_opts *opt,
		char **yaml_out, FILE *warn, import_stats *stats, ab_err *err);

#endif
