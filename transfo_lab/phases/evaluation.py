"""The agile evaluation grid: weighted scores, trends, margin of adaptation, a recommendation per site.

The grid (``criteria`` table) lists criteria with a dimension (usage, organisation, coûts,
partenariats…), a weight, a scale (1–5 by default), the evidence expected and whether the
criterion is *adaptable locally* or *common to all sites*. Each site is scored on each
criterion at each round (``scores`` table), with the evidence behind the score.

The rules, as the Prêt à déployer note asks — an evaluation that lets the policy be
reworked and leaves sites a margin of adaptation, not a normalisation:

* every score is brought to a 1–5 scale: ``1 + 4 × (score − min) / (max − min)``;
* weights that do not sum to 1 are normalised, with a :class:`WeightsWarning`;
* a weighted score is computed **only over the scores present**: a missing score is
  reported (:func:`missing_scores`), never read as zero;
* the recommendation per site (:func:`recommend`) comes from thresholds that live in
  ``programme.yaml`` (``evaluation: thresholds: {deploy: 3.5, adapt: 2.5, floor: 2}``):
  « Déployer » from ``deploy`` up, « Adapter » from ``adapt`` up, « Retravailler » below;
  a criterion *common to all sites* scoring below ``floor`` forbids « Déployer ». Every
  recommendation comes with the score lines (and their evidence) that triggered it.

Examples
--------
>>> criteria = pd.DataFrame({"id": ["C1", "C2"], "criterion": ["Usage", "Coût"], "dimension": ["usage", "coûts"],
...                          "weight": [0.5, 0.5], "scale_min": [1, 1], "scale_max": [5, 5], "adaptable": [False, True]})
>>> scores = pd.DataFrame({"criterion": ["C1", "C2", "C1"], "site": ["a", "a", "b"], "round": [1, 1, 1],
...                        "score": [4.0, 5.0, 2.0]})
>>> recommend(criteria, scores)[["site", "score", "recommendation"]].values.tolist()
[['a', 4.5, 'deploy'], ['b', 2.0, 'rework']]
"""
from __future__ import annotations

import math
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from transfo_lab.base.cells import append_row, write_cell
from transfo_lab.base.exceptions import DataError, ParameterError, TransfoLabWarning
from transfo_lab.contract.io import read_table, save_workbook, sheet_names
from transfo_lab.base.labels import check_lang, format_number, format_percent, label
from transfo_lab.contract.schemas import get_table
from transfo_lab.base.plotting import (MIN_FONT_PT, lay_out, legend_outside, no_data_panel, open_axes, print_chart,
                                  rows_height, wrap)

#: Default thresholds, on the 1–5 scale.
DEFAULT_THRESHOLDS = {"deploy": 3.5, "adapt": 2.5, "floor": 2.0}
_THRESHOLD_ALIASES = {"deploy": "deploy", "deployer": "deploy", "adapt": "adapt", "adapter": "adapt",
                      "floor": "floor", "plancher": "floor"}
DECISIONS = ("deploy", "adapt", "rework")
SCORE_COLUMNS = [c.name for c in get_table("scores").columns]


class WeightsWarning(TransfoLabWarning):
    """The criteria weights do not sum to 1 and were normalised."""


# --- the grid -----------------------------------------------------------------------------------------

def thresholds(settings: dict | None = None, **overrides: float) -> dict[str, float]:
    """The recommendation thresholds: defaults, then ``evaluation: thresholds`` of programme.yaml, then ``overrides``.

    Keys ``deploy`` (« déployer »), ``adapt`` (« adapter ») and ``floor`` (« plancher »), on the 1–5 scale.

    Raises
    ------
    ParameterError
        For an unknown key or inconsistent values (``adapt`` must be below ``deploy``).

    Examples
    --------
    >>> thresholds({"evaluation": {"thresholds": {"deployer": 4}}})
    {'deploy': 4.0, 'adapt': 2.5, 'floor': 2.0}
    """
    raw = dict(((settings or {}).get("evaluation") or {}).get("thresholds") or {})
    raw.update(overrides)
    result = dict(DEFAULT_THRESHOLDS)
    for key, value in raw.items():
        name = _THRESHOLD_ALIASES.get(str(key).strip().lower())
        if name is None:
            raise ParameterError(label("evaluation.unknown_threshold", "fr", value=key,
                                       expected=", ".join(DEFAULT_THRESHOLDS)))
        try:
            result[name] = float(str(value).replace(",", "."))
        except ValueError:
            raise ParameterError(label("evaluation.bad_thresholds", "fr", value=f"{key}: {value}")) from None
    if not (1 <= result["adapt"] < result["deploy"] <= 5 and 1 <= result["floor"] <= 5):
        raise ParameterError(label("evaluation.bad_thresholds", "fr", value=", ".join(f"{k}: {v}" for k, v in result.items())))
    return result


