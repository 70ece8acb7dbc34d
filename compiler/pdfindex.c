/*
 * pdfindex.c — what a book has around a text: the title block and the
 * contents before it; the index of clauses, the index of defined terms and
 * the list of defects after it; and, for the corpus, a cover that lists
 * the texts.
 *
 * Every entry is a link to what it names, and shows its page.  The
 * contents come before the body, so their page numbers are not known when
 * they are set: their entries reserve a column for the number, which
 * pdf.c writes when it draws the page.  The indexes come after the body and
 * print their numbers directly.
 */
#include "pdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const Target no_link = {.kind = TARGET_NONE};

static void text(Typesetter *ts, const char *s, FontSlot font, Target link) {
  ts_text(ts, s, strlen(s), font, COLOR_TEXT, link);
}

/* A part's title at the top of its first page, where its bookmark and
 * its entry in the contents point. */
static void part_heading(Typesetter *ts, Galley *g, const char *title, const Part *part) {
  ParStyle st = {.font = FONT_BOLD, .size = 14, .leading = 18, .width = TEXT_WIDTH,
                 .align = ALIGN_LEFT};
  ts_begin(ts, &st);
  ts_anchor(ts, target(TARGET_PART, part));
  text(ts, title, FONT_BOLD, no_link);
  int first = ts_end(ts, g);
  for (int i = first; i >= 0 && i < g->nlines; i++)
    g->lines[i].keep = true;
}

/* An entry of the contents or an index: ragged, later lines indented. */
static void entry_begin(Typesetter *ts, double indent, double above, FontSlot font) {
  ParStyle st = {.font = font, .size = BODY_SIZE, .leading = 13, .indent = indent,
                 .width = TEXT_WIDTH - indent - PAGE_COLUMN, .hang = 12, .align = ALIGN_LEFT,
                 .above = above};
  ts_begin(ts, &st);
}

/* Dot leaders on a grid, so that the dots of all entries line up.  They
 * belong to the entry's link: one link box covers the whole line, and
 * libharu pays for every box (about 1.4 KB of memory each). */
static void leaders(Typesetter *ts, Galley *g, int line, double from, double to, Target link) {
  double dot = ts_width(ts, ".", 1, FONT_REGULAR, BODY_SIZE);
  double step = ts_width(ts, ". ", 2, FONT_REGULAR, BODY_SIZE);
  double x = ceil(from / step) * step;
  int n = (int)floor((to - x) / step);
  if (n < 2)
    return;
  char *dots = arena_alloc(g->arena, (size_t)n * 2);
  for (int i = 0; i < n; i++)
    dots[2 * i] = '.', dots[2 * i + 1] = ' ';
  Run r = {.x = x, .w = (n - 1) * step + dot, .text = dots, .len = 2 * n - 1,
           .font = FONT_REGULAR, .color = COLOR_GREY, .size = BODY_SIZE, .link = link};
  galley_add_run(g, line, &r); /* the regular face has « . » and the space */
}

/* Ends an entry: leaders, then its page number on the right margin,
 * given as text, or (page NULL) the page of link, written when drawn. */
static void entry_end(Typesetter *ts, Galley *g, const char *page, FontSlot font, Target link) {
  int first = ts_end(ts, g);
  if (first < 0)
    return;
  int last = g->nlines - 1;
  for (int i = first; i < last; i++)
    g->lines[i].keep = true;
  double end = 0;
  for (int i = 0; i < g->lines[last].nruns; i++) {
    const Run *r = &g->lines[last].runs[i];
    end = r->x + r->w > end ? r->x + r->w : end;
  }
  double digits = ts_width(ts, "888", 3, font, BODY_SIZE);
  leaders(ts, g, last, end + 4, TEXT_WIDTH - digits - 4, link);
  if (page) {
    double w = ts_width(ts, page, strlen(page), font, BODY_SIZE);
    ts_run(ts, g, last, TEXT_WIDTH - w, page, strlen(page), font, BODY_SIZE, COLOR_TEXT, link);
  } else {
    Run r = {.x = TEXT_WIDTH - PAGE_COLUMN, .w = PAGE_COLUMN, .text = "", .font = (uint8_t)font,
             .size = BODY_SIZE, .pageref = true, .link = link};
    galley_add_run(g, last, &r);
  }
}

/* Depth of a clause below the title (the title's clause holds them all). */
static int display_depth(const Document *doc, const Clause *c) {
  const Clause *title = title_clause(doc);
  int depth = c->depth;
  for (const Clause *p = c->parent; p; p = p->parent)
    if (p == title)
      depth--;
  return depth < 0 ? 0 : depth > 4 ? 4 : depth;
}

