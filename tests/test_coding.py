"""Coding: codebook checks, tag counts and shares per site / week / method, co-occurrence, key verbatims."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from transfo_lab.phases.research import coding
from transfo_lab.base.exceptions import ParameterError


@pytest.fixture
def obs():
    return pd.DataFrame({
        "id": ["O1", "O2", "O3", "O4", "O5"],
        "site": ["a", "a", "a", "b", "b"],
        "week": pd.array([1, 1, 2, None, 2], dtype="Int64"),
        "method": pd.Categorical(["observation", "entretien", "observation", "enquete", "observation"],
                                 categories=["observation", "entretien", "enquete", "atelier"]),
        "kind": ["note", "verbatim", "note", "note", "verbatim"],
        "date": pd.to_datetime(["2016-10-03", "2016-10-04", "2016-10-10", "2016-10-05", "2016-10-11"]),
        "text": ["File de la cantine", "« La cantine est bruyante »", "Bus en retard", "", "« Le bus, c'est long »"],
        "tags": [["cantine"], ["cantine", "bruit"], ["transport"], ["cantine", "cantine"], ["transport", "bruit"]],
    }, index=[2, 3, 4, 5, 6])


@pytest.fixture
def book():
    return pd.DataFrame({"tag": ["cantine", "transport", "bruit", "accueil"],
                         "family": ["Vie", "Mobilité", "Vie", "Relations"],
                         "definition": ["repas", "trajets", "son", "contact"]}, index=[2, 3, 4, 5])


def test_tag_counts_per_site_with_a_site_without_observations(obs, book):
    counts = coding.tag_counts(obs, by="site", codebook=book, groups=["a", "b", "c"])
    assert counts.index.tolist() == ["cantine", "transport", "bruit", "accueil"]
    assert counts.columns.tolist() == ["a", "b", "c"]
    assert counts.values.tolist() == [[2, 1, 0], [1, 1, 0], [1, 1, 0], [0, 0, 0]]


def test_tag_shares_are_per_observation_and_nan_for_an_empty_site(obs):
    shares = coding.tag_shares(obs, groups=["a", "b", "c"])
    assert shares.loc["cantine"].tolist()[:2] == [2 / 3, 1 / 2]
    assert np.isnan(shares.loc["cantine", "c"])


def test_tag_counts_per_week_keep_observations_outside_immersion(obs):
    counts = coding.tag_counts(obs, by="week")
    assert counts.columns[:2].tolist() == [1, 2] and pd.isna(counts.columns[2])
    assert counts.loc["cantine"].tolist() == [2, 0, 1]
    assert coding.group_sizes(obs, by="week").tolist() == [2, 2, 1]


def test_tag_counts_per_method_in_canonical_order(obs):
    counts = coding.tag_counts(obs, by="method")
    assert counts.columns.tolist() == ["observation", "entretien", "enquete"]
    assert counts.loc["transport"].tolist() == [2, 0, 0]


def test_bad_by_is_refused(obs):
    with pytest.raises(ParameterError, match=r"`by` is expected to be one of \('site', 'week', 'method'\). Got 'jour'"):
        coding.tag_counts(obs, by="jour")


def test_cooccurrence_counts_observations_once(obs):
    matrix = coding.cooccurrence(obs)
    assert matrix.index.tolist() == ["bruit", "cantine", "transport"]
    assert matrix.values.tolist() == [[2, 1, 1], [1, 3, 0], [1, 0, 2]]


def test_check_codebook_lists_every_problem(obs, book):
    bad_obs = obs.copy()
    bad_obs.loc[6, "tags"] = ["transport", "meteo"]
    bad_obs.loc[4, "tags"] = []
    bad_book = pd.concat([book, pd.DataFrame({"tag": ["Cantine"], "family": [None], "definition": ["x"]}, index=[6])])
    problems = coding.check_codebook(bad_obs, bad_book, files={"codebook": "grille.csv"})
    assert [(p.severity, p.rule, p.file, p.table, p.row, p.column, p.value) for p in problems] == [
        ("error", "coding.duplicate_tag", "grille.csv", "codebook", 6, "Étiquette", "Cantine"),
        ("warning", "coding.no_family", "grille.csv", "codebook", 6, "Famille", "Cantine"),
        ("warning", "coding.unused_tag", "grille.csv", "codebook", 5, "Étiquette", "accueil"),
        ("warning", "coding.unused_tag", "grille.csv", "codebook", 6, "Étiquette", "Cantine"),
        ("error", "coding.unknown_tag", None, "observations", 6, "Étiquettes", "meteo"),
        ("warning", "coding.uncoded", None, "observations", 4, "Étiquettes", None),
        ("warning", "coding.empty_text", None, "observations", 5, "Texte", None),
    ]
    assert problems[0].format() == ("grille.csv, ligne 6, colonne « Étiquette » : étiquette « Cantine » déclarée "
                                    "plusieurs fois dans la grille")
    assert coding.check_codebook(obs.drop(index=5), book.drop(index=5)) == []


def test_key_verbatims_prefer_reported_words_then_specific_notes(obs):
    key = coding.key_verbatims(obs, n=2)
    cantine_a = key[(key["tag"] == "cantine") & (key["site"] == "a")]
    assert cantine_a["text"].tolist() == ["« La cantine est bruyante »", "File de la cantine"]
    assert cantine_a["rank"].tolist() == [1, 2] and cantine_a["row"].tolist() == [3, 2]
    assert "" not in key["text"].tolist()  # the empty text of O4 is never chosen
    assert key[["tag", "site"]].drop_duplicates().values.tolist() == [
        ["bruit", "a"], ["bruit", "b"], ["cantine", "a"], ["transport", "a"], ["transport", "b"]]


def test_empty_observations_give_empty_results():
    empty = pd.DataFrame({"site": pd.Series(dtype=object), "week": pd.Series(dtype="Int64"), "text": pd.Series(dtype=object),
                          "tags": pd.Series(dtype=object)})
    assert coding.tag_counts(empty, groups=["a"]).shape == (0, 1)
    assert coding.cooccurrence(empty).empty
    assert coding.key_verbatims(empty).empty
    fig, ax = plt.subplots()
    coding.plot_tag_shares(coding.tag_shares(empty, groups=["a"]), ax=ax)
    assert [t.get_text() for t in ax.texts] == ["Pas de données"]


def test_sites_without_observations(obs):
    assert coding.sites_without_observations(obs, ["a", "b", "c"]) == ["c"]


def test_plot_tag_shares_draws_percentages_and_dashes(obs):
    fig, ax = plt.subplots()
    shares = coding.tag_shares(obs, groups=["a", "c"])
    out = coding.plot_tag_shares(shares, site_names={"a": "Lycée A"}, lang="en", ax=ax)
    assert out is ax
    assert ax.get_title() == "Share of observations carrying each tag, by site"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Lycée A", "c"]
    assert [t.get_text() for t in ax.texts] == ["33%", "–", "67%", "–", "33%", "–"]


def test_plot_cooccurrence_leaves_the_diagonal_blank(obs):
    fig, ax = plt.subplots()
    coding.plot_cooccurrence(coding.cooccurrence(obs), ax=ax)
    assert [t.get_text() for t in ax.texts] == ["", "1", "1", "1", "", "0", "1", "0", ""]
    assert ax.get_title() == "Co-occurrence des étiquettes (nombre d'observations portant les deux)"


def test_format_shares_translates_groups(obs, book):
    table = coding.format_shares(coding.tag_shares(obs, by="week", codebook=book), by="week", codebook=book)
    assert table.columns.tolist() == ["Famille", "Semaine 1", "Semaine 2", "Hors immersion"]
    assert table.loc["cantine"].tolist() == ["Vie", "100\xa0%", "0\xa0%", "100\xa0%"]
