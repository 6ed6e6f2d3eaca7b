"""Reading the user's spreadsheets and writing outputs safely.

``read_table`` reads one table from a CSV (``;``, ``,`` or tab; UTF-8, UTF-8 with BOM or
Windows-1252), an Excel ``.xlsx`` or an OpenDocument ``.ods`` file, and returns the raw
cells with the row numbers a user sees in a spreadsheet. It never modifies the file.
Typing and checking the cells is the job of :mod:`transfo_lab.contract.validation`.

Outputs are always written atomically (:func:`atomic_write`): a temporary file in the
destination folder, then a rename, so a crash never leaves a half-written file.
"""
from __future__ import annotations

import contextlib
import csv
import errno
import io as _io
import os
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pandas as pd

from transfo_lab.base.cells import csv_value
from transfo_lab.base.exceptions import FileFormatError, OutputError
from transfo_lab.base.labels import label
from transfo_lab.base.limits import check_archive

TABLE_SUFFIXES = (".csv", ".xlsx", ".ods")
_SEPARATORS = (";", ",", "\t")
_SUSPECT_SEPARATORS = ("|", ":")


@dataclass
class RawTable:
    """The cells of one table as read, before typing.

    Attributes
    ----------
    data : DataFrame
        One column per header (as written by the user), cells as strings or as the native
        values of a workbook (numbers, datetimes); index = spreadsheet row number.
    file : Path
    sheet : str or None
    encoding, separator : str or None
        What was detected for a CSV file.
    problems : list of dict
        Cell-level problems met while reading (``key``, ``row``, ``column``, ``value``).
    """

    data: pd.DataFrame
    file: Path
    sheet: str | None = None
    encoding: str | None = None
    separator: str | None = None
    problems: list[dict] = field(default_factory=list)


