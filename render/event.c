/*
 * event — the one way a history event is put into words (see render.h). `history`,
 * `show`, `set`/`due`'s confirmations, the reports' notes and the dashboard all call it,
 * so an event reads the same wherever it is shown.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../core/clock.h"
#include "../core/text.h"
#include "render.h"

#define EVENT_ARROW " → "

/* Appends s made safe (text.h): one line, and nothing for a terminal to obey. NULL
 * appends `none`. */
static void event_add(util_buf *b, const char *s, const char *none)
{
	if (!s)
		util_buf_puts(b, none);
	else
		text_safe_add(b, s, 0);
}

/* Appends "#ID" after `before`. */
static void event_ref(util_buf *b, const char *before, int64_t id)
{
	char s[48];
	snprintf(s, sizeof s, "%s#%" PRId64, before, id);
	util_buf_puts(b, s);
}

static bool event_is(const action_event *e, const char *kind)
{
	return e->kind && !strcmp(e->kind, kind);
}

/* "OLD → NEW", each missing value written as `none`; a status in the words the board uses
 * ("in progress"). */
static void event_old_new(util_buf *b, const action_event *e, const char *none)
{
	bool st = event_is(e, "status");
	event_add(b, st ? model_status_words(e->old) : e->old, none);
	util_buf_puts(b, EVENT_ARROW);
	event_add(b, st ? model_status_words(e->new_) : e->new_, none);
}

/* How this user event acts on an earlier one: "undo", "retract", "correct" or NULL. */
static const char *event_acts(const action_event *e)
{
	return e->reverses && e->field && !event_is(e, "sync") ? e->field : NULL;
}

/* The change itself, before any mark that a later event reversed it. */
static void event_change(util_buf *b, const action_event *e)
{
	const char *acts = event_acts(e);
	if (acts && !strcmp(acts, "retract")) {
		event_ref(b, "note ", e->reverses);
		util_buf_puts(b, " retracted");
		return;
	}
	if (acts && !strcmp(acts, "correct")) {
		event_ref(b, "note ", e->reverses);
		util_buf_puts(b, " corrected");
		return;
	}
	if (acts) { /* undo */
		event_ref(b, "undo of ", e->reverses);
		util_buf_puts(b, ": ");
	}
	if (event_is(e, "note") && e->field && !acts &&
	    (!strcmp(e->field, "evidence") || !strcmp(e->field, "evidence_removed"))) {
		/* evidence attached or removed (core/evidence.h): "#N NAME" */
		bool added = !strcmp(e->field, "evidence");
		util_buf_puts(b, added ? "evidence added: " : "evidence removed: ");
		event_add(b, added ? e->new_ : e->old, "?");
		return;
	}
	if (event_is(e, "note")) {
		/* undone: a note withdrawn, or a correction's earlier text restored */
		util_buf_puts(b, !acts ? "note" : e->note ? "note restored" : "note withdrawn");
		return;
	}
	if (event_is(e, "sync") && e->field && !strncmp(e->field, "amendment ", 10)) {
		/* a definition an admin changed in the tool (core/amend.h) */
		util_buf_puts(b, "amendment ");
		event_add(b, e->field + 10, "");
		util_buf_puts(b, ": ");
		event_old_new(b, e, "-");
		return;
	}
	if (event_is(e, "sync")) { /* a definition the YAML changed: the field says which */
		util_buf_puts(b, "definition ");
		event_add(b, e->field, "");
		util_buf_puts(b, ": ");
		event_old_new(b, e, "-");
		return;
	}
	if (event_is(e, "status") && e->field && !acts && !strcmp(e->field, "verify")) {
		util_buf_puts(b, "verified"); /* a second person's sign-off (core/verify.h) */
		return;
	}
	if (event_is(e, "status") && e->field && !acts && !strcmp(e->field, "reject")) {
		util_buf_puts(b, "verification rejected: ");
		event_old_new(b, e, "none");
		return;
	}
	/* status and due, and any kind a newer database may hold */
	event_add(b, e->kind, "?");
	if (e->field && !acts) {
		util_buf_add(b, " ", 1);
		event_add(b, e->field, "");
	}
	util_buf_add(b, " ", 1);
	event_old_new(b, e, "none");
}

void render_event_change(util_buf *b, const action_event *e)
{
	event_change(b, e);
	if (e->reversed_by) {
		const char *how = e->reversed_as ? e->reversed_as : "";
		event_ref(b,
			  !strcmp(how, "retract")   ? " (retracted by "
			  : !strcmp(how, "correct") ? " (corrected by "
						    : " (undone by ",
			  e->reversed_by);
		util_buf_puts(b, ")");
	}
}

/* Appends s and spaces up to `width` columns (s is one line of UTF-8). */
static void event_column(util_buf *b, const char *s, size_t width)
{
	size_t before = b->len, cols = 0;
	event_add(b, s, "");
	for (size_t i = before; i < b->len; i++)
		cols += ((unsigned char)b->s[i] & 0xC0) != 0x80;
	for (; cols < width; cols++)
		util_buf_add(b, " ", 1);
}

void render_event_line(util_buf *b, const action_event *e)
{
	if (e->id) {
		char id[32];
		snprintf(id, sizeof id, "#%" PRId64, e->id);
		event_column(b, id, 6);
	}
	char when[CLOCK_SHOW_LEN];
	clock_show(e->at, when);
	/* Columns as wide as a typical time and login, so the changes line up. */
	event_column(b, when, 17);
	util_buf_puts(b, "  ");
	event_column(b, e->user, 12);
	util_buf_add(b, " ", 1);
	render_event_change(b, e);
	if (e->note && *e->note) {
		util_buf_puts(b, event_is(e, "note") ? ": " : " · ");
		event_add(b, e->note, "");
	}
}
