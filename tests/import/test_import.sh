#!/usr/bin/env bash
# Command-line tests of `actionboard import`: the seeds' headers and counts, the options,
# HTML debris, the output file, and inputs that must give a clear error (exit 65) or
# warnings, never a crash or bad YAML.
# usage: test_import.sh BINARY SOURCE_ROOT SEEDS_DIR
. "$(dirname "$0")/../lib.sh"
AB=$1
SRC=$2
SEEDS=$3
S19=$SEEDS/002_8268741e1d78f362.txt
S22=$SEEDS/000_a2a54347fff03dcf.txt
ab() { "$AB" "$@"; }
# yaml_ok FILE: python3's yaml reads it into a plan with items (prints the item count).
yaml_ok() { /usr/bin/python3 -c 'import sys,yaml; d=yaml.safe_load(open(sys.argv[1])); print(len(d["items"]))' "$1" 2>&1; }
# status NAME WANT CMD...: the exit status of CMD, and no sanitizer or crash report.
status() {
	local name=$1 want=$2; shift 2
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	local rc=$?
	if [ "$rc" -eq "$want" ] && ! grep -q 'Sanitizer\|runtime error' "$T_TMP/err"; then t_pass "$name"
	else t_fail "$name" "exit $rc (want $want)" "$(head -5 "$T_TMP/err")"; fi
}

# --- the seeds ---------------------------------------------------------------------
ab import "$S19" -o "$T_TMP/p19.yaml" 2>"$T_TMP/w19"; t_eq "seed 2019 imports" "$?" 0
t_eq "seed 2019: 29 items read back" "$(yaml_ok "$T_TMP/p19.yaml")" 29
t_eq "seed 2019: 19 agreed, 9 partly, 1 not agreed" \
	"$(python3 -c 'import sys,yaml,collections as c; d=yaml.safe_load(open(sys.argv[1])); print(sorted(c.Counter(i["agreement"] for i in d["items"]).items()))' "$T_TMP/p19.yaml")" \
	"[('agreed', 19), ('not_agreed', 1), ('partly_agreed', 9)]"
t_eq "seed 2019: refs S37…4.20 with running numbers 1…29" \
	"$(python3 -c 'import sys,yaml; d=yaml.safe_load(open(sys.argv[1])); print(" ".join("%s(%d)" % (i["ref"], i["seq"]) for i in d["items"]))' "$T_TMP/p19.yaml")" \
	"S37(1) S38(2) S39(3) S40(4) S41(5) S42(6) S43(7) 1.10(8) 1.11(9) 1.32(10) 1.33(11) 1.50(12) 1.58(13) 2.13(14) 2.14(15) 2.26(16) 2.47(17) 2.48(18) 2.63(19) 2.80(20) 2.88(21) 2.103(22) 3.11(23) 3.21(24) 3.22(25) 3.29(26) 3.30(27) 3.39(28) 4.20(29)"
t_has "seed 2019: header" "$(head -12 "$T_TMP/p19.yaml")" 'cycle: "2019-08"
scheme: recommendations
inspection:
- {from: 2019-08-27, to: 2019-09-06}
report_published: 2020-01-14
plan_submitted: 2020-01-10'
t_has "seed 2019: the repaired ref is warned about" "$(cat "$T_TMP/w19")" "$S19:30: warning: ref '\\\$38 (2)' read as 'S38'"
t_has "seed 2019: -o prints a summary" "$(cat "$T_TMP/w19")" "29 items, 54 actions"
ab import "$S22" -o "$T_TMP/p22.yaml" 2>"$T_TMP/w22"; t_eq "seed 2022 imports" "$?" 0
t_eq "seed 2022: 4 priority and 7 key concerns" \
	"$(python3 -c 'import sys,yaml,collections as c; d=yaml.safe_load(open(sys.argv[1])); print(sorted(c.Counter(i["category"] for i in d["items"]).items()))' "$T_TMP/p22.yaml")" \
	"[('key', 7), ('priority', 4)]"
