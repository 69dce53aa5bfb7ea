#!/usr/bin/env bash
# From status to assurance, from the command line: a second person's verification
# (verify), and how summary, list, history and the exports count it.
# usage: test_governance.sh BINARY SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
ME=$(id -un)
export ACTIONBOARD_TODAY=2023-06-01
# The database sits where a second local user (for the two-person checks) can reach it.
chmod 0711 "$T_TMP"
W="$T_TMP/shared"
mkdir -m 0777 "$W"
DB="$W/ab.db"
CFG="$W/actionboard.yaml"
cp -r "$SRC/config/default/." "$W/"
ab() { "$AB" --config "$CFG" --db "$DB" "$@"; }
act() { ab list --format json | jq -r --arg k "$1" ".[] | select(.key == \$k) | $2"; }
ab sync >/dev/null 2>&1
chmod 0666 "$DB"
# Another person: `nobody`, when this runs as root (else those checks are skipped).
OTHER=
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
	OTHER=nobody
fi
as_other() {
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
		env HOME="$W" XDG_CONFIG_HOME="$W/xdg" XDG_DATA_HOME="$W/xdg" \
		"$AB" --config "$CFG" --db "$DB" "$@"
}
# The rows users write (t_dump stops at the FTS5 table, whose one column it cannot sort by 2).
rows() {
	python3 -c 'import sqlite3,sys
d = sqlite3.connect(sys.argv[1])
for t in ("action", "history", "auth_user", "auth_verifier"):
    for r in d.execute("SELECT * FROM %s ORDER BY 1" % t): print(t, r)' "$DB"
}
skip() { T_N=$((T_N + 1)); echo "ok $T_N - $1 # SKIP $2"; }

# --- the setting and the state ----------------------------------------------------------------
t_eq "the bundled plans ask for verification: completed actions are awaiting it" \
	"$(ab list --status completed --format json | jq -r '[.[].verification] | unique | join(" ")')" \
	"awaiting"
t_eq "an open action has no verification" "$(act LIV/2022-07/1.1.1 .verification)" "null"
# The settings' verification is every plan's default; a plan file's own key wins.
sed -i 's/^source: \(.*\)$/source: \1\nverification: none/' "$W/plans/LIV-2019-08.yaml"
ab sync >/dev/null 2>&1
t_eq "a plan file's verification: none wins over the settings' required" \
	"$(ab list --status completed --format json | jq -r '[.[] | "\(.cycle) \(.verification)"] | unique | join(", ")')" \
	"2019-08 null, 2022-07 awaiting"
cp "$SRC/config/default/plans/LIV-2019-08.yaml" "$W/plans/LIV-2019-08.yaml"
ab sync >/dev/null 2>&1
t_eq "... and without it the settings decide again" \
	"$(ab list --cycle 2019-08 --status completed --format json | jq -r '[.[].verification] | unique | join(" ")')" "awaiting"

# --- verify, by someone other than the completer ---------------------------------------------
out=$(ab verify LIV/2022-07/1.3.1 --note "Pay policy seen — £ rates match ✓")
t_eq "verify confirms" "$?:$out" "0:LIV/2022-07/1.3.1: verified (version 2)"
t_eq "list: verified, by whom" "$(act LIV/2022-07/1.3.1 '[.verification, .verified_by, .status] | join(" ")')" \
	"verified $ME completed"
t_has "history: the verification and its note" "$(ab history LIV/2022-07/1.3.1)" \
	"verified · Pay policy seen — £ rates match ✓"
ab verify LIV/2022-07/1.3.1 2>"$T_TMP/err"
t_eq "verifying twice is refused (65), saying by whom" "$?:$(grep -c "already verified by $ME" "$T_TMP/err")" "65:1"
ab verify LIV/2022-07/1.1.2 2>"$T_TMP/err"
t_eq "an action not completed cannot be verified (65)" "$?:$(cat "$T_TMP/err")" \
	"65:actionboard: LIV/2022-07/1.1.2 is planned, not completed: there is nothing to verify"

# --- one's own completion ----------------------------------------------------------------------
ab set LIV/2022-07/1.1.1 completed >/dev/null
before=$(rows)
ab verify LIV/2022-07/1.1.1 2>"$T_TMP/err"
t_eq "verifying one's own completion is refused with 77" "$?:$(cat "$T_TMP/err")" \
	"77:actionboard: LIV/2022-07/1.1.1: you ($ME) completed it, so someone else must verify it"
t_eq "... and writes nothing" "$(rows)" "$before"
ab verify LIV/2022-07/1.1.1 --reject "not mine to judge" 2>/dev/null
t_eq "nor may the completer reject it (77)" "$?" "77"

