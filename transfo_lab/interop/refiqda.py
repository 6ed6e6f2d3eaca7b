"""REFI-QDA projects (``.qdpx``) and codebooks (``.qdc``), read and written.

REFI-QDA is the exchange standard of QualCoder, NVivo, ATLAS.ti and MAXQDA
(https://www.qdasoftware.org). A ``.qdpx`` file is a zip archive holding ``project.qde``
(XML, namespace ``urn:QDA-XML:project:1.0``) and a ``sources/`` folder with the documents;
a ``.qdc`` file is the codebook alone (XML, namespace ``urn:QDA-XML:codebook:1.0``).

How a project becomes programme records:

* codes (``CodeBook/Codes/Code``, nested) → the codebook: every codable code is a tag, its
  family is the name of its top-level code (a top-level code without sub-codes gets the
  family of :func:`~transfo_lab.interop.records.tag_family`, as a Taguette tag would), its
  definition the code's ``Description``;
* coded segments (``TextSource/PlainTextSelection`` with ``Coding/CodeRef``) → observations
  of kind ``verbatim``, with their tags, the source document and the character positions;
* the variables of a source or of the cases that include it (``VariableValue``) named like a
  column of the observations table (site, date, participant, rôle, méthode, auteur…) → those
  columns;
* memos (``Notes/Note``) → observations of kind ``note``;
* PDF, picture, audio and video sources cannot be read as text: they are reported as skipped.

Positions (``startPosition``, ``endPosition``) count UTF-16 code units, as the standard's
reference implementations and the producing tools (NVivo, QualCoder, ATLAS.ti) do: a
character outside the Basic Multilingual Plane (an emoji) counts two. A selection whose
positions fall outside its document or inside such a character is reported and not
imported — never cut. When a selection carries its text (a ``name`` equal to the passage),
the text is checked against the positions.

Several selections of one passage (NVivo writes one per code) become one observation with
all their codes. Codes keep their identity: two codes with the same name get distinct tags.

Archive layouts seen in the wild are read: the documents in ``sources/`` or ``Sources/``,
``plainTextPath`` written ``internal://name.txt`` or as a bare relative path, the project
file named ``project.qde`` or otherwise (the only ``.qde`` of the archive).

The XML is parsed with :mod:`defusedxml` (no entity expansion, no external entity, no DTD
fetching), after the archive limits of :mod:`transfo_lab.base.limits`.
"""
from __future__ import annotations

import bisect
import contextlib
import itertools
import posixpath
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

import pandas as pd

from transfo_lab import __version__
from transfo_lab.base.exceptions import FileFormatError
from transfo_lab.interop.records import Imported, given_date, records_frame, tag_family, usable_id
from transfo_lab.contract.io import atomic_write
from transfo_lab.base.limits import check_archive, read_limited, read_member
from transfo_lab.base.labels import label
from transfo_lab.contract.schemas import get_table, header_lookup, normalise_key
# REFI-QDA dates are xsd:dateTime (2016-10-12T09:30:00Z): the one date parser reads them (the day as written).
from transfo_lab.contract.validation import parse_choice, parse_date_or_none, parse_int

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_FILE = "project.qde"
NON_TEXT_SOURCES = {"PDFSource": "PDF", "PictureSource": "image", "AudioSource": "audio", "VideoSource": "vidéo"}
_OBS = get_table("observations")
#: Observation columns that a REFI-QDA variable may fill.
VARIABLE_COLUMNS = ("site", "date", "week", "author", "method", "participant", "role", "kind")


# --- reading ------------------------------------------------------------------------------------

def read_qdpx(path: Path | str, *, site: str | None = None, date=None, method: str = "entretien",
              mapping: dict | None = None, lang: str = "fr") -> Imported:
    """Read a REFI-QDA project (``.qdpx``) into codebook and observation records.

    Parameters
    ----------
    path : Path or str
        The ``.qdpx`` file.
    site : str, optional
        Site of every record (else the ``site`` variable of the source or of its case).
    date : str or date, optional
        Date of every record (else the ``date`` variable, else the document's creation date).
    method : str, default "entretien"
        Method of the records whose source has no ``méthode`` variable.
    mapping : dict, optional
        A mapping read by :func:`~transfo_lab.interop.records.load_mapping` (``columns``:
        variable → column, ``sites``: value → site id).

    Returns
    -------
    Imported

    Raises
    ------
    FileFormatError
        If the file is not a zip, has no ``project.qde``, holds malformed XML, misses a
        document's text, or a segment points past the end of its document.
    """
    with open_project(path, lang) as reader:
        return reader.read(site=site, date=date, method=method, mapping=mapping or {})


