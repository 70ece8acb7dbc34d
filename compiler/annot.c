/*
 * annot.c — termc annotations, written as HTML comments so that every
 * Markdown viewer hides them (docs/markup.md, section 8):
 *
 *   annot    = "termc" NEWLINE { key ":" value NEWLINE }      metadata
 *            | "termc:list"
 *            | "termc:define" quoted { quoted }
 *            | "termc:ref" quoted ( "#" id | "external:" name | "none" )
 *            | "termc:ack" code [ quoted ] reason
 *   quoted   = "«" words "»" | '"' words '"'
 *
 * A comment that does not start with "termc" is not ours and is ignored.
 */
#include "termc.h"

#include <string.h>

typedef struct Cursor {
  const char *s;
  size_t len, i;
} Cursor;

static void skip_space(Cursor *c) {
  while (c->i < c->len) {
    int n;
    int cp = utf8_decode(c->s + c->i, c->len - c->i, &n);
    if (!uni_isspace(cp))
      break;
    c->i += (size_t)n;
  }
}

static bool at(const Cursor *c, const char *lit) {
  size_t n = strlen(lit);
  return c->len - c->i >= n && memcmp(c->s + c->i, lit, n) == 0;
}

/* Reads « words » or "words"; returns NULL when there is no quote here. */
static const char *read_quoted(Arena *a, Cursor *c) {
  const char *close;
  if (at(c, "«")) {
    c->i += strlen("«");
    close = "»";
  } else if (at(c, "\"")) {
    c->i += 1;
    close = "\"";
  } else {
    return NULL;
  }
  skip_space(c);
  size_t start = c->i;
  const char *end = memmem(c->s + c->i, c->len - c->i, close, strlen(close));
  if (!end)
    return NULL;
  size_t stop = (size_t)(end - c->s);
  c->i = stop + strlen(close);
  /* trim spaces (including U+00A0 and U+202F) before the closing quote */
  while (stop > start) {
    size_t k = stop - 1;
    while (k > start && ((unsigned char)c->s[k] & 0xC0) == 0x80)
      k--;
    int n;
    if (!uni_isspace(utf8_decode(c->s + k, stop - k, &n)))
      break;
    stop = k;
  }
  return arena_strndup(a, c->s + start, stop - start);
}

static const char *read_word(Arena *a, Cursor *c) {
  size_t start = c->i;
  while (c->i < c->len && c->s[c->i] != ' ' && c->s[c->i] != '\n' && c->s[c->i] != '\t' &&
         c->s[c->i] != '\r')
    c->i++;
  return arena_strndup(a, c->s + start, c->i - start);
}

