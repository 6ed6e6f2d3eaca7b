"""Bad input: every broken programme folder of tests/data/invalid gives the exact located message.

The folders are written by ``tests/data/make_invalid.py`` (one folder per case, exactly one
thing broken). For each case: the exact lines of the report (file, row, column, what was
expected), the files left byte for byte as they were, and the ``transfo-lab validate``
command exiting 1 (0 for the valid cases) with the message on stdout and no traceback.

Cases marked ``xfail(strict=True)`` with a reason starting with ``BUG`` describe the right
behaviour of a known library bug: they start passing (and must then be unmarked) once it
is fixed.
"""
from __future__ import annotations

import hashlib
import importlib.util
import re
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import transfo_lab
from transfo_lab import cli
from transfo_lab.contract.io import read_table

DATA = Path(__file__).parent / "data"
INVALID = DATA / "invalid"
OK = "Aucun problème : le dossier du programme est valide."
OBS_HEADERS = ("Identifiant, Site, Date, Semaine d'immersion, Auteur, Méthode, Participant, Rôle, Nature, Texte, "
               "Étiquettes, Document source, Position")

#: folder → the exact lines of ``report.format()`` (French, the programmes' language).
EXPECTED: dict[str, list[str]] = {
    "separateur_pipe": [
        "observations.csv, ligne 1 : séparateur non reconnu : les colonnes semblent séparées par « | » ; "
        "attendu « ; » ou « , »",
        "1 erreur(s), 0 avertissement(s)"],
    "valide_windows1252": [OK, "0 erreur(s), 0 avertissement(s)"],
    "valide_bom_utf8": [OK, "0 erreur(s), 0 avertissement(s)"],
    "valide_date_fr_virgule": [OK, "0 erreur(s), 0 avertissement(s)"],
    "valide_classeur_ods": [OK, "0 erreur(s), 0 avertissement(s)"],
    "valide_apostrophe_typographique": [OK, "0 erreur(s), 0 avertissement(s)"],
    "fichier_vide": [
        "grille_codage.csv : fichier vide : attendu au moins une ligne d'en-têtes (Étiquette, Famille, Définition, Exemple)",
        "1 erreur(s), 0 avertissement(s)"],
    "en_tetes_seuls": [
        "(avertissement) observations.csv : aucune ligne de données (seulement les en-têtes)",
        "0 erreur(s), 1 avertissement(s)"],
    "colonne_inconnue": [
        f"(avertissement) observations.csv, colonne « Humeur » : colonne inconnue, ignorée (colonnes attendues : {OBS_HEADERS})",
        "0 erreur(s), 1 avertissement(s)"],
    "colonne_obligatoire_absente": [
        "observations.csv, colonne « Texte » : colonne obligatoire absente (en-têtes trouvés : Identifiant | Site | Date | Méthode)",
        "1 erreur(s), 0 avertissement(s)"],
    "site_inconnu": [
        "observations.csv, ligne 3, colonne « Site » : site « site-z » inconnu : attendu l'un des sites de programme.yaml "
        "(site-a, site-b)",
        "1 erreur(s), 0 avertissement(s)"],
    "identifiant_en_double": [
        "observations.csv, ligne 4, colonne « Identifiant » : identifiant « O1 » en double (déjà utilisé ligne 2)",
        "1 erreur(s), 0 avertissement(s)"],
    "note_hors_echelle": [
        "notes.csv, ligne 3, colonne « Note » : note 7 hors de l'échelle du critère « Usage » : attendu entre 1 et 5",
        "1 erreur(s), 0 avertissement(s)"],
    "date_illisible": [
        "observations.csv, ligne 2, colonne « Date » : date illisible « 31/02/2017 » : attendu une date comme 12/03/2016 "
        "ou 2016-03-12",
        "observations.csv, ligne 3, colonne « Date » : date illisible « demain » : attendu une date comme 12/03/2016 "
        "ou 2016-03-12",
        "2 erreur(s), 0 avertissement(s)"],
    "poids_non_numerique": [
        "criteres.csv, ligne 3, colonne « Poids » : nombre attendu (virgule décimale acceptée, ex. 2,5), trouvé « lourd »",
        "1 erreur(s), 0 avertissement(s)"],
    "etiquette_absente": [
        "observations.csv, ligne 3, colonne « Étiquettes » : étiquette « internat » absente de la grille de codage "
        "(accueil, cantine)",
        "1 erreur(s), 0 avertissement(s)"],
    "reference_cassee": [
        "tests.csv, ligne 2, colonne « Prototype » : « PR-99 » inconnu : attendu un identifiant de Prototypes",
        "1 erreur(s), 0 avertissement(s)"],
    "xlsx_formule_ligne_vide": [
        "observations.xlsx [observations], ligne 4, colonne « Semaine d'immersion » : cellule contenant une formule sans "
        "valeur calculée (=1+1) : ouvrez et enregistrez le classeur dans Excel ou LibreOffice, ou saisissez la valeur",
        "1 erreur(s), 0 avertissement(s)"],
    "xlsx_corrompu": [
        "observations.xlsx : fichier illisible (BadZipFile) : attendu un CSV, un classeur .xlsx ou .ods",
        "1 erreur(s), 0 avertissement(s)"],
    "yaml_malforme": [
        "programme.yaml, ligne 6 : syntaxe YAML incorrecte à partir de cette ligne (expected ',' or ']', but got ':') : "
        "vérifiez les crochets, les guillemets, les deux-points et l'indentation",
        "1 erreur(s), 0 avertissement(s)"],
}

