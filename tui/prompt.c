/* prompt — see prompt.h. */
#include "prompt.h"

#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "keymap.h"
#include "narrow.h"

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
	bool refused;     /* a character or a paste was not taken because the text is full */
	bool lines;       /* a box of several lines: a paste keeps its line breaks */
	int width;        /* the box's text width (lines only): Up and Down move by it */
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
	/* Full: refuse the text rather than cut it, and say so (the prompt shows it until
	 * something is deleted), so that nothing typed or pasted is ever lost silently. */
	if (e->len + n >= e->cap ||
	    (e->max_chars && text_length(e->buf) + text_length_n(s, n) > e->max_chars)) {
		e->refused = true;
		return;
	}
	memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur + 1);
	memcpy(e->buf + e->cur, s, n);
	e->len += n;
	e->cur += n;
}

/* A paste goes in whole or not at all; in a one-line prompt its line breaks become spaces. */
static void prompt_paste(prompt_edit *e, const char *text)
{
	char *t = xstrdup(text);
	for (char *p = t; !e->lines && *p; p++)
		if (*p == '\n')
			*p = ' ';
	prompt_insert(e, t, strlen(t));
	free(t);
}

static bool prompt_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t';
}

/* Word motions (Alt-B, Alt-F, Ctrl-W): over spaces, then over the word. */
static size_t prompt_word_left(const char *s, size_t i)
{
	while (i > 0 && prompt_space(s[i - 1]))
		i--;
	while (i > 0 && !prompt_space(s[i - 1]))
		i--;
	return i;
}

static size_t prompt_word_right(const char *s, size_t i)
{
	while (s[i] && prompt_space(s[i]))
		i++;
	while (s[i] && !prompt_space(s[i]))
		i++;
	return i;
}

/* The logical line around i: [*from, *to) without its line break. */
static void prompt_logical_line(const prompt_edit *e, size_t i, size_t *from, size_t *to)
{
	size_t a = i, b = i;
	while (a > 0 && e->buf[a - 1] != '\n')
		a--;
	while (b < e->len && e->buf[b] != '\n')
		b++;
	*from = a;
	*to = b;
}

static size_t prompt_vertical(const prompt_edit *e, int dir);
static void prompt_visual_line(const prompt_edit *e, size_t *from, size_t *to);

/* Applies one editing key (its request in the key table, keymap.c); returns true when
 * the text changed. A key the table does not bind is a character, taken as text. */
