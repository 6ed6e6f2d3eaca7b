"""The agile evaluation grid: weights, missing scores, trends, margin of adaptation, recommendations, workbook."""
from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import openpyxl
import pandas as pd
import pytest

from transfo_lab.phases import evaluation as ev
from transfo_lab.base.exceptions import DataError, ParameterError, TransfoLabWarning


@pytest.fixture
def criteria():
    # weights sum to 1; C2 on a 0–3 scale; C1 common to all sites, C2 adaptable, C3 not specified
    return pd.DataFrame({"id": ["C1", "C2", "C3"], "criterion": ["Usage réel", "Coût maîtrisé", "Équipe impliquée"],
                         "dimension": ["usage", "coûts", "organisation"], "weight": [0.5, 0.25, 0.25],
                         "scale_min": [1, 0, 1], "scale_max": [5, 3, 5], "evidence": ["Comptage", "Budget", None],
                         "adaptable": pd.array([False, True, pd.NA], dtype="boolean")})


def scores_frame(rows):
    data = pd.DataFrame(rows, columns=["criterion", "site", "round", "score", "evidence"])
    data["comment"] = None
    data["date"] = pd.NaT
    data.index = pd.Index(range(2, 2 + len(data)), name="row")
    return data


@pytest.fixture
def scores():
    return scores_frame([
        ["C1", "a", 1, 2.0, "Peu de monde"], ["C2", "a", 1, 1.5, "Budget tenu à moitié"], ["C3", "a", 1, 3.0, "Réunions"],
        ["C1", "a", 2, 5.0, "120 élèves/soir"], ["C2", "a", 2, None, None], ["C3", "a", 2, 4.0, "Équipe motivée"],
        ["C1", "b", 1, 3.0, "60 élèves"], ["C2", "b", 1, 3.0, "Sous budget"], ["C3", "b", 1, 1.0, "Personne"],
    ])


# --- weights and scale -------------------------------------------------------------------------------

def test_weights_not_summing_to_one_are_normalised_with_a_warning(criteria):
    heavy = criteria.assign(weight=[2.0, 1.0, 1.0])
    with pytest.warns(ev.WeightsWarning) as caught:
        result = ev.normalise_weights(heavy)
    assert result["weight"].tolist() == [0.5, 0.25, 0.25]
    assert str(caught[0].message) == "la somme des poids des critères vaut 4 et non 1 : les poids ont été normalisés"
    assert issubclass(ev.WeightsWarning, TransfoLabWarning)
    assert heavy["weight"].tolist() == [2.0, 1.0, 1.0]   # input untouched


def test_weights_summing_to_one_do_not_warn(criteria):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ev.normalise_weights(criteria)


def test_zero_weights_are_refused(criteria):
    with pytest.raises(ParameterError, match="somme des poids des critères est nulle"):
        ev.normalise_weights(criteria.assign(weight=0.0))


def test_weighted_scores_bring_every_scale_to_1_5_and_normalise_weights(criteria, scores):
    with pytest.warns(ev.WeightsWarning):
        weighted = ev.weighted_scores(criteria.assign(weight=[2.0, 1.0, 1.0]), scores)
    # site a, round 1: C1 2 → 2 ; C2 1.5 on 0–3 → 3 ; C3 3 → 3 ; 0.5×2 + 0.25×3 + 0.25×3 = 2.5
    row = weighted[(weighted["site"] == "a") & (weighted["round"] == 1)].iloc[0]
    assert row["score"] == pytest.approx(2.5)
    assert (row["coverage"], row["n_scored"], row["n_missing"]) == (1.0, 3, 0)


def test_missing_score_is_reported_never_read_as_zero(criteria, scores):
    weighted = ev.weighted_scores(criteria, scores)
    row = weighted[(weighted["site"] == "a") & (weighted["round"] == 2)].iloc[0]
    # C1 5 (w .5) and C3 4 (w .25), C2 missing: (0.5×5 + 0.25×4) / 0.75 = 4.667 — not (2.5 + 0 + 1) = 3.5
    assert row["score"] == pytest.approx(14 / 3)
    assert (row["coverage"], row["n_missing"]) == (0.75, 1)
    missing = ev.missing_scores(criteria, scores)
    assert missing[["site", "round", "criterion", "row"]].astype(object).values.tolist() == [
        ["a", 2, "C2", 6], ["b", 2, "C1", pd.NA], ["b", 2, "C2", pd.NA], ["b", 2, "C3", pd.NA]]
    b2 = weighted[(weighted["site"] == "b") & (weighted["round"] == 2)].iloc[0]
    assert np.isnan(b2["score"]) and b2["coverage"] == 0


