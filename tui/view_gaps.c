/* view_gaps — see view_gaps.h. */
#include "view_gaps.h"

#include "../render/render.h"
#include "../core/key.h"

/* Each row: the item and where they differ; its finding; our side; the inspectors'. */
#define GAPS_ROW_LINES 4

static int gaps_count(const view *v)
{
	return (int)v->ctx->b->ngaps;
}

/* Rows that fit the rect (at least one). */
static int gaps_page(const view *v)
{
	int n = v->rect.h / GAPS_ROW_LINES;
	return n > 0 ? n : 1;
}

const board_gap *view_gaps_selected(const view *v)
{
	const board *b = v->ctx->b;
	return v->cursor >= 0 && (size_t)v->cursor < b->ngaps ? &b->gaps[v->cursor] : NULL;
}

static void gaps_title(const view *v, char *buf, size_t n)
{
	snprintf(buf, n, "Where our status and the inspectors' judgements disagree · %zu",
		 v->ctx->b->ngaps);
}

/* Keeps the cursor in range and its row on screen; `top` counts rows, not lines. */
static void gaps_follow(view *v)
{
	int n = gaps_count(v), page = gaps_page(v);
	view_list_move(v, n, 0);
	if (v->cursor < v->top)
		v->top = v->cursor;
	if (v->cursor >= v->top + page)
		v->top = v->cursor - page + 1;
	if (v->top > n - page)
		v->top = n - page;
	if (v->top < 0)
		v->top = 0;
}

/* "LABEL text" on line y, the text cut to the rect. */
static void gaps_line(const view *v, int y, const char *label, const char *text, attr_t attr)
{
	tui_rect r = v->rect;
	int x = r.x + draw_text(y, r.x, r.w, label, draw_tone(TONE_DIM), false);
	draw_text(y, x, r.x + r.w - x, text, attr, true);
}

static void gaps_draw_row(const view *v, const board_gap *g, int y, bool sel)
{
	tui_rect r = v->rect;
	char head[1024], key[512];
	key_format(key, sizeof key, g->establishment, g->cycle, g->ref);
	snprintf(head, sizeof head, "%s%s · %s", sel ? "▸" : " ", key, assess_gap_words(g->as.gap));
	attr_t base = sel && v->ctx->focus == v ? A_REVERSE : sel ? A_BOLD : A_NORMAL;
	draw_text(y, r.x, r.w, head, base | draw_tone(TONE_OVERDUE), true);
	gaps_line(v, y + 1, "   ", g->text, A_NORMAL);
	util_buf ours = {0}, theirs = {0};
	render_ours(&ours, &g->as);
	render_theirs(&theirs, &g->as);
	gaps_line(v, y + 2, "   Ours:  ", ours.s ? ours.s : "", A_NORMAL);
	gaps_line(v, y + 3, "   HMIP:  ", theirs.s ? theirs.s : "", A_NORMAL);
	util_buf_free(&ours);
	util_buf_free(&theirs);
}

static void gaps_draw(view *v)
{
	tui_rect r = v->rect;
	const board *b = v->ctx->b;
	if (!b->ngaps) {
		/* read whole: wrapped down from the top (draw_wrapped_up from its last line) */
		const char *none = " None: our status agrees with every judgement recorded so far "
				   "(J on an item records one).";
		int lines = draw_wrapped_lines(r.w, none);
		lines = lines < r.h ? lines : r.h;
		if (lines > 0)
			draw_wrapped_up(r.y + lines - 1, r.x, r.w, none, draw_tone(TONE_DIM), lines);
		return;
	}
	for (int i = 0; i < gaps_page(v) && (size_t)(v->top + i) < b->ngaps; i++)
		gaps_draw_row(v, &b->gaps[v->top + i], r.y + i * GAPS_ROW_LINES,
			      v->top + i == v->cursor);
}

static tui_request gaps_request(view *v, tui_request req)
{
	int n = gaps_count(v);
	int delta = req == REQ_PAGE_DOWN ? gaps_page(v) : req == REQ_PAGE_UP ? -gaps_page(v)
		  : view_list_delta(v, req, n);
	if (delta) {
		if (n)
			view_list_move(v, n, delta);
		return REQ_NONE;
	}
	switch (req) {
	case REQ_ENTER:
		return n ? REQ_OPEN_GAP : REQ_NONE;
	case REQ_BACK: case REQ_GAPS: case REQ_HELP: case REQ_REDRAW: case REQ_QUIT:
		return req;
	default:
		return REQ_NONE;
	}
}

static bool gaps_click(view *v, int line)
{
	return view_list_click(v, gaps_count(v), line / GAPS_ROW_LINES);
}

const view_ops view_gaps_ops = {
	.hints = KEYMAP_GAPS, .count = gaps_count, .title = gaps_title,
	.follow = gaps_follow, .draw = gaps_draw, .request = gaps_request,
	.click = gaps_click,
};
