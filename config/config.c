#include "config.h"

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

/*
 * The limits every YAML file is read under (the format's manual page documents them). Each is
 * checked while the file is parsed, event by event, so a hostile file is refused before it
 * costs much time or memory, with EX_CONFIG and FILE:LINE:COL like any other bad
 * configuration. The yardstick: the whole estate is ~120 establishments with a few plans each;
 * the two real plans are 18 KB and 39 KB (one node per ~38 bytes, texts up to ~1 KB), and a
 * plan of a few MB must still load.
 *
 * CFG_MAX_FILE_BYTES    8 MiB: twenty times the largest plan expected (a few hundred KB).
 *                       Checked with fstat before reading, and again by the reader, which
 *                       hands libyaml no more than this, so a FIFO or a growing file is bound.
 * CFG_MAX_NODES         250,000 values, lists and mappings, counting each alias as all the
 *                       nodes it repeats: 8 MiB written like the real plans is ~200,000 (one
 *                       per ~41 bytes). The tree costs ~100-130 bytes a node, and whatever
 *                       walks it (the model, the database) is bounded with it; refused at
 *                       the limit, the loader peaks near 40 MB (56 MB if every node has an
 *                       anchor). Kept under 2^18 so the node array (which doubles) stops at
 *                       262,144 entries.
 * CFG_MAX_DEPTH         32 nested lists and mappings: the deepest valid file nests 6. libyaml's
 *                       scanner does work proportional to the flow depth for every token
 *                       (it rescans one simple-key slot per open '[' or '{'), so unbounded
 *                       depth costs quadratic time; cut at 32, the scanner has read at most
 *                       32 levels plus its 1024-character look-ahead.
 * CFG_MAX_SCALAR_BYTES  64 KiB for one value: sixty times the longest real text.
 * CFG_ALIAS_FLOOR       64 KiB. The text aliases repeat may total as many bytes as the file
 *                       holds, or this floor for a small file (or a pipe, of unknown size):
 *                       with the node limit, the document expands to at most about twice
 *                       the file, so "billion laughs" is refused at the alias that crosses.
 */
#define CFG_MAX_FILE_BYTES (8 * 1024 * 1024)
#define CFG_MAX_NODES 250000
#define CFG_MAX_DEPTH 32
#define CFG_MAX_SCALAR_BYTES (64 * 1024)
#define CFG_ALIAS_FLOOR (64 * 1024)

/* One YAML file being read: its parsed document and the name errors use. */
typedef struct cfg_doc {
	yaml_document_t doc;
	const char *file;
	model_config *cfg;
	ab_err *err;
} cfg_doc;

/*
 * The keys of every mapping the loader reads, one table per kind of mapping. A mapping
 * accepts exactly the keys of its table; a leading '!' marks a required key (it is not
 * part of the name). The field functions below switch on a key's index, so the order of a
 * table is part of the code. config_keys_each() walks these same tables.
 */
enum cfg_table_id {
	CFG_SETTINGS, CFG_OWNER, CFG_USER, CFG_ESTABLISHMENT, CFG_PLAN, CFG_RANGE, CFG_ITEM,
	CFG_ACTION, CFG_JUDGEMENT, CFG_NTABLES
};

static const char *const cfg_keys_settings[] = {"database", "establishments", "plans",
						"owners", "users", NULL};
static const char *const cfg_keys_owner[] = {"!name", "aliases", NULL};
static const char *const cfg_keys_user[] = {"!role", "owners", NULL};
static const char *const cfg_keys_establishment[] = {"!code", "!name", "description",
						      "region", "function", NULL};
static const char *const cfg_keys_plan[] = {"!establishment", "!cycle", "!scheme",
					    "inspection", "report_published", "plan_submitted",
					    "source", "!items", "urgent_notification", NULL};
static const char *const cfg_keys_range[] = {"!from", "!to", NULL};
static const char *const cfg_keys_item[] = {"!ref", "seq", "!category", "directed_to",
					    "agreement", "agreement_note", "repeated_from",
					    "!text", "actions", "repeats", "judgements", NULL};
static const char *const cfg_keys_action[] = {"!id", "!text", "owners", "target", NULL};
static const char *const cfg_keys_judgement[] = {"!source", "!value", "!date", "note", NULL};

static const struct cfg_table {
	const char *file;   /* "settings", "establishment" or "plan" */
	const char *parent; /* the key this mapping sits under; NULL at the top of the file */
	const char *const *keys;
} cfg_tables[CFG_NTABLES] = {
	[CFG_SETTINGS] = {"settings", NULL, cfg_keys_settings},
	[CFG_OWNER] = {"settings", "owners", cfg_keys_owner},
	[CFG_USER] = {"settings", "users", cfg_keys_user},
	[CFG_ESTABLISHMENT] = {"establishment", NULL, cfg_keys_establishment},
	[CFG_PLAN] = {"plan", NULL, cfg_keys_plan},
	[CFG_RANGE] = {"plan", "inspection", cfg_keys_range},
	[CFG_ITEM] = {"plan", "items", cfg_keys_item},
	[CFG_ACTION] = {"plan", "actions", cfg_keys_action},
	[CFG_JUDGEMENT] = {"plan", "judgements", cfg_keys_judgement},
};

/* ---- small helpers -------------------------------------------------------------- */

static int cfg_oom(ab_err *err)
{
	return err_set(err, EX_OSERR, "out of memory");
}

static int cfg_fail(cfg_doc *d, const yaml_node_t *n, const char *fmt, const char *a,
		    const char *b)
{
	char msg[900];
	snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
	return err_set_at(d->err, EX_CONFIG, d->file, n ? (int)n->start_mark.line + 1 : 0,
			  n ? (int)n->start_mark.column + 1 : 0, "%s", msg);
}

static model_pos cfg_pos(cfg_doc *d, const yaml_node_t *n)
{
	return (model_pos){d->file, (int)n->start_mark.line + 1, (int)n->start_mark.column + 1};
}

static yaml_node_t *cfg_node(cfg_doc *d, int id)
{
	return yaml_document_get_node(&d->doc, id);
}

static const char *cfg_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return "a scalar";
	}
}

/* A plain `~`, `null` or empty scalar means "no value". */
static bool cfg_is_null(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	const char *v = (const char *)n->data.scalar.value;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	       !strcmp(v, "NULL");
}

static int cfg_expect(cfg_doc *d, const yaml_node_t *n, yaml_node_type_t type,
		      const char *what)
{
	if (n->type == type)
		return 0;
	const char *want = type == YAML_MAPPING_NODE ? "a mapping"
			   : type == YAML_SEQUENCE_NODE ? "a list"
							: "a string";
	char buf[300];
	snprintf(buf, sizeof buf, "'%s' must be %s, not %%s%%s", what, want);
	return cfg_fail(d, n, buf, cfg_kind(n), "");
}

/* A string value; NULL result (and no error) for a null when `optional`. */
static int cfg_str(cfg_doc *d, const yaml_node_t *n, const char *key, bool optional,
		   char **out)
{
	*out = NULL;
	if (optional && cfg_is_null(n))
		return 0;
	if (cfg_expect(d, n, YAML_SCALAR_NODE, key))
		return d->err->code;
	if (!optional && cfg_is_null(n))
		return cfg_fail(d, n, "'%s' must not be empty", key, NULL);
	if (!(*out = strdup((const char *)n->data.scalar.value)))
		return cfg_oom(d->err);
	return 0;
}

static int cfg_date(cfg_doc *d, const yaml_node_t *n, const char *key, char out[11])
{
	if (cfg_expect(d, n, YAML_SCALAR_NODE, key))
		return d->err->code;
	const char *v = (const char *)n->data.scalar.value;
	date_t dt;
	if (!date_parse_iso(v, &dt))
		return cfg_fail(d, n, "'%s' is not a valid date (YYYY-MM-DD) in '%s'", v, key);
	snprintf(out, 11, "%s", v);
	return 0;
}

static int cfg_strlist(cfg_doc *d, const yaml_node_t *n, const char *key, char ***out,
		       size_t *count)
{
	*out = NULL;
	*count = 0;
	if (cfg_is_null(n))
		return 0;
	if (cfg_expect(d, n, YAML_SEQUENCE_NODE, key))
		return d->err->code;
	size_t len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (len == 0)
		return 0;
	if (!(*out = calloc(len, sizeof **out)))
		return cfg_oom(d->err);
	for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
		if (cfg_str(d, cfg_node(d, *i), key, false, &(*out)[*count]))
			return d->err->code;
		(*count)++;
	}
	return 0;
}

