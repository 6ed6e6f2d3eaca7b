"""Protocol progress of each collectivité: session days, months elapsed, the next Inter-Transfo."""
from __future__ import annotations

from dataclasses import field

import pandas as pd

from transfo_lab.protocols import planning
from transfo_lab.base.labels import format_date, format_number, label
from transfo_lab.protocols.facts import TRANSFO, get_protocol
from transfo_lab.phases.portfolio.capacity import preparation_summary
from transfo_lab.phases.portfolio.members import Member, Portfolio, _session_events, _t


# --- protocol progress ---------------------------------------------------------------------------------

PROGRESS_COLUMNS = ["member", "name", "type", "kind", "first_session", "last_session", "sessions_planned",
                    "days_planned", "sessions_held", "days_held", "months_elapsed", "months_planned", "expected_low",
                    "expected_high", "sequences_off", "switch_date", "switch_months", "switched",
                    "preparation_days", "next_inter_transfo", "status", "reasons", "findings"]







def protocol_progress(portfolio: Portfolio) -> pd.DataFrame:
    """Where each collectivité stands against its protocol on ``portfolio.as_of``: one row per member.

    For La Transfo, a session is *held* when its last day is on or before ``as_of``. The pace is
    compared with the protocol's: 35 days over 12 to 18 months give, after ``m`` months, between
    ``35 m / 18`` (slowest pace, ``expected_low``) and ``35 m / 12`` (fastest, ``expected_high``) days.
    A collectivité is ``late`` when it is more than one sequence (3 days) below the slowest pace,
    ``ahead`` when it is more than one sequence above the fastest, else ``on_track``
    (``not_started`` before its first session, ``finished`` once all its planned days are held).
    ``reasons`` says why, in sentences; ``findings`` are the calendar's departures from the protocol
    (:func:`transfo_lab.protocols.planning.check`).
    """
    rows = [(_transfo_progress if m.kind == "transfo" else _pad_progress)(m, portfolio.as_of, portfolio.lang)
            for m in portfolio.members]
    return pd.DataFrame(rows, columns=PROGRESS_COLUMNS)


def _next_inter_transfo(events: pd.DataFrame, as_of) -> pd.Timestamp | None:
    inter = events[(events["type"] == "inter_transfo") & (events["start"] >= as_of)] if not events.empty else events
    return None if inter.empty else inter["start"].min()


def _findings(prog, lang) -> list[str]:
    if prog.calendar.empty:
        return []
    return [p.message for p in planning.check(prog.calendar, prog.kind, lang=lang)]


def _transfo_progress(member: Member, as_of, lang: str) -> dict:
    proto, prog = TRANSFO, member.programme
    events = _session_events(prog)
    sessions = events[events["type"] == "session"] if not events.empty else events
    held = sessions[sessions["end"] <= as_of] if not sessions.empty else sessions
    row = {"member": member.id, "name": member.name, "type": member.type, "kind": member.kind,
           "sessions_planned": len(sessions), "days_planned": int(sessions["days"].sum()) if len(sessions) else 0,
           "sessions_held": len(held), "days_held": int(held["days"].sum()) if len(held) else 0,
           "first_session": None, "last_session": None, "months_elapsed": 0.0, "months_planned": None,
           "expected_low": 0.0, "expected_high": 0.0, "sequences_off": 0, "switch_date": None, "switch_months": None,
           "switched": False, "preparation_days": None, "next_inter_transfo": _next_inter_transfo(events, as_of),
           "status": "not_started", "reasons": [], "findings": _findings(prog, lang)}
    reasons: list[str] = row["reasons"]
    low_seq, high_seq = proto.sequence_days
    row["sequences_off"] = int(((sessions["days"] < low_seq) | (sessions["days"] > high_seq)).sum()) if len(sessions) else 0
    prep = preparation_summary(member)
    if not prep.empty:
        row["preparation_days"] = float(prep["preparation_days"].mean())
    else:
        ambassadeur_prep = events[(events["type"] == "preparation") & (events["phase"] != "preparation")] \
            if not events.empty else events
        if len(ambassadeur_prep):
            row["preparation_days"] = float(ambassadeur_prep[ambassadeur_prep["end"] <= as_of]["days"].sum())
    if sessions.empty:
        reasons.append(_t("reason_no_sessions", lang))
        return row
    first, last = sessions["start"].min(), sessions["end"].max()
    row["first_session"], row["last_session"] = first, last
    row["months_planned"] = planning.months_between(first, last)
    elapsed = max(0.0, planning.months_between(first, as_of)) if as_of >= first else 0.0
    row["months_elapsed"] = elapsed
    total = proto.session_days
    low_m, high_m = proto.duration_months
    row["expected_low"] = min(total, total * elapsed / high_m)
    row["expected_high"] = min(total, total * elapsed / low_m)
    prefig = sessions[sessions["phase"] == "prefiguration"]
    if len(prefig):
        row["switch_date"] = prefig["start"].min()
        row["switch_months"] = planning.months_between(first, row["switch_date"])
        row["switched"] = bool((prefig["start"] <= as_of).any())
    tolerance = proto.sequence_days[1]
    if as_of < first:
        row["status"] = "not_started"
        reasons.append(_t("reason_not_started", lang, date=_date(first, lang)))
    elif row["days_held"] >= row["days_planned"] and last <= as_of:
        row["status"] = "finished"
        reasons.append(_t("reason_finished", lang, days=row["days_held"], months=_n(row["months_planned"], lang)))
    elif row["days_held"] + tolerance < row["expected_low"]:
        row["status"] = "late"
        reasons.append(_t("reason_late", lang, held=row["days_held"], expected=_n(row["expected_low"], lang),
                          months=_n(elapsed, lang), total=total, high=high_m))
    elif row["days_held"] - tolerance > row["expected_high"]:
        row["status"] = "ahead"
        reasons.append(_t("reason_ahead", lang, held=row["days_held"], expected=_n(row["expected_high"], lang),
                          months=_n(elapsed, lang), total=total, low=low_m))
    else:
        row["status"] = "on_track"
        reasons.append(_t("reason_on_track", lang, held=row["days_held"], low=_n(row["expected_low"], lang),
                          high=_n(row["expected_high"], lang), months=_n(elapsed, lang)))
    if row["days_planned"] != total:
        reasons.append(_t("reason_planned", lang, planned=row["days_planned"], total=total))
    if elapsed > proto.cas_pratiques_months and not row["switched"] and as_of <= last:
        reasons.append(_t("reason_no_switch", lang, months=_n(elapsed, lang), switch=proto.cas_pratiques_months))
    elif row["switched"]:
        reasons.append(_t("reason_switched", lang, date=_date(row["switch_date"], lang), months=_n(row["switch_months"], lang)))
    if row["sequences_off"]:
        reasons.append(_t("reason_sequences", lang, n=row["sequences_off"], low=low_seq, high=high_seq))
    low_p, high_p = proto.ambassadeur_preparation_days
    if row["preparation_days"] is not None and not low_p <= row["preparation_days"] <= high_p and \
            (row["status"] == "finished" or row["preparation_days"] > high_p):
        reasons.append(_t("reason_preparation", lang, days=_n(row["preparation_days"], lang), low=low_p, high=high_p))
    return row


