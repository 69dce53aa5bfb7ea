/* The dashboard's entry point: being written (issue 4); until then it says so. */
#include "tui.h"

int tui_run(const tui_config *cfg, ab_err *err)
{
	(void)cfg;
	return err_set(err, EX_UNAVAILABLE,
		       "the dashboard is not built yet; use 'actionboard list' or "
		       "'actionboard --help'");
}
