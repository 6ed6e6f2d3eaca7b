"""Planning a programme and checking a calendar against its protocol.

Three things a team needs in the *Programme* phase:

- :func:`plan` generates a complete calendar from a start date, following the protocol of
  :mod:`transfo_lab.protocols.facts`; it has the columns of the ``calendar`` table, so a generated
  plan and the team's own calendar are the same kind of frame;
- :func:`check` lists the findings of a calendar — where it departs from the protocol — as
  :class:`~transfo_lab.base.problems.Problem` records: a severity, the rule, the events concerned
  and a sentence for the team;
- :func:`plot_gantt` draws the calendar as a Gantt chart.

Days are *working days*: no Saturday, no Sunday, no French public holiday (from the
``holidays`` package). The duration of an event is the number of working days from its start
to its end, both included.
"""
from __future__ import annotations

import math
import numbers
from functools import lru_cache

import holidays
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from transfo_lab.base.labels import check_lang, format_date, format_month, format_number, label
from transfo_lab.protocols.facts import DAYS_PER_MONTH, PRET_A_DEPLOYER, TRANSFO, get_protocol
from transfo_lab.contract.schemas import EVENT_TYPES, PHASES, get_table
from transfo_lab.base.problems import ERROR, WARNING, Problem
from transfo_lab.contract.validation import finalise
from transfo_lab.base.plotting import legend_outside, no_data_panel, open_axes, print_chart, rows_height, thin_ticks, wrap

#: Columns of a calendar (the ``calendar`` table of :mod:`transfo_lab.contract.schemas`).
CALENDAR_COLUMNS: list[str] = [c.name for c in get_table("calendar").columns]
#: Id prefixes of generated events, by type.
_ID_PREFIX = {"preparation": "PR", "session": "S", "inter_transfo": "IT", "voyage_etude": "VE", "immersion": "IM",
              "journee_labo": "JL", "seminaire_cloture": "SC", "atelier_prospectif": "AP", "restitution": "RE",
              "autre": "AU"}


# --- working days ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _french_holidays() -> holidays.HolidayBase:
    return holidays.France(language="fr")


def holiday_name(day) -> str | None:
    """The name of the French public holiday on ``day``, or ``None``.

    >>> holiday_name("2016-11-01")
    'Toussaint'
    >>> holiday_name("2016-11-02") is None
    True
    """
    return _french_holidays().get(pd.Timestamp(day).date())


def is_working_day(day) -> bool:
    """True for a day that is neither a weekend day nor a French public holiday.

    >>> is_working_day("2017-07-14"), is_working_day("2017-07-13"), is_working_day("2017-07-15")
    (False, True, False)
    """
    day = pd.Timestamp(day)
    return day.weekday() < 5 and holiday_name(day) is None


def working_days(start, end) -> int:
    """The number of working days from ``start`` to ``end``, both included (0 if end < start).

    >>> working_days("2016-10-31", "2016-11-04")   # Monday to Friday, 1 November is Toussaint
    4
    """
    days = pd.date_range(pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize(), freq="D")
    return sum(is_working_day(d) for d in days)


def next_working_day(day) -> pd.Timestamp:
    """``day`` if it is a working day, else the first working day after it.

    >>> next_working_day("2016-12-24")
    Timestamp('2016-12-26 00:00:00')
    """
    day = pd.Timestamp(day).normalize()
    while not is_working_day(day):
        day += pd.Timedelta(days=1)
    return day


def _next_run(day, length: int, busy=(), monday: bool = False) -> pd.Timestamp:
    """The first day on/after ``day`` starting ``length`` consecutive calendar days that are all
    working days, none in ``busy`` (a set of dates); a Monday if ``monday``."""
    day = pd.Timestamp(day).normalize()
    while True:
        run = [day + pd.Timedelta(days=i) for i in range(length)]
        if (not monday or day.weekday() == 0) and all(is_working_day(d) and d not in busy for d in run):
            return day
        day += pd.Timedelta(days=1)


def months_between(start, end) -> float:
    """The time from ``start`` to ``end`` in calendar months (a fraction for the last, incomplete one).

    >>> round(months_between("2016-09-05", "2017-03-05"), 1)
    6.0
    """
    start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    if end < start:
        return -months_between(end, start)
    whole = (end.year - start.year) * 12 + end.month - start.month
    if start + pd.DateOffset(months=whole) > end:
        whole -= 1
    anchor, following = start + pd.DateOffset(months=whole), start + pd.DateOffset(months=whole + 1)
    return whole + (end - anchor).days / (following - anchor).days


