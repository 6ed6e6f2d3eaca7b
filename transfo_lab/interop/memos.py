"""Analysis memos of a REFI-QDA project: read into the ``memos`` table, written back into a ``.qdpx``.

A REFI-QDA ``Note`` is attached by ``NoteRef`` elements to what it is about:

* no reference → a **project** memo (``about`` = ``projet``, no target);
* a ``TextSource`` → a **source** memo, target = the document's name (the ``source`` column
  of the observations imported from it);
* a ``Code`` → a **code** memo, target = the tag (as the codebook import names it);
* a ``PlainTextSelection`` → a **selection** memo, target = the observation: the selection's
  name when it is an observation id (a project exported by the kit), else
  ``<document>#<start>-<end>``, resolved against the programme's observations (same source
  and position) when the memos are merged (``transfo-lab import memos``).

:func:`~transfo_lab.interop.refiqda.memo_elements` gives the ``Notes`` and ``NoteRef`` elements that
:func:`~transfo_lab.interop.refiqda.export_qdpx` writes for the memos of a programme. A kit
export writes one document per observation: a source memo is attached to the documents of the
observations that came from that source, and comes back attached to them.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from transfo_lab.base.exceptions import FileFormatError
from transfo_lab.interop.records import Imported, records_frame, usable_id
from transfo_lab.base.labels import label


def read_memos(path: Path | str, *, lang: str = "fr") -> Imported:
    """Read the notes of a REFI-QDA project (``.qdpx``) as ``memos`` records linked to what they are about.

    Raises
    ------
    FileFormatError
        If the file is not a REFI-QDA project.
    """
    from transfo_lab.interop.refiqda import _read_codes, open_project
    from transfo_lab.contract.validation import parse_date_or_none

    path = Path(path)
    with open_project(path, lang) as reader:
        root = reader.root
        x = reader.x
        _, tags = _read_codes(x.find(x.find(root, "CodeBook"), "Codes"), x, Imported(path.name, "qdc"), lang)
        owners: dict[str, tuple[str, str | None]] = {}
        for code in root.iter(x.q("Code")):
            for ref in x.findall(code, "NoteRef"):
                owners.setdefault(ref.get("targetGUID"), ("code", tags.get(code.get("guid"), code.get("name"))))
        for source in list(x.find(root, "Sources") if x.find(root, "Sources") is not None else []):
            name = source.get("name") or source.get("guid", "")
            for ref in x.findall(source, "NoteRef"):
                owners.setdefault(ref.get("targetGUID"), ("source", name))
            for selection in [el for el in source if x.local(el).endswith("Selection")]:
                target = usable_id(selection.get("name")) or \
                    f"{name}#{selection.get('startPosition')}-{selection.get('endPosition')}"
                for ref in x.findall(selection, "NoteRef"):
                    owners.setdefault(ref.get("targetGUID"), ("selection", target))
        users = {u.get("guid"): (u.get("name") or u.get("id")) for u in x.findall(x.find(root, "Users"), "User")}
        result = reader.result
        result.kind = "memos"
        records = []
        for note in x.findall(x.find(root, "Notes"), "Note"):
            name = note.get("name") or note.get("guid", "")
            result.count("notes", "read")
            text = reader._text(note, name)
            if text is None or not text.strip():
                if text is not None:
                    result.skip("note", name, "empty", lang)
                result.count("notes", "skipped")
                continue
            about, target = owners.get(note.get("guid"), ("projet", None))
            records.append({"id": usable_id(note.get("name")) if str(note.get("name", "")).upper().startswith("MEMO")
                            else None, "about": about, "target": target,
                            "title": None if usable_id(name) and name.upper().startswith("MEMO") else name or None,
                            "text": text.strip(), "author": users.get(note.get("creatingUser")),
                            "date": parse_date_or_none(note.get("creationDateTime"))})
            result.count("notes", "imported")
        result.memos = records_frame("memos", records)
        result.counts["notes"] = len(records)
        return result


def resolve_selection(target, observations: pd.DataFrame) -> str | None:
    """The observation id a selection memo is about: an id as is, or ``<document>#<start>-<end>`` matched on
    the observations' source and position; ``None`` if no observation matches.

    >>> obs = pd.DataFrame({"id": ["OBS-1"], "source": ["Entretien Inès"], "position": ["45-72"]})
    >>> resolve_selection("Entretien Inès#45-72", obs), resolve_selection("OBS-1", obs), resolve_selection("x#1-2", obs)
    ('OBS-1', 'OBS-1', None)
    """
    if target is None:
        return None
    ids = {str(i).casefold(): i for i in observations["id"].dropna()}
    if str(target).casefold() in ids:
        return ids[str(target).casefold()]
    if "#" not in str(target) or "source" not in observations.columns:
        return None
    source, _, position = str(target).rpartition("#")
    positions = observations["position"] if "position" in observations.columns else pd.Series(None, index=observations.index)
    match = observations[(observations["source"].astype(str) == source) & (positions.astype(str) == position)]
    return None if match.empty else match["id"].iloc[0]
