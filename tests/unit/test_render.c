/*
 * render: one item in each format (Markdown, HTML, show's text) and the event line, from a
 * small database built through core's API: a plan written as YAML, loaded by the config
 * loader, synced, then changed as users change it (a status with a note, a revised due
 * date, a note). History times are the wall clock's, so they are masked before comparing.
 */
#include <stdlib.h>
#include <sys/stat.h>

#include "../../config/config.h"
#include "../../core/action.h"
#include "../../core/sync.h"
#include "../../render/render.h"
#include "../../core/clock.h"
#include "test.h"

static const char settings_yaml[] =
	"establishments: [establishments/*.yaml]\n"
	"plans: [plans/*.yaml]\n"
	"owners:\n"
	"  - name: Governor\n"
	"    aliases: [The Governor]\n"
	"  - name: Head of Health\n";

static const char est_yaml[] = "code: LIV\nname: HMP Liverpool\n";

static const char plan_yaml[] =
	"establishment: LIV\n"
	"cycle: \"2022-07\"\n"
	"scheme: concerns\n"
	"inspection:\n"
	"  - {from: 2022-07-18, to: 2022-07-19}\n"
	"report_published: 2022-11-15\n"
	"items:\n"
	"  - ref: \"1.1\"\n"
	"    category: priority\n"
	"    text: Drugs were <too> easy & \"cheap\".\n"
	"    actions:\n"
	"      - id: \"1.1.1\"\n"
	"        text: Fit window grilles.\n"
	"        owners: [The Governor]\n"
	"        target: June 2023\n"
	"      - id: \"1.1.2\"\n"
	"        text: Scan legal mail.\n"
	"        owners: [Governor, Head of Health]\n"
	"        target: January 2027\n";

static void put_file(const char *dir, const char *name, const char *content)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	if (!fp) {
		perror(path);
		abort();
	}
	fputs(content, fp);
	fclose(fp);
}

static const date_t today = {2026, 11, 23};

/* The fixture: the plan above, synced, then changed by alice. NULL when it cannot be made
 * (every CHECK has said why). */
static store *fixture(void)
{
	static int n;
	char dir[512], sub[600], db[600];
	snprintf(dir, sizeof dir, "%s/render%d", test_tmpdir(), n++);
	mkdir(dir, 0755);
	snprintf(sub, sizeof sub, "%s/establishments", dir);
	mkdir(sub, 0755);
	snprintf(sub, sizeof sub, "%s/plans", dir);
	mkdir(sub, 0755);
	put_file(dir, "actionboard.yaml", settings_yaml);
	put_file(dir, "establishments/liv.yaml", est_yaml);
	put_file(dir, "plans/liv-2022-07.yaml", plan_yaml);
	snprintf(sub, sizeof sub, "%s/actionboard.yaml", dir);
	snprintf(db, sizeof db, "%s/render.db", dir);
	model_config *cfg = NULL;
	store *st = NULL;
	ab_err err = {0};
	sync_stats stats;
	action_actor alice = {"alice", NULL};
	CHECK_INT(config_load(sub, NULL, &cfg, &err), 0);
	CHECK_INT(store_open(db, STORE_CREATE, &st, &err), 0);
	if (!cfg || !st) {
		model_config_free(cfg);
		return NULL;
	}
	CHECK_INT(sync_apply(st, cfg, "admin", &stats, NULL, NULL, &err), 0);
	CHECK_INT(action_set_status(st, &alice, "LIV/2022-07/1.1.2", 0, STATUS_IN_PROGRESS,
				    "Scanner ordered", NULL, &err), 0);
	CHECK_INT(action_revise_due(st, &alice, "LIV/2022-07/1.1.1", 0, (date_t){2026, 10, 31},
				    "Contractor delayed", NULL, &err), 0);
	CHECK_INT(action_add_note(st, &alice, "LIV/2022-07/1.1.1", "Half the <cells> done",
				  NULL, &err), 0);
	model_config_free(cfg);
	return st;
}

/* Every "YYYY-MM-DDTHH:MM:SSZ" time in s becomes that very text. */
static void mask_times(char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	for (; *s; s++) {
		size_t i = 0;
		while (shape[i] && s[i] &&
		       (shape[i] == 'd' ? s[i] >= '0' && s[i] <= '9' : s[i] == shape[i]))
			i++;
		if (!shape[i])
			memcpy(s, "YYYY-MM-DDTHH:MM:SSZ", sizeof shape - 1);
	}
}

