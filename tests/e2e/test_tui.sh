#!/usr/bin/env bash
# End-to-end tests of the dashboard: drive the real binary in tmux at fixed sizes with
# send-keys, read the screen with capture-pane, and check the database with the CLI.
# usage: test_tui.sh BINARY SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
TODAY=2026-11-23
ME=$(id -un)
SOCK="ab-e2e-$$"
# lib.sh sets these for the CLI tests; ncurses would take COLUMNS/LINES as the screen size.
unset NO_COLOR COLUMNS LINES
tm() { tmux -L "$SOCK" "$@"; }
. "$(dirname "$0")/alive.sh"
trap 'tm kill-server 2>/dev/null; tmux -L "$SOCK-b" kill-server 2>/dev/null; rm -rf "$T_TMP"' EXIT

newdb() { # newdb NAME: a database synced from the bundled configuration
	"$AB" --db "$T_TMP/$1.db" sync >/dev/null 2>&1
	echo "$T_TMP/$1.db"
}
# start NAME WxH DB [ENV...] [-- EXTRA ARGS]: the dashboard in a tmux session; when it
# exits the pane prints EXIT=rc and stays, so the restored terminal can be checked.
start() {
	local name=$1 size=$2 db=$3; shift 3
	local envs=() args=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	[ "${1:-}" = -- ] && { shift; args=("$@"); }
	tm new-session -d -s "$name" -x "${size%x*}" -y "${size#*x}" \
		"env TERM=xterm-256color LC_ALL=C.UTF-8 ACTIONBOARD_TEST_SYNC=1 ${envs[*]} $AB --db $db --today $TODAY ${args[*]}; echo EXIT=\$?; sleep 600"
}
# Refs in the two item panes (left column between the first title and the Owners title).
item_refs() {
	screen "$1" | sed -n '/^┌ /,/^├ Owners/p' |
		sed -nE 's/^│(▸|\*| )([0-9S][^ ]*) .*/\2/p' | tr '\n' ' ' | sed 's/ $//'
}
# Action ids in the detail pane (the right column starts after "││").
action_ids() {
	screen "$1" | grep -o '││[▸ ][0-9][0-9.]*' | sed -E 's/││(▸| )//' | tr '\n' ' ' | sed 's/ $//'
}
# Owner=late pairs from the owners pane (wide layout: "N open N late N done").
owner_late() {
	screen "$1" | sed -n '/^├ Owners/,/^└/p' |
		sed -nE 's/^│(●| )(.*[^ ]) +[0-9]+ open +([0-9]+) late.*/\2=\3/p' | sort
}
jsonq() { "$AB" --db "$1" --today $TODAY "${@:3}" --format json | jq -r "$2"; }

# --- start-up, cycles, help -----------------------------------------------------------
DB=$(newdb main)
start main 200x60 "$DB"
check "start-up shows the 4 priority concerns of the 2022 plan" main "Priority concerns 4"
check "start-up shows the 7 key concerns" main "Key concerns 7"
t_eq "the item panes list the 2022 concerns in plan order" "$(item_refs main)" \
	"1.1 1.2 1.3 1.4 1.5 1.6 1.7 1.8 1.9 1.10 1.11"
check "the header names establishment, cycle, scheme, today and user" main \
	"actionboard · HMP Liverpool · inspection Jul 2022 (concerns) · today $TODAY · $ME"
check "the detail shows the first item's actions" main "1.1.6"
keys main c; check "c opens the cycle picker" main "2019-08 (recommendations)"
keys main -l "liv 2019"; check "the picker narrows by every word typed, code included" main "LIV · HMP Liverpool · 2019-08"
keys main Enter
check "after c the 2019 plan shows its key recommendations" main "Key recommendations 7"
check "and its general recommendations" main "General recommendations 22"
check "recommendation rows show their agreement" main "partly"
keys main '?'; check "? shows every key" main "revise the due date"
keys main q; check_not "q closes the help" main "revise the due date"

# --- the owners pane against list --overdue ------------------------------------------------
keys main c; keys main 2022 Enter; check "c back to 2022" main "Priority concerns 4"
want=$("$AB" --db "$DB" --today $TODAY list --overdue --cycle 2022-07 --format json |
	jq -r '[.[].owners[]] | group_by(.) | map({(.[0]): length}) | add // {} ' )
owners=$(jsonq "$DB" '.[].name' owners --cycle 2022-07 2>/dev/null || true)
got=$(owner_late main)
expect=$(screen main | awk '/^├ Owners/{on=1; next} /^└/{on=0} on && /late/' >/dev/null;
	printf '%s\n' "$got" | cut -d= -f1 | while read -r o; do
		printf '%s=%s\n' "$o" "$(printf '%s' "$want" | jq -r --arg o "$o" '.[$o] // 0')"; done | sort)
t_eq "overdue counts per owner match list --overdue" "$got" "$expect"
t_eq "the owners pane lists every owner of the cycle" \
	"$(printf '%s\n' "$got" | cut -d= -f1 | sort)" \
	"$("$AB" --db "$DB" list --cycle 2022-07 --format json | jq -r '[.[].owners[]] | unique | .[]' | sort)"

# --- filter by owner ---------------------------------------------------------------------
OWNER="Head of Transformation"
keys main o; check "o opens the owner picker" main "Filter by owner"
keys main -l "Transformation"; keys main Enter
check "the filter indicator names the owner" main "FILTER owner: $OWNER"
want_items=$("$AB" --db "$DB" list --items --owner "$OWNER" --cycle 2022-07 --format json | jq -r '[.[].ref] | join(" ")')
t_eq "filtering by $OWNER shows exactly that owner's items" "$(item_refs main)" "$want_items"
got_actions=""
for ref in $want_items; do
	got_actions="$got_actions $ref:[$(action_ids main)]"
	keys main j; sleep 0.3
done
want_actions=""
for ref in $want_items; do
	want_actions="$want_actions $ref:[$("$AB" --db "$DB" list --owner "$OWNER" --cycle 2022-07 --format json |
		jq -r --arg r "$ref" '[.[] | select(.item_ref == $r) | .action_id] | join(" ")')]"
