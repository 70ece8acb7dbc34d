/*
 * diag.c — the registry of diagnostics, their collection and their printing.
 *
 * As in mandoc, every finding has a stable code with a default severity, the
 * stages only report (they never print or stop), and the worst unacknowledged
 * severity decides the exit status.  Messages are French sentences written
 * for the lawyer who edits the text; the code names are for tools.
 */
#include "termc.h"

#include <stdlib.h>
#include <string.h>

typedef struct CodeInfo {
  const char *name;
  Severity severity;
} CodeInfo;

/* Indexed by DiagCode; docs/diagnostics.md explains each one. */
static const CodeInfo codes[D__COUNT] = {
    [D_IO_ERROR] = {"io-error", SEV_ERROR},
    [D_ENCODING] = {"encoding", SEV_ERROR},
    [D_BINARY] = {"binary", SEV_ERROR},
    [D_TOO_LARGE] = {"too-large", SEV_ERROR},
    [D_BAD_ANNOTATION] = {"bad-annotation", SEV_ERROR},
    [D_UNUSED_ACK] = {"unused-ack", SEV_WARNING},
    [D_DUPLICATE_CLAUSE] = {"duplicate-clause", SEV_ERROR},
    [D_DUPLICATE_ID] = {"duplicate-id", SEV_ERROR},
    [D_NUMBERING_GAP] = {"numbering-gap", SEV_WARNING},
    [D_NUMBERING_MISMATCH] = {"numbering-mismatch", SEV_WARNING},
    [D_BROKEN_REF] = {"broken-ref", SEV_ERROR},
    [D_BROKEN_RANGE] = {"broken-range", SEV_ERROR},
    [D_TITLE_MISMATCH] = {"title-mismatch", SEV_ERROR},
    [D_WRONG_DIRECTION] = {"wrong-direction", SEV_WARNING},
    [D_SELF_REFERENCE] = {"self-reference", SEV_WARNING},
    [D_DUPLICATE_TERM] = {"duplicate-term", SEV_ERROR},
    [D_UNUSED_TERM] = {"unused-term", SEV_WARNING},
    [D_UNDEFINED_TERM] = {"undefined-term", SEV_WARNING},
    [D_RAW_HTML] = {"raw-html", SEV_WARNING},
    [D_UNSAFE_LINK] = {"unsafe-link", SEV_WARNING},
    [D_DEEP_NESTING] = {"deep-nesting", SEV_WARNING},
    [D_MISSING_TITLE] = {"missing-title", SEV_WARNING},
    [D_TEMPLATE_ERROR] = {"template-error", SEV_ERROR},
    [D_OUTPUT_ERROR] = {"output-error", SEV_ERROR},
};

const char *diag_code_name(DiagCode code) { return codes[code].name; }

Severity diag_default_severity(DiagCode code) { return codes[code].severity; }

bool diag_code_from_name(const char *name, size_t len, DiagCode *out) {
  for (int i = 0; i < D__COUNT; i++) {
    if (strlen(codes[i].name) == len && memcmp(codes[i].name, name, len) == 0) {
      *out = (DiagCode)i;
      return true;
    }
  }
  return false;
}

Diag *diag_report(Diags *d, DiagCode code, const char *file, Pos pos, const char *fmt, ...) {
  Diag *g = arena_alloc(d->arena, sizeof *g);
  g->code = code;
  g->severity = codes[code].severity;
  g->file = file;
  g->line = pos.line;
  g->col = pos.col;
  va_list ap;
  va_start(ap, fmt);
  g->message = arena_vprintf(d->arena, fmt, ap);
  va_end(ap);
  g->seq = d->list.len;
  vec_push(d->arena, &d->list, g);
  return g;
}

/* A diagnostic and the rank of its file in the order of the command line:
 * -1 without a file, nfiles for a file not given (those sort by name). */
typedef struct Ranked {
  Diag *g;
  int rank;
  bool unlisted;
} Ranked;

static int compare_diags(const void *pa, const void *pb) {
  const Ranked *x = pa, *y = pb;
  const Diag *a = x->g, *b = y->g;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  if (x->unlisted) {
    int c = strcmp(a->file, b->file);
    if (c)
      return c;
  }
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->col != b->col)
    return a->col < b->col ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Ranks are looked up once per diagnostic in a map of the files given (the
 * first place a file is given counts), so that sorting stays O(n log n)
 * with thousands of files. */
void diag_sort(Diags *d, const char *const *files, int nfiles) {
  if (d->list.len <= 1)
    return;
  Arena *a = arena_new();
  StrMap *rank = strmap_new(a);
  int *ranks = arena_alloc(a, sizeof(int) * (size_t)(nfiles > 0 ? nfiles : 1));
  for (int i = nfiles - 1; i >= 0; i--) {
    ranks[i] = i;
    strmap_put(rank, files[i], &ranks[i]);
  }
  Ranked *r = arena_alloc(a, sizeof(Ranked) * (size_t)d->list.len);
  for (int i = 0; i < d->list.len; i++) {
    Diag *g = d->list.items[i];
    const int *k = g->file ? strmap_get(rank, g->file) : NULL;
    r[i] = (Ranked){g, !g->file ? -1 : k ? *k : nfiles, g->file && !k};
  }
  qsort(r, (size_t)d->list.len, sizeof(Ranked), compare_diags);
  for (int i = 0; i < d->list.len; i++)
    d->list.items[i] = r[i].g;
  arena_free(a);
}

static bool fails(const Diag *g, bool werror) {
  if (g->acknowledged)
    return false;
  return g->severity == SEV_ERROR || (werror && g->severity == SEV_WARNING);
}

