#!/bin/sh
# t_pdf.sh — the PDFs of `termc build`, checked as a reader and a PDF tool
# see them: valid files (qpdf), every word of each text in order
# (pdftotext against `termc text`), every clause of the index on the page it
# names, a bookmark per clause, French spacing kept, nothing past the
# margin, embedded fonts that map back to text, links, reproducible bytes,
# defects shown, and bounded behaviour on absurd input.
. tests/e2e/lib.sh
. tests/e2e/pdf/words.sh
T=$TERMC
SOURCES="sources/allmycms.md sources/chatconference.md sources/cloudbizz.md sources/tiktok.md sources/viber.md"
export SOURCE_DATE_EPOCH=1700000000

# shellcheck disable=SC2086
expect_status 0 "the five sources build" "$T" build --no-html -o "$TMP/a" $SOURCES
# shellcheck disable=SC2086
expect_status 0 "and build again" "$T" build --no-html -o "$TMP/b" $SOURCES
PDFS="allmycms chatconference cloudbizz tiktok viber corpus"

for d in $PDFS; do
  pdf=$TMP/a/pdf/$d.pdf
  [ -f "$pdf" ] || { fail "$d.pdf is written"; continue; }
  if qpdf --check "$pdf" >"$TMP/qpdf" 2>&1; then ok "$d.pdf: qpdf --check"; else fail "$d.pdf: qpdf --check" "$(cat "$TMP/qpdf")"; fi
  if cmp -s "$pdf" "$TMP/b/pdf/$d.pdf"; then ok "$d.pdf: byte-identical rebuild"; else fail "$d.pdf: byte-identical rebuild"; fi
  pdffonts "$pdf" 2>/dev/null | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-2) != "yes") { bad = 1; print }
    END { exit bad }' >"$TMP/fonts"
  if [ $? -eq 0 ]; then ok "$d.pdf: every font embedded, with a ToUnicode map"; else fail "$d.pdf: fonts" "$(cat "$TMP/fonts")"; fi
  if pdffonts "$pdf" 2>/dev/null | grep -q DejaVu; then fail "$d.pdf: a character of the sources is missing from Liberation Serif"; else ok "$d.pdf: no fallback face needed"; fi
  pdftotext -enc UTF-8 "$pdf" - 2>/dev/null | grep -nE '^[:;!?»]|«$' >"$TMP/spacing"
  if [ -s "$TMP/spacing" ]; then fail "$d.pdf: a line starts with « : ; ! ? » » or ends with « «" "$(head "$TMP/spacing")"; else ok "$d.pdf: French spacing kept at line ends"; fi
  pdftotext -bbox "$pdf" - 2>/dev/null | awk -F'"' '/<word/ && $NF !~ /†/ {
      if ($2 + 0 < 84.99 || $6 + 0 > 510.01) { print; bad = 1 } } END { exit bad }' >"$TMP/margins"
  if [ $? -eq 0 ]; then ok "$d.pdf: no word past the margins"; else fail "$d.pdf: words past the margins" "$(head -5 "$TMP/margins")"; fi
done
if pdfinfo -isodates "$TMP/a/pdf/viber.pdf" 2>/dev/null | grep -q "CreationDate: *2023-11-14T22:13:20"; then
  ok "the creation date is SOURCE_DATE_EPOCH"
else
  fail "the creation date is SOURCE_DATE_EPOCH" "$(pdfinfo -isodates "$TMP/a/pdf/viber.pdf" 2>&1)"
fi

