"""An evaluation grid whose evidence can be checked: cited records, evidence coverage, flip margin.

An evidence cell of ``notes.csv`` may cite records of the programme by id — an observation
(``OBS-012``), a prototype test (``T-004``), a prototype (``PR-03``), an idea (``ID-17``).
The loader checks that every cited id exists (:func:`transfo_lab.contract.validation.cross_check`:
a located error otherwise); :func:`cited_records` shows what each score rests on.

:func:`evidence_coverage` gives, per site, the share of the scores (at the round behind the
recommendation) citing at least one record. :func:`flip_margin` gives, per site, the smallest
change of **one score** and of **one criterion's weight** that would change the recommendation
(deploy / adapt / rework) — « la recommandation tient tant que … ».

Examples
--------
>>> cited_ids("Comptage (OBS-012, OBS-031) ; test T-004 et PR-03")
['OBS-012', 'OBS-031', 'T-004', 'PR-03']
"""
from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pandas as pd

from transfo_lab.phases.evaluation import (WeightsWarning, _decide, normalise_weights, recommend, recommendation_evidence,
                                    thresholds)
from transfo_lab.base.labels import check_lang, format_number, format_percent, label
from transfo_lab.base.text import escape_markdown as _md  # the one Markdown escaping rule
from transfo_lab.contract.schemas import CITATION, CITED_TABLES, cited_ids, normalise_key

def _excerpt(text, width: int = 160) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def record_index(tables: dict[str, pd.DataFrame], lang: str = "fr") -> dict[str, tuple[str, str, str | None]]:
    """Normalised id → (id, table, what to show: the verbatim, the test's learning, the prototype or idea title)."""
    def result(value):
        return label(f"prototypes.result.{value}", lang) if value in ("validee", "invalidee", "mitigee") else value

    shown = {"observations": lambda r: r.get("text"),
             "tests": lambda r: " — ".join(str(v) for v in (r.get("hypothesis"), result(r.get("result")),
                                                           r.get("learning"))
                                           if v is not None and not (isinstance(v, float) and math.isnan(v))),
             "prototypes": lambda r: r.get("name"), "ideas": lambda r: r.get("title")}
    index = {}
    for name, column in CITED_TABLES.items():
        data = tables.get(name)
        if data is None or data.empty:
            continue
        for record in data.to_dict("records"):
            if record.get(column) is not None:
                index[normalise_key(record[column])] = (record[column], name, _excerpt(shown[name](record)),
                                                        record.get("site"))
    return index


def cited_records(evidence: pd.DataFrame, tables: dict[str, pd.DataFrame], *, lang: str = "fr") -> pd.DataFrame:
    """The records cited by each score line, resolved: one row per line × cited id.

    Parameters
    ----------
    evidence : DataFrame
        :func:`~transfo_lab.phases.evaluation.recommendation_evidence` (or ``prog.scores``: any frame with
        ``site``, ``criterion`` and ``evidence``).
    tables : dict
        ``prog.tables`` (observations, tests, prototypes, ideas).

    Returns
    -------
    DataFrame
        ``site``, ``criterion``, ``criterion_label``, ``id``, ``table``, ``kind`` (« verbatim »,
        « test »…, in ``lang``), ``text`` (shortened), ``found``.

    Examples
    --------
    >>> obs = pd.DataFrame({"id": ["OBS-1"], "text": ["« On attend debout dans le hall »"], "site": ["a"]})
    >>> lines = pd.DataFrame({"site": ["a"], "criterion": ["C1"], "evidence": ["Comptage, voir OBS-1"]})
    >>> cited_records(lines, {"observations": obs})[["id", "kind", "text"]].values.tolist()
    [['OBS-1', 'verbatim', '« On attend debout dans le hall »']]
    """
    check_lang(lang)
    index = record_index(tables, lang)
    rows = []
    for line in evidence.to_dict("records"):
        for cited in cited_ids(line.get("evidence")) + [c for c in cited_ids(line.get("comment"))
                                                        if c not in cited_ids(line.get("evidence"))]:
            found = index.get(normalise_key(cited))
            rows.append({"site": line.get("site"), "criterion": line.get("criterion"),
                         "criterion_label": line.get("criterion_label", line.get("criterion")),
                         "id": found[0] if found else cited, "table": found[1] if found else None,
                         "kind": label(f"rigour.kind.{found[1]}", lang) if found else "?",
                         "text": found[2] if found else "", "found": found is not None})
    return pd.DataFrame(rows, columns=["site", "criterion", "criterion_label", "id", "table", "kind", "text", "found"])


