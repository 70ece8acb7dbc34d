#!/bin/sh
# run.sh SECONDS — replays the regressions, then fuzzes each harness for
# SECONDS (make test: a few seconds; make fuzz FUZZ_SECONDS=…: as long as
# you like).  The fuzzers are build/fuzz/fuzz_*, built by the Makefile.
#
# For each harness NAME (pipeline, refs, pdf):
#   1. every file of tests/fuzz/regressions/NAME/ is run once: each is an
#      input that once crashed or hung termc, and must not any more;
#   2. libFuzzer runs the seeds (tests/fuzz/seeds.sh, regenerated here; the
#      PDF harness reads the pipeline's) and the corpus it grew in earlier
#      runs (build/fuzz/corpus/NAME), then mutates them for SECONDS.
# A crash, a leak, undefined behaviour or an input slower than 10 s stops
# the run: the input is saved as build/fuzz/crash-NAME-*, and the message
# says how to make it a regression test.  Exit 0 when nothing was found.
set -u
cd "$(dirname "$0")/../.." || exit 2
seconds=${1:-60}
B=build/fuzz
sh tests/fuzz/seeds.sh "$B/seeds" >/dev/null || exit 2
status=0
for name in pipeline refs pdf; do
  fuzzer=$B/fuzz_$name
  mkdir -p "$B/corpus/$name"
  regressions=$(find "tests/fuzz/regressions/$name" -type f 2>/dev/null | sort)
  if [ -n "$regressions" ]; then
    # shellcheck disable=SC2086
    if "$fuzzer" -timeout=10 $regressions >"$B/replay-$name.log" 2>&1; then
      echo "PASS fuzz $name: $(echo "$regressions" | wc -l) regressions replayed"
    else
      echo "FAIL fuzz $name: a regression fails again"
      grep -E "ERROR|runtime error|fuzz_$name:|Running:" "$B/replay-$name.log" | tail -20
      status=1
      continue
    fi
  fi
  # Small inputs run faster, and show a problem as well as big ones do
  # (t_hostile.sh tries the big ones).
  max_len=8192 seeds=$name dict=$name
  [ "$name" = refs ] && max_len=4096
  [ "$name" = pdf ] && seeds=pipeline dict=pipeline
  "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=$max_len \
    -dict="tests/fuzz/$dict.dict" -artifact_prefix="$B/crash-$name-" -print_final_stats=1 \
    "$B/corpus/$name" "$B/seeds/$seeds" >"$B/fuzz-$name.log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/fuzz-$name.log")
  cov=$(grep -o 'cov: [0-9]*' "$B/fuzz-$name.log" | tail -1)
  if [ "$rc" -eq 0 ]; then
    echo "PASS fuzz $name: ${runs:-?} inputs in ${seconds}s, $cov, corpus $(ls "$B/corpus/$name" | wc -l)"
  else
    echo "FAIL fuzz $name (exit $rc): see $B/fuzz-$name.log"
    grep -E "ERROR|runtime error|fuzz_$name:|SUMMARY|Test unit written" "$B/fuzz-$name.log" | head -20
    echo "Make it a regression: copy the crash file into tests/fuzz/regressions/$name/" \
      "with a name that says what it exercises, fix the bug, and rerun."
    status=1
  fi
done
exit $status
