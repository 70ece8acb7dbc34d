#!/bin/sh
# t_site.sh — the HTML site (issue 4) and its safety (issue 6): the five
# sources build into a site that validates (the Nu HTML checker, HTML and
# CSS), whose every link and anchor resolves (tests/browser/crawl.js) and
# that loads nothing from outside; the XML is well-formed and namespaced;
# French spaces survive; raw HTML and javascript: links from a hostile
# source never reach a page; two builds are byte-identical; a broken
# template is reported with its file and line and leaves the previous
# output whole; templates cannot write or read outside their folders.
. tests/e2e/lib.sh
. tests/browser/tools.sh
T=$TERMC
OUT=$TMP/site
NBSP=$(printf '\302\240')
SRC="sources/allmycms.md sources/chatconference.md sources/cloudbizz.md sources/tiktok.md sources/viber.md"

# A fingerprint of a directory tree: every file's path and checksum.
tree_sum() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs md5sum); }

# ---- The five sources --------------------------------------------------------
# shellcheck disable=SC2086
expect_status 0 "the five sources build" "$T" build --no-pdf -o "$OUT" $SRC
missing=""
for page in index clauses terms problems allmycms chatconference cloudbizz tiktok viber; do
  [ -s "$OUT/$page.html" ] || missing="$missing $page.html"
done
for id in allmycms chatconference cloudbizz tiktok viber corpus; do
  [ -s "$OUT/xml/$id.xml" ] || missing="$missing xml/$id.xml"
done
[ -s "$OUT/site.css" ] || missing="$missing site.css"
if [ -z "$missing" ]; then ok "every page, XML file and the CSS are written"; else fail "missing outputs:$missing"; fi

