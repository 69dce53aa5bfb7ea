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
t_done
