/*
 * hyphenate.c — French hyphenation points, from libhyphen and the patterns
 * of hyphen-fr (the ones LibreOffice uses).
 *
 * libhyphen wants a lower-case word and answers by character, not by byte;
 * this file hides both.  It also keeps to French practice: at least two
 * letters before a hyphen and three after it (« ré-gle-men-ta-tion », never
 * « …ti-on »), nothing after an elided article (« l’uti-lisation », never
 * « l’-utilisation »), and no hyphen in numbers or words with digits.
 */
#include "pdf.h"

#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longer « words » are identifiers or garbage: not worth hyphenating. */
#define MAX_WORD_BYTES 128
#define LEFT_MIN 2
#define RIGHT_MIN 3

struct Hyphenator {
  HyphenDict *dict;
};

/* The letters of a pattern line, as libhyphen keys its states: the line up
 * to the first blank, without digits, without a « /replacement » part;
 * prefixed by the level (NEXTLEVEL starts a second dictionary). */
static const char *pattern_key(Arena *a, char level, const char *line, size_t len) {
  char *key = arena_alloc(a, len + 2);
  size_t n = 0;
  key[n++] = level;
  for (size_t i = 0; i < len && (unsigned char)line[i] > ' ' && line[i] != '/'; i++)
    if (line[i] < '0' || line[i] > '9')
      key[n++] = line[i];
  key[n] = '\0';
  return key;
}

static bool is_pattern(const char *line, size_t len) {
  static const char *const keywords[] = {"LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN",
                                         "COMPOUNDRIGHTHYPHENMIN", "NOHYPHEN", "NEXTLEVEL"};
  if (len == 0 || line[0] == '%' || line[0] == '\n')
    return false;
  for (size_t k = 0; k < sizeof keywords / sizeof *keywords; k++)
    if (len >= strlen(keywords[k]) && strncmp(line, keywords[k], strlen(keywords[k])) == 0)
      return false;
  return true;
}

/* Copies the dictionary text with only the last of duplicate patterns (the
 * one libhyphen keeps; it leaks the others, sixteen in hyph_fr.dic).  The
 * first line names the encoding. */
static void deduplicate(const char *text, size_t len, Buf *out) {
  Arena *a = arena_new();
  StrMap *last = strmap_new(a); /* key → its last line */
  PtrVec keys = {0};            /* line → its key, or NULL */
  char level = '0';
  for (size_t i = 0; i < len;) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t n = nl ? (size_t)(nl - (text + i)) + 1 : len - i;
    int line = keys.len;
    if (line > 0 && strncmp(text + i, "NEXTLEVEL", 9) == 0)
      level = '1';
    const char *key = line > 0 && is_pattern(text + i, n) ? pattern_key(a, level, text + i, n) : NULL;
    if (key) {
      int *at = arena_alloc(a, sizeof(int));
      *at = line;
      strmap_put(last, key, at);
    }
    vec_push(a, &keys, (void *)key);
    i += n;
  }
  int line = 0;
  for (size_t i = 0; i < len; line++) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t n = nl ? (size_t)(nl - (text + i)) + 1 : len - i;
    const char *key = keys.items[line];
    if (!key || *(int *)strmap_get(last, key) == line)
      buf_put(out, text + i, n);
    i += n;
  }
  arena_free(a);
}

static HyphenDict *load(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  Buf text = {0}, clean = {0};
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && text.len < 16 * 1024 * 1024)
    buf_put(&text, chunk, n);
  fclose(f);
  HyphenDict *dict = NULL;
  if (text.len > 0) {
    deduplicate(text.data, text.len, &clean);
    FILE *mem = clean.len ? fmemopen(clean.data, clean.len, "r") : NULL;
    if (mem) {
      dict = hnj_hyphen_load_file(mem);
      fclose(mem);
    }
  }
  buf_free(&text);
  buf_free(&clean);
  return dict;
}

Hyphenator *hyphenator_open(const char *path) {
  HyphenDict *dict = load(path);
  if (!dict)
    return NULL;
  Hyphenator *h = malloc(sizeof *h);
  if (!h) {
    hnj_hyphen_free(dict);
    return NULL;
  }
  h->dict = dict;
  return h;
}

void hyphenator_close(Hyphenator *h) {
  if (!h)
    return;
  hnj_hyphen_free(h->dict);
  free(h);
}

/* Length of an elided article or pronoun at the start (« l’ », « d' »,
 * « qu’ »): up to two letters and an apostrophe; 0 when there is none. */
static size_t elision(const char *w, size_t len) {
  for (size_t i = 0, letters = 0; i < len && letters <= 2; letters++) {
    int n;
    int cp = utf8_decode(w + i, len - i, &n);
    if (cp == '\'' || cp == 0x2019)
      return letters > 0 ? i + (size_t)n : 0;
    if (!uni_isalpha(cp))
      return 0;
    i += (size_t)n;
  }
  return 0;
}

/* Writes the lower-case form of w into out (same byte length) and the
 * byte offset of each character into offs.  Returns the number of
 * characters, or -1 when the word is not made of letters only. */
static int lower_word(const char *w, size_t len, char *out, int *offs) {
  int nchars = 0;
  for (size_t i = 0; i < len;) {
    int n;
    int cp = utf8_decode(w + i, len - i, &n);
    if (cp < 0 || !uni_isalpha(cp))
      return -1;
    char enc[4];
    if (utf8_encode(uni_tolower(cp), enc) != n)
      return -1;
    memcpy(out + i, enc, (size_t)n);
    offs[nchars++] = (int)i;
    i += (size_t)n;
  }
  out[len] = '\0';
  return nchars;
}

/* Frees what libhyphen allocates for non-standard hyphenation (French
 * patterns have none, but a dictionary could). */
static void free_nonstandard(char **rep, int *pos, int *cut, int n) {
  if (rep) {
    for (int i = 0; i < n; i++)
      free(rep[i]);
    free(rep);
  }
  free(pos);
  free(cut);
}

int hyphenate_word(Hyphenator *h, const char *word, size_t len, int *points, int max) {
  if (!h || max <= 0)
    return 0;
  size_t skip = elision(word, len);
  const char *w = word + skip;
  size_t wlen = len - skip;
  if (wlen < 5 || wlen > MAX_WORD_BYTES)
    return 0;
  char lower[MAX_WORD_BYTES + 1];
  int offs[MAX_WORD_BYTES];
  int nchars = lower_word(w, wlen, lower, offs);
  if (nchars < LEFT_MIN + RIGHT_MIN)
    return 0;
  char hyphens[MAX_WORD_BYTES + 5];
  char **rep = NULL;
  int *pos = NULL, *cut = NULL;
  int count = 0;
  if (hnj_hyphen_hyphenate3(h->dict, lower, (int)wlen, hyphens, NULL, &rep, &pos, &cut, LEFT_MIN,
                            RIGHT_MIN, LEFT_MIN, RIGHT_MIN) == 0 &&
      !rep) {
    /* hyphens[k] odd: a hyphen may follow character k */
    for (int k = LEFT_MIN - 1; k < nchars - RIGHT_MIN && count < max; k++)
      if (hyphens[k] & 1)
        points[count++] = (int)skip + offs[k + 1];
  }
  free_nonstandard(rep, pos, cut, (int)wlen);
  return count;
}
