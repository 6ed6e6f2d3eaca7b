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
