#!/bin/sh
# t_cli.sh — the command line as a user meets it: help, errors, exit
# statuses, formats, bad files.
. tests/e2e/lib.sh
T=$TERMC

expect_status 0 "--help exits 0" "$T" --help
expect_grep "check    FILE" "$TMP/out" "--help lists the commands"
expect_status 0 "--version exits 0" "$T" --version
expect_grep "^termc [0-9]" "$TMP/out" "--version prints the version"
expect_status 2 "no command is a usage error" "$T"
expect_grep "see 'termc --help'" "$TMP/out" "a usage error points to --help"
expect_status 2 "an unknown command is a usage error" "$T" frobnicate x.md
expect_status 2 "check without files is a usage error" "$T" check
expect_status 2 "an unknown format is a usage error" "$T" check --format=xml sources/viber.md
expect_status 2 "an unknown option is a usage error" "$T" check --frob sources/viber.md
expect_status 2 "text takes one file" "$T" text sources/viber.md sources/tiktok.md

expect_status 2 "a missing file exits 2" "$T" check "$TMP/absent.md"
expect_grep "absent.md: error: impossible d’ouvrir" "$TMP/out" "a missing file is named, with the reason"
expect_status 2 "a directory exits 2" "$T" check sources
expect_grep "c’est un dossier" "$TMP/out" "a directory is explained"

printf '# T\n\nab\000cd\n' >"$TMP/binary.md"
expect_status 1 "a binary file exits 1" "$T" check "$TMP/binary.md"
expect_grep "binary.md:3:3: error: .*octet nul.*\[binary\]" "$TMP/out" "a NUL byte is located"
printf '# T\n\n\351t\351\n' >"$TMP/latin1.md"
expect_status 1 "a Latin-1 file exits 1" "$T" check "$TMP/latin1.md"
expect_grep "latin1.md:3:1: error: octet 0xE9 invalide en UTF-8.*\[encoding\]" "$TMP/out" "invalid UTF-8 is located"
: >"$TMP/empty.md"
expect_status 0 "an empty file is not an error" "$T" check "$TMP/empty.md"

cat >"$TMP/broken.md" <<'MD'
# Contrat

## Article 1 – Objet

Sous réserve de la clause 10.2, et de l’article 1218 du Code civil.
MD
expect_status 1 "a broken reference exits 1" "$T" check "$TMP/broken.md"
expect_grep "broken.md:5:20: error: .*10.2.*\[broken-ref\]" "$TMP/out" "a broken reference is reported at its line and column"
expect_grep "1 erreur" "$TMP/out" "the summary counts the error"
"$T" check --format=github "$TMP/broken.md" >"$TMP/gh" 2>/dev/null
expect_grep "^::error file=.*broken.md,line=5,col=20,title=termc broken-ref::" "$TMP/gh" "--format=github writes annotations"
"$T" check --format=json "$TMP/broken.md" >"$TMP/json" 2>/dev/null
if node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); if(d.errors!==1||d.diagnostics[0].code!=="broken-ref"||d.diagnostics[0].line!==5) process.exit(1)' "$TMP/json"; then
  ok "--format=json is valid JSON with the diagnostic"
else
  fail "--format=json is valid JSON with the diagnostic" "$(cat "$TMP/json")"
fi

cat >"$TMP/warn.md" <<'MD'
# Contrat

## 1. Un

## 3. Trois
MD
expect_status 0 "a warning alone exits 0" "$T" check "$TMP/warn.md"
expect_status 1 "-Werror makes a warning fail" "$T" check -Werror "$TMP/warn.md"

"$T" symbols sources/*.md >"$TMP/symbols.json" 2>"$TMP/err"
if node -e '
const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const ids = d.documents.map(x => x.id).join(",");
if (ids !== "allmycms,chatconference,cloudbizz,tiktok,viber") throw "ids " + ids;
for (const doc of d.documents) {
  for (const k of ["id","file","title","clauses","terms","references"]) if (!(k in doc)) throw k;
  for (const c of doc.clauses) for (const k of ["id","number","title","line","parent"]) if (!(k in c)) throw "clause " + k;
  for (const t of doc.terms) for (const k of ["term","variants","clause","line","uses"]) if (!(k in t)) throw "term " + k;
  for (const r of doc.references) {
    for (const k of ["text","line","column","status","targets","instrument","acknowledged"]) if (!(k in r)) throw "ref " + k;
    if (!["internal","external","broken"].includes(r.status)) throw r.status;
  }
}
if (!Array.isArray(d.diagnostics)) throw "diagnostics";
' "$TMP/symbols.json"; then ok "symbols prints the documented JSON"; else fail "symbols prints the documented JSON"; fi

expect_status 0 "text prints a document" "$T" text sources/tiktok.md
expect_grep "Conditions d’utilisation par les Développeurs" "$TMP/out" "text has the document's words"
expect_no_grep "\*\*" "$TMP/out" "text has no Markdown markup"

"$T" codes >"$TMP/codes"
for code in broken-ref broken-range title-mismatch duplicate-clause duplicate-term unused-term undefined-term wrong-direction numbering-gap; do
  expect_grep "^$code " "$TMP/codes" "codes lists $code"
done

expect_status 0 "the five sources check clean" "$T" check sources/*.md
if "$T" index -o - sources/*.md 2>/dev/null | cmp -s - INDEX.md; then
  ok "INDEX.md is current (termc index)"
else
  fail "INDEX.md is current (termc index)" "run: ./termc index sources/*.md"
fi
finish
