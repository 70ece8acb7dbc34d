/*
 * pdfharu.c — what we ask of libharu 2.3.0 beyond its public API, through
 * the object API its headers also install.  Each piece is small, and all
 * are here, so that a newer libharu can replace them one by one.
 *
 *  - Fonts.  libharu's own TrueType embedding costs more than the rest of
 *    a PDF together: for every face of every file it builds a 65 536-entry
 *    code map with a linear cmap search per entry, re-parses and re-subsets
 *    the font, and writes a ToUnicode CMap with a syntax error that poppler
 *    warns about (« begincidrange »).  We embed our own subset
 *    (pdffont.c) as the PDF specification describes a CID-keyed TrueType
 *    font: a Type0 font, the text written in glyph numbers (one byte each
 *    when the subset has at most 256 glyphs, else Identity-H), the widths
 *    of the used glyphs only, and a ToUnicode CMap from glyphs back to
 *    characters, so that text can be searched and copied.
 *  - Compression.  libharu deflates a stream when it writes the file, at
 *    zlib's default level, once per stream and file.  The font streams,
 *    the same in every book of a build, are deflated once here (with
 *    libharu's own deflate, on a memory stream) and handed to each file
 *    as they are: the stream is written raw, and its dictionary's write
 *    hook adds the /Filter that libharu would drop.  Page contents are
 *    written uncompressed: deflating them cost more than the rest of a
 *    PDF, for files about a third smaller (bench/RESULTS.md).
 *  - Text and rules are written as raw operators: one TJ array per line,
 *    the spaces as real space glyphs stretched by the line's word spacing.
 *    libharu can only show a string at a point.
 *  - Links and bookmarks are written by hooks of our own from a few words
 *    each, where libharu's dictionaries cost more than a kilobyte (a
 *    128-byte key per entry): a corpus has one per reference and clause.
 *  - Destinations are written inside the links and bookmarks, with a null
 *    zoom (« keep the reader's zoom »), which libharu rejects.
 */
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void haru_write(HPDF_Page page, const char *s, size_t len) {
  HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
  HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)s, (HPDF_UINT)len);
}

/* A page's content stream read from a ContentSource: libharu seeks it to
 * its start, then reads it in chunks until a short one. */
static HPDF_STATUS source_seek(HPDF_Stream stream, HPDF_INT pos, HPDF_WhenceMode mode) {
  const ContentSource *src = stream->attr;
  if (pos != 0 || mode != HPDF_SEEK_SET)
    return HPDF_SetError(stream->error, HPDF_INVALID_OPERATION, 0);
  src->begin(src->ctx);
  return HPDF_OK;
}

static HPDF_STATUS source_read(HPDF_Stream stream, HPDF_BYTE *buf, HPDF_UINT *size) {
  const ContentSource *src = stream->attr;
  size_t want = *size, n = src->read(src->ctx, buf, want);
  *size = (HPDF_UINT)n;
  return n < want ? HPDF_STREAM_EOF : HPDF_OK;
}

/* Unknown until written: libharu only asks whether a stream is empty. */
static HPDF_UINT32 source_size(HPDF_Stream stream) {
  (void)stream;
  return 1;
}

bool haru_content_source(HPDF_Page page, const ContentSource *src) {
  HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
  HPDF_Stream s = HPDF_GetMem(page->mmgr, sizeof(HPDF_Stream_Rec));
  if (!s)
    return false;
  memset(s, 0, sizeof *s);
  s->sig_bytes = HPDF_STREAM_SIG_BYTES;
  s->type = HPDF_STREAM_CALLBACK;
  s->mmgr = page->mmgr;
  s->error = page->error;
  s->read_fn = source_read;
  s->seek_fn = source_seek;
  s->size_fn = source_size;
  s->attr = (void *)src;
  HPDF_Stream_Free(attr->contents->stream);
  attr->contents->stream = s;
  attr->contents->filter = HPDF_STREAM_FILTER_NONE;
  attr->stream = s;
  return true;
}

/* Deflates s[0..len) with libharu's own code, through two memory streams
 * of a memory manager of their own. */