#: Cases whose right behaviour is not the library's yet (see the module docstring).
#: Known bugs, each a strict xfail until fixed (none left).
BUGS: dict[str, str] = {}

#: Where the first issue of each error case is: (file, sheet, row, column, value).
LOCATED = {
    "separateur_pipe": ("observations.csv", None, 1, None, None),
    "colonne_obligatoire_absente": ("observations.csv", None, None, "Texte", None),
    "site_inconnu": ("observations.csv", None, 3, "Site", "site-z"),
    "identifiant_en_double": ("observations.csv", None, 4, "Identifiant", "O1"),
    "note_hors_echelle": ("notes.csv", None, 3, "Note", 7.0),
    "date_illisible": ("observations.csv", None, 2, "Date", "31/02/2017"),
    "poids_non_numerique": ("criteres.csv", None, 3, "Poids", "lourd"),
    "etiquette_absente": ("observations.csv", None, 3, "Étiquettes", ["internat"]),
    "reference_cassee": ("tests.csv", None, 2, "Prototype", "PR-99"),
    "xlsx_formule_ligne_vide": ("observations.xlsx", "observations", 4, "Semaine d'immersion", "=1+1"),
    "xlsx_corrompu": ("observations.xlsx", None, None, None, None),
    "fichier_vide": ("grille_codage.csv", None, None, None, None),
    "yaml_malforme": ("programme.yaml", None, 6, None, "expected ',' or ']', but got ':'"),
}

#: English messages (``--lang en``), exact lines.
EXPECTED_EN = {
    "site_inconnu": [
        'observations.csv, row 3, column "Site": unknown site "site-z": expected one of the sites in programme.yaml '
        "(site-a, site-b)",
        "1 error(s), 0 warning(s)"],
    "separateur_pipe": [
        'observations.csv, row 1: separator not recognised: columns seem separated by "|"; expected ";" or ","',
        "1 error(s), 0 warning(s)"],
    "note_hors_echelle": [
        'notes.csv, row 3, column "Note": score 7 outside the scale of criterion "Usage": expected between 1 and 5',
        "1 error(s), 0 warning(s)"],
    "xlsx_formule_ligne_vide": [
        'observations.xlsx [observations], row 4, column "Semaine d\'immersion": cell holds a formula with no computed '
        "value (=1+1): open and save the workbook in Excel or LibreOffice, or type the value",
        "1 error(s), 0 warning(s)"],
    "en_tetes_seuls": ["(warning) observations.csv: no data rows (headers only)", "0 error(s), 1 warning(s)"],
    "valide_bom_utf8": ["No problem found: the programme folder is valid.", "0 error(s), 0 warning(s)"],
}


