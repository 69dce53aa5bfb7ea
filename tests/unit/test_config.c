#include <stdlib.h>
#include <sys/stat.h>

#include "../../config/config.h"
#include "../../core/util.h"
#include "test.h"

static const char settings_yaml[] =
	"establishments: [establishments/*.yaml]\n"
	"plans: [plans/*.yaml]\n"
	"owners:\n"
	"  - name: Governor\n"
	"    aliases: [The Governor]\n";

static const char est_yaml[] = "code: LIV\nname: HMP Liverpool\n";

/* A plan's one item and action, with the action's owners (a string literal). */
#define ITEM_1_1(owners)                   \
	"items:\n"                          \
	"  - ref: \"1.1\"\n"                 \
	"    category: priority\n"           \
	"    text: Drugs.\n"                 \
	"    actions:\n"                     \
	"      - id: \"1.1.1\"\n"             \
	"        text: Grilles.\n"           \
	"        owners: [" owners "]\n"     \
	"        target: June 2023\n"

static const char plan_yaml[] =
	"establishment: LIV\n"
	"cycle: \"2022-07\"\n"
	"scheme: concerns\n"
	"inspection:\n"
	"  - {from: 2022-07-18, to: 2022-07-19}\n"
	ITEM_1_1("The Governor");

static void write_file(const char *dir, const char *name, const char *content)
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

/* A configuration tree in a new directory, with any of the three files replaced. */
static const char *make_tree(const char *settings, const char *est, const char *plan)
{
	static int n;
	static char dir[512];
	char sub[600];
	snprintf(dir, sizeof dir, "%s/cfg%d", test_tmpdir(), n++);
	mkdir(dir, 0755);
	snprintf(sub, sizeof sub, "%s/establishments", dir);
	mkdir(sub, 0755);
	snprintf(sub, sizeof sub, "%s/plans", dir);
	mkdir(sub, 0755);
	write_file(dir, "actionboard.yaml", settings ? settings : settings_yaml);
	write_file(dir, "establishments/liv.yaml", est ? est : est_yaml);
	write_file(dir, "plans/liv-2022-07.yaml", plan ? plan : plan_yaml);
	return dir;
}

/* Loads a tree and checks the error's file (by suffix), line, column and message. */
static void expect_error(const char *settings, const char *est, const char *plan,
			 const char *file, int line, int col, const char *msg_part)
{
	const char *dir = make_tree(settings, est, plan);
	char path[600];
	snprintf(path, sizeof path, "%s/actionboard.yaml", dir);
	model_config *cfg = NULL;
	ab_err err = {0};
	int rc = config_load(path, NULL, &cfg, &err);
	size_t fl = strlen(err.file), sl = strlen(file);
	if (rc != EX_CONFIG || !cfg == false || fl < sl || strcmp(err.file + fl - sl, file) ||
	    err.line != line || err.col != col || !strstr(err.msg, msg_part)) {
		printf("#   expected %s:%d:%d: ...%s...\n#   got rc %d: %s:%d:%d: %s\n", file, line, col,
		       msg_part, rc, err.file, err.line, err.col, err.msg);
		test_failures++;
	}
	model_config_free(cfg);
}

static void test_good(void)
{
	const char *dir = make_tree(NULL, NULL, NULL);
	char path[600];
	snprintf(path, sizeof path, "%s/actionboard.yaml", dir);
	model_config *cfg = NULL;
	ab_err err = {0};
	CHECK_INT(config_load(path, NULL, &cfg, &err), 0);
	if (!cfg)
		return;
	CHECK_INT(cfg->nplans, 1);
	CHECK_INT(cfg->nestablishments, 1);
	CHECK_STR(cfg->plans[0].items[0].actions[0].owners[0], "The Governor");
	CHECK_STR(model_owner_canonical(cfg, "The Governor"), "Governor");
	CHECK(cfg->database == NULL);
	CHECK(!cfg->has_users);
	CHECK_STR(cfg->plans[0].inspection[0].to, "2022-07-19");
	CHECK_INT(cfg->plans[0].items[0].pos.line, 7);
	model_config_free(cfg);
}

