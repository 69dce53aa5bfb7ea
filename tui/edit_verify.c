/* edit_verify — see edit_verify.h. */
#include "edit_verify.h"

#include <string.h>

#include "../core/verify.h"
#include "edit_priv.h"

bool edit_verify(view_ctx *c, edit_state *e, const prompt_screen *ps, const board_action *ac)
{
	if (!ac) {
		view_message(c, true, " No action selected (Enter opens an item's actions)");
		return false;
	}
	if (!edit_db_writable(c))
		return false;
	char key[512], title[600], label[700], text[ACTION_TEXT_BUF] = "", done[700];
	snprintf(key, sizeof key, "%s", ac->key);
	if (model_status_parse(ac->status) != STATUS_COMPLETED) {
		view_message(c, true, " %s is not completed: there is nothing to verify", key);
		return false;
	}
	/* the letters are the key table's (keymap.h), which the help lists */
	const char keys[] = {(char)keymap_menu_key(REQ_VERIFY_ACCEPT),
			     (char)keymap_menu_key(REQ_VERIFY_REJECT), 0};
	char accept[64], reject_label[64];
	snprintf(accept, sizeof accept, "%c  verify: the completion is done", keys[0]);
	snprintf(reject_label, sizeof reject_label, "%c  reject: reopen it", keys[1]);
	const char *choices[] = {accept, reject_label};
	snprintf(title, sizeof title, "Verification of %s (letter, or ↑↓ Enter)", key);
	int pick = prompt_menu_keys(ps, title, choices, 2, 0, keys);
	if (pick < 0 || term_done())
		return edit_cancelled(c);
	bool reject = pick == 1;
	snprintf(label, sizeof label,
		 reject ? "Why reject %s? (required, Enter saves, Esc cancels): "
			: "Note for the verification of %s (optional, Enter saves, Esc cancels): ",
		 key);
	if (!prompt_line(ps, label, text, sizeof text, ACTION_TEXT_MAX, NULL) || term_done() ||
	    (reject && !text[strspn(text, " ")]))
		return edit_cancelled(c);
	verify_state v;
	ab_err err = {0};
	int rc = reject ? verify_reject(c->cfg->st, &e->actor, key, text, &v, &err)
			: verify_action(c->cfg->st, &e->actor, key, text[0] ? text : NULL, &v, &err);
	snprintf(done, sizeof done, reject ? "%s: verification rejected, reopened as in progress"
					   : "%s: verified",
		 key);
	return edit_outcome(c, e, rc, &err, key, text, done, false);
}
