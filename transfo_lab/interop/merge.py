"""Adding imported records to a programme folder, without ever overwriting what is there.

:func:`merge_into` takes what a reader of :mod:`transfo_lab.interop` returned and appends
the new rows to the programme's table files:

* a record already present is reported and not added again — an observation with the same
  site and text (and, when both have one, the same source document and position), a tag of
  the same name, a survey answer of the same respondent, site and question;
* two new observations of the same passage (same site, text, source and position) become
  one carrying the tags of both (counted as merged);
* an observation gets a new id (``OBS-QDA-0001``…) when it has none or when its id is
  already taken (the change is reported);
* tags used by the new observations and absent from the codebook are added to it, in the
  family « Importées », with a definition to complete;
* rows are appended to the table's CSV file, keeping its separator, encoding, headers and
  other rows (a copy of the previous version goes to ``.backups/``); a table kept in a
  workbook is not touched: the new rows go to ``<table>-import.csv`` beside it, to be copied
  into the workbook (refused if that file already exists);
* every check is made before the first file is written; with ``dry_run=True`` nothing is
  written at all and the report says what would be added.
"""
from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from transfo_lab.contract.editing import TableFile, format_number_cell, locked
from transfo_lab.base.exceptions import DataError, ParameterError
from transfo_lab.interop.records import Imported
from transfo_lab.base.problems import INFO, Problem
from transfo_lab.base.labels import check_lang, date_cell, label
from transfo_lab.contract.schemas import get_table, normalise_key
from transfo_lab.contract.validation import format_list

#: Prefix of the ids given to imported observations, by kind of import.
ID_PREFIXES = {"qdpx": "OBS-QDA", "taguette-highlights": "OBS-TAG"}
_TABLES = ("codebook", "observations", "survey", "double_coding", "memos")


@dataclass
class MergeReport:
    """What :func:`merge_into` added (or would add) to a programme folder.

    Attributes
    ----------
    programme : str
    dry_run : bool
    added : dict of DataFrame
        Table name → the rows added, with their final ids.
    duplicates : list of Problem
        Records already present, not added: remarks (severity ``info``, rule
        ``import.duplicate``) naming the programme table and the record.
    messages : list of str
        New ids, tags added to the codebook, rows written beside a workbook.
    files : list of str
        Files written.
    """

    programme: str
    dry_run: bool = False
    added: dict[str, pd.DataFrame] = field(default_factory=dict)
    duplicates: list[Problem] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    lang: str = "fr"
    tally: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        """Rows added per table."""
        return {table: len(rows) for table, rows in self.added.items() if len(rows)}

    def format(self, lang: str | None = None, *, limit: int = 20) -> str:
        """The report as plain text: rows added (the first ``limit`` of each table), duplicates, files."""
        lang = lang or self.lang
        title = "interop.merge_title_dry" if self.dry_run else "interop.merge_title"
        lines = [label(title, lang, programme=self.programme)]
        if not self.counts:
            lines.append("  " + label("interop.nothing", lang))
        for table, rows in self.added.items():
            if not len(rows):
                continue
            name = _title(table, lang)
            lines.append("  " + label("interop.would_add" if self.dry_run else "interop.added", lang, table=name, n=len(rows)))
            lines += ["    + " + _describe(table, row) for row in rows.head(limit).to_dict("records")]
            if len(rows) > limit:
                lines.append("    …")
        for table, c in self.tally.items():
            name = _title(table, lang)
            lines.append("  " + label("interop.merge_tally", lang, what=name, **c))
        lines += ["  " + d.message for d in self.duplicates[:limit]]
        if len(self.duplicates) > limit:
            lines.append("  " + label("interop.more_duplicates", lang, n=len(self.duplicates) - limit))
        lines += ["  " + m for m in self.messages]
        lines += ["  " + label("interop.written", lang, file=f) for f in self.files]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()


def _duplicate(report: MergeReport, table: str, record: str, value: str, lang: str) -> None:
    """Note that a record of ``table`` (``record`` names its kind for the reader) is already in the programme."""
    message = label("interop.duplicate", lang, table=record, value=value)
    report.duplicates.append(Problem(INFO, "import.duplicate", message, table=table, value=value))


def _title(table: str, lang: str) -> str:
    """The title of a programme table in ``lang`` (« Grille de codage », "Codebook")."""
    return getattr(get_table(table), f"title_{check_lang(lang)}")