static void test_syntax(void)
{
	expect_error(NULL, NULL,
		     "establishment: LIV\ncycle: \"2022-07\nscheme: concerns\n", "plans/liv-2022-07.yaml",
		     4, 1, "YAML syntax");
	expect_error("plans: [plans/*.yaml\n", NULL, NULL, "actionboard.yaml", 2, 1, "YAML syntax");
	expect_error(NULL, "", NULL, "establishments/liv.yaml", 1, 1, "empty");
	expect_error(NULL, "code: LIV\nname: A\n---\ncode: X\n", NULL, "establishments/liv.yaml", 4, 1,
		     "a second YAML document");
}

static void test_unknown_key(void)
{
	expect_error(NULL, "code: LIV\nname: HMP Liverpool\ncolour: red\n",
		     NULL, "establishments/liv.yaml", 3, 1, "unknown key 'colour'");
	char plan[2048];
	snprintf(plan, sizeof plan, "%s        due: 2023-06-30\n", plan_yaml);
	expect_error(NULL, NULL, plan, "plans/liv-2022-07.yaml", 15, 9, "unknown key 'due' in an action");
	expect_error("databse: x.db\n", NULL, NULL, "actionboard.yaml", 1, 1, "unknown key 'databse'");
}

static void test_wrong_type(void)
{
	expect_error(NULL, "code: [LIV]\nname: HMP Liverpool\n", NULL, "establishments/liv.yaml", 1, 7,
		     "'code' must be a string, not a list");
	char plan[2048];
	snprintf(plan, sizeof plan, "%s", plan_yaml);
	char *p = strstr(plan, "owners: [The Governor]");
	memcpy(p, "owners: The Governor  ", 22);
	expect_error(NULL, NULL, plan, "plans/liv-2022-07.yaml", 13, 17, "'owners' must be a list");
	expect_error(NULL, NULL,
		     "establishment: LIV\ncycle: \"2022-07\"\nscheme: concerns\nitems:\n  - ref: \"1\"\n"
		     "    seq: two\n    category: key\n    text: T\n",
		     "plans/liv-2022-07.yaml", 6, 10, "'seq' must be a positive whole number");
}

static void test_missing(void)
{
	expect_error(NULL, "code: LIV\n", NULL, "establishments/liv.yaml", 1, 1,
		     "missing the required key 'name'");
	expect_error(NULL, NULL,
		     "establishment: LIV\ncycle: \"2022-07\"\nscheme: concerns\nitems:\n  - ref: \"1\"\n"
		     "    category: key\n",
		     "plans/liv-2022-07.yaml", 5, 5, "missing the required key 'text'");
	expect_error(NULL, NULL,
		     "establishment: LIV\ncycle: \"2019-08\"\nscheme: recommendations\nitems:\n"
		     "  - ref: \"S37\"\n    category: key\n    text: T\n",
		     "plans/liv-2022-07.yaml", 5, 5, "missing the required key 'agreement'");
}

static void test_duplicates(void)
{
	char plan[4096];
	snprintf(plan, sizeof plan,
		 "%s  - ref: \"1.1\"\n    category: key\n    text: Again.\n", plan_yaml);
	expect_error(NULL, NULL, plan, "plans/liv-2022-07.yaml", 15, 5, "duplicate item ref '1.1'");
	snprintf(plan, sizeof plan,
		 "%s  - ref: \"1.2\"\n    category: key\n    text: Other.\n    actions:\n"
		 "      - id: \"1.1.1\"\n        text: Same id.\n",
		 plan_yaml);
	expect_error(NULL, NULL, plan, "plans/liv-2022-07.yaml", 19, 9, "duplicate action id '1.1.1'");
	expect_error(NULL, "code: LIV\nname: A\ncode: LIV\n", NULL, "establishments/liv.yaml", 3, 1,
		     "duplicate key 'code'");
}

static void test_key_parts(void)
{
	char plan[2048];
	snprintf(plan, sizeof plan, "%s", plan_yaml);
	char *p = strstr(plan, "id: \"1.1.1\"");
	memcpy(p, "id: \"1.1/1\"", 11);
	expect_error(NULL, NULL, plan, "plans/liv-2022-07.yaml", 11, 13, "'id' may not contain '/'");
	expect_error(NULL, "code: ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\nname: X\n", NULL,
		     "establishments/liv.yaml", 1, 7, "'code' is longer than 32 characters");
}

static void test_unknown_establishment(void)
{
	char plan[2048];
	snprintf(plan, sizeof plan, "%s", plan_yaml);
	memcpy(plan + strlen("establishment: "), "XYZ", 3);
	expect_error(NULL, NULL, plan, "plans/liv-2022-07.yaml", 1, 16, "unknown establishment 'XYZ'");
}

