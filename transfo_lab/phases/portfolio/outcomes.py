"""Successes and failures across collectivités: prototypes, reuses, evaluation outcomes, budgets."""
from __future__ import annotations

import warnings

import pandas as pd

from transfo_lab.protocols import budget as budget_mod
from transfo_lab.phases import evaluation
from transfo_lab.base.labels import label
from transfo_lab.contract.schemas import normalise_key
from transfo_lab.phases.portfolio.members import Member, Portfolio, _t


# --- successes and failures ----------------------------------------------------------------------------

OUTCOME_COLUMNS = ["member", "prototype", "name", "kind", "tests", "iterations", "sites", "result", "learning",
                   "origin"]


def prototype_outcomes(portfolio: Portfolio) -> pd.DataFrame:
    """Every prototype of every collectivité with its latest result (any site) and latest learning.

    ``result`` is ``validee`` / ``invalidee`` / ``mitigee``, or ``None`` when never tested.
    """
    rows = []
    for m in portfolio.members:
        prog = m.programme
        tests = prog.tests.dropna(subset=["date"]).sort_values(["date", "iteration"], kind="stable") \
            if not prog.tests.empty else prog.tests
        for p in prog.prototypes.itertuples():
            own = tests[tests["prototype"] == p.id] if not tests.empty else tests
            last = own.iloc[-1] if len(own) else None
            rows.append({"member": m.id, "prototype": p.id, "name": p.name, "kind": p.kind, "tests": len(own),
                         "iterations": int(own["iteration"].max()) if len(own) else 0,
                         "sites": len(set(own["site"])) if len(own) else 0,
                         "result": None if last is None else last["result"],
                         "learning": None if last is None or pd.isna(last["learning"]) else last["learning"],
                         "origin": getattr(p, "origin", None) if isinstance(getattr(p, "origin", None), str) else None})
    return pd.DataFrame(rows, columns=OUTCOME_COLUMNS)


def outcome_counts(outcomes: pd.DataFrame, portfolio: Portfolio) -> pd.DataFrame:
    """Prototypes by latest result per collectivité (rows) — validee, mitigee, invalidee, untested, total."""
    results = ["validee", "mitigee", "invalidee", "untested"]
    data = outcomes.assign(result=outcomes["result"].fillna("untested"))
    table = pd.crosstab(data["member"], data["result"]).reindex(index=portfolio.ids, columns=results, fill_value=0) \
        if len(data) else pd.DataFrame(0, index=portfolio.ids, columns=results)
    table = table.fillna(0).astype(int)
    table["total"] = table.sum(axis=1)
    return table


