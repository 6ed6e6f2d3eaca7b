"""The affinity map: field notes grouped automatically into candidate themes.

What résidents do with sticky notes on a wall, done on all the observations of all the
sites at once. Each text is prepared for French — lower case, elisions removed
(« l'accueil » → « accueil », « qu'on » → « on »), accents folded so that « eleve » and
« élève » are one word, French stop words of the ``stop-words`` package left out — then
weighted by TF-IDF (scikit-learn) and reduced to its main dimensions (latent semantic
analysis: a truncated SVD fitted on a sample, rows normalised), which keeps the words that
go together and drops the noise of rare words. The number of themes is given or chosen by
the silhouette score (cosine) of k-means on a sample; the themes are fitted by k-means on a
sample, then every text goes to its nearest theme and the centres are refined on all texts.
Each theme is named by what distinguishes it from the others — class-based TF-IDF over
French lemmas, with bigrams (:mod:`transfo_lab.phases.research.theme_names`) — keeps its top terms (shown
with their accents), is counted per site and illustrated by the three verbatims closest to
its centre. The result depends only on the texts and ``random_state``.

These are *candidate* themes: a starting point for the résidents' discussion, not a verdict.

Examples
--------
>>> texts = ["cantine bruyante midi", "cantine file attente midi", "bruit cantine repas",
...          "bus retard matin", "bus trajet long matin", "retard du bus scolaire"]
>>> amap = affinity_map(pd.DataFrame({"site": ["a"] * 6, "text": texts}), n_themes=2)
>>> sorted(amap.assignments.tolist())
[1, 1, 1, 2, 2, 2]
"""
from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from transfo_lab.base.exceptions import ParameterError
from transfo_lab.base.labels import check_lang, format_number, label
from transfo_lab.phases.research.french import _TOKEN, _fold, french_stop_words, prepare_texts
from transfo_lab.phases.research.theme_names import distinctive_terms
from transfo_lab.base.plotting import MIN_FONT_PT, legend_outside, no_data_panel, open_axes, print_chart, rows_height, wrap

#: Fewer useful texts than this and no grouping is attempted.
MIN_TEXTS = 3
#: Dimensions kept by the latent semantic analysis, and the texts its SVD is fitted on.
LSA_DIMENSIONS = 60
LSA_SAMPLE = 2000
#: Texts k-means is fitted on (then every text goes to its nearest centre), and refinement passes on all texts.
FIT_SAMPLE = 5000
REFINE_PASSES = 3
@dataclass
class AffinityMap:
    """The candidate themes of a set of observations.

    Attributes
    ----------
    themes : DataFrame
        One row per theme (index ``theme`` = 1, 2… by decreasing size): ``label`` (its 3 most
        distinctive terms), ``terms`` (list of the top terms of its centre), ``names`` (list of
        its distinctive terms: class-based TF-IDF over lemmas and bigrams), ``size``.
    sizes : DataFrame
        themes × sites: number of observations.
    verbatims : DataFrame
        The representative texts: ``theme``, ``rank``, ``row``, ``site``, ``text``, ``similarity``
        (cosine similarity to the theme's centre), plus ``id`` / ``participant`` when present.
    assignments : Series
        The theme of each observation (index = observation row; NA for an excluded text).
    excluded : list
        Rows left out: empty text, or no meaningful word once stop words are removed.
    silhouette : float or None
        The silhouette score of the chosen number of themes, when chosen automatically.
    """

    themes: pd.DataFrame
    sizes: pd.DataFrame
    verbatims: pd.DataFrame
    assignments: pd.Series
    excluded: list = field(default_factory=list)
    silhouette: float | None = None

    @property
    def empty(self) -> bool:
        return self.themes.empty

    @property
    def n_themes(self) -> int:
        return len(self.themes)


