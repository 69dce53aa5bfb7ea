#include "model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The one table of statuses: the stored name, and the words people read. */
static const struct {
	const char *name, *label;
} model_statuses[STATUS_COUNT] = {
	[STATUS_PLANNED] = {"planned", "planned"},
	[STATUS_IN_PROGRESS] = {"in_progress", "in progress"},
	[STATUS_BLOCKED] = {"blocked", "blocked"},
	[STATUS_COMPLETED] = {"completed", "completed"},
	[STATUS_CANCELLED] = {"cancelled", "cancelled"},
};

const char *model_status_name(model_status s)
{
	return (unsigned)s < STATUS_COUNT ? model_statuses[s].name : "?";
}

const char *model_status_label(model_status s)
{
	return (unsigned)s < STATUS_COUNT ? model_statuses[s].label : "?";
}

const char *model_status_list(void)
{
	static char list[96];
	if (!list[0])
		for (int s = 0; s < STATUS_COUNT; s++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
				 s ? ", " : "", model_statuses[s].name);
	return list;
}

const char *model_status_words(const char *status)
{
	int s = model_status_parse(status);
	return s >= 0 ? model_statuses[s].label : status ? status : "?";
}

int model_status_parse(const char *name)
{
	/* As people write it: any case, words joined by spaces, hyphens or underscores
	 * ("In Progress", "in-progress", "IN_PROGRESS"), spaces around ignored. */
	char norm[32];
	size_t n = 0;
	if (!name)
		return -1;
	for (const char *p = name; *p && n < sizeof norm - 1; p++) {
		char c = *p == ' ' || *p == '-' ? '_' : (char)tolower((unsigned char)*p);
		if (c != '_' || (n && norm[n - 1] != '_'))
			norm[n++] = c;
	}
	while (n && norm[n - 1] == '_')
		n--;
	norm[n] = 0;
	for (int i = 0; i < STATUS_COUNT; i++)
		if (!strcmp(norm, model_statuses[i].name))
			return i;
	if (!strcmp(norm, "progress"))
		return STATUS_IN_PROGRESS;
	if (!strcmp(norm, "done") || !strcmp(norm, "complete"))
		return STATUS_COMPLETED;
	if (!strcmp(norm, "canceled"))
		return STATUS_CANCELLED;
	return -1;
}

static bool model_in(const char *s, const char *const *set)
{
	for (; s && *set; set++)
		if (!strcmp(s, *set))
			return true;
	return false;
}

bool model_category_valid(const char *c)
{
	static const char *const set[] = {"priority", "key", "general", NULL};
	return model_in(c, set);
}

bool model_agreement_valid(const char *a)
{
	static const char *const set[] = {"agreed", "partly_agreed", "not_agreed", NULL};
	return model_in(a, set);
}

bool model_scheme_valid(const char *s)
{
	static const char *const set[] = {"concerns", "recommendations", NULL};
	return model_in(s, set);
}

static void model_strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void model_plan_free(model_plan *p)
{
	for (size_t i = 0; i < p->nitems; i++) {
		model_item *it = &p->items[i];
		for (size_t j = 0; j < it->nactions; j++) {
			model_action *a = &it->actions[j];
			free(a->id);
			free(a->text);
			free(a->target);
			model_strv_free(a->owners, a->nowners);
		}
		free(it->actions);
		for (size_t j = 0; j < it->njudgements; j++) {
			free(it->judgements[j].source);
			free(it->judgements[j].value);
			free(it->judgements[j].note);
		}
		free(it->judgements);
		free(it->repeats);
		free(it->ref);
		free(it->category);
		free(it->directed_to);
		free(it->agreement);
		free(it->agreement_note);
		free(it->repeated_from);
		free(it->text);
	}
	free(p->items);
	free(p->inspection);
	free(p->establishment);
	free(p->cycle);
	free(p->scheme);
	free(p->source);
}

void model_config_free(model_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->nowners; i++) {
		free(cfg->owners[i].name);
		free(cfg->owners[i].email);
		model_strv_free(cfg->owners[i].aliases, cfg->owners[i].naliases);
	}
	free(cfg->owners);
	for (size_t i = 0; i < cfg->nusers; i++) {
		free(cfg->users[i].login);
		free(cfg->users[i].email);
		model_strv_free(cfg->users[i].owners, cfg->users[i].nowners);
		model_strv_free(cfg->users[i].establishments, cfg->users[i].nestablishments);
		free(cfg->users[i].establishments_pos);
	}
	free(cfg->users);
	for (size_t i = 0; i < cfg->nestablishments; i++) {
		free(cfg->establishments[i].code);
		free(cfg->establishments[i].name);
		free(cfg->establishments[i].description);
		free(cfg->establishments[i].region);
		free(cfg->establishments[i].function);
	}
	free(cfg->establishments);
	model_config_clear_plans(cfg);
	model_strv_free(cfg->files, cfg->nfiles);
	free(cfg->path);
	free(cfg->dir);
	free(cfg->database);
	free(cfg);
}

void model_config_clear_plans(model_config *cfg)
{
	for (size_t i = 0; i < cfg->nplans; i++)
		model_plan_free(&cfg->plans[i]);
	free(cfg->plans);
	cfg->plans = NULL;
	cfg->nplans = 0;
}

const char *model_owner_canonical(const model_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->nowners; i++) {
		const model_owner *o = &cfg->owners[i];
		if (!strcmp(o->name, name))
			return o->name;
		for (size_t j = 0; j < o->naliases; j++)
			if (!strcmp(o->aliases[j], name))
				return o->name;
	}
	return NULL;
}

size_t model_owner_index(const model_config *cfg, util_map *map)
{
	long long v;
	size_t twice = cfg->nowners;
	/* Names first: the first name met again is an owner listed twice. */
	for (size_t i = 0; i < cfg->nowners; i++) {
		const char *name = cfg->owners[i].name;
		if (!util_map_get(map, name, &v))
			util_map_put(map, name, (long long)i);
		else if (twice == cfg->nowners)
			twice = i;
	}
	/* Then aliases: a word names the first owner listing it as name or alias. */
	for (size_t i = 0; i < cfg->nowners; i++) {
		const model_owner *o = &cfg->owners[i];
		for (size_t j = 0; j < o->naliases; j++)
			if (!util_map_get(map, o->aliases[j], &v) || v > (long long)i)
				util_map_put(map, o->aliases[j], (long long)i);
	}
	return twice;
}
