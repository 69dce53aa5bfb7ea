/*
 * yaml_floor — the floor that `sync` from empty is compared with (bench/README.md, issue
 * 22 part 4): libyaml's event parser alone over every file the configuration lists, read
 * as sync reads them (the settings, then the establishments' and the plans' patterns
 * expanded in sorted order, each file through read() into yaml_parser_parse in a loop).
 * Nothing is built from the events: no document, no model, no database.
 *
 * usage: yaml_floor SETTINGS.yaml
 * Prints "files N bytes B events E" on stdout; exits 1 on any error. Compiled by bench/run
 * into its work directory (cc -O2, pkg-config yaml-0.1); not part of the project's build.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

typedef struct reader {
	int fd;
	unsigned long long bytes;
} reader;

/* libyaml's input handler: plain read(), as config/yaml_read.c's cfg_read. */
static int on_read(void *data, unsigned char *buf, size_t size, size_t *got)
{
	reader *r = data;
	ssize_t n;
	do
		n = read(r->fd, buf, size);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return 0;
	r->bytes += (unsigned long long)n;
	*got = (size_t)n;
	return 1;
}

/* The patterns under the settings' top-level keys `establishments` and `plans`. */
typedef struct patterns {
	char **v;
	size_t n, cap;
} patterns;

static void patterns_add(patterns *p, const char *s)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 8;
		if (!(p->v = realloc(p->v, p->cap * sizeof *p->v)))
			abort();
	}
	if (!(p->v[p->n++] = strdup(s)))
		abort();
}

/* Parses one file to its end, counting events; with `est`/`plans`, collects the settings'
 * patterns (establishments first, as config_read expands them). Returns 0 or -1. */
static int parse(const char *path, unsigned long long *bytes, unsigned long long *events,
		 patterns *est, patterns *plans)
{
	reader r = {open(path, O_RDONLY | O_CLOEXEC), 0};
	if (r.fd < 0) {
		fprintf(stderr, "yaml_floor: %s: %s\n", path, strerror(errno));
		return -1;
	}
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		abort();
	yaml_parser_set_input(&p, on_read, &r);
	int depth = 0, rc = 0;
	patterns *into = NULL; /* the key whose value is being read, at depth 1 */
	int want_key = 0;      /* at depth 1, the next scalar is a key */
	for (int done = 0; !done;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "yaml_floor: %s:%zu: %s\n", path, p.problem_mark.line + 1,
				p.problem ? p.problem : "parse error");
			rc = -1;
			break;
		}
		(*events)++;
		switch (ev.type) {
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			depth++;
			want_key = depth == 1 && ev.type == YAML_MAPPING_START_EVENT;
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			if (--depth == 1) { /* a value ended: the next scalar is a key */
				want_key = 1;
				into = NULL;
			}
			break;
		case YAML_SCALAR_EVENT:
			if (est && depth == 1 && want_key) {
				const char *k = (const char *)ev.data.scalar.value;
				into = !strcmp(k, "establishments") ? est : !strcmp(k, "plans") ? plans : NULL;
				want_key = 0;
			} else if (into && depth <= 2) {
				patterns_add(into, (const char *)ev.data.scalar.value);
				if (depth == 1) { /* a single pattern, not a list */
					into = NULL;
					want_key = 1;
				}
			} else if (depth == 1) {
				want_key = 1;
			}
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	close(r.fd);
	*bytes += r.bytes;
	return rc;
}

/* Every file the patterns name, relative to dir, in glob's sorted order. */
static int parse_all(const char *dir, const patterns *ps, unsigned long long *files,
		     unsigned long long *bytes, unsigned long long *events)
{
	for (size_t i = 0; i < ps->n; i++) {
		char pat[PATH_MAX];
		snprintf(pat, sizeof pat, ps->v[i][0] == '/' ? "%s%s" : "%s/%s",
			 ps->v[i][0] == '/' ? "" : dir, ps->v[i]);
		glob_t g;
		int rc = glob(pat, 0, NULL, &g);
		if (rc == GLOB_NOMATCH)
			continue;
		if (rc) {
			fprintf(stderr, "yaml_floor: cannot expand %s\n", pat);
			return -1;
		}
		for (size_t j = 0; j < g.gl_pathc && !rc; j++) {
			rc = parse(g.gl_pathv[j], bytes, events, NULL, NULL);
			(*files)++;
		}
		globfree(&g);
		if (rc)
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: yaml_floor SETTINGS.yaml\n");
		return 2;
	}
	char real[PATH_MAX];
	if (!realpath(argv[1], real)) {
		fprintf(stderr, "yaml_floor: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	char copy[PATH_MAX];
	memcpy(copy, real, sizeof copy);
	const char *dir = dirname(copy);
	patterns est = {0}, plans = {0};
	unsigned long long files = 1, bytes = 0, events = 0;
	int rc = parse(real, &bytes, &events, &est, &plans) ||
		 parse_all(dir, &est, &files, &bytes, &events) ||
		 parse_all(dir, &plans, &files, &bytes, &events);
	for (size_t i = 0; i < est.n; i++)
		free(est.v[i]);
	for (size_t i = 0; i < plans.n; i++)
		free(plans.v[i]);
	free(est.v);
	free(plans.v);
	if (rc)
		return 1;
	printf("files %llu bytes %llu events %llu\n", files, bytes, events);
	return 0;
}
