"""Survey scales (Cronbach's α), agreement by role, dot-vote stability: values computed by hand."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest
from scipy.stats import f

from conftest import LYCEES
from transfo_lab.phases.research import survey
from transfo_lab import validate_programme
from transfo_lab.phases import vote_stability


def _long(items: dict[str, list], site="s", roles=None) -> pd.DataFrame:
    rows = []
    for question, answers in items.items():
        for i, answer in enumerate(answers):
            rows.append({"respondent": f"R{i}", "site": site, "role": (roles or ["élève"] * len(answers))[i],
                         "question": question, "answer": answer})
    return pd.DataFrame(rows)


def test_cronbach_alpha_by_hand():
    # item variances (n − 1): 2.5, 2.3, 1.5 → 6.3; totals 4, 7, 9, 13, 14 → variance 17.3
    # α = 3/2 · (1 − 6.3 / 17.3) = 0.953757…
    items = {"q1": [1, 2, 3, 4, 5], "q2": [2, 2, 3, 5, 5], "q3": [1, 3, 3, 4, 4]}
    assert survey.cronbach_alpha(pd.DataFrame(items)) == pytest.approx(1.5 * (1 - 6.3 / 17.3))
    table = survey.scale_reliability(_long(items), {"Échelle": ["q1", "q2", "q3"]})
    row = table[table["site"] == "*"].iloc[0]
    assert (row["n_items"], row["n_respondents"]) == (3, 5)
    assert row["alpha"] == pytest.approx(1.5 * (1 - 6.3 / 17.3))
    # Feldt: (1 − α)/(1 − α̂) ~ F(4, 8)
    assert row["ci_low"] == pytest.approx(1 - (1 - row["alpha"]) * f.ppf(0.975, 4, 8))
    assert row["ci_high"] == pytest.approx(1 - (1 - row["alpha"]) * f.ppf(0.025, 4, 8))


def test_incomplete_respondents_are_left_out():
    items = {"q1": [1, 2, 3, 4, 5, None], "q2": [2, 2, 3, 5, 5, 4], "q3": [1, 3, 3, 4, 4, 2]}
    row = survey.scale_reliability(_long(items), {"É": ["q1", "q2", "q3"]}).iloc[-1]
    assert row["n_respondents"] == 5 and row["alpha"] == pytest.approx(1.5 * (1 - 6.3 / 17.3))


def test_format_and_sentence():
    items = {"q1": [1, 2, 3, 4, 5] * 3, "q2": [5, 1, 4, 2, 3] * 3}
    table = survey.scale_reliability(_long(items), {"Ouverture": ["q1", "q2"]})
    shown = survey.format_reliability(table, site_names={"s": "Lycée"})
    assert shown.columns.tolist() == ["Échelle", "Site", "Questions", "Répondants complets", "α de Cronbach",
                                      "IC 95 %", "Lecture"]
    assert shown.iloc[-1]["Lecture"] == "à revoir : les questions ne mesurent pas la même chose"
    assert survey.reliability_sentence(table).endswith("À revoir : Ouverture.")


def test_agreement_by_role_by_hand():
    answers = {"Q": [5, 4, 4, 2, 1, 2, 2, 1, 4, 3, 5, 5, 5, 4, 4]}
    roles = ["élève"] * 5 + ["parent"] * 5 + ["enseignant"] * 5
    table = survey.agreement_by_role(_long(answers, roles=roles))
    shares = dict(zip(table["role"], table["share_agree"]))
    assert shares == {"enseignant": 1.0, "parent": 0.2, "élève": 0.6}
    assert table["gap"].iloc[0] == pytest.approx(0.8)
    shown = survey.format_by_role(table)
    assert shown.iloc[0]["Lecture"] == "les profils divergent"


def test_unknown_scale_question_is_a_located_error(tmp_path):
    folder = tmp_path / "prog"
    shutil.copytree(LYCEES, folder)
    yaml_file = folder / "programme.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace(
        "- Le trajet entre le domicile et le lycée est facile", "- Le trajet est court"), encoding="utf-8")
    issues = [i for i in validate_programme(folder).errors if i.rule == "rigour.unknown_scale_question"]
    assert [i.format() for i in issues] == ["programme.yaml, colonne « survey.scales.Ouverture et participation » : "
                                            "survey.scales.Ouverture et participation : question « Le trajet est court » "
                                            "absente du questionnaire"]


def test_lycees_scales(lycees):
    scales = survey.declared_scales(lycees.config.settings)
    assert list(scales) == ["Lieux de vie", "Ouverture et participation"]
    table = survey.scale_reliability(lycees.survey, scales)
    overall = table[table["site"] == "*"].set_index("scale")["alpha"]
    assert overall["Lieux de vie"] >= 0.8 > overall["Ouverture et participation"]


IDEAS = pd.DataFrame({"id": ["A", "B", "C"], "title": ["Cantine", "Portail", "Foyer"]})


def test_unanimous_votes_are_safe():
    votes = pd.DataFrame({"voter": [f"v{i}" for i in range(6) for _ in range(2)], "group": ["agents"] * 12,
                          "idea": ["A", "B"] * 6, "dots": [3, 1] * 6})
    table = vote_stability.top_stability(votes, IDEAS, top=1, n_boot=300)
    assert dict(zip(table["idea"], table["p_top"])) == {"A": 1.0, "B": 0.0, "C": 0.0}
    assert table["stability"].tolist() == ["safe", "outside", "outside"]
    shown = vote_stability.format_stability(table, top=1)
    assert shown.columns.tolist() == ["Rang", "Titre", "Gommettes", "Reste dans le top 1", "Stabilité"]
    assert vote_stability.stability_sentence(table, top=1, n_boot=300) == (
        "En retirant ou redoublant des votants au hasard (300 tirages), le top 1 ne change pas.")


def test_a_tie_is_fragile():
    # two voters, one dot each on A and B. Draws: {v1, v1} 1/4 → A alone first; {v2, v2} 1/4 → B alone;
    # {v1, v2} 1/2 → a tie, both first. P(A in the top 1) = 3/4.
    votes = pd.DataFrame({"voter": ["v1", "v2"], "group": ["agents"] * 2, "idea": ["A", "B"], "dots": [1, 1]})
    table = vote_stability.top_stability(votes, IDEAS, top=1, n_boot=20000, seed=5).set_index("idea")
    assert table.loc["A", "p_top"] == pytest.approx(0.75, abs=0.015)
    assert table.loc["B", "p_top"] == pytest.approx(0.75, abs=0.015)
    assert table.loc["A", "stability"] == "fragile"


def test_lycees_vote_stability(lycees):
    table = vote_stability.top_stability(lycees.votes, lycees.ideas, n_boot=500)
    first_two = table.head(2)
    assert first_two["tie"].all()  # the example has a tie at the top
    assert (table["p_top"].between(0, 1)).all() and table["p_top"].iloc[0] > table["p_top"].iloc[-1]
