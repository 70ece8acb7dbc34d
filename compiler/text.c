/*
 * text.c — the plain text of a document (`termc text`).
 *
 * What a reader sees, without markup: headings and paragraphs, each followed
 * by a blank line; list items with their number or a dash; soft line breaks
 * joined.  Tests compare it with the words pdftotext reads from the PDF.
 */
#include "termc.h"

void text_of_inlines(Buf *out, const Inline *in) {
  for (; in; in = in->next) {
    switch (in->kind) {
    case INLINE_TEXT:
    case INLINE_CODE:
      buf_put(out, in->text, in->len);
      break;
    case INLINE_SOFTBREAK:
      buf_putc(out, ' ');
      break;
    case INLINE_LINEBREAK:
      buf_putc(out, '\n');
      break;
    default:
      text_of_inlines(out, in->children);
    }
  }
}

static void blocks(Buf *out, const Block *b, int indent);

static void pad(Buf *out, int indent) {
  for (int i = 0; i < indent; i++)
    buf_putc(out, ' ');
}

static void list(Buf *out, const Block *l, int indent) {
  for (const Block *item = l->children; item; item = item->next) {
    pad(out, indent);
    if (l->ordered)
      buf_printf(out, "%d%c ", item->number, l->delim);
    else
      buf_puts(out, "– ");
    /* the item's first paragraph continues the marker's line */
    const Block *first = item->children;
    if (first && first->kind == BLOCK_PARAGRAPH) {
      text_of_inlines(out, first->inlines);
      buf_puts(out, "\n\n");
      first = first->next;
    } else {
      buf_putc(out, '\n');
    }
    for (; first; first = first->next)
      blocks(out, first, indent + 3);
  }
}

/* One block and its siblings' subtree; depth is bounded by load.c. */
static void blocks(Buf *out, const Block *b, int indent) {
  switch (b->kind) {
  case BLOCK_DOCUMENT:
  case BLOCK_QUOTE:
  case BLOCK_ITEM:
    for (const Block *c = b->children; c; c = c->next)
      blocks(out, c, indent);
    break;
  case BLOCK_HEADING:
  case BLOCK_PARAGRAPH:
    pad(out, indent);
    text_of_inlines(out, b->inlines);
    buf_puts(out, "\n\n");
    break;
  case BLOCK_LIST:
    list(out, b, indent);
    break;
  case BLOCK_CODE:
    buf_put(out, b->literal, b->literal_len);
    buf_putc(out, '\n');
    break;
  case BLOCK_RULE:
    break;
  }
}

void emit_text(Document *doc, Buf *out) { blocks(out, doc->root, 0); }
