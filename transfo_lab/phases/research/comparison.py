"""What is common to all sites and what is specific to one: the heart of the extended residency.

For each site and each tag, the share of the site's observations carrying the tag is
compared with the share among the observations of all the *other* sites, with a 2 × 2 test:
Fisher's exact test when an expected count is below 5, else the chi-square test (with
Yates' continuity correction). All the site × tag tests form one family, corrected for
multiple testing (Benjamini–Hochberg by default, or Holm). A tag is *specific* to a site
only when the corrected p-value is below ``alpha`` and the site's share is the higher one.
The tags *shared* by all sites are those present at every site.

Examples
--------
>>> obs = pd.DataFrame({"site": ["a"] * 20 + ["b"] * 20,
...                     "tags": [["cantine"]] * 18 + [["accueil"]] * 2 + [["accueil"]] * 18 + [["cantine"]] * 2})
>>> result = compare_sites(obs)
>>> result.loc[result["specific"], ["site", "tag"]].values.tolist()
[['a', 'cantine'], ['b', 'accueil']]
"""
from __future__ import annotations

import warnings
from typing import Literal

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from scipy import stats

from transfo_lab.phases.research.coding import _heatmap, _heatmap_axes, tag_counts
from transfo_lab.base.plotting import no_data_panel, print_chart, wrap
from transfo_lab.base.exceptions import DataWarning, ParameterError
from transfo_lab.base.labels import check_lang, format_number, format_percent, label, tag_label

CORRECTIONS = ("bh", "holm", "none")
COLUMNS = ["site", "tag", "n_site", "total_site", "share_site", "n_others", "total_others", "share_others",
           "ratio", "log2_ratio", "test", "p_value", "p_adjusted", "significant", "direction", "specific"]


def adjust_pvalues(p_values, method: Literal["bh", "holm", "none"] = "bh") -> np.ndarray:
    """p-values corrected for multiple tests (NaN stays NaN and does not count as a test).

    >>> adjust_pvalues([0.01, 0.04, 0.03], "holm").round(3).tolist()
    [0.03, 0.06, 0.06]
    >>> adjust_pvalues([0.01, 0.04, 0.03], "bh").round(3).tolist()
    [0.03, 0.04, 0.04]
    """
    if method not in CORRECTIONS:
        raise ParameterError(f"`correction` is expected to be one of {CORRECTIONS}. Got {method!r} instead.")
    p = np.asarray(p_values, dtype=float)
    result = np.full(p.shape, np.nan)
    tested = ~np.isnan(p)
    if not tested.any() or method == "none":
        result[tested] = p[tested]
        return result
    values = p[tested]
    if method == "bh":
        result[tested] = stats.false_discovery_control(values, method="bh")
        return result
    order = np.argsort(values, kind="stable")
    m = len(values)
    holm = np.maximum.accumulate((m - np.arange(m)) * values[order]).clip(max=1.0)
    adjusted = np.empty(m)
    adjusted[order] = holm
    result[tested] = adjusted
    return result


def _usable_sites(observations: pd.DataFrame, sites) -> list[str]:
    present = list(observations["site"].dropna().astype(str).unique())  # in order of appearance
    if sites is None:
        return present
    sites = [str(s) for s in sites]
    empty = [s for s in sites if s not in present]
    if empty:
        warnings.warn(label("coding.sites_without_observations", "fr", sites=", ".join(empty)), DataWarning, stacklevel=3)
    return [s for s in sites if s in present]


