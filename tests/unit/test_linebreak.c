/*
 * test_linebreak.c — the total-fit line breaker on known paragraphs.
 *
 * The optimality check compares linebreak() with a brute-force oracle that
 * tries every set of breaks of small random paragraphs; with adjacent-line
 * demerits off, both minimise the same sum, so they must agree exactly.
 */
#include "unit.h"

#include <math.h>
#include <stdlib.h>

#include "pdf.h"

/* A paragraph of boxes of the given widths, separated by glue of width 1
 * (stretch st, shrink sh), ended by TeX's \parfillskip and a forced break. */
static int words(LbItem *items, const double *w, int nw, double st, double sh) {
  int n = 0;
  for (int i = 0; i < nw; i++) {
    if (i > 0)
      items[n++] = (LbItem){.kind = LB_GLUE, .width = 1, .stretch = st, .shrink = sh};
    items[n++] = (LbItem){.kind = LB_BOX, .width = w[i]};
  }
  items[n++] = (LbItem){.kind = LB_PENALTY, .penalty = LB_INF};
  items[n++] = (LbItem){.kind = LB_GLUE, .stretch = 1e6};
  items[n++] = (LbItem){.kind = LB_PENALTY, .penalty = -LB_INF};
  return n;
}

static LbParams simple(double width) {
  LbParams p = lb_defaults(width);
  p.adj_demerits = 0;
  return p;
}

START_TEST(test_exact_fit) {
  LbItem items[32];
  double w[] = {3, 3, 3, 3};
  int n = words(items, w, 4, 1, 0.5);
  LbParams p = simple(7);
  int *br;
  int lines = linebreak(items, n, &p, &br);
  ck_assert_int_eq(lines, 2);
  ck_assert_int_eq(br[0], 3); /* the glue after the second word */
  ck_assert_int_eq(br[1], n - 1);
  free(br);
}
END_TEST

/* The oracle: the least total demerits over every set of breaks at glue. */
typedef struct Oracle {
  const LbItem *items;
  int n;
  const LbParams *p;
  double best;
} Oracle;

static double line_cost(const Oracle *o, int from, int to) {
  double r = lb_ratio(o->items, from, to, o->p->width, 0);
  double nat = 0, sh = 0, st = 0;
  for (int i = from; i < to; i++)
    if (o->items[i].kind != LB_PENALTY) {
      nat += o->items[i].width;
      if (o->items[i].kind == LB_GLUE)
        st += o->items[i].stretch, sh += o->items[i].shrink;
    }
  if (nat > o->p->width && (sh == 0 || (nat - o->p->width) / sh > 1))
    return INFINITY;
  double b = fabs(r) > 4.6 ? 10000 : fmin(10000, 100 * fabs(r * r * r));
  if (nat < o->p->width && st == 0)
    b = 10000;
  if (o->p->tolerance >= 0 && b > o->p->tolerance)
    return INFINITY;
  return (o->p->line_penalty + b) * (o->p->line_penalty + b);
}

static void search(Oracle *o, int from, double sofar) {
  for (int b = from; b < o->n; b++) {
    bool legal = (o->items[b].kind == LB_GLUE && o->items[b - 1].kind == LB_BOX &&
                  b < o->n - 3) ||
                 b == o->n - 1;
    if (!legal)
      continue;
    double c = line_cost(o, from, b);
    if (isinf(c))
      continue;
    if (b == o->n - 1)
      o->best = fmin(o->best, sofar + c);
    else
      search(o, lb_line_start(o->items, o->n, b), sofar + c);
  }
}

static double demerits_of(const LbItem *items, int n, const LbParams *p, const int *br, int lines) {
  Oracle o = {items, n, p, 0};
  double d = 0;
  int from = 0;
  for (int l = 0; l < lines; l++) {
    d += line_cost(&o, from, br[l]);
    from = lb_line_start(items, n, br[l]);
  }
  return d;
}

