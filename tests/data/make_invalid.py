"""Writes the broken programme folders of ``tests/data/invalid/`` (run it to regenerate them).

Each folder is a complete tiny programme (``programme.yaml`` with the two sites ``site-a``
and ``site-b``, and only the one to three tables needed) in which exactly one thing is
broken — or, for the cases named ``valide_*``, an unusual but valid input that must be
read correctly. ``tests/test_invalid_inputs.py`` validates each folder and checks the
exact located message.

The output is deterministic: running the script twice gives the same bytes (workbooks are
rewritten with fixed zip timestamps and fixed document dates; the "random" bytes come from
a seeded generator).

    python tests/data/make_invalid.py
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import zipfile
from pathlib import Path

HERE = Path(__file__).parent / "invalid"

YAML = """\
name: Cas de test « {case} »
kind: pret_a_deployer
lang: fr
start: 2017-01-09
description: {description}
sites:
  - id: site-a
    name: Lycée A
  - id: site-b
    name: Lycée B
"""

OBS_HEADER = "Identifiant;Site;Date;Méthode;Texte"
OBS_ROWS = ["O1;site-a;12/01/2017;observation;Le portail ferme à 18 h",
            "O2;site-b;13/01/2017;entretien;La cantine est bruyante"]
CRITERIA = "Identifiant;Critère;Dimension;Poids;Échelle min;Échelle max\nC1;Usage;usage;0,6;1;5\nC2;Coûts;coûts;0,4;1;5\n"

#: folder → (what is broken, {file name: text or bytes or a writer function})
CASES: dict[str, tuple[str, dict]] = {}


def case(name: str, description: str, files: dict) -> None:
    CASES[name] = (description, files)


def csv(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# --- CSV reading -------------------------------------------------------------------------------
case("separateur_pipe", "observations.csv utilise « | » comme séparateur.", {
    "observations.csv": csv(*(line.replace(";", "|") for line in [OBS_HEADER, *OBS_ROWS]))})
case("valide_windows1252", "observations.csv encodé en Windows-1252 (accents) : valide.", {
    "observations.csv": csv(OBS_HEADER, "O1;site-a;12/01/2017;enquête;Élève à l'internat : « ça dépend des éducateurs »",
                            "O2;site-b;13/01/2017;entretien;Réfectoire trop bruyant, même en été").encode("cp1252")})
case("valide_bom_utf8", "observations.csv en UTF-8 avec BOM : valide, en-têtes reconnus.", {
    "observations.csv": b"\xef\xbb\xbf" + csv(OBS_HEADER, *OBS_ROWS).encode("utf-8")})
case("valide_date_fr_virgule", "Dates à la française et virgules décimales : valide.", {
    "criteres.csv": CRITERIA,
    "notes.csv": csv("Critère;Site;Tour;Note;Date", "C1;site-a;1;3,5;12/03/2017", "C2;site-b;1;4;13/03/2017")})
case("fichier_vide", "grille_codage.csv est vide (0 octet).", {"grille_codage.csv": b""})
case("en_tetes_seuls", "observations.csv n'a que sa ligne d'en-têtes (avertissement seulement).", {
    "observations.csv": csv(OBS_HEADER)})
case("colonne_inconnue", "observations.csv a une colonne « Humeur » inconnue (avertissement seulement).", {
    "observations.csv": csv(OBS_HEADER + ";Humeur", OBS_ROWS[0] + ";bonne", OBS_ROWS[1] + ";mauvaise")})

case("valide_apostrophe_typographique", "questionnaire.csv : libellés avec l'apostrophe typographique ’ "
     "(saisie automatique de Word, Excel, LibreOffice) : valide.", {
    "questionnaire.csv": csv("Répondant;Site;Question;Réponse",
                             "R1;site-a;Je me sens bien à l’internat;Plutôt d’accord",
                             "R2;site-b;Je me sens bien à l’internat;Tout à fait d’accord")})

# --- one cell or one column -------------------------------------------------------------------
case("colonne_obligatoire_absente", "observations.csv n'a pas de colonne « Texte ».", {
    "observations.csv": csv("Identifiant;Site;Date;Méthode", "O1;site-a;12/01/2017;observation",
                            "O2;site-b;13/01/2017;entretien")})
case("site_inconnu", "observations.csv, ligne 3 : site « site-z ».", {
    "observations.csv": csv(OBS_HEADER, OBS_ROWS[0], OBS_ROWS[1].replace("site-b", "site-z"))})
case("identifiant_en_double", "observations.csv, ligne 4 : identifiant O1 déjà utilisé ligne 2.", {
    "observations.csv": csv(OBS_HEADER, *OBS_ROWS, "O1;site-a;14/01/2017;photo;Le hall d'entrée")})
case("note_hors_echelle", "notes.csv, ligne 3 : note 7 pour un critère noté de 1 à 5.", {
    "criteres.csv": CRITERIA,
    "notes.csv": csv("Critère;Site;Tour;Note", "C1;site-a;1;4", "C1;site-b;1;7", "C2;site-a;1;2")})
case("date_illisible", "observations.csv : dates « 31/02/2017 » (ligne 2) et « demain » (ligne 3).", {
    "observations.csv": csv(OBS_HEADER, OBS_ROWS[0].replace("12/01/2017", "31/02/2017"),
                            OBS_ROWS[1].replace("13/01/2017", "demain"))})
case("poids_non_numerique", "criteres.csv, ligne 3 : poids « lourd ».", {
    "criteres.csv": CRITERIA.replace("0,4", "lourd")})

# --- between tables ----------------------------------------------------------------------------
case("etiquette_absente", "observations.csv, ligne 3 : étiquette « internat » absente de la grille.", {
    "grille_codage.csv": csv("Étiquette;Famille;Définition", "accueil;Espaces;L'arrivée dans l'établissement",
                             "cantine;Espaces;Les repas"),
    "observations.csv": csv(OBS_HEADER + ";Étiquettes", OBS_ROWS[0] + ";accueil", OBS_ROWS[1] + ";\"cantine, internat\"")})
case("reference_cassee", "tests.csv, ligne 2 : le prototype PR-99 n'existe pas.", {
    "prototypes.csv": csv("Identifiant;Nom;Nature", "PR-01;Casier connecté;maquette"),
    "tests.csv": csv("Identifiant;Prototype;Site;Date;Itération;Résultat",
                     "T-001;PR-99;site-a;20/03/2017;1;validee", "T-002;PR-01;site-b;21/03/2017;1;mitigee")})


# --- workbooks and programme.yaml --------------------------------------------------------------
def _xlsx_formula(path: Path) -> None:
    """observations.xlsx: row 3 left blank, a formula with no cached value in row 4, column « Semaine d'immersion »."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "observations"
    ws.append(["Identifiant", "Site", "Date", "Semaine d'immersion", "Méthode", "Texte"])
    ws.append(["O1", "site-a", dt.datetime(2017, 1, 12), 1, "observation", "Le portail ferme à 18 h"])
    ws.append([])  # row 3 stays blank
    ws.append(["O2", "site-b", dt.datetime(2017, 1, 13), "=1+1", "entretien", "La cantine est bruyante"])
    assert ws["D4"].value == "=1+1" and ws.max_row == 4
    wb.save(path)