/* The part of s from `from` up to and with the first `to` after it, as a new string. */
static char *between(const char *s, const char *from, const char *to)
{
	const char *a = s ? strstr(s, from) : NULL;
	const char *b = a ? strstr(a + 1, to) : NULL;
	if (!a || !b)
		return strdup("(not found)");
	return strndup(a, (size_t)(b - a) + strlen(to));
}

/* The report (or with ref, show's text) as a string with masked times; caller frees.
 * Times are written as --utc writes them, whose form the mask knows (the local form is
 * checked by test_event_line). */
static char *rendered(store *st, render_format format, const digest_ref *ref)
{
	clock_show_utc(true);
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);
	ab_err err = {0};
	render_report_opts o = {.cycle = "2022-07", .format = format, .today = today,
				.version = "9.9"};
	CHECK_INT(ref ? render_show(st, ref, today, 80, fp, &err) : render_report(st, &o, fp, &err),
		  0);
	fclose(fp);
	clock_show_utc(false);
	mask_times(out);
	return out;
}

static void test_markdown_item(void)
{
	store *st = fixture();
	char *md = rendered(st, RENDER_MARKDOWN, NULL);
	/* The plan's only item, and so the last thing in the report. */
	const char *at = md ? strstr(md, "\n### 1.1 ") : NULL;
	char *item = strdup(at ? at : "(not found)");
	CHECK_STR(item,
		  "\n### 1.1 · Priority concern · 0/2 actions completed · 1 overdue\n"
		  "\n"
		  "Drugs were \\<too\\> easy & \"cheap\".\n"
		  "\n"
		  "| action | what | owners | target | due | status |\n"
		  "|---|---|---|---|---|---|\n"
		  "| 1.1.1 | Fit window grilles. | Governor | June 2023 | 2026-10-31 | planned, "
		  "**overdue 23 days** |\n"
		  "| 1.1.2 | Scan legal mail. | Governor, Head of Health | January 2027 | 2027-01-31 | "
		  "in progress |\n"
		  "\n"
		  "Notes:\n"
		  "\n"
		  "- YYYY-MM-DDTHH:MM:SSZ 1.1.2 alice (status planned → in progress): Scanner "
		  "ordered\n"
		  "- YYYY-MM-DDTHH:MM:SSZ 1.1.1 alice (due 2023-06-30 → 2026-10-31): Contractor "
		  "delayed\n"
		  "- YYYY-MM-DDTHH:MM:SSZ 1.1.1 alice: Half the \\<cells\\> done\n");
	free(item);
	free(md);
	store_close(st);
}

