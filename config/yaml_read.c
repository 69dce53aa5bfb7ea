/*
 * yaml_read — reading one YAML file into nodes (cfg_node) under the limits below, event
 * by event (config_priv.h has the contract). Split from config.c, which turns the nodes
 * into the model.
 */
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
 *                       per ~41 bytes). A node costs 24 bytes and its children 4 bytes each
 *                       (cfg_node), its text its length plus one, and whatever walks the
 *                       tree (the model, the database) is bounded with it. Kept under 2^18
 *                       so the node array (which doubles) stops at 262,144 entries.
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

/* ---- reading a file under the limits -------------------------------------------- */

/* libyaml's input: the open file, read through cfg_read() so it cannot pass the size limit. */
typedef struct cfg_reader {
	int fd;
	size_t total;   /* bytes handed to libyaml so far */
	bool too_big;   /* the file went on past CFG_MAX_FILE_BYTES */
	int read_errno; /* a read() that failed */
} cfg_reader;

/* ---- the arena: texts and children's arrays, kept from file to file ---------------- */

/* A block of the arena. Blocks are kept when a file is done and filled again by the next,
 * so a stream of files costs no allocation once the largest has been read. */
typedef struct cfg_chunk {
	struct cfg_chunk *next;
	size_t size, used;
	max_align_t data[]; /* size bytes */
} cfg_chunk;

#define CFG_CHUNK_BYTES (256 * 1024)

/* n bytes aligned for uint32_t, valid until the space's next cfg_parse(). */
static void *cfg_arena(cfg_space *sp, size_t n)
{
	n = (n + 3) & ~(size_t)3;
	for (;;) {
		cfg_chunk *c = sp->cur;
		if (c && c->size - c->used >= n) {
			void *p = (char *)c->data + c->used;
			c->used += n;
			return p;
		}
		if (c && c->next && c->next->size >= n) { /* the next kept block */
			sp->cur = c->next;
			sp->cur->used = 0;
			continue;
		}
		size_t size = n > CFG_CHUNK_BYTES ? n : CFG_CHUNK_BYTES;
		cfg_chunk *fresh = xmalloc(sizeof *fresh + size);
		*fresh = (cfg_chunk){.size = size};
		if (c) { /* a block too small for n stays in the list, after this one */
			fresh->next = c->next;
			c->next = fresh;
		} else {
			fresh->next = sp->chunks;
			sp->chunks = fresh;
		}
		sp->cur = fresh;
	}
}

/* Empties the space for the next file, keeping its memory. */
static void cfg_space_reset(cfg_space *sp)
{
	sp->nnodes = sp->nkids = 0;
	sp->cur = sp->chunks;
	if (sp->cur)
		sp->cur->used = 0;
}

void cfg_space_free(cfg_space *sp)
{
	for (cfg_chunk *c = sp->chunks, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(sp->nodes);
	free(sp->kids);
	*sp = (cfg_space){0};
}

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
	uint32_t node;
	int line;              /* 1-based, for a second definition's error */
	uint32_t nodes, bytes; /* within the limits: at most CFG_MAX_NODES, twice the file */
	bool done;
	char name[]; /* what the tree holds: a pointer to this */
} cfg_anchor;

/* A list or mapping being read. */
typedef struct cfg_frame {
	uint32_t node;
	size_t first;          /* its children start at kids[first] */
	size_t nodes0, bytes0; /* the document's nodes and bytes before it began */
	cfg_anchor *anchor;    /* its anchor, or NULL */
} cfg_frame;

/*
 * Builds d->sp's nodes from libyaml's events, as yaml_parser_load() would build a document,
 * but checking the limits at each event. An alias is a second reference to its anchor's
 * node (the tree is shared, not copied), but the nodes and bytes it repeats count as if
 * copied: that is what the readers of the tree will walk. The children of the open
 * collections wait in sp->kids until their collection ends and gets them in an array of
 * the exact size, in the arena with the texts: no allocation per node or string (no
 * reader here uses tags, so nodes have none).
 */
