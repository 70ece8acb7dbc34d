/*
 * test_resolve.c — what references resolve to, and the diagnostics of
 * references: broken-ref, broken-range, title-mismatch, wrong-direction,
 * self-reference (docs/markup.md §5).
 */
#include "unit.h"

/* A small contract: articles 1 to 4, sub-clauses, a titled article, an annex. */
static const char contract[] =
    "<!-- termc\nself: Convention\n-->\n"
    "# Contrat\n\n"
    "## Article 1 – Objet\n\nLe présent article fixe l’objet.\n\n"
    "## Article 2 – Services\n\n2.1. Les Services.\n\n2.2. La maintenance.\n\n2.3. Les prix.\n\n"
    "## Article 3 – Support ALLMYCMS\n\n"
    "## Article 4 – Clause limitative de responsabilité\n\n"
    "## Annexe II – Mesures\n\n";

static Compilation *compile_with(const char *body) {
  Buf md = {0};
  buf_puts(&md, contract);
  buf_puts(&md, body);
  Compilation *c = unit_compile("contrat.md", buf_cstr(&md));
  buf_free(&md);
  return c;
}

/* The last reference of the document. */
static Ref *last_ref(Compilation *c) {
  Document *doc = unit_doc(c);
  ck_assert_int_gt(doc->refs.len, 0);
  return doc->refs.items[doc->refs.len - 1];
}

static const char *target(Ref *r, int i) {
  ck_assert_int_gt(r->targets.len, i);
  return ((Clause *)r->targets.items[i])->id;
}

START_TEST(test_internal_number) {
  Compilation *c = compile_with("Voir la clause 2.2 et l’article 4 de la Convention.\n");
  Document *doc = unit_doc(c);
  Ref *a = doc->refs.items[doc->refs.len - 2], *b = last_ref(c);
  ck_assert_int_eq(a->status, REF_INTERNAL);
  ck_assert_str_eq(target(a, 0), "2.2");
  ck_assert_int_eq(b->status, REF_INTERNAL);
  ck_assert_str_eq(target(b, 0), "4");
  ck_assert_int_eq(diag_count_failures(&c->diags, false), 0);
  /* the target knows who cites it */
  Clause *t = clause_by_id(doc, "2.2");
  ck_assert_int_eq(t->cited_by.len, 1);
  compilation_free(c);
}
END_TEST

START_TEST(test_broken_number) {
  Compilation *c = compile_with("Sous réserve de la clause 10.2, rien.\n");
  Ref *r = last_ref(c);
  ck_assert_int_eq(r->status, REF_BROKEN);
  const Diag *g = unit_find(c, D_BROKEN_REF);
  ck_assert_ptr_nonnull(g);
  ck_assert_int_eq(g->line, r->pos.line);
  ck_assert_int_eq(g->col, 20);
  ck_assert_ptr_nonnull(strstr(g->message, "10.2"));
  ck_assert_int_eq(diag_count_failures(&c->diags, false), 1);
  compilation_free(c);
}
END_TEST

START_TEST(test_external_never_resolved) {
  Compilation *c = compile_with("Conformément à l’article 2 du Code civil.\n");
  Ref *r = last_ref(c);
  ck_assert_int_eq(r->status, REF_EXTERNAL);
  ck_assert_int_eq(r->targets.len, 0);
  ck_assert_ptr_nonnull(strstr(r->instrument, "Code civil"));
  compilation_free(c);
}
END_TEST

START_TEST(test_range) {
  Compilation *c = compile_with("Les clauses 1 à 3 survivent. Les articles 2.1 à 2.3 aussi.\n");
  Document *doc = unit_doc(c);
  Ref *a = doc->refs.items[doc->refs.len - 2], *b = last_ref(c);
  ck_assert_int_eq(a->status, REF_INTERNAL);
  ck_assert_int_eq(a->targets.len, 3);
  ck_assert_str_eq(target(a, 2), "3");
  ck_assert_int_eq(b->targets.len, 3);
  ck_assert_str_eq(target(b, 1), "2.2");
  compilation_free(c);
}
END_TEST

START_TEST(test_broken_range) {
  Compilation *c = compile_with("Les clauses 3 à 6 survivent.\n");
  ck_assert_int_eq(last_ref(c)->status, REF_BROKEN);
  ck_assert_int_eq(unit_count(c, D_BROKEN_RANGE), 2);
  compilation_free(c);
}
END_TEST

START_TEST(test_list) {
  Compilation *c = compile_with("Les clauses 2.2, 2.3, 3, 4 survivent.\n");
  Ref *r = last_ref(c);
  ck_assert_int_eq(r->targets.len, 4);
  ck_assert_str_eq(target(r, 3), "4");
  compilation_free(c);
}
END_TEST

