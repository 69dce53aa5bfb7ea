/* view_items — see view_items.h. */
#include "view_items.h"

#include <string.h>

#include "../core/text.h"

static int items_count(const view *v)
{
	return (int)v->ctx->b->npane[v->which];
}

const board_item *view_items_selected(const view *v)
{
	const board *b = v->ctx->b;
	if (v->cursor < 0 || v->cursor >= items_count(v))
		return NULL;
	return &b->items[b->pane[v->which][v->cursor]];
}

bool view_items_select_id(view *v, int64_t id)
{
	const board *b = v->ctx->b;
	for (size_t i = 0; i < b->npane[v->which]; i++)
		if (b->items[b->pane[v->which][i]].id == id) {
			v->cursor = (int)i;
			return true;
		}
	return false;
}

static void items_title(const view *v, char *buf, size_t n)
{
	snprintf(buf, n, "%s %zu", board_pane_title(v->ctx->b, v->which),
		 v->ctx->b->npane[v->which]);
}

/*
 * "██▌░" — four cells in eighths. Any progress shows (1 of 6 is not an empty bar) and only
 * a finished item looks full.
 */
static void items_bar(char *buf, size_t n, int done, int total)
{
	static const char *const eighths[] = {"░", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};
	int steps = total ? (int)((long)done * 32 / total) : 0;
	if (done > 0 && steps == 0)
		steps = 1;
	if (done < total && steps == 32)
		steps = 31;
	size_t len = 0;
	for (int i = 0; i < 4 && len < n; i++) {
		int cell = steps - i * 8;
		cell = cell < 0 ? 0 : cell > 8 ? 8 : cell;
		len += (size_t)snprintf(buf + len, n - len, "%s", eighths[cell]);
	}
}

static const char *items_agreement(const char *a)
{
	if (!a)
		return "";
	if (!strcmp(a, "agreed"))
		return "agreed";
	if (!strcmp(a, "partly_agreed"))
		return "partly";
	if (!strcmp(a, "not_agreed"))
		return "not agr";
	return a;
}

static void items_draw_row(const view *v, const board_item *it, int y, bool sel)
{
	tui_rect r = v->rect;
	bool focused = sel && v->ctx->focus == v;
	attr_t base = focused ? A_REVERSE : sel ? A_BOLD : A_NORMAL;
	const board_cycle *c = board_cycle_current(v->ctx->b);
	bool recs = c && strcmp(c->scheme, "concerns");
	char right[96], bar[32], count[16];
	items_bar(bar, sizeof bar, it->completed, it->total);
	snprintf(count, sizeof count, "%d/%d", it->completed, it->total);
	snprintf(right, sizeof right, "%s%s%s %5s", recs ? items_agreement(it->agreement) : "",
		 recs ? " " : "", bar, count);
	int rw = text_width(right) + 1;
	int refw = recs ? 6 : 5;
	char left[64];
	/* ↻: the finding repeats one of an earlier inspection (core/lineage.h). */
	bool repeats = it->as && it->as->earlier_key[0];
	snprintf(left, sizeof left, "%s%-*s%s ", sel ? "▸" : it->match ? "*" : " ", refw, it->ref,
		 repeats ? "↻" : " ");
	int x = r.x;
	x += draw_text(y, x, r.w, left, base | (it->match ? draw_tone(TONE_MATCH) : 0), false);
	int tw = r.x + r.w - rw - x;
	x += draw_text(y, x, tw, it->text, base, true);
	tui_tone tone = it->overdue ? TONE_OVERDUE
		      : it->total && it->completed == it->total ? TONE_DONE : TONE_NORMAL;
	draw_text(y, x, rw, " ", base, false);
	draw_text(y, x + 1, rw - 1, right, base | draw_tone(tone), true);
}

static void items_draw(view *v)
{
	tui_rect r = v->rect;
	const board *b = v->ctx->b;
	int n = items_count(v);
	if (!n) {
		draw_text(r.y, r.x, r.w, board_filtered(b) ? " (nothing matches the filter)" : " (none)",
			  draw_tone(TONE_DIM), true);
		return;
	}
	for (int i = 0; i < r.h && v->top + i < n; i++) {
		int idx = v->top + i;
		bool sel = v->ctx->selection == v && idx == v->cursor;
		items_draw_row(v, &b->items[b->pane[v->which][idx]], r.y + i, sel);
	}
}

/* Moving selects the item. The two panes are one list in reading order: a move past either
 * end (a step, a page, Home or End) goes on into the other pane, landing on ctx->cross_row. */
static tui_request items_move(view *v, int delta)
{
	int n = items_count(v);
	if (!n)
		return REQ_NONE;
	const board *b = v->ctx->b;
	int n0 = (int)b->npane[BOARD_UPPER], n1 = (int)b->npane[BOARD_LOWER];
	int pos = (v->which == BOARD_UPPER ? 0 : n0) + v->cursor + delta;
	pos = pos < 0 ? 0 : pos >= n0 + n1 ? n0 + n1 - 1 : pos;
	if (v->which == BOARD_UPPER && pos >= n0) {
		v->ctx->cross_row = pos - n0;
		return REQ_ITEMS_BELOW;
	}
	if (v->which == BOARD_LOWER && pos < n0) {
		v->ctx->cross_row = pos;
		return REQ_ITEMS_ABOVE;
	}
	view_list_move(v, n, pos - (v->which == BOARD_UPPER ? 0 : n0) - v->cursor);
	return REQ_ITEM_SELECTED;
}

static tui_request items_request(view *v, tui_request req)
{
	const board *b = v->ctx->b;
	int delta = view_list_delta(v, req, (int)(b->npane[BOARD_UPPER] + b->npane[BOARD_LOWER]));
	if (delta)
		return items_move(v, delta);
	switch (req) {
	case REQ_FIRST: case REQ_LAST: /* no rows: nothing to move */
		return REQ_NONE;
	case REQ_ENTER:
		return items_count(v) ? REQ_VIEW_DETAIL : REQ_NONE;
	default:
		return req;
	}
}

static bool items_click(view *v, int line)
{
	return view_list_click(v, items_count(v), line);
}

static void items_follow(view *v)
{
	view_list_follow(v, items_count(v));
}

/* Reading order: the position of the selected item over both panes, or -1. */
static long items_reading_pos(view *panes[2])
{
	const view *sel = panes[0]->ctx->selection;
	long pos = 0;
	for (int p = 0; p < 2; p++) {
		if (panes[p] == sel)
			return panes[p]->cursor < items_count(panes[p]) ? pos + panes[p]->cursor : -1;
		pos += items_count(panes[p]);
	}
	return -1;
}

view *view_items_find(view *panes[2], int dir, bool from_here)
{
	const board *b = panes[0]->ctx->b;
	long n0 = items_count(panes[0]), n = n0 + items_count(panes[1]);
	if (!n || !b->nmatches)
		return NULL;
	long pos = items_reading_pos(panes);
	if (pos < 0)
		pos = 0;
	for (long i = from_here ? 0 : 1; i <= n; i++) {
		long q = ((pos + dir * i) % n + n) % n;
		view *v = panes[q < n0 ? 0 : 1];
		int row = (int)(q < n0 ? q : q - n0);
		if (b->items[b->pane[v->which][row]].match) {
			v->cursor = row;
			return v;
		}
	}
	return NULL;
}

const view_ops view_items_ops = {
	.hints = KEYMAP_ITEMS, .count = items_count, .title = items_title,
	.follow = items_follow, .draw = items_draw, .request = items_request,
	.click = items_click,
};
