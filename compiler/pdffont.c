/*
 * pdffont.c — the TrueType fonts of the PDFs: metrics, coverage, subsets.
 *
 * The text face is Liberation Serif (fonts-liberation2): metric-compatible
 * with Times New Roman, the face French courts and notaries expect on a
 * contract, with a true italic and bold italic (DejaVu Serif, the other
 * candidate, is a wide screen face).  Code is set in Liberation Mono, and a
 * character none of these has falls back to DejaVu Sans, whose coverage is
 * the widest of the installed fonts.
 *
 * Why read the fonts here rather than through libharu: libharu 2.3.0 embeds
 * a TrueType font almost whole (cmap, hmtx, loca and post are copied, and a
 * 65 536-entry CIDToGIDMap is built with a linear cmap search for every
 * code point), which costs about 10 ms and 60 KB per face and per PDF.  So
 * this file measures text itself, and hands libharu a true subset of each
 * face — only the glyphs a PDF uses, renumbered, with a cmap of a few
 * segments — that libharu loads and embeds in a fraction of that.
 */
#include "pdf.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Widths of code points below this are cached in a table at load. */
#define WIDTH_CACHE 0x3000
#define NO_GLYPH 0xFFFF

struct TtFont {
  unsigned char *data;
  size_t len;
  int upem;
  int nglyphs;
  int nhmetrics;
  bool loca_long;
  int ascent, descent; /* 1/1000 em; descent is positive */
  size_t cmap;         /* offset of the (3,1) format 4 subtable */
  size_t tables[16];   /* offsets of the tables listed in table_tags */
  size_t lengths[16];
  uint16_t *widths;    /* cp < WIDTH_CACHE → 1/1000 em, or NO_GLYPH */
};

/* The tables libharu requires, in the (sorted) order a font file lists them. */
static const char *const table_tags[] = {"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
                                         "hmtx", "loca", "maxp", "name", "post", "prep"};
enum { T_OS2, T_CMAP, T_CVT, T_FPGM, T_GLYF, T_HEAD, T_HHEA, T_HMTX, T_LOCA, T_MAXP, T_NAME,
       T_POST, T_PREP, T__COUNT };

static unsigned u16(const TtFont *f, size_t off) {
  return off + 2 <= f->len ? (unsigned)(f->data[off] << 8 | f->data[off + 1]) : 0;
}

static int s16(const TtFont *f, size_t off) { return (int16_t)u16(f, off); }

static uint32_t u32(const TtFont *f, size_t off) {
  return off + 4 <= f->len ? (uint32_t)u16(f, off) << 16 | u16(f, off + 2) : 0;
}

/* The font file, mapped rather than read: a build touches a few of its
 * pages (the tables, the glyphs it draws), and reading would copy it all,
 * about 2.5 MB for the six faces, page fault by page fault. */
static unsigned char *map_file(const char *path, size_t *len) {
  *len = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  struct stat st;
  void *data = MAP_FAILED;
  if (fstat(fd, &st) == 0 && st.st_size > 12 && st.st_size < 64L * 1024 * 1024)
    data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (data == MAP_FAILED)
    return NULL;
  *len = (size_t)st.st_size;
  return data;
}

/* Finds the tables; false when one is missing or out of the file (cvt,
 * fpgm and prep may be absent: they are only hinting). */
static bool find_tables(TtFont *f) {
  unsigned ntables = u16(f, 4);
  for (unsigned i = 0; i < ntables; i++) {
    size_t rec = 12 + 16 * (size_t)i;
    for (int t = 0; t < T__COUNT; t++)
      if (rec + 16 <= f->len && memcmp(f->data + rec, table_tags[t], 4) == 0) {
        f->tables[t] = u32(f, rec + 8);
        f->lengths[t] = u32(f, rec + 12);
        if (f->tables[t] + f->lengths[t] > f->len || f->tables[t] + f->lengths[t] < f->tables[t])
          return false;
      }
  }
  for (int t = 0; t < T__COUNT; t++)
    if (f->lengths[t] == 0 && t != T_CVT && t != T_FPGM && t != T_PREP)
      return false;
  return true;
}