static bool prompt_edit_key(prompt_edit *e, term_key k)
{
	size_t from, to, before = e->len;
	switch (keymap_edit_request(k)) {
	case REQ_EDIT_LEFT: e->cur = prompt_prev(e->buf, e->cur); return false;
	case REQ_EDIT_RIGHT: e->cur = prompt_next(e->buf, e->cur); return false;
	case REQ_EDIT_UP:
	case REQ_EDIT_DOWN:
		if (e->lines)
			e->cur = prompt_vertical(e, keymap_edit_request(k) == REQ_EDIT_UP ? -1 : 1);
		return false;
	case REQ_EDIT_HOME:
	case REQ_EDIT_END:
		if (!e->lines) {
			e->cur = keymap_edit_request(k) == REQ_EDIT_HOME ? 0 : e->len;
			return false;
		}
		prompt_visual_line(e, &from, &to);
		e->cur = keymap_edit_request(k) == REQ_EDIT_HOME ? from : to;
		return false;
	case REQ_EDIT_WORD_LEFT: e->cur = prompt_word_left(e->buf, e->cur); return false;
	case REQ_EDIT_WORD_RIGHT: e->cur = prompt_word_right(e->buf, e->cur); return false;
	case REQ_EDIT_KILL_NEXT_WORD:
		prompt_delete(e, e->cur, prompt_word_right(e->buf, e->cur));
		return true;
	case REQ_EDIT_DEL_BACK:
		if (!e->cur)
			return false;
		prompt_delete(e, prompt_prev(e->buf, e->cur), e->cur);
		return true;
	case REQ_EDIT_DEL:
		if (e->cur == e->len)
			return false;
		prompt_delete(e, e->cur, prompt_next(e->buf, e->cur));
		return true;
	case REQ_EDIT_KILL_START: /* to the start of the line, as in a shell */
		prompt_logical_line(e, e->cur, &from, &to);
		prompt_delete(e, from, e->cur);
		return true;
	case REQ_EDIT_KILL_END:
		prompt_logical_line(e, e->cur, &from, &to);
		prompt_delete(e, e->cur, to);
		return true;
	case REQ_EDIT_KILL_WORD:
		prompt_delete(e, prompt_word_left(e->buf, e->cur), e->cur);
		return true;
	case REQ_EDIT_PASTE:
		prompt_paste(e, term_paste());
		return e->len != before;
	default:
		break;
	}
	/* Tab is text; other controls, bidi controls and what is not a character are not
	 * (core would refuse them: action.h). */
	int c = k.code;
	if (k.fn || (c != '\t' && !text_cp_shown((uint32_t)c)) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return false;
	char u[4];
	prompt_insert(e, u, text_encode((uint32_t)c, u));
	return true;
}

/*
 * The next key for an editor: Esc followed at once by b, f, d or Backspace is Alt and the
 * key (what terminals send for Alt-B, Alt-F, Alt-D, Alt-Backspace); any other Esc is Esc. Keys
 * already waiting come first; with none, waits (redrawing first is the caller's).
 */
static term_key prompt_read(int timeout_ms)
{
	term_key k = term_read(timeout_ms);
	if (!term_is(k, KEY_ESC))
		return k;
	term_key n = term_read(0);
	if (!term_is_key(n) || term_done())
		return k;
	if (term_is(n, 'b') || term_is(n, 'f') || term_is(n, 'd'))
		return (term_key){false, KEYMAP_ALT(n.code)};
	if (term_is(n, KEY_DEL) || term_is(n, CTRL_H) || (n.fn && n.code == KEY_BACKSPACE))
		return (term_key){false, KEYMAP_ALT(KEY_DEL)};
	/* Esc and then another key: the Esc, and the key is read next (by the dashboard once
	 * the Esc has closed the prompt). A paste is never put back: it was text. */
	if (n.fn && n.code >= 0)
		ungetch(n.code);
	else if (!n.fn)
		unget_wch((wchar_t)n.code);
	return k;
}

/* The columns s takes, counted no further than `most`: the work stays the width of the
 * screen, however long the text. */
static int prompt_width_upto(const char *s, int most)
{
	int w = 0;
	for (size_t i = 0, next; s[i] && w < most; i = next) {
		next = prompt_next(s, i);
		w += text_width_n(s + i, next - i);
	}
	return w < most ? w : most;
}

/* What a full text says, for the line above the text. */
static void prompt_full_words(const prompt_edit *e, char *buf, size_t n)
{
	if (e->max_chars)
		snprintf(buf, n, " Too long: at most %zu characters; the rest was not taken ",
			 e->max_chars);
	else
		snprintf(buf, n, " Full: the rest was not taken ");
}

/*
 * The bottom of the screen for a one-line prompt: the label, then the text scrolled so
 * that the cursor stays visible, then the check's hint (a parsed value or what is wrong).
 * The text keeps at least half the line: a longer label goes on the line above it, and a
 * hint that does not fit beside the text goes, wrapped, above the text as well.
 */
static void prompt_draw_line(const char *label, const prompt_edit *e, const char *hint,
			     bool hint_error)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	int y = rows - 1, above = y;
	int lwant = text_width(label);
	bool own_line = lwant > cols / 2;
	int lw = own_line ? 2 : lwant;
	int tw_all = prompt_width_upto(e->buf, cols) + 1;
	int hw = hint && *hint ? text_width(hint) + 2 : 0;
	bool hint_beside = hw && lw + tw_all + hw <= cols;
	attr_t htone = draw_tone(hint_error ? TONE_ERROR : TONE_DIM);
	if (hw && !hint_beside)
		above -= draw_wrapped_up(above - 1, 0, cols, hint, htone, rows / 3);
	if (own_line)
		above -= draw_wrapped_up(above - 1, 0, cols, label, draw_tone(TONE_TITLE), 3);
	if (e->refused) {
		char full[160];
		prompt_full_words(e, full, sizeof full);
		draw_text(above - 1, 0, cols, full, draw_tone(TONE_ERROR), true);
	}
	draw_text(y, 0, cols, own_line ? "›" : label, draw_tone(TONE_TITLE), true);
	int avail = cols - lw - (hint_beside ? hw : 0);
	/* Back from the cursor while the characters fit. */
	size_t start = e->cur;
	for (int used = 0; start > 0;) {
		size_t prev = prompt_prev(e->buf, start);
		used += text_width_n(e->buf + prev, start - prev);
		if (used > avail - 1)
			break;
		start = prev;
	}
	int tw = draw_text(y, lw, avail, e->buf + start, A_NORMAL, false);
	if (hint_beside)
		draw_text(y, lw + tw + 2, hw - 2, hint, htone, false);
	move(y, lw + text_width_n(e->buf + start, e->cur - start));
}

