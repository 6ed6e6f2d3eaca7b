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
>>> [(p.rule, p.value) for p in journey_problems(steps)]
[('journeys.gap', '3')]
>>> journey_problems(steps)[0].message
'parcours « J » (a) : étape(s) 3 manquante(s) (étapes présentes : 1, 2, 4)'
"""
from __future__ import annotations

import math
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from transfo_lab.base.exceptions import DataWarning, ParameterError
from transfo_lab.base.labels import check_lang, label
from transfo_lab.base.problems import WARNING, Problem
from transfo_lab.contract.schemas import get_table
from transfo_lab.base.plotting import (MIN_FONT_PT, legend_outside, no_data_panel, open_axes, place_labels, print_chart,
                                  stagger_ticks, wrap)

PAIN_COLOUR, OPPORTUNITY_COLOUR = "#c0392b", "#1e8449"


def _filled(series: pd.Series) -> pd.Series:
    text = series.astype(object)
    return text.notna() & (text.astype(str).str.strip() != "")


def journey_names(journeys: pd.DataFrame) -> list[str]:
    """The journeys, in order of first appearance."""
    return list(dict.fromkeys(journeys["journey"].dropna().astype(str)))


def journey_problems(journeys: pd.DataFrame, *, file: str | None = None, lang: str = "fr") -> list[Problem]:
    """Numbering problems: steps without a number, numbers entered twice, numbers skipped.

    ``file`` names the journeys file in the problems (``prog.source_name("journeys")``).

    Returns
    -------
    list of Problem
        Warnings of table ``journeys``: ``journeys.no_step`` (``row`` = the spreadsheet row of
        the step), ``journeys.duplicate`` (``row`` = the second step with that number,
        ``value`` the number) and ``journeys.gap`` (``value`` the missing numbers).
    """
    check_lang(lang)
    problems = []
    table, column = get_table("journeys"), "step"
    header = table.column(column).header(lang)

    def add(rule: str, row=None, value=None, **values) -> None:
        problems.append(Problem(WARNING, rule, label(rule, lang, **values), file=file, table="journeys", row=row,
                                column=header, value=value))

    no_step = journeys[journeys["step"].isna()]
    for row, item in no_step.iterrows():
        add("journeys.no_step", row, stage=item.get("stage"), journey=item["journey"], site=item["site"])
    numbered = journeys.dropna(subset=["step"])
    for (journey, site), part in numbered.groupby(["journey", "site"], sort=False):
        steps = part["step"].astype(int)
        for step, n in steps.value_counts().sort_index().items():
            if n > 1:
                add("journeys.duplicate", steps.index[steps == step][1], int(step), journey=journey, site=site,
                    step=step, n=n)
        present = sorted(set(steps))
        missing = sorted(set(range(1, present[-1] + 1)) - set(present))
        if missing:
            add("journeys.gap", None, ", ".join(map(str, missing)), journey=journey, site=site,
                missing=", ".join(map(str, missing)), present=", ".join(map(str, present)))
    return problems


def journey_steps(journeys: pd.DataFrame, *, journey: str | None = None, site: str | None = None,
                  lang: str = "fr") -> pd.DataFrame:
    """The steps in order (journey, site, step number), with ``has_pain`` / ``has_opportunity`` flags.

    Steps without a number cannot be placed: they are left out with a
    :class:`~transfo_lab.base.exceptions.DataWarning` naming them (see :func:`journey_problems`).
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


