"""The codebooks of the collectivités matched and compared, as sites are."""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd

from transfo_lab.phases.research import comparison
from transfo_lab.base.labels import label
from transfo_lab.contract.schemas import normalise_key
from transfo_lab.phases.portfolio.members import Portfolio


# --- themes --------------------------------------------------------------------------------------------

@dataclass
class Themes:
    """The observations of all collectivités on common theme keys, and what they share."""

    observations: pd.DataFrame   # site (= member id), tags (common keys), families
    codebook: pd.DataFrame       # tag (common key), family, label
    comparison: pd.DataFrame     # comparison.compare_sites on the members
    shared: pd.DataFrame         # comparison.shared_tags on the members
    family_comparison: pd.DataFrame
    family_shared: pd.DataFrame
    matched: pd.DataFrame        # member, tag, common, how (tag / mapping)


def themes(portfolio: Portfolio, *, correction: str = "bh", alpha: float = 0.05) -> Themes:
    """Themes across collectivités: codebooks matched by tag (and family), or by the mapping file.

    A tag is mapped to a common theme: the mapping file's when it names the tag, else the tag
    itself (compared without accents, capitals or spaces: « Accueil » = « accueil »). A theme's
    family is the mapping's *Famille commune*, else the family of the first codebook that has the
    theme. The observations of each collectivité (all its sites) are then compared with
    :func:`transfo_lab.phases.research.comparison.compare_sites` and :func:`~transfo_lab.phases.research.comparison.shared_tags`,
    the collectivités taking the place of the sites — the same statistics as between sites.
    """
    mapping = portfolio.mapping if portfolio.mapping is not None else pd.DataFrame(
        columns=["member", "tag", "common", "common_label", "family"])
    explicit = {(r.member, r.tag): r for r in mapping.itertuples()}
    codebook_rows: dict[str, dict] = {}
    matched, frames = [], []
    for m in portfolio.members:
        prog = m.programme
        families = dict(zip(prog.codebook["tag"], prog.codebook["family"])) if not prog.codebook.empty else {}
        keys: dict[str, str] = {}
        for tag in list(families) + sorted({t for tags in prog.observations["tags"] for t in (tags or [])} - set(families)):
            entry = explicit.get((m.id, tag))
            common = entry.common if entry is not None else normalise_key(tag)
            keys[tag] = common
            family = entry.family if entry is not None and entry.family else families.get(tag)
            codebook_rows.setdefault(common, {"tag": common, "label": entry.common_label if entry is not None else str(tag),
                                              "family": family})
            if not codebook_rows[common]["family"] and family:
                codebook_rows[common]["family"] = family
            matched.append({"member": m.id, "tag": tag, "common": common, "how": "mapping" if entry is not None else "tag"})
        if prog.observations.empty:
            continue
        obs = pd.DataFrame({"site": m.id, "tags": prog.observations["tags"].map(
            lambda tags, keys=keys: list(dict.fromkeys(keys.get(t, normalise_key(t)) for t in (tags or []))))})
        frames.append(obs)
    codebook = pd.DataFrame(list(codebook_rows.values()), columns=["tag", "label", "family"])
    codebook["family_key"] = codebook["family"].map(lambda f: normalise_key(f) if isinstance(f, str) else "autre")
    family_of = dict(zip(codebook["tag"], codebook["family_key"]))
    observations = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"site": [], "tags": []})
    observations["families"] = observations["tags"].map(lambda tags: list(dict.fromkeys(family_of.get(t, "autre")
                                                                                        for t in tags)))
    ids = [i for i in portfolio.ids if i in set(observations["site"])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compared = comparison.compare_sites(observations, sites=ids, codebook=codebook, correction=correction, alpha=alpha)
        shared = comparison.shared_tags(observations, sites=ids, codebook=codebook)
        fam_obs = observations.assign(tags=observations["families"])
        fam_codebook = codebook.drop_duplicates("family_key").assign(tag=lambda d: d["family_key"])
        fam_compared = comparison.compare_sites(fam_obs, sites=ids, codebook=fam_codebook, correction=correction,
                                                alpha=alpha)
        fam_shared = comparison.shared_tags(fam_obs, sites=ids, codebook=fam_codebook)
    return Themes(observations, codebook, compared, shared, fam_compared, fam_shared,
                  pd.DataFrame(matched, columns=["member", "tag", "common", "how"]))


def theme_label(themes_: Themes, key: str) -> str:
    """The reader's name of a common theme (the codebook's or the mapping's spelling)."""
    labels = dict(zip(themes_.codebook["tag"], themes_.codebook["label"]))
    families = dict(zip(themes_.codebook["family_key"], themes_.codebook["family"]))
    text = labels.get(key) or families.get(key) or str(key)
    text = str(text).replace("_", " ")
    return text[:1].upper() + text[1:]