/* ---- the box of several lines ------------------------------------------------------------ */

/* Where the visual line after the one starting at `from` starts (e->width columns, broken
 * after the last space that fits, or inside a word longer than the line, or after a line
 * break); e->len when this is the last. */
static size_t prompt_line_end(const prompt_edit *e, size_t from, bool *hard)
{
	int w = 0;
	size_t i = from, brk = 0;
	*hard = false;
	while (i < e->len) {
		if (e->buf[i] == '\n') {
			*hard = true;
			return i + 1;
		}
		uint32_t cp;
		size_t n = (size_t)text_decode(e->buf + i, &cp);
		int cw = text_cp_width(cp);
		if (w + cw > e->width && cp != ' ')
			return brk > from ? brk : i > from ? i : i + n;
		w += cw;
		i += n;
		if (cp == ' ')
			brk = i;
	}
	return e->len;
}

/* The visual lines' starts, into starts[] (at most `most`); returns their number. A text
 * ending in a line break, or filling its last line, ends in an empty line for the cursor. */
static int prompt_box_lines(const prompt_edit *e, size_t *starts, int most)
{
	int n = 0;
	size_t at = 0;
	for (;;) {
		if (n < most)
			starts[n] = at;
		n++;
		bool hard;
		size_t end = prompt_line_end(e, at, &hard);
		if (end >= e->len && !hard) {
			if (text_width_n(e->buf + at, end - at) < e->width || at == end)
				return n;
			if (n < most)
				starts[n] = end;
			return n + 1;
		}
		at = end;
	}
}

/* The line holding the cursor, among n lines starting at starts[]. */
static int prompt_box_row(const prompt_edit *e, const size_t *starts, int n)
{
	int r = 0;
	while (r + 1 < n && starts[r + 1] <= e->cur)
		r++;
	return r;
}

/* The visual line of the cursor, [*from, *to) without its line break or last space. */
static void prompt_visual_line(const prompt_edit *e, size_t *from, size_t *to)
{
	size_t starts[1024];
	int n = prompt_box_lines(e, starts, 1024), r = prompt_box_row(e, starts, n < 1024 ? n : 1024);
	*from = starts[r];
	*to = r + 1 < n && r + 1 < 1024 ? starts[r + 1] : e->len;
	if (*to > *from && (e->buf[*to - 1] == '\n' || (*to < e->len && e->buf[*to - 1] == ' ')))
		(*to)--;
}

/* The cursor one visual line up (dir -1) or down (1), at the same column or the line's end. */
static size_t prompt_vertical(const prompt_edit *e, int dir)
{
	size_t starts[1024];
	int n = prompt_box_lines(e, starts, 1024);
	n = n < 1024 ? n : 1024;
	int r = prompt_box_row(e, starts, n), t = r + dir;
	if (t < 0)
		return 0;
	if (t >= n)
		return e->len;
	int col = text_width_n(e->buf + starts[r], e->cur - starts[r]);
	size_t end = t + 1 < n ? starts[t + 1] : e->len, i = starts[t];
	for (int w = 0; i < end && e->buf[i] != '\n';) {
		uint32_t cp;
		size_t len = (size_t)text_decode(e->buf + i, &cp);
		if (w + text_cp_width(cp) > col || (t + 1 < n && i + len == end && cp == ' '))
			break;
		w += text_cp_width(cp);
		i += len;
	}
	return i;
}