START_TEST(test_titles) {
  Compilation *c = compile_with(
      "Voir les articles « Support ALLMYCMS » et « Services ».\n\n"
      "Sans préjudice de l’article 4 – « Clause limitative de responsabilité ».\n\n"
      "Voir l’article 3 « Objet ».\n\n"
      "Voir l’article « Localisation et Transferts de données ».\n");
  Document *doc = unit_doc(c);
  Ref *titles = doc->refs.items[doc->refs.len - 4];
  ck_assert_int_eq(titles->status, REF_INTERNAL);
  ck_assert_str_eq(target(titles, 0), "3");
  ck_assert_str_eq(target(titles, 1), "2");
  ck_assert_int_eq(((Ref *)doc->refs.items[doc->refs.len - 3])->status, REF_INTERNAL);
  ck_assert_int_eq(unit_count(c, D_TITLE_MISMATCH), 1);
  ck_assert_int_eq(unit_count(c, D_BROKEN_REF), 1);
  ck_assert_ptr_nonnull(strstr(unit_find(c, D_BROKEN_REF)->message, "Localisation"));
  compilation_free(c);
}
END_TEST

START_TEST(test_subject) {
  Compilation *c = compile_with("Calculé conformément à la section concernant les Frais et le "
                                "Paiement des Redevances ci-dessus.\n\n"
                                "Voir la section concernant le Support ci-dessus.\n");
  Document *doc = unit_doc(c);
  Ref *a = doc->refs.items[doc->refs.len - 2], *b = last_ref(c);
  ck_assert_int_eq(a->status, REF_BROKEN);
  ck_assert_int_eq(b->status, REF_INTERNAL);
  ck_assert_str_eq(target(b, 0), "3");
  compilation_free(c);
}
END_TEST

START_TEST(test_relative) {
  Compilation *c = compile_with("");
  Document *doc = unit_doc(c);
  Ref *r = doc->refs.items[0];
  ck_assert_int_eq(r->status, REF_INTERNAL);
  ck_assert_str_eq(target(r, 0), "1");
  ck_assert_int_eq(unit_count(c, D_SELF_REFERENCE), 0);
  compilation_free(c);
}
END_TEST

START_TEST(test_direction) {
  Compilation *c = compile_with("Voir l’article 2 ci-dessous, l’article 1 ci-dessous et l’article 3 "
                                "ci-dessus.\n");
  ck_assert_int_eq(unit_count(c, D_WRONG_DIRECTION), 2);
  ck_assert_int_eq(diag_count_failures(&c->diags, false), 0);
  compilation_free(c);
}
END_TEST

START_TEST(test_self_reference) {
  Compilation *c = unit_compile("s.md", "# T\n\n## Article 1 – Objet\n\nVoir l’article 1.\n\n"
                                        "## Annexe II\n\nCette Annexe II résume.\n");
  ck_assert_int_eq(unit_count(c, D_SELF_REFERENCE), 1);
  compilation_free(c);
}
END_TEST

START_TEST(test_annex_and_explicit) {
  Compilation *c = compile_with("L’Annexe II jointe aux présentes. L’annexe IV. "
                                "Voir [le point précédent](#2.2) et [ailleurs](#nulle-part).\n");
  Document *doc = unit_doc(c);
  int n = doc->refs.len;
  ck_assert_int_ge(n, 4);
  ck_assert_str_eq(target(doc->refs.items[n - 4], 0), "annexe-II");
  ck_assert_int_eq(((Ref *)doc->refs.items[n - 3])->status, REF_BROKEN);
  ck_assert_str_eq(target(doc->refs.items[n - 2], 0), "2.2");
  ck_assert_int_eq(((Ref *)doc->refs.items[n - 1])->status, REF_BROKEN);
  compilation_free(c);
}
END_TEST

/* « l’article 2 de l’Annexe A »: the number is the annex's own, never the
 * main text's article 2; a missing annex is reported once, by its own
 * reference. */
