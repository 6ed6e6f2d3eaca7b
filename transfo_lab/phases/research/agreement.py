"""Inter-coder agreement: is the coding of the observations reliable enough to be analysed?

A sample of observations is coded *blind* by two coders or more (``double_coding`` table,
prepared by ``transfo-lab coding-sample``). For each site × tag, each site, each tag and
overall, :func:`agreement_table` gives:

* **Krippendorff's α** (nominal). A multi-tag coding is one binary unit per tag: for the tag
  « accueil », each coder of an observation says 1 (applied) or 0 (not applied). The overall
  rows pool every observation × tag unit. Values match the ``krippendorff`` package and the
  worked examples of Krippendorff (2011), *Computing Krippendorff's Alpha-Reliability*;
* a **bootstrap 95 % interval** of α (observations resampled with replacement);
* **Cohen's κ** for each pair of coders, on the units both coded;
* the number of units, and a flag when α is under 0.667, the lowest value Krippendorff
  accepts for tentative conclusions (0.8 for firm ones).

Examples
--------
Krippendorff's (2011) binary example, two coders and ten units: α = 0.095.

>>> a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
>>> b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
>>> round(nominal_alpha([a, b]), 3)
0.095
"""
from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from transfo_lab.base.labels import check_lang, format_number, label, tag_label

#: Krippendorff's lowest acceptable α (tentative conclusions) and the α of reliable data.
TENTATIVE, RELIABLE = 0.667, 0.8
#: Fewer units than this and the interval says little: the reading says so.
FEW_UNITS = 10
ALL = "*"


# --- Krippendorff's alpha ---------------------------------------------------------------------------

def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def value_counts(reliability_data) -> np.ndarray:
    """Coders × units data (``None``/NaN missing) → units × values counts (the values sorted).

    >>> value_counts([[1, 2, None], [1, 1, 3]]).tolist()
    [[2, 0, 0], [1, 1, 0], [0, 0, 1]]
    """
    rows = [list(r) for r in reliability_data]
    values = sorted({v for r in rows for v in r if not _is_missing(v)}, key=str)
    index = {v: i for i, v in enumerate(values)}
    n_units = max((len(r) for r in rows), default=0)
    counts = np.zeros((n_units, len(values)), dtype=int)
    for row in rows:
        for unit, value in enumerate(row):
            if not _is_missing(value):
                counts[unit, index[value]] += 1
    return counts


def _unit_terms(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each pairable unit's disagreement term and value counts (units with fewer than two values dropped)."""
    counts = np.asarray(counts, dtype=float)
    m = counts.sum(axis=1)
    keep = m >= 2
    counts, m = counts[keep], m[keep]
    disagreement = (m ** 2 - (counts ** 2).sum(axis=1)) / (m - 1) if len(m) else np.zeros(0)
    return disagreement, counts


def _alpha(disagreement, counts) -> np.ndarray | float:
    """α from summed disagreement terms and value counts (arrays: one α per row)."""
    n = counts.sum(axis=-1)
    expected = n ** 2 - (counts ** 2).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected > 0, 1 - (n - 1) * disagreement / np.where(expected > 0, expected, 1), np.nan)


def alpha_from_counts(counts) -> float:
    """Nominal α from a units × values count matrix (NaN when no two values differ anywhere).

    >>> round(alpha_from_counts([[2, 0], [0, 2], [1, 1]]), 3)
    0.444
    """
    disagreement, counts = _unit_terms(counts)
    return float(_alpha(disagreement.sum(), counts.sum(axis=0)))


def nominal_alpha(reliability_data) -> float:
    """Krippendorff's α for nominal data, coders × units (``None`` or NaN where a coder did not code).

    Krippendorff's (2011) nominal example, four coders and twelve units with missing values:

    >>> nan = None
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(nominal_alpha(data), 3)
    0.743
    """
    return alpha_from_counts(value_counts(reliability_data))


