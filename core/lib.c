/* lib — see lib.h. */
#include "lib.h"

#include <dlfcn.h>
#include <string.h>

int lib_open(lib_table *t, ab_err *err)
{
	if (t->handle)
		return 0;
	void *h = dlopen(t->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return err_set(err, EX_UNAVAILABLE, "this needs %s (Debian package %s), which cannot "
			       "be loaded: %s", t->soname, t->package, dlerror());
	for (size_t i = 0; i < t->nsymbols; i++) {
		void *f = dlsym(h, t->symbols[i].name);
		if (!f) {
			int rc = err_set(err, EX_UNAVAILABLE, "%s has no %s: not the version this "
					 "program was built with", t->soname, t->symbols[i].name);
			dlclose(h);
			return rc;
		}
		/* POSIX: a function's address from dlsym, stored through the pointer's bytes */
		memcpy((char *)t->functions + t->symbols[i].at, &f, sizeof f);
	}
	t->handle = h;
	return 0;
}