typedef struct cfg_composer {
	cfg_doc *d;
	yaml_parser_t parser;
	cfg_reader rd;
	cfg_frame stack[CFG_MAX_DEPTH];
	size_t depth;
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
static int cfg_anchor_add(cfg_composer *c, const yaml_char_t *anchor, uint32_t id, yaml_mark_t m,
			  cfg_anchor **out)
{
	const char *name = (const char *)anchor;
	cfg_anchor *old = cfg_anchor_find(c, name);
	if (old)
		return cfg_fail_at(c, m, "anchor '&%s' is defined twice (first at line %d)", name,
				   old->line);
	size_t len = strlen(name);
	cfg_anchor *a = xcalloc(1, sizeof *a + len + 1);
	memcpy(a->name, name, len + 1);
	a->node = id;
	a->line = (int)m.line + 1;
	if (!tsearch(a->name, &c->anchors, cfg_anchor_cmp)) /* its one failure: no memory */
		xmalloc_fail(sizeof(void *) * 4);
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
	yaml_parser_delete(&c->parser);
}

/* Whether the 8 bytes at s are all printable ASCII (0x20-0x7E), tested at once: a byte
 * below 0x20 borrows into its high bit when 0x20 is taken from it, and one above 0x7E
 * carries into it when 0x01 is added (or has it already). */
static bool cfg_printable8(const char *s)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t w;
	memcpy(&w, s, 8);
	uint64_t below = (w - 0x20 * ones) & ~w & highs;
	uint64_t above = (w + 0x01 * ones) | w;
	return !((below | above) & highs);
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
		if (n - i >= 8 && cfg_printable8(s + i)) { /* eight characters of ASCII text */
			i += 8;
			chars += 7;
			continue;
		}
		unsigned char b = (unsigned char)s[i];
		if ((b >= 0x20 && b < 0x7F) || b == '\n' || b == '\t') { /* ASCII text: shown */
			i++;
			continue;
		}
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

/* Node `id` is the next child of the collection being read (or, outside any, the root). */
static void cfg_add_kid(cfg_composer *c, uint32_t id)
{
	cfg_space *sp = c->d->sp;
	if (!c->depth)
		return;
	XGROW(sp->kids, sp->nkids, sp->kids_cap);
	sp->kids[sp->nkids++] = id;
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
 * to its collection. Returns 0 and its id in *id, or the error. */
static int cfg_add_node(cfg_composer *c, const yaml_event_t *ev, uint32_t *id)
{
	cfg_space *sp = c->d->sp;
	if (cfg_count_nodes(c, 1, ev->start_mark))
		return c->d->err->code;
	XGROW(sp->nodes, sp->nnodes, sp->cap);
	cfg_node *node = &sp->nodes[sp->nnodes];
	*node = (cfg_node){.line = (uint32_t)ev->start_mark.line + 1,
			   .col = (uint32_t)ev->start_mark.column + 1};
	if (ev->type == YAML_SCALAR_EVENT) {
		size_t n = ev->data.scalar.length; /* at most CFG_MAX_SCALAR_BYTES */
		node->type = YAML_SCALAR_NODE;
		node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		node->n = (uint32_t)n;
		node->value = cfg_arena(sp, n + 1);
		memcpy(node->value, ev->data.scalar.value, n + 1);
	} else {
		node->type = ev->type == YAML_SEQUENCE_START_EVENT ? YAML_SEQUENCE_NODE
								   : YAML_MAPPING_NODE;
	}
	*id = (uint32_t)sp->nnodes++;
	cfg_add_kid(c, *id);
	return 0;
}

static int cfg_on_scalar(cfg_composer *c, const yaml_event_t *ev)
{
	uint32_t id;
	if (cfg_check_text(c, ev) || cfg_add_node(c, ev, &id))
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
	uint32_t id;
	if (cfg_add_node(c, ev, &id))
		return c->d->err->code;
	cfg_frame *f = &c->stack[c->depth++];
	*f = (cfg_frame){.node = id, .first = c->d->sp->nkids, .nodes0 = nodes0, .bytes0 = c->bytes};
	const yaml_char_t *anchor = ev->type == YAML_SEQUENCE_START_EVENT
					    ? ev->data.sequence_start.anchor
					    : ev->data.mapping_start.anchor;
	return anchor ? cfg_anchor_add(c, anchor, id, ev->start_mark, &f->anchor) : 0;
}

/* A collection ends: it takes its children (a mapping's alternate key, value, key, ...),
 * and an alias to it may now repeat it, at what it turned out to hold. */
static int cfg_on_end(cfg_composer *c)
{
	cfg_space *sp = c->d->sp;
	cfg_frame *f = &c->stack[--c->depth];
	cfg_node *n = &sp->nodes[f->node];
	size_t count = sp->nkids - f->first;
	/* No child collected yet means no array yet: no pointer arithmetic on NULL. */
	if (count) {
		n->kids = cfg_arena(sp, count * sizeof *n->kids);
		memcpy(n->kids, sp->kids + f->first, count * sizeof *n->kids);
	}
	n->n = (uint32_t)(n->type == YAML_SEQUENCE_NODE ? count : count / 2);
	sp->nkids = f->first;
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
	cfg_add_kid(c, a->node);
	return 0;
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

/* Parses one file into d->sp, within the limits (top of this file). */
int cfg_parse(cfg_doc *d, const char *path)
{
	struct stat sb;
	int fd = cfg_open(d, path, &sb);
	if (fd < 0)
		return d->err->code;
	cfg_composer c = {.d = d, .rd.fd = fd, .budget = CFG_ALIAS_FLOOR};
	if (S_ISREG(sb.st_mode) && sb.st_size > CFG_ALIAS_FLOOR)
		c.budget = (size_t)sb.st_size;
	/* libyaml's initialisers fail only for want of memory. */
	if (!yaml_parser_initialize(&c.parser))
		xmalloc_fail(sizeof c.parser);
	cfg_space_reset(d->sp);
	yaml_parser_set_input(&c.parser, cfg_read, &c.rd);
	int rc = cfg_compose(&c);
	if (!rc && !d->sp->nnodes)
		rc = err_set_at(d->err, EX_CONFIG, path, 1, 1, "the file is empty");
	cfg_composer_free(&c);
	close(fd);
	return rc;
}