static void centered(Typesetter *ts, Galley *g, const char *s, FontSlot font, double size,
                     double above, Target anchor) {
  ParStyle st = {.font = font, .size = size, .leading = size * 1.22, .width = TEXT_WIDTH,
                 .align = ALIGN_CENTER, .balance = true, .above = above};
  ts_begin(ts, &st);
  if (anchor.kind != TARGET_NONE)
    ts_anchor(ts, anchor);
  text(ts, s, font, no_link);
  int first = ts_end(ts, g);
  for (int i = first; i >= 0 && i < g->nlines; i++)
    g->lines[i].keep = true;
}

static void short_rule(Galley *g, double above) {
  galley_add(g, &(Line){.kind = LINE_RULE, .above = above, .height = 4, .ascent = 4,
                        .x0 = TEXT_WIDTH * 0.35, .x1 = TEXT_WIDTH * 0.65, .keep = true});
}

/* « Version du 22 mars 2022 », or that the text gives no date. */
static const char *version_line(Arena *a, const Document *doc) {
  const char *date = french_date(a, doc->date);
  return date ? arena_printf(a, "Version du %s", date) : "Version non datée";
}

/* The title block: title, version, a rule.  The title stands for the
 * clause of the text's level-1 heading, when there is one. */
static void title_block(Typesetter *ts, Document *doc, const Part *self, Galley *g) {
  const Clause *tc = title_clause(doc);
  centered(ts, g, doc->title, FONT_BOLD, 20, 36, target(TARGET_PART, self));
  if (tc)
    galley_anchor(g, g->nlines - 1, target(TARGET_CLAUSE, tc));
  centered(ts, g, version_line(g->arena, doc), FONT_ITALIC, 11, 10, no_link);
  short_rule(g, 16);
}

void front_galley(Typesetter *ts, Document *doc, Part *const *back, int nback, Galley *g) {
  const Part *self = back[0]; /* back[0] is the front part itself */
  title_block(ts, doc, self, g);
  ParStyle st = {.font = FONT_BOLD, .size = 13, .leading = 16, .width = TEXT_WIDTH,
                 .align = ALIGN_LEFT, .above = 26};
  ts_begin(ts, &st);
  text(ts, "Sommaire", FONT_BOLD, no_link);
  int h = ts_end(ts, g);
  g->lines[h].keep = true;
  const Clause *tc = title_clause(doc);
  for (int i = 0; i < doc->clauses.len; i++) {
    const Clause *c = doc->clauses.items[i];
    if (c == tc || c->block->kind != BLOCK_HEADING)
      continue;
    int depth = display_depth(doc, c);
    FontSlot font = depth == 0 ? FONT_BOLD : FONT_REGULAR;
    entry_begin(ts, depth * 14.0, depth == 0 ? 6 : 1.5, font);
    text(ts, clause_label(g->arena, c), font, target(TARGET_CLAUSE, c));
    entry_end(ts, g, NULL, font, target(TARGET_CLAUSE, c));
  }
  for (int i = 1; i < nback; i++) {
    entry_begin(ts, 0, i == 1 ? 12 : 3, FONT_BOLD);
    text(ts, back[i]->title, FONT_BOLD, target(TARGET_PART, back[i]));
    entry_end(ts, g, NULL, FONT_BOLD, target(TARGET_PART, back[i]));
  }
}

void cover_galley(Typesetter *ts, Part *const *fronts, int nfronts, Galley *g) {
  centered(ts, g, "Corpus", FONT_BOLD, 24, 60, no_link);
  char *sub = arena_printf(g->arena, "%d texte%s", nfronts, nfronts > 1 ? "s" : "");
  centered(ts, g, sub, FONT_ITALIC, 12, 10, no_link);
  short_rule(g, 16);
  for (int i = 0; i < nfronts; i++) {
    Target link = target(TARGET_PART, fronts[i]);
    entry_begin(ts, 0, i == 0 ? 30 : 10, FONT_BOLD);
    text(ts, fronts[i]->doc->title, FONT_BOLD, link);
    ts_linebreak(ts);
    text(ts, version_line(g->arena, fronts[i]->doc), FONT_ITALIC, link);
    entry_end(ts, g, NULL, FONT_REGULAR, link);
  }
}

/* How an index entry names a clause: its number (« Annexe II » for an
 * annex, nothing for an unnumbered section) and its title, or for an
 * untitled clause the first words of its text. */
