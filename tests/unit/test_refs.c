/*
 * test_refs.c — the reference recognizer, phrasing by phrasing
 * (docs/markup.md §5).
 *
 * Most checks are table rows: a phrasing, taken from the five texts of
 * sources/ or invented, and what a reader expects of it, written as a short
 * dump of every match (see dump_match).  Adding a phrasing is adding a line.
 * Inputs are Markdown-like: [text](url) makes a link span and `code` a code
 * span, as flat.c would.  Every row is also checked for the invariants any
 * caller relies on, and re-scanned cut at every length, without a final NUL,
 * so that ASan and valgrind see any read past the text.
 */
#include "marked.h"
#include "unit.h"

#include <stdlib.h>

/* ---- Helpers ------------------------------------------------------------- */

/* A FlatText from Markdown-like input (tests/support/marked.c). */
static FlatText *flat_md(Arena *a, const char *md) {
  return flat_from_marked(a, md, strlen(md));
}

/* Splits "A|B|C" into a NULL-terminated array of self names. */
static int split_self(Arena *a, const char *list, const char **out, int max) {
  int n = 0;
  while (list && *list && n < max) {
    const char *bar = strchr(list, '|');
    size_t len = bar ? (size_t)(bar - list) : strlen(list);
    out[n++] = arena_strndup(a, list, len);
    list = bar ? bar + 1 : NULL;
  }
  out[n] = NULL;
  return n;
}

/* NUMBER 4 · RANGE 8..11 · FOLLOWING 38+ · TITLE «t» or 12«t» · SUBJECT ~words
 * · RELATIVE . */
static void dump_item(Buf *b, const RefItem *it) {
  switch (it->kind) {
  case ITEM_NUMBER: buf_puts(b, it->number); break;
  case ITEM_RANGE: buf_printf(b, "%s..%s", it->number, it->last); break;
  case ITEM_FOLLOWING: buf_printf(b, "%s+", it->number); break;
  case ITEM_TITLE: buf_printf(b, "%s«%s»", it->number ? it->number : "", it->title); break;
  case ITEM_SUBJECT: buf_printf(b, "~%s", it->title); break;
  case ITEM_RELATIVE: buf_puts(b, "."); break;
  }
}

/* "*" if demonstrative, the unit, [items], " <" (before) or " >" (after),
 * then " self(span)", " other(name)" or " link(name|url)". */
static void dump_match(Buf *b, const FlatText *ft, const RefMatch *m) {
  if (m->demonstrative)
    buf_putc(b, '*');
  buf_printf(b, "%s[", ref_unit_name(m->unit));
  for (int k = 0; k < m->nitems; k++) {
    if (k)
      buf_putc(b, ',');
    dump_item(b, &m->items[k]);
  }
  buf_putc(b, ']');
  if (m->annex)
    buf_printf(b, " in(annexe %s)", m->annex);
  if (m->direction != DIR_NONE)
    buf_puts(b, m->direction == DIR_BEFORE ? " <" : " >");
  switch (m->instr) {
  case INSTR_NONE: break;
  case INSTR_SELF: buf_printf(b, " self(%.*s)", (int)m->instr_len, ft->text + m->instr_off); break;
  case INSTR_OTHER: buf_printf(b, " other(%s)", m->instrument); break;
  case INSTR_LINK: buf_printf(b, " link(%s|%s)", m->instrument, m->url ? m->url : ""); break;
  }
}

static char *dump_all(Arena *a, const FlatText *ft, const RefMatch *ms, int n) {
  Buf b = {0};
  for (int i = 0; i < n; i++) {
    if (i)
      buf_puts(&b, " ; ");
    dump_match(&b, ft, &ms[i]);
  }
  char *s = arena_strdup(a, buf_cstr(&b));
  buf_free(&b);
  return s;
}

/* What every caller relies on: matches in text order, inside the text, each
 * with items inside its phrase and the fields its kind needs. */
static void check_invariants(const char *input, const FlatText *ft, const RefMatch *ms, int n) {
  size_t consumed = 0;
  for (int i = 0; i < n; i++) {
    const RefMatch *m = &ms[i];
    ck_assert_msg(m->len > 0 && m->off >= consumed && m->off + m->len <= ft->len,
                  "%s: match %d lies outside the text or overlaps the previous one", input, i);
    ck_assert_msg(m->nitems > 0, "%s: match %d has no item", input, i);
    for (int k = 0; k < m->nitems; k++) {
      const RefItem *it = &m->items[k];
      ck_assert_msg(it->len > 0 && it->off >= m->off && it->off + it->len <= m->off + m->len,
                    "%s: item %d.%d lies outside its phrase", input, i, k);
      if (it->kind == ITEM_NUMBER || it->kind == ITEM_RANGE || it->kind == ITEM_FOLLOWING)
        ck_assert_msg(it->number && *it->number, "%s: item %d.%d has no number", input, i, k);
      if (it->kind == ITEM_RANGE)
        ck_assert_msg(it->last && *it->last, "%s: range %d.%d has no end", input, i, k);
      if (it->kind == ITEM_TITLE || it->kind == ITEM_SUBJECT)
        ck_assert_msg(it->title && *it->title, "%s: item %d.%d has no title", input, i, k);
    }
    ck_assert_msg(m->instr_off + m->instr_len <= ft->len, "%s: instrument outside the text", input);
    if (m->instr == INSTR_OTHER || m->instr == INSTR_LINK)
      ck_assert_msg(m->instrument && *m->instrument, "%s: match %d has no instrument name", input,
                    i);
    if (m->instr == INSTR_OTHER)
      ck_assert_msg(strlen(m->instrument) == m->instr_len &&
                        memcmp(m->instrument, ft->text + m->instr_off, m->instr_len) == 0,
                    "%s: the instrument's name is not its span", input);
    consumed = m->off + m->len;
    if (m->instr_len && m->instr != INSTR_LINK) {
      ck_assert_msg(m->instr_off >= consumed, "%s: instrument before its phrase", input);
      consumed = m->instr_off + m->instr_len;
    }
  }
}

/* Scans input, checks the invariants and returns the dump. */
static char *scan(Arena *a, const char *input, const char *self, RefMatch **ms, int *n,
                  FlatText **ftp) {
  const char *names[16];
  int nself = split_self(a, self, names, 15);
  FlatText *ft = flat_md(a, input);
  *n = refs_scan(a, ft, names, nself, ms);
  check_invariants(input, ft, *ms, *n);
  if (ftp)
    *ftp = ft;
  return dump_all(a, ft, *ms, *n);
}

/* ---- The phrasings --------------------------------------------------------- */

typedef struct Case {
  const char *input;  /* Markdown-like text */
  const char *expect; /* every match dumped, « ; » between them; "" for none */
} Case;

typedef struct SelfCase {
  const char *self; /* the document's self: names, « | » between them */
  const char *input;
  const char *expect;
} SelfCase;

