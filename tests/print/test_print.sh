#!/usr/bin/env bash
# The HTML report printed on A4 by headless Chromium, read back with poppler-utils: a
# 9-action plan (tests/print/config) prints on at most two pages, every page but the last
# is filled, no item's heading is left on a page without its first action, and the two
# bundled plans print on far fewer pages than the 23 and 13 they took when each item began
# a page of its own. Needs chromium and poppler-utils (scripts/setup --full installs them;
# scripts/test, the full run, does): without them this test fails rather than skips.
# usage: test_print.sh BINARY SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
HERE=$(cd "$(dirname "$0")" && pwd)
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

browser=$(command -v chromium || command -v chromium-browser || true)
missing=
[ -n "$browser" ] || missing="chromium"
for t in pdfinfo pdftoppm pdftotext; do command -v $t >/dev/null || missing="$missing $t(poppler-utils)"; done
if [ -n "$missing" ]; then
	t_fail "the print test has what it needs" "missing:$missing" "install them with: scripts/setup --full"
	t_done
	exit
fi

# print HTML PDF: A4 through Chromium's own print path, the flags of scripts/report-screenshot.
print_pdf() {
	local profile
	profile=$(mktemp -d "$T_TMP/chromium-XXXXXX")
	"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --no-pdf-header-footer --print-to-pdf="$2" "file://$1" \
		>/dev/null 2>&1
	rm -rf "$profile"
}
pages() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }

# check NAME HTML ACTIONS.json MAX-PAGES: prints, then checks pages, fill and headings.
check() {
	local name=$1 html=$2 json=$3 max=$4 pdf=${2%.html}.pdf
	print_pdf "$html" "$pdf"
	if [ ! -s "$pdf" ]; then t_fail "$name: Chromium prints it" "no PDF written"; return; fi
	t_has "$name: on A4" "$(pdfinfo "$pdf" | grep '^Page size:')" "(A4)"
	local n; n=$(pages "$pdf")
	if [ "$n" -le "$max" ]; then t_pass "$name: $n pages (at most $max)"
	else t_fail "$name: $n pages (at most $max)"; fi
	local read; read=$(python3 "$HERE/pages.py" "$pdf" "$json")
	# every page but the last inked to at least 75% of its height (the bottom margin is 4%)
	local thin; thin=$(printf '%s\n' "$read" | awk -v n="$n" '$1 ~ /^[0-9]+$/ && $1 < n && $2 < 0.75 { printf "page %s %s full; ", $1, $2 }')
	t_eq "$name: every page but the last is filled" "$thin" ""
	t_eq "$name: every item's heading is printed with its first action" "$(printf '%s\n' "$read" | grep '^orphan' || true)" ""
	read=$(python3 "$HERE/pages.py" "$pdf" "$json" "$html")
	t_eq "$name: no heading alone at a page's foot" "$(printf '%s\n' "$read" | grep '^alone' || true)" ""
}

export ACTIONBOARD_TODAY=2025-02-01
"$AB" --config "$HERE/config/actionboard.yaml" --db "$T_TMP/small.db" sync >/dev/null 2>&1
"$AB" --db "$T_TMP/small.db" report --format html -o "$T_TMP/small.html"
"$AB" --db "$T_TMP/small.db" list --format json >"$T_TMP/small.json"
t_eq "the fixture plan has 9 actions" "$(jq length "$T_TMP/small.json")" "9"
check "a 9-action plan" "$T_TMP/small.html" "$T_TMP/small.json" 2

export ACTIONBOARD_TODAY=2026-11-23
"$AB" --db "$T_TMP/liv.db" sync >/dev/null 2>&1
# The bundled plans took 23 (2019-08) and 13 (2022-07) pages when each item began a page.
for c in 2019-08:11 2022-07:6; do
	cycle=${c%:*}
	"$AB" --db "$T_TMP/liv.db" report --cycle "$cycle" --format html -o "$T_TMP/liv-$cycle.html"
	"$AB" --db "$T_TMP/liv.db" list --cycle "$cycle" --format json >"$T_TMP/liv-$cycle.json"
	check "HMP Liverpool $cycle" "$T_TMP/liv-$cycle.html" "$T_TMP/liv-$cycle.json" "${c#*:}"
done

# The governor's report: due dates revised with long reasons (1.1.1, 1.6.2, 1.11.1) and notes.
# A reason wraps inside the DUE cell: the row of 1.6.2 stays a few lines tall (squeezed to a
# word a line, it took 17 lines, 11 since), and the plan keeps its page count.
export ACTIONBOARD_TODAY=2023-06-01
GDB="$T_TMP/governor.db"
"$AB" --db "$GDB" sync >/dev/null 2>&1
why="The contractor for the works withdrew in March and a new tender is under way through the regional framework; the board agreed the new date on 12 May"
for k in 1.1.1 1.6.2 1.11.1; do
	"$AB" --db "$GDB" due "LIV/2022-07/$k" 2023-12-31 --reason "$why" >/dev/null 2>&1
	"$AB" --db "$GDB" note "LIV/2022-07/$k" "Progress reviewed at the governor's meeting £ – •" >/dev/null
done
"$AB" --db "$GDB" report --cycle 2022-07 --format html -o "$T_TMP/governor.html"
"$AB" --db "$GDB" list --cycle 2022-07 --format json >"$T_TMP/governor.json"
check "the governor's report (revised dates, notes)" "$T_TMP/governor.html" "$T_TMP/governor.json" 6
rows=$(pdftotext -layout "$T_TMP/governor.pdf" - | awk '/^ *1\.6\.2 /{s=NR} s && NR>s && /^ *(NOTES|1\.7 |1\.6\.[0-9]+ )/{print NR-s; exit}')
if [ -n "$rows" ] && [ "$rows" -le 13 ]; then t_pass "the row of 1.6.2 with its revised date's reason takes $rows lines (at most 13)"
else t_fail "the row of 1.6.2 with its revised date's reason takes ${rows:-?} lines (at most 13)"; fi

# The IRP evidence pack: A4, the governor's page first, then each concern from the top of a
# page of its own.
"$AB" --db "$GDB" report --pack --cycle 2022-07 -o "$T_TMP/pack.html"
print_pdf "$T_TMP/pack.html" "$T_TMP/pack.pdf"
t_has "the evidence pack: on A4" "$(pdfinfo "$T_TMP/pack.pdf" | grep '^Page size:')" "(A4)"
firsts=$(pdftotext -layout "$T_TMP/pack.pdf" - | awk 'BEGIN { RS = "\f" } { n = split($0, l, "\n"); for (i = 1; i <= n; i++) if (l[i] ~ /[^ ]/) { sub(/^ +/, "", l[i]); print l[i]; break } }')
t_eq "the evidence pack: page 1 is the governor's summary" "$(printf '%s\n' "$firsts" | head -1)" \
	"IRP evidence pack: HMP Liverpool · inspection 2022-07"
want=$(jq -r '[.[].item_ref] | unique | length' "$T_TMP/governor.json")
got=$(printf '%s\n' "$firsts" | grep -cE '^[0-9S][0-9.]* · (Priority|Key|General) concern$')
t_eq "the evidence pack: each of the $want concerns starts a page" "$got" "$want"
t_done
