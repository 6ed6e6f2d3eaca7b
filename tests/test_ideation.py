"""Ideation: dot budgets, tallies with ties, the impact/effort matrix, themes, scenarios, tensions, the cahier."""
from __future__ import annotations

import matplotlib.pyplot as plt
import openpyxl
import pandas as pd
import pytest
from matplotlib.text import Text

from transfo_lab.phases import ideation
from transfo_lab.base.exceptions import DataError, ParameterError


def frame(rows: list[dict], first_row: int = 2) -> pd.DataFrame:
    return pd.DataFrame(rows, index=pd.Index(range(first_row, first_row + len(rows)), name="row"))


@pytest.fixture
def ideas():
    return frame([
        {"id": "ID-01", "title": "Cantine ouverte le soir", "description": "Le foyer reste ouvert.", "tags": ["repas"],
         "site": "rural", "impact": 4, "effort": 2, "tensions": ["logistique", "financement"], "status": "retenue",
         "scenarios": ["Lycée ouvert"]},
        {"id": "ID-02", "title": "Portail animé", "description": None, "tags": ["accueil", "repas"], "site": None,
         "impact": 2, "effort": 4, "tensions": [], "status": "ecartee", "scenarios": []},
        {"id": "ID-03", "title": "Internat partagé", "description": None, "tags": [], "site": "technique",
         "impact": 5, "effort": 5, "tensions": ["metiers", "juridique", "financement"], "status": "retenue",
         "scenarios": ["Lycée ouvert", "Territoire"]},
        {"id": "ID-04", "title": "Atelier vélo", "description": None, "tags": ["accueil"], "site": None,
         "impact": 1, "effort": 1, "tensions": [], "status": "a_approfondir", "scenarios": ["Territoire"]},
    ])


@pytest.fixture
def votes():
    # Anne 3 dots, Paul 3, Léa 2, Marc 2 → ID-01: 3, ID-03: 3, ID-02: 2, ID-04: 2
    return frame([
        {"voter": "Anne", "group": "agents", "idea": "ID-01", "dots": 2, "session": None},
        {"voter": "Anne", "group": "agents", "idea": "ID-03", "dots": 1, "session": None},
        {"voter": "Paul", "group": "usagers", "idea": "ID-03", "dots": 2, "session": None},
        {"voter": "Paul", "group": "usagers", "idea": "ID-01", "dots": 1, "session": None},
        {"voter": "Léa", "group": "usagers", "idea": "ID-02", "dots": 2, "session": None},
        {"voter": "Marc", "group": "elus", "idea": "ID-04", "dots": 2, "session": None},
    ])


# --- dot budget ------------------------------------------------------------------------------------

def test_votes_over_budget_raise_a_located_error(votes):
    over = pd.concat([votes, frame([{"voter": "Anne", "group": "agents", "idea": "ID-02", "dots": 1, "session": None}],
                                   first_row=8)])
    with pytest.raises(DataError) as caught:
        ideation.check_dot_budget(over, 3, file="votes.csv")
    error = caught.value
    assert str(error) == ("votes.csv, ligne 8, colonne « Gommettes » : Anne a posé 4 gommettes pour un budget de 3 "
                          "par participant")
    assert (error.file, error.row, error.column, error.value) == ("votes.csv", 8, "Gommettes", 4)
    assert isinstance(error, ValueError)


def test_the_located_row_is_where_the_budget_is_first_exceeded():
    votes = frame([{"voter": "Anne", "idea": "A", "dots": 3}, {"voter": "Anne", "idea": "B", "dots": 1},
                   {"voter": "Anne", "idea": "C", "dots": 1}], first_row=10)
    with pytest.raises(DataError) as caught:
        ideation.check_dot_budget(votes, 3)
    assert caught.value.row == 11
    assert "5 gommettes" in str(caught.value)


def test_budget_within_limit_passes(votes):
    assert ideation.check_dot_budget(votes, 3) == []


