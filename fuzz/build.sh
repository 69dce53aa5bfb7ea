#!/bin/sh
# Builds the libFuzzer targets with clang: fuzz/out/fuzz_import (the importer) and
# fuzz/out/fuzz_config (the YAML loader), with ASan, UBSan and libFuzzer's own checks.
# The loader links all of core: the judgements a plan may record are core/judge.c's, which
# lives with its SQLite store. Not part of the meson build. usage: fuzz/build.sh [CLANG]
set -eu
cd "$(dirname "$0")"
CC=${1:-${CC:-clang}}
mkdir -p out
FLAGS="-g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
YAML=$(pkg-config --cflags --libs yaml-0.1)
SQLITE=$(pkg-config --cflags --libs sqlite3)
IMPORT="../import/import.c ../import/arena.c ../import/input.c ../import/clean.c ../import/header.c ../import/table.c
	../import/items.c ../import/owners.c ../import/emit.c ../core/date.c ../core/err.c ../core/util.c
	../core/text.c ../core/model.c ../core/xmalloc.c"
# shellcheck disable=SC2086 # the lists are meant to split into words
$CC $FLAGS -o out/fuzz_import fuzz_import.c $IMPORT $YAML
$CC $FLAGS -DAB_SOURCE_DEFAULT='"/nonexistent"' -DAB_INSTALL_DEFAULT='"/nonexistent"' \
	-DAB_BUILD_ROOT='"/nonexistent"' -DAB_VERSION='"fuzz"' \
	-o out/fuzz_config fuzz_config.c ../config/config.c ../config/yaml_read.c ../config/check.c ../config/find.c ../config/stream.c ../core/*.c $YAML $SQLITE -lm
# Seed corpora: the two real plans (tests/data) and both curated YAML files, plus a few
# cut-downs.
mkdir -p corpus/import corpus/config
cp ../tests/data/*.txt corpus/import/ 2>/dev/null || true
cp ../config/default/plans/*.yaml corpus/config/
for f in ../tests/data/*.txt; do
	[ -f "$f" ] && head -c 3000 "$f" >"corpus/import/head-$(basename "$f")" &&
		sed -n '/Rec No/,$p' "$f" | head -c 4000 >"corpus/import/table-$(basename "$f")"
done
echo "built out/fuzz_import and out/fuzz_config; see README.md to run them"
