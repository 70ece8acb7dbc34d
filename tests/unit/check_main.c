/*
 * check_main.c — the runner shared by every unit test binary.
 *
 * A suite that runs no check at all fails: an empty or misnamed test file
 * must not pass silently (Check itself exits 0 on "Checks: 0").
 */
#include "unit.h"

#include <stdlib.h>

Compilation *unit_compile(const char *name, const char *markdown) {
  Compilation *c = compilation_new();
  Document *doc = load_document_from_memory(c, name, markdown, strlen(markdown));
  if (doc) {
    compile_document(c, doc);
    apply_acks(c);
  }
  return c;
}

Document *unit_doc(Compilation *c) { return c->docs.len ? c->docs.items[0] : NULL; }

int unit_count(Compilation *c, DiagCode code) {
  int n = 0;
  for (int i = 0; i < c->diags.list.len; i++)
    n += ((Diag *)c->diags.list.items[i])->code == code;
  return n;
}

const Diag *unit_find(Compilation *c, DiagCode code) {
  for (int i = 0; i < c->diags.list.len; i++)
    if (((Diag *)c->diags.list.items[i])->code == code)
      return c->diags.list.items[i];
  return NULL;
}

int main(void) {
  SRunner *sr = srunner_create(unit_suite());
  srunner_run_all(sr, CK_ENV);
  int run = srunner_ntests_run(sr);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  if (run == 0) {
    fputs("unit: no check ran: the suite is empty or filtered out\n", stderr);
    return EXIT_FAILURE;
  }
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
