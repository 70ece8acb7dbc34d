/*
 * refs.c — the reference recognizer (docs/markup.md, section 5).
 *
 * It reads one paragraph or heading, as flattened by flat.c, and finds the
 * cross-references a careful lawyer sees in it: « l’article 4 des présentes
 * CGU », « clauses 8 à 11 », « l’article 12 – « Clause limitative … » »,
 * « la section concernant les Frais … ci-dessus », « l’article 6,
 * paragraphe 1, point f) du RGPD ».  It decides nothing about targets:
 * resolve.c looks the items up.  It is a pure function of its input.
 *
 * It is a small hand-written recursive-descent parser over the UTF-8 text,
 * one function per grammar rule with the rule above it, as in chibicc:
 *
 *   reference   = lead? unit (items tail | relative)
 *   items       = item (separator item)*
 *   item        = title-item | number-item | subject-item
 *   number-item = number (range | following | titled)? pinpoint*
 *   tail        = direction? instrument? direction?
 *   instrument  = ","? preposition target | acronym
 *   target      = link | présent… | self-name | chain-link* (link | name)
 *
 * Words are compared as a reader compares them: without case or accents, any
 * apostrophe for ', any hyphen for - (match_lit).
 *
 * Cost.  The scan reads each word once.  At a unit word it tries a
 * reference.  What a successful attempt reads is consumed and never read
 * again; past that, an attempt only looks a bounded number of words or bytes
 * ahead (titles, subjects, names and chains have caps), so the scan is linear
 * in the text, however many references it holds.  Nothing recurses on the
 * input.  Every read goes through cp_at, which stops at the scanner's limit:
 * the text need not be NUL-terminated, and a reference never reads into a
 * code span or out of the link it stands in.
 */
#include "termc.h"

#include <string.h>

/* Bounds on what a failed attempt may read (see « Cost » above). */
#define MAX_TITLE_BYTES 200  /* « … » longer than this is a quotation, not a title */
#define MAX_SUBJECT_WORDS 12 /* « concernant les Frais et le Paiement des Redevances » */
#define MAX_NAME_WORDS 12    /* « Loi pour la Confiance dans l’Economie Numérique » */
#define MAX_CHAIN 3          /* « l’article C4 de l’Annexe 1 des Conditions … » */
#define MAX_ROMAN 5          /* XVIII, the longest numeral up to XX */

typedef struct Scanner {
  Arena *a;
  const char *s;
  size_t len;
  size_t limit;            /* reads stop here (see cp_at) */
  const char *const *self; /* the document's self: names */
  int nself;
  const FlatSpan **links;  /* links to other documents, in order */
  int nlinks, link_cur;    /* links[0..link_cur) start at or before the last unit word */
  const FlatSpan **codes;  /* code spans, in order */
  int ncodes, code_cur;    /* codes[0..code_cur) end before the last unit word */
  const FlatSpan *in_link; /* the link the current reference stands in, or NULL */
  RefItem *scratch;        /* the items of the current attempt */
  int scratch_cap;
  RefMatch *out;
  int nout, cap;
} Scanner;

/* A reference being read. */
typedef struct Attempt {
  RefMatch m;       /* m.items is the scanner's scratch until emitted */
  bool plural;      /* « articles » */
  bool caps;        /* the unit word is in capitals: « L’ARTICLE » */
  bool definite;    /* after le, la, l’, au, du: a subject may follow */
  bool relative_ok; /* after présent(e) or ce(t)(te): may cite its own clause */
  bool pinpointed;  /* a pinpoint was read: « , du RGPD » may follow */
  size_t end;       /* end of the phrase so far */
} Attempt;

/* What lies between two words of the main scan. */
typedef struct Gap {
  int nchars;  /* characters skipped */
  bool spaces; /* all of them spaces */
  int last;    /* the last one, or -1 */
} Gap;

typedef struct UnitWord {
  RefUnit unit;
  bool plural;
  size_t end;
} UnitWord;

/* The words after a preposition that name an instrument. */
typedef struct Target {
  RefInstrument kind;
  size_t off, end;
  const char *url;
} Target;

/* ---- Characters and words ------------------------------------------------ */

/* The code point at i and its length in *n, or -1 at the limit.  An invalid
 * byte reads as a control character: neither a letter nor a space.  ASCII,
 * most of any text, takes the short way. */
static int cp_at(const Scanner *sc, size_t i, int *n) {
  *n = 1;
  if (i >= sc->limit)
    return -1;
  unsigned char b = (unsigned char)sc->s[i];
  if (b < 0x80)
    return b;
  int cp = utf8_decode(sc->s + i, sc->limit - i, n);
  return cp < 0 ? 0x1A : cp;
}

static int cp_peek(const Scanner *sc, size_t i) {
  int n;
  return cp_at(sc, i, &n);
}

static bool is_ascii_alnum(int cp) { return (unsigned)cp < 0x80 && ascii_fold[cp]; }
static bool is_word(int cp) { return cp < 0x80 ? is_ascii_alnum(cp) : uni_isword(cp); }
static bool is_space(int cp) {
  return cp < 0x80 ? cp == ' ' || (cp >= '\t' && cp <= '\r') : uni_isspace(cp);
}
/* ’ is the French apostrophe; ' and ʼ are common, ‘ a frequent slip. */
static bool is_apostrophe(int cp) {
  return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x2BC;
}
static bool is_hyphen(int cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }
static int fold(int cp) {
  if (cp < 0x80)
    return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  return uni_tolower(uni_unaccent(cp));
}

static size_t skip_spaces(const Scanner *sc, size_t i) {
  int n;
  while (is_space(cp_at(sc, i, &n)))
    i += (size_t)n;
  return i;
}

static size_t word_end(const Scanner *sc, size_t i) {
  int n;
  while (i < sc->limit && is_ascii_alnum((unsigned char)sc->s[i]))
    i++; /* ASCII letters and digits, the short way */
  while (is_word(cp_at(sc, i, &n)))
    i += (size_t)n;
  return i;
}

static size_t digits_end(const Scanner *sc, size_t i) {
  while (uni_isdigit(cp_peek(sc, i)))
    i++;
  return i;
}

/* The end of a word that may go on through hyphens (« Sous-traitance ») and,
 * when elided is set, apostrophes (« l’informatique »). */
static size_t compound_end(const Scanner *sc, size_t i, bool elided) {
  for (;;) {
    i = word_end(sc, i);
    int n;
    int c = cp_at(sc, i, &n);
    if (!(is_hyphen(c) || (elided && is_apostrophe(c))) || !is_word(cp_peek(sc, i + (size_t)n)))
      return i;
    i += (size_t)n;
  }
}

/* Whether the word at [i, end) is in capitals (two letters at least). */
static bool is_caps(const Scanner *sc, size_t i, size_t end) {
  int letters = 0;
  while (i < end) {
    int n;
    int c = cp_at(sc, i, &n);
    if (uni_islower(c))
      return false;
    letters += uni_isalpha(c);
    i += (size_t)n;
  }
  return letters >= 2;
}

