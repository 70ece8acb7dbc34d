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

#include <hpdf.h>
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

/*
 * pdffont.c — TrueType faces: metrics, coverage, subsets for embedding.
 */
typedef enum FontSlot {
  FONT_REGULAR,
  FONT_BOLD,
  FONT_ITALIC,
  FONT_BOLD_ITALIC,
  FONT_MONO,
  FONT_FALLBACK,
  FONT__COUNT
} FontSlot;

typedef struct TtFont TtFont;
typedef struct Fonts Fonts;

/* Reads and checks a TrueType file; NULL when it is missing or unusable. */
TtFont *ttf_open(const char *path);
void ttf_close(TtFont *f);
/* The glyph of a BMP code point, 0 when the face has none. */
int ttf_glyph(const TtFont *f, int cp);
bool ttf_has(const TtFont *f, int cp);
/* Advance width in 1/1000 em (0 for a missing glyph). */
int ttf_width(const TtFont *f, int cp);
int ttf_ascent(const TtFont *f);  /* 1/1000 em */
int ttf_descent(const TtFont *f); /* 1/1000 em, positive */
/* Sets of BMP code points are bitmaps of 65 536 bits (8 KB).  The next
 * code point at or after cp in the set, or 0xFFFF when there is none. */
int next_used(const uint8_t *set, int cp);


/* A face as one PDF embeds it: a subset with glyphs renumbered from 0, so
 * that the text is written in glyph numbers (Identity-H) and the PDF maps
 * them back to characters (ToUnicode). */
typedef struct FontSubset {
  Buf file;        /* the TrueType subset */
  int nglyphs;
  bool one_byte;   /* glyph numbers fit a byte, the space glyph is 32: the
                      text is one byte a character, and word spacing (Tw)
                      justifies a line in one operator */
  uint16_t *gids;  /* 65 536 entries: each code point's glyph, 0 if unused */
  int *widths;     /* of each glyph, 1/1000 em */
  int *unicodes;   /* a code point each glyph draws, -1 if none */
  char name[80];   /* ABCDEF+LiberationSerif-Bold */
  int ascent, descent, cap_height, italic_angle, stem_v, flags;
  int bbox[4];
} FontSubset;

/* The subset of f for the code points set in used, described for a PDF
 * font descriptor.  False if it cannot be built; free it either way. */
bool font_subset(const TtFont *f, const uint8_t *used, FontSubset *fs);
void font_subset_free(FontSubset *fs);

/* Opens the serif faces; on failure returns NULL and names the missing
 * file in *missing. */
Fonts *fonts_open(const char **missing);
void fonts_close(Fonts *fs);
/* A face, opened on first use; NULL when its file is missing. */
const TtFont *fonts_face(Fonts *fs, FontSlot slot);
/* Which face draws cp for a run in `want`; returns the code point to draw
 * (a substitute when no face has it), or -1 for a control character. */
int fonts_resolve(Fonts *fs, FontSlot want, int cp, FontSlot *slot);
/* Advance of cp in the face, 1/1000 em. */
int fonts_width(Fonts *fs, FontSlot slot, int cp);

/*
 * What the typesetter produces: lines of positioned runs, stacked in a
 * galley that layout.c cuts into pages.
 */
typedef enum Color { COLOR_TEXT, COLOR_LINK, COLOR_BROKEN, COLOR_ACK, COLOR_GREY, COLOR__COUNT } Color;

/* What a run links to, or what an anchor marks at a place of the text. */
typedef enum TargetKind {
  TARGET_NONE,
  TARGET_CLAUSE, /* Clause*: its heading or opening words */
  TARGET_TERM,   /* Term*: its definition */
  TARGET_USE,    /* Term*: a use (anchor only: pages of the term index) */
  TARGET_REF,    /* Ref*: a reference (anchor only: where its defects are) */
  TARGET_BLOCK,  /* Block*: a block's first line (anchor only) */
  TARGET_DEFECT, /* Diag*: its entry in the list of defects */
  TARGET_MARK,   /* Diag*: its mark in the margin of the text */
  TARGET_PART,   /* Part* (pdf.c): the start of a part of a book */
  TARGET_URL,    /* const char*: an external address */
  TARGET_PAGE,   /* n: a page of the book (the term index's page numbers) */
} TargetKind;

typedef struct Target {
  TargetKind kind;
  int n;           /* TARGET_PAGE: the page index */
  const void *ptr;
} Target;

static inline Target target(TargetKind kind, const void *ptr) {
  return (Target){.kind = kind, .ptr = ptr};
}

/* Text of one face, colour and link on a line.  The words of a justified
 * line share a run: each ASCII space of its text is a word space,
 * stretched by space_extra (one run per line rather than per word keeps
 * a book's lines about four times smaller). */