def read_table(path: Path | str, *, sheet: str | None = None, lang: str = "fr", expected: str = "…") -> RawTable:
    """Read one table from a CSV, ``.xlsx`` or ``.ods`` file.

    Rows that are entirely empty, and rows whose first cell starts with ``#`` (the help
    rows of the templates), are skipped; row numbers stay those of the spreadsheet.

    ``expected`` (the headers the table should have) is quoted when the file is empty.

    Raises
    ------
    FileFormatError
        If the file is empty, is not a table, or uses an unknown separator.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, lang, expected)
    if suffix == ".xlsx":
        return _read_xlsx(path, sheet, lang, expected)
    if suffix == ".ods":
        return _read_ods(path, sheet, lang, expected)
    raise FileFormatError(label("validation.unreadable", lang, value=suffix or path.name), file=path)


def decode_text(raw: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), else Windows-1252.

    >>> decode_text("été".encode("cp1252"))
    ('été', 'cp1252')
    >>> decode_text(b"\\xef\\xbb\\xbfid")
    ('id', 'utf-8-sig')
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def detect_separator(header_line: str) -> str | None:
    """Guess the separator from the header line: ``;``, ``,`` or tab, the most frequent.

    >>> detect_separator("id;site;texte")
    ';'
    >>> detect_separator("id,site,texte")
    ','
    >>> detect_separator("texte") is None
    True
    """
    counts = {sep: _count_outside_quotes(header_line, sep) for sep in _SEPARATORS}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count


def _read_csv(path: Path, lang: str, expected: str = "…") -> RawTable:
    raw = path.read_bytes()
    text, encoding = decode_text(raw)
    if not text.strip():
        raise FileFormatError(label("validation.empty_file", lang, expected=expected), file=path)
    first = next(line for line in text.splitlines() if line.strip())
    separator = detect_separator(first)
    if separator is None:
        suspect = next((s for s in _SUSPECT_SEPARATORS if s in first), None)
        if suspect:
            raise FileFormatError(label("validation.bad_separator", lang, value=suspect), file=path, row=1)
        separator = ";"
    try:
        rows = [[csv_value(c) for c in r] for r in csv.reader(_io.StringIO(text, newline=""), delimiter=separator)]
    except csv.Error as exc:
        raise FileFormatError(label("validation.unreadable", lang, value=str(exc)), file=path) from None
    table = _rows_to_table(((i, r) for i, r in enumerate(rows, start=1)), path, lang, expected=expected)
    table.encoding, table.separator = encoding, separator
    return table


def _rows_to_table(numbered_rows: Iterator[tuple[int, list]], path: Path, lang: str,
                   sheet: str | None = None, expected: str = "…") -> RawTable:
    """Turn (row number, cells) pairs into a RawTable: first non-empty row = headers."""
    header: list[str] | None = None
    records, index, problems = [], [], []
    for number, cells in numbered_rows:
        cells = [_clean_cell(c) for c in cells]
        if all(c is None for c in cells):
            continue
        if header is None:
            header = _header(cells)
            continue
        first = next((c for c in cells if c is not None), None)
        if isinstance(first, str) and first.startswith("#"):
            continue
        if len(cells) > len(header) and any(c is not None for c in cells[len(header):]):
            problems.append({"key": "validation.extra_cells", "row": number, "column": None,
                             "value": len(cells)})
        cells = (cells + [None] * len(header))[: len(header)]
        records.append(cells)
        index.append(number)
    if header is None:
        raise FileFormatError(label("validation.empty_file", lang, expected=expected), file=path, sheet=sheet)
    frame = pd.DataFrame(records, columns=header, index=pd.Index(index, name="row"), dtype=object)
    return RawTable(frame, path, sheet=sheet, problems=problems)


def _header(cells: list) -> list[str]:
    while cells and cells[-1] is None:
        cells = cells[:-1]
    return ["" if c is None else str(c).strip() for c in cells]


def _clean_cell(value):
    if value is None:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _read_xlsx(path: Path, sheet: str | None, lang: str, expected: str = "…") -> RawTable:
    import openpyxl

    check_archive(path, lang=lang)
    try:
        formulas = openpyxl.load_workbook(path, data_only=False, read_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileFormatError(label("validation.unreadable", lang, value=type(exc).__name__), file=path) from None
    try:
        ws = _pick_sheet(formulas, sheet, path, lang)
        grid, formula_cells = [], []
        for r, row in enumerate(ws.iter_rows()):
            grid.append([cell.value for cell in row])
            # a formula is a cell of type "f"; a text that merely starts with "=" is text (see cells.py)
            formula_cells += [(r, c) for c, cell in enumerate(row) if getattr(cell, "data_type", None) == "f"]
        hidden = _hidden_sheets(formulas)
    finally:
        formulas.close()
    problems = []
    if formula_cells:
        values = openpyxl.load_workbook(path, data_only=True, read_only=True)
        try:
            cached = [list(row) for row in _pick_sheet(values, sheet, path, lang).iter_rows(values_only=True)]
        finally:
            values.close()
        for r, c in formula_cells:
            value = cached[r][c] if r < len(cached) and c < len(cached[r]) else None
            if value is None:
                problems.append({"key": "validation.formula", "row": r + 1, "column_index": c,
                                 "value": grid[r][c]})
            grid[r][c] = value
    table = _rows_to_table(((i, r) for i, r in enumerate(grid, start=1)), path, lang, ws.title, expected)
    hidden = [name for name in hidden if name != ws.title]
    if hidden:  # maybe old rows: say they are not read
        table.problems.append({"key": "safety.hidden_sheets", "row": None, "column": None, "value": ", ".join(hidden)})
    header_row = next(i for i, r in enumerate(grid, start=1) if any(_clean_cell(c) is not None for c in r))
    for p in problems:
        p["column"] = _column_name(grid, header_row, p.pop("column_index"))
    table.problems.extend(problems)
    return table


def _column_name(grid: list[list], header_row: int, index: int) -> str | None:
    row = grid[header_row - 1]
    return str(row[index]).strip() if index < len(row) and row[index] is not None else None


def _hidden_sheets(workbook) -> list[str]:
    return [ws.title for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") != "visible"]


def _pick_sheet(workbook, sheet: str | None, path: Path, lang: str):
    """The sheet named ``sheet``, else the first *visible* sheet (a hidden sheet may hold old rows)."""
    if sheet is None:
        visible = [ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        return (visible or workbook.worksheets)[0]
    if sheet not in workbook.sheetnames:
        raise FileFormatError(label("validation.bad_sheet", lang, value=sheet,
                                    expected=", ".join(workbook.sheetnames)), file=path)
    return workbook[sheet]


def _read_ods(path: Path, sheet: str | None, lang: str, expected: str = "…") -> RawTable:
    check_archive(path, lang=lang)
    try:
        sheets = pd.read_excel(path, engine="odf", sheet_name=None, header=None, dtype=object)
    except Exception as exc:  # odfpy raises many kinds of errors on broken files
        raise FileFormatError(label("validation.unreadable", lang, value=type(exc).__name__), file=path) from None
    hidden = _ods_hidden_sheets(path)
    name = sheet if sheet is not None else next((s for s in sheets if s not in hidden), next(iter(sheets), None))
    if name not in sheets:
        raise FileFormatError(label("validation.bad_sheet", lang, value=sheet,
                                    expected=", ".join(sheets)), file=path)
    grid = sheets[name].astype(object).where(sheets[name].notna(), None).values.tolist()
    table = _rows_to_table(((i, r) for i, r in enumerate(grid, start=1)), path, lang, name, expected)
    hidden = [h for h in hidden if h != name]
    if hidden:
        table.problems.append({"key": "safety.hidden_sheets", "row": None, "column": None, "value": ", ".join(hidden)})
    return table


_ODS_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_hidden_sheets(path: Path) -> list[str]:
    """Names of the hidden sheets of an .ods file (a table whose style says ``table:display="false"``)."""
    import xml.etree.ElementTree as ET

    hidden_styles: set[str] = set()
    hidden: list[str] = []
    style = None
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
            for event, element in ET.iterparse(stream, events=("start", "end")):
                if event == "end":
                    element.clear()
                elif element.tag == f"{_ODS_STYLE}style":
                    style = element.get(f"{_ODS_STYLE}name") if element.get(f"{_ODS_STYLE}family") == "table" else None
                elif element.tag == f"{_ODS_STYLE}table-properties" and style and \
                        element.get(f"{_ODS_TABLE}display") == "false":
                    hidden_styles.add(style)
                elif element.tag == f"{_ODS_TABLE}table" and element.get(f"{_ODS_TABLE}style-name") in hidden_styles:
                    hidden.append(element.get(f"{_ODS_TABLE}name"))
    except (zipfile.BadZipFile, KeyError, OSError, ET.ParseError):
        return []
    return hidden


def sheet_names(path: Path | str) -> list[str]:
    """The sheet names of a workbook (``.xlsx`` or ``.ods``)."""
    path = Path(path)
    check_archive(path)
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            return list(wb.sheetnames)
        finally:
            wb.close()
    return list(pd.read_excel(path, engine="odf", sheet_name=None, header=None, nrows=1))


#: errno values that mean « this folder cannot be written », turned into an :class:`OutputError`.
_WRITE_ERRNOS = {errno.EACCES: "safety.permission", errno.EPERM: "safety.permission", errno.ENOSPC: "safety.disk_full",
                 errno.EROFS: "safety.read_only", errno.EDQUOT: "safety.quota", errno.EFBIG: "safety.disk_full"}


def write_error(exc: OSError, folder: Path | str, lang: str = "fr") -> OutputError | None:
    """The kit's French error for an ``OSError`` met while writing into ``folder`` (``None`` if not a write error).

    >>> print(write_error(PermissionError(13, "Permission denied"), "/srv/rapports"))
    impossible d'écrire dans /srv/rapports : permission refusée
    """
    key = _WRITE_ERRNOS.get(getattr(exc, "errno", None))
    if key is None:
        return None
    return OutputError(label("safety.cannot_write", lang, folder=str(folder), reason=label(key, lang)),
                       folder=folder, errno=exc.errno)


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def output_mode(path: Path | str) -> int:
    """Permission bits for a file written at ``path``: those of the file it replaces, else ``0o666 & ~umask``."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~current_umask()