bool haru_deflate(const void *s, size_t len, Buf *out) {
  HPDF_Error_Rec error;
  HPDF_Error_Init(&error, NULL);
  HPDF_MMgr mmgr = HPDF_MMgr_New(&error, 0, NULL, NULL);
  if (!mmgr)
    return false;
  HPDF_Stream src = HPDF_MemStream_New(mmgr, 4096);
  HPDF_Stream dst = HPDF_MemStream_New(mmgr, 4096);
  bool ok = src && dst && HPDF_Stream_Write(src, s, (HPDF_UINT)len) == HPDF_OK &&
            HPDF_Stream_WriteToStream(src, dst, HPDF_STREAM_FILTER_FLATE_DECODE, NULL) == HPDF_OK &&
            HPDF_Stream_Seek(dst, 0, HPDF_SEEK_SET) == HPDF_OK;
  out->len = 0;
  while (ok) {
    HPDF_BYTE chunk[4096];
    HPDF_UINT n = sizeof chunk;
    HPDF_STATUS st = HPDF_Stream_Read(dst, chunk, &n);
    buf_put(out, chunk, n);
    if (st == HPDF_STREAM_EOF)
      break;
    ok = st == HPDF_OK;
  }
  HPDF_Stream_Free(src);
  HPDF_Stream_Free(dst);
  HPDF_MMgr_Free(mmgr);
  return ok;
}

/* A stream's dictionary is written with the filter of data deflated
 * beforehand: libharu removes a /Filter it did not set itself. */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream) {
  (void)dict;
  return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* A stream object holding data already deflated. */
static HPDF_Dict new_stream(HPDF_Doc pdf, const Buf *deflated) {
  HPDF_Dict d = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
  if (!d)
    return NULL;
  d->filter = HPDF_STREAM_FILTER_NONE;
  d->write_fn = write_flate_filter;
  HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)deflated->data, (HPDF_UINT)deflated->len);
  return d;
}

static HPDF_Dict new_indirect(HPDF_Doc pdf) {
  HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
  return d && HPDF_Xref_Add(pdf->xref, d) == HPDF_OK ? d : NULL;
}

