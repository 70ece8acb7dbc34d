/*
 * clauses.c — finds the clauses of a document (docs/markup.md, sections 2-3).
 *
 * A clause opens at a heading that starts with a number (« ARTICLE 4 –
 * REDEVANCE », « 10.2 … », « Annexe II »), at a paragraph that starts with a
 * number of two parts or more (« 2.3. Les Services … »), or at an item of an
 * ordered list placed directly in a numbered clause (ALLMYCMS's « 1.
 * Compte-Client. » under ARTICLE 1 is clause 1.1).  Headings without a number
 * are unnumbered sections.
 *
 * Headings and paragraph clauses are sequential: each stays open until the
 * next opener of the same or a higher rank (a heading's rank is its level; a
 * paragraph clause's is 10 plus its number of parts, so any heading closes
 * it).  List-item clauses are containers: the item holds its content.
 *
 * IDs derive from numbers only, so they are stable when text moves.
 */
#include "termc.h"

#include <stdlib.h>
#include <string.h>

/* The longest title termc takes from a leading bold run; longer bold text is
 * an emphasised sentence, not a title. */
#define MAX_TITLE_CHARS 150

typedef struct Open {
  Clause *clause;
  int rank;
} Open;

typedef struct Finder {
  Document *doc;
  Arena *a;
  Open *stack;
  int depth, cap;
  StrMap *by_number; /* scope + number → Clause */
  StrMap *by_id;     /* id → Clause */
  bool seen_title;
} Finder;

/* ---- Numbers --------------------------------------------------------------- */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* True when s[i] cannot continue a number or word: end, space, punctuation. */
static bool ends_word(const char *s, size_t len, size_t i) {
  if (i >= len)
    return true;
  int n;
  int cp = utf8_decode(s + i, len - i, &n);
  return !uni_isword(cp);
}

static int roman_value(const char *s, size_t len) {
  int total = 0, prev = 0;
  for (size_t i = len; i-- > 0;) {
    int v;
    switch (s[i]) {
    case 'I': v = 1; break;
    case 'V': v = 5; break;
    case 'X': v = 10; break;
    case 'L': v = 50; break;
    case 'C': v = 100; break;
    default: return 0;
    }
    total += v < prev ? -v : v;
    if (v > prev)
      prev = v;
  }
  return total;
}

/* Checks that a roman numeral is written canonically (IV, not IIII). */
static bool roman_canonical(const char *s, size_t len) {
  static const char *const forms[] = {"I",    "II",    "III",  "IV",   "V",    "VI",  "VII",
                                      "VIII", "IX",    "X",    "XI",   "XII",  "XIII", "XIV",
                                      "XV",   "XVI",   "XVII", "XVIII", "XIX", "XX"};
  int v = roman_value(s, len);
  return v >= 1 && v <= 20 && strlen(forms[v - 1]) == len && memcmp(forms[v - 1], s, len) == 0;
}

/* Reads digits ("." digits)* with an optional "er" after the first part and
 * an optional final dot.  Returns the bytes consumed; *parts counts parts. */
static size_t read_dotted(const char *s, size_t len, size_t *num_len, int *parts) {
  size_t i = 0;
  *parts = 0;
  if (i >= len || !is_digit(s[i]))
    return 0;
  while (i < len && is_digit(s[i]))
    i++;
  *parts = 1;
  /* « 1er »: only the first article is written as an ordinal */
  if (i == 1 && s[0] == '1' && i + 1 < len && s[i] == 'e' && s[i + 1] == 'r' &&
      ends_word(s, len, i + 2)) {
    *num_len = i; /* 1er → 1 */
    return i + 2;
  }
  while (i + 1 < len && s[i] == '.' && is_digit(s[i + 1])) {
    i++;
    while (i < len && is_digit(s[i]))
      i++;
    (*parts)++;
  }
  *num_len = i;
  if (i < len && s[i] == '.')
    i++; /* final dot: 30.2. */
  return i;
}

size_t parse_clause_number(Arena *a, const char *s, size_t len, bool annex, const char **number) {
  size_t num_len = 0;
  int parts;
  size_t used = read_dotted(s, len, &num_len, &parts);
  if (used) {
    if (!ends_word(s, len, used) && !(used < len && s[used] == '{'))
      return 0;
    *number = arena_strndup(a, s, num_len);
    return used;
  }
  if (!annex)
    return 0;
  size_t i = 0;
  while (i < len && strchr("IVXLC", s[i]) && s[i])
    i++;
  if (i > 0 && ends_word(s, len, i) && roman_canonical(s, i)) {
    *number = arena_strndup(a, s, i);
    return i;
  }
  if (len >= 1 && s[0] >= 'A' && s[0] <= 'Z' && ends_word(s, len, 1)) {
    *number = arena_strndup(a, s, 1);
    return 1;
  }
  return 0;
}

