/* view_owned — see view_owned.h. */
#include "view_owned.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/out.h"
#include "../core/text.h"
#include "../render/render.h"

/* The rows the detail takes at the bottom of the rect (with a rule above it). */
#define OWNED_DETAIL 7

static int owned_count(const view *v)
{
	return (int)v->ctx->sp->owned.n;
}

/* The height of the list part of the rect. */
static int owned_list_h(const view *v)
{
	int h = v->rect.h - (v->rect.h >= OWNED_DETAIL + 6 ? OWNED_DETAIL + 1 : 0);
	return h < 1 ? 1 : h;
}

const span_detail *view_owned_selected(const view *v)
{
	return v->cursor >= 0 ? span_owned_detail(v->ctx->sp, (size_t)v->cursor) : NULL;
}

const board_action *view_owned_action(const view *v)
{
	const span_owned *o = &v->ctx->sp->owned;
	if (v->cursor < 0 || (size_t)v->cursor >= o->n || o->lines[v->cursor].heading)
		return NULL;
	const span_detail *d = view_owned_selected(v);
	return d ? &d->a : NULL;
}

void view_owned_select(view *v, int64_t action)
{
	const span_owned *o = &v->ctx->sp->owned;
	ab_err err = {0};
	size_t line;
	if (span_owned_find(v->ctx->sp, action, &line, &err)) { /* its plan read if need be */
		v->cursor = (int)line;
		return;
	}
	if (err.code)
		view_message(v->ctx, true, " %s", err.msg);
	if ((size_t)v->cursor >= o->n)
		v->cursor = o->n ? (int)o->n - 1 : 0;
}

static void owned_title(const view *v, char *buf, size_t n)
{
	const span_owned *o = &v->ctx->sp->owned;
	size_t len = (size_t)snprintf(buf, n, "%s", o->mine ? "My actions (" : "Actions of ");
	for (size_t i = 0; i < o->nowners && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : "", o->owners[i]);
	if (len < n)
		snprintf(buf + len, n - len, "%s · %s%s · %zu in %zu plans · %zu overdue",
			 o->mine ? ")" : "", o->establishment ? "establishment " : "the estate",
			 o->establishment ? o->establishment : "", o->nactions, o->nplans, o->noverdue);
}

static void owned_draw_heading(const view *v, const span_line *l, const span_detail *d, int y,
			       bool sel)
{
	char line[600];
	snprintf(line, sizeof line, "%s%s (%s) · %s (%s) · %d action%s%s", sel ? "▸" : " ",
		 d && d->establishment_name ? d->establishment_name : "?",
		 d ? d->establishment : "?", d ? d->cycle : "?", d ? d->scheme : "?", l->count,
		 l->count == 1 ? "" : "s", "");
	attr_t base = (sel ? A_REVERSE : 0) | draw_tone(TONE_TITLE);
	int x = v->rect.x + draw_text(y, v->rect.x, v->rect.w, line, base, false);
	if (l->late) {
		snprintf(line, sizeof line, " · %d overdue", l->late);
		x += draw_text(y, x, v->rect.x + v->rect.w - x, line, base | draw_tone(TONE_OVERDUE),
			       false);
	}
	draw_text(y, x, v->rect.x + v->rect.w - x, "", sel ? A_REVERSE : 0, true);
}

static void owned_draw_action(const view *v, const span_line *l, const span_detail *d, int y,
			      bool sel)
{
	tui_rect r = v->rect;
	attr_t base = sel ? A_REVERSE : A_NORMAL;
	char left[160];
	snprintf(left, sizeof left, "  %s%-8s %-7s %-10s %-11s ", sel ? "▸" : " ",
		 d ? d->a.action_id : "…", l->overdue ? "OVERDUE" : "",
		 d && d->a.due ? d->a.due : "-", d ? model_status_words(d->a.status) : "");
	int x = r.x + draw_text(y, r.x, r.w, left,
				base | (l->overdue ? draw_tone(TONE_OVERDUE) : 0), false);
	draw_text(y, x, r.x + r.w - x, d ? d->a.text : "", base, true);
}

