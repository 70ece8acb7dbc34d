#!/bin/sh
# t_hostile.sh — hostile inputs (issue 6): whatever a file holds, termc gives
# the right output or a clear diagnostic, exits 0, 1 or 2, never dies of a
# signal, and stays within a time and a memory bound.  docs/limits.md lists
# the bounds and what was measured.
#
# Every run goes through `bounded SECONDS MEGABYTES …`: under timeout, with
# its peak resident memory measured by /usr/bin/time (and, for the plain
# binary, a hard address-space limit as a safety net).  The bounds are those
# of the plain binary with room to spare; the sanitizer build
# (build/termc-asan) is slower and bigger, so they are multiplied for it.
# Under valgrind (TERMC_UNDER=valgrind, tests/valgrind.sh), the inputs of
# many megabytes would take many minutes: those cases are skipped, and say so.
#
# Big inputs are generated in $TMP at test time, never committed.
. tests/e2e/lib.sh
T=$TERMC

TIME_FACTOR=1
MEM_FACTOR=1
MEM_EXTRA=0
HARD_LIMIT=yes
case "$T" in
*asan*) TIME_FACTOR=6 MEM_FACTOR=3 MEM_EXTRA=300 HARD_LIMIT=no ;; # shadow memory, quarantine
esac
if [ "${TERMC_UNDER:-}" = valgrind ]; then
  TIME_FACTOR=60 MEM_FACTOR=3 MEM_EXTRA=300 HARD_LIMIT=no
fi
if [ ! -x /usr/bin/time ]; then
  fail "/usr/bin/time is needed to measure memory (Debian package time; sh scripts/deps.sh test)"
  finish
fi