# --- reject ------------------------------------------------------------------------------------
j=$(ab verify LIV/2022-07/1.6.1 --reject "No evidence of the GP contract" --format json)
t_eq "reject reopens the action (json)" "$(printf '%s' "$j" | jq -c '[.status, .verification]')" \
	'["in_progress",null]'
t_has "history: the rejection with its reason" "$(ab history LIV/2022-07/1.6.1)" \
	"verification rejected: completed → in progress · No evidence of the GP contract"
ab verify LIV/2022-07/1.6.1 --reject "   " 2>/dev/null
t_eq "a rejection needs a reason (65)" "$?" "65"
ab verify LIV/2022-07/1.3.1 --note x --reject y 2>/dev/null
t_eq "--note and --reject together: usage (64)" "$?" "64"

# --- a later status change ends a verification ------------------------------------------------
ab set LIV/2022-07/1.3.1 in_progress >/dev/null
t_eq "a status change ends the verification" \
	"$(act LIV/2022-07/1.3.1 '[.verification, .verified_by] | map(tostring) | join(" ")')" "null null"

# --- counts: summary, exports ------------------------------------------------------------------
ab verify "$(ab list --cycle 2022-07 --status completed --format json | jq -r '[.[] | select(.updated_by == null)][0].key')" >/dev/null
s=$(ab summary --cycle 2022-07 --format json)
t_eq "summary json: verified apart from completed, not verified" \
	"$(printf '%s' "$s" | jq -c '.[0] | [.completed, .verified, .completed_not_verified]')" \
	"$(ab list --cycle 2022-07 --status completed --format json | jq -c '[length, ([.[] | select(.verification == "verified")] | length), ([.[] | select(.verification != "verified")] | length)]')"
t_eq "... one of them verified" "$(printf '%s' "$s" | jq '.[0].verified')" "1"
n_done=$(printf '%s' "$s" | jq '.[0].completed')
n_await=$(ab list --cycle 2022-07 --format json | jq '[.[] | select(.verification == "awaiting")] | length')
t_eq "summary json: awaiting is list's verification 'awaiting'" "$(printf '%s' "$s" | jq '.[0].awaiting')" "$n_await"
t_has "summary table: the verified counted apart, the rest awaiting verification (the plan asks)" \
	"$(ab summary --cycle 2022-07)" "$n_done completed: 1 verified, $((n_done - 1)) awaiting verification."
t_eq "and DONE still counts every completion" \
	"$(ab summary --cycle 2022-07 | awk '$1 == "LIV/2022-07" {print $6; exit}')" "$n_done"
sed 's/^verification: required$/verification: none/' "$CFG" >"$W/none.yaml"
"$AB" --config "$W/none.yaml" --db "$T_TMP/none.db" sync >/dev/null 2>&1
n_none=$("$AB" --config "$W/none.yaml" --db "$T_TMP/none.db" summary --cycle 2022-07 --format json | jq '.[0].completed')
t_has "a plan that does not ask: completed, not verified, and says why" \
	"$("$AB" --config "$W/none.yaml" --db "$T_TMP/none.db" summary --cycle 2022-07)" \
	"$n_none completed: 0 verified, $n_none completed, not verified (no plan asks for verification)."
ab summary --cycle 2022-07 --format csv | head -n1 >"$T_TMP/h.csv"
t_has "summary csv: an awaiting column" "$(cat "$T_TMP/h.csv")" ",verified,completed_not_verified,awaiting,"
ab export --cycle 2022-07 --format csv -o "$T_TMP/x.csv" 2>/dev/null
t_has "export csv carries verification, verified_by, verified_at" "$(head -1 "$T_TMP/x.csv")" \
	",verification,verified_by,verified_at"

# --- who may verify: roles ------------------------------------------------------------------------
role() { cp "$SRC/config/default/actionboard.yaml" "$CFG"; printf 'users:\n  %s: %s\n' "$ME" "$1" >>"$CFG"; }
key=$(ab list --cycle 2019-08 --status completed --format json | jq -r '.[0].key')
role '{role: editor, owners: [Governor]}'
ab verify "$key" 2>"$T_TMP/err"
t_eq "an editor may not verify (77)" "$?:$(cat "$T_TMP/err")" \
	"77:actionboard: $key: you ($ME) may not verify: it needs an admin or a verifier of establishment LIV, and you are an editor"
role '{role: verifier}'
ab verify "$key" >/dev/null
t_eq "a verifier may verify" "$?:$(act "$key" .verification)" "0:verified"
ab note "$key" "a verifier reads only" 2>"$T_TMP/err"
t_eq "a verifier may not change actions (77)" "$?:$(cat "$T_TMP/err")" \
	"77:actionboard: $key: you ($ME) are a verifier and may only read and verify"
