"""Coding the fieldwork: the codebook, tag counts and shares, co-occurrence, key verbatims.

The observations table holds one field note or verbatim per row, coded with the tags of the
codebook (``grille_codage``). This module checks that codebook and its use, counts the tags
per site, per immersion week or per research method, crosses tags with each other
(co-occurrence) and picks key verbatims for each tag and site. Counting goes through one
long table (one row per observation × tag) and a sparse observation × tag matrix, so it
stays fast on 100 000 observations.

Examples
--------
>>> obs = pd.DataFrame({"site": ["a", "a", "b"], "tags": [["cantine"], ["cantine", "bruit"], ["bruit"]]})
>>> tag_counts(obs).loc["cantine"].tolist()
[2, 0]
>>> cooccurrence(obs).loc["cantine", "bruit"]
np.int64(1)
"""
from __future__ import annotations

from typing import Literal

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from scipy import sparse

from transfo_lab.base.exceptions import ParameterError
from transfo_lab.base.labels import check_lang, format_percent, label, tag_label
from transfo_lab.base.problems import ERROR, WARNING, Problem
from transfo_lab.contract.schemas import get_table
from transfo_lab.base.plotting import MIN_FONT_PT, no_data_panel, open_axes, print_chart, rows_height, wrap

By = Literal["site", "week", "method"]
BY = ("site", "week", "method")


def _check_by(by: str) -> str:
    if by not in BY:
        raise ParameterError(f"`by` is expected to be one of {BY}. Got {by!r} instead.")
    return by


def _as_list(value) -> list:
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return [str(v) for v in value if isinstance(v, str) and v.strip()]
    if isinstance(value, str) and value.strip():
        from transfo_lab.contract.validation import parse_list

        return parse_list(value)
    return []


def long_tags(observations: pd.DataFrame) -> pd.DataFrame:
    """One row per observation × tag, keeping the observation's row number as index.

    Observations without a tag do not appear; a tag repeated on the same observation counts once.

    >>> obs = pd.DataFrame({"site": ["a", "b"], "tags": [["x", "y", "x"], []]})
    >>> long_tags(obs)[["site", "tag"]].values.tolist()
    [['a', 'x'], ['a', 'y']]
    """
    columns = [c for c in observations.columns if c != "tags"]
    tags = observations["tags"].map(_as_list) if len(observations) else pd.Series([], dtype=object)
    data = observations[columns].assign(tag=tags.to_numpy(dtype=object) if len(observations) else [])
    data = data.explode("tag").dropna(subset=["tag"])
    data["_pos"] = data.index
    data = data[~data.set_index(["_pos", "tag"]).index.duplicated()].drop(columns="_pos")
    return data


