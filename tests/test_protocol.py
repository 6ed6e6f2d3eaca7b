"""The protocol facts of both programmes (transfo_lab.protocols.facts), as the seed documents state them."""
from __future__ import annotations

import dataclasses

import pytest

from transfo_lab.base.exceptions import ParameterError
from transfo_lab.protocols.facts import PRET_A_DEPLOYER, TRANSFO, default_financing, get_protocol


def test_la_transfo_facts():
    assert (TRANSFO.residents, TRANSFO.ambassadeurs, TRANSFO.agents_referents) == (3, 20, 1)
    assert TRANSFO.session_days == 35
    assert TRANSFO.sequence_days == (2, 3)
    assert TRANSFO.duration_months == (12, 18)
    assert TRANSFO.ambassadeur_preparation_days == (5, 8)
    assert TRANSFO.cas_pratiques_months == 6
    assert TRANSFO.inter_transfo_months == (3, 5)
    assert TRANSFO.preparation_months == (2, 3)
    assert TRANSFO.financing == {"collectivites": 2 / 3, "partenaires": 1 / 3}
    assert len(TRANSFO.values) == 10 and "piratage bienveillant" in TRANSFO.values


def test_pret_a_deployer_facts():
    p = PRET_A_DEPLOYER
    assert (p.study_trips, p.study_trip_days) == (1, (2, 3))
    assert (p.immersion_weeks, p.labo_days, p.closing_seminars) == (3, 3, 1)
    assert [p.week_theme(w) for w in (1, 2, 3)] == ["observation et compréhension des usages", "idéation et projection",
                                                    "prototypes et dispositifs de test"]
    assert p.week_theme(3, "en") == "prototypes and test devices on the sites"
    assert p.field_months == (6, 9)
    assert (p.max_workshops, p.workshop_months) == (3, (6, 9))
    assert p.plan_months == 18
    assert p.budget_total == 166_200
    assert sum(amount for _, _, amount in p.budget) == p.budget_total


def test_protocols_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        TRANSFO.session_days = 30  # type: ignore[misc]


def test_get_protocol_by_kind():
    assert get_protocol("transfo") is TRANSFO
    assert get_protocol("pret_a_deployer") is PRET_A_DEPLOYER
    with pytest.raises(ParameterError, match=r"`kind` is expected to be one of \('transfo', 'pret_a_deployer'\). "
                                             r"Got 'transfo2' instead."):
        get_protocol("transfo2")


def test_default_financing():
    assert default_financing("transfo") == {"collectivites": 2 / 3, "partenaires": 1 / 3}
    assert default_financing("pret_a_deployer") is None
    shares = default_financing("transfo")
    shares["collectivites"] = 0
    assert TRANSFO.financing["collectivites"] == 2 / 3  # a copy: the protocol cannot be changed by accident
