<?xml version="1.0" encoding="UTF-8"?>
<!--
  text.xsl — a text's body as HTML (mode "text"): clauses with their anchors,
  permalinks and « Référencée par », blocks, and inlines with their links.

  Every clause is an element whose id is the clause's ID (tiktok.html#10.2).
  A clause opened by a heading becomes a <section> with a heading whose rank
  follows the clause tree (h2 for an article, h3 below it…), so headings
  never skip a level whatever the source's « ## » said.  A clause opened by
  a paragraph becomes a <div>; a list-item clause is its <li>.

  References: internal ones are links to their clause; external ones are
  citations (<cite>), links when the text gives a URL; broken ones (in a
  build forced with the keep-going option, or acknowledged defects of an
  original) are marked in words, not only in colour.  Defined terms link to their definition and
  show it on hover and on keyboard focus, without JavaScript.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:t="urn:termc:xml:1"
    exclude-result-prefixes="t">

  <!-- ==== Clauses ==== -->

  <xsl:template match="t:article | t:annex | t:section" mode="text">
    <xsl:variable name="opener" select="*[not(self::t:num or self::t:heading or self::t:lead or self::t:citedBy)][1]"/>
    <xsl:choose>
      <xsl:when test="$opener/self::t:h">
        <section class="clause clause-{local-name()}" id="{@eId}">
          <xsl:call-template name="clause-content">
            <xsl:with-param name="opener" select="$opener"/>
          </xsl:call-template>
        </section>
      </xsl:when>
      <xsl:otherwise>
        <div class="clause clause-{local-name()}" id="{@eId}">
          <xsl:call-template name="clause-content">
            <xsl:with-param name="opener" select="$opener"/>
          </xsl:call-template>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The opening block, the permalink, who cites the clause, then the rest. -->
  <xsl:template name="clause-content">
    <xsl:param name="opener"/>
    <xsl:call-template name="permalink"/>
    <xsl:apply-templates select="$opener" mode="opener"/>
    <xsl:call-template name="cited-by"/>
    <xsl:apply-templates select="$opener/following-sibling::*" mode="text"/>
  </xsl:template>

  <xsl:template name="permalink">
    <a class="permalink" href="#{@eId}" aria-label="Lien permanent vers {@name}">§</a>
  </xsl:template>

  <!-- A heading that opens a clause: its rank is the clause's depth among
       heading clauses, from h2 (the page title is the h1). -->
  <xsl:template match="t:h" mode="opener">
    <xsl:variable name="depth" select="count(ancestor::*[self::t:article or self::t:annex or self::t:section])"/>
    <xsl:variable name="level">
      <xsl:choose>
        <xsl:when test="$depth &gt; 4">6</xsl:when>
        <xsl:otherwise><xsl:value-of select="$depth + 1"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="h{$level}">
      <xsl:attribute name="class">opener</xsl:attribute>
      <xsl:apply-templates mode="text"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*" mode="opener">
    <div class="opener">
      <xsl:apply-templates select="." mode="text"/>
    </div>
  </xsl:template>

  <!-- « Référencée par » : one link per citing clause (termc gathers them),
       to the first place where it cites this one, with the number of times. -->
  <xsl:template name="cited-by">
    <xsl:if test="t:citedBy">
      <p class="cited-by">
        <span class="cited-by-label">Référencée par</span>
        <xsl:text> </xsl:text>
        <xsl:for-each select="t:citedBy">
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <a>
            <xsl:attribute name="href">
              <xsl:choose>
                <xsl:when test="@ref">#<xsl:value-of select="@ref"/></xsl:when>
                <xsl:when test="@from">#<xsl:value-of select="@from"/></xsl:when>
                <xsl:otherwise>#texte</xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
            <xsl:choose>
              <xsl:when test="@from"><xsl:value-of select="key('clause', @from)/@name"/></xsl:when>
              <xsl:otherwise>le préambule</xsl:otherwise>
            </xsl:choose>
          </a>
          <xsl:if test="@count &gt; 1"> (<xsl:value-of select="@count"/> fois)</xsl:if>
        </xsl:for-each>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- ==== Blocks ==== -->

  <xsl:template match="t:p" mode="text">
    <p><xsl:apply-templates mode="text"/></p>
  </xsl:template>

  <!-- A heading that opens no clause (inside a list or a quotation) keeps
       its emphasis but is not part of the outline. -->
  <xsl:template match="t:h" mode="text">
    <p class="inner-heading"><xsl:apply-templates mode="text"/></p>
  </xsl:template>

  <xsl:template match="t:list[@ordered = 'true']" mode="text">
    <ol>
      <xsl:if test="@start != 1"><xsl:attribute name="start"><xsl:value-of select="@start"/></xsl:attribute></xsl:if>
      <xsl:if test="@delim = ')'"><xsl:attribute name="class">paren</xsl:attribute></xsl:if>
      <xsl:apply-templates mode="text"/>
    </ol>
  </xsl:template>

  <xsl:template match="t:list" mode="text">
    <ul><xsl:apply-templates mode="text"/></ul>
  </xsl:template>

  <xsl:template match="t:item" mode="text">
    <li>
      <xsl:choose>
        <xsl:when test="t:article">
          <xsl:attribute name="id"><xsl:value-of select="t:article/@eId"/></xsl:attribute>
          <xsl:attribute name="class">clause clause-item</xsl:attribute>
          <xsl:for-each select="t:article">
            <xsl:call-template name="clause-content">
              <xsl:with-param name="opener" select="*[not(self::t:num or self::t:heading or self::t:lead or self::t:citedBy)][1]"/>
            </xsl:call-template>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise><xsl:apply-templates mode="text"/></xsl:otherwise>
      </xsl:choose>
    </li>
  </xsl:template>

  <xsl:template match="t:quote" mode="text">
    <blockquote><xsl:apply-templates mode="text"/></blockquote>
  </xsl:template>

  <xsl:template match="t:pre" mode="text">
    <pre><code><xsl:value-of select="."/></code></pre>
  </xsl:template>

  <xsl:template match="t:hr" mode="text">
    <hr/>
  </xsl:template>

  <xsl:template match="t:docTitle" mode="text"/>

  <!-- ==== Inlines ==== -->

  <xsl:template match="t:b" mode="text">
    <strong><xsl:apply-templates mode="text"/></strong>
  </xsl:template>

  <xsl:template match="t:i" mode="text">
    <em><xsl:apply-templates mode="text"/></em>
  </xsl:template>

  <xsl:template match="t:code" mode="text">
    <code><xsl:apply-templates mode="text"/></code>
  </xsl:template>

  <xsl:template match="t:br" mode="text">
    <br/>
  </xsl:template>

  <xsl:template match="t:a[@href]" mode="text">
    <a href="{@href}">
      <xsl:if test="@title"><xsl:attribute name="title"><xsl:value-of select="@title"/></xsl:attribute></xsl:if>
      <xsl:apply-templates mode="text"/>
    </a>
  </xsl:template>

  <!-- A link whose address termc dropped (javascript:, data:…): its words only. -->
  <xsl:template match="t:a" mode="text">
    <span class="dropped-link"><xsl:apply-templates mode="text"/></span>
  </xsl:template>

  <!-- Images are never loaded (the site uses no outside resource): their
       description stands in their place. -->
  <xsl:template match="t:image" mode="text">
    <span class="image">[<xsl:apply-templates mode="text"/>]</span>
  </xsl:template>

  <xsl:template match="t:ref[@status = 'internal']" mode="text">
    <xsl:variable name="target" select="key('clause', @target)"/>
    <a class="ref" href="#{@target}">
      <xsl:if test="@eId"><xsl:attribute name="id"><xsl:value-of select="@eId"/></xsl:attribute></xsl:if>
      <xsl:if test="$target/t:heading">
        <xsl:attribute name="title"><xsl:value-of select="$target/t:heading"/></xsl:attribute>
      </xsl:if>
      <xsl:apply-templates mode="text"/>
    </a>
  </xsl:template>

  <xsl:template match="t:ref[@status = 'external']" mode="text">
    <xsl:choose>
      <xsl:when test="@url and not(ancestor::t:a)">
        <a class="ref external" href="{@url}">
          <xsl:if test="@eId"><xsl:attribute name="id"><xsl:value-of select="@eId"/></xsl:attribute></xsl:if>
          <cite><xsl:apply-templates mode="text"/></cite>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <cite class="ref external">
          <xsl:if test="@eId"><xsl:attribute name="id"><xsl:value-of select="@eId"/></xsl:attribute></xsl:if>
          <xsl:apply-templates mode="text"/>
        </cite>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="t:ref[@status = 'broken']" mode="text">
    <span class="ref broken">
      <xsl:if test="@eId"><xsl:attribute name="id"><xsl:value-of select="@eId"/></xsl:attribute></xsl:if>
      <xsl:apply-templates mode="text"/>
      <xsl:choose>
        <xsl:when test="@acknowledged = 'true'">
          <span class="flag flag-known"> [renvoi sans cible, défaut de l’original]</span>
        </xsl:when>
        <xsl:otherwise>
          <span class="flag"> [renvoi brisé]</span>
        </xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- A use of a term: a link to its definition (in the text, else in the
       glossary), and the hover card with the term and its definition's
       excerpt. -->
  <xsl:template match="t:termRef" mode="text">
    <xsl:variable name="term" select="key('term', @refersTo)"/>
    <a class="term" href="#{$term/@anchor | @refersTo[not($term/@anchor)]}"
       aria-describedby="glose:{substring-after(@refersTo, ':')}">
      <xsl:apply-templates mode="text"/>
      <span class="tip" aria-hidden="true">
        <span class="tip-term"><xsl:value-of select="$term/@name"/></span>
        <xsl:text> </xsl:text>
        <xsl:value-of select="$term/t:excerpt"/>
      </span>
    </a>
  </xsl:template>

  <xsl:template match="t:def" mode="text">
    <dfn class="def">
      <xsl:if test="@eId"><xsl:attribute name="id"><xsl:value-of select="@eId"/></xsl:attribute></xsl:if>
      <xsl:apply-templates mode="text"/>
    </dfn>
  </xsl:template>

</xsl:stylesheet>
