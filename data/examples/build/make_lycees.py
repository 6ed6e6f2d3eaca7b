"""Generate the example programme ``data/examples/pret-a-deployer-lycees/`` (deterministic).

The example of the January 2016 « Prêt à déployer » note: a résidence étendue on three pilot
lycées of the Centre-Val de Loire region (a technical lycée in Tours, the base camp; a rural
lycée with a large internat in the Brenne; a lycée under construction near Orléans), about one
public policy — *le lycée, lieu de vie* — then a cycle of three prospective workshops.

Run from the repository root::

    .venv/bin/python data/examples/build/make_lycees.py [DEST]

Only the standard library and openpyxl are used; the random seed is fixed, so two runs write
byte-identical CSV files. All the French text lives in the data blocks below; the functions at
the end only combine and write it.
"""
from __future__ import annotations

import csv
import datetime as dt
import random
import sys
import textwrap
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

SEED = 2016
DEST = Path(__file__).resolve().parents[1] / "pret-a-deployer-lycees"

# =====================================================================================================
# Programme
# =====================================================================================================

SITES = {
    "lycee-technique": (
        "Lycée professionnel Gustave-Eiffel (Tours)",
        "Lycée des métiers de l'industrie, 640 élèves de CAP et bac pro (chaudronnerie, maintenance, "
        "électrotechnique), internat de 48 places. Camp de base de la résidence : trois bâtiments des "
        "années 1960 reliés par une coursive, en bordure d'un boulevard desservi par le tram."),
    "lycee-rural": (
        "Lycée polyvalent des Brandes (Le Blanc)",
        "Lycée général et professionnel de 380 élèves dont 160 internes, au cœur du parc naturel de la "
        "Brenne. Bassin de recrutement de 45 km de rayon, 14 lignes de cars, première gare à 60 km ; "
        "internat construit en 1974."),
    "lycee-en-construction": (
        "Futur lycée des Bordes (Saint-Cyr-en-Val)",
        "Lycée ouvert à la rentrée 2016 dans des bâtiments modulaires, au milieu du chantier du futur "
        "établissement : 300 élèves de seconde et de première aujourd'hui, 1 200 prévus en 2019. "
        "Livraison des bâtiments définitifs prévue pour la rentrée 2018."),
}
T, R, C = "lycee-technique", "lycee-rural", "lycee-en-construction"
SITE_CODES = {"T": T, "R": R, "C": C}

RESIDENTS = [  # (name, discipline); the two seniors first
    ("Claire Vasseur", "designer de services (senior)"),
    ("Hugo Mercier", "sociologue (senior)"),
    ("Léa Rousseau", "architecte-urbaniste (junior)"),
    ("Sami Benhamou", "designer graphique (junior)"),
]

# Interviewees who speak (or are named) in the verbatims: (name, role, site).
PEOPLE = [
    ("Michel Durand", "DDFPT", T), ("Sandrine Morel", "CPE", T), ("Karim Haddad", "élève", T),
    ("Patrick Lemoine", "cuisinier", T), ("Julie Ferrand", "enseignant", T),
    ("Nathalie Girard", "CPE", R), ("Inès Bakri", "interne", R), ("Gérard Aubry", "élu", R),
    ("Josiane Pellerin", "agent d'entretien", R), ("Thomas Brunet", "parent", R),
    ("Anne-Sophie Lefèvre", "proviseur", C), ("Lucas Martin", "élève", C), ("Farid Benali", "agent d'accueil", C),
    ("Élodie Caron", "enseignant", C), ("Bernard Roux", "conducteur de travaux", C),
]

PROGRAMME_YAML = """\
# Exemple « Prêt à déployer » : la note de janvier 2016 de La 27e Région appliquée à trois lycées
# pilotes de la région Centre-Val de Loire. Généré par data/examples/build/make_lycees.py.
name: Prêt à déployer — Le lycée, lieu de vie
kind: pret_a_deployer
lang: fr
start: 2016-09-05
end: 2018-02-28
description: >-
  Une résidence étendue sur trois lycées aux situations contrastées (un lycée technique, un lycée
  rural, un lycée en construction) pour tester des pistes qui font du lycée un lieu de vie — accueil,
  restauration, internat, espaces, ouverture au territoire —, puis un cycle de trois ateliers
  prospectifs pour concevoir leur déploiement dans les 95 lycées publics de la région.
sites:
{sites}
team:
  residents:
{residents}
  agent_referent: {{name: Martine Delorme, service: "Région Centre-Val de Loire, direction de l'éducation et des lycées"}}
  coordination:
    - {{name: Thomas Lenoir, service: "La 27e Région, coordination générale"}}
    - {{name: Aurélie Vidal, service: "La 27e Région, administration et documentation"}}
partners:
  - Région Centre-Val de Loire — direction de l'éducation et des lycées
  - Rectorat de l'académie d'Orléans-Tours
  - Communauté de communes Brenne – Val de Creuse
  - Ville de Saint-Cyr-en-Val
  - Union des industries et métiers de la métallurgie (UIMM) Touraine
  - Fédération des conseils de parents d'élèves du Loiret
participants:
{participants}
voting:
  dots_per_participant: 5
evaluation:
  thresholds:
    deploy: 3.5
    adapt: 2.5
survey:
  scales:
    Lieux de vie:
      - Je me sens bien accueilli·e au lycée
      - La cantine est un lieu agréable
      - Il existe des lieux où se poser entre les cours
      - Les locaux sont propres et bien entretenus
    Ouverture et participation:
      - Les élèves participent aux décisions qui concernent la vie du lycée
      - Le lycée est ouvert sur son quartier ou sa commune
      - Le trajet entre le domicile et le lycée est facile
"""

# =====================================================================================================
# Calendar (18 months). Every date is a working day; the builder checks it.
# =====================================================================================================

CALENDAR = [  # id, phase, type, event, start, end, site, week, description
    ("E01", "preparation", "preparation", "Cadrage avec la Région et le rectorat", "05/09/2016", "16/09/2016", "", "",
     "Choix des trois lycées pilotes, rencontre des équipes de direction, constitution de l'équipe de résidents."),
    ("E02", "residence", "voyage_etude", "Voyage d'étude dans les trois lycées pilotes", "27/09/2016", "29/09/2016", "", "",
     "Une journée par site avec la Région, le rectorat et les proviseurs : visites, premières interviews, "
     "problématisation collective du sujet."),
    ("E03", "residence", "immersion", "Semaine d'immersion 1", "10/10/2016", "14/10/2016", T, "1",
     "Observation et compréhension des usages ; immersions à la journée au lycée des Brandes et au futur lycée des Bordes."),
    ("E04", "residence", "journee_labo", "Journée labo 1 — Croiser les regards", "17/11/2016", "17/11/2016", R, "",
     "Partage des observations des trois sites, premières pistes ; accueillie au lycée des Brandes."),
    ("E05", "residence", "immersion", "Semaine d'immersion 2", "05/12/2016", "09/12/2016", T, "2",
     "Idéation et projection : ateliers, jeux de rôle, mises en scène avec les élèves, les agents et les enseignants."),
    ("E06", "residence", "journee_labo", "Journée labo 2 — Choisir quoi prototyper", "12/01/2017", "12/01/2017", C, "",
     "Vote par gommettes sur la banque d'idées, choix des prototypes ; accueillie au futur lycée des Bordes."),
    ("E07", "residence", "immersion", "Semaine d'immersion 3", "30/01/2017", "03/02/2017", T, "3",
     "Prototypes et tests dans les trois lycées : maquettes à l'échelle 1, tests de service, simulations."),
    ("E08", "residence", "journee_labo", "Journée labo 3 — Ce que les tests nous apprennent", "07/03/2017", "07/03/2017", T, "",
     "Retour sur les itérations de tests, premières tensions de déploiement, préparation du séminaire."),
    ("E09", "cloture", "seminaire_cloture", "Séminaire de clôture de la résidence étendue", "06/04/2017", "06/04/2017", T, "",
     "Bilan collectif des prototypes, évaluation de leur déployabilité, remise du cahier de propositions créatives."),
    ("E10", "ateliers", "atelier_prospectif", "Atelier prospectif 1 — Le lycée en 2030", "13/06/2017", "13/06/2017", "", "",
     "Hôtel de Région, Orléans : visions du lycée de demain avec proviseurs, rectorat, élus et associations."),
    ("E11", "ateliers", "restitution", "Restitution de l'atelier 1", "29/06/2017", "29/06/2017", "", "",
     "Présentation des trois scénarios prospectifs au comité de pilotage."),
    ("E12", "ateliers", "atelier_prospectif", "Atelier prospectif 2 — La juste échelle de déploiement", "12/10/2017", "12/10/2017", "", "",
     "Superpublic, Paris : quelles pistes déployer partout, lesquelles laisser à l'initiative de chaque lycée ?"),
    ("E13", "ateliers", "restitution", "Restitution de l'atelier 2", "09/11/2017", "09/11/2017", "", "",
     "Restitution aux équipes des trois lycées pilotes et aux services de la Région."),
    ("E14", "ateliers", "atelier_prospectif", "Atelier prospectif 3 — Une grille d'évaluation agile", "05/12/2017", "05/12/2017", R, "",
     "Au lycée des Brandes : garde-fous, leviers de succès et grille d'évaluation laissant une marge d'adaptation."),
    ("E15", "ateliers", "restitution", "Restitution de l'atelier 3", "19/12/2017", "19/12/2017", "", "",
     "Présentation de la grille d'évaluation et du scénario de déploiement souhaitable à la commission éducation de la Région."),
    ("E16", "cloture", "autre", "Remise du livret « Prêt à déployer »", "06/02/2018", "06/02/2018", "", "",
     "Documentation globale de la démarche, diffusée aux 95 lycées publics de la région."),
]

# French public holidays of the programme's years (the builder refuses an event on one of them).
PUBLIC_HOLIDAYS = {dt.date(2016, 11, 1), dt.date(2016, 11, 11), dt.date(2016, 12, 25), dt.date(2017, 1, 1),
                   dt.date(2017, 4, 17), dt.date(2017, 5, 1), dt.date(2017, 5, 8), dt.date(2017, 5, 25),
                   dt.date(2017, 6, 5), dt.date(2017, 7, 14), dt.date(2017, 8, 15), dt.date(2017, 11, 1),
                   dt.date(2017, 11, 11), dt.date(2017, 12, 25), dt.date(2018, 1, 1), dt.date(2018, 4, 2)}

# =====================================================================================================
# Budget — the note's lines, to the euro
# =====================================================================================================

BUDGET = [  # section, line, amount, note
    ("Résidence élargie", "Rémunération équipe résidents (2 seniors, 2 juniors)", 76900,
     "Trois semaines d'immersion, voyage d'étude, journées labo, documentation"),
    ("Résidence élargie", "Coordination générale, administration et frais de structure", 15200, ""),
    ("Résidence élargie", "Déplacements, hébergements, fournitures et frais de réception", 13300,
     "Dont matériel de prototypage (carton, bois, impression grand format)"),
    ("Cycle d'ateliers prospectifs (3 ateliers)", "Préparation, animation et post-production des ateliers", 25600, ""),
    ("Cycle d'ateliers prospectifs (3 ateliers)", "Coordination générale, administration et frais de structure", 6700, ""),
    ("Cycle d'ateliers prospectifs (3 ateliers)",
     "Déplacements, hébergements, fournitures et frais de réception, location d'espaces", 5000,
     "Atelier 2 à Superpublic (Paris)"),
    ("Clôture et restitution", "Conception des livrables, préparation et animation du séminaire de clôture", 15200,
     "Cahier de propositions créatives, livret final"),
    ("Clôture et restitution", "Coordination générale, administration et frais de structure", 4300, ""),
    ("Clôture et restitution", "Fournitures et frais de réception, documentation et production des livrables", 4000, ""),
]
FUNDER = "Région Centre-Val de Loire"

# =====================================================================================================
# Codebook: tag -> (family, definition, example)
# =====================================================================================================

CODEBOOK = {
    "accueil": ("Lieux de vie", "Arrivée au lycée et réception des élèves, des familles et des visiteurs : portail, loge, "
                "premiers jours, information donnée aux nouveaux venus.",
                "« Le premier jour, on nous a mis dans le gymnase et après, débrouillez-vous. »"),
    "restauration": ("Lieux de vie", "Le repas et ses lieux : self, file d'attente, qualité et origine des produits, "
                     "bruit, gaspillage, métier des équipes de cuisine.", "12h05 : la file du self déborde dans la cour."),
    "internat": ("Lieux de vie", "La vie des internes : chambres, soirées, étude du soir, encadrement de nuit, "
                 "rythme de la semaine.", "« Le lycée, c'est ma maison quatre nuits sur sept. »"),
    "espaces_communs": ("Lieux de vie", "Les lieux où l'on se pose hors de la classe : cour, foyer, maison des lycéens, "
                        "CDI utilisé comme foyer, halls, bancs.", "Deux bancs dans la cour pour 600 élèves."),
    "entretien_locaux": ("Lieux de vie", "Propreté, maintenance et état des locaux ; le travail des agents d'entretien "
                         "et la façon dont il est vu.", "« On est invisibles ; le jour où on ne passe pas, on nous remarque. »"),
    "circulation": ("Bâti et orientation", "Les déplacements dans l'établissement : flux aux interclasses, escaliers, "
                    "distances entre bâtiments, cheminements.", "600 élèves changent de bâtiment en cinq minutes par un seul escalier."),
    "signaletique": ("Bâti et orientation", "Se repérer : panneaux, numérotation des salles, plans, écrans d'information, "
                     "signalétique provisoire.", "Une flèche « Accueil » pointe vers un modulaire déménagé."),
    "chantier": ("Bâti et orientation", "Vivre et travailler dans un lycée en travaux ou en construction : nuisances, "
                 "cheminements provisoires, relation avec les entreprises et la maîtrise d'ouvrage.",
                 "« Tous les lundis, le chemin a changé. »"),
    "securite": ("Bâti et orientation", "Sûreté et sécurité des personnes : portail, Vigipirate, ateliers, abords, "
                 "exercices, nuit à l'internat.", "Le portail ferme à 8h05 ; les retardataires attendent dehors."),
    "transport": ("Temps et mobilités", "Venir au lycée et en repartir : cars scolaires, transports en commun, "
                  "trajets, horaires imposés, stages éloignés.", "Le dernier car part à 17h05."),
    "temps_libre": ("Temps et mobilités", "Les temps sans cours : pause méridienne, heures de permanence, mercredi "
                    "après-midi, soirées, clubs et activités.", "« Quand on a deux heures de trou, on va au kebab. »"),
    "relations_adultes_eleves": ("Relations et participation", "La qualité des liens entre élèves et adultes du lycée "
                                 "(enseignants, vie scolaire, agents) : proximité, écoute, confiance.",
                                 "« Mon prof d'atelier me parle comme à un collègue. »"),
    "isolement": ("Relations et participation", "Éloignement géographique ou social : distance au domicile, réseau "
                  "mobile, solitude, élèves sans visite, équipes isolées.", "« Je suis à 50 km mais c'est comme l'autre bout de la France. »"),
    "participation": ("Relations et participation", "Les élèves, familles et agents associés aux décisions : CVL, "
                      "délégués, consultations, boîtes à idées, comités.", "« Pour le nom du lycée, pour une fois on nous a demandé notre avis. »"),
    "ouverture_territoire": ("Territoire, métiers et outils", "Les liens du lycée avec sa commune et son bassin de vie : "
                             "locaux partagés, associations, élus, riverains.", "« Le lycée, c'est le plus gros équipement du canton. »"),
    "relation_entreprises": ("Territoire, métiers et outils", "Les liens avec les entreprises : stages, tuteurs, "
                             "commandes, équipements prêtés, fête des métiers.", "Le DDFPT gère 240 conventions de stage par an."),
    "numerique": ("Territoire, métiers et outils", "Outils et réseaux numériques : ENT, wifi, réseau mobile, écrans, "
                  "messageries, équipement des salles.", "« Je fais cours avec la 4G de mon téléphone. »"),
    "organisation_travail": ("Territoire, métiers et outils", "Missions, horaires et coordination des équipes "
                             "(Éducation nationale et Région), polyvalence, fiches de poste, évolution des métiers.",
                             "« J'ai deux patrons : le proviseur et la Région. »"),
}

# How often each tag is the main theme of a note, per site: the sites really differ.
SITE_WEIGHTS = {
    T: {"accueil": 6, "restauration": 7, "internat": 2, "espaces_communs": 5, "entretien_locaux": 4, "circulation": 6,
        "signaletique": 2, "chantier": 1, "securite": 4, "transport": 2, "temps_libre": 4, "relations_adultes_eleves": 5,
        "isolement": 1, "participation": 3, "ouverture_territoire": 2, "relation_entreprises": 10, "numerique": 3,
        "organisation_travail": 4},
    R: {"accueil": 5, "restauration": 6, "internat": 11, "espaces_communs": 3, "entretien_locaux": 3, "circulation": 2,
        "signaletique": 1, "chantier": 1, "securite": 2, "transport": 11, "temps_libre": 6, "relations_adultes_eleves": 4,
        "isolement": 9, "participation": 3, "ouverture_territoire": 6, "relation_entreprises": 1, "numerique": 3,
        "organisation_travail": 3},
    C: {"accueil": 6, "restauration": 5, "internat": 1, "espaces_communs": 4, "entretien_locaux": 2, "circulation": 6,
        "signaletique": 9, "chantier": 12, "securite": 3, "transport": 3, "temps_libre": 2, "relations_adultes_eleves": 3,
        "isolement": 3, "participation": 6, "ouverture_territoire": 2, "relation_entreprises": 1, "numerique": 4,
        "organisation_travail": 3},
}

# =====================================================================================================
# Fieldwork fragments, per tag.
#   notes  : "SITES#extra,tags|text"        — an observation note (SITES: letters T R C, or * for all)
#   quotes : "role@SITES#extra,tags|text"   — a first-person verbatim
#   pistes : ideas heard in workshops (noun phrases), appended to week-2 and week-3 workshop notes
# =====================================================================================================

