/*
 * marked.c — Markdown-like test inputs turned into a FlatText, so that a
 * phrasing with a link or code span is written on one line of a test table,
 * as a reader would write it: « clause 10.2 de [Conditions](https://…) ».
 */
#include "marked.h"

#include <string.h>

FlatText *flat_from_marked(Arena *a, const char *md, size_t n) {
  char *text = arena_alloc(a, n + 1);
  FlatSpan *spans = arena_alloc(a, sizeof(FlatSpan) * (n + 1));
  int nspans = 0;
  size_t len = 0;
  for (size_t i = 0; i < n;) {
    const char *close = md[i] == '[' ? memmem(md + i, n - i, "](", 2) : NULL;
    const char *paren = close ? memchr(close, ')', (size_t)(md + n - close)) : NULL;
    const char *tick = md[i] == '`' ? memchr(md + i + 1, '`', n - i - 1) : NULL;
    if (paren) {
      size_t tl = (size_t)(close - (md + i + 1));
      spans[nspans++] = (FlatSpan){.kind = SPAN_LINK,
                                   .off = len,
                                   .len = tl,
                                   .url = arena_strndup(a, close + 2, (size_t)(paren - close - 2))};
      memcpy(text + len, md + i + 1, tl);
      len += tl;
      i = (size_t)(paren - md) + 1;
    } else if (tick) {
      size_t tl = (size_t)(tick - (md + i + 1));
      spans[nspans++] = (FlatSpan){.kind = SPAN_CODE, .off = len, .len = tl};
      memcpy(text + len, md + i + 1, tl);
      len += tl;
      i = (size_t)(tick - md) + 1;
    } else {
      text[len++] = md[i++];
    }
  }
  FlatText *ft = flat_from_string(a, text, len);
  ft->spans = spans;
  ft->nspans = nspans;
  return ft;
}
