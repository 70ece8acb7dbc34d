/*
 * typeset.c — one paragraph: the inline tree → words → items → lines.
 *
 * A paragraph is gathered as « fragments »: runs of characters with no
 * space inside, in one face, colour and link (a word in bold and roman is
 * two fragments with no space between them).  Each character is drawn in
 * the face asked for when it has the glyph, else in the regular face, else
 * in the fallback face: nothing is ever drawn as a missing-glyph box.
 *
 * Fragments become the line breaker's items: a space is glue, a fragment
 * one box, or several when it may break inside (after the hyphen of
 * « ci-dessus », at the slashes of a long address, at a hyphenation point,
 * or anywhere in a word wider than the line).  French rules decide which
 * spaces may break: never before « : ; ! ? » or a closing guillemet, never
 * after an opening one, never inside « 10 000 », and reluctantly between
 * « article » and its number.
 *
 * Breaking runs in passes, as in TeX: first without hyphenation and with a
 * strict tolerance (most paragraphs end here, untouched), then with
 * hyphenation, then accepting any spacing, and last allowing breaks at the
 * unbreakable spaces too, which always succeeds, so no line ever overflows
 * the measure.
 */
#include "pdf.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A paragraph longer than this is typeset up to here, with a notice: it
 * cannot be a clause of a contract, and the bound keeps time and memory
 * in proportion (one megabyte is about 400 pages). */
#define TS_MAX_PARAGRAPH (1024 * 1024)
/* Fragments broken at once; longer paragraphs are broken in chunks that
 * overlap by a line, which bounds the breaker's memory. */
#define TS_CHUNK 3000

typedef struct Frag {
  const char *text;
  int len;
  uint8_t font, color;
  bool space_before; /* a space separates it from the previous fragment */
  bool hard_break;   /* a forced line break before it */
  bool address;      /* an address or identifier (set by ts_end) */
  int space_penalty; /* cost of a break at that space; LB_INF: never */
  double width;
  Target link;
} Frag;

typedef struct FragAnchor {
  int frag; /* the fragment it precedes */
  Target target;
} FragAnchor;

/* Where each item comes from: a piece of a fragment. */
typedef struct ItemSrc {
  int frag;
  int off, len;
} ItemSrc;

/* A place inside a fragment where it may break. */
typedef struct InnerBreak {
  int off;      /* byte offset: the break is before this byte */
  int penalty;
  bool hyphen;  /* draw a hyphen at the end of the line */
} InnerBreak;

#define HYPHEN_CACHE 4096
#define HYPHEN_POINTS 24 /* words are at most 128 bytes (hyphenate.c) */

typedef struct HyphenEntry {
  const char *word; /* NULL: empty slot */
  int len;
  uint8_t n;
  uint8_t points[HYPHEN_POINTS];
} HyphenEntry;

struct Typesetter {
  Fonts *fs;
  Hyphenator *hy;
  Document *doc;
  ParStyle st;
  Frag *frags;
  int nfrags, capfrags;
  FragAnchor *anchors;
  int nanchors, capanchors;
  bool pending_space, pending_break;
  size_t total;     /* bytes of text so far */
  bool truncated;
  FontSlot font;    /* the inline walk's current face, colour and link */
  Color color;
  Target link;
  LbItem *items;
  ItemSrc *src;
  int nitems, capitems, capsrc;
  InnerBreak *inner;
  int ninner, capinner;
  int *breaks;      /* of the current chunk */
  int nbreaks;
  Run *runs;        /* scratch: the runs of the line being placed */
  int capruns;
  HyphenEntry hyphen_cache[HYPHEN_CACHE];
  uint16_t latin[FONT__COUNT][256]; /* widths of U+0000..U+00FF in each face,
                                      1/1000 em; NO_WIDTH: not drawable there */
};

#define NO_WIDTH 0xFFFF

Typesetter *ts_new(Fonts *fs, Hyphenator *hy) {
  Typesetter *ts = calloc(1, sizeof *ts);
  if (!ts) {
    fputs("termc: out of memory\n", stderr);
    exit(2);
  }
  ts->fs = fs;
  ts->hy = hy;
  for (int f = 0; f < FONT__COUNT; f++)
    for (int cp = 0; cp < 256; cp++) {
      const TtFont *face = fonts_face(fs, f);
      bool drawn = face && cp >= 0x20 && !(cp >= 0x7F && cp < 0xA0) && ttf_has(face, cp);
      ts->latin[f][cp] = drawn ? (uint16_t)ttf_width(face, cp) : NO_WIDTH;
    }
  return ts;
}

void ts_free(Typesetter *ts) {
  if (!ts)
    return;
  free(ts->frags);
  free(ts->anchors);
  free(ts->items);
  free(ts->src);
  free(ts->inner);
  free(ts->breaks);
  free(ts->runs);
  free(ts);
}