/*
 * Matches lit at i and stores its end in *end.  Case and accents are folded
 * on both sides; in lit a space stands for one or more spaces, an apostrophe
 * for any apostrophe, and '-' for a hyphen or spaces.  A lit that ends with a
 * letter or digit must end a word of the text.  Self names from the metadata
 * are matched with it too, so lit may be any UTF-8.
 */
static bool match_lit(const Scanner *sc, size_t i, const char *lit, size_t *end) {
  int last = -1;
  for (size_t li = 0; lit[li];) {
    int ln = 1, n;
    int lc = (unsigned char)lit[li];
    if (lc >= 0x80)
      lc = utf8_decode(lit + li, strlen(lit + li), &ln);
    int c = cp_at(sc, i, &n);
    li += (size_t)ln;
    if (is_space(lc)) {
      if (!is_space(c))
        return false;
      i = skip_spaces(sc, i);
      continue; /* a run of spaces in lit is one space */
    }
    last = lc;
    if (is_apostrophe(lc)) {
      if (!is_apostrophe(c))
        return false;
      i += (size_t)n;
    } else if (lc == '-') {
      if (is_hyphen(c))
        i += (size_t)n;
      else if (is_space(c))
        i = skip_spaces(sc, i);
      else
        return false;
    } else if (c < 0 || fold(c) != fold(lc)) {
      return false;
    } else {
      i += (size_t)n;
    }
  }
  if (is_word(last) && is_word(cp_peek(sc, i)))
    return false;
  *end = i;
  return true;
}

/* The first lit of lits that matches at i.  Lits are folded already, so
 * most are ruled out by their first letter. */
static bool match_any(const Scanner *sc, size_t i, const char *const *lits, size_t *end) {
  int first = fold(cp_peek(sc, i));
  for (; *lits; lits++) {
    unsigned char l0 = (unsigned char)**lits;
    if ((l0 < 0x80 && l0 != first) || !match_lit(sc, i, *lits, end))
      continue;
    return true;
  }
  return false;
}

/* ---- Word lists (folded: lower case, no accents) ------------------------- */

/* The unit words, each with its plural in s, and « art. »; a word is
 * compared with the one its first two letters name. */
static const struct {
  char prefix[3];
  const char *word;
  RefUnit unit;
} unit_words[] = {
    {"ar", "article", UNIT_ARTICLE},   {"cl", "clause", UNIT_CLAUSE},
    {"se", "section", UNIT_SECTION},   {"po", "point", UNIT_POINT},
    {"pa", "paragraphe", UNIT_PARAGRAPH}, {"al", "alinea", UNIT_ALINEA},
    {"an", "annexe", UNIT_ANNEX},      {"st", "stipulation", UNIT_STIPULATION},
};

static const char *const demonstratives[] = {"ce", "cet", "cette", "ces", NULL};
static const char *const presents[] = {"present", "presente", "presents", "presentes", NULL};
static const char *const definites[] = {"le", "la", "au", "du", NULL};
static const char *const numero[] = {"n°", "nº", NULL};
static const char *const amount_words[] = {
    "euro",   "euros", "eur",    "usd",     "dollar", "dollars", "jour",      "jours",
    "mois",   "an",    "ans",    "annee",   "annees", "semaine", "semaines",  "heure",
    "heures", "h",     "minute", "minutes", "ht",     "ttc",     "pour cent", NULL};
static const char *const inclusive[] = {"inclus", "incluse", "incluses", "inclusivement", NULL};
static const char *const following_words[] = {
    "et suivants", "et suivantes", "et suivant", "et suivante", "et ss.", "et s.", NULL};
static const char *const conjunctions[] = {"et/ou", "et", "ou", NULL};
static const char *const subunits[] = {
    "sous-paragraphe", "paragraphe", "par.", "§", "alinea", "al.", "point", "lettre", NULL};
static const char *const ordinals[] = {
    "premier", "premiere", "deuxieme", "second",   "seconde", "troisieme", "quatrieme", "cinquieme",
    "sixieme", "septieme", "huitieme", "neuvieme", "dixieme", "dernier",   "derniere",  NULL};
static const char *const before_words[] = {
    "ci-dessus",     "ci-avant",      "supra",          "precite",  "precitee",  "precites",
    "precitees",     "susvise",       "susvisee",       "susvises", "susvisees", "susmentionne",
    "susmentionnee", "susmentionnes", "susmentionnees", NULL};
static const char *const after_words[] = {"ci-dessous", "ci-apres", "infra", NULL};
static const char *const subject_intros[] = {"concernant", "portant sur", NULL};
static const char *const subject_titled[] = {"intitule", "intitulee", "intitules", "intitulees",
                                             NULL};
static const char *const subject_to[] = {"relatif",   "relative",   "relatifs",
                                         "relatives", "consacre",   "consacree",
                                         "consacres", "consacrees", NULL};
static const char *const to_words[] = {"aux", "au", "a", NULL};
static const char *const prep_leads[] = {"au titre", "en vertu", "aux termes", NULL};
static const char *const genitives[] = {"des", "du", "de la", "de l'", "de", "d'", NULL};
static const char *const joined[] = {"jointe",   "jointes", "joint",   "joints", "annexee",
                                     "annexees", "annexe",  "annexes", NULL};
static const char *const determiners[] = {"la", "le", "les", "l'", NULL};
static const char *const caps_determiners[] = {
    "la",    "le",   "les",    "l'",  "un", "une", "ce",   "cet",   "cette",  "ces", "tout",
    "toute", "tous", "toutes", "son", "sa", "ses", "leur", "leurs", "chaque", NULL};
/* Prepositions that carry a name on only when a capital follows: « Loi pour
 * la Confiance » but not « RGPD RU pour le transfert ». */
static const char *const connectors[] = {"pour", "sur", "dans",  "en",     "aux", "au",
                                         "a",    "par", "entre", "contre", NULL};
/* Common nouns that name an instrument even in lower case (markup.md 5.3). */
static const char *const instrument_nouns[] = {
    "code",    "loi",        "reglement", "reglementation", "directive",
    "decret",  "ordonnance", "traite",    "convention",     "conditions",
    "contrat", "accord",     "charte",    "politique",      NULL};
/* Lower-case words that go on a name without a preposition: « Code civil »,
 * « conditions particulières », « procédure civile ». */
static const char *const adjectives[] = {
    "civil",       "civile",       "civils",        "civiles",        "penal",
    "penale",      "penaux",       "commercial",    "commerciale",    "commerciaux",
    "particulier", "particuliere", "particuliers",  "particulieres",  "general",
    "generale",    "generaux",     "generales",     "specifique",     "specifiques",
    "europeen",    "europeenne",   "europeens",     "europeennes",    "intellectuelle",
    "social",      "sociale",      "administratif", "administrative", "monetaire",
    "financier",   "rural",        "electronique",  "electroniques",  "numerique",
    "modifie",     "modifiee",     "modifies",      "modifiees",      NULL};
static const char *const months[] = {"janvier",  "fevrier",  "mars", "avril",     "mai",
                                     "juin",     "juillet",  "aout", "septembre", "octobre",
                                     "novembre", "decembre", NULL};
