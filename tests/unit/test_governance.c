/*
 * governance: SHA-256 against FIPS 180-4's examples, and a second person's verification
 * in core (verify.h): who may, one's own completion refused, a rejection reopening, a
 * status change ending it, the plan's setting synced.
 */
#include <stdlib.h>

#include "../../core/action.h"
#include "../../core/remind.h"
#include "../../core/sha256.h"
#include "../../core/verify.h"
#include "fixture.h"
#include "test.h"

static void sha_of(const void *data, size_t n, char out[SHA256_HEX_LEN])
{
	sha256_ctx c;
	sha256_init(&c);
	sha256_add(&c, data, n);
	sha256_hex(&c, out);
}

static void test_sha256(void)
{
	char hex[SHA256_HEX_LEN];
	/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf") */
	sha_of("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha_of("", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha_of(m448, strlen(m448), hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
			   "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	sha_of(m896, strlen(m896), hex);
	CHECK_STR(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	/* one million 'a', added in uneven pieces: the block boundaries fall anywhere */
	char *a = malloc(1000000);
	memset(a, 'a', 1000000);
	sha256_ctx c;
	sha256_init(&c);
	for (size_t off = 0, step = 1; off < 1000000; off += step, step = step % 997 + 1)
		sha256_add(&c, a + off, off + step > 1000000 ? 1000000 - off : step);
	sha256_hex(&c, hex);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
	/* 55, 56 and 64 bytes: the padding's edge cases against one-piece hashing */
	char one[SHA256_HEX_LEN], two[SHA256_HEX_LEN];
	const char *m = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	for (size_t n = 55; n <= 64; n += 1) {
		sha_of(m, n, one);
		sha256_init(&c);
		sha256_add(&c, m, n / 2);
		sha256_add(&c, m + n / 2, n - n / 2);
		sha256_hex(&c, two);
		CHECK_STR(one, two);
	}
}

static model_config *gov_fixture(void)
{
	model_config *cfg = fx_config();
	fx_owner(cfg, "Governor", NULL);
	fx_establishment(cfg, "AAA", "HMP Alpha");
	model_plan *p = fx_plan(cfg, "AAA", "2022-07", "concerns", "2022-07-18", "2022-07-29");
	p->verification = p->verification_set = true;
	model_item *it = fx_item(p, "1.1", "priority", "Drones delivered drugs.");
	fx_action(it, "1.1.1", "March 2023", "Window grilles fitted.", "Governor", NULL);
	fx_action(it, "1.1.2", "June 2023", "Netting.", "Governor", NULL);
	return cfg;
}

static void test_verify(void)
{
	model_config *cfg = gov_fixture();
	sync_stats stats = {0};
	store *st = fx_store(cfg, "governance.db", &stats);
	CHECK(st != NULL);
	if (!st) {
		model_config_free(cfg);
		return;
	}
	action_actor alice = {"alice", NULL}, bob = {"bob", NULL};
	ab_err err = {0};
	verify_state v;
	CHECK_INT(verify_action(st, &bob, "AAA/2022-07/1.1.1", NULL, &v, &err), EX_DATAERR);
	CHECK_INT(action_set_status(st, &alice, "AAA/2022-07/1.1.1", 0, STATUS_COMPLETED, NULL,
				    NULL, &err), 0);
	CHECK_INT(verify_get(st, "AAA/2022-07/1.1.1", &v, &err), 0);
	CHECK_STR(v.verification, "awaiting");
	CHECK_STR(v.completed_by, "alice");
	CHECK_INT(v.required, 1);
	CHECK_INT(verify_action(st, &alice, "AAA/2022-07/1.1.1", NULL, &v, &err), EX_NOPERM);
	CHECK_INT(verify_action(st, &bob, "AAA/2022-07/1.1.1", "seen", &v, &err), 0);
	CHECK_STR(v.verification, "verified");
	CHECK_STR(v.verified_by, "bob");
	CHECK_INT(verify_action(st, &bob, "AAA/2022-07/1.1.1", NULL, &v, &err), EX_DATAERR);
	/* a status change ends it; completing again needs a new verification */
	CHECK_INT(action_set_status(st, &alice, "AAA/2022-07/1.1.1", 0, STATUS_IN_PROGRESS, NULL,
				    NULL, &err), 0);
	CHECK_INT(action_set_status(st, &alice, "AAA/2022-07/1.1.1", 0, STATUS_COMPLETED, NULL,
				    NULL, &err), 0);
	CHECK_INT(verify_get(st, "AAA/2022-07/1.1.1", &v, &err), 0);
	CHECK_STR(v.verification, "awaiting");
	CHECK_STR(v.verified_by, "");
	/* a rejection reopens with its reason; it needs one */
	CHECK_INT(verify_reject(st, &bob, "AAA/2022-07/1.1.1", " ", &v, &err), EX_DATAERR);
	CHECK_INT(verify_reject(st, &bob, "AAA/2022-07/1.1.1", "no evidence", &v, &err), 0);
	CHECK_STR(v.status, "in_progress");
	CHECK_STR(v.verification, "");
	/* the plan's setting comes from sync */
	cfg->plans[0].verification = false;
	int updated = 0;
	CHECK_INT(verify_sync(st, &cfg->plans[0], false, &updated, &err), 0);
	CHECK_INT(updated, 1);
	/* a plan that does not say follows the settings' default */
	cfg->plans[0].verification_set = false;
	CHECK_INT(verify_sync(st, &cfg->plans[0], true, &updated, &err), 0);
	CHECK_INT(updated, 2);
	CHECK_INT(verify_sync(st, &cfg->plans[0], false, &updated, &err), 0);
	CHECK_INT(updated, 3);
	CHECK_INT(action_set_status(st, &alice, "AAA/2022-07/1.1.2", 0, STATUS_COMPLETED, NULL,
				    NULL, &err), 0);
	CHECK_INT(verify_get(st, "AAA/2022-07/1.1.2", &v, &err), 0);
	CHECK_STR(v.verification, ""); /* completed, no verification asked for */
	store_close(st);
	model_config_free(cfg);
}

static void test_remind_message(void)
{
	CHECK(remind_address_ok("a.b@example.org"));
	CHECK(!remind_address_ok("a b@example.org"));
	CHECK(!remind_address_ok("a@example.org\nBcc: x@y"));
	CHECK(!remind_address_ok("<a@example.org>"));
	CHECK(!remind_address_ok("a@b@c"));
	CHECK(!remind_address_ok("@example.org"));
	CHECK(!remind_address_ok("a@"));
	CHECK(!remind_address_ok("x,y@example.org"));
	remind_line l = {"LIV/2022-07/1.1.1", "Window grilles – A wing £5k\x1b[2J", "2023-03-31",
			 REMIND_OVERDUE};
	remind_owner o = {.owner = "Head of Safety – Liverpool £", .addr = {"a@x.org", "b@y.org"},
			  .naddr = 2, .lines = &l, .nlines = 1};
	util_buf b = {0};
	remind_message(&b, &o, "ab@host", "Sun, 06 Dec 2026 16:45:00 +0000", "m.1@host",
		       30);
	CHECK_STR(b.s,
		  "From: ab@host\nTo: a@x.org,\n b@y.org\n"
		  "Subject: =?UTF-8?B?QWN0aW9uIHBsYW4gcmVtaW5kZXI6IDEgYWN0aW9uIGZvciBIZWFkIG9mIFNh?=\n"
		  " =?UTF-8?B?ZmV0eSDigJMgTGl2ZXJwb29sIMKj?=\n"
		  "Date: Sun, 06 Dec 2026 16:45:00 +0000\nMessage-ID: <m.1@host>\nMIME-Version: 1.0\n"
		  "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
		  "Auto-Submitted: auto-generated\n\n"
		  "These actions of Head of Safety – Liverpool £ need attention. Each line starts "
		  "with the action's key:\nactionboard show KEY gives it in full.\n\nOverdue\n"
		  "  LIV/2022-07/1.1.1  due 2023-03-31  Window grilles – A wing £5k\xef\xbf\xbd[2J\n"
		  "\n-- \nSent by actionboard remind.\n");
	util_buf_free(&b);
}

const test_case governance_tests[] = {
	{"remind: addresses, the RFC 5322 message, its encoded subject", test_remind_message},
	{"sha256: FIPS 180-4 known answers, any split", test_sha256},
	{"verify: a second person, never the completer; rejection reopens", test_verify},
	{NULL, NULL},
};
