#include "config.h"
#include "config_priv.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <search.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "../core/date.h"
#include "../core/amend.h"
#include "../core/judge.h"
#include "../core/remind.h"
#include "../core/text.h"



/*
 * The keys of every mapping the loader reads, one table per kind of mapping. A mapping
 * accepts exactly the keys of its table; a leading '!' marks a required key (it is not
 * part of the name). The field functions below switch on a key's index, so the order of a
 * table is part of the code. config_keys_each() walks these same tables.
 */
enum cfg_table_id {
	CFG_SETTINGS, CFG_OWNER, CFG_USER, CFG_ESTABLISHMENT, CFG_PLAN, CFG_RANGE, CFG_ITEM,
	CFG_ACTION, CFG_JUDGEMENT, CFG_NTABLES
};

static const char *const cfg_keys_settings[] = {"database", "establishments", "plans",
						"owners", "users", "verification", NULL};
static const char *const cfg_keys_owner[] = {"!name", "aliases", "shared", "email", NULL};
static const char *const cfg_keys_user[] = {"!role", "owners", "establishments", "email", NULL};
static const char *const cfg_keys_establishment[] = {"!code", "!name", "description",
						      "region", "function", NULL};
static const char *const cfg_keys_plan[] = {"!establishment", "!cycle", "!scheme",
					    "inspection", "report_published", "plan_submitted",
					    "source", "!items", "urgent_notification", "verification",
					    NULL};
static const char *const cfg_keys_range[] = {"!from", "!to", NULL};
static const char *const cfg_keys_item[] = {"!ref", "seq", "!category", "directed_to",
					    "agreement", "agreement_note", "repeated_from",
					    "!text", "actions", "repeats", "judgements", NULL};
static const char *const cfg_keys_action[] = {"!id", "!text", "owners", "target", NULL};
static const char *const cfg_keys_judgement[] = {"!source", "!value", "!date", "note", NULL};

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
	[CFG_JUDGEMENT] = {"plan", "judgements", cfg_keys_judgement},
};

/* ---- small helpers -------------------------------------------------------------- */

static int cfg_fail(cfg_doc *d, const cfg_node *n, const char *fmt, const char *a,
		    const char *b)
{
	char msg[900];
	snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
	return err_set_at(d->err, EX_CONFIG, d->file, n ? (int)n->line : 0, n ? (int)n->col : 0,
			  "%s", msg);
}

static model_pos cfg_pos(cfg_doc *d, const cfg_node *n)
{
	return (model_pos){d->file, (int)n->line, (int)n->col};
}

static const char *cfg_kind(const cfg_node *n)
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
bool cfg_null_text(const char *v)
{
	if (*v != '~' && *v != 'n' && *v != 'N' && *v) /* most values: no compare */
		return false;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	       !strcmp(v, "NULL");
}

static bool cfg_is_null(const cfg_node *n)
{
	return n->type == YAML_SCALAR_NODE && n->plain && cfg_null_text(n->value);
}