def normalise_weights(criteria: pd.DataFrame, *, lang: str = "fr") -> pd.DataFrame:
    """The criteria with weights divided by their sum; warns (:class:`WeightsWarning`) when the sum is not 1.

    Also fills an empty scale with 1–5.

    Raises
    ------
    ParameterError
        If the weights sum to zero.

    Examples
    --------
    >>> criteria = pd.DataFrame({"id": ["C1", "C2"], "weight": [2.0, 2.0]})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     normalise_weights(criteria)["weight"].tolist(), str(caught[0].message)
    ([0.5, 0.5], 'la somme des poids des critères vaut 4 et non 1 : les poids ont été normalisés')
    """
    check_lang(lang)
    data = criteria.copy()
    for column, default in (("scale_min", 1), ("scale_max", 5)):
        data[column] = pd.to_numeric(data[column], errors="coerce").fillna(default) if column in data.columns else default
    weights = pd.to_numeric(data["weight"], errors="coerce").fillna(0).astype(float)
    total = weights.sum()
    if total <= 0:
        raise ParameterError(label("evaluation.zero_weights", lang))
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        warnings.warn(label("evaluation.weights_sum", lang, value=format_number(total, 0 if total == int(total) else 2, lang)),
                      WeightsWarning, stacklevel=2)
    data["weight"] = weights / total
    return data


def _scale_15(score, low, high):
    return 1 + 4 * (score - low) / (high - low)


