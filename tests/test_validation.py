"""Parsing French cells, typing a raw table and the located messages of the validation report."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from transfo_lab.contract.io import RawTable
from transfo_lab.contract.schemas import EVENT_TYPES, IDEA_STATUSES, METHODS, TEST_RESULTS, get_table
from transfo_lab.contract.validation import (ValidationReport, parse_bool, parse_choice, parse_date, parse_float, parse_int,
                                    parse_likert, parse_list, type_table)

# --- parsing cells ----------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("12/03/2016", (2016, 3, 12)),
    ("  12/03/2016 ", (2016, 3, 12)),
    ("12/3/2016", (2016, 3, 12)),
    ("1/2/2017", (2017, 2, 1)),          # day first: 1 February, never 2 January
    ("12/03/16", (2016, 3, 12)),
    ("12.03.2016", (2016, 3, 12)),
    ("12-03-2016", (2016, 3, 12)),
    ("2016-03-12", (2016, 3, 12)),
    ("2016/03/12", (2016, 3, 12)),
    ("12/03/2016 14:30", (2016, 3, 12)),
    ("2016-03-12 14:30:00", (2016, 3, 12)),
    ("29/02/2016", (2016, 2, 29)),
    (dt.datetime(2016, 3, 12, 14, 30), (2016, 3, 12)),
    (dt.date(2016, 3, 12), (2016, 3, 12)),
    (42441, (2016, 3, 12)),              # Excel day number: 42370 is 1 January 2016, + 31 + 29 + 11
    (42441.6, (2016, 3, 12)),
])
def test_parse_date(value, expected):
    assert parse_date(value) == pd.Timestamp(*expected)


@pytest.mark.parametrize("value", ["31/02/2017", "29/02/2017", "demain", "12/13/2016", "", "2016-13-01", "12 mars 2016"])
def test_parse_date_refuses(value):
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize("value, expected", [
    ("2,5", 2.5), ("2.5", 2.5), ("76 900", 76900.0), ("76\u00a0900,00", 76900.0), ("1\u202f234,5", 1234.5),
    ("1.234,50 €", 1234.5), ("1,234.50", 1234.5), ("12 %", 12.0), ("-0,5", -0.5), ("+3", 3.0), (" 4 ", 4.0),
    (3, 3.0), (0.25, 0.25), ("0", 0.0),
])
def test_parse_float(value, expected):
    assert parse_float(value) == expected


@pytest.mark.parametrize("value", ["lourd", "", "2,5,3", "nan", "inf", True, "deux"])
def test_parse_float_refuses(value):
    with pytest.raises(ValueError):
        parse_float(value)


@pytest.mark.parametrize("value, expected", [("3", 3), ("3,0", 3), ("+2", 2), ("-1", -1), (4.0, 4)])
def test_parse_int(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize("value", ["2,5", "trois"])
def test_parse_int_refuses(value):
    with pytest.raises(ValueError):
        parse_int(value)


@pytest.mark.parametrize("value, expected", [
    ("Pas du tout d'accord", 1), ("PAS DU TOUT D'ACCORD", 1), ("Tout à fait en désaccord", 1),
    ("Plutôt pas d'accord", 2), ("plutot pas d'accord", 2),
    ("Ni d'accord ni pas d'accord", 3), ("Ni d'accord, ni pas d'accord", 3), ("Neutre", 3), ("Sans avis", 3),
    ("Plutôt d'accord", 4), ("D'accord", 4), ("Agree", 4),
    ("Tout à fait d'accord", 5), ("  Tout a fait d'accord ", 5), ("Strongly agree", 5),
    ("1", 1), ("5", 5), ("4,0", 4), (2.0, 2), (3, 3),
])
def test_parse_likert(value, expected):
    assert parse_likert(value) == expected


@pytest.mark.parametrize("value", ["0", "6", "2,5", "bof", "Pas trop"])
def test_parse_likert_refuses(value):
    with pytest.raises(ValueError):
        parse_likert(value)


@pytest.mark.parametrize("value, expected", [("Plutôt d’accord", 4), ("Tout à fait d’accord", 5),
                                             ("Pas du tout d’accord", 1), ("Ni d’accord ni pas d’accord", 3)])
def test_parse_likert_typographic_apostrophe(value, expected):
    assert parse_likert(value) == expected


@pytest.mark.parametrize("value, choices, expected", [
    ("Enquête", METHODS, "enquete"),
    (" ENQUETE ", METHODS, "enquete"),
    ("Micro-trottoir", METHODS, "micro_trottoir"),
    ("Interview", METHODS, "entretien"),
    ("Questionnaire", METHODS, "enquete"),
    ("Validée", TEST_RESULTS, "validee"),
    ("Mitigé", TEST_RESULTS, "mitigee"),
    ("À approfondir", IDEA_STATUSES, "a_approfondir"),
    ("Écartée", IDEA_STATUSES, "ecartee"),
    ("Voyage d'étude", EVENT_TYPES, "voyage_etude"),
    ("Semaine d'immersion", EVENT_TYPES, "immersion"),
    ("Séminaire de clôture", EVENT_TYPES, "seminaire_cloture"),
    ("sondage", METHODS, "sondage"),          # unknown: kept as typed, for the message
    (" Sondage ", METHODS, "Sondage"),
])
def test_parse_choice(value, choices, expected):
    assert parse_choice(value, choices) == expected


@pytest.mark.parametrize("value, expected", [("Voyage d’étude", "voyage_etude"), ("Semaine d’immersion", "immersion")])
def test_parse_choice_typographic_apostrophe(value, expected):
    assert parse_choice(value, EVENT_TYPES) == expected


@pytest.mark.parametrize("value, expected", [("Oui", True), ("non", False), ("VRAI", True), ("faux", False),
                                             ("x", True), ("1", True), ("0", False), ("yes", True)])
def test_parse_bool(value, expected):
    assert parse_bool(value) is expected


def test_parse_list():
    assert parse_list("accueil, cantine | internat;accueil\nfoyer") == ["accueil", "cantine", "internat", "foyer"]
    assert parse_list(" , ") == []


# --- typing a raw table ------------------------------------------------------------------------

def raw(rows: dict[int, list], columns: list[str], file="observations.csv", problems=None) -> RawTable:
    data = pd.DataFrame(list(rows.values()), columns=columns, index=pd.Index(list(rows), name="row"), dtype=object)
    return RawTable(data, Path("/quelque/part") / file, problems=problems or [])


HEADERS = ["Identifiant", "site", "DATE", "Semaine", "Methode", "Texte", "Étiquettes"]


def test_type_table_reads_french_cells():
    table = raw({
        2: ["O1", "site-a", "12/03/2016", "1", "Enquête", "Un élève dit bonjour", "accueil, cantine"],
        3: ["O2", "site-b", dt.datetime(2016, 3, 13, 9, 0), 2.0, "Interview", "La cantine", None],
        5: ["O3", "site-a", "2016-03-14", None, "observation", "Le portail", "accueil|accueil"],
    }, HEADERS)
    report = ValidationReport()
    data, headers = type_table(table, get_table("observations"), report)
    assert report.problems == []
    assert data.index.tolist() == [2, 3, 5] and data.index.name == "row"
    assert list(data.columns) == [c.name for c in get_table("observations").columns]
    assert data["id"].tolist() == ["O1", "O2", "O3"]
    assert data["date"].tolist() == [pd.Timestamp(2016, 3, 12), pd.Timestamp(2016, 3, 13), pd.Timestamp(2016, 3, 14)]
    assert str(data["week"].dtype) == "Int64"
    assert data["week"].tolist()[:2] == [1, 2] and pd.isna(data["week"].tolist()[2])
    assert str(data["method"].dtype) == "category"
    assert data["method"].tolist() == ["enquete", "entretien", "observation"]
    assert data["tags"].tolist() == [["accueil", "cantine"], [], ["accueil"]]
    assert data["author"].isna().all()  # optional column absent → added, empty
    assert headers == {"id": "Identifiant", "site": "site", "date": "DATE", "week": "Semaine", "method": "Methode",
                       "text": "Texte", "tags": "Étiquettes"}
    assert table.data.at[2, "DATE"] == "12/03/2016"  # the raw table is not modified


def test_type_table_reports_every_cell_with_its_location():
    table = raw({
        2: ["O1", "site-a", "31/02/2016", "deux", "sondage", "t", None],
        3: ["O2", "site-a", "01/03/2016", "4", "observation", None, None],
        4: ["O1", "site-b", "02/03/2016", None, "photo", "u", None],
    }, HEADERS)
    report = ValidationReport()
    type_table(table, get_table("observations"), report)
    assert report.format().splitlines() == [
        "observations.csv, ligne 2, colonne « DATE » : date illisible « 31/02/2016 » : attendu une date comme "
        "12/03/2016 ou 2016-03-12",
        "observations.csv, ligne 2, colonne « Semaine » : nombre entier attendu, trouvé « deux »",
        "observations.csv, ligne 2, colonne « Methode » : valeur « sondage » non reconnue : attendu l'une de "
        "observation, entretien, enquete, atelier, parcours, photo, micro_trottoir, autre",
        "observations.csv, ligne 3, colonne « Semaine » : valeur 4 hors limites : attendu entre 1 et 3",
        "observations.csv, ligne 3, colonne « Texte » : valeur obligatoire manquante",
        "observations.csv, ligne 4, colonne « Identifiant » : identifiant « O1 » en double (déjà utilisé ligne 2)",
        "6 erreur(s), 0 avertissement(s)",
    ]
    issue = report.errors[0]
    assert (issue.file, issue.row, issue.column, issue.value) == ("observations.csv", 2, "DATE", "31/02/2016")


def test_type_table_in_english():
    table = raw({2: ["O1", "site-a", "demain", None, "observation", "t", None]}, HEADERS)
    report = ValidationReport(lang="en")
    type_table(table, get_table("observations"), report)
    assert report.format().splitlines() == [
        'observations.csv, row 2, column "DATE": unreadable date "demain": expected a date such as 12/03/2016 or 2016-03-12',
        "1 error(s), 0 warning(s)"]


@pytest.mark.parametrize("ids, expected", [
    ({2: "A", 3: "B", 5: "A"}, ["ligne 5, colonne « Identifiant » : identifiant « A » en double (déjà utilisé ligne 2)"]),
    ({2: "A", 3: "A", 4: "A"}, ["ligne 3, colonne « Identifiant » : identifiant « A » en double (déjà utilisé ligne 2)",
                                "ligne 4, colonne « Identifiant » : identifiant « A » en double (déjà utilisé ligne 2)"]),
    ({7: "B", 8: "A", 9: "B", 10: "A"},
     ["ligne 9, colonne « Identifiant » : identifiant « B » en double (déjà utilisé ligne 7)",
      "ligne 10, colonne « Identifiant » : identifiant « A » en double (déjà utilisé ligne 8)"]),
])
def test_duplicate_ids_name_the_first_row(ids, expected):
    table = raw({row: [i, "Usage", "usage", "1"] for row, i in ids.items()},
                ["Identifiant", "Critère", "Dimension", "Poids"], file="criteres.csv")
    report = ValidationReport()
    type_table(table, get_table("criteria"), report)
    assert [line.removeprefix("criteres.csv, ") for line in report.format().splitlines()[:-1]] == expected


def test_header_only_table_is_a_warning():
    table = raw({}, ["Identifiant", "Critère", "Dimension", "Poids"], file="criteres.csv")
    report = ValidationReport()
    data, _ = type_table(table, get_table("criteria"), report)
    assert data.empty and report.ok
    assert report.format().splitlines() == ["(avertissement) criteres.csv : aucune ligne de données (seulement les en-têtes)",
                                            "0 erreur(s), 1 avertissement(s)"]


def test_formula_problem_is_located():
    table = raw({2: ["C1", "Usage", "usage", None]}, ["Identifiant", "Critère", "Dimension", "Poids"], file="criteres.xlsx",
                problems=[{"key": "validation.formula", "row": 2, "column": "Poids", "value": "=A1*2"}])
    table.sheet = "criteres"
    report = ValidationReport()
    type_table(table, get_table("criteria"), report)
    assert report.errors[0].format() == (
        "criteres.xlsx [criteres], ligne 2, colonne « Poids » : cellule contenant une formule sans valeur calculée (=A1*2) : "
        "ouvrez et enregistrez le classeur dans Excel ou LibreOffice, ou saisissez la valeur")


def test_formula_in_required_column_is_reported_once():
    table = raw({2: ["C1", "Usage", "usage", None]}, ["Identifiant", "Critère", "Dimension", "Poids"], file="criteres.xlsx",
                problems=[{"key": "validation.formula", "row": 2, "column": "Poids", "value": "=A1*2"}])
    report = ValidationReport()
    type_table(table, get_table("criteria"), report)
    assert [(i.row, i.column, i.rule) for i in report.errors] == [(2, "Poids", "validation.formula")]


def test_header_with_typographic_apostrophe_is_recognised():
    table = raw({2: ["O1", "site-a", "12/03/2016", "2", "observation", "t"]},
                ["Identifiant", "Site", "Date", "Semaine d’immersion", "Méthode", "Texte"])
    report = ValidationReport()
    data, _ = type_table(table, get_table("observations"), report)
    assert report.problems == []
    assert data["week"].tolist() == [2]
