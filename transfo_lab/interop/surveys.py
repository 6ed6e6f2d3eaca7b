"""Survey exports (LimeSurvey, Framaforms, any spreadsheet of one row per respondent) → the survey table.

The survey table of a programme is *long*: one row per respondent × question, the answer
on its question's scale (1–5 unless the row says otherwise; empty = no answer). Survey
tools export *wide* files: one row per respondent, one column per question.
:func:`read_survey` turns one into the other:

* LimeSurvey's own columns (``id``, ``submitdate``, ``lastpage``, ``startlanguage``,
  ``seed``…, in English or French) give the respondent and the date, or are dropped (and
  reported);
* columns named like those of the survey table (``Répondant``, ``Site``, ``Date``,
  ``Profil``) fill them;
* every other column is a question, kept on **its own scale**, written in the
  ``scale_min``, ``scale_max`` (and ``scale_labels``) columns of its rows:

  - declared in the mapping file (``scales:`` question → ``1-7``, ``0-10`` or a list of
    labels lowest first; ``scale:`` for every question) or with ``--scale``;
  - else inferred from the answer labels: French or English agreement labels
    (« Plutôt d'accord », "Strongly agree"…) or the ``answers`` of the mapping file give
    the 1–5 scale;
  - never guessed from the largest answer seen: a question answered with numbers only and
    no declared scale is skipped, with its range shown, so that the scale can be declared;

* « N/A », « Sans réponse » and empty cells are non-answers;
* a column that cannot be imported — empty, without a header, with the same header as
  another, with answers off its scale — is skipped and reported with its name and the
  reason. The counts add up: columns read = imported + skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from transfo_lab.base.exceptions import ParameterError

from transfo_lab.interop.records import Imported, given_date, records_frame
from transfo_lab.contract.io import read_table
from transfo_lab.base.labels import label
from transfo_lab.contract.schemas import LIKERT_LABELS, get_table, header_lookup, normalise_key
from transfo_lab.contract.validation import parse_date_or_none, parse_likert

#: LimeSurvey's columns (English and French exports), normalised → the survey column they fill (None: dropped).
LIMESURVEY_COLUMNS: dict[str, str | None] = {
    "id": "respondent", "response_id": "respondent", "id_de_la_reponse": "respondent",
    "submitdate": "date", "date_submitted": "date", "date_de_soumission": "date",
    **{k: None for k in ("lastpage", "last_page", "derniere_page", "startlanguage", "start_language",
                         "langue_de_depart", "seed", "tete_de_serie", "startdate", "date_started", "date_de_debut",
                         "datestamp", "date_last_action", "date_de_la_derniere_action", "ipaddr", "ip_address",
                         "adresse_ip", "refurl", "referrer_url", "url_de_reference", "token", "jeton")},
}
#: Answers that mean "no answer" (normalised).
NON_ANSWERS = frozenset({"n_a", "na", "nr", "sans_reponse", "pas_de_reponse", "non_reponse", "no_answer",
                         "not_answered", "ne_sait_pas", "nsp", "dont_know"})
#: LimeSurvey's timing columns (``interviewtime``, ``groupTime123``), normalised.
_LIMESURVEY_TIMES = re.compile(r"^(interviewtime|grouptime\d+)$")
_SURVEY = get_table("survey")
_META = ("respondent", "site", "date", "role")


def answer_score(value, answers: dict | None = None) -> int | None:
    """One answer → 1–5, ``None`` for a non-answer; ``ValueError`` if it is not on the scale.

    ``answers`` maps normalised labels to scores (the ``answers`` of a mapping file); it is
    looked up before the built-in French and English labels.

    Examples
    --------
    >>> answer_score("Plutôt d'accord"), answer_score("N/A"), answer_score(" 5 "), answer_score(None)
    (4, None, 5, None)
    >>> answer_score("Très satisfait", {"tres_satisfait": 5})
    5
    """
    if value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip():
        return None
    key = normalise_key(value)
    if answers and key in answers:
        return answers[key]
    if key in NON_ANSWERS or not key:
        return None
    if key in LIKERT_LABELS:
        return LIKERT_LABELS[key]
    return parse_likert(value)


@dataclass(frozen=True)
class Scale:
    """A question's answer scale: whole numbers from ``low`` to ``high``, with optional labels (lowest first)."""

    low: int
    high: int
    labels: tuple[str, ...] = ()

    @property
    def is_default(self) -> bool:
        """The 1–5 scale without labels: what an empty scale in the survey table means."""
        return (self.low, self.high) == (1, 5) and not self.labels

    def __str__(self) -> str:
        return f"{self.low}–{self.high}" + (f" ({', '.join(self.labels)})" if self.labels else "")


LIKERT_5 = Scale(1, 5)
_RANGE = re.compile(r"^\s*(-?\d+)\s*(?:-|–|—|\.\.|à|to)\s*(-?\d+)\s*$")


