#!/usr/bin/env bash
# Command-line tests: run the real binary on the bundled plans and on broken copies of
# them, and check its output, exit codes and the database.
# usage: test_cli.sh BINARY SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
DB="$T_TMP/ab.db"
ab() { "$AB" --db "$DB" "$@"; }
export ACTIONBOARD_TODAY=2026-11-23

# --- sync ------------------------------------------------------------------------
out=$(ab sync 2>/dev/null); t_has "first sync adds the bundled plans" "$out" "149 added"
t_dump "$DB" > "$T_TMP/dump1"
out=$(ab sync 2>/dev/null); t_has "second sync reports 0 changes" "$out" ": 0 changes"
t_dump "$DB" > "$T_TMP/dump2"
if cmp -s "$T_TMP/dump1" "$T_TMP/dump2"; then t_pass "second sync leaves every table identical"
else t_fail "second sync leaves every table identical" "$(diff "$T_TMP/dump1" "$T_TMP/dump2" | head)"; fi
mode=$(python3 -c "import sqlite3;print(sqlite3.connect('$DB').execute('pragma journal_mode').fetchone()[0])")
t_eq "the database is in WAL mode" "$mode" "wal"

# --- list and the published counts -------------------------------------------------
json=$(ab list --format json)
t_eq "list --format json parses with python3" "$(printf '%s' "$json" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" "88"
t_eq "jq accepts it too" "$(printf '%s' "$json" | jq 'length')" "88"
t_eq "every action of both plans" "$(printf '%s' "$json" | jq -r '[.[].cycle] | group_by(.) | map("\(.[0])=\(length)") | join(" ")')" "2019-08=54 2022-07=34"
# The action fields as actionboard.1 documents them ("An action's fields, in CSV column
# order"): every bold word of that paragraph, in order.
documented=$(sed -n "/^An action's fields, in CSV column order/,/^Columns are only ever added/p" \
	"$SRC/docs/actionboard.1" | grep -E '^\.BR? ' | sed -E 's/^\.BR? //' | tr -d '",' |
	tr -s ' ' '\n' | grep -v '^$' | paste -sd, -)
t_eq "JSON has exactly the documented action fields, in order" \
	"$(printf '%s' "$json" | jq -r '.[0] | keys_unsorted | join(",")')" "$documented"
t_eq "so has the CSV header" "$(ab list --format csv | head -n 1 | tr -d '\r')" "$documented"
items=$(ab list --items --format json)
t_eq "2019 agreement counts match the published summary" \
	"$(printf '%s' "$items" | jq -r '[.[] | select(.cycle=="2019-08") | .agreement] | group_by(.) | map("\(.[0])=\(length)") | join(" ")')" \
	"agreed=19 not_agreed=1 partly_agreed=9"
t_eq "2022 has 4 priority and 7 key concerns" \
	"$(printf '%s' "$items" | jq -r '[.[] | select(.cycle=="2022-07") | .category] | group_by(.) | map("\(.[0])=\(length)") | join(" ")')" \
	"key=7 priority=4"
t_eq "2019 has 7 key and 22 general recommendations" \
	"$(printf '%s' "$items" | jq -r '[.[] | select(.cycle=="2019-08") | .category] | group_by(.) | map("\(.[0])=\(length)") | join(" ")')" \
	"general=22 key=7"
t_eq "items come in plan order (1.2 before 1.10)" \
	"$(printf '%s' "$items" | jq -r '[.[] | select(.cycle=="2022-07") | .ref] | join(" ")')" \
	"1.1 1.2 1.3 1.4 1.5 1.6 1.7 1.8 1.9 1.10 1.11"
