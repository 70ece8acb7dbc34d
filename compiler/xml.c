/*
 * xml.c — each document as XML, and the corpus summary (docs/xml.md).
 *
 * The site's XSLT templates read only this XML, so it says everything a page
 * may show: the text as a tree of clauses (a heading clause holds the blocks
 * up to the next clause of its rank; list-item clauses stay in their list),
 * the references and terms spliced into it by mark.c, the lists of
 * references, external citations, terms and diagnostics, and the metadata.
 * Element names follow Akoma Ntoso where one fits (article, num, heading,
 * ref, termRef, def, preface, docTitle); every element that comes from the
 * source carries its position (sourcepos="line:col" or "line:col-line").
 * The corpus summary gives, per text, what the pages about all the texts
 * show (clauses, terms, diagnostics), so that they need no text's whole XML.
 *
 * The tree is built directly with libxml2 (no string is parsed), in document
 * order, so two runs give the same bytes.  Text is cleaned of the few
 * characters XML 1.0 forbids (control characters), which a valid UTF-8
 * source may still contain.  The tree holds no layout whitespace: xml_save
 * writes the file with line breaks and indentation between the children of
 * elements that hold only elements, never in running text, so that the file
 * reads well and parses back to the same tree (less that whitespace, which
 * the templates strip).
 *
 * Each call works in an arena of its own, freed before it returns: nothing
 * of a text's XML outlives its page.
 */
#include "termc.h"

#include <errno.h>
#include <libxml/tree.h>
#include <libxml/dict.h>
#include <libxml/uri.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TERMC_XML_NS "urn:termc:xml:1"

/* Clause elements nested deeper than this are placed at this depth (their
 * depth attribute still says the truth): libxml2 refuses to parse documents
 * nested more than 256 deep, and a hostile text may number 1.1.1.1… */
#define XML_MAX_CLAUSE_NESTING 48

/* The excerpts the XML gives (a term's definition, a clause's opening
 * words) have at most this many characters (docs/xml.md). */
#define EXCERPT_CHARS 320

/* A map keyed by the address of a model object (open addressing). */
typedef struct PtrMap {
  const void **keys;
  void **values;
  size_t cap; /* a power of two */
  size_t len;
} PtrMap;

typedef struct XmlWriter {
  Document *doc;
  Arena *a;
  xmlDocPtr xdoc;
  xmlNsPtr ns;
  PtrMap ids;   /* Ref* or Term* → its XML ID ("ref:3", "terme:vendeur") */
  PtrMap first; /* Ref* or Term* → the first Inline that shows it (gets the anchor) */
} XmlWriter;

static size_t ptr_hash(const void *p) {
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (size_t)x;
}

static void *ptr_get(const PtrMap *m, const void *p) {
  if (!m->cap)
    return NULL;
  for (size_t i = ptr_hash(p) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
    if (m->keys[i] == p)
      return m->values[i];
  return NULL;
}

static void ptr_put(XmlWriter *w, PtrMap *m, const void *p, void *value) {
  if ((m->len + 1) * 2 > m->cap) { /* grow at half load: probes stay short */
    PtrMap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->keys = arena_alloc(w->a, sizeof(void *) * m->cap);
    m->values = arena_alloc(w->a, sizeof(void *) * m->cap);
    m->len = 0;
    for (size_t i = 0; i < old.cap; i++)
      if (old.keys[i])
        ptr_put(w, m, old.keys[i], old.values[i]);
  }
  size_t i = ptr_hash(p) & (m->cap - 1);
  while (m->keys[i] && m->keys[i] != p)
    i = (i + 1) & (m->cap - 1);
  if (!m->keys[i]) {
    m->keys[i] = p;
    m->len++;
  }
  m->values[i] = value;
}

/* ---- Building blocks -------------------------------------------------------- */

static bool xml_char_ok(int cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
}

/* The length of the prefix of s[0..len) that XML 1.0 accepts as it is.
 * Bytes are looked at one by one: ASCII below 0x20 (but tab and line
 * breaks), and the lead bytes of the only sequences that can encode a
 * forbidden character (surrogates after 0xED, U+FFFE and U+FFFF after
 * 0xEF) or an invalid one, send the rest to the decoder. */
static size_t clean_prefix(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x80) {
      i++;
      continue;
    }
    if (c == '\n' || c == '\t' || c == '\r' || (c >= 0x80 && c < 0xC0) ||
        (c >= 0xC2 && c < 0xED) || c == 0xEE || (c >= 0xF0 && c < 0xF4)) {
      i++;
      continue;
    }
    if (c < 0x20)
      return i;
    /* 0xED, 0xEF, 0xF4 and invalid leads: decide on the character */
    int n = 1;
    if (!xml_char_ok(utf8_decode(s + i, len - i, &n)))
      return i;
    i += (size_t)n;
  }
  return i;
}

/* s[0..len) with every character XML 1.0 forbids replaced by U+FFFD; the
 * result's length is stored in *out_len.  s itself when it is clean (then
 * it is NUL-terminated only if s was). */
static const char *clean(XmlWriter *w, const char *s, size_t len, size_t *out_len) {
  size_t i = clean_prefix(s, len);
  *out_len = len;
  if (i == len)
    return s;
  Buf b = {0};
  buf_put(&b, s, i);
  int n = 1;
  for (; i < len; i += (size_t)n) {
    int cp = utf8_decode(s + i, len - i, &n);
    if (xml_char_ok(cp))
      buf_put(&b, s + i, (size_t)n);
    else
      buf_puts(&b, "\xEF\xBF\xBD");
  }
  const char *out = arena_strndup(w->a, buf_cstr(&b), b.len);
  *out_len = b.len;
  buf_free(&b);
  return out;
}

static xmlNodePtr el(XmlWriter *w, xmlNodePtr parent, const char *name) {
  xmlNodePtr n = xmlNewDocNode(w->xdoc, w->ns, BAD_CAST name, NULL);
  return parent ? xmlAddChild(parent, n) : n;
}

static void attr(XmlWriter *w, xmlNodePtr n, const char *name, const char *value) {
  size_t len;
  if (value)
    xmlNewProp(n, BAD_CAST name, BAD_CAST clean(w, value, strlen(value), &len));
}

static void attr_int(XmlWriter *w, xmlNodePtr n, const char *name, long value) {
  (void)w;
  char digits[24];
  snprintf(digits, sizeof digits, "%ld", value);
  xmlNewProp(n, BAD_CAST name, BAD_CAST digits);
}

static void attr_bool(XmlWriter *w, xmlNodePtr n, const char *name, bool value) {
  (void)w;
  xmlNewProp(n, BAD_CAST name, BAD_CAST(value ? "true" : "false"));
}

static void text(XmlWriter *w, xmlNodePtr parent, const char *s, size_t len) {
  if (len == 0)
    return;
  const char *c = clean(w, s, len, &len);
  xmlAddChild(parent, xmlNewDocTextLen(w->xdoc, BAD_CAST c, (int)len));
}

