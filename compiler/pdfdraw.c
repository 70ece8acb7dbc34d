/*
 * pdfdraw.c — laid-out books → PDF files, with libharu.
 *
 * Everything is decided before this file runs: which line goes on which
 * page, where every run of text starts.  Drawing is then one pass over the
 * parts: text as one TJ array per line (pdfharu.c), rules, link boxes,
 * running head and foot; then the bookmarks and the document information.
 *
 * Fonts come first, once for the whole build (embed_fonts): the characters
 * each face draws in any book are collected, and each face is embedded as
 * a subset of exactly those (pdffont.c), its streams deflated once.  Every
 * book embeds the same subsets, so that a glyph has the same code in every
 * book, and a body, which its own book and the corpus both show, is drawn
 * once (draw_body): each book copies its pages' operators.  Every run is
 * drawable in its face by construction (typeset.c resolves fallbacks), so
 * nothing is ever drawn missing.
 *
 * Reproducible: nothing depends on the clock or on addresses.  The
 * creation date is SOURCE_DATE_EPOCH when it is set, and absent otherwise;
 * libharu writes no /ID for an unencrypted file.
 */
#include "pdf.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const double colors[COLOR__COUNT][3] = {
    [COLOR_TEXT] = {0, 0, 0},
    [COLOR_LINK] = {0.05, 0.20, 0.45},
    [COLOR_BROKEN] = {0.78, 0.05, 0.05},
    [COLOR_ACK] = {0.72, 0.40, 0.0},
    [COLOR_GREY] = {0.42, 0.42, 0.42},
};

/* ---- Fonts ------------------------------------------------------------------- */

static void mark(uint8_t *used[FONT__COUNT], int font, int cp) {
  if (cp < 0 || cp > 0xFFFF)
    return;
  if (!used[font]) {
    used[font] = calloc(8192, 1);
    if (!used[font]) {
      fputs("termc: out of memory\n", stderr);
      exit(2);
    }
    used[font][' ' >> 3] |= 1 << (' ' & 7); /* spaces between words */
  }
  used[font][cp >> 3] |= (uint8_t)(1 << (cp & 7));
}

void galley_mark_used(const Galley *g, uint8_t *used[FONT__COUNT]) {
  for (int i = 0; i < g->nlines; i++)
    for (int k = 0; k < g->lines[i].nruns; k++) {
      const Run *r = &g->lines[i].runs[k];
      if (r->pageref)
        for (int c = '0'; c <= '9'; c++)
          mark(used, r->font, c);
      if (!used[r->font])
        mark(used, r->font, ' ');
      uint8_t *set = used[r->font];
      for (int j = 0; j < r->len;) {
        int n = 1, c = (unsigned char)r->text[j];
        if (c >= 0x80)
          c = utf8_decode(r->text + j, (size_t)(r->len - j), &n);
        if (c >= 0 && c <= 0xFFFF)
          set[c >> 3] |= (uint8_t)(1 << (c & 7));
        j += n;
      }
    }
}

bool embedded_covers(const Embedded *em, uint8_t *const used[FONT__COUNT]) {
  for (int f = 0; f < FONT__COUNT; f++) {
    if (!used[f])
      continue;
    if (!em->present[f])
      return false;
    for (int cp = next_used(used[f], 0); cp < 0xFFFF; cp = next_used(used[f], cp + 1))
      if (em->subset[f].gids[cp] == 0)
        return false;
  }
  return true;
}

/* The bytes that draw glyph g of a face inside a literal string: one or
 * two, with ( ) \ and line breaks escaped. */
static int glyph_bytes(const FontSubset *fs, int g, char *out) {
  unsigned char bytes[2] = {(unsigned char)(g >> 8), (unsigned char)g};
  int o = 0;
  for (int k = fs->one_byte ? 1 : 0; k < 2; k++) {
    unsigned char c = bytes[k];
    if (c == '(' || c == ')' || c == '\\' || c == '\n' || c == '\r') {
      out[o++] = '\\';
      c = c == '\n' ? 'n' : c == '\r' ? 'r' : c;
    }
    out[o++] = (char)c;
  }
  return o;
}