/* The Windows Unicode BMP cmap, format 4: the one libharu reads too. */
static bool find_cmap(TtFont *f) {
  size_t base = f->tables[T_CMAP];
  unsigned n = u16(f, base + 2);
  for (unsigned i = 0; i < n; i++) {
    size_t rec = base + 4 + 8 * (size_t)i;
    size_t sub = base + u32(f, rec + 4);
    if (u16(f, rec) == 3 && u16(f, rec + 2) == 1 && u16(f, sub) == 4 &&
        sub + u16(f, sub + 2) <= f->len) {
      f->cmap = sub;
      return true;
    }
  }
  return false;
}

int ttf_glyph(const TtFont *f, int cp) {
  if (cp < 0 || cp > 0xFFFF)
    return 0;
  size_t sub = f->cmap;
  unsigned segs = u16(f, sub + 6) / 2;
  size_t ends = sub + 14, starts = ends + 2 * segs + 2, deltas = starts + 2 * segs,
         ranges = deltas + 2 * segs;
  unsigned lo = 0, hi = segs;
  while (lo < hi) { /* the first segment whose end is >= cp */
    unsigned mid = (lo + hi) / 2;
    if (u16(f, ends + 2 * mid) < (unsigned)cp)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo >= segs || u16(f, starts + 2 * lo) > (unsigned)cp)
    return 0;
  unsigned delta = u16(f, deltas + 2 * lo), range = u16(f, ranges + 2 * lo);
  if (range == 0)
    return (int)((cp + delta) & 0xFFFF);
  size_t at = ranges + 2 * lo + range + 2 * ((unsigned)cp - u16(f, starts + 2 * lo));
  unsigned g = u16(f, at);
  return g ? (int)((g + delta) & 0xFFFF) : 0;
}

/* Advance of a glyph in 1/1000 em, truncated as libharu truncates it when it
 * writes the PDF's widths, so that layout and drawing agree exactly. */
static int glyph_advance(const TtFont *f, int g) {
  if (g >= f->nglyphs)
    return 0;
  int m = g < f->nhmetrics ? g : f->nhmetrics - 1;
  return (int)(u16(f, f->tables[T_HMTX] + 4 * (size_t)m) * 1000u / (unsigned)f->upem);
}

/* The width cache, segment by segment of the cmap (a lookup per code
 * point would search the segments 12 288 times). */
static void fill_widths(TtFont *f) {
  for (int cp = 0; cp < WIDTH_CACHE; cp++)
    f->widths[cp] = NO_GLYPH;
  size_t sub = f->cmap;
  unsigned segs = u16(f, sub + 6) / 2;
  size_t ends = sub + 14, starts = ends + 2 * segs + 2, deltas = starts + 2 * segs,
         ranges = deltas + 2 * segs;
  for (unsigned i = 0; i < segs; i++) {
    unsigned start = u16(f, starts + 2 * i), end = u16(f, ends + 2 * i);
    unsigned delta = u16(f, deltas + 2 * i), range = u16(f, ranges + 2 * i);
    for (unsigned cp = start; cp <= end && cp < WIDTH_CACHE; cp++) {
      unsigned g = range ? u16(f, ranges + 2 * i + range + 2 * (cp - start)) : cp;
      if (range && g == 0)
        continue;
      g = (g + delta) & 0xFFFF;
      if (g)
        f->widths[cp] = (uint16_t)glyph_advance(f, (int)g);
    }
  }
}

static bool read_metrics(TtFont *f) {
  f->upem = (int)u16(f, f->tables[T_HEAD] + 18);
  f->loca_long = s16(f, f->tables[T_HEAD] + 50) == 1;
  f->nglyphs = (int)u16(f, f->tables[T_MAXP] + 4);
  f->nhmetrics = (int)u16(f, f->tables[T_HHEA] + 34);
  if (f->upem < 16 || f->nglyphs < 1 || f->nhmetrics < 1 || f->nhmetrics > f->nglyphs ||
      f->lengths[T_HMTX] < 4 * (size_t)f->nhmetrics ||
      f->lengths[T_LOCA] < (size_t)(f->nglyphs + 1) * (f->loca_long ? 4 : 2))
    return false;
  f->ascent = s16(f, f->tables[T_HHEA] + 4) * 1000 / f->upem;
  f->descent = -s16(f, f->tables[T_HHEA] + 6) * 1000 / f->upem;
  f->widths = malloc(sizeof(uint16_t) * WIDTH_CACHE);
  if (!f->widths)
    return false;
  fill_widths(f);
  return true;
}

