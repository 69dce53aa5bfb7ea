/* view_estate — see view_estate.h. */
#include "view_estate.h"

#include <stdio.h>
#include <string.h>

#include "../core/text.h"

/* Row 0 of the rect holds the column names; the list is below it. */
static int estate_count(const view *v)
{
	return (int)v->ctx->sp->estate.nshown;
}

const span_est *view_estate_selected(const view *v)
{
	return span_estate_row(v->ctx->sp, (size_t)(v->cursor < 0 ? 0 : v->cursor));
}

void view_estate_select(view *v, const char *code)
{
	for (int i = 0; i < estate_count(v); i++)
		if (!strcmp(span_estate_row(v->ctx->sp, (size_t)i)->code, code))
			v->cursor = i;
}

static void estate_title(const view *v, char *buf, size_t n)
{
	const span_estate *e = &v->ctx->sp->estate;
	int plans = 0, late = 0;
	for (size_t i = 0; i < e->nshown; i++) {
		plans += e->rows[e->shown[i]].plans;
		late += e->rows[e->shown[i]].overdue;
	}
	snprintf(buf, n, "Establishments %zu%s%s%s · %d plans · %d overdue in latest plans · by %s",
		 e->nshown, e->filter[0] ? " matching \"" : "", e->filter, e->filter[0] ? "\"" : "",
		 plans, late, span_estate_by_name(e->by));
}

/* The widths of the columns: the name and the region share what the numbers leave. */
typedef struct estate_cols {
	int name, where;
} estate_cols;

#define ESTATE_FIXED (1 + 5 + 1 + 9 + 6 + 6 + 6 + 6 + 6 + 5 + 1 + 8) /* all but name and region */

static estate_cols estate_widths(int w)
{
	int rest = w - ESTATE_FIXED - 2;
	estate_cols c = {rest * 3 / 5, rest - rest * 3 / 5};
	if (c.where > 24) {
		c.name += c.where - 24;
		c.where = 24;
	}
	if (c.where < 0)
		c.where = 0;
	return c;
}

/* "████▌░░░" — eight cells in eighths of the share done. */
static void estate_bar(char *buf, size_t n, int pct)
{
	static const char *const eighths[] = {"░", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};
	int steps = pct * 64 / 100;
	size_t len = 0;
	for (int i = 0; i < 8 && len < n; i++) {
		int cell = steps - i * 8;
		cell = cell < 0 ? 0 : cell > 8 ? 8 : cell;
		len += (size_t)snprintf(buf + len, n - len, "%s", eighths[cell]);
	}
}

static void estate_draw_head(const view *v)
{
	tui_rect r = v->rect;
	estate_cols c = estate_widths(r.w);
	char line[512];
	snprintf(line, sizeof line, " %-5s %-*.*s %-*.*s %-9s %5s %5s %5s %5s %5s %4s %-8s", "CODE",
		 c.name, c.name, "NAME", c.where, c.where, "REGION OR KIND", "LATEST", "ITEMS", "OPEN",
		 "LATE", "DONE", "VERIF", "%", "PROGRESS");
	draw_text(r.y, r.x, r.w, line, draw_tone(TONE_DIM) | A_UNDERLINE, true);
}

static void estate_draw_row(const view *v, const span_est *e, int y, bool sel)
{
	tui_rect r = v->rect;
	estate_cols c = estate_widths(r.w);
	attr_t base = sel ? A_REVERSE : A_NORMAL;
	int x = r.x;
	char num[96], bar[64];
	snprintf(num, sizeof num, "%s%-5s ", sel ? "▸" : " ", e->code);
	x += draw_text(y, x, 7, num, base | A_BOLD, true);
	x += draw_text(y, x, c.name, e->name, base, true);
	x += draw_text(y, x, 1, " ", base, true);
	x += draw_text(y, x, c.where, e->where, base | draw_tone(TONE_DIM), true);
	snprintf(num, sizeof num, " %-9s", e->cycle ? e->cycle : "(no plan)");
	x += draw_text(y, x, 10, num, base, true);
	snprintf(num, sizeof num, " %5d %5d", e->items, e->open);
	x += draw_text(y, x, 12, num, base, true);
	snprintf(num, sizeof num, " %5d", e->overdue);
	x += draw_text(y, x, 6, num, base | (e->overdue ? draw_tone(TONE_OVERDUE) : 0), true);
	/* DONE counts every completion, VERIF those a second person verified (verify.h) */
	snprintf(num, sizeof num, " %5d %5d %3d%% ", e->completed, e->verified, e->done_pct);
	x += draw_text(y, x, 18, num, base, true);
	estate_bar(bar, sizeof bar, e->done_pct);
	tui_tone tone = e->actions && e->completed == e->actions ? TONE_DONE
		      : e->overdue ? TONE_OVERDUE : TONE_NORMAL;
	draw_text(y, x, r.x + r.w - x, bar, base | draw_tone(tone), true);
}

static void estate_draw(view *v)
{
	tui_rect r = v->rect;
	estate_draw_head(v);
	int n = estate_count(v);
	if (!n) {
		draw_text(r.y + 1, r.x, r.w,
			  v->ctx->sp->estate.filter[0] ? " (no establishment matches the filter)"
							: " (no establishment)",
			  draw_tone(TONE_DIM), true);
		return;
	}
	for (int i = 0; i + 1 < r.h && v->top + i < n; i++) {
		int idx = v->top + i;
		estate_draw_row(v, span_estate_row(v->ctx->sp, (size_t)idx), r.y + 1 + i, idx == v->cursor);
	}
}

/* The list's rows lie below the column names: follow with one row less. */
static void estate_follow(view *v)
{
	tui_rect keep = v->rect;
	v->rect.h = keep.h > 1 ? keep.h - 1 : 1;
	view_list_follow(v, estate_count(v));
	v->rect = keep;
}

static tui_request estate_request(view *v, tui_request req)
{
	int n = estate_count(v), delta = view_list_delta(v, req, n);
	if (delta) {
		view_list_move(v, n, delta);
		return REQ_NONE;
	}
	span_estate *e = &v->ctx->sp->estate;
	switch (req) {
	case REQ_FIRST: case REQ_LAST:
		return REQ_NONE;
	case REQ_SORT_NEXT: case REQ_SORT_PREV: {
		const span_est *cur = view_estate_selected(v);
		char code[64] = "";
		if (cur)
			snprintf(code, sizeof code, "%s", cur->code);
		e->by = (e->by + (req == REQ_SORT_NEXT ? 1 : SPAN_BY_COUNT - 1)) % SPAN_BY_COUNT;
		span_estate_arrange(v->ctx->sp);
		view_estate_select(v, code); /* the same establishment stays selected */
		view_message(v->ctx, false, " Sorted by %s", span_estate_by_name(e->by));
		return REQ_NONE;
	}
	case REQ_ENTER:
		return n ? REQ_OPEN_PLAN : REQ_NONE;
	default:
		return req;
	}
}

static bool estate_click(view *v, int line)
{
	return line > 0 && view_list_click(v, estate_count(v), line - 1);
}

const view_ops view_estate_ops = {
	.hints = KEYMAP_ESTATE, .count = estate_count, .title = estate_title,
	.follow = estate_follow, .draw = estate_draw, .request = estate_request,
	.click = estate_click,
};