def test_weighted_scores_per_dimension(criteria, scores):
    per_dim = ev.weighted_scores(criteria, scores, by_dimension=True)
    a1 = per_dim[(per_dim["site"] == "a") & (per_dim["round"] == 1)].set_index("dimension")["score"]
    assert a1.to_dict() == {"usage": 2.0, "coûts": 3.0, "organisation": 3.0}
    a2 = per_dim[(per_dim["site"] == "a") & (per_dim["round"] == 2)].set_index("dimension")
    assert np.isnan(a2.loc["coûts", "score"]) and a2.loc["coûts", "n_missing"] == 1


def test_trends_across_rounds(criteria, scores):
    table = ev.trends(ev.weighted_scores(criteria, scores))
    assert table.loc["a", 1] == pytest.approx(2.5) and table.loc["a", "change"] == pytest.approx(14 / 3 - 2.5)
    assert np.isnan(table.loc["b", "change"])   # b has only one scored round
    ax = ev.plot_trends(ev.weighted_scores(criteria, scores), site_names={"a": "Lycée A"})
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Lycée A", "b"]


# --- margin of adaptation ---------------------------------------------------------------------------

def test_adaptation_margin(criteria, scores):
    margin = ev.adaptation_margin(criteria, scores, round=1).set_index("criterion")
    # C1: a 2, b 3 → range 1, std 0.5 ; C2: a 3, b 5 → range 2, std 1 ; C3: a 3, b 1 → range 2
    assert margin.loc["C1", ["min", "max", "range", "std", "n_sites"]].tolist() == [2.0, 3.0, 1.0, 0.5, 2]
    assert margin.loc["C2", ["range", "std"]].tolist() == [2.0, 1.0]
    assert margin["scope"].tolist() == ["commun à tous les sites", "adaptable localement", "non précisé"]
    english = ev.adaptation_margin(criteria, scores, lang="en")
    assert english["scope"].tolist() == ["common to all sites", "locally adaptable", "not specified"]


def test_margin_uses_each_sites_latest_round(criteria, scores):
    margin = ev.adaptation_margin(criteria, scores).set_index("criterion")
    # a at round 2 (C1 5), b at round 1 (C1 3)
    assert margin.loc["C1", ["min", "max", "range"]].tolist() == [3.0, 5.0, 2.0]
    assert margin.loc["C2", "n_sites"] == 1   # a's C2 is missing in round 2


# --- recommendation ---------------------------------------------------------------------------------

def one_criterion(adaptable=True):
    return pd.DataFrame({"id": ["C1"], "criterion": ["Usage"], "dimension": ["usage"], "weight": [1.0],
                         "scale_min": [1], "scale_max": [5], "evidence": [None],
                         "adaptable": pd.array([adaptable], dtype="boolean")})


@pytest.mark.parametrize("score, expected", [(3.5, "deploy"), (3.49, "adapt"), (2.5, "adapt"), (2.49, "rework"),
                                             (5.0, "deploy"), (1.0, "rework")])
def test_recommendation_on_each_side_of_the_thresholds(score, expected):
    scores = scores_frame([["C1", "a", 1, score, "preuve"]])
    assert ev.recommend(one_criterion(), scores)["recommendation"].tolist() == [expected]


def test_thresholds_come_from_programme_settings():
    scores = scores_frame([["C1", "a", 1, 3.5, "preuve"]])
    limits = ev.thresholds({"evaluation": {"thresholds": {"deploy": 4, "adapter": "3,0"}}})
    assert limits == {"deploy": 4.0, "adapt": 3.0, "floor": 2.0}
    assert ev.recommend(one_criterion(), scores, limits=limits)["recommendation"].tolist() == ["adapt"]
    assert ev.recommend(one_criterion(), scores_frame([["C1", "a", 1, 2.9, "p"]]),
                        limits=limits)["recommendation"].tolist() == ["rework"]


@pytest.mark.parametrize("settings", [{"evaluation": {"thresholds": {"deploy": 2, "adapt": 3}}},
                                      {"evaluation": {"thresholds": {"seuil": 3}}},
                                      {"evaluation": {"thresholds": {"floor": "bas"}}}])
def test_bad_thresholds_are_refused(settings):
    with pytest.raises(ParameterError):
        ev.thresholds(settings)


