/*
 * emit — the plan as YAML, written by libyaml's emitter so that it is valid YAML by
 * construction: every text the input supplied is a double-quoted scalar the emitter
 * escapes; keys, keywords (scheme, category, agreement), dates and numbers are plain.
 * Texts from the input pass imp_strip_tags() once more on the way out: a text joined
 * from two cells or paragraphs could hold a tag that neither held alone.
 * The keys come in the order of the curated plans (config/default/plans/); inspection
 * ranges are flow mappings and owners flow sequences, as there. Lines are never wrapped.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "import_priv.h"

/* The first line: a constant, so that nothing from the input is written unescaped. */
#define HEADER_COMMENT "# Imported by actionboard import: review it, and its warnings, before sync.\n"

typedef struct out {
	yaml_emitter_t e;
	imp *im;
	bool ok;
} out;

static int write_buf(void *data, unsigned char *bytes, size_t size)
{
	util_buf_add(data, (const char *)bytes, size);
	return 1;
}

static void event(out *o, yaml_event_t *ev, int made)
{
	if (!made)
		o->ok = false;
	else if (o->ok && !yaml_emitter_emit(&o->e, ev))
		o->ok = false; /* the emitter has released the event */
	else if (!o->ok)
		yaml_event_delete(ev);
}

static void scalar(out *o, const char *s, bool plain)
{
	yaml_event_t ev;
	size_t n = strlen(s);
	int made = n <= INT_MAX &&
		   yaml_scalar_event_initialize(&ev, NULL, NULL, (const yaml_char_t *)s, (int)n, plain, 1,
						plain ? YAML_PLAIN_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	event(o, &ev, made);
}

static void text(out *o, const char *s) { scalar(o, s, false); }

/* A text read from the input. */
static void input_text(out *o, const char *s)
{
	text(o, strchr(s, '<') ? imp_strip_tags(o->im, s) : s);
}
static void word(out *o, const char *s) { scalar(o, s, true); }

static void map_start(out *o, bool flow)
{
	yaml_event_t ev;
	event(o, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
							 flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE));
}

static void map_end(out *o)
{
	yaml_event_t ev;
	event(o, &ev, yaml_mapping_end_event_initialize(&ev));
}

static void seq_start(out *o, bool flow)
{
	yaml_event_t ev;
	event(o, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
							  flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

static void seq_end(out *o)
{
	yaml_event_t ev;
	event(o, &ev, yaml_sequence_end_event_initialize(&ev));
}

/* key: "text" */
static void key_text(out *o, const char *key, const char *val)
{
	word(o, key);
	text(o, val);
}

/* key: "text read from the input" */
static void key_input(out *o, const char *key, const char *val)
{
	word(o, key);
	input_text(o, val);
}

/* key: word (a keyword of the format, never from the input) */
static void key_word(out *o, const char *key, const char *val)
{
	word(o, key);
	word(o, val);
}

static void key_date(out *o, const char *key, date_t d)
{
	char buf[DATE_ISO_LEN];
	date_format_iso(d, buf);
	key_word(o, key, buf);
}

static void emit_action(out *o, const imp_item *it, size_t k)
{
	const imp_action *a = &it->acts[k];
	char id[96];
	snprintf(id, sizeof id, "%s.%zu", it->ref, k + 1);
	map_start(o, false);
	key_text(o, "id", id);
	key_input(o, "text", imp_text(a->text));
	word(o, "owners");
	seq_start(o, true);
	for (size_t i = 0; i < a->owners.n; i++)
		input_text(o, a->owners.v[i]);
	seq_end(o);
	key_input(o, "target", a->target ? a->target : "");
	map_end(o);
}

static void emit_item(out *o, const imp_item *it)
{
	map_start(o, false);
	key_text(o, "ref", it->ref);
	if (it->seq) {
		char seq[16];
		snprintf(seq, sizeof seq, "%d", it->seq);
		key_word(o, "seq", seq);
	}
	key_word(o, "category", it->category);
	if (it->directed_to)
		key_input(o, "directed_to", it->directed_to);
	if (it->agreement)
		key_word(o, "agreement", it->agreement);
	if (it->note)
		key_input(o, "agreement_note", it->note);
	if (it->repeated)
		key_input(o, "repeated_from", it->repeated);
	key_input(o, "text", it->text);
	word(o, "actions");
	seq_start(o, it->nacts == 0); /* "actions: []" when there are none */
	for (size_t k = 0; k < it->nacts; k++)
		emit_action(o, it, k);
	seq_end(o);
	map_end(o);
}

static void emit_header(out *o, imp *im, const char *code, const char *cycle)
{
	key_text(o, "establishment", code);
	key_text(o, "cycle", cycle);
	key_word(o, "scheme", im->recs ? "recommendations" : "concerns");
	if (im->nranges) {
		word(o, "inspection");
		seq_start(o, false);
		for (size_t i = 0; i < im->nranges; i++) {
			map_start(o, true);
			key_date(o, "from", im->ranges[i].from);
			key_date(o, "to", im->ranges[i].to);
			map_end(o);
		}
		seq_end(o);
	}
	if (im->has_published)
		key_date(o, "report_published", im->published);
	if (im->has_submitted)
		key_date(o, "plan_submitted", im->submitted);
	if (im->opt->source)
		key_text(o, "source", im->opt->source);
}

static void emit_plan(out *o, imp *im, const char *code, const char *cycle)
{
	yaml_event_t ev;
	event(o, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	event(o, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	map_start(o, false);
	emit_header(o, im, code, cycle);
	word(o, "items");
	seq_start(o, false);
	for (size_t i = 0; i < im->nitems; i++)
		emit_item(o, im->items[i]);
	seq_end(o);
	map_end(o);
	event(o, &ev, yaml_document_end_event_initialize(&ev, 1));
	event(o, &ev, yaml_stream_end_event_initialize(&ev));
}

int imp_emit(imp *im, const char *code, const char *cycle, char **yaml)
{
	util_buf b = {0};
	out o = {.im = im, .ok = true};
	if (!yaml_emitter_initialize(&o.e)) /* libyaml's only failure here: no memory */
		xmalloc_fail(sizeof o.e);
	yaml_emitter_set_output(&o.e, write_buf, &b);
	yaml_emitter_set_unicode(&o.e, 1);
	yaml_emitter_set_width(&o.e, -1);
	yaml_emitter_set_break(&o.e, YAML_LN_BREAK);
	util_buf_puts(&b, HEADER_COMMENT);
	emit_plan(&o, im, code, cycle);
	if (o.ok && !yaml_emitter_flush(&o.e))
		o.ok = false;
	int rc = 0;
	if (o.e.error == YAML_MEMORY_ERROR)
		xmalloc_fail(0);
	if (!o.ok) {
		rc = err_set_at(im->err, EX_SOFTWARE, im->name, 0, 0, "the YAML emitter refused the plan: %s",
				o.e.problem ? o.e.problem : "a text it cannot write");
	}
	yaml_emitter_delete(&o.e);
	if (rc)
		util_buf_free(&b);
	else
		*yaml = util_buf_take(&b);
	return rc;
}