def format_cited(cited: pd.DataFrame, *, site_names: dict[str, str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """The cited records for a report: site, criterion, id, kind, text (French headers)."""
    check_lang(lang)
    return pd.DataFrame({
        label("common.site", lang): [(site_names or {}).get(s, s) for s in cited["site"]],
        label("evaluation.criterion", lang): cited["criterion_label"].tolist(),
        label("rigour.cited", lang): cited["id"].tolist(),
        label("rigour.cited_kind", lang): cited["kind"].tolist(),
        label("rigour.cited_text", lang): cited["text"].tolist(),
    })


# --- coverage ------------------------------------------------------------------------------------------

def evidence_coverage(criteria: pd.DataFrame, scores: pd.DataFrame, *, round: int | None = None,
                      sites: list[str] | None = None) -> pd.DataFrame:
    """Per site, at the round behind its recommendation: scores present, scores citing a record, the share.

    Examples
    --------
    >>> criteria = pd.DataFrame({"id": ["C1", "C2"], "criterion": ["Usage", "Coût"], "dimension": ["u", "c"],
    ...                          "weight": [0.5, 0.5], "adaptable": [True, True]})
    >>> scores = pd.DataFrame({"criterion": ["C1", "C2"], "site": ["a", "a"], "round": [1, 1], "score": [4.0, 3.0],
    ...                        "evidence": ["Comptage (OBS-001)", "Devis"], "comment": [None, None]})
    >>> evidence_coverage(criteria, scores)[["site", "n_scores", "n_cited", "coverage"]].values.tolist()
    [['a', 2, 1, 0.5]]
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WeightsWarning)
        lines = recommendation_evidence(criteria, scores, round=round, sites=sites)
    present = lines.dropna(subset=["score"])
    cites = [bool(cited_ids(e) or cited_ids(c)) for e, c in zip(present["evidence"], present["comment"])]
    present = present.assign(cites=pd.Series(cites, index=present.index, dtype=bool))
    rows = []
    for site in dict.fromkeys(lines["site"]):
        part = present[present["site"] == site]
        n, cited = len(part), int(part["cites"].sum())
        rows.append({"site": site, "round": lines.loc[lines["site"] == site, "round"].iloc[0], "n_scores": n,
                     "n_cited": cited, "coverage": cited / n if n else math.nan})
    return pd.DataFrame(rows, columns=["site", "round", "n_scores", "n_cited", "coverage"])


def format_coverage(coverage: pd.DataFrame, *, site_names: dict[str, str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """Evidence coverage for a report (French headers, share in %, a reading column)."""
    check_lang(lang)
    return pd.DataFrame({
        label("common.site", lang): [(site_names or {}).get(s, s) for s in coverage["site"]],
        label("rigour.n_scores", lang): [int(n) for n in coverage["n_scores"]],
        label("rigour.n_cited", lang): [int(n) for n in coverage["n_cited"]],
        label("rigour.coverage", lang): ["–" if pd.isna(v) else format_percent(v, 0, lang) for v in coverage["coverage"]],
        label("rigour.reading", lang): [label("rigour.margin_solid" if not pd.isna(v) and v >= 0.75 else
                                              "rigour.margin_tight", lang) for v in coverage["coverage"]],
    })


def coverage_sentence(coverage: pd.DataFrame, *, lang: str = "fr") -> str:
    """One sentence: the share of scores citing a checkable record, over all sites.

    >>> coverage_sentence(pd.DataFrame({"n_scores": [10, 10], "n_cited": [9, 6]})).replace("\xa0", " ")
    '75 % des notes citent au moins une source vérifiable (15 sur 20).'
    """
    n, cited = int(coverage["n_scores"].sum()), int(coverage["n_cited"].sum())
    share = format_percent(cited / n, 0, lang) if n else "–"
    return label("rigour.coverage_sentence", lang, share=share, cited=cited, n=n)


# --- flip margin ---------------------------------------------------------------------------------------

def _weighted(present: pd.DataFrame) -> float:
    w = present["weight"].astype(float)
    return float((w * present["score_15"]).sum() / w.sum())


def flip_margin(criteria: pd.DataFrame, scores: pd.DataFrame, *, limits: dict[str, float] | None = None,
                round: int | None = None, sites: list[str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """Per site, the smallest change of one score, and of one criterion's weight, that changes the recommendation.

    A score moves on its criterion's own scale, one whole point at a time; the size of a change
    is measured on the common 1–5 scale (ties: the first criterion of the grid). A weight moves
    alone, the others unchanged (the weights are renormalised, as :func:`~transfo_lab.phases.evaluation.recommend`
    does); the weight given is the boundary at which the decision changes, in the units of the
    criteria table. The floor rule (a common criterion under ``floor``) counts as in ``recommend``.

    Returns
    -------
    DataFrame
        ``site``, ``recommendation``, ``score`` (weighted, 1–5), ``score_criterion``,
        ``score_label``, ``score_old``, ``score_new``, ``score_to`` (the new decision),
        ``weight_criterion``, ``weight_label``, ``weight_old``, ``weight_new``, ``weight_to``;
        NaN / ``None`` where no single change flips the decision.

    Examples
    --------
    >>> criteria = pd.DataFrame({"id": ["C1", "C2"], "criterion": ["Usage", "Coût"], "dimension": ["u", "c"],
    ...                          "weight": [0.7, 0.3], "adaptable": [True, True]})
    >>> scores = pd.DataFrame({"criterion": ["C1", "C2"], "site": ["a", "a"], "round": [1, 1], "score": [4.0, 3.0]})
    >>> row = flip_margin(criteria, scores).iloc[0]
    >>> row["recommendation"], row["score_criterion"], float(row["score_new"]), row["score_to"], round(float(row["weight_new"]), 3)
    ('deploy', 'C1', 3.0, 'adapt', 0.5)
    >>> holds_text(row).replace("\xa0", " ")
    'la note « Usage » ne passe pas de 4 à 3 et que le poids de « Usage » reste au-dessus de 50 % (il est de 70 %)'
    """
    check_lang(lang)
    limits = thresholds(None, **(limits or {}))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WeightsWarning)
        lines = recommendation_evidence(criteria, scores, limits=limits, round=round, sites=sites, lang=lang)
        recs = recommend(criteria, scores, limits=limits, round=round, sites=sites, lang=lang)
        crit = normalise_weights(criteria, lang=lang).set_index("id")
    rows = []
    for rec in recs.itertuples(index=False):
        row = {"site": rec.site, "recommendation": rec.recommendation, "score": rec.score}
        present = lines[(lines["site"] == rec.site)].dropna(subset=["score"]).reset_index(drop=True)
        row.update(_score_flip(present, crit, rec.recommendation, limits, lang))
        row.update(_weight_flip(present, rec.recommendation, limits, lang))
        rows.append(row)
    columns = ["site", "recommendation", "score", "score_criterion", "score_label", "score_old", "score_new", "score_to",
               "weight_criterion", "weight_label", "weight_old", "weight_new", "weight_to"]
    return pd.DataFrame(rows, columns=columns)


def _decision(present: pd.DataFrame, limits: dict, lang: str) -> str:
    return _decide(_weighted(present), present, limits, lang)[0]


def _score_flip(present: pd.DataFrame, crit: pd.DataFrame, current: str, limits: dict, lang: str) -> dict:
    best = None
    for i, line in present.iterrows():
        low, high = float(crit.at[line["criterion"], "scale_min"]), float(crit.at[line["criterion"], "scale_max"])
        for value in np.arange(math.ceil(low), math.floor(high) + 1):
            if value == line["score"]:
                continue
            trial = present.copy()
            trial.at[i, "score"] = value
            trial.at[i, "score_15"] = 1 + 4 * (value - low) / (high - low)
            decision = _decision(trial, limits, lang)
            size = abs(trial.at[i, "score_15"] - line["score_15"])
            if decision != current and (best is None or size < best[0] - 1e-12):
                best = (size, line, float(value), decision)
    if best is None:
        return {"score_criterion": None, "score_label": None, "score_old": math.nan, "score_new": math.nan,
                "score_to": None}
    _, line, value, decision = best
    return {"score_criterion": line["criterion"], "score_label": line["criterion_label"],
            "score_old": float(line["score"]), "score_new": value, "score_to": decision}


def _weight_flip(present: pd.DataFrame, current: str, limits: dict, lang: str) -> dict:
    """The boundary weight of each criterion at which the weighted score crosses a threshold; the nearest one."""
    best = None
    w = present["weight"].astype(float).to_numpy()
    x = present["score_15"].astype(float).to_numpy()
    for i in range(len(present)):
        others_w, others_s = w.sum() - w[i], (w * x).sum() - w[i] * x[i]
        for threshold in (limits["deploy"], limits["adapt"]):
            if math.isclose(x[i], threshold) or others_w <= 0:
                continue
            boundary = (threshold * others_w - others_s) / (x[i] - threshold)
            if boundary < 0 or math.isclose(boundary, w[i]):
                continue
            step = 1e-6 if boundary > w[i] else -1e-6
            trial = present.copy()
            trial.loc[i, "weight"] = max(boundary + step, 0.0)
            decision = _decision(trial, limits, lang)
            if decision != current and (best is None or abs(boundary - w[i]) < best[0]):
                best = (abs(boundary - w[i]), i, boundary, decision)
    if best is None:
        return {"weight_criterion": None, "weight_label": None, "weight_old": math.nan, "weight_new": math.nan,
                "weight_to": None}
    _, i, boundary, decision = best
    line = present.iloc[i]
    # as shares of the whole grid's weight (the other criteria keep theirs; missing scores' weights count)
    others = 1 - w[i]
    return {"weight_criterion": line["criterion"], "weight_label": line["criterion_label"],
            "weight_old": float(w[i]), "weight_new": float(boundary / (others + boundary)), "weight_to": decision}


def _conditions(row, lang: str) -> list[str]:
    parts = []
    if isinstance(row["score_criterion"], str) and not pd.isna(row["score_new"]):
        parts.append(label("rigour.flip.score", lang, criterion=row["score_label"],
                           old=format_number(row["score_old"], 0 if float(row["score_old"]).is_integer() else 1, lang),
                           new=format_number(row["score_new"], 0, lang)))
    if isinstance(row["weight_criterion"], str) and not pd.isna(row["weight_new"]):
        key = "rigour.flip.weight_down" if row["weight_new"] < row["weight_old"] else "rigour.flip.weight_up"
        parts.append(label(key, lang, criterion=row["weight_label"], old=format_percent(row["weight_old"], 0, lang),
                           new=format_percent(row["weight_new"], 0, lang)))
    return parts


def holds_text(row, lang: str = "fr") -> str:
    """« la note … ne passe pas de 4 à 3 et que le poids de … reste au-dessus de 8 % (il est de 10 %) »."""
    parts = _conditions(row, lang)
    if not parts:
        return label("rigour.flip.none", lang)
    return label("rigour.flip.and", lang).join(parts)


def format_flip(flip: pd.DataFrame, *, site_names: dict[str, str] | None = None, lang: str = "fr") -> pd.DataFrame:
    """The flip margins for a report: site, recommendation, weighted score, « la recommandation tient tant que … »."""
    check_lang(lang)
    return pd.DataFrame({
        label("common.site", lang): [(site_names or {}).get(s, s) for s in flip["site"]],
        label("evaluation.recommendation", lang): [label(f"evaluation.decision.{d}", lang) for d in flip["recommendation"]],
        label("evaluation.score", lang): ["–" if pd.isna(v) else format_number(v, 2, lang) for v in flip["score"]],
        label("rigour.flip", lang): [holds_text(row, lang) for row in flip.to_dict("records")],
    })


def flip_sentences(flip: pd.DataFrame, *, site_names: dict[str, str] | None = None, lang: str = "fr") -> list[str]:
    """One plain sentence per site: « Lycée X : « Déployer » tient tant que … (alors : « Adapter ») »."""
    check_lang(lang)
    sentences = []
    for row in flip.to_dict("records"):
        name = (site_names or {}).get(row["site"], row["site"])
        decision = label(f"evaluation.decision.{row['recommendation']}", lang)
        targets = [t for t in (row["score_to"], row["weight_to"]) if isinstance(t, str)]
        if not targets:
            sentences.append(label("rigour.flip_sentence_none", lang, site=name, decision=decision,
                                   condition=label("rigour.flip.none", lang)))
            continue
        other = " / ".join(dict.fromkeys(label(f"evaluation.decision.{t}", lang) for t in targets))
        sentences.append(label("rigour.flip_sentence", lang, site=name, decision=decision, condition=holds_text(row, lang),
                               other=other))
    return sentences


# --- the recommendations with their evidence, as Markdown -----------------------------------------------

def recommendations_markdown(recommendations: pd.DataFrame, evidence: pd.DataFrame, *,
                             site_names: dict[str, str] | None = None, lang: str = "fr",
                             tables: dict[str, pd.DataFrame] | None = None, flip: pd.DataFrame | None = None) -> str:
    """Each site's recommendation as Markdown: the decision, why, then every score line with its evidence.

    Lines that triggered the decision are marked; missing scores are listed as such. With
    ``tables`` (``prog.tables``), the records an evidence cites (``OBS-012``, ``T-004``…) are
    shown under it — the verbatim, the test, the prototype; with ``flip``
    (:func:`flip_margin`), « la recommandation tient tant que … » follows
    the reasons.
    """
    check_lang(lang)
    colon = label("common.colon", lang)
    parts = []
    cited = None
    if tables is not None:
        cited = cited_records(evidence, tables, lang=lang)
    for rec in recommendations.itertuples(index=False):
        name = (site_names or {}).get(rec.site, rec.site)
        round_text = "" if rec.round is None or pd.isna(rec.round) else f" — {label('evaluation.round', lang).lower()} {int(rec.round)}"
        parts += [f"### {_md(name)}{round_text}{colon} **{rec.decision}**", ""]
        parts += [f"*{label('evaluation.reasons', lang)}*{colon} {_md(rec.reasons)}.", ""]
        if flip is not None and rec.site in set(flip["site"]):
            row = flip[flip["site"] == rec.site].iloc[0].to_dict()
            parts += [f"*{label('rigour.flip', lang)}* {_md(holds_text(row, lang))}.", ""]
        for line in evidence[evidence["site"] == rec.site].itertuples(index=False):
            if pd.isna(line.score):
                parts.append(f"- {_md(line.criterion_label)} ({_md(line.dimension)}){colon} "
                             f"*{label('evaluation.missing', lang)}*")
                continue
            proof = _md(line.evidence) if isinstance(line.evidence, str) and line.evidence else \
                f"*{label('evaluation.no_evidence', lang)}*"
            mark = f" — **{label('evaluation.trigger', lang)}**" if line.trigger else ""
            parts.append(f"- {_md(line.criterion_label)} ({_md(line.dimension)}){colon} "
                         f"{format_number(line.score_15, 1, lang)}/5 — {label('evaluation.evidence', lang).lower()}"
                         f"{colon} {proof}{mark}")
            if cited is not None:
                for record in cited[(cited["site"] == rec.site) & (cited["criterion"] == line.criterion)].itertuples():
                    parts.append(f"    - {_md(record.id)} ({_md(record.kind)}){colon} "
                                 f"{label('common.quoted', lang, text=_md(record.text))}"
                                 if record.found else f"    - {_md(record.id)}{colon} ?")
        parts.append("")
    return "\n".join(parts)
