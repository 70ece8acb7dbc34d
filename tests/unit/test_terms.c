/*
 * test_terms.c — the defined-terms stage (compiler/terms.c).
 *
 * The recognizer and the use finder are pure, so most checks build a
 * FlatText from a string: "**" pairs in the string become strong spans and
 * "`" pairs code spans, as flatten_block would make them.  The stage's checks
 * (duplicates, unused and undefined terms, explicit defines) run the whole
 * front end on small Markdown texts with unit_compile.
 */
#include "unit.h"

#include <stdio.h>

static Arena *A;

static void setup(void) { A = arena_new(); }
static void teardown(void) { arena_free(A); }

/* A FlatText from a string whose "**" and "`" pairs mark strong and code. */
static FlatText *flat(const char *marked) {
  size_t len = strlen(marked), n = 0;
  char *text = arena_alloc(A, len + 1);
  FlatSpan *spans = arena_alloc(A, sizeof(FlatSpan) * (len / 2 + 1));
  int nspans = 0, open_strong = -1, open_code = -1;
  for (size_t i = 0; i < len; i++) {
    if (marked[i] == '*' && marked[i + 1] == '*') {
      if (open_strong < 0) {
        open_strong = nspans++;
        spans[open_strong] = (FlatSpan){.kind = SPAN_STRONG, .off = n};
      } else {
        spans[open_strong].len = n - spans[open_strong].off;
        open_strong = -1;
      }
      i++;
    } else if (marked[i] == '`') {
      if (open_code < 0) {
        open_code = nspans++;
        spans[open_code] = (FlatSpan){.kind = SPAN_CODE, .off = n};
      } else {
        spans[open_code].len = n - spans[open_code].off;
        open_code = -1;
      }
    } else {
      text[n++] = marked[i];
    }
  }
  FlatText *ft = flat_from_string(A, text, n);
  ft->spans = spans;
  ft->nspans = nspans;
  return ft;
}

static int scan(const char *marked, bool in_definitions, TermMatch **out) {
  return terms_scan(A, flat(marked), in_definitions, out);
}

/* The term as written at the match, for comparisons. */
static const char *written(const char *marked, const TermMatch *m) {
  FlatText *ft = flat(marked);
  return arena_strndup(A, ft->text + m->off, m->len);
}

/* Checks that text defines exactly the names given (NULL-terminated). */
static void expect_names(const char *text, bool defs, const char *const *names) {
  TermMatch *m;
  int n = scan(text, defs, &m), want = 0;
  while (names[want])
    want++;
  ck_assert_msg(n == want, "« %s »: %d definitions, expected %d", text, n, want);
  for (int i = 0; i < n; i++)
    ck_assert_str_eq(m[i].name, names[i]);
}

#define NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NONE ((const char *const[]){NULL})

/* ---- terms_scan: the patterns of docs/markup.md 4.1 ------------------------- */

START_TEST(defining_verbs) {
  expect_names("« Contrat » désigne le présent accord.", false, NAMES("Contrat"));
  expect_names("« Données personnelles » désignent toutes les informations.", false,
               NAMES("Données personnelles"));
  expect_names("« Service » signifie l'édition.", false, NAMES("Service"));
  expect_names("« Services » signifient les prestations.", false, NAMES("Services"));
  expect_names("« Internaute » indique les internautes.", false, NAMES("Internaute"));
  expect_names("Les « données » indiquent les logs techniques.", false, NAMES("données"));
  expect_names("« Jour ouvré » s’entend du lundi au vendredi.", false, NAMES("Jour ouvré"));
  expect_names("« Jour ouvré » s'entend du lundi au vendredi.", false, NAMES("Jour ouvré"));
  expect_names("« Licence » fait référence au droit concédé.", false, NAMES("Licence"));
  expect_names("« Pays adéquat » : désigne un pays.", false, NAMES("Pays adéquat"));
  expect_names("« CHATCONFERENCE » DÉSIGNE LA SOCIÉTÉ.", false, NAMES("CHATCONFERENCE"));
}
END_TEST

START_TEST(defining_verbs_negative) {
  expect_names("indiquée dans l’en-tête « Dernière mise à jour » ci-dessus.", false, NONE);
  expect_names("la loi « Informatique et Libertés » du 6 janvier 1978 désigne", false, NONE);
  expect_names("les mentions « haute importance » et « suivi immédiat » au Client.", false, NONE);
  expect_names("« Contrat » est signé par les parties.", false, NONE);
}
END_TEST

START_TEST(straight_and_curly_quotes) {
  expect_names("\"Vous\" ou \"Développeur\" désigne la personne.", false,
               NAMES("Vous", "Développeur"));
  expect_names("“Plateforme” désigne le site.", false, NAMES("Plateforme"));
  expect_names("fournit les Services \"en l'état\" et \"selon la disponibilité\" ;", false, NONE);
}
END_TEST

START_TEST(ci_apres) {
  expect_names("un contrat (ci-après le « Contrat ») conclu", false, NAMES("Contrat"));
  expect_names("toute personne (ci-après nommée le « Client ») ;", false, NAMES("Client"));
  expect_names("la société (ci-après dénommée la « Société »)", false, NAMES("Société"));
  expect_names("les parties (ci-après désignées les « Parties »)", false, NAMES("Parties"));
  expect_names("du 27 avril 2016 (ci-après « GDPR »), les termes", false, NAMES("GDPR"));
  expect_names("stockés (ci-après l’« Option de réversibilité »).", false,
               NAMES("Option de réversibilité"));
  expect_names("(CI-APRÈS LE « PRESTATAIRE »)", false, NAMES("PRESTATAIRE"));
}
END_TEST

