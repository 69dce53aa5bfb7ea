#!/usr/bin/env bash
# The file-format man page, docs/actionboard.yaml.5: it renders with no groff warnings and
# is installed into section 5. (docs/actionboard.1 is checked by tests/report; that the
# page documents every key the loader accepts is checked by the unit tests, from the
# loader's own tables.)
# usage: test_man.sh SOURCE_ROOT BUILD_ROOT
. "$(dirname "$0")/../lib.sh"
SRC=$1
BUILD=$2
MAN="$SRC/docs/actionboard.yaml.5"
if command -v man >/dev/null && command -v groff >/dev/null; then
	out=$(MANWIDTH=80 man -l "$MAN" 2>&1 | col -b)
	case "$out" in
	*NAME*"actionboard.yaml"*"FINDING THE SETTINGS"*"SETTINGS FILE"*"ESTABLISHMENT FILE"*"PLAN FILE"*"TARGET DATES"*"USERS AND ROLES"*ERRORS*EXAMPLES*)
		t_pass "man -l actionboard.yaml.5 renders every section" ;;
	*) t_fail "man -l actionboard.yaml.5 renders every section" "$(printf '%s' "$out" | head -n 5)" ;;
	esac
	t_eq "man --warnings reports nothing" "$(MANWIDTH=80 man --warnings -l "$MAN" 2>&1 >/dev/null)" ""
	t_eq "groff -ww reports nothing" "$(groff -man -ww -z "$MAN" 2>&1)" ""
	long=$(MANWIDTH=80 man -l "$MAN" 2>/dev/null | col -bx | while IFS= read -r l; do
		[ ${#l} -gt 80 ] && printf '%s\n' "$l"; done)
	t_eq "no line is wider than 80 columns at MANWIDTH=80" "$long" ""
else
	t_skip "actionboard.yaml.5 renders cleanly" "man or groff is not installed"
fi
t_has "the program's man page refers to it" "$(cat "$SRC/docs/actionboard.1")" ".BR actionboard.yaml (5)"
dest=$(meson introspect "$BUILD" --installed | jq -r --arg m "$MAN" '.[$m] // ""')
case "$dest" in
*/man5/actionboard.yaml.5) t_pass "meson install puts it in section 5" ;;
*) t_fail "meson install puts it in section 5" "installed as: '$dest'" ;;
esac
t_done
