# words.sh — helpers of t_pdf.sh (sourced).  PAGES is a PDF's text as
# pdftotext writes it: pages ended by form feeds.

# Normalised words of a text, one per line: no-break spaces become spaces;
# a word hyphenated at a line end is joined, then hyphens are dropped, so
# that « ci-dessus », « ci-\ndessus » and a hyphenation point compare equal.
norm_words() {
  sed 's/\xc2\xa0/ /g; s/\xe2\x80\xaf/ /g; s/\xe2\x80\x89/ /g' |
    awk '{
      n = split($0, w, /[ \t]+/); first = 1
      for (i = 1; i <= n; i++) {
        if (w[i] == "") continue
        t = w[i]
        if (first && carry != "") { t = carry t; carry = "" }
        first = 0
        if (i == n && t ~ /-$/ && length(t) > 1) { carry = t; continue }
        gsub(/-/, "", t); if (t != "") print t
      }
    } END { if (carry != "") { gsub(/-/, "", carry); print carry } }'
}

# Each line of PAGES prefixed with its page number and a tab.
numbered() {
  awk 'BEGIN { page = 1 }
    { n = split($0, parts, "\f")
      for (k = 1; k <= n; k++) {
        if (k > 1) page++
        print page "\t" parts[k]
      } }' "$1"
}

# pdf_words PAGES TITLE FIRST: the words of pages FIRST.. without their
# running head TITLE, running foot « page n / N » and margin marks †.
pdf_words() {
  numbered "$1" | awk -F'\t' -v first="$3" -v title="$2" '
    $1 < first || $2 == title || $2 ~ /^page [0-9]+ \/ [0-9]+$/ { next }
    { print substr($0, length($1) + 2) }' | norm_words | grep -v '^†$'
}

# page_of PAGES LINE: the first page after the first with a line that is
# exactly LINE (a part's heading, not its entry in the contents); 0 if none.
page_of() {
  numbered "$1" | awk -F'\t' -v want="$2" '
    $1 > 1 && substr($0, length($1) + 2) == want { print $1; found = 1; exit }
    END { if (!found) print 0 }'
}

# The first page of a text's body in its own PDF: the one after the
# contents, whose last entries are the indexes.
body_page() {
  numbered "$1" | awk -F'\t' '$2 ~ /^Index des termes définis/ { print $1 + 1; exit }'
}

# PAGES with one page a line: no hyphens, single spaces.
page_lines() {
  numbered "$1" | awk -F'\t' '
    $1 != page { if (page) print text; page = $1; text = "" }
    { text = text " " substr($0, length($1) + 2) }
    END { print text }' | sed 's/\xc2\xa0/ /g; s/-//g; s/  */ /g'
}

# text_words FILE TITLE: the words of `termc text`, without the title
# heading (the title block shows it, not the body).
text_words() {
  "$TERMC" text "$1" 2>/dev/null | awk -v title="$2" 'NR == 1 && $0 == title { next } { print }' |
    norm_words
}

# in_order EXPECTED GOT: every expected word, in order, each right after the
# previous one (SKIP more PDF words allowed).  A word a line end split in
# pieces matches their concatenation.  Prints the first word not found.
in_order() {
  awk -v skip="${SKIP:-0}" '
    NR == FNR { want[++n] = $0; next }
    { got[++m] = $0 }
    function at(j, w,   s, k) {
      if (got[j] == w) return 1
      s = got[j]
      for (k = 1; k <= 3 && index(w, s) == 1 && length(s) < length(w); k++) {
        s = s got[j + k]
        if (s == w) return k + 1
      }
      return 0
    }
    END {
      j = 1
      for (i = 1; i <= n; i++) {
        limit = j + skip
        while (j <= m && j <= limit && !(len = at(j, want[i]))) j++
        if (j > m || j > limit) {
          printf "word %d « %s » not found after pdf word %d:", i, want[i], j0
          for (k = j0; k <= j0 + 8 && k <= m; k++) printf " %s", got[k]
          print ""; exit 1
        }
        j0 = j; j += len
      }
      printf "%d words in order\n", n
    }' "$1" "$2"
}

# index_entries PDF FROM TO TITLE: the entries of the clause index on pages
# FROM..TO, one a line: « page<TAB>text » (leaders removed, an entry that
# wraps joined, the running head TITLE and foot skipped).
index_entries() {
  pdftotext -layout -enc UTF-8 -f "$2" -l "$3" "$1" - 2>/dev/null |
    awk -v title="$4" '
      { sub(/^[ \f]+/, ""); sub(/ +$/, "") }
      $0 == "" || $0 == title || $0 == "Index des clauses" || /^page [0-9]+ \/ [0-9]+$/ { next }
      { acc = acc == "" ? $0 : acc " " $0
        if (match(acc, /( \.)* +[0-9]+$/)) {
          page = substr(acc, RSTART); gsub(/[^0-9]/, "", page)
          print page "\t" substr(acc, 1, RSTART - 1); acc = ""
        }
      }'
}

# misplaced ENTRIES PAGELINES: the index entries (« page<TAB>text ») whose
# page does not show the clause: the title's first three words (the number
# as the index prints it may differ from the text's own: « 1.1 » for the
# list item « 1. »), or the whole entry for an untitled clause.
misplaced() {
  awk -F'\t' 'NR == FNR { entry[NR] = $0; n = NR; next }
    { page[FNR] = $0 }
    END {
      for (e = 1; e <= n; e++) {
        split(entry[e], f, "\t"); m = split(f[2], w, " ")
        i = 1
        if (w[1] ~ /[0-9]/) i = 2
        else if (w[1] == "Annexe") i = 3
        s = ""
        for (k = i; k <= m && k < i + 3; k++) s = s (s == "" ? "" : " ") w[k]
        if (s == "") s = f[2]
        gsub(/…/, "", s); gsub(/-/, "", s); gsub(/  +/, " ", s)
        if (!index(page[f[1] + 0], s)) printf "« %s » p. %s: « %s »\n", f[2], f[1], s
      }
    }' "$1" "$2"
}

# missing TITLES OUTLINE: the titles (one a line) that no bookmark has.
missing() {
  awk 'NR == FNR { t[++n] = $0; next } { outline = outline $0 "\n" }
    END { for (i = 1; i <= n; i++) if (!index(outline, t[i])) print t[i] }' "$1" "$2"
}
