"""Likert surveys: one 1–5 scale, per question × site statistics, missing answers counted, diverging bars."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from transfo_lab.phases.research import survey
from transfo_lab.base.exceptions import DataError


@pytest.fixture
def answers():
    return pd.DataFrame({
        "respondent": ["R1", "R2", "R3", "R4", "R5", "R1", "R2", "R6", "R7"],
        "site": ["a", "a", "a", "a", "a", "a", "a", "b", "b"],
        "question": ["Accueil"] * 5 + ["Cantine"] * 2 + ["Accueil", "Cantine"],
        "answer": [5, "Plutôt d'accord", "2", None, "Ni d'accord ni pas d'accord", "Pas du tout d'accord", 1, 4, None],
    }, index=range(2, 11))


def test_likert_values_map_numbers_and_labels():
    values = pd.Series(["Tout à fait d'accord", "plutôt pas d'accord", 3, "4", 1.0, None, "  "])
    assert survey.likert_values(values).tolist() == [5, 2, 3, 4, 1, pd.NA, pd.NA]


def test_an_unknown_answer_is_located():
    with pytest.raises(DataError, match=r"ligne 3, colonne « answer » : réponse « 7 » non reconnue : attendu un nombre"):
        survey.likert_values(pd.Series([5, 7], index=[2, 3]))


def test_summary_per_question_and_site(answers):
    summary = survey.likert_summary(answers, sites=["a", "b", "c"])
    assert summary[["question", "site", "n_answers", "n_missing", 1, 2, 3, 4, 5]].values.tolist() == [
        ["Accueil", "a", 4, 1, 0, 1, 1, 1, 1],
        ["Accueil", "b", 1, 0, 0, 0, 0, 1, 0],
        ["Accueil", "c", 0, 0, 0, 0, 0, 0, 0],
        ["Cantine", "a", 2, 0, 2, 0, 0, 0, 0],
        ["Cantine", "b", 0, 1, 0, 0, 0, 0, 0],
        ["Cantine", "c", 0, 0, 0, 0, 0, 0, 0],
    ]
    assert summary["share_agree"].tolist()[:2] == [0.5, 1.0] and summary["share_agree"][2:3].isna().all()
    assert summary["median"].tolist()[:2] == [3.5, 4.0] and summary["median"].iloc[4:].isna().all()
    assert survey.empty_rows(summary)[["question", "site"]].values.tolist() == [
        ["Accueil", "c"], ["Cantine", "b"], ["Cantine", "c"]]


def test_summary_all_sites_together(answers):
    summary = survey.likert_summary(answers, by_site=False)
    assert summary[["question", "n_answers", "n_missing", "share_agree"]].values.tolist() == [
        ["Accueil", 5, 1, 0.6], ["Cantine", 2, 1, 0.0]]


def test_format_summary(answers):
    table = survey.format_summary(survey.likert_summary(answers, sites=["a", "b"]), site_names={"a": "Lycée A"})
    assert table.columns.tolist()[:4] == ["Question", "Site", "Réponses", "Sans réponse"]
    assert table.iloc[0, -3:-1].tolist() == ["50\xa0%", "3,5"]
    assert table.iloc[3, -3:-1].tolist() == ["–", "–"]
    assert table.columns[-1] == "Lecture" and table.iloc[3, -1] == "pas de réponse"


def test_diverging_bars_are_centred_on_neutral(answers):
    summary = survey.likert_summary(answers, sites=["a", "b"])
    fig, ax = plt.subplots()
    out = survey.plot_likert(summary, site_names={"a": "Lycée A"}, ax=ax)
    assert out is ax
    bars = [(round(p.get_x(), 3), round(p.get_width(), 3)) for p in ax.patches]
    n = len(summary)
    first_row = bars[0::n]  # the five segments of « Accueil, a »: 0, 1, 1, 1, 1 answers out of 4
    assert first_row == [(-0.375, 0.0), (-0.375, 0.25), (-0.125, 0.25), (0.125, 0.25), (0.375, 0.25)]
    assert [t.get_text() for t in ax.texts if t.get_text() == "aucune réponse"] == ["aucune réponse"]
    assert ax.get_yticklabels()[0].get_text() == "Accueil\n(Lycée A)"
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == "1 – Pas du tout d'accord"


def test_no_survey_draws_no_data():
    empty = pd.DataFrame({"site": [], "question": [], "answer": pd.array([], dtype="Int64")})
    fig, ax = plt.subplots()
    survey.plot_likert(survey.likert_summary(empty), lang="en", ax=ax)
    assert [t.get_text() for t in ax.texts] == ["No data"]
