/*
 * main.c — the command line.  Parses options, runs the front end, hands the
 * model to the back-end the command asks for, and turns the diagnostics into
 * the exit status: 0 clean, 1 errors (or warnings with -Werror), 2 usage or
 * I/O failure.
 */
#include "termc.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: termc <command> [options] FILE...\n"
    "\n"
    "Compiles French contracts written in annotated CommonMark (docs/markup.md).\n"
    "\n"
    "commands:\n"
    "  check    FILE...   report broken references and term problems\n"
    "  symbols  FILE...   print the symbol table (clauses, terms, references) as JSON\n"
    "  text     FILE      print a document's plain text\n"
    "  codes              list the diagnostic codes\n"
    "\n"
    "options:\n"
    "  --format=FORMAT    diagnostics as gcc (default: file:line:col: error: ...),\n"
    "                     github (GitHub Actions annotations) or json\n"
    "  -Werror            treat warnings as errors\n"
    "  -h, --help         show this help\n"
    "  --version          show the version\n"
    "\n"
    "exit status: 0 no error, 1 errors found, 2 usage or I/O failure.\n"
    "See termc(1) and docs/markup.md.\n";

typedef struct Options {
  const char *command;
  DiagFormat format;
  bool werror;
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
  static const char *const commands[] = {"check", "symbols", "text", "codes"};
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
  compile_files(c, o->files, o->nfiles);
  int status = exit_status(c, o->werror);
  Buf out = {0};
  if (strcmp(o->command, "check") == 0) {
    diag_print(&c->diags, o->format, o->werror, stdout);
    if (o->format == FORMAT_GCC)
      summary(c, o->nfiles, o->werror);
  } else if (strcmp(o->command, "symbols") == 0) {
    emit_symbols_json(c, &out);
    fputs(buf_cstr(&out), stdout);
  } else if (strcmp(o->command, "text") == 0) {
    diag_print(&c->diags, o->format, o->werror, stderr);
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
  Options o = {0};
  int status = parse_options(argc, argv, &o);
  if (status < 0)
    status = run(&o);
  free(o.files);
  return status;
}