role '{role: supervisor}'
ab check 2>"$T_TMP/err" >/dev/null
t_has "an unknown role names the four" "$(cat "$T_TMP/err")" "(expected viewer, editor, admin or verifier)"
cp "$SRC/config/default/actionboard.yaml" "$CFG"

# --- a stored policy keeps the verifier role --------------------------------------------------------
printf 'users:\n  %s: {role: admin}\n  nobody: {role: verifier}\n' "$ME" >>"$CFG"
ab sync >/dev/null 2>&1
t_eq "sync stores a verifier as a viewer marked in auth_verifier" \
	"$(python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); print(d.execute(\"select u.role from auth_user u join auth_verifier v using(login) where login='nobody'\").fetchone()[0])" "$DB")" "viewer"
ab sync >/dev/null 2>&1
t_eq "syncing the same users again changes nothing" "$(ab sync 2>&1 | grep -c 'no changes\|0 changes')" "1"

# --- evidence -----------------------------------------------------------------------------------
cp "$SRC/config/default/actionboard.yaml" "$CFG"
ab sync >/dev/null 2>&1
EV="$W/Grilles – A wing £.txt"
printf 'Grilles fitted on A wing • £5k\n' >"$EV"
SHA=$(sha256sum "$EV" | cut -d' ' -f1)
out=$(ab evidence add LIV/2022-07/1.1.1 "$EV" --note "photos on the share ✓")
t_eq "evidence add copies a file" "$?:$out" "0:LIV/2022-07/1.1.1: evidence #1 added (Grilles – A wing £.txt)"
j=$(ab evidence add LIV/2022-07/1.1.1 "https://intranet.example/drones?id=7" --format json)
t_eq "a URL is recorded as given (json)" "$j" '{"key": "LIV/2022-07/1.1.1", "n": 2}'
l=$(ab evidence list LIV/2022-07/1.1.1 --format json)
t_eq "evidence list json: name, size, SHA-256 (as sha256sum says), who; the URL as given" \
	"$(printf '%s' "$l" | jq -c '[.[] | [.n, .kind, .name, .size, .sha256, .note, .added_by]]')" \
	"[[1,\"file\",\"Grilles – A wing £.txt\",$(stat -c %s "$EV"),\"$SHA\",\"photos on the share ✓\",\"$ME\"],[2,\"url\",\"https://intranet.example/drones?id=7\",null,null,null,\"$ME\"]]"
t_has "evidence list table shows the SHA-256" "$(ab evidence list LIV/2022-07/1.1.1)" "sha256 $SHA"
ab evidence get LIV/2022-07/1.1.1 1 -o "$T_TMP/copy.txt"
t_eq "evidence get writes the copy back, byte for byte" "$?:$(cmp "$EV" "$T_TMP/copy.txt" && echo same)" "0:same"
ab evidence get LIV/2022-07/1.1.1 1 -o "$T_TMP/copy.txt" 2>/dev/null
t_eq "... never over an existing file without --force (73)" "$?" "73"
t_eq "... -o - to standard output" "$(ab evidence get LIV/2022-07/1.1.1 1 -o - | sha256sum | cut -d' ' -f1)" "$SHA"
ab evidence add LIV/2022-07/1.1.2 "$EV" >/dev/null
t_eq "the store keeps the same content once (content-addressed)" \
	"$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*), min(sha256) from evidence_blob").fetchone())' "$DB")" \
	"(1, '$SHA')"
t_has "history records the addition" "$(ab history LIV/2022-07/1.1.1)" "evidence added: #1 Grilles – A wing £.txt"
ab evidence remove LIV/2022-07/1.1.1 2 --reason "the page moved" >/dev/null
t_eq "a removal is an event: the entry stays, marked, with who and why" \
	"$(ab evidence list LIV/2022-07/1.1.1 --format json | jq -c '.[1] | [.removed, .removed_by, .removed_reason]')" \
	"[true,\"$ME\",\"the page moved\"]"
t_has "... and in the history" "$(ab history LIV/2022-07/1.1.1)" "evidence removed: #2 https://intranet.example/drones?id=7"
ab evidence remove LIV/2022-07/1.1.1 2 --reason again 2>/dev/null
t_eq "removing twice is refused (65)" "$?" "65"
python3 -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("delete from evidence")' "$DB" 2>/dev/null
t_eq "entries are append-only (the database refuses a DELETE)" "$?" "1"
head -c 26214401 /dev/zero >"$W/big.bin"
before=$(rows)
ab evidence add LIV/2022-07/1.1.1 "$W/big.bin" 2>"$T_TMP/err"
t_eq "a file over 25 MiB is refused (65), naming it, writing nothing" "$?:$(cat "$T_TMP/err"):$([ "$(rows)" = "$before" ] && echo same)" \
	"65:actionboard: $W/big.bin: holds 26214401 bytes: evidence may hold at most 26214400 (25 MiB) a file; nothing was written:same"
