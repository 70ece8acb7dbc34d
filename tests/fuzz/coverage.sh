#!/bin/sh
# coverage.sh — which lines of compiler/ the fuzzers' corpora reach.
#
# Builds the harnesses with clang's source-based coverage (no sanitizer),
# replays the corpora that `make fuzz` grew (build/fuzz/corpus/NAME) and the
# seeds, and prints llvm-cov's report, one line per file.  libFuzzer's own
# « cov: » counts edges; this counts lines, which is what a reader of the
# code can check.  Run after `make fuzz`:
#
#   sh tests/fuzz/coverage.sh            the report of every harness
#   sh tests/fuzz/coverage.sh refs       one harness
set -eu
cd "$(dirname "$0")/../.."
B=build/fuzz/cov
mkdir -p "$B"
PKGS="libcmark libxslt libexslt libxml-2.0"
CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -fprofile-instr-generate -fcoverage-mapping $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lhpdf -lhyphen -lm"
for name in ${1:-pipeline refs pdf}; do
  seeds=$name
  [ "$name" = pdf ] && seeds=pipeline
  # shellcheck disable=SC2086
  clang $CFLAGS -fsanitize=fuzzer -Icompiler -Itests/support -DTEMPLATES_DIR="\"$(pwd)/templates\"" \
    -o "$B/fuzz_$name" "tests/fuzz/fuzz_$name.c" tests/support/marked.c $(ls compiler/*.c | grep -v main.c) $LIBS
  rm -f "$B/$name".profraw
  LLVM_PROFILE_FILE="$B/$name.profraw" "$B/fuzz_$name" -runs=0 \
    "build/fuzz/corpus/$name" "build/fuzz/seeds/$seeds" >"$B/$name.log" 2>&1
  llvm-profdata merge -o "$B/$name.profdata" "$B/$name.profraw"
  echo "== $name: $(ls "build/fuzz/corpus/$name" | wc -l) corpus inputs"
  llvm-cov report "$B/fuzz_$name" -instr-profile="$B/$name.profdata" |
    awk '/compiler\// { sub(/.*compiler\//, "compiler/", $1); print $1, $8, "lines,", $10, "run" }
         /^TOTAL/ { print "all", $8, "lines,", $10, "run" }' | column -t
done
