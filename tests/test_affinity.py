"""Affinity map: French preparation, deterministic grouping, labels, sizes per site, representative verbatims."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from transfo_lab.phases.research import affinity
from transfo_lab.base.exceptions import ParameterError

CANTINE = ["La cantine est bruyante à midi", "File d'attente à la cantine, les élèves attendent",
           "Le bruit de la cantine gêne les élèves", "À midi la cantine déborde, l'attente est longue",
           "Les élèves mangent vite à la cantine"]
TRANSPORT = ["Le bus arrive en retard le matin", "Le trajet en bus dure une heure",
             "Le car scolaire part trop tôt, le bus est plein", "Retard du bus : les internes ratent l'appel",
             "Le bus du matin ne passe pas le mercredi"]
INTERNAT = ["Le soir à l'internat les chambres sont froides", "L'internat ferme tôt le soir, chambres de quatre",
            "Les chambres de l'internat manquent de bureaux", "Soirée à l'internat : télévision dans les chambres",
            "Internat le dimanche soir, chambres vides"]


@pytest.fixture
def obs():
    texts = CANTINE + TRANSPORT + INTERNAT
    return pd.DataFrame({"id": [f"O{i}" for i in range(15)], "site": (["a", "b"] * 8)[:15], "text": texts},
                        index=range(2, 17))


def test_prepare_texts_removes_elisions_and_accents():
    texts = pd.Series(["L'accueil d'Inès qu'on jusqu’à l’internat", None, "Œuvre"])
    assert affinity.prepare_texts(texts).tolist() == ["accueil ines on a internat", "", "oeuvre"]


def test_french_stop_words_come_from_the_package_folded():
    words = set(affinity.french_stop_words())
    assert {"les", "etre", "ete", "avec", "qu"} <= words
    assert "cantine" not in words and "été" not in words


def test_three_clear_themes_are_found(obs):
    amap = affinity.affinity_map(obs, n_themes=3)
    groups = {frozenset(obs.loc[amap.assignments == t, "id"]) for t in (1, 2, 3)}
    assert groups == {frozenset(f"O{i}" for i in range(s, s + 5)) for s in (0, 5, 10)}
    top_two = [set(terms[:2]) for terms in amap.themes["terms"]]
    assert sorted(map(sorted, top_two)) == [["bus", "matin"], ["cantine", "élèves"], ["chambres", "internat"]]
    assert amap.themes["size"].tolist() == [5, 5, 5]
    assert amap.sizes.sum(axis=1).tolist() == [5, 5, 5] and amap.sizes.columns.tolist() == ["a", "b"]


def test_terms_keep_their_accents(obs):
    amap = affinity.affinity_map(obs, n_themes=3)
    terms = {t for terms in amap.themes["terms"] for t in terms}
    assert "élèves" in terms and "eleves" not in terms


def test_grouping_is_deterministic(obs):
    one = affinity.affinity_map(obs, n_themes=3, random_state=7)
    two = affinity.affinity_map(obs.copy(), n_themes=3, random_state=7)
    pd.testing.assert_series_equal(one.assignments, two.assignments)
    pd.testing.assert_frame_equal(one.verbatims, two.verbatims)


def test_automatic_number_of_themes(obs):
    amap = affinity.affinity_map(obs, k_range=(2, 6))
    assert amap.n_themes == 3 and 0 < amap.silhouette <= 1


def test_three_representative_verbatims_per_theme_from_that_theme(obs):
    amap = affinity.affinity_map(obs, n_themes=3, sites=["a", "b", "c"])
    assert amap.verbatims.groupby("theme").size().tolist() == [3, 3, 3]
    for item in amap.verbatims.itertuples():
        assert amap.assignments[item.row] == item.theme
        assert obs.loc[item.row, "text"] == item.text
    assert (amap.verbatims.groupby("theme")["similarity"].apply(lambda s: s.is_monotonic_decreasing)).all()
    assert amap.sizes.columns.tolist() == ["a", "b", "c"] and amap.sizes["c"].sum() == 0


def test_empty_texts_are_left_out_and_counted(obs):
    data = pd.concat([obs, pd.DataFrame({"id": ["E1", "E2", "E3"], "site": ["a"] * 3, "text": ["", None, "le la les"]},
                                        index=[20, 21, 22])])
    amap = affinity.affinity_map(data, n_themes=3)
    assert amap.excluded == [20, 21, 22]
    assert amap.assignments.loc[[20, 21, 22]].isna().all()


def test_too_few_texts_give_an_empty_map():
    amap = affinity.affinity_map(pd.DataFrame({"site": ["a", "a"], "text": ["cantine", ""]}))
    assert amap.empty and amap.excluded == [1]
    fig, ax = plt.subplots()
    affinity.plot_theme_sizes(amap, ax=ax)
    assert [t.get_text() for t in ax.texts] == ["Pas de données"]


def test_bad_number_of_themes(obs):
    with pytest.raises(ParameterError, match=r"`n_themes` attendu entre 2 et 15 \(nombre de textes utiles\), "
                                             r"trouvé « 40 »"):
        affinity.affinity_map(obs, n_themes=40)


def test_plot_theme_sizes(obs):
    amap = affinity.affinity_map(obs, n_themes=3)
    fig, ax = plt.subplots()
    out = affinity.plot_theme_sizes(amap, site_names={"a": "Lycée A"}, lang="en", ax=ax)
    assert out is ax and ax.get_title() == "Candidate themes: observations per site"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Lycée A", "b"]
    assert [t.get_text().split(". ")[0] for t in ax.get_yticklabels()] == ["1", "2", "3"]
    table = affinity.format_themes(amap, site_names={"a": "Lycée A"})
    assert table.columns.tolist() == ["Termes principaux", "Observations", "Lycée A", "b"]


def test_benchmark_script_runs_on_a_small_corpus(capsys):
    """benchmarks/synthesis.py works end to end (a smoke test, not a timing)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "synthesis.py"
    spec = importlib.util.spec_from_file_location("synthesis_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    corpus = module.make_corpus(300)
    pd.testing.assert_frame_equal(corpus, module.make_corpus(300))  # deterministic
    assert corpus["site"].nunique() == 10 and corpus["text"].str.split().str.len().eq(40).all()
    steps = module.main(["--n", "1500", "--themes", "5"])
    assert [s[0] for s in steps][-1] == "affinity map (TF-IDF + k-means)"
    assert "counting steps together" in capsys.readouterr().out
