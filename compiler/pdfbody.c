/*
 * pdfbody.c — the body of a document: its blocks, in order, as lines.
 *
 * Each kind of block has its style here: headings by level, in bold, kept
 * with what follows; justified paragraphs; lists with the number or dash
 * hanging in the left margin of the item, so that the text of an item
 * aligns on itself; block quotes indented on both sides; code in a
 * monospaced face.  Blocks that open a clause mark their first line, which
 * is where the contents, the index, the bookmarks and every reference to
 * the clause point.  A defect of the original (acknowledged in the source)
 * or an error kept by --keep-going gets a mark in the right margin of the
 * line where it stands, linked to its entry in the list at the end.
 */
#include "pdf.h"

#include <string.h>

typedef struct Body {
  Typesetter *ts;
  Galley *g;
  Document *doc;
  const Defects *defects;
  int next_defect;
  double next_above; /* space a heading asks to keep below it */
  const Block *title;
} Body;

ParStyle body_style(double indent) {
  return (ParStyle){.font = FONT_REGULAR, .size = BODY_SIZE, .leading = BODY_LEADING,
                    .indent = indent, .width = TEXT_WIDTH - indent, .align = ALIGN_JUSTIFY,
                    .above = PARSKIP};
}

const Block *title_heading(const Document *doc) {
  for (const Block *b = doc->root->children; b; b = b->next) {
    if (b->kind != BLOCK_HEADING || b->level != 1)
      continue;
    Buf text = {0};
    text_of_inlines(&text, b->inlines);
    bool same = doc->title && strcmp(buf_cstr(&text), doc->title) == 0;
    buf_free(&text);
    return same ? b : NULL;
  }
  return NULL;
}

const Clause *title_clause(const Document *doc) {
  const Block *b = title_heading(doc);
  return b ? b->clause : NULL;
}

/* The first words of a text, up to about n bytes, cut at a space. */
static const char *first_words(Arena *a, const char *s, size_t len, size_t n) {
  if (len <= n)
    return arena_strndup(a, s, len);
  size_t cut = n;
  while (cut > n / 2 && s[cut] != ' ')
    cut--;
  while (cut < len && ((unsigned char)s[cut] & 0xC0) == 0x80)
    cut++;
  return arena_printf(a, "%.*s…", (int)cut, s);
}

const char *clause_label(Arena *a, const Clause *c) {
  const Block *b = c->block;
  if (b->kind == BLOCK_HEADING) {
    Buf out = {0};
    text_of_inlines(&out, b->inlines);
    const char *s = arena_strdup(a, buf_cstr(&out));
    buf_free(&out);
    return s;
  }
  const char *number = c->number ? c->number : "";
  if (c->title)
    return arena_printf(a, "%s %s", number, c->title);
  if (b->kind == BLOCK_ITEM)
    b = b->children;
  if (!b || !b->flat)
    return arena_strdup(a, number);
  const char *text = first_words(a, b->flat->text, b->flat->len, 70);
  if (strncmp(text, number, strlen(number)) == 0)
    return text;
  return arena_printf(a, "%s %s", number, text);
}

/* Marks in the margin for the defects that stand in a block (or in the
 * lines before it that no block covers), on the line of their reference
 * when there is one, else on the block's first line. */
static void mark_defects(Body *b, const Block *blk, int first, int anchors_from) {
  const Defects *d = b->defects;
  for (; b->next_defect < d->n && d->items[b->next_defect]->line <= blk->end_line; b->next_defect++) {
    const Diag *diag = d->items[b->next_defect];
    int line = first;
    for (int i = anchors_from; i < b->g->nanchors; i++) {
      const Anchor *an = &b->g->anchors[i];
      if (an->target.kind == TARGET_REF && diag->ref && an->target.ptr == diag->ref) {
        line = an->line;
        break;
      }
    }
    galley_anchor(b->g, line, target(TARGET_MARK, diag));
    double x = TEXT_WIDTH + 8;
    for (int i = 0; i < b->g->lines[line].nruns; i++)
      if (b->g->lines[line].runs[i].x >= x)
        x = b->g->lines[line].runs[i].x + 8;
    ts_run(b->ts, b->g, line, x, "†", strlen("†"), FONT_BOLD, BODY_SIZE,
           diag->acknowledged ? COLOR_ACK : COLOR_BROKEN, target(TARGET_DEFECT, diag));
  }
}

/* Typesets a heading or paragraph's inlines in style st; anchors its
 * clause and its defects.  Returns its first line, or -1. */
static int inline_block(Body *b, const Block *blk, ParStyle st) {
  int anchors_from = b->g->nanchors;
  if (st.above < b->next_above)
    st.above = b->next_above;
  b->next_above = 0;
  ts_begin(b->ts, &st);
  ts_inlines(b->ts, blk->inlines);
  int first = ts_end(b->ts, b->g);
  if (first < 0)
    return -1;
  galley_anchor(b->g, first, target(TARGET_BLOCK, blk));
  if (blk->clause)
    galley_anchor(b->g, first, target(TARGET_CLAUSE, blk->clause));
  mark_defects(b, blk, first, anchors_from);
  return first;
}

static void blocks(Body *b, const Block *blk, double indent, double right, double above, int depth);