/* The box at the bottom of the screen: the title on its top border, the text wrapped in it,
 * scrolled to keep the cursor in view, and a last line with the keys, the count and what
 * the check says. */
static void prompt_draw_box(const char *title, prompt_edit *e, const char *hint,
			    bool hint_error)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	int h = rows / 3 > 4 ? rows / 3 : 4; /* text rows: a third of the screen, 8 at 80x24 */
	if (h > 12)
		h = 12;
	e->width = cols - 4;
	size_t starts[1024];
	int n = prompt_box_lines(e, starts, 1024);
	n = n < 1024 ? n : 1024;
	int r = prompt_box_row(e, starts, n), top = r >= h ? r - h + 1 : 0;
	/* The last line: what is wrong first, then the keys and the count, wrapped. */
	char full[160] = "";
	if (e->refused)
		prompt_full_words(e, full, sizeof full);
	util_buf foot = {0};
	util_buf_printf(&foot, "%s%s%sEnter saves · Esc cancels · %zu/%zu characters%s", full,
			hint && *hint ? hint : "", hint && *hint ? " · " : "", text_length(e->buf),
			e->max_chars, top + h < n ? " · more below ↓" : "");
	const char *fs = foot.s ? foot.s : "";
	int fl = draw_wrapped_lines(cols - 4, fs);
	if (h + fl + 2 > rows - 2)
		h = rows - 4 - fl > 1 ? rows - 4 - fl : 1;
	r = prompt_box_row(e, starts, n), top = r >= h ? r - h + 1 : 0;
	int y = rows - h - fl - 2;
	for (int i = y; i < rows; i++)
		draw_text(i, 0, cols, "", A_NORMAL, true);
	draw_border(y, 0, cols, LINE_UL, LINE_UR, title, true);
	draw_border(rows - 1, 0, cols, LINE_LL, LINE_LR, NULL, false);
	draw_vline(y + 1, 0, rows - y - 2);
	draw_vline(y + 1, cols - 1, rows - y - 2);
	for (int i = 0; i < h && top + i < n; i++) {
		size_t from = starts[top + i], to = top + i + 1 < n ? starts[top + i + 1] : e->len;
		char *line = xstrndup(e->buf + from, to - from);
		draw_text(y + 1 + i, 2, cols - 4, line, A_NORMAL, false);
		free(line);
	}
	draw_wrapped_up(y + h + fl, 2, cols - 4, fs,
			draw_tone(hint_error || e->refused ? TONE_ERROR : TONE_DIM), fl);
	util_buf_free(&foot);
	move(y + 1 + r - top, 2 + text_width_n(e->buf + starts[r], e->cur - starts[r]));
}

/* ---- the editing loop ------------------------------------------------------------------- */

static bool prompt_edit_run(const prompt_screen *ps, const char *label, char *buf, size_t cap,
			    size_t max_chars, const prompt_check *check, bool box)
{
	char *orig = xstrdup(buf);
	prompt_edit e = {buf, cap, strlen(buf), strlen(buf), max_chars, false, box, 60};
	bool ok = false, redraw = true, hint_error = false;
	char hint[256] = "";
	if (check && check->hint)
		hint_error = !check->hint(check->arg, buf, false, hint, sizeof hint);
	curs_set(1);
	term_key k = {true, TERM_TIMEOUT};
	for (;;) {
		/* Keys already waiting are all taken before the screen is painted. */
		k = term_is_key(k) ? prompt_read(0) : (term_key){true, TERM_TIMEOUT};
		if (!term_is_key(k) && !term_done()) {
			if (redraw) {
				if (prompt_paint(ps)) {
					if (box)
						prompt_draw_box(label, &e, hint, hint_error);
					else
						prompt_draw_line(label, &e, hint, hint_error);
				}
				refresh();
			}
			k = prompt_read(PROMPT_WAIT_MS);
		}
		if (term_done() || keymap_edit_request(k) == REQ_EDIT_CANCEL)
			break;
		if (!(redraw = term_is_key(k)))
			continue;
		if (keymap_edit_request(k) == REQ_EDIT_ACCEPT) {
			/* Enter on text the check refuses: the reason stays beside the text until
			 * the next key, and the prompt stays open. */
			if (check && check->hint && !check->hint(check->arg, buf, true, hint, sizeof hint)) {
				hint_error = true;
				continue;
			}
			ok = true;
			break;
		}
		if (prompt_edit_key(&e, k)) {
			if (check && check->changed)
				check->changed(check->arg, buf);
			if (check && check->hint)
				hint_error = !check->hint(check->arg, buf, false, hint, sizeof hint);
		}
	}
	curs_set(0);
	if (!ok) {
		snprintf(buf, cap, "%s", orig);
		if (check && check->changed)
			check->changed(check->arg, buf);
	}
	free(orig);
	return ok;
}