/*
 * Walks a mapping whose keys must be among `keys` (NULL-terminated). For each pair calls
 * fn(d, key index, value node, ctx). Reports unknown and duplicate keys, then missing
 * required keys (those whose name begins with '!', which is not part of the name).
 */
typedef int (*cfg_field_fn)(cfg_doc *d, int key, yaml_node_t *val, void *ctx);

static int cfg_map(cfg_doc *d, yaml_node_t *map, const char *what, const char *const *keys,
		   cfg_field_fn fn, void *ctx)
{
	if (cfg_expect(d, map, YAML_MAPPING_NODE, what))
		return d->err->code;
	unsigned seen = 0;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = cfg_node(d, p->key);
		if (k->type != YAML_SCALAR_NODE)
			return cfg_fail(d, k, "keys in %s must be plain names", what, NULL);
		const char *name = (const char *)k->data.scalar.value;
		int idx = -1;
		for (int i = 0; keys[i]; i++)
			if (!strcmp(keys[i] + (keys[i][0] == '!'), name))
				idx = i;
		if (idx < 0) {
			char expected[400] = "";
			for (int i = 0; keys[i]; i++) {
				size_t l = strlen(expected);
				snprintf(expected + l, sizeof expected - l, "%s%s", i ? ", " : "",
					 keys[i] + (keys[i][0] == '!'));
			}
			char buf[600];
			snprintf(buf, sizeof buf, "unknown key '%%s' in %s (expected one of: %%s)", what);
			return cfg_fail(d, k, buf, name, expected);
		}
		if (seen & (1u << idx))
			return cfg_fail(d, k, "duplicate key '%s' in %s", name, what);
		seen |= 1u << idx;
		if (fn(d, idx, cfg_node(d, p->value), ctx))
			return d->err->code;
	}
	for (int i = 0; keys[i]; i++)
		if (keys[i][0] == '!' && !(seen & (1u << i)))
			return cfg_fail(d, map, "%s is missing the required key '%s'", what, keys[i] + 1);
	return 0;
}

/* ---- reading a file under the limits -------------------------------------------- */

/* libyaml's input: the open file, read through cfg_read() so it cannot pass the size limit. */
typedef struct cfg_reader {
	int fd;
	size_t total;   /* bytes handed to libyaml so far */
	bool too_big;   /* the file went on past CFG_MAX_FILE_BYTES */
	int read_errno; /* a read() that failed */
} cfg_reader;

/* libyaml's read handler: at most CFG_MAX_FILE_BYTES + 1 bytes in all (the one more byte
 * tells a file of exactly the limit from a longer one). *got = 0 is the end of the file. */
static int cfg_read(void *data, unsigned char *buf, size_t size, size_t *got)
{
	cfg_reader *r = data;
	size_t room = (size_t)CFG_MAX_FILE_BYTES + 1 - r->total;
	ssize_t n;
	do
		n = read(r->fd, buf, size < room ? size : room);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		r->read_errno = errno;
		return 0;
	}
	r->total += (size_t)n;
	if (r->total > CFG_MAX_FILE_BYTES) {
		r->too_big = true;
		return 0;
	}
	*got = (size_t)n;
	return 1;
}

/* An anchor (&name) seen so far: the node it names and, once that node has ended, what an
 * alias to it repeats: its nodes and the bytes of its values. Kept in a search tree
 * (tsearch, balanced), so no choice of names can make looking them up slow. */
typedef struct cfg_anchor {
	int node;
	int line;              /* 1-based, for a second definition's error */
	uint32_t nodes, bytes; /* within the limits: at most CFG_MAX_NODES, twice the file */
	bool done;
	char name[]; /* what the tree holds: a pointer to this */
} cfg_anchor;

/* A list or mapping being read. */
typedef struct cfg_frame {
	int node;
	size_t first;          /* its children start at kids[first] */
	size_t nodes0, bytes0; /* the document's nodes and bytes before it began */
	cfg_anchor *anchor;    /* its anchor, or NULL */
} cfg_frame;

/*
 * Builds d->doc from libyaml's events, as yaml_parser_load() would, but checking the limits
 * at each event. An alias is a second reference to its anchor's node (the tree is shared,
 * not copied), but the nodes and bytes it repeats count as if copied: that is what the
 * readers of the tree will walk. The children of the open collections wait in `kids`
 * until their collection ends and gets them in an array of the exact size (libyaml's own
 * append functions reserve 16 at once and its tags cost an allocation per node; no reader
 * here uses tags, so nodes have none).
 */
typedef struct cfg_composer {
	cfg_doc *d;
	yaml_parser_t parser;
	cfg_reader rd;
	cfg_frame stack[CFG_MAX_DEPTH];
	size_t depth;
	int *kids;
	size_t nkids, kids_cap;
	void *anchors; /* tsearch tree of the anchors' names */
	size_t nodes, bytes;        /* the document so far, aliases expanded */
	size_t alias_bytes, budget; /* bytes aliases repeated; the most they may */
	int docs;                   /* DOCUMENT-START events seen */
	bool ended;                 /* STREAM-END seen */
} cfg_composer;