bool embed_fonts(Embedded *em, Fonts *fs, uint8_t *const used[FONT__COUNT], char *err,
                 size_t errlen) {
  memset(em, 0, sizeof *em);
  bool one_byte = false;
  for (int slot = 0; slot < FONT__COUNT; slot++) {
    if (!used[slot])
      continue;
    FontSubset *sub = &em->subset[slot];
    em->present[slot] = true;
    if (!font_subset(fonts_face(fs, slot), used[slot], sub) ||
        !haru_face_streams(sub, &em->streams[slot])) {
      snprintf(err, errlen, "impossible d’incorporer les polices");
      return false;
    }
    one_byte |= sub->one_byte;
    for (int cp = 0; cp < 256; cp++)
      em->latin_len[slot][cp] = (uint8_t)glyph_bytes(sub, sub->gids[cp], em->latin[slot][cp]);
  }
  if (one_byte && !haru_one_byte_cmap(&em->one_byte_cmap)) {
    snprintf(err, errlen, "impossible d’incorporer les polices");
    return false;
  }
  return true;
}

void embedded_free(Embedded *em) {
  for (int i = 0; i < FONT__COUNT; i++) {
    font_subset_free(&em->subset[i]);
    buf_free(&em->streams[i].file);
    buf_free(&em->streams[i].tounicode);
  }
  buf_free(&em->one_byte_cmap);
}

/* ---- Operators -------------------------------------------------------------------- */

/* Where operators are written, with the graphics state they left. */
typedef struct Canvas {
  const Embedded *em;
  Fonts *fs;
  const DestMap *dests; /* where page references lead; NULL in a body */
  Buf *ops;
  int cur_font, cur_color;
  double cur_size, cur_tw;
} Canvas;

/* What a new page's operators may assume: nothing but the defaults. */
static void reset_state(Canvas *cv) {
  cv->cur_font = cv->cur_color = -1;
  cv->cur_size = cv->cur_tw = 0;
}

/* A number for the content stream: at most three decimals, no trailing
 * zero, a dot whatever the locale.  Written by hand: it runs for every
 * line and every rule. */
static void put_num(Buf *b, double v) {
  long long k = llround(v * 1000);
  char digits[32], *p = digits + sizeof digits;
  bool negative = k < 0;
  unsigned long long u = negative ? (unsigned long long)-k : (unsigned long long)k;
  unsigned frac = (unsigned)(u % 1000);
  u /= 1000;
  if (frac) {
    int places = 3;
    while (frac % 10 == 0)
      frac /= 10, places--;
    for (; places > 0; places--, frac /= 10)
      *--p = (char)('0' + frac % 10);
    *--p = '.';
  }
  do
    *--p = (char)('0' + u % 10);
  while (u /= 10);
  if (negative)
    *--p = '-';
  buf_put(b, p, (size_t)(digits + sizeof digits - p));
}

/* The page number a page reference shows. */
static const char *page_number(Canvas *cv, const Run *r, char *buf, size_t size) {
  Dest dest;
  if (r->link.kind == TARGET_PAGE)
    snprintf(buf, size, "%d", r->link.n + 1);
  else if (cv->dests && dests_get(cv->dests, r->link, &dest))
    snprintf(buf, size, "%d", dest.page + 1);
  else
    snprintf(buf, size, "?");
  return buf;
}

static double text_width(Canvas *cv, int font, double size, const char *s, int len) {
  double w = 0;
  for (int i = 0; i < len;) {
    int n;
    w += fonts_width(cv->fs, font, utf8_decode(s + i, (size_t)(len - i), &n));
    i += n;
  }
  return w * size / 1000;
}

/* The glyphs of s in face f, as glyph numbers (one or two bytes) inside a
 * literal string, whose parentheses the caller writes. */