t_has "seed 2022: two inspection ranges" "$(cat "$T_TMP/p22.yaml")" '- {from: 2022-07-18, to: 2022-07-19}
- {from: 2022-07-25, to: 2022-07-29}
report_published: 2022-11-15
plan_submitted: 2022-12-12'
t_has "seed 2022: the lone target is warned about" "$(cat "$T_TMP/w22")" "warning: action 1.5.2 has no target beside it"
t_has "seed 2022: the settings' code LIV, and the register's region and function they leave out" "$(cat "$T_TMP/w22")" \
	"warning: establishment 'HMP Liverpool' is LIV in the settings (HMP Liverpool); give --establishment CODE if it differs
$S22:8: warning: establishments/LIV.yaml leaves out region and function; the prison register (LPI) says region: England; function: HMP, category B, holds men"
t_eq "stdout and -o give the same YAML" "$(ab import "$S22" 2>/dev/null)" "$(cat "$T_TMP/p22.yaml")"
t_eq "stdin as -" "$(ab import - <"$S22" 2>/dev/null | grep -c '^- ref:')" 11

# --- options -------------------------------------------------------------------------
out=$(ab import "$S22" --establishment XYZ --cycle 2022-summer 2>"$T_TMP/err")
t_has "--establishment and --cycle are used" "$out" 'establishment: "XYZ"
cycle: "2022-summer"'
t_eq "no derivation warning when the code is given" "$(grep -c 'derived' "$T_TMP/err")" 0
t_has "… but a code other than the header's establishment is said" "$(cat "$T_TMP/err")" \
	"warning: the header names 'HMP Liverpool' (LIV in the settings), but --establishment is XYZ"
ab import "$S22" --establishment LIV >/dev/null 2>"$T_TMP/err"
t_eq "… and the header's own code is not" "$(grep -c 'the header names' "$T_TMP/err")" 0
status "no file is a usage error" 64 ab import
status "two files is a usage error" 64 ab import "$S19" "$S22"
status "a missing file is 66" 66 ab import "$T_TMP/nope.txt"
t_has "help names every option" "$(ab import --help)" "--establishment CODE"

# --- hostile and odd inputs ------------------------------------------------------------
: >"$T_TMP/empty.txt"
status "an empty file is 65" 65 ab import "$T_TMP/empty.txt"
t_has "… with a clear message" "$(cat "$T_TMP/err")" "empty file"
head -c 4096 /bin/sh >"$T_TMP/binary.txt"
status "a binary file is 65" 65 ab import "$T_TMP/binary.txt"
printf 'Action Plan: HMP Liverpool\n\xa3 3.8 billion\n' >"$T_TMP/latin1.txt"
status "Latin-1 text is 65" 65 ab import "$T_TMP/latin1.txt"
t_has "… naming the line" "$(cat "$T_TMP/err")" "latin1.txt:2:"
printf 'just some\ntext\n' >"$T_TMP/prose.txt"
status "text with no plan table is 65" 65 ab import "$T_TMP/prose.txt"
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$S19"; } >"$T_TMP/word.txt"
status "a Word export (BOM, CRLF) imports" 0 ab import "$T_TMP/word.txt" -o "$T_TMP/word.yaml"
t_eq "… to the same plan" "$(grep -v '^source:' "$T_TMP/word.yaml")" "$(grep -v '^source:' "$T_TMP/p19.yaml")"
tr '\n' '\r' <"$S22" >"$T_TMP/cr.txt"
status "old Mac CR line ends import" 0 ab import "$T_TMP/cr.txt" -o "$T_TMP/cr.yaml"
t_eq "… 11 items" "$(yaml_ok "$T_TMP/cr.yaml")" 11
sed 's/^Partly Agreed\t9$/Partly Agreed\t8/' "$S19" >"$T_TMP/summary.txt"
status "a summary table that disagrees is 65" 65 ab import "$T_TMP/summary.txt"
t_has "… naming both figures" "$(cat "$T_TMP/err")" "summary says Partly Agreed 8, but 9 were read"
grep -v '^S43 (7)' "$S19" >"$T_TMP/missing.txt"
status "a lost item row makes the summary disagree" 65 ab import "$T_TMP/missing.txt"
sed 's/^1.32 (10)/1.11 (10)/' "$S19" >"$T_TMP/dup.txt"
status "a ref twice is 65" 65 ab import "$T_TMP/dup.txt"
t_has "… naming both lines" "$(cat "$T_TMP/err")" "ref 1.11 appears twice (first at line"
grep -v 'Action Plan: \|Inspection\|Published\|Submitted' "$S22" >"$T_TMP/nohead.txt"
status "no dates: 65 asking for --cycle" 65 ab import "$T_TMP/nohead.txt"
t_has "… clearly" "$(cat "$T_TMP/err")" "no inspection dates found in the header; give --cycle ID"
t_has "… the code comes from ESTABLISHMENT: HMP LIVERPOOL, not ACTION PLAN: HMCIP REPORT" "$(cat "$T_TMP/err")" "establishment 'HMP LIVERPOOL' is LIV in the settings"
grep -v 'ESTABLISHMENT: ' "$T_TMP/nohead.txt" >"$T_TMP/noname.txt"
status "no name at all: 65 asking for --establishment" 65 ab import "$T_TMP/noname.txt" --cycle 2022-07
t_has "… clearly" "$(cat "$T_TMP/err")" "no establishment name found in the header; give --establishment CODE"
status "no header but --establishment and --cycle: imports" 0 ab import "$T_TMP/nohead.txt" -e LIV -c 2022-07 -o "$T_TMP/nohead.yaml"
t_eq "… with no dates" "$(grep -c 'inspection:\|published:\|submitted:' "$T_TMP/nohead.yaml")" 0
# Header forms other plans use.
mk() { { printf '%s\n' "$@"; sed -n '/^1. Rec No/,$p' "$S22"; } >"$T_TMP/h.txt"; ab import "$T_TMP/h.txt" 2>/dev/null | sed -n '/^establishment/,/^source/p' | grep -v '^source'; }
t_eq "HMP/YOI, dd/mm/yyyy, a range with hyphens" \
	"$(mk 'Action Plan: HMP/YOI Hindley' 'Action Plan Submitted: 22/05/2019' 'A Response to the HMIP Inspection 12-22 November 2018' 'Report Published: 1 March 2019')" \
	'establishment: "HII"
