"""The protocols of the two programmes, as data.

Every number the kit plans or checks with lives here, once, with the sentence of the seed
document it comes from (``seeds/la-transfo-programme.txt`` for La Transfo,
``seeds/pret-a-deployer-note.txt`` for Prêt à déployer). :mod:`transfo_lab.protocols.planning` and
:mod:`transfo_lab.protocols.budget` read these facts; they never repeat the numbers.

A few thresholds are the kit's own choices, not the seeds' (for instance how far from 35
days a Transfo calendar may be before it is an error): they are marked *kit choice*.

Examples
--------
>>> TRANSFO.session_days
35
>>> PRET_A_DEPLOYER.max_workshops
3
>>> get_protocol("pret_a_deployer").immersion_weeks
3
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from transfo_lab.base.exceptions import ParameterError

Kind = Literal["transfo", "pret_a_deployer"]

#: Length of an average month in days, used to express durations in months (365.25 / 12).
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class TransfoProtocol:
    """La Transfo (2016–2019 edition): a collectivité builds its own labo d'innovation."""

    kind: str = "transfo"
    # « La 27e Région mandate une équipe pluridisciplinaire de 3 personnes pour chaque collectivité
    # participante. […] Ce sont les Résidents. »
    residents: int = 3
    # « Chaque collectivité lance un appel à candidatures pour composer un groupe de 20 agents […]
    # Ce sont les Ambassadeurs. »
    ambassadeurs: int = 20
    # « la désignation d'un agent référent qui assure le lien opérationnel et quotidien […] »
    agents_referents: int = 1
    # « Ces sessions représentent 35 jours au total, à raison de séquences de 2 à 3 jours d'affilée,
    # réparties sur 12 à 18 mois. »
    session_days: int = 35
    sequence_days: tuple[int, int] = (2, 3)
    duration_months: tuple[int, int] = (12, 18)
    # « Session de travail de un à cinq jours au siège de la collectivité ou sur les terrains […] »
    # (glossaire) : a sequence of 1, 4 or 5 days is tolerated (warning), beyond that it is an error.
    session_days_glossary: tuple[int, int] = (1, 5)
    # Kit choice: a total within 3 days of 35 is a warning, further away an error.
    session_days_tolerance: int = 3
    # « Du temps de préparation est à prévoir pour les Ambassadeurs entre les sessions (5 à 8 jours
    # cumulés en moyenne). »
    ambassadeur_preparation_days: tuple[int, int] = (5, 8)
    # « Pendant les 6 premiers mois, les sessions sont consacrées à des projets très opérationnels,
    # des cas pratiques précis […] Dans la seconde partie du programme, elles portent davantage sur la
    # préfiguration du futur labo d'innovation »
    cas_pratiques_months: int = 6
    # « Inter-Transfo : Journée organisée tous les 3 à 5 mois, réunissant toutes les équipes engagées
    # dans la Transfo »
    inter_transfo_months: tuple[int, int] = (3, 5)
    inter_transfo_days: int = 1
    # « il faut compter 2 à 3 mois de préparation avant le démarrage effectif de la Transfo »
    preparation_months: tuple[int, int] = (2, 3)
    # « Le coût d'une Transfo est réparti entre les collectivités participants (à hauteur des 2/3
    # environ) et l'apport de grands partenaires (dernier 1/3). »
    financing: dict[str, float] = field(default_factory=lambda: {"collectivites": 2 / 3, "partenaires": 1 / 3})
    # « LES PRINCIPES DE TRAVAIL ET VALEURS » (liste du document)
    values: tuple[str, ...] = ("empathie", "expérimentation", "essai-erreur", "esprit positif", "piratage bienveillant",
                               "mise en capacité", "autonomie", "collectif", "exploration", "immersion")
    # « LES BRIQUES MÉTHODOLOGIQUES » : the method bricks the ambassadeurs learn to use (self-assessment items)
    method_bricks: tuple[str, ...] = ("inspiration", "méthodes centrées-usagers", "idéation", "co-création",
                                      "visualisation", "narration", "prototypage / test", "documentation",
                                      "mise en œuvre")


