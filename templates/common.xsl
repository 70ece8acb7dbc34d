<?xml version="1.0" encoding="UTF-8"?>
<!--
  common.xsl — what every page shares: the page frame (banner, site
  navigation, skip link, footer), the keys into a text's XML, and the small
  helpers that name a clause or a count in French.

  The frame is one named template, "page", that takes the page's title and
  its place in the navigation, and applies the "content" mode to the page's
  node: a text (document.xsl) or the corpus (corpus.xsl).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:t="urn:termc:xml:1"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="t str">

  <!-- Whitespace between the children of these elements is layout, not text
       (the others hold running text, where a space is a space). -->
  <xsl:strip-space elements="t:corpus t:document t:meta t:preface t:body t:article t:annex
                             t:section t:list t:item t:quote t:references t:reference
                             t:citations t:instrument t:cited t:terms t:term t:diagnostics
                             t:diagnostic t:clauses"/>

  <!-- Keys work within the document of the node they are called from: on a
       text's page, the text's XML (the corpus pages use corpus.xsl's
       text-clause, as clause IDs repeat from one text to the next). -->
  <xsl:key name="clause" match="t:article | t:annex | t:section" use="@eId"/>
  <xsl:key name="term" match="t:term" use="@eId"/>
  <xsl:key name="reference" match="t:reference" use="@eId"/>

  <!-- Strings, not result tree fragments: libxslt would convert those on
       every use. -->
  <xsl:variable name="site-name" select="'Corpus contractuel'"/>

  <!-- The frame of every page.  current: index, clauses, terms, problems, or
       empty for a text's page; class: the body's, for page-specific layout.
       The content is the context node's, in mode "content" (with current as
       the parameter page): applied in place rather than passed as a result
       tree fragment, which libxslt would copy node by node. -->
  <xsl:template name="page">
    <xsl:param name="title"/>
    <xsl:param name="current"/>
    <xsl:param name="class"/>
    <html lang="fr">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:value-of select="$title"/>
          <xsl:if test="$current != 'index'"> — <xsl:value-of select="$site-name"/></xsl:if>
        </title>
        <link rel="stylesheet" href="site.css"/>
      </head>
      <body class="{$class}">
        <a class="skip" href="#contenu">Aller au contenu</a>
        <header class="banner">
          <div class="banner-inner">
            <a class="brand" href="index.html"><xsl:value-of select="$site-name"/></a>
            <nav class="site-nav" aria-label="Pages du corpus">
              <ul>
                <xsl:call-template name="nav-item">
                  <xsl:with-param name="href">index.html</xsl:with-param>
                  <xsl:with-param name="label">Textes</xsl:with-param>
                  <xsl:with-param name="here" select="$current = 'index'"/>
                </xsl:call-template>
                <xsl:call-template name="nav-item">
                  <xsl:with-param name="href">clauses.html</xsl:with-param>
                  <xsl:with-param name="label">Clauses</xsl:with-param>
                  <xsl:with-param name="here" select="$current = 'clauses'"/>
                </xsl:call-template>
                <xsl:call-template name="nav-item">
                  <xsl:with-param name="href">terms.html</xsl:with-param>
                  <xsl:with-param name="label">Termes définis</xsl:with-param>
                  <xsl:with-param name="here" select="$current = 'terms'"/>
                </xsl:call-template>
                <xsl:call-template name="nav-item">
                  <xsl:with-param name="href">problems.html</xsl:with-param>
                  <xsl:with-param name="label">Problèmes</xsl:with-param>
                  <xsl:with-param name="here" select="$current = 'problems'"/>
                </xsl:call-template>
              </ul>
            </nav>
          </div>
        </header>
        <main id="contenu" tabindex="-1">
          <xsl:apply-templates select="." mode="content">
            <xsl:with-param name="page" select="$current"/>
          </xsl:apply-templates>
        </main>
        <footer class="colophon">
          <p>Produit par <xsl:value-of select="/t:corpus/@generator | /t:document/@generator"/>
            à partir des sources Markdown annotées. Chaque texte existe aussi en XML
            (<code>xml/</code>), format décrit dans <code>docs/xml.md</code>.</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="nav-item">
    <xsl:param name="href"/>
    <xsl:param name="label"/>
    <xsl:param name="here"/>
    <li>
      <a href="{$href}">
        <xsl:if test="$here"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
        <xsl:value-of select="$label"/>
      </a>
    </li>
  </xsl:template>

  <!-- How the text names a clause: « article 4 », « clause 10.2 », « annexe II »,
       « point 3 de l’annexe A », or an unnumbered section's title.  termc
       gives it as the clause's name (a sub-clause without a keyword takes
       its nearest ancestor's: ALLMYCMS's item 8 of ARTICLE 3 is « article
       3.8 »). -->
  <xsl:template name="clause-name">
    <xsl:param name="c" select="."/>
    <xsl:value-of select="$c/@name"/>
  </xsl:template>

  <!-- A clause with its article: « l’article 4 », « la clause 10.2 », « le
       point 3 de l’annexe A », « la section « … » ». -->
  <xsl:template name="clause-the">
    <xsl:param name="c" select="."/>
    <xsl:variable name="name" select="string($c/@name)"/>
    <xsl:choose>
      <xsl:when test="not($c)">le préambule</xsl:when>
      <xsl:when test="$c/self::t:section">la section <xsl:value-of select="$name"/></xsl:when>
      <xsl:when test="contains('aeiouéè', substring($name, 1, 1))">
        <xsl:text>l’</xsl:text><xsl:value-of select="$name"/>
      </xsl:when>
      <xsl:when test="starts-with($name, 'chapitre') or starts-with($name, 'titre') or starts-with($name, 'paragraphe') or starts-with($name, 'point')">
        <xsl:text>le </xsl:text><xsl:value-of select="$name"/>
      </xsl:when>
      <xsl:otherwise><xsl:text>la </xsl:text><xsl:value-of select="$name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Where something stands, as a French complement: « à l’article 4 »,
       « au point 3 de l’annexe A », « dans la section « … » » (the article of
       clause-the, contracted). -->
  <xsl:template name="clause-where">
    <xsl:param name="c" select="."/>
    <xsl:variable name="name" select="string($c/@name)"/>
    <xsl:choose>
      <xsl:when test="not($c)">au préambule</xsl:when>
      <xsl:when test="$c/self::t:section">dans la section <xsl:value-of select="$name"/></xsl:when>
      <xsl:when test="contains('aeiouéè', substring($name, 1, 1))">
        <xsl:text>à l’</xsl:text><xsl:value-of select="$name"/>
      </xsl:when>
      <xsl:when test="starts-with($name, 'chapitre') or starts-with($name, 'titre') or starts-with($name, 'paragraphe') or starts-with($name, 'point')">
        <xsl:text>au </xsl:text><xsl:value-of select="$name"/>
      </xsl:when>
      <xsl:when test="starts-with($name, 'section')">
        <xsl:text>dans la </xsl:text><xsl:value-of select="$name"/>
      </xsl:when>
      <xsl:otherwise><xsl:text>à la </xsl:text><xsl:value-of select="$name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A term's definition as termc found it: the sentence that defines it. -->
  <xsl:template name="definition">
    <xsl:param name="term" select="."/>
    <xsl:value-of select="normalize-space($term/t:definition)"/>
  </xsl:template>

  <!-- The words of a clause's opening paragraph after its number (« 2.1. Le
       Prestataire… » gives « Le Prestataire… »), at most n characters cut as
       excerpt cuts: what stands for a title when the clause has none.  termc
       gives them, normalized, as the clause's lead; a clause opened by a
       heading has none (« Annexe A » says no more than its number). -->
  <xsl:template name="opening-words">
    <xsl:param name="c" select="."/>
    <xsl:param name="n" select="60"/>
    <xsl:variable name="s" select="string($c/t:lead)"/>
    <xsl:choose>
      <xsl:when test="string-length($s) &lt;= $n"><xsl:value-of select="$s"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="p" select="substring($s, 1, $n)"/>
        <xsl:variable name="cut" select="substring($p, 1, string-length($p) - 1
            - string-length(str:tokenize($p, ' ')[last()][substring($p, string-length($p)) != ' ']))"/>
        <xsl:choose>
          <xsl:when test="contains($p, ' ') and string-length($cut) &gt; $n div 2">
            <xsl:value-of select="$cut"/>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="$p"/></xsl:otherwise>
        </xsl:choose>
        <xsl:text>…</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- « 1 clause », « 12 clauses ». -->
  <xsl:template name="count">
    <xsl:param name="n"/>
    <xsl:param name="one"/>
    <xsl:param name="many"/>
    <xsl:value-of select="$n"/>
    <xsl:text> </xsl:text>
    <xsl:choose>
      <xsl:when test="$n &lt; 2"><xsl:value-of select="$one"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$many"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- « Version du 24 février 2025 », or that the text gives no date. -->
  <xsl:template name="version">
    <xsl:param name="meta"/>
    <xsl:choose>
      <xsl:when test="$meta/t:date">
        <xsl:text>Version du </xsl:text>
        <time datetime="{$meta/t:date/@iso}"><xsl:value-of select="$meta/t:date"/></time>
      </xsl:when>
      <xsl:otherwise>Version non datée</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- At most n characters of a text, spaces normalized, cut at its last
       space (if that keeps more than half of them), with an ellipsis.  termc
       gives the excerpts the pages need, cut this way at 320 characters (a
       term's t:excerpt, a clause's t:lead); this cuts them, or
       t:definition, shorter. -->
  <xsl:template name="excerpt">
    <xsl:param name="text"/>
    <xsl:param name="n" select="160"/>
    <xsl:variable name="s" select="normalize-space($text)"/>
    <xsl:choose>
      <xsl:when test="string-length($s) &lt;= $n"><xsl:value-of select="$s"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="p" select="substring($s, 1, $n)"/>
        <!-- p up to its last space (none: empty) -->
        <xsl:variable name="cut" select="substring($p, 1, string-length($p) - 1
            - string-length(str:tokenize($p, ' ')[last()][substring($p, string-length($p)) != ' ']))"/>
        <xsl:choose>
          <xsl:when test="contains($p, ' ') and string-length($cut) &gt; $n div 2">
            <xsl:value-of select="$cut"/>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="$p"/></xsl:otherwise>
        </xsl:choose>
        <xsl:text>…</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The French name of a severity, or « défaut reconnu ». -->
  <xsl:template name="severity-name">
    <xsl:param name="d" select="."/>
    <xsl:choose>
      <xsl:when test="$d/@acknowledged = 'true'">Défaut reconnu</xsl:when>
      <xsl:when test="$d/@severity = 'error'">Erreur</xsl:when>
      <xsl:when test="$d/@severity = 'warning'">Avertissement</xsl:when>
      <xsl:otherwise>Note</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