bool prompt_line_checked(const prompt_screen *ps, const char *label, char *buf, size_t cap,
			 size_t max_chars, const prompt_check *check)
{
	return prompt_edit_run(ps, label, buf, cap, max_chars, check, false);
}

bool prompt_text(const prompt_screen *ps, const char *title, char *buf, size_t cap,
		 size_t max_chars, const prompt_check *check)
{
	return prompt_edit_run(ps, title, buf, cap, max_chars, check, true);
}

bool prompt_line(const prompt_screen *ps, const char *label, char *buf, size_t cap,
		 size_t max_chars, void (*changed)(void *arg, const char *text))
{
	prompt_check check = {.changed = changed, .arg = ps->arg};
	return prompt_line_checked(ps, label, buf, cap, max_chars, &check);
}

bool prompt_confirm(const prompt_screen *ps, const char *question)
{
	util_buf q = {0};
	util_buf_printf(&q, "%s (y/n)", question);
	for (;;) {
		if (prompt_paint(ps)) {
			int rows, cols;
			getmaxyx(stdscr, rows, cols);
			draw_wrapped_up(rows - 1, 0, cols, q.s ? q.s : question, draw_tone(TONE_TITLE),
					rows / 2);
		}
		refresh();
		term_key k;
		do
			k = term_read(PROMPT_WAIT_MS);
		while (!term_is_key(k) && !term_done());
		if (term_done() || term_is(k, KEY_ESC) || term_is(k, 'n') || term_is(k, 'N')) {
			util_buf_free(&q);
			return false;
		}
		if (term_is(k, 'y') || term_is(k, 'Y')) {
			util_buf_free(&q);
			return true;
		}
	}
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

static int prompt_menu_width(const char *title, const char *const *choices, int n)
{
	int w = text_width(title) + 6;
	for (int i = 0; i < n; i++) /* a choice is never wider than its bytes: most are skipped */
		if (strlen(choices[i]) + 6 > (size_t)w && text_width(choices[i]) + 6 > w)
			w = text_width(choices[i]) + 6;
	return w;
}

/* A menu; `keys` (NULL: none; only without a filter): keys[i] picks choice i at once. */
static int prompt_menu_run(const prompt_screen *ps, const char *title,
			   const char *const *choices, int n, int initial, bool filter,
			   const char *keys)
{
	int *shown = xcalloc(n ? (size_t)n : 1, sizeof *shown);
	char text[128] = "";
	prompt_edit e = {text, sizeof text, 0, 0, 0, false, false, 0};
	int cur = 0, top = 0, result = -1, wmax = prompt_menu_width(title, choices, n);
	narrow *nw = narrow_new(choices, n);
	int nshown = narrow_filter(nw, text, shown);
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
		const char *hot = keys && !k.fn && k.code > ' ' && k.code < 0x7F
					  ? strchr(keys, k.code) : NULL;
		if (hot && hot - keys < n) {
			result = (int)(hot - keys);
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
			nshown = narrow_filter(nw, text, shown);
		}
	}
	narrow_free(nw);
	free(shown);
	return result;
}

