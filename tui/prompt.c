/* prompt — see prompt.h. */
#include "prompt.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/text.h"

enum { KEY_ESC = 27, CTRL_A = 1, CTRL_B = 2, CTRL_D = 4, CTRL_E = 5, CTRL_F = 6,
       CTRL_H = 8, CTRL_K = 11, CTRL_U = 21, CTRL_W = 23, KEY_DEL = 127 };

/* A prompt waits for keys without redrawing; it wakes this often only so that term_read()
 * can notice a parent that went away. */
#define PROMPT_WAIT_MS 5000

/* Paints the screen behind the prompt; false when it is too small for the prompt. */
static bool prompt_paint(const prompt_screen *ps)
{
	return ps->paint(ps->arg);
}

static bool prompt_accept(term_key k)
{
	return term_is(k, '\n') || term_is(k, '\r') || (k.fn && k.code == KEY_ENTER);
}

static size_t prompt_utf8(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Character boundaries: UTF-8 continuation bytes are 10xxxxxx. */
static size_t prompt_prev(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[--i] & 0xc0) == 0x80)
		;
	return i;
}

static size_t prompt_next(const char *s, size_t i)
{
	if (!s[i])
		return i;
	while (s[++i] && ((unsigned char)s[i] & 0xc0) == 0x80)
		;
	return i;
}

typedef struct prompt_edit {
	char *buf;
	size_t cap, len, cur;
	size_t max_chars; /* 0: only the buffer's size limits the text */
	bool refused;     /* a character was not taken because the text is full */
} prompt_edit;

static void prompt_delete(prompt_edit *e, size_t from, size_t to)
{
	e->refused = false;
	memmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	if (e->cur > to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
}

static void prompt_insert(prompt_edit *e, const char *s, size_t n)
{
	/* Full: refuse the character rather than truncate mid-text, and say so (the line
	 * shows it until something is deleted), so that a long paste is never cut silently. */
	if (e->len + n >= e->cap || (e->max_chars && text_length(e->buf) >= e->max_chars)) {
		e->refused = true;
		return;
	}
	memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur + 1);
	memcpy(e->buf + e->cur, s, n);
	e->len += n;
	e->cur += n;
}

/* Applies one editing key; returns true when the text changed. */
static bool prompt_edit_key(prompt_edit *e, term_key k)
{
	int c = k.code;
	if (k.fn) {
		switch (c) {
		case KEY_LEFT: e->cur = prompt_prev(e->buf, e->cur); return false;
		case KEY_RIGHT: e->cur = prompt_next(e->buf, e->cur); return false;
		case KEY_HOME: e->cur = 0; return false;
		case KEY_END: e->cur = e->len; return false;
		case KEY_BACKSPACE: c = KEY_DEL; break;
		case KEY_DC: c = CTRL_D; break;
		default: return false;
		}
	}
	switch (c) {
	case CTRL_A: e->cur = 0; return false;
	case CTRL_E: e->cur = e->len; return false;
	case CTRL_B: e->cur = prompt_prev(e->buf, e->cur); return false;
	case CTRL_F: e->cur = prompt_next(e->buf, e->cur); return false;
	case KEY_DEL:
	case CTRL_H:
		if (!e->cur)
			return false;
		prompt_delete(e, prompt_prev(e->buf, e->cur), e->cur);
		return true;
	case CTRL_D:
		if (e->cur == e->len)
			return false;
		prompt_delete(e, e->cur, prompt_next(e->buf, e->cur));
		return true;
	case CTRL_U: prompt_delete(e, 0, e->cur); return true;
	case CTRL_K: prompt_delete(e, e->cur, e->len); return true;
	case CTRL_W: {
		size_t i = e->cur;
		while (i > 0 && e->buf[i - 1] == ' ')
			i--;
		while (i > 0 && e->buf[i - 1] != ' ')
			i--;
		prompt_delete(e, i, e->cur);
		return true;
	}
	default:
		/* Tab is text; other controls, bidi controls and what is not a character are not
		 * (core would refuse them: action.h). */
		if ((c != '\t' && !text_cp_shown((uint32_t)c)) || c > 0x10FFFF ||
		    (c >= 0xD800 && c <= 0xDFFF))
			return false;
		char u[4];
		prompt_insert(e, u, prompt_utf8((uint32_t)c, u));
		return true;
	}
}

