"""What an import produces: new records for the programme's tables, with counts and what was skipped.

Every reader of :mod:`transfo_lab.interop` (REFI-QDA, Taguette, surveys) returns an
:class:`Imported`: the records it found, as DataFrames with the English column names of
:mod:`transfo_lab.contract.schemas` (``observations``, ``codebook``, ``survey``), plus how many
documents, codes and segments were read and the list of what could not be taken in, with
the reason. Nothing is written: :func:`transfo_lab.interop.merge.merge_into` adds the
records to a programme folder.

A small mapping file (YAML) may say how the columns and values of a foreign file map onto
the programme; :func:`load_mapping` reads and checks it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from transfo_lab.base.exceptions import FileFormatError
from transfo_lab.base.labels import label
from transfo_lab.base.limits import LimitError, load_yaml
from transfo_lab.base.problems import WARNING, Problem
from transfo_lab.contract.schemas import get_table, normalise_key

#: Extra columns of imported observations: where the segment comes from (document, positions).
ORIGIN_COLUMNS = ("source", "start", "end")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


def empty_records(table: str) -> pd.DataFrame:
    """An empty frame with the columns of ``table`` (and the origin columns for observations).

    >>> list(empty_records("codebook").columns)
    ['tag', 'family', 'definition', 'example']
    """
    columns = [c.name for c in get_table(table).columns]
    if table == "observations":
        columns += list(ORIGIN_COLUMNS)
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def records_frame(table: str, records: list[dict]) -> pd.DataFrame:
    """Records (dicts with some of the table's columns) as a frame with every column, missing ones empty.

    >>> records_frame("codebook", [{"tag": "accueil", "family": "Espaces"}]).iloc[0].tolist()
    ['accueil', 'Espaces', None, None]
    """
    frame = empty_records(table)
    if not records:
        return frame
    data = pd.DataFrame(records, dtype=object)
    return data.reindex(columns=frame.columns).astype(object).where(data.reindex(columns=frame.columns).notna(), None)


_FAMILY_SEPARATOR = re.compile(r"^(?P<family>[^\s./][^./]*?[^\s./]|[^\s./])[./](?=\S)")


def tag_family(tag: str) -> str:
    """The family of a tag that comes without one, the same whatever the file it comes from.

    A tag written ``famille.etiquette`` or ``famille/etiquette`` (Taguette's habit, a
    REFI-QDA path) is in the family before the first dot or slash; any other tag is its own
    family, like a top-level code of a REFI-QDA codebook. A dot followed by a space
    (« 1. Accueil ») or a number (« 2.5 ») does not separate.

    >>> tag_family("espaces.accueil"), tag_family("espaces/accueil"), tag_family("accueil")
    ('espaces', 'espaces', 'accueil')
    >>> tag_family("1. Oltás típusa"), tag_family("2.5"), tag_family("antiszemitizmus, xenofóbia")
    ('1. Oltás típusa', '2.5', 'antiszemitizmus, xenofóbia')
    """
    text = str(tag).strip()
    match = _FAMILY_SEPARATOR.match(text)
    if match is None or match.group("family").isdigit():
        return text
    return match.group("family").strip()


def usable_id(value) -> str | None:
    """``value`` if it can serve as a row id (short, letters, digits, ``-_.``), else ``None``.

    >>> usable_id("OBS-001"), usable_id("Le portail ferme"), usable_id(None)
    ('OBS-001', None, None)
    """
    if value is None:
        return None
    text = str(value).strip()
    return text if _ID.match(text) else None


@dataclass
class Imported:
    """The records read from a foreign file, before they are added to a programme.

    Attributes
    ----------
    file : str
        The file read (its name).
    kind : str
        What was read (``qdpx``, ``qdc``, ``taguette-highlights``…).
    observations, codebook, survey, double_coding, memos : DataFrame
        New records, English column names; observations also carry ``source``, ``start``
        and ``end`` (document and character positions of the segment) when known.
    counts : dict
        What was read: ``sources``, ``codes``, ``segments``, ``notes``, ``respondents``…
    skipped : list of Problem
        What was not imported, one :class:`~transfo_lab.base.problems.Problem` each (a warning):
        ``rule`` ``import.<reason>`` (``import.empty``, ``import.no_site``,
        ``import.not_text``…), ``file`` the file read, ``value`` the name of the item, and
        ``row`` / ``column`` where the item is in the file when it has rows and columns.
    notes : list of str
        Remarks for the user (a date guessed, a tag renamed…).
    """

    file: str
    kind: str
    observations: pd.DataFrame = field(default_factory=lambda: empty_records("observations"))
    codebook: pd.DataFrame = field(default_factory=lambda: empty_records("codebook"))
    survey: pd.DataFrame = field(default_factory=lambda: empty_records("survey"))
    double_coding: pd.DataFrame = field(default_factory=lambda: empty_records("double_coding"))
    memos: pd.DataFrame = field(default_factory=lambda: empty_records("memos"))
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tally: dict[str, dict[str, int]] = field(default_factory=dict)

    def skip(self, what: str, name, reason: str, lang: str = "fr", *, unit: str | None = None, n: int = 1,
             row: int | None = None, column: str | None = None, **values) -> None:
        """Record that ``what`` (``source``, ``segment``…) named ``name`` was not imported.

        ``reason`` names the sentence ``interop.reason.<reason>`` of the catalogue (filled
        with ``values``); the problem's rule is ``import.<reason>``. ``row`` and ``column``
        say where the item is in the file. With ``unit``, ``n`` items of that unit of the
        tally are counted as skipped.

        >>> result = Imported("entretiens.csv", "taguette-highlights")
        >>> result.skip("highlight", "Entretien (ligne 4)", "empty", row=4)
        >>> problem = result.skipped[0]
        >>> problem.rule, problem.file, problem.row, problem.value
        ('import.empty', 'entretiens.csv', 4, 'Entretien (ligne 4)')
        >>> print(problem.format())
        entretiens.csv, ligne 4 : ignoré : surlignage « Entretien (ligne 4) » : texte vide
        """
        sentence = label(f"interop.reason.{reason}", lang, **values)
        message = label("interop.skipped", lang, what=label(f"interop.what.{what}", lang), name=str(name), reason=sentence)
        self.skipped.append(Problem(WARNING, f"import.{reason}", message, file=self.file, row=row, column=column,
                                    value=str(name)))
        if unit is not None:
            self.count(unit, "skipped", n)

    def count(self, unit: str, outcome: str, n: int = 1) -> None:
        """Count ``n`` items of ``unit`` (``selections``, ``codes``…) as ``read``, ``imported``, ``merged`` or ``skipped``."""
        counts = self.tally.setdefault(unit, {"read": 0, "imported": 0, "merged": 0, "skipped": 0})
        counts[outcome] += n

    def unbalanced(self) -> list[str]:
        """The units whose counts do not add up (read ≠ imported + merged + skipped): empty when all is accounted for.

        >>> result = Imported("f.qdpx", "qdpx")
        >>> result.count("codes", "read", 2); result.count("codes", "imported")
        >>> result.unbalanced()
        ['codes']
        """
        return [unit for unit, c in self.tally.items() if c["read"] != c["imported"] + c["merged"] + c["skipped"]]

    def format(self, lang: str = "fr") -> str:
        """The import report as plain text, one line per count, skipped item and remark.

        >>> result = Imported("projet.qdpx", "qdpx")
        >>> result.count("codes", "read", 5); result.count("codes", "imported", 4)
        >>> result.skip("code", "Espaces", "empty", unit="codes")
        >>> print(result.format())
        Import de projet.qdpx
          codes : 5 lu(s) = 4 importé(s) + 0 fusionné(s) + 1 ignoré(s)
          ignoré : code « Espaces » : texte vide
        """
        lines = [label("interop.title", lang, file=self.file)]
        if not self.tally:
            lines += ["  " + label("interop.count_line", lang, what=label(f"interop.count.{k}", lang), n=v)
                      for k, v in self.counts.items()]
        lines += ["  " + label("interop.tally", lang, what=label(f"interop.unit.{unit}", lang), **c)
                  for unit, c in self.tally.items()]
        lines += ["  " + problem.message for problem in self.skipped]
        lines += ["  " + label("interop.note", lang, text=n) for n in self.notes]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()


# --- mapping files ------------------------------------------------------------------------------

MAPPING_KEYS = ("columns", "sites", "answers", "questions", "scales", "site", "date", "method", "kind", "scale")


def load_mapping(path: Path | str | None, *, lang: str = "fr") -> dict:
    """Read a mapping file (YAML) saying how a foreign file maps onto the programme.

    Keys (all optional): ``columns`` (foreign column or variable → column of the table,
    e.g. ``Lycée: site``), ``sites`` (foreign value → site id), ``answers`` (answer label →
    score, a whole number), ``questions`` (question code → question text), ``scales``
    (question code → its scale: ``1-7``, ``0-10`` or a list of labels lowest first),
    ``site``, ``date``, ``method``, ``kind``, ``scale`` (values for every record).
    ``None`` gives an empty mapping.

    Raises
    ------
    FileFormatError
        If the file is not YAML, not a dictionary, has an unknown key or an answer
        that is not a whole number.
    """
    if path is None:
        return {}
    path = Path(path)

    def bad(value: str):
        return FileFormatError(label("interop.bad_mapping", lang, value=value), file=path.name)

    try:
        raw = load_yaml(path, lang=lang) or {}
    except LimitError:
        raise
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise bad(type(exc).__name__) from None
    if not isinstance(raw, dict):
        raise bad(label("interop.mapping.not_a_mapping", lang))
    unknown = [k for k in raw if k not in MAPPING_KEYS]
    if unknown:
        raise bad(label("interop.mapping.unknown_keys", lang, keys=", ".join(map(str, unknown)),
                        expected=", ".join(MAPPING_KEYS)))
    mapping = dict(raw)
    for key in ("columns", "sites", "answers", "questions", "scales"):
        value = mapping.get(key) or {}
        if not isinstance(value, dict):
            raise bad(label("interop.mapping.pairs_expected", lang, field=key))
        mapping[key] = {normalise_key(k): v for k, v in value.items()}
    for text, score in mapping["answers"].items():
        if score is not None and (not isinstance(score, int) or isinstance(score, bool)):
            raise bad(label("interop.mapping.bad_answer", lang, text=text, score=score))
    return mapping


def given_date(value, *, lang: str = "fr") -> pd.Timestamp | None:
    """A date given by the user (``--date``, ``date:`` of a mapping file), ``None`` if not given.

    >>> given_date("12/10/2016")
    Timestamp('2016-10-12 00:00:00')

    Raises
    ------
    ParameterError
        If the date cannot be read.
    """
    from transfo_lab.base.exceptions import ParameterError
    from transfo_lab.contract.validation import parse_date

    if value is None or value == "":
        return None
    try:
        return parse_date(value)
    except ValueError:
        raise ParameterError(label("validation.bad_date", lang, value=value)) from None
