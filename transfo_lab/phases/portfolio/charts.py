"""The charts of the Inter-Transfo report."""
from __future__ import annotations

import pandas as pd

from transfo_lab.base.labels import label
from transfo_lab.base.plotting import print_chart as _print_chart
from transfo_lab.protocols.facts import TRANSFO
from transfo_lab.contract.schemas import ASSESSMENT_ROUNDS
from transfo_lab.phases.portfolio.capacity import assessment_scores
from transfo_lab.phases.portfolio.members import Portfolio


# --- charts --------------------------------------------------------------------------------------------

@_print_chart
def plot_progress(progress: pd.DataFrame, *, lang: str = "fr", ax=None):
    """Session days held per collectivité (bars) against the protocol's pace on the same day (the band from the
    slowest to the fastest pace) and the days planned (ticks); the colour is the situation."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from transfo_lab.base.plotting import legend_outside, no_data_panel, open_axes, rows_height, wrap

    data = progress.iloc[::-1].reset_index(drop=True)
    ax = open_axes(ax, "portfolio.progress_title", lang=lang, height=rows_height(len(data), per_row=0.55, extra=1.6))
    if data.empty:
        return no_data_panel(ax, lang)
    colours = {"late": "#b3261e", "ahead": "#c77c02", "on_track": "#2e7d32", "finished": "#1f4e79",
               "not_started": "#8c8c8c"}
    for y, row in data.iterrows():
        if row["expected_low"] is not None and pd.notna(row["expected_low"]):
            ax.barh(y, float(row["expected_high"]) - float(row["expected_low"]), left=float(row["expected_low"]),
                    height=0.8, color="#d9d9d9", zorder=1)
        ax.barh(y, row["days_held"], height=0.45, color=colours.get(row["status"], "#1f4e79"), zorder=2)
        ax.plot([row["days_planned"]], [y], marker="|", markersize=16, markeredgewidth=2, color="black", zorder=3)
        ax.text(row["days_held"] + 0.4, y, str(int(row["days_held"])), va="center", fontsize=8, zorder=4)
    ax.axvline(TRANSFO.session_days, color="black", linestyle="--", linewidth=0.8)
    ax.set_yticks(range(len(data)), [wrap(n, 22) for n in data["name"]])
    ax.set_xlim(0, max(TRANSFO.session_days, float(data["days_planned"].max())) + 4)
    ax.set_xlabel(label("portfolio.progress_axis", lang))
    present = [s for s in colours if s in set(data["status"])]
    handles = [Patch(color=colours[s], label=label(f"portfolio.status.{s}", lang)) for s in present]
    handles.append(Patch(color="#d9d9d9", label=label("portfolio.progress_band", lang)))
    handles.append(Line2D([], [], marker="|", markersize=10, markeredgewidth=2, color="black", linestyle="none",
                          label=label("portfolio.progress_planned", lang)))
    legend_outside(ax, handles, width=22)
    ax.grid(axis="x", alpha=0.3)
    return ax


@_print_chart
def plot_capacity(portfolio: Portfolio, *, lang: str = "fr", ax=None):
    """The ambassadeurs' mean self-assessment (1–5) per round, one line per collectivité."""
    from transfo_lab.base.plotting import legend_outside, no_data_panel, open_axes

    ax = open_axes(ax, "portfolio.capacity_title", lang=lang, height=3.4)
    drawn = False
    for m in portfolio.members:
        assessment = m.programme.tables.get("self_assessment")
        if assessment is None or assessment.empty:
            continue
        means = assessment_scores(assessment).mean()
        xs = [i for i, r in enumerate(ASSESSMENT_ROUNDS) if pd.notna(means.get(r))]
        ax.plot(xs, [means[ASSESSMENT_ROUNDS[i]] for i in xs], marker="o", label=m.name)
        drawn = True
    if not drawn:
        return no_data_panel(ax, lang)
    ax.set_xticks(range(len(ASSESSMENT_ROUNDS)), [label(f"portfolio.round.{r}", lang) for r in ASSESSMENT_ROUNDS])
    ax.set_ylim(1, 5)
    ax.set_ylabel(label("portfolio.capacity_axis", lang))
    ax.grid(axis="y", alpha=0.3)
    legend_outside(ax, width=22)
    return ax
