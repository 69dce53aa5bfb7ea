/*
 * check — what the loader checks across files once every file is read: owners and their
 * aliases, unique refs and ids, targets, repeats; and the closest owner name for "did you
 * mean" (config_priv.h has the contract). Split from config.c, which reads each file.
 */
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
#include "../core/judge.h"
#include "../core/text.h"

/* ---- cross-file checks ---------------------------------------------------------- */

static int cfg_fail_pos(ab_err *err, model_pos p, const char *fmt, const char *a,
			const char *b)
{
	char msg[900];
	snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
	return err_set_at(err, EX_CONFIG, p.file, p.line, p.col, "%s", msg);
}

/* A name met twice: the first repeat's index, or n. By a map, not pairwise: an estate
 * lists thousands of owners, and every command (the dashboard's first frame too) checks
 * them. */
static size_t cfg_first_repeat(const void *base, size_t n, size_t size, size_t off)
{
	util_map seen = {0};
	size_t i = 0;
	long long v;
	for (; i < n; i++) {
		const char *name = *(const char *const *)((const char *)base + i * size + off);
		if (util_map_get(&seen, name, &v))
			break;
		util_map_put(&seen, name, 1);
	}
	util_map_free(&seen);
	return i;
}

/* ---- the lookups every plan's checks make ------------------------------------------- */

void cfg_index_owners(cfg_index *ix, const model_config *cfg)
{
	ix->owner_twice = model_owner_index(cfg, &ix->owners);
}

void cfg_index_establishments(cfg_index *ix, const model_config *cfg)
{
	for (size_t i = 0; i < cfg->nestablishments; i++)
		util_map_put(&ix->establishments, cfg->establishments[i].code, (long long)i);
}

void cfg_index_free(cfg_index *ix)
{
	util_map_free(&ix->owners);
	util_map_free(&ix->establishments);
	*ix = (cfg_index){0};
}

const char *cfg_owner_canonical(const cfg_index *ix, const model_config *cfg, const char *name)
{
	long long i;
	return util_map_get(&ix->owners, name, &i) ? cfg->owners[i].name : NULL;
}