TtFont *ttf_open(const char *path) {
  TtFont *f = calloc(1, sizeof *f);
  if (!f)
    return NULL;
  f->data = map_file(path, &f->len);
  if (!f->data || !find_tables(f) || !find_cmap(f) || !read_metrics(f)) {
    ttf_close(f);
    return NULL;
  }
  return f;
}

void ttf_close(TtFont *f) {
  if (!f)
    return;
  free(f->widths);
  if (f->data)
    munmap(f->data, f->len);
  free(f);
}

int ttf_width(const TtFont *f, int cp) {
  if (cp >= 0 && cp < WIDTH_CACHE)
    return f->widths[cp] == NO_GLYPH ? 0 : f->widths[cp];
  int g = ttf_glyph(f, cp);
  return g ? glyph_advance(f, g) : 0;
}

bool ttf_has(const TtFont *f, int cp) {
  if (cp >= 0 && cp < WIDTH_CACHE)
    return f->widths[cp] != NO_GLYPH;
  return ttf_glyph(f, cp) != 0;
}

int ttf_ascent(const TtFont *f) { return f->ascent; }
int ttf_descent(const TtFont *f) { return f->descent; }

/* Where glyph g's outline lies in glyf, and its length. */
static bool glyph_range(const TtFont *f, int g, size_t *off, size_t *len) {
  size_t loca = f->tables[T_LOCA];
  size_t a = f->loca_long ? u32(f, loca + 4 * (size_t)g) : 2 * (size_t)u16(f, loca + 2 * (size_t)g);
  size_t b = f->loca_long ? u32(f, loca + 4 * (size_t)g + 4)
                          : 2 * (size_t)u16(f, loca + 2 * (size_t)g + 2);
  if (b < a || b > f->lengths[T_GLYF])
    return false;
  *off = f->tables[T_GLYF] + a;
  *len = b - a;
  return true;
}

/* Calls fn on the offset of each component's glyph index in a composite
 * glyph (an accented letter is often « letter + accent »). */
static void each_component(const TtFont *f, int g, void (*fn)(void *, size_t), void *ctx) {
  size_t off, len;
  if (!glyph_range(f, g, &off, &len) || len < 10 || s16(f, off) >= 0)
    return;
  size_t p = off + 10, end = off + len;
  for (;;) {
    if (p + 4 > end)
      return;
    unsigned flags = u16(f, p);
    fn(ctx, p + 2);
    p += 4 + ((flags & 1) ? 4 : 2);
    p += (flags & 8) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0;
    if (!(flags & 0x20))
      return;
  }
}

/*
 * Subsetting.  The subset keeps the glyphs of the code points in `used`,
 * the glyphs their composites are made of, and glyph 0 (.notdef), in their
 * original order, renumbered from 0.  Its cmap maps only the used code
 * points, in a handful of segments; hinting tables are kept as they are.
 */
typedef struct Subset {
  const TtFont *f;
  int *newid;     /* old glyph → new glyph, or -1 */
  int *old;       /* new glyph → old glyph; -1 for an empty slot */
  int n;
  int *work;      /* glyphs whose components are still to be added */
  int nwork;
  bool one_byte;  /* at most 256 glyphs, the space glyph at 32 */
  int space;      /* old glyph of U+0020, 0 if unused */
  int space_copy; /* one_byte: the new glyph that draws other code points
                     mapped to the space glyph (U+00A0), 0 if none */
} Subset;

static void keep_glyph(Subset *s, int g) {
  if (g < 0 || g >= s->f->nglyphs || s->newid[g] >= 0)
    return;
  s->newid[g] = 0; /* kept; numbered later */
  s->work[s->nwork++] = g;
}

