/*
 * terms.c — defined terms: where the text defines them, where it uses them,
 * and what a careful reader would flag (docs/markup.md, section 4).
 *
 * Three layers.  terms_scan is a pure recognizer: one paragraph in, the
 * definitions its own phrasing makes out (« X » désigne, (ci-après le « X »),
 * "**X**", **1.1 X** : désigne, « X : … » in a Définitions clause).  The
 * TermIndex finds the uses of every form of every term in one pass over a
 * paragraph: each word of the text is looked up by its folded spelling among
 * the forms that start with it, so the cost follows the text, not the number
 * of terms.  find_terms is the stage: it turns definitions and termc:define
 * annotations into Terms, merges duplicates, records uses, and reports unused
 * terms and capitalised phrases that are used like terms but never defined.
 *
 * Matching is strict where a lawyer is strict (case, whole words) and lenient
 * where typography varies for no reason (’ or ', runs of spaces, accents
 * dropped in capitals).  Nothing here recurses on the input.
 */
#include "termc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Folded words longer than this are cut; both sides of a lookup cut alike. */
#define KEY_MAX 64
/* Bytes between quotes: anything longer is a citation, not a term. */
#define MAX_QUOTED 200
/* Quoted terms in one « X », « Y » ou « Z » list. */
#define MAX_CHAIN 8
/* « X : definition » — X is a name of a few words, not a lead-in sentence. */
#define MAX_LEAD_WORDS 6
#define MAX_LEAD_BYTES 80
/* An undefined phrase must be used like a term this often to be reported. */
#define UNDEFINED_MIN_USES 3
/* Words in a capitalised phrase (« Code de la Propriété Intellectuelle »). */
#define MAX_PHRASE_WORDS 8

/* ---- Characters and words ------------------------------------------------ */

/* utf8_decode, with the two- and three-byte characters of French text (é,
 * ’, « ») decoded inline; anything else (and anything invalid) goes to it. */
static inline int decode(const char *str, size_t len, int *n) {
  const unsigned char *s = (const unsigned char *)str;
  unsigned c = s[0];
  if (c >= 0xC2 && c <= 0xDF && len >= 2 && (s[1] & 0xC0) == 0x80) {
    *n = 2;
    return (int)(((c & 0x1F) << 6) | (s[1] & 0x3F));
  }
  if (c >= 0xE0 && c <= 0xEF && len >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
    unsigned cp = ((c & 0x0F) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
      *n = 3;
      return (int)cp;
    }
  }
  return utf8_decode(str, len, n);
}

/* An ASCII letter or digit. */
static inline bool ascii_alnum(unsigned char c) { return ascii_fold[c] != 0; }

/* The character at s[i], or -1 at the end (then *n is 0).  ASCII, most of
 * any text, takes the short way: these helpers run once or more per byte. */
static inline int cp_at(const char *s, size_t len, size_t i, int *n) {
  if (i >= len) {
    *n = 0;
    return -1;
  }
  unsigned char b = (unsigned char)s[i];
  if (b < 0x80) {
    *n = 1;
    return b;
  }
  return decode(s + i, len - i, n);
}

/* The character that ends just before s[i], or -1 at the start. */
static inline int cp_before(const char *s, size_t i, size_t *start) {
  *start = 0;
  if (i == 0)
    return -1;
  if ((unsigned char)s[i - 1] < 0x80) {
    *start = i - 1;
    return (unsigned char)s[i - 1];
  }
  size_t k = i - 1;
  while (k > 0 && i - k < 4 && ((unsigned char)s[k] & 0xC0) == 0x80)
    k--;
  int n;
  int cp = decode(s + k, i - k, &n);
  *start = k;
  if (cp < 0 || k + (size_t)n != i) {
    *start = i - 1;
    return 0xFFFD;
  }
  return cp;
}

/* uni_isword, uni_isspace, uni_isupper, uni_islower, with ASCII inline. */
static inline bool is_word(int cp) {
  if ((unsigned)cp < 0x80)
    return ascii_fold[cp] != 0;
  return cp >= 0 && uni_isword(cp);
}

static inline bool is_space(int cp) {
  return cp < 0x80 ? cp == ' ' || (cp >= '\t' && cp <= '\r') : uni_isspace(cp);
}

static inline bool is_upper(int cp) {
  return cp < 0x80 ? cp >= 'A' && cp <= 'Z' : uni_isupper(cp);
}

static inline bool is_lower(int cp) {
  return cp < 0x80 ? cp >= 'a' && cp <= 'z' : uni_islower(cp);
}

static bool is_apostrophe(int cp) {
  return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC;
}

static size_t skip_spaces(const char *s, size_t len, size_t i) {
  int n;
  while (i < len && s[i] == ' ')
    i++; /* the usual single space, the short way */
  while (i < len && is_space(cp_at(s, len, i, &n)))
    i += (size_t)n;
  return i;
}

/* The start of the spaces that end at s[end], no earlier than from. */
static size_t trim_back(const char *s, size_t from, size_t end) {
  while (end > from) {
    size_t k;
    int cp = cp_before(s, end, &k);
    if (!is_space(cp) || k < from)
      break;
    end = k;
  }
  return end;
}

static size_t word_end(const char *s, size_t len, size_t i) {
  int n;
  for (;;) {
    while (i < len && ascii_alnum((unsigned char)s[i]))
      i++;
    if (i >= len || (unsigned char)s[i] < 0x80 || !is_word(cp_at(s, len, i, &n)))
      return i;
    i += (size_t)n;
  }
}

/* A word with its inner hyphens: « Sous-traitant », « Royaume-Uni ». */
static size_t compound_end(const char *s, size_t len, size_t i) {
  size_t e = word_end(s, len, i);
  int n;
  while (e + 1 < len && s[e] == '-' && is_word(cp_at(s, len, e + 1, &n)))
    e = word_end(s, len, e + 1);
  return e;
}

/* A word starts at s[i] when the character before is not part of a word,
 * nor a hyphen inside a compound (« Client » in « Compte-Client »). */
static inline bool word_starts(const char *s, size_t i) {
  size_t k;
  int cp = cp_before(s, i, &k);
  if (is_word(cp))
    return false;
  if (cp == '-') {
    size_t k2;
    return !is_word(cp_before(s, k, &k2));
  }
  return true;
}

/* A word ends at s[i]: no letter or digit follows, nor a hyphen and a word. */
static bool word_stops(const char *s, size_t len, size_t i) {
  int n, m;
  int cp = cp_at(s, len, i, &n);
  if (is_word(cp))
    return false;
  return !(cp == '-' && is_word(cp_at(s, len, i + 1, &m)));
}

/* Folds the word at s[i] (lower case, no accents) into key; returns its end.
 * A key that would overflow is cut at a character boundary. */
static size_t fold_word(const char *s, size_t len, size_t i, char key[KEY_MAX]) {
  size_t k = 0;
  bool full = false;
  int n, cp;
  for (;;) {
    for (; i < len; i++) { /* ASCII letters and digits */
      unsigned char c = ascii_fold[(unsigned char)s[i]];
      if (!c)
        break;
      if (!full && k + 1 < KEY_MAX)
        key[k++] = (char)c;
      else
        full = true;
    }
    if (i >= len || (unsigned char)s[i] < 0x80 || !is_word(cp = cp_at(s, len, i, &n)))
      break;
    char tmp[4];
    int m = utf8_encode(uni_tolower(uni_unaccent(cp)), tmp);
    if (!full && k + (size_t)m < KEY_MAX) {
      memcpy(key + k, tmp, (size_t)m);
      k += (size_t)m;
    } else {
      full = true;
    }
    i += (size_t)n;
  }
  key[k] = '\0';
  return i;
}

static bool in_list(const char *key, const char *const *list) {
  for (; *list; list++)
    if (**list == *key && strcmp(key, *list) == 0)
      return true;
  return false;
}

/* Words between the words of a phrase: spaces, apostrophes, hyphens. */
static size_t skip_joiners(const char *s, size_t len, size_t i) {
  int n;
  int cp;
  while (i < len && (is_space(cp = cp_at(s, len, i, &n)) || is_apostrophe(cp) || cp == '-'))
    i += (size_t)n;
  return i;
}

/* Matches pat, folded words separated by single spaces (a final '*' accepts
 * any ending: "denomm*"), at s[i].  Returns the end of the last word, or 0. */
static size_t match_phrase(const char *s, size_t len, size_t i, const char *pat) {
  for (;;) {
    const char *sp = strchr(pat, ' ');
    size_t plen = sp ? (size_t)(sp - pat) : strlen(pat);
    char key[KEY_MAX];
    size_t end = fold_word(s, len, i, key);
    if (end == i)
      return 0;
    bool star = pat[plen - 1] == '*';
    size_t cmp = star ? plen - 1 : plen;
    if (strncmp(key, pat, cmp) != 0 || (!star && key[cmp] != '\0'))
      return 0;
    if (!sp)
      return end;
    pat = sp + 1;
    i = skip_joiners(s, len, end);
  }
}

static size_t match_any(const char *s, size_t len, size_t i, const char *const *pats) {
  for (; *pats; pats++) {
    size_t e = match_phrase(s, len, i, *pats);
    if (e)
      return e;
  }
  return 0;
}

static bool starts_upper(const char *s, size_t len, size_t i) {
  int n;
  return is_upper(cp_at(s, len, i, &n));
}

/* ---- Names ------------------------------------------------------------------- */

static const char *const PRONOUNS[] = {"vous", "votre", "vos", "nous", "notre", "nos",
                                       "tu",   "toi",   "ton", "ta",   "tes",   NULL};

static bool is_pronoun(const char *name) {
  char key[KEY_MAX];
  size_t len = strlen(name);
  return fold_word(name, len, 0, key) == len && in_list(key, PRONOUNS);
}

static void push_unique(Arena *a, PtrVec *v, const char *s) {
  for (int i = 0; i < v->len; i++)
    if (strcmp(v->items[i], s) == 0)
      return;
  vec_push(a, v, (void *)s);
}