done
t_eq "and exactly that owner's actions in the detail" "$got_actions" "$want_actions"
keys main x; check_not "x clears the owner filter" main "FILTER owner"
t_eq "all items are back after x" "$(item_refs main | wc -w)" "11"
# Selecting the owner in the owners pane filters too.
for _ in 1 2 3 4; do screen main | grep -qF "↵ filter by owner" && break; keys main Tab; sleep 0.2; done
keys main g
n=$(owner_late main | grep -n "^$OWNER=" | cut -d: -f1)
for _ in $(seq 2 "$n"); do keys main j; done
keys main Enter
check "Enter on an owner row filters by that owner" main "FILTER owner: $OWNER"
t_eq "the same items as the picker" "$(item_refs main)" "$want_items"
keys main x

# --- search --------------------------------------------------------------------------------
keys main / ; keys main -l "x-ray"
check "/ opens the search prompt as you type" main "Search: x-ray"
keys main Enter
check "/ searches item and action text and counts the matches" main "/x-ray: 1 match"
keys main n
check "n stays on the only match" main "1.1 · priority"
keys main Escape; check_not "Esc clears the search" main "/x-ray"

# --- status change with a note ---------------------------------------------------------------
keys main g; keys main Enter
check "Enter moves into the detail (the action hints show)" main "↑↓ action · Esc back"
NOTE="X-ray machines installed £5k – phase 1 • done"
keys main s; check "s opens the status menu" main "Status of LIV/2022-07/1.1.1"
keys main j j j Enter
check "then asks for an optional note, naming the action" main "Note for LIV/2022-07/1.1.1 → completed (optional"
keys main -l "$NOTE"; keys main Enter
check "the screen shows the action completed" main "completed · changed by $ME"
check "with a confirmation" main "LIV/2022-07/1.1.1: planned → completed (with note)"
t_eq "the database row is completed" "$(jsonq "$DB" '.[] | select(.key=="LIV/2022-07/1.1.1") | .status' list)" "completed"
t_eq "the history has user, old, new and note" \
	"$(jsonq "$DB" '.[-1] | "\(.user)|\(.kind)|\(.old)|\(.new)|\(.note)"' history LIV/2022-07/1.1.1)" \
	"$ME|status|planned|completed|$NOTE"
t_has "actionboard list shows it" "$("$AB" --db "$DB" list --cycle 2022-07 --format csv)" "LIV/2022-07/1.1.1"
check "the item row counts it done" main "▋░░░   1/6"

# --- Esc cancels an edit without writing ---------------------------------------------------------
before=$("$AB" --db "$DB" history LIV/2022-07/1.1.2 --format json)
keys main j; check "j moves to the next action" main "▸1.1.2"
keys main s; keys main j Enter; keys main -l "never saved"; keys main Escape
check "Esc in the note cancels" main "Cancelled: nothing was written"
keys main a; keys main -l "note never saved"; keys main Escape
keys main t; keys main Escape
keys main s; keys main Escape
t_eq "nothing was written by the cancelled edits" "$("$AB" --db "$DB" history LIV/2022-07/1.1.2 --format json)" "$before"
keys main a; keys main -l "Monthly monitoring started"; keys main Enter
check "a adds a progress note" main "LIV/2022-07/1.1.2: note added"
t_eq "the note is in the history" "$(jsonq "$DB" '.[-1].note' history LIV/2022-07/1.1.2)" "Monthly monitoring started"
keys main t; keys main C-u; keys main -l "2027-03-31"; keys main Enter
check "t asks for a reason" main "Reason for moving LIV/2022-07/1.1.2 to Wed 31 Mar 2027"
keys main -l "Contractor delayed"; keys main Enter
check "the revised due shows with the original kept" main "Revised from 2023-01-31: Contractor delayed"
t_eq "the database has the new due and keeps the original" \
	"$(jsonq "$DB" '.[] | select(.key=="LIV/2022-07/1.1.2") | "\(.due)|\(.due_original)|\(.due_reason)"' list)" \
	"2027-03-31|2023-01-31|Contractor delayed"
keys main h; check "h shows the action's history" main "History of LIV/2022-07/1.1.2"
keys main q
keys main S; check "S opens the status filter" main "Filter by status"
check "... naming the statuses as the board does" main "in progress"
check_not "... never the stored name" main "in_progress"
keys main Escape

# --- two people edit the same action: the stale write is refused, the typed text kept -----------
keys main s; check "s on 1.1.2 opens its status menu" main "Status of LIV/2022-07/1.1.2"
"$AB" --db "$DB" set LIV/2022-07/1.1.2 blocked --note "set elsewhere" >/dev/null
keys main j j j Enter; check "the note prompt opens" main "(optional) ─"
keys main -l "Kept words"; keys main Enter
check "a write over another's change is refused and says the text is kept" main "Not saved (your text is kept)"
t_eq "the other session's value stands" "$(jsonq "$DB" '.[] | select(.key=="LIV/2022-07/1.1.2") | .status' list)" "blocked"
keys main s; check "s again" main "Status of LIV/2022-07/1.1.2"
keys main j Enter
check "the kept text is offered again" main "│ Kept words "
keys main Enter
check "re-applied on top of the current value" main "LIV/2022-07/1.1.2: blocked → completed (with note)"
t_eq "the history has both changes in order" \
	"$(jsonq "$DB" '[.[] | select(.kind=="status") | "\(.old)>\(.new):\(.note)"] | join(" ")' history LIV/2022-07/1.1.2)" \
	"planned>blocked:set elsewhere blocked>completed:Kept words"

# --- a second process --------------------------------------------------------------------------
"$AB" --db "$DB" set LIV/2022-07/1.1.3 blocked --note "from another session" >/dev/null
if wait_for main "BLOCKED · changed by" 2; then t_pass "a change by a second process shows within two seconds"
else t_fail "a change by a second process shows within two seconds" "$(screen main)"; fi
check "and the selection stays where it was" main "▸1.1.2"

# --- resizing -------------------------------------------------------------------------------------
tm resize-window -t main -x 80 -y 24
check "at 80x24 the panes are drawn" main "Key concerns 7"
s=$(screen main)
t_has "at 80x24 the bottom border is on line 23" "$(printf '%s\n' "$s" | sed -n 23p)" "└"
# tmux always gives 24 lines and wraps at 80, so count what can be wrong: a character drawn
# wider or narrower than it was measured moves the right border off column 80.
t_eq "at 80x24 every line of the frame ends with its border in column 80" \
	"$(printf '%s\n' "$s" | sed -n 2,23p | python3 "$(dirname "$0")/border_col.py")" ""