# bounded SECONDS MEGABYTES "what" cmd… : runs cmd with stdout in $TMP/out
# and stderr in $TMP/err; checks that it ended by itself within SECONDS, with
# exit status 0, 1 or 2 (kept in $status), and with a peak RSS of at most
# MEGABYTES.  Records one check.
bounded() {
  secs=$(($1 * TIME_FACTOR))
  mb=$(($2 * MEM_FACTOR + MEM_EXTRA))
  what=$3
  shift 3
  (
    # Address space, not RSS: threads reserve far more than they touch.
    [ "$HARD_LIMIT" = yes ] && ulimit -v $(((mb * 4 + 1024) * 1024))
    exec /usr/bin/time -f '%e %M' -o "$TMP/usage" timeout -s KILL "$secs" "$@" >"$TMP/out" 2>"$TMP/err"
  )
  status=$?
  usage=$(tail -1 "$TMP/usage")
  elapsed=${usage% *}
  rss_mb=$((${usage#* } / 1024))
  if [ "$status" -gt 2 ]; then
    signal=$(grep -o 'terminated by signal [0-9]*' "$TMP/usage")
    fail "$what: exit $status ${signal:-}(bound ${secs}s)" "$(tail -5 "$TMP/err")"
  elif grep -q "out of memory" "$TMP/err"; then
    fail "$what: out of memory under the limit of $((mb * 4 + 1024)) MB of address space"
  elif [ "$rss_mb" -gt "$mb" ]; then
    fail "$what: peak RSS $rss_mb MB, over the bound of $mb MB"
  else
    ok "$what (exit $status, ${elapsed}s, $rss_mb MB; bounds ${secs}s, $mb MB)"
  fi
}

# once "what": false (with a check saying why) for the sanitizer build: a
# heavy case that repeats another on the same input finds no more there, and
# ./termc has already checked its bounds.
once() {
  case "$T" in
  *asan*)
    ok "$1 # SKIP under ASan: a repeat of the case above on the same input; ./termc runs it"
    return 1 ;;
  esac
  return 0
}

# heavy "what": false (with a check saying why) under valgrind.
heavy() {
  if [ "${TERMC_UNDER:-}" = valgrind ]; then
    ok "$1 # SKIP under valgrind: megabytes of input take minutes there; ASan covers it"
    return 1
  fi
  return 0
}

# status_is N "what": the status of the last bounded run.
status_is() {
  if [ "$status" -eq "$1" ]; then ok "$2"; else fail "$2 (exit $status, expected $1)" "$(head -5 "$TMP/out")"; fi
}

# json_ok FILE "what": FILE is JSON (with node, when installed).
json_ok() {
  if ! command -v node >/dev/null; then
    ok "$2 # SKIP node is not installed"
  elif node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$1" 2>/dev/null; then
    ok "$2"
  else
    fail "$2" "$(head -c 400 "$1")"
  fi
}

# repeat N TEXT: TEXT N times, without a newline.
repeat() {
  awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

H=$TMP/h
mkdir -p "$H"

# ---- Encodings and bytes -------------------------------------------------------

printf '# T\n\nab\351cd\n' >"$H/latin1.md"
bounded 5 50 "invalid UTF-8 (Latin-1)" "$T" check "$H/latin1.md"
status_is 1 "invalid UTF-8 fails the check"
expect_grep "latin1.md:3:3: error: octet 0xE9 invalide en UTF-8.*\[encoding\]" "$TMP/out" "invalid UTF-8 is located and explained"

for bad in 'trunc:\303' 'overlong:\300\257' 'surrogate:\355\240\200' 'beyond:\364\220\200\200' 'lone:\200'; do
  name=${bad%%:*}
  printf "# T\n\nok ${bad#*:}\n" >"$H/$name.md"
  bounded 5 50 "invalid UTF-8 ($name)" "$T" check "$H/$name.md"
  status_is 1 "invalid UTF-8 ($name) fails the check"
  expect_grep "$name.md:3:4: error: .*\[encoding\]" "$TMP/out" "invalid UTF-8 ($name) is located at its byte"
done

printf '# T\n\nab\000cd\n' >"$H/nul.md"
bounded 5 50 "a NUL byte" "$T" check "$H/nul.md"
status_is 1 "a NUL byte fails the check"
expect_grep "nul.md:3:3: error: .*octet nul.*\[binary\]" "$TMP/out" "a NUL byte is located and explained"
head -c 4096 /dev/zero >"$H/zeros.md"
bounded 5 50 "a file of NUL bytes" "$T" symbols "$H/zeros.md"
status_is 1 "a file of NUL bytes fails"
json_ok "$TMP/out" "symbols of a binary file is still JSON, with its diagnostic"

: >"$H/empty.md"
bounded 5 50 "an empty file" "$T" check "$H/empty.md"
status_is 0 "an empty file is not an error"
bounded 5 50 "symbols of an empty file" "$T" symbols "$H/empty.md"
json_ok "$TMP/out" "symbols of an empty file is JSON"
expect_grep '"id": "empty"' "$TMP/out" "an empty file is still a document"
printf '\357\273\277' >"$H/bom-only.md"
bounded 5 50 "a file that is only a BOM" "$T" check "$H/bom-only.md"
status_is 0 "a file that is only a BOM is not an error"

# ---- Size -------------------------------------------------------------------------

# Sparse: the size is refused before a byte is read, so this is instant.
truncate -s 1G "$H/huge.md"
bounded 5 50 "a 1 GB input" "$T" check "$H/huge.md"
status_is 1 "a 1 GB input is refused"
expect_grep "huge.md: error: le fichier fait 1073741824 octets, plus que les 64 Mo.*\[too-large\]" "$TMP/out" "the refusal says the size and the limit"
truncate -s $((64 * 1024 * 1024 + 1)) "$H/limit1.md"
bounded 5 50 "64 MB and one byte" "$T" check "$H/limit1.md"
status_is 1 "one byte over the limit is refused"
expect_grep "\[too-large\]" "$TMP/out" "one byte over the limit is too large"
if heavy "64 MB exactly (read, then refused as binary)"; then
  truncate -s $((64 * 1024 * 1024)) "$H/limit.md"
  bounded 20 400 "64 MB exactly (read, then refused as binary)" "$T" check "$H/limit.md"
  status_is 1 "a 64 MB file of zeros is read and refused as binary"
  expect_grep "limit.md:1:1: error: .*\[binary\]" "$TMP/out" "the zeros are reported at 1:1"
fi

if heavy "a 50 MB single line"; then
  { printf '# Ligne\n\nLe Prestataire exécute les Services. '
    yes 'Le prestataire exécute les services avec soin et diligence selon les règles de l’art' |
      tr '\n' ' ' | head -c $((50 * 1024 * 1024))
    printf '\n'; } >"$H/line.md"
  bounded 60 700 "check of a 50 MB single line" "$T" check "$H/line.md"
  status_is 0 "a 50 MB single line of prose checks clean"
  if once "symbols of a 50 MB single line"; then
    bounded 60 700 "symbols of a 50 MB single line" "$T" symbols "$H/line.md"
    json_ok "$TMP/out" "symbols of a 50 MB line is JSON"
  fi
  bounded 120 900 "build of a 50 MB single line" "$T" build -o "$H/out-line" "$H/line.md"
  status_is 0 "a 50 MB single line builds"
  if [ -s "$H/out-line/line.html" ] && [ -s "$H/out-line/pdf/line.pdf" ]; then
    ok "the 50 MB line has its page and its PDF"
  else
    fail "the 50 MB line has its page and its PDF" "$(ls -R "$H/out-line" 2>&1 | head)"
  fi
  rm -rf "$H/line.md" "$H/out-line"
fi

if heavy "100 000 clauses"; then
  awk 'BEGIN { print "# Cent mille clauses"
         for (i = 1; i <= 100000; i++)
           printf "\n## Article %d – Titre %d\n\nVoir l’article %d.\n", i, i, i % 100000 + 1 }' >"$H/clauses.md"
  bounded 60 1000 "check of 100 000 clauses" "$T" check "$H/clauses.md"
  status_is 0 "100 000 clauses citing one another check clean"
  if once "symbols of 100 000 clauses"; then
    bounded 60 1000 "symbols of 100 000 clauses" "$T" symbols "$H/clauses.md"
    n=$(grep -c '"parent": null}' "$TMP/out")
    if [ "$n" -eq 100000 ]; then ok "the symbol table has the 100 000 clauses"; else fail "the symbol table has the 100 000 clauses ($n)"; fi
    n=$(grep -c '"status": "internal"' "$TMP/out")
    if [ "$n" -eq 100000 ]; then ok "the 100 000 references resolve"; else fail "the 100 000 references resolve ($n)"; fi
  fi
  rm -f "$H/clauses.md"
  # The site and the PDF of 100 000 clauses take minutes and gigabytes
  # (docs/limits.md); CI builds a tenth of it, and a fiftieth under ASan.
  n=10000
  case "$T" in *asan*) n=2000 ;; esac
  awk -v n=$n 'BEGIN { print "# Des milliers de clauses"
         for (i = 1; i <= n; i++)
           printf "\n## Article %d – Titre %d\n\nVoir l’article %d.\n", i, i, i % n + 1 }' >"$H/many-clauses.md"
  bounded 60 1500 "build of $n clauses" "$T" build -o "$H/out-clauses" "$H/many-clauses.md"
  status_is 0 "$n clauses build"
  expect_grep "id=\"$n\"" "$H/out-clauses/many-clauses.html" "the page has the last clause"
  rm -rf "$H/many-clauses.md" "$H/out-clauses"