def _describe(table: str, row: dict) -> str:
    if table == "observations":
        text = row["text"] if len(row["text"]) <= 60 else row["text"][:59] + "…"
        return f"{row['id']} ({row['site']}) « {text} »"
    if table == "codebook":
        return f"{row['tag']} ({row['family']})"
    if table == "double_coding":
        return f"{row['observation']} — {row['coder']} : {format_list(row['tags'] or []) or '∅'}"
    if table == "memos":
        return f"{row['id']} ({row['about']} {row.get('target') or ''}) « {_short(row['text'])} »"
    answer = "" if row["answer"] is None else row["answer"]
    return f"{row['respondent']} ({row['site']}) {row['question']} : {answer}"


def merge_into(programme_dir: Path | str, imported: Imported, *, dry_run: bool = False, id_prefix: str | None = None,
               lang: str = "fr") -> MergeReport:
    """Add the records of an import to a programme folder.

    Parameters
    ----------
    programme_dir : Path or str
        The programme folder (with ``programme.yaml``).
    imported : Imported
        What a reader returned (:func:`~transfo_lab.interop.refiqda.read_qdpx`…).
    dry_run : bool, default False
        Only say what would be added; write nothing.
    id_prefix : str, optional
        Prefix of new observation ids (default ``OBS-QDA`` for REFI-QDA, ``OBS-TAG`` for
        Taguette, ``OBS-IMP`` otherwise).

    Returns
    -------
    MergeReport

    Raises
    ------
    ParameterError
        If the folder is not a programme folder.
    DataError
        If a record names a site the programme does not declare, if a table kept in a
        workbook already has an ``-import.csv`` file beside it, or if a character cannot be
        written in a file's encoding. Nothing is written then.
    """
    from transfo_lab.contract.programme import CONFIG_FILE, load_programme

    folder = Path(programme_dir)
    if not (folder / CONFIG_FILE).is_file():
        raise ParameterError(label("interop.not_a_programme", lang, folder=folder))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prog = load_programme(folder, strict=False, lang=lang)
    report = MergeReport(folder.name, dry_run=dry_run, lang=lang)
    records, answers = _check_sites(imported, prog.config.site_ids, lang)
    prefix = id_prefix or ID_PREFIXES.get(imported.kind, "OBS-IMP")
    observations = _new_observations(records, prog.observations, prefix, report, lang)
    codebook = _new_codebook(imported, observations, prog.codebook, report, lang)
    survey = _new_survey(answers, prog.survey, report, lang)
    known_ids = set(prog.observations["id"].dropna()) | set(observations.get("id", pd.Series(dtype=object)).dropna())
    double_coding = _new_double_coding(imported, prog.double_coding, known_ids, report, lang)
    memos = _new_memos(imported, prog.memos, pd.concat([prog.observations, observations], ignore_index=True)
                       if len(imported.memos) else prog.observations, report, lang)
    report.added = {"codebook": codebook, "observations": observations, "survey": survey,
                    "double_coding": double_coding, "memos": memos}
    with contextlib.ExitStack() as locks:  # the save protocol of editing.py: lock, re-read, append, write
        plans = [_plan(folder, prog.sources, table, rows, report, lang, locks=None if dry_run else locks)
                 for table, rows in report.added.items() if len(rows)]
        for file, _ in plans:  # every check before the first write
            try:
                file.to_text().encode(file.encoding)
            except UnicodeEncodeError as exc:
                raise DataError(label("interop.unencodable", lang, char=exc.object[exc.start:exc.end],
                                      encoding=file.encoding), file=file.path.name) from None
        if not dry_run:
            for file, backup in plans:
                file.save(backup=backup)
                report.files.append(file.path.name)
    return report


def _check_sites(imported: Imported, site_ids: list[str], lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """New observations and survey frames with the programme's spelling of site ids; refuse unknown sites."""
    canon = {normalise_key(s): s for s in site_ids}
    frames = []
    for frame in (imported.observations, imported.survey):
        frame = frame.copy()
        for value in frame["site"].dropna().unique() if len(frame) else []:
            if normalise_key(value) not in canon:
                raise DataError(label("interop.unknown_site", lang, value=value, expected=", ".join(site_ids) or "—"),
                                file=imported.file, value=value)
        if len(frame):
            frame["site"] = frame["site"].map(lambda v: canon.get(normalise_key(v), v) if v is not None else v)
        frames.append(frame)
    return frames[0], frames[1]


def _text_key(site, text, source=None, position=None) -> tuple[str, str, str, str]:
    """Site, text, source document and position of an observation, as compared for duplicates."""
    def plain(value) -> str:
        return "" if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)) else str(value).strip()

    return normalise_key(site), " ".join(str(text).split()).casefold(), plain(source), plain(position)


