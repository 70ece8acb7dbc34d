/*
 * resolve.c — references: from what the recognizer read to what they cite.
 *
 * find_references turns the recognizer's matches into Ref objects, adding the
 * references written explicitly as [text](#id) links and applying the
 * <!-- termc:ref --> annotations.  resolve_references then decides, for each,
 * whether it is external (another instrument is named), internal (every item
 * names a clause of this text) or broken, and reports the broken ones in words
 * a lawyer reads: which clause is missing, which title disagrees.
 */
#include "termc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- Annotations that apply to a block ---------------------------------------- */

/* The annotations of kind written before b or before one of its ancestors:
 * « the next block » may be a list whose paragraphs are inside it. */
static int block_annots(Block *b, AnnotKind kind, Annot **out, int max) {
  int n = 0;
  for (; b; b = b->parent)
    for (int i = 0; i < b->annots.len && n < max; i++) {
      Annot *an = b->annots.items[i];
      if (an->kind == kind)
        out[n++] = an;
    }
  return n;
}

/* ---- Building Ref objects -------------------------------------------------------- */

static Ref *new_ref(Document *doc, FlatText *ft, RefMatch *m) {
  Arena *a = doc->comp->arena;
  Ref *r = arena_alloc(a, sizeof *r);
  r->match = m;
  r->flat = ft;
  r->text = arena_strndup(a, ft->text + m->off, m->len);
  r->pos = flat_pos(doc->src, ft, m->off);
  r->from = ft->block ? ft->block->owner : NULL;
  r->item_targets = arena_alloc(a, sizeof(Clause *) * (size_t)(m->nitems ? m->nitems : 1));
  return r;
}

/* A reference written as a Markdown link to a clause ID: [au point 4.3](#4.3). */
static RefMatch *explicit_match(Arena *a, const FlatSpan *link) {
  RefMatch *m = arena_alloc(a, sizeof *m);
  m->off = link->off;
  m->len = link->len;
  m->unit = UNIT_CLAUSE;
  m->nitems = 1;
  m->items = arena_alloc(a, sizeof(RefItem));
  m->items[0].kind = ITEM_NUMBER;
  m->items[0].off = link->off;
  m->items[0].len = link->len;
  return m;
}

static bool overlaps(size_t a_off, size_t a_len, size_t b_off, size_t b_len) {
  return a_off < b_off + b_len && b_off < a_off + a_len;
}

/* A heading that opens a clause starts with its own number (« ARTICLE 4 – … »):
 * that is a label, not a reference. */
static bool is_own_label(const FlatText *ft, const RefMatch *m) {
  if (!ft->block || ft->block->kind != BLOCK_HEADING || !ft->block->clause)
    return false;
  size_t i = 0;
  while (i < m->off && (ft->text[i] == ' ' || ft->text[i] == '*'))
    i++;
  return i == m->off;
}

/* Applies <!-- termc:ref « TEXT » TARGET --> to the references of ft: those
 * that overlap an occurrence of TEXT take the annotation's verdict; where the
 * recognizer saw none, one is made for TEXT. */
static void apply_ref_annots(Document *doc, FlatText *ft, PtrVec *refs) {
  Annot *annots[32];
  int n = block_annots(ft->block, ANNOT_REF, annots, 32);
  Arena *a = doc->comp->arena;
  for (int k = 0; k < n; k++) {
    Annot *an = annots[k];
    const char *text = an->words[0];
    size_t tlen = strlen(text);
    for (const char *hit = memmem(ft->text, ft->len, text, tlen); hit;
         hit = memmem(hit + 1, ft->len - (size_t)(hit + 1 - ft->text), text, tlen)) {
      size_t off = (size_t)(hit - ft->text);
      bool found = false;
      for (int i = 0; i < refs->len; i++) {
        Ref *r = refs->items[i];
        if (!r || !overlaps(off, tlen, r->match->off, r->match->len))
          continue;
        found = true;
        an->uses++;
        if (an->override == OVERRIDE_NONE) {
          refs->items[i] = NULL;
        } else if (an->override == OVERRIDE_EXTERNAL) {
          r->match->instr = INSTR_OTHER;
          r->instrument = an->value;
        } else {
          r->explicit_link = true;
          r->target_id = an->value;
        }
      }
      if (!found && an->override != OVERRIDE_NONE) {
        FlatSpan span = {.kind = SPAN_LINK, .off = off, .len = tlen};
        Ref *r = new_ref(doc, ft, explicit_match(a, &span));
        an->uses++;
        if (an->override == OVERRIDE_EXTERNAL) {
          r->match->instr = INSTR_OTHER;
          r->instrument = an->value;
        } else {
          r->explicit_link = true;
          r->target_id = an->value;
        }
        vec_push(a, refs, r);
      }
      if (!found && an->override == OVERRIDE_NONE)
        an->uses++; /* nothing to silence is fine: the text is there */
    }
  }
}

