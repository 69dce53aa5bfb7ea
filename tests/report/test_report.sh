#!/usr/bin/env bash
# Tests of report, summary and show, and of the command line as a whole: every command's
# --help, wrong options, the man page and the bash completion.
# usage: test_report.sh BINARY SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
HERE=$(cd "$(dirname "$0")" && pwd)
DB="$T_TMP/ab.db"
TODAY=2026-11-23
export ACTIONBOARD_TODAY=$TODAY
# Under -Db_sanitize=undefined, undefined behaviour fails the command instead of a warning.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ab() { "$AB" --db "$DB" "$@"; }

ab sync >/dev/null 2>&1
# Some history to report on: a completion with a note, a note full of markup, a revised date.
ab set LIV/2022-07/1.1.3 completed --note "X-ray machines installed" >/dev/null
ab note LIV/2019-08/S37.1 "Victims' <b>panel</b> & \"forum\" met" >/dev/null
ab due LIV/2022-07/1.5.2 2027-03-31 --reason "Contractor delayed" >/dev/null

# --- the HTML report of each bundled plan, against list --format json --------------------
for cycle in 2019-08 2022-07; do
	html="$T_TMP/report-$cycle.html"
	ab report --cycle "$cycle" --format html -o "$html" 2>"$T_TMP/err"
	t_eq "report --cycle $cycle --format html exits 0" "$?:$(cat "$T_TMP/err")" "0:"
	ab list --cycle "$cycle" --format json >"$T_TMP/actions.json"
	ab list --cycle "$cycle" --items --format json >"$T_TMP/items.json"
	out=$(python3 "$HERE/check_html.py" "$html" "$T_TMP/actions.json" "$T_TMP/items.json" $TODAY 2>&1)
	if [ "$out" = ok ]; then t_pass "$cycle: HTML parses, charts inline, numbers match the list, nothing external"
	else t_fail "$cycle: HTML parses, charts inline, numbers match the list, nothing external" "$out"; fi
done
html=$(cat "$T_TMP/report-2022-07.html")
t_has "the quoted NHS address is printed as text" "$(grep -o "[^>]*https://www.england.nhs.uk/publication/guidance-for-the-transfer" "$T_TMP/report-2022-07.html")" "published June 2021 https://www.england.nhs.uk/publication/guidance-for-the-transfer"
t_eq "and never as a link" "$(grep -c 'href="http' "$T_TMP/report-2022-07.html")" "0"
t_has "a revised due date shows its reason" "$html" "Contractor delayed"
t_has "A4 print layout" "$html" "@page{size:A4"
t_has "an item's heading is kept with its first action (tests/print prints it)" "$html" ".progress{break-after:avoid"

# The checker must be able to fail: a report with a wrong count and an external image.
sed -e 's/data-total="6"/data-total="7"/' -e 's|</body>|<img src="https://example.org/x.png"></body>|' \
	"$T_TMP/report-2022-07.html" >"$T_TMP/bad.html"
ab list --cycle 2022-07 --format json >"$T_TMP/actions.json"
ab list --cycle 2022-07 --items --format json >"$T_TMP/items.json"
out=$(python3 "$HERE/check_html.py" "$T_TMP/bad.html" "$T_TMP/actions.json" "$T_TMP/items.json" $TODAY)
t_has "the checker catches a wrong item count" "$out" "item 1.1: report (7"
t_has "the checker catches an external resource" "$out" "fetching element <img>"

# --- notes since a date, escaping, owner slices -----------------------------------------
ab report --cycle 2019-08 --format html --since 2000-01-01 >"$T_TMP/since.html"
t_has "notes since a date are in the report, escaped" "$(cat "$T_TMP/since.html")" \
	"Victims&#39; &lt;b&gt;panel&lt;/b&gt; &amp; &quot;forum&quot; met"
t_eq "no raw markup from a note" "$(grep -c '<b>panel' "$T_TMP/since.html")" "0"
ab report --cycle 2019-08 --format html --since 2999-01-01 >"$T_TMP/later.html"
t_eq "notes before --since are left out" "$(grep -c 'panel' "$T_TMP/later.html")" "0"
# --since is a local day, like the times history shows: a note stored at 23:30 UTC on 30
# September is "1 Oct 2026 00:30" an hour east of UTC, and so is in --since 2026-10-01
# there (it was left out: the UTC time was compared with the day), and not in UTC.
NIGHT=$T_TMP/night.db
"$AB" --db "$NIGHT" sync >/dev/null 2>&1
python3 - "$NIGHT" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("""INSERT INTO history(action_id, at, user, kind, note)
  SELECT a.id, '2026-09-30T23:30:00Z', 'nightowl', 'note', 'Written after midnight'
  FROM action a JOIN cycle c ON c.id = a.cycle_id
  WHERE c.code = '2022-07' AND a.action_id = '1.1.1'""")
