/*
 * test_typeset.c — paragraphs: justified to the measure and never past it,
 * French spacing, hyphenation only when needed, widows and orphans,
 * fallback faces, inline styles from the tree.
 */
#include "unit.h"

#include <math.h>
#include <stdlib.h>

#include "pdf.h"

static Fonts *fs;
static Hyphenator *hy;
static Typesetter *ts;

static void setup(void) {
  const char *missing;
  fs = fonts_open(&missing);
  ck_assert_ptr_nonnull(fs);
  hy = hyphenator_open(HYPHEN_FR_DIC);
  ck_assert_ptr_nonnull(hy);
  ts = ts_new(fs, hy);
}

static void teardown(void) {
  ts_free(ts);
  hyphenator_close(hy);
  fonts_close(fs);
}

static const char french[] =
    "Le Prestataire s’engage à fournir les Services décrits à l’article 4 : hébergement, "
    "maintenance et assistance ! Les « Données du Client » restent sa propriété ; le Client "
    "peut-il les récupérer ? Oui, dans les conditions prévues par la réglementation applicable, "
    "et pour un montant de 10 000 € payable sous 30 jours.";

static Galley *set(const char *text, double width, Align align) {
  Galley *g = galley_new();
  ParStyle st = body_style(0);
  st.width = width;
  st.align = align;
  ts_begin(ts, &st);
  ts_text(ts, text, strlen(text), FONT_REGULAR, COLOR_TEXT, target(TARGET_NONE, NULL));
  ts_end(ts, g);
  return g;
}

/* Words on the line: a run holds one or more, separated by spaces. */
static int words(const Line *l) {
  int n = 0;
  for (int i = 0; i < l->nruns; i++) {
    n++;
    for (int k = 0; k < l->runs[i].len; k++)
      n += l->runs[i].text[k] == ' ';
  }
  return n;
}

static double line_end(const Line *l) {
  double end = 0;
  for (int i = 0; i < l->nruns; i++)
    if (l->runs[i].x + l->runs[i].w > end)
      end = l->runs[i].x + l->runs[i].w;
  return end;
}

/* Justified lines end on the measure (the last one short of it), none
 * past it, at every measure from narrow to wide. */
START_TEST(test_justified_measure) {
  for (double width = 90; width <= 420; width += 15) {
    Galley *g = set(french, width, ALIGN_JUSTIFY);
    ck_assert_int_gt(g->nlines, 0);
    for (int i = 0; i < g->nlines; i++) {
      double end = line_end(&g->lines[i]);
      ck_assert_msg(end <= width + 1e-6, "width %g line %d ends at %g", width, i, end);
      if (i < g->nlines - 1 && words(&g->lines[i]) > 1)
        ck_assert_msg(end > width - 0.01, "width %g line %d short: %g", width, i, end);
    }
    galley_free(g);
  }
}
END_TEST

static int first_char(const Line *l) {
  int n;
  return l->nruns ? utf8_decode(l->runs[0].text, (size_t)l->runs[0].len, &n) : 0;
}

static int last_char(const Line *l) {
  if (!l->nruns)
    return 0;
  const Run *r = &l->runs[l->nruns - 1];
  int i = r->len - 1, n;
  while (i > 0 && ((unsigned char)r->text[i] & 0xC0) == 0x80)
    i--;
  return utf8_decode(r->text + i, (size_t)(r->len - i), &n);
}

/* No line starts with « : ; ! ? » » or ends with « «, and « 10 000 € »
 * stays whole, at any measure. */
START_TEST(test_french_spacing) {
  for (double width = 100; width <= 300; width += 7) {
    Galley *g = set(french, width, ALIGN_JUSTIFY);
    for (int i = 0; i < g->nlines; i++) {
      int first = first_char(&g->lines[i]), last = last_char(&g->lines[i]);
      ck_assert_msg(!strchr(":;!?", first) || first == 0, "width %g line %d starts with %c", width, i, first);
      ck_assert_msg(first != 0xBB && first != 0x20AC, "width %g line %d starts with » or €", width, i);
      ck_assert_msg(last != 0xAB, "width %g line %d ends with «", width, i);
      const Run *r = &g->lines[i].runs[0];
      ck_assert_msg(!(r->len >= 3 && memcmp(r->text, "000", 3) == 0), "width %g: 10 000 split", width);
    }
    galley_free(g);
  }
}
END_TEST

/* The words of a justified line in one face share a run, whose spaces
 * stretch alike: what the PDF draws with one Tw.  The run's width is its
 * glyphs' with each space stretched by space_extra, and the line ends on
 * the measure. */
