"""The portfolio: several programme folders, each a member, validated and pseudonymised."""
from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from transfo_lab.protocols import planning
from transfo_lab.base.exceptions import ParameterError, TransfoLabError
from transfo_lab.base.labels import label
from transfo_lab.contract.schemas import normalise_key


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