/* Words that end a subject or a name: they start a clause of the sentence. */
static const char *const clause_stops[] = {
    "qui",     "que",  "qu'",    "quoi",  "dont",  "lorsque",   "lorsqu'",      "afin",
    "si",      "s'",   "sauf",   "sans",  "selon", "notamment", "conformement", "est",
    "sont",    "sera", "seront", "etait", "ont",   "peut",      "peuvent",      "doit",
    "doivent", "ne",   "n'",     "se",    "y",     "c'",        "ci",           NULL};
/* Words that also end a name (a subject may contain them).  An article is
 * one too: a name takes it only after a preposition (« Code de la … »), so
 * « DU CODE CIVIL LE CLIENT » ends before « LE ». */
static const char *const name_stops[] = {
    "le",     "la",      "les",    "l'",     "et",    "ou",  "il",    "elle",  "ils",
    "elles",  "on",      "nous",   "vous",   "votre", "vos", "notre", "nos",   "ce",
    "cet",    "cette",   "ces",    "son",    "sa",    "ses", "leur",  "leurs", "tout",
    "toute",  "tous",    "toutes", "chaque", "un",    "une", "tel",   "telle", "tels",
    "telles", "maniere", "facon",  "sorte",  NULL};

/* unit = "article" | "articles" | "art." | "clause" | … | "stipulations"
 * Asked at every word, so the word is folded as it is read and given up at
 * the first letter that no unit word has there: what match_lit on each unit
 * word would decide (a unit word must end a word of the text; « art. » is
 * « art » and a dot). */
static bool unit_word(const Scanner *sc, size_t i, UnitWord *u) {
  const char *word = NULL; /* the unit word the first two letters name */
  size_t n = 0, j = i, wlen = 0;
  RefUnit unit = UNIT_ARTICLE;
  bool plural = false;
  for (;;) {
    int k;
    int c = cp_at(sc, j, &k);
    if (!is_word(c))
      break;
    int fc = fold(c);
    if (fc >= 0x80)
      return false; /* not a Latin letter: in no unit word */
    if (n == 0 && fc != 'a' && fc != 'c' && fc != 's' && fc != 'p')
      return false; /* most words stop here */
    if (n == 1) {
      int f0 = fold(cp_peek(sc, i));
      for (size_t w = 0; w < sizeof unit_words / sizeof *unit_words && !word; w++)
        if (unit_words[w].prefix[0] == f0 && unit_words[w].prefix[1] == fc) {
          word = unit_words[w].word;
          unit = unit_words[w].unit;
          wlen = strlen(word);
        }
      if (!word)
        return false;
    }
    if (n >= 2 && (n < wlen ? fc != word[n] : n > wlen || fc != 's'))
      return false; /* past the unit word, only its plural s */
    plural = n == wlen;
    n++;
    j += (size_t)k;
  }
  size_t end = j;
  if (word && unit == UNIT_ARTICLE && n == 3 && cp_peek(sc, j) == '.')
    end = j + 1; /* « art. » */
  else if (!word || n < wlen)
    return false;
  if (u)
    *u = (UnitWord){unit, plural, end};
  return true;
}

/* Whether the word at i ends a subject (in_name false) or a name. */
static bool is_stop(const Scanner *sc, size_t i, bool in_name) {
  size_t e;
  return match_any(sc, i, clause_stops, &e) || (in_name && match_any(sc, i, name_stops, &e));
}

/* ---- Spans ----------------------------------------------------------------- */

/* A link to #id is an explicit internal reference (markup.md 5.4); any other
 * link names another document. */
static bool is_external(const FlatSpan *sp) {
  return sp->kind == SPAN_LINK && sp->len > 0 && !(sp->url && sp->url[0] == '#');
}

/* Copies out the spans the scanner needs: external links and code spans. */
static void collect_spans(Scanner *sc, const FlatText *ft) {
  size_t n = (size_t)(ft->nspans > 0 ? ft->nspans : 1);
  sc->links = arena_alloc(sc->a, n * sizeof *sc->links);
  sc->codes = arena_alloc(sc->a, n * sizeof *sc->codes);
  for (int i = 0; i < ft->nspans; i++) {
    const FlatSpan *sp = &ft->spans[i];
    if (sp->off >= ft->len || sp->len > ft->len - sp->off)
      continue; /* not a span of this text: never read through it */
    if (is_external(sp))
      sc->links[sc->nlinks++] = sp;
    else if (sp->kind == SPAN_CODE)
      sc->codes[sc->ncodes++] = sp;
  }
}

/* The external link containing offset i, or NULL.  The main scan asks with
 * increasing offsets, so a cursor makes this amortized O(1); links never
 * nest, so the last one started is the only candidate. */
static const FlatSpan *link_around(Scanner *sc, size_t i) {
  while (sc->link_cur < sc->nlinks && sc->links[sc->link_cur]->off <= i)
    sc->link_cur++;
  if (sc->link_cur == 0)
    return NULL;
  const FlatSpan *l = sc->links[sc->link_cur - 1];
  return i < l->off + l->len ? l : NULL;
}

/* The external link that starts at i, or NULL (binary search). */
static const FlatSpan *link_from(const Scanner *sc, size_t i) {
  int lo = 0, hi = sc->nlinks;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (sc->links[mid]->off < i)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < sc->nlinks && sc->links[lo]->off == i && i < sc->limit ? sc->links[lo] : NULL;
}

/* Whether offset i lies in a code span; *next is where the next code span
 * starts (or the text's end).  Same cursor discipline as link_around. */
static bool in_code(Scanner *sc, size_t i, size_t *next) {
  while (sc->code_cur < sc->ncodes &&
         sc->codes[sc->code_cur]->off + sc->codes[sc->code_cur]->len <= i)
    sc->code_cur++;
  if (sc->code_cur == sc->ncodes) {
    *next = sc->len;
    return false;
  }
  *next = sc->codes[sc->code_cur]->off;
  return *next <= i;
}

/* ---- Results --------------------------------------------------------------- */

/* Returns old, or a copy with twice the room when n items fill it. */
static void *grow(Arena *a, void *old, int n, int *cap, size_t size) {
  if (n < *cap)
    return old;
  int ncap = *cap ? *cap * 2 : 4;
  void *p = arena_alloc(a, size * (size_t)ncap);
  if (n)
    memcpy(p, old, size * (size_t)n);
  *cap = ncap;
  return p;
}

/* Items gather in one scratch array, reused by every attempt, so that a
 * match keeps exactly the room its items need (see emit). */
static void add_item(Scanner *sc, Attempt *at, RefItem it) {
  sc->scratch = grow(sc->a, sc->scratch, at->m.nitems, &sc->scratch_cap, sizeof(RefItem));
  at->m.items = sc->scratch;
  at->m.items[at->m.nitems++] = it;
}

/* The text of [off, end) as an arena string. */
static char *copy(const Scanner *sc, size_t off, size_t end) {
  return arena_strndup(sc->a, sc->s + off, end - off);
}

/* The number as resolve.c looks it up: spaces removed (« L. 226-13 »),
 * « 1er » and « premier » → 1, a final dot dropped (« 30.2. »). */
