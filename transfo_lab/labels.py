"""The one table of user-facing words (French by default, English available).

Titles, axis labels, report headings and data-error sentences all come from here,
so that a whole report switches language with one ``lang`` parameter.

Each phase keeps its keys in its own section below (``# --- <phase> ---``).

Examples
--------
>>> label("validation.required", "fr")
'valeur obligatoire manquante'
>>> label("validation.bad_int", "en", value="trois")
'whole number expected, found "trois"'
>>> format_euros(166200)
'166\u202f200\xa0€'
"""
from __future__ import annotations

from typing import Literal

Lang = Literal["fr", "en"]
LANGS: tuple[str, ...] = ("fr", "en")

#: thin non-breaking space, the French thousands separator
NNBSP = "\u202f"
#: non-breaking space, between a number and its unit
NBSP = "\xa0"

LABELS: dict[str, dict[str, str]] = {
    # --- validation --------------------------------------------------------------------------
    "validation.error": {"fr": "erreur", "en": "error"},
    "validation.warning": {"fr": "avertissement", "en": "warning"},
    "validation.row": {"fr": "ligne", "en": "row"},
    "validation.column": {"fr": "colonne", "en": "column"},
    "validation.found": {"fr": "valeur trouvée", "en": "value found"},
    "validation.ok": {"fr": "Aucun problème : le dossier du programme est valide.",
                      "en": "No problem found: the programme folder is valid."},
    "validation.summary": {"fr": "{errors} erreur(s), {warnings} avertissement(s)",
                           "en": "{errors} error(s), {warnings} warning(s)"},
    "validation.missing_column": {"fr": "colonne obligatoire absente (en-têtes trouvés : {found})",
                                  "en": "required column missing (headers found: {found})"},
    "validation.unknown_column": {"fr": "colonne inconnue, ignorée (colonnes attendues : {expected})",
                                  "en": "unknown column, ignored (expected columns: {expected})"},
    "validation.duplicate_column": {"fr": "colonne présente deux fois",
                                    "en": "column present twice"},
    "validation.required": {"fr": "valeur obligatoire manquante", "en": "required value missing"},
    "validation.bad_date": {"fr": "date illisible « {value} » : attendu une date comme 12/03/2016 ou 2016-03-12",
                            "en": 'unreadable date "{value}": expected a date such as 12/03/2016 or 2016-03-12'},
    "validation.bad_int": {"fr": "nombre entier attendu, trouvé « {value} »",
                           "en": 'whole number expected, found "{value}"'},
    "validation.bad_float": {"fr": "nombre attendu (virgule décimale acceptée, ex. 2,5), trouvé « {value} »",
                             "en": 'number expected (e.g. 2.5), found "{value}"'},
    "validation.bad_bool": {"fr": "oui ou non attendu, trouvé « {value} »",
                            "en": 'yes or no expected, found "{value}"'},
    "validation.bad_choice": {"fr": "valeur « {value} » non reconnue : attendu l'une de {expected}",
                              "en": 'value "{value}" not recognised: expected one of {expected}'},
    "validation.out_of_range": {"fr": "valeur {value} hors limites : attendu entre {min} et {max}",
                                "en": "value {value} out of range: expected between {min} and {max}"},
    "validation.below_min": {"fr": "valeur {value} trop petite : attendu au moins {min}",
                             "en": "value {value} too small: expected at least {min}"},
    "validation.duplicate_id": {"fr": "identifiant « {value} » en double (déjà utilisé ligne {other})",
                                "en": 'duplicate id "{value}" (already used on row {other})'},
    "validation.unknown_ref": {"fr": "« {value} » inconnu : attendu un identifiant de {expected}",
                               "en": '"{value}" unknown: expected an id from {expected}'},
    "validation.unknown_site": {"fr": "site « {value} » inconnu : attendu l'un des sites de programme.yaml ({expected})",
                                "en": 'unknown site "{value}": expected one of the sites in programme.yaml ({expected})'},
    "validation.unknown_tag": {"fr": "étiquette « {value} » absente de la grille de codage ({expected})",
                               "en": 'tag "{value}" is not in the codebook ({expected})'},
    "validation.unused_tag": {"fr": "étiquette « {value} » jamais utilisée dans les observations",
                              "en": 'tag "{value}" is never used in the observations'},
    "validation.end_before_start": {"fr": "fin ({value}) avant le début ({other})",
                                    "en": "end ({value}) before start ({other})"},
    "validation.score_out_of_scale": {"fr": "note {value} hors de l'échelle du critère « {criterion} » : attendu entre {min} et {max}",
                                      "en": 'score {value} outside the scale of criterion "{criterion}": expected between {min} and {max}'},
    "validation.bad_scale": {"fr": "échelle incohérente : minimum {min} supérieur ou égal au maximum {max}",
                             "en": "inconsistent scale: minimum {min} not below maximum {max}"},
    "validation.empty_section": {"fr": "section « {value} » sans aucune ligne chiffrée",
                                 "en": 'section "{value}" has no costed line'},
    "validation.empty_file": {"fr": "fichier vide : attendu au moins une ligne d'en-têtes ({expected})",
                              "en": "empty file: expected at least a header row ({expected})"},
    "validation.header_only": {"fr": "aucune ligne de données (seulement les en-têtes)",
                               "en": "no data rows (headers only)"},
    "validation.bad_separator": {"fr": "séparateur non reconnu : les colonnes semblent séparées par « {value} » ; attendu « ; » ou « , »",
                                 "en": 'separator not recognised: columns seem separated by "{value}"; expected ";" or ","'},
    "validation.unreadable": {"fr": "fichier illisible ({value}) : attendu un CSV, un classeur .xlsx ou .ods",
                              "en": "unreadable file ({value}): expected a CSV, an .xlsx or .ods workbook"},
    "validation.formula": {"fr": "cellule contenant une formule sans valeur calculée ({value}) : ouvrez et enregistrez le classeur dans Excel ou LibreOffice, ou saisissez la valeur",
                           "en": "cell holds a formula with no computed value ({value}): open and save the workbook in Excel or LibreOffice, or type the value"},
    "validation.encoding": {"fr": "encodage Windows-1252 détecté (accents lus correctement) ; UTF-8 est recommandé",
                            "en": "Windows-1252 encoding detected (accents read correctly); UTF-8 is recommended"},
    "validation.bad_likert": {"fr": "réponse « {value} » non reconnue : attendu un nombre de 1 à 5 ou un libellé comme « Plutôt d'accord »",
                              "en": 'answer "{value}" not recognised: expected a number from 1 to 5 or a label such as "Agree"'},
    "validation.extra_cells": {"fr": "{value} cellules remplies pour {expected} en-têtes : les cellules en trop sont ignorées",
                               "en": "{value} cells filled for {expected} headers: the extra cells are ignored"},
    "validation.bad_sheet": {"fr": "feuille « {value} » absente du classeur (feuilles : {expected})",
                             "en": 'sheet "{value}" missing from the workbook (sheets: {expected})'},
    "validation.yaml": {"fr": "programme.yaml illisible : {value}", "en": "programme.yaml unreadable: {value}"},
    "validation.yaml_missing": {"fr": "fichier programme.yaml absent du dossier", "en": "programme.yaml missing from the folder"},
    "validation.yaml_key": {"fr": "{expected}, trouvé « {value} »", "en": '{expected}, found "{value}"'},
    "validation.not_a_folder": {"fr": "dossier de programme introuvable", "en": "programme folder not found"},
    "validation.two_files": {"fr": "deux fichiers pour la même table ({value}) : seul le premier est lu",
                             "en": "two files for the same table ({value}): only the first is read"},
    "validation.row_has_data": {"fr": "{value}", "en": "{value}"},
    "validation.weights_sum": {"fr": "la somme des poids vaut {value} et non 1 : les poids seront normalisés",
                               "en": "the weights sum to {value}, not 1: they will be normalised"},
    "validation.file": {"fr": "{value}", "en": "{value}"},
    "validation.yaml_unknown_key": {"fr": "clé inconnue, ignorée (clés attendues : {expected})",
                                    "en": "unknown key, ignored (expected keys: {expected})"},
    "config.expected_text": {"fr": "texte attendu", "en": "text expected"},
    "config.expected_choice": {"fr": "attendu l'une de {choices}", "en": "expected one of {choices}"},
    "config.expected_date": {"fr": "date attendue (ex. 2016-09-05 ou 05/09/2016)", "en": "date expected (e.g. 2016-09-05)"},
    "config.expected_sites": {"fr": "liste d'au moins un site attendue (- id: …, name: …)",
                              "en": "list of at least one site expected (- id: …, name: …)"},
    "config.expected_site": {"fr": "site attendu sous la forme « id: …, name: … »", "en": 'site expected as "id: …, name: …"'},
    "config.expected_site_id": {"fr": "identifiant de site attendu (lettres, chiffres, - _ .)",
                                "en": "site id expected (letters, digits, - _ .)"},
    "config.duplicate_site": {"fr": "identifiant de site déjà utilisé", "en": "site id already used"},
    "config.expected_team": {"fr": "équipe attendue (residents: […], ambassadeurs: […], agent_referent: …)",
                             "en": "team expected (residents: […], ambassadeurs: […], agent_referent: …)"},
    "config.expected_list": {"fr": "liste attendue", "en": "list expected"},
    "config.expected_shares": {"fr": "parts attendues (ex. collectivites: 0.67, partenaires: 0.33)",
                               "en": "shares expected (e.g. collectivites: 0.67, partenaires: 0.33)"},
    "config.expected_share": {"fr": "part entre 0 et 1 attendue", "en": "share between 0 and 1 expected"},
    # --- report ---------------------------------------------------------------------------------
    "report.kicker": {"fr": "Rapport de recherche-action", "en": "Research-action report"},
    "report.parameters": {"fr": "Paramètres du rapport", "en": "Report parameters"},
    "report.toc": {"fr": "Sommaire", "en": "Contents"},
    "report.footer": {"fr": "Produit avec transfo-lab", "en": "Made with transfo-lab"},
    "report.yes": {"fr": "oui", "en": "yes"},
    "report.no": {"fr": "non", "en": "no"},
    "report.no_chromium": {"fr": "export PDF impossible : Chromium est absent. Installez-le (« sudo apt-get install chromium ») "
                                 "ou lancez « make demo » qui l'installe.",
                           "en": "PDF export impossible: Chromium is missing. Install it (sudo apt-get install chromium)."},
    "report.col_site": {"fr": "Site", "en": "Site"},
    "report.col_phase": {"fr": "Phase", "en": "Phase"},
    "report.col_status": {"fr": "Statut", "en": "Status"},
    "report.col_time": {"fr": "Durée", "en": "Time"},
    "report.col_links": {"fr": "Rapports", "en": "Reports"},
    "report.status_ok": {"fr": "produit", "en": "done"},
    "report.status_skipped": {"fr": "à jour (inchangé)", "en": "up to date (unchanged)"},
    "report.status_failed": {"fr": "échec", "en": "failed"},
    "report.index_intro": {"fr": "Tous les rapports du programme", "en": "All the reports of the programme"},
    "report.param_programme": {"fr": "programme", "en": "programme"},
    "batch.summary": {"fr": "{total} rapport(s) : {failed} échec(s), {skipped} à jour", "en": "{total} report(s): {failed} failed, {skipped} up to date"},
    # --- widgets ------------------------------------------------------------------------------
    "widgets.previous": {"fr": "◀ Précédente", "en": "◀ Previous"},
    "widgets.next": {"fr": "Suivante ▶", "en": "Next ▶"},
    "widgets.save": {"fr": "Enregistrer", "en": "Save"},
    "widgets.counter": {"fr": "Observation {n} sur {total}", "en": "Observation {n} of {total}"},
    "widgets.site": {"fr": "Site", "en": "Site"},
    "widgets.date": {"fr": "Date", "en": "Date"},
    "widgets.method": {"fr": "Méthode", "en": "Method"},
    "widgets.participant": {"fr": "Participant", "en": "Participant"},
    "widgets.author": {"fr": "Noté par", "en": "Noted by"},
    "widgets.tags": {"fr": "Étiquettes", "en": "Tags"},
    "widgets.no_observations": {"fr": "Pas de données : aucune observation à coder.", "en": "No data: no observation to code."},
    "widgets.no_ideas": {"fr": "Pas de données : aucune idée à départager.", "en": "No data: no idea to vote on."},
    "widgets.no_criteria": {"fr": "Pas de données : aucun critère d'évaluation.", "en": "No data: no evaluation criterion."},
    "widgets.saved": {"fr": "Enregistré dans {file}.", "en": "Saved in {file}."},
    "widgets.backup": {"fr": "Version précédente sauvegardée : {file}", "en": "Previous version kept: {file}"},
    "widgets.nothing": {"fr": "Rien à enregistrer : aucune modification.", "en": "Nothing to save: no change."},
    "widgets.refused": {"fr": "Non enregistré, corrigez d'abord :", "en": "Not saved, first correct:"},
    "widgets.unknown_tags": {"fr": "observation {id} : étiquette(s) absente(s) de la grille de codage : {value}",
                             "en": "observation {id}: tag(s) not in the codebook: {value}"},
    "widgets.vote_title": {"fr": "Vote par gommettes de {voter} ({group})", "en": "Dot vote of {voter} ({group})"},
    "widgets.dots_left": {"fr": "Gommettes posées : {used} sur {total} (reste {left})",
                          "en": "Dots placed: {used} of {total} ({left} left)"},
    "widgets.too_many_dots": {"fr": "{used} gommettes posées, {total} au plus", "en": "{used} dots placed, at most {total}"},
    "widgets.bad_dots": {"fr": "idée {idea} : nombre entier positif ou nul attendu, trouvé « {value} »",
                         "en": 'idea {idea}: whole number ≥ 0 expected, found "{value}"'},
    "widgets.unknown_idea": {"fr": "idée {idea} absente de la banque d'idées", "en": "idea {idea} not in the ideas bank"},
    "widgets.no_voter": {"fr": "le nom du votant est vide", "en": "the voter's name is empty"},
    "widgets.bad_group": {"fr": "groupe « {value} » inconnu : attendu l'un de {expected}",
                          "en": 'group "{value}" unknown: expected one of {expected}'},
    "widgets.results": {"fr": "Résultat provisoire (tous les votants)", "en": "Running result (all voters)"},
    "widgets.col_idea": {"fr": "Idée", "en": "Idea"},
    "widgets.col_dots": {"fr": "Gommettes", "en": "Dots"},
    "widgets.grid_title": {"fr": "Grille d'évaluation : {site}, tour {round}", "en": "Evaluation grid: {site}, round {round}"},
    "widgets.scale": {"fr": "note de {min} à {max}, poids {weight}", "en": "score {min} to {max}, weight {weight}"},
    "widgets.expected": {"fr": "Preuves attendues : {value}", "en": "Evidence expected: {value}"},
    "widgets.score_placeholder": {"fr": "note ({min}–{max})", "en": "score ({min}–{max})"},
    "widgets.evidence_placeholder": {"fr": "la preuve qui étaye la note", "en": "the evidence behind the score"},
    "widgets.bad_score": {"fr": "critère {criterion} : nombre attendu, trouvé « {value} »",
                          "en": 'criterion {criterion}: number expected, found "{value}"'},
    "widgets.score_out_of_scale": {"fr": "critère {criterion} : note {value} hors de l'échelle {min}–{max}",
                                   "en": "criterion {criterion}: score {value} outside the scale {min}–{max}"},
    "widgets.unknown_criterion": {"fr": "critère {criterion} absent de la grille", "en": "criterion {criterion} not in the grid"},
    "widgets.unknown_site": {"fr": "site « {value} » inconnu : attendu l'un de {expected}",
                             "en": 'site "{value}" unknown: expected one of {expected}'},
    "widgets.bad_round": {"fr": "tour « {value} » : nombre entier ≥ 1 attendu", "en": 'round "{value}": whole number ≥ 1 expected'},
    # --- planning ------------------------------------------------------------------------------
    "planning.gantt_title": {"fr": "Calendrier du programme", "en": "Programme calendar"},
    "planning.today": {"fr": "Aujourd'hui", "en": "Today"},
    "planning.weekend": {"fr": "week-end", "en": "weekend"},
    "planning.col_severity": {"fr": "Gravité", "en": "Severity"},
    "planning.col_rule": {"fr": "Règle", "en": "Rule"},
    "planning.col_events": {"fr": "Événements", "en": "Events"},
    "planning.col_message": {"fr": "Constat", "en": "Finding"},
    "planning.no_finding": {"fr": "Aucun écart au protocole : le calendrier le respecte.",
                            "en": "No departure from the protocol: the calendar follows it."},
    "planning.generated": {"fr": "Le calendrier du programme est vide : voici le plan type généré à partir du {start}.",
                           "en": "The programme's calendar is empty: here is the standard plan generated from {start}."},
    "planning.col_item": {"fr": "Élément", "en": "Item"},
    "planning.col_value": {"fr": "Valeur", "en": "Value"},
    "planning.kind.transfo": {"fr": "La Transfo", "en": "La Transfo"},
    "planning.kind.pret_a_deployer": {"fr": "Prêt à déployer", "en": "Prêt à déployer"},
    "planning.summary.name": {"fr": "Programme", "en": "Programme"},
    "planning.summary.kind": {"fr": "Nature", "en": "Kind"},
    "planning.summary.start": {"fr": "Début", "en": "Start"},
    "planning.summary.sites": {"fr": "Sites", "en": "Sites"},
    "planning.summary.resident": {"fr": "Résidents", "en": "Résidents"},
    "planning.summary.ambassadeur": {"fr": "Ambassadeurs", "en": "Ambassadeurs"},
    "planning.summary.agent_referent": {"fr": "Agent référent", "en": "Agent référent"},
    "planning.summary.expected": {"fr": "{found} (protocole : {expected})", "en": "{found} (protocol: {expected})"},
    "planning.col_team_name": {"fr": "Nom", "en": "Name"},
    "planning.col_team_role": {"fr": "Rôle", "en": "Role"},
    "planning.col_team_detail": {"fr": "Discipline ou service", "en": "Discipline or department"},
    "planning.col_site_id": {"fr": "Identifiant", "en": "Id"},
    "planning.col_site_name": {"fr": "Nom", "en": "Name"},
    "planning.col_site_description": {"fr": "Description", "en": "Description"},
    "planning.role.resident": {"fr": "Résident·e", "en": "Résident"},
    "planning.role.ambassadeur": {"fr": "Ambassadeur·rice", "en": "Ambassadeur"},
    "planning.role.agent_referent": {"fr": "Agent référent", "en": "Agent référent"},
    "planning.role.coordination": {"fr": "Coordination", "en": "Coordination"},
    "planning.role.partenaire": {"fr": "Partenaire", "en": "Partner"},
    "planning.event.preparation": {"fr": "Préparation", "en": "Preparation"},
    "planning.event.session": {"fr": "Session", "en": "Session"},
    "planning.event.inter_transfo": {"fr": "Inter-Transfo", "en": "Inter-Transfo"},
    "planning.event.voyage_etude": {"fr": "Voyage d'étude", "en": "Study trip"},
    "planning.event.immersion": {"fr": "Semaine d'immersion", "en": "Immersion week"},
    "planning.event.journee_labo": {"fr": "Journée labo", "en": "Lab day"},
    "planning.event.seminaire_cloture": {"fr": "Séminaire de clôture", "en": "Closing seminar"},
    "planning.event.atelier_prospectif": {"fr": "Atelier prospectif", "en": "Prospective workshop"},
    "planning.event.restitution": {"fr": "Restitution", "en": "Restitution"},
    "planning.event.autre": {"fr": "Autre", "en": "Other"},
    "planning.type.preparation": {"fr": "Préparation", "en": "Preparation"},
    "planning.type.session": {"fr": "Sessions", "en": "Sessions"},
    "planning.type.inter_transfo": {"fr": "Inter-Transfo", "en": "Inter-Transfo"},
    "planning.type.voyage_etude": {"fr": "Voyage d'étude", "en": "Study trip"},
    "planning.type.immersion": {"fr": "Semaines d'immersion", "en": "Immersion weeks"},
    "planning.type.journee_labo": {"fr": "Journées labo", "en": "Lab days"},
    "planning.type.seminaire_cloture": {"fr": "Séminaire de clôture", "en": "Closing seminar"},
    "planning.type.atelier_prospectif": {"fr": "Ateliers prospectifs", "en": "Prospective workshops"},
    "planning.type.restitution": {"fr": "Restitutions", "en": "Restitutions"},
    "planning.type.autre": {"fr": "Autres temps", "en": "Other events"},
    "planning.phase.preparation": {"fr": "Préparation", "en": "Preparation"},
    "planning.phase.cas_pratiques": {"fr": "Cas pratiques", "en": "Practical cases"},
    "planning.phase.prefiguration": {"fr": "Préfiguration du labo", "en": "Prefiguring the lab"},
    "planning.phase.residence": {"fr": "Résidence étendue", "en": "Extended residence"},
    "planning.phase.ateliers": {"fr": "Ateliers prospectifs", "en": "Prospective workshops"},
    "planning.phase.cloture": {"fr": "Clôture et restitution", "en": "Closing and restitution"},
    "planning.phase.autre": {"fr": "Autre", "en": "Other"},
    "planning.plan.preparation": {"fr": "Préparation de la Transfo", "en": "Preparing the Transfo"},
    "planning.plan.preparation_text": {
        "fr": "Convention, agent référent, groupe d'ambassadeurs, premier cas pratique, recrutement des résidents, "
              "rencontres avec le CODIR.",
        "en": "Agreement, agent référent, ambassadeurs' group, first practical case, recruiting the résidents, "
              "meetings with the management board."},
    "planning.plan.session_cas_pratiques": {"fr": "Session {n} — cas pratique", "en": "Session {n} — practical case"},
    "planning.plan.session_cas_pratiques_text": {
        "fr": "Travaux pratiques des ambassadeurs et des résidents sur un cas pratique opérationnel.",
        "en": "Ambassadeurs and résidents work on an operational practical case."},
    "planning.plan.session_prefiguration": {"fr": "Session {n} — préfiguration du labo",
                                            "en": "Session {n} — prefiguring the lab"},
    "planning.plan.session_prefiguration_text": {
        "fr": "Préfiguration du labo d'innovation : valeurs, méthodes, organisation, budget, gouvernance.",
        "en": "Prefiguring the innovation lab: values, methods, organisation, budget, governance."},
    "planning.plan.inter_transfo": {"fr": "Inter-Transfo {n}", "en": "Inter-Transfo {n}"},
    "planning.plan.inter_transfo_text": {"fr": "Journée d'échanges entre toutes les collectivités de la Transfo.",
                                         "en": "A day of exchanges between all the collectivités of the Transfo."},
    "planning.plan.study_trip": {"fr": "Voyage d'étude", "en": "Study trip"},
    "planning.plan.study_trip_text": {
        "fr": "Voyage d'étude introductif sur les sites pilotes ({sites}) : s'immerger dans la thématique, "
              "problématiser le sujet, documenter les réalités locales.",
        "en": "Introductory study trip to the pilot sites ({sites}): immersion in the topic, framing the problem, "
              "documenting local realities."},
    "planning.plan.immersion": {"fr": "Semaine d'immersion {n} — {theme}", "en": "Immersion week {n} — {theme}"},
    "planning.plan.immersion_text": {"fr": "Immersion de l'équipe dans le site « camp de base ».",
                                     "en": "The team's immersion in the base-camp site."},
    "planning.plan.labo": {"fr": "Journée labo {n}", "en": "Lab day {n}"},
    "planning.plan.labo_text": {"fr": "Journée de réflexion et de croisement des résultats entre les sites pilotes.",
                                "en": "A day to reflect and cross the results between the pilot sites."},
    "planning.plan.closing": {"fr": "Séminaire de clôture", "en": "Closing seminar"},
    "planning.plan.closing_text": {"fr": "Bilan collectif des prototypes et évaluation dans la perspective du déploiement.",
                                   "en": "Collective review of the prototypes, assessed with deployment in view."},
    "planning.plan.workshop": {"fr": "Atelier prospectif {n}", "en": "Prospective workshop {n}"},
    "planning.plan.workshop_text": {"fr": "Journée de séminaire du cycle d'ateliers prospectifs.",
                                    "en": "Seminar day of the prospective workshop cycle."},
    "planning.plan.workshop_restitution": {"fr": "Restitution de l'atelier {n}", "en": "Restitution of workshop {n}"},
    "planning.plan.workshop_restitution_text": {"fr": "Restitution mise en forme et documentée de l'atelier.",
                                                "en": "The workshop's restitution, written up and documented."},
    "planning.plan.final": {"fr": "Restitution finale", "en": "Final restitution"},
    "planning.plan.final_text": {"fr": "Documentation globale de la démarche (livret).",
                                 "en": "Overall documentation of the programme (booklet)."},
    "planning.rule.end_before_start": {"fr": "fin ({end}) avant le début ({start})", "en": "end ({end}) before start ({start})"},
    "planning.rule.not_working_day": {"fr": "le {day} n'est pas un jour ouvré ({name})", "en": "{day} is not a working day ({name})"},
    "planning.rule.session_length": {
        "fr": "séquence de {days} jour(s) : le protocole prévoit des séquences de {low} à {high} jours d'affilée "
              "({lowest} à {highest} jours tolérés)",
        "en": "sequence of {days} day(s): the protocol plans sequences of {low} to {high} consecutive days "
              "({lowest} to {highest} days tolerated)"},
    "planning.rule.session_total": {"fr": "{total} jours de sessions au total : le protocole en prévoit {expected}",
                                    "en": "{total} session days in all: the protocol plans {expected}"},
    "planning.rule.session_span": {"fr": "sessions réparties sur {months} mois : le protocole prévoit {low} à {high} mois",
                                   "en": "sessions spread over {months} months: the protocol plans {low} to {high} months"},
    "planning.rule.prefiguration_too_early": {
        "fr": "session de préfiguration pendant les {months} premiers mois, consacrés aux cas pratiques",
        "en": "prefiguration session during the first {months} months, devoted to practical cases"},
    "planning.rule.cas_pratiques_too_late": {
        "fr": "cas pratique après les {months} premiers mois : la seconde partie porte sur la préfiguration du labo",
        "en": "practical case after the first {months} months: the second part is about prefiguring the lab"},
    "planning.rule.no_inter_transfo": {"fr": "aucune Inter-Transfo : le protocole en prévoit une tous les {low} à {high} mois",
                                       "en": "no Inter-Transfo: the protocol plans one every {low} to {high} months"},
    "planning.rule.inter_transfo_gap": {
        "fr": "{months} mois entre deux Inter-Transfo : {high} mois au plus (une Inter-Transfo tous les {low} à {high} mois)",
        "en": "{months} months between two Inter-Transfo: at most {high} months (one every {low} to {high} months)"},
    "planning.rule.inter_transfo_close": {
        "fr": "{months} mois seulement entre deux Inter-Transfo : le protocole en prévoit une tous les {low} à {high} mois",
        "en": "only {months} months between two Inter-Transfo: the protocol plans one every {low} to {high} months"},
    "planning.rule.preparation_length": {
        "fr": "{months} mois de préparation avant la première session : le protocole en prévoit {low} à {high}",
        "en": "{months} months of preparation before the first session: the protocol plans {low} to {high}"},
    "planning.rule.ambassadeur_preparation": {
        "fr": "{total} jour(s) de préparation des ambassadeurs entre les sessions : {low} à {high} jours cumulés attendus",
        "en": "{total} day(s) of ambassadeurs' preparation between sessions: {low} to {high} days in all expected"},
    "planning.rule.study_trip_count": {"fr": "{count} voyage(s) d'étude : le protocole en prévoit {expected}",
                                       "en": "{count} study trip(s): the protocol plans {expected}"},
    "planning.rule.study_trip_length": {"fr": "voyage d'étude de {days} jour(s) : le protocole prévoit {low} à {high} jours",
                                        "en": "study trip of {days} day(s): the protocol plans {low} to {high} days"},
    "planning.rule.immersion_count": {"fr": "{count} semaine(s) d'immersion : le protocole en prévoit {expected}",
                                      "en": "{count} immersion week(s): the protocol plans {expected}"},
    "planning.rule.immersion_length": {"fr": "semaine d'immersion étalée sur {days} jours : une semaine attendue",
                                       "en": "immersion week spread over {days} days: one week expected"},
    "planning.rule.immersion_overlap": {"fr": "semaines d'immersion qui se chevauchent (du {start} au {end})",
                                        "en": "overlapping immersion weeks (from {start} to {end})"},
    "planning.rule.immersion_order": {
        "fr": "semaines d'immersion dans le désordre ({order}) : observation, puis idéation, puis prototypes",
        "en": "immersion weeks out of order ({order}): observation, then ideation, then prototypes"},
    "planning.rule.labo_count": {"fr": "{count} journée(s) labo : le protocole en prévoit {expected}",
                                 "en": "{count} lab day(s): the protocol plans {expected}"},
    "planning.rule.labo_before_immersion": {
        "fr": "journée labo avant la première semaine d'immersion : les journées labo ont lieu entre les semaines d'immersion",
        "en": "lab day before the first immersion week: lab days take place between the immersion weeks"},
    "planning.rule.labo_after_closing": {
        "fr": "journée labo après le séminaire de clôture : les journées labo ont lieu pendant l'immersion",
        "en": "lab day after the closing seminar: lab days take place during the immersion"},
    "planning.rule.labo_missing_between": {
        "fr": "aucune journée labo entre ces deux semaines d'immersion : le protocole en prévoit une entre chaque semaine",
        "en": "no lab day between these two immersion weeks: the protocol plans one between each week"},
    "planning.rule.closing_missing": {"fr": "aucun séminaire de clôture : le protocole en prévoit un à l'issue de l'immersion",
                                      "en": "no closing seminar: the protocol plans one after the immersion"},
    "planning.rule.closing_count": {"fr": "{count} séminaires de clôture : le protocole en prévoit {expected}",
                                    "en": "{count} closing seminars: the protocol plans {expected}"},
    "planning.rule.closing_before_immersion": {"fr": "séminaire de clôture avant la fin de la dernière semaine d'immersion",
                                               "en": "closing seminar before the end of the last immersion week"},
    "planning.rule.field_phase": {
        "fr": "phase terrain de {months} mois (du voyage d'étude au séminaire de clôture) : le protocole prévoit {low} à {high} mois",
        "en": "field phase of {months} months (study trip to closing seminar): the protocol plans {low} to {high} months"},
    "planning.rule.workshop_count": {"fr": "{count} ateliers prospectifs : le cycle en compte {expected} au plus",
                                     "en": "{count} prospective workshops: the cycle has at most {expected}"},
    "planning.rule.workshop_before_closing": {
        "fr": "atelier prospectif avant le séminaire de clôture : le cycle d'ateliers commence au séminaire de clôture",
        "en": "prospective workshop before the closing seminar: the workshop cycle starts at the closing seminar"},
    "planning.rule.workshop_cycle_long": {
        "fr": "cycle d'ateliers de {months} mois à partir du séminaire de clôture : {high} mois au plus",
        "en": "workshop cycle of {months} months from the closing seminar: at most {high} months"},
    "planning.rule.workshop_cycle_short": {
        "fr": "cycle d'ateliers de {months} mois seulement : le protocole l'échelonne sur {low} à {high} mois",
        "en": "workshop cycle of only {months} months: the protocol spreads it over {low} to {high} months"},
    "planning.rule.plan_length": {"fr": "programme de {months} mois : le planning type en compte {expected}",
                                  "en": "programme of {months} months: the standard plan has {expected}"},
    # --- budget --------------------------------------------------------------------------------
    "budget.col_item": {"fr": "Poste", "en": "Item"},
    "budget.col_amount": {"fr": "Montant", "en": "Amount"},
    "budget.col_direct": {"fr": "Dépenses du site", "en": "Site costs"},
    "budget.col_shared": {"fr": "Part des dépenses communes", "en": "Share of common costs"},
    "budget.col_per_month": {"fr": "Par mois", "en": "Per month"},
    "budget.col_funder": {"fr": "Financeur", "en": "Funder"},
    "budget.total": {"fr": "Total général", "en": "Grand total"},
    "budget.funder.collectivites": {"fr": "Collectivités", "en": "Local authorities"},
    "budget.funder.partenaires": {"fr": "Partenaires", "en": "Partners"},
    "budget.no_financing": {"fr": "Pas de données : aucune répartition du financement dans programme.yaml (clé « financing »).",
                            "en": "No data: no financing split in programme.yaml (key \"financing\")."},
    "budget.shares_sum": {"fr": "les parts du financement totalisent {value} et non 1 : elles sont ramenées à 1",
                          "en": "the financing shares add up to {value}, not 1: they are scaled to 1"},
    # --- interop ----------------------------------------------------------------------------
    "interop.title": {"fr": "Import de {file}", "en": "Import of {file}"},
    "interop.count.sources": {"fr": "documents lus", "en": "documents read"},
    "interop.count.codes": {"fr": "codes lus", "en": "codes read"},
    "interop.count.segments": {"fr": "segments codés lus", "en": "coded segments read"},
    "interop.count.notes": {"fr": "mémos lus", "en": "memos read"},
    "interop.count.highlights": {"fr": "surlignages lus", "en": "highlights read"},
    "interop.count.respondents": {"fr": "répondants lus", "en": "respondents read"},
    "interop.count.questions": {"fr": "questions lues", "en": "questions read"},
    "interop.count.answers": {"fr": "réponses lues", "en": "answers read"},
    "interop.skipped": {"fr": "ignoré : {what} « {name} » : {reason}", "en": 'skipped: {what} "{name}": {reason}'},
    "interop.note": {"fr": "remarque : {text}", "en": "note: {text}"},
    "interop.what.source": {"fr": "document", "en": "document"},
    "interop.what.segment": {"fr": "segment", "en": "segment"},
    "interop.what.note": {"fr": "mémo", "en": "memo"},
    "interop.what.coding": {"fr": "codage", "en": "coding"},
    "interop.what.question": {"fr": "question", "en": "question"},
    "interop.what.respondent": {"fr": "répondant", "en": "respondent"},
    "interop.what.highlight": {"fr": "surlignage", "en": "highlight"},
    "interop.reason.not_text": {"fr": "source {kind} non prise en charge (seuls les documents texte sont importés)"
                                      "{codings}",
                                "en": "{kind} source not supported (only text documents are imported){codings}"},
    "interop.reason.codings": {"fr": ", {n} segment(s) codé(s) non importé(s)", "en": ", {n} coded segment(s) not imported"},
    "interop.reason.external_text": {"fr": "texte hors de l'archive ({value}) : exportez le projet avec ses sources",
                                     "en": "text outside the archive ({value}): export the project with its sources"},
    "interop.reason.no_site": {"fr": "site inconnu : précisez --site (ou une variable « site » du cas)",
                               "en": 'unknown site: give --site (or a "site" variable on the case)'},
    "interop.reason.no_date": {"fr": "date inconnue : précisez --date (ou une variable « date »)",
                               "en": 'unknown date: give --date (or a "date" variable)'},
    "interop.reason.unknown_code": {"fr": "code {value} absent de la grille du projet",
                                    "en": "code {value} not in the project's codebook"},
    "interop.reason.empty": {"fr": "texte vide", "en": "empty text"},
    "interop.reason.code_memo": {"fr": "mémo attaché à un code : non importé", "en": "memo attached to a code: not imported"},
    "interop.reason.not_likert": {"fr": "réponses hors de l'échelle de Likert (ex. « {value} ») : ajoutez-les "
                                        "à la section answers du fichier de correspondance",
                                  "en": 'answers outside the Likert scale (e.g. "{value}"): add them to the answers '
                                        "section of the mapping file"},
    "interop.no_definition": {"fr": "Importée de {file} : définition à compléter", "en": "Imported from {file}: definition to write"},
    "interop.family_imported": {"fr": "Importées", "en": "Imported"},
    "interop.example_prefix": {"fr": "Exemple : ", "en": "Example: "},
    "interop.date_from_file": {"fr": "date des notes inconnue : date du fichier utilisée ({value}) ; précisez --date",
                               "en": "date of the notes unknown: the file's date is used ({value}); give --date"},
    "interop.renamed_tag": {"fr": "code « {value} » présent sous plusieurs parents : étiquette « {tag} »",
                            "en": 'code "{value}" found under several parents: tag "{tag}"'},
    "interop.bad_zip": {"fr": "ce n'est pas un projet REFI-QDA lisible (archive zip .qdpx attendue)",
                        "en": "not a readable REFI-QDA project (a .qdpx zip archive is expected)"},
    "interop.no_project": {"fr": "l'archive ne contient pas de fichier project.qde : ce n'est pas un projet REFI-QDA",
                           "en": "the archive holds no project.qde file: not a REFI-QDA project"},
    "interop.bad_xml": {"fr": "XML mal formé ({value})", "en": "malformed XML ({value})"},
    "interop.bad_root": {"fr": "élément racine <{value}> inattendu : attendu <{expected}>",
                         "en": "unexpected root element <{value}>: expected <{expected}>"},
    "interop.bad_attribute": {"fr": "élément <{element}> « {name} » : attribut {attribute} invalide ou absent (« {value} »)",
                              "en": 'element <{element}> "{name}": invalid or missing attribute {attribute} ("{value}")'},
    "interop.missing_text": {"fr": "document « {name} » : texte {value} absent de l'archive",
                             "en": 'document "{name}": text {value} missing from the archive'},
    "interop.past_end": {"fr": "segment {guid} du document « {name} » : positions {start}–{end} au-delà de la fin du "
                               "document ({length} caractères)",
                         "en": 'segment {guid} of document "{name}": positions {start}–{end} past the end of the '
                               "document ({length} characters)"},
    "interop.missing_columns": {"fr": "colonne(s) {value} absente(s) (en-têtes trouvés : {found})",
                                "en": "column(s) {value} missing (headers found: {found})"},
    "interop.bad_mapping": {"fr": "fichier de correspondance : {value}", "en": "mapping file: {value}"},
    "interop.unknown_site": {"fr": "site « {value} » inconnu du programme : attendu l'un de {expected} ; précisez --site "
                                   "ou la section sites du fichier de correspondance",
                             "en": 'site "{value}" unknown to the programme: expected one of {expected}; give --site '
                                   "or the sites section of the mapping file"},
    "interop.workbook_table": {"fr": "la table « {table} » est dans le classeur {file} : les lignes importées ont été "
                                     "écrites dans {new}, à recopier dans le classeur",
                               "en": 'the table "{table}" is in the workbook {file}: the imported rows were written '
                                     "to {new}, to copy into the workbook"},
    "interop.workbook_refused": {"fr": "la table « {table} » est dans le classeur {file} et {new} existe déjà : "
                                       "recopiez d'abord ses lignes dans le classeur puis supprimez-le",
                                 "en": 'the table "{table}" is in the workbook {file} and {new} already exists: '
                                       "first copy its rows into the workbook, then delete it"},
    "interop.merge_title": {"fr": "Ajout au programme {programme}", "en": "Added to the programme {programme}"},
    "interop.merge_title_dry": {"fr": "Simulation (--dry-run) : rien n'est écrit dans {programme}",
                                "en": "Dry run: nothing is written into {programme}"},
    "interop.added": {"fr": "{table} : {n} ligne(s) ajoutée(s)", "en": "{table}: {n} row(s) added"},
    "interop.would_add": {"fr": "{table} : {n} ligne(s) seraient ajoutées", "en": "{table}: {n} row(s) would be added"},
    "interop.duplicate": {"fr": "déjà présent, non ajouté : {table} {value}", "en": "already present, not added: {table} {value}"},
    "interop.new_id": {"fr": "identifiant {old} déjà pris : la ligne reçoit {new}", "en": "id {old} already taken: the row gets {new}"},
    "interop.new_tag": {"fr": "étiquette « {value} » absente de la grille : ajoutée (famille « {family} »)",
                        "en": 'tag "{value}" not in the codebook: added (family "{family}")'},
    "interop.written": {"fr": "fichier écrit : {file}", "en": "file written: {file}"},
    "interop.nothing": {"fr": "rien à ajouter", "en": "nothing to add"},
    "interop.exported": {"fr": "Exporté : {file} ({codes} codes, {sources} documents, {segments} segments)",
                         "en": "Exported: {file} ({codes} codes, {sources} documents, {segments} segments)"},
    "interop.matrix_sheet": {"fr": "Codes x observations", "en": "Codes x observations"},
    "interop.cooccurrence_sheet": {"fr": "Cooccurrences", "en": "Co-occurrences"},
    "interop.col_observation": {"fr": "Observation", "en": "Observation"},
    "interop.col_tag": {"fr": "Étiquette", "en": "Tag"},
    # --- common report words -----------------------------------------------------------------
    "common.site": {"fr": "Site", "en": "Site"},
    "common.all_sites": {"fr": "Tous les sites", "en": "All sites"},
    "common.no_data": {"fr": "Pas de données", "en": "No data"},
    "common.total": {"fr": "Total", "en": "Total"},
    "common.count": {"fr": "Nombre", "en": "Count"},
    "common.share": {"fr": "Part", "en": "Share"},
    "common.date": {"fr": "Date", "en": "Date"},
    "common.phase": {"fr": "Phase", "en": "Phase"},
}