def _grid(criteria: pd.DataFrame, scores: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every score row joined to its criterion, with ``score_15``; weights normalised (warning once)."""
    crit = normalise_weights(criteria, lang=lang).set_index("id")
    data = scores[scores["criterion"].isin(crit.index)].copy()
    for column in ("evidence", "comment"):
        if column not in data.columns:
            data[column] = None
    for column in ("criterion_label", "dimension", "weight", "scale_min", "scale_max", "adaptable"):
        source = "criterion" if column == "criterion_label" else column
        data[column] = data["criterion"].map(crit[source]) if source in crit.columns else pd.NA
    data["score"] = pd.to_numeric(data["score"], errors="coerce")
    data["score_15"] = _scale_15(data["score"], data["scale_min"].astype(float), data["scale_max"].astype(float))
    return data


def _rounds(scores: pd.DataFrame) -> list[int]:
    return sorted(int(r) for r in scores["round"].dropna().unique())


def _sites(scores: pd.DataFrame, sites) -> list[str]:
    return list(sites) if sites is not None else list(dict.fromkeys(scores["site"].dropna().astype(str)))


def current_round(scores: pd.DataFrame, *, round: int | None = None) -> dict[str, int]:
    """The round used for each site: ``round`` if given, else the site's latest round with a score.

    >>> scores = pd.DataFrame({"site": ["a", "a", "b"], "round": [1, 2, 1], "score": [3.0, None, 4.0]})
    >>> current_round(scores)
    {'a': 1, 'b': 1}
    """
    present = scores.dropna(subset=["score", "site", "round"])
    if round is not None:
        return {s: int(round) for s in _sites(scores, None)}
    return {str(s): int(r) for s, r in present.groupby("site", sort=False)["round"].max().items()}


def missing_scores(criteria: pd.DataFrame, scores: pd.DataFrame, *, sites: list[str] | None = None,
                   rounds: list[int] | None = None, lang: str = "fr") -> pd.DataFrame:
    """Every (site, round, criterion) without a score: an empty score cell or no row at all.

    Parameters
    ----------
    sites : list of str, optional
        The sites expected to be scored (e.g. ``prog.config.site_ids``); by default those
        appearing in ``scores``.
    rounds : list of int, optional
        The rounds expected; by default every round appearing in ``scores``.

    Returns
    -------
    DataFrame
        ``site``, ``round``, ``criterion``, ``criterion_label``, ``dimension``, ``row`` (the
        spreadsheet row of an empty cell, NA when the row is absent).

    Examples
    --------
    >>> criteria = pd.DataFrame({"id": ["C1", "C2"], "criterion": ["Usage", "Coût"], "dimension": ["u", "c"],
    ...                          "weight": [1.0, 1.0]})
    >>> scores = pd.DataFrame({"criterion": ["C1", "C2"], "site": ["a", "a"], "round": [1, 1], "score": [4.0, None]},
    ...                       index=pd.Index([2, 3], name="row"))
    >>> missing_scores(criteria, scores, sites=["a", "b"])[["site", "criterion", "row"]].values.tolist()
    [['a', 'C2', 3], ['b', 'C1', <NA>], ['b', 'C2', <NA>]]
    """
    check_lang(lang)
    columns = ["site", "round", "criterion", "criterion_label", "dimension", "row"]
    sites = _sites(scores, sites)
    rounds = list(rounds) if rounds is not None else _rounds(scores)
    present = scores.dropna(subset=["score"])
    done = set(zip(present["site"].astype(str), present["round"].astype(int), present["criterion"].astype(str)))
    empty = {(str(s), int(r), str(c)): row for row, s, r, c in
             zip(scores.index, scores["site"], scores["round"], scores["criterion"])
             if pd.notna(s) and pd.notna(r) and (str(s), int(r), str(c)) not in done}
    rows = [(site, rnd, c, text, dim, empty.get((site, rnd, str(c)), pd.NA))
            for site in sites for rnd in rounds
            for c, text, dim in zip(criteria["id"], criteria["criterion"], criteria["dimension"])
            if (site, rnd, str(c)) not in done]
    table = pd.DataFrame(rows, columns=columns)
    table["row"] = table["row"].astype("Int64")
    return table


def format_missing(missing: pd.DataFrame, *, site_names: dict[str, str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """The missing-score table with headers in ``lang``."""
    check_lang(lang)
    data = missing.drop(columns=["row"]).copy()
    data["site"] = data["site"].map(lambda s: (site_names or {}).get(s, s))
    return data.rename(columns=_headers(lang))


def _headers(lang: str) -> dict[str, str]:
    keys = {"site": "site", "round": "round", "criterion": "criterion_id", "criterion_label": "criterion",
            "dimension": "dimension", "weight": "weight", "score": "score", "score_15": "score_15",
            "evidence": "evidence", "comment": "comment", "coverage": "coverage", "n_scored": "n_scored",
            "n_missing": "n_missing", "min": "min", "max": "max", "range": "range", "std": "std",
            "n_sites": "n_sites", "scope": "scope", "decision": "recommendation", "reasons": "reasons",
            "change": "change"}
    return {c: label(f"evaluation.{k}", lang) for c, k in keys.items()}


# --- weighted scores and trends -----------------------------------------------------------------------

def weighted_scores(criteria: pd.DataFrame, scores: pd.DataFrame, *, by_dimension: bool = False,
                    sites: list[str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """The weighted score (1–5) per site and round — or per site, round and dimension.

    Only the scores present count: the weighted mean is taken over them, with their weights
    renormalised. ``coverage`` says which share of the weight was scored.

    Returns
    -------
    DataFrame
        ``site``, ``round`` (, ``dimension``), ``score``, ``coverage``, ``n_scored``, ``n_missing``.
        A (site, round) with no score at all has a NA score and a coverage of 0.

    Examples
    --------
    >>> criteria = pd.DataFrame({"id": ["C1", "C2"], "criterion": ["Usage", "Coût"], "dimension": ["u", "c"],
    ...                          "weight": [0.75, 0.25], "scale_min": [1, 0], "scale_max": [5, 3]})
    >>> scores = pd.DataFrame({"criterion": ["C1", "C2"], "site": ["a", "a"], "round": [1, 1], "score": [5.0, None]})
    >>> weighted_scores(criteria, scores)[["site", "score", "coverage", "n_missing"]].values.tolist()
    [['a', 5.0, 0.75, 1]]
    """
    check_lang(lang)
    grid = _grid(criteria, scores, lang)
    weights = normalise_weights(criteria, lang=lang).set_index("id")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WeightsWarning)
        missing = missing_scores(criteria, scores, sites=sites, lang=lang)
    keys = ["site", "round"] + (["dimension"] if by_dimension else [])
    present = grid.dropna(subset=["score"])
    rows = []
    for site in _sites(scores, sites):
        for rnd in _rounds(scores):
            dims = list(dict.fromkeys(weights["dimension"])) if by_dimension else [None]
            for dim in dims:
                part = present[(present["site"] == site) & (present["round"] == rnd)]
                lack = missing[(missing["site"] == site) & (missing["round"] == rnd)]
                total = weights["weight"]
                if dim is not None:
                    part, lack = part[part["dimension"] == dim], lack[lack["dimension"] == dim]
                    total = weights.loc[weights["dimension"] == dim, "weight"]
                w = part["weight"].astype(float)
                score = float((w * part["score_15"]).sum() / w.sum()) if w.sum() > 0 else np.nan
                rows.append([site, rnd] + ([dim] if by_dimension else [])
                            + [score, float(w.sum() / total.sum()) if total.sum() else np.nan, len(part), len(lack)])
    return pd.DataFrame(rows, columns=keys + ["score", "coverage", "n_scored", "n_missing"])


def trends(weighted: pd.DataFrame) -> pd.DataFrame:
    """The weighted score of each site across rounds (one column per round) and its last change.

    >>> weighted = pd.DataFrame({"site": ["a", "a", "b"], "round": [1, 2, 1], "score": [2.0, 3.5, 4.0]})
    >>> trends(weighted)["change"].tolist()
    [1.5, nan]
    """
    table = weighted.pivot_table(index="site", columns="round", values="score", aggfunc="first", sort=False)
    table = table.reindex(columns=sorted(table.columns))
    table.columns = [int(c) for c in table.columns]

    def last_change(row):
        values = row.dropna()
        return values.iloc[-1] - values.iloc[-2] if len(values) >= 2 else np.nan

    table["change"] = table.apply(last_change, axis=1)
    table.index.name = "site"
    return table


def format_weighted(weighted: pd.DataFrame, *, site_names: dict[str, str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """Weighted scores in words: scores with 2 decimals, coverage as a percentage, headers in ``lang``."""
    check_lang(lang)
    data = weighted.copy().astype(object)
    data["site"] = data["site"].map(lambda s: (site_names or {}).get(s, s))
    data["score"] = [("—" if pd.isna(v) else format_number(v, 2, lang)) for v in weighted["score"]]
    data["coverage"] = [format_percent(v, 0, lang) for v in weighted["coverage"].fillna(0)]
    headers = _headers(lang) | {"score": label("evaluation.weighted_score", lang)}
    return data.rename(columns=headers)


@print_chart
def plot_trends(weighted: pd.DataFrame, *, limits: dict[str, float] | None = None,
                site_names: dict[str, str] | None = None, lang: str = "fr", ax: Axes | None = None) -> Axes:
    """One line per site: its weighted score (1–5) at each round, with the decision thresholds dashed."""
    ax = open_axes(ax, "evaluation.trend_title", lang=lang, height=3.4)
    data = weighted.dropna(subset=["score"])
    if data.empty:
        return no_data_panel(ax, lang)
    for site, part in data.groupby("site", sort=False):
        ax.plot(part["round"], part["score"], marker="o", label=(site_names or {}).get(site, site))
    limits = limits or DEFAULT_THRESHOLDS
    for key in ("deploy", "adapt"):
        ax.axhline(limits[key], color="0.5", ls="--", lw=0.8)
        ax.text(0.99, limits[key], label(f"evaluation.decision.{key}", lang), transform=ax.get_yaxis_transform(),
                va="bottom", ha="right", fontsize=MIN_FONT_PT, color="0.35")
    rounds = sorted(data["round"].unique())
    ax.set_xticks(rounds)
    ax.set_xlim(min(rounds) - 0.3, max(rounds) + 0.3)
    ax.set_ylim(1, 5)
    ax.set_xlabel(label("evaluation.round", lang))
    ax.set_ylabel(label("evaluation.weighted_score", lang))
    legend_outside(ax, title=label("evaluation.site", lang))
    return ax


# --- per-site views: radar and heatmap ----------------------------------------------------------------

def _current(grid: pd.DataFrame, round: int | None) -> pd.DataFrame:
    chosen = current_round(grid, round=round)
    return grid[[chosen.get(s) == r for s, r in zip(grid["site"], grid["round"])]]


def score_matrix(criteria: pd.DataFrame, scores: pd.DataFrame, *, round: int | None = None,
                 sites: list[str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """Sites × criteria matrix of scores on the 1–5 scale (NA = missing), at each site's current round."""
    grid = _current(_grid(criteria, scores, lang), round)
    matrix = grid.pivot_table(index="site", columns="criterion", values="score_15", aggfunc="first", sort=False)
    return matrix.reindex(index=_sites(scores, sites), columns=list(criteria["id"]))


#: Beyond this many sites, the heatmap of a document about one site shows that site and the median of the others.
HEATMAP_MAX_SITES = 15


def heatmap_summarises(sites: list[str], focus: str | None) -> bool:
    """Whether :func:`plot_heatmap` over ``sites`` with ``focus`` shows that site and the median of the others.

    >>> heatmap_summarises([f"s{i}" for i in range(16)], "s3"), heatmap_summarises(["a", "b"], "a")
    (True, False)
    """
    return focus is not None and focus in sites and len(sites) > HEATMAP_MAX_SITES


@print_chart
def plot_heatmap(criteria: pd.DataFrame, scores: pd.DataFrame, *, round: int | None = None,
                 sites: list[str] | None = None, site_names: dict[str, str] | None = None, focus: str | None = None,
                 lang: str = "fr", ax: Axes | None = None) -> Axes:
    """Sites × criteria heatmap of scores (1–5); a missing score is a grey cell marked « — ».

    Criterion names are written in full, wrapped on several lines and turned upright.

    ``focus``: the site a document is about (a site report, a site's dossier). With more than
    :data:`HEATMAP_MAX_SITES` sites, a row per site could no longer be read on a page: the
    heatmap then shows that site and, under it, the median score of the other sites for each
    criterion (« Médiane des 49 autres sites »).
    """
    matrix = score_matrix(criteria, scores, round=round, sites=sites, lang=lang)
    site_names = dict(site_names or {})
    if heatmap_summarises(list(matrix.index), focus):
        others = matrix.drop(index=focus)
        site_names[" others"] = label("evaluation.median_of_others", lang, n=len(others))
        matrix = pd.concat([matrix.loc[[focus]], others.median().to_frame(" others").T])
    names = dict(zip(criteria["id"], criteria["criterion"]))
    columns = [wrap(names.get(c, c), 24) for c in matrix.columns]
    longest = max((len(line) for c in columns for line in c.split("\n")), default=1)
    ax = open_axes(ax, "evaluation.heatmap_title", lang=lang,
                   height=rows_height(len(matrix), per_row=0.45, extra=1.1 + 0.07 * longest))
    if matrix.empty or matrix.notna().sum().sum() == 0:
        return no_data_panel(ax, lang)
    cmap = plt.get_cmap("RdYlGn").with_extremes(bad="0.85")
    values = matrix.to_numpy(dtype=float)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=1, vmax=5, aspect="auto")
    for (i, j), value in np.ndenumerate(values):
        ax.text(j, i, "—" if np.isnan(value) else format_number(value, 1, lang), ha="center", va="center",
                fontsize=MIN_FONT_PT)
    ax.set_xticks(range(matrix.shape[1]), columns, rotation=90, ha="center", va="top", linespacing=1.0)
    ax.set_yticks(range(matrix.shape[0]), [wrap(site_names.get(s, s), 26) for s in matrix.index])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.figure.colorbar(image, ax=ax, label=wrap(label("evaluation.score_15", lang), 24), fraction=0.04, pad=0.02)
    return ax