def _add_months(day, months: float) -> pd.Timestamp:
    whole = int(months)
    return pd.Timestamp(day) + pd.DateOffset(months=whole) + pd.Timedelta(days=round((months - whole) * DAYS_PER_MONTH))


# --- plan -----------------------------------------------------------------------------------------

def plan(kind: str, start, *, sites=(), base_site: str | None = None, months: float | None = None,
         lang: str = "fr") -> pd.DataFrame:
    """Generate a complete calendar that follows the protocol of ``kind``.

    Parameters
    ----------
    kind : {"transfo", "pret_a_deployer"}
        The programme.
    start : date-like
        La Transfo: the effective start of the sessions (the 2–3 months of preparation come
        before it). Prêt à déployer: the start of the field phase (the study trip).
    sites : sequence of str, optional
        The site ids. Prêt à déployer: the immersion weeks and the closing seminar take place
        in the base camp, ``base_site`` or else the first site.
    months : float, optional
        La Transfo: over how many months the sessions are spread (12–18; default 15).
        Prêt à déployer: the length of the whole plan (default 18).
    lang : {"fr", "en"}
        Language of the event titles and descriptions.

    Returns
    -------
    DataFrame
        One row per event, with the columns of the calendar table (id, phase, type, event,
        start, end, site, week, description), sorted by start date. Every session, workshop,
        journée labo and seminar falls on working days.

    Examples
    --------
    >>> calendar = plan("transfo", "2016-09-05")
    >>> int(calendar.loc[calendar["type"] == "session"].apply(
    ...     lambda e: working_days(e["start"], e["end"]), axis=1).sum())
    35
    >>> calendar = plan("pret_a_deployer", "2016-09-05", sites=["lycee-technique", "lycee-rural"])
    >>> calendar["type"].value_counts()["immersion"]
    np.int64(3)
    """
    check_lang(lang)
    get_protocol(kind)
    start = pd.Timestamp(start).normalize()
    sites = list(sites)
    if kind == "transfo":
        events = _plan_transfo(start, months or 15, lang)
    else:
        events = _plan_pret_a_deployer(start, sites, base_site or (sites[0] if sites else None), months or
                                       PRET_A_DEPLOYER.plan_months, lang)
    return _calendar_frame(events)


def _event(phase, type_, title, start, end=None, site=None, week=None, description=None) -> dict:
    return {"phase": phase, "type": type_, "event": title, "start": start, "end": start if end is None else end,
            "site": site, "week": week, "description": description}


def _calendar_frame(events: list[dict]) -> pd.DataFrame:
    data = pd.DataFrame(events, columns=CALENDAR_COLUMNS).sort_values("start", kind="stable")
    counters: dict[str, int] = {}
    ids = []
    for type_ in data["type"]:
        counters[type_] = counters.get(type_, 0) + 1
        ids.append(f"{_ID_PREFIX[type_]}{counters[type_]:02d}")
    data["id"] = ids
    data["start"] = pd.to_datetime(data["start"]).astype("datetime64[ns]")
    data["end"] = pd.to_datetime(data["end"]).astype("datetime64[ns]")
    data["week"] = pd.array(data["week"].tolist(), dtype="Int64")
    data.index = pd.RangeIndex(1, len(data) + 1)
    return finalise(data, get_table("calendar"))


def _sequence_lengths(total: int, shortest: int, longest: int) -> list[int]:
    """Sequences of ``shortest``–``longest`` days summing to ``total``, alternating long and short."""
    count = math.ceil(total / ((shortest + longest) / 2))
    long_count = total - shortest * count
    lengths = []
    for i in range(count):
        lengths.append(longest if long_count > 0 and (i % 2 == 0 or count - i <= long_count) else shortest)
        long_count -= lengths[-1] == longest
    return lengths


