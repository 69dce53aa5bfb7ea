/* The import commands (being written). */
#include "cli.h"

const cli_cmd cli_import_commands[] = {{0}};
