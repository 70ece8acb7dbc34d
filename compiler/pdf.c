/*
 * pdf.c — `termc build`'s PDFs: out/pdf/<id>.pdf for each text and
 * out/pdf/corpus.pdf with all of them.
 *
 * A PDF is a « book » of parts, each a galley paginated after the one
 * before: for a text, its title block and contents, its body, its index of
 * clauses, its index of defined terms and, if it has any, its list of
 * defects.  The corpus is a cover followed by the parts of every text.
 *
 * The work goes in four rounds, spread over the processors:
 *   1. each text's body is typeset, once for both books that show it;
 *   2. the corpus is laid out: the parts around the bodies, which print
 *      page numbers, are set, and everything is paginated;
 *   (then, on one thread, the fonts: one subset per face of everything the
 *   corpus draws, its streams deflated once, embedded in every book)
 *   3. each text in turn: its own book laid out, its body's pages drawn
 *      (once for both books) and its galley freed, its book drawn, written
 *      and freed;
 *   4. the corpus is drawn and written.
 *
 * A text's own book shows the same parts as the corpus does for it, with
 * other page numbers, whose digits the corpus prints too: the corpus's
 * characters are every book's, and a text's book is laid out only when
 * its turn comes (then checked against the fonts, embedded_covers).  Only
 * one book per processor is laid out at a time beside the corpus, instead
 * of all of them: at ×100 texts, about 100 MB less at the peak.
 *
 * Order matters only where page numbers do: the contents precede the body
 * but leave their numbers to be drawn (pdfdraw.c), the indexes follow it
 * and print them.
 */
#include "pdf.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef enum Round { ROUND_BODIES, ROUND_CORPUS_LAYOUT, ROUND_TEXTS, ROUND_CORPUS } Round;

/* What one thread uses: its typesetter, and the characters it has seen
 * drawn, per face (merged once the corpus is laid out). */
typedef struct Worker {
  Typesetter *ts;
  uint8_t *used[FONT__COUNT];
} Worker;

enum { MAX_THREADS = 8 };

/* One run of pdf_build.  Workers share it read-only, but for the work
 * queue (under the lock) and each job's own slots. */
typedef struct Build {
  Compilation *c;
  Fonts *fonts;
  Hyphenator *hy;
  Galley **bodies;     /* per document, in c->docs order */
  Place **body_place;  /* per document: its body paginated from page 0 */
  int *body_pages;
  BodyPages *drawn;    /* per document: its body's pages, drawn once */
  Defects *defects;    /* per document */
  Book *books;         /* the corpus, then each document */
  Embedded em;
  const char *dir;     /* <output>/pdf */
  const char **paths;  /* per book */
  char (*errors)[200]; /* per book: why it failed, "" when written */
  Worker workers[MAX_THREADS];
  int nworkers;
  pthread_mutex_t lock;
  int next, njobs;     /* the work queue */
  Round round;
} Build;

static int compare_defects(const void *pa, const void *pb) {
  const Diag *a = *(const Diag *const *)pa, *b = *(const Diag *const *)pb;
  if (a->line != b->line)
    return a->line - b->line;
  return a->seq - b->seq;
}

/* Each document's acknowledged findings, and its errors (present only when
 * the build goes on despite them, with --keep-going), by line: one pass
 * over the diagnostics. */
static void collect_defects(Compilation *c, Defects *out) {
  StrMap *docs = strmap_new(c->arena);
  int *index = arena_alloc(c->arena, sizeof(int) * (size_t)(c->docs.len + 1));
  for (int i = c->docs.len - 1; i >= 0; i--) { /* the first of a path wins */
    index[i] = i;
    strmap_put(docs, ((Document *)c->docs.items[i])->src->path, &index[i]);
  }
  int *count = arena_alloc(c->arena, sizeof(int) * (size_t)(c->docs.len + 1));
  for (int pass = 0; pass < 2; pass++) {
    for (int i = 0; i < c->diags.list.len; i++) {
      const Diag *g = c->diags.list.items[i];
      int *k = g->file && (g->acknowledged || g->severity == SEV_ERROR) ? strmap_get(docs, g->file) : NULL;
      if (!k)
        continue;
      if (pass == 0)
        count[*k]++;
      else
        out[*k].items[out[*k].n++] = g;
    }
    for (int i = 0; pass == 0 && i < c->docs.len; i++)
      out[i].items = arena_alloc(c->arena, sizeof(Diag *) * (size_t)(count[i] + 1));
  }
  for (int i = 0; i < c->docs.len; i++) {
    int *k = strmap_get(docs, ((Document *)c->docs.items[i])->src->path);
    if (*k != i) /* the same file twice: the same defects */
      out[i] = out[*k];
    else
      qsort(out[i].items, (size_t)out[i].n, sizeof(Diag *), compare_defects);
  }
}