static void test_html_item(void)
{
	store *st = fixture();
	char *html = rendered(st, RENDER_HTML, NULL);
	char *item = between(html, "<section class=\"item\"", "</section>");
	CHECK_STR(item,
		  "<section class=\"item\" id=\"item-LIV-2022-07-1.1\" data-ref=\"1.1\" "
		  "data-total=\"2\" data-done=\"0\" data-overdue=\"1\">\n"
		  "<h3><span class=\"ref\">1.1</span> · Priority concern</h3>\n"
		  "<p class=\"finding\">Drugs were &lt;too&gt; easy &amp; &quot;cheap&quot;.</p>\n"
		  "<div class=\"progress\"><div class=\"bar\"><i style=\"width:0%\"></i></div>"
		  "<span data-figure=\"done\">0/2 actions completed</span>"
		  "<span class=\"late\" data-figure=\"overdue\">1 overdue</span></div>\n"
		  "<table class=\"actions\"><thead><tr><th>Action</th><th>What</th><th>Owners</th>"
		  "<th>Target (as published)</th><th>Due</th><th>Status</th></tr></thead>\n"
		  "<tbody>\n"
		  "<tr class=\"overdue\" data-key=\"LIV/2022-07/1.1.1\" data-status=\"planned\" "
		  "data-overdue=\"true\" data-due=\"2026-10-31\"><td class=\"id\">1.1.1</td>"
		  "<td>Fit window grilles.</td><td>Governor</td><td>June 2023</td>"
		  "<td class=\"due\">2026-10-31<span class=\"rev\">revised from 2023-06-30: "
		  "Contractor delayed</span></td><td class=\"st\"><i class=\"sw s-planned\"></i>"
		  "planned<br><span class=\"late\" data-days-late=\"23\">23 days late</span></td>"
		  "</tr>\n"
		  "<tr class=\"\" data-key=\"LIV/2022-07/1.1.2\" data-status=\"in_progress\" "
		  "data-overdue=\"false\" data-due=\"2027-01-31\"><td class=\"id\">1.1.2</td>"
		  "<td>Scan legal mail.</td><td>Governor, Head of Health</td><td>January 2027</td>"
		  "<td class=\"due\">2027-01-31</td><td class=\"st\"><i class=\"sw s-in_progress\">"
		  "</i>in progress</td></tr>\n"
		  "</tbody></table>\n"
		  "<h4>Notes</h4>\n"
		  "<ul class=\"notes\">\n"
		  "<li data-action=\"1.1.2\"><time>YYYY-MM-DDTHH:MM:SSZ</time> <b>1.1.2</b> alice "
		  "(status planned → in progress): Scanner ordered</li>\n"
		  "<li data-action=\"1.1.1\"><time>YYYY-MM-DDTHH:MM:SSZ</time> <b>1.1.1</b> alice "
		  "(due 2023-06-30 → 2026-10-31): Contractor delayed</li>\n"
		  "<li data-action=\"1.1.1\"><time>YYYY-MM-DDTHH:MM:SSZ</time> <b>1.1.1</b> alice: "
		  "Half the &lt;cells&gt; done</li>\n"
		  "</ul>\n"
		  "</section>");
	/* The document around it: one title, the plan's figures, nothing fetched. */
	CHECK(strstr(html, "<title>Action plan progress · 2022-07</title>") != NULL);
	CHECK(strstr(html, "<div class=\"fig late\" data-figure=\"overdue\"><b>1</b>") != NULL);
	CHECK(strstr(html, "Made by actionboard 9.9 from") != NULL);
	CHECK(strstr(html, "http") == NULL);
	free(item);
	free(html);
	store_close(st);
}

static void test_show_text(void)
{
	store *st = fixture();
	digest_ref ref;
	ab_err err = {0};
	CHECK_INT(digest_find(st, "LIV/2022-07/1.1.1", NULL, NULL, &ref, &err), 0);
	CHECK_STR(ref.action_id, "1.1.1");
	char *text = rendered(st, RENDER_MARKDOWN, &ref);
	CHECK_STR(text,
		  "Item       LIV/2022-07/1.1\n"
		  "Finding    Drugs were <too> easy & \"cheap\".\n"
		  "\n"
		  "Action     LIV/2022-07/1.1.1\n"
		  "What       Fit window grilles.\n"
		  "Owners     Governor\n"
		  "Target     June 2023\n"
		  "Due        2026-10-31 (revised from 2023-06-30: Contractor delayed)\n"
		  "Status     planned (OVERDUE)\n"
		  "Changed    version 3, YYYY-MM-DDTHH:MM:SSZ by alice\n"
		  "Late       23 days\n"
		  "\n"
		  "History\n"
		  "  #1    YYYY-MM-DDTHH:MM:SSZ  admin        definition created: - → planned\n"
		  "  #4    YYYY-MM-DDTHH:MM:SSZ  alice        due 2023-06-30 → 2026-10-31 · "
		  "Contractor delayed\n"
		  "  #5    YYYY-MM-DDTHH:MM:SSZ  alice        note: Half the <cells> done\n");
	free(text);
	/* An item: its fields, then one line per action. */
	CHECK_INT(digest_find(st, "1.1", NULL, "2022-07", &ref, &err), 0);
	CHECK_STR(ref.action_id, "");
	text = rendered(st, RENDER_MARKDOWN, &ref);
	CHECK_STR(text,
		  "Item       LIV/2022-07/1.1\n"
		  "Category   priority\n"
		  "Finding    Drugs were <too> easy & \"cheap\".\n"
		  "Actions    0/2 completed, 1 overdue\n"
		  "Judged     none recorded\n"
		  "Links      none recorded\n"
		  "\n"
		  /* 80 columns: the owners get 16, the text the 28 left, padded */
		  "1.1.1     planned     2026-10-31 ! Governor         Fit window grilles.         \n"
		  "1.1.2     in_progress 2027-01-31   Governor; Head … Scan legal mail.            \n");
	free(text);
	store_close(st);
}

