#include "err.h"

#include <stdarg.h>
#include <string.h>

void err_clear(ab_err *e)
{
	memset(e, 0, sizeof *e);
}

static int err_vset(ab_err *e, int code, const char *file, int line, int col,
		    const char *fmt, va_list ap)
{
	e->code = code ? code : 1;
	snprintf(e->file, sizeof e->file, "%s", file ? file : "");
	e->line = line;
	e->col = col;
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	return e->code;
}

int err_set(ab_err *e, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, code, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return e->code;
}

int err_set_at(ab_err *e, int code, const char *file, int line, int col,
	       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, code, file, line, col, fmt, ap);
	va_end(ap);
	return e->code;
}