static int cfg_fail_at(cfg_composer *c, yaml_mark_t m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int cfg_fail_at(cfg_composer *c, yaml_mark_t m, const char *fmt, ...)
{
	char msg[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set_at(c->d->err, EX_CONFIG, c->d->file, (int)m.line + 1, (int)m.column + 1,
			  "%s", msg);
}

static int cfg_anchor_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static cfg_anchor *cfg_anchor_of(const void *name)
{
	return (cfg_anchor *)((const char *)name - offsetof(cfg_anchor, name));
}

static cfg_anchor *cfg_anchor_find(cfg_composer *c, const char *name)
{
	void **found = tfind(name, &c->anchors, cfg_anchor_cmp);
	return found ? cfg_anchor_of(*found) : NULL;
}

/* Records &name for node `id`; *out gets the new anchor. */
static int cfg_anchor_add(cfg_composer *c, const yaml_char_t *anchor, int id, yaml_mark_t m,
			  cfg_anchor **out)
{
	const char *name = (const char *)anchor;
	cfg_anchor *old = cfg_anchor_find(c, name);
	if (old)
		return cfg_fail_at(c, m, "anchor '&%s' is defined twice (first at line %d)", name,
				   old->line);
	size_t len = strlen(name);
	cfg_anchor *a = calloc(1, sizeof *a + len + 1);
	if (!a)
		return cfg_oom(c->d->err);
	memcpy(a->name, name, len + 1);
	a->node = id;
	a->line = (int)m.line + 1;
	if (!tsearch(a->name, &c->anchors, cfg_anchor_cmp)) {
		free(a);
		return cfg_oom(c->d->err);
	}
	*out = a;
	return 0;
}

static void cfg_anchor_free(void *name)
{
	free(cfg_anchor_of(name));
}

static void cfg_composer_free(cfg_composer *c)
{
	tdestroy(c->anchors, cfg_anchor_free);
	free(c->kids);
	yaml_parser_delete(&c->parser);
}

/*
 * A value's text: no longer than the limit; no NUL, which would silently cut the C string
 * the model keeps (libyaml gives the length apart from the text, so it can be seen); and
 * no control character but tab and line feed (block scalars hold line feeds; libyaml
 * turns CR LF breaks into line feeds): C0, DEL, C1 and the bidirectional controls that
 * make text show otherwise than it reads (text_cp_shown, the rule every output uses). libyaml has
 * checked the input is UTF-8 and that escapes name real characters; a bad byte here would
 * be a libyaml bug, refused all the same.
 */
static int cfg_check_text(cfg_composer *c, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	if (n > CFG_MAX_SCALAR_BYTES)
		return cfg_fail_at(c, ev->start_mark,
				   "a value of %zu bytes: one value may hold at most %d bytes (64 KiB)",
				   n, CFG_MAX_SCALAR_BYTES);
	size_t chars = 1;
	for (size_t i = 0; i < n; chars++) {
		uint32_t cp;
		int len = s[i] ? text_decode(s + i, &cp) : (cp = 0, 1);
		if (cp == 0)
			return cfg_fail_at(c, ev->start_mark,
					   "a NUL character (\\0) at character %zu of this value, which "
					   "would cut it short", chars);
		if (cp == TEXT_BAD)
			return cfg_fail_at(c, ev->start_mark,
					   "invalid UTF-8 at character %zu of this value", chars);
		/* core/text's one rule for what a terminal could act on; tab and line feed are
		 * text here. */
		if (!text_cp_shown(cp) && cp != '\t' && cp != '\n')
			return cfg_fail_at(c, ev->start_mark,
					   "%s U+%04X at character %zu of this value: a value may hold "
					   "no control character but tab and line feed",
					   cp > 0x9F ? "the bidirectional control" : "the control character",
					   (unsigned)cp, chars);
		i += (size_t)len;
	}
	return 0;
}

/* Appends a node to the document (a public structure, filled as libyaml's loader fills it);
 * returns its id, 0 when memory runs out. */
static int cfg_push_node(cfg_composer *c, const yaml_node_t *node)
{
	yaml_document_t *doc = &c->d->doc;
	if (doc->nodes.top == doc->nodes.end) {
		size_t n = (size_t)(doc->nodes.end - doc->nodes.start), cap = n * 2;
		yaml_node_t *p = realloc(doc->nodes.start, cap * sizeof *p);
		if (!p)
			return 0;
		doc->nodes.start = p;
		doc->nodes.top = p + n;
		doc->nodes.end = p + cap;
	}
	*doc->nodes.top++ = *node;
	return (int)(doc->nodes.top - doc->nodes.start);
}

/* Node `id` is the next child of the collection being read (or, outside any, the root). */
static int cfg_add_kid(cfg_composer *c, int id)
{
	if (!c->depth)
		return 0;
	if (c->nkids == c->kids_cap) {
		size_t cap = c->kids_cap ? c->kids_cap * 2 : 256;
		int *p = realloc(c->kids, cap * sizeof *p);
		if (!p)
			return cfg_oom(c->d->err);
		c->kids = p;
		c->kids_cap = cap;
	}
	c->kids[c->nkids++] = id;
	return 0;
}

/* Counts `nodes` more towards the node limit; the error names `m`. */
static int cfg_count_nodes(cfg_composer *c, size_t nodes, yaml_mark_t m)
{
	if (nodes > CFG_MAX_NODES - c->nodes)
		return cfg_fail_at(c, m, "more than %d values, lists and mappings in one file "
				   "(counting all that aliases repeat)", CFG_MAX_NODES);
	c->nodes += nodes;
	return 0;
}

/* Makes the node for a scalar or a collection's start, at the event's place, and adds it
 * to its collection. Returns its id, or 0 with the error set. */
static int cfg_add_node(cfg_composer *c, const yaml_event_t *ev)
{
	if (cfg_count_nodes(c, 1, ev->start_mark))
		return 0;
	yaml_node_t node = {.start_mark = ev->start_mark, .end_mark = ev->end_mark};
	if (ev->type == YAML_SCALAR_EVENT) {
		size_t n = ev->data.scalar.length;
		node.type = YAML_SCALAR_NODE;
		node.data.scalar.style = ev->data.scalar.style;
		node.data.scalar.length = n;
		if (!(node.data.scalar.value = malloc(n + 1))) {
			cfg_oom(c->d->err);
			return 0;
		}
		memcpy(node.data.scalar.value, ev->data.scalar.value, n + 1);
	} else if (ev->type == YAML_SEQUENCE_START_EVENT) {
		node.type = YAML_SEQUENCE_NODE;
		node.data.sequence.style = ev->data.sequence_start.style;
	} else {
		node.type = YAML_MAPPING_NODE;
		node.data.mapping.style = ev->data.mapping_start.style;
	}
	int id = cfg_push_node(c, &node);
	if (!id) {
		free(node.data.scalar.value);
		cfg_oom(c->d->err);
		return 0;
	}
	return cfg_add_kid(c, id) ? 0 : id;
}

static int cfg_on_scalar(cfg_composer *c, const yaml_event_t *ev)
{
	if (cfg_check_text(c, ev))
		return c->d->err->code;
	int id = cfg_add_node(c, ev);
	if (!id)
		return c->d->err->code;
	c->bytes += ev->data.scalar.length;
	cfg_anchor *a;
	if (!ev->data.scalar.anchor)
		return 0;
	if (cfg_anchor_add(c, ev->data.scalar.anchor, id, ev->start_mark, &a))
		return c->d->err->code;
	a->done = true;
	a->nodes = 1;
	a->bytes = (uint32_t)ev->data.scalar.length;
	return 0;
}

static int cfg_on_start(cfg_composer *c, const yaml_event_t *ev)
{
	if (c->depth == CFG_MAX_DEPTH)
		return cfg_fail_at(c, ev->start_mark, "lists and mappings nested deeper than %d levels",
				   CFG_MAX_DEPTH);
	size_t nodes0 = c->nodes;
	int id = cfg_add_node(c, ev);
	if (!id)
		return c->d->err->code;
	cfg_frame *f = &c->stack[c->depth++];
	*f = (cfg_frame){.node = id, .first = c->nkids, .nodes0 = nodes0, .bytes0 = c->bytes};
	const yaml_char_t *anchor = ev->type == YAML_SEQUENCE_START_EVENT
					    ? ev->data.sequence_start.anchor
					    : ev->data.mapping_start.anchor;
	return anchor ? cfg_anchor_add(c, anchor, id, ev->start_mark, &f->anchor) : 0;
}

/* A collection ends: it takes its children (a mapping's alternate key, value, key, ...),
 * and an alias to it may now repeat it, at what it turned out to hold. */
static int cfg_on_end(cfg_composer *c)
{
	cfg_frame *f = &c->stack[--c->depth];
	yaml_node_t *n = cfg_node(c->d, f->node);
	size_t count = c->nkids - f->first;
	/* No child collected yet means no array yet: no pointer arithmetic on NULL. */
	const int *kid = count ? c->kids + f->first : NULL;
	if (count && n->type == YAML_SEQUENCE_NODE) {
		yaml_node_item_t *items = malloc(count * sizeof *items);
		if (!items)
			return cfg_oom(c->d->err);
		memcpy(items, kid, count * sizeof *items);
		n->data.sequence.items.start = items;
		n->data.sequence.items.end = n->data.sequence.items.top = items + count;
	} else if (count) {
		yaml_node_pair_t *pairs = malloc(count / 2 * sizeof *pairs);
		if (!pairs)
			return cfg_oom(c->d->err);
		for (size_t i = 0; i < count / 2; i++)
			pairs[i] = (yaml_node_pair_t){.key = kid[2 * i], .value = kid[2 * i + 1]};
		n->data.mapping.pairs.start = pairs;
		n->data.mapping.pairs.end = n->data.mapping.pairs.top = pairs + count / 2;
	}
	c->nkids = f->first;
	if (f->anchor) {
		f->anchor->done = true;
		f->anchor->nodes = (uint32_t)(c->nodes - f->nodes0);
		f->anchor->bytes = (uint32_t)(c->bytes - f->bytes0);
	}
	return 0;
}

static int cfg_on_alias(cfg_composer *c, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	cfg_anchor *a = cfg_anchor_find(c, name);
	if (!a)
		return cfg_fail_at(c, ev->start_mark, "alias '*%s' names no anchor defined before it",
				   name);
	if (!a->done)
		return cfg_fail_at(c, ev->start_mark,
				   "alias '*%s' is inside the list or mapping it names", name);
	if (a->bytes > c->budget - c->alias_bytes)
		return cfg_fail_at(c, ev->start_mark,
				   "aliases would repeat more than %zu bytes of text, this file's "
				   "budget (its size, at least 64 KiB)", c->budget);
	if (cfg_count_nodes(c, a->nodes, ev->start_mark))
		return c->d->err->code;
	c->alias_bytes += a->bytes;
	c->bytes += a->bytes;
	return cfg_add_kid(c, a->node);
}

static int cfg_on_event(cfg_composer *c, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		c->docs++;
		return 0;
	case YAML_STREAM_END_EVENT:
		c->ended = true;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return cfg_on_end(c);
	case YAML_SCALAR_EVENT:
	case YAML_ALIAS_EVENT:
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		break;
	default:
		return 0;
	}
	/* A second document ("---") would otherwise be ignored without a word. */
	if (c->docs > 1)
		return cfg_fail_at(c, ev->start_mark,
				   "a second YAML document: one file holds one document");
	if (ev->type == YAML_SCALAR_EVENT)
		return cfg_on_scalar(c, ev);
	if (ev->type == YAML_ALIAS_EVENT)
		return cfg_on_alias(c, ev);
	return cfg_on_start(c, ev);
}

/*
 * libyaml's reader refused the encoding (bad UTF-8, a control character) at a byte offset,
 * before it had a line and column for it. A UTF-8 file that can be read again (the file
 * is at most CFG_MAX_FILE_BYTES) gives them; otherwise the message names the byte.
 */
static int cfg_reader_error(cfg_composer *c)
{
	const yaml_parser_t *p = &c->parser;
	const char *what = p->problem ? p->problem : "unreadable input";
	yaml_mark_t m = {.index = 0, .line = 0, .column = 0};
	unsigned char buf[16384];
	size_t at = 0;
	while (p->encoding == YAML_UTF8_ENCODING && at < p->problem_offset) {
		size_t want = p->problem_offset - at < sizeof buf ? p->problem_offset - at : sizeof buf;
		ssize_t n = pread(c->rd.fd, buf, want, (off_t)at);
		if (n <= 0)
			break;
		ssize_t i = at == 0 && n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0; /* BOM */
		for (; i < n; i++) {
			if (buf[i] == '\n')
				m.line++, m.column = 0;
			else if ((buf[i] & 0xC0) != 0x80) /* columns count characters */
				m.column++;
		}
		at += (size_t)n;
	}
	if (at == p->problem_offset && p->encoding == YAML_UTF8_ENCODING)
		return cfg_fail_at(c, m, "YAML syntax: %s", what);
	return err_set_at(c->d->err, EX_CONFIG, c->d->file, 0, 0,
			  "YAML syntax: %s at byte %zu of the file", what, p->problem_offset);
}

/* libyaml stopped: the reader's limit, a failed read, or a syntax error. */
static int cfg_parse_error(cfg_composer *c)
{
	const yaml_parser_t *p = &c->parser;
	if (c->rd.too_big)
		return cfg_fail_at(c, p->mark,
				   "the file goes on past %d bytes (8 MiB), the most a configuration "
				   "file may hold", CFG_MAX_FILE_BYTES);
	if (c->rd.read_errno)
		return err_set_at(c->d->err, EX_CONFIG, c->d->file, 0, 0, "cannot read: %s",
				  strerror(c->rd.read_errno));
	if (p->error == YAML_READER_ERROR)
		return cfg_reader_error(c);
	const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->mark;
	return cfg_fail_at(c, *m, "YAML syntax: %s%s%s", p->problem ? p->problem : "parse error",
			   p->context ? " " : "", p->context ? p->context : "");
}

static int cfg_compose(cfg_composer *c)
{
	while (!c->ended) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&c->parser, &ev))
			return cfg_parse_error(c);
		int rc = cfg_on_event(c, &ev);
		yaml_event_delete(&ev);
		if (rc)
			return rc;
	}
	return 0;
}