def _plan_transfo(start: pd.Timestamp, months: float, lang: str) -> list[dict]:
    proto = TRANSFO
    lengths = _sequence_lengths(proto.session_days, *proto.sequence_days)
    span = (_add_months(start, months) - start).days - 14  # the last sequence ends before the end
    step = span / (len(lengths) - 1)
    split = _add_months(start, proto.cas_pratiques_months)
    events, busy, day = [], set(), start
    for i, length in enumerate(lengths):
        day = _next_run(max(start + pd.Timedelta(days=round(i * step)), day), length)
        end = day + pd.Timedelta(days=length - 1)
        phase = "cas_pratiques" if day < split else "prefiguration"
        events.append(_event(phase, "session", label(f"planning.plan.session_{phase}", lang, n=i + 1), day, end,
                             description=label(f"planning.plan.session_{phase}_text", lang)))
        busy.update(pd.date_range(day, end))
        day = end + pd.Timedelta(days=1)
    last = events[-1]["end"]
    every = sum(proto.inter_transfo_months) / 2
    target, n = _add_months(start, every), 1
    while target < last:
        day = _next_run(target, proto.inter_transfo_days, busy)
        phase = "cas_pratiques" if day < split else "prefiguration"
        events.append(_event(phase, "inter_transfo", label("planning.plan.inter_transfo", lang, n=n), day,
                             description=label("planning.plan.inter_transfo_text", lang)))
        target, n = _add_months(target, every), n + 1
    prep_months = sum(proto.preparation_months) / 2
    prep_start = next_working_day(start - pd.Timedelta(days=round(prep_months * DAYS_PER_MONTH)))
    prep_end = start - pd.Timedelta(days=1)
    while not is_working_day(prep_end):
        prep_end -= pd.Timedelta(days=1)
    events.append(_event("preparation", "preparation", label("planning.plan.preparation", lang), prep_start, prep_end,
                         description=label("planning.plan.preparation_text", lang)))
    return events


def _plan_pret_a_deployer(start: pd.Timestamp, sites: list[str], base: str | None, months: float,
                          lang: str) -> list[dict]:
    proto = PRET_A_DEPLOYER
    days = proto.study_trip_days[-1]
    trip = _next_run(start, days)
    events = [_event("residence", "voyage_etude", label("planning.plan.study_trip", lang), trip,
                     trip + pd.Timedelta(days=days - 1),
                     description=label("planning.plan.study_trip_text", lang, sites=", ".join(sites) or "—"))]
    # Weeks 1, 2, 3 spread over the immersion months, the first one month after the study trip.
    gap = proto.immersion_spread_months / (proto.immersion_weeks - 1)
    weeks = []
    for week in range(1, proto.immersion_weeks + 1):
        monday = _next_run(_add_months(trip, 1 + (week - 1) * gap), proto.immersion_week_days, monday=True)
        friday = monday + pd.Timedelta(days=proto.immersion_week_days - 1)
        weeks.append((monday, friday))
        events.append(_event("residence", "immersion", label("planning.plan.immersion", lang, n=week,
                                                             theme=proto.week_theme(week, lang)),
                             monday, friday, site=base, week=week,
                             description=label("planning.plan.immersion_text", lang)))
    field_months = sum(proto.field_months) / 2 - 0.5  # 7 months: inside 6–9 with a margin
    closing = next_working_day(_add_months(trip, field_months))
    # A journée labo after each immersion week: between weeks, and after week 3 before the seminar.
    for n, (_, friday) in enumerate(weeks, start=1):
        following = weeks[n][0] if n < len(weeks) else closing
        day = next_working_day(friday + (following - friday) / 2)
        events.append(_event("residence", "journee_labo", label("planning.plan.labo", lang, n=n), day,
                             description=label("planning.plan.labo_text", lang)))
    events.append(_event("cloture", "seminaire_cloture", label("planning.plan.closing", lang), closing, site=base,
                         description=label("planning.plan.closing_text", lang)))
    cycle = sum(proto.workshop_months) / 2 - 0.5  # 7 months from the closing seminar to the last workshop
    for n in range(1, proto.max_workshops + 1):
        day = next_working_day(_add_months(closing, cycle * n / proto.max_workshops))
        events.append(_event("ateliers", "atelier_prospectif", label("planning.plan.workshop", lang, n=n), day,
                             description=label("planning.plan.workshop_text", lang)))
        restitution = next_working_day(day + pd.Timedelta(weeks=3))
        events.append(_event("ateliers", "restitution", label("planning.plan.workshop_restitution", lang, n=n),
                             restitution, description=label("planning.plan.workshop_restitution_text", lang)))
    final = _add_months(trip, months) - pd.Timedelta(weeks=3)
    while not is_working_day(final):
        final -= pd.Timedelta(days=1)
    events.append(_event("cloture", "restitution", label("planning.plan.final", lang), final,
                         description=label("planning.plan.final_text", lang)))
    return events


