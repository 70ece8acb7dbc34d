/*
 * build.c — `termc build`: every output, written atomically.
 *
 * The outputs are written into a fresh directory beside the target
 * (out.termc-tmp-PID-XXXXXX), and only when all of them are complete is that
 * directory swapped with out/ in one renameat2(RENAME_EXCHANGE) call.  A
 * build that fails, is killed at any moment or runs out of disk therefore
 * leaves the previous out/ whole; what it leaves behind is a temporary
 * directory that the next build removes.
 */
#include "termc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
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
  bool ok = (!o->html || site_build(c, tmp, o)) && (!o->pdf || pdf_build(c, tmp, o));
  ok = ok && swap_into_place(c, tmp, o->out_dir);
  if (!ok) {
    remove_tree(tmp);
    return 2;
  }
  return failures > 0 ? 1 : 0;
}