static void keep_component(void *ctx, size_t at) {
  Subset *s = ctx;
  keep_glyph(s, (int)u16(s->f, at));
}

int next_used(const uint8_t *set, int cp) {
  while (cp < 0xFFFF) {
    if ((cp & 7) == 0 && set[cp >> 3] == 0) {
      cp += 8;
      continue;
    }
    if (set[cp >> 3] & (1 << (cp & 7)))
      return cp;
    cp++;
  }
  return 0xFFFF;
}

static void number(Subset *s, int old) {
  if (old >= 0)
    s->newid[old] = s->n;
  s->old[s->n++] = old;
}

/* Numbers the kept glyphs in their original order.  When they fit in one
 * byte, the space glyph takes code 32 (where PDF word spacing applies),
 * glyphs 1 to 31 are the first others (or empty), and a copy of the space
 * glyph serves the other code points it draws (a no-break space must not
 * stretch with the word spaces). */
static void number_glyphs(Subset *s, int kept, bool needs_copy) {
  s->one_byte = kept + (needs_copy ? 1 : 0) + 32 <= 256 && s->space > 0;
  int g = 0;
  for (; g < s->f->nglyphs; g++)
    if (s->newid[g] >= 0 && (!s->one_byte || g != s->space)) {
      if (s->one_byte && s->n == 32)
        break;
      number(s, g);
    }
  if (!s->one_byte)
    return;
  while (s->n < 32)
    number(s, -1);
  number(s, s->space);
  for (; g < s->f->nglyphs; g++) /* the rest, from where the first loop stopped */
    if (s->newid[g] >= 0 && g != s->space)
      number(s, g);
  if (needs_copy) {
    s->space_copy = s->n;
    s->old[s->n++] = s->space;
  }
}

/* The glyphs to keep, closed under composition. */
static void choose_glyphs(Subset *s, const uint8_t *used) {
  keep_glyph(s, 0);
  s->space = ttf_glyph(s->f, ' ');
  bool needs_copy = false;
  for (int cp = next_used(used, 0); cp < 0xFFFF; cp = next_used(used, cp + 1)) {
    int g = ttf_glyph(s->f, cp);
    keep_glyph(s, g);
    needs_copy |= cp != ' ' && g == s->space;
  }
  if (!(used[' ' >> 3] & (1 << (' ' & 7))))
    s->space = 0;
  while (s->nwork > 0)
    each_component(s->f, s->work[--s->nwork], keep_component, s);
  int kept = 0;
  for (int g = 0; g < s->f->nglyphs; g++)
    kept += s->newid[g] >= 0;
  number_glyphs(s, kept, needs_copy && s->space > 0);
}

/* The new glyph that draws code point cp, 0 if none. */
static int subset_glyph(const Subset *s, int cp) {
  int g = ttf_glyph(s->f, cp);
  if (!g)
    return 0;
  if (s->space_copy && cp != ' ' && g == s->space)
    return s->space_copy;
  return s->newid[g] > 0 ? s->newid[g] : 0;
}

static void put16(Buf *b, unsigned v) {
  char c[2] = {(char)(v >> 8), (char)v};
  buf_put(b, c, 2);
}

static void put32(Buf *b, uint32_t v) {
  put16(b, v >> 16);
  put16(b, v & 0xFFFF);
}

static void set16(Buf *b, size_t at, unsigned v) {
  b->data[at] = (char)(v >> 8);
  b->data[at + 1] = (char)v;
}

static void pad4(Buf *b) {
  while (b->len % 4)
    buf_putc(b, 0);
}

typedef struct Patch {
  Buf *out;
  size_t src, dst; /* where the glyph starts in the font and in out */
  const Subset *s;
} Patch;

static void patch_component(void *ctx, size_t at) {
  Patch *p = ctx;
  int g = (int)u16(p->s->f, at);
  set16(p->out, p->dst + (at - p->src), (unsigned)(g < p->s->f->nglyphs ? p->s->newid[g] : 0));
}

