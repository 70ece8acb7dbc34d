/*
 * site.c — the HTML site: the XML of every text, then the XSLT templates.
 *
 * site_build writes out/xml/corpus.xml and out/xml/<id>.xml for each text
 * (xml.c), copies the templates' style sheets and images, and applies
 * templates/site.xsl: once to the corpus, whose result is index.html (the
 * templates write the other pages about all the texts, clauses.html,
 * terms.html and problems.html, with exsl:document), and once to each
 * text's XML, whose result is the text's page, <id>.html.  Every page comes
 * from the templates; changing the site is editing templates/, never this
 * file.  The templates read the trees xml.c built, in memory: nothing is
 * parsed back, and a text's tree is freed as soon as its page is written.
 *
 * The templates run under libxslt's security preferences: they may read only
 * the templates folder and the build folder, write only in the build folder,
 * and never touch the network (libxml2's loader refuses URLs too, so neither
 * a DTD nor an xsl:include can fetch one).
 *
 * Whatever libxml2 and libxslt report while the templates load and run is
 * collected and turned into template-error diagnostics that name the
 * template's file and line, as an editor expects.  Any failure returns
 * false, and build.c leaves the previous out/ as it was.
 */
#include "termc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libexslt/exslt.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxslt/documents.h>
#include <libxslt/imports.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <limits.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* xml.c's entry points for the site (termc.h has the public ones). */
bool xml_save(xmlDocPtr xdoc, const char *path);
xmlDocPtr xml_document_with(Document *doc, const Diag *const *diags, int ndiags, xmlDictPtr dict);
xmlDocPtr xml_corpus_with(Compilation *c, xmlDictPtr dict);
void xml_diagnostics_of(Arena *a, const Compilation *c, const Diag ****of, int **n);

/* The template site_build applies; it includes the others. */
#define SITE_ENTRY "site.xsl"

/* A broken template can fail once per page or per node: past this many
 * messages, the rest are counted, not listed. */
#define MAX_TEMPLATE_DIAGS 12

/* Files of the templates folder copied as they are into out/. */
static const char *const asset_suffixes[] = {".css", ".svg", ".png", ".ico", ".woff2"};

/* ---- Messages from libxml2 and libxslt ------------------------------------------ */

/* One line of what the libraries reported.  libxslt announces each error
 * with a line « runtime error: file F line N element E » and then gives the
 * message; libxml2's parser errors come whole, with their place. */
typedef struct Message {
  const char *file; /* NULL when the line names no place */
  int line;
  const char *element;
  const char *text;
  bool header; /* a libxslt « … error: file … » line */
} Message;

typedef struct Sink {
  Compilation *c;
  const char *entry; /* the entry template, for messages that name no file */
  Buf partial;       /* generic text not yet ended by a newline */
  PtrVec messages;   /* Message* */
} Sink;

static void add_message(Sink *s, const char *file, int line, const char *element,
                        const char *text, bool header) {
  if (s->messages.len > 10 * MAX_TEMPLATE_DIAGS + 100)
    return; /* a template failing on every node: enough is known */
  Arena *a = s->c->arena;
  Message *m = arena_alloc(a, sizeof *m);
  m->file = file ? arena_strdup(a, file) : NULL;
  m->line = line;
  m->element = element ? arena_strdup(a, element) : NULL;
  m->text = arena_strdup(a, text);
  m->header = header;
  vec_push(a, &s->messages, m);
}

/* Reads « compilation error: file F line N element E » (the file name may
 * hold spaces, so the keywords are searched from the right). */
static void add_line(Sink *s, char *line) {
  char *rest = NULL;
  if (strncmp(line, "runtime error: ", 15) == 0)
    rest = line + 15;
  else if (strncmp(line, "compilation error: ", 19) == 0)
    rest = line + 19;
  if (!rest || strncmp(rest, "file ", 5) != 0) {
    /* a header without a place (a bare « error ») says nothing by itself */
    const char *what = rest ? rest : line;
    if (*what && strcmp(what, "error") != 0 && strcmp(what, "runtime error") != 0 &&
        strcmp(what, "compilation error") != 0)
      add_message(s, NULL, 0, NULL, what, false);
    return;
  }
  char *file = rest + 5, *element = strstr(file, " element ");
  if (element) {
    *element = '\0';
    element += 9;
  }
  char *at = strstr(file, " line ");
  for (char *next = at; next; next = strstr(next + 1, " line "))
    at = next;
  int n = 0;
  if (at) {
    *at = '\0';
    n = atoi(at + 6);
  }
  add_message(s, file, n, element, "", true);
}