static char *event_line(const action_event *e)
{
	util_buf b = {0};
	render_event_line(&b, e);
	return util_buf_take(&b);
}

static void test_event_line(void)
{
	/* Times as people read them: local time (here London's: GMT in November, BST in June). */
	const char *tz = getenv("TZ");
	char *saved = tz ? strdup(tz) : NULL;
	setenv("TZ", "Europe/London", 1);
	static const struct {
		action_event e;
		const char *line;
	} cases[] = {
		{{"2026-11-23T10:15:00Z", "jsmith", "status", NULL, "planned", "completed",
		  "Grilles fitted", 0, 0, 0, NULL},
		 "23 Nov 2026 10:15  jsmith       status planned → completed · Grilles fitted"},
		{{"2026-06-01T10:15:00Z", "jsmith", "status", NULL, "planned", "blocked", NULL, 0, 0,
		  0, NULL},
		 "1 Jun 2026 11:15   jsmith       status planned → blocked"},
		{{"2026-11-23T10:15:00Z", "jsmith", "due", NULL, NULL, "2027-03-31", "Late parts", 0,
		  0, 0, NULL},
		 "23 Nov 2026 10:15  jsmith       due none → 2027-03-31 · Late parts"},
		{{"2026-11-23T10:15:00Z", "a-very-long-login", "note", NULL, NULL, NULL, "Met", 0, 0,
		  0, NULL},
		 "23 Nov 2026 10:15  a-very-long-login note: Met"},
		{{"2026-11-23T10:15:00Z", "admin", "sync", "text", "Old words", "New words", NULL, 0,
		  0, 0, NULL},
		 "23 Nov 2026 10:15  admin        definition text: Old words → New words"},
		/* a note cannot break the line or drive the terminal */
		{{"2026-11-23T10:15:00Z", "jsmith", "note", NULL, NULL, NULL, "two\nlines\033[31m", 0,
		  0, 0, NULL},
		 "23 Nov 2026 10:15  jsmith       note: two lines" "\xef\xbf\xbd" "[31m"},
		/* stored events carry their id; reversals name what they reverse, and are named */
		{{"2026-11-23T10:15:00Z", "jsmith", "note", NULL, NULL, NULL, "Mtg", 12, 0, 14,
		  "correct"},
		 "#12   23 Nov 2026 10:15  jsmith       note (corrected by #14): Mtg"},
		{{"2026-11-23T10:20:00Z", "jsmith", "note", "correct", NULL, NULL, "Meeting", 14, 12,
		  15, "retract"},
		 "#14   23 Nov 2026 10:20  jsmith       note #12 corrected (retracted by #15): Meeting"},
		{{"2026-11-23T10:21:00Z", "jsmith", "note", "retract", NULL, NULL, NULL, 15, 14, 0,
		  NULL},
		 "#15   23 Nov 2026 10:21  jsmith       note #14 retracted"},
		{{"2026-11-23T10:22:00Z", "jsmith", "status", "undo", "cancelled", "in_progress",
		  NULL, 16, 11, 0, NULL},
		 "#16   23 Nov 2026 10:22  jsmith       undo of #11: status cancelled → in progress"},
		{{"2026-11-23T10:23:00Z", "jsmith", "note", "undo", NULL, NULL, NULL, 17, 3, 0, NULL},
		 "#17   23 Nov 2026 10:23  jsmith       undo of #3: note withdrawn"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *line = event_line(&cases[i].e);
		CHECK_STR(line, cases[i].line);
		free(line);
	}
	/* The change alone, as set's confirmation and the reports use it. */
	util_buf b = {0};
	render_event_change(&b, &cases[2].e);
	CHECK_STR(b.s, "due none → 2027-03-31");
	util_buf_free(&b);
	/* --utc: the stored form, for scripts. */
	clock_show_utc(true);
	char *line = event_line(&cases[0].e);
	CHECK_STR(line, "2026-11-23T10:15:00Z  jsmith       status planned → completed · Grilles fitted");
	free(line);
	clock_show_utc(false);
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	free(saved);
}

const test_case render_tests[] = {
	{"render: one item in Markdown", test_markdown_item},
	{"render: one item in HTML", test_html_item},
	{"render: show's text of an action and of an item", test_show_text},
	{"render: the event line", test_event_line},
	{NULL, NULL},
};