def _criterion_name(text) -> str:
    return "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)


@print_chart
def plot_radar(criteria: pd.DataFrame, scores: pd.DataFrame, *, site: str, round: int | None = None,
               site_name: str | None = None, lang: str = "fr", ax: Axes | None = None) -> Axes:
    """Radar chart of one site's scores (1–5) per criterion, with the mean of the sites dashed.

    A missing score leaves a gap and its criterion is marked « (—) ». ``ax`` must be polar
    (``plt.subplot(projection="polar")``); by default a figure is made at its printed size.
    Criterion names are wrapped, never cut; the title and the legend are placed clear of them.

    Examples
    --------
    >>> criteria = pd.DataFrame({"id": ["C1", "C2", "C3"], "criterion": ["Usage", "Coût", "Équipe"],
    ...                          "dimension": ["u", "c", "o"], "weight": [1.0, 1.0, 1.0]})
    >>> scores = pd.DataFrame({"criterion": ["C1", "C2"], "site": ["a", "a"], "round": [1, 1], "score": [4.0, 2.0]})
    >>> [t.get_text() for t in plot_radar(criteria, scores, site="a").get_xticklabels()]
    ['Usage', 'Coût', 'Équipe (—)']
    >>> plt.close("all")
    """
    if ax is not None and ax.name != "polar":
        raise ParameterError("`ax` is expected to be a polar Axes (plt.subplot(projection='polar')). Got a "
                             f"{ax.name!r} Axes instead.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WeightsWarning)
        matrix = score_matrix(criteria, scores, round=round, lang=lang)
    chosen = current_round(scores, round=round).get(site)
    ax = open_axes(ax, "evaluation.radar_title", lang=lang, height=5.4, polar=True, title_width=50,
                   site=site_name or site, round=chosen or "—")
    ax.set_title(wrap(ax.get_title(), 50))  # several radars usually share one figure: never a one-line title
    if site not in matrix.index or matrix.loc[site].notna().sum() == 0:
        return no_data_panel(ax, lang)
    angles = np.linspace(0, 2 * np.pi, matrix.shape[1], endpoint=False)
    closed = np.append(angles, angles[0])
    values = matrix.loc[site].to_numpy(dtype=float)
    mean = matrix.mean(axis=0).to_numpy(dtype=float)
    if len(matrix.index) > 1:
        ax.plot(closed, np.append(mean, mean[0]), ls="--", color="0.5", lw=1, label=label("evaluation.all_sites_mean", lang))
    ax.plot(closed, np.append(values, values[0]), marker="o", color="#2a9d8f", label=wrap(site_name or site, 40))
    ax.fill(closed, np.nan_to_num(np.append(values, values[0]), nan=1.0), color="#2a9d8f", alpha=0.15)
    names = dict(zip(criteria["id"], criteria["criterion"]))
    width = 16 if matrix.shape[1] > 6 else 22
    ticks = [wrap(_criterion_name(names.get(c, c)) + (" (—)" if np.isnan(v) else ""), width)
             for c, v in zip(matrix.columns, values)]
    ax.set_xticks(angles, ticks, fontsize=MIN_FONT_PT, linespacing=1.0)
    for angle, tick in zip(angles, ax.get_xticklabels()):
        cos, sin = np.cos(angle), np.sin(angle)
        tick.set_horizontalalignment("center" if abs(cos) < 0.3 else "left" if cos > 0 else "right")
        tick.set_verticalalignment("center" if abs(sin) < 0.3 else "bottom" if sin > 0 else "top")
    ax.tick_params(axis="x", pad=2)
    ax.set_ylim(1, 5)
    ax.set_yticks([2, 3, 4, 5])
    ax.set_rlabel_position(90 + 180 / max(matrix.shape[1], 1))
    ax.legend(loc="upper center", frameon=False, ncols=2, fontsize=MIN_FONT_PT)
    _clear_of_tick_labels(ax)
    return ax


def _clear_of_tick_labels(ax: Axes) -> None:
    """Move a polar Axes' title above, and its legend below, its criterion names (measured once drawn)."""
    fig = ax.figure
    for _ in range(2):  # the constrained layout moves the Axes once the title and legend move
        lay_out(fig)
        renderer = fig.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
        if not boxes:
            return
        to_axes = ax.transAxes.inverted()
        top = to_axes.transform((0, max(b.y1 for b in boxes)))[1]
        bottom = to_axes.transform((0, min(b.y0 for b in boxes)))[1]
        ax.title.set_y(top + 0.02)
        ax._autotitlepos = False
        legend = ax.get_legend()
        if legend is not None:
            legend.set_bbox_to_anchor((0.5, bottom - 0.02), transform=ax.transAxes)


# --- margin of adaptation -----------------------------------------------------------------------------

def adaptation_margin(criteria: pd.DataFrame, scores: pd.DataFrame, *, round: int | None = None,
                      lang: str = "fr") -> pd.DataFrame:
    """For each criterion, how much the sites differ, and whether the grid leaves it to each site.

    Spread is measured on the 1–5 scale at each site's current round: ``min``, ``max``,
    ``range`` (max − min) and ``std`` (population standard deviation), over the sites that
    have a score (``n_sites``). ``scope`` reads the criterion's ``adaptable`` flag:
    « adaptable localement », « commun à tous les sites » or « non précisé ».

    Examples
    --------
    >>> criteria = pd.DataFrame({"id": ["C1", "C2"], "criterion": ["Usage", "Coût"], "dimension": ["u", "c"],
    ...                          "weight": [0.5, 0.5], "adaptable": [True, False]})
    >>> scores = pd.DataFrame({"criterion": ["C1", "C1", "C2", "C2"], "site": ["a", "b", "a", "b"],
    ...                        "round": [1, 1, 1, 1], "score": [1.0, 5.0, 3.0, 3.0]})
    >>> adaptation_margin(criteria, scores)[["criterion", "range", "std", "scope"]].values.tolist()
    [['C1', 4.0, 2.0, 'adaptable localement'], ['C2', 0.0, 0.0, 'commun à tous les sites']]
    """
    check_lang(lang)
    grid = _current(_grid(criteria, scores, lang), round).dropna(subset=["score"])
    rows = []
    for crit in criteria.itertuples(index=False):
        values = grid.loc[grid["criterion"] == crit.id, "score_15"].astype(float)
        flag = getattr(crit, "adaptable", pd.NA)
        scope = "unspecified" if flag is None or pd.isna(flag) else ("adaptable" if bool(flag) else "common")
        rows.append({"criterion": crit.id, "criterion_label": crit.criterion, "dimension": crit.dimension,
                     "min": values.min() if len(values) else np.nan, "max": values.max() if len(values) else np.nan,
                     "range": values.max() - values.min() if len(values) else np.nan,
                     "std": float(values.std(ddof=0)) if len(values) else np.nan, "n_sites": len(values),
                     "adaptable": None if scope == "unspecified" else scope == "adaptable",
                     "scope": label(f"evaluation.{scope}", lang)})
    return pd.DataFrame(rows)


def format_margin(margin: pd.DataFrame, *, lang: str = "fr") -> pd.DataFrame:
    """The margin-of-adaptation table with numbers to 1 decimal and headers in ``lang``."""
    check_lang(lang)
    data = margin.drop(columns=["adaptable"]).astype(object)
    for column in ("min", "max", "range", "std"):
        data[column] = ["—" if pd.isna(v) else format_number(v, 1, lang) for v in margin[column]]
    return data.rename(columns=_headers(lang))


# --- recommendation -----------------------------------------------------------------------------------

def recommend(criteria: pd.DataFrame, scores: pd.DataFrame, *, limits: dict[str, float] | None = None,
              sites: list[str] | None = None, round: int | None = None, lang: str = "fr") -> pd.DataFrame:
    """A recommendation per site — ``deploy``, ``adapt`` or ``rework`` — with the reasons behind it.

    At each site's current round (its latest round with a score, or ``round``):

    1. the weighted score (1–5) over the scores present is compared with the thresholds:
       ``deploy`` if ≥ ``limits["deploy"]``, ``adapt`` if ≥ ``limits["adapt"]``, else ``rework``;
    2. a criterion *common to all sites* (``adaptable`` = non) scoring below
       ``limits["floor"]`` turns ``deploy`` into ``adapt``;
    3. missing scores are named in the reasons, never counted as zero.

    Parameters
    ----------
    limits : dict, optional
        Thresholds from :func:`thresholds` (by default :data:`DEFAULT_THRESHOLDS`); in a
        notebook, ``thresholds(prog.config.settings)``.
    sites : list of str, optional
        The sites to recommend for; by default those with scores. A site with no score
        gets ``none``.

    Returns
    -------
    DataFrame
        ``site``, ``round``, ``score`` (2 decimals), ``coverage``, ``n_missing``,
        ``recommendation`` (``deploy``/``adapt``/``rework``/``none``), ``decision`` (in
        ``lang``), ``reasons`` (sentences joined by « ; ») and ``triggers`` (the criterion ids
        whose scores triggered the decision). :func:`recommendation_evidence` gives the lines.
    """
    check_lang(lang)
    limits = thresholds(None, **(limits or {}))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WeightsWarning)
        evidence = recommendation_evidence(criteria, scores, limits=limits, sites=sites, round=round, lang=lang)
    weights = normalise_weights(criteria, lang=lang)
    rows = []
    for site in _sites(scores, sites):
        lines = evidence[evidence["site"] == site]
        present = lines.dropna(subset=["score"])
        rnd = current_round(scores, round=round).get(site)
        if present.empty:
            rows.append({"site": site, "round": rnd, "score": np.nan, "coverage": 0.0, "n_missing": len(lines),
                         "recommendation": "none", "decision": label("evaluation.decision.none", lang),
                         "reasons": label("evaluation.reason.none", lang), "triggers": []})
            continue
        w = present["weight"].astype(float)
        score = float((w * present["score_15"]).sum() / w.sum())
        decision, reasons = _decide(score, present, limits, lang)
        missing = lines[lines["score"].isna()]
        if len(missing):
            share = missing["weight"].sum() / weights["weight"].sum()
            reasons.append(label("evaluation.reason.missing", lang, n=len(missing), share=format_percent(share, 0, lang)))
        rows.append({"site": site, "round": rnd, "score": round_half(score), "coverage": float(w.sum()),
                     "n_missing": len(missing), "recommendation": decision,
                     "decision": label(f"evaluation.decision.{decision}", lang), "reasons": " ; ".join(reasons),
                     "triggers": lines.loc[lines["trigger"], "criterion"].tolist()})
    return pd.DataFrame(rows, columns=["site", "round", "score", "coverage", "n_missing", "recommendation", "decision",
                                       "reasons", "triggers"])