# --- check ----------------------------------------------------------------------------------------

class _Findings:
    def __init__(self, lang: str, rows: dict, file: str | None):
        self.lang, self.rows, self.file, self.problems = lang, rows, file, []

    def add(self, severity: str, rule: str, events, **values) -> None:
        for key, value in values.items():
            if isinstance(value, float):
                values[key] = format_number(value, 1, self.lang)
            elif isinstance(value, pd.Timestamp):
                values[key] = format_date(value, self.lang)
        events = [str(e) for e in events]
        row = next((self.rows[e] for e in events if e in self.rows), None)
        self.problems.append(Problem(severity, f"planning.{rule}", label(f"planning.rule.{rule}", self.lang, **values),
                                     file=self.file, table="calendar", row=row if isinstance(row, numbers.Integral) else None,
                                     value=", ".join(events) or None))

    def sorted(self) -> list[Problem]:
        return [p for severity in (ERROR, WARNING) for p in self.problems if p.severity == severity]


def check(calendar: pd.DataFrame, kind: str, *, file: str | None = None, lang: str = "fr") -> list[Problem]:
    """The findings of a calendar: where it departs from the protocol of ``kind``.

    Parameters
    ----------
    calendar : DataFrame
        A calendar with the columns of the calendar table (``prog.calendar`` or :func:`plan`).
    kind : {"transfo", "pret_a_deployer"}
        The programme whose protocol applies.
    file : str, optional
        The calendar file, named in the problems (``prog.source_name("calendar")``; none for
        a generated plan).
    lang : {"fr", "en"}
        Language of the messages.

    Returns
    -------
    list of Problem
        One :class:`~transfo_lab.base.problems.Problem` per finding, errors first: ``rule``
        (``planning.session_length``…), ``table`` ``"calendar"``, ``row`` (the spreadsheet row
        of the first event concerned, when the frame's index holds it), ``value`` (the ids of
        the events concerned, comma-separated) and ``message`` (a sentence for the team).
        Empty when the calendar follows the protocol. The calendar is not modified.

    Examples
    --------
    >>> calendar = plan("transfo", "2016-09-05")
    >>> check(calendar, "transfo")
    []
    >>> calendar.loc[calendar["id"] == "S01", "end"] = pd.Timestamp("2016-09-05")
    >>> finding = check(calendar, "transfo")[0]
    >>> finding.rule, finding.value
    ('planning.session_length', 'S01')
    >>> print(finding.message)
    séquence de 1 jour(s) : le protocole prévoit des séquences de 2 à 3 jours d'affilée (1 à 5 jours tolérés)
    """
    check_lang(lang)
    get_protocol(kind)
    rows = {str(i): row for row, i in calendar["id"].items() if pd.notna(i)} if "id" in calendar.columns else {}
    findings = _Findings(lang, rows, file)
    events = _prepare(calendar, findings)
    _check_working_days(events, findings)
    if kind == "transfo":
        _check_transfo(events, findings)
    else:
        _check_pret_a_deployer(events, findings)
    return findings.sorted()


def _prepare(calendar: pd.DataFrame, findings: _Findings) -> pd.DataFrame:
    """Usable events (a start date, an end not before the start), with their ids and durations."""
    data = calendar.copy()
    for column in CALENDAR_COLUMNS:
        if column not in data.columns:
            data[column] = None
    data["id"] = [str(i) if pd.notna(i) else str(row) for row, i in data["id"].items()]
    data["start"] = pd.to_datetime(data["start"])
    data["end"] = pd.to_datetime(data["end"]).fillna(data["start"])
    data["type"] = data["type"].astype(object)
    data["phase"] = data["phase"].astype(object)
    for row in data.index[data["end"] < data["start"]]:
        findings.add(ERROR, "end_before_start", [data.at[row, "id"]], end=data.at[row, "end"],
                     start=data.at[row, "start"])
    data = data[data["start"].notna() & (data["end"] >= data["start"])].sort_values("start", kind="stable")
    data["days"] = [working_days(s, e) for s, e in zip(data["start"], data["end"])]
    return data