static void put_glyphs(Canvas *cv, int f, const char *s, int len) {
  const Embedded *em = cv->em;
  const FontSubset *sub = &em->subset[f];
  Buf *b = cv->ops;
  for (int i = 0; i < len;) {
    int c = (unsigned char)s[i];
    char tmp[4];
    const char *bytes;
    int nb;
    if (c < 0x80) {
      bytes = em->latin[f][c], nb = em->latin_len[f][c];
      i++;
    } else {
      int n = 1;
      c = utf8_decode(s + i, (size_t)(len - i), &n) & 0xFFFF;
      i += n;
      if (c < 256) {
        bytes = em->latin[f][c], nb = em->latin_len[f][c];
      } else {
        nb = glyph_bytes(sub, sub->gids[c], tmp);
        bytes = tmp;
      }
    }
    buf_put(b, bytes, (size_t)nb);
  }
}

/* Where the text being written stands: inside a TJ array, inside one of
 * its strings, and where the last glyph shown ends. */
typedef struct Pen {
  bool array, string;
  double x;
} Pen;

static void close_string(Canvas *cv, Pen *pen) {
  if (pen->string)
    buf_putc(cv->ops, ')');
  pen->string = false;
}

static void open_array(Canvas *cv, Pen *pen) {
  if (!pen->array)
    buf_putc(cv->ops, '[');
  pen->array = true;
}

static void open_string(Canvas *cv, Pen *pen) {
  open_array(cv, pen);
  if (!pen->string)
    buf_putc(cv->ops, '(');
  pen->string = true;
}

static void close_array(Canvas *cv, Pen *pen) {
  close_string(cv, pen);
  if (pen->array)
    buf_puts(cv->ops, "]TJ\n");
  pen->array = false;
}

/* Face, size and colour for the next run, when they change. */
static void set_state(Canvas *cv, const Run *r, Pen *pen) {
  bool face = r->font != cv->cur_font || r->size != cv->cur_size;
  bool color = r->color != cv->cur_color;
  if (!face && !color)
    return;
  close_array(cv, pen);
  if (face) {
    char name[4] = {'/', 'F', (char)('0' + r->font), ' '}; /* FONT__COUNT < 10 */
    buf_put(cv->ops, name, sizeof name);
    put_num(cv->ops, r->size);
    buf_puts(cv->ops, " Tf\n");
  }
  if (color) {
    for (int i = 0; i < 3; i++)
      put_num(cv->ops, colors[r->color][i]), buf_putc(cv->ops, ' ');
    buf_puts(cv->ops, "rg\n");
  }
  cv->cur_font = r->font, cv->cur_size = r->size, cv->cur_color = r->color;
}

/* Moves the pen to x: a space glyph when the gap is a word space (for
 * text extraction), then the rest as a TJ adjustment in thousandths of an
 * em.  The adjustment is rounded, and the pen follows the rounding, so
 * that errors never add up along a line. */
static void move_to(Canvas *cv, const Run *r, Pen *pen, double x) {
  double gap = x - pen->x, space = fonts_width(cv->fs, r->font, ' ') * r->size / 1000;
  if (gap > space / 2) {
    open_string(cv, pen);
    put_glyphs(cv, r->font, " ", 1);
    pen->x += space + (cv->em->subset[r->font].one_byte ? cv->cur_tw : 0);
    gap = x - pen->x;
  }
  long adj = lround(-gap * 1000 / r->size);
  if (adj != 0) {
    close_string(cv, pen);
    open_array(cv, pen);
    put_num(cv->ops, (double)adj);
    pen->x -= adj * r->size / 1000;
  }
}

/* The word spacing of a line: what its word spaces add to the space
 * glyph, so that one Tw operator stretches them all.  Tw acts only on the
 * byte 32, so only in one-byte faces.  Taken from the first run whose
 * text has spaces (0 for leaders, a running head: those do not stretch),
 * else from the first gap between runs that is a word space. */
