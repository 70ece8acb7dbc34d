<?xml version="1.0" encoding="UTF-8"?>
<!--
  site.xsl — the entry point of the site's templates (docs/xml.md).

  termc applies this stylesheet to out/xml/corpus.xml.  Its main result is
  out/index.html; every other page is written here with exsl:document, whose
  relative names land beside index.html.  Each text's XML is read with
  document(): the corpus lists the files.  The templates may read only this
  folder and the build folder, and write only in the build folder.

  Pages: index.html (the texts), <id>.html (one per text: document.xsl),
  clauses.html, terms.html, problems.html (corpus.xsl).  The layout shared by
  every page is in common.xsl; the text itself, blocks and inlines, in text.xsl.
  Changing the site means editing these files and site.css, never C.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:t="urn:termc:xml:1"
    xmlns:exsl="http://exslt.org/common"
    extension-element-prefixes="exsl"
    exclude-result-prefixes="t exsl">

  <xsl:include href="common.xsl"/>
  <xsl:include href="text.xsl"/>
  <xsl:include href="document.xsl"/>
  <xsl:include href="corpus.xsl"/>

  <!-- 'true' when the build also writes out/pdf/<id>.pdf and out/pdf/corpus.pdf
       (termc build without the no-pdf option): only then do pages link to them. -->
  <xsl:param name="pdf" select="'false'"/>

  <!-- indent="no": libxml2's HTML indenting may put a line break, which
       renders as a space, between two inline elements. -->
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:template match="/">
    <!-- One page per text, in the corpus's order (a node-set of several
         documents has no defined order, so they are loaded one by one). -->
    <xsl:for-each select="t:corpus/t:document">
      <xsl:variable name="doc" select="document(@href, .)/t:document"/>
      <xsl:if test="not($doc)">
        <xsl:message terminate="yes">le XML du texte « <xsl:value-of select="@id"/> » (<xsl:value-of
            select="@href"/>) est illisible</xsl:message>
      </xsl:if>
      <exsl:document href="{@id}.html" method="html" encoding="UTF-8"
                     doctype-system="about:legacy-compat" indent="no">
        <xsl:apply-templates select="$doc" mode="page"/>
      </exsl:document>
    </xsl:for-each>
    <exsl:document href="clauses.html" method="html" encoding="UTF-8"
                   doctype-system="about:legacy-compat" indent="no">
      <xsl:call-template name="clauses-page"/>
    </exsl:document>
    <exsl:document href="terms.html" method="html" encoding="UTF-8"
                   doctype-system="about:legacy-compat" indent="no">
      <xsl:call-template name="terms-page"/>
    </exsl:document>
    <exsl:document href="problems.html" method="html" encoding="UTF-8"
                   doctype-system="about:legacy-compat" indent="no">
      <xsl:call-template name="problems-page"/>
    </exsl:document>
    <xsl:call-template name="index-page"/>
  </xsl:template>

</xsl:stylesheet>
