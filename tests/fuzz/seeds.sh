#!/bin/sh
# seeds.sh DIR — writes the fuzzers' seed corpora, from what the repository
# already holds, into DIR/pipeline and DIR/refs.
#
#   pipeline: every markup fixture (tests/e2e/markup/*.md) whole, and every
#             text of sources/ cut into pieces of about 20 lines at blank
#             lines (a whole text is larger than -max_len and slow to run);
#   refs:     every paragraph of those files, and every string of the
#             recognizer's unit test tables (tests/unit/test_refs.c).
#
# Seeds are generated, not committed, so they follow the sources as they
# change.  One awk per kind writes them all: a process per seed is slow.
set -eu
cd "$(dirname "$0")/../.."
out=$1
rm -rf "$out/pipeline" "$out/refs"
mkdir -p "$out/pipeline" "$out/refs"

cp tests/e2e/markup/*.md "$out/pipeline/"

# Pieces of each text: cut at the first blank line after 20 lines.
awk -v dir="$out/pipeline" '
  FNR == 1 { stem = FILENAME; sub(/.*\//, "", stem); sub(/\.md$/, "", stem); n = 0; lines = 0 }
  { f = dir "/" stem "-" n; print > f }
  /^$/ && ++lines >= 20 { close(f); n++; lines = 0; next }
  { lines++ }' sources/*.md

# Paragraphs, one seed each (awk's paragraph mode: blank lines separate).
awk -v dir="$out/refs" '
  BEGIN { RS = "" }
  { stem = FILENAME; sub(/.*\//, "", stem); f = dir "/" stem "-" FNR; print > f; close(f) }' \
  sources/*.md tests/e2e/markup/*.md

# Every string literal on the table rows of test_refs.c (« {"… », … »).
grep '^ *{"' tests/unit/test_refs.c | sed 's/\\"/\x01/g' |
  awk -v dir="$out/refs" -F'"' '
    { for (i = 2; i <= NF; i += 2) {
        s = $i; gsub(/\x01/, "\"", s); f = dir "/test_refs-" (++n); printf "%s", s > f; close(f)
    } }'

echo "seeds: $(ls "$out/pipeline" | wc -l) pipeline, $(ls "$out/refs" | wc -l) refs in $out"
