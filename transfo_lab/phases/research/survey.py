"""Likert surveys: one scale from 1 to 5, per question and site, missing answers counted.

Answers are numbers 1–5 or French (or English) agreement labels — « Pas du tout d'accord »
(1) … « Tout à fait d'accord » (5) — mapped to one scale (:func:`likert_values`; the
programme loader has already done it for ``prog.survey``). For each question and site,
:func:`likert_summary` gives the distribution, the share agreeing (4 or 5), the median, the
number of answers and the number of missing answers, never dropped silently.
:func:`plot_likert` draws the diverging stacked bar chart centred on the neutral answer.

Examples
--------
>>> survey = pd.DataFrame({"site": ["a"] * 4, "question": ["Q"] * 4,
...                        "answer": pd.array([5, 4, 2, None], dtype="Int64")})
>>> row = likert_summary(survey).iloc[0]
>>> int(row["n_answers"]), int(row["n_missing"]), round(float(row["share_agree"]), 3), float(row["median"])
(3, 1, 0.667, 4.0)
"""
from __future__ import annotations

import textwrap
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import blended_transform_factory

from transfo_lab.base.exceptions import DataError
from transfo_lab.base.plotting import (MIN_FONT_PT, legend_outside, no_data_panel, open_axes, print_chart, thin_texts,
                                  wrap)
from transfo_lab.base.labels import check_lang, format_number, format_percent, label
from transfo_lab.contract.schemas import LIKERT_LABELS, LIKERT_SCALE_EN, LIKERT_SCALE_FR, normalise_key

SCALE = (1, 2, 3, 4, 5)
NEUTRAL = 3
#: Colours from strong disagreement (red) to strong agreement (blue), neutral grey.
COLOURS = ("#c0392b", "#f1948a", "#d5d8dc", "#85c1e9", "#1f618d")


def likert_values(values: pd.Series, *, lang: str = "fr") -> pd.Series:
    """Numbers 1–5 or agreement labels → Int64 scores 1–5 (empty cells → NA).

    Raises
    ------
    DataError
        For a value that is neither 1–5 nor a known label (the row is the index).

    >>> likert_values(pd.Series(["Plutôt d'accord", 5, " ", "tout à fait d'accord", None])).tolist()
    [4, 5, <NA>, 5, <NA>]
    """
    check_lang(lang)
    unique = pd.unique(values.dropna())
    mapping = {}
    for value in unique:
        if isinstance(value, str) and not value.strip():
            mapping[value] = pd.NA
            continue
        key = normalise_key(value)
        if key in LIKERT_LABELS:
            mapping[value] = LIKERT_LABELS[key]
            continue
        try:
            number = float(str(value).replace(",", "."))
        except ValueError:
            number = np.nan
        if number not in SCALE:
            row = values.index[(values == value).to_numpy()][0]
            raise DataError(label("survey.bad_answer", lang, value=value), row=row, column="answer", value=value)
        mapping[value] = int(number)
    return values.map(mapping).astype("Int64")


