/*
 * app_priv — the dashboard controller's state, shared by app.c and the modules it calls
 * (app_sel.c, app_screens.c). Only those files include it; everyone else sees tui_app as
 * the opaque type of app.h. It declares data and one inline accessor, never a call between
 * files, so the layers stay app → app_screens → app_sel (scripts/check-layers).
 */
#ifndef AB_TUI_APP_PRIV_H
#define AB_TUI_APP_PRIV_H

#include <stdbool.h>

#include "app.h"
#include "board.h"
#include "edit.h"
#include "prompt.h"
#include "screen.h"
#include "span.h"
#include "view.h"


/* The screens: a plan (four panes), or one view over the whole screen. */
enum app_mode { MODE_PLAN, MODE_ESTATE, MODE_OWNED, MODE_FOUND, MODE_COUNT };

struct tui_app {
	view_ctx ctx;
	board b;
	span sp;
	view v[PANE_COUNT];
	view gaps;          /* the disagreement view, over the whole screen while open */
	const view *gaps_back; /* the view to focus again when it closes; NULL: it is closed */
	view one[MODE_COUNT - 1]; /* the overview, an owner's list, a search: one[mode - 1] */
	int mode, back, home;     /* on show; where Esc returns; the first screen */
	bool plan;                /* a plan is loaded (the overview may come before one) */
	const view *plan_focus;   /* the plan's focused pane while another screen shows */
	long long estate_version; /* data_version and writes when the overview was read */
	unsigned estate_writes, writes;
	edit_state edit;
	prompt_screen ps;   /* how prompts repaint the dashboard behind them */
	long long version;  /* the database's data_version last seen */
	long long seen;     /* the latest change number read (core/counts.h) */
	int drawn_rows, drawn_cols; /* the last frame's size when it was the overview alone
				     * (no message, nothing drawn over it since); else 0 */
	bool quit;
};

static inline view *app_one(tui_app *a, int mode)
{
	return &a->one[mode - 1];
}

#endif
