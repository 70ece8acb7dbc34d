/*
 * utf8.c — UTF-8 decoding and the few Unicode properties termc needs.
 *
 * The texts are French: Latin letters with accents, œ, guillemets, typographic
 * apostrophes and spaces.  Case mapping and accent removal cover Latin-1 and
 * Latin Extended-A, which is every letter these contracts use; other scripts
 * are passed through unchanged (they are never part of a clause number or a
 * reference keyword).
 */
#include "termc.h"

#include <stdint.h>
#include <string.h>

int utf8_decode(const char *str, size_t len, int *n) {
  const unsigned char *s = (const unsigned char *)str;
  *n = 1;
  if (len == 0)
    return -1;
  unsigned c = s[0];
  if (c < 0x80)
    return (int)c;
  int need;
  unsigned cp;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    cp = c & 0x07;
  } else {
    return -1;
  }
  if (len < (size_t)need + 1)
    return -1;
  for (int i = 1; i <= need; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return -1;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  /* Overlong forms, surrogates and values past U+10FFFF are invalid. */
  if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return -1;
  *n = need + 1;
  return (int)cp;
}

int utf8_encode(int cp, char *out) {
  unsigned c = (unsigned)cp;
  if (c < 0x80) {
    out[0] = (char)c;
    return 1;
  }
  if (c < 0x800) {
    out[0] = (char)(0xC0 | (c >> 6));
    out[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = (char)(0xE0 | (c >> 12));
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (c >> 18));
  out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
  out[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

size_t utf8_validate(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    uint64_t word;
    if (len - i >= 8 && (memcpy(&word, s + i, 8), (word & 0x8080808080808080u) == 0)) {
      i += 8; /* eight ASCII bytes at once */
      continue;
    }
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    int n;
    if (utf8_decode(s + i, len - i, &n) < 0)
      return i;
    i += (size_t)n;
  }
  return len;
}

size_t utf8_count(const char *s, size_t len) {
  size_t n = 0, i = 0;
  /* Eight bytes at a time: a continuation byte has its top bits 10. */
  for (; len - i >= 8; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    n += 8 - (size_t)__builtin_popcountll(w & ~(w << 1) & 0x8080808080808080u);
  }
  for (; i < len; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      n++;
  return n;
}

/* One load per byte in the loops over words (terms.c, refs.c). */
const unsigned char ascii_fold[256] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
    ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
    ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
    ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
    ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
    ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
    ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
    ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
    ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
    ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
};

int uni_tolower(int cp) {
  if (cp >= 'A' && cp <= 'Z')
    return cp + 32;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
    return cp + 32;
  if (cp == 0x178)
    return 0xFF;
  if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
    return cp | 1;
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
    return (cp & 1) ? cp + 1 : cp;
  return cp;
}

int uni_toupper(int cp) {
  if (cp >= 'a' && cp <= 'z')
    return cp - 32;
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)
    return cp - 32;
  if (cp == 0xFF)
    return 0x178;
  if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
    return cp & ~1;
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
    return (cp & 1) ? cp : cp - 1;
  return cp;
}

/* Base letters of U+00C0..U+00FF, '\0' where there is none. */
static const char latin1_base[64] = "AAAAAAACEEEEIIII"
                                    "DNOOOOO\0OUUUUYTs"
                                    "aaaaaaaceeeeiiii"
                                    "dnooooo\0ouuuuyty";

int uni_unaccent(int cp) {
  if (cp >= 0xC0 && cp <= 0xFF && latin1_base[cp - 0xC0])
    return latin1_base[cp - 0xC0];
  switch (cp) {
  case 0x152: return 'O'; /* Œ */
  case 0x153: return 'o'; /* œ */
  case 0x178: return 'Y'; /* Ÿ */
  default: return cp;
  }
}

bool uni_isupper(int cp) { return uni_tolower(cp) != cp; }
bool uni_islower(int cp) { return uni_toupper(cp) != cp || cp == 0xDF; }
bool uni_isdigit(int cp) { return cp >= '0' && cp <= '9'; }

bool uni_isalpha(int cp) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
    return true;
  if (cp >= 0xC0 && cp <= 0x24F)
    return cp != 0xD7 && cp != 0xF7;
  /* Other scripts: letters as far as termc is concerned. */
  return cp >= 0x370 && !(cp >= 0x2000 && cp <= 0x2BFF) && !(cp >= 0x3000 && cp <= 0x303F) &&
         !(cp >= 0xFE00 && cp <= 0xFEFF);
}

bool uni_isword(int cp) { return uni_isalpha(cp) || uni_isdigit(cp); }

bool uni_isspace(int cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0xA0 || cp == 0x202F || cp == 0x2009 || cp == 0x2007 || cp == 0x2002 ||
         cp == 0x2003;
}

/* Appends the folded form of cp to out; returns the new length.  out must
 * have room for 2 bytes. */
static size_t fold_char(int cp, char *out, size_t n) {
  if (cp == 0x152 || cp == 0x153) { /* œ → oe */
    out[n++] = 'o';
    out[n++] = 'e';
    return n;
  }
  if (cp == 0xC6 || cp == 0xE6) { /* æ → ae */
    out[n++] = 'a';
    out[n++] = 'e';
    return n;
  }
  int base = uni_tolower(uni_unaccent(cp));
  char tmp[4];
  int k = utf8_encode(base, tmp);
  memcpy(out + n, tmp, (size_t)k);
  return n + (size_t)k;
}

char *text_fold(Arena *a, const char *s, size_t len) {
  char *out = arena_alloc(a, len * 2 + 1);
  size_t n = 0;
  bool pending_space = false;
  for (size_t i = 0; i < len;) {
    int k;
    int cp = utf8_decode(s + i, len - i, &k);
    i += (size_t)k;
    if (cp < 0 || !uni_isword(cp)) {
      pending_space = n > 0;
      continue;
    }
    if (pending_space) {
      out[n++] = ' ';
      pending_space = false;
    }
    n = fold_char(cp, out, n);
  }
  out[n] = '\0';
  return out;
}

char *text_slug(Arena *a, const char *s, size_t len) {
  char *folded = text_fold(a, s, len);
  char *out = arena_alloc(a, strlen(folded) + 1);
  size_t n = 0;
  bool dash = false;
  for (const char *p = folded; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && n > 0)
        out[n++] = '-';
      dash = false;
      out[n++] = (char)c;
    } else {
      dash = true;
    }
  }
  out[n] = '\0';
  return out;
}
