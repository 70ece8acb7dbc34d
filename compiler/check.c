/*
 * check.c — checks that need resolved references, and acknowledgements.
 *
 * A direction word is a promise to the reader: « ci-dessus » means look back,
 * « ci-dessous » look ahead.  A clause that cites itself by number (without
 * « le présent » or « cette ») usually means a wrong number.
 *
 * Acknowledgements are applied once, after every document is checked: an
 * <!-- termc:ack CODE « TEXT » reason --> marks the diagnostics of that code
 * in the block it precedes as known defects of the original.  They stay
 * listed, with their reason, and stop failing the check.  An ack that
 * matches nothing is reported, so that the list stays true.
 */
#include "termc.h"

#include <string.h>

static bool before(Pos a, Pos b) { return a.line < b.line || (a.line == b.line && a.col < b.col); }

/* « ci-dessus » promises a target before the reference, « ci-dessous » one
 * after it. */
static void check_direction(Document *doc, Ref *r) {
  RefDirection dir = r->match->direction;
  if (dir == DIR_NONE || r->status != REF_INTERNAL)
    return;
  for (int i = 0; i < r->targets.len; i++) {
    Clause *t = r->targets.items[i];
    bool target_before = before(t->pos, r->pos);
    if (target_before == (dir == DIR_BEFORE))
      continue;
    Diag *g = diag_report(&doc->comp->diags, D_WRONG_DIRECTION, doc->src->path, r->pos,
                          "« %s » renvoie plus %s, mais %s %s se trouve plus %s (ligne %d)",
                          r->text, dir == DIR_BEFORE ? "haut" : "bas",
                          t->kind == CLAUSE_ANNEX ? "l’annexe" : "la clause",
                          t->number ? t->number : t->title ? t->title : t->id,
                          target_before ? "haut" : "bas", t->pos.line);
    g->subject = r->text;
    g->ref = r;
    return;
  }
}

static void check_self_reference(Document *doc, Ref *r) {
  if (r->status != REF_INTERNAL || r->match->demonstrative || !r->from)
    return;
  for (int k = 0; k < r->match->nitems; k++) {
    const RefItem *it = &r->match->items[k];
    if (it->kind == ITEM_RELATIVE || r->item_targets[k] != r->from)
      continue;
    Diag *g = diag_report(&doc->comp->diags, D_SELF_REFERENCE, doc->src->path, r->pos,
                          "la clause %s se cite elle-même : vérifiez le numéro (pour un renvoi "
                          "voulu, écrivez « la présente clause »)",
                          r->from->number ? r->from->number : r->from->id);
    g->subject = r->text;
    g->ref = r;
    return;
  }
}

void check_document(Document *doc) {
  for (int i = 0; i < doc->refs.len; i++) {
    Ref *r = doc->refs.items[i];
    check_direction(doc, r);
    check_self_reference(doc, r);
  }
}

static bool ack_matches(const Annot *an, const Diag *g) {
  if (g->code != an->code || g->line < an->first_line || g->line > an->last_line)
    return false;
  if (an->nwords == 0)
    return true;
  const char *text = an->words[0];
  return (g->subject && strstr(g->subject, text)) || strstr(g->message, text);
}

void apply_acks(Compilation *c) {
  int ndiags = c->diags.list.len; /* unused-ack reports are not candidates */
  for (int d = 0; d < c->docs.len; d++) {
    Document *doc = c->docs.items[d];
    for (int i = 0; i < doc->annots.len; i++) {
      Annot *an = doc->annots.items[i];
      if (an->kind != ANNOT_ACK)
        continue;
      for (int k = 0; k < ndiags; k++) {
        Diag *g = c->diags.list.items[k];
        if (g->file != doc->src->path && (!g->file || strcmp(g->file, doc->src->path) != 0))
          continue;
        if (!ack_matches(an, g))
          continue;
        g->acknowledged = true;
        g->reason = an->value;
        if (g->ref)
          g->ref->acknowledged = true;
        an->uses++;
      }
      if (an->uses == 0)
        diag_report(&c->diags, D_UNUSED_ACK, doc->src->path, an->pos,
                    "cet acquittement ne correspond à aucun diagnostic « %s »%s%s%s dans le bloc "
                    "qui le suit : retirez-le ou corrigez-le",
                    diag_code_name(an->code), an->nwords ? " sur « " : "",
                    an->nwords ? an->words[0] : "", an->nwords ? " »" : "");
    }
  }
}
