/*
 * test_clauses.c — clause numbering, titles, nesting and IDs
 * (docs/markup.md sections 2 and 3), and the numbering diagnostics.
 */
#include "unit.h"

static Clause *clause_at(Document *doc, int i) {
  ck_assert_int_lt(i, doc->clauses.len);
  return doc->clauses.items[i];
}

/* Heading styles of the five texts: number, title, kind. */
static const struct {
  const char *heading;
  const char *number;
  const char *title;
  ClauseKind kind;
  const char *id;
} headings[] = {
    {"## ARTICLE 4 – REDEVANCE", "4", "REDEVANCE", CLAUSE_ARTICLE, "4"},
    {"## Article 4. Concession de Licence et Limitations", "4", "Concession de Licence et Limitations",
     CLAUSE_ARTICLE, "4"},
    {"## Article 2: Devis/ Passation de commande", "2", "Devis/ Passation de commande", CLAUSE_ARTICLE,
     "2"},
    {"## 4. Spécifications du Chatbot", "4", "Spécifications du Chatbot", CLAUSE_ARTICLE, "4"},
    {"### 10.2 Accessibilité", "10.2", "Accessibilité", CLAUSE_ARTICLE, "10.2"},
    {"## Annexe II", "II", NULL, CLAUSE_ANNEX, "annexe-II"},
    {"## ANNEXE A – MESURES DE SÉCURITÉ", "A", "MESURES DE SÉCURITÉ", CLAUSE_ANNEX, "annexe-A"},
    {"## Article 1er – Objet", "1", "Objet", CLAUSE_ARTICLE, "1"},
    {"## ARTICLE 1 : COMMANDE DES SERVICES", "1", "COMMANDE DES SERVICES", CLAUSE_ARTICLE, "1"},
    {"## Article 18.  Règlement des litiges", "18", "Règlement des litiges", CLAUSE_ARTICLE, "18"},
    {"## ARTICLE  13 – RÉSOLUTION DE PLEIN DROIT", "13", "RÉSOLUTION DE PLEIN DROIT", CLAUSE_ARTICLE,
     "13"},
    {"## Résumé des Conditions d’utilisation", NULL, "Résumé des Conditions d’utilisation",
     CLAUSE_SECTION, "resume-des-conditions-d-utilisation"},
    {"### A) OBLIGATIONS DU PRESTATAIRE", NULL, "A) OBLIGATIONS DU PRESTATAIRE", CLAUSE_SECTION,
     "a-obligations-du-prestataire"},
    {"## Annexe aux Clauses contractuelles", NULL, "Annexe aux Clauses contractuelles", CLAUSE_SECTION,
     "annexe-aux-clauses-contractuelles"},
    {"## Annexe Informations", NULL, "Annexe Informations", CLAUSE_SECTION, "annexe-informations"},
    {"## 4G et réseaux", NULL, "4G et réseaux", CLAUSE_SECTION, "4g-et-reseaux"},
    {"## Annexe aux clauses {#annexe-ccs}", NULL, "Annexe aux clauses", CLAUSE_SECTION, "annexe-ccs"},
    {"## ARTICLE 7 - SORT DES DONNÉES {#sort}", "7", "SORT DES DONNÉES", CLAUSE_ARTICLE, "sort"},
};

START_TEST(test_heading_styles) {
  char md[512];
  snprintf(md, sizeof md, "# Titre\n\n%s\n\nTexte.\n", headings[_i].heading);
  Compilation *c = unit_compile("h.md", md);
  Document *doc = unit_doc(c);
  ck_assert_ptr_nonnull(doc);
  ck_assert_int_eq(doc->clauses.len, 1);
  Clause *cl = clause_at(doc, 0);
  ck_assert_int_eq(cl->kind, headings[_i].kind);
  if (headings[_i].number)
    ck_assert_str_eq(cl->number, headings[_i].number);
  else
    ck_assert_ptr_null(cl->number);
  if (headings[_i].title)
    ck_assert_str_eq(cl->title, headings[_i].title);
  else
    ck_assert_ptr_null(cl->title);
  ck_assert_str_eq(cl->id, headings[_i].id);
  ck_assert_str_eq(doc->title, "Titre");
  compilation_free(c);
}
END_TEST

