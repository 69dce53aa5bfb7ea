/*
 * cli — what the commands share (see cli.h): errors and options, the one --format parser,
 * rows in JSON and CSV, and opening the configuration and the database.
 */
#include "cli.h"
#include "privilege.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../config/config.h"
#include "../core/action.h"
#include "../core/catalog.h"
#include "../core/out.h"
#include "../core/query.h"
#include "../core/sync.h"
#include "../core/text.h"
#include "../core/key.h"

/* ---- errors and options --------------------------------------------------------------- */

int cli_parse_int(const char *cmd, const char *opt, const char *arg, long long min,
		  long long max, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(arg, &end, 10);
	/* strtoll takes leading spaces and stops at junk: "30abc" and " 3" are not numbers. */
	if (!isdigit((unsigned char)arg[arg[0] == '-' || arg[0] == '+']) || *end || errno ||
	    v < min || v > max) {
		if (max == LLONG_MAX)
			return cli_usage_error(cmd, "%s needs a whole number of at least %lld, not '%s'",
					       opt, min, arg);
		return cli_usage_error(cmd, "%s needs a whole number from %lld to %lld, not '%s'", opt,
				       min, max, arg);
	}
	*out = v;
	return 0;
}

int cli_finish(int status)
{
	/* Output that never reached its file (disk full, a file size limit, a closed pipe)
	 * makes the command fail, even when everything before it went well. */
	errno = 0;
	if ((fflush(stdout) == 0 && !ferror(stdout)) || status)
		return status; /* a failed command has said why already */
	ab_err err = {0};
	err_set_at(&err, EX_IOERR, "standard output", 0, 0, "cannot write: %s",
		   errno ? strerror(errno) : "write error");
	err_print(&err, stderr);
	return EX_IOERR;
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
	opterr = 0;
	int c = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (c == '?') {
		if (optopt)
			cli_usage_error(argv[0], "unknown option '-%c' or missing value", optopt);
		else
			cli_usage_error(argv[0], "unknown option '%s'", argv[optind - 1]);
		return -2;
	}
	if (c == ':') {
		cli_usage_error(argv[0], "option '%s' needs a value", argv[optind - 1]);
		return -2;
	}
	return c;
}

int cli_no_operands(int argc, char **argv)
{
	if (optind < argc)
		return cli_usage_error(argv[0], "unexpected argument '%s'", argv[optind]);
	return 0;
}

/* Every name --format knows, in the order usage errors list them; aliases are not listed. */
static const struct {
	const char *name;
	cli_format format;
	bool alias;
} cli_formats[] = {
	{"table", CLI_FMT_TABLE, false}, {"csv", CLI_FMT_CSV, false},
	{"json", CLI_FMT_JSON, false},   {"md", CLI_FMT_MARKDOWN, false},
	{"markdown", CLI_FMT_MARKDOWN, true}, {"html", CLI_FMT_HTML, false},
	{"xlsx", CLI_FMT_XLSX, false},
};

int cli_parse_format(const char *cmd, const char *arg, unsigned accepted, cli_format *out)
{
	char names[96] = "";
	for (size_t i = 0; i < sizeof cli_formats / sizeof cli_formats[0]; i++) {
		if (!(accepted & cli_formats[i].format))
			continue;
		if (!strcmp(arg, cli_formats[i].name)) {
			*out = cli_formats[i].format;
			return 0;
		}
		if (!cli_formats[i].alias)
			snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
				 *names ? ", " : "", cli_formats[i].name);
	}
	return cli_usage_error(cmd, "unknown format '%s' (%s)", arg, names);
}

/* ---- rows in the machine formats ----------------------------------------------------- */

void cli_json_object(FILE *fp, const cli_field *f, size_t n)
{
	fputc('{', fp);
	for (size_t i = 0; i < n; i++) {
		fprintf(fp, "%s\"%s\": ", i ? ", " : "", f[i].name);
		if (f[i].kind == CLI_OWNERS)
			out_owners_json(fp, f[i].text ? f[i].text : "");
		else if (f[i].kind == CLI_BOOL)
			fputs(f[i].num ? "true" : "false", fp);
		else if (f[i].kind == CLI_INT && !f[i].null)
			fprintf(fp, "%lld", f[i].num);
		else if (f[i].kind == CLI_INT)
			fputs("null", fp);
		else if (f[i].kind == CLI_REAL)
			fprintf(fp, "%.4f", f[i].real);
		else
			out_json_str(fp, f[i].text);
	}
	fputc('}', fp);
}

