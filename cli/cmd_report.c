/* The report commands (being written). */
#include "cli.h"

const cli_cmd cli_report_commands[] = {{0}};
