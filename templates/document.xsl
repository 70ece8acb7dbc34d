<?xml version="1.0" encoding="UTF-8"?>
<!--
  document.xsl — the page of one text (out/<id>.html): its title and
  version, a table of contents, the text (text.xsl), then what a reader
  looks up: the other instruments it cites, gathered per instrument, its
  glossary, and the defects of the original that the source acknowledges.

  The table of contents lists clauses down to $toc-depth (articles and their
  sub-clauses); deeper items are reached from the text.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:t="urn:termc:xml:1"
    exclude-result-prefixes="t">

  <xsl:variable name="toc-depth" select="2"/>

  <xsl:template match="t:document" mode="page">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="t:meta/t:title"/>
      <xsl:with-param name="class">text-page</xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="t:document" mode="content">
    <xsl:apply-templates select="t:meta" mode="doc-header"/>
    <xsl:call-template name="toc"/>
    <div class="doc-body">
      <div class="text" id="texte">
        <xsl:apply-templates select="t:preface/*" mode="text"/>
        <xsl:apply-templates select="t:body/*" mode="text"/>
      </div>
      <xsl:apply-templates select="t:citations[t:instrument]" mode="back"/>
      <xsl:apply-templates select="t:terms[t:term]" mode="back"/>
      <xsl:apply-templates select="t:diagnostics[t:diagnostic/@acknowledged = 'true']" mode="back"/>
    </div>
  </xsl:template>

  <xsl:template match="t:meta" mode="doc-header">
    <xsl:variable name="c" select="t:counts"/>
    <header class="doc-header">
      <p class="kicker">Texte du corpus · <code><xsl:value-of select="t:source/@path"/></code></p>
      <h1><xsl:value-of select="t:title"/></h1>
      <p class="doc-meta">
        <span><xsl:call-template name="version"><xsl:with-param name="meta" select="."/></xsl:call-template></span>
        <span>
          <xsl:call-template name="count">
            <xsl:with-param name="n" select="$c/@clauses"/>
            <xsl:with-param name="one">clause</xsl:with-param>
            <xsl:with-param name="many">clauses</xsl:with-param>
          </xsl:call-template>
        </span>
        <span>
          <xsl:call-template name="count">
            <xsl:with-param name="n" select="$c/@terms"/>
            <xsl:with-param name="one">terme défini</xsl:with-param>
            <xsl:with-param name="many">termes définis</xsl:with-param>
          </xsl:call-template>
        </span>
        <span>
          <xsl:call-template name="count">
            <xsl:with-param name="n" select="$c/@references"/>
            <xsl:with-param name="one">renvoi</xsl:with-param>
            <xsl:with-param name="many">renvois</xsl:with-param>
          </xsl:call-template>
        </span>
        <xsl:if test="$pdf = 'true'">
          <span><a href="pdf/{ancestor::t:document/@id}.pdf">Version PDF</a></span>
        </xsl:if>
        <span>
          <a href="problems.html#{ancestor::t:document/@id}">
            <xsl:call-template name="count">
              <xsl:with-param name="n" select="$c/@open"/>
              <xsl:with-param name="one">problème ouvert</xsl:with-param>
              <xsl:with-param name="many">problèmes ouverts</xsl:with-param>
            </xsl:call-template>
          </a>
        </span>
      </p>
    </header>
  </xsl:template>

  <!-- ==== Table of contents ==== -->

  <xsl:template name="toc">
    <nav class="toc" aria-labelledby="sommaire">
      <h2 id="sommaire">Sommaire</h2>
      <ol class="toc-clauses">
        <xsl:apply-templates select="t:body/*[self::t:article or self::t:annex or self::t:section]" mode="toc"/>
      </ol>
      <ol class="toc-back">
        <xsl:if test="t:citations/t:instrument"><li><a href="#textes-cites">Textes cités</a></li></xsl:if>
        <xsl:if test="t:terms/t:term"><li><a href="#glossaire">Définitions</a></li></xsl:if>
        <xsl:if test="t:diagnostics/t:diagnostic/@acknowledged = 'true'">
          <li><a href="#defauts">Défauts reconnus</a></li>
        </xsl:if>
      </ol>
    </nav>
  </xsl:template>

  <xsl:template match="t:article | t:annex | t:section" mode="toc">
    <xsl:variable name="children"
        select="(*[self::t:article or self::t:annex or self::t:section] | t:list/t:item/t:article)[@depth &lt; $toc-depth]"/>
    <li>
      <a href="#{@eId}">
        <xsl:if test="t:num">
          <span class="toc-num">
            <xsl:if test="self::t:annex">Annexe </xsl:if>
            <xsl:value-of select="t:num"/>
          </span>
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:choose>
          <xsl:when test="t:heading">
            <span class="toc-title"><xsl:value-of select="t:heading"/></span>
          </xsl:when>
          <xsl:otherwise>
            <span class="toc-title toc-excerpt"><xsl:call-template name="opening-words"/></span>
          </xsl:otherwise>
        </xsl:choose>
      </a>
      <xsl:if test="$children">
        <ol><xsl:apply-templates select="$children" mode="toc"/></ol>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- ==== Texts cited, gathered per instrument ==== -->

  <xsl:template match="t:citations" mode="back">
    <section class="back" id="textes-cites" aria-labelledby="textes-cites-titre">
      <h2 id="textes-cites-titre">Textes cités</h2>
      <p class="back-intro">Les dispositions d’autres textes auxquelles celui-ci renvoie,
        regroupées par texte.</p>
      <ul class="citations">
        <xsl:for-each select="t:instrument">
          <li>
            <span class="instrument">
              <xsl:choose>
                <xsl:when test="@url"><a href="{@url}"><xsl:value-of select="@name"/></a></xsl:when>
                <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
              </xsl:choose>
            </span>
            <xsl:text>&#160;: </xsl:text>
            <xsl:for-each select="t:cited">
              <xsl:if test="position() &gt; 1">, </xsl:if>
              <xsl:apply-templates select="." mode="back"/>
            </xsl:for-each>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- « art. 1218 », « 32 à 36 », « art. 38 et suivants »: the unit is
       written when it changes from the previous item. -->
  <xsl:template match="t:cited" mode="back">
    <xsl:variable name="ref" select="key('reference', t:by[1]/@ref)"/>
    <xsl:variable name="label">
      <xsl:if test="not(preceding-sibling::t:cited[1]/@unit = @unit)">
        <xsl:call-template name="unit-abbrev"/>
        <xsl:text>&#160;</xsl:text>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="@kind = 'range'"><xsl:value-of select="concat(@number, ' à ', @last)"/></xsl:when>
        <xsl:when test="@kind = 'following'"><xsl:value-of select="concat(@number, ' et suivants')"/></xsl:when>
        <xsl:when test="@title">«&#160;<xsl:value-of select="@title"/>&#160;»</xsl:when>
        <xsl:otherwise><xsl:value-of select="@number"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$ref/@anchored = 'true'">
        <a href="#{$ref/@eId}"><xsl:value-of select="$label"/></a>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$label"/></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="count(t:by) &gt; 1">
      <span class="times"> (<xsl:value-of select="count(t:by)"/> fois)</span>
    </xsl:if>
  </xsl:template>

  <xsl:template name="unit-abbrev">
    <xsl:choose>
      <xsl:when test="@unit = 'article'">art.</xsl:when>
      <xsl:when test="@unit = 'paragraphe'">§</xsl:when>
      <xsl:when test="@unit = 'alinéa'">al.</xsl:when>
      <xsl:otherwise><xsl:value-of select="@unit"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ==== Glossary ==== -->

  <xsl:template match="t:terms" mode="back">
    <section class="back" id="glossaire" aria-labelledby="glossaire-titre">
      <h2 id="glossaire-titre">Définitions</h2>
      <dl class="glossary">
        <xsl:apply-templates select="t:term" mode="back"/>
      </dl>
    </section>
  </xsl:template>

  <xsl:template match="t:term" mode="back">
    <xsl:variable name="slug" select="substring-after(@eId, ':')"/>
    <div class="entry" id="{@eId}">
      <dt>
        <xsl:choose>
          <xsl:when test="@anchor"><a href="#{@anchor}"><xsl:value-of select="@name"/></a></xsl:when>
          <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="t:form[. != current()/@name]">
          <span class="forms">
            <xsl:text> (</xsl:text>
            <xsl:for-each select="t:form[. != current()/@name]">
              <xsl:if test="position() &gt; 1">, </xsl:if>
              <xsl:value-of select="."/>
            </xsl:for-each>
            <xsl:text>)</xsl:text>
          </span>
        </xsl:if>
      </dt>
      <dd id="glose:{$slug}"><xsl:call-template name="definition"/></dd>
      <dd class="entry-meta">
        <xsl:text>Défini </xsl:text>
        <a href="#{@clause | @eId[not(../@clause)]}">
          <xsl:call-template name="clause-where">
            <xsl:with-param name="c" select="key('clause', @clause)"/>
          </xsl:call-template>
        </a>
        <xsl:text> · </xsl:text>
        <xsl:choose>
          <xsl:when test="@pronoun = 'true'">pronom&#160;: emplois non relevés</xsl:when>
          <xsl:when test="@uses = 0">jamais employé</xsl:when>
          <xsl:otherwise>
            <xsl:text>employé </xsl:text>
            <xsl:call-template name="count">
              <xsl:with-param name="n" select="@uses"/>
              <xsl:with-param name="one">fois</xsl:with-param>
              <xsl:with-param name="many">fois</xsl:with-param>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </dd>
    </div>
  </xsl:template>

  <!-- ==== Acknowledged defects ==== -->

  <xsl:template match="t:diagnostics" mode="back">
    <section class="back" id="defauts" aria-labelledby="defauts-titre">
      <h2 id="defauts-titre">Défauts reconnus</h2>
      <p class="back-intro">Ce que la transcription a relevé dans l’original sans le corriger,
        avec la raison donnée dans la source.</p>
      <ul class="defects">
        <xsl:for-each select="t:diagnostic[@acknowledged = 'true']">
          <li>
            <p class="defect-place">
              <xsl:choose>
                <xsl:when test="@ref"><a href="#{@ref}">Ligne <xsl:value-of select="@line"/></a></xsl:when>
                <xsl:when test="@clause"><a href="#{@clause}">Ligne <xsl:value-of select="@line"/></a></xsl:when>
                <xsl:otherwise>Ligne <xsl:value-of select="@line"/></xsl:otherwise>
              </xsl:choose>
              <xsl:text> · </xsl:text><code><xsl:value-of select="@code"/></code>
            </p>
            <p class="defect-message"><xsl:value-of select="t:message"/></p>
            <p class="defect-reason"><span class="label">Raison&#160;:</span><xsl:text> </xsl:text><xsl:value-of select="t:reason"/></p>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

</xsl:stylesheet>