static void cli_csv_line(FILE *fp, const cli_field *f, size_t n, bool raw)
{
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		if (f[i].json_only)
			continue;
		if (!first)
			fputc(',', fp);
		first = false;
		if (f[i].kind == CLI_OWNERS) {
			char *joined = out_owners_joined(f[i].text ? f[i].text : "", "; ");
			out_csv_field(fp, joined ? joined : "", raw);
			free(joined);
		} else if (f[i].kind == CLI_BOOL) {
			fputs(f[i].num ? "true" : "false", fp);
		} else if (f[i].kind == CLI_INT) {
			if (!f[i].null)
				fprintf(fp, "%lld", f[i].num);
		} else if (f[i].kind == CLI_REAL) {
			fprintf(fp, "%.4f", f[i].real);
		} else {
			out_csv_field(fp, f[i].text, raw);
		}
	}
	fputs("\r\n", fp);
}

void cli_rows_begin(cli_rows *r, const cli_field *f, size_t n)
{
	if (r->format != CLI_FMT_CSV)
		return;
	if (r->bom)
		out_csv_bom(r->fp);
	bool first = true;
	for (size_t i = 0; i < n; i++)
		if (!f[i].json_only) {
			fprintf(r->fp, "%s%s", first ? "" : ",", f[i].name);
			first = false;
		}
	fputs("\r\n", r->fp);
}

void cli_rows_add(cli_rows *r, const cli_field *f, size_t n)
{
	if (r->format == CLI_FMT_JSON) {
		fputs(r->n ? ",\n  " : "[\n  ", r->fp);
		cli_json_object(r->fp, f, n);
	} else if (r->format == CLI_FMT_CSV) {
		cli_csv_line(r->fp, f, n, r->raw);
	}
	r->n++;
}

void cli_rows_end(cli_rows *r)
{
	if (r->format == CLI_FMT_JSON)
		fputs(r->n ? "\n]\n" : "[]\n", r->fp);
}

/* ---- the rows every command shows the same way ------------------------------------------ */

size_t cli_action_fields(const query_action *r, char key[512], cli_field *f)
{
	key_format(key, 512, r->establishment, r->cycle, r->action_id);
	const cli_field row[CLI_ACTION_FIELDS] = {
		CLI_F_TEXT("key", key),
		CLI_F_TEXT("establishment", r->establishment),
		CLI_F_TEXT("cycle", r->cycle),
		CLI_F_TEXT("scheme", r->scheme),
		CLI_F_TEXT("item_ref", r->item_ref),
		CLI_F_INT_OR_NULL("item_seq", r->item_seq),
		CLI_F_TEXT("category", r->category),
		CLI_F_TEXT("directed_to", r->directed_to),
		CLI_F_TEXT("agreement", r->agreement),
		CLI_F_TEXT("action_id", r->action_id),
		CLI_F_TEXT("text", r->text),
		CLI_F_OWNERS("owners", r->owners),
		CLI_F_TEXT("target", r->target),
		CLI_F_DATE("due", r->due),
		CLI_F_DATE("due_original", r->due_original),
		CLI_F_TEXT("due_reason", r->due_reason),
		CLI_F_TEXT("status", r->status),
		CLI_F_BOOL("overdue", r->overdue),
		CLI_F_INT("version", r->version),
		CLI_F_TEXT("updated_by", r->updated_by),
		CLI_F_TIME("updated_at", r->updated_at),
		/* Added after the first release: new fields go last, so that a CSV consumer that
		 * reads columns by position keeps them. */
		CLI_F_TEXT("item_text", r->item_text),
		CLI_F_TEXT("last_note", r->last_note),
		CLI_F_TIME("last_note_at", r->last_note_at),
		CLI_F_INT_OR_NULL("slip_days", r->slip_days),
		CLI_F_TEXT("verification", r->verification),
		CLI_F_TEXT("verified_by", r->verified_by),
		CLI_F_TIME("verified_at", r->verified_at),
		CLI_F_TEXT("origin", r->origin),
		CLI_F_TEXT("amended_by", r->amended_by),
		CLI_F_TIME("amended_at", r->amended_at),
	};
	memcpy(f, row, sizeof row);
	return CLI_ACTION_FIELDS;
}