def _ods_valid(path: Path) -> None:
    import pandas as pd

    frame = pd.DataFrame({
        "Identifiant": ["O1", "O2"], "Site": ["site-a", "site-b"],
        "Date": [dt.datetime(2017, 1, 12), dt.datetime(2017, 1, 13)],
        "Semaine d'immersion": [1, 2], "Méthode": ["observation", "Entretien"],
        "Texte": ["Le portail ferme à 18 h", "Réfectoire trop bruyant"]})
    frame.to_excel(path, engine="odf", index=False, sheet_name="observations")


def _broken_xlsx(path: Path) -> None:
    path.write_bytes(random.Random(2017).randbytes(512))


case("xlsx_formule_ligne_vide", "observations.xlsx : ligne 3 vide, formule sans valeur calculée en D4.", {
    "observations.xlsx": _xlsx_formula})
case("valide_classeur_ods", "observations.ods (OpenDocument) : valide.", {"observations.ods": _ods_valid})
case("xlsx_corrompu", "observations.xlsx n'est pas un classeur (octets aléatoires).", {"observations.xlsx": _broken_xlsx})
case("yaml_malforme", "programme.yaml : crochet ouvert ligne 6 (partners) jamais refermé.", {
    "programme.yaml": YAML.format(case="yaml_malforme", description='"crochet jamais refermé"').replace(
        "sites:\n", "partners: [Région, Rectorat\nsites:\n"),
    "observations.csv": csv(OBS_HEADER, *OBS_ROWS)})


# --- writing -----------------------------------------------------------------------------------
_FIXED_ZIP_TIME = (2017, 1, 9, 0, 0, 0)
_W3CDTF = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def _make_deterministic(path: Path) -> None:
    """Rewrite a zip-based workbook with fixed timestamps (zip entries and document dates)."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type, fixed.external_attr = info.compress_type, info.external_attr
            if info.filename == "docProps/core.xml":
                data = _W3CDTF.sub(b"2017-01-09T00:00:00Z", data)
            target.writestr(fixed, data)


def write_case(name: str) -> Path:
    description, files = CASES[name]
    folder = HERE / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    files = {"programme.yaml": YAML.format(case=name, description=json.dumps(description, ensure_ascii=False)), **files}
    for file_name, content in files.items():
        path = folder / file_name
        if callable(content):
            content(path)
            if zipfile.is_zipfile(path):
                _make_deterministic(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return folder


if __name__ == "__main__":
    for name in CASES:
        print(write_case(name).relative_to(HERE.parent))
