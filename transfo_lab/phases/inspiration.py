"""Inspiration: the catalogue of the creative watch (veille créative) and the benchmark.

The ``inspiration`` table lists inspiring initiatives, sources, places, methods,
publications and projects, with free keywords (tags) and possibly the site they concern.
The ``benchmark`` table scores some of them (the *cases*) against comparison criteria,
from 0 (absent) to 3 (very strong). This module filters the catalogue, counts its tags
(« Participation » and « participation » are one tag) and draws the benchmark matrix as an
annotated heatmap.

Examples
--------
>>> catalogue = pd.DataFrame({"id": ["I1", "I2"], "title": ["Cantine", "Guide"], "kind": ["initiative", "publication"],
...                           "tags": [["cantine", "Participation"], ["participation"]], "site": [None, "a"]})
>>> tag_frequencies(catalogue).to_dict()
{'participation': 2, 'cantine': 1}
>>> filter_catalogue(catalogue, site="b")["id"].tolist()
['I1']
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from transfo_lab.phases.research.coding import _as_list, _heatmap, _heatmap_axes
from transfo_lab.base.plotting import MIN_FONT_PT, no_data_panel, open_axes, print_chart, rows_height, wrap
from transfo_lab.base.exceptions import DataWarning, ParameterError
from transfo_lab.base.labels import check_lang, format_number, label
from transfo_lab.contract.schemas import INSPIRATION_KINDS, normalise_key

#: Benchmark scores run from 0 (absent) to 3 (very strong).
SCORE_MAX = 3


def _as_set(value) -> set[str] | None:
    if value is None:
        return None
    return {value} if isinstance(value, str) else set(value)


def filter_catalogue(inspiration: pd.DataFrame, *, tags: str | Iterable[str] | None = None, match: str = "any",
                     kind: str | Iterable[str] | None = None, site: str | None = None, include_common: bool = True,
                     text: str | None = None) -> pd.DataFrame:
    """The catalogue rows matching every criterion given (a new frame).

    Parameters
    ----------
    tags : str or list, optional
        Keywords (case and accents ignored); ``match="any"`` keeps rows with at least one of
        them, ``match="all"`` rows with all of them.
    kind : str or list, optional
        Kinds among ``initiative``, ``source``, ``lieu``, ``methode``, ``publication``, ``projet``.
    site : str, optional
        Rows of that site, plus the rows valid for every site (empty site) unless
        ``include_common`` is False.
    text : str, optional
        Words to find in the title or description (case and accents ignored).

    >>> catalogue = pd.DataFrame({"id": ["I1", "I2"], "title": ["Cantine", "Guide"], "kind": ["initiative", "lieu"],
    ...                           "tags": [["Cantine", "repas"], ["accueil"]], "site": [None, "a"]})
    >>> filter_catalogue(catalogue, tags=["cantine", "accueil"], match="all")["id"].tolist()
    []
    >>> filter_catalogue(catalogue, kind="lieu")["id"].tolist()
    ['I2']
    """
    if match not in ("any", "all"):
        raise ParameterError(f"`match` is expected to be one of ('any', 'all'). Got {match!r} instead.")
    keep = pd.Series(True, index=inspiration.index)
    wanted_tags = _as_set(tags)
    if wanted_tags:
        wanted = {normalise_key(t) for t in wanted_tags}
        row_tags = inspiration["tags"].map(lambda v: {normalise_key(t) for t in _as_list(v)})
        keep &= row_tags.map(wanted.issubset if match == "all" else (lambda t: bool(t & wanted))).astype(bool)
    kinds = _as_set(kind)
    if kinds:
        unknown = kinds - set(INSPIRATION_KINDS)
        if unknown:
            raise ParameterError(f"`kind` is expected to be among {INSPIRATION_KINDS}. Got {sorted(unknown)!r} instead.")
        keep &= inspiration["kind"].astype(object).isin(kinds)
    if site is not None:
        same = inspiration["site"].astype(object) == site
        keep &= (same | inspiration["site"].isna()) if include_common else same
    if text:
        words = normalise_key(text)
        haystack = (inspiration["title"].astype(object).fillna("").astype(str) + " "
                    + inspiration.get("description", pd.Series("", index=inspiration.index)).astype(object).fillna("").astype(str))
        keep &= haystack.map(normalise_key).str.contains(words, regex=False)
    return inspiration[keep.to_numpy(dtype=bool)].copy()


def tag_frequencies(inspiration: pd.DataFrame, *, by: str | None = None) -> pd.Series | pd.DataFrame:
    """How many catalogue rows carry each tag, most frequent first (ties in alphabetical order).

    Spellings that differ only by case or accents are one tag, shown in its most frequent
    spelling. With ``by="kind"`` (or ``"site"``), a tags × kinds table instead.
    """
    data = inspiration.assign(tag=inspiration["tags"].map(_as_list)).explode("tag").dropna(subset=["tag"])
    if data.empty:
        return pd.Series([], dtype="int64", name="count", index=pd.Index([], name="tag"))
    data["_key"] = data["tag"].map(normalise_key)
    data = data[~data.assign(_row=data.index).duplicated(["_row", "_key"])]
    spelling = data.groupby(["_key", "tag"]).size().reset_index(name="n")
    spelling["_capitals"] = spelling["tag"] != spelling["tag"].str.lower()  # a tie goes to the lower-case spelling
    spelling = spelling.sort_values(["n", "_capitals", "tag"], ascending=[False, True, True]).drop_duplicates("_key")
    data["tag"] = data["_key"].map(dict(zip(spelling["_key"], spelling["tag"])))
    counts = data["tag"].value_counts()
    order = sorted(counts.index, key=lambda t: (-counts[t], t))
    if by is None:
        return counts.reindex(order).rename("count").rename_axis("tag").astype("int64")
    if by not in ("kind", "site"):
        raise ParameterError(f"`by` is expected to be one of (None, 'kind', 'site'). Got {by!r} instead.")
    table = pd.crosstab(data["tag"], data[by].astype(object).fillna("—"))
    return table.reindex(order)


@print_chart
def plot_tag_frequencies(frequencies: pd.Series, *, top: int = 20, lang: str = "fr", ax: Axes | None = None) -> Axes:
    """Horizontal bars of the ``top`` most frequent tags.

    >>> fig, ax = plt.subplots()
    >>> [t.get_text() for t in plot_tag_frequencies(pd.Series({"a": 3, "b": 1}), ax=ax).get_yticklabels()]
    ['a', 'b']
    """
    data = frequencies.head(top)
    ax = open_axes(ax, "inspiration.tags_title", lang=lang, height=rows_height(len(data), per_row=0.26))
    if frequencies.empty:
        return no_data_panel(ax, lang)
    names = [wrap(t, 30) for t in data.index]
    ax.barh(names, data.to_numpy(), color="#5b8db8")
    for y, value in enumerate(data.to_numpy()):
        ax.text(value, y, f" {format_number(value, 0, lang)}", va="center", fontsize=MIN_FONT_PT)
    ax.set_xlim(0, max(float(data.max()) * 1.12, 1))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.invert_yaxis()
    ax.set_xlabel(label("inspiration.items", lang))
    ax.set_ylabel(label("inspiration.tag", lang))
    return ax


def benchmark_matrix(benchmark: pd.DataFrame, inspiration: pd.DataFrame | None = None, *, sort: bool = True,
                     lang: str = "fr") -> pd.DataFrame:
    """Cases × criteria of the benchmark scores (NaN where a case was not scored on a criterion).

    Cases are named by their catalogue title when ``inspiration`` is given. A case scored
    twice on one criterion gets the mean, with a :class:`~transfo_lab.base.exceptions.DataWarning`.
    With ``sort``, the cases come by decreasing mean score. Criteria keep their order of
    first appearance.

    >>> bench = pd.DataFrame({"case": ["I1", "I1", "I2"], "criterion": ["Coût", "Transférabilité", "Coût"],
    ...                       "score": [1.0, 3.0, 2.0]})
    >>> benchmark_matrix(bench).values.tolist()
    [[1.0, 3.0], [2.0, nan]]
    """
    check_lang(lang)
    data = benchmark.dropna(subset=["case", "criterion"])
    if data.empty:
        return pd.DataFrame(index=pd.Index([], name="case"), columns=pd.Index([], name="criterion"), dtype=float)
    repeated = data.groupby(["case", "criterion"], sort=False).size()
    for (case, criterion), n in repeated[repeated > 1].items():
        warnings.warn(label("inspiration.duplicate_score", lang, case=case, criterion=criterion, n=n), DataWarning,
                      stacklevel=2)
    criteria = list(dict.fromkeys(data["criterion"]))
    cases = list(dict.fromkeys(data["case"]))
    matrix = data.pivot_table(index="case", columns="criterion", values="score", aggfunc="mean", sort=False)
    matrix = matrix.reindex(index=cases, columns=criteria).astype(float)
    if sort:
        mean = matrix.mean(axis=1)
        matrix = matrix.iloc[np.lexsort((np.arange(len(matrix)), -mean.fillna(-1).to_numpy()))]
    if inspiration is not None and not inspiration.empty:
        titles = dict(zip(inspiration["id"], inspiration["title"]))
        matrix.index = [titles.get(c, c) for c in matrix.index]
    matrix.index.name, matrix.columns.name = "case", "criterion"
    return matrix


@print_chart
def plot_benchmark(matrix: pd.DataFrame, *, lang: str = "fr", ax: Axes | None = None) -> Axes:
    """The benchmark matrix as an annotated heatmap (0 to 3); a case not scored on a criterion shows « – ».

    >>> fig, ax = plt.subplots()
    >>> m = pd.DataFrame([[1.0, np.nan]], index=["Cantine"], columns=["Coût", "Transférabilité"])
    >>> [t.get_text() for t in plot_benchmark(m, ax=ax).texts]
    ['1', '–']
    """
    ax = _heatmap_axes(ax, "inspiration.benchmark_title", [str(i) for i in matrix.index],
                       [str(c) for c in matrix.columns], lang=lang)
    if matrix.empty or matrix.isna().all().all():
        return no_data_panel(ax, lang)
    values = matrix.to_numpy(dtype=float)
    texts = [["–" if np.isnan(v) else format_number(v, 0 if float(v).is_integer() else 1, lang) for v in row]
             for row in values]
    image = _heatmap(ax, values, texts, [str(i) for i in matrix.index], [str(c) for c in matrix.columns], "YlGn",
                     0, SCORE_MAX)
    ax.set_xlabel(label("inspiration.criterion", lang))
    ax.set_ylabel(label("inspiration.case", lang))
    ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label=wrap(label("inspiration.score", lang), 24),
                       ticks=range(SCORE_MAX + 1))
    return ax


def format_catalogue(inspiration: pd.DataFrame, *, site_names: dict[str, str] | None = None,
                     lang: str = "fr") -> pd.DataFrame:
    """The catalogue as a readable table: kind and site in words, tags joined."""
    check_lang(lang)
    columns = {c: label(f"inspiration.{c}", lang) for c in ("id", "title", "kind", "place", "year", "description", "tags")}
    columns.update({"site": label("common.site", lang), "source": label("inspiration.source", lang)})
    data = inspiration[[c for c in columns if c in inspiration.columns]].copy()
    data["kind"] = data["kind"].map(lambda k: label(f"inspiration.kind.{k}", lang) if isinstance(k, str) else "")
    data["tags"] = data["tags"].map(lambda t: ", ".join(_as_list(t)))
    data["site"] = data["site"].map(lambda s: (site_names or {}).get(s, s) if isinstance(s, str) else
                                    label("common.all_sites", lang))
    data = data.astype(object).where(data.notna(), "")
    return data.rename(columns=columns).reset_index(drop=True)


def format_kinds(inspiration: pd.DataFrame, *, lang: str = "fr") -> pd.DataFrame:
    """How many items of each kind the catalogue holds: « Nature », « Fiches », in words, most frequent first.

    >>> format_kinds(pd.DataFrame({"kind": ["lieu", "initiative", "lieu"]})).values.tolist()
    [['Lieu', 2], ['Initiative', 1]]
    """
    check_lang(lang)
    counts = inspiration["kind"].value_counts()
    return pd.DataFrame({label("inspiration.kind", lang): [label(f"inspiration.kind.{k}", lang) for k in counts.index],
                         label("inspiration.items", lang): counts.to_numpy()})
