/*
 * termc.h — the document model of termc, and the entry point of every stage.
 *
 * termc compiles French contracts written in annotated CommonMark.  One run is a
 * Compilation: it loads each file (load.c), parses it with cmark into our own
 * tree of Blocks and Inlines (load.c), finds clauses (clauses.c), flattens each
 * paragraph to plain text (flat.c), recognizes definitions and references in that
 * text (terms.c, refs.c), resolves references against the clause table
 * (resolve.c), checks the result (check.c), splices links into the tree (mark.c),
 * and emits JSON, text, XML, HTML and PDF by walking the same tree (json.c,
 * text.c, xml.c, site.c, pdf.c).
 *
 * Memory: everything a compilation allocates lives in its Arena and is freed
 * once, with the compilation.  Nothing in the model is freed on its own.
 *
 * Positions: lines and columns are 1-based; a column counts Unicode characters
 * (not bytes), which is what editors show.  A byte offset into the source text
 * is kept wherever it is known exactly, and converted on demand.
 *
 * One section per source file, in pipeline order, as in chibicc.h.
 */
#ifndef TERMC_H
#define TERMC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define TERMC_VERSION "0.1.0"

/* Inputs larger than this are refused: they cannot be contracts, and the
 * bound keeps memory use predictable (about 10 bytes per input byte). */
#define TERMC_MAX_INPUT (64u * 1024u * 1024u)

/* Blocks and inlines nested deeper than this are flattened into their
 * ancestor at this depth (with a warning), so every walk of the tree can
 * recurse without fear of the stack. */
#define TERMC_MAX_DEPTH 64

typedef struct Arena Arena;
typedef struct Source Source;
typedef struct Block Block;
typedef struct Inline Inline;
typedef struct Clause Clause;
typedef struct Term Term;
typedef struct Ref Ref;
typedef struct Annot Annot;
typedef struct Document Document;
typedef struct Compilation Compilation;
typedef struct FlatText FlatText;

/* A position in a source file, as shown to users. */
typedef struct Pos {
  int line; /* 1-based line */
  int col;  /* 1-based column, in characters */
} Pos;

/*
 * arena.c — one bump allocator per compilation.
 */
Arena *arena_new(void);
void arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t size); /* zeroed; never returns NULL */
char *arena_strndup(Arena *a, const char *s, size_t len);
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(Arena *a, const char *fmt, va_list ap);

/* A growable array of pointers whose storage lives in an arena.  The items
 * pointer changes as it grows; never keep it across a push. */
typedef struct PtrVec {
  void **items;
  int len;
  int cap;
} PtrVec;
void vec_push(Arena *a, PtrVec *v, void *item);

/*
 * map.c — a string-keyed hash map; keys are not copied.
 */
typedef struct StrMap StrMap;
StrMap *strmap_new(Arena *a);
void *strmap_get(const StrMap *m, const char *key);
void strmap_put(StrMap *m, const char *key, void *value);

/*
 * buf.c — a growable, always NUL-terminated byte buffer on the heap, for
 * output.  data is never NULL after the first write; buf_free releases it.
 */
typedef struct Buf {
  char *data;
  size_t len;
  size_t cap;
} Buf;
void buf_put(Buf *b, const void *bytes, size_t len);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_free(Buf *b);
const char *buf_cstr(Buf *b); /* "" for an empty buffer */

/*
 * utf8.c — the few Unicode operations French legal text needs.
 */
/* Decodes the character at s[0..len); stores its length in *n (>= 1).
 * Returns the code point, or -1 for an invalid sequence (then *n is 1). */
