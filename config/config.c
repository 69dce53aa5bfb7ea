#include "config.h"

#include <errno.h>
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "../core/date.h"

/* One YAML file being read: its parsed document and the name errors use. */
typedef struct cfg_doc {
	yaml_document_t doc;
	const char *file;
	model_config *cfg;
	ab_err *err;
} cfg_doc;

/*
 * The keys of every mapping the loader reads, one table per kind of mapping. A mapping
 * accepts exactly the keys of its table; a leading '!' marks a required key (it is not
 * part of the name). The field functions below switch on a key's index, so the order of a
 * table is part of the code. config_keys_each() walks these same tables.
 */
enum cfg_table_id {
	CFG_SETTINGS, CFG_OWNER, CFG_USER, CFG_ESTABLISHMENT, CFG_PLAN, CFG_RANGE, CFG_ITEM,
	CFG_ACTION, CFG_NTABLES
};

static const char *const cfg_keys_settings[] = {"database", "establishments", "plans",
						"owners", "users", NULL};
static const char *const cfg_keys_owner[] = {"!name", "aliases", NULL};
static const char *const cfg_keys_user[] = {"!role", "owners", NULL};
static const char *const cfg_keys_establishment[] = {"!code", "!name", "description",
						      "region", "function", NULL};
static const char *const cfg_keys_plan[] = {"!establishment", "!cycle", "!scheme",
					    "inspection", "report_published", "plan_submitted",
					    "source", "!items", NULL};
static const char *const cfg_keys_range[] = {"!from", "!to", NULL};
static const char *const cfg_keys_item[] = {"!ref", "seq", "!category", "directed_to",
					    "agreement", "agreement_note", "repeated_from",
					    "!text", "actions", NULL};
static const char *const cfg_keys_action[] = {"!id", "!text", "owners", "target", NULL};

static const struct cfg_table {
	const char *file;   /* "settings", "establishment" or "plan" */
	const char *parent; /* the key this mapping sits under; NULL at the top of the file */
	const char *const *keys;
} cfg_tables[CFG_NTABLES] = {
	[CFG_SETTINGS] = {"settings", NULL, cfg_keys_settings},
	[CFG_OWNER] = {"settings", "owners", cfg_keys_owner},
	[CFG_USER] = {"settings", "users", cfg_keys_user},
	[CFG_ESTABLISHMENT] = {"establishment", NULL, cfg_keys_establishment},
	[CFG_PLAN] = {"plan", NULL, cfg_keys_plan},
	[CFG_RANGE] = {"plan", "inspection", cfg_keys_range},
	[CFG_ITEM] = {"plan", "items", cfg_keys_item},
	[CFG_ACTION] = {"plan", "actions", cfg_keys_action},
};

/* ---- small helpers -------------------------------------------------------------- */

static int cfg_oom(ab_err *err)
{
	return err_set(err, EX_OSERR, "out of memory");
}

static int cfg_fail(cfg_doc *d, const yaml_node_t *n, const char *fmt, const char *a,
		    const char *b)
{
	char msg[900];
	snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
	return err_set_at(d->err, EX_CONFIG, d->file, n ? (int)n->start_mark.line + 1 : 0,
			  n ? (int)n->start_mark.column + 1 : 0, "%s", msg);
}

static model_pos cfg_pos(cfg_doc *d, const yaml_node_t *n)
{
	return (model_pos){d->file, (int)n->start_mark.line + 1, (int)n->start_mark.column + 1};
}

static yaml_node_t *cfg_node(cfg_doc *d, int id)
{
	return yaml_document_get_node(&d->doc, id);
}

static const char *cfg_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return "a scalar";
	}
}

/* A plain `~`, `null` or empty scalar means "no value". */
static bool cfg_is_null(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	const char *v = (const char *)n->data.scalar.value;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	       !strcmp(v, "NULL");
}

static int cfg_expect(cfg_doc *d, const yaml_node_t *n, yaml_node_type_t type,
		      const char *what)
{
	if (n->type == type)
		return 0;
	const char *want = type == YAML_MAPPING_NODE ? "a mapping"
			   : type == YAML_SEQUENCE_NODE ? "a list"
							: "a string";
	char buf[300];
	snprintf(buf, sizeof buf, "'%s' must be %s, not %%s%%s", what, want);
	return cfg_fail(d, n, buf, cfg_kind(n), "");
}

/* A string value; NULL result (and no error) for a null when `optional`. */
static int cfg_str(cfg_doc *d, const yaml_node_t *n, const char *key, bool optional,
		   char **out)
{
	*out = NULL;
	if (optional && cfg_is_null(n))
		return 0;
	if (cfg_expect(d, n, YAML_SCALAR_NODE, key))
		return d->err->code;
	if (!optional && cfg_is_null(n))
		return cfg_fail(d, n, "'%s' must not be empty", key, NULL);
	if (!(*out = strdup((const char *)n->data.scalar.value)))
		return cfg_oom(d->err);
	return 0;
}

