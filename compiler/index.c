/*
 * index.c — INDEX.md, the map of the corpus (`termc index`).
 *
 * For each text: its source, its outputs, what termc found in it, and the
 * defects of the original that the source acknowledges, with their reasons.
 * `make test` regenerates it and fails when the committed file differs, so
 * the map is never stale.
 */
#include "termc.h"

#include <string.h>

typedef struct Counts {
  int internal, external, broken;
  int errors, warnings, acknowledged;
} Counts;

static Counts count(Compilation *c, Document *doc) {
  Counts n = {0};
  for (int i = 0; i < doc->refs.len; i++) {
    Ref *r = doc->refs.items[i];
    n.internal += r->status == REF_INTERNAL;
    n.external += r->status == REF_EXTERNAL;
    n.broken += r->status == REF_BROKEN;
  }
  for (int i = 0; i < c->diags.list.len; i++) {
    Diag *g = c->diags.list.items[i];
    if (!g->file || strcmp(g->file, doc->src->path) != 0)
      continue;
    if (g->acknowledged)
      n.acknowledged++;
    else if (g->severity == SEV_ERROR)
      n.errors++;
    else if (g->severity == SEV_WARNING)
      n.warnings++;
  }
  return n;
}

/* Markdown table cells must not contain a bare pipe or a line break. */
static void cell(Buf *out, const char *s) {
  for (; s && *s; s++) {
    if (*s == '|')
      buf_puts(out, "\\|");
    else if (*s == '\n')
      buf_putc(out, ' ');
    else
      buf_putc(out, *s);
  }
}

static const char *const months[12] = {"janvier", "février", "mars",      "avril",
                                       "mai",     "juin",    "juillet",   "août",
                                       "septembre", "octobre", "novembre", "décembre"};

const char *french_date(Arena *a, const char *iso) {
  int y, m, d;
  if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
    return NULL;
  return arena_printf(a, "%d%s %s %d", d, d == 1 ? "er" : "", months[m - 1], y);
}

/* « 0 erreur », « 1 erreur », « 2 erreurs »: French counts 0 and 1 as singular. */
static void count_of(Buf *out, int n, const char *singular, const char *plural) {
  buf_printf(out, "%d %s", n, n > 1 ? plural : singular);
}

static void document_section(Compilation *c, Document *doc, Buf *out) {
  Counts n = count(c, doc);
  const char *date = french_date(c->arena, doc->date);
  buf_printf(out, "\n## %s\n\n", doc->title);
  buf_printf(out, "- Source : [`%s`](%s)\n", doc->src->path, doc->src->path);
  buf_printf(out, "- Version : %s\n", date ? date : "non datée");
  buf_printf(out, "- Sorties : `out/%s.html`, `out/pdf/%s.pdf`, `out/xml/%s.xml`\n", doc->id,
             doc->id, doc->id);
  buf_puts(out, "- ");
  count_of(out, doc->clauses.len, "clause", "clauses");
  buf_puts(out, ", ");
  count_of(out, doc->terms.len, "terme défini", "termes définis");
  buf_puts(out, ", ");
  count_of(out, n.internal, "renvoi interne", "renvois internes");
  buf_puts(out, ", ");
  count_of(out, n.external, "renvoi externe", "renvois externes");
  buf_puts(out, ", ");
  count_of(out, n.broken, "renvoi brisé", "renvois brisés");
  buf_puts(out, "\n- Diagnostics : ");
  count_of(out, n.errors, "erreur", "erreurs");
  buf_puts(out, ", ");
  count_of(out, n.warnings, "avertissement", "avertissements");
  buf_puts(out, ", ");
  count_of(out, n.acknowledged, "défaut reconnu", "défauts reconnus");
  buf_puts(out, "\n");
  if (n.acknowledged == 0)
    return;
  buf_puts(out, "\nDéfauts de l’original reconnus dans la source :\n\n");
  buf_puts(out, "| Ligne | Code | Constat | Raison |\n| --- | --- | --- | --- |\n");
  for (int i = 0; i < c->diags.list.len; i++) {
    Diag *g = c->diags.list.items[i];
    if (!g->acknowledged || !g->file || strcmp(g->file, doc->src->path) != 0)
      continue;
    buf_printf(out, "| [%d](%s#L%d) | `%s` | ", g->line, doc->src->path, g->line,
               diag_code_name(g->code));
    cell(out, g->message);
    buf_puts(out, " | ");
    cell(out, g->reason);
    buf_puts(out, " |\n");
  }
}

void emit_index_md(Compilation *c, Buf *out) {
  buf_puts(out, "# Index du corpus\n\n"
                "Ce fichier est produit par `termc index sources/*.md` ; ne le modifiez pas à la "
                "main (`make test` vérifie qu’il est à jour).\n\n"
                "| Texte | Source | Version | Clauses | Termes | Renvois int. / ext. | "
                "Défauts reconnus |\n| --- | --- | --- | --- | --- | --- | --- |\n");
  for (int i = 0; i < c->docs.len; i++) {
    Document *doc = c->docs.items[i];
    Counts n = count(c, doc);
    const char *date = french_date(c->arena, doc->date);
    buf_puts(out, "| ");
    cell(out, doc->title);
    buf_printf(out, " | [`%s`](%s) | %s | %d | %d | %d / %d | %d |\n", doc->src->path,
               doc->src->path, date ? date : "non datée", doc->clauses.len, doc->terms.len,
               n.internal, n.external, n.acknowledged);
  }
  buf_puts(out, "\nSorties communes (`make docs`) : `out/index.html` (les textes), "
                "`out/clauses.html` (toutes les clauses), `out/terms.html` (tous les termes "
                "définis), `out/problems.html` (tous les diagnostics), `out/pdf/corpus.pdf` (le "
                "corpus en un PDF).\n");
  for (int i = 0; i < c->docs.len; i++)
    document_section(c, c->docs.items[i], out);
}