def _of_type(events: pd.DataFrame, type_: str) -> pd.DataFrame:
    return events[events["type"] == type_]


def _check_working_days(events, findings) -> None:
    for event in events[events["type"] != "preparation"].itertuples():
        for day in dict.fromkeys((event.start, event.end)):
            if not is_working_day(day):
                name = holiday_name(day) or label("planning.weekend", findings.lang)
                findings.add(WARNING, "not_working_day", [event.id], day=day, name=name)


def _check_transfo(events, findings) -> None:
    proto = TRANSFO
    sessions = _of_type(events, "session")
    low, high = proto.sequence_days
    lowest, highest = proto.session_days_glossary
    for event in sessions.itertuples():
        if not low <= event.days <= high:
            severity = WARNING if lowest <= event.days <= highest else ERROR
            findings.add(severity, "session_length", [event.id], days=event.days, low=low, high=high,
                         lowest=lowest, highest=highest)
    total = int(sessions["days"].sum())
    if total != proto.session_days:
        severity = WARNING if abs(total - proto.session_days) <= proto.session_days_tolerance else ERROR
        findings.add(severity, "session_total", sessions["id"], total=total, expected=proto.session_days)
    if len(sessions) >= 2:
        first, last = sessions["start"].min(), sessions["end"].max()
        low_m, high_m = proto.duration_months
        if not _add_months(first, low_m) <= last <= _add_months(first, high_m):
            findings.add(ERROR, "session_span", [sessions["id"].iloc[0], sessions["id"].iloc[-1]],
                         months=months_between(first, last), low=low_m, high=high_m)
        split = _add_months(first, proto.cas_pratiques_months)
        early = sessions[(sessions["start"] < split) & (sessions["phase"] == "prefiguration")]
        late = sessions[(sessions["start"] >= split) & (sessions["phase"] == "cas_pratiques")]
        if len(early):
            findings.add(WARNING, "prefiguration_too_early", early["id"], months=proto.cas_pratiques_months)
        if len(late):
            findings.add(WARNING, "cas_pratiques_too_late", late["id"], months=proto.cas_pratiques_months)
        _check_inter_transfo(events, sessions, findings)
        _check_preparation(events, first, findings)


def _check_inter_transfo(events, sessions, findings) -> None:
    low, high = TRANSFO.inter_transfo_months
    inter = _of_type(events, "inter_transfo")
    if inter.empty:
        if months_between(sessions["start"].min(), sessions["end"].max()) > high:
            findings.add(WARNING, "no_inter_transfo", [], low=low, high=high)
        return
    for (id_a, day_a), (id_b, day_b) in zip(inter[["id", "start"]].values, inter[["id", "start"]].values[1:]):
        if day_b > _add_months(day_a, high):
            findings.add(ERROR, "inter_transfo_gap", [id_a, id_b], months=months_between(day_a, day_b), low=low,
                         high=high)
        elif day_b < _add_months(day_a, low):
            findings.add(WARNING, "inter_transfo_close", [id_a, id_b], months=months_between(day_a, day_b), low=low,
                         high=high)


def _check_preparation(events, first_session, findings) -> None:
    preparation = events[(events["type"] == "preparation") & (events["phase"] == "preparation")]
    if not preparation.empty:
        begin = preparation["start"].min()
        low, high = TRANSFO.preparation_months
        if not _add_months(begin, low) <= first_session <= _add_months(begin, high):
            findings.add(WARNING, "preparation_length", preparation["id"],
                         months=months_between(begin, first_session), low=low, high=high)
    ambassadeurs = events[(events["type"] == "preparation") & (events["phase"] != "preparation")]
    if not ambassadeurs.empty:
        low, high = TRANSFO.ambassadeur_preparation_days
        total = int(ambassadeurs["days"].sum())
        if not low <= total <= high:
            findings.add(WARNING, "ambassadeur_preparation", ambassadeurs["id"], total=total, low=low, high=high)


