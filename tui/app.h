/*
 * app — the dashboard's controller: it owns the board, the four views and the selection,
 * routes each request to the focused view first (its request hook) and handles what the
 * view passes on: moving between panes, search, filters and pickers, writes, help, the
 * mouse, and reloading when another process changed the database.
 *
 * Contract: app_new() reads the first cycle (before curses starts, so that its errors
 * print normally) and returns an app the caller frees with app_free(). The others run
 * with curses started: app_key() handles one key, app_draw() draws the screen without
 * refreshing, app_poll() reloads (keeping the selection) when another process committed.
 * The app borrows cfg, which must outlive it.
 */
#ifndef AB_TUI_APP_H
#define AB_TUI_APP_H

#include <stdbool.h>

#include "term.h"
#include "tui.h"

typedef struct tui_app tui_app;

int app_new(const tui_config *cfg, tui_app **out, ab_err *err);
/* The settings came (tui_config.settings_wait): what writes with them takes them. */
void app_settings_read(tui_app *a);
void app_free(tui_app *a);
void app_key(tui_app *a, term_key k);
/* Draws the screen; `polled`: only what app_poll reloaded since the last frame changed
 * (no key since), so the overview redraws just its changed lines over that frame. */
void app_draw(tui_app *a, bool polled);
/* True when another process changed the database since the last look (the board was
 * then reloaded): one cheap PRAGMA data_version. */
bool app_poll(tui_app *a);
bool app_quitting(const tui_app *a);

#endif