/* The bottom line: label, then the text scrolled so that the cursor stays visible. */
static void prompt_draw_line(const char *label, const prompt_edit *e)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	int y = rows - 1;
	int lw = draw_text(y, 0, cols, label, draw_tone(TONE_TITLE), false);
	int avail = cols - lw - 1;
	/* Back from the cursor while the characters fit: the line's work stays the width of
	 * the screen, however long the text. */
	size_t start = e->cur;
	for (int used = 0; start > 0;) {
		size_t prev = prompt_prev(e->buf, start);
		used += text_width_n(e->buf + prev, start - prev);
		if (used > avail - 1)
			break;
		start = prev;
	}
	draw_text(y, lw, cols - lw, e->buf + start, A_NORMAL, true);
	if (e->refused) {
		char full[160];
		if (e->max_chars)
			snprintf(full, sizeof full, " Too long: at most %zu characters; the rest "
				 "was not taken ", e->max_chars);
		else
			snprintf(full, sizeof full, " Full: the rest was not taken ");
		draw_text(y - 1, 0, cols, full, draw_tone(TONE_ERROR), true);
	}
	move(y, lw + text_width_n(e->buf + start, e->cur - start));
}

bool prompt_line(const prompt_screen *ps, const char *label, char *buf, size_t cap,
		 size_t max_chars, void (*changed)(void *arg, const char *text))
{
	char *orig = strdup(buf);
	if (!orig)
		return false;
	prompt_edit e = {buf, cap, strlen(buf), strlen(buf), max_chars, false};
	bool ok = false, redraw = true;
	curs_set(1);
	term_key k = {true, TERM_TIMEOUT};
	for (;;) {
		/* Keys already waiting (a paste) are all taken before the screen is painted. */
		k = term_is_key(k) ? term_read(0) : (term_key){true, TERM_TIMEOUT};
		if (!term_is_key(k) && !term_done()) {
			if (redraw) {
				if (prompt_paint(ps))
					prompt_draw_line(label, &e);
				refresh();
			}
			k = term_read(PROMPT_WAIT_MS);
		}
		if (term_done() || term_is(k, KEY_ESC))
			break;
		if (!(redraw = term_is_key(k)))
			continue;
		if (prompt_accept(k)) {
			ok = true;
			break;
		}
		if (prompt_edit_key(&e, k) && changed)
			changed(ps->arg, buf);
	}
	curs_set(0);
	if (!ok) {
		snprintf(buf, cap, "%s", orig);
		if (changed)
			changed(ps->arg, buf);
	}
	free(orig);
	return ok;
}

static void prompt_move(term_key k, int *cur, int n, int page)
{
	if (k.fn) {
		switch (k.code) {
		case KEY_UP: (*cur)--; break;
		case KEY_DOWN: (*cur)++; break;
		case KEY_PPAGE: *cur -= page; break;
		case KEY_NPAGE: *cur += page; break;
		case KEY_HOME: *cur = 0; break;
		case KEY_END: *cur = n - 1; break;
		}
	}
	if (*cur >= n)
		*cur = n - 1;
	if (*cur < 0)
		*cur = 0;
}

/* Type-to-filter: every word typed must appear in the choice, in any order and case
 * ("E119 2022" finds "E119 · HMP Example 119 · 2022-06"). */
static bool prompt_matches(const char *choice, const char *typed)
{
	char word[256];
	for (const char *p = typed; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		if (!n)
			break;
		snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), p);
		if (!strcasestr(choice, word))
			return false;
		p += n;
	}
	return true;
}

/* The menu's choices that match the typed filter, into shown[]; returns their number. */
static int prompt_filter(const char *const *choices, int n, const char *text, int *shown)
{
	int nshown = 0;
	for (int i = 0; i < n; i++)
		if (prompt_matches(choices[i], text))
			shown[nshown++] = i;
	return nshown;
}

static int prompt_menu_width(const char *title, const char *const *choices, int n)
{
	int w = text_width(title) + 6;
	for (int i = 0; i < n; i++)
		if (text_width(choices[i]) + 6 > w)
			w = text_width(choices[i]) + 6;
	return w;
}

