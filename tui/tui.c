/* tui — the dashboard's entry point and its loop: wait for a key or the next look at the
 * database, hand keys to the app, redraw only when something changed. See tui.h. */
#include "tui.h"

#include <curses.h>
#include <locale.h>
#include <stdbool.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "draw.h"
#include "term.h"

/*
 * How often to look for other sessions' changes (PRAGMA data_version): every second
 * while someone is at work (a key, or a change seen, within TUI_BUSY_MS), so that one
 * redraw serves the changes of that second; after looks that find nothing, longer (each
 * twice the last), up to TUI_POLL_MAX_MS. An idle dashboard on a shared server
 * thus wakes only every 1.5 s, and still shows another session's change within 2 s
 * (README; bench/README.md, issue 22: at 2 s, the first change after a quiet spell came
 * 2.00-2.05 s late).
 */
#define TUI_POLL_MS 1000
#define TUI_POLL_MAX_MS 1500
#define TUI_BUSY_MS 10000
/*
 * The page cache of the dashboard's connection: SQLite's 2 MB, on purpose. Measured at
 * 1M actions (bench/README.md, issue 22): a navigation loop (owner filters, plan
 * switches, the overview) missed the cache 361,842 times at 2 MB and 357,201 at 32 MB,
 * no faster, for 30 MiB more per dashboard (VmHWM 29 -> 59 MiB); the dashboard's reads
 * stream, and any write anywhere in the estate empties every reader's cache (WAL) anyway.
 * No mmap either (bench/README.md, "Issue 22: keys at 1m"): it took a third off the CPU of
 * the largest owner's list (5,159 actions), but every page it touches counts in the
 * dashboard's RSS (VmHWM 19.7 -> 316 MB after a few owner lists), and a database file
 * truncated under it is a SIGBUS instead of an error.
 */
#define TUI_CACHE_KIB 2048

static long long tui_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef struct tui_clock {
	long long next;   /* when to look at the database next */
	long long active; /* the last key or change */
	int interval;
} tui_clock;

/* Something happened: look again soon. */
static void tui_busy(tui_clock *c, long long now)
{
	c->active = now;
	c->interval = TUI_POLL_MS;
	if (c->next > now + TUI_POLL_MS)
		c->next = now + TUI_POLL_MS;
}

static void tui_after_look(tui_clock *c, long long now, bool changed)
{
	if (changed)
		tui_busy(c, now);
	else if (now - c->active >= TUI_BUSY_MS && c->interval < TUI_POLL_MAX_MS)
		c->interval = c->interval * 2 > TUI_POLL_MAX_MS ? TUI_POLL_MAX_MS : c->interval * 2;
	c->next = now + c->interval;
}

/* `drawn`: the first frame is on the screen already (tui_run), not to be drawn again. */
static void tui_loop(tui_app *a, bool drawn)
{
	long long now = tui_now_ms();
	tui_clock clk = {now + TUI_POLL_MS, now, TUI_POLL_MS};
	bool dirty = !drawn, keyed = true; /* keyed: a key since the last frame, or none yet */
	while (!app_quitting(a) && !term_done()) {
		if (dirty) {
			app_draw(a, !keyed);
			refresh();
			dirty = keyed = false;
		}
		now = tui_now_ms();
		term_key k = term_read(clk.next > now ? (int)(clk.next - now) : 0);
		if (term_done())
			break;
		now = tui_now_ms();
		if (term_is_key(k)) {
			if (!(k.fn && k.code == KEY_RESIZE))
				app_key(a, k);
			tui_busy(&clk, now);
			dirty = keyed = true;
		}
		if (now >= clk.next) {
			bool changed = app_poll(a);
			tui_after_look(&clk, now, changed);
			dirty |= changed;
		}
	}
}

/* The settings, when still being read: waited for once the first screen is read. Their
 * error comes before `rc`'s, as when they were read before everything else. */
static int tui_settings(tui_config *run, int rc, ab_err *err)
{
	if (!run->settings_wait)
		return rc;
	ab_err e = {0};
	int src = run->settings_wait(run->settings_arg, &run->settings, &e);
	run->settings_wait = NULL;
	if (src)
		*err = e;
	return src ? src : rc;
}

int tui_run(const tui_config *cfg, ab_err *err)
{
	tui_config run = *cfg; /* the app's, with the settings once read */
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return tui_settings(&run, err_set(err, EX_USAGE, "the dashboard needs a terminal; "
			"for scripts use 'actionboard list' (see actionboard --help)"), err);
	setlocale(LC_ALL, "");
	term_utf8_locale();
	tui_app *a = NULL;
	int rc = store_cache_kib(run.st, TUI_CACHE_KIB, err);
	if (!rc)
		rc = app_new(&run, &a, err);
	bool started = !rc; /* term_start() tried: term_end() undoes even half of it */
	if (started)
		rc = term_start(err);
	if (!rc) {
		draw_init_colors();
		/* The first screen is shown while the settings may still be read (at 1m they
		 * take longer than the screen: bench/README.md); nothing on it comes from them.
		 * No key is read before they are, so nothing is written: should they be bad,
		 * the screen is left again and their message is the one printed. */
		if (run.settings_wait) {
			app_draw(a, false); /* as tui_loop's first frame */
			refresh();
		}
	}
	bool drawn = !rc && run.settings_wait;
	if (!(rc = tui_settings(&run, rc, err))) {
		app_settings_read(a);
		tui_loop(a, drawn);
	}
	if (started)
		term_end();
	app_free(a);
	return rc;
}
