#!/bin/sh
# run.sh — the benchmark of issue 7 (make bench): termc against cmark (the
# floor) and pandoc (what a user reaches for instead), then termc on corpora
# scaled from the five texts.  Rewrites the figures of bench/RESULTS.md
# (between its bench:begin and bench:end markers; the rest is prose kept).
#
#   sh bench/run.sh                 what make bench runs
#   BENCH_RUNS=21 sh bench/run.sh   more runs of the five texts (default 11)
#   BENCH_SCALE_RUNS=5 …            runs per scaled corpus (default 3)
#   BENCH_MAX_SCALE=100 …           skip the ×1000 corpus
#   BENCH_TERMC=/path/to/termc …    another binary (its termc-build.so beside it)
#   BENCH_RESULTS=/tmp/r.md …       write the figures there instead
#   BENCH_REPORT_ONLY=1 …           rewrite the figures from the last run's data
#
# Every figure is the median of its runs; the runs of the tools alternate
# (one of each, then again), so that a change of load on the machine falls
# on all of them alike.  Wall time includes process start-up, as a user
# waits for it.  CPU is user + system time, which exceeds wall time when
# termc works on both cores.  Peak memory is the maximum resident set size
# reported by /usr/bin/time -v.
#
# The scaled corpora are the five texts under new names (allmycms-17.md…),
# as symbolic links: each copy is a whole, valid document with its own
# clause IDs and references, and nothing is written to disk but links.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
TERMC=${BENCH_TERMC:-$ROOT/termc}
W=$ROOT/build/bench
RESULTS=${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}
RUNS=${BENCH_RUNS:-11}
SCALE_RUNS=${BENCH_SCALE_RUNS:-3}
MAX_SCALE=${BENCH_MAX_SCALE:-1000}
SOURCES="sources/allmycms.md sources/chatconference.md sources/cloudbizz.md sources/tiktok.md sources/viber.md"

# ---- Tools ---------------------------------------------------------------

sh scripts/deps.sh bench || exit 1
[ -x "$TERMC" ] || { echo "bench: build termc first (make)" >&2; exit 1; }

mkdir -p "$W"
${CC:-cc} -O2 -o "$W/timeit" bench/timeit.c
TIMEIT=$W/timeit

# ---- Corpora -------------------------------------------------------------

# corpus N: prints the files of the ×N corpus (the sources themselves for 1).
corpus() {
  n=$1
  if [ "$n" = 1 ]; then
    echo "$SOURCES"
    return
  fi
  dir=$W/corpus-$n
  if [ ! -f "$dir/.done" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    k=1
    while [ "$k" -le "$n" ]; do
      for f in $SOURCES; do
        ln -s "$ROOT/$f" "$dir/$(basename "$f" .md)-$k.md"
      done
      k=$((k + 1))
    done
    touch "$dir/.done"
  fi
  k=1
  files=""
  while [ "$k" -le "$n" ]; do
    for f in $SOURCES; do
      files="$files $dir/$(basename "$f" .md)-$k.md"
    done
    k=$((k + 1))
  done
  echo "$files"
}

# bytes N: the size of the ×N corpus.
ONE=$(cat $SOURCES | wc -c)
bytes() { echo $((ONE * $1)); }

# ---- Measuring -----------------------------------------------------------

# run LABEL CMD...: one timed run, appended to $W/runs.txt.
run() {
  label=$1
  shift
  echo "$label $("$TIMEIT" "$@")" >>"$W/runs.txt"
}

# peak LABEL CMD...: peak memory (kB) by /usr/bin/time -v, in $W/peak.txt.
peak() {
  label=$1
  shift
  /usr/bin/time -v "$@" >/dev/null 2>"$W/time.txt" || true
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$W/time.txt")
  echo "$label $kb" >>"$W/peak.txt"
}

# med LABEL FIELD: the median of a field of LABEL's runs (2 wall, 3 user,
# 4 sys, 5 rss, 7 user+sys).
med() {
  awk -v l="$1" -v f="$2" '$1 == l { print (f == 7 ? $3 + $4 : $f) }' "$W/runs.txt" | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2];
      else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

status() { awk -v l="$1" '$1 == l { s = $6 } END { print s }' "$W/runs.txt"; }

peakkb() { awk -v l="$1" '$1 == l { print $2 }' "$W/peak.txt" | tail -1; }

if [ -n "${BENCH_REPORT_ONLY:-}" ]; then
  [ -s "$W/runs.txt" ] || { echo "bench: no earlier run in $W" >&2; exit 1; }
  # shellcheck disable=SC1091
  . "$W/run.env"
else
: >"$W/runs.txt"
: >"$W/peak.txt"
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s)