/* One spelling of a term: runs of spaces become one space; « (s) », « (es) »,
 * « (x) » are dropped for the name and kept for the plural (Service(s) gives
 * Service and Services). */
static void canon_part(Arena *a, const char *s, size_t len, PtrVec *names) {
  char *one = arena_alloc(a, len + 1), *many = arena_alloc(a, len + 1);
  size_t n1 = 0, n2 = 0;
  bool paren = false;
  for (size_t i = 0; i < len;) {
    int n;
    int cp = cp_at(s, len, i, &n);
    size_t close = i + 1;
    while (close < len && close < i + 4 && s[close] >= 'a' && s[close] <= 'z')
      close++;
    if (s[i] == '(' && close > i + 1 && close < len && s[close] == ')') {
      memcpy(many + n2, s + i + 1, close - i - 1);
      n2 += close - i - 1;
      paren = true;
      i = close + 1;
    } else if (is_space(cp)) {
      if (n1 && one[n1 - 1] != ' ')
        one[n1++] = ' ';
      if (n2 && many[n2 - 1] != ' ')
        many[n2++] = ' ';
      i += (size_t)n;
    } else {
      memcpy(one + n1, s + i, (size_t)n);
      memcpy(many + n2, s + i, (size_t)n);
      n1 += (size_t)n;
      n2 += (size_t)n;
      i += (size_t)n;
    }
  }
  while (n1 && one[n1 - 1] == ' ')
    n1--;
  while (n2 && many[n2 - 1] == ' ')
    n2--;
  one[n1] = many[n2] = '\0';
  if (n1)
    push_unique(a, names, one);
  if (paren && n2)
    push_unique(a, names, many);
}

/* The names an item gives: « votre/vos » is two words, « Service(s) » a
 * singular and a plural.  The first name is the canonical one. */
static void canon_item(Arena *a, const char *s, size_t len, PtrVec *names) {
  bool space = false;
  for (size_t i = 0; i < len; i++)
    space |= s[i] == ' ';
  const char *slash = memchr(s, '/', len);
  if (!slash || space) {
    canon_part(a, s, len, names);
    return;
  }
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i == len || s[i] == '/') {
      if (i > start)
        canon_part(a, s + start, i - start, names);
      start = i + 1;
    }
  }
}

/* Skips an article and the spaces after it: le, la, les, l’, and Le(s). */
static size_t skip_article(const char *s, size_t len, size_t i) {
  char key[KEY_MAX];
  size_t end = fold_word(s, len, i, key);
  int n;
  if (strcmp(key, "l") == 0 && is_apostrophe(cp_at(s, len, end, &n)))
    return skip_spaces(s, len, end + (size_t)n);
  if (strcmp(key, "le") != 0 && strcmp(key, "la") != 0 && strcmp(key, "les") != 0)
    return i;
  if (strcmp(key, "le") == 0 && len - end >= 3 && memcmp(s + end, "(s)", 3) == 0)
    end += 3;
  size_t j = skip_spaces(s, len, end);
  return j > end ? j : i;
}

static const char *const DETERMINERS[] = {
    "le",       "la",       "les",     "l",        "du",       "des",       "au",        "aux",
    "ce",       "cet",      "cette",   "ces",      "son",      "sa",        "ses",       "votre",
    "vos",      "notre",    "nos",     "leur",     "leurs",    "mon",       "ma",        "mes",
    "tout",     "toute",    "tous",    "toutes",   "chaque",   "un",        "une",       "aucun",
    "aucune",   "ledit",    "ladite",  "lesdits",  "lesdites", "dudit",     "desdits",   "desdites",
    "auxdits",  "auxdites", "certain", "certaine", "certains", "certaines", "plusieurs", "quelque",
    "quelques", NULL};

/* ---- Recognizing definitions ------------------------------------------------- */

typedef struct Quoted {
  size_t open, end; /* the quotes included */
  size_t off, len;  /* the words inside, trimmed */
  bool bold;        /* the words, or the quotes and words, are in **bold** */
} Quoted;

typedef struct Chain {
  Quoted items[MAX_CHAIN];
  int n;
  size_t end;
} Chain;

typedef struct Scan {
  Arena *a;
  const FlatText *ft;
  PtrVec found; /* TermMatch* */
} Scan;

static const char *const VERBS[] = {
    "designe",          "designent",      "signifie",    "signifient",     "indique",
    "indiquent",        "s entend",       "s entendent", "fait reference", "font reference",
    "feront reference", "fera reference", NULL};
static const char *const LEADS[] = {"collectivement", "ensemble", NULL};
static const char *const PARTICIPLES[] = {"denomm*", "nomm*", "design*", NULL};
static const char *const CHAIN_WORDS[] = {"ou", "et", NULL};

static int closing_quote(int cp) {
  switch (cp) {
  case 0xAB: return 0xBB; /* « » */
  case '"': return '"';
  case 0x201C: return 0x201D; /* “ ” */
  default: return 0;
  }
}

