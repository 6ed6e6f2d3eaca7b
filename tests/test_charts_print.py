"""Every chart of the kit reads at print size.

Each ``plot_*`` function is drawn the way the notebooks call it, on both example
programmes — programme-wide and, where the notebook takes a ``site`` parameter, for each
site — but with ``ax=None``, so that it makes its own figure at its printed size. Then
:func:`transfo_lab.base.plotting.text_layout_problems` must find nothing: no text under 8 pt,
no two texts overlapping, no text cut off by the edge of the figure.
"""
from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import pytest
import yaml
from matplotlib.text import Text

from conftest import LYCEES, TRANSFO
from transfo_lab.base import plotting
from transfo_lab.base.plotting import MIN_FONT_PT, PRINT_WIDTH_IN, text_layout_problems

EXAMPLES = {"lycees": LYCEES, "transfo": TRANSFO}
SITES = {key: [s["id"] for s in yaml.safe_load((path / "programme.yaml").read_text(encoding="utf-8"))["sites"]]
         for key, path in EXAMPLES.items()}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def programmes(lycees, transfo):
    return {"lycees": lycees, "transfo": transfo}


def _site_names(full) -> dict[str, str]:
    return dict(zip(full.sites["id"], full.sites["name"]))


def _sites(full, site) -> list[str]:
    return [site] if site else full.config.site_ids


# --- the charts, called as the notebooks call them (but with ax=None) -----------------------------------

def _criteria(full):
    from transfo_lab.phases import evaluation

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return evaluation.normalise_weights(full.criteria, lang="fr")


def trends(full, site):
    from transfo_lab.phases import evaluation

    weighted = evaluation.weighted_scores(_criteria(full), full.scores, sites=_sites(full, site), lang="fr")
    return evaluation.plot_trends(weighted, limits=evaluation.thresholds(full.config.settings),
                                  site_names=_site_names(full), lang="fr")


def heatmap(full, site):
    from transfo_lab.phases import evaluation

    return evaluation.plot_heatmap(_criteria(full), full.scores, sites=full.config.site_ids,
                                   site_names=_site_names(full), lang="fr")


def radar(full, site):
    from transfo_lab.phases import evaluation

    return evaluation.plot_radar(_criteria(full), full.scores, site=site, site_name=_site_names(full).get(site),
                                 lang="fr")


def tag_shares(full, site):
    from transfo_lab.phases.research import coding

    prog = full.for_site(site)
    shares = coding.tag_shares(prog.observations, by="site", codebook=prog.codebook, groups=_sites(full, site))
    return coding.plot_tag_shares(shares, by="site", site_names=_site_names(full), lang="fr")


def cooccurrence(full, site):
    from transfo_lab.phases.research import coding

    prog = full.for_site(site)
    return coding.plot_cooccurrence(coding.cooccurrence(prog.observations, codebook=prog.codebook), lang="fr")


def specificity(full, site):
    from transfo_lab.phases.research import comparison

    compared = comparison.compare_sites(full.observations, sites=full.config.site_ids, codebook=full.codebook)
    shown = compared if site is None else compared[compared["site"] == site]
    return comparison.plot_specificity(shown, site_names=_site_names(full), lang="fr")


def theme_sizes(full, site):
    from transfo_lab.phases.research import affinity

    amap = affinity.affinity_map(full.for_site(site).observations, sites=_sites(full, site), random_state=0)
    return affinity.plot_theme_sizes(amap, site_names=_site_names(full), lang="fr")


def likert(full, site):
    from transfo_lab.phases.research import survey

    summary = survey.likert_summary(full.for_site(site).survey, sites=_sites(full, site))
    return survey.plot_likert(summary, site_names=_site_names(full), lang="fr")


def journey(full, site, name):
    from transfo_lab.phases.research import journeys

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return journeys.plot_journey(full.for_site(site).journeys, journey=name, site_names=_site_names(full),
                                     lang="fr")


def tag_frequencies(full, site):
    from transfo_lab.phases import inspiration

    catalogue = inspiration.filter_catalogue(full.for_site(site).inspiration, site=site)
    return inspiration.plot_tag_frequencies(inspiration.tag_frequencies(catalogue), top=20, lang="fr")


def benchmark(full, site):
    from transfo_lab.phases import inspiration

    prog = full.for_site(site)
    catalogue = inspiration.filter_catalogue(prog.inspiration, site=site)
    bench = prog.benchmark[prog.benchmark["case"].isin(catalogue["id"])]
    return inspiration.plot_benchmark(inspiration.benchmark_matrix(bench, catalogue, lang="fr"), lang="fr")


def _ideas_votes(full, site):
    prog = full.for_site(site)
    ideas = prog.ideas
    return ideas, prog.votes[prog.votes["idea"].isin(ideas["id"])]