/* First fit: as many words on each line as fit, shrinking if need be. */
static int first_fit(const LbItem *items, int n, double width, int *br) {
  int lines = 0, from = 0;
  while (from < n - 1) {
    int last = -1;
    for (int b = from + 1; b < n; b++) {
      bool legal = (items[b].kind == LB_GLUE && items[b - 1].kind == LB_BOX && b < n - 3) ||
                   b == n - 1;
      if (!legal)
        continue;
      if (lb_ratio(items, from, b, width, 0) < -1 && last >= 0)
        break;
      last = b;
    }
    br[lines++] = last;
    from = lb_line_start(items, n, last);
  }
  return lines;
}

/* Total fit is never worse than first fit, and often better: it moves words
 * back to even out a loose line that first fit leaves behind. */
START_TEST(test_total_fit_beats_first_fit) {
  srand(4242);
  int better = 0;
  for (int round = 0; round < 200; round++) {
    LbItem items[128];
    double w[40];
    int nw = 8 + rand() % 30;
    for (int i = 0; i < nw; i++)
      w[i] = 1 + rand() % 7;
    int n = words(items, w, nw, 1, 0.4);
    LbParams p = simple(16);
    p.tolerance = -1;
    int ffbr[128], *br;
    int fflines = first_fit(items, n, p.width, ffbr);
    int lines = linebreak(items, n, &p, &br);
    ck_assert_int_gt(lines, 0);
    double d = demerits_of(items, n, &p, br, lines);
    double dff = demerits_of(items, n, &p, ffbr, fflines);
    ck_assert_msg(d <= dff + 1e-6, "round %d: total fit %f worse than first fit %f", round, d, dff);
    better += d < dff - 1e-6;
    free(br);
  }
  ck_assert_int_gt(better, 20);
}
END_TEST

START_TEST(test_optimal_on_random_paragraphs) {
  srand(12345);
  for (int round = 0; round < 300; round++) {
    LbItem items[64];
    double w[12];
    int nw = 3 + rand() % 10;
    for (int i = 0; i < nw; i++)
      w[i] = 1 + rand() % 6;
    int n = words(items, w, nw, 1 + rand() % 2, 0.4);
    LbParams p = simple(8 + rand() % 8);
    p.tolerance = 1000;
    Oracle o = {items, n, &p, INFINITY};
    search(&o, 0, 0);
    int *br;
    int lines = linebreak(items, n, &p, &br);
    if (isinf(o.best)) {
      ck_assert_msg(lines == -1, "round %d: breaker found lines the oracle says are infeasible", round);
      continue;
    }
    ck_assert_msg(lines > 0, "round %d: breaker failed, oracle found %f", round, o.best);
    double d = demerits_of(items, n, &p, br, lines);
    ck_assert_msg(fabs(d - o.best) < 1e-6, "round %d: demerits %f, optimum %f", round, d, o.best);
    free(br);
  }
}
END_TEST

/* Whatever the tolerance, no line may be wider than the measure. */
START_TEST(test_no_overfull_line) {
  srand(777);
  for (int round = 0; round < 200; round++) {
    LbItem items[256];
    double w[80];
    int nw = 10 + rand() % 70;
    for (int i = 0; i < nw; i++)
      w[i] = 1 + rand() % 9;
    int n = words(items, w, nw, 1, 0.3);
    LbParams p = lb_defaults(20);
    p.tolerance = -1;
    int *br;
    int lines = linebreak(items, n, &p, &br);
    ck_assert_int_gt(lines, 0);
    int from = 0;
    for (int l = 0; l < lines; l++) {
      ck_assert_msg(lb_ratio(items, from, br[l], p.width, 0) >= -1 - 1e-9, "line %d overfull", l);
      from = lb_line_start(items, n, br[l]);
    }
    free(br);
  }
}
END_TEST

