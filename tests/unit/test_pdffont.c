/*
 * test_pdffont.c — the faces cover the sources; subsets are fonts that
 * libharu loads, with the metrics of the original.
 */
#include "unit.h"

#include <dirent.h>
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "pdf.h"

static Fonts *fs;

static void setup(void) {
  const char *missing = NULL;
  fs = fonts_open(&missing);
  ck_assert_msg(fs != NULL, "cannot open %s (package fonts-liberation2)", missing ? missing : "?");
}

static void teardown(void) { fonts_close(fs); }

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  *len = fread(s, 1, (size_t)n, f);
  s[*len] = '\0';
  fclose(f);
  return s;
}

/* Every character of every source is in each of the four text faces: no
 * glyph of a contract is ever drawn from the fallback face or as a box. */
START_TEST(test_sources_covered) {
  DIR *d = opendir("sources");
  ck_assert_msg(d != NULL, "run from the repository root");
  struct dirent *e;
  int files = 0, missing = 0;
  while ((e = readdir(d))) {
    size_t n = strlen(e->d_name);
    if (n < 4 || strcmp(e->d_name + n - 3, ".md") != 0)
      continue;
    char path[512];
    snprintf(path, sizeof path, "sources/%s", e->d_name);
    size_t len;
    char *text = slurp(path, &len);
    ck_assert_ptr_nonnull(text);
    files++;
    for (size_t i = 0; i < len;) {
      int k;
      int cp = utf8_decode(text + i, len - i, &k);
      i += (size_t)k;
      if (cp < 0x20)
        continue;
      for (int slot = FONT_REGULAR; slot <= FONT_BOLD_ITALIC; slot++)
        if (!ttf_has(fonts_face(fs, slot), cp) && missing++ < 10)
          fprintf(stderr, "%s: U+%04X missing from face %d\n", path, cp, slot);
    }
    free(text);
  }
  closedir(d);
  ck_assert_int_eq(files, 5);
  ck_assert_int_eq(missing, 0);
}
END_TEST

START_TEST(test_resolve_fallback) {
  FontSlot slot;
  ck_assert_int_eq(fonts_resolve(fs, FONT_ITALIC, 'a', &slot), 'a');
  ck_assert_int_eq(slot, FONT_ITALIC);
  /* a character Liberation Serif lacks comes from DejaVu Sans */
  ck_assert_int_eq(fonts_resolve(fs, FONT_BOLD, 0x2713, &slot), 0x2713);
  ck_assert_int_eq(slot, FONT_FALLBACK);
  /* outside the BMP: a replacement character */
  ck_assert_int_eq(fonts_resolve(fs, FONT_REGULAR, 0x1F600, &slot), 0xFFFD);
  ck_assert_int_eq(fonts_resolve(fs, FONT_REGULAR, '\t', &slot), -1);
}
END_TEST

static void mark(uint8_t *used, const char *s) {
  for (size_t i = 0, len = strlen(s); i < len;) {
    int k;
    int cp = utf8_decode(s + i, len - i, &k);
    used[cp >> 3] |= (uint8_t)(1 << (cp & 7));
    i += (size_t)k;
  }
}

static char *write_temp(const Buf *b) {
  static char path[] = "/tmp/termc-subset-XXXXXX";
  strcpy(path, "/tmp/termc-subset-XXXXXX");
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, b->data, b->len), (ssize_t)b->len);
  close(fd);
  return path;
}

static const char sample[] = "Réglementation « œuvre » — l’été à 10 € ; Ÿ §3 ÉÀÇ…";

/* A subset keeps the glyphs and widths of its characters, and nothing else. */
START_TEST(test_subset_metrics) {
  uint8_t used[8192] = {0};
  mark(used, sample);
  const TtFont *orig = fonts_face(fs, FONT_REGULAR);
  FontSubset sub;
  ck_assert(font_subset(orig, used, &sub));
  ck_assert_uint_lt(sub.file.len, 40000);
  char *path = write_temp(&sub.file);
  TtFont *reopened = ttf_open(path);
  unlink(path);
  ck_assert_ptr_nonnull(reopened);
  for (size_t i = 0, len = strlen(sample); i < len;) {
    int k;
    int cp = utf8_decode(sample + i, len - i, &k);
    i += (size_t)k;
    ck_assert_msg(ttf_has(reopened, cp), "U+%04X lost", cp);
    ck_assert_int_eq(ttf_width(reopened, cp), ttf_width(orig, cp));
  }
  ck_assert(!ttf_has(reopened, 'z'));
  ttf_close(reopened);
  font_subset_free(&sub);
}
END_TEST

/* The subset as a PDF embeds it: one-byte codes with the space at 32, a
 * separate glyph for the no-break space (it must not stretch with the
 * word spaces), widths and characters of each glyph. */