static const Case cases[] = {
    /* The examples. */
    {"clause 10.2", "clause[10.2]"},
    {"l’article 4 des présentes CGU", "article[4] self(présentes CGU)"},
    {"clauses 8 à 11", "clause[8..11]"},
    {"clauses 2.2, 2.7, 3.6, 4", "clause[2.2,2.7,3.6,4]"},
    {"l’article « Localisation et Transferts de données »",
     "article[«Localisation et Transferts de données»]"},
    {"article 46 du RGPD RU", "article[46] other(RGPD RU)"},
    {"article 1 des conditions particulières", "article[1] other(conditions particulières)"},
    {"clause 10.2 de [Conditions d'utilisation de TikTok Shop dans "
     "l’UE](https://seller-fr.tiktok.com/x)",
     "clause[10.2] link(Conditions d'utilisation de TikTok Shop dans "
     "l’UE|https://seller-fr.tiktok.com/x)"},
    {"L’ARTICLE 42 DU CODE DE PROCEDURE CIVILE", "article[42] other(CODE DE PROCEDURE CIVILE)"},
    {"l’article 30.2. du Règlement", "article[30.2] other(Règlement)"},
    {"articles L221-18 et suivants du Code de la consommation",
     "article[L221-18+] other(Code de la consommation)"},
    {"la présente section", "*section[.]"},
    {"du présent article", "*article[.]"},
    {"l’article 5 précité", "article[5] <"},
    {"30 jours", ""},
    {"Loi n°2004-801", ""},
    {"ISO27001", ""},
    {"article 6 paragraphe 1 a) GDPR", "article[6] other(GDPR)"},
    /* The examples of markup.md §5. */
    {"conformément à l’article 1218 du Code civil", "article[1218] other(Code civil)"},
    {"de l’article 29 de la Directive 95/46/CE", "article[29] other(Directive 95/46/CE)"},
    {"l’article 12 – « Clause limitative de responsabilité »",
     "article[12«Clause limitative de responsabilité»]"},
    {"articles 5 à 7 inclus", "article[5..7]"},
    {"articles 1 et 2", "article[1,2]"},
    {"articles 8 ou 9", "article[8,9]"},
    {"articles 38 et suivants", "article[38+]"},
    {"la présente clause", "*clause[.]"},
    {"article 5 €", ""},
    {"points (a), (c) et (d)", ""},
    {"l’Annexe 1 de la réglementation de 2019", "annexe[1] other(réglementation de 2019)"},
    {"l’Annexe II jointe aux présentes", "annexe[II] self(présentes)"},
    /* ALLMYCMS (sources/allmycms.md). */
    {"le Client peut contacter le Support ALLMYCMS dans les conditions prévues à l’article "
     "« Support ALLMYCMS » ci-dessous.",
     "article[«Support ALLMYCMS»] >"},
    {"Sous réserve des conditions prévues à l’article « Localisation et Transferts de données » "
     "ci-dessous, ALLMYCMS est autorisée",
     "article[«Localisation et Transferts de données»] >"},
    {"telles que prévues au paragraphe 3.5 « Contenus » ci-dessus.", "paragraphe[3.5«Contenus»] <"},
    {"au sens de l'article 6 de la Loi pour la Confiance dans l’Economie Numérique (« LCEN ») ou",
     "article[6] other(Loi pour la Confiance dans l’Economie Numérique)"},
    {"dans les hypothèses décrites aux points (a), (c) et (d) ci-dessus, ainsi qu’en cas", ""},
    {"dans les conditions prévues à l’article « Responsabilité » ci-dessous dans l’hypothèse où",
     "article[«Responsabilité»] >"},
    {"dans les conditions prévues à l’article « Résiliation pour manquement » ci-après et de",
     "article[«Résiliation pour manquement»] >"},
    {"Sous réserve de l’article « Conditions spécifiques aux Consommateurs », en cas d’évolution",
     "article[«Conditions spécifiques aux Consommateurs»]"},
    {"sous réserve des stipulations de l’article « Confidentialité » ci-dessous, ALLMYCMS",
     "article[«Confidentialité»] >"},
    {"des données visées à l’article 8.3 « Traitements ALLMYCMS » ci-dessous, et des données",
     "article[8.3«Traitements ALLMYCMS»] >"},
    {"Sous réserve des autres niveaux de Support disponibles visés au point 4.4 ci-dessous, le",
     "point[4.4] >"},
    {"et des autres niveaux de Support visés au point 4.4 ci-après, ALLMYCMS ne donne",
     "point[4.4] >"},
    {"dans les conditions prévues aux articles « Sous-traitance » et « Traitement des données à "
     "caractère personnel ».",
     "article[«Sous-traitance»,«Traitement des données à caractère personnel»]"},
    {"dans les conditions prévues à l’article 3 des présentes conditions générales (notamment",
     "article[3] self(présentes conditions générales)"},
    {"notification d'un tiers au sens de l'article 6 de la lcen ou équivalent) ;", "article[6]"},
    {"aucune stipulation ne pouvant être interprétée comme créant des tiers bénéficiaires du "
     "présent Contrat.",
     ""},
    {"telle que définie par l’article 1218 du Code Civil. Toutefois, pour pouvoir se prévaloir "
     "de la présente disposition,",
     "article[1218] other(Code Civil)"},
    {"Sauf stipulation contraire, les prix sont en euros.", ""},
    {"un changement de prix au sens de l’article 6.2 ci-dessous. Sauf tarification",
     "article[6.2] >"},
    {"au sens de l’article 1195 du Code civil. Dans ce cas, il est fait application des "
     "dispositions dudit article.",
     "article[1195] other(Code civil)"},
    {"La nullité d'une des clauses du Contrat souscrit auprès d’ALLMYCMS", ""},
    {"Les intitulés des articles des conditions contractuelles ont pour seul but", ""},
    {"n'entrent pas dans le champ d'application du présent article, et sont autorisées",
     "*article[.]"},
    {"l'une des opérations mentionnées aux points (a) et (b) ci-dessus, elle en informe", ""},
    {"Par dérogation aux dispositions des articles 640 et suivants du Code de procédure civile, "
     "et sous réserve de stipulations différentes du présent Contrat, les délais",
     "article[640+] other(Code de procédure civile)"},
    {"Les stipulations ci-dessous s’appliquent uniquement aux Clients ayant la qualité de "
     "Consommateur au sens de l’article liminaire du Code de la consommation.",
     ""},
    {"sous réserve des stipulations auxquelles l’article 12.2 ci-dessous déroge expressément.",
     "article[12.2] >"},
    {"Conformément aux articles L221-18 et suivants du Code de la consommation, et notamment aux "
     "articles L221-28 1° et L221-28 3 :",
     "article[L221-18+] other(Code de la consommation) ; article[L221-28,L221-28]"},
    {"dans les cas prévus à l’article L221-28 du Code de la Consommation, notamment pour les",
     "article[L221-28] other(Code de la Consommation)"},
    {"Conformément à l'article L224-39 du Code de la consommation, toute demande de résiliation",
     "article[L224-39] other(Code de la consommation)"},
    {"(Déroge à l’article 3.8) Evolution des Services.", "article[3.8]"},
    {"Conformément à l’article L121-21 du Code de la consommation, l’indemnité forfaitaire pour "
     "frais de recouvrement de quarante (40) euros",
     "article[L121-21] other(Code de la consommation)"},
    {"telle que prévue à l’article 6.5 ci-dessus, n’est pas applicable", "article[6.5] <"},
    {"en vertu de l’article L111-8 du Code des procédures civiles d’exécution, les Client",
     "article[L111-8] other(Code des procédures civiles d’exécution)"},
    {"(Déroge à l’article 10.4) Documents Contractuels.", "article[10.4]"},
    {"Conformément à l’article L224-33 du Code de la consommation, le Client peut résilier",
     "article[L224-33] other(Code de la consommation)"},
    {"COMPETENCE EXPRESSE EST ATTRIBUEE AU TRIBUNAL DU LIEU DE RESIDENCE DU DEFENDEUR, "
     "CONFORMEMENT A L’ARTICLE 42 DU CODE DE PROCEDURE CIVILE, OU, AU CHOIX DE CE DERNIER",
     "article[42] other(CODE DE PROCEDURE CIVILE)"},
    {"CONFORMEMENT A L’ARTICLE 1195 DU CODE CIVIL LE CLIENT PEUT",
     "article[1195] other(CODE CIVIL)"},
    {"CONFORMEMENT A L’ARTICLE 46 DU CODE DE PROCEDURE CIVILE.",
     "article[46] other(CODE DE PROCEDURE CIVILE)"},
    {"Groupe de l’article 29 de la Directive 95/46/CE pour être réputées apporter",
     "article[29] other(Directive 95/46/CE)"},
    {"Le présent paragraphe ne remet pas en cause le droit", "*paragraphe[.]"},
    {"fournisseurs réseau, gestionnaires de points de raccordement réseau", ""},
    {"Signature d’un contrat conforme aux clauses contractuelles types adoptées par la Commission",
     ""},
    {"(Déroge à l’article 6.5) Défaut et retard de paiement.", "article[6.5]"},
    {"Sous réserve de l’article « Conditions spécifiques aux Consommateurs », lorsque de "
     "nouvelles Conditions de Service sont défavorables",
     "article[«Conditions spécifiques aux Consommateurs»]"},
    {"sous réserve de stipulations différentes du présent Contrat", ""},
    {"Les stipulations ci-dessous viennent compléter les Conditions Générales de Service", ""},
    {"la responsabilité d’ALLMYCMS dans les conditions prévues à l’article « Responsabilité » "
     "ci-dessous, si cette situation résulte",
     "article[«Responsabilité»] >"},
    {"Sous réserve du droit de rétractation prévu à l’article « Conditions spécifiques aux "
     "Consommateurs », les prix sont dus",
     "article[«Conditions spécifiques aux Consommateurs»]"},
    {"les autres stipulations des Conditions Générales de Services ALLMYCMS qui demeurent", ""},
    /* ChatConference (sources/chatconference.md). */
    {"calculé conformément à la section concernant les Frais et le Paiement des Redevances "
     "ci-dessus. Vous acceptez",
     "section[~les Frais et le Paiement des Redevances] <"},
    {"dans le cadre de l’article 4 des présentes CGU sera réputé constituer",
     "article[4] self(présentes CGU)"},
    {"des dispositions de l’article 4 des présentes CGU auquel vous n’avez pas remédié dans les "
     "trente (30) jours",
     "article[4] self(présentes CGU)"},
    {"A l’exception des droits et prérogatives prévus à l’article L122-6-1 du Code de la "
     "Propriété Intellectuelle, tous les droits",
     "article[L122-6-1] other(Code de la Propriété Intellectuelle)"},
    {"Sous réserve des dispositions de l’article L122-6-1 du Code de la Propriété "
     "Intellectuelle, vous vous interdisez",
     "article[L122-6-1] other(Code de la Propriété Intellectuelle)"},
    {"votre compte a été défaillant pendant au moins 30 jours.", ""},
    {"sans réserve, toute clause contraire étant réputée non-écrite.", ""},
    {"la facturation étant traitée aux articles 10 et 11.", "article[10,11]"},
    {"Article 2: Devis/ Passation de commande", "article[2]"},
    /* Cloudbizz (sources/cloudbizz.md); with its self: names, see self_cases. */
    {"tel que fixé à l’article 3 de la Convention.", "article[3] other(Convention)"},
    {"Pour l'application de cet article, il y a lieu d'entendre", "*article[.]"},
    {"une obligation de résultat limitée au SLA prévu à l’article 6", "article[6]"},
    {"toute intervention du service support en application du présent article 10 fera l’objet "
     "d’une facturation minimale de 95 EUR",
     "*article[10]"},
    {"Le défaut de souscription par le Client d’une assurance conforme au présent article "
     "entraînera la résolution",
     "*article[.]"},
    {"lors de l’effacement/destruction des données comme prévu à l’article 7.", "article[7]"},
    {"le respect des obligations prévues aux articles 32 à 36 du Règlement : Compte tenu",
     "article[32..36] other(Règlement)"},
    {"conforme à l’article 30.2. du Règlement, de toutes les catégories",
     "article[30.2] other(Règlement)"},
    {"dans les cas des transferts visés à l’article 49, paragraphe 1, deuxième alinéa du "
     "Règlement, les documents attestant",
     "article[49] other(Règlement)"},
    {"Les mesures techniques et organisationnelles sont décrites à l’Annexe 1 – Mesures "
     "techniques et organisationnelles.",
     "annexe[1]"},
    {"L’Annexe 1 définit respectivement les responsabilités du Prestataire", "annexe[1]"},
    {"respecte les conditions énoncées à l’article 28 du Règlement.",
     "article[28] other(Règlement)"},
    {"Sans préjudice de l’article 12 – « Clause limitative de responsabilité », les Parties",
     "article[12«Clause limitative de responsabilité»]"},
    {"La nullité d'une ou plusieurs clauses de la Convention ne pourra entraîner", ""},
    {"qui comprendra une clause spécifiant que le Prestataire sera averti", ""},
    {"Pour l’application de la présente convention et de ses annexes, les termes utilisés", ""},
    {"ou d’un autre point de contact auprès duquel des informations", ""},
    {"ARTICLE 12 - CLAUSE LIMITATIVE DE RESPONSABILITÉ", "article[12]"},
    {"ARTICLE 20 – NULLITÉ D'UNE CLAUSE", "article[20]"},
    {"Sauf stipulation contraire, toute notification sera valablement faite", ""},
    {"Le Règlement : Le Règlement (UE) n°2016/679 du Parlement européen", ""},
    /* TikTok (sources/tiktok.md). */
    {"accéder aux Services de Développeur de TikTok Shop et les utiliser (clause 2), et",
     "clause[2]"},
    {"restreindre, suspendre (clause 5) ou mettre fin (clause 7) à Votre accès",
     "clause[5] ; clause[7]"},
    {"l'accès à et l'utilisation des Services de Développement (clause 11.1) ; et", "clause[11.1]"},
    {"résoudre les litiges que Vous pourriez avoir avec TikTok conformément aux présentes "
     "Conditions d’utilisation par les Développeurs (clause 11.8).",
     "clause[11.8]"},
    {"(autre que la licence qui Vous est consentie au titre de la clause 2.1) sur les Droits",
     "clause[2.1]"},
    {"sur la base d'une telle recommandation, sous réserve de la clause 10.2, TikTok n'engage",
     "clause[10.2]"},
    {"les Normes minimales de sécurité énoncées à l'Annexe A des présentes Conditions "
     "d’utilisation par les Développeurs) ;",
     "annexe[A] self(présentes Conditions d’utilisation par les Développeurs)"},
    {"vous serez tenu de suivre la procédure d'approbation décrite à la clause 3.2.",
     "clause[3.2]"},
    {"Les clauses suivantes survivront à toute expiration ou résiliation des présentes Conditions "
     "d’utilisation par les Développeurs : clauses 2.2, 2.7, 3.6, 4, et clauses 8 à 11, ainsi que "
     "toute autre stipulation des Conditions d’utilisation par les Développeurs qui prévoit",
     "clause[2.2,2.7,3.6,4] ; clause[8..11]"},
    {"AUCUNE STIPULATION DES PRÉSENTES CONDITIONS NE LIMITE OU N'EXCLUT LA RESPONSABILITÉ", ""},
    {"SOUS RÉSERVE DE LA CLAUSE 10.2 LA RESPONSABILITÉ TOTALE MAXIMALE DE TIKTOK POUR",
     "clause[10.2]"},
    {"Toute tentative de cession en violation de cette clause est nulle et sans effet",
     "*clause[.]"},
    {"Le fait que nous n'appliquions pas une stipulation des présentes Conditions d’utilisation",
     ""},
    {"ANNEXE A – MESURES ET CONTRÔLES DE SÉCURITÉ MINIMAUX", "annexe[A]"},
    {"pour garantir le respect des stipulations contractuelles et maintenir", ""},
    /* Viber (sources/viber.md). */
    {"Aux fins de la présente section et des présentes Conditions commerciales, les définitions",
     "*section[.]"},
    {"« Annexes CCS » désigne l’Annexe I et l’Annexe II jointes aux présentes.",
     "annexe[I] ; annexe[II] self(présentes)"},
    {"en vertu de la section 3 de la loi sur le retrait de l’Union européenne de 2018 et tel "
     "qu’amendé par l’Annexe 1 de la réglementation de 2019 sur la protection des données",
     "section[3] other(loi) ; annexe[1] other(réglementation de 2019)"},
    {"les clauses standard sur la protection des données adoptées conformément à l’Article 46 du "
     "RGPD RU pour le transfert de Données personnelles",
     "article[46] other(RGPD RU)"},
    {"ou autorisées par ledit Article.", ""},
    {"le Module I des Clauses contractuelles standard s’applique, notamment les Annexes CCS.", ""},
    {"Annexe aux Clauses contractuelles standard mentionnées à la section 9 {#annexe-ccs}",
     "section[9]"},
    {"Cette Annexe II résume les mesures de sécurité techniques", "*annexe[II]"},
    {"NOTAMMENT, MAIS SANS S’Y LIMITER, LES CLAUSES RELATIVES AUX LOIS ET AUX JURIDICTIONS "
     "COMPÉTENTES, ET AUX SUJETS DIVERS.",
     ""},
    /* The ALLMYCMS original's privacy notice (seeds). */
    {"Selon l'article 17 du Règlement Européen sur la Protection des Données c'est votre droit",
     "article[17] other(Règlement Européen sur la Protection des Données)"},
    {"Conformément aux dispositions des articles 6-III et 19 de la Loi n° 2004-575 du 21 juin "
     "2004 pour la Confiance dans l'économie numérique",
     "article[6-III,19] other(Loi n° 2004-575 du 21 juin 2004 pour la Confiance)"},
    {"conformément aux dispositions des articles L.335-2 et suivants du Code de Propriété "
     "Intellectuelle.",
     "article[L.335-2+] other(Code de Propriété Intellectuelle)"},
    {"la loi n° 2004-801 du 6 août 2004, l'article L. 226-13 du Code pénal et la Directive "
     "Européenne du 24 octobre 1995.",
     "article[L.226-13] other(Code pénal)"},
    {"Conformément aux dispositions des articles 38 et suivants de la loi 78-17 du 6 janvier 1978 "
     "relative à l’informatique, aux fichiers",
     "article[38+] other(loi 78-17 du 6 janvier 1978)"},
    {"sur la base de nos intérêts légitimes conformément à l'article 6, paragraphe 1, point f) du "
     "RGPD.",
     "article[6] other(RGPD)"},
    {"sur la base de l'article 6, paragraphe 1, point b), du RGPD ou de l'article 6, paragraphe "
     "1, point f), du RGPD pour traiter votre demande.",
     "article[6] other(RGPD) ; article[6] other(RGPD)"},
    {"sur la base de votre consentement conformément à l'article. 6 paragraphe 1 a) GDPR.",
     "article[6] other(GDPR)"},
    {"est effectué en conséquence sur la base de l'art. 6 par. 1 b) du RGPD.",
     "article[6] other(RGPD)"},
    {"Lisez la section \"Exercice de vos droits sur les données\" ci-dessous pour plus",
     "section[«Exercice de vos droits sur les données»] >"},
    {"les dispositions de la loi du 1er juillet 1998 transposant la directive 96/9", ""},
    {"dans les conditions prévues par la loi n°78-17 précitée", ""},
    /* Lists, ranges, numbers. */
    {"les sections 1 à 3 et 5", "section[1..3,5]"},
    {"ARTICLES 8 A 11", "article[8..11]"},
    {"l’article 8 a 3 alinéas", "article[8]"},
    {"l’article 1er", "article[1]"},
    {"l’article premier du Code civil", "article[1] other(Code civil)"},
    {"L’ARTICLE 1ER DU CODE CIVIL", "article[1] other(CODE CIVIL)"},
    {"article IV", "article[IV]"},
    {"article IIII", ""},
    {"article n° 12", "article[12]"},
    {"les articles 38 et s. du Code civil", "article[38+] other(Code civil)"},
    {"les clauses 4, 5 et 6", "clause[4,5,6]"},
    {"les clauses 4, 5, et 6 ci-dessous", "clause[4,5,6] >"},
    {"les articles 4 et/ou 5", "article[4,5]"},
    {"clauses « A » et « B »", "clause[«A»,«B»]"},
    {"l’article 6-1 du Code", "article[6-1] other(Code)"},
    {"la clause 3 et 5 jours plus tard", "clause[3]"},
    {"l’article 5 à compter du 1er janvier", "article[5]"},
    {"l’article 5 à 14 heures", "article[5]"},
    {"l’annexe B ci-dessous", "annexe[B] >"},
    {"l’Annexe 2", "annexe[2]"},
    {"l’Annexe A.3", "annexe[A.3]"},
    {"ANNEXE A LA CONVENTION", ""},
    {"la section A", ""},
    {"la clause 50,00 $", ""},
    {"l’article 5 % du prix", ""},
    {"l’article 2016/679", ""},
    {"la clause 10x", ""},
    {"L’article 4 et l’article 5", "article[4] ; article[5]"},
    {"l’article 4 et 5 jours", "article[4]"},
    /* Directions. */
    {"l’article 5 susvisé", "article[5] <"},
    {"les articles 3 et 4 précités", "article[3,4] <"},
    {"l’article 5 supra", "article[5] <"},
    {"l’article 7 infra", "article[7] >"},
    {"la clause 4 ci-dessous et la clause 5 ci-dessus", "clause[4] > ; clause[5] <"},
    {"le point 4.4 ci‑dessous", "point[4.4] >"},
    {"l’article 3 ci dessus", "article[3] <"},
    {"l’article 3 ci-avant", "article[3] <"},
    {"l’article 10 ci-après dénommé", "article[10] >"},
    {"l’article 2 susmentionné", "article[2] <"},
    /* Titles and subjects. */
    {"l’article 12 — « Clause limitative »", "article[12«Clause limitative»]"},
    {"l’article “Support”", "article[«Support»]"},
    {"l’article « »", ""},
    {"l’article relatif à la force majeure ci-dessous", "article[~la force majeure] >"},
    {"la clause consacrée aux données personnelles", "clause[~données personnelles]"},
    {"l’article intitulé « Responsabilité »", "article[«Responsabilité»]"},
    {"la section intitulée Frais et paiement.", "section[~Frais et paiement]"},
    {"la clause portant sur la confidentialité, qui", "clause[~la confidentialité]"},
    {"l’article relatif à l’informatique qui prévoit", "article[~l’informatique]"},
    {"les clauses relatives aux lois applicables", ""},
    {"une section concernant les frais", ""},
    {"la section concernant", ""},
    /* Relative and demonstrative units. */
    {"la présente annexe", "*annexe[.]"},
    {"le présent article 10", "*article[10]"},
    {"sur ce point, les Parties", ""},
    {"sur ce point 3", "*point[3]"},
    {"ces articles", ""},
    {"cet alinéa", "*alinéa[.]"},
    {"les présentes stipulations", ""},
    {"la présente stipulation", ""},
    {"au présent paragraphe", "*paragraphe[.]"},
    /* Pinpoints. */
    {"l’article 5, alinéa 2 ci-dessus", "article[5] <"},
    {"au paragraphe 3.5, alinéa 2", "paragraphe[3.5]"},
    {"l’article 6, paragraphe 3.5", "article[6] ; paragraphe[3.5]"},
    {"l’article 6 § 2 du Code", "article[6] other(Code)"},
    {"l’article 5, premier alinéa du Code du travail", "article[5] other(Code du travail)"},
    {"l’article 5 al. 2", "article[5]"},
    {"l’alinéa 2", "alinéa[2]"},
    {"conformément à l’Article 6(1)(f) GDPR", "article[6] other(GDPR)"},
    {"l'article 6 (1) b) du RGPD", "article[6] other(RGPD)"},
    {"l’article 7 a) ci-dessus", "article[7] <"},
    {"l’article 5 (iii) du Code", "article[5] other(Code)"},
    {"conformément à l’article 5, (a) le Client", "article[5]"},
    {"la clause 5 (deux pages)", "clause[5]"},
    /* Instruments. */
    {"l’article 5 du présent Contrat", "article[5] self(présent Contrat)"},
    {"la clause 7 de la présente convention", "clause[7] self(présente convention)"},
    {"l’article 3 des présentes", "article[3] self(présentes)"},
    {"l’article 3 de la présente Annexe", "article[3] self(présente Annexe)"},
    {"le paragraphe 2 de l’article 5 ci-dessus", "paragraphe[2] ; article[5] <"},
    {"l’article 3 de l’Annexe A des présentes", "article[3] in(annexe A) ; annexe[A] self(présentes)"},
    /* Numbers of an annex of this text: the annex stays a reference of its own. */
    {"l’article 2 de l’Annexe A", "article[2] in(annexe A) ; annexe[A]"},
    {"les points 1 à 3 de l'annexe II ci-dessous", "point[1..3] in(annexe II) ; annexe[II] >"},
    {"la clause 4.1 de l’ANNEXE B", "clause[4.1] in(annexe B) ; annexe[B]"},
    {"l’article 3 de l’Annexe 1 de la réglementation de 2019",
     "article[3] other(Annexe 1 de la réglementation de 2019)"},
    {"l’annexe 2 de l’Annexe 1", "annexe[2] ; annexe[1]"},
    {"l’alinéa 2 de l’article 5 du Code civil", "alinéa[2] other(article 5 du Code civil)"},
    {"l’article 5 de Vous", "article[5]"},
    {"l’article 5 de manière claire", "article[5]"},
    {"l'article 5 du Code civil ; l'article 6 du Code pénal",
     "article[5] other(Code civil) ; article[6] other(Code pénal)"},
    {"Art. 12 du Code de commerce", "article[12] other(Code de commerce)"},
    {"l’article 5 du Code civil dispose que", "article[5] other(Code civil)"},
    {"l’article 3 de la Loi Informatique et Libertés", "article[3] other(Loi Informatique)"},
    {"l’article 2 du décret n° 2011-1 du 3 janvier 2011",
     "article[2] other(décret n° 2011-1 du 3 janvier 2011)"},
    {"l’article 4 du contrat de licence", "article[4] other(contrat de licence)"},
    {"l’article 4 de la politique de confidentialité",
     "article[4] other(politique de confidentialité)"},
    {"au titre de l’article 3 du Traité", "article[3] other(Traité)"},
    {"l’article 3 au titre du Règlement", "article[3] other(Règlement)"},
    {"article 5 [du Code civil](https://legifrance.gouv.fr/x)",
     "article[5] link(Code civil|https://legifrance.gouv.fr/x)"},
    {"[article 5](https://example.org/cgv)", "article[5] link(article 5|https://example.org/cgv)"},
    {"[l’article 5](#5)", "article[5]"},
    {"voir la clause 2 de [nos CGV](#cgv)", "clause[2]"},
    /* Not references, and what surrounds them. */
    {"`article 5`", ""},
    {"voir `l’article 5` et l’article 6", "article[6]"},
    {"les articles consultés", ""},
    {"point de contact", ""},
    {"toute stipulation contraire", ""},
    {"les clauses contractuelles types", ""},
    {"Annexes CCS", ""},
    {"la sous-section 2", ""},
    {"jusqu’à l’article 5", "article[5]"},
    {"l‘article 5 et l'article 6", "article[5] ; article[6]"},
    {"un montant de 50,00 $ payable sous 30 jours", ""},
    {"la stipulation 4", "stipulation[4]"},
    {"", ""},
    {"article", ""},
    {"l’article", ""},
    {"article 5 de", "article[5]"},
    {"l’article 5 du", "article[5]"},
    {"clauses 8 à", "clause[8]"},
    {"l’article « Support", ""},
};