def _new_observations(records: pd.DataFrame, existing: pd.DataFrame, prefix: str, report: MergeReport,
                      lang: str) -> pd.DataFrame:
    column = lambda name: existing[name] if name in existing.columns else [None] * len(existing)  # noqa: E731
    seen = {_text_key(s, t, src, pos) for s, t, src, pos in zip(existing["site"], existing["text"], column("source"),
                                                                column("position")) if t is not None and s is not None}
    taken = {str(i).casefold() for i in existing["id"].dropna()}
    number = max([int(i[len(prefix) + 1:]) for i in existing["id"].dropna().astype(str)
                  if i.startswith(prefix + "-") and i[len(prefix) + 1:].isdigit()] or [0])
    rows, batch = [], {}
    tally = {"offered": len(records), "added": 0, "merged": 0, "present": 0}
    if len(records):
        report.tally["observations"] = tally
    for record in records.to_dict("records"):
        key = _text_key(record["site"], record["text"], record.get("source"), record.get("position"))
        if key in batch:  # the same passage twice in this import: one observation with the tags of both
            first = batch[key]
            first["tags"] = list(dict.fromkeys(list(first.get("tags") or []) + list(record.get("tags") or [])))
            tally["merged"] += 1
            continue
        if key in seen or key[:2] + ("", "") in seen:
            _duplicate(report, "observations", "observation", f"({record['site']}) « {_short(record['text'])} »", lang)
            tally["present"] += 1
            continue
        batch[key] = record
        tally["added"] += 1
        old = record.get("id")
        if old is None or str(old).casefold() in taken:
            number += 1
            while f"{prefix}-{number:04d}".casefold() in taken:
                number += 1
            record["id"] = f"{prefix}-{number:04d}"
            if old is not None:
                report.messages.append(label("interop.new_id", lang, old=old, new=record["id"]))
        taken.add(str(record["id"]).casefold())
        rows.append(record)
    return pd.DataFrame(rows, columns=records.columns, dtype=object)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 50 else text[:49] + "…"


def _new_codebook(imported: Imported, observations: pd.DataFrame, existing: pd.DataFrame, report: MergeReport,
                  lang: str) -> pd.DataFrame:
    known = {normalise_key(t) for t in existing["tag"].dropna()}
    rows = []
    tally = {"offered": 0, "added": 0, "merged": 0, "present": 0}
    for record in imported.codebook.to_dict("records"):
        tally["offered"] += 1
        if normalise_key(record["tag"]) in known:
            _duplicate(report, "codebook", label("interop.record.tag", lang), f"« {record['tag']} »", lang)
            tally["present"] += 1
            continue
        known.add(normalise_key(record["tag"]))
        rows.append(record)
        tally["added"] += 1
    family = label("interop.family_imported", lang)
    for tags in observations.get("tags", []):
        for tag in tags or []:
            if normalise_key(tag) not in known:
                known.add(normalise_key(tag))
                rows.append({"tag": tag, "family": family, "example": None,
                             "definition": label("interop.no_definition", lang, file=imported.file)})
                report.messages.append(label("interop.new_tag", lang, value=tag, family=family))
                tally["offered"] += 1
                tally["added"] += 1
    if tally["offered"]:
        report.tally["codebook"] = tally
    return pd.DataFrame(rows, columns=imported.codebook.columns, dtype=object)


def _new_survey(records: pd.DataFrame, existing: pd.DataFrame, report: MergeReport, lang: str) -> pd.DataFrame:
    def key(respondent, site, question):
        return normalise_key(respondent), normalise_key(site), " ".join(str(question).split()).casefold()

    seen = {key(r, s, q) for r, s, q in zip(existing["respondent"], existing["site"], existing["question"])}
    rows = []
    if len(records):
        report.tally["survey"] = {"offered": len(records), "added": len(records), "merged": 0, "present": 0}
    for record in records.to_dict("records"):
        k = key(record["respondent"], record["site"], record["question"])
        if k in seen:
            report.tally["survey"]["added"] -= 1
            report.tally["survey"]["present"] += 1
            _duplicate(report, "survey", label("interop.record.answer", lang),
                       f"{record['respondent']} ({record['site']}) « {record['question']} »", lang)
            continue
        seen.add(k)
        rows.append(record)
    return pd.DataFrame(rows, columns=records.columns, dtype=object)