START_TEST(test_paragraph_clauses) {
  Compilation *c = unit_compile("p.md", "# T\n\n## ARTICLE 2 - OBJET\n\n"
                                        "2.1. Le Prestataire concède une licence.\n\n"
                                        "A cet effet, le Prestataire fournira.\n\n"
                                        "2.2. Le Client ne jouit que d’un droit.\n\n"
                                        "16.1 **Finalités du traitement** : Le Prestataire.\n\n"
                                        "**3.7 Protection de la vie privée.** Pour en savoir.\n");
  Document *doc = unit_doc(c);
  ck_assert_int_eq(doc->clauses.len, 5);
  ck_assert_str_eq(clause_at(doc, 1)->number, "2.1");
  ck_assert_ptr_null(clause_at(doc, 1)->title);
  ck_assert_str_eq(clause_at(doc, 1)->parent->id, "2");
  ck_assert_str_eq(clause_at(doc, 2)->id, "2.2");
  ck_assert_str_eq(clause_at(doc, 3)->title, "Finalités du traitement");
  ck_assert_str_eq(clause_at(doc, 4)->title, "Protection de la vie privée");
  /* the paragraph after 2.1 belongs to 2.1 */
  Block *b = doc->root->children;
  while (b && !(b->kind == BLOCK_PARAGRAPH && !b->clause))
    b = b->next;
  ck_assert_ptr_nonnull(b);
  ck_assert_str_eq(b->owner->id, "2.1");
  /* numbers that do not extend the parent are reported */
  ck_assert_int_ge(unit_count(c, D_NUMBERING_MISMATCH), 2);
  compilation_free(c);
}
END_TEST

START_TEST(test_list_clauses) {
  Compilation *c = unit_compile("l.md", "# T\n\n## ARTICLE 1 : COMMANDE\n\n"
                                        "1. **Compte-Client.** Pour pouvoir commander.\n"
                                        "2. **Vérification du Compte.** Avant l’activation.\n"
                                        "   1. **Détail.** Un sous-point.\n"
                                        "   2. Sans titre.\n"
                                        "\n## ARTICLE 2 : SERVICES\n\n"
                                        "- une puce\n- deux puces\n");
  Document *doc = unit_doc(c);
  ck_assert_int_eq(doc->clauses.len, 6);
  ck_assert_str_eq(clause_at(doc, 1)->id, "1.1");
  ck_assert_str_eq(clause_at(doc, 1)->title, "Compte-Client");
  ck_assert_str_eq(clause_at(doc, 2)->title, "Vérification du Compte");
  ck_assert_str_eq(clause_at(doc, 3)->id, "1.2.1");
  ck_assert_str_eq(clause_at(doc, 3)->parent->id, "1.2");
  ck_assert_ptr_null(clause_at(doc, 4)->title);
  ck_assert_str_eq(clause_at(doc, 5)->id, "2");
  ck_assert_int_eq(clause_at(doc, 0)->last_descendant, 4);
  ck_assert_int_eq(unit_count(c, D_NUMBERING_GAP), 0);
  compilation_free(c);
}
END_TEST

START_TEST(test_list_not_clauses) {
  Compilation *c = unit_compile("l.md", "# T\n\n## Préambule\n\n1. un\n2. deux\n\n"
                                        "## ARTICLE 1 : X\n\n<!-- termc:list -->\n1. un\n2. deux\n\n"
                                        "> 1. cité\n");
  Document *doc = unit_doc(c);
  ck_assert_int_eq(doc->clauses.len, 2);
  ck_assert_int_eq(unit_count(c, D_BAD_ANNOTATION), 0);
  compilation_free(c);
}
END_TEST

START_TEST(test_restart_and_gap) {
  Compilation *c = unit_compile("g.md", "# T\n\n## 3. Restrictions\n\n### 3.5 Restrictions générales\n\n"
                                        "7. distribuer\n8. concéder\n\n## 4. Suite\n\n## 6. Trou\n\n"
                                        "## 5. Retour\n");
  Document *doc = unit_doc(c);
  ck_assert_str_eq(clause_at(doc, 2)->id, "3.5.7");
  /* 3 and 3.5 do not start at 1, 3.5.7 neither, 6 skips 5, 5 goes back */
  ck_assert_int_eq(unit_count(c, D_NUMBERING_GAP), 5);
  const Diag *at7 = NULL;
  for (int i = 0; i < c->diags.list.len; i++) {
    const Diag *g = c->diags.list.items[i];
    if (g->code == D_NUMBERING_GAP && strstr(g->message, "commence à 7"))
      at7 = g;
  }
  ck_assert_ptr_nonnull(at7);
  ck_assert_int_eq(at7->line, 7);
  compilation_free(c);
}
END_TEST

START_TEST(test_duplicates) {
  Compilation *c = unit_compile("d.md", "# T\n\n## 1. Un\n\n## 2. Deux\n\n## 2. Encore deux\n\n"
                                        "## 3. Trois {#x}\n\n## 4. Quatre {#x}\n");
  Document *doc = unit_doc(c);
  ck_assert_int_eq(unit_count(c, D_DUPLICATE_CLAUSE), 1);
  const Diag *g = unit_find(c, D_DUPLICATE_CLAUSE);
  ck_assert_int_eq(g->line, 7);
  ck_assert_ptr_nonnull(strstr(g->message, "ligne 5"));
  ck_assert_int_eq(unit_count(c, D_DUPLICATE_ID), 1);
  /* anchors stay unique */
  ck_assert_str_eq(clause_at(doc, 2)->id, "2-2");
  ck_assert_str_eq(clause_at(doc, 4)->id, "x-2");
  compilation_free(c);
}
END_TEST