int prompt_menu(const prompt_screen *ps, const char *title, const char *const *choices, int n,
		int initial, bool filter)
{
	int *shown = calloc(n ? (size_t)n : 1, sizeof *shown);
	if (!shown)
		return -1;
	char text[128] = "";
	prompt_edit e = {text, sizeof text, 0, 0, 0, false};
	int cur = 0, top = 0, result = -1, wmax = prompt_menu_width(title, choices, n);
	int nshown = prompt_filter(choices, n, text, shown);
	for (int i = 0; i < nshown; i++) /* start on the current choice */
		if (shown[i] == initial)
			cur = i;
	for (;;) {
		prompt_move((term_key){true, 0}, &cur, nshown, 1);
		prompt_paint(ps);
		int h = nshown + (filter ? 4 : 2);
		if (h < (filter ? 6 : 4))
			h = filter ? 6 : 4;
		tui_rect r = draw_box(h, wmax, title);
		int y0 = r.y, rows = r.h;
		if (filter) {
			char line[160];
			snprintf(line, sizeof line, "Filter: %s", text);
			draw_text(r.y, r.x, r.w, line, A_NORMAL, true);
			y0 += 2;
			rows -= 2;
		}
		if (cur < top)
			top = cur;
		if (cur >= top + rows)
			top = cur - rows + 1;
		for (int i = 0; i < rows && top + i < nshown; i++)
			draw_text(y0 + i, r.x, r.w, choices[shown[top + i]],
				  top + i == cur ? A_REVERSE : A_NORMAL, true);
		if (!nshown)
			draw_text(y0, r.x, r.w, "(no match)", draw_tone(TONE_DIM), true);
		refresh();
		term_key k;
		do
			k = term_read(PROMPT_WAIT_MS);
		while (!term_is_key(k) && !term_done());
		if (term_done() || term_is(k, KEY_ESC))
			break;
		if (prompt_accept(k)) {
			if (nshown)
				result = shown[cur];
			break;
		}
		if (!filter && term_is(k, 'j'))
			k = (term_key){true, KEY_DOWN};
		if (!filter && term_is(k, 'k'))
			k = (term_key){true, KEY_UP};
		if (!filter && term_is(k, 'q'))
			break;
		prompt_move(k, &cur, nshown, rows);
		if (filter && prompt_edit_key(&e, k)) {
			cur = 0;
			nshown = prompt_filter(choices, n, text, shown);
		}
	}
	free(shown);
	return result;
}

void prompt_page(const prompt_screen *ps, const char *title, const char *const *lines, int n)
{
	int top = 0, wmax = text_width(title) + 6;
	for (int i = 0; i < n; i++)
		if (text_width(lines[i]) + 4 > wmax)
			wmax = text_width(lines[i]) + 4;
	for (;;) {
		prompt_paint(ps);
		tui_rect r = draw_box(n + 3, wmax, title);
		int rows = r.h - 1;
		if (top > n - rows)
			top = n - rows;
		if (top < 0)
			top = 0;
		for (int i = 0; i < rows && top + i < n; i++)
			draw_text(r.y + i, r.x, r.w, lines[top + i], A_NORMAL, true);
		draw_text(r.y + r.h - 1, r.x, r.w,
			  n > rows ? "↑↓ PgUp PgDn scroll · q or Esc closes" : "q or Esc closes",
			  draw_tone(TONE_DIM), true);
		refresh();
		term_key k;
		do
			k = term_read(PROMPT_WAIT_MS);
		while (!term_is_key(k) && !term_done());
		if (term_done() || term_is(k, KEY_ESC) || term_is(k, 'q') || prompt_accept(k) ||
		    term_is(k, '?') || term_is(k, 'h'))
			break;
		if (term_is(k, 'j'))
			k = (term_key){true, KEY_DOWN};
		if (term_is(k, 'k'))
			k = (term_key){true, KEY_UP};
		int cur = top;
		if (k.fn && k.code == KEY_DOWN)
			cur = top + 1;
		else if (k.fn)
			prompt_move(k, &cur, n, rows);
		top = cur;
	}
}
