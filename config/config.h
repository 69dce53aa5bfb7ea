/*
 * config — the YAML configuration (documented in actionboard.yaml(5)): finding it, reading
 * it, checking it.
 *
 * Contract: config_load() reads the settings file and every establishment and plan file it
 * names, checks all of it (syntax, unknown keys, types, required fields, duplicates,
 * unknown establishments, dates) and either returns a complete model_config, owned by the
 * caller (model_config_free), or fails with EX_CONFIG / EX_NOINPUT and an error naming
 * FILE:LINE:COL. It never touches a database. Warnings (targets it cannot read a date
 * from) go to `warn` when it is not NULL, one line each.
 */
#ifndef AB_CONFIG_H
#define AB_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "../core/err.h"
#include "../core/model.h"

/*
 * The settings file to use: `opt` (--config), then $ACTIONBOARD_CONFIG, then
 * $XDG_CONFIG_HOME/actionboard/actionboard.yaml (~/.config when unset) if it exists, then
 * the bundled default. Returns a malloc'd path the caller frees, or NULL with err set.
 */
char *config_find(const char *opt, ab_err *err);
/* The bundled default settings file (build tree or installed copy); static string. */
const char *config_default_path(void);

int config_load(const char *path, FILE *warn, model_config **out, ab_err *err);
/* Reads only the settings file (owners, users, database), not the files it names. */
int config_load_settings(const char *path, model_config **out, ab_err *err);

/*
 * Every key the loader accepts, walked from the very tables it checks keys against: fn is
 * called once per key with the kind of file ("settings", "establishment" or "plan"), the
 * key of the list or mapping it sits under (NULL at the top of the file), the key itself
 * and whether it is required. The strings are static.
 */
typedef void (*config_key_fn)(const char *file_kind, const char *parent, const char *key,
			      bool required, void *ctx);
void config_keys_each(config_key_fn fn, void *ctx);

#endif
