"""Benchmark of the user-research synthesis on a large generated corpus (issue 4).

Generates, deterministically, 100 000 observations of about 40 French words over 10 sites,
40 tags and 12 themes (the ``theme`` column: the theme each text was drawn from), then times the counting steps (tag counts per site / week / method,
co-occurrence, common vs specific) and the affinity map, printing each step's wall time and
the process's peak memory (``resource.getrusage``). With ``--tracemalloc`` it also prints
the peak of the memory allocated during each step (slower).

    python benchmarks/synthesis.py                 # 100 000 observations
    python benchmarks/synthesis.py --n 20000 --themes 8

Targets on a 2-core machine: counting steps under 5 s together; affinity map under 60 s
and 4 GiB, agreeing with the generated themes (adjusted Rand index ≥ 0.8, ≥ 11 of the 12
themes recovered as they are). The figures measured are in benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transfo_lab.phases.research import affinity, coding, comparison  # noqa: E402

STOP = ("le la les un une des du de à au aux et ou mais donc car que qui ne pas plus on il elle ils elles nous vous "
        "leur leurs ce cette ces son sa ses pour par avec sans dans sur sous entre très aussi encore déjà tout tous "
        "toute est sont était être avoir a ont fait faire").split()
THEMES = {
    "restauration": "cantine self repas plateau file attente menu bruit cuisinier légumes pain gaspillage midi tables",
    "internat": "internat chambre soirée foyer dimanche valise coucher appel surveillant lit bureau révisions calme",
    "transport": "car bus trajet horaires gare navette covoiturage kilomètres retard arrêt ligne vendredi matin",
    "accueil": "accueil portail loge entrée bienvenue carnet badge rentrée famille parents visite accueillir",
    "orientation": "orientation stage entreprise métier avenir conseiller bac filière apprentissage projet",
    "espaces": "cour couloir préau salle banc foyer abri ombre bancs hall espace lieu poser",
    "chantier": "chantier travaux modulaires bâtiment livraison grue boue cheminement palissade engins",
    "numérique": "wifi téléphone ent ordinateur réseau écran tablette connexion forfait application",
    "santé": "infirmerie infirmière fatigue stress sommeil écoute malaise soin santé psychologue",
    "participation": "conseil délégués vote proposition idées élèves écoutés boîte assemblée débat",
    "sécurité": "sécurité alarme évacuation clôture caméra contrôle surveillance exercice consignes",
    "territoire": "commune mairie club association bourg quartier gymnase bibliothèque partenaires village",
}
SYLLABLES = ("ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go la le li lo lu ma me mi mo mu na ne "
             "ni no pa pe pi po pu ra re ri ro ru sa se si so ta te ti to tu va ve vi vo é è ê ç ou an on in").split()


#: Beyond this many observations the corpus is generated in chunks of this size (memory: the word grid of
#: one chunk only), chunk i with seed ``seed + i``; up to it, in one piece (the corpus of the figures at 100 000).
CHUNK = 100_000


def make_corpus(n: int = 100_000, n_sites: int = 10, n_tags: int = 40, words: int = 40, seed: int = 0) -> pd.DataFrame:
    """A deterministic corpus of ``n`` observations shaped like the observations table."""
    if n > CHUNK:
        parts = [_make_corpus(min(CHUNK, n - start), n_sites, n_tags, words, seed + i)
                 for i, start in enumerate(range(0, n, CHUNK))]
        corpus = pd.concat(parts, ignore_index=True)
        del parts
        corpus["id"] = [f"OBS-{i:07d}" for i in range(n)]
        corpus.index = pd.RangeIndex(2, n + 2, name="row")
        return corpus
    return _make_corpus(n, n_sites, n_tags, words, seed)


def _make_corpus(n: int, n_sites: int, n_tags: int, words: int, seed: int) -> pd.DataFrame:
    rng = np.random.RandomState(seed)
    filler = np.array(sorted({"".join(rng.choice(SYLLABLES, size=rng.randint(2, 4))) for _ in range(6000)}))
    themes = [np.array(v.split()) for v in THEMES.values()]
    theme = rng.randint(len(themes), size=n)
    kinds = rng.choice(3, size=(n, words), p=[0.45, 0.35, 0.20])  # stop word, theme word, filler word
    stop = np.array(STOP)[rng.randint(len(STOP), size=(n, words))]
    fill = filler[rng.randint(len(filler), size=(n, words))]
    topical = np.empty((n, words), dtype=object)
    for t, vocabulary in enumerate(themes):
        rows = theme == t
        topical[rows] = vocabulary[rng.randint(len(vocabulary), size=(rows.sum(), words))]
    grid = np.where(kinds == 0, stop, np.where(kinds == 1, topical.astype(str), fill))
    del stop, fill, topical, kinds
    texts = [" ".join(row) for row in grid]
    del grid
    sites = np.array([f"site-{i:02d}" for i in range(n_sites)])
    site = rng.randint(n_sites, size=n)
    tags = np.array([f"tag{i:02d}" for i in range(n_tags)])
    first = (theme * 3 + rng.randint(3, size=n)) % n_tags  # tags follow the theme…
    first = np.where(rng.rand(n) < 0.15, (site * 4 + rng.randint(4, size=n)) % n_tags, first)  # …and a little the site
    second = rng.randint(n_tags, size=n)
    has_second = rng.rand(n) < 0.5
    tag_lists = [[tags[a], tags[b]] if two and a != b else [tags[a]] for a, b, two in zip(first, second, has_second)]
    methods = np.array(["observation", "entretien", "enquete", "micro_trottoir"])
    week = pd.array(np.where(rng.rand(n) < 0.1, 0, rng.randint(1, 4, size=n)), dtype="Int64")
    week[week == 0] = pd.NA
    return pd.DataFrame({"id": [f"OBS-{i:06d}" for i in range(n)], "site": sites[site], "week": week,
                         "method": pd.Categorical(methods[rng.randint(4, size=n)], categories=list(methods)),
                         "text": texts, "tags": tag_lists, "theme": np.array(list(THEMES))[theme]},
                        index=pd.RangeIndex(2, n + 2, name="row"))


def _cpu() -> float:
    """CPU seconds of this process (user + system, every thread): unlike wall time, little changed by other jobs."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def step(name: str, results: list, trace: bool):
    if trace:
        tracemalloc.start()
    start, cpu_start = time.perf_counter(), _cpu()
    yield
    wall = time.perf_counter() - start
    cpu = _cpu() - cpu_start
    traced = tracemalloc.get_traced_memory()[1] / 2 ** 20 if trace else float("nan")
    if trace:
        tracemalloc.stop()
    results.append((name, wall, _peak_mib(), traced, cpu))
    extra = f", {traced:7.0f} MiB allocated at peak in the step" if trace else ""
    print(f"{name:<42} {wall:7.2f} s   CPU {cpu:7.2f} s   peak RSS {_peak_mib():7.0f} MiB{extra}   "
          f"load {os.getloadavg()[0]:.1f}", flush=True)