static void text_str(XmlWriter *w, xmlNodePtr parent, const char *s) {
  if (s)
    text(w, parent, s, strlen(s));
}

static xmlNodePtr el_text(XmlWriter *w, xmlNodePtr parent, const char *name, const char *s) {
  xmlNodePtr n = el(w, parent, name);
  text_str(w, n, s);
  return n;
}

static void sourcepos(XmlWriter *w, xmlNodePtr n, Pos start, int end_line) {
  (void)w;
  if (start.line <= 0)
    return;
  char pos[48];
  if (end_line > start.line)
    snprintf(pos, sizeof pos, "%d:%d-%d", start.line, start.col, end_line);
  else
    snprintf(pos, sizeof pos, "%d:%d", start.line, start.col);
  xmlNewProp(n, BAD_CAST "sourcepos", BAD_CAST pos);
}

/* ---- IDs and anchors --------------------------------------------------------- */

/* Reference IDs number the references in document order; term IDs are the
 * term's slug.  Both contain a colon, which clause IDs never do, so no
 * anchor can collide with a clause's. */
static void assign_ids(XmlWriter *w) {
  for (int i = 0; i < w->doc->refs.len; i++)
    ptr_put(w, &w->ids, w->doc->refs.items[i], arena_printf(w->a, "ref:%d", i + 1));
  StrMap *taken = strmap_new(w->a);
  for (int i = 0; i < w->doc->terms.len; i++) {
    Term *t = w->doc->terms.items[i];
    const char *slug = text_slug(w->a, t->name, strlen(t->name));
    const char *id = arena_printf(w->a, "terme:%s", *slug ? slug : "terme");
    for (int n = 2; strmap_get(taken, id); n++)
      id = arena_printf(w->a, "terme:%s-%d", *slug ? slug : "terme", n);
    strmap_put(taken, id, t);
    ptr_put(w, &w->ids, t, (char *)id);
  }
}

static const char *id_of(XmlWriter *w, const void *p) {
  return p ? ptr_get(&w->ids, p) : NULL;
}

/* The first inline that shows each reference and each definition gets the
 * anchor: a reference split in pieces, or a term defined twice, still has
 * one anchor. */
static void find_first_inlines(XmlWriter *w, const Inline *in) {
  for (; in; in = in->next) {
    const void *owner = in->kind == INLINE_REF   ? (const void *)in->ref
                        : in->kind == INLINE_DEF ? (const void *)in->term
                                                 : NULL;
    if (owner && !ptr_get(&w->first, owner))
      ptr_put(w, &w->first, owner, (void *)in);
    find_first_inlines(w, in->children);
  }
}

static void find_first_blocks(XmlWriter *w, const Block *b) {
  for (; b; b = b->next) {
    find_first_inlines(w, b->inlines);
    find_first_blocks(w, b->children);
  }
}

static bool is_first(XmlWriter *w, const void *owner, const Inline *in) {
  return ptr_get(&w->first, owner) == in;
}

static bool has_anchor(XmlWriter *w, const void *owner) {
  return ptr_get(&w->first, owner) != NULL;
}

/* ---- Inlines ---------------------------------------------------------------- */

static void inlines(XmlWriter *w, xmlNodePtr parent, const Inline *in);

/* Where a spliced inline starts in the source: its first text's offset. */
static void inline_pos(XmlWriter *w, xmlNodePtr n, const Inline *in) {
  const Inline *t = in->children;
  if (t && t->kind == INLINE_TEXT && t->src >= 0)
    sourcepos(w, n, source_pos(w->doc->src, (size_t)t->src), 0);
  else
    sourcepos(w, n, in->pos, 0);
}

/* The clause a piece of a reference links to: the first target of its item
 * (mark.c numbers the pieces by item), else the reference's first target. */
static Clause *piece_target(const Inline *in) {
  Ref *r = in->ref;
  if (r->status != REF_INTERNAL)
    return NULL;
  if (in->target >= 0 && in->target < r->match->nitems && r->item_targets[in->target])
    return r->item_targets[in->target];
  return r->targets.len ? r->targets.items[0] : NULL;
}

static const char *status_name(RefStatus s) {
  return s == REF_INTERNAL ? "internal" : s == REF_EXTERNAL ? "external" : "broken";
}

/* A reference, or a piece of one.  A [text](#id) link is one too: mark.c
 * turns the link itself into the reference node. */
static void ref_inline(XmlWriter *w, xmlNodePtr parent, const Inline *in) {
  const Ref *r = in->ref;
  const Clause *target = piece_target(in);
  xmlNodePtr n = el(w, parent, "ref");
  if (is_first(w, r, in))
    attr(w, n, "eId", id_of(w, r));
  attr(w, n, "refersTo", id_of(w, r));
  attr(w, n, "status", status_name(r->status));
  attr(w, n, "target", target ? target->id : NULL);
  if (r->status == REF_EXTERNAL) {
    attr(w, n, "instrument", r->instrument);
    attr(w, n, "url", r->url);
  }
  if (r->acknowledged)
    attr_bool(w, n, "acknowledged", true);
  inline_pos(w, n, in);
  inlines(w, n, in->children);
}

static void term_inline(XmlWriter *w, xmlNodePtr parent, const Inline *in) {
  bool def = in->kind == INLINE_DEF;
  xmlNodePtr n = el(w, parent, def ? "def" : "termRef");
  const char *id = id_of(w, in->term);
  if (def && is_first(w, in->term, in))
    attr(w, n, "eId", arena_printf(w->a, "def:%s", strchr(id, ':') + 1));
  attr(w, n, "refersTo", id);
  inline_pos(w, n, in);
  inlines(w, n, in->children);
}

static void link_inline(XmlWriter *w, xmlNodePtr parent, const Inline *in) {
  xmlNodePtr n = el(w, parent, in->kind == INLINE_LINK ? "a" : "image");
  attr(w, n, in->kind == INLINE_LINK ? "href" : "src", in->url);
  attr(w, n, "title", in->title);
  if (!in->url)
    attr(w, n, "dropped", "unsafe-link");
  sourcepos(w, n, in->pos, 0);
  inlines(w, n, in->children);
}

/* Adds the text gathered so far as one node: appending text piece by piece
 * would make libxml2 concatenate, which is quadratic on a paragraph of
 * thousands of lines. */
static void flush_text(XmlWriter *w, xmlNodePtr parent, Buf *pending) {
  if (pending->len)
    text(w, parent, pending->data, pending->len);
  pending->len = 0;
}