/* Phrasings read with the document's self: names (« | » between them). */
static const SelfCase self_cases[] = {
    {"Convention", "l’article 3 de la Convention", "article[3] self(Convention)"},
    {"Convention|Conditions Générales|Contrat", "tel que fixé à l’article 3 de la Convention.",
     "article[3] self(Convention)"},
    {"Convention|Conditions Générales|Contrat",
     "(dans les limites de ce qui est indiqué à l’article 2.3 ci-après ainsi qu’à l’article 1 des "
     "conditions particulières), en ce compris",
     "article[2.3] > ; article[1] other(conditions particulières)"},
    {"Convention|Conditions Générales|Contrat",
     "conformément à ce qui est prévu à l’article 4 de la Convention ci-après.",
     "article[4] > self(Convention)"},
    {"Convention|Conditions Générales|Contrat",
     "de l’une ou quelconque des obligations souscrites à l’article 9 de la présente Convention ;",
     "article[9] self(présente Convention)"},
    {"Convention|Conditions Générales|Contrat",
     "En cas de contradiction entre les termes de la Convention ou de l’Annexe 5 composant le "
     "SLA, les premières prévaudront.",
     "annexe[5]"},
    {"Conditions d’utilisation par les Développeurs|Conditions",
     "sont décrites à [l’article C4 de l’Annexe 1 des Conditions d'utilisation de l’Espace "
     "Partenaires de TikTok Shop](https://partner.tiktokshop.com/docv2/page/6506).",
     "article[C4] link(Annexe 1 des Conditions d'utilisation de l’Espace Partenaires de TikTok "
     "Shop|https://partner.tiktokshop.com/docv2/page/6506)"},
    {"Conditions d’utilisation par les Développeurs|Conditions",
     "prévus à [l’article C9 de l'Annexe 1 des Conditions d'utilisation de l’Espace Partenaires de "
     "TikTok Shop](https://p.example/a) et clause 10.2 de [Conditions d'utilisation de TikTok Shop "
     "dans l’UE](https://s.example/b)",
     "article[C9] link(Annexe 1 des Conditions d'utilisation de l’Espace Partenaires de TikTok "
     "Shop|https://p.example/a) ; clause[10.2] link(Conditions d'utilisation de TikTok Shop dans "
     "l’UE|https://s.example/b)"},
    {"CGU", "l’article 4 CGU", "article[4] self(CGU)"},
    {"Conditions|Conditions d’utilisation par les Développeurs",
     "l’article 3 des Conditions d’utilisation par les Développeurs",
     "article[3] self(Conditions d’utilisation par les Développeurs)"},
    {"Conditions Générales", "l’article 3 des CONDITIONS GÉNÉRALES",
     "article[3] self(CONDITIONS GÉNÉRALES)"},
    {"Conditions d’utilisation", "l'article 3 des Conditions d'utilisation",
     "article[3] self(Conditions d'utilisation)"},
    {"Contrat", "l’article 3 du contrat", "article[3] self(contrat)"},
    {"Conditions", "l’article 1 des conditions particulières",
     "article[1] other(conditions particulières)"},
    {"Conditions", "l’article 3 des Conditions d’utilisation de l’Espace Partenaires",
     "article[3] other(Conditions d’utilisation de l’Espace Partenaires)"},
    {"Conditions Générales de Service|Conditions Générales de Services|Conditions "
     "Générales|Contrat",
     "les stipulations de l’article 3 des Conditions Générales de Services ALLMYCMS qui",
     "article[3] self(Conditions Générales de Services ALLMYCMS)"},
    {"Conditions Générales de Service|Conditions Générales|Contrat",
     "l’article 2 du Contrat souscrit auprès d’ALLMYCMS", "article[2] self(Contrat)"},
    {"Convention|Conditions Générales|Contrat",
     "l’article 5 des conditions générales d’achat du Client",
     "article[5] other(conditions générales d’achat du Client)"},
    {"Conditions d’utilisation par les Développeurs|Conditions",
     "l’article C4 de l’Annexe 1 des Conditions d'utilisation de l’Espace Partenaires, sans lien",
     "article[C4] other(Annexe 1 des Conditions d'utilisation de l’Espace Partenaires)"},
    {"Convention", "l’article 3 de la Convention de manière expresse",
     "article[3] self(Convention)"},
};

