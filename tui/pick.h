/*
 * pick — the choices that change what the dashboard shows: the owner picker, "my
 * actions", the status filter, and the establishment-and-cycle picker.
 *
 * Contract: each asks (a prompt) or decides, changes only the board's filter or current
 * cycle, and tells the caller what to do next: the filters return the message for the
 * reload ("" when the filter's own description suffices) or NULL when nothing changed
 * (any refusal is then in ctx's message); pick_cycle() says what was chosen (a changed
 * b->cur means the board must be loaded).
 */
#ifndef AB_TUI_PICK_H
#define AB_TUI_PICK_H

#include <stdbool.h>

#include "prompt.h"
#include "view.h"

const char *pick_owner(view_ctx *c, const prompt_screen *ps);
const char *pick_mine(view_ctx *c);
/* An owner with live actions in `establishment` (NULL: the estate), picked by name into
 * out, and into est_out the establishment a local owner was picked at over the estate
 * ("" otherwise); false when cancelled or refused (then ctx's message says why). */
bool pick_owner_in(view_ctx *c, const prompt_screen *ps, const char *establishment, char *out,
		   size_t n, char *est_out, size_t en);
/* "My actions": the user's owners (canonical names) and the establishments their rights
 * stop at (none: the estate), as the database stores them (auth_user_scope). */
#define PICK_MY_MAX 16
typedef struct pick_my {
	char owner[PICK_MY_MAX][256], est[PICK_MY_MAX][64];
	const char *owners[PICK_MY_MAX], *within[PICK_MY_MAX]; /* point into the above */
	size_t nowners, nwithin;
	size_t owners_named, within_named; /* how many the database names (may be more) */
} pick_my;
/* Fills m; false after saying what is missing (no users, not listed, no owners) or that
 * there are more than PICK_MY_MAX of either (refused, never cut short). */
bool pick_my_scope(view_ctx *c, pick_my *m);
const char *pick_status(view_ctx *c, const prompt_screen *ps);
/* The items the establishment agreed, partly agreed or did not agree (or all again). */
const char *pick_agreement(view_ctx *c, const prompt_screen *ps);
/* The items by the inspectors' judgement that counts now (or all again). */
const char *pick_judged(view_ctx *c, const prompt_screen *ps);
/* What the cycle picker chose: nothing, another cycle (b->cur changed), or its last entry,
 * the view of where our status and the inspectors' judgements disagree. */
enum { PICK_NOTHING, PICK_CYCLE, PICK_GAPS };
int pick_cycle(view_ctx *c, const prompt_screen *ps);

#endif