typedef struct Run {
  double x;       /* from the left margin */
  double w;       /* advance width */
  const char *text; /* UTF-8; every character drawable in font */
  int len;
  uint8_t font;   /* FontSlot */
  uint8_t color;  /* Color */
  bool pageref;   /* the text is replaced by the page number of link's
                     target, right-aligned on x + w */
  float size;
  float space_extra; /* what each space of text adds to the space glyph's
                        width (0: spaces as the font sets them) */
  Target link;    /* where a click goes; TARGET_NONE: nowhere */
} Run;

typedef enum LineKind { LINE_TEXT, LINE_RULE } LineKind;

typedef struct Line {
  LineKind kind;
  bool keep;        /* no page break between this line and the next */
  double above;     /* space above it, dropped at the top of a page */
  double height;    /* from the previous baseline to this one */
  double ascent;    /* of its largest font: link boxes, destinations */
  double descent;
  Run *runs;
  int nruns, capruns;
  double x0, x1;    /* RULE: where the rule starts and ends */
} Line;

typedef struct Anchor {
  int line;
  Target target;
} Anchor;

/*
 * layout.c — the galley, and pages.
 */
typedef struct Galley {
  Arena *arena;     /* runs and their texts */
  Line *lines;
  int nlines, caplines;
  Anchor *anchors;
  int nanchors, capanchors;
} Galley;

Galley *galley_new(void);
void galley_free(Galley *g);
/* Appends a line; returns its index.  *line is copied. */
int galley_add(Galley *g, const Line *line);
void galley_anchor(Galley *g, int line, Target t);
/* Appends a run to an existing line (a list marker, leaders, a page number). */
void galley_add_run(Galley *g, int line, const Run *run);

/* Where each line of a galley lands: page index, and baseline from the
 * top of the text area. */
typedef struct Place {
  int page;
  double y;
} Place;

/* Cuts g into pages of the given height, starting on page first_page.
 * Breaks only where a line allows it (keep unset), at the last such place
 * that fits; a page with no such place breaks where it overflows.  Fills
 * place[0..g->nlines) and returns the number of pages used (at least 1). */
int paginate(const Galley *g, double page_height, int first_page, Place *place);

/* Where targets landed in a book: page, and top of their line in the text
 * area.  The first placement of a target wins. */
typedef struct Dest {
  int page;
  double y;
} Dest;

typedef struct DestMap DestMap;

DestMap *dests_new(void);
void dests_free(DestMap *m);
void dests_put(DestMap *m, Target t, Dest d);
bool dests_get(const DestMap *m, Target t, Dest *d);
/* Records where every anchor of a paginated galley landed. */
void dests_add_galley(DestMap *m, const Galley *g, const Place *place);

/* Out-of-memory-safe allocation for the back-end's growing arrays. */
void *pdf_grow(void *items, int *cap, int need, size_t size);

/*
 * typeset.c — paragraphs: the inline tree → items → justified lines.
 */
typedef enum Align { ALIGN_JUSTIFY, ALIGN_LEFT, ALIGN_CENTER } Align;

typedef struct ParStyle {
  FontSlot font;
  double size, leading;
  double indent;   /* left edge of the lines, from the margin */
  double width;    /* measure of the first line */
  double hang;     /* later lines: this much further right, and narrower */
  Align align;
  bool balance;    /* ragged lines of even length, the last one included
                      (headings, titles: no word left alone) */
  Color color;
  double above;    /* space above the first line */
} ParStyle;

typedef struct Typesetter Typesetter;

/* doc resolves explicit links « [texte](#id) »; it may be NULL. */
Typesetter *ts_new(Fonts *fs, Hyphenator *hy);
void ts_free(Typesetter *ts);
void ts_set_document(Typesetter *ts, Document *doc);
void ts_begin(Typesetter *ts, const ParStyle *st);
/* Text in the given face, colour and link; spaces separate words. */
void ts_text(Typesetter *ts, const char *s, size_t len, FontSlot font, Color color, Target link);
/* The inline tree, in the paragraph's face: emphasis, links, references. */
void ts_inlines(Typesetter *ts, const Inline *in);
void ts_linebreak(Typesetter *ts);
/* Marks the current place (the next word) with a target. */
void ts_anchor(Typesetter *ts, Target t);
/* Breaks the paragraph into lines and appends them to g: no page break
 * after its first line or before its last (no orphan, no widow).  Returns
 * the index of the first line, or -1 when the paragraph was empty. */
int ts_end(Typesetter *ts, Galley *g);
/* Width of text in a face, in points. */
double ts_width(Typesetter *ts, const char *s, size_t len, FontSlot font, double size);
/* Appends to g a run of text at x on line `line`, resolving fonts per
 * character (fallback faces) as paragraphs do; returns its width. */
