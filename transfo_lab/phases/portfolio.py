"""Inter-Transfo: several programme folders — several collectivités — in one view.

« Aider 10 collectivités en 4 ans » : La Transfo runs with a group of collectivités at once, and
every 3 to 5 months an Inter-Transfo day gathers all their teams « afin que tous les participants
puissent échanger et construire un savoir commun en analysant les succès et les échecs des uns et
des autres ». This module reads a *portfolio* (several programme folders, La Transfo or Prêt à
déployer alike) and compares them:

- :func:`load_portfolio` validates every folder as a whole: a folder that does not validate is
  listed with its problems and left out (never silently), a folder of another kind too, duplicate
  collectivité names and folders given twice are reported;
- :func:`protocol_progress` — session days held and planned against the 35 days, sequences of
  2 to 3 days, months elapsed against 12–18, the 6-month switch to the prefiguration, the
  ambassadeurs' preparation days, the next Inter-Transfo; who is late, who is ahead, and why;
- :func:`themes` — the codebooks matched by tag and family (and an explicit mapping file where
  the names differ), compared with :mod:`transfo_lab.phases.research.comparison`, exactly as sites are;
- :func:`prototype_outcomes`, :func:`reuses`, :func:`evaluation_outcomes` — successes and failures;
- :func:`budget_overview` — budget and financing per collectivité and for the programme;
- :func:`capacity_change`, :func:`attendance_summary`, :func:`preparation_summary` — the mise en
  capacité of the ambassadeurs (self-assessment rounds, paired Wilcoxon test with effect size).

Each collectivité is one *member*; its programme is pseudonymised
(:func:`transfo_lab.contract.privacy.pseudonymise_programme`) before any analysis.
"""
from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from transfo_lab.protocols import budget as budget_mod
from transfo_lab.phases.research import comparison
from transfo_lab.phases import evaluation
from transfo_lab.protocols import planning
from transfo_lab.base.exceptions import ParameterError, TransfoLabError
from transfo_lab.base.labels import format_date, format_number, label
from transfo_lab.base.plotting import print_chart as _print_chart
from transfo_lab.protocols.facts import TRANSFO, get_protocol
from transfo_lab.contract.schemas import ASSESSMENT_ROUNDS, normalise_key

PORTFOLIO_FILE = "portfolio.yaml"
MAPPING_FILES = ("correspondances", "mapping", "correspondance_themes")
#: Types of collectivité a programme.yaml may declare (``collectivite: {name: …, type: …}``).
COLLECTIVITE_TYPES = ("region", "departement", "metropole", "intercommunalite", "ville", "autre")
#: The pairs of self-assessment rounds compared.
ROUND_PAIRS = (("debut", "mi_parcours"), ("mi_parcours", "fin"), ("debut", "fin"))


# --- the portfolio -------------------------------------------------------------------------------------

@dataclass
class Member:
    """One collectivité of the portfolio: its programme (pseudonymised) and how to name it."""

    id: str
    name: str
    type: str | None
    path: Path
    programme: object

    @property
    def kind(self) -> str:
        return self.programme.kind


@dataclass
class Exclusion:
    """A folder left out of the portfolio, with why (``reason``) and its problems."""

    path: Path
    name: str
    reason: str
    problems: list[str] = field(default_factory=list)


@dataclass
class Portfolio:
    """The collectivités compared, those left out, and what was noticed while reading them."""

    name: str
    kind: str
    as_of: pd.Timestamp
    members: list[Member]
    excluded: list[Exclusion] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    mapping: pd.DataFrame | None = None
    lang: str = "fr"

    @property
    def ids(self) -> list[str]:
        return [m.id for m in self.members]

    @property
    def names(self) -> dict[str, str]:
        return {m.id: m.name for m in self.members}

    def member(self, member_id: str) -> Member:
        return next(m for m in self.members if m.id == member_id)


def _t(key: str, lang: str, **values) -> str:
    return label(f"portfolio.{key}", lang, **values)


def programme_folders(paths) -> tuple[list[Path], dict]:
    """The programme folders named by ``paths`` and the settings of a ``portfolio.yaml`` found there.

    A path holding ``programme.yaml`` is a programme; a folder without one is a portfolio folder:
    its sub-folders holding a ``programme.yaml`` (in name order) are its programmes, and its
    ``portfolio.yaml`` (``name``, ``kind``, ``date``, ``mapping``) gives the portfolio's settings.
    """
    from transfo_lab.base.limits import load_yaml

    folders: list[Path] = []
    settings: dict = {}
    for raw in paths:
        path = Path(raw)
        if (path / "programme.yaml").is_file() or not path.is_dir():
            folders.append(path)
            continue
        config = path / PORTFOLIO_FILE
        if config.is_file():
            data = load_yaml(config) or {}
            if isinstance(data, dict):
                for key, value in data.items():
                    settings.setdefault(key, value)
                if isinstance(settings.get("mapping"), str) and not Path(settings["mapping"]).is_absolute():
                    settings["mapping"] = str(path / settings["mapping"])
        if "mapping" not in settings:
            found = next((p for stem in MAPPING_FILES for p in sorted(path.glob(f"{stem}.*"))), None)
            if found is not None:
                settings["mapping"] = str(found)
        subfolders = sorted(p for p in path.iterdir() if p.is_dir() and (p / "programme.yaml").is_file())
        folders.extend(subfolders if subfolders else [path])
    return folders, settings


