/*
 * load.c — from a file to the Block/Inline tree.
 *
 * The file is read whole, checked (size, NUL bytes, UTF-8), parsed by cmark
 * and copied into termc's own tree.  Owning the tree lets the later stages
 * splice links into it and lets termc bound its depth, so that every walk can
 * recurse safely; the cmark tree is freed as soon as it is copied.
 *
 * cmark's columns are byte offsets and are wrong for some continuation lines
 * (stripped indentation), so the exact byte offset of every text node is found
 * by looking for its literal on its source line.  A text whose literal is not
 * verbatim in the source (entities, escapes) keeps cmark's approximate position.
 *
 * HTML never passes through: comments are read as termc annotations (or
 * ignored), and any other raw HTML is reported and reduced to its text.
 */
#include "termc.h"

#include <cmark.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Source positions ---------------------------------------------------- */

static int line_of(const Source *s, size_t offset) {
  int lo = 0, hi = s->nlines - 1;
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (s->lines[mid] <= offset)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

Pos source_pos(Source *s, size_t offset) {
  if (offset > s->len)
    offset = s->len;
  int li = line_of(s, offset);
  size_t from = s->lines[li];
  size_t col = 0;
  /* Positions are asked mostly in document order: continue from the last
   * one on the same line instead of counting from the line start, which
   * keeps a 50 MB single-line file linear. */
  if (s->cache_line == li + 1 && s->cache_off <= offset && s->cache_off >= from) {
    from = s->cache_off;
    col = (size_t)s->cache_col - 1;
  }
  col += utf8_count(s->text + from, offset - from);
  s->cache_line = li + 1;
  s->cache_off = offset;
  s->cache_col = (int)col + 1;
  return (Pos){li + 1, (int)col + 1};
}

/* cmark's (line, byte column) to a byte offset, clamped to the line. */
static size_t cmark_offset(const Source *s, int line, int col) {
  if (line < 1)
    line = 1;
  if (line > s->nlines)
    line = s->nlines;
  size_t start = s->lines[line - 1];
  size_t end = line < s->nlines ? s->lines[line] : s->len;
  size_t off = start + (size_t)(col > 1 ? col - 1 : 0);
  return off > end ? end : off;
}

static Pos cmark_pos(Source *s, cmark_node *n) {
  return source_pos(s, cmark_offset(s, cmark_node_get_start_line(n), cmark_node_get_start_column(n)));
}

/* Finds where the literal of a text node stands in its source line.  cmark's
 * column may be short (stripped indentation) or long (a tab); the literal is
 * searched from a little before it.  Returns -1 when it is not verbatim. */
static long locate_literal(const Source *s, int line, int col, const char *lit, size_t len) {
  if (line < 1 || line > s->nlines || len == 0)
    return -1;
  size_t start = s->lines[line - 1];
  size_t end = line < s->nlines ? s->lines[line] : s->len;
  size_t guess = cmark_offset(s, line, col);
  size_t from = guess >= start + 8 ? guess - 8 : start;
  if (end - from < len)
    return -1;
  /* The literal nearly always starts at cmark's column: try the few places
   * before it, then it, before searching the rest of the line. */
  size_t last = end - len;
  for (size_t p = from; p <= guess && p <= last; p++)
    if (s->text[p] == lit[0] && memcmp(s->text + p, lit, len) == 0)
      return (long)p;
  if (guess >= last)
    return -1;
  const char *hit = memmem(s->text + guess + 1, end - guess - 1, lit, len);
  return hit ? (long)(hit - s->text) : -1;
}

/* ---- Reading and checking the file ---------------------------------------- */

static const char *file_stem(Arena *a, const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  return arena_strndup(a, base, len);
}

/* Whether a line ends with bytes[i]: a LF, or a CR not followed by a LF.
 * CommonMark (and cmark's line numbers) count a lone CR as a line end, as
 * old Mac files have them. */
static bool line_ends_at(const char *bytes, size_t len, size_t i) {
  return bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == len || bytes[i + 1] != '\n'));
}

/* The source of bytes; owned says that they are NUL-terminated arena memory
 * that the source may keep instead of a copy. */
