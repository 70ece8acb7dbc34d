/*
 * test_hyphenate.c — French hyphenation points with hyphen-fr.
 */
#include "unit.h"

#include <stdio.h>

#include "pdf.h"

static Hyphenator *h;

static void setup(void) {
  h = hyphenator_open(HYPHEN_FR_DIC);
  ck_assert_msg(h != NULL, "cannot load %s (package hyphen-fr)", HYPHEN_FR_DIC);
}

static void teardown(void) { hyphenator_close(h); }

/* The word with a '-' at each point: « ré-gle-men-ta-tion ». */
static const char *hyphenated(const char *word) {
  static char out[256];
  int points[32];
  int n = hyphenate_word(h, word, strlen(word), points, 32);
  size_t o = 0, last = 0;
  for (int i = 0; i < n; i++) {
    memcpy(out + o, word + last, (size_t)points[i] - last);
    o += (size_t)points[i] - last;
    out[o++] = '-';
    last = (size_t)points[i];
  }
  strcpy(out + o, word + last);
  return out;
}

START_TEST(test_common_words) {
  ck_assert_str_eq(hyphenated("réglementation"), "ré-gle-men-ta-tion");
  ck_assert_str_eq(hyphenated("développement"), "dé-ve-lop-pe-ment");
  ck_assert_str_eq(hyphenated("téléchargement"), "té-lé-char-ge-ment");
  ck_assert_str_eq(hyphenated("anticonstitutionnellement"), "an-ti-cons-ti-tu-tion-nel-le-ment");
}
END_TEST

/* Three letters at least after the last hyphen: never « responsabili-té ». */
START_TEST(test_right_minimum) {
  ck_assert_str_eq(hyphenated("responsabilité"), "res-pon-sa-bi-lité");
}
END_TEST

START_TEST(test_elision) {
  ck_assert_str_eq(hyphenated("l’utilisation"), "l’uti-li-sa-tion");
  ck_assert_str_eq(hyphenated("l'utilisation"), "l'uti-li-sa-tion");
  ck_assert_str_eq(hyphenated("d’administration"), "d’ad-mi-nis-tra-tion");
}
END_TEST

/* Capitals are hyphenated like their lower case; the points are byte
 * offsets of the word as written. */
START_TEST(test_capitals) {
  ck_assert_str_eq(hyphenated("DÉVELOPPEURS"), "DÉ-VE-LOP-PEURS");
  ck_assert_str_eq(hyphenated("Développeurs"), "Dé-ve-lop-peurs");
}
END_TEST

START_TEST(test_no_points) {
  const char *none[] = {"œuvre", "cœur", "2022", "ISO27001", "abc", "RGPD", "co-contractant",
                        "https://www.viber.com", ""};
  for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
    int points[8];
    ck_assert_msg(hyphenate_word(h, none[i], strlen(none[i]), points, 8) == 0, "%s", none[i]);
  }
}
END_TEST

START_TEST(test_bounds) {
  char big[400];
  memset(big, 'a', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  int points[4];
  ck_assert_int_eq(hyphenate_word(h, big, strlen(big), points, 4), 0);
  /* never more points than asked for */
  ck_assert_int_eq(hyphenate_word(h, "anticonstitutionnellement", 25, points, 2), 2);
  ck_assert_int_eq(hyphenate_word(NULL, "développement", 14, points, 4), 0);
  ck_assert_ptr_null(hyphenator_open("/nonexistent/hyph.dic"));
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("hyphenate");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_common_words);
  tcase_add_test(tc, test_right_minimum);
  tcase_add_test(tc, test_elision);
  tcase_add_test(tc, test_capitals);
  tcase_add_test(tc, test_no_points);
  tcase_add_test(tc, test_bounds);
  suite_add_tcase(s, tc);
  return s;
}