def _tag_pairs(observations: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(positions, tag codes, tags): one pair per observation × tag, as :func:`long_tags` gives them, without
    copying the other columns — what the counts need (vectorised: no Python call per observation).

    ``positions`` are row positions in ``observations``; ``tags[codes]`` the tags; pairs in the order of
    :func:`long_tags` (observation order, then the tag's order on the observation), a repeated tag once.

    >>> obs = pd.DataFrame({"tags": [["x", " ", "y", "x"], None, "a; x", [], ("z",)]})
    >>> positions, codes, tags = _tag_pairs(obs)
    >>> positions.tolist(), tags[codes].tolist()
    ([0, 0, 2, 2, 4], ['x', 'y', 'a', 'x', 'z'])
    """
    positions, flat = _flat_tags(observations["tags"].to_numpy(dtype=object))
    if not len(flat):
        return positions, np.zeros(0, dtype=np.int64), np.array([], dtype=object)
    codes, tags = pd.factorize(pd.Series(flat, dtype=object))
    tags = np.array([str(t) for t in tags], dtype=object)
    blank = np.array([not t.strip() for t in tags], dtype=bool)  # checked once per distinct tag
    if blank.any():  # a blank tag is no tag: dropped, the others keep their order of first appearance
        kept = np.flatnonzero(~blank)
        renumber = np.full(len(tags), -1, dtype=np.int64)
        renumber[kept] = np.arange(len(kept))
        codes = renumber[codes]
        positions, codes, tags = positions[codes >= 0], codes[codes >= 0], tags[kept]
    codes = codes.astype(np.int64)
    keep = ~pd.Series(positions * len(tags) + codes).duplicated().to_numpy()
    return positions[keep], codes[keep], tags


def _flat_tags(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every text item of every observation's tags, with its row position (blank items included).

    Vectorised with pandas' ``explode``: a list, tuple, set or array gives its items that are text,
    in their order; any other cell (« a, b », empty) is read by ``_as_list``.
    """
    if not len(values):
        return np.zeros(0, dtype=np.int64), np.array([], dtype=object)
    kinds = np.frompyfunc(type, 1, 1)(values)
    special = ~pd.Series(kinds, dtype=object).isin([list, tuple, set, np.ndarray]).to_numpy()
    if special.any():
        values = values.copy()
        for i in np.flatnonzero(special):
            values[i] = _as_list(values[i])
    exploded = pd.Series(values, dtype=object).explode()
    flat = exploded.to_numpy(dtype=object)
    positions = exploded.index.to_numpy(dtype=np.int64)
    item_kinds = pd.Series(np.frompyfunc(type, 1, 1)(flat), dtype=object)
    text_kinds = [k for k in item_kinds.unique() if isinstance(k, type) and issubclass(k, str)]
    keep = item_kinds.isin(text_kinds).to_numpy()
    return positions[keep], flat[keep]


def _tag_order(observed, codebook: pd.DataFrame | None) -> list[str]:
    declared = [] if codebook is None or codebook.empty else [str(t) for t in codebook["tag"].dropna()]
    return list(dict.fromkeys(declared + sorted(set(observed) - set(declared))))


def tag_order(observations: pd.DataFrame, codebook: pd.DataFrame | None = None) -> list[str]:
    """The order of the tags in every matrix of the kit: the codebook's order, then the other tags used, alphabetically.

    >>> tag_order(pd.DataFrame({"tags": [["z", "b"], ["a"]]}), pd.DataFrame({"tag": ["b", "c"]}))
    ['b', 'c', 'a', 'z']
    """
    return _tag_order(_tag_pairs(observations)[2], codebook)


def _groups(observations: pd.DataFrame, by: str, groups) -> list:
    if groups is not None:
        values = list(groups)
    elif by == "method" and isinstance(observations["method"].dtype, pd.CategoricalDtype):
        values = [m for m in observations["method"].cat.categories if (observations["method"] == m).any()]
    elif by == "week":
        values = sorted(observations["week"].dropna().astype(int).unique().tolist())
    else:
        values = list(observations[by].dropna().astype(str).unique())  # in order of appearance
    if by == "week" and observations["week"].isna().any() and groups is None:
        values.append(pd.NA)  # outside the immersion weeks: a group of its own, never dropped
    return values


def _key(series: pd.Series, by: str) -> pd.Series:
    """Group keys: weeks as Int64 (NA = outside immersion), others as text."""
    if by == "week":
        return series.astype("Int64")
    return series.astype(object).where(series.notna(), None)


def group_sizes(observations: pd.DataFrame, *, by: By = "site", groups=None) -> pd.Series:
    """Number of observations per site, week or method (0 for a listed group without any).

    >>> obs = pd.DataFrame({"site": ["a", "a"], "tags": [["x"], []]})
    >>> group_sizes(obs, groups=["a", "b"]).tolist()
    [2, 0]
    """
    _check_by(by)
    values = _groups(observations, by, groups)
    sizes = _key(observations[by], by).value_counts(dropna=False)
    return pd.Series([int(sizes.get(v, 0)) if not pd.isna(v) else int(observations[by].isna().sum())
                      for v in values], index=pd.Index(values, name=by, dtype=object), name="n", dtype="int64")


def tag_counts(observations: pd.DataFrame, *, by: By = "site", codebook: pd.DataFrame | None = None,
               groups=None) -> pd.DataFrame:
    """Number of observations carrying each tag, per site, immersion week or method.

    Parameters
    ----------
    observations : DataFrame
        With a ``tags`` column (lists) and the ``by`` column.
    by : {"site", "week", "method"}
    codebook : DataFrame, optional
        Gives the row order and adds the tags never used (with zeros).
    groups : list, optional
        The columns, in order (e.g. ``prog.config.site_ids``): a site without observations
        then appears with zeros. For weeks, observations outside immersion are the column NA.

    Returns
    -------
    DataFrame
        tags × groups, integers.

    >>> obs = pd.DataFrame({"week": pd.array([1, 2, None], dtype="Int64"), "tags": [["x"], ["x"], ["x"]]})
    >>> tag_counts(obs, by="week").loc["x"].tolist()
    [1, 1, 1]
    """
    _check_by(by)
    values = _groups(observations, by, groups)
    positions, codes, observed = _tag_pairs(observations)
    tags = _tag_order(observed, codebook)
    positions_of = {v: i for i, v in enumerate(values) if not pd.isna(v)}
    keys = _key(observations[by], by)
    group = keys.map(positions_of).astype("float64").to_numpy(copy=True)  # per observation: its column (NaN: none)
    missing = [i for i, v in enumerate(values) if pd.isna(v)]
    if missing:
        group[observations[by].isna().to_numpy()] = missing[0]
    column = group[positions]
    order = {t: i for i, t in enumerate(tags)}
    row = np.array([order.get(t, -1) for t in observed], dtype=np.int64)[codes] if len(codes) else codes
    keep = ~np.isnan(column) & (row >= 0)
    counts = np.zeros((len(tags), len(values)), dtype="int64")
    np.add.at(counts, (row[keep], column[keep].astype(int)), 1)
    return pd.DataFrame(counts, index=pd.Index(tags, name="tag"), columns=pd.Index(values, name=by, dtype=object))


def tag_shares(observations: pd.DataFrame, *, by: By = "site", codebook: pd.DataFrame | None = None,
               groups=None) -> pd.DataFrame:
    """Share of the observations of each group that carry each tag (NaN for a group without observations).

    An observation with two tags counts in both: shares of one group need not sum to 1.

    >>> obs = pd.DataFrame({"site": ["a", "a", "b"], "tags": [["x"], [], ["x"]]})
    >>> tag_shares(obs, groups=["a", "b", "c"]).loc["x"].tolist()
    [0.5, 1.0, nan]
    """
    counts = tag_counts(observations, by=by, codebook=codebook, groups=groups)
    sizes = group_sizes(observations, by=by, groups=list(counts.columns)).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = counts.to_numpy(dtype=float) / np.where(sizes > 0, sizes, np.nan)
    return pd.DataFrame(shares, index=counts.index, columns=counts.columns)


def incidence(observations: pd.DataFrame, tags: list[str] | None = None, *,
              _pairs=None) -> tuple[sparse.csr_matrix, list[str]]:
    """The sparse observations × tags matrix (1 when the observation carries the tag), and its tags."""
    positions, codes, observed = _pairs if _pairs is not None else _tag_pairs(observations)
    order = tags if tags is not None else _tag_order(observed, None)
    index = {t: i for i, t in enumerate(order)}
    column = np.array([index.get(t, -1) for t in observed], dtype=np.int64)[codes] if len(codes) else codes
    keep = column >= 0
    matrix = sparse.csr_matrix((np.ones(int(keep.sum()), dtype=np.int32), (positions[keep], column[keep])),
                               shape=(len(observations), len(order)))
    matrix.data[:] = 1
    return matrix, list(order)


def cooccurrence(observations: pd.DataFrame, *, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tags × tags: number of observations carrying both tags (the diagonal: carrying the tag).

    >>> obs = pd.DataFrame({"tags": [["a", "b"], ["a"], ["b", "c"]]})
    >>> cooccurrence(obs).values.tolist()
    [[2, 1, 0], [1, 2, 1], [0, 1, 1]]
    """
    pairs = _tag_pairs(observations)
    tags = _tag_order(pairs[2], codebook)
    matrix, tags = incidence(observations, tags, _pairs=pairs)
    product = (matrix.T @ matrix).toarray().astype("int64")
    return pd.DataFrame(product, index=pd.Index(tags, name="tag"), columns=pd.Index(tags, name="tag"))


def check_codebook(observations: pd.DataFrame, codebook: pd.DataFrame, *, files: dict[str, str] | None = None,
                   lang: str = "fr") -> list[Problem]:
    """Every problem of the codebook and of its use (empty list: all is well).

    Looks for tags declared twice and tags used but absent from the codebook (errors), tags
    without family or definition, codebook tags never used, observations without a tag and
    empty texts (warnings). Each is a :class:`~transfo_lab.base.problems.Problem` whose ``table``
    is ``codebook`` or ``observations``, ``row`` the spreadsheet row (the frames' index) and
    ``value`` the tag concerned; ``files`` maps the tables to their file names
    (``prog.source_name``).

    >>> obs = pd.DataFrame({"text": ["ok", " "], "tags": [["cantine", "bruit"], []]}, index=[2, 3])
    >>> book = pd.DataFrame({"tag": ["cantine", "accueil"], "family": ["Espaces", None], "definition": ["…", "…"]},
    ...                     index=[2, 3])
    >>> [(p.rule, p.table, p.row, p.value) for p in check_codebook(obs, book)]  # doctest: +NORMALIZE_WHITESPACE
    [('coding.no_family', 'codebook', 3, 'accueil'), ('coding.unused_tag', 'codebook', 3, 'accueil'),
     ('coding.unknown_tag', 'observations', 2, 'bruit'), ('coding.uncoded', 'observations', 3, None),
     ('coding.empty_text', 'observations', 3, None)]
    >>> print(check_codebook(obs, book, files={"codebook": "grille.csv"})[0].format())
    grille.csv, ligne 3, colonne « Famille » : étiquette « accueil » sans famille
    """
    check_lang(lang)
    files = files or {}
    problems: list[Problem] = []

    def add(severity: str, rule: str, table: str, row, column: str | None, tag=None) -> None:
        header = get_table(table).column(column).header(lang) if column else None
        message = label(rule, lang, tag=tag) if tag is not None else label(rule, lang)
        problems.append(Problem(severity, rule, message, file=files.get(table), table=table, row=row, column=header,
                                value=tag))

    book = codebook.dropna(subset=["tag"])
    declared = book["tag"].astype(str)
    for row, tag in declared[declared.str.casefold().duplicated()].items():
        add(ERROR, "coding.duplicate_tag", "codebook", row, "tag", tag)
    for column, rule in (("family", "coding.no_family"), ("definition", "coding.no_definition")):
        empty = book[column].isna() | (book[column].astype(str).str.strip() == "")
        for row, tag in declared[empty].items():
            add(WARNING, rule, "codebook", row, column, tag)
    long = long_tags(observations)
    used = set(long["tag"]) if len(long) else set()
    for row, tag in declared.items():
        if tag not in used:
            add(WARNING, "coding.unused_tag", "codebook", row, "tag", tag)
    known = set(declared)
    if len(long):
        unknown = long[~long["tag"].isin(known)]
        for row, tag in zip(unknown.index, unknown["tag"]):
            add(ERROR, "coding.unknown_tag", "observations", row, "tags", tag)
    if len(observations):
        uncoded = observations["tags"].map(lambda t: not _as_list(t))
        for row in observations.index[uncoded]:
            add(WARNING, "coding.uncoded", "observations", row, "tags")
        text = observations["text"].astype(object)
        empty = text.isna() | (text.astype(str).str.strip() == "")
        for row in observations.index[empty]:
            add(WARNING, "coding.empty_text", "observations", row, "text")
    return problems


def key_verbatims(observations: pd.DataFrame, *, n: int = 3, tags: list[str] | None = None) -> pd.DataFrame:
    """Up to ``n`` key verbatims per tag and site.

    Reported words (``kind`` = verbatim) come first, then the notes coded with the fewest
    tags (the most specific to the tag), then the earliest. Empty texts are never chosen.

    Returns
    -------
    DataFrame
        Columns ``tag``, ``site``, ``rank`` (1…n), ``row`` (spreadsheet row) and the
        observation's ``id``, ``kind``, ``participant``, ``role``, ``text`` when present.

    >>> obs = pd.DataFrame({"site": ["a", "a", "a"], "kind": ["note", "verbatim", "note"],
    ...                     "text": ["Note longue", "« Parole »", ""], "tags": [["x", "y"], ["x"], ["x"]]})
    >>> key_verbatims(obs, n=2)["text"].tolist()
    ['« Parole »', 'Note longue', 'Note longue']
    """
    data = observations.copy()
    text = data["text"].astype(object)
    data = data[text.notna() & (text.astype(str).str.strip() != "")]
    data["_n_tags"] = data["tags"].map(lambda t: len(_as_list(t)))
    data["_verbatim"] = (data["kind"].astype(object) == "verbatim").astype(int) if "kind" in data.columns else 0
    long = long_tags(data)
    if tags is not None:
        long = long[long["tag"].isin(tags)]
    long = long.assign(row=long.index, _order=np.arange(len(long)))
    keys = ["_verbatim", "_n_tags"] + (["date"] if "date" in long.columns else []) + ["_order"]
    long = long.sort_values(keys, ascending=[False, True] + [True] * (len(keys) - 2), kind="stable")
    order = _tag_order(long["tag"], None if tags is None else pd.DataFrame({"tag": tags}))
    long["tag"] = pd.Categorical(long["tag"], categories=order)
    picked = long.groupby(["tag", "site"], sort=True, observed=True).head(n)
    picked = picked.sort_values(["tag", "site"], kind="stable")
    picked["rank"] = picked.groupby(["tag", "site"], observed=True).cumcount() + 1
    picked["tag"] = picked["tag"].astype(str)
    columns = ["tag", "site", "rank", "row"] + [c for c in ("id", "kind", "participant", "role", "text") if c in picked]
    return picked[columns].reset_index(drop=True)


def format_key_verbatims(key: pd.DataFrame, *, site_names: dict[str, str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """The key verbatims (:func:`key_verbatims`) to show: tag, site name and text, headers in ``lang``."""
    check_lang(lang)
    names = site_names or {}
    return pd.DataFrame({label("coding.tag", lang): [tag_label(t) for t in key["tag"]],
                         label("common.site", lang): [names.get(s, s) for s in key["site"]],
                         label("coding.verbatim", lang): key["text"].to_numpy()})


def sites_without_observations(observations: pd.DataFrame, site_ids: list[str]) -> list[str]:
    """The sites of ``site_ids`` that have no observation at all.

    >>> sites_without_observations(pd.DataFrame({"site": ["a"]}), ["a", "b"])
    ['b']
    """
    present = set(observations["site"].dropna().astype(str))
    return [s for s in site_ids if s not in present]


def group_label(by: str, value, lang: str = "fr", site_names: dict[str, str] | None = None) -> str:
    """How a site, week or method is written in a chart: « Semaine 2 », « Hors immersion », « Entretien »."""
    if by == "week":
        return label("coding.no_week", lang) if pd.isna(value) else label("coding.week_n", lang, n=int(value))
    if by == "method":
        key = f"coding.method.{value}"
        return label(key, lang) if not pd.isna(value) and f"coding.method.{value}" in _method_keys() else str(value)
    return (site_names or {}).get(value, str(value))


def _method_keys() -> set[str]:
    from transfo_lab.base.labels import LABELS

    return {k for k in LABELS if k.startswith("coding.method.")}


def format_shares(shares: pd.DataFrame, *, by: By = "site", site_names: dict[str, str] | None = None,
                  codebook: pd.DataFrame | None = None, lang: str = "fr") -> pd.DataFrame:
    """The shares as text (« 25 % », « – » for a group without observations), headers translated."""
    check_lang(lang)
    data = shares.map(lambda v: "–" if pd.isna(v) else format_percent(v, 0, lang))
    data.columns = [group_label(by, c, lang, site_names) for c in shares.columns]
    if codebook is not None and not codebook.empty:
        families = dict(zip(codebook["tag"], codebook["family"]))
        data.insert(0, label("coding.family", lang), [families.get(t, "") for t in shares.index])
    data.index = [tag_label(t) for t in shares.index]
    data.index.name = label("coding.tag", lang)
    return data


def _heatmap_labels(rows: list[str], columns: list[str]) -> tuple[list[str], list[str], dict]:
    """Row and column labels of a heatmap, wrapped; columns written across when few, upright when many."""
    rows = [wrap(r, 30) for r in rows]
    if len(columns) <= 4:
        return rows, [wrap(c, 16) for c in columns], {"rotation": 0, "ha": "center"}
    return rows, [wrap(c, 22) for c in columns], {"rotation": 90, "ha": "center", "va": "top", "linespacing": 1.0}


def _heatmap_height(rows: list[str], columns: list[str], *, upright: bool) -> float:
    """The printed height of a heatmap: its rows (as tall as their wrapped labels) and its column labels."""
    lines = max((r.count("\n") + 1 for r in rows), default=1)
    if upright:
        header = 0.075 * max((len(line) for c in columns for line in c.split("\n")), default=1)
    else:
        header = 0.15 * max((c.count("\n") + 1 for c in columns), default=1)
    return rows_height(len(rows), per_row=max(0.26, 0.15 * lines + 0.06), extra=1.1 + header, maximum=9.5)


def _heatmap(ax: Axes, values: np.ndarray, texts: list[list[str]], rows: list[str], columns: list[str], cmap: str,
             vmin: float = 0, vmax: float | None = None, center: float | None = None):
    masked = np.ma.masked_invalid(values.astype(float))
    if center is not None:
        bound = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 1.0
        vmin, vmax = center - (bound or 1.0), center + (bound or 1.0)
    cmap_obj = plt.get_cmap(cmap).with_extremes(bad="0.92")
    image = ax.imshow(masked, cmap=cmap_obj, vmin=vmin, vmax=vmax, aspect="auto")
    rows, columns, options = _heatmap_labels(rows, columns)
    ax.set_xticks(range(len(columns)), columns, **options)
    ax.set_yticks(range(len(rows)), rows)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    norm_max = vmax if vmax is not None else (np.nanmax(values) if np.isfinite(values).any() else 1)
    for i, row in enumerate(texts):
        for j, text in enumerate(row):
            value = values[i, j]
            if center is None:
                dark = np.isfinite(value) and norm_max and value > 0.6 * norm_max
            else:
                dark = np.isfinite(value) and abs(value - center) > 0.6 * (vmax - center)
            ax.text(j, i, text, ha="center", va="center", fontsize=MIN_FONT_PT, color="white" if dark else "0.15")
    return image


def _heatmap_axes(ax: Axes | None, title_key: str, rows: list[str], columns: list[str], *, lang: str,
                  **values) -> Axes:
    """The opening of a heatmap: :func:`~transfo_lab.base.plotting.open_axes`, as tall as its rows need."""
    rows, columns, options = _heatmap_labels(rows, columns)
    height = _heatmap_height(rows, columns, upright=options["rotation"] == 90)
    return open_axes(ax, title_key, lang=lang, height=height, **values)


@print_chart
def plot_tag_shares(shares: pd.DataFrame, *, by: By = "site", site_names: dict[str, str] | None = None,
                    lang: str = "fr", ax: Axes | None = None) -> Axes:
    """Heatmap of :func:`tag_shares`: tags in rows, groups in columns, each cell annotated in %.

    A group without observations is drawn grey with « – ».

    >>> shares = pd.DataFrame({"a": [0.5, 0.25]}, index=["cantine", "accueil"])
    >>> fig, ax = plt.subplots()
    >>> [t.get_text() for t in plot_tag_shares(shares, ax=ax).texts]
    ['50\\xa0%', '25\\xa0%']
    """
    check_lang(lang)
    by_word = label(f"coding.{by}" if by != "site" else "common.site", lang).lower()
    columns = [group_label(by, c, lang, site_names) for c in shares.columns]
    ax = _heatmap_axes(ax, "coding.share_title", [str(t) for t in shares.index], columns, lang=lang, by=by_word)
    if shares.empty or shares.isna().all().all():
        return no_data_panel(ax, lang)
    values = shares.to_numpy(dtype=float)
    texts = [["–" if np.isnan(v) else format_percent(v, 0, lang) for v in row] for row in values]
    image = _heatmap(ax, values, texts, [str(t) for t in shares.index], columns, "Blues", 0,
                     max(float(np.nanmax(values)), 1e-9))
    ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02, format=lambda v, _: format_percent(v, 0, lang))
    return ax


@print_chart
def plot_cooccurrence(matrix: pd.DataFrame, *, lang: str = "fr", ax: Axes | None = None) -> Axes:
    """Heatmap of the tag co-occurrence matrix; the diagonal (a tag with itself) is left blank.

    >>> m = pd.DataFrame([[2, 1], [1, 3]], index=["a", "b"], columns=["a", "b"])
    >>> fig, ax = plt.subplots()
    >>> [t.get_text() for t in plot_cooccurrence(m, ax=ax).texts]
    ['', '1', '1', '']
    """
    names = [str(t) for t in matrix.index]
    ax = _heatmap_axes(ax, "coding.cooccurrence_title", names, names, lang=lang)
    if matrix.empty:
        return no_data_panel(ax, lang)
    values = matrix.to_numpy(dtype=float).copy()
    np.fill_diagonal(values, np.nan)
    small = len(matrix) <= 25
    texts = [["" if np.isnan(v) else (f"{int(v)}" if small else "") for v in row] for row in values]
    image = _heatmap(ax, values, texts, [str(t) for t in matrix.index], [str(t) for t in matrix.columns], "Oranges",
                     0, max(float(np.nanmax(values)) if np.isfinite(values).any() else 1.0, 1.0))
    ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label=wrap(label("common.count", lang), 24))
    return ax
