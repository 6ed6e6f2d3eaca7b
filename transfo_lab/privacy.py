"""Pseudonymisation of the people met in the field, before anything reaches a report.

E-mail addresses, French phone numbers (``06 12 34 56 78``, ``+33 6 12 34 56 78``,
``06.12.34.56.78``, ``0612345678``) and the names of the people listed in the programme
(team, ``participants`` of programme.yaml, the *Participant* column of the observations)
are replaced by stable pseudonyms: the same person is « Personne 3 » everywhere in a
report, in every report built from the same key. A full name is recognised in both orders
and in any case (« Inès Martin », « MARTIN Inès »); a first name or a last name alone is
replaced by that person's pseudonym when no other listed person shares it, and by
« [nom masqué] » otherwise (hidden all the same, but not attributed).

The correspondence table (the *key*) lets a résident reverse the pseudonyms. It is written
with :meth:`Pseudonymiser.write_key` to a private file *outside* the reports — by default
``~/.transfo-lab/keys/<programme folder>.csv`` (see :func:`default_key_file`) — and read
back with :func:`read_key` so that pseudonyms never change from one run to the next.

Examples
--------
>>> pseudo = Pseudonymiser(["Inès Martin", "Karim Benali"])
>>> pseudo.pseudonymise("Inès (ines.martin@lycee.fr, 06 12 34 56 78) parle à Karim Benali.")
'Personne 1 ([courriel 1], [téléphone 1]) parle à Personne 2.'
>>> pseudonymise("Appeler le +33 6 12 34 56 78", mapping=pseudo)
'Appeler le [téléphone 1]'
"""
from __future__ import annotations

import csv
import io as _io
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from transfo_lab.exceptions import DataError, ParameterError
from transfo_lab.labels import check_lang, label

KINDS = ("person", "email", "phone")
#: Environment variable naming the folder where keys are kept (default ``~/.transfo-lab``).
HOME_VARIABLE = "TRANSFO_LAB_HOME"

_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_PHONE = r"(?<![\d+])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"
_EMAIL_RE = re.compile(_EMAIL)
_PHONE_RE = re.compile(_PHONE)
_LEFT, _RIGHT = r"(?<![\w@.-])", r"(?![\w@-])"


