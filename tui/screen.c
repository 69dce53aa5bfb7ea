/* screen — see screen.h. */
#include "screen.h"

#include <string.h>

#include "../core/text.h"

bool screen_too_small(void)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	return cols < SCREEN_MIN_COLS || rows < SCREEN_MIN_ROWS;
}

/* Left column: the two item panes sized to their items, the owners below; the detail
 * takes the right. Rects are the contents, inside the borders. */
static void screen_layout(const view_ctx *c, view v[PANE_COUNT], int rows, int cols)
{
	int content = rows - 6; /* header, hints, 3 titles, bottom border */
	int lw = cols * 45 / 100;
	if (lw < 38)
		lw = 38;
	int n0 = c->b->npane[0] ? (int)c->b->npane[0] : 1;
	int n1 = c->b->npane[1] ? (int)c->b->npane[1] : 1;
	int h0, h1, own_min = 3;
	if (n0 + n1 + own_min <= content) {
		h0 = n0;
		h1 = n1;
	} else {
		int avail = content - own_min;
		h0 = avail * n0 / (n0 + n1);
		h0 = h0 < 1 ? 1 : h0 > n0 ? n0 : h0;
		h1 = avail - h0;
	}
	int h2 = content - h0 - h1;
	v[PANE_UPPER].rect = (tui_rect){2, 1, h0, lw - 2};
	v[PANE_LOWER].rect = (tui_rect){3 + h0, 1, h1, lw - 2};
	v[PANE_OWNERS].rect = (tui_rect){4 + h0 + h1, 1, h2, lw - 2};
	v[PANE_DETAIL].rect = (tui_rect){2, lw + 1, rows - 4, cols - lw - 2};
}

static void screen_frame(const view_ctx *c, view v[PANE_COUNT], int rows)
{
	static const int top_piece[] = {LINE_UL, LINE_LT, LINE_LT};
	static const int end_piece[] = {LINE_UR, LINE_RT, LINE_RT};
	int lw = v[PANE_UPPER].rect.w + 2;
	char title[512];
	for (int p = 0; p < 3; p++) {
		v[p].ops->title(&v[p], title, sizeof title);
		draw_border(v[p].rect.y - 1, 0, lw, top_piece[p], end_piece[p], title,
			    c->focus == &v[p]);
		draw_vline(v[p].rect.y, 0, v[p].rect.h);
		draw_vline(v[p].rect.y, lw - 1, v[p].rect.h);
	}
	draw_border(rows - 2, 0, lw, LINE_LL, LINE_LR, NULL, false);
	const view *d = &v[PANE_DETAIL];
	d->ops->title(d, title, sizeof title);
	int rx = d->rect.x - 1, rw = d->rect.w + 2;
	draw_border(1, rx, rw, LINE_UL, LINE_UR, title, c->focus == d);
	draw_border(rows - 2, rx, rw, LINE_LL, LINE_LR, NULL, false);
	draw_vline(2, rx, rows - 4); /* the pane's whole height, its summary rows too */
	draw_vline(2, rx + rw - 1, rows - 4);
}

/* The plan's statutory clocks for a header: in full ("IRP 2023-03-29–2023-07-29: closed")
 * or compact ("IRP opens in 28 d", "IRP open, 40 d left", "IRP closed", "UN due in 9 d"). */
static void screen_clock(const statutory_clock *k, bool compact, util_buf *b)
{
	if (!compact) {
		statutory_describe(k, true, b);
		return;
	}
	if (k->irp_phase == STATUTORY_BEFORE)
		util_buf_printf(b, "IRP opens in %ld d", k->irp_days);
	else if (k->irp_phase == STATUTORY_OPEN)
		util_buf_printf(b, "IRP open, %ld d left", k->irp_days);
	else if (k->irp_phase == STATUTORY_CLOSED)
		util_buf_puts(b, "IRP closed");
	if (k->un_date[0]) {
		util_buf_puts(b, k->irp_phase != STATUTORY_NONE ? " · UN " : "UN ");
		if (k->un_days < 0)
			util_buf_puts(b, "passed");
		else
			util_buf_printf(b, "due in %ld d", k->un_days);
	}
}

/*
 * The header's left part, as long as `cols` allows: the facts (the plan, today, the user,
 * the statutory clock) stay and the words go first. From the most to the least said:
 *   actionboard · HMP Liverpool · inspection Jul 2022 (concerns) · today … · IRP 2023-…: closed
 *   HMP Liverpool · Jul 2022 concerns · 2026-11-23 · jsmith · IRP closed
 *   LIV · Jul 2022 concerns · 2026-11-23 · jsmith · IRP opens in 28 d
 *   LIV · Jul 2022 · 2026-11-23 · jsmith · IRP opens in 28 d
 */
