/* draw — the frame of the screen: colours, header, pane borders, hints, size message.
 * The views (view_*.c) draw their panes' contents. */
#include <langinfo.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "ui.h"

enum { PAIR_RED = 1, PAIR_AMBER, PAIR_GREEN, PAIR_MAGENTA, PAIR_CYAN, PAIR_BLUE };

void draw_init_colors(tui_app *a)
{
	/* NO_COLOR (no-color.org): any non-empty value turns colour off. */
	const char *nc = getenv("NO_COLOR");
	a->color = has_colors() && !(nc && *nc);
	if (!a->color)
		return;
	start_color();
	/* The terminal's own background and foreground (-1), so light themes stay light. */
	use_default_colors();
	short amber = COLORS >= 256 ? 208 : COLOR_YELLOW;
	init_pair(PAIR_RED, COLOR_RED, -1);
	init_pair(PAIR_AMBER, amber, -1);
	init_pair(PAIR_GREEN, COLOR_GREEN, -1);
	init_pair(PAIR_MAGENTA, COLOR_MAGENTA, -1);
	init_pair(PAIR_CYAN, COLOR_CYAN, -1);
	init_pair(PAIR_BLUE, COLOR_BLUE, -1);
}

attr_t draw_tone(const tui_app *a, tui_tone t)
{
	static const struct { short pair; attr_t color, mono; } tones[TONE_COUNT] = {
		[TONE_NORMAL] = {0, A_NORMAL, A_NORMAL},
		[TONE_OVERDUE] = {PAIR_RED, A_BOLD, A_BOLD},
		[TONE_SOON] = {PAIR_AMBER, A_NORMAL, A_UNDERLINE},
		[TONE_DONE] = {PAIR_GREEN, A_NORMAL, A_NORMAL},
		[TONE_BLOCKED] = {PAIR_MAGENTA, A_BOLD, A_UNDERLINE},
		[TONE_DIM] = {0, A_DIM, A_NORMAL},
		[TONE_TITLE] = {0, A_BOLD, A_BOLD},
		[TONE_FILTER] = {PAIR_CYAN, A_REVERSE | A_BOLD, A_REVERSE},
		[TONE_ERROR] = {PAIR_RED, A_BOLD | A_REVERSE, A_REVERSE},
		[TONE_MATCH] = {PAIR_BLUE, A_BOLD, A_BOLD},
	};
	if (!a->color)
		return tones[t].mono;
	return tones[t].color | (tones[t].pair ? COLOR_PAIR(tones[t].pair) : 0);
}

int draw_text(int y, int x, int w, const char *s, attr_t attr, bool pad)
{
	if (w <= 0)
		return 0;
	/* Control characters (tabs, newlines in published text) would move the cursor. */
	char buf[4096];
	size_t n = 0;
	for (const char *p = s ? s : ""; *p && n < sizeof buf - 1; p++)
		buf[n++] = (unsigned char)*p < 0x20 ? ' ' : *p;
	buf[n] = 0;
	int used = 0;
	size_t bytes = text_fit(buf, w, &used);
	attr_t old;
	short pair;
	attr_get(&old, &pair, NULL);
	attrset(attr);
	mvaddnstr(y, x, buf, (int)bytes);
	for (int i = used; pad && i < w; i++)
		mvaddch(y, x + i, ' ');
	attr_set(old, pair, NULL);
	return pad ? w : used;
}

void draw_message(tui_app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_error = error;
}

/* Box drawing: Unicode characters in a UTF-8 locale (what tmux and every modern terminal
 * show as-is, also with TERM=vt100), the terminal's alternate character set otherwise. */
enum { LINE_H, LINE_V, LINE_UL, LINE_UR, LINE_LL, LINE_LR, LINE_LT, LINE_RT };

static bool draw_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

static void draw_line_char(int y, int x, int which)
{
	static const char *const u[] = {"─", "│", "┌", "┐", "└", "┘", "├", "┤"};
	if (draw_utf8()) {
		mvaddstr(y, x, u[which]);
		return;
	}
	const chtype acs[] = {ACS_HLINE, ACS_VLINE, ACS_ULCORNER, ACS_URCORNER,
			      ACS_LLCORNER, ACS_LRCORNER, ACS_LTEE, ACS_RTEE};
	mvaddch(y, x, acs[which]);
}

