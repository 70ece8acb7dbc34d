/*
 * build.c — `termc build`: every output, written atomically.
 *
 * The outputs are written into a fresh directory beside the target
 * (out.termc-tmp-PID-XXXXXX), and only when all of them are complete is that
 * directory swapped with out/ in one renameat2(RENAME_EXCHANGE) call.  A
 * build that fails, is killed at any moment or runs out of disk therefore
 * leaves the previous out/ whole; what it leaves behind is a temporary
 * directory that the next build removes.
 *
 * The site and the PDFs are written at the same time, the site on a
 * thread of its own and the PDFs on the others (pdf.c spreads its work
 * over the processors).  Each sees the compilation through a copy of its
 * own: the documents and the diagnostics as they are, read-only, and an
 * arena and a list of new diagnostics of its own, which are added to the
 * compilation's once both are done, the site's first, as if they had run
 * one after the other.
 */
#include "termc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* Removes a directory tree; symbolic links are removed, never followed. */
static bool remove_tree(const char *path) {
  return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0 || errno == ENOENT;
}

/* The directory that holds out/, and out/'s own name. */
static void split_path(Arena *a, const char *out, const char **parent, const char **base) {
  size_t len = strlen(out);
  while (len > 1 && out[len - 1] == '/')
    len--;
  const char *path = arena_strndup(a, out, len);
  const char *slash = strrchr(path, '/');
  if (!slash) {
    *parent = ".";
    *base = path;
  } else {
    *parent = slash == path ? "/" : arena_strndup(a, path, (size_t)(slash - path));
    *base = slash + 1;
  }
}

/* Removes the temporary directories of earlier builds that were killed:
 * their name carries the PID of a process that no longer exists. */
static void remove_stale(Arena *a, const char *parent, const char *base) {
  DIR *d = opendir(parent);
  if (!d)
    return;
  const char *prefix = arena_printf(a, "%s.termc-tmp-", base);
  size_t plen = strlen(prefix);
  struct dirent *e;
  while ((e = readdir(d))) {
    if (strncmp(e->d_name, prefix, plen) != 0)
      continue;
    long pid = strtol(e->d_name + plen, NULL, 10);
    if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH)
      remove_tree(arena_printf(a, "%s/%s", parent, e->d_name));
  }
  closedir(d);
}

/* Puts the finished directory in place of out/ in one step. */
static bool swap_into_place(Compilation *c, const char *tmp, const char *out) {
  struct stat st;
  if (stat(out, &st) != 0) {
    if (rename(tmp, out) == 0)
      return true;
  } else if (!S_ISDIR(st.st_mode)) {
    diag_report(&c->diags, D_OUTPUT_ERROR, out, (Pos){0, 0},
                "« %s » existe et n’est pas un dossier : déplacez-le ou choisissez un autre -o", out);
    return false;
  } else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_EXCHANGE) == 0) {
    remove_tree(tmp); /* now holds the previous out/ */
    return true;
  } else if (errno == EINVAL || errno == ENOSYS) {
    /* A file system without RENAME_EXCHANGE: two renames, the previous
     * out/ kept aside until the new one is in place. */
    const char *old = arena_printf(c->arena, "%s.termc-old-%ld", out, (long)getpid());
    if (rename(out, old) == 0) {
      if (rename(tmp, out) == 0) {
        remove_tree(old);
        return true;
      }
      rename(old, out);
    }
  }
  diag_report(&c->diags, D_OUTPUT_ERROR, out, (Pos){0, 0},
              "impossible de mettre les fichiers produits en place : %s", strerror(errno));
  return false;
}

/* What a back-end sees of the compilation while the other runs: the same
 * documents and diagnostics, its own arena, and a list of diagnostics whose
 * first new entry moves it to memory of its own (capacity = length), so
 * that neither writes where the other reads. */
static Compilation shadow(const Compilation *c) {
  Compilation s = *c;
  s.arena = arena_new();
  s.diags.arena = s.arena;
  s.diags.list.cap = s.diags.list.len;
  s.arenas = (PtrVec){0};
  return s;
}

/* Adds what a back-end reported to the compilation, and keeps its arena,
 * which holds those diagnostics, until the compilation is freed. */
static void merge(Compilation *c, Compilation *s, bool keep) {
  for (int i = c->diags.list.len; keep && i < s->diags.list.len; i++) {
    Diag *g = s->diags.list.items[i];
    g->seq = c->diags.list.len;
    vec_push(c->arena, &c->diags.list, g);
  }
  c->io_failed |= s->io_failed;
  vec_push(c->arena, &c->arenas, s->arena);
}

typedef struct SiteJob {
  Compilation c;
  const char *dir;
  const BuildOptions *o;
  bool ok;
} SiteJob;

static void *site_thread(void *arg) {
  SiteJob *job = arg;
  job->ok = site_build(&job->c, job->dir, job->o);
  return NULL;
}

/* The site and the PDFs into dir, at the same time when both are asked. */
static bool write_outputs(Compilation *c, const char *dir, const BuildOptions *o) {
  SiteJob site = {.c = shadow(c), .dir = dir, .o = o, .ok = true};
  Compilation pdf = shadow(c);
  pthread_t thread;
  bool threaded = o->html && o->pdf && pthread_create(&thread, NULL, site_thread, &site) == 0;
  if (o->html && !threaded)
    site_thread(&site);
  bool pdf_ok = !o->pdf || (!threaded && !site.ok) || pdf_build(&pdf, dir, o);
  if (threaded)
    pthread_join(thread, NULL);
  merge(c, &site.c, true);
  merge(c, &pdf, site.ok); /* a failed site stopped the build first */
  return site.ok && pdf_ok;
}

int build_outputs(Compilation *c, const BuildOptions *o) {
  int failures = diag_count_failures(&c->diags, false);
  if (failures > 0 && !o->keep_going) {
    fprintf(stderr,
            "termc: build refused: %d error%s (run 'termc check' to see them); fix them, or build "
            "anyway with --keep-going\n",
            failures, failures > 1 ? "s" : "");
    return 1;
  }
  if (c->docs.len == 0) {
    fputs("termc: nothing to build\n", stderr);
    return c->io_failed ? 2 : 1;
  }
  const char *parent, *base;
  split_path(c->arena, o->out_dir, &parent, &base);
  remove_stale(c->arena, parent, base);
  char *tmp = arena_printf(c->arena, "%s/%s.termc-tmp-%ld-XXXXXX", parent, base, (long)getpid());
  if (!mkdtemp(tmp)) {
    diag_report(&c->diags, D_OUTPUT_ERROR, o->out_dir, (Pos){0, 0},
                "impossible de créer un dossier de travail dans « %s » : %s", parent,
                strerror(errno));
    return 2;
  }
  chmod(tmp, 0755);
  bool ok = write_outputs(c, tmp, o);
  ok = ok && swap_into_place(c, tmp, o->out_dir);
  if (!ok) {
    remove_tree(tmp);
    return 2;
  }
  return failures > 0 ? 1 : 0;
}