START_TEST(parenthesis) {
  expect_names("les conditions (les « Conditions de Service »).", false,
               NAMES("Conditions de Service"));
  expect_names("la durée choisie (la « Période d’utilisation »).", false,
               NAMES("Période d’utilisation"));
  expect_names("l’accès (le \"**TTSPC**\")", false, NAMES("TTSPC"));
  expect_names("Viber (« API Viber ») et", false, NAMES("API Viber"));
  expect_names("la Politique d’utilisation acceptable (« PUA») ;", false, NAMES("PUA"));
  expect_names("HORS LIGNE (COLLECTIVEMENT, LE « SERVICE »).", false, NAMES("SERVICE"));
  expect_names("(ensemble, les \"**Services de Développement**\"), lesquelles", false,
               NAMES("Services de Développement"));
  expect_names("documents (collectivement, les « Conditions ») :", false, NAMES("Conditions"));
}
END_TEST

START_TEST(parenthesis_negative) {
  /* A bare parenthesis in lower case is a gloss, not a definition. */
  expect_names("des services de sauvegarde (« back up ») des Données", false, NONE);
  /* The quoted words must fill the parenthesis. */
  expect_names("Viber Admin Panel (le « VAP » ainsi que les API Viber)", false, NONE);
  expect_names("(précédemment intitulées « les Conditions d’utilisation ») régissent", false, NONE);
  expect_names("(voir « Annexe ») et « Contrat »", false, NONE);
}
END_TEST

START_TEST(bold_between_quotes) {
  expect_names("sont des \"**Informations confidentielles**\" de TikTok", false,
               NAMES("Informations confidentielles"));
  expect_names("La \"**Durée**\" des présentes Conditions", false, NAMES("Durée"));
  expect_names("(et le terme \"**Votre**\" doit être interprété)", false, NAMES("Votre"));
  /* The quotes may stand inside the bold, with a space before the last. */
  expect_names("cet accès (les **\"Conditions incorporées \"**). Vous", false,
               NAMES("Conditions incorporées"));
  /* A long bold sentence that contains a quotation defines nothing. */
  expect_names("**Le « Client » peut résilier à tout moment.**", false, NONE);
  expect_names("sont des \"Informations confidentielles\" de TikTok", false, NONE);
}
END_TEST

START_TEST(numbered_title) {
  expect_names("**1.1 Application** : désigne les applications logicielles.", false,
               NAMES("Application"));
  expect_names("**1.1 Application **: désigne les applications.", false, NAMES("Application"));
  expect_names("**1.3 Les Droits de propriété intellectuelle** : désigne les brevets.", false,
               NAMES("Droits de propriété intellectuelle"));
  expect_names("**1.2 Utilisateurs finaux** : désigne les utilisateurs.", false,
               NAMES("Utilisateurs finaux"));
  expect_names("16.1 **Finalités du traitement** : Le Prestataire s’engage.", false, NONE);
  expect_names("**2.1 Licence consentie au Développeur.** Sous réserve des présentes", false, NONE);
}
END_TEST

START_TEST(colon_in_definitions) {
  expect_names("Le Client : Tout signataire ayant souscrit à la Convention.", true,
               NAMES("Client"));
  expect_names("La Convention : La présente convention ainsi que ses annexes.", true,
               NAMES("Convention"));
  expect_names("SLA : Spécifications des niveaux de services.", true, NAMES("SLA"));
  expect_names("Données du Client : Données sous formes de fichiers.", true,
               NAMES("Données du Client"));
  expect_names("Option de réversibilité : Option à exercer par le Client.", true,
               NAMES("Option de réversibilité"));
  expect_names("Le Prestataire : la société qui fournit le service.", true, NAMES("Prestataire"));
  TermMatch *m;
  const char *dc = "Le(s) Data Center(s) : Interxion (Wezembeekstraat 2 Bus1).";
  ck_assert_int_eq(scan(dc, true, &m), 1);
  ck_assert_str_eq(m[0].name, "Data Center");
  ck_assert_int_eq(m[0].nvariants, 1);
  ck_assert_str_eq(m[0].variants[0], "Data Centers");
  ck_assert_str_eq(written(dc, &m[0]), "Data Center(s)");
}
END_TEST

START_TEST(colon_negative) {
  /* Only in a Définitions clause. */
  expect_names("Le Client : Tout signataire.", false, NONE);
  /* A lead-in sentence ending in a colon is not a term. */
  expect_names("Pour l’application de la présente convention et de ses annexes, les termes "
               "auront la signification suivante : Le Client.",
               true, NONE);
  expect_names("Les termes commençant par une majuscule ont le sens suivant : Client.", true, NONE);
  expect_names("(i) Respect des instructions du Client : Le Prestataire traite.", true, NONE);
  expect_names("Le Prestataire s’engage à : fournir le service.", true, NONE);
  expect_names("Les définitions suivantes s’appliquent : les termes.", true, NONE);
  expect_names("Le Client :", true, NONE);
}
END_TEST

START_TEST(les_termes) {
  TermMatch *m;
  const char *t = "Aux fins des présentes, les termes « Développeur », « vous » ou « votre/vos » "
                  "font référence à chaque administrateur.";
  ck_assert_int_eq(scan(t, false, &m), 3);
  ck_assert_str_eq(m[0].name, "Développeur");
  ck_assert_str_eq(m[1].name, "vous");
  ck_assert_str_eq(m[2].name, "votre");
  ck_assert_int_eq(m[2].nvariants, 1);
  ck_assert_str_eq(m[2].variants[0], "vos");
  expect_names("AUQUEL CAS LES TERMES « VOUS » OU « VOTRE » FERONT RÉFÉRENCE À CETTE ENTITÉ.",
               false, NAMES("VOUS", "VOTRE"));
}
END_TEST