def _space(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def _plain(text: str) -> str:
    """``text`` without accents (« Inès » → « Ines »), spaces normalised."""
    decomposed = unicodedata.normalize("NFKD", _space(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def phone_key(text: str) -> str:
    """A phone number as ten digits, whatever its spelling.

    >>> phone_key("+33 6 12 34 56 78"), phone_key("06.12.34.56.78"), phone_key("0033 (0)6 12 34 56 78")
    ('0612345678', '0612345678', '0612345678')
    """
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0033"):
        digits = digits[4:]
    elif digits.startswith("33") and text.lstrip().startswith("+"):
        digits = digits[2:]
    digits = digits.lstrip("0") if len(digits) > 9 else digits
    return "0" + digits[-9:]


class Pseudonymiser:
    """Replace e-mails, phone numbers and listed people's names by stable pseudonyms.

    Parameters
    ----------
    people : iterable of str
        Names of the people to hide, in a stable order (``prog.people()``): the n-th new
        person becomes « Personne n ».
    mapping : DataFrame or Pseudonymiser, optional
        An existing key (columns ``kind``, ``original``, ``pseudonym``, as returned by
        :func:`read_key` or :attr:`mapping`): its pseudonyms are kept, new ones follow.
    lang : {"fr", "en"}
        Language of the pseudonyms (« Personne 1 » or "Person 1").

    Examples
    --------
    >>> p = Pseudonymiser(["Jean-Pierre Dupont", "Anne Dupont"])
    >>> p.pseudonymise("DUPONT Jean-Pierre a vu Anne ; Jean-Pierre a appelé M. Dupont.")
    'Personne 1 a vu Personne 2 ; Personne 1 a appelé M. [nom masqué].'
    """

    def __init__(self, people: Iterable[str] = (), *, mapping: pd.DataFrame | Pseudonymiser | None = None,
                 lang: str = "fr"):
        self.lang = check_lang(lang)
        self._table: dict[tuple[str, str], str] = {}
        self._originals: dict[tuple[str, str], str] = {}
        self._counts: Counter = Counter()
        self._people: list[str] = []
        self._regex: re.Pattern | None = None
        self._names: dict[str, str] = {}
        if isinstance(mapping, Pseudonymiser):
            mapping = mapping.mapping
        if mapping is not None:
            self._load(mapping)
        self.add_people(people)

    # --- the key ---------------------------------------------------------------------------------
    def _load(self, mapping: pd.DataFrame) -> None:
        missing = {"kind", "original", "pseudonym"} - set(mapping.columns)
        if missing:
            raise DataError(label("privacy.bad_key", self.lang, expected="kind, original, pseudonym"))
        for kind, original, pseudonym in mapping[["kind", "original", "pseudonym"]].itertuples(index=False):
            if kind not in KINDS or pd.isna(original) or pd.isna(pseudonym):
                continue
            key = (kind, self._key(kind, str(original)))
            if key in self._table:
                continue
            self._table[key] = str(pseudonym)
            self._originals[key] = str(original)
            self._counts[kind] += 1
            if kind == "person":
                self._people.append(_space(original))
        self._regex = None

    @staticmethod
    def _key(kind: str, original: str) -> str:
        if kind == "phone":
            return phone_key(original)
        if kind == "email":
            return original.casefold()
        return _space(original).casefold()

    def _new(self, kind: str, original: str) -> str:
        key = (kind, self._key(kind, original))
        if key not in self._table:
            self._counts[kind] += 1
            self._table[key] = label(f"privacy.{kind}", self.lang, n=self._counts[kind])
            self._originals[key] = original
        return self._table[key]

    def add_people(self, people: Iterable[str]) -> Pseudonymiser:
        """Give a pseudonym to each new name of ``people`` (in order); return self."""
        for name in people:
            if name is None or (not isinstance(name, str) and pd.isna(name)) or not _space(name):
                continue
            name = _space(name)
            if ("person", name.casefold()) not in self._table:
                self._people.append(name)
            self._new("person", name)
        self._regex = None
        return self

    def scan(self, texts: Iterable[str]) -> Pseudonymiser:
        """Give a pseudonym to every e-mail and phone number found in ``texts``, in order of appearance.

        Scanning all of a programme's texts first makes the numbering independent of which
        report is produced first. Returns self.
        """
        for text in texts:
            if not isinstance(text, str):
                continue
            for match in self._pattern.finditer(text):
                if match.lastgroup in ("email", "phone"):
                    self._new(match.lastgroup, match.group())
        return self

    @property
    def mapping(self) -> pd.DataFrame:
        """The key: one row per pseudonym (``kind``, ``original``, ``pseudonym``)."""
        rows = [(kind, self._originals[(kind, key)], pseudo) for (kind, key), pseudo in self._table.items()]
        return pd.DataFrame(rows, columns=["kind", "original", "pseudonym"])

    def __len__(self) -> int:
        return len(self._table)

    # --- replacing -------------------------------------------------------------------------------
    @property
    def _pattern(self) -> re.Pattern:
        if self._regex is None:
            self._regex, self._names = self._compile()
        return self._regex

    def _compile(self) -> tuple[re.Pattern, dict[str, str]]:
        """One regex for everything: e-mails, phones, full names (any case, both orders), single names.

        Names are matched with or without their accents (« Inès », « Ines »); a single name
        is matched with its capitals, so that « Rose » hides a person but « rose » stays.
        """
        full: dict[str, str] = {}
        single: dict[str, set[str]] = {}
        spelled_full: set[str] = set()
        spelled_single: set[str] = set()
        for name in self._people:
            pseudo = self._table[("person", name.casefold())]
            words = name.split(" ")
            if len(words) == 1:
                alone, both = [name], []
            else:
                alone, both = [words[0], " ".join(words[1:])], [name, " ".join(words[1:] + words[:1])]
            for variant in both:  # « Inès Martin », « MARTIN Inès »
                full.setdefault(_plain(variant).casefold(), pseudo)
                spelled_full.update({variant, _plain(variant)})
            for variant in alone:  # « Inès », « Martin »
                if len(variant) >= 2:
                    single.setdefault(_plain(variant), set()).add(pseudo)
                    spelled_single.update({variant, _plain(variant)})
        hidden = label("privacy.hidden", self.lang)
        names = {f"full:{k}": v for k, v in full.items()}
        names.update({f"one:{k}": (next(iter(v)) if len(v) == 1 else hidden) for k, v in single.items()})
        alternatives = []
        for group, spelled, flags in (("full", spelled_full, "(?i:"), ("one", spelled_single, "(?:")):
            if spelled:
                words = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(spelled, key=len, reverse=True))
                alternatives.append(f"(?P<{group}>{flags}{words}))")
        people = f"|{_LEFT}(?:{'|'.join(alternatives)}){_RIGHT}" if alternatives else ""
        return re.compile(f"(?P<email>{_EMAIL})|(?P<phone>{_PHONE}){people}"), names

    def _replace(self, match: re.Match) -> str:
        kind, text = match.lastgroup, match.group()
        if kind in ("email", "phone"):
            return self._new(kind, text)
        if kind == "full":
            return self._names[f"full:{_plain(text).casefold()}"]
        return self._names.get(f"one:{_plain(text)}", label("privacy.hidden", self.lang))

    def pseudonymise(self, text):
        """``text`` with e-mails, phone numbers and listed names replaced (non-text values unchanged)."""
        if not isinstance(text, str) or not text:
            return text
        return self._pattern.sub(self._replace, text)

    __call__ = pseudonymise

    def write_key(self, path: Path | str, *, reports_dir: Path | str | None = None) -> Path:
        """Write the key (CSV, ``;``-separated, UTF-8) atomically to ``path``; return the path.

        The file is created readable by its owner only. ``path`` must not be inside
        ``reports_dir`` (nor inside the current reports folder when one is given).

        Raises
        ------
        ParameterError
            If ``path`` is inside ``reports_dir``.
        """
        from transfo_lab.io import atomic_write

        path = Path(path).expanduser()
        if reports_dir is not None:
            folder = Path(reports_dir).expanduser().resolve()
            if path.resolve() == folder or folder in path.resolve().parents:
                raise ParameterError(label("privacy.key_inside", self.lang, path=path, folder=folder))
        buffer = _io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerow(["kind", "original", "pseudonym"])
        writer.writerows(self.mapping.itertuples(index=False))
        return atomic_write(path, buffer.getvalue())


def pseudonymise(text: str, *, people: Iterable[str] = (), mapping: Pseudonymiser | pd.DataFrame | None = None,
                 lang: str = "fr") -> str:
    """Replace e-mails, French phone numbers and the names of ``people`` in ``text``.

    Give ``mapping`` (a :class:`Pseudonymiser`) to keep the same pseudonyms across calls:
    it is updated with any new e-mail or phone number met.

    >>> pseudonymise("Écrire à ines@example.org ou au 06.12.34.56.78", people=["Inès Martin"])
    'Écrire à [courriel 1] ou au [téléphone 1]'
    """
    if not isinstance(mapping, Pseudonymiser):
        mapping = Pseudonymiser(people, mapping=mapping, lang=lang)
    elif people:
        mapping.add_people(people)
    return mapping.pseudonymise(text)


def pseudonymise_frame(data: pd.DataFrame, columns: Iterable[str], pseudonymiser: Pseudonymiser | None) -> pd.DataFrame:
    """A new frame whose ``columns`` (those present) are pseudonymised; other columns unchanged.

    List cells (e.g. tags) are left alone; only text cells are changed. With
    ``pseudonymiser=None`` (pseudonymisation turned off) the copy is unchanged.

    >>> frame = pd.DataFrame({"participant": ["Inès Martin", None], "text": ["Inès rit", "06 12 34 56 78"]})
    >>> pseudonymise_frame(frame, ["participant", "text"], Pseudonymiser(["Inès Martin"]))["text"].tolist()
    ['Personne 1 rit', '[téléphone 1]']
    """
    result = data.copy()
    if pseudonymiser is None:
        return result
    for column in columns:
        if column not in result.columns:
            continue
        values = result[column]
        is_text = values.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
        if not is_text.any():
            continue
        changed = values[is_text].astype(str).str.replace(pseudonymiser._pattern, pseudonymiser._replace, regex=True)
        column_values = values.astype(object).to_numpy(copy=True)
        column_values[is_text] = changed.to_numpy(dtype=object)
        result[column] = pd.Series(column_values, index=values.index, dtype=object)
        if pd.api.types.is_string_dtype(values.dtype) and not pd.api.types.is_object_dtype(values.dtype):
            result[column] = result[column].astype(values.dtype)  # keep pandas' text dtype
    return result


def looks_like_name(value) -> bool:
    """Whether a value of the *Participant* column looks like a person's name rather than a role.

    A name has a word starting with a capital followed by lower-case letters; a role
    (« surveillant », « élève de terminale ») or an acronym (« CPE ») has none.

    >>> [looks_like_name(v) for v in ("Inès Bakri", "MARTIN Inès", "surveillant", "CPE", "parent d'élève")]
    [True, True, False, False, False]
    """
    if not isinstance(value, str):
        return False
    return any(word[:1].isupper() and any(c.islower() for c in word[1:]) for word in re.split(r"[\s'’-]+", value))


def programme_pseudonymiser(programme, *, mapping: pd.DataFrame | None = None, lang: str = "fr") -> Pseudonymiser:
    """The pseudonymiser of a whole programme: its people, then every e-mail and phone of its texts.

    Built from the whole programme (not one site), in a fixed order, so that every report of
    the programme numbers the same person, e-mail or phone the same way. Values of the
    *Participant* column that are roles rather than names (« surveillant », « CPE ») are not
    hidden (see :func:`looks_like_name`).
    """
    pseudo = Pseudonymiser([n for n in programme.people() if looks_like_name(n)], mapping=mapping, lang=lang)
    for table in sorted(programme.tables):
        data = programme.tables[table]
        for column in data.columns:
            if pd.api.types.is_object_dtype(data[column]) or pd.api.types.is_string_dtype(data[column]):
                pseudo.scan(data[column])
    return pseudo


def default_key_file(programme_dir: Path | str) -> Path:
    """Where the key of a programme is kept by default: ``~/.transfo-lab/keys/<folder name>.csv``.

    The folder ``~/.transfo-lab`` can be moved with the environment variable
    ``TRANSFO_LAB_HOME``. It is outside the programme and outside any reports folder, so a
    report shared by e-mail or on the blog never carries the key.

    >>> default_key_file("/data/pret-a-deployer-lycees").name
    'pret-a-deployer-lycees.csv'
    """
    home = Path(os.environ.get(HOME_VARIABLE) or "~/.transfo-lab").expanduser()
    return home / "keys" / f"{Path(programme_dir).resolve().name}.csv"


def read_key(path: Path | str) -> pd.DataFrame | None:
    """The key written by :meth:`Pseudonymiser.write_key` (``None`` if the file does not exist yet)."""
    from transfo_lab.io import read_table

    path = Path(path).expanduser()
    if not path.is_file():
        return None
    raw = read_table(path).data
    missing = {"kind", "original", "pseudonym"} - set(raw.columns)
    if missing:
        raise DataError(label("privacy.bad_key", "fr", expected="kind, original, pseudonym"), file=path)
    return raw[["kind", "original", "pseudonym"]].astype(object).reset_index(drop=True)


def report_pseudonymiser(programme, *, enabled: bool = True, key_file: Path | str | None = None,
                         lang: str = "fr") -> tuple[Pseudonymiser | None, str]:
    """What a report-producing notebook needs: the programme's pseudonymiser and a sentence to show.

    With ``enabled`` the key is read if it exists — so pseudonyms never change between
    runs — completed and written back. Its place is ``key_file`` if given, else
    ``privacy: key_file:`` of programme.yaml (relative to the programme folder), else
    :func:`default_key_file`. Without ``enabled``, returns ``None`` and the warning that
    names appear as written.
    """
    check_lang(lang)
    if not enabled:
        return None, label("privacy.off", lang)
    settings = programme.config.settings.get("privacy") or {}
    configured = settings.get("key_file") if isinstance(settings, dict) else None
    if key_file:
        path = Path(key_file).expanduser()
    elif configured:
        path = (Path(programme.path) / Path(str(configured)).expanduser()).resolve()
    else:
        path = default_key_file(programme.path)
    pseudo = programme_pseudonymiser(programme, mapping=read_key(path), lang=lang)
    pseudo.write_key(path)
    return pseudo, label("privacy.key_written", lang, path=path)
