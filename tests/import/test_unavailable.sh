#!/usr/bin/env bash
# A build without a document library (meson features xml, zip, pdf disabled or not found):
# importing each form it cannot read exits 69 naming the library and the form, and
# writes nothing; text still imports. In a build with every library no form is given: the
# refusal is reported as skipped (tests/import/meson.build).
# usage: test_unavailable.sh BINARY DATA_DIR [FORM...]   (FORM: docx odt html pdf)
. "$(dirname "$0")/../lib.sh"
AB=$1
DATA=$2
shift 2
[ $# -gt 0 ] || t_skip "a form this build cannot read exits 69" "every document library is built in"
for form in "$@"; do
	f="$DATA/forms/000-items.$form"
	"$AB" import "$f" -o "$T_TMP/out.yaml" >/dev/null 2>"$T_TMP/err"
	t_eq "$form: exit 69 (EX_UNAVAILABLE)" "$?" 69
	t_has "… naming what the build lacks" "$(cat "$T_TMP/err")" "this actionboard was built without"
	t_eq "… nothing written" "$([ -e "$T_TMP/out.yaml" ] && echo written || echo none)" none
done
"$AB" import "$DATA/forms/000-items.layout.txt" >/dev/null 2>&1
t_eq "space-aligned text needs no library: imports" "$?" 0
t_done