void ts_set_document(Typesetter *ts, Document *doc) { ts->doc = doc; }

void ts_begin(Typesetter *ts, const ParStyle *st) {
  ts->st = *st;
  ts->nfrags = ts->nanchors = 0;
  ts->pending_space = ts->pending_break = false;
  ts->total = 0;
  ts->truncated = false;
  ts->font = st->font;
  ts->color = st->color;
  ts->link = target(TARGET_NONE, NULL);
}

static double char_width(Typesetter *ts, FontSlot font, int cp) {
  bool latin = cp >= 0 && cp < 256 && ts->latin[font][cp] != NO_WIDTH;
  return (latin ? ts->latin[font][cp] : fonts_width(ts->fs, font, cp)) * ts->st.size / 1000.0;
}

/* The last character of a fragment, and the first. */
static int last_char(const Frag *f) {
  int i = f->len - 1;
  while (i > 0 && ((unsigned char)f->text[i] & 0xC0) == 0x80)
    i--;
  int n;
  return utf8_decode(f->text + i, (size_t)(f->len - i), &n);
}

static int first_char(const char *s, int len) {
  int n;
  return len > 0 ? utf8_decode(s, (size_t)len, &n) : -1;
}

/* An elided article, then one of the words a clause number follows. */
static bool is_unit_word(const Frag *f) {
  if (f->len < 5 || f->len > 14 || !strchr("aAcCsSpPtTlLdD", f->text[0]))
    return false; /* most words: not even a candidate */
  static const char *const units[] = {"article", "articles", "clause", "clauses", "annexe",
                                      "annexes", "section", "sections", "point", "points",
                                      "paragraphe", "paragraphes", "chapitre", "titre", NULL};
  const char *s = f->text;
  int len = f->len;
  for (int i = 0; i < len; i++)
    if (s[i] == '\'' || (i + 2 < len && memcmp(s + i, "\xE2\x80\x99", 3) == 0)) {
      int skip = i + (s[i] == '\'' ? 1 : 3);
      s += skip;
      len -= skip;
      break;
    }
  for (int u = 0; units[u]; u++)
    if ((int)strlen(units[u]) == len && strncasecmp(s, units[u], (size_t)len) == 0)
      return true;
  return false;
}

/* Three digits, possibly followed by punctuation: a group of « 10 000 ». */
static bool is_digit_group(const char *s, int len) {
  return len >= 3 && uni_isdigit(s[0]) && uni_isdigit(s[1]) && uni_isdigit(s[2]) &&
         (len == 3 || !uni_isdigit((unsigned char)s[3]));
}

/* The cost of a line break at the space between prev and a fragment that
 * starts with s: French typography. */
static int space_penalty(const Frag *prev, const char *s, int len) {
  int a = last_char(prev), b = first_char(s, len);
  if (a == 0xAB || a == 0x2039) /* after « ‹ */
    return LB_INF;
  if (b == ':' || b == ';' || b == '!' || b == '?' || b == 0xBB || b == 0x203A || b == '%' ||
      b == 0x20AC)
    return LB_INF;
  if (uni_isdigit(a) && is_digit_group(s, len))
    return LB_INF;
  if (b == 0x2013 || b == 0x2014 || (b == '-' && len == 1)) /* a dash does not start a line */
    return 500;
  if (is_unit_word(prev) && (uni_isdigit(b) || b == 'I' || b == 'V' || b == 'X'))
    return 300;
  if (uni_isdigit(a) && uni_isalpha(b) && prev->len <= 4) /* « 18 ans », « 30 jours » */
    return 300;
  return 0;
}

static void add_frag(Typesetter *ts, const char *s, int len, FontSlot font, Color color,
                     Target link) {
  ts->frags = pdf_grow(ts->frags, &ts->capfrags, ts->nfrags + 1, sizeof(Frag));
  Frag *f = &ts->frags[ts->nfrags];
  bool follows = ts->nfrags > 0;
  *f = (Frag){.text = s, .len = len, .font = (uint8_t)font, .color = (uint8_t)color,
              .space_before = ts->pending_space && follows,
              .hard_break = ts->pending_break && follows, .link = link};
  ts->pending_space = ts->pending_break = false;
  ts->nfrags++;
}

/* Spaces where a line may break.  U+00A0 and U+202F are not: they stay
 * inside a fragment and are drawn as the font's own no-break spaces. */
static bool is_break_space(int cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0x2002 || cp == 0x2003 || cp == 0x2009;
}