static int number_parts(const char *number) {
  int n = 1;
  for (const char *p = number; *p; p++)
    n += *p == '.';
  return n;
}

/* The value of the last part of a number, for sequence checks: 3.5.7 → 7,
 * II → 2, C → 3. */
static int last_value(const char *number) {
  const char *last = strrchr(number, '.');
  last = last ? last + 1 : number;
  if (is_digit(*last))
    return atoi(last);
  if (last[0] >= 'A' && last[0] <= 'Z' && last[1] == '\0' && !strchr("IVX", last[0]))
    return last[0] - 'A' + 1;
  int r = roman_value(last, strlen(last));
  return r ? r : (last[0] >= 'A' && last[0] <= 'Z' ? last[0] - 'A' + 1 : 0);
}

/* ---- Reading openers --------------------------------------------------------- */

typedef struct Opener {
  ClauseKind kind;
  const char *label;
  const char *number;
  const char *title;
  const char *id;        /* {#id} override, or NULL */
  size_t id_off, id_len; /* where {#id} stands in the flat text */
} Opener;

static size_t skip_spaces(const char *s, size_t len, size_t i) {
  while (i < len) {
    int n;
    int cp = utf8_decode(s + i, len - i, &n);
    if (!uni_isspace(cp))
      break;
    i += (size_t)n;
  }
  return i;
}

/* Reads "{#id}" at s[i]; returns bytes consumed (0 when absent). */
static size_t read_id_override(Arena *a, const char *s, size_t len, size_t i, const char **id) {
  if (i + 3 > len || s[i] != '{' || s[i + 1] != '#')
    return 0;
  size_t j = i + 2;
  while (j < len && (is_digit(s[j]) || ((s[j] | 32) >= 'a' && (s[j] | 32) <= 'z') ||
                     s[j] == '.' || s[j] == '-' || s[j] == '_'))
    j++;
  if (j == i + 2 || j >= len || s[j] != '}')
    return 0;
  *id = arena_strndup(a, s + i + 2, j - i - 2);
  return j + 1 - i;
}

/* Keywords that introduce a clause number in a heading. */
static const struct {
  const char *word; /* folded */
  ClauseKind kind;
} keywords[] = {
    {"article", CLAUSE_ARTICLE}, {"clause", CLAUSE_ARTICLE},  {"section", CLAUSE_ARTICLE},
    {"chapitre", CLAUSE_ARTICLE}, {"titre", CLAUSE_ARTICLE},  {"annexe", CLAUSE_ANNEX},
    {"appendice", CLAUSE_ANNEX},
};