head -c 26214400 /dev/zero >"$W/big.bin"
t_eq "a file of exactly 25 MiB is taken" "$(ab evidence add LIV/2022-07/1.1.3 "$W/big.bin" --format json | jq .n)" "1"
rm -f "$W/big.bin"
ab evidence add LIV/2022-07/1.1.1 "$W/none.pdf" 2>/dev/null
t_eq "a missing file exits 66" "$?" "66"
ab evidence add LIV/2022-07/1.1.1 "$W" 2>/dev/null
t_eq "a directory is not evidence (65)" "$?" "65"
ab evidence add LIV/2022-07/1.1.1 "ftp://x" 2>/dev/null
t_eq "what is not http(s) is taken for a file name (66 here)" "$?" "66"
ab evidence get LIV/2022-07/1.1.1 2 -o - 2>"$T_TMP/err" >/dev/null
t_eq "get of a removed entry is refused (65)" "$?" "65"
ab evidence get LIV/2022-07/1.1.1 9 -o - 2>"$T_TMP/err" >/dev/null
t_eq "get of an unknown N (65), naming it" "$?:$(cat "$T_TMP/err")" "65:actionboard: LIV/2022-07/1.1.1 has no evidence #9"
role '{role: viewer}'
ab evidence add LIV/2022-07/1.1.1 "$EV" 2>/dev/null
t_eq "a viewer may not add evidence (77)" "$?" "77"
t_eq "... but may list it" "$(ab evidence list LIV/2022-07/1.1.1 --format csv | head -1 | tr -d "\r")" \
	"n,kind,name,size,sha256,note,added_by,added_at,removed,removed_by,removed_at,removed_reason"
cp "$SRC/config/default/actionboard.yaml" "$CFG"
printf 'users:\n  %s: {role: admin}\n  nobody: {role: verifier}\n' "$ME" >>"$CFG"

# --- show for an item: its judgements and links --------------------------------------------------
ab judge LIV/2022-07/1.8 irp insufficient_progress --date 2023-05-11 --note "IRP report, para 1.8" >/dev/null
ab link LIV/2022-07/1.8 LIV/2019-08/2.88 >/dev/null
out=$(COLUMNS=200 ab show LIV/2022-07/1.8)
t_has "show ITEM: the judgement that counts, with who recorded it" "$out" \
	"Judged     HMIP at the IRP: insufficient progress (2023-05-11, $ME)"
t_has "show ITEM: the link to the earlier finding" "$out" "Links      raised before in 2019-08 (2.88, partly agreed"
t_has "show ITEM: the judgements and links as recorded" "$out" "Judgements and links"
t_has "... each one" "$out" "link none → LIV/2019-08/2.88"
t_has "show the earlier item: the later one that repeats it" "$(COLUMNS=200 ab show LIV/2019-08/2.88)" "raised again in LIV/2022-07/1.8"
t_eq "show ITEM --format json: the item's history of judgements and links" \
	"$(ab show LIV/2022-07/1.8 --format json | jq -c '[.history[] | [.kind, .new]]')" \
	'[["judgement","insufficient_progress"],["link","LIV/2019-08/2.88"]]'

# --- the IRP evidence pack --------------------------------------------------------------------------
ab evidence add LIV/2022-07/1.8.1 "https://nhs.example/transfers?q=1&r=2" --note "transfer log" >/dev/null
ab report --pack --cycle 2022-07 -o "$T_TMP/pack.html"
t_eq "report --pack --cycle C -o FILE writes the pack" "$?" "0"
ab list --items --cycle 2022-07 --format json >"$T_TMP/items.json"
ab list --cycle 2022-07 --format json >"$T_TMP/acts.json"
ab evidence list LIV/2022-07/1.1.1 --format json >"$T_TMP/ev.json"
python3 - "$T_TMP/pack.html" "$T_TMP/items.json" "$T_TMP/acts.json" "$T_TMP/ev.json" >"$T_TMP/packcheck" <<'PY'
import json, re, sys
from html.parser import HTMLParser
html = open(sys.argv[1], encoding="utf-8").read()
items = json.load(open(sys.argv[2])); acts = json.load(open(sys.argv[3])); ev = json.load(open(sys.argv[4]))
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.concerns = []; self.summary_rows = []; self.in_summary = False
        self.actions = {}; self.cur = None
    def handle_starttag(self, tag, a):
        a = dict(a)
        if tag == "section" and a.get("class") == "summary": self.in_summary = True
        if tag == "section" and a.get("class") == "concern": self.in_summary = False; self.concerns.append(a["data-ref"])
        if tag == "tr" and self.in_summary and "data-ref" in a: self.summary_rows.append(a["data-ref"])
        if tag == "div" and a.get("class") == "action": self.cur = a["data-key"]; self.actions[self.cur] = self.concerns[-1]