t_eq "2019 refs in order with running numbers 1..29" \
	"$(printf '%s' "$items" | jq -r '[.[] | select(.cycle=="2019-08") | "\(.ref)(\(.seq))"] | join(" ")')" \
	"S37(1) S38(2) S39(3) S40(4) S41(5) S42(6) S43(7) 1.10(8) 1.11(9) 1.32(10) 1.33(11) 1.50(12) 1.58(13) 2.13(14) 2.14(15) 2.26(16) 2.47(17) 2.48(18) 2.63(19) 2.80(20) 2.88(21) 2.103(22) 3.11(23) 3.21(24) 3.22(25) 3.29(26) 3.30(27) 3.39(28) 4.20(29)"
t_eq "2.48 repeats 2.43" "$(printf '%s' "$items" | jq -r '.[] | select(.ref=="2.48") | .repeated_from')" "2.43"
t_eq "target kept verbatim, due derived" \
	"$(printf '%s' "$json" | jq -r '.[] | select(.key=="LIV/2022-07/1.2.1") | "\(.target)|\(.due)|\(.status)"')" \
	"This action is in progress and will be audited throughout the year. January 2023|2023-01-31|in_progress"
t_eq "financial-year target" \
	"$(printf '%s' "$json" | jq -r '.[] | select(.key=="LIV/2022-07/1.5.3") | "\(.due)|\(.status)"')" "2025-03-31|in_progress"
csv=$(ab list --format csv)
t_eq "CSV has a header and one row per action" "$(printf '%s\n' "$csv" | python3 -c 'import csv,sys; r=list(csv.reader(sys.stdin)); print(len(r)-1, r[0][0], len(set(map(len,r))))')" "88 key 1"
t_has "CSV joins owners with '; '" "$csv" ',Governor; Director of Novus,'
n=$(ab list --owner "Head of Transformation" --format json | jq -r '[.[].key] | join(" ")')
t_eq "filter by owner" "$n" "LIV/2022-07/1.2.1 LIV/2022-07/1.6.1 LIV/2022-07/1.6.2"
n=$(ab list --owner "NHSE" --format json | jq length)
t_eq "filter by an owner's alias" "$n" "3"
over=$(ab list --overdue --format json | jq '[.[] | select(.overdue)] | length')
all=$(ab list --overdue --format json | jq length)
t_eq "--overdue lists only overdue actions" "$over" "$all"
t_eq "overdue depends on --today" "$(ab --today 2019-01-01 list --overdue --format json | jq length)" "0"
table=$(COLUMNS=80 ab list)
wide=$(printf '%s\n' "$table" | python3 -c 'import sys; print(max(len(l) for l in sys.stdin.read().splitlines()))')
t_eq "the table fits 80 columns" "$([ "$wide" -le 80 ] && echo yes || echo "no ($wide)")" "yes"
ab list --owner Nobody >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "unknown owner exits 65" "$rc" "65"
t_has "unknown owner is named" "$(cat "$T_TMP/err")" "unknown owner 'Nobody'"
ab list --format yaml >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "wrong option value exits 64" "$rc" "64"
t_eq "and names the formats list takes" "$(head -n1 "$T_TMP/err")" "actionboard: list: unknown format 'yaml' (table, csv, json)"

# --- status survives a definition change ------------------------------------------
CFG="$T_TMP/cfg"
cp -r "$SRC/config/default" "$CFG"
out=$(ab --config "$CFG/actionboard.yaml" set LIV/2022-07/1.1.1 completed --note "Grilles fitted")
t_eq "set confirms the change in the words of history" "$out" "LIV/2022-07/1.1.1: status planned → completed (version 2)"
t_has "history: one line per event, as show and the reports word it" "$(ab history LIV/2022-07/1.1.1)" \
	"status planned → completed · Grilles fitted"
sed -i 's/HMP Liverpool are currently in the process of having window grilles fitted/HMP Liverpool is fitting window grilles/' "$CFG/plans/LIV-2022-07.yaml"
out=$(ab --config "$CFG/actionboard.yaml" sync 2>/dev/null)
t_has "an edited text is one update" "$out" "1 changes (0 added, 1 updated"
row=$(ab list --format json | jq -r '.[] | select(.key=="LIV/2022-07/1.1.1") | "\(.status)|\(.text[0:39])"')
t_eq "status survives a sync after the text changed" "$row" "completed|HMP Liverpool is fitting window grilles"
hist=$(ab history LIV/2022-07/1.1.1 --format json | jq -r '[.[] | "\(.kind):\(.field // "")"] | join(" ")')
t_eq "history keeps the status change and the text change" "$hist" "sync:created status: sync:text"