/* Opens a file to parse; a regular file larger than the limit is refused before any read.
 * Returns the descriptor, or -1 with the error set. */
static int cfg_open(cfg_doc *d, const char *path, struct stat *sb)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, sb) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		err_set_at(d->err, e == ENOENT ? EX_NOINPUT : EX_CONFIG, path, 0, 0,
			   "cannot read: %s", strerror(e));
		return -1;
	}
	if (S_ISREG(sb->st_mode) && sb->st_size > CFG_MAX_FILE_BYTES) {
		close(fd);
		err_set_at(d->err, EX_CONFIG, path, 1, 1,
			   "the file holds %lld bytes: a configuration file may hold at most %d (8 MiB)",
			   (long long)sb->st_size, CFG_MAX_FILE_BYTES);
		return -1;
	}
	return fd;
}

/* Parses one file into d->doc, within the limits (top of this file). */
static int cfg_parse(cfg_doc *d, const char *path)
{
	struct stat sb;
	int fd = cfg_open(d, path, &sb);
	if (fd < 0)
		return d->err->code;
	cfg_composer c = {.d = d, .rd.fd = fd, .budget = CFG_ALIAS_FLOOR};
	if (S_ISREG(sb.st_mode) && sb.st_size > CFG_ALIAS_FLOOR)
		c.budget = (size_t)sb.st_size;
	int rc = 0;
	if (!yaml_parser_initialize(&c.parser)) {
		close(fd);
		return cfg_oom(d->err);
	}
	if (!yaml_document_initialize(&d->doc, NULL, NULL, NULL, 1, 1))
		rc = cfg_oom(d->err);
	else {
		yaml_parser_set_input(&c.parser, cfg_read, &c.rd);
		rc = cfg_compose(&c);
		if (!rc && !yaml_document_get_root_node(&d->doc))
			rc = err_set_at(d->err, EX_CONFIG, path, 1, 1, "the file is empty");
		if (rc)
			yaml_document_delete(&d->doc);
	}
	cfg_composer_free(&c);
	close(fd);
	return rc;
}

/* Keeps the file name alive for model_pos and error messages. */
static const char *cfg_remember(model_config *cfg, const char *path)
{
	size_t cap = cfg->nfiles; /* grow by one each time: there are few files */
	char **p = realloc(cfg->files, (cap + 1) * sizeof *p);
	if (!p)
		return NULL;
	cfg->files = p;
	if (!(p[cfg->nfiles] = strdup(path)))
		return NULL;
	return p[cfg->nfiles++];
}

typedef int (*cfg_file_fn)(cfg_doc *d, yaml_node_t *root);

static int cfg_read_file(model_config *cfg, const char *path, cfg_file_fn fn, ab_err *err)
{
	cfg_doc d = {.cfg = cfg, .err = err};
	if (!(d.file = cfg_remember(cfg, path)))
		return cfg_oom(err);
	if (cfg_parse(&d, path))
		return err->code;
	int rc = fn(&d, yaml_document_get_root_node(&d.doc));
	yaml_document_delete(&d.doc);
	return rc;
}

/*
 * Reads a list of mappings into a new zeroed array of `size`-byte elements: cfg_map()
 * checks each one's keys and fills it through `fn`. When pos_off is not NO_POS the
 * element's model_pos (at that offset) gets the mapping's place. A null list is empty
 * when `nullable`.
 */
#define NO_POS ((size_t)-1)

static int cfg_seq(cfg_doc *d, yaml_node_t *v, const char *name, bool nullable, const char *what,
		   const char *const *keys, cfg_field_fn fn, size_t size, size_t pos_off,
		   void **arr, size_t *count)
{
	if (nullable && cfg_is_null(v))
		return 0;
	if (cfg_expect(d, v, YAML_SEQUENCE_NODE, name))
		return d->err->code;
	size_t len = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start), cap = 0;
	for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
		/* The array grows with the elements read, not with the list's length: a long
		 * list that fails at its first element (250,000 scalars) costs nothing. */
		if (*count == cap) {
			size_t want = cap ? cap * 2 : 4;
			want = want < len ? want : len;
			char *grown = realloc(*arr, want * size);
			if (!grown)
				return cfg_oom(d->err);
			memset(grown + cap * size, 0, (want - cap) * size);
			*arr = grown;
			cap = want;
		}
		yaml_node_t *n = cfg_node(d, *i);
		char *elem = (char *)*arr + (*count)++ * size;
		if (pos_off != NO_POS)
			*(model_pos *)(elem + pos_off) = cfg_pos(d, n);
		if (cfg_map(d, n, what, keys, fn, elem))
			return d->err->code;
	}
	return 0;
}

/*
 * A part of an action key (ESTABLISHMENT/CYCLE/ACTION-ID): it may not hold '/', which
 * separates the parts, nor be longer than the writers accept.
 */
static int cfg_key_part(cfg_doc *d, const yaml_node_t *n, const char *key, char **out,
			size_t max)
{
	if (cfg_str(d, n, key, false, out))
		return d->err->code;
	if (strchr(*out, '/'))
		return cfg_fail(d, n, "'%s' may not contain '/' (it separates the parts of an action "
				"key such as LIV/2022-07/1.1.3): '%s'", key, *out);
	if (strlen(*out) > max) {
		char msg[64];
		snprintf(msg, sizeof msg, "%zu", max);
		return cfg_fail(d, n, "'%s' is longer than %s characters", key, msg);
	}
	return 0;
}

/* ---- establishments ------------------------------------------------------------- */

static int cfg_est_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	model_establishment *e = ctx;
	switch (key) {
	case 0: return cfg_key_part(d, v, "code", &e->code, 32);
	case 1: return cfg_str(d, v, "name", false, &e->name);
	case 2: return cfg_str(d, v, "description", true, &e->description);
	case 3: return cfg_str(d, v, "region", true, &e->region);
	default: return cfg_str(d, v, "function", true, &e->function);
	}
}

