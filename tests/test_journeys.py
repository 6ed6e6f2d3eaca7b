"""Journey maps: steps in order, emotion curves per site, pain points and opportunities, numbering problems."""
from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from transfo_lab.phases.research import journeys
from transfo_lab.base.exceptions import DataWarning, ParameterError


@pytest.fixture
def steps():
    return pd.DataFrame({
        "journey": ["Arrivée"] * 7,
        "site": ["a", "a", "a", "b", "b", "b", "b"],
        "step": pd.array([2, 1, 3, 1, 2, 4, None], dtype="Int64"),
        "stage": ["Accueil", "Car", "Chambre", "Car", "Accueil", "Dîner", "Coucher"],
        "emotion": pd.array([-2, 0, 1, -1, -2, 2, 0], dtype="Int64"),
        "pain_point": [None, None, None, "Trajet long", None, None, None],
        "opportunity": ["Binôme d'accueil", None, None, None, "Binôme d'accueil", None, None],
    }, index=range(2, 9))


def test_steps_come_in_order_without_unnumbered_ones(steps):
    with pytest.warns(DataWarning, match=r"numéro d'étape manquant pour l'étape « Coucher » du parcours « Arrivée » \(b\)"):
        ordered = journeys.journey_steps(steps)
    assert ordered[["site", "step"]].values.tolist() == [["a", 1], ["a", 2], ["a", 3], ["b", 1], ["b", 2], ["b", 4]]
    assert ordered["has_pain"].tolist() == [False, False, False, True, False, False]
    assert ordered["has_opportunity"].tolist() == [False, True, False, False, True, False]


def test_numbering_problems_are_listed(steps):
    doubled = pd.concat([steps, steps.iloc[[0]].rename(index={2: 20})])
    problems = journeys.journey_problems(doubled)
    assert [(p.severity, p.rule, p.table, p.row, p.column, p.value) for p in problems] == [
        ("warning", "journeys.no_step", "journeys", 8, "Étape n°", None),
        ("warning", "journeys.duplicate", "journeys", 20, "Étape n°", 2),
        ("warning", "journeys.gap", "journeys", None, "Étape n°", "3"),
    ]
    assert problems[0].format() == ("ligne 8, colonne « Étape n° » : numéro d'étape manquant pour l'étape "
                                    "« Coucher » du parcours « Arrivée » (b) : étape ignorée")
    assert journeys.journey_problems(steps[steps["site"] == "a"]) == []
    assert {p.file for p in journeys.journey_problems(steps, file="parcours.csv")} == {"parcours.csv"}


def test_emotion_curves_keep_gaps(steps):
    curves = journeys.emotion_curves(steps, "Arrivée", sites=["a", "b", "c"])
    assert curves.index.tolist() == [1, 2, 3, 4]
    np.testing.assert_array_equal(curves.to_numpy(), [[0, -1, np.nan], [-2, -2, np.nan], [1, np.nan, np.nan],
                                                      [np.nan, 2, np.nan]])


def test_plot_journey_draws_one_curve_per_site_and_marks(steps):
    fig, ax = plt.subplots()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the unnumbered step is reported by journey_problems, not again here
        out = journeys.plot_journey(steps, journey="Arrivée", site_names={"a": "Lycée A"}, ax=ax)
    assert out is ax and ax.get_title() == "Parcours « Arrivée » : courbe des émotions"
    assert [line.get_label() for line in ax.lines][:2] == ["Lycée A", "b"]  # then the neutral line
    assert np.allclose(ax.lines[1].get_ydata(), [-1, -2, np.nan, 2], equal_nan=True)
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("Binôme d'accueil") == 1  # the same opportunity on two sites is written once
    assert "Trajet long" in texts
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1. Car", "2. Accueil", "3. Chambre", "4. Dîner"]
    assert ax.get_yticklabels()[0].get_text() == "-2 très négative"


def test_a_step_missing_on_every_site_is_marked():
    data = pd.DataFrame({"journey": ["J", "J"], "site": ["a", "a"], "step": pd.array([1, 3], dtype="Int64"),
                         "stage": ["x", "z"], "emotion": pd.array([0, 1], dtype="Int64"),
                         "pain_point": [None, None], "opportunity": [None, None]})
    fig, ax = plt.subplots()
    journeys.plot_journey(data, journey="J", lang="en", ax=ax)
    assert [t.get_text() for t in ax.texts] == ["step 2 missing"]


def test_unknown_journey_and_no_data(steps):
    with pytest.raises(ParameterError, match=r"`journey` is expected to be one of \(Arrivée\). Got 'Départ' instead."):
        journeys.plot_journey(steps, journey="Départ")
    fig, ax = plt.subplots()
    journeys.plot_journey(steps.iloc[:0], journey="Départ", ax=ax)
    assert [t.get_text() for t in ax.texts] == ["Pas de données"]


def test_format_journey(steps):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        table = journeys.format_journey(journeys.journey_steps(steps, site="b"), lang="en")
    assert table.columns.tolist() == ["Step", "Stage", "Emotion", "Pain point", "Opportunity"]
    assert table.iloc[0].tolist() == [1, "Car", -1, "Trajet long", ""]
