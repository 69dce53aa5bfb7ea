#!/usr/bin/env bash
# Command-line tests of "a day's work without traps": the views list lacked (category,
# open only, sorts), what the CSV lacked (a byte-order mark, the finding, the latest note),
# one database for scripts/start and actionboard, targets that name several dates, and
# owners misspelt in a plan.
# usage: test_daily.sh BINARY SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
DB="$T_TMP/ab.db"
ab() { "$AB" --db "$DB" "$@"; }
export ACTIONBOARD_TODAY=2026-11-23
ab sync >/dev/null 2>&1
ab set LIV/2022-07/1.1.3 completed --note "X-ray machines installed" >/dev/null
ab set LIV/2022-07/1.3.2 cancelled >/dev/null
ab note LIV/2022-07/1.1.3 "Checked again – £3,000 • fine" >/dev/null
ab due LIV/2022-07/1.5.1 2026-01-15 --reason "Agreed with HMPPS" >/dev/null
all=$(ab list --format json)
# jqall FILTER: the filter applied to every action in plan order
jqall() { printf '%s' "$all" | jq -r "$1"; }

# --- views: category, open only, sorts (trap 8) ------------------------------------------
out=$(ab list --items --category priority --format json 2>&1); rc=$?
t_eq "list --items --category priority exits 0" "$rc" "0"
t_eq "and lists the 2022 plan's four priority concerns" "$(printf '%s' "$out" | jq -r '[.[] | "\(.cycle)/\(.ref)"] | join(" ")')" \
	"2022-07/1.1 2022-07/1.2 2022-07/1.3 2022-07/1.4"
t_eq "--category general: the 2019 plan's general recommendations' actions, in plan order" \
	"$(ab list --category general --format json | jq -r '[.[].key] | join(" ")')" \
	"$(jqall '[.[] | select(.category == "general") | .key] | join(" ")')"
ab list --category urgent >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "an unknown category exits 64 and names the three" "$rc:$(head -n1 "$T_TMP/err")" \
	"64:actionboard: list: unknown category 'urgent' (priority, key, general)"
t_eq "--open: every action neither completed nor cancelled, in plan order" \
	"$(ab list --open --format json | jq -r '[.[].key] | join(" ")')" \
	"$(jqall '[.[] | select(.status != "completed" and .status != "cancelled") | .key] | join(" ")')"
t_eq "--open --items counts open actions only" \
	"$(ab list --open --items --cycle 2022-07 --format json | jq -r '.[] | select(.ref == "1.1") | "\(.actions_total) \(.actions_completed)"')" "5 0"