START_TEST(variants) {
  TermMatch *m;
  const char *compte = "un Compte Client valide (ci-après le « Compte » ou « Compte Client »).";
  ck_assert_int_eq(scan(compte, false, &m), 1);
  ck_assert_str_eq(m[0].name, "Compte");
  ck_assert_int_eq(m[0].nvariants, 1);
  ck_assert_str_eq(m[0].variants[0], "Compte Client");
  ck_assert_str_eq(written(compte, &m[0]), "Compte");

  const char *services = "etc. (« Services » ou « Services commerciaux »). Sous réserve";
  ck_assert_int_eq(scan(services, false, &m), 1);
  ck_assert_str_eq(m[0].name, "Services");
  ck_assert_str_eq(m[0].variants[0], "Services commerciaux");

  const char *plural = "« Service(s) » signifie l'édition spécifique";
  ck_assert_int_eq(scan(plural, false, &m), 1);
  ck_assert_str_eq(m[0].name, "Service");
  ck_assert_int_eq(m[0].nvariants, 1);
  ck_assert_str_eq(m[0].variants[0], "Services");
  ck_assert_str_eq(written(plural, &m[0]), "Service(s)");

  /* Neither contains the other: two terms. */
  expect_names("(« Binding Corporate Rules » ou« BCR »), qui lient", false,
               NAMES("Binding Corporate Rules", "BCR"));
  expect_names("(\"**Vous**\" ou \"**Développeur**\")", false, NAMES("Vous", "Développeur"));
}
END_TEST

START_TEST(several_in_one_paragraph) {
  TermMatch *m;
  const char *t = "« ChatConference » désigne Hermès Technologies SARL., société française; "
                  "« Technologie ChatConference » désigne toute la technologie; « Utilisateur(s) »"
                  " désigne vos salariés.";
  ck_assert_int_eq(scan(t, false, &m), 3);
  ck_assert_str_eq(m[0].name, "ChatConference");
  ck_assert_str_eq(m[1].name, "Technologie ChatConference");
  ck_assert_str_eq(m[2].name, "Utilisateur");
  ck_assert_str_eq(m[2].variants[0], "Utilisateurs");
  ck_assert(m[0].off < m[1].off && m[1].off < m[2].off);
  ck_assert_str_eq(written(t, &m[1]), "Technologie ChatConference");
}
END_TEST

START_TEST(scan_edges) {
  TermMatch *m;
  ck_assert_int_eq(scan("", true, &m), 0);
  ck_assert_int_eq(scan("«", false, &m), 0);
  ck_assert_int_eq(scan("« »", false, &m), 0);
  ck_assert_int_eq(scan("(", false, &m), 0);
  ck_assert_int_eq(scan("( « X", false, &m), 0);
  ck_assert_int_eq(scan("\"\"\"\"", false, &m), 0);
  ck_assert_int_eq(scan("**", true, &m), 0);
  ck_assert_int_eq(scan(":", true, &m), 0);
  ck_assert_int_eq(scan("\xC3", true, &m), 0);
  /* A quotation too long to be a term. */
  char longq[600];
  snprintf(longq, sizeof longq, "« %0*d » désigne", 300, 7);
  ck_assert_int_eq(scan(longq, false, &m), 0);
}
END_TEST

/* ---- term_inflections ------------------------------------------------------ */

static void expect_forms(const char *name, const char *const *forms) {
  const char *out[4];
  int n = term_inflections(A, name, out), want = 0;
  while (forms[want])
    want++;
  ck_assert_msg(n == want, "%s: %d forms, expected %d", name, n, want);
  for (int i = 0; i < n; i++)
    ck_assert_str_eq(out[i], forms[i]);
}

START_TEST(inflections) {
  expect_forms("Utilisateur final", NAMES("Utilisateurs finaux"));
  expect_forms("Utilisateurs finaux", NAMES("Utilisateur final"));
  expect_forms("Donnée personnelle", NAMES("Données personnelles"));
  expect_forms("Données personnelles", NAMES("Donnée personnelle"));
  expect_forms("Client", NAMES("Clients"));
  expect_forms("Niveau", NAMES("Niveaux"));
  expect_forms("Lois en vigueur sur la protection des données",
               NAMES("Loi en vigueur sur la protection des données"));
  expect_forms("Conditions d’utilisation pour les Développeurs",
               NAMES("Condition d’utilisation pour les Développeurs"));
  expect_forms("Plateforme pour les Développeurs", NAMES("Plateformes pour les Développeurs"));
  expect_forms("Sous-traitant", NAMES("Sous-traitants"));
  expect_forms("Clauses contractuelles standard",
               NAMES("Clauses contractuelles standards", "Clause contractuelle standard"));
  /* Words ending in s, x or z keep their form in the plural. */
  expect_forms("Prix", NONE);
  expect_forms("Accès", NONE);
  expect_forms("Pays adéquat", NAMES("Pays adéquats"));
  /* Acronyms, brands, pronouns and numbers do not take a plural. */
  expect_forms("API Viber", NONE);
  expect_forms("SLA", NONE);
  expect_forms("TikTok", NONE);
  expect_forms("vous", NONE);
  expect_forms("2FA", NONE);
  expect_forms("", NONE);
}
END_TEST

