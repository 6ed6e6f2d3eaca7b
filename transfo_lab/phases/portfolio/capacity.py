"""The mise en capacité of the ambassadeurs: self-assessment rounds, paired tests, attendance."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

from transfo_lab.protocols.facts import TRANSFO
from transfo_lab.contract.schemas import ASSESSMENT_ROUNDS, normalise_key
from transfo_lab.phases.portfolio.members import Member, Portfolio, ROUND_PAIRS, _session_events


# --- mise en capacité ----------------------------------------------------------------------------------

def paired_test(before, after) -> dict:
    """Wilcoxon signed-rank test of paired scores, with the matched-pairs rank-biserial correlation.

    Pairs with no change are dropped (Wilcoxon's own treatment, ``zero_method="wilcox"``); the
    effect size is computed on the same pairs: ``r = (W+ − W−) / (W+ + W−)``, from −1 (every one
    down) to +1 (every one up). The p-value is exact for small samples without ties, else normal.

    >>> result = paired_test([2, 3, 3, 2], [3, 5, 2.5, 5])
    >>> result["n"], result["w_plus"], result["w_minus"], result["r"], round(result["p_value"], 3)
    (4, 9.0, 1.0, 0.8, 0.25)
    """
    before, after = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    keep = ~(np.isnan(before) | np.isnan(after))
    before, after = before[keep], after[keep]
    diff = after - before
    result = {"n_pairs": int(len(diff)), "n": int((diff != 0).sum()), "mean_before": _mean(before),
              "mean_after": _mean(after), "mean_change": _mean(diff),
              "median_change": float(np.median(diff)) if len(diff) else None,
              "w_plus": None, "w_minus": None, "statistic": None, "p_value": None, "r": None}
    nonzero = diff[diff != 0]
    if len(nonzero) == 0:
        return result
    ranks = stats.rankdata(np.abs(nonzero))
    w_plus, w_minus = float(ranks[nonzero > 0].sum()), float(ranks[nonzero < 0].sum())
    result.update(w_plus=w_plus, w_minus=w_minus, r=(w_plus - w_minus) / (w_plus + w_minus))
    if len(nonzero) >= 2:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            test = stats.wilcoxon(after, before, zero_method="wilcox")
        result.update(statistic=float(test.statistic), p_value=float(test.pvalue))
    return result


def _mean(values) -> float | None:
    return float(np.mean(values)) if len(values) else None


def assessment_scores(self_assessment: pd.DataFrame, *, family: str | None = None) -> pd.DataFrame:
    """Each ambassadeur's mean answer per round (ambassadeurs × rounds), over all items or one family.

    The family of an item with none given is found from the protocol's lists (method bricks, values).
    """
    data = self_assessment[self_assessment["answer"].notna()]
    if data.empty:
        return pd.DataFrame(columns=list(ASSESSMENT_ROUNDS))
    if family is not None:
        found = data["item"].map({i: item_family(i) for i in data["item"].dropna().unique()})
        data = data[data["family"].where(data["family"].notna(), found) == family]
    table = data["answer"].astype(float).groupby([data["ambassadeur"], data["round"]]).mean().unstack("round")
    table.columns = list(table.columns)
    return table.reindex(columns=list(ASSESSMENT_ROUNDS))


def item_family(item) -> str | None:
    """``brique`` or ``valeur`` for an item named like a method brick or a value of La Transfo.

    >>> item_family("Empathie"), item_family("Prototypage / test"), item_family("Cuisine")
    ('valeur', 'brique', None)
    """
    return _ITEM_FAMILIES.get(normalise_key(item))


_ITEM_FAMILIES = {**{normalise_key(b): "brique" for b in TRANSFO.method_bricks},
                  **{normalise_key(v): "valeur" for v in TRANSFO.values}}


CHANGE_COLUMNS = ["member", "family", "before", "after", "n_pairs", "n", "mean_before", "mean_after", "mean_change",
                  "median_change", "w_plus", "w_minus", "statistic", "p_value", "r"]


def capacity_change(portfolio: Portfolio, *, families=(None,)) -> pd.DataFrame:
    """The change of the ambassadeurs between self-assessment rounds, per collectivité and for the portfolio.

    One row per collectivité (``member``; ``None`` for the whole portfolio, its ambassadeurs pooled)
    × family (``None``: all items) × pair of rounds (début → mi-parcours, mi-parcours → fin,
    début → fin), with :func:`paired_test` on each ambassadeur's mean answer.
    """
    rows = []
    pooled: dict = {f: [] for f in families}
    for m in portfolio.members:
        assessment = m.programme.tables.get("self_assessment")
        if assessment is None or assessment.empty:
            continue
        for family in families:
            scores = assessment_scores(assessment, family=family)
            pooled[family].append(scores.set_axis([f"{m.id}:{a}" for a in scores.index]))
            rows += _change_rows(m.id, family, scores)
    for family in families:
        if pooled[family]:
            rows += _change_rows(None, family, pd.concat(pooled[family]))
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def _change_rows(member, family, scores: pd.DataFrame) -> list[dict]:
    rows = []
    for before, after in ROUND_PAIRS:
        pairs = scores[[before, after]].dropna()
        if pairs.empty:
            continue
        result = paired_test(pairs[before], pairs[after])
        rows.append({"member": member, "family": family, "before": before, "after": after, **result})
    return rows


def ambassadeurs(portfolio: Portfolio) -> pd.DataFrame:
    """Each ambassadeur of each collectivité: mean self-assessment per round, change from the first round to the
    last answered, days present at the sessions held and preparation days declared.

    The names are those of the (pseudonymised) programmes: pseudonyms in a report.
    """
    import re

    rows = []
    for m in portfolio.members:
        assessment = m.programme.tables.get("self_assessment")
        attendance = m.programme.tables.get("attendance")
        scores = assessment_scores(assessment) if assessment is not None and not assessment.empty else \
            pd.DataFrame(columns=list(ASSESSMENT_ROUNDS))
        held = set()
        if attendance is not None and not attendance.empty:
            events = _session_events(m.programme)
            held = set(events.loc[(events["type"] == "session") & (events["end"] <= portfolio.as_of), "id"])
            present = attendance[attendance["session"].isin(held)].groupby("ambassadeur")["days"].sum()
            prepared = attendance.groupby("ambassadeur")["preparation_days"].sum(min_count=1)
        else:
            present = prepared = pd.Series(dtype=float)
        people = list(dict.fromkeys(list(scores.index) + list(present.index)))
        people.sort(key=lambda n: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", str(n))])
        for person in people:
            values = scores.loc[person] if person in scores.index else pd.Series(dtype=float)
            answered = [values[r] for r in ASSESSMENT_ROUNDS if r in values and pd.notna(values[r])]
            rows.append({"member": m.id, "ambassadeur": person,
                         **{r: values.get(r) if r in values else None for r in ASSESSMENT_ROUNDS},
                         "change": answered[-1] - answered[0] if len(answered) >= 2 else None,
                         "days_present": present.get(person), "preparation_days": prepared.get(person)})
    return pd.DataFrame(rows, columns=["member", "ambassadeur", *ASSESSMENT_ROUNDS, "change", "days_present",
                                       "preparation_days"])


def attendance_summary(portfolio: Portfolio) -> pd.DataFrame:
    """Attendance per collectivité against the 35 days: ambassadeurs, days held, mean days present, rate.

    ``days_held`` are the session days held on ``as_of``; ``rate`` the days present over the
    ambassadeurs' possible days (ambassadeurs × days of the sessions with attendance recorded).
    """
    rows = []
    for m in portfolio.members:
        attendance = m.programme.tables.get("attendance")
        if attendance is None or attendance.empty:
            continue
        events = _session_events(m.programme)
        sessions = events[events["type"] == "session"] if not events.empty else events
        held = sessions[sessions["end"] <= portfolio.as_of]
        lengths = dict(zip(sessions["id"], sessions["days"]))
        recorded = attendance[attendance["session"].isin(held["id"])]
        people = attendance["ambassadeur"].nunique()
        possible = sum(lengths.get(s, 0) for s in recorded["session"].unique()) * people
        per_person = recorded.groupby("ambassadeur")["days"].sum()
        rows.append({"member": m.id, "ambassadeurs": people, "sessions_recorded": recorded["session"].nunique(),
                     "days_held": int(held["days"].sum()), "mean_days": float(per_person.mean()) if len(per_person) else 0.0,
                     "min_days": float(per_person.min()) if len(per_person) else 0.0,
                     "rate": float(recorded["days"].sum()) / possible if possible else None,
                     "expected": TRANSFO.session_days})
    return pd.DataFrame(rows, columns=["member", "ambassadeurs", "sessions_recorded", "days_held", "mean_days",
                                       "min_days", "rate", "expected"])


def session_attendance(member: Member, as_of) -> pd.DataFrame:
    """Per session of one collectivité: ambassadeurs present (days > 0) and days present, in date order."""
    attendance = member.programme.tables.get("attendance")
    events = _session_events(member.programme)
    if attendance is None or attendance.empty or events.empty:
        return pd.DataFrame(columns=["session", "start", "days", "present", "ambassadeurs", "days_present"])
    sessions = events[(events["type"] == "session") & (events["end"] <= as_of)]
    people = attendance["ambassadeur"].nunique()
    grouped = attendance.groupby("session").agg(present=("days", lambda d: int((d > 0).sum())),
                                                 days_present=("days", "sum"))
    table = sessions[["id", "start", "days"]].rename(columns={"id": "session"}).merge(
        grouped, left_on="session", right_index=True, how="left")
    table["ambassadeurs"] = people
    return table.reset_index(drop=True)


def preparation_summary(member: Member) -> pd.DataFrame:
    """Preparation days declared by each ambassadeur, against the protocol's 5 to 8."""
    attendance = member.programme.tables.get("attendance")
    if attendance is None or attendance.empty or attendance["preparation_days"].isna().all():
        return pd.DataFrame(columns=["ambassadeur", "preparation_days", "within"])
    low, high = TRANSFO.ambassadeur_preparation_days
    total = attendance.groupby("ambassadeur")["preparation_days"].sum(min_count=1).fillna(0.0)
    return pd.DataFrame({"ambassadeur": total.index, "preparation_days": total.to_numpy(dtype=float),
                         "within": [low <= v <= high for v in total]}).reset_index(drop=True)