static Source *new_source(Arena *a, const char *path, const char *bytes, size_t len, bool owned) {
  Source *s = arena_alloc(a, sizeof *s);
  s->path = arena_strdup(a, path);
  s->id = file_stem(a, path);
  if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
    bytes += 3;
    len -= 3;
  }
  s->text = owned ? bytes : arena_strndup(a, bytes, len);
  s->len = len;
  /* Without a CR (nearly every file), line ends are the LFs that memchr
   * finds; otherwise each byte is asked. */
  bool cr = memchr(bytes, '\r', len) != NULL;
  int n = 1;
  if (cr) {
    for (size_t i = 0; i < len; i++)
      n += line_ends_at(bytes, len, i);
  } else {
    for (const char *p = bytes; (p = memchr(p, '\n', len - (size_t)(p - bytes))); p++)
      n++;
  }
  s->lines = arena_alloc(a, sizeof(size_t) * (size_t)n);
  s->nlines = 0;
  s->lines[s->nlines++] = 0;
  if (cr) {
    for (size_t i = 0; i < len; i++)
      if (line_ends_at(bytes, len, i) && s->nlines < n)
        s->lines[s->nlines++] = i + 1;
  } else {
    for (const char *p = bytes; s->nlines < n && (p = memchr(p, '\n', len - (size_t)(p - bytes))); p++)
      s->lines[s->nlines++] = (size_t)(p - bytes) + 1;
  }
  return s;
}

/* Refuses what cannot be a text: NUL bytes and invalid UTF-8.  Both are
 * reported at their exact place, with what to do. */
static bool check_text(Compilation *c, Source *s) {
  const char *nul = memchr(s->text, '\0', s->len);
  if (nul) {
    size_t off = (size_t)(nul - s->text);
    diag_report(&c->diags, off < 8000 ? D_BINARY : D_BINARY, s->path, source_pos(s, off),
                "le fichier contient un octet nul : ce n’est pas un texte Markdown%s ; "
                "enregistrez le texte en UTF-8 sans caractère nul",
                off < 8000 ? " (fichier binaire ?)" : "");
    return false;
  }
  size_t bad = utf8_validate(s->text, s->len);
  if (bad < s->len) {
    Pos p = source_pos(s, bad);
    diag_report(&c->diags, D_ENCODING, s->path, p,
                "octet 0x%02X invalide en UTF-8 : le fichier n’est pas enregistré en UTF-8 "
                "(Latin-1 ou Windows-1252 ?) ; réenregistrez-le en UTF-8",
                (unsigned char)s->text[bad]);
    return false;
  }
  return true;
}

/* Reads a whole file into the compilation's arena, NUL-terminated.  Returns
 * NULL with a diagnostic on failure; sets c->io_failed when the failure is
 * the file system's. */
static char *read_file(Compilation *c, const char *path, size_t *len) {
  Pos none = {0, 0};
  /* O_NONBLOCK: opening a FIFO with no writer would wait forever; this way
   * it opens at once and is refused below as not a regular file. */
  int fd = open(path, O_RDONLY | O_NONBLOCK);
  char why[128]; /* strerror_r: files are read on several threads */
  if (fd < 0) {
    int e = errno;
    diag_report(&c->diags, D_IO_ERROR, path, none, "impossible d’ouvrir le fichier : %s%s",
                strerror_r(e, why, sizeof why), e == ENOENT ? " (vérifiez le chemin)" : "");
    c->io_failed = true;
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode)) {
    diag_report(&c->diags, D_IO_ERROR, path, none,
                S_ISDIR(st.st_mode) ? "c’est un dossier, pas un fichier : donnez les fichiers "
                                      "(par exemple %s/*.md)"
                                    : "ce n’est pas un fichier ordinaire%s",
                S_ISDIR(st.st_mode) ? path : "");
    c->io_failed = true;
    close(fd);
    return NULL;
  }
  if ((unsigned long long)st.st_size > TERMC_MAX_INPUT) {
    diag_report(&c->diags, D_TOO_LARGE, path, none,
                "le fichier fait %llu octets, plus que les %u Mo qu’accepte termc : un contrat "
                "n’est jamais si grand ; vérifiez qu’il s’agit du bon fichier",
                (unsigned long long)st.st_size, TERMC_MAX_INPUT / (1024u * 1024u));
    close(fd);
    return NULL;
  }
  size_t size = (size_t)st.st_size, got = 0;
  char *data = arena_alloc(c->arena, size + 1);
  while (got < size) {
    ssize_t n = read(fd, data + got, size - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      diag_report(&c->diags, D_IO_ERROR, path, none, "lecture impossible : %s",
                  n < 0 ? strerror_r(errno, why, sizeof why) : "fichier tronqué pendant la lecture");
      c->io_failed = true;
      close(fd);
      return NULL;
    }
    got += (size_t)n;
  }
  close(fd);
  *len = size;
  return data;
}

