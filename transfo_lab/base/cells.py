"""The one way the kit writes a cell into a spreadsheet it produces (formula injection).

A text typed by a user (an idea title, a tag, a criterion label, an observation) may start
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return. A spreadsheet program reads
such a cell as a formula (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``: « CSV / formula
injection », OWASP). Every writer of the kit goes through this module:

* workbooks (``.xlsx``, openpyxl): :func:`write_cell` / :func:`append_row` store a text as
  a text cell (``data_type = "s"``), never as a formula, whatever it starts with; numbers
  stay numbers (a negative number entered as a number stays a number);
* CSV files meant to be opened in a spreadsheet: :func:`csv_text` puts an apostrophe in
  front of a text that starts with one of those characters (the OWASP advice; a spreadsheet
  then shows the text as typed), and :func:`csv_value` — used by the kit's CSV readers —
  takes it off again, so the kit reads back exactly the text that was written. A number
  such as ``-2`` or ``-2,5`` is left alone.

>>> csv_text("=1+1"), csv_value("'=1+1"), csv_text("-2,5"), csv_text("Bonjour")
("'=1+1", '=1+1', '-2,5', 'Bonjour')
"""
from __future__ import annotations

import re

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?%?")
#: Control characters an xlsx file cannot hold (openpyxl refuses them); tab, LF and CR are allowed.
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def is_formula_like(text: object) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula (a number is not).

    >>> is_formula_like("=HYPERLINK(\\"http://x\\")"), is_formula_like("@SUM(A1)"), is_formula_like("-2")
    (True, True, False)
    """
    return isinstance(text, str) and text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text.strip())


def csv_text(text: str) -> str:
    """A text as a CSV cell that a spreadsheet will not run as a formula."""
    return "'" + text if is_formula_like(text) else text


def csv_value(text: str) -> str:
    """The text of a CSV cell written by :func:`csv_text` (the protective apostrophe removed)."""
    if isinstance(text, str) and text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text


def xlsx_text(text: str) -> str:
    """A text an xlsx file can hold: control characters other than tab, LF, CR are removed."""
    return _ILLEGAL.sub("", text)


def write_cell(ws, row: int, column: int, value):
    """Set one cell of an openpyxl worksheet; a text is always stored as text, never a formula.

    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> cell = write_cell(ws, 1, 1, "=1+1")
    >>> cell.value, cell.data_type
    ('=1+1', 's')
    >>> write_cell(ws, 1, 2, -2).data_type
    'n'
    """
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = xlsx_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def append_row(ws, values) -> int:
    """Add a row after the last one of ``ws`` (like ``ws.append``) through :func:`write_cell`; return its number."""
    row = ws._current_row + 1
    for column, value in enumerate(values, start=1):
        if value is not None:
            write_cell(ws, row, column, value)
    ws._current_row = row
    return row