db.commit()
PY
east='<+01>-1'
t_has "history shows the note at 00:30 on 1 October, an hour east of UTC" \
	"$(TZ=$east "$AB" --db "$NIGHT" history LIV/2022-07/1.1.1)" "1 Oct 2026 00:30"
t_has "report --since 2026-10-01 there has it" \
	"$(TZ=$east "$AB" --db "$NIGHT" report --cycle 2022-07 --since 2026-10-01)" "Written after midnight"
t_eq "report --since 2026-10-02 there has not" \
	"$(TZ=$east "$AB" --db "$NIGHT" report --cycle 2022-07 --since 2026-10-02 | grep -c 'Written after')" 0
t_eq "in UTC it was written on 30 September: not in --since 2026-10-01" \
	"$(TZ=UTC0 "$AB" --db "$NIGHT" report --cycle 2022-07 --since 2026-10-01 | grep -c 'Written after')" 0
t_has "… and in --since 2026-09-30" \
	"$(TZ=UTC0 "$AB" --db "$NIGHT" report --cycle 2022-07 --since 2026-09-30)" "Written after midnight"
ab report --cycle 2022-07 --format html --since 2000-01-01 >"$T_TMP/since2.html"
# The change a note came with is worded as history words it (render_event_change).
t_has "a note given with a status change is reported" "$(cat "$T_TMP/since2.html")" "</b> $(id -un) (status planned → completed): X-ray machines installed"
owner="Head of Transformation"
ab report --owner "$owner" --format html -o "$T_TMP/owner.html"
got=$(python3 -c "import re,sys; print(' '.join(re.findall(r'data-key=\"([^\"]+)\"', open(sys.argv[1]).read())))" "$T_TMP/owner.html")
t_eq "an owner's slice holds exactly the owner's actions" "$got" "$(ab list --owner "$owner" --format json | jq -r '[.[].key] | join(" ")')"
ab list --owner "$owner" --format json >"$T_TMP/actions.json"
ab list --owner "$owner" --items --format json >"$T_TMP/items.json"
out=$(python3 "$HERE/check_html.py" "$T_TMP/owner.html" "$T_TMP/actions.json" "$T_TMP/items.json" $TODAY 2>&1)
t_eq "the owner's slice checks against the owner's list" "$out" "ok"

# --- Markdown ---------------------------------------------------------------------------
md=$(ab report --cycle 2022-07)
t_eq "Markdown: one heading per item" "$(printf '%s\n' "$md" | grep -c '^### 1\.')" "11"
t_has "Markdown: done/total and overdue per item" "$md" "### 1.1 · Priority concern · 1/6 actions completed · 5 overdue"
t_has "Markdown: days late" "$md" "| 1.1.1 | HMP Liverpool are currently"
# 30 June 2023 to 23 November 2026: 40 whole months (to 30 October 2026) and 24 days.
late="3 yr 4 mo"
t_has "Markdown: how late, from --today, in years and months" "$md" "planned, **overdue $late**"
t_has "Markdown: agreement with its reason" "$(ab report --cycle 2019-08)" "**Partly agreed**: "
ab report --cycle 2022-07 -o "$T_TMP/r.html"
t_eq "-o FILE.html means HTML" "$(head -c 15 "$T_TMP/r.html")" "<!DOCTYPE html>"

# --- report errors ------------------------------------------------------------------------
ab report --cycle 1999-01 >/dev/null 2>"$T_TMP/err"; t_eq "unknown cycle exits 65" "$?" "65"
t_has "and names it" "$(cat "$T_TMP/err")" "unknown cycle '1999-01'"
ab report --owner Nobody >/dev/null 2>&1; t_eq "unknown owner exits 65" "$?" "65"
ab report --format pdf >/dev/null 2>&1; t_eq "unknown format exits 64" "$?" "64"
ab report --since yesterday >/dev/null 2>&1; t_eq "a bad --since exits 64" "$?" "64"
ab report --cycle 2022-07 -o "$T_TMP/r.pdf" 2>"$T_TMP/err"; rc=$?
t_eq "-o FILE.pdf (no format of report's) exits 64 and writes nothing" "$rc:$([ -e "$T_TMP/r.pdf" ] && echo written)" "64:"
t_eq "and says which formats it writes" "$(head -n1 "$T_TMP/err")" \
	"actionboard: report: say --format md or html (FILE '$T_TMP/r.pdf' ends in neither .md nor .html)"