int diag_count_failures(const Diags *d, bool werror) {
  int n = 0;
  for (int i = 0; i < d->list.len; i++)
    n += fails(d->list.items[i], werror);
  return n;
}

static const char *severity_name(const Diag *g, bool werror) {
  if (g->acknowledged)
    return "note";
  if (g->severity == SEV_ERROR || (werror && g->severity == SEV_WARNING))
    return "error";
  return g->severity == SEV_WARNING ? "warning" : "note";
}

static void print_gcc(const Diag *g, bool werror, FILE *out) {
  if (g->file && g->line > 0)
    fprintf(out, "%s:%d:%d: ", g->file, g->line, g->col > 0 ? g->col : 1);
  else if (g->file)
    fprintf(out, "%s: ", g->file);
  else
    fputs("termc: ", out);
  fprintf(out, "%s: %s [%s]", severity_name(g, werror), g->message, diag_code_name(g->code));
  if (g->acknowledged)
    fprintf(out, " (défaut reconnu : %s)", g->reason ? g->reason : "");
  fputc('\n', out);
}

/* GitHub workflow commands: data escapes %, CR, LF; properties also : and ,. */
static void github_escape(FILE *out, const char *s, bool property) {
  for (; *s; s++) {
    switch (*s) {
    case '%': fputs("%25", out); break;
    case '\r': fputs("%0D", out); break;
    case '\n': fputs("%0A", out); break;
    case ':': property ? fputs("%3A", out) : fputc(':', out); break;
    case ',': property ? fputs("%2C", out) : fputc(',', out); break;
    default: fputc(*s, out);
    }
  }
}

static void print_github(const Diag *g, bool werror, FILE *out) {
  const char *kind = g->acknowledged ? "notice"
                     : fails(g, werror) ? "error"
                     : g->severity == SEV_WARNING ? "warning"
                                                  : "notice";
  fprintf(out, "::%s ", kind);
  if (g->file) {
    fputs("file=", out);
    github_escape(out, g->file, true);
    if (g->line > 0)
      fprintf(out, ",line=%d,col=%d,", g->line, g->col > 0 ? g->col : 1);
    else
      fputc(',', out);
  }
  fputs("title=", out);
  github_escape(out, "termc ", true);
  github_escape(out, diag_code_name(g->code), true);
  fputs("::", out);
  github_escape(out, g->message, false);
  if (g->acknowledged) {
    github_escape(out, " (défaut reconnu : ", false);
    github_escape(out, g->reason ? g->reason : "", false);
    github_escape(out, ")", false);
  }
  fputc('\n', out);
}

void json_string(Buf *out, const char *s, size_t len) {
  buf_putc(out, '"');
  size_t start = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    buf_put(out, s + start, i - start);
    switch (c) {
    case '"': buf_puts(out, "\\\""); break;
    case '\\': buf_puts(out, "\\\\"); break;
    case '\n': buf_puts(out, "\\n"); break;
    case '\r': buf_puts(out, "\\r"); break;
    case '\t': buf_puts(out, "\\t"); break;
    default: buf_printf(out, "\\u%04x", c);
    }
    start = i + 1;
  }
  buf_put(out, s + start, len - start);
  buf_putc(out, '"');
}

static void json_cstr(Buf *out, const char *s) {
  if (s)
    json_string(out, s, strlen(s));
  else
    buf_puts(out, "null");
}

void diag_json(const Diags *d, Buf *out) {
  buf_putc(out, '[');
  for (int i = 0; i < d->list.len; i++) {
    const Diag *g = d->list.items[i];
    buf_puts(out, i ? ",\n    {" : "\n    {");
    buf_puts(out, "\"file\": ");
    json_cstr(out, g->file);
    buf_printf(out, ", \"line\": %d, \"column\": %d, \"severity\": ", g->line, g->col);
    json_cstr(out, g->severity == SEV_ERROR ? "error" : g->severity == SEV_WARNING ? "warning" : "note");
    buf_puts(out, ", \"code\": ");
    json_cstr(out, diag_code_name(g->code));
    buf_puts(out, ", \"message\": ");
    json_cstr(out, g->message);
    buf_printf(out, ", \"acknowledged\": %s", g->acknowledged ? "true" : "false");
    if (g->acknowledged) {
      buf_puts(out, ", \"reason\": ");
      json_cstr(out, g->reason);
    }
    buf_putc(out, '}');
  }
  buf_puts(out, d->list.len ? "\n  ]" : "]");
}

void diag_print(const Diags *d, int from, DiagFormat fmt, bool werror, FILE *out) {
  if (fmt == FORMAT_JSON) {
    Buf b = {0};
    buf_puts(&b, "{\n  \"diagnostics\": ");
    diag_json(d, &b);
    int errors = 0, warnings = 0, acknowledged = 0;
    for (int i = 0; i < d->list.len; i++) {
      const Diag *g = d->list.items[i];
      if (g->acknowledged)
        acknowledged++;
      else if (fails(g, werror))
        errors++;
      else if (g->severity == SEV_WARNING)
        warnings++;
    }
    buf_printf(&b, ",\n  \"errors\": %d,\n  \"warnings\": %d,\n  \"acknowledged\": %d\n}\n", errors,
               warnings, acknowledged);
    fputs(buf_cstr(&b), out);
    buf_free(&b);
    return;
  }
  for (int i = from; i < d->list.len; i++) {
    if (fmt == FORMAT_GITHUB)
      print_github(d->list.items[i], werror, out);
    else
      print_gcc(d->list.items[i], werror, out);
  }
}