/* Trims spaces and the separators that may follow a number or end a title. */
static const char *trim_title(Arena *a, const char *s, size_t len, bool trailing_punct) {
  size_t i = 0;
  for (;;) {
    i = skip_spaces(s, len, i);
    int n;
    int cp = i < len ? utf8_decode(s + i, len - i, &n) : -1;
    if (cp == '.' || cp == ':' || cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == ')')
      i += (size_t)n;
    else
      break;
  }
  size_t end = len;
  for (;;) {
    while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t'))
      end--;
    size_t k = end;
    while (k > i && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
      k--;
    if (k == i)
      break;
    k--;
    int n;
    int cp = utf8_decode(s + k, end - k, &n);
    if (uni_isspace(cp) ||
        (trailing_punct && (cp == '.' || cp == ':' || cp == ';' || cp == '-' || cp == 0x2013 ||
                            cp == 0x2014)))
      end = k;
    else
      break;
  }
  return end > i ? arena_strndup(a, s + i, end - i) : NULL;
}

/* Finds a trailing " {#id}" in a heading's text. */
static void find_trailing_id(Arena *a, const FlatText *ft, Opener *op) {
  size_t len = ft->len;
  while (len > 0 && ft->text[len - 1] == ' ')
    len--;
  if (len < 4 || ft->text[len - 1] != '}')
    return;
  const char *open = NULL;
  for (size_t i = len; i-- > 0;)
    if (ft->text[i] == '{') {
      open = ft->text + i;
      break;
    }
  if (!open)
    return;
  size_t i = (size_t)(open - ft->text);
  size_t used = read_id_override(a, ft->text, len, i, &op->id);
  if (used == len - i) {
    op->id_off = i;
    op->id_len = used;
  } else {
    op->id = NULL;
  }
}

static bool parse_heading(Arena *a, const FlatText *ft, Opener *op) {
  memset(op, 0, sizeof *op);
  find_trailing_id(a, ft, op);
  const char *s = ft->text;
  size_t len = op->id ? op->id_off : ft->len;
  size_t i = skip_spaces(s, len, 0);
  op->kind = CLAUSE_ARTICLE;
  size_t word_end = i;
  while (word_end < len && !ends_word(s, len, word_end)) {
    int n;
    utf8_decode(s + word_end, len - word_end, &n);
    word_end += (size_t)n;
  }
  const char *folded = text_fold(a, s + i, word_end - i);
  for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++) {
    if (strcmp(folded, keywords[k].word) == 0) {
      size_t j = skip_spaces(s, len, word_end);
      if (j == word_end)
        break; /* « Article » glued to something else */
      size_t used = parse_clause_number(a, s + j, len - j, keywords[k].kind == CLAUSE_ANNEX,
                                        &op->number);
      if (used) {
        op->kind = keywords[k].kind;
        op->label = arena_strndup(a, s + i, word_end - i);
        op->title = trim_title(a, s + j + used, len - j - used, false);
        return true;
      }
      break;
    }
  }
  if (i < len && is_digit(s[i])) {
    size_t used = parse_clause_number(a, s + i, len - i, false, &op->number);
    if (used) {
      op->title = trim_title(a, s + i + used, len - i - used, false);
      return true;
    }
  }
  op->kind = CLAUSE_SECTION;
  op->number = NULL;
  op->title = trim_title(a, s + i, len - i, false);
  return true;
}

/* The title of a paragraph or item clause: its leading bold run, the number
 * inside or outside it, when that run is short enough to be a title. */
static const char *leading_strong_title(Arena *a, const FlatText *ft, size_t after_number,
                                        size_t number_start) {
  for (int k = 0; k < ft->nspans; k++) {
    const FlatSpan *sp = &ft->spans[k];
    if (sp->kind != SPAN_STRONG)
      continue;
    size_t from;
    if (sp->off <= number_start)
      from = after_number; /* **3.7 Protection …** */
    else if (skip_spaces(ft->text, ft->len, after_number) == sp->off)
      from = sp->off; /* 16.1 **Finalités …** */
    else
      return NULL;
    size_t end = sp->off + sp->len;
    if (end <= from)
      return NULL;
    if (utf8_count(ft->text + from, end - from) > MAX_TITLE_CHARS)
      return NULL;
    /* An id override between the number and the title is not title text. */
    size_t j = skip_spaces(ft->text, end, from);
    const char *ignored;
    j += read_id_override(a, ft->text, end, j, &ignored);
    return trim_title(a, ft->text + j, end - j, true);
  }
  return NULL;
}

/* A paragraph that opens with a number of at least two parts. */
static bool parse_paragraph_opener(Arena *a, const FlatText *ft, Opener *op) {
  memset(op, 0, sizeof *op);
  size_t i = skip_spaces(ft->text, ft->len, 0);
  size_t num_len;
  int parts;
  size_t used = read_dotted(ft->text + i, ft->len - i, &num_len, &parts);
  if (!used || parts < 2)
    return false;
  size_t after = i + used;
  if (after < ft->len && !uni_isspace((unsigned char)ft->text[after]) &&
      !(ft->text[after] == '*' || ft->text[after] == '{'))
    return false;
  op->kind = CLAUSE_ARTICLE;
  op->number = arena_strndup(a, ft->text + i, num_len);
  size_t j = skip_spaces(ft->text, ft->len, after);
  size_t id_used = read_id_override(a, ft->text, ft->len, j, &op->id);
  if (id_used) {
    op->id_off = j;
    op->id_len = id_used;
  }
  op->title = leading_strong_title(a, ft, after, i);
  return true;
}

/* Removes [off, off+len) of a flat text from the inlines it came from (an
 * {#id} override must not be rendered), then re-flattens the block.  A cut
 * inside a text inline splits it in two, so that both halves keep their
 * exact source offsets. */