static double word_spacing(Canvas *cv, const Line *l) {
  for (int i = 0; i < l->nruns; i++) {
    const Run *r = &l->runs[i];
    if (!r->pageref && cv->em->subset[r->font].one_byte && memchr(r->text, ' ', (size_t)r->len))
      return fabs(r->space_extra) < 0.005 ? 0 : r->space_extra;
  }
  for (int i = 1; i < l->nruns; i++) {
    const Run *a = &l->runs[i - 1], *b = &l->runs[i];
    double space = fonts_width(cv->fs, b->font, ' ') * b->size / 1000;
    double gap = b->x - (a->x + a->w);
    if (gap > space / 2 && cv->em->subset[b->font].one_byte && !a->pageref && !b->pageref)
      return fabs(gap - space) < 0.005 ? 0 : gap - space;
  }
  return 0;
}

/* The glyphs of a run whose text may hold word spaces.  After each space,
 * the pen stands where the reader's Tw put it; when that is not where the
 * run's stretched spaces end (a face of two-byte codes, which Tw does not
 * stretch, or a run stretched otherwise than the line's Tw), an
 * adjustment brings it back, rounded as move_to's are.  Returns how far
 * the pen stands past where the words want it. */
static double put_words(Canvas *cv, const Run *r, Pen *pen, const char *text, int len) {
  double drift = 0;
  double tw = cv->em->subset[r->font].one_byte ? cv->cur_tw : 0;
  for (int from = 0; from < len;) {
    const char *space = memchr(text + from, ' ', (size_t)(len - from));
    int end = space ? (int)(space - text) + 1 : len;
    put_glyphs(cv, r->font, text + from, end - from);
    from = end;
    if (!space)
      break;
    drift += tw - r->space_extra;
    long adj = lround(drift * 1000 / r->size);
    if (adj != 0) {
      close_string(cv, pen);
      put_num(cv->ops, (double)adj);
      open_string(cv, pen);
      drift -= adj * r->size / 1000;
    }
  }
  return drift;
}

/* One line of text: TJ arrays of glyph strings, spaces and adjustments. */
static void draw_text(Canvas *cv, const Line *l, double baseline) {
  Pen pen = {0};
  bool started = false;
  buf_puts(cv->ops, "BT\n");
  double tw = word_spacing(cv, l);
  if (tw != cv->cur_tw) {
    put_num(cv->ops, tw);
    buf_puts(cv->ops, " Tw\n");
    cv->cur_tw = tw;
  }
  for (int i = 0; i < l->nruns; i++) {
    const Run *r = &l->runs[i];
    char num[16];
    const char *text = r->pageref ? page_number(cv, r, num, sizeof num) : r->text;
    int len = r->pageref ? (int)strlen(num) : r->len;
    double w = r->pageref ? text_width(cv, r->font, r->size, text, len) : r->w;
    double x = MARGIN_LEFT + r->x + (r->pageref ? r->w - w : 0);
    if (len == 0)
      continue;
    set_state(cv, r, &pen);
    if (!started) {
      buf_puts(cv->ops, "1 0 0 1 "), put_num(cv->ops, x), buf_putc(cv->ops, ' ');
      put_num(cv->ops, baseline), buf_puts(cv->ops, " Tm\n");
      pen.x = x;
      started = true;
    }
    move_to(cv, r, &pen, x);
    open_string(cv, &pen);
    pen.x += w + put_words(cv, r, &pen, text, len);
  }
  close_array(cv, &pen);
  buf_puts(cv->ops, "ET\n");
}

static void draw_rule(Canvas *cv, double x0, double x1, double y, double width) {
  Buf *b = cv->ops;
  buf_puts(b, "q "), put_num(b, width), buf_puts(b, " w 0.35 0.35 0.35 RG ");
  put_num(b, x0), buf_putc(b, ' '), put_num(b, y), buf_puts(b, " m ");
  put_num(b, x1), buf_putc(b, ' '), put_num(b, y), buf_puts(b, " l S Q\n");
}

