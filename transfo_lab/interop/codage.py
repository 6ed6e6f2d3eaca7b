"""Blind coding workbooks: a sample of observations for each coder, and the filled workbooks back.

:func:`coding_sample` draws a share of the observations, stratified by site (each site gives
the same share, at least one observation). :func:`write_coding_workbooks` writes one workbook
per coder — the texts, never the tags already given, and one column per tag of the codebook
where the coder puts « x » (a drop-down list) — and :func:`read_coding_workbook` reads a filled
workbook back as records of the ``double_coding`` table (``transfo-lab import codage``).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from transfo_lab.base.cells import write_cell
from transfo_lab.base.exceptions import FileFormatError, ParameterError
from transfo_lab.interop.records import Imported, records_frame
from transfo_lab.base.labels import label
from transfo_lab.contract.schemas import normalise_key

#: Headers of the fixed columns of a coding workbook, then one column per tag, then « aucune ».
FIXED = {"fr": ("Identifiant", "Site", "Texte", "Codeur"), "en": ("Id", "Site", "Text", "Coder")}
NONE_COLUMN = {"fr": "(aucune étiquette)", "en": "(no tag)"}
MARK = "x"


def coding_sample(observations: pd.DataFrame, share: float = 0.15, *, seed: int = 0, lang: str = "fr") -> pd.DataFrame:
    """A sample of the observations, the same share on every site (at least one observation per site).

    >>> obs = pd.DataFrame({"id": [f"O{i}" for i in range(20)], "site": ["a"] * 10 + ["b"] * 10, "text": ["t"] * 20})
    >>> coding_sample(obs, 0.2, seed=1)["site"].value_counts().sort_index().tolist()
    [2, 2]

    Raises
    ------
    ParameterError
        If ``share`` is not in (0, 1] or there is no observation.
    """
    if not isinstance(share, (int, float)) or not 0 < share <= 1:
        raise ParameterError(label("rigour.bad_share", lang, value=share))
    data = observations.dropna(subset=["id", "site", "text"])
    if data.empty:
        raise ParameterError(label("rigour.no_observation", lang))
    rng = np.random.default_rng(seed)
    parts = []
    for _, part in data.groupby("site", sort=True):
        size = max(1, int(round(share * len(part))))
        parts.append(part.iloc[np.sort(rng.choice(len(part), size=min(size, len(part)), replace=False))])
    return pd.concat(parts)


def parse_coders(text: str, *, lang: str = "fr") -> list[str]:
    """``"A,B"`` → ``["A", "B"]``; at least two distinct coders.

    >>> parse_coders("Claire, Hugo")
    ['Claire', 'Hugo']
    """
    coders = list(dict.fromkeys(c.strip() for c in str(text or "").split(",") if c.strip()))
    if len(coders) < 2:
        raise ParameterError(label("rigour.bad_coders", lang, value=text))
    return coders


def write_coding_workbooks(sample: pd.DataFrame, codebook: pd.DataFrame, coders: list[str], out: Path | str, *,
                           site_names: dict[str, str] | None = None, lang: str = "fr") -> list[Path]:
    """One blind coding workbook per coder in ``out`` (``codage-<coder>.xlsx``); return the files.

    Raises
    ------
    ParameterError
        If a workbook of that name already exists (a coder's work is never overwritten).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from transfo_lab.base.text import slugify
    from transfo_lab.contract.io import save_workbook

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tags = [t for t in codebook["tag"].dropna().tolist()]
    paths = [out / f"codage-{slugify(coder)}.xlsx" for coder in coders]
    for path in paths:
        if path.exists():
            raise ParameterError(label("rigour.coding_workbook_exists", lang, path=path))
    for coder, path in zip(coders, paths):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = label("rigour.sheet_coding", lang)
        headers = [*FIXED[lang], *tags, NONE_COLUMN[lang]]
        for column, header in enumerate(headers, start=1):
            cell = write_cell(sheet, 1, column, header)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1F4E79")
            cell.alignment = Alignment(text_rotation=60 if column > len(FIXED[lang]) else 0, vertical="bottom")
        for row, record in enumerate(sample.itertuples(index=False), start=2):
            write_cell(sheet, row, 1, str(record.id))
            write_cell(sheet, row, 2, (site_names or {}).get(record.site, record.site))
            write_cell(sheet, row, 3, str(record.text)).alignment = Alignment(wrap_text=True, vertical="top")
            write_cell(sheet, row, 4, coder)
        last = max(2, len(sample) + 1)
        rule = DataValidation(type="list", formula1=f'"{MARK}"', allow_blank=True)
        first_tag = len(FIXED[lang]) + 1
        rule.add(f"{get_column_letter(first_tag)}2:{get_column_letter(len(headers))}{last}")
        sheet.add_data_validation(rule)
        sheet.column_dimensions["A"].width = 12
        sheet.column_dimensions["B"].width = 18
        sheet.column_dimensions["C"].width = 70
        sheet.column_dimensions["D"].width = 10
        for column in range(first_tag, len(headers) + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 5
        sheet.freeze_panes = "E2"
        grid = workbook.create_sheet(label("rigour.sheet_codebook", lang))
        write_cell(grid, 1, 1, label("rigour.workbook_help", lang))
        for column, header in enumerate((label(k, lang) for k in ("coding.tag", "coding.family", "coding.definition")),
                                        start=1):
            write_cell(grid, 3, column, header).font = Font(bold=True)
        for row, entry in enumerate(codebook.itertuples(index=False), start=4):
            for column, value in enumerate((entry.tag, entry.family, entry.definition), start=1):
                if value is not None and not pd.isna(value):
                    write_cell(grid, row, column, str(value))
        grid.column_dimensions["A"].width = 24
        grid.column_dimensions["C"].width = 80
        save_workbook(workbook, path)
    return paths


def read_coding_workbook(path: Path | str, *, lang: str = "fr") -> Imported:
    """Read a filled blind coding workbook as ``double_coding`` records.

    A row with no « x » at all is not coded yet: it is skipped (and reported); « x » in the
    « (aucune étiquette) » column records that no tag fits.

    Raises
    ------
    FileFormatError
        If the file is not a coding workbook of the kit, or a tag cell holds something else than « x ».
    """
    from openpyxl import load_workbook

    path = Path(path)
    result = Imported(path.name, "codage")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise FileFormatError(label("rigour.not_a_coding_workbook", lang), file=path.name) from None
    sheet = next((workbook[s] for s in workbook.sheetnames if normalise_key(s) in ("codage", "coding")), None)
    rows = list(sheet.iter_rows(values_only=True)) if sheet is not None else []
    header = [normalise_key(h) if h is not None else "" for h in (rows[0] if rows else [])]
    fixed = [normalise_key(h) for h in FIXED["fr"]], [normalise_key(h) for h in FIXED["en"]]
    names = next((f for f in fixed if header[:4] == f), None)
    if names is None:
        raise FileFormatError(label("rigour.not_a_coding_workbook", lang), file=path.name)
    tags = [str(h).strip() for h in rows[0][4:] if h is not None]
    none_column = normalise_key(NONE_COLUMN["fr"]) in (normalise_key(t) for t in tags[-1:]) or \
        normalise_key(NONE_COLUMN["en"]) in (normalise_key(t) for t in tags[-1:])
    if none_column:
        tags = tags[:-1]
    named = [str(r[3]).strip() for r in rows[1:] if len(r) > 3 and r[3] is not None and str(r[3]).strip()]
    default_coder = max(set(named), key=named.count) if named else None
    records = []
    for number, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * (5 + len(tags) - len(row))
        observation, coder = cells[0], cells[3]
        if observation is None or str(observation).strip() == "":
            continue
        marks = cells[4:4 + len(tags) + (1 if none_column else 0)]
        applied = []
        for tag, mark in zip(tags + ["\x00none"], marks):
            text = "" if mark is None else str(mark).strip()
            if not text:
                continue
            if normalise_key(text) not in ("x", "oui", "yes", "1", "true", "vrai"):
                raise FileFormatError(label("rigour.bad_mark", lang, value=text, tag=tag), file=path.name, row=number)
            applied.append(tag)
        result.count("selections", "read")
        if not applied:
            result.skip("segment", observation, "not_coded", lang, unit="selections", row=number)
            continue
        coder = str(coder or "").strip() or default_coder
        if coder is None:
            raise FileFormatError(label("validation.required", lang), file=path.name, row=number,
                                  column=FIXED[lang][3])
        records.append({"observation": str(observation).strip(), "coder": coder,
                        "tags": [t for t in applied if t != "\x00none"]})
        result.count("selections", "imported")
    result.double_coding = records_frame("double_coding", records)
    result.counts["segments"] = len(records)
    return result
