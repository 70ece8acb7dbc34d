#!/bin/sh
# valgrind.sh — the unit tests and the main commands under valgrind: no
# error, no leak.  Check runs in-process (CK_FORK=no) so that every leak is
# the test's own.
set -u
cd "$(dirname "$0")/.." || exit 2
VG="valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99"
failed=0
for t in build/tests/test_*; do
  [ -x "$t" ] || continue
  if CK_FORK=no $VG "$t" >/dev/null 2>build/valgrind.log; then
    echo "PASS valgrind $t"
  else
    echo "FAIL valgrind $t"; tail -30 build/valgrind.log; failed=1
  fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for cmd in "check sources/*.md" "symbols sources/*.md" "text sources/tiktok.md" \
           "index -o $tmp/INDEX.md sources/*.md" "build -o $tmp/out sources/*.md"; do
  # shellcheck disable=SC2086
  $VG ./termc $cmd >/dev/null 2>build/valgrind.log
  status=$?
  if [ "$status" -eq 99 ]; then
    echo "FAIL valgrind termc $cmd"; grep -v "^termc:" build/valgrind.log | tail -30; failed=1
  else
    echo "PASS valgrind termc $cmd"
  fi
done
exit $failed