static int cfg_date(cfg_doc *d, const yaml_node_t *n, const char *key, char out[11])
{
	if (cfg_expect(d, n, YAML_SCALAR_NODE, key))
		return d->err->code;
	const char *v = (const char *)n->data.scalar.value;
	date_t dt;
	if (!date_parse_iso(v, &dt))
		return cfg_fail(d, n, "'%s' is not a valid date (YYYY-MM-DD) in '%s'", v, key);
	snprintf(out, 11, "%s", v);
	return 0;
}

static int cfg_strlist(cfg_doc *d, const yaml_node_t *n, const char *key, char ***out,
		       size_t *count)
{
	*out = NULL;
	*count = 0;
	if (cfg_is_null(n))
		return 0;
	if (cfg_expect(d, n, YAML_SEQUENCE_NODE, key))
		return d->err->code;
	size_t len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (len == 0)
		return 0;
	if (!(*out = calloc(len, sizeof **out)))
		return cfg_oom(d->err);
	for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
		if (cfg_str(d, cfg_node(d, *i), key, false, &(*out)[*count]))
			return d->err->code;
		(*count)++;
	}
	return 0;
}

/*
 * Walks a mapping whose keys must be among `keys` (NULL-terminated). For each pair calls
 * fn(d, key index, value node, ctx). Reports unknown and duplicate keys, then missing
 * required keys (those whose name begins with '!', which is not part of the name).
 */
typedef int (*cfg_field_fn)(cfg_doc *d, int key, yaml_node_t *val, void *ctx);

static int cfg_map(cfg_doc *d, yaml_node_t *map, const char *what, const char *const *keys,
		   cfg_field_fn fn, void *ctx)
{
	if (cfg_expect(d, map, YAML_MAPPING_NODE, what))
		return d->err->code;
	unsigned seen = 0;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = cfg_node(d, p->key);
		if (k->type != YAML_SCALAR_NODE)
			return cfg_fail(d, k, "keys in %s must be plain names", what, NULL);
		const char *name = (const char *)k->data.scalar.value;
		int idx = -1;
		for (int i = 0; keys[i]; i++)
			if (!strcmp(keys[i] + (keys[i][0] == '!'), name))
				idx = i;
		if (idx < 0) {
			char expected[400] = "";
			for (int i = 0; keys[i]; i++) {
				size_t l = strlen(expected);
				snprintf(expected + l, sizeof expected - l, "%s%s", i ? ", " : "",
					 keys[i] + (keys[i][0] == '!'));
			}
			char buf[600];
			snprintf(buf, sizeof buf, "unknown key '%%s' in %s (expected one of: %%s)", what);
			return cfg_fail(d, k, buf, name, expected);
		}
		if (seen & (1u << idx))
			return cfg_fail(d, k, "duplicate key '%s' in %s", name, what);
		seen |= 1u << idx;
		if (fn(d, idx, cfg_node(d, p->value), ctx))
			return d->err->code;
	}
	for (int i = 0; keys[i]; i++)
		if (keys[i][0] == '!' && !(seen & (1u << i)))
			return cfg_fail(d, map, "%s is missing the required key '%s'", what, keys[i] + 1);
	return 0;
}

/* Parses one file into d->doc. */
static int cfg_parse(cfg_doc *d, const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return err_set_at(d->err, errno == ENOENT ? EX_NOINPUT : EX_CONFIG, path, 0, 0,
				  "cannot read: %s", strerror(errno));
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, fp);
	int ok = yaml_parser_load(&parser, &d->doc);
	if (!ok) {
		const yaml_mark_t *m = parser.problem ? &parser.problem_mark : &parser.mark;
		err_set_at(d->err, EX_CONFIG, path, (int)m->line + 1, (int)m->column + 1,
			   "YAML syntax: %s%s%s", parser.problem ? parser.problem : "parse error",
			   parser.context ? " " : "", parser.context ? parser.context : "");
	} else if (yaml_document_get_root_node(&d->doc)) {
		/* A second document ("---") would otherwise be ignored without a word. */
		yaml_document_t next;
		if (yaml_parser_load(&parser, &next)) {
			yaml_node_t *root = yaml_document_get_root_node(&next);
			if (root) {
				err_set_at(d->err, EX_CONFIG, path, (int)root->start_mark.line + 1,
					   (int)root->start_mark.column + 1,
					   "a second YAML document: one file holds one document");
				ok = 0;
			}
			yaml_document_delete(&next);
		} else {
			const yaml_mark_t *m = &parser.problem_mark;
			err_set_at(d->err, EX_CONFIG, path, (int)m->line + 1, (int)m->column + 1,
				   "YAML syntax: %s", parser.problem ? parser.problem : "parse error");
			ok = 0;
		}
		if (!ok)
			yaml_document_delete(&d->doc);
	}
	yaml_parser_delete(&parser);
	fclose(fp);
	if (!ok)
		return d->err->code;
	if (!yaml_document_get_root_node(&d->doc)) {
		yaml_document_delete(&d->doc);
		return err_set_at(d->err, EX_CONFIG, path, 1, 1, "the file is empty");
	}
	return 0;
}