@contextlib.contextmanager
def open_project(path: Path | str, lang: str = "fr"):
    """The project of a ``.qdpx`` archive, checked against the archive limits, as a reader (closed on exit).

    Raises
    ------
    FileFormatError
        If the file is not a zip, exceeds the archive limits, has no project file or malformed XML.
    """
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise FileFormatError(label("interop.bad_zip", lang), file=path.name) from None
    with archive:
        check_archive(archive, file=path.name, lang=lang)
        names = {n.lower().lstrip("/"): n for n in archive.namelist() if not n.endswith("/")}
        project = _project_member(names, path.name, lang)
        root = _parse(read_member(archive, names[project], file=path.name, lang=lang),
                      f"{path.name} ({names[project]})", "Project", lang)
        yield _ProjectReader(root, path.name, archive, names, lang, base=posixpath.dirname(project))


def read_qdc(path: Path | str, *, lang: str = "fr") -> Imported:
    """Read a REFI-QDA codebook (``.qdc``) into codebook records.

    Raises
    ------
    FileFormatError
        If the file is not well-formed XML or its root is not ``CodeBook``.
    """
    path = Path(path)
    root = _parse(read_limited(path, lang=lang), path.name, "CodeBook", lang)
    x = _Ns(root)
    result = Imported(path.name, "qdc")
    records, _ = _read_codes(x.find(root, "Codes"), x, result, lang)
    result.codebook = records_frame("codebook", records)
    result.counts["codes"] = len(records)
    return result


class _Positions:
    """REFI-QDA positions (UTF-16 code units) → indexes of a Python string (code points).

    >>> positions = _Positions("a😀b")
    >>> positions.length, positions.index(3), positions.index(2)
    (4, 2, None)
    """

    _WIDE = re.compile("[\U00010000-\U0010FFFF]")

    def __init__(self, text: str):
        self.text = text
        self.wide = self._WIDE.search(text) is not None
        self.units = list(itertools.accumulate((2 if ord(c) > 0xFFFF else 1 for c in text), initial=0)) \
            if self.wide else None
        self.length = self.units[-1] if self.wide else len(text)

    def index(self, unit: int) -> int | None:
        """The string index at ``unit`` UTF-16 units, ``None`` if past the end or inside a character."""
        if not self.wide:
            return unit if 0 <= unit <= len(self.text) else None
        i = bisect.bisect_left(self.units, unit)
        return i if i < len(self.units) and self.units[i] == unit else None


def utf16_length(text: str) -> int:
    """The length of ``text`` in UTF-16 code units, as REFI-QDA positions count.

    >>> utf16_length("été 😀")
    6
    """
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def _project_member(names: dict[str, str], file: str, lang: str) -> str:
    """The (lower-case) name of the project file: ``project.qde``, else the only ``.qde`` of the archive.

    >>> _project_member({"export/project.qde": "Export/project.qde", "export/sources/a.txt": "x"}, "p.qdpx", "fr")
    'export/project.qde'
    """
    if PROJECT_FILE in names:
        return PROJECT_FILE
    found = sorted(n for n in names if n.endswith(".qde") and not n.startswith("__macosx/"))
    if not found:
        raise FileFormatError(label("interop.no_project", lang), file=file)
    if len(found) > 1:
        raise FileFormatError(label("interop.many_projects", lang, value=", ".join(names[n] for n in found)), file=file)
    return found[0]


def _parse(data: bytes, file: str, root_name: str, lang: str) -> ET.Element:
    try:
        root = SafeET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise FileFormatError(label("interop.bad_xml", lang, value=label("interop.xml_column", lang, column=column)),
                              file=file, row=line) from None
    except DefusedXmlException as exc:
        raise FileFormatError(label("interop.forbidden_xml", lang), file=file) from None
    local = root.tag.rsplit("}", 1)[-1]
    if local != root_name:
        raise FileFormatError(label("interop.bad_root", lang, value=local, expected=root_name), file=file)
    return root


class _Ns:
    """Find children by local name, whatever the namespace of the document."""

    def __init__(self, root: ET.Element):
        self.ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""

    def q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name

    def find(self, element, name: str):
        return None if element is None else element.find(self.q(name))

    def findall(self, element, name: str) -> list:
        return [] if element is None else element.findall(self.q(name))

    def text(self, element, name: str) -> str | None:
        child = self.find(element, name)
        return None if child is None or child.text is None else child.text

    @staticmethod
    def local(element) -> str:
        return element.tag.rsplit("}", 1)[-1]