static const char *norm_number(const Scanner *sc, size_t off, size_t end) {
  size_t e;
  if (match_lit(sc, off, "premier", &e))
    return arena_strdup(sc->a, "1");
  char *buf = arena_alloc(sc->a, end - off + 1);
  size_t n = 0;
  for (size_t i = off; i < end;) {
    int k;
    int c = cp_at(sc, i, &k);
    if (!is_space(c)) {
      memcpy(buf + n, sc->s + i, (size_t)k);
      n += (size_t)k;
    }
    i += (size_t)k;
  }
  if (n > 0 && buf[n - 1] == '.')
    n--;
  if (n >= 3 && (buf[n - 2] | 32) == 'e' && (buf[n - 1] | 32) == 'r' && uni_isdigit(buf[n - 3]))
    n -= 2;
  buf[n] = '\0';
  return buf;
}

/* ---- Numbers --------------------------------------------------------------- */

/* Whether what follows a number makes it an amount, a duration or a name
 * (« 5 € », « 50,00 $ », « 30 jours », « 2016/679 », « 1° »). */
static bool amount_follows(const Scanner *sc, size_t e) {
  int c = cp_peek(sc, e);
  if (c == '/' || c == 0xB0 || c == 0xBA || c == '%' ||
      (c == ',' && uni_isdigit(cp_peek(sc, e + 1))))
    return true;
  size_t j = skip_spaces(sc, e), k;
  c = cp_peek(sc, j);
  if (c == 0x20AC || c == '$' || c == 0xA3 || c == '%')
    return true;
  return match_any(sc, j, amount_words, &k);
}

/* A final dot belongs to the number when the sentence goes on in lower case
 * (« l’article 30.2. du Règlement »); otherwise it ends the sentence. */
static bool final_dot(const Scanner *sc, size_t j) {
  size_t k = skip_spaces(sc, j);
  return k > j && uni_islower(cp_peek(sc, k));
}

/* The end of a run of I, V, X (at most MAX_ROMAN + 1 read). */
static size_t roman_end(const Scanner *sc, size_t i) {
  size_t e = i;
  for (;;) {
    int c = cp_peek(sc, e);
    if (e - i > MAX_ROMAN || (c != 'I' && c != 'V' && c != 'X'))
      return e;
    e++;
  }
}

/* roman = "I" | "II" | … | "XX"   (upper case, written canonically) */
static bool roman(const Scanner *sc, size_t i, size_t *end) {
  static const char *const forms[] = {"I",    "II",  "III",  "IV",    "V",   "VI",   "VII",
                                      "VIII", "IX",  "X",    "XI",    "XII", "XIII", "XIV",
                                      "XV",   "XVI", "XVII", "XVIII", "XIX", "XX"};
  size_t e = roman_end(sc, i);
  int next = cp_peek(sc, e);
  if (e == i || is_word(next) || is_apostrophe(next))
    return false;
  for (size_t k = 0; k < sizeof forms / sizeof *forms; k++)
    if (strlen(forms[k]) == e - i && memcmp(forms[k], sc->s + i, e - i) == 0) {
      *end = e;
      return true;
    }
  return false;
}

/* arabic = digits ("." digits)* ("er" | ("-" (digits | roman))* "."?)
 * « 4 », « 10.2 », « 1er », « 6-III », « 30.2. » */
static bool arabic(const Scanner *sc, size_t i, size_t *end) {
  size_t e = digits_end(sc, i), k;
  int parts = 1;
  while (cp_peek(sc, e) == '.' && uni_isdigit(cp_peek(sc, e + 1))) {
    e = digits_end(sc, e + 1);
    parts++;
  }
  if (parts == 1 && match_lit(sc, e, "er", &k)) {
    *end = k;
    return true;
  }
  while (cp_peek(sc, e) == '-') {
    if (uni_isdigit(cp_peek(sc, e + 1)))
      e = digits_end(sc, e + 1);
    else if (roman(sc, e + 1, &k))
      e = k;
    else
      break;
  }
  if (cp_peek(sc, e) == '.' && final_dot(sc, e + 1))
    e++;
  if (is_word(cp_peek(sc, e)))
    return false;
  *end = e;
  return true;
}

/* coded = capital ("." " "?)? digits (("-" | ".") digits)*
 * Codes and annexes number this way: « L221-18 », « L.33-1 », « C9 ». */
static bool coded(const Scanner *sc, size_t i, size_t *end) {
  size_t j = i + 1;
  if (cp_peek(sc, j) == '.') {
    j++;
    if (cp_peek(sc, j) == ' ')
      j++;
  }
  if (!uni_isdigit(cp_peek(sc, j)))
    return false;
  size_t e = digits_end(sc, j);
  while ((cp_peek(sc, e) == '-' || cp_peek(sc, e) == '.') && uni_isdigit(cp_peek(sc, e + 1)))
    e = digits_end(sc, e + 1);
  if (is_word(cp_peek(sc, e)))
    return false;
  *end = e;
  return true;
}

/* letter = capital    (annexes: « Annexe A »).  In a text in capitals,
 * « ANNEXE A LA CONVENTION » reads « annexe à la convention ». */
static bool letter(const Scanner *sc, bool caps, size_t i, size_t *end) {
  int c = cp_peek(sc, i);
  int next = cp_peek(sc, i + 1);
  size_t e;
  if (c < 'A' || c > 'Z' || is_word(next) || is_apostrophe(next))
    return false;
  if (c == 'A' && caps && match_any(sc, skip_spaces(sc, i + 1), caps_determiners, &e))
    return false;
  *end = i + 1;
  return true;
}

/* number = ("n°" " "?)? (arabic | "premier" | coded | roman | letter)
 * where letter is for annexes only, and the number is not an amount. */
static bool read_number(const Scanner *sc, bool annex, bool caps, size_t i, size_t *off,
                        size_t *end) {
  size_t j = i, e;
  if (match_any(sc, i, numero, &e))
    j = skip_spaces(sc, e);
  int c = cp_peek(sc, j);
  bool ok;
  if (uni_isdigit(c))
    ok = arabic(sc, j, &e);
  else if (c >= 'A' && c <= 'Z')
    ok = coded(sc, j, &e) || roman(sc, j, &e) || (annex && letter(sc, caps, j, &e));
  else
    ok = match_lit(sc, j, "premier", &e);
  if (!ok || amount_follows(sc, e))
    return false;
  *off = j;
  *end = e;
  return true;
}

/* ---- Items ----------------------------------------------------------------- */

/* title = "«" text "»" | "“" text "”" | '"' text '"'
 * text is 1 to MAX_TITLE_BYTES bytes; *in_off, *in_end are the trimmed text. */
static bool read_title(const Scanner *sc, size_t i, size_t *in_off, size_t *in_end, size_t *end) {
  int n, close;
  switch (cp_at(sc, i, &n)) {
  case 0xAB: close = 0xBB; break;
  case 0x201C: close = 0x201D; break;
  case '"': close = '"'; break;
  default: return false;
  }
  size_t start = skip_spaces(sc, i + (size_t)n), j = start, last = start;
  while (j - start <= MAX_TITLE_BYTES) {
    int c = cp_at(sc, j, &n);
    if (c < 0)
      return false;
    if (c == close) {
      *in_off = start;
      *in_end = last;
      *end = j + (size_t)n;
      return last > start;
    }
    j += (size_t)n;
    if (!is_space(c))
      last = j;
  }
  return false;
}