p = P(); p.feed(html)
refs = [i["ref"] for i in items]
print("concerns in plan order:", p.concerns == refs)
print("summary rows in plan order:", p.summary_rows == refs)
print("every action under its item:", all(p.actions.get(a["key"]) == a["item_ref"] for a in acts) and len(p.actions) == len(acts))
print("evidence SHA-256 and sizes:", all(e["sha256"] in html and f'{e["size"]} bytes' in html for e in ev if e["kind"] == "file"))
print("a URL, escaped:", "https://nhs.example/transfers?q=1&amp;r=2" in html)
print("verification:", "verified by" in html and "awaiting verification" in html)
print("judgements and links:", "judgement irp 2023-05-11 none → insufficient_progress" in html and "raised before in 2019-08 (2.88" in html)
print("slips and notes in the history:", "due 2023-06-30 → 2023-12-31" in html or "due " in html)
print("A4, a page a concern:", "size:A4" in html and ".concern{break-after:page}" in html.replace(" ", "").replace(",.concern", ".concern"))
PY
t_eq "the pack: a summary row and a page per concern in plan order, every action, evidence with SHA-256, URLs, verification, judgements and links" \
	"$(grep -c ': True$' "$T_TMP/packcheck")/$(wc -l <"$T_TMP/packcheck")" "9/9"
grep -v ': True$' "$T_TMP/packcheck" | sed 's/^/# /'
ab report --pack 2>/dev/null; t_eq "--pack needs --cycle (64)" "$?" "64"
ab report --pack --cycle 2022-07 --owner Governor 2>/dev/null; t_eq "--pack takes no --owner (64)" "$?" "64"
ab report --pack --cycle 1999-01 2>/dev/null; t_eq "--pack of an unknown cycle (65)" "$?" "65"

# --- amendments made in the tool ----------------------------------------------------------------------
cp "$SRC/config/default/actionboard.yaml" "$CFG"
printf 'users:\n  %s: {role: admin}\n  nobody: {role: verifier}\n' "$ME" >>"$CFG"
ab sync >/dev/null 2>&1
out=$(ab action add LIV/2022-07/1.1 "Drone detection pilot on A wing – £12k" --owner "The Governor" --owner NHSE --target "March 2024")
t_eq "action add: a new action of the item, REF.A1" "$?:$out" "0:LIV/2022-07/1.1.A1: amendment added"
t_eq "... json: the next one is REF.A2" \
	"$(ab action add LIV/2022-07/1.1 "Netting over the yards" --owner Governor --target "Ongoing" --format json)" \
	'{"key": "LIV/2022-07/1.1.A2", "origin": "amendment", "change": "add"}'
t_eq "list: origin amendment, who, owners by canonical name, due from the target" \
	"$(act LIV/2022-07/1.1.A1 '[.origin, .amended_by, (.owners | join("; ")), .due, .status, .item_ref] | join("|")')" \
	"amendment|$ME|Governor; NHS England|2024-03-31|planned|1.1"
t_eq "a plan file's action is origin plan" "$(act LIV/2022-07/1.1.1 .origin)" "plan"
ab action edit LIV/2022-07/1.1.A1 --text "Drone detection pilot on A and B wings" --target "June 2024" >/dev/null
t_eq "action edit changes text and target (due follows)" \
	"$(act LIV/2022-07/1.1.A1 '[.text, .target, .due] | join("|")')" "Drone detection pilot on A and B wings|June 2024|2024-06-30"
h=$(ab history LIV/2022-07/1.1.A1)
t_has "history: the amendment, who and what" "$h" "amendment created: - → Drone detection pilot on A wing – £12k"
t_has "... each change" "$h" "amendment target: March 2024 → June 2024"
ab sync --full >/dev/null 2>&1
t_eq "amendments survive a full sync" "$(ab list --cycle 2022-07 --format json | jq -c '[.[] | select(.origin == "amendment") | .key]')" \
	'["LIV/2022-07/1.1.A1","LIV/2022-07/1.1.A2"]'
sed -i 's/The availability of illicit drugs was too high./The availability of illicit drugs was far too high./' "$W/plans/LIV-2022-07.yaml"
ab sync >/dev/null 2>&1
t_eq "... and a sync of a changed plan file" "$(act LIV/2022-07/1.1.A1 '[.text, .item_text] | join("|")')" \
	"Drone detection pilot on A and B wings|The availability of illicit drugs was far too high."
