/*
 * keymap — the dashboard's requests and the one table that binds keys to them (tig's
 * model: a key means a request; the focused view handles it or passes it on). Dispatch
 * (keymap_request), the `?` help (keymap_help_line) and the hint line (keymap_hints) are
 * all read from that table, so they cannot disagree.
 *
 * Contract: pure data and formatting; no drawing, no state. Strings written into caller
 * buffers are always terminated. Bottom layer: uses only term.h's key type.
 */
#ifndef AB_TUI_KEYMAP_H
#define AB_TUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "term.h"

typedef enum tui_request {
	REQ_NONE,
	/* bound to keys */
	REQ_DOWN, REQ_UP, REQ_PAGE_DOWN, REQ_PAGE_UP, REQ_FIRST, REQ_LAST,
	REQ_NEXT_PANE, REQ_PREV_PANE, REQ_ENTER, REQ_BACK,
	REQ_STATUS, REQ_NOTE, REQ_DUE, REQ_HISTORY, REQ_UNDO, REQ_JUDGE, REQ_LINK,
	REQ_VERIFY, REQ_EVIDENCE, REQ_AMEND,
	REQ_SEARCH, REQ_SEARCH_NEXT, REQ_SEARCH_PREV,
	REQ_CYCLE, REQ_GAPS, REQ_OWNER, REQ_MINE, REQ_OVERDUE, REQ_DUE_SOON, REQ_STATUS_FILTER,
	REQ_OPEN_ONLY, REQ_SORT, REQ_SLIPPED, REQ_AGREEMENT_FILTER, REQ_JUDGED_FILTER, REQ_CLEAR,
	REQ_ESTATE, REQ_OWNER_ESTATE, REQ_FIND, REQ_SCOPE, REQ_SORT_NEXT, REQ_SORT_PREV,
	REQ_HELP, REQ_REDRAW, REQ_QUIT,
	/* bound in a prompt's line or note box (KEYMAP_IN_EDIT) */
	REQ_EDIT_ACCEPT, REQ_EDIT_CANCEL, REQ_EDIT_LEFT, REQ_EDIT_RIGHT, REQ_EDIT_UP,
	REQ_EDIT_DOWN, REQ_EDIT_HOME, REQ_EDIT_END, REQ_EDIT_WORD_LEFT, REQ_EDIT_WORD_RIGHT,
	REQ_EDIT_DEL_BACK, REQ_EDIT_DEL, REQ_EDIT_KILL_START, REQ_EDIT_KILL_END,
	REQ_EDIT_KILL_WORD, REQ_EDIT_KILL_NEXT_WORD, REQ_EDIT_PASTE,
	/* bound in a menu or picker (KEYMAP_IN_MENU) */
	REQ_MENU_PICK, REQ_MENU_CANCEL, REQ_MENU_MOVE, REQ_MENU_FILTER, REQ_MENU_LETTER,
	/* a choice of the verify, amend and evidence popups, picked by its key */
	REQ_VERIFY_ACCEPT, REQ_VERIFY_REJECT, REQ_AMEND_ADD, REQ_AMEND_EDIT, REQ_AMEND_RETIRE,
	REQ_EVIDENCE_ADD, REQ_EVIDENCE_REMOVE,
	/* not bound: the mouse wheel, and what views ask of the dashboard */
	REQ_WHEEL_DOWN, REQ_WHEEL_UP,
	REQ_ITEM_SELECTED,  /* an item view moved its cursor: it holds the selection now */
	REQ_ITEMS_BELOW,    /* moved past the last row: go on into the next item pane */
	REQ_ITEMS_ABOVE,    /* moved above the first row: back into the previous item pane */
	REQ_VIEW_DETAIL,    /* focus the detail (the selected item's actions) */
	REQ_VIEW_ITEMS,     /* focus the item pane that holds the selection */
	REQ_FILTER_CHANGED, /* a view changed the board's filter: reload from the first item */
	REQ_OPEN_GAP,       /* the disagreement view chose an item: show it on the board */
	REQ_OPEN_PLAN,      /* the overview's Enter: the selected establishment's latest plan */
	REQ_OPEN_ACTION,    /* an owner's list or a search: the selected action in its plan */
	REQ_OPEN_OWNER,     /* the owners pane, scope wider than the plan: that owner's list */
} tui_request;

/* Which hint line: one per kind of view, and the search's, shown while a search is on. */
enum {
	KEYMAP_ITEMS, KEYMAP_OWNERS, KEYMAP_DETAIL, KEYMAP_SEARCH, KEYMAP_GAPS,
	KEYMAP_ESTATE, KEYMAP_OWNED, KEYMAP_FOUND, /* the overview, an owner's list, a search */
	KEYMAP_SCOPES
};

/* Where a key is read: the dashboard, a prompt's line or note box, a menu or picker. Each
 * has its own rows in the one table, and its own part of the help. */
enum { KEYMAP_IN_BOARD, KEYMAP_IN_EDIT, KEYMAP_IN_MENU };

/* Alt and a letter, as prompts read it (Esc then the letter, which terminals send). */
#define KEYMAP_ALT(c) (0x7fff0000 | (c))

/* The request bound to a key on the dashboard, or REQ_NONE. */
tui_request keymap_request(term_key k);
/* The same in a prompt's line or note box (REQ_EDIT_*), or REQ_NONE (then a character is
 * text). */
tui_request keymap_edit_request(term_key k);
/* The key that picks `req` in a menu or popup (the first of its KEYMAP_IN_MENU row), 0 when
 * it has none: the popups take their letters from the table the help lists. */
int keymap_menu_key(tui_request req);
/* The i-th line of the help ("Enter l →    open the item's actions…"); false past the
 * last. Every bound request has one line naming all its keys; the prompts' and menus'
 * keys follow the dashboard's, each part under a heading line. */
bool keymap_help_line(size_t i, char *buf, size_t n);
/* Appends the hints of `scope` to buf (" ? help · q quit · …", " ·"-separated from what
 * buf holds), in the table's priority order, whole entries only, while the text stays
 * within `width` columns. */
void keymap_hints(int scope, int width, char *buf, size_t n);

#endif