/* The selected action in full, below a rule. */
static void owned_draw_detail(const view *v)
{
	tui_rect r = v->rect;
	int y = r.y + owned_list_h(v);
	if (y >= r.y + r.h)
		return;
	for (int x = r.x; x < r.x + r.w; x++)
		draw_line_char(y, x, LINE_H);
	const span_detail *d = view_owned_selected(v);
	if (!d)
		return;
	char line[2400];
	int row = y + 1, end = r.y + r.h;
	snprintf(line, sizeof line, "%s %s: %s", d->establishment, d->item_ref,
		 d->item_text ? d->item_text : "");
	if (row < end)
		draw_text(row++, r.x, r.w, line, draw_tone(TONE_DIM), true);
	/* The action's text, wrapped over up to three lines. */
	const char *s = d->a.text;
	for (int i = 0; i < 3 && row < end - 2 && *s; i++) {
		size_t next, n = text_wrap(s, r.w, &next);
		snprintf(line, sizeof line, "%.*s", (int)n, s);
		draw_text(row++, r.x, r.w, line, A_BOLD, true);
		if (!next)
			break;
		s += next;
	}
	char *owners = out_owners_joined(d->a.owners ? d->a.owners : "", "; ");
	snprintf(line, sizeof line, "Owners: %s · target %s · due %s · %s%s%s", owners ? owners : "",
		 *d->a.target ? d->a.target : "(none)", d->a.due ? d->a.due : "none",
		 model_status_words(d->a.status),
		 d->a.overdue ? " · OVERDUE" : "", d->a.due_reason ? " · revised" : "");
	free(owners);
	/* read whole: long owners' names wrap, up to the rows left but the note's */
	int lines = draw_wrapped_lines(r.w, line), room = end - row - (d->a.last_note ? 1 : 0);
	lines = lines < room ? lines : room > 0 ? room : end - row;
	if (lines > 0)
		row += draw_wrapped_up(row + lines - 1, r.x, r.w, line,
				       d->a.overdue ? draw_tone(TONE_OVERDUE) : 0, lines);
	if (d->a.last_note && row < end) {
		snprintf(line, sizeof line, "Note: %s (%s, %s)", d->a.last_note,
			 d->a.last_note_by ? d->a.last_note_by : "?",
			 d->a.last_note_at ? d->a.last_note_at : "");
		draw_text(row++, r.x, r.w, line, draw_tone(TONE_DIM), true);
	}
}

static void owned_draw(view *v)
{
	tui_rect r = v->rect;
	const span_owned *o = &v->ctx->sp->owned;
	if (!o->n) {
		draw_text(r.y, r.x, r.w, " (no live action has this owner here)", draw_tone(TONE_DIM),
			  true);
		return;
	}
	int h = owned_list_h(v);
	for (int i = 0; i < h && v->top + i < owned_count(v); i++) {
		size_t idx = (size_t)(v->top + i);
		const span_line *l = &o->lines[idx];
		const span_detail *d = span_owned_detail(v->ctx->sp, idx);
		bool sel = (int)idx == v->cursor;
		if (l->heading)
			owned_draw_heading(v, l, d, r.y + i, sel);
		else
			owned_draw_action(v, l, d, r.y + i, sel);
	}
	owned_draw_detail(v);
}

/* Keeps the cursor visible and the details of the lines shown at hand. */
static void owned_follow(view *v)
{
	tui_rect keep = v->rect;
	v->rect.h = owned_list_h(v);
	view_list_follow(v, owned_count(v));
	v->rect = keep;
	ab_err err = {0};
	if (span_owned_window(v->ctx->sp, (size_t)v->top, (size_t)owned_list_h(v), &err))
		view_message(v->ctx, true, " %s", err.msg);
}

/* Moves by delta; a heading is stepped over in the direction of travel. */
static void owned_move(view *v, int delta)
{
	const span_owned *o = &v->ctx->sp->owned;
	int n = owned_count(v);
	view_list_move(v, n, delta);
	int step = delta < 0 ? -1 : 1;
	if (n && o->lines[v->cursor].heading) {
		int to = v->cursor + step;
		if (to < 0 || to >= n)
			to = v->cursor - step;
		if (to >= 0 && to < n)
			v->cursor = to;
	}
}

static tui_request owned_request(view *v, tui_request req)
{
	tui_rect keep = v->rect;
	v->rect.h = owned_list_h(v); /* a page is the list's rows, not the detail's */
	int n = owned_count(v), delta = view_list_delta(v, req, n);
	v->rect = keep;
	if (delta) {
		owned_move(v, delta);
		return REQ_NONE;
	}
	switch (req) {
	case REQ_FIRST: case REQ_LAST:
		return REQ_NONE;
	case REQ_ENTER:
		return n ? REQ_OPEN_ACTION : REQ_NONE;
	default:
		return req;
	}
}

static bool owned_click(view *v, int line)
{
	return line < owned_list_h(v) && view_list_click(v, owned_count(v), line);
}

const view_ops view_owned_ops = {
	.hints = KEYMAP_OWNED, .count = owned_count, .title = owned_title,
	.follow = owned_follow, .draw = owned_draw, .request = owned_request,
	.click = owned_click,
};