def test_budget_is_per_session():
    votes = frame([{"voter": "Anne", "idea": "A", "dots": 3, "session": "S1"},
                   {"voter": "Anne", "idea": "B", "dots": 3, "session": "S2"},
                   {"voter": "Paul", "idea": "A", "dots": 4, "session": "S2"}])
    report = ideation.check_dot_budget(votes, 3, file="votes.csv", errors="report")
    assert [(p.rule, p.severity, p.file, p.row, p.column, p.value) for p in report] == [
        ("ideation.over_budget", "error", "votes.csv", 4, "Gommettes", 4)]
    assert report[0].message == "Paul a posé 4 gommettes (séance S2) pour un budget de 3 par participant"


def test_report_lists_every_voter_over_budget_in_english():
    votes = frame([{"voter": "Anne", "idea": "A", "dots": 4}, {"voter": "Paul", "idea": "A", "dots": 5}])
    report = ideation.check_dot_budget(votes, 3, errors="report", lang="en")
    assert [(p.rule, p.file, p.row, p.column, p.value) for p in report] == [
        ("ideation.over_budget", None, 2, "Dots", 4), ("ideation.over_budget", None, 3, "Dots", 5)]
    assert report[1].message == "Paul placed 5 dots for a budget of 3 per participant"


@pytest.mark.parametrize("budget", [0, -2, 2.5, "trois", True])
def test_a_wrong_budget_is_refused(votes, budget):
    with pytest.raises(ParameterError, match="entier positif"):
        ideation.check_dot_budget(votes, budget)


def test_dot_budget_reads_programme_settings():
    assert ideation.dot_budget({"voting": {"dots_per_participant": 5}}) == 5
    assert ideation.dot_budget({"voting": None}) is None


# --- tally ---------------------------------------------------------------------------------------

def test_tally_ranks_with_explicit_ties(votes, ideas):
    tally = ideation.tally_votes(votes, ideas)
    assert tally["idea"].tolist() == ["ID-01", "ID-03", "ID-02", "ID-04"]
    assert tally["dots"].tolist() == [3, 3, 2, 2]
    assert tally["rank"].tolist() == [1, 1, 3, 3]
    assert tally["tie"].tolist() == [True, True, True, True]
    assert tally["voters"].tolist() == [2, 2, 1, 1]
    assert tally[["agents", "usagers", "elus"]].values.tolist() == [[2, 1, 0], [1, 2, 0], [0, 2, 0], [0, 0, 2]]
    assert list(tally.columns) == ["idea", "title", "agents", "usagers", "elus", "dots", "voters", "rank", "tie"]


def test_tally_without_tie_and_ideas_without_votes(ideas):
    votes = frame([{"voter": "Anne", "group": "agents", "idea": "ID-03", "dots": 3},
                   {"voter": "Paul", "group": "agents", "idea": "ID-01", "dots": 1}])
    tally = ideation.tally_votes(votes, ideas)
    assert tally[["idea", "dots", "rank", "tie"]].values.tolist() == [
        ["ID-03", 3, 1, False], ["ID-01", 1, 2, False], ["ID-02", 0, 3, True], ["ID-04", 0, 3, True]]


def test_tally_per_group(votes, ideas):
    per_group = ideation.tally_votes(votes, ideas, by_group=True)
    usagers = per_group[per_group["group"] == "usagers"]
    # ties keep the bank's order: ID-02 before ID-03
    assert usagers[["idea", "dots", "rank", "tie"]].values.tolist() == [
        ["ID-02", 2, 1, True], ["ID-03", 2, 1, True], ["ID-01", 1, 3, False]]
    assert per_group["group"].unique().tolist() == ["agents", "usagers", "elus"]


def test_tally_checks_the_budget_when_given(votes, ideas):
    with pytest.raises(DataError, match="Anne a posé 3 gommettes pour un budget de 2"):
        ideation.tally_votes(votes, ideas, dots_per_participant=2, file="votes.csv")


def test_format_tally_writes_ties(votes, ideas):
    table = ideation.format_tally(ideation.tally_votes(votes, ideas))
    assert table["Rang"].tolist() == ["1 (ex æquo)", "1 (ex æquo)", "3 (ex æquo)", "3 (ex æquo)"]
    assert "Usagers" in table.columns and "Gommettes" in table.columns