/* ---- Copying cmark's tree -------------------------------------------------- */

typedef struct PendingAnnot {
  Annot *annot;
  Block *parent; /* the block that holds the comment */
  Block *prev;   /* the sibling just before the comment, or NULL */
} PendingAnnot;

typedef struct Loader {
  Compilation *c;
  Document *doc;
  Source *src;
  Arena *a;
  PtrVec pending;   /* PendingAnnot* */
  Inline **tail;    /* last inline of the open inline container */
  Inline *block_tail; /* last inline of the current heading or paragraph */
  bool deep_warned;
  bool html_warned_line; /* one raw-html warning per block */
} Loader;

static Block *new_block(Loader *ld, BlockKind kind, Block *parent, cmark_node *n) {
  Block *b = arena_alloc(ld->a, sizeof *b);
  b->kind = kind;
  b->pos = n ? cmark_pos(ld->src, n) : parent->pos;
  b->end_line = n ? cmark_node_get_end_line(n) : b->pos.line;
  if (b->end_line < b->pos.line)
    b->end_line = b->pos.line;
  b->parent = parent;
  if (parent) {
    if (parent->last_child)
      parent->last_child->next = b;
    else
      parent->children = b;
    parent->last_child = b;
  }
  return b;
}

/* Appends an inline to the open container: parent, or the block itself.
 * ld->tail is the last inline of that container, so appending is O(1) even
 * in a paragraph of a million inlines. */
static Inline *new_inline(Loader *ld, InlineKind kind, Block *block, Inline *parent) {
  Inline *in = arena_alloc(ld->a, sizeof *in);
  in->kind = kind;
  in->parent = parent;
  in->src = -1;
  if (*ld->tail)
    (*ld->tail)->next = in;
  else if (parent)
    parent->children = in;
  else
    block->inlines = in;
  *ld->tail = in;
  return in;
}

static void warn_deep(Loader *ld, cmark_node *n) {
  if (ld->deep_warned)
    return;
  ld->deep_warned = true;
  diag_report(&ld->c->diags, D_DEEP_NESTING, ld->src->path, cmark_pos(ld->src, n),
              "imbrication de plus de %d niveaux (listes, citations ou emphases) : les niveaux "
              "suivants sont aplatis ; simplifiez la structure",
              TERMC_MAX_DEPTH);
}

/* The URL schemes a contract may link to; anything else could run script. */
static bool url_is_safe(const char *url) {
  size_t i = 0;
  while (url[i] && url[i] != ':' && url[i] != '/' && url[i] != '?' && url[i] != '#')
    i++;
  if (url[i] != ':')
    return true; /* relative */
  return (i == 4 && strncasecmp(url, "http", 4) == 0) ||
         (i == 5 && strncasecmp(url, "https", 5) == 0) ||
         (i == 6 && strncasecmp(url, "mailto", 6) == 0);
}

/* Reads every <!-- … --> comment of an HTML literal as an annotation, and
 * returns the rest of the literal with tags removed (for raw HTML). */
static char *scan_html(Loader *ld, const char *lit, size_t len, Pos pos, Block *block,
                       Block *parent, bool inline_html) {
  char *text = arena_alloc(ld->a, len + 1);
  size_t n = 0;
  for (size_t i = 0; i < len;) {
    if (len - i >= 4 && memcmp(lit + i, "<!--", 4) == 0) {
      const char *end = memmem(lit + i + 4, len - i - 4, "-->", 3);
      size_t stop = end ? (size_t)(end - lit) : len;
      /* Lines before the comment move its position down. */
      Pos at = pos;
      for (size_t k = 0; k < i; k++)
        if (lit[k] == '\n') {
          at.line++;
          at.col = 1;
        }
      Annot *an = annot_parse(ld->c, ld->doc, lit + i + 4, stop - i - 4, at);
      if (an && an->kind != ANNOT_META) {
        PendingAnnot *p = arena_alloc(ld->a, sizeof *p);
        p->annot = an;
        if (inline_html) {
          p->parent = NULL;
          p->prev = block; /* applies to the enclosing block itself */
        } else {
          p->parent = parent;
          p->prev = parent->last_child;
        }
        vec_push(ld->a, &ld->pending, p);
      }
      i = end ? stop + 3 : len;
      continue;
    }
    if (lit[i] == '<') {
      const char *gt = memchr(lit + i, '>', len - i);
      i = gt ? (size_t)(gt - lit) + 1 : len;
      continue;
    }
    text[n++] = lit[i++];
  }
  text[n] = '\0';
  return text;
}

