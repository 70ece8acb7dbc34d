/*
 * main.c — the command line.  Parses options, runs the front end, hands the
 * model to the back-end the command asks for, and turns the diagnostics into
 * the exit status: 0 clean, 1 errors (or warnings with -Werror), 2 usage or
 * I/O failure.
 */
#include "termc.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: termc <command> [options] FILE...\n"
    "\n"
    "Compiles French contracts written in annotated CommonMark (docs/markup.md).\n"
    "\n"
    "commands:\n"
    "  check    FILE...   report broken references and term problems\n"
    "  symbols  FILE...   print the symbol table (clauses, terms, references) as JSON\n"
    "  text     FILE      print a document's plain text\n"
    "  build    FILE...   write the HTML site and the PDFs into out/ (or -o DIR)\n"
    "  index    FILE...   write INDEX.md, the map of the corpus (or -o FILE; - for stdout)\n"
    "  codes              list the diagnostic codes\n"
    "\n"
    "options:\n"
    "  --format=FORMAT    diagnostics as gcc (default: file:line:col: error: ...),\n"
    "                     github (GitHub Actions annotations) or json\n"
    "  -Werror            treat warnings as errors\n"
    "  -o PATH            build: the output directory (default out);\n"
    "                     index: the output file (default INDEX.md)\n"
    "  --keep-going       build even when check finds errors; broken references are marked\n"
    "  --no-pdf, --no-html  build only part of the outputs\n"
    "  --templates=DIR    the site's XSLT templates and CSS (default: ./templates if present,\n"
    "                     else $TERMC_TEMPLATES, else the installed ones)\n"
    "  -h, --help         show this help\n"
    "  --version          show the version\n"
    "\n"
    "exit status: 0 no error, 1 errors found, 2 usage or I/O failure.\n"
    "See termc(1) and docs/markup.md.\n";

typedef struct Options {
  const char *command;
  DiagFormat format;
  bool werror;
  const char *output;
  const char *templates;
  bool keep_going, no_pdf, no_html;
  const char **files;
  int nfiles;
} Options;

static int usage_error(const char *fmt, const char *arg) {
  fputs("termc: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\ntermc: see 'termc --help'\n", stderr);
  return 2;
}

/* Returns -1 when the options are good, else the exit status to return. */
static int parse_options(int argc, char **argv, Options *o) {
  static const char *const commands[] = {"check", "symbols", "text", "build", "index", "codes"};
  o->files = calloc((size_t)argc, sizeof(char *));
  bool only_files = false;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (only_files || arg[0] != '-' || strcmp(arg, "-") == 0) {
      if (!o->command) {
        for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
          if (strcmp(arg, commands[k]) == 0)
            o->command = commands[k];
        if (!o->command)
          return usage_error("unknown command '%s'", arg);
      } else {
        o->files[o->nfiles++] = arg;
      }
    } else if (strcmp(arg, "--") == 0) {
      only_files = true;
    } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
      fputs(usage, stdout);
      return 0;
    } else if (strcmp(arg, "--version") == 0) {
      printf("termc %s\n", TERMC_VERSION);
      return 0;
    } else if (strcmp(arg, "-Werror") == 0 || strcmp(arg, "--werror") == 0) {
      o->werror = true;
    } else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) {
      if (i + 1 >= argc)
        return usage_error("option '%s' needs a path", arg);
      o->output = argv[++i];
    } else if (strncmp(arg, "--output=", 9) == 0) {
      o->output = arg + 9;
    } else if (strncmp(arg, "--templates=", 12) == 0) {
      o->templates = arg + 12;
    } else if (strcmp(arg, "--templates") == 0) {
      if (i + 1 >= argc)
        return usage_error("option '%s' needs a directory", arg);
      o->templates = argv[++i];
    } else if (strcmp(arg, "--keep-going") == 0 || strcmp(arg, "-k") == 0) {
      o->keep_going = true;
    } else if (strcmp(arg, "--no-pdf") == 0) {
      o->no_pdf = true;
    } else if (strcmp(arg, "--no-html") == 0) {
      o->no_html = true;
    } else if (strncmp(arg, "--format", 8) == 0) {
      const char *value = arg[8] == '=' ? arg + 9 : arg[8] == '\0' && i + 1 < argc ? argv[++i] : NULL;
      if (!value || (arg[8] != '=' && arg[8] != '\0'))
        return usage_error("option '%s' needs a value: gcc, github or json", arg);
      if (strcmp(value, "gcc") == 0)
        o->format = FORMAT_GCC;
      else if (strcmp(value, "github") == 0)
        o->format = FORMAT_GITHUB;
      else if (strcmp(value, "json") == 0)
        o->format = FORMAT_JSON;
      else
        return usage_error("unknown format '%s': use gcc, github or json", value);
    } else {
      return usage_error("unknown option '%s'", arg);
    }
  }
  if (!o->command)
    return usage_error("%s", "no command given");
  if (strcmp(o->command, "codes") != 0 && o->nfiles == 0)
    return usage_error("'%s' needs at least one FILE", o->command);
  if (strcmp(o->command, "text") == 0 && o->nfiles != 1)
    return usage_error("'%s' takes exactly one FILE", o->command);
  return -1;
}

