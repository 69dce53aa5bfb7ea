#include "key.h"

#include <stdio.h>
#include <string.h>

static const char *const key_forms[] = {
	[KEY_ACTION] = "an action key (ESTABLISHMENT/CYCLE/ACTION-ID, e.g. LIV/2022-07/1.1.3)",
	[KEY_ITEM] = "an item key (ESTABLISHMENT/CYCLE/REF, e.g. LIV/2022-07/1.1)",
	[KEY_ANY] = "a key (ESTABLISHMENT/CYCLE/ID, e.g. LIV/2022-07/1.1 or LIV/2022-07/1.1.3)",
};

/* Copies s[0..n) into a buffer of `size` bytes; false when empty or too long. */
static bool key_part(char *dst, size_t size, const char *s, size_t n)
{
	if (n == 0 || n >= size)
		return false;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return true;
}

int key_parse(const char *text, key_kind kind, key_parts *out, ab_err *err)
{
	memset(out, 0, sizeof *out);
	const char *a = strchr(text, '/');
	const char *b = a ? strchr(a + 1, '/') : NULL;
	bool ok = b && key_part(out->establishment, sizeof out->establishment, text,
				(size_t)(a - text)) &&
		  key_part(out->cycle, sizeof out->cycle, a + 1, (size_t)(b - a - 1)) &&
		  key_part(out->id, sizeof out->id, b + 1, strlen(b + 1)) &&
		  !(kind == KEY_ACTION && strchr(out->id, '/'));
	if (ok)
		return 0;
	memset(out, 0, sizeof *out);
	return err_set(err, EX_DATAERR, "'%s' is not %s", text,
		       key_forms[(unsigned)kind <= KEY_ANY ? kind : KEY_ANY]);
}

bool key_is_qualified(const char *text)
{
	const char *a = strchr(text, '/');
	return a && strchr(a + 1, '/');
}

int key_format(char *buf, size_t n, const char *establishment, const char *cycle,
	       const char *id)
{
	return snprintf(buf, n, "%s/%s/%s", establishment ? establishment : "", cycle ? cycle : "",
			id ? id : "");
}
