/*
 * buf.c — a growable byte buffer for output (JSON, text, diagnostics).
 *
 * Output can be large (a corpus of documents as JSON) and outlives no
 * compilation, so it lives on the heap, not in the arena.  The data is always
 * NUL-terminated once anything was written.
 */
#include "termc.h"

#include <stdlib.h>
#include <string.h>

static void grow(Buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1)
    cap *= 2;
  char *data = realloc(b->data, cap);
  if (!data) {
    fputs("termc: out of memory\n", stderr);
    exit(2);
  }
  b->data = data;
  b->cap = cap;
}

void buf_put(Buf *b, const void *bytes, size_t len) {
  grow(b, len);
  if (len)
    memcpy(b->data + b->len, bytes, len);
  b->len += len;
  b->data[b->len] = '\0';
}

void buf_puts(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_putc(Buf *b, char c) { buf_put(b, &c, 1); }

void buf_printf(Buf *b, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n > 0) {
    grow(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
  }
  va_end(ap);
}

void buf_free(Buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

const char *buf_cstr(Buf *b) { return b->data ? b->data : ""; }