static const char *rest_trimmed(Arena *a, Cursor *c) {
  skip_space(c);
  size_t end = c->len;
  while (end > c->i && (c->s[end - 1] == ' ' || c->s[end - 1] == '\n' || c->s[end - 1] == '\t' ||
                        c->s[end - 1] == '\r'))
    end--;
  /* One line: newlines inside a reason become spaces. */
  char *out = arena_strndup(a, c->s + c->i, end - c->i);
  for (char *p = out; *p; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  return out;
}

static bool valid_date(const char *v) {
  int y, m, d;
  char tail;
  if (strlen(v) != 10 || sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return false;
  if (v[4] != '-' || v[7] != '-' || m < 1 || m > 12 || d < 1)
    return false;
  static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[m - 1] && !(m == 2 && d == 29 && !leap);
}

static void bad(Compilation *c, Document *doc, Pos pos, const char *what) {
  diag_report(&c->diags, D_BAD_ANNOTATION, doc->src->path, pos, "annotation termc illisible : %s",
              what);
}

/* Splits self: names at commas. */
static void set_self_names(Arena *a, Document *doc, const char *value) {
  PtrVec names = {0};
  const char *p = value;
  while (*p) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    Cursor c = {p, len, 0};
    skip_space(&c);
    size_t end = len;
    while (end > c.i && p[end - 1] == ' ')
      end--;
    if (end > c.i)
      vec_push(a, &names, arena_strndup(a, p + c.i, end - c.i));
    p += len + (comma != NULL);
  }
  doc->self_names = (const char **)names.items;
  doc->nself = names.len;
}

static Annot *parse_meta(Compilation *c, Document *doc, Cursor *cur, Pos pos) {
  Arena *a = c->arena;
  Annot *an = arena_alloc(a, sizeof *an);
  an->kind = ANNOT_META;
  an->pos = pos;
  while (cur->i < cur->len) {
    size_t eol = cur->i;
    while (eol < cur->len && cur->s[eol] != '\n')
      eol++;
    Cursor line = {cur->s + cur->i, eol - cur->i, 0};
    pos.line++;
    cur->i = eol + 1;
    skip_space(&line);
    if (line.i >= line.len)
      continue;
    const char *colon = memchr(line.s + line.i, ':', line.len - line.i);
    if (!colon) {
      bad(c, doc, pos, "une ligne de métadonnées s’écrit « clé: valeur »");
      continue;
    }
    size_t klen = (size_t)(colon - (line.s + line.i));
    const char *key = arena_strndup(a, line.s + line.i, klen);
    line.i += klen + 1;
    const char *value = rest_trimmed(a, &line);
    if (strcmp(key, "title") == 0) {
      doc->title = value;
    } else if (strcmp(key, "date") == 0) {
      if (valid_date(value))
        doc->date = value;
      else
        bad(c, doc, pos, arena_printf(a, "la date « %s » n’est pas une date AAAA-MM-JJ", value));
    } else if (strcmp(key, "self") == 0) {
      set_self_names(a, doc, value);
    } else {
      bad(c, doc, pos,
          arena_printf(a, "clé de métadonnées inconnue « %s » (connues : title, date, self)", key));
    }
  }
  return an;
}

static Annot *parse_define(Compilation *c, Document *doc, Cursor *cur, Annot *an) {
  PtrVec words = {0};
  for (;;) {
    skip_space(cur);
    if (cur->i >= cur->len)
      break;
    const char *w = read_quoted(c->arena, cur);
    if (!w || !*w) {
      bad(c, doc, an->pos, "« termc:define » attend des termes entre guillemets : « X » « Y »");
      return NULL;
    }
    vec_push(c->arena, &words, (void *)w);
  }
  if (words.len == 0) {
    bad(c, doc, an->pos, "« termc:define » sans terme");
    return NULL;
  }
  an->words = (const char **)words.items;
  an->nwords = words.len;
  return an;
}

static Annot *parse_ref(Compilation *c, Document *doc, Cursor *cur, Annot *an) {
  skip_space(cur);
  const char *text = read_quoted(c->arena, cur);
  if (!text || !*text) {
    bad(c, doc, an->pos, "« termc:ref » attend le texte de la référence entre guillemets");
    return NULL;
  }
  an->words = arena_alloc(c->arena, sizeof(char *));
  an->words[0] = text;
  an->nwords = 1;
  skip_space(cur);
  if (at(cur, "#")) {
    cur->i++;
    an->override = OVERRIDE_TARGET;
    an->value = read_word(c->arena, cur);
  } else if (at(cur, "external:")) {
    cur->i += strlen("external:");
    an->override = OVERRIDE_EXTERNAL;
    an->value = rest_trimmed(c->arena, cur);
  } else if (at(cur, "none")) {
    an->override = OVERRIDE_NONE;
    cur->i += 4;
  } else {
    bad(c, doc, an->pos, "« termc:ref » attend #id, « external: NOM » ou « none »");
    return NULL;
  }
  if (an->override != OVERRIDE_NONE && (!an->value || !*an->value)) {
    bad(c, doc, an->pos, "« termc:ref » sans cible");
    return NULL;
  }
  return an;
}

static Annot *parse_ack(Compilation *c, Document *doc, Cursor *cur, Annot *an) {
  skip_space(cur);
  const char *code = read_word(c->arena, cur);
  if (!diag_code_from_name(code, strlen(code), &an->code)) {
    bad(c, doc, an->pos,
        arena_printf(c->arena, "« termc:ack » : code de diagnostic inconnu « %s »", code));
    return NULL;
  }
  skip_space(cur);
  const char *text = read_quoted(c->arena, cur);
  if (text) {
    an->words = arena_alloc(c->arena, sizeof(char *));
    an->words[0] = text;
    an->nwords = 1;
  }
  an->value = rest_trimmed(c->arena, cur);
  if (!*an->value) {
    bad(c, doc, an->pos, "« termc:ack » doit dire pourquoi le défaut est accepté");
    return NULL;
  }
  return an;
}

Annot *annot_parse(Compilation *c, Document *doc, const char *text, size_t len, Pos pos) {
  Cursor cur = {text, len, 0};
  skip_space(&cur);
  if (!at(&cur, "termc"))
    return NULL;
  cur.i += 5;
  Annot *an = arena_alloc(c->arena, sizeof *an);
  an->pos = pos;
  if (cur.i >= len || cur.s[cur.i] == '\n' || cur.s[cur.i] == ' ' || cur.s[cur.i] == '\r') {
    /* metadata: the rest of the first line must be empty */
    while (cur.i < len && (cur.s[cur.i] == ' ' || cur.s[cur.i] == '\r'))
      cur.i++;
    if (cur.i < len && cur.s[cur.i] != '\n') {
      bad(c, doc, pos, "les métadonnées commencent par « termc » seul sur sa ligne");
      return NULL;
    }
    an = parse_meta(c, doc, &cur, pos);
    vec_push(c->arena, &doc->annots, an);
    return an;
  }
  if (cur.s[cur.i] != ':') {
    bad(c, doc, pos, "une annotation s’écrit « termc:list », « termc:define », « termc:ref » ou "
                     "« termc:ack »");
    return NULL;
  }
  cur.i++;
  const char *verb = read_word(c->arena, &cur);
  if (strcmp(verb, "list") == 0) {
    an->kind = ANNOT_LIST;
  } else if (strcmp(verb, "define") == 0) {
    an->kind = ANNOT_DEFINE;
    an = parse_define(c, doc, &cur, an);
  } else if (strcmp(verb, "ref") == 0) {
    an->kind = ANNOT_REF;
    an = parse_ref(c, doc, &cur, an);
  } else if (strcmp(verb, "ack") == 0) {
    an->kind = ANNOT_ACK;
    an = parse_ack(c, doc, &cur, an);
  } else {
    bad(c, doc, pos,
        arena_printf(c->arena,
                     "« termc:%s » inconnu (connus : termc:list, termc:define, termc:ref, "
                     "termc:ack)",
                     verb));
    return NULL;
  }
  if (an)
    vec_push(c->arena, &doc->annots, an);
  return an;
}
