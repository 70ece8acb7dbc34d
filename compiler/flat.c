/*
 * flat.c — the plain text of a heading or paragraph.
 *
 * Recognizers read prose, not trees: « clause 10.2 de [Conditions …](url) »
 * spans a text node, a link and maybe a line break.  flatten_block turns a
 * block's inlines into one string (a soft line break becomes one space), and
 * keeps a map from every byte of that string back to the inline it came from,
 * plus the spans of links, strong and emphasis, so that results can be placed
 * back in the tree (mark.c) and in the source (flat_pos).
 */
#include "termc.h"

#include <string.h>

typedef struct Flattener {
  Arena *a;
  Buf text;
  PtrVec pieces; /* FlatPiece* */
  PtrVec spans;  /* FlatSpan* */
} Flattener;

static void add_piece(Flattener *f, Inline *in, size_t in_off, const char *s, size_t len) {
  FlatPiece *p = arena_alloc(f->a, sizeof *p);
  p->off = f->text.len;
  p->len = len;
  p->in = in;
  p->in_off = in_off;
  buf_put(&f->text, s, len);
  vec_push(f->a, &f->pieces, p);
}

static FlatSpan *open_span(Flattener *f, SpanKind kind, Inline *in) {
  FlatSpan *s = arena_alloc(f->a, sizeof *s);
  s->kind = kind;
  s->off = f->text.len;
  s->in = in;
  s->url = in ? in->url : NULL;
  vec_push(f->a, &f->spans, s);
  return s;
}

/* Recursion is bounded: load.c flattens inline nesting past TERMC_MAX_DEPTH. */
static void walk(Flattener *f, Inline *in) {
  for (; in; in = in->next) {
    FlatSpan *span = NULL;
    switch (in->kind) {
    case INLINE_TEXT:
      add_piece(f, in, 0, in->text, in->len);
      break;
    case INLINE_CODE:
      span = open_span(f, SPAN_CODE, in);
      add_piece(f, in, 0, in->text, in->len);
      break;
    case INLINE_SOFTBREAK:
    case INLINE_LINEBREAK:
      add_piece(f, NULL, 0, " ", 1);
      break;
    case INLINE_STRONG:
      span = open_span(f, SPAN_STRONG, in);
      walk(f, in->children);
      break;
    case INLINE_EMPH:
      span = open_span(f, SPAN_EMPH, in);
      walk(f, in->children);
      break;
    case INLINE_LINK:
      span = open_span(f, SPAN_LINK, in);
      walk(f, in->children);
      break;
    case INLINE_IMAGE:
    case INLINE_REF:
    case INLINE_TERM:
    case INLINE_DEF:
      walk(f, in->children);
      break;
    }
    if (span)
      span->len = f->text.len - span->off;
  }
}

static FlatText *finish(Flattener *f, Block *b) {
  FlatText *ft = arena_alloc(f->a, sizeof *ft);
  ft->block = b;
  ft->text = arena_strndup(f->a, buf_cstr(&f->text), f->text.len);
  ft->len = f->text.len;
  buf_free(&f->text);
  ft->npieces = f->pieces.len;
  ft->pieces = arena_alloc(f->a, sizeof(FlatPiece) * (size_t)(ft->npieces ? ft->npieces : 1));
  for (int i = 0; i < ft->npieces; i++)
    ft->pieces[i] = *(FlatPiece *)f->pieces.items[i];
  ft->nspans = f->spans.len;
  ft->spans = arena_alloc(f->a, sizeof(FlatSpan) * (size_t)(ft->nspans ? ft->nspans : 1));
  for (int i = 0; i < ft->nspans; i++)
    ft->spans[i] = *(FlatSpan *)f->spans.items[i];
  return ft;
}

Inline *inline_split(Arena *a, Inline *in, size_t at) {
  Inline *tail = arena_alloc(a, sizeof *tail);
  *tail = *in;
  tail->text = in->text + at;
  tail->len = in->len - at;
  tail->src = in->src >= 0 ? in->src + (long)at : -1;
  in->next = tail;
  in->len = at;
  return tail;
}

FlatText *flatten_block(Arena *a, Block *b) {
  Flattener f = {.a = a};
  walk(&f, b->inlines);
  return finish(&f, b);
}

FlatText *flat_from_string(Arena *a, const char *text, size_t len) {
  Flattener f = {.a = a};
  add_piece(&f, NULL, 0, text, len);
  return finish(&f, NULL);
}

/* The piece containing off (the last one starting at or before it). */
static const FlatPiece *piece_at(const FlatText *ft, size_t off) {
  if (ft->npieces == 0)
    return NULL;
  int lo = 0, hi = ft->npieces - 1;
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (ft->pieces[mid].off <= off)
      lo = mid;
    else
      hi = mid - 1;
  }
  return &ft->pieces[lo];
}

Pos flat_pos(Source *src, const FlatText *ft, size_t off) {
  const FlatPiece *p = piece_at(ft, off);
  if (!p)
    return ft->block ? ft->block->pos : (Pos){1, 1};
  /* A soft break has no source text: use the next piece's start. */
  if (!p->in && p + 1 < ft->pieces + ft->npieces) {
    off = p[1].off;
    p++;
  }
  if (!p->in)
    return ft->block ? ft->block->pos : (Pos){1, 1};
  if (p->in->src >= 0 && src)
    return source_pos(src, (size_t)p->in->src + p->in_off + (off - p->off));
  return p->in->pos;
}

const FlatSpan *flat_span_at(const FlatText *ft, SpanKind kind, size_t off, size_t len) {
  const FlatSpan *best = NULL;
  for (int i = 0; i < ft->nspans; i++) {
    const FlatSpan *s = &ft->spans[i];
    if (s->off > off)
      break;
    if (s->kind == kind && s->off + s->len >= off + len)
      best = s; /* later spans that contain it are nested deeper */
  }
  return best;
}
