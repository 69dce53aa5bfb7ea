/* tui — the dashboard's entry point: terminal set-up and restore, signals, the input
 * loop that also polls the database for other sessions' changes, and the selection
 * that survives reloads. See tui.h. */
#include "tui.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ui.h"

#define TUI_POLL_MS 500 /* another session's change shows within two polls at most */

volatile int tui_stop;

static void tui_on_stop(int sig)
{
	(void)sig;
	tui_stop = 1;
}

static struct termios tui_saved_tty;
static bool tui_have_tty;

/*
 * A crash must not leave the terminal raw. endwin() is not safe in a signal handler, so
 * put back the settings saved before curses started and leave the alternate screen,
 * mouse reporting and the hidden cursor with write(), which is; then die as the signal
 * wants.
 */
static void tui_on_fatal(int sig)
{
	static const char reset[] = "\033[?1000l\033[?1002l\033[?1006l\033[?25h\033[?1049l\r\n";
	if (tui_have_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &tui_saved_tty);
	ssize_t w = write(STDOUT_FILENO, reset, sizeof reset - 1);
	(void)w;
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int tui_stop_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static const int tui_fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGABRT, SIGILL};

static void tui_signals(bool on)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: get_wch returns, so the loop sees tui_stop and leaves cleanly. */
	sa.sa_handler = on ? tui_on_stop : SIG_DFL;
	for (size_t i = 0; i < sizeof tui_stop_signals / sizeof *tui_stop_signals; i++)
		sigaction(tui_stop_signals[i], &sa, NULL);
	sa.sa_handler = on ? tui_on_fatal : SIG_DFL;
	for (size_t i = 0; i < sizeof tui_fatal_signals / sizeof *tui_fatal_signals; i++)
		sigaction(tui_fatal_signals[i], &sa, NULL);
}

const board_item *app_selected_item(tui_app *a)
{
	int p = a->item_pane;
	int c = a->list[p].cursor;
	if (c < 0 || (size_t)c >= a->b.npane[p])
		return NULL;
	return &a->b.items[a->b.pane[p][c]];
}

const board_action *app_selected_action(tui_app *a)
{
	int c = a->list[PANE_DETAIL].cursor;
	const board_item *it = app_selected_item(a);
	if (!it || a->b.actions_item != it->id || c < 0 || (size_t)c >= a->b.nactions)
		return NULL;
	return &a->b.actions[c];
}

void app_item_changed(tui_app *a)
{
	const board_item *it = app_selected_item(a);
	int64_t id = it ? it->id : 0;
	if (id == a->b.actions_item && id)
		return;
	ab_err err = {0};
	if (board_load_actions(&a->b, id, &err))
		draw_message(a, true, " %s", err.msg);
	a->list[PANE_DETAIL].cursor = 0;
	a->list[PANE_DETAIL].top = 0;
}

/* Finds the item by id in either item pane; false when the filter dropped it. */
static bool app_find_item(tui_app *a, int64_t id)
{
	for (int p = 0; p < 2; p++)
		for (size_t i = 0; i < a->b.npane[p]; i++)
			if (a->b.items[a->b.pane[p][i]].id == id) {
				a->item_pane = p;
				a->list[p].cursor = (int)i;
				return true;
			}
	return false;
}

int app_reload(tui_app *a, ab_err *err)
{
	const board_item *it = app_selected_item(a);
	const board_action *ac = app_selected_action(a);
	int64_t item_id = it ? it->id : 0, action_id = ac ? ac->id : 0;
	int detail_top = a->list[PANE_DETAIL].top;
	if (board_load(&a->b, err))
		return err->code;
	if (!item_id || !app_find_item(a, item_id)) {
		if (!a->b.npane[a->item_pane])
			a->item_pane = a->b.npane[PANE_UPPER] ? PANE_UPPER : PANE_LOWER;
		if (a->focus != PANE_OWNERS && a->focus != PANE_DETAIL)
			a->focus = a->item_pane;
	}
	it = app_selected_item(a);
	if (board_load_actions(&a->b, it ? it->id : 0, err))
		return err->code;
	if (it && it->id == item_id) {
		a->list[PANE_DETAIL].top = detail_top;
		for (size_t i = 0; i < a->b.nactions; i++)
			if (a->b.actions[i].id == action_id)
				a->list[PANE_DETAIL].cursor = (int)i;
	} else {
		a->list[PANE_DETAIL].cursor = a->list[PANE_DETAIL].top = 0;
	}
	return 0;
}

