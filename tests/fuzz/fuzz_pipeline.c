/*
 * fuzz_pipeline.c — libFuzzer harness: any bytes through the whole of termc.
 *
 * The input is a source file.  It goes through every stage a `termc build`
 * runs (load, clauses, terms, references, resolution, checks, marks,
 * acknowledgements), then through every back-end that can work in memory:
 * the symbol table and the diagnostics as JSON, the plain text, INDEX.md,
 * each text's XML, and the site's HTML pages from the real templates.  The
 * PDF back-end writes files and is exercised by tests/e2e/t_hostile.sh
 * instead.
 *
 * Beyond the sanitizers' own findings, the harness aborts when an output is
 * wrong in a way no input may cause:
 *   - the JSON of `termc symbols` or of `--format=json` does not parse;
 *   - an output that should be UTF-8 text is not;
 *   - the XML of a text does not parse back;
 *   - the templates fail on the XML termc itself produced;
 *   - a page holds something that could run script: a <script>, <iframe>,
 *     <object>… element, an on… attribute, or a link whose scheme is not
 *     http, https or mailto (issue 6, site safety).
 *
 * The templates run as site.c runs them, except that the pages come back in
 * memory: a small entry stylesheet imports templates/site.xsl and calls its
 * page templates in one result, document() is answered from memory, and the
 * security preferences forbid writing and the network.
 *
 * TEMPLATES_DIR (an absolute path, set by the Makefile) names the templates;
 * $TERMC_TEMPLATES overrides it.
 */
#include "termc.h"

#include <libexslt/exslt.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxslt/documents.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef TEMPLATES_DIR
#define TEMPLATES_DIR "templates"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The name the input goes by: its stem is the document's id. */
#define INPUT_NAME "fuzz.md"

/* ---- Failing loudly ------------------------------------------------------------ */

/* Reports a broken invariant with the output that shows it, and aborts so
 * that libFuzzer saves the input. */
static void die(const char *what, const char *output, size_t len) {
  fprintf(stderr, "fuzz_pipeline: %s\n", what);
  if (output)
    fprintf(stderr, "--- output (first 2000 bytes) ---\n%.*s\n", (int)(len < 2000 ? len : 2000),
            output);
  abort();
}

/* ---- A JSON checker ------------------------------------------------------------ */

/* termc's JSON is shallow: deeper than this is a bug, and the bound keeps the
 * recursive checker safe. */
#define JSON_MAX_DEPTH 16

typedef struct Json {
  const char *s;
  size_t len, i;
} Json;

static void json_space(Json *j) {
  while (j->i < j->len && strchr(" \t\n\r", j->s[j->i]) && j->s[j->i])
    j->i++;
}

static bool json_literal(Json *j, const char *word) {
  size_t n = strlen(word);
  if (j->len - j->i < n || memcmp(j->s + j->i, word, n) != 0)
    return false;
  j->i += n;
  return true;
}

/* string = '"' (char | escape)* '"', no raw control character. */
static bool json_str(Json *j) {
  if (j->i >= j->len || j->s[j->i] != '"')
    return false;
  for (j->i++; j->i < j->len; j->i++) {
    unsigned char ch = (unsigned char)j->s[j->i];
    if (ch == '"') {
      j->i++;
      return true;
    }
    if (ch < 0x20)
      return false;
    if (ch != '\\')
      continue;
    if (++j->i >= j->len)
      return false;
    char e = j->s[j->i];
    if (e == 'u') {
      for (int k = 0; k < 4; k++)
        if (++j->i >= j->len || !strchr("0123456789abcdefABCDEF", j->s[j->i]) || !j->s[j->i])
          return false;
    } else if (!strchr("\"\\/bfnrt", e) || !e) {
      return false;
    }
  }
  return false;
}

/* number = '-'? digits ('.' digits)? (an integer is all termc writes, but
 * accept the rest of the grammar's common cases). */
static bool json_num(Json *j) {
  size_t start = j->i;
  if (j->i < j->len && j->s[j->i] == '-')
    j->i++;
  size_t digits = j->i;
  while (j->i < j->len && j->s[j->i] >= '0' && j->s[j->i] <= '9')
    j->i++;
  if (j->i == digits)
    return false;
  if (j->i < j->len && j->s[j->i] == '.') {
    j->i++;
    while (j->i < j->len && j->s[j->i] >= '0' && j->s[j->i] <= '9')
      j->i++;
  }
  return j->i > start;
}