def case(name: str):
    """A pytest parameter, marked as a known bug when it is one."""
    if name in BUGS:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=BUGS[name]), id=name)
    return pytest.param(name, id=name)


ALL = [case(name) for name in EXPECTED]
ERROR_CASES = [name for name, lines in EXPECTED.items() if not lines[-1].startswith("0 erreur")]
VALID_CASES = [name for name in EXPECTED if name not in ERROR_CASES]


def exit_status(name: str) -> int:
    return 1 if name in ERROR_CASES else 0


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file of the folder (hidden ones included) → sha256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the fixture set ---------------------------------------------------------------------------

def test_one_folder_per_case():
    folders = sorted(p.name for p in INVALID.iterdir() if p.is_dir())
    assert folders == sorted(EXPECTED)
    assert len(folders) >= 17


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_folder_is_a_tiny_programme_with_two_sites(name):
    folder = INVALID / name
    yaml_text = (folder / "programme.yaml").read_text(encoding="utf-8")
    assert "  - id: site-a\n" in yaml_text and "  - id: site-b\n" in yaml_text
    tables = [p for p in folder.iterdir() if p.name != "programme.yaml"]
    assert 1 <= len(tables) <= 3


def test_committed_fixtures_are_the_generator_output(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_invalid", DATA / "make_invalid.py")
    make_invalid = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_invalid)
    monkeypatch.setattr(make_invalid, "HERE", tmp_path)
    assert sorted(make_invalid.CASES) == sorted(EXPECTED)
    for name in make_invalid.CASES:
        made, committed = make_invalid.write_case(name), INVALID / name
        assert sorted(p.name for p in made.iterdir()) == sorted(p.name for p in committed.iterdir())
        for path in made.iterdir():
            if zipfile.is_zipfile(path):  # workbook bytes depend on the writer's version: compare what is read
                new, old = read_table(path), read_table(committed / path.name)
                pd.testing.assert_frame_equal(new.data, old.data)
                assert new.problems == old.problems
            else:
                assert path.read_bytes() == (committed / path.name).read_bytes(), path


# --- the exact located messages -------------------------------------------------------------

@pytest.mark.parametrize("name", ALL)
def test_report_lines_are_exact(name):
    report = transfo_lab.validate_programme(INVALID / name)
    assert report.format().splitlines() == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(LOCATED))
def test_first_issue_is_located(name):
    report = transfo_lab.validate_programme(INVALID / name)
    issue = report.problems[0]
    assert (issue.file, issue.sheet, issue.row, issue.column, issue.value) == LOCATED[name]
    assert issue.severity == "error"
    if name not in BUGS:
        assert issue.format() == EXPECTED[name][0]


@pytest.mark.parametrize("name", list(EXPECTED_EN))
def test_report_in_english(name):
    report = transfo_lab.validate_programme(INVALID / name, lang="en")
    assert report.format().splitlines() == EXPECTED_EN[name]


# --- files are never modified -------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_loading_leaves_the_files_untouched(name):
    folder = INVALID / name
    before = fingerprint(folder)
    transfo_lab.validate_programme(folder)
    transfo_lab.validate_programme(folder, lang="en")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        transfo_lab.load_programme(folder, strict=False)
    assert fingerprint(folder) == before


# --- the command -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ALL)
def test_cli_prints_the_report_and_exits(name, capsys):
    status = cli.main(["validate", str(INVALID / name)])
    out, err = capsys.readouterr()
    assert out == "\n".join(EXPECTED[name]) + "\n"
    assert status == exit_status(name)
    assert "Traceback" not in out + err


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_never_shows_a_traceback(name, capsys):
    """Whatever the case (known bugs included), a located report and 0 or 1, never a crash."""
    status = cli.main(["validate", str(INVALID / name)])
    out, err = capsys.readouterr()
    assert status in (0, 1)
    assert re.fullmatch(r"\d+ erreur\(s\), \d+ avertissement\(s\)", out.splitlines()[-1])
    assert (status == 1) == (not out.splitlines()[-1].startswith("0 erreur"))
    assert "Traceback" not in out + err and err == ""