# The five texts: the four tools, interleaved; and termc build of one
# paragraph (what a build costs whatever its input: loading the libraries,
# the stylesheets, the hyphenation patterns, the fonts) and of the smallest
# text alone (a lawyer's edit of one contract).
printf '# Conditions\n\n## Article 1 – Objet\n\nLe présent contrat a pour objet le service.\n' >"$W/one.md"
SMALL=sources/chatconference.md
# five_texts MEASURE: each tool once, measured by MEASURE (run or peak).
# shellcheck disable=SC2086
five_texts() {
  $1 cmark cmark $SOURCES
  $1 check "$TERMC" check $SOURCES
  $1 build "$TERMC" build -o "$W/out" $SOURCES
  $1 pandoc pandoc -f markdown -t html $SOURCES
  $1 build-one "$TERMC" build -o "$W/out-one" "$W/one.md"
  $1 build-small "$TERMC" build -o "$W/out-small" "$SMALL"
}
echo "bench: the five texts, $RUNS interleaved runs"
# shellcheck disable=SC2086
"$TERMC" build -o "$W/out" $SOURCES >/dev/null 2>&1 || true # warm the caches
i=0
while [ "$i" -lt "$RUNS" ]; do
  five_texts run
  i=$((i + 1))
done
five_texts peak

# scaled MEASURE N FILES...: each tool once on the ×N corpus: check up to
# ×1000, build up to ×100, cmark as the floor.
scaled() {
  measure=$1
  n=$2
  shift 2
  $measure "cmark-x$n" cmark "$@"
  $measure "check-x$n" "$TERMC" check "$@"
  if [ "$n" -le 100 ]; then
    $measure "build-x$n" "$TERMC" build -o "$W/out-x$n" "$@"
  fi
}
for n in 10 100 1000; do
  [ "$n" -le "$MAX_SCALE" ] || continue
  files=$(corpus "$n")
  echo "bench: ×$n ($(bytes "$n") bytes), $SCALE_RUNS runs"
  i=0
  # shellcheck disable=SC2086
  while [ "$i" -lt "$SCALE_RUNS" ]; do
    scaled run "$n" $files
    i=$((i + 1))
  done
  # shellcheck disable=SC2086
  scaled peak "$n" $files
  rm -rf "$W/out-x$n"
done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
ELAPSED=$(($(date +%s) - START))
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git status --porcelain -- compiler 2>/dev/null | grep -q . && echo " (with uncommitted changes in compiler/)" || true)
WHEN=$(date -u '+%Y-%m-%d %H:%M UTC')
printf 'LOAD0="%s"\nLOAD1="%s"\nELAPSED=%s\nCOMMIT=%s\nDIRTY="%s"\nWHEN="%s"\n' \
  "$LOAD0" "$LOAD1" "$ELAPSED" "$COMMIT" "$DIRTY" "$WHEN" >"$W/run.env"
fi

# ---- Report --------------------------------------------------------------

for l in cmark check build pandoc build-one build-small; do
  [ "$(status $l)" -le 1 ] || { echo "bench: $l failed (exit $(status $l))" >&2; exit 1; }
done

fmt() { awk -v v="$1" 'BEGIN { if (v >= 100) printf "%.0f", v; else if (v >= 10) printf "%.1f", v; else printf "%.2f", v }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "nan" }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
per_input() { awk -v k="$1" -v b="$2" 'BEGIN { printf "%.1f", k * 1024 / b }'; }
yes_no() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { ok = op == "<=" ? a <= b : a >= b; print ok ? "**met**" : "**missed**" }'; }

CMARK=$(med cmark 2)
CHECK=$(med check 2)
BUILD=$(med build 2)
PANDOC=$(med pandoc 2)
R_CHECK=$(ratio "$CHECK" "$CMARK")
R_BUILD=$(ratio "$PANDOC" "$BUILD")

table_row() { # label tool
  echo "| $1 | $(fmt "$(med "$2" 2)") | $(fmt "$(med "$2" 7)") | $(mb "$(peakkb "$2")") | $(ratio "$(med "$2" 2)" "$CMARK") |"
}

CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
RAM=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)