static void check_phrasing(const char *input, const char *self, const char *expect) {
  Arena *a = arena_new();
  RefMatch *ms;
  int n;
  char *got = scan(a, input, self, &ms, &n, NULL);
  ck_assert_msg(strcmp(got, expect) == 0, "%s\n  expected: %s\n  got:      %s", input, expect, got);
  arena_free(a);
}

/* The phrasing cut at every length and without a final NUL: the recognizer
 * must never read past ft->len (ASan and valgrind watch). */
static void check_truncated(const char *input, const char *self) {
  Arena *a = arena_new();
  FlatText *full = flat_md(a, input);
  const char *names[16];
  int nself = split_self(a, self, names, 15);
  for (size_t cut = 0; cut <= full->len; cut++) {
    char *bytes = malloc(cut ? cut : 1);
    memcpy(bytes, full->text, cut);
    FlatText ft = {.text = bytes, .len = cut, .spans = full->spans, .nspans = full->nspans};
    RefMatch *ms;
    int n = refs_scan(a, &ft, names, nself, &ms);
    check_invariants(input, &ft, ms, n);
    free(bytes);
  }
  arena_free(a);
}

START_TEST(test_phrasing) { check_phrasing(cases[_i].input, NULL, cases[_i].expect); }
END_TEST

START_TEST(test_self_phrasing) {
  check_phrasing(self_cases[_i].input, self_cases[_i].self, self_cases[_i].expect);
}
END_TEST