def reuses(portfolio: Portfolio, outcomes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Prototypes one collectivité took from another (*Repris de*): both results side by side.

    The origin is written « collectivité / prototype id »; the collectivité may be named by its name or
    its folder. An origin that names no prototype of the portfolio is reported in ``portfolio.notices``.
    """
    outcomes = prototype_outcomes(portfolio) if outcomes is None else outcomes
    by_name = {normalise_key(m.name): m.id for m in portfolio.members}
    by_name.update({normalise_key(m.path.name): m.id for m in portfolio.members})
    index = {(r.member, normalise_key(r.prototype)): r for r in outcomes.itertuples()}
    rows = []
    for r in outcomes[outcomes["origin"].notna()].itertuples():
        where, _, proto = str(r.origin).rpartition("/")
        source = index.get((by_name.get(normalise_key(where)), normalise_key(proto)))
        if source is None:
            notice = _t("unknown_origin", portfolio.lang, origin=r.origin, name=portfolio.names[r.member],
                        prototype=r.prototype)
            if notice not in portfolio.notices:
                portfolio.notices.append(notice)
            continue
        rows.append({"member": r.member, "prototype": r.prototype, "name": r.name, "result": r.result,
                     "learning": r.learning, "from_member": source.member, "from_prototype": source.prototype,
                     "from_name": source.name, "from_result": source.result, "from_learning": source.learning})
    return pd.DataFrame(rows, columns=["member", "prototype", "name", "result", "learning", "from_member",
                                       "from_prototype", "from_name", "from_result", "from_learning"])


def evaluation_outcomes(portfolio: Portfolio) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The recommendation (deploy / adapt / rework) of every evaluated site of every collectivité, and the
    evidence behind it (:func:`transfo_lab.phases.evaluation.recommend` and ``recommendation_evidence``)."""
    recos, evidence = [], []
    for m in portfolio.members:
        prog = m.programme
        if prog.criteria.empty or prog.scores.empty:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            criteria = evaluation.normalise_weights(prog.criteria, lang=portfolio.lang)
            limits = evaluation.thresholds(prog.config.settings)
            sites = [s for s in prog.config.site_ids if s in set(prog.scores["site"])]
            r = evaluation.recommend(criteria, prog.scores, limits=limits, sites=sites, lang=portfolio.lang)
            e = evaluation.recommendation_evidence(criteria, prog.scores, limits=limits, sites=sites, lang=portfolio.lang)
        names = dict(zip(prog.sites["id"], prog.sites["name"]))
        recos.append(r.assign(member=m.id, site_name=r["site"].map(names)))
        evidence.append(e.assign(member=m.id, site_name=e["site"].map(names)))
    empty = pd.DataFrame(columns=["member", "site", "site_name", "recommendation", "score", "reasons"])
    return (pd.concat(recos, ignore_index=True) if recos else empty,
            pd.concat(evidence, ignore_index=True) if evidence else pd.DataFrame())


# --- budget --------------------------------------------------------------------------------------------

def budget_overview(portfolio: Portfolio) -> pd.DataFrame:
    """Budget and financing per collectivité, and the programme's total (last row, ``member`` = None).

    ``expected_*``: the total split by the programme's shares (programme.yaml ``financing``, else the
    protocol's 2/3 – 1/3); ``own`` / ``partners`` / ``unassigned``: what the budget lines say, a line
    being the collectivité's own when its *Financeur* is the collectivité (or contains its name).
    """
    rows = []
    for m in portfolio.members:
        prog = m.programme
        data = prog.budget.dropna(subset=["amount"]) if not prog.budget.empty else prog.budget
        total = float(data["amount"].sum()) if len(data) else 0.0
        shares = budget_mod.financing_shares(prog.config.settings, prog.kind) or {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            split = budget_mod.financing_split(total, shares) if shares and total else None
        expected = dict(zip(split["funder"], split["amount"])) if split is not None else {}
        funders = data["funder"].map(lambda f, m=m: _funder_kind(f, m)) if len(data) else pd.Series(dtype=object)
        own = float(data.loc[funders == "own", "amount"].sum()) if len(data) else 0.0
        partners = float(data.loc[funders == "partners", "amount"].sum()) if len(data) else 0.0
        rows.append({"member": m.id, "name": m.name, "total": total,
                     "expected_own": expected.get("collectivites"), "expected_partners": expected.get("partenaires"),
                     "own": own, "partners": partners, "unassigned": total - own - partners,
                     "own_share": own / total if total else None})
    table = pd.DataFrame(rows, columns=["member", "name", "total", "expected_own", "expected_partners", "own",
                                        "partners", "unassigned", "own_share"])
    if len(table):
        total = table["total"].sum()
        sums = {c: table[c].sum(min_count=1) for c in ("expected_own", "expected_partners", "own", "partners",
                                                       "unassigned")}
        table.loc[len(table)] = {"member": None, "name": label("common.total", portfolio.lang), "total": total, **sums,
                                 "own_share": sums["own"] / total if total else None}
    return table


def _funder_kind(funder, member: Member) -> str | None:
    """``own`` when a budget line's funder is the collectivité (its name, or a name it contains), ``partners``
    for any other funder, ``None`` when no funder is given."""
    if not isinstance(funder, str) or not funder.strip():
        return None
    key, names = normalise_key(funder), (normalise_key(member.name), normalise_key(member.programme.name))
    own = key in ("collectivite", "collectivites") or any(n in key for n in names) or \
        (len(key) >= 8 and any(key in n for n in names))
    return "own" if own else "partners"
