# tools.sh — the site tests' tools (sourced by tests/e2e/t_site.sh and
# t_browser.sh): the Nu HTML validator and playwright-core from npm
# (package.json, package-lock.json), installed once into node_modules with
# `npm ci`; Java and Chromium from Debian (scripts/deps.sh test).
#
#   browser_tools       installs what is missing; returns 1 (with a message
#                       saying what to install) when a tool is unavailable
#   VNU                 the validator's jar, once browser_tools succeeded
BROWSER_DIR=tests/browser
VNU=$BROWSER_DIR/node_modules/vnu-jar/build/dist/vnu.jar

browser_tools() {
  for tool in java node npm flock; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "missing: $tool (run: sh scripts/deps.sh test)"
      return 1
    fi
  done
  if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    echo "missing: chromium (run: sh scripts/deps.sh test)"
    return 1
  fi
  [ -f "$VNU" ] && [ -f "$BROWSER_DIR/node_modules/playwright-core/package.json" ] && return 0
  # Two test runs may start at once (make -j): flock lets one install while
  # the other waits, and frees the lock if the installing run is killed.
  # --ignore-scripts: vnu-jar's install script would download a Java runtime.
  flock "$BROWSER_DIR/.install-lock" sh -c '
    cd "$1" || exit 1
    [ -f node_modules/vnu-jar/build/dist/vnu.jar ] && [ -f node_modules/playwright-core/package.json ] && exit 0
    npm ci --ignore-scripts --no-audit --no-fund' sh "$BROWSER_DIR" >"${TMP:-/tmp}/npm.log" 2>&1 ||
    { echo "npm ci failed in $BROWSER_DIR:"; tail -5 "${TMP:-/tmp}/npm.log"; }
  [ -f "$VNU" ] && [ -f "$BROWSER_DIR/node_modules/playwright-core/package.json" ]
}
