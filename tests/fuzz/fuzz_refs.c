/*
 * fuzz_refs.c — libFuzzer harness: the reference recognizer alone.
 *
 * refs_scan reads every paragraph of every text, so it sees more hostile
 * prose than any other stage; alone, it runs thousands of times faster than
 * the whole pipeline and the fuzzer reaches its corners sooner.
 *
 * The input is read twice:
 *   - as plain text, with no span and no self: name;
 *   - as the unit tests write it (tests/unit/test_refs.c): [text](url) makes a
 *     link span and `code` a code span; and when the input opens with a line
 *     « self: A|B », those are the document's self: names.
 * Only what the loader lets through reaches the recognizer: an input that is
 * not UTF-8, or holds a NUL byte, is skipped.
 *
 * Beyond the sanitizers, the harness aborts when a match breaks what the
 * callers (resolve.c, mark.c) rely on: matches in order and inside the text,
 * items inside their phrase, the fields each kind needs.
 */
#include "marked.h"
#include "termc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_SELF 8

static void die(const char *what, const FlatText *ft, int match) {
  fprintf(stderr, "fuzz_refs: match %d: %s\ntext: %.*s\n", match, what,
          (int)(ft->len < 2000 ? ft->len : 2000), ft->text);
  abort();
}

/* The same invariants as test_refs.c's check_invariants. */
static void check_matches(const FlatText *ft, const RefMatch *ms, int n) {
  size_t consumed = 0;
  for (int i = 0; i < n; i++) {
    const RefMatch *m = &ms[i];
    if (m->len == 0 || m->off < consumed || m->off + m->len > ft->len)
      die("lies outside the text or overlaps the previous one", ft, i);
    if (m->nitems <= 0)
      die("has no item", ft, i);
    for (int k = 0; k < m->nitems; k++) {
      const RefItem *it = &m->items[k];
      if (it->len == 0 || it->off < m->off || it->off + it->len > m->off + m->len)
        die("an item lies outside its phrase", ft, i);
      if ((it->kind == ITEM_NUMBER || it->kind == ITEM_RANGE || it->kind == ITEM_FOLLOWING) &&
          (!it->number || !*it->number))
        die("an item has no number", ft, i);
      if (it->kind == ITEM_RANGE && (!it->last || !*it->last))
        die("a range has no end", ft, i);
      if ((it->kind == ITEM_TITLE || it->kind == ITEM_SUBJECT) && (!it->title || !*it->title))
        die("an item has no title", ft, i);
    }
    if (m->instr_off + m->instr_len > ft->len)
      die("the instrument lies outside the text", ft, i);
    if ((m->instr == INSTR_OTHER || m->instr == INSTR_LINK) && (!m->instrument || !*m->instrument))
      die("no instrument name", ft, i);
    if (m->instr == INSTR_OTHER && (strlen(m->instrument) != m->instr_len ||
                                    memcmp(m->instrument, ft->text + m->instr_off, m->instr_len)))
      die("the instrument's name is not its span", ft, i);
    if (!ref_unit_name(m->unit))
      die("unknown unit", ft, i);
    consumed = m->off + m->len;
    if (m->instr_len && m->instr != INSTR_LINK) {
      if (m->instr_off < consumed)
        die("the instrument stands before its phrase", ft, i);
      consumed = m->instr_off + m->instr_len;
    }
  }
}

/* « self: A|B\n » at the start: the self names, arena copies. */
static size_t read_self(Arena *a, const char *s, size_t len, const char **names, int *n) {
  *n = 0;
  if (len < 5 || memcmp(s, "self:", 5) != 0)
    return 0;
  const char *nl = memchr(s, '\n', len);
  size_t end = nl ? (size_t)(nl - s) : len;
  size_t i = 5;
  while (i < end && *n < MAX_SELF) {
    while (i < end && s[i] == ' ')
      i++;
    size_t from = i;
    while (i < end && s[i] != '|')
      i++;
    if (i > from)
      names[(*n)++] = arena_strndup(a, s + from, i - from);
    i++;
  }
  return nl ? end + 1 : len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  if (memchr(s, '\0', size) || utf8_validate(s, size) != size)
    return 0;
  Arena *a = arena_new();
  RefMatch *ms = NULL;
  FlatText *plain = flat_from_string(a, s, size);
  int n = refs_scan(a, plain, NULL, 0, &ms);
  check_matches(plain, ms, n);

  const char *names[MAX_SELF];
  int nself;
  size_t skip = read_self(a, s, size, names, &nself);
  FlatText *marked = flat_from_marked(a, s + skip, size - skip);
  n = refs_scan(a, marked, names, nself, &ms);
  check_matches(marked, ms, n);
  arena_free(a);
  return 0;
}
