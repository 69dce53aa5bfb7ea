/* draw — see draw.h. */
#include "draw.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"

enum { PAIR_RED = 1, PAIR_AMBER, PAIR_GREEN, PAIR_MAGENTA, PAIR_CYAN, PAIR_BLUE };

static bool draw_color; /* a property of the one terminal, decided once */

void draw_init_colors(void)
{
	/* NO_COLOR (no-color.org): any non-empty value turns colour off. */
	const char *nc = getenv("NO_COLOR");
	draw_color = has_colors() && !(nc && *nc);
	if (!draw_color)
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

attr_t draw_tone(tui_tone t)
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
	if (!draw_color)
		return tones[t].mono;
	return tones[t].color | (tones[t].pair ? COLOR_PAIR(tones[t].pair) : 0);
}

int draw_text(int y, int x, int w, const char *s, attr_t attr, bool pad)
{
	if (w <= 0)
		return 0;
	/* Made safe (core/text.h): tabs and line breaks would move the cursor, and the rest
	 * of what a terminal obeys becomes the one-column mark, so widths stay right. */
	util_buf b = {0};
	/* A combining mark (or other zero-width character) first would join the cell before
	 * it, a border perhaps: it gets the dotted circle Unicode shows lone marks on. */
	uint32_t first = 0;
	if (s && *s)
		text_decode(s, &first);
	if (first && text_cp_shown(first) && text_cp_width(first) == 0)
		util_buf_add(&b, "\u25CC", sizeof "\u25CC" - 1);
	text_safe_add(&b, s ? s : "", 0);
	const char *safe = b.s ? b.s : "";
	int used = 0;
	size_t bytes = text_fit(safe, w, &used);
	attr_t old;
	short pair;
	attr_get(&old, &pair, NULL);
	attrset(attr);
	mvaddnstr(y, x, safe, (int)bytes);
	for (int i = used; pad && i < w; i++)
		mvaddch(y, x + i, ' ');
	attr_set(old, pair, NULL);
	util_buf_free(&b);
	return pad ? w : used;
}

int draw_wrapped_lines(int w, const char *s)
{
	int n = 0;
	size_t at = 0, next;
	while (w > 0 && (text_wrap(s + at, w, &next) || next)) {
		n++;
		at += next;
	}
	return n ? n : 1;
}

int draw_wrapped_up(int bottom, int x, int w, const char *s, attr_t attr, int most)
{
	int n = draw_wrapped_lines(w, s), skip = n > most ? n - most : 0, y = bottom - (n - skip) + 1;
	size_t at = 0, next;
	for (int i = 0; i < n; i++) {
		size_t end = text_wrap(s + at, w, &next);
		if (i >= skip) {
			size_t lead = strspn(s + at, " ");
			lead = lead < end ? lead : end;
			char *line = xstrndup(s + at + lead, end - lead);
			draw_text(y++, x, w, line, attr, true);
			free(line);
		}
		if (!next)
			break;
		at += next;
	}
	return n - skip;
}

/* Box drawing: Unicode characters in a UTF-8 locale (what tmux and every modern terminal
 * show as-is, also with TERM=vt100), the terminal's alternate character set otherwise. */
static bool draw_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

void draw_line_char(int y, int x, int which)
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

void draw_vline(int y, int x, int n)
{
	for (int i = 0; i < n; i++)
		draw_line_char(y + i, x, LINE_V);
}

void draw_border(int y, int x, int w, int l, int r, const char *title, bool focused)
{
	draw_line_char(y, x, l);
	for (int i = 1; i < w - 1; i++)
		draw_line_char(y, x + i, LINE_H);
	draw_line_char(y, x + w - 1, r);
	if (title && *title) {
		char t[512];
		snprintf(t, sizeof t, " %s ", title);
		attr_t at = draw_tone(TONE_TITLE) | (focused ? A_REVERSE : 0);
		draw_text(y, x + 1, w - 3, t, at, false);
	}
}

tui_rect draw_box(int h, int w, const char *title)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	if (w > cols - 2)
		w = cols - 2;
	if (h > rows - 2)
		h = rows - 2;
	int y = (rows - h) / 2, x = (cols - w) / 2;
	for (int i = 0; i < h; i++)
		draw_text(y + i, x, w, "", A_NORMAL, true);
	draw_border(y, x, w, LINE_UL, LINE_UR, title, true);
	draw_border(y + h - 1, x, w, LINE_LL, LINE_LR, NULL, false);
	draw_vline(y + 1, x, h - 2);
	draw_vline(y + 1, x + w - 1, h - 2);
	return (tui_rect){y + 1, x + 2, h - 2, w - 4};
}
