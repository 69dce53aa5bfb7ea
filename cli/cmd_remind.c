/*
 * remind — one message per owner with something to hear about (core/remind.h), through
 * `sendmail -t -oi` or PROGRAM, or printed with --dry-run. Messages are composed first and
 * the database closed before any program runs, which then runs as the user (in the
 * shared-server mode the group was given up when the database was opened).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../core/clock.h"
#include "../core/query.h"
#include "../core/remind.h"
#include "cli.h"

const char cmd_remind_usage[] =
	"remind [--days N] [--dry-run] [--sendmail PROGRAM] [--from ADDRESS] [--format table|json]\n"
	"\n"
	"Mails each owner (settings: the owner's email, and the email of each user mapped to\n"
	"them) their actions overdue, due within N days, awaiting verification, and open with\n"
	"no update in 60 days, one line each starting with its key. An owner with nothing to\n"
	"hear about gets no mail; one with something but no address is named on stderr.\n"
	"\n"
	"  -d, --days N          the window of \"due soon\", in days (default "
	QUERY_DUE_SOON_TEXT ")\n"
	"  -n, --dry-run         print the messages instead of sending them\n"
	"  -s, --sendmail PROG   the program each message is piped to as PROG -t -oi\n"
	"                        (default sendmail)\n"
	"      --from ADDRESS    the From address (default: your login at this host)\n"
	"  -f, --format F        table (default: a line per message sent) or json";

typedef struct remind_out {
	util_buf msgs;  /* each message, NUL-terminated, one after the other */
	util_buf owners; /* each owner's name, NUL-terminated, in the same order */
	const char *from;
	int days, sent_n, noaddr;
	cli_rows rows;   /* json */
	char host[256];
	long stamp;
} remind_out;

static int remind_one(const remind_owner *o, void *vctx)
{
	remind_out *r = vctx;
	if (!o->naddr) {
		cli_say(stderr, "actionboard: remind: %s has %zu action%s to hear about but no email "
			"(owners' or users' email in the settings): not reminded\n",
			o->owner, o->nlines, o->nlines == 1 ? "" : "s");
		r->noaddr++;
		return 0;
	}
	char date[CLOCK_RFC5322_LEN], msgid[400];
	clock_now_rfc5322(date);
	snprintf(msgid, sizeof msgid, "actionboard.%ld.%d.%zu@%s", r->stamp, (int)getpid(),
		 r->owners.len, r->host);
	if (r->rows.format == CLI_FMT_JSON) {
		for (size_t i = 0; i < o->nlines; i++) {
			char kind[64];
			remind_kind_words(o->lines[i].kind, r->days, kind, sizeof kind);
			util_buf to = {0};
			for (size_t a = 0; a < o->naddr; a++)
				util_buf_printf(&to, "%s%s", a ? ", " : "", o->addr[a]);
			cli_field f[] = {
				CLI_F_TEXT("owner", o->owner), CLI_F_TEXT("to", to.s),
				CLI_F_TEXT("key", o->lines[i].key), CLI_F_TEXT("reason", kind),
				CLI_F_DATE("due", o->lines[i].due[0] ? o->lines[i].due : NULL),
			};
			cli_rows_add(&r->rows, f, CLI_NFIELDS(f));
			util_buf_free(&to);
		}
	}
	util_buf m = {0};
	remind_message(&m, o, r->from, date, msgid, r->days);
	util_buf_add(&r->msgs, m.s, m.len + 1);
	util_buf_add(&r->owners, o->owner, strlen(o->owner) + 1);
	util_buf_free(&m);
	return 0;
}