@print_chart
def plot_journey(journeys: pd.DataFrame, *, journey: str, sites: list[str] | None = None,
                 site_names: dict[str, str] | None = None, annotate: bool = True, lang: str = "fr",
                 ax: Axes | None = None) -> Axes:
    """The emotion curve of a journey, one line per site; pain points (▼) and opportunities (▲) marked.

    Each distinct pain point or opportunity gets a number next to its marker (placed by
    adjustText, clear of the other numbers and markers) and is written in full, wrapped, in
    a key under the chart. A step number skipped by a site breaks that site's curve and is
    labelled « étape n manquante »; a step without a number is left out with a warning.

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
    ['étape 3 manquante', '1', '▼ 1', 'Personne']
    """
    known = journey_names(journeys)
    notes = _journey_notes(journeys, journey, sites) if journey in known and annotate else []
    own = ax is None
    ax = open_axes(ax, "journeys.title", lang=lang, height=4.4 + 0.17 * _key_lines(notes), journey=journey)
    if journey not in known:
        if journeys.empty:
            return no_data_panel(ax, lang)
        raise ParameterError(f"`journey` is expected to be one of ({', '.join(known) or '—'}). Got {journey!r} instead.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)  # reported once by journey_problems / journey_steps
        steps = journey_steps(journeys, journey=journey)
    curves = emotion_curves(journeys, journey, sites=sites)
    curves = curves.loc[:, curves.notna().any()] if sites is None else curves
    if curves.empty or curves.isna().all().all():
        return no_data_panel(ax, lang)
    x = curves.index.to_numpy()
    colours = plt.get_cmap("tab10")
    n_sites = len(curves.columns)
    markers: list[tuple[float, float]] = []
    for i, site in enumerate(curves.columns):
        shift = 0.06 * (i - (n_sites - 1) / 2)  # sites side by side, so that equal curves stay visible
        ax.plot(x + shift, curves[site].to_numpy(), marker="o", color=colours(i % 10), linewidth=2,
                label=(site_names or {}).get(site, site))
        part = steps[steps["site"] == site].drop_duplicates("step")
        for item in part.itertuples():
            y = float(item.emotion) if pd.notna(item.emotion) else 0.0
            if item.has_pain:
                ax.scatter([item.step + shift], [y - 0.22], marker="v", color=PAIN_COLOUR, zorder=4)
                markers.append((item.step + shift, y - 0.22))
            if item.has_opportunity:
                ax.scatter([item.step + shift], [y + 0.22], marker="^", color=OPPORTUNITY_COLOUR, zorder=4)
                markers.append((item.step + shift, y + 0.22))
    for step in curves.index[curves.isna().all(axis=1)]:
        ax.text(step, 0, label("journeys.missing_marker", lang, step=step), ha="center", va="center", rotation=90,
                fontsize=MIN_FONT_PT, color="0.45", style="italic")
    names = stage_names(journeys, journey)
    width = max(8, int((75 if own else 60) / max(len(x), 1)))  # characters per line that fit under one step
    ax.set_xticks(x, [wrap(f"{s}. {names.get(s, '?')}", width) for s in x], fontsize=MIN_FONT_PT, linespacing=1.0)
    scale = label("journeys.emotion_scale", lang).split("|")
    ax.set_yticks(range(-2, 3), [f"{v:+d} {t}" if v else f"0 {t}" for v, t in zip(range(-2, 3), scale)],
                  fontsize=MIN_FONT_PT)
    ax.set_ylim(-2.9, 2.9)
    ax.set_xlim(x.min() - 0.5, x.max() + 0.5)
    ax.axhline(0, color="0.7", linewidth=0.8)
    ax.set_xlabel(label("journeys.step", lang))
    ax.set_ylabel(label("journeys.emotion", lang))
    handles, _ = ax.get_legend_handles_labels()
    handles += [Line2D([], [], marker="v", color=PAIN_COLOUR, linestyle="none", label=label("journeys.pain_point", lang)),
                Line2D([], [], marker="^", color=OPPORTUNITY_COLOUR, linestyle="none",
                       label=label("journeys.opportunity", lang))]
    if own:  # the whole width for the curve: the legend goes under the key of the notes
        ax.figure.legend(handles, [wrap(h.get_label(), 32) for h in handles], loc="outside lower center",
                         ncols=min(len(handles), 3), frameon=False)
    else:
        legend_outside(ax, handles, width=20)
    stagger_ticks(ax)
    if notes:
        _number_notes(ax, notes, markers)
        _note_key(ax, notes)
    return ax


def _journey_notes(journeys: pd.DataFrame, journey: str, sites: list[str] | None) -> list[dict]:
    """The distinct pain points and opportunities of a journey, by step (the same note on several sites once)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        steps = journey_steps(journeys, journey=journey)
    if sites is not None:
        steps = steps[steps["site"].isin(sites)]
    notes: dict[tuple, dict] = {}
    for item in steps.sort_values("step", kind="stable").itertuples():
        y = float(item.emotion) if pd.notna(item.emotion) else 0.0
        for kind, present, text in (("pain", item.has_pain, item.pain_point),
                                    ("opportunity", item.has_opportunity, item.opportunity)):
            if present:
                note = notes.setdefault((item.step, kind, str(text)), {"step": item.step, "kind": kind,
                                                                        "text": str(text), "y": y})
                note["y"] = min(note["y"], y) if kind == "pain" else max(note["y"], y)
    ordered = sorted(notes.values(), key=lambda n: (n["step"], n["kind"] != "pain"))
    for number, note in enumerate(ordered, start=1):
        note["number"] = number
    return ordered


_KEY_COLUMNS, _KEY_WIDTH = 2, 42


def _key_lines(notes: list[dict]) -> int:
    """Lines taken by the key of the notes (in its tallest column)."""
    lines = [wrap(n["text"], _KEY_WIDTH).count("\n") + 1 for n in notes]
    per_column = math.ceil(len(lines) / _KEY_COLUMNS) if lines else 0
    return max((sum(lines[c * per_column:(c + 1) * per_column]) for c in range(_KEY_COLUMNS)), default=0)


def _number_notes(ax: Axes, notes: list[dict], markers: list[tuple[float, float]]) -> None:
    """Write the notes' numbers by their markers — one label per step and kind, « 4–6 » — placed by adjustText."""
    groups: dict[tuple, list[dict]] = {}
    for note in notes:
        groups.setdefault((note["step"], note["kind"]), []).append(note)
    texts = []
    for (step, kind), group in groups.items():
        pain = kind == "pain"
        numbers = [n["number"] for n in group]
        text = str(numbers[0]) if len(numbers) == 1 else (
            f"{numbers[0]}, {numbers[1]}" if len(numbers) == 2 else f"{numbers[0]}–{numbers[-1]}")
        y = min(n["y"] for n in group) - 0.5 if pain else max(n["y"] for n in group) + 0.5
        texts.append(ax.text(step, y, text, ha="center", va="center", fontsize=MIN_FONT_PT, fontweight="bold",
                             color=PAIN_COLOUR if pain else OPPORTUNITY_COLOUR))
    xs, ys = zip(*markers) if markers else ((), ())
    place_labels(ax, texts, points=(xs, ys), arrows=False, iterations=200,
                 objects=[t for t in ax.texts if t not in texts])


def _note_key(ax: Axes, notes: list[dict]) -> None:
    """The notes in full under the chart, in columns: « ▼ 3 Trajet dangereux… », « ▲ 4 … »."""
    columns = max(_KEY_COLUMNS, int((ax.figure.get_figwidth() - 0.2) / 3.1))  # more columns in a wider figure
    per_column = math.ceil(len(notes) / columns)
    anchor = ("figure fraction", ax.xaxis.label)  # x from the figure's left edge, y from under the axis name
    column_width = 3.1 * 72  # points
    for column in range(columns):
        top = -6.0
        for note in notes[column * per_column:(column + 1) * per_column]:
            pain = note["kind"] == "pain"
            colour = PAIN_COLOUR if pain else OPPORTUNITY_COLOUR
            text = wrap(note["text"], _KEY_WIDTH)
            left = 4 + column * column_width
            ax.annotate(f"{'▼' if pain else '▲'} {note['number']}", (0, 0), xycoords=anchor,
                        xytext=(left, top), textcoords="offset points", ha="left", va="top", fontsize=MIN_FONT_PT,
                        fontweight="bold", color=colour, annotation_clip=False)
            ax.annotate(text, (0, 0), xycoords=anchor, xytext=(left + 24, top), textcoords="offset points",
                        ha="left", va="top", fontsize=MIN_FONT_PT, linespacing=1.1, annotation_clip=False)
            top -= 11.5 * (text.count("\n") + 1) + 1.5
