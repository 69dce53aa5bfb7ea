/*
 * app_screens — the controller's screens besides the plan's four panes: the disagreement
 * view (over the whole screen), the plan's search prompt, and the screens beyond the plan
 * (the overview, an owner's actions across plans, an estate search), with switching
 * between them and Esc back.
 *
 * Contract: every function takes the app (app_priv.h) and runs with curses started;
 * errors go to the bottom line, except app_screens_estate_fresh(), which returns them
 * through err. It calls app_sel, pick, prompt, span and the views below it, never app.c.
 * `mode` is an enum app_mode.
 */
#ifndef AB_TUI_APP_SCREENS_H
#define AB_TUI_APP_SCREENS_H

#include <stdbool.h>
#include <stddef.h>

#include "app_priv.h"

bool app_screens_gaps_open(const tui_app *a);
void app_screens_gaps_show(tui_app *a);
void app_screens_gaps_close(tui_app *a);
void app_screens_gaps_jump(tui_app *a);
void app_screens_search_step(tui_app *a, int dir, bool from_here);
void app_screens_search_changed(void *arg, const char *text);
void app_screens_search(tui_app *a);
void app_screens_switch(tui_app *a, int mode);
void app_screens_back(tui_app *a);
int app_screens_estate_fresh(tui_app *a, ab_err *err);
void app_screens_show_estate(tui_app *a);
void app_screens_plan_shown(tui_app *a);
void app_screens_open_plan(tui_app *a);
const char *app_screens_owner_scope(tui_app *a);
void app_screens_show_owned(tui_app *a, const char *const *names, size_t n, bool mine,
			       const char *est);
void app_screens_pick_owned(tui_app *a, const char *est);
void app_screens_mine_owned(tui_app *a, const char *est);
void app_screens_scope(tui_app *a);
void app_screens_open_action(tui_app *a);
void app_screens_find(tui_app *a);
void app_screens_estate_filter(tui_app *a);
void app_screens_refresh_one(tui_app *a);

#endif
