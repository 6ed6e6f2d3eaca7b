"""The widgets' rules and saving, driven by setting widget values and calling their handlers."""
from __future__ import annotations

import pandas as pd
import pytest

from transfo_lab import load_programme
from transfo_lab.contract.editing import BACKUP_DIR, TableFile, backup_file
from transfo_lab.base.exceptions import DataError, ParameterError
from transfo_lab.training.widgets import (DotVotingWidget, EvaluationGridWidget, TaggingWidget, check_dots, check_scores,
                                 check_tags, save_tags, save_votes, vote_totals)

YAML = """\
name: Formation
kind: pret_a_deployer
lang: fr
start: 2016-09-05
sites:
  - id: site-a
    name: Lycée A
  - id: site-b
    name: Lycée B
voting:
  dots_per_participant: 4
"""
OBSERVATIONS = ("Identifiant;Site;Date;Méthode;Participant;Texte;Étiquettes;Remarque perso\r\n"
                "# aide : une ligne par note;;;;;;;\r\n"
                "O1;site-a;12/10/2016;observation;Inès;Le portail <b>ferme</b> à 18 h;accueil;à revoir\r\n"
                "O2;site-b;13/10/2016;entretien;Paul;La cantine est bruyante;cantine;\r\n"
                "O3;site-a;14/10/2016;observation;;Élèves seuls à l'internat;accueil, cantine;\r\n")
CODEBOOK = ("Étiquette;Famille;Définition\r\n"
            "accueil;Espaces;Arrivée et accueil des usagers\r\n"
            "cantine;Espaces;Restauration\r\n"
            "isolement;Relations;Personnes seules\r\n")
IDEAS = "Identifiant;Titre\nID-01;Cantine ouverte\nID-02;Portail animé\nID-03;Internat partagé\n"
VOTES = "Votant;Groupe;Idée;Gommettes\nAnne;agents;ID-01;3\nAnne;agents;ID-02;1\nPaul;usagers;ID-02;2\n"
CRITERIA = ("Identifiant;Critère;Dimension;Poids;Échelle min;Échelle max;Preuves attendues\n"
            "C1;Usage;usage;2;1;5;Fréquentation\n"
            "C2;Coût;coûts;1;0;3;\n")
SCORES = "Critère;Site;Tour;Note;Preuve\nC1;site-a;1;3;Comptage\n"


@pytest.fixture
def programme(tmp_path):
    folder = tmp_path / "copie"
    folder.mkdir()
    (folder / "programme.yaml").write_text(YAML, encoding="utf-8")
    (folder / "observations.csv").write_bytes(OBSERVATIONS.encode("cp1252"))
    (folder / "grille_codage.csv").write_text(CODEBOOK, encoding="utf-8")
    (folder / "idees.csv").write_text(IDEAS, encoding="utf-8-sig")
    (folder / "votes.csv").write_text(VOTES, encoding="utf-8")
    (folder / "criteres.csv").write_text(CRITERIA, encoding="utf-8")
    (folder / "notes.csv").write_text(SCORES, encoding="utf-8")
    return folder


def backups(folder):
    return sorted(p.name for p in (folder / BACKUP_DIR).iterdir()) if (folder / BACKUP_DIR).exists() else []


# --- editing ---------------------------------------------------------------------------------------

def test_table_file_keeps_encoding_separator_newlines_help_rows_and_unknown_columns(programme):
    path = programme / "observations.csv"
    table = TableFile.read(path, "observations")
    assert (table.encoding, table.separator, table.newline) == ("cp1252", ";", "\r\n")
    table.set(4, "tags", "accueil, isolement")
    table.save()
    expected = OBSERVATIONS.replace("O2;site-b;13/10/2016;entretien;Paul;La cantine est bruyante;cantine;",
                                    "O2;site-b;13/10/2016;entretien;Paul;La cantine est bruyante;accueil, isolement;")
    assert path.read_bytes() == expected.encode("cp1252")
    assert [name.endswith("-observations.csv") for name in backups(programme)] == [True]
    assert (programme / BACKUP_DIR / backups(programme)[0]).read_bytes() == OBSERVATIONS.encode("cp1252")


