"""The bundled example programmes validate and are rich enough for every analysis (issue 2, §4)."""
from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from conftest import LYCEES, TRANSFO
from transfo_lab import validate_programme
from transfo_lab.cli import main


@pytest.mark.parametrize("folder", [LYCEES, TRANSFO], ids=["lycees", "transfo"])
def test_example_validates_without_error_or_warning(folder, capsys):
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}
    report = validate_programme(folder)
    assert report.problems == [], report.format()
    assert main(["validate", str(folder)]) == 0
    assert "Aucun problème" in capsys.readouterr().out
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}
    assert before == after  # loading never modifies the user's files


def test_lycees_counts(lycees):
    p = lycees
    assert p.kind == "pret_a_deployer"
    assert len(p.config.sites) == 3
    assert len(p.observations) >= 180
    assert set(p.observations["site"]) == set(p.config.site_ids)
    assert set(p.observations["week"].dropna()) == {1, 2, 3}
    assert len(p.codebook) >= 15
    assert p.survey["respondent"].nunique() >= 120
    assert p.survey["question"].nunique() >= 8
    steps = p.journeys.groupby(["site", "journey"]).size()
    assert (steps.groupby(level="site").size() >= 2).all() and (steps >= 8).all()
    assert len(p.inspiration) >= 25
    assert len(p.ideas) >= 40 and p.votes["idea"].nunique() >= 10
    assert len(p.prototypes) >= 8
    tested = p.tests.groupby("prototype").agg(sites=("site", "nunique"), iterations=("iteration", "max"))
    assert (tested["sites"] >= 2).sum() >= 8 and (tested["iterations"] >= 3).sum() >= 8
    assert len(p.criteria) >= 8
    rounds = p.scores.groupby("site")["round"].nunique()
    assert set(rounds.index) == set(p.config.site_ids) and (rounds >= 3).all()


def test_lycees_budget_is_the_notes(lycees):
    budget = lycees.budget
    sections = budget.groupby("section", sort=False)["amount"].sum()
    assert sections.tolist() == [105_400, 37_300, 23_500]
    assert budget["amount"].sum() == 166_200


def test_lycees_cross_references_hold(lycees):
    p = lycees
    codebook = set(p.codebook["tag"])
    assert {t for tags in p.observations["tags"] for t in tags} == codebook  # every tag used, none unknown
    assert set(p.tests["prototype"]) <= set(p.prototypes["id"])
    assert set(p.votes["idea"]) <= set(p.ideas["id"])
    assert set(p.scores["criterion"]) == set(p.criteria["id"])
    assert set(p.prototypes["idea"].dropna()) <= set(p.ideas["id"])


def test_lycees_has_personal_data_to_pseudonymise(lycees):
    text = " ".join(lycees.observations["text"])
    assert pd.Series([text]).str.contains(r"[\w.-]+@[\w-]+\.\w+").item()
    assert pd.Series([text]).str.contains(r"(?:\+33 ?|0)[67](?:[ .]?\d{2}){4}").item()
    assert any(name in text for name in lycees.config.participants)


def test_transfo_counts(transfo):
    p = transfo
    assert p.kind == "transfo"
    roles = p.team["role"].value_counts()
    assert roles["ambassadeur"] == 20 and roles["resident"] == 3 and roles["agent_referent"] == 1
    sessions = p.calendar[p.calendar["type"] == "session"]
    days = sum(len(pd.bdate_range(s, e)) for s, e in zip(sessions["start"], sessions["end"]))
    assert days == 35
    assert len(p.observations) > 0 and len(p.ideas) > 0 and len(p.prototypes) > 0 and len(p.scores) > 0