fi

# ---- Structure ----------------------------------------------------------------------

# nest NAME OPEN CLOSE: a paragraph nested 10 000 deep, with a reference to
# a clause that exists; checked and built.
nest() {
  { printf '# Imbrication\n\n## Article 3 – Objet\n\n'
    repeat 10000 "$2"; printf 'voir l’article 3'; repeat 10000 "$3"; printf '\n'; } >"$H/$1.md"
  bounded 20 300 "check of $1 nested 10 000 deep" "$T" check "$H/$1.md"
  status_is 0 "$1 nested 10 000 deep checks"
  bounded 30 400 "build of $1 nested 10 000 deep" "$T" build -o "$H/out-$1" "$H/$1.md"
  status_is 0 "$1 nested 10 000 deep builds"
}
nest lists '- ' ''
expect_grep "\[deep-nesting\]" "$TMP/err" "deep lists are flattened with a warning"
nest ordered '1. ' ''
nest quotes '> ' ''
expect_grep "\[deep-nesting\]" "$TMP/err" "deep quotes are flattened with a warning"
nest mixed '> - 1) ' ''
nest emphasis '*' '*'
expect_grep "\[deep-nesting\]" "$TMP/err" "deep emphasis is flattened with a warning"
heavy "alternating emphasis nested 10 000 deep" && nest alternating '*a _b ' ' c_ d*'
nest strong '**' '**'
nest links '[' '](https://example.com)'
nest brackets '[' ']'
nest parentheses '(' ')'
nest guillemets '« ' ' »'