/* title-item = title */
static bool title_item(Scanner *sc, Attempt *at, size_t i) {
  size_t t_off, t_end, end;
  if (!read_title(sc, i, &t_off, &t_end, &end))
    return false;
  add_item(
      sc, at,
      (RefItem){.kind = ITEM_TITLE, .off = i, .len = end - i, .title = copy(sc, t_off, t_end)});
  at->end = end;
  return true;
}

/* range = ("à" | "au" | "A") number ("inclus" | "incluse" | "incluses" | "inclusivement")?
 * « clauses 8 à 11 », « articles 5 au 7 »; a lower-case « a » is the verb. */
static bool range(const Scanner *sc, const Attempt *at, size_t i, size_t *last_off,
                  size_t *last_end, size_t *end) {
  size_t j = skip_spaces(sc, i), k;
  if (j == i ||
      !(match_lit(sc, j, "au", &k) || (cp_peek(sc, j) != 'a' && match_lit(sc, j, "a", &k))))
    return false;
  size_t l = skip_spaces(sc, k);
  if (l == k || !read_number(sc, at->m.unit == UNIT_ANNEX, at->caps, l, last_off, last_end))
    return false;
  *end = *last_end;
  if (match_any(sc, skip_spaces(sc, *last_end), inclusive, &k))
    *end = k;
  return true;
}

/* following = "et" ("suivants" | "suivantes" | "suivant" | "suivante" | "ss." | "s.") */
static bool following(const Scanner *sc, size_t i, size_t *end) {
  size_t j = skip_spaces(sc, i);
  return j > i && match_any(sc, j, following_words, end);
}

/* titled = ("–" | "—" | "-")? title    (« l’article 12 – « Clause … » ») */
static bool titled(const Scanner *sc, size_t i, size_t *t_off, size_t *t_end, size_t *end) {
  size_t j = skip_spaces(sc, i);
  int n;
  int c = cp_at(sc, j, &n);
  if (c == 0x2013 || c == 0x2014 || c == '-')
    j = skip_spaces(sc, j + (size_t)n);
  return read_title(sc, j, t_off, t_end, end);
}

/* marker = "(" (digits | lower{1,4}) ")" | lower ")"
 * « (1) », « (f) », « (iii) », « f) » */
static bool marker(const Scanner *sc, size_t i, size_t *end) {
  bool paren = cp_peek(sc, i) == '(';
  size_t j = paren ? i + 1 : i, e = j;
  if (paren && uni_isdigit(cp_peek(sc, j)))
    e = digits_end(sc, j);
  else
    while (e - j < (paren ? 4u : 1u) && cp_peek(sc, e) >= 'a' && cp_peek(sc, e) <= 'z')
      e++;
  if (e == j || cp_peek(sc, e) != ')')
    return false;
  *end = e + 1;
  return true;
}

/* pin = (digits "er"? "°"? | "premier" | marker) (" "? marker)?
 * A number with dots is no pin: « paragraphe 3.5 » cites a clause. */
static bool pin(const Scanner *sc, size_t i, size_t *end) {
  size_t e = i, k;
  int n;
  if (uni_isdigit(cp_peek(sc, i))) {
    e = digits_end(sc, i);
    if (cp_peek(sc, e) == '.' && uni_isdigit(cp_peek(sc, e + 1)))
      return false;
    if (match_lit(sc, e, "er", &k))
      e = k;
    int c = cp_at(sc, e, &n);
    if (c == 0xB0 || c == 0xBA)
      e += (size_t)n;
  } else if (!match_lit(sc, i, "premier", &e) && !marker(sc, i, &e)) {
    return false;
  }
  if (is_word(cp_peek(sc, e)))
    return false;
  if (marker(sc, skip_spaces(sc, e), &k))
    e = k;
  *end = e;
  return true;
}

/* pinpoint = ","? (subunit pin | ordinal subunit | digits "°") | marker
 * A place inside the cited item (« , paragraphe 1 », « , point f) »,
 * « deuxième alinéa », « 1° », « 6(1)(f) »): part of the phrase, not an
 * item.  A bare marker comes without a comma: « , (a) » starts a list. */
static bool pinpoint(const Scanner *sc, size_t i, size_t *end) {
  size_t j = skip_spaces(sc, i), k;
  if (marker(sc, j, end))
    return true;
  if (cp_peek(sc, j) == ',')
    j = skip_spaces(sc, j + 1);
  if (match_any(sc, j, subunits, &k))
    return pin(sc, skip_spaces(sc, k), end);
  if (match_any(sc, j, ordinals, &k))
    return match_any(sc, skip_spaces(sc, k), subunits, end);
  if (uni_isdigit(cp_peek(sc, j))) {
    int n;
    k = digits_end(sc, j);
    int c = cp_at(sc, k, &n);
    if (c == 0xB0 || c == 0xBA) {
      *end = k + (size_t)n;
      return true;
    }
  }
  return false;
}

/* number-item = number (range | following | titled)? pinpoint* */
static bool number_item(Scanner *sc, Attempt *at, size_t i) {
  size_t off, e, l_off, l_end, t_off, t_end, end;
  if (!read_number(sc, at->m.unit == UNIT_ANNEX, at->caps, i, &off, &e))
    return false;
  RefItem it = {.kind = ITEM_NUMBER, .off = off, .len = e - off, .number = norm_number(sc, off, e)};
  if (range(sc, at, e, &l_off, &l_end, &end)) {
    it.kind = ITEM_RANGE;
    it.last = norm_number(sc, l_off, l_end);
  } else if (following(sc, e, &end)) {
    it.kind = ITEM_FOLLOWING;
  } else if (titled(sc, e, &t_off, &t_end, &end)) {
    it.kind = ITEM_TITLE;
    it.title = copy(sc, t_off, t_end);
  } else {
    size_t k;
    end = e;
    while (pinpoint(sc, end, &k)) {
      end = k;
      at->pinpointed = true;
    }
  }
  if (it.kind != ITEM_NUMBER)
    it.len = end - off;
  add_item(sc, at, it);
  at->end = end;
  return true;
}

/* direction = "ci-dessus" | "ci-avant" | "supra" | "précité(e)(s)" | "susvisé(e)(s)"
 *           | "susmentionné(e)(s)"                                   → before
 *           | "ci-dessous" | "ci-après" | "infra"                      → after */
static bool direction_at(const Scanner *sc, size_t i, RefDirection *dir, size_t *end) {
  if (match_any(sc, i, before_words, end))
    *dir = DIR_BEFORE;
  else if (match_any(sc, i, after_words, end))
    *dir = DIR_AFTER;
  else
    return false;
  return true;
}

/* words = word+ — up to punctuation, a direction word, a stop word, a unit
 * word or MAX_SUBJECT_WORDS words; one at least is more than an article or a
 * preposition (« la section concernant la section … » has no subject). */