ab action edit LIV/2022-07/1.1.1 --text "changed here" 2>"$T_TMP/err"
t_eq "a plan file's action is changed in its file (65)" "$?:$(grep -c 'comes from its plan file' "$T_TMP/err")" "65:1"
ab action retire LIV/2022-07/1.1.A2 --reason "merged into A1" >/dev/null
t_eq "action retire: gone from the lists" "$(act LIV/2022-07/1.1.A2 .key)" ""
t_eq "... with who and the reason in its history" \
	"$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select h.user, h.note from history h join action a on a.id = h.action_id where a.action_id = ? and h.field = ?", ("1.1.A2", "amendment retired")).fetchone())' "$DB")" \
	"('$ME', 'merged into A1')"
ab report --cycle 2022-07 --format html -o "$T_TMP/amended.html"
t_has "reports show an amendment as one, with who and when" "$(cat "$T_TMP/amended.html")" \
	"Drone detection pilot on A and B wings<span class=\"rev amended\">amendment by $ME, "
t_eq "the amendment's text is searchable" "$(ab list --search "detection pilot" --format json | jq -r '.[].key')" "LIV/2022-07/1.1.A1"
ab action add LIV/2022-07/1.1 "x" --owner "Nobody Known" --target "May 2024" 2>"$T_TMP/err"
t_eq "an unknown owner is refused (65)" "$?:$(cat "$T_TMP/err")" "65:actionboard: unknown owner 'Nobody Known' (actionboard owners lists them)"
ab action add LIV/2022-07/1.1 "x" --owner Governor 2>/dev/null
t_eq "add needs a target (64)" "$?" "64"
# A plan file may not take an id of the amendments' form, so no later file collides.
printf '      - id: "1.1.A3"\n        text: "from a later plan file"\n        owners: ["Governor"]\n        target: "May 2024"\n' >"$T_TMP/act.yaml"
python3 - "$W/plans/LIV-2022-07.yaml" "$T_TMP/act.yaml" <<'PY'
import sys
p, add = sys.argv[1], open(sys.argv[2]).read()
s = open(p).read()
i = s.index('      - id: "1.1.2"')
open(p, "w").write(s[:i] + add + s[i:])
PY
ab sync 2>"$T_TMP/err" >/dev/null
t_eq "a plan file's id REF.A<n> is refused at load (78), naming FILE:LINE:COL" \
	"$?:$(grep -c 'LIV-2022-07.yaml:[0-9]*:[0-9]*: action id .1.1.A3. has the form REF.A<number>' "$T_TMP/err")" "78:1"
cp "$SRC/config/default/plans/LIV-2022-07.yaml" "$W/plans/LIV-2022-07.yaml"
printf 'users:\n  %s: {role: editor, owners: [Governor]}\n' "$ME" >"$T_TMP/users"
cat "$SRC/config/default/actionboard.yaml" "$T_TMP/users" >"$CFG"
"$AB" --config "$CFG" --db "$W/editor.db" sync >/dev/null 2>&1
"$AB" --config "$CFG" --db "$W/editor.db" action add LIV/2022-07/1.1 "x" --owner Governor --target "May 2024" 2>"$T_TMP/err"
t_eq "an editor may not amend (77)" "$?:$(cat "$T_TMP/err")" "77:actionboard: LIV/2022-07/1.1: you ($ME) may not amend the plan: it needs an admin of establishment LIV, and you are an editor"
cp "$SRC/config/default/actionboard.yaml" "$CFG"
printf 'users:\n  %s: {role: admin}\n  nobody: {role: verifier}\n' "$ME" >>"$CFG"

# --- two people -------------------------------------------------------------------------------------
if [ -n "$OTHER" ]; then
	ab set LIV/2022-07/1.2.1 completed >/dev/null
	out=$(as_other verify LIV/2022-07/1.2.1 --note "checked by a second person")
	t_eq "another person (a stored verifier) verifies my completion" "$?:$out" \
		"0:LIV/2022-07/1.2.1: verified (version 3)"
	t_eq "... recorded as theirs" "$(act LIV/2022-07/1.2.1 .verified_by)" "nobody"
	as_other set LIV/2022-07/1.2.1 in_progress 2>"$T_TMP/err"
	t_eq "... who may still not change the status (77), as a verifier" "$?:$(cat "$T_TMP/err")" \
		"77:actionboard: LIV/2022-07/1.2.1: you (nobody) are a verifier and may only read and verify"
	# A file the other user cannot read cannot be attached by them, though the database
	# is theirs to write: the file is read as the user.
	printf 'users:\n  %s: {role: admin}\n  nobody: {role: admin}\n' "$ME" >>"$CFG.tmp"
	cat "$SRC/config/default/actionboard.yaml" "$CFG.tmp" >"$CFG"; rm -f "$CFG.tmp"
	ab sync >/dev/null 2>&1
	printf 'secret\n' >"$W/private.txt"; chmod 0600 "$W/private.txt"
	as_other evidence add LIV/2022-07/1.1.1 "$W/private.txt" 2>"$T_TMP/err"
	t_eq "a file the user cannot read is refused (77), naming it" "$?:$(cat "$T_TMP/err")" \
		"77:actionboard: $W/private.txt: cannot read: Permission denied (evidence is read as you)"
	chmod 0644 "$W/private.txt"
	t_eq "... and taken once they can read it" "$(as_other evidence add LIV/2022-07/1.1.1 "$W/private.txt" --format json | jq .n)" "3"