awk 'BEGIN { print "# Liste\n"
       for (i = 0; i < 1000; i++) { for (k = 0; k < i; k++) printf "  "; printf "- élément %d\n", i } }' >"$H/indented.md"
bounded 20 300 "a list indented 1 000 levels" "$T" build -o "$H/out-indented" "$H/indented.md"
status_is 0 "a list indented 1 000 levels builds"
if heavy "1 000 paragraphs quoted 1 to 1 000 deep"; then
  awk 'BEGIN { print "# Citations\n"
         for (i = 1; i <= 1000; i++) { for (k = 0; k < i; k++) printf "> "; printf "texte %d\n\n", i } }' >"$H/quotes-lines.md"
  bounded 30 600 "1 000 paragraphs quoted 1 to 1 000 deep" "$T" check "$H/quotes-lines.md"
  status_is 0 "1 000 paragraphs quoted 1 to 1 000 deep check"
fi

number=$(repeat 999 '1.')1
{ printf '# Numéros\n\n## Article 1 – Un\n\n## %s Mille\n\n' "$number"
  printf 'Voir la clause %s et l’article 1.\n' "$number"; } >"$H/parts.md"
bounded 10 100 "a clause number with 1 000 parts" "$T" symbols "$H/parts.md"
status_is 0 "a clause number with 1 000 parts is read"
expect_grep "\"id\": \"$number\"" "$TMP/out" "the clause keeps its 1 000-part number as its ID"
expect_grep "\"targets\": \[\"$number\"\]" "$TMP/out" "a reference to it resolves"
bounded 20 200 "build of a clause number with 1 000 parts" "$T" build -o "$H/out-parts" "$H/parts.md"
status_is 0 "a clause number with 1 000 parts builds"

# 1, 1.1, 1.1.1 … 200 levels of clauses, each a paragraph that opens with
# its number: deeper than the XML of the site nests (xml.c).
awk 'BEGIN { print "# Profondeur\n"; n = "1"
       for (i = 1; i <= 200; i++) { printf "%s. Clause de niveau %d.\n\n", n, i; n = n ".1" } }' >"$H/deep-clauses.md"
bounded 20 200 "200 levels of clauses" "$T" build -o "$H/out-deep" "$H/deep-clauses.md"
status_is 0 "200 levels of clauses build"

{ printf '# Renvois\n'
  for i in $(seq 1 100); do printf '\n## Article %d – Titre\n\nTexte.\n' "$i"; done
  printf '\nVoir '; awk 'BEGIN { for (i = 0; i < 10000; i++) printf "l’article %d, ", i % 100 + 1 }'
  printf 'et les articles '; awk 'BEGIN { for (i = 0; i < 10000; i++) printf "%d, ", i % 100 + 1 }'
  printf '1.\n'; } >"$H/refs.md"
