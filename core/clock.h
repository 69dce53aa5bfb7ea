/*
 * clock — the wall-clock timestamp written into history rows and "changed at" fields.
 *
 * Contract: clock_now() fills `buf` with UTC "YYYY-MM-DDTHH:MM:SSZ"; no allocation.
 * ident_login() names the Unix user running us from the password database (not $USER).
 */
#ifndef AB_CLOCK_H
#define AB_CLOCK_H

#include <stddef.h>

#define CLOCK_ISO_LEN 21

void clock_now(char buf[CLOCK_ISO_LEN]);
void ident_login(char *buf, size_t n);

#endif
