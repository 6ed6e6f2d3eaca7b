"""Common vs specific: per-site 2 × 2 tests, multiple-test correction, tags shared by all sites."""
from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from transfo_lab.phases.research import comparison
from transfo_lab.base.exceptions import DataWarning, ParameterError


def corpus(spec: dict[str, dict[str, int]], sizes: dict[str, int]) -> pd.DataFrame:
    """Observations per site: ``spec[site][tag]`` observations carry the tag, the rest carry « autre »."""
    rows = []
    for site, size in sizes.items():
        tags = [[t] for t, n in spec.get(site, {}).items() for _ in range(n)]
        rows += [(site, t) for t in tags] + [(site, ["autre"])] * (size - len(tags))
    return pd.DataFrame(rows, columns=["site", "tags"])


def row(result, site, tag):
    return result[(result["site"] == site) & (result["tag"] == tag)].iloc[0]


def test_small_counts_use_fisher_exact():
    obs = corpus({"a": {"x": 5}}, {"a": 5, "b": 5})
    result = comparison.compare_sites(obs, correction="none")
    x = row(result, "a", "x")
    assert x["test"] == "fisher"
    assert x["p_value"] == pytest.approx(2 / 252)  # one table as extreme in each direction, C(10, 5) = 252
    assert (x["n_site"], x["total_site"], x["n_others"], x["total_others"]) == (5, 5, 0, 5)
    assert x["specific"] and x["direction"] == "over"
    assert row(result, "b", "x")["direction"] == "under" and not row(result, "b", "x")["specific"]


def test_large_counts_use_chi_square_with_yates():
    obs = corpus({"a": {"x": 60}, "b": {"x": 40}}, {"a": 100, "b": 100})
    x = row(comparison.compare_sites(obs, correction="none"), "a", "x")
    # expected 50 in each cell, |O - E| = 10, Yates: (10 - 0.5)² × 4 / 50 = 7.22
    from scipy.stats import chi2
    assert x["test"] == "chi2"
    assert x["p_value"] == pytest.approx(chi2.sf(7.22, 1))
    assert x["share_site"] == 0.6 and x["share_others"] == 0.4 and x["ratio"] == pytest.approx(1.5)


def test_specific_only_when_significant_after_correction():
    # p ≈ 0.0072 for x at a, but 20 tags × 2 sites = many tests: Holm makes it non-significant
    spec = {"a": {"x": 60, **{f"t{i}": 2 for i in range(18)}}, "b": {"x": 40, **{f"t{i}": 2 for i in range(18)}}}
    obs = corpus(spec, {"a": 100, "b": 100})
    raw = comparison.compare_sites(obs, correction="none")
    holm = comparison.compare_sites(obs, correction="holm")
    assert row(raw, "a", "x")["specific"]
    assert not row(holm, "a", "x")["specific"]
    assert row(holm, "a", "x")["p_adjusted"] > 0.05


def test_adjust_pvalues_by_hand():
    p = [0.01, 0.04, 0.03, np.nan]
    assert comparison.adjust_pvalues(p, "holm")[:3].tolist() == pytest.approx([0.03, 0.06, 0.06])
    assert comparison.adjust_pvalues(p, "bh")[:3].tolist() == pytest.approx([0.03, 0.04, 0.04])
    assert np.isnan(comparison.adjust_pvalues(p, "bh")[3])
    with pytest.raises(ParameterError, match=r"`correction` is expected to be one of \('bh', 'holm', 'none'\)"):
        comparison.adjust_pvalues(p, "bonferroni")


def test_a_site_without_observations_is_left_out_with_a_warning():
    obs = corpus({"a": {"x": 5}}, {"a": 5, "b": 5})
    with pytest.warns(DataWarning, match=r"Pas de données pour c : aucune observation sur ce\(s\) site\(s\)\."):
        result = comparison.compare_sites(obs, sites=["a", "b", "c"])
    assert set(result["site"]) == {"a", "b"}


def test_fewer_than_two_sites_gives_an_empty_comparison():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = comparison.compare_sites(corpus({}, {"a": 3}))
    assert result.empty and result.columns.tolist() == comparison.COLUMNS


def test_a_tag_everywhere_or_nowhere_is_not_tested():
    obs = pd.DataFrame({"site": ["a", "a", "b"], "tags": [["x"], ["x"], ["x"]]})
    result = comparison.compare_sites(obs)
    assert result["p_value"].isna().all() and not result["significant"].any()


def test_shared_tags_are_present_at_every_site():
    obs = corpus({"a": {"x": 2, "y": 1}, "b": {"x": 1, "z": 3}, "c": {"x": 4, "y": 2}}, {"a": 4, "b": 4, "c": 8})
    shared = comparison.shared_tags(obs)
    assert shared.index.tolist() == ["x"]  # « autre » is absent from b, y from b, z from a and c
    assert shared.loc["x", ["a", "b", "c", "min_share"]].tolist() == [0.5, 0.25, 0.5, 0.25]
    assert comparison.shared_tags(obs, sites=["a", "c"]).index.tolist() == ["x", "autre", "y"]


def test_plot_specificity_marks_significant_cells():
    obs = corpus({"a": {"x": 5}}, {"a": 5, "b": 5})
    fig, ax = plt.subplots()
    out = comparison.plot_specificity(comparison.compare_sites(obs), site_names={"a": "Lycée A"}, ax=ax)
    assert out is ax
    assert [t.get_text() for t in ax.texts] == ["★", "★", "★", "★"]  # x: over at a, under at b; « autre » the reverse
    assert ax.get_title() == "Spécificités des sites (★ : écart significatif après correction de Benjamini-Hochberg)"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Lycée A", "b"]


def test_plot_specificity_without_data():
    fig, ax = plt.subplots()
    comparison.plot_specificity(comparison.compare_sites(corpus({}, {"a": 2})), ax=ax)
    assert [t.get_text() for t in ax.texts] == ["Pas de données"]


def test_format_comparison_in_words():
    obs = corpus({"a": {"x": 5}}, {"a": 5, "b": 5})
    table = comparison.format_comparison(comparison.specific_tags(comparison.compare_sites(obs)), lang="en")
    assert table.iloc[0].tolist() == ["a", "x", "100% (5/5)", "0% (0/5)", "Fisher exact", "0.008", "over-represented",
                                     "much more frequent here than elsewhere"]


def test_plain_reading_of_every_row():
    """Each statistical row comes with a reading in plain words, the figures staying beside it."""
    rows = [{"significant": False, "log2_ratio": 3.0}, {"significant": True, "log2_ratio": 0.5},
            {"significant": True, "log2_ratio": 2.0}, {"significant": True, "log2_ratio": -0.5},
            {"significant": True, "log2_ratio": -1.5}]
    assert [comparison.plain_reading(r) for r in rows] == [
        "pas de différence nette", "plus fréquent ici qu’ailleurs", "nettement plus fréquent ici qu’ailleurs",
        "moins fréquent ici qu’ailleurs", "nettement moins fréquent ici qu’ailleurs"]
    obs = corpus({"a": {"x": 5}}, {"a": 5, "b": 5})
    table = comparison.format_comparison(comparison.compare_sites(obs))
    assert "p corrigée" in table.columns and table["Lecture"].iloc[0] in {r for r in map(comparison.plain_reading, rows)}
