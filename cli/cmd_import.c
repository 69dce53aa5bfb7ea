/* The import command: a published action plan's extracted text to plan YAML. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../config/config.h"
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

/* --text to a terminal or a pipe: the document's text is shown, never obeyed (text_put),
 * its tabs and line ends kept, as they split cells and rows. */
static void put_text(FILE *fp, const char *s)
{
	for (const char *tab; (tab = strchr(s, '\t')); s = tab + 1) {
		text_put_n(fp, s, (size_t)(tab - s), TEXT_MULTILINE);
		fputc('\t', fp);
	}
	text_put(fp, s, TEXT_MULTILINE);
}

/* --text: the plan text a document is read as (the lines warnings count), malloc'd. */
static int text_of(const char *in, const char *data, size_t len, char **out, ab_err *err)
{
	int rc = import_text(in, data, len, out, NULL, err);
	if (!rc && !*out)
		*out = xstrndup(data, len);
	return rc;
}

int cmd_import(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
					     {"establishment", required_argument, NULL, 'e'},
					     {"cycle", required_argument, NULL, 'c'},
					     {"no-source", no_argument, NULL, 'S'},
					     {"text", no_argument, NULL, 'T'},
					     {0}};
	const char *out = NULL;
	import_opts io = {0};
	bool source = true, text_only = false;
	int c;
	optind = 0; /* 0: GNU getopt starts afresh */
	while ((c = cli_getopt(argc, argv, "o:e:c:", opts)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'e': io.establishment = optarg; break;
		case 'c': io.cycle = optarg; break;
		case 'S': source = false; break;
		case 'T': text_only = true; break;
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
	config_stream *cs = NULL; /* the settings and establishment files; plans are not read */
	if (cli_open_stream(ctx, &cs, &err))
		return cli_error(&err);
	const model_config *settings = config_stream_config(cs);
	char *data = NULL, *yaml = NULL;
	size_t len = 0;
	import_stats st;
	io.settings = settings;
	io.source = source && strcmp(in, "-") ? base_name(in) : NULL;
	int rc = read_input(in, &data, &len, &err);
	if (!rc && text_only)
		rc = text_of(in, data, len, &yaml, &err);
	else if (!rc)
		rc = import_with_warnings(in, data, len, &io, &yaml, &st, &err);
	if (!rc && out)
		rc = write_output(out, yaml, &err);
	else if (!rc && text_only && (put_text(stdout, yaml), fflush(stdout) != 0 || ferror(stdout)))
		rc = err_set(&err, EX_IOERR, "cannot write the text to stdout");
	else if (!rc && !text_only && (fputs(yaml, stdout) < 0 || fflush(stdout) != 0))
		rc = err_set(&err, EX_IOERR, "cannot write the YAML to stdout");
	if (!rc && out && !text_only)
		cli_say(stderr, "actionboard: wrote %s: read as %s, %s scheme, %d items, %d actions, %d warnings\n",
			out, st.form, st.scheme, st.items, st.actions, st.warnings);
	free(data);
	free(yaml);
	config_close(cs, false);
	return rc ? cli_error(&err) : 0;
}

const char cmd_import_usage[] =
	"import FILE [-o PLAN.yaml] [--establishment CODE] [--cycle ID] [--text]\n"
	 "\n"
	 "Reads an action plan as HMPPS published it and writes a plan file (the form of the\n"
	 "bundled plans) to review and then load with 'actionboard sync'. FILE may be Word\n"
	 "(.docx), OpenDocument text (.odt), PDF, an HTML page, text whose columns are aligned\n"
	 "with spaces (pdftotext -layout), or text with tab-separated cells and <p>/<ul>/<li>\n"
	 "paragraphs; the form is told from the content, not the name. FILE '-' reads stdin.\n"
	 "Both schemes are recognised from the table's header row; sections and \"Directed\n"
	 "to:\" blocks set category and directed_to; owners are matched with the owners and\n"
	 "aliases of the settings (--config). Every guess the importer makes is a warning on\n"
	 "stderr as FILE:LINE: warning: ...; read them while reviewing. For a document, LINE\n"
	 "counts the lines of the text --text prints.\n"
	 "\n"
	 "  -o, --output PLAN.yaml     write there instead of stdout\n"
	 "  -e, --establishment CODE   establishment code (default: the settings' code for the\n"
	 "                             name in the header, else the prison register's agency\n"
	 "                             code, e.g. HMP Brixton is BXI)\n"
	 "  -c, --cycle ID             cycle id (default: YYYY-MM of the inspection's start)\n"
	 "      --no-source            leave out the source: key (the input file's name)\n"
	 "      --text                 print the text the document is read as, not the plan\n"
	 "\n"
	 "-o writes a temporary file beside PLAN.yaml and renames it into place once complete;\n"
	 "an existing PLAN.yaml is replaced.\n"
	 "\n"
	 "Exit status: 0 written, 65 the input is not a plan it can read (empty, binary, not\n"
	 "UTF-8, no plan table, a summary table that disagrees, a damaged, encrypted, scanned\n"
	 "or hostile document), 66 FILE missing, 69 a form this build has no library for,\n"
	 "73 PLAN.yaml cannot be created.";