static bool subject_words(const Scanner *sc, size_t i, size_t *end) {
  size_t e = i, k;
  bool content = false;
  for (int n = 0; n < MAX_SUBJECT_WORDS; n++) {
    size_t j = n ? skip_spaces(sc, e) : i;
    RefDirection d;
    if ((n && j == e) || !is_word(cp_peek(sc, j)) || is_stop(sc, j, false) ||
        direction_at(sc, j, &d, &k) || unit_word(sc, j, NULL))
      break;
    e = compound_end(sc, j, true);
    content = content || !((match_any(sc, j, determiners, &k) && k == e) ||
                           (match_any(sc, j, genitives, &k) && k == e) ||
                           (match_any(sc, j, to_words, &k) && k == e));
  }
  *end = e;
  return content;
}

/* intro = "concernant" | "portant sur" | ("intitulé" | …) ":"?
 *       | ("relatif" | "relative" | "consacré" | …) ("aux" | "au" | "à") */
static bool subject_intro(const Scanner *sc, size_t i, size_t *end) {
  size_t e;
  if (match_any(sc, i, subject_intros, end))
    return true;
  if (match_any(sc, i, subject_titled, &e)) {
    size_t j = skip_spaces(sc, e);
    *end = cp_peek(sc, j) == ':' ? j + 1 : e;
    return true;
  }
  return match_any(sc, i, subject_to, &e) && match_any(sc, skip_spaces(sc, e), to_words, end);
}

/* subject-item = intro (title | words)
 * Only after a definite article and a singular unit (« la section
 * concernant … »): « les clauses relatives aux lois » names no clause. */
static bool subject_item(Scanner *sc, Attempt *at, size_t i) {
  size_t j, t_off, t_end, end;
  if (!at->definite || at->plural || !subject_intro(sc, i, &j))
    return false;
  j = skip_spaces(sc, j);
  RefItem it = {.kind = ITEM_TITLE, .off = j};
  if (read_title(sc, j, &t_off, &t_end, &end)) {
    it.title = copy(sc, t_off, t_end);
  } else if (subject_words(sc, j, &end)) {
    it.kind = ITEM_SUBJECT;
    it.title = copy(sc, j, end);
  } else {
    return false;
  }
  it.len = end - j;
  add_item(sc, at, it);
  at->end = end;
  return true;
}

/* item = title-item | number-item | subject-item    (a subject only comes first) */
static bool item(Scanner *sc, Attempt *at, size_t i, bool first) {
  return title_item(sc, at, i) || number_item(sc, at, i) || (first && subject_item(sc, at, i));
}

/* separator = "," conjunction? | conjunction     conjunction = "et" | "ou" | "et/ou" */
static bool separator(const Scanner *sc, size_t i, size_t *end) {
  size_t j = skip_spaces(sc, i), k;
  bool comma = cp_peek(sc, j) == ',';
  if (comma)
    j = skip_spaces(sc, j + 1);
  if (match_any(sc, j, conjunctions, &k))
    j = skip_spaces(sc, k);
  else if (!comma)
    return false;
  *end = j;
  return true;
}

/* items = item (separator item)*
 * A separator followed by anything else (« , et clauses 8 », « et 5 jours »)
 * ends the list and is left unread. */
static bool items(Scanner *sc, Attempt *at, size_t i) {
  if (!item(sc, at, i, true))
    return false;
  size_t j;
  while (separator(sc, at->end, &j) && item(sc, at, j, false)) {
  }
  return true;
}

/* ---- Instruments ----------------------------------------------------------- */

/* preposition = ("au titre" | "en vertu" | "aux termes")? genitive | joined ("aux" | "au" | "à")
 * genitive    = "des" | "du" | "de la" | "de l’" | "de" | "d’" */
static bool preposition(const Scanner *sc, size_t i, size_t *end) {
  size_t e, j = i;
  if (match_any(sc, i, prep_leads, &e))
    j = skip_spaces(sc, e);
  if (match_any(sc, j, genitives, end))
    return true;
  return j == i && match_any(sc, i, joined, &e) && match_any(sc, skip_spaces(sc, e), to_words, end);
}

/* ref-number = ("n°" " "?)? digit (alnum | ("/" | "-" | ".") alnum)*
 * « 95/46/CE », « n° 2004-575 », « 2019 », « 1er » */
static bool ref_number(const Scanner *sc, size_t i, size_t *end) {
  size_t j = i, e;
  if (match_any(sc, i, numero, &e))
    j = skip_spaces(sc, e);
  if (!uni_isdigit(cp_peek(sc, j)))
    return false;
  e = j;
  for (;;) {
    int c = cp_peek(sc, e);
    if (is_ascii_alnum(c))
      e++;
    else if ((c == '/' || c == '-' || c == '.') && is_ascii_alnum(cp_peek(sc, e + 1)))
      e++;
    else
      break;
  }
  *end = e;
  return true;
}

/* content = ref-number | word   (a capitalized word when capital is set) */
static bool content_word(const Scanner *sc, size_t j, bool capital, size_t *end) {
  if (ref_number(sc, j, end))
    return true;
  int c = cp_peek(sc, j);
  RefDirection d;
  size_t k;
  if (!uni_isalpha(c) || (capital && !uni_isupper(c)) || is_stop(sc, j, true) ||
      direction_at(sc, j, &d, &k) || unit_word(sc, j, NULL))
    return false;
  *end = compound_end(sc, j, false);
  return true;
}

/* Skips spaces and one article: « de [la] consommation ». */
static size_t skip_determiner(const Scanner *sc, size_t i) {
  size_t j = skip_spaces(sc, i), e;
  return match_any(sc, j, determiners, &e) ? skip_spaces(sc, e) : j;
}

/* joined = genitive determiner? content | connector determiner? Capitalized
 *        | adjective | month
 * The lower-case ways a name goes on: « Code de la consommation », « Loi
 * pour la Confiance », « Code civil », « du 6 janvier 1978 ». */
static bool name_joined(const Scanner *sc, size_t j, size_t *end) {
  size_t k;
  if (match_any(sc, j, genitives, &k))
    return content_word(sc, skip_determiner(sc, k), false, end);
  if (match_any(sc, j, connectors, &k))
    return content_word(sc, skip_determiner(sc, k), true, end);
  if (!match_any(sc, j, adjectives, &k) && !match_any(sc, j, months, &k))
    return false;
  *end = compound_end(sc, j, false);
  return true;
}

/* name-word = ref-number | joined | Capitalized */
static bool name_word(const Scanner *sc, size_t j, size_t *end) {
  size_t k;
  RefDirection d;
  if (ref_number(sc, j, end))
    return true;
  int c = cp_peek(sc, j);
  if (!uni_isalpha(c) || is_stop(sc, j, true) || direction_at(sc, j, &d, &k))
    return false;
  if (name_joined(sc, j, end))
    return true;
  if (!uni_isupper(c))
    return false;
  *end = compound_end(sc, j, false);
  return true;
}

/* name = head (" " name-word)*     (at most MAX_NAME_WORDS)
 * head = Capitalized | code | loi | règlement | …   (not a unit or stop word)
 * It ends at punctuation, a direction word, a stop word, or a lower-case
 * word that nothing joins to the name. */