/* Whether a strong span covers the words of q and stays within its quotes. */
static bool bold_quoted(const FlatText *ft, const Quoted *q) {
  int lo = 0, hi = ft->nspans;
  while (lo < hi) { /* the first span that starts at or after the quote */
    int mid = (lo + hi) / 2;
    if (ft->spans[mid].off < q->open)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (int k = lo; k < ft->nspans && ft->spans[k].off <= q->off; k++) {
    const FlatSpan *sp = &ft->spans[k];
    size_t end = sp->off + sp->len;
    if (sp->kind == SPAN_STRONG && end >= q->off + q->len && end <= q->end)
      return true;
  }
  return false;
}

/* Reads « words », "words" or “words” at s[i]. */
static bool read_quoted(const FlatText *ft, size_t i, Quoted *q) {
  const char *s = ft->text;
  size_t len = ft->len;
  int n;
  int close = closing_quote(cp_at(s, len, i, &n));
  if (!close)
    return false;
  size_t start = i + (size_t)n;
  for (size_t j = start; j < len && j - start <= MAX_QUOTED;) {
    int m;
    int cp = cp_at(s, len, j, &m);
    if (cp == close || (close == 0x201D && cp == '"')) {
      size_t a = skip_spaces(s, len, start), b = trim_back(s, a, j);
      if (b <= a || !is_word(cp_at(s, len, a, &n)))
        return false;
      *q = (Quoted){.open = i, .end = j + (size_t)m, .off = a, .len = b - a};
      q->bold = bold_quoted(ft, q);
      return true;
    }
    if (close == 0xBB && cp == 0xAB)
      return false; /* a second « before the »: not a quotation we understand */
    j += (size_t)(m ? m : 1);
  }
  return false;
}

/* What joins two quoted terms: « , », « ou », « et », maybe an article. */
static size_t chain_separator(const char *s, size_t len, size_t i) {
  size_t j = skip_spaces(s, len, i);
  if (j < len && s[j] == ',') {
    j = skip_spaces(s, len, j + 1);
    size_t e = match_any(s, len, j, CHAIN_WORDS);
    if (e)
      j = e;
  } else {
    size_t e = match_any(s, len, j, CHAIN_WORDS);
    if (!e)
      return 0;
    j = e;
  }
  return skip_article(s, len, skip_spaces(s, len, j));
}

/* Reads « X » [, « Y »] [ou « Z »] at s[i]. */
static bool read_chain(const FlatText *ft, size_t i, Chain *c) {
  c->n = 0;
  if (!read_quoted(ft, i, &c->items[0]))
    return false;
  c->n = 1;
  c->end = c->items[0].end;
  while (c->n < MAX_CHAIN) {
    size_t j = chain_separator(ft->text, ft->len, c->end);
    if (!j || !read_quoted(ft, j, &c->items[c->n]))
      break;
    c->end = c->items[c->n++].end;
  }
  return true;
}

/* « désigne », « signifient », « s’entend », « font référence »… at s[i],
 * after an optional colon. */
static bool verb_follows(const char *s, size_t len, size_t i) {
  i = skip_spaces(s, len, i);
  if (i < len && s[i] == ':')
    i = skip_spaces(s, len, i + 1);
  return match_any(s, len, i, VERBS) != 0;
}

static size_t skip_comma(const char *s, size_t len, size_t i) {
  i = skip_spaces(s, len, i);
  if (i < len && s[i] == ',')
    i = skip_spaces(s, len, i + 1);
  return i;
}

/* (« X »), (le « X »), (ci-après dénommée la « X »), (collectivement, les
 * « X » ou « Y »): the chain must fill the parenthesis.  A bare (« x ») in
 * lower case is a gloss (« back up »), not a definition. */
static bool scan_paren(const FlatText *ft, size_t p, Chain *c) {
  const char *s = ft->text;
  size_t len = ft->len;
  size_t start = skip_spaces(s, len, p + 1), j = start, e;
  if ((e = match_any(s, len, j, LEADS)))
    j = skip_comma(s, len, e);
  if ((e = match_phrase(s, len, j, "ci apres")))
    j = skip_comma(s, len, e);
  if ((e = match_any(s, len, j, PARTICIPLES)))
    j = skip_spaces(s, len, e);
  if ((e = match_any(s, len, j, LEADS)))
    j = skip_comma(s, len, e);
  j = skip_article(s, len, j);
  if (!read_chain(ft, j, c))
    return false;
  size_t k = skip_spaces(s, len, c->end);
  if (k >= len || s[k] != ')')
    return false;
  if (j == start && !starts_upper(s, len, c->items[0].off))
    return false;
  c->end = k + 1;
  return true;
}

static void add_match(Scan *sc, size_t off, size_t len, const PtrVec *names) {
  if (names->len == 0)
    return;
  TermMatch *m = arena_alloc(sc->a, sizeof *m);
  m->off = off;
  m->len = len;
  m->name = names->items[0];
  m->variants = (const char **)names->items + 1;
  m->nvariants = names->len - 1;
  vec_push(sc->a, &sc->found, m);
}

/* Whether needle is in hay as whole words (both folded). */
static bool contains_words(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
    if ((p == hay || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
      return true;
  return false;
}

typedef struct Group {
  size_t off, len;
  const char *folded; /* of its first name */
  PtrVec names;
} Group;

/* Adds a chain's terms: items that contain one another are one term
 * (« Compte » ou « Compte Client »), the others are separate terms
 * ("**Vous**" ou "**Développeur**").  bold_only keeps the "**X**" items. */
static void add_chain(Scan *sc, const Chain *c, bool bold_only) {
  Group groups[MAX_CHAIN];
  int ngroups = 0;
  for (int k = 0; k < c->n; k++) {
    const Quoted *q = &c->items[k];
    if (bold_only && !q->bold)
      continue;
    PtrVec names = {0};
    canon_item(sc->a, sc->ft->text + q->off, q->len, &names);
    if (names.len == 0)
      continue;
    const char *folded = text_fold(sc->a, names.items[0], strlen(names.items[0]));
    Group *g = NULL;
    for (int i = 0; i < ngroups && !g; i++)
      if (contains_words(groups[i].folded, folded) || contains_words(folded, groups[i].folded))
        g = &groups[i];
    if (!g) {
      g = &groups[ngroups++];
      *g = (Group){.off = q->off, .len = q->len, .folded = folded};
    }
    for (int i = 0; i < names.len; i++)
      push_unique(sc->a, &g->names, names.items[i]);
  }
  for (int i = 0; i < ngroups; i++)
    add_match(sc, groups[i].off, groups[i].len, &groups[i].names);
}

/* A term written without quotes (a bold title, « X : »): its article goes. */
static void add_plain(Scan *sc, size_t off, size_t end) {
  const char *s = sc->ft->text;
  size_t j = skip_article(s, end, off);
  if (j >= end)
    return;
  PtrVec names = {0};
  canon_item(sc->a, s + j, end - j, &names);
  add_match(sc, j, end - j, &names);
}

/* Skips a clause number « 1.1 » or « 1.1. » and the spaces after it. */
static size_t skip_number(const char *s, size_t len, size_t i) {
  size_t j = i;
  while (j < len && ((s[j] >= '0' && s[j] <= '9') || (s[j] == '.' && j > i)))
    j++;
  return j > i ? skip_spaces(s, len, j) : i;
}

/* **1.1 Application** : désigne — a paragraph that opens with a bold number
 * and term, then « : désigne ».  Returns where the bold ends, or 0. */
static size_t scan_numbered_title(Scan *sc) {
  const FlatText *ft = sc->ft;
  const char *s = ft->text;
  size_t i = skip_spaces(s, ft->len, 0);
  const FlatSpan *bold = NULL;
  for (int k = 0; k < ft->nspans && ft->spans[k].off <= i && !bold; k++)
    if (ft->spans[k].kind == SPAN_STRONG && ft->spans[k].off == i)
      bold = &ft->spans[k];
  if (!bold)
    return 0;
  size_t end = bold->off + bold->len, j = skip_number(s, end, i), k = end;
  bool colon = false;
  while (k > j && (s[k - 1] == ':' || s[k - 1] == '.' || s[k - 1] == ' '))
    colon |= s[--k] == ':';
  size_t after = skip_spaces(s, ft->len, end);
  if (after < ft->len && s[after] == ':') {
    colon = true;
    after++;
  }
  if (k <= j || !colon || !match_any(s, ft->len, skip_spaces(s, ft->len, after), VERBS))
    return 0;
  add_plain(sc, j, k);
  return end;
}

/* « Le Client : Tout signataire… » at the start of a paragraph of a
 * Définitions clause, after its number if it has one.  X is a short name with a capital, and a definition
 * follows the colon: a capital or a determiner (« : les centres de
 * données… »), so that « Le Prestataire s’engage à : » is not a term. */
static void scan_colon(Scan *sc) {
  const char *s = sc->ft->text;
  size_t len = sc->ft->len, i = skip_number(s, len, skip_spaces(s, len, 0)), j = i;
  int words = 0;
  while (j < len && j - i < MAX_LEAD_BYTES && s[j] != ':') {
    int n;
    int cp = cp_at(s, len, j, &n);
    if (cp <= 0 || (cp < 128 && strchr("\".;,!?0123456789", cp)) || cp == 0xAB || cp == 0xBB)
      return;
    words += is_word(cp) && word_starts(s, j);
    j += (size_t)n;
  }
  if (j >= len || s[j] != ':' || words > MAX_LEAD_WORDS ||
      !starts_upper(s, len, skip_article(s, j, i)))
    return;
  size_t after = skip_spaces(s, len, j + 1);
  char key[KEY_MAX];
  fold_word(s, len, after, key);
  if (starts_upper(s, len, after) || in_list(key, DETERMINERS))
    add_plain(sc, i, trim_back(s, i, j));
}

/* Reads the chain or parenthesis at s[i], if any; returns where to go on. */
static size_t scan_at(Scan *sc, size_t i) {
  const FlatText *ft = sc->ft;
  Chain c;
  if (ft->text[i] == '(' && scan_paren(ft, i, &c)) {
    add_chain(sc, &c, false);
    return c.end;
  }
  if (read_chain(ft, i, &c)) {
    add_chain(sc, &c, !verb_follows(ft->text, ft->len, c.end));
    return c.end;
  }
  return 0;
}

int terms_scan(Arena *a, const FlatText *ft, bool in_definitions, TermMatch **out) {
  Scan sc = {.a = a, .ft = ft};
  size_t i = scan_numbered_title(&sc);
  if (i == 0 && in_definitions)
    scan_colon(&sc);
  while (i < ft->len) {
    /* Only ( and the opening quotes « " “ start something: skip the rest
     * bytewise (their bytes are never inside another character). */
    unsigned char b = (unsigned char)ft->text[i];
    if (b != '(' && b != '"' && b != 0xC2 && b != 0xE2) {
      i++;
      continue;
    }
    size_t next = scan_at(&sc, i);
    if (next > i) {
      i = next;
      continue;
    }
    int n;
    cp_at(ft->text, ft->len, i, &n);
    i += (size_t)(n ? n : 1);
  }
  *out = arena_alloc(a, sizeof(TermMatch) * (size_t)(sc.found.len ? sc.found.len : 1));
  for (int k = 0; k < sc.found.len; k++)
    (*out)[k] = *(TermMatch *)sc.found.items[k];
  return sc.found.len;
}

/* ---- Plurals and singulars --------------------------------------------------- */

static const char *const PREPOSITIONS[] = {"de",     "du",    "des",  "d",     "a",    "au",
                                           "aux",    "en",    "pour", "par",   "sur",  "sous",
                                           "avec",   "sans",  "dans", "entre", "chez", "vers",
                                           "contre", "selon", "et",   "ou",    NULL};

static bool ends_with(const char *w, size_t n, const char *suffix) {
  size_t k = strlen(suffix);
  return n >= k && memcmp(w + n - k, suffix, k) == 0;
}

/* A word takes a plural when it is a lower-case word, or a capitalised one:
 * not an acronym (API), not a brand (TikTok), not a number. */
static bool inflectable(const char *w, size_t n) {
  int letters = 0;
  for (size_t i = 0; i < n;) {
    int k;
    int cp = cp_at(w, n, i, &k);
    if (uni_isdigit(cp))
      return false;
    if (is_upper(cp) && i > 0 && w[i - 1] != '-')
      return false;
    letters += uni_isalpha(cp);
    i += (size_t)(k ? k : 1);
  }
  return letters >= 2;
}

/* Writes the plural of w to out; returns its length (at most n + 1). */
static size_t plural_of(const char *w, size_t n, char *out) {
  memcpy(out, w, n);
  if (ends_with(w, n, "s") || ends_with(w, n, "x") || ends_with(w, n, "z"))
    return n;
  if (ends_with(w, n, "al")) {
    memcpy(out + n - 2, "aux", 3);
    return n + 1;
  }
  out[n] = ends_with(w, n, "au") || ends_with(w, n, "eu") ? 'x' : 's';
  return n + 1;
}

/* Writes the singular of w to out; returns its length (at most n). */
static size_t singular_of(const char *w, size_t n, char *out) {
  memcpy(out, w, n);
  if (ends_with(w, n, "eaux") || ends_with(w, n, "eux") || ends_with(w, n, "oux"))
    return n - 1;
  if (ends_with(w, n, "aux")) {
    memcpy(out + n - 3, "al", 2);
    return n - 1;
  }
  /* Pays, Accès, Adresse: words that end in s in the singular. */
  if (ends_with(w, n, "s") && !ends_with(w, n, "ss") && !ends_with(w, n, "ys") &&
      !ends_with(w, n, "ès"))
    return n - 1;
  return n;
}

/* Whether the word at s[i] is a preposition: « de », « pour », the « d »
 * of « d’utilisation », but not the « Sous » of « Sous-traitant ». */
static bool is_preposition(const char *s, size_t len, size_t i) {
  char key[KEY_MAX];
  size_t e = fold_word(s, len, i, key);
  int n;
  return in_list(key, PREPOSITIONS) &&
         (e >= len || is_apostrophe(cp_at(s, len, e, &n)) || is_space(cp_at(s, len, e, &n)));
}

/* The name with each word before the first preposition inflected, as
 * adjectives agree with their noun (Utilisateurs finaux, Durées Initiales);
 * acronyms and brands stay as written (API Viber). */
static char *inflect(Arena *a, const char *name, bool plural) {
  size_t len = strlen(name), n = 0;
  char *out = arena_alloc(a, len * 2 + 8);
  bool stop = false;
  for (size_t i = 0; i < len;) {
    if (name[i] == ' ') {
      out[n++] = name[i++];
      continue;
    }
    size_t e = i;
    while (e < len && name[e] != ' ')
      e++;
    stop |= is_preposition(name, e, i);
    if (stop || !inflectable(name + i, e - i)) {
      memcpy(out + n, name + i, e - i);
      n += e - i;
    } else {
      n += plural ? plural_of(name + i, e - i, out + n) : singular_of(name + i, e - i, out + n);
    }
    i = e;
  }
  out[n] = '\0';
  return out;
}

int term_inflections(Arena *a, const char *name, const char **out) {
  size_t head = 0;
  while (name[head] && name[head] != ' ')
    head++;
  if (is_pronoun(name) || !inflectable(name, head) || is_preposition(name, strlen(name), 0))
    return 0;
  const char *plural = inflect(a, name, true), *singular = inflect(a, name, false);
  int n = 0;
  if (strcmp(plural, name) != 0)
    out[n++] = plural;
  if (strcmp(singular, name) != 0 && strcmp(singular, plural) != 0)
    out[n++] = singular;
  return n;
}

/* Phrase keys longer than this are cut; both sides of a lookup cut alike. */
#define PHRASE_KEY_MAX 1024

/* A key that groups the spellings of a phrase: folded words, each in the
 * singular (Parties and Partie, Données Clients and Donnée Client).  Writes
 * at most cap - 1 bytes to out. */
static char *phrase_key_in(const char *s, size_t len, char *out, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < len;) {
    int m;
    if (!is_word(cp_at(s, len, i, &m))) {
      i += (size_t)(m ? m : 1);
      continue;
    }
    char key[KEY_MAX];
    i = fold_word(s, len, i, key);
    size_t k = strlen(key);
    if (n + k + 2 > cap)
      break;
    if (n)
      out[n++] = ' ';
    n += singular_of(key, k, out + n);
  }
  out[n] = '\0';
  return out;
}

static const char *phrase_key(Arena *a, const char *s, size_t len) {
  char key[PHRASE_KEY_MAX];
  return arena_strdup(a, phrase_key_in(s, len, key, sizeof key));
}

/* ---- Finding uses ------------------------------------------------------------ */

/* One spelling of a term.  A form of one word is filed under that word,
 * folded; a longer form under its first two words, so that a thousand
 * terms that start with « Services » do not all wait behind that word. */
typedef struct Form {
  const char *text;
  size_t len;
  Term *term;
  int order; /* rank of indexing, for a stable sort */
} Form;

typedef struct Bucket {
  PtrVec forms; /* Form*, longest first */
} Bucket;

struct TermIndex {
  StrMap *by_key; /* "word" or "word word", folded → Bucket* */
  StrMap *firsts; /* the first word of every form, folded → non-NULL */
  PtrVec buckets;
  uint64_t prefixes[1024]; /* the first three bytes of those words, hashed
                              (prefix_hash), as a bit set */
};

static unsigned prefix_hash(unsigned char a, unsigned char b, unsigned char c) {
  return (a * 961u + b * 31u + c) & 0xFFFF;
}

/* prefix_hash of the first three bytes of the folded key of the word at s[i]
 * (fold_word; 0 for bytes past a shorter word), when each comes from a
 * character that folds to ASCII (é → e); -1 otherwise. */
static int key_prefix(const char *s, size_t len, size_t i) {
  unsigned char k[3] = {0, 0, 0};
  for (int m = 0; m < 3 && i < len; m++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if (!ascii_fold[c])
        break;
      k[m] = ascii_fold[c];
      i++;
      continue;
    }
    int n;
    int cp = decode(s + i, len - i, &n);
    if (cp < 0 || !uni_isword(cp))
      break;
    int f = uni_tolower(uni_unaccent(cp));
    if (f >= 0x80)
      return -1;
    k[m] = (unsigned char)f;
    i += (size_t)n;
  }
  return (int)prefix_hash(k[0], k[1], k[2]);
}

/* The lookup keys of the words at s[i]: the first word, and the first two
 * when a second follows across spaces, apostrophes or a hyphen.  Returns
 * whether there is a pair; *one_len is where the first word's key ends. */
static bool word_keys(const char *s, size_t len, size_t i, char key[2 * KEY_MAX], size_t *one_len) {
  size_t e = fold_word(s, len, i, key), j = skip_joiners(s, len, e);
  *one_len = strlen(key);
  if (j == e || j >= len || fold_word(s, len, j, key + *one_len + 1) == j) {
    key[*one_len] = '\0';
    return false;
  }
  key[*one_len] = ' ';
  return true;
}

static int longest_first(const void *pa, const void *pb) {
  const Form *a = *(Form *const *)pa, *b = *(Form *const *)pb;
  if (a->len != b->len)
    return a->len > b->len ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

static void index_form(Arena *a, TermIndex *ix, StrMap *seen, Term *t, const char *text) {
  char key[2 * KEY_MAX];
  size_t one;
  if (strmap_get(seen, text) || fold_word(text, strlen(text), 0, key) == 0)
    return; /* an earlier term has this spelling, or it starts with no word */
  strmap_put(seen, text, t);
  word_keys(text, strlen(text), 0, key, &one);
  Bucket *b = strmap_get(ix->by_key, key);
  if (!b) {
    b = arena_alloc(a, sizeof *b);
    strmap_put(ix->by_key, arena_strdup(a, key), b);
    vec_push(a, &ix->buckets, b);
  }
  key[one] = '\0';
  if (!strmap_get(ix->firsts, key))
    strmap_put(ix->firsts, arena_strdup(a, key), b);
  unsigned char k1 = key[0] ? (unsigned char)key[1] : 0, k2 = k1 ? (unsigned char)key[2] : 0;
  unsigned h = prefix_hash((unsigned char)key[0], k1, k2);
  ix->prefixes[h >> 6] |= (uint64_t)1 << (h & 63);
  Form *f = arena_alloc(a, sizeof *f);
  f->text = text;
  f->len = strlen(text);
  f->term = t;
  f->order = b->forms.len;
  vec_push(a, &b->forms, f);
}

TermIndex *term_index_new(Arena *a, Term **terms, int nterms) {
  TermIndex *ix = arena_alloc(a, sizeof *ix);
  ix->by_key = strmap_new(a);
  ix->firsts = strmap_new(a);
  StrMap *seen = strmap_new(a);
  for (int i = 0; i < nterms; i++) {
    if (terms[i]->pronoun)
      continue; /* vous, votre: recorded, not tracked */
    for (int k = 0; k < terms[i]->nforms; k++)
      index_form(a, ix, seen, terms[i], terms[i]->forms[k]);
  }
  for (int i = 0; i < ix->buckets.len; i++) {
    Bucket *b = ix->buckets.items[i];
    qsort(b->forms.items, (size_t)b->forms.len, sizeof(void *), longest_first);
  }
  return ix;
}

/* A sentence starts at s[i]: only spaces, quotes, brackets or stars stand
 * between it and the start or a full stop. */
static bool sentence_starts(const char *s, size_t i) {
  for (int steps = 0; steps < 8; steps++) {
    size_t k;
    int cp = cp_before(s, i, &k);
    if (cp < 0 || cp == '.' || cp == '!' || cp == '?')
      return true;
    bool opening = (cp > 0 && cp < 128 && strchr("\"(*[", cp)) || cp == 0xAB || cp == 0x201C;
    if (!is_space(cp) && !opening)
      return false;
    i = k;
  }
  return false;
}

/* The length of form f matched at s[i], or 0.  Characters must be equal,
 * except that a text in capitals matches the form in capitals (accents
 * aside), and a form in lower case takes a capital where a sentence starts. */
static size_t match_form(const char *s, size_t len, size_t i, const Form *f, bool sentence) {
  size_t j = i, k = 0;
  bool caps = false, lower = false;
  while (k < f->len) {
    int fn, tn;
    int fc = cp_at(f->text, f->len, k, &fn), tc = cp_at(s, len, j, &tn);
    if (tc < 0 && tn == 0)
      return 0;
    if (fc == ' ') {
      if (!is_space(tc))
        return 0;
      j = skip_spaces(s, len, j);
      k += (size_t)fn;
      continue;
    }
    lower |= is_lower(tc);
    if (tc != fc && !(is_apostrophe(fc) && is_apostrophe(tc))) {
      bool initial = k == 0 && sentence && is_lower(fc) && tc == uni_toupper(fc);
      if (!initial && !(is_upper(tc) && uni_unaccent(tc) == uni_unaccent(uni_toupper(fc))))
        return 0;
      caps |= !initial;
    }
    j += (size_t)(tn ? tn : 1);
    k += (size_t)(fn ? fn : 1);
  }
  if ((caps && lower) || !word_stops(s, len, j))
    return 0;
  return j - i;
}

/* The state of skip_region along a paragraph. */
typedef struct Regions {
  int span;            /* walks the spans in order */
  size_t code_off;     /* the code span spans[span], or SIZE_MAX when none is */
  size_t code_end;     /* left; until code_end, span need not move */
  size_t tok, tok_end; /* the last run of non-spaces read for an address */
  size_t mark;         /* the last offset in it where @, :// or www. stands */
  bool marked;         /* whether there is one */
  int marks;           /* whether the paragraph holds any mark: 0 not known
                          yet, 1 none (most), 2 some */
} Regions;

static size_t address_at(const FlatText *ft, size_t i, Regions *r);

/* Where a code span or a web address that starts at s[i] ends; 0 when none
 * does.  An address is a run of non-spaces after a space, ( or < that holds
 * @, :// or www.; each run is read once, as later starts inside it only ask
 * whether a mark stands at or after them. */
static inline size_t skip_region(const FlatText *ft, size_t i, Regions *r) {
  if (i >= r->code_end) {
    while (r->span < ft->nspans && (ft->spans[r->span].kind != SPAN_CODE ||
                                    ft->spans[r->span].off + ft->spans[r->span].len <= i))
      r->span++;
    bool code = r->span < ft->nspans;
    r->code_off = code ? ft->spans[r->span].off : SIZE_MAX;
    r->code_end = code ? ft->spans[r->span].off + ft->spans[r->span].len : SIZE_MAX;
  }
  if (r->code_off <= i)
    return r->code_end;
  /* Only a run of non-spaces after a space, ( or < may be an address. */
  unsigned char c = (unsigned char)ft->text[i], p = i ? (unsigned char)ft->text[i - 1] : ' ';
  if (c == ' ' || (p < 0x80 && p != ' ' && !(p >= '\t' && p <= '\r') && p != '(' && p != '<'))
    return 0;
  return address_at(ft, i, r);
}

/* Whether t holds @, :// or www. anywhere (memchr finds the rare first
 * bytes fast). */
static bool has_mark(const char *t, size_t len) {
  if (memchr(t, '@', len))
    return true;
  for (const char *p = t; (p = memchr(p, ':', len - (size_t)(p - t))); p++)
    if (len - (size_t)(p - t) > 2 && p[1] == '/' && p[2] == '/')
      return true;
  for (const char *p = t; (p = memchr(p, 'w', len - (size_t)(p - t))); p++)
    if (len - (size_t)(p - t) > 3 && memcmp(p, "www.", 4) == 0)
      return true;
  return false;
}

static size_t address_at(const FlatText *ft, size_t i, Regions *r) {
  if (!r->marks)
    r->marks = has_mark(ft->text, ft->len) ? 2 : 1;
  if (r->marks == 1)
    return 0;
  size_t k;
  int prev = cp_before(ft->text, i, &k);
  if (ft->text[i] == ' ' || !(prev < 0 || is_space(prev) || prev == '(' || prev == '<'))
    return 0;
  if (i < r->tok || i >= r->tok_end) {
    const char *t = ft->text;
    size_t e = i;
    r->marked = false;
    for (; e < ft->len && t[e] != ' '; e++)
      if (t[e] == '@' || (t[e] == ':' && e + 2 < ft->len && t[e + 1] == '/' && t[e + 2] == '/') ||
          (t[e] == 'w' && e + 3 < ft->len && memcmp(t + e, "www.", 4) == 0)) {
        r->marked = true;
        r->mark = e;
      }
    r->tok = i;
    r->tok_end = e;
  }
  return r->marked && r->mark >= i ? r->tok_end : 0;
}

static const Form *match_bucket(const Bucket *b, const char *s, size_t len, size_t i,
                                size_t *mlen) {
  bool sentence = sentence_starts(s, i);
  for (int k = 0; b && k < b->forms.len; k++) {
    const Form *f = b->forms.items[k];
    if ((*mlen = match_form(s, len, i, f, sentence)))
      return f;
  }
  return NULL;
}

/* The longest form that matches at the word that starts at s[i]: forms of
 * two words or more first, as they are the longer when both match.  Most
 * words start no form: one fold and one lookup rule them out. */
static const Form *longest_match(const TermIndex *ix, const char *s, size_t len, size_t i,
                                 size_t *mlen) {
  char key[2 * KEY_MAX];
  size_t one;
  const Form *f = NULL;
  fold_word(s, len, i, key);
  if (!strmap_get(ix->firsts, key))
    return NULL;
  if (word_keys(s, len, i, key, &one))
    f = match_bucket(strmap_get(ix->by_key, key), s, len, i, mlen);
  key[one] = '\0';
  return f ? f : match_bucket(strmap_get(ix->by_key, key), s, len, i, mlen);
}

/* Appends a use to a growable array in the arena. */
static void push_use(Arena *a, TermUse **uses, int *n, int *cap, TermUse u) {
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 4;
    TermUse *bigger = arena_alloc(a, sizeof(TermUse) * (size_t)*cap);
    if (*n)
      memcpy(bigger, *uses, sizeof(TermUse) * (size_t)*n);
    *uses = bigger;
  }
  (*uses)[(*n)++] = u;
}

int terms_find_uses(Arena *a, const TermIndex *ix, const FlatText *ft, TermUse **out) {
  const char *s = ft->text;
  size_t len = ft->len;
  int n = 0, cap = 0;
  Regions regions = {0};
  *out = NULL;
  for (size_t i = 0; i < len;) {
    size_t skip = skip_region(ft, i, &regions);
    if (skip > i) {
      i = skip;
      continue;
    }
    int k;
    int cp = cp_at(s, len, i, &k);
    if (!is_word(cp) || !word_starts(s, i)) {
      i += (size_t)(k ? k : 1);
      continue;
    }
    int h = key_prefix(s, len, i); /* most words start no form: a bit says so */
    if (h >= 0 && !(ix->prefixes[h >> 6] >> (h & 63) & 1)) {
      i = word_end(s, len, i);
      continue;
    }
    size_t m = 0;
    const Form *f = longest_match(ix, s, len, i, &m);
    if (!f) {
      i = word_end(s, len, i);
      continue;
    }
    push_use(a, out, &n, &cap,
             (TermUse){.term = f->term, .flat = (FlatText *)ft, .off = i, .len = m});
    i += m;
  }
  if (!*out)
    *out = arena_alloc(a, sizeof(TermUse));
  return n;
}

/* ---- The stage: definitions ------------------------------------------------------ */

typedef struct Range {
  size_t off, end;
} Range;

/* Words after a phrase that every use of it shares are shown with it:
 * « Sociétés affiliées », not « Sociétés ». */
#define MAX_TAIL 3

typedef struct Tail {
  char words[MAX_TAIL][KEY_MAX]; /* folded */
  size_t ends[MAX_TAIL];         /* where each ends in the text */
  bool joins[MAX_TAIL];          /* a connector (de, à…): never shown last */
  int n;
} Tail;

/* A capitalised phrase that no definition gives. */
typedef struct Phrase {
  const char *key;      /* phrase_key: singular, folded */
  const char *text;     /* as shown (merge_phrases) */
  const FlatText *flat; /* its first use like a term, or NULL */
  int fi;               /* index of that flat */
  size_t off, end;
  Tail tail;   /* what follows every use like a term */
  int count;   /* uses after a determiner */
  int branded; /* uses right before a brand: « Groupe ALLMYCMS » */
  bool name;   /* also written like a name: par Viber, à ChatConference */
} Phrase;

typedef struct Stage {
  Document *doc;
  Arena *a;
  StrMap *by_name; /* folded name or form → the Term that first defined it */
  PtrVec *sites;   /* per flat: Range* of the definitions it holds */
  TermUse **uses;  /* per flat: its uses */
  int *nuses;
  StrMap *defined; /* phrase key of every form and self: name → non-NULL */
  StrMap *phrases; /* phrase key → Phrase* */
  PtrVec phrase_list;
} Stage;

/* Whether c or an enclosing clause is titled « Définitions ». */
static bool definitions_clause(Arena *a, Clause *c) {
  for (; c; c = c->parent) {
    if (c->title && !c->folded_title)
      c->folded_title = text_fold(a, c->title, strlen(c->title)); /* once per clause */
    if (c->title && strstr(c->folded_title, "definition"))
      return true;
  }
  return false;
}

/* The first whole-word occurrence of text in ft, matched as a use is. */
static bool find_occurrence(const FlatText *ft, const char *text, size_t *off, size_t *len) {
  Form f = {.text = text, .len = strlen(text)};
  for (size_t i = 0; i < ft->len;) {
    int n;
    int cp = cp_at(ft->text, ft->len, i, &n);
    if (!is_word(cp) || !word_starts(ft->text, i)) {
      i += (size_t)(n ? n : 1);
      continue;
    }
    size_t m = match_form(ft->text, ft->len, i, &f, sentence_starts(ft->text, i));
    if (m) {
      *off = i;
      *len = m;
      return true;
    }
    i = word_end(ft->text, ft->len, i);
  }
  return false;
}

static const char *collapse_spaces(Arena *a, const char *s) {
  size_t len = strlen(s), n = 0;
  char *out = arena_alloc(a, len + 1);
  for (size_t i = 0; i < len; i++)
    if (s[i] != ' ' || (n && out[n - 1] != ' '))
      out[n++] = s[i];
  while (n && out[n - 1] == ' ')
    n--;
  out[n] = '\0';
  return out;
}

/* The definition a termc:define makes in ft: the first occurrence of its
 * first word; the other words are variants.  NULL when ft lacks the word. */
static TermMatch *explicit_match(Arena *a, const FlatText *ft, const Annot *an) {
  PtrVec names = {0};
  for (int k = 0; k < an->nwords; k++)
    canon_item(a, an->words[k], strlen(an->words[k]), &names);
  size_t off, len;
  if (names.len == 0 || (!find_occurrence(ft, collapse_spaces(a, an->words[0]), &off, &len) &&
                         !find_occurrence(ft, names.items[0], &off, &len)))
    return NULL;
  TermMatch *m = arena_alloc(a, sizeof *m);
  *m = (TermMatch){.off = off, .len = len, .name = names.items[0]};
  m->variants = (const char **)names.items + 1;
  m->nvariants = names.len - 1;
  return m;
}

/* The termc:define annotations, on ft's block or an enclosing one, whose
 * term first occurs in ft. */
static void explicit_defines(Stage *st, const FlatText *ft, PtrVec *out) {
  for (Block *b = ft->block; b; b = b->parent) {
    for (int k = 0; k < b->annots.len; k++) {
      Annot *an = b->annots.items[k];
      if (an->kind != ANNOT_DEFINE || an->uses > 0 || an->nwords == 0)
        continue;
      TermMatch *m = explicit_match(st->a, ft, an);
      if (m) {
        an->uses++;
        vec_push(st->a, out, m);
      }
    }
  }
}

/* A definition the phrasing gives that an explicit one already makes. */
static bool overridden(Arena *a, const TermMatch *m, const PtrVec *explicit) {
  if (explicit->len == 0)
    return false;
  const char *folded = text_fold(a, m->name, strlen(m->name));
  for (int k = 0; k < explicit->len; k++) {
    const TermMatch *e = explicit->items[k];
    if (m->off < e->off + e->len && e->off < m->off + m->len)
      return true;
    if (strcmp(folded, text_fold(a, e->name, strlen(e->name))) == 0)
      return true;
  }
  return false;
}

static int by_offset(const void *pa, const void *pb) {
  const TermMatch *a = *(TermMatch *const *)pa, *b = *(TermMatch *const *)pb;
  return a->off < b->off ? -1 : a->off > b->off;
}

/* A « ; » or a full stop followed by a new sentence ends a segment. */
static size_t segment_break(const char *s, size_t len, size_t i) {
  if (s[i] == ';')
    return skip_spaces(s, len, i + 1);
  if (!strchr(".!?", s[i]) || s[i] == '\0' || i + 1 >= len || s[i + 1] != ' ')
    return 0;
  size_t j = skip_spaces(s, len, i + 1);
  int n;
  int cp = cp_at(s, len, j, &n);
  return is_upper(cp) || uni_isdigit(cp) || cp == 0xAB || cp == '"' || cp == '(' ? j : 0;
}

/* What each definition of a paragraph defines it by: the whole paragraph
 * when it makes one definition; otherwise the sentence or list entry
 * (« ; ») that holds it, up to the next one holding another definition. */
static const char **definition_texts(Arena *a, const FlatText *ft, TermMatch **ms, int n) {
  const char **out = arena_alloc(a, sizeof(char *) * (size_t)(n ? n : 1));
  if (n == 1) {
    out[0] = ft->text;
    return out;
  }
  size_t *start = arena_alloc(a, sizeof(size_t) * (size_t)(n + 1)), seg = 0;
  int k = 0;
  for (size_t i = 0; i < ft->len && k < n; i++) {
    while (k < n && ms[k]->off <= i)
      start[k++] = seg;
    size_t b = segment_break(ft->text, ft->len, i);
    if (b)
      seg = b;
  }
  while (k < n)
    start[k++] = seg;
  size_t end = ft->len;
  for (k = n - 1; k >= 0; k--) {
    if (k + 1 < n && start[k + 1] == start[k]) {
      out[k] = out[k + 1]; /* same segment: one copy, however many terms it defines */
      continue;
    }
    if (k + 1 < n)
      end = start[k + 1];
    size_t stop = trim_back(ft->text, start[k], end);
    while (stop > start[k] && (ft->text[stop - 1] == ';' || ft->text[stop - 1] == ' '))
      stop--;
    out[k] = arena_strndup(a, ft->text + start[k], stop - start[k]);
  }
  return out;
}

static void add_site(Stage *st, int fi, size_t off, size_t len) {
  Range *r = arena_alloc(st->a, sizeof *r);
  *r = (Range){off, off + len};
  vec_push(st->a, &st->sites[fi], r);
}

/* name, variants, and the plural or singular of each. */
static void set_forms(Arena *a, Term *t, const TermMatch *m) {
  PtrVec forms = {0};
  push_unique(a, &forms, m->name);
  for (int k = 0; k < m->nvariants; k++)
    push_unique(a, &forms, m->variants[k]);
  int given = forms.len;
  const char **keys = arena_alloc(a, sizeof(char *) * (size_t)given);
  for (int k = 0; k < given; k++)
    keys[k] = phrase_key(a, forms.items[k], strlen(forms.items[k]));
  for (int k = 0; k < given && !t->pronoun; k++) {
    bool numbered = false; /* Service(s): the text gave both numbers */
    for (int j = 0; j < given; j++)
      numbered |= j != k && strcmp(keys[j], keys[k]) == 0;
    if (numbered)
      continue;
    const char *inflected[4];
    int n = term_inflections(a, forms.items[k], inflected);
    for (int j = 0; j < n; j++)
      push_unique(a, &forms, inflected[j]);
  }
  t->forms = (const char **)forms.items;
  t->nforms = forms.len;
}

static void register_forms(Stage *st, Term *t) {
  for (int k = 0; k < t->nforms; k++) {
    const char *key = text_fold(st->a, t->forms[k], strlen(t->forms[k]));
    if (!strmap_get(st->by_name, key))
      strmap_put(st->by_name, key, t);
  }
}

/* A second definition: reported where it stands; its forms join the first
 * definition's, so that every use links to the first. */
static void merge_duplicate(Stage *st, Term *first, Term *t) {
  Document *doc = st->doc;
  const char *also =
      strcmp(first->name, t->name) == 0 ? "" : arena_printf(st->a, " (« %s »)", first->name);
  Diag *g = diag_report(&doc->comp->diags, D_DUPLICATE_TERM, doc->src->path, t->pos,
                        "le terme « %s » est défini une seconde fois ; sa première définition "
                        "est ligne %d%s : gardez-en une seule",
                        t->name, first->pos.line, also);
  g->subject = t->name;
  g->term = first;
  PtrVec forms = {0};
  for (int k = 0; k < first->nforms; k++)
    vec_push(st->a, &forms, (void *)first->forms[k]);
  for (int k = 0; k < t->nforms; k++)
    push_unique(st->a, &forms, t->forms[k]);
  first->forms = (const char **)forms.items;
  first->nforms = forms.len;
  register_forms(st, first);
}

static void add_definition(Stage *st, int fi, FlatText *ft, const TermMatch *m, const char *def) {
  Term *t = arena_alloc(st->a, sizeof *t);
  t->name = m->name;
  t->pronoun = is_pronoun(m->name);
  t->pos = flat_pos(st->doc->src, ft, m->off);
  t->flat = ft;
  t->off = m->off;
  t->len = m->len;
  t->clause = ft->block ? ft->block->owner : NULL;
  t->definition = def;
  set_forms(st->a, t, m);
  add_site(st, fi, m->off, m->len);
  Term *first = strmap_get(st->by_name, text_fold(st->a, t->name, strlen(t->name)));
  if (first) {
    merge_duplicate(st, first, t);
    return;
  }
  register_forms(st, t);
  vec_push(st->a, &st->doc->terms, t);
}

/* The definitions of one paragraph or heading: explicit ones first, then
 * those of its phrasing that they do not already make. */
static void flat_definitions(Stage *st, int fi) {
  FlatText *ft = st->doc->flats.items[fi];
  bool paragraph = !ft->block || ft->block->kind == BLOCK_PARAGRAPH;
  bool in_defs = paragraph && ft->block && definitions_clause(st->a, ft->block->owner);
  TermMatch *scanned;
  int n = terms_scan(st->a, ft, in_defs, &scanned);
  PtrVec explicit = {0}, all = {0};
  explicit_defines(st, ft, &explicit);
  for (int k = 0; k < explicit.len; k++)
    vec_push(st->a, &all, explicit.items[k]);
  for (int k = 0; k < n; k++)
    if (!overridden(st->a, &scanned[k], &explicit))
      vec_push(st->a, &all, &scanned[k]);
  if (all.len == 0)
    return;
  qsort(all.items, (size_t)all.len, sizeof(void *), by_offset);
  const char **defs = definition_texts(st->a, ft, (TermMatch **)all.items, all.len);
  for (int k = 0; k < all.len; k++)
    add_definition(st, fi, ft, all.items[k], defs[k]);
}

/* A termc:define whose term its block never writes. */
static void report_lost_defines(Stage *st) {
  Document *doc = st->doc;
  for (Block *b = doc->root; b;) {
    for (int k = 0; k < b->annots.len; k++) {
      Annot *an = b->annots.items[k];
      if (an->kind == ANNOT_DEFINE && an->uses == 0 && an->nwords > 0)
        diag_report(&doc->comp->diags, D_BAD_ANNOTATION, doc->src->path, an->pos,
                    "« termc:define » : le terme « %s » n’apparaît pas dans le bloc qui suit "
                    "l’annotation",
                    an->words[0]);
    }
    if (b->children) { /* next block in document order, without recursion */
      b = b->children;
      continue;
    }
    while (b && !b->next)
      b = b->parent;
    b = b ? b->next : NULL;
  }
}

/* ---- The stage: uses ---------------------------------------------------------- */

/* The words at [off, end) stand between quotes: « Compte Client » in
 * (ci-après le « Compte » ou « Compte Client »). */
static bool quoted_at(const FlatText *ft, size_t off, size_t end) {
  size_t k;
  int before = cp_before(ft->text, trim_back(ft->text, 0, off), &k);
  int n;
  int after = cp_at(ft->text, ft->len, skip_spaces(ft->text, ft->len, end), &n);
  return closing_quote(before) && (after == 0xBB || after == '"' || after == 0x201D);
}

/* The uses of one paragraph, without the definitions it holds. */
static void flat_uses(Stage *st, const TermIndex *ix, int fi) {
  FlatText *ft = st->doc->flats.items[fi];
  TermUse *uses;
  int n = terms_find_uses(st->a, ix, ft, &uses), kept = 0;
  const PtrVec *sites = &st->sites[fi];
  int next_site = 0; /* sites and uses are both in order of offset */
  for (int k = 0; k < n; k++) {
    TermUse *u = &uses[k];
    while (next_site < sites->len && ((Range *)sites->items[next_site])->end <= u->off)
      next_site++;
    const Range *r = next_site < sites->len ? sites->items[next_site] : NULL;
    if ((r && r->off < u->off + u->len) ||
        (sites->len > 0 && quoted_at(ft, u->off, u->off + u->len)))
      continue;
    u->pos = flat_pos(st->doc->src, ft, u->off);
    uses[kept++] = *u;
  }
  for (int k = 0; k < kept; k++)
    vec_push(st->a, &uses[k].term->uses, &uses[k]);
  st->uses[fi] = uses;
  st->nuses[fi] = kept;
}

static void report_unused(Stage *st) {
  Document *doc = st->doc;
  for (int i = 0; i < doc->terms.len; i++) {
    Term *t = doc->terms.items[i];
    if (t->pronoun || t->uses.len > 0)
      continue;
    Diag *g = diag_report(&doc->comp->diags, D_UNUSED_TERM, doc->src->path, t->pos,
                          "le terme « %s » est défini mais n’est employé nulle part ailleurs "
                          "dans le texte",
                          t->name);
    g->subject = t->name;
    g->term = t;
  }
}

/* ---- The stage: capitalised phrases never defined --------------------------------- */

/* Adjectives that may stand between the determiner and the noun. */
static const char *const PRE_ADJECTIVES[] = {
    "autre",    "autres",     "meme",      "memes",       "seul",      "seule",
    "seuls",    "seules",     "present",   "presente",    "presents",  "presentes",
    "nouveau",  "nouvel",     "nouvelle",  "nouveaux",    "nouvelles", "deux",
    "premier",  "premiere",   "dernier",   "derniere",    "futur",     "future",
    "eventuel", "eventuelle", "eventuels", "eventuelles", NULL};
/* Before a common noun these want a determiner; before a name they do not
 * (par Viber, à ChatConference, envers TikTok). */
static const char *const NAME_PREPOSITIONS[] = {
    "par", "a", "avec", "envers", "entre", "chez", "contre", "vers", "selon", "pour", "sur", NULL};
/* What joins the words of a name: Code de la Propriété Intellectuelle. */
static const char *const CONNECTORS[] = {"de", "du",  "des",  "d",  "a",
                                         "au", "aux", "pour", "en", NULL};
/* Words that end what follows a phrase: verbs, pronouns, conjunctions. */
static const char *const TAIL_STOPS[] = {
    "est",   "sont",  "ont",  "peut",   "peuvent", "doit", "doivent", "sera",  "seront",  "ne",
    "n",     "se",    "s",    "qui",    "que",     "qu",   "dont",    "ou",    "et",      "y",
    "si",    "sans",  "dans", "sur",    "par",     "avec", "pour",    "selon", "lorsque", "afin",
    "ainsi", "comme", "en",   "aupres", "entre",   "vers", "chez",    "sous",  "il",      "elle",
    "ils",   "elles", "lui",  "non",    "pas",     "plus", "etc",     NULL};
/* Capitalised nouns that head a citation or name an institution or a
 * place, never a defined term: « l’Article 3 », « l’Union européenne ». */
static const char *const NOT_TERMS[] = {
    "article",    "annexe",   "clause",  "section",    "chapitre",   "titre",      "point",
    "paragraphe", "alinea",   "code",    "loi",        "reglement",  "directive",  "decret",
    "ordonnance", "decision", "traite",  "module",     "union",      "commission", "parlement",
    "conseil",    "etat",     "royaume", "internet",   "web",        "cour",       "tribunal",
    "republique", "europe",   "france",  "belgique",   "luxembourg", "suisse",     "allemagne",
    "espagne",    "italie",   "irlande", "angleterre", "ecosse",     "amerique",   "canada",
    NULL};

static void mark_defined(Stage *st, const char *s) {
  strmap_put(st->defined, phrase_key(st->a, s, strlen(s)), (void *)s);
}

typedef enum Gap { GAP_SPACE, GAP_ELISION, GAP_OTHER } Gap;

/* A word of the walk.  Its folded key and whether it is in capitals are
 * asked of a few words only (those before a capital), so they are computed
 * then: word_key, word_caps. */
typedef struct Word {
  const char *s; /* the paragraph's text */
  size_t len;
  size_t off, end;
  Gap gap;     /* what separates it from the word before */
  bool quoted; /* between quotes: a title or a citation, not prose */
  bool blank;  /* stands for a term or a phrase: never a determiner */
} Word;

/* The word folded, the first part of a compound (« sous » of
 * « Sous-traitant »); "" for a blank word or none. */
static const char *word_key(const Word *w, char key[KEY_MAX]) {
  if (w->blank || !w->s)
    key[0] = '\0';
  else
    fold_word(w->s, w->len, w->off, key);
  return key;
}

typedef struct Walker {
  const FlatText *ft;
  size_t i;    /* where to read on */
  size_t last; /* end of the last word read */
  Regions regions; /* for skip_region */
  bool quoted;
} Walker;

static Gap gap_kind(const char *s, size_t from, size_t to) {
  int n;
  if (from < to && is_apostrophe(cp_at(s, to, from, &n)))
    return skip_spaces(s, to, from + (size_t)n) == to ? GAP_ELISION : GAP_OTHER;
  return from < to && skip_spaces(s, to, from) == to ? GAP_SPACE : GAP_OTHER;
}

static bool has_lower(const char *s, size_t off, size_t end) {
  for (size_t i = off; i < end;) {
    int n;
    if (is_lower(cp_at(s, end, i, &n)))
      return true;
    i += (size_t)(n ? n : 1);
  }
  return false;
}

/* Moves to the next word start, skipping code spans and web addresses and
 * noting quotes; returns whether something was skipped. */
static bool walk_to_word(Walker *w) {
  const char *s = w->ft->text;
  size_t len = w->ft->len;
  bool skipped = false;
  while (w->i < len) {
    size_t skip = skip_region(w->ft, w->i, &w->regions);
    if (skip > w->i) {
      w->i = skip;
      skipped = true;
      continue;
    }
    int n;
    int cp = cp_at(s, len, w->i, &n);
    if (is_word(cp) && word_starts(s, w->i))
      break;
    if (cp == 0xAB || cp == 0x201C || cp == 0xBB || cp == 0x201D || cp == '"')
      w->quoted = cp == '"' ? !w->quoted : (cp == 0xAB || cp == 0x201C);
    w->i += (size_t)(n ? n : 1);
  }
  return skipped;
}

/* The next word, compounds whole. */
static bool next_word(Walker *w, Word *out) {
  const char *s = w->ft->text;
  size_t len = w->ft->len;
  bool skipped = walk_to_word(w);
  if (w->i >= len)
    return false;
  out->s = s;
  out->len = len;
  out->off = w->i;
  out->end = compound_end(s, len, w->i);
  out->gap = skipped ? GAP_OTHER : gap_kind(s, w->last, out->off);
  out->quoted = w->quoted;
  out->blank = false;
  w->i = w->last = out->end;
  return true;
}

/* The end of the covered range (a use or a definition) holding pos, or 0. */
static size_t covered_end(const Range *cov, int n, size_t pos) {
  int lo = 0, hi = n;
  while (lo < hi) { /* the first range that starts after pos */
    int mid = (lo + hi) / 2;
    if (cov[mid].off <= pos)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo > 0 && pos < cov[lo - 1].end ? cov[lo - 1].end : 0;
}

/* The capitalised word a connector leads to (« de la » Propriété), or 0. */
static size_t after_connector(const char *s, size_t len, size_t j) {
  char key[KEY_MAX];
  size_t e = fold_word(s, len, j, key);
  int n;
  if (e == j || !in_list(key, CONNECTORS))
    return 0;
  if (strcmp(key, "d") == 0) {
    if (!is_apostrophe(cp_at(s, len, e, &n)))
      return 0;
    e += (size_t)n;
  } else if (skip_spaces(s, len, e) == e) {
    return 0;
  }
  return skip_article(s, len, skip_spaces(s, len, e));
}

/* Extends a phrase over the capitalised words after it, directly or through
 * « de », « à la »… (Code de la Propriété Intellectuelle), but not into a
 * defined term, an acronym or a brand. */
static size_t phrase_end(const FlatText *ft, const Range *cov, int ncov, size_t end) {
  const char *s = ft->text;
  size_t len = ft->len;
  for (int words = 1; words < MAX_PHRASE_WORDS; words++) {
    size_t j = skip_spaces(s, len, end), k = after_connector(s, len, j);
    if (j == end)
      break;
    k = k ? k : j;
    int n;
    if (!is_upper(cp_at(s, len, k, &n)) || !word_starts(s, k))
      break;
    size_t e = compound_end(s, len, k);
    if (!inflectable(s + k, e - k) || covered_end(cov, ncov, k))
      break;
    end = e;
  }
  return end;
}

/* The words that follow a phrase ending at s[end], up to a verb, a
 * determiner or punctuation: « affiliées à TikTok ». */
static void read_tail(const char *s, size_t len, size_t end, Tail *t) {
  t->n = 0;
  size_t j = end;
  bool elided = false;
  while (t->n < MAX_TAIL) {
    size_t k = elided ? j : skip_spaces(s, len, j);
    if (k == j && !elided)
      break;
    size_t e = compound_end(s, len, k);
    if (e == k)
      break;
    char *key = t->words[t->n];
    fold_word(s, len, k, key);
    if (in_list(key, TAIL_STOPS) || (in_list(key, DETERMINERS) && strcmp(key, "des") != 0 &&
                                     strcmp(key, "du") != 0 && strcmp(key, "aux") != 0))
      break;
    int n;
    elided = strcmp(key, "d") == 0 && is_apostrophe(cp_at(s, len, e, &n));
    t->joins[t->n] = in_list(key, CONNECTORS);
    t->ends[t->n++] = e;
    j = elided ? e + (size_t)n : e;
  }
}

/* Keeps the leading words of p's tail that t shares. */
static void common_tail(Tail *p, const Tail *t) {
  int n = 0;
  while (n < p->n && n < t->n && strcmp(p->words[n], t->words[n]) == 0)
    n++;
  p->n = n;
}

/* No lower-case letter. */
static bool word_caps(const Word *w) { return !has_lower(w->s, w->off, w->end); }

static bool is_determiner(const Word *w, Gap gap_after) {
  char key[KEY_MAX];
  if (!in_list(word_key(w, key), DETERMINERS) || (word_caps(w) && w->end - w->off > 1))
    return false; /* LES in a passage in capitals */
  return strcmp(key, "l") == 0 ? gap_after == GAP_ELISION : gap_after == GAP_SPACE;
}

/* la Convention, l’autre Partie, toute nouvelle Commande. */
static bool after_determiner(const Word *prev, const Word *prev2, const Word *cur) {
  if (is_determiner(prev, cur->gap))
    return true;
  char key[KEY_MAX];
  return cur->gap == GAP_SPACE && in_list(word_key(prev, key), PRE_ADJECTIVES) &&
         is_determiner(prev2, prev->gap);
}

/* Inside the text of a link: the title of another document, not prose. */
static bool in_link(const FlatText *ft, size_t off, int *cursor) {
  while (*cursor < ft->nspans && (ft->spans[*cursor].kind != SPAN_LINK ||
                                  ft->spans[*cursor].off + ft->spans[*cursor].len <= off))
    (*cursor)++;
  return *cursor < ft->nspans && ft->spans[*cursor].off <= off;
}

static Phrase *phrase_for(Stage *st, const char *key) {
  Phrase *p = strmap_get(st->phrases, key);
  if (!p) {
    p = arena_alloc(st->a, sizeof *p);
    p->key = key = arena_strdup(st->a, key);
    strmap_put(st->phrases, key, p);
    vec_push(st->a, &st->phrase_list, p);
  }
  return p;
}

static bool not_a_term(const char *key) {
  char head[KEY_MAX];
  size_t h = 0;
  while (key[h] && key[h] != ' ' && h + 1 < KEY_MAX) {
    head[h] = key[h];
    h++;
  }
  head[h] = '\0';
  return in_list(head, NOT_TERMS);
}

/* Whether the phrase at [off, end), alone or with some of the words after
 * it, is a defined form or a name of the text itself (« présentes
 * Conditions générales »). */
static bool known_phrase(Stage *st, const char *s, size_t off, size_t end, const Tail *tail) {
  char key[PHRASE_KEY_MAX];
  for (int n = tail->n; n >= 0; n--) {
    size_t stop = n ? tail->ends[n - 1] : end;
    phrase_key_in(s + off, stop - off, key, sizeof key);
    if (strmap_get(st->defined, key) || (n == 0 && not_a_term(key)))
      return true;
  }
  return false;
}

/* Counts a capitalised phrase at [off, end) of flat fi: used like a term
 * after a determiner, like a name after par, à…, or before a brand. */
static void count_phrase(Stage *st, int fi, size_t off, size_t end, bool det, bool branded) {
  const FlatText *ft = st->doc->flats.items[fi];
  Tail tail;
  read_tail(ft->text, ft->len, end, &tail);
  if (known_phrase(st, ft->text, off, end, &tail))
    return;
  char key[PHRASE_KEY_MAX];
  Phrase *p = phrase_for(st, phrase_key_in(ft->text + off, end - off, key, sizeof key));
  p->branded += branded;
  if (!det) {
    p->name |= !branded;
    return;
  }
  if (p->count++ == 0) {
    p->flat = ft;
    p->fi = fi;
    p->off = off;
    p->end = end;
    p->tail = tail;
    return;
  }
  common_tail(&p->tail, &tail);
}

/* An acronym or a brand right after s[end]: ALLMYCMS, TikTok. */
static bool brand_follows(const char *s, size_t len, size_t end) {
  size_t k = skip_spaces(s, len, end);
  int n;
  if (k == end || !is_upper(cp_at(s, len, k, &n)))
    return false;
  size_t e = compound_end(s, len, k);
  return e > k + (size_t)n && !inflectable(s + k, e - k);
}

/* A capitalised word that may start a term: not an acronym, not a brand. */
static bool starts_phrase(const char *s, const Word *w) {
  int n;
  return is_upper(cp_at(s, w->end, w->off, &n)) && !word_caps(w) &&
         inflectable(s + w->off, w->end - w->off);
}

/* Reads the capitalised phrase that starts at cur when a determiner or a
 * preposition stands before it, and counts it.  Returns where the walk goes
 * on: past the phrase, or past the term that holds cur; 0 otherwise. */
static size_t take_phrase(Stage *st, int fi, const Range *cov, int ncov, const Word *cur,
                          const Word *prev, const Word *prev2, int *link) {
  const FlatText *ft = st->doc->flats.items[fi];
  size_t term_end = covered_end(cov, ncov, cur->off);
  if (cur->quoted || !starts_phrase(ft->text, cur))
    return term_end;
  bool det = after_determiner(prev, prev2, cur);
  char key[KEY_MAX];
  bool bare = !det && cur->gap == GAP_SPACE && in_list(word_key(prev, key), NAME_PREPOSITIONS);
  size_t end = phrase_end(ft, cov, ncov, term_end ? term_end : cur->end);
  bool branded = brand_follows(ft->text, ft->len, end);
  if ((!det && !bare && !branded) || (term_end && end == term_end) || in_link(ft, cur->off, link))
    return term_end; /* not used like a term; a defined term; a title */
  count_phrase(st, fi, cur->off, end, det, branded);
  return end;
}

static int by_range(const void *pa, const void *pb) {
  const Range *a = pa, *b = pb;
  return a->off < b->off ? -1 : a->off > b->off;
}

/* Ranges of a paragraph that hold a use or a definition, in order. */
static Range *covered_ranges(Stage *st, int fi, int *n) {
  const PtrVec *sites = &st->sites[fi];
  *n = sites->len + st->nuses[fi];
  Range *cov = arena_alloc(st->a, sizeof(Range) * (size_t)(*n ? *n : 1));
  for (int k = 0; k < sites->len; k++)
    cov[k] = *(Range *)sites->items[k];
  for (int k = 0; k < st->nuses[fi]; k++) {
    const TermUse *u = &st->uses[fi][k];
    cov[sites->len + k] = (Range){u->off, u->off + u->len};
  }
  bool sorted = true;
  for (int k = 1; k < *n && sorted; k++)
    sorted = cov[k - 1].off <= cov[k].off;
  if (!sorted)
    qsort(cov, (size_t)*n, sizeof(Range), by_range);
  return cov;
}

/* Counts the capitalised phrases of one paragraph. */
static void flat_capitals(Stage *st, int fi) {
  int ncov, link = 0;
  Range *cov = covered_ranges(st, fi, &ncov);
  Walker w = {.ft = st->doc->flats.items[fi]};
  Word cur, prev = {.gap = GAP_OTHER}, prev2 = prev;
  while (next_word(&w, &cur)) {
    size_t next = take_phrase(st, fi, cov, ncov, &cur, &prev, &prev2, &link);
    prev2 = prev;
    prev = cur;
    if (next) {
      w.i = w.last = next;
      prev.blank = true; /* a term or a phrase: not a determiner */
    }
  }
}

/* The phrase as shown: its words and the tail every use shares. */
static const char *phrase_text(Arena *a, const Phrase *p) {
  int n = p->tail.n;
  while (n > 0 && p->tail.joins[n - 1])
    n--;
  size_t end = n ? p->tail.ends[n - 1] : p->end;
  return collapse_spaces(a, arena_strndup(a, p->flat->text + p->off, end - p->off));
}

/* Phrases that read the same once shown (« Interface de Gestion » and
 * « Interface de gestion ») are one: counts add up, the first use stays. */
static PtrVec merge_phrases(Stage *st) {
  StrMap *by_text = strmap_new(st->a);
  PtrVec out = {0};
  for (int i = 0; i < st->phrase_list.len; i++) {
    Phrase *p = st->phrase_list.items[i];
    if (!p->flat)
      continue;
    const char *text = phrase_text(st->a, p);
    const char *folded = text_fold(st->a, text, strlen(text));
    Phrase *q = strmap_get(by_text, folded);
    if (!q) {
      p->text = text;
      strmap_put(by_text, folded, p);
      vec_push(st->a, &out, p);
      continue;
    }
    q->count += p->count;
    q->branded += p->branded;
    q->name |= p->name;
    if (p->fi < q->fi || (p->fi == q->fi && p->off < q->off)) {
      q->flat = p->flat;
      q->fi = p->fi;
      q->off = p->off;
    }
  }
  return out;
}

/* Three capitalised words or more make a proper name, not a term:
 * « Service National Consommateurs », « Espace Partenaires de TikTok Shop ». */
static bool proper_name(const char *text) {
  size_t len = strlen(text);
  int capitals = 0;
  for (size_t i = 0; i < len;) {
    int n;
    if (!is_word(cp_at(text, len, i, &n)) || !word_starts(text, i)) {
      i += (size_t)(n ? n : 1);
      continue;
    }
    size_t e = compound_end(text, len, i);
    capitals += is_upper(cp_at(text, len, i, &n)) && has_lower(text, i, e);
    i = e;
  }
  return capitals >= 3;
}

/* Capitalised phrases used like terms, after a determiner, three times or
 * more, never defined and never written like a name. */
static void report_undefined(Stage *st) {
  Document *doc = st->doc;
  for (int i = 0; i < doc->terms.len; i++) {
    const Term *t = doc->terms.items[i];
    for (int k = 0; k < t->nforms; k++)
      mark_defined(st, t->forms[k]);
  }
  for (int i = 0; i < doc->nself; i++)
    mark_defined(st, doc->self_names[i]);
  for (int fi = 0; fi < doc->flats.len; fi++) {
    const FlatText *ft = doc->flats.items[fi];
    if (!ft->block || ft->block->kind == BLOCK_PARAGRAPH) /* titles capitalise for style */
      flat_capitals(st, fi);
  }
  PtrVec phrases = merge_phrases(st);
  for (int i = 0; i < phrases.len; i++) {
    const Phrase *p = phrases.items[i];
    if (p->count < UNDEFINED_MIN_USES || p->name || p->branded * 2 >= p->count ||
        proper_name(p->text))
      continue;
    Diag *g = diag_report(&doc->comp->diags, D_UNDEFINED_TERM, doc->src->path,
                          flat_pos(doc->src, p->flat, p->off),
                          "l’expression « %s », employée %d fois avec une majuscule comme un "
                          "terme défini, n’est définie nulle part : définissez-la ou écrivez-la "
                          "sans majuscule",
                          p->text, p->count);
    g->subject = p->text;
  }
}

void find_terms(Document *doc) {
  Arena *a = doc->comp->arena;
  int n = doc->flats.len;
  Stage st = {.doc = doc, .a = a};
  st.by_name = strmap_new(a);
  st.defined = strmap_new(a);
  st.phrases = strmap_new(a);
  st.sites = arena_alloc(a, sizeof(PtrVec) * (size_t)(n ? n : 1));
  st.uses = arena_alloc(a, sizeof(TermUse *) * (size_t)(n ? n : 1));
  st.nuses = arena_alloc(a, sizeof(int) * (size_t)(n ? n : 1));
  for (int fi = 0; fi < n; fi++)
    flat_definitions(&st, fi);
  report_lost_defines(&st);
  TermIndex *ix = term_index_new(a, (Term **)doc->terms.items, doc->terms.len);
  for (int fi = 0; fi < n; fi++)
    flat_uses(&st, ix, fi);
  report_unused(&st);
  report_undefined(&st);
}
