/*
 * lib — a shared library opened when it is first needed, not linked.
 *
 * Why: the document readers' and the workbook writer's libraries (poppler-glib, libxml2,
 * libzip, libxlsxwriter) bring some sixty libraries between them, whose loading every
 * start of the program paid, the dashboard's and each command's (bench/README.md), for
 * the few commands that read a PDF, a Word file or a web page, or write a workbook.
 *
 * Contract: a lib_table names the library by the soname the build read from it (meson.build)
 * and lists the functions wanted, each by name and by where its address goes in the
 * caller's struct of function pointers (LIB_FN). lib_open opens the library and fills
 * every pointer, once: later calls return 0 at once. On failure nothing is filled and the
 * error (EX_UNAVAILABLE) names the library and its Debian package. The library stays loaded
 * until the process exits; nothing is returned to free.
 *
 * Security: the library is found as the dynamic loader finds a linked one; for a setgid
 * program the loader ignores LD_LIBRARY_PATH, so the environment cannot substitute another
 * (docs/SECURITY.md).
 */
#ifndef AB_LIB_H
#define AB_LIB_H

#include <stddef.h>

#include "err.h"

typedef struct lib_symbol {
	const char *name; /* as the library exports it */
	size_t at;        /* offset of its pointer in the caller's struct */
} lib_symbol;

/* An entry of a lib_symbol list: function `name`, stored in member `field` of `type`. */
#define LIB_FN(type, field, name) {name, offsetof(type, field)}

typedef struct lib_table {
	const char *soname;  /* e.g. "libxml2.so.2" */
	const char *package; /* the Debian package that has it, for the message */
	const lib_symbol *symbols;
	size_t nsymbols;
	void *functions;     /* the caller's struct of function pointers */
	void *handle;        /* set by lib_open; NULL until it succeeds */
} lib_table;

int lib_open(lib_table *t, ab_err *err);

#endif
