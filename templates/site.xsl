<?xml version="1.0" encoding="UTF-8"?>
<!--
  site.xsl — the entry point of the site's templates (docs/xml.md).

  termc applies this stylesheet to out/xml/corpus.xml, and then to each
  text's XML, out/xml/<id>.xml.  Applied to the corpus, its result is
  out/index.html, and it writes the other pages about all the texts with
  exsl:document, whose relative names land beside index.html; the corpus
  holds, for each text, what those pages show (its clauses, terms and
  diagnostics).  Applied to a text, its result is the text's page,
  out/<id>.html.  The templates may read only this folder and the build
  folder, and write only in the build folder.

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
    <xsl:apply-templates select="t:corpus | t:document" mode="site"/>
  </xsl:template>

  <!-- A text: its page. -->
  <xsl:template match="t:document" mode="site">
    <xsl:apply-templates select="." mode="page"/>
  </xsl:template>

  <!-- The corpus: the pages about all the texts, then index.html. -->
  <xsl:template match="t:corpus" mode="site">
    <xsl:for-each select="/">
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
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