@pytest.mark.parametrize("name", ["site_inconnu", "xlsx_formule_ligne_vide", "valide_bom_utf8"])
def test_cli_in_english(name, capsys):
    status = cli.main(["validate", str(INVALID / name), "--lang", "en"])
    out, err = capsys.readouterr()
    assert out == "\n".join(EXPECTED_EN[name]) + "\n"
    assert status == exit_status(name)
    assert "Traceback" not in out + err


def test_cli_on_a_missing_folder(tmp_path, capsys):
    status = cli.main(["validate", str(tmp_path / "absent")])
    out, err = capsys.readouterr()
    assert status == 1
    assert out.splitlines() == [f"{tmp_path / 'absent'} : dossier de programme introuvable", "1 erreur(s), 0 avertissement(s)"]
    assert "Traceback" not in out + err


# --- what the valid cases read ---------------------------------------------------------------------

def load(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a valid case gives no warning either
        return transfo_lab.load_programme(INVALID / name)


def test_windows1252_accents_are_read_right():
    obs = load("valide_windows1252").observations
    assert obs["text"].tolist() == ["Élève à l'internat : « ça dépend des éducateurs »",
                                    "Réfectoire trop bruyant, même en été"]
    assert obs["method"].tolist() == ["enquete", "entretien"]  # « enquête » typed with its accent


def test_utf8_bom_headers_are_recognised():
    prog = load("valide_bom_utf8")
    obs = prog.observations
    assert obs["id"].tolist() == ["O1", "O2"]  # « Identifiant » recognised despite the BOM before it
    assert obs["site"].tolist() == ["site-a", "site-b"]
    assert obs.index.tolist() == [2, 3]


def test_french_dates_and_decimal_commas():
    prog = load("valide_date_fr_virgule")
    assert prog.criteria["weight"].tolist() == [0.6, 0.4]
    assert prog.scores["score"].tolist() == [3.5, 4.0]
    assert prog.scores["date"].tolist() == [pd.Timestamp(2017, 3, 12), pd.Timestamp(2017, 3, 13)]


def test_ods_workbook_is_read():
    obs = load("valide_classeur_ods").observations
    assert obs.index.tolist() == [2, 3]
    assert obs["date"].tolist() == [pd.Timestamp(2017, 1, 12), pd.Timestamp(2017, 1, 13)]
    assert obs["week"].tolist() == [1, 2]
    assert obs["method"].tolist() == ["observation", "entretien"]
    assert obs["text"].tolist() == ["Le portail ferme à 18 h", "Réfectoire trop bruyant"]


def test_xlsx_blank_row_does_not_shift_row_numbers():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prog = transfo_lab.load_programme(INVALID / "xlsx_formule_ligne_vide", strict=False)
    obs = prog.observations
    assert obs.index.tolist() == [2, 4]  # row 3 is blank in the workbook
    assert obs["id"].tolist() == ["O1", "O2"]
    assert obs["date"].tolist() == [pd.Timestamp(2017, 1, 12), pd.Timestamp(2017, 1, 13)]
    assert obs["week"].tolist()[0] == 1 and pd.isna(obs["week"].tolist()[1])  # the formula's value is unknown


def test_typographic_apostrophe_likert_labels_are_read():
    prog = load("valide_apostrophe_typographique")
    assert prog.survey["answer"].tolist() == [4, 5]


def test_yaml_error_points_at_the_unclosed_bracket():
    report = transfo_lab.validate_programme(INVALID / "yaml_malforme")
    lines = (INVALID / "yaml_malforme" / "programme.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[6 - 1] == "partners: [Région, Rectorat"
    assert report.errors[0].row == 6
