#!/bin/sh
# t_determinism.sh — identical input, identical bytes (issue 6): the HTML,
# XML, JSON, text, INDEX.md and PDF outputs do not depend on the run, the
# clock, the time zone, the locale, the working directory, the umask, the
# number of processors or the order of files on disk.
#
# The same inputs (sources/ and templates/) are copied into two places: the
# second copy is written in the reverse order, so that directory listings
# differ, and sits deeper, elsewhere.  termc runs in each, with the same
# relative paths (paths as given are part of the outputs), under different
# environments; every output must be the same, byte for byte.  The outputs
# must not hold the date of the day either: a build tomorrow must match.
. tests/e2e/lib.sh
T=$TERMC

A=$TMP/a
B=$TMP/elsewhere/b/c
mkdir -p "$A/sources" "$A/templates" "$B/sources" "$B/templates"
for f in sources/*.md templates/*; do cp "$f" "$A/$f"; done
for f in $(ls -r sources/*.md templates/*); do cp "$f" "$B/$f"; done
if [ "$(ls -f "$A/sources" | head -3)" != "$(ls -f "$B/sources" | head -3)" ]; then
  ok "the two copies list their files in different orders"
else
  ok "the two copies list their files in different orders # SKIP this file system orders entries by its own hash, not by creation"
fi

# outputs DIR OUT [env…]: every output of termc for DIR's inputs, into OUT.
outputs() {
  dir=$1 out=$2
  shift 2
  mkdir -p "$out"
  (cd "$dir" && env "$@" "$T" build --templates=templates -o "$out/site" sources/*.md \
    >/dev/null 2>"$out/build.err"
    env "$@" "$T" symbols sources/*.md >"$out/symbols.json" 2>/dev/null
    env "$@" "$T" check --format=json sources/*.md >"$out/check.json" 2>/dev/null
    env "$@" "$T" check sources/*.md >"$out/check.txt" 2>&1
    env "$@" "$T" text sources/viber.md >"$out/viber.txt" 2>/dev/null
    env "$@" "$T" index -o "$out/INDEX.md" sources/*.md 2>/dev/null)
}

# The sanitizer build is slow and finds nothing more here: two runs in
# different places and environments, instead of four.
runs="run2 run3 run4"
case "$T" in *asan*) runs=run3 ;; esac
outputs "$A" "$TMP/run1" TZ=UTC LC_ALL=C
case $runs in *run2*) outputs "$A" "$TMP/run2" TZ=UTC LC_ALL=C ;; esac
outputs "$B" "$TMP/run3" TZ=Pacific/Kiritimati LC_ALL=C.UTF-8 LANG=fr_FR.UTF-8
# Another umask, and one processor (the PDF books are built in parallel).
one_cpu=
command -v taskset >/dev/null && one_cpu="taskset -c 0"
case $runs in *run4*) (umask 077 && outputs "$B" "$TMP/run4" TZ=America/St_Johns LC_ALL=POSIX $one_cpu) ;; esac

files=$(cd "$TMP/run1" && find . -type f | sort)
n=$(echo "$files" | wc -l)
for kind in html xml pdf css json txt md; do
  if echo "$files" | grep -q "\.$kind\$"; then ok "the outputs include .$kind files"; else fail "the outputs include .$kind files"; fi
done
for run in $runs; do
  if diff -r "$TMP/run1" "$TMP/$run" >"$TMP/diff" 2>&1; then
    ok "$run: the $n outputs are byte-identical to the first run's"
  else
    fail "$run: the $n outputs are byte-identical to the first run's" "$(head -20 "$TMP/diff")"
  fi
done

# No output may hold today's date or time: tomorrow's build would differ.
today=$(date -u +%Y-%m-%d)
compact=$(date -u +%Y%m%d)
if grep -rl -e "$today" -e "D:$compact" "$TMP/run1" >"$TMP/dated"; then
  fail "no output holds the date of the build ($today)" "$(cat "$TMP/dated")"
else
  ok "no output holds the date of the build ($today)"
fi

finish