static int document_index(const Build *bd, const Document *doc) {
  for (int i = 0; i < bd->c->docs.len; i++)
    if (bd->c->docs.items[i] == doc)
      return i;
  return 0;
}

static Part *add_part(Book *b, PartKind kind, Document *doc, const char *title, Galley *shared) {
  Part *p = calloc(1, sizeof *p);
  if (!p) {
    fputs("termc: out of memory\n", stderr);
    exit(2);
  }
  *p = (Part){.kind = kind, .doc = doc, .title = title, .g = shared, .shared = shared != NULL};
  b->parts = pdf_grow(b->parts, &b->capparts, b->nparts + 1, sizeof(Part *));
  b->parts[b->nparts++] = p;
  return p;
}

/* The parts of text i, in book order. */
static void add_document(Book *b, Build *bd, int i) {
  Document *doc = bd->c->docs.items[i];
  add_part(b, PART_FRONT, doc, "Sommaire", NULL);
  add_part(b, PART_BODY, doc, NULL, bd->bodies[i]);
  add_part(b, PART_CLAUSES, doc, "Index des clauses", NULL);
  add_part(b, PART_TERMS, doc, "Index des termes définis", NULL);
  if (bd->defects[i].n > 0)
    add_part(b, PART_DEFECTS, doc, "Défauts relevés", NULL);
}

/* The galley of a part that is set per book, once the parts before it
 * are paginated. */
static void set_part(Build *bd, Typesetter *ts, Book *b, int i) {
  Part *p = b->parts[i];
  p->g = galley_new();
  if (p->kind == PART_COVER) {
    Part **fronts = calloc((size_t)b->nparts, sizeof(Part *));
    int n = 0;
    for (int k = 0; fronts && k < b->nparts; k++)
      if (b->parts[k]->kind == PART_FRONT)
        fronts[n++] = b->parts[k];
    cover_galley(ts, fronts, n, p->g);
    free(fronts);
  } else if (p->kind == PART_FRONT) {
    Part *back[4] = {p};
    int n = 1;
    for (int k = i + 1; k < b->nparts && b->parts[k]->kind != PART_FRONT && n < 4; k++)
      if (b->parts[k]->kind != PART_BODY)
        back[n++] = b->parts[k];
    front_galley(ts, p->doc, back, n, p->g);
  } else if (p->kind == PART_CLAUSES) {
    clause_index_galley(ts, p->doc, p, b->dests, p->g);
  } else if (p->kind == PART_TERMS) {
    const Part *body = b->parts[i - 2]; /* front, body, clauses, terms */
    term_index_galley(ts, p->doc, p, body, b->dests, p->g);
  } else if (p->kind == PART_DEFECTS) {
    defects_galley(ts, &bd->defects[document_index(bd, p->doc)], p, b->dests, p->g);
  }
}

/* Sets and paginates the parts in order, each from a new page. */
static void lay_out(Build *bd, Typesetter *ts, Book *b) {
  b->dests = dests_new();
  for (int i = 0; i < b->nparts; i++) {
    Part *p = b->parts[i];
    if (!p->g)
      set_part(bd, ts, b, i);
    int cap = 0;
    p->place = pdf_grow(NULL, &cap, p->g->nlines + 1, sizeof(Place));
    p->first_page = b->npages;
    p->npages = paginate(p->g, TEXT_HEIGHT, p->first_page, p->place);
    b->npages += p->npages;
    dests_add_galley(b->dests, p->g, p->place);
  }
}

/* s, cut at a word and ended with « … » if it is wider than the page
 * (only its first 300 bytes are considered: a title, not a paragraph). */
static const char *fit(Typesetter *ts, Arena *a, const char *s, FontSlot font, double size) {
  size_t len = strlen(s);
  if (len < 300 && ts_width(ts, s, len, font, size) <= TEXT_WIDTH)
    return s;
  len = len < 300 ? len : 300;
  while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
    len--;
  while (len > 0) {
    while (len > 0 && s[len - 1] != ' ')
      len--;
    while (len > 0 && s[len - 1] == ' ')
      len--;
    const char *cut = arena_printf(a, "%.*s…", (int)len, s);
    if (ts_width(ts, cut, strlen(cut), font, size) <= TEXT_WIDTH)
      return cut;
  }
  return "…";
}

