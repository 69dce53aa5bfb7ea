/*
 * Runs the libFuzzer target fuzz_import.c without libFuzzer, so that its checks (valid
 * YAML, no tag, a proper error otherwise) run in the ordinary build: for each file named,
 * the whole file, every prefix of it ending at a line end, and its Word-style (BOM, CRLF)
 * and no-break-space variants. Prints TAP; a failed check aborts in the target.
 * usage: fuzz_import_replay FILE...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	do {
		if (n == cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 65536);
			if (!nb) {
				free(buf);
				fclose(fp);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
	} while (got);
	fclose(fp);
	*len = n;
	return buf;
}

/* A variant of the text: kind 0 with a BOM and CRLF line ends, kind 1 with every space a
 * no-break space (U+00A0). */
static char *variant(const char *s, size_t n, int kind, size_t *out)
{
	char *d = malloc(3 + n * 2);
	if (!d)
		abort();
	size_t j = 0;
	if (kind == 0)
		memcpy(d, "\xEF\xBB\xBF", 3), j = 3;
	for (size_t i = 0; i < n; i++) {
		if (kind == 0 && s[i] == '\n')
			d[j++] = '\r';
		if (kind == 1 && s[i] == ' ') {
			memcpy(d + j, "\xC2\xA0", 2);
			j += 2;
			continue;
		}
		d[j++] = s[i];
	}
	*out = j;
	return d;
}

int main(int argc, char **argv)
{
	int t = 0;
	for (int a = 1; a < argc; a++) {
		size_t n;
		char *s = slurp(argv[a], &n);
		if (!s) {
			printf("not ok %d - %s: cannot read\n", ++t, argv[a]);
			continue;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)s, n);
		printf("ok %d - %s\n", ++t, argv[a]);
		size_t lines = 0;
		for (size_t i = 0; i < n; i++)
			if (s[i] == '\n') {
				LLVMFuzzerTestOneInput((const uint8_t *)s, i + 1);
				lines++;
			}
		printf("ok %d - %s: its %zu prefixes ending at a line end\n", ++t, argv[a], lines);
		for (int kind = 0; kind < 2; kind++) {
			size_t vn;
			char *v = variant(s, n, kind, &vn);
			LLVMFuzzerTestOneInput((const uint8_t *)v, vn);
			printf("ok %d - %s: %s variant\n", ++t, argv[a], kind ? "no-break space" : "BOM and CRLF");
			free(v);
		}
		free(s);
	}
	printf("1..%d\n", t);
	return 0;
}
