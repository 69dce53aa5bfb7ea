#!/usr/bin/env bash
# docs/ARCHITECTURE.md stays true: every repository path it names (in backticks) exists,
# and every function it names in backticks with "()" is defined somewhere in the sources.
# usage: test_architecture.sh SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
SRC=$1
DOC="$SRC/docs/ARCHITECTURE.md"
paths=$(grep -o '`[a-z][a-zA-Z0-9_./-]*/[a-zA-Z0-9_./-]*`' "$DOC" | tr -d '`' | sort -u)
missing=
for p in $paths; do
	case $p in */) p=${p%/} ;; *[A-Z][A-Z][A-Z]*) continue ;; esac  # NAME: a placeholder
	[ -e "$SRC/$p" ] || missing="$missing $p"
done
t_eq "every path ARCHITECTURE.md names exists ($(echo "$paths" | wc -l) paths)" "$missing" ""
funcs=$(grep -o '`[a-z_][a-z0-9_]*()`' "$DOC" | tr -d '`()' | sort -u)
missing=
for f in $funcs; do
	grep -rqE "^[a-z].*[ *]$f\(" "$SRC"/core "$SRC"/config "$SRC"/render "$SRC"/tui \
		"$SRC"/cli "$SRC"/import --include='*.c' || missing="$missing $f"
done
t_eq "every function ARCHITECTURE.md names is defined ($(echo "$funcs" | wc -l) functions)" \
	"$missing" ""
t_done