def likert_summary(survey: pd.DataFrame, *, by_site: bool = True, sites: list[str] | None = None,
                   questions: list[str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """Per question (and site): answers per level, share agreeing, median, answers and missing answers.

    Parameters
    ----------
    survey : DataFrame
        ``question``, ``site`` and ``answer`` (1–5 or labels; empty = no answer).
    by_site : bool
        One row per question × site (default) or per question, all sites together.
    sites, questions : list, optional
        Rows to show, in order — a listed site or question without any answer gets a row
        with ``n_answers`` = 0 (and NaN statistics) instead of disappearing.

    Returns
    -------
    DataFrame
        ``question`` (, ``site``), ``n_answers``, ``n_missing``, counts ``1`` … ``5``,
        ``share_agree`` (share of answers at 4 or 5) and ``median``.
    """
    survey = _on_five_point_scale(survey, lang)
    data = survey.assign(answer=likert_values(survey["answer"]))
    keys = ["question", "site"] if by_site else ["question"]
    question_order = list(questions) if questions is not None else list(dict.fromkeys(data["question"].dropna()))
    combos = [question_order]
    if by_site:
        combos.append(list(sites) if sites is not None else list(dict.fromkeys(data["site"].dropna())))
    index = pd.MultiIndex.from_product(combos, names=keys) if by_site else pd.Index(question_order, name="question")
    grouped = data.groupby(keys, sort=False)
    answers = data.dropna(subset=["answer"])
    counts = answers.groupby(keys + ["answer"], sort=False).size().unstack("answer", fill_value=0)
    counts = counts.reindex(index=index, columns=list(SCALE), fill_value=0)
    result = pd.DataFrame(index=index)
    result["n_answers"] = counts.sum(axis=1).astype("int64")
    result["n_missing"] = grouped["answer"].apply(lambda s: int(s.isna().sum())).reindex(index, fill_value=0).astype("int64")
    for level in SCALE:
        result[level] = counts[level].astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        result["share_agree"] = (counts[4] + counts[5]) / result["n_answers"].where(result["n_answers"] > 0)
    result["median"] = answers.groupby(keys, sort=False)["answer"].median().astype(float).reindex(index)
    return result.reset_index()


def other_scales(survey: pd.DataFrame) -> pd.Series:
    """True for the rows whose question is on another scale than 1–5 (``scale_min``/``scale_max`` set otherwise).

    >>> other_scales(pd.DataFrame({"answer": [6, 4], "scale_min": [1, None], "scale_max": [7, None]})).tolist()
    [True, False]
    """
    low = pd.to_numeric(survey["scale_min"], errors="coerce").fillna(1) if "scale_min" in survey else 1
    high = pd.to_numeric(survey["scale_max"], errors="coerce").fillna(5) if "scale_max" in survey else 5
    other = (low != 1) | (high != 5)
    return other if isinstance(other, pd.Series) else pd.Series(bool(other), index=survey.index)


def _on_five_point_scale(survey: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows on the 1–5 scale; the questions on another scale are left out, with a warning naming them."""
    other = other_scales(survey)
    if not other.any():
        return survey
    questions = ", ".join(f"« {q} »" for q in dict.fromkeys(survey.loc[other, "question"].astype(str)))
    warnings.warn(label("survey.other_scales", lang, value=questions), UserWarning, stacklevel=3)
    return survey[~other]


def empty_rows(summary: pd.DataFrame) -> pd.DataFrame:
    """The question (× site) rows without a single answer."""
    return summary[summary["n_answers"] == 0]


#: The five answer labels of the scale, by language.
_LIKERT_SCALES = {"fr": LIKERT_SCALE_FR, "en": LIKERT_SCALE_EN}


def scale_labels(lang: str = "fr") -> dict[int, str]:
    """The five answer labels of the scale."""
    return dict(_LIKERT_SCALES[check_lang(lang)])


def format_summary(summary: pd.DataFrame, *, site_names: dict[str, str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """The summary with translated headers, shares in % and « – » where there is no answer."""
    check_lang(lang)
    scale = scale_labels(lang)
    data = pd.DataFrame({label("survey.question", lang): summary["question"]})
    if "site" in summary.columns:
        data[label("common.site", lang)] = summary["site"].map(lambda s: (site_names or {}).get(s, s))
    data[label("survey.n_answers", lang)] = summary["n_answers"]
    data[label("survey.n_missing", lang)] = summary["n_missing"]
    for level in SCALE:
        data[f"{level} – {scale[level]}"] = summary[level]
    data[label("survey.share_agree", lang)] = summary["share_agree"].map(
        lambda v: "–" if pd.isna(v) else format_percent(v, 0, lang))
    data[label("survey.median", lang)] = summary["median"].map(lambda v: "–" if pd.isna(v) else format_number(v, 1, lang))
    data[label("survey.reading", lang)] = [plain_reading(row, lang) for row in summary.to_dict("records")]
    return data


def plain_reading(row, lang: str = "fr") -> str:
    """What the answers to one question (on one site) say, in plain words.

    Read from the shares of agreement (answers 4–5) and disagreement (1–2) among the answers.

    >>> plain_reading({"n_answers": 10, 1: 0, 2: 1, 3: 1, 4: 4, 5: 4})
    'large accord'
    >>> plain_reading({"n_answers": 10, 1: 3, 2: 3, 3: 1, 4: 2, 5: 1}), plain_reading({"n_answers": 0})
    ('majorité en désaccord', 'pas de réponse')
    """
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, str(k), d))
    n = get("n_answers", 0) or 0
    if not n or pd.isna(n):
        return label("survey.reading.none", lang)
    agree = (get(4, 0) + get(5, 0)) / n
    disagree = (get(1, 0) + get(2, 0)) / n
    if agree >= 2 / 3:
        key = "strong_agree"
    elif disagree >= 2 / 3:
        key = "strong_disagree"
    elif agree > 0.5:
        key = "agree"
    elif disagree > 0.5:
        key = "disagree"
    else:
        key = "split"
    return label(f"survey.reading.{key}", lang)


def _row_label(row, site_names: dict[str, str] | None, width: int = 38) -> str:
    text = "\n".join(textwrap.wrap(str(row["question"]), width)) or "?"
    if "site" in row.index:
        text += f"\n({(site_names or {}).get(row['site'], row['site'])})"
    return text


def _grouped_rows(questions: pd.Series) -> tuple[np.ndarray, list[tuple[float, str]]]:
    """Row positions with a heading row above each question's sites: (positions, [(heading position, question)])."""
    positions, headers, y, previous = [], [], -1.0, object()
    for question in questions:
        if question != previous:
            y += 2.0
            headers.append((y - 1.0, str(question)))
            previous = question
        else:
            y += 1
        positions.append(y)
    return np.array(positions), headers


@print_chart
def plot_likert(summary: pd.DataFrame, *, site_names: dict[str, str] | None = None, lang: str = "fr",
                ax: Axes | None = None) -> Axes:
    """Diverging stacked bars, one per row of :func:`likert_summary`, centred on the neutral answer.

    Disagreement extends to the left, agreement to the right, the neutral answer straddles
    0. Each row is a share of that row's answers; a row without answers says so.

    >>> summary = likert_summary(pd.DataFrame({"site": ["a", "a"], "question": ["Q", "Q"],
    ...                                        "answer": pd.array([1, 5], dtype="Int64")}))
    >>> fig, ax = plt.subplots()
    >>> [round(float(p.get_x()), 2) for p in plot_likert(summary, ax=ax).patches if p.get_width() > 0]
    [-0.5, 0.0]
    """
    own = ax is None  # in its own figure: the legend under the chart, the question once above its sites
    grouped = own and "site" in summary.columns and summary["site"].nunique() > 1
    if grouped:
        rows = [str((site_names or {}).get(s, s)) for s in summary["site"]]
        y, headers = _grouped_rows(summary["question"])
    else:
        rows = [_row_label(r, site_names) for _, r in summary.iterrows()]
        y, headers = np.arange(len(summary), dtype=float), []
    if grouped:  # every unit of y as tall as one line of text, plus the title, axis and legend
        height = (float(y.max()) + 1) * 0.2 + 2.2
    else:
        lines = sum(r.count("\n") + 1 for r in rows)
        height = 2.2 + 0.135 * lines + 0.06 * len(rows)
    ax = open_axes(ax, "survey.title", lang=lang, height=min(max(2.6, height), 9.6))
    if summary.empty:
        return no_data_panel(ax, lang)
    counts = summary[list(SCALE)].to_numpy(dtype=float)
    totals = summary["n_answers"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(totals[:, None] > 0, counts / totals[:, None], 0.0)
    left = -(shares[:, 0] + shares[:, 1] + shares[:, 2] / 2)
    scale = scale_labels(lang)
    percents, priorities = [], []
    for i, level in enumerate(SCALE):
        ax.barh(y, shares[:, i], left=left, color=COLOURS[i], edgecolor="white", linewidth=0.5,
                label=f"{level} – {scale[level]}")
        for row in np.flatnonzero(shares[:, i] >= 0.08):
            percents.append(ax.text(left[row] + shares[row, i] / 2, y[row], format_percent(shares[row, i], 0, lang),
                                    ha="center", va="center", fontsize=MIN_FONT_PT,
                                    color="white" if level in (1, 5) else "0.15"))
            priorities.append(shares[row, i])
        left = left + shares[:, i]
    for row in np.flatnonzero(totals == 0):
        ax.text(0, y[row], label("survey.no_answer", lang), ha="center", va="center", fontsize=MIN_FONT_PT,
                style="italic", color="0.4")
    for position, question in headers:
        ax.text(0.01, position, wrap(question, 90), transform=blended_transform_factory(ax.figure.transFigure,
                                                                                          ax.transData),
                ha="left", va="center", fontsize=MIN_FONT_PT, fontweight="bold")
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_yticks(y, rows, fontsize=MIN_FONT_PT)
    ax.set_ylim(float(y.max()) + 0.5 if len(y) else 0.5, -0.5)
    ax.set_xlim(-1, 1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_percent(abs(v), 0, lang)))
    ax.set_xlabel(label("survey.axis", lang))
    if own:
        handles, _ = ax.get_legend_handles_labels()
        ax.figure.legend(handles, [h.get_label() for h in handles], loc="outside lower center", ncols=3,
                         frameon=False, title=label("survey.answer", lang))
    else:
        legend_outside(ax, title=label("survey.answer", lang), width=26)
    thin_texts(ax, percents, priorities)  # a share too narrow for its number stays unlabelled
    return ax


# --- reliability of the scales (Cronbach's alpha) and agreement by respondent role -----------------------

#: Cronbach's α readings: ≥ 0.8 consistent, ≥ 0.7 acceptable, below: the items do not measure one thing.
CRONBACH_GOOD, CRONBACH_FAIR = 0.8, 0.7
#: Fewer complete respondents than this and the reading says so.
CRONBACH_FEW = 10


def declared_scales(settings: dict | None) -> dict[str, list[str]]:
    """The scales of programme.yaml (``survey: scales: {name: [question, …]}``), in order.

    >>> declared_scales({"survey": {"scales": {"Lieux de vie": ["Q1", "Q2"]}}})
    {'Lieux de vie': ['Q1', 'Q2']}
    >>> declared_scales({})
    {}
    """
    raw = ((settings or {}).get("survey") or {}).get("scales") or {}
    if not isinstance(raw, dict):
        return {}
    return {str(name): [str(q) for q in (items or [])] for name, items in raw.items() if isinstance(items, list)}


def check_scales(settings: dict | None, survey: pd.DataFrame) -> list[tuple[str, str]]:
    """(scale, question) of every declared question that the survey does not ask (compared without case or accents)."""
    asked = {normalise_key(q) for q in survey["question"].dropna()}
    return [(name, q) for name, items in declared_scales(settings).items() for q in items if normalise_key(q) not in asked]


def cronbach_alpha(items: pd.DataFrame) -> float:
    """Cronbach's α of a respondents × items table (complete rows only): k/(k−1) · (1 − Σ var_i / var_total).

    >>> round(cronbach_alpha(pd.DataFrame({"q1": [1, 2, 3, 4, 5], "q2": [2, 2, 3, 5, 5], "q3": [1, 3, 3, 4, 4]})), 4)
    0.9538
    """
    data = items.dropna().astype(float)
    k = data.shape[1]
    if k < 2 or len(data) < 2:
        return float("nan")
    total = data.sum(axis=1).var(ddof=1)
    if total == 0:
        return float("nan")
    return float(k / (k - 1) * (1 - data.var(ddof=1).sum() / total))


def cronbach_interval(alpha: float, n: int, k: int, level: float = 0.95) -> tuple[float, float]:
    """Feldt's (1965) confidence interval of α: (1 − α)/(1 − α̂) follows F(n − 1, (n − 1)(k − 1)).

    >>> low, high = cronbach_interval(0.8, 50, 4)
    >>> round(low, 3), round(high, 3)
    (0.691, 0.877)
    """
    from scipy.stats import f

    if n < 2 or k < 2 or alpha is None or np.isnan(alpha):
        return float("nan"), float("nan")
    df1, df2 = n - 1, (n - 1) * (k - 1)
    tail = (1 - level) / 2
    return float(1 - (1 - alpha) * f.ppf(1 - tail, df1, df2)), float(1 - (1 - alpha) * f.ppf(tail, df1, df2))


def scale_reliability(survey: pd.DataFrame, scales: dict[str, list[str]], *, by_site: bool = True) -> pd.DataFrame:
    """Cronbach's α per scale (and site), with Feldt's 95 % interval, over the respondents who answered every item.

    Parameters
    ----------
    survey : DataFrame
        ``prog.survey`` (respondent, site, question, answer).
    scales : dict
        Scale name → its questions (:func:`declared_scales` of ``prog.config.settings``).

    Returns
    -------
    DataFrame
        ``scale``, ``site`` (``"*"`` for all sites), ``n_items``, ``n_respondents`` (complete),
        ``alpha``, ``ci_low``, ``ci_high``.
    """
    rows = []
    data = survey.dropna(subset=["respondent", "question"])
    keys = {normalise_key(q): q for q in data["question"].unique()}
    for name, questions in scales.items():
        wanted = [keys[normalise_key(q)] for q in questions if normalise_key(q) in keys]
        part = data[data["question"].isin(wanted)]
        wide = part.pivot_table(index=["site", "respondent"], columns="question", values="answer", aggfunc="first")
        wide = wide.reindex(columns=wanted).astype(float)
        groups = [(site, wide.xs(site, level="site")) for site in dict.fromkeys(part["site"])] if by_site else []
        groups.append(("*", wide))
        for site, table in groups:
            complete = table.dropna()
            alpha = cronbach_alpha(complete)
            low, high = cronbach_interval(alpha, len(complete), len(wanted))
            rows.append({"scale": name, "site": site, "n_items": len(wanted), "n_respondents": len(complete),
                         "alpha": alpha, "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows, columns=["scale", "site", "n_items", "n_respondents", "alpha", "ci_low", "ci_high"])


def cronbach_reading_key(alpha: float, n: int) -> str:
    """``good``, ``fair``, ``poor`` or ``few``.

    >>> cronbach_reading_key(0.85, 40), cronbach_reading_key(0.72, 40), cronbach_reading_key(0.5, 40)
    ('good', 'fair', 'poor')
    """
    if n < CRONBACH_FEW or alpha is None or np.isnan(alpha):
        return "few"
    return "good" if alpha >= CRONBACH_GOOD else "fair" if alpha >= CRONBACH_FAIR else "poor"


def format_reliability(table: pd.DataFrame, *, site_names: dict[str, str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """The scales' reliability for a report: French headers, site names, α with its interval, a reading."""
    check_lang(lang)

    def number(value) -> str:
        return "–" if value is None or pd.isna(value) else format_number(value, 2, lang)

    return pd.DataFrame({
        label("rigour.scale", lang): table["scale"].tolist(),
        label("common.site", lang): [label("common.all_sites", lang) if s == "*" else (site_names or {}).get(s, s)
                                     for s in table["site"]],
        label("rigour.n_items", lang): [int(n) for n in table["n_items"]],
        label("rigour.n_respondents", lang): [int(n) for n in table["n_respondents"]],
        label("rigour.cronbach", lang): [number(a) for a in table["alpha"]],
        label("rigour.interval", lang): ["–" if pd.isna(lo) else f"{number(lo)} – {number(hi)}"
                                         for lo, hi in zip(table["ci_low"], table["ci_high"])],
        label("rigour.reading", lang): [label(f"rigour.cronbach.{cronbach_reading_key(a, n)}", lang)
                                        for a, n in zip(table["alpha"], table["n_respondents"])],
    })


def reliability_sentence(table: pd.DataFrame, *, site_names: dict[str, str] | None = None, lang: str = "fr") -> str:
    """One sentence: each scale's α over all sites, and the scales (or sites) to review.

    >>> table = pd.DataFrame({"scale": ["Vie", "Ouverture"], "site": ["*", "*"], "n_items": [4, 3],
    ...                       "n_respondents": [120, 118], "alpha": [0.82, 0.41], "ci_low": [0.77, 0.2],
    ...                       "ci_high": [0.86, 0.56]})
    >>> reliability_sentence(table)
    'Cohérence des échelles du questionnaire (α de Cronbach) : Vie 0,82, Ouverture 0,41. À revoir : Ouverture.'
    """
    check_lang(lang)
    overall = table[table["site"] == "*"]
    if overall.empty:
        return label("rigour.no_scale", lang)
    parts = ", ".join(f"{r.scale} {format_number(r.alpha, 2, lang) if not pd.isna(r.alpha) else '–'}"
                      for r in overall.itertuples())
    text = label("rigour.cronbach_sentence", lang, parts=parts)
    weak = []
    for scale, rows in table.groupby("scale", sort=False):
        poor = [r.site for r in rows.itertuples() if cronbach_reading_key(r.alpha, r.n_respondents) == "poor"]
        if "*" in poor:
            weak.append(scale)
        elif poor:
            weak.append(f"{scale} ({', '.join((site_names or {}).get(s, s) for s in poor)})")
    if weak:
        text += " " + label("rigour.cronbach_weak", lang, items=", ".join(dict.fromkeys(weak)))
    return text


#: A gap of agreement between two roles from which the reading says the roles diverge.
ROLE_GAP = 0.3


def agreement_by_role(survey: pd.DataFrame, *, questions: list[str] | None = None, min_answers: int = 5) -> pd.DataFrame:
    """Per question, the share agreeing (4–5) in each respondent role, and the gap between the extreme roles.

    Roles with fewer than ``min_answers`` answers to the question are left out of the gap.

    Returns
    -------
    DataFrame
        ``question``, ``role``, ``n_answers``, ``share_agree``, ``gap`` (same for every row of the question).

    >>> survey = pd.DataFrame({"question": ["Q"] * 10, "role": ["élève"] * 5 + ["parent"] * 5,
    ...                        "answer": [5, 4, 4, 2, 1, 2, 2, 1, 4, 3]})
    >>> agreement_by_role(survey)[["role", "share_agree", "gap"]].values.tolist()
    [['parent', 0.2, 0.4], ['élève', 0.6, 0.4]]
    """
    data = survey.dropna(subset=["question", "role"])
    data = data.assign(answer=pd.to_numeric(data["answer"], errors="coerce")).dropna(subset=["answer"])
    if "scale_max" in data.columns:
        data = data[~other_scales(data)]
    if questions is not None:
        data = data[data["question"].isin(questions)]
    rows = []
    for question, part in data.groupby("question", sort=False):
        for role, answers in part.groupby("role", sort=True):
            rows.append({"question": question, "role": role, "n_answers": len(answers),
                         "share_agree": float((answers["answer"] >= 4).mean())})
    result = pd.DataFrame(rows, columns=["question", "role", "n_answers", "share_agree"])
    counted = result[result["n_answers"] >= min_answers]
    gaps = counted.groupby("question")["share_agree"].agg(lambda s: s.max() - s.min())
    result["gap"] = result["question"].map(gaps)
    result["share_agree"] = result["share_agree"].round(4)
    result["gap"] = result["gap"].round(4)
    return result


def format_by_role(table: pd.DataFrame, *, lang: str = "fr") -> pd.DataFrame:
    """Agreement by role for a report: one row per question, one column per role (% agreeing), the gap, a reading."""
    check_lang(lang)
    wide = table.pivot_table(index="question", columns="role", values="share_agree", aggfunc="first", sort=False)
    data = pd.DataFrame({label("survey.question", lang): wide.index.tolist()})
    for role in wide.columns:
        data[str(role)] = ["–" if pd.isna(v) else format_percent(v, 0, lang) for v in wide[role]]
    gaps = table.drop_duplicates("question").set_index("question")["gap"].reindex(wide.index)
    data[label("rigour.gap", lang)] = ["–" if pd.isna(v) else format_percent(v, 0, lang) for v in gaps]
    data[label("rigour.reading", lang)] = [label("rigour.role_gap" if not pd.isna(v) and v >= ROLE_GAP else
                                                 "rigour.role_close", lang) for v in gaps]
    return data
