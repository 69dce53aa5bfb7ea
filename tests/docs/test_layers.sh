#!/usr/bin/env bash
# scripts/check-layers can fail: planted faults (a call cycle, a call up the layers, a
# private header outside core/) each make it exit 1 naming the fault, and a clean tree
# passes. So can scripts/check-names: a name without its file's prefix, a function no
# other object uses. Objects are compiled here from two-line C files, so the check is tested on
# real `nm` output.
# usage: test_layers.sh SOURCE_ROOT
. "$(dirname "$0")/../lib.sh"
SRC=$1
CHECK="$SRC/scripts/check-layers"
T="$T_TMP/tree"
mkdir -p "$T"/core "$T"/render "$T"/config "$T"/tui "$T"/obj
obj() { # NAME C-TEXT: compiles obj/NAME.o
	printf '%s\n' "$2" >"$T/obj/$1.c"
	${CC:-cc} -c -o "$T/obj/$1.o" "$T/obj/$1.c" || t_fail "compile $1"
}
obj core_a 'int b(void); int a(void) { return 1; } int a2(void) { return b(); }'
obj core_b 'int a(void); int b(void) { return a(); }'
obj core_c 'int c(void) { return 3; }'
obj render_r 'int c(void); int r(void) { return c(); }'
obj render_up 'int g(void); int up(void) { return g(); }'
obj config_g 'int c(void); int g(void) { return c(); }'
run() { python3 "$CHECK" --source "$T" "$@" >"$T_TMP/out" 2>&1; echo $?; }

t_eq "a clean tree passes" "$(run core="$T/obj/core_c.o" render="$T/obj/render_r.o" \
	config="$T/obj/config_g.o")" 0
t_eq "a call cycle between two core files fails" \
	"$(run core="$T/obj/core_a.o" core="$T/obj/core_b.o")" 1
t_has "… naming both files" "$(cat "$T_TMP/out")" "CYCLE among core/a, core/b"
t_eq "a call from render/ into config/ fails" "$(run core="$T/obj/core_c.o" \
	render="$T/obj/render_up.o" config="$T/obj/config_g.o")" 1
t_has "… naming the call" "$(cat "$T_TMP/out")" "LAYER: render/up calls config/g (render/ may not use config/): g"
t_eq "config/ calling core/ is allowed" "$(run core="$T/obj/core_c.o" config="$T/obj/config_g.o")" 0
printf '#include <sqlite3.h>\n' >"$T/tui/view.c"
t_eq "sqlite3.h included in tui/ fails" "$(run core="$T/obj/core_c.o")" 1
t_has "… naming the line" "$(cat "$T_TMP/out")" "PRIVATE: tui/view.c:1: includes sqlite3.h"
printf '#include "../core/store_priv.h"\n' >"$T/tui/view.c"
t_eq "store_priv.h included in tui/ fails" "$(run core="$T/obj/core_c.o")" 1
rm "$T/tui/view.c"
printf '#include <sqlite3.h>\n' >"$T/core/store.c"
t_eq "sqlite3.h in core/ is allowed" "$(run core="$T/obj/core_c.o")" 0
t_eq "objects that are not there: exit 2" "$(run core="$T/obj/none.o")" 2

# scripts/check-names, on objects named as meson names them (FOLDER_BASE)
NAMES="$SRC/scripts/check-names"
obj core_date 'int date_ok(void) { return 1; } int today(void) { return 2; }'
obj core_clock 'int date_ok(void); int today(void); int clock_x(void) { return date_ok() + today(); }'
obj render_html 'int report_html(void) { return 1; } int html_alone(void) { return 2; }'
obj cli_main 'int report_html(void); int main(void) { return report_html(); }'
names() { python3 "$NAMES" "$@" >"$T_TMP/out" 2>&1; echo $?; }
t_eq "a name without its file's prefix fails" "$(names core="$T/obj/core_date.o" \
	core="$T/obj/core_clock.o")" 1
t_has "… naming it" "$(cat "$T_TMP/out")" "NAME: core/date: today does not start with date_ or core_"
t_has "… and a function used only in its own file" "$(cat "$T_TMP/out")" \
	"NAME: core/clock: clock_x is used only in its own file: make it static"
t_eq "a folder's shared prefix passes; an unused export fails" \
	"$(names render="$T/obj/render_html.o" cli="$T/obj/cli_main.o")" 1
t_eq "… naming only that one" "$(grep -c NAME: "$T_TMP/out")" 1
t_has "… which is html_alone" "$(cat "$T_TMP/out")" "render/html: html_alone is used only"
obj unit_t 'int clock_x(void); int t(void) { return clock_x(); }'
t_eq "a use by the --users objects counts" "$(names --users "$T/obj/unit_t.o" \
	core="$T/obj/core_date.o" core="$T/obj/core_clock.o")" 1
t_eq "… so only the unprefixed name remains" "$(grep -c NAME: "$T_TMP/out")" 1
t_eq "objects that are not there: exit 2" "$(names core="$T/obj/none.o")" 2
t_done