def load_portfolio(paths, *, kind: str | None = None, mapping=None, as_of=None, name: str | None = None,
                   pseudonymise: bool = True, reports_dir: Path | str | None = None,
                   lang: str = "fr") -> Portfolio:
    """Read and validate several programme folders as one portfolio.

    Parameters
    ----------
    paths : list of path
        Programme folders, or portfolio folders (see :func:`programme_folders`).
    kind : {"transfo", "pret_a_deployer"}, optional
        The portfolio's programme; by default the most common kind among the valid folders.
        A folder of another kind is reported and left out.
    mapping : path or DataFrame, optional
        The correspondence of themes between codebooks (see :func:`read_mapping`).
    as_of : date-like, optional
        The day the progress is measured at (default: ``date`` of portfolio.yaml, else today).
    pseudonymise : bool
        Pseudonymise every programme (default); each keeps its own key.

    Returns
    -------
    Portfolio
        Never raises on a programme's data problems: they are in ``excluded``.
    """
    from transfo_lab.contract.privacy import pseudonymise_programme
    from transfo_lab.contract.programme import KINDS, load_programme

    folders, settings = programme_folders(paths)
    if not folders:
        raise ParameterError(_t("no_folder", lang))
    kind = kind or settings.get("kind")
    if kind is not None and kind not in KINDS:
        raise ParameterError(f"`kind` is expected to be one of {KINDS}. Got {kind!r} instead.")
    when = as_of if as_of is not None else settings.get("date") or pd.Timestamp.today()
    try:
        as_of = pd.Timestamp(when).normalize()
    except (ValueError, TypeError):
        raise ParameterError(_t("bad_date", lang, value=when)) from None
    if as_of is pd.NaT:
        raise ParameterError(_t("bad_date", lang, value=when))
    excluded: list[Exclusion] = []
    notices: list[str] = []
    loaded = []
    seen: dict[Path, Path] = {}
    for folder in folders:
        resolved = folder.expanduser().resolve()
        if resolved in seen:
            notices.append(_t("given_twice", lang, folder=folder.name))
            continue
        seen[resolved] = folder
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                prog = load_programme(folder, strict=False, lang=lang)
        except TransfoLabError as exc:
            excluded.append(Exclusion(folder, folder.name, _t("unreadable", lang), [str(exc)]))
            continue
        if not prog.report.ok:
            problems = [issue.format(lang) for issue in prog.report.errors]
            if pseudonymise:
                try:
                    problems = [pseudonymise_programme(prog, reports_dir=reports_dir, lang=lang).pseudonymiser(p)
                                for p in problems]
                except TransfoLabError:
                    pass
            excluded.append(Exclusion(folder, _collectivite(prog)[0], _t("invalid", lang, n=len(problems)), problems))
            continue
        loaded.append((folder, prog))
    if kind is None:
        counts = Counter(p.kind for _, p in loaded)
        kind = max(counts, key=lambda k: (counts[k], -[p.kind for _, p in loaded].index(k))) if counts else "transfo"
    members: list[Member] = []
    names_seen: dict[str, str] = {}
    ids_seen: set[str] = set()
    for folder, prog in loaded:
        coll_name, coll_type = _collectivite(prog)
        if prog.kind != kind:
            excluded.append(Exclusion(folder, coll_name, _t("other_kind", lang, kind=label(f"planning.kind.{prog.kind}", lang),
                                                           expected=label(f"planning.kind.{kind}", lang))))
            continue
        key = normalise_key(coll_name)
        if key in names_seen:
            notices.append(_t("duplicate_name", lang, name=coll_name, first=names_seen[key], second=folder.name))
            coll_name = f"{coll_name} ({folder.name})"
        else:
            names_seen[key] = folder.name
        member_id = normalise_key(folder.name) or f"p{len(members) + 1}"
        while member_id in ids_seen:
            member_id += "_"
        ids_seen.add(member_id)
        if pseudonymise:
            prog = pseudonymise_programme(prog, reports_dir=reports_dir, lang=lang)
        members.append(Member(member_id, coll_name, coll_type, folder, prog))
    portfolio = Portfolio(name or settings.get("name") or _t("default_name", lang), kind, as_of, members, excluded,
                          notices, lang=lang)
    mapping = mapping if mapping is not None else settings.get("mapping")
    if mapping is not None:
        portfolio.mapping = read_mapping(mapping, portfolio, lang=lang) if not isinstance(mapping, pd.DataFrame) \
            else mapping
    return portfolio


def _collectivite(prog) -> tuple[str, str | None]:
    """The collectivité's name and type: ``collectivite:`` of programme.yaml, else the programme's name."""
    value = prog.config.settings.get("collectivite")
    if isinstance(value, dict):
        kind = value.get("type")
        kind = normalise_key(kind) if kind else None
        return str(value.get("name") or prog.name), kind if kind in COLLECTIVITE_TYPES else (kind and "autre")
    if isinstance(value, str) and value.strip():
        return value.strip(), None
    return prog.name, None


