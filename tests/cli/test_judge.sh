#!/usr/bin/env bash
# The inspectors' judgements beside our own status, from the command line: judge, link,
# unlink, suggest-links, the disagreement rule, slipped dates and the statutory clocks, as
# list, show, history, summary and the reports show them.
# usage: test_judge.sh BINARY SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
DB="$T_TMP/ab.db"
ME=$(id -un)
TODAY=2026-11-23
export ACTIONBOARD_TODAY=$TODAY
ab() { "$AB" --db "$DB" "$@"; }
item() { ab list --items --format json | jq -r --arg k "$1" ".[] | select(.key == \$k) | $2"; }
ab sync >/dev/null 2>&1

# --- suggestions: the 2022 concerns that echo 2019 recommendations ---------------------------
# Each named echo is among the top three suggestions for its concern.
for pair in 1.2:2.103 1.2:2.63 1.3:S40 1.4:3.11 1.8:2.88 1.11:S43; do
	concern=${pair%%:*} echo=${pair#*:}
	top=$(ab suggest-links "LIV/2022-07/$concern" --format json | jq -r '[.[0:3][].key] | join(" ")')
	t_has "suggest-links: 2022 $concern echoes 2019 $echo (top three: $top)" " $top " " LIV/2019-08/$echo "
done
j=$(ab suggest-links LIV/2022-07/1.8 --format json)
t_eq "suggestions are items of earlier cycles only, best first, with key and score" \
	"$(printf '%s' "$j" | jq -r '[.[].cycle] | unique | join(" ")'):$(printf '%s' "$j" | jq '[.[].score] == ([.[].score] | sort | reverse) and all(.[]; .score > 0 and .score <= 1)')" \
	"2019-08:true"
t_eq "--limit bounds them" "$(ab suggest-links LIV/2022-07/1.8 --limit 2 --format json | jq length)" "2"
t_eq "a 2019 item has no earlier cycle to repeat" "$(ab suggest-links LIV/2019-08/2.88 --format json)" "[]"
ab suggest-links LIV/2022-07/9.9 >/dev/null 2>&1; t_eq "an unknown item exits 65" "$?" "65"
ab suggest-links LIV/2022-07/1.8 --limit 2x 2>"$T_TMP/err" >/dev/null
t_eq "--limit takes a whole number only (64), naming the range" "$?:$(cat "$T_TMP/err")" \
	"64:actionboard: suggest-links: --limit needs a whole number from 1 to 100, not '2x'
Try 'actionboard suggest-links --help' for more information."

# --- judgements from the command line -----------------------------------------------------------
out=$(ab judge LIV/2022-07/1.8 irp insufficient_progress --date 2023-05-11 --note "IRP report, para 1.8")
t_eq "judge irp confirms in words" "$out" \
	"LIV/2022-07/1.8: HMIP at the IRP: insufficient progress (2023-05-11) recorded"
ab judge LIV/2022-07/1.8 inspection not_achieved --date 2025-06-10 >/dev/null
ab judge LIV/2022-07/1.8 self achieved --date 2023-04-01 >/dev/null
t_eq "history of an item: each judgement with source, day, old and new, by whom" \
	"$(ab history LIV/2022-07/1.8 --format json | jq -r '[.[] | "\(.kind)|\(.field)|\(.old)|\(.new)|\(.user)"] | join(" ")')" \
	"judgement|irp 2023-05-11|null|insufficient_progress|$ME judgement|inspection 2025-06-10|null|not_achieved|$ME judgement|self 2023-04-01|null|achieved|$ME"
t_has "history as text" "$(ab history LIV/2022-07/1.8)" "judgement irp 2023-05-11 none → insufficient_progress · IRP report, para 1.8"
t_eq "an item's history has an action's fields; no event id, nothing reversed" \
	"$(ab history LIV/2022-07/1.8 --format json | jq -c '.[0] | [keys, .id, .reverses, .reversed_by]')|$(ab history LIV/2022-07/1.8.1 --format json | jq -c '.[0] | keys')" \
	'[["at","field","id","kind","new","note","old","reversed_by","reverses","user"],null,null,null]|["at","field","id","kind","new","note","old","reversed_by","reverses","user"]'
t_eq "list --items --format json: each source's judgement and its day" \
	"$(item LIV/2022-07/1.8 '"\(.irp) \(.irp_date) \(.inspection) \(.inspection_date) \(.self) \(.self_date)"')" \
	"insufficient_progress 2023-05-11 not_achieved 2025-06-10 achieved 2023-04-01"
t_eq "show --format json has the same fields" \
	"$(ab show LIV/2022-07/1.8 --format json | jq -r '"\(.item.key) \(.item.irp) \(.item.inspection) \(.item.self)"')" \
	"LIV/2022-07/1.8 insufficient_progress not_achieved achieved"
t_eq "an item nobody judged has nulls" "$(item LIV/2022-07/1.1 '"\(.irp) \(.inspection) \(.self) \(.disagreement)"')" "null null null null"
# The one with the latest date counts; on the same day the one recorded later.
ab judge LIV/2022-07/1.8 irp good_progress --date 2023-05-01 >/dev/null
t_eq "an older judgement recorded later does not count" "$(item LIV/2022-07/1.8 .irp)" "insufficient_progress"
ab judge LIV/2022-07/1.8 irp reasonable_progress --date 2023-05-11 --note "corrected" >/dev/null
t_eq "on the same day the later one counts" "$(item LIV/2022-07/1.8 .irp)" "reasonable_progress"
t_eq "and history keeps every one, with what it replaced" \
	"$(ab history LIV/2022-07/1.8 --format json | jq -r '[.[] | select(.field | startswith("irp")) | "\(.old)>\(.new)"] | join(" ")')" \
	"null>insufficient_progress insufficient_progress>good_progress good_progress>reasonable_progress"
ab judge LIV/2022-07/1.8 irp achieved 2>"$T_TMP/err"; t_eq "a value of another source exits 65" "$?" "65"
t_has "and lists the source's values" "$(cat "$T_TMP/err")" "(no_meaningful_progress, insufficient_progress, reasonable_progress, good_progress)"
ab judge LIV/2022-07/1.8 hmip achieved 2>/dev/null; t_eq "an unknown source exits 64" "$?" "64"
ab judge LIV/2022-07/1.8 self achieved --date 2027-01-01 2>"$T_TMP/err"; t_eq "a date after today exits 65" "$?:$(cat "$T_TMP/err")" "65:actionboard: a judgement's date cannot be after today"
ab judge LIV/2022-07/1.99 self achieved 2>"$T_TMP/err"; t_eq "an unknown item exits 65" "$?:$(cat "$T_TMP/err")" "65:actionboard: no such item 'LIV/2022-07/1.99'"
ab judge LIV/2022-07/1.8 self achieved --note $'seen \e]0;pwned\a' 2>"$T_TMP/err"
t_eq "a note holding a control character exits 65, as any note" "$?:$(cat "$T_TMP/err")" \
	"65:actionboard: the note holds the control character U+001B at byte offset 5 (only tab and newline may be used); nothing was written"
t_eq "and nothing was recorded" "$(item LIV/2022-07/1.8 .self_date)" "2023-04-01"

# --- who may judge: the rule of a status write ----------------------------------------------------
CFG="$T_TMP/cfg"; cp -r "$SRC/config/default" "$CFG"
role() { cp "$SRC/config/default/actionboard.yaml" "$CFG/actionboard.yaml"; printf 'users:\n  %s: %s\n' "$ME" "$1" >>"$CFG/actionboard.yaml"; }
role '{role: viewer}'
"$AB" --config "$CFG/actionboard.yaml" --db "$DB" judge LIV/2022-07/1.8 self not_achieved 2>"$T_TMP/err"
t_eq "a viewer may not judge (77)" "$?" "77"
role '{role: editor, owners: [Novus Managers]}'
"$AB" --config "$CFG/actionboard.yaml" --db "$DB" judge LIV/2022-07/1.8 self not_achieved 2>"$T_TMP/err"
t_eq "nor an editor of no owner of the item (77)" "$?:$(cat "$T_TMP/err")" \
	"77:actionboard: LIV/2022-07/1.8: you ($ME) may change only items of your owners (Novus Managers) in the estate, and none of this item's actions is theirs: it needs establishment LIV and one of the owners Governor, NHS England"
"$AB" --config "$CFG/actionboard.yaml" --db "$DB" link LIV/2022-07/1.8 LIV/2019-08/2.88 2>/dev/null
t_eq "nor link it (77)" "$?" "77"
role '{role: editor, owners: [NHSE]}'
"$AB" --config "$CFG/actionboard.yaml" --db "$DB" judge LIV/2022-07/1.8 self achieved --date 2023-04-02 >/dev/null
t_eq "an editor of an owner of one of its actions may (alias counts)" "$?:$(item LIV/2022-07/1.8 .self_date)" "0:2023-04-02"

# --- where our status and the inspectors' judgements disagree ---------------------------------------
t_eq "1.8: HMIP says not achieved, but two actions are open and our own word is achieved" \
	"$(item LIV/2022-07/1.8 .disagreement)" "ours_done"
ab judge LIV/2022-07/1.8 self partially_achieved --date 2023-04-03 >/dev/null
t_eq "with our own word partly achieved and actions open, no disagreement" "$(item LIV/2022-07/1.8 .disagreement)" "null"
for a in 1.8.2 1.8.3; do ab set LIV/2022-07/$a completed >/dev/null; done
t_eq "once every action is completed it is listed again" "$(item LIV/2022-07/1.8 .disagreement)" "ours_done"
sum=$(ab summary --format json)
t_eq "summary counts it per plan" "$(printf '%s' "$sum" | jq -r '.[] | "\(.cycle):\(.ours_done):\(.theirs_done)"' | tr '\n' ' ')" "2019-08:0:0 2022-07:1:0 "
t_has "summary says it in words" "$(ab summary)" "completed by us, not achieved by HMIP: 1"
ab judge LIV/2022-07/1.3 inspection achieved --date 2025-06-10 >/dev/null
t_eq "1.3: HMIP says achieved while our actions are open" "$(item LIV/2022-07/1.3 .disagreement)" "theirs_done"
t_has "summary: achieved by HMIP, still open with us" "$(ab summary)" "achieved by HMIP, still open with us: 1"
ab judge LIV/2022-07/1.4 irp good_progress --date 2023-05-11 >/dev/null
ab judge LIV/2022-07/1.9 irp reasonable_progress --date 2023-05-11 >/dev/null
ab judge LIV/2022-07/1.11 inspection partially_achieved --date 2025-06-10 >/dev/null
t_eq "good progress at the IRP with actions open counts; reasonable and partly do not" \
	"$(item LIV/2022-07/1.4 .disagreement) $(item LIV/2022-07/1.9 .disagreement) $(item LIV/2022-07/1.11 .disagreement)" \
	"theirs_done null null"
ab judge LIV/2022-07/1.4 inspection not_achieved --date 2023-05-11 >/dev/null
t_eq "on the same day the inspection's judgement counts over the IRP's" "$(item LIV/2022-07/1.4 .disagreement)" "null"
md=$(ab report --cycle 2022-07)
t_has "the report lists 1.8 with both sides and their dates" "$md" \
	"| 1.8 | completed by us, not achieved by HMIP | 4/4 actions closed, last completed"
t_has "the inspectors' side with its date" "$md" "own assessment: partially achieved (2023-04-03) | HMIP at the next inspection: not achieved (2025-06-10) |"
t_has "and 1.3 the other way" "$md" "| 1.3 | achieved by HMIP, still open with us | 1/4 actions closed so far"
t_has "the item shows its judgements" "$md" "**Judged**: HMIP at the IRP: reasonable progress (2023-05-11) · HMIP at the next inspection: not achieved (2025-06-10) · own assessment: partially achieved (2023-04-03)"
ab report --cycle 2022-07 --format html -o "$T_TMP/r.html"
t_eq "the HTML report has a row per disagreement" "$(grep -o 'data-gaps="[^"]*"' "$T_TMP/r.html" | tr '\n' ' ')" 'data-gaps="1.3" data-gaps="1.8" '
ab list --cycle 2022-07 --format json >"$T_TMP/a.json"; ab list --cycle 2022-07 --items --format json >"$T_TMP/i.json"
t_eq "and still checks against the lists" "$(python3 "$SRC/tests/report/check_html.py" "$T_TMP/r.html" "$T_TMP/a.json" "$T_TMP/i.json" $TODAY)" "ok"

# --- lineage ---------------------------------------------------------------------------------------
t_eq "link" "$(ab link LIV/2022-07/1.8 LIV/2019-08/2.88)" "LIV/2022-07/1.8 repeats LIV/2019-08/2.88"
t_eq "the later item names the earlier, the earlier the later" \
	"$(item LIV/2022-07/1.8 .repeats) $(item LIV/2019-08/2.88 .repeated_by)" "LIV/2019-08/2.88 LIV/2022-07/1.8"
ab judge LIV/2019-08/2.88 inspection not_achieved --date 2022-07-29 >/dev/null
t_has "the report says where it was raised before and what HMIP then judged" "$(ab report --cycle 2022-07)" \
	"Lineage: raised before in 2019-08 (2.88, partly agreed; HMIP at the next inspection: not achieved, 2022-07-29)"
t_has "and lists the establishment's repeated findings" "$(ab report)" \
	"| 2022-07 1.8 | 2019-08 2.88 (partly agreed) | not achieved (2022-07-29) | a user |"
t_has "the earlier plan's item says where it was raised again" "$(ab report --cycle 2019-08)" \
	"Lineage: raised again in LIV/2022-07/1.8"
t_eq "suggest-links marks the link" "$(ab suggest-links LIV/2022-07/1.8 --format json | jq -r '.[] | select(.linked) | .key')" "LIV/2019-08/2.88"
ab link LIV/2022-07/1.8 LIV/2022-07/1.7 2>/dev/null; t_eq "an item of the same cycle cannot be repeated (65)" "$?" "65"
ab link LIV/2019-08/2.88 LIV/2022-07/1.8 2>/dev/null; t_eq "nor one of a later cycle (65)" "$?" "65"
t_eq "unlink" "$(ab unlink LIV/2022-07/1.8)" "LIV/2022-07/1.8 repeats no earlier item"
t_eq "the link is gone" "$(item LIV/2022-07/1.8 .repeats)" "null"
t_eq "and history has both" "$(ab history LIV/2022-07/1.8 --format json | jq -r '[.[] | select(.kind == "link") | "\(.old)>\(.new)"] | join(" ")')" \
	"null>LIV/2019-08/2.88 LIV/2019-08/2.88>null"

python3 -c "
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for sql in ('UPDATE judgement SET value = \'achieved\'', 'DELETE FROM judgement',
            'UPDATE item_link SET earlier_id = NULL', 'DELETE FROM item_link'):
    try:
        db.execute(sql); print('allowed:', sql)
    except sqlite3.DatabaseError as e:
        print('refused')
" "$DB" >"$T_TMP/out"
t_eq "judgements and links are append-only" "$(tr '\n' ' ' <"$T_TMP/out")" "refused refused refused refused "

# --- the plan's own repeats and judgements ------------------------------------------------------------
P="$CFG/plans/LIV-2022-07.yaml"
cp "$SRC/config/default/actionboard.yaml" "$CFG/actionboard.yaml"
sed -i '/^  - ref: "1.11"$/a\    repeats: "2019-08/S43"\n    judgements:\n      - {source: irp, value: insufficient_progress, date: 2023-05-11, note: "IRP 2023"}' "$P"
sed -i 's/^report_published: 2022-11-15$/&\nurgent_notification: 2022-07-29/' "$P"
YDB="$T_TMP/yaml.db"
out=$("$AB" --config "$CFG/actionboard.yaml" --db "$YDB" sync 2>/dev/null)
yitem() { "$AB" --config "$CFG/actionboard.yaml" --db "$YDB" list --items --format json | jq -r --arg k "$1" ".[] | select(.key == \$k) | $2"; }
t_eq "repeats and judgements from the plan file" "$(yitem LIV/2022-07/1.11 '"\(.repeats) \(.irp) \(.irp_date)"')" "LIV/2019-08/S43 insufficient_progress 2023-05-11"
t_dump "$YDB" >"$T_TMP/d1"
t_has "a second sync changes nothing" "$("$AB" --config "$CFG/actionboard.yaml" --db "$YDB" sync 2>/dev/null)" ": 0 changes"
t_dump "$YDB" >"$T_TMP/d2"
if cmp -s "$T_TMP/d1" "$T_TMP/d2"; then t_pass "every table is as it was"; else t_fail "every table is as it was" "$(diff "$T_TMP/d1" "$T_TMP/d2" | head)"; fi
"$AB" --config "$CFG/actionboard.yaml" --db "$YDB" unlink LIV/2022-07/1.11 >/dev/null
"$AB" --config "$CFG/actionboard.yaml" --db "$YDB" sync >/dev/null 2>&1
t_eq "a user's unlink stands over the plan's repeats after a sync" "$(yitem LIV/2022-07/1.11 .repeats)" "null"
t_eq "the Urgent Notification's response is due 28 days after it" \
	"$("$AB" --config "$CFG/actionboard.yaml" --db "$YDB" summary --cycle 2022-07 --format json | jq -r '.[0] | "\(.urgent_notification) \(.urgent_response_due)"')" \
	"2022-07-29 2022-08-26"
t_has "summary says so" "$("$AB" --config "$CFG/actionboard.yaml" --db "$YDB" --today 2022-08-20 summary)" \
	"UN 2022-07-29: response due 2022-08-26, 6 days left"
cp "$P" "$T_TMP/p.bak"
sed -i 's|repeats: "2019-08/S43"|repeats: "2019-08/S99"|' "$P"
"$AB" --config "$CFG/actionboard.yaml" check 2>"$T_TMP/err"; rc=$?
t_eq "repeats naming no item is a configuration error (78) at its place" "$rc:$(cut -d: -f3,4 "$T_TMP/err")" "78:$(grep -n 'repeats:' "$P" | cut -d: -f1):14"
sed -i 's|repeats: "2019-08/S99"|repeats: "2022-07/1.1"|' "$P"
"$AB" --config "$CFG/actionboard.yaml" check 2>"$T_TMP/err"
t_has "an item of the same cycle is no repeat" "$(cat "$T_TMP/err")" "item 1.11 repeats '2022-07/1.1', which is not in an earlier cycle"
cp "$T_TMP/p.bak" "$P"; sed -i 's/value: insufficient_progress, date: 2023-05-11/value: achieved, date: 2023-05-11/' "$P"
"$AB" --config "$CFG/actionboard.yaml" check 2>"$T_TMP/err"
t_has "a value not of its source is a configuration error" "$?:$(cat "$T_TMP/err")" "78:"
t_has "that names it" "$(cat "$T_TMP/err")" "'achieved' is not a judgement of irp"
# A plan file keeps the users' rules: no judgement dated after today (a typo, 2205 for
# 2025, would outrank every real one for ever), refused at its place.
cp "$T_TMP/p.bak" "$P"; sed -i 's/date: 2023-05-11/date: 2205-06-10/' "$P"
"$AB" --config "$CFG/actionboard.yaml" check 2>"$T_TMP/err"; rc=$?
t_eq "a judgement dated after today is a configuration error (78) at its FILE:LINE:COL" \
	"$rc:$(cut -d: -f1-3 "$T_TMP/err")" "78:actionboard: $P:$(grep -n 'date: 2205-06-10' "$P" | cut -d: -f1)"
t_has "that says why" "$(cat "$T_TMP/err")" "a judgement's date (2205-06-10) cannot be after today ("
"$AB" --config "$CFG/actionboard.yaml" --db "$YDB" sync >/dev/null 2>&1
t_eq "and sync refuses it too, the stored judgement unchanged" "$?:$(yitem LIV/2022-07/1.11 .irp_date)" "78:2023-05-11"
# A judgement that leaves the file is withdrawn by the next sync: recorded, not deleted.
cp "$T_TMP/p.bak" "$P"; sed -i '/source: irp, value: insufficient_progress, date: 2023-05-11/d; /^    judgements:$/d' "$P"
jrows=$(sqlite3 "$YDB" "select count(*) from judgement")
out=$("$AB" --config "$CFG/actionboard.yaml" --db "$YDB" sync 2>/dev/null)
t_has "a sync withdraws a judgement that left the plan file (one change)" "$out" "1 change"
t_eq "it counts no more" "$(yitem LIV/2022-07/1.11 '"\(.irp) \(.irp_date)"')" "null null"
t_eq "nothing deleted: the judgement's row stays, its withdrawal beside it" \
	"$(sqlite3 "$YDB" "select count(*) from judgement; select count(*) from judgement_withdrawal" | paste -sd' ')" "$jrows 1"
t_has "the item's history shows the withdrawal" \
	"$("$AB" --config "$CFG/actionboard.yaml" --db "$YDB" history LIV/2022-07/1.11)" "withdrawn: it left the plan's file"
t_has "a second sync changes nothing" "$("$AB" --config "$CFG/actionboard.yaml" --db "$YDB" sync 2>/dev/null)" ": 0 changes"
cp "$T_TMP/p.bak" "$P"
"$AB" --config "$CFG/actionboard.yaml" --db "$YDB" sync >/dev/null 2>&1
t_eq "put back in the file, it is a judgement again (a new row)" \
	"$(yitem LIV/2022-07/1.11 .irp_date) $(sqlite3 "$YDB" "select count(*) from judgement")" "2023-05-11 $((jrows + 1))"

# --- slipped dates ------------------------------------------------------------------------------------
ab due LIV/2022-07/1.1.2 2027-03-31 --reason "Contractor delayed" >/dev/null
ab due LIV/2022-07/1.6.1 2023-03-01 --reason "Earlier" >/dev/null
ab due LIV/2022-07/1.5.2 2027-03-31 --reason "No date before" >/dev/null
t_eq "list --slipped: revised to a later day than the target's only" "$(ab list --slipped --format json | jq -r '[.[] | "\(.key):\(.slip_days)"] | join(" ")')" \
	"LIV/2022-07/1.1.2:1520"
t_eq "an action that did not slip has slip_days null" "$(ab list --format json | jq -r '.[] | select(.key == "LIV/2022-07/1.6.1") | .slip_days')" "null"
t_eq "summary: slipped actions and days per plan" "$(ab summary --format json | jq -r '.[] | "\(.cycle):\(.actions_slipped):\(.slip_days)"' | tr '\n' ' ')" "2019-08:0:0 2022-07:1:1520 "
s=$(ab summary)
t_has "summary: in all" "$s" "Slipped due dates: 1 action, 1520 days in all"
t_has "summary: per owner" "$s" "    Governor                                      1 action    1520 days"
t_has "summary: per item" "$s" "    LIV/2022-07/1.1                               1 action    1520 days"
t_eq "items sum their actions' slips" "$(item LIV/2022-07/1.1 '"\(.actions_slipped) \(.slip_days)"')" "1 1520"
md=$(ab report --cycle 2022-07)
t_has "the report: slipped per item" "$md" "| 1.1 | 1 | 1520 |"
t_has "the report: slipped per owner" "$md" "| Governor | 1 | 1520 |"

# --- the statutory clocks -------------------------------------------------------------------------------
clock() { ab --today "$1" summary --cycle 2022-07 --format json | jq -r '.[0] | "\(.irp_window_opens) \(.irp_window_closes) \(.irp_window)"'; }
t_eq "the IRP window runs 8 to 12 months from the inspection's last day; before" "$(clock 2023-03-28)" "2023-03-29 2023-07-29 before"
t_eq "open on its first day" "$(clock 2023-03-29)" "2023-03-29 2023-07-29 open"
t_eq "open on its last day" "$(clock 2023-07-29)" "2023-03-29 2023-07-29 open"
t_eq "closed after it" "$(clock 2023-07-30)" "2023-03-29 2023-07-29 closed"
t_has "summary: where today stands" "$(ab --today 2023-05-01 summary)" "LIV/2022-07  IRP window 2023-03-29 to 2023-07-29: open now, closes in 89 days"
t_has "2019: its last day was 6 September 2019" "$(ab summary)" "LIV/2019-08  IRP window 2020-05-06 to 2020-09-06: closed 2269 days ago"
t_has "the report's plan header" "$(ab report --cycle 2022-07)" \
	"Statutory clocks: IRP window 2023-03-29 to 2023-07-29 (8 to 12 months after the inspection's last day, 2022-07-29): closed 1213 days ago; an IRP judgement is recorded from 2023-05-01"
# --- today is the local day ----------------------------------------------------------------------
# A judgement on the default date (today, unpinned) in a zone ahead of UTC, just after local
# midnight: the local date is a day after the UTC date. It used to be refused (exit 65:
# the local day was capped by the UTC day), in the UK every night of summer time.
# (A zone's name has at least three characters: "<+08>-8", never "<+8>-8", which glibc
# takes for UTC.)
off=$((24 - 10#$(date -u +%H))) # hours ahead of UTC, so that it is 00:MM locally
zone=$(printf '<+%02d>-%d' "$off" "$off")
out=$(env -u ACTIONBOARD_TODAY TZ="$zone" "$AB" --db "$DB" judge LIV/2022-07/1.9 self achieved \
	2>&1); rc=$?
t_eq "judge on the default date just after local midnight ($zone, local $(TZ="$zone" date +%H:%M))" \
	"$rc:$out" \
	"0:LIV/2022-07/1.9: the establishment's own assessment: achieved ($(TZ="$zone" date +%F)) recorded"
t_eq "… a day after the UTC date" "$(TZ="$zone" date +%F)" "$(date -u -d tomorrow +%F)"
wide=$(COLUMNS=80 ab summary | awk '{ if (length($0) > m) m = length($0) } END { print m }')
t_eq "summary still fits 80 columns" "$([ "$wide" -le 80 ] && echo yes || echo "no ($wide)")" "yes"
# --- HMIP's own words, and dates typed as the dashboard takes them (issue 18) ---------------------
out=$(ab judge LIV/2022-07/1.10 irp "No   Meaningful progress" --date 11/05/2023)
t_eq "judge takes HMIP's published wording in any case and spacing, and a day-first date" "$out" \
	"LIV/2022-07/1.10: HMIP at the IRP: no meaningful progress (2023-05-11) recorded"
ab judge LIV/2022-07/1.10 irp "Reasonable progress" --date "12 May 2023" >/dev/null
t_eq "… stored as the identifier, the typed date as the day" "$(item LIV/2022-07/1.10 '"\(.irp) \(.irp_date)"')" \
	"reasonable_progress 2023-05-12"
ab judge LIV/2022-07/1.10 inspection "Partially achieved" --date 2025-06-10 >/dev/null
t_eq "\"Partially achieved\" for the inspection" "$(item LIV/2022-07/1.10 .inspection)" "partially_achieved"
ab judge LIV/2022-07/1.10 inspection "Reasonable progress" >/dev/null 2>"$T_TMP/err"
t_eq "the IRP's words are not the inspection's (65)" "$?" "65"
ab judge LIV/2022-07/1.10 irp "Reasonable progress" --date "31/02/2023" >/dev/null 2>"$T_TMP/err"
t_eq "a day the calendar lacks is a usage error (64)" "$?" "64"
t_done