START_TEST(test_truncated) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    check_truncated(cases[i].input, NULL);
  for (size_t i = 0; i < sizeof self_cases / sizeof self_cases[0]; i++)
    check_truncated(self_cases[i].input, self_cases[i].self);
}
END_TEST

/* ---- Exact spans -------------------------------------------------------------- */

typedef struct SpanCase {
  const char *input;
  int match;          /* which match */
  const char *phrase; /* its phrase; its first occurrence in the text is m.off */
  int nth;            /* which item */
  const char *item;   /* that item's span, found after the phrase's start */
  const char *instr;  /* the instrument's span, "" for none */
} SpanCase;

static const SpanCase span_cases[] = {
    {"l’article 4 des présentes CGU", 0, "article 4", 0, "4", "présentes CGU"},
    {"clause 10.2", 0, "clause 10.2", 0, "10.2", ""},
    {"clauses 8 à 11", 0, "clauses 8 à 11", 0, "8 à 11", ""},
    {"articles 5 à 7 inclus, voir", 0, "articles 5 à 7 inclus", 0, "5 à 7 inclus", ""},
    {"clauses 2.2, 2.7, 3.6, 4", 0, "clauses 2.2, 2.7, 3.6, 4", 3, "4", ""},
    {"clauses 2.2, 2.7, 3.6, 4, et clauses 8 à 11, ainsi que", 1, "clauses 8 à 11", 0, "8 à 11",
     ""},
    {"la présente section", 0, "présente section", 0, "présente section", ""},
    {"en application du présent article 10 fera", 0, "présent article 10", 0, "10", ""},
    {"Cette Annexe II résume", 0, "Cette Annexe II", 0, "II", ""},
    {"articles L221-18 et suivants du Code de la consommation, et", 0,
     "articles L221-18 et suivants", 0, "L221-18 et suivants", "Code de la consommation"},
    {"Sans préjudice de l’article 12 – « Clause limitative de responsabilité », les Parties", 0,
     "article 12 – « Clause limitative de responsabilité »", 0,
     "12 – « Clause limitative de responsabilité »", ""},
    {"aux articles « Sous-traitance » et « Traitement des données à caractère personnel ».", 0,
     "articles « Sous-traitance » et « Traitement des données à caractère personnel »", 1,
     "« Traitement des données à caractère personnel »", ""},
    {"la section concernant les Frais et le Paiement des Redevances ci-dessus.", 0,
     "section concernant les Frais et le Paiement des Redevances", 0,
     "les Frais et le Paiement des Redevances", ""},
    {"conformément à l'article 6, paragraphe 1, point f) du RGPD.", 0,
     "article 6, paragraphe 1, point f)", 0, "6", "RGPD"},
    {"visés à l’article 49, paragraphe 1, deuxième alinéa du Règlement, les", 0,
     "article 49, paragraphe 1, deuxième alinéa", 0, "49", "Règlement"},
    {"conforme à l’article 30.2. du Règlement, de toutes", 0, "article 30.2.", 0, "30.2.",
     "Règlement"},
    {"décrite à la clause 3.2. Ensuite", 0, "clause 3.2", 0, "3.2", ""},
    {"L’ARTICLE 42 DU CODE DE PROCEDURE CIVILE, OU", 0, "ARTICLE 42", 0, "42",
     "CODE DE PROCEDURE CIVILE"},
    {"clause 10.2 de [Conditions d'utilisation de TikTok Shop dans l’UE](https://x.example/)", 0,
     "clause 10.2", 0, "10.2", "Conditions d'utilisation de TikTok Shop dans l’UE"},
    {"[l’article C9 de l'Annexe 1 des Conditions d'utilisation de l’Espace "
     "Partenaires](https://p/)",
     0, "article C9", 0, "C9", "Annexe 1 des Conditions d'utilisation de l’Espace Partenaires"},
    {"au paragraphe 3.5 « Contenus » ci-dessus.", 0, "paragraphe 3.5 « Contenus »", 0,
     "3.5 « Contenus »", ""},
    {"l'art. 6 par. 1 b) du RGPD.", 0, "art. 6 par. 1 b)", 0, "6", "RGPD"},
    {"conformément à l’Article 6(1)(f) GDPR.", 0, "Article 6(1)(f)", 0, "6", "GDPR"},
    {"aux articles L221-28 1° et L221-28 3 :", 0, "articles L221-28 1° et L221-28", 1, "L221-28",
     ""},
    {"l’Annexe I et l’Annexe II jointes aux présentes.", 1, "Annexe II", 0, "II", "présentes"},
    {"l’article relatif à la force majeure ci-dessous", 0, "article relatif à la force majeure", 0,
     "la force majeure", ""},
};

