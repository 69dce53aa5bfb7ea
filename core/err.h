/*
 * err — one error value that every module fills instead of printing or exiting.
 *
 * Contract: functions that can fail take an `ab_err *` and return non-zero on failure
 * after calling err_set() or err_set_at(). `code` is a sysexits.h value (EX_DATAERR,
 * EX_CONFIG, ...) that main() turns into the exit status. The message never ends with a
 * newline. err_print() writes "actionboard: FILE:LINE:COL: message" (the place only when
 * known), made safe for a terminal as text_put (text.h) makes text: every message a user
 * sees passes through it (err_print.c). An ab_err owns no heap memory.
 */
#ifndef AB_ERR_H
#define AB_ERR_H

#include <stdio.h>
#include <sysexits.h>

typedef struct ab_err {
	int code;          /* sysexits value; 0 when no error was set */
	char file[1024];   /* "" when no file is involved */
	int line, col;     /* 1-based; 0 when unknown */
	char msg[1024];
} ab_err;

void err_clear(ab_err *e);
/* Sets code and message; returns `code` so callers can `return err_set(...)`. */
int err_set(ab_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int err_set_at(ab_err *e, int code, const char *file, int line, int col,
	       const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void err_print(const ab_err *e, FILE *fp);

#endif
