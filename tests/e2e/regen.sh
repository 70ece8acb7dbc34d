#!/bin/sh
# regen.sh — rewrites the golden files of t_markup.sh from ./termc.
# Review the result with git diff: a golden file is only as good as its review.
set -eu
cd "$(dirname "$0")/../.."
for md in tests/e2e/markup/*.md; do
  name=${md%.md}
  ./termc symbols "$md" >"$name.symbols.json" 2>/dev/null || true
  { ./termc check "$md" 2>/dev/null; echo "exit $?"; } >"$name.check" || true
done
