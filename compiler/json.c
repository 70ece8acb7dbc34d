/*
 * json.c — the symbol table as JSON (`termc symbols`).
 *
 *   {"documents": [{"id", "file", "title", "date",
 *                   "clauses": [{"id", "number", "title", "line", "parent"}],
 *                   "terms": [{"term", "variants", "clause", "line", "uses"}],
 *                   "references": [{"text", "line", "column", "status",
 *                                   "targets", "instrument", "acknowledged"}]}],
 *    "diagnostics": [{"file", "line", "column", "severity", "code", "message",
 *                     "acknowledged", "reason"}]}
 *
 * The order of everything is the documents' order, so two runs on the same
 * input give the same bytes.
 */
#include "termc.h"

#include <string.h>

static void str_or_null(Buf *out, const char *s) {
  if (s)
    json_string(out, s, strlen(s));
  else
    buf_puts(out, "null");
}

static void emit_clauses(Buf *out, Document *doc) {
  buf_puts(out, "[");
  for (int i = 0; i < doc->clauses.len; i++) {
    Clause *c = doc->clauses.items[i];
    buf_puts(out, i ? ",\n        {\"id\": " : "\n        {\"id\": ");
    str_or_null(out, c->id);
    buf_puts(out, ", \"number\": ");
    str_or_null(out, c->number);
    buf_puts(out, ", \"title\": ");
    str_or_null(out, c->title);
    buf_printf(out, ", \"line\": %d, \"parent\": ", c->pos.line);
    str_or_null(out, c->parent ? c->parent->id : NULL);
    buf_puts(out, "}");
  }
  buf_puts(out, doc->clauses.len ? "\n      ]" : "]");
}

static void emit_terms(Buf *out, Document *doc) {
  buf_puts(out, "[");
  for (int i = 0; i < doc->terms.len; i++) {
    Term *t = doc->terms.items[i];
    buf_puts(out, i ? ",\n        {\"term\": " : "\n        {\"term\": ");
    str_or_null(out, t->name);
    buf_puts(out, ", \"variants\": [");
    int shown = 0;
    for (int k = 0; k < t->nforms; k++) {
      if (strcmp(t->forms[k], t->name) == 0)
        continue;
      buf_puts(out, shown++ ? ", " : "");
      str_or_null(out, t->forms[k]);
    }
    buf_puts(out, "], \"clause\": ");
    str_or_null(out, t->clause ? t->clause->id : NULL);
    buf_printf(out, ", \"line\": %d, \"uses\": [", t->pos.line);
    for (int k = 0; k < t->uses.len; k++) {
      TermUse *u = t->uses.items[k];
      buf_printf(out, "%s{\"line\": %d, \"column\": %d}", k ? ", " : "", u->pos.line, u->pos.col);
    }
    buf_puts(out, "]}");
  }
  buf_puts(out, doc->terms.len ? "\n      ]" : "]");
}

static const char *status_name(RefStatus s) {
  return s == REF_INTERNAL ? "internal" : s == REF_EXTERNAL ? "external" : "broken";
}

static void emit_refs(Buf *out, Document *doc) {
  buf_puts(out, "[");
  for (int i = 0; i < doc->refs.len; i++) {
    Ref *r = doc->refs.items[i];
    buf_puts(out, i ? ",\n        {\"text\": " : "\n        {\"text\": ");
    str_or_null(out, r->text);
    buf_printf(out, ", \"line\": %d, \"column\": %d, \"status\": \"%s\", \"targets\": [",
               r->pos.line, r->pos.col, status_name(r->status));
    for (int k = 0; k < r->targets.len; k++) {
      buf_puts(out, k ? ", " : "");
      str_or_null(out, ((Clause *)r->targets.items[k])->id);
    }
    buf_puts(out, "], \"instrument\": ");
    str_or_null(out, r->status == REF_EXTERNAL ? r->instrument : NULL);
    buf_printf(out, ", \"acknowledged\": %s}", r->acknowledged ? "true" : "false");
  }
  buf_puts(out, doc->refs.len ? "\n      ]" : "]");
}

void emit_symbols_json(Compilation *c, Buf *out) {
  buf_puts(out, "{\n  \"documents\": [");
  for (int i = 0; i < c->docs.len; i++) {
    Document *doc = c->docs.items[i];
    buf_puts(out, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
    str_or_null(out, doc->id);
    buf_puts(out, ",\n      \"file\": ");
    str_or_null(out, doc->src->path);
    buf_puts(out, ",\n      \"title\": ");
    str_or_null(out, doc->title);
    buf_puts(out, ",\n      \"date\": ");
    str_or_null(out, doc->date);
    buf_puts(out, ",\n      \"clauses\": ");
    emit_clauses(out, doc);
    buf_puts(out, ",\n      \"terms\": ");
    emit_terms(out, doc);
    buf_puts(out, ",\n      \"references\": ");
    emit_refs(out, doc);
    buf_puts(out, "}");
  }
  buf_puts(out, c->docs.len ? "\n  ],\n  \"diagnostics\": " : "],\n  \"diagnostics\": ");
  diag_json(&c->diags, out);
  buf_puts(out, "\n}\n");
}