static bool blank(const char *s) {
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
      return false;
  return true;
}

static bool has_tag(const char *lit, size_t len) {
  for (size_t i = 0; i + 1 < len; i++) {
    if (lit[i] != '<')
      continue;
    if (len - i >= 4 && memcmp(lit + i, "<!--", 4) == 0) {
      const char *end = memmem(lit + i + 4, len - i - 4, "-->", 3);
      if (!end)
        return false;
      i = (size_t)(end - lit) + 2;
      continue;
    }
    return true;
  }
  return false;
}

static void convert_html_block(Loader *ld, cmark_node *n, Block *parent) {
  const char *lit = cmark_node_get_literal(n);
  size_t len = lit ? strlen(lit) : 0;
  Pos pos = cmark_pos(ld->src, n);
  char *text = scan_html(ld, lit ? lit : "", len, pos, NULL, parent, false);
  if (!has_tag(lit ? lit : "", len))
    return; /* comments only */
  diag_report(&ld->c->diags, D_RAW_HTML, ld->src->path, pos,
              "HTML brut : termc n’en garde que le texte ; écrivez-le en Markdown");
  if (blank(text))
    return;
  /* The text of the HTML becomes a paragraph, so no word is lost. */
  Block *p = new_block(ld, BLOCK_PARAGRAPH, parent, n);
  ld->block_tail = NULL;
  ld->tail = &ld->block_tail;
  Inline *t = new_inline(ld, INLINE_TEXT, p, NULL);
  char *s = text;
  while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
    s++;
  size_t l = strlen(s);
  while (l && (s[l - 1] == ' ' || s[l - 1] == '\n' || s[l - 1] == '\t' || s[l - 1] == '\r'))
    l--;
  for (size_t i = 0; i < l; i++)
    if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t')
      s[i] = ' ';
  t->text = arena_strndup(ld->a, s, l);
  t->len = l;
  t->pos = pos;
}

static void convert_leaf_inline(Loader *ld, cmark_node *n, Block *block, Inline *parent) {
  cmark_node_type type = cmark_node_get_type(n);
  if (type == CMARK_NODE_HTML_INLINE) {
    const char *lit = cmark_node_get_literal(n);
    size_t len = lit ? strlen(lit) : 0;
    scan_html(ld, lit ? lit : "", len, cmark_pos(ld->src, n), block, NULL, true);
    if (has_tag(lit ? lit : "", len) && !ld->html_warned_line) {
      ld->html_warned_line = true;
      diag_report(&ld->c->diags, D_RAW_HTML, ld->src->path, cmark_pos(ld->src, n),
                  "balise HTML brute ignorée : termc n’en garde que le texte ; écrivez-le en "
                  "Markdown");
    }
    return;
  }
  InlineKind kind = type == CMARK_NODE_TEXT        ? INLINE_TEXT
                    : type == CMARK_NODE_CODE      ? INLINE_CODE
                    : type == CMARK_NODE_SOFTBREAK ? INLINE_SOFTBREAK
                                                   : INLINE_LINEBREAK;
  Inline *in = new_inline(ld, kind, block, parent);
  in->pos = cmark_pos(ld->src, n);
  if (kind == INLINE_TEXT || kind == INLINE_CODE) {
    const char *lit = cmark_node_get_literal(n);
    in->len = lit ? strlen(lit) : 0;
    if (kind == INLINE_TEXT)
      in->src = locate_literal(ld->src, cmark_node_get_start_line(n),
                               cmark_node_get_start_column(n), lit, in->len);
    /* A text found verbatim in the source is not copied: it points there. */
    in->text = in->src >= 0 ? ld->src->text + in->src : arena_strndup(ld->a, lit ? lit : "", in->len);
    if (in->src >= 0)
      in->pos = source_pos(ld->src, (size_t)in->src);
  }
}