START_TEST(test_span) {
  const SpanCase *c = &span_cases[_i];
  Arena *a = arena_new();
  RefMatch *ms;
  int n;
  FlatText *ft;
  scan(a, c->input, NULL, &ms, &n, &ft);
  ck_assert_msg(c->match < n, "%s: only %d matches", c->input, n);
  const RefMatch *m = &ms[c->match];
  const char *phrase = strstr(ft->text, c->phrase);
  ck_assert_msg(phrase && (size_t)(phrase - ft->text) == m->off && strlen(c->phrase) == m->len,
                "%s: phrase is « %.*s », expected « %s »", c->input, (int)m->len, ft->text + m->off,
                c->phrase);
  ck_assert_msg(c->nth < m->nitems, "%s: only %d items", c->input, m->nitems);
  const RefItem *it = &m->items[c->nth];
  const RefItem *prev = c->nth ? &m->items[c->nth - 1] : NULL;
  const char *item = strstr(ft->text + (prev ? prev->off + prev->len : m->off), c->item);
  ck_assert_msg(item && (size_t)(item - ft->text) == it->off && strlen(c->item) == it->len,
                "%s: item is « %.*s », expected « %s »", c->input, (int)it->len, ft->text + it->off,
                c->item);
  ck_assert_msg(strlen(c->instr) == m->instr_len &&
                    memcmp(ft->text + m->instr_off, c->instr, m->instr_len) == 0,
                "%s: instrument is « %.*s », expected « %s »", c->input, (int)m->instr_len,
                ft->text + m->instr_off, c->instr);
  arena_free(a);
}
END_TEST

