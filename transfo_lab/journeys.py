"""User journey maps: steps in order, the emotion curve of each site, pain points and opportunities.

A journey (« Arrivée d'un élève interne ») is a numbered sequence of steps, each with what
the user does, the emotion felt from -2 (very negative) to +2 (very positive), and possibly
a pain point and an opportunity. The same journey followed on several sites gives one
emotion curve per site on the same chart. Numbering problems — a step without a number, a
number skipped or entered twice — are listed by :func:`journey_problems` and shown on the
chart (a skipped step breaks the curve and is marked), never silently bridged.

Examples
--------
>>> steps = pd.DataFrame({"journey": ["J"] * 3, "site": ["a"] * 3, "step": pd.array([2, 1, 4], dtype="Int64"),
...                       "stage": ["Accueil", "Arrivée", "Repas"], "emotion": pd.array([-1, 0, 2], dtype="Int64")})
>>> journey_steps(steps)["stage"].tolist()
['Arrivée', 'Accueil', 'Repas']
>>> journey_problems(steps)["problem"].tolist()
['parcours « J » (a) : étape(s) 3 manquante(s) (étapes présentes : 1, 2, 4)']
"""
from __future__ import annotations

import textwrap
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from transfo_lab.exceptions import DataWarning, ParameterError
from transfo_lab.labels import check_lang, label

PAIN_COLOUR, OPPORTUNITY_COLOUR = "#c0392b", "#1e8449"


def _filled(series: pd.Series) -> pd.Series:
    text = series.astype(object)
    return text.notna() & (text.astype(str).str.strip() != "")


def journey_names(journeys: pd.DataFrame) -> list[str]:
    """The journeys, in order of first appearance."""
    return list(dict.fromkeys(journeys["journey"].dropna().astype(str)))


def journey_problems(journeys: pd.DataFrame, *, lang: str = "fr") -> pd.DataFrame:
    """Numbering problems: steps without a number, numbers skipped, numbers entered twice.

    Returns
    -------
    DataFrame
        ``row`` (spreadsheet row, for a step without a number), ``journey``, ``site``, ``problem``.
    """
    check_lang(lang)
    rows = []
    no_step = journeys[journeys["step"].isna()]
    for row, item in no_step.iterrows():
        rows.append((row, item["journey"], item["site"],
                     label("journeys.no_step", lang, stage=item.get("stage"), journey=item["journey"], site=item["site"])))
    numbered = journeys.dropna(subset=["step"])
    for (journey, site), part in numbered.groupby(["journey", "site"], sort=False):
        steps = part["step"].astype(int)
        for step, n in steps.value_counts().sort_index().items():
            if n > 1:
                rows.append((None, journey, site, label("journeys.duplicate", lang, journey=journey, site=site, step=step, n=n)))
        present = sorted(set(steps))
        missing = sorted(set(range(1, present[-1] + 1)) - set(present))
        if missing:
            rows.append((None, journey, site, label("journeys.gap", lang, journey=journey, site=site,
                                                      missing=", ".join(map(str, missing)),
                                                      present=", ".join(map(str, present)))))
    return pd.DataFrame(rows, columns=["row", "journey", "site", "problem"])


def journey_steps(journeys: pd.DataFrame, *, journey: str | None = None, site: str | None = None,
                  lang: str = "fr") -> pd.DataFrame:
    """The steps in order (journey, site, step number), with ``has_pain`` / ``has_opportunity`` flags.

    Steps without a number cannot be placed: they are left out with a
    :class:`~transfo_lab.exceptions.DataWarning` naming them (see :func:`journey_problems`).
    """
    check_lang(lang)
    data = journeys
    if journey is not None:
        data = data[data["journey"] == journey]
    if site is not None:
        data = data[data["site"] == site]
    unnumbered = data[data["step"].isna()]
    for _, item in unnumbered.iterrows():
        warnings.warn(label("journeys.no_step", lang, stage=item.get("stage"), journey=item["journey"], site=item["site"]),
                      DataWarning, stacklevel=2)
    data = data.dropna(subset=["step"]).assign(_order=lambda d: np.arange(len(d)))
    journey_order = {j: i for i, j in enumerate(journey_names(data))}
    data = data.assign(_journey=data["journey"].map(journey_order))
    data = data.sort_values(["_journey", "site", "step", "_order"], kind="stable").drop(columns=["_journey", "_order"])
    data["has_pain"] = _filled(data["pain_point"]) if "pain_point" in data else False
    data["has_opportunity"] = _filled(data["opportunity"]) if "opportunity" in data else False
    return data