/* Recursion is bounded: load.c flattens inline nesting past TERMC_MAX_DEPTH. */
static void inlines(XmlWriter *w, xmlNodePtr parent, const Inline *in) {
  Buf pending = {0};
  for (; in; in = in->next) {
    if (in->kind == INLINE_TEXT) {
      buf_put(&pending, in->text, in->len);
      continue;
    }
    if (in->kind == INLINE_SOFTBREAK) {
      buf_putc(&pending, '\n');
      continue;
    }
    flush_text(w, parent, &pending);
    switch (in->kind) {
    case INLINE_LINEBREAK: el(w, parent, "br"); break;
    case INLINE_CODE: text(w, el(w, parent, "code"), in->text, in->len); break;
    case INLINE_EMPH: inlines(w, el(w, parent, "i"), in->children); break;
    case INLINE_STRONG: inlines(w, el(w, parent, "b"), in->children); break;
    case INLINE_LINK:
    case INLINE_IMAGE: link_inline(w, parent, in); break;
    case INLINE_REF: ref_inline(w, parent, in); break;
    case INLINE_TERM:
    case INLINE_DEF: term_inline(w, parent, in); break;
    case INLINE_TEXT:
    case INLINE_SOFTBREAK: break;
    }
  }
  flush_text(w, parent, &pending);
  buf_free(&pending);
}

/* ---- Blocks and clauses ------------------------------------------------------- */

/* Items of one kind (references, uses of a term) gathered by the clause
 * they stand in, in order of first appearance. */
typedef struct Group {
  const Clause *clause; /* NULL: the preface */
  int count;
  const void *first;    /* the first item of the group */
  const void *anchored; /* the first item with an anchor in the text, or NULL */
} Group;

static Group *group_of(XmlWriter *w, StrMap *map, PtrVec *order, const Clause *c) {
  const char *key = c ? c->id : ""; /* clause IDs are never empty */
  Group *g = strmap_get(map, key);
  if (!g) {
    g = arena_alloc(w->a, sizeof *g);
    g->clause = c;
    strmap_put(map, key, g);
    vec_push(w->a, order, g);
  }
  return g;
}

/* « Référencée par »: one element per citing clause, with the number of
 * its references to this one and the first of them that has an anchor.
 * Computed here once, rather than grouped by every page that shows it. */
static void cited_by(XmlWriter *w, xmlNodePtr n, const Clause *c) {
  StrMap *map = strmap_new(w->a);
  PtrVec order = {0};
  for (int i = 0; i < c->cited_by.len; i++) {
    const Ref *r = c->cited_by.items[i];
    Group *g = group_of(w, map, &order, r->from);
    g->count++;
    if (!g->anchored && has_anchor(w, r))
      g->anchored = r;
  }
  for (int i = 0; i < order.len; i++) {
    const Group *g = order.items[i];
    xmlNodePtr e = el(w, n, "citedBy");
    attr(w, e, "from", g->clause ? g->clause->id : NULL);
    attr_int(w, e, "count", g->count);
    attr(w, e, "ref", g->anchored ? id_of(w, g->anchored) : NULL);
  }
}

/* ---- Excerpts and leads ----------------------------------------------------------- */

/* Normalized text (XPath's normalize-space): runs of spaces, tabs and line
 * breaks as one space, none at either end.  Only as much is kept as a
 * caller wants. */
typedef struct Norm {
  Buf out;
  size_t chars; /* characters in out */
  size_t want;  /* enough characters */
  bool space;   /* a space is pending */
} Norm;

static void norm_put(Norm *l, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      l->space = l->out.len > 0;
      continue;
    }
    bool starts = (c & 0xC0) != 0x80;
    if (starts && l->chars >= l->want)
      return;
    if (l->space) {
      buf_putc(&l->out, ' ');
      l->chars++;
      l->space = false;
    }
    buf_putc(&l->out, (char)c);
    l->chars += starts;
  }
}

/* Characters the excerpt skips at the start: what remains of a number. */
static size_t number_punctuation(const char *s) {
  static const char *const marks[] = {".", ":", ")", "\xE2\x80\x93", "\xE2\x80\x94", "-", " "};
  for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
    if (strncmp(s, marks[i], strlen(marks[i])) == 0)
      return strlen(marks[i]);
  return 0;
}

/* An excerpt of normalized text s[0..len), as the templates' excerpt
 * template cuts: without what remains of a number at its start (« 2.1. »,
 * « 3) », « 4 – »), then, past EXCERPT_CHARS characters, cut at its last
 * space if that keeps more than half of them, else at EXCERPT_CHARS, and
 * ended with « … ».  Written as an element of n when not empty. */
static void excerpt(XmlWriter *w, xmlNodePtr n, const char *name, const char *s, size_t len) {
  size_t skip = 0, k;
  while (skip < len && (k = number_punctuation(s + skip)) > 0)
    skip += k;
  if (skip < len) { /* unless nothing but punctuation is left */
    s += skip;
    len -= skip;
  }
  size_t chars = 0, cut = len, last_space = 0, before_space = 0;
  for (size_t i = 0; i < len; i++) {
    if (((unsigned char)s[i] & 0xC0) == 0x80)
      continue;
    if (chars == EXCERPT_CHARS) {
      cut = i;
      break;
    }
    if (s[i] == ' ') {
      last_space = i;
      before_space = chars;
    }
    chars++;
  }
  Buf out = {0};
  if (cut == len) {
    buf_put(&out, s, len);
  } else {
    buf_put(&out, s, before_space > EXCERPT_CHARS / 2 ? last_space : cut);
    buf_puts(&out, "\xE2\x80\xA6");
  }
  if (out.len)
    text(w, el(w, n, name), out.data, out.len);
  buf_free(&out);
}

static void lead_inlines(Norm *l, const Inline *in) {
  for (; in && l->chars < l->want; in = in->next) {
    if (in->kind == INLINE_TEXT || in->kind == INLINE_CODE)
      norm_put(l, in->text, in->len);
    else if (in->kind == INLINE_SOFTBREAK)
      norm_put(l, "\n", 1);
    else
      lead_inlines(l, in->children);
  }
}

/* The text blocks() writes of a block (its string value in the XML). */
static void lead_block(Norm *l, const Block *b) {
  if (!b || l->chars >= l->want)
    return;
  if (b->kind == BLOCK_HEADING || b->kind == BLOCK_PARAGRAPH) {
    lead_inlines(l, b->inlines);
  } else if (b->kind == BLOCK_CODE) {
    norm_put(l, b->literal, b->literal_len);
  } else {
    if (b->kind == BLOCK_ITEM && b->clause) { /* its num and heading */
      if (b->clause->number)
        norm_put(l, b->clause->number, strlen(b->clause->number));
      if (b->clause->title)
        norm_put(l, b->clause->title, strlen(b->clause->title));
    }
    for (const Block *c = b->children; c; c = c->next)
      lead_block(l, c);
  }
}

/* A clause without a title is shown by its lead: the words of its opening
 * block after its number, as an excerpt.  A clause opened by a heading has
 * none (« Annexe A » says no more than its number). */
static void lead(XmlWriter *w, xmlNodePtr n, const Clause *c) {
  const Block *opener = c->block->kind == BLOCK_ITEM ? c->block->children : c->block;
  if (c->title || !opener || opener->kind == BLOCK_HEADING)
    return;
  size_t number = c->number ? strlen(c->number) : 0;
  Norm l = {.want = number + 2 * EXCERPT_CHARS + 64};
  lead_block(&l, opener);
  const char *s = buf_cstr(&l.out);
  size_t len = l.out.len;
  if (c->number && len >= number && memcmp(s, c->number, number) == 0) { /* after the number */
    s += number;
    len -= number;
  }
  while (len && *s == ' ')
    s++, len--;
  excerpt(w, n, "lead", s, len);
  buf_free(&l.out);
}