tm resize-window -t main -x 60 -y 15
check "at 60x15 a message asks for a bigger window" main "Window too small: 60x15"
tm resize-window -t main -x 200 -y 60
check_not "back at 200x60 the message is gone" main "Window too small"
check "and the dashboard is whole again" main "Priority concerns 4"
check "with the selection kept" main "▸1.1.2"
keys main q; check "q leaves and the program exits 0" main "EXIT=0"
check_not "leaving restores the terminal (the dashboard is gone)" main "Priority concerns"

# --- Ctrl-C, NO_COLOR, vt100 ------------------------------------------------------------------------
start colour 100x30 "$DB"; wait_for colour "Priority concerns 4"
t_has "with colours, overdue is drawn in colour" "$(tm capture-pane -e -p -t colour)" $'\e[31m'
keys colour C-c; check "Ctrl-C leaves cleanly" colour "EXIT=0"
check_not "and restores the terminal" colour "Priority concerns"
tm new-session -d -s quit -x 100 -y 30 \
	"env TERM=xterm-256color LC_ALL=C.UTF-8 $AB --db $DB --today $TODAY; echo EXIT=\$?; stty -a | tr ' ' '\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '; echo; sleep 600"
wait_for quit "Priority concerns 4"
keys quit 'C-\'; check "Ctrl-\\ leaves cleanly too" quit "EXIT=0"
check "and leaves the terminal cooked (icanon, echo)" quit "icanon echo"
start nocolor 100x30 "$DB" NO_COLOR=1; check "NO_COLOR starts" nocolor "Priority concerns 4"
keys nocolor '!'; check "! filters to overdue actions with an indicator" nocolor "FILTER overdue"
check "NO_COLOR still says OVERDUE in words" nocolor "OVERDUE"
if tm capture-pane -e -p -t nocolor | grep -qE $'\e\\[(3[0-7]|38;5;[0-9]+)m'; then
	t_fail "NO_COLOR draws no colours" "$(tm capture-pane -e -p -t nocolor | head -5 | cat -v)"
else t_pass "NO_COLOR draws no colours"; fi
keys nocolor q
tm new-session -d -s vt -x 100 -y 30 "env TERM=vt100 LC_ALL=C.UTF-8 $AB --db $DB --today $TODAY; echo EXIT=\$?; sleep 600"
check "TERM=vt100 shows the dashboard" vt "Priority concerns 4"
check "TERM=vt100 draws the frame" vt "├ Key concerns 7"
keys vt q; check "TERM=vt100 exits cleanly" vt "EXIT=0"

# --- permissions and my actions -----------------------------------------------------------------------
CFG="$T_TMP/viewer"
cp -r "$SRC/config/default" "$CFG"
printf 'users:\n  %s: {role: viewer}\n' "$ME" >> "$CFG/actionboard.yaml"
before=$("$AB" --db "$DB" history LIV/2022-07/1.1.4 --format json)
start viewer 200x60 "$DB" -- --config "$CFG/actionboard.yaml"
check "a viewer sees the dashboard" viewer "Priority concerns 4"
keys viewer Enter j j j s
check "a viewer's status change is refused with the reason" viewer "Not permitted"
keys viewer a; check "and so is a note" viewer "Not permitted"
keys viewer m; check "m says when the user has no owners" viewer "$ME has no owners mapped"
t_eq "the refused writes changed nothing" "$("$AB" --db "$DB" history LIV/2022-07/1.1.4 --format json)" "$before"
keys viewer q
CFG2="$T_TMP/editor"
cp -r "$SRC/config/default" "$CFG2"
printf 'users:\n  %s: {role: editor, owners: [Head of Transformation for Spectrum]}\n' "$ME" >> "$CFG2/actionboard.yaml"
start mine 200x60 "$DB" -- --config "$CFG2/actionboard.yaml"
keys mine m; check "m shows my actions (aliases mapped to the owner)" mine "FILTER my actions: $OWNER"
t_eq "my actions are that owner's items" "$(item_refs mine)" "$want_items"
keys mine m; check_not "m again clears it" mine "FILTER my actions"
keys mine q
start nousers 100x30 "$DB"
keys nousers m; check "m without a users section says so" nousers "needs a users section"
keys nousers q

