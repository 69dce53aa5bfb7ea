/* term — see term.h. */
#include "term.h"

#include "../core/text.h"
#include "../core/util.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "../core/xmalloc.h"

/* A terminal that is readable yet yields no key this many times in a row is treated as
 * gone: the backstop that keeps a dead terminal from ever turning into a busy loop. */
#define TERM_MAX_EMPTY_WAKEUPS 100

static volatile sig_atomic_t term_signalled; /* SIGINT, SIGTERM, SIGHUP or SIGQUIT came */
static bool term_hung_up;                    /* the terminal is gone: never write to it */
static bool term_orphaned;                   /* the process that started us went away */
static pid_t term_parent;
static int term_empty_wakeups;
static SCREEN *term_screen;
static struct termios term_saved;
static bool term_have_saved;
static bool term_sync;         /* ACTIONBOARD_TEST_SYNC: see term.h */
static unsigned term_syncs;
static util_buf term_pasted;   /* the last paste's text */

/* Bracketed paste (xterm, tmux, every modern terminal): a paste arrives between these,
 * read as two keys of our own. */
#define TERM_PASTE_ON "\033[?2004h"
#define TERM_PASTE_OFF "\033[?2004l"
enum { TERM_KEY_PASTE_BEGIN = KEY_MAX + 1, TERM_KEY_PASTE_END };
/* A paste whose end never comes is taken as it is after this long without a byte. */
#define TERM_PASTE_WAIT_MS 1000

void term_utf8_locale(void)
{
	/* Plans are UTF-8 (£, –, •) and so is every terminal an SSH user meets today, but a
	 * login without LANG (root on a fresh Debian) gets the C locale, in which ncurses
	 * would print each byte of those characters as garbage. */
	const char *cs = nl_langinfo(CODESET);
	if (cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8")))
		return;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
}

/* The test sync's title (term.h), written after everything ncurses has written. */
static void term_sync_title(unsigned n)
{
	char title[64];
	int len = snprintf(title, sizeof title, "\033]2;actionboard-sync %u\007", n);
	fflush(stdout);
	ssize_t w = write(STDOUT_FILENO, title, (size_t)len);
	(void)w;
}

static void term_on_stop(int sig)
{
	(void)sig;
	term_signalled = 1;
}

/*
 * A crash must not leave the terminal raw. endwin() is not safe in a signal handler, so
 * put back the settings saved before curses started and leave the alternate screen,
 * mouse reporting and the hidden cursor with write(), which is; then die as the signal
 * wants. (On a terminal that is gone the write fails, harmlessly.)
 */
static void term_reset_raw(void)
{
	static const char reset[] =
		"\033[?1000l\033[?1002l\033[?1006l" TERM_PASTE_OFF "\033[?25h\033[?1049l\r\n";
	if (term_have_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &term_saved);
	ssize_t w = write(STDOUT_FILENO, reset, sizeof reset - 1);
	(void)w;
}

static void term_on_fatal(int sig)
{
	term_reset_raw();
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int term_stop_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static const int term_fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGABRT, SIGILL};

static void term_signals(bool on)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: the wait in term_read() returns, so the loop sees the signal. */
	sa.sa_handler = on ? term_on_stop : SIG_DFL;
	for (size_t i = 0; i < sizeof term_stop_signals / sizeof *term_stop_signals; i++)
		sigaction(term_stop_signals[i], &sa, NULL);
	sa.sa_handler = on ? term_on_fatal : SIG_DFL;
	for (size_t i = 0; i < sizeof term_fatal_signals / sizeof *term_fatal_signals; i++)
		sigaction(term_fatal_signals[i], &sa, NULL);
}

/*
 * The parent's death: PR_SET_PDEATHSIG sends SIGHUP at once when it is a parent we were
 * forked from, but not for the session leader of a terminal that is simply closed, nor
 * after a re-parenting; getppid() changing is checked on every wake-up as the backstop.
 */
static void term_watch_parent(bool start)
{
	if (start) {
		term_parent = getppid();
#ifdef __linux__
		prctl(PR_SET_PDEATHSIG, SIGHUP);
#endif
	}
	if (getppid() != term_parent)
		term_orphaned = true;
}

int term_start(ab_err *err)
{
	/* A short Esc delay: Esc cancels at once instead of waiting a second. */
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	/* The real window size, not an exported COLUMNS/LINES (ncurses would prefer them and
	 * never follow a resize); use_env(FALSE) would also ignore the window size. */
	unsetenv("COLUMNS");
	unsetenv("LINES");
	term_have_saved = tcgetattr(STDIN_FILENO, &term_saved) == 0;
	term_screen = newterm(NULL, stdout, stdin);
	if (!term_screen)
		return err_set(err, EX_UNAVAILABLE, "cannot use the terminal '%s'",
			       getenv("TERM") ? getenv("TERM") : "");
	term_signals(true);
	/* Out of memory ends the program (xmalloc.h): the terminal first, the same way. */
	xmalloc_on_failure(term_reset_raw);
	term_watch_parent(true);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	mouseinterval(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
		  BUTTON5_PRESSED, NULL);
	define_key("\033[200~", TERM_KEY_PASTE_BEGIN);
	define_key("\033[201~", TERM_KEY_PASTE_END);
	putp(TERM_PASTE_ON);
	fflush(stdout);
	term_sync = getenv("ACTIONBOARD_TEST_SYNC") != NULL;
	if (term_sync) { /* every screen drawn whole, never put off for keys waiting */
		typeahead(-1);
		term_sync_title(0); /* the terminal is ours: keys sent from now on are read */
	}
	return 0;
}