static int cfg_check_owners(model_config *cfg, const cfg_index *ix, ab_err *err)
{
	size_t twice = ix->owner_twice;
	for (size_t i = 0; i < cfg->nowners; i++) {
		model_owner *o = &cfg->owners[i];
		if (i == twice)
			return cfg_fail_pos(err, o->pos, "owner '%s' is listed twice", o->name, NULL);
		for (size_t a = 0; a < o->naliases; a++) {
			const char *c = cfg_owner_canonical(ix, cfg, o->aliases[a]);
			if (c != o->name)
				return cfg_fail_pos(err, o->pos, "alias '%s' already names owner '%s'",
						    o->aliases[a], c);
		}
	}
	for (size_t i = 0; i < cfg->nusers; i++)
		for (size_t j = 0; j < cfg->users[i].nowners; j++)
			if (!cfg_owner_canonical(ix, cfg, cfg->users[i].owners[j]))
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
	cfg_key *keys = xmalloc(n * sizeof *keys);
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

/* A target that names several dates: it falls due at the first (core/date.h); the plan
 * should say which one counts, or split the action. */
static void cfg_warn_dates(FILE *warn, const model_action *a, const date_target *t)
{
	fprintf(warn, "actionboard: %s:%d:%d: warning: action %s: target '%s' names %zu dates (",
		a->pos.file, a->pos.line, a->pos.col, a->id, a->target, t->ndates);
	for (size_t i = 0; i < t->ndates && i < DATE_TARGET_DATES; i++) {
		char iso[DATE_ISO_LEN];
		date_format_iso(t->dates[i], iso);
		fprintf(warn, "%s%s", i ? ", " : "", iso);
	}
	char due[DATE_ISO_LEN];
	date_format_iso(t->due, due);
	fprintf(warn, "%s): it falls due on the first, %s; give one date per action\n",
		t->ndates > DATE_TARGET_DATES ? ", …" : "", due);
}

/* Whether plan q's cycle began before plan p's: by the first day of inspection when both
 * have one, else by cycle id (as lineage.h orders them). */
static bool cfg_plan_before(const model_plan *q, const model_plan *p)
{
	const char *a = NULL, *b = NULL;
	for (size_t i = 0; i < q->ninspection; i++)
		if (!a || strcmp(q->inspection[i].from, a) < 0)
			a = q->inspection[i].from;
	for (size_t i = 0; i < p->ninspection; i++)
		if (!b || strcmp(p->inspection[i].from, b) < 0)
			b = p->inspection[i].from;
	return a && b ? strcmp(a, b) < 0 : strcmp(q->cycle, p->cycle) < 0;
}

/* `repeats` has the form CYCLE/REF; what it names is checked across the plans. */
int cfg_check_repeats_form(const model_item *it, ab_err *err)
{
	const char *slash = strchr(it->repeats, '/');
	if (!slash || slash == it->repeats || !slash[1])
		return cfg_fail_pos(err, it->repeats_pos,
				    "'repeats' must be CYCLE/REF (e.g. \"2019-08/2.88\"), not '%s'",
				    it->repeats, NULL);
	return 0;
}

/* `repeats: CYCLE/REF` names an item of an earlier plan of the same establishment. */
static int cfg_check_repeats(const model_config *cfg, const model_plan *p, const model_item *it,
			     ab_err *err)
{
	if (cfg_check_repeats_form(it, err))
		return err->code;
	const char *slash = strchr(it->repeats, '/');
	for (size_t i = 0; i < cfg->nplans; i++) {
		const model_plan *q = &cfg->plans[i];
		if (strcmp(q->establishment, p->establishment) ||
		    strlen(q->cycle) != (size_t)(slash - it->repeats) ||
		    strncmp(q->cycle, it->repeats, (size_t)(slash - it->repeats)))
			continue;
		if (q == p || !cfg_plan_before(q, p))
			return cfg_fail_pos(err, it->repeats_pos,
					    "item %s repeats '%s', which is not in an earlier cycle",
					    it->ref, it->repeats);
		for (size_t k = 0; k < q->nitems; k++)
			if (!strcmp(q->items[k].ref, slash + 1))
				return 0;
		return cfg_fail_pos(err, it->repeats_pos, "item %s repeats '%s', but that plan has "
				    "no such item", it->ref, it->repeats);
	}
	return cfg_fail_pos(err, it->repeats_pos, "item %s repeats '%s', but no plan of this "
			    "establishment has that cycle", it->ref, it->repeats);
}

/* An item's judgements have values of their source. */
int cfg_check_judgements(const model_item *it, ab_err *err)
{
	for (size_t j = 0; j < it->njudgements; j++) {
		const model_judgement *g = &it->judgements[j];
		if (!judge_value_valid((judge_source)judge_source_parse(g->source), g->value))
			return cfg_fail_pos(err, g->pos, "'%s' is not a judgement of %s", g->value,
					    g->source);
	}
	return 0;
}

/* What an item says of other items and of judgements, once every file is read. */
static int cfg_check_item(const model_config *cfg, const model_plan *p, const model_item *it,
			  ab_err *err)
{
	if (cfg_check_judgements(it, err))
		return err->code;
	return it->repeats ? cfg_check_repeats(cfg, p, it, err) : 0;
}

int cfg_check_plan(model_config *cfg, const cfg_index *ix, model_plan *p, util_map *cycles,
		   FILE *warn, ab_err *err)
{
	long long at;
	if (!util_map_get(&ix->establishments, p->establishment, &at))
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
			if (t.ndates > 1 && warn)
				cfg_warn_dates(warn, a, &t);
		}
	}
	if (!cycles)
		return 0;
	/* Codes hold no '/' (cfg_key_part), so "CODE/CYCLE" names one cycle. */
	size_t n = strlen(p->establishment) + strlen(p->cycle) + 2;
	char *key = xmalloc(n);
	snprintf(key, n, "%s/%s", p->establishment, p->cycle);
	bool twice = util_map_get(cycles, key, &at);
	if (!twice)
		util_map_put(cycles, key, p - cfg->plans);
	free(key);
	if (twice) {
		const model_plan *q = &cfg->plans[at];
		return err_set_at(err, EX_CONFIG, p->pos.file, p->pos.line, p->pos.col,
				  "cycle '%s' of %s is already defined in %s:%d", p->cycle,
				  p->establishment, q->pos.file, q->pos.line);
	}
	return 0;
}

