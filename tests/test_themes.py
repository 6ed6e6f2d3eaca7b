"""Themes worth their name: class-based TF-IDF over lemmas, agreement with known themes (values by hand)."""
from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from transfo_lab.phases.research import affinity, theme_names


def test_class_tfidf_by_hand():
    # theme 1: « cantine cantine élèves » ; theme 2: « bus élèves élèves » (stop words none, bigrams read once each)
    texts = pd.Series(["cantine élèves", "cantine", "bus élèves", "élèves"])
    weights = theme_names.class_tfidf(texts, np.array([1, 1, 2, 2]))
    # counts (terms read at least twice in a theme): cantine 2 (theme 1), élève 1 + 2, bus 1 → dropped
    # A = average words per theme = (2 + 1 + 2) / 2 = 2.5 ; f(élève) = 3, f(cantine) = 2
    assert weights.at["cantine", 1] == pytest.approx(2 / 3 * math.log(1 + 2.5 / 2))
    assert weights.at["élève", 2] == pytest.approx(2 / 2 * math.log(1 + 2.5 / 3))
    assert weights.at["élève", 1] == 0  # read once in theme 1
    assert "bus" not in weights.index


def test_a_word_common_to_every_theme_does_not_name_them():
    texts = pd.Series(["les élèves à la cantine", "cantine et élèves", "les élèves à la cantine bruyante",
                       "les élèves dans le bus", "bus et élèves", "le bus des élèves en retard"])
    names = theme_names.distinctive_terms(texts, np.array([1, 1, 1, 2, 2, 2]), n_terms=1)
    assert names == {1: ["cantine"], 2: ["bus"]}


def test_reference_agreement_by_hand():
    # contingency a: {1: 2}, b: {1: 1, 2: 1}; Σ C(n_ij, 2) = 1, rows 2 + 2 → 2, columns 3 + 1 → 3, C(4, 2) = 6
    # expected 2·3/6 = 1, maximum (2 + 3)/2 = 2.5 → ARI = (1 − 1)/(2.5 − 1) = 0
    assert affinity.reference_agreement([1, 1, 1, 2], ["a", "a", "b", "b"]) == {"ari": 0.0, "recovered": 0,
                                                                                 "n_reference": 2}
    # a split theme is not recovered; the clean one is
    result = affinity.reference_agreement([1, 1, 2, 2, 3, 3, 3, 3], ["a", "a", "a", "a", "b", "b", "b", "b"])
    assert result["recovered"] == 1


@pytest.fixture(scope="module")
def benchmark():
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "synthesis.py"
    spec = importlib.util.spec_from_file_location("synthesis_benchmark_themes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_themes_are_recovered_and_named_by_their_own_words(benchmark):
    corpus = benchmark.make_corpus(3000)
    amap = affinity.affinity_map(corpus, random_state=0)
    agreement = affinity.reference_agreement(amap.assignments, corpus["theme"])
    assert amap.n_themes == 12
    assert agreement["ari"] >= 0.8 and agreement["recovered"] >= 11
    vocabularies = {name: set(words.split()) for name, words in benchmark.THEMES.items()}
    found = amap.assignments.to_numpy()
    for theme, row in amap.themes.iterrows():
        truth = corpus["theme"][found == theme].mode()[0]
        lemmas = {theme_names.lemma(w) for w in vocabularies[truth]} | vocabularies[truth]
        # each name word is a word (or lemma) of the theme it names, not a filler or stop word
        assert all(set(term.split()) <= lemmas for term in row["names"][:3]), (truth, row["names"])