/* A ToUnicode CMap: each glyph to the character it draws. */
static void write_tounicode(Buf *out, const FontSubset *fs) {
  buf_puts(out, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n");
  buf_puts(out, fs->one_byte ? "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
                             : "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  int n = 0;
  for (int g = 0; g < fs->nglyphs; g++)
    n += fs->unicodes[g] >= 0;
  for (int g = 0, done = 0; done < n; done += 100) {
    int block = n - done < 100 ? n - done : 100;
    buf_printf(out, "%d beginbfchar\n", block);
    for (int k = 0; k < block; g++)
      if (fs->unicodes[g] >= 0) {
        buf_printf(out, fs->one_byte ? "<%02X> <%04X>\n" : "<%04X> <%04X>\n", g, fs->unicodes[g]);
        k++;
      }
    buf_puts(out, "endbfchar\n");
  }
  buf_puts(out, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

static HPDF_Dict system_info(HPDF_Doc pdf) {
  HPDF_Dict info = HPDF_Dict_New(pdf->mmgr);
  if (info) {
    HPDF_Dict_Add(info, "Registry", HPDF_String_New(pdf->mmgr, "Adobe", NULL));
    HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", NULL));
    HPDF_Dict_AddNumber(info, "Supplement", 0);
  }
  return info;
}

/* The encoding of a one-byte subset: codes 00 to FF are glyphs 0 to 255.
 * Identity-H would be two bytes, and PDF word spacing applies only to a
 * one-byte code 32. */
bool haru_one_byte_cmap(Buf *out) {
  static const char cmap[] =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n"
      "/CMapName /Termc-OneByte-H def\n/CMapType 1 def\n"
      "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
      "1 begincidrange\n<00> <FF> 0\nendcidrange\n"
      "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return haru_deflate(cmap, sizeof cmap - 1, out);
}

static HPDF_Dict one_byte_encoding(HPDF_Doc pdf, const Buf *cmap) {
  HPDF_Dict d = new_stream(pdf, cmap);
  if (d) {
    HPDF_Dict_AddName(d, "Type", "CMap");
    HPDF_Dict_AddName(d, "CMapName", "Termc-OneByte-H");
    HPDF_Dict_Add(d, "CIDSystemInfo", system_info(pdf));
  }
  return d;
}

bool haru_face_streams(const FontSubset *fs, FaceStreams *out) {
  Buf cmap = {0};
  write_tounicode(&cmap, fs);
  out->length1 = fs->file.len;
  bool ok = haru_deflate(fs->file.data, fs->file.len, &out->file) &&
            haru_deflate(cmap.data, cmap.len, &out->tounicode);
  buf_free(&cmap);
  return ok;
}

static HPDF_Dict font_descriptor(HPDF_Doc pdf, const FontSubset *fs, const FaceStreams *streams) {
  HPDF_Dict file = new_stream(pdf, &streams->file);
  HPDF_Dict d = new_indirect(pdf);
  if (!file || !d)
    return NULL;
  HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)streams->length1);
  HPDF_Box box = {(HPDF_REAL)fs->bbox[0], (HPDF_REAL)fs->bbox[1], (HPDF_REAL)fs->bbox[2],
                  (HPDF_REAL)fs->bbox[3]};
  HPDF_Dict_AddName(d, "Type", "FontDescriptor");
  HPDF_Dict_AddName(d, "FontName", fs->name);
  HPDF_Dict_AddNumber(d, "Flags", fs->flags);
  HPDF_Dict_Add(d, "FontBBox", HPDF_Box_Array_New(pdf->mmgr, box));
  HPDF_Dict_AddNumber(d, "ItalicAngle", fs->italic_angle);
  HPDF_Dict_AddNumber(d, "Ascent", fs->ascent);
  HPDF_Dict_AddNumber(d, "Descent", fs->descent);
  HPDF_Dict_AddNumber(d, "CapHeight", fs->cap_height);
  HPDF_Dict_AddNumber(d, "StemV", fs->stem_v);
  HPDF_Dict_Add(d, "FontFile2", file);
  return d;
}

/* The CIDFontType2 descendant: widths of glyphs 0..n-1 in one run. */
static HPDF_Dict cid_font(HPDF_Doc pdf, const FontSubset *fs, HPDF_Dict descriptor) {
  HPDF_Dict d = new_indirect(pdf);
  HPDF_Dict info = system_info(pdf);
  HPDF_Array w = HPDF_Array_New(pdf->mmgr), run = HPDF_Array_New(pdf->mmgr);
  if (!d || !info || !w || !run)
    return NULL;
  for (int g = 0; g < fs->nglyphs; g++)
    HPDF_Array_AddNumber(run, fs->widths[g]);
  HPDF_Array_AddNumber(w, 0);
  HPDF_Array_Add(w, run);
  HPDF_Dict_AddName(d, "Type", "Font");
  HPDF_Dict_AddName(d, "Subtype", "CIDFontType2");
  HPDF_Dict_AddName(d, "BaseFont", fs->name);
  HPDF_Dict_Add(d, "CIDSystemInfo", info);
  HPDF_Dict_Add(d, "FontDescriptor", descriptor);
  HPDF_Dict_Add(d, "W", w);
  HPDF_Dict_AddName(d, "CIDToGIDMap", "Identity");
  return d;
}

HPDF_Dict haru_embed_font(HPDF_Doc pdf, const FontSubset *fs, const FaceStreams *streams,
                          const Buf *one_byte_cmap) {
  HPDF_Dict descriptor = font_descriptor(pdf, fs, streams);
  HPDF_Dict cid = descriptor ? cid_font(pdf, fs, descriptor) : NULL;
  HPDF_Dict tounicode = new_stream(pdf, &streams->tounicode);
  HPDF_Dict font = new_indirect(pdf);
  HPDF_Array descendants = HPDF_Array_New(pdf->mmgr);
  if (!cid || !tounicode || !font || !descendants)
    return NULL;
  HPDF_Array_Add(descendants, cid);
  HPDF_Dict_AddName(font, "Type", "Font");
  HPDF_Dict_AddName(font, "Subtype", "Type0");
  HPDF_Dict_AddName(font, "BaseFont", fs->name);
  if (fs->one_byte)
    HPDF_Dict_Add(font, "Encoding", one_byte_encoding(pdf, one_byte_cmap));
  else
    HPDF_Dict_AddName(font, "Encoding", "Identity-H");
  HPDF_Dict_Add(font, "DescendantFonts", descendants);
  HPDF_Dict_Add(font, "ToUnicode", tounicode);
  return font;
}

HPDF_Dict haru_font_resources(HPDF_Doc pdf, HPDF_Dict *fonts, int n) {
  HPDF_Dict dict = new_indirect(pdf);
  for (int i = 0; dict && i < n; i++) {
    char name[16];
    snprintf(name, sizeof name, "F%d", i);
    if (fonts[i] && HPDF_Dict_Add(dict, name, fonts[i]) != HPDF_OK)
      return NULL;
  }
  return dict;
}

bool haru_page_fonts(HPDF_Page page, HPDF_Dict fonts) {
  HPDF_Dict resources = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
  return resources && HPDF_Dict_Add(resources, "Font", fonts) == HPDF_OK;
}

/* An object written by a hook of ours: an indirect dictionary whose
 * write_fn writes its entries from attr, size bytes of libharu's memory
 * (zeroed), freed with it.  NULL when libharu is out of memory (it has
 * reported the error, and freed what it had). */
static void free_attr(HPDF_Dict dict) {
  HPDF_FreeMem(dict->mmgr, dict->attr);
}

static HPDF_Dict hooked_object(HPDF_Doc pdf, size_t size,
                               HPDF_STATUS (*write_fn)(HPDF_Dict, HPDF_Stream)) {
  void *attr = HPDF_GetMem(pdf->mmgr, (HPDF_UINT)size);
  HPDF_Dict d = attr ? HPDF_Dict_New(pdf->mmgr) : NULL;
  if (!d) {
    if (attr)
      HPDF_FreeMem(pdf->mmgr, attr);
    return NULL;
  }
  memset(attr, 0, size);
  d->attr = attr;
  d->write_fn = write_fn;
  d->free_fn = free_attr;
  return HPDF_Xref_Add(pdf->xref, d) == HPDF_OK ? d : NULL;
}

/* ---- Links ---------------------------------------------------------------------- */

/* A link annotation as libharu writes one, from a few words of memory:
 * HPDF_Page_CreateLinkAnnot builds a dictionary of seven objects (about
 * 1.4 KB), and a corpus holds thousands of links. */
typedef struct Link {
  float rect[4];
  HaruDest dest; /* or, when dest.page is NULL, */
  const char *uri;
  HPDF_Page page;
} Link;

static HPDF_UINT32 object_number(const void *obj) {
  return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

/* « /Dest [ page /XYZ 0 top null ] », as libharu writes a destination. */
static HPDF_STATUS write_dest(HPDF_Stream s, const HaruDest *dest) {
  HPDF_STATUS st = HPDF_Stream_WriteStr(s, "/Dest [ ");
  if (st == HPDF_OK)
    st = HPDF_Stream_WriteUInt(s, object_number(dest->page));
  if (st == HPDF_OK)
    st = HPDF_Stream_WriteStr(s, " 0 R /XYZ 0 ");
  if (st == HPDF_OK)
    st = HPDF_Stream_WriteReal(s, dest->top);
  return st == HPDF_OK ? HPDF_Stream_WriteStr(s, " null ]\012") : st;
}

static HPDF_STATUS write_link(HPDF_Dict dict, HPDF_Stream s) {
  const Link *l = dict->attr;
  HPDF_STATUS st = HPDF_Stream_WriteStr(s, "/Rect [ ");
  for (int i = 0; i < 4 && st == HPDF_OK; i++) {
    st = HPDF_Stream_WriteReal(s, l->rect[i]);
    if (st == HPDF_OK)
      st = HPDF_Stream_WriteStr(s, " ");
  }
  if (st == HPDF_OK)
    st = HPDF_Stream_WriteStr(s, "]\012/Type /Annot\012/Subtype /Link\012");
  if (st == HPDF_OK && l->dest.page) {
    st = write_dest(s, &l->dest);
  } else if (st == HPDF_OK) {
    st = HPDF_Stream_WriteStr(s, "/A <<\012/Type /Action\012/S /URI\012/URI ");
    if (st == HPDF_OK)
      st = HPDF_Stream_WriteEscapeText(s, l->uri);
    if (st == HPDF_OK)
      st = HPDF_Stream_WriteStr(s, "\012>>\012");
  }
  if (st == HPDF_OK)
    st = HPDF_Stream_WriteStr(s, "/P ");
  if (st == HPDF_OK)
    st = HPDF_Stream_WriteUInt(s, object_number(l->page));
  if (st == HPDF_OK)
    st = HPDF_Stream_WriteStr(s, " 0 R\012/Border [ 0 0 0 ]\012");
  return st;
}

bool haru_link(HPDF_Doc pdf, HPDF_Page page, HPDF_Array *annots, const float rect[4],
               const HaruDest *dest, const char *uri) {
  HPDF_Dict d = hooked_object(pdf, sizeof(Link), write_link);
  if (!d)
    return false;
  Link *l = d->attr;
  *l = (Link){{rect[0], rect[1], rect[2], rect[3]}, dest ? *dest : (HaruDest){0}, uri, page};
  if (!*annots) {
    *annots = HPDF_Array_New(pdf->mmgr);
    if (!*annots || HPDF_Dict_Add(page, "Annots", *annots) != HPDF_OK)
      return false;
  }
  return HPDF_Array_Add(*annots, d) == HPDF_OK;
}

/* ---- Bookmarks ------------------------------------------------------------------ */

/* A bookmark (outline item) written as libharu writes one, from a few
 * words of memory: libharu's is a dictionary of up to nine entries with a
 * 128-byte key each (about 1.8 KB), and a corpus has one per clause.  The
 * root (parent NULL) is the catalog's /Outlines. */
struct HaruMark {
  HPDF_Dict dict;     /* the indirect object; its write_fn writes the rest */
  const char *title;  /* UTF-8; NULL for the root */
  HaruMark *parent, *first, *last, *prev, *next;
  HaruDest dest;      /* dest.page NULL: nowhere */
  bool open;          /* its children shown */
};

/* How many bookmarks below m are shown when m is open: its children, and
 * theirs when they are open. */
static HPDF_UINT shown_below(const HaruMark *m) {
  HPDF_UINT n = 0;
  for (const HaruMark *c = m->first; c; c = c->next)
    n += 1 + (c->open ? shown_below(c) : 0);
  return n;
}

static HPDF_STATUS write_ref(HPDF_Stream s, const char *key, const void *obj) {
  HPDF_STATUS st = HPDF_Stream_WriteStr(s, key);
  if (st == HPDF_OK)
    st = HPDF_Stream_WriteUInt(s, object_number(obj));
  return st == HPDF_OK ? HPDF_Stream_WriteStr(s, " 0 R\012") : st;
}

/* A text string as libharu writes UTF-8 ones: UTF-16BE after a byte order
 * mark, in hexadecimal. */
static HPDF_STATUS write_text_string(HPDF_Stream s, const char *text) {
  HPDF_STATUS st = HPDF_Stream_WriteStr(s, "<FEFF");
  size_t len = strlen(text);
  for (size_t i = 0; i < len && st == HPDF_OK;) {
    int n, cp = utf8_decode(text + i, len - i, &n);
    i += (size_t)n;
    if (cp < 0)
      cp = 0xFFFD;
    char hex[16];
    if (cp > 0xFFFF) /* a surrogate pair */
      snprintf(hex, sizeof hex, "%04X%04X", 0xD800 + ((cp - 0x10000) >> 10),
               0xDC00 + ((cp - 0x10000) & 0x3FF));
    else
      snprintf(hex, sizeof hex, "%04X", cp);
    st = HPDF_Stream_WriteStr(s, hex);
  }
  return st == HPDF_OK ? HPDF_Stream_WriteStr(s, ">\012") : st;
}

static HPDF_STATUS write_mark(HPDF_Dict dict, HPDF_Stream s) {
  const HaruMark *m = dict->attr;
  HPDF_STATUS st = HPDF_OK;
  if (!m->parent)
    st = HPDF_Stream_WriteStr(s, "/Type /Outlines\012");
  if (st == HPDF_OK && m->title)
    st = HPDF_Stream_WriteStr(s, "/Title ");
  if (st == HPDF_OK && m->title)
    st = write_text_string(s, m->title);
  const struct {
    const char *key;
    const HaruMark *to;
  } links[] = {{"/Parent ", m->parent}, {"/Prev ", m->prev}, {"/Next ", m->next},
               {"/First ", m->first}, {"/Last ", m->last}};
  for (size_t i = 0; i < sizeof links / sizeof *links && st == HPDF_OK; i++)
    if (links[i].to)
      st = write_ref(s, links[i].key, links[i].to->dict);
  HPDF_UINT shown = shown_below(m);
  if (st == HPDF_OK && shown > 0) {
    st = HPDF_Stream_WriteStr(s, "/Count ");
    if (st == HPDF_OK) /* negative: how many opening it would show */
      st = HPDF_Stream_WriteInt(s, m->open || !m->parent ? (HPDF_INT)shown : -(HPDF_INT)shown);
    if (st == HPDF_OK)
      st = HPDF_Stream_WriteStr(s, "\012");
  }
  if (st == HPDF_OK && m->dest.page)
    st = write_dest(s, &m->dest);
  return st;
}

static HaruMark *new_mark(HPDF_Doc pdf) {
  HPDF_Dict d = hooked_object(pdf, sizeof(HaruMark), write_mark);
  if (!d)
    return NULL;
  HaruMark *m = d->attr;
  m->dict = d;
  return m;
}

HaruMark *haru_bookmarks(HPDF_Doc pdf) {
  HaruMark *root = new_mark(pdf);
  return root && HPDF_Dict_Add(pdf->catalog, "Outlines", root->dict) == HPDF_OK ? root : NULL;
}

HaruMark *haru_bookmark(HPDF_Doc pdf, HaruMark *parent, const char *title, const HaruDest *dest,
                        bool open) {
  HaruMark *m = new_mark(pdf);
  if (!m)
    return NULL;
  m->title = title;
  if (dest)
    m->dest = *dest;
  m->open = open;
  m->parent = parent;
  m->prev = parent->last;
  if (parent->last)
    parent->last->next = m;
  else
    parent->first = m;
  parent->last = m;
  return m;
}

/* ---- Writing -------------------------------------------------------------------- */

/* The file, written through a buffer of our own: libharu writes a token at
 * a time, and its file writer makes each an fwrite (a lock and a copy). */
typedef struct Writer {
  int fd;
  int error; /* errno of the first failure */
  size_t len;
  char buf[64 * 1024];
} Writer;

static bool flush_writer(Writer *w) {
  for (size_t done = 0; done < w->len && !w->error;) {
    ssize_t n = write(w->fd, w->buf + done, w->len - done);
    if (n > 0)
      done += (size_t)n;
    else if (n < 0 && errno != EINTR)
      w->error = errno;
  }
  w->len = 0;
  return !w->error;
}

static HPDF_STATUS writer_write(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT size) {
  Writer *w = stream->attr;
  while (size > 0) {
    if (w->len == sizeof w->buf && !flush_writer(w))
      return HPDF_SetError(stream->error, HPDF_FILE_IO_ERROR, (HPDF_STATUS)w->error);
    size_t n = sizeof w->buf - w->len < size ? sizeof w->buf - w->len : size;
    memcpy(w->buf + w->len, ptr, n);
    w->len += n;
    ptr += n;
    size -= (HPDF_UINT)n;
  }
  return HPDF_OK;
}

static void writer_free(HPDF_Stream stream) {
  free(stream->attr);
}

bool haru_save(HPDF_Doc pdf, const char *path, int *error) {
  Writer *w = malloc(sizeof *w);
  HPDF_Stream s = w ? HPDF_GetMem(pdf->mmgr, sizeof(HPDF_Stream_Rec)) : NULL;
  if (!s) {
    free(w);
    *error = ENOMEM;
    return false;
  }
  w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  w->error = w->fd < 0 ? errno : 0;
  w->len = 0;
  memset(s, 0, sizeof *s);
  s->sig_bytes = HPDF_STREAM_SIG_BYTES;
  s->type = HPDF_STREAM_CALLBACK;
  s->mmgr = pdf->mmgr;
  s->error = &pdf->error;
  s->write_fn = writer_write;
  s->free_fn = writer_free;
  s->attr = w;
  if (pdf->stream) /* HPDF_SaveToStream writes to the document's stream */
    HPDF_Stream_Free(pdf->stream);
  pdf->stream = s;
  bool ok = !w->error && HPDF_SaveToStream(pdf) == HPDF_OK && flush_writer(w);
  if (w->fd >= 0 && close(w->fd) != 0 && !w->error)
    w->error = errno;
  w->fd = -1;
  *error = w->error;
  return ok && !w->error;
}