static int cfg_est_file(cfg_doc *d, yaml_node_t *root)
{
	const char *const *keys = cfg_tables[CFG_ESTABLISHMENT].keys;
	model_config *cfg = d->cfg;
	size_t cap = cfg->nestablishments; /* exact growth keeps ownership simple */
	model_establishment *arr = realloc(cfg->establishments, (cap + 1) * sizeof *arr);
	if (!arr)
		return cfg_oom(d->err);
	cfg->establishments = arr;
	model_establishment *e = &arr[cfg->nestablishments++];
	memset(e, 0, sizeof *e);
	e->pos = cfg_pos(d, root);
	return cfg_map(d, root, "an establishment", keys, cfg_est_field, e);
}

/* ---- plans ---------------------------------------------------------------------- */

static int cfg_range_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	model_range *r = ctx;
	return cfg_date(d, v, key == 0 ? "from" : "to", key == 0 ? r->from : r->to);
}

static int cfg_inspection(cfg_doc *d, yaml_node_t *v, model_plan *p)
{
	const char *const *keys = cfg_tables[CFG_RANGE].keys;
	if (cfg_seq(d, v, "inspection", false, "an inspection range", keys, cfg_range_field,
		    sizeof *p->inspection, NO_POS, (void **)&p->inspection, &p->ninspection))
		return d->err->code;
	for (size_t i = 0; i < p->ninspection; i++) {
		model_range *r = &p->inspection[i];
		if (strcmp(r->from, r->to) > 0) {
			yaml_node_t *n = cfg_node(d, v->data.sequence.items.start[i]);
			return cfg_fail(d, n, "inspection range ends (%s) before it starts (%s)", r->to,
					r->from);
		}
	}
	return 0;
}

/* ---- owners named in a plan ------------------------------------------------------ */

/*
 * The edit distance of a and b with letters folded to lower case: insertions, deletions,
 * substitutions and swaps of two neighbours each count one (Damerau-Levenshtein, in its
 * "optimal string alignment" form). Names longer than CFG_NAME_CMP bytes are not
 * compared (SIZE_MAX): an owner's name is a job title, not a paragraph.
 */
#define CFG_NAME_CMP 127
static size_t cfg_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > CFG_NAME_CMP || m > CFG_NAME_CMP)
		return SIZE_MAX;
	/* Rows i-2, i-1 and i of the table, each m+1 long. */
	size_t rows[3][CFG_NAME_CMP + 1], *two = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= m; j++)
		prev[j] = j;
	for (size_t i = 1; i <= n; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			int x = tolower((unsigned char)a[i - 1]), y = tolower((unsigned char)b[j - 1]);
			size_t best = prev[j - 1] + (x != y);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && x == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == y && two[j - 2] + 1 < best)
				best = two[j - 2] + 1;
			cur[j] = best;
		}
		size_t *t = two;
		two = prev, prev = cur, cur = t;
	}
	return prev[m];
}

/* The listed name or alias closest to `name`, when it is close enough to be the one
 * meant: a quarter of the name's length in edits (at least one); NULL otherwise. */
static const char *cfg_owner_suggest(const model_config *cfg, const char *name)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX, limit = strlen(name) / 4 > 1 ? strlen(name) / 4 : 1;
	for (size_t i = 0; i < cfg->nowners; i++) {
		const model_owner *o = &cfg->owners[i];
		for (size_t k = 0; k <= o->naliases; k++) {
			const char *known = k ? o->aliases[k - 1] : o->name;
			size_t dist = cfg_distance(name, known);
			if (dist < best_d)
				best = known, best_d = dist;
		}
	}
	return best_d <= limit ? best : NULL;
}

/*
 * An action's owners. When the settings list owners, each must be a listed name or
 * alias, as a user's owners must: a misspelt one would otherwise become an owner of its
 * own, and the action would leave the real owner's slice and their permission. Without
 * an owners list any name is taken as it is.
 */
static int cfg_action_owners(cfg_doc *d, yaml_node_t *v, model_action *a)
{
	if (cfg_strlist(d, v, "owners", &a->owners, &a->nowners))
		return d->err->code;
	const model_config *cfg = d->cfg;
	for (size_t i = 0; cfg->nowners && i < a->nowners; i++) {
		if (model_owner_canonical(cfg, a->owners[i]))
			continue;
		yaml_node_t *n = cfg_node(d, v->data.sequence.items.start[i]);
		const char *near = cfg_owner_suggest(cfg, a->owners[i]);
		return cfg_fail(d, n,
				near ? "unknown owner '%s' (not a name or alias in the settings' owners): "
				       "did you mean '%s'?"
				     : "unknown owner '%s' (not a name or alias in the settings' owners)",
				a->owners[i], near);
	}
	return 0;
}

static int cfg_action_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	model_action *a = ctx;
	switch (key) {
	case 0: return cfg_key_part(d, v, "id", &a->id, 64);
	case 1: return cfg_str(d, v, "text", false, &a->text);
	case 2: return cfg_action_owners(d, v, a);
	default: return cfg_str(d, v, "target", true, &a->target);
	}
}

static int cfg_actions(cfg_doc *d, yaml_node_t *v, model_item *it)
{
	const char *const *keys = cfg_tables[CFG_ACTION].keys;
	if (cfg_seq(d, v, "actions", true, "an action", keys, cfg_action_field, sizeof *it->actions,
		    offsetof(model_action, pos), (void **)&it->actions, &it->nactions))
		return d->err->code;
	/* An action without `target` has an empty one, as one with `target: ""`. */
	for (size_t i = 0; i < it->nactions; i++)
		if (!it->actions[i].target && !(it->actions[i].target = strdup("")))
			return cfg_oom(d->err);
	return 0;
}

/* A judgement the plan records (judge.h): its value must be one of its source's. */
static int cfg_judgement_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	model_judgement *j = ctx;
	int src;
	switch (key) {
	case 0:
		if (cfg_str(d, v, "source", false, &j->source))
			return d->err->code;
		if (judge_source_parse(j->source) < 0)
			return cfg_fail(d, v, "unknown source '%s' (expected irp, inspection or self)",
					j->source, NULL);
		return 0;
	case 1:
		if (cfg_str(d, v, "value", false, &j->value))
			return d->err->code;
		/* Keys come in any order: with the source still unread, cfg_check_item checks. */
		src = judge_source_parse(j->source);
		if (src >= 0 && !judge_value_valid((judge_source)src, j->value))
			return cfg_fail(d, v, "'%s' is not a judgement of %s", j->value, j->source);
		return 0;
	case 2: return cfg_date(d, v, "date", j->date);
	default: return cfg_str(d, v, "note", true, &j->note);
	}
}

static int cfg_judgements(cfg_doc *d, yaml_node_t *v, model_item *it)
{
	const char *const *keys = cfg_tables[CFG_JUDGEMENT].keys;
	return cfg_seq(d, v, "judgements", true, "a judgement", keys, cfg_judgement_field,
		       sizeof *it->judgements, offsetof(model_judgement, pos),
		       (void **)&it->judgements, &it->njudgements);
}

static int cfg_item_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	model_item *it = ctx;
	char *s = NULL;
	switch (key) {
	case 0: return cfg_str(d, v, "ref", false, &it->ref);
	case 1:
		if (cfg_expect(d, v, YAML_SCALAR_NODE, "seq"))
			return d->err->code;
		s = (char *)v->data.scalar.value;
		char *end;
		long n = strtol(s, &end, 10);
		if (!*s || *end || n < 1 || n > 100000)
			return cfg_fail(d, v, "'seq' must be a positive whole number, not '%s'", s, NULL);
		it->seq = (int)n;
		return 0;
	case 2:
		if (cfg_str(d, v, "category", false, &it->category))
			return d->err->code;
		if (!model_category_valid(it->category))
			return cfg_fail(d, v, "unknown category '%s' (expected priority, key or general)",
					it->category, NULL);
		return 0;
	case 3: return cfg_str(d, v, "directed_to", true, &it->directed_to);
	case 4:
		if (cfg_str(d, v, "agreement", true, &it->agreement))
			return d->err->code;
		if (it->agreement && !model_agreement_valid(it->agreement))
			return cfg_fail(d, v,
					"unknown agreement '%s' (expected agreed, partly_agreed or not_agreed)",
					it->agreement, NULL);
		return 0;
	case 5: return cfg_str(d, v, "agreement_note", true, &it->agreement_note);
	case 6: return cfg_str(d, v, "repeated_from", true, &it->repeated_from);
	case 7: return cfg_str(d, v, "text", false, &it->text);
	case 8: return cfg_actions(d, v, it);
	case 9:
		it->repeats_pos = cfg_pos(d, v);
		return cfg_str(d, v, "repeats", true, &it->repeats);
	default: return cfg_judgements(d, v, it);
	}
}

