/*
 * linebreak.c — total-fit line breaking, after Knuth and Plass, « Breaking
 * Paragraphs into Lines » (Software—Practice and Experience 11, 1981).
 *
 * A paragraph is a list of boxes (words or pieces of words), glue (spaces
 * that stretch and shrink) and penalties (places where a break costs
 * something: a hyphen, or nothing at all to forbid or force a break).  A
 * first-fit breaker fills each line in turn and leaves the bad lines to the
 * end of the paragraph; total fit chooses the breaks of the whole paragraph
 * at once, minimising the sum of each line's « demerits », so that spacing is
 * even from the first line to the last.  This is what makes a justified
 * page look typeset rather than dumped.
 *
 * The algorithm keeps the « active » breakpoints: the places a line could
 * start from.  Each legal breakpoint is tried against every active one; a
 * line that would have to shrink more than its glue allows retires the
 * active breakpoint for good, and the best way of reaching each breakpoint
 * (per fitness class, so that a tight line is not followed by a loose one)
 * becomes a new active breakpoint.  With a finite tolerance the active list
 * stays short (about one line's worth of words), so time is linear in the
 * paragraph's length.
 *
 * One generalisation of TeX: a glue item carries its own penalty, so that an
 * unbreakable space (before « : » or after « ») is a single item.
 */
#include "pdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Line widths beyond this many distinct first lines are all p->width. */
#define LB_MAX_WIDTHS 4
#define NCLASSES 4

typedef struct Node {
  int pos;           /* the item a line ends at; -1 for the paragraph start */
  int line;          /* lines before the one starting here */
  int fitness;       /* 0 tight, 1 decent, 2 loose, 3 very loose */
  bool flagged;      /* ends at a hyphen */
  double tw, ty, tz; /* width, stretch, shrink before the next line's first item */
  double demerits;   /* total, from the paragraph start */
  int prev;          /* node of the previous break, -1 */
} Node;

/* The working state of one paragraph: every node ever created (to trace
 * the best path back), and the indices of the active ones, in item order. */
typedef struct Breaker {
  const LbItem *items;
  int n;
  const LbParams *p;
  Node *nodes;
  int nnodes, capnodes;
  int *active;
  int nactive, capactive;
  double sw, sy, sz; /* totals of the items before the current one */
} Breaker;

/* Out of memory in the middle of a paragraph cannot be reported usefully:
 * stop, as the rest of termc does. */
static void *grow(void *p, int *cap, int need, size_t size) {
  if (need <= *cap)
    return p;
  int cap2 = *cap ? *cap * 2 : 64;
  while (cap2 < need)
    cap2 *= 2;
  void *q = realloc(p, (size_t)cap2 * size);
  if (!q) {
    fputs("termc: out of memory\n", stderr);
    exit(2);
  }
  *cap = cap2;
  return q;
}

LbParams lb_defaults(double width) {
  return (LbParams){
      .tolerance = 200,
      .line_penalty = 10,
      .adj_demerits = 10000,
      .double_hyphen_demerits = 10000,
      .final_hyphen_demerits = 5000,
      .width = width,
  };
}

double lb_line_width(const LbParams *p, int line) {
  return line < p->nwidths ? p->widths[line] : p->width;
}

/* TeX's badness: 100 r³, capped at 10 000 (« infinitely bad »). */
static double badness(double r) {
  if (isinf(r) || fabs(r) > 4.6)
    return 10000;
  double b = 100 * fabs(r * r * r);
  return b > 10000 ? 10000 : b;
}

static int fitness_class(double r) {
  if (r < -0.5)
    return 0;
  if (r <= 0.5)
    return 1;
  if (r <= 1)
    return 2;
  return 3;
}

/* The adjustment ratio of a line from active node a to a break at b. */
static double ratio_to(const Breaker *k, const Node *a, int b) {
  const LbItem *it = &k->items[b];
  double width = lb_line_width(k->p, a->line);
  double nat = k->sw - a->tw + (it->kind == LB_PENALTY ? it->width : 0);
  if (nat < width) {
    double st = k->sy - a->ty + k->p->extra_stretch;
    return st > 0 ? (width - nat) / st : INFINITY;
  }
  if (nat > width) {
    double sh = k->sz - a->tz;
    return sh > 0 ? (width - nat) / sh : -INFINITY;
  }
  return 0;
}

static double line_demerits(const Breaker *k, const Node *a, int b, double r, int pi,
                            bool flagged) {
  const LbParams *p = k->p;
  double base = p->line_penalty + badness(r);
  double d = base * base;
  if (pi > 0)
    d += (double)pi * pi;
  else if (pi > -LB_INF)
    d -= (double)pi * pi;
  if (flagged && a->flagged)
    d += p->double_hyphen_demerits;
  if (a->flagged && b == k->n - 1)
    d += p->final_hyphen_demerits;
  if (abs(fitness_class(r) - a->fitness) > 1)
    d += p->adj_demerits;
  return d + a->demerits;
}

/* Width, stretch and shrink up to the first item of the line after a break
 * at b: the glue and penalties that a break discards. */
static void totals_after(const Breaker *k, int b, double *tw, double *ty, double *tz) {
  *tw = k->sw;
  *ty = k->sy;
  *tz = k->sz;
  for (int i = b; i < k->n; i++) {
    const LbItem *it = &k->items[i];
    if (it->kind == LB_BOX)
      break;
    if (it->kind == LB_PENALTY && it->penalty <= -LB_INF && i > b)
      break;
    if (it->kind == LB_GLUE) {
      *tw += it->width;
      *ty += it->stretch;
      *tz += it->shrink;
    }
  }
}

