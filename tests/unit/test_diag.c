/*
 * test_diag.c — the diagnostics registry and its three output formats.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

static char *read_all(FILE *f) {
  fflush(f);
  long n = ftell(f);
  rewind(f);
  char *s = calloc((size_t)n + 1, 1);
  ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
  return s;
}

/* Prints the diagnostics in a format and returns the text (caller frees). */
static char *printed(Diags *d, DiagFormat fmt, bool werror) {
  FILE *f = tmpfile();
  ck_assert_ptr_nonnull(f);
  diag_print(d, 0, fmt, werror, f);
  char *s = read_all(f);
  fclose(f);
  return s;
}

static Compilation *sample(void) {
  Compilation *c = compilation_new();
  Diag *g = diag_report(&c->diags, D_BROKEN_REF, "a, b.md", (Pos){12, 5},
                        "la clause 10.2 citée ici n’existe pas : 50%% des cas");
  g->subject = "clause 10.2";
  diag_report(&c->diags, D_UNUSED_TERM, "a.md", (Pos){3, 1}, "le terme « X » est inutilisé");
  Diag *k = diag_report(&c->diags, D_DUPLICATE_TERM, "a.md", (Pos){7, 2}, "défini deux fois");
  k->acknowledged = true;
  k->reason = "L’original le définit deux fois.";
  return c;
}

START_TEST(test_registry) {
  for (int i = 0; i < D__COUNT; i++) {
    const char *name = diag_code_name((DiagCode)i);
    ck_assert_ptr_nonnull(name);
    DiagCode back;
    ck_assert(diag_code_from_name(name, strlen(name), &back));
    ck_assert_int_eq(back, i);
    for (int k = 0; k < i; k++)
      ck_assert_str_ne(name, diag_code_name((DiagCode)k));
  }
  DiagCode none;
  ck_assert(!diag_code_from_name("no-such-code", 12, &none));
  ck_assert_int_eq(diag_default_severity(D_BROKEN_REF), SEV_ERROR);
  ck_assert_int_eq(diag_default_severity(D_UNUSED_TERM), SEV_WARNING);
}
END_TEST

/* Every code is explained in docs/diagnostics.md. */
START_TEST(test_every_code_documented) {
  FILE *f = fopen("docs/diagnostics.md", "r");
  ck_assert_msg(f != NULL, "run from the repository root");
  fseek(f, 0, SEEK_END);
  char *doc = read_all(f);
  fclose(f);
  for (int i = 0; i < D__COUNT; i++) {
    char cell[64];
    snprintf(cell, sizeof cell, "| `%s` |", diag_code_name((DiagCode)i));
    ck_assert_msg(strstr(doc, cell), "docs/diagnostics.md does not explain %s",
                  diag_code_name((DiagCode)i));
  }
  free(doc);
}
END_TEST

START_TEST(test_gcc_format) {
  Compilation *c = sample();
  char *s = printed(&c->diags, FORMAT_GCC, false);
  ck_assert_ptr_nonnull(strstr(s, "a, b.md:12:5: error: la clause 10.2 citée ici n’existe pas : 50% "
                                  "des cas [broken-ref]\n"));
  ck_assert_ptr_nonnull(strstr(s, "a.md:3:1: warning: le terme « X » est inutilisé [unused-term]\n"));
  ck_assert_ptr_nonnull(strstr(s, "a.md:7:2: note: défini deux fois [duplicate-term] (défaut reconnu "
                                  ": L’original le définit deux fois.)\n"));
  free(s);
  s = printed(&c->diags, FORMAT_GCC, true);
  ck_assert_ptr_nonnull(strstr(s, "a.md:3:1: error: le terme"));
  free(s);
  ck_assert_int_eq(diag_count_failures(&c->diags, false), 1);
  ck_assert_int_eq(diag_count_failures(&c->diags, true), 2);
  compilation_free(c);
}
END_TEST

START_TEST(test_github_format) {
  Compilation *c = sample();
  char *s = printed(&c->diags, FORMAT_GITHUB, false);
  /* commas and colons are escaped in properties; % everywhere */
  ck_assert_ptr_nonnull(strstr(s, "::error file=a%2C b.md,line=12,col=5,title=termc broken-ref::la "
                                  "clause 10.2 citée ici n’existe pas : 50%25 des cas\n"));
  ck_assert_ptr_nonnull(strstr(s, "::warning file=a.md,line=3,col=1,"));
  ck_assert_ptr_nonnull(strstr(s, "::notice file=a.md,line=7,col=2,"));
  free(s);
  compilation_free(c);
}
END_TEST

START_TEST(test_json_format) {
  Compilation *c = sample();
  Diag *g = diag_report(&c->diags, D_RAW_HTML, "q.md", (Pos){1, 1}, "\"guillemets\" \\ et\ttab");
  (void)g;
  char *s = printed(&c->diags, FORMAT_JSON, false);
  ck_assert_ptr_nonnull(strstr(s, "\"file\": \"a, b.md\", \"line\": 12, \"column\": 5, \"severity\": "
                                  "\"error\", \"code\": \"broken-ref\""));
  ck_assert_ptr_nonnull(strstr(s, "\"acknowledged\": true, \"reason\": \"L’original le définit deux "
                                  "fois.\""));
  ck_assert_ptr_nonnull(strstr(s, "\"message\": \"\\\"guillemets\\\" \\\\ et\\ttab\""));
  ck_assert_ptr_nonnull(strstr(s, "\"errors\": 1,\n  \"warnings\": 2,\n  \"acknowledged\": 1"));
  free(s);
  compilation_free(c);
}
END_TEST

START_TEST(test_sort) {
  Compilation *c = compilation_new();
  diag_report(&c->diags, D_BROKEN_REF, "b.md", (Pos){2, 1}, "b2");
  diag_report(&c->diags, D_BROKEN_REF, "a.md", (Pos){9, 1}, "a9");
  diag_report(&c->diags, D_BROKEN_REF, "b.md", (Pos){1, 4}, "b1c4");
  diag_report(&c->diags, D_BROKEN_REF, "b.md", (Pos){1, 2}, "b1c2");
  diag_report(&c->diags, D_BROKEN_REF, NULL, (Pos){0, 0}, "run");
  const char *order[] = {"b.md", "a.md"};
  diag_sort(&c->diags, order, 2);
  const char *want[] = {"run", "b1c2", "b1c4", "b2", "a9"};
  for (int i = 0; i < 5; i++)
    ck_assert_str_eq(((Diag *)c->diags.list.items[i])->message, want[i]);
  compilation_free(c);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("diag");
  TCase *tc = tcase_create("diag");
  tcase_add_test(tc, test_registry);
  tcase_add_test(tc, test_every_code_documented);
  tcase_add_test(tc, test_gcc_format);
  tcase_add_test(tc, test_github_format);
  tcase_add_test(tc, test_json_format);
  tcase_add_test(tc, test_sort);
  suite_add_tcase(s, tc);
  return s;
}