def main(argv: list[str] | None = None) -> list:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of observations (default 100 000)")
    parser.add_argument("--themes", type=int, default=None, help="number of themes (default: chosen by silhouette)")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace the memory allocated in each step")
    args = parser.parse_args(argv)
    print(f"transfo-lab synthesis benchmark — {args.n} observations, 10 sites, 40 tags, "
          f"{os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")
    results: list = []
    with step("generate corpus (not a target)", results, False):
        corpus = make_corpus(args.n)
    sites = sorted(corpus["site"].unique())
    with step("tag counts per site", results, args.tracemalloc):
        coding.tag_shares(corpus, by="site", groups=sites)
    with step("tag counts per immersion week", results, args.tracemalloc):
        coding.tag_counts(corpus, by="week")
    with step("tag counts per method", results, args.tracemalloc):
        coding.tag_counts(corpus, by="method")
    with step("co-occurrence matrix", results, args.tracemalloc):
        coding.cooccurrence(corpus)
    with step("common vs specific (tests + BH correction)", results, args.tracemalloc):
        compared = comparison.compare_sites(corpus, sites=sites)
        comparison.shared_tags(corpus, sites=sites)
    with step("affinity map (TF-IDF + k-means)", results, args.tracemalloc):
        amap = affinity.affinity_map(corpus, args.themes, random_state=0, sites=sites)
    counting = sum(r[1] for r in results[1:6])
    counting_cpu = sum(r[4] for r in results[1:6])
    print(f"\ncounting steps together: {counting:.2f} s, CPU {counting_cpu:.2f} s (target < 5 s at 100 000, < 10 s "
          f"at 1 000 000); affinity map: {results[-1][1]:.2f} s, CPU {results[-1][4]:.2f} s (target < 60 s); "
          f"peak RSS {_peak_mib():.0f} MiB (target < 4096 MiB)")
    print(f"{int(compared['specific'].sum())} specific site × tag pairs; {amap.n_themes} themes"
          + (f" (silhouette {amap.silhouette:.3f})" if amap.silhouette is not None else ""))
    agreement = affinity.reference_agreement(amap.assignments, corpus["theme"])
    print(f"agreement with the {agreement['n_reference']} generated themes: adjusted Rand index "
          f"{agreement['ari']:.3f} (target ≥ 0.8), {agreement['recovered']} of {agreement['n_reference']} themes "
          f"recovered as they are (target ≥ 11)")
    for theme, row in amap.themes.head(12).iterrows():
        print(f"  {theme:2d}. {row['label']:<48} {row['size']:6d}")
    return results


if __name__ == "__main__":
    main()