cycle: "2018-11"
scheme: concerns
inspection:
- {from: 2018-11-12, to: 2018-11-22}
report_published: 2019-03-01
plan_submitted: 2019-05-22'
t_eq "a range across months and years" \
	"$(mk 'Action Plan: HMP Guys Marsh' 'A Response to the HMIP Inspection: 28 December – 3 January 2020' | sed -n 2,5p)" \
	'cycle: "2019-12"
scheme: concerns
inspection:
- {from: 2019-12-28, to: 2020-01-03}'
# The prison register's agency codes (data/prison-register.tsv), in every printed form:
# names that once all became BRI or THE now stay apart.
code_of() { mk "Action Plan: $1" 'Inspection: 1 June 2021' | sed -n 's/^establishment: "\(.*\)"$/\1/p'; }
t_eq "register codes: Bristol, Brixton, Brinsford, The Verne, The Mount" \
	"$(code_of 'HMP Bristol') $(code_of 'HMP BRIXTON') $(code_of 'HMP/YOI Brinsford') $(code_of 'HMP The Verne') $(code_of 'HMP & YOI The Mount')" \
	"BLI BXI BSI VEI MTI"
t_eq "… and Guy's Marsh, Holme House, HMYOI Cookham Wood, Liverpool (HMP) as the register prints it" \
	"$(code_of "HMP Guy’s Marsh") $(code_of 'HMP & YOI Holme House') $(code_of 'HMYOI Cookham Wood') $(code_of 'Liverpool (HMP)')" \
	"GMI HHI CKI LIV"
{ printf 'ESTABLISHMENT: The Mount\nInspection: 1 June 2021\n'; sed -n '/^1. Rec No/,$p' "$S22"; } >"$T_TMP/mount.txt"
ab import "$T_TMP/mount.txt" >"$T_TMP/mount.yaml" 2>"$T_TMP/err"
t_eq "\"The Mount\" with no kind word under ESTABLISHMENT:" "$(grep '^establishment' "$T_TMP/mount.yaml")" 'establishment: "MTI"'
t_has "… said in a warning naming the register's entry and the option" "$(cat "$T_TMP/err")" \
	"warning: establishment code 'MTI' from the prison register for 'The Mount' (The Mount (HMP); England, category C, holds men); not in the settings: add establishments/MTI.yaml before sync; give --establishment CODE if it differs"
{ printf 'Action Plan: HMP Bristoll\nInspection: 1 June 2021\n'; sed -n '/^1. Rec No/,$p' "$S22"; } >"$T_TMP/typo.txt"
status "an unknown establishment is 65" 65 ab import "$T_TMP/typo.txt" -o "$T_TMP/typo.yaml"
t_has "… naming the nearest names and --establishment" "$(cat "$T_TMP/err")" \
	"establishment 'HMP Bristoll' is neither in the settings nor in the prison register (nearest: Bristol (HMP & YOI) (BLI), Brixton (HMP) (BXI), Brinsford (HMP & YOI) (BSI)); give --establishment CODE"