# --- theme correspondence ------------------------------------------------------------------------------

_MAPPING_HEADERS = {"collectivite": "member", "programme": "member", "dossier": "member", "member": "member",
                    "etiquette": "tag", "tag": "tag", "code": "tag",
                    "theme_commun": "common", "etiquette_commune": "common", "common_tag": "common", "common": "common",
                    "famille_commune": "family", "famille": "family", "family": "family", "common_family": "family"}


def read_mapping(path, portfolio: Portfolio, *, lang: str = "fr") -> pd.DataFrame:
    """The theme correspondence file: which tag of which collectivité is which common theme.

    Columns (CSV, Excel or OpenDocument, French or English headers): *Collectivité* (its name or its
    folder), *Étiquette* (the tag in that collectivité's codebook), *Thème commun* and, optionally,
    *Famille commune*. A row naming an unknown collectivité or tag is reported in the portfolio's
    notices, never silently ignored.
    """
    from transfo_lab.base.exceptions import DataError
    from transfo_lab.contract.io import read_table

    if not Path(path).is_file():
        raise DataError(_t("mapping_missing", lang), file=Path(path))
    raw = read_table(Path(path), lang=lang).data
    columns = {c: _MAPPING_HEADERS.get(normalise_key(c)) for c in raw.columns}
    data = raw.rename(columns={c: v for c, v in columns.items() if v}).loc[:, lambda d: ~d.columns.duplicated()]
    missing = [c for c in ("member", "tag", "common") if c not in data.columns]
    if missing:
        raise DataError(_t("mapping_columns", lang, found=", ".join(map(str, raw.columns))), file=Path(path))
    if "family" not in data.columns:
        data["family"] = None
    by_name = {normalise_key(m.name): m.id for m in portfolio.members}
    by_name.update({normalise_key(m.path.name): m.id for m in portfolio.members})
    by_name.update({m.id: m.id for m in portfolio.members})
    rows = []
    for number, record in data.iterrows():
        if pd.isna(record["member"]) or pd.isna(record["tag"]) or pd.isna(record["common"]):
            continue
        member = by_name.get(normalise_key(record["member"]))
        if member is None:
            portfolio.notices.append(_t("mapping_unknown_member", lang, file=Path(path).name, row=number,
                                        value=record["member"]))
            continue
        tags = {normalise_key(t): t for t in portfolio.member(member).programme.codebook["tag"].dropna()}
        tag = tags.get(normalise_key(record["tag"]))
        if tag is None:
            portfolio.notices.append(_t("mapping_unknown_tag", lang, file=Path(path).name, row=number,
                                        value=record["tag"], name=portfolio.names[member]))
            continue
        family = record["family"] if isinstance(record["family"], str) and record["family"].strip() else None
        rows.append({"member": member, "tag": tag, "common": normalise_key(record["common"]),
                     "common_label": str(record["common"]).strip(), "family": family})
    return pd.DataFrame(rows, columns=["member", "tag", "common", "common_label", "family"])


# --- protocol progress ---------------------------------------------------------------------------------

PROGRESS_COLUMNS = ["member", "name", "type", "kind", "first_session", "last_session", "sessions_planned",
                    "days_planned", "sessions_held", "days_held", "months_elapsed", "months_planned", "expected_low",
                    "expected_high", "sequences_off", "switch_date", "switch_months", "switched",
                    "preparation_days", "next_inter_transfo", "status", "reasons", "findings"]


#: calendar → its events with their working days, computed once per loaded calendar (id → (calendar, events))
_EVENTS_CACHE: dict[int, tuple[pd.DataFrame, pd.DataFrame]] = {}


def _session_events(prog) -> pd.DataFrame:
    """The calendar's dated events, in date order, with ``days`` (working days); computed once per calendar."""
    calendar = prog.calendar
    cached = _EVENTS_CACHE.get(id(calendar))
    if cached is not None and cached[0] is calendar:
        return cached[1]
    events = _compute_events(calendar)
    if len(_EVENTS_CACHE) > 4096:
        _EVENTS_CACHE.clear()
    _EVENTS_CACHE[id(calendar)] = (calendar, events)
    return events


def _compute_events(calendar: pd.DataFrame) -> pd.DataFrame:
    if calendar.empty:
        return calendar.assign(days=pd.Series(dtype=int))
    data = calendar.dropna(subset=["start"]).copy()
    data["end"] = data["end"].fillna(data["start"])
    data["days"] = [planning.working_days(s, e) for s, e in zip(data["start"], data["end"])]
    return data.sort_values("start", kind="stable")


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


# --- themes --------------------------------------------------------------------------------------------

@dataclass
class Themes:
    """The observations of all collectivités on common theme keys, and what they share."""

    observations: pd.DataFrame   # site (= member id), tags (common keys), families
    codebook: pd.DataFrame       # tag (common key), family, label
    comparison: pd.DataFrame     # comparison.compare_sites on the members
    shared: pd.DataFrame         # comparison.shared_tags on the members
    family_comparison: pd.DataFrame
    family_shared: pd.DataFrame
    matched: pd.DataFrame        # member, tag, common, how (tag / mapping)