int prompt_menu(const prompt_screen *ps, const char *title, const char *const *choices, int n,
		int initial, bool filter)
{
	return prompt_menu_run(ps, title, choices, n, initial, filter, NULL);
}

int prompt_menu_keys(const prompt_screen *ps, const char *title, const char *const *choices,
		     int n, int initial, const char *keys)
{
	return prompt_menu_run(ps, title, choices, n, initial, false, keys);
}

/* One screen line of a wrapped entry: entry e, bytes [from, from + len), drawn `indent`
 * columns in. */
typedef struct prompt_wline {
	int entry, indent;
	size_t from, len;
} prompt_wline;

/* Where an entry's continuation lines start: under its last column of text, the one after
 * the first line's last run of two or more spaces ("s   set the…", "#7  AT  USER  note…"),
 * when that is within the first three fifths of the width; else at the left. */
static int prompt_hang(const char *s, int width)
{
	int col = 0, hang = 0;
	int most = width * 3 / 5;
	for (const char *p = s; *p && col < most; p++) {
		if (p[0] == ' ' && p[1] == ' ') {
			while (*p == ' ')
				p++, col++;
			hang = col;
			p--;
			continue;
		}
		col += ((unsigned char)*p & 0xC0) != 0x80;
	}
	return hang < most ? hang : 0;
}

/* Wraps every entry to `width` columns into *out (malloc'd); returns the line count. An
 * empty entry is one empty line. */
static int prompt_wrap(const char *const *entries, int n, int width, prompt_wline **out)
{
	int cap = n + 16, count = 0;
	prompt_wline *l = xmalloc((size_t)cap * sizeof *l);
	for (int i = 0; i < n; i++) {
		const char *s = entries[i];
		int hang = prompt_hang(s, width), indent = 0;
		size_t at = 0, next;
		bool any = false;
		for (;;) {
			size_t end = text_wrap(s + at, width - indent, &next);
			if (!end && !next && any)
				break;
			if (count == cap)
				l = xrealloc(l, (size_t)(cap *= 2) * sizeof *l);
			size_t skip = any ? strspn(s + at, " ") : 0;
			skip = skip < end ? skip : end;
			l[count++] = (prompt_wline){i, indent, at + skip, end - skip};
			any = true;
			indent = hang;
			if (!next)
				break;
			at += next;
		}
	}
	*out = l;
	return count;
}

/* The first and one-past-last wrapped line of entry e. */
static void prompt_entry_lines(const prompt_wline *l, int nl, int e, int *first, int *end)
{
	*first = nl;
	*end = 0;
	for (int i = 0; i < nl; i++)
		if (l[i].entry == e) {
			if (*first == nl)
				*first = i;
			*end = i + 1;
		}
}

/* The box's width: the widest entry, within the screen. */
static int prompt_entries_width(const char *title, const char *const *entries, int n,
				const char *footer)
{
	int w = text_width(title) + 6;
	if (footer && text_width(footer) + 4 > w)
		w = text_width(footer) + 4;
	for (int i = 0; i < n; i++)
		if (text_width(entries[i]) + 4 > w)
			w = text_width(entries[i]) + 4;
	return w;
}

/* A page of entries on screen: its wrapped lines, the first shown, the selected entry. */
typedef struct prompt_pager {
	const char *const *entries;
	int n, nl, top, cur, page;
	const char *keys; /* NULL: nothing is selected, the arrows scroll lines */
	prompt_wline *l;
} prompt_pager;