static void draw_line(Canvas *cv, const Line *l, double baseline) {
  if (l->kind == LINE_RULE)
    draw_rule(cv, MARGIN_LEFT + l->x0, MARGIN_LEFT + l->x1, baseline, 0.6);
  else if (l->kind == LINE_TEXT && l->nruns > 0)
    draw_text(cv, l, baseline);
}

static bool same_link(Target a, Target b) { return a.kind == b.kind && a.n == b.n && a.ptr == b.ptr; }

/* One link box per stretch of runs of a line that go to the same place. */
static void line_links(const Line *l, double baseline, void (*add)(void *, const PageLink *),
                       void *ctx) {
  if (l->kind != LINE_TEXT)
    return;
  for (int i = 0; i < l->nruns; i++) {
    const Run *r = &l->runs[i];
    if (r->link.kind == TARGET_NONE)
      continue;
    int j = i;
    while (j + 1 < l->nruns && same_link(l->runs[j + 1].link, r->link))
      j++;
    PageLink link = {{(float)(MARGIN_LEFT + r->x), (float)(baseline - l->descent),
                      (float)(MARGIN_LEFT + l->runs[j].x + l->runs[j].w),
                      (float)(baseline + l->ascent)},
                     r->link};
    add(ctx, &link);
    i = j;
  }
}

/* ---- Bodies, drawn once -------------------------------------------------------------- */

static void add_body_link(void *ctx, const PageLink *link) {
  BodyPages *bp = ctx;
  bp->links = pdf_grow(bp->links, &bp->caplinks, bp->nlinks + 1, sizeof(PageLink));
  bp->links[bp->nlinks++] = *link;
}

void draw_body(const Galley *g, const Place *place, int npages, const Embedded *em, Fonts *fs,
               BodyPages *out) {
  memset(out, 0, sizeof *out);
  out->npages = npages;
  out->ops = calloc((size_t)npages + 1, sizeof(Buf));
  out->first_link = calloc((size_t)npages + 2, sizeof(int));
  if (!out->ops || !out->first_link) {
    fputs("termc: out of memory\n", stderr);
    exit(2);
  }
  Canvas cv = {.em = em, .fs = fs};
  int page = -1;
  for (int k = 0; k < g->nlines; k++) {
    const Place *at = &place[k];
    if (at->page < 0 || at->page >= npages)
      continue;
    while (page < at->page) { /* a new page: its operators and its links */
      page++;
      out->first_link[page] = out->nlinks;
      cv.ops = &out->ops[page];
      reset_state(&cv);
    }
    double baseline = PAGE_HEIGHT - MARGIN_TOP - at->y;
    draw_line(&cv, &g->lines[k], baseline);
    line_links(&g->lines[k], baseline, add_body_link, out);
  }
  while (page < npages) {
    page++;
    out->first_link[page] = out->nlinks;
  }
}

void body_pages_free(BodyPages *bp) {
  if (!bp)
    return;
  for (int p = 0; bp->ops && p < bp->npages; p++)
    buf_free(&bp->ops[p]);
  free(bp->ops);
  free(bp->links);
  free(bp->first_link);
  memset(bp, 0, sizeof *bp);
}

/* ---- Books ------------------------------------------------------------------------ */

typedef struct Draw Draw;

/* What is written on a page: its part, and where its lines start. */
typedef struct PageSource {
  Draw *d;
  int page;
  const Part *part;
  int first_line;     /* of the part's galley on this page */
} PageSource;

struct Draw {
  const Book *b;
  Canvas cv;
  Arena *arena;
  HPDF_Doc pdf;
  HPDF_STATUS status; /* libharu's first error */
  HPDF_Dict font[FONT__COUNT];
  HPDF_Dict fonts;    /* the resource dictionary of every page */
  HPDF_Page *pages;
  HPDF_Array *annots; /* per page, made on its first link */
  PageSource *sources; /* per page */
  ContentSource *content;
  Buf ops;            /* operators of the page being written */
  const char *body;   /* then those of its shared body, drawn once */
  size_t body_len, pos;
  HaruMark *bookmarks; /* their root, made on the first */
  int page;           /* where line_links adds boxes */
};

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *ctx) {
  Draw *d = ctx;
  (void)detail;
  if (!d->status)
    d->status = error;
}

