"""One problem record for every checker and import of the kit.

A :class:`Problem` says how serious it is (``error``, ``warning`` or ``info``), which rule
found it (a stable dotted id such as ``validation.bad_date``, ``planning.session_length`` or
``import.no_site``: tests and code compare rule ids, never sentences), where it is — file or
table, sheet, spreadsheet row, column, the value found — and the sentence for the user,
already translated from the label catalogue.

The validation of a programme folder, the calendar and codebook checks, the journey and dot
budget checks, the entry widgets and the importers all return lists of problems; the CLI,
the reports and the widgets show them with the same :meth:`Problem.format`, and notebooks
show them as a table with :func:`problems_frame`.

This module sits at the bottom of the package: it imports nothing from ``transfo_lab`` but
the label catalogue.

Examples
--------
>>> problem = Problem.make("error", "validation.required", file="observations.csv", row=3, column="Texte")
>>> problem.rule, problem.row
('validation.required', 3)
>>> print(problem.format())
observations.csv, ligne 3, colonne « Texte » : valeur obligatoire manquante
>>> print(Problem.make("error", "validation.required", "en", file="observations.csv", row=3).format("en"))
observations.csv, row 3: required value missing
"""
from __future__ import annotations

import datetime as _dt
import math
import numbers
from dataclasses import dataclass, replace
from typing import Iterable, Literal

import pandas as pd

from transfo_lab.base.labels import date_cell, label

ERROR, WARNING, INFO = "error", "warning", "info"
#: The severities, most serious first.
SEVERITIES: tuple[str, ...] = (ERROR, WARNING, INFO)
Severity = Literal["error", "warning", "info"]

#: Columns of :func:`problems_frame`, in order (their headers come from the catalogue, ``problem.col_*``).
FRAME_COLUMNS: tuple[str, ...] = ("severity", "file", "sheet", "row", "column", "value", "message")


@dataclass(frozen=True)
class Problem:
    """One problem found in the user's data, located as the user sees it in a spreadsheet.

    Parameters
    ----------
    severity : {"error", "warning", "info"}
        ``error`` blocks (the data is wrong), ``warning`` is worth a look, ``info`` is a remark.
    rule : str
        A stable dotted id of the rule that found it (``validation.bad_date``,
        ``planning.session_length``, ``import.no_site``…).
    message : str
        The sentence for the user, already translated, without the location.
    file, table, sheet, row, column, value : optional
        Where the problem is: the file name as the team knows it, the table (its id in
        :mod:`~transfo_lab.contract.schemas`, for code: it is never shown), the sheet of a
        workbook, the spreadsheet row (1 = headers), the column as written in the file, and
        the value found.
    """

    severity: Severity
    rule: str
    message: str
    file: str | None = None
    table: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"`severity` is expected to be one of {SEVERITIES}. Got {self.severity!r} instead.")
        if self.file is not None and not isinstance(self.file, str):
            object.__setattr__(self, "file", str(self.file))
        if isinstance(self.row, numbers.Integral) and not isinstance(self.row, int):
            object.__setattr__(self, "row", int(self.row))  # a numpy integer from a frame's index

    @classmethod
    def make(cls, severity: Severity, rule: str, lang: str = "fr", *, key: str | None = None,
             values: dict | None = None, **where) -> "Problem":
        """A problem whose message is the catalogue sentence ``key`` (by default the rule id itself).

        The sentence is filled with ``values`` and, unless given there, ``value`` shown as
        text (``{value}``).

        >>> Problem.make("error", "validation.bad_int", "en", file="votes.csv", row=4, value="trois").message
        'whole number expected, found "trois"'
        """
        values = dict(values or {})
        values.setdefault("value", show_value(where.get("value")))
        return cls(severity, rule, label(key or rule, lang, **values), **where)

    @classmethod
    def from_error(cls, error: Exception, rule: str = "data.error") -> "Problem":
        """A located error (:class:`~transfo_lab.base.exceptions.DataError`) as a problem, to list it with others.

        >>> from transfo_lab.base.exceptions import DataError
        >>> Problem.from_error(DataError("valeur manquante", file="a.csv", row=3)).format()
        'a.csv, ligne 3 : valeur manquante'
        """
        where = {k: getattr(error, k, None) for k in ("file", "sheet", "row", "column", "value")}
        return cls(ERROR, rule, getattr(error, "message", None) or str(error), **where)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def located(self, **where) -> "Problem":
        """The same problem with some of its location replaced (``file``, ``row``…)."""
        return replace(self, **where)

    def location(self, lang: str = "fr") -> str:
        """Where the problem is, as text: ``votes.csv [Feuil1], ligne 4, colonne « Gommettes »``.

        >>> Problem("warning", "coding.uncoded", "…", table="observations", row=7).location()
        'ligne 7'
        """
        parts = []
        if self.file:
            parts.append(self.file + (f" [{self.sheet}]" if self.sheet else ""))
        if self.row is not None:
            parts.append(label("problem.row", lang, row=self.row))
        if self.column:
            parts.append(label("problem.column", lang, column=self.column))
        return ", ".join(parts)

    def format(self, lang: str = "fr") -> str:
        """The problem in one line, the same everywhere (CLI, reports, widgets): ``where : message``.

        >>> print(Problem("error", "ideation.over_budget", "Anne a posé 4 gommettes", file="votes.csv", row=3).format())
        votes.csv, ligne 3 : Anne a posé 4 gommettes
        """
        where = self.location(lang)
        return label("problem.line", lang, where=where, message=self.message) if where else self.message

    def __str__(self) -> str:
        return self.format()