/* Centred text on a new line of the furniture galley (none for NULL). */
static void furniture_line(Typesetter *ts, Galley *f, const char *s, FontSlot font) {
  int line = galley_add(f, &(Line){.kind = LINE_TEXT, .ascent = 8, .descent = 2});
  if (!s)
    return;
  s = fit(ts, f->arena, s, font, 9);
  double w = ts_width(ts, s, strlen(s), font, 9);
  ts_run(ts, f, line, (TEXT_WIDTH - w) / 2, s, strlen(s), font, 9, COLOR_GREY,
         target(TARGET_NONE, NULL));
}

/* Running head (the text's title; none on a title page) and foot (« page
 * n / N ») of every page. */
static void furniture(Typesetter *ts, Book *b) {
  b->furniture = galley_new();
  for (int i = 0; i < b->nparts; i++) {
    const Part *p = b->parts[i];
    for (int page = p->first_page; page < p->first_page + p->npages; page++) {
      bool title_page = page == p->first_page && (p->kind == PART_FRONT || p->kind == PART_COVER);
      const char *head = p->doc ? p->doc->title : b->title;
      furniture_line(ts, b->furniture, title_page ? NULL : head, FONT_ITALIC);
      furniture_line(ts, b->furniture,
                     arena_printf(b->furniture->arena, "page %d / %d", page + 1, b->npages),
                     FONT_REGULAR);
    }
  }
}

static void free_book(Book *b) {
  for (int i = 0; i < b->nparts; i++) {
    Part *p = b->parts[i];
    if (!p->shared)
      galley_free(p->g);
    free(p->place);
    free(p);
  }
  free(b->parts);
  dests_free(b->dests);
  galley_free(b->furniture);
  memset(b, 0, sizeof *b);
}

/* Book 0 is the corpus; book i is text i - 1.  Laid out, and the
 * characters it draws noted in used. */
static void layout_book(Build *bd, Typesetter *ts, int job, uint8_t *used[FONT__COUNT]) {
  Book *b = &bd->books[job];
  b->title = "Corpus";
  if (job == 0) {
    add_part(b, PART_COVER, NULL, "Corpus", NULL);
    for (int i = 0; i < bd->c->docs.len; i++)
      add_document(b, bd, i);
  } else {
    b->title = ((Document *)bd->c->docs.items[job - 1])->title;
    add_document(b, bd, job - 1);
  }
  lay_out(bd, ts, b);
  furniture(ts, b);
  for (int i = 0; i < b->nparts; i++)
    if (!b->parts[i]->shared) /* the bodies were noted when typeset */
      galley_mark_used(b->parts[i]->g, used);
  galley_mark_used(b->furniture, used);
}

/* Draws and writes book number job; a failure is kept for the main thread
 * to report (diagnostics are not thread-safe). */
static void write_book(Build *bd, int job) {
  Book *b = &bd->books[job];
  for (int i = 0; i < b->nparts; i++)
    if (b->parts[i]->shared)
      b->parts[i]->drawn = &bd->drawn[document_index(bd, b->parts[i]->doc)];
  if (!draw_book(b, &bd->em, bd->fonts, bd->paths[job], bd->errors[job], sizeof bd->errors[job]) &&
      !bd->errors[job][0])
    snprintf(bd->errors[job], sizeof bd->errors[job], "échec de l’écriture");
  free_book(b);
}

/* Typesets the body of text i once, for both books that show it, and
 * paginates it from page 0 (a book offsets it). */
static void run_body(Build *bd, Worker *w, int i) {
  Galley *g = galley_new();
  body_galley(w->ts, bd->c->docs.items[i], &bd->defects[i], g);
  int cap = 0;
  bd->body_place[i] = pdf_grow(NULL, &cap, g->nlines + 1, sizeof(Place));
  bd->body_pages[i] = paginate(g, TEXT_HEIGHT, 0, bd->body_place[i]);
  galley_mark_used(g, w->used);
  bd->bodies[i] = g;
}

/* Draws the pages of body i, once for both books; its lines are not needed
 * any more (the books are laid out), only their operators and links. */
