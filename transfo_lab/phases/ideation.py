"""Ideation: the ideas bank, dot voting, the impact / effort matrix, scenarios, tensions and the cahier.

The ideas bank (``ideas`` table) links each idea to its themes (codebook tags), to the site
and the session it came from, to an impact and an effort (1–5), to the deployment tensions
it raises (logistique, financement, évolution des métiers…) and to prospective scenarios.
Dot votes (``votes`` table) are counted per idea and per group of voters, each voter's dot
budget is checked, and ties are kept explicit. The retained proposals make the *cahier de
propositions*, exported as Markdown (for the blog) and as a sheet of an Excel workbook.

Examples
--------
>>> ideas = pd.DataFrame({"id": ["A", "B"], "title": ["Cantine", "Portail"], "impact": [4, 2], "effort": [1, 5]})
>>> impact_effort(ideas)["quadrant"].tolist()
['quick_win', 'to_drop']
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Literal

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch

from transfo_lab.base.cells import append_row
from transfo_lab.base.limits import check_archive
from transfo_lab.base.exceptions import DataError, ParameterError
from transfo_lab.contract.io import atomic_write, save_workbook
from transfo_lab.base.text import escape_markdown as _md  # the one Markdown escaping rule
from transfo_lab.base.labels import check_lang, format_number, label, tag_label
from transfo_lab.contract.schemas import TENSIONS, VOTER_GROUPS, get_table
from transfo_lab.base.problems import ERROR, Problem
from transfo_lab.base.plotting import (MIN_FONT_PT, legend_outside, no_data_panel, open_axes, place_labels, print_chart,
                                  rows_height, wrap)

#: Quadrants of the impact / effort matrix, in reading order.
QUADRANTS = ("quick_win", "big_bet", "fill_in", "to_drop")
_QUADRANT_COLOURS = {"quick_win": "#2a9d8f", "big_bet": "#e9c46a", "fill_in": "#8ab6d6", "to_drop": "#e76f51"}


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, (list, tuple, str)) and pd.isna(value)) else str(value)


def _as_list(value) -> list:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [] if _text(value) == "" else [value]


def dot_budget(settings: dict | None) -> int | None:
    """The dots each participant may place, from programme.yaml (``voting: dots_per_participant``).

    >>> dot_budget({"voting": {"dots_per_participant": 3}})
    3
    >>> dot_budget({}) is None
    True
    """
    value = ((settings or {}).get("voting") or {}).get("dots_per_participant")
    return None if value is None else _check_budget(value, "fr")


def _check_budget(value, lang: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer, float)) or value < 1 or value != int(value):
        raise ParameterError(label("ideation.bad_budget", lang, value=value))
    return int(value)


# --- dot voting -------------------------------------------------------------------------------------

def check_dot_budget(votes: pd.DataFrame, dots_per_participant: int, *, file: str | Path | None = None,
                     errors: Literal["raise", "report"] = "raise", lang: str = "fr") -> list[Problem]:
    """Check that no participant placed more dots than the budget (per session when sessions are given).

    The error is located at the spreadsheet row where the voter's running total first goes
    over the budget (the frame's index is the row number), in the « Gommettes » column.

    Parameters
    ----------
    votes : DataFrame
        The ``votes`` table (voter, group, idea, dots, session).
    dots_per_participant : int
        How many dots each participant has (``voting: dots_per_participant`` of programme.yaml).
    file : str or Path, optional
        The votes file, named in the message (``prog.sources["votes"]``).
    errors : {"raise", "report"}
        Raise a :class:`~transfo_lab.base.exceptions.DataError` for the first voter over budget,
        or return every problem.
    lang : {"fr", "en"}

    Returns
    -------
    list of Problem
        One :class:`~transfo_lab.base.problems.Problem` per voter over budget (rule
        ``ideation.over_budget``), located by file, row and column, the value being the
        dots placed; empty when every voter kept to the budget.

    Raises
    ------
    DataError
        With ``errors="raise"``, if a voter placed too many dots.

    Examples
    --------
    >>> votes = pd.DataFrame({"voter": ["Anne", "Anne", "Paul"], "idea": ["A", "B", "A"], "dots": [2, 2, 1]},
    ...                      index=pd.Index([2, 3, 4], name="row"))
    >>> check_dot_budget(votes, 3, file="votes.csv")
    Traceback (most recent call last):
    ...
    transfo_lab.base.exceptions.DataError: votes.csv, ligne 3, colonne « Gommettes » : Anne a posé 4 gommettes pour un budget de 3 par participant
    >>> check_dot_budget(votes, 4)
    []
    >>> [(p.rule, p.row, p.value) for p in check_dot_budget(votes, 3, errors="report")]
    [('ideation.over_budget', 3, 4)]
    """
    check_lang(lang)
    budget = _check_budget(dots_per_participant, lang)
    if errors not in ("raise", "report"):
        raise ParameterError(f"`errors` is expected to be one of ('raise', 'report'). Got {errors!r} instead.")
    column = get_table("votes").column("dots").header(lang)
    problems = []
    data = votes.dropna(subset=["voter"]).sort_index()
    session = data["session"].astype(object) if "session" in data.columns else pd.Series(None, index=data.index)
    keys = pd.DataFrame({"voter": data["voter"].astype(str), "session": session.map(_text)}, index=data.index)
    dots = pd.to_numeric(data["dots"], errors="coerce").fillna(0)
    for (voter, sess), rows in keys.groupby(["voter", "session"], sort=False).groups.items():
        running = dots.loc[rows].cumsum()
        if running.iloc[-1] <= budget:
            continue
        row = running.index[running > budget][0]
        where = label("ideation.in_session", lang, session=sess) if sess else ""
        used = int(running.iloc[-1])
        message = label("ideation.over_budget", lang, voter=voter, used=used, session=where, budget=budget)
        problems.append(Problem(ERROR, "ideation.over_budget", message, file=file, table="votes", row=row,
                                column=column, value=used))
    problems = sorted(problems, key=lambda p: p.row)
    if errors == "raise" and problems:
        first = problems[0]
        raise DataError(first.message, file=first.file, row=first.row, column=column, value=first.value)
    return problems


def voter_groups(votes: pd.DataFrame) -> list[str]:
    """The groups that voted, in the canonical order (agents, usagers, élus, partenaires…)."""
    present = set(votes["group"].dropna().astype(str)) if "group" in votes.columns else set()
    return [g for g in VOTER_GROUPS if g in present] + sorted(present - set(VOTER_GROUPS))


def tally_votes(votes: pd.DataFrame, ideas: pd.DataFrame, *, dots_per_participant: int | None = None,
                by_group: bool = False, file: str | Path | None = None, lang: str = "fr") -> pd.DataFrame:
    """Count the dots of each idea, rank the ideas and flag ties.

    Every idea of the bank is listed, with 0 dots if nobody voted for it. Ideas with the
    same number of dots share the same rank (the smallest, as in sport: 1, 2, 2, 4) and are
    flagged ``tie``; they keep the bank's order.

    Parameters
    ----------
    votes : DataFrame
        The ``votes`` table.
    ideas : DataFrame
        The ``ideas`` table (id, title…).
    dots_per_participant : int, optional
        If given, every voter's budget is checked first (:func:`check_dot_budget`).
    by_group : bool, default False
        ``False``: one row per idea — ``idea``, ``title``, one column of dots per group that
        voted, ``dots`` (total), ``voters``, ``rank``, ``tie``. ``True``: one row per group and
        idea voted for in that group — ``group``, ``idea``, ``title``, ``dots``, ``voters``,
        ``rank`` and ``tie`` within the group.
    file : str or Path, optional
        The votes file, for the message of a budget error.

    Raises
    ------
    DataError
        If ``dots_per_participant`` is given and a voter placed too many dots.

    Examples
    --------
    >>> ideas = pd.DataFrame({"id": ["A", "B", "C"], "title": ["Cantine", "Portail", "Foyer"]})
    >>> votes = pd.DataFrame({"voter": ["Anne", "Paul", "Léa"], "group": ["agents", "usagers", "usagers"],
    ...                       "idea": ["B", "A", "C"], "dots": [2, 2, 1]})
    >>> tally_votes(votes, ideas)[["idea", "agents", "usagers", "dots", "rank", "tie"]]
      idea  agents  usagers  dots  rank    tie
    0    A       0        2     2     1   True
    1    B       2        0     2     1   True
    2    C       0        1     1     3  False
    """
    check_lang(lang)
    if dots_per_participant is not None:
        check_dot_budget(votes, dots_per_participant, file=file, lang=lang)
    data = votes.dropna(subset=["idea"]).assign(idea=lambda d: d["idea"].astype(str),
                                                dots=lambda d: pd.to_numeric(d["dots"], errors="coerce").fillna(0))
    bank = ideas[["id", "title"]].dropna(subset=["id"]).rename(columns={"id": "idea"}).astype({"idea": str})
    extra = [i for i in dict.fromkeys(data["idea"]) if i not in set(bank["idea"])]
    bank = pd.concat([bank, pd.DataFrame({"idea": extra, "title": extra})], ignore_index=True)
    if by_group:
        return _tally_by_group(data, bank)
    result = bank.reset_index(drop=True)
    for group in voter_groups(data):
        counts = data[data["group"].astype(object) == group].groupby("idea")["dots"].sum()
        result[group] = result["idea"].map(counts).fillna(0).astype(int)
    result["dots"] = result["idea"].map(data.groupby("idea")["dots"].sum()).fillna(0).astype(int)
    result["voters"] = result["idea"].map(data.groupby("idea")["voter"].nunique()).fillna(0).astype(int)
    return _rank(result)


def _rank(table: pd.DataFrame) -> pd.DataFrame:
    table = table.copy()
    table["rank"] = table["dots"].rank(method="min", ascending=False).astype(int)
    table["tie"] = table["dots"].duplicated(keep=False)
    return table.sort_values("rank", kind="stable").reset_index(drop=True)


def _tally_by_group(data: pd.DataFrame, bank: pd.DataFrame) -> pd.DataFrame:
    titles = bank.set_index("idea")["title"]
    frames = []
    for group in voter_groups(data):
        part = data[data["group"].astype(object) == group]
        table = part.groupby("idea", sort=False).agg(dots=("dots", "sum"), voters=("voter", "nunique")).reset_index()
        table["dots"] = table["dots"].astype(int)
        table.insert(0, "group", group)
        table.insert(2, "title", table["idea"].map(titles))
        table = table.set_index("idea").loc[[i for i in bank["idea"] if i in set(table["idea"])]].reset_index()
        frames.append(_rank(table)[["group", "idea", "title", "dots", "voters", "rank", "tie"]])
    columns = ["group", "idea", "title", "dots", "voters", "rank", "tie"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def format_tally(tally: pd.DataFrame, *, lang: str = "fr") -> pd.DataFrame:
    """The tally with headers in ``lang`` and ties written out (« 2 ex æquo »)."""
    check_lang(lang)
    data = tally.copy()
    data["rank"] = [f"{r} ({label('ideation.tie_mark', lang)})" if t else str(r)
                    for r, t in zip(data["rank"], data["tie"])]
    data = data.drop(columns=["tie"])
    if "group" in data.columns:
        data["group"] = data["group"].map(lambda g: _group_label(g, lang))
    names = {"idea": "ideation.idea", "title": "ideation.title", "dots": "ideation.dots", "voters": "ideation.voters",
             "rank": "ideation.rank", "group": "ideation.group"}
    renames = {c: label(names[c], lang) for c in data.columns if c in names}
    renames.update({g: _group_label(g, lang) for g in data.columns if g in VOTER_GROUPS})
    return data.rename(columns=renames)


def _group_label(group: str, lang: str) -> str:
    return label(f"ideation.group.{group}", lang) if group in VOTER_GROUPS else str(group)


def _bar_names(names: list[str], width: int = 48) -> list[str]:
    return [wrap(n, width) for n in names]


def _row_height(names: list[str], single: float) -> float:
    """Height of a bar row, in inches: ``single`` when every name holds on one line, else room for the tallest."""
    lines = max((n.count("\n") + 1 for n in names), default=1)
    return single if lines == 1 else 0.14 * lines + 0.06


@print_chart
def plot_votes(tally: pd.DataFrame, *, top: int | None = None, lang: str = "fr", ax: Axes | None = None) -> Axes:
    """Horizontal bars of dots per idea, stacked by group of voters, most voted on top; ties marked.

    Parameters
    ----------
    tally : DataFrame
        The result of :func:`tally_votes` (one row per idea).
    top : int, optional
        Show only the ideas ranked ``top`` or better (ties included).

    Examples
    --------
    >>> tally = pd.DataFrame({"idea": ["A", "B"], "title": ["Cantine", "Portail"], "agents": [2, 1],
    ...                       "dots": [2, 1], "voters": [1, 1], "rank": [1, 2], "tie": [False, False]})
    >>> [t.get_text() for t in plot_votes(tally).get_yticklabels()]
    ['Cantine', 'Portail']
    >>> plt.close("all")
    """
    data = tally if top is None else tally[tally["rank"] <= top]
    names = _bar_names([t if _text(t) else i for t, i in zip(data["title"], data["idea"])])
    ax = open_axes(ax, "ideation.votes_title", lang=lang,
                   height=rows_height(len(data), per_row=_row_height(names, 0.2), maximum=9.5))
    if data.empty or not data["dots"].sum():
        return no_data_panel(ax, lang)
    groups = [g for g in VOTER_GROUPS if g in data.columns] or ["dots"]
    y = np.arange(len(data))
    left = np.zeros(len(data))
    colours = plt.get_cmap("tab10")
    for i, group in enumerate(groups):
        values = data[group].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=colours(i), label=_group_label(group, lang) if group != "dots" else None)
        left += values
    ax.set_yticks(y, names)
    ax.set_ylim(len(data) - 0.5, -0.5)
    for yi, total, tie in zip(y, data["dots"], data["tie"]):
        text = f"{total}" + (f" ({label('ideation.tie_mark', lang)})" if tie else "")
        ax.text(total, yi, " " + text, va="center", fontsize=MIN_FONT_PT)
    ax.set_xlabel(label("ideation.dots", lang))
    ax.set_xlim(0, max(data["dots"].max() * 1.35, 1))
    ax.xaxis.get_major_locator().set_params(integer=True)
    if groups != ["dots"]:
        legend_outside(ax, title=label("ideation.group", lang))
    return ax


# --- impact / effort -------------------------------------------------------------------------------

def quadrant(impact: float, effort: float, *, threshold: float = 3) -> str | None:
    """The quadrant of an idea: a score ≥ ``threshold`` (3 on the 1–5 scale) counts as high.

    >>> quadrant(4, 2), quadrant(4, 4), quadrant(2, 1), quadrant(1, 5), quadrant(3, 3)
    ('quick_win', 'big_bet', 'fill_in', 'to_drop', 'big_bet')
    """
    if pd.isna(impact) or pd.isna(effort):
        return None
    high_impact, high_effort = impact >= threshold, effort >= threshold
    if high_impact:
        return "big_bet" if high_effort else "quick_win"
    return "to_drop" if high_effort else "fill_in"


def impact_effort(ideas: pd.DataFrame, *, threshold: float = 3) -> pd.DataFrame:
    """The ideas with their quadrant (``quick_win``, ``big_bet``, ``fill_in``, ``to_drop``; NA without impact or effort)."""
    data = ideas[["id", "title", "impact", "effort"]].copy()
    data["quadrant"] = [quadrant(i, e, threshold=threshold) for i, e in zip(data["impact"], data["effort"])]
    return data.reset_index(drop=True)


def format_impact_effort(ideas: pd.DataFrame, *, tally: pd.DataFrame | None = None, threshold: float = 3,
                         lang: str = "fr") -> pd.DataFrame:
    """The ideas with their impact, effort, dots and quadrant named as on the chart, most dots first.

    >>> ideas = pd.DataFrame({"id": ["A", "B"], "title": ["Cantine", "Portail"], "impact": [4, 2], "effort": [2, None]})
    >>> tally = pd.DataFrame({"idea": ["A", "B"], "dots": [1, 3]})
    >>> format_impact_effort(ideas, tally=tally).to_dict("records")[1]
    {'Idée': 'A', 'Titre': 'Cantine', 'Impact': 4, 'Effort': 2.0, 'Gommettes': 1, 'Quadrant': 'Gains rapides'}
    """
    check_lang(lang)
    data = impact_effort(ideas, threshold=threshold)
    dots = tally.set_index("idea")["dots"] if tally is not None and len(tally) else pd.Series(dtype=int)
    data["dots"] = data["id"].map(dots).fillna(0).astype(int)
    data["quadrant"] = [label(f"ideation.quadrant.{q}", lang) if isinstance(q, str) else None for q in data["quadrant"]]
    data = data[["id", "title", "impact", "effort", "dots", "quadrant"]]
    data = data.sort_values("dots", ascending=False, kind="stable").reset_index(drop=True)
    names = {"id": "ideation.idea", "title": "ideation.title", "dots": "ideation.dots", "quadrant": "ideation.quadrant"}
    return data.rename(columns={c: label(k, lang) for c, k in names.items()} | {"impact": label("ideation.impact", lang),
                                                                               "effort": label("ideation.effort", lang)})


@print_chart
def plot_impact_effort(ideas: pd.DataFrame, *, tally: pd.DataFrame | None = None, threshold: float = 3,
                       max_label: int = 18, lang: str = "fr", ax: Axes | None = None) -> Axes:
    """Scatter of the ideas by effort (x) and impact (y), with the four quadrants labelled.

    Ideas that share the same (effort, impact) are spread on a small circle around it;
    their titles (wrapped at ``max_label`` characters) are placed by adjustText so that they
    overlap neither each other, nor the points, nor the quadrant names, with a thin leader
    line to their point; where the matrix is too crowded for a title, the idea's id is
    written instead. The quadrant boundary lies halfway below ``threshold`` (2.5 for the
    default 3), so that a score of 3 counts as high. Point size grows with the dots of ``tally``.

    Examples
    --------
    >>> ideas = pd.DataFrame({"id": ["A", "B"], "title": ["Cantine", "Portail"], "impact": [4, 4], "effort": [2, 2]})
    >>> ax = plot_impact_effort(ideas)
    >>> sorted(t.get_text() for t in ax.texts)[:3]
    ['Cantine', 'Compléments', 'Gains rapides']
    >>> plt.close("all")
    """
    ax = open_axes(ax, "ideation.matrix_title", lang=lang, height=5.6)
    data = impact_effort(ideas, threshold=threshold).dropna(subset=["quadrant"])
    if data.empty:
        return no_data_panel(ax, lang)
    cut = threshold - 0.5
    ax.set_xlim(0.4, 5.6)
    ax.set_ylim(0.4, 5.6)
    corners = {"quick_win": (0.4, 5.6, "left", "top"), "big_bet": (5.6, 5.6, "right", "top"),
               "fill_in": (0.4, 0.4, "left", "bottom"), "to_drop": (5.6, 0.4, "right", "bottom")}
    quadrant_names = []
    for name, (x, y, ha, va) in corners.items():
        x0, x1 = (0.4, cut) if ha == "left" else (cut, 5.6)
        y0, y1 = (cut, 5.6) if va == "top" else (0.4, cut)
        ax.add_patch(plt.Rectangle((x0, y0), x1 - x0, y1 - y0, color=_QUADRANT_COLOURS[name], alpha=0.08, lw=0))
        quadrant_names.append(ax.text(x + (0.06 if ha == "left" else -0.06), y + (-0.06 if va == "top" else 0.06),
                                      label(f"ideation.quadrant.{name}", lang), ha=ha, va=va, fontsize=10,
                                      fontweight="bold", color=_QUADRANT_COLOURS[name], alpha=0.9))
    ax.axvline(cut, color="0.6", lw=0.8)
    ax.axhline(cut, color="0.6", lw=0.8)
    dots = {} if tally is None else dict(zip(tally["idea"], tally["dots"]))
    xs, ys = _spread(data["effort"].astype(float).to_numpy(), data["impact"].astype(float).to_numpy())
    sizes = [30 + 20 * float(dots.get(i, 0)) for i in data["id"]]
    ax.scatter(xs, ys, s=sizes, c=[_QUADRANT_COLOURS[q] for q in data["quadrant"]], edgecolor="0.2", lw=0.6, zorder=3)
    names = [wrap(t if _text(t) else i, max_label) for t, i in zip(data["title"], data["id"])]
    ax.set_xlabel(label("ideation.effort_axis", lang))
    ax.set_ylabel(label("ideation.impact_axis", lang))
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    _label_points(ax, names, [str(i) for i in data["id"]], xs, ys, quadrant_names)
    return ax


def _spread(xs: np.ndarray, ys: np.ndarray, radius: float = 0.22) -> tuple[np.ndarray, np.ndarray]:
    """Spread points sharing the same coordinates on a small circle around them."""
    xs, ys = xs.copy(), ys.copy()
    groups: dict[tuple[float, float], list[int]] = {}
    for i, key in enumerate(zip(xs, ys)):
        groups.setdefault(key, []).append(i)
    for (x, y), members in groups.items():
        if len(members) < 2:
            continue
        for k, i in enumerate(members):
            angle = 2 * math.pi * k / len(members) + math.pi / 4
            xs[i], ys[i] = x + radius * math.cos(angle), y + radius * math.sin(angle)
    return xs, ys


def _label_points(ax: Axes, names: list[str], short: list[str], xs, ys, fixed: list) -> list:
    """One label per point, placed by adjustText; labels still colliding fall back to their ``short`` form."""
    texts = [ax.text(x, y, name, fontsize=MIN_FONT_PT, ha="center", va="center", zorder=4,
                     bbox={"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none", "alpha": 0.6})
             for name, x, y in zip(names, xs, ys)]
    place = {"points": (xs, ys), "objects": fixed, "arrows": False, "iterations": 100, "target_x": xs, "target_y": ys}
    place_labels(ax, texts, **place)
    for _ in range(5):  # the labels still colliding are written as their ids, then all are nudged again
        crowded = [i for i in _colliding(ax, texts + list(fixed)) if i < len(texts)]
        if not crowded:
            break
        for i in crowded:
            texts[i].set_text(short[i])
        place_labels(ax, texts, **place)
    for text, x, y in zip(texts, xs, ys):
        ax.add_patch(FancyArrowPatch(text.get_position(), (x, y), patchA=text, arrowstyle="-", color="0.5", lw=0.5,
                                     shrinkA=0, shrinkB=3, zorder=3))
    return texts


def _colliding(ax: Axes, texts: list) -> list[int]:
    """Indexes of the texts whose boxes overlap another one's, or stick out of the Axes."""
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    frame = ax.get_window_extent(renderer)
    bad = set()
    for i, box in enumerate(boxes):
        if box.x0 < frame.x0 - 1 or box.x1 > frame.x1 + 1 or box.y0 < frame.y0 - 1 or box.y1 > frame.y1 + 1:
            bad.add(i)
        for j in range(i + 1, len(boxes)):
            if box.overlaps(boxes[j]):
                bad |= {i, j}
    return sorted(bad)


# --- themes, scenarios, tensions ---------------------------------------------------------------------

def ideas_by_theme(ideas: pd.DataFrame, *, lang: str = "fr") -> pd.DataFrame:
    """One row per theme (codebook tag) with its number of ideas and their titles, most ideas first.

    An idea with several tags counts once in each theme; an idea without tag falls under
    « (sans thème) ».

    >>> ideas = pd.DataFrame({"id": ["A", "B"], "title": ["Cantine", "Foyer"], "tags": [["repas", "accueil"], ["accueil"]]})
    >>> ideas_by_theme(ideas)[["theme", "ideas"]].values.tolist()
    [['accueil', 2], ['repas', 1]]
    """
    check_lang(lang)
    rows = [(theme, i, t) for i, t, tags in zip(ideas["id"], ideas["title"], ideas["tags"])
            for theme in (_as_list(tags) or [label("ideation.no_theme", lang)])]
    data = pd.DataFrame(rows, columns=["theme", "idea", "title"])
    if data.empty:
        return pd.DataFrame(columns=["theme", "ideas", "titles"])
    table = data.groupby("theme", sort=False).agg(ideas=("idea", "nunique"), titles=("title", lambda s: " ; ".join(map(_text, s))))
    return table.reset_index().sort_values(["ideas", "theme"], ascending=[False, True], kind="stable").reset_index(drop=True)


def format_themes(themes: pd.DataFrame, *, lang: str = "fr") -> pd.DataFrame:
    """The ideas per theme (:func:`ideas_by_theme`) with headers in ``lang``: Thème, Idées, Titres."""
    check_lang(lang)
    themes = themes.assign(theme=themes["theme"].map(tag_label))
    return themes.rename(columns={"theme": label("ideation.theme", lang), "ideas": label("ideation.n_ideas", lang),
                                  "titles": label("ideation.titles", lang)})


@print_chart
def plot_ideas_by_theme(themes: pd.DataFrame, *, lang: str = "fr", ax: Axes | None = None) -> Axes:
    """Horizontal bars: number of ideas per theme (the result of :func:`ideas_by_theme`)."""
    names = _bar_names([str(t) for t in themes["theme"]]) if not themes.empty else []
    ax = open_axes(ax, "ideation.themes_title", lang=lang,
                   height=rows_height(len(themes), per_row=_row_height(names, 0.24)))
    if themes.empty:
        return no_data_panel(ax, lang)
    y = np.arange(len(themes))
    ax.barh(y, themes["ideas"], color="#2a9d8f")
    ax.set_yticks(y, names)
    ax.set_ylim(len(themes) - 0.5, -0.5)
    ax.set_xlabel(label("ideation.n_ideas", lang))
    ax.xaxis.get_major_locator().set_params(integer=True)
    return ax


def compare_scenarios(ideas: pd.DataFrame, *, tally: pd.DataFrame | None = None, lang: str = "fr") -> pd.DataFrame:
    """The prospective scenarios side by side: one column per scenario, one row per feature.

    Rows: the ideas of the scenario, their number, their themes, mean impact, mean effort,
    total dots (if ``tally`` is given) and the tensions they raise, counted.

    >>> ideas = pd.DataFrame({"id": ["A", "B"], "title": ["Cantine", "Foyer"], "tags": [["repas"], []],
    ...                       "impact": [4, 2], "effort": [2, 4], "tensions": [["financement"], []],
    ...                       "scenarios": [["Ouvert"], ["Ouvert", "Sobre"]]})
    >>> compare_scenarios(ideas).loc["Impact moyen"].tolist()
    ['3,0', '2,0']
    """
    check_lang(lang)
    names = list(dict.fromkeys(s for scenarios in ideas["scenarios"] for s in _as_list(scenarios)))
    rows = {key: [] for key in ("ideas", "n_ideas", "themes", "impact_mean", "effort_mean", "dots", "tensions")}
    dots = {} if tally is None else dict(zip(tally["idea"], tally["dots"]))
    for name in names:
        part = ideas[ideas["scenarios"].map(lambda s, name=name: name in _as_list(s))]
        rows["ideas"].append(" ; ".join(_text(t) for t in part["title"]))
        rows["n_ideas"].append(len(part))
        rows["themes"].append(", ".join(dict.fromkeys(tag_label(t) for tags in part["tags"] for t in _as_list(tags))))
        for key, column in (("impact_mean", "impact"), ("effort_mean", "effort")):
            values = pd.to_numeric(part[column], errors="coerce").dropna()
            rows[key].append(format_number(values.mean(), 1, lang) if len(values) else "—")
        rows["dots"].append(int(sum(dots.get(i, 0) for i in part["id"])))
        rows["tensions"].append(_count_text(part["tensions"], lang))
    keys = ["ideas", "n_ideas", "themes", "impact_mean", "effort_mean", "tensions"] + (["dots"] if tally is not None else [])
    table = pd.DataFrame({name: [rows[k][n] for k in keys] for n, name in enumerate(names)},
                         index=[label(f"ideation.{k}", lang) for k in keys], dtype=object)
    table.columns.name = label("ideation.scenario", lang)
    return table


def _count_text(tensions: pd.Series, lang: str) -> str:
    counts = pd.Series([t for ts in tensions for t in _as_list(ts)]).value_counts()
    counts = counts.reindex([t for t in TENSIONS if t in counts.index] + [t for t in counts.index if t not in TENSIONS])
    return ", ".join(f"{_tension_label(t, lang)} ({n})" for t, n in counts.items()) or label("ideation.none", lang)


def _tension_label(tension: str, lang: str) -> str:
    return label(f"ideation.tension.{tension}", lang) if tension in TENSIONS else str(tension)


def tension_counts(ideas: pd.DataFrame) -> pd.DataFrame:
    """The deployment tensions of each proposal: one 0/1 column per kind of tension and their total.

    Proposals raising the most tensions come first.

    >>> ideas = pd.DataFrame({"id": ["A", "B"], "title": ["Cantine", "Foyer"],
    ...                       "tensions": [["financement"], ["logistique", "metiers"]]})
    >>> tension_counts(ideas)[["idea", "logistique", "financement", "metiers", "total"]].values.tolist()
    [['B', 1, 0, 1, 2], ['A', 0, 1, 0, 1]]
    """
    data = pd.DataFrame({"idea": ideas["id"].to_numpy(), "title": ideas["title"].to_numpy()})
    lists = [_as_list(t) for t in ideas["tensions"]]
    for tension in TENSIONS:
        data[tension] = [int(tension in ts) for ts in lists]
    data["total"] = data[list(TENSIONS)].sum(axis=1)
    return data.sort_values("total", ascending=False, kind="stable").reset_index(drop=True)


def format_tensions(counts: pd.DataFrame, *, lang: str = "fr") -> pd.DataFrame:
    """The table of :func:`tension_counts` with headers in ``lang`` and only the kinds of tension present."""
    check_lang(lang)
    kinds = [t for t in TENSIONS if counts[t].sum()]
    data = counts[["idea", "title", *kinds, "total"]]
    names = {"idea": label("ideation.idea", lang), "title": label("ideation.title", lang),
             "total": label("ideation.n_tensions", lang)} | {t: _tension_label(t, lang) for t in kinds}
    return data.rename(columns=names)


@print_chart
def plot_tensions(counts: pd.DataFrame, *, lang: str = "fr", ax: Axes | None = None) -> Axes:
    """Horizontal bars: one per proposal, one segment per kind of tension it raises."""
    data = counts[counts["total"] > 0]
    names = _bar_names([t if _text(t) else i for t, i in zip(data["title"], data["idea"])])
    ax = open_axes(ax, "ideation.tensions_title", lang=lang,
                   height=rows_height(len(data), per_row=_row_height(names, 0.2), extra=1.6, maximum=9.5))
    if data.empty:
        return no_data_panel(ax, lang)
    y = np.arange(len(data))
    left = np.zeros(len(data))
    colours = plt.get_cmap("Set2")
    for i, tension in enumerate(TENSIONS):
        values = data[tension].to_numpy(dtype=float)
        if values.sum():
            ax.barh(y, values, left=left, color=colours(i), label=_tension_label(tension, lang))
            left += values
    ax.set_yticks(y, names)
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlabel(label("ideation.n_tensions", lang))
    ax.xaxis.get_major_locator().set_params(integer=True)
    legend_outside(ax, title=label("ideation.tensions", lang), width=20)
    return ax


# --- the cahier de propositions ----------------------------------------------------------------------

CAHIER_COLUMNS = ["idea", "title", "description", "themes", "site", "dots", "rank", "impact", "effort", "quadrant",
                  "tensions", "tested_on", "results"]


def cahier_de_propositions(ideas: pd.DataFrame, *, votes: pd.DataFrame | None = None,
                           prototypes: pd.DataFrame | None = None, tests: pd.DataFrame | None = None,
                           statuses: tuple[str, ...] = ("retenue",), lang: str = "fr") -> pd.DataFrame:
    """The retained proposals with their theme, votes, impact/effort, tensions and test sites.

    Proposals are the ideas whose status is in ``statuses`` (« retenue » by default); when
    no idea has such a status yet, every idea not « écartée » is kept. They are ranked by
    dots (ties keep the bank's order).

    Returns
    -------
    DataFrame
        Columns ``idea``, ``title``, ``description``, ``themes``, ``site`` (of origin),
        ``dots``, ``rank``, ``impact``, ``effort``, ``quadrant`` (in ``lang``), ``tensions``
        (in ``lang``, comma-separated), ``tested_on`` (site ids of the tests of its
        prototypes, else the sites declared for them) and ``results`` (latest result per site).

    Examples
    --------
    >>> ideas = pd.DataFrame({"id": ["A", "B"], "title": ["Cantine", "Foyer"], "description": [None, None],
    ...                       "tags": [["repas"], []], "site": [None, "s1"], "impact": [4, 2], "effort": [2, 4],
    ...                       "tensions": [["financement"], []], "status": ["retenue", "ecartee"]})
    >>> cahier_de_propositions(ideas)[["idea", "quadrant", "tensions"]].values.tolist()
    [['A', 'Gains rapides', 'Financement']]
    """
    check_lang(lang)
    status = ideas["status"].astype(object) if "status" in ideas.columns else pd.Series(None, index=ideas.index)
    keep = status.isin(statuses)
    if not keep.any():
        keep = status.ne("ecartee") | status.isna()
    chosen = ideas[keep]
    votes = votes if votes is not None else pd.DataFrame(columns=["voter", "group", "idea", "dots"])
    tally = tally_votes(votes, chosen, lang=lang).set_index("idea")
    tested = _tested_on(chosen["id"], prototypes, tests, lang)
    rows = []
    for idea in chosen.itertuples(index=False):
        rank_quadrant = quadrant(idea.impact, idea.effort)
        rows.append({
            "idea": idea.id, "title": idea.title, "description": _text(getattr(idea, "description", None)),
            "themes": ", ".join(map(str, _as_list(getattr(idea, "tags", None)))), "site": _text(getattr(idea, "site", None)),
            "dots": int(tally.at[idea.id, "dots"]), "rank": int(tally.at[idea.id, "rank"]),
            "impact": idea.impact, "effort": idea.effort,
            "quadrant": label(f"ideation.quadrant.{rank_quadrant}", lang) if rank_quadrant else "",
            "tensions": ", ".join(_tension_label(t, lang) for t in _as_list(getattr(idea, "tensions", None))),
            "tested_on": ", ".join(tested[idea.id][0]), "results": tested[idea.id][1],
        })
    table = pd.DataFrame(rows, columns=CAHIER_COLUMNS)
    return table.sort_values("rank", kind="stable").reset_index(drop=True)


def _tested_on(ids, prototypes, tests, lang) -> dict[str, tuple[list[str], str]]:
    result = {i: ([], "") for i in ids}
    if prototypes is None or prototypes.empty:
        return result
    for idea in result:
        protos = prototypes[prototypes["idea"].astype(object) == idea]
        sites: list[str] = []
        results = []
        if tests is not None and not tests.empty:
            runs = tests[tests["prototype"].isin(protos["id"])].sort_values(["date", "iteration"], kind="stable")
            sites = list(dict.fromkeys(runs["site"].dropna().astype(str)))
            for site, part in runs.dropna(subset=["result"]).groupby("site", sort=False):
                results.append(f"{site}{label('common.colon', lang)} "
                               f"{label('prototypes.result.' + str(part['result'].iloc[-1]), lang)}")
        if not sites:
            sites = list(dict.fromkeys(s for ss in protos["sites"] for s in _as_list(ss)))
        result[idea] = (sites, ", ".join(results))
    return result


def format_cahier(cahier: pd.DataFrame, *, lang: str = "fr") -> pd.DataFrame:
    """The cahier with headers in ``lang``."""
    check_lang(lang)
    return cahier.rename(columns=_cahier_headers(lang))


def _cahier_headers(lang: str) -> dict[str, str]:
    keys = {"idea": "idea", "title": "title", "description": "description", "themes": "themes", "site": "origin_site",
            "dots": "dots", "rank": "rank", "impact": "impact", "effort": "effort", "quadrant": "quadrant",
            "tensions": "tensions", "tested_on": "tested_on", "results": "results"}
    return {c: label(f"ideation.{k}", lang) for c, k in keys.items()}


def cahier_markdown(cahier: pd.DataFrame, *, title: str | None = None, site_names: dict[str, str] | None = None,
                    lang: str = "fr") -> str:
    """The cahier de propositions as Markdown: one section per proposal.

    >>> cahier = pd.DataFrame([{"idea": "A", "title": "Cantine", "description": "", "themes": "repas", "site": "",
    ...                         "dots": 3, "rank": 1, "impact": 4, "effort": 2, "quadrant": "Gains rapides",
    ...                         "tensions": "", "tested_on": "", "results": ""}])
    >>> print(cahier_markdown(cahier).splitlines()[4])
    ## 1. Cantine
    """
    check_lang(lang)
    names = site_names or {}
    headers = _cahier_headers(lang)
    none = label("ideation.none", lang)
    colon = label("common.colon", lang)
    lines = [f"# {title or label('ideation.cahier_title', lang)}", "", label("ideation.cahier_intro", lang, n=len(cahier)), ""]
    for position, row in enumerate(cahier.itertuples(index=False), start=1):
        lines += [f"## {position}. {_md(row.title)}", ""]
        if row.description:
            lines += [_md(row.description), ""]
        sites = ", ".join(_md(names.get(s.strip(), s.strip())) for s in row.tested_on.split(",")) if row.tested_on else \
            label("ideation.not_tested", lang)
        impact = "—" if pd.isna(row.impact) else int(row.impact)
        effort = "—" if pd.isna(row.effort) else int(row.effort)
        rank = f"{row.rank}" + (f" ({label('ideation.tie_mark', lang)})" if (cahier["rank"] == row.rank).sum() > 1 else "")
        # data (themes, site names) is escaped; the kit's own words (ranks, labels) are written as they are
        themes = ", ".join(tag_label(t) for t in row.themes.split(", ")) if row.themes else ""
        for key, value in (("themes", _md(themes) or none), ("dots", f"{row.dots} — {headers['rank'].lower()} {rank}"),
                           ("impact", f"{impact} / 5 — {headers['effort'].lower()} {effort} / 5"
                                      + (f" ({row.quadrant})" if row.quadrant else "")),
                           ("tensions", row.tensions or none), ("tested_on", sites),
                           ("results", _md(_named_results(row.results, names, lang)))):
            if value:
                lines.append(f"- **{headers[key]}**{colon} {value}")
        lines.append("")
    return "\n".join(lines)


def _named_results(results, names: dict[str, str], lang: str = "fr") -> str:
    """« lycee-rural : Validée, … » with site names instead of site ids."""
    if not isinstance(results, str) or not results or not names:
        return results

    def name(part: str) -> str:
        site, sep, rest = part.partition(label("common.colon", lang) + " ")
        return f"{names.get(site.strip(), site.strip())}{sep}{rest}" if sep else part
    return ", ".join(name(p) for p in results.split(", "))


def write_cahier_markdown(cahier: pd.DataFrame, path: Path | str, *, title: str | None = None,
                          site_names: dict[str, str] | None = None, lang: str = "fr") -> Path:
    """Write the cahier de propositions as a Markdown file (atomically) and return its path."""
    return atomic_write(path, cahier_markdown(cahier, title=title, site_names=site_names, lang=lang))


def write_cahier_excel(cahier: pd.DataFrame, path: Path | str, *, sheet: str | None = None, lang: str = "fr") -> Path:
    """Write the cahier as one sheet of an Excel workbook (atomically) and return its path.

    If the workbook exists, its other sheets are kept and the cahier's sheet is replaced.
    """
    import openpyxl
    from openpyxl.styles import Alignment, Font

    check_lang(lang)
    path = Path(path)
    sheet = sheet or label("ideation.cahier_title", lang)
    if path.exists():
        check_archive(path, lang=lang)
    workbook = openpyxl.load_workbook(path) if path.exists() else openpyxl.Workbook()
    if not path.exists():
        workbook.remove(workbook.active)
    if sheet in workbook.sheetnames:
        index = workbook.sheetnames.index(sheet)
        workbook.remove(workbook[sheet])
        ws = workbook.create_sheet(sheet, index)
    else:
        ws = workbook.create_sheet(sheet)
    data = format_cahier(cahier, lang=lang)
    append_row(ws, list(data.columns))
    for row in data.itertuples(index=False):
        append_row(ws, [None if not isinstance(v, str) and pd.isna(v) else (int(v) if isinstance(v, np.integer) else v)
                   for v in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = {"description": 50, "title": 30, "tensions": 30, "results": 30}
    for position, column in enumerate(cahier.columns, start=1):
        letter = openpyxl.utils.get_column_letter(position)
        ws.column_dimensions[letter].width = widths.get(column, 14)
        for cell in ws[letter][1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"
    return save_workbook(workbook, path)