bounded 20 300 "10 000 references on one line" "$T" symbols "$H/refs.md"
status_is 0 "10 000 references on one line resolve"
n=$(grep -c '"status": "internal"' "$TMP/out")
if [ "$n" -eq 10001 ]; then ok "the 10 000 references and the list of 10 000 numbers are all there"; else fail "10 001 references expected, $n found"; fi
if heavy "build of 10 000 references on one line"; then
  bounded 60 600 "build of 10 000 references on one line" "$T" build -o "$H/out-refs" "$H/refs.md"
  status_is 0 "10 000 references on one line build"
fi

awk 'BEGIN { print "# Défauts reconnus\n\n## Article 1 – Un\n"
       for (i = 2; i <= 10001; i++)
         printf "Voir l’article %d. <!-- termc:ack broken-ref « article %d » Absent. -->\n\n", i, i }' >"$H/acks.md"
bounded 20 300 "10 000 acknowledged defects" "$T" check "$H/acks.md"
status_is 0 "10 000 acknowledged defects do not fail the check"
expect_grep "10000 défauts reconnus" "$TMP/err" "the 10 000 acknowledgements all apply"
mkdir -p "$H/many"
awk -v dir="$H/many" 'BEGIN { for (i = 1; i <= 3000; i++) {
       f = dir "/texte" i ".md"; printf "# Texte %d\n\n## Article 1 – Un\n\nVoir l’article 2.\n", i > f; close(f) } }'