# --- a day's work without traps: undo, retracted and corrected notes, typed dates ----------
K=LIV/2022-07/1.2.1
hist() { ab history "$K" --format json; }
# Trap 5: the one status parser takes the status as the dashboard shows it.
for st in "in progress" "In Progress" "in-progress" "IN_PROGRESS"; do
	out=$(ab set "$K" "$st" 2>&1); rc=$?
	t_eq "trap5-status-words: set KEY \"$st\" is in_progress" "$rc:$(ab list --format json | jq -r ".[] | select(.key==\"$K\") | .status")" "0:in_progress"
done
ab set "$K" "in progess" >/dev/null 2>&1; t_eq "trap5-status-words: a misspelt status is still refused (64)" "$?" "64"
# The other spellings the parser takes, each named in actionboard(1); a letter is refused.
K5=LIV/2022-07/1.11.1
for sw in done:completed complete:completed canceled:cancelled progress:in_progress; do
	ab set "$K5" "${sw%%:*}" >/dev/null 2>&1; rc=$?
	t_eq "status-words: set KEY ${sw%%:*} is ${sw#*:}" \
		"$rc:$(ab list --format json | jq -r ".[] | select(.key==\"$K5\") | .status")" "0:${sw#*:}"
	t_has "status-words: actionboard(1) names ${sw%%:*}" "$(sed -n '/^\.SS set$/,/^\.SS note$/p' "$SRC/docs/actionboard.1")" \
		".B ${sw%%:*}"
done
for sw in c x C; do
	ab set "$K5" "$sw" >/dev/null 2>&1; t_eq "status-words: set KEY $sw is refused (64)" "$?" "64"
done
# Trap 1: undo reverses your latest change by appending, never by deleting.
ab set "$K" cancelled --note "wrong key" >/dev/null
before=$(hist | jq length)
out=$(ab undo "$K"); rc=$?
t_eq "trap1-undo-status: undo puts the status back" "$rc:$(ab list --format json | jq -r ".[] | select(.key==\"$K\") | .status")" "0:in_progress"
cancel_id=$(hist | jq -r '[.[] | select(.new=="cancelled")][-1].id')
t_eq "trap1-undo-status: and says what it undid" "$out" "$K: undo of #$cancel_id: status cancelled → in progress (version $(ab list --format json | jq -r ".[] | select(.key==\"$K\") | .version"))"
t_eq "trap1-undo-status: history grows by one event that reverses the change" \
	"$(hist | jq -c --argjson id "$cancel_id" '[length, (.[-1] | [.kind, .field, .reverses == $id, .user]), (.[] | select(.id == $id) | .reversed_by != null)]')" \
	"[$((before + 1)),[\"status\",\"undo\",true,\"$(id -un)\"],true]"
