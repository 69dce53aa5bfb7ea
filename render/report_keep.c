/* report_keep — the strings one plan of a report keeps (report_priv.h). The bottom of
 * render/'s report files: it calls none of them. */
#include <stdlib.h>

#include "report_priv.h"

char *report_keep(report_plan *p, const char *s)
{
	if (!s)
		return NULL;
	XGROW(p->strings, p->nstrings, p->cstrings);
	return p->strings[p->nstrings++] = xstrdup(s);
}