START_TEST(inflections_at_most_four) {
  const char *out[4];
  const char *names[] = {"Compte Client", "Données", "Service", "X", "de", "Heure d’Accessibilité"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    ck_assert_int_le(term_inflections(A, names[i], out), 4);
}
END_TEST

/* ---- uses ------------------------------------------------------------------- */

/* A term with its forms: the name, the variants given, their inflections. */
static Term *term(const char *name, const char *const *variants) {
  Term *t = arena_alloc(A, sizeof *t);
  PtrVec forms = {0};
  vec_push(A, &forms, (void *)name);
  for (int i = 0; variants && variants[i]; i++)
    vec_push(A, &forms, (void *)variants[i]);
  int given = forms.len;
  for (int i = 0; i < given; i++) {
    const char *out[4];
    int n = term_inflections(A, forms.items[i], out);
    for (int k = 0; k < n; k++)
      vec_push(A, &forms, (void *)out[k]);
  }
  t->name = name;
  t->forms = (const char **)forms.items;
  t->nforms = forms.len;
  t->pronoun = !strcmp(name, "vous") || !strcmp(name, "Vous");
  return t;
}

/* The uses of terms in text, as « written » strings joined by '|'. */
static const char *uses(Term **terms, int n, const char *marked) {
  TermIndex *ix = term_index_new(A, terms, n);
  FlatText *ft = flat(marked);
  TermUse *u;
  int k = terms_find_uses(A, ix, ft, &u);
  Buf b = {0};
  for (int i = 0; i < k; i++) {
    buf_puts(&b, i ? "|" : "");
    buf_put(&b, ft->text + u[i].off, u[i].len);
    ck_assert_ptr_eq(u[i].flat, ft);
  }
  const char *s = arena_strdup(A, buf_cstr(&b));
  buf_free(&b);
  return s;
}

START_TEST(uses_whole_words) {
  Term *t[] = {term("Compte", NULL)};
  ck_assert_str_eq(uses(t, 1, "le Compte-Client, le Compte, le Décompte, Compte."),
                   "Compte|Compte");
  ck_assert_str_eq(uses(t, 1, "Comptes et Comptes."), "Comptes|Comptes");
  Term *only[] = {term("Service", NULL)};
  only[0]->nforms = 1; /* without its plural */
  ck_assert_str_eq(uses(only, 1, "les Services du Service"), "Service");
  ck_assert_str_eq(uses(t, 1, "Compte2 ou 2Compte ou l’Compte"), "Compte");
}
END_TEST

START_TEST(uses_case) {
  Term *t[] = {term("Client", NULL), term("données", NULL)};
  ck_assert_str_eq(uses(t, 2, "le client et le Client"), "Client");
  ck_assert_str_eq(uses(t, 2, "les données. Données du client. Les Données"), "données|Données");
  ck_assert_str_eq(uses(t, 2, "LE CLIENT ET LES DONNÉES"), "CLIENT|DONNÉES");
  ck_assert_str_eq(uses(t, 2, "le CLient"), "");
}
END_TEST

START_TEST(uses_capitals) {
  Term *t[] = {term("Plateforme pour les Développeurs", NULL), term("Conditions Générales", NULL)};
  ck_assert_str_eq(uses(t, 2, "VOUS UTILISEZ LA PLATEFORME POUR LES DÉVELOPPEURS."),
                   "PLATEFORME POUR LES DÉVELOPPEURS");
  ck_assert_str_eq(uses(t, 2, "LES CONDITIONS GENERALES"), "CONDITIONS GENERALES");
  ck_assert_str_eq(uses(t, 2, "la PLATEFORME pour les Développeurs"), "");
}
END_TEST

START_TEST(uses_longest_first) {
  Term *t[] = {term("Compte", NULL), term("Compte Client", NULL), term("Client", NULL)};
  ck_assert_str_eq(uses(t, 3, "son Compte Client et son Compte, le Client"),
                   "Compte Client|Compte|Client");
  Term *c[] = {term("Conditions", (const char *const[]){"Conditions commerciales", NULL}),
               term("Conditions d’utilisation pour les Développeurs", NULL)};
  ck_assert_str_eq(uses(c, 2,
                        "les Conditions d’utilisation pour les Développeurs et les "
                        "Conditions commerciales"),
                   "Conditions d’utilisation pour les Développeurs|Conditions commerciales");
}
END_TEST

START_TEST(uses_typography) {
  Term *t[] = {term("Conditions d’utilisation", NULL)};
  ck_assert_str_eq(
      uses(t, 1, "les Conditions d'utilisation et les Conditions\xC2\xA0 d’utilisation"),
      "Conditions d'utilisation|Conditions\xC2\xA0 d’utilisation");
  ck_assert_str_eq(uses(t, 1, "les Conditions, d’utilisation"), "");
}
END_TEST

START_TEST(uses_not_in_code_or_addresses) {
  Term *t[] = {term("ChatConference", NULL), term("Client", NULL)};
  ck_assert_str_eq(uses(t, 2, "le site http://www.ChatConference.com de ChatConference"),
                   "ChatConference");
  ck_assert_str_eq(uses(t, 2, "écrire à Client@example.com ou (www.Client.fr) au Client"),
                   "Client");
  ck_assert_str_eq(uses(t, 2, "la variable `Client` et le Client"), "Client");
}
END_TEST

START_TEST(uses_pronouns_not_tracked) {
  Term *t[] = {term("Vous", NULL), term("Application", NULL)};
  ck_assert_str_eq(uses(t, 2, "Vous et Votre Application"), "Application");
}
END_TEST

START_TEST(uses_many_terms_same_word) {
  /* Forms that share their first word do not make one long queue. */
  enum { N = 2000 };
  Term **t = arena_alloc(A, sizeof(Term *) * N);
  for (int i = 0; i < N; i++)
    t[i] = term(arena_printf(A, "Services n%d", i), NULL);
  ck_assert_str_eq(uses(t, N, "les Services n1999, les Services n7 et les Services."),
                   "Services n1999|Services n7");
}
END_TEST

/* ---- the stage ----------------------------------------------------------------- */

static Compilation *C;

static Document *compile(const char *md) {
  C = unit_compile("t.md", md);
  Document *doc = unit_doc(C);
  ck_assert_ptr_nonnull(doc);
  return doc;
}

static void free_compilation(void) {
  compilation_free(C);
  C = NULL;
}

static Term *find_term(Document *doc, const char *name) {
  for (int i = 0; i < doc->terms.len; i++) {
    Term *t = doc->terms.items[i];
    if (strcmp(t->name, name) == 0)
      return t;
  }
  return NULL;
}

static bool has_form(const Term *t, const char *form) {
  for (int i = 0; i < t->nforms; i++)
    if (strcmp(t->forms[i], form) == 0)
      return true;
  return false;
}

START_TEST(stage_terms_and_uses) {
  Document *doc = compile("# Conditions\n\n"
                          "## Article 1 - Objet\n\n"
                          "Le présent contrat (ci-après le « Contrat ») lie le prestataire "
                          "(ci-après le « Prestataire ») et ses Utilisateurs finaux "
                          "(les « Utilisateurs finaux »).\n\n"
                          "## Article 2 - Durée\n\n"
                          "Le Contrat prend effet à la signature. Le Prestataire informe chaque "
                          "Utilisateur final. Le contrat, le Contrat.\n");
  ck_assert_int_eq(doc->terms.len, 3);
  Term *contrat = find_term(doc, "Contrat");
  ck_assert_ptr_nonnull(contrat);
  ck_assert_int_eq(contrat->uses.len, 2);
  ck_assert_int_eq(contrat->pos.line, 5);
  ck_assert_ptr_nonnull(contrat->clause);
  ck_assert_str_eq(contrat->clause->number, "1");
  TermUse *u = contrat->uses.items[0];
  ck_assert_int_eq(u->pos.line, 9);
  ck_assert_int_eq(u->pos.col, 4);
  ck_assert_ptr_eq(u->term, contrat);
  Term *users = find_term(doc, "Utilisateurs finaux");
  ck_assert(has_form(users, "Utilisateur final"));
  /* « ses Utilisateurs finaux » before the definition is a use, the
   * definition is not. */
  ck_assert_int_eq(users->uses.len, 2);
  ck_assert_int_eq(unit_count(C, D_UNUSED_TERM), 0);
  ck_assert_int_eq(unit_count(C, D_DUPLICATE_TERM), 0);
  free_compilation();
}
END_TEST

START_TEST(stage_definition_text) {
  Document *doc = compile("# T\n\n"
                          "« Client » désigne toute personne; « Prestataire » désigne la "
                          "société. Le Client et le Prestataire.\n\n"
                          "Le « Service » désigne la plateforme du Prestataire pour le "
                          "Client, et le Service.\n");
  ck_assert_str_eq(find_term(doc, "Client")->definition, "« Client » désigne toute personne");
  ck_assert_str_eq(find_term(doc, "Prestataire")->definition,
                   "« Prestataire » désigne la société. Le Client et le Prestataire.");
  ck_assert_str_eq(find_term(doc, "Service")->definition,
                   "Le « Service » désigne la plateforme du Prestataire pour le Client, et le "
                   "Service.");
  free_compilation();
}
END_TEST

START_TEST(stage_definitions_clause) {
  Document *doc = compile("# Conditions générales\n\n"
                          "## ARTICLE 1 - DÉFINITIONS\n\n"
                          "Les termes commençant par une majuscule ont le sens suivant :\n\n"
                          "Le Client : Tout signataire de la Convention.\n\n"
                          "La Convention : La présente convention.\n\n"
                          "## ARTICLE 2 - OBJET\n\n"
                          "Le Prestataire : La société qui fournit le service au Client.\n\n"
                          "La Convention lie le Client.\n");
  ck_assert_int_eq(doc->terms.len, 2);
  ck_assert_ptr_nonnull(find_term(doc, "Client"));
  ck_assert_ptr_nonnull(find_term(doc, "Convention"));
  /* « Le Prestataire : » outside the Définitions clause is prose. */
  ck_assert_int_eq(find_term(doc, "Client")->uses.len, 2);
  free_compilation();
  /* A sub-clause of the Définitions clause is in it too. */
  doc = compile("# T\n\n## ARTICLE 1 - DÉFINITIONS\n\n1.1. Le Client : Tout signataire.\n\n"
                "## ARTICLE 2 - OBJET\n\nLe Client signe.\n");
  ck_assert_int_eq(doc->terms.len, 1);
  ck_assert_str_eq(((Term *)doc->terms.items[0])->clause->number, "1.1");
  free_compilation();
}
END_TEST

START_TEST(stage_duplicate) {
  Document *doc = compile("# T\n\n"
                          "VOUS ACCEPTEZ LES DISPOSITIONS DU SERVICE EN LIGNE (COLLECTIVEMENT, "
                          "LE « SERVICE »).\n\n"
                          "« Service(s) » signifie l'édition des services en ligne.\n\n"
                          "Le Service et les Services.\n");
  ck_assert_int_eq(unit_count(C, D_DUPLICATE_TERM), 1);
  const Diag *g = unit_find(C, D_DUPLICATE_TERM);
  ck_assert_int_eq(g->line, 5);
  ck_assert_str_eq(g->subject, "Service");
  ck_assert_ptr_nonnull(strstr(g->message, "ligne 3"));
  ck_assert_int_eq(g->severity, SEV_ERROR);
  ck_assert_int_eq(doc->terms.len, 1);
  Term *t = doc->terms.items[0];
  ck_assert_str_eq(t->name, "SERVICE");
  ck_assert(has_form(t, "Services"));
  /* « DU SERVICE » in the capitals and the last paragraph's two. */
  ck_assert_int_eq(t->uses.len, 3);
  ck_assert_ptr_eq(g->term, t);
  free_compilation();
}
END_TEST

START_TEST(stage_duplicate_acknowledged) {
  compile("# T\n\n"
          "Les « données » indiquent les logs.\n\n"
          "<!-- termc:ack duplicate-term « Données » redéfini dans l’original. -->\n"
          "Les documents soumis (les « Données »). Les données.\n");
  const Diag *g = unit_find(C, D_DUPLICATE_TERM);
  ck_assert_ptr_nonnull(g);
  ck_assert(g->acknowledged);
  ck_assert_int_eq(unit_count(C, D_UNUSED_ACK), 0);
  free_compilation();
}
END_TEST

START_TEST(stage_unused) {
  compile("# T\n\n"
          "Le règlement (ci-après « GDPR ») et les « vous » désigne l’utilisateur.\n\n"
          "Rien d’autre.\n");
  ck_assert_int_eq(unit_count(C, D_UNUSED_TERM), 1);
  const Diag *g = unit_find(C, D_UNUSED_TERM);
  ck_assert_str_eq(g->subject, "GDPR");
  ck_assert_int_eq(g->line, 3);
  ck_assert_int_eq(g->severity, SEV_WARNING);
  free_compilation();
}
END_TEST

START_TEST(stage_variant_at_definition_is_not_a_use) {
  Document *doc = compile("# T\n\n"
                          "Le client ouvre un compte (ci-après le « Compte » ou « Compte Client »)."
                          "\n\nRien d’autre.\n");
  ck_assert_int_eq(find_term(doc, "Compte")->uses.len, 0);
  ck_assert_int_eq(unit_count(C, D_UNUSED_TERM), 1);
  free_compilation();
}
END_TEST

START_TEST(stage_explicit_define) {
  Document *doc = compile("# T\n\n"
                          "<!-- termc:define « Plateforme pour les Développeurs » -->\n"
                          "le « VAP » ainsi que les API sont définis comme étant la « Plateforme "
                          "pour les Développeurs »).\n\n"
                          "La Plateforme pour les Développeurs est fournie.\n");
  Term *t = find_term(doc, "Plateforme pour les Développeurs");
  ck_assert_ptr_nonnull(t);
  ck_assert_int_eq(t->pos.line, 4);
  ck_assert_int_eq(t->uses.len, 1);
  Annot *an = doc->annots.items[0];
  ck_assert_int_eq(an->kind, ANNOT_DEFINE);
  ck_assert_int_eq(an->uses, 1);
  ck_assert_int_eq(unit_count(C, D_BAD_ANNOTATION), 0);
  free_compilation();
}
END_TEST

START_TEST(stage_explicit_define_variants) {
  Document *doc = compile("# T\n\n"
                          "<!-- termc:define « Partie(s) » « Partie » « Parties » -->\n"
                          "le Client et la société étant dénommés la ou les « Partie(s) ».\n\n"
                          "Chaque Partie informe les Parties.\n");
  Term *t = find_term(doc, "Partie");
  ck_assert_ptr_nonnull(t);
  ck_assert(has_form(t, "Parties"));
  ck_assert_int_eq(t->uses.len, 2);
  free_compilation();
}
END_TEST

START_TEST(stage_explicit_define_overrides_phrasing) {
  Document *doc = compile("# T\n\n"
                          "<!-- termc:define « Droits de propriété intellectuelle » -->\n"
                          "**1.3 Les Droits de propriété intellectuelle** : désigne les "
                          "brevets.\n\n"
                          "Les Droits de propriété intellectuelle de TikTok.\n");
  ck_assert_int_eq(doc->terms.len, 1);
  ck_assert_int_eq(unit_count(C, D_DUPLICATE_TERM), 0);
  ck_assert_int_eq(find_term(doc, "Droits de propriété intellectuelle")->uses.len, 1);
  free_compilation();
}
END_TEST

START_TEST(stage_explicit_define_on_list) {
  Document *doc = compile("# T\n\n"
                          "<!-- termc:define « Ticket Incident » -->\n"
                          "- une demande d’assistance ;\n"
                          "- un ticket (ou « Ticket Incident »).\n\n"
                          "Le Ticket Incident est clos.\n");
  Term *t = find_term(doc, "Ticket Incident");
  ck_assert_ptr_nonnull(t);
  ck_assert_int_eq(t->pos.line, 5);
  ck_assert_int_eq(t->uses.len, 1);
  free_compilation();
}
END_TEST

START_TEST(stage_explicit_define_missing) {
  compile("# T\n\n"
          "<!-- termc:define « Plateforme » -->\n"
          "Un paragraphe qui ne le nomme pas.\n");
  ck_assert_int_eq(unit_count(C, D_BAD_ANNOTATION), 1);
  const Diag *g = unit_find(C, D_BAD_ANNOTATION);
  ck_assert_int_eq(g->line, 3);
  ck_assert_ptr_nonnull(strstr(g->message, "Plateforme"));
  free_compilation();
}
END_TEST

/* ---- undefined terms ------------------------------------------------------------- */

START_TEST(undefined_true_positive) {
  compile("# T\n\n"
          "Le développeur crée un Chatbot. Viber peut publier le Chatbot.\n\n"
          "Les utilisateurs de votre Chatbot.\n\n"
          "En tant que Commerçant, vous vendez par le biais du Chatbot.\n");
  ck_assert_int_eq(unit_count(C, D_UNDEFINED_TERM), 1);
  const Diag *g = unit_find(C, D_UNDEFINED_TERM);
  ck_assert_str_eq(g->subject, "Chatbot");
  ck_assert_int_eq(g->line, 3);
  ck_assert_int_eq(g->col, 24);
  ck_assert_ptr_nonnull(strstr(g->message, "4 fois"));
  free_compilation();
}
END_TEST

START_TEST(undefined_phrase_and_plural) {
  compile("# T\n\n"
          "Les données (les « Données »). Toutes les Données Clients, et des Données Clients.\n\n"
          "Ces Données Client sont supprimées. Chaque Partie et les Parties, l’autre Partie.\n");
  ck_assert_int_eq(unit_count(C, D_UNDEFINED_TERM), 2);
  const Diag *g = unit_find(C, D_UNDEFINED_TERM);
  ck_assert_str_eq(g->subject, "Données Clients");
  ck_assert_ptr_nonnull(strstr(g->message, "3 fois"));
  free_compilation();
}
END_TEST

START_TEST(undefined_shared_tail) {
  compile("# T\n\n"
          "TikTok et les Sociétés affiliées à TikTok. Les Sociétés affiliées de TikTok.\n\n"
          "Les Sociétés affiliées, les Sociétés.\n");
  ck_assert_int_eq(unit_count(C, D_UNDEFINED_TERM), 1);
  ck_assert_str_eq(unit_find(C, D_UNDEFINED_TERM)->subject, "Sociétés");
  free_compilation();
  compile("# T\n\n"
          "TikTok et les Sociétés affiliées à TikTok. Les Sociétés affiliées de TikTok.\n\n"
          "Les Sociétés affiliées existent.\n");
  ck_assert_str_eq(unit_find(C, D_UNDEFINED_TERM)->subject, "Sociétés affiliées");
  free_compilation();
}
END_TEST

START_TEST(undefined_false_positives) {
  compile(
      "# Conditions Générales\n\n"
      "<!-- termc\nself: Conditions Générales, Conditions générales\n-->\n\n"
      /* names written without a determiner elsewhere */
      "Viber publie. La Viber, la Viber, la Viber, par Viber.\n\n"
      /* citations, institutions, places */
      "Voir l’Article 3, l’Article 4, l’Article 5 et l’Annexe 1, l’Annexe 2, l’Annexe 3.\n\n"
      "L’Union européenne, l’Union européenne, l’Union européenne, le Code civil, le Code "
      "civil, le Code civil, la France, la France, la France.\n\n"
      /* the text's own name */
      "Les présentes Conditions générales et les Conditions Générales, les Conditions "
      "Générales.\n\n"
      /* capitals, quotes, links, titles */
      "LA PLATEFORME, LA PLATEFORME ET LA PLATEFORME.\n\n"
      "l’article « Conditions aux Consommateurs », l’article « Conditions aux Consommateurs "
      "» et l’article « Conditions aux Consommateurs ».\n\n"
      "les [Règles Google Pay](https://a.b), les [Règles Google Pay](https://a.b) et les "
      "[Règles Google Pay](https://a.b).\n\n"
      /* a long proper name, a group named by its brand */
      "le Service National Consommateurs, le Service National Consommateurs, le Service "
      "National Consommateurs.\n\n"
      "le Groupe ALLMYCMS, du Groupe NOBEGESA INVESTMENTS, le Groupe de l’article 29.\n\n"
      /* fewer than three uses; sentence starts */
      "la Plateforme Viber et la Plateforme Viber. Plateforme. Plateforme. Plateforme.\n\n"
      "## Une Section En Titre\n\n## Une Section En Titre bis\n\n## Une Section En Titre ter\n");
  for (int i = 0; i < C->diags.list.len; i++) {
    const Diag *g = C->diags.list.items[i];
    ck_assert_msg(g->code != D_UNDEFINED_TERM, "unexpected: %s", g->message);
  }
  free_compilation();
}
END_TEST

START_TEST(undefined_acknowledged) {
  compile("# T\n\n"
          "<!-- termc:ack undefined-term « Données Clients » jamais défini. -->\n"
          "Toutes les Données Clients, des Données Clients et ces Données Clients.\n");
  const Diag *g = unit_find(C, D_UNDEFINED_TERM);
  ck_assert_ptr_nonnull(g);
  ck_assert(g->acknowledged);
  free_compilation();
}
END_TEST

/* ---- scale ----------------------------------------------------------------------- */

START_TEST(scale_many_terms) {
  enum { N = 10000 };
  Buf md = {0};
  buf_puts(&md, "# T\n\n");
  for (int i = 0; i < N; i++)
    buf_printf(&md, "« Terme%d » désigne la chose %d.\n\n", i, i);
  for (int i = 0; i < N; i++)
    buf_printf(&md, "%sTerme%d et Terme%d", i ? ", " : "Le texte cite ", i, N - 1 - i);
  buf_puts(&md, ".\n");
  Document *doc = compile(buf_cstr(&md));
  buf_free(&md);
  ck_assert_int_eq(doc->terms.len, N);
  for (int i = 0; i < N; i += 997)
    ck_assert_int_eq(((Term *)doc->terms.items[i])->uses.len, 2);
  ck_assert_int_eq(unit_count(C, D_UNUSED_TERM), 0);
  ck_assert_int_eq(unit_count(C, D_DUPLICATE_TERM), 0);
  free_compilation();
}
END_TEST

/* One sentence that defines the same term 20 000 times: each definition
 * shares the sentence's text (the copy per definition once took 11 GB). */
START_TEST(scale_redefinitions_in_one_sentence) {
  enum { N = 20000 };
  Buf md = {0};
  buf_puts(&md, "# T\n\n## 1. Définitions\n\n");
  for (int i = 0; i < N; i++)
    buf_puts(&md, "(ci-après le « Client ») ");
  buf_puts(&md, "\n");
  Document *doc = compile(buf_cstr(&md));
  buf_free(&md);
  ck_assert_int_eq(doc->terms.len, 1);
  ck_assert_int_eq(unit_count(C, D_DUPLICATE_TERM), N - 1);
  free_compilation();
}
END_TEST

START_TEST(scale_long_paragraph) {
  enum { REPEAT = 200000 };
  Term *t[] = {term("Client", NULL), term("Compte Client", NULL), term("Services", NULL)};
  Buf b = {0};
  for (int i = 0; i < REPEAT; i++)
    buf_puts(&b, "le Compte Client du Client et les Services, « Comptes » ; ");
  FlatText *ft = flat_from_string(A, b.data, b.len);
  buf_free(&b);
  TermIndex *ix = term_index_new(A, t, 3);
  TermUse *u;
  ck_assert_int_eq(terms_find_uses(A, ix, ft, &u), 3 * REPEAT);
  TermMatch *m;
  ck_assert_int_eq(terms_scan(A, ft, true, &m), 0);
}
END_TEST

Suite *unit_suite(void) {
  Suite *s = suite_create("terms");
  TCase *scan_case = tcase_create("scan");
  tcase_add_checked_fixture(scan_case, setup, teardown);
  tcase_add_test(scan_case, defining_verbs);
  tcase_add_test(scan_case, defining_verbs_negative);
  tcase_add_test(scan_case, straight_and_curly_quotes);
  tcase_add_test(scan_case, ci_apres);
  tcase_add_test(scan_case, parenthesis);
  tcase_add_test(scan_case, parenthesis_negative);
  tcase_add_test(scan_case, bold_between_quotes);
  tcase_add_test(scan_case, numbered_title);
  tcase_add_test(scan_case, colon_in_definitions);
  tcase_add_test(scan_case, colon_negative);
  tcase_add_test(scan_case, les_termes);
  tcase_add_test(scan_case, variants);
  tcase_add_test(scan_case, several_in_one_paragraph);
  tcase_add_test(scan_case, scan_edges);
  suite_add_tcase(s, scan_case);

  TCase *forms = tcase_create("inflections");
  tcase_add_checked_fixture(forms, setup, teardown);
  tcase_add_test(forms, inflections);
  tcase_add_test(forms, inflections_at_most_four);
  suite_add_tcase(s, forms);

  TCase *use = tcase_create("uses");
  tcase_add_checked_fixture(use, setup, teardown);
  tcase_add_test(use, uses_whole_words);
  tcase_add_test(use, uses_case);
  tcase_add_test(use, uses_capitals);
  tcase_add_test(use, uses_longest_first);
  tcase_add_test(use, uses_typography);
  tcase_add_test(use, uses_not_in_code_or_addresses);
  tcase_add_test(use, uses_pronouns_not_tracked);
  tcase_add_test(use, uses_many_terms_same_word);
  suite_add_tcase(s, use);

  TCase *stage = tcase_create("stage");
  tcase_add_test(stage, stage_terms_and_uses);
  tcase_add_test(stage, stage_definition_text);
  tcase_add_test(stage, stage_definitions_clause);
  tcase_add_test(stage, stage_duplicate);
  tcase_add_test(stage, stage_duplicate_acknowledged);
  tcase_add_test(stage, stage_unused);
  tcase_add_test(stage, stage_variant_at_definition_is_not_a_use);
  tcase_add_test(stage, stage_explicit_define);
  tcase_add_test(stage, stage_explicit_define_variants);
  tcase_add_test(stage, stage_explicit_define_overrides_phrasing);
  tcase_add_test(stage, stage_explicit_define_on_list);
  tcase_add_test(stage, stage_explicit_define_missing);
  tcase_add_test(stage, undefined_true_positive);
  tcase_add_test(stage, undefined_phrase_and_plural);
  tcase_add_test(stage, undefined_shared_tail);
  tcase_add_test(stage, undefined_false_positives);
  tcase_add_test(stage, undefined_acknowledged);
  suite_add_tcase(s, stage);

  TCase *scale = tcase_create("scale");
  tcase_add_checked_fixture(scale, setup, teardown);
  tcase_set_timeout(scale, 120);
  tcase_add_test(scale, scale_many_terms);
  tcase_add_test(scale, scale_redefinitions_in_one_sentence);
  tcase_add_test(scale, scale_long_paragraph);
  suite_add_tcase(s, scale);
  return s;
}