MONTHS = {
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported language, else raise a ParameterError."""
    if lang not in LANGS:
        from transfo_lab.exceptions import ParameterError

        raise ParameterError(f"`lang` is expected to be one of {LANGS}. Got {lang!r} instead.")
    return lang


def label(key: str, lang: str = "fr", **values) -> str:
    """Return the user-facing text for ``key`` in ``lang``, formatted with ``values``."""
    check_lang(lang)
    try:
        text = LABELS[key][lang]
    except KeyError:
        raise KeyError(f"no label {key!r}") from None
    return text.format(**values) if values else text


def format_number(value: float, decimals: int = 0, lang: str = "fr") -> str:
    """Format a number the French way (``76 900``, ``2,5``) or the English way.

    >>> format_number(76900)
    '76\u202f900'
    >>> format_number(2.5, 1)
    '2,5'
    >>> format_number(76900.5, 1, lang="en")
    '76,900.5'
    """
    text = f"{value:,.{decimals}f}"
    if lang == "fr":
        text = text.replace(",", NNBSP).replace(".", ",")
    return text


def format_euros(value: float, decimals: int = 0, lang: str = "fr") -> str:
    """Format an amount in euros: ``166 200 €`` in French, ``€166,200`` in English."""
    number = format_number(value, decimals, lang)
    return f"{number}{NBSP}€" if lang == "fr" else f"€{number}"


def format_percent(value: float, decimals: int = 0, lang: str = "fr") -> str:
    """Format a share (0–1) as a percentage: ``67 %`` in French.

    >>> format_percent(2 / 3)
    '67\xa0%'
    """
    number = format_number(100 * value, decimals, lang)
    return f"{number}{NBSP}%" if lang == "fr" else f"{number}%"