@dataclass(frozen=True)
class PretADeployerProtocol:
    """Prêt à déployer (note of January 2016): scale an experiment across several pilot sites."""

    kind: str = "pret_a_deployer"
    # « Rémunération équipe résidents (2 seniors, 2 juniors) » (budget prévisionnel)
    residents: int = 4
    # « un voyage d'étude introductif, de 2 à 3 jours, sur les différents sites »
    study_trips: int = 1
    study_trip_days: tuple[int, int] = (2, 3)
    # « l'équipe de La 27e Région […] réalise 3 semaines d'immersion dans l'un des sites pilotes. Ce site
    # sert de « camp de base » à l'équipe »
    immersion_weeks: int = 3
    # A week of immersion: 5 working days (kit reading of « semaine »); a week longer than 7 calendar
    # days is reported.
    immersion_week_days: int = 5
    # « La semaine 1 est dédiée à l'observation et la compréhension des usages, la semaine 2 est
    # consacrée à des formats d'idéation et de projection […], la semaine 3 vise à mettre en situation
    # dans les différents sites des prototypes et autres dispositifs de test. »
    week_themes_fr: tuple[str, str, str] = ("observation et compréhension des usages", "idéation et projection",
                                            "prototypes et dispositifs de test")
    week_themes_en: tuple[str, str, str] = ("observing and understanding uses", "ideation and projection",
                                            "prototypes and test devices on the sites")
    # « Ces résidences qui s'échelonnent sur 3 semaines d'immersion réparties sur 4 mois » (Territoires
    # en résidences, the format the extended residence is « très inspiré » of)
    immersion_spread_months: int = 4
    # « Entre chaque semaine d'immersion, l'équipe invite les acteurs des différents sites pilotes à
    # participer à une journée de réflexion […] journées labo » and « 3 journées « labo » entre les
    # semaines d'immersion »
    labo_days: int = 3
    # « à l'issue de l'immersion, un séminaire de clôture est organisé sur place » ; « 1 séminaire de clôture »
    closing_seminars: int = 1
    # « La phase terrain s'échelonne sur 6 à 9 mois »
    field_months: tuple[int, int] = (6, 9)
    # « La 27e Région échelonne donc ce cycle sur une période de 6 à 9 mois, à partir du séminaire de
    # clôture de la phase terrain. Le cycle compte 3 ateliers maximum. »
    workshop_months: tuple[int, int] = (6, 9)
    max_workshops: int = 3
    # « Elles se déroulent en deux étapes : une journée de séminaire + une restitution »
    workshop_seminar_days: int = 1
    # « PLANNING TYPE SUR 18 MOIS »
    plan_months: int = 18
    # « BUDGET PRÉVISIONNEL » : (section, line, euros), in the note's order.
    budget: tuple[tuple[str, str, int], ...] = (
        ("Résidence élargie", "Rémunération équipe résidents (2 seniors, 2 juniors)", 76_900),
        ("Résidence élargie", "Coordination générale, administration et frais de structure", 15_200),
        ("Résidence élargie", "Déplacements, hébergements, fournitures et frais de réception", 13_300),
        ("Cycle d'ateliers prospectifs (3 ateliers)", "Préparation, animation et post-production des ateliers", 25_600),
        ("Cycle d'ateliers prospectifs (3 ateliers)", "Coordination générale, administration et frais de structure", 6_700),
        ("Cycle d'ateliers prospectifs (3 ateliers)",
         "Déplacements, hébergements, fournitures et frais de réception, location d'espaces", 5_000),
        ("Clôture et restitution", "Conception des livrables, préparation et animation du séminaire de clôture", 15_200),
        ("Clôture et restitution", "Coordination générale, administration et frais de structure", 4_300),
        ("Clôture et restitution", "Fournitures et frais de réception, documentation et production des livrables", 4_000),
    )
    # « TOTAL GENERAL 166 200€ »
    budget_total: int = 166_200

    def week_theme(self, week: int, lang: str = "fr") -> str:
        """The theme of immersion week ``week`` (1, 2 or 3).

        >>> PRET_A_DEPLOYER.week_theme(2)
        'idéation et projection'
        """
        themes = {"fr": self.week_themes_fr, "en": self.week_themes_en}[lang]
        return themes[week - 1]


TRANSFO = TransfoProtocol()
PRET_A_DEPLOYER = PretADeployerProtocol()
PROTOCOLS: dict[str, TransfoProtocol | PretADeployerProtocol] = {"transfo": TRANSFO, "pret_a_deployer": PRET_A_DEPLOYER}


def get_protocol(kind: str) -> TransfoProtocol | PretADeployerProtocol:
    """The protocol of a programme kind (``"transfo"`` or ``"pret_a_deployer"``).

    Raises
    ------
    ParameterError
        If ``kind`` is not one of the two programmes.

    Examples
    --------
    >>> get_protocol("transfo").sequence_days
    (2, 3)
    >>> get_protocol("lab")
    Traceback (most recent call last):
    ...
    transfo_lab.base.exceptions.ParameterError: `kind` is expected to be one of ('transfo', 'pret_a_deployer'). Got 'lab' instead.
    """
    try:
        return PROTOCOLS[kind]
    except KeyError:
        raise ParameterError(f"`kind` is expected to be one of {tuple(PROTOCOLS)}. Got {kind!r} instead.") from None


def default_financing(kind: str) -> dict[str, float] | None:
    """The protocol's financing shares for ``kind`` (La Transfo: 2/3 collectivités, 1/3 partners).

    The Prêt à déployer note gives no split: ``None``.

    >>> default_financing("transfo")
    {'collectivites': 0.6666666666666666, 'partenaires': 0.3333333333333333}
    >>> default_financing("pret_a_deployer") is None
    True
    """
    return dict(getattr(get_protocol(kind), "financing", None) or {}) or None