static void clause_names(Arena *a, const Clause *c, const char **number, const char **title) {
  *number = !c->number ? "" : c->kind == CLAUSE_ANNEX ? arena_printf(a, "Annexe %s", c->number) : c->number;
  *title = c->title;
  if (*title)
    return;
  const char *label = clause_label(a, c);
  size_t n = strlen(c->number ? c->number : "");
  if (c->block->kind == BLOCK_HEADING)
    *title = c->kind == CLAUSE_SECTION ? label : "";
  else
    *title = strncmp(label, c->number ? c->number : "", n) == 0 ? label + n : label;
  while (**title == ' ' || **title == '.')
    (*title)++;
}

void clause_index_galley(Typesetter *ts, Document *doc, const Part *part, const DestMap *dests,
                         Galley *g) {
  part_heading(ts, g, part->title, part);
  for (int i = 0; i < doc->clauses.len; i++) {
    const Clause *c = doc->clauses.items[i];
    Target link = target(TARGET_CLAUSE, c);
    Dest d;
    if (!dests_get(dests, link, &d))
      continue;
    const char *number, *title;
    clause_names(g->arena, c, &number, &title);
    entry_begin(ts, display_depth(doc, c) * 10.0, i == 0 ? 10 : 1.5, FONT_REGULAR);
    if (*number) {
      text(ts, number, FONT_BOLD, link);
      ts_text(ts, " ", 1, FONT_REGULAR, COLOR_TEXT, link);
    }
    text(ts, title, FONT_REGULAR, link);
    entry_end(ts, g, arena_printf(g->arena, "%d", d.page + 1), FONT_REGULAR, link);
  }
}

typedef struct Use {
  const Term *term;
  int page;
} Use;

static int compare_uses(const void *pa, const void *pb) {
  const Use *a = pa, *b = pb;
  if (a->term != b->term)
    return (uintptr_t)a->term < (uintptr_t)b->term ? -1 : 1;
  return a->page - b->page;
}

/* The pages of every use of every term in the body, grouped by term. */
static Use *collect_uses(const Part *body, int *n) {
  Use *uses = NULL;
  int cap = 0;
  *n = 0;
  for (int i = 0; i < body->g->nanchors; i++) {
    const Anchor *a = &body->g->anchors[i];
    if (a->target.kind != TARGET_USE)
      continue;
    uses = pdf_grow(uses, &cap, *n + 1, sizeof(Use));
    uses[(*n)++] = (Use){a->target.ptr, body->place[a->line].page};
  }
  if (*n)
    qsort(uses, (size_t)*n, sizeof(Use), compare_uses);
  return uses;
}

typedef struct SortedTerm {
  const char *key;
  const Term *term;
} SortedTerm;

static int compare_terms(const void *pa, const void *pb) {
  const SortedTerm *a = pa, *b = pb;
  int c = strcmp(a->key, b->key);
  return c ? c : strcmp(a->term->name, b->term->name);
}

/* « 4, 7, 9–12 »: each number or range a link to its page. */
static void page_list(Typesetter *ts, Galley *g, const Use *u, int n) {
  for (int i = 0; i < n;) {
    int j = i;
    while (j + 1 < n && u[j + 1].page <= u[j].page + 1)
      j++;
    const char *s = u[i].page == u[j].page ? arena_printf(g->arena, "%d", u[i].page + 1)
                                           : arena_printf(g->arena, "%d–%d", u[i].page + 1, u[j].page + 1);
    Target link = {.kind = TARGET_PAGE, .n = u[i].page};
    if (i > 0)
      text(ts, ", ", FONT_REGULAR, no_link);
    text(ts, s, FONT_REGULAR, link);
    i = j + 1;
  }
}

/* Where a term is defined: its definition's words, else its paragraph. */
static bool definition_page(const DestMap *dests, const Term *t, Dest *d) {
  if (dests_get(dests, target(TARGET_TERM, t), d))
    return true;
  return t->flat && dests_get(dests, target(TARGET_BLOCK, t->flat->block), d);
}

static void term_entry(Typesetter *ts, Galley *g, const Term *t, const Use *u, int n,
                       const DestMap *dests, bool first) {
  ParStyle st = body_style(0);
  st.align = ALIGN_LEFT, st.hang = 12, st.above = first ? 10 : 2;
  ts_begin(ts, &st);
  Dest d;
  bool defined = definition_page(dests, t, &d);
  Target def = defined ? (Target){.kind = TARGET_PAGE, .n = d.page} : no_link;
  if (dests_get(dests, target(TARGET_TERM, t), &d))
    def = target(TARGET_TERM, t);
  text(ts, t->name, FONT_BOLD, def);
  if (defined)
    text(ts, arena_printf(g->arena, " : défini p. %d", d.page + 1), FONT_REGULAR, def);
  if (t->pronoun) {
    text(ts, " (emplois non relevés)", FONT_ITALIC, no_link);
  } else if (n > 0) {
    text(ts, " ; employé p. ", FONT_REGULAR, no_link);
    page_list(ts, g, u, n);
  } else {
    text(ts, " ; ", FONT_REGULAR, no_link);
    text(ts, "jamais employé", FONT_ITALIC, no_link);
  }
  int line = ts_end(ts, g);
  for (int i = line; i >= 0 && i < g->nlines - 1; i++)
    g->lines[i].keep = true;
}

