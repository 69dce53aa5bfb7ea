/* prompt — modal input: the key reader, a UTF-8 line editor on the bottom line, menus
 * (type-to-filter pickers) and read-only pages (help, history). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/text.h"
#include "ui.h"

enum { KEY_ESC = 27, CTRL_A = 1, CTRL_B = 2, CTRL_D = 4, CTRL_E = 5, CTRL_F = 6,
       CTRL_H = 8, CTRL_K = 11, CTRL_U = 21, CTRL_W = 23, KEY_DEL = 127 };

tui_key prompt_getkey(tui_app *a, int timeout_ms)
{
	(void)a;
	timeout(timeout_ms);
	wint_t ch;
	int r = get_wch(&ch);
	if (r == ERR)
		return (tui_key){true, -1};
	return (tui_key){r == KEY_CODE_YES, (int)ch};
}

static bool prompt_is(tui_key k, int ch)
{
	return !k.fn && k.code == ch;
}

static bool prompt_accept(tui_key k)
{
	return prompt_is(k, '\n') || prompt_is(k, '\r') || (k.fn && k.code == KEY_ENTER);
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
} prompt_edit;

static void prompt_delete(prompt_edit *e, size_t from, size_t to)
{
	memmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	if (e->cur > to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
}

static void prompt_insert(prompt_edit *e, const char *s, size_t n)
{
	if (e->len + n >= e->cap)
		return; /* full: refuse the character rather than truncate mid-text */
	memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur + 1);
	memcpy(e->buf + e->cur, s, n);
	e->len += n;
	e->cur += n;
}

/* Applies one editing key; returns true when the text changed. */
static bool prompt_edit_key(prompt_edit *e, tui_key k)
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
		if (c < 0x20 || c == KEY_DEL)
			return false;
		char u[4];
		prompt_insert(e, u, prompt_utf8((uint32_t)c, u));
		return true;
	}
}

/* The bottom line: label, then the text scrolled so that the cursor stays visible. */
static void prompt_draw_line(tui_app *a, const char *label, const prompt_edit *e)
{
	int y = a->rows - 1;
	int lw = draw_text(y, 0, a->cols, label, draw_tone(a, TONE_TITLE), false);
	int avail = a->cols - lw - 1;
	size_t start = 0;
	while (text_width_n(e->buf + start, e->cur - start) > avail - 1)
		start = prompt_next(e->buf, start);
	draw_text(y, lw, a->cols - lw, e->buf + start, A_NORMAL, true);
	move(y, lw + text_width_n(e->buf + start, e->cur - start));
}

bool prompt_line(tui_app *a, const char *label, char *buf, size_t cap,
		 void (*changed)(tui_app *a, const char *text))
{
	char *orig = strdup(buf);
	if (!orig)
		return false;
	prompt_edit e = {buf, cap, strlen(buf), strlen(buf)};
	bool ok = false;
	curs_set(1);
	for (;;) {
		draw_screen(a);
		if (a->cols >= TUI_MIN_COLS && a->rows >= TUI_MIN_ROWS)
			prompt_draw_line(a, label, &e);
		refresh();
		tui_key k = prompt_getkey(a, 500);
		if (tui_stop || prompt_is(k, KEY_ESC))
			break;
		if (k.fn && k.code == -1)
			continue;
		if (prompt_accept(k)) {
			ok = true;
			break;
		}
		if (prompt_edit_key(&e, k) && changed)
			changed(a, buf);
	}
	curs_set(0);
	if (!ok) {
		snprintf(buf, cap, "%s", orig);
		if (changed)
			changed(a, buf);
	}
	free(orig);
	return ok;
}

static void prompt_move(tui_key k, int *cur, int n, int page)
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

int prompt_menu(tui_app *a, const char *title, const char *const *choices, int n, int initial,
		bool filter)
{
	int *shown = calloc(n ? (size_t)n : 1, sizeof *shown);
	if (!shown)
		return -1;
	char text[128] = "";
	prompt_edit e = {text, sizeof text, 0, 0};
	int cur = 0, top = 0, result = -1, wmax = text_width(title) + 6;
	for (int i = 0; i < n; i++)
		if (text_width(choices[i]) + 6 > wmax)
			wmax = text_width(choices[i]) + 6;
	for (;;) {
		int nshown = 0;
		for (int i = 0; i < n; i++)
			if (prompt_matches(choices[i], text))
				shown[nshown++] = i;
		if (initial >= 0) { /* start on the current choice */
			for (int i = 0; i < nshown; i++)
				if (shown[i] == initial)
					cur = i;
			initial = -1;
		}
		prompt_move((tui_key){true, 0}, &cur, nshown, 1);
		draw_screen(a);
		int h = nshown + (filter ? 4 : 2);
		if (h < (filter ? 6 : 4))
			h = filter ? 6 : 4;
		tui_rect r = draw_box(a, h, wmax, title);
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
			draw_text(y0, r.x, r.w, "(no match)", draw_tone(a, TONE_DIM), true);
		refresh();
		tui_key k = prompt_getkey(a, 500);
		if (tui_stop || prompt_is(k, KEY_ESC))
			break;
		if (prompt_accept(k)) {
			if (nshown)
				result = shown[cur];
			break;
		}
		if (!filter && prompt_is(k, 'j'))
			k = (tui_key){true, KEY_DOWN};
		if (!filter && prompt_is(k, 'k'))
			k = (tui_key){true, KEY_UP};
		if (!filter && prompt_is(k, 'q'))
			break;
		prompt_move(k, &cur, nshown, rows);
		if (filter && prompt_edit_key(&e, k))
			cur = 0;
	}
	free(shown);
	return result;
}

void prompt_page(tui_app *a, const char *title, const char *const *lines, int n)
{
	int top = 0, wmax = text_width(title) + 6;
	for (int i = 0; i < n; i++)
		if (text_width(lines[i]) + 4 > wmax)
			wmax = text_width(lines[i]) + 4;
	for (;;) {
		draw_screen(a);
		tui_rect r = draw_box(a, n + 3, wmax, title);
		int rows = r.h - 1;
		if (top > n - rows)
			top = n - rows;
		if (top < 0)
			top = 0;
		for (int i = 0; i < rows && top + i < n; i++)
			draw_text(r.y + i, r.x, r.w, lines[top + i], A_NORMAL, true);
		draw_text(r.y + r.h - 1, r.x, r.w,
			  n > rows ? "↑↓ PgUp PgDn scroll · q or Esc closes" : "q or Esc closes",
			  draw_tone(a, TONE_DIM), true);
		refresh();
		tui_key k = prompt_getkey(a, 500);
		if (tui_stop || prompt_is(k, KEY_ESC) || prompt_is(k, 'q') || prompt_accept(k) ||
		    prompt_is(k, '?') || prompt_is(k, 'h'))
			break;
		if (prompt_is(k, 'j'))
			k = (tui_key){true, KEY_DOWN};
		if (prompt_is(k, 'k'))
			k = (tui_key){true, KEY_UP};
		int cur = top;
		if (k.fn && k.code == KEY_DOWN)
			cur = top + 1;
		else if (k.fn && k.code != -1)
			prompt_move(k, &cur, n, rows);
		top = cur;
	}
}