/* The same, in numbers, for the first examples. */
START_TEST(test_offsets) {
  Arena *a = arena_new();
  RefMatch *ms;
  int n;
  scan(a, "l’article 4 des présentes CGU", NULL, &ms, &n, NULL);
  ck_assert_int_eq(n, 1);
  ck_assert_uint_eq(ms[0].off, 4); /* after « l’ »: 1 + 3 bytes */
  ck_assert_uint_eq(ms[0].len, 9);
  ck_assert_int_eq(ms[0].unit, UNIT_ARTICLE);
  ck_assert_int_eq(ms[0].items[0].kind, ITEM_NUMBER);
  ck_assert_uint_eq(ms[0].items[0].off, 12);
  ck_assert_uint_eq(ms[0].items[0].len, 1);
  ck_assert_int_eq(ms[0].instr, INSTR_SELF);
  ck_assert_uint_eq(ms[0].instr_off, 18);
  ck_assert_uint_eq(ms[0].instr_len, strlen("présentes CGU"));
  ck_assert_ptr_null(ms[0].instrument);
  ck_assert(!ms[0].demonstrative);
  ck_assert_int_eq(ms[0].direction, DIR_NONE);

  scan(a, "clause 10.2 de [Conditions dans l’UE](https://x.example/ue)", NULL, &ms, &n, NULL);
  ck_assert_int_eq(n, 1);
  ck_assert_uint_eq(ms[0].off, 0);
  ck_assert_uint_eq(ms[0].len, 11);
  ck_assert_int_eq(ms[0].instr, INSTR_LINK);
  ck_assert_uint_eq(ms[0].instr_off, 15);
  ck_assert_str_eq(ms[0].url, "https://x.example/ue");
  ck_assert_str_eq(ms[0].instrument, "Conditions dans l’UE");

  scan(a, "clauses 8 à 11", NULL, &ms, &n, NULL);
  ck_assert_int_eq(ms[0].items[0].kind, ITEM_RANGE);
  ck_assert_str_eq(ms[0].items[0].number, "8");
  ck_assert_str_eq(ms[0].items[0].last, "11");
  ck_assert_uint_eq(ms[0].items[0].off, 8);
  arena_free(a);
}
END_TEST

