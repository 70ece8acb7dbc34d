/*
 * pdfdraw.c — a laid-out book → a PDF file, with libharu.
 *
 * Everything is decided before this file runs: which line goes on which
 * page, where every run of text starts.  Drawing is then one pass over the
 * parts: text as one TJ array per line (pdfharu.c), rules, link boxes,
 * running head and foot; then the bookmarks and the document information.
 *
 * Fonts come first: the characters each face draws in this book are
 * collected, and each face is embedded as a subset of exactly those
 * (pdffont.c).  Every run is drawable in its face by construction
 * (typeset.c resolves fallbacks), so nothing is ever drawn missing.
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

typedef struct Draw {
  const Book *b;
  Fonts *fs;
  Arena *arena;
  HPDF_Doc pdf;
  HPDF_STATUS status; /* libharu's first error */
  uint8_t *used[FONT__COUNT]; /* code points drawn in each face: 65 536 bits */
  FontSubset subset[FONT__COUNT];
  HPDF_Dict font[FONT__COUNT];
  HPDF_Page *pages;
  Buf ops;            /* operators of the line being drawn */
  DestMap *made;      /* destinations made, by place: index in destinations */
  HPDF_Destination *destinations;
  int ndestinations, capdestinations;
  int cur_font, cur_color;
  double cur_size, cur_tw;
} Draw;

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *ctx) {
  Draw *d = ctx;
  (void)detail;
  if (!d->status)
    d->status = error;
}

static const double colors[COLOR__COUNT][3] = {
    [COLOR_TEXT] = {0, 0, 0},
    [COLOR_LINK] = {0.05, 0.20, 0.45},
    [COLOR_BROKEN] = {0.78, 0.05, 0.05},
    [COLOR_ACK] = {0.72, 0.40, 0.0},
    [COLOR_GREY] = {0.42, 0.42, 0.42},
};