def emotion_curves(journeys: pd.DataFrame, journey: str, *, sites: list[str] | None = None) -> pd.DataFrame:
    """steps × sites: the emotion at each step (NaN where a site lacks a step; duplicates averaged).

    >>> steps = pd.DataFrame({"journey": ["J"] * 3, "site": ["a", "a", "b"], "step": pd.array([1, 3, 1], dtype="Int64"),
    ...                       "stage": ["x", "z", "x"], "emotion": pd.array([0, 2, -1], dtype="Int64")})
    >>> emotion_curves(steps, "J").values.tolist()
    [[0.0, -1.0], [nan, nan], [2.0, nan]]
    """
    data = journeys[(journeys["journey"] == journey)].dropna(subset=["step"])
    columns = list(sites) if sites is not None else list(dict.fromkeys(data["site"].astype(str)))
    if data.empty:
        return pd.DataFrame(columns=pd.Index(columns, name="site"), index=pd.Index([], name="step"), dtype=float)
    curves = data.assign(emotion=data["emotion"].astype(float)).pivot_table(
        index="step", columns="site", values="emotion", aggfunc="mean")
    steps = range(1, int(data["step"].max()) + 1)
    curves = curves.reindex(index=steps, columns=columns)
    curves.index = pd.Index(list(steps), name="step")
    return curves.astype(float)


def stage_names(journeys: pd.DataFrame, journey: str) -> dict[int, str]:
    """Step number → stage name, from the first site that has the step."""
    data = journey_steps(journeys[journeys["step"].notna()], journey=journey)
    return {int(s): str(n) for s, n in data.drop_duplicates("step")[["step", "stage"]].itertuples(index=False)}


def format_journey(steps: pd.DataFrame, *, lang: str = "fr") -> pd.DataFrame:
    """The steps of one journey and site as a readable table."""
    check_lang(lang)
    columns = {"step": "journeys.step", "stage": "journeys.stage", "action": "journeys.action",
               "emotion": "journeys.emotion", "pain_point": "journeys.pain_point",
               "opportunity": "journeys.opportunity"}
    data = steps[[c for c in columns if c in steps.columns]]
    data = data.astype(object).where(data.notna(), "")
    return data.rename(columns={c: label(k, lang) for c, k in columns.items()}).reset_index(drop=True)


