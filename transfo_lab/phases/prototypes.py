"""Prototype tracking: tests over time and across sites, the learning log, stale prototypes.

A prototype (maquette, prototype, simulation, test de service…) comes from an idea and is
tested on several sites, iteration after iteration. Each test (``tests`` table) has a
hypothesis, a date, a site, a number of testers, a result (validée / invalidée / mitigée)
and a learning. This module lays the tests on a timeline, gives the latest result of each
prototype on each site, lists the learnings in chronological order and flags prototypes
left without a test for too long.

Examples
--------
>>> tests = pd.DataFrame({"id": ["T1", "T2"], "prototype": ["P1", "P1"], "site": ["a", "a"],
...                       "date": pd.to_datetime(["2016-10-03", "2016-11-07"]), "iteration": [1, 2],
...                       "result": ["invalidee", "validee"]})
>>> latest_results(tests).loc["P1", "a"]
'validee'
"""
from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import ScaledTranslation

from transfo_lab.base.exceptions import ParameterError
from transfo_lab.base.labels import LABELS, check_lang, format_date, label
from transfo_lab.contract.schemas import TEST_RESULTS
from transfo_lab.base.plotting import (MIN_FONT_PT, lay_out, legend_outside, no_data_panel, open_axes, place_labels,
                                  print_chart, stagger_ticks, thin_texts, thin_ticks, wrap)

#: Marker and colour of each test result on the timeline and in the matrix.
RESULT_STYLES = {"validee": ("o", "#2a9d8f"), "invalidee": ("X", "#e76f51"), "mitigee": ("^", "#e9c46a")}


def _sorted_tests(tests: pd.DataFrame) -> pd.DataFrame:
    """Tests in chronological order (date, then iteration, then row)."""
    data = tests.assign(_row=np.arange(len(tests)))
    return data.sort_values(["date", "iteration", "_row"], kind="stable", na_position="first").drop(columns="_row")


def _names(prototypes: pd.DataFrame | None) -> dict[str, str]:
    if prototypes is None or prototypes.empty:
        return {}
    return {str(i): str(n) for i, n in zip(prototypes["id"], prototypes["name"]) if pd.notna(i)}


def _order(tests: pd.DataFrame, prototypes: pd.DataFrame | None) -> list[str]:
    """Prototype ids: those of the prototypes table first (its order), then any other tested one."""
    declared = [] if prototypes is None else [str(p) for p in prototypes["id"].dropna()]
    tested = [str(p) for p in tests["prototype"].dropna()]
    return list(dict.fromkeys(declared + tested))


def latest_results(tests: pd.DataFrame, prototypes: pd.DataFrame | None = None,
                   sites: list[str] | None = None) -> pd.DataFrame:
    """The prototypes × sites matrix of the latest test result (by date, then iteration).

    Cells without a test are NA. Rows: every prototype (declared or tested); columns: the
    given ``sites`` (e.g. ``prog.config.site_ids``), else the sites that have tests.

    >>> tests = pd.DataFrame({"prototype": ["P1", "P1", "P1"], "site": ["a", "b", "a"],
    ...                       "date": pd.to_datetime(["2016-10-03", "2016-10-04", "2016-10-03"]),
    ...                       "iteration": [1, 1, 2], "result": ["invalidee", "mitigee", "validee"]})
    >>> latest_results(tests, sites=["a", "b", "c"]).loc["P1"].tolist()
    ['validee', 'mitigee', nan]
    """
    data = _sorted_tests(tests.dropna(subset=["prototype", "site"]))
    columns = list(sites) if sites is not None else list(dict.fromkeys(data["site"].astype(str)))
    matrix = pd.DataFrame(np.nan, index=pd.Index(_order(data, prototypes), name="prototype"),
                          columns=pd.Index(columns, name="site"), dtype=object)
    for (proto, site), part in data.dropna(subset=["result"]).groupby(["prototype", "site"], sort=False):
        if site in matrix.columns:
            matrix.loc[str(proto), site] = str(part["result"].iloc[-1])
    return matrix