ab report --cycle 2022-07 --format md -o "$T_TMP/r.txt"
t_eq "--format md -o FILE.txt writes Markdown there" "$(head -n1 "$T_TMP/r.txt")" "# Progress against the action plan"
ab report --cycle 2022-07 -o "$T_TMP/r.markdown"
t_eq "-o FILE.markdown means Markdown" "$(head -n1 "$T_TMP/r.markdown")" "# Progress against the action plan"
ab report -o "$T_TMP/no/such/dir/r.md" >/dev/null 2>&1; t_eq "an unwritable -o exits 73" "$?" "73"
ab report --format pdf 2>&1 >/dev/null | head -n1 >"$T_TMP/err"
t_eq "report names its formats" "$(cat "$T_TMP/err")" "actionboard: report: unknown format 'pdf' (md, html)"
t_eq "show names its formats" "$(ab show 1.1 --cycle 2022-07 --format csv 2>&1 >/dev/null | head -n1)" \
	"actionboard: show: unknown format 'csv' (table, json)"
# -o replaces the file whole, through a new file renamed over it: a symlink standing at the
# name is replaced, never followed, and no temporary file is left behind.
mkdir -p "$T_TMP/out"; echo precious >"$T_TMP/precious"
ln -s "$T_TMP/precious" "$T_TMP/out/r.md"
ab report --cycle 2022-07 -o "$T_TMP/out/r.md"; rc=$?
t_eq "-o over a symlink exits 0 and leaves its target alone" "$rc:$(cat "$T_TMP/precious")" "0:precious"
t_eq "the report replaced the link" "$([ -L "$T_TMP/out/r.md" ] && echo link || head -n1 "$T_TMP/out/r.md")" "# Progress against the action plan"
ab report --cycle 2019-08 -o "$T_TMP/out/r.md"
t_eq "a second -o replaces the first, leaving one file" "$(ls "$T_TMP/out" | tr '\n' ' ')$(grep -c 2019-08 "$T_TMP/out/r.md" | sed 's/^0$/none/;s/^[0-9]*$/some/')" "r.md some"

# --- summary ------------------------------------------------------------------------------
sum=$(ab summary --format json)
all=$(ab list --format json)
t_eq "summary: one row per plan" "$(printf '%s' "$sum" | jq -r '[.[] | "\(.establishment)/\(.cycle)"] | join(" ")')" "LIV/2019-08 LIV/2022-07"
for cycle in 2019-08 2022-07; do
	got=$(printf '%s' "$sum" | jq -r --arg c $cycle '.[] | select(.cycle == $c) | "\(.actions) \(.planned) \(.in_progress) \(.blocked) \(.completed) \(.cancelled) \(.overdue)"')
	want=$(printf '%s' "$all" | jq -r --arg c $cycle '[.[] | select(.cycle == $c)] | "\(length) \([.[] | select(.status == "planned")] | length) \([.[] | select(.status == "in_progress")] | length) \([.[] | select(.status == "blocked")] | length) \([.[] | select(.status == "completed")] | length) \([.[] | select(.status == "cancelled")] | length) \([.[] | select(.overdue)] | length)"')
	t_eq "summary $cycle: actions by status and overdue match the list" "$got" "$want"
done
t_eq "summary: items and agreement of 2019-08" "$(printf '%s' "$sum" | jq -r '.[0] | "\(.items) \(.agreed) \(.partly_agreed) \(.not_agreed)"')" "29 19 9 1"
t_eq "summary: due within 30 days counts open actions due in the window" \
	"$(ab --today 2023-01-15 summary --cycle 2022-07 --format json | jq '.[0].due_soon')" \
	"$(ab --today 2023-01-15 list --cycle 2022-07 --due-within 30 --format json | jq length)"
wide=$(COLUMNS=80 ab summary | awk '{ if (length($0) > m) m = length($0) } END { print m }')
t_eq "summary fits 80 columns" "$([ "$wide" -le 80 ] && echo yes || echo "no ($wide)")" "yes"
t_eq "summary CSV: header and two rows" "$(ab summary --format csv | python3 -c 'import csv,sys; r=list(csv.reader(sys.stdin)); print(len(r), len(set(map(len, r))))')" "3 1"

# --- show -----------------------------------------------------------------------------------
j=$(ab show LIV/2022-07/1.5.2 --format json)
t_eq "show KEY --format json is the action in full" \
	"$(printf '%s' "$j" | jq -r '"\(.action.key)|\(.action.due)|\(.action.due_original)|\(.action.due_reason)|\(.item.ref)"')" \
	"LIV/2022-07/1.5.2|2027-03-31|null|Contractor delayed|1.5"
t_eq "show KEY agrees with list" "$(printf '%s' "$j" | jq -c '.action | {status, overdue, owners, target}')" \
	"$(ab list --format json | jq -c '.[] | select(.key == "LIV/2022-07/1.5.2") | {status, overdue, owners, target}')"