size_t cli_item_fields(const query_item *r, cli_field *f)
{
	const cli_field row[CLI_ITEM_FIELDS] = {
		CLI_F_TEXT("establishment", r->establishment),
		CLI_F_TEXT("cycle", r->cycle),
		CLI_F_TEXT("scheme", r->scheme),
		CLI_F_TEXT("ref", r->ref),
		CLI_F_INT_OR_NULL("seq", r->seq),
		CLI_F_TEXT("category", r->category),
		CLI_F_TEXT("directed_to", r->directed_to),
		CLI_F_TEXT("agreement", r->agreement),
		CLI_F_TEXT("agreement_note", r->agreement_note),
		CLI_F_TEXT("repeated_from", r->repeated_from),
		CLI_F_TEXT("text", r->text),
		CLI_F_INT("actions_total", r->actions_total),
		CLI_F_INT("actions_completed", r->actions_completed),
		CLI_F_INT("actions_overdue", r->actions_overdue),
	};
	memcpy(f, row, sizeof row);
	return CLI_ITEM_FIELDS;
}

/* A text field that is "" when absent: null instead. */
static const char *cli_or_null(const char *s)
{
	return s && *s ? s : NULL;
}

size_t cli_item_assess_fields(const query_item *r, const assess_item *a, char key[KEY_LEN],
			      cli_field *f)
{
	key_format(key, KEY_LEN, r->establishment ? r->establishment : "",
		   r->cycle ? r->cycle : "", r->ref ? r->ref : "");
	const cli_field row[CLI_ITEM_ASSESS_FIELDS] = {
		CLI_F_TEXT("key", key),
		CLI_F_TEXT("repeats", cli_or_null(a->earlier_key)),
		CLI_F_TEXT("repeated_by", cli_or_null(a->later_key)),
		CLI_F_TEXT("irp", cli_or_null(a->j[JUDGE_IRP].value)),
		CLI_F_DATE("irp_date", cli_or_null(a->j[JUDGE_IRP].date)),
		CLI_F_TEXT("inspection", cli_or_null(a->j[JUDGE_INSPECTION].value)),
		CLI_F_DATE("inspection_date", cli_or_null(a->j[JUDGE_INSPECTION].date)),
		CLI_F_TEXT("self", cli_or_null(a->j[JUDGE_SELF].value)),
		CLI_F_DATE("self_date", cli_or_null(a->j[JUDGE_SELF].date)),
		CLI_F_TEXT("disagreement", assess_gap_name(a->gap)),
		CLI_F_INT("actions_slipped", a->slipped),
		CLI_F_INT("slip_days", a->slip_days),
	};
	memcpy(f, row, sizeof row);
	return CLI_ITEM_ASSESS_FIELDS;
}

size_t cli_event_fields(const action_event *e, cli_field *f)
{
	const cli_field row[CLI_EVENT_FIELDS] = {
		CLI_F_TEXT("at", e->at),       CLI_F_TEXT("user", e->user),
		CLI_F_TEXT("kind", e->kind),   CLI_F_TEXT("field", e->field),
		CLI_F_TEXT("old", e->old),     CLI_F_TEXT("new", e->new_),
		CLI_F_TEXT("note", e->note),
		CLI_F_INT_OR_NULL("id", e->id), /* none for an item's events */
		CLI_F_INT_OR_NULL("reverses", e->reverses),
		CLI_F_INT_OR_NULL("reversed_by", e->reversed_by),
	};
	memcpy(f, row, sizeof row);
	return CLI_EVENT_FIELDS;
}

/* ---- the terminal ---------------------------------------------------------------------- */

int cli_columns(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *env = getenv("COLUMNS");
	int n = env ? atoi(env) : 0;
	return n > 0 ? n : 80;
}