static int exit_status(Compilation *c, bool werror) {
  if (c->io_failed)
    return 2;
  return diag_count_failures(&c->diags, werror) > 0 ? 1 : 0;
}

/* A one-line summary for people, after gcc-style diagnostics. */
static void summary(Compilation *c, int nfiles, bool werror) {
  int errors = 0, warnings = 0, acknowledged = 0;
  for (int i = 0; i < c->diags.list.len; i++) {
    const Diag *g = c->diags.list.items[i];
    if (g->acknowledged)
      acknowledged++;
    else if (g->severity == SEV_ERROR || (werror && g->severity == SEV_WARNING))
      errors++;
    else if (g->severity == SEV_WARNING)
      warnings++;
  }
  fprintf(stderr, "termc: %d fichier%s, %d erreur%s, %d avertissement%s, %d défaut%s reconnu%s\n",
          nfiles, nfiles > 1 ? "s" : "", errors, errors > 1 ? "s" : "", warnings,
          warnings > 1 ? "s" : "", acknowledged, acknowledged > 1 ? "s" : "",
          acknowledged > 1 ? "s" : "");
}

/* --templates, $TERMC_TEMPLATES, ./templates in a checkout, the installed
 * ones: the first that exists. */
static const char *templates_dir(const Options *o) {
  if (o->templates)
    return o->templates;
  const char *env = getenv("TERMC_TEMPLATES");
  if (env && *env)
    return env;
  if (access("templates/document.xsl", R_OK) == 0)
    return "templates";
  return TERMC_DATADIR "/templates";
}

/* The HTML and PDF back-ends live in termc-build.so, loaded for `build`
 * only, so that the other commands start without libxml2, libxslt, libharu
 * and libhyphen (their loading costs more than checking a text).  It is
 * looked for beside the binary (build/ in a checkout, for ./termc and
 * build/termc-asan) and then where make install puts it. */
typedef int BuildFn(Compilation *c, const BuildOptions *o);

static BuildFn *load_backends(void) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  exe[n > 0 ? n : 0] = '\0';
  char *slash = strrchr(exe, '/');
  const char *base = slash ? slash + 1 : "termc";
  if (slash)
    *slash = '\0';
  char paths[3][PATH_MAX + 32];
  snprintf(paths[0], sizeof paths[0], "%s/build/termc-build.so", exe);
  snprintf(paths[1], sizeof paths[1], "%s/%s-build.so", exe, base);
  snprintf(paths[2], sizeof paths[2], "%s/termc-build.so", TERMC_LIBDIR);
  const char *error = NULL;
  for (int i = slash ? 0 : 2; i < 3; i++) {
    if (access(paths[i], R_OK) != 0)
      continue;
    void *h = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL);
    BuildFn *fn = h ? (BuildFn *)(void (*)(void))dlsym(h, "build_outputs") : NULL;
    if (fn)
      return fn;
    error = dlerror();
  }
  fprintf(stderr, "termc: cannot load the HTML and PDF back-ends (%s): %s; reinstall termc\n",
          paths[2], error ? error : "not found");
  return NULL;
}