void term_index_galley(Typesetter *ts, Document *doc, const Part *part, const Part *body,
                       const DestMap *dests, Galley *g) {
  part_heading(ts, g, part->title, part);
  int nuses;
  Use *uses = collect_uses(body, &nuses);
  int n = doc->terms.len;
  SortedTerm *terms = arena_alloc(g->arena, sizeof(SortedTerm) * (size_t)(n ? n : 1));
  for (int i = 0; i < n; i++) {
    const Term *t = doc->terms.items[i];
    terms[i] = (SortedTerm){text_fold(g->arena, t->name, strlen(t->name)), t};
  }
  qsort(terms, (size_t)n, sizeof(SortedTerm), compare_terms);
  for (int i = 0; i < n; i++) {
    int lo = 0, hi = nuses; /* the first use of this term */
    while (lo < hi) {
      int mid = (lo + hi) / 2;
      if ((uintptr_t)uses[mid].term < (uintptr_t)terms[i].term)
        lo = mid + 1;
      else
        hi = mid;
    }
    int end = lo;
    while (end < nuses && uses[end].term == terms[i].term)
      end++;
    term_entry(ts, g, terms[i].term, uses ? uses + lo : NULL, end - lo, dests, i == 0);
  }
  if (n == 0) {
    ParStyle st = body_style(0);
    st.above = 10;
    ts_begin(ts, &st);
    text(ts, "Ce texte ne définit aucun terme.", FONT_ITALIC, no_link);
    ts_end(ts, g);
  }
  free(uses);
}

static void defect_entry(Typesetter *ts, Galley *g, const Diag *diag, const DestMap *dests) {
  ParStyle st = body_style(0);
  st.align = ALIGN_LEFT, st.hang = 12, st.above = 6;
  ts_begin(ts, &st);
  ts_anchor(ts, target(TARGET_DEFECT, diag));
  Dest d;
  Target mark = target(TARGET_MARK, diag);
  const char *where = dests_get(dests, mark, &d) ? arena_printf(g->arena, "† p. %d", d.page + 1) : "†";
  text(ts, where, FONT_BOLD, mark);
  if (diag->line > 0)
    text(ts, arena_printf(g->arena, ", ligne %d", diag->line), FONT_REGULAR, no_link);
  text(ts, " — ", FONT_REGULAR, no_link);
  text(ts, diag->acknowledged ? "défaut de l’original, reconnu" : "erreur", FONT_BOLD, no_link);
  text(ts, arena_printf(g->arena, " (%s) : ", diag_code_name(diag->code)), FONT_REGULAR, no_link);
  text(ts, diag->message, FONT_REGULAR, no_link);
  size_t n = strlen(diag->message);
  if (n > 0 && !strchr(".!?", diag->message[n - 1]))
    text(ts, ".", FONT_REGULAR, no_link);
  if (diag->acknowledged && diag->reason) {
    text(ts, " Raison : ", FONT_ITALIC, no_link);
    text(ts, diag->reason, FONT_ITALIC, no_link);
  }
  int first = ts_end(ts, g);
  for (int i = first; i >= 0 && i < g->nlines - 1; i++)
    g->lines[i].keep = true;
}

void defects_galley(Typesetter *ts, const Defects *d, const Part *part, const DestMap *dests,
                    Galley *g) {
  part_heading(ts, g, part->title, part);
  ParStyle st = body_style(0);
  st.above = 10;
  ts_begin(ts, &st);
  text(ts,
       "Chaque signe † dans la marge renvoie à une entrée de cette liste. Un défaut reconnu est une "
       "erreur de l’original que la source conserve telle quelle et signale, avec sa raison ; une "
       "erreur non reconnue ne figure que dans un PDF produit malgré elle (termc build "
       "--keep-going), et le passage concerné est alors en rouge.",
       FONT_ITALIC, no_link);
  ts_end(ts, g);
  for (int i = 0; i < d->n; i++)
    defect_entry(ts, g, d->items[i], dests);
}