/* A sync progress line on stderr when it is a terminal (a sync_progress_fn). */
static void cli_sync_progress(size_t done, size_t total, void *ctx)
{
	(void)ctx;
	/* Only worth showing on a terminal, and only for work that takes a moment. */
	if (total < 20 || !isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\ractionboard: syncing plan %zu of %zu", done, total);
	if (done == total)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

/* ---- configuration and the database --------------------------------------------------- */

int cli_load_config(cli_ctx *ctx, bool settings_only, model_config **out, ab_err *err)
{
	if (settings_only && ctx->settings) { /* read once already: at 1m, 30 ms a read */
		*out = ctx->settings;
		ctx->settings = NULL;
		return 0;
	}
	char *path = config_find(ctx->config_opt, err);
	if (!path)
		return err->code;
	int rc = settings_only ? config_load_settings(path, out, err)
			       : config_load(path, stderr, out, err);
	free(path);
	return rc;
}

/* mkdir -p for the directory part of `path`. */
static int make_parent_dirs(const char *path, ab_err *err)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0775) != 0 && errno != EEXIST)
			return err_set_at(err, EX_CANTCREAT, buf, 0, 0, "cannot create directory: %s",
					  strerror(errno));
		*p = '/';
	}
	return 0;
}

int cli_db_path(cli_ctx *ctx, const model_config *cfg, char *buf, size_t n, ab_err *err)
{
	if (ctx->db_opt) {
		snprintf(buf, n, "%s", ctx->db_opt);
		return 0;
	}
	if (cfg && cfg->database) {
		snprintf(buf, n, "%s", cfg->database);
		return 0;
	}
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(buf, n, "%s/actionboard/actionboard.db", xdg);
	else if (home && *home)
		snprintf(buf, n, "%s/.local/share/actionboard/actionboard.db", home);
	else
		return err_set(err, EX_CONFIG, "no database: set HOME, XDG_DATA_HOME or use --db");
	return make_parent_dirs(buf, err);
}

/* sync_files()'s source over a configuration stream. */
static const char *cli_source_path(void *ctx, size_t i)
{
	return config_stream_path(ctx, i);
}

static int cli_source_read(void *ctx, size_t i, const model_plan **plan, ab_err *err)
{
	return config_stream_plan(ctx, i, plan, err);
}

int cli_open_stream(cli_ctx *ctx, config_stream **out, ab_err *err)
{
	char *path = config_find(ctx->config_opt, err);
	if (!path)
		return err->code;
	int rc = config_open(path, stderr, out, err);
	free(path);
	return rc;
}

int cli_sync(cli_ctx *ctx, store *st, config_stream *cs, int flags, bool progress,
	     sync_stats *stats, ab_err *err)
{
	sync_source src = {cs, config_stream_nplans(cs), cli_source_path, cli_source_read};
	return sync_files(st, config_stream_config(cs), &src, flags, ctx->user, stats,
			  progress ? cli_sync_progress : NULL, NULL, err);
}

/* Fills a new database, or one whose first fill was interrupted (the schema is committed
 * on its own, so such a database has tables but no establishment), reading the plans one
 * at a time from cs (taken over and closed; NULL: opened here). */
static int cli_fill_if_empty(cli_ctx *ctx, store *st, config_stream *cs, ab_err *err)
{
	bool empty = false;
	if (store_readonly(st) || catalog_empty(st, &empty, err) || !(empty || store_created(st))) {
		config_close(cs, false); /* cs: opened by the caller, or NULL */
		return err->code;
	}
	if (!cs && cli_open_stream(ctx, &cs, err))
		return err->code;
	sync_stats stats;
	int rc = cli_sync(ctx, st, cs, 0, true, &stats, err);
	if (!rc && sync_changes(&stats))
		cli_say(stderr, "actionboard: filled %s from %s (%d changes)\n", store_path(st),
			config_stream_config(cs)->path, sync_changes(&stats));
	config_close(cs, rc == 0);
	return rc;
}

/* After the database at `path` opened: the snapshot's note, and the fill of an empty one
 * (cs as cli_fill_if_empty). On failure *st is closed and, when it was `missing`, the
 * half-made file removed. */