static void screen_head_text(const view_ctx *c, int cols, char *head, size_t n)
{
	const board_cycle *cy = board_cycle_current(c->b);
	char when[32] = "", today[DATE_ISO_LEN];
	date_t d;
	if (cy && cy->inspection_start && date_parse_iso(cy->inspection_start, &d))
		snprintf(when, sizeof when, "%.3s %d", date_month_name(d.m), d.y);
	else if (cy)
		snprintf(when, sizeof when, "%s", cy->cycle);
	date_format_iso(c->cfg->today, today);
	const char *est = cy ? cy->establishment_name : "no plans", *scheme = cy ? cy->scheme : "-";
	const char *code = cy ? cy->establishment : "-";
	const char *user = c->cfg->user ? c->cfg->user : "?";
	const char *ro = store_readonly(c->cfg->st) ? " (read-only)" : "";
	const char *sch = !strcmp(scheme, "recommendations") ? "recs" : scheme;
	util_buf full = {0}, brief = {0};
	screen_clock(&c->b->clock, false, &full);
	screen_clock(&c->b->clock, true, &brief);
	const char *fc = full.len ? " · " : "", *bc = brief.len ? " · " : "";
	const char *fs = full.s ? full.s : "", *bs = brief.s ? brief.s : "";
	for (int level = 0; level < 4; level++) {
		if (level == 0)
			snprintf(head, n, " actionboard · %s · inspection %s (%s) · today %s · %s%s%s%s",
				 est, when, scheme, today, user, ro, fc, fs);
		else
			snprintf(head, n, " %s · %s%s%s · %s · %s%s%s%s", level == 1 ? est : code, when,
				 level < 3 ? " " : "", level < 3 ? sch : "", today, user, ro, bc, bs);
		if (text_width(head) <= cols)
			break;
	}
	util_buf_free(&full);
	util_buf_free(&brief);
}

/* The filter on the header's right, at `level` 0 to 3: from all its words to the filters'
 * compact forms alone; the scope, then the sort and "x clears" (the message and ? say
 * them) give way first. */
static void screen_filter_text(const view_ctx *c, int level, const char *sort, char *filt,
			       size_t n)
{
	char flt[512];
	board_filter_describe(c->b, level == 3, flt, sizeof flt);
	snprintf(filt, n, "%s FILTER %s%s%s%s ", level < 2 ? sort : "", flt,
		 level < 2 ? " · x clears" : "", level ? "" : " · ",
		 level ? "" : board_scope_name(BOARD_SCOPE_PLAN));
}

static void screen_header(const view_ctx *c, int cols)
{
	char head[1024], filt[600] = "", flt[512];
	board_filter_describe(c->b, false, flt, sizeof flt);
	char sort[64] = "";
	if (c->b->sort != QUERY_SORT_PLAN)
		snprintf(sort, sizeof sort, " SORTED by %s ·", board_sort_name(c->b->sort));
	/* the most compact facts on the left, to see how much the filter may keep */
	screen_head_text(c, 0, head, sizeof head);
	int least = text_width(head);
	for (int level = 0; *flt && level < 4; level++) {
		screen_filter_text(c, level, sort, filt, sizeof filt);
		if (least + text_width(filt) - 1 <= cols) /* its closing space may go */
			break;
	}
	if (!*flt) /* the sort, and which part of the estate is on screen */
		snprintf(filt, sizeof filt, "%s%s %s%s%s ", sort, *sort ? " O: next ·" : "",
			 board_scope_name(BOARD_SCOPE_PLAN),
			 c->b->scope != BOARD_SCOPE_PLAN ? " · owners of " : "",
			 c->b->scope != BOARD_SCOPE_PLAN ? board_scope_name(c->b->scope) : "");
	/* The right part gives way to the header's facts, down to a third of the line. */
	int fw = text_width(filt), most = cols - least;
	most = most > cols / 3 ? most : cols / 3;
	fw = fw < most ? fw : most;
	screen_head_text(c, cols - fw, head, sizeof head);
	/* Without a filter or a sort, the scope on the right is the first to go. */
	if (!*flt && c->b->sort == QUERY_SORT_PLAN && text_width(head) > cols - fw) {
		screen_head_text(c, cols, head, sizeof head);
		fw = text_width(head) + fw <= cols ? fw : 0;
	}
	draw_text(0, 0, cols - fw, head, draw_tone(TONE_TITLE), true);
	if (fw)
		draw_text(0, cols - fw, fw, filt, draw_tone(*flt ? TONE_FILTER : TONE_DIM), true);
}

