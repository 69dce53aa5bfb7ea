/* err_print — see err.h. Apart from err.c because it writes through text.c, which sits
 * above err.c (text.c -> util.c -> err.c): err.c itself calls nothing of ours. */
#include "err.h"

#include "text.h"

/* Messages quote what users and files gave (keys, owner names, plan text, paths): all of
 * it goes through text_put, so that a message can never drive the terminal. */
void err_print(const ab_err *e, FILE *fp)
{
	fputs("actionboard: ", fp);
	if (e->file[0]) {
		text_put(fp, e->file, 0);
		if (e->line > 0) {
			fprintf(fp, ":%d", e->line);
			if (e->col > 0)
				fprintf(fp, ":%d", e->col);
		}
		fputs(": ", fp);
	}
	text_put(fp, e->msg, 0);
	fputc('\n', fp);
}
