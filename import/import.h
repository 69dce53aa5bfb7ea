/*
 * import — turns a published action plan into plan YAML.
 *
 * The input is what users have: the Word, OpenDocument, PDF or HTML file HMPPS published,
 * text aligned with spaces as pdftotext -layout prints it, or text with the table's cells
 * split by tabs. The form is told from the content (doc.h); import_text() turns a
 * document into the tab-separated text the stages read: one table row per line, cells
 * split by tabs, paragraphs marked <p>…</p> (sometimes <ul><li>), rows broken at page
 * boundaries into continuation rows whose first cell is empty (tests/data/README.md). The
 * output is one plan file in the form the loader reads (config/), keys in the order of
 * the curated plans, refs and texts double-quoted, written by libyaml's emitter, so it is
 * valid YAML whatever the input held.
 *
 * Contract:
 * - import_plan() never prints to stdout and never exits (but for want of memory, as
 *   xmalloc.h says). On success it returns 0 and *yaml_out gets a malloc'd NUL-terminated
 *   YAML text the caller frees. On failure it returns a sysexits code (EX_DATAERR for input
 *   it cannot read as a plan, EX_UNAVAILABLE for a document form this build has no library
 *   for, EX_SOFTWARE if the YAML emitter refuses), sets `err` (with the input name and line
 *   where known) and leaves *yaml_out NULL.
 * - Every guess the importer makes (a split paragraph, an inherited owner, a repaired ref,
 *   the establishment code from the settings or the prison register, a year printed
 *   once, ...) is one line "NAME:LINE: warning: …" on `warn` when it is not NULL;
 *   `stats->warnings` counts them either way. For a document, LINE counts the lines of
 *   the text import_text() gives.
 * - `opt->settings` (may be NULL) supplies canonical owner names and their aliases, and
 *   the establishments: joint owners are split into known owners and aliases folded onto
 *   their canonical name; an establishment the settings name keeps its code. Owners it
 *   cannot match are kept as published. The importer only reads the settings.
 * - Any bytes are accepted as input: an empty or binary file, text that is not UTF-8,
 *   larger than IMPORT_MAX_INPUT, with more than IMPORT_MAX_ITEMS items or no plan table,
 *   a damaged, encrypted, scanned or hostile document (doc.h's limits) is an EX_DATAERR.
 *   A byte-order mark, CRLF/CR line ends and no-break spaces are accepted. No HTML tag
 *   survives into the YAML and HTML entities are decoded; a '<' or '>' that is not part
 *   of a tag is kept. Dates are read by core/date.h.
 * - Time is linear in the input (the sentence splitter has a fixed work budget). Memory
 *   is one arena per call, all of it released before import_plan() returns (why one
 *   arena: import_priv.h); a document's readers free what they use before the stages run.
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
	const char *form;   /* the form the input was read as ("Word (.docx)", …); static */
} import_stats;

/*
 * Reads `len` bytes of `data`, called `name` in warnings and errors, and writes the plan
 * YAML to *yaml_out (see the contract above). `opt` and `stats` may be NULL.
 */
int import_plan(const char *name, const char *data, size_t len, const import_opts *opt,
		char **yaml_out, FILE *warn, import_stats *stats, ab_err *err);

/*
 * The plan text import_plan() reads from a document (import/doc.h): Word, OpenDocument,
 * HTML, PDF or space-aligned text become the tab-separated form; warnings' LINE numbers
 * count its lines. *text gets it (malloc'd, the caller frees it), or NULL when the input
 * is tab-separated text already; *form (may be NULL) the form's name. Returns 0 or a
 * sysexits code with `err` set (EX_DATAERR: an unreadable or hostile document;
 * EX_UNAVAILABLE: a form this build has no library for).
 */
int import_text(const char *name, const char *data, size_t len, char **text, const char **form,
		ab_err *err);

#endif