static void draw_hline(int y, int x, int n)
{
	for (int i = 0; i < n; i++)
		draw_line_char(y, x + i, LINE_H);
}

static void draw_vline(int y, int x, int n)
{
	for (int i = 0; i < n; i++)
		draw_line_char(y + i, x, LINE_V);
}

/* A horizontal border with a title: ┌ Title ───┐ (or ├ … ┤ between panes). */
static void draw_border(tui_app *a, int y, int x, int w, int l, int r, const char *title,
			bool focused)
{
	draw_line_char(y, x, l);
	draw_hline(y, x + 1, w - 2);
	draw_line_char(y, x + w - 1, r);
	if (title && *title) {
		char t[512];
		snprintf(t, sizeof t, " %s ", title);
		attr_t at = focused ? draw_tone(a, TONE_TITLE) | A_REVERSE : draw_tone(a, TONE_TITLE);
		draw_text(y, x + 1, w - 3, t, at, false);
	}
}

void draw_layout(tui_app *a)
{
	int content = a->rows - 6; /* header, hints, 3 titles, bottom border */
	int lw = a->cols * 45 / 100;
	if (lw < 38)
		lw = 38;
	int n0 = a->b.npane[0] ? (int)a->b.npane[0] : 1;
	int n1 = a->b.npane[1] ? (int)a->b.npane[1] : 1;
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
	a->rect[PANE_UPPER] = (tui_rect){2, 1, h0, lw - 2};
	a->rect[PANE_LOWER] = (tui_rect){3 + h0, 1, h1, lw - 2};
	a->rect[PANE_OWNERS] = (tui_rect){4 + h0 + h1, 1, h2, lw - 2};
	a->rect[PANE_DETAIL] = (tui_rect){2, lw + 1, a->rows - 4, a->cols - lw - 2};
}

static void draw_frame(tui_app *a)
{
	char title[3][512];
	for (int p = 0; p < 3; p++)
		a->ops[p]->title(a, p, title[p], sizeof title[p]);
	tui_rect *r = a->rect;
	int lw = r[PANE_UPPER].w + 2;
	draw_border(a, 1, 0, lw, LINE_UL, LINE_UR, title[0], a->focus == PANE_UPPER);
	draw_border(a, r[PANE_LOWER].y - 1, 0, lw, LINE_LT, LINE_RT, title[1],
		    a->focus == PANE_LOWER);
	draw_border(a, r[PANE_OWNERS].y - 1, 0, lw, LINE_LT, LINE_RT, title[2],
		    a->focus == PANE_OWNERS);
	draw_border(a, a->rows - 2, 0, lw, LINE_LL, LINE_LR, NULL, false);
	for (int p = 0; p < 3; p++) {
		draw_vline(r[p].y, 0, r[p].h);
		draw_vline(r[p].y, lw - 1, r[p].h);
	}
	char dt[512];
	a->ops[PANE_DETAIL]->title(a, PANE_DETAIL, dt, sizeof dt);
	int rx = r[PANE_DETAIL].x - 1, rw = r[PANE_DETAIL].w + 2;
	draw_border(a, 1, rx, rw, LINE_UL, LINE_UR, dt, a->focus == PANE_DETAIL);
	draw_border(a, a->rows - 2, rx, rw, LINE_LL, LINE_LR, NULL, false);
	draw_vline(2, rx, r[PANE_DETAIL].h);
	draw_vline(2, rx + rw - 1, r[PANE_DETAIL].h);
}