/* libxslt's and libxml2's generic handler: printf-like pieces of lines. */
static void on_generic(void *ctx, const char *fmt, ...) {
  Sink *s = ctx;
  char *piece = NULL;
  va_list ap;
  va_start(ap, fmt);
  int n = vasprintf(&piece, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  buf_puts(&s->partial, piece);
  free(piece);
  char *start = s->partial.data, *nl;
  while ((nl = strchr(start, '\n'))) {
    *nl = '\0';
    add_line(s, start);
    start = nl + 1;
  }
  size_t left = strlen(start);
  memmove(s->partial.data, start, left + 1);
  s->partial.len = left;
}

/* libxml2's parser errors (a template that is not well-formed XML). */
static void on_structured(void *ctx, xmlErrorPtr e) {
  Sink *s = ctx;
  char *text = arena_strdup(s->c->arena, e->message ? e->message : "erreur XML");
  size_t len = strlen(text);
  while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
    text[--len] = '\0';
  add_message(s, e->file, e->line, NULL, text, false);
}

static void report(Sink *s, const char *file, int line, const char *text, Severity sev,
                   int *count) {
  if (++*count > MAX_TEMPLATE_DIAGS)
    return;
  Diag *g = diag_report(&s->c->diags, D_TEMPLATE_ERROR, file ? file : s->entry, (Pos){line, 0},
                        "modèle XSLT : %s", text);
  g->severity = sev;
}

/* Two headers about one error: libxslt often reports it twice, in two words. */
static bool same_place(const Message *a, const Message *b) {
  if (a->line != b->line || strcmp(a->file, b->file) != 0)
    return false;
  return a->element == b->element ||
         (a->element && b->element && strcmp(a->element, b->element) == 0);
}

/* The diagnostic of one libxslt error: its header's place and element,
 * and the lines that belong to it. */
static void report_open(Sink *s, const Message *open, Buf *text, Severity sev, int *count) {
  const char *what = text->len ? buf_cstr(text) : "erreur";
  if (open->element)
    what = arena_printf(s->c->arena, "élément %s : %s", open->element, what);
  report(s, open->file, open->line, what, sev, count);
  text->len = 0;
}

/* Lines that no header claimed: one diagnostic each. */
static void report_loose(Sink *s, PtrVec *loose, Severity sev, int *count) {
  for (int i = 0; i < loose->len; i++)
    report(s, NULL, 0, ((const Message *)loose->items[i])->text, sev, count);
  loose->len = 0;
}

/* Turns the collected lines into diagnostics: each libxslt header opens one,
 * and the lines after it are its message; lines printed just before a
 * header (an XPath error comes before its place) join it.  Lines that no
 * header follows (xsl:message, a document that cannot be read) are one
 * diagnostic each.  A transform that succeeded may still have printed such
 * lines: they are warnings. */
static void report_messages(Sink *s, bool failed) {
  if (s->partial.len)
    add_line(s, s->partial.data);
  s->partial.len = 0;
  Severity sev = failed ? SEV_ERROR : SEV_WARNING;
  Buf text = {0};
  PtrVec loose = {0};
  const Message *open = NULL;
  int count = 0;
  for (int i = 0; i < s->messages.len; i++) {
    const Message *m = s->messages.items[i];
    if (!m->header && !m->file && open) {
      buf_puts(&text, text.len ? " " : "");
      buf_puts(&text, m->text);
    } else if (!m->header && !m->file) {
      vec_push(s->c->arena, &loose, (void *)m);
    } else if (m->header && open && same_place(open, m)) {
      buf_puts(&text, text.len ? " ;" : ""); /* libxslt's second word on one error */
    } else {
      if (open)
        report_open(s, open, &text, sev, &count);
      open = m->header ? m : NULL;
      for (int k = 0; open && k < loose.len; k++) {
        buf_puts(&text, text.len ? " " : "");
        buf_puts(&text, ((const Message *)loose.items[k])->text);
      }
      if (open)
        loose.len = 0;
      report_loose(s, &loose, sev, &count);
      if (!m->header)
        report(s, m->file, m->line, m->text, sev, &count);
    }
  }
  if (open)
    report_open(s, open, &text, sev, &count);
  report_loose(s, &loose, sev, &count);
  if (count > MAX_TEMPLATE_DIAGS)
    diag_report(&s->c->diags, D_TEMPLATE_ERROR, s->entry, (Pos){0, 0},
                "modèle XSLT : %d autres messages non affichés", count - MAX_TEMPLATE_DIAGS)
        ->severity = sev;
  s->messages.len = 0;
  buf_free(&text);
}

/* ---- Security ------------------------------------------------------------------ */

/* What the templates may touch, for libxslt's security callbacks, which
 * receive no user data (and, when xsl:include is read, no transform context
 * at all): set by site_build for the time of the build. */
static struct {
  const char *read[2]; /* the templates folder and the build folder */
  const char *write;   /* the build folder */
  Arena *arena;
  StrMap *written;     /* every file written so far */
  const char *twice;   /* a file the templates tried to write a second time */
} guard;

static bool under(const char *path, const char *root) {
  size_t n = root ? strlen(root) : 0;
  return root && strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* The absolute, unescaped path of what libxslt names; NULL for anything that
 * is not a local file or that climbs with « .. ».  The result is malloc'd. */
static char *local_path(const char *value) {
  if (strncmp(value, "file://", 7) == 0)
    value += 7;
  else if (strstr(value, "://") || strncmp(value, "file:", 5) == 0)
    return NULL;
  char *path = xmlURIUnescapeString(value, 0, NULL);
  if (!path || strstr(path, "/../") || strncmp(path, "../", 3) == 0 ||
      (strlen(path) >= 3 && strcmp(path + strlen(path) - 3, "/..") == 0) ||
      strcmp(path, "..") == 0) {
    free(path);
    return NULL;
  }
  if (path[0] == '/')
    return path;
  char cwd[PATH_MAX];
  char *abs = NULL;
  if (getcwd(cwd, sizeof cwd) && asprintf(&abs, "%s/%s", cwd, path) < 0)
    abs = NULL;
  free(path);
  return abs;
}

/* A path is inside a root when its name is, and, if it exists, when the
 * file it really is (symbolic links followed) is too. */
static bool path_allowed(const char *value, const char *const *roots, int nroots) {
  char *path = local_path(value);
  if (!path)
    return false;
  char *real = realpath(path, NULL);
  bool ok = false;
  for (int i = 0; i < nroots && !ok; i++)
    ok = roots[i] && under(path, roots[i]) && (!real || under(real, roots[i]));
  free(real);
  free(path);
  return ok;
}

static int check_read(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt, const char *value) {
  (void)sec;
  (void)ctxt;
  return path_allowed(value, guard.read, 2);
}

static int check_directory(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt,
                           const char *value) {
  (void)sec;
  (void)ctxt;
  return path_allowed(value, &guard.write, 1);
}

/* A file written twice is a page that replaces another: most likely a text
 * named like a page of the site (a source called index.md). */
static int check_write(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt, const char *value) {
  (void)sec;
  (void)ctxt;
  if (!path_allowed(value, &guard.write, 1))
    return 0;
  char *path = local_path(value);
  bool again = path && strmap_get(guard.written, path);
  if (again)
    guard.twice = arena_strdup(guard.arena, path);
  else if (path)
    strmap_put(guard.written, arena_strdup(guard.arena, path), guard.arena);
  free(path);
  return !again;
}

static xsltSecurityPrefsPtr new_security(void) {
  xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
  xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, check_read);
  xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, check_write);
  xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, check_directory);
  xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
  xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
  return sec;
}