START_TEST(test_justified_words_share_a_run) {
  Galley *g = set(french, 250, ALIGN_JUSTIFY);
  int shared = 0;
  for (int i = 0; i < g->nlines - 1; i++) {
    const Line *l = &g->lines[i];
    for (int k = 0; k < l->nruns; k++) {
      const Run *r = &l->runs[k];
      int spaces = 0;
      for (int j = 0; j < r->len; j++)
        spaces += r->text[j] == ' ';
      double glyphs = ts_width(ts, r->text, (size_t)r->len, (FontSlot)r->font, r->size);
      ck_assert_msg(fabs(r->w - (glyphs + spaces * r->space_extra)) < 0.01,
                    "line %d run %d: width %g, glyphs %g, %d spaces + %g", i, k, r->w, glyphs,
                    spaces, r->space_extra);
      shared += spaces > 0;
    }
    ck_assert_msg(l->nruns < words(l), "line %d: a run per word", i);
    ck_assert_msg(fabs(line_end(l) - 250) < 0.01, "line %d ends at %g", i, line_end(l));
  }
  ck_assert_int_gt(shared, 3);
  galley_free(g);
}
END_TEST

static int hyphens(const Galley *g) {
  int n = 0;
  for (int i = 0; i < g->nlines; i++)
    n += g->lines[i].nruns && last_char(&g->lines[i]) == '-';
  return n;
}

START_TEST(test_hyphenation_when_needed) {
  Galley *wide = set("La réglementation applicable.", 400, ALIGN_JUSTIFY);
  ck_assert_int_eq(wide->nlines, 1);
  ck_assert_int_eq(hyphens(wide), 0);
  galley_free(wide);
  /* a narrow measure needs it */
  Galley *narrow = set("Les anticonstitutionnellement réglementations internationalement "
                       "développées.", 70, ALIGN_JUSTIFY);
  ck_assert_int_gt(hyphens(narrow), 0);
  for (int i = 0; i < narrow->nlines; i++)
    ck_assert(line_end(&narrow->lines[i]) <= 70 + 1e-6);
  galley_free(narrow);
}
END_TEST

/* A word wider than the line breaks anywhere rather than overflow. */
START_TEST(test_overwide_word) {
  char word[600];
  for (int i = 0; i < 599; i++)
    word[i] = (char)('a' + i % 26);
  word[599] = '\0';
  Galley *g = set(word, 100, ALIGN_JUSTIFY);
  ck_assert_int_gt(g->nlines, 5);
  for (int i = 0; i < g->nlines; i++)
    ck_assert(line_end(&g->lines[i]) <= 100 + 1e-6);
  galley_free(g);
}
END_TEST

/* No page break after a paragraph's first line nor before its last. */
START_TEST(test_widows_and_orphans) {
  Galley *g = set(french, 150, ALIGN_JUSTIFY);
  ck_assert_int_ge(g->nlines, 5);
  ck_assert(g->lines[0].keep);
  ck_assert(g->lines[g->nlines - 2].keep);
  ck_assert(!g->lines[1].keep || g->nlines <= 3);
  ck_assert(!g->lines[g->nlines - 1].keep);
  galley_free(g);
}
END_TEST

START_TEST(test_fallback_face) {
  Galley *g = set("Coché ✓ ici", 300, ALIGN_LEFT);
  bool fallback = false;
  for (int i = 0; i < g->lines[0].nruns; i++)
    fallback |= g->lines[0].runs[i].font == FONT_FALLBACK;
  ck_assert(fallback);
  galley_free(g);
}
END_TEST

/* Bold and italic come from the tree; a reference links to its clause. */
START_TEST(test_inline_styles) {
  Compilation *c = unit_compile("t.md", "# T\n\n## Article 1 – Objet\n\nTexte **gras** et *italique*, "
                                        "voir l’article 2.\n\n## Article 2 – Suite\n\nFin.\n");
  Document *doc = unit_doc(c);
  Block *para = doc->root->children->next->next;
  ck_assert_int_eq(para->kind, BLOCK_PARAGRAPH);
  Galley *g = galley_new();
  ParStyle st = body_style(0);
  ts_set_document(ts, doc);
  ts_begin(ts, &st);
  ts_inlines(ts, para->inlines);
  ts_end(ts, g);
  bool bold = false, italic = false, link = false;
  for (int i = 0; i < g->lines[0].nruns; i++) {
    const Run *r = &g->lines[0].runs[i];
    bold |= r->font == FONT_BOLD && r->len == 4 && memcmp(r->text, "gras", 4) == 0;
    italic |= r->font == FONT_ITALIC;
    link |= r->link.kind == TARGET_CLAUSE && r->color == COLOR_LINK;
  }
  ck_assert(bold);
  ck_assert(italic);
  ck_assert(link);
  galley_free(g);
  compilation_free(c);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("typeset");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_justified_measure);
  tcase_add_test(tc, test_justified_words_share_a_run);
  tcase_add_test(tc, test_french_spacing);
  tcase_add_test(tc, test_hyphenation_when_needed);
  tcase_add_test(tc, test_overwide_word);
  tcase_add_test(tc, test_widows_and_orphans);
  tcase_add_test(tc, test_fallback_face);
  tcase_add_test(tc, test_inline_styles);
  suite_add_tcase(s, tc);
  return s;
}