def parse_scale(value) -> Scale:
    """A declared scale: ``"1-7"``, ``"0–10"``, ``"1 à 7"``, or a list of labels lowest first (scored 1, 2…).

    >>> parse_scale("1-7"), parse_scale("0 à 10"), parse_scale(["Jamais", "Parfois", "Souvent"])
    (Scale(low=1, high=7, labels=()), Scale(low=0, high=10, labels=()), Scale(low=1, high=3, labels=('Jamais', 'Parfois', 'Souvent')))

    Raises
    ------
    ValueError
        If the value is neither a range (lowest below highest) nor a list of two labels or more.
    """
    if isinstance(value, (list, tuple)):
        labels = tuple(str(v).strip() for v in value if str(v).strip())
        if len(labels) < 2:
            raise ValueError(value)
        return Scale(1, len(labels), labels)
    match = _RANGE.match(str(value))
    if match is None or int(match.group(1)) >= int(match.group(2)):
        raise ValueError(value)
    return Scale(int(match.group(1)), int(match.group(2)))


def _number(value) -> int | None:
    """A cell holding a whole number → the number, else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else None
    text = str(value).strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _score(value, scale: Scale | None, answers: dict) -> int | None:
    """One answer on ``scale`` (``None``: inferred) → its score, ``None`` for a non-answer; ``ValueError`` if off the scale."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip():
        return None
    key = normalise_key(value)
    if key in answers:
        score = answers[key]
    elif key in NON_ANSWERS or not key:
        return None
    elif scale is not None and scale.labels and key in [normalise_key(t) for t in scale.labels]:
        return scale.low + [normalise_key(t) for t in scale.labels].index(key)
    elif key in LIKERT_LABELS and (scale is None or scale == LIKERT_5 or (scale.low, scale.high) == (1, 5)):
        score = LIKERT_LABELS[key]
    else:
        score = _number(value)
        if score is None:
            raise ValueError(value)
    bounds = scale or LIKERT_5
    if score is not None and not bounds.low <= score <= bounds.high:
        raise ValueError(value)
    return score


