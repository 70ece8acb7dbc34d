#!/bin/sh
# t_browser.sh — the site in a real browser (headless Chromium driven by
# playwright-core, JavaScript off in the pages): following the reference
# « clause 10.2 » in tiktok.html lands on clause 10.2, « Référencée par »
# leads back, a defined term shows its definition on focus and on hover, no
# page scrolls sideways on a phone, and text contrast is at least 4.5:1
# (tests/browser/follow.js).
. tests/e2e/lib.sh
. tests/browser/tools.sh
T=$TERMC
OUT=$TMP/site

expect_status 0 "the five sources build" "$T" build --no-pdf -o "$OUT" \
  sources/allmycms.md sources/chatconference.md sources/cloudbizz.md sources/tiktok.md sources/viber.md
if browser_tools >"$TMP/tools" 2>&1; then
  node "$BROWSER_DIR/follow.js" "$OUT" >"$TMP/follow" 2>&1
  status=$?
  # follow.js prints TAP-like lines: count them as this script's checks.
  while IFS= read -r line; do
    case $line in
    "ok - "*) ok "${line#ok - }" ;;
    "not ok - "*) fail "${line#not ok - }" ;;
    *) echo "$line" ;;
    esac
  done <"$TMP/follow"
  [ "$status" -eq 0 ] || grep -q '^not ok' "$TMP/follow" || fail "the browser test failed (exit $status)"
else
  fail "the browser test cannot run" "$(cat "$TMP/tools")"
fi
finish