START_TEST(test_font_subset) {
  uint8_t used[8192] = {0};
  mark(used, sample);
  mark(used, " \xc2\xa0"); /* space, no-break space */
  const TtFont *orig = fonts_face(fs, FONT_REGULAR);
  FontSubset sub;
  ck_assert(font_subset(orig, used, &sub));
  ck_assert(sub.one_byte);
  ck_assert_int_eq(sub.gids[' '], 32);
  ck_assert_int_ne(sub.gids[0xA0], 32);
  ck_assert_int_ne(sub.gids[0xA0], 0);
  ck_assert_int_eq(sub.gids['z'], 0);
  for (size_t i = 0, len = strlen(sample); i < len;) {
    int k;
    int cp = utf8_decode(sample + i, len - i, &k);
    i += (size_t)k;
    int g = sub.gids[cp];
    ck_assert_msg(g > 0 && g < sub.nglyphs, "U+%04X has no glyph", cp);
    ck_assert_int_eq(sub.widths[g], ttf_width(orig, cp));
    ck_assert_msg(sub.unicodes[g] == cp || sub.unicodes[g] == ' ', "glyph of U+%04X", cp);
  }
  ck_assert(strstr(sub.name, "+LiberationSerif") == sub.name + 6);
  ck_assert_int_eq(sub.flags & 2, 2); /* serif */
  font_subset_free(&sub);
}
END_TEST

/* A book laid out after the fonts were chosen is drawn only if the
 * subsets hold every character it shows, in the face it shows it in. */
START_TEST(test_embedded_covers) {
  uint8_t *used[FONT__COUNT] = {0};
  used[FONT_REGULAR] = calloc(8192, 1);
  mark(used[FONT_REGULAR], sample);
  mark(used[FONT_REGULAR], " ");
  Embedded em;
  char err[200] = "";
  ck_assert_msg(embed_fonts(&em, fs, used, err, sizeof err), "%s", err);
  ck_assert(embedded_covers(&em, used));
  uint8_t *book[FONT__COUNT] = {0};
  book[FONT_REGULAR] = calloc(8192, 1);
  mark(book[FONT_REGULAR], "le");
  ck_assert(embedded_covers(&em, book));
  mark(book[FONT_REGULAR], "z"); /* not in the sample */
  ck_assert(!embedded_covers(&em, book));
  free(book[FONT_REGULAR]);
  book[FONT_REGULAR] = NULL;
  book[FONT_BOLD] = calloc(8192, 1); /* a face the subsets do not have */
  mark(book[FONT_BOLD], "le");
  ck_assert(!embedded_covers(&em, book));
  free(book[FONT_BOLD]);
  free(used[FONT_REGULAR]);
  embedded_free(&em);
}
END_TEST

static void hpdf_error(HPDF_STATUS e, HPDF_STATUS d, void *ctx) {
  (void)d;
  *(HPDF_STATUS *)ctx = e;
}

/* Another TrueType reader, libharu's, accepts a subset and measures it as we do. */
START_TEST(test_subset_in_libharu) {
  uint8_t used[8192] = {0};
  mark(used, sample);
  FontSubset sub;
  ck_assert(font_subset(fonts_face(fs, FONT_BOLD_ITALIC), used, &sub));
  char *path = write_temp(&sub.file);
  HPDF_STATUS err = 0;
  HPDF_Doc pdf = HPDF_New(hpdf_error, &err);
  HPDF_UseUTFEncodings(pdf);
  HPDF_SetCurrentEncoder(pdf, "UTF-8");
  const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
  unlink(path);
  ck_assert_ptr_nonnull(name);
  HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
  ck_assert_ptr_nonnull(font);
  HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)sample, sizeof sample - 1);
  int ours = 0;
  for (size_t i = 0; i < sizeof sample - 1;) {
    int k;
    ours += fonts_width(fs, FONT_BOLD_ITALIC, utf8_decode(sample + i, sizeof sample - 1 - i, &k));
    i += (size_t)k;
  }
  ck_assert_int_eq((int)tw.width, ours);
  HPDF_Page page = HPDF_AddPage(pdf);
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, font, 12);
  HPDF_Page_TextOut(page, 50, 700, sample);
  HPDF_Page_EndText(page);
  ck_assert_int_eq(HPDF_SaveToStream(pdf), HPDF_OK);
  ck_assert_int_eq(err, 0);
  HPDF_Free(pdf);
  font_subset_free(&sub);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("pdffont");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_sources_covered);
  tcase_add_test(tc, test_resolve_fallback);
  tcase_add_test(tc, test_subset_metrics);
  tcase_add_test(tc, test_subset_in_libharu);
  tcase_add_test(tc, test_font_subset);
  tcase_add_test(tc, test_embedded_covers);
  suite_add_tcase(s, tc);
  return s;
}
