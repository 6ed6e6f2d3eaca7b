"""One policy of limits for the files the kit unpacks or parses (resource bombs).

A 3 MB zip can expand to 3 GB (« zip bomb »), and ten lines of YAML with anchors and
aliases can expand to billions of items (« billion laughs »). Every archive (``.qdpx``,
``.xlsx``, ``.ods``) and every YAML file the kit reads goes through this module, which
decides *before reading* whether the file stays within :data:`LIMITS`:

* archives (:func:`check_archive`): number of members, declared size of each member,
  declared total size and compression ratio, all read from the zip's central directory;
  :func:`read_member` enforces the sizes again while decompressing, because headers can lie;
* YAML (:func:`load_yaml`): the file's size, then a safe loader that counts aliases and the
  number of nodes the document would have once every alias is expanded.

A file beyond a limit raises :class:`LimitError` (a :class:`~transfo_lab.base.exceptions.FileFormatError`)
whose French message names the file and the limit.
"""
from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.events import AliasEvent

from transfo_lab.base.exceptions import FileFormatError
from transfo_lab.base.labels import format_number, label

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The limits of the kit (see ``docs/security.md``)."""

    #: largest member of an archive, once decompressed
    archive_member_bytes: int = 50 * MB
    #: all members of an archive together, once decompressed
    archive_total_bytes: int = 200 * MB
    #: decompressed / compressed size of one member (only for members above ``ratio_from_bytes``)
    archive_ratio: int = 100
    ratio_from_bytes: int = 1 * MB
    #: members in one archive
    archive_members: int = 10_000
    #: size of an XML file read whole (a REFI-QDA codebook .qdc)
    xml_bytes: int = 50 * MB
    #: size of a YAML file (programme.yaml, a mapping file)
    yaml_bytes: int = 1 * MB
    #: aliases (``*name``) in one YAML document
    yaml_aliases: int = 100
    #: nodes of a YAML document once every alias is expanded
    yaml_nodes: int = 100_000


#: The limits in force.
LIMITS = Limits()


class LimitError(FileFormatError):
    """A file beyond one of the :data:`LIMITS` (archive or YAML bomb)."""


def _size(n: int, lang: str) -> str:
    """``3,2 Mo`` / ``3.2 MB``."""
    units = label("limits.size_units", lang).split()
    value, unit = float(n), 0
    while value >= 1024 and unit < len(units) - 1:
        value, unit = value / 1024, unit + 1
    whole = unit == 0 or value >= 100 or round(value, 1).is_integer()
    return f"{format_number(value, 0 if whole else 1, lang)}\xa0{units[unit]}"


# --- archives --------------------------------------------------------------------------------------

def check_archive(archive: zipfile.ZipFile | Path | str, *, file: str | None = None, lang: str = "fr",
                  limits: Limits = LIMITS) -> None:
    """Refuse an archive beyond the limits, from its central directory only (nothing is decompressed).

    Raises
    ------
    LimitError
        Too many members, a member or the whole too large once decompressed, or a
        compression ratio typical of a zip bomb.

    A path that is not a zip archive at all is let through: the reader that opens it next
    reports it in its own words (« not a workbook », « not a REFI-QDA project »).
    """
    if not isinstance(archive, zipfile.ZipFile):
        path = Path(archive)
        file = file or path.name
        try:
            opened = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        with opened:
            return check_archive(opened, file=file, lang=lang, limits=limits)
    file = file or Path(str(archive.filename or "archive")).name
    infos = archive.infolist()
    if len(infos) > limits.archive_members:
        raise LimitError(label("safety.archive_members", lang, n=format_number(len(infos), 0, lang),
                               limit=format_number(limits.archive_members, 0, lang)), file=file)
    total = 0
    for info in infos:
        _check_member(info, file, lang, limits)
        total += info.file_size
        if total > limits.archive_total_bytes:
            raise LimitError(label("safety.archive_total", lang, size=_size(total, lang),
                                   limit=_size(limits.archive_total_bytes, lang)), file=file)


def _check_member(info: zipfile.ZipInfo, file: str, lang: str, limits: Limits) -> None:
    if info.file_size > limits.archive_member_bytes:
        raise LimitError(label("safety.archive_member", lang, member=info.filename, size=_size(info.file_size, lang),
                               limit=_size(limits.archive_member_bytes, lang)), file=file)
    if info.file_size > limits.ratio_from_bytes and info.file_size > limits.archive_ratio * max(info.compress_size, 1):
        raise LimitError(label("safety.archive_ratio", lang, member=info.filename,
                               ratio=format_number(info.file_size / max(info.compress_size, 1), 0, lang),
                               limit=format_number(limits.archive_ratio, 0, lang)), file=file)


def read_member(archive: zipfile.ZipFile, name: str, *, file: str | None = None, lang: str = "fr",
                limits: Limits = LIMITS) -> bytes:
    """Decompress one member, stopping as soon as it goes beyond its declared size or the limits."""
    file = file or Path(str(archive.filename or "archive")).name
    info = archive.getinfo(name)
    _check_member(info, file, lang, limits)
    allowed = min(info.file_size, limits.archive_member_bytes)
    chunks, read = [], 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(1 * MB)
                if not chunk:
                    break
                read += len(chunk)
                if read > allowed:
                    raise LimitError(label("safety.archive_member", lang, member=info.filename,
                                           size=f"> {_size(allowed, lang)}", limit=_size(allowed, lang)), file=file)
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        # a member whose content does not match its header (size, CRC): zipfile stops at the declared size
        raise FileFormatError(label("safety.archive_broken", lang, member=info.filename, value=str(exc)),
                              file=file) from None
    return b"".join(chunks)


def read_limited(path: Path | str, limit: int | None = None, *, lang: str = "fr") -> bytes:
    """The bytes of a file read whole, refused (:class:`LimitError`) if larger than ``limit`` (XML files)."""
    path = Path(path)
    limit = LIMITS.xml_bytes if limit is None else limit
    size = path.stat().st_size
    if size > limit:
        raise LimitError(label("safety.yaml_bytes", lang, size=_size(size, lang), limit=_size(limit, lang)),
                         file=path.name)
    return path.read_bytes()


# --- YAML ------------------------------------------------------------------------------------------

class LimitedSafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a document with too many aliases or too many expanded nodes.

    Each node is weighed as it is composed: a scalar weighs 1, a list or mapping 1 plus its
    children, an alias the weight of the node it repeats. The weights are the size of the
    document once expanded, computed without expanding anything.
    """

    limits: Limits = LIMITS

    def __init__(self, stream):
        super().__init__(stream)
        self._aliases = 0
        self._weights: dict[int, int] = {}

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            self._aliases += 1
            if self._aliases > self.limits.yaml_aliases:
                raise _YamlLimit("safety.yaml_aliases", self.limits.yaml_aliases, self.peek_event().start_mark)
        return super().compose_node(parent, index)

    def compose_scalar_node(self, anchor):
        node = super().compose_scalar_node(anchor)
        self._weights[id(node)] = 1
        return node

    def compose_sequence_node(self, anchor):
        node = super().compose_sequence_node(anchor)
        return self._weigh(node, node.value)

    def compose_mapping_node(self, anchor):
        node = super().compose_mapping_node(anchor)
        return self._weigh(node, [part for pair in node.value for part in pair])

    def _weigh(self, node, children):
        weight = 1 + sum(self._weights.get(id(child), 1) for child in children)
        if weight > self.limits.yaml_nodes:
            raise _YamlLimit("safety.yaml_nodes", self.limits.yaml_nodes, node.start_mark)
        self._weights[id(node)] = weight
        return node