static void draw_body_job(Build *bd, int i) {
  draw_body(bd->bodies[i], bd->body_place[i], bd->body_pages[i], &bd->em, bd->fonts,
            &bd->drawn[i]);
  Galley *g = bd->bodies[i];
  arena_free(g->arena); /* the runs and their texts */
  g->arena = arena_new();
  free(g->lines);
  g->lines = NULL;
  g->caplines = 0;
  free(bd->body_place[i]);
  bd->body_place[i] = NULL;
}

/* Text i's turn: its book laid out while its body's lines are there,
 * the body drawn and its lines freed, the book written and freed. */
static void run_text(Build *bd, Worker *w, int i) {
  uint8_t *used[FONT__COUNT] = {0};
  layout_book(bd, w->ts, i + 1, used);
  bool covered = embedded_covers(&bd->em, used);
  for (int f = 0; f < FONT__COUNT; f++)
    free(used[f]);
  draw_body_job(bd, i);
  if (covered) {
    write_book(bd, i + 1);
  } else { /* a bug of termc's, said rather than drawn as blank glyphs */
    snprintf(bd->errors[i + 1], sizeof bd->errors[i + 1],
             "erreur interne : un caractère de ce livre manque aux polices incorporées");
    free_book(&bd->books[i + 1]);
  }
}

static void *worker(void *arg) {
  Build *bd = ((void **)arg)[0];
  Worker *w = ((void **)arg)[1];
  for (;;) {
    pthread_mutex_lock(&bd->lock);
    int job = bd->next++;
    pthread_mutex_unlock(&bd->lock);
    if (job >= bd->njobs)
      break;
    switch (bd->round) {
    case ROUND_BODIES: run_body(bd, w, job); break;
    case ROUND_CORPUS_LAYOUT: layout_book(bd, w->ts, 0, w->used); break;
    case ROUND_TEXTS: run_text(bd, w, job); break;
    case ROUND_CORPUS: write_book(bd, 0); break;
    }
  }
  return NULL;
}

/* Runs njobs jobs of a round on the processors: the jobs are independent,
 * and each writes only its own slots, so the output is the same whatever
 * the order they finish in. */
static void run_jobs(Build *bd, Round round, int njobs) {
  int nthreads = bd->nworkers > njobs ? njobs : bd->nworkers;
  bd->round = round;
  bd->next = 0;
  bd->njobs = njobs;
  pthread_t threads[MAX_THREADS];
  void *args[MAX_THREADS][2];
  int started = 0;
  for (int t = 1; t < nthreads; t++) {
    args[t][0] = bd, args[t][1] = &bd->workers[t];
    if (pthread_create(&threads[started], NULL, worker, args[t]) == 0)
      started++;
  }
  args[0][0] = bd, args[0][1] = &bd->workers[0];
  worker(args[0]); /* this thread works too */
  for (int t = 0; t < started; t++)
    pthread_join(threads[t], NULL);
}

/* The characters every book draws, per face: the union of what the
 * workers noted. */
static bool fonts_of_build(Build *bd) {
  uint8_t *used[FONT__COUNT] = {0};
  for (int w = 0; w < bd->nworkers; w++)
    for (int f = 0; f < FONT__COUNT; f++) {
      if (!bd->workers[w].used[f])
        continue;
      if (!used[f]) {
        used[f] = bd->workers[w].used[f];
        bd->workers[w].used[f] = NULL;
        continue;
      }
      for (int i = 0; i < 8192; i++)
        used[f][i] |= bd->workers[w].used[f][i];
    }
  bool ok = embed_fonts(&bd->em, bd->fonts, used, bd->errors[0], sizeof bd->errors[0]);
  for (int f = 0; f < FONT__COUNT; f++)
    free(used[f]);
  return ok;
}

static void release(Build *bd) {
  int n = bd->c->docs.len;
  for (int i = 0; bd->books && i <= n; i++)
    free_book(&bd->books[i]);
  for (int i = 0; bd->bodies && i < n; i++)
    galley_free(bd->bodies[i]);
  for (int i = 0; bd->body_place && i < n; i++)
    free(bd->body_place[i]);
  for (int i = 0; bd->drawn && i < n; i++)
    body_pages_free(&bd->drawn[i]);
  for (int w = 0; w < bd->nworkers; w++) {
    ts_free(bd->workers[w].ts);
    for (int f = 0; f < FONT__COUNT; f++)
      free(bd->workers[w].used[f]);
  }
  free(bd->books);
  free(bd->bodies);
  free(bd->body_place);
  free(bd->body_pages);
  free(bd->drawn);
  free(bd->defects);
  free(bd->errors);
  embedded_free(&bd->em);
  hyphenator_close(bd->hy);
  fonts_close(bd->fonts);
  pthread_mutex_destroy(&bd->lock);
}