static int compare_refs(const void *pa, const void *pb) {
  const Ref *a = *(Ref *const *)pa, *b = *(Ref *const *)pb;
  return a->match->off < b->match->off ? -1 : a->match->off > b->match->off;
}

static void refs_of_flat(Document *doc, FlatText *ft) {
  Arena *a = doc->comp->arena;
  RefMatch *matches;
  int n = refs_scan(a, ft, doc->self_names, doc->nself, &matches);
  PtrVec refs = {0};
  /* Links to #id are explicit references and win over what they contain. */
  for (int i = 0; i < ft->nspans; i++) {
    const FlatSpan *sp = &ft->spans[i];
    if (sp->kind != SPAN_LINK || !sp->url || sp->url[0] != '#')
      continue;
    Ref *r = new_ref(doc, ft, explicit_match(a, sp));
    r->explicit_link = true;
    r->target_id = sp->url + 1;
    r->link = sp->in;
    vec_push(a, &refs, r);
  }
  int explicit_count = refs.len;
  for (int i = 0; i < n; i++) {
    RefMatch *m = &matches[i];
    if (is_own_label(ft, m))
      continue;
    bool inside = false;
    for (int k = 0; k < explicit_count; k++) {
      Ref *e = refs.items[k];
      inside |= overlaps(m->off, m->len, e->match->off, e->match->len);
    }
    if (!inside)
      vec_push(a, &refs, new_ref(doc, ft, m));
  }
  apply_ref_annots(doc, ft, &refs);
  int kept = 0;
  for (int i = 0; i < refs.len; i++)
    if (refs.items[i])
      refs.items[kept++] = refs.items[i];
  refs.len = kept;
  if (kept > 1)
    qsort(refs.items, (size_t)kept, sizeof(void *), compare_refs);
  for (int i = 0; i < kept; i++)
    vec_push(a, &doc->refs, refs.items[i]);
}

void find_references(Document *doc) {
  for (int i = 0; i < doc->flats.len; i++)
    refs_of_flat(doc, doc->flats.items[i]);
  /* An annotation that found no text to apply to is a mistake in the source. */
  for (int i = 0; i < doc->annots.len; i++) {
    Annot *an = doc->annots.items[i];
    if (an->kind == ANNOT_REF && an->uses == 0)
      diag_report(&doc->comp->diags, D_BAD_ANNOTATION, doc->src->path, an->pos,
                  "« termc:ref » : le texte « %s » n’apparaît pas dans le bloc suivant",
                  an->words[0]);
  }
}

/* ---- Resolution ---------------------------------------------------------------- */

static const char *unit_phrase(RefUnit unit) {
  switch (unit) {
  case UNIT_ARTICLE: return "l’article";
  case UNIT_CLAUSE: return "la clause";
  case UNIT_SECTION: return "la section";
  case UNIT_POINT: return "le point";
  case UNIT_PARAGRAPH: return "le paragraphe";
  case UNIT_ALINEA: return "l’alinéa";
  case UNIT_ANNEX: return "l’annexe";
  case UNIT_STIPULATION: return "la stipulation";
  }
  return "la clause";
}

/* Articles, points, paragraphs and alinéas are masculine; clauses,
 * sections, annexes and stipulations feminine: messages agree. */
static bool feminine(RefUnit unit) {
  return !(unit == UNIT_ARTICLE || unit == UNIT_POINT || unit == UNIT_PARAGRAPH ||
           unit == UNIT_ALINEA);
}

