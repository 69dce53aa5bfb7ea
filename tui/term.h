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

enum { TERM_TIMEOUT = -1, TERM_DONE = -2 }; /* codes of fn keys that are not keys */

/* Switches to a UTF-8 character set when the locale has none (before term_start). */
void term_utf8_locale(void);
int term_start(ab_err *err);
void term_end(void);
/* Waits up to timeout_ms (-1: until something happens) for a key. KEY_RESIZE comes back
 * as a key; TERM_TIMEOUT when nothing came, TERM_DONE when the dashboard must leave. */
term_key term_read(int timeout_ms);
bool term_done(void);

static inline bool term_is(term_key k, int ch)
{
	return !k.fn && k.code == ch;
}

static inline bool term_is_key(term_key k)
{
	return !k.fn || k.code >= 0;
}

#endif