static bool json_value(Json *j, int depth);

/* object or array: open (member (',' member)*)? close. */
static bool json_container(Json *j, int depth, char close, bool object) {
  j->i++;
  json_space(j);
  if (j->i < j->len && j->s[j->i] == close) {
    j->i++;
    return true;
  }
  for (;;) {
    json_space(j);
    if (object) {
      if (!json_str(j))
        return false;
      json_space(j);
      if (j->i >= j->len || j->s[j->i++] != ':')
        return false;
    }
    if (!json_value(j, depth + 1))
      return false;
    json_space(j);
    if (j->i >= j->len)
      return false;
    char ch = j->s[j->i++];
    if (ch == close)
      return true;
    if (ch != ',')
      return false;
  }
}

static bool json_value(Json *j, int depth) {
  if (depth > JSON_MAX_DEPTH)
    return false;
  json_space(j);
  if (j->i >= j->len)
    return false;
  switch (j->s[j->i]) {
  case '{': return json_container(j, depth, '}', true);
  case '[': return json_container(j, depth, ']', false);
  case '"': return json_str(j);
  case 't': return json_literal(j, "true");
  case 'f': return json_literal(j, "false");
  case 'n': return json_literal(j, "null");
  default: return json_num(j);
  }
}

static void check_json(const char *what, const char *s, size_t len) {
  Json j = {s, len, 0};
  bool ok = json_value(&j, 0);
  json_space(&j);
  if (!ok || j.i != len)
    die(what, s, len);
  if (utf8_validate(s, len) != len)
    die("JSON output is not UTF-8", s, len);
}

/* ---- The templates, in memory ---------------------------------------------------- */

/* Imports the real templates and returns every page in one result.  Its
 * base URI is inside the templates folder, so the import is relative. */
static const char entry_xsl[] =
    "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'\n"
    "    xmlns:t='urn:termc:xml:1' exclude-result-prefixes='t'>\n"
    "  <xsl:import href='site.xsl'/>\n"
    "  <xsl:template match='/'>\n"
    "    <pages>\n"
    "      <xsl:call-template name='index-page'/>\n"
    "      <xsl:for-each select='t:corpus/t:document'>\n"
    "        <xsl:apply-templates select='document(@href, .)/t:document' mode='page'/>\n"
    "      </xsl:for-each>\n"
    "      <xsl:call-template name='clauses-page'/>\n"
    "      <xsl:call-template name='terms-page'/>\n"
    "      <xsl:call-template name='problems-page'/>\n"
    "    </pages>\n"
    "  </xsl:template>\n"
    "</xsl:stylesheet>\n";

static xsltStylesheetPtr style;
static xsltSecurityPrefsPtr security;
static xmlDocPtr current_xml; /* what document() returns during a transform */
static Buf messages;          /* what libxml2 and libxslt said */

static void on_message(void *ctx, const char *fmt, ...) {
  (void)ctx;
  if (messages.len > 8000)
    return;
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  buf_puts(&messages, line);
}

/* document() in the templates: the text's XML, from memory.  Stylesheets
 * load from disk as usual. */
