"""Evidence that can be checked: cited ids resolved and validated, coverage, flip margin (values by hand)."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from conftest import LYCEES
from transfo_lab.phases import evaluation, evidence
from transfo_lab import validate_programme

CRITERIA = pd.DataFrame({"id": ["C1", "C2", "C3"], "criterion": ["Usage", "Coût", "Juridique"],
                         "dimension": ["usage", "coûts", "partenariats"], "weight": [0.5, 0.3, 0.2],
                         "scale_min": [1, 1, 1], "scale_max": [5, 5, 5], "adaptable": [True, True, False]})


def _scores(values, evidence_texts=None):
    texts = evidence_texts or [None] * len(values)
    return pd.DataFrame({"criterion": ["C1", "C2", "C3"], "site": ["a"] * 3, "round": [1] * 3,
                         "score": [float(v) for v in values], "evidence": texts, "comment": [None] * 3})


def test_flip_margin_by_hand():
    # 0.5·4 + 0.3·4 + 0.2·3 = 3.8 → deploy (≥ 3.5)
    # one score: C1 4→3 gives 3.3 (adapt, size 1); C2 4→3 gives 3.5 (still deploy); C3 3→1 gives 3.4 and falls
    # under the floor (size 2). Smallest: C1 from 4 to 3.
    # one weight: C3 (score 3) crosses 3.5 when 0.8·4 + w·3 = 3.5·(0.8 + w) → w = 0.8, a share
    # 0.8 / 1.6 = 50 % of the grid (now 20 %); C1 and C2 score above 3.5: raising them never flips.
    flip = evidence.flip_margin(CRITERIA, _scores([4, 4, 3])).iloc[0]
    assert flip["recommendation"] == "deploy"
    assert (flip["score_criterion"], flip["score_old"], flip["score_new"], flip["score_to"]) == ("C1", 4.0, 3.0, "adapt")
    assert flip["weight_criterion"] == "C3" and flip["weight_to"] == "adapt"
    assert flip["weight_old"] == pytest.approx(0.2) and flip["weight_new"] == pytest.approx(0.5)
    text = evidence.holds_text(flip).replace("\xa0", " ")
    assert text == ("la note « Usage » ne passe pas de 4 à 3 et que le poids de « Juridique » reste en dessous de 50 % "
                    "(il est de 20 %)")
    sentence = evidence.flip_sentences(pd.DataFrame([flip]), site_names={"a": "Lycée A"})[0]
    assert sentence.startswith("Lycée A : « Déployer » tient tant que la note « Usage »")
    assert sentence.endswith("(alors : « Adapter »).")


def test_flip_margin_floor_rule_counts():
    # 5, 5, 2 → 4.4, deploy; C3 (common, floor 2 on 1–5) at 1 forbids deploy: a change of size 1, as C1 5→4 (4.9→
    # still deploy) cannot; so the smallest flip is C3 from 2 to 1, by the floor rule.
    flip = evidence.flip_margin(CRITERIA, _scores([5, 5, 2])).iloc[0]
    assert (flip["score_criterion"], flip["score_new"], flip["score_to"]) == ("C3", 1.0, "adapt")


def test_no_single_change_flips():
    flip = evidence.flip_margin(CRITERIA, _scores([1, 1, 1])).iloc[0]
    assert flip["recommendation"] == "rework"
    # 1,1,1 → one score to 5: at most 0.5·4 + 1 = 3.0 → adapt. So a score flip exists (C1 1→3 gives 2.0? no: 0.5·3+0.5 =
    # 2.0, rework; C1 1→4 gives 2.5, adapt) — size 3 on C1.
    assert (flip["score_criterion"], flip["score_new"]) == ("C1", 4.0)
    assert evidence.holds_text({"score_criterion": None, "score_new": float("nan"), "weight_criterion": None,
                                "weight_new": float("nan")}) == "aucun changement d'une seule note ou d'un seul poids ne la modifie"


def test_coverage_by_hand():
    scores = _scores([4, 4, 3], ["Comptage OBS-001", "Devis signé", "Avis juridique, test T-002"])
    coverage = evidence.evidence_coverage(CRITERIA, scores).iloc[0]
    assert (coverage["n_scores"], coverage["n_cited"]) == (3, 2) and coverage["coverage"] == pytest.approx(2 / 3)
    shown = evidence.format_coverage(pd.DataFrame([coverage]), site_names={"a": "Lycée A"})
    assert shown.iloc[0].tolist()[:3] == ["Lycée A", 3, 2]


def test_cited_records_are_resolved():
    tables = {"observations": pd.DataFrame({"id": ["OBS-001"], "text": ["On attend debout"], "site": ["a"]}),
              "tests": pd.DataFrame({"id": ["T-002"], "hypothesis": ["Deux services"], "result": ["validee"],
                                     "learning": ["Attente divisée par deux"], "site": ["a"]})}
    scores = _scores([4, 4, 3], ["Comptage OBS-001", "Devis", "Avis, T-002"])
    cited = evidence.cited_records(scores, tables)
    assert cited[["id", "kind", "text"]].values.tolist() == [
        ["OBS-001", "verbatim", "On attend debout"], ["T-002", "test", "Deux services — Validée — Attente divisée par deux"]]


def test_unknown_cited_id_is_a_located_error(tmp_path):
    folder = tmp_path / "prog"
    shutil.copytree(LYCEES, folder)
    notes = folder / "notes.csv"
    lines = notes.read_text(encoding="utf-8").splitlines()
    cells = lines[3].split(";")
    cells[4] = cells[4] + " (voir OBS-999 et T-001)"
    lines[3] = ";".join(cells)
    notes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = validate_programme(folder)
    issues = [i for i in report.errors if i.rule == "rigour.unknown_citation"]
    assert len(issues) == 1
    assert issues[0].format() == ("notes.csv, ligne 4, colonne « Preuve » : preuve citant « OBS-999 », identifiant "
                                  "absent de toutes les tables (observations, tests, prototypes, idées)")


def test_lycees_example_cites_records_in_most_evidence_cells(lycees):
    limits = evaluation.thresholds(lycees.config.settings)
    coverage = evidence.evidence_coverage(lycees.criteria, lycees.scores)
    assert coverage["n_cited"].sum() / coverage["n_scores"].sum() >= 0.6
    all_rounds = lycees.scores.dropna(subset=["score"])
    assert all_rounds["evidence"].map(bool_cites).mean() > 0.5
    flip = evidence.flip_margin(lycees.criteria, lycees.scores, limits=limits)
    assert flip["recommendation"].tolist() == ["deploy", "adapt", "rework"]
    assert flip["score_to"].notna().any()


def bool_cites(text) -> bool:
    return bool(evidence.cited_ids(text))


def test_recommendations_markdown_shows_cited_records_and_the_flip_margin(lycees):
    limits = evaluation.thresholds(lycees.config.settings)
    recs = evaluation.recommend(lycees.criteria, lycees.scores, limits=limits)
    lines = evaluation.recommendation_evidence(lycees.criteria, lycees.scores, limits=limits)
    flip = evidence.flip_margin(lycees.criteria, lycees.scores, limits=limits)
    text = evidence.recommendations_markdown(recs, lines, tables=lycees.tables, flip=flip)
    assert "*La recommandation tient tant que…* la note « Cadre juridique et conventions sécurisés » ne passe pas " \
           "de 3 à 1" in text
    assert "    - OBS-082 (verbatim) : « Le hall des ateliers" in text
    assert "(test) : « Le scénario convainc la direction juridique de la Région. — Invalidée —" in text
    # without the new arguments, the text is what it was
    plain = evidence.recommendations_markdown(recs, lines)
    assert "tient tant que" not in plain and "(verbatim)" not in plain


def test_a_sites_margin_and_coverage_do_not_depend_on_the_other_sites(lycees):
    """A site report and a dossier compute their own site only (a 50-site programme does not pay 50 times)."""
    criteria = evaluation.normalise_weights(lycees.criteria)
    limits = evaluation.thresholds(lycees.config.settings)
    every = evidence.flip_margin(criteria, lycees.scores, limits=limits)
    coverage = evidence.evidence_coverage(criteria, lycees.scores)
    assert sorted(every["site"]) == sorted(lycees.config.site_ids)
    assert every["score_criterion"].notna().any()  # margins exist in the example: the comparison says something
    for site in lycees.config.site_ids:
        alone = evidence.flip_margin(criteria, lycees.scores, limits=limits, sites=[site])
        assert list(alone["site"]) == [site]
        same = every[every["site"] == site].reset_index(drop=True)
        plain = [frame.astype(object).where(frame.notna(), None) for frame in (alone, same)]  # None or NaN: missing
        pd.testing.assert_frame_equal(*plain)
        pd.testing.assert_frame_equal(evidence.evidence_coverage(criteria, lycees.scores, sites=[site]),
                                      coverage[coverage["site"] == site].reset_index(drop=True))