/* How the text names a clause: « article 4 », « clause 10.2 », « annexe II »,
 * « point 3 de l’annexe A », or an unnumbered section's title in
 * guillemets.  A sub-clause without a keyword takes its nearest ancestor's
 * (ALLMYCMS's item 8 of ARTICLE 3 is « article 3.8 »); a keyword is written
 * in lower case. */
static const char *clause_name(XmlWriter *w, const Clause *c) {
  const char *number = c->number ? c->number : "";
  if (c->kind == CLAUSE_SECTION)
    return arena_printf(w->a, "\xC2\xAB\xC2\xA0%s\xC2\xA0\xC2\xBB", c->title ? c->title : "");
  if (c->kind == CLAUSE_ANNEX)
    return arena_printf(w->a, "annexe %s", number);
  if (c->annex)
    return arena_printf(w->a, "point %s de l\xE2\x80\x99" "annexe %s", number,
                        c->annex->number ? c->annex->number : "");
  const Clause *l = c;
  while (l && !l->label)
    l = l->parent;
  if (!l)
    return arena_printf(w->a, "clause %s", number);
  static const char *const upper[] = {"À", "Â", "É", "È", "Ê", "Ë", "Î", "Ï", "Ô", "Ù", "Û", "Ü", "Ç", "Œ"};
  static const char *const lower[] = {"à", "â", "é", "è", "ê", "ë", "î", "ï", "ô", "ù", "û", "ü", "ç", "œ"};
  Buf b = {0};
  for (const char *p = l->label; *p;) {
    size_t k = 0;
    if ((unsigned char)*p >= 0x80)
      while (k < sizeof upper / sizeof *upper && strncmp(p, upper[k], strlen(upper[k])) != 0)
        k++;
    if (*p >= 'A' && *p <= 'Z') {
      buf_putc(&b, (char)(*p - 'A' + 'a'));
      p++;
    } else if ((unsigned char)*p >= 0x80 && k < sizeof upper / sizeof *upper) {
      buf_puts(&b, lower[k]);
      p += strlen(upper[k]);
    } else {
      buf_putc(&b, *p++);
    }
  }
  const char *name = arena_printf(w->a, "%s %s", buf_cstr(&b), number);
  buf_free(&b);
  return name;
}

static const char *const clause_element[] = {
    [CLAUSE_ARTICLE] = "article", [CLAUSE_ANNEX] = "annex", [CLAUSE_SECTION] = "section"};

/* A clause as the corpus pages show it: its number, title or lead, and how
 * often it is cited; its sub-clauses inside it. */
static xmlNodePtr summary_clause(XmlWriter *w, xmlNodePtr parent, const Clause *c) {
  xmlNodePtr n = el(w, parent, clause_element[c->kind]);
  attr(w, n, "eId", c->id);
  attr(w, n, "number", c->number);
  attr(w, n, "label", c->label);
  attr_int(w, n, "depth", c->depth);
  attr_int(w, n, "cited", c->cited_by.len);
  sourcepos(w, n, c->pos, 0);
  attr(w, n, "name", clause_name(w, c));
  if (c->number)
    el_text(w, n, "num", c->number);
  if (c->title)
    el_text(w, n, "heading", c->title);
  lead(w, n, c);
  return n;
}

/* The element of a clause in its text's tree: as the corpus pages show it,
 * with the references that cite it; its blocks follow. */
static xmlNodePtr clause_el(XmlWriter *w, xmlNodePtr parent, const Clause *c) {
  xmlNodePtr n = summary_clause(w, parent, c);
  cited_by(w, n, c);
  return n;
}

static void blocks(XmlWriter *w, xmlNodePtr parent, const Block *b);

static void list_block(XmlWriter *w, xmlNodePtr n, const Block *b) {
  attr_bool(w, n, "ordered", b->ordered);
  if (b->ordered) {
    attr_int(w, n, "start", b->start);
    attr(w, n, "delim", b->delim == ')' ? ")" : ".");
  }
  attr_bool(w, n, "tight", b->tight);
  if (b->not_clauses)
    attr_bool(w, n, "enumeration", true);
}

/* An item that is a clause holds its clause element, which holds the blocks:
 * the item stays in its list and the clause still contains its text. */
static void item_block(XmlWriter *w, xmlNodePtr n, const Block *b) {
  if (b->parent && b->parent->ordered)
    attr_int(w, n, "number", b->number);
  if (b->clause)
    n = clause_el(w, n, b->clause);
  for (const Block *c = b->children; c; c = c->next)
    blocks(w, n, c);
}

static const char *const block_element[] = {
    [BLOCK_DOCUMENT] = "body", [BLOCK_HEADING] = "h",   [BLOCK_PARAGRAPH] = "p",
    [BLOCK_LIST] = "list",     [BLOCK_ITEM] = "item",   [BLOCK_QUOTE] = "quote",
    [BLOCK_CODE] = "pre",      [BLOCK_RULE] = "hr"};

/* One block and its subtree; depth is bounded by load.c. */
static void blocks(XmlWriter *w, xmlNodePtr parent, const Block *b) {
  xmlNodePtr n = el(w, parent, block_element[b->kind]);
  sourcepos(w, n, b->pos, b->end_line);
  switch (b->kind) {
  case BLOCK_HEADING:
    attr_int(w, n, "level", b->level);
    inlines(w, n, b->inlines);
    break;
  case BLOCK_PARAGRAPH:
    inlines(w, n, b->inlines);
    break;
  case BLOCK_LIST:
    list_block(w, n, b);
    for (const Block *c = b->children; c; c = c->next)
      blocks(w, n, c);
    break;
  case BLOCK_ITEM: item_block(w, n, b); break;
  case BLOCK_CODE:
    attr(w, n, "info", b->info && *b->info ? b->info : NULL);
    text(w, n, b->literal, b->literal_len);
    break;
  case BLOCK_DOCUMENT:
  case BLOCK_QUOTE:
    for (const Block *c = b->children; c; c = c->next)
      blocks(w, n, c);
    break;
  case BLOCK_RULE: break;
  }
}

typedef struct Open {
  const Clause *clause;
  xmlNodePtr node; /* the clause's element: its blocks go there */
  xmlNodePtr nest; /* where its sub-clauses go: node, unless nested too deep */
} Open;

/* The top-level blocks, nested as the clause tree: a block that opens a
 * clause starts its element inside its parent clause's; any other block goes
 * into the element of its owner.  clauses.c's owners are the top of its own
 * stack of open clauses, so popping to the owner always finds it.  Blocks
 * before the first clause form the preface; a level-1 heading there is the
 * document's title. */