static void test_bad_date(void)
{
	char plan[2048];
	snprintf(plan, sizeof plan, "%s", plan_yaml);
	char *p = strstr(plan, "2022-07-19");
	memcpy(p, "2022-07-32", 10);
	expect_error(NULL, NULL, plan, "plans/liv-2022-07.yaml", 5, 28, "not a valid date");
	snprintf(plan, sizeof plan, "%sreport_published: 15/11/2022\n", plan_yaml);
	expect_error(NULL, NULL, plan, "plans/liv-2022-07.yaml", 15, 19, "'15/11/2022' is not a valid date");
}

static void test_owner_checks(void)
{
	char s[1024];
	snprintf(s, sizeof s, "%s  - name: Head of Residence\n    aliases: [The Governor]\n", settings_yaml);
	expect_error(s, NULL, NULL, "actionboard.yaml", 6, 5, "alias 'The Governor' already names");
	snprintf(s, sizeof s, "%s  - name: Head of Residence\n  - name: Governor\n", settings_yaml);
	expect_error(s, NULL, NULL, "actionboard.yaml", 7, 5, "owner 'Governor' is listed twice");
	snprintf(s, sizeof s, "%susers:\n  jsmith: {role: chief}\n", settings_yaml);
	expect_error(s, NULL, NULL, "actionboard.yaml", 7, 18, "unknown role 'chief'");
	snprintf(s, sizeof s, "%susers:\n  jsmith: {role: editor, owners: [Nobody]}\n", settings_yaml);
	expect_error(s, NULL, NULL, "actionboard.yaml", 7, 3, "unknown owner 'Nobody'");
	/* A user's establishment must be an establishment file's code, pointed at where written. */
	snprintf(s, sizeof s, "%susers:\n  jsmith: {role: editor, establishments: [LIV, LIX]}\n",
		 settings_yaml);
	expect_error(s, NULL, NULL, "actionboard.yaml", 7, 48,
		     "unknown establishment 'LIX' for this user (not the code of an establishment "
		     "file): did you mean 'LIV'?");
	snprintf(s, sizeof s, "%susers:\n  jsmith: {role: admin, establishments: [WAKEFIELD]}\n",
		 settings_yaml);
	expect_error(s, NULL, NULL, "actionboard.yaml", 7, 42,
		     "unknown establishment 'WAKEFIELD' for this user (not the code of an "
		     "establishment file)");
	/* An empty list would mean the whole estate: refused, not taken. */
	snprintf(s, sizeof s, "%susers:\n  jsmith: {role: admin, establishments: []}\n",
		 settings_yaml);
	expect_error(s, NULL, NULL, "actionboard.yaml", 7, 41,
		     "'establishments' is empty: name at least one, or leave the key out");
	/* The settings alone (a writer's way) know no establishments and take the codes. */
	snprintf(s, sizeof s, "%susers:\n  jsmith: {role: admin, establishments: [LIX]}\n",
		 settings_yaml);
	const char *dir = make_tree(s, NULL, NULL);
	char path[600];
	snprintf(path, sizeof path, "%s/actionboard.yaml", dir);
	model_config *cfg = NULL;
	ab_err err = {0};
	CHECK_INT(config_load_settings(path, &cfg, &err), 0);
	if (cfg)
		CHECK_INT(cfg->users[0].nestablishments, 1);
	model_config_free(cfg);
}

static void test_bundled(void)
{
	model_config *cfg = NULL;
	ab_err err = {0};
	CHECK_INT(config_load(AB_SOURCE_ROOT "/config/default/actionboard.yaml", NULL, &cfg, &err), 0);
	if (!cfg) {
		printf("#   %s:%d: %s\n", err.file, err.line, err.msg);
		return;
	}
	CHECK_INT(cfg->nplans, 2);
	int agreed = 0, partly = 0, not_agreed = 0, priority = 0, key = 0, general = 0;
	for (size_t p = 0; p < cfg->nplans; p++)
		for (size_t i = 0; i < cfg->plans[p].nitems; i++) {
			model_item *it = &cfg->plans[p].items[i];
			const char *a = it->agreement ? it->agreement : "";
			agreed += !strcmp(a, "agreed");
			partly += !strcmp(a, "partly_agreed");
			not_agreed += !strcmp(a, "not_agreed");
			priority += !strcmp(it->category, "priority");
			key += !strcmp(it->category, "key");
			general += !strcmp(it->category, "general");
		}
	CHECK_INT(agreed, 19);
	CHECK_INT(partly, 9);
	CHECK_INT(not_agreed, 1);
	CHECK_INT(priority, 4);
	CHECK_INT(key, 7 + 7);
	CHECK_INT(general, 22);
	model_config_free(cfg);
}

