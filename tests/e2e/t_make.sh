#!/bin/sh
# t_make.sh — the Makefile as a user meets it: a bare `make` builds ./termc,
# and `make install PREFIX=… DESTDIR=…` gives a termc that works from any
# directory, with its back-ends, templates and man page; `make uninstall`
# takes it all away.
#
# The install is made from a copy of the checkout, so that a PREFIX of the
# test's own never touches the tree under test.  It does not depend on the
# binary under test, so it runs once, not again under the sanitizers.
. tests/e2e/lib.sh

case $TERMC in
  *asan*)
    ok "make builds and installs termc # SKIP runs once, with ./termc"
    finish
    ;;
esac

# A bare make, as if main.c had just been edited, links ./termc.
make -n -W compiler/main.c >"$TMP/plan" 2>&1
expect_grep " -o termc " "$TMP/plan" "a bare make builds ./termc"

mkdir -p "$TMP/src"
cp -R Makefile compiler templates docs scripts "$TMP/src/"
prefix=$TMP/prefix
if make -C "$TMP/src" -j2 install PREFIX="$prefix" >"$TMP/install.log" 2>&1; then
  ok "make install PREFIX=… succeeds"
else
  fail "make install PREFIX=… succeeds" "$(tail -20 "$TMP/install.log")"
fi
for f in bin/termc lib/termc/termc-build.so share/man/man1/termc.1 \
  share/termc/templates/site.xsl share/termc/templates/site.css; do
  if [ -f "$prefix/$f" ]; then ok "installed: $f"; else fail "installed: $f"; fi
done

# The installed termc, run from a directory without templates/, finds its
# back-ends and templates where make install put them.
mkdir -p "$TMP/elsewhere"
cp sources/viber.md "$TMP/elsewhere/"
(cd "$TMP/elsewhere" && "$prefix/bin/termc" build -o out viber.md >"$TMP/out" 2>&1)
status=$?
if [ "$status" -eq 0 ]; then ok "the installed termc builds a text from another directory"; else
  fail "the installed termc builds a text from another directory (exit $status)" "$(cat "$TMP/out")"
fi
for f in viber.html index.html site.css pdf/viber.pdf; do
  if [ -s "$TMP/elsewhere/out/$f" ]; then ok "the installed termc wrote out/$f"; else fail "the installed termc wrote out/$f"; fi
done
if command -v man >/dev/null; then
  MANWIDTH=80 man -l "$prefix/share/man/man1/termc.1" 2>/dev/null >"$TMP/man"
  expect_grep "termc" "$TMP/man" "the installed man page renders"
else
  ok "the installed man page renders # SKIP man is not installed"
fi

make -C "$TMP/src" uninstall PREFIX="$prefix" >"$TMP/uninstall.log" 2>&1
left=$(find "$prefix" -type f | head -5)
if [ -z "$left" ]; then ok "make uninstall removes every installed file"; else
  fail "make uninstall removes every installed file" "$left"
fi

# DESTDIR stages the files under it, for a package; the binary still looks
# in PREFIX.
if make -C "$TMP/src" install PREFIX=/usr DESTDIR="$TMP/stage" >"$TMP/install.log" 2>&1 &&
  [ -x "$TMP/stage/usr/bin/termc" ] && [ -f "$TMP/stage/usr/lib/termc/termc-build.so" ] &&
  [ -f "$TMP/stage/usr/share/termc/templates/site.xsl" ]; then
  ok "make install DESTDIR=… PREFIX=/usr stages the files under DESTDIR"
else
  fail "make install DESTDIR=… PREFIX=/usr stages the files under DESTDIR" "$(find "$TMP/stage" | head; tail -5 "$TMP/install.log")"
fi
expect_grep "/usr/share/termc" "$TMP/stage/usr/bin/termc" "the staged binary looks for its templates in PREFIX, not DESTDIR"

finish