def _two_by_two_pvalues(a, total_a, b, total_b) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised 2 × 2 tests: p-values and the test used (``fisher`` or ``chi2``)."""
    table = np.stack([a, total_a - a, b, total_b - b], axis=-1).astype(float)  # [[a, A-a], [b, B-b]]
    n = total_a + total_b
    row = np.stack([total_a, total_a, total_b, total_b], axis=-1)
    col = np.stack([a + b, n - a - b, a + b, n - a - b], axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = row * col / n[..., None]
        deviation = np.clip(np.abs(table - expected) - 0.5, 0, None)  # Yates' correction
        chi2 = np.nansum(deviation ** 2 / expected, axis=-1)
    p = stats.chi2.sf(chi2, 1)
    test = np.where(expected.min(axis=-1) < 5, "fisher", "chi2").astype(object)
    for index in zip(*np.nonzero(test == "fisher")):
        cells = table[index].reshape(2, 2).astype(int)
        p[index] = stats.fisher_exact(cells).pvalue
    untestable = (a + b == 0) | (a + b == n)  # tag absent everywhere, or on every observation
    p = np.where(untestable, np.nan, p)
    test = np.where(untestable, None, test)
    return p, test


def compare_sites(observations: pd.DataFrame, *, sites: list[str] | None = None, codebook: pd.DataFrame | None = None,
                  correction: Literal["bh", "holm", "none"] = "bh", alpha: float = 0.05) -> pd.DataFrame:
    """Each site against all the others, tag by tag, with corrected tests.

    Parameters
    ----------
    observations : DataFrame
        With ``site`` and ``tags`` columns.
    sites : list of str, optional
        The sites to compare (default: every site with observations). A listed site without
        any observation is left out with a :class:`~transfo_lab.base.exceptions.DataWarning`.
    codebook : DataFrame, optional
        Gives the tag order.
    correction : {"bh", "holm", "none"}
        Benjamini–Hochberg (false discovery rate), Holm (family-wise error) or none.
    alpha : float
        Significance level applied to the corrected p-values.

    Returns
    -------
    DataFrame
        One row per site × tag: counts (``n_site`` of ``total_site`` observations, the
        same for the others), shares, ``ratio`` of the shares, a smoothed ``log2_ratio``,
        ``test`` (``fisher`` or ``chi2``), ``p_value``, ``p_adjusted``, ``significant``,
        ``direction`` (``over`` / ``under`` / None) and ``specific`` (significant and over).
        Empty when fewer than two sites have observations.
    """
    if correction not in CORRECTIONS:
        raise ParameterError(f"`correction` is expected to be one of {CORRECTIONS}. Got {correction!r} instead.")
    if not 0 < alpha < 1:
        raise ParameterError(f"`alpha` is expected to be between 0 and 1. Got {alpha!r} instead.")
    used = _usable_sites(observations, sites)
    if len(used) < 2:
        return pd.DataFrame(columns=COLUMNS)
    data = observations[observations["site"].isin(used)]
    table = tag_counts(data, by="site", codebook=codebook, groups=used)  # tags × sites
    tags, counts = list(table.index), table.to_numpy(dtype=float)
    totals = data["site"].value_counts().reindex(used).to_numpy(dtype=float)
    a = counts.T  # sites × tags
    total_a = np.broadcast_to(totals[:, None], a.shape)
    b = counts.sum(axis=1)[None, :] - a
    total_b = totals.sum() - total_a
    p, test = _two_by_two_pvalues(a, total_a, b, total_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        share_a, share_b = a / total_a, b / total_b
        ratio = share_a / share_b
        log2 = np.log2(((a + 0.5) / (total_a + 1)) / ((b + 0.5) / (total_b + 1)))
    result = pd.DataFrame({
        "site": np.repeat(used, len(tags)), "tag": np.tile(tags, len(used)),
        "n_site": a.ravel().astype(int), "total_site": total_a.ravel().astype(int), "share_site": share_a.ravel(),
        "n_others": b.ravel().astype(int), "total_others": total_b.ravel().astype(int), "share_others": share_b.ravel(),
        "ratio": ratio.ravel(), "log2_ratio": log2.ravel(), "test": test.ravel(), "p_value": p.ravel(),
    })
    result["p_adjusted"] = adjust_pvalues(result["p_value"], correction)
    result["significant"] = (result["p_adjusted"] < alpha).fillna(False).astype(bool)
    over = result["share_site"] > result["share_others"]
    result["direction"] = np.where(result["significant"], np.where(over, "over", "under"), None)
    result["specific"] = result["significant"] & over
    return result[COLUMNS]


def specific_tags(comparison: pd.DataFrame, site: str | None = None) -> pd.DataFrame:
    """The significant over-representations (one site, or all), strongest first."""
    data = comparison[comparison["specific"]]
    if site is not None:
        data = data[data["site"] == site]
    return data.sort_values(["site", "p_adjusted", "log2_ratio"], ascending=[True, True, False], kind="stable")


def shared_tags(observations: pd.DataFrame, *, sites: list[str] | None = None, codebook: pd.DataFrame | None = None,
                min_count: int = 1) -> pd.DataFrame:
    """The tags present at every site (at least ``min_count`` observations at each), with their shares.

    Sites without any observation are left out (with a warning), never counted as « absent ».

    Returns
    -------
    DataFrame
        tags × sites of shares, plus ``min_share``; sorted by ``min_share``, highest first.

    >>> obs = pd.DataFrame({"site": ["a", "a", "b"], "tags": [["x", "y"], ["x"], ["x"]]})
    >>> shared_tags(obs).index.tolist()
    ['x']
    """
    used = _usable_sites(observations, sites)
    if not used:
        return pd.DataFrame(columns=["min_share"])
    data = observations[observations["site"].isin(used)]
    counts = tag_counts(data, by="site", codebook=codebook, groups=used)
    totals = data["site"].value_counts().reindex(used).to_numpy(dtype=float)
    shares = counts / totals
    shared = shares[(counts >= min_count).all(axis=1)].copy()
    shared.columns = list(shared.columns)
    shared["min_share"] = shared[used].min(axis=1)
    return shared.sort_values("min_share", ascending=False, kind="stable")


def format_comparison(comparison: pd.DataFrame, *, site_names: dict[str, str] | None = None,
                      lang: str = "fr") -> pd.DataFrame:
    """The comparison rows in words, for a report table."""
    check_lang(lang)
    names = site_names or {}
    return pd.DataFrame({
        label("common.site", lang): comparison["site"].map(lambda s: names.get(s, s)),
        label("coding.tag", lang): comparison["tag"].map(tag_label),
        label("comparison.share_site", lang): [f"{format_percent(s, 0, lang)} ({n}/{t})" for s, n, t in
                                               zip(comparison["share_site"], comparison["n_site"], comparison["total_site"])],
        label("comparison.share_others", lang): [f"{format_percent(s, 0, lang)} ({n}/{t})" for s, n, t in
                                                 zip(comparison["share_others"], comparison["n_others"],
                                                     comparison["total_others"])],
        label("comparison.test", lang): comparison["test"].map(lambda t: label(f"comparison.test.{t}", lang) if t else "–"),
        label("comparison.p_adjusted", lang): comparison["p_adjusted"].map(lambda p: format_p_value(p, lang)),
        label("comparison.direction", lang): comparison["direction"].map(
            lambda d: label(f"comparison.{d}", lang) if isinstance(d, str) else "–"),
        label("comparison.reading", lang): [plain_reading(row, lang) for row in comparison.to_dict("records")],
    }).reset_index(drop=True)


def plain_reading(row, lang: str = "fr") -> str:
    """What a comparison row means, in plain words, for a reader who does not read p-values.

    ``row`` is a row of :func:`compare_sites` (a dict or a Series): the reading follows the
    corrected test (``significant``) and the size of the gap (``log2_ratio``: 1 means twice as
    frequent).

    >>> plain_reading({"significant": True, "log2_ratio": 1.6})
    'nettement plus fréquent ici qu’ailleurs'
    >>> plain_reading({"significant": True, "log2_ratio": 0.4}), plain_reading({"significant": False, "log2_ratio": 2.0})
    ('plus fréquent ici qu’ailleurs', 'pas de différence nette')
    >>> plain_reading({"significant": True, "log2_ratio": -1.2}, "en")
    'much less frequent here than elsewhere'
    """
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    significant, ratio = get("significant", False), get("log2_ratio", None)
    if not significant or ratio is None or pd.isna(ratio) or ratio == 0:
        return label("comparison.reading.none", lang)
    strength = "strong" if abs(ratio) >= 1 else "weak"
    return label(f"comparison.reading.{'over' if ratio > 0 else 'under'}_{strength}", lang)


def format_p_value(p: float, lang: str = "fr") -> str:
    """A (corrected) p-value as printed: « < 0,001 » or three decimals, « – » when missing.

    >>> format_p_value(0.00004), format_p_value(0.0245)
    ('< 0,001', '0,025')
    """
    if pd.isna(p):
        return "–"
    return f"< {format_number(0.001, 3, lang)}" if p < 0.001 else format_number(p, 3, lang)


@print_chart
def plot_specificity(comparison: pd.DataFrame, *, site_names: dict[str, str] | None = None,
                     correction: Literal["bh", "holm", "none"] = "bh", lang: str = "fr", ax: Axes | None = None) -> Axes:
    """Heatmap tags × sites of the log₂ ratio of shares (red: over-represented), ★ where significant.

    >>> obs = pd.DataFrame({"site": ["a", "b"], "tags": [["x"], ["y"]]})
    >>> fig, ax = plt.subplots()
    >>> [t.get_text() for t in plot_specificity(compare_sites(obs), ax=ax).texts]
    ['', '', '', '']
    """
    sites = list(dict.fromkeys(comparison["site"])) if not comparison.empty else []
    tags = list(dict.fromkeys(comparison["tag"])) if not comparison.empty else []
    names = [(site_names or {}).get(s, s) for s in sites]
    ax = _heatmap_axes(ax, "comparison.title", [str(t) for t in tags], names, lang=lang,
                       correction=label(f"comparison.correction.{correction}", lang))
    if comparison.empty:
        return no_data_panel(ax, lang)
    values = comparison.pivot(index="tag", columns="site", values="log2_ratio").reindex(index=tags, columns=sites)
    stars = comparison.pivot(index="tag", columns="site", values="significant").reindex(index=tags, columns=sites)
    texts = [["★" if bool(s) else "" for s in row] for row in stars.to_numpy()]
    image = _heatmap(ax, values.to_numpy(dtype=float), texts, tags, names, "RdBu_r", center=0.0)
    ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label=wrap(label("comparison.colorbar", lang), 24))
    return ax