START_TEST(test_annex_scope) {
  Compilation *c = unit_compile(
      "a.md", "# T\n\n## Article 1 – Objet\n\n"
              "Voir l’article 2 de l’Annexe A, le point 1 de l’annexe A, les points 1 à 3 de "
              "l’Annexe A, l’article 9 de l’Annexe A et l’article 3 de l’Annexe B.\n\n"
              "## Article 2 – Durée\n\nUn an.\n\n"
              "## ANNEXE A\n\n1. Première mesure.\n2. Deuxième mesure.\n3. Troisième mesure.\n");
  Document *doc = unit_doc(c);
  ck_assert_int_eq(doc->refs.len, 10);
  ck_assert_str_eq(target(doc->refs.items[0], 0), "annexe-A.2");
  ck_assert_str_eq(target(doc->refs.items[1], 0), "annexe-A");
  ck_assert_str_eq(target(doc->refs.items[2], 0), "annexe-A.1");
  Ref *range = doc->refs.items[4];
  ck_assert_int_eq(range->targets.len, 3);
  ck_assert_str_eq(target(range, 2), "annexe-A.3");
  ck_assert_int_eq(((Ref *)doc->refs.items[6])->status, REF_BROKEN);
  ck_assert_int_eq(((Ref *)doc->refs.items[8])->status, REF_BROKEN);
  ck_assert_int_eq(((Ref *)doc->refs.items[9])->status, REF_BROKEN);
  /* « le point 1 de l’annexe A » is not clause 1 citing itself */
  ck_assert_int_eq(unit_count(c, D_SELF_REFERENCE), 0);
  ck_assert_int_eq(unit_count(c, D_BROKEN_REF), 2);
  const Diag *g = unit_find(c, D_BROKEN_REF);
  ck_assert_ptr_nonnull(strstr(g->message, "l’article 9 cité ici n’existe pas dans l’annexe A"));
  compilation_free(c);
}
END_TEST

START_TEST(test_ref_annotation) {
  Compilation *c = compile_with("<!-- termc:ref « article 9 » external: conditions particulières -->\n"
                                "<!-- termc:ref « section 3 » none -->\n"
                                "Voir l’article 9 et la section 3.\n\n"
                                "<!-- termc:ref « la suite » #2.3 -->\n"
                                "Voir la suite.\n\n"
                                "<!-- termc:ref « absent » none -->\nRien.\n");
  Document *doc = unit_doc(c);
  int n = doc->refs.len;
  Ref *ext = doc->refs.items[n - 2];
  ck_assert_int_eq(ext->status, REF_EXTERNAL);
  ck_assert_str_eq(ext->instrument, "conditions particulières");
  Ref *explicit_ref = doc->refs.items[n - 1];
  ck_assert_str_eq(target(explicit_ref, 0), "2.3");
  ck_assert_int_eq(unit_count(c, D_BAD_ANNOTATION), 1);
  ck_assert_int_eq(unit_count(c, D_BROKEN_REF), 0);
  compilation_free(c);
}
END_TEST

START_TEST(test_heading_label_is_not_a_reference) {
  Compilation *c = unit_compile("h.md", "# T\n\n## ARTICLE 4 – REDEVANCE\n\n"
                                        "## Annexe aux clauses mentionnées à la section 4\n");
  Document *doc = unit_doc(c);
  ck_assert_int_eq(doc->refs.len, 1);
  ck_assert_str_eq(target(doc->refs.items[0], 0), "4");
  compilation_free(c);
}
END_TEST

/* 10 000 references on one line, half of them broken: all reported. */
START_TEST(test_many_references) {
  Buf md = {0};
  buf_puts(&md, "# T\n\n## Article 1 – Un\n\n");
  for (int i = 0; i < 10000; i++)
    buf_puts(&md, i % 2 ? "l’article 1, " : "l’article 2, ");
  buf_puts(&md, "fin.\n");
  Compilation *c = unit_compile("many.md", buf_cstr(&md));
  ck_assert_int_eq(unit_doc(c)->refs.len, 10000);
  ck_assert_int_eq(unit_count(c, D_BROKEN_REF), 5000);
  ck_assert_int_eq(unit_count(c, D_SELF_REFERENCE), 5000);
  buf_free(&md);
  compilation_free(c);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("resolve");
  TCase *tc = tcase_create("resolve");
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, test_internal_number);
  tcase_add_test(tc, test_broken_number);
  tcase_add_test(tc, test_external_never_resolved);
  tcase_add_test(tc, test_range);
  tcase_add_test(tc, test_broken_range);
  tcase_add_test(tc, test_list);
  tcase_add_test(tc, test_titles);
  tcase_add_test(tc, test_subject);
  tcase_add_test(tc, test_relative);
  tcase_add_test(tc, test_direction);
  tcase_add_test(tc, test_self_reference);
  tcase_add_test(tc, test_annex_and_explicit);
  tcase_add_test(tc, test_annex_scope);
  tcase_add_test(tc, test_ref_annotation);
  tcase_add_test(tc, test_heading_label_is_not_a_reference);
  tcase_add_test(tc, test_many_references);
  suite_add_tcase(s, tc);
  return s;
}