def round_half(value: float) -> float:
    """Round to 2 decimals, halves away from zero (3.125 → 3.13)."""
    return math.floor(value * 100 + 0.5) / 100


def _decide(score: float, present: pd.DataFrame, limits: dict, lang: str) -> tuple[str, list[str]]:
    values = {k: format_number(v, 2, lang) for k, v in limits.items()}
    shown = format_number(score, 2, lang)
    if score >= limits["deploy"]:
        decision, reasons = "deploy", [label("evaluation.reason.deploy", lang, score=shown, **values)]
    elif score >= limits["adapt"]:
        decision, reasons = "adapt", [label("evaluation.reason.adapt", lang, score=shown, **values)]
    else:
        decision, reasons = "rework", [label("evaluation.reason.rework", lang, score=shown, **values)]
    for line in _below_floor(present, limits).itertuples(index=False):
        if decision == "deploy":
            decision = "adapt"
        reasons.append(label("evaluation.reason.floor", lang, criterion=line.criterion_label,
                             score=format_number(line.score_15, 2, lang), floor=values["floor"]))
    return decision, reasons


def _below_floor(lines: pd.DataFrame, limits: dict) -> pd.DataFrame:
    common = lines["adaptable"].map(lambda a: a is not None and not pd.isna(a) and not bool(a))
    return lines[common & (lines["score_15"] < limits["floor"])]