def _empty_map(observations: pd.DataFrame, excluded: list) -> AffinityMap:
    themes = pd.DataFrame({"label": pd.Series(dtype=object), "terms": pd.Series(dtype=object),
                           "names": pd.Series(dtype=object), "size": pd.Series(dtype="int64")}, index=pd.Index([], name="theme", dtype="int64"))
    verbatims = pd.DataFrame(columns=["theme", "rank", "row", "site", "text", "similarity"])
    assignments = pd.Series(pd.NA, index=observations.index, dtype="Int64", name="theme")
    return AffinityMap(themes, pd.DataFrame(index=themes.index), verbatims, assignments, excluded)


def _vectorise(texts: pd.Series, max_features: int):
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(texts)
    vectoriser = TfidfVectorizer(lowercase=False, token_pattern=_TOKEN, stop_words=list(french_stop_words()),
                                 max_features=max_features, min_df=2 if n >= 20 else 1, max_df=0.95 if n >= 20 else 1.0,
                                 sublinear_tf=True, dtype=np.float32)
    return vectoriser, vectoriser.fit_transform(prepare_texts(texts))


def _kmeans(k: int, n: int, random_state: int, n_init: int = 4):
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, random_state=random_state, n_init=n_init)


def _sample(n: int, size: int, random_state: int) -> np.ndarray:
    rng = np.random.RandomState(random_state)
    return np.arange(n) if n <= size else np.sort(rng.choice(n, size=size, replace=False))


def reduce_texts(matrix, *, random_state: int = 0, dimensions: int = LSA_DIMENSIONS) -> np.ndarray:
    """Latent semantic analysis: the TF-IDF rows projected on the main dimensions of a sample, then normalised.

    The SVD is fitted on at most :data:`LSA_SAMPLE` texts; all texts are projected (a sparse ×
    dense product), so the cost grows linearly with the corpus.
    """
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    n, width = matrix.shape
    sample = _sample(n, LSA_SAMPLE, random_state)
    components = min(dimensions, len(sample) - 1, width - 1)
    if components < 2:
        return normalize(matrix.toarray() if hasattr(matrix, "toarray") else np.asarray(matrix)).astype(np.float32)
    svd = TruncatedSVD(n_components=components, n_iter=3, random_state=random_state).fit(matrix[sample])
    return normalize(np.asarray(matrix @ svd.components_.T.astype(np.float32))).astype(np.float32)


def choose_n_themes(matrix, *, k_range: tuple[int, int] = (2, 12), sample_size: int = 2000,
                    random_state: int = 0) -> tuple[int, float]:
    """The number of themes with the best silhouette score (cosine), and that score.

    Each candidate is fitted and scored on the same random sample of at most ``sample_size``
    texts, so the choice stays fast on a large corpus. ``matrix`` is best the reduced texts of
    :func:`reduce_texts` (what :func:`affinity_map` passes).
    """
    from sklearn.metrics import silhouette_score

    n = matrix.shape[0]
    sample = matrix[_sample(n, sample_size, random_state)]
    low, high = max(2, k_range[0]), min(k_range[1], sample.shape[0] - 1)
    best = (low, -1.0)
    for k in range(low, high + 1):
        model = _kmeans(k, sample.shape[0], random_state, n_init=1).fit(sample)
        if len(set(model.labels_)) < 2:
            continue
        score = float(silhouette_score(sample, model.labels_, metric="cosine", random_state=random_state))
        if score > best[1] + 1e-9:
            best = (k, score)
    return best


