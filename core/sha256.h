/*
 * sha256 — SHA-256 (FIPS 180-4), for the content address of evidence (core/evidence.h).
 *
 * Contract: sha256_init, then sha256_add any number of times with any lengths, then
 * sha256_hex; the context is the caller's, nothing allocates. The known-answer tests of
 * FIPS 180-4's examples are in tests/unit.
 */
#ifndef AB_SHA256_H
#define AB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_HEX_LEN 65 /* 64 lowercase hex digits and a NUL */

typedef struct sha256_ctx {
	uint32_t h[8];
	uint64_t len; /* bytes added */
	unsigned char block[64];
	size_t nblock;
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_add(sha256_ctx *c, const void *data, size_t n);
/* The digest as lowercase hex; the context is spent. */
void sha256_hex(sha256_ctx *c, char out[SHA256_HEX_LEN]);

#endif