static bool read_name(const Scanner *sc, size_t i, size_t *end) {
  int c = cp_peek(sc, i);
  size_t e;
  if (!uni_isalpha(c) || unit_word(sc, i, NULL) || is_stop(sc, i, true) ||
      (!uni_isupper(c) && !match_any(sc, i, instrument_nouns, &e)))
    return false;
  e = compound_end(sc, i, false);
  for (int words = 1; words < MAX_NAME_WORDS; words++) {
    size_t j = skip_spaces(sc, e), k;
    if (j == e || !name_word(sc, j, &k))
      break;
    e = k;
  }
  *end = e;
  return true;
}

/* self-name = one of the document's self: names, whole words; the longest
 * wins (« Conditions d’utilisation par les Développeurs » over
 * « Conditions »).  A name that goes on in lower case is another text:
 * « Conditions » is this one, « conditions particulières » and « Conditions
 * d’utilisation de l’Espace Partenaires » are not; « Conditions Générales de
 * Services ALLMYCMS » still is. */
static bool self_name(const Scanner *sc, size_t i, size_t *end) {
  bool found = false;
  for (int k = 0; k < sc->nself; k++) {
    size_t e;
    if (sc->self[k] && match_lit(sc, i, sc->self[k], &e) && e > i && (!found || e > *end)) {
      *end = e;
      found = true;
    }
  }
  if (!found)
    return false;
  size_t j = skip_spaces(sc, *end), k;
  if (j > *end && !is_stop(sc, j, true) && name_joined(sc, j, &k))
    return false;
  for (int words = 0; words < MAX_NAME_WORDS; words++) { /* « … ALLMYCMS » */
    j = skip_spaces(sc, *end);
    if (j == *end || !uni_isupper(cp_peek(sc, j)) || is_stop(sc, j, true) || unit_word(sc, j, NULL))
      break;
    *end = compound_end(sc, j, false);
  }
  return true;
}

/* présent… = ("présent" | "présente" | "présents" | "présentes") (self-name | name | unit)?
 * « des présentes », « des présentes CGU », « du présent Contrat », « de la
 * présente Annexe » */
static bool present_name(const Scanner *sc, size_t i, size_t *end) {
  size_t e, k;
  UnitWord u;
  if (!match_any(sc, i, presents, &e))
    return false;
  size_t j = skip_spaces(sc, e);
  if (j > e && (self_name(sc, j, &k) || read_name(sc, j, &k)))
    e = k;
  else if (j > e && unit_word(sc, j, &u))
    e = u.end;
  *end = e;
  return true;
}

/* chain-link = unit number pinpoint* " " preposition
 * The first part of « de l’Annexe 1 des Conditions … ». */
static bool chain_link(const Scanner *sc, size_t i, size_t *end) {
  UnitWord u;
  size_t off, e, k;
  if (!unit_word(sc, i, &u) || u.plural ||
      !read_number(sc, u.unit == UNIT_ANNEX, false, skip_spaces(sc, u.end), &off, &e))
    return false;
  while (pinpoint(sc, e, &k))
    e = k;
  size_t j = skip_spaces(sc, e);
  return j > e && preposition(sc, j, end);
}

/* target = link | présent… | self-name | chain-link* (link | name)
 * A chain that ends in this text (« l’article 3 de l’Annexe A des
 * présentes ») is no instrument: the annex is then cited on its own. */
static bool target(const Scanner *sc, size_t i, Target *t) {
  t->off = i;
  t->url = NULL;
  bool chained = false;
  for (int depth = 0;; depth++) {
    const FlatSpan *l = link_from(sc, i);
    size_t e;
    if (l) {
      t->kind = INSTR_LINK;
      t->end = l->off + l->len;
      t->url = l->url;
      return true;
    }
    if (present_name(sc, i, &e) || self_name(sc, i, &e)) {
      t->kind = INSTR_SELF;
      t->end = e;
      return !chained;
    }
    if (depth < MAX_CHAIN && chain_link(sc, i, &e)) {
      chained = true;
      i = skip_spaces(sc, e);
      continue;
    }
    t->kind = INSTR_OTHER;
    return read_name(sc, i, &t->end);
  }
}

/* Records the instrument; its name is kept for another text only (markup.md
 * 5.3: a self instrument is this text, whatever it is called). */
static void set_instrument(Scanner *sc, Attempt *at, RefInstrument kind, size_t off, size_t end,
                           const char *url) {
  at->m.instr = kind;
  at->m.instr_off = off;
  at->m.instr_len = end - off;
  if (kind == INSTR_OTHER || kind == INSTR_LINK)
    at->m.instrument = copy(sc, off, end);
  if (url)
    at->m.url = arena_strdup(sc->a, url);
}

/* acronym = CAPITALS (" " name-word)*     (« article 6 paragraphe 1 a) GDPR »)
 * A bare acronym names an instrument only in text that is not itself in
 * capitals, where every word would look like one. */
static bool acronym(Scanner *sc, Attempt *at, size_t i, size_t *end) {
  size_t e = word_end(sc, i), k;
  if (at->caps || e - i < 2 || e - i > 6 || !is_caps(sc, i, e) || !uni_isupper(cp_peek(sc, i)) ||
      match_any(sc, i, determiners, &k) || match_any(sc, i, genitives, &k) ||
      match_any(sc, i, connectors, &k) || !read_name(sc, i, end))
    return false;
  if (self_name(sc, i, &k))
    set_instrument(sc, at, INSTR_SELF, i, k, NULL);
  else
    set_instrument(sc, at, INSTR_OTHER, i, *end, NULL);
  return true;
}

/* annex-scope = "annexe" number      (after the preposition of an instrument)
 * « l’article 2 de l’Annexe A », « le point 1 de l’annexe A des présentes »:
 * no other instrument follows, so the items are numbered within that annex
 * of this text.  The annex is not consumed: it is a reference of its own. */
static void annex_scope(Scanner *sc, Attempt *at, size_t i) {
  UnitWord u;
  size_t off, e;
  if (at->m.unit != UNIT_ANNEX && unit_word(sc, i, &u) && u.unit == UNIT_ANNEX && !u.plural &&
      read_number(sc, true, at->caps, skip_spaces(sc, u.end), &off, &e))
    at->m.annex = norm_number(sc, off, e);
}

/* instrument = link-starting-with-preposition | ","? preposition target | acronym
 * The comma is allowed after a pinpoint: « point b), du RGPD ». */
static bool instrument(Scanner *sc, Attempt *at, size_t i, size_t *end) {
  size_t j = skip_spaces(sc, i), k;
  const FlatSpan *l = link_from(sc, j);
  if (l && preposition(sc, j, &k) && skip_spaces(sc, k) < l->off + l->len) {
    set_instrument(sc, at, INSTR_LINK, skip_spaces(sc, k), l->off + l->len, l->url);
    *end = l->off + l->len;
    return true;
  }
  if (at->pinpointed && cp_peek(sc, j) == ',')
    j = skip_spaces(sc, j + 1);
  Target t;
  if (!preposition(sc, j, &k))
    return acronym(sc, at, j, end);
  if (!target(sc, skip_spaces(sc, k), &t)) {
    annex_scope(sc, at, skip_spaces(sc, k));
    return false;
  }
  set_instrument(sc, at, t.kind, t.off, t.end, t.url);
  *end = t.end;
  return true;
}