/* ---- the man page, docs/actionboard.yaml.5 ------------------------------------------ */

#define MAN_PAGE AB_SOURCE_ROOT "/docs/actionboard.yaml.5"
#define MAN_MAX_DEPTH 8

/* A key the man page documents: a .TP tag inside a "<KIND> FILE" section. */
typedef struct man_key {
	char kind[16];          /* "settings", "establishment" or "plan" */
	const char *parent;     /* the tag of the enclosing .RS block; NULL at the top */
	const char *key, *note; /* the tag's first word, and the rest of its line */
	bool matched;
} man_key;

typedef struct man_page {
	char *text; /* the file, split into lines in place */
	man_key keys[128];
	size_t nkeys;
} man_page;

static char *read_all(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		fwrite(chunk, 1, n, out);
	fclose(out);
	fclose(fp);
	return text;
}

/* The kind of file a ".SH <KIND> FILE" heading introduces, or "" for any other section. */
static void man_section_kind(const char *heading, char kind[16])
{
	static const char *const kinds[] = {"settings", "establishment", "plan"};
	kind[0] = 0;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		char want[40];
		size_t j = 0;
		for (; kinds[i][j]; j++)
			want[j] = (char)(kinds[i][j] - 'a' + 'A');
		snprintf(want + j, sizeof want - j, " FILE");
		if (!strcmp(heading, want))
			snprintf(kind, 16, "%s", kinds[i]);
	}
}