/* Draws the box and the lines in view (the selected entry kept in view). */
static void prompt_pager_draw(prompt_pager *p, const char *title, int w, const char *footer)
{
	tui_rect r = draw_box(p->nl + 3, w, title);
	p->page = r.h - 1 > 1 ? r.h - 1 : 1;
	int first, end;
	prompt_entry_lines(p->l, p->nl, p->cur, &first, &end);
	if (p->keys) {
		if (end > p->top + p->page)
			p->top = end - p->page;
		if (first < p->top)
			p->top = first;
	}
	if (p->top > p->nl - p->page)
		p->top = p->nl - p->page;
	if (p->top < 0)
		p->top = 0;
	for (int i = 0; i < p->page && p->top + i < p->nl; i++) {
		const prompt_wline *x = &p->l[p->top + i];
		char line[2048];
		snprintf(line, sizeof line, "%.*s", (int)(x->len < sizeof line ? x->len : sizeof line - 1),
			 p->entries[x->entry] + x->from);
		attr_t at = p->keys && x->entry == p->cur ? A_REVERSE : A_NORMAL;
		draw_text(r.y + i, r.x, x->indent, "", at, true);
		draw_text(r.y + i, r.x + x->indent, r.w - x->indent, line, at, true);
	}
	const char *hint = footer ? footer
			   : p->nl > p->page ? "j/k ↑↓ PgUp PgDn g G scroll · q or Esc closes"
					     : "q or Esc closes";
	draw_text(r.y + r.h - 1, r.x, r.w, hint, draw_tone(TONE_DIM), true);
}

/* A moving key (an fn key, after j/k/g/G became arrows, Home and End): with a selection
 * the arrows move it by entry, else they scroll by line; pages scroll and carry it. */
static void prompt_pager_move(prompt_pager *p, int code)
{
	if (code == KEY_DOWN || code == KEY_UP) {
		int d = code == KEY_DOWN ? 1 : -1;
		if (!p->keys) {
			p->top += d;
			return;
		}
		p->cur += d;
		p->cur = p->cur < 0 ? 0 : p->cur >= p->n ? p->n - 1 : p->cur;
	} else if (code == KEY_NPAGE || code == KEY_PPAGE) {
		p->top += code == KEY_NPAGE ? p->page : -p->page;
		p->top = p->top > p->nl - p->page ? p->nl - p->page : p->top < 0 ? 0 : p->top;
		if (p->keys && p->nl)
			p->cur = code == KEY_NPAGE && p->top + p->page >= p->nl ? p->n - 1
										 : p->l[p->top].entry;
	} else if (code == KEY_HOME || code == KEY_END) {
		p->top = code == KEY_HOME ? 0 : p->nl;
		p->cur = code == KEY_HOME ? 0 : p->n - 1;
	}
}

int prompt_entries(const prompt_screen *ps, const char *title, const char *const *entries,
		   int n, const char *keys, const char *footer, int *sel)
{
	prompt_pager p = {entries, n, 0, 0, sel && *sel >= 0 && *sel < n ? *sel : 0, 1, keys, NULL};
	int wmax = prompt_entries_width(title, entries, n, footer), width = -1, result = 0;
	for (;;) {
		prompt_paint(ps);
		int cols = getmaxx(stdscr), w = wmax < cols - 2 ? wmax : cols - 2;
		if (w - 4 != width) { /* wrapped again only when the width changed (a resize) */
			free(p.l);
			width = w - 4 > 10 ? w - 4 : 10;
			p.nl = prompt_wrap(entries, n, width, &p.l);
		}
		prompt_pager_draw(&p, title, w, footer);
		refresh();
		term_key k;
		do
			k = term_read(PROMPT_WAIT_MS);
		while (!term_is_key(k) && !term_done());
		if (keys && !k.fn && k.code > ' ' && k.code < 0x7F && strchr(keys, k.code)) {
			result = k.code;
			break;
		}
		if (term_done() || term_is(k, KEY_ESC) || term_is(k, 'q') || prompt_accept(k) ||
		    term_is(k, '?') || term_is(k, 'h'))
			break;
		if (term_is(k, 'j') || term_is(k, 'k'))
			k = (term_key){true, term_is(k, 'j') ? KEY_DOWN : KEY_UP};
		if (term_is(k, 'g') || term_is(k, 'G'))
			k = (term_key){true, term_is(k, 'g') ? KEY_HOME : KEY_END};
		if (k.fn)
			prompt_pager_move(&p, k.code);
	}
	free(p.l);
	if (sel)
		*sel = p.cur;
	return result;
}

void prompt_page(const prompt_screen *ps, const char *title, const char *const *lines, int n)
{
	prompt_entries(ps, title, lines, n, NULL, NULL, NULL);
}