def bootstrap_alpha(clusters: list[np.ndarray], *, n_boot: int = 1000, seed: int = 0,
                    level: float = 0.95) -> tuple[float, float]:
    """A percentile bootstrap interval of α, resampling ``clusters`` (each a units × values count matrix).

    A cluster is an observation: its units (one per tag) are drawn together.

    >>> low, high = bootstrap_alpha([np.array([[2, 0]]), np.array([[0, 2]]), np.array([[1, 1]])] * 5)
    >>> -1 <= low <= 0.4 <= high <= 1
    True
    """
    if not clusters:
        return math.nan, math.nan
    width = max(c.shape[1] for c in clusters)
    disagreement = np.zeros(len(clusters))
    totals = np.zeros((len(clusters), width))
    for i, cluster in enumerate(clusters):
        d, c = _unit_terms(cluster)
        disagreement[i] = d.sum()
        totals[i, :c.shape[1]] = c.sum(axis=0)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(clusters), size=(n_boot, len(clusters)))
    weights = np.zeros((n_boot, len(clusters)))
    np.add.at(weights, (np.repeat(np.arange(n_boot), len(clusters)), draws.ravel()), 1)
    alphas = _alpha(weights @ disagreement, weights @ totals)
    alphas = alphas[~np.isnan(alphas)]
    if not len(alphas):
        return math.nan, math.nan
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(alphas, [tail, 100 - tail])
    return float(low), float(high)


def cohen_kappa(first, second) -> float:
    """Cohen's κ of two coders over the units both coded (``None``/NaN: not coded).

    >>> round(cohen_kappa([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]), 3)
    0.091
    >>> cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "a"])
    0.5
    """
    pairs = [(a, b) for a, b in zip(first, second) if not _is_missing(a) and not _is_missing(b)]
    if not pairs:
        return math.nan
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    values = {v for p in pairs for v in p}
    expected = sum((sum(a == v for a, _ in pairs) / n) * (sum(b == v for _, b in pairs) / n) for v in values)
    if expected >= 1:
        return math.nan
    return float((observed - expected) / (1 - expected))


# --- the agreement table ---------------------------------------------------------------------------

