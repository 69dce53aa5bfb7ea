/*
 * edit_evidence — an action's evidence from the dashboard (core/evidence.h): e shows the
 * entries (name, size and SHA-256, or the URL; removed ones marked) on a page where a adds
 * a file or URL (the file read as the user) and d removes the selected entry with a reason.
 * Same contract as edit.h's writes; the page itself writes nothing.
 */
#ifndef AB_TUI_EDIT_EVIDENCE_H
#define AB_TUI_EDIT_EVIDENCE_H

#include "edit.h"

bool edit_evidence(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac);

#endif