static void cut_flat(Arena *a, Block *b, size_t off, size_t len) {
  FlatText *ft = b->flat;
  for (int k = ft->npieces - 1; k >= 0; k--) {
    FlatPiece *p = &ft->pieces[k];
    if (!p->in || p->in->kind != INLINE_TEXT || p->off >= off + len || p->off + p->len <= off)
      continue;
    Inline *in = p->in;
    size_t from = (off > p->off ? off - p->off : 0) + p->in_off;
    size_t to = (off + len < p->off + p->len ? off + len - p->off : p->len) + p->in_off;
    if (to < in->len && from > 0) {
      inline_split(a, in, to);
      in->len = from;
    } else if (from == 0) {
      in->text += to;
      in->len -= to;
      if (in->src >= 0)
        in->src += (long)to;
    } else {
      in->len = from;
    }
  }
  b->flat = flatten_block(a, b);
}

/* ---- Building clauses ------------------------------------------------------------ */

static Clause *nearest_numbered(Clause *c) {
  while (c && c->kind == CLAUSE_SECTION)
    c = c->parent;
  return c;
}

static const char *scope_key(Finder *f, const Clause *annex, const char *number) {
  return arena_printf(f->a, "%s\x1f%s", annex ? annex->id : "", number);
}

/* IDs must be unique anchors.  A clash involving an ID written by hand is an
 * error; a clash between derived IDs (a duplicate number, already reported,
 * or two sections with the same title) is resolved with a suffix. */
static void register_id(Finder *f, Clause *c) {
  Clause *other = strmap_get(f->by_id, c->id);
  if (!other) {
    strmap_put(f->by_id, c->id, c);
    return;
  }
  if (c->id_explicit || other->id_explicit)
    diag_report(&f->doc->comp->diags, D_DUPLICATE_ID, f->doc->src->path, c->pos,
                "l’identifiant « %s » est déjà celui de la clause de la ligne %d : choisissez un "
                "autre {#id}",
                c->id, other->pos.line);
  for (int n = 2;; n++) {
    const char *id = arena_printf(f->a, "%s-%d", c->id, n);
    if (!strmap_get(f->by_id, id)) {
      c->id = id;
      strmap_put(f->by_id, id, c);
      return;
    }
  }
}

static Clause *new_clause(Finder *f, const Opener *op, Block *b, Clause *parent, Pos pos) {
  Clause *c = arena_alloc(f->a, sizeof *c);
  c->kind = op->kind;
  c->number = op->number;
  c->label = op->label;
  c->title = op->title;
  c->block = b;
  c->pos = pos;
  c->parent = parent;
  c->depth = parent ? parent->depth + 1 : 0;
  c->annex = op->kind == CLAUSE_ANNEX ? c : parent ? parent->annex : NULL;
  c->index = f->doc->clauses.len;
  c->last_descendant = c->index;
  b->clause = c;
  vec_push(f->a, &f->doc->clauses, c);

  c->id_explicit = op->id != NULL;
  if (op->id)
    c->id = op->id;
  else if (c->kind == CLAUSE_ANNEX)
    c->id = arena_printf(f->a, "annexe-%s", c->number);
  else if (c->kind == CLAUSE_ARTICLE && c->annex)
    c->id = arena_printf(f->a, "%s.%s", c->annex->id, c->number);
  else if (c->kind == CLAUSE_ARTICLE)
    c->id = c->number;
  else {
    const char *slug = c->title ? text_slug(f->a, c->title, strlen(c->title)) : "";
    c->id = *slug ? slug : "section";
  }

  if (c->number) {
    const char *key = scope_key(f, c->kind == CLAUSE_ANNEX ? NULL : c->annex, c->number);
    if (c->kind == CLAUSE_ANNEX)
      key = arena_printf(f->a, "annexe\x1f%s", c->number);
    Clause *other = strmap_get(f->by_number, key);
    if (other) {
      diag_report(&f->doc->comp->diags, D_DUPLICATE_CLAUSE, f->doc->src->path, c->pos,
                  "%s %s est numérotée deux fois : ici et ligne %d ; donnez-lui son propre "
                  "numéro",
                  c->kind == CLAUSE_ANNEX ? "l’annexe" : "la clause", c->number, other->pos.line);
    } else {
      strmap_put(f->by_number, key, c);
    }
  }
  register_id(f, c);
  return c;
}

static void push(Finder *f, Clause *c, int rank) {
  if (f->depth == f->cap) {
    f->cap = f->cap ? f->cap * 2 : 16;
    Open *s = arena_alloc(f->a, sizeof(Open) * (size_t)f->cap);
    if (f->depth)
      memcpy(s, f->stack, sizeof(Open) * (size_t)f->depth);
    f->stack = s;
  }
  f->stack[f->depth++] = (Open){c, rank};
}