/* Pipes msg to PROGRAM -t -oi; 0, or EX_UNAVAILABLE with err naming the owner. */
static int remind_send(const char *program, const char *msg, const char *owner, ab_err *err)
{
	int fd[2];
	if (pipe(fd))
		return err_set(err, EX_OSERR, "cannot make a pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0) {
		close(fd[0]), close(fd[1]);
		return err_set(err, EX_OSERR, "cannot start %s: %s", program, strerror(errno));
	}
	if (pid == 0) {
		dup2(fd[0], 0);
		close(fd[0]), close(fd[1]);
		execlp(program, program, "-t", "-oi", (char *)NULL);
		_exit(127);
	}
	close(fd[0]);
	/* a program that exits early must not kill us with SIGPIPE */
	void (*was)(int) = signal(SIGPIPE, SIG_IGN);
	size_t len = strlen(msg), off = 0;
	while (off < len) {
		ssize_t w = write(fd[1], msg + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;
		off += (size_t)w;
	}
	close(fd[1]);
	signal(SIGPIPE, was);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (off < len || !WIFEXITED(status) || WEXITSTATUS(status))
		return err_set(err, EX_UNAVAILABLE,
			       "%s -t -oi %s for %s (exit %d): the reminder was not sent", program,
			       WIFEXITED(status) && WEXITSTATUS(status) == 127 ? "could not be run"
									      : "failed",
			       owner, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

int cmd_remind(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"days", required_argument, NULL, 'd'},
					     {"dry-run", no_argument, NULL, 'n'},
					     {"sendmail", required_argument, NULL, 's'},
					     {"from", required_argument, NULL, 'F'},
					     {"format", required_argument, NULL, 'f'},
					     {0}};
	remind_out r = {.days = QUERY_DUE_SOON_DAYS, .rows = {.fp = stdout, .format = CLI_FMT_TABLE}};
	const char *program = "sendmail";
	bool dry = false;
	long long days;
	int c;
	optind = 0;
	while ((c = cli_getopt(argc, argv, "d:ns:f:", opts)) != -1) {
		switch (c) {
		case -2: return EX_USAGE;
		case 'd':
			if (cli_parse_int(argv[0], "--days", optarg, 1, 3660, &days))
				return EX_USAGE;
			r.days = (int)days;
			break;
		case 'n': dry = true; break;
		case 's': program = optarg; break;
		case 'F': r.from = optarg; break;
		case 'f':
			if (cli_parse_format(argv[0], optarg, CLI_FMT_TABLE | CLI_FMT_JSON, &r.rows.format))
				return EX_USAGE;
			break;
		}
	}
	if (cli_no_operands(argc, argv))
		return EX_USAGE;
	if (!*program)
		return cli_usage_error(argv[0], "--sendmail needs a program");
	/* the host is the domain of the default From and of the Message-ID: made one that
	 * remind_address_ok() takes */
	if (gethostname(r.host, sizeof r.host - 1) || !r.host[0])
		snprintf(r.host, sizeof r.host, "localhost");
	for (char *p = r.host; *p; p++)
		if (strchr("<>(),;:\\\"[]@", *p) || (unsigned char)*p < 0x21 || (unsigned char)*p > 0x7E)
			*p = '-';
	char from[600];
	if (!r.from) {
		snprintf(from, sizeof from, "%s@%s", ctx->user, r.host);
		r.from = from;
	}
	if (!remind_address_ok(r.from))
		return cli_usage_error(argv[0], "--from needs one address name@domain, not '%s'", r.from);
	r.stamp = (long)time(NULL);
	ab_err err = {0};
	store *st;
	model_config *settings;
	if (cli_open_store(ctx, false, &st, &settings, &err))
		return cli_error(&err);
	cli_field names[] = {CLI_F_TEXT("owner", NULL), CLI_F_TEXT("to", NULL),
			     CLI_F_TEXT("key", NULL), CLI_F_TEXT("reason", NULL),
			     CLI_F_DATE("due", NULL)};
	cli_rows_begin(&r.rows, names, CLI_NFIELDS(names));
	int rc = settings ? remind_collect(st, settings, ctx->today, r.days, remind_one, &r, &err)
			  : 0;
	store_close(st);
	model_config_free(settings);
	if (!rc && r.rows.format == CLI_FMT_JSON)
		cli_rows_end(&r.rows);
	/* the database is closed: now the messages go out (or are printed) */
	const char *owner = r.owners.s;
	int failed = 0;
	for (size_t off = 0; !rc && off < r.msgs.len; off += strlen(r.msgs.s + off) + 1) {
		if (dry && r.rows.format == CLI_FMT_TABLE) {
			printf("%s\n", r.msgs.s + off);
		} else if (!dry) {
			ab_err e = {0};
			if (remind_send(program, r.msgs.s + off, owner, &e)) {
				cli_error(&e);
				failed = e.code;
			} else {
				r.sent_n++;
				if (r.rows.format == CLI_FMT_TABLE)
					cli_say(stdout, "reminded %s\n", owner);
			}
		}
		owner += strlen(owner) + 1;
	}
	util_buf_free(&r.msgs);
	util_buf_free(&r.owners);
	if (rc)
		return cli_error(&err);
	return failed;
}
