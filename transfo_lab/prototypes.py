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

from transfo_lab.exceptions import ParameterError
from transfo_lab.labels import check_lang, label
from transfo_lab.schemas import TEST_RESULTS
from transfo_lab.display import no_data_panel as _no_data

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


def plot_results_matrix(matrix: pd.DataFrame, prototypes: pd.DataFrame | None = None, *,
                        site_names: dict[str, str] | None = None, lang: str = "fr", ax: Axes | None = None) -> Axes:
    """Draw the prototypes × sites matrix: one coloured marker per latest result, blank if not tested."""
    check_lang(lang)
    ax = plt.gca() if ax is None else ax
    ax.set_title(label("prototypes.matrix_title", lang))
    if matrix.empty or matrix.notna().sum().sum() == 0:
        return _no_data(ax, lang)
    names = _names(prototypes)
    for y, proto in enumerate(matrix.index):
        for x, site in enumerate(matrix.columns):
            result = matrix.loc[proto, site]
            if isinstance(result, str) and result in RESULT_STYLES:
                marker, colour = RESULT_STYLES[result]
                ax.scatter([x], [y], marker=marker, s=220, color=colour, edgecolor="0.2", zorder=3)
            else:
                ax.text(x, y, "·", ha="center", va="center", color="0.6")
    ax.set_xticks(range(len(matrix.columns)), [(site_names or {}).get(s, s) for s in matrix.columns])
    ax.set_yticks(range(len(matrix.index)), [names.get(p, p) for p in matrix.index])
    ax.set_xlim(-0.5, len(matrix.columns) - 0.5)
    ax.set_ylim(len(matrix.index) - 0.5, -0.5)
    ax.grid(alpha=0.3)
    _result_legend(ax, lang)
    return ax


def _result_legend(ax: Axes, lang: str) -> None:
    handles = [Line2D([], [], marker=m, color=c, linestyle="none", markersize=9, markeredgecolor="0.2",
                      label=label(f"prototypes.result.{r}", lang)) for r, (m, c) in RESULT_STYLES.items()]
    ax.legend(handles=handles, title=label("prototypes.result", lang), loc="upper left", bbox_to_anchor=(1.01, 1),
              frameon=False)


def plot_timeline(tests: pd.DataFrame, prototypes: pd.DataFrame | None = None, *, lang: str = "fr",
                  ax: Axes | None = None) -> Axes:
    """Swimlanes, one per prototype: each test is a marker (shape and colour = result) at its date.

    The iteration number is written above each marker and a thin line joins the tests of
    the same prototype on the same site.

    Examples
    --------
    >>> tests = pd.DataFrame({"prototype": ["P1", "P2"], "site": ["a", "a"], "iteration": [1, 1],
    ...                       "date": pd.to_datetime(["2016-10-03", "2016-10-10"]), "result": ["validee", "mitigee"]})
    >>> [t.get_text() for t in plot_timeline(tests).get_yticklabels()]
    ['P1', 'P2']
    >>> plt.close("all")
    """
    check_lang(lang)
    ax = plt.gca() if ax is None else ax
    ax.set_title(label("prototypes.timeline_title", lang))
    data = _sorted_tests(tests.dropna(subset=["prototype", "date"]))
    if data.empty:
        return _no_data(ax, lang)
    order = _order(data, prototypes)
    lanes = {p: i for i, p in enumerate(order)}
    sites = list(dict.fromkeys(data["site"].dropna().astype(str)))
    offsets = {s: (k - (len(sites) - 1) / 2) * (0.5 / max(len(sites), 1)) for k, s in enumerate(sites)}
    for (proto, site), part in data.groupby(["prototype", "site"], sort=False):
        y = lanes[str(proto)] + offsets.get(str(site), 0)
        ax.plot(mdates.date2num(part["date"]), [y] * len(part), color="0.75", lw=0.8, zorder=1)
        for test in part.itertuples(index=False):
            marker, colour = RESULT_STYLES.get(str(test.result), ("s", "0.5"))
            x = mdates.date2num(test.date)
            ax.scatter([x], [y], marker=marker, s=70, color=colour, edgecolor="0.2", zorder=3)
            if pd.notna(test.iteration):
                ax.annotate(f"{site} · {int(test.iteration)}", (x, y), xytext=(0, 6), textcoords="offset points",
                            ha="center", fontsize=7, color="0.3")
    names = _names(prototypes)
    ax.set_yticks(range(len(order)), [names.get(p, p) for p in order])
    ax.set_ylim(len(order) - 0.5, -0.5)
    for y in range(len(order) - 1):
        ax.axhline(y + 0.5, color="0.9", lw=0.8)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m/%y"))
    span = data["date"].max() - data["date"].min()
    margin = max(pd.Timedelta(days=7), span * 0.05)
    ax.set_xlim(mdates.date2num(data["date"].min() - margin), mdates.date2num(data["date"].max() + margin))
    _result_legend(ax, lang)
    return ax


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
    data["date"] = data["date"].map(lambda d: "" if pd.isna(d) else d.strftime("%d/%m/%Y"))
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
                                              else d.strftime("%d/%m/%Y"))
    data["weeks_since"] = data["weeks_since"].astype(object).where(data["weeks_since"].notna(), "—")
    data["stale"] = data["stale"].map(lambda s: "⚠" if s else "")
    headers = {"name": "prototype", "tests": "n_tests", "last_test": "last_test", "weeks_since": "weeks_since",
               "stale": "stale"}
    return data.rename(columns={c: label(f"prototypes.{k}", lang) for c, k in headers.items()})


def prototype_table(prototypes: pd.DataFrame, ideas: pd.DataFrame | None = None, *, lang: str = "fr") -> pd.DataFrame:
    """The prototypes with their kind, the idea they come from (its title), hypothesis and sites, headers in ``lang``."""
    check_lang(lang)
    titles = {} if ideas is None or ideas.empty else dict(zip(ideas["id"], ideas["title"]))
    data = pd.DataFrame({
        label("prototypes.prototype", lang): prototypes["name"].to_numpy(),
        label("prototypes.kind", lang): prototypes["kind"].astype(object).to_numpy(),
        label("prototypes.idea", lang): [titles.get(i, i) if pd.notna(i) else "" for i in prototypes["idea"]],
        label("prototypes.hypothesis", lang): prototypes["hypothesis"].astype(object).where(
            prototypes["hypothesis"].notna(), "").to_numpy(),
        label("prototypes.site", lang): [", ".join(s) if isinstance(s, list) else "" for s in prototypes["sites"]],
    })
    return data