/* glyf and loca (long offsets): each kept outline, components renumbered. */
static void write_glyf(const Subset *s, Buf *glyf, Buf *loca) {
  for (int i = 0; i < s->n; i++) {
    put32(loca, (uint32_t)glyf->len);
    size_t off, len;
    if (s->old[i] < 0 || !glyph_range(s->f, s->old[i], &off, &len))
      continue; /* an empty slot */
    size_t dst = glyf->len;
    buf_put(glyf, s->f->data + off, len);
    Patch p = {glyf, off, dst, s};
    each_component(s->f, s->old[i], patch_component, &p);
    pad4(glyf);
  }
  put32(loca, (uint32_t)glyf->len);
}

static void write_hmtx(const Subset *s, Buf *hmtx) {
  const TtFont *f = s->f;
  size_t base = f->tables[T_HMTX];
  for (int i = 0; i < s->n; i++) {
    int g = s->old[i];
    if (g < 0) { /* an empty slot */
      put32(hmtx, 0);
      continue;
    }
    int m = g < f->nhmetrics ? g : f->nhmetrics - 1;
    size_t lsb = g < f->nhmetrics ? base + 4 * (size_t)g + 2
                                  : base + 4 * (size_t)f->nhmetrics + 2 * (size_t)(g - f->nhmetrics);
    put16(hmtx, u16(f, base + 4 * (size_t)m));
    put16(hmtx, u16(f, lsb));
  }
}

typedef struct Seg {
  int start, end;
} Seg;

/* The cmap's segments: runs of mapped code points, merged across gaps of
 * at most `gap` unmapped ones (they map to glyph 0 through the glyph
 * array).  Few segments keep libharu's linear cmap search cheap: it runs
 * once for each of the 65 536 codes.  Returns the number of segments, the
 * final 0xFFFF one included, or -1 when more than max would be needed. */
static int make_segments(const Subset *s, const uint8_t *used, int gap, Seg *segs, int max) {
  int n = 0;
  for (int cp = next_used(used, 0); cp < 0xFFFF; cp = next_used(used, cp + 1)) {
    if (!ttf_glyph(s->f, cp))
      continue;
    if (n > 0 && cp - segs[n - 1].end <= gap + 1) {
      segs[n - 1].end = cp;
      continue;
    }
    if (n + 1 >= max)
      return -1;
    segs[n++] = (Seg){cp, cp};
  }
  segs[n++] = (Seg){0xFFFF, 0xFFFF};
  return n;
}

static size_t cmap_size(const Seg *segs, int n) {
  size_t size = 16 + 8 * (size_t)n;
  for (int i = 0; i < n - 1; i++)
    size += 2 * (size_t)(segs[i].end - segs[i].start + 1);
  return size;
}

/* A format 4 cmap, every segment but the last mapped through the glyph
 * array (idRangeOffset), in a cmap table with one (3,1) subtable. */
static void write_cmap_segments(const Subset *s, const uint8_t *used, const Seg *segs, int n,
                                Buf *cmap) {
  int log = 0;
  while ((2 << log) <= n)
    log++;
  unsigned range = 2u << log;
  put16(cmap, 0), put16(cmap, 1), put16(cmap, 3), put16(cmap, 1), put32(cmap, 12);
  put16(cmap, 4), put16(cmap, (unsigned)cmap_size(segs, n)), put16(cmap, 0);
  put16(cmap, 2 * (unsigned)n), put16(cmap, range), put16(cmap, (unsigned)log);
  put16(cmap, 2 * (unsigned)n - range);
  for (int i = 0; i < n; i++)
    put16(cmap, (unsigned)segs[i].end);
  put16(cmap, 0);
  for (int i = 0; i < n; i++)
    put16(cmap, (unsigned)segs[i].start);
  for (int i = 0; i < n; i++)
    put16(cmap, i == n - 1 ? 1 : 0);
  size_t array_at = 0;
  for (int i = 0; i < n; i++) {
    put16(cmap, i == n - 1 ? 0 : (unsigned)(2 * (size_t)(n - i) + 2 * array_at));
    if (i < n - 1)
      array_at += (size_t)(segs[i].end - segs[i].start + 1);
  }
  for (int i = 0; i < n - 1; i++)
    for (int cp = segs[i].start; cp <= segs[i].end; cp++) {
      bool mapped = used[cp >> 3] & (1 << (cp & 7));
      put16(cmap, mapped ? (unsigned)subset_glyph(s, cp) : 0);
    }
}

