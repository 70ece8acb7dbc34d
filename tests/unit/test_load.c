/*
 * test_load.c — reading sources: encodings, hostile bytes, positions, raw
 * HTML, links, nesting, and the termc annotations (docs/markup.md §1, §7, §8).
 */
#include "unit.h"

#include <stdlib.h>

static Compilation *compile_bytes(const char *bytes, size_t len) {
  Compilation *c = compilation_new();
  Document *doc = load_document_from_memory(c, "bytes.md", bytes, len);
  if (doc) {
    compile_document(c, doc);
    apply_acks(c);
  }
  return c;
}

START_TEST(test_invalid_utf8) {
  const char md[] = "# Titre\n\nUn texte en Latin-1 : \xE9t\xE9.\n";
  Compilation *c = compile_bytes(md, sizeof md - 1);
  ck_assert_int_eq(c->docs.len, 0);
  const Diag *g = unit_find(c, D_ENCODING);
  ck_assert_ptr_nonnull(g);
  ck_assert_int_eq(g->line, 3);
  ck_assert_int_eq(g->col, 23);
  ck_assert_ptr_nonnull(strstr(g->message, "0xE9"));
  ck_assert_ptr_nonnull(strstr(g->message, "UTF-8"));
  compilation_free(c);
}
END_TEST

START_TEST(test_nul_byte) {
  const char md[] = "# Titre\n\nab\0cd\n";
  Compilation *c = compile_bytes(md, sizeof md - 1);
  ck_assert_int_eq(c->docs.len, 0);
  const Diag *g = unit_find(c, D_BINARY);
  ck_assert_ptr_nonnull(g);
  ck_assert_int_eq(g->line, 3);
  ck_assert_int_eq(g->col, 3);
  compilation_free(c);
}
END_TEST

START_TEST(test_empty_file) {
  Compilation *c = compile_bytes("", 0);
  ck_assert_int_eq(c->docs.len, 1);
  ck_assert_int_eq(unit_count(c, D_MISSING_TITLE), 1);
  ck_assert_str_eq(unit_doc(c)->title, "bytes");
  ck_assert_int_eq(diag_count_failures(&c->diags, false), 0);
  compilation_free(c);
}
END_TEST

START_TEST(test_bom_and_crlf) {
  const char md[] = "\xEF\xBB\xBF# Titre\r\n\r\n## Article 1 – Objet\r\n\r\nVoir l’article 1.\r\n";
  Compilation *c = compile_bytes(md, sizeof md - 1);
  Document *doc = unit_doc(c);
  ck_assert_str_eq(doc->title, "Titre");
  ck_assert_int_eq(doc->clauses.len, 1);
  Clause *cl = doc->clauses.items[0];
  ck_assert_str_eq(cl->title, "Objet");
  ck_assert_int_eq(cl->pos.line, 3);
  ck_assert_int_eq(cl->pos.col, 4);
  compilation_free(c);
}
END_TEST

START_TEST(test_text_positions) {
  /* a continuation line indented by three spaces: cmark's column is short by
   * three; termc finds the exact one */
  Compilation *c = unit_compile("p.md", "# T\n\nPremière ligne\n   où l’été commence\n");
  Document *doc = unit_doc(c);
  FlatText *ft = doc->flats.items[1];
  const char *hit = strstr(ft->text, "été");
  Pos p = flat_pos(doc->src, ft, (size_t)(hit - ft->text));
  ck_assert_int_eq(p.line, 4);
  ck_assert_int_eq(p.col, 9);
  compilation_free(c);
}
END_TEST

START_TEST(test_raw_html_keeps_text_only) {
  Compilation *c = unit_compile("h.md", "# T\n\n<div style=\"x\"><strong>ANNEXE A</strong></div>\n\n"
                                        "Texte <b>gras</b><script>alert(1)</script> fin.\n");
  Document *doc = unit_doc(c);
  Buf out = {0};
  emit_text(doc, &out);
  ck_assert_ptr_nonnull(strstr(buf_cstr(&out), "ANNEXE A"));
  ck_assert_ptr_null(strstr(buf_cstr(&out), "<"));
  ck_assert_int_eq(unit_count(c, D_RAW_HTML), 2);
  buf_free(&out);
  compilation_free(c);
}
END_TEST

START_TEST(test_unsafe_links) {
  Compilation *c = unit_compile("u.md", "# T\n\n[a](javascript:alert(1)) [b](https://x.fr) "
                                        "[c](mailto:a@b.fr) [d](DATA:text/html,x) [e](#1) [f](page.html)\n");
  ck_assert_int_eq(unit_count(c, D_UNSAFE_LINK), 2);
  Document *doc = unit_doc(c);
  Block *p = doc->root->children->next;
  int links = 0, dropped = 0;
  for (Inline *in = p->inlines; in; in = in->next)
    if (in->kind == INLINE_LINK) {
      links++;
      dropped += in->url == NULL;
    }
  ck_assert_int_ge(links, 5);
  ck_assert_int_eq(dropped, 2);
  compilation_free(c);
}
END_TEST