void ts_text(Typesetter *ts, const char *s, size_t len, FontSlot font, Color color, Target link) {
  static const char replacement[] = "\xEF\xBF\xBD";
  int cur = -1; /* the fragment being extended */
  for (size_t i = 0; i < len;) {
    if (ts->total >= TS_MAX_PARAGRAPH) {
      ts->truncated = true;
      return;
    }
    int n = 1, cp = (unsigned char)s[i];
    if (cp >= 0x80)
      cp = utf8_decode(s + i, len - i, &n);
    FontSlot slot = font;
    int draw = cp;
    if (cp < 256 && ts->latin[font][cp] != NO_WIDTH && cp != ' ') {
      /* the common case: a Latin-1 character the face has */
    } else {
      draw = is_break_space(cp) ? -1 : fonts_resolve(ts->fs, font, cp, &slot);
    }
    if (draw < 0) {
      ts->pending_space |= is_break_space(cp);
      cur = -1;
    } else if (draw != cp) {
      add_frag(ts, draw == '?' ? "?" : replacement, draw == '?' ? 1 : 3, slot, color, link);
      ts->frags[ts->nfrags - 1].width = char_width(ts, slot, draw);
      cur = -1;
    } else if (cur >= 0 && ts->frags[cur].font == slot &&
               ts->frags[cur].text + ts->frags[cur].len == s + i) {
      ts->frags[cur].len += n;
      ts->frags[cur].width += char_width(ts, slot, cp);
    } else {
      add_frag(ts, s + i, n, slot, color, link);
      cur = ts->nfrags - 1;
      ts->frags[cur].width = char_width(ts, slot, cp);
    }
    i += (size_t)n;
    ts->total += (size_t)n;
  }
}

void ts_linebreak(Typesetter *ts) {
  ts->pending_break = true;
  ts->pending_space = false;
}

void ts_anchor(Typesetter *ts, Target t) {
  ts->anchors = pdf_grow(ts->anchors, &ts->capanchors, ts->nanchors + 1, sizeof(FragAnchor));
  ts->anchors[ts->nanchors++] = (FragAnchor){ts->nfrags, t};
}

static FontSlot italic_of(FontSlot f) {
  return f == FONT_BOLD || f == FONT_BOLD_ITALIC ? FONT_BOLD_ITALIC : f == FONT_MONO ? f : FONT_ITALIC;
}

static FontSlot bold_of(FontSlot f) {
  return f == FONT_ITALIC || f == FONT_BOLD_ITALIC ? FONT_BOLD_ITALIC : f == FONT_MONO ? f : FONT_BOLD;
}

/* Where a Markdown link goes: a clause of this text for « #id », the
 * address for http, https and mailto; nowhere for a relative link, which
 * means nothing inside a PDF. */
static Target link_target(Typesetter *ts, const Inline *in) {
  const char *url = in->url;
  if (!url)
    return target(TARGET_NONE, NULL);
  if (url[0] == '#') {
    Clause *c = ts->doc ? clause_by_id(ts->doc, url + 1) : NULL;
    return target(c ? TARGET_CLAUSE : TARGET_NONE, c);
  }
  if (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0 ||
      strncmp(url, "mailto:", 7) == 0)
    return target(TARGET_URL, url);
  return target(TARGET_NONE, NULL);
}

/* A reference: a link to the clause it resolves to, or to the address of
 * the other instrument; in red when broken (built with --keep-going). */
static void ref_style(Typesetter *ts, const Inline *in) {
  const Ref *r = in->ref;
  if (!r)
    return;
  if (r->status == REF_INTERNAL) {
    Clause *c = NULL;
    if (r->item_targets && in->target >= 0 && in->target < r->match->nitems)
      c = r->item_targets[in->target];
    if (!c && r->targets.len > 0)
      c = r->targets.items[0];
    if (c) {
      ts->link = target(TARGET_CLAUSE, c);
      ts->color = COLOR_LINK;
    }
  } else if (r->status == REF_EXTERNAL && r->url && strncmp(r->url, "http", 4) == 0) {
    ts->link = target(TARGET_URL, r->url);
    ts->color = COLOR_LINK;
  } else if (r->status == REF_BROKEN) {
    ts->link = target(TARGET_NONE, NULL);
    ts->color = r->acknowledged ? COLOR_ACK : COLOR_BROKEN;
  }
  if (r->status == REF_BROKEN || r->acknowledged)
    ts_anchor(ts, target(TARGET_REF, r));
}

static void walk(Typesetter *ts, const Inline *in, int depth);

/* What a container inline changes in the face, colour and link of its
 * children: emphasis, links, references, terms. */
static void enter(Typesetter *ts, const Inline *in) {
  switch (in->kind) {
  case INLINE_EMPH:
    ts->font = italic_of(ts->font);
    break;
  case INLINE_STRONG:
    ts->font = bold_of(ts->font);
    break;
  case INLINE_LINK:
    ts->link = link_target(ts, in);
    if (ts->link.kind != TARGET_NONE)
      ts->color = COLOR_LINK;
    else if (in->url && in->url[0] == '#')
      ts->color = COLOR_BROKEN;
    break;
  case INLINE_REF:
    ref_style(ts, in);
    break;
  case INLINE_TERM:
  case INLINE_DEF:
    if (in->term)
      ts_anchor(ts, target(in->kind == INLINE_DEF ? TARGET_TERM : TARGET_USE, in->term));
    break;
  default:
    break;
  }
}

