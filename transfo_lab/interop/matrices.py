"""The coding as matrices, for a spreadsheet or another analysis tool.

* :func:`code_matrix`: one row per observation, one column per tag, 1 when the observation
  carries the tag, else 0;
* :func:`cooccurrence_matrix`: tags × tags, the number of observations carrying both (the
  diagonal: the observations carrying the tag);
* :func:`export_matrices`: both as sheets of one Excel workbook.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from transfo_lab.base.cells import append_row
from transfo_lab.contract.io import save_workbook
from transfo_lab.base.labels import label


def _tag_order(observations: pd.DataFrame, codebook: pd.DataFrame | None) -> list[str]:
    used = list(dict.fromkeys(t for tags in observations["tags"] for t in (tags or [])))
    if codebook is None or codebook.empty:
        return used
    declared = [t for t in codebook["tag"].dropna().tolist()]
    return declared + [t for t in used if t not in declared]


def code_matrix(observations: pd.DataFrame, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """The code-by-observation 0/1 matrix.

    Parameters
    ----------
    observations : DataFrame
        With ``id`` and ``tags`` (lists).
    codebook : DataFrame, optional
        Gives the order of the columns and adds the tags never used (all 0).

    Returns
    -------
    DataFrame
        Index = observation ids, one int column per tag. The input is not modified.

    Examples
    --------
    >>> obs = pd.DataFrame({"id": ["O1", "O2"], "tags": [["accueil", "bruit"], ["bruit"]]})
    >>> code_matrix(obs)
        accueil  bruit
    id
    O1        1      1
    O2        0      1
    """
    tags = _tag_order(observations, codebook)
    rows = [[int(tag in (obs_tags or [])) for tag in tags] for obs_tags in observations["tags"]]
    return pd.DataFrame(rows, columns=tags, index=pd.Index(observations["id"].tolist(), name="id"), dtype="int64")


def cooccurrence_matrix(observations: pd.DataFrame, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """The tag co-occurrence matrix: observations carrying both tags (diagonal: carrying the tag).

    Examples
    --------
    >>> obs = pd.DataFrame({"id": ["O1", "O2"], "tags": [["accueil", "bruit"], ["bruit"]]})
    >>> cooccurrence_matrix(obs)
             accueil  bruit
    accueil        1      1
    bruit          1      2
    """
    matrix = code_matrix(observations, codebook)
    result = matrix.T.dot(matrix)
    result.index.name = None
    result.columns.name = None
    return result.astype("int64")


def export_matrices(observations: pd.DataFrame, path: Path | str, *, codebook: pd.DataFrame | None = None,
                    lang: str = "fr") -> Path:
    """Write both matrices as two sheets of an Excel workbook (atomically); return the path."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheets = ((label("interop.matrix_sheet", lang), code_matrix(observations, codebook), "interop.col_observation"),
              (label("interop.cooccurrence_sheet", lang), cooccurrence_matrix(observations, codebook), "interop.col_tag"))
    for number, (title, matrix, corner) in enumerate(sheets):
        sheet = workbook.active if number == 0 else workbook.create_sheet()
        sheet.title = title
        append_row(sheet, [label(corner, lang), *map(str, matrix.columns)])
        for name, values in matrix.iterrows():
            append_row(sheet, [str(name), *map(int, values)])
        sheet.freeze_panes = "B2"
    return save_workbook(workbook, path)