def show_value(value) -> str:
    """A value found in a cell, as the user would have typed it (``3`` not ``3.0``, a date as 12/03/2016).

    >>> show_value(3.0), show_value(None), show_value(["a", "b"]), show_value(pd.Timestamp("2016-03-12"))
    ('3', '', 'a, b', '12/03/2016')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (_dt.datetime, pd.Timestamp)):
        return date_cell(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def in_file_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems grouped by file, or table for those without a file (in the order they first appear), then sheet,
    then row.

    Problems without a row come first in their file; the order is otherwise kept (stable).

    >>> found = [Problem("error", "r", "m", file="b.csv", row=5), Problem("error", "r", "m", file="a.csv", row=9),
    ...          Problem("error", "r", "m", file="b.csv", row=2)]
    >>> [(p.file, p.row) for p in in_file_order(found)]
    [('b.csv', 2), ('b.csv', 5), ('a.csv', 9)]
    """
    problems = list(problems)
    places = list(dict.fromkeys(p.file or p.table for p in problems))
    return sorted(problems, key=lambda p: (places.index(p.file or p.table), p.sheet or "",
                                           -1 if p.row is None else p.row))


def by_severity(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then warnings, then remarks; each group in file order.

    >>> [p.severity for p in by_severity([Problem("warning", "r", "m"), Problem("error", "r", "m")])]
    ['error', 'warning']
    """
    problems = list(problems)
    return [p for severity in SEVERITIES for p in in_file_order(q for q in problems if q.severity == severity)]


def format_problems(problems: Iterable[Problem], lang: str = "fr", *, marks: bool = True) -> list[str]:
    """One line per problem (errors first, in file order), warnings and remarks marked as such.

    >>> format_problems([Problem("warning", "r", "à vérifier", file="a.csv", row=2)])
    ['(avertissement) a.csv, ligne 2 : à vérifier']
    """
    lines = []
    for problem in by_severity(problems):
        prefix = f"({label(f'problem.{problem.severity}', lang)}) " if marks and problem.severity != ERROR else ""
        lines.append(prefix + problem.format(lang))
    return lines


def problems_frame(problems: Iterable[Problem], lang: str = "fr", *, compact: bool = False) -> pd.DataFrame:
    """The problems as a table for a notebook: severity, file, sheet, row, column, value and message.

    Headers and severities are in ``lang``; table ids are never shown. Rows are errors
    first, in file order. With ``compact``, the location columns
    that are empty for every problem (often the sheet) are left out.

    >>> frame = problems_frame([Problem("error", "validation.required", "valeur manquante", file="a.csv", row=3)])
    >>> frame.columns.tolist()
    ['Gravité', 'Fichier', 'Feuille', 'Ligne', 'Colonne', 'Valeur', 'Problème']
    >>> frame.iloc[0, [0, 1, 3, 6]].astype(str).tolist()
    ['erreur', 'a.csv', '3', 'valeur manquante']
    >>> problems_frame([Problem("warning", "r", "m", row=3)], "en", compact=True).columns.tolist()
    ['Severity', 'Row', 'Problem']
    """
    rows = [{"severity": label(f"problem.{p.severity}", lang), "file": p.file or "",
             "sheet": p.sheet or "", "row": p.row, "column": p.column or "", "value": show_value(p.value),
             "message": p.message} for p in by_severity(problems)]
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    frame["row"] = frame["row"].astype("Int64")
    if compact:
        empty = [c for c in FRAME_COLUMNS[1:-1] if frame[c].isna().all() or (frame[c].astype(str) == "").all()]
        frame = frame.drop(columns=empty)
    return frame.rename(columns={c: label(f"problem.col_{c}", lang) for c in FRAME_COLUMNS})