/* Keeps the file name alive for model_pos and error messages. */
static const char *cfg_remember(model_config *cfg, const char *path)
{
	size_t cap = cfg->nfiles; /* grow by one each time: there are few files */
	char **p = realloc(cfg->files, (cap + 1) * sizeof *p);
	if (!p)
		return NULL;
	cfg->files = p;
	if (!(p[cfg->nfiles] = strdup(path)))
		return NULL;
	return p[cfg->nfiles++];
}

typedef int (*cfg_file_fn)(cfg_doc *d, yaml_node_t *root);

static int cfg_read_file(model_config *cfg, const char *path, cfg_file_fn fn, ab_err *err)
{
	cfg_doc d = {.cfg = cfg, .err = err};
	if (!(d.file = cfg_remember(cfg, path)))
		return cfg_oom(err);
	if (cfg_parse(&d, path))
		return err->code;
	int rc = fn(&d, yaml_document_get_root_node(&d.doc));
	yaml_document_delete(&d.doc);
	return rc;
}

/*
 * Reads a list of mappings into a new zeroed array of `size`-byte elements: cfg_map()
 * checks each one's keys and fills it through `fn`. When pos_off is not NO_POS the
 * element's model_pos (at that offset) gets the mapping's place. A null list is empty
 * when `nullable`.
 */
#define NO_POS ((size_t)-1)

static int cfg_seq(cfg_doc *d, yaml_node_t *v, const char *name, bool nullable, const char *what,
		   const char *const *keys, cfg_field_fn fn, size_t size, size_t pos_off,
		   void **arr, size_t *count)
{
	if (nullable && cfg_is_null(v))
		return 0;
	if (cfg_expect(d, v, YAML_SEQUENCE_NODE, name))
		return d->err->code;
	size_t len = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	if (len && !(*arr = calloc(len, size)))
		return cfg_oom(d->err);
	for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
		yaml_node_t *n = cfg_node(d, *i);
		char *elem = (char *)*arr + (*count)++ * size;
		if (pos_off != NO_POS)
			*(model_pos *)(elem + pos_off) = cfg_pos(d, n);
		if (cfg_map(d, n, what, keys, fn, elem))
			return d->err->code;
	}
	return 0;
}

/*
 * A part of an action key (ESTABLISHMENT/CYCLE/ACTION-ID): it may not hold '/', which
 * separates the parts, nor be longer than the writers accept.
 */
static int cfg_key_part(cfg_doc *d, const yaml_node_t *n, const char *key, char **out,
			size_t max)
{
	if (cfg_str(d, n, key, false, out))
		return d->err->code;
	if (strchr(*out, '/'))
		return cfg_fail(d, n, "'%s' may not contain '/' (it separates the parts of an action "
				"key such as LIV/2022-07/1.1.3): '%s'", key, *out);
	if (strlen(*out) > max) {
		char msg[64];
		snprintf(msg, sizeof msg, "%zu", max);
		return cfg_fail(d, n, "'%s' is longer than %s characters", key, msg);
	}
	return 0;
}

/* ---- establishments ------------------------------------------------------------- */

static int cfg_est_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	model_establishment *e = ctx;
	switch (key) {
	case 0: return cfg_key_part(d, v, "code", &e->code, 32);
	case 1: return cfg_str(d, v, "name", false, &e->name);
	case 2: return cfg_str(d, v, "description", true, &e->description);
	case 3: return cfg_str(d, v, "region", true, &e->region);
	default: return cfg_str(d, v, "function", true, &e->function);
	}
}

static int cfg_est_file(cfg_doc *d, yaml_node_t *root)
{
	const char *const *keys = cfg_tables[CFG_ESTABLISHMENT].keys;
	model_config *cfg = d->cfg;
	size_t cap = cfg->nestablishments; /* exact growth keeps ownership simple */
	model_establishment *arr = realloc(cfg->establishments, (cap + 1) * sizeof *arr);
	if (!arr)
		return cfg_oom(d->err);
	cfg->establishments = arr;
	model_establishment *e = &arr[cfg->nestablishments++];
	memset(e, 0, sizeof *e);
	e->pos = cfg_pos(d, root);
	return cfg_map(d, root, "an establishment", keys, cfg_est_field, e);
}

/* ---- plans ---------------------------------------------------------------------- */

static int cfg_range_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	model_range *r = ctx;
	return cfg_date(d, v, key == 0 ? "from" : "to", key == 0 ? r->from : r->to);
}