# Text, index and bookmarks, text by text.
for src in $SOURCES; do
  d=$(basename "$src" .md)
  pdf=$TMP/a/pdf/$d.pdf
  [ -f "$pdf" ] || continue
  title=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Title: *//p')
  pages=$TMP/$d.txt
  pdftotext -enc UTF-8 "$pdf" "$pages" 2>/dev/null
  text_words "$src" "$title" >"$TMP/want"
  pdf_words "$pages" "$title" "$(body_page "$pages")" >"$TMP/got"
  if in_order "$TMP/want" "$TMP/got" >"$TMP/order"; then
    ok "$d.pdf: $(cat "$TMP/order") (pdftotext = termc text)"
  else
    fail "$d.pdf: the words of termc text, in order" "$(cat "$TMP/order")"
  fi
  clauses=$("$T" symbols "$src" 2>/dev/null | grep -o '"parent"' | wc -l)
  from=$(page_of "$pages" "Index des clauses")
  to=$(page_of "$pages" "Index des termes définis")
  index_entries "$pdf" "$from" $((to - 1)) "$title" >"$TMP/entries"
  entries=$(wc -l <"$TMP/entries")
  if [ "$entries" -eq "$clauses" ]; then ok "$d.pdf: the index lists the $clauses clauses"; else fail "$d.pdf: the index lists $entries entries for $clauses clauses"; fi
  page_lines "$pages" >"$TMP/pagelines"
  misplaced "$TMP/entries" "$TMP/pagelines" >"$TMP/misplaced"
  if [ -s "$TMP/misplaced" ]; then fail "$d.pdf: index entries on the wrong page" "$(head "$TMP/misplaced")"; else ok "$d.pdf: each index entry's page shows its clause"; fi
  qpdf --json --json-key=outlines "$pdf" >"$TMP/outline" 2>/dev/null
  parts=3
  [ "$(page_of "$pages" "Défauts relevés")" -gt 0 ] && parts=4
  marks=$(grep -c '"title"' "$TMP/outline")
  if [ "$marks" -eq $((clauses + parts)) ]; then ok "$d.pdf: a bookmark per clause ($clauses) and per part"; else fail "$d.pdf: $marks bookmarks for $clauses clauses and $parts parts"; fi
  "$T" symbols "$src" 2>/dev/null | grep -o '"title": "[^"]*"' | sed '1d; s/^"title": "//; s/"$//' >"$TMP/titles"
  missing=$(missing "$TMP/titles" "$TMP/outline")
  if [ -z "$missing" ]; then ok "$d.pdf: every clause title is in the bookmarks"; else fail "$d.pdf: clause titles missing from the bookmarks" "$missing"; fi
done

# The corpus: the five texts, each reachable from the cover and the bookmarks.
corpus=$TMP/a/pdf/corpus.pdf
n=0
for src in $SOURCES; do n=$((n + $(qpdf --show-npages "$TMP/a/pdf/$(basename "$src" .md).pdf"))); done
if [ "$(qpdf --show-npages "$corpus")" -eq $((n + 1)) ]; then ok "corpus.pdf: a cover and the five texts' pages"; else fail "corpus.pdf: $(qpdf --show-npages "$corpus") pages, expected $((n + 1))"; fi
qpdf --json --json-key=outlines "$corpus" | grep -c '^    {' >"$TMP/top"
if [ "$(cat "$TMP/top")" -eq 6 ]; then ok "corpus.pdf: a bookmark for the cover and for each text"; else fail "corpus.pdf: $(cat "$TMP/top") top-level bookmarks"; fi

