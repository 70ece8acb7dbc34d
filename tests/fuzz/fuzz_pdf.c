/*
 * fuzz_pdf.c — libFuzzer harness: any bytes to the PDFs.
 *
 * The PDF back-end (typeset.c, linebreak.c, hyphenate.c, layout.c,
 * pdfbody.c, pdfindex.c, pdffont.c, pdfdraw.c, pdf.c) is a typesetter of its
 * own, and it writes files, so fuzz_pipeline.c cannot reach it.  Here the
 * input goes through the front end and then pdf_build, which writes the
 * text's PDF and the corpus's into a folder of this process (in /dev/shm
 * when there is one, so that it stays in memory); the files are checked and
 * removed after each input.
 *
 * Beyond the sanitizers, the harness aborts when pdf_build fails on a text
 * the front end accepted (there is no reason an input cannot be typeset), or
 * when a PDF it wrote is not one: it must begin with « %PDF- » and end with
 * « %%EOF ».
 */
#include "termc.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char out[256]; /* the folder pdf_build writes into (out/pdf/…) */
static char pdfs[300];

static void die(const char *what, const char *detail) {
  fprintf(stderr, "fuzz_pdf: %s\n%s\n", what, detail ? detail : "");
  abort();
}

/* Removes a folder of PDFs and the folder that holds it. */
static void remove_folder(const char *folder) {
  char sub[600];
  snprintf(sub, sizeof sub, "%s/pdf", folder);
  DIR *d = opendir(sub);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    char path[900];
    snprintf(path, sizeof path, "%s/%s", sub, e->d_name);
    unlink(path);
  }
  if (d)
    closedir(d);
  rmdir(sub);
  rmdir(folder);
}

static void remove_out(void) {
  remove_folder(out);
}

/* A run that crashed could not remove its folder: the folders of processes
 * that no longer exist are removed here (their name ends with the PID). */
static void remove_stale(const char *tmp) {
  DIR *d = opendir(tmp);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    long pid = 0;
    if (sscanf(e->d_name, "termc-fuzz-pdf-%ld", &pid) == 1 && pid > 0 && kill((pid_t)pid, 0) != 0 &&
        errno == ESRCH) {
      char folder[600];
      snprintf(folder, sizeof folder, "%s/%s", tmp, e->d_name);
      remove_folder(folder);
    }
  }
  if (d)
    closedir(d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  struct stat st;
  const char *tmp = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : getenv("TMPDIR");
  tmp = tmp && *tmp ? tmp : "/tmp";
  remove_stale(tmp);
  snprintf(out, sizeof out, "%s/termc-fuzz-pdf-%ld", tmp, (long)getpid());
  snprintf(pdfs, sizeof pdfs, "%s/pdf", out);
  if (mkdir(out, 0700) != 0 && errno != EEXIST)
    die("cannot create a folder for the PDFs", out);
  atexit(remove_out);
  return 0;
}

/* Checks that path is a whole PDF, then removes it. */
static void check_pdf(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    die("a PDF was not written", path);
  char head[5] = {0}, tail[16] = {0};
  size_t got = fread(head, 1, sizeof head, f);
  fseek(f, -(long)sizeof tail, SEEK_END);
  size_t end = fread(tail, 1, sizeof tail, f);
  fclose(f);
  if (got != sizeof head || memcmp(head, "%PDF-", 5) != 0 || end == 0 ||
      !memmem(tail, end, "%%EOF", 5))
    die("a PDF is cut or is not a PDF", path);
  unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const names[] = {"fuzz.md"};
  Compilation *c = compilation_new();
  Document *doc = load_document_from_memory(c, names[0], (const char *)data, size);
  if (doc) {
    compile_document(c, doc);
    apply_acks(c);
    BuildOptions o = {.out_dir = out, .pdf = true};
    if (!pdf_build(c, out, &o)) {
      diag_sort(&c->diags, names, 1);
      diag_print(&c->diags, 0, FORMAT_GCC, false, stderr);
      die("pdf_build failed on a text the front end accepted", NULL);
    }
    char path[600];
    snprintf(path, sizeof path, "%s/fuzz.pdf", pdfs);
    check_pdf(path);
    snprintf(path, sizeof path, "%s/corpus.pdf", pdfs);
    check_pdf(path);
  }
  compilation_free(c);
  return 0;
}
