"""Budget: sections, subtotals, total, costs per site and month, financing split (transfo_lab.protocols.budget)."""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

from transfo_lab import load_programme, validate_programme
from transfo_lab.protocols.budget import (cost_per_month, cost_per_site, financing_shares, financing_split, format_budget_table,
                                reference_budget, summarise_budget)
from transfo_lab.base.exceptions import ParameterError, ProtocolWarning

NNBSP, NBSP = "\u202f", "\xa0"

# The note's budget lines, typed from « BUDGET PRÉVISIONNEL » of the Prêt à déployer note.
RESIDENCE, ATELIERS, CLOTURE = "Résidence élargie", "Cycle d'ateliers prospectifs (3 ateliers)", "Clôture et restitution"
NOTE = pd.DataFrame([
    (RESIDENCE, "Rémunération équipe résidents (2 seniors, 2 juniors)", 76_900),
    (RESIDENCE, "Coordination générale, administration et frais de structure", 15_200),
    (RESIDENCE, "Déplacements, hébergements, fournitures et frais de réception", 13_300),
    (ATELIERS, "Préparation, animation et post-production des ateliers", 25_600),
    (ATELIERS, "Coordination générale, administration et frais de structure", 6_700),
    (ATELIERS, "Déplacements, hébergements, fournitures et frais de réception, location d'espaces", 5_000),
    (CLOTURE, "Conception des livrables, préparation et animation du séminaire de clôture", 15_200),
    (CLOTURE, "Coordination générale, administration et frais de structure", 4_300),
    (CLOTURE, "Fournitures et frais de réception, documentation et production des livrables", 4_000),
], columns=["section", "line", "amount"]).astype({"amount": float}).assign(site=None)


def euros(text: str) -> str:
    """``"166 200 €"`` typed with ordinary spaces → the French typography of the kit."""
    number, _ = text.rsplit(" ", 1)
    return number.replace(" ", NNBSP) + NBSP + "€"


def test_summary_reproduces_the_notes_table():
    summary = summarise_budget(NOTE)
    sections = summary[summary["level"] == "section"]
    assert sections["item"].tolist() == [RESIDENCE, ATELIERS, CLOTURE]
    assert sections["amount"].tolist() == [105_400, 37_300, 23_500]
    assert summary["level"].tolist() == ["section", "line", "line", "line"] * 3 + ["total"]
    assert summary.iloc[-1]["amount"] == 166_200


def test_formatted_table_is_the_notes_table_to_the_euro():
    table = format_budget_table(summarise_budget(NOTE))
    assert table.columns.tolist() == ["Poste", "Montant"]
    rows = list(table.itertuples(index=False, name=None))
    assert rows[0] == (RESIDENCE, euros("105 400 €"))
    assert rows[1] == ("· Rémunération équipe résidents (2 seniors, 2 juniors)", euros("76 900 €"))
    assert rows[4] == (ATELIERS, euros("37 300 €"))
    assert rows[8] == (CLOTURE, euros("23 500 €"))
    assert rows[-1] == ("Total général", "166\u202f200\xa0€")
    assert format_budget_table(summarise_budget(NOTE), lang="en").iloc[-1].tolist() == ["Grand total", "€166,200"]


def test_the_protocols_reference_budget_is_the_note():
    pd.testing.assert_frame_equal(reference_budget()[["section", "line", "amount"]], NOTE[["section", "line", "amount"]])


def test_summary_adds_up_the_same_line_on_several_sites_and_keeps_order():
    budget = pd.DataFrame({"section": ["B", "A", "B", "A", "B"], "line": ["x", "y", "x", None, None],
                           "amount": [100.0, 50.0, 25.0, 10.0, None], "site": ["s1", None, "s2", None, None]})
    summary = summarise_budget(budget)
    assert summary["level"].tolist() == ["section", "line", "section", "line", "line", "total"]
    assert summary["item"].tolist()[:-1] == ["B", "x", "A", "y", "A"]  # A's lump sum is shown as a line
    assert summary["amount"].tolist() == [125.0, 125.0, 60.0, 50.0, 10.0, 185.0]


def test_summarise_does_not_modify_the_budget():
    budget = NOTE.copy()
    summarise_budget(budget)
    cost_per_site(budget, ["a", "b"])
    pd.testing.assert_frame_equal(budget, NOTE)


def test_empty_budget_has_a_zero_total():
    empty = NOTE.iloc[0:0]
    assert summarise_budget(empty)["amount"].tolist() == [0.0]