bad=""
for f in "$OUT"/xml/*.xml; do
  xmllint --noout "$f" 2>>"$TMP/xmllint" || bad="$bad $f"
done
if [ -z "$bad" ]; then ok "the XML files are well-formed"; else fail "malformed XML:$bad" "$(cat "$TMP/xmllint")"; fi
expect_grep '<document xmlns="urn:termc:xml:1"' "$OUT/xml/tiktok.xml" "a text's XML is in termc's namespace"
expect_grep '<article eId="10.2" number="10.2" depth="1" cited="2" sourcepos="156:3"' "$OUT/xml/tiktok.xml" \
  "clause 10.2 is an article with its ID, depth, citation count and source position"
expect_grep '<ref eId="ref:[0-9]*" refersTo="ref:[0-9]*" status="internal" target="10.2" sourcepos="[0-9]*:[0-9]*">' \
  "$OUT/xml/tiktok.xml" "a reference to 10.2 carries its status, target and position"
expect_grep '<instrument name="Règlement">' "$OUT/xml/cloudbizz.xml" "external citations are gathered per instrument"
expect_grep '<term eId="terme:client" name="Client" anchor="def:client"' "$OUT/xml/allmycms.xml" \
  "terms carry their ID and the anchor of their definition"
expect_grep '<reason>' "$OUT/xml/tiktok.xml" "acknowledged diagnostics carry their reason"
expect_grep '<date iso="2025-02-24">24 février 2025</date>' "$OUT/xml/corpus.xml" "the corpus gives each date in French"

if browser_tools >"$TMP/tools" 2>&1; then
  if java -jar "$VNU" --errors-only --also-check-css "$OUT"/*.html "$OUT"/*.css >"$TMP/vnu" 2>&1; then
    ok "every page and the CSS are valid (Nu HTML checker)"
  else
    fail "the Nu HTML checker finds errors" "$(sed "s|$OUT/||" "$TMP/vnu")"
  fi
  if node "$BROWSER_DIR/crawl.js" "$OUT" >"$TMP/crawl" 2>&1; then
    ok "every link and anchor resolves, nothing loads from outside ($(head -1 "$TMP/crawl"))"
  else
    fail "the crawl of the site finds problems" "$(cat "$TMP/crawl")"
  fi
else
  fail "the validator and the crawler cannot run" "$(cat "$TMP/tools")"
fi

expect_no_grep '<script' "$OUT/tiktok.html" "no script on a text's page"
expect_grep '<html lang="fr">' "$OUT/tiktok.html" "pages are in French"
expect_grep '<section class="clause clause-article" id="1"><a class="permalink" href="#1"' "$OUT/tiktok.html" \
  "a clause has its ID as anchor and a permalink"
expect_grep '<a class="ref" href="#10.2"' "$OUT/tiktok.html" "internal references are links to their clause"
expect_grep 'Référencée par' "$OUT/tiktok.html" "clauses list the references that cite them"
expect_grep "<span class=\"instrument\">Règlement</span>$NBSP: ""<a href=\"#ref:[0-9]*\">art.${NBSP}28</a>, <a href=\"#ref:[0-9]*\">30.2</a>" \
  "$OUT/cloudbizz.html" "external citations are listed per instrument (« Règlement : art. 28, 30.2 »)"
expect_grep 'class="term" href="#def:[a-z-]*" aria-describedby="glose:' "$OUT/tiktok.html" \
  "defined terms link to their definition, described by the glossary"

# ---- With the PDFs ------------------------------------------------------------
expect_no_grep 'href="pdf/' "$OUT/tiktok.html" "without PDFs (--no-pdf), no page links to one"
# shellcheck disable=SC2086
expect_status 0 "the five sources build with their PDFs" "$T" build -o "$TMP/withpdf" $SRC
expect_grep 'href="pdf/tiktok.pdf"' "$TMP/withpdf/tiktok.html" "a text's page links to its PDF"
expect_grep 'href="pdf/corpus.pdf"' "$TMP/withpdf/index.html" "the index links to the corpus PDF"
if [ -f "$BROWSER_DIR/crawl.js" ] && node "$BROWSER_DIR/crawl.js" "$TMP/withpdf" >"$TMP/crawl" 2>&1; then
  ok "with the PDFs every link lands"
else
  fail "with the PDFs some links do not land" "$(cat "$TMP/crawl")"
fi

# ---- Same input, same bytes -------------------------------------------------
# shellcheck disable=SC2086
"$T" build --no-pdf -o "$TMP/again" $SRC >/dev/null 2>&1
if diff -r "$OUT" "$TMP/again" >"$TMP/diff" 2>&1; then ok "two builds are byte-identical"
else fail "two builds differ" "$(head -20 "$TMP/diff")"; fi

# ---- French typography --------------------------------------------------------
expect_status 0 "a text with French spaces builds" "$T" build --no-pdf -o "$TMP/typo" tests/e2e/site/typography.md
nbsp=$(printf '1\342\200\257000\302\240\342\202\254')    # 1 U+202F 000 U+00A0 €
nnbsp=$(printf 'avance\342\200\257!')                    # avance U+202F !
expect_grep "$nbsp" "$TMP/typo/typography.html" "U+00A0 and U+202F are kept in the page"
expect_grep "$nnbsp" "$TMP/typo/typography.html" "a thin space before « ! » is kept"
expect_grep "$nbsp" "$TMP/typo/xml/typography.xml" "U+00A0 and U+202F are kept in the XML"

# ---- A hostile source ---------------------------------------------------------
expect_status 0 "a source with raw HTML and script links builds (with warnings)" \
  "$T" build --no-pdf --keep-going -o "$TMP/hostile" tests/e2e/site/hostile.md
cat "$TMP"/hostile/*.html >"$TMP/hostile.html"
expect_no_grep '<script' "$TMP/hostile.html" "no <script> from the source reaches a page"
expect_no_grep '<div><script\|<span onmouseover\| onmouseover=\| onerror=\|<img\|<iframe\|<style' "$TMP/hostile.html" \
  "no raw tag or event attribute from the source reaches a page"
expect_no_grep 'href="javascript:\|href="data:' "$TMP/hostile.html" "javascript: and data: links are dropped"
expect_grep '&lt;script&gt;alert(6)&lt;/script&gt;' "$TMP/hostile/hostile.html" "markup written as text stays text"
expect_grep '<span class="dropped-link">lien piégé</span>' "$TMP/hostile/hostile.html" "a dropped link keeps its words"
if [ -f "$VNU" ] && java -jar "$VNU" --errors-only "$TMP"/hostile/*.html >"$TMP/vnu" 2>&1; then
  ok "the hostile text's pages are valid HTML"
else
  fail "the hostile text's pages are not valid HTML" "$(cat "$TMP/vnu" 2>/dev/null)"
fi

# ---- Broken references ----------------------------------------------------------
expect_status 1 "a text with a broken reference is not built" "$T" build --no-pdf -o "$TMP/broken" tests/e2e/site/broken.md
if [ -e "$TMP/broken" ]; then fail "a refused build wrote its output"; else ok "a refused build writes nothing"; fi
expect_status 1 "--keep-going builds it anyway (and still exits 1)" \
  "$T" build --no-pdf --keep-going -o "$TMP/broken" tests/e2e/site/broken.md
expect_grep '<span class="ref broken" id="ref:1">clause 12<span class="flag"> \[renvoi brisé\]</span></span>' \
  "$TMP/broken/broken.html" "--keep-going marks the broken reference visibly, in words"
expect_grep '<a class="ref" href="#2" id="ref:[0-9]*" title="Durée">la durée</a>' "$TMP/broken/broken.html" \
  "a link to a clause ID is a reference to that clause"
expect_grep '<span class="ref broken" id="ref:[0-9]*">une clause absente<span class="flag">' "$TMP/broken/broken.html" \
  "a link to a missing clause ID is marked broken, not left dangling"
if [ -f "$BROWSER_DIR/crawl.js" ] && node "$BROWSER_DIR/crawl.js" "$TMP/broken" >"$TMP/crawl" 2>&1; then
  ok "with --keep-going every link still lands"
else
  fail "with --keep-going some links do not land" "$(cat "$TMP/crawl")"
fi

# ---- Template errors and atomicity --------------------------------------------------
before=$(tree_sum "$OUT")
mkdir "$TMP/tpl"
cp templates/* "$TMP/tpl/"
line=$(grep -n 'select="t:meta/t:title"/></a></h2>' "$TMP/tpl/corpus.xsl" | head -1 | cut -d: -f1)
sed -i "${line}s|select=\"t:meta/t:title\"|select=\"\$no-such-variable\"|" "$TMP/tpl/corpus.xsl"
# shellcheck disable=SC2086
expect_status 2 "a template error fails the build" "$T" build --no-pdf --templates "$TMP/tpl" -o "$OUT" $SRC
expect_grep "^$TMP/tpl/corpus.xsl:$line:[0-9]*: error: .*no-such-variable.*\[template-error\]" "$TMP/out" \
  "the error names the template's file and line"
if [ "$(tree_sum "$OUT")" = "$before" ]; then ok "the previous output is left whole"; else fail "the previous output changed"; fi
leftover=$(find "$TMP" -maxdepth 1 -name 'site.termc-*')
if [ -z "$leftover" ]; then ok "no temporary directory is left behind"; else fail "left behind: $leftover"; fi

cp templates/corpus.xsl "$TMP/tpl/"
line=$(grep -n '<h1><xsl:value-of select="$site-name"/></h1>' "$TMP/tpl/corpus.xsl" | head -1 | cut -d: -f1)
sed -i "${line}s|</h1>|</h2>|" "$TMP/tpl/corpus.xsl"
# shellcheck disable=SC2086
expect_status 2 "a template that is not well-formed fails the build" "$T" build --no-pdf --templates "$TMP/tpl" -o "$OUT" $SRC
expect_grep "^$TMP/tpl/corpus.xsl:$line:[0-9]*: error: .*mismatch.*\[template-error\]" "$TMP/out" \
  "the XML error names the template's file and line"
cp templates/corpus.xsl "$TMP/tpl/"
rm "$TMP/tpl/site.xsl"
expect_status 2 "a missing template fails the build" "$T" build --no-pdf --templates "$TMP/tpl" -o "$OUT" sources/viber.md
expect_grep "site.xsl: error: modèle introuvable" "$TMP/out" "a missing template is named"
expect_status 2 "a missing templates folder fails the build" "$T" build --no-pdf --templates "$TMP/none" -o "$OUT" sources/viber.md
expect_grep "dossier des modèles introuvable" "$TMP/out" "a missing templates folder is explained"
if [ "$(tree_sum "$OUT")" = "$before" ]; then ok "after four failed builds the output is still whole"; else fail "the output changed"; fi

mkdir "$TMP/names"
cp tests/e2e/site/typography.md "$TMP/names/clauses.md"
expect_status 2 "a text named like a page of the site is not built" "$T" build --no-pdf -o "$TMP/n1" "$TMP/names/clauses.md"
expect_grep "clauses.md: error: la page de ce texte, clauses.html, porterait le nom d’une page du site" "$TMP/out" \
  "the text whose page would replace another is named"

# ---- What a template may touch --------------------------------------------------
mkdir "$TMP/evil"
evil() {
  cat >"$TMP/evil/site.xsl" <<XSL
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
  <xsl:template match="/"><html><body>$1</body></html></xsl:template>
</xsl:stylesheet>
XSL
}
evil '<exsl:document href="../escaped.html"><p>x</p></exsl:document>'
expect_status 2 "a template cannot write outside the output folder" "$T" build --no-pdf --templates "$TMP/evil" -o "$TMP/e1" sources/viber.md
expect_grep "write for .*escaped.html refused" "$TMP/out" "the refused write is reported"
if [ -e "$TMP/escaped.html" ]; then fail "the template wrote outside the output folder"; else ok "nothing was written outside"; fi
evil '<xsl:value-of select="document('"'"'/etc/passwd'"'"')"/>'
expect_status 2 "a template cannot read outside its folders" "$T" build --no-pdf --templates "$TMP/evil" -o "$TMP/e2" sources/viber.md
expect_grep "read for /etc/passwd refused" "$TMP/out" "the refused read is reported"
evil '<xsl:value-of select="document('"'"'http://127.0.0.1:9/x.xml'"'"')"/>'
expect_status 2 "a template cannot use the network" "$T" build --no-pdf --templates "$TMP/evil" -o "$TMP/e3" sources/viber.md
expect_grep "Network file read for http://127.0.0.1:9/x.xml refused" "$TMP/out" "the refused network read is reported"

finish
