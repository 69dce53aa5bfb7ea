/* narrow — see narrow.h. */
#include "narrow.h"

#include <stdlib.h>
#include <string.h>

#include "../core/util.h"

struct narrow {
	const char *const *choices;
	int n;
	size_t *ok;     /* per choice: the longest prefix of `typed` it matches, in bytes */
	char *typed;    /* the text ok[] is for */
	char *folded;   /* the choices in lower case, one after another (NULL until needed) */
	size_t *at;     /* where each begins in folded */
};

narrow *narrow_new(const char *const *choices, int n)
{
	narrow *nw = xcalloc(1, sizeof *nw);
	nw->choices = choices;
	nw->n = n > 0 ? n : 0;
	nw->ok = xcalloc(nw->n ? (size_t)nw->n : 1, sizeof *nw->ok);
	nw->typed = xstrdup("");
	return nw;
}

void narrow_free(narrow *nw)
{
	if (!nw)
		return;
	free(nw->ok);
	free(nw->typed);
	free(nw->folded);
	free(nw->at);
	free(nw);
}

/* ASCII only, byte by byte: UTF-8's multi-byte characters keep their case, as with
 * strcasestr in a UTF-8 locale (the filter's meaning before it was made fast). */
static void narrow_fold(char *dst, const char *src, size_t len)
{
	for (size_t i = 0; i < len; i++)
		dst[i] = src[i] >= 'A' && src[i] <= 'Z' ? (char)(src[i] - 'A' + 'a') : src[i];
	dst[len] = 0;
}

/* Folds every choice once, into one block: a pass over a few hundred kilobytes. */
static void narrow_fold_all(narrow *nw)
{
	if (nw->folded)
		return;
	nw->at = xcalloc(nw->n ? (size_t)nw->n : 1, sizeof *nw->at);
	size_t total = 0;
	for (int i = 0; i < nw->n; i++) {
		nw->at[i] = total;
		total += strlen(nw->choices[i]) + 1;
	}
	nw->folded = xmalloc(total ? total : 1);
	for (int i = 0; i < nw->n; i++)
		narrow_fold(nw->folded + nw->at[i], nw->choices[i], strlen(nw->choices[i]));
}

/* One byte more of the text, at len - 1: those that matched len - 1 bytes are tested on
 * the word ending there (the other words they already hold); a space adds no word. */
static void narrow_step(narrow *nw, const char *text, size_t len)
{
	size_t from = len - 1;
	if (text[from] == ' ') {
		for (int i = 0; i < nw->n; i++)
			nw->ok[i] += nw->ok[i] == len - 1;
		return;
	}
	while (from && text[from - 1] != ' ')
		from--;
	char *word = xmalloc(len - from + 1);
	narrow_fold(word, text + from, len - from);
	for (int i = 0; i < nw->n; i++)
		if (nw->ok[i] == len - 1 && strstr(nw->folded + nw->at[i], word))
			nw->ok[i] = len;
	free(word);
}

int narrow_filter(narrow *nw, const char *typed, int *shown)
{
	size_t keep = 0, len = strlen(typed);
	while (typed[keep] && typed[keep] == nw->typed[keep])
		keep++;
	for (int i = 0; i < nw->n; i++) /* what held for the common prefix still holds */
		if (nw->ok[i] > keep)
			nw->ok[i] = keep;
	if (len > keep)
		narrow_fold_all(nw);
	for (size_t l = keep + 1; l <= len; l++)
		narrow_step(nw, typed, l);
	free(nw->typed);
	nw->typed = xstrdup(typed);
	int count = 0;
	for (int i = 0; i < nw->n; i++)
		if (nw->ok[i] == len)
			shown[count++] = i;
	return count;
}
