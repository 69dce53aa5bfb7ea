#!/usr/bin/env bash
# Hostile text on every path to a terminal or a file: control characters (C0, DEL, C1 as
# characters and as raw bytes), bidi controls and invalid UTF-8 in notes, action text,
# targets, item text, owner and establishment names. The YAML loader refuses them (78,
# FILE:LINE:COL, nothing written) and typed text is refused (65); text that is already in
# a database (written straight into it, as an old database or a tampered file may hold it)
# is shown, never obeyed, by every command that prints and by the dashboard. Warnings
# quote unusual but ordinary YAML text as it is. Also: write errors under a file size
# limit (ulimit -f), and the one parser of integer options.
# usage: test_output.sh BINARY SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
AB=$1
TODAY=2026-11-23
CFG=$T_TMP/cfg
DB=$T_TMP/hostile.db
KEY=HOS/2024-01/1.1.1   # text, target and owner made hostile straight in the database
CLEAN=HOS/2024-01/1.1.2 # the same, with every control and invalid UTF-8; notes too
SOCK="ab-hostile-$$"
tm() { tmux -L "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T_TMP"' EXIT
ab() { "$AB" --config "$CFG/actionboard.yaml" --db "$DB" --today $TODAY "$@"; }

# --- the checker -------------------------------------------------------------------------
# scan.py FILE [tmux]: the file must be valid UTF-8 holding no C0 control but LF (and CR
# before LF, CSV's line end), no DEL, no C1 control, no bidi control. With `tmux`, the SGR
# sequences (ESC [ ... m) tmux itself writes for colours are taken out first: any other
# ESC — an OSC title or clipboard write, a screen clear — is a failure.
cat >"$T_TMP/scan.py" <<'PY'
import re, sys
data = open(sys.argv[1], 'rb').read()
problems = []
try:
    text = data.decode('utf-8')
except UnicodeDecodeError as e:
    problems.append(f'not UTF-8 at byte {e.start}: {data[max(0, e.start - 12):e.start + 4]!r}')
    text = data.decode('utf-8', 'replace')
if len(sys.argv) > 2 and sys.argv[2] == 'tmux':
    text = re.sub(r'\x1b\[[0-9;:]*m', '', text)
bidi = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
for i, ch in enumerate(text):
    c = ord(ch)
    if ch == '\n' or (ch == '\r' and text[i + 1:i + 2] == '\n'):
        continue
    if c < 0x20 or 0x7F <= c < 0xA0 or c in bidi:
        problems.append(f'U+{c:04X} at {i}: {text[max(0, i - 16):i + 16]!r}')
        if len(problems) >= 5:
            break
print('\n'.join(problems))
sys.exit(1 if problems else 0)
PY
scan() { python3 "$T_TMP/scan.py" "$@"; }

# t_clean NAME WANT_RC CMD...: runs CMD; it must exit WANT_RC, and what it wrote to stdout
# and stderr must be clean. The output stays in $T_TMP/out and $T_TMP/err.
t_clean() {
	local name=$1 want=$2 rc bad
	shift 2
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		t_fail "$name" "exit $rc, want $want" "$(head -c 600 "$T_TMP/err")"
	elif ! bad=$(scan "$T_TMP/out"); then
		t_fail "$name" "stdout:" "$bad"
	elif ! bad=$(scan "$T_TMP/err"); then
		t_fail "$name" "stderr:" "$bad"
	else
		t_pass "$name"
	fi
}
# The mark U+FFFD shows where hostile text was (it was shown, not dropped).
MARK=$'\xef\xbf\xbd'

# --- the configuration: plain strings, and the same shape with escapes the loader refuses ----
# write_cfg DIR OWNER EST_NAME EST_DESCRIPTION ITEM_TEXT ACTION_TEXT TARGET writes the
# settings, one establishment and one plan into DIR; each argument is the inside of a YAML
# double-quoted string, where any character may be written as an escape (\e is ESC, \a BEL,
# \x9b and \u009b the C1 CSI, \u202e RIGHT-TO-LEFT OVERRIDE).
write_cfg() {
	mkdir -p "$1/establishments" "$1/plans"
	cat >"$1/actionboard.yaml" <<EOF
establishments: [establishments/*.yaml]
plans: [plans/*.yaml]
owners:
  - name: "Governor"
    aliases: []
  - name: "$2"
    aliases: []
EOF
	cat >"$1/establishments/HOS.yaml" <<EOF
code: HOS
name: "$3"
description: "$4"
EOF
	cat >"$1/plans/HOS-2024-01.yaml" <<EOF
establishment: HOS
cycle: "2024-01"
scheme: concerns
inspection:
  - {from: 2024-01-08, to: 2024-01-12}
report_published: 2024-03-01
plan_submitted: 2024-04-01
items:
  - ref: "1.1"
    category: priority
    text: "$5"
    actions:
      - id: "1.1.1"
        text: "$6"
        owners: ["$2"]
        target: "$7"
      - id: "1.1.2"
        text: "A clean action"
        owners: ["Governor"]
        target: "June 2024"
EOF
}
# The clean values. The target holds no date, so check and sync warn, quoting it: it is
# ordinary text a terminal shows as it is, though unusual (curly quotes, a dash, a pound
# sign, straight quotes, a backslash, wide characters) and long.
ODD='“When funding allows” – £5,000 for ‘phase two’, "then" a back\slash, 日本'"$(printf ' and then some more%.0s' $(seq 60))"
ODD_YAML=$(printf '%s' "$ODD" | sed 's/\\/\\\\/g; s/"/\\"/g')
C_OWNER="Evil Owner" C_EST="HMP Hostile" C_DESC="A test" C_ITEM="Item text" C_ACTION="Action text"
write_cfg "$CFG" "$C_OWNER" "$C_EST" "$C_DESC" "$C_ITEM" "$C_ACTION" "$ODD_YAML"
PLAN=$(realpath "$CFG/plans/HOS-2024-01.yaml")
WARNING="actionboard: $PLAN:13:9: warning: action 1.1.1: no date in target '$ODD'"

t_clean "check loads the clean configuration; its warning quotes the unusual target, cleanly" 0 \
	"$AB" --config "$CFG/actionboard.yaml" check
t_eq "the warning is there, the target quoted exactly" "$(cat "$T_TMP/err")" "$WARNING"
t_clean "sync writes it into a new database; warnings and summary are clean" 0 ab sync
t_eq "sync printed the same warning" "$(cat "$T_TMP/err")" "$WARNING"
t_dump "$DB" >"$T_TMP/synced"

# YAML escapes for the payload: OSC title and clipboard writes, a screen clear, C1 CSI
# (U+009B) as \u009b and \x9b, NEL (U+0085), bidi overrides and isolates, ALM, LRM, RLM,
# DEL, BS, tab, CR and LF.
Y='\e]0;pwned\a\e]52;c;cHduZWQ=\a\e[2J\u009b31m\x9b\u0085\u202eevil\u2066x\u2069\u061c\u200e\u200f\x7f\b\t\r\nend'
TAIL="of this value: a value may hold no control character but tab and line feed"
# refused LABEL FILE LINE:COL WHAT OWNER EST_NAME EST_DESCRIPTION ITEM_TEXT ACTION_TEXT TARGET:
# a configuration that differs from the clean one in one value is refused by check and by
# sync (78) with exactly one clean line naming FILE:LINE:COL and WHAT; sync creates no
# database, and leaves the synced one as it was.
n_bad=0
refused() {
	local label=$1 bad=$T_TMP/bad$((n_bad += 1)) want
	write_cfg "$bad" "${@:5}"
	want="actionboard: $(realpath "$bad/$2"):$3: $4 $TAIL"
	t_clean "$label: check refuses it (78), cleanly" 78 "$AB" --config "$bad/actionboard.yaml" check
	t_eq "$label: check names the file, line, column and character" "$(cat "$T_TMP/err")" "$want"
	t_clean "$label: sync into a new database refuses it (78), cleanly" 78 \
		"$AB" --config "$bad/actionboard.yaml" --db "$bad/new.db" sync
	t_eq "$label: sync gives the same message" "$(cat "$T_TMP/err")" "$want"
	t_eq "$label: and creates no database" "$(ls "$bad")" "$(printf '%s\n' actionboard.yaml establishments plans)"
	t_clean "$label: sync into the synced database refuses it (78), cleanly" 78 \
		"$AB" --config "$bad/actionboard.yaml" --db "$DB" sync
	t_eq "$label: sync gives the same message there" "$(cat "$T_TMP/err")" "$want"
	t_eq "$label: and the database is unchanged" "$(t_dump "$DB")" "$(cat "$T_TMP/synced")"
}
refused "an owner's name in the settings" actionboard.yaml 6:11 \
	"the control character U+001B at character 5" \
	"Evil${Y}Owner" "$C_EST" "$C_DESC" "$C_ITEM" "$C_ACTION" "$ODD_YAML"
t_clean "with those settings, list (reading them to find its database) refuses to start (78)" 78 \
	"$AB" --config "$T_TMP/bad1/actionboard.yaml" list
t_has "naming the settings file" "$(cat "$T_TMP/err")" "$(realpath "$T_TMP/bad1/actionboard.yaml"):6:11: "
t_eq "and creating no database" "$(ls -A "$XDG_DATA_HOME" 2>/dev/null)" ""
refused "an establishment's name" establishments/HOS.yaml 2:7 \
	"the control character U+001B at character 12" \
	"$C_OWNER" "HMP Hostile$Y" "$C_DESC" "$C_ITEM" "$C_ACTION" "$ODD_YAML"
refused "an establishment's description" establishments/HOS.yaml 3:14 \
	"the bidirectional control U+202E at character 7" \
	"$C_OWNER" "$C_EST" 'A test\u202e'"$Y" "$C_ITEM" "$C_ACTION" "$ODD_YAML"
refused "an item's text" plans/HOS-2024-01.yaml 11:11 \
	"the control character U+001B at character 10" \
	"$C_OWNER" "$C_EST" "$C_DESC" "Item text$Y" "$C_ACTION" "$ODD_YAML"
refused "an action's text" plans/HOS-2024-01.yaml 14:15 \
	"the control character U+009B at character 12" \
	"$C_OWNER" "$C_EST" "$C_DESC" "$C_ITEM" 'Action text\x9b2J'"$Y" "$ODD_YAML"
refused "an action's target" plans/HOS-2024-01.yaml 16:17 \
	"the control character U+007F at character 9" \
	"$C_OWNER" "$C_EST" "$C_DESC" "$C_ITEM" "$C_ACTION" 'sometime\x7f'"$Y"

# Raw C1 bytes (and any byte that is not UTF-8) in a YAML file: the YAML reader refuses it.
RAW=$T_TMP/raw
cp -r "$CFG" "$RAW"
sed -i 's/A clean action/A raw \x9b byte/' "$RAW/plans/HOS-2024-01.yaml"
t_clean "a raw 0x9B byte in plan text: refused (78), cleanly" 78 \
	"$AB" --config "$RAW/actionboard.yaml" check
t_has "naming the file and the place" "$(cat "$T_TMP/err")" "actionboard: $(realpath "$RAW/plans/HOS-2024-01.yaml"):18:22: YAML syntax: "
cp "$CFG/plans/HOS-2024-01.yaml" "$RAW/plans/"
sed -i 's/Evil Owner/Raw \x85\x9b owner/' "$RAW/actionboard.yaml"
t_clean "raw C1 bytes in an owner's name: refused (78), cleanly" 78 \
	"$AB" --config "$RAW/actionboard.yaml" check
t_has "naming the settings file and the place" "$(cat "$T_TMP/err")" "actionboard: $(realpath "$RAW/actionboard.yaml"):6:16: YAML syntax: "
t_eq "none of these touched the database" "$(t_dump "$DB")" "$(cat "$T_TMP/synced")"

# --- typed text is refused: every C0 but tab and LF, DEL, C1, bidi, invalid UTF-8 ------------
notes_of() { ab history "$1" --format json | python3 -c 'import json,sys; print(sum(1 for e in json.load(sys.stdin) if e["kind"]=="note"))'; }
before=$(notes_of "$CLEAN")
bad=""
# try LABEL TEXT WANT_IN_MESSAGE: `note` must refuse TEXT with 65 and say WANT. The
# messages are collected in tries.err, which is scanned once at the end.
try() {
	local rc
	ab note "$CLEAN" "$2" >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	cat "$T_TMP/err" >>"$T_TMP/tries.err"
	if [ $rc -ne 65 ] || ! grep -qF -- "$3" "$T_TMP/err"; then
		bad="$bad [$1: exit $rc: $(head -c 200 "$T_TMP/err")]"
	fi
}
for c in $(seq 1 31) 127; do
	[ "$c" -eq 9 ] || [ "$c" -eq 10 ] && continue
	printf -v ch "\\x$(printf %02x "$c")"
	try "C0/DEL $c" "ok$ch" "$(printf 'control character U+%04X at byte offset 2' "$c")"
done
t_eq "note refuses each C0 control but tab and LF, and DEL (65, naming it and its offset)" "$bad" ""
bad=""
for c in $(seq 128 159); do
	printf -v ch "\\x$(printf %02x $((0xC0 | c >> 6)))\\x$(printf %02x $((0x80 | (c & 0x3F))))"
	try "C1 U+$c" "ok$ch" "$(printf 'control character U+%04X at byte offset 2' "$c")"
done
t_eq "note refuses each C1 control U+0080..009F" "$bad" ""
bad=""
for c in $(seq 128 159); do
	printf -v ch "\\x$(printf %02x "$c")"
	try "raw $c" "ok$ch" "$(printf 'not valid UTF-8: byte 0x%02X at byte offset 2' "$c")"
done
t_eq "note refuses each raw byte 0x80..0x9F as invalid UTF-8" "$bad" ""
bad=""
for hex in d89c e2808e e2808f e280aa e280ab e280ac e280ad e280ae e281a6 e281a7 e281a8 e281a9; do
	printf -v ch "$(printf '%s' "$hex" | sed 's/../\\x&/g')"
	try "bidi $hex" "ok$ch" "bidirectional control U+"
done
t_eq "note refuses each bidi control (U+061C, 200E, 200F, 202A-202E, 2066-2069)" "$bad" ""
bad=""
for hex in c0af c1bf eda080 edbfbf f4908080 f8888080 ff fe e280; do
	printf -v ch "$(printf '%s' "$hex" | sed 's/../\\x&/g')"
	try "invalid $hex" "ok${ch}z" "not valid UTF-8: byte 0x$(printf '%s' "$hex" | cut -c1-2 | tr a-f A-F) at byte offset 2"
done
t_eq "note refuses overlong forms, surrogates, values past U+10FFFF, stray and cut bytes" "$bad" ""
t_eq "nothing refused was written" "$(notes_of "$CLEAN")" "$before"
if bad=$(scan "$T_TMP/tries.err"); then t_pass "and the refusals quote nothing raw"; else
	t_fail "and the refusals quote nothing raw" "$bad"; fi
t_clean "set --note refuses an ESC the same way (65)" 65 ab set "$CLEAN" blocked --note $'a\e]0;x\a'
t_has "naming the note and the offset" "$(cat "$T_TMP/err")" "the note holds the control character U+001B at byte offset 1"
t_clean "due --reason refuses a bidi override (65)" 65 ab due "$CLEAN" 2027-01-31 --reason $'late \u202e'
t_has "naming the reason" "$(cat "$T_TMP/err")" "the reason holds the bidirectional control U+202E at byte offset 5"
t_eq "and nothing changed" "$(ab list --format json | python3 -c 'import json,sys; print([(a["status"], a["due"]) for a in json.load(sys.stdin) if a["key"]=="'$CLEAN'"])')" \
	"[('planned', '2024-06-30')]"
t_clean "a note with tab, newline and non-ASCII text is taken" 0 ab note "$CLEAN" $'line one\n\tline two – £5 日本'
t_eq "and kept exactly" "$(ab history "$CLEAN" --format json | python3 -c 'import json,sys; print(repr(json.load(sys.stdin)[-1]["note"]))')" \
	"'line one\\n\\tline two – £5 日本'"
long4000=$(printf 'é%.0s' $(seq 4000))
t_clean "a note of 4,000 characters is taken" 0 ab note "$CLEAN" "$long4000"
t_clean "one of 4,001 is refused (65)" 65 ab note "$CLEAN" "${long4000}x"
t_has "saying how long it is and the limit" "$(cat "$T_TMP/err")" "4001 characters long, more than the 4000 allowed"

# --- an old database: hostile text straight into it -------------------------------------------
# What the loader now refuses, an old database (or a tampered file) may still hold. PAYLOAD
# is the YAML escapes above as real bytes, with C1 CSI both as the character U+009B and as
# a raw 0x9B byte (not UTF-8). It goes into action 1.1.1's text and target, the item's text,
# an owner's name, the establishment's name and description. OLD adds every C0 (tab and LF
# too), DEL, C1 as characters and as raw bytes, each bidi control and bytes that are not
# UTF-8: into action 1.1.2's text, revised-date reason and updated_by, the item's text, the
# other owner's name, and (once: history is append-only) a note and a due change. Each
# value is a blob cast to TEXT, so SQLite keeps the bytes as they are.
PAYLOAD=$'\e]0;pwned\a\e]52;c;cHduZWQ=\a\e[2J\u009b31m\x9b\u0085\u202eevil\u2066x\u2069\u061c\u200e\u200f\x7f\b\t\r\nend'
hex() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n' | tr a-f A-F; }
cat >"$T_TMP/inject.py" <<'PY'
import sqlite3, sys
db_path, payload, suffix = sys.argv[1], bytes.fromhex(sys.argv[2]), sys.argv[3].encode()
bidi = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
old = bytearray(b'OLD<')
old += bytes(range(1, 0x20)) + b'\x7f'
old += ''.join(chr(c) for c in range(0x80, 0xA0)).encode()
old += bytes(range(0x80, 0xA0))
old += ''.join(chr(c) for c in bidi).encode()
old += b'\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xff\xfe'
old += b'\x1b]0;pwned\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J>END\xe2\x80'
def t(b): return "CAST(X'%s' AS TEXT)" % bytes(b).hex()
P, O = payload, t(old)
db = sqlite3.connect(db_path)
aid = "(SELECT id FROM action WHERE action_id = '1.1.2')"
if 'history' in sys.argv[4:]:
    db.execute(f"INSERT INTO history(action_id, at, user, kind, note) VALUES ({aid}, '2026-11-20T10:00:00Z', {O}, 'note', {O})")
    db.execute(f"INSERT INTO history(action_id, at, user, kind, old, new, note) VALUES ({aid}, '2026-11-21T10:00:00Z', 'ann', 'due', '2024-06-30', '2027-01-31', {O})")
db.execute(f"UPDATE action SET text = {t(b'Action text' + P)}, target = {t(b'sometime' + P)} WHERE action_id = '1.1.1'")
db.execute(f"UPDATE action SET text = {O}, due_revised = '2027-01-31', due_reason = {O}, updated_by = {O} WHERE action_id = '1.1.2'")
db.execute(f"UPDATE item SET text = {t(b'Item text' + P + b' ' + old)} WHERE ref = '1.1'")
db.execute(f"UPDATE owner SET name = {t(b'Evil' + P + b'Owner' + suffix)} WHERE name = 'Evil Owner'")
db.execute(f"UPDATE owner SET name = {t(old + suffix)} WHERE name = 'Governor'")
# action.owner_names is sync's copy of the names (schema 6): planted names go there too.
db.execute("UPDATE action SET owner_names = coalesce((SELECT group_concat(name, char(31)) FROM"
           " (SELECT o.name FROM action_owner ao JOIN owner o ON o.id = ao.owner_id"
           "  WHERE ao.action_id = action.id ORDER BY ao.position)), '')")
db.execute(f"UPDATE establishment SET name = {t(b'HMP Hostile' + P)}, description = {t(b'A test' + P)} WHERE code = 'HOS'")
db.commit()
PY
# injected SUFFIX: the database holds PAYLOAD's bytes exactly where they were written.
injected() {
	local item q want
	item=$(hex "Item text$PAYLOAD")
	q="SELECT hex(CAST(a.text AS BLOB)), hex(CAST(a.target AS BLOB)), hex(CAST(e.name AS BLOB)),
		hex(CAST(e.description AS BLOB)), substr(hex(CAST(i.text AS BLOB)), 1, ${#item})
		FROM action a, establishment e, item i WHERE a.action_id = '1.1.1' AND i.ref = '1.1'"
	want="$(hex "Action text$PAYLOAD")|$(hex "sometime$PAYLOAD")|$(hex "HMP Hostile$PAYLOAD")|$(hex "A test$PAYLOAD")|$item"
	t_eq "the database holds the payload's bytes in the action's text and target, the establishment and the item" \
		"$(sqlite3 -batch "$DB" "$q")" "$want"
	t_eq "and in an owner's name" \
		"$(sqlite3 -batch "$DB" "SELECT count(*) FROM owner WHERE hex(CAST(name AS BLOB)) = '$(hex "Evil${PAYLOAD}Owner$1")'")" 1
}
python3 "$T_TMP/inject.py" "$DB" "$(hex "$PAYLOAD")" "" history
injected ""
t_eq "the database now holds raw controls and invalid UTF-8" \
	"$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM history WHERE instr(CAST(note AS BLOB), X'"'"'1b5d303b70776e656407'"'"') AND instr(CAST(note AS BLOB), X'"'"'9c9d9e9f'"'"')").fetchone()[0])' "$DB")" "2"
t_eq "PAYLOAD is the bytes meant: U+009B and a raw 0x9B, U+0085, bidi, DEL, BS, tab, CR, LF" "$(hex "$PAYLOAD")" \
	"$(python3 -c 'print(b"\x1b]0;pwned\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J\xc2\x9b31m\x9b\xc2\x85\xe2\x80\xaeevil\xe2\x81\xa6x\xe2\x81\xa9\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f\x7f\x08\t\r\nend".hex().upper())')"

# --- every command that prints ---------------------------------------------------------------
# SAFE is PAYLOAD as a one-line field shows it: each control, bidi control and the raw byte
# a mark, tab, CR and LF a space each. JSON keeps the text, escaped, the raw byte a U+FFFD.
SAFE="$MARK]0;pwned$MARK$MARK]52;c;cHduZWQ=$MARK$MARK[2J${MARK}31m$MARK$MARK${MARK}evil${MARK}x$MARK$MARK$MARK$MARK$MARK$MARK   end"
for f in table csv json; do
	t_clean "list --format $f" 0 ab list --format $f
	t_has "list --format $f shows the marks" "$(cat "$T_TMP/out")" \
		"$([ $f = json ] && echo '\u001b]0;pwned' || echo "$MARK")"
	t_clean "list --items --format $f" 0 ab list --items --format $f
	t_has "list --items --format $f shows the item's text" "$(cat "$T_TMP/out")" \
		"$([ $f = json ] && echo 'Item text\u001b]0;pwned' || echo "Item text$MARK]0;pwned$MARK")"
	t_clean "owners --format $f" 0 ab owners --format $f
	t_has "owners --format $f shows the owner's name" "$(cat "$T_TMP/out")" \
		"$([ $f = json ] && echo 'Evil\u001b]0;pwned' || echo "Evil$MARK]0;pwned$MARK")"
	t_clean "history --format $f" 0 ab history "$CLEAN" --format $f
	t_clean "summary --format $f" 0 ab summary --format $f
done
t_has "CSV keeps the quoting of RFC 4180" "$(ab list --format csv)" '"Action text'
t_has "owners shows the whole name on one line, made safe" "$(ab owners)" $'\n'"Evil${SAFE}Owner "
for k in "$KEY" "$CLEAN" HOS/2024-01/1.1; do
	t_clean "show $k" 0 ab show "$k"
	t_has "show $k shows the text, made safe" "$(cat "$T_TMP/out")" "$MARK"
	t_clean "show $k --format json" 0 ab show "$k" --format json
done
ab show "$KEY" >"$T_TMP/out"
t_has "show $KEY: the action's text, one line, made safe" "$(cat "$T_TMP/out")" $'\n'"What       Action text$SAFE"$'\n'
t_has "show $KEY: the owner's name" "$(cat "$T_TMP/out")" $'\n'"Owners     Evil${SAFE}Owner"$'\n'
t_has "show $KEY: the target" "$(cat "$T_TMP/out")" $'\n'"Target     sometime$SAFE"$'\n'
t_has "show $KEY: the item's text" "$(cat "$T_TMP/out")" $'\n'"Finding    Item text$SAFE OLD<$MARK"
for cmd in "list" "list --items" "owners" "history $CLEAN" "show $KEY" "show $CLEAN" "show HOS/2024-01/1.1" "summary"; do
	# shellcheck disable=SC2086
	if ab $cmd --format json | python3 -c 'import json,sys; json.load(sys.stdin)' 2>"$T_TMP/err"; then
		t_pass "$cmd --format json parses as JSON"
	else
		t_fail "$cmd --format json parses as JSON" "$(tail -2 "$T_TMP/err")"
	fi
done
t_eq "JSON keeps the controls as escapes (ESC, U+009B, U+202E, U+0001) and marks bad bytes" \
	"$(ab history "$CLEAN" --format json | python3 -c '
import json, sys
n = [e["note"] for e in json.load(sys.stdin) if e["note"] and e["note"].startswith("OLD<")][0]
print(all(s in n for s in ["\x1b]0;pwned\x07", "\u009b", "\u202e", "\x01", "\ufffd"]))')" "True"
# The JSON of show and summary holds each injected value exactly, the raw byte as U+FFFD.
cat >"$T_TMP/json_has.py" <<'PY'
import json, sys
p = bytes.fromhex(sys.argv[1]).decode('utf-8', 'replace')
show, summary = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
a = show['action']
got = [a['text'] == 'Action text' + p, a['target'] == 'sometime' + p,
       a['owners'] == ['Evil' + p + 'Owner'], a['item_text'].startswith('Item text' + p + ' OLD<'),
       summary[0]['establishment_name'] == 'HMP Hostile' + p]
print(got)
PY
ab show "$KEY" --format json >"$T_TMP/show.json"
ab summary --format json >"$T_TMP/summary.json"
t_eq "JSON holds the action's text, target, owner, item text and establishment's name exactly" \
	"$(python3 "$T_TMP/json_has.py" "$(hex "$PAYLOAD")" "$T_TMP/show.json" "$T_TMP/summary.json")" \
	"[True, True, True, True, True]"
t_clean "report (Markdown)" 0 ab report
t_has "the report shows the note, made safe (and Markdown-escaped)" "$(cat "$T_TMP/out")" "${MARK}\\]0;pwned"
t_has "and the establishment's name" "$(cat "$T_TMP/out")" $'\n'"## HMP Hostile${MARK}\\]0;pwned${MARK}${MARK}\\]52;"
t_has "and the owner's name" "$(cat "$T_TMP/out")" $'\n'"| Evil${MARK}\\]0;pwned${MARK}${MARK}\\]52;"
t_clean "report -o FILE.html" 0 ab report -o "$T_TMP/r.html"
if python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$T_TMP/r.html" &&
	bad=$(scan "$T_TMP/r.html"); then
	t_pass "the HTML report decodes as UTF-8 and holds no control or bidi character"
else
	t_fail "the HTML report decodes as UTF-8 and holds no control or bidi character" "$bad"
fi
t_has "the HTML report shows the establishment's name, made safe" "$(cat "$T_TMP/r.html")" "HMP Hostile$SAFE"
t_clean "check, after the database changed (it reads only the YAML)" 0 ab check
t_eq "with the same warning" "$(cat "$T_TMP/err")" "$WARNING"
# sync --full puts the YAML's definitions back, recording the hostile text it replaced (the
# YAML files did not change, so a plain sync would skip them).
t_clean "sync again (the definitions come back from the YAML)" 0 ab sync --full
t_clean "the history of $KEY, which now quotes the replaced text" 0 ab history "$KEY"
t_has "shown safely" "$(cat "$T_TMP/out")" "definition text: Action text$SAFE → Action text"$'\n'
t_has "the owners too" "$(cat "$T_TMP/out")" "definition owners: Evil${SAFE}Owner → Evil Owner"
t_clean "and as JSON" 0 ab history "$KEY" --format json
t_clean "the history of $CLEAN, quoting the replaced OLD text" 0 ab history "$CLEAN"
t_has "shown safely" "$(cat "$T_TMP/out")" "definition text: OLD<$MARK"
# The rest runs on hostile text again (sync made new owners for the names it knew, so the
# injected names get a suffix this time).
python3 "$T_TMP/inject.py" "$DB" "$(hex "$PAYLOAD")" " #2"
injected " #2"
t_clean "set's confirmation" 0 ab set "$CLEAN" in_progress
t_clean "an unknown key is quoted safely (65)" 65 ab show $'HOS/2024-01/\e]0;pwned\a\xc2\x9b\x9b'
t_has "in the message" "$(cat "$T_TMP/err")" "${MARK}]0;pwned${MARK}"
t_clean "an unknown owner is quoted safely" 65 ab list --owner $'\e]0;pwned\a\u202e'
t_clean "an unknown command is quoted safely (64)" 64 ab $'\e]0;pwned\a'
t_clean "an unknown option is quoted safely (64)" 64 ab list $'--\e]0;pwned\a'
t_clean "an unknown format is quoted safely (64)" 64 ab list --format $'\e[2J\x9b'

# --- integer options: one parser, whole numbers only ----------------------------------------
for args in "summary --due-within 30abc" "summary --due-within ' 30'" "summary --due-within 0" \
	"summary --due-within 3661" "list --due-within 30abc" "list --due-within ''" \
	"set $CLEAN planned --if-version 1x" "due $CLEAN 2027-01-01 --reason r --if-version 0"; do
	eval "t_clean \"$args is a usage error (64)\" 64 ab $args"
done
t_has "naming the option, the range and the value" "$(ab summary --due-within 30abc 2>&1)" \
	"--due-within needs a whole number from 1 to 3660, not '30abc'"
t_clean "summary --due-within 45 is taken" 0 ab summary --due-within 45
t_has "and used" "$(cat "$T_TMP/out")" "due within 45 days"

# --- in a terminal: nothing retitles, writes the clipboard or clears the screen ---------------
if ! command -v tmux >/dev/null; then
	t_skip "the dashboard in a terminal" "tmux is not installed"
else
	wait_for() { # wait_for SESSION TEXT [SECONDS]
		local end=$(($(date +%s) + ${3:-10}))
		while [ "$(date +%s)" -le $end ]; do
			tm capture-pane -p -t "$1" | grep -qF -- "$2" && return 0
			sleep 0.2
		done
		return 1
	}
	# capture NAME SESSION: the pane with tmux's colour escapes (-e) must be clean, the pane
	# title must be the one set here, and no OSC 52 may have made a paste buffer.
	capture() {
		local bad
		tm capture-pane -e -p -t "$2" >"$T_TMP/pane"
		if ! bad=$(scan "$T_TMP/pane" tmux); then
			t_fail "$1" "$bad"
		elif [ "$(tm display -p -t "$2" '#{pane_title}')" != "ab-test" ]; then
			t_fail "$1" "the pane was retitled: $(tm display -p -t "$2" '#{pane_title}')"
		elif [ -n "$(tm list-buffers 2>/dev/null)" ]; then
			t_fail "$1" "a paste buffer was written: $(tm list-buffers)"
		else
			t_pass "$1"
		fi
	}
	start() { # start SESSION COMMAND: a 200x50 pane, titled ab-test, OSC 52 enabled
		tm new-session -d -s "$1" -x 200 -y 50 "env TERM=xterm-256color LC_ALL=C.UTF-8 $2; echo DONE; sleep 600"
		tm set -g set-clipboard on
		tm set -g allow-rename off
		tm select-pane -t "$1" -T ab-test
	}
	A="$AB --config $CFG/actionboard.yaml --db $DB --today $TODAY"
	start cli "$A show $CLEAN; $A history $CLEAN; $A list --format csv | head -4; $A owners"
	wait_for cli DONE
	capture "show, history, CSV and owners in tmux: clean screen, same title, no clipboard" cli
	t_has "the screen was not cleared: show's first line is still there" \
		"$(tm capture-pane -p -t cli -S -100)" "Item       HOS/2024-01/1.1"
	start dash "$A"
	if wait_for dash "Priority concerns"; then t_pass "the dashboard starts"; else
		t_fail "the dashboard starts" "$(tm capture-pane -p -t dash)"; fi
	capture "the dashboard's items, owners and header: clean, same title, no clipboard" dash
	pane=$(tm capture-pane -p -t dash)
	t_has "its header shows the establishment's name, made safe" "$pane" "actionboard · HMP Hostile$SAFE · "
	# ref, the ↻ column (blank: no earlier finding), the text as far as the pane has room
	t_has "its list shows the item's text" "$pane" "▸1.1    Item text$SAFE OLD<"
	t_has "and the owner's name" "$pane" "│ Evil$MARK]0;pwned$MARK$MARK]52;c;cHduZWQ=$MARK$MARK[2J"
	tm send-keys -t dash Enter; sleep 0.5
	capture "the detail of the hostile action" dash
	tm send-keys -t dash j; sleep 0.3
	# The detail first: the history page, once open, takes the whole screen.
	pane=$(tm capture-pane -p -t dash)
	t_has "the detail shows the hostile action's text" "$pane" " 1.1.1   Action text$MARK]0;pwned$MARK$MARK]52;"
	t_has "and its target" "$pane" "Target: sometime$MARK]0;pwned$MARK$MARK]52;"
	tm send-keys -t dash h
	wait_for dash "History of $CLEAN"
	capture "the history page of the action with the injected note" dash
	pane=$(tm capture-pane -p -t dash)
	t_has "the history page shows the replaced definition" "$pane" "definition owners: OLD<$MARK"
	tm send-keys -t dash q; sleep 0.3
	# A pasted note longer than the limit: said on screen, never cut silently.
	tm send-keys -t dash a
	wait_for dash "Note for $CLEAN"
	tm send-keys -t dash -l "$(printf 'n%.0s' $(seq 4100))"
	if wait_for dash "Too long: at most 4000 characters" 60; then
		t_pass "a paste past 4,000 characters says so on screen"
	else
		t_fail "a paste past 4,000 characters says so on screen" "$(tm capture-pane -p -t dash | tail -4)"
	fi
	tm send-keys -t dash Enter
	wait_for dash "$CLEAN: note added"
	t_eq "the note keeps its first 4,000 characters (not 1,023 bytes)" \
		"$(ab history "$CLEAN" --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)[-1]["note"] or ""))')" "4000"
	tm send-keys -t dash q
fi

# --- write errors under a file size limit (SIGXFSZ) -------------------------------------------
# ulimit -f counts KiB in bash. SQLite needs 32 KiB for its -shm file, so the limits are above.
X=$T_TMP/x
mkdir "$X"
"$AB" --config "$CFG/actionboard.yaml" --db "$X/x.db" sync >/dev/null 2>&1
limit=$(($(stat -c %s "$X/x.db") / 1024 + 64))
note=$(printf 'u%.0s' $(seq 3900))
ok=0 rc=0
for _ in $(seq 80); do
	(ulimit -f $limit; exec "$AB" --db "$X/x.db" note "$CLEAN" "$note") >/dev/null 2>"$X.err"
	rc=$?
	[ $rc -eq 0 ] || break
	ok=$((ok + 1))
done
t_eq "when the database reaches the limit, note fails with 74 (not killed by SIGXFSZ)" "$rc" 74
t_has "saying why, naming the database" "$(cat "$X.err")" "$X/x.db: "
t_has "in the system's words" "$(cat "$X.err")" "File too large"
t_eq "every note reported added is there, and no other" \
	"$("$AB" --db "$X/x.db" history "$CLEAN" --format json | python3 -c 'import json,sys; print(sum(1 for e in json.load(sys.stdin) if e["kind"]=="note"))')" "$ok"
t_eq "the database is whole" \
	"$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$X/x.db")" ok
t_eq "no temporary file is left" "$(ls "$X" | grep -vE '^x\.db(-wal|-shm)?$')" ""
for _ in $(seq 30); do "$AB" --db "$X/x.db" note "$CLEAN" "$note" >/dev/null; done
(ulimit -f 48; exec "$AB" --db "$X/x.db" report -o "$X/r.md") 2>"$X.err"
t_eq "report -o past the limit fails with 74" "$?" 74
t_has "naming the report file and the reason" "$(cat "$X.err")" "$X/r.md: cannot write the report: File too large"
(ulimit -f 48; exec "$AB" --db "$X/x.db" report) >"$X/r2.md" 2>"$X.err"
t_eq "report to a redirected stdout past the limit fails with 74" "$?" 74
t_has "naming standard output" "$(cat "$X.err")" "standard output: cannot write the report: File too large"
rm -f "$X/r2.md"
(ulimit -f 48; exec "$AB" --db "$X/x.db" history "$CLEAN" --format json) >"$X/l.json" 2>"$X.err"
t_eq "history to a redirected stdout past the limit fails with 74" "$?" 74
t_has "naming standard output" "$(cat "$X.err")" "standard output: cannot write: File too large"
rm -f "$X/l.json"
(ulimit -f 48; exec "$AB" --db "$X/x.db" backup "$X/b.db") 2>"$X.err"
t_eq "backup past the limit fails with 74" "$?" 74
t_has "naming the backup" "$(cat "$X.err")" "$X/b.db: "
t_eq "neither report nor backup leaves a file or a temporary file" \
	"$(ls "$X" | grep -vE '^x\.db(-wal|-shm)?$')" ""

t_done