/* Writes INDEX.md through a temporary file, so that a failure never leaves
 * it half written. */
static int write_index(Compilation *c, const char *path) {
  Buf out = {0};
  emit_index_md(c, &out);
  int status = 0;
  if (strcmp(path, "-") == 0) {
    fputs(buf_cstr(&out), stdout);
  } else {
    char *tmp = arena_printf(c->arena, "%s.termc-tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f || fwrite(out.data, 1, out.len, f) != out.len || fclose(f) != 0 ||
        rename(tmp, path) != 0) {
      fprintf(stderr, "termc: cannot write %s: %s\n", path, strerror(errno));
      remove(tmp);
      status = 2;
    }
  }
  buf_free(&out);
  return status;
}

static int cmd_codes(void) {
  static const char *const severity[] = {"note", "warning", "error"};
  for (int i = 0; i < D__COUNT; i++)
    printf("%-20s %s\n", diag_code_name((DiagCode)i), severity[diag_default_severity((DiagCode)i)]);
  return 0;
}

static int run(Options *o) {
  if (strcmp(o->command, "codes") == 0)
    return cmd_codes();
  Compilation *c = compilation_new();
  c->diagnostics_only = strcmp(o->command, "check") == 0;
  compile_files(c, o->files, o->nfiles);
  int status = exit_status(c, o->werror);
  Buf out = {0};
  if (strcmp(o->command, "check") == 0) {
    diag_print(&c->diags, 0, o->format, o->werror, stdout);
    fflush(stdout); /* the summary comes after the diagnostics, even in a pipe */
    if (o->format == FORMAT_GCC)
      summary(c, o->nfiles, o->werror);
  } else if (strcmp(o->command, "symbols") == 0) {
    emit_symbols_json(c, &out);
    fputs(buf_cstr(&out), stdout);
  } else if (strcmp(o->command, "build") == 0) {
    diag_print(&c->diags, 0, o->format, o->werror, stderr);
    BuildOptions b = {.out_dir = o->output ? o->output : "out",
                      .templates_dir = templates_dir(o),
                      .keep_going = o->keep_going,
                      .html = !o->no_html,
                      .pdf = !o->no_pdf};
    int before = c->diags.list.len;
    BuildFn *build = load_backends();
    int built = build ? build(c, &b) : 2;
    /* problems of the build itself (templates, disk) come after */
    diag_print(&c->diags, before, o->format, o->werror, stderr);
    status = built > status ? built : status;
  } else if (strcmp(o->command, "index") == 0) {
    diag_print(&c->diags, 0, o->format, o->werror, stderr);
    int written = write_index(c, o->output ? o->output : "INDEX.md");
    status = written > status ? written : status;
  } else if (strcmp(o->command, "text") == 0) {
    diag_print(&c->diags, 0, o->format, o->werror, stderr);
    if (c->docs.len)
      emit_text(c->docs.items[0], &out);
    fputs(buf_cstr(&out), stdout);
  }
  buf_free(&out);
  compilation_free(c);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fputs("termc: cannot write the output\n", stderr);
    return 2;
  }
  return status;
}

int main(int argc, char **argv) {
  /* Each document's memory is freed once it is checked and taken again for
   * the next: without this, glibc gives the top of the heap back to the
   * system after every document and page-faults it in again (×100 texts:
   * 31 000 page faults, 0.8 s of system time). */
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  /* Past a file size limit (ulimit -f), a write should fail with EFBIG and
   * be reported like a full disk, not kill termc with SIGXFSZ. */
  signal(SIGXFSZ, SIG_IGN);
  Options o = {0};
  int status = parse_options(argc, argv, &o);
  if (status < 0)
    status = run(&o);
  free(o.files);
  return status;
}