static const char *cited(RefUnit unit) { return feminine(unit) ? "citée" : "cité"; }

static Diag *ref_error(Document *doc, Ref *r, DiagCode code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reports a problem of a reference; the subject lets an ack name it. */
static Diag *ref_error(Document *doc, Ref *r, DiagCode code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const char *message = arena_vprintf(doc->comp->arena, fmt, ap);
  va_end(ap);
  Diag *g = diag_report(&doc->comp->diags, code, doc->src->path, r->pos, "%s", message);
  g->subject = r->text;
  g->ref = r;
  return g;
}

/* « l’article 12 cité ici n’existe pas dans ce texte », with advice.  In an
 * annex the text does not have, the annex's own reference says so. */
static void report_missing(Document *doc, Ref *r, const char *number) {
  const char *annex = r->match->annex;
  if (annex) {
    if (clause_by_annex_number(doc, annex))
      ref_error(doc, r, D_BROKEN_REF,
                "%s %s %s ici n’existe pas dans l’annexe %s ; vérifiez le numéro",
                unit_phrase(r->match->unit), number, cited(r->match->unit), annex);
    return;
  }
  ref_error(doc, r, D_BROKEN_REF,
            "%s %s %s ici n’existe pas dans ce texte ; vérifiez le numéro ou, %s appartient à "
            "un autre texte, nommez-le (« du Code civil », « des conditions particulières »…)",
            unit_phrase(r->match->unit), number, cited(r->match->unit),
            feminine(r->match->unit) ? "si elle" : "s’il");
}

/* Looks a number up in the annex the reference names (« l’article 2 de
 * l’Annexe A »), else where it stands: inside an annex, its own numbering
 * first, then the main text's. */
static Clause *lookup(Document *doc, const Ref *r, RefUnit unit, const char *number) {
  if (unit == UNIT_ANNEX)
    return clause_by_annex_number(doc, number);
  if (r->match->annex) {
    const Clause *named = clause_by_annex_number(doc, r->match->annex);
    return named ? clause_by_number(doc, number, named) : NULL;
  }
  const Clause *annex = r->from ? r->from->annex : NULL;
  Clause *c = annex ? clause_by_number(doc, number, annex) : NULL;
  return c ? c : clause_by_number(doc, number, NULL);
}

static void add_target(Document *doc, Ref *r, Clause *c) {
  for (int i = 0; i < r->targets.len; i++)
    if (r->targets.items[i] == c)
      return;
  vec_push(doc->comp->arena, &r->targets, c);
}

/* Folded words of a title without the small words, for subject matching. */
/* The title folded: done once per clause, as every titled reference of
 * the text is compared with every title. */
static const char *folded_title(Arena *a, Clause *c) {
  if (!c->folded_title)
    c->folded_title = text_fold(a, c->title, strlen(c->title));
  return c->folded_title;
}

/* Whether the folded words w[0..len) stand in the folded title t as a whole
 * word (both are single-spaced). */
static bool has_word(const char *t, const char *w, size_t len) {
  for (const char *p = strstr(t, w); p; p = strstr(p + 1, w))
    if ((p == t || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0'))
      return true;
  return false;
}

/* Whether every content word of the folded words fw stands in the folded
 * title ft (« concernant les Frais » and « Frais et Paiement »). */
static bool content_words_in(Arena *a, const char *fw, const char *ft) {
  static const char *const small[] = {"le", "la", "les", "l", "de", "du", "des", "d", "et",
                                      "a", "au", "aux", "en", "pour", "sur", "un", "une"};
  char *w = arena_strdup(a, fw), *save = NULL;
  for (char *tok = strtok_r(w, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
    bool is_small = false;
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
      is_small |= strcmp(tok, small[i]) == 0;
    if (!is_small && !has_word(ft, tok, strlen(tok)))
      return false;
  }
  return true;
}

/* Equal, or the cited title is the title's first words (« Propriété
 * Intellectuelle » for « Propriété Intellectuelle. Droits d’utilisation »);
 * both folded. */
static bool folded_matches(const char *fc, const char *ft) {
  size_t n = strlen(fc);
  if (!*fc)
    return false;
  return strcmp(fc, ft) == 0 || (strncmp(fc, ft, n) == 0 && ft[n] == ' ');
}

static bool title_matches(Arena *a, const char *cited, Clause *c) {
  if (!c->title)
    return false;
  return folded_matches(text_fold(a, cited, strlen(cited)), folded_title(a, c));
}

static Clause *clause_by_title(Document *doc, const char *cited, bool subject) {
  Arena *a = doc->comp->arena;
  const char *fc = text_fold(a, cited, strlen(cited));
  for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < doc->clauses.len; i++) {
      Clause *c = doc->clauses.items[i];
      if (!c->title)
        continue;
      if (pass == 0 && folded_matches(fc, folded_title(a, c)))
        return c;
      if (pass == 1 && subject && content_words_in(a, fc, folded_title(a, c)))
        return c;
    }
  return NULL;
}

/* The enclosing clause a relative reference (« la présente section ») means:
 * the innermost one, or the enclosing annex for « la présente annexe ». */
static Clause *relative_target(const Ref *r, RefUnit unit) {
  Clause *c = r->from;
  if (unit == UNIT_ANNEX)
    return c ? c->annex : NULL;
  while (c && c->kind == CLAUSE_SECTION)
    c = c->parent;
  return c;
}

/* The number that follows n at its level: 3.5.7 → 3.5.8. */
static const char *next_number(Arena *a, const char *n) {
  const char *dot = strrchr(n, '.');
  const char *last = dot ? dot + 1 : n;
  return arena_printf(a, "%.*s%ld", (int)(last - n), n, strtol(last, NULL, 10) + 1);
}

static bool numeric_last(const char *n) {
  const char *dot = strrchr(n, '.');
  const char *last = dot ? dot + 1 : n;
  if (!*last)
    return false;
  for (; *last; last++)
    if (*last < '0' || *last > '9')
      return false;
  return true;
}

static bool resolve_range(Document *doc, Ref *r, const RefItem *it, int index) {
  Arena *a = doc->comp->arena;
  const char *unit = unit_phrase(r->match->unit);
  Clause *first = lookup(doc, r, r->match->unit, it->number);
  Clause *last = lookup(doc, r, r->match->unit, it->last);
  r->item_targets[index] = first;
  bool ok = first && last;
  if (!first)
    ref_error(doc, r, D_BROKEN_RANGE,
              "la plage citée commence par %s %s, qui n’existe pas dans ce texte", unit, it->number);
  if (!last)
    ref_error(doc, r, D_BROKEN_RANGE, "la plage citée finit par %s %s, qui n’existe pas dans ce "
              "texte", unit, it->last);
  if (!numeric_last(it->number) || !numeric_last(it->last))
    return ok;
  long from = strtol(strrchr(it->number, '.') ? strrchr(it->number, '.') + 1 : it->number, NULL, 10);
  long to = strtol(strrchr(it->last, '.') ? strrchr(it->last, '.') + 1 : it->last, NULL, 10);
  if (to - from > 1000) /* a typo, not a range: do not enumerate it */
    return ok;
  const char *n = it->number;
  for (long v = from; v <= to; v++, n = next_number(a, n)) {
    Clause *c = lookup(doc, r, r->match->unit, n);
    if (c)
      add_target(doc, r, c);
    else if (v != from && v != to) {
      ref_error(doc, r, D_BROKEN_RANGE, "la plage citée comprend %s %s, qui n’existe pas dans ce "
                "texte", unit, n);
      ok = false;
    }
  }
  return ok;
}

/* « articles 38 et suivants »: the clause and the clauses after it at its level. */
static bool resolve_following(Document *doc, Ref *r, const RefItem *it, int index) {
  Clause *first = lookup(doc, r, r->match->unit, it->number);
  r->item_targets[index] = first;
  if (!first) {
    report_missing(doc, r, it->number);
    return false;
  }
  for (int i = first->index; i < doc->clauses.len; i++) {
    Clause *c = doc->clauses.items[i];
    if (c->parent == first->parent && c->kind == first->kind)
      add_target(doc, r, c);
  }
  return true;
}

/* « l’article « Support ALLMYCMS » », or number and title together, which
 * must agree: « l’article 12 – « Clause limitative de responsabilité » ». */
static Clause *resolve_title(Document *doc, Ref *r, const RefItem *it, int index) {
  Arena *a = doc->comp->arena;
  if (!it->number) {
    Clause *c = clause_by_title(doc, it->title, false);
    if (!c)
      ref_error(doc, r, D_BROKEN_REF,
                "aucune clause de ce texte ne s’intitule « %s » : vérifiez l’intitulé cité",
                it->title);
    return c;
  }
  Clause *c = lookup(doc, r, r->match->unit, it->number);
  if (!c) {
    report_missing(doc, r, it->number);
    return NULL;
  }
  if (!title_matches(a, it->title, c)) {
    ref_error(doc, r, D_TITLE_MISMATCH,
              "%s %s %s s’intitule « %s », pas « %s » : le numéro et le titre cités ne désignent "
              "pas la même clause",
              unit_phrase(r->match->unit), it->number, cited(r->match->unit),
              c->title ? c->title : "(sans titre)", it->title);
    /* the number is kept as the target: the link still leads somewhere */
    r->item_targets[index] = c;
    add_target(doc, r, c);
    return NULL;
  }
  return c;
}

/* Resolves one item; returns false (after reporting) when it cites nothing. */
static bool resolve_item(Document *doc, Ref *r, const RefItem *it, int index) {
  Clause *c = NULL;
  switch (it->kind) {
  case ITEM_RANGE:
    return resolve_range(doc, r, it, index);
  case ITEM_FOLLOWING:
    return resolve_following(doc, r, it, index);
  case ITEM_RELATIVE:
    c = relative_target(r, r->match->unit);
    if (!c)
      ref_error(doc, r, D_BROKEN_REF, "« %s » est écrit hors de toute clause : il ne désigne rien",
                r->text);
    break;
  case ITEM_SUBJECT:
    c = clause_by_title(doc, it->title, true);
    if (!c)
      ref_error(doc, r, D_BROKEN_REF,
                "aucune clause de ce texte ne porte sur « %s » : vérifiez l’intitulé cité ou "
                "citez la clause par son numéro",
                it->title);
    break;
  case ITEM_TITLE:
    c = resolve_title(doc, r, it, index);
    break;
  case ITEM_NUMBER:
    c = lookup(doc, r, r->match->unit, it->number);
    if (!c)
      report_missing(doc, r, it->number);
    break;
  }
  if (!c)
    return false;
  r->item_targets[index] = c;
  add_target(doc, r, c);
  return true;
}

/* [text](#id), or <!-- termc:ref « … » #id -->: the ID must exist. */
static void resolve_explicit(Document *doc, Ref *r, const char *id) {
  Clause *c = clause_by_id(doc, id);
  if (!c) {
    r->status = REF_BROKEN;
    ref_error(doc, r, D_BROKEN_REF,
              "le renvoi vers « #%s » ne mène à aucune clause de ce texte : vérifiez l’identifiant",
              id);
    return;
  }
  r->item_targets[0] = c;
  add_target(doc, r, c);
  r->status = REF_INTERNAL;
}

void resolve_references(Document *doc) {
  for (int i = 0; i < doc->refs.len; i++) {
    Ref *r = doc->refs.items[i];
    RefMatch *m = r->match;
    if (m->instr == INSTR_OTHER || m->instr == INSTR_LINK) {
      r->status = REF_EXTERNAL;
      if (!r->instrument)
        r->instrument = m->instrument;
      r->url = m->url;
      continue;
    }
    if (r->explicit_link) {
      resolve_explicit(doc, r, r->target_id);
    } else {
      bool ok = true;
      for (int k = 0; k < m->nitems; k++)
        ok &= resolve_item(doc, r, &m->items[k], k);
      r->status = ok ? REF_INTERNAL : REF_BROKEN;
    }
    for (int k = 0; k < r->targets.len; k++)
      vec_push(doc->comp->arena, &((Clause *)r->targets.items[k])->cited_by, r);
  }
}
