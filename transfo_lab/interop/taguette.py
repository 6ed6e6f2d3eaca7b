"""Taguette exports: highlights (CSV or Excel) and codebook (CSV).

Taguette (https://www.taguette.org) exports

* the **highlights** of a project: one row per highlight and tag, columns ``id``,
  ``document``, ``tag``, ``content`` → observations of kind ``verbatim`` (a highlight with
  several tags gives one observation with all its tags), and their tags → the codebook;
* the **codebook**: columns ``tag`` (or ``name``, ``path``) and ``description`` → the
  codebook.

A tag gets the same family whatever the export it comes from (highlights, codebook CSV,
or the ``.qdc`` read by :func:`~transfo_lab.interop.refiqda.read_qdc`), by
:func:`~transfo_lab.interop.records.tag_family`: ``famille.etiquette`` (or
``famille/etiquette``) is in the family before the dot, any other tag is its own family.

Taguette keeps neither site nor date: give them with ``site=`` and ``date=`` (``--site``,
``--date``), or per document in a mapping file (``sites``: document → site id).
"""
from __future__ import annotations

import datetime as _dt
import html
import re
from pathlib import Path

import pandas as pd

from transfo_lab.base.exceptions import FileFormatError
from transfo_lab.interop.records import Imported, given_date, records_frame, tag_family
from transfo_lab.contract.io import read_table
from transfo_lab.base.labels import format_date, label
from transfo_lab.contract.schemas import get_table, normalise_key
from transfo_lab.contract.validation import parse_choice, parse_int

_TAG = re.compile(r"<[^>]+>")
_OBS = get_table("observations")


def _columns(raw, wanted: dict[str, tuple[str, ...]], required: tuple[str, ...], lang: str) -> dict[str, str]:
    """Foreign header → our name, for the headers found; refuse when a required one is missing."""
    found = {}
    for header in raw.data.columns:
        key = normalise_key(header)
        for name, spellings in wanted.items():
            if key in spellings and name not in found.values():
                found[header] = name
    missing = [n for n in required if n not in found.values()]
    if missing:
        raise FileFormatError(label("interop.missing_columns", lang, value=", ".join(missing),
                                    found=" | ".join(map(str, raw.data.columns)) or "—"), file=raw.file.name, row=1)
    return found


def _plain(text) -> str:
    """A highlight's content as plain text (Taguette may keep HTML tags and entities).

    >>> _plain("<p>On attend &amp; on attend</p>")
    'On attend & on attend'
    """
    return " ".join(html.unescape(_TAG.sub(" ", str(text))).split())


def read_highlights(path: Path | str, *, site: str | None = None, date=None, method: str = "entretien",
                    mapping: dict | None = None, lang: str = "fr") -> Imported:
    """Read a Taguette highlights export (CSV or XLSX) into observation records.

    Parameters
    ----------
    path : Path or str
    site : str, optional
        Site of every highlight (else ``sites`` of the mapping, by document name).
    date : str or date, optional
        Date of every highlight; without it the file's modification date is used (and said).
    method : str, default "entretien"
    mapping : dict, optional
        From :func:`~transfo_lab.interop.records.load_mapping`.

    Raises
    ------
    FileFormatError
        If the file cannot be read or misses the ``document``, ``tag`` or ``content`` column.
    """
    path, mapping = Path(path), mapping or {}
    raw = read_table(path, lang=lang)
    columns = _columns(raw, {"id": ("id",), "document": ("document", "doc"), "tag": ("tag", "tags", "etiquette"),
                             "content": ("content", "contenu", "highlight", "text"),
                             "start": ("start", "start_offset", "debut"), "end": ("end", "end_offset", "fin")},
                       ("document", "tag", "content"), lang)
    data = raw.data.rename(columns=columns)[list(columns.values())]
    result = Imported(path.name, "taguette-highlights")
    site = site or mapping.get("site")
    day = given_date(date if date is not None else mapping.get("date"), lang=lang)
    if day is None:
        day = pd.Timestamp(_dt.date.fromtimestamp(path.stat().st_mtime))
        result.notes.append(label("interop.date_from_file", lang, value=format_date(day, lang)))
    method = parse_choice(mapping.get("method") or method, _OBS.column("method").choices)
    records: dict[tuple, dict] = {}
    tags: dict[str, str] = {}
    rows = 0
    for row, cells in data.iterrows():
        content = _plain(_value(cells.get("content")) or "")
        document = _value(cells.get("document")) or ""
        name = f"{document} ({label('validation.row', lang)} {row})"
        rows += 1
        result.count("highlights", "read")
        if not content:
            result.skip("highlight", name, "empty", lang, unit="highlights", row=row)
            continue
        record_site = site or mapping.get("sites", {}).get(normalise_key(document))
        if not record_site:
            result.skip("highlight", name, "no_site", lang, unit="highlights", row=row)
            continue
        key = ("id", _value(cells.get("id"))) if _value(cells.get("id")) else ("text", document, content)
        record = records.get(key)
        if record is None:
            record = records[key] = {
                "id": None, "site": str(record_site), "date": day, "method": method, "kind": "verbatim",
                "text": content, "tags": [], "source": document,
                "start": _int(_value(cells.get("start"))), "end": _int(_value(cells.get("end")))}
            result.count("highlights", "imported")
        else:  # another tag of the same highlight
            result.count("highlights", "merged")
        tag = _value(cells.get("tag")) or ""
        if tag and tag not in record["tags"]:
            record["tags"].append(tag)
        if tag:
            tags.setdefault(normalise_key(tag), tag)
    result.observations = records_frame("observations", list(records.values()))
    result.codebook = records_frame("codebook", [
        {"tag": tag, "family": tag_family(tag), "definition": label("interop.no_definition", lang, file=path.name),
         "example": None} for tag in tags.values()])
    result.counts.update(highlights=rows, segments=len(records))
    return result


def read_codebook(path: Path | str, *, lang: str = "fr") -> Imported:
    """Read a Taguette codebook export (CSV or XLSX: ``tag``/``name``/``path``, ``description``).

    A tag ``famille.etiquette`` goes in family ``famille``; a tag without a dot is its own
    family (:func:`~transfo_lab.interop.records.tag_family`). Tags without a description get
    a definition to complete.
    """
    path = Path(path)
    raw = read_table(path, lang=lang)
    columns = _columns(raw, {"tag": ("tag", "name", "path", "nom", "etiquette"),
                             "description": ("description", "definition")}, ("tag",), lang)
    data = raw.data.rename(columns=columns)[list(columns.values())]
    result = Imported(path.name, "taguette-codebook")
    records, seen = [], set()
    for row, cells in data.iterrows():
        tag = _value(cells.get("tag")) or ""
        result.count("rows", "read")
        if not tag:
            result.skip("code", f"{label('validation.row', lang)} {row}", "empty", lang, unit="rows", row=row)
            continue
        if normalise_key(tag) in seen:
            result.count("rows", "merged")
            continue
        seen.add(normalise_key(tag))
        result.count("rows", "imported")
        description = _value(cells.get("description"))
        records.append({"tag": tag, "family": tag_family(tag),
                        "definition": description if description
                        else label("interop.no_definition", lang, file=path.name), "example": None})
    result.codebook = records_frame("codebook", records)
    result.counts["codes"] = len(records)
    return result


def _value(value) -> str | None:
    """A cell as stripped text, ``None`` when empty."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _int(value) -> int | None:
    try:
        return None if value is None else parse_int(value)
    except ValueError:
        return None