static bool write_cmap(const Subset *s, const uint8_t *used, Buf *cmap) {
  enum { MAX_SEGS = 4096 };
  Seg *segs = malloc(sizeof(Seg) * MAX_SEGS);
  if (!segs)
    return false;
  int n = make_segments(s, used, 64, segs, MAX_SEGS);
  if (n < 0 || cmap_size(segs, n) > 0xFFFF)
    n = make_segments(s, used, 0, segs, MAX_SEGS);
  bool ok = n > 0 && cmap_size(segs, n) <= 0xFFFF;
  if (ok)
    write_cmap_segments(s, used, segs, n, cmap);
  free(segs);
  return ok;
}

static void copy_table(const TtFont *f, int t, Buf *out) {
  buf_put(out, f->data + f->tables[t], f->lengths[t]);
}

/* head, hhea, maxp and post: copied, with what the subset changes. */
static void write_headers(const Subset *s, Buf *tab) {
  const TtFont *f = s->f;
  copy_table(f, T_HEAD, &tab[T_HEAD]);
  if (tab[T_HEAD].len >= 54) {
    set16(&tab[T_HEAD], 8, 0), set16(&tab[T_HEAD], 10, 0); /* checkSumAdjustment */
    set16(&tab[T_HEAD], 50, 1);                              /* long loca */
  }
  copy_table(f, T_HHEA, &tab[T_HHEA]);
  if (tab[T_HHEA].len >= 36)
    set16(&tab[T_HHEA], 34, (unsigned)s->n);
  copy_table(f, T_MAXP, &tab[T_MAXP]);
  set16(&tab[T_MAXP], 4, (unsigned)s->n);
  /* post format 3: no glyph names */
  buf_put(&tab[T_POST], f->data + f->tables[T_POST], f->lengths[T_POST] < 32 ? f->lengths[T_POST] : 32);
  while (tab[T_POST].len < 32)
    buf_putc(&tab[T_POST], 0);
  set16(&tab[T_POST], 0, 3), set16(&tab[T_POST], 2, 0);
}

static uint32_t checksum(const char *d, size_t len) {
  uint32_t sum = 0;
  for (size_t i = 0; i < len; i += 4) {
    uint32_t w = 0;
    for (size_t k = 0; k < 4; k++)
      w = w << 8 | (i + k < len ? (unsigned char)d[i + k] : 0);
    sum += w;
  }
  return sum;
}

/* The font file: offset table, table directory, tables (4-byte aligned). */
static void assemble(Buf *tab, Buf *out) {
  put32(out, 0x00010000);
  put16(out, T__COUNT), put16(out, 128), put16(out, 3), put16(out, T__COUNT * 16 - 128);
  uint32_t offset = 12 + 16 * T__COUNT;
  size_t head_at = 0;
  for (int t = 0; t < T__COUNT; t++) {
    buf_put(out, table_tags[t], 4);
    put32(out, checksum(tab[t].data, tab[t].len));
    put32(out, offset);
    put32(out, (uint32_t)tab[t].len);
    if (t == T_HEAD)
      head_at = offset;
    offset += (uint32_t)((tab[t].len + 3) & ~(size_t)3);
  }
  for (int t = 0; t < T__COUNT; t++) {
    if (tab[t].len)
      buf_put(out, tab[t].data, tab[t].len);
    pad4(out);
  }
  uint32_t adjust = 0xB1B0AFBAu - checksum(out->data, out->len);
  set16(out, head_at + 8, adjust >> 16);
  set16(out, head_at + 10, adjust & 0xFFFF);
}

/* Builds the subset file into out; s keeps the glyph numbering for the
 * caller, who frees s's arrays. */