static void draw_header(tui_app *a)
{
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	const board_cycle *c = board_cycle_current(&a->b);
	char when[32] = "", today[DATE_ISO_LEN], head[1024], filt[600] = "", flt[512];
	date_t d;
	if (c && c->inspection_start && date_parse_iso(c->inspection_start, &d))
		snprintf(when, sizeof when, "%s %d", months[d.m - 1], d.y);
	else if (c)
		snprintf(when, sizeof when, "%s", c->cycle);
	date_format_iso(a->cfg->today, today);
	const char *est = c ? c->establishment_name : "no plans", *scheme = c ? c->scheme : "-";
	const char *user = a->cfg->user ? a->cfg->user : "?";
	const char *ro = store_readonly(a->cfg->st) ? " (read-only)" : "";
	snprintf(head, sizeof head, " actionboard · %s · inspection %s (%s) · today %s · %s%s", est,
		 when, scheme, today, user, ro);
	/* On a narrow screen drop the words, not the facts (the user and the date). */
	if (text_width(head) > a->cols)
		snprintf(head, sizeof head, " %s · %s %s · %s · %s%s", est, when,
			 !strcmp(scheme, "recommendations") ? "recs" : scheme, today, user, ro);
	board_filter_describe(&a->b, flt, sizeof flt);
	if (*flt)
		snprintf(filt, sizeof filt, " FILTER %s · x clears ", flt);
	int fw = text_width(filt);
	if (fw > a->cols / 2 + 10)
		fw = a->cols / 2 + 10;
	draw_text(0, 0, a->cols - fw, head, draw_tone(a, TONE_TITLE), true);
	if (*filt)
		draw_text(0, a->cols - fw, fw, filt, draw_tone(a, TONE_FILTER), true);
}

static void draw_hints(tui_app *a)
{
	if (a->msg[0]) {
		draw_text(a->rows - 1, 0, a->cols, a->msg,
			  draw_tone(a, a->msg_error ? TONE_ERROR : TONE_TITLE), true);
		return;
	}
	char line[1024];
	if (a->b.search[0])
		snprintf(line, sizeof line, " /%s: %zu match%s · n/N next/prev ·%s", a->b.search,
			 a->b.nmatches, a->b.nmatches == 1 ? "" : "es", keys_hints(a));
	else
		snprintf(line, sizeof line, "%s", keys_hints(a));
	draw_text(a->rows - 1, 0, a->cols, line, A_NORMAL, true);
}

static void draw_too_small(tui_app *a)
{
	char l1[128], l2[128];
	snprintf(l1, sizeof l1, "Window too small: %dx%d", a->cols, a->rows);
	snprintf(l2, sizeof l2, "Please enlarge it to at least %dx%d (q quits)", TUI_MIN_COLS,
		 TUI_MIN_ROWS);
	int y = a->rows / 2 - 1;
	for (int i = 0; i < 2; i++) {
		const char *s = i ? l2 : l1;
		int w = text_width(s), x = (a->cols - w) / 2;
		draw_text(y + i < 0 ? 0 : y + i, x < 0 ? 0 : x, a->cols, s,
			  draw_tone(a, TONE_TITLE), false);
	}
}

void draw_screen(tui_app *a)
{
	getmaxyx(stdscr, a->rows, a->cols);
	erase();
	if (a->cols < TUI_MIN_COLS || a->rows < TUI_MIN_ROWS) {
		draw_too_small(a);
		return;
	}
	draw_layout(a);
	for (int p = 0; p < PANE_COUNT; p++)
		a->ops[p]->follow(a, p);
	draw_header(a);
	draw_frame(a);
	for (int p = 0; p < PANE_COUNT; p++)
		a->ops[p]->draw(a, p);
	draw_hints(a);
}

tui_rect draw_box(tui_app *a, int h, int w, const char *title)
{
	if (w > a->cols - 2)
		w = a->cols - 2;
	if (h > a->rows - 2)
		h = a->rows - 2;
	int y = (a->rows - h) / 2, x = (a->cols - w) / 2;
	for (int i = 0; i < h; i++)
		draw_text(y + i, x, w, "", A_NORMAL, true);
	draw_border(a, y, x, w, LINE_UL, LINE_UR, title, true);
	draw_border(a, y + h - 1, x, w, LINE_LL, LINE_LR, NULL, false);
	draw_vline(y + 1, x, h - 2);
	draw_vline(y + 1, x + w - 1, h - 2);
	return (tui_rect){y + 1, x + 2, h - 2, w - 4};
}