def recommendation_evidence(criteria: pd.DataFrame, scores: pd.DataFrame, *, limits: dict[str, float] | None = None,
                            sites: list[str] | None = None, round: int | None = None, lang: str = "fr") -> pd.DataFrame:
    """The score lines behind each site's recommendation, with the ones that triggered it flagged.

    One row per site and criterion at the site's current round — missing scores included
    (``score`` NA) so that a reader sees what the recommendation does *not* rest on.
    ``trigger`` is true for the lines that decided: for « Retravailler » the scores below the
    ``adapt`` threshold; for « Adapter » those below ``deploy`` (and any common criterion
    below the floor); for « Déployer » those at or above ``deploy``.

    Returns
    -------
    DataFrame
        ``site``, ``round``, ``criterion``, ``criterion_label``, ``dimension``, ``weight``,
        ``adaptable``, ``score``, ``score_15``, ``evidence``, ``comment``, ``trigger``.
    """
    check_lang(lang)
    limits = thresholds(None, **(limits or {}))
    grid = _grid(criteria, scores, lang)
    chosen = current_round(scores, round=round)
    frames = []
    for site in _sites(scores, sites):
        rnd = chosen.get(site)
        part = grid[(grid["site"] == site) & (grid["round"] == rnd)].dropna(subset=["score"]) \
            .drop_duplicates("criterion", keep="last").set_index("criterion")
        table = _criteria_frame(criteria, lang).join(part[["score", "score_15", "evidence", "comment"]], how="left")
        table.insert(0, "round", rnd)
        table.insert(0, "site", site)
        table["trigger"] = _triggers(table, limits)
        frames.append(table.reset_index())
    columns = ["site", "round", "criterion", "criterion_label", "dimension", "weight", "adaptable", "score", "score_15",
               "evidence", "comment", "trigger"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def _criteria_frame(criteria: pd.DataFrame, lang: str) -> pd.DataFrame:
    data = normalise_weights(criteria, lang=lang)
    adaptable = data["adaptable"] if "adaptable" in data.columns else pd.Series(pd.NA, index=data.index)
    return pd.DataFrame({"criterion": data["id"].to_numpy(), "criterion_label": data["criterion"].to_numpy(),
                         "dimension": data["dimension"].to_numpy(), "weight": data["weight"].to_numpy(),
                         "adaptable": adaptable.astype(object).to_numpy()}).set_index("criterion")


def _triggers(table: pd.DataFrame, limits: dict) -> pd.Series:
    present = table.dropna(subset=["score"])
    trigger = pd.Series(False, index=table.index)
    if present.empty:
        return trigger
    w = present["weight"].astype(float)
    score = float((w * present["score_15"]).sum() / w.sum())
    floor = _below_floor(present, limits).index
    if score >= limits["deploy"]:
        chosen = present.index[present["score_15"] >= limits["deploy"]] if floor.empty else floor
    elif score >= limits["adapt"]:
        chosen = present.index[present["score_15"] < limits["deploy"]].union(floor)
    else:
        chosen = present.index[present["score_15"] < limits["adapt"]]
    trigger[chosen] = True
    return trigger



# --- the grid as a workbook ---------------------------------------------------------------------------

_GRID_COLUMNS = ("criterion_id", "criterion", "dimension", "weight", "scale_min", "scale_max", "evidence_expected",
                 "adaptable_col", "site", "round", "score", "evidence", "comment")


def export_grid_workbook(criteria: pd.DataFrame, sites: list[str], round: int, path: Path | str, *,
                         lang: str = "fr") -> Path:
    """Write the grid for the next round as an Excel workbook a collectivité fills in.

    One row per site and criterion: the criterion (id, label, dimension, weight, scale,
    evidence expected, adaptable — grey, not to be changed), the site and the round, then
    empty « Note », « Preuve » and « Commentaire » cells. Each score cell only accepts a
    number within its criterion's scale (Excel / LibreOffice data validation). A second
    sheet explains how to fill the grid. Written atomically.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> criteria = pd.DataFrame({"id": ["C1"], "criterion": ["Usage"], "dimension": ["usage"], "weight": [1.0],
    ...                          "scale_min": [1], "scale_max": [5], "evidence": ["Comptage"], "adaptable": [True]})
    >>> path = export_grid_workbook(criteria, ["a", "b"], 2, pathlib.Path(tempfile.mkdtemp()) / "grille.xlsx")
    >>> read_grid_workbook(path)[["criterion", "site", "round"]].values.tolist()
    [['C1', 'a', 2], ['C1', 'b', 2]]
    """
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    check_lang(lang)
    if isinstance(round, bool) or not isinstance(round, (int, np.integer)) or round < 1:
        raise ParameterError(f"`round` is expected to be a whole number ≥ 1. Got {round!r} instead.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WeightsWarning)
        crit = normalise_weights(criteria, lang=lang)
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = label("evaluation.grid_sheet", lang)
    append_row(ws, [label(f"evaluation.{c}", lang) for c in _GRID_COLUMNS])
    yes, no = label("report.yes", lang), label("report.no", lang)
    raw_weights = pd.to_numeric(criteria["weight"], errors="coerce").to_numpy()
    for site in sites:
        for position, c in enumerate(crit.itertuples(index=False)):
            flag = getattr(c, "adaptable", None)
            append_row(ws, [c.id, c.criterion, c.dimension, float(raw_weights[position]), int(c.scale_min), int(c.scale_max),
                       None if pd.isna(getattr(c, "evidence", None)) else c.evidence,
                       None if flag is None or pd.isna(flag) else (yes if flag else no),
                       site, int(round), None, None, None])
    grey = PatternFill("solid", fgColor="EEEEEE")
    for cell in ws[1]:
        cell.font = Font(bold=True)
    score_col = _GRID_COLUMNS.index("score") + 1
    for row in ws.iter_rows(min_row=2):
        for cell in row[: score_col - 1]:
            cell.fill = grey
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    letter = openpyxl.utils.get_column_letter(score_col)
    scales: dict[tuple[int, int], list[str]] = {}
    for number in range(2, ws.max_row + 1):
        key = (ws.cell(number, _GRID_COLUMNS.index("scale_min") + 1).value,
               ws.cell(number, _GRID_COLUMNS.index("scale_max") + 1).value)
        scales.setdefault(key, []).append(f"{letter}{number}")
    for (low, high), cells in scales.items():
        rule = DataValidation(type="decimal", operator="between", formula1=str(low), formula2=str(high), allow_blank=True,
                              showErrorMessage=True, errorTitle=label("evaluation.validation_title", lang),
                              error=label("evaluation.validation_error", lang, min=low, max=high),
                              promptTitle=label("evaluation.score", lang),
                              prompt=label("evaluation.validation_error", lang, min=low, max=high), showInputMessage=True)
        for ref in cells:
            rule.add(ref)
        ws.add_data_validation(rule)
    widths = {"criterion": 32, "evidence_expected": 32, "evidence": 40, "comment": 30}
    for position, column in enumerate(_GRID_COLUMNS, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(position)].width = widths.get(column, 12)
    ws.freeze_panes = "C2"
    help_sheet = workbook.create_sheet(label("evaluation.help_sheet", lang))
    write_cell(help_sheet, 1, 1, label("evaluation.help", lang)).alignment = Alignment(wrap_text=True, vertical="top")
    help_sheet.column_dimensions["A"].width = 100
    return save_workbook(workbook, path)


def read_grid_workbook(path: Path | str, *, lang: str = "fr") -> pd.DataFrame:
    """Read a grid workbook filled by a collectivité back into a scores table.

    Returns
    -------
    DataFrame
        The columns of the ``scores`` table (criterion, site, round, score, evidence,
        comment, date), typed, indexed by spreadsheet row. An empty score stays missing (NA).

    Raises
    ------
    DataError
        For an unreadable cell or a score outside its criterion's scale, located by file,
        row and column.
    """
    from transfo_lab.contract.validation import ValidationReport, type_table

    check_lang(lang)
    path = Path(path)
    names = sheet_names(path)
    wanted = [label("evaluation.grid_sheet", code) for code in (lang, "fr", "en")]
    sheet = next((s for s in wanted if s in names), names[0] if names else None)
    raw = read_table(path, sheet=sheet, lang=lang)
    report = ValidationReport(lang=lang)
    data, headers = type_table(raw, get_table("scores"), report)
    if report.errors:
        issue = report.errors[0]
        raise DataError(issue.message, file=path.name, sheet=issue.sheet, row=issue.row, column=issue.column,
                        value=issue.value)
    scales = _workbook_scales(raw.data, lang)
    header = headers.get("score", label("evaluation.score", lang))
    for row, score in data["score"].items():
        low, high, text = scales.get(row, (None, None, None))
        if pd.notna(score) and low is not None and not low <= score <= high:
            raise DataError(label("validation.score_out_of_scale", lang, value=_number(score, lang),
                                  criterion=text or data.at[row, "criterion"], min=_number(low, lang),
                                  max=_number(high, lang)),
                            file=path.name, sheet=sheet, row=row, column=header, value=score)
    return data[SCORE_COLUMNS]


def _number(value: float, lang: str) -> str:
    return format_number(value, 0 if float(value).is_integer() else 2, lang)


def _workbook_scales(raw: pd.DataFrame, lang: str) -> dict[int, tuple[float, float, str | None]]:
    """Row → (scale min, scale max, criterion label), read from the grey columns of the grid."""
    columns = {str(c).strip(): c for c in raw.columns}
    for code in (lang, "fr", "en"):
        low, high = label("evaluation.scale_min", code), label("evaluation.scale_max", code)
        if low in columns and high in columns:
            lows = pd.to_numeric(raw[columns[low]], errors="coerce").fillna(1)
            highs = pd.to_numeric(raw[columns[high]], errors="coerce").fillna(5)
            texts = raw[columns[label("evaluation.criterion", code)]] if label("evaluation.criterion", code) in columns \
                else pd.Series(None, index=raw.index)
            return {row: (float(a), float(b), None if t is None or pd.isna(t) else str(t))
                    for row, a, b, t in zip(raw.index, lows, highs, texts)}
    return {}