static bool build_subset(const TtFont *f, const uint8_t *used, Subset *s, Buf *out) {
  *s = (Subset){.f = f};
  s->newid = malloc(sizeof(int) * (size_t)f->nglyphs);
  s->old = malloc(sizeof(int) * (size_t)f->nglyphs);
  s->work = malloc(sizeof(int) * (size_t)f->nglyphs);
  Buf tab[T__COUNT];
  memset(tab, 0, sizeof tab);
  bool ok = s->newid && s->old && s->work;
  if (ok) {
    memset(s->newid, 0xFF, sizeof(int) * (size_t)f->nglyphs);
    choose_glyphs(s, used);
    ok = write_cmap(s, used, &tab[T_CMAP]);
  }
  if (ok) {
    const int copied[] = {T_OS2, T_CVT, T_FPGM, T_NAME, T_PREP};
    for (size_t i = 0; i < sizeof copied / sizeof *copied; i++)
      copy_table(f, copied[i], &tab[copied[i]]);
    write_glyf(s, &tab[T_GLYF], &tab[T_LOCA]);
    write_hmtx(s, &tab[T_HMTX]);
    write_headers(s, tab);
    assemble(tab, out);
  }
  for (int t = 0; t < T__COUNT; t++)
    buf_free(&tab[t]);
  return ok;
}

static void free_subset(Subset *s) {
  free(s->newid);
  free(s->old);
  free(s->work);
}

/* The PostScript name (name ID 6), from a Windows or a Macintosh record. */
static void postscript_name(const TtFont *f, char *out, size_t size) {
  size_t base = f->tables[T_NAME], strings = base + u16(f, base + 4);
  unsigned count = u16(f, base + 2);
  snprintf(out, size, "Font");
  for (unsigned i = 0; i < count; i++) {
    size_t rec = base + 6 + 12 * (size_t)i;
    unsigned platform = u16(f, rec), id = u16(f, rec + 6), len = u16(f, rec + 8);
    size_t at = strings + u16(f, rec + 10);
    if (id != 6 || at + len > f->len || (platform != 1 && platform != 3))
      continue;
    size_t o = 0, step = platform == 3 ? 2 : 1;
    for (size_t k = platform == 3 ? 1 : 0; k < len && o + 1 < size; k += step) {
      char c = (char)f->data[at + k];
      out[o++] = (c > 32 && c < 127 && !strchr("[](){}<>/%#", c)) ? c : '-';
    }
    out[o] = '\0';
    return;
  }
}

/* What a PDF font descriptor says of the face, in 1/1000 em. */
static void describe(const TtFont *f, FontSubset *fs) {
  size_t head = f->tables[T_HEAD], os2 = f->tables[T_OS2], post = f->tables[T_POST];
  for (int i = 0; i < 4; i++)
    fs->bbox[i] = s16(f, head + 36 + 2 * (size_t)i) * 1000 / f->upem;
  fs->ascent = f->ascent;
  fs->descent = -f->descent;
  fs->cap_height = u16(f, os2) >= 2 && f->lengths[T_OS2] >= 90 ? s16(f, os2 + 88) * 1000 / f->upem
                                                              : f->ascent * 7 / 10;
  fs->italic_angle = s16(f, post + 4);
  fs->stem_v = u16(f, os2 + 4) >= 600 ? 120 : 80;
  int family = (int)(u16(f, os2 + 30) >> 8);
  fs->flags = 32;                                       /* nonsymbolic */
  fs->flags |= u32(f, post + 12) ? 1 : 0;               /* fixed pitch */
  fs->flags |= (family >= 1 && family <= 7 && family != 6) ? 2 : 0; /* serif */
  fs->flags |= fs->italic_angle != 0 || (u16(f, os2 + 62) & 1) ? 64 : 0;
}

/* A tag of six capitals for the subset's name, from what it contains:
 * the same characters give the same name, as reproducibility wants. */
static void subset_tag(const uint8_t *used, char *tag) {
  uint32_t h = 2166136261u;
  for (int i = 0; i < 8192; i++)
    h = (h ^ used[i]) * 16777619u;
  for (int i = 0; i < 6; i++, h /= 26)
    tag[i] = (char)('A' + h % 26);
  tag[6] = '\0';
}