else
	skip "another person verifies my completion" "needs root, setpriv and the user nobody"
fi

# --- remind ----------------------------------------------------------------------------------------
# A sendmail that writes what it is given to files: its arguments, then the message.
MAIL="$T_TMP/mail"
mkdir -p "$MAIL"
cat >"$T_TMP/sendmail" <<SH
#!/bin/sh
n=\$(ls "$MAIL" | grep -c '^msg' || true)
printf '%s\n' "\$*" >"$MAIL/args.\$n"
cat >"$MAIL/msg.\$n"
SH
chmod +x "$T_TMP/sendmail"
RCFG="$W/remind.yaml"
sed -e 's/^  - name: "Governor"$/  - name: "Governor"\n    email: governor@liverpool.example/' \
	"$SRC/config/default/actionboard.yaml" >"$RCFG"
printf 'users:\n  %s: {role: admin}\n  jsmith: {role: editor, owners: [Governor, Novus], email: j.smith@liverpool.example}\n' "$ME" >>"$RCFG"
export ACTIONBOARD_TODAY=2023-06-01
rab() { "$AB" --config "$RCFG" --db "$DB" "$@"; }
rab sync >/dev/null 2>&1
rab remind --sendmail "$T_TMP/sendmail" --from coordinator@liverpool.example >"$T_TMP/out" 2>"$T_TMP/err"
t_eq "remind sends one message per owner with an address" "$?:$(ls "$MAIL" | grep -c '^msg')" "0:2"
t_eq "through PROGRAM -t -oi" "$(cat "$MAIL/args.0")" "-t -oi"
t_has "... saying whom it reminded" "$(cat "$T_TMP/out")" "reminded Governor"
t_has "owners with something to hear about and no address are named on stderr" "$(cat "$T_TMP/err")" \
	"HMPPS Executive Director for Safety and Rehabilitation has 3 actions to hear about but no email"
m=$(cat "$MAIL/msg.0")
t_eq "the Governor's message goes to the owner's and the mapped user's addresses" \
	"$(printf '%s\n' "$m" | sed -n '/^To:/,/^Subject:/p' | head -n -1 | tr -d ' \n')" \
	"To:governor@liverpool.example,j.smith@liverpool.example"
t_has "RFC 5322 headers: From" "$m" "From: coordinator@liverpool.example"
t_has "... MIME plain text, UTF-8" "$m" "Content-Type: text/plain; charset=UTF-8"
t_eq "... a Date and a Message-ID" "$(printf '%s\n' "$m" | grep -cE '^(Date: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} \+0000|Message-ID: <[^ ]+@[^ ]+>)$')" "2"
python3 - "$MAIL/msg.0" >"$T_TMP/parsed" <<'PY'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
print(m["Subject"]); print(m.get_content_type()); print(len(m.defects))
PY
t_eq "python's email package reads it without defects" "$(cat "$T_TMP/parsed")" \
	"$(printf 'Action plan reminder: %s actions for Governor\ntext/plain\n0' "$(printf '%s\n' "$m" | grep -cE '^  LIV/')")"
t_has "each line carries its key: overdue" "$m" "Overdue
  LIV/2019-08/S37.1  due 2020-04-30  "
t_eq "every action line starts with a key that exists" \
	"$(printf '%s\n' "$m" | sed -nE 's/^  (LIV\/[^ ]+) .*/\1/p' | while read -r k; do rab list --format json | jq -e --arg k "$k" 'any(.[]; .key == $k)' >/dev/null || echo "$k"; done)" ""