def votes(full, site):
    from transfo_lab.phases import ideation

    ideas, votes_ = _ideas_votes(full, site)
    return ideation.plot_votes(ideation.tally_votes(votes_, ideas, lang="fr"), lang="fr")


def impact_effort(full, site):
    from transfo_lab.phases import ideation

    ideas, votes_ = _ideas_votes(full, site)
    return ideation.plot_impact_effort(ideas, tally=ideation.tally_votes(votes_, ideas, lang="fr"), lang="fr")


def ideas_by_theme(full, site):
    from transfo_lab.phases import ideation

    return ideation.plot_ideas_by_theme(ideation.ideas_by_theme(full.for_site(site).ideas, lang="fr"), lang="fr")


def tensions(full, site):
    from transfo_lab.phases import ideation

    return ideation.plot_tensions(ideation.tension_counts(full.for_site(site).ideas), lang="fr")


def timeline(full, site):
    from transfo_lab.phases import prototypes

    prog = full.for_site(site)
    return prototypes.plot_timeline(prog.tests, prog.prototypes, lang="fr")


def results_matrix(full, site):
    from transfo_lab.phases import prototypes

    prog = full.for_site(site)
    matrix = prototypes.latest_results(prog.tests, prog.prototypes, sites=_sites(full, site))
    return prototypes.plot_results_matrix(matrix, prog.prototypes, site_names=_site_names(full), lang="fr")


def gantt(full, site):
    from transfo_lab.protocols import planning

    calendar, _ = planning.programme_calendar(full, lang="fr")
    return planning.plot_gantt(calendar, lang="fr")


#: chart → whether its notebook also draws it for one site (then: programme-wide and each site)
PER_SITE = {trends: True, heatmap: False, tag_shares: True, cooccurrence: True, specificity: True,
            theme_sizes: True, likert: True, tag_frequencies: True, benchmark: True, votes: True,
            impact_effort: True, ideas_by_theme: True, tensions: True, timeline: True, results_matrix: True,
            gantt: False}


def _journeys(path) -> list[tuple[str, str | None]]:
    """(journey, site) pairs the notebook draws: every journey programme-wide, and each site's own journeys."""
    import pandas as pd

    steps = pd.read_csv(path / "parcours.csv", sep=";")
    pairs = [(name, None) for name in dict.fromkeys(steps["Parcours"].dropna())]
    return pairs + list(dict.fromkeys(zip(steps["Parcours"], steps["Site"])))


CASES = []
for _example in EXAMPLES:
    for _chart, _per_site in PER_SITE.items():
        for _site in [None] + (SITES[_example] if _per_site else []):
            CASES.append(pytest.param(_chart, _example, _site, id=f"{_chart.__name__}-{_example}-{_site or 'all'}"))
    for _site in SITES[_example]:
        CASES.append(pytest.param(radar, _example, _site, id=f"radar-{_example}-{_site}"))
    for _name, _site in _journeys(EXAMPLES[_example]):
        CASES.append(pytest.param(lambda full, site, name=_name: journey(full, site, name), _example, _site,
                                  id=f"journey-{_example}-{_name}-{_site or 'all'}"))


def _figure(result):
    return result if isinstance(result, plt.Figure) else result.figure


def _all_texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize(("chart", "example", "site"), CASES)
def test_chart_reads_at_print_size(programmes, chart, example, site):
    fig = _figure(chart(programmes[example], site))
    assert fig.get_size_inches()[0] <= PRINT_WIDTH_IN + 1e-9
    assert text_layout_problems(fig) == []
    assert min(t.get_fontsize() for t in _all_texts(fig)) >= MIN_FONT_PT


# --- the layout check itself, on figures whose answer is known -------------------------------------------

def test_two_texts_on_top_of_each_other_are_one_overlap():
    fig = plt.figure(figsize=(3, 2))
    fig.text(0.3, 0.5, "Accueil")
    fig.text(0.32, 0.51, "Cantine")
    problems = text_layout_problems(fig)
    assert len(problems) == 1
    assert "Accueil" in problems[0] and "Cantine" in problems[0] and "chevauche" in problems[0]


def test_a_six_point_text_is_too_small():
    fig, ax = plt.subplots(figsize=(3, 2), layout="constrained")
    ax.set_axis_off()
    ax.text(0.5, 0.5, "minuscule", fontsize=6, ha="center")
    assert text_layout_problems(fig) == ["texte « minuscule » : 6 pt, moins de 8 pt"]


def test_a_clean_figure_has_no_problem():
    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.plot([1, 2, 3], [2, 1, 3], label="Lycée")
    ax.set_title("Fréquentation")
    ax.set_xlabel("Séance")
    ax.set_ylabel("Élèves")
    ax.legend()
    assert text_layout_problems(fig) == []


