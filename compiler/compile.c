/*
 * compile.c — the front end's driver: the stages in order, on each file.
 *
 * Stages only read and extend the model, and report through the
 * compilation's diagnostics; none stops another.  A file that cannot be read
 * or is not text is skipped after its diagnostic, and the others go on.
 */
#include "termc.h"

#include <stdlib.h>

Compilation *compilation_new(void) {
  Arena *a = arena_new();
  Compilation *c = arena_alloc(a, sizeof *c);
  c->arena = a;
  c->diags.arena = a;
  return c;
}

void compilation_free(Compilation *c) {
  if (c)
    arena_free(c->arena);
}

/* Every heading and paragraph of the document, flattened, in order.  The
 * recognizers run on these. */
static void flatten_blocks(Document *doc, Block *b) {
  for (; b; b = b->next) {
    if (b->kind == BLOCK_HEADING || b->kind == BLOCK_PARAGRAPH) {
      if (!b->flat)
        b->flat = flatten_block(doc->comp->arena, b);
      b->flat->index = doc->flats.len;
      vec_push(doc->comp->arena, &doc->flats, b->flat);
    }
    flatten_blocks(doc, b->children);
  }
}

void compile_document(Compilation *c, Document *doc) {
  find_clauses(doc);
  if (!doc->title) {
    diag_report(&c->diags, D_MISSING_TITLE, doc->src->path, (Pos){1, 1},
                "le texte n’a pas de titre : ajoutez un titre « # … » ou « title: » dans les "
                "métadonnées");
    doc->title = doc->id;
  }
  flatten_blocks(doc, doc->root->children);
  find_terms(doc);
  find_references(doc);
  resolve_references(doc);
  check_document(doc);
  mark_document(doc);
}

int compile_files(Compilation *c, const char *const *paths, int npaths) {
  int loaded = 0;
  for (int i = 0; i < npaths; i++) {
    Document *doc = load_document(c, paths[i]);
    if (!doc)
      continue;
    compile_document(c, doc);
    loaded++;
  }
  apply_acks(c);
  diag_sort(&c->diags, paths, npaths);
  return loaded;
}