def _read_codes(codes_el, x: _Ns, result: Imported, lang: str) -> tuple[list[dict], dict[str, str]]:
    """Codebook records and guid → tag of every code under ``Codes`` (depth first)."""
    records: list[dict] = []
    tags: dict[str, str] = {}
    used: dict[str, str] = {}

    def unique(name: str, path: list[str]) -> str:
        """``name``, else ``parent/name`` (``path``: the ancestors' tags, longer and longer), else ``name (2)``…
        — never a taken tag.

        Tags are compared as the programme compares them (case, accents and punctuation
        aside): « +Media » and « Media » would be one tag.
        """
        for depth in range(len(path) + 1):
            tag = "/".join(path[len(path) - depth:] + [name])
            if normalise_key(tag) not in used:
                if depth:
                    result.notes.append(label("interop.renamed_tag", lang, value=name, tag=tag,
                                              other=used[normalise_key(name)]))
                return tag
        full = "/".join(path + [name])
        number = 2
        while normalise_key(f"{full} ({number})") in used:
            number += 1
        tag = f"{full} ({number})"
        result.notes.append(label("interop.same_name_code", lang, value=full, tag=tag))
        return tag

    def walk(code, family: str | None, path: list[str]) -> None:
        name = (code.get("name") or "").strip()
        if not name:
            raise FileFormatError(label("interop.bad_attribute", lang, element="Code", name=code.get("guid", ""),
                                        attribute="name", value=""), file=result.file)
        children = x.findall(code, "Code")
        result.count("codes", "read")
        tag = name
        if code.get("isCodable", "true").strip().lower() in ("true", "1"):
            tag = unique(name, path)
            used[normalise_key(tag)] = tag
            tags[code.get("guid", "")] = tag
            definition, example = _split_description(x.text(code, "Description"), lang)
            records.append({"tag": tag, "family": family or (name if children else tag_family(tag)),
                            "definition": definition or label("interop.no_definition", lang, file=result.file),
                            "example": example})
            result.count("codes", "imported")
        else:  # not codable: it comes in as the family of its sub-codes
            result.count("codes", "imported")
        for child in children:
            walk(child, family or name, path + [tag])

    for code in x.findall(codes_el, "Code"):
        walk(code, None, [])
    return records, tags


def _split_description(text: str | None, lang: str) -> tuple[str | None, str | None]:
    """A code's description → (definition, example); the example follows « Exemple : » on its own line."""
    if not text or not text.strip():
        return None, None
    for prefix in (label("interop.example_prefix", "fr"), label("interop.example_prefix", "en")):
        marker = "\n" + prefix
        if marker in text:
            definition, example = text.split(marker, 1)
            return definition.strip() or None, example.strip() or None
    return text.strip(), None