static void body(XmlWriter *w, xmlNodePtr preface, xmlNodePtr body) {
  Open *stack = arena_alloc(w->a, sizeof(Open) * (size_t)(w->doc->clauses.len + 1));
  int depth = 0;
  bool started = false;
  for (const Block *b = w->doc->root->children; b; b = b->next) {
    const Clause *want = b->clause ? b->clause->parent : b->owner;
    while (depth > 0 && stack[depth - 1].clause != want)
      depth--;
    if (b->clause) {
      xmlNodePtr parent = depth ? stack[depth - 1].nest : body;
      xmlNodePtr n = clause_el(w, parent, b->clause);
      stack[depth] = (Open){b->clause, n, depth + 1 < XML_MAX_CLAUSE_NESTING ? n : parent};
      depth++;
      started = true;
    }
    xmlNodePtr into = depth ? stack[depth - 1].node : started ? body : preface;
    if (!started && b->kind == BLOCK_HEADING && b->level == 1) {
      xmlNodePtr t = el(w, into, "docTitle");
      sourcepos(w, t, b->pos, b->end_line);
      inlines(w, t, b->inlines);
    } else {
      blocks(w, into, b);
    }
  }
}

/* ---- Metadata and counts --------------------------------------------------------- */

typedef struct Counts {
  int internal, external, broken;
  int errors, warnings, acknowledged;
} Counts;

static Counts count(const Document *doc, const Diag *const *diags, int ndiags) {
  Counts n = {0};
  for (int i = 0; i < doc->refs.len; i++) {
    const Ref *r = doc->refs.items[i];
    n.internal += r->status == REF_INTERNAL;
    n.external += r->status == REF_EXTERNAL;
    n.broken += r->status == REF_BROKEN;
  }
  for (int i = 0; i < ndiags; i++) {
    const Diag *g = diags[i];
    n.acknowledged += g->acknowledged;
    n.errors += !g->acknowledged && g->severity == SEV_ERROR;
    n.warnings += !g->acknowledged && g->severity == SEV_WARNING;
  }
  return n;
}

/* What the index page shows of a text; the same element in the document and
 * in the corpus summary. */
static void meta(XmlWriter *w, xmlNodePtr parent, const Diag *const *diags, int ndiags) {
  Document *doc = w->doc;
  xmlNodePtr m = el(w, parent, "meta");
  el_text(w, m, "title", doc->title);
  if (doc->date) {
    xmlNodePtr d = el_text(w, m, "date", french_date(w->a, doc->date));
    attr(w, d, "iso", doc->date);
  }
  attr(w, el(w, m, "source"), "path", doc->src->path);
  for (int i = 0; i < doc->nself; i++)
    el_text(w, m, "self", doc->self_names[i]);
  Counts n = count(doc, diags, ndiags);
  xmlNodePtr c = el(w, m, "counts");
  attr_int(w, c, "clauses", doc->clauses.len);
  attr_int(w, c, "terms", doc->terms.len);
  attr_int(w, c, "references", doc->refs.len);
  attr_int(w, c, "internal", n.internal);
  attr_int(w, c, "external", n.external);
  attr_int(w, c, "broken", n.broken);
  attr_int(w, c, "errors", n.errors);
  attr_int(w, c, "warnings", n.warnings);
  attr_int(w, c, "acknowledged", n.acknowledged);
  attr_int(w, c, "open", n.errors + n.warnings);
}

/* ---- References ------------------------------------------------------------- */

static const char *const item_kind[] = {[ITEM_NUMBER] = "number",     [ITEM_RANGE] = "range",
                                        [ITEM_FOLLOWING] = "following", [ITEM_TITLE] = "title",
                                        [ITEM_SUBJECT] = "subject",   [ITEM_RELATIVE] = "relative"};

/* An item as cited: « 4 », « 8 à 11 », « 38 et suivants », « Support ». */
static void item_attrs(XmlWriter *w, xmlNodePtr n, const RefItem *it) {
  attr(w, n, "kind", item_kind[it->kind]);
  attr(w, n, "number", it->number);
  attr(w, n, "last", it->kind == ITEM_RANGE ? it->last : NULL);
  attr(w, n, "title", it->title);
}

static void reference(XmlWriter *w, xmlNodePtr parent, const Ref *r) {
  xmlNodePtr n = el(w, parent, "reference");
  attr(w, n, "eId", id_of(w, r));
  attr(w, n, "status", status_name(r->status));
  attr(w, n, "unit", ref_unit_name(r->match->unit));
  attr(w, n, "text", r->text);
  attr(w, n, "from", r->from ? r->from->id : NULL);
  attr_bool(w, n, "anchored", has_anchor(w, r));
  attr_bool(w, n, "acknowledged", r->acknowledged);
  if (r->explicit_link)
    attr_bool(w, n, "explicit", true);
  if (r->match->direction != DIR_NONE)
    attr(w, n, "direction", r->match->direction == DIR_BEFORE ? "before" : "after");
  if (r->status == REF_EXTERNAL) {
    attr(w, n, "instrument", r->instrument);
    attr(w, n, "url", r->url);
  }
  sourcepos(w, n, r->pos, 0);
  for (int k = 0; k < r->match->nitems; k++)
    item_attrs(w, el(w, n, "item"), &r->match->items[k]);
  for (int k = 0; k < r->targets.len; k++)
    attr(w, el(w, n, "target"), "eId", ((Clause *)r->targets.items[k])->id);
}

/* ---- External citations, gathered per instrument ------------------------------------ */

typedef struct Cited {
  const RefItem *item;
  RefUnit unit;
  const char *key; /* what makes two citations the same */
  PtrVec refs;     /* Ref* citing it */
} Cited;

typedef struct Instrument {
  const char *name, *url, *key;
  PtrVec cited; /* Cited* */
} Instrument;

/* Orders « 2 » before « 10 » and « 30.2 » before « 32 »: runs of digits
 * compare as numbers, everything else byte by byte. */
static int natural_compare(const char *a, const char *b) {
  while (*a && *b) {
    if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
      char *ea, *eb;
      unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
      if (x != y)
        return x < y ? -1 : 1;
      a = ea;
      b = eb;
    } else if (*a != *b) {
      return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
    } else {
      a++;
      b++;
    }
  }
  return *a ? 1 : *b ? -1 : 0;
}

static int compare_cited(const void *pa, const void *pb) {
  const Cited *a = *(Cited *const *)pa, *b = *(Cited *const *)pb;
  if (!a->item->number != !b->item->number)
    return a->item->number ? -1 : 1;
  int c = a->item->number ? natural_compare(a->item->number, b->item->number) : 0;
  return c ? c : strcmp(a->key, b->key);
}

static Instrument *instrument_of(XmlWriter *w, PtrVec *list, const Ref *r) {
  const char *name = r->instrument ? r->instrument : r->text;
  const char *key = text_fold(w->a, name, strlen(name));
  for (int i = 0; i < list->len; i++) {
    Instrument *in = list->items[i];
    if (strcmp(in->key, key) == 0)
      return in;
  }
  Instrument *in = arena_alloc(w->a, sizeof *in);
  in->name = name;
  in->url = r->url;
  in->key = key;
  vec_push(w->a, list, in);
  return in;
}