static int cfg_items(cfg_doc *d, yaml_node_t *v, model_plan *p)
{
	const char *const *keys = cfg_tables[CFG_ITEM].keys;
	return cfg_seq(d, v, "items", false, "an item", keys, cfg_item_field, sizeof *p->items,
		       offsetof(model_item, pos), (void **)&p->items, &p->nitems);
}

static int cfg_plan_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	model_plan *p = ctx;
	switch (key) {
	case 0:
		p->establishment_pos = cfg_pos(d, v);
		return cfg_str(d, v, "establishment", false, &p->establishment);
	case 1: return cfg_key_part(d, v, "cycle", &p->cycle, 32);
	case 2:
		if (cfg_str(d, v, "scheme", false, &p->scheme))
			return d->err->code;
		if (!model_scheme_valid(p->scheme))
			return cfg_fail(d, v, "unknown scheme '%s' (expected concerns or recommendations)",
					p->scheme, NULL);
		return 0;
	case 3: return cfg_inspection(d, v, p);
	case 4: return cfg_date(d, v, "report_published", p->report_published);
	case 5: return cfg_date(d, v, "plan_submitted", p->plan_submitted);
	case 6: return cfg_str(d, v, "source", true, &p->source);
	case 7: return cfg_items(d, v, p);
	default: return cfg_date(d, v, "urgent_notification", p->urgent_notification);
	}
}

static int cfg_plan_file(cfg_doc *d, yaml_node_t *root)
{
	const char *const *keys = cfg_tables[CFG_PLAN].keys;
	model_config *cfg = d->cfg;
	model_plan *arr = realloc(cfg->plans, (cfg->nplans + 1) * sizeof *arr);
	if (!arr)
		return cfg_oom(d->err);
	cfg->plans = arr;
	model_plan *p = &arr[cfg->nplans++];
	memset(p, 0, sizeof *p);
	p->pos = cfg_pos(d, root);
	return cfg_map(d, root, "a plan", keys, cfg_plan_field, p);
}

/* ---- settings ------------------------------------------------------------------- */

typedef struct cfg_settings_ctx {
	char **est_globs, **plan_globs;
	size_t nest, nplan;
} cfg_settings_ctx;

static int cfg_owner_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	model_owner *o = ctx;
	if (key == 0)
		return cfg_str(d, v, "name", false, &o->name);
	return cfg_strlist(d, v, "aliases", &o->aliases, &o->naliases);
}

static int cfg_owners(cfg_doc *d, yaml_node_t *v)
{
	const char *const *keys = cfg_tables[CFG_OWNER].keys;
	model_config *cfg = d->cfg;
	return cfg_seq(d, v, "owners", true, "an owner", keys, cfg_owner_field, sizeof *cfg->owners,
		       offsetof(model_owner, pos), (void **)&cfg->owners, &cfg->nowners);
}

static int cfg_user_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	model_user *u = ctx;
	if (key == 1)
		return cfg_strlist(d, v, "owners", &u->owners, &u->nowners);
	char *role = NULL;
	if (cfg_str(d, v, "role", false, &role))
		return d->err->code;
	int rc = 0;
	if (!strcmp(role, "viewer"))
		u->role = ROLE_VIEWER;
	else if (!strcmp(role, "editor"))
		u->role = ROLE_EDITOR;
	else if (!strcmp(role, "admin"))
		u->role = ROLE_ADMIN;
	else
		rc = cfg_fail(d, v, "unknown role '%s' (expected viewer, editor or admin)", role, NULL);
	free(role);
	return rc;
}

static int cfg_users(cfg_doc *d, yaml_node_t *v)
{
	const char *const *keys = cfg_tables[CFG_USER].keys;
	model_config *cfg = d->cfg;
	cfg->has_users = true;
	if (cfg_is_null(v))
		return 0;
	if (cfg_expect(d, v, YAML_MAPPING_NODE, "users"))
		return d->err->code;
	size_t len = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
	if (len && !(cfg->users = calloc(len, sizeof *cfg->users)))
		return cfg_oom(d->err);
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *k = cfg_node(d, p->key);
		model_user *u = &cfg->users[cfg->nusers++];
		u->pos = cfg_pos(d, k);
		if (cfg_str(d, k, "a user name", false, &u->login))
			return d->err->code;
		for (size_t j = 0; j + 1 < cfg->nusers; j++)
			if (!strcmp(cfg->users[j].login, u->login))
				return cfg_fail(d, k, "user '%s' is listed twice", u->login, NULL);
		if (cfg_map(d, cfg_node(d, p->value), "a user", keys, cfg_user_field, u))
			return d->err->code;
	}
	return 0;
}

static int cfg_settings_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	cfg_settings_ctx *s = ctx;
	char *db = NULL;
	switch (key) {
	case 0:
		if (cfg_str(d, v, "database", true, &db))
			return d->err->code;
		if (db && db[0] != '/') {
			size_t n = strlen(d->cfg->dir) + strlen(db) + 2;
			char *abs = malloc(n);
			if (!abs) {
				free(db);
				return cfg_oom(d->err);
			}
			snprintf(abs, n, "%s/%s", d->cfg->dir, db);
			free(db);
			db = abs;
		}
		d->cfg->database = db;
		return 0;
	case 1: return cfg_strlist(d, v, "establishments", &s->est_globs, &s->nest);
	case 2: return cfg_strlist(d, v, "plans", &s->plan_globs, &s->nplan);
	case 3: return cfg_owners(d, v);
	default: return cfg_users(d, v);
	}
}

/* The plan files a stream will read, in load order (config_open). */
typedef struct cfg_paths {
	char **v;
	size_t n, cap;
} cfg_paths;

static int cfg_paths_add(cfg_paths *p, const char *path)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		char **v = realloc(p->v, cap * sizeof *v);
		if (!v)
			return -1;
		p->v = v;
		p->cap = cap;
	}
	return (p->v[p->n] = strdup(path)) ? (p->n++, 0) : -1;
}

static void cfg_paths_free(cfg_paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	*p = (cfg_paths){0};
}

/* Expands the patterns relative to the settings' directory, in sorted order, and reads
 * each file with fn, or when `collect` is not NULL only lists it there. */
