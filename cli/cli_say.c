/*
 * cli_say — the command line's messages (cli.h): errors, usage errors and lines that quote
 * user text, all through core's sanitiser. The bottom of cli/: privilege.c and cli.c call
 * it, it calls neither.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>

#include "../core/text.h"

int cli_error(const ab_err *err)
{
	err_print(err, stderr);
	return err->code ? err->code : 1;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	/* Usage errors quote the arguments: through err_print, like every other message. */
	char msg[sizeof ((ab_err *)0)->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ab_err err = {0};
	err_set_at(&err, EX_USAGE, cmd, 0, 0, "%s", msg);
	err_print(&err, stderr);
	fprintf(stderr, "Try 'actionboard %s%s--help' for more information.\n", cmd ? cmd : "",
		cmd ? " " : "");
	return EX_USAGE;
}

void cli_say(FILE *fp, const char *fmt, ...)
{
	util_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	util_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	text_put(fp, b.s ? b.s : "", TEXT_MULTILINE);
	util_buf_free(&b);
}