/* The inline tree; its depth is bounded by the loader (TERMC_MAX_DEPTH). */
static void walk(Typesetter *ts, const Inline *in, int depth) {
  for (; in && depth <= TERMC_MAX_DEPTH; in = in->next) {
    FontSlot font = ts->font;
    Color color = ts->color;
    Target link = ts->link;
    if (in->kind == INLINE_TEXT || in->kind == INLINE_CODE) {
      ts_text(ts, in->text, in->len, in->kind == INLINE_CODE ? FONT_MONO : ts->font, ts->color,
              ts->link);
    } else if (in->kind == INLINE_SOFTBREAK) {
      ts->pending_space = true;
    } else if (in->kind == INLINE_LINEBREAK) {
      ts_linebreak(ts);
    } else if (in->kind == INLINE_IMAGE) { /* its description, in brackets */
      ts->font = italic_of(font);
      ts_text(ts, "[", 1, ts->font, ts->color, ts->link);
      walk(ts, in->children, depth + 1);
      ts_text(ts, "]", 1, ts->font, ts->color, ts->link);
    } else {
      enter(ts, in);
      walk(ts, in->children, depth + 1);
    }
    ts->font = font;
    ts->color = color;
    ts->link = link;
  }
}

void ts_inlines(Typesetter *ts, const Inline *in) { walk(ts, in, 0); }

static void push_item(Typesetter *ts, LbItem it, int frag, int off, int len) {
  ts->items = pdf_grow(ts->items, &ts->capitems, ts->nitems + 1, sizeof(LbItem));
  ts->src = pdf_grow(ts->src, &ts->capsrc, ts->nitems + 1, sizeof(ItemSrc));
  ts->items[ts->nitems] = it;
  ts->src[ts->nitems] = (ItemSrc){frag, off, len};
  ts->nitems++;
}

static void add_inner(Typesetter *ts, int off, int penalty, bool hyphen) {
  ts->inner = pdf_grow(ts->inner, &ts->capinner, ts->ninner + 1, sizeof(InnerBreak));
  ts->inner[ts->ninner++] = (InnerBreak){off, penalty, hyphen};
}

static int compare_inner(const void *pa, const void *pb) {
  const InnerBreak *a = pa, *b = pb;
  return a->off != b->off ? a->off - b->off : a->penalty - b->penalty;
}

/* An address or an identifier: it breaks at its slashes, never hyphenated. */
static bool is_address(const Frag *f) {
  return memmem(f->text, (size_t)f->len, "://", 3) || memmem(f->text, (size_t)f->len, "www.", 4) ||
         (memchr(f->text, '@', (size_t)f->len) && memchr(f->text, '.', (size_t)f->len)) ||
         (f->len > 30 && memchr(f->text, '/', (size_t)f->len));
}

/* The hyphenation points of a word, from a direct-mapped cache: the words
 * of a contract repeat (« Développeurs », « Plateforme »), and libhyphen
 * costs more than the lookup.  Cached words point into the source texts,
 * which outlive the typesetter. */
static const HyphenEntry *hyphens_of(Typesetter *ts, const char *w, int len) {
  uint32_t h = 2166136261u;
  for (int i = 0; i < len; i++)
    h = (h ^ (unsigned char)w[i]) * 16777619u;
  HyphenEntry *e = &ts->hyphen_cache[h % HYPHEN_CACHE];
  if (e->word && e->len == len && memcmp(e->word, w, (size_t)len) == 0)
    return e;
  int points[HYPHEN_POINTS];
  int n = hyphenate_word(ts->hy, w, (size_t)len, points, HYPHEN_POINTS);
  *e = (HyphenEntry){.word = w, .len = len, .n = (uint8_t)n};
  for (int k = 0; k < n; k++)
    e->points[k] = (uint8_t)points[k];
  return e;
}

/* Whether every letter but the first is lower case: acronyms, names in
 * capitals (« ALLMYCMS ») and brands (« TikTok ») are not hyphenated. */
static bool lower_after_first(const char *s, int len) {
  int n;
  for (int i = utf8_decode(s, (size_t)len, &n) >= 0 ? n : 1; i < len; i += n)
    if (uni_isupper(utf8_decode(s + i, (size_t)(len - i), &n)))
      return false;
  return true;
}

/* Hyphenation points of the words of a fragment (a fragment may hold
 * « (ci-après », « l’utilisation, » or « Compte-Client. »). */
