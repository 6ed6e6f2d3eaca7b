"""Saving edits back into a programme's table files, keeping the file as the user made it.

The widgets of :mod:`transfo_lab.training.widgets` change a few cells of a table (the tags of an
observation, the dots of a voter, the scores of a site). :class:`TableFile` re-reads the
CSV file as raw cells, changes only those cells — rows are found by their content (an
observation id, a voter, a criterion × site × round), never by a remembered position — and
writes it back with the same separator, encoding (UTF-8, UTF-8 with BOM, Windows-1252),
line endings, headers, help rows (``# …``) and unknown columns.

Several people may save the same file at once (two tablets voting, two researchers coding).
Every save follows one protocol (:meth:`TableFile.edit`): take an exclusive lock file beside
the table (``.<file>.lock``), re-read the table *under the lock*, apply only the cells this
save changes — rows found by id — to what is on disk now, write atomically, release. A cell
that someone else changed since this editor loaded it is a conflict: the save is refused with
a :class:`~transfo_lab.base.exceptions.SaveConflictError` and nothing is written, never silently
overwritten. Texts that a spreadsheet would run as a formula are protected (:mod:`transfo_lab.base.cells`).

Every save is atomic (:func:`transfo_lab.contract.io.atomic_write`) and first copies the previous
version of the file into the programme's backup folder: ``<programme>/.backups/`` holds
``<AAAAMMJJ-HHMMSS-ffffff>-<file>`` for every save, so any earlier state can be restored by
copying it back. The folder starts with a dot: :func:`transfo_lab.contract.programme.load_programme`
ignores it.

Only CSV tables can be saved this way; a table kept in a workbook (``.xlsx``, ``.ods``)
is refused with a :class:`~transfo_lab.base.exceptions.ParameterError`.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import io as _io
import shutil
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from transfo_lab.base.cells import csv_text, csv_value
from transfo_lab.base.exceptions import DataError, ParameterError, SaveConflictError
from transfo_lab.contract.io import atomic_write, decode_text, detect_separator, write_error
from transfo_lab.base.labels import format_number, label
from transfo_lab.contract.schemas import Table, get_table, header_lookup, normalise_key

BACKUP_DIR = ".backups"
#: Seconds a save waits for another save of the same file to finish before giving up.
LOCK_TIMEOUT = 30.0


def lock_path(path: Path | str) -> Path:
    """The lock file of a table file: ``.<name>.lock`` beside it (ignored by the programme loader)."""
    path = Path(path)
    return path.parent / f".{path.name}.lock"


@contextlib.contextmanager
def locked(path: Path | str, *, timeout: float | None = None, lang: str = "fr"):
    """Hold the exclusive lock of a table file (every process that saves it takes the same lock)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path(path)), timeout=LOCK_TIMEOUT if timeout is None else timeout)
    try:
        lock.acquire()
    except Timeout:
        seconds = format_number(lock.timeout, 0 if float(lock.timeout).is_integer() else 1, lang)
        raise DataError(label("safety.locked", lang, seconds=seconds), file=path.name) from None
    except OSError as exc:  # the folder cannot be written: no lock file, no save
        error = write_error(exc, path.parent, lang)
        if error is None:
            raise
        raise error from None
    try:
        yield
    finally:
        lock.release()


def backup_file(path: Path | str, *, folder: Path | str | None = None) -> Path | None:
    """Copy ``path`` into the backup folder, stamped with the time; return the copy.

    The folder defaults to ``.backups`` beside the file. Nothing is copied (``None`` is
    returned) when ``path`` does not exist yet.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "votes.csv").write_text("Votant;Idée")
    >>> copy = backup_file(folder / "votes.csv")
    >>> copy.parent.name, copy.name.endswith("-votes.csv"), copy.read_text()
    ('.backups', True, 'Votant;Idée')
    """
    path = Path(path)
    if not path.is_file():
        return None
    folder = Path(folder) if folder is not None else path.parent / BACKUP_DIR
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stamp}-{path.name}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        counter = 1
        while target.exists():  # two saves within the same microsecond
            target = folder / f"{stamp}.{counter}-{path.name}"
            counter += 1
        shutil.copy2(path, target)
    except OSError as exc:  # full disk, read-only folder: no half-copied backup, no save
        with contextlib.suppress(OSError):
            target.unlink()
        error = write_error(exc, folder)
        if error is None:
            raise
        raise error from None
    return target