static void add_cited(XmlWriter *w, Instrument *in, const Ref *r, const RefItem *it) {
  const char *key = arena_printf(w->a, "%d\x1f%d\x1f%s\x1f%s\x1f%s", (int)r->match->unit,
                                 (int)it->kind, it->number ? it->number : "",
                                 it->kind == ITEM_RANGE && it->last ? it->last : "",
                                 it->title ? text_fold(w->a, it->title, strlen(it->title)) : "");
  Cited *c = NULL;
  for (int i = 0; i < in->cited.len && !c; i++)
    if (strcmp(((Cited *)in->cited.items[i])->key, key) == 0)
      c = in->cited.items[i];
  if (!c) {
    c = arena_alloc(w->a, sizeof *c);
    c->item = it;
    c->unit = r->match->unit;
    c->key = key;
    vec_push(w->a, &in->cited, c);
  }
  vec_push(w->a, &c->refs, (void *)r);
}

/* « Code civil : art. 1218 ; Règlement : art. 28, 30.2, 32 à 36 »: every
 * external reference under its instrument (in order of first citation),
 * each cited item once, in natural order, with the references citing it. */
static void citations(XmlWriter *w, xmlNodePtr parent) {
  PtrVec list = {0};
  for (int i = 0; i < w->doc->refs.len; i++) {
    const Ref *r = w->doc->refs.items[i];
    if (r->status != REF_EXTERNAL)
      continue;
    Instrument *in = instrument_of(w, &list, r);
    for (int k = 0; k < r->match->nitems; k++)
      if (r->match->items[k].kind != ITEM_RELATIVE)
        add_cited(w, in, r, &r->match->items[k]);
    if (r->match->nitems == 0) {
      RefItem *whole = arena_alloc(w->a, sizeof *whole);
      *whole = (RefItem){.kind = ITEM_SUBJECT, .title = r->text};
      add_cited(w, in, r, whole);
    }
  }
  xmlNodePtr cs = el(w, parent, "citations");
  for (int i = 0; i < list.len; i++) {
    Instrument *in = list.items[i];
    xmlNodePtr n = el(w, cs, "instrument");
    attr(w, n, "name", in->name);
    attr(w, n, "url", in->url);
    qsort(in->cited.items, (size_t)in->cited.len, sizeof(void *), compare_cited);
    for (int k = 0; k < in->cited.len; k++) {
      Cited *c = in->cited.items[k];
      xmlNodePtr e = el(w, n, "cited");
      attr(w, e, "unit", ref_unit_name(c->unit));
      item_attrs(w, e, c->item);
      for (int j = 0; j < c->refs.len; j++)
        attr(w, el(w, e, "by"), "ref", id_of(w, c->refs.items[j]));
    }
  }
}

/* ---- Terms ---------------------------------------------------------------------- */

/* Words after which a full stop does not end a sentence (« art. 3 »,
 * « n. 2 »); a single letter is an initial. */
static bool abbreviation(const char *s, size_t dot) {
  static const char *const words[] = {"art", "al", "cf", "etc", "ex", "pp", "no", "mme", "mm",
                                      "me", "dr", "st", "ste", "vol", "ch", "env", "min", "max"};
  size_t start = dot;
  while (start > 0 && ((s[start - 1] | 32) >= 'a' && (s[start - 1] | 32) <= 'z'))
    start--;
  size_t n = dot - start;
  if (n == 1)
    return true;
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strlen(words[i]) == n && strncasecmp(s + start, words[i], n) == 0)
      return true;
  return false;
}

/* True when a sentence starts at s[i]: after « . », « ! » or « ? » and a space. */
static bool sentence_starts(const char *s, size_t i) {
  if (i < 2 || s[i - 1] != ' ')
    return false;
  char c = s[i - 2];
  return c == '!' || c == '?' || (c == '.' && !abbreviation(s, i - 2));
}

/* True when s[i] ends a sentence: « . », « ! » or « ? » at the end or before a space. */
static bool sentence_ends(const char *s, size_t len, size_t i) {
  if (s[i] != '.' && s[i] != '!' && s[i] != '?')
    return false;
  return (i + 1 == len || s[i + 1] == ' ') && (s[i] != '.' || !abbreviation(s, i));
}

/* Moves an offset back to the start of the UTF-8 character it falls in. */
static size_t char_start(const char *s, size_t i) {
  while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
    i--;
  return i;
}

/* The sentence of the defining paragraph that holds the definition: what a
 * hover card or a glossary shows.  At most 500 bytes are taken on each side
 * of the term; a sentence longer than that is cut at a space and marked « … ». */
static const char *definition_sentence(XmlWriter *w, const Term *t) {
  if (!t->flat || t->off + t->len > t->flat->len)
    return t->definition;
  const char *s = t->flat->text;
  size_t len = t->flat->len, from = t->off, to = t->off + t->len;
  size_t low = from > 500 ? from - 500 : 0, high = len - to > 500 ? to + 500 : len;
  while (from > low && !sentence_starts(s, from))
    from--;
  while (to < high && !sentence_ends(s, len, to))
    to++;
  bool cut_start = from > 0 && !sentence_starts(s, from);
  bool cut_end = to < len && !sentence_ends(s, len, to);
  if (cut_start)
    while (from < t->off && s[from++] != ' ') {
    }
  if (cut_end)
    while (to > t->off + t->len && s[to - 1] != ' ')
      to--;
  else if (to < len)
    to++; /* the full stop */
  from = char_start(s, from);
  to = char_start(s, to);
  return arena_printf(w->a, "%s%.*s%s", cut_start ? "…" : "", (int)(to - from), s + from,
                      cut_end ? "…" : "");
}

/* A term: its forms, the sentence that defines it, and its uses gathered
 * per clause (with the place of the first). */
static void term(XmlWriter *w, xmlNodePtr parent, const Term *t) {
  xmlNodePtr n = el(w, parent, "term");
  const char *id = id_of(w, t);
  attr(w, n, "eId", id);
  attr(w, n, "name", t->name);
  if (has_anchor(w, t))
    attr(w, n, "anchor", arena_printf(w->a, "def:%s", strchr(id, ':') + 1));
  attr(w, n, "clause", t->clause ? t->clause->id : NULL);
  attr_int(w, n, "uses", t->uses.len);
  if (t->pronoun)
    attr_bool(w, n, "pronoun", true);
  sourcepos(w, n, t->pos, 0);
  for (int k = 0; k < t->nforms; k++)
    el_text(w, n, "form", t->forms[k]);
  const char *definition = definition_sentence(w, t);
  el_text(w, n, "definition", definition);
  if (definition) {
    Norm d = {.want = 2 * EXCERPT_CHARS + 64};
    norm_put(&d, definition, strlen(definition));
    excerpt(w, n, "excerpt", buf_cstr(&d.out), d.out.len);
    buf_free(&d.out);
  }
  StrMap *map = strmap_new(w->a);
  PtrVec order = {0};
  for (int k = 0; k < t->uses.len; k++) {
    const TermUse *u = t->uses.items[k];
    Group *g = group_of(w, map, &order, u->flat && u->flat->block ? u->flat->block->owner : NULL);
    if (g->count++ == 0)
      g->first = u;
  }
  for (int k = 0; k < order.len; k++) {
    const Group *g = order.items[k];
    xmlNodePtr e = el(w, n, "use");
    attr(w, e, "clause", g->clause ? g->clause->id : NULL);
    attr_int(w, e, "count", g->count);
    sourcepos(w, e, ((const TermUse *)g->first)->pos, 0);
  }
}