/* Embeds the build's faces in this book. */
static bool load_fonts(Draw *d) {
  const Embedded *em = d->cv.em;
  for (int slot = 0; slot < FONT__COUNT; slot++)
    if (em->present[slot] &&
        !(d->font[slot] = haru_embed_font(d->pdf, &em->subset[slot], &em->streams[slot],
                                          &em->one_byte_cmap)))
      return false;
  return true;
}

/* Where a link or bookmark to t goes in this book; false when the target
 * is not in it. */
static bool destination(Draw *d, Target t, HaruDest *out) {
  Dest dest = {.page = t.n, .y = -6};
  if (t.kind != TARGET_PAGE && !dests_get(d->b->dests, t, &dest))
    return false;
  if (dest.page < 0 || dest.page >= d->b->npages)
    return false;
  double top = PAGE_HEIGHT - MARGIN_TOP - dest.y + 6;
  *out = (HaruDest){d->pages[dest.page], (float)(top > PAGE_HEIGHT ? PAGE_HEIGHT : top)};
  return true;
}

static void annotate(void *ctx, const PageLink *link) {
  Draw *d = ctx;
  HaruDest dest;
  bool url = link->target.kind == TARGET_URL;
  if (!url && !destination(d, link->target, &dest))
    return;
  if (!haru_link(d->pdf, d->pages[d->page], &d->annots[d->page], link->rect, url ? NULL : &dest,
                 url ? link->target.ptr : NULL) && !d->status)
    d->status = HPDF_FAILD_TO_ALLOC_MEM;
}

/* Running head (above a thin rule) and foot of page p. */
static void draw_furniture(Draw *d, int p) {
  const Galley *f = d->b->furniture;
  double head = PAGE_HEIGHT - MARGIN_TOP + 30;
  if (2 * p + 1 < f->nlines) {
    if (f->lines[2 * p].nruns > 0) {
      draw_line(&d->cv, &f->lines[2 * p], head);
      draw_rule(&d->cv, MARGIN_LEFT, MARGIN_LEFT + TEXT_WIDTH, head - 6, 0.4);
    }
    draw_line(&d->cv, &f->lines[2 * p + 1], 40);
  }
}

/* The operators of a page, produced when libharu writes its stream: the
 * running head and foot first (text extraction then reads them before the
 * page's text, not glued to its last word), then its part's lines, a
 * shared body's as drawn once. */
static void page_begin(void *ctx) {
  const PageSource *src = ctx;
  Draw *d = src->d;
  const Part *part = src->part;
  d->ops.len = 0;
  d->pos = 0;
  d->body = NULL;
  d->body_len = 0;
  d->cv.ops = &d->ops;
  reset_state(&d->cv);
  draw_furniture(d, src->page);
  reset_state(&d->cv);
  if (!part)
    return;
  if (part->drawn) {
    int local = src->page - part->first_page;
    if (local < part->drawn->npages) {
      d->body = part->drawn->ops[local].data;
      d->body_len = part->drawn->ops[local].len;
    }
    return;
  }
  for (int k = src->first_line; k < part->g->nlines && part->place[k].page == src->page; k++)
    draw_line(&d->cv, &part->g->lines[k], PAGE_HEIGHT - MARGIN_TOP - part->place[k].y);
}

static size_t page_read(void *ctx, void *buf, size_t size) {
  Draw *d = ((const PageSource *)ctx)->d;
  size_t n = 0;
  if (d->pos < d->ops.len) {
    n = d->ops.len - d->pos < size ? d->ops.len - d->pos : size;
    memcpy(buf, d->ops.data + d->pos, n);
    d->pos += n;
  }
  size_t from = d->pos - d->ops.len; /* into the body's operators */
  if (n < size && from < d->body_len) {
    size_t m = d->body_len - from < size - n ? d->body_len - from : size - n;
    memcpy((char *)buf + n, d->body + from, m);
    d->pos += m;
    n += m;
  }
  return n;
}