class _ProjectReader:
    def __init__(self, root, file: str, archive: zipfile.ZipFile, names: dict[str, str], lang: str, base: str = ""):
        self.root, self.file, self.archive, self.names, self.lang = root, file, archive, names, lang
        self.base = base.lower()
        self.x = _Ns(root)
        self.result = Imported(file, "qdpx")

    def read(self, *, site, date, method, mapping) -> Imported:
        x, root, result = self.x, self.root, self.result
        self.mapping = mapping
        self.site = site or mapping.get("site")
        self.date = given_date(date if date is not None else mapping.get("date"), lang=self.lang)
        self.method = mapping.get("method") or method
        codes, self.tags = _read_codes(x.find(x.find(root, "CodeBook"), "Codes"), x, result, self.lang)
        self.users = {u.get("guid"): (u.get("name") or u.get("id")) for u in x.findall(x.find(root, "Users"), "User")}
        self.variables = {v.get("guid"): self._column(v.get("name", "")) for v in x.findall(x.find(root, "Variables"), "Variable")}
        self.case_values = self._cases()
        self.project_date = parse_date_or_none(root.get("creationDateTime")) or parse_date_or_none(root.get("modifiedDateTime"))
        observations: list[dict] = []
        note_owner: dict[str, tuple[str, dict, pd.Timestamp | None]] = {}
        result.counts.update(sources=0, codes=len(codes), segments=0, notes=0)
        for source in list(x.find(root, "Sources") if x.find(root, "Sources") is not None else []):
            observations += self._source(source, note_owner)
        for code in root.iter(x.q("Code")):
            for ref in x.findall(code, "NoteRef"):
                note_owner[ref.get("targetGUID")] = ("code", {}, None)
        observations += self._notes(note_owner)
        result.codebook = records_frame("codebook", codes)
        result.observations = records_frame("observations", observations)
        return result

    def _column(self, name: str) -> str | None:
        key = normalise_key(name)
        column = self.mapping.get("columns", {}).get(key) or header_lookup(_OBS).get(key)
        return column if column in VARIABLE_COLUMNS else None

    def _values(self, owner) -> dict:
        """Column → raw value of the ``VariableValue`` children of an element."""
        values = {}
        for value in self.x.findall(owner, "VariableValue"):
            ref = self.x.find(value, "VariableRef")
            column = self.variables.get(None if ref is None else ref.get("targetGUID"))
            content = next((c.text for c in value if self.x.local(c) != "VariableRef"), None)
            if column and content is not None and content.strip():
                values.setdefault(column, content.strip())
        return values

    def _cases(self) -> dict[str, dict]:
        """Source or selection guid → variable values of the cases that include it."""
        owned: dict[str, dict] = {}
        for case in self.x.findall(self.x.find(self.root, "Cases"), "Case"):
            values = self._values(case)
            for ref in self.x.findall(case, "SourceRef") + self.x.findall(case, "SelectionRef"):
                target = owned.setdefault(ref.get("targetGUID"), {})
                for k, v in values.items():
                    target.setdefault(k, v)
        return owned

    def _source(self, source, note_owner: dict) -> list[dict]:
        x, result, lang = self.x, self.result, self.lang
        kind, name = x.local(source), source.get("name") or source.get("guid", "")
        result.count("sources", "read")
        selections = [el for el in source if x.local(el).endswith("Selection")]
        whole = x.findall(source, "Coding")  # the whole document is coded
        n_selections = len(selections) + (1 if whole else 0)
        n_codings = sum(1 for el in source.iter() if x.local(el) == "Coding")
        result.count("selections", "read", n_selections)
        result.count("codings", "read", n_codings)
        if kind != "TextSource":
            extra = label("interop.reason.codings", lang, n=n_codings) if n_codings else ""
            result.skip("source", name, "not_text", lang, unit="sources", kind=NON_TEXT_SOURCES.get(kind, kind),
                        codings=extra)
            result.count("selections", "skipped", n_selections)
            result.count("codings", "skipped", n_codings)
            return []
        text = self._text(source, name)
        if text is None:
            result.count("sources", "skipped")
            result.count("selections", "skipped", n_selections)
            result.count("codings", "skipped", n_codings)
            return []
        result.count("sources", "imported")
        result.counts["sources"] += 1
        positions = _Positions(text)
        values = {**self.case_values.get(source.get("guid"), {}), **self._values(source)}
        source_date = parse_date_or_none(source.get("creationDateTime")) or parse_date_or_none(source.get("modifiedDateTime"))
        for ref in x.findall(source, "NoteRef"):
            note_owner.setdefault(ref.get("targetGUID"), (name, values, source_date))
        spans = []  # (element, start unit, end unit, codings, values, dates, id)
        if whole:
            spans.append((source, 0, positions.length, whole, values, [source_date], None))
        for selection in selections:
            for ref in x.findall(selection, "NoteRef"):
                note_owner.setdefault(ref.get("targetGUID"), (name, values, source_date))
            codings = x.findall(selection, "Coding")
            if x.local(selection) != "PlainTextSelection":
                result.skip("segment", f"{name} ({x.local(selection)})", "not_text", lang, unit="selections",
                            kind=x.local(selection), codings="")
                result.count("codings", "skipped", len(codings))
                continue
            span = self._span(selection, name)
            if span is None:
                result.count("selections", "skipped")
                result.count("codings", "skipped", len(codings))
                continue
            selection_values = {**self.case_values.get(selection.get("guid"), {}), **values}
            dates = [parse_date_or_none(selection.get("creationDateTime")), source_date]
            spans.append((selection, *span, codings, selection_values, dates, usable_id(selection.get("name"))))
        mapped = self._place(spans, positions, name)
        passages: dict[tuple[int, int], dict] = {}
        records = []
        for (element, start, end, codings, span_values, dates, record_id), place in zip(spans, mapped):
            label_name = f"{name} [{start}–{end}]"
            if place is None:
                result.skip("segment", label_name, "cannot_place", lang, unit="selections", start=start, end=end,
                            length=positions.length)
                result.count("codings", "skipped", len(codings))
                continue
            tags = self._tags(codings, label_name)
            existing = passages.get(place)
            if existing is not None:  # another selection of the same passage: its codes join the observation
                result.count("selections", "merged")
                for tag in tags:
                    if tag in existing["tags"]:
                        result.count("codings", "merged")
                    else:
                        existing["tags"].append(tag)
                        result.count("codings", "imported")
                continue
            record = self._segment(element, name, text[place[0]:place[1]], start, end, span_values, dates, record_id,
                                   label_name, len(codings))
            if record is None:
                continue
            unique = list(dict.fromkeys(tags))
            record["tags"] = unique
            result.count("codings", "imported", len(unique))
            result.count("codings", "merged", len(tags) - len(unique))
            passages[place] = record
            records.append(record)
        return records

    def _span(self, selection, name: str) -> tuple[int, int] | None:
        """The (start, end) positions of a selection as written, or ``None`` (reported) if unreadable."""
        span = []
        for attribute in ("startPosition", "endPosition"):
            value = selection.get(attribute)
            try:
                position = int(value)
            except (TypeError, ValueError):
                position = -1
            if position < 0:
                self.result.skip("segment", f"{name} ({selection.get('guid', '')})", "bad_position", self.lang,
                                 attribute=attribute, value=value or "")
                return None
            span.append(position)
        return span[0], span[1]

    def _place(self, spans: list, positions: _Positions, name: str) -> list[tuple[int, int] | None]:
        """String indexes of each span (UTF-16 units), ``None`` where it cannot be placed.

        When the selections carry their text (``name`` equal to the passage) and that text
        matches code-point positions but not UTF-16 ones, the document's positions are read
        as code points (and the user is told).
        """
        def utf16(start, end):
            first, last = positions.index(start), positions.index(end)
            return None if first is None or last is None or first > last else (first, last)

        def points(start, end):
            return (start, end) if 0 <= start <= end <= len(positions.text) else None

        if positions.wide:
            votes = {"utf16": 0, "points": 0}
            for element, start, end, *_ in spans:
                said = " ".join((element.get("name") or "").split())
                if len(said) < 12 or self.x.local(element) == "TextSource":
                    continue
                for way, place in (("utf16", utf16(start, end)), ("points", points(start, end))):
                    if place is not None and " ".join(positions.text[place[0]:place[1]].split()) == said:
                        votes[way] += 1
            if votes["points"] > votes["utf16"]:
                self.result.notes.append(label("interop.code_points", self.lang, name=name))
                return [points(start, end) for _, start, end, *_ in spans]
        return [utf16(start, end) for _, start, end, *_ in spans]

    def _tags(self, codings, label_name: str) -> list[str]:
        tags = []
        for coding in codings:
            ref = self.x.find(coding, "CodeRef")
            target = None if ref is None else ref.get("targetGUID")
            if target in self.tags:
                tags.append(self.tags[target])
            else:
                self.result.skip("coding", label_name, "unknown_code", self.lang, unit="codings", value=target)
        return tags

    def _text(self, element, name: str) -> str | None:
        """The plain text of a source or a memo (inline or in the archive); ``None`` (reported) if not found."""
        content = self.x.text(element, "PlainTextContent")
        if content is not None:
            return content
        text_path = (element.get("plainTextPath") or "").strip()
        what = "source" if self.x.local(element) == "TextSource" else "note"
        member = self._member(text_path)
        if member is None:
            if text_path.startswith("internal://"):
                self.result.skip(what, name, "missing_text", self.lang, value=text_path)
            else:
                self.result.skip(what, name, "external_text", self.lang, value=text_path or "—")
            return None
        raw = read_member(self.archive, self.names[member], file=self.file, lang=self.lang)
        return raw.decode("utf-8-sig", errors="replace")

    def _member(self, text_path: str) -> str | None:
        """The archive member (lower-case name) holding a ``plainTextPath``, ``None`` if not in the archive.

        ``internal://a.txt`` and a bare relative ``a.txt`` (or ``sources/a.txt``) are looked
        for beside the project file, in ``sources/`` (any case), then anywhere in the archive
        by file name when only one member has that name; an absolute path, a ``file://`` or
        ``relative://`` address is outside the archive.
        """
        path = text_path.replace("\\\\", "/")
        if path.lower().startswith("internal://"):
            path = path[len("internal://"):]
        elif not path or "://" in path or path.startswith("/") or re.match(r"^[A-Za-z]:", path):
            return None
        path = posixpath.normpath(path.lstrip("/")).lower()
        if path.startswith(".."):
            return None
        base = self.base + "/" if self.base else ""
        for candidate in (base + path, base + "sources/" + path, path, "sources/" + path):
            if candidate in self.names:
                return candidate
        same_name = [n for n in self.names if posixpath.basename(n) == posixpath.basename(path)]
        return same_name[0] if len(same_name) == 1 else None

    def _segment(self, element, name, passage, start, end, values, dates, record_id, label_name,
                 n_codings) -> dict | None:
        result, lang = self.result, self.lang
        segment = passage.strip()
        if not segment:
            result.skip("segment", label_name, "empty", lang, unit="selections")
            result.count("codings", "skipped", n_codings)
            return None
        record = self._record(values, dates, element.get("creatingUser"), "verbatim", label_name, "segment")
        if record is None:
            result.count("selections", "skipped")
            result.count("codings", "skipped", n_codings)
            return None
        result.counts["segments"] += 1
        result.count("selections", "imported")
        record.update(id=record_id, text=segment, tags=[], source=name, start=start, end=end,
                      position=f"{start}-{end}")
        return record

    def _record(self, values: dict, dates: list, user, kind: str, name: str, what: str) -> dict | None:
        """The descriptive columns of a record, or ``None`` (skipped) if the site or date is unknown."""
        lang, mapping = self.lang, self.mapping
        site = self.site or values.get("site")
        if site is not None:
            site = str(mapping.get("sites", {}).get(normalise_key(site), site))
        if not site:
            self.result.skip(what, name, "no_site", lang)
            return None
        date = None
        for candidate in ([self.date] if self.date is not None else []) + [values.get("date")] + dates + [self.project_date]:
            date = parse_date_or_none(candidate)
            if date is not None:
                break
        if date is None:
            self.result.skip(what, name, "no_date", lang)
            return None
        week = values.get("week")
        try:
            week = None if week is None else parse_int(week)
        except ValueError:
            week = None
        return {"site": site, "date": date, "week": week,
                "author": values.get("author") or self.users.get(user) or None,
                "method": parse_choice(values.get("method") or self.method, _OBS.column("method").choices),
                "participant": values.get("participant"), "role": values.get("role"),
                "kind": parse_choice(values.get("kind") or kind, ("note", "verbatim"))}

    def _notes(self, note_owner: dict) -> list[dict]:
        records = []
        for note in self.x.findall(self.x.find(self.root, "Notes"), "Note"):
            name = note.get("name") or note.get("guid", "")
            self.result.count("notes", "read")
            owner, values, source_date = note_owner.get(note.get("guid"), (None, {}, None))
            if owner == "code":
                self.result.skip("note", name, "code_memo", self.lang, unit="notes")
                continue
            text = self._text(note, name)
            if text is None:
                self.result.count("notes", "skipped")
                continue
            if not text.strip():
                self.result.skip("note", name, "empty", self.lang, unit="notes")
                continue
            dates = [parse_date_or_none(note.get("creationDateTime")), source_date]
            record = self._record(values, dates, note.get("creatingUser"), "note", name, "note")
            if record is None:
                self.result.count("notes", "skipped")
                continue
            record.update(kind="note", id=usable_id(note.get("name")), text=text.strip(), tags=[], source=owner)
            self.result.counts["notes"] += 1
            self.result.count("notes", "imported")
            records.append(record)
        return records