/* Headings: bold, ragged right, never hyphenated, kept with what follows. */
static void heading(Body *b, const Block *blk, double indent, double right) {
  static const struct {
    double size, above, below;
    FontSlot font;
  } levels[] = {{15, 20, 8, FONT_BOLD},    {15, 20, 8, FONT_BOLD},
                {12.5, 17, 5, FONT_BOLD},  {11, 13, 4, FONT_BOLD},
                {10.5, 11, 3, FONT_BOLD_ITALIC}};
  int level = blk->level < 1 ? 1 : blk->level > 4 ? 4 : blk->level;
  ParStyle st = {.font = levels[level].font, .size = levels[level].size,
                 .leading = levels[level].size * 1.25, .indent = indent,
                 .width = TEXT_WIDTH - indent - right, .align = ALIGN_LEFT, .balance = true,
                 .above = levels[level].above};
  int first = inline_block(b, blk, st);
  if (first < 0)
    return;
  for (int i = first; i < b->g->nlines; i++)
    b->g->lines[i].keep = true;
  b->next_above = levels[level].below;
}

/* The first line of text at or after line `from`, or -1. */
static int first_text_line(const Galley *g, int from) {
  for (int i = from; i < g->nlines; i++)
    if (g->lines[i].kind == LINE_TEXT)
      return i;
  return -1;
}

/* A list: each item's blocks indented, its number or dash hanging in the
 * indent, right-aligned a little before the text. */
static const char *marker(Arena *a, const Block *l, const Block *item) {
  return l->ordered ? arena_printf(a, "%d%c", item->number, l->delim ? l->delim : '.') : "–";
}

/* The indent of a list's items: room for its widest marker, so that no
 * number (« 128. ») sticks out into the margin. */
static double item_indent(Body *b, const Block *l, double indent) {
  double widest = 0;
  for (const Block *item = l->children; item; item = item->next) {
    const char *m = marker(b->g->arena, l, item);
    double w = ts_width(b->ts, m, strlen(m), FONT_REGULAR, BODY_SIZE);
    widest = w > widest ? w : widest;
  }
  double step = widest + 8 > LIST_INDENT ? widest + 8 : LIST_INDENT;
  return indent + step < TEXT_WIDTH / 2 ? indent + step : indent;
}

static void list(Body *b, const Block *l, double indent, double right, int depth) {
  double inner = item_indent(b, l, indent);
  double above = PARSKIP;
  for (const Block *item = l->children; item; item = item->next) {
    int from = b->g->nlines;
    blocks(b, item->children, inner, right, above, depth + 1);
    above = l->tight ? 2 : PARSKIP;
    int line = first_text_line(b->g, from);
    if (line < 0)
      continue;
    const char *text = marker(b->g->arena, l, item);
    double w = ts_width(b->ts, text, strlen(text), FONT_REGULAR, BODY_SIZE);
    double x = inner - 6 - w > indent ? inner - 6 - w : indent;
    ts_run(b->ts, b->g, line, x, text, strlen(text), FONT_REGULAR, BODY_SIZE,
           COLOR_TEXT, target(TARGET_NONE, NULL));
    if (item->clause)
      galley_anchor(b->g, line, target(TARGET_CLAUSE, item->clause));
  }
}

/* Code: the monospaced face, line for line, broken only if too long. */
static void code(Body *b, const Block *blk, double indent, double right) {
  ParStyle st = {.font = FONT_MONO, .size = 9, .leading = 11.5, .indent = indent + 10,
                 .width = TEXT_WIDTH - indent - right - 10, .align = ALIGN_LEFT, .above = PARSKIP};
  int anchors_from = b->g->nanchors;
  ts_begin(b->ts, &st);
  const char *s = blk->literal, *end = s ? s + blk->literal_len : s;
  while (s && s < end) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
    ts_text(b->ts, s, n, FONT_MONO, COLOR_TEXT, target(TARGET_NONE, NULL));
    ts_linebreak(b->ts);
    s += n + 1;
  }
  int first = ts_end(b->ts, b->g);
  if (first >= 0)
    mark_defects(b, blk, first, anchors_from);
}

static void rule(Body *b, double indent, double right) {
  double w = TEXT_WIDTH - indent - right;
  galley_add(b->g, &(Line){.kind = LINE_RULE, .above = 6, .height = 12, .ascent = 6, .descent = 0,
                           .x0 = indent + w / 3, .x1 = indent + 2 * w / 3});
}

/* Blocks and their siblings; depth is bounded by the loader. */
static void blocks(Body *b, const Block *blk, double indent, double right, double above, int depth) {
  for (; blk && depth <= TERMC_MAX_DEPTH; blk = blk->next) {
    ParStyle st = body_style(indent);
    switch (blk->kind) {
    case BLOCK_DOCUMENT:
    case BLOCK_ITEM:
      blocks(b, blk->children, indent, right, above, depth + 1);
      break;
    case BLOCK_HEADING:
      if (blk != b->title)
        heading(b, blk, indent, right);
      break;
    case BLOCK_PARAGRAPH:
      st.above = above;
      st.width = TEXT_WIDTH - indent - right;
      inline_block(b, blk, st);
      break;
    case BLOCK_LIST:
      list(b, blk, indent, right, depth);
      break;
    case BLOCK_QUOTE:
      blocks(b, blk->children, indent + 18, right + 18, above, depth + 1);
      break;
    case BLOCK_CODE:
      code(b, blk, indent, right);
      break;
    case BLOCK_RULE:
      rule(b, indent, right);
      break;
    }
    above = PARSKIP;
  }
}

void body_galley(Typesetter *ts, Document *doc, const Defects *defects, Galley *g) {
  Body b = {.ts = ts, .g = g, .doc = doc, .defects = defects, .title = title_heading(doc)};
  ts_set_document(ts, doc);
  blocks(&b, doc->root->children, 0, 0, PARSKIP, 0);
  if (g->nlines == 0) /* a text with a title only: somewhere for anchors */
    galley_add(g, &(Line){.kind = LINE_TEXT, .height = BODY_LEADING, .ascent = BODY_SIZE});
  Block end = {.end_line = 1 << 30};
  mark_defects(&b, &end, g->nlines - 1, g->nanchors);
}
