"""Typing and checking the tables of a programme, with one located report.

Every problem found is a :class:`~transfo_lab.base.problems.Problem` that knows its file, sheet, spreadsheet row,
column, the value found and what was expected. Checks are lazy: *all* the problems of a
folder are collected before anything is reported (pandera's lazy validation for the
per-column rules, then the cross-references between tables).
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from transfo_lab.base.labels import date_cell, label
from transfo_lab.base.problems import ERROR, WARNING, Problem, format_problems, problems_frame, show_value
from transfo_lab.contract.schemas import (CHOICE_ALIASES, LIKERT_LABELS, Table, check_kind, header_lookup,
                                 normalise_key, pandera_schema)



@dataclass
class ValidationReport:
    """Every problem found in a programme folder, as :class:`~transfo_lab.base.problems.Problem` records.

    Messages are written in ``lang`` when the problem is added.

    Examples
    --------
    >>> report = ValidationReport()
    >>> report.add(ERROR, "validation.required", file="observations.csv", row=3, column="Texte")
    >>> report.ok, report.errors[0].rule, report.errors[0].row
    (False, 'validation.required', 3)
    >>> print(report.format())
    observations.csv, ligne 3, colonne « Texte » : valeur obligatoire manquante
    1 erreur(s), 0 avertissement(s)
    """

    problems: list[Problem] = field(default_factory=list)
    lang: str = "fr"

    def add(self, severity: str, key: str, *, values: dict | None = None, **where) -> None:
        """Add the problem found by rule ``key``; its message is the catalogue sentence ``key``."""
        self.problems.append(Problem.make(severity, key, self.lang, values=values, **where))

    def extend(self, problems) -> None:
        """Add problems found by another checker (planning, dot budget…), as they are."""
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings do not count)."""
        return not self.errors

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """The problems as a table for a notebook (:func:`transfo_lab.base.problems.problems_frame`)."""
        return problems_frame(self.problems, lang or self.lang)

    def format(self, lang: str | None = None) -> str:
        """The report as plain text: errors first, then warnings, in file order, then a summary line."""
        lang = lang or self.lang
        lines = format_problems(self.problems, lang)
        if not self.problems:
            lines.append(label("validation.ok", lang))
        lines.append(label("validation.summary", lang, errors=len(self.errors), warnings=len(self.warnings)))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()


# --- parsing cells ------------------------------------------------------------------------------

_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d",
                 "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
_TRUE = {"oui", "o", "yes", "y", "vrai", "true", "1", "x"}
_FALSE = {"non", "n", "no", "faux", "false", "0"}
_EXCEL_EPOCH = _dt.datetime(1899, 12, 30)


class _Unparseable(ValueError):
    pass


def parse_date(value) -> pd.Timestamp:
    """Parse a date as typed in a French spreadsheet — the one date parser of the kit.

    Day first (12/03/2016, 12.03.2016, 12/03/16), ISO (2016-03-12), an Excel serial day number,
    a date or datetime, and an ISO 8601 timestamp such as the ``xsd:dateTime`` of REFI-QDA
    (2016-10-12T09:30:00Z: the day as written, whatever the offset).

    >>> parse_date("12/03/2016")
    Timestamp('2016-03-12 00:00:00')
    >>> parse_date("2016-03-12")
    Timestamp('2016-03-12 00:00:00')
    >>> parse_date("2016-10-12T23:30:00.5-05:00")
    Timestamp('2016-10-12 00:00:00')
    """
    if isinstance(value, (_dt.datetime, _dt.date)):
        return pd.Timestamp(value).normalize()
    if isinstance(value, (int, float)) and 1 <= value < 2_958_466:  # an Excel serial day number
        return pd.Timestamp(_EXCEL_EPOCH + _dt.timedelta(days=float(value))).normalize()
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return pd.Timestamp(_dt.datetime.strptime(text, fmt)).normalize()
        except ValueError:
            continue
    try:
        stamp = _dt.datetime.fromisoformat(text)
    except ValueError:
        raise _Unparseable(text) from None
    return pd.Timestamp(stamp.replace(tzinfo=None)).normalize()


