/* view_items — the two item panes (priority/key concerns, or key/general recommendations):
 * one row per item with its progress bar and done/total. */
#include <string.h>

#include "../core/text.h"
#include "ui.h"

void view_list_follow(tui_list *l, int count, int h)
{
	if (l->cursor >= count)
		l->cursor = count - 1;
	if (l->cursor < 0)
		l->cursor = 0;
	if (h < 1)
		h = 1;
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->cursor >= l->top + h)
		l->top = l->cursor - h + 1;
	if (l->top > count - h)
		l->top = count - h;
	if (l->top < 0)
		l->top = 0;
}

static int items_count(tui_app *a, int pane)
{
	return (int)a->b.npane[pane];
}

static void items_title(tui_app *a, int pane, char *buf, size_t n)
{
	snprintf(buf, n, "%s %zu", board_pane_title(&a->b, pane), a->b.npane[pane]);
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

static void items_draw_row(tui_app *a, int pane, const board_item *it, int y, bool sel)
{
	tui_rect r = a->rect[pane];
	bool focused = sel && a->focus == pane;
	attr_t base = focused ? A_REVERSE : sel ? A_BOLD : A_NORMAL;
	const board_cycle *c = board_cycle_current(&a->b);
	bool recs = c && strcmp(c->scheme, "concerns");
	char right[96], bar[32], count[16];
	items_bar(bar, sizeof bar, it->completed, it->total);
	snprintf(count, sizeof count, "%d/%d", it->completed, it->total);
	snprintf(right, sizeof right, "%s%s%s %5s", recs ? items_agreement(it->agreement) : "",
		 recs ? " " : "", bar, count);
	int rw = text_width(right) + 1;
	int refw = recs ? 6 : 5;
	char left[64];
	snprintf(left, sizeof left, "%s%-*s ", sel ? "▸" : it->match ? "*" : " ", refw, it->ref);
	int x = r.x;
	x += draw_text(y, x, r.w, left, base | (it->match ? draw_tone(a, TONE_MATCH) : 0), false);
	int tw = r.x + r.w - rw - x;
	x += draw_text(y, x, tw, it->text, base, true);
	tui_tone tone = it->overdue ? TONE_OVERDUE
		      : it->total && it->completed == it->total ? TONE_DONE : TONE_NORMAL;
	draw_text(y, x, rw, " ", base, false);
	draw_text(y, x + 1, rw - 1, right, base | draw_tone(a, tone), true);
}

static void items_draw(tui_app *a, int pane)
{
	tui_rect r = a->rect[pane];
	tui_list *l = &a->list[pane];
	board *b = &a->b;
	if (!b->npane[pane]) {
		draw_text(r.y, r.x, r.w, board_filtered(b) ? " (nothing matches the filter)" : " (none)",
			  draw_tone(a, TONE_DIM), true);
		return;
	}
	for (int i = 0; i < r.h && l->top + i < (int)b->npane[pane]; i++) {
		int idx = l->top + i;
		bool sel = pane == a->item_pane && idx == l->cursor;
		items_draw_row(a, pane, &b->items[b->pane[pane][idx]], r.y + i, sel);
	}
}

static void items_activate(tui_app *a, int pane)
{
	if (a->b.npane[pane])
		a->focus = PANE_DETAIL;
}

static void items_follow(tui_app *a, int pane)
{
	view_list_follow(&a->list[pane], (int)a->b.npane[pane], a->rect[pane].h);
}

const tui_view_ops view_items_ops = {
	.count = items_count, .title = items_title, .draw = items_draw,
	.activate = items_activate, .follow = items_follow,
};