int utf8_decode(const char *s, size_t len, int *n);
/* Encodes cp into out (at least 4 bytes); returns the number of bytes. */
int utf8_encode(int cp, char *out);
/* Offset of the first invalid byte, or len when s is valid UTF-8. */
size_t utf8_validate(const char *s, size_t len);
/* Number of characters in s[0..len) (valid UTF-8 assumed). */
size_t utf8_count(const char *s, size_t len);
/* An ASCII letter or digit folded to lower case; 0 for any other byte. */
extern const unsigned char ascii_fold[256];
/* Lower case and upper case for the Latin letters used in French. */
int uni_tolower(int cp);
int uni_toupper(int cp);
/* The base letter of an accented Latin letter (é → e, Œ → O); cp otherwise. */
int uni_unaccent(int cp);
bool uni_isalpha(int cp);
bool uni_isupper(int cp);
bool uni_islower(int cp);
bool uni_isdigit(int cp);
/* Letters and digits: what may not touch a whole word on either side. */
bool uni_isword(int cp);
/* Spaces, including U+00A0 and U+202F. */
bool uni_isspace(int cp);
/* Returns a new string: lower case, no accents, apostrophes and dashes as
 * ASCII, runs of spaces and punctuation collapsed to one space, trimmed.
 * Used to compare titles the way a reader does. */
char *text_fold(Arena *a, const char *s, size_t len);
/* Slug for an ID: lower case ASCII letters and digits, runs of anything else
 * become one '-'; trimmed. */
char *text_slug(Arena *a, const char *s, size_t len);

/*
 * diag.c — every finding is a Diag, collected in the Compilation, printed at
 * the end in the chosen format.  Codes are stable; their table is in diag.c
 * and in docs/diagnostics.md.
 */
typedef enum Severity { SEV_NOTE, SEV_WARNING, SEV_ERROR } Severity;

typedef enum DiagCode {
  D_IO_ERROR,           /* cannot read a file (exit 2) */
  D_ENCODING,           /* not UTF-8 */
  D_BINARY,             /* NUL bytes: not a text file */
  D_TOO_LARGE,          /* input over TERMC_MAX_INPUT */
  D_BAD_ANNOTATION,     /* a termc comment that cannot be read */
  D_UNUSED_ACK,         /* an acknowledgement that matches nothing */
  D_DUPLICATE_CLAUSE,   /* two clauses with the same number */
  D_DUPLICATE_ID,       /* two clauses with the same ID */
  D_NUMBERING_GAP,      /* 4 then 6, or a first sub-clause that is not 1 */
  D_NUMBERING_MISMATCH, /* 3.2 inside article 4 */
  D_BROKEN_REF,         /* an internal reference to nothing */
  D_BROKEN_RANGE,       /* a clause inside a cited range is missing */
  D_TITLE_MISMATCH,     /* number and title of a reference disagree */
  D_WRONG_DIRECTION,    /* « ci-dessus » pointing below, or the reverse */
  D_SELF_REFERENCE,     /* a clause that cites itself by number */
  D_DUPLICATE_TERM,     /* a term defined twice */
  D_UNUSED_TERM,        /* a term defined and never used */
  D_UNDEFINED_TERM,     /* a capitalised phrase used like a term, never defined */
  D_RAW_HTML,           /* raw HTML in a source: only its text is kept */
  D_UNSAFE_LINK,        /* a link with a scheme other than http(s), mailto */
  D_DEEP_NESTING,       /* nesting over TERMC_MAX_DEPTH, flattened */
  D_MISSING_TITLE,      /* a document with neither # title nor title: */
  D_TEMPLATE_ERROR,     /* an XSLT template failed (build) */
  D_OUTPUT_ERROR,       /* cannot write an output (build, exit 2) */
  D__COUNT
} DiagCode;

typedef struct Diag {
  DiagCode code;
  Severity severity;
  const char *file;     /* path as given, or NULL for a run-wide problem */
  int line, col;        /* 0 when unknown */
  const char *message;  /* French, for a lawyer */
  const char *subject;  /* what it is about (reference text, term), or NULL */
  bool acknowledged;
  const char *reason;   /* the acknowledgement's reason */
  Ref *ref;             /* the reference it is about, or NULL */
  Term *term;           /* the term it is about, or NULL */
  int seq;              /* order of report, for a stable sort */
} Diag;