/* A text named « corpus » would collide with the corpus: its PDF takes
 * another name. */
static const char *document_file(Arena *a, const Document *doc) {
  return strcmp(doc->id, "corpus") == 0 ? "corpus-texte.pdf" : arena_printf(a, "%s.pdf", doc->id);
}

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p) {
    fputs("termc: out of memory\n", stderr);
    exit(2);
  }
  return p;
}

/* Everything the workers need, prepared on this thread: fonts (every face
 * opened now, so that none is opened concurrently), hyphenation, each
 * text's defects, each book's path, each worker's typesetter. */
static bool prepare(Build *bd) {
  Compilation *c = bd->c;
  const char *missing = NULL;
  bd->fonts = fonts_open(&missing);
  if (!bd->fonts) {
    diag_report(&c->diags, D_OUTPUT_ERROR, missing, (Pos){0, 0},
                "police introuvable : installez le paquet Debian fonts-liberation2");
    return false;
  }
  for (int slot = 0; slot < FONT__COUNT; slot++)
    fonts_face(bd->fonts, slot);
  bd->hy = hyphenator_open(HYPHEN_FR_DIC);
  if (!bd->hy)
    fprintf(stderr, "termc: %s not found (Debian package hyphen-fr): PDFs are not hyphenated\n",
            HYPHEN_FR_DIC);
  int n = c->docs.len;
  bd->bodies = xcalloc((size_t)n, sizeof(Galley *));
  bd->body_place = xcalloc((size_t)n, sizeof(Place *));
  bd->body_pages = xcalloc((size_t)n, sizeof(int));
  bd->drawn = xcalloc((size_t)n, sizeof(BodyPages));
  bd->defects = xcalloc((size_t)n, sizeof(Defects));
  bd->books = xcalloc((size_t)n + 1, sizeof(Book));
  bd->errors = xcalloc((size_t)n + 1, sizeof *bd->errors);
  bd->paths = arena_alloc(c->arena, sizeof(char *) * (size_t)(n + 1));
  bd->paths[0] = arena_printf(c->arena, "%s/corpus.pdf", bd->dir);
  collect_defects(c, bd->defects);
  for (int i = 0; i < n; i++)
    bd->paths[i + 1] = arena_printf(c->arena, "%s/%s", bd->dir, document_file(c->arena, c->docs.items[i]));
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  bd->nworkers = cpus < 1 ? 1 : cpus > MAX_THREADS ? MAX_THREADS : (int)cpus;
  for (int w = 0; w < bd->nworkers; w++)
    bd->workers[w].ts = ts_new(bd->fonts, bd->hy);
  return true;
}

bool pdf_build(Compilation *c, const char *dir, const BuildOptions *o) {
  (void)o;
  Build bd = {.c = c, .dir = arena_printf(c->arena, "%s/pdf", dir)};
  if (mkdir(bd.dir, 0755) != 0 && errno != EEXIST) {
    diag_report(&c->diags, D_OUTPUT_ERROR, bd.dir, (Pos){0, 0}, "impossible de créer le dossier : %s",
                strerror(errno));
    return false;
  }
  pthread_mutex_init(&bd.lock, NULL);
  bool ok = prepare(&bd);
  if (ok) {
    run_jobs(&bd, ROUND_BODIES, c->docs.len);
    run_jobs(&bd, ROUND_CORPUS_LAYOUT, 1);
    ok = fonts_of_build(&bd);
    if (!ok)
      diag_report(&c->diags, D_OUTPUT_ERROR, bd.paths[0], (Pos){0, 0}, "%s", bd.errors[0]);
  }
  if (ok) {
    run_jobs(&bd, ROUND_TEXTS, c->docs.len);
    run_jobs(&bd, ROUND_CORPUS, 1);
  }
  for (int i = 1; ok && i <= c->docs.len + 1; i++) { /* the texts, then the corpus */
    int job = i % (c->docs.len + 1);
    if (bd.errors[job][0]) {
      diag_report(&c->diags, D_OUTPUT_ERROR, bd.paths[job], (Pos){0, 0}, "%s", bd.errors[job]);
      ok = false;
    }
  }
  release(&bd);
  return ok;
}