/* Reads every key tag of the file sections, with the tag it is nested under. */
static bool man_read(man_page *m)
{
	memset(m, 0, sizeof *m);
	if (!(m->text = read_all(MAN_PAGE)))
		return false;
	char kind[16] = "";
	const char *tag[MAN_MAX_DEPTH] = {0};
	int depth = 0;
	bool after_tp = false;
	for (char *line = strtok(m->text, "\n"); line; line = strtok(NULL, "\n")) {
		bool tp = !strncmp(line, ".TP", 3);
		if (!strncmp(line, ".SH ", 4)) {
			man_section_kind(line + 4, kind);
			depth = 0;
		} else if (!strcmp(line, ".RS") && depth + 1 < MAN_MAX_DEPTH) {
			depth++;
		} else if (!strcmp(line, ".RE") && depth > 0) {
			depth--;
		} else if (after_tp && kind[0] && m->nkeys < sizeof m->keys / sizeof m->keys[0] &&
			   (!strncmp(line, ".B ", 3) || !strncmp(line, ".BR ", 4))) {
			man_key *k = &m->keys[m->nkeys++];
			snprintf(k->kind, sizeof k->kind, "%s", kind);
			k->parent = depth ? tag[depth - 1] : NULL;
			k->key = line + (line[2] == ' ' ? 3 : 4);
			char *end = strchr(k->key, ' ');
			k->note = end ? end + 1 : "";
			if (end)
				*end = 0;
			tag[depth] = k->key;
		}
		after_tp = tp;
	}
	return true;
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static void man_check_key(const char *kind, const char *parent, const char *key, bool required,
			  void *ctx)
{
	man_page *m = ctx;
	man_key *found = NULL;
	for (size_t i = 0; i < m->nkeys && !found; i++)
		if (!strcmp(m->keys[i].kind, kind) && same(m->keys[i].parent, parent) &&
		    !strcmp(m->keys[i].key, key))
			found = &m->keys[i];
	if (!found) {
		printf("#   %s file: key '%s%s%s' is not documented in docs/actionboard.yaml.5 "
		       "(as a .TP tag in the %s file's section%s%s)\n",
		       kind, parent ? parent : "", parent ? "." : "", key, kind,
		       parent ? ", inside the block of " : "", parent ? parent : "");
		test_failures++;
		return;
	}
	found->matched = true;
	bool says_required = strstr(found->note, "required") && !strstr(found->note, "optional");
	if (required != says_required || (!required && !strstr(found->note, "optional"))) {
		printf("#   %s file: key '%s' is %s, but the man page says '%s'\n", kind, key,
		       required ? "required" : "optional", found->note);
		test_failures++;
	}
}

/* Every key the loader accepts is documented in its place, and the page documents no other. */
static void test_man_keys(void)
{
	man_page m;
	if (!man_read(&m)) {
		printf("#   cannot read %s\n", MAN_PAGE);
		test_failures++;
		return;
	}
	config_keys_each(man_check_key, &m);
	for (size_t i = 0; i < m.nkeys; i++)
		if (!m.keys[i].matched) {
			printf("#   the man page documents '%s' in the %s file (under %s), which the "
			       "loader does not accept\n",
			       m.keys[i].key, m.keys[i].kind, m.keys[i].parent ? m.keys[i].parent : "the top");
			test_failures++;
		}
	CHECK(m.nkeys > 30);
	free(m.text);
}

/* One example block's text with the man page's escapes undone; NULL for an unknown escape. */
static char *man_unescape(const char *s, size_t n)
{
	static const struct { const char *esc, *plain; } escs[] = {
		{"\\-", "-"}, {"\\(aq", "'"}, {"\\(dq", "\""}, {"\\e", "\\"}, {"\\&", ""},
	};
	char *out = malloc(n + 1), *o = out;
	for (size_t i = 0; out && i < n;) {
		if (s[i] != '\\') {
			*o++ = s[i++];
			continue;
		}
		size_t e = 0;
		while (e < sizeof escs / sizeof escs[0] && strncmp(s + i, escs[e].esc, strlen(escs[e].esc)))
			e++;
		if (e == sizeof escs / sizeof escs[0]) {
			free(out);
			return NULL;
		}
		o = stpcpy(o, escs[e].plain);
		i += strlen(escs[e].esc);
	}
	if (out)
		*o = 0;
	return out;
}

/* The example files (.EX blocks that begin "# NAME.yaml") load without error or warning. */
static void test_man_examples(void)
{
	char *text = read_all(MAN_PAGE);
	CHECK(text != NULL);
	if (!text)
		return;
	char dir[600];
	snprintf(dir, sizeof dir, "%s/man-examples", test_tmpdir());
	mkdir(dir, 0755);
	int files = 0;
	for (char *p = strstr(text, "\n.EX\n"); p; p = strstr(p, "\n.EX\n")) {
		p += 5;
		char *end = strstr(p, "\n.EE\n");
		if (!end)
			break;
		char *body = man_unescape(p, (size_t)(end - p + 1));
		char name[256];
		if (!body) {
			printf("#   an example has an escape the test does not know\n");
			test_failures++;
		} else if (sscanf(body, "# %255[^ \n]", name) == 1 && strstr(name, ".yaml")) {
			char *slash = strchr(name, '/');
			if (slash) {
				char sub[900];
				snprintf(sub, sizeof sub, "%s/%.*s", dir, (int)(slash - name), name);
				mkdir(sub, 0755);
			}
			write_file(dir, name, body);
			files++;
		}
		free(body);
		p = end;
	}
	free(text);
	CHECK_INT(files, 4);
	char path[700];
	snprintf(path, sizeof path, "%s/actionboard.yaml", dir);
	char *warnings = NULL;
	size_t wlen = 0;
	FILE *warn = open_memstream(&warnings, &wlen);
	model_config *cfg = NULL;
	ab_err err = {0};
	CHECK_INT(config_load(path, warn, &cfg, &err), 0);
	fclose(warn);
	if (err.code)
		printf("#   %s:%d:%d: %s\n", err.file, err.line, err.col, err.msg);
	CHECK_STR(warnings, "");
	free(warnings);
	if (cfg) {
		CHECK_INT(cfg->nestablishments, 1);
		CHECK_INT(cfg->nplans, 2);
		CHECK_INT(cfg->nusers, 4);
		CHECK_STR(cfg->users[0].establishments[0], "LIV");
		CHECK_INT(cfg->users[1].nestablishments, 1);
	}
	model_config_free(cfg);
}

/*
 * The loader finds owners by map: what it says of random owner lists (names and aliases
 * from a few words, so that they meet) must be what a scan in file order says, as
 * model_owner_canonical reads them: the first name met again is listed twice, and an alias
 * naming an earlier owner (or its own name again in another owner) is refused.
 */
static void test_owner_lookups(void)
{
	static const char *const words[] = {"Gov", "Head", "Chief", "Deputy", "Nurse"};
	const char *dir = make_tree(NULL, NULL, NULL);
	char path[700];
	snprintf(path, sizeof path, "%s/actionboard.yaml", dir);
	srand(22);
	for (int round = 0; round < 400; round++) {
		size_t n = 1 + (size_t)rand() % 5, na[5];
		const char *name[5], *alias[5][2];
		util_buf b = {0};
		util_buf_printf(&b, "owners:\n");
		for (size_t i = 0; i < n; i++) {
			name[i] = words[rand() % 5];
			na[i] = (size_t)rand() % 3;
			util_buf_printf(&b, "  - name: %s\n    aliases: [", name[i]);
			for (size_t j = 0; j < na[i]; j++) {
				alias[i][j] = words[rand() % 5];
				util_buf_printf(&b, "%s%s", j ? ", " : "", alias[i][j]);
			}
			util_buf_printf(&b, "]\n");
		}
		char *yaml = util_buf_take(&b);
		/* The scan: the first repeated name, then each owner's aliases in turn. */
		char want[300] = "";
		size_t twice = n;
		for (size_t i = 1; i < n && twice == n; i++)
			for (size_t k = 0; k < i; k++)
				if (!strcmp(name[i], name[k]))
					twice = i;
		for (size_t i = 0; i < n && !want[0]; i++) {
			if (i == twice) {
				snprintf(want, sizeof want, "owner '%s' is listed twice", name[i]);
				break;
			}
			for (size_t j = 0; j < na[i] && !want[0]; j++) {
				size_t c = 0;
				for (bool hit = false; !hit; c += !hit) {
					hit = !strcmp(name[c], alias[i][j]);
					for (size_t m = 0; m < na[c] && !hit; m++)
						hit = !strcmp(alias[c][m], alias[i][j]);
				}
				if (strcmp(name[c], name[i]))
					snprintf(want, sizeof want, "alias '%s' already names owner '%s'",
						 alias[i][j], name[c]);
			}
		}
		write_file(dir, "actionboard.yaml", yaml);
		model_config *cfg = NULL;
		ab_err err = {0};
		int rc = config_load_settings(path, &cfg, &err);
		if (want[0] ? rc != EX_CONFIG || strcmp(err.msg, want) : rc != 0) {
			printf("#   round %d: expected '%s', got %d '%s' for\n%s", round, want, rc,
			       err.msg, yaml);
			test_failures++;
		}
		model_config_free(cfg);
		free(yaml);
	}
}

/* A plan of LIV for the stream test: its cycle, and its one action's owners list. */
static void stream_plan(const char *dir, const char *name, const char *cycle, const char *owners)
{
	char body[800], file[600];
	snprintf(body, sizeof body,
		 "establishment: LIV\ncycle: \"%s\"\nscheme: concerns\n" ITEM_1_1("%s"), cycle,
		 owners);
	snprintf(file, sizeof file, "plans/%s", name);
	write_file(dir, file, body);
}

/*
 * The stream reads plans ahead on a second thread: what the caller gets must be what the
 * file holds when it asks (a file changed after it was read ahead is read again), errors
 * name the same place, and only the warnings of the plans asked for are kept.
 */
static void test_stream_ahead(void)
{
	const char *dir = make_tree(NULL, NULL, NULL);
	char path[700], *out = NULL;
	size_t outlen = 0;
	stream_plan(dir, "p1.yaml", "2023-01", "Governor");
	stream_plan(dir, "p2.yaml", "2023-02", ""); /* "has no owner": never asked for */
	stream_plan(dir, "p3.yaml", "2023-03", "Nobody");
	snprintf(path, sizeof path, "%s/actionboard.yaml", dir);
	FILE *warn = open_memstream(&out, &outlen);
	config_stream *s = NULL;
	ab_err err = {0};
	const model_plan *p = NULL;
	CHECK_INT(config_open(path, warn, &s, &err), 0);
	CHECK_INT(config_stream_nplans(s), 4); /* liv-2022-07, p1, p2, p3: sorted */
	CHECK_INT(config_stream_plan(s, 0, &p, &err), 0);
	CHECK_STR(p->cycle, "2022-07");
	config_stream_settle(s); /* p1 and p2 are read ahead */
	stream_plan(dir, "p1.yaml", "2023-01-b", ""); /* longer: its size changes */
	CHECK_INT(config_stream_plan(s, 1, &p, &err), 0);
	CHECK_STR(p->cycle, "2023-01-b");
	CHECK_INT(p->items[0].actions[0].nowners, 0);
	CHECK_INT(config_stream_plan(s, 3, &p, &err), EX_CONFIG); /* p2 skipped */
	CHECK(p == NULL);
	size_t fl = strlen(err.file);
	CHECK(fl > 8 && !strcmp(err.file + fl - 8, "/p3.yaml"));
	CHECK_INT(err.line, 11);
	CHECK_INT(err.col, 18);
	CHECK(strstr(err.msg, "unknown owner 'Nobody'") != NULL);
	config_close(s, true);
	fclose(warn);
	CHECK(out && strstr(out, "p1.yaml:9:9: warning: action 1.1.1 has no owner") != NULL);
	CHECK(out && !strstr(out, "p2.yaml"));
	free(out);
}

/* The settings read on a second thread give what config_load_settings() gives: the same
 * owners and database, or the same error (code, FILE:LINE:COL, message). */
static void test_settings_pending(void)
{
	const char *good = "database: my.db\nowners:\n  - name: Governor\n    aliases: [The Governor]\n"
			   "  - name: Head of Security\n";
	const char *bad = "owners:\n  - name: Governor\n    colour: red\n";
	for (int k = 0; k < 2; k++) {
		char path[600];
		snprintf(path, sizeof path, "%s/actionboard.yaml", make_tree(k ? bad : good, NULL, NULL));
		model_config *want = NULL, *got = NULL;
		ab_err ew = {0}, eg = {0};
		int rw = config_load_settings(path, &want, &ew);
		int rg = config_settings_wait(config_settings_start(path, NULL), &got, &eg);
		CHECK_INT(rg, rw);
		CHECK_INT(rw, k ? EX_CONFIG : 0);
		CHECK_STR(eg.file, ew.file);
		CHECK_INT(eg.line, ew.line);
		CHECK_INT(eg.col, ew.col);
		CHECK_STR(eg.msg, ew.msg);
		CHECK(!got == !want);
		if (got && want) {
			CHECK_INT(got->nowners, 2);
			CHECK_STR(got->owners[1].name, want->owners[1].name);
			CHECK_STR(got->database, want->database);
			CHECK_STR(model_owner_canonical(got, "The Governor"), "Governor");
		}
		model_config_free(want);
		model_config_free(got);
	}
}

/* The settings' database peeked (config_settings_database) for `text`: the path, or NULL
 * when it cannot be told from the first bytes; a path found is the one the whole read
 * gives. The caller frees. */
static char *peek_database(const char *text)
{
	char path[600];
	snprintf(path, sizeof path, "%s/actionboard.yaml", make_tree(text, NULL, NULL));
	char *got = config_settings_database(path);
	if (got) {
		model_config *cfg = NULL;
		ab_err err = {0};
		CHECK_INT(config_load_settings(path, &cfg, &err), 0);
		CHECK(cfg && cfg->database && !strcmp(cfg->database, got));
		model_config_free(cfg);
	}
	return got;
}

/* A settings text of `pad` bytes of comment lines, then `tail`. */
static char *padded(size_t pad, const char *tail)
{
	util_buf b = {0};
	while (b.len + 41 <= pad)
		util_buf_printf(&b, "# %s\n", "a comment line of forty-one bytes ....");
	while (b.len < pad)
		util_buf_printf(&b, "\n");
	util_buf_printf(&b, "%s", tail);
	return util_buf_take(&b);
}

/* The database found from the settings' first 64 KiB only when they say it plainly. */
static void test_settings_database(void)
{
	static const struct {
		const char *text, *want; /* want: the path after the tree's directory, or NULL */
	} cases[] = {
		{"database: my.db\nowners:\n  - name: Governor\n", "/my.db"},
		{"owners:\n  - name: Governor\n    aliases: [G]\ndatabase: 'd b/x.db'\n", "/d b/x.db"},
		{"{database: flow.db, owners: []}\n", "/flow.db"},
		{"database: /srv/ab/actionboard.db\n", "="},
		{"database: ~\nowners: []\n", NULL},
		{"database:\nowners: []\n", NULL},
		{"database: ''\n", NULL},
		{"other: &a x.db\ndatabase: *a\n", NULL},
		{"database: &a x.db\n", NULL},
		{"database: !!str x.db\n", NULL},
		{"database: [x.db]\n", NULL},
		{"owners:\n  database: x.db\n", NULL},
		{"- database: x.db\n", NULL},
		{"owners: [\n", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *got = peek_database(cases[i].text);
		if (!cases[i].want) {
			if (got)
				fprintf(stderr, "# case %zu: found %s\n", i, got);
			CHECK(got == NULL);
		} else if (!strcmp(cases[i].want, "=")) {
			CHECK(got && !strcmp(got, "/srv/ab/actionboard.db"));
		} else {
			size_t gl = got ? strlen(got) : 0, wl = strlen(cases[i].want);
			CHECK(got && gl > wl && !strcmp(got + gl - wl, cases[i].want) && got[0] == '/');
		}
		free(got);
	}
	/* Within the first 64 KiB, and ended there; a value the cut would shorten is not taken. */
	char *text = padded(60000, "database: near.db\n");
	char *got = peek_database(text);
	CHECK(got && strstr(got, "/near.db"));
	free(got);
	free(text);
	text = padded(70000, "database: far.db\n");
	got = peek_database(text);
	CHECK(got == NULL);
	free(got);
	free(text);
	text = padded(65536 - 20, "database: a-path-the-cut-at-64-KiB-runs-through.db\nowners: []\n");
	got = peek_database(text);
	CHECK(got == NULL);
	free(got);
	free(text);
	/* A plain value whose line ends at the cut may go on over the next, more indented
	 * line ("a.db b.db" to the whole read): not taken. */
	text = padded(65536 - strlen("database: a.db\n"), "database: a.db\n  b.db\nowners: []\n");
	CHECK_INT((int)(strstr(text, "database:") - text) + (int)strlen("database: a.db\n"), 65536);
	got = peek_database(text);
	CHECK(got == NULL);
	free(got);
	free(text);
	/* Nothing to read: no file, a directory. */
	char path[600];
	snprintf(path, sizeof path, "%s/none.yaml", test_tmpdir());
	CHECK(config_settings_database(path) == NULL);
	CHECK(config_settings_database(test_tmpdir()) == NULL);
	/* The whole read decides: another database than the one peeked fails, nothing kept. */
	snprintf(path, sizeof path, "%s/actionboard.yaml", make_tree("database: mine.db\n", NULL, NULL));
	char *named = config_settings_database(path);
	model_config *cfg = NULL;
	ab_err err = {0};
	CHECK_INT(config_load_settings_named(path, named, &cfg, &err), 0);
	CHECK(cfg != NULL);
	model_config_free(cfg);
	cfg = NULL;
	CHECK_INT(config_load_settings_named(path, "/elsewhere/other.db", &cfg, &err), EX_CONFIG);
	CHECK(cfg == NULL);
	CHECK(strstr(err.msg, "as its first lines read") != NULL);
	CHECK(strstr(err.msg, named ? named : "?") != NULL);
	err = (ab_err){0};
	CHECK_INT(config_settings_wait(config_settings_start(path, "/elsewhere/other.db"), &cfg, &err),
		  EX_CONFIG);
	CHECK(cfg == NULL);
	CHECK(strstr(err.msg, "/elsewhere/other.db") != NULL);
	free(named);
}

const test_case config_tests[] = {
	{"config: a good tree loads", test_good},
	{"config: YAML syntax errors", test_syntax},
	{"config: unknown keys", test_unknown_key},
	{"config: wrong types", test_wrong_type},
	{"config: missing required fields", test_missing},
	{"config: duplicate refs, ids and keys", test_duplicates},
	{"config: unknown establishment", test_unknown_establishment},
	{"config: action key parts ('/', length)", test_key_parts},
	{"config: invalid dates", test_bad_date},
	{"config: owners, aliases and users", test_owner_checks},
	{"config: owners found by map as a scan in file order finds them", test_owner_lookups},
	{"config: the bundled plans", test_bundled},
	{"config: every key the loader accepts is in actionboard.yaml(5)", test_man_keys},
	{"config: the example files of actionboard.yaml(5) load", test_man_examples},
	{"config: the stream reads ahead and gives what the files hold", test_stream_ahead},
	{"config: the settings read on a second thread as at once", test_settings_pending},
	{"config: the database peeked from the settings' first bytes, only when plain", test_settings_database},
	{NULL, NULL},
};