# Each sort against the same order computed by python from the plan-order list (a stable
# sort, so that ties keep the plan's order, as the contract says).
sorted_by() { # SORT PYTHON-KEY-EXPRESSION-OF-a
	printf '%s' "$all" | python3 -c "
import json, re, sys
rows = json.load(sys.stdin)
def nat(s): return [(0, int(t), '') if t.isdigit() else (1, 0, t.lower()) for t in re.findall(r'\d+|\D', s)]
print(' '.join(a['key'] for a in sorted(rows, key=lambda a: $2)))"
}
for s in "due|(a['due'] is None, a['due'] or '')" \
	"late|(not a['overdue'], a['due'] is None, a['due'] or '')" \
	"owner|(not a['owners'], '\x1f'.join(a['owners']).lower())" \
	"ref|(a['establishment'], a['cycle'], nat(a['item_ref']), nat(a['action_id']))"; do
	name=${s%%|*}
	t_eq "--sort $name" "$(ab list --sort "$name" --format json | jq -r '[.[].key] | join(" ")')" "$(sorted_by "$name" "${s#*|}")"
done
t_eq "--sort plan is the default" "$(ab list --sort plan --format json | jq -r '[.[].key] | join(" ")')" "$(jqall '[.[].key] | join(" ")')"
t_eq "--sort late puts the most days late first" "$(ab list --sort late --format json | jq -r '.[0:3] | map("\(.key) \(.due)") | join(", ")')" \
	"LIV/2019-08/4.20.1 2020-01-31, LIV/2019-08/S38.1 2020-02-29, LIV/2019-08/S38.2 2020-02-29"
t_eq "--sort ref reads numbers as numbers (1.10 after 1.2, S37 after 4.20)" \
	"$(ab list --items --sort ref --cycle 2019-08 --format json | jq -r '[.[].ref] | join(" ")')" \
	"1.10 1.11 1.32 1.33 1.50 1.58 2.13 2.14 2.26 2.47 2.48 2.63 2.80 2.88 2.103 3.11 3.21 3.22 3.29 3.30 3.39 4.20 S37 S38 S39 S40 S41 S42 S43"
item_order() { # PYTHON-KEY-EXPRESSION-OF-(overdue, earliest-open-due): the 2022 items so sorted
	printf '%s' "$all" | python3 -c "
import json, sys
rows = [a for a in json.load(sys.stdin) if a['cycle'] == '2022-07']
refs = list(dict.fromkeys(a['item_ref'] for a in rows))
def key(ref):
    mine = [a for a in rows if a['item_ref'] == ref]
    dues = [a['due'] for a in mine if a['status'] not in ('completed', 'cancelled') and a['due']]
    late, due = any(a['overdue'] for a in mine), min(dues) if dues else None
    return $1
print(' '.join(sorted(refs, key=key)))"
}
t_eq "--items --sort due: items by their earliest open action" \
	"$(ab list --items --sort due --cycle 2022-07 --format json | jq -r '[.[].ref] | join(" ")')" \
	"$(item_order "(due is None, due or '')")"
t_eq "--items --sort late: items with overdue actions first, the most late first" \
	"$(ab list --items --sort late --cycle 2022-07 --format json | jq -r '[.[].ref] | join(" ")')" \
	"$(item_order "(not late, due is None, due or '')")"
ab list --items --sort owner >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "--items --sort owner exits 64" "$rc" "64"
ab list --sort size >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "an unknown sort exits 64 and names the five" "$rc:$(head -n1 "$T_TMP/err")" \
	"64:actionboard: list: unknown sort 'size' (plan, due, late, owner, ref)"
t_eq "filters and a sort together" \
	"$(ab list --open --category priority --sort due --cycle 2022-07 --format json | jq -r '[.[].key] | join(" ")')" \
	"$(printf '%s' "$all" | jq -r '[.[] | select(.cycle == "2022-07" and .category == "priority" and .status != "completed" and .status != "cancelled")] | sort_by(.due) | [.[].key] | join(" ")')"

# --- CSV for Excel: byte-order mark, the finding, the latest note (trap 9) -------------------
ab list --format csv --bom >"$T_TMP/bom.csv"; rc=$?
t_eq "list --format csv --bom exits 0" "$rc" "0"
t_eq "and starts with the UTF-8 byte-order mark" "$(head -c 3 "$T_TMP/bom.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
t_eq "without --bom there is none" "$(ab list --format csv | head -c 3)" "key"
ab list --bom >/dev/null 2>&1; t_eq "--bom without --format csv exits 64" "$?" "64"
header=$(ab list --format csv | head -n1 | tr -d '\r')
t_eq "the CSV's columns: the old ones where they were, the new ones at the end" "$header" \
	"key,establishment,cycle,scheme,item_ref,item_seq,category,directed_to,agreement,action_id,text,owners,target,due,due_original,due_reason,status,overdue,version,updated_by,updated_at,item_text,last_note,last_note_at,slip_days,verification,verified_by,verified_at,origin,amended_by,amended_at"
row=$(python3 - "$T_TMP/bom.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")):
    if r["key"] == "LIV/2022-07/1.1.3":
        print(r["item_text"][:47], "|", r["last_note"], "|", len(r["last_note_at"]), r["last_note_at"][10:11])
PY
)
t_eq "a row has its finding and its latest note, with the note's time" "$row" \
	"The availability of illicit drugs was too high. | Checked again – £3,000 • fine | 20 T"
t_eq "JSON has the same new fields" \
	"$(jqall '.[] | select(.key == "LIV/2022-07/1.1.3") | "\(.item_text[0:16])|\(.last_note)|\(.last_note_at | length)"')" \
	"The availability|Checked again – £3,000 • fine|20"