static xmlDocPtr memory_loader(const xmlChar *uri, xmlDictPtr dict, int options, void *ctxt,
                               xsltLoadType type) {
  if (type == XSLT_LOAD_DOCUMENT)
    return current_xml ? xmlCopyDoc(current_xml, 1) : NULL;
  return xsltDocDefaultLoader(uri, dict, options, ctxt, type);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  const char *dir = getenv("TERMC_TEMPLATES");
  if (!dir || !*dir)
    dir = TEMPLATES_DIR;
  char *base = realpath(dir, NULL);
  if (!base)
    die("cannot find the templates (set TERMC_TEMPLATES)", dir, strlen(dir));
  Buf url = {0};
  buf_printf(&url, "file://%s/fuzz-entry.xsl", base);
  free(base);
  exsltRegisterAll();
  xmlSetGenericErrorFunc(NULL, on_message);
  xsltSetGenericErrorFunc(NULL, on_message);
  xmlDocPtr entry = xmlReadMemory(entry_xsl, (int)strlen(entry_xsl), buf_cstr(&url), NULL, 0);
  style = entry ? xsltParseStylesheetDoc(entry) : NULL;
  if (!style)
    die("cannot load the templates", messages.data, messages.len);
  buf_free(&url);
  xsltSetLoaderFunc(memory_loader);
  security = xsltNewSecurityPrefs();
  xsltSetSecurityPrefs(security, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
  xsltSetSecurityPrefs(security, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
  xsltSetSecurityPrefs(security, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
  xsltSetSecurityPrefs(security, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
  return 0;
}

/* ---- What a page may not hold ------------------------------------------------ */

static const char *const unsafe_elements[] = {"script", "iframe", "frame", "frameset", "object",
                                              "embed",  "applet", "base",  "form",     "meta"};

/* A link target is safe when it is relative or its scheme is http, https or
 * mailto.  Browsers ignore leading spaces and control characters, and
 * tabs and line breaks anywhere in the scheme, so they are skipped here. */
static bool url_safe(const char *url) {
  char scheme[16];
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
    if (*p <= 0x20)
      continue;
    if (*p == ':')
      break;
    if (*p == '/' || *p == '?' || *p == '#')
      return true;
    if (n + 1 >= sizeof scheme)
      return true; /* too long to be a scheme: a relative path */
    scheme[n++] = (char)*p;
  }
  if (!strchr(url, ':'))
    return true;
  scheme[n] = '\0';
  return strcasecmp(scheme, "http") == 0 || strcasecmp(scheme, "https") == 0 ||
         strcasecmp(scheme, "mailto") == 0;
}

static void check_element(xmlNodePtr n) {
  for (size_t k = 0; k < sizeof unsafe_elements / sizeof *unsafe_elements; k++)
    if (strcasecmp((const char *)n->name, unsafe_elements[k]) == 0 &&
        !(strcmp(unsafe_elements[k], "meta") == 0 && !xmlHasProp(n, BAD_CAST "http-equiv")))
      die("a page holds an unsafe element", (const char *)n->name, strlen((const char *)n->name));
  for (xmlAttrPtr a = n->properties; a; a = a->next) {
    const char *name = (const char *)a->name;
    if (strncasecmp(name, "on", 2) == 0)
      die("a page holds an event attribute", name, strlen(name));
    if (strcasecmp(name, "href") && strcasecmp(name, "src") && strcasecmp(name, "action") &&
        strcasecmp(name, "formaction") && strcasecmp(name, "srcset"))
      continue;
    xmlChar *value = xmlNodeListGetString(n->doc, a->children, 1);
    bool safe = !value || url_safe((const char *)value);
    if (!safe)
      die("a page links to an unsafe URL", (const char *)value, strlen((const char *)value));
    xmlFree(value);
  }
}

/* Walks every element of the result without recursion. */
static void check_pages(xmlDocPtr pages) {
  xmlNodePtr n = xmlDocGetRootElement(pages);
  while (n) {
    if (n->type == XML_ELEMENT_NODE)
      check_element(n);
    if (n->type == XML_ELEMENT_NODE && n->children) {
      n = n->children;
      continue;
    }
    while (n && !n->next && n->parent && n->parent->type != XML_DOCUMENT_NODE &&
           n->parent->type != XML_HTML_DOCUMENT_NODE)
      n = n->parent;
    n = n ? n->next : NULL;
  }
}

/* The corpus page and the text's page, as site.c would write them. */
static void render_site(Compilation *c, xmlDocPtr xml) {
  xmlDocPtr corpus = xml_corpus(c);
  corpus->URL = xmlStrdup(BAD_CAST "file:///fuzz/xml/corpus.xml");
  current_xml = xml;
  messages.len = 0;
  xsltTransformContextPtr ctxt = xsltNewTransformContext(style, corpus);
  xsltSetCtxtSecurityPrefs(security, ctxt);
  xsltSetTransformErrorFunc(ctxt, NULL, on_message);
  xmlDocPtr pages = xsltApplyStylesheetUser(style, corpus, NULL, NULL, NULL, ctxt);
  if (!pages || ctxt->state != XSLT_STATE_OK)
    die("the templates failed on termc's own XML", messages.data, messages.len);
  check_pages(pages);
  xmlChar *html = NULL;
  int len = 0;
  if (xsltSaveResultToString(&html, &len, pages, style) != 0 ||
      utf8_validate((const char *)html, (size_t)len) != (size_t)len)
    die("the pages cannot be serialized as UTF-8", (const char *)html, html ? (size_t)len : 0);
  xmlFree(html);
  xmlFreeDoc(pages);
  xsltFreeTransformContext(ctxt);
  xmlFreeDoc(corpus);
  current_xml = NULL;
}

/* ---- The pipeline ------------------------------------------------------------ */

/* The XML of the text must parse back, as the templates will read it. */
static void check_xml(xmlDocPtr xml) {
  xmlChar *bytes = NULL;
  int len = 0;
  xmlDocDumpMemoryEnc(xml, &bytes, &len, "UTF-8");
  xmlDocPtr back = bytes ? xmlReadMemory((const char *)bytes, len, "fuzz.xml", NULL,
                                         XML_PARSE_NONET | XML_PARSE_HUGE)
                         : NULL;
  if (!back)
    die("the XML of the text does not parse back", (const char *)bytes, bytes ? (size_t)len : 0);
  xmlFreeDoc(back);
  xmlFree(bytes);
}

/* The input through the front end: load, every stage, acknowledgements.
 * diagnostics_only is what `termc check` sets (no marks). */
static Compilation *compile(const uint8_t *data, size_t size, bool diagnostics_only) {
  static const char *const names[] = {INPUT_NAME};
  Compilation *c = compilation_new();
  c->diagnostics_only = diagnostics_only;
  Document *doc = load_document_from_memory(c, INPUT_NAME, (const char *)data, size);
  if (doc)
    compile_document(c, doc);
  apply_acks(c);
  diag_sort(&c->diags, names, 1);
  return c;
}

/* The diagnostics as `termc check` prints them; the caller frees. */
static char *diagnostics_text(Compilation *c, size_t *len) {
  char *text = NULL;
  FILE *f = open_memstream(&text, len);
  diag_print(&c->diags, 0, FORMAT_GCC, true, f);
  fclose(f);
  return text;
}

/* The diagnostics in each format: JSON must parse, the others must be
 * UTF-8, and `termc check`, which skips the marks, must report exactly what
 * the whole pipeline reports. */
static void check_diagnostics(Compilation *c, const uint8_t *data, size_t size) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  diag_print(&c->diags, 0, FORMAT_JSON, false, f);
  fclose(f);
  check_json("--format=json is not valid JSON", text, len);
  free(text);
  f = open_memstream(&text, &len);
  diag_print(&c->diags, 0, FORMAT_GITHUB, false, f);
  fclose(f);
  if (utf8_validate(text, len) != len)
    die("github diagnostics are not UTF-8", text, len);
  free(text);

  text = diagnostics_text(c, &len);
  if (utf8_validate(text, len) != len)
    die("gcc diagnostics are not UTF-8", text, len);
  Compilation *checked = compile(data, size, true);
  size_t checked_len = 0;
  char *checked_text = diagnostics_text(checked, &checked_len);
  if (checked_len != len || memcmp(text, checked_text, len) != 0) {
    fprintf(stderr, "--- termc check says ---\n%s", checked_text);
    die("termc check and the whole pipeline report different diagnostics", text, len);
  }
  free(checked_text);
  compilation_free(checked);
  free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Compilation *c = compile(data, size, false);
  Document *doc = c->docs.len ? c->docs.items[0] : NULL;
  diag_count_failures(&c->diags, true);

  Buf out = {0};
  emit_symbols_json(c, &out);
  check_json("termc symbols is not valid JSON", out.data, out.len);
  buf_free(&out);
  check_diagnostics(c, data, size);
  emit_index_md(c, &out);
  if (doc)
    emit_text(doc, &out);
  if (utf8_validate(buf_cstr(&out), out.len) != out.len)
    die("INDEX.md or the text is not UTF-8", out.data, out.len);
  buf_free(&out);

  if (doc) {
    xmlDocPtr xml = xml_document(doc);
    check_xml(xml);
    render_site(c, xml);
    xmlFreeDoc(xml);
  }
  compilation_free(c);
  return 0;
}
