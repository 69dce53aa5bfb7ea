/*
 * draw — the drawing primitives on stdscr: what a piece of text means (tones: colour, or
 * attributes without colour), text fitted to a width, box-drawing lines and framed boxes.
 *
 * Contract: curses is running (term_start); draw_init_colors() runs once after it.
 * Strings are borrowed. Nothing here refreshes the screen, and nothing here knows of
 * views or data: a bottom layer that the views, prompts and the screen all use.
 */
#ifndef AB_TUI_DRAW_H
#define AB_TUI_DRAW_H

#include <curses.h>
#include <stdbool.h>

/* What a piece of text means; draw_tone() turns it into colour or, without colour, into
 * attributes (the words themselves always say it too, so NO_COLOR loses nothing). */
typedef enum {
	TONE_NORMAL, TONE_OVERDUE, TONE_SOON, TONE_DONE, TONE_BLOCKED, TONE_DIM,
	TONE_TITLE, TONE_FILTER, TONE_ERROR, TONE_MATCH, TONE_COUNT
} tui_tone;

typedef struct tui_rect {
	int y, x, h, w;
} tui_rect;

/* Box-drawing pieces for draw_line_char() and draw_border(). */
enum { LINE_H, LINE_V, LINE_UL, LINE_UR, LINE_LL, LINE_LR, LINE_LT, LINE_RT };

/* Colour unless the terminal has none or NO_COLOR is set. */
void draw_init_colors(void);
attr_t draw_tone(tui_tone t);
/* Writes s fitted to w columns at (y, x), made safe by core/text.h (tabs and line breaks
 * as spaces, what a terminal could obey as TEXT_MARK), padding with spaces when `pad`;
 * returns the columns used (w when padding). Every text on the screen goes through it. */
int draw_text(int y, int x, int w, const char *s, attr_t attr, bool pad);
/* s word-wrapped to w columns from column x, its last line on row `bottom`, in at most
 * `most` lines (the last ones, when more are needed); each line padded to w. Returns the
 * number of lines drawn. For what must be read whole: a question and its keys, an error. */
int draw_wrapped_up(int bottom, int x, int w, const char *s, attr_t attr, int most);
/* How many lines draw_wrapped_up would take. */
int draw_wrapped_lines(int w, const char *s);
void draw_line_char(int y, int x, int which);
void draw_vline(int y, int x, int n);
/* A horizontal border from piece l to piece r, w wide, with an optional title (shown
 * reversed when `focused`): ┌ Title ───┐ or ├ … ┤. */
void draw_border(int y, int x, int w, int l, int r, const char *title, bool focused);
/* A centred framed box, cleared; returns its inner rect. */
tui_rect draw_box(int h, int w, const char *title);

#endif