# --- the settings read while the first screen is read (issue 22) --------------------------------
# With --db naming a filled database the settings are read on a second thread; a bad
# settings file still stops the dashboard with the settings' FILE:LINE:COL message and
# exit code, as when they were read first (without --db), nothing written (the first
# screen may show meanwhile, and is left again).
BAD="$T_TMP/bad"
cp -r "$SRC/config/default" "$BAD"
printf 'colour: red\n' >> "$BAD/actionboard.yaml"
badmsg="actionboard: $BAD/actionboard.yaml:$(wc -l < "$BAD/actionboard.yaml"):1: unknown key 'colour' in the settings"
first=$(XDG_DATA_HOME="$T_TMP/bad-xdg" "$AB" --config "$BAD/actionboard.yaml" 2>&1 </dev/null; echo "EXIT=$?")
t_has "bad settings, no --db (read first): their message" "$first" "$badmsg"
t_has "and exit 78" "$first" "EXIT=78"
got=$("$AB" --config "$BAD/actionboard.yaml" --db "$DB" 2>&1 </dev/null; echo "EXIT=$?")
t_eq "bad settings with --db and no terminal: the same message and exit, not the terminal's" "$got" "$first"
before=$("$AB" --db "$DB" list --format json; "$AB" --db "$DB" history LIV/2022-07/1.1.4 --format json)
start bad 100x30 "$DB" -- --config "$BAD/actionboard.yaml"
check "bad settings with --db in a terminal: the dashboard stops" bad "EXIT=78"
t_eq "with only their message left on the screen" "$(tm capture-pane -p -J -t bad | sed "/^$/d")" "$first"
t_eq "and nothing written" "$("$AB" --db "$DB" list --format json; "$AB" --db "$DB" history LIV/2022-07/1.1.4 --format json)" "$before"
# The first screen may show before the settings are read (tui.c): the bytes the program
# wrote, recorded by script(1) in a terminal of its own, must then leave the alternate
# screen again before the message, so that the message is what stays.
TERM=xterm-256color script -qec "$AB --config $BAD/actionboard.yaml --db $DB" "$T_TMP/bad.raw" </dev/null >/dev/null 2>&1
t_eq "in a terminal, the alternate screen is left before the message (raw output)" \
	"$(python3 -c 'import sys; b = open(sys.argv[1], "rb").read(); on, off = b.count(b"\x1b[?1049h"), b.rfind(b"\x1b[?1049l"); m = b.find(b"unknown key"); print(on == (b.count(b"\x1b[?1049l")), m > off)' "$T_TMP/bad.raw")" "True True"
# A FIFO named as the database: refused at once, as by every command, never waited on.
mkfifo "$T_TMP/fifo"
got=$(timeout 10 "$AB" --db "$T_TMP/fifo" 2>&1 </dev/null; echo "EXIT=$?")
t_eq "a FIFO as the database: refused at once (exit 65), not read" "$got" \
	"actionboard: $T_TMP/fifo: not a regular file
EXIT=65"
# A database not in WAL mode is switched to it when opened: a write, so the settings are
# read first, and a bad settings file leaves the file byte for byte as it was.
DEL="$T_TMP/delete.db"
cp "$DB" "$DEL"
python3 -c "import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute('pragma journal_mode=delete')" "$DEL"
sum=$(sha256sum < "$DEL")
got=$("$AB" --config "$BAD/actionboard.yaml" --db "$DEL" 2>&1 </dev/null; echo "EXIT=$?")
t_eq "bad settings and a database not in WAL mode: the settings' message and exit" "$got" "$first"
t_eq "and the file is byte for byte as it was, no -wal beside it" \
	"$(sha256sum < "$DEL") $(ls "$DEL-wal" 2>/dev/null)" "$sum "
# A database at another schema version is migrated when opened: a write, so the settings
# are read first and a bad settings file leaves it as it was. Here an SQLite file with
# nothing in it yet (version 0), which becomes ours, all tables made, when migrated.
BLANK="$T_TMP/blank.db"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.execute('drop table t'); c.commit()" "$BLANK"
tables() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from sqlite_master').fetchone()[0])" "$1"; }
got=$("$AB" --config "$BAD/actionboard.yaml" --db "$BLANK" 2>&1 </dev/null; echo "EXIT=$?")
t_eq "bad settings and a database to migrate: the settings' message and exit" "$got" "$first"
t_eq "and the database is not migrated (no table made)" "$(tables "$BLANK")" "0"
# The settings naming the database plainly in their first bytes (no --db), then a bad key:
# the dashboard stops with their message, nothing written (whether the database was opened
# first is checked with strace below).
BADN="$T_TMP/bad-named"
cp -r "$SRC/config/default" "$BADN"
BNDB="$T_TMP/bad-named.db"
cp "$DB" "$BNDB"
{ printf 'database: ../bad-named.db\n'; cat "$SRC/config/default/actionboard.yaml"; printf 'colour: red\n'; } > "$BADN/actionboard.yaml"
badnmsg="actionboard: $BADN/actionboard.yaml:$(wc -l < "$BADN/actionboard.yaml"):1: unknown key 'colour' in the settings"
nbefore=$("$AB" --db "$BNDB" list --format json; "$AB" --db "$BNDB" history LIV/2022-07/1.1.4 --format json)
tm new-session -d -s badn -x 100 -y 30 "env TERM=xterm-256color LC_ALL=C.UTF-8 $AB --config $BADN/actionboard.yaml; echo EXIT=\$?; sleep 600"
check "bad settings naming the database in a terminal: the dashboard stops" badn "EXIT=78"
nfirst=$("$AB" --config "$BADN/actionboard.yaml" 2>&1 </dev/null; echo "EXIT=$?")
t_has "and without a terminal: their message" "$nfirst" "$badnmsg"
t_eq "in the terminal only that message is left" "$(tm capture-pane -p -J -t badn | sed "/^$/d")" "$nfirst"
t_eq "and nothing written to the database they name" "$("$AB" --db "$BNDB" list --format json; "$AB" --db "$BNDB" history LIV/2022-07/1.1.4 --format json)" "$nbefore"
tm kill-session -t badn
# The settings naming the database (no --db), after every owner: that database opened.
NAMED="$T_TMP/named"
cp -r "$SRC/config/default" "$NAMED"
NDB=$(newdb named)
"$AB" --db "$NDB" --today $TODAY set LIV/2022-07/1.1.1 blocked >/dev/null 2>&1
printf 'database: %s\n' "$NDB" >> "$NAMED/actionboard.yaml"
tm new-session -d -s named -x 200 -y 60 "env TERM=xterm-256color LC_ALL=C.UTF-8 XDG_DATA_HOME=$T_TMP/named-xdg $AB --config $NAMED/actionboard.yaml --today $TODAY; echo EXIT=\$?; sleep 600"
check "settings naming the database: the dashboard opens it" named "Priority concerns 4"
check "with its blocked action" named "BLOCKED"
keys named q; check "and leaves" named "EXIT=0"
t_eq "no database made where it would be without the key" "$([ -e "$T_TMP/named-xdg" ] && echo made)" ""
# Named plainly (the key is within the file's first 64 KiB), the database is opened before
# the settings file is read whole: the whole read (O_RDONLY|O_CLOEXEC, the loader's) comes
# after the database's open for writing, on the settings' thread.
if command -v strace >/dev/null && strace -qq -o /dev/null true 2>/dev/null; then
	strace -f -qq -e trace=openat -o "$T_TMP/named.trace" env XDG_DATA_HOME="$T_TMP/named-xdg" \
		"$AB" --config "$NAMED/actionboard.yaml" </dev/null >/dev/null 2>&1
	t_eq "settings naming the database: it is opened before the settings are read whole (strace)" \
		"$(python3 -c 'import sys
lines = open(sys.argv[1]).read().splitlines()
db = next((i for i, l in enumerate(lines) if "\"" + sys.argv[2] + "\", O_RDWR" in l), None)
cfg = next((i for i, l in enumerate(lines) if "\"" + sys.argv[3] + "\", O_RDONLY|O_CLOEXEC)" in l), None)
print(db is not None and cfg is not None and db < cfg)' "$T_TMP/named.trace" "$NDB" "$NAMED/actionboard.yaml")" "True"
else
	t_skip "settings naming the database: it is opened before the settings are read whole" "strace is missing or may not trace here"
fi

# --- a login without a UTF-8 locale (root on a fresh Debian has none) ----------------------------
start cloc 100x30 "$DB" LC_ALL=C LANG=
check "in the C locale the plan's UTF-8 text still shows" cloc "HMP Liverpool · Jul 2022 concerns · 2026-11-23"
keys cloc q; check "and it exits cleanly" cloc "EXIT=0"

# --- a day's work without traps (each check names the trap it guards) -----------------------
D2=$(newdb day)
list2() { "$AB" --db "$D2" --today $TODAY list --cycle 2022-07 --format json "$@"; }
field2() { list2 | jq -r --arg k "$1" ".[] | select(.key == \$k) | $2"; }
start day 200x60 "$D2" TZ=Europe/London
check "the day's dashboard starts" day "Priority concerns 4"
# Trap 4: the owner filter from a fresh start shows the selected item's actions at once.
keys day j j o; keys day -l trans; keys day Enter
check "trap4-owner-filter-from-start: the filter is on" day "FILTER owner: $OWNER"
check "trap4-owner-filter-from-start: 1.2 shows its action 1.2.1 without moving" day "▸1.2.1"
check_not "trap4-owner-filter-from-start: never 'No item selected'" day "No item selected"
keys day x; check_not "x clears it" day "FILTER owner"
# Trap 1: the status picker: letters, and a confirmation before cancelled.
keys day g j Enter; check "1.2.1 is selected in the detail" day "▸1.2.1"
keys day s; check "trap1-status-picker: s names the action" day "Status of LIV/2022-07/1.2.1"
check "trap1-status-picker: the menu shows the letters and the status now" day "i  in progress  (now)"
keys day Down Down Down Enter
check "trap1-status-cancel-confirm: Down Down Down Enter asks before cancelling" day "Cancel LIV/2022-07/1.2.1?"
keys day n; check "trap1-status-cancel-confirm: n writes nothing" day "Cancelled: nothing was written"
t_eq "trap1-status-cancel-confirm: the action is still in progress" "$(field2 LIV/2022-07/1.2.1 .status)" "in_progress"
keys day s c; check "trap1-status-letters: c picks completed, the note prompt names the action" day "Note for LIV/2022-07/1.2.1 → completed (optional"
keys day Enter; check "trap1-undo-offered: the message offers undo" day "LIV/2022-07/1.2.1: in progress → completed · u undo"
t_eq "trap1-status-letters: written" "$(field2 LIV/2022-07/1.2.1 .status)" "completed"
keys day u; check "trap1-undo-key: u asks, naming the change" day "Undo your change to LIV/2022-07/1.2.1: status in progress → completed"
keys day y; check "trap1-undo-key: and says it is undone" day "LIV/2022-07/1.2.1: undone: status in progress → completed"
t_eq "trap1-undo-key: the status is back, history keeps both" \
	"$(field2 LIV/2022-07/1.2.1 .status) $("$AB" --db "$D2" history LIV/2022-07/1.2.1 --format json | jq -r '[.[-2:][] | "\(.new)/\(.field // "-")"] | join(" ")')" \
	"in_progress completed/- in_progress/undo"
# Trap 1: a write key on the item list asks which action; it never picks the first silently.
keys day Escape j; check "1.3 is selected" day "1.3 · priority"
keys day a; check "trap1-items-pane-asks: a on the item list asks which action" day "Note for which action of 1.3?"
keys day -l "1.3.2"; keys day Enter
check "trap1-items-pane-asks: the note prompt names the action chosen" day "Note for LIV/2022-07/1.3.2 ─"
keys day -l "Chosen, not the first"; keys day Enter
check "trap1-items-pane-asks: saved on 1.3.2" day "LIV/2022-07/1.3.2: note added · u undo"
t_eq "trap1-items-pane-asks: the note is on 1.3.2 and not on 1.3.1" \
	"$("$AB" --db "$D2" history LIV/2022-07/1.3.2 --format json | jq -r '.[-1].note')|$("$AB" --db "$D2" history LIV/2022-07/1.3.1 --format json | jq -r '[.[] | select(.note != null)] | length')" \
	"Chosen, not the first|0"
# Trap 5: the history popup wraps long notes and scrolls; trap 1: r retracts a note there.
for i in $(seq 1 25); do "$AB" --db "$D2" note LIV/2022-07/1.3.2 "filler note $i" >/dev/null; done
LONG="Meeting with the governor about drone monitoring: the grilles are fitted on every wing and the security team now counts intrusions each month to see whether they fall END-OF-NOTE"
"$AB" --db "$D2" note LIV/2022-07/1.3.2 "$LONG" >/dev/null
tm resize-window -t day -x 80 -y 24; sleep 0.3
keys day h; check "the chooser for h" day "History of which action of 1.3?"
keys day -l 1.3.2; keys day Enter
check "trap5-history-wraps: h shows the history" day "History of LIV/2022-07/1.3.2"
check "trap5-history-wraps: a long note is wrapped, its end on screen" day "END-OF-NOTE"
check_not "trap5-history-scrolls: the first event is scrolled out of view" day "definition created"
keys day g; check "trap5-history-scrolls: g scrolls to the first event" day "definition created"
keys day PgDn; check_not "trap5-history-scrolls: PgDn scrolls on" day "definition created"
keys day G; check "trap1-history-retract: the long note is selected again" day "END-OF-NOTE"
keys day r; check "trap1-history-retract: r asks before retracting" day "Retract note #"
keys day y; check "trap1-history-retract: and retracts it" day "retracted (a adds a note again)"
t_eq "trap1-history-retract: the latest note is the one before" "$(field2 LIV/2022-07/1.3.2 .key >/dev/null; "$AB" --db "$D2" show LIV/2022-07/1.3.2 --format json | jq -r '[.history[] | select(.field == "retract")] | length')" "1"
tm resize-window -t day -x 200 -y 60; sleep 0.3
check "trap1-history-retract: the detail shows the note before as the latest" day "Note: filler note 25"
# Trap 3: dates as people type them, a preview, a warning for the past, errors that stay.
keys day Escape g; keys day Enter j; check "1.1.2 selected" day "▸1.1.2"
keys day t C-u; keys day -l "31/03/2027"
check "trap3-date-preview: the date as read shows before saving" day "→ Wed 31 Mar 2027"
keys day Enter; check "trap3-date-uk: 31/03/2027 is accepted" day "Reason for moving LIV/2022-07/1.1.2 to Wed 31 Mar 2027"
keys day -l "Contractor delayed"; keys day Enter
check "trap3-date-old-value: the message has the real old date" day "LIV/2022-07/1.1.2: due 2023-01-31 → 2027-03-31 · u undo"
t_eq "trap3-date-uk: saved" "$(field2 LIV/2022-07/1.1.2 .due)" "2027-03-31"
keys day t C-u; keys day -l "01/01/2020"; keys day Enter
check "trap3-date-past: a date in the past asks first" day "Wed 1 Jan 2020 is in the past (6 yr 10 mo ago). Save it anyway? (y/n)"
keys day n; check "trap3-date-past: n goes back to the date" day "Due date for LIV/2022-07/1.1.2 (now 2027-03-31): 01/01/2020"
keys day C-u; keys day -l "31/02/2027"; keys day Enter
check "trap3-date-error-stays: Enter on a bad date keeps the prompt and says why" day "31/02/2027  ✗ no such day"
sleep 0.5; check "trap3-date-error-stays: still there after a while" day "✗ no such day"
keys day C-u; keys day -l "+2w"; check "trap3-date-relative: +2w reads as two weeks on" day "→ Mon 7 Dec 2026"
keys day Escape; check "Esc cancels the date" day "Cancelled: nothing was written"
t_eq "trap3-date-past: nothing was written" "$(field2 LIV/2022-07/1.1.2 .due)" "2027-03-31"
# Trap 5: a new search starts empty; typing never appends to the last one.
keys day / ; keys day -l "drugs"; keys day Enter; check "a first search" day "/drugs:"
keys day / ; wait_for day "Search:"
t_eq "trap5-search-empty: / starts empty" "$(screen day | tail -n 1)" "Search:"
keys day -l "education"; keys day Enter
check "trap5-search-empty: the new query replaces the old" day "/education:"
check_not "trap5-search-empty: never appended" day "drugseducation"
keys day Escape g j j j j Enter j; check "1.5.2 selected" day "▸1.5.2"
# Trap 5: blocked says so once (1.5.2 has no due date, so nothing else is said first).
"$AB" --db "$D2" set LIV/2022-07/1.5.2 blocked >/dev/null
check "a blocked action shows" day "BLOCKED · changed by $ME"
check_not "trap5-blocked-once: never 'BLOCKED · blocked'" day "BLOCKED · blocked"
# Trap 5: a conflict names who changed the action and when.
keys day k; check "1.5.1 selected" day "▸1.5.1"
keys day s; check "s on 1.5.1" day "Status of LIV/2022-07/1.5.1"
"$AB" --db "$D2" set LIV/2022-07/1.5.1 blocked --note "set elsewhere" >/dev/null
keys day c; keys day Enter
if wait_for day "was changed by $ME at " && screen day | grep -qE "was changed by $ME at [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2} while"; then
	t_pass "trap5-conflict-names: the refusal names who and when"
else t_fail "trap5-conflict-names: the refusal names who and when" "$(screen day | tail -n 2)"; fi
# Trap 7: times in local time, day first; lateness in years and months.
if screen day | grep -qE "changed by $ME [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}"; then
	t_pass "trap7-local-times: the detail shows when, day first"
else t_fail "trap7-local-times: the detail shows when, day first" "$(screen day | grep 'changed by')"; fi
if screen day | grep -qE '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}'; then
	t_fail "trap7-local-times: never an ISO time on screen" "$(screen day | grep -E '[0-9]T[0-9]{2}:')"
else t_pass "trap7-local-times: never an ISO time on screen"; fi
keys day j j; check "trap7-lateness-words: 1.5.3 says how late in years and months" day "OVERDUE 1 yr 7 mo · in progress"
# Views people sort by: O cycles the order, H shows open actions only.
list2 >"$T_TMP/a.json"; list2 --items >"$T_TMP/i.json"
for s in "due:due date" "late:days late" "owner:owner"; do
	keys day O; check "sort-key: O sorts by ${s#*:} (the header says so)" day "SORTED by ${s#*:}"
	t_eq "sort-key: the items in ${s#*:} order" "$(item_refs day)" \
		"$(python3 "$(dirname "$0")/sort_order.py" "$T_TMP/a.json" "$T_TMP/i.json" "${s%%:*}")"
done
keys day O; check_not "sort-key: O back to plan order" day "SORTED"
t_eq "sort-key: plan order again" "$(item_refs day)" "1.1 1.2 1.3 1.4 1.5 1.6 1.7 1.8 1.9 1.10 1.11"
keys day H; check "open-only: H hides completed and cancelled" day "FILTER open only"
t_eq "open-only: exactly the items with an open action" "$(item_refs day)" \
	"$(list2 --items | jq -r --slurpfile a "$T_TMP/a.json" '[.[] | .ref as $r | select([$a[0][] | select(.item_ref == $r and .status != "completed" and .status != "cancelled")] | length > 0) | .ref] | join(" ")')"
keys day H; check_not "open-only: H again shows them all" day "FILTER open only"
# Filters by the establishment's answer (the 2019 plan has them) and the inspectors' judgement.
keys day c; wait_for day "Establishment and cycle"; keys day -l "2019"; keys day Enter
check "the 2019 plan for the agreement filter" day "Key recommendations 7"
keys day A; check "A asks which answer" day "Filter by the establishment's answer"
keys day j j j Enter; check "agreement: the header names the filter" day "FILTER not agreed"
t_eq "agreement: exactly the items list --agreement not_agreed gives" "$(item_refs day)" \
	"$("$AB" --db "$D2" list --items --cycle 2019-08 --agreement not_agreed --format json | jq -r '[.[].ref] | join(" ")')"
keys day x; check_not "x clears the agreement filter" day "FILTER not agreed"
keys day c; wait_for day "Establishment and cycle"; keys day -l "2022"; keys day Enter
check "back to 2022" day "Priority concerns 4"
"$AB" --db "$D2" judge LIV/2022-07/1.3 inspection not_achieved --date 2025-06-10 >/dev/null
keys day I; check "I asks which judgement" day "Filter by the inspectors' latest judgement"
keys day j j j j j j j j Enter; check "judged: the header names the filter" day "FILTER judged: no judgement"
t_eq "judged: exactly the items list --judged none gives" "$(item_refs day)" \
	"$("$AB" --db "$D2" list --items --cycle 2022-07 --judged none --format json | jq -r '[.[].ref] | join(" ")')"
t_eq "judged: the item judged meanwhile is not among them" "$(item_refs day | wc -w)" "10"
keys day x; check_not "x clears the judgement filter" day "FILTER judged"
keys day '?'; check "the help lists undo" day "undo your latest change to the action"
check "the help lists the sort" day "sort: plan order → due date → days late → owner"
keys day q; keys day q; check "the day's dashboard exits cleanly" day "EXIT=0"

# --- the inspectors' judgements beside our own status -------------------------------------------------
JDB=$(newdb judge)
start judge 200x60 "$JDB"
check "the header shows the plan's IRP window and where today stands" judge "IRP 2023-03-29–2023-07-29: closed"
check "the hint line offers J" judge "J judge"
keys judge '?'; check "the help has J" judge "record a judgement on the item"
check "and the disagreement view" judge "where our status and the inspectors' judgements disagree"
keys judge q
for _ in 1 2 3 4 5 6 7; do keys judge j; done
check "j moves to 1.8" judge "┌ 1.8 · key"
# judge_ask KIND-INDEX VALUE-INDEX DATE NOTE: J, the source, the value, the day, the note.
judge_ask() {
	keys judge J; wait_for judge "Judgement on LIV/2022-07/1.8: whose?"
	for _ in $(seq 1 "$1"); do keys judge j; done; keys judge Enter
	wait_for judge "on LIV/2022-07/1.8 ─"
	for _ in $(seq 1 "$2"); do keys judge j; done; keys judge Enter
	wait_for judge "Judged on (Esc cancels)"
	keys judge C-u; keys judge -l "$3"; keys judge Enter
	wait_for judge "Note on the judgement of LIV/2022-07/1.8 (optional)"
	[ -n "$4" ] && keys judge -l "$4"
	keys judge Enter
}
judge_ask 0 1 2023-05-11 "IRP report"
check "J records HMIP's judgement at the IRP" judge "LIV/2022-07/1.8: HMIP at the IRP: insufficient progress (2023-05-11) recorded"
check "the detail shows it with who recorded it" judge "Judged: HMIP at the IRP: insufficient progress (2023-05-11, $ME)"
judge_ask 1 0 2025-06-10 ""
check "J records HMIP's judgement at the next inspection" judge "LIV/2022-07/1.8: HMIP at the next inspection: not achieved (2025-06-10) recorded"
judge_ask 2 1 2023-04-01 "our own view"
check "J records the establishment's own assessment" judge "LIV/2022-07/1.8: the establishment's own assessment: partially achieved (2023-04-01) recorded"
check "the detail shows all three" judge "achieved (2025-06-10, $ME) · own assessment: partially achieved (2023-04-01, $ME)"
t_eq "each is in the item's history, by this user" \
	"$(jsonq "$JDB" '[.[] | "\(.kind) \(.field) \(.new) \(.user) \(.note)"] | join("|")' history LIV/2022-07/1.8)" \
	"judgement irp 2023-05-11 insufficient_progress $ME IRP report|judgement inspection 2025-06-10 not_achieved $ME null|judgement self 2023-04-01 partially_achieved $ME our own view"
t_eq "and in list --items" \
	"$(jsonq "$JDB" '.[] | select(.key == "LIV/2022-07/1.8") | "\(.irp) \(.inspection) \(.self) \(.disagreement)"' list --items)" \
	"insufficient_progress not_achieved partially_achieved null"
t_has "and in the report" "$("$AB" --db "$JDB" --today $TODAY report --cycle 2022-07)" \
	"Judged: HMIP at the IRP: insufficient progress (2023-05-11) · HMIP at the next inspection: not achieved (2025-06-10) · own assessment: partially achieved (2023-04-01)"
keys judge D; check "D opens the disagreement view" judge "Where our status and the inspectors' judgements disagree · 0"
check "which says none disagree while 1.8 has open actions" judge "None: our status agrees with every judgement recorded so far"
tm resize-window -t judge -x 80 -y 24
check "at 80x24 the sentence is read whole, wrapped" judge "records one)."
tm resize-window -t judge -x 200 -y 60
keys judge Escape; check_not "Esc closes it" judge "Where our status and the inspectors'"
for a in 1.8.2 1.8.3; do "$AB" --db "$JDB" set LIV/2022-07/$a completed >/dev/null; done
check "the other session's completions show" judge "████   4/4"
keys judge c; wait_for judge "Establishment and cycle"; keys judge -l "disagree"; keys judge Enter
check "the cycle picker's last entry opens it too" judge "Where our status and the inspectors' judgements disagree · 1"
check "with 1.8 now its actions are completed" judge "▸LIV/2022-07/1.8 · completed by us, not achieved by HMIP"
check "our side with its date" judge "Ours:  4/4 actions closed, last completed"
check "the inspectors' with theirs" judge "HMIP:  HMIP at the next inspection: not achieved (2025-06-10)"
t_has "the report lists it too" "$("$AB" --db "$JDB" --today $TODAY report --cycle 2022-07)" "| 1.8 | completed by us, not achieved by HMIP | 4/4 actions closed"
keys judge Enter
check "Enter shows the item on the board" judge "⚑ completed by us, not achieved by HMIP"
check "with its actions focused" judge "↑↓ action · Esc back"
keys judge Escape
keys judge L; check "L offers the earlier findings, most alike first" judge "LIV/2022-07/1.8 repeats which earlier finding?"
check "2.88 first" judge "│ 0.38 · 2019-08 2.88 · Patients requiring admission"
keys judge Enter
check "L links it" judge "LIV/2022-07/1.8 repeats LIV/2019-08/2.88"
check "the detail says where it was raised before" judge "↻ raised before in 2019-08 (2.88, partly agreed; HMIP at the next inspection: no judgement recorded)"
check "the item pane marks it" judge "│▸1.8  ↻ Prisoners waited too long"
t_eq "the link is stored" "$(jsonq "$JDB" '.[] | select(.key == "LIV/2022-07/1.8") | .repeats' list --items)" "LIV/2019-08/2.88"
# A date revised on the dashboard slips, in summary and the report.
keys judge g k k k k; check "back up to 1.1" judge "┌ 1.1 · priority"
keys judge Enter; keys judge j
check "1.1.2 selected" judge "▸1.1.2"
keys judge t; keys judge C-u; keys judge -l "2027-03-31"; keys judge Enter
wait_for judge "Reason for moving LIV/2022-07/1.1.2 to Wed 31 Mar 2027"; keys judge -l "Contractor delayed"; keys judge Enter
check "the new date shows" judge "Revised from 2023-01-31: Contractor delayed"
check "and the item's slip" judge "Slipped: 1 action, 1520 days in all"
s=$("$AB" --db "$JDB" --today $TODAY summary)
t_has "summary shows the slip in all" "$s" "Slipped due dates: 1 action, 1520 days in all"
t_has "per owner" "$s" "    Governor                                      1 action    1520 days"
t_has "and per item" "$s" "    LIV/2022-07/1.1                               1 action    1520 days"
r=$("$AB" --db "$JDB" --today $TODAY report --cycle 2022-07)
t_has "the report shows it per item" "$r" "| 1.1 | 1 | 1520 |"
t_has "and per owner" "$r" "| Governor | 1 | 1520 |"
keys judge Escape; keys judge R
check "R filters to the slipped dates" judge "FILTER slipped dates"
t_eq "and only 1.1 has one" "$(item_refs judge)" "1.1"
keys judge q; check "q leaves" judge "EXIT=0"

# --- the pickers: a filter typed then erased, and the plan list after a sync -----------------------
# The filter narrows from what matched before (tui/narrow.c): erasing must bring back every
# choice the shorter text matches, and an edit must not keep a stale narrowing.
DBP=$(newdb pick)
start pick 120x40 "$DBP"
check "pick: the dashboard is up" pick "Priority concerns 4"
keys pick c; wait_for pick "Establishment and cycle"
keys pick -l "liv 2019zz"; check "pick: a word no plan holds: no match" pick "(no match)"
check_not "pick: and no plan is offered" pick "LIV · HMP Liverpool · 2019-08"
keys pick BSpace BSpace; check "pick: two keys erased: the 2019 plan again" pick "LIV · HMP Liverpool · 2019-08"
check_not "pick: and not the 2022 one" pick "LIV · HMP Liverpool · 2022-07"
for _ in 1 2 3 4 5 6 7 8; do keys pick BSpace; done
check "pick: all erased: the 2022 plan is back" pick "LIV · HMP Liverpool · 2022-07"
check "pick: and the 2019 one is still there" pick "LIV · HMP Liverpool · 2019-08"
keys pick -l "2022"; check "pick: typed again: 2022" pick "LIV · HMP Liverpool · 2022-07"
check_not "pick: without 2019" pick "LIV · HMP Liverpool · 2019-08"
keys pick Escape; check_not "pick: Esc closes the picker" pick "Establishment and cycle"
keys pick q; check "pick: q leaves" pick "EXIT=0"
# The picker keeps its list of plans between presses; a sync that adds a plan must show.
mkdir -p "$T_TMP/grow/plans"
cp -r "$SRC/config/default/establishments" "$SRC/config/default/actionboard.yaml" "$T_TMP/grow/"
cp "$SRC/config/default/plans/LIV-2022-07.yaml" "$T_TMP/grow/plans/"
DBG="$T_TMP/grow.db"
"$AB" --config "$T_TMP/grow/actionboard.yaml" --db "$DBG" sync >/dev/null 2>&1
start grow 120x40 "$DBG"
check "grow: the one plan" grow "Priority concerns 4"
keys grow c; check "grow: c offers the 2022 plan" grow "LIV · HMP Liverpool · 2022-07"
check_not "grow: and no 2019 plan yet" grow "LIV · HMP Liverpool · 2019-08"
keys grow Escape; check_not "grow: Esc closes it" grow "Establishment and cycle"
"$AB" --db "$DBG" --today $TODAY set LIV/2022-07/1.1.1 in_progress >/dev/null 2>&1
t_eq "grow: a status change by the command line" "$(jsonq "$DBG" '.[] | select(.key == "LIV/2022-07/1.1.1") | .status' list --cycle 2022-07)" "in_progress"
keys grow c; check "grow: after a status change (no sync) the list still offers 2022" grow "LIV · HMP Liverpool · 2022-07"
keys grow Escape
# The estate's owner picker (W) after a status change by another process, and after a
# sync that brings an owner's first action (which must move estate_names_number()).
keys grow W; keys grow -l "of Novus"; check "grow: W offers no Director of Novus yet" grow "(no match)"
keys grow Escape; check_not "grow: Esc closes the owner picker" grow "Owner's actions in"
cp "$SRC/config/default/plans/LIV-2019-08.yaml" "$T_TMP/grow/plans/"
"$AB" --config "$T_TMP/grow/actionboard.yaml" --db "$DBG" sync >/dev/null 2>&1
keys grow W; keys grow -l "of Novus"; check "grow: after that sync W offers its new owner" grow "Director of Novus"
keys grow Escape
keys grow c; check "grow: after a sync that adds a plan, c offers it" grow "LIV · HMP Liverpool · 2019-08"
keys grow -l "2019"; keys grow Enter
check "grow: and it opens" grow "Key recommendations 7"
keys grow q; check "grow: q leaves" grow "EXIT=0"

# --- the terminal goes away ------------------------------------------------------------------------
. "$(dirname "$0")/hangup.sh"

t_done
