"""Inspiration: catalogue filters, tag frequencies, benchmark matrix and heatmap."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from transfo_lab.phases import inspiration
from transfo_lab.base.exceptions import DataWarning, ParameterError


@pytest.fixture
def catalogue():
    return pd.DataFrame({
        "id": ["I1", "I2", "I3", "I4"],
        "title": ["Cantine participative", "Guide de l'accueil", "Internat ouvert", "Design de service"],
        "kind": pd.Categorical(["initiative", "publication", "lieu", "methode"], categories=list(inspiration.INSPIRATION_KINDS)),
        "description": ["Menus co-conçus", "Accueillir les élèves", "Ouvert sur le quartier", None],
        "tags": [["cantine", "Participation"], ["accueil"], ["internat", "participation"], []],
        "site": [None, "a", "b", None],
    })


def test_filter_by_tags_any_or_all(catalogue):
    assert inspiration.filter_catalogue(catalogue, tags="PARTICIPATION")["id"].tolist() == ["I1", "I3"]
    assert inspiration.filter_catalogue(catalogue, tags=["cantine", "participation"], match="all")["id"].tolist() == ["I1"]
    assert inspiration.filter_catalogue(catalogue, tags=["cantine", "accueil"])["id"].tolist() == ["I1", "I2"]


def test_filter_by_kind_site_and_text(catalogue):
    assert inspiration.filter_catalogue(catalogue, kind=["lieu", "methode"])["id"].tolist() == ["I3", "I4"]
    assert inspiration.filter_catalogue(catalogue, site="a")["id"].tolist() == ["I1", "I2", "I4"]
    assert inspiration.filter_catalogue(catalogue, site="a", include_common=False)["id"].tolist() == ["I2"]
    assert inspiration.filter_catalogue(catalogue, text="eleves")["id"].tolist() == ["I2"]
    with pytest.raises(ParameterError, match=r"`kind` is expected to be among .* Got \['musee'\] instead."):
        inspiration.filter_catalogue(catalogue, kind="musee")


def test_filter_returns_a_new_frame(catalogue):
    result = inspiration.filter_catalogue(catalogue)
    result.loc[0, "title"] = "changé"
    assert catalogue.loc[0, "title"] == "Cantine participative"


def test_tag_frequencies_merge_spellings(catalogue):
    freq = inspiration.tag_frequencies(catalogue)
    assert freq.to_dict() == {"participation": 2, "accueil": 1, "cantine": 1, "internat": 1}
    by_kind = inspiration.tag_frequencies(catalogue, by="kind")
    assert by_kind.loc["participation"].to_dict() == {"initiative": 1, "lieu": 1, "publication": 0}


def test_benchmark_matrix(catalogue):
    bench = pd.DataFrame({"case": ["I1", "I1", "I2", "I3", "I3"], "criterion": ["Coût", "Transférabilité", "Coût",
                                                                              "Transférabilité", "Coût"],
                          "score": [1.0, 3.0, 2.0, 2.0, 0.0]})
    matrix = inspiration.benchmark_matrix(bench, catalogue)
    assert matrix.index.tolist() == ["Cantine participative", "Guide de l'accueil", "Internat ouvert"]
    assert matrix.columns.tolist() == ["Coût", "Transférabilité"]
    np.testing.assert_array_equal(matrix.to_numpy(), [[1, 3], [2, np.nan], [0, 2]])


def test_a_case_scored_twice_gets_the_mean_with_a_warning():
    bench = pd.DataFrame({"case": ["I1", "I1"], "criterion": ["Coût", "Coût"], "score": [1.0, 2.0]})
    with pytest.warns(DataWarning, match=r"cas « I1 », critère « Coût » noté 2 fois : la moyenne est retenue"):
        assert inspiration.benchmark_matrix(bench).loc["I1", "Coût"] == 1.5


def test_plot_benchmark_annotates_every_cell():
    matrix = pd.DataFrame([[1.0, np.nan], [2.5, 3.0]], index=["A", "B"], columns=["Coût", "Transférabilité"])
    fig, ax = plt.subplots()
    out = inspiration.plot_benchmark(matrix, ax=ax)
    assert out is ax
    assert [t.get_text() for t in ax.texts] == ["1", "–", "2,5", "3"]
    assert ax.get_xlabel() == "Critère" and ax.get_ylabel() == "Cas"


def test_plots_without_data():
    fig, (one, two) = plt.subplots(1, 2)
    inspiration.plot_benchmark(pd.DataFrame(), ax=one)
    inspiration.plot_tag_frequencies(pd.Series(dtype="int64"), lang="en", ax=two)
    assert [t.get_text() for t in one.texts] == ["Pas de données"]
    assert [t.get_text() for t in two.texts] == ["No data"]


def test_plot_tag_frequencies_keeps_the_top(catalogue):
    fig, ax = plt.subplots()
    inspiration.plot_tag_frequencies(inspiration.tag_frequencies(catalogue), top=2, ax=ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["participation", "accueil"]
    assert ax.get_title() == "Mots-clés les plus fréquents de la veille"


def test_format_catalogue(catalogue):
    table = inspiration.format_catalogue(catalogue, site_names={"a": "Lycée A"})
    assert table.loc[0, "Nature"] == "Initiative" and table.loc[0, "Site"] == "Tous les sites"
    assert table.loc[1, "Site"] == "Lycée A" and table.loc[0, "Mots-clés"] == "cantine, Participation"
