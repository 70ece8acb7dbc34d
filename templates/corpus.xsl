<?xml version="1.0" encoding="UTF-8"?>
<!--
  corpus.xsl — the pages about all the texts together: index.html (the
  texts, with their version and counts), clauses.html (every clause and how
  often it is cited), terms.html (every defined term, its definition and its
  uses) and problems.html (every diagnostic, acknowledged defects with their
  reasons).

  These templates are called with the corpus (out/xml/corpus.xml) as the
  context node.  The corpus holds, for each text, what these pages show: its
  metadata, its clauses (numbers, titles or leads, citation counts), its
  terms and its diagnostics; no text's whole XML is read.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:t="urn:termc:xml:1"
    exclude-result-prefixes="t">

  <!-- A clause of a text in the corpus, by the text's id and the clause's:
       clause IDs repeat from one text to the next. -->
  <xsl:key name="text-clause" match="t:clauses//t:article | t:clauses//t:annex | t:clauses//t:section"
           use="concat(ancestor::t:document/@id, ' ', @eId)"/>

  <!-- The content of a corpus page, by its name. -->
  <xsl:template match="/" mode="content">
    <xsl:param name="page"/>
    <xsl:choose>
      <xsl:when test="$page = 'index'"><xsl:call-template name="index-content"/></xsl:when>
      <xsl:when test="$page = 'clauses'"><xsl:call-template name="clauses-content"/></xsl:when>
      <xsl:when test="$page = 'terms'"><xsl:call-template name="terms-content"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="problems-content"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ==== index.html ==== -->

  <xsl:template name="index-page">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="$site-name"/>
      <xsl:with-param name="current">index</xsl:with-param>
      <xsl:with-param name="class">index-page</xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="index-content">
    <header class="page-header">
      <h1><xsl:value-of select="$site-name"/></h1>
      <p class="lede">
        <xsl:choose>
          <xsl:when test="count(t:corpus/t:document) = 1">Un texte, transcrit fidèlement de son original.</xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="count(t:corpus/t:document)"/>
            <xsl:text> textes, transcrits fidèlement de leurs originaux.</xsl:text>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:text> Chaque renvoi mène à la clause qu’il cite, chaque terme défini à sa définition.</xsl:text>
        <xsl:if test="$pdf = 'true'">
          <xsl:text> Le corpus existe aussi </xsl:text><a href="pdf/corpus.pdf">en un seul PDF</a><xsl:text>.</xsl:text>
        </xsl:if>
      </p>
    </header>
    <ol class="texts">
      <xsl:for-each select="t:corpus/t:document">
        <xsl:variable name="c" select="t:meta/t:counts"/>
        <li class="text-card">
          <h2><a href="{@id}.html"><xsl:value-of select="t:meta/t:title"/></a></h2>
          <p class="text-version">
            <xsl:call-template name="version">
              <xsl:with-param name="meta" select="t:meta"/>
            </xsl:call-template>
            <xsl:if test="$pdf = 'true'">
              <xsl:text> · </xsl:text><a href="pdf/{@id}.pdf">PDF</a>
            </xsl:if>
          </p>
          <dl class="counts">
            <div><dt>Clauses</dt><dd><a href="clauses.html#{@id}"><xsl:value-of select="$c/@clauses"/></a></dd></div>
            <div><dt>Termes définis</dt><dd><a href="terms.html#{@id}"><xsl:value-of select="$c/@terms"/></a></dd></div>
            <div><dt>Renvois</dt><dd><xsl:value-of select="$c/@references"/></dd></div>
            <div>
              <xsl:if test="$c/@open &gt; 0"><xsl:attribute name="class">has-problems</xsl:attribute></xsl:if>
              <dt>Problèmes ouverts</dt>
              <dd><a href="problems.html#{@id}"><xsl:value-of select="$c/@open"/></a></dd>
            </div>
          </dl>
        </li>
      </xsl:for-each>
    </ol>
    <xsl:if test="t:corpus/t:diagnostics/t:diagnostic">
      <p class="notice"><a href="problems.html#corpus">Des problèmes concernent l’ensemble du corpus.</a></p>
    </xsl:if>
  </xsl:template>

  <!-- The heading of a text's part on a corpus page, with a link to the text. -->
  <xsl:template name="text-heading">
    <xsl:param name="entry"/>
    <h2>
      <a href="{$entry/@id}.html"><xsl:value-of select="$entry/t:meta/t:title"/></a>
    </h2>
  </xsl:template>

  <!-- ==== clauses.html ==== -->

  <xsl:template name="clauses-page">
    <xsl:call-template name="page">
      <xsl:with-param name="title">Toutes les clauses</xsl:with-param>
      <xsl:with-param name="current">clauses</xsl:with-param>
      <xsl:with-param name="class">list-page</xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="clauses-content">
    <header class="page-header">
      <h1>Toutes les clauses</h1>
      <p class="lede">Chaque clause de chaque texte, avec le nombre de renvois qui la citent.</p>
    </header>
    <xsl:for-each select="t:corpus/t:document">
      <section class="corpus-part" id="{@id}">
        <xsl:call-template name="text-heading"><xsl:with-param name="entry" select="."/></xsl:call-template>
        <xsl:apply-templates select="." mode="clause-table"/>
      </section>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="t:document" mode="clause-table">
    <xsl:variable name="clauses" select="t:clauses/descendant::*[self::t:article or self::t:annex or self::t:section]"/>
    <xsl:choose>
      <xsl:when test="$clauses">
        <table class="clause-table">
          <thead>
            <tr><th scope="col">Clause</th><th scope="col">Intitulé</th><th scope="col" class="n">Citée</th></tr>
          </thead>
          <tbody>
            <xsl:apply-templates select="$clauses" mode="clause-row"/>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p>Ce texte n’a pas de clause numérotée.</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*" mode="clause-row">
    <xsl:variable name="page" select="concat(ancestor::t:document/@id, '.html#', @eId)"/>
    <tr class="depth-{@depth}">
      <th scope="row">
        <a href="{$page}">
          <xsl:choose>
            <xsl:when test="self::t:annex">Annexe <xsl:value-of select="@number"/></xsl:when>
            <xsl:when test="@number"><xsl:value-of select="@number"/></xsl:when>
            <xsl:otherwise>§</xsl:otherwise>
          </xsl:choose>
        </a>
      </th>
      <td>
        <xsl:choose>
          <xsl:when test="t:heading"><xsl:value-of select="t:heading"/></xsl:when>
          <xsl:otherwise>
            <span class="excerpt">
              <xsl:call-template name="opening-words">
                <xsl:with-param name="n" select="90"/>
              </xsl:call-template>
            </span>
          </xsl:otherwise>
        </xsl:choose>
      </td>
      <td class="n">
        <xsl:choose>
          <xsl:when test="@cited &gt; 0"><xsl:value-of select="@cited"/></xsl:when>
          <xsl:otherwise><span class="zero">0</span></xsl:otherwise>
        </xsl:choose>
      </td>
    </tr>
  </xsl:template>

  <!-- ==== terms.html ==== -->

  <xsl:template name="terms-page">
    <xsl:call-template name="page">
      <xsl:with-param name="title">Tous les termes définis</xsl:with-param>
      <xsl:with-param name="current">terms</xsl:with-param>
      <xsl:with-param name="class">list-page</xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="terms-content">
    <header class="page-header">
      <h1>Tous les termes définis</h1>
      <p class="lede">Chaque terme défini, sa définition telle que le texte la donne, et les
        clauses qui l’emploient.</p>
    </header>
    <xsl:for-each select="t:corpus/t:document">
      <section class="corpus-part" id="{@id}">
        <xsl:call-template name="text-heading"><xsl:with-param name="entry" select="."/></xsl:call-template>
        <xsl:apply-templates select="." mode="term-list"/>
      </section>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="t:document" mode="term-list">
    <xsl:choose>
      <xsl:when test="t:terms/t:term">
        <dl class="glossary">
          <xsl:apply-templates select="t:terms/t:term" mode="term-entry"/>
        </dl>
      </xsl:when>
      <xsl:otherwise><p>Ce texte ne définit aucun terme.</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="t:term" mode="term-entry">
    <xsl:variable name="doc" select="ancestor::t:document/@id"/>
    <div class="entry">
      <dt>
        <a href="{$doc}.html#{@anchor | @eId[not(../@anchor)]}"><xsl:value-of select="@name"/></a>
      </dt>
      <dd><xsl:call-template name="definition"/></dd>
      <dd class="entry-meta">
        <xsl:choose>
          <xsl:when test="@pronoun = 'true'">Pronom&#160;: emplois non relevés.</xsl:when>
          <xsl:when test="not(t:use)">Jamais employé.</xsl:when>
          <xsl:otherwise>
            <xsl:text>Employé </xsl:text>
            <xsl:value-of select="@uses"/>
            <xsl:text> fois&#160;: </xsl:text>
            <xsl:for-each select="t:use">
              <xsl:if test="position() &gt; 1">, </xsl:if>
              <xsl:choose>
                <xsl:when test="@clause">
                  <a href="{$doc}.html#{@clause}">
                    <xsl:value-of select="key('text-clause', concat($doc, ' ', @clause))/@name"/>
                  </a>
                </xsl:when>
                <xsl:otherwise><a href="{$doc}.html#texte">préambule</a></xsl:otherwise>
              </xsl:choose>
              <xsl:if test="@count &gt; 1"> (<xsl:value-of select="@count"/>)</xsl:if>
            </xsl:for-each>
          </xsl:otherwise>
        </xsl:choose>
      </dd>
    </div>
  </xsl:template>

  <!-- ==== problems.html ==== -->

  <xsl:template name="problems-page">
    <xsl:call-template name="page">
      <xsl:with-param name="title">Problèmes relevés</xsl:with-param>
      <xsl:with-param name="current">problems</xsl:with-param>
      <xsl:with-param name="class">list-page</xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="problems-content">
    <header class="page-header">
      <h1>Problèmes relevés</h1>
      <p class="lede">Tout ce que termc a relevé dans les textes&#160;: les problèmes ouverts, puis
        les défauts des originaux que les sources reconnaissent, avec leur raison.</p>
    </header>
    <xsl:for-each select="t:corpus/t:document">
      <section class="corpus-part" id="{@id}">
        <xsl:call-template name="text-heading"><xsl:with-param name="entry" select="."/></xsl:call-template>
        <xsl:apply-templates select="t:diagnostics" mode="problems"/>
      </section>
    </xsl:for-each>
    <xsl:if test="t:corpus/t:diagnostics/t:diagnostic">
      <section class="corpus-part" id="corpus">
        <h2>Ensemble du corpus</h2>
        <xsl:apply-templates select="t:corpus/t:diagnostics" mode="problems"/>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template match="t:diagnostics" mode="problems">
    <xsl:variable name="open" select="t:diagnostic[@acknowledged = 'false']"/>
    <xsl:variable name="known" select="t:diagnostic[@acknowledged = 'true']"/>
    <xsl:if test="not(t:diagnostic)"><p>Aucun problème relevé.</p></xsl:if>
    <xsl:if test="$open">
      <h3>
        <xsl:call-template name="count">
          <xsl:with-param name="n" select="count($open)"/>
          <xsl:with-param name="one">problème ouvert</xsl:with-param>
          <xsl:with-param name="many">problèmes ouverts</xsl:with-param>
        </xsl:call-template>
      </h3>
      <ul class="problems"><xsl:apply-templates select="$open" mode="problems"/></ul>
    </xsl:if>
    <xsl:if test="$known">
      <h3>
        <xsl:call-template name="count">
          <xsl:with-param name="n" select="count($known)"/>
          <xsl:with-param name="one">défaut reconnu</xsl:with-param>
          <xsl:with-param name="many">défauts reconnus</xsl:with-param>
        </xsl:call-template>
      </h3>
      <ul class="problems"><xsl:apply-templates select="$known" mode="problems"/></ul>
    </xsl:if>
  </xsl:template>

  <xsl:template match="t:diagnostic" mode="problems">
    <xsl:variable name="doc" select="ancestor::t:document/@id"/>
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="@acknowledged = 'true'">known</xsl:when>
        <xsl:otherwise><xsl:value-of select="@severity"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <li class="problem problem-{$kind}">
      <p class="problem-head">
        <span class="badge"><xsl:call-template name="severity-name"/></span>
        <xsl:text> </xsl:text>
        <span class="problem-place">
          <xsl:if test="@line">
            <xsl:text>ligne </xsl:text><xsl:value-of select="@line"/>
            <xsl:if test="@column &gt; 0">, col. <xsl:value-of select="@column"/></xsl:if>
          </xsl:if>
          <xsl:if test="not($doc) and @file"><code><xsl:value-of select="@file"/></code></xsl:if>
          <xsl:if test="$doc and (@ref or @clause)">
            <xsl:text> · </xsl:text>
            <a href="{$doc}.html#{@ref | @clause[not(../@ref)]}">
              <xsl:text>voir </xsl:text>
              <xsl:choose>
                <xsl:when test="@clause">
                  <xsl:call-template name="clause-the">
                    <xsl:with-param name="c" select="key('text-clause', concat($doc, ' ', @clause))"/>
                  </xsl:call-template>
                </xsl:when>
                <xsl:otherwise>le passage</xsl:otherwise>
              </xsl:choose>
            </a>
          </xsl:if>
        </span>
        <xsl:text> </xsl:text>
        <code class="code"><xsl:value-of select="@code"/></code>
      </p>
      <p class="problem-message"><xsl:value-of select="t:message"/></p>
      <xsl:if test="t:reason">
        <p class="problem-reason"><span class="label">Raison&#160;:</span><xsl:text> </xsl:text><xsl:value-of select="t:reason"/></p>
      </xsl:if>
    </li>
  </xsl:template>

</xsl:stylesheet>