@dataclass
class TableFile:
    """The raw cells of one CSV table file, editable cell by cell.

    Attributes
    ----------
    path : Path
    table : Table
        The declaration of the table (to find its columns under any accepted header).
    rows : list of list of str
        Every record of the file, header and help rows included (``rows[n - 1]`` is the
        spreadsheet's row ``n``).
    encoding, separator, newline : str
        What the file uses; kept when it is written back.
    header_index : int
        Position of the header row in ``rows``.
    lang : str
        Language of the headers added for missing columns.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> file = pathlib.Path(tempfile.mkdtemp()) / "votes.csv"
    >>> _ = file.write_text("Votant;Groupe;Idée;Gommettes\\nAnne;agents;ID-01;2\\n")
    >>> votes = TableFile.read(file, "votes")
    >>> votes.find(voter="Anne")
    [2]
    >>> votes.set(2, "dots", "3")
    >>> _ = votes.append({"voter": "Paul", "group": "usagers", "idea": "ID-01", "dots": "1"})
    >>> print(votes.to_text(), end="")
    Votant;Groupe;Idée;Gommettes
    Anne;agents;ID-01;3
    Paul;usagers;ID-01;1
    """

    path: Path
    table: Table
    rows: list[list[str]]
    encoding: str = "utf-8"
    separator: str = ";"
    newline: str = "\n"
    header_index: int = 0
    lang: str = "fr"

    @classmethod
    def read(cls, path: Path | str, table: str | Table, *, lang: str = "fr") -> "TableFile":
        """Read a CSV table file (the file need not be valid, only readable).

        A file that does not exist yet reads as a header row of every declared column.
        """
        path = Path(path)
        spec = table if isinstance(table, Table) else get_table(table)
        if not path.exists() and path.suffix.lower() == ".csv":
            return cls(path, spec, [[c.header(lang) for c in spec.columns]], "utf-8", ";", "\n", 0, lang)
        if path.suffix.lower() != ".csv":
            raise ParameterError(label("editing.csv_only", lang, name=path.name))
        text, encoding = decode_text(path.read_bytes())
        newline = "\r\n" if "\r\n" in text else "\n"
        first = next((line for line in text.splitlines() if line.strip()), "")
        separator = detect_separator(first) or ";"
        rows = list(csv.reader(_io.StringIO(text, newline=""), delimiter=separator))
        header_index = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
        if header_index is None:
            rows, header_index = [[c.header(lang) for c in spec.columns]], 0
        return cls(path, spec, rows, encoding, separator, newline, header_index, lang)

    # --- columns ---------------------------------------------------------------------------------

    @property
    def header(self) -> list[str]:
        return self.rows[self.header_index]

    def position(self, column: str) -> int | None:
        """Position of ``column`` (a declared column name) in the file, ``None`` if absent."""
        lookup = header_lookup(self.table)
        return next((i for i, h in enumerate(self.header) if lookup.get(normalise_key(h)) == column), None)

    def ensure_column(self, column: str) -> int:
        """Position of ``column``, adding it (with its declared header) at the end if absent."""
        position = self.position(column)
        if position is None:
            self.header.append(self.table.column(column).header(self.lang))
            position = len(self.header) - 1
        return position

    # --- rows ------------------------------------------------------------------------------------

    def data_rows(self) -> list[int]:
        """Spreadsheet numbers of the data rows (not the header, help rows or empty rows)."""
        return [i + 1 for i, r in enumerate(self.rows) if i > self.header_index and any(c.strip() for c in r)
                and not next(c for c in r if c.strip()).strip().startswith("#")]

    def get(self, row: int, column: str) -> str:
        """The text of one cell (as the kit reads it: a formula-protection apostrophe removed)."""
        position = self.position(column)
        cells = self.rows[row - 1]
        return "" if position is None or position >= len(cells) else csv_value(cells[position].strip())

    def find(self, **values: str) -> list[int]:
        """Rows whose cells equal ``values`` (column name → text; case, accents and spaces ignored)."""
        wanted = {k: normalise_key(v) for k, v in values.items()}
        return [row for row in self.data_rows() if all(normalise_key(self.get(row, k)) == v for k, v in wanted.items())]

    def set(self, row: int, column: str, text: str, *, base: str | None = None, what: str | None = None) -> None:
        """Set one cell (the column is added to the file if it is absent).

        ``base`` is the cell's text when the editor loaded it: if the file now holds something
        else (someone changed it meanwhile) and not already ``text``, the change is refused with
        a :class:`SaveConflictError` naming ``what`` (e.g. « observation OBS-12 »).
        A text a spreadsheet would run as a formula is written with a protecting apostrophe.
        """
        if base is not None:
            self.check_unchanged(row, column, base, text, what=what)
        position = self.ensure_column(column)
        cells = self.rows[row - 1]
        cells.extend([""] * (position + 1 - len(cells)))
        cells[position] = csv_text(text)

    def check_unchanged(self, row: int, column: str, base: str, mine: str, *, what: str | None = None,
                        same=None) -> None:
        """Refuse (:class:`SaveConflictError`) if the cell is neither ``base`` (as loaded) nor ``mine`` any more.

        ``same(a, b)`` compares two texts (default: equal once spaces, case and accents are ignored).
        """
        same = same or (lambda a, b: normalise_key(a) == normalise_key(b))
        disk = self.get(row, column)
        if not same(disk, base) and not same(disk, mine):
            header = self.header[self.position(column)] if self.position(column) is not None else column
            raise SaveConflictError(label("safety.conflict", self.lang, what=what or f"ligne {row}", column=header,
                                          disk=disk, base=base, mine=mine), file=self.path.name, row=row,
                                    column=header, value=disk)

    def append(self, values: dict[str, str]) -> int:
        """Add a row at the end of the file; return its spreadsheet number."""
        for column in values:
            self.ensure_column(column)
        while self.rows and not any(c.strip() for c in self.rows[-1]) and len(self.rows) - 1 > self.header_index:
            self.rows.pop()  # trailing empty lines: the new row goes right after the data
        self.rows.append([""] * len(self.header))
        row = len(self.rows)
        for column, text in values.items():
            self.set(row, column, text)
        return row

    def delete(self, rows: list[int]) -> None:
        """Remove rows (spreadsheet numbers)."""
        for row in sorted(set(rows), reverse=True):
            del self.rows[row - 1]

    # --- writing ---------------------------------------------------------------------------------

    def to_text(self) -> str:
        """The file's text, with its separator and line endings."""
        buffer = _io.StringIO()
        writer = csv.writer(buffer, delimiter=self.separator, lineterminator=self.newline)
        width = len(self.header)
        for i, cells in enumerate(self.rows):
            if i > self.header_index and any(c.strip() for c in cells):
                cells = cells + [""] * (width - len(cells))
            writer.writerow(cells)
        return buffer.getvalue()

    def save(self, *, backup: bool = True) -> Path | None:
        """Write the file atomically, after copying its previous version to the backup folder.

        Returns the backup's path (``None`` when there was nothing to back up).

        Raises
        ------
        DataError
            If a character cannot be written in the file's encoding (Windows-1252).
        """
        text = self.to_text()
        encoding = self.encoding
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError as exc:
            raise DataError(label("editing.unencodable", self.lang, char=exc.object[exc.start:exc.end]),
                            file=self.path.name, value=exc.object[exc.start:exc.end]) from None
        copy = backup_file(self.path) if backup else None
        atomic_write(self.path, data, lang=self.lang)
        return copy

    @classmethod
    @contextlib.contextmanager
    def edit(cls, path: Path | str, table: str | Table, *, lang: str = "fr", backup: bool = True,
             timeout: float | None = None):
        """The save protocol: lock, re-read, let the caller change cells, write atomically, unlock.

        The caller applies its change to the table *as it is on disk now* (found by id, never
        by a remembered position); if it raises (a conflict, a refused entry) nothing is written.
        The backup's path is left in the table's ``backup`` attribute.

        >>> import tempfile, pathlib
        >>> file = pathlib.Path(tempfile.mkdtemp()) / "votes.csv"
        >>> _ = file.write_text("Votant;Groupe;Idée;Gommettes\\nAnne;agents;ID-01;2\\n")
        >>> with TableFile.edit(file, "votes") as votes:
        ...     votes.set(votes.find(voter="Anne")[0], "dots", "3", base="2")
        >>> file.read_text().splitlines()[1]
        'Anne;agents;ID-01;3'
        """
        with locked(path, timeout=timeout, lang=lang):
            file = cls.read(path, table, lang=lang)
            file.backup = None
            yield file
            file.backup = file.save(backup=backup)


def format_number_cell(value: float, separator: str = ";") -> str:
    """A number as a cell: ``3``, ``2,5`` in a ``;`` file (French), ``2.5`` otherwise.

    >>> format_number_cell(3.0), format_number_cell(2.5), format_number_cell(2.5, ",")
    ('3', '2,5', '2.5')
    """
    if float(value).is_integer():
        return str(int(value))
    text = repr(float(value))
    return text.replace(".", ",") if separator == ";" else text


def table_path(programme_dir: Path | str, table: str, sources: dict[str, str] | None = None, *,
               lang: str = "fr") -> Path:
    """The file holding ``table`` in a programme folder, or the CSV to create (its French name)."""
    if sources and table in sources:
        source = sources[table]
        if "[" in source and source.endswith("]"):
            raise ParameterError(label("editing.sheet_not_csv", lang, name=Path(source.split("[")[0]).name,
                                       sheet=source.split("[")[1][:-1]))
        return Path(source)
    return Path(programme_dir) / f"{get_table(table).file}.csv"
