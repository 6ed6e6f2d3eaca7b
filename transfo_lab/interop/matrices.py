"""The coding as matrices, for a spreadsheet or another analysis tool.

* :func:`code_matrix`: one row per observation, one column per tag, 1 when the observation
  carries the tag, else 0;
* :func:`cooccurrence_matrix`: tags × tags, the number of observations carrying both (the
  diagonal: the observations carrying the tag);
* :func:`export_matrices`: both as sheets of one Excel workbook.

Both are :func:`~transfo_lab.phases.research.coding.incidence` and
:func:`~transfo_lab.phases.research.coding.cooccurrence` (the one implementation), with the tags in the
kit's one order (:func:`~transfo_lab.phases.research.coding.tag_order`): the codebook's, then the other
tags used, alphabetically.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from transfo_lab.base.cells import append_row
from transfo_lab.contract.io import save_workbook
from transfo_lab.phases.research.coding import cooccurrence, incidence, tag_order
from transfo_lab.base.labels import label


def code_matrix(observations: pd.DataFrame, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """The code-by-observation 0/1 matrix.

    Parameters
    ----------
    observations : DataFrame
        With ``id`` and ``tags`` (lists).
    codebook : DataFrame, optional
        Gives the order of the columns and adds the tags never used (all 0); the tags it does not declare
        follow, alphabetically.

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
    matrix, tags = incidence(observations, tag_order(observations, codebook))
    return pd.DataFrame(matrix.toarray(), columns=tags, index=pd.Index(observations["id"].tolist(), name="id"),
                        dtype="int64")


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
    result = cooccurrence(observations, codebook=codebook)
    result.index.name = None
    result.columns.name = None
    return result


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