FRAGMENTS = {
    "accueil": {
        "notes": [
            "*|7h45, devant le portail : un seul surveillant contrôle les carnets, les élèves attendent sur le trottoir ; "
            "personne ne dit bonjour, les échanges se limitent à « carnet ! ».",
            "T|La loge d'accueil est vitrée et fermée par un hygiaphone : les visiteurs doivent se pencher pour parler à "
            "l'agent. Trois parents attendent debout, aucun siège n'est prévu dans le sas.",
            "R|Le lundi matin, les cars déposent 180 élèves en vingt minutes. L'agente d'accueil salue chacun par son "
            "prénom : elle connaît la plupart des familles depuis des années.",
            "C|L'accueil est installé dans un bungalow de chantier au bout du parking. Une feuille A4 plastifiée indique "
            "« Secrétariat — sonnez » ; la sonnette ne fonctionne pas.",
            "*|La journée portes ouvertes est citée par plusieurs enseignants comme le seul moment où le lycée « se "
            "présente » ; le reste de l'année, l'accueil des nouveaux arrivants se fait au fil de l'eau.",
            "T#relation_entreprises|Un tuteur d'entreprise venu signer une convention de stage attend vingt minutes dans le "
            "hall : personne ne sait qui doit le recevoir, le DDFPT est en atelier avec un groupe.",
            "R#internat|Le lundi à 8h, les internes arrivent avec leur valise et la déposent dans un couloir du bâtiment A, "
            "faute de bagagerie ; les sacs encombrent le passage jusqu'à l'ouverture de l'internat à 17h.",
            "*#signaletique|Un élève arrivé en cours d'année erre dix minutes dans les couloirs, son emploi du temps à la "
            "main ; c'est un agent d'entretien qui finit par l'accompagner jusqu'à sa salle.",
            "C#chantier|Les visiteurs doivent longer la zone de livraison des engins pour atteindre l'accueil provisoire ; "
            "un cheminement balisé par des barrières a été ajouté la semaine dernière, après une plainte de parent.",
        ],
        "quotes": [
            "parent@*|Quand j'appelle le lycée, ça sonne dans le vide ou je tombe sur un répondeur. Je ne sais jamais à "
            "qui m'adresser pour une question simple, la cantine, les bourses, un rendez-vous.",
            "élève@*|Le premier jour, on nous a mis dans le gymnase, on a écouté des discours pendant une heure et "
            "après, débrouillez-vous. Personne ne nous a montré où était la vie scolaire.",
            "agent d'accueil@*#organisation_travail|Je fais l'accueil, le standard, le courrier et les clés des salles. "
            "Quand trois personnes arrivent en même temps que le téléphone sonne, je choisis qui je fais attendre.",
            "proviseur@TR|L'accueil, c'est la première image du service public. Ici le hall ressemble à un couloir de "
            "passage ; on a des moyens pour les ateliers, pas pour recevoir les gens dignement.",
            "interne@R#internat|Le premier soir à l'internat, j'ai pleuré. Ce qui m'a aidée, c'est une fille de "
            "terminale qui m'a fait visiter et m'a montré où on pouvait recharger son téléphone.",
            "parent@C#chantier|Pour la réunion de rentrée, on s'est garés dans la boue, il n'y avait pas de panneau. On "
            "a suivi d'autres parents en espérant qu'ils savaient où ils allaient.",
            "élève@T#relations_adultes_eleves|Ici, les profs d'atelier te serrent la main le matin, comme au boulot. Ça "
            "change du collège, on se sent un peu pris au sérieux, on a envie d'être à l'heure.",
        ],
        "pistes": [
            "un binôme de « parrains » de terminale pour chaque nouvel élève pendant les trois premières semaines",
            "un hall d'accueil avec des sièges, un plan du lycée et un écran des absences de professeurs",
            "un numéro unique et une adresse « vie du lycée » relevée deux fois par jour",
        ],
    },
    "restauration": {
        "notes": [
            "*|12h05 : la file d'attente du self déborde jusque dans la cour. Temps d'attente mesuré : 22 minutes pour "
            "les élèves de seconde, qui passent en dernier selon le planning de passage.",
            "T|Le réfectoire de 320 places est saturé entre 12h10 et 12h40 ; le bruit est tel que les élèves mangent en "
            "silence, casque sur les oreilles, ou ne restent que dix minutes à table.",
            "R|La cuisine travaille avec des produits locaux : viande d'un élevage voisin, fromages de chèvre de la "
            "Brenne. Le chef affiche chaque semaine l'origine des produits sur une ardoise à l'entrée du self.",
            "C|Les repas arrivent en liaison froide depuis la cuisine d'un autre lycée, à 25 km. Remise en température "
            "dans un office de 12 m² ; deux agents pour 300 couverts, sans plonge digne de ce nom.",
            "*#participation|La commission menus se réunit une fois par trimestre ; aucun élève n'y est venu cette "
            "année. Le compte rendu est affiché à côté de la borne de badge, à hauteur de genou.",
            "*|Beaucoup de plateaux reviennent avec l'entrée intacte. L'agent de plonge estime le gaspillage à un bac "
            "de 30 litres par service, surtout des légumes cuits et du pain.",
            "T#temps_libre|Une partie des élèves de bac pro va acheter un sandwich à la boulangerie d'en face : « plus "
            "rapide, et on peut parler ». La vie scolaire ne tient aucun registre de ces sorties.",
            "R#internat|Le dîner des internes est servi à 18h45 dans une salle à moitié éteinte ; les agents ont demandé "
            "à pouvoir cuisiner une fois par mois avec les élèves, sans réponse de la direction pour l'instant.",
            "C#chantier|Le futur restaurant scolaire est visible depuis l'office provisoire : une dalle de béton et des "
            "réservations de gaines. Les agents n'ont jamais vu les plans de leur future cuisine.",
        ],
        "quotes": [
            "cuisinier@TR#organisation_travail|On fait 400 repas avec une équipe de cinq. Le matin, c'est l'usine. "
            "J'aimerais qu'on ait le temps de présenter les plats, de parler aux jeunes, pas juste de remplir des assiettes.",
            "élève@*|La cantine, c'est pas la nourriture le problème, c'est le bruit. Tu ressors de là avec mal à la "
            "tête, alors tu manges vite et tu pars fumer ou tu vas dans le hall.",
            "élève@T|Les secondes passent en dernier au self. Le temps qu'on soit servis, il reste dix minutes avant la "
            "reprise de l'atelier, alors on mange debout ou on saute le repas.",
            "interne@R#relations_adultes_eleves|Le soir, c'est mieux qu'à midi : on est moins nombreux, le cuisinier nous "
            "demande ce qu'on veut manger la semaine d'après. C'est là qu'on parle vraiment avec les adultes.",
            "agent de restauration@C|On réchauffe des barquettes, c'est tout. Quand les élèves me disent que c'est pas "
            "bon, je n'ai rien à répondre, je ne sais même pas qui a cuisiné.",
            "parent@*|Mon fils mange à la cantine quatre jours par semaine et il me dit qu'il a faim en rentrant. Je ne "
            "sais pas si c'est la quantité ou le fait qu'il n'a pas le temps de finir.",
            "enseignant@*#relations_adultes_eleves|Je mange au self avec mes élèves une fois par semaine. C'est le seul "
            "moment où je les vois autrement qu'en classe, et on apprend beaucoup de choses à table.",
        ],
        "pistes": [
            "un service en deux temps avec des îlots de six places et des panneaux acoustiques",
            "une « table du chef » mensuelle où des élèves cuisinent avec l'équipe de restauration",
            "un tableau du gaspillage pesé et affiché chaque vendredi à l'entrée du self",
        ],
    },
    "internat": {
        "notes": [
            "R|L'internat compte 160 lits en chambres de quatre. Les couloirs sont fermés de 21h30 à 7h ; une seule salle "
            "commune, meublée de chaises empilées, sert à la fois de salle d'étude et de salle télé.",
            "R#isolement,numerique|Mercredi soir, la moitié des internes reste en chambre, téléphone en main. Le wifi ne "
            "couvre que le rez-de-chaussée : on voit des groupes assis par terre près de la borne.",
            "R#securite|Deux assistants d'éducation seulement pour 160 internes la nuit ; ils font trois rondes et "
            "répondent aux appels des familles sur un portable de service qui passe de main en main.",
            "T#relation_entreprises|L'internat de 48 places accueille surtout des élèves de CAP venus de loin pour des "
            "formations rares ; il ferme le vendredi à 16h, avant la fin des cours d'atelier de certains groupes.",
            "R#temps_libre|Le planning des activités du soir est affiché : foot le lundi, rien le mardi, étude "
            "obligatoire le mercredi de 17h à 19h. Les internes parlent d'un « couvre-feu dès 21h ».",
            "R#entretien_locaux|Les douches du deuxième étage sont fermées depuis trois semaines pour une fuite ; les "
            "filles de cet étage descendent au premier, avec un créneau de dix minutes chacune le matin.",
            "C#transport|Le lycée n'a pas encore d'internat : les élèves éloignés dorment dans celui d'un lycée voisin, à "
            "12 km, avec une navette à 17h40 qui ne laisse aucun temps après les cours.",
            "R#participation|Le conseil des internes existe sur le papier ; sa dernière réunion date de l'an dernier. Les "
            "demandes passent par des petits mots glissés sous la porte du bureau des AED.",
            "T#relation_entreprises|Des apprentis de la section chaudronnerie logent à l'internat pendant leurs semaines "
            "de cours ; ils disent se sentir « de passage » et ne connaissent pas les autres internes.",
        ],
        "quotes": [
            "interne@R#transport|Je pars de chez moi le lundi à 6h10 et je rentre le vendredi à 19h. Le lycée, c'est ma "
            "maison quatre nuits sur sept, mais je n'ai pas le droit d'y mettre une affiche.",
            "interne@R#isolement|Le mercredi soir, on tourne en rond. Il n'y a rien à faire au village, et de toute "
            "façon on n'a pas le droit de sortir après 18h sans autorisation écrite des parents.",
            "AED@R#organisation_travail|Je suis assistant d'éducation, j'ai 22 ans et je surveille des élèves qui en ont "
            "18. On est plus des grands frères que des surveillants, mais personne ne nous forme à ça.",
            "CPE@R|L'internat, c'est notre force et notre fragilité. Des familles choisissent le lycée pour lui, mais les "
            "bâtiments datent de 1974 et on manque d'adultes le soir.",
            "parent@R|Ma fille est interne depuis la seconde. Au début je l'appelais tous les soirs ; maintenant elle me "
            "dit que c'est là qu'elle a appris à s'organiser toute seule.",
            "interne@T|À l'internat, les chambres ont été refaites, c'est bien. Mais le week-end, ceux qui habitent à "
            "200 kilomètres doivent aller chez un correspondant ou en famille d'accueil.",
            "élève@C#transport,isolement|Je suis interne au lycée d'à côté parce qu'ici il n'y a pas encore de chambres. "
            "Du coup je ne vois jamais mes copains de classe après 17h30.",
        ],
        "pistes": [
            "RT|des chambres personnalisables, avec un panneau de liège et une étagère pour chaque interne",
            "RT|un conseil des internes élu qui gère un petit budget d'activités du soir",
            "R|la salle commune ouverte aux associations du village un soir par semaine",
        ],
    },
    "espaces_communs": {
        "notes": [
            "*|Récréation de 10h : la cour n'a que deux bancs. Les groupes se forment contre les murs, près des "
            "toilettes ou sous le préau, et se répartissent clairement selon les filières.",
            "T|La maison des lycéens occupe une ancienne salle de classe sans fenêtre : un baby-foot cassé, un "
            "distributeur hors service. Elle est fermée à clé dès que l'AED n'est pas disponible.",
            "R|Le CDI est le lieu le plus fréquenté entre 12h30 et 13h30. Les documentalistes tolèrent le bavardage à voix "
            "basse ; c'est devenu un foyer de fait pour les internes.",
            "C#chantier|Aucune salle pour se poser : entre les cours, les élèves restent dans les coursives des "
            "modulaires ou s'assoient sur les marches extérieures, même par 3 °C.",
            "*#temps_libre|Les heures de permanence se passent dans une salle d'étude où il est interdit de parler ; "
            "beaucoup d'élèves préfèrent rester debout dans le hall ou sortent fumer devant le portail.",
            "T#relation_entreprises|Le hall des ateliers est impressionnant : machines-outils, robot industriel. Les élèves "
            "des autres filières ne le traversent jamais, ils disent que ce n'est « pas pour eux ».",
            "R#ouverture_territoire|La salle polyvalente du lycée sert au club de théâtre de la commune le jeudi soir ; "
            "les élèves ignorent que ces activités existent dans leurs murs.",
            "C#participation|Sur les plans du futur lycée, un « forum » central est prévu. Les élèves de seconde à qui on "
            "le montre demandent ce que veut dire forum, et qui décidera de son usage.",
            "*#entretien_locaux|Les toilettes du rez-de-chaussée sont évitées par la plupart des filles ; elles attendent "
            "la fin des cours ou vont au CDI, où les sanitaires sont en principe réservés aux adultes.",
        ],
        "quotes": [
            "élève@*|Il nous faudrait juste un endroit où on peut s'asseoir et parler sans se faire virer. Pas une salle "
            "de classe, pas le couloir : un endroit à nous, même petit.",
            "documentaliste@TR|Le CDI est devenu le foyer parce qu'il n'y a pas d'autre lieu chauffé et calme. Je ne "
            "m'en plains pas, mais mes missions ne sont pas celles d'une animatrice.",
            "élève@C#chantier|Dans les préfabriqués, entre deux cours, on reste dehors. Quand il pleut, on s'entasse dans "
            "le couloir de deux mètres et on se fait disputer parce qu'on bloque le passage.",
            "enseignant@T#circulation|Les élèves d'électrotechnique ne savent pas où sont les salles de maintenance, "
            "alors qu'elles sont à cinquante mètres. Le lycée est cloisonné comme les filières.",
            "proviseur@C#participation|On a une chance unique : le bâtiment n'existe pas encore. Si on ne demande pas "
            "maintenant aux élèves comment ils veulent vivre dedans, on ne le fera jamais.",
            "interne@R|Le foyer, c'est une salle avec une télé fixée au mur et une télécommande qu'il faut demander au "
            "bureau. On préfère squatter le CDI ou les escaliers.",
        ],
        "pistes": [
            "C|un foyer mobile en mobilier modulaire, déplaçable selon les saisons et l'avancée des travaux",
            "TC|des « bancs à palabres » conçus et fabriqués par la section chaudronnerie",
            "une carte des lieux où l'on peut se poser, co-dessinée avec les élèves",
        ],
    },
    "entretien_locaux": {
        "notes": [
            "*|6h30 : trois agents d'entretien commencent par les salles du rez-de-chaussée. Ils disposent de deux "
            "heures avant l'arrivée des élèves pour plusieurs milliers de mètres carrés de sols.",
            "T|Les ateliers génèrent copeaux et huile ; les élèves ne nettoient pas leurs postes en fin de séance, les "
            "agents repassent derrière et le vivent comme un manque de respect.",
            "R|Les agents sont aussi jardiniers, électriciens et chauffeurs à l'occasion. Le plus ancien, en poste "
            "depuis 28 ans, connaît chaque vanne et chaque compteur du bâtiment.",
            "C#chantier|Les modulaires sont neufs mais la boue du chantier entre partout ; les agents ont obtenu des "
            "tapis supplémentaires après deux semaines de réclamations par courriel à la Région.",
            "*#relations_adultes_eleves|Un agent laisse un mot au tableau d'une salle : « Merci de remonter vos chaises ». "
            "Le lendemain, les chaises sont remontées et quelqu'un a dessiné un cœur à côté.",
            "*#organisation_travail|Les agents régionaux ont un planning conçu avec la Région et un encadrement par le "
            "gestionnaire du lycée : ils décrivent une double hiérarchie « qui ne se parle pas ».",
            "R#internat|Les chambres d'internat sont nettoyées le vendredi après le départ des élèves ; le reste de la "
            "semaine, les agents n'y entrent pas, à la demande des internes eux-mêmes.",
            "T#securite|Une fuite d'eau dans l'atelier de maintenance est signalée lundi par un enseignant ; le bon "
            "d'intervention est saisi dans le logiciel régional, l'intervention est prévue dans trois semaines.",
        ],
        "quotes": [
            "agent d'entretien@*#organisation_travail|On est invisibles. Les élèves ne savent pas qui nettoie, certains "
            "profs non plus. Le jour où on ne passe pas, là, on nous remarque.",
            "agent d'entretien@T|Dans les ateliers, c'est huile et limaille partout. Si les élèves passaient cinq "
            "minutes à ranger, je pourrais faire autre chose que ramasser derrière eux.",
            "agent d'entretien@R#relations_adultes_eleves|J'ai réparé la porte du foyer trois fois cette année. Si on me "
            "donnait des charnières correctes, je la referais une fois avec les élèves, ils apprendraient quelque chose.",
            "élève@*|Les toilettes, franchement, on n'y va pas. Il n'y a jamais de papier et les verrous sont cassés. "
            "J'attends de rentrer chez moi, même quand je finis à 17h.",
            "gestionnaire@C#chantier|Pour l'instant tout est sous garantie du constructeur, donc mes agents n'ont le "
            "droit de toucher à rien. On attend, on appelle, on relance, et la fuite est toujours là.",
            "enseignant@*|Je passe parfois dix minutes à nettoyer ma salle avant le cours. Ce n'est pas la faute des "
            "agents, ils sont trop peu nombreux pour la surface.",
        ],
        "pistes": [
            "T|une charte « poste propre » co-écrite par les élèves des ateliers et les agents",
            "un trombinoscope des agents affiché dans le hall, avec leur métier et leur ancienneté",
        ],
    },
    "circulation": {
        "notes": [
            "*|Interclasse de 10h : les élèves changent de bâtiment en cinq minutes par un unique escalier central ; "
            "les enseignants arrivent en retard, bloqués dans le flux.",
            "T|Le lycée s'étend sur trois bâtiments reliés par une coursive non couverte ; entre les ateliers et les "
            "salles d'enseignement général, il faut sept minutes à pied, l'interclasse en dure cinq.",
            "C#chantier|Le cheminement vers les modulaires change chaque semaine selon l'avancée du chantier ; lundi, "
            "les élèves de seconde ont contourné une tranchée fraîchement ouverte.",
            "C#signaletique|Les salles des modulaires sont numérotées M1 à M14 sans logique visible : M7 est à côté de "
            "M2. Les enseignants remplaçants se perdent systématiquement.",
            "R#transport|À 16h55, tout le lycée converge vers le parking des cars par un seul portail ; les internes qui "
            "vont à l'étude doivent remonter le flux à contre-courant.",
            "*#securite|La porte coupe-feu du couloir du premier étage est calée avec une chaise pour fluidifier le "
            "passage ; un agent la retire deux fois par jour, elle est remise dans l'heure.",
            "T#relation_entreprises|Les livraisons de métal pour les ateliers passent par la même entrée que les "
            "élèves, entre 8h et 8h30 ; un camion manœuvre au milieu du flux.",
            "*|Un élève en fauteuil fait un détour de 300 mètres pour rejoindre la salle de sciences, faute "
            "d'ascenseur dans l'aile B ; il arrive en retard à chaque cours et s'en excuse.",
        ],
        "quotes": [
            "enseignant@T|Entre l'atelier et la salle de français, on perd dix minutes par cours. Sur une semaine, "
            "c'est presque une heure d'enseignement qui part dans les couloirs.",
            "élève@C#chantier|Tous les lundis, le chemin a changé. On suit les barrières, comme dans un labyrinthe. Au "
            "moins, on voit le lycée pousser, et ça c'est plutôt cool.",
            "élève@TR|Dans l'escalier principal, à l'interclasse, c'est la bousculade. Les petits de seconde se font "
            "écraser ; moi je passe toujours par l'escalier de secours.",
            "CPE@*#securite|Les attroupements dans les couloirs, c'est là que naissent les conflits. Ce n'est pas une "
            "question de discipline, c'est une question de largeur de couloir.",
            "agent d'entretien@R|Les élèves coupent par la pelouse pour aller aux cars, alors il y a un chemin de boue. "
            "Plutôt que de mettre une barrière, il faudrait faire une vraie allée.",
            "proviseur@T#organisation_travail|On a organisé les emplois du temps pour éviter les traversées, mais les "
            "ateliers imposent leurs contraintes. La circulation, ici, c'est un casse-tête à chaque rentrée.",
        ],
        "pistes": [
            "TR|des interclasses décalés de cinq minutes entre filières pour désengorger l'escalier central",
            "C|un chemin piéton tracé au sol et reconfiguré chaque semaine avec le conducteur de travaux",
        ],
    },
    "signaletique": {
        "notes": [
            "C#chantier|Le seul panneau à l'entrée indique le nom de l'entreprise générale et le montant des travaux ; "
            "rien ne signale qu'un lycée fonctionne déjà derrière les palissades.",
            "C#accueil|Une flèche « Accueil » peinte à la bombe sur une palissade pointe vers un modulaire déménagé il y "
            "a quinze jours ; trois visiteurs s'y trompent pendant notre heure d'observation.",
            "*|Les salles sont numérotées selon un système ancien (bâtiment, étage, numéro) que seuls les adultes "
            "maîtrisent ; les élèves désignent les salles par le nom du professeur.",
            "T#relation_entreprises|La signalétique des ateliers est technique et réglementaire (équipements de "
            "protection, zones de danger) ; nulle part n'est indiqué ce que l'on fabrique dans chaque atelier.",
            "R|Les panneaux datent de la construction : « salle de dactylographie », « laboratoire photo ». Ils amusent "
            "les élèves et perdent les visiteurs, qui cherchent la salle informatique.",
            "*#numerique|L'écran d'information du hall affiche en boucle le menu de la semaine précédente et une "
            "annonce du bal de promo de juin ; les élèves ne le regardent plus.",
            "C#chantier|Les ouvriers demandent régulièrement leur chemin aux élèves : la signalétique du chantier et "
            "celle du lycée se superposent, sans code couleur commun.",
            "*#accueil|Au portail, cinq panneaux d'interdiction (fumer, vélos, chiens, stationnement, accès) et aucun "
            "mot de bienvenue ; un élève les photographie « pour l'expo ».",
        ],
        "quotes": [
            "agent d'accueil@C|On me demande le chemin toute la journée. J'ai fini par dessiner un plan à la main et par "
            "le photocopier ; je le distribue aux visiteurs et aux remplaçants.",
            "parent@C#accueil|J'ai tourné vingt minutes autour des palissades pour trouver l'entrée. Le lycée de mon "
            "fils, je l'ai trouvé grâce aux élèves qui sortaient fumer.",
            "enseignant@C#accueil|Je suis remplaçante, j'arrive un mardi matin, personne pour m'accueillir, des "
            "modulaires tous identiques. J'ai commencé mon premier cours avec dix minutes de retard.",
            "élève@T|Les panneaux, personne ne les lit. On se repère avec les copains, ou avec les bruits : l'atelier, "
            "c'est là où ça tape.",
            "proviseur@C#chantier|Chaque mois, la géographie du site change. La signalétique devrait être aussi "
            "provisoire que le reste, mais je n'ai ni budget ni personne pour s'en occuper.",
            "élève@R|Les vieilles plaques « dactylographie », on les adore. Ça raconte l'histoire du lycée ; faudrait "
            "pas les enlever, juste ajouter à quoi servent les salles maintenant.",
        ],
        "pistes": [
            "C|une signalétique temporaire fabriquée par les élèves et mise à jour avec l'avancée du chantier",
            "un plan du lycée « vu par les élèves » affiché au portail et envoyé aux familles",
        ],
    },
    "chantier": {
        "notes": [
            "C|Le bruit des engins couvre la voix des enseignants dans les modulaires côté est ; une professeure de "
            "langues a obtenu une salle côté parking après un mois de demandes.",
            "C#participation|Le conducteur de travaux reçoit une classe de seconde une fois par mois pour une visite du "
            "chantier, casques et gilets fournis ; c'est le moment le plus attendu par les élèves.",
            "C#securite|Une palissade a été déplacée pendant le week-end ; lundi matin, un accès direct au chantier reste "
            "ouvert côté terrain de sport. L'agent d'accueil prévient l'entreprise par téléphone.",
            "C#participation|Réunion de chantier observée : Région, architecte, maître d'œuvre, entreprises. Le lycée y "
            "est représenté par la proviseure seule ; aucun usager, aucun agent, aucun élève.",
            "C#restauration|La livraison du restaurant scolaire est repoussée de six mois ; les agents de restauration "
            "l'apprennent par les élèves, qui ont lu l'information sur le site de la commune.",
            "C#organisation_travail|L'équipe de direction consacre environ une journée par semaine aux réunions de "
            "chantier et aux échanges avec la Région ; ces heures ne sont comptées nulle part.",
            "T#circulation|Un chantier de désamiantage bloque l'aile B pendant trois semaines ; les cours de première "
            "sont relogés dans l'atelier de maintenance, au milieu des machines.",
            "R#internat|Les travaux de rénovation thermique de l'internat sont programmés pendant les vacances de "
            "février ; la Région n'a pas consulté le lycée sur le calendrier des chambres à vider.",
        ],
        "quotes": [
            "conducteur de travaux@C#securite|Les élèves, au début, je les voyais comme un risque. Maintenant je leur "
            "explique ce qu'on fait, et c'est eux qui me signalent quand une barrière est tombée.",
            "proviseur@C#organisation_travail|Diriger un lycée qui se construit autour de soi, c'est gérer deux "
            "établissements : celui qui existe et celui qui n'existe pas encore. Le second prend toute la place.",
            "élève@C#participation|On va être la première promo du nouveau lycée. On aimerait bien que nos noms soient "
            "quelque part, sur un mur, une plaque, n'importe quoi.",
            "enseignant@C#circulation|Entre le bruit, la poussière et le chemin qui change, on enseigne en mode "
            "camping. Certains collègues ont demandé leur mutation dès la première année.",
            "chargé d'opération Région@C#participation|Le programme a été écrit en 2013, avant qu'il y ait un proviseur "
            "ou un seul élève. On découvre aujourd'hui des usages qu'on n'avait pas imaginés, et le béton est coulé.",
            "parent@C#securite|Ma fille traverse le chantier pour aller en sport. On nous dit que c'est balisé, mais "
            "quand il pleut, les barrières tombent et personne ne les relève.",
        ],
        "pistes": [
            "CR|une « maison du projet » dans un modulaire pour montrer les plans et recueillir les avis",
            "C|des visites de chantier régulières intégrées aux cours de technologie et d'histoire",
            "C|un journal de chantier tenu par les élèves et affiché à l'accueil",
        ],
    },
    "securite": {
        "notes": [
            "T|Dans l'atelier de chaudronnerie, les consignes sont strictes : lunettes, gants, chaussures. Les élèves "
            "les respectent scrupuleusement, ce qui contraste avec le laisser-aller des couloirs.",
            "*#accueil|Le portail est fermé à 8h05 ; les retardataires sonnent à l'interphone et attendent dehors que la "
            "vie scolaire vienne ouvrir, parfois pendant dix minutes.",
            "R#transport|Le parking des cars n'a pas de quai : les élèves descendent sur la chaussée, entre les "
            "véhicules, pendant que des parents manœuvrent pour déposer les autres.",
            "*|Exercice d'évacuation observé : il se déroule dans le calme, mais plusieurs élèves ne savent pas où se "
            "trouve leur point de rassemblement et suivent simplement le groupe.",
            "C#chantier|Les élèves de seconde ont reçu une formation « sécurité chantier » d'une heure avec l'entreprise ; "
            "ils la racontent comme l'un des meilleurs moments de la rentrée.",
            "TR|Le plan Vigipirate a entraîné la suppression des bancs devant le lycée ; les élèves attendent désormais "
            "assis sur le trottoir, ce qui inquiète davantage la mairie.",
            "R#internat|La nuit, l'internat est fermé à clé de l'intérieur ; en cas d'alerte incendie, les AED disposent "
            "d'un trousseau de onze clés qu'ils n'ont jamais testé en conditions réelles.",
            "T#circulation|Le passage piéton devant le lycée, sur un boulevard à quatre voies, n'a pas de feu ; aux heures "
            "de sortie, un agent municipal n'est présent que deux jours sur cinq.",
        ],
        "quotes": [
            "CPE@T|On parle beaucoup de sécurité avec Vigipirate. Mais ce qui fait la sécurité d'un lycée, c'est le "
            "nombre d'adultes présents et disponibles, pas la hauteur des grilles.",
            "élève@*#accueil|Le matin, si t'arrives à 8h06, tu restes devant la grille. Au lieu de te faire entrer en "
            "cours, on te laisse dehors. C'est là qu'on a l'impression d'être un problème.",
            "enseignant@T|En atelier, un accident peut arriver en une seconde. J'ai seize élèves sur des machines, seul. "
            "La sécurité, c'est aussi la taille des groupes.",
            "parent@R#transport|Le soir, les cars partent tous en même temps et les parents se garent n'importe où. Un "
            "jour il y aura un accident sur ce parking, et tout le monde dira qu'on savait.",
            "élève@C#chantier|Avec le chantier, on a été formés aux risques comme les ouvriers. On sait lire un panneau "
            "de danger mieux que nos parents, et on le leur explique.",
            "proviseur@*#organisation_travail|Je passe plus de temps sur les alarmes et les plans de sécurité que sur la "
            "pédagogie. Je comprends pourquoi, mais ça dit quelque chose de l'époque.",
        ],
        "pistes": [
            "un portail « accueillant » avec un adulte présent et des bancs abrités de 7h30 à 8h15",
            "R|un quai de cars sécurisé, dessiné avec la communauté de communes et les transporteurs",
        ],
    },
    "transport": {
        "notes": [
            "R|Bassin de recrutement de 45 km de rayon : 14 lignes de cars desservent le lycée, certaines partent à "
            "6h35. Le dernier car part à 17h05 ; aucun après les activités.",
            "R#temps_libre|Les externes qui dépendent du car ne peuvent participer à aucune activité après 17h ; "
            "l'association sportive ne fonctionne donc que le mercredi après-midi.",
            "R#isolement|Plusieurs élèves de terminale passent leur permis pour « pouvoir exister le week-end » ; "
            "l'auto-école la plus proche est à 23 km, les leçons se prennent le samedi.",
            "T|Le lycée est desservi par le tram et deux lignes de bus ; les élèves de CAP venus du sud du département "
            "cumulent pourtant 1h20 de trajet avec deux correspondances.",
            "C#securite|Le futur lycée sera desservi par une ligne de bus créée à son ouverture ; en attendant, les élèves "
            "descendent à un arrêt à 900 mètres et longent une départementale sans trottoir.",
            "R#ouverture_territoire|La communauté de communes finance un transport à la demande, mais aucun élève ne le "
            "connaît ; la réservation se fait par téléphone, la veille avant 17h.",
            "T#relation_entreprises|Les périodes de stage obligent certains élèves à rejoindre des entreprises en zone "
            "industrielle non desservie ; les enseignants organisent un covoiturage informel.",
            "R|Les retards de cars en hiver (verglas, brouillard) font arriver des classes entières à 9h ; les enseignants "
            "adaptent leur premier cours en conséquence, sans consigne commune.",
            "C#chantier|Le parking des professeurs est déplacé au gré du chantier ; certains se garent dans le "
            "lotissement voisin, ce qui agace les riverains.",
        ],
        "quotes": [
            "interne@R#isolement|Chez moi, le premier arrêt de car est à 8 km. Si mes parents travaillent, je ne peux pas "
            "rentrer le mercredi. Alors je reste, et je compte les jours jusqu'au vendredi.",
            "élève@R#temps_libre|Le car du matin, c'est 1h10. On dort, on révise, on écoute de la musique. C'est presque "
            "le seul moment de la journée où on est tranquilles.",
            "parent@R|Je fais 90 km aller-retour pour aller chercher ma fille quand elle a un rendez-vous médical. Il "
            "n'y a rien d'autre, pas de train, pas de bus à une heure correcte.",
            "élu@R#ouverture_territoire|Nous finançons un transport à la demande que personne n'utilise, pendant que "
            "des lycéens font du stop. Le problème, ce n'est pas l'argent, c'est qu'on ne se parle pas.",
            "élève@C#securite|Pour venir, on marche le long de la route sans trottoir, en file indienne. Le soir en "
            "hiver il fait nuit, on allume la lampe du téléphone.",
            "élève@T#relation_entreprises|Mon stage est dans une zone où aucun bus ne va. Mon patron vient me chercher "
            "au tram, sinon j'aurais dû refuser le stage.",
            "enseignant@R|Je ne peux jamais garder un élève après le cours pour l'aider : il a son car à 17h05. Le "
            "transport décide de notre pédagogie.",
        ],
        "pistes": [
            "R|une plateforme de covoiturage entre familles, lycée et communes du bassin",
            "R|un car « tardif » à 18h30 deux soirs par semaine pour les activités",
            "TC|un point de réparation et de prêt de vélos pour les trajets courts",
        ],
    },
    "temps_libre": {
        "notes": [
            "*|Entre 12h et 14h, beaucoup d'élèves n'ont pas cours ; hors cantine, ils n'ont le choix qu'entre le CDI, la "
            "cour et le trottoir. La plupart choisissent le trottoir.",
            "T|Le club robotique réunit douze élèves le jeudi de 12h30 à 13h30 ; ils mangent un sandwich sur l'établi, "
            "faute de pouvoir passer au self avant.",
            "R|L'association sportive organise du VTT et de la course d'orientation dans la forêt voisine ; c'est "
            "l'activité la plus citée spontanément par les internes comme « ce qu'on aime ici ».",
            "C|Aucune activité périscolaire cette année : pas de salle, pas de budget, une équipe à constituer. La "
            "proviseure espère une association sportive à la rentrée 2017.",
            "*#numerique|Dans le hall, pendant les permanences, des élèves jouent sur leur téléphone en réseau ; les "
            "adultes y voient de l'isolement, les élèves parlent de « faire une partie ensemble ».",
            "R#internat|L'étude du soir est obligatoire de 17h30 à 19h pour tous les internes, quel que soit leur "
            "niveau ; les terminales demandent à pouvoir travailler en groupe.",
            "T#participation|Le foyer autogéré a été fermé l'an dernier après des dégradations ; depuis, la maison des "
            "lycéens n'a plus de président et son budget dort sur le compte.",
            "*|Une heure de « trou » dans l'emploi du temps est vécue très différemment : pour les uns c'est une pause, "
            "pour les autres un temps d'attente sans lieu ni occupation.",
        ],
        "quotes": [
            "élève@*#espaces_communs|Quand on a deux heures de trou, on va au kebab ou on reste dans le hall. Si on avait "
            "une salle avec des canapés, on bosserait peut-être un peu, on discuterait.",
            "interne@R#internat|Le mercredi après-midi, c'est VTT ou rien. Moi j'aime pas le sport, alors c'est rien. "
            "J'aimerais faire de la musique, mais il n'y a pas de salle.",
            "élève@T#relations_adultes_eleves|Au club robotique, on fait des trucs qu'on ne fait pas en cours. Le prof "
            "nous laisse faire des erreurs, et on reste même quand on n'est pas obligés.",
            "CPE@*|Le temps libre des élèves, personne n'en est responsable. Ce n'est pas un temps scolaire, ce n'est "
            "pas un temps familial. C'est l'angle mort de l'institution.",
            "élève@C#espaces_communs|Il n'y a rien à faire ici entre les cours, pas de foyer, pas de club. On attend. "
            "Même le CDI, c'est une étagère dans la salle des profs.",
            "AED@R#organisation_travail|Si j'avais le droit d'organiser un atelier cuisine ou un ciné-club, je le ferais. "
            "Mais ça ne rentre pas dans ma fiche de poste, et personne ne me le demande.",
        ],
        "pistes": [
            "R|une sortie « hors les murs » mensuelle pour les internes, co-organisée avec la mairie",
            "des clubs du midi animés par les élèves eux-mêmes, avec une salle réservée",
        ],
    },
    "relations_adultes_eleves": {
        "notes": [
            "*|En salle des professeurs, on parle des élèves surtout par leur classe (« les 2nde 3 ») ; en atelier ou à "
            "l'internat, les adultes les appellent par leur prénom.",
            "T|En atelier, l'enseignant circule entre les postes et tutoie les élèves, qui le vouvoient ; la relation "
            "ressemble à celle d'un chef d'équipe et de ses apprentis.",
            "R#internat|Les AED dînent avec les internes ; c'est le moment où les conflits de la journée se racontent "
            "et, souvent, se règlent avant d'arriver au bureau de la CPE.",
            "C|Dans un lycée de 300 élèves, la proviseure connaît presque tout le monde ; elle craint de perdre cette "
            "proximité avec les 1 200 élèves prévus en 2019.",
            "*#participation|Au conseil de classe observé, les deux délégués n'ont pas pris la parole ; à la sortie, ils "
            "expliquent qu'ils n'avaient « rien préparé, personne ne nous a dit comment faire ».",
            "*#accueil|Le bureau de la vie scolaire a un comptoir haut qui sépare adultes et élèves ; les échanges se "
            "font debout, en file, comme à un guichet de la poste.",
            "R#isolement|Une infirmière à mi-temps pour 380 élèves dont 160 internes ; le soir, ce sont les AED qui "
            "gèrent les maux de ventre et les chagrins.",
            "T#relation_entreprises|Les élèves racontent la visite de leur tuteur de stage comme un moment où « on parle "
            "de nous comme d'un adulte » ; certains en gardent le compte rendu sur leur téléphone.",
        ],
        "quotes": [
            "élève@*|Les profs, on les voit que derrière le bureau. Le jour où le prof de maths est venu manger avec nous, "
            "on a découvert qu'il faisait de la batterie dans un groupe.",
            "enseignant@*|J'ai 140 élèves. Je voudrais les connaître mieux, mais entre les cours et les copies, le temps "
            "de la relation n'existe nulle part dans mon service.",
            "CPE@R#internat|À l'internat, les élèves nous voient fatigués, de bonne humeur, en chaussons. Ça change tout "
            "le reste de la semaine : ils viennent nous parler avant que ça dégénère.",
            "élève@T|Mon prof d'atelier me parle comme à un collègue. Au collège on me disait que j'étais nul ; ici on me "
            "dit que je suis précis. C'est pas pareil.",
            "agent d'entretien@*|Les élèves me parlent plus facilement qu'à leurs profs : je ne note pas, je ne punis "
            "pas. Des fois, ils me racontent des choses qui devraient remonter.",
            "proviseur@C|Quand on est 300, je peux serrer la main de chacun. Ce que je veux garder dans le grand lycée, "
            "c'est ça : qu'aucun élève ne soit un numéro.",
            "parent@*#accueil|On ne voit les profs qu'à la remise des bulletins, cinq minutes chacun, debout dans un "
            "couloir. On n'a jamais le temps de parler vraiment de notre enfant.",
        ],
        "pistes": [
            "un « café du matin » hebdomadaire où adultes et élèves se retrouvent avant les cours",
            "un adulte référent choisi par chaque élève, au-delà du professeur principal",
        ],
    },
    "isolement": {
        "notes": [
            "R#transport|Pour 40 % des élèves, le domicile est à plus de 30 km ; un tiers des internes ne peut pas "
            "joindre sa famille en journée, faute de réseau mobile correct à la maison.",
            "R#numerique|La couverture mobile est faible dans la moitié du bâtiment ; le soir, les internes montent sur "
            "le talus derrière le gymnase pour appeler leurs parents.",
            "R#temps_libre|Le village compte une boulangerie, un bar-tabac et une supérette fermée le mercredi ; le "
            "cinéma le plus proche est à 35 km, sans transport en soirée.",
            "T#internat|Des élèves de CAP suivis par l'aide sociale à l'enfance vivent à l'internat en semaine et en "
            "foyer le week-end ; ils ne reçoivent aucune visite au lycée.",
            "C|Les élèves du nouveau lycée viennent de six collèges différents ; en octobre, les groupes d'amis restent "
            "ceux du collège et peu de liens se créent entre eux.",
            "*#restauration|Un élève mange seul à la même table tous les jours de la semaine ; aucun adulte ne semble "
            "l'avoir remarqué, c'est une agente de restauration qui nous le signale.",
            "R#ouverture_territoire|Les enseignants eux-mêmes sont souvent isolés : la moitié vient de Poitiers ou de "
            "Châteauroux, repart le soir et ne connaît pas la commune.",
            "C#transport|Les élèves hébergés à l'internat du lycée voisin partent à 17h40 ; ils disent n'appartenir « à "
            "aucun des deux lycées ».",
        ],
        "quotes": [
            "interne@R#numerique|Le soir, quand mes parents ne répondent pas parce qu'il n'y a pas de réseau, je me sens "
            "vraiment loin. Je suis à 50 km, mais c'est comme si j'étais à l'autre bout de la France.",
            "enseignant@R#transport|Je fais 70 km pour venir. Je ne reste jamais le soir, et je le regrette : je ne "
            "connais ni la commune ni la vie de mes élèves en dehors des cours.",
            "élève@C#chantier|Je ne connaissais personne en arrivant, on vient tous de collèges différents. Ça a pris "
            "trois mois pour avoir une bande, et c'est grâce aux visites de chantier.",
            "infirmière@R#internat|Je vois beaucoup d'élèves qui ont mal au ventre le dimanche soir et le lundi. C'est "
            "l'éloignement, l'internat, la famille. Mais je ne suis là que deux jours et demi par semaine.",
            "élève@T#internat|Le week-end je suis au foyer, la semaine à l'internat. Au lycée personne ne le sait, et "
            "c'est très bien comme ça, mais des fois c'est lourd à porter.",
            "élu@R#ouverture_territoire|Nos jeunes partent à 15 ans et ne reviennent plus. Si le lycée ne s'ouvre pas au "
            "territoire, on ne fait que préparer leur départ.",
        ],
        "pistes": [
            "RT|un « relais famille » : des créneaux de visio avec les parents depuis une salle équipée",
            "C|des binômes inter-collèges pour la rentrée des secondes",
        ],
    },
    "participation": {
        "notes": [
            "*|Élection du conseil de la vie lycéenne : 34 % de participation. Les candidats ont fait campagne avec des "
            "affiches A4 scotchées dans le hall ; aucun programme n'est visible.",
            "C|La proviseure a lancé une consultation sur le nom du futur lycée ; 180 élèves ont proposé un nom et les "
            "débats ont animé la cour pendant deux semaines.",
            "T|Les délégués de classe de bac pro disent n'avoir jamais été formés ; en CAP, certaines classes n'ont pas "
            "de délégué, faute de candidat.",
            "R#internat|Une pétition des internes pour prolonger l'ouverture du foyer jusqu'à 22h a recueilli 97 "
            "signatures ; elle n'a pas reçu de réponse écrite.",
            "*#restauration|La boîte à idées installée près du self il y a deux ans contient une trentaine de papiers, "
            "dont un ticket de cantine de 2014. Personne ne la relève.",
            "C#chantier|Le comité de pilotage du futur lycée compte 14 membres : Région, rectorat, commune, architecte, "
            "direction. Aucun élève, parent ou agent n'y siège.",
            "*#relations_adultes_eleves|En atelier d'idéation, les élèves mettent un quart d'heure à oser écrire sur les "
            "post-it ; quand les adultes quittent la salle, les idées fusent.",
            "R#ouverture_territoire|Le conseil municipal des jeunes de la commune compte deux lycéens ; ils proposent de "
            "relier le conseil de la vie lycéenne et le conseil municipal.",
        ],
        "quotes": [
            "élève@TR|Le CVL, je sais même pas qui c'est. On vote en début d'année et après on n'entend plus parler de "
            "rien, jusqu'à l'année suivante.",
            "élève@C#chantier|Pour le nom du lycée, pour une fois on nous a demandé notre avis, et on a eu l'impression "
            "que ça comptait. Il faudrait faire pareil pour la cantine et le foyer.",
            "CPE@*|Les élèves participent quand on leur pose une vraie question et qu'on leur donne un vrai pouvoir. "
            "Quand on leur demande leur avis pour la forme, ils le sentent tout de suite.",
            "enseignant@T#relation_entreprises|Mes élèves fabriquent des pièces pour l'aéronautique, mais on ne leur "
            "demande jamais leur avis sur l'aménagement de leur propre atelier.",
            "parent@*|Au conseil d'administration, on reçoit les documents la veille : 80 pages de budget. On vote sans "
            "avoir compris. Je me demande à quoi on sert.",
            "proviseur@R#organisation_travail|Je crois à la participation, mais elle a un coût : du temps d'adultes, des "
            "réunions le soir. Qui paie les heures des AED qui encadrent le conseil des internes ?",
        ],
        "pistes": [
            "un budget participatif lycéen de 5 000 euros par établissement, voté en assemblée",
            "C|des élèves et des agents au comité de pilotage du chantier",
            "un rendez-vous mensuel de réponse à la boîte à idées, affiché dans le hall",
        ],
    },
    "ouverture_territoire": {
        "notes": [
            "R|La médiathèque intercommunale est à 400 mètres du lycée ; elle ferme à 18h, les internes ne peuvent pas "
            "s'y rendre sans autorisation, et elle ne les connaît pas.",
            "R#participation|Le club de rugby local cherche des lycéens pour encadrer les plus jeunes le mercredi ; trois "
            "internes y vont déjà, avec une autorisation accordée au cas par cas.",
            "T|Le lycée prête ses ateliers à une association d'insertion deux soirs par semaine ; les élèves ne le savent "
            "pas, la convention date de 2009 et n'a jamais été revue.",
            "C|La commune a inscrit le futur lycée dans un quartier encore en construction ; la mairie imagine un gymnase "
            "partagé avec les clubs, le rectorat reste réticent.",
            "*|Les équipements du lycée (gymnase, CDI, salles informatiques) sont fermés le soir et pendant les vacances, "
            "soit environ 60 % de l'année.",
            "R#isolement|La maison de santé a proposé une permanence d'une psychologue au lycée ; le projet bloque sur la "
            "convention et l'assurance depuis la rentrée.",
            "T#relation_entreprises|La fête des métiers organisée par le lycée attire 400 visiteurs, dont beaucoup de "
            "collégiens ; c'est la seule journée où le quartier entre au lycée.",
            "C#chantier|Les riverains du lotissement voisin ne savent pas quelle sera la hauteur des bâtiments ; une "
            "réunion publique a eu lieu avant le permis de construire, aucune depuis.",
        ],
        "quotes": [
            "élu@R|Le lycée, c'est le plus gros équipement du canton, et il est fermé le soir, le week-end, l'été. Si on "
            "mutualisait, on ferait vivre le bourg.",
            "élu@C#chantier|On construit un lycée de 1 200 élèves dans un quartier neuf. Il peut en devenir le cœur ou "
            "une forteresse. Tout se joue maintenant, pendant le chantier.",
            "proviseur@*#securite|Ouvrir le lycée, j'y suis favorable. Mais qui a les clés, qui ferme, qui est "
            "responsable s'il y a un problème un samedi soir ? Personne n'a de réponse.",
            "interne@R#isolement|On vit ici quatre jours par semaine et on ne connaît personne du village, à part la "
            "boulangère. Nous, on est « les lycéens » ; les autres, c'est « les gens d'ici ».",
            "enseignant@T#relation_entreprises|Le lycée doit vivre avec son bassin d'emploi. Nos élèves sont formés pour "
            "les entreprises d'ici, et pourtant elles ne viennent jamais chez nous.",
            "présidente d'association@R|On cherche une salle pour le théâtre amateur. Le lycée en a trois qui dorment le "
            "soir. On nous a dit non, pour une histoire d'assurance.",
        ],
        "pistes": [
            "une convention type d'ouverture des locaux le soir et le week-end, signée une fois pour tous les lycées",
            "R|un « mercredi au village » où les internes participent à la vie associative locale",
        ],
    },
    "relation_entreprises": {
        "notes": [
            "T|L'atelier de maintenance accueille des machines prêtées par une entreprise de la zone industrielle ; les "
            "élèves les entretiennent, sous l'œil d'un technicien qui passe tous les quinze jours.",
            "T#organisation_travail|Le DDFPT gère 240 conventions de stage par an avec un tableur et un téléphone ; les "
            "relances se font le soir, depuis chez lui.",
            "T#accueil|Les tuteurs venus aux soutenances de juin ne savent pas où se garer ni où se présenter ; certains "
            "attendent dans leur voiture que l'élève vienne les chercher.",
            "T#participation|Le conseil d'administration compte un représentant du monde économique, absent à toutes les "
            "séances de l'année ; sa chaise est vide sur la photo officielle.",
            "R#transport|Peu d'entreprises industrielles dans le bassin : les élèves de bac pro commerce trouvent leurs "
            "stages dans les supermarchés de la ville la plus proche, à 40 km.",
            "C|Le futur lycée prévoit une filière industrielle ; aucune entreprise n'a encore été rencontrée, les "
            "partenaires économiques découvrent le projet par la presse locale.",
            "T#numerique|Les offres de stage circulent sur un groupe de messagerie créé par un enseignant ; les élèves "
            "sans smartphone en sont exclus de fait.",
            "T|Une entreprise de chaudronnerie commande chaque année une série de pièces aux terminales ; la livraison "
            "est fêtée dans l'atelier avec le patron et les familles.",
            "T#espaces_communs|Le « coin entreprises » du hall se résume à un présentoir de plaquettes de 2012 ; les "
            "tuteurs reçus en janvier n'ont trouvé ni table, ni café, ni salle pour parler.",
        ],
        "quotes": [
            "DDFPT@T#organisation_travail|Je suis le trait d'union entre l'atelier et l'entreprise. Mais je n'ai ni "
            "bureau pour recevoir un chef d'entreprise, ni temps pour aller les voir sur place.",
            "chef d'entreprise@T#accueil|J'embauche chaque année deux élèves du lycée. Mais pour les connaître avant, il "
            "faut que je vienne en juin à la soutenance, dans une salle sans même un café.",
            "élève@T|Mon stage, c'est là que j'ai compris à quoi servait ce qu'on fait en cours. Le patron m'a dit de "
            "revenir cet été, payé. Maintenant je viens en cours pour ça.",
            "enseignant@T|Les entreprises évoluent plus vite que nos machines. Si on ne travaille pas avec elles, on "
            "forme à des métiers qui n'existent plus.",
            "élève@R#transport|Trouver un stage ici, c'est la galère. Soit tu connais quelqu'un, soit tu fais 40 km. Ma "
            "mère a appelé tous les garages du canton.",
            "élu@C#ouverture_territoire|Le lycée va former des techniciens pour les entreprises de la zone d'activité. "
            "Autant les associer tout de suite au projet, pas dans trois ans.",
        ],
        "pistes": [
            "TR|un « salon des tuteurs » au lycée en début d'année, avec café et visite des ateliers",
            "une bourse aux stages partagée entre les lycées du bassin",
        ],
    },
    "numerique": {
        "notes": [
            "*|L'espace numérique de travail sert surtout aux enseignants pour le cahier de textes ; les élèves s'y "
            "connectent pour les notes, les parents rarement.",
            "C#chantier|Les modulaires n'ont pas encore de wifi ; les enseignants font cours avec le partage de connexion "
            "de leur téléphone, sur leur forfait personnel.",
            "R|La salle informatique compte 16 postes dont 6 hors service ; le technicien informatique vient une "
            "demi-journée tous les quinze jours depuis un autre lycée.",
            "T#relation_entreprises|Les machines à commande numérique de l'atelier sont récentes, mais les salles de cours "
            "voisines n'ont qu'un vidéoprojecteur pour deux salles.",
            "*#accueil|Les familles sont prévenues par SMS des absences ; certains parents reçoivent le message alors que "
            "leur enfant est assis en cours, après une erreur d'appel.",
            "R#internat|À l'internat, le wifi est coupé à 22h ; les internes utilisent leurs données mobiles quand le "
            "réseau le permet, souvent sous la couette.",
            "C#participation|La consultation sur le nom du lycée s'est faite sur un formulaire en ligne ; les élèves de "
            "seconde l'ont diffusée eux-mêmes sur leurs réseaux.",
            "*#signaletique|Un QR code collé à l'entrée du CDI renvoie vers un site hors service depuis un an ; personne "
            "n'a pensé à le décoller.",
        ],
        "quotes": [
            "élève@*|L'ENT, je m'en sers pour voir mes notes, c'est tout. Pour s'organiser, on a notre groupe sur le "
            "téléphone, les profs ne sont pas dedans.",
            "enseignant@C#chantier|Pas de wifi dans les modulaires. Je fais cours avec la 4G de mon téléphone, sur mon "
            "forfait. Le jour où je suis à court, les élèves n'ont rien.",
            "parent@R#isolement|Les infos du lycée, je les ai sur l'ENT, mais chez nous internet marche une fois sur deux. "
            "J'aimerais recevoir un papier ou un appel, tout simplement.",
            "technicien informatique@R#organisation_travail|Je gère trois lycées. Ici je viens un mercredi sur deux. "
            "Quand un poste tombe en panne le jeudi, il attend deux semaines.",
            "élève@T#relation_entreprises|En atelier on programme des machines à 100 000 euros, et en salle de cours on "
            "a un tableau à craie. On dirait deux lycées différents.",
            "CPE@*#relations_adultes_eleves|On envoie un SMS aux parents à chaque absence. C'est efficace, mais ça a "
            "remplacé le coup de téléphone, et avec lui la conversation.",
        ],
        "pistes": [
            "C|un « kit de connexion » des modulaires prêté par la Région pendant toute la durée du chantier",
            "un écran simple pour signaler un problème dans les locaux",
        ],
    },
    "organisation_travail": {
        "notes": [
            "*|Dans le même bâtiment travaillent des agents de l'Éducation nationale et des agents de la Région ; ils ont "
            "des horaires, des congés et des chefs différents, et se croisent peu.",
            "T|Le DDFPT, le gestionnaire et le proviseur se réunissent le lundi à 8h ; les agents et la vie scolaire "
            "reçoivent le compte rendu quand il y en a un.",
            "R|Un agent de maintenance est aussi chauffeur du minibus du lycée et référent incendie ; sa fiche de poste, "
            "datée de 2008, n'en mentionne aucune de ces missions.",
            "C|L'équipe du nouveau lycée est incomplète : pas de gestionnaire titulaire, un CPE pour 300 élèves, des "
            "agents prêtés à mi-temps par un autre établissement.",
            "*#restauration|L'équipe de cuisine commence à 6h30, la vie scolaire à 7h45 ; la coordination sur le nombre "
            "de repas se fait par un post-it collé sur la porte de l'office.",
            "*#entretien_locaux|Les agents décrivent un métier devenu « du ménage à la chaîne » depuis la baisse des "
            "effectifs ; ils regrettent les petits travaux qui faisaient leur fierté.",
            "R#internat|Les AED sont recrutés pour un an renouvelable ; en octobre, la moitié de l'équipe de nuit est "
            "nouvelle et découvre l'internat en même temps que les secondes.",
            "T#securite|Les enseignants d'atelier assurent eux-mêmes la maintenance de premier niveau des machines, sur "
            "leur temps personnel, faute de technicien dédié.",
        ],
        "quotes": [
            "gestionnaire@TR|J'ai deux patrons, le proviseur et la Région. Mes agents aussi. Quand ils ne sont pas "
            "d'accord, c'est moi qui tranche, sans en avoir vraiment le pouvoir.",
            "agent d'entretien@*#entretien_locaux|Avant on faisait de la peinture, de la petite menuiserie, on voyait le "
            "résultat. Maintenant on fait du nettoyage et on appelle une entreprise pour le reste.",
            "proviseur@T|Je passe un tiers de mon temps à faire le lien entre l'Éducation nationale et la Région. Ce "
            "n'est écrit nulle part, mais sans ça rien ne marche.",
            "CPE@C|On est une équipe de pionniers, tout est à inventer. C'est exaltant en septembre, épuisant en "
            "décembre. On manque de bras et de modèles.",
            "cuisinier@R#restauration|Le chef de cuisine ici, c'est moi depuis 15 ans. Si on me laissait organiser des "
            "ateliers avec les internes, j'en ferais un par semaine, mais ce n'est pas dans mes missions.",
            "agent technique@*|On nous demande d'être polyvalents, mais on ne nous forme à rien. La polyvalence, c'est "
            "juste faire plus avec moins de monde.",
        ],
        "pistes": [
            "un temps commun mensuel entre agents de la Région, vie scolaire et enseignants",
            "des fiches de poste réécrites avec les agents, qui reconnaissent leurs missions éducatives",
        ],
    },
}