bool font_subset(const TtFont *f, const uint8_t *used, FontSubset *fs) {
  memset(fs, 0, sizeof *fs);
  Subset s;
  bool ok = build_subset(f, used, &s, &fs->file);
  fs->nglyphs = s.n;
  fs->gids = calloc(0x10000, sizeof(uint16_t));
  fs->widths = calloc((size_t)s.n + 1, sizeof(int));
  fs->unicodes = malloc(sizeof(int) * ((size_t)s.n + 1));
  ok = ok && fs->gids && fs->widths && fs->unicodes;
  if (ok) {
    for (int i = 0; i < s.n; i++) {
      fs->widths[i] = s.old[i] >= 0 ? glyph_advance(f, s.old[i]) : 0;
      fs->unicodes[i] = -1;
    }
    for (int cp = next_used(used, 0); cp < 0xFFFF; cp = next_used(used, cp + 1)) {
      int id = subset_glyph(&s, cp);
      fs->gids[cp] = (uint16_t)id;
      if (id > 0 && fs->unicodes[id] < 0)
        fs->unicodes[id] = cp;
    }
    fs->one_byte = s.one_byte;
    char tag[7], name[64];
    subset_tag(used, tag);
    postscript_name(f, name, sizeof name);
    snprintf(fs->name, sizeof fs->name, "%s+%s", tag, name);
    describe(f, fs);
  }
  free_subset(&s);
  return ok;
}

void font_subset_free(FontSubset *fs) {
  buf_free(&fs->file);
  free(fs->gids);
  free(fs->widths);
  free(fs->unicodes);
}

/*
 * The set of faces a build uses.  The four serif faces are required; the
 * others are opened the first time a character needs them.
 */
static const char *const font_files[FONT__COUNT] = {
    [FONT_REGULAR] = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    [FONT_BOLD] = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
    [FONT_ITALIC] = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf",
    [FONT_BOLD_ITALIC] = "/usr/share/fonts/truetype/liberation2/LiberationSerif-BoldItalic.ttf",
    [FONT_MONO] = "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
    [FONT_FALLBACK] = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
};

struct Fonts {
  TtFont *ttf[FONT__COUNT];
  bool tried[FONT__COUNT];
};

Fonts *fonts_open(const char **missing) {
  Fonts *fs = calloc(1, sizeof *fs);
  if (!fs)
    return NULL;
  for (int i = FONT_REGULAR; i <= FONT_BOLD_ITALIC; i++) {
    fs->ttf[i] = ttf_open(font_files[i]);
    fs->tried[i] = true;
    if (!fs->ttf[i]) {
      *missing = font_files[i];
      fonts_close(fs);
      return NULL;
    }
  }
  return fs;
}

void fonts_close(Fonts *fs) {
  if (!fs)
    return;
  for (int i = 0; i < FONT__COUNT; i++)
    ttf_close(fs->ttf[i]);
  free(fs);
}

const TtFont *fonts_face(Fonts *fs, FontSlot slot) {
  if (!fs->tried[slot]) {
    fs->tried[slot] = true;
    fs->ttf[slot] = ttf_open(font_files[slot]);
  }
  return fs->ttf[slot];
}

/* The face that draws cp when `want` is asked for: want itself, else the
 * regular face, else the fallback face.  Returns the code point to draw:
 * cp, or U+FFFD (or « ? ») when no face has it; -1 for a control
 * character, which draws nothing. */
int fonts_resolve(Fonts *fs, FontSlot want, int cp, FontSlot *slot) {
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
    return -1;
  if (cp > 0xFFFF)
    cp = 0xFFFD;
  const FontSlot order[] = {want, FONT_REGULAR, FONT_FALLBACK};
  for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
    const TtFont *f = fonts_face(fs, order[i]);
    if (f && ttf_has(f, cp)) {
      *slot = order[i];
      return cp;
    }
  }
  const TtFont *fb = fonts_face(fs, FONT_FALLBACK);
  if (fb && ttf_has(fb, 0xFFFD)) {
    *slot = FONT_FALLBACK;
    return 0xFFFD;
  }
  *slot = fonts_face(fs, want) ? want : FONT_REGULAR;
  return '?';
}

int fonts_width(Fonts *fs, FontSlot slot, int cp) {
  const TtFont *f = fonts_face(fs, slot);
  return f ? ttf_width(f, cp) : 0;
}