t_eq "no note: null in JSON" "$(jqall '.[] | select(.key == "LIV/2022-07/1.1.1") | "\(.last_note)|\(.last_note_at)"')" "null|null"
t_eq "£, – and • survive as UTF-8" "$(grep -c '£3,000 • fine' "$T_TMP/bom.csv")" "1"

# --- one database for scripts/start and actionboard (trap 11) -----------------------------------
# scripts/start as written, in a copy of the tree whose setup and build steps do nothing and
# whose build/actionboard is the binary under test.
tree="$T_TMP/tree"
mkdir -p "$tree/scripts" "$tree/build" "$T_TMP/stub"
cp "$SRC/scripts/start" "$tree/scripts/start"
printf '#!/bin/sh\nexit 0\n' >"$tree/scripts/setup"
printf '#!/bin/sh\nexit 0\n' >"$T_TMP/stub/ninja"
chmod +x "$tree/scripts/setup" "$T_TMP/stub/ninja"
ln -s "$(realpath "$AB")" "$tree/build/actionboard"
start() { XDG_DATA_HOME="$T_TMP/start-data" PATH="$T_TMP/stub:$PATH" "$tree/scripts/start" "$@"; }
plain() { XDG_DATA_HOME="$T_TMP/start-data" "$AB" "$@"; }
n=$(start list --format json 2>/dev/null | jq length)
t_eq "scripts/start list: the bundled HMP Liverpool plans" "$n" "88"
start set LIV/2022-07/1.2.1 blocked --note "Waiting for the pharmacy" >/dev/null 2>&1
t_eq "an edit made through scripts/start shows in a plain actionboard" \
	"$(plain list --format json 2>/dev/null | jq -r '.[] | select(.key == "LIV/2022-07/1.2.1") | .status')" "blocked"
plain note LIV/2022-07/1.3.1 "Pharmacy staff recruited" >/dev/null 2>&1
t_eq "and one made through actionboard shows in scripts/start" \
	"$(start list --format json 2>/dev/null | jq -r '.[] | select(.key == "LIV/2022-07/1.3.1") | .last_note')" "Pharmacy staff recruited"
t_eq "both use \$XDG_DATA_HOME/actionboard/actionboard.db, and no other file" \
	"$(cd "$T_TMP" && find start-data tree -name '*.db' | sort | tr '\n' ' ')" "start-data/actionboard/actionboard.db "
# --- a target that names several dates falls due at the first, and check says so (trap 6) --
CFG="$T_TMP/cfg"
cp -r "$SRC/config/default" "$CFG"
sed -i 's/target: "June 2023"/target: "March 2027 (interim), September 2027 (full)"/' "$CFG/plans/LIV-2022-07.yaml"
line=$(grep -n 'id: "1.1.1"' "$CFG/plans/LIV-2022-07.yaml" | cut -d: -f1)
"$AB" --config "$CFG/actionboard.yaml" check >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "check passes (a warning, not an error)" "$rc" "0"
t_eq "and warns at FILE:LINE:COL, naming the dates and the one that counts" "$(grep 'names 2 dates' "$T_TMP/err")" \
	"actionboard: $CFG/plans/LIV-2022-07.yaml:$line:9: warning: action 1.1.1: target 'March 2027 (interim), September 2027 (full)' names 2 dates (2027-03-31, 2027-09-30): it falls due on the first, 2027-03-31; give one date per action"
"$AB" --config "$CFG/actionboard.yaml" --db "$T_TMP/dates.db" sync >/dev/null 2>"$T_TMP/err"
t_has "sync warns too" "$(cat "$T_TMP/err")" "action 1.1.1: target 'March 2027 (interim), September 2027 (full)' names 2 dates"
t_eq "the action falls due at the first date" \
	"$("$AB" --db "$T_TMP/dates.db" list --format json | jq -r '.[] | select(.key == "LIV/2022-07/1.1.1") | "\(.target)|\(.due)"')" \
	"March 2027 (interim), September 2027 (full)|2027-03-31"
t_eq "so it is overdue once that date has passed" \
	"$("$AB" --db "$T_TMP/dates.db" --today 2027-04-15 list --overdue --format json | jq -r '[.[] | select(.key == "LIV/2022-07/1.1.1")] | length')" "1"