static void hyphen_points(Typesetter *ts, const Frag *f) {
  int i = 0;
  while (i < f->len) {
    int start = i, letters = 0, n;
    while (i < f->len) {
      int cp = utf8_decode(f->text + i, (size_t)(f->len - i), &n);
      bool apostrophe = (cp == '\'' || cp == 0x2019) && letters > 0;
      if (!uni_isalpha(cp) && !apostrophe)
        break;
      letters += !apostrophe;
      i += n;
    }
    if (letters >= 5 && lower_after_first(f->text + start, i - start)) {
      const HyphenEntry *e = hyphens_of(ts, f->text + start, i - start);
      for (int k = 0; k < e->n; k++)
        add_inner(ts, start + e->points[k], 50, true);
    }
    if (i == start)
      i += (utf8_decode(f->text + i, (size_t)(f->len - i), &n), n);
  }
}

/* Letters of s[from..to) before the first non-letter. */
static int letters(const char *s, int from, int to, int step) {
  int n = 0;
  for (int i = from; i >= 0 && i < to; i += step) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80) { /* a letter of a multi-byte character: count its lead */
      n += (c & 0xC0) == 0xC0;
      continue;
    }
    if (!uni_isalpha(c))
      break;
    n++;
  }
  return n;
}

/* Whether a compound may break after its hyphen at i: two letters at least
 * before it and three after it, so that « ci-|dessus » and « Compte-|Client »
 * break, but not « termine-t-elle » nor « a-t-il ». */
static bool hyphen_breaks(const char *s, int len, int i) {
  return letters(s, i - 1, len, -1) >= 2 && letters(s, i + 1, len, 1) >= 3;
}

/* Every place a fragment may break, in order of offset. */
static void inner_breaks(Typesetter *ts, const Frag *f, bool hyphenate, double maxw) {
  ts->ninner = 0;
  bool address = f->address;
  if (address || memchr(f->text, '-', (size_t)f->len)) {
    for (int i = 1; i + 1 < f->len; i++) {
      char c = f->text[i], next = f->text[i + 1];
      if (c == '-' && !address && hyphen_breaks(f->text, f->len, i))
        add_inner(ts, i + 1, 50, false);
      else if (address && strchr("/.?&=_-", c) && next != c)
        add_inner(ts, i + 1, 200, false);
    }
  }
  if (hyphenate && !address && ts->hy && f->len >= 5)
    hyphen_points(ts, f);
  if (f->width > maxw) /* wider than a line: may break anywhere */
    for (int i = 1; i < f->len; i++)
      if (((unsigned char)f->text[i] & 0xC0) != 0x80)
        add_inner(ts, i, 1000, false);
  if (ts->ninner > 1)
    qsort(ts->inner, (size_t)ts->ninner, sizeof(InnerBreak), compare_inner);
}

/* The boxes and inner penalties of fragment fi. */
static void push_fragment(Typesetter *ts, int fi, bool hyphenate, double maxw) {
  const Frag *f = &ts->frags[fi];
  inner_breaks(ts, f, hyphenate, maxw);
  if (ts->ninner == 0) { /* the common case: one box */
    push_item(ts, (LbItem){.kind = LB_BOX, .width = f->width}, fi, 0, f->len);
    return;
  }
  double hyphen_w = char_width(ts, f->font, '-');
  int last = 0, k = 0;
  double w = 0;
  for (int i = 0; i < f->len;) {
    while (k < ts->ninner && ts->inner[k].off <= last)
      k++;
    if (k < ts->ninner && ts->inner[k].off == i && i > last) {
      const InnerBreak *b = &ts->inner[k];
      push_item(ts, (LbItem){.kind = LB_BOX, .width = w}, fi, last, i - last);
      push_item(ts, (LbItem){.kind = LB_PENALTY, .penalty = b->penalty, .flagged = b->hyphen || f->text[i - 1] == '-',
                             .width = b->hyphen ? hyphen_w : 0}, fi, i, 0);
      last = i;
      w = 0;
    }
    int n;
    w += char_width(ts, f->font, utf8_decode(f->text + i, (size_t)(f->len - i), &n));
    i += n;
  }
  push_item(ts, (LbItem){.kind = LB_BOX, .width = w}, fi, last, f->len - last);
}

/* The items of fragments [from, to), ended as a paragraph is (TeX's
 * \parfillskip: the last line is not stretched).  forcible: the
 * unbreakable spaces may break too, at a high cost. */