# Verbatims with personal data (names, e-mail addresses, telephone numbers — the numbers are in the
# ranges ARCEP reserves for fiction). They exercise the pseudonymisation of reports.
PERSONAL_VERBATIMS = [  # site, week, day offset, participant, role, tags, text
    (T, 1, 2, "Michel Durand", "DDFPT", ["relation_entreprises", "organisation_travail"],
     "Pour les stages, les tuteurs peuvent m'écrire directement à m.durand@lycee-eiffel-tours.fr, ou m'appeler au "
     "06 39 98 12 45. Je réponds surtout le soir : la journée, je suis à l'atelier avec les groupes."),
    (R, 1, 1, "Nathalie Girard", "CPE", ["transport", "organisation_travail"],
     "Les familles m'appellent au +33 6 39 98 41 07 quand le car est en retard, parce que le standard ferme à 17h. "
     "J'ai donné mon portable personnel, je sais que je n'aurais pas dû, mais qui d'autre répondrait ?"),
    (R, 1, 3, "Inès Bakri", "interne", ["isolement", "numerique", "internat"],
     "Le soir j'appelle ma mère au 06.39.98.77.21 depuis le talus derrière le gymnase, c'est le seul endroit où ça "
     "capte. Nathalie Girard le sait et ferme les yeux, même après 21h30."),
    (C, 2, 2, "Anne-Sophie Lefèvre", "proviseur", ["chantier", "participation"],
     "Si vous voulez les plans, écrivez à Bernard Roux, le conducteur de travaux, b.roux@batir-centre.fr : il est "
     "plus disponible que la Région. Pour moi, c'est as.lefevre@lycee-les-bordes.fr, je lis tout le soir."),
    (C, 1, 4, "Farid Benali", "agent d'accueil", ["accueil", "signaletique"],
     "Les parents perdus m'appellent sur le portable de l'accueil, le 06 39 98 50 33, parce que le standard n'est pas "
     "encore installé. Je leur explique le chemin à la voix, palissade par palissade."),
    (T, 2, 3, "Patrick Lemoine", "cuisinier", ["restauration", "participation"],
     "Pour la table du chef, que les profs m'envoient leurs idées à cuisine.eiffel@lycee-eiffel-tours.fr. Karim "
     "Haddad m'a déjà proposé le couscous de sa grand-mère : on le fera en janvier avec sa classe."),
    (R, 2, 1, "Gérard Aubry", "élu", ["ouverture_territoire", "temps_libre"],
     "Je suis prêt à ouvrir la salle des fêtes aux internes le mercredi. Qu'on m'appelle à la mairie au 02 61 91 23 45 "
     "ou par courriel à g.aubry@mairie-saint-aigny.fr, et on signe une convention dans la semaine."),
    (C, 3, 2, "Élodie Caron", "enseignant", ["chantier", "participation"],
     "Pour les visites de chantier, je m'organise avec Bernard Roux directement : on s'écrit par SMS au 0639984412, "
     "c'est plus rapide que de passer par la Région et ses trois niveaux de validation."),
    (T, 3, 1, "Sandrine Morel", "CPE", ["participation", "temps_libre"],
     "Karim Haddad est délégué depuis la seconde, c'est lui qui a relancé le club robotique. Pour le joindre, passez "
     "par moi : s.morel@lycee-eiffel-tours.fr, ou la vie scolaire au 02 61 91 08 36."),
]