/* ---- Diagnostics ---------------------------------------------------------------- */

/* The innermost clause that starts at or before a line: the clause a
 * diagnostic without a reference or term is about. */
static const Clause *clause_at_line(const Document *doc, int line) {
  int lo = 0, hi = doc->clauses.len - 1, found = -1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (((const Clause *)doc->clauses.items[mid])->pos.line <= line) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found >= 0 ? doc->clauses.items[found] : NULL;
}

static const char *const severity_name[] = {"note", "warning", "error"};

static void diagnostic(XmlWriter *w, xmlNodePtr parent, const Diag *g) {
  xmlNodePtr n = el(w, parent, "diagnostic");
  attr(w, n, "code", diag_code_name(g->code));
  attr(w, n, "severity", severity_name[g->severity]);
  attr_bool(w, n, "acknowledged", g->acknowledged);
  attr(w, n, "file", g->file);
  if (g->line > 0) {
    attr_int(w, n, "line", g->line);
    attr_int(w, n, "column", g->col);
  }
  const Clause *c = NULL;
  if (w->doc && g->ref)
    c = g->ref->from;
  else if (w->doc && g->term)
    c = g->term->clause;
  else if (w->doc && g->line > 0)
    c = clause_at_line(w->doc, g->line);
  attr(w, n, "clause", c ? c->id : NULL);
  if (w->doc && g->ref && has_anchor(w, g->ref))
    attr(w, n, "ref", id_of(w, g->ref));
  if (w->doc && g->term)
    attr(w, n, "term", id_of(w, g->term));
  attr(w, n, "subject", g->subject);
  el_text(w, n, "message", g->message);
  if (g->acknowledged)
    el_text(w, n, "reason", g->reason);
}

/* ---- The corpus summary ---------------------------------------------------------- */

/* The clause tree of a text, without its blocks. */
static void summary_clauses(XmlWriter *w, xmlNodePtr parent) {
  const Document *doc = w->doc;
  xmlNodePtr *nest = arena_alloc(w->a, sizeof(xmlNodePtr) * (size_t)(doc->clauses.len + 1));
  int *depth = arena_alloc(w->a, sizeof(int) * (size_t)(doc->clauses.len + 1));
  xmlNodePtr top = el(w, parent, "clauses");
  for (int i = 0; i < doc->clauses.len; i++) {
    const Clause *c = doc->clauses.items[i];
    int p = c->parent ? c->parent->index : -1;
    xmlNodePtr into = p >= 0 ? nest[p] : top;
    depth[i] = p >= 0 ? depth[p] + 1 : 0;
    xmlNodePtr n = summary_clause(w, into, c);
    nest[i] = depth[i] + 1 < XML_MAX_CLAUSE_NESTING ? n : into;
  }
}

/* ---- Layout ---------------------------------------------------------------------- */

/* Elements that hold only elements; whitespace may go between their
 * children.  Every other element holds running text. */
static bool is_container(const xmlNode *n) {
  static const char *const names[] = {
      "document", "corpus",     "meta",      "preface",   "body",        "article",   "annex",
      "section",  "list",       "item",      "quote",     "references",  "reference", "citations",
      "instrument", "cited",    "terms",     "term",      "diagnostics", "diagnostic", "clauses"};
  const char *name = (const char *)n->name;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (name[0] == names[i][0] && strcmp(name, names[i]) == 0)
      return true;
  return false;
}

/* Text as libxml2 writes it: & < > and carriage returns escaped, and in an
 * attribute value also quotes, tabs and line feeds. */
static void put_escaped(Buf *b, const char *s, bool attribute) {
  static unsigned char special[256];
  if (!special['&'])
    special['&'] = special['<'] = special['>'] = special['\r'] = 1,
    special['"'] = special['\n'] = special['\t'] = 2;
  const char *run = s;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s, k = special[c];
    if (!k || (k == 2 && !attribute))
      continue;
    buf_put(b, run, (size_t)(s - run));
    run = s + 1;
    buf_puts(b, c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '\r' ? "&#13;"
                : c == '"' ? "&quot;" : c == '\n' ? "&#10;" : "&#9;");
  }
  buf_put(b, run, (size_t)(s - run));
}

/* An element and its subtree; recursion follows the element nesting,
 * which body() and load.c bound. */
static void save_element(Buf *b, const xmlNode *n, int depth) {
  buf_putc(b, '<');
  buf_puts(b, (const char *)n->name);
  for (const xmlNs *ns = n->nsDef; ns; ns = ns->next) {
    buf_puts(b, ns->prefix ? " xmlns:" : " xmlns");
    buf_puts(b, ns->prefix ? (const char *)ns->prefix : "");
    buf_puts(b, "=\"");
    put_escaped(b, (const char *)ns->href, true);
    buf_putc(b, '"');
  }
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    buf_putc(b, ' ');
    buf_puts(b, (const char *)a->name);
    buf_puts(b, "=\"");
    for (const xmlNode *t = a->children; t; t = t->next)
      if (t->content)
        put_escaped(b, (const char *)t->content, true);
    buf_putc(b, '"');
  }
  if (!n->children) {
    buf_puts(b, "/>");
    return;
  }
  buf_putc(b, '>');
  bool layout = is_container(n);
  for (const xmlNode *c = n->children; c && layout; c = c->next)
    layout = c->type == XML_ELEMENT_NODE; /* mixed content: as it is */
  static const char spaces[] = "\n                                        ";
  int pad = depth < 19 ? 2 * depth + 2 : 40;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (layout)
      buf_put(b, spaces, (size_t)pad + 1);
    if (c->type == XML_ELEMENT_NODE)
      save_element(b, c, depth + 1);
    else if (c->type == XML_TEXT_NODE && c->content)
      put_escaped(b, (const char *)c->content, false);
  }
  if (layout)
    buf_put(b, spaces, (size_t)pad - 1);
  buf_puts(b, "</");
  buf_puts(b, (const char *)n->name);
  buf_putc(b, '>');
}

bool xml_save(struct _xmlDoc *xdoc, const char *path) {
  Buf b = {0};
  buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  save_element(&b, xmlDocGetRootElement(xdoc), 0);
  buf_putc(&b, '\n');
  errno = 0;
  FILE *f = fopen(path, "w");
  bool ok = f && fwrite(b.data, 1, b.len, f) == b.len;
  if (f && fclose(f) != 0)
    ok = false;
  int saved = errno;
  buf_free(&b);
  errno = saved;
  return ok;
}

