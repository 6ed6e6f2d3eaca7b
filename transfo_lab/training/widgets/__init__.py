"""Interactive widgets for JupyterLab: code observations, vote with dots, fill the evaluation grid.

Each widget works on a programme folder and writes into it when its « Enregistrer » button
is pressed: atomically, after copying the previous version of the file into
``<programme>/.backups/`` (see :mod:`transfo_lab.contract.editing`). Entries that break a rule — a
tag outside the codebook, more dots than allowed, a score outside the criterion's scale —
are refused with a message shown in the widget, and nothing is written.

The rules and the writing live in plain functions (:func:`check_tags`, :func:`save_tags`,
:func:`check_dots`, :func:`save_votes`, :func:`vote_totals`, :func:`check_scores`,
:func:`save_scores`); the widget classes only wire them to ipywidgets controls.

>>> from transfo_lab.training.widgets import TaggingWidget
>>> TaggingWidget("formation/ma-copie")        # doctest: +SKIP
"""
from __future__ import annotations

from transfo_lab.training.widgets.common import ALL, DEFAULT_DOTS
from transfo_lab.training.widgets.tagging import TaggingWidget, check_tags, save_tags, tag_key_matches
from transfo_lab.training.widgets.voting import (DotVotingWidget, TOP_IDEAS, check_dots, choice_label_text, dots_counter,
                                                 save_votes, vote_totals, voter_names)
from transfo_lab.training.widgets.grid import EvaluationGridWidget, check_scores, save_scores

__all__ = ["ALL", "DEFAULT_DOTS", "DotVotingWidget", "EvaluationGridWidget", "TOP_IDEAS", "TaggingWidget",
           "check_dots", "check_scores", "check_tags", "choice_label_text", "dots_counter", "save_scores",
           "save_tags", "save_votes", "tag_key_matches", "vote_totals", "voter_names"]