t_eq "show KEY includes the history" "$(printf '%s' "$j" | jq -r '[.history[].kind] | join(" ")')" "sync due"
t_has "show KEY as text says how late" "$(ab show LIV/2022-07/1.1.1)" "Late       $late"
t_eq "show REF --cycle lists the item's actions" "$(ab show 1.1 --cycle 2022-07 --format json | jq -r '[.actions[].action_id] | join(" ")')" "1.1.1 1.1.2 1.1.3 1.1.4 1.1.5 1.1.6"
t_eq "show an item of the recommendations scheme" "$(ab show S37 --cycle 2019-08 --format json | jq -r '"\(.item.agreement) \(.item.seq) \(.actions | length)"')" "agreed 1 3"
t_has "show an action id with --cycle" "$(ab show 1.1.3 --cycle 2022-07)" "Status     completed"
ab show LIV/2022-07/9.9.9 >/dev/null 2>&1; t_eq "show of an unknown key exits 65" "$?" "65"
ab show 1.1 >/dev/null 2>"$T_TMP/err"; t_eq "show REF without --cycle exits 64" "$?" "64"
ab show 1.1 --cycle 1999-01 >/dev/null 2>&1; t_eq "show with an unknown cycle exits 65" "$?" "65"

# --- every command that --help lists ---------------------------------------------------------
cmds=$("$AB" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
t_has "--help lists the report commands" "$(echo $cmds)" "report summary show"
for c in $cmds; do
	out=$("$AB" "$c" --help 2>&1); rc=$?
	case "$rc:$out" in
	"0:usage: actionboard $c"*) t_pass "$c --help" ;;
	*) t_fail "$c --help" "exit $rc" "$(printf '%s' "$out" | head -n 3)" ;;
	esac
	"$AB" --db "$DB" "$c" --no-such-option >/dev/null 2>"$T_TMP/err"; rc=$?
	lines=$(wc -l <"$T_TMP/err")
	hint=$(tail -n 1 "$T_TMP/err")
	if [ "$rc" = 64 ] && [ "$lines" -le 2 ] && [ "$hint" = "Try 'actionboard $c --help' for more information." ]; then
		t_pass "$c --no-such-option exits 64 with a one-line hint"
	else
		t_fail "$c --no-such-option exits 64 with a one-line hint" "exit $rc, $lines lines:" "$(cat "$T_TMP/err")"
	fi
done

# --- the man page and the completion ----------------------------------------------------------
MAN="$SRC/docs/actionboard.1"
for c in $cmds; do
	grep -q "^\.SS $c\b" "$MAN" || { t_fail "the man page has a section per command" "no .SS $c"; continue 2; }
done
t_pass "the man page has a section per command"
if command -v man >/dev/null; then
	out=$(MANWIDTH=80 man -l "$MAN" 2>&1 | col -b 2>/dev/null); rc=$?
	case "$out" in *"NAME"*"actionboard"*"SYNOPSIS"*"report"*"EXIT STATUS"*) t_pass "man ./actionboard.1 renders" ;;
	*) t_fail "man ./actionboard.1 renders" "exit $rc" "$(printf '%s' "$out" | head -n 5)" ;; esac
	warn=$(LC_ALL=C.UTF-8 MANROFFSEQ= man --warnings -l "$MAN" 2>&1 >/dev/null)
	t_eq "the man page has no groff warnings" "$warn" ""
else
	t_skip "man ./actionboard.1 renders" "man is not installed"
fi
COMP="$SRC/docs/actionboard.bash"
out=$(bash -c "source '$COMP'; complete -p actionboard" 2>&1)
t_eq "the completion registers" "$out" "complete -F _actionboard actionboard"
# complete WORDS...: what the completion offers for the last word
complete_words() {
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; _actionboard; printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$COMP" "$@"
}
t_eq "completes subcommands" "$(complete_words "$AB" --db "$DB" s | sort | tr '\n' ' ')" "set show suggest-links summary sync "
t_eq "completes keys" "$(complete_words "$AB" --db "$DB" set LIV/2022-07/1.1. | tr '\n' ' ')" \
	"LIV/2022-07/1.1.1 LIV/2022-07/1.1.2 LIV/2022-07/1.1.3 LIV/2022-07/1.1.4 LIV/2022-07/1.1.5 LIV/2022-07/1.1.6 "
t_eq "completes owner names with their spaces" "$(complete_words "$AB" --db "$DB" report --owner Head | tr '\n' '|')" 'Head\ of\ Transformation|'
t_eq "completes statuses" "$(complete_words "$AB" --db "$DB" set LIV/2022-07/1.1.1 c | sort | tr '\n' ' ')" "cancelled completed "
t_eq "completes cycles" "$(complete_words "$AB" --db "$DB" report --cycle 20 | tr '\n' ' ')" "2019-08 2022-07 "
t_eq "completes options" "$(complete_words "$AB" summary --f | tr '\n' ' ')" "--format "
t_done