def _new_double_coding(imported: Imported, existing: pd.DataFrame, known_ids: set, report: MergeReport,
                       lang: str) -> pd.DataFrame:
    """Codings of a blind coding workbook not yet in the double-coding table (a coder's coding is never replaced)."""
    records = imported.double_coding
    if not len(records):
        return records
    known = {normalise_key(i): i for i in known_ids}
    unknown = [o for o in records["observation"] if normalise_key(o) not in known]
    if unknown:
        raise DataError(label("validation.unknown_ref", lang, value=", ".join(map(str, unknown[:5])),
                              expected=_title("observations", lang)), file=imported.file, value=unknown[0])
    seen = {(normalise_key(o), normalise_key(c)) for o, c in zip(existing["observation"], existing["coder"])
            if o is not None and c is not None}
    rows, tally = [], {"offered": len(records), "added": 0, "merged": 0, "present": 0}
    for record in records.to_dict("records"):
        record["observation"] = known[normalise_key(record["observation"])]
        key = (normalise_key(record["observation"]), normalise_key(record["coder"] or ""))
        if key in seen:
            _duplicate(report, "double_coding", label("interop.record.coding", lang),
                       f"{record['observation']} ({record['coder']})", lang)
            tally["present"] += 1
            continue
        seen.add(key)
        rows.append(record)
        tally["added"] += 1
    report.tally["double_coding"] = tally
    return pd.DataFrame(rows, columns=records.columns, dtype=object)


def _new_memos(imported: Imported, existing: pd.DataFrame, observations: pd.DataFrame, report: MergeReport,
               lang: str) -> pd.DataFrame:
    """Memos not yet in the memos table (same subject and text), with new ids when theirs are taken.

    A selection memo's target becomes the id of its observation; a memo whose observation is not
    in the programme is reported and not added (import the project's observations first).
    """
    from transfo_lab.interop.memos import resolve_selection

    records = imported.memos
    if not len(records):
        return records
    records = records.copy()
    kept = []
    for index, record in records.iterrows():
        if record["about"] == "selection":
            found = resolve_selection(record["target"], observations)
            if found is None:
                report.messages.append(label("rigour.unknown_memo_target", lang, value=record["target"],
                                             expected="observations"))
                continue
            records.at[index, "target"] = found
        kept.append(index)
    records = records.loc[kept]
    seen = {(normalise_key(a or ""), normalise_key(t or ""), " ".join(str(x).split()).casefold())
            for a, t, x in zip(existing["about"].astype(object), existing["target"], existing["text"])}
    taken = {str(i).casefold() for i in existing["id"].dropna()}
    number = len(taken)
    rows, tally = [], {"offered": len(records), "added": 0, "merged": 0, "present": 0}
    for record in records.to_dict("records"):
        key = (normalise_key(record["about"] or ""), normalise_key(record.get("target") or ""),
               " ".join(str(record["text"]).split()).casefold())
        if key in seen:
            _duplicate(report, "memos", label("interop.record.memo", lang), f"« {_short(record['text'])} »", lang)
            tally["present"] += 1
            continue
        seen.add(key)
        if record.get("id") is None or str(record["id"]).casefold() in taken:
            number += 1
            while f"MEMO-{number:03d}".casefold() in taken:
                number += 1
            record["id"] = f"MEMO-{number:03d}"
        taken.add(str(record["id"]).casefold())
        rows.append(record)
        tally["added"] += 1
    report.tally["memos"] = tally
    return pd.DataFrame(rows, columns=records.columns, dtype=object)


def _plan(folder: Path, sources: dict[str, str], table: str, rows: pd.DataFrame, report: MergeReport,
          lang: str, locks: contextlib.ExitStack | None = None) -> tuple[TableFile, bool]:
    """The table file with the new rows appended (not saved yet), and whether to back it up."""
    spec = get_table(table)
    source = sources.get(table)
    backup = True
    if source is None:
        path = folder / f"{spec.file}.csv"
    elif source.endswith("]") or Path(source).suffix.lower() in (".xlsx", ".ods"):
        workbook = Path(source.split("[")[0]).name
        path = folder / f"{spec.file}-import.csv"
        title = _title(table, lang)
        if path.exists():
            raise DataError(label("interop.workbook_refused", lang, table=title, file=workbook, new=path.name),
                            file=path.name)
        report.messages.append(label("interop.workbook_table", lang, table=title, file=workbook, new=path.name))
        backup = False
    else:
        path = Path(source)
    if locks is not None:
        locks.enter_context(locked(path, lang=lang))
    file = TableFile.read(path, spec, lang=lang)
    declared = {c.name: c for c in spec.columns}
    for record in rows.to_dict("records"):
        cells = {name: _cell(record.get(name), col.type, file.separator) for name, col in declared.items()}
        file.append({name: text for name, text in cells.items() if text})
    return file, backup


def _cell(value, kind: str, separator: str) -> str:
    """A value as the text of a CSV cell (dates as 12/10/2016, lists comma-separated)."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if kind == "date":
        return date_cell(value)
    if kind == "list":
        return format_list(value)
    if isinstance(value, float):
        return format_number_cell(value, separator)
    return str(value)