# How an unnamed interviewee is described in the Participant column.
DESCRIPTORS = {
    "élève": {T: ["élève de 2de bac pro MELEC", "élève de 1re bac pro chaudronnerie", "élève de terminale bac pro MEI",
                  "élève de CAP", "élève de 1re bac pro MEI"],
              R: ["élève de seconde", "élève de première", "élève de terminale", "élève de 1re bac pro commerce"],
              C: ["élève de seconde", "élève de première", "déléguée de seconde"]},
    "interne": {T: ["interne de CAP", "interne de terminale"], R: ["interne de seconde", "interne de première",
                                                                   "interne de terminale"]},
    "parent": {T: ["mère d'un élève de seconde", "père d'un élève de CAP", "parent d'élève élu au CA"],
               R: ["mère d'une interne", "père d'un élève de première", "parent d'élève élue au CA"],
               C: ["mère d'un élève de seconde", "père d'une élève de première", "parent d'élève élu au CA"]},
    "proviseur": {T: ["proviseur", "proviseure adjointe"], R: ["proviseure", "proviseur adjoint"]},
    "CPE": {R: ["CPE de l'internat"], C: ["CPE"]},
    "élu": {"*": ["adjointe au maire", "vice-président de la communauté de communes", "conseillère régionale"]},
    "agent d'entretien": {"*": ["agent d'entretien", "agente d'entretien", "agent de maintenance"]},
    "enseignant": {"*": ["professeure de lettres-histoire", "professeur d'atelier", "professeur de mathématiques",
                         "professeure d'anglais", "professeur principal de seconde"]},
}

# =====================================================================================================
# Survey (Likert, long format)
# =====================================================================================================

QUESTIONS = [  # question, mean per site (T, R, C)
    ("Je me sens bien accueilli·e au lycée", (3.5, 4.0, 2.8)),
    ("La cantine est un lieu agréable", (2.6, 3.9, 2.4)),
    ("Je trouve facilement mon chemin dans les bâtiments", (3.8, 4.2, 2.1)),
    ("Il existe des lieux où se poser entre les cours", (2.6, 3.2, 1.9)),
    ("Le trajet entre le domicile et le lycée est facile", (3.6, 2.0, 2.8)),
    ("Les élèves participent aux décisions qui concernent la vie du lycée", (2.5, 2.9, 3.6)),
    ("Le lycée est ouvert sur son quartier ou sa commune", (3.3, 2.5, 2.3)),
    ("Les locaux sont propres et bien entretenus", (3.0, 3.8, 3.4)),
]
# Profile effects (added to the site mean), by question index.
PROFILE_SHIFT = {
    "élève": {},
    "enseignant": {0: 0.3, 5: 0.6, 7: -0.3},
    "personnel": {0: 0.2, 1: 0.5, 7: -0.6, 5: 0.2},
    "parent": {0: 0.3, 1: 0.3, 4: -0.3, 6: 0.2},
}
RESPONDENTS = {T: 58, R: 50, C: 40}
LIEUX_DE_VIE = (0, 1, 3, 7)   # the questions of the scale « Lieux de vie » (programme.yaml, survey: scales)
MOOD_WEIGHT = 3.2
PROFILE_MIX = [("élève", 0.60), ("enseignant", 0.15), ("personnel", 0.12), ("parent", 0.13)]
SURVEY_DAYS = ["10/10/2016", "11/10/2016", "12/10/2016", "13/10/2016", "14/10/2016", "17/10/2016", "18/10/2016"]

