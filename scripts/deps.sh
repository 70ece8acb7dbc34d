#!/bin/sh
# deps.sh — makes sure the Debian packages termc needs are installed.
#
#   sh scripts/deps.sh          what building termc needs
#   sh scripts/deps.sh test     what `make test` needs on top of that
#   sh scripts/deps.sh bench    what `make bench` needs on top of that: its
#                               yardsticks, cmark and pandoc
#
# Run as root, it installs what is missing with apt-get; otherwise it prints
# the exact command to run and fails.
#
# An entry PACKAGE:COMMAND is satisfied by the command alone when it is
# already on the PATH: a machine with Node.js from NodeSource has npm without
# Debian's npm package, which would conflict with it.
set -eu

BUILD="gcc make pkg-config libcmark-dev libxml2-dev libxslt1-dev libhpdf-dev libhyphen-dev \
hyphen-fr check libsubunit-dev fonts-dejavu-core fonts-dejavu-extra fonts-liberation2"
TEST="valgrind clang libclang-rt-dev poppler-utils qpdf chromium:chromium \
default-jre-headless:java npm:npm libxml2-utils time:/usr/bin/time"

BENCH="cmark:cmark pandoc:pandoc time:/usr/bin/time"

case ${1:-} in
  test) want="$BUILD $TEST" ;;
  bench) want="$BUILD $BENCH" ;;
  *) want=$BUILD ;;
esac

missing=""
for entry in $want; do
  pkg=${entry%%:*}
  cmd=${entry#*:}
  if [ "$cmd" != "$entry" ] && command -v "$cmd" >/dev/null 2>&1; then
    continue
  fi
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
  echo "termc: installing missing packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "termc: missing Debian packages:$missing" >&2
  echo "termc: run: sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