def test_a_common_criterion_below_the_floor_forbids_deploying():
    criteria = pd.DataFrame({"id": ["C1", "C2"], "criterion": ["Sécurité", "Ambiance"], "dimension": ["usage", "usage"],
                             "weight": [0.1, 0.9], "scale_min": [1, 1], "scale_max": [5, 5], "evidence": [None, None],
                             "adaptable": pd.array([False, True], dtype="boolean")})
    scores = scores_frame([["C1", "a", 1, 1.0, "Incident"], ["C2", "a", 1, 5.0, "Très bien"],
                           ["C1", "b", 1, 5.0, "RAS"], ["C2", "b", 1, 1.5, "Tendu"],
                           ["C1", "c", 1, 2.0, "Limite"], ["C2", "c", 1, 5.0, "Très bien"]])
    recs = ev.recommend(criteria, scores).set_index("site")
    # a: 0.1×1 + 0.9×5 = 4.6 ≥ 3.5 but common C1 = 1 < 2 → Adapter ; c: C1 = 2 is not below the floor → Déployer
    assert recs.loc["a", ["score", "recommendation", "decision"]].tolist() == [4.6, "adapt", "Adapter"]
    assert recs.loc["a", "reasons"] == ("score pondéré 4,60 ≥ 3,50 (seuil « Déployer ») ; critère commun à tous les "
                                        "sites « Sécurité » noté 1,00 < 2,00 (plancher) : au mieux « Adapter »")
    assert recs.loc["a", "triggers"] == ["C1"]
    assert recs.loc["c", "recommendation"] == "deploy"
    # an adaptable criterion below the floor does not block: b = 0.5 + 1.35 = 1.85 → rework anyway
    assert recs.loc["b", "recommendation"] == "rework" and recs.loc["b", "triggers"] == ["C2"]


def test_recommendation_shows_its_evidence_and_missing_scores(criteria, scores):
    recs = ev.recommend(criteria, scores, sites=["a", "b", "c"])
    evidence = ev.recommendation_evidence(criteria, scores, sites=["a", "b", "c"])
    a = recs.set_index("site").loc["a"]
    # round 2 for a: 14/3 = 4.67 → deploy (C1, the common criterion, scores 5)
    assert (a["round"], a["score"], a["recommendation"], a["n_missing"]) == (2, 4.67, "deploy", 1)
    assert "1 note(s) manquante(s) (25 % du poids)" in a["reasons"].replace("\xa0", " ")
    lines = evidence[evidence["site"] == "a"].set_index("criterion")
    assert lines.loc["C1", ["score", "evidence", "trigger"]].tolist() == [5.0, "120 élèves/soir", True]
    assert np.isnan(lines.loc["C2", "score"]) and not lines.loc["C2", "trigger"]
    c = recs.set_index("site").loc["c"]
    assert (c["recommendation"], c["decision"]) == ("none", "Pas de recommandation (aucune note)")
    from transfo_lab.phases.evidence import recommendations_markdown

    text = recommendations_markdown(recs, evidence, site_names={"a": "Lycée A"})
    assert "### Lycée A — tour 2 : **Déployer**" in text
    assert "- Usage réel (usage) : 5,0/5 — preuve : 120 élèves/soir — **déclencheur**" in text
    assert "- Coût maîtrisé (coûts) : *note manquante*" in text


def test_rework_triggers_are_the_low_scores(criteria):
    scores = scores_frame([["C1", "a", 1, 1.0, "Vide"], ["C2", "a", 1, 3.0, "OK"], ["C3", "a", 1, 2.0, ""]])
    recs = ev.recommend(criteria, scores)
    # 0.5×1 + 0.25×5 + 0.25×2 = 2.25 < 2.5
    assert recs[["score", "recommendation"]].values.tolist() == [[2.25, "rework"]]
    assert recs["triggers"][0] == ["C1", "C3"]


# --- charts ------------------------------------------------------------------------------------------

def test_heatmap_marks_missing_scores(criteria, scores):
    ax = ev.plot_heatmap(criteria, scores, round=2)
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["5,0", "—", "4,0", "—", "—", "—"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]


def test_heatmap_of_one_site_among_many_shows_the_site_and_the_median_of_the_others(criteria):
    # 20 sites; C1 (1–5) scored 1, 2, 3, 4, 5, 1, 2… ; the site in focus « s06 » has 2 on C1.
    # The 19 others on C1: four 1s, four 2s (s06 left out: three), four 3s, four 4s, four 5s → sorted, the 10th is 3.
    rows = [["C1", f"s{i:02d}", 1, float(i % 5 + 1), None] for i in range(1, 21)]
    rows += [["C3", f"s{i:02d}", 1, 4.0, None] for i in range(1, 21)]
    scores = scores_frame(rows)
    ax = ev.plot_heatmap(criteria, scores, focus="s06", site_names={"s06": "Lycée six"})
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Lycée six", "Médiane des 19 autres\nsites"]
    # s06: C1 = 6 % 5 + 1 = 2, C2 missing, C3 4; others' median: C1 3 (computed by hand above), C2 missing, C3 4
    assert [t.get_text() for t in ax.texts] == ["2,0", "—", "4,0", "3,0", "—", "4,0"]
    plt.close("all")
    few = scores[scores["site"].isin([f"s{i:02d}" for i in range(1, 16)])]  # 15 sites: every site is shown
    ax = ev.plot_heatmap(criteria, few, focus="s06")
    assert len(ax.get_yticklabels()) == 15


