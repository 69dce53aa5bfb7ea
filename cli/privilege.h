/*
 * privilege — the shared-server mode (docs/SECURITY.md): actionboard installed setgid to a
 * group that alone may enter the database's directory. It is on when the effective gid
 * differs from the real one; otherwise (one user, or a trusted group sharing a file) every
 * function here does nothing and returns 0.
 *
 * Contract, when on:
 *   - privilege_init(), first thing in main(): refuses a setuid install, makes sure fds
 *     0-2 are open, removes the variables that would name files for ncurses or SQLite to
 *     read, refuses ACTIONBOARD_* variables but ACTIONBOARD_TODAY, and lowers the
 *     effective gid to the real one: from then on the process is the user.
 *   - privilege_apply(), once the global options are parsed: refuses --config and --db,
 *     checks that the system settings (AB_SYSTEM_CONFIG) and every directory above them
 *     are root's and writable by root only, that they name the database and have a users
 *     section, and points ctx at them (ctx->settings: the settings it read, so that they
 *     are read once).
 *   - privilege_exists() takes the group identity back for its call only;
 *     privilege_store_open() takes it to open the database and, once the database is
 *     open, gives it up for good (real, effective and saved gid): the group reaches the
 *     database and does nothing else, and one process opens one database. Giving the
 *     group up cannot fail; if the kernel refused, the process aborts rather than go on
 *     with it.
 * Refusals print "actionboard: ..." and return the exit status: EX_NOPERM (77) for an
 * option or variable the shared server does not take, EX_CONFIG (78) for system settings
 * that cannot be trusted or are incomplete.
 */
#ifndef AB_PRIVILEGE_H
#define AB_PRIVILEGE_H

#include <stdbool.h>

#include "../core/err.h"
#include "../core/store.h"
#include "cli.h"

#ifndef AB_SYSTEM_CONFIG
#define AB_SYSTEM_CONFIG "/etc/actionboard/actionboard.yaml"
#endif

int privilege_init(void);
int privilege_apply(cli_ctx *ctx);
/* Whether `path` exists, looked up with the group identity when on. */
bool privilege_exists(const char *path);
/* store_open() with the group identity when on. */
int privilege_store_open(const char *path, int flags, store **out, ab_err *err);

#endif