t_eq "a target with one date draws no such warning" "$(grep -c 'dates (' "$T_TMP/err")" "1"
# --- an owner misspelt in a plan is an error when the settings list owners (trap 2) ---------
OWN="$T_TMP/own"
cp -r "$SRC/config/default" "$OWN"
printf '  - name: "Head of Safety"\n    aliases: ["HoS"]\n' >>"$OWN/actionboard.yaml"
plan="$OWN/plans/LIV-2022-07.yaml"
cp "$plan" "$T_TMP/plan.orig"
line=$(grep -n 'id: "1.1.1"' "$plan" | cut -d: -f1)
line=$((line + 2)) # the owners line of action 1.1.1
owner_case() { # NAME OWNERS-YAML WANT-MESSAGE-AFTER-PLACE
	cp "$T_TMP/plan.orig" "$plan"
	sed -i "${line}s/owners: \[\"Governor\"\]/owners: $2/" "$plan"
	"$AB" --config "$OWN/actionboard.yaml" check >/dev/null 2>"$T_TMP/err"; local rc=$?
	t_eq "$1" "$rc:$(head -n1 "$T_TMP/err")" "78:actionboard: $plan:$line:$3"
}
owner_case "check: a misspelt owner exits 78 at FILE:LINE:COL with the closest name" '["Head of Safty"]' \
	"18: unknown owner 'Head of Safty' (not a name or alias in the settings' owners): did you mean 'Head of Safety'?"
owner_case "the second owner of a list is checked too, at its own column" '["Governor", "Head of Safety", "Head ofSafety"]' \
	"48: unknown owner 'Head ofSafety' (not a name or alias in the settings' owners): did you mean 'Head of Safety'?"
owner_case "a name in the wrong case is unknown, and the right one suggested" '["head of safety"]' \
	"18: unknown owner 'head of safety' (not a name or alias in the settings' owners): did you mean 'Head of Safety'?"
owner_case "two letters swapped count as one edit" '["Govenror"]' \
	"18: unknown owner 'Govenror' (not a name or alias in the settings' owners): did you mean 'Governor'?"
owner_case "a name close to none is not given a suggestion" '["Chaplain"]' \
	"18: unknown owner 'Chaplain' (not a name or alias in the settings' owners)"
cp "$T_TMP/plan.orig" "$plan"
sed -i "${line}s/owners: \[\"Governor\"\]/owners: [\"Head of Safty\"]/" "$plan"
"$AB" --config "$OWN/actionboard.yaml" --db "$T_TMP/own.db" sync >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "sync refuses it too (exit 78) and writes nothing" "$rc:$([ -e "$T_TMP/own.db" ] && python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from owner').fetchone()[0])" "$T_TMP/own.db" || echo none)" "78:none"
printf 'users:\n  jsmith: {role: editor, owners: [Head of Safty]}\n' >>"$OWN/actionboard.yaml"
cp "$T_TMP/plan.orig" "$plan"
"$AB" --config "$OWN/actionboard.yaml" check >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "as the same typo in users: is (exit 78)" "$rc" "78"
sed -i '/^users:/,$d' "$OWN/actionboard.yaml"
sed -i "${line}s/owners: \[\"Governor\"\]/owners: [\"HoS\", \"NHSE\"]/" "$plan"
"$AB" --config "$OWN/actionboard.yaml" check >/dev/null 2>&1
t_eq "aliases are known names" "$?" "0"
# Without an owners list nothing changes: a plan may name anyone.
sed -i '/^owners:/,$d' "$OWN/actionboard.yaml"
sed -i "${line}s/owners: \[\"HoS\", \"NHSE\"\]/owners: [\"Head of Safty\"]/" "$plan"
"$AB" --config "$OWN/actionboard.yaml" --db "$T_TMP/free.db" sync >/dev/null 2>&1; rc=$?
t_eq "without an owners list, any owner is taken as written" \
	"$rc:$("$AB" --db "$T_TMP/free.db" list --format json | jq -r '.[] | select(.key == "LIV/2022-07/1.1.1") | .owners[0]')" "0:Head of Safty"
t_done