def _check_pret_a_deployer(events, findings) -> None:
    proto = PRET_A_DEPLOYER
    trips = _of_type(events, "voyage_etude")
    if len(trips) != proto.study_trips:
        findings.add(WARNING, "study_trip_count", trips["id"], count=len(trips), expected=proto.study_trips)
    low, high = proto.study_trip_days
    for trip in trips.itertuples():
        if not low <= trip.days <= high:
            findings.add(ERROR, "study_trip_length", [trip.id], days=trip.days, low=low, high=high)
    weeks = _check_immersions(events, findings)
    closing = _of_type(events, "seminaire_cloture")
    if closing.empty:
        findings.add(WARNING, "closing_missing", [])
    elif len(closing) > proto.closing_seminars:
        findings.add(ERROR, "closing_count", closing["id"], count=len(closing), expected=proto.closing_seminars)
    seminar = closing.iloc[0] if len(closing) else None
    _check_labo(events, weeks, seminar, findings)
    if seminar is not None:
        if len(weeks) and seminar["start"] <= weeks["end"].max():
            findings.add(ERROR, "closing_before_immersion", [seminar["id"], weeks["id"].iloc[-1]])
        field = events[events["type"].isin(["voyage_etude", "immersion", "journee_labo"])]
        if len(field):
            begin, low_m, high_m = field["start"].min(), *proto.field_months
            if not _add_months(begin, low_m) <= seminar["end"] <= _add_months(begin, high_m):
                findings.add(ERROR, "field_phase", [field["id"].iloc[0], seminar["id"]],
                             months=months_between(begin, seminar["end"]), low=low_m, high=high_m)
    _check_workshops(events, seminar, findings)
    if len(events):
        begin, end = events["start"].min(), events["end"].max()
        if end > _add_months(begin, proto.plan_months):
            findings.add(WARNING, "plan_length", [], months=months_between(begin, end), expected=proto.plan_months)


def _check_immersions(events, findings) -> pd.DataFrame:
    proto = PRET_A_DEPLOYER
    weeks = _of_type(events, "immersion")
    if len(weeks) != proto.immersion_weeks:
        findings.add(ERROR, "immersion_count", weeks["id"], count=len(weeks), expected=proto.immersion_weeks)
    for week in weeks.itertuples():
        if (week.end - week.start).days >= 7:
            findings.add(WARNING, "immersion_length", [week.id], days=(week.end - week.start).days + 1)
    rows = list(weeks.itertuples())
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            if b.start <= a.end:
                findings.add(ERROR, "immersion_overlap", [a.id, b.id], start=b.start, end=a.end)
    numbers = weeks["week"].dropna().astype(int).tolist()
    if len(numbers) == len(weeks) and numbers != sorted(numbers):
        findings.add(WARNING, "immersion_order", weeks["id"], order=", ".join(map(str, numbers)))
    return weeks


def _check_labo(events, weeks, seminar, findings) -> None:
    proto = PRET_A_DEPLOYER
    labo = _of_type(events, "journee_labo")
    if len(labo) != proto.labo_days:
        findings.add(WARNING, "labo_count", labo["id"], count=len(labo), expected=proto.labo_days)
    if weeks.empty:
        return
    for day in labo.itertuples():
        if day.start < weeks["start"].min():
            findings.add(ERROR, "labo_before_immersion", [day.id, weeks["id"].iloc[0]])
        elif seminar is not None and day.end > seminar["start"]:
            findings.add(ERROR, "labo_after_closing", [day.id, seminar["id"]])
    for (id_a, end_a), (id_b, start_b) in zip(weeks[["id", "end"]].values, weeks[["id", "start"]].values[1:]):
        if not ((labo["start"] > end_a) & (labo["end"] < start_b)).any():
            findings.add(ERROR, "labo_missing_between", [id_a, id_b])


def _check_workshops(events, seminar, findings) -> None:
    proto = PRET_A_DEPLOYER
    workshops = _of_type(events, "atelier_prospectif")
    if len(workshops) > proto.max_workshops:
        findings.add(ERROR, "workshop_count", workshops["id"].iloc[proto.max_workshops:], count=len(workshops),
                     expected=proto.max_workshops)
    if seminar is None or workshops.empty:
        return
    early = workshops[workshops["start"] < seminar["start"]]
    if len(early):
        findings.add(ERROR, "workshop_before_closing", [*early["id"], seminar["id"]])
    low, high = proto.workshop_months
    last = workshops["end"].max()
    if last > _add_months(seminar["start"], high):
        findings.add(ERROR, "workshop_cycle_long", [seminar["id"], workshops["id"].iloc[-1]],
                     months=months_between(seminar["start"], last), high=high)
    elif len(workshops) >= 2 and last < _add_months(seminar["start"], low):
        findings.add(WARNING, "workshop_cycle_short", [seminar["id"], workshops["id"].iloc[-1]],
                     months=months_between(seminar["start"], last), low=low, high=high)