class _YamlLimit(Exception):
    def __init__(self, key: str, limit: int, mark):
        super().__init__(key)
        self.key, self.limit, self.mark = key, limit, mark


def load_yaml(source: Path | str | bytes, *, file: str | None = None, lang: str = "fr", limits: Limits = LIMITS):
    """Read YAML safely within the limits: a path (its size is checked before reading) or text.

    Raises
    ------
    LimitError
        If the file is too large, or holds too many aliases or expanded nodes.
    yaml.YAMLError, UnicodeDecodeError, OSError
        As ``yaml.safe_load`` and reading the file would.
    """
    if isinstance(source, Path):
        file = file or source.name
        size = source.stat().st_size
        if size > limits.yaml_bytes:
            raise LimitError(label("safety.yaml_bytes", lang, size=_size(size, lang), limit=_size(limits.yaml_bytes, lang)),
                             file=file)
        source = source.read_bytes().decode("utf-8-sig")
    elif isinstance(source, bytes):
        source = source.decode("utf-8-sig")
    if len(source.encode("utf-8")) > limits.yaml_bytes:
        raise LimitError(label("safety.yaml_bytes", lang, size=_size(len(source.encode("utf-8")), lang),
                               limit=_size(limits.yaml_bytes, lang)), file=file)
    loader_class = LimitedSafeLoader if limits is LIMITS else type("Loader", (LimitedSafeLoader,), {"limits": limits})
    loader = loader_class(source)
    try:
        return loader.get_single_data()
    except _YamlLimit as exc:
        raise LimitError(label(exc.key, lang, limit=format_number(exc.limit, 0, lang)), file=file,
                         row=exc.mark.line + 1 if exc.mark is not None else None) from None
    finally:
        loader.dispose()