# =====================================================================================================
# User journeys: site -> [(journey, persona, [(stage, action, emotion, pain point, opportunity)])]
# =====================================================================================================

DAY, VISIT = "Une journée d'élève", "Un rendez-vous au lycée"
JOURNEYS = {  # the same two journeys on the three sites, so their emotion curves can be compared
    T: [
        (DAY, "Yassine, 15 ans, seconde bac pro électrotechnique, externe, première semaine", [
            ("Trajet", "Prend le tram à 7h20 avec deux copains de collège.", 0, "", ""),
            ("Arrivée au portail", "Montre son carnet au surveillant ; personne ne lui dit bonjour.", -1,
             "Accueil réduit au contrôle", "Un adulte qui accueille au portail"),
            ("Premier cours", "Enfile sa tenue d'atelier ; le professeur lui serre la main et lui montre son poste.", 2,
             "", "Faire de l'atelier la vitrine de l'accueil"),
            ("Interclasse", "Traverse la coursive en courant pour le cours de français, arrive en retard.", -1,
             "Sept minutes de trajet pour cinq minutes d'interclasse", "Décaler les interclasses par filière"),
            ("Déjeuner", "Attend 22 minutes au self ; les secondes passent en dernier.", -2,
             "Dix minutes pour manger avant la reprise", "Service en deux temps, îlots de six places"),
            ("Pause", "Reste debout contre un mur avec son groupe, faute de banc.", -1,
             "Aucun lieu pour se poser", "Bancs à palabres fabriqués par la chaudronnerie"),
            ("Après-midi", "Cherche la salle B214 avec son emploi du temps, se trompe de bâtiment.", -2,
             "Numérotation incompréhensible", "Un parrain de terminale pendant trois semaines"),
            ("Fin des cours", "Suit un camarade au club robotique, qui cherche de nouveaux membres.", 1, "",
             "Présenter les clubs dès la rentrée"),
            ("Soirée", "Rentre en tram avec sa nouvelle bande et raconte l'atelier à ses parents.", 1, "", ""),
        ]),
        (VISIT, "Mme Renard, 48 ans, tutrice de stage, responsable d'atelier dans une PME de chaudronnerie", [
            ("Prise de contact", "Reçoit la veille un courriel avec l'heure de la soutenance de son stagiaire.", 0,
             "Prévenue au dernier moment", "Un calendrier des soutenances envoyé un mois avant"),
            ("Arrivée et stationnement", "Tourne dix minutes autour du lycée, se gare sur le trottoir.", -1,
             "Aucune place visiteur", "Des places réservées aux tuteurs les jours de soutenance"),
            ("Trouver l'entrée", "Trouve facilement le portail principal, sur le boulevard.", 0, "", ""),
            ("Accueil", "Se penche vers l'hygiaphone ; l'agent ne sait pas où a lieu la soutenance.", -2,
             "L'accueil n'a pas le planning", "Le planning des soutenances transmis à l'accueil"),
            ("Attente", "Attend debout un quart d'heure dans le hall, sans siège ni café.", -1,
             "Aucun espace pour les visiteurs", "Un hall-salon avec un coin tuteurs"),
            ("Rendez-vous", "Écoute son stagiaire présenter la pièce réalisée dans son entreprise ; elle est fière.", 1,
             "", ""),
            ("Découverte du lycée", "Le DDFPT lui fait visiter les ateliers ; elle découvre les machines des terminales.", 2,
             "", "Un salon des tuteurs en début d'année"),
            ("Départ", "Repart sans contact pour la suite ni invitation à revenir.", -1,
             "Aucun lien entretenu après le stage", "Une invitation à la fête des métiers"),
        ]),
    ],
    R: [
        (DAY, "Maëlle, 15 ans, seconde, interne, habite à 52 km — un lundi", [
            ("Trajet", "Se lève à 5h45 pour le car de 6h35 ; 1h10 de route, dort contre la vitre.", -1,
             "Lever très matinal chaque lundi", "Un car plus tardif le lundi"),
            ("Arrivée au portail", "L'agente d'accueil la salue par son prénom ; elle dépose sa valise dans un couloir.", 0,
             "Valises entassées toute la journée, faute de bagagerie", "Une bagagerie le lundi matin"),
            ("Premier cours", "Cours de mathématiques ; la moitié de la classe arrive à 8h20, car en retard.", 0,
             "Cours amputé par les retards de cars", ""),
            ("Interclasse", "Change de salle en deux minutes dans un bâtiment qu'elle connaît par cœur.", 1, "", ""),
            ("Déjeuner", "Mange un rôti d'un élevage voisin ; l'origine des produits est écrite à l'ardoise.", 2, "", ""),
            ("Pause", "Rejoint le CDI, le seul endroit chauffé où l'on peut parler à voix basse.", 1,
             "Le foyer n'est qu'une salle télé", "Un conseil des internes avec un petit budget"),
            ("Après-midi", "Trois heures de cours ; fatigue dès 15h.", 0, "", ""),
            ("Fin des cours", "Étude obligatoire de 17h30 à 19h dans une salle silencieuse.", -1,
             "Impossible de travailler en groupe", "Une étude en groupes pour ceux qui le souhaitent"),
            ("Soirée", "Après le dîner, monte sur le talus derrière le gymnase pour appeler sa mère.", -2,
             "Pas de réseau dans les chambres", "Un relais famille dans une salle équipée"),
        ]),
        (VISIT, "Mme Chauvet, mère d'une interne de seconde, habite à 48 km, convoquée par la CPE", [
            ("Prise de contact", "Reçoit le message de la CPE sur l'ENT deux jours après, faute de connexion.", -1,
             "Information numérique inaccessible", "Un appel ou un courrier pour les familles mal connectées"),
            ("Arrivée et stationnement", "Cinquante minutes de route ; se gare facilement devant le lycée.", 0,
             "Une demi-journée de congé pour venir", "Des rendez-vous en visio ou en fin de journée"),
            ("Trouver l'entrée", "Connaît le lycée : elle y était elle-même interne.", 1, "", ""),
            ("Accueil", "L'agente d'accueil la reconnaît et l'accompagne jusqu'au bureau de la CPE.", 2, "", ""),
            ("Attente", "Attend dans le couloir de la vie scolaire, entre deux élèves punis.", -1,
             "Aucun lieu d'attente pour les familles", "Un coin familles près de la vie scolaire"),
            ("Rendez-vous", "La CPE explique les difficultés de sa fille à l'internat ; elle se sent écoutée.", 1, "", ""),
            ("Découverte du lycée", "Visite l'internat : les douches de l'étage de sa fille sont fermées depuis trois semaines.", -2,
             "Locaux dégradés", "Un calendrier de travaux partagé avec les familles"),
            ("Départ", "Repart rassurée sur l'accompagnement, inquiète pour les locaux.", 0, "", ""),
        ]),
    ],
    C: [
        (DAY, "Jade, 14 ans, seconde, arrive d'un collège de la métropole — premier jour", [
            ("Trajet", "Descend du bus à 900 mètres et longe la départementale sans trottoir.", -2,
             "Trajet dangereux, surtout l'hiver", "Un cheminement piéton provisoire éclairé"),
            ("Arrivée au portail", "Cherche l'entrée entre les palissades ; aucun panneau n'indique le lycée.", -1,
             "Le lycée est invisible derrière le chantier", "Une signalétique fabriquée par les élèves"),
            ("Premier cours", "Cours de français dans un modulaire, couvert par le bruit d'une pelleteuse.", -1,
             "Bruit du chantier", "Un planning des travaux bruyants partagé avec le lycée"),
            ("Interclasse", "Cherche la salle M7 entre des modulaires identiques ; arrive en retard.", -2,
             "Numérotation sans logique", "Renuméroter et colorer les modulaires"),
            ("Déjeuner", "Repas réchauffé en liaison froide, mangé vite dans l'office provisoire.", -1,
             "Repas peu appétissant, salle exiguë", "Associer les agents aux plans du futur restaurant"),
            ("Pause", "S'assoit sur les marches extérieures, il fait 3 °C.", -1,
             "Aucune salle pour se poser", "Un foyer mobile qui suit le chantier"),
            ("Après-midi", "Casque et gilet : visite du chantier avec le conducteur de travaux.", 2, "",
             "Des visites régulières intégrées aux cours"),
            ("Fin des cours", "Propose un nom pour le futur lycée sur le formulaire en ligne.", 2, "",
             "Associer les élèves à d'autres décisions"),
            ("Soirée", "Raconte le chantier à ses parents ; elle a déjà une copine venue d'un autre collège.", 1, "", ""),
        ]),
        (VISIT, "M. Lopes, père d'un élève de seconde, travaille en horaires décalés", [
            ("Prise de contact", "Appelle le lycée trois fois avant d'avoir quelqu'un.", -1,
             "Standard pas encore installé", "Un numéro unique affiché partout"),
            ("Arrivée et stationnement", "Le parking a été déplacé ; se gare dans le lotissement voisin.", -1,
             "Parking qui change avec le chantier", ""),
            ("Trouver l'entrée", "Suit une flèche « Accueil » qui mène à un modulaire vide.", -2,
             "Signalétique obsolète", "Une signalétique mise à jour chaque semaine"),
            ("Accueil", "Appelle le portable de l'accueil ; l'agent le guide à la voix jusqu'au bungalow.", 1, "",
             "Reconnaître le rôle de guide de l'agent d'accueil"),
            ("Attente", "Attend debout dans un couloir de modulaire.", 0, "Aucun siège", ""),
            ("Rendez-vous", "La proviseure connaît son fils par son prénom et son parcours.", 2, "", ""),
            ("Découverte du lycée", "Regarde les plans du futur lycée affichés dans le bureau.", 1, "",
             "Une maison du projet ouverte aux familles"),
            ("Départ", "Repart par un chemin boueux, chaussures de travail aux pieds.", -1,
             "Cheminements boueux", "Des caillebotis sur le chemin des familles"),
        ]),
    ],
}

# =====================================================================================================
# Inspiration and benchmark
# =====================================================================================================

INSPIRATION = [  # id, title, kind, source, place, year, description, keywords, site
    ("INS-01", "Territoires en résidences", "methode", "https://www.la27eregion.fr", "France", 2009,
     "Résidences de trois semaines en immersion dans des équipements publics (lycées, gares, hôpitaux) pour repartir "
     "des usages et tester des prototypes.", "immersion, résidence, prototypage", ""),
    ("INS-02", "Ensemble, accélérons ! — rapport sur le changement d'échelle de l'innovation", "publication",
     "https://www.modernisation.gouv.fr", "Paris", 2015,
     "Rapport SGMAP–CGET : ingénieries agiles de déploiement laissant des marges d'adaptation aux acteurs locaux.",
     "changement d'échelle, déploiement, évaluation", ""),
    ("INS-03", "Ørestad Gymnasium", "lieu", "Visite virtuelle et articles d'architecture", "Copenhague, Danemark", 2007,
     "Lycée sans salles de classe fermées, organisé autour de plateaux ouverts et d'un grand escalier où l'on s'assoit.",
     "architecture scolaire, espaces ouverts, circulation", "lycee-en-construction"),
    ("INS-04", "Hellerup Skole", "lieu", "Documentation de l'école", "Gentofte, Danemark", 2002,
     "École organisée en « maisons » avec un escalier-gradin central servant de lieu de réunion, de pause et de travail.",
     "espaces communs, escalier-gradin, appropriation", "lycee-en-construction"),
    ("INS-05", "Cantine 100 % bio de Mouans-Sartoux", "initiative", "Site de la commune", "Mouans-Sartoux (06)", 2012,
     "Régie agricole municipale, repas 100 % bio sans surcoût grâce à la réduction du gaspillage mesuré chaque jour.",
     "restauration, gaspillage, circuits courts", ""),
    ("INS-06", "Lycée expérimental de Saint-Nazaire", "initiative", "Site du lycée", "Saint-Nazaire (44)", 1982,
     "Lycée autogéré où élèves et adultes partagent les tâches de fonctionnement et les décisions en assemblée.",
     "participation, autogestion, gouvernance", ""),
    ("INS-07", "Micro-lycée de Sénart", "initiative", "Réseau des micro-lycées", "Sénart (77)", 2000,
     "Petite structure pour raccrocheurs : tutorat par un adulte référent, relation adulte-élève au cœur du projet.",
     "relations adultes-élèves, tutorat, raccrochage", ""),
    ("INS-08", "Rezo Pouce — l'autostop organisé", "initiative", "Site du réseau", "Moissac (82)", 2010,
     "Réseau d'autostop de proximité avec arrêts identifiés et inscription des passagers et conducteurs.",
     "transport, ruralité, mobilité solidaire", "lycee-rural"),
    ("INS-09", "Construire autrement — la permanence architecturale", "publication", "Patrick Bouchain, Actes Sud",
     "France", 2006, "Ouvrir le chantier au public, y installer une permanence, faire du temps des travaux un temps de "
     "projet partagé avec les usagers.", "chantier, maison du projet, participation", "lycee-en-construction"),
    ("INS-10", "Superpublic", "lieu", "https://www.superpublic.fr", "Paris 11e", 2014,
     "Tiers-lieu dédié à la transformation de l'action publique, hôte des ateliers prospectifs.",
     "tiers-lieu, innovation publique, ateliers", ""),
    ("INS-11", "Maisons des lycéens", "source", "Circulaire ministérielle", "France", 2010,
     "Associations d'élèves gérant le foyer et des projets ; leur vitalité dépend fortement de l'accompagnement adulte.",
     "participation, foyer, vie lycéenne", ""),
    ("INS-12", "Repair Café", "methode", "Fondation Repair Café", "Amsterdam, Pays-Bas", 2009,
     "Ateliers de réparation ouverts à tous, animés par des bénévoles ; transposable aux ateliers de lycée professionnel.",
     "ateliers, réparation, ouverture au territoire", "lycee-technique"),
    ("INS-13", "d.school — le design thinking à l'école", "methode", "Stanford University", "Palo Alto, États-Unis", 2005,
     "Méthodes d'idéation et de prototypage rapide centrées sur l'usager, utilisées pour la semaine 2.",
     "idéation, prototypage, design", ""),
    ("INS-14", "Internat ouvert de Saint-Affrique", "projet", "Entretien avec le proviseur, 28/09/2016",
     "Saint-Affrique (12)", 2014, "Internat de lycée rural ouvert aux associations locales le soir ; les internes "
     "animent une soirée par mois pour les habitants.", "internat, ouverture au territoire, ruralité", "lycee-rural"),
    ("INS-15", "La cantine-laboratoire de Nantes", "projet", "Note de veille de l'équipe", "Nantes (44)", 2015,
     "Lycée où la commission menus est remplacée par un atelier mensuel de cuisine entre élèves et agents.",
     "restauration, participation, métiers", ""),
    ("INS-16", "Le Bus des lycéens du Pays de Lure", "initiative", "Article de presse régionale", "Lure (70)", 2013,
     "Navette du soir financée par l'intercommunalité deux fois par semaine pour permettre les activités après 17h.",
     "transport, temps libre, intercommunalité", "lycee-rural"),
    ("INS-17", "Signalétique participative du collège Jean-Jaurès", "projet", "Blog de l'établissement", "Lille (59)",
     2014, "Élèves d'arts plastiques concevant la signalétique provisoire pendant la rénovation de leur collège.",
     "signalétique, chantier, participation", "lycee-en-construction"),
    ("INS-18", "FabLab du lycée Jean-Perrin", "lieu", "Visite d'étude, 29/09/2016", "Rezé (44)", 2015,
     "Atelier de fabrication numérique ouvert aux habitants le samedi matin, animé par des élèves de bac pro.",
     "ateliers, fab lab, ouverture au territoire", "lycee-technique"),
    ("INS-19", "Tiers-lieu rural « La Grange »", "lieu", "Entretien téléphonique, 03/10/2016", "Argenton-sur-Creuse (36)",
     2015, "Café associatif, espace de coworking et salle de répétition dans une ancienne grange, fréquentés par des "
     "lycéens le mercredi.", "tiers-lieu, ruralité, temps libre", "lycee-rural"),
    ("INS-20", "Carnet de bord de rentrée — lycée de Lannion", "methode", "Note de veille de l'équipe", "Lannion (22)",
     2013, "Chaque nouvel élève reçoit un carnet illustré et un parrain de terminale pour ses trois premières semaines.",
     "accueil, parrainage, rentrée", ""),
    ("INS-21", "Convention d'usage partagé des lycées de Lozère", "initiative", "Délibération départementale",
     "Mende (48)", 2012, "Convention type permettant aux communes d'utiliser gymnases et salles de lycée le soir "
     "et le week-end, assurance comprise.", "ouverture au territoire, juridique, mutualisation", ""),
    ("INS-22", "Le salon des maîtres d'apprentissage", "initiative", "Site de la chambre de métiers", "Angers (49)", 2014,
     "Soirée annuelle où tuteurs et enseignants se rencontrent autour d'un buffet préparé par les élèves.",
     "relation entreprises, tuteurs, accueil", "lycee-technique"),
    ("INS-23", "Acoustique des restaurants scolaires — guide pratique", "publication", "Centre d'information sur le bruit",
     "Paris", 2011, "Recommandations et retours d'expérience : panneaux absorbants, îlots, services fractionnés.",
     "restauration, bruit, aménagement", ""),
    ("INS-24", "La Maison du projet de la ZAC Clichy-Batignolles", "lieu", "Site de l'aménageur", "Paris 17e", 2010,
     "Lieu d'information et d'exposition ouvert pendant toute la durée d'un grand chantier urbain.",
     "chantier, information, riverains", "lycee-en-construction"),
    ("INS-25", "Budget participatif des lycées", "projet", "Note de veille de l'équipe", "Région Poitou-Charentes", 2011,
     "Les élèves et les personnels proposent et votent des projets financés par la Région dans chaque lycée.",
     "participation, budget, gouvernance", ""),
    ("INS-26", "Chambres à personnaliser — internat du lycée de la mer", "projet", "Visite d'étude, 28/09/2016",
     "Sète (34)", 2015, "Panneaux de liège, étagères et luminaires choisis par les internes, installés par les agents.",
     "internat, appropriation, bien-être", "lycee-rural"),
    ("INS-27", "Foyer mobile du lycée en travaux de Clermont", "projet", "Article de presse régionale",
     "Clermont-Ferrand (63)", 2016, "Mobilier sur roulettes déplacé au gré des phases de travaux pour garder un foyer.",
     "chantier, espaces communs, mobilier", "lycee-en-construction"),
    ("INS-28", "Les cafés des parents", "methode", "Réseau d'écoute des parents", "France", 2012,
     "Rencontres informelles entre familles et équipes le matin, sans ordre du jour, pour créer de la confiance.",
     "accueil, familles, relations", ""),
    ("INS-29", "Plateforme de covoiturage scolaire « Roule ma poule »", "initiative", "Site de l'association",
     "Guéret (23)", 2014, "Covoiturage entre familles d'un même bassin, coordonné avec les horaires du lycée.",
     "transport, covoiturage, familles", "lycee-rural"),
    ("INS-30", "L'observatoire du gaspillage au self", "methode", "Guide de l'ADEME", "France", 2015,
     "Pesées quotidiennes des restes par les élèves, affichage des résultats et ajustement des menus.",
     "restauration, gaspillage, participation", ""),
]

BENCHMARK_CRITERIA = ["Coût", "Transférabilité", "Participation des usagers", "Impact sur le bien-être",
                      "Facilité de mise en œuvre"]
BENCHMARK = {  # case -> scores 0–3, in the order of BENCHMARK_CRITERIA (« Coût » : 3 = peu coûteux)
    "INS-05": (2, 2, 2, 3, 1),
    "INS-08": (3, 3, 1, 1, 2),
    "INS-09": (2, 2, 3, 2, 1),
    "INS-14": (3, 2, 2, 3, 2),
    "INS-16": (1, 2, 0, 2, 1),
    "INS-21": (3, 3, 0, 1, 2),
    "INS-22": (3, 3, 2, 1, 3),
    "INS-26": (2, 3, 3, 2, 3),
}

# =====================================================================================================
# Ideas bank (E04 = journée labo 1, E05 = semaine 2, E06 = journée labo 2, E08 = journée labo 3)
# =====================================================================================================