def parse_date_or_none(value) -> pd.Timestamp | None:
    """:func:`parse_date`, or ``None`` when the value is missing or unreadable (dates of imported files).

    >>> parse_date_or_none("2016-10-12T09:30:00Z"), parse_date_or_none(""), parse_date_or_none("demain")
    (Timestamp('2016-10-12 00:00:00'), None, None)
    """
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        return None
    try:
        return parse_date(value)
    except ValueError:
        return None


def parse_float(value) -> float:
    """Parse a number written the French or English way.

    >>> parse_float("76 900")
    76900.0
    >>> parse_float("2,5")
    2.5
    >>> parse_float("1.234,50 €")
    1234.5
    """
    if isinstance(value, bool):
        raise _Unparseable(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = re.sub(r"[\s\u00a0\u202f€%]", "", str(value))
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise _Unparseable(value) from None
    if math.isnan(number) or math.isinf(number):
        raise _Unparseable(value)
    return number


def parse_int(value) -> int:
    """Parse a whole number (``3``, ``3,0``, ``+2``, ``-1``)."""
    number = parse_float(value)
    if not number.is_integer():
        raise _Unparseable(value)
    return int(number)


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    key = normalise_key(value)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise _Unparseable(value)


#: Characters that separate the values of a list cell.
LIST_SEPARATORS = ",;|\n"


def parse_list(value) -> list[str]:
    """Split a cell holding several values.

    Values are separated by ``,``, ``;``, ``|`` or a line break. A value that itself holds
    one of these characters is written between double quotes (a quote inside it doubled),
    as :func:`format_list` writes it: ``"antiszemitizmus, xenofóbia", accueil``.

    >>> parse_list("accueil, cantine | internat;accueil")
    ['accueil', 'cantine', 'internat']
    >>> parse_list('"antiszemitizmus, xenofóbia", accueil; "le ""bon"" accueil"')
    ['antiszemitizmus, xenofóbia', 'accueil', 'le "bon" accueil']
    """
    text = str(value)
    if '"' not in text:
        items = [v.strip() for v in re.split(r"[,;|\n]", text)]
        return list(dict.fromkeys(v for v in items if v))
    items, current, quoted, position = [], [], False, 0
    while position < len(text):
        char = text[position]
        if quoted:
            if char == '"' and text[position + 1:position + 2] == '"':
                current.append('"')
                position += 1
            elif char == '"':
                quoted = False
            else:
                current.append(char)
        elif char == '"' and not "".join(current).strip():
            current, quoted = [], True
        elif char in LIST_SEPARATORS:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
        position += 1
    items.append("".join(current))
    return list(dict.fromkeys(v.strip() for v in items if v.strip()))


def format_list(values) -> str:
    """Values as the text of a list cell, the reverse of :func:`parse_list`.

    Values are joined with ``, ``; a value holding ``,``, ``;``, ``|``, a line break or a
    double quote is put between double quotes.

    >>> format_list(["accueil", "antiszemitizmus, xenofóbia", 'le "bon" accueil'])
    'accueil, "antiszemitizmus, xenofóbia", "le ""bon"" accueil"'
    """
    def one(value) -> str:
        text = str(value)
        if any(c in text for c in LIST_SEPARATORS + '"'):
            return '"' + text.replace('"', '""') + '"'
        return text

    return ", ".join(one(v) for v in values)


def parse_choice(value, choices) -> str:
    """Match a typed value to a canonical choice (accents, case and English accepted); unknown → as typed."""
    key = normalise_key(value)
    key = CHOICE_ALIASES.get(key, key)
    return key if key in choices else str(value).strip()


def parse_likert(value) -> int:
    """1–5 or an agreement label → 1–5.

    >>> parse_likert("Plutôt d'accord"), parse_likert("5"), parse_likert(2.0)
    (4, 5, 2)
    """
    key = normalise_key(value)
    if key in LIKERT_LABELS:
        return LIKERT_LABELS[key]
    number = parse_int(value)
    if not 1 <= number <= 5:
        raise _Unparseable(value)
    return number


def parse_answer(value) -> int:
    """A survey answer: a whole number (checked later against its question's scale) or an agreement label → 1–5.

    >>> parse_answer("Plutôt d'accord"), parse_answer("7"), parse_answer(0.0)
    (4, 7, 0)
    """
    key = normalise_key(value)
    if key in LIKERT_LABELS:
        return LIKERT_LABELS[key]
    return parse_int(value)


_PARSERS = {"date": (parse_date, "validation.bad_date"), "int": (parse_int, "validation.bad_int"),
            "float": (parse_float, "validation.bad_float"), "bool": (parse_bool, "validation.bad_bool"),
            "likert": (parse_answer, "validation.bad_likert")}


# --- typing one table --------------------------------------------------------------------------------

def type_table(raw, table: Table, report: ValidationReport) -> tuple[pd.DataFrame, dict[str, str]]:
    """Turn a :class:`~transfo_lab.contract.io.RawTable` into a typed, checked DataFrame.

    Problems are added to ``report``. Returns the frame — every declared column, the
    declared types, the spreadsheet row numbers as index — and the headers as the user
    wrote them (column name → header).
    """
    where = {"file": _display(raw.file), "sheet": raw.sheet}
    headers = _map_headers(raw, table, report, where)
    for problem in raw.problems:
        if problem["key"] == "validation.formula":
            report.add(ERROR, "validation.formula", row=problem["row"], column=problem["column"],
                       value=problem["value"], **where)
        elif problem["key"] == "safety.hidden_sheets":  # once per workbook, not once per table read in it
            if not any(p.rule == "safety.hidden_sheets" and p.file == where["file"] for p in report.problems):
                report.add(WARNING, "safety.hidden_sheets", file=where["file"], value=problem["value"])
        elif problem["key"] == "validation.extra_cells":
            report.add(WARNING, "validation.extra_cells", row=problem["row"], value=problem["value"],
                       values={"expected": len(raw.data.columns)}, **where)
    names = {name: str(raw.data.columns[pos]) for name, pos in headers.items()}
    data = pd.DataFrame(index=raw.data.index)
    lookup = header_lookup(table)
    failed: set[tuple[int, str]] = {(p["row"], lookup.get(normalise_key(p["column"] or ""))) for p in raw.problems
                                    if p["key"] == "validation.formula"}
    for col in table.columns:
        source = headers.get(col.name)
        cells = raw.data.iloc[:, source] if source is not None else \
            pd.Series([None] * len(raw.data), index=raw.data.index, dtype=object)
        cells = pd.Series([_none_if_missing(v) for v in cells], index=cells.index, dtype=object)
        data[col.name] = _parse_column(cells, col, report, where, failed, header=names.get(col.name, col.header(report.lang)))
    if raw.data.empty:
        report.add(WARNING, "validation.header_only", **where)
    _run_pandera(data, table, report, where, failed, names)
    return finalise(data, table), names


def finalise(data: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Give choice columns their categorical dtype (after checking)."""
    data = data.copy()
    for col in table.columns:
        if col.type == "choice":
            data[col.name] = pd.Categorical(data[col.name].where(data[col.name].isin(col.choices)),
                                            categories=list(col.choices))
    data.index.name = "row"
    return data


def empty_table(table: Table) -> pd.DataFrame:
    """A typed table with no rows."""
    data = pd.DataFrame({c.name: pd.Series(dtype=_EMPTY_DTYPES.get(c.type, object)) for c in table.columns},
                        index=pd.Index([], dtype="int64", name="row"))
    return finalise(data, table)


_EMPTY_DTYPES = {"int": "Int64", "likert": "Int64", "float": "float64", "date": "datetime64[ns]", "bool": "boolean"}


def _display(path: Path) -> str:
    return Path(path).name


def _map_headers(raw, table: Table, report: ValidationReport, where: dict) -> dict[str, int]:
    lookup = header_lookup(table)
    found: dict[str, int] = {}
    expected = ", ".join(c.header(report.lang) for c in table.columns)
    for position, header in enumerate(raw.data.columns):
        name = lookup.get(normalise_key(header))
        if name is None:
            if header:
                report.add(WARNING, "validation.unknown_column", column=header, values={"expected": expected}, **where)
            continue
        if name in found:
            report.add(ERROR, "validation.duplicate_column", column=header, **where)
            continue
        found[name] = position
    for col in table.columns:
        if col.required and col.name not in found:
            found_headers = " | ".join(str(h) for h in raw.data.columns) or "—"
            report.add(ERROR, "validation.missing_column", column=col.header(report.lang),
                       values={"found": found_headers}, **where)
    return found


def _parse_column(cells: pd.Series, col, report, where, failed, header) -> pd.Series:
    if col.type in _PARSERS:
        parser, key = _PARSERS[col.type]
        values = []
        for row, value in cells.items():
            if value is None:
                values.append(None)
                continue
            try:
                values.append(parser(value))
            except _Unparseable:
                extra = {"min": show_value(col.min), "max": show_value(col.max)} if col.type != "date" else {}
                report.add(ERROR, key, row=row, column=header, value=value, values=extra, **where)
                failed.add((row, col.name))
                values.append(None)
        dtype = _EMPTY_DTYPES[col.type]
        if col.type == "date":
            return pd.Series(pd.to_datetime(pd.Series(values, index=cells.index, dtype=object)), index=cells.index)
        return pd.Series(values, index=cells.index, dtype=object).astype(dtype)
    if col.type == "list":
        return pd.Series([[] if v is None else [parse_choice(x, col.choices) if col.choices else x for x in parse_list(v)]
                          for v in cells], index=cells.index, dtype=object)
    if col.type == "choice":
        return pd.Series([None if v is None else parse_choice(v, col.choices) for v in cells], index=cells.index, dtype=object)
    return pd.Series([None if v is None else _text(v) for v in cells], index=cells.index, dtype=object)


def _none_if_missing(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (_dt.datetime, pd.Timestamp)):
        return date_cell(value)  # a date in a text column: as the kit writes dates in files
    return str(value)


def _run_pandera(data: pd.DataFrame, table: Table, report, where, failed, headers: dict[str, str]) -> None:
    try:
        pandera_schema(table.name).validate(data, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return
    first_seen: dict[tuple[str, str], int] = {}
    for case in cases.sort_values("index", kind="stable").itertuples(index=False):
        column, row = case.column, None if pd.isna(case.index) else int(case.index)
        if (row, column) in failed or column not in data.columns:
            continue
        col = table.column(column)
        header = headers.get(column, col.header(report.lang))
        value = data.at[row, column] if row is not None else case.failure_case
        if case.check == "not_nullable":
            if column in headers:  # a missing column was reported once already
                report.add(ERROR, "validation.required", row=row, column=header, **where)
        elif case.check == "field_uniqueness":
            key = (column, show_value(value))
            if key not in first_seen:
                first_seen[key] = row
            else:
                report.add(ERROR, "validation.duplicate_id", row=row, column=header, value=value,
                           values={"other": first_seen[key]}, **where)
        elif case.check_number is not None and not pd.isna(case.check_number):
            kind = check_kind(table.name, column, case.check_number)
            if kind in ("choice", "choice_list"):
                bad = [v for v in value if v not in col.choices] if kind == "choice_list" else value
                report.add(ERROR, "validation.bad_choice", row=row, column=header, value=bad,
                           values={"expected": ", ".join(col.choices)}, **where)
            else:
                report.add(ERROR, "validation.out_of_range" if kind == "range" else "validation.below_min", row=row,
                           column=header, value=value, values={"min": show_value(col.min), "max": show_value(col.max)}, **where)


# --- cross-references -------------------------------------------------------------------------------

def canonical_map(known) -> dict[str, str]:
    """Map the normalised spelling of known ids to their declared spelling."""
    return {normalise_key(k): k for k in known}


def check_references(data: pd.DataFrame, table: Table, column: str, known, report: ValidationReport,
                     where: dict, key: str, expected: str, header: str) -> pd.DataFrame:
    """Check that every value of ``column`` is one of ``known``; return ``data`` with canonical spellings.

    List columns are checked item by item. Unknown values are reported (one issue per cell).
    """
    canon = canonical_map(known)
    col = table.column(column)
    data = data.copy()
    new_values = []
    for row, value in data[column].items():
        if col.type == "list":
            items = [canon.get(normalise_key(v), v) for v in value]
            unknown = [v for v in items if v not in known]
            if unknown:
                report.add(ERROR, key, row=row, column=header, value=unknown, values={"expected": expected}, **where)
            new_values.append(items)
        elif value is None or (not isinstance(value, str) and pd.isna(value)):
            new_values.append(value)
        else:
            canonical = canon.get(normalise_key(value))
            if canonical is None:
                report.add(ERROR, key, row=row, column=header, value=value, values={"expected": expected}, **where)
                new_values.append(value)
            else:
                new_values.append(canonical)
    data[column] = pd.Series(new_values, index=data.index, dtype=object)
    return data


@dataclass
class Located:
    """A typed table with where it came from (for located messages)."""

    data: pd.DataFrame
    file: str | None = None
    sheet: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> dict:
        return {"file": self.file, "sheet": self.sheet}

    def header(self, column: str, table: Table, lang: str) -> str:
        return self.headers.get(column) or table.column(column).header(lang)


def cross_check(tables: dict[str, Located], site_ids: list[str], report: ValidationReport) -> None:
    """Check the references between tables and the rules that span several columns.

    Updates each table's data in place of the ``Located`` (canonical spellings of ids).
    """
    from transfo_lab.contract.schemas import TABLES_BY_NAME

    lang = report.lang
    for name, located in tables.items():
        table = TABLES_BY_NAME[name]
        for col in table.columns:
            if not col.ref or located.data.empty:
                continue
            header = located.header(col.name, table, lang)
            if col.ref == "sites":
                if not site_ids:  # programme.yaml unreadable: reported once, not on every row
                    continue
                located.data = check_references(located.data, table, col.name, site_ids, report, located.where,
                                                "validation.unknown_site", ", ".join(site_ids), header)
                continue
            target_name, target_col = col.ref.split(".")
            target = tables.get(target_name)
            known = [] if target is None else [v for v in target.data[target_col].dropna().tolist()]
            if col.ref == "codebook.tag":
                if not known:  # no codebook yet: tags are free, as in the observations
                    continue
                expected = ", ".join(known[:12]) + ("…" if len(known) > 12 else "")
                located.data = check_references(located.data, table, col.name, known, report, located.where,
                                                "validation.unknown_tag", expected or "—", header)
            else:
                expected = getattr(TABLES_BY_NAME[target_name], f"title_{lang}")
                located.data = check_references(located.data, table, col.name, known, report, located.where,
                                                "validation.unknown_ref", expected, header)
    _check_unused_tags(tables, report)
    _check_dates(tables.get("calendar"), "calendar", report)
    _check_scales(tables.get("criteria"), tables.get("scores"), report)
    _check_survey_scales(tables.get("survey"), report)
    _check_budget_sections(tables.get("budget"), report)
    _check_attendance(tables.get("calendar"), tables.get("attendance"), report)
    _check_self_assessment(tables.get("self_assessment"), report)
    _check_double_coding(tables.get("double_coding"), report)
    _check_memo_targets(tables, report)
    _check_citations(tables, report)


def _check_double_coding(located, report) -> None:
    """An observation is coded once by each coder."""
    if located is None or located.data.empty:
        return
    first: dict[tuple[str, str], int] = {}
    header = located.header("coder", _table("double_coding"), report.lang)
    for row, observation, coder in located.data[["observation", "coder"]].itertuples():
        if observation is None or coder is None:
            continue
        key = (normalise_key(observation), normalise_key(coder))
        if key in first:
            report.add(ERROR, "rigour.duplicate_coding", row=row, column=header, value=coder,
                       values={"observation": observation, "coder": coder, "other": first[key]}, **located.where)
        else:
            first[key] = row


def _check_memo_targets(tables, report) -> None:
    """A memo about a code names a tag of the codebook; about an excerpt, an observation id."""
    memos = tables.get("memos")
    if memos is None or memos.data.empty:
        return
    known = {}
    for about, (name, column) in {"code": ("codebook", "tag"), "selection": ("observations", "id"),
                                  "source": ("observations", "source")}.items():
        target = tables.get(name)
        known[about] = set() if target is None else {normalise_key(v) for v in target.data[column].dropna()}
    header = memos.header("target", _table("memos"), report.lang)
    expected = {"code": "grille de codage", "selection": "observations", "source": "documents sources des observations"}
    for row, about, target in memos.data[["about", "target"]].itertuples():
        if about not in known or target is None or (isinstance(target, float) and math.isnan(target)):
            continue
        if normalise_key(target) not in known[about]:
            report.add(ERROR if about != "source" else WARNING, "rigour.unknown_memo_target", row=row, column=header,
                       value=target, values={"expected": expected[about]}, **memos.where)


def _check_citations(tables, report) -> None:
    """Every record id cited in an evidence cell (``OBS-012``, ``T-004``…) exists in some table."""
    from transfo_lab.contract.schemas import CITED_TABLES, cited_ids

    scores = tables.get("scores")
    if scores is None or scores.data.empty:
        return
    known = {normalise_key(v) for name, column in CITED_TABLES.items() if tables.get(name) is not None
             for v in tables[name].data[column].dropna()}
    for column in ("evidence", "comment"):
        header = scores.header(column, _table("scores"), report.lang)
        for row, text in scores.data[column].items():
            for cited in cited_ids(text):
                if normalise_key(cited) not in known:
                    report.add(ERROR, "rigour.unknown_citation", row=row, column=header, value=cited, **scores.where)


def _check_unused_tags(tables, report) -> None:
    codebook, observations = tables.get("codebook"), tables.get("observations")
    if codebook is None or observations is None or observations.data.empty:
        return
    used = {t for tags in observations.data["tags"] for t in tags}
    header = codebook.header("tag", _table("codebook"), report.lang)
    for row, tag in codebook.data["tag"].items():
        if tag is not None and tag not in used:
            report.add(WARNING, "validation.unused_tag", row=row, column=header, value=tag, **codebook.where)


def _table(name):
    from transfo_lab.contract.schemas import TABLES_BY_NAME

    return TABLES_BY_NAME[name]


def _check_dates(located, name, report) -> None:
    if located is None or located.data.empty:
        return
    data = located.data
    bad = data["end"].notna() & data["start"].notna() & (data["end"] < data["start"])
    header = located.header("end", _table(name), report.lang)
    for row in data.index[bad]:
        report.add(ERROR, "validation.end_before_start", row=row, column=header, value=data.at[row, "end"],
                   values={"other": show_value(data.at[row, "start"])}, **located.where)


def _check_scales(criteria, scores, report) -> None:
    if criteria is None or criteria.data.empty:
        return
    data = criteria.data
    data["scale_min"] = data["scale_min"].fillna(1)
    data["scale_max"] = data["scale_max"].fillna(5)
    bad = data["scale_min"] >= data["scale_max"]
    for row in data.index[bad.fillna(False)]:
        report.add(ERROR, "validation.bad_scale", row=row, column=criteria.header("scale_min", _table("criteria"), report.lang),
                   value=data.at[row, "scale_min"],
                   values={"min": show_value(data.at[row, "scale_min"]), "max": show_value(data.at[row, "scale_max"])}, **criteria.where)
    if scores is None or scores.data.empty:
        return
    scales = data.dropna(subset=["id"]).set_index("id")[["scale_min", "scale_max", "criterion"]]
    header = scores.header("score", _table("scores"), report.lang)
    for row, criterion, score in scores.data[["criterion", "score"]].itertuples():
        if pd.isna(score) or criterion not in scales.index:
            continue
        low, high, text = scales.loc[criterion, ["scale_min", "scale_max", "criterion"]]
        if not low <= score <= high:
            report.add(ERROR, "validation.score_out_of_scale", row=row, column=header, value=score,
                       values={"criterion": text, "min": show_value(low), "max": show_value(high)}, **scores.where)


def _check_survey_scales(survey, report) -> None:
    """Each answer within its question's scale (1–5 unless the row says otherwise); scales consistent."""
    if survey is None or survey.data.empty:
        return
    data, table = survey.data, _table("survey")
    low = data["scale_min"].astype("Float64").fillna(1) if "scale_min" in data else pd.Series(1.0, index=data.index)
    high = data["scale_max"].astype("Float64").fillna(5) if "scale_max" in data else pd.Series(5.0, index=data.index)
    labels = data["scale_labels"] if "scale_labels" in data else pd.Series([[]] * len(data), index=data.index)
    for row in data.index:
        lo, hi, answer = low[row], high[row], data.at[row, "answer"]
        if lo >= hi:
            report.add(ERROR, "validation.bad_scale", row=row, column=survey.header("scale_min", table, report.lang),
                       value=lo, values={"min": show_value(lo), "max": show_value(hi)}, **survey.where)
            continue
        names = labels[row] if isinstance(labels[row], list) else []
        if names and len(names) != hi - lo + 1:
            report.add(ERROR, "validation.scale_labels_count", row=row,
                       column=survey.header("scale_labels", table, report.lang), value=len(names),
                       values={"min": show_value(lo), "max": show_value(hi), "expected": show_value(hi - lo + 1)}, **survey.where)
        if answer is not None and not pd.isna(answer) and not lo <= answer <= hi:
            report.add(ERROR, "validation.answer_out_of_scale", row=row,
                       column=survey.header("answer", table, report.lang), value=answer,
                       values={"question": data.at[row, "question"], "min": show_value(lo), "max": show_value(hi)},
                       **survey.where)


def _check_budget_sections(budget, report) -> None:
    if budget is None or budget.data.empty:
        return
    data = budget.data
    header = budget.header("section", _table("budget"), report.lang)
    amount_header = budget.header("amount", _table("budget"), report.lang)
    costed = data["amount"].notna()
    for row in data.index[data["line"].notna() & ~costed]:
        report.add(ERROR, "validation.required", row=row, column=amount_header, **budget.where)
    for section, rows in data.groupby("section", sort=False).groups.items():
        if not costed.loc[rows].any():
            report.add(ERROR, "validation.empty_section", row=int(rows[0]), column=header, value=section, **budget.where)


def _check_attendance(calendar, attendance, report) -> None:
    """Each attendance row names a session once per ambassadeur, with no more days than the session lasts."""
    if attendance is None or attendance.data.empty:
        return
    data, table = attendance.data, _table("attendance")
    events = calendar.data.dropna(subset=["id"]).drop_duplicates("id").set_index("id") \
        if calendar is not None and not calendar.data.empty else None
    seen: dict[tuple, int] = {}
    for row, who, session, days in data[["ambassadeur", "session", "days"]].itertuples():
        key = (str(who).casefold().strip(), session)
        if who is not None and session is not None and key in seen:
            report.add(ERROR, "validation.attendance_twice", row=row,
                       column=attendance.header("session", table, report.lang), value=session,
                       values={"other": seen[key]}, **attendance.where)
        seen.setdefault(key, row)
        if events is None or session not in events.index:
            continue
        event = events.loc[session]
        if event["type"] != "session":
            report.add(WARNING, "validation.attendance_not_session", row=row,
                       column=attendance.header("session", table, report.lang), value=session, **attendance.where)
        start, end = event["start"], event["end"] if pd.notna(event["end"]) else event["start"]
        if pd.notna(start) and pd.notna(days) and days > (end - start).days + 1:
            report.add(ERROR, "validation.attendance_too_long", row=row,
                       column=attendance.header("days", table, report.lang), value=days,
                       values={"session": session, "length": (end - start).days + 1}, **attendance.where)


def _check_self_assessment(assessment, report) -> None:
    """One answer per ambassadeur, round and item."""
    if assessment is None or assessment.data.empty:
        return
    data, table = assessment.data, _table("self_assessment")
    keys = [(str(w).casefold().strip(), r, normalise_key(i) if i is not None else None)
            for w, r, i in zip(data["ambassadeur"], data["round"], data["item"])]
    first: dict[tuple, int] = {}
    for row, key in zip(data.index, keys):
        if key in first:
            report.add(ERROR, "validation.assessment_twice", row=row,
                       column=assessment.header("item", table, report.lang), value=data.at[row, "item"],
                       values={"other": first[key]}, **assessment.where)
        first.setdefault(key, row)