def format_results(matrix: pd.DataFrame, prototypes: pd.DataFrame | None = None,
                   site_names: dict[str, str] | None = None, *, lang: str = "fr") -> pd.DataFrame:
    """The latest-results matrix in words (« Validée », « non testé »), with prototype and site names."""
    check_lang(lang)
    names = _names(prototypes)
    data = matrix.map(lambda r: label(f"prototypes.result.{r}", lang) if isinstance(r, str)
                      else label("prototypes.not_tested", lang))
    data.index = [names.get(p, p) for p in matrix.index]
    data.index.name = label("prototypes.prototype", lang)
    data.columns = [(site_names or {}).get(s, s) for s in matrix.columns]
    return data


@print_chart
def plot_results_matrix(matrix: pd.DataFrame, prototypes: pd.DataFrame | None = None, *,
                        site_names: dict[str, str] | None = None, lang: str = "fr", ax: Axes | None = None) -> Axes:
    """Draw the prototypes × sites matrix: one coloured marker per latest result, a dot if not tested.

    Site names are wrapped under their column, prototype names beside their row.
    """
    names = _names(prototypes)
    rows = [wrap(names.get(p, p), 30) for p in matrix.index]
    lines = sum(r.count("\n") + 1 for r in rows)
    ax = open_axes(ax, "prototypes.matrix_title", lang=lang,
                   height=min(max(2.4, 1.9 + 0.15 * lines + 0.16 * len(rows)), 9.5))
    if matrix.empty or matrix.notna().sum().sum() == 0:
        return no_data_panel(ax, lang)
    for y, proto in enumerate(matrix.index):
        for x, site in enumerate(matrix.columns):
            result = matrix.loc[proto, site]
            if isinstance(result, str) and result in RESULT_STYLES:
                marker, colour = RESULT_STYLES[result]
                ax.scatter([x], [y], marker=marker, s=120, color=colour, edgecolor="0.2", zorder=3)
            else:
                ax.text(x, y, "·", ha="center", va="center", color="0.6")
    columns = [wrap((site_names or {}).get(s, s), max(10, int(42 / max(len(matrix.columns), 1)))) for s in matrix.columns]
    ax.set_xticks(range(len(matrix.columns)), columns)
    ax.set_yticks(range(len(matrix.index)), rows)
    ax.set_xlim(-0.5, len(matrix.columns) - 0.5)
    ax.set_ylim(len(matrix.index) - 0.5, -0.5)
    ax.tick_params(length=0)
    ax.grid(alpha=0.3)
    _result_legend(ax, lang)
    stagger_ticks(ax)
    return ax


def _result_legend(ax: Axes, lang: str, extra: list | None = None) -> None:
    handles = [Line2D([], [], marker=m, color=c, linestyle="none", markersize=8, markeredgecolor="0.2",
                      label=label(f"prototypes.result.{r}", lang)) for r, (m, c) in RESULT_STYLES.items()]
    legend_outside(ax, handles + (extra or []), title=label("prototypes.result", lang))


