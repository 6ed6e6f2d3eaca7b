"""Prototype tracking: latest results per site, timeline, learning log, stale prototypes."""
from __future__ import annotations

import pandas as pd
import pytest

from transfo_lab.phases import prototypes as pt
from transfo_lab.base.exceptions import ParameterError


@pytest.fixture
def protos():
    return pd.DataFrame({"id": ["P1", "P2", "P3"], "name": ["Foyer du soir", "Maquette internat", "Simulation cantine"],
                         "idea": ["ID-01", "ID-03", None], "kind": ["prototype", "maquette", "simulation"],
                         "hypothesis": ["Les élèves viennent le soir", None, None],
                         "sites": [["rural"], ["technique", "rural"], []]})


@pytest.fixture
def tests():
    # written out of order on purpose; P1 on rural: iteration 1 invalidated, iteration 2 (same day) validated
    return pd.DataFrame({
        "id": ["T3", "T1", "T2", "T4"],
        "prototype": ["P1", "P1", "P1", "P2"],
        "site": ["rural", "rural", "technique", "technique"],
        "date": pd.to_datetime(["2016-10-03", "2016-10-03", "2016-09-20", "2016-11-14"]),
        "iteration": [2, 1, 1, 1],
        "hypothesis": [None, "Ouvrir à 18 h suffit", None, "La maquette se comprend"],
        "testers": [12, 8, 5, 3],
        "result": ["validee", "invalidee", "mitigee", "validee"],
        "learning": ["Ouvrir à 19 h", "Trop tôt", "Bruit", "Lisible"],
    })


def test_latest_result_per_prototype_and_site(tests, protos):
    matrix = pt.latest_results(tests, protos, sites=["technique", "rural", "construction"])
    assert list(matrix.index) == ["P1", "P2", "P3"]
    assert matrix.loc["P1"].tolist()[:2] == ["mitigee", "validee"]
    assert matrix.loc["P2", "technique"] == "validee"
    assert matrix.loc["P3"].isna().all() and pd.isna(matrix.loc["P1", "construction"])
    shown = pt.format_results(matrix, protos, {"rural": "Lycée rural"})
    assert shown.loc["Foyer du soir", "Lycée rural"] == "Validée"
    assert shown.loc["Simulation cantine", "Lycée rural"] == "non testé"


def test_learning_log_is_chronological(tests, protos):
    log = pt.learning_log(tests, protos)
    assert log["learning"].tolist() == ["Bruit", "Trop tôt", "Ouvrir à 19 h", "Lisible"]
    # a test without hypothesis takes its prototype's
    assert log["hypothesis"].tolist()[:3] == ["Les élèves viennent le soir", "Ouvrir à 18 h suffit",
                                              "Les élèves viennent le soir"]
    shown = pt.format_learning_log(log)
    assert list(shown.columns) == ["Date", "Prototype", "Site", "Itération", "Hypothèse", "Testeurs", "Résultat",
                                   "Enseignement"]
    assert shown["Date"].tolist()[0] == "20/09/2016" and shown["Résultat"].tolist()[0] == "Mitigée"


@pytest.mark.parametrize("reference, stale_p2", [
    ("2016-12-12", False),   # exactly 4 weeks after the last test: not stale
    ("2016-12-13", True),    # 4 weeks and a day: stale
])
def test_stale_prototypes_boundary(tests, protos, reference, stale_p2):
    table = pt.stale_prototypes(protos, tests, reference_date=reference, weeks=4).set_index("prototype")
    assert bool(table.loc["P2", "stale"]) is stale_p2
    assert table.loc["P1", "stale"] and table.loc["P3", "stale"]   # last test 3 Oct; never tested
    assert pd.isna(table.loc["P3", "last_test"]) and table.loc["P3", "tests"] == 0


def test_tests_after_the_reference_date_are_ignored(tests, protos):
    table = pt.stale_prototypes(protos, tests, reference_date="2016-10-10", weeks=1).set_index("prototype")
    assert table.loc["P1", ["tests", "weeks_since", "stale"]].tolist() == [3, 1, False]
    assert table.loc["P2", "stale"]   # its only test comes later
    shown = pt.format_stale(table.reset_index())
    assert "jamais testé" in shown["Dernier test"].tolist()


@pytest.mark.parametrize("weeks", [0, -1, "4"])
def test_bad_weeks_refused(tests, protos, weeks):
    with pytest.raises(ParameterError):
        pt.stale_prototypes(protos, tests, reference_date="2016-12-01", weeks=weeks)


def test_timeline_draws_one_lane_per_prototype(tests, protos):
    ax = pt.plot_timeline(tests, protos)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Foyer du soir", "Maquette internat", "Simulation cantine"]
    assert len(ax.collections) == 4   # one marker per test
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Validée", "Invalidée", "Mitigée"]
    assert sorted(t.get_text() for t in ax.texts) == ["rural · 1", "rural · 2", "technique · 1", "technique · 1"]


def test_matrix_plot_and_empty_tables(tests, protos):
    ax = pt.plot_results_matrix(pt.latest_results(tests, protos, sites=["technique", "rural"]), protos)
    assert len(ax.collections) == 3
    empty = tests.iloc[0:0]
    import matplotlib.pyplot as plt

    assert [t.get_text() for t in pt.plot_timeline(empty, lang="en", ax=plt.figure().gca()).texts] == ["No data"]
    assert pt.learning_log(empty).empty


def test_prototype_table_names_the_idea(protos):
    ideas = pd.DataFrame({"id": ["ID-01", "ID-03"], "title": ["Cantine ouverte", "Internat partagé"]})
    table = pt.prototype_table(protos, ideas)
    assert table["Idée d'origine"].tolist() == ["Cantine ouverte", "Internat partagé", ""]
    assert table["Site"].tolist() == ["rural", "technique, rural", ""]