static int cfg_inspection(cfg_doc *d, yaml_node_t *v, model_plan *p)
{
	const char *const *keys = cfg_tables[CFG_RANGE].keys;
	if (cfg_seq(d, v, "inspection", false, "an inspection range", keys, cfg_range_field,
		    sizeof *p->inspection, NO_POS, (void **)&p->inspection, &p->ninspection))
		return d->err->code;
	for (size_t i = 0; i < p->ninspection; i++) {
		model_range *r = &p->inspection[i];
		if (strcmp(r->from, r->to) > 0) {
			yaml_node_t *n = cfg_node(d, v->data.sequence.items.start[i]);
			return cfg_fail(d, n, "inspection range ends (%s) before it starts (%s)", r->to,
					r->from);
		}
	}
	return 0;
}

static int cfg_action_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	model_action *a = ctx;
	switch (key) {
	case 0: return cfg_key_part(d, v, "id", &a->id, 64);
	case 1: return cfg_str(d, v, "text", false, &a->text);
	case 2: return cfg_strlist(d, v, "owners", &a->owners, &a->nowners);
	default: return cfg_str(d, v, "target", true, &a->target);
	}
}

static int cfg_actions(cfg_doc *d, yaml_node_t *v, model_item *it)
{
	const char *const *keys = cfg_tables[CFG_ACTION].keys;
	if (cfg_seq(d, v, "actions", true, "an action", keys, cfg_action_field, sizeof *it->actions,
		    offsetof(model_action, pos), (void **)&it->actions, &it->nactions))
		return d->err->code;
	/* An action without `target` has an empty one, as one with `target: ""`. */
	for (size_t i = 0; i < it->nactions; i++)
		if (!it->actions[i].target && !(it->actions[i].target = strdup("")))
			return cfg_oom(d->err);
	return 0;
}

static int cfg_item_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	model_item *it = ctx;
	char *s = NULL;
	switch (key) {
	case 0: return cfg_str(d, v, "ref", false, &it->ref);
	case 1:
		if (cfg_expect(d, v, YAML_SCALAR_NODE, "seq"))
			return d->err->code;
		s = (char *)v->data.scalar.value;
		char *end;
		long n = strtol(s, &end, 10);
		if (!*s || *end || n < 1 || n > 100000)
			return cfg_fail(d, v, "'seq' must be a positive whole number, not '%s'", s, NULL);
		it->seq = (int)n;
		return 0;
	case 2:
		if (cfg_str(d, v, "category", false, &it->category))
			return d->err->code;
		if (!model_category_valid(it->category))
			return cfg_fail(d, v, "unknown category '%s' (expected priority, key or general)",
					it->category, NULL);
		return 0;
	case 3: return cfg_str(d, v, "directed_to", true, &it->directed_to);
	case 4:
		if (cfg_str(d, v, "agreement", true, &it->agreement))
			return d->err->code;
		if (it->agreement && !model_agreement_valid(it->agreement))
			return cfg_fail(d, v,
					"unknown agreement '%s' (expected agreed, partly_agreed or not_agreed)",
					it->agreement, NULL);
		return 0;
	case 5: return cfg_str(d, v, "agreement_note", true, &it->agreement_note);
	case 6: return cfg_str(d, v, "repeated_from", true, &it->repeated_from);
	case 7: return cfg_str(d, v, "text", false, &it->text);
	default: return cfg_actions(d, v, it);
	}
}

static int cfg_items(cfg_doc *d, yaml_node_t *v, model_plan *p)
{
	const char *const *keys = cfg_tables[CFG_ITEM].keys;
	return cfg_seq(d, v, "items", false, "an item", keys, cfg_item_field, sizeof *p->items,
		       offsetof(model_item, pos), (void **)&p->items, &p->nitems);
}

static int cfg_plan_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	model_plan *p = ctx;
	switch (key) {
	case 0:
		p->establishment_pos = cfg_pos(d, v);
		return cfg_str(d, v, "establishment", false, &p->establishment);
	case 1: return cfg_key_part(d, v, "cycle", &p->cycle, 32);
	case 2:
		if (cfg_str(d, v, "scheme", false, &p->scheme))
			return d->err->code;
		if (!model_scheme_valid(p->scheme))
			return cfg_fail(d, v, "unknown scheme '%s' (expected concerns or recommendations)",
					p->scheme, NULL);
		return 0;
	case 3: return cfg_inspection(d, v, p);
	case 4: return cfg_date(d, v, "report_published", p->report_published);
	case 5: return cfg_date(d, v, "plan_submitted", p->plan_submitted);
	case 6: return cfg_str(d, v, "source", true, &p->source);
	default: return cfg_items(d, v, p);
	}
}

static int cfg_plan_file(cfg_doc *d, yaml_node_t *root)
{
	const char *const *keys = cfg_tables[CFG_PLAN].keys;
	model_config *cfg = d->cfg;
	model_plan *arr = realloc(cfg->plans, (cfg->nplans + 1) * sizeof *arr);
	if (!arr)
		return cfg_oom(d->err);
	cfg->plans = arr;
	model_plan *p = &arr[cfg->nplans++];
	memset(p, 0, sizeof *p);
	p->pos = cfg_pos(d, root);
	return cfg_map(d, root, "a plan", keys, cfg_plan_field, p);
}