t_eq "… and writes nothing" "$(ls "$T_TMP/typo.yaml" 2>&1 | grep -c 'No such')" 1
status "… --establishment imports it" 0 ab import "$T_TMP/typo.txt" -e BLI
{ printf 'Action Plan: HMYOI Parc\nInspection: 1 June 2021\n'; sed -n '/^1. Rec No/,$p' "$S22"; } >"$T_TMP/parc.txt"
status "a name the register has twice is 65" 65 ab import "$T_TMP/parc.txt"
t_has "… naming both" "$(cat "$T_TMP/err")" "could be Parc (HMP & YOI) (PRI) or Parc (HMYOI) (PYI)"
# Word and HTML (a build without libxml2 and libzip says so instead: import-unavailable).
if ab import --text "$SRC/tests/data/forms/000-rows.docx" >/dev/null 2>&1; then
# Documents: an HTML row per item whose first paragraphs are empty (aligned with a note
# that is not there) keeps its ref on the first row written; an action with no target
# beside it gets none, not the next one's.
printf '<html><body><p>Action Plan: HMP Brixton</p><p>Inspection: 1 June 2021</p><table><tr><th>Rec No</th><th>Concerns</th><th>Response Action Taken</th><th>Responsible Owner</th><th>Target Date</th></tr><tr><td colspan="5">Key concerns</td></tr><tr><td>1.1</td><td>Finding one.</td><td><p></p><p>Act one.</p><p>Act two.</p></td><td><p></p><p>Governor</p><p>NHSE</p></td><td><p></p><p>June 2021</p><p></p></td></tr></table></body></html>' >"$T_TMP/aligned.html"
ab import "$T_TMP/aligned.html" -o "$T_TMP/aligned.yaml" 2>"$T_TMP/err"
t_eq "HTML: paragraphs aligned by empty ones, the ref kept, no target slides" \
	"$(python3 -c 'import sys,yaml; d=yaml.safe_load(open(sys.argv[1])); print([(i["ref"], i["category"], [(a["text"], a["owners"], a["target"]) for a in i["actions"]]) for i in d["items"]])' "$T_TMP/aligned.yaml")" \
	"[('1.1', 'key', [('Act one.', ['Governor'], 'June 2021'), ('Act two.', ['NHS England'], '')])]"