def themes(portfolio: Portfolio, *, correction: str = "bh", alpha: float = 0.05) -> Themes:
    """Themes across collectivités: codebooks matched by tag (and family), or by the mapping file.

    A tag is mapped to a common theme: the mapping file's when it names the tag, else the tag
    itself (compared without accents, capitals or spaces: « Accueil » = « accueil »). A theme's
    family is the mapping's *Famille commune*, else the family of the first codebook that has the
    theme. The observations of each collectivité (all its sites) are then compared with
    :func:`transfo_lab.phases.research.comparison.compare_sites` and :func:`~transfo_lab.phases.research.comparison.shared_tags`,
    the collectivités taking the place of the sites — the same statistics as between sites.
    """
    mapping = portfolio.mapping if portfolio.mapping is not None else pd.DataFrame(
        columns=["member", "tag", "common", "common_label", "family"])
    explicit = {(r.member, r.tag): r for r in mapping.itertuples()}
    codebook_rows: dict[str, dict] = {}
    matched, frames = [], []
    for m in portfolio.members:
        prog = m.programme
        families = dict(zip(prog.codebook["tag"], prog.codebook["family"])) if not prog.codebook.empty else {}
        keys: dict[str, str] = {}
        for tag in list(families) + sorted({t for tags in prog.observations["tags"] for t in (tags or [])} - set(families)):
            entry = explicit.get((m.id, tag))
            common = entry.common if entry is not None else normalise_key(tag)
            keys[tag] = common
            family = entry.family if entry is not None and entry.family else families.get(tag)
            codebook_rows.setdefault(common, {"tag": common, "label": entry.common_label if entry is not None else str(tag),
                                              "family": family})
            if not codebook_rows[common]["family"] and family:
                codebook_rows[common]["family"] = family
            matched.append({"member": m.id, "tag": tag, "common": common, "how": "mapping" if entry is not None else "tag"})
        if prog.observations.empty:
            continue
        obs = pd.DataFrame({"site": m.id, "tags": prog.observations["tags"].map(
            lambda tags, keys=keys: list(dict.fromkeys(keys.get(t, normalise_key(t)) for t in (tags or []))))})
        frames.append(obs)
    codebook = pd.DataFrame(list(codebook_rows.values()), columns=["tag", "label", "family"])
    codebook["family_key"] = codebook["family"].map(lambda f: normalise_key(f) if isinstance(f, str) else "autre")
    family_of = dict(zip(codebook["tag"], codebook["family_key"]))
    observations = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"site": [], "tags": []})
    observations["families"] = observations["tags"].map(lambda tags: list(dict.fromkeys(family_of.get(t, "autre")
                                                                                        for t in tags)))
    ids = [i for i in portfolio.ids if i in set(observations["site"])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compared = comparison.compare_sites(observations, sites=ids, codebook=codebook, correction=correction, alpha=alpha)
        shared = comparison.shared_tags(observations, sites=ids, codebook=codebook)
        fam_obs = observations.assign(tags=observations["families"])
        fam_codebook = codebook.drop_duplicates("family_key").assign(tag=lambda d: d["family_key"])
        fam_compared = comparison.compare_sites(fam_obs, sites=ids, codebook=fam_codebook, correction=correction,
                                                alpha=alpha)
        fam_shared = comparison.shared_tags(fam_obs, sites=ids, codebook=fam_codebook)
    return Themes(observations, codebook, compared, shared, fam_compared, fam_shared,
                  pd.DataFrame(matched, columns=["member", "tag", "common", "how"]))


def theme_label(themes_: Themes, key: str) -> str:
    """The reader's name of a common theme (the codebook's or the mapping's spelling)."""
    labels = dict(zip(themes_.codebook["tag"], themes_.codebook["label"]))
    families = dict(zip(themes_.codebook["family_key"], themes_.codebook["family"]))
    text = labels.get(key) or families.get(key) or str(key)
    text = str(text).replace("_", " ")
    return text[:1].upper() + text[1:]


# --- successes and failures ----------------------------------------------------------------------------

OUTCOME_COLUMNS = ["member", "prototype", "name", "kind", "tests", "iterations", "sites", "result", "learning",
                   "origin"]


def prototype_outcomes(portfolio: Portfolio) -> pd.DataFrame:
    """Every prototype of every collectivité with its latest result (any site) and latest learning.

    ``result`` is ``validee`` / ``invalidee`` / ``mitigee``, or ``None`` when never tested.
    """
    rows = []
    for m in portfolio.members:
        prog = m.programme
        tests = prog.tests.dropna(subset=["date"]).sort_values(["date", "iteration"], kind="stable") \
            if not prog.tests.empty else prog.tests
        for p in prog.prototypes.itertuples():
            own = tests[tests["prototype"] == p.id] if not tests.empty else tests
            last = own.iloc[-1] if len(own) else None
            rows.append({"member": m.id, "prototype": p.id, "name": p.name, "kind": p.kind, "tests": len(own),
                         "iterations": int(own["iteration"].max()) if len(own) else 0,
                         "sites": len(set(own["site"])) if len(own) else 0,
                         "result": None if last is None else last["result"],
                         "learning": None if last is None or pd.isna(last["learning"]) else last["learning"],
                         "origin": getattr(p, "origin", None) if isinstance(getattr(p, "origin", None), str) else None})
    return pd.DataFrame(rows, columns=OUTCOME_COLUMNS)


def outcome_counts(outcomes: pd.DataFrame, portfolio: Portfolio) -> pd.DataFrame:
    """Prototypes by latest result per collectivité (rows) — validee, mitigee, invalidee, untested, total."""
    results = ["validee", "mitigee", "invalidee", "untested"]
    data = outcomes.assign(result=outcomes["result"].fillna("untested"))
    table = pd.crosstab(data["member"], data["result"]).reindex(index=portfolio.ids, columns=results, fill_value=0) \
        if len(data) else pd.DataFrame(0, index=portfolio.ids, columns=results)
    table = table.fillna(0).astype(int)
    table["total"] = table.sum(axis=1)
    return table


def reuses(portfolio: Portfolio, outcomes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Prototypes one collectivité took from another (*Repris de*): both results side by side.

    The origin is written « collectivité / prototype id »; the collectivité may be named by its name or
    its folder. An origin that names no prototype of the portfolio is reported in ``portfolio.notices``.
    """
    outcomes = prototype_outcomes(portfolio) if outcomes is None else outcomes
    by_name = {normalise_key(m.name): m.id for m in portfolio.members}
    by_name.update({normalise_key(m.path.name): m.id for m in portfolio.members})
    index = {(r.member, normalise_key(r.prototype)): r for r in outcomes.itertuples()}
    rows = []
    for r in outcomes[outcomes["origin"].notna()].itertuples():
        where, _, proto = str(r.origin).rpartition("/")
        source = index.get((by_name.get(normalise_key(where)), normalise_key(proto)))
        if source is None:
            notice = _t("unknown_origin", portfolio.lang, origin=r.origin, name=portfolio.names[r.member],
                        prototype=r.prototype)
            if notice not in portfolio.notices:
                portfolio.notices.append(notice)
            continue
        rows.append({"member": r.member, "prototype": r.prototype, "name": r.name, "result": r.result,
                     "learning": r.learning, "from_member": source.member, "from_prototype": source.prototype,
                     "from_name": source.name, "from_result": source.result, "from_learning": source.learning})
    return pd.DataFrame(rows, columns=["member", "prototype", "name", "result", "learning", "from_member",
                                       "from_prototype", "from_name", "from_result", "from_learning"])


def evaluation_outcomes(portfolio: Portfolio) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The recommendation (deploy / adapt / rework) of every evaluated site of every collectivité, and the
    evidence behind it (:func:`transfo_lab.phases.evaluation.recommend` and ``recommendation_evidence``)."""
    recos, evidence = [], []
    for m in portfolio.members:
        prog = m.programme
        if prog.criteria.empty or prog.scores.empty:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            criteria = evaluation.normalise_weights(prog.criteria, lang=portfolio.lang)
            limits = evaluation.thresholds(prog.config.settings)
            sites = [s for s in prog.config.site_ids if s in set(prog.scores["site"])]
            r = evaluation.recommend(criteria, prog.scores, limits=limits, sites=sites, lang=portfolio.lang)
            e = evaluation.recommendation_evidence(criteria, prog.scores, limits=limits, sites=sites, lang=portfolio.lang)
        names = dict(zip(prog.sites["id"], prog.sites["name"]))
        recos.append(r.assign(member=m.id, site_name=r["site"].map(names)))
        evidence.append(e.assign(member=m.id, site_name=e["site"].map(names)))
    empty = pd.DataFrame(columns=["member", "site", "site_name", "recommendation", "score", "reasons"])
    return (pd.concat(recos, ignore_index=True) if recos else empty,
            pd.concat(evidence, ignore_index=True) if evidence else pd.DataFrame())


# --- budget --------------------------------------------------------------------------------------------

def budget_overview(portfolio: Portfolio) -> pd.DataFrame:
    """Budget and financing per collectivité, and the programme's total (last row, ``member`` = None).

    ``expected_*``: the total split by the programme's shares (programme.yaml ``financing``, else the
    protocol's 2/3 – 1/3); ``own`` / ``partners`` / ``unassigned``: what the budget lines say, a line
    being the collectivité's own when its *Financeur* is the collectivité (or contains its name).
    """
    rows = []
    for m in portfolio.members:
        prog = m.programme
        data = prog.budget.dropna(subset=["amount"]) if not prog.budget.empty else prog.budget
        total = float(data["amount"].sum()) if len(data) else 0.0
        shares = budget_mod.financing_shares(prog.config.settings, prog.kind) or {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            split = budget_mod.financing_split(total, shares) if shares and total else None
        expected = dict(zip(split["funder"], split["amount"])) if split is not None else {}
        funders = data["funder"].map(lambda f, m=m: _funder_kind(f, m)) if len(data) else pd.Series(dtype=object)
        own = float(data.loc[funders == "own", "amount"].sum()) if len(data) else 0.0
        partners = float(data.loc[funders == "partners", "amount"].sum()) if len(data) else 0.0
        rows.append({"member": m.id, "name": m.name, "total": total,
                     "expected_own": expected.get("collectivites"), "expected_partners": expected.get("partenaires"),
                     "own": own, "partners": partners, "unassigned": total - own - partners,
                     "own_share": own / total if total else None})
    table = pd.DataFrame(rows, columns=["member", "name", "total", "expected_own", "expected_partners", "own",
                                        "partners", "unassigned", "own_share"])
    if len(table):
        total = table["total"].sum()
        sums = {c: table[c].sum(min_count=1) for c in ("expected_own", "expected_partners", "own", "partners",
                                                       "unassigned")}
        table.loc[len(table)] = {"member": None, "name": label("common.total", portfolio.lang), "total": total, **sums,
                                 "own_share": sums["own"] / total if total else None}
    return table


def _funder_kind(funder, member: Member) -> str | None:
    """``own`` when a budget line's funder is the collectivité (its name, or a name it contains), ``partners``
    for any other funder, ``None`` when no funder is given."""
    if not isinstance(funder, str) or not funder.strip():
        return None
    key, names = normalise_key(funder), (normalise_key(member.name), normalise_key(member.programme.name))
    own = key in ("collectivite", "collectivites") or any(n in key for n in names) or \
        (len(key) >= 8 and any(key in n for n in names))
    return "own" if own else "partners"


# --- mise en capacité ----------------------------------------------------------------------------------

def paired_test(before, after) -> dict:
    """Wilcoxon signed-rank test of paired scores, with the matched-pairs rank-biserial correlation.

    Pairs with no change are dropped (Wilcoxon's own treatment, ``zero_method="wilcox"``); the
    effect size is computed on the same pairs: ``r = (W+ − W−) / (W+ + W−)``, from −1 (every one
    down) to +1 (every one up). The p-value is exact for small samples without ties, else normal.

    >>> result = paired_test([2, 3, 3, 2], [3, 5, 2.5, 5])
    >>> result["n"], result["w_plus"], result["w_minus"], result["r"], round(result["p_value"], 3)
    (4, 9.0, 1.0, 0.8, 0.25)
    """
    before, after = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    keep = ~(np.isnan(before) | np.isnan(after))
    before, after = before[keep], after[keep]
    diff = after - before
    result = {"n_pairs": int(len(diff)), "n": int((diff != 0).sum()), "mean_before": _mean(before),
              "mean_after": _mean(after), "mean_change": _mean(diff),
              "median_change": float(np.median(diff)) if len(diff) else None,
              "w_plus": None, "w_minus": None, "statistic": None, "p_value": None, "r": None}
    nonzero = diff[diff != 0]
    if len(nonzero) == 0:
        return result
    ranks = stats.rankdata(np.abs(nonzero))
    w_plus, w_minus = float(ranks[nonzero > 0].sum()), float(ranks[nonzero < 0].sum())
    result.update(w_plus=w_plus, w_minus=w_minus, r=(w_plus - w_minus) / (w_plus + w_minus))
    if len(nonzero) >= 2:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            test = stats.wilcoxon(after, before, zero_method="wilcox")
        result.update(statistic=float(test.statistic), p_value=float(test.pvalue))
    return result


def _mean(values) -> float | None:
    return float(np.mean(values)) if len(values) else None


def assessment_scores(self_assessment: pd.DataFrame, *, family: str | None = None) -> pd.DataFrame:
    """Each ambassadeur's mean answer per round (ambassadeurs × rounds), over all items or one family.

    The family of an item with none given is found from the protocol's lists (method bricks, values).
    """
    data = self_assessment[self_assessment["answer"].notna()]
    if data.empty:
        return pd.DataFrame(columns=list(ASSESSMENT_ROUNDS))
    if family is not None:
        found = data["item"].map({i: item_family(i) for i in data["item"].dropna().unique()})
        data = data[data["family"].where(data["family"].notna(), found) == family]
    table = data["answer"].astype(float).groupby([data["ambassadeur"], data["round"]]).mean().unstack("round")
    table.columns = list(table.columns)
    return table.reindex(columns=list(ASSESSMENT_ROUNDS))


def item_family(item) -> str | None:
    """``brique`` or ``valeur`` for an item named like a method brick or a value of La Transfo.

    >>> item_family("Empathie"), item_family("Prototypage / test"), item_family("Cuisine")
    ('valeur', 'brique', None)
    """
    return _ITEM_FAMILIES.get(normalise_key(item))


_ITEM_FAMILIES = {**{normalise_key(b): "brique" for b in TRANSFO.method_bricks},
                  **{normalise_key(v): "valeur" for v in TRANSFO.values}}


CHANGE_COLUMNS = ["member", "family", "before", "after", "n_pairs", "n", "mean_before", "mean_after", "mean_change",
                  "median_change", "w_plus", "w_minus", "statistic", "p_value", "r"]


def capacity_change(portfolio: Portfolio, *, families=(None,)) -> pd.DataFrame:
    """The change of the ambassadeurs between self-assessment rounds, per collectivité and for the portfolio.

    One row per collectivité (``member``; ``None`` for the whole portfolio, its ambassadeurs pooled)
    × family (``None``: all items) × pair of rounds (début → mi-parcours, mi-parcours → fin,
    début → fin), with :func:`paired_test` on each ambassadeur's mean answer.
    """
    rows = []
    pooled: dict = {f: [] for f in families}
    for m in portfolio.members:
        assessment = m.programme.tables.get("self_assessment")
        if assessment is None or assessment.empty:
            continue
        for family in families:
            scores = assessment_scores(assessment, family=family)
            pooled[family].append(scores.set_axis([f"{m.id}:{a}" for a in scores.index]))
            rows += _change_rows(m.id, family, scores)
    for family in families:
        if pooled[family]:
            rows += _change_rows(None, family, pd.concat(pooled[family]))
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def _change_rows(member, family, scores: pd.DataFrame) -> list[dict]:
    rows = []
    for before, after in ROUND_PAIRS:
        pairs = scores[[before, after]].dropna()
        if pairs.empty:
            continue
        result = paired_test(pairs[before], pairs[after])
        rows.append({"member": member, "family": family, "before": before, "after": after, **result})
    return rows


def ambassadeurs(portfolio: Portfolio) -> pd.DataFrame:
    """Each ambassadeur of each collectivité: mean self-assessment per round, change from the first round to the
    last answered, days present at the sessions held and preparation days declared.

    The names are those of the (pseudonymised) programmes: pseudonyms in a report.
    """
    import re

    rows = []
    for m in portfolio.members:
        assessment = m.programme.tables.get("self_assessment")
        attendance = m.programme.tables.get("attendance")
        scores = assessment_scores(assessment) if assessment is not None and not assessment.empty else \
            pd.DataFrame(columns=list(ASSESSMENT_ROUNDS))
        held = set()
        if attendance is not None and not attendance.empty:
            events = _session_events(m.programme)
            held = set(events.loc[(events["type"] == "session") & (events["end"] <= portfolio.as_of), "id"])
            present = attendance[attendance["session"].isin(held)].groupby("ambassadeur")["days"].sum()
            prepared = attendance.groupby("ambassadeur")["preparation_days"].sum(min_count=1)
        else:
            present = prepared = pd.Series(dtype=float)
        people = list(dict.fromkeys(list(scores.index) + list(present.index)))
        people.sort(key=lambda n: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", str(n))])
        for person in people:
            values = scores.loc[person] if person in scores.index else pd.Series(dtype=float)
            answered = [values[r] for r in ASSESSMENT_ROUNDS if r in values and pd.notna(values[r])]
            rows.append({"member": m.id, "ambassadeur": person,
                         **{r: values.get(r) if r in values else None for r in ASSESSMENT_ROUNDS},
                         "change": answered[-1] - answered[0] if len(answered) >= 2 else None,
                         "days_present": present.get(person), "preparation_days": prepared.get(person)})
    return pd.DataFrame(rows, columns=["member", "ambassadeur", *ASSESSMENT_ROUNDS, "change", "days_present",
                                       "preparation_days"])


def attendance_summary(portfolio: Portfolio) -> pd.DataFrame:
    """Attendance per collectivité against the 35 days: ambassadeurs, days held, mean days present, rate.

    ``days_held`` are the session days held on ``as_of``; ``rate`` the days present over the
    ambassadeurs' possible days (ambassadeurs × days of the sessions with attendance recorded).
    """
    rows = []
    for m in portfolio.members:
        attendance = m.programme.tables.get("attendance")
        if attendance is None or attendance.empty:
            continue
        events = _session_events(m.programme)
        sessions = events[events["type"] == "session"] if not events.empty else events
        held = sessions[sessions["end"] <= portfolio.as_of]
        lengths = dict(zip(sessions["id"], sessions["days"]))
        recorded = attendance[attendance["session"].isin(held["id"])]
        people = attendance["ambassadeur"].nunique()
        possible = sum(lengths.get(s, 0) for s in recorded["session"].unique()) * people
        per_person = recorded.groupby("ambassadeur")["days"].sum()
        rows.append({"member": m.id, "ambassadeurs": people, "sessions_recorded": recorded["session"].nunique(),
                     "days_held": int(held["days"].sum()), "mean_days": float(per_person.mean()) if len(per_person) else 0.0,
                     "min_days": float(per_person.min()) if len(per_person) else 0.0,
                     "rate": float(recorded["days"].sum()) / possible if possible else None,
                     "expected": TRANSFO.session_days})
    return pd.DataFrame(rows, columns=["member", "ambassadeurs", "sessions_recorded", "days_held", "mean_days",
                                       "min_days", "rate", "expected"])


def session_attendance(member: Member, as_of) -> pd.DataFrame:
    """Per session of one collectivité: ambassadeurs present (days > 0) and days present, in date order."""
    attendance = member.programme.tables.get("attendance")
    events = _session_events(member.programme)
    if attendance is None or attendance.empty or events.empty:
        return pd.DataFrame(columns=["session", "start", "days", "present", "ambassadeurs", "days_present"])
    sessions = events[(events["type"] == "session") & (events["end"] <= as_of)]
    people = attendance["ambassadeur"].nunique()
    grouped = attendance.groupby("session").agg(present=("days", lambda d: int((d > 0).sum())),
                                                 days_present=("days", "sum"))
    table = sessions[["id", "start", "days"]].rename(columns={"id": "session"}).merge(
        grouped, left_on="session", right_index=True, how="left")
    table["ambassadeurs"] = people
    return table.reset_index(drop=True)


def preparation_summary(member: Member) -> pd.DataFrame:
    """Preparation days declared by each ambassadeur, against the protocol's 5 to 8."""
    attendance = member.programme.tables.get("attendance")
    if attendance is None or attendance.empty or attendance["preparation_days"].isna().all():
        return pd.DataFrame(columns=["ambassadeur", "preparation_days", "within"])
    low, high = TRANSFO.ambassadeur_preparation_days
    total = attendance.groupby("ambassadeur")["preparation_days"].sum(min_count=1).fillna(0.0)
    return pd.DataFrame({"ambassadeur": total.index, "preparation_days": total.to_numpy(dtype=float),
                         "within": [low <= v <= high for v in total]}).reset_index(drop=True)


# --- charts --------------------------------------------------------------------------------------------

@_print_chart
def plot_progress(progress: pd.DataFrame, *, lang: str = "fr", ax=None):
    """Session days held per collectivité (bars) against the protocol's pace on the same day (the band from the
    slowest to the fastest pace) and the days planned (ticks); the colour is the situation."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from transfo_lab.base.plotting import legend_outside, no_data_panel, open_axes, rows_height, wrap

    data = progress.iloc[::-1].reset_index(drop=True)
    ax = open_axes(ax, "portfolio.progress_title", lang=lang, height=rows_height(len(data), per_row=0.55, extra=1.6))
    if data.empty:
        return no_data_panel(ax, lang)
    colours = {"late": "#b3261e", "ahead": "#c77c02", "on_track": "#2e7d32", "finished": "#1f4e79",
               "not_started": "#8c8c8c"}
    for y, row in data.iterrows():
        if row["expected_low"] is not None and pd.notna(row["expected_low"]):
            ax.barh(y, float(row["expected_high"]) - float(row["expected_low"]), left=float(row["expected_low"]),
                    height=0.8, color="#d9d9d9", zorder=1)
        ax.barh(y, row["days_held"], height=0.45, color=colours.get(row["status"], "#1f4e79"), zorder=2)
        ax.plot([row["days_planned"]], [y], marker="|", markersize=16, markeredgewidth=2, color="black", zorder=3)
        ax.text(row["days_held"] + 0.4, y, str(int(row["days_held"])), va="center", fontsize=8, zorder=4)
    ax.axvline(TRANSFO.session_days, color="black", linestyle="--", linewidth=0.8)
    ax.set_yticks(range(len(data)), [wrap(n, 22) for n in data["name"]])
    ax.set_xlim(0, max(TRANSFO.session_days, float(data["days_planned"].max())) + 4)
    ax.set_xlabel(label("portfolio.progress_axis", lang))
    present = [s for s in colours if s in set(data["status"])]
    handles = [Patch(color=colours[s], label=label(f"portfolio.status.{s}", lang)) for s in present]
    handles.append(Patch(color="#d9d9d9", label=label("portfolio.progress_band", lang)))
    handles.append(Line2D([], [], marker="|", markersize=10, markeredgewidth=2, color="black", linestyle="none",
                          label=label("portfolio.progress_planned", lang)))
    legend_outside(ax, handles, width=22)
    ax.grid(axis="x", alpha=0.3)
    return ax


@_print_chart
def plot_capacity(portfolio: Portfolio, *, lang: str = "fr", ax=None):
    """The ambassadeurs' mean self-assessment (1–5) per round, one line per collectivité."""
    from transfo_lab.base.plotting import legend_outside, no_data_panel, open_axes

    ax = open_axes(ax, "portfolio.capacity_title", lang=lang, height=3.4)
    drawn = False
    for m in portfolio.members:
        assessment = m.programme.tables.get("self_assessment")
        if assessment is None or assessment.empty:
            continue
        means = assessment_scores(assessment).mean()
        xs = [i for i, r in enumerate(ASSESSMENT_ROUNDS) if pd.notna(means.get(r))]
        ax.plot(xs, [means[ASSESSMENT_ROUNDS[i]] for i in xs], marker="o", label=m.name)
        drawn = True
    if not drawn:
        return no_data_panel(ax, lang)
    ax.set_xticks(range(len(ASSESSMENT_ROUNDS)), [label(f"portfolio.round.{r}", lang) for r in ASSESSMENT_ROUNDS])
    ax.set_ylim(1, 5)
    ax.set_ylabel(label("portfolio.capacity_axis", lang))
    ax.grid(axis="y", alpha=0.3)
    legend_outside(ax, width=22)
    return ax