typedef enum DiagFormat { FORMAT_GCC, FORMAT_GITHUB, FORMAT_JSON } DiagFormat;

typedef struct Diags {
  Arena *arena;
  PtrVec list; /* Diag* */
} Diags;

const char *diag_code_name(DiagCode code);
Severity diag_default_severity(DiagCode code);
bool diag_code_from_name(const char *name, size_t len, DiagCode *out);
/* Records a diagnostic; fmt is printf-like.  Returns it for callers that set
 * the subject. */
Diag *diag_report(Diags *d, DiagCode code, const char *file, Pos pos,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Sorts by file (in the order given), line, column, report order. */
void diag_sort(Diags *d, const char *const *files, int nfiles);
/* Counts unacknowledged errors (warnings too when werror). */
int diag_count_failures(const Diags *d, bool werror);
/* Prints the diagnostics from index `from` on (0: all). */
void diag_print(const Diags *d, int from, DiagFormat fmt, bool werror, FILE *out);
/* Appends the diagnostics as a JSON array. */
void diag_json(const Diags *d, Buf *out);
/* Writes s as a JSON string (with quotes). */
void json_string(Buf *out, const char *s, size_t len);

/*
 * load.c — reads a file and builds the Block/Inline tree with cmark.
 */
struct Source {
  const char *path;   /* as given on the command line */
  const char *id;     /* file stem: sources/viber.md → viber */
  const char *text;   /* the bytes, BOM removed, NUL-terminated */
  size_t len;
  size_t *lines;      /* byte offset of the start of each line */
  int nlines;
  /* cache for source_pos: the last position computed */
  int cache_line;
  size_t cache_off;
  int cache_col;
};

/* Converts a byte offset of s->text to a line and character column. */
Pos source_pos(Source *s, size_t offset);

typedef enum BlockKind {
  BLOCK_DOCUMENT,
  BLOCK_HEADING,
  BLOCK_PARAGRAPH,
  BLOCK_LIST,
  BLOCK_ITEM,
  BLOCK_QUOTE,
  BLOCK_CODE,
  BLOCK_RULE,
} BlockKind;

struct Block {
  BlockKind kind;
  Pos pos;                    /* where the block starts */
  int end_line;               /* last source line of the block */
  Block *parent;
  Block *children, *last_child, *next;
  Inline *inlines;            /* HEADING, PARAGRAPH: first inline */
  int level;                  /* HEADING: 1 to 6 */
  bool ordered;               /* LIST */
  int start;                  /* LIST: number of the first item */
  char delim;                 /* LIST: '.' or ')' for ordered, bullet char */
  bool tight;                 /* LIST */
  int number;                 /* ITEM: its number in an ordered list */
  const char *literal;        /* CODE: the code */
  size_t literal_len;
  const char *info;           /* CODE: info string */
  Clause *clause;             /* the clause this block opens, or NULL */
  Clause *owner;              /* the innermost clause this block is in */
  FlatText *flat;             /* HEADING, PARAGRAPH: its plain text */
  PtrVec annots;              /* Annot*: annotations that apply to this block */
  bool not_clauses;           /* LIST: marked <!-- termc:list --> */
};

typedef enum InlineKind {
  INLINE_TEXT,
  INLINE_SOFTBREAK,
  INLINE_LINEBREAK,
  INLINE_CODE,
  INLINE_EMPH,
  INLINE_STRONG,
  INLINE_LINK,
  INLINE_IMAGE,
  INLINE_REF,   /* spliced by mark.c: a piece of a reference */
  INLINE_TERM,  /* spliced by mark.c: a use of a defined term */
  INLINE_DEF,   /* spliced by mark.c: the defining occurrence of a term */
} InlineKind;

struct Inline {
  InlineKind kind;
  Inline *next;
  Inline *children;           /* EMPH, STRONG, LINK, IMAGE, REF, TERM, DEF */
  Inline *parent;
  const char *text;           /* TEXT, CODE: the characters */
  size_t len;
  long src;                   /* TEXT: byte offset of text[0] in the source
                                 when the text is verbatim there, else -1 */
  Pos pos;                    /* cmark's start position (approximate) */
  const char *url;            /* LINK, IMAGE (NULL if dropped as unsafe) */
  const char *title;          /* LINK, IMAGE */
  Ref *ref;                   /* REF */
  int target;                 /* REF: index in ref->match->items (the item's
                                 target is ref->item_targets[target]), or -1
                                 for a whole external citation */
  Term *term;                 /* TERM, DEF */
};

/* Reads path, validates it, parses it.  Returns NULL (with a diagnostic) when
 * the file cannot be used at all.  The tree's annotations are attached to
 * their blocks; metadata is set on the document. */
Document *load_document(Compilation *c, const char *path);
/* The same, from bytes in memory (tests, fuzzing).  path names it in
 * diagnostics. */
Document *load_document_from_memory(Compilation *c, const char *path,
                                    const char *bytes, size_t len);

/*
 * annot.c — termc comments: <!-- termc … -->.
 */
typedef enum AnnotKind {
  ANNOT_META,    /* <!-- termc\nkey: value… --> */
  ANNOT_LIST,    /* <!-- termc:list --> */
  ANNOT_DEFINE,  /* <!-- termc:define « X » « Y » --> */
  ANNOT_REF,     /* <!-- termc:ref « TEXT » TARGET --> */
  ANNOT_ACK,     /* <!-- termc:ack CODE « TEXT » REASON --> */
} AnnotKind;

typedef enum RefOverride { OVERRIDE_TARGET, OVERRIDE_EXTERNAL, OVERRIDE_NONE } RefOverride;

struct Annot {
  AnnotKind kind;
  Pos pos;
  const char **words;         /* DEFINE: the terms; REF, ACK: [0] = TEXT or NULL */
  int nwords;
  RefOverride override;       /* REF */
  const char *value;          /* REF: target ID or instrument; ACK: reason */
  DiagCode code;              /* ACK */
  int first_line, last_line;  /* ACK: lines of the block it applies to */
  int uses;                   /* ACK, REF, DEFINE: how many times it applied */
};

/* Parses the text of one HTML comment (between <!-- and -->).  Returns NULL
 * when it is not a termc comment.  Problems are reported at pos. */
Annot *annot_parse(Compilation *c, Document *doc, const char *text, size_t len, Pos pos);

/*
 * The document and the compilation.
 */
struct Document {
  Compilation *comp;
  Source *src;
  const char *id;             /* file stem */
  const char *title;
  const char *date;           /* version date, YYYY-MM-DD, or NULL */
  const char **self_names;    /* metadata self: */
  int nself;
  Block *root;
  PtrVec clauses;             /* Clause*, in document order */
  PtrVec terms;               /* Term*, in order of definition */
  PtrVec refs;                /* Ref*, in document order */
  PtrVec annots;              /* Annot*, every termc comment */
  PtrVec flats;               /* FlatText*, in document order */
  StrMap *by_number;          /* scope + number → Clause (clauses.c) */
  StrMap *by_id;              /* id → Clause */
};

struct Compilation {
  Arena *arena;
  Diags diags;
  PtrVec docs;                /* Document* */
  bool io_failed;             /* a file could not be read: exit 2 */
  bool diagnostics_only;      /* termc check: no marks, and compile_files
                                 releases each document once checked */
  int jobs;                   /* compile_files: threads (0: one per core) */
  PtrVec arenas;              /* Arena*: the documents' own, freed with it */
};

Compilation *compilation_new(void);
void compilation_free(Compilation *c);
/* The whole front end on a list of files: load, clauses, terms, references,
 * resolution, checks, marks, acknowledgements.  Each file is compiled on its
 * own (in parallel), and the results merged in the order given.  Returns the
 * number of documents loaded (none kept when diagnostics_only). */
int compile_files(Compilation *c, const char *const *paths, int npaths);
/* The same stages on one loaded document (tests use it directly). */
void compile_document(Compilation *c, Document *doc);

/*
 * clauses.c — finds clauses: headings, paragraphs and list items that open
 * with a number; gives them IDs, nesting and owners; checks numbering.
 */
typedef enum ClauseKind {
  CLAUSE_ARTICLE,  /* a numbered article, clause or sub-clause */
  CLAUSE_ANNEX,    /* Annexe II, ANNEXE A */
  CLAUSE_SECTION,  /* an unnumbered heading */
} ClauseKind;

struct Clause {
  ClauseKind kind;
  const char *id;             /* "10.2", "annexe-II", "annexe-A.3", "resume" */
  bool id_explicit;           /* set by {#id} */
  const char *number;         /* "10.2", "II", "3" (as cited); NULL for a section */
  const char *label;          /* the keyword as written ("ARTICLE"), or NULL */
  const char *title;          /* or NULL */
  const char *folded_title;   /* text_fold of title, once a stage needs it */
  Block *block;               /* the heading, paragraph or item that opens it */
  Pos pos;
  Clause *parent;
  Clause *annex;              /* the enclosing annex (itself for an annex), or NULL */
  int index;                  /* in doc->clauses */
  int depth;                  /* 0 for top-level clauses */
  int last_descendant;        /* index of the last clause inside it (itself if none) */
  PtrVec cited_by;            /* Ref* that target it */
};

void find_clauses(Document *doc);
/* Parses a clause number at the start of s; returns its length in bytes (0
 * when none) and the normalized number ("1er" → "1", final dot dropped). */
size_t parse_clause_number(Arena *a, const char *s, size_t len, bool annex,
                           const char **number);
/* Looks a clause up by number within an annex scope (NULL: the main text). */
Clause *clause_by_number(Document *doc, const char *number, const Clause *annex);
/* Looks an annex up by its number (« II », « A »). */
Clause *clause_by_annex_number(Document *doc, const char *number);
Clause *clause_by_id(Document *doc, const char *id);

/*
 * flat.c — the plain text of a heading or paragraph, with a map back to the
 * inlines, so that recognizers work on a string and results land in the tree.
 */
typedef struct FlatPiece {
  size_t off;                 /* where the piece starts in FlatText.text */
  size_t len;
  Inline *in;                 /* TEXT or CODE inline it comes from, or NULL
                                 for a soft break's space */
  size_t in_off;              /* offset in in->text */
} FlatPiece;

typedef enum SpanKind { SPAN_LINK, SPAN_STRONG, SPAN_EMPH, SPAN_CODE } SpanKind;

typedef struct FlatSpan {
  SpanKind kind;
  size_t off, len;            /* in FlatText.text */
  const char *url;            /* SPAN_LINK */
  Inline *in;                 /* the inline it comes from */
} FlatSpan;

struct FlatText {
  Block *block;
  int index;                  /* in doc->flats (compile.c) */
  const char *text;           /* soft breaks are single spaces */
  size_t len;
  FlatPiece *pieces;
  int npieces;
  FlatSpan *spans;            /* in order of start */
  int nspans;
};

FlatText *flatten_block(Arena *a, Block *b);
/* Builds a FlatText from a plain string (tests and fuzzers): one piece, no
 * spans unless given. */
FlatText *flat_from_string(Arena *a, const char *text, size_t len);
/* Splits a text inline at byte at (0 < at < len): the inline keeps
 * text[0, at), and a new inline inserted after it takes the rest, with its
 * exact source offset.  Returns the new inline. */
Inline *inline_split(Arena *a, Inline *in, size_t at);
/* Source position of byte offset off of the flat text. */
Pos flat_pos(Source *src, const FlatText *ft, size_t off);
/* The innermost span of kind containing [off, off+len), or NULL. */
const FlatSpan *flat_span_at(const FlatText *ft, SpanKind kind, size_t off, size_t len);

/*
 * refs.c — the reference recognizer.  A pure function from a FlatText to the
 * references it contains, as a lawyer reads them.  resolve.c decides what they
 * point to.
 */
typedef enum RefUnit {
  UNIT_ARTICLE,
  UNIT_CLAUSE,
  UNIT_SECTION,
  UNIT_POINT,
  UNIT_PARAGRAPH,
  UNIT_ALINEA,
  UNIT_ANNEX,
  UNIT_STIPULATION,
} RefUnit;

typedef enum RefItemKind {
  ITEM_NUMBER,    /* article 4 */
  ITEM_RANGE,     /* clauses 8 à 11 */
  ITEM_FOLLOWING, /* articles 38 et suivants */
  ITEM_TITLE,     /* l’article « Support ALLMYCMS » (number may be set too) */
  ITEM_SUBJECT,   /* la section concernant les Frais … */
  ITEM_RELATIVE,  /* la présente section, du présent article */
} RefItemKind;

typedef struct RefItem {
  RefItemKind kind;
  size_t off, len;            /* span in the flat text of what links to the target */
  const char *number;         /* NUMBER, RANGE (first), FOLLOWING; or NULL */
  const char *last;           /* RANGE: last number */
  const char *title;          /* TITLE, SUBJECT: the words, without guillemets */
} RefItem;

typedef enum RefDirection { DIR_NONE, DIR_BEFORE, DIR_AFTER } RefDirection;

typedef enum RefInstrument {
  INSTR_NONE,   /* nothing follows: this text */
  INSTR_SELF,   /* des présentes, de la Convention (a self: name) */
  INSTR_OTHER,  /* du Code civil, de la Directive 95/46/CE */
  INSTR_LINK,   /* inside, or followed by, a link to another document */
} RefInstrument;

typedef struct RefMatch {
  size_t off, len;            /* the whole phrase, unit word to last word */
  RefUnit unit;
  RefItem *items;
  int nitems;
  RefDirection direction;
  bool demonstrative;         /* « cette Annexe II », « le présent article 10 » */
  RefInstrument instr;
  size_t instr_off, instr_len; /* the instrument's words; len 0 if none */
  const char *instrument;     /* INSTR_OTHER, INSTR_LINK: its name */
  const char *url;            /* INSTR_LINK */
  const char *annex;          /* the annex whose numbering the items follow, as
                                 in « l’article 2 de l’Annexe A »; NULL if none,
                                 and always for a reference to an annex */
} RefMatch;

/* Finds the references of ft.  self_names are the document's self: names.
 * Returns the number of matches; *out is arena memory. */
int refs_scan(Arena *a, const FlatText *ft, const char *const *self_names, int nself,
              RefMatch **out);
const char *ref_unit_name(RefUnit unit); /* "article", "clause", … */

/*
 * terms.c — definitions and uses of defined terms.
 */
typedef struct TermMatch {
  size_t off, len;            /* the term as written in the definition */
  const char *name;           /* canonical name: "Service" for « Service(s) » */
  const char **variants;      /* other forms: plural, (s), ou « Compte Client » */
  int nvariants;
} TermMatch;

/* Finds the definitions in ft.  in_definitions says whether the paragraph
 * stands in a clause titled « Définitions » (enables « X : definition »). */
int terms_scan(Arena *a, const FlatText *ft, bool in_definitions, TermMatch **out);

struct Term {
  const char *name;
  const char **forms;         /* name and every variant, plural forms included */
  int nforms;
  bool pronoun;               /* vous, votre…: uses not tracked */
  Pos pos;                    /* of the definition */
  FlatText *flat;             /* where it is defined */
  size_t off, len;
  Clause *clause;             /* the clause it is defined in, or NULL */
  const char *definition;     /* the defining paragraph's text */
  PtrVec uses;                /* TermUse* */
};

typedef struct TermUse {
  Term *term;
  FlatText *flat;
  size_t off, len;
  Pos pos;
} TermUse;

typedef struct TermIndex TermIndex;
TermIndex *term_index_new(Arena *a, Term **terms, int nterms);
/* Finds the uses of the indexed terms in ft; returns their number. */
int terms_find_uses(Arena *a, const TermIndex *ix, const FlatText *ft, TermUse **out);
/* The plural and singular forms of a term (Utilisateur final → Utilisateurs
 * finaux).  Returns the number of forms written to out (at most 4). */
int term_inflections(Arena *a, const char *name, const char **out);

/* The stage: definitions, duplicates, uses, unused and undefined terms. */
void find_terms(Document *doc);

/*
 * resolve.c — what each reference points to.
 */
typedef enum RefStatus { REF_INTERNAL, REF_EXTERNAL, REF_BROKEN } RefStatus;

struct Ref {
  RefMatch *match;
  FlatText *flat;
  const char *text;           /* the phrase as written */
  Pos pos;
  Clause *from;               /* the clause it stands in, or NULL */
  RefStatus status;
  const char *instrument;     /* EXTERNAL: the instrument's name */
  const char *url;            /* EXTERNAL: a link given by the text */
  PtrVec targets;             /* Clause*: what it resolves to, range expanded */
  Clause **item_targets;      /* per match item: its first target, or NULL */
  bool explicit_link;         /* written as [text](#id) or termc:ref « … » #id */
  Inline *link;               /* the [text](#id) link that wrote it, or NULL */
  const char *target_id;      /* explicit_link: the ID it names */
  bool acknowledged;
};

void find_references(Document *doc);
void resolve_references(Document *doc);

/*
 * check.c — checks that need the whole document, and acknowledgements.
 */
void check_document(Document *doc);
/* Applies every ack of every document to the diagnostics; reports unused
 * acks.  Run once, after every document is checked. */
void apply_acks(Compilation *c);

/*
 * mark.c — splices REF, TERM and DEF inlines into the tree, so that every
 * back-end renders links by walking the tree.
 */
void mark_document(Document *doc);

/*
 * Back-ends: each a walk over the same tree.
 */
typedef struct BuildOptions {
  const char *out_dir;        /* "out" */
  const char *templates_dir;  /* XSLT and CSS of the site */
  bool keep_going;            /* build even with errors, broken references marked */
  bool html;                  /* XML and HTML site */
  bool pdf;                   /* PDFs */
} BuildOptions;

/* build.c: writes every output into a temporary directory, then swaps it
 * with out_dir atomically.  Returns the exit status (0, 1 or 2). */
int build_outputs(Compilation *c, const BuildOptions *o);
/* site.c: out/xml/<id>.xml, and the HTML site through the XSLT templates.
 * Writes into dir; returns false (with a diagnostic) on failure. */
bool site_build(Compilation *c, const char *dir, const BuildOptions *o);
/* xml.c: a text, and the corpus summary, as XML trees (docs/xml.md); the
 * caller frees them with xmlFreeDoc.  (struct _xmlDoc is libxml2's xmlDoc,
 * named so that this header needs no libxml2 include.) */
struct _xmlDoc *xml_document(Document *doc);
struct _xmlDoc *xml_corpus(Compilation *c);
/* pdf.c: out/pdf/<id>.pdf and out/pdf/corpus.pdf, into dir. */
bool pdf_build(Compilation *c, const char *dir, const BuildOptions *o);
void emit_symbols_json(Compilation *c, Buf *out);        /* json.c */
void emit_text(Document *doc, Buf *out);                 /* text.c */
/* The characters of an inline list, soft breaks as spaces. */
void text_of_inlines(Buf *out, const Inline *in);
void emit_index_md(Compilation *c, Buf *out);            /* index.c */
/* « 22 mars 2022 » for 2022-03-22; NULL when iso is NULL or not a date. */
const char *french_date(Arena *a, const char *iso);

#endif