def test_plot_votes_stacks_groups_and_marks_ties(votes, ideas):
    ax = ideation.plot_votes(ideation.tally_votes(votes, ideas))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Cantine ouverte le soir", "Internat partagé",
                                                             "Portail animé", "Atelier vélo"]
    assert [t.get_text() for t in ax.texts][:2] == [" 3 (ex æquo)", " 3 (ex æquo)"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Agents", "Usagers", "Élus"]


# --- impact / effort ---------------------------------------------------------------------------

@pytest.mark.parametrize("impact, effort, expected", [
    (5, 1, "quick_win"), (3, 2, "quick_win"), (4, 4, "big_bet"), (3, 3, "big_bet"),
    (2, 2, "fill_in"), (1, 1, "fill_in"), (2, 3, "to_drop"), (1, 5, "to_drop"), (None, 3, None)])
def test_quadrants(impact, effort, expected):
    assert ideation.quadrant(impact, effort) == expected


def test_matrix_labels_its_quadrants(ideas):
    ax = ideation.plot_impact_effort(ideas)
    texts = [t.get_text() for t in ax.texts]
    for name in ("Gains rapides", "Paris ambitieux", "Compléments", "À abandonner"):
        assert name in texts
    assert ax.get_xlabel().startswith("Effort") and ax.get_ylabel().startswith("Impact")
    ax_en = ideation.plot_impact_effort(ideas, lang="en", ax=plt.figure().gca())
    assert {"Quick wins", "Big bets", "Fill-ins", "To drop"} <= {t.get_text() for t in ax_en.texts}


def _label_boxes(ax, names):
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    return [Text.get_window_extent(t, renderer) for t in ax.texts if t.get_text() in names]


def test_matrix_labels_do_not_overlap_when_ideas_share_a_point():
    ideas = pd.DataFrame({"id": [f"I{i}" for i in range(12)], "title": [f"Idée numéro {i}" for i in range(12)],
                          "impact": [4] * 8 + [2] * 4, "effort": [2] * 8 + [4] * 4})
    fig, ax = plt.subplots(figsize=(8, 6))
    ideation.plot_impact_effort(ideas, ax=ax)
    names = set(ideas["title"]) | set(ideas["id"])
    boxes = _label_boxes(ax, names)
    assert len(boxes) == 12
    overlaps = [(i, j) for i in range(12) for j in range(i + 1, 12) if boxes[i].overlaps(boxes[j])]
    assert overlaps == []
    quadrant_boxes = _label_boxes(ax, {"Gains rapides", "Paris ambitieux", "Compléments", "À abandonner"})
    assert not any(b.overlaps(q) for b in boxes for q in quadrant_boxes)
    frame = ax.get_window_extent()
    assert all(frame.x0 - 1 <= b.x0 and b.x1 <= frame.x1 + 1 for b in boxes)


def test_matrix_without_scores_says_no_data():
    ideas = pd.DataFrame({"id": ["A"], "title": ["x"], "impact": [None], "effort": [None]})
    ax = ideation.plot_impact_effort(ideas)
    assert [t.get_text() for t in ax.texts] == ["Pas de données"]


# --- themes, scenarios, tensions -------------------------------------------------------------------

def test_ideas_by_theme(ideas):
    themes = ideation.ideas_by_theme(ideas)
    assert themes[["theme", "ideas"]].values.tolist() == [["accueil", 2], ["repas", 2], ["(sans thème)", 1]]
    assert themes.loc[themes["theme"] == "repas", "titles"].item() == "Cantine ouverte le soir ; Portail animé"


def test_scenarios_side_by_side(ideas, votes):
    table = ideation.compare_scenarios(ideas, tally=ideation.tally_votes(votes, ideas))
    assert list(table.columns) == ["Lycée ouvert", "Territoire"]
    assert table.loc["Nombre d'idées"].tolist() == [2, 2]
    assert table.loc["Impact moyen"].tolist() == ["4,5", "3,0"]
    assert table.loc["Gommettes"].tolist() == [6, 5]
    assert table.loc["Tensions", "Lycée ouvert"] == ("Logistique (1), Financement (2), "
                                                     "Évolution des métiers ou des missions (1), Juridique (1)")
    assert table.loc["Tensions", "Territoire"] == ("Financement (1), Évolution des métiers ou des missions (1), "
                                                   "Juridique (1)")


def test_tensions_counted_per_proposal(ideas):
    counts = ideation.tension_counts(ideas)
    assert counts[["idea", "total"]].values.tolist() == [["ID-03", 3], ["ID-01", 2], ["ID-02", 0], ["ID-04", 0]]
    assert counts.loc[0, ["metiers", "juridique", "financement", "logistique"]].tolist() == [1, 1, 1, 0]
    shown = ideation.format_tensions(counts)
    assert list(shown.columns) == ["Idée", "Titre", "Logistique", "Financement", "Évolution des métiers ou des missions",
                                   "Juridique", "Nombre de tensions"]
    ax = ideation.plot_tensions(counts)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Internat partagé", "Cantine ouverte le soir"]


# --- cahier de propositions ------------------------------------------------------------------------

@pytest.fixture
def prototypes():
    return pd.DataFrame({"id": ["P1", "P2"], "name": ["Foyer du soir", "Maquette internat"], "idea": ["ID-01", "ID-03"],
                         "kind": ["prototype", "maquette"], "hypothesis": [None, None],
                         "sites": [["rural"], ["technique", "rural"]]})


@pytest.fixture
def tests_table():
    return pd.DataFrame({"id": ["T1", "T2", "T3"], "prototype": ["P1", "P1", "P1"], "site": ["rural", "technique", "rural"],
                         "date": pd.to_datetime(["2016-10-03", "2016-10-05", "2016-11-07"]), "iteration": [1, 1, 2],
                         "result": ["invalidee", "mitigee", "validee"]})


def test_cahier_keeps_retained_proposals_with_their_facts(ideas, votes, prototypes, tests_table):
    cahier = ideation.cahier_de_propositions(ideas, votes=votes, prototypes=prototypes, tests=tests_table)
    assert cahier["idea"].tolist() == ["ID-01", "ID-03"]
    first = cahier.iloc[0]
    assert (first["dots"], first["rank"], first["quadrant"]) == (3, 1, "Gains rapides")
    assert first["tensions"] == "Logistique, Financement"
    assert first["tested_on"] == "rural, technique"
    assert first["results"] == "rural : Validée, technique : Mitigée"
    second = cahier.iloc[1]
    assert (second["rank"], second["tested_on"], second["results"]) == (1, "technique, rural", "")
    assert second["themes"] == ""


def test_cahier_without_status_keeps_every_idea_not_dropped(ideas):
    cahier = ideation.cahier_de_propositions(ideas.assign(status=[None, "ecartee", None, None]))
    assert cahier["idea"].tolist() == ["ID-01", "ID-03", "ID-04"]


def test_cahier_markdown_and_excel(tmp_path, ideas, votes, prototypes, tests_table):
    cahier = ideation.cahier_de_propositions(ideas, votes=votes, prototypes=prototypes, tests=tests_table)
    md = ideation.write_cahier_markdown(cahier, tmp_path / "cahier.md", site_names={"rural": "Lycée rural"})
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Cahier de propositions\n\n2 proposition(s) retenue(s)")
    assert "## 1. Cantine ouverte le soir" in text and "## 2. Internat partagé" in text
    assert "- **Tensions** : Logistique, Financement" in text
    assert "- **Sites de test** : Lycée rural, technique" in text
    assert "- **Gommettes** : 3 — rang 1 (ex æquo)" in text

    book = tmp_path / "restitution.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Autre"
    wb.active["A1"] = "garder"
    wb.save(book)
    ideation.write_cahier_excel(cahier, book)
    ideation.write_cahier_excel(cahier, book)  # a second export replaces the sheet
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["Autre", "Cahier de propositions"]
    assert wb["Autre"]["A1"].value == "garder"
    ws = wb["Cahier de propositions"]
    assert [c.value for c in ws[1]][:3] == ["Idée", "Titre", "Description"]
    assert ws.max_row == 3
    assert ws["B2"].value == "Cantine ouverte le soir" and ws["F2"].value == 3
