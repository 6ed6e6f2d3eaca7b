"""Survey exports (LimeSurvey, Framaforms, any spreadsheet of one row per respondent) → the survey table.

The survey table of a programme is *long*: one row per respondent × question, the answer
on the 1–5 Likert scale (empty = no answer). Survey tools export *wide* files: one row per
respondent, one column per question. :func:`read_survey` turns one into the other:

* LimeSurvey's own columns (``id``, ``submitdate``, ``lastpage``, ``startlanguage``,
  ``seed``…, in English or French) give the respondent and the date, or are dropped;
* columns named like those of the survey table (``Répondant``, ``Site``, ``Date``,
  ``Profil``) fill them;
* every other column is a question; its answers — ``1``–``5``, a French or English
  agreement label (« Plutôt d'accord », "Strongly agree"…), or a label of the mapping
  file's ``answers`` — become the 1–5 score; « N/A », « Sans réponse » and empty cells are
  non-answers;
* a question whose answers are not on the scale (free text, yes/no…) is skipped, with one
  of its values shown, so that a mapping can be added.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from transfo_lab.interop.records import Imported, given_date, records_frame
from transfo_lab.io import read_table
from transfo_lab.labels import label
from transfo_lab.schemas import LIKERT_LABELS, get_table, header_lookup, normalise_key
from transfo_lab.validation import parse_date, parse_likert

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


def read_survey(path: Path | str, *, site: str | None = None, date=None, mapping: dict | None = None,
                kind: str = "survey", lang: str = "fr") -> Imported:
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
        ``answers`` (label → 1–5), ``sites`` (value → site id).
    kind : str, default "survey"
        Name of the import in the report (``limesurvey`` for :func:`read_limesurvey`).

    Returns
    -------
    Imported
        ``survey`` holds the records, respondent by respondent, questions in file order.

    Raises
    ------
    FileFormatError
        If the file cannot be read.
    """
    path, mapping = Path(path), mapping or {}
    raw = read_table(path, lang=lang)
    result = Imported(path.name, kind)
    lookup = header_lookup(_SURVEY)
    roles: dict[str, str | None] = {}
    questions: list[tuple[str, str]] = []
    for header in raw.data.columns:
        key = normalise_key(header)
        if not key:
            continue
        if key in mapping.get("columns", {}):
            role = mapping["columns"][key]
            roles[header] = None if role in (None, "ignore") else role
        elif key in LIMESURVEY_COLUMNS:
            roles[header] = LIMESURVEY_COLUMNS[key]
        elif lookup.get(key) in _META:
            roles[header] = lookup[key]
        else:
            questions.append((header, str(mapping.get("questions", {}).get(key, header)).strip()))
    meta = {role: header for header, role in roles.items() if role and role not in ("question", "answer")}
    scores, kept = {}, []
    for header, question in questions:
        column, bad = [], None
        for value in raw.data[header]:
            try:
                column.append(answer_score(value, mapping.get("answers")))
            except ValueError:
                bad = value
                break
        if bad is not None:
            result.skip("question", question, label("interop.reason.not_likert", lang, value=bad), lang)
            continue
        scores[header] = column
        kept.append((header, question))
    fixed_site = site or mapping.get("site")
    fixed_date = given_date(date if date is not None else mapping.get("date"), lang=lang)
    records, respondents = [], 0
    for position, (row, cells) in enumerate(raw.data.iterrows()):
        respondent = _text(cells.get(meta["respondent"])) if "respondent" in meta else None
        respondent = respondent or f"R{position + 1:03d}"
        record_site = fixed_site
        if not record_site and "site" in meta:
            record_site = _text(cells.get(meta["site"]))
            if record_site:
                record_site = str(mapping.get("sites", {}).get(normalise_key(record_site), record_site))
        if not record_site:
            result.skip("respondent", respondent, label("interop.reason.no_site", lang), lang)
            continue
        respondents += 1
        day = fixed_date if fixed_date is not None else _date(cells.get(meta["date"]) if "date" in meta else None)
        role = _text(cells.get(meta["role"])) if "role" in meta else None
        for header, question in kept:
            records.append({"respondent": respondent, "site": record_site, "date": day, "role": role,
                            "question": question, "answer": scores[header][position]})
    result.survey = records_frame("survey", records)
    result.counts.update(respondents=respondents, questions=len(kept),
                         answers=sum(r["answer"] is not None for r in records))
    return result


def read_limesurvey(path: Path | str, *, site: str | None = None, date=None, mapping: dict | None = None,
                    lang: str = "fr") -> Imported:
    """Read a LimeSurvey CSV export (« Réponses » exported with question codes or texts).

    Same as :func:`read_survey`; LimeSurvey's own columns (``id``, ``submitdate``…) give
    the respondent and the date or are dropped.
    """
    return read_survey(path, site=site, date=date, mapping=mapping, kind="limesurvey", lang=lang)


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _date(value) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError:
        return None