# --- writing ------------------------------------------------------------------------------------

def _guid(kind: str, key: str) -> str:
    """A stable GUID for an exported element (the same data always gives the same file)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"transfo-lab/{kind}/{key}"))


def _missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, (list, tuple)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def memo_elements(memos: pd.DataFrame, ns: str) -> tuple[ET.Element | None, dict[tuple[str, str], list[str]]]:
    """The ``Notes`` element of the memos and, for each (about, target), the guids of its notes (for ``NoteRef``)."""
    if memos is None or memos.empty:
        return None, {}
    notes = ET.Element(f"{{{ns}}}Notes")
    refs: dict[tuple[str, str], list[str]] = {}
    for row in memos.to_dict("records"):
        if _missing(row.get("text")):
            continue
        key = str(row.get("id") or row.get("title") or row["text"][:40])
        guid = _guid("note", key)
        attrs = {"guid": guid, "name": str(row.get("title") or row.get("id") or key)}
        if not _missing(row.get("date")):
            attrs["creationDateTime"] = pd.Timestamp(row["date"]).strftime("%Y-%m-%dT00:00:00")
        note = ET.SubElement(notes, f"{{{ns}}}Note", attrs)
        ET.SubElement(note, f"{{{ns}}}PlainTextContent").text = str(row["text"])
        about = str(row.get("about") or "projet")
        if about != "projet" and not _missing(row.get("target")):
            refs.setdefault((about, str(row["target"])), []).append(guid)
    return notes, refs


def _codes_element(codebook: pd.DataFrame, ns: str, lang: str) -> tuple[ET.Element, dict[str, str]]:
    """``Codes`` with one non-codable code per family holding its tags (a tag named like its family is the family)."""
    codes = ET.Element(f"{{{ns}}}Codes")
    guids: dict[str, str] = {}
    families: dict[str, ET.Element] = {}
    rows = [r for r in codebook.to_dict("records") if not _missing(r.get("tag"))]
    tag_names = {str(r["tag"]) for r in rows}
    for row in sorted(rows, key=lambda r: str(r["tag"]) != str(r.get("family"))):  # family tags first
        tag = str(row["tag"])
        family = tag if _missing(row.get("family")) else str(row["family"])
        description = "" if _missing(row.get("definition")) else str(row["definition"])
        if not _missing(row.get("example")):
            description += "\n" + label("interop.example_prefix", lang) + str(row["example"])
        if family == tag:
            parent = codes
        else:
            parent = families.get(family)
            if parent is None:
                parent = ET.SubElement(codes, f"{{{ns}}}Code", guid=_guid("family", family), name=family,
                                       isCodable="true" if family in tag_names else "false")
                families[family] = parent
        code = ET.SubElement(parent, f"{{{ns}}}Code", guid=_guid("code", tag), name=tag, isCodable="true")
        if description:
            ET.SubElement(code, f"{{{ns}}}Description").text = description
        guids[tag] = code.get("guid")
        if family == tag:
            families[family] = code
    return codes, guids


def codebook_xml(codebook: pd.DataFrame, *, lang: str = "fr") -> bytes:
    """The codebook as a REFI-QDA ``.qdc`` document (bytes).

    Examples
    --------
    >>> book = pd.DataFrame({"tag": ["accueil"], "family": ["Espaces"], "definition": ["Arrivée"], "example": [None]})
    >>> xml = codebook_xml(book).decode()
    >>> 'name="Espaces" isCodable="false"' in xml, 'name="accueil" isCodable="true"' in xml
    (True, True)
    """
    codes, _ = _codes_element(codebook, CODEBOOK_NS, lang)
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", origin=f"transfo-lab {__version__}")
    root.append(codes)
    return _serialise(root, CODEBOOK_NS)


def export_qdc(codebook: pd.DataFrame, path: Path | str, *, lang: str = "fr") -> Path:
    """Write the codebook to a REFI-QDA codebook file (``.qdc``), atomically; return the path."""
    return atomic_write(path, codebook_xml(codebook, lang=lang))


def project_files(observations: pd.DataFrame, codebook: pd.DataFrame, *, name: str = "transfo-lab",
                  lang: str = "fr", memos: pd.DataFrame | None = None) -> dict[str, bytes]:
    """The members of a ``.qdpx`` archive: ``project.qde`` and one ``sources/<guid>.txt`` per observation.

    Each observation becomes one text document (named by its id, its date as creation date)
    with one segment covering the whole text, coded with its tags; its site, date, week,
    method, participant, role and kind are variables of the document (French names), and
    each site is a case holding its documents. ``memos`` (the memos table) become notes
    attached to their code, their observation's selection or the documents of their source
    (:mod:`transfo_lab.interop.memos`).
    """

    ns = PROJECT_NS
    q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
    root = ET.Element(q("Project"), name=name, origin=f"transfo-lab {__version__}")
    files: dict[str, bytes] = {}
    authors = sorted({str(a) for a in observations.get("author", pd.Series(dtype=object)) if not _missing(a)})
    users = {a: _guid("user", a) for a in authors}
    if users:
        users_el = ET.SubElement(root, q("Users"))
        for author, guid in users.items():
            ET.SubElement(users_el, q("User"), guid=guid, name=author)
    codes, code_guids = _codes_element(codebook, ns, lang)
    notes, note_refs = memo_elements(memos, ns)
    for code in codes.iter(q("Code")):
        tag = next((t for t, g in code_guids.items() if g == code.get("guid")), None)
        for guid in note_refs.get(("code", tag), []) if tag is not None else []:
            ET.SubElement(code, q("NoteRef"), targetGUID=guid)
    ET.SubElement(root, q("CodeBook")).append(codes)
    columns = [c for c in VARIABLE_COLUMNS if c != "author" and c in observations.columns
               and observations[c].map(lambda v: not _missing(v)).any()]
    types = {"date": "Date", "week": "Integer"}
    variables = {c: _guid("variable", c) for c in columns}
    if variables:
        variables_el = ET.SubElement(root, q("Variables"))
        for column, guid in variables.items():
            ET.SubElement(variables_el, q("Variable"), guid=guid, name=_OBS.column(column).fr,
                          typeOfVariable=types.get(column, "Text"))
    rows = observations.to_dict("records")
    by_site: dict[str, list[str]] = {}
    sources_el = ET.Element(q("Sources"))
    for position, row in enumerate(rows, start=1):
        obs_id = str(row.get("id")) if not _missing(row.get("id")) else f"observation-{position}"
        text = "" if _missing(row.get("text")) else str(row["text"])
        guid = _guid("source", f"{obs_id}/{position}")
        attrs = {"guid": guid, "name": obs_id, "plainTextPath": f"internal://{guid}.txt"}
        date = row.get("date")
        if not _missing(date):
            attrs["creationDateTime"] = pd.Timestamp(date).strftime("%Y-%m-%dT00:00:00")
        if not _missing(row.get("author")):
            attrs["creatingUser"] = users[str(row["author"])]
        source = ET.SubElement(sources_el, q("TextSource"), attrs)
        selection = ET.SubElement(source, q("PlainTextSelection"), guid=_guid("selection", guid), name=obs_id,
                                  startPosition="0", endPosition=str(utf16_length(text)),
                                  **({"creatingUser": attrs["creatingUser"]} if "creatingUser" in attrs else {}))
        for tag in dict.fromkeys([] if _missing(row.get("tags")) else row["tags"]):
            if str(tag) in code_guids:
                coding = ET.SubElement(selection, q("Coding"), guid=_guid("coding", f"{guid}/{tag}"))
                ET.SubElement(coding, q("CodeRef"), targetGUID=code_guids[str(tag)])
        for column, variable in variables.items():
            value = row.get(column)
            if _missing(value):
                continue
            element = ET.SubElement(source, q("VariableValue"))
            ET.SubElement(element, q("VariableRef"), targetGUID=variable)
            if column == "date":
                ET.SubElement(element, q("DateValue")).text = pd.Timestamp(value).strftime("%Y-%m-%d")
            elif column == "week":
                ET.SubElement(element, q("IntegerValue")).text = str(int(value))
            else:
                ET.SubElement(element, q("TextValue")).text = str(value)
        for note in note_refs.get(("selection", obs_id), []):
            ET.SubElement(selection, q("NoteRef"), targetGUID=note)
        for note in note_refs.get(("source", str(row.get("source"))), []) if not _missing(row.get("source")) else []:
            ET.SubElement(source, q("NoteRef"), targetGUID=note)
        if not _missing(row.get("site")):
            by_site.setdefault(str(row["site"]), []).append(guid)
        files[f"sources/{guid}.txt"] = text.encode("utf-8")
    if by_site:
        cases = ET.SubElement(root, q("Cases"))
        for site, guids in by_site.items():
            case = ET.SubElement(cases, q("Case"), guid=_guid("case", site), name=site)
            for guid in guids:
                ET.SubElement(case, q("SourceRef"), targetGUID=guid)
    if len(sources_el):
        root.append(sources_el)
    if notes is not None:
        root.append(notes)
    files[PROJECT_FILE] = _serialise(root, ns)
    return files


def export_qdpx(observations: pd.DataFrame, codebook: pd.DataFrame, path: Path | str, *, name: str = "transfo-lab",
                lang: str = "fr", memos: pd.DataFrame | None = None) -> Path:
    """Write the observations and the codebook to a REFI-QDA project (``.qdpx``), atomically.

    The project opens in QualCoder, NVivo, ATLAS.ti or MAXQDA; :func:`read_qdpx` reads it
    back to the same observations, tags and codebook.
    """
    import io as _io

    buffer = _io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in project_files(observations, codebook, name=name, lang=lang, memos=memos).items():
            archive.writestr(member, data)
    return atomic_write(path, buffer.getvalue())


def _serialise(root: ET.Element, ns: str) -> bytes:
    ET.register_namespace("", ns)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
