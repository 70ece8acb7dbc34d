/*
 * pdf.h — what the files of the PDF back-end share, and nothing else.
 *
 * The back-end is a small typesetter in four layers, each in its own file:
 *
 *   linebreak.c  Knuth and Plass's total-fit line breaking, on abstract
 *                boxes, glue and penalties (no fonts, no text);
 *   hyphenate.c  French hyphenation points, with libhyphen;
 *   pdffont.c    the TrueType fonts: metrics, coverage and subsets;
 *   typeset.c    a paragraph of the inline tree → justified lines of runs;
 *   layout.c     lines → pages: widows, orphans, headings kept with what follows;
 *   pdfbody.c    a document's blocks → lines (headings, lists, quotes…);
 *   pdfindex.c   title block, contents, clause and term indexes, defects;
 *   pdf.c        pdf_build: the books, their pages drawn with libharu,
 *                links, bookmarks and metadata.
 *
 * Units are PostScript points (1/72 in); y grows downwards inside a page's
 * text area until pdf.c turns it into PDF coordinates.
 */
#ifndef TERMC_PDF_H
#define TERMC_PDF_H

#include "termc.h"

#include <stdint.h>

/*
 * linebreak.c — total-fit line breaking (Knuth & Plass, 1981).
 */
typedef enum LbKind { LB_BOX, LB_GLUE, LB_PENALTY } LbKind;

/* A penalty of LB_INF forbids a break; -LB_INF forces one. */
#define LB_INF 10000

typedef struct LbItem {
  LbKind kind;
  bool flagged;   /* PENALTY: a hyphen break; two in a row cost extra */
  int penalty;    /* PENALTY: cost of breaking here.  GLUE: cost of breaking
                     at this glue (LB_INF: an unbreakable space) */
  double width;   /* BOX, GLUE; PENALTY: what a break here adds (a hyphen) */
  double stretch; /* GLUE */
  double shrink;  /* GLUE */
} LbItem;

typedef struct LbParams {
  double tolerance;           /* largest badness accepted; < 0: any */
  int line_penalty;           /* added to every line's badness (TeX: 10) */
  int adj_demerits;           /* two adjacent lines of very different tightness */
  int double_hyphen_demerits; /* two hyphenated lines in a row */
  int final_hyphen_demerits;  /* the next-to-last line hyphenated */
  double extra_stretch;       /* stretch added to every line: ragged right */
  const double *widths;       /* width of line i for i < nwidths ... */
  int nwidths;
  double width;               /* ... and of every later line */
} LbParams;

/* The parameters TeX uses for justified text, for lines of width w. */
LbParams lb_defaults(double width);
/* Width of line number `line` (0-based). */
double lb_line_width(const LbParams *p, int line);

/*
 * Breaks items[0..n) into lines.  The last item must be a forced break
 * (penalty -LB_INF).  On success returns the number of lines and sets
 * *breaks to a malloc'd array of that many item indices: line k ends at
 * item (*breaks)[k], which is a glue or a penalty.  Returns -1 when no set
 * of breaks keeps every line within tolerance and within its width.
 */
int linebreak(const LbItem *items, int n, const LbParams *p, int **breaks);

/* The first item of the line that follows a break at b: glue and penalties
 * after a break are discarded, as in TeX. */
int lb_line_start(const LbItem *items, int n, int b);

/* The adjustment ratio of the line items[from..to] (to is the break): how
 * much of its glue's stretch (> 0) or shrink (< 0) it uses. */
double lb_ratio(const LbItem *items, int from, int to, double width, double extra_stretch);

/*
 * hyphenate.c — where a French word may be hyphenated.
 */
typedef struct Hyphenator Hyphenator;

/* The default dictionary of hyphen-fr. */
#define HYPHEN_FR_DIC "/usr/share/hyphen/hyph_fr.dic"

/* Loads a libhyphen dictionary; NULL when it cannot be read. */
Hyphenator *hyphenator_open(const char *path);
void hyphenator_close(Hyphenator *h);
/*
 * Finds the hyphenation points of word[0..len), a UTF-8 word of letters
 * (an elided article and apostrophe may lead it: « l’utilisation »).  Writes
 * up to max byte offsets, in increasing order, where a hyphen may be
 * inserted (« régle|men|ta|tion »), and returns their number.  Words that
 * are too short, too long or carry digits get none.
 */
int hyphenate_word(Hyphenator *h, const char *word, size_t len, int *points, int max);

#endif