LO, LM, LC = "Lycée ouvert", "Lycée-maison", "Lycée en chantier permanent"
IDEAS = [  # title, description, tags, site, session, author, impact, effort, tensions, status, scenarios
    ("Parrains de rentrée", "Chaque élève de seconde est accompagné par un élève de terminale pendant ses trois "
     "premières semaines : visite, codes du lycée, premiers repas ensemble.", ["accueil", "relations_adultes_eleves"],
     "", "E05", "Atelier élèves — Gustave-Eiffel", 4, 1, [], "retenue", [LM]),
    ("Hall-salon d'accueil", "Transformer le hall en salon : sièges, plan du lycée, écran des absences, café pour les "
     "familles et les tuteurs.", ["accueil", "signaletique"], "", "E05", "Groupe mixte agents-enseignants", 4, 3,
     ["financement", "logistique"], "retenue", [LO, LM]),
    ("Self en îlots et en deux services", "Deux services décalés, des îlots de six places et des panneaux acoustiques "
     "pour diviser le bruit par deux.", ["restauration", "circulation"], T, "E05", "Agents de restauration", 5, 4,
     ["financement", "logistique", "metiers"], "retenue", [LM]),
    ("La table du chef", "Une fois par mois, une classe cuisine avec l'équipe de restauration un plat servi à tous.",
     ["restauration", "participation"], "", "E04", "Journée labo — groupe restauration", 3, 2, ["metiers", "juridique"],
     "retenue", [LM]),
    ("Ma chambre, mon coin", "Un kit de personnalisation des chambres d'internat : liège, étagère, lampe, choisis par les "
     "internes et posés avec les agents.", ["internat"], R, "E05", "Atelier internes — Les Brandes", 3, 2,
     ["financement"], "retenue", [LM]),
    ("Le car de 18h30", "Un car tardif deux soirs par semaine, cofinancé par la communauté de communes, pour ouvrir les "
     "activités aux externes.", ["transport", "temps_libre"], R, "E05", "Élus et parents — Les Brandes", 5, 5,
     ["financement", "partenariats", "logistique"], "retenue", [LO]),
    ("Flèches mobiles", "Une signalétique provisoire conçue et fabriquée par les élèves, déplacée à chaque phase du "
     "chantier.", ["signaletique", "chantier", "participation"], C, "E05", "Atelier élèves — Les Bordes", 4, 2,
     ["juridique"], "retenue", [LC]),
    ("Maison du projet", "Un modulaire ouvert aux élèves, familles et riverains : plans, maquette, registre d'avis, "
     "permanence de l'architecte une fois par mois.", ["chantier", "participation", "ouverture_territoire"], C, "E04",
     "Journée labo — groupe chantier", 4, 3, ["gouvernance", "partenariats"], "retenue", [LC, LO]),
    ("Clés partagées", "Une convention type d'ouverture des locaux le soir et le week-end, valable pour tous les "
     "lycées de la région, assurance et responsabilités comprises.", ["ouverture_territoire", "securite"], "", "E05",
     "Proviseurs et élus", 5, 4, ["juridique", "gouvernance", "partenariats"], "retenue", [LO]),
    ("Salon des tuteurs", "Une soirée de rentrée où tuteurs, enseignants et élèves se rencontrent dans les ateliers, "
     "autour d'un buffet préparé par les élèves.", ["relation_entreprises", "accueil"], T, "E05",
     "DDFPT et enseignants d'atelier", 3, 2, ["partenariats"], "retenue", [LO]),
    ("Budget participatif lycéen", "5 000 euros par lycée et par an, proposés et votés par les élèves et les personnels "
     "en assemblée.", ["participation", "temps_libre"], "", "E06", "Journée labo — groupe gouvernance", 4, 3,
     ["financement", "gouvernance"], "retenue", [LO, LC]),
    ("Bancs à palabres", "Des bancs dessinés par les élèves et fabriqués par la section chaudronnerie pour la cour et "
     "les halls.", ["espaces_communs", "relation_entreprises"], T, "E05", "Atelier élèves — Gustave-Eiffel", 3, 1, [],
     "retenue", [LM, LC]),
    ("Foyer mobile", "Du mobilier modulaire sur roulettes qui suit les phases du chantier pour garder un foyer.",
     ["espaces_communs", "chantier"], C, "E05", "Atelier élèves — Les Bordes", 4, 3, ["financement", "logistique"],
     "a_approfondir", [LC]),
    ("Quai de cars sécurisé", "Redessiner le parking des cars avec un quai, un abri et un cheminement piéton.",
     ["transport", "securite"], R, "E05", "Parents et agents — Les Brandes", 4, 5, ["financement", "partenariats", "juridique"],
     "a_approfondir", [LO]),
    ("Covoiturage des familles", "Une plateforme de covoiturage entre familles du bassin, calée sur les horaires du lycée.",
     ["transport", "numerique"], R, "E05", "Parents — Les Brandes", 3, 4, ["numerique", "juridique"], "a_approfondir", [LO]),
    ("Conseil des internes", "Un conseil élu qui gère un petit budget d'activités du soir et rencontre la CPE chaque mois.",
     ["internat", "participation"], R, "E05", "Atelier internes — Les Brandes", 4, 2, ["gouvernance"], "a_approfondir", [LM]),
    ("Café du matin", "Un café hebdomadaire avant les cours, ouvert aux élèves, aux familles et à tous les adultes du lycée.",
     ["relations_adultes_eleves", "accueil"], "", "E04", "Journée labo — groupe relations", 3, 1, ["metiers"],
     "a_approfondir", [LM]),
    ("Adulte référent", "Chaque élève choisit un adulte référent, enseignant, agent ou AED, qu'il rencontre deux fois par an.",
     ["relations_adultes_eleves"], "", "E05", "CPE des trois lycées", 3, 3, ["metiers", "gouvernance"], "a_approfondir", [LM]),
    ("Tableau du gaspillage", "Pesée des restes chaque jour par des élèves volontaires, affichage le vendredi.",
     ["restauration", "participation"], "", "E05", "Agents de restauration", 2, 1, [], "a_approfondir", [LM]),
    ("Trombinoscope des agents", "Les agents présentés dans le hall avec leur métier, leur ancienneté et ce qu'ils aiment faire.",
     ["organisation_travail", "relations_adultes_eleves"], "", "E04", "Agents d'entretien", 2, 1, [], "a_approfondir", [LM]),
    ("Charte « poste propre »", "Une charte co-écrite par élèves et agents sur le rangement des postes d'atelier.",
     ["entretien_locaux", "relation_entreprises"], T, "E05", "Agents et enseignants d'atelier", 2, 1, ["metiers"],
     "a_approfondir", [LC]),
    ("Temps commun des équipes", "Une heure par mois où agents de la Région, vie scolaire et enseignants règlent ensemble "
     "les irritants du quotidien.", ["organisation_travail"], "", "E06", "Gestionnaires", 4, 2, ["metiers", "gouvernance"],
     "a_approfondir", [LM]),
    ("Fiches de poste réécrites", "Réécrire les fiches de poste des agents avec eux, en reconnaissant leurs missions éducatives.",
     ["organisation_travail", "entretien_locaux"], "", "E06", "Journée labo — groupe métiers", 4, 4,
     ["metiers", "juridique", "gouvernance"], "a_approfondir", [LC]),
    ("Relais famille", "Une salle équipée pour appeler sa famille en visio le soir, réservable par les internes.",
     ["isolement", "numerique", "internat"], R, "E05", "Atelier internes — Les Brandes", 3, 3, ["numerique", "logistique"],
     "a_approfondir", [LM]),
    ("Binômes inter-collèges", "Former à la rentrée des binômes d'élèves venus de collèges différents.",
     ["isolement", "accueil"], C, "E05", "Enseignants — Les Bordes", 3, 1, [], "a_approfondir", [LM]),
    ("Mercredi au village", "Les internes participent le mercredi à la vie associative locale : sport, théâtre, musique.",
     ["ouverture_territoire", "temps_libre", "internat"], R, "E05", "Élus et associations — Les Brandes", 4, 2,
     ["partenariats", "juridique"], "a_approfondir", [LO]),
    ("Bourse aux stages du bassin", "Une bourse aux stages commune aux lycées du bassin, alimentée par les entreprises.",
     ["relation_entreprises", "numerique"], "", "E06", "Partenaires économiques", 3, 3, ["numerique", "partenariats"],
     "a_approfondir", [LO]),
    ("Kit de connexion des modulaires", "Des bornes wifi provisoires prêtées par la Région pendant le chantier.",
     ["numerique", "chantier"], C, "E05", "Enseignants — Les Bordes", 3, 2, ["financement", "numerique"],
     "a_approfondir", [LC]),
    ("Visites de chantier en cours", "Intégrer les visites de chantier aux cours de technologie, de physique et d'histoire.",
     ["chantier", "participation"], C, "E04", "Journée labo — groupe chantier", 3, 1, [], "a_approfondir", [LC]),
    ("Journal de chantier", "Un journal tenu par les élèves, photos et interviews des ouvriers, affiché à l'accueil.",
     ["chantier", "numerique"], C, "E05", "Atelier élèves — Les Bordes", 2, 2, [], "a_approfondir", [LC]),
    ("Interclasses décalés", "Décaler de cinq minutes les interclasses des ateliers et de l'enseignement général.",
     ["circulation"], T, "E05", "Enseignants — Gustave-Eiffel", 3, 2, ["gouvernance"], "a_approfondir", []),
    ("Chemin piéton du lundi", "Un chemin tracé au sol, reconfiguré chaque lundi avec le conducteur de travaux.",
     ["circulation", "chantier", "securite"], C, "E05", "Groupe mixte — Les Bordes", 3, 2, ["logistique"],
     "a_approfondir", [LC]),
    ("Appli de signalement des pannes", "Une application pour signaler un problème dans les locaux, reliée au logiciel "
     "régional de maintenance.", ["numerique", "entretien_locaux"], "", "E06", "Services de la Région", 2, 4,
     ["numerique", "financement"], "ecartee", []),
    ("Portail accueillant", "Un adulte au portail et des bancs abrités de 7h30 à 8h15 ; les retardataires entrent.",
     ["accueil", "securite"], "", "E05", "CPE des trois lycées", 3, 3, ["juridique", "financement"], "a_approfondir", [LO]),
    ("Clubs du midi", "Des clubs animés par les élèves entre 12h et 14h, avec une salle réservée et un adulte ressource.",
     ["temps_libre", "participation"], "", "E06", "Délégués des trois lycées", 3, 2, [], "a_approfondir", [LC]),
    ("Vélos en prêt", "Un point de réparation et de prêt de vélos pour rejoindre l'arrêt de bus et la gare.",
     ["transport"], C, "E08", "Élèves — Les Bordes", 2, 3, ["logistique", "financement"], "a_approfondir", [LO]),
    ("Psychologue au lycée", "Une permanence hebdomadaire de la psychologue de la maison de santé.",
     ["isolement", "ouverture_territoire"], R, "E08", "Infirmière et élus — Les Brandes", 4, 3, ["partenariats", "juridique"],
     "a_approfondir", [LO]),
    ("Plan « vu par les élèves »", "Un plan dessiné par les élèves, affiché au portail et envoyé aux familles.",
     ["signaletique", "accueil"], "", "E08", "Journée labo — groupe accueil", 2, 1, [], "a_approfondir", [LC]),
    ("Réponses à la boîte à idées", "Un rendez-vous mensuel où la direction répond par écrit aux idées déposées.",
     ["participation"], "", "E06", "Délégués des trois lycées", 2, 1, [], "a_approfondir", [LC]),
    ("Usagers au comité de pilotage", "Deux élèves, un parent et un agent siègent au comité de pilotage du chantier.",
     ["chantier", "participation"], C, "E06", "Journée labo — groupe chantier", 4, 2, ["gouvernance"], "a_approfondir", [LC]),
    ("Vidéosurveillance du parvis", "Renforcer la vidéosurveillance du parvis et des abords.", ["securite"], "", "E04",
     "Proviseurs", 1, 4, ["financement", "juridique"], "ecartee", []),
    ("Self en continu de 11h à 14h", "Un self ouvert en continu, en libre-service, pour lisser la fréquentation.",
     ["restauration", "temps_libre"], T, "E05", "Élèves — Gustave-Eiffel", 3, 5, ["metiers", "logistique", "financement"],
     "ecartee", []),
    ("Navette de 18h30 vers l'internat voisin", "Décaler la navette vers l'internat du lycée voisin pour permettre "
     "les activités.", ["transport", "internat", "isolement"], C, "E05", "Parents — Les Bordes", 3, 4,
     ["partenariats", "financement"], "a_approfondir", [LO]),
    ("Étude libre pour les terminales", "Supprimer l'étude obligatoire des terminales internes.", ["internat", "temps_libre"],
     R, "E05", "Atelier internes — Les Brandes", 2, 1, ["gouvernance"], "ecartee", []),
    ("Tablettes pour tous les internes", "Équiper chaque interne d'une tablette pour l'étude du soir.",
     ["numerique", "internat"], R, "E05", "Élus — Les Brandes", 2, 5, ["financement", "numerique"], "ecartee", []),
    ("Salle de musique à l'internat", "Insonoriser une salle de l'internat pour la musique.", ["internat", "temps_libre"],
     R, "E06", "Atelier internes — Les Brandes", 2, 4, ["financement"], "ecartee", []),
    ("Badge unique lycée-transport-cantine", "Une seule carte pour le car, le self, le CDI et le portail.",
     ["numerique", "transport", "restauration"], "", "E08", "Services de la Région", 3, 5,
     ["numerique", "partenariats", "juridique"], "ecartee", []),
    ("Livraisons avant 7h30", "Déplacer les livraisons des ateliers avant l'arrivée des élèves.",
     ["circulation", "relation_entreprises", "securite"], T, "E05", "DDFPT et agents", 3, 2, ["logistique", "partenariats"],
     "a_approfondir", []),
    ("Mur des premières promotions", "Graver les noms des premières promotions sur un mur du futur lycée.",
     ["chantier", "participation"], C, "E05", "Atelier élèves — Les Bordes", 2, 1, [], "a_approfondir", [LC]),
    ("Enseignants en colocation au bourg", "Des logements partagés au bourg pour que les enseignants restent le soir.",
     ["isolement", "ouverture_territoire"], R, "E06", "Élus — Les Brandes", 2, 5, ["financement", "juridique"],
     "ecartee", []),
]

VOTE_SESSION = "E06"
VOTERS = {"agents": 13, "usagers": 15, "elus": 5, "partenaires": 7}
GROUP_LIKES = {  # tags a voter group tends to favour
    "agents": {"organisation_travail", "restauration", "entretien_locaux", "accueil"},
    "usagers": {"temps_libre", "internat", "espaces_communs", "restauration", "participation"},
    "elus": {"ouverture_territoire", "transport", "chantier"},
    "partenaires": {"relation_entreprises", "ouverture_territoire", "participation"},
}
VOTER_PREFIX = {"agents": "AG", "usagers": "US", "elus": "EL", "partenaires": "PA"}

# =====================================================================================================
# Prototypes and tests
# =====================================================================================================

