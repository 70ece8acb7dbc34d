# lib.sh — helpers for the end-to-end test scripts (sourced).
#
#   ok "what"            records a passing check
#   fail "what" [detail] records a failing check
#   expect_status N "what" cmd...   runs cmd, checks its exit status
#   finish               exits 1 if any check failed, 0 otherwise (and 1
#                        if no check ran at all)
CHECKS=0
FAILURES=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/termc-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

ok() { CHECKS=$((CHECKS + 1)); echo "ok - $1"; }
fail() {
  CHECKS=$((CHECKS + 1))
  FAILURES=$((FAILURES + 1))
  echo "not ok - $1"
  [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/    /' | head -40
  return 0
}
# expect_status N "what" cmd... : stdout+stderr of cmd go to $TMP/out
expect_status() {
  want=$1
  what=$2
  shift 2
  "$@" >"$TMP/out" 2>&1
  got=$?
  if [ "$got" -eq "$want" ]; then ok "$what"; else fail "$what (exit $got, expected $want)" "$(cat "$TMP/out")"; fi
}
# expect_grep PATTERN FILE "what"
expect_grep() {
  if grep -q -- "$1" "$2"; then ok "$3"; else fail "$3" "$(head -20 "$2")"; fi
}
expect_no_grep() {
  if grep -q -- "$1" "$2"; then fail "$3" "$(grep -- "$1" "$2" | head -5)"; else ok "$3"; fi
}
finish() {
  if [ "$CHECKS" -eq 0 ]; then
    echo "no check ran"
    exit 1
  fi
  [ "$FAILURES" -eq 0 ]
  exit $?
}