static void add_node(Breaker *k, Node node, int *next_active, int *nnext) {
  k->nodes = grow(k->nodes, &k->capnodes, k->nnodes + 1, sizeof(Node));
  k->nodes[k->nnodes] = node;
  next_active[(*nnext)++] = k->nnodes++;
}

/* The candidates for a break at b: the best way of reaching b from each
 * line class and fitness class. */
typedef struct Best {
  double d[LB_MAX_WIDTHS + 1][NCLASSES];
  int from[LB_MAX_WIDTHS + 1][NCLASSES];
  double min_d;
} Best;

/* Tries a break at b against every active node; retires the nodes from
 * which the line would overflow; adds the best new nodes. */
static void try_break(Breaker *k, int b, int pi, bool flagged) {
  Best best;
  best.min_d = INFINITY;
  for (int l = 0; l <= LB_MAX_WIDTHS; l++)
    for (int c = 0; c < NCLASSES; c++)
      best.d[l][c] = INFINITY, best.from[l][c] = -1;
  int kept = 0;
  for (int i = 0; i < k->nactive; i++) {
    Node *a = &k->nodes[k->active[i]];
    double r = ratio_to(k, a, b);
    if (r >= -1 && (k->p->tolerance < 0 || badness(r) <= k->p->tolerance)) {
      double d = line_demerits(k, a, b, r, pi, flagged);
      int lc = a->line < k->p->nwidths ? a->line : k->p->nwidths;
      lc = lc > LB_MAX_WIDTHS ? LB_MAX_WIDTHS : lc;
      int c = fitness_class(r);
      if (d < best.d[lc][c]) {
        best.d[lc][c] = d;
        best.from[lc][c] = k->active[i];
      }
      if (d < best.min_d)
        best.min_d = d;
    }
    if (!(r < -1 || pi <= -LB_INF))
      k->active[kept++] = k->active[i];
  }
  k->nactive = kept;
  if (isinf(best.min_d))
    return;
  double tw, ty, tz;
  totals_after(k, b, &tw, &ty, &tz);
  int room = k->nactive + (LB_MAX_WIDTHS + 1) * NCLASSES;
  k->active = grow(k->active, &k->capactive, room, sizeof(int));
  for (int l = 0; l <= LB_MAX_WIDTHS; l++)
    for (int c = 0; c < NCLASSES; c++) {
      if (best.from[l][c] < 0 || best.d[l][c] > best.min_d + k->p->adj_demerits)
        continue;
      const Node *from = &k->nodes[best.from[l][c]];
      Node node = {b, from->line + 1, c, flagged, tw, ty, tz, best.d[l][c], best.from[l][c]};
      add_node(k, node, k->active, &k->nactive);
    }
}

/* Walks the items, trying every legal breakpoint. */
static void scan(Breaker *k) {
  for (int b = 0; b < k->n && k->nactive > 0; b++) {
    const LbItem *it = &k->items[b];
    if (it->kind == LB_BOX) {
      k->sw += it->width;
    } else if (it->kind == LB_GLUE) {
      if (b > 0 && k->items[b - 1].kind == LB_BOX && it->penalty < LB_INF)
        try_break(k, b, it->penalty, false);
      k->sw += it->width;
      k->sy += it->stretch;
      k->sz += it->shrink;
    } else if (it->penalty < LB_INF) {
      try_break(k, b, it->penalty, it->flagged);
    }
  }
}

int linebreak(const LbItem *items, int n, const LbParams *p, int **breaks) {
  *breaks = NULL;
  if (n <= 0 || items[n - 1].kind != LB_PENALTY || items[n - 1].penalty > -LB_INF)
    return -1;
  Breaker k = {.items = items, .n = n, .p = p};
  Node start = {.pos = -1, .fitness = 1, .prev = -1};
  k.active = grow(NULL, &k.capactive, 1, sizeof(int));
  add_node(&k, start, k.active, &k.nactive);
  scan(&k);
  int best = -1;
  for (int i = 0; i < k.nactive; i++) {
    Node *a = &k.nodes[k.active[i]];
    if (a->pos == n - 1 && (best < 0 || a->demerits < k.nodes[best].demerits))
      best = k.active[i];
  }
  int nlines = -1;
  if (best >= 0) {
    nlines = k.nodes[best].line;
    *breaks = malloc(sizeof(int) * (size_t)nlines);
    if (!*breaks) {
      fputs("termc: out of memory\n", stderr);
      exit(2);
    }
    for (int node = best, l = nlines - 1; l >= 0; node = k.nodes[node].prev, l--)
      (*breaks)[l] = k.nodes[node].pos;
  }
  free(k.nodes);
  free(k.active);
  return nlines;
}

int lb_line_start(const LbItem *items, int n, int b) {
  int i = b + 1;
  while (i < n && items[i].kind != LB_BOX && !(items[i].kind == LB_PENALTY && items[i].penalty <= -LB_INF))
    i++;
  return i;
}

double lb_ratio(const LbItem *items, int from, int to, double width, double extra_stretch) {
  double nat = 0, st = extra_stretch, sh = 0;
  for (int i = from; i < to; i++) {
    if (items[i].kind == LB_PENALTY)
      continue;
    nat += items[i].width;
    if (items[i].kind == LB_GLUE) {
      st += items[i].stretch;
      sh += items[i].shrink;
    }
  }
  if (items[to].kind == LB_PENALTY)
    nat += items[to].width;
  if (nat < width)
    return st > 0 ? (width - nat) / st : 0;
  if (nat > width)
    return sh > 0 ? (width - nat) / sh : 0;
  return 0;
}