int cfg_check(model_config *cfg, const cfg_index *ix, FILE *warn, ab_err *err)
{
	size_t twice = cfg_first_repeat(cfg->establishments, cfg->nestablishments,
					sizeof *cfg->establishments,
					offsetof(model_establishment, code));
	if (twice < cfg->nestablishments)
		return cfg_fail_pos(err, cfg->establishments[twice].pos,
				    "establishment '%s' is defined twice",
				    cfg->establishments[twice].code, NULL);
	if (cfg_check_owners(cfg, ix, err))
		return err->code;
	util_map cycles = {0};
	int rc = 0;
	for (size_t i = 0; i < cfg->nplans && !rc; i++)
		rc = cfg_check_plan(cfg, ix, &cfg->plans[i], &cycles, warn, err);
	util_map_free(&cycles);
	if (rc)
		return rc;
	for (size_t i = 0; i < cfg->nplans; i++)
		for (size_t k = 0; k < cfg->plans[i].nitems; k++)
			if (cfg_check_item(cfg, &cfg->plans[i], &cfg->plans[i].items[k], err))
				return err->code;
	return 0;
}

/* ---- the closest owner name, for "did you mean" ------------------------------ */

/*
 * The edit distance of a and b with letters folded to lower case: insertions, deletions,
 * substitutions and swaps of two neighbours each count one (Damerau-Levenshtein, in its
 * "optimal string alignment" form). Names longer than CFG_NAME_CMP bytes are not
 * compared (SIZE_MAX): an owner's name is a job title, not a paragraph.
 */
#define CFG_NAME_CMP 127
static size_t cfg_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > CFG_NAME_CMP || m > CFG_NAME_CMP)
		return SIZE_MAX;
	/* Rows i-2, i-1 and i of the table, each m+1 long. */
	size_t rows[3][CFG_NAME_CMP + 1], *two = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= m; j++)
		prev[j] = j;
	for (size_t i = 1; i <= n; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= m; j++) {
			int x = tolower((unsigned char)a[i - 1]), y = tolower((unsigned char)b[j - 1]);
			size_t best = prev[j - 1] + (x != y);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && x == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == y && two[j - 2] + 1 < best)
				best = two[j - 2] + 1;
			cur[j] = best;
		}
		size_t *t = two;
		two = prev, prev = cur, cur = t;
	}
	return prev[m];
}

/* The closest of the names tried (cfg_nearest_try), when it is close enough to be the one
 * meant: a quarter of the name's length in edits (at least one); NULL otherwise. */
typedef struct cfg_nearest {
	const char *name, *best;
	size_t best_d;
} cfg_nearest;

static void cfg_nearest_try(cfg_nearest *n, const char *known)
{
	size_t dist = cfg_distance(n->name, known);
	if (dist < n->best_d)
		n->best = known, n->best_d = dist;
}

static const char *cfg_nearest_found(const cfg_nearest *n)
{
	size_t limit = strlen(n->name) / 4 > 1 ? strlen(n->name) / 4 : 1;
	return n->best_d <= limit ? n->best : NULL;
}

/* The listed owner name or alias closest to `name` (config.h). */
const char *config_owner_suggest(const model_config *cfg, const char *name)
{
	cfg_nearest n = {name, NULL, SIZE_MAX};
	for (size_t i = 0; i < cfg->nowners; i++) {
		const model_owner *o = &cfg->owners[i];
		for (size_t k = 0; k <= o->naliases; k++)
			cfg_nearest_try(&n, k ? o->aliases[k - 1] : o->name);
	}
	return cfg_nearest_found(&n);
}

/* A user's establishments must be codes of establishment files: a misspelt one would
 * give the user rights nowhere, silently. The closest code is suggested. */
int cfg_check_user_establishments(const model_config *cfg, ab_err *err)
{
	for (size_t i = 0; i < cfg->nusers; i++) {
		const model_user *u = &cfg->users[i];
		for (size_t j = 0; j < u->nestablishments; j++) {
			const char *code = u->establishments[j];
			cfg_nearest n = {code, NULL, SIZE_MAX};
			bool known = false;
			for (size_t k = 0; k < cfg->nestablishments && !known; k++) {
				known = !strcmp(cfg->establishments[k].code, code);
				cfg_nearest_try(&n, cfg->establishments[k].code);
			}
			if (known)
				continue;
			const char *near = cfg_nearest_found(&n);
			return cfg_fail_pos(err, u->establishments_pos[j],
					    near ? "unknown establishment '%s' for this user (not the code "
						   "of an establishment file): did you mean '%s'?"
						 : "unknown establishment '%s' for this user (not the code "
						   "of an establishment file)%s",
					    code, near);
		}
	}
	return 0;
}

/*
 * An action's owners. When the settings list owners, each must be a listed name or
 * alias, as a user's owners must: a misspelt one would otherwise become an owner of its
 * own, and the action would leave the real owner's slice and their permission. Without
 * an owners list any name is taken as it is.
 */