def binary_units(double_coding: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """The double coding as binary units: one row per observation × tag × coder, ``value`` 1 if applied.

    Only observations coded by at least two coders count; the tags are those any coder applied
    (on any site), so that every tag has the same units.
    """
    columns = ["site", "observation", "tag", "coder", "value"]
    if double_coding is None or double_coding.empty:
        return pd.DataFrame(columns=columns)
    sites = dict(zip(observations["id"], observations["site"])) if observations is not None else {}
    data = double_coding.dropna(subset=["observation", "coder"]).drop_duplicates(["observation", "coder"], keep="last")
    data = data.assign(site=data["observation"].map(sites)).dropna(subset=["site"])
    coders_per = data.groupby("observation")["coder"].nunique()
    data = data[data["observation"].map(coders_per) >= 2]
    rows = []
    tags = sorted({t for applied in data["tags"] for t in (applied or [])})
    for site, part in data.groupby("site", sort=True):
        for obs, coder, applied in zip(part["observation"], part["coder"], part["tags"]):
            applied = set(applied or [])
            rows += [(site, obs, tag, coder, int(tag in applied)) for tag in tags]
    return pd.DataFrame(rows, columns=columns)


def agreement_table(double_coding: pd.DataFrame, observations: pd.DataFrame, *, n_boot: int = 1000, seed: int = 0,
                    threshold: float = TENTATIVE) -> pd.DataFrame:
    """Krippendorff's α (with a bootstrap 95 % interval), Cohen's κ per coder pair and the units, per site × tag.

    Parameters
    ----------
    double_coding : DataFrame
        ``prog.double_coding`` (observation, coder, tags).
    observations : DataFrame
        ``prog.observations`` (for each observation's site).
    n_boot, seed : int
        Bootstrap resamples and their seed (the interval is reproducible).
    threshold : float, default 0.667
        Rows with α under it are ``flagged``.

    Returns
    -------
    DataFrame
        ``site``, ``tag`` (``"*"`` for all sites or all tags), ``alpha``, ``ci_low``, ``ci_high``,
        ``n_units`` (observations for a tag; observation × tag units for ``"*"``), ``n_coders``,
        ``kappa_<coder1>_<coder2>`` per pair, ``flagged``. Rows: each site × tag (tags some coder
        applied on that site), each site (all tags), each tag (all sites), then everything.

    Examples
    --------
    >>> coding = pd.DataFrame({"observation": ["O1", "O1", "O2", "O2"], "coder": ["A", "B", "A", "B"],
    ...                        "tags": [["accueil"], ["accueil"], [], ["accueil"]]})
    >>> obs = pd.DataFrame({"id": ["O1", "O2"], "site": ["s", "s"]})
    >>> row = agreement_table(coding, obs, n_boot=50).iloc[0]
    >>> row["site"], row["tag"], float(row["alpha"]), int(row["n_units"])
    ('s', 'accueil', 0.0, 2)
    """
    units = binary_units(double_coding, observations)
    coders = sorted(units["coder"].unique(), key=str) if len(units) else []
    pairs = list(itertools.combinations(coders, 2))
    kappa_columns = [f"kappa_{a}_{b}" for a, b in pairs]
    columns = ["site", "tag", "alpha", "ci_low", "ci_high", "n_units", "n_coders", *kappa_columns, "flagged"]
    if units.empty:
        return pd.DataFrame(columns=columns)
    units = units.assign(unit=units["observation"].astype(str) + "\x1f" + units["tag"].astype(str))
    used = units.groupby(["site", "tag"])["value"].sum()
    groups = [(site, tag, units[(units["site"] == site) & (units["tag"] == tag)]) for (site, tag), n in used.items() if n]
    groups += [(site, ALL, units[units["site"] == site]) for site in sorted(units["site"].unique())]
    groups += [(ALL, tag, units[units["tag"] == tag]) for tag in sorted(units["tag"].unique())]
    groups.append((ALL, ALL, units))
    rows = []
    for number, (site, tag, part) in enumerate(groups):
        wide = part.pivot_table(index="unit", columns="coder", values="value", aggfunc="first")
        counts = np.stack([(wide == 0).sum(axis=1).to_numpy(), (wide == 1).sum(axis=1).to_numpy()], axis=1)
        observation = wide.index.str.split("\x1f").str[0]
        clusters = [counts[observation == o] for o in pd.unique(observation)]
        alpha = alpha_from_counts(counts)
        low, high = bootstrap_alpha(clusters, n_boot=n_boot, seed=seed + number)
        row = {"site": site, "tag": tag, "alpha": alpha, "ci_low": low, "ci_high": high,
               "n_units": int(len(wide)) if tag == ALL else int(len(clusters)), "n_coders": int(wide.shape[1])}
        for (a, b), name in zip(pairs, kappa_columns):
            row[name] = cohen_kappa(wide[a], wide[b]) if a in wide and b in wide else math.nan
        row["flagged"] = bool(not math.isnan(alpha) and alpha < threshold)
        rows.append(row)
    result = pd.DataFrame(rows, columns=columns)
    result.attrs["kappa_pairs"] = dict(zip(kappa_columns, pairs))   # coder names may hold « _ »
    return result


def reading_key(alpha: float, n_units: int, low: float = math.nan) -> str:
    """The plain reading of one α: ``reliable``, ``tentative``, ``diverge``, ``constant`` or ``few``.

    >>> reading_key(0.85, 40), reading_key(0.7, 40), reading_key(0.3, 40), reading_key(float("nan"), 40)
    ('reliable', 'tentative', 'diverge', 'constant')
    >>> reading_key(0.9, 4)
    'few'
    """
    if alpha is None or math.isnan(alpha):
        return "constant"
    if alpha < TENTATIVE:
        return "diverge"
    if n_units < FEW_UNITS:
        return "few"
    return "reliable" if alpha >= RELIABLE else "tentative"


def _scope(value, all_key: str, names: dict | None, lang: str) -> str:
    return label(all_key, lang) if value == ALL else (names or {}).get(value, value)


def format_agreement(table: pd.DataFrame, *, site_names: dict[str, str] | None = None, lang: str = "fr",
                     tags: bool = True) -> pd.DataFrame:
    """The agreement table for a report: French headers, site names, α with its interval, a reading column.

    ``tags=False`` keeps only the rows per site and overall (one line per site).

    >>> table = pd.DataFrame({"site": ["s"], "tag": ["accueil"], "alpha": [0.52], "ci_low": [0.3], "ci_high": [0.7],
    ...                       "n_units": [20], "n_coders": [2], "kappa_A_B": [0.5], "flagged": [True]})
    >>> format_agreement(table, site_names={"s": "Lycée"}).iloc[0].astype(str).tolist()
    ['Lycée', 'accueil', '0,52', '0,30 – 0,70', 'A – B : 0,50', '20', 'à revoir : les codeurs divergent']
    """
    check_lang(lang)
    if not tags:
        table = table[table["tag"] == ALL]

    def number(value) -> str:
        return "–" if value is None or pd.isna(value) else format_number(value, 2, lang)

    kappas = [c for c in table.columns if c.startswith("kappa_")]
    pairs = table.attrs.get("kappa_pairs", {})
    pair_names = {c: " – ".join(map(str, pairs[c])) if c in pairs else c[6:].replace("_", " – ", 1) for c in kappas}
    data = pd.DataFrame({
        label("common.site", lang): [_scope(s, "common.all_sites", site_names, lang) for s in table["site"]],
        label("rigour.tag", lang): [_scope(t, "rigour.all_tags", None, lang) if t == ALL else tag_label(t)
                                    for t in table["tag"]],
        label("rigour.alpha", lang): [number(v) for v in table["alpha"]],
        label("rigour.interval", lang): [f"{number(lo)} – {number(hi)}" if not pd.isna(lo) else "–"
                                         for lo, hi in zip(table["ci_low"], table["ci_high"])],
        label("rigour.kappa", lang): ["; ".join(f"{pair_names[c]} : {number(row[c])}" for c in kappas)
                                      for _, row in table.iterrows()],
        label("rigour.n_units", lang): [int(n) for n in table["n_units"]],
        label("rigour.reading", lang): [label(f"rigour.reading.{reading_key(a, n)}", lang)
                                        for a, n in zip(table["alpha"], table["n_units"])],
    })
    if not tags:
        data = data.drop(columns=label("rigour.tag", lang))
    return data.reset_index(drop=True)


def unreliable_tags(table: pd.DataFrame) -> list[str]:
    """Tags whose α over all sites is under the threshold (the themes not yet coded reliably)."""
    rows = table[(table["site"] == ALL) & (table["tag"] != ALL) & table["flagged"].astype(bool)]
    return rows.sort_values("alpha")["tag"].tolist()


def agreement_sentence(table: pd.DataFrame, *, site_names: dict[str, str] | None = None, lang: str = "fr") -> str:
    """One plain sentence: the overall α and which themes (and sites) are not yet coded reliably.

    >>> table = pd.DataFrame({"site": ["*", "*", "*"], "tag": ["accueil", "cantine", "*"], "alpha": [0.9, 0.4, 0.72],
    ...                       "ci_low": [0.8, 0.2, 0.6], "ci_high": [1, 0.6, 0.8], "n_units": [30, 30, 60],
    ...                       "n_coders": [2, 2, 2], "flagged": [False, True, False]})
    >>> agreement_sentence(table)
    'Accord entre codeurs : α = 0,72 (IC 95 % 0,60 – 0,80) sur 60 unités. Pas encore codé de façon fiable : cantine.'
    """
    check_lang(lang)
    overall = table[(table["site"] == ALL) & (table["tag"] == ALL)]
    if overall.empty:
        return label("rigour.no_double_coding", lang)
    row = overall.iloc[0]
    text = label("rigour.sentence", lang, alpha=format_number(row["alpha"], 2, lang),
                 low=format_number(row["ci_low"], 2, lang), high=format_number(row["ci_high"], 2, lang),
                 n=int(row["n_units"]))
    weak = unreliable_tags(table)
    sites = table[(table["site"] != ALL) & (table["tag"] == ALL) & table["flagged"].astype(bool)]["site"].tolist()
    if weak:
        text += " " + label("rigour.sentence_weak", lang, tags=", ".join(tag_label(t) for t in weak))
    if sites:
        text += " " + label("rigour.sentence_sites", lang, sites=", ".join((site_names or {}).get(s, s) for s in sites))
    if not weak and not sites:
        text += " " + label("rigour.sentence_all_reliable", lang)
    return text


def to_csv_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The table as written by ``transfo-lab agreement --format csv`` (numbers rounded to 4 decimals)."""
    data = table.copy()
    for column in [c for c in data.columns if c in ("alpha", "ci_low", "ci_high") or c.startswith("kappa_")]:
        data[column] = data[column].astype(float).round(4)
    return data
