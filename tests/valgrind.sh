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
# The hostile inputs, with termc run under valgrind by a wrapper (a valgrind
# error is exit 99, which the suite counts as a failure).  The cases of many
# megabytes skip themselves there (TERMC_UNDER=valgrind): ASan covers them.
printf '#!/bin/sh\nexec %s "%s/termc" "$@"\n' "$VG" "$(pwd)" >"$tmp/termc-valgrind"
chmod +x "$tmp/termc-valgrind"
if TERMC="$tmp/termc-valgrind" TERMC_UNDER=valgrind sh tests/e2e/t_hostile.sh >build/valgrind-hostile.log 2>&1; then
  echo "PASS valgrind t_hostile.sh ($(grep -c '^ok' build/valgrind-hostile.log) checks, $(grep -c 'SKIP under valgrind' build/valgrind-hostile.log) skipped)"
else
  echo "FAIL valgrind t_hostile.sh"; grep -A5 '^not ok' build/valgrind-hostile.log | head -40; failed=1
fi
exit $failed