# --- programme summary ----------------------------------------------------------------------------

def programme_summary(programme, *, lang: str = "fr") -> pd.DataFrame:
    """What the programme is, in a few lines: name, kind, start, sites and team against the protocol.

    Parameters
    ----------
    programme : Programme
        A loaded programme (:func:`transfo_lab.load_programme`).
    lang : {"fr", "en"}
        Language of the labels.

    Returns
    -------
    DataFrame
        Two columns, the item and its value (as text).
    """
    check_lang(lang)
    config, proto = programme.config, get_protocol(programme.kind)
    team = programme.team
    rows = [("planning.summary.name", config.name),
            ("planning.summary.kind", label(f"planning.kind.{programme.kind}", lang)),
            ("planning.summary.start", format_date(config.start, lang)),
            ("planning.summary.sites", ", ".join(s.name for s in config.sites) or "—")]
    expected = {"resident": proto.residents, "ambassadeur": getattr(proto, "ambassadeurs", None),
                "agent_referent": getattr(proto, "agents_referents", None)}
    for role, count in expected.items():
        found = int((team["role"] == role).sum())
        if count is None and not found:
            continue
        text = str(found) if count is None else label("planning.summary.expected", lang, found=found, expected=count)
        rows.append((f"planning.summary.{role}", text))
    return pd.DataFrame([(label(key, lang), value) for key, value in rows],
                        columns=[label("planning.col_item", lang), label("planning.col_value", lang)])


def team_table(programme, *, lang: str = "fr") -> pd.DataFrame:
    """The team of programme.yaml to show: name, role (in words) and discipline or service."""
    check_lang(lang)
    team = programme.team.copy()
    team["role"] = team["role"].map(lambda r: label(f"planning.role.{r}", lang))
    return team.rename(columns={c: label(f"planning.col_team_{c}", lang) for c in team.columns})


def sites_table(programme, *, lang: str = "fr") -> pd.DataFrame:
    """The sites of programme.yaml to show: id, name, description."""
    check_lang(lang)
    return programme.sites.rename(columns={c: label(f"planning.col_site_{c}", lang) for c in ("id", "name", "description")})