/* libxslt's own loader, which load_huge wraps: xsltSetLoaderFunc replaces
 * the variable xsltDocDefaultLoader, so the original is kept here. */
static xsltDocLoaderFunc default_loader;

/* The texts' XML may hold a paragraph of many megabytes, past libxml2's
 * default limits: documents read by the templates are parsed without them.
 * (Stylesheets keep the limits.)  Their elements are numbered in document
 * order, as libxslt does for its main input: without it, sorting a node-set
 * of 100 000 sibling clauses compares them by walking the sibling list. */
static xmlDocPtr load_huge(const xmlChar *uri, xmlDictPtr dict, int options, void *ctxt,
                           xsltLoadType type) {
  if (type != XSLT_LOAD_DOCUMENT)
    return default_loader(uri, dict, options, ctxt, type);
  xmlDocPtr doc = default_loader(uri, dict, options | XML_PARSE_HUGE | XML_PARSE_NONET, ctxt, type);
  if (doc)
    xmlXPathOrderDocElems(doc);
  return doc;
}

/* ---- Files --------------------------------------------------------------------- */

static bool output_error(Compilation *c, const char *path, const char *what) {
  int e = errno;
  /* A copy: the path may live in transform()'s arena, freed before printing. */
  diag_report(&c->diags, D_OUTPUT_ERROR, arena_strdup(c->arena, path), (Pos){0, 0}, "%s : %s",
              what, strerror(e));
  return false;
}

