/* The import command: a published action plan's extracted text to plan YAML. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../import/import.h"
#include "cli.h"

/* Reads all of `path` ("-": stdin), at most IMPORT_MAX_INPUT + 1 bytes so that the core
 * can refuse a larger file with its own message. */
static int read_input(const char *path, char **data, size_t *len, ab_err *err)
{
	FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!fp)
		return err_set_at(err, errno == ENOENT ? EX_NOINPUT : EX_IOERR, path, 0, 0,
				  "cannot open: %s", strerror(errno));
	size_t cap = 65536, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap > IMPORT_MAX_INPUT)
				break;
			buf = xrealloc(buf, cap *= 2);
		}
		size_t got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	bool bad = ferror(fp);
	int saved = errno;
	if (fp != stdin)
		fclose(fp);
	if (bad) {
		free(buf);
		return err_set_at(err, EX_IOERR, path, 0, 0, "cannot read: %s", strerror(saved));
	}
	*data = buf;
	*len = n;
	return 0;
}

/*
 * Writes the YAML to `path` with util_atomic: the temporary file beside it is created
 * exclusively (never a planted file or symlink), and renamed into place only when the
 * whole text is written and synced, so a failed write leaves no half file. An existing
 * file at `path` is replaced, as the user asked for it by name.
 */
static int write_output(const char *path, const char *yaml, ab_err *err)
{
	util_atomic a;
	int rc = util_atomic_begin(&a, path, 0666, err);
	if (rc)
		return rc;
	if (fputs(yaml, a.fp) < 0) {
		int saved = errno;
		util_atomic_abort(&a);
		return err_set_at(err, EX_IOERR, path, 0, 0, "cannot write: %s", strerror(saved));
	}
	return util_atomic_commit(&a, true, err);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* import_plan, its warnings (which quote the plan's text) written to stderr made safe. */
static int import_with_warnings(const char *in, const char *data, size_t len,
				const import_opts *io, char **yaml, import_stats *st, ab_err *err)
{
	char *wbuf = NULL;
	size_t wlen = 0;
	FILE *wfp = open_memstream(&wbuf, &wlen);
	if (!wfp) /* its one failure: no memory */
		xmalloc_fail(BUFSIZ);
	int rc = import_plan(in, data, len, io, yaml, wfp, st, err);
	fclose(wfp);
	if (wbuf)
		text_put(stderr, wbuf, TEXT_MULTILINE);
	free(wbuf);
	return rc;
}

int cmd_import(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
					     {"establishment", required_argument, NULL, 'e'},
					     {"cycle", required_argument, NULL, 'c'},
					     {"no-source", no_argument, NULL, 'S'},
					     {0}};
	const char *out = NULL;
	import_opts io = {0};
	bool source = true;
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "o:e:c:", opts)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'e': io.establishment = optarg; break;
		case 'c': io.cycle = optarg; break;
		case 'S': source = false; break;
		default: return EX_USAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(argv[0], optind >= argc ? "which file? give the plan's text file"
							       : "one file at a time");
	if ((io.establishment && !*io.establishment) || (io.cycle && !*io.cycle))
		return cli_usage_error(argv[0], "--establishment and --cycle need a value");
	const char *in = argv[optind];
	ab_err err = {0};
	model_config *settings = NULL;
	if (cli_load_config(ctx, true, &settings, &err))
		return cli_error(&err);
	char *data = NULL, *yaml = NULL;
	size_t len = 0;
	import_stats st;
	io.settings = settings;
	io.source = source && strcmp(in, "-") ? base_name(in) : NULL;
	int rc = read_input(in, &data, &len, &err);
	if (!rc)
		rc = import_with_warnings(in, data, len, &io, &yaml, &st, &err);
	if (!rc && out)
		rc = write_output(out, yaml, &err);
	else if (!rc && (fputs(yaml, stdout) < 0 || fflush(stdout) != 0))
		rc = err_set(&err, EX_IOERR, "cannot write the YAML to stdout");
	if (!rc && out)
		cli_say(stderr, "actionboard: wrote %s: %s scheme, %d items, %d actions, %d warnings\n",
			out, st.scheme, st.items, st.actions, st.warnings);
	free(data);
	free(yaml);
	model_config_free(settings);
	return rc ? cli_error(&err) : 0;
}

const char cmd_import_usage[] =
	"import FILE [-o PLAN.yaml] [--establishment CODE] [--cycle ID]\n"
	 "\n"
	 "Reads the text extracted from an action plan HMPPS published (PDF or Word: one table\n"
	 "row per line, cells split by tabs, <p>/<ul>/<li> paragraphs) and writes a plan file\n"
	 "(the form of the bundled plans) to review and then load with 'actionboard sync'. HTML\n"
	 "tags are removed and entities decoded. FILE '-' reads stdin. Both schemes are\n"
	 "recognised from the table's header row; sections and \"Directed to:\" blocks set\n"
	 "category and directed_to; owners are matched with the owners and aliases of the\n"
	 "settings (--config). Every guess the importer makes is a warning on stderr as\n"
	 "FILE:LINE: warning: ...; read them while reviewing.\n"
	 "\n"
	 "  -o, --output PLAN.yaml     write there instead of stdout\n"
	 "  -e, --establishment CODE   establishment code (default: derived from the name in\n"
	 "                             the header, e.g. HMP Liverpool is LIV)\n"
	 "  -c, --cycle ID             cycle id (default: YYYY-MM of the inspection's start)\n"
	 "      --no-source            leave out the source: key (the input file's name)\n"
	 "\n"
	 "-o writes a temporary file beside PLAN.yaml and renames it into place once complete;\n"
	 "an existing PLAN.yaml is replaced.\n"
	 "\n"
	 "Exit status: 0 written, 65 the text is not a plan it can read (empty, binary, not\n"
	 "UTF-8, no plan table, a summary table that disagrees), 66 FILE missing, 73 PLAN.yaml\n"
	 "cannot be created.";