def test_table_file_adds_a_missing_column_with_its_french_header(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Critère,Site,Tour\nC1,site-a,1\n", encoding="utf-8")
    table = TableFile.read(path, "scores")
    table.set(2, "score", "2.5")
    table.save(backup=False)
    assert path.read_text(encoding="utf-8") == "Critère,Site,Tour,Note\nC1,site-a,1,2.5\n"


def test_table_file_refuses_a_character_the_file_encoding_cannot_hold(programme):
    table = TableFile.read(programme / "observations.csv", "observations")
    table.set(3, "tags", "accueil 🙂")
    with pytest.raises(DataError, match="Windows-1252"):
        table.save()
    assert (programme / "observations.csv").read_bytes() == OBSERVATIONS.encode("cp1252")
    assert backups(programme) == []


def test_table_file_refuses_workbooks(tmp_path):
    with pytest.raises(ParameterError, match="seules les tables CSV"):
        TableFile.read(tmp_path / "programme.xlsx", "votes")


def test_two_backups_in_a_row_are_both_kept(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_text("a", encoding="utf-8")
    first, second = backup_file(path), backup_file(path)
    assert first != second and first.exists() and second.exists()


# --- tagging ---------------------------------------------------------------------------------------

def test_check_tags_refuses_tags_outside_the_codebook():
    assert check_tags({"O1": ["accueil"]}, ["accueil"]) == []
    problems = check_tags({"O1": ["wifi", "accueil", "bruit"]}, ["accueil"])
    assert [(p.severity, p.rule, p.value) for p in problems] == [("error", "widgets.unknown_tags", "wifi, bruit")]
    assert problems[0].format() == "observation O1 : étiquette(s) absente(s) de la grille de codage : wifi, bruit"


def test_save_tags_refuses_unknown_tags_and_writes_nothing(programme):
    with pytest.raises(DataError, match="wifi"):
        save_tags(programme / "observations.csv", {"O2": ["wifi"]}, ["accueil"])
    assert (programme / "observations.csv").read_bytes() == OBSERVATIONS.encode("cp1252")


def test_tagging_widget_shows_one_observation_with_its_context(programme):
    widget = TaggingWidget(programme)
    assert widget.current == "O1"
    assert "Observation 1 sur 3" in widget.header.value
    assert "Lycée A" in widget.header.value and "12/10/2016" in widget.header.value and "Inès" in widget.header.value
    assert "&lt;b&gt;ferme&lt;/b&gt;" in widget.text.value  # the text is escaped, never run as HTML
    assert [t for t, b in widget.tag_boxes.items() if b.value] == ["accueil"]
    assert widget.tag_boxes["cantine"].tooltip == "Restauration"
    assert widget.previous_button.disabled and not widget.next_button.disabled


def test_tagging_widget_keeps_ticks_across_navigation_and_saves_them(programme):
    widget = TaggingWidget(programme)
    widget.next_button.click()
    assert widget.current == "O2"
    widget.tag_boxes["isolement"].value = True
    widget.next_button.click()
    widget.previous_button.click()
    assert [t for t, b in widget.tag_boxes.items() if b.value] == ["cantine", "isolement"]
    widget.save_button.click()
    assert "Enregistré dans observations.csv" in widget.status.value
    assert "Version précédente sauvegardée : .backups/" in widget.status.value
    prog = load_programme(programme)
    assert prog.observations.set_index("id")["tags"].to_dict() == {
        "O1": ["accueil"], "O2": ["cantine", "isolement"], "O3": ["accueil", "cantine"]}
    assert (programme / "observations.csv").read_bytes().count(b"\r\n") == 5  # still CRLF, help row kept


def test_an_observation_left_untagged_reads_as_no_tag(programme):
    widget = TaggingWidget(programme)
    widget.select([])
    assert widget.save()
    assert load_programme(programme).observations.set_index("id").at["O1", "tags"] == []


def test_tagging_widget_untick_and_nothing_to_save(programme):
    widget = TaggingWidget(programme, site="site-a")
    assert list(widget.observations["id"]) == ["O1", "O3"]
    widget.save_button.click()
    assert "Rien à enregistrer" in widget.status.value
    widget.go(1)
    widget.select(["isolement"])
    assert widget.save()
    assert load_programme(programme).observations.set_index("id").at["O3", "tags"] == ["isolement"]
    assert len(backups(programme)) == 1


def test_tagging_widget_without_observations_says_so(programme):
    (programme / "observations.csv").write_text("Identifiant;Site;Date;Méthode;Texte\n", encoding="utf-8")
    widget = TaggingWidget(programme)
    assert "Pas de données" in widget.children[0].value


# --- dot voting ------------------------------------------------------------------------------------

def test_check_dots_counts_and_limits():
    assert check_dots({"A": 2, "B": "1", "C": None}, 3) == ({"A": 2, "B": 1}, [])
    assert [(p.rule, p.value) for p in check_dots({"A": 2, "B": 2}, 3)[1]] == [("widgets.too_many_dots", 4)]
    assert [(p.rule, p.value) for p in check_dots({"A": "deux"}, 3)[1]] == [("widgets.bad_dots", "deux")]
    assert [(p.rule, p.value) for p in check_dots({"Z": 1}, 3, ideas=["A"])[1]] == [("widgets.unknown_idea", "Z")]
    assert check_dots({"A": "deux"}, 3)[1][0].message == "idée A : nombre entier positif ou nul attendu, trouvé « deux »"


def test_vote_totals_replaces_the_voters_saved_votes_by_the_current_ones():
    ideas = pd.DataFrame({"id": ["A", "B", "C"], "title": ["a", "b", "c"]})
    votes = pd.DataFrame({"voter": ["Anne", "Anne", "Paul"], "idea": ["A", "B", "B"], "dots": [3, 1, 2]})
    totals = vote_totals(votes, ideas, voter="Anne", allocation={"C": 4})
    assert totals.set_index("idea")["dots"].to_dict() == {"C": 4, "B": 2, "A": 0}
    assert list(totals["idea"]) == ["C", "B", "A"]


def test_dot_voting_widget_reads_the_dots_allowed_and_the_voters_earlier_votes(programme):
    widget = DotVotingWidget(programme, "Anne", "agents")
    assert widget.total == 4
    assert {k: b.value for k, b in widget.inputs.items()} == {"ID-01": 3, "ID-02": 1, "ID-03": 0}
    assert "Gommettes posées : 4 sur 4 (reste 0)" in widget.counter.value


def test_dot_voting_widget_refuses_too_many_dots_and_writes_nothing(programme):
    widget = DotVotingWidget(programme, "Anne", "agents")
    widget.inputs["ID-03"].value = 2
    assert "Gommettes posées : 6 sur 4 — 2 en trop" in widget.counter.value and "reste" not in widget.counter.value
    widget.save_button.click()
    assert "Non enregistré" in widget.status.value and "6 gommettes posées, 4 au plus" in widget.status.value
    assert (programme / "votes.csv").read_text(encoding="utf-8") == VOTES
    assert backups(programme) == []


def test_dot_voting_widget_replaces_the_voters_rows_and_updates_the_result(programme):
    widget = DotVotingWidget(programme, "Anne", "agents", session="S1")
    widget.inputs["ID-01"].value = 0
    widget.inputs["ID-02"].value = 1
    widget.inputs["ID-03"].value = 3
    # running result before saving: ID-03 3 (Anne), ID-02 1 + 2 (Paul) = 3, ID-01 0
    assert widget.results.value.index("ID-03") < widget.results.value.index("ID-01")
    assert widget.save()
    assert (programme / "votes.csv").read_text(encoding="utf-8") == (
        "Votant;Groupe;Idée;Gommettes;Séance\nAnne;agents;ID-01;3;\nAnne;agents;ID-02;1;\nPaul;usagers;ID-02;2;\n"
        "Anne;agents;ID-02;1;S1\nAnne;agents;ID-03;3;S1\n")


def test_save_votes_without_session_replaces_all_the_voters_rows(programme):
    save_votes(programme / "votes.csv", "Anne", "Agents", {"ID-03": 4}, 4)
    votes = load_programme(programme).votes
    assert votes[["voter", "group", "idea", "dots"]].astype(str).values.tolist() == [
        ["Paul", "usagers", "ID-02", "2"], ["Anne", "agents", "ID-03", "4"]]


def test_dot_voting_widget_refuses_an_unknown_group(programme):
    widget = DotVotingWidget(programme, "Zoé", "martiens")
    widget.inputs["ID-01"].value = 1
    assert not widget.save()
    assert "groupe « martiens » inconnu" in widget.status.value
    assert (programme / "votes.csv").read_text(encoding="utf-8") == VOTES


def test_dot_voting_widget_takes_five_dots_when_the_programme_says_nothing(programme):
    (programme / "programme.yaml").write_text(YAML.split("voting:")[0], encoding="utf-8")
    assert DotVotingWidget(programme, "Anne", "agents").total == 5


# --- evaluation grid -------------------------------------------------------------------------------

def test_check_scores_within_each_criterions_scale():
    criteria = pd.DataFrame({"id": ["C1", "C2"], "scale_min": [1, 0], "scale_max": [5, 3]})
    assert check_scores({"C1": ("5", "x"), "C2": ("0", "")}, criteria) == ({"C1": (5.0, "x"), "C2": (0.0, "")}, [])
    assert [(p.rule, p.value) for p in check_scores({"C1": ("0", "")}, criteria)[1]] == [
        ("widgets.score_out_of_scale", "0")]
    assert [(p.rule, p.value) for p in check_scores({"C1": ("bien", "")}, criteria)[1]] == [("widgets.bad_score", "bien")]
    assert check_scores({"C1": ("0", "")}, criteria)[1][0].message == "critère C1 : note 0 hors de l'échelle 1–5"
    assert check_scores({"C1": ("", "")}, criteria) == ({"C1": (None, "")}, [])


def test_evaluation_widget_prefills_the_existing_scores(programme):
    widget = EvaluationGridWidget(programme, "site-a", 1)
    assert widget.scores["C1"].value == "3" and widget.evidence["C1"].value == "Comptage"
    assert widget.scores["C2"].value == "" and widget.scores["C2"].placeholder == "note (0–3)"


def test_evaluation_widget_refuses_a_score_outside_the_scale(programme):
    widget = EvaluationGridWidget(programme, "site-a", 1)
    widget.scores["C2"].value = "4"
    widget.save_button.click()
    assert "critère C2 : note 4 hors de l'échelle 0–3" in widget.status.value
    assert (programme / "notes.csv").read_text(encoding="utf-8") == SCORES


def test_evaluation_widget_updates_and_adds_rows(programme):
    widget = EvaluationGridWidget(programme, "site-a", 1)
    widget.scores["C1"].value = "4,5"
    widget.scores["C2"].value = "2"
    widget.evidence["C2"].value = "Budget voté"
    widget.save_button.click()
    assert "Enregistré dans notes.csv" in widget.status.value
    assert (programme / "notes.csv").read_text(encoding="utf-8") == (
        "Critère;Site;Tour;Note;Preuve\nC1;site-a;1;4,5;Comptage\nC2;site-a;1;2;Budget voté\n")
    other = EvaluationGridWidget(programme, "site-b", 2)
    other.scores["C1"].value = "1"
    assert other.save()
    scores = load_programme(programme).scores
    assert scores[["criterion", "site", "round", "score"]].astype(str).values.tolist() == [
        ["C1", "site-a", "1", "4.5"], ["C2", "site-a", "1", "2.0"], ["C1", "site-b", "2", "1.0"]]


def test_tagging_widget_jumps_to_the_next_uncoded_note_and_codes_with_the_keyboard(programme):
    (programme / "observations.csv").write_bytes(OBSERVATIONS.replace(";accueil;à revoir", ";;à revoir")
                                                 .replace(";cantine;\r\n", ";;\r\n").encode("cp1252"))
    widget = TaggingWidget(programme)
    assert widget.uncoded() == ["O1", "O2"]
    assert "2 non codée(s)" in widget.header.value
    assert [b.description for b in widget.tag_boxes.values()] == ["1. accueil", "2. cantine", "3. isolement"]
    widget.key_box.value = "2 i"  # numbers or initials, then Entrée
    assert [t for t, b in widget.tag_boxes.items() if b.value] == ["cantine", "isolement"]
    assert widget.key_box.value == ""
    widget.key_box.value = "+"  # next uncoded note
    assert widget.current == "O2"
    widget.key_box.value = "1 +"
    assert widget.current == "O2" and "Toutes les notes affichées sont codées" in widget.status.value
    assert "0 non codée(s)" in widget.header.value
    widget.tag_boxes["accueil"].value = False  # a tick changes the count at once
    assert "1 non codée(s)" in widget.header.value
    widget.tag_boxes["accueil"].value = True
    widget.key_box.value = "z"
    assert "« z » : aucune étiquette" in widget.status.value
    assert widget.save()
    assert load_programme(programme).observations.set_index("id")["tags"].to_dict() == {
        "O1": ["cantine", "isolement"], "O2": ["accueil"], "O3": ["accueil", "cantine"]}


def test_tagging_widget_filters_by_site_and_tag(programme):
    widget = TaggingWidget(programme)
    assert widget.site_filter.value == widget.tag_filter.value == "*"  # « Tous les sites » shown, never a blank list
    widget.site_filter.value = "site-b"
    assert widget.current == "O2" and "Observation 1 sur 1" in widget.header.value
    widget.site_filter.value = "*"
    widget.tag_filter.value = "accueil"
    assert [widget.observations["id"].iloc[p] for p in widget.visible] == ["O1", "O3"]
    widget.tag_filter.value = "isolement"
    assert widget.current is None and "Aucune note" in widget.header.value
    assert [label for label, _ in widget.tag_filter.options][2:] == ["accueil (Espaces)", "cantine (Espaces)",
                                                                     "isolement (Relations)"]


def test_dot_voting_widget_chooses_the_voter_in_the_list(programme):
    (programme / "programme.yaml").write_text(YAML + "participants: [Zoé, Anne]\n", encoding="utf-8")
    widget = DotVotingWidget(programme)
    assert [v for _, v in widget.voter_box.options] == ["", "Zoé", "Anne", "Paul"]
    assert not widget.save() and "le nom du votant est vide" in widget.status.value
    widget.voter_box.value = "Anne"
    assert {k: b.value for k, b in widget.inputs.items()} == {"ID-01": 3, "ID-02": 1, "ID-03": 0}
    assert widget.group_box.value == "agents"
    widget.voter_box.value = "Zoé"
    assert sum(b.value for b in widget.inputs.values()) == 0 and "reste 4" in widget.counter.value
    widget.inputs["ID-03"].value = 2
    widget.group_box.value = "usagers"
    assert widget.save()
    assert "Zoé;usagers;ID-03;2" in (programme / "votes.csv").read_text(encoding="utf-8")
    # the counter and the save button come before the ideas
    kinds = [type(c).__name__ for c in widget.children]
    assert kinds.index("HBox") < kinds.index("Box")


def test_evaluation_widget_site_and_round_lists_and_summary_on_the_1_to_5_scale(programme):
    widget = EvaluationGridWidget(programme)
    assert widget.site == "site-a" and widget.round == 1
    assert [v for _, v in widget.site_box.options] == ["site-a", "site-b"]
    assert [v for _, v in widget.round_box.options] == [1, 2]
    assert "Score pondéré de ce site pour ce tour : 3 sur 5" in widget.summary.value
    widget.scores["C2"].value = "3"  # top of a 0–3 scale: 5 on the 1–5 scale; weights 2 and 1
    assert "3,67 sur 5" in widget.summary.value
    widget.site_box.value = "site-b"
    assert widget.scores["C1"].value == "" and "aucune note" in widget.summary.value
    widget.scores["C1"].value = "5"
    assert widget.save()
    assert "C1;site-b;1;5;" in (programme / "notes.csv").read_text(encoding="utf-8")


def test_evaluation_widget_refuses_an_unknown_site(programme):
    widget = EvaluationGridWidget(programme, "site-z", 1)
    assert widget.save_button.disabled
    assert "site « site-z » inconnu" in widget.status.value
    assert not widget.save()