static void mark(uint8_t **used, int font, int cp) {
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

void galley_mark_used(Galley *g) {
  if (g->marked)
    return;
  g->marked = true;
  for (int i = 0; i < g->nlines; i++)
    for (int k = 0; k < g->lines[i].nruns; k++) {
      const Run *r = &g->lines[i].runs[k];
      if (r->pageref)
        for (int c = '0'; c <= '9'; c++)
          mark(g->used, r->font, c);
      for (int j = 0; j < r->len;) {
        int n = 1, c = (unsigned char)r->text[j];
        if (c >= 0x80)
          c = utf8_decode(r->text + j, (size_t)(r->len - j), &n);
        mark(g->used, r->font, c);
        j += n;
      }
    }
}

/* The book's characters: the union of its galleys'. */
static void mark_galley(Draw *d, Galley *g) {
  galley_mark_used(g);
  for (int f = 0; f < FONT__COUNT; f++) {
    if (!g->used[f])
      continue;
    mark(d->used, f, ' ');
    for (int i = 0; i < 8192; i++)
      d->used[f][i] |= g->used[f][i];
  }
}

/* Embeds each face the book uses, as a subset of the characters it draws. */
static bool load_fonts(Draw *d) {
  for (int i = 0; i < d->b->nparts; i++)
    mark_galley(d, d->b->parts[i]->g);
  mark_galley(d, d->b->furniture);
  for (int slot = 0; slot < FONT__COUNT; slot++) {
    if (!d->used[slot])
      continue;
    if (!font_subset(fonts_face(d->fs, slot), d->used[slot], &d->subset[slot]) ||
        !(d->font[slot] = haru_embed_font(d->pdf, &d->subset[slot])))
      return false;
  }
  return true;
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

static void flush(Draw *d, HPDF_Page page) {
  if (d->ops.len)
    haru_write(page, d->ops.data, d->ops.len);
  d->ops.len = 0;
}

/* The page number a page reference shows. */
static const char *page_number(Draw *d, const Run *r, char *buf, size_t size) {
  Dest dest;
  if (r->link.kind == TARGET_PAGE)
    snprintf(buf, size, "%d", r->link.n + 1);
  else if (dests_get(d->b->dests, r->link, &dest))
    snprintf(buf, size, "%d", dest.page + 1);
  else
    snprintf(buf, size, "?");
  return buf;
}

static double text_width(Draw *d, int font, double size, const char *s, int len) {
  double w = 0;
  for (int i = 0; i < len;) {
    int n;
    w += fonts_width(d->fs, font, utf8_decode(s + i, (size_t)(len - i), &n));
    i += n;
  }
  return w * size / 1000;
}

/* The glyphs of s in face f, as glyph numbers (one or two bytes) inside a
 * literal string, whose parentheses the caller writes. */
static void put_glyphs(Draw *d, int f, const char *s, int len) {
  char out[512];
  size_t o = 0;
  for (int i = 0; i < len;) {
    int n = 1, c = (unsigned char)s[i];
    if (c >= 0x80)
      c = utf8_decode(s + i, (size_t)(len - i), &n) & 0xFFFF;
    int g = d->subset[f].gids[c];
    unsigned char bytes[2] = {(unsigned char)(g >> 8), (unsigned char)g};
    for (int k = d->subset[f].one_byte ? 1 : 0; k < 2; k++) {
      unsigned char c = bytes[k];
      if (c == '(' || c == ')' || c == '\\' || c == '\n' || c == '\r') {
        out[o++] = '\\';
        c = c == '\n' ? 'n' : c == '\r' ? 'r' : c;
      }
      out[o++] = (char)c;
    }
    i += n;
    if (o > sizeof out - 8) {
      buf_put(&d->ops, out, o);
      o = 0;
    }
  }
  buf_put(&d->ops, out, o);
}

/* Where the text being written stands: inside a TJ array, inside one of
 * its strings, and where the last glyph shown ends. */
typedef struct Pen {
  bool array, string;
  double x;
} Pen;

static void close_string(Draw *d, Pen *pen) {
  if (pen->string)
    buf_putc(&d->ops, ')');
  pen->string = false;
}

static void open_array(Draw *d, Pen *pen) {
  if (!pen->array)
    buf_putc(&d->ops, '[');
  pen->array = true;
}

static void open_string(Draw *d, Pen *pen) {
  open_array(d, pen);
  if (!pen->string)
    buf_putc(&d->ops, '(');
  pen->string = true;
}

static void close_array(Draw *d, Pen *pen) {
  close_string(d, pen);
  if (pen->array)
    buf_puts(&d->ops, "]TJ\n");
  pen->array = false;
}

/* Face, size and colour for the next run, when they change. */
static void set_state(Draw *d, const Run *r, Pen *pen) {
  bool face = r->font != d->cur_font || r->size != d->cur_size;
  bool color = r->color != d->cur_color;
  if (!face && !color)
    return;
  close_array(d, pen);
  if (face) {
    char name[4] = {'/', 'F', (char)('0' + r->font), ' '}; /* FONT__COUNT < 10 */
    buf_put(&d->ops, name, sizeof name);
    put_num(&d->ops, r->size);
    buf_puts(&d->ops, " Tf\n");
  }
  if (color) {
    for (int i = 0; i < 3; i++)
      put_num(&d->ops, colors[r->color][i]), buf_putc(&d->ops, ' ');
    buf_puts(&d->ops, "rg\n");
  }
  d->cur_font = r->font, d->cur_size = r->size, d->cur_color = r->color;
}

/* Moves the pen to x: a space glyph when the gap is a word space (for
 * text extraction), then the rest as a TJ adjustment in thousandths of an
 * em.  The adjustment is rounded, and the pen follows the rounding, so
 * that errors never add up along a line. */
static void move_to(Draw *d, const Run *r, Pen *pen, double x) {
  double gap = x - pen->x, space = fonts_width(d->fs, r->font, ' ') * r->size / 1000;
  if (gap > space / 2) {
    open_string(d, pen);
    put_glyphs(d, r->font, " ", 1);
    pen->x += space + (d->subset[r->font].one_byte ? d->cur_tw : 0);
    gap = x - pen->x;
  }
  long adj = lround(-gap * 1000 / r->size);
  if (adj != 0) {
    close_string(d, pen);
    open_array(d, pen);
    put_num(&d->ops, (double)adj);
    pen->x -= adj * r->size / 1000;
  }
}

/* The word spacing of a justified line: what its first word space adds to
 * the space glyph, so that one Tw operator stretches them all.  0 when a
 * run has spaces of its own (leaders, a running head): those must not
 * stretch. */
static double word_spacing(Draw *d, const Line *l) {
  for (int i = 0; i < l->nruns; i++)
    if (!l->runs[i].pageref && memchr(l->runs[i].text, ' ', (size_t)l->runs[i].len))
      return 0;
  for (int i = 1; i < l->nruns; i++) {
    const Run *a = &l->runs[i - 1], *b = &l->runs[i];
    double space = fonts_width(d->fs, b->font, ' ') * b->size / 1000;
    double gap = b->x - (a->x + a->w);
    if (gap > space / 2 && d->subset[b->font].one_byte && !a->pageref && !b->pageref)
      return fabs(gap - space) < 0.005 ? 0 : gap - space;
  }
  return 0;
}

/* One line of text: TJ arrays of glyph strings, spaces and adjustments. */
static void draw_text(Draw *d, HPDF_Page page, const Line *l, double baseline) {
  Pen pen = {0};
  bool started = false;
  buf_puts(&d->ops, "BT\n");
  double tw = word_spacing(d, l);
  if (tw != d->cur_tw) {
    put_num(&d->ops, tw);
    buf_puts(&d->ops, " Tw\n");
    d->cur_tw = tw;
  }
  for (int i = 0; i < l->nruns; i++) {
    const Run *r = &l->runs[i];
    char num[16];
    const char *text = r->pageref ? page_number(d, r, num, sizeof num) : r->text;
    int len = r->pageref ? (int)strlen(num) : r->len;
    double w = r->pageref ? text_width(d, r->font, r->size, text, len) : r->w;
    double x = MARGIN_LEFT + r->x + (r->pageref ? r->w - w : 0);
    if (len == 0)
      continue;
    set_state(d, r, &pen);
    if (!started) {
      buf_puts(&d->ops, "1 0 0 1 "), put_num(&d->ops, x), buf_putc(&d->ops, ' ');
      put_num(&d->ops, baseline), buf_puts(&d->ops, " Tm\n");
      pen.x = x;
      started = true;
    }
    move_to(d, r, &pen, x);
    open_string(d, &pen);
    put_glyphs(d, r->font, text, len);
    pen.x += w;
  }
  close_array(d, &pen);
  buf_puts(&d->ops, "ET\n");
  flush(d, page);
}

static void draw_rule(Draw *d, HPDF_Page page, double x0, double x1, double y, double width) {
  buf_puts(&d->ops, "q "), put_num(&d->ops, width), buf_puts(&d->ops, " w 0.35 0.35 0.35 RG ");
  put_num(&d->ops, x0), buf_putc(&d->ops, ' '), put_num(&d->ops, y), buf_puts(&d->ops, " m ");
  put_num(&d->ops, x1), buf_putc(&d->ops, ' '), put_num(&d->ops, y), buf_puts(&d->ops, " l S Q\n");
  flush(d, page);
}

/* Where a link goes in this book; NULL when the target is not in it.
 * Links to the same target share one destination object. */
static HPDF_Destination destination(Draw *d, Target t) {
  Dest dest = {.page = t.n, .y = -6}, known;
  if (dests_get(d->made, t, &known))
    return d->destinations[known.page];
  if (t.kind != TARGET_PAGE && !dests_get(d->b->dests, t, &dest))
    return NULL;
  if (dest.page < 0 || dest.page >= d->b->npages)
    return NULL;
  double top = PAGE_HEIGHT - MARGIN_TOP - dest.y + 6;
  HPDF_Destination dst = haru_destination(d->pages[dest.page], 0, top > PAGE_HEIGHT ? PAGE_HEIGHT : top);
  d->destinations = pdf_grow(d->destinations, &d->capdestinations, d->ndestinations + 1,
                             sizeof(HPDF_Destination));
  d->destinations[d->ndestinations] = dst;
  dests_put(d->made, t, (Dest){d->ndestinations++, 0});
  return dst;
}

static void annotate(Draw *d, HPDF_Page page, HPDF_Rect rect, Target t) {
  HPDF_Annotation a = NULL;
  if (t.kind == TARGET_URL) {
    a = HPDF_Page_CreateURILinkAnnot(page, rect, t.ptr);
  } else {
    HPDF_Destination dst = destination(d, t);
    if (dst)
      a = HPDF_Page_CreateLinkAnnot(page, rect, dst);
  }
  if (a)
    HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
}

static bool same_link(Target a, Target b) { return a.kind == b.kind && a.n == b.n && a.ptr == b.ptr; }

/* One link box per stretch of runs that go to the same place. */
static void draw_links(Draw *d, HPDF_Page page, const Line *l, double baseline) {
  for (int i = 0; i < l->nruns; i++) {
    const Run *r = &l->runs[i];
    if (r->link.kind == TARGET_NONE)
      continue;
    int j = i;
    while (j + 1 < l->nruns && same_link(l->runs[j + 1].link, r->link))
      j++;
    HPDF_Rect rect = {(HPDF_REAL)(MARGIN_LEFT + r->x), (HPDF_REAL)(baseline - l->descent),
                      (HPDF_REAL)(MARGIN_LEFT + l->runs[j].x + l->runs[j].w),
                      (HPDF_REAL)(baseline + l->ascent)};
    annotate(d, page, rect, r->link);
    i = j;
  }
}

static void draw_line(Draw *d, HPDF_Page page, const Line *l, double baseline) {
  if (l->kind == LINE_RULE) {
    draw_rule(d, page, MARGIN_LEFT + l->x0, MARGIN_LEFT + l->x1, baseline, 0.6);
  } else if (l->kind == LINE_TEXT && l->nruns > 0) {
    draw_text(d, page, l, baseline);
    draw_links(d, page, l, baseline);
  }
}

/* Running head (above a thin rule) and foot of page p. */
static void draw_furniture(Draw *d, int p) {
  const Galley *f = d->b->furniture;
  HPDF_Page page = d->pages[p];
  double head = PAGE_HEIGHT - MARGIN_TOP + 30;
  if (2 * p + 1 < f->nlines) {
    if (f->lines[2 * p].nruns > 0) {
      draw_line(d, page, &f->lines[2 * p], head);
      draw_rule(d, page, MARGIN_LEFT, MARGIN_LEFT + TEXT_WIDTH, head - 6, 0.4);
    }
    draw_line(d, page, &f->lines[2 * p + 1], 40);
  }
}

/* The running head and foot first: text extraction then reads them before
 * the page's text, not glued to its last word. */
static void draw_pages(Draw *d) {
  for (int p = 0; p < d->b->npages; p++) {
    d->cur_font = d->cur_color = -1;
    d->cur_size = d->cur_tw = 0;
    draw_furniture(d, p);
  }
  for (int i = 0; i < d->b->nparts; i++) {
    const Part *part = d->b->parts[i];
    for (int k = 0; k < part->g->nlines; k++) {
      const Place *at = &part->place[k];
      if (at->page < 0 || at->page >= d->b->npages)
        continue;
      if (k == 0 || at->page != part->place[k - 1].page) {
        d->cur_font = d->cur_color = -1;
        d->cur_size = d->cur_tw = 0;
      }
      draw_line(d, d->pages[at->page], &part->g->lines[k], PAGE_HEIGHT - MARGIN_TOP - at->y);
    }
  }
}

static HPDF_Outline outline(Draw *d, HPDF_Outline parent, const char *title, Target t) {
  HPDF_Outline o = HPDF_CreateOutline(d->pdf, parent, title, HPDF_GetEncoder(d->pdf, "UTF-8"));
  HPDF_Destination dst = o ? destination(d, t) : NULL;
  if (dst)
    HPDF_Outline_SetDestination(o, dst);
  return o;
}

/* The bookmarks of a text: its clauses as a tree (the clauses of its
 * title heading at the top), then its indexes. */
static void outline_document(Draw *d, HPDF_Outline parent, int first_part) {
  const Part *front = d->b->parts[first_part];
  Document *doc = front->doc;
  const Clause *title = title_clause(doc);
  if (!parent)
    outline(d, NULL, "Sommaire", target(TARGET_PART, front));
  HPDF_Outline *of = arena_alloc(d->arena, sizeof(HPDF_Outline) * (size_t)(doc->clauses.len + 1));
  for (int i = 0; i < doc->clauses.len; i++) {
    const Clause *c = doc->clauses.items[i];
    if (c == title)
      continue;
    HPDF_Outline p = c->parent && c->parent != title ? of[c->parent->index] : parent;
    of[i] = outline(d, p, clause_label(d->arena, c), target(TARGET_CLAUSE, c));
    if (of[i]) /* sub-clauses folded: the articles are the first view */
      HPDF_Outline_SetOpened(of[i], HPDF_FALSE);
  }
  for (int i = first_part + 1; i < d->b->nparts && d->b->parts[i]->kind != PART_FRONT; i++) {
    const Part *part = d->b->parts[i];
    if (part->kind != PART_BODY && part->kind != PART_COVER)
      outline(d, parent, part->title, target(TARGET_PART, part));
  }
}

static void outlines(Draw *d) {
  bool corpus = d->b->parts[0]->kind == PART_COVER;
  if (corpus)
    outline(d, NULL, d->b->title, target(TARGET_PART, d->b->parts[0]));
  for (int i = 0; i < d->b->nparts; i++) {
    const Part *part = d->b->parts[i];
    if (part->kind != PART_FRONT)
      continue;
    HPDF_Outline parent = NULL;
    if (corpus) {
      parent = outline(d, NULL, part->doc->title, target(TARGET_PART, part));
      HPDF_Outline_SetOpened(parent, HPDF_TRUE);
    }
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
  for (int i = 0; i < FONT__COUNT; i++) {
    free(d->used[i]);
    font_subset_free(&d->subset[i]);
  }
  free(d->pages);
  free(d->destinations);
  dests_free(d->made);
  buf_free(&d->ops);
  arena_free(d->arena);
}

bool draw_book(const Book *b, Fonts *fs, const char *path, char *err, size_t errlen) {
  Draw d = {.b = b, .fs = fs, .arena = arena_new(), .made = dests_new()};
  d.pdf = HPDF_New(on_error, &d);
  bool ok = d.pdf && HPDF_SetCompressionMode(d.pdf, HPDF_COMP_ALL) == HPDF_OK &&
            HPDF_UseUTFEncodings(d.pdf) == HPDF_OK &&
            HPDF_SetCurrentEncoder(d.pdf, "UTF-8") == HPDF_OK;
  if (ok && !load_fonts(&d)) {
    snprintf(err, errlen, "impossible d’incorporer les polices (erreur libharu %#x)", (unsigned)d.status);
    release(&d);
    return false;
  }
  d.pages = calloc((size_t)b->npages, sizeof(HPDF_Page));
  for (int p = 0; ok && d.pages && p < b->npages; p++) {
    d.pages[p] = HPDF_AddPage(d.pdf);
    ok = d.pages[p] && HPDF_Page_SetWidth(d.pages[p], PAGE_WIDTH) == HPDF_OK &&
         HPDF_Page_SetHeight(d.pages[p], PAGE_HEIGHT) == HPDF_OK &&
         haru_page_fonts(d.pages[p], d.font, FONT__COUNT);
  }
  if (ok && d.pages) {
    draw_pages(&d);
    outlines(&d);
    metadata(&d);
    ok = d.status == HPDF_OK && HPDF_SaveToFile(d.pdf, path) == HPDF_OK;
  }
  if (!ok || !d.pages)
    snprintf(err, errlen, "libharu n’a pas pu écrire le PDF (erreur %#x)", (unsigned)d.status);
  ok = ok && d.pages;
  release(&d);
  return ok;
}
