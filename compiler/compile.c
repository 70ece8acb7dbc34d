/*
 * compile.c — the front end's driver: the stages in order, on each file.
 *
 * Stages only read and extend the model, and report through the
 * compilation's diagnostics; none stops another.  A file that cannot be read
 * or is not text is skipped after its diagnostic, and the others go on.
 *
 * Documents are independent: nothing in one is resolved against another.
 * So each file is compiled on its own, in a compilation of its own (its own
 * arena and diagnostics), on as many threads as there are cores when there
 * is enough to do (PARALLEL_BYTES); the
 * results are then merged in the order of the command line, so that the
 * output is the same whatever the number of threads.  When only the
 * diagnostics are wanted (termc check), a document's memory is released as
 * soon as it is checked, so that memory stays that of one document however
 * many are checked.
 */
#include "termc.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Threads for the front end: more than the cores would only contend. */
#define MAX_JOBS 16
/* Below this much input, one thread is as fast: each thread needs memory of
 * its own, and first touching a page costs more than a text's share of the
 * work (the five texts, 260 kB: 22 ms of CPU on one thread, 29 ms on two). */
#define PARALLEL_BYTES (1 << 20)

Compilation *compilation_new(void) {
  Arena *a = arena_new();
  Compilation *c = arena_alloc(a, sizeof *c);
  c->arena = a;
  c->diags.arena = a;
  return c;
}

void compilation_free(Compilation *c) {
  if (!c)
    return;
  for (int i = 0; i < c->arenas.len; i++)
    arena_free(c->arenas.items[i]);
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
  if (!c->diagnostics_only) /* the links only back-ends render */
    mark_document(doc);
}

/* One file's compilation, done on a worker thread. */
typedef struct Unit {
  const char *path;
  Compilation sub; /* the file's own arena, diagnostics and document */
} Unit;

/* Loads and compiles one file in its own compilation, and applies its
 * acknowledgements (they only ever match diagnostics of their file). */
static void compile_unit(Unit *u, bool diagnostics_only) {
  Compilation *s = &u->sub;
  s->arena = s->diags.arena = arena_new();
  s->diagnostics_only = diagnostics_only;
  Document *doc = load_document(s, u->path);
  if (doc)
    compile_document(s, doc);
  apply_acks(s);
  if (!diagnostics_only)
    return;
  /* Keep what printing a diagnostic reads, in one block of an arena of its
   * own (thousands of files may be checked), and release the document. */
  size_t size = sizeof(void *) * (size_t)(s->diags.list.len + 1);
  for (int i = 0; i < s->diags.list.len; i++) {
    Diag *g = s->diags.list.items[i];
    size += sizeof(Diag) + strlen(g->message) + 1 + (g->reason ? strlen(g->reason) + 1 : 0) +
            (g->file && strcmp(g->file, u->path) != 0 ? strlen(g->file) + 1 : 0);
  }
  /* pointers, then the Diag structs (aligned), then their strings */
  Arena *kept = arena_new();
  int n = s->diags.list.len;
  void **items = arena_alloc(kept, size);
  Diag *copies = (Diag *)(items + n + 1);
  char *p = (char *)(copies + n);
  for (int i = 0; i < n; i++) {
    Diag *g = s->diags.list.items[i], *copy = &copies[i];
    *copy = *g;
    copy->message = strcpy(p, g->message);
    p += strlen(p) + 1;
    if (g->reason) {
      copy->reason = strcpy(p, g->reason);
      p += strlen(p) + 1;
    }
    if (g->file && strcmp(g->file, u->path) != 0) {
      copy->file = strcpy(p, g->file);
      p += strlen(p) + 1;
    } else if (g->file) {
      copy->file = u->path;
    }
    copy->subject = NULL;
    copy->ref = NULL;
    copy->term = NULL;
    items[i] = copy;
  }
  s->diags.list.items = items;
  s->diags.list.cap = s->diags.list.len + 1;
  arena_free(s->arena);
  s->arena = s->diags.arena = kept;
  s->docs = (PtrVec){0};
}

typedef struct Pool {
  Unit *units;
  int n;
  int next; /* the next unit to compile */
  bool diagnostics_only;
  pthread_mutex_t lock;
} Pool;

static void *worker(void *arg) {
  Pool *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->lock);
    int i = p->next++;
    pthread_mutex_unlock(&p->lock);
    if (i >= p->n)
      return NULL;
    compile_unit(&p->units[i], p->diagnostics_only);
  }
}

/* Whether the files hold PARALLEL_BYTES or more (stat stops there). */
static bool enough_work(const char *const *paths, int n) {
  long long total = 0;
  for (int i = 0; i < n && total < PARALLEL_BYTES; i++) {
    struct stat st;
    if (stat(paths[i], &st) == 0 && S_ISREG(st.st_mode))
      total += st.st_size;
  }
  return total >= PARALLEL_BYTES;
}

/* One thread per core this process may run on (as nproc counts them). */
static int jobs_for(int nfiles) {
  cpu_set_t set;
  long cores = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set)
                                                            : sysconf(_SC_NPROCESSORS_ONLN);
  int jobs = cores > 0 ? (int)cores : 1;
  if (jobs > MAX_JOBS)
    jobs = MAX_JOBS;
  return jobs < nfiles ? jobs : nfiles;
}

/* Appends a unit's results to the compilation: its diagnostics, numbered
 * as if reported here, and its document, whose arena the compilation now
 * owns. */
static int merge_unit(Compilation *c, Unit *u) {
  Compilation *s = &u->sub;
  for (int i = 0; i < s->diags.list.len; i++) {
    Diag *g = s->diags.list.items[i];
    g->seq = c->diags.list.len;
    vec_push(c->arena, &c->diags.list, g);
  }
  vec_push(c->arena, &c->arenas, s->arena);
  c->io_failed |= s->io_failed;
  for (int i = 0; i < s->docs.len; i++) {
    Document *doc = s->docs.items[i];
    doc->comp = c;
    vec_push(c->arena, &c->docs, doc);
  }
  return s->docs.len;
}

int compile_files(Compilation *c, const char *const *paths, int npaths) {
  if (npaths <= 0)
    return 0;
  Unit *units = calloc((size_t)npaths, sizeof *units);
  if (!units) {
    fputs("termc: out of memory\n", stderr);
    exit(2);
  }
  for (int i = 0; i < npaths; i++)
    units[i].path = paths[i];
  Pool p = {.units = units, .n = npaths, .diagnostics_only = c->diagnostics_only};
  pthread_mutex_init(&p.lock, NULL);
  pthread_t threads[MAX_JOBS];
  int started = 0;
  int jobs = c->jobs > 0 ? c->jobs : enough_work(paths, npaths) ? jobs_for(npaths) : 1;
  if (jobs > MAX_JOBS)
    jobs = MAX_JOBS;
  for (int t = 1; t < jobs; t++)
    if (pthread_create(&threads[started], NULL, worker, &p) == 0)
      started++;
  worker(&p); /* this thread works too */
  for (int t = 0; t < started; t++)
    pthread_join(threads[t], NULL);
  pthread_mutex_destroy(&p.lock);
  int loaded = 0;
  for (int i = 0; i < npaths; i++)
    loaded += merge_unit(c, &units[i]);
  free(units);
  diag_sort(&c->diags, paths, npaths);
  return loaded;
}