static void build_items(Typesetter *ts, int from, int to, bool hyphenate, bool forcible,
                        double maxw) {
  bool justify = ts->st.align == ALIGN_JUSTIFY;
  ts->nitems = 0;
  for (int f = from; f < to; f++) {
    const Frag *fr = &ts->frags[f];
    if (f > from && fr->hard_break) {
      push_item(ts, (LbItem){.kind = LB_PENALTY, .penalty = LB_INF}, f, 0, 0);
      push_item(ts, (LbItem){.kind = LB_GLUE, .stretch = 1e6}, f, 0, 0);
      push_item(ts, (LbItem){.kind = LB_PENALTY, .penalty = -LB_INF}, f, 0, 0);
    } else if (f > from && fr->space_before) {
      double w = char_width(ts, ts->frags[f - 1].font, ' ');
      int pen = forcible && fr->space_penalty >= LB_INF ? 5000 : fr->space_penalty;
      push_item(ts, (LbItem){.kind = LB_GLUE, .width = w, .stretch = justify ? w / 2 : 0,
                             .shrink = justify ? w / 3 : 0, .penalty = pen}, f, 0, 0);
    }
    push_fragment(ts, f, hyphenate, maxw);
  }
  /* a balanced paragraph's last line is measured like the others */
  double fill = ts->st.balance ? 0 : 1e6;
  push_item(ts, (LbItem){.kind = LB_PENALTY, .penalty = LB_INF}, to - 1, 0, 0);
  push_item(ts, (LbItem){.kind = LB_GLUE, .stretch = fill}, to - 1, 0, 0);
  push_item(ts, (LbItem){.kind = LB_PENALTY, .penalty = -LB_INF}, to - 1, 0, 0);
}

/* Breaks fragments [from, to) into lines: ts->breaks, ts->nbreaks.  The
 * passes go from strict to anything goes; the last cannot fail.  Ragged
 * text (headings, entries) is hyphenated only as a last resort. */
static void break_chunk(Typesetter *ts, int from, int to, LbParams *p) {
  typedef struct Pass {
    bool hyphenate, forcible;
    double tolerance;
  } Pass;
  static const Pass justified[] = {{false, false, 100}, {true, false, 200}, {true, false, -1},
                                   {true, true, -1}};
  static const Pass ragged[] = {{false, false, 100}, {false, false, -1}, {true, true, -1}};
  bool justify = ts->st.align == ALIGN_JUSTIFY;
  const Pass *passes = justify ? justified : ragged;
  size_t npasses = justify ? sizeof justified / sizeof *justified : sizeof ragged / sizeof *ragged;
  double narrowest = p->width < lb_line_width(p, 0) ? p->width : lb_line_width(p, 0);
  double maxw = narrowest - 2 * char_width(ts, FONT_REGULAR, '-');
  free(ts->breaks);
  ts->breaks = NULL;
  ts->nbreaks = 0;
  for (size_t i = 0; i < npasses; i++) {
    build_items(ts, from, to, passes[i].hyphenate, passes[i].forcible, maxw);
    p->tolerance = passes[i].tolerance;
    ts->nbreaks = linebreak(ts->items, ts->nitems, p, &ts->breaks);
    if (ts->nbreaks > 0)
      return;
  }
  /* Unreachable with boxes narrower than the line; one line, then. */
  int cap = 0;
  ts->breaks = pdf_grow(NULL, &cap, 1, sizeof(int));
  ts->breaks[0] = ts->nitems - 1;
  ts->nbreaks = 1;
}

/* Whether box i may join run r: same face, colour and link.  The box
 * then continues r if its text follows r's (a word split by a hyphenation
 * point that was not used), or, after a word space, if one ASCII space
 * separates them in the text and stretches as r's spaces do. */
static bool same_style(const Typesetter *ts, const Run *r, int i) {
  const Frag *f = &ts->frags[ts->src[i].frag];
  return r->font == f->font && r->color == f->color && r->link.kind == f->link.kind &&
         r->link.ptr == f->link.ptr;
}

static bool continues(const Typesetter *ts, const Run *r, int i) {
  const Frag *f = &ts->frags[ts->src[i].frag];
  return same_style(ts, r, i) && r->text + r->len == f->text + ts->src[i].off;
}

static bool continues_after_space(const Typesetter *ts, const Run *r, int i, float extra) {
  const Frag *f = &ts->frags[ts->src[i].frag];
  bool spaced = memchr(r->text, ' ', (size_t)r->len) != NULL;
  return same_style(ts, r, i) && r->text + r->len + 1 == f->text + ts->src[i].off &&
         r->text[r->len] == ' ' && (!spaced || r->space_extra == extra);
}

/* The runs of the line items[from..to] (to is its break), placed with
 * the line's adjustment ratio r.  The glue between two words is the
 * space of the word before it (build_items), stretched by r. */