/* Reloads when another process committed: store_data_version() is one cheap pragma. */
static void tui_poll(tui_app *a, long long *version)
{
	long long now;
	ab_err err = {0};
	if (store_data_version(a->cfg->st, &now, &err) || now == *version)
		return;
	*version = now;
	if (app_reload(a, &err))
		draw_message(a, true, " %s", err.msg);
}

static void tui_loop(tui_app *a, long long version)
{
	while (!a->quit && !tui_stop) {
		draw_screen(a);
		refresh();
		tui_key k = prompt_getkey(a, TUI_POLL_MS);
		if (tui_stop)
			break;
		if (!(k.fn && (k.code == -1 || k.code == KEY_RESIZE)))
			keys_dispatch(a, k);
		tui_poll(a, &version);
	}
}

static int tui_start_curses(tui_app *a, SCREEN **scr, ab_err *err)
{
	/* A short Esc delay: Esc cancels at once instead of waiting a second. */
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	/* The real window size, not an exported COLUMNS/LINES (ncurses would prefer them and
	 * never follow a resize); use_env(FALSE) would also ignore the window size. */
	unsetenv("COLUMNS");
	unsetenv("LINES");
	tui_have_tty = tcgetattr(STDIN_FILENO, &tui_saved_tty) == 0;
	*scr = newterm(NULL, stdout, stdin);
	if (!*scr)
		return err_set(err, EX_UNAVAILABLE, "cannot use the terminal '%s'",
			       getenv("TERM") ? getenv("TERM") : "");
	tui_signals(true);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	mouseinterval(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
		  BUTTON5_PRESSED, NULL);
	draw_init_colors(a);
	return 0;
}

/*
 * Plans are UTF-8 (£, –, •) and so is every terminal an SSH user meets today, but a login
 * without LANG (root on a fresh Debian) gets the C locale, in which ncurses would print
 * each byte of those characters as garbage. Then take the C.UTF-8 character set.
 */
static void tui_utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	if (cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8")))
		return;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
}

int tui_run(const tui_config *cfg, ab_err *err)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return err_set(err, EX_USAGE, "the dashboard needs a terminal; for scripts use "
			       "'actionboard list' (see actionboard --help)");
	setlocale(LC_ALL, "");
	tui_utf8_locale();
	tui_app *a = calloc(1, sizeof *a);
	if (!a)
		return err_set(err, EX_OSERR, "out of memory");
	a->cfg = cfg;
	a->actor = (action_actor){.login = cfg->user, .cfg = cfg->settings};
	a->ops[PANE_UPPER] = a->ops[PANE_LOWER] = &view_items_ops;
	a->ops[PANE_OWNERS] = &view_owners_ops;
	a->ops[PANE_DETAIL] = &view_detail_ops;
	board_init(&a->b, cfg->st, cfg->today);
	long long version = 0;
	SCREEN *scr = NULL;
	int rc = board_select_cycle(&a->b, cfg->establishment, cfg->cycle, err);
	if (!rc)
		rc = store_data_version(cfg->st, &version, err);
	if (!rc)
		rc = tui_start_curses(a, &scr, err);
	if (!rc) {
		a->item_pane = a->b.npane[PANE_UPPER] ? PANE_UPPER : PANE_LOWER;
		a->focus = a->item_pane;
		app_item_changed(a);
		tui_loop(a, version);
		endwin();
		delscreen(scr);
	}
	board_free(&a->b);
	free(a->action_line);
	free(a->action_end);
	free(a);
	tui_signals(false);
	return rc;
}