PROTOTYPES = [  # id, name, idea title, kind, sites, description, hypotheses (per iteration), learnings by result
    #               (a learning may start with the site codes it fits: « C|… »)
    ("PR-01", "Parrains de rentrée", "Parrains de rentrée", "test_de_service", [T, R, C],
     "Binômes seconde-terminale avec un carnet de bord et trois rendez-vous fixés.",
     ["Un parrain de terminale réduit le sentiment d'être perdu la première semaine.",
      "Trois rendez-vous fixés suffisent à faire vivre le binôme au-delà de la première semaine.",
      "Le parrainage tient sans l'équipe de résidents, animé par la vie scolaire."],
     {"validee": ["Les filleuls citent leur parrain comme leur premier repère ; la vie scolaire reprend le dispositif.",
                  "Le binôme tient trois semaines quand le premier repas est pris ensemble."],
      "mitigee": ["Les binômes fonctionnent la première semaine puis s'étiolent sans rendez-vous fixés.",
                  "Trop peu de terminales volontaires : il faut valoriser l'engagement des parrains."],
      "invalidee": ["C|Sans terminale sur le site, le parrainage confié à des premières ne prend pas."]}),
    ("PR-02", "Hall-salon", "Hall-salon d'accueil", "maquette", [T, C],
     "Maquette à l'échelle 1 en carton et mobilier prêté : sièges, plan, écran, coin café.",
     ["Des sièges et un plan dans le hall rendent l'attente des visiteurs plus sereine.",
      "Le coin café attire les familles et les tuteurs sans gêner la circulation des élèves.",
      "Le hall-salon reste rangé et utilisé sans surveillance dédiée."],
     {"validee": ["Temps d'attente perçu divisé par deux ; les familles s'assoient et lisent le plan.",
                  "Le coin café devient un lieu de rencontre des tuteurs le matin."],
      "mitigee": ["T|Les sièges sont appréciés mais bloquent le flux de 10h ; à déplacer contre le mur nord.",
                  "Le plan n'est pas compris : trop de texte, pas assez de repères visuels."],
      "invalidee": ["C|Dans le bungalow d'accueil, la place manque : la maquette gêne plus qu'elle n'aide."]}),
    ("PR-03", "Self en îlots", "Self en îlots et en deux services", "prototype", [T, R],
     "Deux services décalés de 20 minutes, îlots de six places, panneaux acoustiques en mousse recouverte de tissu.",
     ["Deux services décalés réduisent l'attente sous dix minutes.",
      "Les panneaux acoustiques font baisser le bruit perçu de façon nette.",
      "Les îlots allongent le temps passé à table sans ralentir le service."],
     {"validee": ["Attente moyenne mesurée à 8 minutes ; bruit mesuré en baisse de 6 dB.",
                  "Les élèves restent en moyenne 24 minutes à table au lieu de 14."],
      "mitigee": ["T|L'attente baisse, mais le second service mord sur l'atelier de 13h : à caler avec les emplois du temps.",
                  "Les panneaux en mousse sont efficaces mais se salissent vite ; prévoir un revêtement lavable."],
      "invalidee": ["Premier essai : sans annonce aux élèves, le second service est ignoré et la file reste la même."]}),
    ("PR-04", "La table du chef", "La table du chef", "test_de_service", [T, R, C],
     "Une classe cuisine un plat avec l'équipe de restauration ; le plat est servi à tout le lycée avec le nom des cuisiniers.",
     ["Cuisiner avec les élèves valorise le métier des agents de restauration.",
      "Le plat cuisiné par une classe est moins gaspillé que les autres.",
      "La table du chef est compatible avec les règles d'hygiène et le temps de l'équipe."],
     {"validee": ["Le plat de la classe est le moins gaspillé de la semaine ; les agents demandent à recommencer.",
                  "Un protocole d'hygiène simple (tenues, marche en avant) est validé avec le gestionnaire."],
      "mitigee": ["Très apprécié, mais l'équipe a fini à 15h30 : prévoir une demi-journée de renfort.",
                  "C|En liaison froide, la classe ne peut que préparer un dessert : l'effet est moindre."],
      "invalidee": ["C|Sans cuisine sur place, le test n'a pas de sens avant la livraison du restaurant."]}),
    ("PR-05", "Ma chambre, mon coin", "Ma chambre, mon coin", "prototype", [R, T],
     "Kit de personnalisation : panneau de liège, étagère, lampe, choisis par les internes et posés avec les agents.",
     ["Pouvoir personnaliser sa chambre améliore le sentiment d'être chez soi.",
      "Les agents peuvent poser le kit sans dégrader les murs.",
      "Le kit tient une année sans dégradation."],
     {"validee": ["Les internes parlent de « ma chambre » ; aucune dégradation au bout de deux mois.",
                  "La pose avec les agents crée un lien inattendu entre internes et agents."],
      "mitigee": ["R|Apprécié, mais les chambres de quatre limitent la place pour chacun.",
                  "Le liège adhésif se décolle : le fixer au rail existant."],
      "invalidee": []}),
    ("PR-06", "Le car de 18h30", "Le car de 18h30", "simulation", [R, C],
     "Simulation sur deux semaines : inscriptions préalables et tournée fictive calculée avec le transporteur.",
     ["Au moins 25 élèves par soir prendraient un car tardif.",
      "Une tournée unique dessert 80 % des élèves inscrits en moins d'une heure.",
      "La communauté de communes accepte de cofinancer sur la base des inscriptions."],
     {"validee": ["R|31 inscrits en moyenne par soir ; la communauté de communes accepte un test au printemps.",
                  "R|Le car tardif roule deux soirs par semaine depuis mai : l'association sportive double ses effectifs."],
      "mitigee": ["R|La tournée dépasse une heure pour les communes du sud : deux tournées coûteraient le double.",
                  "R|Le cofinancement est acquis pour un an seulement, à réexaminer.",
                  "C|Une dizaine d'inscrits seulement aux Bordes : mutualiser avec la navette de l'internat voisin."],
      "invalidee": ["C|Aux Bordes, la navette vers l'internat voisin suffit ; le car tardif ne trouve pas son public."]}),
    ("PR-07", "Flèches mobiles", "Flèches mobiles", "prototype", [C, T],
     "Panneaux en contreplaqué peints par les élèves, fixés sur des pieds lestés, déplacés chaque lundi.",
     ["Une signalétique fabriquée par les élèves est comprise par les visiteurs.",
      "Un code couleur par zone suffit à distinguer lycée et chantier.",
      "Les élèves tiennent la mise à jour hebdomadaire sans adulte."],
     {"validee": ["C|Plus aucun visiteur perdu pendant nos heures d'observation ; l'entreprise adopte le code couleur.",
                  "T|Aux ateliers, les panneaux « ce qu'on fabrique ici » guident les visiteurs de la fête des métiers.",
                  "C|Le club « signalétique » tient la mise à jour du lundi depuis six semaines."],
      "mitigee": ["Les panneaux sont compris mais tombent par grand vent : revoir les lests.",
                  "T|Au lycée technique, la signalétique existe déjà : intérêt limité aux ateliers."],
      "invalidee": ["Premier jet trop bavard : les visiteurs ne lisent pas les panneaux de plus de cinq mots."]}),
    ("PR-08", "Maison du projet", "Maison du projet", "maquette", [C, R],
     "Un modulaire aménagé avec les plans, une maquette du futur lycée et un registre d'avis.",
     ["Montrer les plans aux usagers fait émerger des demandes encore intégrables au projet.",
      "Les familles et les riverains viennent si la maison est ouverte en fin de journée.",
      "La maîtrise d'ouvrage répond aux avis du registre dans le mois."],
     {"validee": ["C|Quatre demandes des agents intégrées aux plans de la cuisine ; la Région répond au registre.",
                  "R|Aux Brandes, les internes choisissent avec la Région l'ordre de rénovation des chambres."],
      "mitigee": ["C|Beaucoup de visites d'élèves, très peu de riverains : l'ouvrir le samedi matin.",
                  "R|Aux Brandes, utile pour les travaux de l'internat mais pas pour un bâtiment entier."],
      "invalidee": ["La maîtrise d'ouvrage ne répond pas au registre : les avis restent lettre morte."]}),
    ("PR-09", "Clés partagées", "Clés partagées", "scenario", [R, T, C],
     "Scénario joué avec proviseurs, élus et assureurs : une association utilise une salle un soir, un incident survient.",
     ["Une convention type répond aux questions de responsabilité des proviseurs.",
      "Les assureurs acceptent une clause commune à tous les lycées.",
      "Le scénario convainc la direction juridique de la Région."],
     {"validee": [],
      "mitigee": ["Les proviseurs adhèrent, mais la question de la fermeture le soir reste sans réponse.",
                  "Les assureurs demandent un avenant par lycée : la convention unique est fragilisée."],
      "invalidee": ["La direction juridique de la Région suspend le scénario dans l'attente d'une analyse."]}),
    ("PR-10", "Salon des tuteurs", "Salon des tuteurs", "test_de_service", [T, R],
     "Une soirée dans les ateliers : tuteurs, enseignants et élèves, buffet préparé par la section restauration voisine.",
     ["Les tuteurs viennent au lycée si on les invite en dehors des soutenances.",
      "Le salon fait naître de nouvelles offres de stage.",
      "Le format tient dans un lycée avec peu d'entreprises industrielles."],
     {"validee": ["T|42 tuteurs présents, 11 nouvelles offres de stage dans le mois.",
                  "R|Ouvert aux artisans et aux commerçants, le salon réunit 19 tuteurs et suscite 5 nouvelles offres.",
                  "Les élèves présentent eux-mêmes leurs réalisations : les tuteurs en redemandent."],
      "mitigee": ["R|Aux Brandes, peu d'entreprises industrielles : l'ouvrir aux commerces et aux artisans."],
      "invalidee": []}),
    ("PR-11", "Bancs à palabres", "Bancs à palabres", "prototype", [T, C],
     "Bancs en acier et bois dessinés par les élèves, fabriqués en atelier, installés dans la cour.",
     ["Des bancs en cercle créent des lieux où l'on se pose et où l'on parle.",
      "La fabrication par les élèves limite les dégradations.",
      "Les bancs peuvent être déplacés au gré des travaux."],
     {"validee": ["Les bancs sont occupés à chaque récréation ; aucune dégradation après trois mois.",
                  "C|Aux Bordes, les bancs suivent le chantier sur un transpalette : le foyer mobile est né."],
      "mitigee": ["Très utilisés, mais les fumeurs s'y installent à la sortie : revoir l'emplacement."],
      "invalidee": []}),
]
STALE_PROTOTYPE = "PR-09"
# Test windows per iteration (working days, lycée open): week 3, then March, then May–June 2017, then autumn 2017.
TEST_WINDOWS = {
    1: ["30/01/2017", "31/01/2017", "01/02/2017", "02/02/2017", "03/02/2017"],
    2: ["07/03/2017", "09/03/2017", "14/03/2017", "16/03/2017", "21/03/2017", "23/03/2017", "28/03/2017", "30/03/2017"],
    3: ["11/05/2017", "16/05/2017", "18/05/2017", "23/05/2017", "30/05/2017", "01/06/2017", "08/06/2017", "13/06/2017"],
    4: ["19/09/2017", "21/09/2017", "26/09/2017", "28/09/2017", "03/10/2017", "05/10/2017"],
}
STALE_DATES = ["31/01/2017", "02/02/2017", "09/02/2017"]
SITE_DIFFICULTY = {T: 0.0, R: 0.15, C: 0.35}   # the lycée under construction struggles more

# =====================================================================================================
# Agile evaluation grid
# =====================================================================================================

CRITERIA = [  # id, criterion, dimension, weight, min, max, evidence expected, adaptable
    ("C01", "Fréquentation et appropriation des dispositifs par les élèves", "usage", 0.15, 1, 5,
     "Comptages d'usage sur deux semaines, photos datées", True),
    ("C02", "Satisfaction exprimée par les élèves et les familles", "usage", 0.12, 1, 5,
     "Questionnaire court (au moins 40 réponses), verbatims", False),
    ("C03", "Sentiment d'appartenance et de bien-être au lycée", "usage", 0.10, 0, 3,
     "Évolution des réponses au questionnaire Likert, entretiens", True),
    ("C04", "Intégration dans l'organisation du travail des équipes", "organisation", 0.12, 1, 5,
     "Plannings, fiches de poste, entretiens avec les agents", True),
    ("C05", "Charge de travail soutenable pour les personnels", "organisation", 0.08, 1, 5,
     "Heures supplémentaires, entretiens, tableau de service", False),
    ("C06", "Coût de fonctionnement par élève et par an", "coûts", 0.10, 1, 5,
     "Budget de fonctionnement, factures, temps agents valorisé", False),
    ("C07", "Coût d'investissement et capacité de financement", "coûts", 0.08, 1, 5,
     "Devis, plan pluriannuel d'investissement de la Région", True),
    ("C08", "Implication des partenaires du territoire", "partenariats", 0.10, 1, 5,
     "Conventions signées, présence aux comités, apports en nature", True),
    ("C09", "Cadre juridique et conventions sécurisés", "partenariats", 0.07, 1, 5,
     "Avis de la direction juridique, attestations d'assurance", False),
    ("C10", "Participation des usagers à la gouvernance des dispositifs", "gouvernance", 0.08, 1, 5,
     "Comptes rendus de comités avec élèves, agents et familles", True),
]
ROUNDS = {1: "10/02/2017", 2: "06/04/2017", 3: "09/11/2017"}
# Site level per round (on 1–5) and per-criterion offsets: the technical lycée ends strong (deploy), the
# rural lycée in between (adapt), the lycée under construction weak (rework).
SITE_LEVEL = {T: (3.2, 3.7, 4.0), R: (2.5, 2.7, 2.9), C: (1.9, 2.1, 2.2)}
CRITERION_OFFSET = {
    T: {"C01": 0.5, "C02": 0.2, "C03": 0.0, "C04": 0.4, "C05": -0.2, "C06": 0.0, "C07": -0.3, "C08": 0.3, "C09": -0.4, "C10": -0.3},
    R: {"C01": 0.4, "C02": 0.6, "C03": 0.5, "C04": 0.2, "C05": 0.1, "C06": -0.8, "C07": -0.6, "C08": 0.8, "C09": -0.9, "C10": 0.0},
    C: {"C01": 0.3, "C02": -0.2, "C03": -0.3, "C04": -0.7, "C05": -0.8, "C06": 0.2, "C07": 0.5, "C08": -0.3, "C09": 0.0, "C10": 1.1},
}
MISSING_SCORES = {("C08", R, 2): "non évalué : l'élu référent était absent au séminaire de clôture",
                  ("C06", C, 3): "non évalué : budget de fonctionnement non stabilisé (gestionnaire intérimaire)"}
EVIDENCE = {  # criterion -> site -> evidence sentence ({n} is filled with a figure that follows the score)
    "C01": {T: "Comptage : {n} élèves par jour sur les bancs et dans le hall-salon",
            R: "Comptage : {n} internes par soir aux activités et au relais famille",
            C: "Comptage : {n} élèves par jour au foyer mobile et à la maison du projet"},
    "C02": {T: "Questionnaire de suivi : {n} % d'avis favorables (52 réponses)",
            R: "Questionnaire de suivi : {n} % d'avis favorables (47 réponses)",
            C: "Questionnaire de suivi : {n} % d'avis favorables (41 réponses)"},
    "C03": {T: "Question « Je me sens bien au lycée » : {n} % d'accord",
            R: "Question « Je me sens bien au lycée » : {n} % d'accord, entretiens avec 8 internes",
            C: "Question « Je me sens bien au lycée » : {n} % d'accord"},
    "C04": {T: "Dispositifs inscrits dans {n} plannings d'équipe sur 6",
            R: "Dispositifs inscrits dans {n} plannings d'équipe sur 6 (internat compris)",
            C: "Dispositifs inscrits dans {n} plannings d'équipe sur 6, équipe encore incomplète"},
    "C05": {T: "{n} heures supplémentaires par mois imputables aux dispositifs",
            R: "{n} heures supplémentaires par mois, surtout les AED le soir",
            C: "{n} heures supplémentaires par mois pour une équipe réduite"},
    "C06": {T: "Coût de fonctionnement estimé à {n} € par élève et par an",
            R: "Coût de fonctionnement estimé à {n} € par élève et par an, car tardif compris",
            C: "Coût de fonctionnement estimé à {n} € par élève et par an"},
    "C07": {T: "Investissement de {n} k€, inscrit au plan pluriannuel de la Région",
            R: "Investissement de {n} k€, dont le quai de cars non financé",
            C: "Investissement de {n} k€, absorbable dans l'enveloppe du chantier"},
    "C08": {T: "{n} partenaires engagés (entreprises, association d'insertion)",
            R: "{n} partenaires engagés (communauté de communes, clubs, maison de santé)",
            C: "{n} partenaires engagés (commune, entreprise générale)"},
    "C09": {T: "{n} conventions sur 4 validées par la direction juridique",
            R: "{n} conventions sur 4 validées ; assurance des ouvertures le soir en suspens",
            C: "{n} conventions sur 4 validées ; garanties constructeur en cours"},
    "C10": {T: "{n} comités sur 5 avec des élèves ou des agents",
            R: "{n} comités sur 5 avec des internes ou des agents",
            C: "{n} comités sur 5 avec des élèves, des parents ou des agents"},
}
EVIDENCE_FIGURE = {  # criterion -> (figure at score 1, figure at score 5)
    "C01": (8, 95), "C02": (30, 88), "C03": (35, 85), "C04": (1, 6), "C05": (40, 4), "C06": (95, 25),
    "C07": (180, 20), "C08": (0, 8), "C09": (0, 4), "C10": (0, 5),
}
COMMENTS_UP = ["En progrès depuis le tour précédent", "Amélioration confirmée par les agents",
               "Progrès net après la deuxième itération des prototypes"]
COMMENTS_DOWN = ["En recul : l'effet nouveauté s'estompe", "Baisse liée au départ de deux AED",
                 "À surveiller : charge de travail en hausse"]
COMMENTS_FLAT = ["Stable", "Preuve fragile : un seul relevé", "À confirmer au prochain tour"]

# =====================================================================================================
# Helpers
# =====================================================================================================


def parse_date(text: str) -> dt.date:
    day, month, year = map(int, text.split("/"))
    return dt.date(year, month, day)


def fr_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in PUBLIC_HOLIDAYS


