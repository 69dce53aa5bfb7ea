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

/* Line editing on the bottom line; `buf` holds the initial text and receives the result.
 * Returns true on Enter, false on Esc or when leaving (buf then holds the initial text
 * again). `changed` (may be NULL) runs with ps->arg after every edit, for incremental
 * search, and once more after a cancel. The text takes at most cap - 1 bytes and, when
 * max_chars is not 0, max_chars characters: a key or pasted character beyond that is not
 * taken, and the line above says so until something is deleted. Only characters core
 * accepts in a note are taken (action.h: no control or bidi characters; tab is). */
bool prompt_line(const prompt_screen *ps, const char *label, char *buf, size_t cap,
		 size_t max_chars, void (*changed)(void *arg, const char *text));
/* A menu of n choices; type-to-filter when `filter`. Returns the index or -1 (Esc). */
int prompt_menu(const prompt_screen *ps, const char *title, const char *const *choices, int n,
		int initial, bool filter);
/* A scrollable read-only page of lines; any of q, Esc, Enter closes. */
void prompt_page(const prompt_screen *ps, const char *title, const char *const *lines, int n);

#endif
