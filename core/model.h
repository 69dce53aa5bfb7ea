/*
 * model — the definitions that YAML describes (actionboard.yaml(5)), in memory.
 *
 * Contract: config/ fills a model_config; core/sync writes it into the database. Every
 * string and array in a model_config is owned by it and released by model_config_free().
 * `file`, `line`, `col` say where each definition was written, for error messages.
 * Optional strings are NULL when absent.
 */
#ifndef AB_MODEL_H
#define AB_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

typedef struct model_pos {
	const char *file; /* points into model_config.files */
	int line, col;
} model_pos;

typedef enum {
	STATUS_PLANNED,
	STATUS_IN_PROGRESS,
	STATUS_BLOCKED,
	STATUS_COMPLETED,
	STATUS_CANCELLED,
	STATUS_COUNT
} model_status;

/* "in_progress": the stored name; "?" for no status. */
const char *model_status_name(model_status s);
/* "in progress": the words people read. */
const char *model_status_label(model_status s);
/* "planned, in_progress, blocked, completed, cancelled": every stored name, for messages. */
const char *model_status_list(void);
/* The words of a stored status name ("in_progress" -> "in progress"); an unknown one as
 * it is, NULL as "?". */
const char *model_status_words(const char *status);
/* The one status parser: the canonical name in any case, with its words joined by spaces,
 * hyphens or underscores ("In Progress", "in-progress"), and "done", "complete",
 * "canceled", "progress". -1 if unknown. */
int model_status_parse(const char *name);
bool model_category_valid(const char *c);
bool model_agreement_valid(const char *a);
bool model_scheme_valid(const char *s);

typedef struct model_action {
	char *id, *text, *target;
	char **owners;
	size_t nowners;
	model_pos pos;
} model_action;

/* A judgement written in the plan (judge.h): source irp, inspection or self. */
typedef struct model_judgement {
	char *source, *value;
	char date[11];
	char *note; /* optional */
	model_pos pos;
} model_judgement;

typedef struct model_item {
	char *ref;
	int seq;            /* 0 when absent */
	char *category;
	char *directed_to, *agreement, *agreement_note, *repeated_from; /* optional */
	char *text;
	model_action *actions;
	size_t nactions;
	char *repeats;      /* optional: "CYCLE/REF" of the item this one repeats (lineage.h) */
	model_pos repeats_pos;
	model_judgement *judgements;
	size_t njudgements;
	model_pos pos;
} model_item;

typedef struct model_range {
	char from[11], to[11];
} model_range;

typedef struct model_plan {
	char *establishment, *cycle, *scheme;
	model_range *inspection;
	size_t ninspection;
	char report_published[11], plan_submitted[11]; /* "" when absent */
	char urgent_notification[11]; /* the Urgent Notification's date, "" when none */
	/* `verification: required` or `none` (core/verify.h); when the plan says neither
	 * (verification_set false), the settings' model_config.verification decides */
	bool verification, verification_set;
	char *source;
	model_item *items;
	size_t nitems;
	model_pos pos;
	model_pos establishment_pos;
} model_plan;

typedef struct model_establishment {
	char *code, *name, *description;
	char *region, *function; /* optional: where it sits, what kind of prison it is */
	model_pos pos;
} model_establishment;

typedef struct model_owner {
	char *name;
	char **aliases;
	size_t naliases;
	/* One owner across the estate (HMPPS, NHS England, a provider); false: a local role
	 * that each establishment has its own of ("Governor"). */
	bool shared;
	char *email; /* optional: where reminders go (core/remind.h) */
	model_pos pos;
} model_owner;

/* ROLE_VERIFIER: reads like a viewer, and may verify completions (core/verify.h). */
typedef enum { ROLE_VIEWER, ROLE_EDITOR, ROLE_ADMIN, ROLE_VERIFIER } model_role;

typedef struct model_user {
	char *login;
	model_role role;
	char **owners;
	size_t nowners;
	/* The establishments (codes) the rights stop at; none: the whole estate. */
	char **establishments;
	model_pos *establishments_pos; /* where each code is written */
	size_t nestablishments;
	char *email; /* optional: reminders for the user's owners go here too */
	model_pos pos;
} model_user;

typedef struct model_config {
	char *path;      /* the settings file */
	char *dir;       /* its directory: relative paths are relative to it */
	char *database;  /* absolute path, or NULL when the settings name none */
	model_owner *owners;
	size_t nowners;
	bool has_users;  /* the `users` section exists (even if empty) */
	bool verification; /* `verification: required`: the default of plans that do not say */
	model_user *users;
	size_t nusers;
	model_establishment *establishments;
	size_t nestablishments;
	model_plan *plans;
	size_t nplans;
	char **files;    /* every file read, owned here; model_pos.file points into it */
	size_t nfiles;
} model_config;

void model_config_free(model_config *cfg);
/* Frees every plan of cfg and leaves it with none (a loader reading one plan at a time). */
void model_config_clear_plans(model_config *cfg);
/* The canonical owner for a name or alias, or NULL when the settings do not know it. */
const char *model_owner_canonical(const model_config *cfg, const char *name);
/* Fills `map` (empty; the caller frees it) with each owner name and alias -> the index in
 * cfg->owners of the owner model_owner_canonical() answers for it, the first listing it:
 * two passes, for a loader that looks up many names. Returns the index of the first owner
 * whose name an earlier owner already has as its name, or cfg->nowners when none does. */
size_t model_owner_index(const model_config *cfg, util_map *map);

#endif