@print_chart
def plot_timeline(tests: pd.DataFrame, prototypes: pd.DataFrame | None = None, *, lang: str = "fr",
                  site_names: dict[str, str] | None = None, ax: Axes | None = None) -> Axes:
    """Swimlanes, one per prototype: each test is a marker (shape and colour = result) at its date.

    Each site has its own line inside the lane, joining its tests. « site · iteration » is
    written above each marker; when those labels would collide (many tests), the lines take
    one colour per site (in the legend) and only the iteration number is written, beside
    its marker — a number that still has no room is left out.

    Examples
    --------
    >>> tests = pd.DataFrame({"prototype": ["P1", "P2"], "site": ["a", "a"], "iteration": [1, 1],
    ...                       "date": pd.to_datetime(["2016-10-03", "2016-10-10"]), "result": ["validee", "mitigee"]})
    >>> [t.get_text() for t in plot_timeline(tests).get_yticklabels()]
    ['P1', 'P2']
    >>> plt.close("all")
    """
    data = _sorted_tests(tests.dropna(subset=["prototype", "date"]))
    order = _order(data, prototypes) if not data.empty else []
    names = _names(prototypes)
    rows = [wrap(names.get(p, p), 26) for p in order]
    sites = list(dict.fromkeys(data["site"].dropna().astype(str)))
    lane = max(0.34, 0.16 * len(sites) + 0.1, 0.15 * max((r.count("\n") + 1 for r in rows), default=1) + 0.08)
    ax = open_axes(ax, "prototypes.timeline_title", lang=lang,
                   height=min(max(2.4, 1.7 + lane * len(rows)), 9.5))
    if data.empty:
        return no_data_panel(ax, lang)
    lanes = {p: i for i, p in enumerate(order)}
    offsets = {s: (k - (len(sites) - 1) / 2) * (0.7 / max(len(sites), 1)) for k, s in enumerate(sites)}
    colours = {s: plt.get_cmap("tab10")(k % 10) for k, s in enumerate(sites)}
    links, labels, points = [], [], []
    for (proto, site), part in data.groupby(["prototype", "site"], sort=False):
        y = lanes[str(proto)] + offsets.get(str(site), 0)
        links.append((ax.plot(mdates.date2num(part["date"]), [y] * len(part), color="0.75", lw=0.8, zorder=1)[0],
                      str(site)))
        for test in part.itertuples(index=False):
            marker, colour = RESULT_STYLES.get(str(test.result), ("s", "0.5"))
            x = mdates.date2num(test.date)
            ax.scatter([x], [y], marker=marker, s=45, color=colour, edgecolor="0.2", lw=0.5, zorder=3)
            if pd.notna(test.iteration):
                labels.append((ax.text(x, y, f"{site} · {int(test.iteration)}", ha="center", va="bottom",
                                       fontsize=MIN_FONT_PT, color="0.3"), int(test.iteration), x, y))
                points.append((x, y))
    ax.set_yticks(range(len(order)), rows)
    ax.set_ylim(len(order) - 0.5, -0.5)
    for y in range(len(order) - 1):
        ax.axhline(y + 0.5, color="0.9", lw=0.8)
    locator = mdates.AutoDateLocator(maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m/%y"))
    span = data["date"].max() - data["date"].min()
    margin = max(pd.Timedelta(days=7), span * 0.05)
    ax.set_xlim(mdates.date2num(data["date"].min() - margin), mdates.date2num(data["date"].max() + margin))
    _result_legend(ax, lang)
    thin_ticks(ax)
    texts = [t for t, *_ in labels]
    for text, _, x, y in labels:
        text.set_position((x, y - 0.12))
    crowded = _touching(ax, texts)
    if 0 < len(crowded) <= max(4, len(texts) // 4):  # a few labels meet: adjustText nudges them apart
        place_labels(ax, texts, points=tuple(zip(*points)), arrows=False, iterations=100)
        crowded = _touching(ax, texts)
    if crowded:  # too many tests for « site · iteration »: sites by colour, iterations by number
        for line, site in links:
            line.set_color(colours[site])
            line.set_linewidth(1.2)
        site_handles = [Line2D([], [], color=colours[s], lw=1.5, label=(site_names or {}).get(s, s)) for s in sites]
        _result_legend(ax, lang, site_handles)
        shift = ScaledTranslation(4 / 72, 0, ax.figure.dpi_scale_trans)
        for text, iteration, x, y in labels:
            text.set_text(str(iteration))
            text.set_position((x, y))
            text.set_transform(ax.transData + shift)
            text.set_horizontalalignment("left")
            text.set_verticalalignment("bottom")
        thin_texts(ax, texts)
    return ax


def _touching(ax: Axes, texts: list) -> set[int]:
    """Indexes of the texts overlapping another one, once the figure is drawn."""
    if len(texts) < 2:
        return set()
    lay_out(ax.figure)
    renderer = ax.figure.canvas.get_renderer()
    boxes = np.array([[b.x0, b.y0, b.x1, b.y1] for b in (Text.get_window_extent(t, renderer) for t in texts)])
    wide = np.minimum.outer(boxes[:, 2], boxes[:, 2]) - np.maximum.outer(boxes[:, 0], boxes[:, 0])
    tall = np.minimum.outer(boxes[:, 3], boxes[:, 3]) - np.maximum.outer(boxes[:, 1], boxes[:, 1])
    return {int(i) for pair in np.argwhere(np.triu((wide > 0) & (tall > 0), k=1)) for i in pair}


def learning_log(tests: pd.DataFrame, prototypes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every test in chronological order with its prototype, site, iteration, hypothesis, testers, result and learning.

    The hypothesis of the test, else that of its prototype.

    >>> tests = pd.DataFrame({"id": ["T2", "T1"], "prototype": ["P1", "P1"], "site": ["a", "a"],
    ...                       "date": pd.to_datetime(["2016-11-07", "2016-10-03"]), "iteration": [2, 1],
    ...                       "hypothesis": [None, None], "testers": [5, 8], "result": ["validee", "invalidee"],
    ...                       "learning": ["Mieux", "Trop tôt"]})
    >>> learning_log(tests)["learning"].tolist()
    ['Trop tôt', 'Mieux']
    """
    data = _sorted_tests(tests).reset_index(drop=True)
    names = _names(prototypes)
    hypotheses = {} if prototypes is None or prototypes.empty else dict(zip(prototypes["id"], prototypes["hypothesis"]))
    hypothesis = data["hypothesis"].astype(object) if "hypothesis" in data.columns else pd.Series(None, index=data.index)
    log = pd.DataFrame({
        "date": data["date"],
        "prototype": data["prototype"],
        "name": [names.get(str(p), p) for p in data["prototype"]],
        "site": data["site"],
        "iteration": data["iteration"],
        "hypothesis": [h if pd.notna(h) else hypotheses.get(p) for h, p in zip(hypothesis, data["prototype"])],
        "testers": data["testers"] if "testers" in data.columns else pd.NA,
        "result": data["result"].astype(object),
        "learning": data["learning"] if "learning" in data.columns else None,
    })
    return log


def format_learning_log(log: pd.DataFrame, *, site_names: dict[str, str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """The learning log with dates as 07/11/2016, results and headers in ``lang``."""
    check_lang(lang)
    data = log.drop(columns=["prototype"]).copy()
    data["date"] = data["date"].map(lambda d: "" if pd.isna(d) else format_date(d, lang))
    data["site"] = data["site"].map(lambda s: (site_names or {}).get(s, s))
    data["result"] = data["result"].map(lambda r: label(f"prototypes.result.{r}", lang) if r in TEST_RESULTS else "")
    data = data.astype(object).where(data.notna(), "")
    headers = {"date": "date", "name": "prototype", "site": "site", "iteration": "iteration",
               "hypothesis": "hypothesis", "testers": "testers", "result": "result", "learning": "learning"}
    return data.rename(columns={c: label(f"prototypes.{k}", lang) for c, k in headers.items()})


def stale_prototypes(prototypes: pd.DataFrame, tests: pd.DataFrame, *, reference_date, weeks: float = 4) -> pd.DataFrame:
    """Each prototype with its last test and whether it went more than ``weeks`` weeks without one.

    Parameters
    ----------
    prototypes, tests : DataFrame
        The ``prototypes`` and ``tests`` tables.
    reference_date : date-like
        The day the check is made (e.g. the date of the report or of the next journée labo);
        tests after that day are ignored.
    weeks : float, default 4
        A prototype is stale when its last test is strictly more than ``weeks`` weeks before
        ``reference_date``, or when it has never been tested.

    Returns
    -------
    DataFrame
        ``prototype``, ``name``, ``tests`` (number before the reference date), ``last_test``,
        ``weeks_since`` (whole weeks, NA if never tested) and ``stale``; stale ones first.

    Examples
    --------
    >>> protos = pd.DataFrame({"id": ["P1", "P2", "P3"], "name": ["Cantine", "Portail", "Foyer"]})
    >>> tests = pd.DataFrame({"prototype": ["P1", "P2"], "date": pd.to_datetime(["2016-10-03", "2016-11-07"])})
    >>> stale_prototypes(protos, tests, reference_date="2016-11-14", weeks=4)[["prototype", "stale"]].values.tolist()
    [['P1', True], ['P3', True], ['P2', False]]
    """
    if weeks is None or isinstance(weeks, bool) or not isinstance(weeks, (int, float)) or weeks <= 0:
        raise ParameterError(label("prototypes.bad_weeks", "fr", value=weeks))
    reference = pd.Timestamp(reference_date).normalize()
    data = tests.dropna(subset=["prototype", "date"])
    data = data[data["date"] <= reference]
    last = data.groupby("prototype")["date"].max()
    count = data.groupby("prototype").size()
    order = _order(data, prototypes)
    names = _names(prototypes)
    table = pd.DataFrame({"prototype": order, "name": [names.get(p, p) for p in order]})
    table["tests"] = table["prototype"].map(count).fillna(0).astype(int)
    # reindex, not map: mapping through an empty datetime Series (no test yet) cannot cast to float
    table["last_test"] = pd.to_datetime(last.reindex(table["prototype"].tolist()).to_numpy())
    days = (reference - table["last_test"]).dt.days
    table["weeks_since"] = (days // 7).astype("Int64")
    table["stale"] = table["last_test"].isna() | (days > 7 * weeks)
    return table.sort_values("stale", ascending=False, kind="stable").reset_index(drop=True)


def format_stale(table: pd.DataFrame, *, lang: str = "fr") -> pd.DataFrame:
    """The stale-prototype table in words, headers in ``lang``."""
    check_lang(lang)
    data = table.drop(columns=["prototype"]).copy()
    data["last_test"] = data["last_test"].map(lambda d: label("prototypes.never_tested", lang) if pd.isna(d)
                                              else format_date(d, lang))
    data["weeks_since"] = data["weeks_since"].astype(object).where(data["weeks_since"].notna(), "—")
    data["stale"] = data["stale"].map(lambda s: "⚠" if s else "")
    headers = {"name": "prototype", "tests": "n_tests", "last_test": "last_test", "weeks_since": "weeks_since",
               "stale": "stale"}
    return data.rename(columns={c: label(f"prototypes.{k}", lang) for c, k in headers.items()})


def prototype_table(prototypes: pd.DataFrame, ideas: pd.DataFrame | None = None, *, site_names: dict[str, str] | None = None,
                    lang: str = "fr") -> pd.DataFrame:
    """The prototypes with their kind (in words), the idea they come from (its title), hypothesis and sites
    (their names, with ``site_names``), headers in ``lang``."""
    check_lang(lang)
    names = site_names or {}
    titles = {} if ideas is None or ideas.empty else dict(zip(ideas["id"], ideas["title"]))
    data = pd.DataFrame({
        label("prototypes.prototype", lang): prototypes["name"].to_numpy(),
        label("prototypes.kind", lang): [label(f"prototypes.kind.{k}", lang) if f"prototypes.kind.{k}" in LABELS else k
                                         for k in prototypes["kind"].astype(object)],
        label("prototypes.idea", lang): [titles.get(i, i) if pd.notna(i) else "" for i in prototypes["idea"]],
        label("prototypes.hypothesis", lang): prototypes["hypothesis"].astype(object).where(
            prototypes["hypothesis"].notna(), "").to_numpy(),
        label("prototypes.site", lang): [", ".join(names.get(x, x) for x in s) if isinstance(s, list) else ""
                                         for s in prototypes["sites"]],
    })
    return data
