"""Interoperability: take in the fieldwork from the tools résidents use, and give it back.

Import (each reader returns an :class:`~transfo_lab.interop.records.Imported`, then
:func:`~transfo_lab.interop.merge.merge_into` adds it to a programme folder):

* REFI-QDA projects and codebooks (QualCoder, NVivo, ATLAS.ti, MAXQDA):
  :func:`~transfo_lab.interop.refiqda.read_qdpx`, :func:`~transfo_lab.interop.refiqda.read_qdc`;
* Taguette: :func:`~transfo_lab.interop.taguette.read_highlights`,
  :func:`~transfo_lab.interop.taguette.read_codebook`;
* surveys: :func:`~transfo_lab.interop.surveys.read_limesurvey`,
  :func:`~transfo_lab.interop.surveys.read_survey`.

Export: :func:`~transfo_lab.interop.refiqda.export_qdpx`,
:func:`~transfo_lab.interop.refiqda.export_qdc`,
:func:`~transfo_lab.interop.matrices.export_matrices`.

Command line (:mod:`transfo_lab.cli`): ``transfo-lab import KIND FILE --into DOSSIER`` and
``transfo-lab export-qda DOSSIER --out FICHIER.qdpx|.qdc``.
"""
from __future__ import annotations

from pathlib import Path

from transfo_lab.base.exceptions import ParameterError
from transfo_lab.base.labels import label
from transfo_lab.interop.codage import coding_sample, read_coding_workbook, write_coding_workbooks
from transfo_lab.interop.memos import read_memos
from transfo_lab.interop.matrices import code_matrix, cooccurrence_matrix, export_matrices
from transfo_lab.interop.merge import MergeReport, merge_into
from transfo_lab.interop.records import Imported, load_mapping
from transfo_lab.interop.refiqda import export_qdc, export_qdpx, read_qdc, read_qdpx
from transfo_lab.interop.surveys import read_limesurvey, read_survey
from transfo_lab.interop.taguette import read_codebook, read_highlights

__all__ = ["Imported", "MergeReport", "code_matrix", "coding_sample", "read_coding_workbook", "write_coding_workbooks", "cooccurrence_matrix", "export_matrices", "export_qdc",
           "export_qdpx", "import_file", "load_mapping", "merge_into", "read_codebook", "read_highlights",
           "read_limesurvey", "read_memos", "read_qdc", "read_qdpx", "read_survey"]

#: What ``transfo-lab import`` can read: kind → reader.
KINDS = {"qdpx": read_qdpx, "qdc": read_qdc, "taguette-highlights": read_highlights,
         "taguette-codebook": read_codebook, "limesurvey": read_limesurvey, "survey": read_survey,
         "codage": read_coding_workbook, "memos": read_memos}
#: Options each reader takes besides the file (``lang`` for all).
_OPTIONS = {"qdpx": ("site", "date", "method", "mapping"), "qdc": (), "taguette-highlights": ("site", "date", "method", "mapping"),
            "taguette-codebook": (), "limesurvey": ("site", "date", "mapping", "scale"),
            "survey": ("site", "date", "mapping", "scale"), "codage": (), "memos": ()}


def import_file(kind: str, path: Path | str, programme_dir: Path | str, *, site: str | None = None, date=None,
                method: str | None = None, mapping: Path | str | None = None, scale: str | None = None,
                dry_run: bool = False, lang: str = "fr") -> tuple[Imported, MergeReport]:
    """Read a foreign file and add its records to a programme folder (what ``transfo-lab import`` does).

    Parameters
    ----------
    kind : {"qdpx", "qdc", "taguette-highlights", "taguette-codebook", "limesurvey", "survey", "codage"}
        ``codage``: a filled blind coding workbook (``transfo-lab coding-sample``), into the double-coding table;
        ``memos``: the notes of a ``.qdpx`` project, into the memos table.
    path : Path or str
        The file to import.
    programme_dir : Path or str
        The programme folder.
    site, date, method : optional
        Site, date and method of every record imported.
    mapping : Path or str, optional
        A mapping file (YAML), see :func:`~transfo_lab.interop.records.load_mapping`.
    scale : str, optional
        Surveys: the scale of every question without one in the mapping (``1-7``, ``0-10``…).
    dry_run : bool, default False
        Write nothing; the report says what would be added.

    Returns
    -------
    (Imported, MergeReport)

    Raises
    ------
    ParameterError
        If ``kind`` is unknown or the file does not exist.
    FileFormatError, DataError
        If the file cannot be read or its records do not fit the programme; nothing is
        written then.
    """
    if kind not in KINDS:
        raise ParameterError(f"`kind` is expected to be one of {tuple(KINDS)}. Got {kind!r} instead.")
    path = Path(path)
    if not path.is_file():
        raise ParameterError(label("interop.file_not_found", lang, path=path))
    given = {"site": site, "date": date, "method": method, "mapping": load_mapping(mapping, lang=lang), "scale": scale}
    options = {k: v for k, v in given.items() if k in _OPTIONS[kind] and v is not None}
    imported = KINDS[kind](path, lang=lang, **options)
    return imported, merge_into(programme_dir, imported, dry_run=dry_run, lang=lang)
