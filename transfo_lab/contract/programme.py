"""A programme folder: its ``programme.yaml`` and its tables, loaded and validated.

>>> from transfo_lab import load_programme
>>> prog = load_programme("data/examples/pret-a-deployer-lycees")   # doctest: +SKIP
>>> prog.observations.head()                                          # doctest: +SKIP
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from transfo_lab.base.exceptions import DataWarning, FileFormatError, ProgrammeValidationError
from transfo_lab.base.limits import LimitError, load_yaml
from transfo_lab.contract.io import TABLE_SUFFIXES, read_table, sheet_names
from transfo_lab.base.labels import LANGS, label
from transfo_lab.contract.schemas import TABLES, TABLES_BY_NAME, TEAM_ROLES, normalise_key
from transfo_lab.contract.validation import (ERROR, WARNING, Located, ValidationReport, cross_check, empty_table,
                                    parse_date, parse_float, type_table)

CONFIG_FILE = "programme.yaml"
KINDS = ("transfo", "pret_a_deployer")
#: Workbooks that may hold several tables, one sheet per table (sheet named like the table's file).
WORKBOOK_STEMS = ("programme", "donnees", "data")
#: Top-level keys of programme.yaml; a phase that adds settings adds its key here.
CONFIG_KEYS = ("name", "kind", "lang", "start", "end", "sites", "team", "partners", "participants",
               "financing", "voting", "evaluation", "privacy", "description", "collectivite", "survey")
_SITE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    detail: str = ""


@dataclass
class ProgrammeConfig:
    """What ``programme.yaml`` says."""

    name: str
    kind: str
    lang: str = "fr"
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    sites: list[Site] = field(default_factory=list)
    team: list[Person] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    settings: dict = field(default_factory=dict)

    @property
    def site_ids(self) -> list[str]:
        return [s.id for s in self.sites]


@dataclass
class Programme:
    """A loaded programme: configuration, typed tables and the validation report.

    Tables are attributes: ``prog.observations``, ``prog.ideas``, ``prog.scores``…
    Each is a new DataFrame whose index is the spreadsheet row number.
    """

    path: Path
    config: ProgrammeConfig
    tables: dict[str, pd.DataFrame]
    sources: dict[str, str]
    report: ValidationReport
    site: str | None = None
    #: True for a programme returned by :func:`transfo_lab.contract.privacy.pseudonymise_programme`.
    pseudonymised: bool = False
    #: The :class:`~transfo_lab.contract.privacy.Pseudonymiser` that made it (``None`` if not pseudonymised).
    pseudonymiser: object = field(default=None, repr=False, compare=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.tables))

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def kind(self) -> str:
        return self.config.kind

    @property
    def lang(self) -> str:
        return self.config.lang

    @property
    def sites(self) -> pd.DataFrame:
        """The sites as a table (id, name, description)."""
        return pd.DataFrame([vars(s) for s in self.config.sites], columns=["id", "name", "description"])

    def source_name(self, table: str) -> str:
        """The file (and sheet) a table was read from, as the team knows it: ``votes.csv``, ``donnees.xlsx[votes]``.

        Never a full path: this is what a report may show.
        """
        source = self.sources.get(table)
        return Path(source).name if source else table

    def site_name(self, site_id: str) -> str:
        return next((s.name for s in self.config.sites if s.id == site_id), site_id)

    @property
    def team(self) -> pd.DataFrame:
        return pd.DataFrame([vars(p) for p in self.config.team], columns=["name", "role", "detail"])

    def people(self) -> list[str]:
        """Every person named in the programme: team, declared participants, interviewees."""
        names = [p.name for p in self.config.team] + list(self.config.participants)
        if "observations" in self.tables:
            names += self.tables["observations"]["participant"].dropna().tolist()
        for table in ("attendance", "self_assessment"):  # the ambassadeurs named in the mise en capacité tables
            if table in self.tables:
                names += self.tables[table]["ambassadeur"].dropna().astype(str).tolist()
        return list(dict.fromkeys(n for n in names if n))

    def for_site(self, site: str | None) -> "Programme":
        """A new Programme restricted to one site (``None``: the whole programme, unchanged).

        Rows of site-level tables (observations, survey, journeys, tests, scores…) are kept
        for that site; rows with no site (shared budget lines, common ideas) are kept too.
        """
        if site is None:
            return self
        if site not in self.config.site_ids:
            from transfo_lab.base.exceptions import ParameterError

            raise ParameterError(label("validation.unknown_site", self.config.lang, value=site,
                                       expected=", ".join(self.config.site_ids)))
        tables = {}
        for name, data in self.tables.items():
            if "site" in data.columns:
                data = data[data["site"].isna() | (data["site"] == site)]
            elif "sites" in data.columns:
                # .loc with a bool mask: an empty table's mask is an empty object Series, which
                # plain [] would take for a list of columns (and drop every column)
                data = data.loc[data["sites"].map(lambda s: not s or site in s).astype(bool)]
            tables[name] = data.copy()
        return Programme(self.path, self.config, tables, self.sources, self.report, site=site,
                         pseudonymised=self.pseudonymised, pseudonymiser=self.pseudonymiser)

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={len(v)}" for k, v in self.tables.items() if len(v))
        return f"<Programme {self.config.name!r} ({self.config.kind}), {len(self.config.sites)} sites, {counts}>"


def load_programme(path: Path | str, *, lang: str | None = None, strict: bool = True) -> Programme:
    """Load and validate a programme folder.

    Parameters
    ----------
    path : Path or str
        The programme folder (holding ``programme.yaml``).
    lang : {"fr", "en"}, optional
        Language of the messages; defaults to the programme's own.
    strict : bool, default True
        Raise when the folder has errors. With ``strict=False`` the programme is returned
        anyway, its ``report`` listing the errors, rows in error kept as read.

    Raises
    ------
    ProgrammeValidationError
        If the folder has errors (the exception's ``problems`` lists all of them).
    """
    programme = _load(Path(path), lang)
    if strict and not programme.report.ok:
        raise ProgrammeValidationError(programme.report.problems, programme.report.format())
    for problem in programme.report.warnings:
        warnings.warn(problem.format(programme.report.lang), DataWarning, stacklevel=2)
    return programme


def validate_programme(path: Path | str, *, lang: str | None = None) -> ValidationReport:
    """Validate a programme folder and return the report (never raises on data problems)."""
    return _load(Path(path), lang).report


def _load(path: Path, lang: str | None) -> Programme:
    report = ValidationReport(lang=lang or "fr")
    config = read_config(path, report, lang)
    if lang is None:
        report.lang = config.lang
    located = {}
    sources = {}
    for table, (file, sheet) in find_tables(path, report).items():
        spec = TABLES_BY_NAME[table]
        try:
            raw = read_table(file, sheet=sheet, lang=report.lang,
                             expected=", ".join(c.header(report.lang) for c in spec.columns))
        except FileFormatError as exc:
            report.add(ERROR, "validation.file", file=file.name, sheet=sheet, row=exc.row, values={"value": exc.message})
            continue
        data, headers = type_table(raw, spec, report)
        located[table] = Located(data, file.name, sheet, headers)
        sources[table] = str(file) + (f"[{sheet}]" if sheet else "")
    if located:
        cross_check(located, config.site_ids, report)
        _check_protocol(located, config, report)
        _check_survey_scales(located.get("survey"), config, report)
    tables = {t.name: (located[t.name].data if t.name in located else empty_table(t)) for t in TABLES}
    return Programme(path, config, tables, sources, report)


def _check_protocol(located: dict[str, Located], config: ProgrammeConfig, report: ValidationReport) -> None:
    """The rules of the method that span a whole table: the calendar against the programme's protocol
    and each voter's dot budget, as warnings: a team may depart from the protocol knowingly, and the phase
    notebooks show the located problem (``ideation.check_dot_budget`` raises it where votes are entered)."""
    from transfo_lab.phases import ideation
    from transfo_lab.protocols import planning

    def clean(located_table) -> bool:
        return located_table is not None and not located_table.data.empty and \
            not any(p.file == located_table.file and p.severity == ERROR for p in report.problems)

    calendar = located.get("calendar")
    if clean(calendar):
        for problem in planning.check(calendar.data, config.kind, lang=report.lang):
            message = label("validation.protocol", report.lang, value=problem.message)
            report.extend([problem.located(severity=WARNING, file=calendar.file, sheet=calendar.sheet, message=message)])
    votes, budget = located.get("votes"), ideation.dot_budget(config.settings)
    if clean(votes) and budget:
        problems = ideation.check_dot_budget(votes.data, budget, file=votes.file, errors="report", lang=report.lang)
        column = votes.header("dots", TABLES_BY_NAME["votes"], report.lang)
        report.extend(p.located(severity=WARNING, sheet=votes.sheet, column=column) for p in problems)


def _check_survey_scales(survey: Located | None, config: ProgrammeConfig, report: ValidationReport) -> None:
    """Every question of a scale declared in programme.yaml (``survey: scales``) is asked in the survey."""
    from transfo_lab.phases.research.survey import check_scales

    if survey is None or survey.data.empty:
        return
    for scale, question in check_scales(config.settings, survey.data):
        report.add(ERROR, "rigour.unknown_scale_question", file=CONFIG_FILE, column=f"survey.scales.{scale}",
                   value=question, values={"scale": scale})


def find_tables(path: Path, report: ValidationReport) -> dict[str, tuple[Path, str | None]]:
    """Find the file (and sheet) holding each table of a programme folder."""
    files = {p.name.lower(): p for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))} \
        if path.is_dir() else {}
    found: dict[str, tuple[Path, str | None]] = {}
    for table in TABLES:
        candidates = [files[f"{stem}{suffix}"] for stem in table.files for suffix in TABLE_SUFFIXES
                      if f"{stem}{suffix}" in files]
        if candidates:
            found[table.name] = (candidates[0], _named_sheet(candidates[0], table))
            if len(candidates) > 1:
                report.add(WARNING, "validation.two_files", file=candidates[1].name,
                           value=", ".join(c.name for c in candidates))
    for stem in WORKBOOK_STEMS:
        for suffix in (".xlsx", ".ods"):
            workbook = files.get(f"{stem}{suffix}")
            if workbook is None:
                continue
            try:
                sheets = sheet_names(workbook)
            except FileFormatError as exc:  # beyond a limit (transfo_lab.base.limits): the located reason
                sheets = []
                report.add(ERROR, "validation.file", file=workbook.name, values={"value": exc.message})
            except Exception:  # a broken workbook: reported when its sheets are read
                sheets = []
                report.add(ERROR, "validation.unreadable", file=workbook.name, value=workbook.suffix)
            for table in TABLES:
                sheet = next((s for s in sheets if normalise_key(s) in table.files), None)
                if sheet is None:
                    continue
                if table.name in found:
                    report.add(WARNING, "validation.two_files", file=workbook.name, sheet=sheet,
                               value=f"{found[table.name][0].name}, {workbook.name} [{sheet}]")
                else:
                    found[table.name] = (workbook, sheet)
    return found


def _named_sheet(file: Path, table) -> str | None:
    """In a workbook holding one table (``observations.xlsx``), the sheet named like the table if there is
    one; else ``None``: the first visible sheet is read (a hidden sheet is never read in its place)."""
    if file.suffix.lower() not in (".xlsx", ".ods"):
        return None
    try:
        sheets = sheet_names(file)
    except Exception:  # a broken workbook: reported when it is read
        return None
    return next((s for s in sheets if normalise_key(s) in table.files), None) if len(sheets) > 1 else None


# --- programme.yaml -------------------------------------------------------------------------------

def read_config(path: Path, report: ValidationReport, lang: str | None = None) -> ProgrammeConfig:
    """Read and check ``programme.yaml``; problems go to ``report`` (column = the key)."""
    config = ProgrammeConfig(name=path.name, kind="transfo")
    file = path / CONFIG_FILE
    if not path.is_dir():
        report.add(ERROR, "validation.not_a_folder", file=str(path))
        return config
    if not file.is_file():
        report.add(ERROR, "validation.yaml_missing", file=str(path))
        return config
    try:
        raw = load_yaml(file, lang=report.lang) or {}
    except LimitError as exc:
        report.add(ERROR, "validation.file", file=CONFIG_FILE, row=exc.row, values={"value": exc.message})
        return config
    except OSError as exc:
        report.add(ERROR, "validation.file", file=CONFIG_FILE, values={"value": exc.strerror or type(exc).__name__})
        return config
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        report.add(ERROR, "validation.yaml", file=CONFIG_FILE, row=None if mark is None else mark.line + 1,
                   value=getattr(exc, "problem", None) or str(exc))
        return config
    if not isinstance(raw, dict):
        report.add(ERROR, "validation.yaml", file=CONFIG_FILE, value=label("config.expected_mapping", report.lang))
        return config
    check = _ConfigChecker(report)
    config.name = check.text(raw, "name", required=True) or path.name
    config.kind = check.choice(raw, "kind", KINDS, required=True) or "transfo"
    config.lang = check.choice(raw, "lang", LANGS) or "fr"
    if lang is None:
        report.lang = config.lang
    config.start = check.date(raw, "start", required=True)
    config.end = check.date(raw, "end")
    config.sites = check.sites(raw.get("sites"))
    config.team = check.team(raw.get("team"))
    config.partners = check.names(raw.get("partners"), "partners")
    config.participants = check.names(raw.get("participants"), "participants")
    config.settings = {k: v for k, v in raw.items() if k in CONFIG_KEYS and k not in
                       ("name", "kind", "lang", "start", "end", "sites", "team", "partners", "participants")}
    for key in raw:
        if key not in CONFIG_KEYS:
            report.add(WARNING, "validation.yaml_unknown_key", file=CONFIG_FILE, column=str(key),
                       values={"expected": ", ".join(CONFIG_KEYS)})
    if "financing" in raw:
        check.shares(raw["financing"], "financing")
    return config


class _ConfigChecker:
    def __init__(self, report: ValidationReport):
        self.report = report

    def _bad(self, key: str, value, expected_key: str, **values) -> None:
        expected = label(expected_key, self.report.lang, **values)
        self.report.add(ERROR, "validation.yaml_key", file=CONFIG_FILE, column=key, value=value,
                        values={"expected": expected})

    def text(self, raw: dict, key: str, required: bool = False) -> str | None:
        value = raw.get(key)
        if value is None or str(value).strip() == "":
            if required:
                self._bad(key, "", "config.expected_text")
            return None
        return str(value).strip()

    def choice(self, raw: dict, key: str, choices, required: bool = False) -> str | None:
        value = raw.get(key)
        if value is None:
            if required:
                self._bad(key, "", "config.expected_choice", choices=", ".join(choices))
            return None
        if str(value) not in choices:
            self._bad(key, value, "config.expected_choice", choices=", ".join(choices))
            return None
        return str(value)

    def date(self, raw: dict, key: str, required: bool = False) -> pd.Timestamp | None:
        value = raw.get(key)
        if value is None:
            if required:
                self._bad(key, "", "config.expected_date")
            return None
        try:
            return parse_date(value)
        except ValueError:
            self._bad(key, value, "config.expected_date")
            return None

    def sites(self, value) -> list[Site]:
        if not isinstance(value, list) or not value:
            self._bad("sites", value or "", "config.expected_sites")
            return []
        from transfo_lab.base.text import slugify

        sites, seen, slugs = [], set(), {}
        for i, item in enumerate(value, start=1):
            key = f"sites[{i}]"
            if not isinstance(item, dict):
                self._bad(key, item, "config.expected_site")
                continue
            site_id, name = str(item.get("id", "")).strip(), str(item.get("name", "") or "").strip()
            if not _SITE_ID.match(site_id):
                self._bad(f"{key}.id", site_id, "config.expected_site_id")
                continue
            if site_id in seen:
                self._bad(f"{key}.id", site_id, "config.duplicate_site")
                continue
            slug = slugify(site_id)
            if slug in slugs:  # both sites' reports would go to the same folder sites/<slug>
                self._bad(f"{key}.id", site_id, "safety.same_slug", other=slugs[slug], slug=slug)
                continue
            slugs[slug] = site_id
            seen.add(site_id)
            sites.append(Site(site_id, name or site_id, str(item.get("description", "") or "").strip()))
        return sites

    def team(self, value) -> list[Person]:
        if value is None:
            return []
        if not isinstance(value, dict):
            self._bad("team", value, "config.expected_team")
            return []
        people = []
        for key, members in value.items():
            role = normalise_key(key).rstrip("s") if normalise_key(key) not in TEAM_ROLES else normalise_key(key)
            if role not in TEAM_ROLES:
                self._bad(f"team.{key}", key, "config.expected_choice", choices=", ".join(r + "s" for r in TEAM_ROLES))
                continue
            for member in members if isinstance(members, list) else [members]:
                if isinstance(member, dict):
                    name = str(member.get("name", "")).strip()
                    detail = str(member.get("discipline") or member.get("service") or member.get("detail") or "").strip()
                else:
                    name, detail = str(member or "").strip(), ""
                if name:
                    people.append(Person(name, role, detail))
        return people

    def names(self, value, key: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            self._bad(key, value, "config.expected_list")
            return []
        return [str(v.get("name", "")) if isinstance(v, dict) else str(v) for v in value if v]

    def shares(self, value, key: str) -> None:
        if not isinstance(value, dict):
            self._bad(key, value, "config.expected_shares")
            return
        for name, share in value.items():
            try:
                number = parse_float(share)
            except ValueError:
                number = -1
            if not 0 <= number <= 1:
                self._bad(f"{key}.{name}", share, "config.expected_share")
