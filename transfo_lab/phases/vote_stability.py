"""How solid is a dot-vote ranking? The voters are resampled and the top is counted again.

:func:`top_stability` draws the voters with replacement (a bootstrap: a voter may be drawn
twice or not at all), re-counts the dots and notes, for each idea, how often it ranks in the
top ``k`` (ranks as in :func:`~transfo_lab.phases.ideation.tally_votes`: ties share the smallest
rank, so an idea tied at the ``k``-th place is in the top). An idea that stays in the top in
nearly every draw is safe; one that drops out in a good share of them owes its place to a few
voters — a tie or a fragile rank becomes visible beside the ranking.

Examples
--------
>>> ideas = pd.DataFrame({"id": ["A", "B"], "title": ["Cantine", "Portail"]})
>>> votes = pd.DataFrame({"voter": ["v1", "v2"], "group": ["agents", "agents"], "idea": ["A", "B"], "dots": [1, 1]})
>>> stability = top_stability(votes, ideas, top=1, n_boot=4000, seed=1)
>>> [abs(p - 0.75) < 0.03 for p in stability["p_top"]]   # 1/4 A alone, 1/4 B alone, 1/2 a tie: 3/4 each
[True, True]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from transfo_lab.phases.ideation import tally_votes
from transfo_lab.base.labels import check_lang, format_percent, label

#: An idea in the top in at least this share of draws is safe; in at most ``1 − SAFE``, rarely in the top.
SAFE = 0.9


def top_stability(votes: pd.DataFrame, ideas: pd.DataFrame, *, top: int = 5, n_boot: int = 1000,
                  seed: int = 0) -> pd.DataFrame:
    """The ranking of the ideas, with the probability that each stays in the top ``top`` when voters are resampled.

    Parameters
    ----------
    votes, ideas : DataFrame
        ``prog.votes`` and ``prog.ideas``.
    top : int, default 5
    n_boot : int, default 1000
        Number of resamples of the voters.
    seed : int
        Seed of the draws (the result is reproducible).

    Returns
    -------
    DataFrame
        The columns of :func:`~transfo_lab.phases.ideation.tally_votes` (``idea``, ``title``, ``dots``,
        ``rank``, ``tie``…), then ``p_top`` (share of draws where the idea ranks in the top) and
        ``stability`` (``safe``, ``fragile`` or ``outside``).
    """
    tally = tally_votes(votes, ideas)
    data = votes.dropna(subset=["idea", "voter"]).assign(dots=lambda d: pd.to_numeric(d["dots"], errors="coerce")
                                                          .fillna(0))
    voters = list(dict.fromkeys(data["voter"]))
    if not voters or tally.empty:
        return tally.assign(p_top=np.nan, stability=None)
    ideas_order = tally["idea"].tolist()
    matrix = data.pivot_table(index="voter", columns="idea", values="dots", aggfunc="sum", fill_value=0) \
        .reindex(index=voters, columns=ideas_order, fill_value=0).to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(voters), size=(n_boot, len(voters)))
    counts = np.zeros((n_boot, len(voters)))
    np.add.at(counts, (np.repeat(np.arange(n_boot), len(voters)), draws.ravel()), 1)
    totals = counts @ matrix                                        # draws × ideas
    # competition rank: 1 + the number of ideas with strictly more dots
    ranks = 1 + (totals[:, None, :] > totals[:, :, None]).sum(axis=2)
    p_top = (ranks <= top).mean(axis=0)
    result = tally.copy()
    result["p_top"] = p_top
    result["stability"] = ["safe" if p >= SAFE else "outside" if p <= 1 - SAFE else "fragile" for p in p_top]
    return result


def format_stability(stability: pd.DataFrame, *, top: int = 5, lang: str = "fr", limit: int | None = None) -> pd.DataFrame:
    """The ranking for a report: rank (ex æquo marked), idea title, dots, % of draws in the top, a reading."""
    check_lang(lang)
    data = stability if limit is None else stability.head(limit)
    return pd.DataFrame({
        label("ideation.rank", lang): [f"{r} ({label('ideation.tie_mark', lang)})" if t else str(r)
                                       for r, t in zip(data["rank"], data["tie"])],
        label("ideation.title", lang): data["title"].tolist(),
        label("ideation.dots", lang): [int(d) for d in data["dots"]],
        label("rigour.top_probability", lang, top=top): ["–" if pd.isna(p) else format_percent(p, 0, lang)
                                                         for p in data["p_top"]],
        label("rigour.stability", lang): [label({"safe": "rigour.stable", "fragile": "rigour.fragile",
                                                 "outside": "rigour.outside"}.get(s, "rigour.outside"), lang)
                                          for s in data["stability"]],
    })


def stability_sentence(stability: pd.DataFrame, *, top: int = 5, n_boot: int = 1000, lang: str = "fr") -> str:
    """One sentence: how many ideas always stay in the top, which of the top ideas hold their rank by a few voters.

    >>> table = pd.DataFrame({"title": ["Cantine", "Portail", "Foyer", "Hall"], "p_top": [1.0, 0.55, 0.4, 0.2],
    ...                       "stability": ["safe", "fragile", "fragile", "fragile"], "rank": [1, 2, 2, 4]})
    >>> stability_sentence(table, top=2).replace("\\xa0", " ")
    'En retirant ou redoublant des votants au hasard (1000 tirages), 1 idée(s) restent dans le top 2 dans au moins 90 % des tirages ; rang fragile : Portail (55 %), Foyer (40 %).'
    """
    check_lang(lang)
    sure = int((stability["stability"] == "safe").sum())
    fragile = stability[(stability["stability"] == "fragile") & (stability["rank"] <= top)]
    if fragile.empty:
        return label("rigour.votes_sentence_solid", lang, n=n_boot, top=top)
    names = ", ".join(f"{t} ({format_percent(p, 0, lang)})" for t, p in zip(fragile["title"], fragile["p_top"]))
    return label("rigour.votes_sentence", lang, n=n_boot, sure=sure, top=top, fragile=names)
