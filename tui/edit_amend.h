/*
 * edit_amend — the plan amended from the dashboard (core/amend.h): A on an item asks
 * whether to add an action to it, or (on the actions) to edit or retire the selected one,
 * then for the text, owners (separated by ';') and target, or the reason, and makes one
 * call into core, which checks who may and refuses a plan file's own action. `ac` may be
 * NULL (the item list): then only adding is offered. Same contract as edit.h's writes.
 */
#ifndef AB_TUI_EDIT_AMEND_H
#define AB_TUI_EDIT_AMEND_H

#include "edit.h"

bool edit_amend(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_item *it,
		const board_action *ac);

#endif