static Clause *top(Finder *f) { return f->depth ? f->stack[f->depth - 1].clause : NULL; }

static void pop_to_rank(Finder *f, int rank) {
  while (f->depth && f->stack[f->depth - 1].rank >= rank)
    f->depth--;
}

static Pos opener_pos(Document *doc, Block *b) {
  if (b->flat && b->flat->len)
    return flat_pos(doc->src, b->flat, skip_spaces(b->flat->text, b->flat->len, 0));
  return b->pos;
}

/* The number an item of a clause list takes: the parent's number, a dot, the
 * item's own number; directly in an annex, the item's number alone. */
static const char *item_number(Finder *f, Clause *parent, int n) {
  if (parent->kind == CLAUSE_ANNEX)
    return arena_printf(f->a, "%d", n);
  return arena_printf(f->a, "%s.%d", parent->number, n);
}

static void visit(Finder *f, Block *b, Clause *owner, Clause *list_parent);

/* Each item of an ordered list directly in a numbered clause is a sub-clause. */
static void clause_list(Finder *f, Block *list, Clause *parent) {
  list->owner = parent;
  for (Block *item = list->children; item; item = item->next) {
    if (item->kind != BLOCK_ITEM) {
      visit(f, item, parent, NULL);
      continue;
    }
    Opener op = {.kind = CLAUSE_ARTICLE, .number = item_number(f, parent, item->number)};
    Block *first = item->children;
    Pos pos = item->pos;
    if (first && first->kind == BLOCK_PARAGRAPH) {
      if (!first->flat)
        first->flat = flatten_block(f->a, first);
      size_t j = skip_spaces(first->flat->text, first->flat->len, 0);
      size_t used = read_id_override(f->a, first->flat->text, first->flat->len, j, &op.id);
      if (used) {
        cut_flat(f->a, first, j, used);
        j = 0;
      }
      op.title = leading_strong_title(f->a, first->flat, j, j);
    }
    Clause *c = new_clause(f, &op, item, parent, pos);
    visit(f, item, c, c);
  }
}

/* Sets owners in a block's subtree; turns eligible ordered lists into
 * clauses.  list_parent is the numbered clause whose body b is directly in,
 * or NULL.  Recursion depth is bounded by TERMC_MAX_DEPTH (load.c). */
static void visit(Finder *f, Block *b, Clause *owner, Clause *list_parent) {
  b->owner = b->clause ? b->clause : owner;
  if (b->kind == BLOCK_LIST && b->ordered && !b->not_clauses && list_parent &&
      list_parent->kind != CLAUSE_SECTION) {
    clause_list(f, b, list_parent);
    return;
  }
  for (Block *child = b->children; child; child = child->next)
    visit(f, child, b->owner, b->kind == BLOCK_ITEM && b->clause ? b->clause : NULL);
}

static bool is_title_heading(Finder *f, Block *b) {
  if (f->seen_title || b->level != 1 || f->doc->clauses.len > 0)
    return false;
  f->seen_title = true;
  return true;
}

static void open_heading(Finder *f, Block *b) {
  Opener op;
  parse_heading(f->a, b->flat, &op);
  if (op.id)
    cut_flat(f->a, b, op.id_off, op.id_len);
  pop_to_rank(f, b->level);
  Clause *c = new_clause(f, &op, b, top(f), opener_pos(f->doc, b));
  push(f, c, b->level);
}

static bool open_paragraph(Finder *f, Block *b) {
  Opener op;
  if (!parse_paragraph_opener(f->a, b->flat, &op))
    return false;
  Pos pos = opener_pos(f->doc, b);
  if (op.id)
    cut_flat(f->a, b, op.id_off, op.id_len);
  int rank = 10 + number_parts(op.number);
  pop_to_rank(f, rank);
  Clause *c = new_clause(f, &op, b, top(f), pos);
  push(f, c, rank);
  return true;
}

/* ---- Checks -------------------------------------------------------------------- */

/* How the first number of a series is written in this style: 1, I or A. */
static const char *first_of_style(const char *number) {
  const char *last = strrchr(number, '.');
  last = last ? last + 1 : number;
  if (is_digit(*last))
    return "1";
  return roman_value(last, strlen(last)) && last[1] != '\0' ? "I"
         : strchr("IVX", last[0]) ? "I"
                                  : "A";
}