static int place_runs(Typesetter *ts, Run *runs, int from, int to, double x, double r) {
  int n = 0;
  int glues = 1;     /* glue items since the last box */
  float extra = 0;   /* what the last glue was stretched by */
  for (int i = from; i < to; i++) {
    const LbItem *it = &ts->items[i];
    if (it->kind == LB_GLUE) {
      double stretch = r < 0 ? r * it->shrink : r * it->stretch;
      x += it->width + stretch;
      extra = (float)stretch;
      glues++;
    } else if (it->kind == LB_BOX && ts->src[i].len > 0) {
      const Frag *f = &ts->frags[ts->src[i].frag];
      Run *last = n > 0 ? &runs[n - 1] : NULL;
      if (last && glues == 0 && continues(ts, last, i)) {
        last->len += ts->src[i].len;
      } else if (last && glues == 1 && continues_after_space(ts, last, i, extra)) {
        last->len += 1 + ts->src[i].len;
        last->space_extra = extra;
      } else {
        runs[n++] = (Run){.x = x, .text = f->text + ts->src[i].off, .len = ts->src[i].len,
                          .font = f->font, .color = f->color, .size = (float)ts->st.size,
                          .link = f->link};
        last = &runs[n - 1];
      }
      x += it->width;
      last->w = x - last->x;
      glues = 0;
    }
  }
  const LbItem *brk = &ts->items[to];
  if (brk->kind == LB_PENALTY && brk->width > 0 && n > 0) { /* the hyphen, as the last run */
    const Run *last = &runs[n - 1];
    runs[n] = (Run){.x = x, .w = brk->width, .text = "-", .len = 1, .font = last->font,
                    .color = last->color, .size = (float)ts->st.size, .link = last->link};
    n++;
  }
  return n;
}

static double natural_width(const Typesetter *ts, int from, int to) {
  double w = 0;
  for (int i = from; i < to; i++)
    if (ts->items[i].kind != LB_PENALTY)
      w += ts->items[i].width;
  return ts->items[to].kind == LB_PENALTY ? w + ts->items[to].width : w;
}

/* Appends line number k of the paragraph, items[from..to], to g. */
static void emit_line(Typesetter *ts, Galley *g, int from, int to, int k, const LbParams *p) {
  double width = lb_line_width(p, k);
  double r = lb_ratio(ts->items, from, to, width, p->extra_stretch);
  double x = ts->st.indent + (k > 0 ? ts->st.hang : 0);
  if (ts->st.align != ALIGN_JUSTIFY && r > 0)
    r = 0; /* ragged: spaces keep their width */
  if (ts->st.align == ALIGN_CENTER && r == 0)
    x += (width - natural_width(ts, from, to)) / 2;
  /* placed in a scratch array (at most a run per item), kept in the
   * galley at their exact number */
  ts->runs = pdf_grow(ts->runs, &ts->capruns, to - from + 1, sizeof(Run));
  const TtFont *face = fonts_face(ts->fs, ts->st.font);
  Line line = {.kind = LINE_TEXT, .height = ts->st.leading,
               .ascent = ttf_ascent(face) * ts->st.size / 1000,
               .descent = ttf_descent(face) * ts->st.size / 1000};
  line.nruns = line.capruns = place_runs(ts, ts->runs, from, to, x, r);
  line.runs = arena_alloc(g->arena, sizeof(Run) * (size_t)(line.nruns ? line.nruns : 1));
  memcpy(line.runs, ts->runs, sizeof(Run) * (size_t)line.nruns);
  galley_add(g, &line);
}

/* Where the next chunk starts: at the last line that begins with a whole
 * fragment, which is broken again with what follows so that the seam does
 * not show.  Returns the number of lines to keep (all of them for the last
 * chunk, or when no line after the first starts a fragment). */
static int chunk_cut(const Typesetter *ts, int to, int *next) {
  *next = to;
  if (to >= ts->nfrags)
    return ts->nbreaks;
  for (int k = ts->nbreaks - 1; k >= 1; k--) {
    int first = lb_line_start(ts->items, ts->nitems, ts->breaks[k - 1]);
    if (first < ts->nitems && ts->items[first].kind == LB_BOX && ts->src[first].off == 0) {
      *next = ts->src[first].frag;
      return k;
    }
  }
  return ts->nbreaks;
}

/* Puts each anchor of the fragments before `next` on the line (index in g)
 * of its fragment's first box.  Anchors and items are both in order. */
static void place_anchors(Typesetter *ts, Galley *g, int next, int first_line, int nlines, int *a) {
  int i = 0, k = 0;
  for (; *a < ts->nanchors && ts->anchors[*a].frag < next; (*a)++) {
    int f = ts->anchors[*a].frag;
    while (i < ts->nitems && !(ts->items[i].kind == LB_BOX && ts->src[i].frag >= f))
      i++;
    while (k < nlines - 1 && i > ts->breaks[k])
      k++;
    galley_anchor(g, first_line + k, ts->anchors[*a].target);
  }
}

static LbParams paragraph_params(const Typesetter *ts, double *first) {
  LbParams p = lb_defaults(ts->st.width - ts->st.hang);
  *first = ts->st.width;
  if (ts->st.hang != 0) {
    p.widths = first;
    p.nwidths = 1;
  }
  if (ts->st.align != ALIGN_JUSTIFY)
    p.extra_stretch = 4 * ts->st.size;
  return p;
}