static int cfg_expand(model_config *cfg, char **patterns, size_t n, cfg_file_fn fn,
		      cfg_paths *collect, ab_err *err)
{
	for (size_t i = 0; i < n; i++) {
		char pat[PATH_MAX];
		if (patterns[i][0] == '/')
			snprintf(pat, sizeof pat, "%s", patterns[i]);
		else
			snprintf(pat, sizeof pat, "%s/%s", cfg->dir, patterns[i]);
		glob_t g;
		int rc = glob(pat, 0, NULL, &g);
		if (rc == GLOB_NOMATCH) {
			if (!strpbrk(patterns[i], "*?["))
				return err_set_at(err, EX_NOINPUT, pat, 0, 0, "no such file (named in %s)",
						  cfg->path);
			continue;
		}
		if (rc != 0)
			return err_set_at(err, EX_CONFIG, cfg->path, 0, 0, "cannot expand '%s'",
					  patterns[i]);
		for (size_t j = 0; j < g.gl_pathc && !rc; j++)
			rc = !collect ? cfg_read_file(cfg, g.gl_pathv[j], fn, err)
			     : cfg_paths_add(collect, g.gl_pathv[j]) ? cfg_oom(err) : 0;
		globfree(&g);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- cross-file checks ---------------------------------------------------------- */

static int cfg_fail_pos(ab_err *err, model_pos p, const char *fmt, const char *a,
			const char *b)
{
	char msg[900];
	snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
	return err_set_at(err, EX_CONFIG, p.file, p.line, p.col, "%s", msg);
}

static int cfg_check_owners(model_config *cfg, ab_err *err)
{
	for (size_t i = 0; i < cfg->nowners; i++) {
		model_owner *o = &cfg->owners[i];
		for (size_t j = 0; j < i; j++)
			if (!strcmp(cfg->owners[j].name, o->name))
				return cfg_fail_pos(err, o->pos, "owner '%s' is listed twice", o->name, NULL);
		for (size_t a = 0; a < o->naliases; a++) {
			const char *c = model_owner_canonical(cfg, o->aliases[a]);
			if (c != o->name)
				return cfg_fail_pos(err, o->pos, "alias '%s' already names owner '%s'",
						    o->aliases[a], c);
		}
	}
	for (size_t i = 0; i < cfg->nusers; i++)
		for (size_t j = 0; j < cfg->users[i].nowners; j++)
			if (!model_owner_canonical(cfg, cfg->users[i].owners[j]))
				return cfg_fail_pos(err, cfg->users[i].pos,
						    "unknown owner '%s' for this user (add it to owners)",
						    cfg->users[i].owners[j], NULL);
	return 0;
}

typedef struct cfg_key {
	const char *key;
	size_t order; /* place in the file */
	model_pos pos;
} cfg_key;

static int cfg_key_cmp(const void *a, const void *b)
{
	const cfg_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

/*
 * Item refs (or action ids) must be unique in a plan. Sorting finds repeats in n log n
 * (a plan of the whole estate's size stays fast); the error names the repeat that comes
 * first in the file, as a reader going down it would meet it.
 */
static int cfg_check_unique(const model_plan *p, bool actions, ab_err *err)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nitems; i++)
		n += actions ? p->items[i].nactions : 1;
	if (n < 2)
		return 0;
	cfg_key *keys = malloc(n * sizeof *keys);
	if (!keys)
		return cfg_oom(err);
	size_t k = 0;
	for (size_t i = 0; i < p->nitems; i++) {
		if (!actions)
			keys[k] = (cfg_key){p->items[i].ref, k, p->items[i].pos}, k++;
		for (size_t j = 0; actions && j < p->items[i].nactions; j++, k++)
			keys[k] = (cfg_key){p->items[i].actions[j].id, k, p->items[i].actions[j].pos};
	}
	qsort(keys, n, sizeof *keys, cfg_key_cmp);
	const cfg_key *first = NULL;
	for (size_t i = 1; i < n; i++)
		if (!strcmp(keys[i].key, keys[i - 1].key) && (!first || keys[i].order < first->order))
			first = &keys[i];
	int rc = 0;
	if (first)
		rc = cfg_fail_pos(err, first->pos,
				  actions ? "duplicate action id '%s' in this plan"
					  : "duplicate item ref '%s' in this plan",
				  first->key, NULL);
	free(keys);
	return rc;
}

/* A target that names several dates: it falls due at the first (core/date.h); the plan
 * should say which one counts, or split the action. */
static void cfg_warn_dates(FILE *warn, const model_action *a, const date_target *t)
{
	fprintf(warn, "actionboard: %s:%d:%d: warning: action %s: target '%s' names %zu dates (",
		a->pos.file, a->pos.line, a->pos.col, a->id, a->target, t->ndates);
	for (size_t i = 0; i < t->ndates && i < DATE_TARGET_DATES; i++) {
		char iso[DATE_ISO_LEN];
		date_format_iso(t->dates[i], iso);
		fprintf(warn, "%s%s", i ? ", " : "", iso);
	}
	char due[DATE_ISO_LEN];
	date_format_iso(t->due, due);
	fprintf(warn, "%s): it falls due on the first, %s; give one date per action\n",
		t->ndates > DATE_TARGET_DATES ? ", …" : "", due);
}

/* Whether plan q's cycle began before plan p's: by the first day of inspection when both
 * have one, else by cycle id (as lineage.h orders them). */
static bool cfg_plan_before(const model_plan *q, const model_plan *p)
{
	const char *a = NULL, *b = NULL;
	for (size_t i = 0; i < q->ninspection; i++)
		if (!a || strcmp(q->inspection[i].from, a) < 0)
			a = q->inspection[i].from;
	for (size_t i = 0; i < p->ninspection; i++)
		if (!b || strcmp(p->inspection[i].from, b) < 0)
			b = p->inspection[i].from;
	return a && b ? strcmp(a, b) < 0 : strcmp(q->cycle, p->cycle) < 0;
}

/* `repeats` has the form CYCLE/REF; what it names is checked across the plans. */
static int cfg_check_repeats_form(const model_item *it, ab_err *err)
{
	const char *slash = strchr(it->repeats, '/');
	if (!slash || slash == it->repeats || !slash[1])
		return cfg_fail_pos(err, it->repeats_pos,
				    "'repeats' must be CYCLE/REF (e.g. \"2019-08/2.88\"), not '%s'",
				    it->repeats, NULL);
	return 0;
}

/* `repeats: CYCLE/REF` names an item of an earlier plan of the same establishment. */
static int cfg_check_repeats(const model_config *cfg, const model_plan *p, const model_item *it,
			     ab_err *err)
{
	if (cfg_check_repeats_form(it, err))
		return err->code;
	const char *slash = strchr(it->repeats, '/');
	for (size_t i = 0; i < cfg->nplans; i++) {
		const model_plan *q = &cfg->plans[i];
		if (strcmp(q->establishment, p->establishment) ||
		    strlen(q->cycle) != (size_t)(slash - it->repeats) ||
		    strncmp(q->cycle, it->repeats, (size_t)(slash - it->repeats)))
			continue;
		if (q == p || !cfg_plan_before(q, p))
			return cfg_fail_pos(err, it->repeats_pos,
					    "item %s repeats '%s', which is not in an earlier cycle",
					    it->ref, it->repeats);
		for (size_t k = 0; k < q->nitems; k++)
			if (!strcmp(q->items[k].ref, slash + 1))
				return 0;
		return cfg_fail_pos(err, it->repeats_pos, "item %s repeats '%s', but that plan has "
				    "no such item", it->ref, it->repeats);
	}
	return cfg_fail_pos(err, it->repeats_pos, "item %s repeats '%s', but no plan of this "
			    "establishment has that cycle", it->ref, it->repeats);
}

/* An item's judgements have values of their source. */
static int cfg_check_judgements(const model_item *it, ab_err *err)
{
	for (size_t j = 0; j < it->njudgements; j++) {
		const model_judgement *g = &it->judgements[j];
		if (!judge_value_valid((judge_source)judge_source_parse(g->source), g->value))
			return cfg_fail_pos(err, g->pos, "'%s' is not a judgement of %s", g->value,
					    g->source);
	}
	return 0;
}

/* What an item says of other items and of judgements, once every file is read. */
static int cfg_check_item(const model_config *cfg, const model_plan *p, const model_item *it,
			  ab_err *err)
{
	if (cfg_check_judgements(it, err))
		return err->code;
	return it->repeats ? cfg_check_repeats(cfg, p, it, err) : 0;
}

static int cfg_check_plan(model_config *cfg, model_plan *p, FILE *warn, ab_err *err)
{
	bool known = false;
	for (size_t i = 0; i < cfg->nestablishments; i++)
		known |= !strcmp(cfg->establishments[i].code, p->establishment);
	if (!known)
		return cfg_fail_pos(err, p->establishment_pos,
				    "unknown establishment '%s' (no establishment file has this code)",
				    p->establishment, NULL);
	if (cfg_check_unique(p, false, err) || cfg_check_unique(p, true, err))
		return err->code;
	bool recs = !strcmp(p->scheme, "recommendations");
	for (size_t i = 0; i < p->nitems; i++) {
		model_item *it = &p->items[i];
		if (!recs && (it->agreement || it->agreement_note || it->seq))
			return cfg_fail_pos(err, it->pos,
					    "item '%s': agreement and seq belong to the recommendations "
					    "scheme, but this plan is 'concerns'",
					    it->ref, NULL);
		if (recs && !it->agreement)
			return cfg_fail_pos(err, it->pos,
					    "item '%s' is missing the required key 'agreement' "
					    "(recommendations scheme)",
					    it->ref, NULL);
		for (size_t k = 0; k < it->nactions; k++) {
			model_action *a = &it->actions[k];
			if (!a->nowners && warn)
				fprintf(warn, "actionboard: %s:%d:%d: warning: action %s has no owner\n",
					a->pos.file, a->pos.line, a->pos.col, a->id);
			date_target t;
			date_parse_target(a->target, &t);
			if (!t.understood && warn)
				fprintf(warn, "actionboard: %s:%d:%d: warning: action %s: %s%s%s\n",
					a->pos.file, a->pos.line, a->pos.col, a->id,
					a->target[0] ? "no date in target '" : "empty target, no due date",
					a->target, a->target[0] ? "'" : "");
			if (t.ndates > 1 && warn)
				cfg_warn_dates(warn, a, &t);
		}
	}
	for (size_t i = 0; i < cfg->nplans; i++) {
		model_plan *q = &cfg->plans[i];
		if (q == p)
			break;
		if (!strcmp(q->establishment, p->establishment) && !strcmp(q->cycle, p->cycle)) {
			return err_set_at(err, EX_CONFIG, p->pos.file, p->pos.line, p->pos.col,
					  "cycle '%s' of %s is already defined in %s:%d", p->cycle,
					  p->establishment, q->pos.file, q->pos.line);
		}
	}
	return 0;
}

static int cfg_check(model_config *cfg, FILE *warn, ab_err *err)
{
	for (size_t i = 0; i < cfg->nestablishments; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(cfg->establishments[i].code, cfg->establishments[j].code))
				return cfg_fail_pos(err, cfg->establishments[i].pos,
						    "establishment '%s' is defined twice",
						    cfg->establishments[i].code, NULL);
	if (cfg_check_owners(cfg, err))
		return err->code;
	for (size_t i = 0; i < cfg->nplans; i++)
		if (cfg_check_plan(cfg, &cfg->plans[i], warn, err))
			return err->code;
	for (size_t i = 0; i < cfg->nplans; i++)
		for (size_t k = 0; k < cfg->plans[i].nitems; k++)
			if (cfg_check_item(cfg, &cfg->plans[i], &cfg->plans[i].items[k], err))
				return err->code;
	return 0;
}

/* ---- entry points --------------------------------------------------------------- */

static int cfg_settings(model_config *cfg, cfg_settings_ctx *s, ab_err *err)
{
	const char *const *keys = cfg_tables[CFG_SETTINGS].keys;
	cfg_doc d = {.cfg = cfg, .err = err};
	if (!(d.file = cfg_remember(cfg, cfg->path)))
		return cfg_oom(err);
	if (cfg_parse(&d, cfg->path))
		return err->code;
	int rc = cfg_map(&d, yaml_document_get_root_node(&d.doc), "the settings", keys,
			 cfg_settings_field, s);
	yaml_document_delete(&d.doc);
	return rc;
}

/* What config_read() reads besides the settings. */
enum cfg_scope {
	CFG_SETTINGS_ONLY,
	CFG_ALL,     /* every establishment and plan file */
	CFG_STREAM,  /* every establishment file; the plan files are only listed */
};

static int config_read(const char *path, enum cfg_scope scope, FILE *warn, model_config **out,
		       cfg_paths *plans, ab_err *err)
{
	*out = NULL;
	model_config *cfg = calloc(1, sizeof *cfg);
	cfg_settings_ctx s = {0};
	char *copy = NULL;
	char real[PATH_MAX];
	if (!cfg)
		return cfg_oom(err);
	if (!realpath(path, real)) {
		err_set_at(err, EX_NOINPUT, path, 0, 0, "cannot read the settings: %s", strerror(errno));
		goto fail;
	}
	if (!(cfg->path = strdup(real)) || !(copy = strdup(real)) ||
	    !(cfg->dir = strdup(dirname(copy)))) {
		cfg_oom(err);
		goto fail;
	}
	if (cfg_settings(cfg, &s, err))
		goto fail;
	if (scope != CFG_SETTINGS_ONLY &&
	    (cfg_expand(cfg, s.est_globs, s.nest, cfg_est_file, NULL, err) ||
	     cfg_expand(cfg, s.plan_globs, s.nplan, cfg_plan_file,
			scope == CFG_STREAM ? plans : NULL, err)))
		goto fail;
	/* Warnings only matter when the whole load succeeds; an error stands alone. */
	char *wbuf = NULL;
	size_t wlen = 0;
	FILE *wfp = warn ? open_memstream(&wbuf, &wlen) : NULL;
	int bad = cfg_check(cfg, wfp, err);
	if (wfp) {
		fclose(wfp);
		if (!bad && wlen) /* warnings quote the YAML: shown, never obeyed (text.h) */
			text_put(warn, wbuf, TEXT_MULTILINE);
		free(wbuf);
	}
	if (bad)
		goto fail;
	for (size_t i = 0; i < s.nest; i++)
		free(s.est_globs[i]);
	for (size_t i = 0; i < s.nplan; i++)
		free(s.plan_globs[i]);
	free(s.est_globs);
	free(s.plan_globs);
	free(copy);
	*out = cfg;
	return 0;
fail:
	for (size_t i = 0; i < s.nest; i++)
		free(s.est_globs[i]);
	for (size_t i = 0; i < s.nplan; i++)
		free(s.plan_globs[i]);
	free(s.est_globs);
	free(s.plan_globs);
	free(copy);
	model_config_free(cfg);
	return err->code;
}

int config_load(const char *path, FILE *warn, model_config **out, ab_err *err)
{
	return config_read(path, CFG_ALL, warn, out, NULL, err);
}

int config_load_settings(const char *path, model_config **out, ab_err *err)
{
	return config_read(path, CFG_SETTINGS_ONLY, NULL, out, NULL, err);
}

/* ---- one plan at a time -------------------------------------------------------------- */

struct config_stream {
	model_config *cfg; /* settings and establishments; plans: the one read last */
	cfg_paths plans;
	FILE *warn;        /* where config_close() puts the warnings */
	char *wbuf;        /* the warnings so far (wfp writes into it) */
	size_t wlen;
	FILE *wfp;
};

int config_open(const char *path, FILE *warn, config_stream **out, ab_err *err)
{
	*out = NULL;
	config_stream *s = calloc(1, sizeof *s);
	if (!s)
		return cfg_oom(err);
	if (config_read(path, CFG_STREAM, warn, &s->cfg, &s->plans, err)) {
		config_close(s, false);
		return err->code;
	}
	s->warn = warn;
	if (warn && !(s->wfp = open_memstream(&s->wbuf, &s->wlen))) {
		config_close(s, false);
		return cfg_oom(err);
	}
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
	if (cfg_read_file(s->cfg, s->plans.v[i], cfg_plan_file, err) ||
	    cfg_check_plan(s->cfg, &s->cfg->plans[0], s->wfp, err))
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
	model_config_free(s->cfg);
	free(s);
}

/* ---- finding the settings ------------------------------------------------------- */

static bool cfg_exists(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

const char *config_default_path(void)
{
	/* The build tree's copy while running from the build tree, else the installed one. */
	static char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		size_t blen = strlen(AB_BUILD_ROOT);
		if (!strncmp(exe, AB_BUILD_ROOT, blen) && exe[blen] == '/' &&
		    cfg_exists(AB_SOURCE_DEFAULT "/actionboard.yaml"))
			return AB_SOURCE_DEFAULT "/actionboard.yaml";
	}
	if (cfg_exists(AB_INSTALL_DEFAULT "/actionboard.yaml"))
		return AB_INSTALL_DEFAULT "/actionboard.yaml";
	return AB_SOURCE_DEFAULT "/actionboard.yaml";
}

char *config_find(const char *opt, ab_err *err)
{
	const char *env = getenv("ACTIONBOARD_CONFIG");
	const char *src = NULL, *p = NULL;
	if (opt && *opt) {
		p = opt;
		src = "--config";
	} else if (env && *env) {
		p = env;
		src = "ACTIONBOARD_CONFIG";
	}
	if (p) {
		if (!cfg_exists(p)) {
			err_set_at(err, EX_NOINPUT, p, 0, 0, "no such settings file (from %s)", src);
			return NULL;
		}
		return strdup(p);
	}
	char buf[PATH_MAX];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(buf, sizeof buf, "%s/actionboard/actionboard.yaml", xdg);
	else if (home && *home)
		snprintf(buf, sizeof buf, "%s/.config/actionboard/actionboard.yaml", home);
	else
		buf[0] = 0;
	if (buf[0] && cfg_exists(buf))
		return strdup(buf);
	return strdup(config_default_path());
}

/* ---- the accepted keys ---------------------------------------------------------- */

void config_keys_each(config_key_fn fn, void *ctx)
{
	for (int t = 0; t < CFG_NTABLES; t++)
		for (const char *const *k = cfg_tables[t].keys; *k; k++)
			fn(cfg_tables[t].file, cfg_tables[t].parent, *k + (**k == '!'), **k == '!', ctx);
}
