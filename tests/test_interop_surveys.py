"""LimeSurvey and generic survey import."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from transfo_lab.base.exceptions import FileFormatError
from transfo_lab.interop import load_mapping, read_limesurvey, read_survey
from transfo_lab.interop.surveys import answer_score

DATA = Path(__file__).parent / "data" / "interop"
T = pd.Timestamp


def _row(respondent, date, question, answer, site="lycee-a", role=None):
    return {"respondent": respondent, "site": site, "date": date, "role": role, "question": question, "answer": answer,
            "scale_min": None, "scale_max": None, "scale_labels": None}


def test_limesurvey():
    result = read_limesurvey(DATA / "limesurvey.csv", site="lycee-a")
    q1, q2 = "Q1. Le portail est accueillant", "Q2. La cantine est calme"
    assert result.survey.to_dict("records") == [
        _row("1", T("2016-10-12"), q1, 4), _row("1", T("2016-10-12"), q2, 1),
        _row("2", T("2016-10-13"), q1, None), _row("2", T("2016-10-13"), q2, 5),
        _row("3", None, q1, 3), _row("3", None, q2, None),
    ]
    assert result.counts == {"respondents": 3, "questions": 2, "answers": 4}
    assert [(p.rule, p.file, p.column) for p in result.skipped] == [
        ("import.meta_column", "limesurvey.csv", "lastpage"),
        ("import.meta_column", "limesurvey.csv", "startlanguage"),
        ("import.meta_column", "limesurvey.csv", "seed"),
        ("import.not_likert", "limesurvey.csv", "Q3. Un commentaire ?")]
    assert result.skipped[3].format() == (
        "limesurvey.csv, colonne « Q3. Un commentaire ? » : ignoré : colonne « Q3. Un commentaire ? » : réponses hors "
        "de l'échelle de Likert (ex. « Trop de bruit ») : ajoutez-les à la section answers du fichier de correspondance")
    assert result.tally["columns"] == {"read": 8, "imported": 4, "merged": 0, "skipped": 4}
    assert result.unbalanced() == []


def test_generic_survey_with_mapping():
    mapping = load_mapping(DATA / "correspondance.yaml")
    result = read_survey(DATA / "questionnaire_large.csv", mapping=mapping)
    q1, q2 = "Le portail est accueillant", "La cantine est calme"
    assert result.survey.to_dict("records") == [
        _row("E1", None, q1, 5, role="élève"), _row("E1", None, q2, 2, role="élève"),
        _row("E2", None, q1, None, "lycee-b", "enseignant"), _row("E2", None, q2, 5, "lycee-b", "enseignant"),
    ]


def test_no_site_skips_respondents():
    result = read_limesurvey(DATA / "limesurvey.csv")
    assert result.survey.empty
    assert [(p.value, p.row) for p in result.skipped if p.rule == "import.no_site"] == [("1", 2), ("2", 3), ("3", 4)]


@pytest.mark.parametrize("value, score", [("Plutôt d'accord", 4), ("Strongly disagree", 1), ("N/A", None),
                                          ("", None), ("3", 3), ("Sans réponse", None), ("Neutral", 3)])
def test_answer_score(value, score):
    assert answer_score(value) == score


def test_answer_score_refuses_text():
    with pytest.raises(ValueError):
        answer_score("Trop de bruit")


def test_bad_mapping(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("answers:\n  Bof: beaucoup\n", encoding="utf-8")
    with pytest.raises(FileFormatError) as info:
        load_mapping(path)
    assert str(info.value) == ("m.yaml : fichier de correspondance : answers.bof : un nombre entier (ou vide) attendu, "
                               "trouvé « beaucoup »")
