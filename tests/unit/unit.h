/*
 * unit.h — what every Check unit test file shares.
 *
 * Each tests/unit/test_NAME.c defines unit_suite() and is linked with
 * check_main.c into its own binary, build/tests/test_NAME.
 */
#ifndef UNIT_H
#define UNIT_H

#include <check.h>
#include <string.h>

#include "termc.h"

Suite *unit_suite(void);

/* A compilation of one in-memory document through the whole front end. */
Compilation *unit_compile(const char *name, const char *markdown);
/* The first document of a compilation. */
Document *unit_doc(Compilation *c);
/* Number of diagnostics with this code. */
int unit_count(Compilation *c, DiagCode code);
/* The first diagnostic with this code, or NULL. */
const Diag *unit_find(Compilation *c, DiagCode code);

#endif
