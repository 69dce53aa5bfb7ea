/*
 * prompt — modal input over the dashboard: a UTF-8 line editor on the bottom line,
 * menus (type-to-filter pickers) and read-only pages (help, history).
 *
 * Contract: each call runs its own key loop (term_read) and returns when the user
 * answers, cancels, or term_done() turns true (then as a cancel). The screen behind is
 * painted by the caller's prompt_screen.paint, which must draw without refreshing and
 * return false when the screen is too small for the prompt; prompts never call up into
 * the dashboard otherwise. Strings are borrowed; nothing is left drawn on return (the
 * caller redraws).
 */
#ifndef AB_TUI_PROMPT_H
#define AB_TUI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "draw.h"
#include "term.h"

typedef struct prompt_screen {
	bool (*paint)(void *arg);
	void *arg;
} prompt_screen;

/* Line editing on the bottom line (the label on the line above when it would take more
 * than half the line; Alt-B/F move by words, a bracketed paste is taken whole as text,
 * its line breaks as spaces); `buf` holds the initial text and receives the result.
 * Returns true on Enter, false on Esc or when leaving (buf then holds the initial text
 * again). `changed` (may be NULL) runs with ps->arg after every edit, for incremental
 * search, and once more after a cancel. The text takes at most cap - 1 bytes and, when
 * max_chars is not 0, max_chars characters: a key or pasted character beyond that is not
 * taken, and the line above says so until something is deleted. Only characters core
 * accepts in a note are taken (action.h: no control or bidi characters; tab is). Keys
 * already waiting (a paste) are all taken before the screen is painted again. */
bool prompt_line(const prompt_screen *ps, const char *label, char *buf, size_t cap,
		 size_t max_chars, void (*changed)(void *arg, const char *text));

/* What a checked line does with its text as it is typed; any member may be NULL. */
typedef struct prompt_check {
	void (*changed)(void *arg, const char *text); /* as prompt_line's */
	/* Writes a hint about the text into hint (e.g. "→ Wed 31 Mar 2027", or what is wrong,
	 * shown beside the text); returns false when the text cannot be accepted. `enter`:
	 * the user pressed Enter (an empty text may then be refused with a reason). */
	bool (*hint)(void *arg, const char *text, bool enter, char *hint, size_t n);
	void *arg;
} prompt_check;
/* prompt_line with a check: the hint follows every edit; Enter on a refused text leaves
 * the prompt open with the reason beside the text until the next key. cap and max_chars
 * limit the text as prompt_line's do. */
bool prompt_line_checked(const prompt_screen *ps, const char *label, char *buf, size_t cap,
			 size_t max_chars, const prompt_check *check);
/* prompt_line_checked in a box of several lines at the bottom of the screen (notes and
 * reasons): `title` on its top border, the text word-wrapped and all of it in view up to
 * the box's size (then scrolled to the cursor), the keys and a count on its last line.
 * Up and Down move by line, Home/End and Ctrl-A/E to the line's ends, Ctrl-K/U cut to the
 * line's end or start, Ctrl-W and Alt-Backspace cut a word, Alt-B/F move by words; a paste
 * (bracketed) is taken whole with its line breaks, or refused whole when it does not fit. */
bool prompt_text(const prompt_screen *ps, const char *title, char *buf, size_t cap,
		 size_t max_chars, const prompt_check *check);
/* A yes/no question at the bottom, wrapped to be read whole with its keys "(y/n)" at the
 * end: true on y, false on n or Esc. */
bool prompt_confirm(const prompt_screen *ps, const char *question);

/* A menu of n choices; type-to-filter when `filter`. Returns the index or -1 (Esc). */
int prompt_menu(const prompt_screen *ps, const char *title, const char *const *choices, int n,
		int initial, bool filter);
/* A menu whose choice i is also picked at once by the key keys[i] (letters, no filter). */
int prompt_menu_keys(const prompt_screen *ps, const char *title, const char *const *choices,
		     int n, int initial, const char *keys);
/*
 * A page of n entries, each word-wrapped to the box (as wide as the widest entry, within
 * the screen), scrolled with j/k, arrows, PgUp/PgDn, Home/End. With `keys`, one entry is
 * selected (the arrows move it; it starts at *sel) and a key in `keys` returns that key with
 * *sel set to the entry; without, the arrows scroll lines. q, Esc, Enter close: returns 0.
 * `footer` (NULL: a default) names the keys on the box's last line.
 */
int prompt_entries(const prompt_screen *ps, const char *title, const char *const *entries,
		   int n, const char *keys, const char *footer, int *sel);
/* A read-only prompt_entries() page (help). */
void prompt_page(const prompt_screen *ps, const char *title, const char *const *lines, int n);

#endif