def fit_themes(reduced: np.ndarray, k: int, *, random_state: int = 0) -> np.ndarray:
    """k-means on a sample of the reduced texts, every text to its nearest centre, centres refined on all texts.

    Returns the theme (0 … k − 1) of every text.
    """
    from sklearn.preprocessing import normalize

    sample = _sample(len(reduced), FIT_SAMPLE, random_state)
    centres = _kmeans(k, len(sample), random_state).fit(reduced[sample]).cluster_centers_
    labels = np.argmax(reduced @ normalize(centres).T, axis=1)
    from scipy import sparse

    rows = np.arange(len(reduced))
    for _ in range(REFINE_PASSES if len(sample) < len(reduced) else 0):
        indicator = sparse.csr_matrix((np.ones(len(reduced), dtype=np.float32), (labels, rows)), shape=(k, len(reduced)))
        counts = np.bincount(labels, minlength=k)[:, None]
        centres = np.where(counts > 0, (indicator @ reduced) / np.maximum(counts, 1), centres)
        new = np.argmax(reduced @ normalize(centres).T, axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
    return labels


def _surface_forms(texts: pd.Series, terms: set[str], limit: int = 5_000) -> dict[str, str]:
    """For each folded term, its most frequent spelling with accents (« eleve » → « élève »)."""
    words = prepare_texts(texts.iloc[:limit], fold_accents=False).str.findall(_TOKEN).explode().dropna()
    counts = words.value_counts().rename_axis("word").reset_index(name="n")
    counts["folded"] = counts["word"].map(_fold)
    counts = counts[counts["folded"].isin(terms)]
    counts = counts.sort_values(["n", "word"], ascending=[False, True], kind="stable").drop_duplicates("folded")
    return dict(zip(counts["folded"], counts["word"]))


def affinity_map(observations: pd.DataFrame, n_themes: int | None = None, *, random_state: int = 0,
                 max_features: int = 5000, n_terms: int = 6, n_verbatims: int = 3, k_range: tuple[int, int] = (2, 12),
                 sites: list[str] | None = None) -> AffinityMap:
    """Group the observation texts into candidate themes.

    Parameters
    ----------
    observations : DataFrame
        With ``text`` and ``site`` columns (``id``, ``participant`` are kept for the verbatims).
    n_themes : int, optional
        Number of themes; ``None`` chooses it in ``k_range`` by the silhouette score.
    random_state : int
        Seed: the same texts and seed always give the same themes.
    max_features : int
        Size of the vocabulary (the most frequent words), which bounds time and memory.
    n_terms, n_verbatims : int
        Top terms kept per theme, representative verbatims per theme.
    sites : list of str, optional
        The columns of ``sizes`` (e.g. every site of the programme, even one without data).

    Returns
    -------
    AffinityMap
        Empty (``amap.empty``) when fewer than 3 texts are usable.

    Raises
    ------
    ParameterError
        If ``n_themes`` is below 2 or above the number of usable texts.
    """
    text = observations["text"].astype(object)
    usable = text.notna() & (text.astype(str).str.strip() != "")
    data = observations[usable.to_numpy()]
    excluded = list(observations.index[~usable.to_numpy()])
    if len(data) < MIN_TEXTS:
        return _empty_map(observations, excluded)
    vectoriser, matrix = _vectorise(data["text"], max_features)
    has_words = np.diff(matrix.indptr) > 0
    excluded += list(data.index[~has_words])
    data, matrix = data[has_words], matrix[has_words]
    if len(data) < MIN_TEXTS:
        return _empty_map(observations, excluded)
    silhouette = None
    if n_themes is not None and (not isinstance(n_themes, (int, np.integer)) or not 2 <= n_themes <= len(data)):
        raise ParameterError(label("affinity.bad_n_themes", "fr", max=len(data), value=n_themes))
    reduced = reduce_texts(matrix, random_state=random_state)
    if n_themes is None:
        n_themes, silhouette = choose_n_themes(reduced, k_range=k_range, random_state=random_state)
    raw = fit_themes(reduced, int(n_themes), random_state=random_state)
    order = pd.Series(raw).value_counts().sort_index().sort_values(ascending=False, kind="stable").index.tolist()
    renumber = {old: new for new, old in enumerate(order, start=1)}
    labels = pd.Series(raw).map(renumber).to_numpy(dtype=np.int64)
    centres = _centres(matrix, labels, len(order))
    vocabulary = vectoriser.get_feature_names_out()
    top = np.argsort(-centres, axis=1, kind="stable")[:, :n_terms]
    spelled = _surface_forms(data["text"], set(vocabulary[top.ravel()]))
    terms = [[spelled.get(vocabulary[j], vocabulary[j]) for j in row if centres[i, j] > 0] for i, row in enumerate(top)]
    names = distinctive_terms(data["text"], labels, n_terms=n_terms, random_state=random_state)
    names = [names.get(theme) or terms[theme - 1] for theme in range(1, len(order) + 1)]
    sizes_all = np.bincount(labels, minlength=len(order) + 1)[1:]
    themes = pd.DataFrame({"label": [" · ".join(t[:3]) for t in names], "terms": terms, "names": names,
                           "size": sizes_all.astype("int64")}, index=pd.Index(range(1, len(order) + 1), name="theme"))
    site = data["site"].astype(object)
    columns = list(sites) if sites is not None else list(dict.fromkeys(site.dropna()))
    sizes = pd.crosstab(pd.Series(labels, name="theme"), pd.Series(site.to_numpy(), name="site"))
    sizes = sizes.reindex(index=themes.index, columns=columns, fill_value=0)
    assignments = pd.Series(pd.NA, index=observations.index, dtype="Int64", name="theme")
    assignments.loc[data.index] = labels
    verbatims = _representatives(data, matrix, labels, centres, n_verbatims)
    return AffinityMap(themes, sizes, verbatims, assignments, excluded, silhouette)


def reference_agreement(assignments, reference, *, share: float = 0.8) -> dict:
    """How well the themes found match known themes: adjusted Rand index and themes recovered.

    A reference theme is *recovered* when one theme found holds at least ``share`` of its
    notes and is itself made at least ``share`` of them (no merge, no split).

    >>> reference_agreement([1, 1, 2, 2, 2], ["a", "a", "b", "b", "b"])
    {'ari': 1.0, 'recovered': 2, 'n_reference': 2}
    >>> reference_agreement([1, 1, 1, 1], ["a", "a", "b", "b"])
    {'ari': 0.0, 'recovered': 0, 'n_reference': 2}
    """
    from sklearn.metrics import adjusted_rand_score

    found = pd.Series(np.asarray(assignments, dtype=object))
    known = pd.Series(np.asarray(reference, dtype=object))
    keep = found.notna() & known.notna()
    found, known = found[keep].astype(str), known[keep].astype(str)
    table = pd.crosstab(known, found)
    recovered = 0
    for theme, row in table.iterrows():
        best = row.idxmax()
        if row[best] >= share * row.sum() and row[best] >= share * table[best].sum():
            recovered += 1
    return {"ari": round(float(adjusted_rand_score(known, found)), 4), "recovered": recovered,
            "n_reference": int(table.shape[0])}


def _centres(matrix, labels: np.ndarray, k: int) -> np.ndarray:
    """The mean TF-IDF row of each theme (themes numbered 1 … k)."""
    from scipy import sparse

    indicator = sparse.csr_matrix((np.ones(len(labels), dtype=np.float32), (labels - 1, np.arange(len(labels)))),
                                  shape=(k, len(labels)))
    sums = np.asarray((indicator @ matrix).todense())
    return sums / np.maximum(np.bincount(labels, minlength=k + 1)[1:], 1)[:, None]


def _representatives(data: pd.DataFrame, matrix, labels: np.ndarray, centres: np.ndarray, n: int) -> pd.DataFrame:
    """The ``n`` texts of each theme closest (cosine) to its centre."""
    norms = np.linalg.norm(centres, axis=1)
    rows = []
    for theme in range(1, len(centres) + 1):
        members = np.flatnonzero(labels == theme)
        similarity = np.asarray(matrix[members] @ (centres[theme - 1] / (norms[theme - 1] or 1.0))).ravel()
        ranked = np.lexsort((members, -similarity))
        texts = data["text"].iloc[members[ranked]].astype(str).str.strip().str.casefold()
        closest = ranked[~texts.duplicated().to_numpy()][:n]  # the same text twice says nothing more
        for rank, (index, value) in enumerate(zip(members[closest], similarity[closest]), start=1):
            rows.append((theme, rank, data.index[index], float(value)))
    picked = pd.DataFrame(rows, columns=["theme", "rank", "row", "similarity"])
    extra = [c for c in ("id", "site", "participant", "text") if c in data.columns]
    details = data.loc[picked["row"], extra].reset_index(drop=True)
    return pd.concat([picked[["theme", "rank", "row"]], details, picked[["similarity"]]], axis=1)


def format_themes(amap: AffinityMap, *, site_names: dict[str, str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """The themes as a table: number, top terms, size, size per site."""
    check_lang(lang)
    data = pd.DataFrame({label("affinity.terms", lang): amap.themes["terms"].map(", ".join),
                         label("affinity.size", lang): amap.themes["size"]}, index=amap.themes.index)
    for site in amap.sizes.columns:
        data[(site_names or {}).get(site, site)] = amap.sizes[site]
    data.index.name = label("affinity.theme", lang)
    return data


def plain_reading(amap: AffinityMap, lang: str = "fr") -> str:
    """How clearly the notes fall into themes, in words, with the silhouette score beside it.

    The silhouette (from -1 to 1) measures how much closer each note is to the notes of its
    theme than to those of the nearest other theme.

    >>> plain_reading(AffinityMap(pd.DataFrame({"x": [1, 2]}), pd.DataFrame(), pd.DataFrame(), pd.Series(dtype=float),
    ...                           silhouette=0.04))
    'Les notes se regroupent faiblement en 2 thèmes (silhouette 0,04) : des pistes à discuter, pas des groupes nets.'
    """
    if amap.silhouette is None or pd.isna(amap.silhouette):
        return label("affinity.reading.given", lang, n=amap.n_themes)
    value = float(amap.silhouette)
    strength = "strong" if value >= 0.5 else "medium" if value >= 0.25 else "weak"
    return label(f"affinity.reading.{strength}", lang, n=amap.n_themes, score=format_number(value, 2, lang))


@print_chart
def plot_theme_sizes(amap: AffinityMap, *, site_names: dict[str, str] | None = None, lang: str = "fr",
                     ax: Axes | None = None) -> Axes:
    """Horizontal stacked bars: one bar per theme (labelled by its top terms), one segment per site.

    >>> texts = ["cantine midi", "cantine repas", "bus matin", "bus retard"]
    >>> amap = affinity_map(pd.DataFrame({"site": ["a", "b", "a", "b"], "text": texts}), n_themes=2)
    >>> fig, ax = plt.subplots()
    >>> [t.get_text() for t in plot_theme_sizes(amap, ax=ax).get_legend().get_texts()]
    ['a', 'b']
    """
    ax = open_axes(ax, "affinity.sizes_title", lang=lang,
                   height=rows_height(0 if amap.empty else len(amap.themes), per_row=0.32))
    if amap.empty:
        return no_data_panel(ax, lang)
    names = [wrap(f"{t}. {amap.themes.loc[t, 'label']}", 30) for t in amap.themes.index]
    left = np.zeros(len(names))
    colours = plt.get_cmap("tab10")
    for i, site in enumerate(amap.sizes.columns):
        values = amap.sizes[site].to_numpy(dtype=float)
        ax.barh(names, values, left=left, color=colours(i % 10), label=(site_names or {}).get(site, site))
        left += values
    for y, total in enumerate(left):
        ax.text(total, y, f" {format_number(total, 0, lang)}", va="center", fontsize=MIN_FONT_PT)
    ax.set_xlim(0, max(float(left.max()) * 1.12, 1))
    ax.invert_yaxis()
    ax.set_xlabel(label("affinity.size", lang))
    legend_outside(ax, title=label("common.site", lang))
    return ax
