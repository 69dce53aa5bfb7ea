/*
 * edit_verify — a second person's verification of a completed action from the dashboard
 * (core/verify.h): V asks "verify or reject", then a note (optional) or a reason
 * (required), and makes one call into core, which checks who may. Same contract as
 * edit.h's writes.
 */
#ifndef AB_TUI_EDIT_VERIFY_H
#define AB_TUI_EDIT_VERIFY_H

#include "edit.h"

bool edit_verify(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac);

#endif