def test_cost_per_site_shares_common_lines_equally():
    result = cost_per_site(NOTE, ["lycee-technique", "lycee-rural", "lycee-en-construction"])
    assert result["total"].tolist() == [55_400.0] * 3
    budget = pd.DataFrame({"section": ["A", "A", "A"], "line": ["x", "y", "z"], "amount": [300.0, 40.0, 10.0],
                           "site": [None, "s2", "s2"]})
    result = cost_per_site(budget, ["s1", "s2"])
    assert list(result.itertuples(index=False, name=None)) == [("s1", 0.0, 150.0, 150.0), ("s2", 50.0, 150.0, 200.0)]
    assert cost_per_site(budget)["site"].tolist() == ["s2"]
    with pytest.raises(ParameterError, match="`sites` is expected to name at least one site"):
        cost_per_site(NOTE)


def test_cost_per_month_of_the_18_month_plan():
    result = cost_per_month(NOTE, 18)
    assert result["level"].tolist() == ["section"] * 3 + ["total"]
    assert result["per_month"].round(2).tolist() == [5855.56, 2072.22, 1305.56, 9233.33]
    shown = format_budget_table(result)
    assert shown.columns.tolist() == ["Poste", "Montant", "Par mois"]
    assert shown.iloc[-1].tolist() == ["Total général", euros("166 200 €"), euros("9 233 €")]
    with pytest.raises(ParameterError, match="`months` is expected to be a positive number. Got 0 instead."):
        cost_per_month(NOTE, 0)


def test_financing_split_two_thirds_one_third():
    result = financing_split(166_200, {"collectivites": 2 / 3, "partenaires": 1 / 3})
    assert result["amount"].tolist() == [110_800.0, 55_400.0]
    shown = format_budget_table(result)
    assert shown.values.tolist() == [["Collectivités", "67\xa0%", euros("110 800 €")],
                                     ["Partenaires", "33\xa0%", euros("55 400 €")]]


def test_financing_split_amounts_add_up_to_the_total_in_whole_euros():
    result = financing_split(100, {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})
    assert result["amount"].tolist() == [34.0, 33.0, 33.0]
    result = financing_split(166_200, {"collectivites": 0.667, "partenaires": 0.333})
    assert result["amount"].tolist() == [110_855.0, 55_345.0]


def test_financing_shares_not_adding_up_are_scaled_with_a_warning():
    with pytest.warns(ProtocolWarning, match="les parts du financement totalisent 1,50 et non 1"):
        result = financing_split(900, {"collectivites": 1.0, "partenaires": 0.5})
    assert result["amount"].tolist() == [600.0, 300.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        financing_split(900, {"collectivites": 0.667, "partenaires": 0.333})
    with pytest.raises(ParameterError):
        financing_split(900, {})


def test_financing_shares_come_from_programme_yaml_or_the_protocol():
    assert financing_shares({"financing": {"collectivites": 0.5, "partenaires": "0,5"}}, "pret_a_deployer") == \
        {"collectivites": 0.5, "partenaires": 0.5}
    assert financing_shares({}, "transfo") == {"collectivites": 2 / 3, "partenaires": 1 / 3}
    assert financing_shares({}, "pret_a_deployer") is None


# --- bad input: located errors of the validation report, not exceptions ---------------------------------

PROGRAMME_YAML = "name: Test\nkind: pret_a_deployer\nstart: 2017-01-09\nsites:\n  - id: lycee-rural\n    name: Lycée rural\n"


def test_negative_amount_and_empty_section_are_located_errors(tmp_path):
    (tmp_path / "programme.yaml").write_text(PROGRAMME_YAML, encoding="utf-8")
    (tmp_path / "budget.csv").write_text("Section;Poste;Montant (€)\n"
                                         "Résidence élargie;Équipe;76 900\n"
                                         "Résidence élargie;Frais;-1 200\n"
                                         "Clôture et restitution;;\n", encoding="utf-8")
    report = validate_programme(tmp_path)
    assert report.format().splitlines() == [
        "budget.csv, ligne 3, colonne « Montant (€) » : valeur -1200 trop petite : attendu au moins 0",
        "budget.csv, ligne 4, colonne « Section » : section « Clôture et restitution » sans aucune ligne chiffrée",
        "2 erreur(s), 0 avertissement(s)"]
    # without strictness the programme still loads, rows in error kept as read, and the budget still sums
    prog = load_programme(tmp_path, strict=False)
    assert summarise_budget(prog.budget).iloc[-1]["amount"] == 75_700