t_eq "no line is longer than 998 octets" "$(awk 'length($0) > 998' "$MAIL/msg.0" | wc -l)" "0"
rm -f "$MAIL"/*
rab due LIV/2022-07/1.1.3 2023-07-10 --reason "new search kit arrives in July" >/dev/null
out=$(rab remind --dry-run --days 45 2>/dev/null)
t_eq "--dry-run prints the messages and sends nothing" "$(printf '%s\n' "$out" | grep -c '^From: ')/$(ls "$MAIL" | wc -l)" "2/0"
t_has "--days N: what falls due within N days" "$out" "Due within 45 days
  LIV/2022-07/1.1.3  due 2023-07-10  "
t_eq "... and not within 30" "$(rab remind --dry-run --format json 2>/dev/null | jq '[.[] | select(.key == "LIV/2022-07/1.1.3")] | length')" "0"
j=$(rab remind --dry-run --format json 2>/dev/null)
t_eq "--format json: a row per action to remind, with owner, to, key, reason" \
	"$(printf '%s' "$j" | jq -c '[.[] | select(.owner == "Governor")][0] | keys')" '["due","key","owner","reason","to"]'
# A completed action awaiting verification, and a quiet owner.
rab set LIV/2022-07/1.1.1 completed >/dev/null
t_has "an action awaiting verification is listed as such" \
	"$(rab remind --dry-run --format json 2>/dev/null | jq -r '.[] | select(.key == "LIV/2022-07/1.1.1") | .reason')" \
	"Completed, awaiting verification"
rab due LIV/2022-07/1.1.2 2023-12-31 --reason "scanner replaced" >/dev/null
t_eq "an action updated within 60 days and not due is left out" \
	"$(rab remind --dry-run --format json 2>/dev/null | jq '[.[] | select(.key == "LIV/2022-07/1.1.2")] | length')" "0"
t_eq "open actions with no update in 60 days (none ever, here), neither late nor due soon" \
	"$(ACTIONBOARD_TODAY=2022-12-20 rab remind --dry-run --format json 2>/dev/null | jq -r '[.[] | select(.reason == "No update in 60 days") | .key] | .[0:2] | join(" ")')" \
	"LIV/2022-07/1.1.4 LIV/2022-07/1.1.5"
printf '#!/bin/sh\ncat >/dev/null\nexit 3\n' >"$T_TMP/badmail"; chmod +x "$T_TMP/badmail"
rab remind --sendmail "$T_TMP/badmail" >/dev/null 2>"$T_TMP/err"
t_eq "a sendmail that fails: exit 69, naming the owner" "$?:$(grep -c 'failed for Governor (exit 3)' "$T_TMP/err")" "69:1"
rab remind --from "x@y>" 2>/dev/null
t_eq "a From that is not one address is a usage error (64)" "$?" "64"
printf 'owners:\n  - name: X\n    email: "a@b.org\\nBcc: c@d.org"\n' >"$W/bad.yaml"
"$AB" --config "$W/bad.yaml" check 2>"$T_TMP/err" >/dev/null
t_eq "an email with a line break is refused at load (78), naming FILE:LINE:COL" "$?:$(grep -c 'bad.yaml:3:12' "$T_TMP/err")" "78:1"
export ACTIONBOARD_TODAY=2023-06-01


# --- rights that stop at the establishment (issue 19) reach verify and amend ----------------------
S="$T_TMP/scoped"
mkdir -p "$S" && cp -r "$SRC/config/default/." "$S/"
printf 'code: BLI\nname: HMP Bristol\n' >"$S/establishments/BLI.yaml"
sed -e 's/^establishment: LIV/establishment: BLI/' "$S/plans/LIV-2022-07.yaml" >"$S/plans/BLI-2022-07.yaml"
cp "$S/actionboard.yaml" "$S/base.yaml"
sab() { "$AB" --config "$S/actionboard.yaml" --db "$T_TMP/scoped.db" "$@"; }
printf 'users:\n  %s: {role: admin}\n' "$ME" >>"$S/actionboard.yaml"
sab sync >/dev/null 2>&1
{ cat "$S/base.yaml"; printf 'users:\n  %s: {role: admin, establishments: [BLI]}\n' "$ME"; } >"$S/actionboard.yaml"
sab sync >/dev/null 2>&1
t_eq "an estate admin made an admin of BLI alone" \
	"$(sqlite3 "$T_TMP/scoped.db" "select e.code from auth_user_establishment x join establishment e on e.id = x.establishment_id where x.login = '$ME'")" "BLI"
sab verify LIV/2022-07/1.1.1 2>"$T_TMP/err" >/dev/null
t_eq "an admin of BLI may not verify at LIV (77), saying what it needs" "$?:$(cat "$T_TMP/err")" \
	"77:actionboard: LIV/2022-07/1.1.1: you ($ME) may not verify: it needs an admin or a verifier of establishment LIV, and you are an admin of BLI only"
sab action add LIV/2022-07/1.1 "Drone netting" --owner Governor --target "March 2027" 2>"$T_TMP/err" >/dev/null
t_eq "nor amend LIV's plan (77)" "$?:$(grep -c 'needs an admin of establishment LIV' "$T_TMP/err")" "77:1"
sab action add BLI/2022-07/1.1 "Drone netting" --owner Governor --target "March 2027" >/dev/null 2>"$T_TMP/err"
t_eq "but amends BLI's" "$?:$(cat "$T_TMP/err")" "0:"

t_done