bounded 30 300 "3 000 files at once" "$T" check "$H"/many/*.md
status_is 1 "3 000 files with a broken reference each fail the check"
expect_grep "3000 fichiers, 3000 erreurs" "$TMP/err" "every one of the 3 000 files is checked"
rm -rf "$H/many"

cat >"$H/self.md" <<'MD'
# Renvoi à soi

## Article 1 – Objet

Conformément à l’article 1, le présent article s’applique.
MD
bounded 5 50 "a clause that cites itself" "$T" check "$H/self.md"
status_is 0 "a clause that cites itself is a warning, not an error"
expect_grep "self.md:5:18: warning: .*\[self-reference\]" "$TMP/out" "a clause that cites itself is reported where it does"
bounded 5 50 "build of a clause that cites itself" "$T" build -o "$H/out-self" "$H/self.md"
status_is 0 "a clause that cites itself builds"

cat >"$H/dup.md" <<'MD'
# Doublons

## Article 2 – Premier

## Article 2 – Second

## Objet {#objet}

## Autre objet {#objet}
MD
bounded 5 50 "duplicate clause numbers and IDs" "$T" check "$H/dup.md"
status_is 1 "duplicate clause numbers and IDs fail the check"
expect_grep "dup.md:5:4: error: .*\[duplicate-clause\]" "$TMP/out" "the second clause 2 is reported"
expect_grep "dup.md:9:.*error: .*\[duplicate-id\]" "$TMP/out" "the second ID « objet » is reported"
bounded 5 50 "build with duplicates" "$T" build -o "$H/out-dup" "$H/dup.md"
status_is 1 "a build with duplicates is refused"
if [ -e "$H/out-dup" ]; then fail "a refused build writes nothing"; else ok "a refused build writes nothing"; fi
mkdir -p "$H/a" "$H/b"
cp "$H/self.md" "$H/a/same.md"
cp "$H/self.md" "$H/b/same.md"
bounded 10 100 "two texts with the same file name" "$T" build -o "$H/out-same" "$H/a/same.md" "$H/b/same.md"
status_is 2 "two texts with the same file name cannot be built"
expect_grep "portent le même nom" "$TMP/err" "the clash of names is explained"

# ---- Files that are not texts ---------------------------------------------------

bounded 5 50 "a directory" "$T" check "$H"
status_is 2 "a directory is an I/O failure"
expect_grep "c’est un dossier" "$TMP/out" "a directory is explained"
rm -f "$H/fifo"
mkfifo "$H/fifo"
bounded 5 50 "a FIFO with no writer" "$T" check "$H/fifo"
status_is 2 "a FIFO is refused at once, not waited on"
expect_grep "fifo: error: ce n’est pas un fichier ordinaire" "$TMP/out" "a FIFO is not a regular file"
bounded 5 50 "/dev/zero" "$T" check /dev/zero
status_is 2 "/dev/zero is refused, not read forever"
ln -s loop-b "$H/loop-a"
ln -s loop-a "$H/loop-b"
bounded 5 50 "a symbolic link loop" "$T" check "$H/loop-a"
status_is 2 "a symbolic link loop is an I/O failure"
expect_grep "loop-a: error: impossible d’ouvrir le fichier" "$TMP/out" "a symbolic link loop is explained"
bounded 5 50 "a missing file beside a good one" "$T" check "$H/absent.md" "$H/self.md"
status_is 2 "a missing file makes the run fail with 2"
expect_grep "self.md:5:18: warning" "$TMP/out" "the good file is still checked"

# Root reads a file of mode 000: run termc as nobody instead, when setpriv
# exists and nobody can reach the binary; otherwise there is no way to make a
# file unreadable, and the case is skipped.
printf '# T\n' >"$H/secret.md"
chmod 000 "$H/secret.md"
chmod 755 "$TMP" "$H"
if [ "$(id -u)" != 0 ]; then
  bounded 5 50 "an unreadable file" "$T" check "$H/secret.md"
  status_is 2 "an unreadable file is an I/O failure"
  expect_grep "secret.md: error: impossible d’ouvrir le fichier : Permission denied" "$TMP/out" "an unreadable file is explained"
elif command -v setpriv >/dev/null && setpriv --reuid=nobody --regid=nogroup --clear-groups "$T" --version >/dev/null 2>&1; then
  bounded 5 50 "an unreadable file (as nobody)" setpriv --reuid=nobody --regid=nogroup --clear-groups "$T" check "$H/secret.md"
  status_is 2 "an unreadable file is an I/O failure"
  expect_grep "secret.md: error: impossible d’ouvrir le fichier : Permission denied" "$TMP/out" "an unreadable file is explained"
else
  ok "an unreadable file # SKIP running as root, and nobody cannot run $T (or setpriv is missing)"
fi
chmod 600 "$H/secret.md"

# ---- Line ends and byte order marks ----------------------------------------------

printf '# Titre\r\n\r\n## Article 1 – Un\r\n\r\nVoir l’article 2.\r\n' >"$H/crlf.md"
bounded 5 50 "CRLF line ends" "$T" check "$H/crlf.md"
expect_grep "crlf.md:5:8: error: .*\[broken-ref\]" "$TMP/out" "CRLF: the reference is at its line and column"
bounded 5 50 "symbols with CRLF" "$T" symbols "$H/crlf.md"
expect_grep '"title": "Un"' "$TMP/out" "CRLF: titles have no carriage return"
printf '# Titre\r\r## Article 1 – Un\r\rVoir l’article 2.\r' >"$H/cr.md"
bounded 5 50 "CR line ends (old Mac)" "$T" check "$H/cr.md"
expect_grep "cr.md:5:8: error: .*\[broken-ref\]" "$TMP/out" "CR alone ends a line, as in CommonMark"
printf '\357\273\277Voir l’article 2.\n' >"$H/bom.md"
bounded 5 50 "a BOM" "$T" check "$H/bom.md"
expect_grep "bom.md:1:8: error: .*\[broken-ref\]" "$TMP/out" "a BOM is not counted in columns"
printf '\357\273\277# Titre\r\n\r\nVoir l’article 2.\r\n' >"$H/bom-crlf.md"
bounded 5 50 "a BOM and CRLF" "$T" symbols "$H/bom-crlf.md"
expect_grep '"title": "Titre",' "$TMP/out" "BOM and CRLF: the title is clean"
expect_grep '"line": 3, "column": 8' "$TMP/out" "BOM and CRLF: the reference is at 3:8"
printf '# T\n\n## Article 1 – Un\r\n\nVoir\357\273\277 l’article 1.\r\n' >"$H/mixed.md"
bounded 5 50 "mixed line ends and a BOM inside" "$T" check "$H/mixed.md"
status_is 0 "mixed line ends and a BOM inside check clean"

# ---- Site safety ------------------------------------------------------------------

# page_problems DIR: what in DIR's pages could run script, one line each.
# The pages are first parsed and written back as XML by xmllint, so that a
# « < » is an element and never escaped text, and every attribute is quoted
# the same way.
page_problems() {
  for page in "$1"/*.html; do
    xmllint --html --xmlout "$page" 2>/dev/null >"$TMP/page.xml"
    grep -io '<\(script\|iframe\|frame\|object\|embed\|applet\|base\|form\|img\|svg\|b\)[ />]' "$TMP/page.xml"
    grep -io ' on[a-z]*="[^"]*"' "$TMP/page.xml"
    # Every link target: relative, #…, http(s) or mailto.
    grep -o ' \(href\|src\|action\|formaction\)="[^"]*"' "$TMP/page.xml" | sed 's/^ [a-z]*="//; s/"$//' |
      grep -iv '^\(https\?:\|mailto:\|#\|[^:]*$\|[^:]*[/?#]\)'
  done
}

# expect_safe_pages DIR PAGE "what": DIR/PAGE was written, and no page of
# DIR has a problem page_problems finds.
expect_safe_pages() {
  if ! command -v xmllint >/dev/null; then
    ok "$3 # SKIP xmllint is missing (libxml2-utils; sh scripts/deps.sh test)"
  elif [ ! -s "$1/$2" ]; then
    fail "$3: $2 was not written"
  else
    page_problems "$1" >"$TMP/problems"
    if [ -s "$TMP/problems" ]; then fail "$3" "$(head -5 "$TMP/problems")"; else ok "$3"; fi
  fi
}

cat >"$H/xss.md" <<'MD'
# Texte <script>alert(1)</script> "guillemets" & 'apostrophes' </title><script>alert(19)</script>

<script>alert(2)</script>

<div onclick="alert(3)"><img src=x onerror=alert(4)>Bloc</div>

## Article 1 – Objet <b onmouseover=alert(5)>gras</b> &lt;script&gt;alert(20)&lt;/script&gt;

Un [lien](javascript:alert(6)), un [autre](JaVaScRiPt:alert(7)), un
[troisième](java&#x09;script:alert(8)), un [quatrième](&#106;avascript:alert(9)),
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMCk8L3NjcmlwdD4=),
[vb](vbscript:msgbox(11)), [fichier](file:///etc/passwd), <javascript:alert(12)>,
![image](javascript:alert(13)), [réf][x], `<script>alert(14)</script>` et
<a href="javascript:alert(15)">balise</a> <iframe src="https://example.com"></iframe>.

[x]: javascript:alert(16)

    <script>alert(17)</script>

```html
<script>alert(18)</script>
```

Un [vrai lien](https://example.com/?a=1&b=<2>) et [un courriel](mailto:a@example.com), un
[titre](https://example.com/a"b "titre \" onmouseover=alert(21) <b>"), du texte
&lt;img src=x onerror=alert(22)&gt; et &#60;script&#62;alert(23)&#60;/script&#62;.

« Terme<script> » désigne une chose. Le Terme<script> s’applique, comme
l’article « Objet <script>alert(24)</script> ».
MD
bounded 20 200 "build of a text full of script" "$T" build -k -o "$H/out-xss" "$H/xss.md"
status_is 1 "a text full of script builds (its broken reference marked)"
expect_grep "\[unsafe-link\]" "$TMP/err" "unsafe links are dropped with a warning"
expect_grep "\[raw-html\]" "$TMP/err" "raw HTML is reported"
expect_safe_pages "$H/out-xss" xss.html "no page holds script, an event attribute or an unsafe link"
expect_grep 'href="https://example.com/?a=1&amp;b=' "$H/out-xss/xss.html" "a safe link is kept, escaped"
expect_grep 'alert(14)' "$H/out-xss/xss.html" "code keeps its text, as text"
expect_grep '&lt;script&gt;alert(20)' "$H/out-xss/xss.html" "escaped markup in a title stays text"

# A file name is a page's name: one that cannot name a page (« : », space, …)
# is refused with a clear message; one made of markup characters that can
# builds, and its name reaches the pages only as escaped text.
mkdir -p "$H/fn"
cp "$H/self.md" "$H/fn/javascript:alert(1).md"
cp "$H/self.md" "$H/fn/\"><img src=x onerror=alert(1)>.md"
for f in "$H"/fn/*.md; do
  bounded 20 200 "build of a file named $(basename "$f")" "$T" build -o "$H/out-fn" "$f"
  status_is 2 "a file named $(basename "$f") is refused"
  expect_grep "ne peut pas nommer une page web.*\[output-error\]" "$TMP/err" "the refusal says why and what to do"
  rm -rf "$H/out-fn"
done
rm -f "$H"/fn/*.md
cp "$H/self.md" "$H/fn/\"'<b>&amp;x.md"
bounded 20 200 "build of a file named \"'<b>&amp;x.md" "$T" build -o "$H/out-fn" "$H"/fn/*.md
status_is 0 "a file named with markup characters builds"
expect_safe_pages "$H/out-fn" index.html "a hostile file name reaches no page as markup or as a link"
expect_grep "'&lt;b&gt;&amp;amp;x" "$H/out-fn/index.html" "the name reaches the pages escaped"
rm -rf "$H/out-fn"

# Hostile templates: a copy of templates/ whose site.xsl tries to write
# outside the build folder, read a local file outside its folders, or reach
# the network.  Each must fail as a template error, write nothing outside,
# and leave the previous out/ as it was.
"$T" build --no-pdf -o "$H/out-tpl" "$H/self.md" >/dev/null 2>&1
(cd "$H/out-tpl" && find . -type f -exec cksum {} + | sort) >"$TMP/tpl-before"
hostile_template() {
  rm -rf "$H/tpl"
  cp -r templates "$H/tpl"
  cat >"$H/tpl/site.xsl" <<XSL
<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
  <xsl:template match="/">
    $2
    <html><body>ok</body></html>
  </xsl:template>
</xsl:stylesheet>
XSL
  bounded 20 200 "a template that $1" "$T" build --no-pdf --templates="$H/tpl" -o "$H/out-tpl" "$H/self.md"
  status_is 2 "a template that $1 fails the build"
  expect_grep "\[template-error\]" "$TMP/err" "a template that $1 is a template error"
  (cd "$H/out-tpl" && find . -type f -exec cksum {} + | sort) >"$TMP/tpl-after"
  if cmp -s "$TMP/tpl-before" "$TMP/tpl-after"; then
    ok "a template that $1 leaves out/ as it was"
  else
    fail "a template that $1 leaves out/ as it was" "$(diff "$TMP/tpl-before" "$TMP/tpl-after" | head)"
  fi
}
hostile_template "writes ../escape.html" '<exsl:document href="../escape.html"><p>x</p></exsl:document>'
hostile_template "writes an absolute path" "<exsl:document href=\"$H/escape-abs.html\"><p>x</p></exsl:document>"
hostile_template "reads the network" "<xsl:copy-of select=\"document('http://127.0.0.1:9/x')\"/>"
hostile_template "reads /etc/passwd" "<xsl:copy-of select=\"document('file:///etc/passwd')\"/>"
hostile_template "includes a stylesheet from the network" '</xsl:template><xsl:include href="http://127.0.0.1:9/x.xsl"/><xsl:template name="unused">'
hostile_template "does not parse" '<xsl:value-of select="(("/>'
if ls "$H"/escape* "$H"/../escape* "$H/out-tpl"/../escape* 2>/dev/null | grep -q .; then
  fail "no hostile template wrote outside the build folder" "$(ls "$H"/escape* "$H"/../escape* 2>/dev/null)"
else
  ok "no hostile template wrote outside the build folder"
fi

finish
