#!/bin/sh
# Builds the libFuzzer targets with clang: fuzz/out/fuzz_import (the importer),
# fuzz/out/fuzz_config (the YAML loader) and one per document reader (fuzz_docx, fuzz_odt,
# fuzz_html, fuzz_pdf, fuzz_layout), with ASan, UBSan and libFuzzer's own checks.
# The loader links all of core: the judgements a plan may record are core/judge.c's, which
# lives with its SQLite store. Not part of the meson build. usage: fuzz/build.sh [CLANG]
set -eu
cd "$(dirname "$0")"
CC=${1:-${CC:-clang}}
mkdir -p out
FLAGS="-g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
YAML=$(pkg-config --cflags --libs yaml-0.1)
SQLITE=$(pkg-config --cflags --libs sqlite3)
# The importer with its document readers and the prison register (built into it as C).
python3 ../data/embed.py ../data/prison-register.tsv out/register_data.c register_tsv
IMPORT="../import/import.c ../import/arena.c ../import/input.c ../import/clean.c ../import/header.c
	../import/table.c ../import/items.c ../import/owners.c ../import/emit.c ../import/doc.c
	../import/doc_model.c ../import/doc_layout.c ../import/register.c ../import/doc_html.c
	../import/doc_zip.c ../import/doc_pdf.c ../import/doc_xml.c out/register_data.c ../core/date.c
	../core/err.c ../core/lib.c
	../core/util.c ../core/text.c ../core/model.c ../core/xmalloc.c"
# The readers' libraries are opened by their sonames when a document needs them
# (core/lib.h), as in the program; linked here too, which changes nothing for the fuzzers.
soname() {
	f=$(pkg-config --variable=libdir "$1")/$2
	[ -e "$f" ] || f=$($CC -print-file-name="$2")
	readelf -d "$f" | awk -F '[][]' '/SONAME/ { print $2 }'
}
DOCLIBS="-DAB_HAVE_LIBXML2 -DAB_HAVE_LIBZIP -DAB_HAVE_POPPLER
	-DAB_LIBXML2_SONAME=\"$(soname libxml-2.0 libxml2.so)\"
	-DAB_LIBZIP_SONAME=\"$(soname libzip libzip.so)\"
	-DAB_POPPLER_SONAME=\"$(soname poppler-glib libpoppler-glib.so)\"
	$(pkg-config --cflags --libs libxml-2.0 libzip poppler-glib) -ldl"
# shellcheck disable=SC2086 # the lists are meant to split into words
$CC $FLAGS -o out/fuzz_import fuzz_import.c $IMPORT $YAML $DOCLIBS
# One target per document reader (fuzz_doc.c, the reader chosen by FUZZ_FORM).
for form in docx odt html pdf layout; do
	FORM=$(echo "$form" | tr a-z A-Z)
	# shellcheck disable=SC2086
	$CC $FLAGS -DFUZZ_FORM="DOC_$FORM" -o "out/fuzz_$form" fuzz_doc.c $IMPORT $YAML $DOCLIBS
done
$CC $FLAGS -DAB_SOURCE_DEFAULT='"/nonexistent"' -DAB_INSTALL_DEFAULT='"/nonexistent"' \
	-DAB_BUILD_ROOT='"/nonexistent"' -DAB_VERSION='"fuzz"' \
	-o out/fuzz_config fuzz_config.c ../config/config.c ../config/yaml_read.c ../config/check.c ../config/find.c ../config/stream.c ../core/*.c $YAML $SQLITE -lm
# Seed corpora: the two real plans (tests/data) and both curated YAML files, plus a few
# cut-downs.
mkdir -p corpus/import corpus/config corpus/docx corpus/odt corpus/html corpus/pdf corpus/layout
cp ../tests/data/*.txt corpus/import/ 2>/dev/null || true
for form in docx odt html pdf; do cp ../tests/data/forms/*."$form" "corpus/$form/"; done
cp ../tests/data/forms/*.layout.txt corpus/layout/
cp ../config/default/plans/*.yaml corpus/config/
for f in ../tests/data/*.txt; do
	[ -f "$f" ] && head -c 3000 "$f" >"corpus/import/head-$(basename "$f")" &&
		sed -n '/Rec No/,$p' "$f" | head -c 4000 >"corpus/import/table-$(basename "$f")"
done
echo "built out/fuzz_import, out/fuzz_config and out/fuzz_{docx,odt,html,pdf,layout}; see README.md to run them"
