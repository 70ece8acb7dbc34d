/*
 * pdfharu.c — the few things libharu 2.3.0 cannot be asked for through its
 * public API, done through the object API its headers also install.  Each
 * is small, and each is here rather than spread through the drawing code,
 * so that a newer libharu can replace them one by one.
 *
 *  - Text is written as TJ arrays: one per line, with the spaces as real
 *    space characters plus the justification adjustment.  libharu can only
 *    show a string at a position (Tj), and its word spacing (Tw) does not
 *    apply to the two-byte codes of an embedded TrueType font, so justified
 *    text would take one Tj per word: twice the operators, and copy-paste
 *    without spaces.
 *  - libharu writes a ToUnicode CMap that declares its one range with the
 *    wrong operator (« begincidrange »): poppler warns on every font, and
 *    other readers may not map the text back to characters at all.  We
 *    replace it with a correct identity map over the characters used (the
 *    codes in the content stream are Unicode code points).
 *  - Its CIDToGIDMap always has 65 536 entries; only those up to the last
 *    code point used are needed, the rest is 128 KB per font to compress.
 *  - A destination's zoom cannot be left « unchanged » (null): libharu
 *    rejects 0.  A link that changes the reader's zoom is an annoyance.
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

static bool used(const uint8_t *bits, int cp) { return bits[cp >> 3] & (1 << (cp & 7)); }

/* An identity ToUnicode CMap over the used code points: bfrange runs that
 * never cross a change of high byte, at most 100 per block. */
static void write_tounicode(Buf *out, const uint8_t *bits) {
  buf_puts(out, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  int (*ranges)[2] = NULL, n = 0, cap = 0;
  for (int cp = next_used(bits, 0); cp < 0xFFFF; cp = next_used(bits, cp)) {
    int start = cp;
    while (cp < 0xFFFF && used(bits, cp) && (cp >> 8) == (start >> 8))
      cp++;
    ranges = pdf_grow(ranges, &cap, n + 1, sizeof *ranges);
    ranges[n][0] = start, ranges[n][1] = cp - 1, n++;
  }
  for (int i = 0; i < n; i += 100) {
    int m = n - i < 100 ? n - i : 100;
    buf_printf(out, "%d beginbfrange\n", m);
    for (int k = i; k < i + m; k++)
      buf_printf(out, "<%04X> <%04X> <%04X>\n", ranges[k][0], ranges[k][1], ranges[k][0]);
    buf_puts(out, "endbfrange\n");
  }
  free(ranges);
  buf_puts(out, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

static void replace_stream(HPDF_Dict dict, const void *data, size_t len) {
  HPDF_MemStream_FreeData(dict->stream);
  HPDF_Stream_Write(dict->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len);
}

/* Keeps the CIDToGIDMap entries of code points 0..last. */
static void truncate_map(HPDF_Dict map, int last) {
  HPDF_UINT size = (HPDF_UINT)(last + 1) * 2;
  HPDF_BYTE *buf = malloc(size);
  if (!buf)
    return;
  if (HPDF_Stream_Seek(map->stream, 0, HPDF_SEEK_SET) == HPDF_OK &&
      HPDF_Stream_Read(map->stream, buf, &size) == HPDF_OK)
    replace_stream(map, buf, size);
  free(buf);
}

void haru_fix_font(HPDF_Font font, const uint8_t *bits) {
  int last = 0;
  for (int cp = next_used(bits, 0); cp < 0xFFFF; cp = next_used(bits, cp + 1))
    last = cp;
  HPDF_Dict tounicode = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
  if (tounicode && tounicode->stream) {
    Buf cmap = {0};
    write_tounicode(&cmap, bits);
    replace_stream(tounicode, cmap.data, cmap.len);
    buf_free(&cmap);
  }
  HPDF_Array descendants = HPDF_Dict_GetItem(font, "DescendantFonts", HPDF_OCLASS_ARRAY);
  HPDF_Dict cid = descendants ? HPDF_Array_GetItem(descendants, 0, HPDF_OCLASS_DICT) : NULL;
  HPDF_Dict map = cid ? HPDF_Dict_GetItem(cid, "CIDToGIDMap", HPDF_OCLASS_DICT) : NULL;
  if (map && map->stream)
    truncate_map(map, last);
}
