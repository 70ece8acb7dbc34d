/*
 * test_layout.c — cutting a galley into pages: breaks only where a line
 * allows one, progress when nothing allows one; where targets land.
 */
#include "unit.h"

#include <stdlib.h>

#include "pdf.h"

/* n lines of height 10, breakable unless listed in keep. */
static Galley *lines(int n, const int *keep, int nkeep) {
  Galley *g = galley_new();
  for (int i = 0; i < n; i++)
    galley_add(g, &(Line){.kind = LINE_TEXT, .height = 10, .ascent = 8, .descent = 2});
  for (int k = 0; k < nkeep; k++)
    g->lines[keep[k]].keep = true;
  return g;
}

static Place *paginated(Galley *g, double height, int *pages) {
  Place *place = calloc((size_t)g->nlines, sizeof(Place));
  *pages = paginate(g, height, 0, place);
  return place;
}

START_TEST(test_fill_pages) {
  Galley *g = lines(10, NULL, 0);
  int pages;
  Place *p = paginated(g, 40, &pages); /* 8 + 10 + 10 + 10 + descent 2 = 40 */
  ck_assert_int_eq(p[3].page, 0);
  ck_assert_int_eq(p[4].page, 1);
  ck_assert_double_eq_tol(p[0].y, 8, 1e-9);  /* first baseline: the ascent */
  ck_assert_double_eq_tol(p[1].y, 18, 1e-9);
  ck_assert_int_eq(pages, 3);
  free(p);
  galley_free(g);
}
END_TEST

/* A page may not end after a kept line: a heading (line 3) goes over with
 * the two lines it keeps with it. */
START_TEST(test_keep_with_next) {
  int keep[] = {3, 4};
  Galley *g = lines(10, keep, 2);
  int pages;
  Place *p = paginated(g, 50, &pages); /* room for 5 lines */
  ck_assert_int_eq(p[2].page, 0);
  ck_assert_int_eq(p[3].page, 1); /* the page breaks after line 2 */
  ck_assert_int_eq(p[5].page, 1);
  free(p);
  galley_free(g);
}
END_TEST

/* A block longer than a page breaks where it must, and every line is
 * placed once, on a page that follows the previous line's. */
START_TEST(test_unbreakable_block) {
  int keep[20];
  for (int i = 0; i < 20; i++)
    keep[i] = i;
  Galley *g = lines(21, keep, 20);
  int pages;
  Place *p = paginated(g, 50, &pages);
  for (int i = 1; i < 21; i++)
    ck_assert_int_ge(p[i].page, p[i - 1].page);
  ck_assert_int_ge(pages, 4);
  free(p);
  galley_free(g);
}
END_TEST

/* Space above a line is dropped at the top of a page. */
START_TEST(test_space_above_dropped) {
  Galley *g = lines(4, NULL, 0);
  g->lines[2].above = 30;
  int pages;
  Place *p = paginated(g, 30, &pages);
  ck_assert_int_eq(p[2].page, 1);
  ck_assert_double_eq_tol(p[2].y, 8, 1e-9);
  free(p);
  galley_free(g);
}
END_TEST

START_TEST(test_destinations) {
  Galley *g = lines(3, NULL, 0);
  int x, y;
  galley_anchor(g, 2, target(TARGET_CLAUSE, &x));
  galley_anchor(g, 1, target(TARGET_CLAUSE, &y));
  galley_anchor(g, 0, target(TARGET_CLAUSE, &x)); /* the first place wins */
  int pages;
  Place *p = paginated(g, 100, &pages);
  DestMap *m = dests_new();
  dests_add_galley(m, g, p);
  Dest d;
  ck_assert(dests_get(m, target(TARGET_CLAUSE, &x), &d));
  ck_assert_double_eq_tol(d.y, p[2].y - 8, 1e-9);
  ck_assert(dests_get(m, target(TARGET_CLAUSE, &y), &d));
  ck_assert(!dests_get(m, target(TARGET_TERM, &y), &d));
  for (int i = 0; i < 1000; i++) /* growth */
    dests_put(m, (Target){.kind = TARGET_PAGE, .n = i}, (Dest){i, 0});
  ck_assert(dests_get(m, (Target){.kind = TARGET_PAGE, .n = 777}, &d));
  ck_assert_int_eq(d.page, 777);
  dests_free(m);
  free(p);
  galley_free(g);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("layout");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_fill_pages);
  tcase_add_test(tc, test_keep_with_next);
  tcase_add_test(tc, test_unbreakable_block);
  tcase_add_test(tc, test_space_above_dropped);
  tcase_add_test(tc, test_destinations);
  suite_add_tcase(s, tc);
  return s;
}