/* Each page gets its source of operators, and its links now (libharu
 * writes a page's annotations with the page). */
static bool draw_pages(Draw *d) {
  const Book *b = d->b;
  d->sources = arena_alloc(d->arena, sizeof(PageSource) * (size_t)(b->npages + 1));
  d->content = arena_alloc(d->arena, sizeof(ContentSource) * (size_t)(b->npages + 1));
  for (int p = 0; p < b->npages; p++)
    d->sources[p] = (PageSource){.d = d, .page = p};
  for (int i = 0; i < b->nparts; i++) {
    const Part *part = b->parts[i];
    for (int p = part->first_page; p < part->first_page + part->npages && p < b->npages; p++)
      d->sources[p].part = part;
    if (part->drawn) {
      const BodyPages *bp = part->drawn;
      for (int local = 0; local < bp->npages; local++) {
        d->page = part->first_page + local;
        for (int l = bp->first_link[local]; l < bp->first_link[local + 1]; l++)
          annotate(d, &bp->links[l]);
      }
      continue;
    }
    for (int k = 0; k < part->g->nlines; k++) {
      int p = part->place[k].page;
      if (p < 0 || p >= b->npages)
        continue;
      if (k == 0 || part->place[k - 1].page != p)
        d->sources[p].first_line = k;
      d->page = p;
      line_links(&part->g->lines[k], PAGE_HEIGHT - MARGIN_TOP - part->place[k].y, annotate, d);
    }
  }
  for (int p = 0; p < b->npages; p++) {
    d->page = p;
    for (int k = 2 * p; k < 2 * p + 2 && k < b->furniture->nlines; k++)
      line_links(&b->furniture->lines[k], k == 2 * p ? PAGE_HEIGHT - MARGIN_TOP + 30 : 40,
                 annotate, d);
    d->content[p] = (ContentSource){page_begin, page_read, &d->sources[p]};
    if (!haru_content_source(d->pages[p], &d->content[p]))
      return false;
  }
  return true;
}

/* A bookmark under parent (NULL: at the top) going to t; NULL when
 * libharu is out of memory, and the bookmarks stop there. */
static HaruMark *bookmark(Draw *d, HaruMark *parent, const char *title, Target t, bool open) {
  if (!d->bookmarks && !(d->bookmarks = haru_bookmarks(d->pdf)))
    return NULL;
  HaruDest dest;
  const HaruDest *to = destination(d, t, &dest) ? &dest : NULL;
  HaruMark *m = haru_bookmark(d->pdf, parent ? parent : d->bookmarks, title, to, open);
  if (!m && !d->status)
    d->status = HPDF_FAILD_TO_ALLOC_MEM;
  return m;
}

/* The bookmarks of a text: its clauses as a tree (the clauses of its
 * title heading at the top), then its indexes. */
static void outline_document(Draw *d, HaruMark *parent, int first_part) {
  const Part *front = d->b->parts[first_part];
  Document *doc = front->doc;
  const Clause *title = title_clause(doc);
  if (!parent)
    bookmark(d, NULL, "Sommaire", target(TARGET_PART, front), false);
  HaruMark **of = arena_alloc(d->arena, sizeof(HaruMark *) * (size_t)(doc->clauses.len + 1));
  for (int i = 0; i < doc->clauses.len && !d->status; i++) {
    const Clause *c = doc->clauses.items[i];
    if (c == title)
      continue;
    HaruMark *p = c->parent && c->parent != title ? of[c->parent->index] : parent;
    /* sub-clauses folded: the articles are the first view */
    of[i] = bookmark(d, p, clause_label(d->arena, c), target(TARGET_CLAUSE, c), false);
  }
  for (int i = first_part + 1; i < d->b->nparts && d->b->parts[i]->kind != PART_FRONT; i++) {
    const Part *part = d->b->parts[i];
    if (part->kind != PART_BODY && part->kind != PART_COVER)
      bookmark(d, parent, part->title, target(TARGET_PART, part), false);
  }
}

