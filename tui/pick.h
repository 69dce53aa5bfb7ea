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
 * out; false when cancelled or refused (then ctx's message says why). */
bool pick_owner_in(view_ctx *c, const prompt_screen *ps, const char *establishment, char *out,
		   size_t n);
/* The canonical owners the settings map to the user ("my actions"), at most max; 0 after
 * saying what is missing. The names are borrowed from the settings. */
size_t pick_my_owners(view_ctx *c, const char **names, size_t max);
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
