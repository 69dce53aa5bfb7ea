/*
 * libFuzzer target for the importer (import/): any bytes in, and either an error with a
 * sysexits code or YAML that libyaml parses to the end, with no HTML tag in any of its
 * scalars. A crash, a leak (ASan's leak checker), undefined behaviour, a hang, invalid
 * YAML or a tag that survived is a finding. fuzz/replay.c runs it on files without
 * libFuzzer (the meson test import-replay does, on tests/data).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../import/import.h"

/* The bundled settings' owners, so that owner splitting and alias folding run too. */
static char *gov_aliases[] = {"Governor.", "The Governor"};
static char *hot_aliases[] = {"Head of Transformation for Spectrum"};
static char *novus_aliases[] = {"Director of Novus (education provider)"};
static char *nm_aliases[] = {"Novus"};
static char *nhse_aliases[] = {"NHSE"};
static model_owner owners[] = {
	{.name = "Governor", .aliases = gov_aliases, .naliases = 2},
	{.name = "Head of Transformation", .aliases = hot_aliases, .naliases = 1},
	{.name = "Director of Novus", .aliases = novus_aliases, .naliases = 1},
	{.name = "Novus Managers", .aliases = nm_aliases, .naliases = 1},
	{.name = "HMPPS"},
	{.name = "HMPPS Executive Director for Safety and Rehabilitation"},
	{.name = "Capacity Management, HMPPS Prison Supply Directorate"},
	{.name = "NHS England", .aliases = nhse_aliases, .naliases = 1},
	{.name = "Director of NHS England and NHS Improvement North Region"},
};
static model_config settings = {.owners = owners, .nowners = sizeof owners / sizeof owners[0]};

/*
 * Is there a tag in s? The importer's contract, checked by a second reading of it: '<',
 * maybe '/', a letter, name characters, then '>' at once or after a space or '/' and
 * attributes (a quoted value may hold '>'), no '<' inside, at most 256 bytes; or "<!…>".
 */
static int has_tag(const char *s)
{
	for (const char *lt = strchr(s, '<'); lt; lt = strchr(lt + 1, '<')) {
		const char *p = lt + 1;
		if (*p == '!') {
			const char *gt = strpbrk(p, "<>");
			if (gt && *gt == '>' && gt - lt < 256)
				return 1;
			continue;
		}
		p += *p == '/';
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			continue;
		while (*p && (strchr("-:_.", *p) || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
			      (*p >= 'A' && *p <= 'Z')))
			p++;
		if (*p != '>' && *p != ' ' && *p != '/')
			continue;
		char quote = 0;
		for (; *p && *p != '<' && p - lt < 256; p++) {
			if (quote)
				quote = *p == quote ? 0 : quote;
			else if (*p == '"' || *p == '\'')
				quote = *p;
			else if (*p == '>')
				return 1;
		}
	}
	return 0;
}

static void yaml_must_parse(const char *text)
{
	yaml_parser_t p;
	yaml_event_t ev;
	if (!yaml_parser_initialize(&p))
		abort();
	yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
	for (;;) {
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "invalid YAML from the importer: %s at line %zu\n%s\n", p.problem,
				p.problem_mark.line + 1, text);
			abort();
		}
		if (ev.type == YAML_SCALAR_EVENT && has_tag((const char *)ev.data.scalar.value)) {
			fprintf(stderr, "a tag survived the import: %s\n", ev.data.scalar.value);
			abort();
		}
		int done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (done)
			break;
	}
	yaml_parser_delete(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	import_opts opt = {.source = "fuzz.txt", .settings = &settings};
	/* One input in four runs without --establishment/--cycle, so derivation runs too. */
	if (size && data[0] % 4 == 0)
		opt.establishment = "FUZ", opt.cycle = "2020-01";
	char *yaml = NULL;
	ab_err err = {0};
	import_stats st;
	int rc = import_plan("fuzz.txt", (const char *)data, size, &opt, &yaml, NULL, &st, &err);
	if (rc == 0) {
		if (!yaml)
			abort();
		yaml_must_parse(yaml);
	} else if (yaml || (rc != EX_DATAERR && rc != EX_OSERR) || !err.msg[0]) {
		fprintf(stderr, "import_plan: code %d, message '%s'\n", rc, err.msg);
		abort();
	}
	free(yaml);
	return 0;
}