@contextlib.contextmanager
def atomic_open(path: Path | str, mode: str = "w", encoding: str | None = "utf-8", *, lang: str = "fr",
                private: bool = False):
    """Open a temporary file beside ``path``; rename it onto ``path`` only on success.

    Nothing is left under the final name when writing fails, and the file replaced keeps its
    permission bits (a new file gets the umask's: 0644 or 0664, never 0600; ``private``
    files — a pseudonymisation key — are always 0600, readable by their owner only). A folder that
    cannot be written (permission, read-only file system, full disk) raises an
    :class:`~transfo_lab.base.exceptions.OutputError` naming it, in French.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_open(target) as f:
    ...     _ = f.write("bonjour")
    >>> target.read_text()
    'bonjour'
    """
    path = Path(path)
    binary = "b" in mode
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        error = write_error(exc, path.parent, lang)
        if error is None:
            raise
        raise error from None
    try:
        with os.fdopen(fd, mode, **({} if binary else {"encoding": encoding, "newline": ""})) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600 if private else output_mode(path))
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        error = write_error(exc, path.parent, lang) if isinstance(exc, OSError) and \
            not isinstance(exc, OutputError) else None
        if error is None:
            raise
        raise error from None


def atomic_write(path: Path | str, data: str | bytes, encoding: str = "utf-8", *, lang: str = "fr",
                 private: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file + rename) and return the path.

    The file gets the permission bits of the file it replaces, else ``0o666 & ~umask``;
    with ``private`` (a pseudonymisation key), 0600.
    """
    with atomic_open(path, "wb" if isinstance(data, bytes) else "w", encoding=encoding, lang=lang,
                     private=private) as handle:
        handle.write(data)
    return Path(path)


def save_workbook(workbook, path: Path | str) -> Path:
    """Save an openpyxl workbook atomically."""
    with atomic_open(path, "wb") as handle:
        workbook.save(handle)
    return Path(path)
