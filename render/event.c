/*
 * event — the one way a history event is put into words (see render.h). `history`,
 * `show`, `set`/`due`'s confirmations, the reports' notes and the dashboard all call it,
 * so an event reads the same wherever it is shown.
 */
#include <string.h>

#include "../core/text.h"
#include "render.h"

#define EVENT_ARROW " → "

/* Appends s made safe (text.h): one line, and nothing for a terminal to obey. NULL
 * appends `none`. */
static int event_add(util_buf *b, const char *s, const char *none)
{
	if (!s)
		return util_buf_puts(b, none);
	return text_safe_add(b, s, 0);
}

/* "OLD → NEW", each missing value written as `none`. */
static int event_old_new(util_buf *b, const action_event *e, const char *none)
{
	event_add(b, e->old, none);
	util_buf_puts(b, EVENT_ARROW);
	return event_add(b, e->new_, none);
}

static bool event_is(const action_event *e, const char *kind)
{
	return e->kind && !strcmp(e->kind, kind);
}

int render_event_change(util_buf *b, const action_event *e)
{
	if (event_is(e, "note"))
		return util_buf_puts(b, "note");
	if (event_is(e, "sync")) { /* a definition the YAML changed: the field says which */
		util_buf_puts(b, "definition ");
		event_add(b, e->field, "");
		util_buf_puts(b, ": ");
		return event_old_new(b, e, "-");
	}
	/* status and due, and any kind a newer database may hold */
	event_add(b, e->kind, "?");
	if (e->field) {
		util_buf_add(b, " ", 1);
		event_add(b, e->field, "");
	}
	util_buf_add(b, " ", 1);
	return event_old_new(b, e, "none");
}

int render_event_line(util_buf *b, const action_event *e)
{
	event_add(b, e->at, "");
	util_buf_puts(b, "  ");
	/* The user's column is as wide as a typical login, so the changes line up. */
	size_t before = b->len;
	event_add(b, e->user, "");
	for (size_t w = b->len - before; w < 12; w++)
		util_buf_add(b, " ", 1);
	util_buf_add(b, " ", 1);
	render_event_change(b, e);
	if (event_is(e, "note") || (e->note && *e->note)) {
		util_buf_puts(b, event_is(e, "note") ? ": " : " · ");
		event_add(b, e->note, "");
	}
	return b->oom ? -1 : 0;
}