/* A text's id names its pages and anchors (out/<id>.html, #<id>): two
 * texts with the same id would write the same pages, and some characters
 * cannot stand in a web address or an HTML id. */
static bool check_ids(Compilation *c) {
  for (int i = 0; i < c->docs.len; i++) {
    Document *d = c->docs.items[i];
    for (int k = 0; k < i; k++) {
      Document *e = c->docs.items[k];
      if (strcmp(d->id, e->id) == 0) {
        diag_report(&c->diags, D_OUTPUT_ERROR, d->src->path, (Pos){0, 0},
                    "ce texte et %s portent le même nom « %s » : leurs pages se remplaceraient ; "
                    "renommez l’un des fichiers",
                    e->src->path, d->id);
        return false;
      }
    }
    if (strcmp(d->id, "corpus") == 0) {
      diag_report(&c->diags, D_OUTPUT_ERROR, d->src->path, (Pos){0, 0},
                  "le nom « corpus » est réservé au site : renommez le fichier");
      return false;
    }
    /* « : » too: « javascript:x.html » would be a link that runs script. */
    if (d->id[strcspn(d->id, " \t\n\r\f\v#%?/\\:")] != '\0' || !*d->id) {
      diag_report(&c->diags, D_OUTPUT_ERROR, d->src->path, (Pos){0, 0},
                  "le nom de fichier « %s » ne peut pas nommer une page web (espace, #, %%, ?, : "
                  "ou \\) : renommez le fichier, par exemple avec des tirets",
                  d->id);
      return false;
    }
  }
  return true;
}

static bool save_xml(Compilation *c, xmlDocPtr xdoc, const char *path) {
  if (!xml_save(xdoc, path))
    return output_error(c, path, "impossible d’écrire le XML");
  return true;
}

/* out/xml/, which transform() fills. */
static bool make_xml_dir(Compilation *c, const char *dir) {
  const char *xml_dir = arena_printf(c->arena, "%s/xml", dir);
  if (mkdir(xml_dir, 0755) != 0)
    return output_error(c, xml_dir, "impossible de créer le dossier");
  return true;
}

static bool copy_file(Compilation *c, const char *from, const char *to) {
  int in = open(from, O_RDONLY), out = -1;
  if (in < 0)
    return output_error(c, from, "impossible de lire");
  out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  bool ok = out >= 0;
  char buf[65536];
  ssize_t n;
  while (ok && (n = read(in, buf, sizeof buf)) != 0) {
    if (n < 0 && errno == EINTR)
      continue;
    ok = n > 0;
    for (ssize_t done = 0; ok && done < n;) {
      ssize_t w = write(out, buf + done, (size_t)(n - done));
      if (w > 0)
        done += w;
      else
        ok = w < 0 && errno == EINTR;
    }
  }
  if (out >= 0 && close(out) != 0)
    ok = false;
  close(in);
  return ok || output_error(c, to, "impossible de copier");
}

static bool is_asset(const char *name) {
  size_t len = strlen(name);
  if (name[0] == '.')
    return false;
  for (size_t i = 0; i < sizeof asset_suffixes / sizeof asset_suffixes[0]; i++) {
    size_t n = strlen(asset_suffixes[i]);
    if (len > n && strcmp(name + len - n, asset_suffixes[i]) == 0)
      return true;
  }
  return false;
}

