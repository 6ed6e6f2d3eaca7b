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
import hashlib
import io as _io
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from transfo_lab.base.exceptions import DataError, ParameterError
from transfo_lab.base.labels import check_lang, label

KINDS = ("person", "email", "phone")
#: Environment variable naming the folder where keys are kept (default ``~/.transfo-lab``).
HOME_VARIABLE = "TRANSFO_LAB_HOME"

_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_PHONE = r"(?<![\d+])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"
_EMAIL_RE = re.compile(_EMAIL)
_PHONE_RE = re.compile(_PHONE)
_CONTACT_RE = re.compile(f"(?P<email>{_EMAIL})|(?P<phone>{_PHONE})")
_LEFT, _RIGHT = r"(?<![\w@-])", r"(?![\w@-])"
_HYPHENS = "-\u2010\u2011\u2012\u2013"
#: Surnames and first names that are also ordinary French words: written in lower case, they
#: are the word (« une rose », « un petit mot »), not the person.
COMMON_WORDS = frozenset("""
rose petit blanc roux brun noir grand fort leger marchand boucher boulanger berger pierre olive
violette marguerite lys joyeux bon bonne masse charpentier meunier fontaine riviere lac bois pont
marin sage clement prudent constant lion loup renard colombe lapin lievre perdrix caille page roi
prince comte duc baron chevalier moulin chene four vert rouge gris maire claire aime franc
""".split())


def _fold_char(char: str) -> str:
    if char in _HYPHENS:
        return "-"
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _fold_with_origin(text: str) -> tuple[str, list[int]]:
    """``text`` folded (no accents, no capitals, one kind of hyphen) and, for each folded character,
    the position of the character of ``text`` it comes from."""
    folded, origin = [], []
    for position, char in enumerate(text):
        for piece in _fold_char(char):
            folded.append(piece)
            origin.append(position)
    return "".join(folded), origin


def _fold_words(name: str) -> str:
    """A name folded for matching: « Anne-Sophie LEFÈVRE » → « anne sophie lefevre »."""
    return re.sub(r"[\s-]+", " ", "".join(_fold_char(c) for c in _space(name))).strip()