/* Whether the terminal can still be written to (and so must be restored). */
static bool term_alive(void)
{
	if (term_hung_up)
		return false;
	struct pollfd p[2] = {{STDIN_FILENO, POLLIN, 0}, {STDOUT_FILENO, POLLOUT, 0}};
	if (poll(p, 2, 0) < 0)
		return false;
	for (int i = 0; i < 2; i++)
		if (p[i].revents & (POLLHUP | POLLERR | POLLNVAL))
			return false;
	struct termios t;
	return tcgetattr(STDOUT_FILENO, &t) == 0;
}

void term_end(void)
{
	if (term_screen) {
		/* endwin() writes the reset sequences: only to a terminal that is there. A gone
		 * one is left alone (and so is delscreen(), which would flush to it). */
		if (term_alive()) {
			putp(TERM_PASTE_OFF);
			endwin();
			delscreen(term_screen);
		}
		term_screen = NULL;
	}
	xmalloc_on_failure(NULL);
	term_signals(false);
	util_buf_free(&term_pasted);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, 0); /* the dashboard is over: let the caller finish in peace */
#endif
}

bool term_done(void)
{
	return term_signalled || term_hung_up || term_orphaned;
}

/* A key ncurses can deliver without waiting (typeahead, a pending KEY_RESIZE), if any. */
static term_key term_getch(void)
{
	timeout(0);
	wint_t ch;
	int r = get_wch(&ch);
	if (r == ERR)
		return (term_key){true, TERM_TIMEOUT};
	return (term_key){r == KEY_CODE_YES, (int)ch};
}

/* After poll() said so: is the terminal gone? POLLIN with nothing to read is end of file
 * (in non-canonical mode a live terminal is readable only with bytes waiting). */
static bool term_hangup(const struct pollfd *p)
{
	if (p->revents & (POLLHUP | POLLERR | POLLNVAL))
		return true;
	int n = 0;
	return (p->revents & POLLIN) && (ioctl(p->fd, FIONREAD, &n) < 0 || n <= 0);
}

static term_key term_read_key(int timeout_ms)
{
	const term_key done = {true, TERM_DONE};
	if (term_done())
		return done;
	term_key k = term_getch();
	if (term_is_key(k))
		return k;
	struct pollfd p = {STDIN_FILENO, POLLIN, 0};
	int r = poll(&p, 1, timeout_ms);
	if ((r < 0 && errno != EINTR) || (r > 0 && term_hangup(&p)))
		term_hung_up = true;
	term_watch_parent(false);
	if (term_done())
		return done;
	if (r == 0)
		return (term_key){true, TERM_TIMEOUT};
	k = term_getch(); /* after EINTR: a resize arrives as KEY_RESIZE */
	if (r > 0 && k.fn && k.code == TERM_TIMEOUT) {
		if (++term_empty_wakeups > TERM_MAX_EMPTY_WAKEUPS) {
			term_hung_up = true;
			return done;
		}
	} else {
		term_empty_wakeups = 0;
	}
	return k;
}

const char *term_paste(void)
{
	return term_pasted.s ? term_pasted.s : "";
}

/* Reads the rest of a paste into term_pasted: characters as text, CR and Enter as line
 * breaks; Esc and every other control or key are dropped, never obeyed. */
static void term_read_paste(void)
{
	util_buf_free(&term_pasted);
	util_buf_add(&term_pasted, "", 0);
	for (;;) {
		term_key k = term_read_key(TERM_PASTE_WAIT_MS);
		if (term_done() || !term_is_key(k) || (k.fn && k.code == TERM_KEY_PASTE_END))
			return;
		uint32_t c = k.fn ? (k.code == KEY_ENTER ? '\n' : 0) : (uint32_t)k.code;
		if (c == '\r')
			c = '\n';
		if (c != '\n' && c != '\t' && (!text_cp_shown(c) || c > 0x10FFFF ||
						(c >= 0xD800 && c <= 0xDFFF)))
			continue;
		char u[4];
		util_buf_add(&term_pasted, u, text_encode(c, u));
	}
}

/* The test sync (term.h): the screen out, then the title after it. */
static void term_sync_now(void)
{
	refresh();
	term_sync_title(++term_syncs);
}

/*
 * The sync character is answered only when the caller waits (a timeout other than 0):
 * callers drain the keys already typed with term_read(0) and draw only when none is left,
 * so until then it reads as "nothing waiting", and the next wait finds the screen drawn.
 */
term_key term_read(int timeout_ms)
{
	static bool sync_pending;
	for (;;) {
		if (sync_pending && !timeout_ms)
			return (term_key){true, TERM_TIMEOUT};
		if (sync_pending) {
			sync_pending = false;
			term_sync_now();
		}
		term_key k = term_read_key(timeout_ms);
		if (term_sync && term_is(k, TERM_SYNC_CHAR)) {
			sync_pending = true;
			return (term_key){true, TERM_TIMEOUT};
		}
		if (k.fn && k.code == TERM_KEY_PASTE_BEGIN) {
			term_read_paste();
			return (term_key){true, TERM_PASTE};
		}
		if (k.fn && k.code == TERM_KEY_PASTE_END) /* a stray end: nothing */
			continue;
		return k;
	}
}