def test_radar_needs_a_polar_axes(criteria, scores):
    ax = ev.plot_radar(criteria, scores, site="a", round=1)
    assert ax.name == "polar"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Usage réel", "Coût maîtrisé", "Équipe impliquée"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Moyenne des sites", "a"]
    with pytest.raises(ParameterError, match="polar"):
        ev.plot_radar(criteria, scores, site="a", ax=plt.figure().gca())


# --- the grid as a workbook --------------------------------------------------------------------------

def test_workbook_round_trip(tmp_path, criteria):
    path = ev.export_grid_workbook(criteria, ["a", "b"], 3, tmp_path / "grille.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Grille"]
    headers = [c.value for c in ws[1]]
    assert headers == ["Critère", "Intitulé du critère", "Dimension", "Poids", "Échelle min", "Échelle max",
                       "Preuves attendues", "Adaptable localement", "Site", "Tour", "Note", "Preuve", "Commentaire"]
    assert [ws.cell(r, 1).value for r in range(2, 8)] == ["C1", "C2", "C3"] * 2
    assert [ws.cell(r, 8).value for r in range(2, 5)] == ["non", "oui", None]
    rules = {(dv.formula1, dv.formula2): str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert rules == {("1", "5"): "K2 K4 K5 K7", ("0", "3"): "K3 K6"}
    assert all(dv.type == "decimal" and dv.allow_blank for dv in ws.data_validations.dataValidation)
    assert wb.sheetnames == ["Grille", "Mode d'emploi"]

    filled = {2: (4, "Comptage : 80 élèves"), 3: (2.5, "Budget à 110 %"), 5: (5, "Comptage : 150"),
              6: (0, "Budget dépassé"), 7: (3, "Deux réunions")}   # row 4 (a, C3) left empty
    for row, (score, proof) in filled.items():
        ws.cell(row, 11).value = score
        ws.cell(row, 12).value = proof
    ws.cell(7, 13).value = "À revoir"
    wb.save(path)

    read = ev.read_grid_workbook(path)
    assert list(read.columns) == ["criterion", "site", "round", "score", "evidence", "comment", "date"]
    assert read.index.tolist() == [2, 3, 4, 5, 6, 7]
    assert read[["criterion", "site"]].values.tolist() == [["C1", "a"], ["C2", "a"], ["C3", "a"],
                                                           ["C1", "b"], ["C2", "b"], ["C3", "b"]]
    assert read["round"].tolist() == [3] * 6
    assert read["score"].tolist()[:2] == [4.0, 2.5] and np.isnan(read["score"][4])
    assert read["evidence"].tolist() == ["Comptage : 80 élèves", "Budget à 110 %", None, "Comptage : 150",
                                         "Budget dépassé", "Deux réunions"]
    assert read.loc[7, "comment"] == "À revoir"
    # and the scores re-imported give the same recommendation as typed by hand
    typed = scores_frame([["C1", "a", 3, 4.0, ""], ["C2", "a", 3, 2.5, ""], ["C1", "b", 3, 5.0, ""],
                          ["C2", "b", 3, 0.0, ""], ["C3", "b", 3, 3.0, ""]])
    pd.testing.assert_frame_equal(ev.recommend(criteria, read), ev.recommend(criteria, typed))


def test_workbook_with_a_score_out_of_scale_is_refused(tmp_path, criteria):
    path = ev.export_grid_workbook(criteria, ["a"], 1, tmp_path / "grille.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Grille"].cell(3, 11).value = 4       # C2 is on a 0–3 scale
    wb.save(path)
    with pytest.raises(DataError) as caught:
        ev.read_grid_workbook(path)
    assert str(caught.value) == ("grille.xlsx, [Grille], ligne 3, colonne « Note » : note 4 hors de l'échelle du critère "
                                 "« Coût maîtrisé » : attendu entre 0 et 3")
    assert caught.value.row == 3 and caught.value.column == "Note"


def test_workbook_with_an_unreadable_score_is_refused(tmp_path, criteria):
    path = ev.export_grid_workbook(criteria, ["a"], 1, tmp_path / "grille.xlsx", lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Grid"
    wb["Grid"].cell(2, 11).value = "beaucoup"
    wb.save(path)
    with pytest.raises(DataError) as caught:
        ev.read_grid_workbook(path, lang="en")
    assert (caught.value.row, caught.value.column) == (2, "Score")