def fold_name(name: str) -> str:
    """The comparable form of a name: case, accents and hyphen/space variants folded.

    >>> fold_name("Anne-Sophie LEFÈVRE") == fold_name("anne sophie Lefevre")
    True
    """
    return _fold_words(name)


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
            for match in _CONTACT_RE.finditer(text):
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
        """E-mails and phone numbers (matched on the text as written)."""
        return _CONTACT_RE

    @property
    def _name_pattern(self) -> re.Pattern | None:
        if self._regex is None:
            self._regex, self._names = self._compile()
        return self._regex

    def _compile(self) -> tuple[re.Pattern | None, dict[str, str]]:
        """One regex for the listed names, matched on the *folded* text (see :func:`fold_name`).

        Case, accents and hyphen/space variants are folded: « Inés BAKRI », « bakri »,
        « Anne Sophie » (for « Anne-Sophie ») all match. Full names (both orders) come before
        their parts, so « Inés Bakri » is one pseudonym, never first name + pseudonym. A single
        part written in lower case that is also an ordinary French word (« rose », « petit »)
        is only matched with a capital.
        """
        names: dict[str, str] = {}
        single: dict[str, set[str]] = {}
        for name in self._people:
            pseudo = self._table[("person", name.casefold())]
            words = name.split(" ")
            if len(words) > 1:
                for variant in (name, " ".join(words[1:] + words[:1])):  # « Inès Martin », « MARTIN Inès »
                    names.setdefault("full:" + _fold_words(variant), pseudo)
                parts = [words[0], " ".join(words[1:])]
            else:
                parts = [name]
            for part in parts:  # « Inès », « Martin » (a part in lower case is no name: « de », « chargé »)
                if len(_fold_words(part)) >= 2 and part[:1].isupper():
                    single.setdefault(_fold_words(part), set()).add(pseudo)
        hidden = label("privacy.hidden", self.lang)
        for key, pseudos in single.items():
            names.setdefault("one:" + key, next(iter(pseudos)) if len(pseudos) == 1 else hidden)
        if not names:
            return None, names
        spelled = sorted({k.split(":", 1)[1] for k in names}, key=len, reverse=True)
        words = "|".join(r"[\s-]+".join(re.escape(w) for w in re.split(r"[ -]+", n)) for n in spelled)
        return re.compile(f"{_LEFT}(?:{words}){_RIGHT}"), names

    def _replace(self, match: re.Match) -> str:
        return self._new(match.lastgroup, match.group())

    def _replace_names(self, text: str) -> str:
        pattern = self._name_pattern
        if pattern is None:
            return text
        folded, origin = _fold_with_origin(text)
        pieces, last = [], 0
        for match in pattern.finditer(folded):
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1
            key = re.sub(r"[\s-]+", " ", match.group())
            written = text[start:end]
            if ("full:" + key) in self._names:
                pseudo = self._names["full:" + key]
            else:
                if not any(c.isupper() for c in written) and key in COMMON_WORDS:
                    continue  # « une rose », « un petit mot »: an ordinary word, not the person
                pseudo = self._names.get("one:" + key, label("privacy.hidden", self.lang))
            pieces += [text[last:start], pseudo]
            last = end
        return "".join(pieces) + text[last:] if pieces else text

    def pseudonymise(self, text):
        """``text`` with e-mails, phone numbers and listed names replaced (non-text values unchanged)."""
        if not isinstance(text, str) or not text:
            return text
        return self._replace_names(_CONTACT_RE.sub(self._replace, text))

    __call__ = pseudonymise

    def pseudonymise_contacts(self, text):
        """``text`` with e-mails and phone numbers replaced, names kept (for references citing public authors)."""
        if not isinstance(text, str) or not text:
            return text
        return _CONTACT_RE.sub(self._replace, text)

    def write_key(self, path: Path | str, *, reports_dir: Path | str | None = None) -> Path:
        """Write the key (CSV, ``;``-separated, UTF-8) atomically to ``path``; return the path.

        The file is created readable by its owner only. ``path`` must not be inside
        ``reports_dir`` (nor inside the current reports folder when one is given).

        Raises
        ------
        ParameterError
            If ``path`` is inside ``reports_dir``.
        """
        from transfo_lab.contract.io import atomic_write

        path = Path(path).expanduser()
        if reports_dir is not None:
            folder = Path(reports_dir).expanduser().resolve()
            if path.resolve() == folder or folder in path.resolve().parents:
                raise ParameterError(label("privacy.key_inside", self.lang, path=path, folder=folder))
        buffer = _io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerow(["kind", "original", "pseudonym"])
        writer.writerows(self.mapping.itertuples(index=False))
        return atomic_write(path, buffer.getvalue(), private=True)


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
        changed = values[is_text].astype(str).map(pseudonymiser.pseudonymise)
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

    >>> [looks_like_name(v) for v in ("Inès Bakri", "MARTIN Inès", "surveillant", "CPE", "parent d'élève",
    ...                                "chargé d'opération Région")]
    [True, True, False, False, False, False]
    """
    if not isinstance(value, str) or not value.strip()[:1].isupper():
        return False  # « chargé d'opération Région » is a role: a name starts with a capital
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


#: Names of folders that hold reports: a key is never written inside one.
REPORT_FOLDER_NAMES = frozenset({"rapports", "rapport", "reports", "report", "_build", "build-reports"})
#: The state file that marks a reports folder made by ``transfo-lab report`` (the batch).
REPORT_STATE_FILE = ".transfo-lab-state.json"


def _looks_like_reports(folder: Path) -> bool:
    """A folder named like a reports folder, or laid out like the batch's output (state file, or
    ``index.html`` beside ``programme/`` or ``sites/``)."""
    if folder.name.casefold() in REPORT_FOLDER_NAMES or (folder / REPORT_STATE_FILE).is_file():
        return True
    return (folder / "index.html").is_file() and ((folder / "programme").is_dir() or (folder / "sites").is_dir())


def check_key_place(path: Path | str, *, programme_dir: Path | str | None = None,
                    reports_dir: Path | str | None = None, lang: str = "fr") -> Path:
    """``path`` (resolved) if a key may be kept there; raise :class:`ParameterError` otherwise.

    A key is refused inside ``reports_dir`` (the reports being made), inside the programme
    folder (copied and shared with the data), and inside any folder that looks like a reports
    folder: named ``rapports``/``reports``…, holding the batch's state file, or an ``index.html``
    beside a ``programme`` or ``sites`` folder.
    """
    path = Path(path).expanduser().resolve()
    folders = []
    if reports_dir is not None:
        folders.append(Path(reports_dir).expanduser().resolve())
    if programme_dir is not None:
        folders.append(Path(programme_dir).expanduser().resolve())
    folders += [parent for parent in path.parents if _looks_like_reports(parent)]
    for folder in folders:
        if path == folder or folder in path.parents:
            raise ParameterError(label("privacy.key_inside", lang, path=path.name, folder=folder.name))
    return path


def default_key_file(programme_dir: Path | str) -> Path:
    """Where the key of a programme is kept by default: ``~/.transfo-lab/keys/<folder>-<8 hex>.csv``.

    The 8 hexadecimal digits are a hash of the programme folder's absolute path, so that two
    programmes in folders of the same name never share a key. The folder ``~/.transfo-lab``
    can be moved with the environment variable ``TRANSFO_LAB_HOME``. It is outside the
    programme and outside any reports folder, so a report shared by e-mail or on the blog
    never carries the key.

    >>> import re
    >>> bool(re.fullmatch(r"pret-a-deployer-lycees-[0-9a-f]{8}\\.csv", default_key_file("/data/pret-a-deployer-lycees").name))
    True
    """
    folder = Path(programme_dir).expanduser().resolve()
    digest = hashlib.sha256(str(folder).encode("utf-8")).hexdigest()[:8]
    return _keys_home() / f"{folder.name}-{digest}.csv"


def _keys_home() -> Path:
    return Path(os.environ.get(HOME_VARIABLE) or "~/.transfo-lab").expanduser() / "keys"


def _migrate_old_key(path: Path, programme_dir: Path | str) -> None:
    """Rename the key of earlier versions (``keys/<folder name>.csv``) to its new name, once, silently."""
    old = _keys_home() / f"{Path(programme_dir).expanduser().resolve().name}.csv"
    if path.exists() or not old.is_file():
        return
    try:
        os.replace(old, path)
    except OSError:  # another process moved it first, or the folder is read-only: read it where it is
        if old.is_file() and not path.exists():
            import shutil

            shutil.copyfile(old, path)


def read_key(path: Path | str) -> pd.DataFrame | None:
    """The key written by :meth:`Pseudonymiser.write_key` (``None`` if the file does not exist yet)."""
    from transfo_lab.contract.io import read_table

    path = Path(path).expanduser()
    if not path.is_file():
        return None
    raw = read_table(path).data
    missing = {"kind", "original", "pseudonym"} - set(raw.columns)
    if missing:
        raise DataError(label("privacy.bad_key", "fr", expected="kind, original, pseudonym"), file=path)
    return raw[["kind", "original", "pseudonym"]].astype(object).reset_index(drop=True)


def key_path(programme, key_file: Path | str | None = None) -> Path:
    """Where the key of ``programme`` is kept: ``key_file`` if given, else ``privacy: key_file:`` of
    programme.yaml (relative to the programme folder), else :func:`default_key_file`."""
    settings = programme.config.settings.get("privacy") or {}
    configured = settings.get("key_file") if isinstance(settings, dict) else None
    if key_file:
        return Path(key_file).expanduser()
    if configured:
        return (Path(programme.path) / Path(str(configured)).expanduser()).resolve()
    return default_key_file(programme.path)


def report_pseudonymiser(programme, *, enabled: bool = True, key_file: Path | str | None = None,
                         reports_dir: Path | str | None = None, lang: str = "fr") -> tuple[Pseudonymiser | None, str]:
    """What a report-producing notebook needs: the programme's pseudonymiser and a sentence to show.

    With ``enabled`` the key is read if it exists — so pseudonyms never change between
    runs — completed and written back. Its place is given by :func:`key_path`; it is checked by
    :func:`check_key_place` (never inside ``reports_dir``, the programme folder or a reports
    folder). The sentence never gives the key's path: a report does not say where the key is.
    Without ``enabled``, returns ``None`` and the warning that names appear as written.

    Raises
    ------
    ParameterError
        If the key's place is inside the reports or the programme folder.
    """
    check_lang(lang)
    if not enabled:
        return None, label("privacy.off", lang)
    path = key_path(programme, key_file)
    check_key_place(path, programme_dir=programme.path, reports_dir=reports_dir, lang=lang)
    if not key_file and path == default_key_file(programme.path):
        _migrate_old_key(path, programme.path)
    pseudo = programme_pseudonymiser(programme, mapping=read_key(path), lang=lang)
    pseudo.write_key(path, reports_dir=reports_dir)
    return pseudo, label("privacy.key_written", lang)


def pseudonymise_programme(programme, *, enabled: bool = True, key_file: Path | str | None = None,
                           reports_dir: Path | str | None = None, lang: str = "fr"):
    """A NEW :class:`~transfo_lab.contract.programme.Programme` whose personal free text is pseudonymised.

    Every column declared ``free_text`` in :mod:`transfo_lab.contract.schemas` (observations' text and
    participant, idea titles and descriptions, test learnings, criteria's expected evidence,
    journeys, scores' evidence and comments…) goes through one :class:`Pseudonymiser` built by
    :func:`report_pseudonymiser` (key read from and written to the key file, stable pseudonyms).
    Sources and references (the inspiration catalogue, the benchmark) are never rewritten, but for the
    e-mails and phone numbers of the columns declared ``contact_text`` (a contact in a description). The
    participants listed in programme.yaml are replaced by their pseudonyms.

    The returned programme carries the sentence to show in a report (:func:`privacy_note`).
    With ``enabled=False``, or for a programme already pseudonymised, the programme is returned
    unchanged (same object).

    Raises
    ------
    ParameterError
        If the key file would be inside the reports or the programme folder.
    """
    import dataclasses

    from transfo_lab.contract.schemas import TABLES_BY_NAME

    if not enabled or getattr(programme, "pseudonymised", False):  # off, or already done: never twice
        return programme
    pseudo, _ = report_pseudonymiser(programme, enabled=True, key_file=key_file, reports_dir=reports_dir, lang=lang)
    tables = {}
    for name, data in programme.tables.items():
        spec = TABLES_BY_NAME.get(name)
        data = data.copy()
        if spec is not None and spec.free_text:
            data = pseudonymise_frame(data, spec.free_text, pseudo)
        for column in spec.contact_text if spec is not None else ():
            if column in data.columns:
                data[column] = data[column].map(pseudo.pseudonymise_contacts).astype(data[column].dtype)
        tables[name] = data
    config = dataclasses.replace(programme.config, participants=[pseudo(p) for p in programme.config.participants])
    return dataclasses.replace(programme, config=config, tables=tables, pseudonymised=True, pseudonymiser=pseudo)


def data_warnings(programme, lang: str = "fr") -> list[str]:
    """The warnings found when the programme was loaded, as sentences for a report, pseudonymised.

    They quote the data as read (a voter's name…): with a pseudonymised programme they go
    through its pseudonymiser, so that a report never shows a name the tables hide.
    """
    pseudo = getattr(programme, "pseudonymiser", None)
    messages = [issue.format(lang) for issue in programme.report.warnings]
    return [pseudo(m) if pseudo is not None else m for m in messages]


def privacy_note(programme, lang: str = "fr") -> str:
    """The sentence a report shows about pseudonymisation (never the key's path)."""
    return label("privacy.key_written" if getattr(programme, "pseudonymised", False) else "privacy.off", lang)