START_TEST(test_annex_scope) {
  Compilation *c = unit_compile("a.md", "# T\n\n## 1. Objet\n\n## ANNEXE A – Mesures\n\n"
                                        "### 1. Contrôle\n\n1. Protocoles\n2. Sécurité\n\n"
                                        "## Annexe II\n\n1. Empêcher\n");
  Document *doc = unit_doc(c);
  ck_assert_int_eq(unit_count(c, D_DUPLICATE_CLAUSE), 0);
  ck_assert_str_eq(clause_at(doc, 2)->id, "annexe-A.1");
  ck_assert_str_eq(clause_at(doc, 3)->id, "annexe-A.1.1");
  ck_assert_str_eq(clause_at(doc, 6)->id, "annexe-II.1");
  ck_assert_ptr_eq(clause_at(doc, 6)->annex, clause_at(doc, 5));
  ck_assert_ptr_eq(clause_by_number(doc, "1", NULL), clause_at(doc, 0));
  ck_assert_ptr_eq(clause_by_annex_number(doc, "II"), clause_at(doc, 5));
  compilation_free(c);
}
END_TEST

START_TEST(test_item_id_override_and_long_bold) {
  Compilation *c = unit_compile("o.md", "# T\n\n## 2. Licence\n\n"
                                        "1. {#propriete} **Propriété.** TikTok possède.\n"
                                        "2. **Vous devez obtenir les autorisations et le consentement nécessaires "
                                        "avant d'accéder aux données de l'Utilisateur final ou de les utiliser. Vous "
                                        "devez également respecter les lois applicables.**\n");
  Document *doc = unit_doc(c);
  ck_assert_str_eq(clause_at(doc, 1)->id, "propriete");
  ck_assert_str_eq(clause_at(doc, 1)->title, "Propriété");
  /* a bold sentence is emphasis, not a title */
  ck_assert_ptr_null(clause_at(doc, 2)->title);
  /* the override is not rendered */
  Buf out = {0};
  emit_text(doc, &out);
  ck_assert_ptr_null(strstr(buf_cstr(&out), "{#"));
  ck_assert_ptr_nonnull(strstr(buf_cstr(&out), "Propriété. TikTok"));
  buf_free(&out);
  compilation_free(c);
}
END_TEST

START_TEST(test_positions) {
  Compilation *c = unit_compile("pos.md", "# Titré\n\nPréambule.\n\n## Article 1 – Été\n");
  Document *doc = unit_doc(c);
  ck_assert_int_eq(clause_at(doc, 0)->pos.line, 5);
  ck_assert_int_eq(clause_at(doc, 0)->pos.col, 4);
  compilation_free(c);
}
END_TEST

START_TEST(test_parse_clause_number) {
  Arena *a = arena_new();
  const char *n;
  ck_assert_uint_eq(parse_clause_number(a, "30.2. du", 8, false, &n), 5);
  ck_assert_str_eq(n, "30.2");
  ck_assert_uint_eq(parse_clause_number(a, "1er", 3, false, &n), 3);
  ck_assert_str_eq(n, "1");
  ck_assert_uint_eq(parse_clause_number(a, "II –", 5, true, &n), 2);
  ck_assert_str_eq(n, "II");
  ck_assert_uint_eq(parse_clause_number(a, "IIII", 4, true, &n), 0);
  ck_assert_uint_eq(parse_clause_number(a, "II", 2, false, &n), 0);
  ck_assert_uint_eq(parse_clause_number(a, "4G", 2, false, &n), 0);
  ck_assert_uint_eq(parse_clause_number(a, "Ab", 2, true, &n), 0);
  arena_free(a);
}
END_TEST

/* A clause number with a thousand parts is read in linear time and gives a
 * clause with that ID. */
START_TEST(test_long_number) {
  Buf md = {0};
  buf_puts(&md, "# T\n\n## 1. Un\n\n1");
  for (int i = 0; i < 1000; i++)
    buf_puts(&md, ".1");
  buf_puts(&md, " Texte.\n");
  Compilation *c = unit_compile("long.md", buf_cstr(&md));
  Document *doc = unit_doc(c);
  ck_assert_int_eq(doc->clauses.len, 2);
  ck_assert_uint_eq(strlen(clause_at(doc, 1)->id), 2001);
  buf_free(&md);
  compilation_free(c);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("clauses");
  TCase *tc = tcase_create("clauses");
  tcase_add_loop_test(tc, test_heading_styles, 0, (int)(sizeof headings / sizeof headings[0]));
  tcase_add_test(tc, test_paragraph_clauses);
  tcase_add_test(tc, test_list_clauses);
  tcase_add_test(tc, test_list_not_clauses);
  tcase_add_test(tc, test_restart_and_gap);
  tcase_add_test(tc, test_duplicates);
  tcase_add_test(tc, test_annex_scope);
  tcase_add_test(tc, test_item_id_override_and_long_bold);
  tcase_add_test(tc, test_positions);
  tcase_add_test(tc, test_parse_clause_number);
  tcase_add_test(tc, test_long_number);
  suite_add_tcase(s, tc);
  return s;
}