/* ---- settings ------------------------------------------------------------------- */

typedef struct cfg_settings_ctx {
	char **est_globs, **plan_globs;
	size_t nest, nplan;
} cfg_settings_ctx;

static int cfg_owner_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	model_owner *o = ctx;
	if (key == 0)
		return cfg_str(d, v, "name", false, &o->name);
	return cfg_strlist(d, v, "aliases", &o->aliases, &o->naliases);
}

static int cfg_owners(cfg_doc *d, yaml_node_t *v)
{
	const char *const *keys = cfg_tables[CFG_OWNER].keys;
	model_config *cfg = d->cfg;
	return cfg_seq(d, v, "owners", true, "an owner", keys, cfg_owner_field, sizeof *cfg->owners,
		       offsetof(model_owner, pos), (void **)&cfg->owners, &cfg->nowners);
}

static int cfg_user_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	model_user *u = ctx;
	if (key == 1)
		return cfg_strlist(d, v, "owners", &u->owners, &u->nowners);
	char *role = NULL;
	if (cfg_str(d, v, "role", false, &role))
		return d->err->code;
	int rc = 0;
	if (!strcmp(role, "viewer"))
		u->role = ROLE_VIEWER;
	else if (!strcmp(role, "editor"))
		u->role = ROLE_EDITOR;
	else if (!strcmp(role, "admin"))
		u->role = ROLE_ADMIN;
	else
		rc = cfg_fail(d, v, "unknown role '%s' (expected viewer, editor or admin)", role, NULL);
	free(role);
	return rc;
}

static int cfg_users(cfg_doc *d, yaml_node_t *v)
{
	const char *const *keys = cfg_tables[CFG_USER].keys;
	model_config *cfg = d->cfg;
	cfg->has_users = true;
	if (cfg_is_null(v))
		return 0;
	if (cfg_expect(d, v, YAML_MAPPING_NODE, "users"))
		return d->err->code;
	size_t len = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
	if (len && !(cfg->users = calloc(len, sizeof *cfg->users)))
		return cfg_oom(d->err);
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *k = cfg_node(d, p->key);
		model_user *u = &cfg->users[cfg->nusers++];
		u->pos = cfg_pos(d, k);
		if (cfg_str(d, k, "a user name", false, &u->login))
			return d->err->code;
		for (size_t j = 0; j + 1 < cfg->nusers; j++)
			if (!strcmp(cfg->users[j].login, u->login))
				return cfg_fail(d, k, "user '%s' is listed twice", u->login, NULL);
		if (cfg_map(d, cfg_node(d, p->value), "a user", keys, cfg_user_field, u))
			return d->err->code;
	}
	return 0;
}

static int cfg_settings_field(cfg_doc *d, int key, yaml_node_t *v, void *ctx)
{
	cfg_settings_ctx *s = ctx;
	char *db = NULL;
	switch (key) {
	case 0:
		if (cfg_str(d, v, "database", true, &db))
			return d->err->code;
		if (db && db[0] != '/') {
			size_t n = strlen(d->cfg->dir) + strlen(db) + 2;
			char *abs = malloc(n);
			if (!abs) {
				free(db);
				return cfg_oom(d->err);
			}
			snprintf(abs, n, "%s/%s", d->cfg->dir, db);
			free(db);
			db = abs;
		}
		d->cfg->database = db;
		return 0;
	case 1: return cfg_strlist(d, v, "establishments", &s->est_globs, &s->nest);
	case 2: return cfg_strlist(d, v, "plans", &s->plan_globs, &s->nplan);
	case 3: return cfg_owners(d, v);
	default: return cfg_users(d, v);
	}
}

/* The plan files a stream will read, in load order (config_open). */
typedef struct cfg_paths {
	char **v;
	size_t n, cap;
} cfg_paths;

static int cfg_paths_add(cfg_paths *p, const char *path)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		char **v = realloc(p->v, cap * sizeof *v);
		if (!v)
			return -1;
		p->v = v;
		p->cap = cap;
	}
	return (p->v[p->n] = strdup(path)) ? (p->n++, 0) : -1;
}

static void cfg_paths_free(cfg_paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	*p = (cfg_paths){0};
}

/* Expands the patterns relative to the settings' directory, in sorted order, and reads
 * each file with fn, or when `collect` is not NULL only lists it there. */