double ts_run(Typesetter *ts, Galley *g, int line, double x, const char *s, size_t len,
              FontSlot font, double size, Color color, Target link);

/*
 * The page: A4, one column of about 85 characters of 10.5 pt Liberation
 * Serif, margins of 3 cm; running head and foot in the top and bottom
 * margins.  All lengths in points.
 */
#define PAGE_WIDTH 595.276
#define PAGE_HEIGHT 841.89
#define MARGIN_LEFT 85.0
#define MARGIN_TOP 78.0
#define TEXT_WIDTH 425.0
#define TEXT_HEIGHT 680.0
#define BODY_SIZE 10.5
#define BODY_LEADING 13.5
#define PARSKIP 5.0   /* between paragraphs */
#define LIST_INDENT 20.0

/* The paragraph style of body text at a given indent. */
ParStyle body_style(double indent);

/*
 * pdfbody.c — a document's blocks → lines of a galley.
 */
/* The defects shown in a document's PDF: acknowledged findings and, when
 * built with --keep-going, errors; sorted by line. */
typedef struct Defects {
  const Diag **items;
  int n;
} Defects;

/* The level-1 heading that gives the text its title: the title block
 * shows it, the body does not.  NULL when the title comes from metadata. */
const Block *title_heading(const Document *doc);
/* The clause of that heading, if it opens one (then every clause of the
 * text nests in it, and the contents start one level below). */
const Clause *title_clause(const Document *doc);
/* A clause as the contents, the index and the bookmarks name it:
 * « ARTICLE 4 – REDEVANCE », « 2.1 Finalités du traitement », or for an
 * untitled clause its number and first words. */
const char *clause_label(Arena *a, const Clause *c);
/* Lays out the body of doc (everything but its title) into g. */
void body_galley(Typesetter *ts, Document *doc, const Defects *defects, Galley *g);

/*
 * pdfindex.c — the parts of a book around a body: title block and
 * contents, clause index, term index, list of defects; the corpus cover.
 */
typedef enum PartKind {
  PART_COVER,   /* the corpus: its title and the list of its texts */
  PART_FRONT,   /* a text's title block and contents */
  PART_BODY,
  PART_CLAUSES, /* index of clauses */
  PART_TERMS,   /* index of defined terms */
  PART_DEFECTS, /* acknowledged defects and errors */
} PartKind;

typedef struct BodyPages BodyPages;

typedef struct Part {
  PartKind kind;
  Document *doc;     /* NULL for the cover */
  const char *title; /* in the contents and the bookmarks */
  Galley *g;
  bool shared;       /* g is a document's body, shared by its book and the corpus */
  const BodyPages *drawn; /* shared: its pages as drawn once for both books */
  Place *place;
  int first_page, npages;
} Part;

#define PAGE_COLUMN 28.0 /* room for page numbers on the right of entries */

void front_galley(Typesetter *ts, Document *doc, Part *const *back, int nback, Galley *g);
void cover_galley(Typesetter *ts, Part *const *fronts, int nfronts, Galley *g);
void clause_index_galley(Typesetter *ts, Document *doc, const Part *part, const DestMap *dests,
                         Galley *g);
void term_index_galley(Typesetter *ts, Document *doc, const Part *part, const Part *body,
                       const DestMap *dests, Galley *g);
void defects_galley(Typesetter *ts, const Defects *d, const Part *part, const DestMap *dests,
                    Galley *g);

/*
 * pdfharu.c — fonts, raw operators and destinations through libharu's
 * object API (see the file).
 */
/* Appends raw content-stream operators to a page. */
void haru_write(HPDF_Page page, const char *s, size_t len);
/* Where a page's operators come from when libharu writes the file, instead
 * of a copy held in memory: begin(ctx) when the stream is about to be
 * written, then read(ctx, buf, size) until it returns less than size. */
typedef struct ContentSource {
  void (*begin)(void *ctx);
  size_t (*read)(void *ctx, void *buf, size_t size);
  void *ctx;
} ContentSource;
/* Makes src (which must outlive HPDF_SaveToFile) the page's contents. */
bool haru_content_source(HPDF_Page page, const ContentSource *src);
/* Where a link or bookmark goes: page, shown from top down, the reader's
 * zoom kept.  Written inside the link or bookmark, never an object of its
 * own (libharu's cost about half a kilobyte each). */
typedef struct HaruDest {
  HPDF_Page page;
  float top;
} HaruDest;
/* s[0..len) deflated (zlib's default level, as libharu compresses), into
 * out; false when libharu cannot. */
