"""The programme folder's tables, declared once.

Each table is a :class:`Table` of :class:`Col` declarations. From these declarations come
the pandera schema that validates a table, the spreadsheet templates (French headers and
a help row), and ``docs/data-format.md``. Change a column here and all three follow.

Column types
------------
``str``    free text                       ``int`` / ``float``  numbers (decimal comma accepted)
``date``   12/03/2016, 2016-03-12 …        ``bool``  oui/non, yes/no, 1/0, vrai/faux
``choice`` one of ``choices``              ``list``  several values separated by ``,`` ``;`` or ``|``
                                                     (a value holding one of them "between quotes")
``likert`` an answer on its question's scale (1–5 unless ``scale_min``/``scale_max`` say
           otherwise) or a French/English agreement label (1–5)

Cross-references (``ref``) name another table's id column (``"ideas.id"``), ``"sites"``
(the site ids of programme.yaml) or ``"codebook.tag"``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import pandera.pandas as pa

from transfo_lab.protocols.facts import TRANSFO

# Values of choice columns, canonical form first. Users may type them with accents,
# capitals or spaces: ``normalise_key`` makes « Enquête » match ``enquete``.
METHODS = ("observation", "entretien", "enquete", "atelier", "parcours", "photo", "micro_trottoir", "autre")
EVENT_TYPES = ("preparation", "session", "inter_transfo", "voyage_etude", "immersion", "journee_labo",
               "seminaire_cloture", "atelier_prospectif", "restitution", "autre")
PHASES = ("preparation", "cas_pratiques", "prefiguration", "residence", "ateliers", "cloture", "autre")
INSPIRATION_KINDS = ("initiative", "source", "lieu", "methode", "publication", "projet")
TENSIONS = ("logistique", "financement", "metiers", "juridique", "gouvernance", "numerique", "partenariats")
IDEA_STATUSES = ("retenue", "a_approfondir", "ecartee")
VOTER_GROUPS = ("agents", "usagers", "elus", "partenaires", "residents", "autre")
PROTOTYPE_KINDS = ("maquette", "prototype", "simulation", "test_de_service", "scenario")
TEST_RESULTS = ("validee", "invalidee", "mitigee")
MEMO_KINDS = ("projet", "source", "code", "selection")
TEAM_ROLES = ("resident", "ambassadeur", "agent_referent", "coordination", "partenaire")
#: Rounds of the ambassadeurs' self-assessment (mise en capacité): start, mid-way, end of the Transfo.
ASSESSMENT_ROUNDS = ("debut", "mi_parcours", "fin")
#: What a self-assessment item is about: a method brick or one of the ten values of La Transfo.
ASSESSMENT_FAMILIES = ("brique", "valeur")


@dataclass(frozen=True)
class Col:
    """One column of a table.

    ``required`` means the column must be present and every row must have a value;
    an optional column may be absent (it is then added, empty).
    """

    name: str
    type: str
    fr: str
    en: str
    help_fr: str
    help_en: str = ""
    required: bool = False
    unique: bool = False
    choices: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    ref: str | None = None
    aliases: tuple[str, ...] = ()
    #: Personal free text written in the field (notes, verbatims, ideas, learnings, comments…): it may
    #: name people, give an e-mail or a phone, and is pseudonymised before any report
    #: (:func:`transfo_lab.contract.privacy.pseudonymise_programme`). Sources and references never are.
    free_text: bool = False
    #: Text of a reference (the inspiration catalogue's descriptions) that may give a contact: its e-mails
    #: and phone numbers are pseudonymised, the names it cites (public authors) never are.
    contact_text: bool = False

    def header(self, lang: str = "fr") -> str:
        """The column header used in templates, in ``lang``."""
        return {"fr": self.fr, "en": self.en}[lang]

    def help(self, lang: str = "fr") -> str:
        """The help sentence of the templates, in ``lang`` (the French one when no English is declared)."""
        return {"fr": self.help_fr, "en": self.help_en or self.help_fr}[lang]


@dataclass(frozen=True)
class Table:
    """One kind of record of a programme, stored as one file (or one workbook sheet)."""

    name: str
    files: tuple[str, ...]
    title_fr: str
    title_en: str
    columns: tuple[Col, ...]
    id: str | None = None
    doc_fr: str = ""
    example: tuple[dict, ...] = field(default=())

    def title(self, lang: str = "fr") -> str:
        """The name of the table for a reader, in ``lang`` (« Mémos », "Memos")."""
        return {"fr": self.title_fr, "en": self.title_en}[lang]

    @property
    def file(self) -> str:
        """The canonical file stem (French)."""
        return self.files[0]

    def column(self, name: str) -> Col:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def free_text(self) -> list[str]:
        """The columns of personal free text (pseudonymised in reports)."""
        return [c.name for c in self.columns if c.free_text]

    @property
    def contact_text(self) -> list[str]:
        """The columns of references whose e-mails and phones (not names) are pseudonymised in reports."""
        return [c.name for c in self.columns if c.contact_text]


#: Apostrophes typed by word processors and spreadsheets (’ ‘ ʼ) count as the plain one.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def normalise_key(text: str) -> str:
    """Fold a header or a choice as a user may type it to a comparable key.

    >>> normalise_key("Semaine d'immersion")
    'semaine_d_immersion'
    >>> normalise_key(" Enquête ")
    'enquete'
    >>> normalise_key("Test de service")
    'test_de_service'
    >>> normalise_key("Plutôt d\u2019accord") == normalise_key("Plutôt d'accord")
    True
    """
    text = str(text).translate(_APOSTROPHES)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")


_ID = "Identifiant unique de la ligne (lettres, chiffres, tirets), ex. {ex}."
_SITE = "Identifiant du site, tel que déclaré dans programme.yaml (sites: id)."

TABLES: tuple[Table, ...] = (
    Table(
        "calendar", ("calendrier", "calendar"), "Calendrier", "Calendar", id="id",
        doc_fr="Les temps du programme : sessions, Inter-Transfo, voyage d'étude, semaines d'immersion, "
               "journées labo, séminaire de clôture, ateliers prospectifs, restitutions.",
        columns=(
            Col("id", "str", "Identifiant", "Id", _ID.format(ex="S01"), "Unique row id, e.g. S01.", required=True, unique=True),
            Col("phase", "choice", "Phase", "Phase", "Phase du programme : " + ", ".join(PHASES) + ".",
                "Programme phase.", required=True, choices=PHASES),
            Col("type", "choice", "Type", "Type", "Nature du temps : " + ", ".join(EVENT_TYPES) + ".",
                "Kind of event.", required=True, choices=EVENT_TYPES, aliases=("type_d_evenement", "kind")),
            Col("event", "str", "Événement", "Event", "Intitulé de l'événement, ex. « Session 3 — cas pratique Lycéo ».",
                "Event title.", required=True, aliases=("evenement", "intitule", "titre")),
            Col("start", "date", "Début", "Start", "Premier jour (JJ/MM/AAAA).", "First day.", required=True, aliases=("date_de_debut",)),
            Col("end", "date", "Fin", "End", "Dernier jour (JJ/MM/AAAA) ; égal au début pour un temps d'une journée.",
                "Last day.", required=True, aliases=("date_de_fin",)),
            Col("site", "str", "Site", "Site", _SITE + " Vide si le temps concerne tout le programme.", "Site id, empty for all.", ref="sites"),
            Col("week", "int", "Semaine d'immersion", "Immersion week", "Numéro de la semaine d'immersion (1, 2 ou 3), pour les immersions.",
                "Immersion week number.", min=1, max=3, aliases=("semaine",)),
            Col("description", "str", "Description", "Description", "Précisions libres.", "Free notes.", free_text=True),
        ),
    ),
    Table(
        "budget", ("budget",), "Budget", "Budget",
        doc_fr="Les postes de dépense, regroupés en sections (ex. « Résidence élargie »). Les sous-totaux et le "
               "total sont calculés par le kit : ne les saisissez pas.",
        columns=(
            Col("section", "str", "Section", "Section", "Grand poste, ex. « Résidence élargie ».", "Budget section.", required=True),
            Col("line", "str", "Poste", "Line", "Ligne de dépense, ex. « Rémunération équipe résidents ».", "Budget line.",
                aliases=("ligne", "libelle")),
            Col("amount", "float", "Montant (€)", "Amount (€)", "Montant en euros, ex. 76 900 ou 76900,00.", "Amount in euros.",
                min=0, aliases=("montant", "amount", "montant_eur", "montant_euros")),
            Col("site", "str", "Site", "Site", _SITE + " Vide pour une dépense commune.", "Site id, empty if shared.", ref="sites"),
            Col("funder", "str", "Financeur", "Funder", "Qui finance la ligne (collectivité, partenaire…), facultatif.", "Who pays."),
            Col("note", "str", "Commentaire", "Note", "Précisions libres.", "Free notes.", aliases=("commentaire",), free_text=True),
        ),
    ),
    Table(
        "codebook", ("grille_codage", "codebook", "etiquettes"), "Grille de codage", "Codebook", id="tag",
        doc_fr="Les étiquettes (codes) utilisées pour coder les observations, avec leur famille et leur définition.",
        columns=(
            Col("tag", "str", "Étiquette", "Tag", "Nom court de l'étiquette, ex. « accueil ».", "Short tag name.", required=True,
                unique=True, aliases=("etiquette", "code")),
            Col("family", "str", "Famille", "Family", "Famille d'étiquettes, ex. « Espaces », « Relations ».", "Tag family.",
                required=True, aliases=("famille",)),
            Col("definition", "str", "Définition", "Definition", "Quand utiliser cette étiquette.", "When to use this tag.",
                required=True, aliases=("definition",)),
            Col("example", "str", "Exemple", "Example", "Un exemple de verbatim ou d'observation.", "An example.", aliases=("exemple",), free_text=True),
        ),
    ),
    Table(
        "observations", ("observations",), "Observations et verbatims", "Observations and verbatims", id="id",
        doc_fr="Notes de terrain et verbatims d'entretien, une ligne par note, codées avec les étiquettes de la grille.",
        columns=(
            Col("id", "str", "Identifiant", "Id", _ID.format(ex="OBS-001"), "Unique row id.", required=True, unique=True),
            Col("site", "str", "Site", "Site", _SITE, "Site id.", required=True, ref="sites"),
            Col("date", "date", "Date", "Date", "Date de la note (JJ/MM/AAAA).", "Date of the note.", required=True),
            Col("week", "int", "Semaine d'immersion", "Immersion week", "Semaine d'immersion (1, 2 ou 3), si la note vient d'une immersion.",
                "Immersion week.", min=1, max=3, aliases=("semaine",)),
            Col("author", "str", "Auteur", "Author", "Qui a pris la note (résident·e).", "Who took the note.",
                aliases=("auteur", "auteure", "auteur_rice", "redacteur"), free_text=True),
            Col("method", "choice", "Méthode", "Method", "Méthode d'enquête : " + ", ".join(METHODS) + ".", "Research method.",
                required=True, choices=METHODS, aliases=("methode",)),
            Col("participant", "str", "Participant", "Participant", "Personne observée ou interrogée (nom, sera pseudonymisé dans les rapports).",
                "Person observed or interviewed.", aliases=("participant_e", "interlocuteur", "personne"), free_text=True),
            Col("role", "str", "Rôle", "Role", "Rôle de la personne, ex. « élève », « agent d'entretien ».", "Role of the person.",
                aliases=("role", "profil")),
            Col("kind", "choice", "Nature", "Kind", "note (observation rédigée) ou verbatim (paroles rapportées).", "note or verbatim.",
                choices=("note", "verbatim"), aliases=("nature", "type")),
            Col("text", "str", "Texte", "Text", "Le texte de la note ou du verbatim.", "The note or verbatim.", required=True,
                aliases=("texte", "verbatim", "contenu"), free_text=True),
            Col("tags", "list", "Étiquettes", "Tags", "Étiquettes de la grille de codage, séparées par des virgules ; "
                "une étiquette qui contient une virgule s'écrit entre guillemets : \"a, b\", accueil.",
                "Codebook tags, comma-separated; a tag holding a comma is written in double quotes.",
                ref="codebook.tag", aliases=("etiquettes", "codes")),
            Col("source", "str", "Document source", "Source document", "Document d'où vient l'extrait (import QualCoder, "
                "NVivo, Taguette…), facultatif.", "Document the excerpt comes from.", aliases=("document", "document_source")),
            Col("position", "str", "Position", "Position", "Position de l'extrait dans le document source "
                "(caractères début-fin, ex. 120-245), facultatif.", "Character span in the source document."),
        ),
    ),
    Table(
        "double_coding", ("double_codage", "double_coding"), "Double codage", "Double coding",
        doc_fr="Le codage à l'aveugle d'un échantillon d'observations par deux codeurs ou plus, pour mesurer "
               "l'accord entre codeurs (alpha de Krippendorff). Une ligne par observation et par codeur ; "
               "« transfo-lab coding-sample » prépare les classeurs, « transfo-lab import codage » les reprend.",
        columns=(
            Col("observation", "str", "Observation", "Observation", "Identifiant de l'observation codée (OBS-001…).",
                "Observation id.", required=True, ref="observations.id"),
            Col("coder", "str", "Codeur", "Coder", "Qui a codé (initiales ou nom, pseudonymisé dans les rapports).",
                "Who coded.", required=True, aliases=("codeur", "codeuse", "codeur_euse"), free_text=True),
            Col("tags", "list", "Étiquettes", "Tags", "Étiquettes que ce codeur a appliquées, séparées par des virgules ; "
                "vide si aucune ne convient.", "Tags this coder applied, comma-separated; empty if none.",
                ref="codebook.tag", aliases=("etiquettes", "codes")),
            Col("date", "date", "Date", "Date", "Date du codage (JJ/MM/AAAA), facultatif.", "Coding date."),
        ),
    ),
    Table(
        "memos", ("memos", "memo"), "Mémos", "Memos", id="id",
        doc_fr="Les mémos d'analyse (notes REFI-QDA : projet, document, code, extrait), reliés à ce dont ils parlent.",
        columns=(
            Col("id", "str", "Identifiant", "Id", _ID.format(ex="MEMO-01"), "Unique row id.", required=True, unique=True),
            Col("about", "choice", "Porte sur", "About", "Ce dont parle le mémo : " + ", ".join(MEMO_KINDS) + ".",
                "What the memo is about.", required=True, choices=MEMO_KINDS, aliases=("porte_sur", "objet")),
            Col("target", "str", "Cible", "Target", "L'étiquette (code), l'identifiant d'observation (extrait) ou le nom "
                "du document source dont parle le mémo ; vide pour un mémo de projet.",
                "The tag, observation id or source document the memo is about; empty for a project memo.",
                aliases=("cible",)),
            Col("title", "str", "Titre", "Title", "Titre du mémo, facultatif.", "Memo title.", aliases=("titre",), free_text=True),
            Col("text", "str", "Texte", "Text", "Le texte du mémo.", "The memo.", required=True, aliases=("texte", "memo"),
                free_text=True),
            Col("author", "str", "Auteur", "Author", "Qui l'a écrit.", "Who wrote it.", aliases=("auteur",), free_text=True),
            Col("date", "date", "Date", "Date", "Date du mémo (JJ/MM/AAAA).", "Memo date."),
        ),
    ),
    Table(
        "survey", ("questionnaire", "survey", "enquete"), "Questionnaire", "Survey",
        doc_fr="Réponses à un questionnaire à échelle, une ligne par réponse (répondant × question). "
               "La réponse est un nombre de 1 à 5 ou un libellé (« Pas du tout d'accord » … « Tout à fait d'accord ») ; "
               "une question sur une autre échelle (1 à 7, 0 à 10, ou des libellés propres comme « Jamais, Parfois, "
               "Souvent ») le dit dans les colonnes Échelle min, Échelle max (et Libellés de l'échelle) de chacune de "
               "ses lignes. Une cellule vide est une non-réponse, comptée comme telle.",
        columns=(
            Col("respondent", "str", "Répondant", "Respondent", "Identifiant du répondant, ex. R001.", "Respondent id.", required=True,
                aliases=("repondant", "repondant_e")),
            Col("site", "str", "Site", "Site", _SITE, "Site id.", required=True, ref="sites"),
            Col("date", "date", "Date", "Date", "Date de la réponse.", "Answer date."),
            Col("role", "str", "Profil", "Role", "Profil du répondant, ex. « élève », « enseignant ».", "Respondent profile.",
                aliases=("profil", "role")),
            Col("question", "str", "Question", "Question", "Intitulé de la question (identique pour tous les répondants).",
                "Question text.", required=True),
            Col("answer", "likert", "Réponse", "Answer", "Un nombre sur l'échelle de la question (1 à 5 par défaut), ou "
                "« Pas du tout d'accord », « Plutôt pas d'accord », "
                "« Ni d'accord ni pas d'accord », « Plutôt d'accord », « Tout à fait d'accord » ; vide si pas de réponse.",
                "1–5 or an agreement label; empty if no answer.", aliases=("reponse",)),
            Col("scale_min", "int", "Échelle min", "Scale min", "Plus petite réponse de l'échelle de la question "
                "(vide = 1).", "Lowest answer of the question's scale (empty = 1).", aliases=("echelle_min",)),
            Col("scale_max", "int", "Échelle max", "Scale max", "Plus grande réponse de l'échelle de la question "
                "(vide = 5), ex. 7 ou 10.", "Highest answer of the question's scale (empty = 5).",
                aliases=("echelle_max",)),
            Col("scale_labels", "list", "Libellés de l'échelle", "Scale labels", "Libellés des réponses, de la plus "
                "petite à la plus grande, si l'échelle en a (ex. Jamais, Parfois, Souvent, Toujours), facultatif.",
                "Answer labels, lowest first, optional.", aliases=("libelles_echelle", "libelles")),
        ),
    ),
    Table(
        "journeys", ("parcours", "journeys"), "Parcours usagers", "User journeys",
        doc_fr="Les étapes des parcours usagers, dans l'ordre, avec l'émotion ressentie de -2 (très négative) à +2 (très positive).",
        columns=(
            Col("journey", "str", "Parcours", "Journey", "Nom du parcours, ex. « Arrivée d'un élève interne ».", "Journey name.",
                required=True, aliases=("parcours",), free_text=True),
            Col("site", "str", "Site", "Site", _SITE, "Site id.", required=True, ref="sites"),
            Col("persona", "str", "Persona", "Persona", "L'usager suivi, ex. « Inès, 15 ans, interne ».", "The user followed.", free_text=True),
            Col("step", "int", "Étape n°", "Step", "Numéro de l'étape (1, 2, 3…).", "Step number.", required=True, min=1,
                aliases=("etape_n", "etape_no", "numero", "n")),
            Col("stage", "str", "Étape", "Stage", "Nom de l'étape, ex. « Arrivée au portail ».", "Step name.", required=True,
                aliases=("nom_de_l_etape", "moment"), free_text=True),
            Col("action", "str", "Ce que fait l'usager", "Action", "Ce que fait ou vit l'usager à cette étape.", "What the user does.",
                aliases=("ce_que_fait_l_usager", "description"), free_text=True),
            Col("emotion", "int", "Émotion", "Emotion", "Émotion de -2 (très négative) à +2 (très positive).", "Emotion from -2 to +2.",
                required=True, min=-2, max=2, aliases=("emotion",)),
            Col("pain_point", "str", "Point de friction", "Pain point", "Difficulté rencontrée, le cas échéant.", "Pain point, if any.",
                aliases=("point_de_friction", "irritant", "difficulte"), free_text=True),
            Col("opportunity", "str", "Opportunité", "Opportunity", "Piste d'amélioration, le cas échéant.", "Opportunity, if any.",
                aliases=("opportunite", "piste"), free_text=True),
        ),
    ),
    Table(
        "inspiration", ("inspiration",), "Inspiration", "Inspiration", id="id",
        doc_fr="Veille créative : initiatives inspirantes, sources, lieux et méthodes repérés.",
        columns=(
            Col("id", "str", "Identifiant", "Id", _ID.format(ex="INS-01"), "Unique row id.", required=True, unique=True),
            Col("title", "str", "Titre", "Title", "Nom de l'initiative ou de la source.", "Title.", required=True, aliases=("titre",)),
            Col("kind", "choice", "Nature", "Kind", "Nature : " + ", ".join(INSPIRATION_KINDS) + ".", "Kind of item.",
                required=True, choices=INSPIRATION_KINDS, aliases=("nature", "type")),
            Col("source", "str", "Source", "Source", "Lien ou référence.", "Link or reference.", aliases=("lien", "url")),
            Col("place", "str", "Lieu", "Place", "Ville, pays.", "City, country.", aliases=("lieu",)),
            Col("year", "int", "Année", "Year", "Année de l'initiative.", "Year.", min=1900, max=2100, aliases=("annee",)),
            Col("description", "str", "Description", "Description", "Ce qui est inspirant.", "What is inspiring.",
                contact_text=True),
            Col("tags", "list", "Mots-clés", "Tags", "Mots-clés libres, séparés par des virgules.", "Free keywords.",
                aliases=("mots_cles", "etiquettes")),
            Col("site", "str", "Site", "Site", _SITE + " Vide si l'inspiration vaut pour tous les sites.", "Site id or empty.", ref="sites"),
        ),
    ),
    Table(
        "benchmark", ("benchmark", "parangonnage"), "Benchmark", "Benchmark",
        doc_fr="Comparaison des cas inspirants selon des critères : une ligne par cas et par critère, note de 0 à 3.",
        columns=(
            Col("case", "str", "Cas", "Case", "Identifiant d'une ligne de inspiration.", "Inspiration id.", required=True,
                ref="inspiration.id", aliases=("cas",)),
            Col("criterion", "str", "Critère", "Criterion", "Critère de comparaison, ex. « Coût », « Transférabilité ».",
                "Comparison criterion.", required=True, aliases=("critere",)),
            Col("score", "float", "Note", "Score", "Note de 0 (absent) à 3 (très fort).", "Score from 0 to 3.", required=True,
                min=0, max=3, aliases=("note",)),
        ),
    ),
    Table(
        "ideas", ("idees", "ideas"), "Banque d'idées", "Ideas bank", id="id",
        doc_fr="Les idées issues des ateliers d'idéation, reliées aux étiquettes, aux sites et aux séances d'où elles viennent.",
        columns=(
            Col("id", "str", "Identifiant", "Id", _ID.format(ex="ID-01"), "Unique row id.", required=True, unique=True),
            Col("title", "str", "Titre", "Title", "L'idée en quelques mots.", "The idea in a few words.", required=True, aliases=("titre", "idee"), free_text=True),
            Col("description", "str", "Description", "Description", "L'idée développée.", "The idea in full.", free_text=True),
            Col("tags", "list", "Étiquettes", "Tags", "Étiquettes (thèmes) de la grille de codage, séparées par des virgules ; "
                "une étiquette qui contient une virgule s'écrit entre guillemets.",
                "Codebook tags.", ref="codebook.tag", aliases=("etiquettes", "themes")),
            Col("site", "str", "Site", "Site", _SITE + " Vide si l'idée est commune.", "Site id or empty.", ref="sites"),
            Col("session", "str", "Séance", "Session", "Identifiant de l'événement du calendrier où l'idée est née.",
                "Calendar event id.", ref="calendar.id", aliases=("seance",)),
            Col("author", "str", "Auteur", "Author", "Qui l'a proposée (groupe ou personne).", "Who proposed it.", aliases=("auteur",), free_text=True),
            Col("impact", "int", "Impact", "Impact", "Impact attendu de 1 (faible) à 5 (fort).", "Expected impact 1–5.", min=1, max=5),
            Col("effort", "int", "Effort", "Effort", "Effort de mise en œuvre de 1 (faible) à 5 (fort).", "Effort 1–5.", min=1, max=5),
            Col("tensions", "list", "Tensions", "Tensions", "Tensions pour le déploiement : " + ", ".join(TENSIONS) + ".",
                "Deployment tensions.", choices=TENSIONS),
            Col("status", "choice", "Statut", "Status", "retenue, a_approfondir ou ecartee.", "Status.", choices=IDEA_STATUSES,
                aliases=("statut",)),
            Col("scenarios", "list", "Scénarios", "Scenarios", "Scénarios prospectifs qui intègrent l'idée, séparés par des virgules.",
                "Scenarios including the idea.", aliases=("scenarios", "scenario")),
        ),
    ),
    Table(
        "votes", ("votes",), "Votes (gommettes)", "Dot votes",
        doc_fr="Le vote par gommettes : une ligne par votant et par idée, avec le nombre de gommettes posées.",
        columns=(
            Col("voter", "str", "Votant", "Voter", "Nom ou identifiant du votant.", "Voter.", required=True, aliases=("votant", "participant"), free_text=True),
            Col("group", "choice", "Groupe", "Group", "Groupe du votant : " + ", ".join(VOTER_GROUPS) + ".", "Voter group.",
                required=True, choices=VOTER_GROUPS, aliases=("groupe",)),
            Col("idea", "str", "Idée", "Idea", "Identifiant de l'idée.", "Idea id.", required=True, ref="ideas.id", aliases=("idee",)),
            Col("dots", "int", "Gommettes", "Dots", "Nombre de gommettes posées sur l'idée.", "Number of dots.", required=True, min=1,
                aliases=("gommettes", "points")),
            Col("session", "str", "Séance", "Session", "Identifiant de l'événement du calendrier.", "Calendar event id.",
                ref="calendar.id", aliases=("seance",)),
        ),
    ),
    Table(
        "prototypes", ("prototypes",), "Prototypes", "Prototypes", id="id",
        doc_fr="Les prototypes (maquettes, simulations, tests de service…) et l'idée dont ils viennent.",
        columns=(
            Col("id", "str", "Identifiant", "Id", _ID.format(ex="PR-01"), "Unique row id.", required=True, unique=True),
            Col("name", "str", "Nom", "Name", "Nom du prototype.", "Prototype name.", required=True, aliases=("nom",), free_text=True),
            Col("idea", "str", "Idée", "Idea", "Identifiant de l'idée d'origine.", "Idea id.", ref="ideas.id", aliases=("idee",)),
            Col("kind", "choice", "Nature", "Kind", "Nature : " + ", ".join(PROTOTYPE_KINDS) + ".", "Kind.", required=True,
                choices=PROTOTYPE_KINDS, aliases=("nature", "type")),
            Col("description", "str", "Description", "Description", "Ce qu'est le prototype.", "What it is.", free_text=True),
            Col("hypothesis", "str", "Hypothèse", "Hypothesis", "Ce que le prototype doit vérifier.", "What it tests.",
                aliases=("hypothese",), free_text=True),
            Col("sites", "list", "Sites", "Sites", "Sites où il est testé, séparés par des virgules.", "Sites where tested.", ref="sites"),
            Col("origin", "str", "Repris de", "Reused from", "Prototype d'une autre collectivité dont celui-ci est "
                "repris, écrit « collectivité / identifiant », ex. « Métropole de Loire-Océane / PR-02 » ; "
                "facultatif (rapport Inter-Transfo).", "Prototype of another collectivité this one reuses, "
                "written « collectivité / id »; optional.", aliases=("repris_de", "origine", "reused_from")),
        ),
    ),
    Table(
        "tests", ("tests",), "Tests de prototypes", "Prototype tests", id="id",
        doc_fr="Chaque test d'un prototype sur un site : itération, hypothèse, nombre de testeurs, résultat et enseignement.",
        columns=(
            Col("id", "str", "Identifiant", "Id", _ID.format(ex="T-001"), "Unique row id.", required=True, unique=True),
            Col("prototype", "str", "Prototype", "Prototype", "Identifiant du prototype testé.", "Prototype id.", required=True,
                ref="prototypes.id"),
            Col("site", "str", "Site", "Site", _SITE, "Site id.", required=True, ref="sites"),
            Col("date", "date", "Date", "Date", "Date du test.", "Test date.", required=True),
            Col("iteration", "int", "Itération", "Iteration", "Numéro d'itération (1, 2, 3…).", "Iteration number.", required=True,
                min=1, aliases=("iteration",)),
            Col("hypothesis", "str", "Hypothèse", "Hypothesis", "Hypothèse testée.", "Hypothesis tested.", aliases=("hypothese",), free_text=True),
            Col("testers", "int", "Testeurs", "Testers", "Nombre de personnes ayant testé.", "Number of testers.", min=0,
                aliases=("testeurs", "nb_testeurs")),
            Col("result", "choice", "Résultat", "Result", "validee, invalidee ou mitigee.", "validated, invalidated or mixed.",
                required=True, choices=TEST_RESULTS, aliases=("resultat",)),
            Col("learning", "str", "Enseignement", "Learning", "Ce que le test a appris.", "What was learnt.", aliases=("enseignement",), free_text=True),
        ),
    ),
    Table(
        "criteria", ("criteres", "criteria"), "Critères d'évaluation", "Evaluation criteria", id="id",
        doc_fr="La grille d'évaluation agile : critères, dimension, poids, échelle, preuves attendues, et si le critère "
               "laisse une marge d'adaptation locale.",
        columns=(
            Col("id", "str", "Identifiant", "Id", _ID.format(ex="C01"), "Unique row id.", required=True, unique=True),
            Col("criterion", "str", "Critère", "Criterion", "Intitulé du critère.", "Criterion.", required=True, aliases=("critere",), free_text=True),
            Col("dimension", "str", "Dimension", "Dimension", "usage, organisation, coûts, partenariats…", "Dimension.", required=True),
            Col("weight", "float", "Poids", "Weight", "Poids du critère (les poids sont ramenés à une somme de 1).", "Weight.",
                required=True, min=0, aliases=("poids",)),
            Col("scale_min", "int", "Échelle min", "Scale min", "Note minimale (par défaut 1).", "Lowest score.",
                aliases=("echelle_min", "min")),
            Col("scale_max", "int", "Échelle max", "Scale max", "Note maximale (par défaut 5).", "Highest score.",
                aliases=("echelle_max", "max")),
            Col("evidence", "str", "Preuves attendues", "Evidence expected", "Ce qui doit étayer la note.", "Evidence expected.",
                aliases=("preuves_attendues", "preuves"), free_text=True),
            Col("adaptable", "bool", "Adaptable localement", "Locally adaptable", "oui si chaque site peut adapter ce critère, non s'il est commun.",
                "yes if sites may adapt it.", aliases=("adaptable_localement",)),
        ),
    ),
    Table(
        "scores", ("notes", "scores", "evaluations"), "Notes d'évaluation", "Evaluation scores",
        doc_fr="Les notes de chaque site pour chaque critère, à chaque tour d'évaluation, avec la preuve qui les étaye. "
               "Une note vide est une note manquante (jamais lue comme zéro).",
        columns=(
            Col("criterion", "str", "Critère", "Criterion", "Identifiant du critère.", "Criterion id.", required=True,
                ref="criteria.id", aliases=("critere",)),
            Col("site", "str", "Site", "Site", _SITE, "Site id.", required=True, ref="sites"),
            Col("round", "int", "Tour", "Round", "Numéro du tour d'évaluation (1, 2, 3…).", "Round number.", required=True, min=1,
                aliases=("tour",)),
            Col("score", "float", "Note", "Score", "Note dans l'échelle du critère ; vide si non évaluée.", "Score.",
                aliases=("note",)),
            Col("evidence", "str", "Preuve", "Evidence", "La preuve qui étaye la note.", "Evidence.", aliases=("preuve",), free_text=True),
            Col("comment", "str", "Commentaire", "Comment", "Commentaire libre.", "Comment.", aliases=("commentaire",), free_text=True),
            Col("date", "date", "Date", "Date", "Date de l'évaluation.", "Date."),
        ),
    ),
    Table(
        "attendance", ("presences", "attendance", "emargement"), "Présences des ambassadeurs", "Ambassadeurs' attendance",
        doc_fr="La Transfo : une ligne par ambassadeur et par session du calendrier, avec les jours de présence "
               "(0 pour une absence) et les jours de préparation déclarés avant la session (le protocole prévoit "
               "5 à 8 jours cumulés entre les sessions). Les noms sont pseudonymisés dans les rapports.",
        columns=(
            Col("ambassadeur", "str", "Ambassadeur", "Ambassadeur", "Nom de l'ambassadeur, tel qu'écrit dans "
                "programme.yaml (pseudonymisé dans les rapports).", "Ambassadeur's name (pseudonymised in reports).",
                required=True, aliases=("ambassadrice", "agent", "participant"), free_text=True),
            Col("session", "str", "Session", "Session", "Identifiant de la session dans le calendrier, ex. S03.",
                "Calendar session id.", required=True, ref="calendar.id", aliases=("seance",)),
            Col("days", "float", "Jours présents", "Days present", "Jours de présence à la session (0 si absent, "
                "1,5 pour une journée et demie).", "Days present (0 if absent).", required=True, min=0,
                aliases=("jours_presents", "jours", "presence", "jours_de_presence")),
            Col("preparation_days", "float", "Jours de préparation", "Preparation days", "Jours de préparation "
                "déclarés entre la session précédente et celle-ci, facultatif.",
                "Preparation days declared before this session, optional.", min=0,
                aliases=("jours_de_preparation", "preparation")),
        ),
    ),
    Table(
        "self_assessment", ("auto_evaluation", "self_assessment", "mise_en_capacite"),
        "Auto-évaluation des ambassadeurs", "Ambassadeurs' self-assessment",
        doc_fr="La Transfo, mise en capacité : chaque ambassadeur se positionne sur les briques de méthode et les "
               "dix valeurs de La Transfo (de 1 « pas du tout à l'aise » à 5 « tout à fait à l'aise »), au début, "
               "à mi-parcours et à la fin. Une ligne par ambassadeur, tour et item ; une cellule vide est une "
               "non-réponse. Les noms sont pseudonymisés dans les rapports. Les items : les briques de méthode ("
               + ", ".join(TRANSFO.method_bricks) + ") et les valeurs (" + ", ".join(TRANSFO.values) + ").",
        columns=(
            Col("ambassadeur", "str", "Ambassadeur", "Ambassadeur", "Nom de l'ambassadeur, tel qu'écrit dans "
                "programme.yaml (pseudonymisé dans les rapports).", "Ambassadeur's name (pseudonymised in reports).",
                required=True, aliases=("ambassadrice", "agent", "repondant", "participant"), free_text=True),
            Col("round", "choice", "Tour", "Round", "Moment du questionnaire : " + ", ".join(ASSESSMENT_ROUNDS) + ".",
                "When: start, mid-way or end.", required=True, choices=ASSESSMENT_ROUNDS, aliases=("tour", "moment")),
            Col("date", "date", "Date", "Date", "Date de la réponse, facultatif.", "Answer date."),
            Col("family", "choice", "Famille", "Family", "brique (de méthode) ou valeur ; vide : déduite de l'item.",
                "brick or value; empty: from the item.", choices=ASSESSMENT_FAMILIES, aliases=("famille",)),
            Col("item", "str", "Item", "Item", "La brique ou la valeur, ex. « Prototypage / test », « Empathie ».",
                "The brick or value.", required=True, aliases=("question", "brique", "valeur")),
            Col("answer", "likert", "Réponse", "Answer", "De 1 (pas du tout à l'aise) à 5 (tout à fait à l'aise), "
                "ou « Pas du tout d'accord » … « Tout à fait d'accord » ; vide si pas de réponse.",
                "1–5 or an agreement label; empty if no answer.", min=1, max=5, aliases=("reponse", "note", "score")),
        ),
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}



# --- evidence cells: the record ids they cite ---------------------------------------------------

#: The tables whose records an evidence cell may cite, and their id column.
CITED_TABLES = {"observations": "id", "tests": "id", "prototypes": "id", "ideas": "id"}
#: A cited id: OBS-012, OBS-QDA-0001, T-004, PR-03, ID-17.
CITATION = re.compile(r"(?<![\w-])(?:OBS|T|PR|ID)(?:-[A-Za-z]+)*-\d+(?![\w-])")


def cited_ids(text) -> list[str]:
    """The record ids cited in a text, in order, each once.

    >>> cited_ids("voir OBS-QDA-0001 et ID-17, pas ABC-12 ni OBS-12x"), cited_ids(None)
    (['OBS-QDA-0001', 'ID-17'], [])
    """
    if not isinstance(text, str):
        return []
    return list(dict.fromkeys(CITATION.findall(text)))


def get_table(name: str) -> Table:
    """The declaration of table ``name`` (``"observations"``, ``"ideas"``…)."""
    try:
        return TABLES_BY_NAME[name]
    except KeyError:
        from transfo_lab.base.exceptions import ParameterError

        raise ParameterError(f"`table` is expected to be one of {tuple(TABLES_BY_NAME)}. Got {name!r} instead.") from None


def header_lookup(table: Table) -> dict[str, str]:
    """Map every accepted header spelling (normalised) to the column name."""
    lookup: dict[str, str] = {}
    for col in table.columns:
        for spelling in (col.name, col.fr, col.en, *col.aliases):
            lookup.setdefault(normalise_key(spelling), col.name)
    return lookup


_DTYPES = {"int": "Int64", "float": "float64", "date": "datetime64[ns]", "bool": "boolean"}


@lru_cache(maxsize=None)
def pandera_schema(name: str) -> pa.DataFrameSchema:
    """The pandera schema of a table, for typed frames (after :mod:`transfo_lab.contract.validation` parsed the cells).

    The checks' order in each column is that of ``CHECK_KINDS`` so that a failure can be
    traced back to a sentence for the user.
    """
    table = get_table(name)
    columns = {}
    for col in table.columns:
        checks = []
        if col.choices and col.type == "choice":
            checks.append(pa.Check.isin(list(col.choices), name="choice"))
        if col.choices and col.type == "list":
            allowed = set(col.choices)
            checks.append(pa.Check(lambda s, allowed=allowed: s.map(lambda v: set(v) <= allowed), name="choice_list"))
        if col.min is not None and col.max is not None:
            checks.append(pa.Check.in_range(col.min, col.max, name="range"))
        elif col.min is not None:
            checks.append(pa.Check.ge(col.min, name="min"))
        columns[col.name] = pa.Column(_DTYPES.get(col.type), checks=checks or None, nullable=not col.required,
                                      unique=col.unique, required=False, coerce=False)
    return pa.DataFrameSchema(columns, name=name, strict=False)


def check_kind(name: str, column: str, check_number) -> str:
    """The kind (``choice``, ``range``, ``min``…) of check number ``check_number`` of a column."""
    schema_col = pandera_schema(name).columns[column]
    return schema_col.checks[int(check_number)].name

#: Agreement labels of a 5-point Likert scale (normalised with ``normalise_key``) → score.
LIKERT_LABELS: dict[str, int] = {
    normalise_key(text): score
    for score, texts in {
        1: ("Pas du tout d'accord", "Tout à fait en désaccord", "Strongly disagree", "Totalement en désaccord"),
        2: ("Plutôt pas d'accord", "Pas d'accord", "Plutôt en désaccord", "Disagree", "Somewhat disagree"),
        3: ("Ni d'accord ni pas d'accord", "Ni d'accord, ni pas d'accord", "Neutre", "Sans avis",
            "Neither agree nor disagree", "Neutral"),
        4: ("Plutôt d'accord", "D'accord", "Agree", "Somewhat agree"),
        5: ("Tout à fait d'accord", "Totalement d'accord", "Strongly agree", "Completely agree"),
    }.items()
    for text in texts
}

#: Canonical French labels of the Likert scale, by score.
LIKERT_SCALE_FR = {1: "Pas du tout d'accord", 2: "Plutôt pas d'accord", 3: "Ni d'accord ni pas d'accord",
                   4: "Plutôt d'accord", 5: "Tout à fait d'accord"}
LIKERT_SCALE_EN = {1: "Strongly disagree", 2: "Disagree", 3: "Neither agree nor disagree", 4: "Agree", 5: "Strongly agree"}

#: English (and other common) spellings accepted for choice values → canonical value.
CHOICE_ALIASES: dict[str, str] = {
    "interview": "entretien", "survey": "enquete", "questionnaire": "enquete", "workshop": "atelier",
    "journey": "parcours", "observation_participante": "observation",
    "validated": "validee", "valide": "validee", "invalidated": "invalidee", "invalide": "invalidee",
    "mixed": "mitigee", "mitige": "mitigee",
    "mock_up": "maquette", "mockup": "maquette", "service_test": "test_de_service",
    "retained": "retenue", "retenu": "retenue", "to_explore": "a_approfondir", "dropped": "ecartee", "ecarte": "ecartee",
    "agent": "agents", "usager": "usagers", "elu": "elus", "partenaire": "partenaires", "resident": "residents",
    "users": "usagers", "officials": "elus", "partners": "partenaires",
    "logistics": "logistique", "funding": "financement", "financing": "financement", "jobs": "metiers",
    "evolution_des_metiers": "metiers", "evolution_des_metiers_ou_des_missions": "metiers", "missions": "metiers",
    "legal": "juridique", "governance": "gouvernance", "digital": "numerique",
    "study_trip": "voyage_etude", "voyage_d_etude": "voyage_etude", "lab_day": "journee_labo",
    "closing_seminar": "seminaire_cloture", "seminaire_de_cloture": "seminaire_cloture",
    "prospective_workshop": "atelier_prospectif", "immersion_week": "immersion", "semaine_d_immersion": "immersion",
    "practical_cases": "cas_pratiques", "cas_pratique": "cas_pratiques", "residence_etendue": "residence",
    "workshops": "ateliers", "closing": "cloture", "other": "autre",
    "start": "debut", "beginning": "debut", "mid": "mi_parcours", "midway": "mi_parcours", "mi_chemin": "mi_parcours",
    "milieu": "mi_parcours", "end": "fin", "brick": "brique", "methode": "brique", "value": "valeur",
    "project": "projet", "document": "source", "extrait": "selection", "segment": "selection",
}