t_has "… -o says the form it read" "$(cat "$T_TMP/err")" "read as HTML, concerns scheme, 1 items, 2 actions"
out=$(ab import --text "$SRC/tests/data/forms/000-rows.docx")
t_has "--text prints the tab-separated text a Word file is read as" "$out" "$(printf '1. Rec No\t2. Concerns\t3. Response Action Taken/Planned\t4. Responsible Owner\t5. Target Date')"
t_has "… joint owners of one action (separate paragraphs) joined by ' / '" "$out" "Governor / Novus Managers"
# Word's own structures: a row inside a content control, a row deleted with changes
# tracked (left out), deleted and moved-away text (left out), an inserted run (kept), a
# non-breaking hyphen (a hyphen) and an optional one (nothing).
/usr/bin/python3 - "$T_TMP/word.docx" <<'PY'
import sys, zipfile
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def p(t): return '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % t
def tc(t, span=1): return '<w:tc><w:tcPr>%s</w:tcPr>%s</w:tc>' % ('<w:gridSpan w:val="%d"/>' % span if span > 1 else '', p(t))
def tr(*cells, pr=''): return '<w:tr>%s%s</w:tr>' % (pr, ''.join(cells))
body = (p('Action Plan: HMP Brixton') + p('Inspection: 1 June 2021') + '<w:tbl>'
        + tr(tc('Rec No'), tc('Concerns'), tc('Response Action Taken'), tc('Responsible Owner'), tc('Target Date'))
        + tr(tc('Key concerns', 5))
        + '<w:sdt><w:sdtContent>'
        + tr(tc('1.1'), tc('Finding one.'),
             '<w:tc><w:p><w:r><w:t xml:space="preserve">Act </w:t></w:r><w:del><w:r><w:delText>never </w:delText></w:r></w:del>'
             '<w:moveFrom><w:r><w:t>moved </w:t></w:r></w:moveFrom><w:ins><w:r><w:t>now, self</w:t><w:noBreakHyphen/>'
             '<w:t>harm</w:t><w:softHyphen/><w:t>less.</w:t></w:r></w:ins></w:p></w:tc>',
             tc('Governor'), tc('June 2021'))
        + '</w:sdtContent></w:sdt>'
        + tr(tc('1.9'), tc('Deleted.'), tc('Gone.'), tc('Governor'), tc('May 2021'), pr='<w:trPr><w:del/></w:trPr>')
        + '</w:tbl>')
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('word/document.xml', '<w:document %s><w:body>%s</w:body></w:document>' % (W, body))
# the refs as Word's automatic numbering: the numbers are not in the text
auto = body.replace(tc('1.1'), '<w:tc><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:p></w:tc>')
with zipfile.ZipFile(sys.argv[1].replace('word', 'autonum'), 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<Types/>')
    z.writestr('word/document.xml', '<w:document %s><w:body>%s</w:body></w:document>' % (W, auto))
PY
ab import "$T_TMP/word.docx" -o "$T_TMP/word.yaml" 2>"$T_TMP/err"
t_eq "Word: a row in a content control read, a deleted row and deleted or moved text left out" \
	"$(python3 -c 'import sys,yaml; d=yaml.safe_load(open(sys.argv[1])); print([(i["ref"], i["text"], [a["text"] for a in i["actions"]]) for i in d["items"]])' "$T_TMP/word.yaml")" \
	"[('1.1', 'Finding one.', ['Act now, self-harmless.'])]"
status "refs in Word's automatic numbering (not in the text) are 65" 65 ab import "$T_TMP/autonum.docx" -o "$T_TMP/autonum.yaml"
t_has "… saying to make them text" "$(cat "$T_TMP/err")" "automatic list numbering, which is not in the document's text"
else
	T_N=$((T_N + 1)); echo "ok $T_N - Word and HTML checks # SKIP this build reads neither (no libxml2 or libzip)"
fi
printf 'Action Plan: HMP Brixton\n1. Rec No\t2. Concerns\t3. Response\t4. Owner\t5. Target Date\n1.1\t\033[31mred\t\t\t\n' >"$T_TMP/esc.txt"
t_eq "--text shows a control character as U+FFFD, tabs and line ends kept" \
	"$(ab import --text "$T_TMP/esc.txt" | sed -n 3p)" "$(printf '1.1\t\357\277\275[31mred\t\t\t')"
# Older section headings that name whom they are directed to, and one that names nobody.
printf 'Action Plan: HMP Brixton\nInspection: 1 June 2021\n1. Rec No\t2. Recommendation\t3. Accepted/ Rejected\t4. Response Action Taken/Planned\t5. Function Responsible/ Policy Lead\t6. Target Date\n\tKey recommendations to be addressed\t\t\t\t\n1.1\tx should y.\tAccepted\tWe will.\tGovernor\tApril 2022\n\tMain Recommendations to the Director of Public Sector Prisons\t\t\t\t\n1.2\tz should y.\tRejected\tThis recommendation is not agreed as z.\t\t\n' >"$T_TMP/sections.txt"
ab import "$T_TMP/sections.txt" -o "$T_TMP/sections.yaml" 2>"$T_TMP/err"
t_eq "old headers: recommendations scheme, sections, the owner a heading names, Accepted/ Rejected kept" \
	"$(python3 -c 'import sys,yaml; d=yaml.safe_load(open(sys.argv[1])); print(d["scheme"], [(i["ref"], i["category"], i.get("directed_to"), i["agreement"]) for i in d["items"]])' "$T_TMP/sections.yaml")" \
	"recommendations [('1.1', 'key', None, 'agreed'), ('1.2', 'key', 'Director of Public Sector Prisons', 'not_agreed')]"
t_has "… the owner not in the settings is said" "$(cat "$T_TMP/err")" \
	"sections.txt:6: warning: 'Director of Public Sector Prisons' read as the owner the section heading is directed to"
# Rows of unexpected shapes: extra cells, cells missing, text before the first item,
# lines without cells, a ref with no actions, strings YAML would misread. The
# establishment is one the settings know (and the register does not): its code is theirs.
mkdir -p "$T_TMP/cfg/plans" "$T_TMP/cfg/establishments"
printf 'code: TES\nname: HMP Test\n' >"$T_TMP/cfg/establishments/TES.yaml"
printf 'establishments: [establishments/*.yaml]\nplans: [plans/*.yaml]\n' >"$T_TMP/cfg/actionboard.yaml"
{
	printf 'Action Plan: HMP Test\nInspection: 1 June 2021\n'
	printf '1. Rec No\t2. Concerns\t3. Response Action Taken/Planned\t4. Responsible Owner\t5. Target Date\n'
	printf '\tstray text before any item\t\t\t\n'
	printf '1.1\tA "quoted" finding: with \\ backslash # and: colons\tAct: one\tGovernor\tJune 2023\textra\tcells\n'
	printf 'a line without cells\n'
	printf '1.2\tshort row\n'
	printf '1.3\t- dash\t<p>a</p> <p>b</p> <p>c</p>\t<p>X</p>\t<ul><li>one\n'
	printf '\t\t\t\t\n'
	printf 'yes\tno\tnull\ttrue\t~\n'
	printf '1.4\t\x01\x7f control\t<p>&amp; &lt;p&gt;</p>\t\t\n'
} >"$T_TMP/odd.txt"
status "odd rows import with warnings" 0 ab --config "$T_TMP/cfg/actionboard.yaml" import "$T_TMP/odd.txt" -o "$T_TMP/odd.yaml"
t_has "… the settings' code for a name they know" "$(cat "$T_TMP/odd.yaml")" 'establishment: "TES"'
t_eq "… python3 reads 4 items" "$(yaml_ok "$T_TMP/odd.yaml")" 4
t_has "… the quoted text survives" "$(python3 -c 'import sys,yaml; print(yaml.safe_load(open(sys.argv[1]))["items"][0]["text"])' "$T_TMP/odd.yaml")" 'A "quoted" finding: with \ backslash # and: colons'
t_has "… warns about the line without cells" "$(cat "$T_TMP/err")" "odd.txt:6: warning: line without cells"
t_has "… and about the extra cells" "$(cat "$T_TMP/err")" "odd.txt:5: warning: row has more cells than the header row"
cp "$T_TMP/odd.yaml" "$T_TMP/cfg/plans/"
status "… and actionboard check accepts it" 0 ab --config "$T_TMP/cfg/actionboard.yaml" check
# <li> items: their own actions when the owner/target cells have one paragraph per item,
# else folded into the paragraph that introduces them as " • item".
{
	printf 'Action Plan: HMP Brixton\nInspection: 1 June 2021\n'
	printf '1. Rec No\t2. Concerns\t3. Response Action Taken/Planned\t4. Responsible Owner\t5. Target Date\n\tKey concerns\t\t\t\n'
	printf '1.1\tFinding.\t<ul><li>A one.</li><li>B two.</li></ul>\t<p>Governor</p> <p>NHSE</p>\t<p>June 2023</p> <p>July 2023</p>\n'
	printf '1.2\tFinding.\t<p>Intro for:</p><ul><li>A one.</li><li>B two.</li></ul>\t<p>Governor</p>\t<p>June 2023</p>\n'
} >"$T_TMP/li.txt"
t_eq "<li> items as actions, or folded as bullets" \
	"$(ab import "$T_TMP/li.txt" 2>/dev/null | python3 -c 'import sys,yaml; print([(a["text"], a["owners"], a["target"]) for i in yaml.safe_load(sys.stdin)["items"] for a in i["actions"]])')" \
	"[('A one.', ['Governor'], 'June 2023'), ('B two.', ['NHS England'], 'July 2023'), ('Intro for: • A one. • B two.', ['Governor'], 'June 2023')]"
# HTML left by the extractor: no tag survives, wherever it stands in a cell; entities are
# decoded; a '<' or '>' of the plan's own wording stays.
{
	printf 'Action Plan: HMP Brixton\nInspection: 1 June 2021\n'
	printf '1. Rec No\t2. Concerns\t3. Response Action Taken/Planned\t4. Responsible Owner\t5. Target Date\n\tKey concerns\t\t\t\n'
	printf '1.1\t<p>Start tag.</p>\t<p>One.</p>\t<p>Governor</p>\t<p>June 2023</p>\n'
	printf '1.2\tMiddle <p>tag</p> and end</p\t<ul style="list-style-type: none"><li>Two</li></ul>\t<b>Governor</b>\tJune<br>2023\n'
	printf '1.3\tp>Cut &amp; kept &lt;b&gt;bold&lt;/b&gt; &#8211; &#x2014; &nbsp;x&foo;\t<<p>p>Three<br/>lines<o:p></o:p>\tGovernor\tJuly 2023\n'
	printf '1.4\tFewer than <5 days; a < b and c > d; 3<4\tFour <!-- note --> words\tGovernor\tJuly 2023\n'
} >"$T_TMP/tags.txt"
status "cells with tags import" 0 ab import "$T_TMP/tags.txt" -o "$T_TMP/tags.yaml"
t_eq "… no tag survives, entities are decoded, wording keeps its < and >" \
	"$(python3 -c 'import sys,yaml; [print(i["text"], "|", " / ".join("%s %s %s" % (a["text"], a["owners"], a["target"]) for a in i["actions"])) for i in yaml.safe_load(open(sys.argv[1]))["items"]]' "$T_TMP/tags.yaml")" \
	"Start tag. | One. ['Governor'] June 2023
Middle tag and end | Two ['Governor'] June 2023
Cut & kept bold – — x&foo; | Three lines ['Governor'] July 2023
Fewer than <5 days; a < b and c > d; 3<4 | Four words ['Governor'] July 2023"
t_eq "the seeds' plans hold no '<' or '>' at all" "$(cat "$T_TMP/p19.yaml" "$T_TMP/p22.yaml" | grep -c '[<>]')" 0
# -o writes through a temporary file it creates exclusively: symlinks planted at the names
# the importer once used (PLAN.tmpPID, for the next few thousand process ids) are never
# followed, and a symlink at the destination is replaced, not written through.
printf 'precious\n' >"$T_TMP/precious"
mkdir -p "$T_TMP/dest"
python3 -c 'import os, sys
for k in range(1, 3000):
    os.symlink(sys.argv[1], "%s.tmp%d" % (sys.argv[2], os.getpid() + k))' "$T_TMP/precious" "$T_TMP/dest/plan.yaml"
ln -s "$T_TMP/precious" "$T_TMP/dest/plan.yaml"
status "-o among planted symlinks" 0 ab import "$S22" -o "$T_TMP/dest/plan.yaml"
t_eq "… leaves the file they point to alone" "$(cat "$T_TMP/precious")" precious
t_eq "… and writes a plain file there" "$([ -f "$T_TMP/dest/plan.yaml" ] && [ ! -L "$T_TMP/dest/plan.yaml" ] && cmp -s "$T_TMP/dest/plan.yaml" "$T_TMP/p22.yaml" && echo yes)" yes
t_eq "… with no temporary file left" "$(ls "$T_TMP/dest" | grep -vc '^plan\.yaml\(\.tmp[0-9]*\)\?$')" 0
status "-o over an existing file replaces it" 0 ab import "$S19" -o "$T_TMP/dest/plan.yaml"
t_eq "… with the new plan" "$(yaml_ok "$T_TMP/dest/plan.yaml")" 29
# An unwritable directory. Root may write anywhere, so as root the check runs as nobody,
# in a directory of its own that nobody can reach (the test's own is private to root).
RO=$T_TMP/ro
as_user=()
if [ "$(id -u)" -eq 0 ]; then
	RO=$(mktemp -d /tmp/ab-import-ro-XXXXXX)/ro
	chmod 755 "$(dirname "$RO")"
	cp "$S22" "$(dirname "$RO")/in.txt" && chmod 644 "$(dirname "$RO")/in.txt"
	as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups
		env HOME=/nonexistent XDG_CONFIG_HOME=/nonexistent XDG_DATA_HOME=/nonexistent)