/* The message if there is one; otherwise the search's state and the keymap's hints. */
static void screen_bottom(const view_ctx *c, int rows, int cols)
{
	if (c->msg[0]) { /* read whole: wrapped, up over the bottom border when need be */
		draw_wrapped_up(rows - 1, 0, cols, c->msg,
				draw_tone(c->msg_error ? TONE_ERROR : TONE_TITLE), rows / 3);
		return;
	}
	char line[1024] = "";
	const board *b = c->b;
	bool plan = !c->focus || c->focus->ops->hints <= KEYMAP_DETAIL; /* the plan's panes */
	if (b->search[0] && plan) {
		snprintf(line, sizeof line, " /%s: %zu match%s", b->search, b->nmatches,
			 b->nmatches == 1 ? "" : "es");
		keymap_hints(KEYMAP_SEARCH, cols, line, sizeof line);
	}
	if (c->focus)
		keymap_hints(c->focus->ops->hints, cols, line, sizeof line);
	draw_text(rows - 1, 0, cols, line, A_NORMAL, true);
}

static void screen_too_small_notice(int rows, int cols)
{
	char l1[128], l2[128];
	snprintf(l1, sizeof l1, "Window too small: %dx%d", cols, rows);
	snprintf(l2, sizeof l2, "Please enlarge it to at least %dx%d (q quits)", SCREEN_MIN_COLS,
		 SCREEN_MIN_ROWS);
	int y = rows / 2 - 1;
	for (int i = 0; i < 2; i++) {
		const char *s = i ? l2 : l1;
		int w = text_width(s), x = (cols - w) / 2;
		draw_text(y + i < 0 ? 0 : y + i, x < 0 ? 0 : x, cols, s, draw_tone(TONE_TITLE), false);
	}
}

/* The header of a whole-screen view: its scope on the left, the tag on the right. Words
 * go before facts: "actionboard" and "today", then the tag gives way down to a third. */
static void screen_header_one(const view_ctx *c, int cols, const char *scope, const char *tag)
{
	char head[1024], today[DATE_ISO_LEN], right[600] = "";
	date_format_iso(c->cfg->today, today);
	const char *ro = store_readonly(c->cfg->st) ? " (read-only)" : "";
	const char *user = c->cfg->user ? c->cfg->user : "?";
	if (tag)
		snprintf(right, sizeof right, " %s ", tag);
	snprintf(head, sizeof head, " %s · %s · %s%s", scope, today, user, ro);
	int fw = text_width(right), most = cols - text_width(head);
	most = most > cols / 3 ? most : cols / 3;
	fw = fw < most ? fw : most;
	char full[1024];
	snprintf(full, sizeof full, " actionboard · %s · today %s · %s%s", scope, today, user, ro);
	if (text_width(full) <= cols - fw)
		snprintf(head, sizeof head, "%s", full);
	draw_text(0, 0, cols - fw, head, draw_tone(TONE_TITLE), true);
	if (*right)
		draw_text(0, cols - fw, fw, right, draw_tone(TONE_FILTER), true);
}

bool screen_draw_one(const view_ctx *c, view *v, const char *scope, const char *tag)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	if (!c->over_last) /* else every line that may change is drawn whole below */
		erase();
	if (screen_too_small()) {
		screen_too_small_notice(rows, cols);
		return false;
	}
	v->rect = (tui_rect){2, 1, rows - 4, cols - 2};
	v->ops->follow(v);
	screen_header_one(c, cols, scope, tag);
	char title[512];
	v->ops->title(v, title, sizeof title);
	draw_border(1, 0, cols, LINE_UL, LINE_UR, title, true);
	if (!c->over_last) {
		draw_vline(2, 0, v->rect.h);
		draw_vline(2, cols - 1, v->rect.h);
		draw_border(rows - 2, 0, cols, LINE_LL, LINE_LR, NULL, false);
	}
	v->ops->draw(v);
	screen_bottom(c, rows, cols);
	return true;
}

bool screen_draw(const view_ctx *c, view v[PANE_COUNT])
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	erase();
	if (screen_too_small()) {
		screen_too_small_notice(rows, cols);
		return false;
	}
	screen_layout(c, v, rows, cols);
	for (int p = 0; p < PANE_COUNT; p++)
		v[p].ops->follow(&v[p]);
	screen_header(c, cols);
	screen_frame(c, v, rows);
	for (int p = 0; p < PANE_COUNT; p++)
		v[p].ops->draw(&v[p]);
	screen_bottom(c, rows, cols);
	return true;
}

bool screen_draw_full(const view_ctx *c, view *v)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	erase();
	if (screen_too_small()) {
		screen_too_small_notice(rows, cols);
		return false;
	}
	v->rect = (tui_rect){2, 1, rows - 4, cols - 2};
	v->ops->follow(v);
	screen_header(c, cols);
	char title[512];
	v->ops->title(v, title, sizeof title);
	draw_border(1, 0, cols, LINE_UL, LINE_UR, title, c->focus == v);
	draw_vline(2, 0, v->rect.h);
	draw_vline(2, cols - 1, v->rect.h);
	draw_border(rows - 2, 0, cols, LINE_LL, LINE_LR, NULL, false);
	v->ops->draw(v);
	screen_bottom(c, rows, cols);
	return true;
}
