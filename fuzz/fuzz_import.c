/*
 * libFuzzer target for the importer (core/import.c): any bytes in, and either an error
 * with a sysexits code or YAML that libyaml parses to the end. A crash, a leak (ASan's
 * leak checker), undefined behaviour, a hang or invalid YAML is a finding.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../core/import.h"

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
		abort();
	}
	free(yaml);
	return 0;
}