static Inline *convert_inline_container(Loader *ld, cmark_node *n, Block *block, Inline *parent) {
  cmark_node_type type = cmark_node_get_type(n);
  InlineKind kind = type == CMARK_NODE_EMPH     ? INLINE_EMPH
                    : type == CMARK_NODE_STRONG ? INLINE_STRONG
                    : type == CMARK_NODE_LINK   ? INLINE_LINK
                    : type == CMARK_NODE_IMAGE  ? INLINE_IMAGE
                                                : INLINE_EMPH;
  if (type == CMARK_NODE_CUSTOM_INLINE)
    return NULL; /* never produced by the parser; its children stay */
  Inline *in = new_inline(ld, kind, block, parent);
  in->pos = cmark_pos(ld->src, n);
  if (kind == INLINE_LINK || kind == INLINE_IMAGE) {
    const char *url = cmark_node_get_url(n);
    const char *title = cmark_node_get_title(n);
    if (url && !url_is_safe(url)) {
      diag_report(&ld->c->diags, D_UNSAFE_LINK, ld->src->path, in->pos,
                  "lien « %.60s » retiré : seuls les liens http, https, mailto et internes sont "
                  "permis",
                  url);
    } else if (url) {
      in->url = arena_strdup(ld->a, url);
    }
    if (title && *title)
      in->title = arena_strdup(ld->a, title);
  }
  return in;
}

static Block *convert_block_container(Loader *ld, cmark_node *n, Block *parent, int depth) {
  cmark_node_type type = cmark_node_get_type(n);
  BlockKind kind;
  switch (type) {
  case CMARK_NODE_BLOCK_QUOTE: kind = BLOCK_QUOTE; break;
  case CMARK_NODE_LIST: kind = BLOCK_LIST; break;
  case CMARK_NODE_ITEM: kind = BLOCK_ITEM; break;
  case CMARK_NODE_HEADING: kind = BLOCK_HEADING; break;
  case CMARK_NODE_PARAGRAPH: kind = BLOCK_PARAGRAPH; break;
  default: return NULL; /* custom blocks: children stay in place */
  }
  if ((kind == BLOCK_QUOTE || kind == BLOCK_LIST || kind == BLOCK_ITEM) && depth >= TERMC_MAX_DEPTH) {
    warn_deep(ld, n);
    return NULL;
  }
  Block *prev = parent->last_child;
  Block *b = new_block(ld, kind, parent, n);
  ld->html_warned_line = false;
  if (kind == BLOCK_ITEM && parent->kind == BLOCK_LIST)
    b->number = prev && prev->kind == BLOCK_ITEM ? prev->number + 1 : parent->start;
  if (kind == BLOCK_HEADING)
    b->level = cmark_node_get_heading_level(n);
  if (kind == BLOCK_LIST) {
    b->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
    b->start = cmark_node_get_list_start(n);
    b->delim = b->ordered ? (cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ')' : '.') : '-';
    b->tight = cmark_node_get_list_tight(n);
  }
  return b;
}

static void convert_leaf_block(Loader *ld, cmark_node *n, Block *parent) {
  cmark_node_type type = cmark_node_get_type(n);
  if (type == CMARK_NODE_HTML_BLOCK) {
    convert_html_block(ld, n, parent);
  } else if (type == CMARK_NODE_CODE_BLOCK) {
    Block *b = new_block(ld, BLOCK_CODE, parent, n);
    const char *lit = cmark_node_get_literal(n);
    b->literal_len = lit ? strlen(lit) : 0;
    b->literal = arena_strndup(ld->a, lit ? lit : "", b->literal_len);
    const char *info = cmark_node_get_fence_info(n);
    b->info = info ? arena_strdup(ld->a, info) : "";
  } else if (type == CMARK_NODE_THEMATIC_BREAK) {
    new_block(ld, BLOCK_RULE, parent, n);
  }
}

typedef struct Frame {
  void *obj;       /* Block* or Inline*, NULL when the node was flattened */
  bool is_block;
  Inline *tail;    /* for an inline container: its last child */
  Inline **outer_tail; /* the tail to restore when it closes */
} Frame;

/* Walks cmark's tree with its iterator (no recursion) and copies it.  Frames
 * live in the arena so that the tail pointers into them stay valid while the
 * stack of frame pointers grows. */