def test_a_text_beyond_the_edge_is_cut_off():
    fig = plt.figure(figsize=(3, 2))
    fig.text(0.9, 0.5, "Texte trop long pour la place")
    problems = text_layout_problems(fig)
    assert len(problems) == 1 and "dépasse" in problems[0]


def test_crowded_tick_labels_and_heatmap_cells_overlap():
    fig, ax = plt.subplots(figsize=(2, 2), layout="constrained")
    ax.set_xticks(range(8), [f"Critère numéro {i}" for i in range(8)])
    ax.set_yticks([])
    assert any("graduation x" in p and "chevauche" in p for p in text_layout_problems(fig))
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.set_axis_off()
    ax.set_xlim(-0.5, 9.5)
    for j in range(10):
        ax.text(j, 0, "100 %", ha="center", va="center")
    assert any("chevauche" in p for p in text_layout_problems(fig))


def test_rotated_labels_are_compared_as_rotated_boxes():
    fig = plt.figure(figsize=(4, 3))
    # Two parallel 45° labels side by side: their axis-aligned boxes overlap, the texts do not.
    fig.text(0.3, 0.4, "étiquette penchée", rotation=45, ha="center", va="center")
    fig.text(0.45, 0.4, "étiquette penchée", rotation=45, ha="center", va="center")
    assert text_layout_problems(fig) == []


def test_invisible_and_empty_texts_are_ignored():
    fig = plt.figure(figsize=(3, 2))
    fig.text(0.5, 0.5, "A")
    fig.text(0.5, 0.5, "B").set_visible(False)
    fig.text(0.5, 0.5, "   ")
    assert text_layout_problems(fig) == []


def test_own_figure_is_print_width():
    ax = plotting.open_axes(None, "ideation.votes_title", height=3)
    assert ax.figure.get_size_inches().tolist() == [PRINT_WIDTH_IN, 3.0]


def test_label_placement_is_deterministic(programmes):
    def positions():
        ax = impact_effort(programmes["transfo"], None)
        ax.figure.canvas.draw()
        placed = [(t.get_text(), tuple(round(v, 6) for v in t.get_position())) for t in ax.texts]
        plt.close(ax.figure)
        return placed

    assert positions() == positions()


def test_notebook_calls_on_their_own_axes_still_work(programmes):
    from transfo_lab.phases import evaluation

    full = programmes["lycees"]
    criteria = _criteria(full)
    fig = plt.figure(figsize=(18, 5.5))
    for position, site_id in enumerate(full.config.site_ids, start=1):
        ax = fig.add_subplot(1, 3, position, projection="polar")
        assert evaluation.plot_radar(criteria, full.scores, site=site_id, site_name=_site_names(full)[site_id],
                                     ax=ax) is ax
    fig.tight_layout()
    fig, ax = plt.subplots(figsize=(8, 4))
    weighted = evaluation.weighted_scores(criteria, full.scores, lang="fr")
    assert evaluation.plot_trends(weighted, site_names=_site_names(full), ax=ax) is ax
    assert fig.get_size_inches().tolist() == [8.0, 4.0]  # the caller's figure keeps its size


def test_problems_in_english():
    fig = plt.figure(figsize=(3, 2))
    fig.text(0.5, 0.5, "tiny", fontsize=6)
    assert text_layout_problems(fig, lang="en") == ['text "tiny": 6 pt, less than 8 pt']


def test_wrap_keeps_every_word():
    text = "Participation des usagers à la gouvernance des dispositifs"
    wrapped = plotting.wrap(text, 16)
    assert wrapped.replace("\n", " ") == text and max(len(line) for line in wrapped.split("\n")) <= 16
    assert plotting.wrap("relations_adultes_eleves", 10) == "relations_adultes_eleves"  # a long word is never cut


def test_long_names_are_wrapped_not_cut():
    import pandas as pd

    from transfo_lab.phases import ideation

    titles = ["Une cantine ouverte le soir aux familles et aux associations du quartier, avec un service en îlots",
              "Portail", "Un internat partagé entre les trois lycées du bassin pendant les semaines de stage"]
    tally = pd.DataFrame({"idea": ["A", "B", "C"], "title": titles, "agents": [3, 2, 1], "dots": [3, 2, 1],
                          "voters": [1, 1, 1], "rank": [1, 2, 3], "tie": [False, False, False]})
    ax = ideation.plot_votes(tally)
    assert [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()] == titles
    assert text_layout_problems(ax.figure) == []


def test_print_style_keeps_the_interactive_mode_the_drawing_switched_on():
    """The inline backend turns the interactive mode on at a notebook's first figure: a chart must not undo it."""
    import matplotlib as mpl

    from transfo_lab.base.plotting import print_style

    before = mpl.is_interactive()
    try:
        mpl.interactive(False)
        with print_style():
            mpl.interactive(True)  # what the inline backend does when it makes its first figure
        assert mpl.is_interactive()
    finally:
        mpl.interactive(before)