static int cfg_expect(cfg_doc *d, const cfg_node *n, yaml_node_type_t type,
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
static int cfg_str(cfg_doc *d, const cfg_node *n, const char *key, bool optional,
		   char **out)
{
	*out = NULL;
	if (optional && cfg_is_null(n))
		return 0;
	if (cfg_expect(d, n, YAML_SCALAR_NODE, key))
		return d->err->code;
	if (!optional && cfg_is_null(n))
		return cfg_fail(d, n, "'%s' must not be empty", key, NULL);
	*out = xstrdup(n->value);
	return 0;
}

/* true or false (YAML's plain spellings). */
static int cfg_bool(cfg_doc *d, const cfg_node *n, const char *key, bool *out)
{
	if (cfg_expect(d, n, YAML_SCALAR_NODE, key))
		return d->err->code;
	const char *v = n->value;
	if (!strcmp(v, "true") || !strcmp(v, "True") || !strcmp(v, "TRUE"))
		return *out = true, 0;
	if (!strcmp(v, "false") || !strcmp(v, "False") || !strcmp(v, "FALSE"))
		return *out = false, 0;
	return cfg_fail(d, n, "'%s' must be true or false, not '%s'", key, v);
}

static int cfg_date(cfg_doc *d, const cfg_node *n, const char *key, char out[11])
{
	if (cfg_expect(d, n, YAML_SCALAR_NODE, key))
		return d->err->code;
	const char *v = n->value;
	date_t dt;
	if (!date_parse_iso(v, &dt))
		return cfg_fail(d, n, "'%s' is not a valid date (YYYY-MM-DD) in '%s'", v, key);
	snprintf(out, 11, "%s", v);
	return 0;
}

/* A list of strings; when `pos` is not NULL, also where each is written (*pos owned by
 * the caller, like *out). */
static int cfg_strlist_at(cfg_doc *d, const cfg_node *n, const char *key, char ***out,
			  model_pos **pos, size_t *count)
{
	*out = NULL;
	*count = 0;
	if (pos)
		*pos = NULL;
	if (cfg_is_null(n))
		return 0;
	if (cfg_expect(d, n, YAML_SEQUENCE_NODE, key))
		return d->err->code;
	size_t len = n->n;
	if (len == 0)
		return 0;
	*out = xcalloc(len, sizeof **out);
	if (pos)
		*pos = xcalloc(len, sizeof **pos);
	for (uint32_t i = 0; i < n->n; i++) {
		cfg_node *e = cfg_node_at(d, n->kids[i]);
		if (cfg_str(d, e, key, false, &(*out)[*count]))
			return d->err->code;
		if (pos)
			(*pos)[*count] = cfg_pos(d, e);
		(*count)++;
	}
	return 0;
}

static int cfg_strlist(cfg_doc *d, const cfg_node *n, const char *key, char ***out,
		       size_t *count)
{
	return cfg_strlist_at(d, n, key, out, NULL, count);
}

/*
 * Walks a mapping whose keys must be among `keys` (NULL-terminated). For each pair calls
 * fn(d, key index, value node, ctx). Reports unknown and duplicate keys, then missing
 * required keys (those whose name begins with '!', which is not part of the name).
 */
typedef int (*cfg_field_fn)(cfg_doc *d, int key, cfg_node *val, void *ctx);

static int cfg_map(cfg_doc *d, cfg_node *map, const char *what, const char *const *keys,
		   cfg_field_fn fn, void *ctx)
{
	if (cfg_expect(d, map, YAML_MAPPING_NODE, what))
		return d->err->code;
	unsigned seen = 0;
	for (uint32_t p = 0; p < map->n; p++) {
		cfg_node *k = cfg_node_at(d, map->kids[2 * p]);
		if (k->type != YAML_SCALAR_NODE)
			return cfg_fail(d, k, "keys in %s must be plain names", what, NULL);
		const char *name = k->value;
		int idx = -1;
		for (int i = 0; keys[i] && idx < 0; i++) {
			const char *key = keys[i] + (keys[i][0] == '!');
			if (key[0] == name[0] && !strcmp(key, name)) /* the first letter rules most out */
				idx = i;
		}
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
		if (fn(d, idx, cfg_node_at(d, map->kids[2 * p + 1]), ctx))
			return d->err->code;
	}
	for (int i = 0; keys[i]; i++)
		if (keys[i][0] == '!' && !(seen & (1u << i)))
			return cfg_fail(d, map, "%s is missing the required key '%s'", what, keys[i] + 1);
	return 0;
}

/* Keeps the file name alive for model_pos and error messages. */
static const char *cfg_remember(model_config *cfg, const char *path)
{
	size_t cap = cfg->nfiles; /* grow by one each time: there are few files */
	cfg->files = xrealloc(cfg->files, (cap + 1) * sizeof *cfg->files);
	cfg->files[cfg->nfiles] = xstrdup(path);
	return cfg->files[cfg->nfiles++];
}


int cfg_read_file(cfg_space *sp, model_config *cfg, const cfg_index *ix, const char *path,
		  cfg_file_fn fn, ab_err *err)
{
	cfg_doc d = {.sp = sp, .cfg = cfg, .ix = ix, .err = err, .file = path};
	if (cfg_parse(&d, path))
		return err->code;
	return fn(&d, cfg_node_at(&d, 0));
}

/*
 * Reads a list of mappings into a new zeroed array of `size`-byte elements: cfg_map()
 * checks each one's keys and fills it through `fn`. When pos_off is not NO_POS the
 * element's model_pos (at that offset) gets the mapping's place. A null list is empty
 * when `nullable`.
 */
#define NO_POS ((size_t)-1)

static int cfg_seq(cfg_doc *d, cfg_node *v, const char *name, bool nullable, const char *what,
		   const char *const *keys, cfg_field_fn fn, size_t size, size_t pos_off,
		   void **arr, size_t *count)
{
	if (nullable && cfg_is_null(v))
		return 0;
	if (cfg_expect(d, v, YAML_SEQUENCE_NODE, name))
		return d->err->code;
	size_t len = v->n, cap = 0;
	for (uint32_t i = 0; i < v->n; i++) {
		/* The array grows with the elements read, not with the list's length: a long
		 * list that fails at its first element (250,000 scalars) costs nothing. */
		if (*count == cap) {
			size_t want = cap ? cap * 2 : 4;
			want = want < len ? want : len;
			char *grown = xrealloc(*arr, want * size);
			memset(grown + cap * size, 0, (want - cap) * size);
			*arr = grown;
			cap = want;
		}
		cfg_node *n = cfg_node_at(d, v->kids[i]);
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
static int cfg_key_part(cfg_doc *d, const cfg_node *n, const char *key, char **out,
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

static int cfg_est_field(cfg_doc *d, int key, cfg_node *v, void *ctx)
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

static int cfg_est_file(cfg_doc *d, cfg_node *root)
{
	const char *const *keys = cfg_tables[CFG_ESTABLISHMENT].keys;
	model_config *cfg = d->cfg;
	size_t cap = cfg->nestablishments; /* exact growth keeps ownership simple */
	model_establishment *arr = xrealloc(cfg->establishments, (cap + 1) * sizeof *arr);
	cfg->establishments = arr;
	model_establishment *e = &arr[cfg->nestablishments++];
	memset(e, 0, sizeof *e);
	e->pos = cfg_pos(d, root);
	return cfg_map(d, root, "an establishment", keys, cfg_est_field, e);
}

/* ---- plans ---------------------------------------------------------------------- */

static int cfg_range_field(cfg_doc *d, int key, cfg_node *v, void *ctx)
{
	model_range *r = ctx;
	return cfg_date(d, v, key == 0 ? "from" : "to", key == 0 ? r->from : r->to);
}

static int cfg_inspection(cfg_doc *d, cfg_node *v, model_plan *p)
{
	const char *const *keys = cfg_tables[CFG_RANGE].keys;
	if (cfg_seq(d, v, "inspection", false, "an inspection range", keys, cfg_range_field,
		    sizeof *p->inspection, NO_POS, (void **)&p->inspection, &p->ninspection))
		return d->err->code;
	for (size_t i = 0; i < p->ninspection; i++) {
		model_range *r = &p->inspection[i];
		if (strcmp(r->from, r->to) > 0) {
			cfg_node *n = cfg_node_at(d, v->kids[i]);
			return cfg_fail(d, n, "inspection range ends (%s) before it starts (%s)", r->to,
					r->from);
		}
	}
	return 0;
}

/* ---- owners named in a plan ------------------------------------------------------ */

static int cfg_action_owners(cfg_doc *d, cfg_node *v, model_action *a)
{
	if (cfg_strlist(d, v, "owners", &a->owners, &a->nowners))
		return d->err->code;
	const model_config *cfg = d->cfg;
	for (size_t i = 0; cfg->nowners && i < a->nowners; i++) {
		if (cfg_owner_canonical(d->ix, cfg, a->owners[i]))
			continue;
		cfg_node *n = cfg_node_at(d, v->kids[i]);
		const char *near = config_owner_suggest(cfg, a->owners[i]);
		return cfg_fail(d, n,
				near ? "unknown owner '%s' (not a name or alias in the settings' owners): "
				       "did you mean '%s'?"
				     : "unknown owner '%s' (not a name or alias in the settings' owners)",
				a->owners[i], near);
	}
	return 0;
}

static int cfg_action_field(cfg_doc *d, int key, cfg_node *v, void *ctx)
{
	model_action *a = ctx;
	switch (key) {
	case 0:
		if (cfg_key_part(d, v, "id", &a->id, 64))
			return d->err->code;
		if (amend_id_reserved(a->id))
			return cfg_fail(d, v, "action id '%s' has the form REF.A<number>, kept for the "
					"actions added with actionboard action add", a->id, NULL);
		return 0;
	case 1: return cfg_str(d, v, "text", false, &a->text);
	case 2: return cfg_action_owners(d, v, a);
	default: return cfg_str(d, v, "target", true, &a->target);
	}
}

static int cfg_actions(cfg_doc *d, cfg_node *v, model_item *it)
{
	const char *const *keys = cfg_tables[CFG_ACTION].keys;
	if (cfg_seq(d, v, "actions", true, "an action", keys, cfg_action_field, sizeof *it->actions,
		    offsetof(model_action, pos), (void **)&it->actions, &it->nactions))
		return d->err->code;
	/* An action without `target` has an empty one, as one with `target: ""`. */
	for (size_t i = 0; i < it->nactions; i++)
		if (!it->actions[i].target)
			it->actions[i].target = xstrdup("");
	return 0;
}

/* A judgement the plan records (judge.h): its value must be one of its source's. */
static int cfg_judgement_field(cfg_doc *d, int key, cfg_node *v, void *ctx)
{
	model_judgement *j = ctx;
	int src;
	switch (key) {
	case 0:
		if (cfg_str(d, v, "source", false, &j->source))
			return d->err->code;
		if (judge_source_parse(j->source) < 0)
			return cfg_fail(d, v, "unknown source '%s' (expected irp, inspection or self)",
					j->source, NULL);
		return 0;
	case 1:
		if (cfg_str(d, v, "value", false, &j->value))
			return d->err->code;
		/* Keys come in any order: with the source still unread, cfg_check_item checks. */
		src = judge_source_parse(j->source);
		if (src >= 0 && !judge_value_valid((judge_source)src, j->value))
			return cfg_fail(d, v, "'%s' is not a judgement of %s", j->value, j->source);
		return 0;
	case 2: {
		/* Users may not date a judgement after today (judge.h), nor may a plan file: a
		 * typo (2205 for 2025) would outrank every real judgement for ever. */
		date_t day, latest = judge_latest_day((date_t){9999, 12, 31});
		char iso[DATE_ISO_LEN];
		if (cfg_date(d, v, "date", j->date))
			return d->err->code;
		date_parse_iso(j->date, &day);
		date_format_iso(latest, iso);
		return date_cmp(day, latest) > 0
			       ? cfg_fail(d, v, "a judgement's date (%s) cannot be after today (%s)",
					  j->date, iso)
			       : 0;
	}
	default: return cfg_str(d, v, "note", true, &j->note);
	}
}

static int cfg_judgements(cfg_doc *d, cfg_node *v, model_item *it)
{
	const char *const *keys = cfg_tables[CFG_JUDGEMENT].keys;
	return cfg_seq(d, v, "judgements", true, "a judgement", keys, cfg_judgement_field,
		       sizeof *it->judgements, offsetof(model_judgement, pos),
		       (void **)&it->judgements, &it->njudgements);
}

static int cfg_item_field(cfg_doc *d, int key, cfg_node *v, void *ctx)
{
	model_item *it = ctx;
	char *s = NULL;
	switch (key) {
	case 0: return cfg_str(d, v, "ref", false, &it->ref);
	case 1:
		if (cfg_expect(d, v, YAML_SCALAR_NODE, "seq"))
			return d->err->code;
		s = v->value;
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
	case 8: return cfg_actions(d, v, it);
	case 9:
		it->repeats_pos = cfg_pos(d, v);
		return cfg_str(d, v, "repeats", true, &it->repeats);
	default: return cfg_judgements(d, v, it);
	}
}

static int cfg_items(cfg_doc *d, cfg_node *v, model_plan *p)
{
	const char *const *keys = cfg_tables[CFG_ITEM].keys;
	return cfg_seq(d, v, "items", false, "an item", keys, cfg_item_field, sizeof *p->items,
		       offsetof(model_item, pos), (void **)&p->items, &p->nitems);
}

/* `verification: required` or `none`, of a plan or of the settings: core/verify.h. */
static int cfg_verification(cfg_doc *d, cfg_node *v, bool *out)
{
	char *s = NULL;
	if (cfg_str(d, v, "verification", false, &s))
		return d->err->code;
	int rc = 0;
	if (!strcmp(s, "required") || !strcmp(s, "none"))
		*out = !strcmp(s, "required");
	else
		rc = cfg_fail(d, v, "unknown verification '%s' (expected required or none)", s, NULL);
	free(s);
	return rc;
}

static int cfg_plan_field(cfg_doc *d, int key, cfg_node *v, void *ctx)
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
	case 7: return cfg_items(d, v, p);
	case 8: return cfg_date(d, v, "urgent_notification", p->urgent_notification);
	default: p->verification_set = true; return cfg_verification(d, v, &p->verification);
	}
}

int cfg_plan_file(cfg_doc *d, cfg_node *root)
{
	const char *const *keys = cfg_tables[CFG_PLAN].keys;
	model_config *cfg = d->cfg;
	model_plan *arr = xrealloc(cfg->plans, (cfg->nplans + 1) * sizeof *arr);
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

/* `email`: one address that reminders go to (remind.h's rule), for an owner or a user. */
static int cfg_email(cfg_doc *d, cfg_node *v, char **out)
{
	if (cfg_str(d, v, "email", false, out))
		return d->err->code;
	if (!remind_address_ok(*out))
		return cfg_fail(d, v, "'%s' is not an email address reminders can use (one "
				"name@domain, no spaces or <>,;\\\"())", *out, NULL);
	return 0;
}

static int cfg_owner_field(cfg_doc *d, int key, cfg_node *v, void *ctx)
{
	model_owner *o = ctx;
	if (key == 0)
		return cfg_str(d, v, "name", false, &o->name);
	if (key == 2)
		return cfg_bool(d, v, "shared", &o->shared);
	if (key == 3)
		return cfg_email(d, v, &o->email);
	return cfg_strlist(d, v, "aliases", &o->aliases, &o->naliases);
}

static int cfg_owners(cfg_doc *d, cfg_node *v)
{
	const char *const *keys = cfg_tables[CFG_OWNER].keys;
	model_config *cfg = d->cfg;
	return cfg_seq(d, v, "owners", true, "an owner", keys, cfg_owner_field, sizeof *cfg->owners,
		       offsetof(model_owner, pos), (void **)&cfg->owners, &cfg->nowners);
}

static int cfg_user_field(cfg_doc *d, int key, cfg_node *v, void *ctx)
{
	model_user *u = ctx;
	if (key == 1)
		return cfg_strlist(d, v, "owners", &u->owners, &u->nowners);
	if (key == 2) {
		if (cfg_strlist_at(d, v, "establishments", &u->establishments,
				   &u->establishments_pos, &u->nestablishments))
			return d->err->code;
		/* No establishment means the whole estate, which an empty list must not give
		 * by accident (a list a script left empty). */
		return u->nestablishments ? 0
			: cfg_fail(d, v, "'establishments' is empty: name at least one, or leave the "
				   "key out for rights across the estate%s%s", NULL, NULL);
	}
	if (key == 3)
		return cfg_email(d, v, &u->email);
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
	else if (!strcmp(role, "verifier"))
		u->role = ROLE_VERIFIER;
	else
		rc = cfg_fail(d, v, "unknown role '%s' (expected viewer, editor, admin or verifier)", role, NULL);
	free(role);
	return rc;
}

static int cfg_users(cfg_doc *d, cfg_node *v)
{
	const char *const *keys = cfg_tables[CFG_USER].keys;
	model_config *cfg = d->cfg;
	cfg->has_users = true;
	if (cfg_is_null(v))
		return 0;
	if (cfg_expect(d, v, YAML_MAPPING_NODE, "users"))
		return d->err->code;
	if (v->n)
		cfg->users = xcalloc(v->n, sizeof *cfg->users);
	for (uint32_t p = 0; p < v->n; p++) {
		cfg_node *k = cfg_node_at(d, v->kids[2 * p]);
		model_user *u = &cfg->users[cfg->nusers++];
		u->pos = cfg_pos(d, k);
		if (cfg_str(d, k, "a user name", false, &u->login))
			return d->err->code;
		for (size_t j = 0; j + 1 < cfg->nusers; j++)
			if (!strcmp(cfg->users[j].login, u->login))
				return cfg_fail(d, k, "user '%s' is listed twice", u->login, NULL);
		if (cfg_map(d, cfg_node_at(d, v->kids[2 * p + 1]), "a user", keys, cfg_user_field, u))
			return d->err->code;
	}
	return 0;
}

char *cfg_database_path(const char *dir, char *db)
{
	if (db[0] == '/')
		return db;
	size_t n = strlen(dir) + strlen(db) + 2;
	char *abs = xmalloc(n);
	snprintf(abs, n, "%s/%s", dir, db);
	free(db);
	return abs;
}

static int cfg_settings_field(cfg_doc *d, int key, cfg_node *v, void *ctx)
{
	cfg_settings_ctx *s = ctx;
	char *db = NULL;
	switch (key) {
	case 0:
		if (cfg_str(d, v, "database", true, &db))
			return d->err->code;
		d->cfg->database = db ? cfg_database_path(d->cfg->dir, db) : NULL;
		return 0;
	case 1: return cfg_strlist(d, v, "establishments", &s->est_globs, &s->nest);
	case 2: return cfg_strlist(d, v, "plans", &s->plan_globs, &s->nplan);
	case 3: return cfg_owners(d, v);
	case 4: return cfg_users(d, v);
	default: return cfg_verification(d, v, &d->cfg->verification);
	}
}


static void cfg_paths_add(cfg_paths *p, const char *path)
{
	XGROW(p->v, p->n, p->cap);
	p->v[p->n++] = xstrdup(path);
}

void cfg_paths_free(cfg_paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	*p = (cfg_paths){0};
}

/* Expands the patterns relative to the settings' directory, in sorted order, and reads
 * each file with fn into sp, or when `collect` is not NULL only lists it there. */
static int cfg_expand(model_config *cfg, cfg_space *sp, const cfg_index *ix, char **patterns,
		      size_t n, cfg_file_fn fn, cfg_paths *collect, ab_err *err)
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
		for (size_t j = 0; j < g.gl_pathc && !rc; j++) {
			if (collect)
				cfg_paths_add(collect, g.gl_pathv[j]);
			else
				rc = cfg_read_file(sp, cfg, ix, cfg_remember(cfg, g.gl_pathv[j]), fn,
						   err);
		}
		globfree(&g);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- entry points --------------------------------------------------------------- */

static int cfg_settings(model_config *cfg, cfg_space *sp, cfg_settings_ctx *s, ab_err *err)
{
	const char *const *keys = cfg_tables[CFG_SETTINGS].keys;
	cfg_doc d = {.sp = sp, .cfg = cfg, .err = err, .file = cfg_remember(cfg, cfg->path)};
	if (cfg_parse(&d, cfg->path))
		return err->code;
	return cfg_map(&d, cfg_node_at(&d, 0), "the settings", keys, cfg_settings_field, s);
}


int config_read(const char *path, enum cfg_scope scope, FILE *warn, model_config **out,
		cfg_paths *plans, cfg_index *ix, ab_err *err)
{
	*out = NULL;
	model_config *cfg = xcalloc(1, sizeof *cfg);
	cfg_settings_ctx s = {0};
	cfg_space sp = {0};
	cfg_index own = {0};
	if (!ix)
		ix = &own;
	char *copy = NULL;
	char real[PATH_MAX];
	if (!realpath(path, real)) {
		err_set_at(err, EX_NOINPUT, path, 0, 0, "cannot read the settings: %s", strerror(errno));
		goto fail;
	}
	cfg->path = xstrdup(real);
	copy = xstrdup(real);
	cfg->dir = xstrdup(dirname(copy));
	if (cfg_settings(cfg, &sp, &s, err))
		goto fail;
	cfg_index_owners(ix, cfg);
	if (scope != CFG_SETTINGS_ONLY &&
	    cfg_expand(cfg, &sp, ix, s.est_globs, s.nest, cfg_est_file, NULL, err))
		goto fail;
	cfg_index_establishments(ix, cfg);
	if (scope != CFG_SETTINGS_ONLY &&
	    cfg_expand(cfg, &sp, ix, s.plan_globs, s.nplan, cfg_plan_file,
		       scope == CFG_STREAM ? plans : NULL, err))
		goto fail;
	/* Warnings only matter when the whole load succeeds; an error stands alone. */
	char *wbuf = NULL;
	size_t wlen = 0;
	FILE *wfp = warn ? open_memstream(&wbuf, &wlen) : NULL;
	if (warn && !wfp)
		xmalloc_fail(BUFSIZ); /* its one failure: no memory */
	int bad = cfg_check(cfg, ix, wfp, err) ||
		  (scope != CFG_SETTINGS_ONLY && cfg_check_user_establishments(cfg, err));
	if (wfp) {
		fclose(wfp);
		if (!bad && wlen) /* warnings quote the YAML: shown, never obeyed (text.h) */
			text_put(warn, wbuf, TEXT_MULTILINE);
		free(wbuf);
	}
	if (bad)
		goto fail;
	*out = cfg;
	cfg = NULL;
fail:
	for (size_t i = 0; i < s.nest; i++)
		free(s.est_globs[i]);
	for (size_t i = 0; i < s.nplan; i++)
		free(s.plan_globs[i]);
	free(s.est_globs);
	free(s.plan_globs);
	free(copy);
	cfg_space_free(&sp);
	cfg_index_free(&own);
	if (!cfg)
		return 0;
	cfg_index_free(ix); /* the caller's, on failure */
	model_config_free(cfg);
	return err->code;
}

int config_load(const char *path, FILE *warn, model_config **out, ab_err *err)
{
	return config_read(path, CFG_ALL, warn, out, NULL, NULL, err);
}

int config_load_settings(const char *path, model_config **out, ab_err *err)
{
	return config_read(path, CFG_SETTINGS_ONLY, NULL, out, NULL, NULL, err);
}

/* ---- the accepted keys ---------------------------------------------------------- */

void config_keys_each(config_key_fn fn, void *ctx)
{
	for (int t = 0; t < CFG_NTABLES; t++)
		for (const char *const *k = cfg_tables[t].keys; *k; k++)
			fn(cfg_tables[t].file, cfg_tables[t].parent, *k + (**k == '!'), **k == '!', ctx);
}