/* ---- Entry points ---------------------------------------------------------------- */

/* A new tree; its names are interned in dict when one is given (the
 * templates' own: libxslt then matches them by address). */
static xmlDocPtr new_doc(XmlWriter *w, const char *root, struct _xmlDict *dict) {
  w->a = arena_new();
  w->xdoc = xmlNewDoc(BAD_CAST "1.0");
  if (dict && xmlDictReference(dict) == 0)
    w->xdoc->dict = dict;
  xmlNodePtr r = xmlNewDocNode(w->xdoc, NULL, BAD_CAST root, NULL);
  xmlDocSetRootElement(w->xdoc, r);
  w->ns = xmlNewNs(r, BAD_CAST TERMC_XML_NS, NULL);
  xmlSetNs(r, w->ns);
  attr(w, r, "generator", "termc " TERMC_VERSION);
  return w->xdoc;
}

/* The IDs of a text's references and terms, and where their anchors are. */
static void prepare(XmlWriter *w, Document *doc) {
  w->doc = doc;
  w->ids = (PtrMap){0};
  w->first = (PtrMap){0};
  assign_ids(w);
  find_first_blocks(w, doc->root);
}

/* The diagnostics of a text: those the compilation holds for its file,
 * which diag_sort keeps together. */
static void doc_diagnostics(XmlWriter *w, xmlNodePtr parent, const Diag *const *diags, int n) {
  xmlNodePtr list = el(w, parent, "diagnostics");
  for (int i = 0; i < n; i++)
    diagnostic(w, list, diags[i]);
}

xmlDocPtr xml_document_with(Document *doc, const Diag *const *diags, int ndiags,
                            struct _xmlDict *dict) {
  XmlWriter w = {0};
  xmlDocPtr xdoc = new_doc(&w, "document", dict);
  xmlNodePtr root = xmlDocGetRootElement(xdoc);
  prepare(&w, doc);
  attr(&w, root, "id", doc->id);
  meta(&w, root, diags, ndiags);
  xmlNodePtr preface = el(&w, root, "preface");
  body(&w, preface, el(&w, root, "body"));
  xmlNodePtr refs = el(&w, root, "references");
  for (int i = 0; i < doc->refs.len; i++)
    reference(&w, refs, doc->refs.items[i]);
  citations(&w, root);
  xmlNodePtr terms = el(&w, root, "terms");
  for (int i = 0; i < doc->terms.len; i++)
    term(&w, terms, doc->terms.items[i]);
  doc_diagnostics(&w, root, diags, ndiags);
  arena_free(w.a);
  return xdoc;
}

/* The diagnostics of every text, in the order given, and those of no text:
 * lists in arena memory. */
typedef struct DiagLists {
  const Diag ***of; /* per document */
  int *n;
  const Diag **none;
  int nnone;
} DiagLists;

static DiagLists diag_lists(Arena *a, const Compilation *c) {
  DiagLists d = {0};
  int ndocs = c->docs.len, total = c->diags.list.len;
  d.of = arena_alloc(a, sizeof(const Diag **) * (size_t)(ndocs + 1));
  d.n = arena_alloc(a, sizeof(int) * (size_t)(ndocs + 1));
  d.none = arena_alloc(a, sizeof(const Diag *) * (size_t)(total + 1));
  StrMap *index = strmap_new(a);
  int *slot = arena_alloc(a, sizeof(int) * (size_t)(ndocs + 1));
  for (int i = 0; i < ndocs; i++) {
    slot[i] = i;
    const char *path = ((Document *)c->docs.items[i])->src->path;
    if (!strmap_get(index, path))
      strmap_put(index, path, &slot[i]);
  }
  int *which = arena_alloc(a, sizeof(int) * (size_t)(total + 1));
  for (int i = 0; i < total; i++) {
    const Diag *g = c->diags.list.items[i];
    int *k = g->file ? strmap_get(index, g->file) : NULL;
    which[i] = k ? *k : -1;
    if (k)
      d.n[*k]++;
  }
  for (int i = 0; i < ndocs; i++) {
    d.of[i] = arena_alloc(a, sizeof(const Diag *) * (size_t)(d.n[i] + 1));
    d.n[i] = 0;
  }
  for (int i = 0; i < total; i++) {
    const Diag *g = c->diags.list.items[i];
    if (which[i] >= 0)
      d.of[which[i]][d.n[which[i]]++] = g;
    else
      d.none[d.nnone++] = g;
  }
  return d;
}

/* For site.c: the diagnostics of text i in (*of)[i], (*n)[i] of them;
 * arena memory. */
void xml_diagnostics_of(Arena *a, const Compilation *c, const Diag ****of, int **n) {
  DiagLists d = diag_lists(a, c);
  *of = d.of;
  *n = d.n;
}

xmlDocPtr xml_document(Document *doc) {
  Arena *a = arena_new();
  PtrVec mine = {0};
  const Diags *d = &doc->comp->diags;
  for (int i = 0; i < d->list.len; i++) {
    const Diag *g = d->list.items[i];
    if (g->file && strcmp(g->file, doc->src->path) == 0)
      vec_push(a, &mine, (void *)g);
  }
  xmlDocPtr xdoc = xml_document_with(doc, (const Diag *const *)mine.items, mine.len, NULL);
  arena_free(a);
  return xdoc;
}

/* Each text's summary (metadata, clauses, terms, diagnostics) with the
 * name of its XML file, and the diagnostics that belong to no text (a file
 * that could not be read). */
xmlDocPtr xml_corpus_with(Compilation *c, struct _xmlDict *dict);

xmlDocPtr xml_corpus(Compilation *c) { return xml_corpus_with(c, NULL); }

xmlDocPtr xml_corpus_with(Compilation *c, struct _xmlDict *dict) {
  XmlWriter w = {0};
  xmlDocPtr xdoc = new_doc(&w, "corpus", dict);
  xmlNodePtr root = xmlDocGetRootElement(xdoc);
  DiagLists lists = diag_lists(w.a, c);
  for (int i = 0; i < c->docs.len; i++) {
    Document *doc = c->docs.items[i];
    prepare(&w, doc);
    xmlNodePtr n = el(&w, root, "document");
    attr(&w, n, "id", doc->id);
    /* a URI reference: « été » is written %C3%A9t%C3%A9 */
    xmlChar *escaped = xmlURIEscapeStr(BAD_CAST doc->id, BAD_CAST "");
    attr(&w, n, "href", arena_printf(w.a, "%s.xml", escaped ? (const char *)escaped : doc->id));
    xmlFree(escaped);
    meta(&w, n, lists.of[i], lists.n[i]);
    summary_clauses(&w, n);
    xmlNodePtr terms = el(&w, n, "terms");
    for (int k = 0; k < doc->terms.len; k++)
      term(&w, terms, doc->terms.items[k]);
    doc_diagnostics(&w, n, lists.of[i], lists.n[i]);
  }
  w.doc = NULL;
  doc_diagnostics(&w, root, lists.none, lists.nnone);
  arena_free(w.a);
  return xdoc;
}
