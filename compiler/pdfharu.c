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
 *  - Text and rules are written as raw operators: one TJ array per line,
 *    the spaces as real space glyphs stretched by the line's word spacing.
 *    libharu can only show a string at a point.
 *  - A destination whose zoom is null (« keep the reader's zoom »): libharu
 *    rejects a zoom of 0.
 */
#include "pdf.h"

#include <stdlib.h>
#include <string.h>

void haru_write(HPDF_Page page, const char *s, size_t len) {
  HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
  HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)s, (HPDF_UINT)len);
}

HPDF_Destination haru_destination(HPDF_Page page, double left, double top) {
  HPDF_Destination d = HPDF_Page_CreateDestination(page);
  if (!d)
    return NULL;
  HPDF_Array_Clear(d);
  HPDF_Array_Add(d, page);
  HPDF_Array_AddName(d, "XYZ");
  HPDF_Array_AddReal(d, (HPDF_REAL)left);
  HPDF_Array_AddReal(d, (HPDF_REAL)top);
  HPDF_Array_Add(d, HPDF_Null_New(d->mmgr));
  return d;
}

static HPDF_Dict new_stream(HPDF_Doc pdf, const void *data, size_t len) {
  HPDF_Dict d = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
  if (!d)
    return NULL;
  d->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
  HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len);
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
static HPDF_Dict one_byte_encoding(HPDF_Doc pdf) {
  static const char cmap[] =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n"
      "/CMapName /Termc-OneByte-H def\n/CMapType 1 def\n"
      "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
      "1 begincidrange\n<00> <FF> 0\nendcidrange\n"
      "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  HPDF_Dict d = new_stream(pdf, cmap, sizeof cmap - 1);
  if (d) {
    HPDF_Dict_AddName(d, "Type", "CMap");
    HPDF_Dict_AddName(d, "CMapName", "Termc-OneByte-H");
    HPDF_Dict_Add(d, "CIDSystemInfo", system_info(pdf));
  }
  return d;
}

static HPDF_Dict font_descriptor(HPDF_Doc pdf, const FontSubset *fs) {
  HPDF_Dict file = new_stream(pdf, fs->file.data, fs->file.len);
  HPDF_Dict d = new_indirect(pdf);
  if (!file || !d)
    return NULL;
  HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)fs->file.len);
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

HPDF_Dict haru_embed_font(HPDF_Doc pdf, const FontSubset *fs) {
  HPDF_Dict descriptor = font_descriptor(pdf, fs);
  HPDF_Dict cid = descriptor ? cid_font(pdf, fs, descriptor) : NULL;
  Buf cmap = {0};
  write_tounicode(&cmap, fs);
  HPDF_Dict tounicode = new_stream(pdf, cmap.data, cmap.len);
  buf_free(&cmap);
  HPDF_Dict font = new_indirect(pdf);
  HPDF_Array descendants = HPDF_Array_New(pdf->mmgr);
  if (!cid || !tounicode || !font || !descendants)
    return NULL;
  HPDF_Array_Add(descendants, cid);
  HPDF_Dict_AddName(font, "Type", "Font");
  HPDF_Dict_AddName(font, "Subtype", "Type0");
  HPDF_Dict_AddName(font, "BaseFont", fs->name);
  if (fs->one_byte)
    HPDF_Dict_Add(font, "Encoding", one_byte_encoding(pdf));
  else
    HPDF_Dict_AddName(font, "Encoding", "Identity-H");
  HPDF_Dict_Add(font, "DescendantFonts", descendants);
  HPDF_Dict_Add(font, "ToUnicode", tounicode);
  return font;
}

bool haru_page_fonts(HPDF_Page page, HPDF_Dict *fonts, int n) {
  HPDF_Dict resources = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
  HPDF_Dict dict = HPDF_Dict_New(page->mmgr);
  if (!resources || !dict || HPDF_Dict_Add(resources, "Font", dict) != HPDF_OK)
    return false;
  for (int i = 0; i < n; i++) {
    char name[16];
    snprintf(name, sizeof name, "F%d", i);
    if (fonts[i] && HPDF_Dict_Add(dict, name, fonts[i]) != HPDF_OK)
      return false;
  }
  return true;
}
