#!/bin/sh
# t_markup.sh — one fixture per rule of docs/markup.md, with the symbol table
# and the check output termc must give for it (golden files).  After a
# deliberate change, `make regen` rewrites the expected files; review them
# with git diff before committing.
. tests/e2e/lib.sh
for md in tests/e2e/markup/*.md; do
  name=${md%.md}
  "$TERMC" symbols "$md" >"$TMP/symbols.json" 2>/dev/null
  if cmp -s "$TMP/symbols.json" "$name.symbols.json"; then
    ok "symbols of $md"
  else
    fail "symbols of $md" "$(diff -u "$name.symbols.json" "$TMP/symbols.json" | head -40)"
  fi
  "$TERMC" check "$md" >"$TMP/check" 2>/dev/null
  echo "exit $?" >>"$TMP/check"
  if cmp -s "$TMP/check" "$name.check"; then
    ok "check of $md"
  else
    fail "check of $md" "$(diff -u "$name.check" "$TMP/check" | head -40)"
  fi
done
finish
