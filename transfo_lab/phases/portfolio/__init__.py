"""Inter-Transfo: several programme folders — several collectivités — in one view.

« Aider 10 collectivités en 4 ans » : La Transfo runs with a group of collectivités at once, and
every 3 to 5 months an Inter-Transfo day gathers all their teams « afin que tous les participants
puissent échanger et construire un savoir commun en analysant les succès et les échecs des uns et
des autres ». This module reads a *portfolio* (several programme folders, La Transfo or Prêt à
déployer alike) and compares them:

- :func:`load_portfolio` validates every folder as a whole: a folder that does not validate is
  listed with its problems and left out (never silently), a folder of another kind too, duplicate
  collectivité names and folders given twice are reported;
- :func:`protocol_progress` — session days held and planned against the 35 days, sequences of
  2 to 3 days, months elapsed against 12–18, the 6-month switch to the prefiguration, the
  ambassadeurs' preparation days, the next Inter-Transfo; who is late, who is ahead, and why;
- :func:`themes` — the codebooks matched by tag and family (and an explicit mapping file where
  the names differ), compared with :mod:`transfo_lab.phases.research.comparison`, exactly as sites are;
- :func:`prototype_outcomes`, :func:`reuses`, :func:`evaluation_outcomes` — successes and failures;
- :func:`budget_overview` — budget and financing per collectivité and for the programme;
- :func:`capacity_change`, :func:`attendance_summary`, :func:`preparation_summary` — the mise en
  capacité of the ambassadeurs (self-assessment rounds, paired Wilcoxon test with effect size).

Each collectivité is one *member*; its programme is pseudonymised
(:func:`transfo_lab.contract.privacy.pseudonymise_programme`) before any analysis.
"""
from __future__ import annotations

from transfo_lab.phases.portfolio.members import (COLLECTIVITE_TYPES, Exclusion, MAPPING_FILES, Member,
                                                  PORTFOLIO_FILE, Portfolio, ROUND_PAIRS, load_portfolio,
                                                  programme_folders, read_mapping)
from transfo_lab.phases.portfolio.progress import (PROGRESS_COLUMNS, inter_transfo_days, next_inter_transfo,
                                                   protocol_progress)
from transfo_lab.phases.portfolio.themes import Themes, theme_label, themes
from transfo_lab.phases.portfolio.outcomes import (OUTCOME_COLUMNS, budget_overview, evaluation_outcomes,
                                                   outcome_counts, prototype_outcomes, reuses)
from transfo_lab.phases.portfolio.capacity import (CHANGE_COLUMNS, ambassadeurs, assessment_scores,
                                                   attendance_summary, capacity_change, item_family, paired_test,
                                                   preparation_summary, session_attendance)
from transfo_lab.phases.portfolio.charts import plot_capacity, plot_progress

__all__ = ["CHANGE_COLUMNS", "COLLECTIVITE_TYPES", "Exclusion", "MAPPING_FILES", "Member", "OUTCOME_COLUMNS",
           "PORTFOLIO_FILE", "PROGRESS_COLUMNS", "Portfolio", "ROUND_PAIRS", "Themes", "ambassadeurs",
           "assessment_scores", "attendance_summary", "budget_overview", "capacity_change",
           "evaluation_outcomes", "inter_transfo_days", "item_family", "load_portfolio",
           "next_inter_transfo", "outcome_counts", "paired_test", "plot_capacity", "plot_progress",
           "preparation_summary", "programme_folders", "protocol_progress", "prototype_outcomes",
           "read_mapping", "reuses", "session_attendance", "theme_label", "themes"]
