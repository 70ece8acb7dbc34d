#!/bin/sh
# run.sh TERMC — runs every end-to-end test script tests/e2e/t_*.sh with the
# binary under test in $TERMC (./termc, or the sanitizer build).
#
# Each script prints "ok - …" / "not ok - …" lines and exits non-zero on
# failure.  A run that executes no script fails: tests that match nothing
# must not pass.
set -u
TERMC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export TERMC
cd "$(dirname "$0")/../.." || exit 2
ROOT=$(pwd)
export ROOT
failed=0
ran=0
for t in tests/e2e/t_*.sh; do
  [ -f "$t" ] || continue
  ran=$((ran + 1))
  if sh "$t"; then
    echo "PASS $t"
  else
    echo "FAIL $t"
    failed=$((failed + 1))
  fi
done
if [ "$ran" -eq 0 ]; then
  echo "e2e: no test script found" >&2
  exit 1
fi
echo "e2e: $ran scripts, $failed failed ($TERMC)"
[ "$failed" -eq 0 ]
