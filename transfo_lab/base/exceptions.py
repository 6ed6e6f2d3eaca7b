"""One exception family for the kit.

Every error raised on purpose by ``transfo_lab`` derives from :class:`TransfoLabError`
and also from a built-in exception, so that an ordinary ``except ValueError`` works.
Data errors carry where the problem is (file, sheet, row, column, value) and print
themselves in French by default.
"""
from __future__ import annotations

from typing import Iterable

# Nothing from transfo_lab is imported here, not even for typing: the exceptions sit under the label
# catalogue (whose check_lang raises a ParameterError) and under the problem record.


class TransfoLabError(Exception):
    """Root of every error raised on purpose by transfo_lab."""


class TransfoLabWarning(UserWarning):
    """Root of every warning emitted by transfo_lab."""


class DataError(TransfoLabError, ValueError):
    """A problem in the user's data, located as precisely as possible.

    Parameters
    ----------
    message : str
        The sentence shown to the user (already translated).
    file, sheet, row, column, value : optional
        Where the problem is, as the user sees it in a spreadsheet.
    """

    def __init__(self, message: str, *, file=None, sheet=None, row=None, column=None, value=None):
        self.message = message
        self.file = None if file is None else str(file)
        self.sheet = sheet
        self.row = row
        self.column = column
        self.value = value
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.sheet:
            where.append(f"[{self.sheet}]")
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        prefix = ", ".join(where)
        return f"{prefix} : {self.message}" if prefix else self.message


class FileFormatError(DataError):
    """A file that cannot be read at all (empty, broken, wrong format)."""


class ProgrammeValidationError(TransfoLabError, ValueError):
    """The programme folder has errors; ``problems`` lists every one of them (errors and warnings).

    Parameters
    ----------
    problems : list of Problem
        What the validation found (:class:`~transfo_lab.base.problems.Problem`).
    message : str
        The whole report as text, shown when the error is printed.
    """

    def __init__(self, problems: Iterable, message: str):
        self.problems = list(problems)
        self.message = message
        super().__init__(message)

    @property
    def errors(self) -> list:
        return [p for p in self.problems if p.severity == "error"]


class SaveConflictError(DataError):
    """A save refused because someone else changed the same cell since it was loaded; nothing was written."""


class OutputError(TransfoLabError, OSError):
    """An output that cannot be written (read-only folder, permission, full disk); ``folder`` names where."""

    def __init__(self, message: str, *, folder=None, errno: int | None = None):
        super().__init__(message)
        self.message = message
        self.folder = None if folder is None else str(folder)
        self.errno = errno

    def __str__(self) -> str:
        return self.message


class ParameterError(TransfoLabError, ValueError):
    """A wrong parameter given to a notebook, a command or a function."""


class ProtocolWarning(TransfoLabWarning):
    """A calendar or budget departs from the programme's protocol."""


class DataWarning(TransfoLabWarning):
    """Something in the data is suspicious but not wrong."""
