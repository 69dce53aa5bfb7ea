/*
 * peek — the settings' `database` found from the file's first bytes (config.h:
 * config_settings_database), so that the dashboard opens its database and reads the first
 * screen while the whole settings file is read on a second thread (pending.c). At 1M
 * actions that file lists 12,897 owners and its read took as long as the first screen's.
 *
 * Only a plain answer counts: `database` a key of the top-level mapping, its value a
 * scalar with no anchor, tag or null spelling, ended within the bytes read. Anything else
 * (the key later in the file, an alias, a flow mapping's oddities, an error) is "cannot
 * tell", and the caller reads the settings first, as without this. The whole read decides
 * in the end: config_settings_wait() fails when it finds another database (pending.c).
 */
#include "config.h"

#include <limits.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "config_priv.h"

/* The bytes looked at: a `database` key is a line of its own, written with the other
 * settings of a file before its owners and users (a long owners list is what makes the
 * file large: 874 KB at 1M actions). */
#define PEEK_BYTES 65536

/* A scalar a plain reading takes as it is: no anchor, no tag, not a null. */
static bool peek_plain_scalar(const yaml_event_t *ev)
{
	if (ev->type != YAML_SCALAR_EVENT || ev->data.scalar.anchor || ev->data.scalar.tag)
		return false;
	return !ev->data.scalar.plain_implicit || !cfg_null_text((char *)ev->data.scalar.value);
}

/* Passes over one value whose first event is *ev (a list or mapping: to its end). */
static bool peek_skip(yaml_parser_t *p, yaml_event_t *ev)
{
	int depth = 0;
	for (;;) {
		yaml_event_type_t t = ev->type;
		depth += (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT) -
			 (t == YAML_SEQUENCE_END_EVENT || t == YAML_MAPPING_END_EVENT);
		bool bad = t == YAML_STREAM_END_EVENT || t == YAML_DOCUMENT_END_EVENT || depth < 0;
		yaml_event_delete(ev);
		if (bad)
			return false;
		if (depth == 0)
			return true;
		if (!yaml_parser_parse(p, ev))
			return false;
	}
}

/* The value *ev (deleted here) as a copy when it is a plain scalar that has ended: a plain
 * scalar may go on over more indented lines, so the event after it (the next key, or the
 * mapping's end) must also start within the bytes read, unless they are the whole file. */
static char *peek_value(yaml_parser_t *p, yaml_event_t *ev, size_t len, bool whole)
{
	char *v = peek_plain_scalar(ev) ? xstrdup((char *)ev->data.scalar.value) : NULL;
	yaml_event_delete(ev);
	yaml_event_t next;
	if (v && !whole) {
		bool ended = false;
		if (yaml_parser_parse(p, &next)) {
			ended = next.start_mark.index < len;
			yaml_event_delete(&next);
		}
		if (!ended) {
			free(v);
			v = NULL;
		}
	}
	return v;
}

/* The top-level mapping's `database` value (malloc'd) when it reads plainly within the
 * `len` bytes given (`whole`: all of the file), else NULL. */
static char *peek_walk(yaml_parser_t *p, size_t len, bool whole)
{
	yaml_event_t ev;
	static const yaml_event_type_t head[] = {YAML_STREAM_START_EVENT,
						 YAML_DOCUMENT_START_EVENT, YAML_MAPPING_START_EVENT};
	for (size_t i = 0; i < 3; i++) {
		if (!yaml_parser_parse(p, &ev))
			return NULL;
		bool ok = ev.type == head[i] &&
			  (i < 2 || (!ev.data.mapping_start.anchor && !ev.data.mapping_start.tag));
		yaml_event_delete(&ev);
		if (!ok)
			return NULL;
	}
	while (yaml_parser_parse(p, &ev)) { /* a key */
		bool database = peek_plain_scalar(&ev) &&
				!strcmp((char *)ev.data.scalar.value, "database");
		bool scalar = ev.type == YAML_SCALAR_EVENT;
		yaml_event_delete(&ev);
		if (!scalar || !yaml_parser_parse(p, &ev)) /* the end of the mapping, or a key not plain */
			return NULL;
		if (database)
			return peek_value(p, &ev, len, whole);
		if (!peek_skip(p, &ev))
			return NULL;
	}
	return NULL;
}

char *config_settings_database(const char *path)
{
	unsigned char *buf = xmalloc(PEEK_BYTES);
	char real[PATH_MAX], *value = NULL;
	bool whole = false;
	off_t size;
	ssize_t len = util_read_head(path, buf, PEEK_BYTES, &size);
	whole = len >= 0 && size <= PEEK_BYTES;
	yaml_parser_t p;
	if (len > 0 && realpath(path, real) && yaml_parser_initialize(&p)) {
		yaml_parser_set_input_string(&p, buf, (size_t)len);
		value = peek_walk(&p, (size_t)len, whole);
		yaml_parser_delete(&p);
	}
	free(buf);
	if (!value || !value[0]) {
		free(value);
		return NULL;
	}
	return cfg_database_path(dirname(real), value);
}