static int cli_store_ready(cli_ctx *ctx, const char *path, bool missing, store **st,
			   config_stream *cs, ab_err *err)
{
	if (store_snapshot(*st))
		cli_say(stderr,
			"actionboard: %s: read-only snapshot (you may not create files beside it): "
			"changes made by others after now will not show\n",
			path);
	if (cli_fill_if_empty(ctx, *st, cs, err)) {
		store_close(*st);
		*st = NULL;
		if (missing) /* the plans did not read well: leave no half-made database */
			unlink(path);
		return err->code;
	}
	return 0;
}

int cli_open_store(cli_ctx *ctx, bool write, store **out, model_config **settings,
		   ab_err *err)
{
	char path[PATH_MAX];
	model_config *cfg = NULL;
	config_stream *cs = NULL;
	*out = NULL;
	if (settings)
		*settings = NULL;
	/* The settings find the database and say who may write; the plans only fill a new one. */
	if ((!ctx->db_opt || settings) && cli_load_config(ctx, true, &cfg, err))
		return err->code;
	if (cli_db_path(ctx, cfg, path, sizeof path, err))
		goto fail;
	/* A missing database is created only once the settings and establishments read well
	 * (the plans are read while it fills). */
	bool missing = !privilege_exists(path);
	if (missing && cli_open_stream(ctx, &cs, err))
		goto fail;
	if (privilege_store_open(path, (missing || write) ? STORE_CREATE : 0, out, err)) {
		config_close(cs, false);
		goto fail;
	}
	if (cli_store_ready(ctx, path, missing, out, cs, err))
		goto fail;
	if (settings)
		*settings = cfg;
	else
		model_config_free(cfg);
	return 0;
fail:
	model_config_free(cfg);
	return err->code;
}

/* Whether the dashboard may read the settings while it reads the database: it is filled
 * (nothing to sync into it) and not a snapshot (whose note comes after the settings). */
static bool cli_store_settled(store *st)
{
	bool empty = true;
	ab_err ignored = {0}; /* cli_store_ready() meets it again and reports it */
	return !store_snapshot(st) &&
	       (store_readonly(st) || (!catalog_empty(st, &empty, &ignored) && !empty));
}

int cli_open_dashboard(cli_ctx *ctx, store **out, model_config **settings,
		       config_pending **pending, ab_err *err)
{
	*out = NULL;
	*settings = NULL;
	*pending = NULL;
	/* Without --db the settings name the database: found from the file's first bytes
	 * when they say it plainly (config_settings_database), else read first. A database
	 * opening would write to is opened after them, as by every command, so that a bad
	 * settings file stops the dashboard before it writes anything: a missing one
	 * (filled from the configuration), one at another schema version (migrated), one not
	 * in WAL mode (switched to it). The shared server's settings were read already
	 * (privilege_apply): nothing to read beside the database there. */
	if (ctx->settings)
		return cli_open_store(ctx, false, out, settings, err);
	char *path = config_find(ctx->config_opt, err);
	if (!path)
		return err->code;
	char *named = ctx->db_opt ? NULL : config_settings_database(path);
	const char *db = ctx->db_opt ? ctx->db_opt : named;
	long version;
	bool wal;
	if (!db || store_file_peek(db, &version, &wal) || version != STORE_SCHEMA_VERSION || !wal) {
		free(named);
		free(path);
		return cli_open_store(ctx, false, out, settings, err);
	}
	int rc = privilege_store_open(db, 0, out, err);
	if (!rc && cli_store_settled(*out)) {
		*pending = config_settings_start(path, named);
		free(named);
		free(path);
		return 0;
	}
	/* Otherwise as cli_open_store(): the settings' error first, then the database's. */
	ab_err store_err = *err;
	int src = config_load_settings_named(path, named, settings, err);
	free(path);
	if (!src && rc)
		*err = store_err;
	if (!src && !rc && !cli_store_ready(ctx, db, false, out, NULL, err)) {
		free(named);
		return 0;
	}
	free(named);
	store_close(*out);
	*out = NULL;
	model_config_free(*settings);
	*settings = NULL;
	return err->code;
}
