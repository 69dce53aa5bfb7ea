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

int config_load(const char *path, FILE *warn, model_config **out, ab_err *err);
/* Reads only the settings file (owners, users, database), not the files it names. */
int config_load_settings(const char *path, model_config **out, ab_err *err);
/*
 * The settings read while the caller does something else (the dashboard reads its first
 * screen): config_settings_start() reads `path` as config_load_settings() does, on a second
 * thread when more than one processor is online (else at once, before it returns; it
 * cannot fail). config_settings_wait() waits for that read, frees p and returns its
 * result: config_load_settings()'s code and error, and the settings (owned by the caller;
 * NULL on an error). Every started read must be waited for, exactly once.
 */
typedef struct config_pending config_pending;
config_pending *config_settings_start(const char *path, const char *database);
int config_settings_wait(config_pending *p, model_config **out, ab_err *err);
/*
 * The database the settings at `path` name, from the file's first 64 KiB alone, for the
 * dashboard to open before the whole file is read (config_settings_start): the top-level
 * key `database` written plainly (a scalar, no anchor, tag or null), as an absolute path
 * (a relative one from the settings' directory, as config_load_settings() takes it).
 * NULL when that cannot be told so: read the settings first. Returns a malloc'd string.
 * config_settings_start()'s `database`, when not NULL, is what this returned: the wait
 * then fails (EX_CONFIG) when the whole read names another database (the file changed
 * in between, or YAML this reading does not follow).
 */
char *config_settings_database(const char *path);
/* config_load_settings(), failing as that wait does when `database` (not NULL) is not the
 * database the settings name. */
int config_load_settings_named(const char *path, const char *database, model_config **out,
			       ab_err *err);
/* The listed owner name or alias closest to `name` (case folded, Damerau-Levenshtein), when
 * close enough to say "did you mean"; NULL otherwise. The string is cfg's. */
const char *config_owner_suggest(const model_config *cfg, const char *name);

/*
 * The configuration one plan at a time (sync's way: memory holds one plan, whatever the
 * estate's size). config_open() reads and checks the settings and every establishment
 * file and lists the plan files in the order config_load() reads them, without reading
 * them. config_stream_plan() reads and checks plan file i as config_load() would, except
 * for a cycle defined in two files, which the caller finds (it sees the files it skips
 * too); the plan stays valid until the next call. The warnings of the plans read are
 * kept and go to config_open()'s `warn` at config_close(s, true) (once all went well);
 * config_close(s, false) drops them. The stream owns everything it returns.
 */
typedef struct config_stream config_stream;

int config_open(const char *path, FILE *warn, config_stream **out, ab_err *err);
/* The settings and establishments (with no plans). */
const model_config *config_stream_config(const config_stream *s);
size_t config_stream_nplans(const config_stream *s);
const char *config_stream_path(const config_stream *s, size_t i);
int config_stream_plan(config_stream *s, size_t i, const model_plan **out, ab_err *err);
void config_close(config_stream *s, bool warnings);
/* Reading ahead: config_stream_plan(s, i) also sets a second thread reading the plan
 * files after i (at most two at a time; none with one processor online); a plan read
 * ahead is handed out only if its file has not changed since it was read, and is
 * otherwise read again. Nothing else shows.
 * config_stream_settle() waits until that thread has read as far ahead as it may: for
 * tests, which need the plans read ahead before they change a file. */
void config_stream_settle(config_stream *s);

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