/* A sub-clause whose number does not extend its numbered parent's. */
static bool check_prefix(Document *doc, Clause *c, Clause *group) {
  if (c->kind != CLAUSE_ARTICLE || !group || group->kind != CLAUSE_ARTICLE ||
      number_parts(c->number) < 2)
    return true;
  size_t plen = strlen(group->number);
  if (strncmp(c->number, group->number, plen) == 0 && c->number[plen] == '.')
    return true;
  diag_report(&doc->comp->diags, D_NUMBERING_MISMATCH, doc->src->path, c->pos,
              "la clause %s est placée dans la clause %s : son numéro devrait commencer par %s.",
              c->number, group->number, group->number);
  return false;
}

/* Sibling numbers run 1, 2, 3 (I, II… or A, B…) under their numbered
 * parent; a gap, a step back or a first number other than 1 is reported. */
static void check_sequence(Document *doc) {
  int n = doc->clauses.len;
  Clause **last = arena_alloc(doc->comp->arena, sizeof(Clause *) * (size_t)(n + 1));
  Clause *last_annex = NULL;
  for (int i = 0; i < n; i++) {
    Clause *c = doc->clauses.items[i];
    if (c->kind == CLAUSE_SECTION)
      continue;
    Clause *group = nearest_numbered(c->parent);
    Clause **slot = c->kind == CLAUSE_ANNEX ? &last_annex : &last[group ? group->index + 1 : 0];
    Clause *prev = *slot;
    *slot = c;
    if (!check_prefix(doc, c, group))
      continue;
    int value = last_value(c->number);
    const char *what = c->kind == CLAUSE_ANNEX ? "l’annexe" : "la clause";
    const char *dot = strrchr(c->number, '.');
    if (!prev) {
      if (value != 1)
        diag_report(&doc->comp->diags, D_NUMBERING_GAP, doc->src->path, c->pos,
                    "%s %s est la première de sa série : la numérotation commence à %s au lieu "
                    "de %s",
                    what, c->number, dot ? dot + 1 : c->number, first_of_style(c->number));
    } else if (value > last_value(prev->number) + 1) {
      diag_report(&doc->comp->diags, D_NUMBERING_GAP, doc->src->path, c->pos,
                  "%s %s suit %s : la numérotation saute un ou plusieurs numéros", what, c->number,
                  prev->number);
    } else if (value < last_value(prev->number)) {
      diag_report(&doc->comp->diags, D_NUMBERING_GAP, doc->src->path, c->pos,
                  "%s %s suit %s : la numérotation repart en arrière", what, c->number,
                  prev->number);
    }
    /* an equal number was reported as duplicate-clause */
  }
}

static void set_last_descendants(Document *doc) {
  for (int i = doc->clauses.len - 1; i >= 0; i--) {
    Clause *c = doc->clauses.items[i];
    if (c->parent && c->last_descendant > c->parent->last_descendant)
      c->parent->last_descendant = c->last_descendant;
  }
}

void find_clauses(Document *doc) {
  Finder f = {.doc = doc, .a = doc->comp->arena};
  f.by_number = strmap_new(f.a);
  f.by_id = strmap_new(f.a);
  for (Block *b = doc->root->children; b; b = b->next) {
    if (b->kind == BLOCK_HEADING || b->kind == BLOCK_PARAGRAPH)
      b->flat = flatten_block(f.a, b);
    if (b->kind == BLOCK_HEADING) {
      if (is_title_heading(&f, b)) {
        if (!doc->title)
          doc->title = trim_title(f.a, b->flat->text, b->flat->len, false);
        b->owner = NULL;
        continue;
      }
      open_heading(&f, b);
    } else if (b->kind == BLOCK_PARAGRAPH) {
      open_paragraph(&f, b);
    }
    Clause *t = top(&f);
    visit(&f, b, t, t);
  }
  doc->root->owner = NULL;
  set_last_descendants(doc);
  check_sequence(doc);
  doc->by_number = f.by_number;
  doc->by_id = f.by_id;
}

Clause *clause_by_number(Document *doc, const char *number, const Clause *annex) {
  const char *key = arena_printf(doc->comp->arena, "%s\x1f%s", annex ? annex->id : "", number);
  return strmap_get(doc->by_number, key);
}

Clause *clause_by_annex_number(Document *doc, const char *number) {
  return strmap_get(doc->by_number, arena_printf(doc->comp->arena, "annexe\x1f%s", number));
}

Clause *clause_by_id(Document *doc, const char *id) { return strmap_get(doc->by_id, id); }
