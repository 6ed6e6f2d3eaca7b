"""The one problem record (transfo_lab.base.problems): fields, formatting, ordering, table."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from transfo_lab.base.exceptions import DataError, ProgrammeValidationError
from transfo_lab.base.problems import (Problem, by_severity, format_problems, in_file_order, problems_frame,
                                       show_value)
from transfo_lab.contract.validation import ValidationReport


def test_a_problem_is_a_frozen_record_with_a_known_severity():
    problem = Problem("error", "validation.required", "valeur obligatoire manquante", file="obs.csv", row=3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.row = 4
    with pytest.raises(ValueError, match="`severity` is expected to be one of"):
        Problem("fatal", "r", "m")
    assert Problem("info", "r", "m", row=np.int64(7)).row == 7
    assert type(Problem("info", "r", "m", row=np.int64(7)).row) is int


def test_make_takes_the_sentence_of_the_rule_from_the_catalogue():
    fr = Problem.make("error", "validation.bad_int", file="votes.csv", row=4, column="Gommettes", value="trois")
    en = Problem.make("error", "validation.bad_int", "en", file="votes.csv", row=4, column="Dots", value="trois")
    assert (fr.rule, fr.file, fr.row, fr.column, fr.value) == ("validation.bad_int", "votes.csv", 4, "Gommettes", "trois")
    assert fr.message == "nombre entier attendu, trouvé « trois »"
    assert en.message == 'whole number expected, found "trois"'
    other_key = Problem.make("warning", "import.empty", key="interop.reason.empty")
    assert (other_key.rule, other_key.message) == ("import.empty", "texte vide")


def test_format_is_the_same_line_everywhere():
    problem = Problem("error", "validation.required", "valeur manquante", file="donnees.xlsx", sheet="Votes", row=5,
                      column="Votant")
    assert problem.format() == "donnees.xlsx [Votes], ligne 5, colonne « Votant » : valeur manquante"
    assert problem.format("en") == 'donnees.xlsx [Votes], row 5, column "Votant": valeur manquante'
    assert str(problem) == problem.format()
    assert Problem("warning", "r", "sans lieu").format() == "sans lieu"
    assert Problem("warning", "r", "m", table="observations", row=2).format() == "ligne 2 : m"  # a table id is not shown


def test_a_data_error_prints_like_its_problem():
    error = DataError("Anne a posé 4 gommettes", file="votes.csv", row=3, column="Gommettes", value=4)
    problem = Problem.from_error(error)
    assert (problem.severity, problem.rule, problem.file, problem.row, problem.column, problem.value) == (
        "error", "data.error", "votes.csv", 3, "Gommettes", 4)
    assert problem.format() == str(error) == "votes.csv, ligne 3, colonne « Gommettes » : Anne a posé 4 gommettes"


def test_order_is_by_file_then_row_and_errors_come_first():
    found = [Problem("warning", "w", "w1", file="b.csv", row=9), Problem("error", "e", "e1", file="a.csv", row=4),
             Problem("error", "e", "e2", file="b.csv", row=2), Problem("error", "e", "e3", file="a.csv"),
             Problem("error", "e", "e4", file="b.csv", row=1)]
    assert [p.message for p in in_file_order(found)] == ["e4", "e2", "w1", "e3", "e1"]
    assert [p.message for p in by_severity(found)] == ["e3", "e1", "e4", "e2", "w1"]
    assert format_problems(found[:2]) == ["a.csv, ligne 4 : e1", "(avertissement) b.csv, ligne 9 : w1"]
    assert format_problems(found[:2], "en") == ["a.csv, row 4: e1", "(warning) b.csv, row 9: w1"]


def test_problems_frame_for_notebooks():
    found = [Problem("warning", "coding.uncoded", "observation sans étiquette", file="obs.csv", row=4, column="Tags"),
             Problem("error", "coding.unknown_tag", "étiquette « x » absente", file="obs.csv", row=6, value="x")]
    frame = problems_frame(found)
    assert frame.columns.tolist() == ["Gravité", "Fichier", "Feuille", "Ligne", "Colonne", "Valeur", "Problème"]
    assert frame["Gravité"].tolist() == ["erreur", "avertissement"]
    assert frame["Ligne"].tolist() == [6, 4]
    assert frame["Valeur"].tolist() == ["x", ""]
    english = problems_frame(found, "en", compact=True)
    assert english.columns.tolist() == ["Severity", "File", "Row", "Column", "Value", "Problem"]
    assert english["Severity"].tolist() == ["error", "warning"]
    empty = problems_frame([])
    assert empty.empty and empty.columns.tolist()[0] == "Gravité"


def test_show_value_writes_a_cell_as_typed():
    assert show_value(3.0) == "3"
    assert show_value(2.5) == "2.5"
    assert show_value(float("nan")) == ""
    assert show_value(pd.Timestamp("2016-03-12")) == "12/03/2016"
    assert show_value(["a", "b"]) == "a, b"


def test_validation_report_is_a_collection_of_problems():
    report = ValidationReport(lang="en")
    report.add("error", "validation.required", file="obs.csv", row=3, column="Text")
    report.extend([Problem("warning", "planning.plan_length", "long plan", file="calendar.csv")])
    assert [p.rule for p in report.errors] == ["validation.required"]
    assert [p.rule for p in report.warnings] == ["planning.plan_length"]
    assert not report.ok
    assert report.format().splitlines() == ['obs.csv, row 3, column "Text": required value missing',
                                            "(warning) calendar.csv: long plan", "1 error(s), 1 warning(s)"]
    assert report.to_frame()["Problem"].tolist() == ["required value missing", "long plan"]


def test_programme_validation_error_carries_the_problems():
    problems = [Problem("error", "validation.required", "valeur manquante", file="obs.csv", row=3),
                Problem("warning", "validation.unused_tag", "jamais utilisée", file="grille.csv", row=2)]
    error = ProgrammeValidationError(problems, "le rapport")
    assert error.problems == problems and error.errors == problems[:1]
    assert str(error) == "le rapport"
    assert isinstance(error, ValueError)