START_TEST(test_forced_and_forbidden_breaks) {
  LbItem items[32];
  int n = 0;
  double w[] = {2, 2, 2, 2, 2, 2};
  for (int i = 0; i < 6; i++) {
    if (i == 3) { /* a hard line break after the third word */
      items[n++] = (LbItem){.kind = LB_GLUE, .stretch = 1e6};
      items[n++] = (LbItem){.kind = LB_PENALTY, .penalty = -LB_INF};
    } else if (i > 0) {
      /* the space before the second word may not break */
      int pen = i == 1 ? LB_INF : 0;
      items[n++] = (LbItem){.kind = LB_GLUE, .width = 1, .stretch = 1, .shrink = 0.3, .penalty = pen};
    }
    items[n++] = (LbItem){.kind = LB_BOX, .width = w[i]};
  }
  items[n++] = (LbItem){.kind = LB_GLUE, .stretch = 1e6};
  items[n++] = (LbItem){.kind = LB_PENALTY, .penalty = -LB_INF};
  LbParams p = lb_defaults(5);
  p.tolerance = -1;
  int *br;
  int lines = linebreak(items, n, &p, &br);
  ck_assert_int_gt(lines, 2);
  bool forced = false;
  for (int l = 0; l < lines; l++) {
    ck_assert_int_ne(br[l], 1); /* never at the unbreakable space */
    forced |= items[br[l]].kind == LB_PENALTY && br[l] != n - 1;
  }
  ck_assert(forced);
  free(br);
}
END_TEST

START_TEST(test_infeasible) {
  LbItem items[8];
  double w[] = {30};
  int n = words(items, w, 1, 1, 0.3);
  LbParams p = lb_defaults(10);
  p.tolerance = -1;
  int *br;
  ck_assert_int_eq(linebreak(items, n, &p, &br), -1);
  ck_assert_ptr_null(br);
  /* a paragraph that does not end with a forced break is refused */
  ck_assert_int_eq(linebreak(items, n - 1, &p, &br), -1);
}
END_TEST

/* A hyphen costs something: the breaker avoids it when spacing allows. */
START_TEST(test_hyphen_only_when_needed) {
  LbItem items[16];
  int n = 0;
  items[n++] = (LbItem){.kind = LB_BOX, .width = 4};
  items[n++] = (LbItem){.kind = LB_GLUE, .width = 1, .stretch = 1, .shrink = 0.3};
  items[n++] = (LbItem){.kind = LB_BOX, .width = 3};
  items[n++] = (LbItem){.kind = LB_PENALTY, .width = 0.5, .penalty = 50, .flagged = true};
  items[n++] = (LbItem){.kind = LB_BOX, .width = 3};
  items[n++] = (LbItem){.kind = LB_PENALTY, .penalty = LB_INF};
  items[n++] = (LbItem){.kind = LB_GLUE, .stretch = 1e6};
  items[n++] = (LbItem){.kind = LB_PENALTY, .penalty = -LB_INF};
  LbParams p = lb_defaults(11); /* the whole fits: no hyphen */
  int *br;
  ck_assert_int_eq(linebreak(items, n, &p, &br), 1);
  free(br);
  p = lb_defaults(8.5); /* « xxxx yyy- » is a perfect fit */
  ck_assert_int_eq(linebreak(items, n, &p, &br), 2);
  ck_assert_int_eq(br[0], 3);
  free(br);
}
END_TEST

START_TEST(test_first_line_width) {
  LbItem items[64];
  double w[] = {3, 3, 3, 3, 3, 3};
  int n = words(items, w, 6, 1, 0.3);
  double first[] = {3};
  LbParams p = lb_defaults(7);
  p.widths = first;
  p.nwidths = 1;
  int *br;
  int lines = linebreak(items, n, &p, &br);
  ck_assert_int_eq(lines, 4); /* « a » / « b c » / « d e » / « f » */
  ck_assert_int_eq(br[0], 1); /* one word on the narrow first line */
  ck_assert_int_eq(br[1], 5);
  free(br);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("linebreak");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_exact_fit);
  tcase_add_test(tc, test_total_fit_beats_first_fit);
  tcase_add_test(tc, test_optimal_on_random_paragraphs);
  tcase_add_test(tc, test_no_overfull_line);
  tcase_add_test(tc, test_forced_and_forbidden_breaks);
  tcase_add_test(tc, test_infeasible);
  tcase_add_test(tc, test_hyphen_only_when_needed);
  tcase_add_test(tc, test_first_line_width);
  suite_add_tcase(s, tc);
  return s;
}
