"""Naming themes by what distinguishes them: class-based TF-IDF over French lemmas, with bigrams.

A theme named by its three most frequent words says little (« élèves · jamais · hall »):
frequent words are frequent everywhere. Here each theme is one « class document »: the words
of its notes, lemmatised (``simplemma``: « élèves » → « élève », « attendent » → « attendre »),
stop words left out, with the bigrams of consecutive remaining words (« file attente »).
A term's weight in a theme is its frequency in the theme times ``log(1 + A / f)``, where ``f``
is its frequency over all themes and ``A`` the average number of words per theme (the
class-based TF-IDF of BERTopic): a word frequent in this theme and rare elsewhere names it.

Examples
--------
>>> texts = pd.Series(["La file d'attente de la cantine", "Encore une file d'attente à la cantine",
...                    "Le bus du matin est en retard", "Retard du bus ce matin"])
>>> distinctive_terms(texts, np.array([1, 1, 2, 2]), n_terms=2)
{1: ['file attente', 'cantine'], 2: ['bus matin', 'retard']}
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import numpy as np
import pandas as pd

from transfo_lab.phases.research.french import _fold, french_stop_words, prepare_texts

#: Notes read per theme to name it (a sample of the largest themes keeps naming fast).
PER_THEME = 250
_WORD = re.compile(r"(?u)\b[^\W\d_]{2,}\b")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The French lemma of a lower-case word (``simplemma``), the word itself if unknown.

    >>> lemma("élèves"), lemma("attendent"), lemma("wifi")
    ('élève', 'attendre', 'wifi')
    """
    import simplemma

    try:
        return simplemma.lemmatize(word, lang="fr").lower()
    except Exception:  # an odd token: keep it as written
        return word


def _stop_words():
    return frozenset(french_stop_words()), lru_cache(maxsize=200_000)(_fold)


def terms_of(text: str, stop: frozenset[str], fold) -> list[str]:
    """The lemmas of a prepared text (stop words out) and the bigrams of consecutive lemmas."""
    words = [w for w in _WORD.findall(text) if fold(w) not in stop]
    lemmas = [lemma(w) for w in words]
    lemmas = [w for w in lemmas if fold(w) not in stop]
    return lemmas + [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:]) if a != b]


def class_tfidf(texts: pd.Series, labels: np.ndarray, *, random_state: int = 0,
                per_theme: int = PER_THEME) -> pd.DataFrame:
    """The class-based TF-IDF of every term (lemma or bigram) in every theme: terms × themes.

    At most ``per_theme`` notes of each theme are read (a reproducible sample).
    """
    stop, fold = _stop_words()
    rng = np.random.RandomState(random_state)
    counts: dict[int, Counter] = {}
    for theme in sorted(set(int(t) for t in labels)):
        members = np.flatnonzero(labels == theme)
        if len(members) > per_theme:
            members = np.sort(rng.choice(members, size=per_theme, replace=False))
        prepared = prepare_texts(texts.iloc[members], fold_accents=False)
        counts[theme] = Counter(t for text in prepared for t in terms_of(text, stop, fold))
    kept = {t for c in counts.values() for t, n in c.items() if n >= 2}   # a term read once names nothing
    table = pd.DataFrame({theme: {t: n for t, n in c.items() if t in kept} for theme, c in counts.items()}).fillna(0.0)
    if table.empty:
        return table
    frequency = table.div(table.sum(axis=0).replace(0, 1), axis=1)        # tf per theme (L1)
    average = table.sum(axis=0).mean()
    idf = np.log1p(average / table.sum(axis=1))
    weights = frequency.mul(idf, axis=0)
    return weights.where(table >= 2, 0.0)                                  # a term read once names nothing


def distinctive_terms(texts: pd.Series, labels: np.ndarray, *, n_terms: int = 6, random_state: int = 0) -> dict[int, list[str]]:
    """The ``n_terms`` most distinctive terms of each theme (a bigram first at equal weight), no word twice."""
    weights = class_tfidf(texts, labels, random_state=random_state)
    names = {}
    for theme in weights.columns:
        ranked = pd.DataFrame({"weight": weights[theme].round(12), "words": [t.count(" ") + 1 for t in weights.index]},
                              index=weights.index).sort_values(["weight", "words"], ascending=False, kind="stable")
        chosen: list[str] = []
        used: set[str] = set()
        for term, weight in ranked["weight"].items():
            if weight <= 0 or len(chosen) >= n_terms:
                break
            words = set(term.split())
            if words & used:
                continue
            chosen.append(term)
            used |= words
        names[int(theme)] = chosen
    return names