static Block *convert_tree(Loader *ld, cmark_node *root) {
  Block *doc = new_block(ld, BLOCK_DOCUMENT, NULL, root);
  doc->pos = (Pos){1, 1};
  PtrVec stack = {0};        /* Frame* */
  Block *block = doc;        /* innermost materialized block */
  Inline *inl = NULL;        /* innermost materialized inline container */
  int block_depth = 0, inline_depth = 0;
  ld->block_tail = NULL;
  ld->tail = &ld->block_tail;
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  cmark_iter_next(it); /* the document itself */
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (n == root)
      break;
    cmark_node_type type = cmark_node_get_type(n);
    bool is_block = type <= CMARK_NODE_LAST_BLOCK;
    bool leaf = type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE ||
                type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_SOFTBREAK ||
                type == CMARK_NODE_LINEBREAK || type == CMARK_NODE_CODE_BLOCK ||
                type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_THEMATIC_BREAK;
    if (leaf) {
      if (is_block)
        convert_leaf_block(ld, n, block);
      else
        convert_leaf_inline(ld, n, block, inl);
      continue;
    }
    if (ev == CMARK_EVENT_ENTER) {
      void *obj;
      if (is_block) {
        obj = convert_block_container(ld, n, block, block_depth);
      } else if (inline_depth >= TERMC_MAX_DEPTH) {
        warn_deep(ld, n);
        obj = NULL;
      } else {
        obj = convert_inline_container(ld, n, block, inl);
      }
      Frame *f = arena_alloc(ld->a, sizeof *f);
      *f = (Frame){obj, is_block, NULL, ld->tail};
      vec_push(ld->a, &stack, f);
      if (obj && is_block) {
        block = obj;
        inl = NULL;
        block_depth++;
        ld->block_tail = NULL;
        ld->tail = &ld->block_tail;
      } else if (obj) {
        inl = obj;
        inline_depth++;
        ld->tail = &f->tail;
      }
    } else { /* EXIT of a container */
      Frame *f = stack.items[--stack.len];
      ld->tail = f->outer_tail;
      if (f->obj && f->is_block) {
        block = ((Block *)f->obj)->parent;
        block_depth--;
        inl = NULL;
      } else if (f->obj) {
        inl = ((Inline *)f->obj)->parent;
        inline_depth--;
      }
    }
  }
  cmark_iter_free(it);
  return doc;
}

/* Attaches each annotation comment to the block it applies to: the block
 * after it, or (written inline) the block it stands in. */
static void attach_annots(Loader *ld) {
  for (int i = 0; i < ld->pending.len; i++) {
    PendingAnnot *p = ld->pending.items[i];
    Block *target = p->parent == NULL ? p->prev : p->prev ? p->prev->next : p->parent->children;
    /* A comment that ends a container (the last line of a list item) applies
     * to the block that follows in reading order: the next item. */
    for (Block *up = p->parent; !target && up && p->parent; up = up->parent)
      target = up->next;
    Annot *an = p->annot;
    if (!target) {
      diag_report(&ld->c->diags, D_BAD_ANNOTATION, ld->src->path, an->pos,
                  "annotation termc sans bloc qui la suive : placez-la juste avant le "
                  "paragraphe, la liste ou le titre qu’elle concerne");
      continue;
    }
    if (an->kind == ANNOT_LIST) {
      if (target->kind != BLOCK_LIST || !target->ordered) {
        diag_report(&ld->c->diags, D_BAD_ANNOTATION, ld->src->path, an->pos,
                    "« termc:list » doit précéder une liste numérotée");
        continue;
      }
      target->not_clauses = true;
      an->uses++;
      continue;
    }
    an->first_line = target->pos.line;
    an->last_line = target->end_line;
    vec_push(ld->a, &target->annots, an);
  }
}

static Document *load_source(Compilation *c, const char *path, const char *bytes, size_t len,
                             bool owned) {
  Arena *a = c->arena;
  Source *src = new_source(a, path, bytes, len, owned);
  if (src->len > TERMC_MAX_INPUT) {
    diag_report(&c->diags, D_TOO_LARGE, path, (Pos){0, 0},
                "le texte fait %zu octets, plus que les %u Mo qu’accepte termc", src->len,
                TERMC_MAX_INPUT / (1024u * 1024u));
    return NULL;
  }
  if (!check_text(c, src))
    return NULL;
  Document *doc = arena_alloc(a, sizeof *doc);
  doc->comp = c;
  doc->src = src;
  doc->id = src->id;
  cmark_node *root = cmark_parse_document(src->text, src->len, CMARK_OPT_SOURCEPOS);
  Loader ld = {.c = c, .doc = doc, .src = src, .a = a};
  doc->root = convert_tree(&ld, root);
  cmark_node_free(root);
  attach_annots(&ld);
  vec_push(a, &c->docs, doc);
  return doc;
}

Document *load_document_from_memory(Compilation *c, const char *path, const char *bytes,
                                    size_t len) {
  return load_source(c, path, bytes, len, false);
}

Document *load_document(Compilation *c, const char *path) {
  size_t len = 0;
  char *data = read_file(c, path, &len);
  return data ? load_source(c, path, data, len, true) : NULL;
}
