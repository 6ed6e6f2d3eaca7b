"""Planning, protocol checks and the Gantt chart (transfo_lab.protocols.planning)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from transfo_lab.base.exceptions import ParameterError
from transfo_lab.base.problems import problems_frame
from transfo_lab.protocols.planning import (CALENDAR_COLUMNS, check, is_working_day, months_between,
                                  next_working_day, plan, plot_gantt, working_days)

COLUMNS = ["id", "phase", "type", "start", "end", "week"]

# A Prêt à déployer calendar that follows the protocol, typed by hand (every date checked on a 2017 calendar).
PAD = [
    ("VE01", "residence", "voyage_etude", "2017-01-10", "2017-01-12", None),
    ("IM01", "residence", "immersion", "2017-02-06", "2017-02-10", 1),
    ("JL01", "residence", "journee_labo", "2017-03-07", "2017-03-07", None),
    ("IM02", "residence", "immersion", "2017-04-03", "2017-04-07", 2),
    ("JL02", "residence", "journee_labo", "2017-05-03", "2017-05-03", None),
    ("IM03", "residence", "immersion", "2017-06-12", "2017-06-16", 3),
    ("JL03", "residence", "journee_labo", "2017-07-04", "2017-07-04", None),  # after week 3, before the seminar
    ("SC01", "cloture", "seminaire_cloture", "2017-07-20", "2017-07-20", None),
    ("AP01", "ateliers", "atelier_prospectif", "2017-10-05", "2017-10-05", None),
    ("RE01", "ateliers", "restitution", "2017-10-26", "2017-10-26", None),
    ("AP02", "ateliers", "atelier_prospectif", "2017-12-07", "2017-12-07", None),
    ("RE02", "ateliers", "restitution", "2018-01-11", "2018-01-11", None),
    ("AP03", "ateliers", "atelier_prospectif", "2018-02-08", "2018-02-08", None),
    ("RE03", "ateliers", "restitution", "2018-03-01", "2018-03-01", None),
    ("RE04", "cloture", "restitution", "2018-05-15", "2018-05-15", None),
]

# A Transfo calendar: 14 sequences alternating 3 and 2 days (35 days) from January 2017 to March 2018.
TRANSFO = [
    ("PR01", "preparation", "preparation", "2016-10-24", "2017-01-06", None),
    ("S01", "cas_pratiques", "session", "2017-01-10", "2017-01-12", None),
    ("S02", "cas_pratiques", "session", "2017-02-07", "2017-02-08", None),
    ("S03", "cas_pratiques", "session", "2017-03-07", "2017-03-09", None),
    ("IT01", "cas_pratiques", "inter_transfo", "2017-03-23", "2017-03-23", None),
    ("S04", "cas_pratiques", "session", "2017-04-04", "2017-04-05", None),
    ("S05", "cas_pratiques", "session", "2017-05-09", "2017-05-11", None),
    ("S06", "cas_pratiques", "session", "2017-06-13", "2017-06-14", None),
    ("S07", "prefiguration", "session", "2017-07-11", "2017-07-13", None),
    ("IT02", "prefiguration", "inter_transfo", "2017-07-20", "2017-07-20", None),
    ("S08", "prefiguration", "session", "2017-09-12", "2017-09-13", None),
    ("S09", "prefiguration", "session", "2017-10-10", "2017-10-12", None),
    ("S10", "prefiguration", "session", "2017-11-07", "2017-11-08", None),
    ("IT03", "prefiguration", "inter_transfo", "2017-11-23", "2017-11-23", None),
    ("S11", "prefiguration", "session", "2017-12-05", "2017-12-07", None),
    ("S12", "prefiguration", "session", "2018-01-16", "2018-01-17", None),
    ("S13", "prefiguration", "session", "2018-02-13", "2018-02-15", None),
    ("S14", "prefiguration", "session", "2018-03-13", "2018-03-14", None),
    ("IT04", "prefiguration", "inter_transfo", "2018-03-22", "2018-03-22", None),
]


def calendar(rows, changes=None, drop=(), add=()) -> pd.DataFrame:
    """A calendar frame from ``rows``; ``changes`` = {id: {column: value}}, ``drop`` = ids, ``add`` = rows."""
    data = pd.DataFrame([r for r in rows if r[0] not in drop] + list(add), columns=COLUMNS)
    for event_id, values in (changes or {}).items():
        for column, value in values.items():
            data.loc[data["id"] == event_id, column] = value
    data["start"], data["end"] = pd.to_datetime(data["start"]), pd.to_datetime(data["end"])
    data["week"] = data["week"].astype("Int64")
    data["event"], data["site"], data["description"] = data["id"], None, None
    data.index = range(2, len(data) + 2)  # spreadsheet rows
    return data[CALENDAR_COLUMNS]


def findings(rows, kind, **kwargs) -> list[tuple[str, str, str, str]]:
    """(severity, rule, events concerned, message) of each finding."""
    return [(p.severity, p.rule, p.value or "", p.message) for p in check(calendar(rows, **kwargs), kind)]


# --- working days -----------------------------------------------------------------------------------

def test_working_days_skip_weekends_and_french_holidays():
    assert working_days("2017-07-10", "2017-07-16") == 4  # 14 juillet is a Friday
    assert working_days("2016-10-31", "2016-11-06") == 4  # 1er novembre is a Tuesday
    assert working_days("2017-01-09", "2017-01-13") == 5
    assert working_days("2017-01-13", "2017-01-09") == 0
    assert not is_working_day("2017-07-14") and not is_working_day("2016-11-01") and not is_working_day("2017-01-14")
    assert next_working_day("2017-07-14") == pd.Timestamp("2017-07-17")


def test_months_between_counts_calendar_months():
    assert months_between("2017-01-10", "2017-07-10") == 6
    assert months_between("2017-01-10", "2017-02-24") == pytest.approx(1.5)
    assert months_between("2017-07-10", "2017-01-10") == -6


# --- generated plans ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["transfo", "pret_a_deployer"])
@pytest.mark.parametrize("start", ["2016-09-05", "2017-07-13", "2016-10-31", "2025-12-24"])
def test_generated_plan_passes_check(kind, start):
    generated = plan(kind, start, sites=["a", "b", "c"])
    assert list(generated.columns) == CALENDAR_COLUMNS
    assert check(generated, kind) == []


@pytest.mark.parametrize("kind", ["transfo", "pret_a_deployer"])
@pytest.mark.parametrize("start", ["2016-09-05", "2017-07-13", "2016-10-31", "2019-04-01"])
def test_no_generated_event_falls_on_a_weekend_or_a_holiday(kind, start):
    generated = plan(kind, start, sites=["a"])
    events = generated[generated["type"] != "preparation"]
    days = [d for s, e in zip(events["start"], events["end"]) for d in pd.date_range(s, e)]
    assert days and all(d.weekday() < 5 for d in days)
    assert not {pd.Timestamp(d) for d in ("2016-11-01", "2017-07-14", "2017-11-01", "2019-07-14", "2019-11-01",
                                          "2017-05-01", "2019-05-08", "2016-12-25")} & set(days)
    assert all(is_working_day(d) for d in days)


def test_plan_moves_events_off_holidays():
    # 14 juillet 2017 is a Friday: the first 3-day sequence cannot start on Thursday 13.
    transfo = plan("transfo", "2017-07-13")
    first = transfo[transfo["type"] == "session"].iloc[0]
    assert (first["start"], first["end"]) == (pd.Timestamp("2017-07-17"), pd.Timestamp("2017-07-19"))
    # 1er novembre 2016 is a Tuesday: the 3-day study trip goes from Wednesday 2 to Friday 4.
    pad = plan("pret_a_deployer", "2016-10-31", sites=["a"])
    trip = pad[pad["type"] == "voyage_etude"].iloc[0]
    assert (trip["start"], trip["end"]) == (pd.Timestamp("2016-11-02"), pd.Timestamp("2016-11-04"))


def test_transfo_plan_follows_the_protocol():
    generated = plan("transfo", "2016-09-05")
    sessions = generated[generated["type"] == "session"]
    days = [working_days(s, e) for s, e in zip(sessions["start"], sessions["end"])]
    assert sum(days) == 35 and set(days) == {2, 3}
    assert sessions["start"].min() == pd.Timestamp("2016-09-05")
    assert 12 <= months_between(sessions["start"].min(), sessions["end"].max()) <= 18
    assert set(sessions.loc[sessions["start"] < "2017-03-05", "phase"]) == {"cas_pratiques"}
    assert set(sessions.loc[sessions["start"] >= "2017-03-05", "phase"]) == {"prefiguration"}
    preparation = generated[generated["type"] == "preparation"].iloc[0]
    assert preparation["end"] < pd.Timestamp("2016-09-05") and preparation["phase"] == "preparation"
    assert (generated["type"] == "inter_transfo").sum() >= 3


def test_pret_a_deployer_plan_follows_the_protocol():
    generated = plan("pret_a_deployer", "2016-09-05", sites=["lycee-technique", "lycee-rural"])
    assert generated["type"].value_counts().to_dict() == {
        "restitution": 4, "immersion": 3, "journee_labo": 3, "atelier_prospectif": 3, "voyage_etude": 1,
        "seminaire_cloture": 1, "preparation": 0, "session": 0, "inter_transfo": 0, "autre": 0}
    weeks = generated[generated["type"] == "immersion"]
    assert weeks["week"].tolist() == [1, 2, 3]
    assert set(weeks["site"]) == {"lycee-technique"}  # the base camp
    assert weeks["event"].iloc[0] == "Semaine d'immersion 1 — observation et compréhension des usages"
    assert all(working_days(s, e) == 5 for s, e in zip(weeks["start"], weeks["end"]))
    assert months_between(generated["start"].min(), generated["end"].max()) <= 18
    assert plan("pret_a_deployer", "2016-09-05", lang="en")["event"].iloc[0] == "Study trip"


def test_plan_refuses_an_unknown_kind():
    with pytest.raises(ParameterError, match="`kind` is expected to be one of"):
        plan("labo", "2016-09-05")


# --- check: the hand-made calendars follow the protocol ---------------------------------------------------

def test_hand_made_calendars_have_no_finding():
    assert findings(PAD, "pret_a_deployer") == []
    assert findings(TRANSFO, "transfo") == []


def test_check_does_not_modify_the_calendar():
    data = calendar(TRANSFO, changes={"S02": {"end": "2017-02-06"}})
    before = data.copy()
    check(data, "transfo")
    pd.testing.assert_frame_equal(data, before)


# --- check: La Transfo rules ------------------------------------------------------------------------------

def test_total_session_days_far_from_35_is_an_error():
    assert findings(TRANSFO, "transfo", drop=("S08", "S09", "S10")) == [
        ("error", "planning.session_total", "S01, S02, S03, S04, S05, S06, S07, S11, S12, S13, S14",
         "28 jours de sessions au total : le protocole en prévoit 35")]


def test_one_day_sequence_is_a_warning():
    assert findings(TRANSFO, "transfo", changes={"S02": {"end": "2017-02-07"}, "S04": {"end": "2017-04-06"}}) == [
        ("warning", "planning.session_length", "S02",
         "séquence de 1 jour(s) : le protocole prévoit des séquences de 2 à 3 jours d'affilée (1 à 5 jours tolérés)")]


def test_four_day_sequence_is_a_warning():
    assert findings(TRANSFO, "transfo", changes={"S01": {"end": "2017-01-13"}, "S03": {"end": "2017-03-08"}}) == [
        ("warning", "planning.session_length", "S01",
         "séquence de 4 jour(s) : le protocole prévoit des séquences de 2 à 3 jours d'affilée (1 à 5 jours tolérés)")]


def test_six_day_sequence_is_an_error():
    changes = {"S01": {"end": "2017-01-17"}, "S03": {"end": "2017-03-08"}, "S05": {"end": "2017-05-10"},
               "S07": {"end": "2017-07-12"}}
    assert findings(TRANSFO, "transfo", changes=changes) == [
        ("error", "planning.session_length", "S01",
         "séquence de 6 jour(s) : le protocole prévoit des séquences de 2 à 3 jours d'affilée (1 à 5 jours tolérés)")]


def test_sessions_over_more_than_18_months_is_an_error():
    assert findings(TRANSFO, "transfo", changes={"S14": {"start": "2018-09-11", "end": "2018-09-12"}}) == [
        ("error", "planning.session_span", "S01, S14", "sessions réparties sur 20,1 mois : le protocole prévoit 12 à 18 mois")]


def test_more_than_5_months_between_two_inter_transfo_is_an_error():
    assert findings(TRANSFO, "transfo", drop=("IT03",)) == [
        ("error", "planning.inter_transfo_gap", "IT02, IT04",
         "8,1 mois entre deux Inter-Transfo : 5 mois au plus (une Inter-Transfo tous les 3 à 5 mois)")]


def test_inter_transfo_closer_than_3_months_is_a_warning():
    extra = ("IT05", "cas_pratiques", "inter_transfo", "2017-05-18", "2017-05-18", None)
    message = "{} mois seulement entre deux Inter-Transfo : le protocole en prévoit une tous les 3 à 5 mois"
    assert findings(TRANSFO, "transfo", add=[extra]) == [
        ("warning", "planning.inter_transfo_close", "IT01, IT05", message.format("1,8")),
        ("warning", "planning.inter_transfo_close", "IT05, IT02", message.format("2,1"))]


def test_prefiguration_during_the_first_6_months_is_a_warning():
    assert findings(TRANSFO, "transfo", changes={"S03": {"phase": "prefiguration"}}) == [
        ("warning", "planning.prefiguration_too_early", "S03",
         "session de préfiguration pendant les 6 premiers mois, consacrés aux cas pratiques")]


def test_short_preparation_is_a_warning():
    assert findings(TRANSFO, "transfo", changes={"PR01": {"start": "2016-12-01"}}) == [
        ("warning", "planning.preparation_length", "PR01",
         "1,3 mois de préparation avant la première session : le protocole en prévoit 2 à 3")]


def test_event_ending_before_it_starts_is_an_error():
    assert findings(TRANSFO, "transfo", changes={"S02": {"end": "2017-02-06"}}) == [
        ("error", "planning.end_before_start", "S02", "fin (06/02/2017) avant le début (07/02/2017)"),
        ("warning", "planning.session_total", "S01, S03, S04, S05, S06, S07, S08, S09, S10, S11, S12, S13, S14",
         "33 jours de sessions au total : le protocole en prévoit 35")]


def test_session_on_a_public_holiday_is_a_warning():
    changes = {"S07": {"start": "2017-07-12", "end": "2017-07-14"}, "S08": {"end": "2017-09-14"}}
    assert findings(TRANSFO, "transfo", changes=changes) == [
        ("warning", "planning.not_working_day", "S07", "le 14/07/2017 n'est pas un jour ouvré (Fête nationale)")]


# --- check: Prêt à déployer rules -------------------------------------------------------------------------

def test_fourth_prospective_workshop_is_an_error():
    extra = ("AP04", "ateliers", "atelier_prospectif", "2018-04-05", "2018-04-05", None)
    assert findings(PAD, "pret_a_deployer", add=[extra]) == [
        ("error", "planning.workshop_count", "AP04", "4 ateliers prospectifs : le cycle en compte 3 au plus")]


def test_journee_labo_before_the_first_immersion_week_is_an_error():
    assert findings(PAD, "pret_a_deployer", changes={"JL01": {"start": "2017-01-24", "end": "2017-01-24"}}) == [
        ("error", "planning.labo_before_immersion", "JL01, IM01", "journée labo avant la première semaine d'immersion : "
                                                         "les journées labo ont lieu entre les semaines d'immersion"),
        ("error", "planning.labo_missing_between", "IM01, IM02", "aucune journée labo entre ces deux semaines d'immersion : "
                                                        "le protocole en prévoit une entre chaque semaine")]


def test_journee_labo_after_the_closing_seminar_is_an_error():
    assert findings(PAD, "pret_a_deployer", changes={"JL03": {"start": "2017-08-01", "end": "2017-08-01"}}) == [
        ("error", "planning.labo_after_closing", "JL03, SC01",
         "journée labo après le séminaire de clôture : les journées labo ont lieu pendant l'immersion")]


def test_no_journee_labo_between_two_immersion_weeks_is_an_error():
    assert findings(PAD, "pret_a_deployer", changes={"JL02": {"start": "2017-06-27", "end": "2017-06-27"}}) == [
        ("error", "planning.labo_missing_between", "IM02, IM03", "aucune journée labo entre ces deux semaines d'immersion : "
                                                        "le protocole en prévoit une entre chaque semaine")]


def test_field_phase_shorter_than_6_months_is_an_error():
    assert findings(PAD, "pret_a_deployer", changes={"SC01": {"start": "2017-07-06", "end": "2017-07-06"}}) == [
        ("error", "planning.field_phase", "VE01, SC01",
         "phase terrain de 5,9 mois (du voyage d'étude au séminaire de clôture) : le protocole prévoit 6 à 9 mois")]


def test_overlapping_immersion_weeks_is_an_error():
    result = findings(PAD, "pret_a_deployer", changes={"IM02": {"start": "2017-02-09", "end": "2017-02-15"}})
    assert ("error", "planning.immersion_overlap", "IM01, IM02",
            "semaines d'immersion qui se chevauchent (du 09/02/2017 au 10/02/2017)") in result
    assert [r[1] for r in result] == ["planning.immersion_overlap", "planning.labo_missing_between"]


def test_missing_immersion_week_is_an_error():
    assert findings(PAD, "pret_a_deployer", drop=("IM03",)) == [
        ("error", "planning.immersion_count", "IM01, IM02", "2 semaine(s) d'immersion : le protocole en prévoit 3")]


def test_one_day_study_trip_is_an_error():
    assert findings(PAD, "pret_a_deployer", changes={"VE01": {"end": "2017-01-10"}}) == [
        ("error", "planning.study_trip_length", "VE01", "voyage d'étude de 1 jour(s) : le protocole prévoit 2 à 3 jours")]


def test_workshop_before_the_closing_seminar_is_an_error():
    assert findings(PAD, "pret_a_deployer", changes={"AP01": {"start": "2017-07-13", "end": "2017-07-13"}}) == [
        ("error", "planning.workshop_before_closing", "AP01, SC01", "atelier prospectif avant le séminaire de clôture : "
                                                          "le cycle d'ateliers commence au séminaire de clôture")]


def test_workshop_cycle_longer_than_9_months_is_an_error():
    assert findings(PAD, "pret_a_deployer", changes={"AP03": {"start": "2018-05-03", "end": "2018-05-03"}}) == [
        ("error", "planning.workshop_cycle_long", "SC01, AP03",
         "cycle d'ateliers de 9,4 mois à partir du séminaire de clôture : 9 mois au plus")]


def test_missing_closing_seminar_is_a_warning():
    assert findings(PAD, "pret_a_deployer", drop=("SC01",)) == [
        ("warning", "planning.closing_missing", "", "aucun séminaire de clôture : le protocole en prévoit un à l'issue de "
                                           "l'immersion")]


def test_plan_longer_than_18_months_is_a_warning():
    assert findings(PAD, "pret_a_deployer", changes={"RE04": {"start": "2018-09-04", "end": "2018-09-04"}}) == [
        ("warning", "planning.plan_length", "", "programme de 19,8 mois : le planning type en compte 18")]


def test_findings_in_english_are_located_problems():
    result = check(calendar(PAD, drop=("IM03",)), "pret_a_deployer", file="calendrier.csv", lang="en")
    assert [(p.severity, p.rule, p.file, p.table, p.row, p.value) for p in result] == [
        ("error", "planning.immersion_count", "calendrier.csv", "calendar", 3, "IM01, IM02")]
    assert result[0].format("en") == "calendrier.csv, row 3: 2 immersion week(s): the protocol plans 3"
    assert [p.message for p in result] == ["2 immersion week(s): the protocol plans 3"]
    assert problems_frame(result, "fr", compact=True).columns.tolist() == ["Gravité", "Fichier", "Ligne", "Valeur",
                                                                           "Problème"]


def test_check_of_an_empty_transfo_calendar_reports_the_missing_sessions():
    empty = calendar([])
    assert [r[1:] for r in findings([], "transfo")] == [
        ("planning.session_total", "", "0 jours de sessions au total : le protocole en prévoit 35")]
    assert [p.severity for p in check(empty, "transfo")] == ["error"]


# --- Gantt chart ----------------------------------------------------------------------------------------

def test_gantt_draws_one_row_per_family_bars_and_milestones():
    fig, ax = plt.subplots()
    returned = plot_gantt(calendar(PAD), ax=ax, today="2017-09-01")
    assert returned is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Voyage d'étude", "Semaines d'immersion", "Journées labo", "Séminaire de clôture", "Ateliers prospectifs",
        "Restitutions"]
    assert len(ax.patches) == 4  # the study trip and the 3 immersion weeks last several days
    markers = [line for line in ax.lines if line.get_marker() == "D"]
    assert len(markers) == 11  # 3 journées labo, the seminar, 3 workshops, 4 restitutions
    today = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(today) == 1 and today[0].get_label() == "Aujourd'hui"
    assert ax.get_title() == "Calendrier du programme"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Résidence étendue", "Ateliers prospectifs", "Clôture et restitution", "Aujourd'hui"]
    fig.canvas.draw()
    months = [t.get_text() for t in ax.get_xticklabels()]
    assert months[0] == "janv.\n2017" and "juil." in months and "janv.\n2018" in months


def test_gantt_in_english_without_today_on_current_axes():
    plt.figure()
    ax = plot_gantt(calendar(TRANSFO), lang="en")
    assert ax is plt.gca()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Preparation", "Sessions", "Inter-Transfo"]
    assert not [line for line in ax.lines if line.get_linestyle() == "--"]
    ax.figure.canvas.draw()
    assert "Jan\n2017" in [t.get_text() for t in ax.get_xticklabels()]


def test_gantt_of_an_empty_calendar_says_no_data():
    ax = plot_gantt(calendar([]))
    assert [t.get_text() for t in ax.texts] == ["Pas de données"]


# --- bad input: located errors of the validation report, not exceptions ---------------------------------

def test_end_before_start_and_unknown_phase_are_located_errors(tmp_path):
    from transfo_lab import load_programme, validate_programme

    (tmp_path / "programme.yaml").write_text(
        "name: Test\nkind: pret_a_deployer\nstart: 2017-01-09\nsites:\n  - id: lycee-rural\n    name: Lycée rural\n",
        encoding="utf-8")
    (tmp_path / "calendrier.csv").write_text(
        "Identifiant;Phase;Type;Événement;Début;Fin;Site\n"
        "VE01;residence;voyage_etude;Voyage d'étude;10/01/2017;12/01/2017;\n"
        "IM01;terrain;immersion;Semaine 1;06/02/2017;10/02/2017;lycee-rural\n"
        "SC01;cloture;seminaire_cloture;Séminaire;20/07/2017;19/07/2017;\n", encoding="utf-8")
    report = validate_programme(tmp_path)
    assert report.format().splitlines() == [
        "calendrier.csv, ligne 3, colonne « Phase » : valeur « terrain » non reconnue : attendu l'une de preparation, "
        "cas_pratiques, prefiguration, residence, ateliers, cloture, autre",
        "calendrier.csv, ligne 4, colonne « Fin » : fin (19/07/2017) avant le début (20/07/2017)",
        "2 erreur(s), 0 avertissement(s)"]
    # check() still works on such a calendar: it reports, it does not raise
    prog = load_programme(tmp_path, strict=False)
    result = check(prog.calendar, prog.kind)
    assert ("error", "planning.end_before_start", 4, "SC01") in [(p.severity, p.rule, p.row, p.value) for p in result]


# --- tables for the notebook -----------------------------------------------------------------------------

@pytest.fixture
def small_transfo(tmp_path):
    from transfo_lab import load_programme

    (tmp_path / "programme.yaml").write_text(
        "name: Transfo test\nkind: transfo\nstart: 2017-01-10\nsites:\n  - id: region\n    name: La Région\n"
        "team:\n  residents:\n    - {name: Camille Martin, discipline: designer}\n    - Lou Bernard\n"
        "  ambassadeurs:\n    - {name: Inès Roy, service: Lycées}\n  agent_referent: Paul Durand\n", encoding="utf-8")
    return load_programme(tmp_path)


def test_programme_summary_compares_the_team_with_the_protocol(small_transfo):
    from transfo_lab.protocols.planning import programme_summary

    summary = programme_summary(small_transfo)
    assert summary.columns.tolist() == ["Élément", "Valeur"]
    assert summary.values.tolist() == [
        ["Programme", "Transfo test"], ["Nature", "La Transfo"], ["Début", "10/01/2017"], ["Sites", "La Région"],
        ["Résidents", "2 (protocole : 3)"], ["Ambassadeurs", "1 (protocole : 20)"],
        ["Agent référent", "1 (protocole : 1)"]]


def test_team_sites_and_calendar_tables_speak_french(small_transfo):
    from transfo_lab.protocols.planning import calendar_table, programme_calendar, sites_table, team_table

    assert team_table(small_transfo).values.tolist() == [
        ["Camille Martin", "Résident·e", "designer"], ["Lou Bernard", "Résident·e", ""],
        ["Inès Roy", "Ambassadeur·rice", "Lycées"], ["Paul Durand", "Agent référent", ""]]
    assert sites_table(small_transfo).columns.tolist() == ["Identifiant", "Nom", "Description"]
    generated, is_generated = programme_calendar(small_transfo)
    assert is_generated and (generated["type"] == "session").sum() == 14
    shown = calendar_table(calendar(TRANSFO))
    assert shown.columns.tolist() == ["Identifiant", "Phase", "Type", "Événement", "Début", "Fin", "Site",
                                      "Semaine d'immersion"]
    assert shown.iloc[1, :6].tolist() == ["S01", "Cas pratiques", "Session", "S01", "10/01/2017", "12/01/2017"]
