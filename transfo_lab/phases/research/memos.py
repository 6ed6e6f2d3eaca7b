"""Analysis memos beside what they are about: a code, an observation, a source document, the project.

The ``memos`` table (imported from a REFI-QDA project with ``transfo-lab import memos``, or
typed) links each memo to a tag, an observation id or a source document. These functions put
them in a report: a table of the memos (:func:`format_memos`), the memos of each tag beside
a table indexed by tag (:func:`attach_memos`), and one sentence (:func:`memo_sentence`).
Memos are free text: give them from a pseudonymised programme
(:func:`transfo_lab.contract.privacy.pseudonymise_programme`), as every report does.

Examples
--------
>>> memos = pd.DataFrame({"id": ["M1", "M2"], "about": ["code", "projet"], "target": ["accueil", None],
...                       "title": [None, "Cadre"], "text": ["Accueil = aussi le portail", "Trois sites"],
...                       "author": [None, None], "date": [None, None]})
>>> memo_sentence(memos)
"2 mémo(s) d'analyse : 1 sur le projet, 1 sur une étiquette."
"""
from __future__ import annotations

import pandas as pd

from transfo_lab.base.formats import format_date
from transfo_lab.base.labels import check_lang, label
from transfo_lab.contract.schemas import TABLES_BY_NAME

_ORDER = ("projet", "source", "code", "selection")


def _subject(row, observations: pd.DataFrame | None, site_names: dict | None, lang: str) -> str:
    about = str(row.get("about") or "projet")
    kind = label(f"rigour.memo_kind.{about}", lang) if about in _ORDER else about
    target = row.get("target")
    if about == "projet" or target is None or (isinstance(target, float) and pd.isna(target)):
        return kind
    text = f"{kind} {target}"
    if about == "selection" and observations is not None and "id" in observations.columns:
        site = observations.loc[observations["id"] == target, "site"]
        if len(site):
            text += f" ({(site_names or {}).get(site.iloc[0], site.iloc[0])})"
    return text


def format_memos(memos: pd.DataFrame, *, observations: pd.DataFrame | None = None,
                 site_names: dict[str, str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """The memos for a report, in the order project, documents, tags, excerpts: what each is about, its text.

    >>> memos = pd.DataFrame({"about": ["selection"], "target": ["OBS-1"], "title": [None], "text": ["À revoir"],
    ...                       "author": ["Anne"], "date": [None]})
    >>> obs = pd.DataFrame({"id": ["OBS-1"], "site": ["a"]})
    >>> format_memos(memos, observations=obs, site_names={"a": "Lycée A"}).iloc[0].tolist()
    ['extrait OBS-1 (Lycée A)', '', 'À revoir', 'Anne', '']
    """
    check_lang(lang)
    data = memos.copy()
    data["_order"] = data["about"].astype(object).map({k: i for i, k in enumerate(_ORDER)}).fillna(len(_ORDER))
    data = data.sort_values(["_order"], kind="stable")

    def text(value) -> str:
        return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)

    def day(value) -> str:
        return "" if value is None or pd.isna(value) else format_date(value, lang)

    column = TABLES_BY_NAME["memos"].column

    return pd.DataFrame({
        label("rigour.memo_about", lang): [_subject(r, observations, site_names, lang) for r in data.to_dict("records")],
        column("title").header(lang): [text(v) for v in data["title"]],
        label("rigour.memo", lang): [text(v) for v in data["text"]],
        column("author").header(lang): [text(v) for v in data.get("author", pd.Series([None] * len(data)))],
        column("date").header(lang): [day(v) for v in data.get("date", pd.Series([None] * len(data)))],
    }).reset_index(drop=True)


def attach_memos(frame: pd.DataFrame, memos: pd.DataFrame, *, about: str = "code", on: str = "tag",
                 lang: str = "fr") -> pd.DataFrame:
    """``frame`` with a column of the memos about each of its rows (tags, observations or documents).

    ``on`` is the column of ``frame`` holding the tag (``about="code"``), the observation id
    (``about="selection"``) or the document (``about="source"``). Several memos are joined by « ; ».

    >>> tags = pd.DataFrame({"tag": ["accueil", "cantine"], "n": [12, 5]})
    >>> memos = pd.DataFrame({"about": ["code"], "target": ["accueil"], "text": ["Aussi le portail"]})
    >>> attach_memos(tags, memos)["Mémo"].tolist()
    ['Aussi le portail', '']
    """
    check_lang(lang)
    part = memos[memos["about"].astype(object) == about] if memos is not None and len(memos) else memos
    joined = {} if part is None or part.empty else \
        part.groupby("target")["text"].agg(lambda t: " ; ".join(str(x) for x in t if isinstance(x, str)))
    result = frame.copy()
    result[label("rigour.memo", lang)] = [dict(joined).get(v, "") if len(joined) else "" for v in frame[on]]
    return result


def memo_sentence(memos: pd.DataFrame, *, lang: str = "fr") -> str:
    """How many memos, on what: « 4 mémo(s) d'analyse : 1 sur le projet, 2 sur une étiquette… »."""
    check_lang(lang)
    if memos is None or memos.empty:
        return label("rigour.no_memo", lang)
    counts = memos["about"].astype(object).value_counts()
    parts = ", ".join(f"{int(counts[k])} {label(f'rigour.memo_on.{k}.' + ('many' if counts[k] > 1 else 'one'), lang)}"
                      for k in _ORDER if k in counts)
    return label("rigour.memo_sentence", lang, n=len(memos), parts=parts)