def read_survey(path: Path | str, *, site: str | None = None, date=None, mapping: dict | None = None,
                scale=None, kind: str = "survey", lang: str = "fr") -> Imported:
    """Read a survey export (one row per respondent, CSV or XLSX) into survey records.

    Parameters
    ----------
    path : Path or str
    site : str, optional
        Site of every respondent (else the file's site column, translated by ``sites`` of
        the mapping).
    date : str or date, optional
        Date of every answer (else the file's date or LimeSurvey submission date).
    mapping : dict, optional
        From :func:`~transfo_lab.interop.records.load_mapping`: ``columns`` (header →
        respondent, site, date, role or ``ignore``), ``questions`` (header → question text),
        ``answers`` (label → score), ``scales`` (header → scale), ``scale`` (every
        question's scale), ``sites`` (value → site id).
    scale : str or list, optional
        The scale of every question without a scale of its own in the mapping (``"1-7"``,
        ``"0-10"``, labels lowest first), see :func:`parse_scale`.
    kind : str, default "survey"
        Name of the import in the report (``limesurvey`` for :func:`read_limesurvey`).

    Returns
    -------
    Imported
        ``survey`` holds the records, respondent by respondent, questions in file order,
        each with its question's scale (``scale_min``, ``scale_max``, ``scale_labels``;
        empty for the 1–5 scale).

    Raises
    ------
    FileFormatError
        If the file cannot be read.
    ParameterError
        If ``scale`` is not a scale.
    """
    path, mapping = Path(path), mapping or {}
    raw = read_table(path, lang=lang)
    result = Imported(path.name, kind)
    default_scale = _given_scale(scale if scale is not None else mapping.get("scale"), "--scale", lang)
    answers = mapping.get("answers", {})
    lookup = header_lookup(_SURVEY)
    data = raw.data
    headers = [str(h) for h in data.columns]
    positions: dict[str, list[int]] = {}
    for position, header in enumerate(headers):
        positions.setdefault(header, []).append(position)
    meta: dict[str, int] = {}
    kept: list[tuple[int, str, Scale, list]] = []
    tool = "LimeSurvey" if kind == "limesurvey" else label("interop.what.source", lang)

    def skip(index: int, name: str, reason: str, **values) -> None:
        result.skip("column", name or f"n° {index + 1}", reason, lang, unit="columns", column=name or None, **values)

    for position, header in enumerate(headers):
        result.count("columns", "read")
        key = normalise_key(header)
        if not key:
            skip(position, "", "no_header")
            continue
        if len(positions[header]) > 1:
            others = ", ".join(str(p + 1) for p in positions[header])
            skip(position, header, "duplicate_column", position=position + 1, others=others)
            continue
        if key in mapping.get("columns", {}):
            role = mapping["columns"][key]
            role = None if role in (None, "ignore") else role
            if role is None:
                skip(position, header, "ignored_column")
                continue
        elif key in LIMESURVEY_COLUMNS or _LIMESURVEY_TIMES.match(key):
            role = LIMESURVEY_COLUMNS.get(key)
            if role is None:
                skip(position, header, "meta_column", tool="LimeSurvey")
                continue
        elif lookup.get(key) in _META:
            role = lookup[key]
        else:
            role = "question"
        if role != "question":
            if role in meta:
                skip(position, header, "second_meta", value=headers[meta[role]])
                continue
            meta[role] = position
            result.count("columns", "imported")
            continue
        question = str(mapping.get("questions", {}).get(key, header)).strip()
        cells = data.iloc[:, position].tolist()
        if all(c is None or (isinstance(c, float) and pd.isna(c)) or not str(c).strip() for c in cells):
            skip(position, header, "empty_column")
            continue
        declared = mapping.get("scales", {}).get(key) or mapping.get("scales", {}).get(normalise_key(question))
        declared = _given_scale(declared, f"scales.{header}", lang) if declared is not None else default_scale
        column_scale, reason = _column_scale(cells, declared, answers)
        if column_scale is None:
            skip(position, header, reason[0], **reason[1])
            continue
        kept.append((position, question, column_scale, [_score(c, column_scale, answers) for c in cells]))
        result.count("columns", "imported")
    fixed_site = site or mapping.get("site")
    fixed_date = given_date(date if date is not None else mapping.get("date"), lang=lang)
    records, respondents = [], 0
    for row, cells in enumerate(data.itertuples(index=False)):
        cells = list(cells)
        result.count("respondents", "read")
        respondent = _text(cells[meta["respondent"]]) if "respondent" in meta else None
        respondent = respondent or f"R{row + 1:03d}"
        record_site = fixed_site
        if not record_site and "site" in meta:
            record_site = _text(cells[meta["site"]])
            if record_site:
                record_site = str(mapping.get("sites", {}).get(normalise_key(record_site), record_site))
        if not record_site:
            result.skip("respondent", respondent, "no_site", lang, unit="respondents", row=data.index[row])
            continue
        respondents += 1
        result.count("respondents", "imported")
        day = fixed_date if fixed_date is not None else parse_date_or_none(cells[meta["date"]] if "date" in meta else None)
        role = _text(cells[meta["role"]]) if "role" in meta else None
        for _, question, column_scale, scores in kept:
            default = column_scale.is_default
            records.append({"respondent": respondent, "site": record_site, "date": day, "role": role,
                            "question": question, "answer": scores[row],
                            "scale_min": None if default else column_scale.low,
                            "scale_max": None if default else column_scale.high,
                            "scale_labels": list(column_scale.labels) or None})
    result.survey = records_frame("survey", records)
    result.counts.update(respondents=respondents, questions=len(kept),
                         answers=sum(r["answer"] is not None for r in records))
    return result


def _given_scale(value, where: str, lang: str) -> Scale | None:
    if value is None or value == "":
        return None
    try:
        return parse_scale(value)
    except ValueError:
        raise ParameterError(label("interop.bad_scale", lang, where=where, value=value)) from None


def _column_scale(cells: list, declared: Scale | None, answers: dict) -> tuple[Scale | None, tuple[str, dict]]:
    """The scale of a question column and, when it has none, why: the reason's key and its values."""
    if declared is not None:
        for cell in cells:
            try:
                _score(cell, declared, answers)
            except ValueError:
                return None, ("off_scale", {"value": cell, "scale": str(declared)})
        return declared, ("", {})
    numbers, labelled = [], False
    for cell in cells:
        if cell is None or (isinstance(cell, float) and pd.isna(cell)) or not str(cell).strip():
            continue
        key = normalise_key(cell)
        if key in answers or key in LIKERT_LABELS:
            labelled = True
        elif key in NON_ANSWERS or not key:
            continue
        elif _number(cell) is not None:
            numbers.append(_number(cell))
        else:
            return None, ("not_likert", {"value": cell})
    if not labelled:
        if not numbers:
            return None, ("empty_column", {})
        return None, ("undeclared_scale", {"low": min(numbers), "high": max(numbers)})
    for cell in cells:
        try:
            _score(cell, LIKERT_5, answers)
        except ValueError:
            return None, ("off_scale", {"value": cell, "scale": str(LIKERT_5)})
    return LIKERT_5, ("", {})


def read_limesurvey(path: Path | str, *, site: str | None = None, date=None, mapping: dict | None = None,
                    scale=None, lang: str = "fr") -> Imported:
    """Read a LimeSurvey CSV export (« Réponses » exported with question codes or texts).

    Same as :func:`read_survey`; LimeSurvey's own columns (``id``, ``submitdate``…) give
    the respondent and the date or are dropped.
    """
    return read_survey(path, site=site, date=date, mapping=mapping, scale=scale, kind="limesurvey", lang=lang)


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None