static void outlines(Draw *d) {
  bool corpus = d->b->parts[0]->kind == PART_COVER;
  if (corpus)
    bookmark(d, NULL, d->b->title, target(TARGET_PART, d->b->parts[0]), false);
  for (int i = 0; i < d->b->nparts && !d->status; i++) {
    const Part *part = d->b->parts[i];
    if (part->kind != PART_FRONT)
      continue;
    HaruMark *parent = NULL;
    if (corpus && !(parent = bookmark(d, NULL, part->doc->title, target(TARGET_PART, part), true)))
      return;
    outline_document(d, parent, i);
  }
}

/* Title, creator, and the dates of SOURCE_DATE_EPOCH when it is set. */
static void metadata(Draw *d) {
  HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, d->b->title);
  HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, "termc " TERMC_VERSION);
  HPDF_SetPageMode(d->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  char *end;
  errno = 0;
  long long secs = epoch ? strtoll(epoch, &end, 10) : -1;
  if (!epoch || errno || *end || end == epoch || secs < 0 || secs > 253402300799LL)
    return;
  time_t t = (time_t)secs;
  struct tm tm;
  if (!gmtime_r(&t, &tm))
    return;
  HPDF_Date date = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                    tm.tm_sec, 'Z', 0, 0};
  HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date);
  HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, date);
}

static void release(Draw *d) {
  if (d->pdf)
    HPDF_Free(d->pdf);
  free(d->pages);
  free(d->annots);
  buf_free(&d->ops);
  arena_free(d->arena);
}

bool draw_book(const Book *b, const Embedded *em, Fonts *fs, const char *path, char *err,
               size_t errlen) {
  Draw d = {.b = b, .cv = {.em = em, .fs = fs, .dests = b->dests}, .arena = arena_new()};
  d.pdf = HPDF_New(on_error, &d);
  bool ok = d.pdf && HPDF_UseUTFEncodings(d.pdf) == HPDF_OK &&
            HPDF_SetCurrentEncoder(d.pdf, "UTF-8") == HPDF_OK;
  if (ok && !load_fonts(&d)) {
    snprintf(err, errlen, "impossible d’incorporer les polices (erreur libharu %#x)", (unsigned)d.status);
    release(&d);
    return false;
  }
  d.pages = calloc((size_t)b->npages + 1, sizeof(HPDF_Page));
  d.annots = calloc((size_t)b->npages + 1, sizeof(HPDF_Array));
  d.fonts = ok ? haru_font_resources(d.pdf, d.font, FONT__COUNT) : NULL;
  ok = ok && d.fonts && d.annots;
  for (int p = 0; ok && d.pages && p < b->npages; p++) {
    d.pages[p] = HPDF_AddPage(d.pdf);
    ok = d.pages[p] && HPDF_Page_SetWidth(d.pages[p], PAGE_WIDTH) == HPDF_OK &&
         HPDF_Page_SetHeight(d.pages[p], PAGE_HEIGHT) == HPDF_OK &&
         haru_page_fonts(d.pages[p], d.fonts);
  }
  int error = 0;
  if (ok && d.pages) {
    ok = draw_pages(&d);
    outlines(&d);
    metadata(&d);
    ok = ok && d.status == HPDF_OK && haru_save(d.pdf, path, &error);
  }
  if (error)
    snprintf(err, errlen, "impossible d’écrire le PDF : %s", strerror(error));
  else if (!ok || !d.pages)
    snprintf(err, errlen, "libharu n’a pas pu écrire le PDF (erreur %#x)", (unsigned)d.status);
  ok = ok && d.pages;
  release(&d);
  return ok;
}