def fr_number(value: float) -> str:
    """76900 -> '76 900'; 0.15 -> '0,15'."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:g}".replace(".", ",")


def parse_fragment(spec: str) -> dict:
    """'role@TR#extra,tags|text' -> {'role', 'sites', 'extra', 'text'}."""
    head, text = spec.split("|", 1)
    role = None
    if "@" in head:
        role, head = head.split("@", 1)
    codes, _, extra = head.partition("#")
    sites = list(SITE_CODES.values()) if codes == "*" else [SITE_CODES[c] for c in codes]
    return {"role": role, "sites": sites, "extra": [t for t in extra.split(",") if t], "text": text}


def write_csv(folder: Path, name: str, headers: list[str], rows: list[list]) -> None:
    with open(folder / name, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])


def immersion_days(week: int) -> list[dt.date]:
    event = next(e for e in CALENDAR if e[2] == "immersion" and e[7] == str(week))
    start, end = parse_date(event[4]), parse_date(event[5])
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def words(text: str) -> int:
    return len(text.split())


# =====================================================================================================
# Builders
# =====================================================================================================


def build_programme(folder: Path) -> None:
    sites = "\n".join(f"  - id: {sid}\n    name: \"{name}\"\n    description: >-\n"
                      + textwrap.fill(desc, 100, initial_indent=" " * 6, subsequent_indent=" " * 6)
                      for sid, (name, desc) in SITES.items())
    residents = "\n".join(f"    - {{name: {n}, discipline: {d}}}" for n, d in RESIDENTS)
    participants = "\n".join(f"  - {name}" for name, _, _ in PEOPLE)
    text = PROGRAMME_YAML.format(sites=sites, residents=residents, participants=participants)
    (folder / "programme.yaml").write_text(text, encoding="utf-8")


def build_calendar(folder: Path) -> None:
    for event in CALENDAR:
        start, end = parse_date(event[4]), parse_date(event[5])
        assert end >= start, event
        if event[2] != "preparation":
            assert is_working_day(start) and is_working_day(end), event[0]
        if event[2] == "immersion":
            assert start.weekday() == 0 and end.weekday() == 4, event[0]
    headers = ["Identifiant", "Phase", "Type", "Événement", "Début", "Fin", "Site", "Semaine d'immersion", "Description"]
    write_csv(folder, "calendrier.csv", headers, [list(e) for e in CALENDAR])


def build_budget(folder: Path) -> None:
    totals: dict[str, int] = {}
    for section, _, amount, _ in BUDGET:
        totals[section] = totals.get(section, 0) + amount
    assert list(totals.values()) == [105400, 37300, 23500] and sum(totals.values()) == 166200, totals
    rows = [[section, line, fr_number(amount), "", FUNDER, note] for section, line, amount, note in BUDGET]
    write_csv(folder, "budget.csv", ["Section", "Poste", "Montant (€)", "Site", "Financeur", "Commentaire"], rows)


def build_codebook(folder: Path) -> None:
    rows = [[tag, family, definition, example] for tag, (family, definition, example) in CODEBOOK.items()]
    write_csv(folder, "grille_codage.csv", ["Étiquette", "Famille", "Définition", "Exemple"], rows)


def _fragment_pool() -> dict[str, list[dict]]:
    """Every note and quote, parsed, with its main tag and kind."""
    pool: dict[str, list[dict]] = {}
    for tag, parts in FRAGMENTS.items():
        assert tag in CODEBOOK, tag
        items = []
        for kind, key in (("note", "notes"), ("verbatim", "quotes")):
            for spec in parts[key]:
                item = parse_fragment(spec) | {"tag": tag, "kind": kind}
                assert all(t in CODEBOOK for t in item["extra"]), (tag, item["extra"])
                assert 18 <= words(item["text"]) <= 48, (words(item["text"]), item["text"])
                items.append(item)
        pool[tag] = items
    return pool


def _participant(rng: random.Random, role: str, site: str, quoted: dict[str, int]) -> str:
    """A named interviewee of that role and site (at most 4 quotes each), else a description of the role."""
    named = [name for name, r, s in PEOPLE if r == role and s == site and quoted.get(name, 0) < 4]
    if named and rng.random() < 0.55:
        name = rng.choice(named)
        quoted[name] = quoted.get(name, 0) + 1
        return name
    options = DESCRIPTORS.get(role, {})
    choices = options.get(site) or options.get("*")
    return rng.choice(choices) if choices else role


def _method(rng: random.Random, kind: str, week: int) -> str:
    if kind == "verbatim":
        table = {1: ["entretien"] * 3 + ["enquete"], 2: ["entretien", "atelier", "atelier"],
                 3: ["entretien", "entretien", "atelier", "enquete"]}
    else:
        table = {1: ["observation"] * 4 + ["photo", "parcours"], 2: ["observation", "atelier", "atelier", "photo"],
                 3: ["observation", "atelier", "atelier", "photo", "parcours"]}
    return rng.choice(table[week])


def _pistes(tag: str, site: str) -> list[str]:
    """The workshop ideas of ``tag`` that fit ``site`` (a piste may start with site codes: « C|… »)."""
    fitting = []
    for spec in FRAGMENTS[tag]["pistes"]:
        codes, sep, text = spec.partition("|")
        if not sep:
            fitting.append(spec)
        elif site in (SITE_CODES[c] for c in codes):
            fitting.append(text)
    return fitting


def _note_text(rng: random.Random, item: dict, method: str, week: int, site: str) -> str:
    text = item["text"]
    if method == "photo":
        text = "Photo — " + text
    elif method == "parcours":
        text = "Parcours commenté avec un élève. " + text
    elif method == "atelier":
        lead = "Piste proposée en atelier : " if week == 2 else "Piste mise à l'épreuve cette semaine : "
        text = f"{text} {lead}{rng.choice(_pistes(item['tag'], site))}."
    return text


SITE_DAYS = {T: (0, 1, 2, 3, 4), R: (0, 1, 3), C: (2, 4)}  # weekdays of the day-immersions
OBS_PER_WEEK = {T: (40, 26, 22), R: (32, 22, 16), C: (26, 18, 14)}


def build_observations(folder: Path, rng: random.Random) -> None:
    pool = _fragment_pool()
    used: set[int] = set()
    quoted: dict[str, int] = {}
    rows = []
    authors = [n for n, _ in RESIDENTS]
    for site in SITES:
        weights = SITE_WEIGHTS[site]
        must = [t for t in CODEBOOK if any(site in i["sites"] for i in pool[t])]
        for w_index, count in enumerate(OBS_PER_WEEK[site]):
            week = w_index + 1
            days = [d for d in immersion_days(week) if d.weekday() in SITE_DAYS[site]]
            for n in range(count):
                tag = must.pop(0) if must and week == 1 and n % 2 == 0 else None
                candidates = []
                tags_order = [tag] if tag else []
                tags_order += rng.choices(list(weights), weights=list(weights.values()), k=6)
                for t in tags_order:
                    candidates = [i for i in pool[t] if site in i["sites"] and id(i) not in used]
                    if candidates:
                        break
                if not candidates:
                    candidates = [i for t in CODEBOOK for i in pool[t] if site in i["sites"] and id(i) not in used]
                if not candidates:
                    break
                item = rng.choice(candidates)
                used.add(id(item))
                method = _method(rng, item["kind"], week)
                if item["kind"] == "verbatim":
                    participant, role = _participant(rng, item["role"], site, quoted), item["role"]
                    author = rng.choice(authors[:2] * 2 + authors[2:])
                    text = item["text"]
                else:
                    participant, role = "", "élève" if method == "parcours" else ""
                    author = rng.choice(authors)
                    if method == "atelier" and not _pistes(item["tag"], site):
                        method = "observation"
                    text = _note_text(rng, item, method, week, site)
                tags = list(dict.fromkeys([item["tag"], *item["extra"]]))[:3]
                rows.append([site, rng.choice(days), week, author, method, participant, role, item["kind"], text, tags])
    for site, week, offset, name, role, tags, text in PERSONAL_VERBATIMS:
        day = immersion_days(week)[offset]
        rows.append([site, day, week, RESIDENTS[offset % 2][0], "entretien", name, role, "verbatim", text, tags])
    rows.sort(key=lambda r: (r[1], list(SITES).index(r[0])))
    used_tags = {t for r in rows for t in r[9]}
    assert used_tags == set(CODEBOOK), set(CODEBOOK) - used_tags
    assert len({r[8] for r in rows}) == len(rows), "duplicate observation text"
    out = [[f"OBS-{i:03d}", r[0], fr_date(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], r[8], ", ".join(r[9]), "", ""]
           for i, r in enumerate(rows, 1)]
    headers = ["Identifiant", "Site", "Date", "Semaine d'immersion", "Auteur", "Méthode", "Participant", "Rôle",
               "Nature", "Texte", "Étiquettes", "Document source", "Position"]
    write_csv(folder, "observations.csv", headers, out)
    build_observations.count = len(out)


LIKERT = {1: "Pas du tout d'accord", 2: "Plutôt pas d'accord", 3: "Ni d'accord ni pas d'accord", 4: "Plutôt d'accord",
          5: "Tout à fait d'accord"}


def build_survey(folder: Path, rng: random.Random) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "questionnaire"
    sheet.append(["Répondant", "Site", "Date", "Profil", "Question", "Réponse"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    number = 0
    site_index = {s: i for i, s in enumerate(SITES)}
    for site, count in RESPONDENTS.items():
        for _ in range(count):
            number += 1
            profile = rng.choices([p for p, _ in PROFILE_MIX], weights=[w for _, w in PROFILE_MIX])[0]
            day = parse_date(rng.choice(SURVEY_DAYS))
            as_numbers = rng.random() < 0.15   # some respondents answered on a paper form with numbers
            mood = rng.gauss(0, 0.45)          # a respondent's general mood, shared by their answers
            for q_index, (question, means) in enumerate(QUESTIONS):
                # the « Lieux de vie » questions share much of a respondent's feeling (a consistent scale)
                mean = means[site_index[site]] + PROFILE_SHIFT[profile].get(q_index, 0) + \
                    mood * (MOOD_WEIGHT if q_index in LIEUX_DE_VIE else 1)
                score = max(1, min(5, round(rng.gauss(mean, 0.85))))
                if rng.random() < 0.03:
                    answer = None
                else:
                    answer = score if as_numbers else LIKERT[score]
                sheet.append([f"R{number:03d}", site, day, profile, question, answer])
                sheet.cell(row=sheet.max_row, column=3).number_format = "DD/MM/YYYY"
    widths = {"A": 11, "B": 22, "C": 12, "D": 12, "E": 62, "F": 28}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    workbook.properties.creator = "transfo-lab"
    workbook.properties.created = dt.datetime(2016, 10, 18, 17, 0)
    workbook.properties.modified = dt.datetime(2016, 10, 18, 17, 0)
    workbook.save(folder / "questionnaire.xlsx")
    build_survey.count = number


def build_journeys(folder: Path) -> None:
    rows = []
    stages: dict[str, list[str]] = {}
    for site, journeys in JOURNEYS.items():
        for journey, persona, steps in journeys:
            assert 8 <= len(steps) <= 10, journey
            emotions = [s[2] for s in steps]
            assert max(emotions) > 0 > min(emotions), journey
            names = stages.setdefault(journey, [s[0] for s in steps])
            assert names == [s[0] for s in steps], (journey, site)   # same stages on every site
            for n, (stage, action, emotion, pain, opportunity) in enumerate(steps, 1):
                rows.append([journey, site, persona, n, stage, action, emotion, pain, opportunity])
    headers = ["Parcours", "Site", "Persona", "Étape n°", "Étape", "Ce que fait l'usager", "Émotion",
               "Point de friction", "Opportunité"]
    write_csv(folder, "parcours.csv", headers, rows)


def build_inspiration(folder: Path) -> None:
    headers = ["Identifiant", "Titre", "Nature", "Source", "Lieu", "Année", "Description", "Mots-clés", "Site"]
    write_csv(folder, "inspiration.csv", headers, [list(item) for item in INSPIRATION])
    ids = {item[0] for item in INSPIRATION}
    rows = []
    for case, scores in BENCHMARK.items():
        assert case in ids, case
        rows += [[case, criterion, score] for criterion, score in zip(BENCHMARK_CRITERIA, scores)]
    write_csv(folder, "benchmark.csv", ["Cas", "Critère", "Note"], rows)


def idea_ids() -> dict[str, str]:
    return {idea[0]: f"ID-{i:02d}" for i, idea in enumerate(IDEAS, 1)}


def build_ideas(folder: Path) -> None:
    ids = idea_ids()
    rows = []
    for idea in IDEAS:
        title, description, tags, site, session, author, impact, effort, tensions, status, scenarios = idea
        assert all(t in CODEBOOK for t in tags) and len(tensions) <= 3, title
        rows.append([ids[title], title, description, ", ".join(tags), site, session, author, impact, effort,
                     ", ".join(tensions), status, ", ".join(scenarios)])
    assert sum(1 for i in IDEAS if i[9] == "retenue") == 12
    headers = ["Identifiant", "Titre", "Description", "Étiquettes", "Site", "Séance", "Auteur", "Impact", "Effort",
               "Tensions", "Statut", "Scénarios"]
    write_csv(folder, "idees.csv", headers, rows)


def build_votes(folder: Path, rng: random.Random) -> None:
    ids = idea_ids()
    ballot = [i for i in IDEAS if i[4] in ("E04", "E05", "E06")]
    votes: dict[tuple[str, str], int] = {}   # (voter, idea id) -> dots, in voting order
    groups: dict[str, str] = {}
    for group, count in VOTERS.items():
        for n in range(1, count + 1):
            voter = f"{VOTER_PREFIX[group]}-{n:02d}"
            groups[voter] = group
            appeal = [(1 + 2.5 * (i[9] == "retenue") + 1.5 * len(GROUP_LIKES[group] & set(i[2])) + 0.4 * i[6]
                       - 1.5 * (i[9] == "ecartee")) for i in ballot]
            dots_left = rng.choice([3, 4, 5, 5, 5])
            while dots_left:
                idea = rng.choices(ballot, weights=appeal)[0]
                put = min(dots_left, rng.choice([1, 1, 2, 2, 3]))
                votes[(voter, ids[idea[0]])] = votes.get((voter, ids[idea[0]]), 0) + put
                dots_left -= put
    _make_tie(votes, groups)
    spent: dict[str, int] = {}
    for (voter, _), dots in votes.items():
        spent[voter] = spent.get(voter, 0) + dots
    assert max(spent.values()) <= 5 and min(votes.values()) >= 1
    rows = [[voter, groups[voter], idea, dots, VOTE_SESSION] for (voter, idea), dots in votes.items()]
    write_csv(folder, "votes.csv", ["Votant", "Groupe", "Idée", "Gommettes", "Séance"], rows)
    build_votes.count = len(groups)


def _tally(votes: dict) -> list[tuple[str, int]]:
    totals: dict[str, int] = {}
    for (_, idea), dots in votes.items():
        totals[idea] = totals.get(idea, 0) + dots
    return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))


def _make_tie(votes: dict, groups: dict) -> None:
    """Give the second idea of the tally the dots it lacks to tie with the first (voters with dots to spare)."""
    (first, top), (second, runner) = _tally(votes)[:2]
    spare = {}
    for (voter, _), dots in votes.items():
        spare[voter] = spare.get(voter, 0) + dots
    for voter in sorted(groups):
        while runner < top and spare[voter] < 5 and (voter, first) not in votes:
            votes[(voter, second)] = votes.get((voter, second), 0) + 1
            spare[voter] += 1
            runner += 1
    while runner > top:   # cannot happen, but keep the tie exact
        voter = next(v for (v, i) in votes if i == second)
        votes[(voter, second)] -= 1
        runner -= 1
        if votes[(voter, second)] == 0:
            del votes[(voter, second)]
    ranking = _tally(votes)
    assert ranking[0][1] == ranking[1][1], ranking[:3]


def build_prototypes(folder: Path, rng: random.Random) -> None:
    ids = idea_ids()
    retained = {i[0] for i in IDEAS if i[9] == "retenue"}
    rows = []
    for pid, name, idea, kind, sites, description, hypotheses, _ in PROTOTYPES:
        assert idea in retained, idea
        rows.append([pid, name, ids[idea], kind, description, hypotheses[0], ", ".join(sites)])
    write_csv(folder, "prototypes.csv", ["Identifiant", "Nom", "Idée", "Nature", "Description", "Hypothèse", "Sites"], rows)
    _build_tests(folder, rng)


FALLBACK = {"validee": ("validee", "mitigee", "invalidee"), "mitigee": ("mitigee", "validee", "invalidee"),
            "invalidee": ("invalidee", "mitigee", "validee")}


def _learnings(learnings: dict, result: str, site: str) -> list[str]:
    """The learnings of ``result`` that fit ``site`` (a learning may start with site codes: « C|… »)."""
    fitting = []
    for spec in learnings[result]:
        codes, sep, text = spec.partition("|")
        if not sep:
            fitting.append(spec)
        elif site in (SITE_CODES[c] for c in codes):
            fitting.append(text)
    return fitting


def _result(rng: random.Random, iteration: int, site: str, learnings: dict) -> str:
    """A believable result: mostly mixed at first, mostly validated later, harder on the lycée under construction."""
    p_valid = {1: 0.2, 2: 0.45, 3: 0.75, 4: 0.85}[iteration] - SITE_DIFFICULTY[site]
    p_invalid = {1: 0.3, 2: 0.12, 3: 0.05, 4: 0.03}[iteration] + SITE_DIFFICULTY[site] / 3
    draw = rng.random()
    wanted = "validee" if draw < p_valid else "invalidee" if draw > 1 - p_invalid else "mitigee"
    return next(r for r in FALLBACK[wanted] if _learnings(learnings, r, site))


def _build_tests(folder: Path, rng: random.Random) -> None:
    """Iterations 1–3 from week 3 to June 2017, a fourth in the autumn for every prototype but the stale one."""
    rows = []
    for pid, _, _, kind, sites, _, hypotheses, learnings in PROTOTYPES:
        stale = pid == STALE_PROTOTYPE
        for iteration in range(1, 4 if stale else 5):
            tested = sites[:2] if iteration == 1 and not stale else sites
            if iteration == 4:
                tested = sites[:1 + rng.randint(0, len(sites) - 1)]
            heard: set[str] = set()
            for site in tested:
                day = STALE_DATES[iteration - 1] if stale else rng.choice(TEST_WINDOWS[iteration])
                result = "invalidee" if stale and iteration == 3 else _result(rng, iteration, site, learnings)
                options = [t for t in _learnings(learnings, result, site) if t not in heard] or \
                    _learnings(learnings, result, site)
                learning = rng.choice(options)
                heard.add(learning)
                hypothesis = hypotheses[min(iteration, len(hypotheses)) - 1]
                testers = {"simulation": rng.randint(25, 60), "scenario": rng.randint(6, 14)}.get(kind, rng.randint(8, 40))
                rows.append([pid, site, day, iteration, hypothesis, testers, result, learning])
    rows.sort(key=lambda r: (parse_date(r[2]), r[0], list(SITES).index(r[1])))
    out = [[f"T-{i:03d}", *r] for i, r in enumerate(rows, 1)]
    headers = ["Identifiant", "Prototype", "Site", "Date", "Itération", "Hypothèse", "Testeurs", "Résultat", "Enseignement"]
    write_csv(folder, "tests.csv", headers, out)
    build_prototypes.tests = len(out)


def build_evaluation(folder: Path, rng: random.Random) -> None:
    assert abs(sum(c[3] for c in CRITERIA) - 1) < 1e-9
    rows = [[cid, text, dim, fr_number(weight), low, high, evidence, "oui" if adaptable else "non"]
            for cid, text, dim, weight, low, high, evidence, adaptable in CRITERIA]
    write_csv(folder, "criteres.csv", ["Identifiant", "Critère", "Dimension", "Poids", "Échelle min", "Échelle max",
                                       "Preuves attendues", "Adaptable localement"], rows)
    scores = []
    for site in SITES:
        previous: dict[str, float] = {}
        for rnd, day in ROUNDS.items():
            for cid, _, _, _, low, high, _, _ in CRITERIA:
                level = SITE_LEVEL[site][rnd - 1] + CRITERION_OFFSET[site][cid] + rng.gauss(0, 0.3)
                on15 = max(1.0, min(5.0, level))
                score = round(low + (on15 - 1) * (high - low) / 4)
                key = (cid, site, rnd)
                if key in MISSING_SCORES:
                    scores.append([cid, site, rnd, "", "", MISSING_SCORES[key], day])
                    continue
                first, last = EVIDENCE_FIGURE[cid]
                figure = round((first + (last - first) * (score - low) / (high - low)) * rng.uniform(0.92, 1.08))
                evidence = EVIDENCE[cid][site].format(n=figure)
                comment = ""
                if cid in previous and rng.random() < 0.45:
                    change = score - previous[cid]
                    comment = rng.choice(COMMENTS_UP if change > 0 else COMMENTS_DOWN if change < 0 else COMMENTS_FLAT)
                previous[cid] = score
                scores.append([cid, site, rnd, score, evidence, comment, day])
    write_csv(folder, "notes.csv", ["Critère", "Site", "Tour", "Note", "Preuve", "Commentaire", "Date"], scores)
    build_evaluation.count = len(scores)


# =====================================================================================================
# Rigour: evidence citing records, a blind double coding by two résidents
# =====================================================================================================

#: Which records back a criterion's evidence: tags of the observations cited, and whether a prototype
#: test (T-…) or a prototype (PR-…) of the site is cited too.
CITED = {"C01": ({"espaces_communs", "accueil", "temps_libre"}, "tests"), "C02": ({"restauration", "accueil"}, None),
         "C03": ({"isolement", "internat", "relations_adultes_eleves"}, None),
         "C04": ({"organisation_travail"}, "tests"), "C05": ({"organisation_travail", "entretien_locaux"}, None),
         "C06": (set(), "tests"), "C07": (set(), "prototypes"), "C08": ({"ouverture_territoire", "relation_entreprises"}, None),
         "C09": ({"securite"}, "prototypes"), "C10": ({"participation"}, None)}
#: Cells left without a citation (tests pin their text).
UNCITED = {("C01", "lycee-technique", "1"), ("C07", "lycee-rural", "3")}
CODERS = ("CV", "HM")   # two résidents: Claire Vasseur and Hugo Mercier, by their initials
#: HM's habits: the tags he reads as another one (circulation ↔ signalétique, participation read as relations).
CONFUSIONS = {"circulation": ("signaletique", 0.6), "signaletique": ("circulation", 0.5),
              "participation": ("relations_adultes_eleves", 0.5), "isolement": ("temps_libre", 0.4)}
DOUBLE_CODING_SHARE = 0.15


def _read_csv(folder: Path, name: str) -> list[dict]:
    with open(folder / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def cite_evidence(folder: Path, rng: random.Random) -> None:
    """Append the ids of the records behind each score to its evidence: « … (OBS-012, T-004) »."""
    observations = _read_csv(folder, "observations.csv")
    tests = _read_csv(folder, "tests.csv")
    prototypes = _read_csv(folder, "prototypes.csv")
    with open(folder / "notes.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    for row in rows[1:]:
        cid, site, rnd, score, evidence = row[:5]
        if not score or (cid, site, rnd) in UNCITED or (rnd == "1" and rng.random() < 0.5):
            continue
        tags, other = CITED[cid]
        fitting = [o["Identifiant"] for o in observations if o["Site"] == site and tags & set(
            t.strip() for t in o["Étiquettes"].split(","))]
        cited = sorted(rng.sample(fitting, min(len(fitting), rng.choice([1, 2])))) if fitting else []
        if other == "tests":
            done = [t["Identifiant"] for t in tests if t["Site"] == site and int(t["Itération"]) <= int(rnd) + 1]
            cited += [rng.choice(done)] if done else []
        elif other == "prototypes":
            here = [p["Identifiant"] for p in prototypes if site in p["Sites"]]
            cited += [rng.choice(here)] if here else []
        if cited:
            row[4] = f"{evidence} ({', '.join(cited)})"
    write_csv(folder, "notes.csv", rows[0], rows[1:])


def build_double_coding(folder: Path, rng: random.Random) -> None:
    """15 % of the observations of each site coded blind by CV and HM: CV close to the grid, HM with his habits."""
    observations = _read_csv(folder, "observations.csv")
    rows = []
    for site in SITES:
        here = [o for o in observations if o["Site"] == site]
        sample = sorted(rng.sample(range(len(here)), max(1, round(DOUBLE_CODING_SHARE * len(here)))))
        for index in sample:
            obs = here[index]
            tags = [t.strip() for t in obs["Étiquettes"].split(",") if t.strip()]
            for coder in CODERS:
                coded = []
                for tag in tags:
                    if rng.random() < (0.06 if coder == "CV" else 0.1):
                        continue   # missed
                    if coder == "HM" and tag in CONFUSIONS and rng.random() < CONFUSIONS[tag][1]:
                        tag = CONFUSIONS[tag][0]
                    coded.append(tag)
                if rng.random() < 0.05:
                    coded.append(rng.choice(sorted({t for o in observations for t in o["Étiquettes"].split(", ") if t})))
                rows.append([obs["Identifiant"], coder, ", ".join(dict.fromkeys(coded)), "28/02/2017"])
    write_csv(folder, "double_codage.csv", ["Observation", "Codeur", "Étiquettes", "Date"], rows)
    build_double_coding.count = len(rows) // len(CODERS)


MEMOS = [  # id, about, target, title, text, author, date
    ("MEMO-001", "projet", "", "Trois lycées, trois temps",
     "Le lycée technique vit au rythme des ateliers, le lycée rural au rythme des cars et de l'internat, le lycée en "
     "construction au rythme du chantier : comparer les sites, c'est comparer trois horloges.", "Hugo Mercier",
     "21/10/2016"),
    ("MEMO-002", "code", "accueil", "Où commence l'accueil ?",
     "L'accueil ne commence pas à la loge : les élèves parlent du portail, du parking des cars et du premier adulte "
     "croisé. À préciser dans la définition de l'étiquette avant le double codage.", "Claire Vasseur", "24/10/2016"),
    ("MEMO-003", "code", "signaletique", "Signalétique ou circulation ?",
     "Hugo et Claire ne codent pas de la même façon les notes sur « se repérer » : signalétique pour l'une, circulation "
     "pour l'autre. Règle proposée : signalétique quand un support est en cause, circulation sinon.", "Claire Vasseur",
     "01/03/2017"),
    ("MEMO-004", "selection", "OBS-001", "Scène à recouper",
     "Trois parents debout dans le sas : revenir un jour de rentrée pour voir si c'est ordinaire.", "Hugo Mercier",
     "12/10/2016"),
]


def build_memos(folder: Path) -> None:
    write_csv(folder, "memos.csv", ["Identifiant", "Porte sur", "Cible", "Titre", "Texte", "Auteur", "Date"],
              [list(m) for m in MEMOS])


def main(dest: Path = DEST) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.iterdir():   # the folder holds generated files only
        if old.is_file() and old.suffix in (".csv", ".xlsx", ".yaml"):
            old.unlink()
    build_programme(dest)
    build_calendar(dest)
    build_budget(dest)
    build_codebook(dest)
    build_observations(dest, random.Random(SEED))
    build_survey(dest, random.Random(SEED + 1))
    build_journeys(dest)
    build_inspiration(dest)
    build_ideas(dest)
    build_votes(dest, random.Random(SEED + 2))
    build_prototypes(dest, random.Random(SEED + 3))
    build_evaluation(dest, random.Random(SEED + 4))
    cite_evidence(dest, random.Random(SEED + 5))
    build_double_coding(dest, random.Random(SEED + 6))
    build_memos(dest)
    print(f"{dest}: {build_observations.count} observations, {build_survey.count} répondants, {len(IDEAS)} idées, "
          f"{build_votes.count} votants, {len(PROTOTYPES)} prototypes, {build_prototypes.tests} tests, "
          f"{build_evaluation.count} notes, {build_double_coding.count} observations double codées")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEST)