/* The notice that ends a paragraph cut at TS_MAX_PARAGRAPH. */
static void add_truncation_notice(Typesetter *ts, Galley *g) {
  const char *notice = arena_printf(
      g->arena, "[suite du paragraphe omise dans le PDF : un paragraphe de plus de %d Mio]",
      TS_MAX_PARAGRAPH / (1024 * 1024));
  ts->pending_space = true;
  ts->total = 0;
  ts_text(ts, notice, strlen(notice), FONT_ITALIC, COLOR_BROKEN, target(TARGET_NONE, NULL));
}

/* No page break after the first line of a paragraph nor before its last. */
static void keep_club_and_widow(Galley *g, int first, int last) {
  if (last > first) {
    g->lines[first].keep = true;
    g->lines[last - 1].keep = true;
  }
}

int ts_end(Typesetter *ts, Galley *g) {
  if (ts->truncated)
    add_truncation_notice(ts, g);
  if (ts->nfrags == 0)
    return -1;
  for (int f = 0; f < ts->nfrags; f++) { /* now that every fragment is whole */
    Frag *fr = &ts->frags[f];
    fr->address = fr->len >= 8 && is_address(fr);
    if (f > 0 && fr->space_before)
      fr->space_penalty = space_penalty(&ts->frags[f - 1], fr->text, fr->len);
  }
  double first_width;
  LbParams p = paragraph_params(ts, &first_width);
  int first_line = g->nlines, a = 0;
  for (int from = 0; from < ts->nfrags;) {
    int to = from + TS_CHUNK < ts->nfrags ? from + TS_CHUNK : ts->nfrags, next;
    if (g->nlines > first_line)
      p.nwidths = 0; /* only the paragraph's first line is special */
    break_chunk(ts, from, to, &p);
    int keep = chunk_cut(ts, to, &next);
    int chunk_first = g->nlines;
    for (int k = 0, start = 0; k < keep; k++) {
      emit_line(ts, g, start, ts->breaks[k], g->nlines - first_line, &p);
      start = lb_line_start(ts->items, ts->nitems, ts->breaks[k]);
    }
    place_anchors(ts, g, next, chunk_first, keep, &a);
    from = next;
  }
  for (; a < ts->nanchors; a++)
    galley_anchor(g, g->nlines - 1, ts->anchors[a].target);
  g->lines[first_line].above = ts->st.above;
  keep_club_and_widow(g, first_line, g->nlines - 1);
  return first_line;
}

double ts_width(Typesetter *ts, const char *s, size_t len, FontSlot font, double size) {
  double w = 0;
  for (size_t i = 0; i < len;) {
    int n;
    int cp = utf8_decode(s + i, len - i, &n);
    FontSlot slot;
    int draw = fonts_resolve(ts->fs, font, cp, &slot);
    if (draw >= 0)
      w += fonts_width(ts->fs, slot, draw) * size / 1000.0;
    i += (size_t)n;
  }
  return w;
}

/* Appends the characters of s[i..) that draw as themselves in one face to
 * line as one run; a character no face has becomes a run of its own
 * substitute.  Returns where the run ends. */
static size_t add_group(Typesetter *ts, Galley *g, int line, const char *s, size_t i, size_t len,
                        FontSlot font, Run *run) {
  int n;
  int cp = utf8_decode(s + i, len - i, &n);
  FontSlot slot;
  int draw = fonts_resolve(ts->fs, font, cp, &slot);
  run->font = (uint8_t)slot;
  run->w = 0;
  if (draw < 0)
    return i + (size_t)n;
  if (draw != cp) {
    run->text = draw == '?' ? "?" : "\xEF\xBF\xBD";
    run->len = draw == '?' ? 1 : 3;
    run->w = fonts_width(ts->fs, slot, draw) * run->size / 1000.0;
    galley_add_run(g, line, run);
    return i + (size_t)n;
  }
  size_t j = i;
  while (j < len) {
    int m;
    int c = utf8_decode(s + j, len - j, &m);
    FontSlot other;
    if (fonts_resolve(ts->fs, font, c, &other) != c || other != slot)
      break;
    run->w += fonts_width(ts->fs, slot, c) * run->size / 1000.0;
    j += (size_t)m;
  }
  run->text = s + i;
  run->len = (int)(j - i);
  galley_add_run(g, line, run);
  return j;
}

double ts_run(Typesetter *ts, Galley *g, int line, double x, const char *s, size_t len,
              FontSlot font, double size, Color color, Target link) {
  double x0 = x;
  for (size_t i = 0; i < len;) {
    Run run = {.x = x, .color = (uint8_t)color, .size = (float)size, .link = link};
    i = add_group(ts, g, line, s, i, len, font, &run);
    x += run.w;
  }
  return x - x0;
}
