/*
 * tui — the ncurses dashboard.
 *
 * Contract: tui_run() takes over the terminal until the user quits, and always restores
 * it (also on Ctrl-C, SIGTERM, SIGHUP and on errors) while the terminal is still there.
 * When the terminal goes away (hang-up, end of file) or the process that started it
 * does, it returns at once without writing to the terminal. It reads and writes only
 * through core's API, never holding a transaction while it waits for the user. It
 * returns 0 (also after a signal or a hang-up), or a sysexits code with err set (e.g. not
 * a terminal). It does not own the store or the settings.
 */
#ifndef AB_TUI_H
#define AB_TUI_H

#include "../core/date.h"
#include "../core/err.h"
#include "../core/model.h"
#include "../core/store.h"

typedef struct tui_config {
	store *st;                       /* the open database; may be read-only */
	const model_config *settings;    /* owners and users (permissions, "my actions"); may be NULL */
	const char *user;                /* the Unix login */
	date_t today;
	const char *establishment;       /* initial establishment code, or NULL for the first */
	const char *cycle;               /* initial cycle id, or NULL for the latest */
	/* When not NULL the settings are still being read (cli_open_dashboard), `settings`
	 * NULL till then: tui_run() calls it exactly once, whatever happens, after drawing
	 * the first screen (nothing on it comes from the settings) and before reading a key.
	 * It gives the settings, or an error that tui_run() then returns before any other,
	 * the screen left (nothing was written). */
	int (*settings_wait)(void *arg, const model_config **out, ab_err *err);
	void *settings_arg;
} tui_config;

int tui_run(const tui_config *cfg, ab_err *err);

#endif