def plot_journey(journeys: pd.DataFrame, *, journey: str, sites: list[str] | None = None,
                 site_names: dict[str, str] | None = None, annotate: bool = True, lang: str = "fr",
                 ax: Axes | None = None) -> Axes:
    """The emotion curve of a journey, one line per site; pain points (▼) and opportunities (▲) marked.

    A step number skipped by a site breaks that site's curve and is labelled « étape n
    manquante »; a step without a number is left out with a warning.

    Examples
    --------
    >>> steps = pd.DataFrame({"journey": ["J"] * 3, "site": ["a"] * 3, "step": pd.array([1, 2, 4], dtype="Int64"),
    ...                       "stage": ["Arrivée", "Accueil", "Repas"], "emotion": pd.array([0, -2, 1], dtype="Int64"),
    ...                       "pain_point": [None, "Personne", None], "opportunity": [None, None, None]})
    >>> fig, ax = plt.subplots()
    >>> ax = plot_journey(steps, journey="J", ax=ax)
    >>> ax.lines[0].get_ydata().tolist()
    [0.0, -2.0, nan, 1.0]
    >>> [t.get_text() for t in ax.texts]
    ['Personne', 'étape 3 manquante']
    """
    check_lang(lang)
    ax = plt.gca() if ax is None else ax
    ax.set_title(label("journeys.title", lang, journey=journey))
    if journey not in journey_names(journeys):
        known = ", ".join(journey_names(journeys)) or "—"
        if journeys.empty:
            from transfo_lab.display import no_data_panel as _no_data

            return _no_data(ax, lang)
        raise ParameterError(f"`journey` is expected to be one of ({known}). Got {journey!r} instead.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)  # reported once by journey_problems / journey_steps
        steps = journey_steps(journeys, journey=journey)
    curves = emotion_curves(journeys, journey, sites=sites)
    curves = curves.loc[:, curves.notna().any()] if sites is None else curves
    if curves.empty or curves.isna().all().all():
        from transfo_lab.display import no_data_panel as _no_data

        return _no_data(ax, lang)
    x = curves.index.to_numpy()
    colours = plt.get_cmap("tab10")
    n_sites = len(curves.columns)
    notes: dict[tuple, float] = {}  # (step, kind, text) → y: the same note on several sites is written once
    for i, site in enumerate(curves.columns):
        shift = 0.06 * (i - (n_sites - 1) / 2)  # sites side by side, so that equal curves stay visible
        ax.plot(x + shift, curves[site].to_numpy(), marker="o", color=colours(i % 10), linewidth=2,
                label=(site_names or {}).get(site, site))
        part = steps[steps["site"] == site].drop_duplicates("step")
        for item in part.itertuples():
            y = float(item.emotion) if pd.notna(item.emotion) else 0.0
            if item.has_pain:
                ax.scatter([item.step + shift], [y - 0.22], marker="v", color=PAIN_COLOUR, zorder=4)
                key = (item.step, "pain", str(item.pain_point))
                notes[key] = min(notes.get(key, y), y)
            if item.has_opportunity:
                ax.scatter([item.step + shift], [y + 0.22], marker="^", color=OPPORTUNITY_COLOUR, zorder=4)
                key = (item.step, "opportunity", str(item.opportunity))
                notes[key] = max(notes.get(key, y), y)
    for (step, kind, text), y in notes.items() if annotate else ():
        pain = kind == "pain"
        ax.annotate(_short(text), (step, y - 0.32 if pain else y + 0.32), ha="center", va="top" if pain else "bottom",
                    fontsize=7, color=PAIN_COLOUR if pain else OPPORTUNITY_COLOUR)
    for step in curves.index[curves.isna().all(axis=1)]:
        ax.text(step, 0, label("journeys.missing_marker", lang, step=step), ha="center", va="center", rotation=90,
                fontsize=8, color="0.45", style="italic")
    names = stage_names(journeys, journey)
    ax.set_xticks(x, ["\n".join(textwrap.wrap(f"{s}. {names.get(s, '?')}", 14)) for s in x], fontsize=7)
    scale = label("journeys.emotion_scale", lang).split("|")
    ax.set_yticks(range(-2, 3), [f"{v:+d} {t}" if v else f"0 {t}" for v, t in zip(range(-2, 3), scale)], fontsize=8)
    ax.set_ylim(-2.9, 2.9)
    ax.axhline(0, color="0.7", linewidth=0.8)
    ax.set_xlabel(label("journeys.step", lang))
    ax.set_ylabel(label("journeys.emotion", lang))
    handles, _ = ax.get_legend_handles_labels()
    handles += [Line2D([], [], marker="v", color=PAIN_COLOUR, linestyle="none", label=label("journeys.pain_point", lang)),
                Line2D([], [], marker="^", color=OPPORTUNITY_COLOUR, linestyle="none",
                       label=label("journeys.opportunity", lang))]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    return ax


def _short(text, width: int = 22) -> str:
    return "\n".join(textwrap.wrap(str(text), width)[:3])