# Links: references are GoTo links (a destination: a page, /XYZ), addresses
# URI links.
qpdf --qdf --object-streams=disable "$TMP/a/pdf/viber.pdf" "$TMP/v.qdf" 2>/dev/null
gotos=$(awk '/^[0-9]+ 0 obj$/ { link = 0; dest = 0 } /^  \/Subtype \/Link$/ { link = 1 }
  /^  \/Dest \[$/ { d = NR } /^    [0-9]+ 0 R$/ && NR == d + 1 { p = NR }
  /^    \/XYZ$/ && NR == p + 1 { dest = 1 } /^endobj$/ && link && dest { n++ }
  END { print n + 0 }' "$TMP/v.qdf")
if grep -q "/URI (https://" "$TMP/v.qdf" && [ "$gotos" -gt 50 ]; then
  ok "viber.pdf: URI links and internal links"
else
  fail "viber.pdf: URI links and internal links"
fi

# A text with everything: fallback faces, defects, errors kept by --keep-going.
F=tests/e2e/pdf/features.md
expect_status 1 "a text with a broken reference is refused" "$T" build --no-html -o "$TMP/f0" "$F"
[ -e "$TMP/f0" ] && fail "a refused build writes nothing" || ok "a refused build writes nothing"
expect_status 1 "with --keep-going it builds, and still fails" "$T" build --no-html --keep-going -o "$TMP/f" "$F"
fpdf=$TMP/f/pdf/features.pdf
if qpdf --check "$fpdf" >/dev/null 2>&1; then ok "features.pdf: qpdf --check"; else fail "features.pdf: qpdf --check"; fi
pdftotext -enc UTF-8 "$fpdf" "$TMP/f.txt" 2>/dev/null
expect_grep "^Défauts relevés$" "$TMP/f.txt" "features.pdf: a list of defects"
expect_grep "défaut de l’original, reconnu (broken-ref)" "$TMP/f.txt" "features.pdf: the acknowledged defect, with its code"
expect_grep "L’original renvoie à un article 9" "$TMP/f.txt" "features.pdf: and its reason"
expect_grep "erreur (broken-ref)" "$TMP/f.txt" "features.pdf: the error kept by --keep-going"
expect_grep "†" "$TMP/f.txt" "features.pdf: marks in the margin"
expect_grep "✓" "$TMP/f.txt" "features.pdf: a character Liberation lacks comes back from the fallback face"
expect_grep "Version du 17 mai 2024" "$TMP/f.txt" "features.pdf: the version date"
pdffonts "$fpdf" >"$TMP/ffonts" 2>&1
expect_grep "LiberationMono" "$TMP/ffonts" "features.pdf: code in Liberation Mono"
expect_grep "DejaVuSans" "$TMP/ffonts" "features.pdf: the fallback face, embedded"
expect_no_grep "termine-$" "$TMP/f.txt" "features.pdf: « termine-t-elle » is not broken at its hyphens"
printf '# Sans date\n\nUn paragraphe.\n' >"$TMP/undated.md"
expect_status 0 "an undated text builds" "$T" build --no-html -o "$TMP/u" "$TMP/undated.md"
pdftotext "$TMP/u/pdf/undated.pdf" "$TMP/u.txt" 2>/dev/null
expect_grep "Version non datée" "$TMP/u.txt" "undated.pdf: « version non datée »"

# Bookmark titles keep every character of a heading, one beyond the 16-bit
# range too (a UTF-16 surrogate pair), and the tree of the clauses.
printf '# Signes\n\n## Article 1 – Règles 𝔄 et ß\n\n### 1.1 Portée\n\nTexte.\n\n## Article 2 – Suite\n\nVoir l’article 1.\n' >"$TMP/astral.md"
expect_status 0 "a heading with a character beyond U+FFFF builds" "$T" build --no-html -o "$TMP/s" "$TMP/astral.md"
qpdf --json --json-key=outlines "$TMP/s/pdf/astral.pdf" >"$TMP/s.json" 2>&1
expect_grep '"title": "Article 1 – Règles 𝔄 et ß"' "$TMP/s.json" "astral.pdf: the bookmark keeps the heading's characters"
expect_grep '"title": "1.1 Portée"' "$TMP/s.json" "astral.pdf: and the sub-clause under it"

# More than 256 letters: the regular face's glyphs take two bytes, which the
# word spacing operator (Tw) does not stretch; each space is then followed by
# its own adjustment, and justified lines still end on the right margin.
L=tests/e2e/pdf/letters.md
expect_status 0 "a text of 300 letters builds" "$T" build --no-html -o "$TMP/w" "$L"
if grep -aq ' Tw$' "$TMP/w/pdf/letters.pdf"; then
  fail "letters.pdf: its faces are of two-byte codes, without Tw"
else
  ok "letters.pdf: its faces are of two-byte codes, without Tw"
fi
justified=$(pdftotext -bbox-layout "$TMP/w/pdf/letters.pdf" - 2>/dev/null |
  awk -F'"' '/<line/ && $6 + 0 > 509.95 && $6 + 0 < 510.05 { n++ } END { print n + 0 }')
if [ "$justified" -ge 20 ]; then
  ok "letters.pdf: $justified justified lines end on the right margin"
else
  fail "letters.pdf: justified lines end on the right margin" "only $justified do"
fi

# Absurd input: bounded, valid, no overflow.
awk 'BEGIN { printf "# Long\n\n"; for (i = 0; i < 400000; i++) printf "mot%d ", i % 997; print "" }' >"$TMP/long.md"
expect_status 0 "a 3 MB paragraph builds" "$T" build --no-html -o "$TMP/l" "$TMP/long.md"
pdftotext "$TMP/l/pdf/long.pdf" - 2>/dev/null | tr '\n' ' ' >"$TMP/l.txt"
expect_grep "suite du paragraphe omise dans le PDF" "$TMP/l.txt" "long.pdf: says where it cut the paragraph"
num=$(awk 'BEGIN { s = "1"; for (i = 0; i < 999; i++) s = s ".1"; print s }')
printf '# Profond\n\n## 1. Premier\n\n### %s Clause\n\nTexte.\n' "$num" >"$TMP/deep.md"
expect_status 0 "a clause number of a thousand parts builds" "$T" build --no-html -o "$TMP/d" "$TMP/deep.md"
pdftotext -bbox "$TMP/d/pdf/deep.pdf" - 2>/dev/null | awk -F'"' '/<word/ && ($2 + 0 < 84.99 || $6 + 0 > 510.01) { bad = 1 } END { exit bad }'
if [ $? -eq 0 ]; then ok "deep.pdf: the long number wraps inside the margins"; else fail "deep.pdf: the long number overflows"; fi
finish