static int cfg_expand(model_config *cfg, char **patterns, size_t n, cfg_file_fn fn,
		      cfg_paths *collect, ab_err *err)
{
	for (size_t i = 0; i < n; i++) {
		char pat[PATH_MAX];
		if (patterns[i][0] == '/')
			snprintf(pat, sizeof pat, "%s", patterns[i]);
		else
			snprintf(pat, sizeof pat, "%s/%s", cfg->dir, patterns[i]);
		glob_t g;
		int rc = glob(pat, 0, NULL, &g);
		if (rc == GLOB_NOMATCH) {
			if (!strpbrk(patterns[i], "*?["))
				return err_set_at(err, EX_NOINPUT, pat, 0, 0, "no such file (named in %s)",
						  cfg->path);
			continue;
		}
		if (rc != 0)
			return err_set_at(err, EX_CONFIG, cfg->path, 0, 0, "cannot expand '%s'",
					  patterns[i]);
		for (size_t j = 0; j < g.gl_pathc && !rc; j++)
			rc = !collect ? cfg_read_file(cfg, g.gl_pathv[j], fn, err)
			     : cfg_paths_add(collect, g.gl_pathv[j]) ? cfg_oom(err) : 0;
		globfree(&g);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- cross-file checks ---------------------------------------------------------- */

static int cfg_fail_pos(ab_err *err, model_pos p, const char *fmt, const char *a,
			const char *b)
{
	char msg[900];
	snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
	return err_set_at(err, EX_CONFIG, p.file, p.line, p.col, "%s", msg);
}

static int cfg_check_owners(model_config *cfg, ab_err *err)
{
	for (size_t i = 0; i < cfg->nowners; i++) {
		model_owner *o = &cfg->owners[i];
		for (size_t j = 0; j < i; j++)
			if (!strcmp(cfg->owners[j].name, o->name))
				return cfg_fail_pos(err, o->pos, "owner '%s' is listed twice", o->name, NULL);
		for (size_t a = 0; a < o->naliases; a++) {
			const char *c = model_owner_canonical(cfg, o->aliases[a]);
			if (c != o->name)
				return cfg_fail_pos(err, o->pos, "alias '%s' already names owner '%s'",
						    o->aliases[a], c);
		}
	}
	for (size_t i = 0; i < cfg->nusers; i++)
		for (size_t j = 0; j < cfg->users[i].nowners; j++)
			if (!model_owner_canonical(cfg, cfg->users[i].owners[j]))
				return cfg_fail_pos(err, cfg->users[i].pos,
						    "unknown owner '%s' for this user (add it to owners)",
						    cfg->users[i].owners[j], NULL);
	return 0;
}

typedef struct cfg_key {
	const char *key;
	size_t order; /* place in the file */
	model_pos pos;
} cfg_key;

static int cfg_key_cmp(const void *a, const void *b)
{
	const cfg_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

/*
 * Item refs (or action ids) must be unique in a plan. Sorting finds repeats in n log n
 * (a plan of the whole estate's size stays fast); the error names the repeat that comes
 * first in the file, as a reader going down it would meet it.
 */
static int cfg_check_unique(const model_plan *p, bool actions, ab_err *err)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nitems; i++)
		n += actions ? p->items[i].nactions : 1;
	if (n < 2)
		return 0;
	cfg_key *keys = malloc(n * sizeof *keys);
	if (!keys)
		return cfg_oom(err);
	size_t k = 0;
	for (size_t i = 0; i < p->nitems; i++) {
		if (!actions)
			keys[k] = (cfg_key){p->items[i].ref, k, p->items[i].pos}, k++;
		for (size_t j = 0; actions && j < p->items[i].nactions; j++, k++)
			keys[k] = (cfg_key){p->items[i].actions[j].id, k, p->items[i].actions[j].pos};
	}
	qsort(keys, n, sizeof *keys, cfg_key_cmp);
	const cfg_key *first = NULL;
	for (size_t i = 1; i < n; i++)
		if (!strcmp(keys[i].key, keys[i - 1].key) && (!first || keys[i].order < first->order))
			first = &keys[i];
	int rc = 0;
	if (first)
		rc = cfg_fail_pos(err, first->pos,
				  actions ? "duplicate action id '%s' in this plan"
					  : "duplicate item ref '%s' in this plan",
				  first->key, NULL);
	free(keys);
	return rc;
}

static int cfg_check_plan(model_config *cfg, model_plan *p, FILE *warn, ab_err *err)
{
	bool known = false;
	for (size_t i = 0; i < cfg->nestablishments; i++)
		known |= !strcmp(cfg->establishments[i].code, p->establishment);
	if (!known)
		return cfg_fail_pos(err, p->establishment_pos,
				    "unknown establishment '%s' (no establishment file has this code)",
				    p->establishment, NULL);
	if (cfg_check_unique(p, false, err) || cfg_check_unique(p, true, err))
		return err->code;
	bool recs = !strcmp(p->scheme, "recommendations");
	for (size_t i = 0; i < p->nitems; i++) {
		model_item *it = &p->items[i];
		if (!recs && (it->agreement || it->agreement_note || it->seq))
			return cfg_fail_pos(err, it->pos,
					    "item '%s': agreement and seq belong to the recommendations "
					    "scheme, but this plan is 'concerns'",
					    it->ref, NULL);
		if (recs && !it->agreement)
			return cfg_fail_pos(err, it->pos,
					    "item '%s' is missing the required key 'agreement' "
					    "(recommendations scheme)",
					    it->ref, NULL);
		for (size_t k = 0; k < it->nactions; k++) {
			model_action *a = &it->actions[k];
			if (!a->nowners && warn)
				fprintf(warn, "actionboard: %s:%d:%d: warning: action %s has no owner\n",
					a->pos.file, a->pos.line, a->pos.col, a->id);
			date_target t;
			date_parse_target(a->target, &t);
			if (!t.understood && warn)
				fprintf(warn, "actionboard: %s:%d:%d: warning: action %s: %s%s%s\n",
					a->pos.file, a->pos.line, a->pos.col, a->id,
					a->target[0] ? "no date in target '" : "empty target, no due date",
					a->target, a->target[0] ? "'" : "");
		}
	}
	for (size_t i = 0; i < cfg->nplans; i++) {
		model_plan *q = &cfg->plans[i];
		if (q == p)
			break;
		if (!strcmp(q->establishment, p->establishment) && !strcmp(q->cycle, p->cycle)) {
			return err_set_at(err, EX_CONFIG, p->pos.file, p->pos.line, p->pos.col,
					  "cycle '%s' of %s is already defined in %s:%d", p->cycle,
					  p->establishment, q->pos.file, q->pos.line);
		}
	}
	return 0;
}

static int cfg_check(model_config *cfg, FILE *warn, ab_err *err)
{
	for (size_t i = 0; i < cfg->nestablishments; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(cfg->establishments[i].code, cfg->establishments[j].code))
				return cfg_fail_pos(err, cfg->establishments[i].pos,
						    "establishment '%s' is defined twice",
						    cfg->establishments[i].code, NULL);
	if (cfg_check_owners(cfg, err))
		return err->code;
	for (size_t i = 0; i < cfg->nplans; i++)
		if (cfg_check_plan(cfg, &cfg->plans[i], warn, err))
			return err->code;
	return 0;
}

/* ---- entry points --------------------------------------------------------------- */

static int cfg_settings(model_config *cfg, cfg_settings_ctx *s, ab_err *err)
{
	const char *const *keys = cfg_tables[CFG_SETTINGS].keys;
	cfg_doc d = {.cfg = cfg, .err = err};
	if (!(d.file = cfg_remember(cfg, cfg->path)))
		return cfg_oom(err);
	if (cfg_parse(&d, cfg->path))
		return err->code;
	int rc = cfg_map(&d, yaml_document_get_root_node(&d.doc), "the settings", keys,
			 cfg_settings_field, s);
	yaml_document_delete(&d.doc);
	return rc;
}

/* What config_read() reads besides the settings. */
enum cfg_scope {
	CFG_SETTINGS_ONLY,
	CFG_ALL,     /* every establishment and plan file */
	CFG_STREAM,  /* every establishment file; the plan files are only listed */
};

static int config_read(const char *path, enum cfg_scope scope, FILE *warn, model_config **out,
		       cfg_paths *plans, ab_err *err)
{
	*out = NULL;
	model_config *cfg = calloc(1, sizeof *cfg);
	cfg_settings_ctx s = {0};
	char *copy = NULL;
	char real[PATH_MAX];
	if (!cfg)
		return cfg_oom(err);
	if (!realpath(path, real)) {
		err_set_at(err, EX_NOINPUT, path, 0, 0, "cannot read the settings: %s", strerror(errno));
		goto fail;
	}
	if (!(cfg->path = strdup(real)) || !(copy = strdup(real)) ||
	    !(cfg->dir = strdup(dirname(copy)))) {
		cfg_oom(err);
		goto fail;
	}
	if (cfg_settings(cfg, &s, err))
		goto fail;
	if (scope != CFG_SETTINGS_ONLY &&
	    (cfg_expand(cfg, s.est_globs, s.nest, cfg_est_file, NULL, err) ||
	     cfg_expand(cfg, s.plan_globs, s.nplan, cfg_plan_file,
			scope == CFG_STREAM ? plans : NULL, err)))
		goto fail;
	/* Warnings only matter when the whole load succeeds; an error stands alone. */
	char *wbuf = NULL;
	size_t wlen = 0;
	FILE *wfp = warn ? open_memstream(&wbuf, &wlen) : NULL;
	int bad = cfg_check(cfg, wfp, err);
	if (wfp) {
		fclose(wfp);
		if (!bad && wlen)
			fputs(wbuf, warn);
		free(wbuf);
	}
	if (bad)
		goto fail;
	for (size_t i = 0; i < s.nest; i++)
		free(s.est_globs[i]);
	for (size_t i = 0; i < s.nplan; i++)
		free(s.plan_globs[i]);
	free(s.est_globs);
	free(s.plan_globs);
	free(copy);
	*out = cfg;
	return 0;
fail:
	for (size_t i = 0; i < s.nest; i++)
		free(s.est_globs[i]);
	for (size_t i = 0; i < s.nplan; i++)
		free(s.plan_globs[i]);
	free(s.est_globs);
	free(s.plan_globs);
	free(copy);
	model_config_free(cfg);
	return err->code;
}

int config_load(const char *path, FILE *warn, model_config **out, ab_err *err)
{
	return config_read(path, CFG_ALL, warn, out, NULL, err);
}

int config_load_settings(const char *path, model_config **out, ab_err *err)
{
	return config_read(path, CFG_SETTINGS_ONLY, NULL, out, NULL, err);
}

/* ---- one plan at a time -------------------------------------------------------------- */

struct config_stream {
	model_config *cfg; /* settings and establishments; plans: the one read last */
	cfg_paths plans;
	FILE *warn;        /* where config_close() puts the warnings */
	char *wbuf;        /* the warnings so far (wfp writes into it) */
	size_t wlen;
	FILE *wfp;
};

int config_open(const char *path, FILE *warn, config_stream **out, ab_err *err)
{
	*out = NULL;
	config_stream *s = calloc(1, sizeof *s);
	if (!s)
		return cfg_oom(err);
	if (config_read(path, CFG_STREAM, warn, &s->cfg, &s->plans, err)) {
		config_close(s, false);
		return err->code;
	}
	s->warn = warn;
	if (warn && !(s->wfp = open_memstream(&s->wbuf, &s->wlen))) {
		config_close(s, false);
		return cfg_oom(err);
	}
	*out = s;
	return 0;
}

const model_config *config_stream_config(const config_stream *s)
{
	return s->cfg;
}

size_t config_stream_nplans(const config_stream *s)
{
	return s->plans.n;
}

const char *config_stream_path(const config_stream *s, size_t i)
{
	return i < s->plans.n ? s->plans.v[i] : NULL;
}

int config_stream_plan(config_stream *s, size_t i, const model_plan **out, ab_err *err)
{
	*out = NULL;
	model_config_clear_plans(s->cfg);
	if (i >= s->plans.n)
		return err_set(err, EX_SOFTWARE, "no plan file %zu", i);
	if (cfg_read_file(s->cfg, s->plans.v[i], cfg_plan_file, err) ||
	    cfg_check_plan(s->cfg, &s->cfg->plans[0], s->wfp, err))
		return err->code;
	*out = &s->cfg->plans[0];
	return 0;
}

void config_close(config_stream *s, bool warnings)
{
	if (!s)
		return;
	if (s->wfp) {
		fclose(s->wfp);
		if (warnings && s->wlen)
			fputs(s->wbuf, s->warn);
		free(s->wbuf);
	}
	cfg_paths_free(&s->plans);
	model_config_free(s->cfg);
	free(s);
}

/* ---- finding the settings ------------------------------------------------------- */

static bool cfg_exists(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

const char *config_default_path(void)
{
	/* The build tree's copy while running from the build tree, else the installed one. */
	static char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		size_t blen = strlen(AB_BUILD_ROOT);
		if (!strncmp(exe, AB_BUILD_ROOT, blen) && exe[blen] == '/' &&
		    cfg_exists(AB_SOURCE_DEFAULT "/actionboard.yaml"))
			return AB_SOURCE_DEFAULT "/actionboard.yaml";
	}
	if (cfg_exists(AB_INSTALL_DEFAULT "/actionboard.yaml"))
		return AB_INSTALL_DEFAULT "/actionboard.yaml";
	return AB_SOURCE_DEFAULT "/actionboard.yaml";
}

char *config_find(const char *opt, ab_err *err)
{
	const char *env = getenv("ACTIONBOARD_CONFIG");
	const char *src = NULL, *p = NULL;
	if (opt && *opt) {
		p = opt;
		src = "--config";
	} else if (env && *env) {
		p = env;
		src = "ACTIONBOARD_CONFIG";
	}
	if (p) {
		if (!cfg_exists(p)) {
			err_set_at(err, EX_NOINPUT, p, 0, 0, "no such settings file (from %s)", src);
			return NULL;
		}
		return strdup(p);
	}
	char buf[PATH_MAX];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(buf, sizeof buf, "%s/actionboard/actionboard.yaml", xdg);
	else if (home && *home)
		snprintf(buf, sizeof buf, "%s/.config/actionboard/actionboard.yaml", home);
	else
		buf[0] = 0;
	if (buf[0] && cfg_exists(buf))
		return strdup(buf);
	return strdup(config_default_path());
}

/* ---- the accepted keys ---------------------------------------------------------- */

void config_keys_each(config_key_fn fn, void *ctx)
{
	for (int t = 0; t < CFG_NTABLES; t++)
		for (const char *const *k = cfg_tables[t].keys; *k; k++)
			fn(cfg_tables[t].file, cfg_tables[t].parent, *k + (**k == '!'), **k == '!', ctx);
}