fi
mkdir -p "$RO" && chmod 555 "$RO"
if [ ${#as_user[@]} -gt 0 ] && ! { "${as_user[@]}" "$AB" --version >/dev/null 2>&1 &&
	"${as_user[@]}" test -r "$SRC/config/default/actionboard.yaml"; }; then
	t_skip "-o into an unwritable directory" "running as root, and nobody cannot run $AB or read its settings (setpriv missing, or the tree is private)"
else
	in=$S22
	[ ${#as_user[@]} -gt 0 ] && in=$(dirname "$RO")/in.txt
	status "-o into an unwritable directory is 73" 73 "${as_user[@]}" "$AB" import "$in" -o "$RO/plan.yaml"
	t_eq "… and writes nothing" "$(ls -A "$RO" | wc -l)" 0
fi
chmod 755 "$RO"
[ "$RO" = "$T_TMP/ro" ] || rm -rf "$(dirname "$RO")"
# Hostile shapes that once took time quadratic in their size: each must finish in seconds.
/usr/bin/python3 - "$T_TMP" <<'PY'
import sys
d = sys.argv[1]
H = ('Action Plan: HMP Brixton\nInspection: 1 June 2021\n1. Rec No\t2. Concerns\t3. Response Action '
     'Taken/Planned\t4. Responsible Owner\t5. Target Date\n\tKey concerns\t\t\t\n')
shapes = {
    'items': ''.join(f'1.{i}\tF.\tA.\tGovernor\tJune 2023\n' for i in range(6000)),
    'list': '1.1\tF.\t<ul>' + '<li>x</li>' * 300000 + '</ul>\t<p>G</p>\t\n',
    'rows': '1.1\tF' + ')' * 1000000 + '\tA.\tG\tJune 2023\n' + '\tx\t\t\t\n' * 500000,
    'splits': ''.join(f'1.{i}\tF.\t' + 'Sentence here. ' * 120 + '\tGovernor\t' + 'June 2023 ' * 100 + '\n'
                      for i in range(3000)),
    'owners': '1.1\tF.\tA.\t' + '<p>Governor</p>' * 200000 + '\tJune 2023\n',
}
for name, body in shapes.items():
    open(f'{d}/slow-{name}.txt', 'w').write(H + body)
PY
for f in "$T_TMP"/slow-*.txt; do
	timeout 60 "$AB" import "$f" >/dev/null 2>"$T_TMP/err"; rc=$?
	if [ $rc -eq 0 ] || [ $rc -eq 65 ]; then t_pass "hostile shape $(basename "$f" .txt) finishes (exit $rc)"
	else t_fail "hostile shape $(basename "$f" .txt) finishes" "exit $rc" "$(tail -2 "$T_TMP/err")"; fi
done
# Garbage of every shape: never a crash, always 0 or 65, and valid YAML when 0.
for i in $(seq 1 40); do
	case $((i % 4)) in
	0) head -c $((i * 97)) /dev/urandom | tr -d '\000' ;;
	1) sed -n "1,${i}p" "$S19"; head -c $((i * 13)) /dev/urandom | tr -dc '\t\n a-z<>/p' ;;
	2) shuf -n $((i + 20)) --random-source=<(yes $i) "$S19" ;;
	3) shuf -n $((i + 20)) --random-source=<(yes $i) "$S22" | tr '\t' '\t\n' | sed "s/<p>/<ul><li>/$((i % 3 + 1))" ;;
	esac >"$T_TMP/g.txt"
	ab import "$T_TMP/g.txt" >"$T_TMP/g.yaml" 2>"$T_TMP/err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 65 ] || grep -q 'Sanitizer\|runtime error' "$T_TMP/err"; then
		t_fail "garbage input $i: exit 0 or 65" "exit $rc" "$(head -3 "$T_TMP/err")"; continue
	fi
	if [ $rc -eq 0 ] && ! python3 -c 'import sys,yaml; yaml.safe_load(open(sys.argv[1]))' "$T_TMP/g.yaml" 2>/dev/null; then
		t_fail "garbage input $i: valid YAML"; continue
	fi
done
t_pass "40 garbage inputs: exit 0 or 65, valid YAML, no sanitizer report"
t_done