START_TEST(test_deep_nesting) {
  Buf md = {0};
  buf_puts(&md, "# T\n\n");
  for (int i = 0; i < 10000; i++)
    buf_putc(&md, '>');
  buf_puts(&md, " fond\n\n");
  for (int i = 0; i < 2000; i++)
    buf_puts(&md, "*a ");
  buf_puts(&md, "\n");
  Compilation *c = unit_compile("deep.md", buf_cstr(&md));
  ck_assert_int_eq(unit_count(c, D_DEEP_NESTING), 1);
  Buf out = {0};
  emit_text(unit_doc(c), &out);
  ck_assert_ptr_nonnull(strstr(buf_cstr(&out), "fond"));
  buf_free(&out);
  buf_free(&md);
  compilation_free(c);
}
END_TEST

START_TEST(test_metadata) {
  Compilation *c = unit_compile("m.md", "<!-- termc\ntitle: Conditions\ndate: 2022-03-22\n"
                                        "self: Convention, Conditions Générales\n-->\n\n"
                                        "# Autre titre affiché\n");
  Document *doc = unit_doc(c);
  ck_assert_str_eq(doc->title, "Conditions");
  ck_assert_str_eq(doc->date, "2022-03-22");
  ck_assert_int_eq(doc->nself, 2);
  ck_assert_str_eq(doc->self_names[1], "Conditions Générales");
  ck_assert_int_eq(unit_count(c, D_BAD_ANNOTATION), 0);
  compilation_free(c);
}
END_TEST

START_TEST(test_bad_annotations) {
  Compilation *c = unit_compile("b.md", "<!-- termc\ndate: 2022-02-30\ncolour: bleu\n-->\n\n# T\n\n"
                                        "<!-- termc:frobnicate -->\nTexte.\n\n"
                                        "<!-- termc:ack no-such-code reason -->\nTexte.\n\n"
                                        "<!-- termc:ack broken-ref -->\nTexte.\n\n"
                                        "<!-- termc:list -->\nPas une liste.\n\n"
                                        "<!-- ordinary comment -->\nTexte.\n\n"
                                        "<!-- termc:define « X » -->\n");
  ck_assert_int_eq(unit_count(c, D_BAD_ANNOTATION), 7);
  ck_assert_ptr_null(unit_doc(c)->date);
  compilation_free(c);
}
END_TEST

START_TEST(test_ack_scope) {
  /* stacked comments apply to the next block; a comment at the end of an
   * item applies to the next item */
  Compilation *c = unit_compile("k.md", "# T\n\n## 1. Un\n\n"
                                        "<!-- termc:ack broken-ref « article 9 » L’original cite un "
                                        "article 9 absent. -->\n"
                                        "<!-- termc:ack broken-ref « article 8 » Idem pour 8. -->\n"
                                        "Voir l’article 9 et l’article 8.\n\n"
                                        "1. Premier point.\n"
                                        "   <!-- termc:ack broken-ref Le point 2 cite un absent. -->\n"
                                        "2. Voir l’article 7.\n\n"
                                        "Voir l’article 6.\n");
  ck_assert_int_eq(unit_count(c, D_BROKEN_REF), 4);
  int acknowledged = 0;
  for (int i = 0; i < c->diags.list.len; i++) {
    Diag *g = c->diags.list.items[i];
    if (g->code == D_BROKEN_REF && g->acknowledged)
      acknowledged++;
  }
  ck_assert_int_eq(acknowledged, 3);
  ck_assert_int_eq(unit_count(c, D_UNUSED_ACK), 0);
  ck_assert_int_eq(diag_count_failures(&c->diags, false), 1);
  compilation_free(c);
}
END_TEST

START_TEST(test_unused_ack) {
  Compilation *c = unit_compile("k.md", "# T\n\n## 1. Un\n\n"
                                        "<!-- termc:ack broken-ref « article 9 » Raison. -->\n"
                                        "Voir l’article 1.\n");
  ck_assert_int_eq(unit_count(c, D_UNUSED_ACK), 1);
  ck_assert_int_eq(unit_find(c, D_UNUSED_ACK)->line, 5);
  compilation_free(c);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("load");
  TCase *tc = tcase_create("load");
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, test_invalid_utf8);
  tcase_add_test(tc, test_nul_byte);
  tcase_add_test(tc, test_empty_file);
  tcase_add_test(tc, test_bom_and_crlf);
  tcase_add_test(tc, test_text_positions);
  tcase_add_test(tc, test_raw_html_keeps_text_only);
  tcase_add_test(tc, test_unsafe_links);
  tcase_add_test(tc, test_deep_nesting);
  tcase_add_test(tc, test_metadata);
  tcase_add_test(tc, test_bad_annotations);
  tcase_add_test(tc, test_ack_scope);
  tcase_add_test(tc, test_unused_ack);
  suite_add_tcase(s, tc);
  return s;
}
