/* view_search — see view_search.h. */
#include "view_search.h"

#include <stdio.h>
#include <string.h>

#include "../core/search.h"
#include "../core/text.h"

#define SEARCH_DETAIL 4 /* rows of the selected hit's text, below a rule */

static int found_count(const view *v)
{
	return (int)v->ctx->sp->found.n;
}

static int found_list_h(const view *v)
{
	int h = v->rect.h - (v->rect.h >= SEARCH_DETAIL + 6 ? SEARCH_DETAIL + 1 : 0);
	return h < 1 ? 1 : h;
}

const span_hit *view_search_selected(const view *v)
{
	const span_found *f = &v->ctx->sp->found;
	if (v->cursor < 0 || (size_t)v->cursor >= f->n)
		return NULL;
	size_t i = (size_t)v->cursor;
	if (f->lines[i].heading && i + 1 < f->n)
		i++; /* a plan's heading stands for its best hit */
	return &f->lines[i];
}

static void found_title(const view *v, char *buf, size_t n)
{
	const span_found *f = &v->ctx->sp->found;
	snprintf(buf, n, "Search of the estate for \"%s\" · %zu best of %d hits in the index",
		 f->text, f->nhits, f->total);
}

static const char *found_kind(const span_hit *h)
{
	return h->kind == SEARCH_ITEM ? "item" : h->kind == SEARCH_NOTE ? "note on" : "action";
}

static void found_draw_line(const view *v, const span_hit *h, int y, bool sel)
{
	tui_rect r = v->rect;
	attr_t base = sel ? A_REVERSE : A_NORMAL;
	char left[300];
	if (h->heading) {
		snprintf(left, sizeof left, "%s%s (%s) · %s (%s) · %d hit%s", sel ? "▸" : " ",
			 h->establishment_name ? h->establishment_name : "?", h->establishment,
			 h->cycle, h->scheme ? h->scheme : "?", h->plan_hits,
			 h->plan_hits == 1 ? "" : "s");
		draw_text(y, r.x, r.w, left, base | draw_tone(TONE_TITLE), true);
		return;
	}
	snprintf(left, sizeof left, "  %s%-7s %-8s %-11s ", sel ? "▸" : " ", found_kind(h), h->ref,
		 h->status ? h->status : "");
	int x = r.x + draw_text(y, r.x, r.w, left, base | (h->overdue ? draw_tone(TONE_OVERDUE) : 0),
				false);
	draw_text(y, x, r.x + r.w - x, h->text, base, true);
}

static void found_draw_detail(const view *v)
{
	tui_rect r = v->rect;
	int y = r.y + found_list_h(v);
	if (y >= r.y + r.h)
		return;
	for (int x = r.x; x < r.x + r.w; x++)
		draw_line_char(y, x, LINE_H);
	const span_hit *h = view_search_selected(v);
	if (!h)
		return;
	const char *s = h->text;
	char line[1200];
	for (int row = y + 1; row < r.y + r.h && *s; row++) {
		size_t next, n = text_wrap(s, r.w, &next);
		snprintf(line, sizeof line, "%.*s", (int)n, s);
		draw_text(row, r.x, r.w, line, 0, true);
		if (!next)
			break;
		s += next;
	}
}

static void found_draw(view *v)
{
	tui_rect r = v->rect;
	const span_found *f = &v->ctx->sp->found;
	if (!f->n) {
		draw_text(r.y, r.x, r.w, " (no item, action or note holds these words)",
			  draw_tone(TONE_DIM), true);
		return;
	}
	for (int i = 0; i < found_list_h(v) && v->top + i < found_count(v); i++)
		found_draw_line(v, &f->lines[v->top + i], r.y + i, v->top + i == v->cursor);
	found_draw_detail(v);
}

static void found_follow(view *v)
{
	tui_rect keep = v->rect;
	v->rect.h = found_list_h(v);
	view_list_follow(v, found_count(v));
	v->rect = keep;
}

static tui_request found_request(view *v, tui_request req)
{
	int n = found_count(v), delta = view_list_delta(v, req, n);
	if (delta) {
		view_list_move(v, n, delta);
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

static bool found_click(view *v, int line)
{
	return line < found_list_h(v) && view_list_click(v, found_count(v), line);
}

const view_ops view_search_ops = {
	.hints = KEYMAP_FOUND, .count = found_count, .title = found_title,
	.follow = found_follow, .draw = found_draw, .request = found_request,
	.click = found_click,
};