bool haru_deflate(const void *s, size_t len, Buf *out);
/* The streams of an embedded face, deflated once for every book. */
typedef struct FaceStreams {
  Buf file;      /* the subset's FontFile2 */
  size_t length1; /* its size before compression */
  Buf tounicode; /* its ToUnicode CMap */
} FaceStreams;
bool haru_face_streams(const FontSubset *fs, FaceStreams *out);
/* The one-byte encoding CMap of subsets whose glyphs fit a byte, deflated. */
bool haru_one_byte_cmap(Buf *out);
/* Embeds a subset as a Type0 font (Identity-H, or the one-byte CMap,
 * ToUnicode) from its prepared streams; returns the font dictionary, or
 * NULL (libharu has reported the error). */
HPDF_Dict haru_embed_font(HPDF_Doc pdf, const FontSubset *fs, const FaceStreams *streams,
                          const Buf *one_byte_cmap);
/* The fonts fonts[0..n) as resources /F0 … /Fn-1 (NULL entries are
 * skipped): one dictionary that every page of a file shares. */
HPDF_Dict haru_font_resources(HPDF_Doc pdf, HPDF_Dict *fonts, int n);
bool haru_page_fonts(HPDF_Page page, HPDF_Dict fonts);
/* A link box on page, to a destination or (dest NULL) an address, written
 * as libharu writes links, in a fraction of their memory.  *annots is the
 * page's /Annots array, made on its first link. */
bool haru_link(HPDF_Doc pdf, HPDF_Page page, HPDF_Array *annots, const float rect[4],
               const HaruDest *dest, const char *uri);
/* Bookmarks, written as libharu writes its outlines, in a tenth of their
 * memory.  haru_bookmarks makes the root (the catalog's /Outlines);
 * haru_bookmark adds a last child to parent, going to dest (NULL: nowhere),
 * its own children shown or folded.  title must outlive haru_save. */
typedef struct HaruMark HaruMark;
HaruMark *haru_bookmarks(HPDF_Doc pdf);
HaruMark *haru_bookmark(HPDF_Doc pdf, HaruMark *parent, const char *title, const HaruDest *dest,
                        bool open);
/* Writes the file (HPDF_SaveToFile, through a buffer of our own).  False
 * with errno's value in *error when it cannot. */
bool haru_save(HPDF_Doc pdf, const char *path, int *error);

/*
 * A book: one PDF file, a sequence of parts paginated one after another.
 */
typedef struct Book {
  const char *title; /* the text's, or « Corpus » */
  Part **parts;
  int nparts, capparts;
  int npages;
  DestMap *dests;
  Galley *furniture; /* running head and foot of page p: lines 2p and 2p + 1 */
} Book;

/*
 * pdfdraw.c — laid-out books → PDF files, with libharu.
 */
/* The faces as every book of a build embeds them: for each face, one subset
 * of every character the build draws in it, with its streams compressed
 * once.  The same glyph codes in every book let a body's pages be drawn
 * once for its own book and the corpus. */
typedef struct Embedded {
  bool present[FONT__COUNT];
  FontSubset subset[FONT__COUNT];
  FaceStreams streams[FONT__COUNT];
  Buf one_byte_cmap;
  /* the bytes a Latin-1 character is drawn with in a face (its glyph code,
   * escaped for a literal string), for the common case */
  uint8_t latin_len[FONT__COUNT][256];
  char latin[FONT__COUNT][256][4];
} Embedded;

/* Adds the code points g draws, per face, to used (65 536-bit sets,
 * allocated on first use). */
void galley_mark_used(const Galley *g, uint8_t *used[FONT__COUNT]);
/* Builds the subsets and their streams for the code points of used.  False
 * with a message in err when a face cannot be embedded. */
bool embed_fonts(Embedded *em, Fonts *fs, uint8_t *const used[FONT__COUNT], char *err,
                 size_t errlen);
void embedded_free(Embedded *em);
/* Whether the subsets draw every code point of used (a book laid out after
 * the fonts were chosen, from characters another book showed). */
bool embedded_covers(const Embedded *em, uint8_t *const used[FONT__COUNT]);

/* A link box of a page, and where it goes. */
typedef struct PageLink {
  float rect[4]; /* left, bottom, right, top */
  Target target;
} PageLink;

/* A body's pages as operators, drawn once for every book that shows it,
 * and their links: page p's are links[first_link[p] .. first_link[p + 1]). */
struct BodyPages {
  int npages;
  Buf *ops;
  PageLink *links;
  int nlinks, caplinks;
  int *first_link;
};

/* Draws the lines of body galley g, placed on pages 0..npages-1 by place. */
void draw_body(const Galley *g, const Place *place, int npages, const Embedded *em, Fonts *fs,
               BodyPages *out);
void body_pages_free(BodyPages *bp);

/* Writes b to path.  Returns false with a message in err on failure. */
bool draw_book(const Book *b, const Embedded *em, Fonts *fs, const char *path, char *err,
               size_t errlen);

#endif
