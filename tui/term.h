/*
 * term — the terminal under the dashboard: curses start and end, signals, and the one key
 * reader, which also notices when the terminal, or the process that started us, is gone.
 *
 * Contract: term_start() takes stdin/stdout (newterm) and installs the signal handlers;
 * term_end() gives the terminal back, restoring it only while it is still there (nothing
 * is written to a terminal that hung up), and is safe after a failed or no start.
 * term_read() waits for one key and never spins: SIGINT/SIGTERM/SIGHUP/SIGQUIT, a hung-up
 * terminal (POLLHUP/POLLERR/POLLNVAL, end of file) or a new parent process (the one that
 * started us died) make term_done() true, and from then on term_read() returns TERM_DONE
 * at once. Bottom layer: calls nothing else in tui/.
 */
#ifndef AB_TUI_TERM_H
#define AB_TUI_TERM_H

#include <stdbool.h>

#include "../core/err.h"

typedef struct term_key {
	bool fn;  /* a KEY_* code (or TERM_TIMEOUT / TERM_DONE) rather than a character */
	int code;
} term_key;

/* Codes of fn keys that are not keys: nothing came, the dashboard must leave, and a paste
 * (bracketed paste: the text came whole, term_paste() holds it; it is text, never keys). */
enum { TERM_TIMEOUT = -1, TERM_DONE = -2, TERM_PASTE = -3 };

/* Switches to a UTF-8 character set when the locale has none (before term_start). */
void term_utf8_locale(void);
int term_start(ab_err *err);
void term_end(void);
/* Waits up to timeout_ms (-1: until something happens) for a key. KEY_RESIZE comes back
 * as a key; TERM_TIMEOUT when nothing came, TERM_DONE when the dashboard must leave. */
term_key term_read(int timeout_ms);
bool term_done(void);
/* The text of the last TERM_PASTE: UTF-8, line breaks as LF, tabs kept, every other control
 * (Esc among them) dropped. Valid until the next term_read(). */
const char *term_paste(void);

/*
 * Test sync (ACTIONBOARD_TEST_SYNC set, for tests/e2e/screens.sh only): the private-use
 * character TERM_SYNC_CHAR is never a key; read, it ends the keys waiting, and at the
 * caller's next wait everything typed before it has been handled and drawn, so term_read()
 * then flushes the screen and sets the terminal's title to "actionboard-sync N" (N
 * counting from 1) after it; term_start() sets
 * "actionboard-sync 0" once keys can be sent. The terminal applies output in
 * order, so a test that sees the title sees the whole screen: no sleeping, no guessing.
 */
#define TERM_SYNC_CHAR 0x10FFFD

static inline bool term_is(term_key k, int ch)
{
	return !k.fn && k.code == ch;
}

static inline bool term_is_key(term_key k)
{
	return !k.fn || k.code >= 0 || k.code == TERM_PASTE;
}

#endif