def _pad_progress(member: Member, as_of, lang: str) -> dict:
    """Prêt à déployer: the field-phase events held against the protocol's counts."""
    proto, prog = get_protocol("pret_a_deployer"), member.programme
    events = _session_events(prog)
    field_types = ("voyage_etude", "immersion", "journee_labo", "seminaire_cloture", "atelier_prospectif")
    planned = events[events["type"].isin(field_types)] if not events.empty else events
    held = planned[planned["end"] <= as_of] if not planned.empty else planned
    row = {c: None for c in PROGRESS_COLUMNS}
    row.update({"member": member.id, "name": member.name, "type": member.type, "kind": member.kind,
                "sessions_planned": len(planned), "days_planned": int(planned["days"].sum()) if len(planned) else 0,
                "sessions_held": len(held), "days_held": int(held["days"].sum()) if len(held) else 0,
                "sequences_off": 0, "switched": False, "months_elapsed": 0.0, "expected_low": None,
                "expected_high": None, "next_inter_transfo": None, "reasons": [], "findings": _findings(prog, lang)})
    if planned.empty:
        row["status"] = "not_started"
        row["reasons"].append(_t("reason_no_sessions", lang))
        return row
    first, last = planned["start"].min(), planned["end"].max()
    row.update(first_session=first, last_session=last, months_planned=planning.months_between(first, last),
               months_elapsed=max(0.0, planning.months_between(first, as_of)) if as_of >= first else 0.0)
    counts = {t: (int((planned["type"] == t).sum()), int((held["type"] == t).sum())) for t in field_types}
    expected = {"voyage_etude": proto.study_trips, "immersion": proto.immersion_weeks, "journee_labo": proto.labo_days,
                "seminaire_cloture": proto.closing_seminars, "atelier_prospectif": proto.max_workshops}
    for event_type, (n_planned, n_held) in counts.items():
        if n_planned or expected[event_type]:
            row["reasons"].append(_t("reason_pad_count", lang, kind=label(f"planning.type.{event_type}", lang),
                                     held=n_held, planned=n_planned, expected=expected[event_type]))
    if as_of < first:
        row["status"] = "not_started"
    elif len(held) == len(planned):
        row["status"] = "finished"
    elif counts["seminaire_cloture"][1] == 0 and row["months_elapsed"] > proto.field_months[1]:
        row["status"] = "late"  # the field phase lasts 6 to 9 months and ends with the closing seminar
        row["reasons"].insert(0, _t("reason_pad_late", lang, months=_n(row["months_elapsed"], lang),
                                    high=proto.field_months[1]))
    else:
        row["status"] = "on_track"
    return row


def _n(value, lang: str, decimals: int = 1) -> str:
    return format_number(value, decimals, lang) if value is not None and pd.notna(value) else "—"


def _date(value, lang: str) -> str:
    return format_date(value, lang)


def inter_transfo_days(portfolio: Portfolio) -> pd.DataFrame:
    """The Inter-Transfo days of every collectivité's calendar: ``member``, ``id``, ``date``, ``held``."""
    rows = []
    for m in portfolio.members:
        cal = m.programme.calendar
        if cal.empty:
            continue
        for r in cal[cal["type"] == "inter_transfo"].dropna(subset=["start"]).itertuples():
            rows.append({"member": m.id, "id": r.id, "date": r.start, "held": r.start <= portfolio.as_of})
    return pd.DataFrame(rows, columns=["member", "id", "date", "held"])


def next_inter_transfo(portfolio: Portfolio) -> pd.Timestamp | None:
    """The next Inter-Transfo day planned by any collectivité after ``as_of`` (``None`` if none)."""
    days = inter_transfo_days(portfolio)
    upcoming = days[~days["held"]] if not days.empty else days
    return None if upcoming.empty else upcoming["date"].min()