def calendar_table(calendar: pd.DataFrame, *, site_names: dict[str, str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """A calendar to show: headers of the calendar template, phases and types in words, dates as 05/09/2016,
    site names (``site_names``) instead of site ids."""
    check_lang(lang)
    table = get_table("calendar")
    data = calendar[[c for c in CALENDAR_COLUMNS if c in calendar.columns]].copy()
    for column, prefix in (("phase", "planning.phase"), ("type", "planning.event")):
        data[column] = data[column].astype(object).map(
            lambda v, prefix=prefix: v if pd.isna(v) else label(f"{prefix}.{v}", lang))
    for column in ("start", "end"):
        data[column] = data[column].map(lambda d: "" if pd.isna(d) else format_date(d, lang))
    if site_names and "site" in data.columns:
        data["site"] = data["site"].map(lambda v: site_names.get(v, v) if isinstance(v, str)
                                        else label("common.all_sites", lang))
    data = data.drop(columns=[c for c in ("description",) if c in data.columns])
    return data.rename(columns={c: table.column(c).header(lang) for c in data.columns}).reset_index(drop=True)


def programme_calendar(programme, *, lang: str = "fr") -> tuple[pd.DataFrame, bool]:
    """The programme's own calendar, or the plan generated from its start date when it is empty.

    Returns
    -------
    (DataFrame, bool)
        The calendar, and whether it was generated by :func:`plan`.
    """
    if len(programme.calendar):
        return programme.calendar, False
    generated = plan(programme.kind, programme.config.start or pd.Timestamp.today(), sites=programme.config.site_ids,
                     lang=lang)
    return generated, True


# --- Gantt chart ----------------------------------------------------------------------------------

@print_chart
def plot_gantt(calendar: pd.DataFrame, *, lang: str = "fr", today=None, ax: Axes | None = None) -> Axes:
    """Draw the calendar as a Gantt chart: one row per family of events.

    Events of several days are bars, one-day events (journées labo, Inter-Transfo,
    seminars, workshops) are markers; the colour is the phase. Months are labelled in
    ``lang``.

    Parameters
    ----------
    calendar : DataFrame
        A calendar (``prog.calendar`` or :func:`plan`).
    lang : {"fr", "en"}
        Language of the labels.
    today : date-like, optional
        Draw a dashed vertical line on that day.
    ax : matplotlib Axes, optional
        Where to draw; by default a new figure at its printed size.

    Returns
    -------
    Axes

    Examples
    --------
    >>> ax = plot_gantt(plan("pret_a_deployer", "2016-09-05"), today="2017-01-10")
    >>> [t.get_text() for t in ax.get_yticklabels()][:3]
    ["Voyage d'étude", "Semaines d'immersion", 'Journées labo']
    >>> plt.close("all")
    """
    data = calendar.dropna(subset=["start"]) if "start" in calendar.columns else calendar.iloc[0:0]
    n_families = len(set(data["type"].astype(object).fillna("autre")) & set(EVENT_TYPES)) if len(data) else 0
    ax = open_axes(ax, "planning.gantt_title", lang=lang, height=rows_height(n_families, per_row=0.36, extra=1.5))
    if data.empty:
        return no_data_panel(ax, lang)
    data = data.assign(end=data["end"].fillna(data["start"]), type=data["type"].astype(object).fillna("autre"),
                       phase=data["phase"].astype(object).fillna("autre"))
    families = [t for t in EVENT_TYPES if t in set(data["type"])]
    colours = {phase: plt.get_cmap("tab10")(i) for i, phase in enumerate(PHASES)}
    for y, family in enumerate(families):
        for event in data[data["type"] == family].itertuples():
            left = mdates.date2num(event.start)
            if event.end > event.start:
                ax.barh(y, mdates.date2num(event.end + pd.Timedelta(days=1)) - left, left=left, height=0.6,
                        color=colours[event.phase])
            else:
                ax.plot([left + 0.5], [y], marker="D", markersize=7, linestyle="none", color=colours[event.phase])
    ax.set_yticks(range(len(families)), [wrap(label(f"planning.type.{t}", lang), 24) for t in families])
    ax.set_ylim(len(families) - 0.5, -0.5)
    first, last = mdates.date2num(data["start"].min()), mdates.date2num(data["end"].max()) + 1
    margin = max(7.0, 0.03 * (last - first))
    ax.set_xlim(first - margin, last + margin)
    _month_axis(ax, lang)
    handles = [Patch(color=colours[p], label=label(f"planning.phase.{p}", lang)) for p in PHASES
               if p in set(data["phase"])]
    if today is not None:
        handles.append(ax.axvline(mdates.date2num(pd.Timestamp(today)), color="black", linestyle="--", linewidth=1,
                                  label=label("planning.today", lang)))
    legend_outside(ax, handles, title=label("common.phase", lang), width=24)
    ax.grid(axis="x", alpha=0.3)
    thin_ticks(ax)
    return ax


def _month_axis(ax: Axes, lang: str) -> None:
    start, end = (mdates.num2date(x) for x in ax.get_xlim())
    span = (end - start).days / DAYS_PER_MONTH
    step = max(1, math.ceil(span / 12))
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, step)))

    def _format(x, position=None):
        day = mdates.num2date(x)
        name = format_month(day.month, lang)
        return f"{name}\n{day.year}" if day.month == 1 or position == 0 else name

    ax.xaxis.set_major_formatter(_format)


def programme_months(calendar: pd.DataFrame) -> float:
    """How many months the calendar spans, from its first start to its last end.

    >>> round(programme_months(pd.DataFrame({"start": pd.to_datetime(["2016-09-05"]),
    ...                                      "end": pd.to_datetime(["2018-03-05"])})), 1)
    18.0
    """
    if calendar.empty:
        return 0.0
    end = calendar["end"].fillna(calendar["start"])
    return months_between(calendar["start"].min(), end.max())