t_eq "trap1-undo-status: the undone event keeps its note" "$(hist | jq -r --argjson id "$cancel_id" '.[] | select(.id == $id) | .note')" "wrong key"
python3 -c "import sqlite3; c=sqlite3.connect('$DB'); c.execute('delete from history where id=1')" 2>"$T_TMP/err"
t_has "trap1-undo-append-only: history still refuses deletes" "$(cat "$T_TMP/err")" "append-only"
# A note, corrected then retracted: history keeps all three, the latest note moves on.
ab note "$K" "Mtg with goveror" >/dev/null
nid=$(hist | jq -r '.[-1].id')
out=$(ab note --correct "$nid" "Meeting with the governor")
t_has "trap1-note-correct: note --correct names the note" "$out" "$K: note #$nid corrected"
t_eq "trap1-note-correct: show's history marks the typo corrected" \
	"$(ab show "$K" | grep -c "note (corrected by #$((nid + 1))): Mtg with goveror")" "1"
ab report --cycle 2022-07 --since 2000-01-01 >"$T_TMP/rep.md"
t_eq "trap1-note-correct: the report has the correction, not the typo" \
	"$(grep -c 'Meeting with the governor' "$T_TMP/rep.md"):$(grep -c 'goveror' "$T_TMP/rep.md")" "1:0"
ab note --retract "$((nid + 1))" >/dev/null
t_eq "trap1-note-retract: a retracted note leaves the report" "$(ab report --cycle 2022-07 --since 2000-01-01 | grep -c 'governor')" "0"
t_eq "trap1-note-retract: history shows all three events" \
	"$(hist | jq -r '[.[-3:][] | "\(.field // "-"):\(.reverses // "-"):\(.reversed_by // "-")"] | join(" ")')" \
	"-:-:$((nid + 1)) correct:$nid:$((nid + 2)) retract:$((nid + 1)):-"
ab note --retract "$nid" >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "trap1-note-retract: a note cannot be retracted twice (65)" "$rc" "65"
ab note --retract "$cancel_id" >/dev/null 2>"$T_TMP/err"; rc=$?
t_has "trap1-note-retract: a status change is not a note: undo it" "$rc $(cat "$T_TMP/err")" "65 actionboard: event #$cancel_id of $K is a change, not a note"
ab note "$K" "mine" >/dev/null; mine=$(hist | jq -r '.[-1].id')
python3 -c "import sqlite3; c=sqlite3.connect('$DB'); c.execute(\"insert into history(action_id,at,user,kind,note) select action_id, at, 'somebody', 'note', 'theirs' from history where id=$mine\"); c.commit()"
theirs=$(hist | jq -r '.[-1].id')
ab note --retract "$theirs" >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "trap1-note-retract: only its author may retract a note (77)" "$rc:$(cat "$T_TMP/err")" "77:actionboard: note #$theirs of $K is somebody's: only its author may retract it"
# Undo refuses when someone else changed the same value since (exit 75, naming who and when).
ab set "$K" blocked >/dev/null
python3 -c "import sqlite3; c=sqlite3.connect('$DB'); c.execute(\"insert into history(action_id,at,user,kind,old,new) select action_id, '2026-11-23T15:52:48Z', 'jsmith', 'status', 'blocked', 'planned' from history where id=$mine\"); c.execute(\"update action set status='planned' where id=(select action_id from history where id=$mine)\"); c.commit()"
ab undo "$K" >"$T_TMP/out" 2>"$T_TMP/err"; rc=$?
t_eq "trap1-undo-conflict: undo after another's change exits 75" "$rc" "75"
t_eq "trap1-undo-conflict: and names who and when" "$(TZ=Europe/London ab undo "$K" 2>&1)" \
	"actionboard: $K: jsmith changed the status at 23 Nov 2026 15:52 (blocked → planned) after your change; nothing was undone"
t_eq "trap1-undo-conflict: nothing was written" "$(ab list --format json | jq -r ".[] | select(.key==\"$K\") | .status")" "planned"
# Trap 3: dates as typed, the real old date in the confirmation, and undo of a date.
out=$(ab due "$K" 31/03/2027 --reason "Contractor delayed")
t_eq "trap3-due-uk-date: due takes 31/03/2027 and shows the old date" "$out" "$K: due 2023-01-31 → 2027-03-31 (version $(ab list --format json | jq -r ".[] | select(.key==\"$K\") | .version"))"
for d in "31 Mar 2027:2027-03-31" "+2w:2026-12-07" "+10d:2026-12-03" "+3m:2027-02-23" "end of march:2027-03-31" "tomorrow:2026-11-24"; do
	ab due "$K" "${d%%:*}" --reason "r" >/dev/null
	t_eq "trap3-due-typed-forms: '${d%%:*}' is ${d#*:}" "$(ab list --format json | jq -r ".[] | select(.key==\"$K\") | .due")" "${d#*:}"
done
ab due "$K" 31/02/2027 --reason x >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "trap3-due-bad-date: a day the calendar lacks is refused (64)" "$rc:$(cat "$T_TMP/err" | head -n1)" "64:actionboard: due: '31/02/2027' is not a day of the calendar"
ab due "$K" 2020-01-01 --reason "back-dated" >/dev/null 2>"$T_TMP/err"
t_has "trap3-due-past: a date in the past is saved with a warning" "$(cat "$T_TMP/err")" "warning: 2020-01-01 is in the past (6 yr 10 mo ago)"
for _ in 1 2 3 4 5 6 7 8; do ab undo "$K" >/dev/null; done
t_eq "trap1-undo-due: undoing every revision brings back the date from the target" \
	"$(ab list --format json | jq -r ".[] | select(.key==\"$K\") | \"\(.due)|\(.due_reason)\"")" "2023-01-31|null"
# Trap 7: times as people read them (local, day first), --utc and JSON for scripts.
t_has "trap7-local-times: history shows local time, day first" "$(TZ=America/New_York ab history LIV/2022-07/1.2.1 | grep jsmith)" "23 Nov 2026 10:52  jsmith"
t_has "trap7-local-times: --utc shows the stored UTC time" "$(TZ=America/New_York ab --utc history LIV/2022-07/1.2.1 | grep jsmith)" "2026-11-23T15:52:48Z  jsmith"
t_eq "trap7-local-times: JSON keeps ISO 8601 UTC" "$(TZ=America/New_York ab history LIV/2022-07/1.2.1 --format json | jq -r '.[] | select(.user=="jsmith") | .at')" "2026-11-23T15:52:48Z"
# S38.1 was due 29 February 2020: 6 years, 8 months and some days before 23 November 2026.
t_has "trap7-lateness-words: show says how late in years and months" "$(ab show LIV/2019-08/S38.1)" "Late       6 yr 8 mo"

# --- retire and restore -------------------------------------------------------------
cp "$CFG/plans/LIV-2022-07.yaml" "$T_TMP/plan.bak"
python3 - "$CFG/plans/LIV-2022-07.yaml" <<'PY'
import sys, re
p = sys.argv[1]
s = open(p).read()
# drop action 1.1.6 (the last action of item 1.1)
s = re.sub(r'      - id: "1\.1\.6"\n(        .*\n)+?(?=  - ref)', '', s, count=1)
open(p, 'w').write(s)
PY
out=$(ab --config "$CFG/actionboard.yaml" sync 2>/dev/null)
t_has "an action that left the YAML is retired" "$out" "1 retired"
t_eq "a retired action is not listed" "$(ab list --cycle 2022-07 --format json | jq length)" "33"
t_eq "a retired action is kept in the database" "$(python3 -c "import sqlite3;print(sqlite3.connect('$DB').execute(\"select count(*) from action where action_id='1.1.6' and retired=1\").fetchone()[0])")" "1"
cp "$T_TMP/plan.bak" "$CFG/plans/LIV-2022-07.yaml"
out=$(ab --config "$CFG/actionboard.yaml" sync 2>/dev/null)
t_has "it comes back when it returns" "$out" "1 restored"

# --- every kind of bad configuration: FILE:LINE:COL, exit 78, nothing written -------
t_dump "$DB" > "$T_TMP/before"
bad() { # NAME FILE EXPECTED-PREFIX PYTHON-EDIT
	local name=$1 file=$2 want=$3 edit=$4
	rm -rf "$T_TMP/bad"; cp -r "$CFG" "$T_TMP/bad"
	python3 -c "import sys; p=sys.argv[1]; s=open(p).read(); $edit; open(p,'w').write(s)" "$T_TMP/bad/$file"
	ab --config "$T_TMP/bad/actionboard.yaml" sync >/dev/null 2>"$T_TMP/err"; local rc=$?
	local msg; msg=$(head -n1 "$T_TMP/err")
	case "$msg" in
	"actionboard: $T_TMP/bad/$want"*) [ $rc -eq 78 ] && t_pass "$name" || t_fail "$name" "exit $rc" ;;
	*) t_fail "$name" "got:  $msg" "want: actionboard: \$T/bad/$want…" ;;
	esac
	t_dump "$DB" > "$T_TMP/after"
	cmp -s "$T_TMP/before" "$T_TMP/after" || t_fail "$name: database unchanged"
}
bad "YAML syntax error" plans/LIV-2022-07.yaml "plans/LIV-2022-07.yaml:3:17: YAML syntax: mapping values are not allowed" \
	's = s.replace("scheme: concerns", "scheme: concerns: nested", 1)'
line=$(grep -n '    category: priority' "$CFG/plans/LIV-2022-07.yaml" | head -n1 | cut -d: -f1)
bad "unknown key" plans/LIV-2022-07.yaml "plans/LIV-2022-07.yaml:$((line + 1)):5: unknown key 'colour' in an item" \
	's = s.replace("    category: priority\n", "    category: priority\n    colour: red\n", 1)'
bad "wrong type" establishments/LIV.yaml "establishments/LIV.yaml:2:7: 'name' must be a string, not a list" \
	's = s.replace("name: HMP Liverpool", "name: [HMP Liverpool]")'
bad "missing required field" plans/LIV-2022-07.yaml "plans/LIV-2022-07.yaml:1:1: a plan is missing the required key 'scheme'" \
	's = s.replace("scheme: concerns\n", "")'
line=$(grep -n 'ref: "1.2"' "$CFG/plans/LIV-2022-07.yaml" | cut -d: -f1)
bad "duplicate ref" plans/LIV-2022-07.yaml "plans/LIV-2022-07.yaml:$line:5: duplicate item ref '1.1'" \
	's = s.replace("ref: \"1.2\"", "ref: \"1.1\"")'
line=$(grep -n 'id: "1.1.2"' "$CFG/plans/LIV-2022-07.yaml" | cut -d: -f1)
bad "duplicate action id" plans/LIV-2022-07.yaml "plans/LIV-2022-07.yaml:$line:9: duplicate action id '1.1.1'" \
	's = s.replace("id: \"1.1.2\"", "id: \"1.1.1\"")'
bad "unknown establishment" plans/LIV-2022-07.yaml "plans/LIV-2022-07.yaml:1:16: unknown establishment 'XYZ'" \
	's = s.replace("establishment: LIV", "establishment: XYZ")'
bad "invalid date" plans/LIV-2022-07.yaml "plans/LIV-2022-07.yaml:7:19: '2022-02-30' is not a valid date" \
	's = s.replace("report_published: 2022-11-15", "report_published: 2022-02-30")'
# the exact places of the two duplicates
rm -rf "$T_TMP/bad"; cp -r "$CFG" "$T_TMP/bad"
sed -i 's/ref: "1.2"/ref: "1.1"/' "$T_TMP/bad/plans/LIV-2022-07.yaml"
line=$(grep -n 'ref: "1.1"' "$T_TMP/bad/plans/LIV-2022-07.yaml" | sed -n 2p | cut -d: -f1)
msg=$(ab --config "$T_TMP/bad/actionboard.yaml" check 2>&1)
t_eq "duplicate ref names the second one's place" "$msg" "actionboard: $T_TMP/bad/plans/LIV-2022-07.yaml:$line:5: duplicate item ref '1.1' in this plan"
out=$(ab --config "$CFG/actionboard.yaml" check 2>/dev/null); rc=$?
t_eq "check passes on a good configuration" "$rc" "0"
t_has "check counts what it read" "$out" "2 plans, 40 items, 88 actions"

# --- databases we must not touch ------------------------------------------------------
echo "not a database at all, just words in a file" > "$T_TMP/foreign.db"
cp "$T_TMP/foreign.db" "$T_TMP/foreign.orig"
"$AB" --db "$T_TMP/foreign.db" list >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "a foreign file exits 65" "$rc" "65"
cmp -s "$T_TMP/foreign.db" "$T_TMP/foreign.orig" && t_pass "and is left untouched" || t_fail "and is left untouched"
cp "$DB" "$T_TMP/newer.db"
python3 -c "import sqlite3; c=sqlite3.connect('$T_TMP/newer.db'); c.execute('pragma user_version=42'); c.commit()"
"$AB" --db "$T_TMP/newer.db" list >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "a newer database exits 78" "$rc" "78"
t_has "and says so" "$(cat "$T_TMP/err")" "newer actionboard"

# --- first use: a missing database is created and synced ------------------------------
out=$("$AB" list --format json 2>"$T_TMP/err" | jq length)
t_eq "first use creates the XDG database and fills it" "$out" "88"
[ -f "$XDG_DATA_HOME/actionboard/actionboard.db" ] && t_pass "at \$XDG_DATA_HOME/actionboard/actionboard.db" || t_fail "at \$XDG_DATA_HOME/actionboard/actionboard.db"

# --- a first fill that never finished is finished on the next use ---------------------------
mkdir -p "$T_TMP/none"; printf 'owners: []\n' > "$T_TMP/none/actionboard.yaml"
"$AB" --config "$T_TMP/none/actionboard.yaml" --db "$T_TMP/half.db" list >/dev/null 2>&1
t_eq "a database with the schema but no plans lists nothing" "$("$AB" --config "$T_TMP/none/actionboard.yaml" --db "$T_TMP/half.db" list --format json)" "[]"
t_eq "with a configuration it is filled on the next use" "$("$AB" --db "$T_TMP/half.db" list --format json 2>/dev/null | jq length)" "88"

# --- control characters in a plan's text never reach the terminal -----------------------------
# The loader takes a tab but refuses an escape (tests/hostile), so the escape goes in as a
# database written before that check could hold it.
rm -rf "$T_TMP/ctl"; cp -r "$CFG" "$T_TMP/ctl"
sed -i 's/"HMP Liverpool is fitting/"tab\\there HMP Liverpool is fitting/' "$T_TMP/ctl/plans/LIV-2022-07.yaml"
"$AB" --config "$T_TMP/ctl/actionboard.yaml" --db "$T_TMP/ctl.db" sync -q 2>/dev/null
python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE action SET text = replace(text, 'here HMP', 'here ' || char(27) || '[31mred HMP')\"); c.commit()" "$T_TMP/ctl.db"
out=$("$AB" --db "$T_TMP/ctl.db" list --cycle 2022-07 | grep 1.1.1)
t_eq "a table shows tabs and escapes as spaces" "$(printf '%s' "$out" | tr -cd '\t\033' | wc -c)/$(printf '%s' "$out" | grep -c 'tab here')" "0/1"
t_eq "JSON keeps them, escaped" "$("$AB" --db "$T_TMP/ctl.db" list --format json | jq -r '.[] | select(.key=="LIV/2022-07/1.1.1") | .text[0:12]')" "$(printf 'tab\there \033[3')"

# --- a backup that cannot be written names its destination -------------------------------------
out=$(ab backup "$T_TMP/no/such/dir/copy.db" 2>&1); rc=$?
t_eq "a backup into a missing directory exits 73" "$rc" "73"
t_eq "and names the destination" "$out" "actionboard: $T_TMP/no/such/dir/copy.db: cannot write the backup: No such file or directory"

# --- a due date's reason is not the latest note -----------------------------------------------
"$AB" --db "$T_TMP/note.db" sync -q 2>/dev/null
"$AB" --db "$T_TMP/note.db" note LIV/2022-07/1.1.1 "progress made" >/dev/null
"$AB" --db "$T_TMP/note.db" due LIV/2022-07/1.1.1 2027-03-31 --reason "contractor late" >/dev/null
t_eq "after a revised due date the latest note is still the progress note" \
	"$("$AB" --db "$T_TMP/note.db" list --format json | jq -r '.[] | select(.key=="LIV/2022-07/1.1.1") | "\(.last_note)|\(.due_reason)"')" \
	"progress made|contractor late"

# --- filters by agreement and by the inspectors' judgement ------------------------------------
all=$("$AB" --db "$T_TMP/note.db" list --items --format json)
for a in agreed partly_agreed not_agreed; do
	t_eq "list --items --agreement $a: exactly the items answered so" \
		"$("$AB" --db "$T_TMP/note.db" list --items --agreement $a --format json | jq -r '[.[].key] | join(" ")')" \
		"$(printf '%s' "$all" | jq -r --arg a $a '[.[] | select(.agreement == $a) | .key] | join(" ")')"
done
t_eq "--agreement partly is partly_agreed, and actions follow their item" \
	"$("$AB" --db "$T_TMP/note.db" list --agreement partly --format json | jq -r '[.[].agreement] | unique | join(" ")')" \
	"partly_agreed"
"$AB" --db "$T_TMP/note.db" judge LIV/2022-07/1.8 irp insufficient_progress --date 2023-05-11 >/dev/null
"$AB" --db "$T_TMP/note.db" judge LIV/2022-07/1.8 inspection not_achieved --date 2025-06-10 >/dev/null
"$AB" --db "$T_TMP/note.db" judge LIV/2022-07/1.9 irp good_progress --date 2023-05-11 >/dev/null
"$AB" --db "$T_TMP/note.db" judge LIV/2022-07/1.10 inspection achieved --date 2023-01-01 >/dev/null
"$AB" --db "$T_TMP/note.db" judge LIV/2022-07/1.10 irp reasonable_progress --date 2023-05-11 >/dev/null
judged() { "$AB" --db "$T_TMP/note.db" list --items --judged "$1" --format json | jq -r '[.[].key] | join(" ")'; }
t_eq "--judged takes the latest of the IRP's and the inspection's" "$(judged not_achieved)" "LIV/2022-07/1.8"
t_eq "--judged insufficient_progress: none once a later inspection judged" "$(judged insufficient_progress)" ""
t_eq "--judged reasonable_progress: the IRP after the inspection" "$(judged reasonable_progress)" "LIV/2022-07/1.10"
t_eq "--judged none: the items without an inspectors' judgement" \
	"$("$AB" --db "$T_TMP/note.db" list --items --judged none --format json | jq length)" \
	"$(( $(printf '%s' "$all" | jq length) - 3 ))"
"$AB" --db "$T_TMP/note.db" list --judged nonsense 2>/dev/null; t_eq "an unknown --judged exits 64" "$?" "64"
"$AB" --db "$T_TMP/note.db" list --agreement maybe 2>/dev/null; t_eq "an unknown --agreement exits 64" "$?" "64"

# --- the command line as a whole ---------------------------------------------------------
"$AB" --version | grep -q '^actionboard [0-9]' && t_pass "--version" || t_fail "--version"
"$AB" --help | grep -q 'usage: actionboard' && t_pass "--help" || t_fail "--help"
"$AB" frobnicate 2>/dev/null; t_eq "unknown command exits 64" "$?" "64"
"$AB" list --bogus 2>"$T_TMP/err"; rc=$?
t_eq "unknown option exits 64" "$rc" "64"
t_eq "with a one-line hint" "$(sed -n 2p "$T_TMP/err")" "Try 'actionboard list --help' for more information."
"$AB" --today 2026-02-30 list 2>/dev/null; t_eq "a bad --today exits 64" "$?" "64"
"$AB" --config "$T_TMP/none.yaml" check 2>/dev/null; t_eq "a missing settings file exits 66" "$?" "66"
t_done