{
  echo "<!-- bench:begin — written by bench/run.sh (make bench); do not edit by hand -->"
  echo
  echo "Measured $WHEN on $(nproc) cores ($CPU), $RAM of RAM;"
  echo "termc $COMMIT$DIRTY, $(cmark --version | head -1 | cut -d' ' -f1-2), $(pandoc --version | head -1)."
  echo "Load average $LOAD0 at the start, $LOAD1 at the end (the machine is shared);"
  echo "the whole run took ${ELAPSED} s."
  echo
  echo "### The five texts ($(bytes 1) bytes), median of $RUNS interleaved runs"
  echo
  echo "| command | wall ms | CPU ms | peak MB | wall / cmark |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  table_row "\`cmark\` to HTML (the floor)" cmark
  table_row "\`termc check\`" check
  table_row "\`termc build\` (HTML site and PDFs)" build
  table_row "\`pandoc -f markdown -t html\`" pandoc
  table_row "\`termc build\` of one paragraph (the fixed cost of a build)" build-one
  table_row "\`termc build\` of $(basename "$SMALL") alone ($(wc -c <"$SMALL") bytes)" build-small
  echo
  C_CHECK=$(ratio "$(med check 7)" "$(med cmark 7)")
  C_BUILD=$(ratio "$(med pandoc 7)" "$(med build 7)")
  echo "| target | wall | CPU | on wall time |"
  echo "| --- | ---: | ---: | --- |"
  echo "| \`termc check\` within 2× of cmark | $R_CHECK× | $C_CHECK× | $(yes_no "$R_CHECK" "<=" 2) |"
  echo "| \`termc build\` at least 20× faster than pandoc to HTML | $R_BUILD× | $C_BUILD× | $(yes_no "$R_BUILD" ">=" 20) |"
  echo
  BUDGET=$(awk -v p="$PANDOC" 'BEGIN { print p / 20 }')
  ONE_MS=$(med build-one 2)
  echo "The target leaves the build $(fmt "$BUDGET") ms (pandoc's time / 20); a build of one"
  echo "paragraph takes $(fmt "$ONE_MS") ms, $(awk -v a="$ONE_MS" -v b="$BUDGET" 'BEGIN { printf "%.0f", 100 * a / b }') % of it, before any of the five texts is read."
  echo
  echo "### Scaled corpora (copies of the five texts under new names)"
  echo
  echo "| corpus | input MB | documents | command | wall ms | CPU ms | wall per document ms | peak MB | peak / input |"
  echo "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |"
  for n in 1 10 100 1000; do
    [ "$n" -le "$MAX_SCALE" ] || continue
    sfx="-x$n"
    [ "$n" = 1 ] && sfx=""
    for t in cmark check build; do
      [ "$t" = build ] && [ "$n" -gt 100 ] && continue
      w=$(med "$t$sfx" 2)
      echo "| ×$n | $(mb $(($(bytes "$n") / 1024))) | $((5 * n)) | $t | $(fmt "$w") | $(fmt "$(med "$t$sfx" 7)") | $(fmt "$(awk -v w="$w" -v d=$((5 * n)) 'BEGIN { print w / d }')") | $(mb "$(peakkb "$t$sfx")") | $(per_input "$(peakkb "$t$sfx")" "$(bytes "$n")") |"
    done
  done
  echo
  if [ "$MAX_SCALE" -ge 1000 ]; then
    mul() { awk -v a="$1" -v f="$2" 'BEGIN { print a * f }'; }
    LIN=$(ratio "$(med check-x1000 2)" "$(mul "$CHECK" 1000)")
    LINC=$(ratio "$(med check-x1000 7)" "$(mul "$(med check 7)" 1000)")
    MARG=$(ratio "$(med check-x1000 2)" "$(mul "$(med check-x100 2)" 10)")
    MARGC=$(ratio "$(med check-x1000 7)" "$(mul "$(med check-x100 7)" 10)")
    PEAKR=$(per_input "$(peakkb check-x1000)" "$(bytes 1000)")
    echo "| target | wall | CPU | |"
    echo "| --- | ---: | ---: | --- |"
    echo "| ×1000 check within 1.2× of 1000 × the ×1 check | $LIN× | $LINC× | $(yes_no "$LIN" "<=" 1.2) on wall time |"
    echo "| ×1000 check against 10 × the ×100 check (start-up amortized in both) | $MARG× | $MARGC× | $(yes_no "$MARGC" "<=" 1.2) on CPU time |"
    echo "| peak memory under 6× the input (×1000 check) | $PEAKR× | | $(yes_no "$PEAKR" "<=" 6) |"
    if [ "$MAX_SCALE" -ge 100 ]; then
      PB=$(per_input "$(peakkb build-x100)" "$(bytes 100)")
      echo "| peak memory under 6× the input (×100 build) | $PB× | | $(yes_no "$PB" "<=" 6) |"
    fi
    echo
    echo "Wall time at ×100 and ×1000 depends on how much of the second core the run gets"
    echo "on this shared machine (check runs one thread per core past 1 MB of input); CPU"
    echo "time does not, which is why the second linearity row is judged on it."
    echo
  fi
  echo "<!-- bench:end -->"
} >"$W/figures.md"

if [ -f "$RESULTS" ] && grep -q '<!-- bench:begin' "$RESULTS"; then
  awk -v figures="$W/figures.md" '
    /<!-- bench:begin/ { while ((getline line < figures) > 0) print line; skip = 1; next }
    /<!-- bench:end/ { skip = 0; next }
    !skip' "$RESULTS" >"$W/RESULTS.md"
  mv "$W/RESULTS.md" "$RESULTS"
else
  { echo "# termc benchmark"; echo; cat "$W/figures.md"; } >"$RESULTS"
fi
cat "$W/figures.md"
echo "bench: wrote $RESULTS"