/* The style sheets and images of the templates folder, into out/. */
static bool copy_assets(Compilation *c, const char *templates, const char *dir) {
  DIR *d = opendir(templates);
  if (!d)
    return output_error(c, templates, "impossible de lire le dossier des modèles");
  bool ok = true;
  struct dirent *e;
  while (ok && (e = readdir(d))) {
    if (!is_asset(e->d_name))
      continue;
    const char *from = arena_printf(c->arena, "%s/%s", templates, e->d_name);
    struct stat st;
    if (stat(from, &st) == 0 && S_ISREG(st.st_mode))
      ok = copy_file(c, from, arena_printf(c->arena, "%s/%s", dir, e->d_name));
  }
  closedir(d);
  return ok;
}

/* ---- Writing a page --------------------------------------------------------------- */

/* libxml2's names for text that xsl:text disable-output-escaping made. */
extern const xmlChar xmlStringTextNoenc[];

/* Text as libxml2's HTML writer escapes it (xmlEncodeEntitiesReentrant on
 * an HTML document): & < > as entities, other control characters than tab
 * and line breaks dropped, everything else as it is; in an attribute, the
 * « &{…} » of HTML 4 script macros kept. */
static void html_escape(Buf *b, const xmlChar *s, bool attribute) {
  static bool plain[256];
  if (!plain['a'])
    for (int c = 0; c < 256; c++)
      plain[c] = c && (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') && c != '<' &&
                 c != '>' && c != '&';
  const xmlChar *run = s;
  for (;;) {
    while (plain[*s])
      s++;
    xmlChar c = *s;
    if (!c)
      break;
    buf_put(b, run, (size_t)(s - run));
    if (c == '&' && attribute && s[1] == '{' && strchr((const char *)s, '}')) {
      const xmlChar *end = (const xmlChar *)strchr((const char *)s, '}');
      buf_put(b, s, (size_t)(end - s + 1));
      s = end;
    } else if (c == '<' || c == '>' || c == '&') {
      buf_puts(b, c == '<' ? "&lt;" : c == '>' ? "&gt;" : "&amp;");
    }
    run = ++s;
  }
  buf_put(b, run, (size_t)(s - run));
}

/* htmlIsBooleanAttr and htmlTagLookup, remembered by name: the names of a
 * page's elements and attributes are the few of the templates, interned. */
typedef struct NameCache {
  const xmlChar *name[64];
  const void *value[64];
} NameCache;

static const void *cached(NameCache *c, const xmlChar *name, const void *(*look)(const xmlChar *)) {
  size_t i = ((uintptr_t)name >> 4) & 63;
  if (c->name[i] != name) {
    c->name[i] = name;
    c->value[i] = look(name);
  }
  return c->value[i];
}

static const void *tag_lookup(const xmlChar *name) { return htmlTagLookup(name); }

static const void *boolean_lookup(const xmlChar *name) {
  return htmlIsBooleanAttr(name) ? name : NULL;
}

static _Thread_local NameCache tags, booleans;

/* A quoted value, as xmlBufWriteQuotedString writes it. */
static void html_quoted(Buf *b, const char *v) {
  if (!strchr(v, '"')) {
    buf_putc(b, '"');
    buf_puts(b, v);
    buf_putc(b, '"');
  } else if (!strchr(v, '\'')) {
    buf_putc(b, '\'');
    buf_puts(b, v);
    buf_putc(b, '\'');
  } else {
    buf_putc(b, '"');
    for (; *v; v++)
      if (*v == '"')
        buf_puts(b, "&quot;");
      else
        buf_putc(b, *v);
    buf_putc(b, '"');
  }
}

static bool html_uri_attribute(const xmlAttr *a) {
  const char *n = (const char *)a->name;
  return !a->ns && a->parent && !a->parent->ns &&
         (!strcasecmp(n, "href") || !strcasecmp(n, "action") || !strcasecmp(n, "src") ||
          (!strcasecmp(n, "name") && !strcasecmp((const char *)a->parent->name, "a")));
}

/* False for what this writer does not know: the caller then lets libxml2
 * write the page. */
static bool html_attribute(Buf *b, const xmlAttr *a) {
  buf_putc(b, ' ');
  if (a->ns && a->ns->prefix) {
    buf_puts(b, (const char *)a->ns->prefix);
    buf_putc(b, ':');
  }
  buf_puts(b, (const char *)a->name);
  if (!a->children || cached(&booleans, a->name, boolean_lookup))
    return true;
  const xmlNode *only = a->children;
  if (only->type == XML_TEXT_NODE && !only->next && only->content && !html_uri_attribute(a) &&
      !strchr((const char *)only->content, '"')) { /* the common case, in place */
    buf_puts(b, "=\"");
    html_escape(b, only->content, true);
    buf_putc(b, '"');
    return true;
  }
  Buf value = {0};
  for (const xmlNode *t = a->children; t; t = t->next) {
    if (t->type != XML_TEXT_NODE)
      return buf_free(&value), false;
    if (t->content)
      html_escape(&value, t->content, true);
  }
  buf_putc(b, '=');
  const char *v = buf_cstr(&value);
  if (html_uri_attribute(a)) {
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
      v++;
    xmlChar *escaped = xmlURIEscapeStr(BAD_CAST v, BAD_CAST "@/:=?;#%&,+<>");
    html_quoted(b, escaped ? (const char *)escaped : v);
    xmlFree(escaped);
  } else {
    html_quoted(b, v);
  }
  buf_free(&value);
  return true;
}

/* An element and its subtree as libxml2's HTML writer writes them without
 * indentation; recursion follows the depth of the page. */
static bool html_node(Buf *b, const xmlNode *n) {
  switch (n->type) {
  case XML_DTD_NODE:
    return true;
  case XML_TEXT_NODE:
    if (!n->content)
      return true;
    if (n->name == xmlStringTextNoenc ||
        (n->parent && (!strcasecmp((const char *)n->parent->name, "script") ||
                       !strcasecmp((const char *)n->parent->name, "style"))))
      buf_puts(b, (const char *)n->content);
    else
      html_escape(b, n->content, false);
    return true;
  case XML_COMMENT_NODE:
    if (n->content) {
      buf_puts(b, "<!--");
      buf_puts(b, (const char *)n->content);
      buf_puts(b, "-->");
    }
    return true;
  case XML_ELEMENT_NODE:
    break;
  default:
    return false;
  }
  const htmlElemDesc *info = n->ns ? NULL : cached(&tags, n->name, tag_lookup);
  buf_putc(b, '<');
  if (n->ns && n->ns->prefix) {
    buf_puts(b, (const char *)n->ns->prefix);
    buf_putc(b, ':');
  }
  buf_puts(b, (const char *)n->name);
  if (n->nsDef)
    return false;
  for (const xmlAttr *a = n->properties; a; a = a->next)
    if (!html_attribute(b, a))
      return false;
  if (info && info->empty) {
    buf_putc(b, '>');
    return true;
  }
  if (!n->children) {
    if (info && info->saveEndTag && strcmp(info->name, "html") && strcmp(info->name, "body")) {
      buf_putc(b, '>');
      return true;
    }
    buf_puts(b, "></");
  } else {
    buf_putc(b, '>');
    for (const xmlNode *c = n->children; c; c = c->next)
      if (!html_node(b, c))
        return false;
    buf_puts(b, "</");
  }
  if (n->ns && n->ns->prefix) {
    buf_puts(b, (const char *)n->ns->prefix);
    buf_putc(b, ':');
  }
  buf_puts(b, (const char *)n->name);
  buf_putc(b, '>');
  return true;
}

/* A page as libxslt writes it with the html output method, UTF-8 and no
 * indentation (which is what site.xsl asks): the same bytes, in a fraction
 * of the time (libxml2 escapes each text into a copy, and URI-escapes
 * every link).  False when it cannot (another output method, a node it does
 * not know): the caller then lets libxslt write it. */
static bool html_save(xsltStylesheetPtr style, xmlDocPtr result, const char *path, bool *written) {
  const xmlChar *method = NULL, *encoding = NULL;
  int indent = -1;
  XSLT_GET_IMPORT_PTR(method, style, method)
  XSLT_GET_IMPORT_PTR(encoding, style, encoding)
  XSLT_GET_IMPORT_INT(indent, style, indent)
  *written = false;
  if (!method || strcmp((const char *)method, "html") != 0 || style->methodURI || !encoding ||
      strcasecmp((const char *)encoding, "UTF-8") != 0 || indent != 0)
    return false;
  htmlSetMetaEncoding(result, encoding); /* as xsltSaveResultTo does */
  Buf b = {0};
  xmlDtdPtr dtd = result->intSubset;
  if (dtd) {
    buf_puts(&b, "<!DOCTYPE ");
    buf_puts(&b, (const char *)dtd->name);
    if (dtd->ExternalID) {
      buf_puts(&b, " PUBLIC ");
      html_quoted(&b, (const char *)dtd->ExternalID);
      if (dtd->SystemID) {
        buf_putc(&b, ' ');
        html_quoted(&b, (const char *)dtd->SystemID);
      }
    } else if (dtd->SystemID && strcmp((const char *)dtd->SystemID, "about:legacy-compat")) {
      buf_puts(&b, " SYSTEM ");
      html_quoted(&b, (const char *)dtd->SystemID);
    }
    buf_puts(&b, ">\n");
  }
  bool ok = true;
  for (const xmlNode *n = result->children; n && ok; n = n->next)
    ok = html_node(&b, n);
  buf_putc(&b, '\n');
  if (ok) {
    *written = true;
    errno = 0;
    FILE *f = fopen(path, "w");
    bool saved = f && fwrite(b.data, 1, b.len, f) == b.len;
    if (f && fclose(f) != 0)
      saved = false;
    ok = saved;
  }
  int saved_errno = errno;
  buf_free(&b);
  errno = saved_errno;
  return ok;
}

/* ---- The transforms ------------------------------------------------------------ */

/* Applies the entry template to input and writes its result to page (when
 * it has one).  libxslt asks check_write for page as for the files the
 * templates write: a text named like a page of the corpus is caught.  The parameter pdf tells the templates whether out/pdf/ will
 * hold the PDFs, so that they link to them only then.  Returns false on any
 * error, reported. */
static bool apply(Sink *sink, xsltStylesheetPtr style, xmlDocPtr input, const char *page,
                  bool pdf) {
  Compilation *c = sink->c;
  xsltTransformContextPtr ctxt = xsltNewTransformContext(style, input);
  xsltSecurityPrefsPtr sec = new_security();
  xmlDocPtr result = NULL;
  bool ok = ctxt != NULL;
  if (ctxt) {
    xsltSetCtxtSecurityPrefs(sec, ctxt);
    xsltSetTransformErrorFunc(ctxt, sink, on_generic);
    const char *params[] = {"pdf", pdf ? "true" : "false", NULL};
    xsltQuoteUserParams(ctxt, params);
    /* TERMC_XSLT_PROFILE=1: libxslt's time per template, for template authors. */
    FILE *profile = getenv("TERMC_XSLT_PROFILE") ? stderr : NULL;
    /* elements numbered in document order, as libxslt does for the documents
     * it parses: without it, sorting a node-set of 100 000 sibling clauses
     * compares them by walking the sibling list */
    xmlXPathOrderDocElems(input);
    result = xsltApplyStylesheetUser(style, input, NULL, page, profile, ctxt);
    ok = result && ctxt->state == XSLT_STATE_OK;
    report_messages(sink, !ok);
  }
  if (ok && xmlDocGetRootElement(result)) {
    bool tried;
    if (!html_save(style, result, page, &tried) &&
        (tried || xsltSaveResultToFilename(page, result, style, 0) < 0))
      ok = output_error(c, page, "impossible d’écrire la page");
  }
  xmlFreeDoc(result);
  if (ctxt)
    xsltFreeTransformContext(ctxt);
  xsltFreeSecurityPrefs(sec);
  return ok;
}

/* The corpus (index.html and the pages about all the texts), then each
 * text's XML and page, one text at a time. */
static bool transform(Sink *sink, xsltStylesheetPtr style, const char *dir, bool pdf) {
  Compilation *c = sink->c;
  Arena *a = arena_new();
  const char *index = arena_printf(a, "%s/index.html", dir);
  bool ok = true;
  xmlDocPtr corpus = xml_corpus_with(c, style->dict); /* names shared with the templates */
  if (corpus) {
    const char *path = arena_printf(a, "%s/xml/corpus.xml", dir);
    corpus->URL = xmlStrdup(BAD_CAST path);
    ok = save_xml(c, corpus, path) && apply(sink, style, corpus, index, pdf);
    xmlFreeDoc(corpus);
  }
  const Diag ***diags = NULL;
  int *ndiags = NULL;
  if (ok)
    xml_diagnostics_of(a, c, &diags, &ndiags);
  for (int i = 0; ok && i < c->docs.len; i++) {
    Document *doc = c->docs.items[i];
    xmlDocPtr xdoc = xml_document_with(doc, diags[i], ndiags[i], style->dict);
    const char *path = arena_printf(a, "%s/xml/%s.xml", dir, doc->id);
    xdoc->URL = xmlStrdup(BAD_CAST path);
    const char *page = arena_printf(a, "%s/%s.html", dir, doc->id);
    ok = save_xml(c, xdoc, path) && apply(sink, style, xdoc, page, pdf);
    xmlFreeDoc(xdoc);
  }
  arena_free(a);
  return ok;
}

/* Loads the templates and runs them, with the handlers, the network guard
 * and the security preferences in place only for that time. */
static bool run_templates(Compilation *c, const char *templates, const char *dir, bool pdf) {
  const char *entry = arena_printf(c->arena, "%s/%s", templates, SITE_ENTRY);
  if (access(entry, R_OK) != 0) {
    diag_report(&c->diags, D_TEMPLATE_ERROR, entry, (Pos){0, 0},
                "modèle introuvable : %s (%s) ; vérifiez --templates", entry, strerror(errno));
    return false;
  }
  Sink sink = {.c = c, .entry = entry};
  exsltRegisterAll();
  xmlSetGenericErrorFunc(&sink, on_generic);
  xsltSetGenericErrorFunc(&sink, on_generic);
  xmlSetStructuredErrorFunc(&sink, on_structured);
  xmlExternalEntityLoader loader = xmlGetExternalEntityLoader();
  xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
  default_loader = xsltDocDefaultLoader;
  xsltSetLoaderFunc(load_huge);
  xsltSecurityPrefsPtr sec = new_security();
  xsltSetDefaultSecurityPrefs(sec);

  xsltStylesheetPtr style = xsltParseStylesheetFile(BAD_CAST entry);
  bool ok = style != NULL;
  if (!ok)
    report_messages(&sink, true);
  else
    ok = transform(&sink, style, dir, pdf);
  if (style)
    xsltFreeStylesheet(style);

  xsltSetDefaultSecurityPrefs(NULL);
  xsltFreeSecurityPrefs(sec);
  xsltSetLoaderFunc(NULL);
  default_loader = NULL;
  xmlSetExternalEntityLoader(loader);
  xmlSetStructuredErrorFunc(NULL, NULL);
  xsltSetGenericErrorFunc(NULL, NULL);
  xmlSetGenericErrorFunc(NULL, NULL);
  buf_free(&sink.partial);
  return ok;
}

/* The page a text would have replaced, said in words its author can act on. */
static void report_twice(Compilation *c) {
  const char *base = strrchr(guard.twice, '/') ? strrchr(guard.twice, '/') + 1 : guard.twice;
  for (int i = 0; i < c->docs.len; i++) {
    Document *d = c->docs.items[i];
    size_t n = strlen(d->id);
    if (strncmp(base, d->id, n) == 0 && strcmp(base + n, ".html") == 0) {
      diag_report(&c->diags, D_OUTPUT_ERROR, d->src->path, (Pos){0, 0},
                  "la page de ce texte, %s, porterait le nom d’une page du site : renommez le "
                  "fichier",
                  base);
      return;
    }
  }
  diag_report(&c->diags, D_TEMPLATE_ERROR, guard.twice, (Pos){0, 0},
              "les modèles écrivent deux fois ce fichier : une page en remplacerait une autre");
}

bool site_build(Compilation *c, const char *dir, const BuildOptions *o) {
  char *root = realpath(dir, NULL);
  char *templates = realpath(o->templates_dir, NULL);
  if (!root) {
    output_error(c, dir, "dossier de sortie introuvable");
  } else if (!templates) {
    diag_report(&c->diags, D_TEMPLATE_ERROR, o->templates_dir, (Pos){0, 0},
                "dossier des modèles introuvable : %s ; vérifiez --templates", strerror(errno));
  }
  bool ok = root && templates && check_ids(c);
  guard.read[0] = templates;
  guard.read[1] = root;
  guard.write = root;
  guard.arena = c->arena;
  guard.written = strmap_new(c->arena);
  guard.twice = NULL;
  ok = ok && make_xml_dir(c, root) && copy_assets(c, o->templates_dir, root) &&
       run_templates(c, o->templates_dir, root, o->pdf);
  if (guard.twice)
    report_twice(c);
  memset(&guard, 0, sizeof guard);
  free(root);
  free(templates);
  return ok;
}