/* In a link to another document, the words after the preposition up to the
 * link's end are the instrument (« [l’article C4 de l’Annexe 1 des Conditions
 * …](url) »: one reference); without a preposition, the link's text. */
static size_t link_instrument(Scanner *sc, Attempt *at, size_t i) {
  const FlatSpan *l = sc->in_link;
  size_t lend = l->off + l->len, j = skip_spaces(sc, i), k;
  if (cp_peek(sc, j) == ',')
    j = skip_spaces(sc, j + 1);
  if (preposition(sc, j, &k) && skip_spaces(sc, k) < lend) {
    set_instrument(sc, at, INSTR_LINK, skip_spaces(sc, k), lend, l->url);
    return lend;
  }
  set_instrument(sc, at, INSTR_LINK, l->off, lend, l->url);
  return i;
}

/* ---- References ------------------------------------------------------------ */

/* Reads a direction at i, if any, into the match (the first one wins);
 * returns the end of what it read. */
static size_t direction(const Scanner *sc, Attempt *at, size_t i) {
  size_t j = skip_spaces(sc, i), e;
  RefDirection d;
  if (!direction_at(sc, j, &d, &e))
    return i;
  if (at->m.direction == DIR_NONE)
    at->m.direction = d;
  return e;
}

/* tail = direction? instrument? direction?    Returns the end of what it read. */
static size_t tail(Scanner *sc, Attempt *at) {
  size_t i = direction(sc, at, at->end), e;
  if (sc->in_link)
    i = link_instrument(sc, at, i);
  else if (instrument(sc, at, i, &e))
    i = e;
  return direction(sc, at, i);
}

/* reference = unit "."? items tail | unit      (the second: relative)
 * « l'article. 6 » happens; « du présent article » has no item and cites
 * the clause it stands in.  Returns the end of what it consumed, or 0. */
static size_t reference(Scanner *sc, Attempt *at, size_t unit_end) {
  size_t i = skip_spaces(sc, unit_end);
  if (cp_peek(sc, unit_end) == '.' && uni_isdigit(cp_peek(sc, skip_spaces(sc, unit_end + 1))))
    i = skip_spaces(sc, unit_end + 1);
  if (items(sc, at, i))
    return tail(sc, at);
  if (!at->relative_ok)
    return 0;
  add_item(sc, at, (RefItem){.kind = ITEM_RELATIVE, .off = at->m.off, .len = unit_end - at->m.off});
  at->end = unit_end;
  return unit_end;
}

/* lead = ("ce" | "cet" | "cette" | "ces" | "présent" | …) | ("le" | "la" | "l’" | "au" | "du")
 * The word before the unit, read from the main scan: prev is its offset,
 * g what separates it from the unit word. */
static void read_lead(const Scanner *sc, Attempt *at, size_t prev, const Gap *g) {
  size_t e;
  RefUnit unit = at->m.unit;
  if (g->nchars == 1 && is_apostrophe(g->last)) {
    at->definite = match_lit(sc, prev, "l'", &e);
    return;
  }
  if (!g->spaces)
    return;
  if (match_any(sc, prev, demonstratives, &e)) {
    at->m.off = prev;
    at->m.demonstrative = true;
    at->relative_ok = !at->plural && unit != UNIT_POINT && unit != UNIT_STIPULATION;
  } else if (match_any(sc, prev, presents, &e)) {
    at->m.off = prev;
    at->m.demonstrative = true;
    at->relative_ok = !at->plural && unit != UNIT_STIPULATION;
  } else {
    at->definite = match_any(sc, prev, definites, &e);
  }
}

/* Adds the attempt to the results, its items copied out of the scratch. */
static void emit(Scanner *sc, Attempt *at) {
  size_t size = sizeof(RefItem) * (size_t)at->m.nitems;
  at->m.items = memcpy(arena_alloc(sc->a, size), sc->scratch, size);
  at->m.len = at->end - at->m.off;
  sc->out = grow(sc->a, sc->out, sc->nout, &sc->cap, sizeof(RefMatch));
  sc->out[sc->nout++] = at->m;
}

/* Tries a reference at the word ws (prev: the word before, or NULL when the
 * scan has none).  Returns where the scan resumes, or 0 when there is none. */
static size_t attempt_at(Scanner *sc, size_t ws, const size_t *prev, const Gap *g) {
  UnitWord u;
  size_t next_code;
  if (is_hyphen(g->last) || !unit_word(sc, ws, &u) || in_code(sc, ws, &next_code))
    return 0; /* « sous-section » is another unit */
  Attempt at = {
      .m = {.off = ws, .unit = u.unit}, .plural = u.plural, .caps = is_caps(sc, ws, u.end)};
  if (prev)
    read_lead(sc, &at, *prev, g);
  sc->in_link = link_around(sc, ws);
  sc->limit = next_code;
  if (sc->in_link && sc->in_link->off + sc->in_link->len < sc->limit)
    sc->limit = sc->in_link->off + sc->in_link->len;
  size_t end = reference(sc, &at, u.end);
  sc->limit = sc->len;
  if (end)
    emit(sc, &at);
  return end;
}

/* Skips to the start of the next word and describes what it skipped. */
static size_t next_word(const Scanner *sc, size_t i, Gap *g) {
  *g = (Gap){.spaces = true, .last = -1};
  for (;;) {
    int n;
    int c = cp_at(sc, i, &n);
    if (c < 0 || is_word(c))
      return i;
    g->nchars++;
    g->spaces = g->spaces && is_space(c);
    g->last = c;
    i += (size_t)n;
  }
}

/* The main scan: word by word, a reference tried at each unit word; after a
 * reference, the scan resumes past all it read (instrument included), so no
 * word is read twice as the start of something. */
int refs_scan(Arena *a, const FlatText *ft, const char *const *self_names, int nself,
              RefMatch **out) {
  Scanner sc = {.a = a,
                .s = ft->text,
                .len = ft->len,
                .limit = ft->len,
                .self = self_names,
                .nself = self_names ? nself : 0};
  collect_spans(&sc, ft);
  size_t i = 0, prev = 0;
  bool have_prev = false;
  while (i < sc.len) {
    Gap g;
    size_t ws = next_word(&sc, i, &g);
    if (ws >= sc.len)
      break;
    size_t resume = attempt_at(&sc, ws, have_prev ? &prev : NULL, &g);
    have_prev = !resume;
    prev = ws;
    i = resume ? resume : word_end(&sc, ws);
  }
  *out = sc.out;
  return sc.nout;
}

const char *ref_unit_name(RefUnit unit) {
  switch (unit) {
  case UNIT_ARTICLE: return "article";
  case UNIT_CLAUSE: return "clause";
  case UNIT_SECTION: return "section";
  case UNIT_POINT: return "point";
  case UNIT_PARAGRAPH: return "paragraphe";
  case UNIT_ALINEA: return "alinéa";
  case UNIT_ANNEX: return "annexe";
  case UNIT_STIPULATION: return "stipulation";
  }
  return "article";
}