START_TEST(test_unit_names) {
  static const struct {
    const char *phrase;
    RefUnit unit;
    const char *name;
  } units[] = {
      {"article 1", UNIT_ARTICLE, "article"},
      {"Art. 1", UNIT_ARTICLE, "article"},
      {"CLAUSE 10.2", UNIT_CLAUSE, "clause"},
      {"sections 1 et 2", UNIT_SECTION, "section"},
      {"point 4.4", UNIT_POINT, "point"},
      {"paragraphe 3.5", UNIT_PARAGRAPH, "paragraphe"},
      {"alinéa 2", UNIT_ALINEA, "alinéa"},
      {"ALINEAS 2 et 3", UNIT_ALINEA, "alinéa"},
      {"d’annexe 1", UNIT_ANNEX, "annexe"},
      {"stipulations 1 et 2", UNIT_STIPULATION, "stipulation"},
  };
  Arena *a = arena_new();
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    RefMatch *ms;
    int n;
    scan(a, units[i].phrase, NULL, &ms, &n, NULL);
    ck_assert_msg(n == 1 && ms[0].unit == units[i].unit, "%s", units[i].phrase);
    ck_assert_str_eq(ref_unit_name(ms[0].unit), units[i].name);
  }
  arena_free(a);
}
END_TEST

/* Self names given as NULL, or with NULL and empty entries, are no names. */
START_TEST(test_self_edge) {
  Arena *a = arena_new();
  FlatText *ft = flat_md(a, "l’article 3 de la Convention");
  RefMatch *ms;
  ck_assert_int_eq(refs_scan(a, ft, NULL, 3, &ms), 1);
  ck_assert_int_eq(ms[0].instr, INSTR_OTHER);
  const char *names[] = {NULL, "", " ", "convention"};
  ck_assert_int_eq(refs_scan(a, ft, names, 4, &ms), 1);
  ck_assert_int_eq(ms[0].instr, INSTR_SELF);
  ck_assert_uint_eq(ms[0].instr_len, strlen("Convention"));
  arena_free(a);
}
END_TEST

/* Spans that do not fit the text are ignored, never read through. */
START_TEST(test_bad_spans) {
  Arena *a = arena_new();
  FlatText *ft = flat_md(a, "clause 10.2 de [Conditions](https://x.example/)");
  FlatSpan spans[] = {
      {.kind = SPAN_LINK, .off = 15, .len = 1000, .url = "https://y.example/"},
      {.kind = SPAN_CODE, .off = 5000, .len = 3},
      ft->spans[0],
  };
  ft->spans = spans;
  ft->nspans = 3;
  RefMatch *ms;
  ck_assert_int_eq(refs_scan(a, ft, NULL, 0, &ms), 1);
  ck_assert_int_eq(ms[0].instr, INSTR_LINK);
  ck_assert_str_eq(ms[0].url, "https://x.example/");
  arena_free(a);
}
END_TEST

/* ---- Scale ------------------------------------------------------------------- */

/* 10 000 references on one line, of five kinds, are all found. */
START_TEST(test_ten_thousand) {
  static const char *const forms[] = {"l’article %d du Code civil, ", "la clause %d.2 ci-dessus ; ",
                                      "les articles %d à 9 et ", "au paragraphe %d « Contenus », ",
                                      "l’Annexe %d des présentes, "};
  Buf b = {0};
  for (int i = 0; i < 10000; i++)
    buf_printf(&b, forms[i % 5], i + 1);
  Arena *a = arena_new();
  FlatText *ft = flat_from_string(a, b.data, b.len);
  RefMatch *ms;
  int n = refs_scan(a, ft, NULL, 0, &ms);
  ck_assert_int_eq(n, 10000);
  check_invariants("10 000 references", ft, ms, n);
  ck_assert_str_eq(ms[9999].items[0].number, "10000");
  ck_assert_int_eq(ms[9999].instr, INSTR_SELF);
  ck_assert_str_eq(ms[9998].items[0].title, "Contenus");
  ck_assert_str_eq(ms[9995].instrument, "Code civil");
  buf_free(&b);
  arena_free(a);
}
END_TEST

/* Inputs built to make a careless scanner quadratic: each must finish (the
 * timeout of the test case is the check) with the right count. */
START_TEST(test_pathological) {
  static const struct {
    const char *unit;
    int per_rep; /* matches per repetition */
  } inputs[] = {
      {"article ", 0},
      {"l’article « article ", 0},
      {"la section concernant la section concernant ", 0},
      {"article 1 du Code Civil Pénal Grand Livre Code Civil Pénal Grand Livre Code Civil ", 1},
      {"article 1 de l’Annexe 2 de l’Annexe 3 de l’Annexe 4 de l’Annexe 5 des ", 5},
      {"IIIIIIIIIIIIIIIIIIII ", 0},
  };
  const int reps = 20000;
  Arena *a = arena_new();
  for (size_t k = 0; k < sizeof inputs / sizeof inputs[0]; k++) {
    Buf b = {0};
    for (int i = 0; i < reps; i++)
      buf_puts(&b, inputs[k].unit);
    FlatText *ft = flat_from_string(a, b.data, b.len);
    RefMatch *ms;
    int n = refs_scan(a, ft, NULL, 0, &ms);
    ck_assert_msg(n == inputs[k].per_rep * reps, "%s: %d matches", inputs[k].unit, n);
    buf_free(&b);
  }
  /* One list of 100 000 items is one match. */
  Buf b = {0};
  buf_puts(&b, "clauses 1");
  for (int i = 2; i <= 100000; i++)
    buf_printf(&b, ", %d", i);
  FlatText *ft = flat_from_string(a, b.data, b.len);
  RefMatch *ms;
  ck_assert_int_eq(refs_scan(a, ft, NULL, 0, &ms), 1);
  ck_assert_int_eq(ms[0].nitems, 100000);
  ck_assert_str_eq(ms[0].items[99999].number, "100000");
  buf_free(&b);
  arena_free(a);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("refs");
  TCase *tc = tcase_create("phrasings");
  tcase_add_loop_test(tc, test_phrasing, 0, (int)(sizeof cases / sizeof cases[0]));
  tcase_add_loop_test(tc, test_self_phrasing, 0, (int)(sizeof self_cases / sizeof self_cases[0]));
  tcase_add_loop_test(tc, test_span, 0, (int)(sizeof span_cases / sizeof span_cases[0]));
  tcase_add_test(tc, test_offsets);
  tcase_add_test(tc, test_unit_names);
  tcase_add_test(tc, test_self_edge);
  tcase_add_test(tc, test_bad_spans);
  suite_add_tcase(s, tc);
  TCase *robust = tcase_create("robustness");
  tcase_set_timeout(robust, 120);
  tcase_add_test(robust, test_truncated);
  tcase_add_test(robust, test_ten_thousand);
  tcase_add_test(robust, test_pathological);
  suite_add_tcase(s, robust);
  return s;
}
