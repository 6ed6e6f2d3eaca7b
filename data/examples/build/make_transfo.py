"""Generates the example programme data/examples/transfo-val-de-loire (deterministic).

La Transfo in an invented département: the Département du Val-de-Loire builds its own labo
d'innovation with 3 résidents and 20 ambassadeurs (January 2017 – June 2018), through two cas
pratiques (« Lycéo », the pass for lycéens, and the first welcome at the maison départementale
des solidarités of Saint-Aubin-des-Prés), then the prefiguration of the lab.

Every person, place and figure is invented. Run from the repository root:

    .venv/bin/python data/examples/build/make_transfo.py [DEST]

Only the standard library, pandas, openpyxl and holidays are used; the French headers are those
of the templates (templates/programme/*.csv). The same seed always gives the same files.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import random
import sys
from pathlib import Path

import holidays
import pandas as pd

SEED = 2017
ROOT = Path(__file__).resolve().parents[1]
DEST = ROOT / "transfo-val-de-loire"
D = dt.date

# --- headers of the templates (the `fr` label of each Col of transfo_lab/schemas.py) -----------------

HEADERS = {
    "calendrier": [("id", "Identifiant"), ("phase", "Phase"), ("type", "Type"), ("event", "Événement"),
                   ("start", "Début"), ("end", "Fin"), ("site", "Site"), ("week", "Semaine d'immersion"),
                   ("description", "Description")],
    "budget": [("section", "Section"), ("line", "Poste"), ("amount", "Montant (€)"), ("site", "Site"),
               ("funder", "Financeur"), ("note", "Commentaire")],
    "grille_codage": [("tag", "Étiquette"), ("family", "Famille"), ("definition", "Définition"), ("example", "Exemple")],
    "observations": [("id", "Identifiant"), ("site", "Site"), ("date", "Date"), ("week", "Semaine d'immersion"),
                     ("author", "Auteur"), ("method", "Méthode"), ("participant", "Participant"), ("role", "Rôle"),
                     ("kind", "Nature"), ("text", "Texte"), ("tags", "Étiquettes"), ("source", "Document source"),
                     ("position", "Position")],
    "questionnaire": [("respondent", "Répondant"), ("site", "Site"), ("date", "Date"), ("role", "Profil"),
                      ("question", "Question"), ("answer", "Réponse")],
    "parcours": [("journey", "Parcours"), ("site", "Site"), ("persona", "Persona"), ("step", "Étape n°"),
                 ("stage", "Étape"), ("action", "Ce que fait l'usager"), ("emotion", "Émotion"),
                 ("pain_point", "Point de friction"), ("opportunity", "Opportunité")],
    "inspiration": [("id", "Identifiant"), ("title", "Titre"), ("kind", "Nature"), ("source", "Source"),
                    ("place", "Lieu"), ("year", "Année"), ("description", "Description"), ("tags", "Mots-clés"),
                    ("site", "Site")],
    "idees": [("id", "Identifiant"), ("title", "Titre"), ("description", "Description"), ("tags", "Étiquettes"),
              ("site", "Site"), ("session", "Séance"), ("author", "Auteur"), ("impact", "Impact"), ("effort", "Effort"),
              ("tensions", "Tensions"), ("status", "Statut"), ("scenarios", "Scénarios")],
    "votes": [("voter", "Votant"), ("group", "Groupe"), ("idea", "Idée"), ("dots", "Gommettes"), ("session", "Séance")],
    "prototypes": [("id", "Identifiant"), ("name", "Nom"), ("idea", "Idée"), ("kind", "Nature"),
                   ("description", "Description"), ("hypothesis", "Hypothèse"), ("sites", "Sites")],
    "tests": [("id", "Identifiant"), ("prototype", "Prototype"), ("site", "Site"), ("date", "Date"),
              ("iteration", "Itération"), ("hypothesis", "Hypothèse"), ("testers", "Testeurs"), ("result", "Résultat"),
              ("learning", "Enseignement")],
    "criteres": [("id", "Identifiant"), ("criterion", "Critère"), ("dimension", "Dimension"), ("weight", "Poids"),
                 ("scale_min", "Échelle min"), ("scale_max", "Échelle max"), ("evidence", "Preuves attendues"),
                 ("adaptable", "Adaptable localement")],
    "notes": [("criterion", "Critère"), ("site", "Site"), ("round", "Tour"), ("score", "Note"), ("evidence", "Preuve"),
              ("comment", "Commentaire"), ("date", "Date")],
}
#: Columns written even when empty (the required ones); other empty columns are left out.
REQUIRED = {
    "calendrier": {"id", "phase", "type", "event", "start", "end"}, "budget": {"section"},
    "grille_codage": {"tag", "family", "definition"}, "observations": {"id", "site", "date", "method", "text"},
    "questionnaire": {"respondent", "site", "question"}, "parcours": {"journey", "site", "step", "stage", "emotion"},
    "inspiration": {"id", "title", "kind"}, "idees": {"id", "title"}, "votes": {"voter", "group", "idea", "dots"},
    "prototypes": {"id", "name", "kind"}, "tests": {"id", "prototype", "site", "date", "iteration", "result"},
    "criteres": {"id", "criterion", "dimension", "weight"}, "notes": {"criterion", "site", "round"},
}

# --- working days -------------------------------------------------------------------------------------

FR_HOLIDAYS = holidays.France(years=range(2016, 2019))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in FR_HOLIDAYS


def run(start: dt.date, days: int) -> list[dt.date]:
    """``days`` consecutive calendar days from ``start``, all of them working days."""
    out = [start + dt.timedelta(days=i) for i in range(days)]
    bad = [d for d in out if not is_working_day(d)]
    assert not bad, f"not a working day: {bad}"
    return out


def months_between(a: dt.date, b: dt.date) -> float:
    a, b = pd.Timestamp(a), pd.Timestamp(b)
    whole = (b.year - a.year) * 12 + b.month - a.month
    if a + pd.DateOffset(months=whole) > b:
        whole -= 1
    anchor, following = a + pd.DateOffset(months=whole), a + pd.DateOffset(months=whole + 1)
    return whole + (b - anchor).days / (following - anchor).days


# --- the programme ------------------------------------------------------------------------------------

SITES = [
    ("departement", "Département du Val-de-Loire",
     "La collectivité qui construit son labo d'innovation (hôtel du Département, Vernay-sur-Loire)."),
    ("lyceo", "Cas pratique « Lycéo »",
     "Premier cas pratique : le pass Lycéo, aide départementale à l'équipement et à la cantine des lycéens, "
     "du guichet du service jeunesse au lycée Jean-Zay de Vernay-sur-Loire."),
    ("maison-solidarites", "Maison départementale des solidarités de Saint-Aubin-des-Prés",
     "Second cas pratique : le premier accueil des personnes en difficulté (RSA, aide sociale, PMI)."),
]
RESIDENTS = [("Margaux Lefebvre", "designer de services"), ("Thomas Girard", "sociologue"),
             ("Inès Benhamou", "urbaniste")]
AMBASSADEURS = [
    ("Nadia Cherif", "Direction de l'action sociale et de l'insertion"),
    ("Philippe Marchal", "Direction de l'éducation et des collèges"),
    ("Sophie Lambert", "Direction des ressources humaines"),
    ("Jean-Marc Besson", "Direction des routes et des mobilités"),
    ("Élodie Perret", "Direction de la culture et du patrimoine"),
    ("Karim Haddad", "Direction des systèmes d'information"),
    ("Anne-Sophie Vidal", "Direction des finances"),
    ("Grégoire Masson", "Aide sociale à l'enfance"),
    ("Martine Royer", "Service insertion et RSA"),
    ("Cédric Fabre", "Service environnement et espaces naturels sensibles"),
    ("Lucie Hamon", "Direction de la communication"),
    ("Bernard Gillet", "Direction de l'autonomie"),
    ("Hélène Dubois", "Archives départementales"),
    ("Thierry Carré", "Direction des bâtiments"),
    ("Camille Roussel", "Service jeunesse et sports"),
    ("Mathieu Perrot", "Direction des affaires juridiques et des assemblées"),
    ("Fanny Guérin", "Protection maternelle et infantile"),
    ("Yannick Le Gall", "Service agriculture et développement rural"),
    ("Aurore Lemoine", "Service tourisme et attractivité"),
    ("Rachid Amrani", "Service de la commande publique"),
]
AGENT_REFERENT = "Véronique Lefort"
PARTNERS = ["La 27e Région", "Bloomberg Philanthropies", "Caisse des Dépôts", "CNFPT, délégation Centre-Val de Loire"]
#: People interviewed in the field (verbatims), with their role.
PARTICIPANTS = {
    "Mireille Bonnet": "mère d'un lycéen", "Yanis Ferreira": "lycéen de seconde",
    "Josiane Marcel": "agente du guichet Lycéo", "Gérard Dupuis": "CPE du lycée Jean-Zay",
    "Leïla Mansour": "assistante sociale scolaire", "Didier Caillaud": "chef du service jeunesse",
    "Fabrice Tessier": "père d'une lycéenne", "Kevin Laurent": "allocataire du RSA",
    "Sabrina Hoarau": "secrétaire d'accueil", "Assia Meziane": "assistante sociale",
    "Monique Petitjean": "usagère retraitée", "Patricia Lenoir": "responsable de la maison des solidarités",
    "Jessica Moreau": "mère de deux enfants suivie par la PMI", "Jean-Luc Morin": "directeur général adjoint",
    "Christophe Bertin": "chef du service budget", "Isabelle Carpentier": "directrice des ressources humaines",
    "Odile Rivière": "vice-présidente chargée de la modernisation",
}

# --- calendar -----------------------------------------------------------------------------------------

# (start, days, site, theme) of the 14 sequences: 7 × 3 days + 7 × 2 days = 35 days.
SEQUENCES = [
    (D(2017, 1, 9), 3, "lyceo", "lancement et cas pratique Lycéo : immersion",
     "Accueil des ambassadeurs, premières observations au guichet Lycéo et au lycée Jean-Zay."),
    (D(2017, 2, 13), 2, "maison-solidarites", "cas pratique Maison des solidarités : immersion",
     "Observation du premier accueil, entretiens avec les usagers et l'équipe de la maison des solidarités."),
    (D(2017, 3, 20), 3, "lyceo", "cas pratique Lycéo : idéation",
     "Atelier de co-conception avec des lycéens, des familles, le CPE et les agents du guichet."),
    (D(2017, 4, 24), 2, "maison-solidarites", "cas pratique Maison des solidarités : idéation",
     "Atelier d'idéation avec les secrétaires d'accueil et les travailleurs sociaux ; vote par gommettes."),
    (D(2017, 5, 30), 3, "lyceo", "cas pratique Lycéo : prototypage et tests",
     "Maquette du formulaire en trois écrans et test du suivi par SMS au lycée Jean-Zay."),
    (D(2017, 7, 4), 2, "maison-solidarites", "cas pratique Maison des solidarités : prototypage et tests",
     "Îlot d'accueil et rendez-vous d'orientation testés en conditions réelles ; restitution du cas pratique."),
    (D(2017, 8, 29), 3, "departement", "préfiguration : valeurs et principes du labo",
     "Bilan des cas pratiques et premières valeurs du futur labo d'innovation."),
    (D(2017, 10, 3), 2, "departement", "préfiguration : méthodes et compétences",
     "Boîte à outils du labo, compétences à réunir, formation des ambassadeurs à l'animation."),
    (D(2017, 11, 14), 3, "departement", "préfiguration : organisation et modes opératoires",
     "Place du labo dans l'organigramme, circuits de décision, droit à l'essai."),
    (D(2017, 12, 19), 2, "departement", "préfiguration : offre de services du labo",
     "Ce que le labo propose aux directions ; temps des ambassadeurs et fiches de poste."),
    (D(2018, 1, 30), 3, "departement", "préfiguration : budget et modèle économique",
     "Chiffrage du labo, enveloppe d'expérimentation, achats simplifiés."),
    (D(2018, 3, 13), 2, "departement", "préfiguration : gouvernance et place des élus",
     "Jeu de rôle sur la gouvernance, rôle des élus et de la direction générale."),
    (D(2018, 4, 17), 3, "departement", "préfiguration : le lieu du labo",
     "Maquette grandeur nature du futur lieu dans l'ancienne salle des archives."),
    (D(2018, 5, 29), 2, "departement", "préfiguration : feuille de route et lancement",
     "Feuille de route des dix-huit premiers mois du labo, passage de relais aux ambassadeurs."),
]
INTER_TRANSFO = [
    (D(2017, 3, 9), "Superpublic, Paris : premiers cas pratiques des collectivités de la Transfo."),
    (D(2017, 6, 15), "Accueillie par une autre collectivité de la Transfo : prototypes et premiers tests."),
    (D(2017, 10, 19), "Superpublic, Paris : passer des cas pratiques à la préfiguration des labos."),
    (D(2018, 2, 15), "Superpublic, Paris : budgets et gouvernance des futurs labos."),
    (D(2018, 6, 7), "Superpublic, Paris : bilans croisés et réseau des labos publics."),
]
PREPARATION = (D(2016, 10, 17), D(2017, 1, 6))
RESTITUTION = D(2018, 6, 28)
START, END = D(2017, 1, 9), D(2018, 6, 29)
CAS_PRATIQUES_UNTIL = pd.Timestamp(START) + pd.DateOffset(months=6)


def calendar() -> tuple[list[dict], dict[str, list[dt.date]]]:
    rows = [{"id": "PR01", "phase": "preparation", "type": "preparation", "event": "Préparation de la Transfo",
             "start": PREPARATION[0], "end": PREPARATION[1], "site": "departement",
             "description": "Convention avec La 27e Région, désignation de l'agent référent, appel à candidatures des "
                            "ambassadeurs, choix du cas pratique Lycéo, rencontres avec le CODIR."}]
    days: dict[str, list[dt.date]] = {}
    for n, (start, length, site, theme, description) in enumerate(SEQUENCES, 1):
        ids = f"S{n:02d}"
        days[ids] = run(start, length)
        phase = "cas_pratiques" if pd.Timestamp(start) < CAS_PRATIQUES_UNTIL else "prefiguration"
        rows.append({"id": ids, "phase": phase, "type": "session", "event": f"Session {n} — {theme}",
                     "start": start, "end": days[ids][-1], "site": site, "description": description})
    for n, (day, description) in enumerate(INTER_TRANSFO, 1):
        run(day, 1)
        phase = "cas_pratiques" if pd.Timestamp(day) < CAS_PRATIQUES_UNTIL else "prefiguration"
        rows.append({"id": f"IT{n:02d}", "phase": phase, "type": "inter_transfo", "event": f"Inter-Transfo {n}",
                     "start": day, "end": day, "description": description})
    run(RESTITUTION, 1)
    rows.append({"id": "R01", "phase": "cloture", "type": "restitution",
                 "event": "Restitution de la Transfo et lancement du labo", "start": RESTITUTION, "end": RESTITUTION,
                 "site": "departement",
                 "description": "Devant les élus, le CODIR et les agents : bilan des cas pratiques et feuille de route du labo."})
    rows.sort(key=lambda r: (r["start"], r["id"]))
    # The protocol, checked here so that a change of date cannot break it silently.
    lengths = [len(v) for v in days.values()]
    assert sum(lengths) == 35 and set(lengths) == {2, 3}
    starts = [s[0] for s in SEQUENCES]
    for a, b in zip(starts, starts[1:]):
        assert 35 <= (b - a).days <= 56, (a, b)
    assert 12 <= months_between(starts[0], days["S14"][-1]) <= 18
    inter = [d for d, _ in INTER_TRANSFO]
    for a, b in zip(inter, inter[1:]):
        assert 3 <= months_between(a, b) <= 5, (a, b)
    assert 2 <= months_between(PREPARATION[0], START) <= 3
    return rows, days


# --- codebook and fieldwork ---------------------------------------------------------------------------

CODEBOOK = [
    ("accueil", "Relation à l'usager", "Le premier contact : guichet, salle d'attente, téléphone, confidentialité.",
     "Derrière la vitre, on doit raconter sa vie devant tout le monde."),
    ("orientation", "Relation à l'usager", "Savoir à qui s'adresser, quel service ou quel organisme est compétent.",
     "On ne savait même pas que c'était le Département."),
    ("confiance", "Relation à l'usager", "Confiance ou soupçon entre les usagers et l'administration, peur du contrôle.",
     "J'ai l'impression qu'on me soupçonne de mentir."),
    ("autonomie_usagers", "Relation à l'usager", "Capacité des usagers à faire seuls, à suivre et comprendre leur démarche.",
     "Sans mon fils, je ne pourrais pas faire la demande en ligne."),
    ("delais", "Démarches et outils", "Temps d'attente, délais d'instruction, relances et absence de suivi.",
     "Neuf semaines sans nouvelles du dossier."),
    ("dematerialisation", "Démarches et outils", "Démarches en ligne, outils numériques des usagers et des agents.",
     "Le formulaire en ligne ne marche pas sur le téléphone."),
    ("formulaires", "Démarches et outils", "Dossiers, pièces justificatives, courriers et langage administratif.",
     "Huit pages et trois fois la même adresse."),
    ("cooperation_services", "Organisation interne", "Travail entre services, directions et partenaires ; silos, doublons.",
     "Chaque service me demande les mêmes papiers."),
    ("marges_de_manoeuvre", "Organisation interne", "Ce que les agents de terrain peuvent décider ou essayer eux-mêmes.",
     "On m'a toujours dit que ce n'était pas possible."),
    ("pilotage", "Organisation interne", "Encadrement, circuits de validation, règlements, rôle des élus et du CODIR.",
     "Quatre signatures pour une dérogation de 20 euros."),
    ("experimentation", "Culture du labo", "Essai-erreur, prototypes, tests rapides avec les usagers et les agents.",
     "Tester en une matinée, on ne l'avait jamais fait."),
    ("sens_du_travail", "Culture du labo", "Sens, engagement, reconnaissance et bien-être des agents.",
     "Pour la première fois, on m'a demandé mon avis."),
]

# (when, method, participant, tags, text): when is a session id (a day of it is drawn) or a date;
# a participant makes the row a verbatim.
LYCEO = [
    ("S01", "observation", None, "accueil",
     "Au guichet Lycéo du rez-de-chaussée, trois familles attendent debout : il n'y a qu'une chaise. L'agente reçoit "
     "derrière un comptoir haut et doit se pencher pour voir les documents que lui tendent les parents."),
    ("S01", "observation", None, "orientation, dematerialisation",
     "Sur le site du Département, la page du pass Lycéo est rangée dans la rubrique « Éducation > Collèges ». Deux "
     "ambassadeurs mettent quatre minutes à la retrouver depuis la page d'accueil."),
    ("S01", "observation", None, "formulaires",
     "Le dossier papier compte huit pages. L'adresse du foyer est demandée trois fois, le numéro d'allocataire CAF deux "
     "fois ; la notice est imprimée à part, en petits caractères."),
    ("S01", "observation", None, "delais, formulaires",
     "Sur les 2 140 dossiers de l'an dernier, l'instruction a duré en moyenne neuf semaines, dont six à attendre une "
     "pièce manquante, le plus souvent l'avis d'imposition ou le certificat de scolarité."),
    ("S01", "parcours", None, "dematerialisation, autonomie_usagers",
     "Parcours commenté avec un lycéen : sur téléphone, le formulaire en ligne ne permet pas de joindre la photo d'un "
     "document. Il abandonne à l'étape 4 et dit que sa mère « le fera au bureau »."),
    (D(2017, 1, 24), "entretien", None, "cooperation_services, formulaires",
     "Le certificat de scolarité demandé aux familles est déjà transmis chaque année par les lycées au service des "
     "transports. Les deux services ne partagent ni fichier ni interlocuteur."),
    ("S01", "observation", None, "confiance, marges_de_manoeuvre",
     "Les agentes vérifient chaque pièce deux fois et photocopient tout, « au cas où la paierie demanderait ». Aucun "
     "contrôle de la paierie n'a pourtant porté sur Lycéo depuis quatre ans."),
    (D(2017, 1, 26), "observation", None, "orientation",
     "Depuis l'annonce du transfert du transport scolaire à la Région en septembre, le standard reçoit des appels de "
     "familles qui ne savent plus qui finance la carte de bus et qui finance la cantine."),
    ("S01", "observation", None, "orientation, accueil",
     "Au lycée Jean-Zay, le pass Lycéo est présenté en réunion de rentrée par le CPE, en deux minutes, entre l'emploi "
     "du temps et le règlement intérieur. Une affiche de 2014 est toujours au CDI."),
    ("S03", "atelier", None, "autonomie_usagers",
     "En atelier, des lycéens de seconde classent les étapes de la demande. Tous placent « demander à mes parents » en "
     "premier : la démarche est vue comme une affaire d'adultes, alors que l'aide les concerne directement."),
    (D(2017, 1, 31), "entretien", None, "pilotage, marges_de_manoeuvre, delais",
     "Le circuit de validation d'un dossier passe par quatre signatures, dont celle du directeur de l'éducation pour "
     "toute dérogation, même de 20 euros. Les dérogations attendent souvent la réunion mensuelle de la direction."),
    ("S03", "atelier", None, "experimentation, formulaires",
     "Pendant la session, les ambassadeurs réécrivent la notice en une page avec trois familles invitées. La version "
     "de test est imprimée à midi et corrigée deux fois avant la fin de la journée."),
    ("S03", "observation", None, "sens_du_travail",
     "En fin de session, l'agente du guichet Lycéo explique qu'elle n'avait jamais rencontré de lycéens en dehors du "
     "guichet. Elle demande à participer au prochain test au lycée."),
    (D(2017, 2, 7), "parcours", None, "delais, accueil",
     "Aucun suivi du dossier n'existe : les familles appellent le standard, qui transfère au service, qui rappelle "
     "quand il peut. Nous comptons 37 appels de relance sur une seule semaine de novembre."),
    ("S01", "observation", None, "dematerialisation",
     "Le portail en ligne a été ouvert en 2015, mais seuls 18 % des dossiers y arrivent. Les agents impriment ensuite "
     "les demandes en ligne pour les instruire sur papier, comme les autres."),
    ("S03", "atelier", None, "cooperation_services, dematerialisation",
     "Lors de l'atelier d'idéation, la direction des systèmes d'information découvre que le service jeunesse ressaisit "
     "chaque dossier dans un tableur, faute d'accès à l'outil métier des bourses."),
    (D(2017, 5, 31), "atelier", None, "experimentation, dematerialisation, formulaires",
     "Test du formulaire en trois écrans au lycée Jean-Zay : douze élèves le remplissent sur leur téléphone en moins de "
     "sept minutes ; deux bloquent sur la notion de « quotient familial »."),
    ("S01", "observation", None, "confiance, formulaires",
     "Les parents arrivent au guichet avec des pochettes pleines de documents, bien au-delà des pièces demandées : "
     "bulletins, factures, courriers de la CAF, par crainte qu'on leur reproche un oubli."),
    ("S01", "entretien", "Mireille Bonnet", "formulaires, delais",
     "« J'ai rempli le dossier trois années de suite, avec les mêmes papiers. Personne ne se souvient de nous d'une "
     "année sur l'autre, comme si on recommençait à zéro. »"),
    ("S01", "entretien", "Yanis Ferreira", "orientation",
     "« Le pass Lycéo, je pensais que c'était seulement pour les boursiers. Mes potes non plus ne l'ont pas demandé, "
     "on ne savait même pas que c'était le Département. »"),
    ("S01", "entretien", "Josiane Marcel", "accueil, delais",
     "« En septembre, on reçoit cent personnes par jour, à deux. On n'a pas le temps d'expliquer, alors on donne le "
     "dossier et on dit de revenir avec tout. »"),
    (D(2017, 1, 19), "entretien", "Gérard Dupuis", "cooperation_services, orientation",
     "« Les familles viennent me voir, moi, pas le Département. Je n'ai aucune réponse à leur donner sur leur dossier, "
     "je n'ai même pas de contact direct au service. »"),
    (D(2017, 1, 27), "entretien", "Leïla Mansour", "confiance, autonomie_usagers",
     "« Les familles qui auraient le plus besoin de Lycéo sont celles qui ne le demandent pas : la peur des papiers, "
     "la honte parfois. Je les accompagne une par une quand je peux. »"),
    ("S03", "atelier", "Josiane Marcel", "marges_de_manoeuvre, dematerialisation",
     "« Si on pouvait accepter la photo d'un document prise au téléphone, la moitié des dossiers incomplets serait "
     "réglée. Mais on m'a toujours dit que ce n'était pas possible. »"),
    (D(2017, 2, 2), "entretien", "Mireille Bonnet", "delais, accueil",
     "« Je m'appelle Mireille Bonnet, j'ai écrit deux fois à lyceo@val-de-loire.fr sans réponse. Notez mon portable, "
     "06 12 34 56 78, qu'on me rappelle enfin pour le dossier de mon fils. »"),
    ("S01", "parcours", "Yanis Ferreira", "dematerialisation, autonomie_usagers",
     "« Le site, sur le téléphone, il faut zoomer partout. À la fin il demande un scan, mais je n'ai pas de scanner, "
     "personne n'a de scanner chez moi. »"),
    (D(2017, 2, 9), "entretien", "Didier Caillaud", "pilotage, formulaires",
     "« Le dispositif a été voté en 2009 et on ne l'a jamais revu. On sait qu'il est compliqué, mais chaque changement "
     "du règlement doit repasser en commission permanente. »"),
    (D(2017, 3, 7), "entretien", "Fabrice Tessier", "formulaires, confiance",
     "« Le courrier d'accord, je l'ai lu trois fois. Il y avait des articles de loi et un montant, mais pas quand "
     "l'argent arriverait ni sur quel compte. »"),
    ("S01", "entretien", "Josiane Marcel", "autonomie_usagers, accueil",
     "« Les jeunes ne viennent jamais seuls. Quand un lycéen passe au guichet, c'est qu'il sert d'interprète à ses "
     "parents, et c'est pourtant à lui qu'on devrait parler. »"),
    ("S03", "atelier", "Gérard Dupuis", "cooperation_services, formulaires",
     "« Si le lycée pouvait valider le certificat de scolarité directement dans votre outil, on économiserait une pièce "
     "à chaque famille et des allers-retours au secrétariat. »"),
    (D(2017, 6, 13), "atelier", "Fabrice Tessier", "delais, dematerialisation",
     "« Là, avec les trois écrans, c'est clair. Par contre j'aimerais savoir où en est mon dossier sans avoir à "
     "téléphoner : un SMS suffirait. »"),
    ("S05", "entretien", "Didier Caillaud", "experimentation, pilotage",
     "« Tester le formulaire avec des élèves en une matinée, on ne l'avait jamais fait. Le plus surprenant, c'est que "
     "personne ne nous a demandé d'autorisation. »"),
    (D(2017, 3, 2), "observation", None, "delais, accueil",
     "Entre deux sessions, deux ambassadeurs passent une journée au guichet Lycéo : 41 visites, dont 17 pour une pièce "
     "manquante et 9 pour savoir où en est un dossier déjà déposé."),
    ("S03", "atelier", None, "cooperation_services, experimentation",
     "L'atelier réunit les agents du guichet, le CPE, des lycéens et un agent de la paierie. Les idées convergent vers "
     "un dossier qui se souvient des familles d'une année sur l'autre."),
]
MAISON = [
    ("S02", "observation", None, "accueil, delais",
     "À 8 h 45, onze personnes attendent devant la porte encore fermée de la maison des solidarités. À l'ouverture, la "
     "secrétaire distribue des tickets à la main : la borne est en panne depuis octobre."),
    ("S02", "observation", None, "accueil, confiance",
     "Le guichet d'accueil n'est séparé de la salle d'attente que par une vitre : tout le monde entend les situations "
     "exposées, le montant d'un loyer impayé, le prénom d'un enfant placé."),
    (D(2017, 2, 21), "observation", None, "orientation, cooperation_services",
     "Sur quarante visites observées un mardi matin, douze relèvent d'un autre organisme : CAF, Pôle emploi, CCAS ou "
     "bailleur. La secrétaire oriente au mieux avec une liste de numéros photocopiée."),
    ("S02", "entretien", None, "delais, marges_de_manoeuvre",
     "Le délai pour un premier rendez-vous avec une assistante sociale atteint cinq semaines. En cas d'urgence, la "
     "secrétaire « force » un créneau selon son appréciation, sans règle écrite."),
    ("S02", "observation", None, "accueil",
     "La salle d'attente n'a ni jouets ni table à langer, alors que la PMI reçoit dans le même bâtiment. Les enfants "
     "courent dans le couloir pendant que les parents remplissent des papiers."),
    (D(2017, 3, 14), "parcours", None, "cooperation_services, confiance",
     "Parcours d'une usagère suivie à la fois pour le RSA, par l'ASE et par la PMI : trois dossiers, trois référents, "
     "trois récits de sa situation en deux mois, sans échange entre les professionnels."),
    ("S02", "observation", None, "dematerialisation, autonomie_usagers",
     "Le poste informatique en libre accès de la salle d'attente est débranché ; un papier scotché indique « hors "
     "service ». Les usagers venus actualiser leur dossier CAF repartent sans l'avoir fait."),
    (D(2017, 2, 28), "entretien", None, "formulaires, pilotage",
     "La demande d'aide financière d'urgence est un formulaire de quatre pages que seule l'assistante sociale peut "
     "remplir. Le même formulaire existe en trois versions selon les cantons."),
    (D(2017, 3, 9), "observation", None, "delais, marges_de_manoeuvre",
     "Une aide de 50 euros pour une facture d'électricité demande l'avis de la commission cantonale, qui se réunit une "
     "fois par mois. La coupure intervient souvent avant la décision."),
    ("S02", "observation", None, "sens_du_travail, cooperation_services",
     "L'équipe de la maison des solidarités découvre des ambassadeurs des routes et des archives assis en salle "
     "d'attente pour observer. D'abord méfiants, les agents finissent par raconter leurs journées."),
    ("S04", "atelier", None, "accueil, experimentation",
     "En atelier d'idéation, les secrétaires d'accueil dessinent l'accueil idéal : un îlot sans vitre, un coin pour les "
     "enfants et un premier rendez-vous de dix minutes pour orienter sans attendre."),
    (D(2017, 3, 16), "observation", None, "pilotage, accueil",
     "Les horaires d'ouverture, 9 h-12 h et 14 h-16 h 30, ont été fixés en 2008. Ils ne conviennent plus aux personnes "
     "en emploi précaire, qui ne peuvent venir qu'après 17 h."),
    (D(2017, 7, 4), "observation", None, "experimentation, accueil, confiance",
     "Test de l'îlot d'accueil monté avec les tables de la salle de réunion : 23 personnes accueillies dans la matinée, "
     "aucune n'a dû exposer sa situation devant la salle d'attente."),
    (D(2017, 3, 28), "observation", None, "autonomie_usagers, dematerialisation",
     "Plusieurs usagers reviennent chaque semaine pour des démarches qu'ils pourraient faire seuls avec un peu "
     "d'accompagnement : ils ne connaissent ni leurs identifiants CAF ni l'application."),
    (D(2017, 3, 2), "parcours", None, "orientation, accueil",
     "Entre son appel au standard du Département et son arrivée à la maison des solidarités, une usagère a été "
     "transférée quatre fois. Elle a finalement eu l'information en venant directement au guichet."),
    (D(2017, 2, 23), "entretien", None, "cooperation_services, dematerialisation",
     "Les travailleurs sociaux notent leurs suivis dans trois logiciels différents. L'un d'eux dit recopier ses notes le "
     "soir, chez lui, « pour ne pas perdre le fil des familles »."),
    ("S04", "observation", None, "experimentation, marges_de_manoeuvre",
     "Au retour de l'atelier, la responsable de la maison des solidarités propose de tester l'îlot dès la semaine "
     "suivante, sans attendre le passage en comité de direction."),
    (D(2017, 7, 11), "observation", None, "experimentation, delais, orientation",
     "Second test du rendez-vous d'orientation de dix minutes : les secrétaires orientent 14 personnes sur 19 sans "
     "rendez-vous d'assistante sociale ; l'attente du mardi passe de 45 à 20 minutes."),
    ("S02", "entretien", "Kevin Laurent", "accueil, confiance",
     "« On vient ici quand on n'a plus rien. Et derrière la vitre, on doit raconter sa vie devant tout le monde. La "
     "première fois, je suis reparti sans rien dire. »"),
    ("S02", "entretien", "Sabrina Hoarau", "accueil, sens_du_travail",
     "« Je ne suis pas travailleuse sociale, mais c'est moi qui vois les gens en premier, en colère ou en larmes. "
     "Personne ne m'a jamais formée à ça. »"),
    (D(2017, 2, 22), "entretien", "Assia Meziane", "cooperation_services",
     "« Si on partageait un dossier unique avec l'ASE et le RSA, les familles ne raconteraient pas dix fois leur "
     "histoire. Aujourd'hui, je découvre les autres suivis par hasard. »"),
    ("S02", "entretien", "Monique Petitjean", "dematerialisation, autonomie_usagers",
     "« On me dit de tout faire sur internet. Je n'ai pas d'ordinateur, et mon petit-fils habite à Tours. Alors je "
     "viens ici, et j'attends mon tour. »"),
    (D(2017, 3, 7), "entretien", "Patricia Lenoir", "pilotage, cooperation_services",
     "« Chaque nouvelle procédure arrive de l'hôtel du Département par note de service, sans que personne ne soit venu "
     "voir comment on travaille ici. »"),
    (D(2017, 3, 14), "entretien", "Kevin Laurent", "delais, accueil",
     "« Je suis Kevin Laurent, ça fait trois semaines que j'attends un rendez-vous. Mon numéro, c'est le "
     "07 81 22 45 19, donnez-le à l'assistante sociale, elle ne m'a jamais rappelé. »"),
    ("S02", "entretien", "Sabrina Hoarau", "marges_de_manoeuvre, orientation",
     "« Quand quelqu'un vient pour la CAF, je n'ai pas le droit de l'aider sur l'ordinateur. Alors je donne l'adresse, "
     "et je sais qu'il reviendra la semaine prochaine. »"),
    ("S04", "atelier", "Assia Meziane", "marges_de_manoeuvre, delais, confiance",
     "« Attendre la commission pour 50 euros, c'est absurde : on connaît les familles. Une délégation pour les petites "
     "aides, on la demande depuis des années. »"),
    (D(2017, 7, 18), "entretien", "Monique Petitjean", "accueil, confiance",
     "« Là, on est assis, on parle doucement, personne n'écoute. Et la dame m'a dit tout de suite à qui m'adresser, je "
     "n'ai pas eu à revenir. »"),
    (D(2017, 2, 28), "entretien", "Jessica Moreau", "accueil",
     "« Avec la poussette dans le couloir, on gêne tout le monde. Les petits s'ennuient, ils pleurent, et moi je "
     "n'arrive pas à écouter ce qu'on m'explique. »"),
    ("S04", "atelier", "Patricia Lenoir", "experimentation, marges_de_manoeuvre",
     "« Essayer l'îlot sans attendre l'avis des services techniques, c'est nouveau pour nous. Si ça ne marche pas, on "
     "remettra les tables dans la salle de réunion. »"),
    (D(2017, 3, 9), "entretien", "Jessica Moreau", "dematerialisation, formulaires",
     "« Jessica Moreau. J'ai envoyé mes justificatifs par mail à mds.saint-aubin@val-de-loire.fr, on m'a répondu de "
     "les apporter en main propre. Alors à quoi sert le mail ? »"),
    (D(2017, 7, 11), "entretien", "Assia Meziane", "orientation, delais",
     "« Le rendez-vous d'orientation libère nos agendas : on ne reçoit plus en urgence des personnes qui avaient juste "
     "besoin d'un numéro ou d'un formulaire. »"),
    (D(2017, 7, 4), "entretien", "Sabrina Hoarau", "sens_du_travail, experimentation",
     "« Pour la première fois, on m'a demandé mon avis sur l'accueil. Et c'est mon idée du coin pour les enfants qu'on "
     "teste aujourd'hui. »"),
    (D(2017, 9, 19), "entretien", "Kevin Laurent", "delais, autonomie_usagers",
     "« Le SMS pour confirmer le rendez-vous, c'est bien : je n'ai plus de crédit pour appeler, mais je peux encore "
     "recevoir des messages. »"),
    (D(2017, 7, 5), "observation", None, "pilotage, cooperation_services",
     "À la restitution du cas pratique, le directeur de l'action sociale demande pourquoi l'îlot n'a pas été validé par "
     "la direction des bâtiments ; l'ambassadeur des bâtiments répond qu'il a participé au test."),
]
DEPARTEMENT = [
    ("S07", "atelier", None, "experimentation, sens_du_travail",
     "Atelier sur les valeurs du futur labo : les ambassadeurs retiennent « partir des usagers », « droit à l'erreur » "
     "et « faire avec les agents de terrain ». Le mot « innovation » est jugé trop abstrait par la moitié du groupe."),
    ("S09", "entretien", "Jean-Luc Morin", "pilotage",
     "« Le labo ne doit pas devenir une direction de plus. S'il a un organigramme et un parapheur, il aura perdu avant "
     "d'avoir commencé. »"),
    ("S09", "atelier", None, "pilotage, marges_de_manoeuvre, experimentation",
     "Cartographie des circuits de décision : un projet transversal passe en moyenne par trois comités avant d'être "
     "testé. Les ambassadeurs proposent un droit à l'essai de trois mois sans validation préalable."),
    (D(2017, 10, 10), "entretien", "Christophe Bertin", "pilotage, delais",
     "« Un labo, d'accord, mais avec quel budget ? Si chaque test doit passer par un bon de commande, vous attendrez "
     "trois mois pour acheter des post-it. »"),
    ("S11", "atelier", None, "pilotage, experimentation",
     "Pendant la session budget, les ambassadeurs chiffrent le labo à deux postes et demi et 40 000 euros de "
     "fonctionnement ; ils proposent une enveloppe d'expérimentation de 15 000 euros gérée sans bon de commande."),
    (D(2017, 11, 28), "observation", None, "sens_du_travail, cooperation_services",
     "Dans les couloirs de l'hôtel du Département, les collègues des ambassadeurs demandent « ce qu'ils font au labo ». "
     "Le blog de la Transfo est peu lu en interne : une soixantaine de visites par mois."),
    (D(2017, 12, 12), "entretien", "Isabelle Carpentier", "marges_de_manoeuvre, pilotage",
     "« Pour que les agents puissent consacrer du temps au labo, il faut l'écrire dans leur fiche de poste. Sinon, leur "
     "chef le leur reprochera à l'entretien annuel. »"),
    ("S12", "atelier", None, "pilotage, autonomie_usagers",
     "Les ambassadeurs jouent une scène de gouvernance : un élu, un directeur général, une cheffe de service et un "
     "usager discutent d'un projet du labo. Le rôle de l'usager est celui que personne ne veut tenir."),
    ("S12", "entretien", "Jean-Luc Morin", "experimentation, pilotage",
     "« Ce que j'ai vu à la maison des solidarités m'a convaincu : trois semaines de test ont fait plus que deux ans de "
     "groupe de travail sur l'accueil. »"),
    ("S13", "atelier", None, "experimentation, accueil",
     "Maquette grandeur nature du futur lieu du labo dans l'ancienne salle des archives : les ambassadeurs testent un "
     "mobilier mobile et une « salle des usagers » ouverte au public le jeudi."),
    (D(2018, 4, 5), "entretien", "Odile Rivière", "pilotage, experimentation",
     "« Je veux que les élus viennent aux tests, pas seulement aux restitutions. Une décision prise devant un "
     "prototype, c'est une décision mieux prise. »"),
    ("S14", "atelier", None, "sens_du_travail, experimentation",
     "À la dernière session, chaque ambassadeur écrit ce qu'il emporte dans son service. Les réponses les plus "
     "fréquentes : « écouter les usagers avant d'écrire une procédure » et « tester petit avant de généraliser »."),
]


def observations(rng: random.Random, days: dict[str, list[dt.date]]) -> list[dict]:
    residents = [r for r, _ in RESIDENTS]
    ambassadeurs = [a for a, _ in AMBASSADEURS]
    rows = []
    for site, items in (("lyceo", LYCEO), ("maison-solidarites", MAISON), ("departement", DEPARTEMENT)):
        for when, method, participant, tags, text in items:
            day = rng.choice(days[when]) if isinstance(when, str) else when
            assert is_working_day(day), day
            # Résidents write most notes; ambassadeurs conduct part of the interviews between sessions.
            between = not isinstance(when, str)
            author = rng.choice(ambassadeurs) if (between and rng.random() < 0.6) or rng.random() < 0.25 \
                else rng.choice(residents)
            words = len(text.split())
            assert 20 <= words <= 50, (words, text)
            rows.append({"site": site, "date": day, "author": author, "method": method, "participant": participant,
                         "role": PARTICIPANTS.get(participant), "kind": "verbatim" if participant else "note",
                         "text": text, "tags": tags})
    rows.sort(key=lambda r: (r["date"], r["site"]))
    for n, row in enumerate(rows, 1):
        row["id"] = f"OBS-{n:03d}"
    return rows


# --- survey -------------------------------------------------------------------------------------------

QUESTIONS = [
    ("Je connais le projet de labo d'innovation du Département.", {"ambassadeur": 4.7, "agent": 2.9, "encadrant": 3.8}),
    ("Les démarches du Département sont conçues à partir des besoins des usagers.",
     {"ambassadeur": 2.2, "agent": 2.8, "encadrant": 3.3}),
    ("Dans mon service, on peut tester une idée nouvelle sans attendre une validation complète.",
     {"ambassadeur": 2.4, "agent": 2.3, "encadrant": 2.9}),
    ("Je souhaite participer à un projet accompagné par le futur labo.", {"ambassadeur": 4.6, "agent": 3.6, "encadrant": 3.4}),
    ("Ma hiérarchie me laisserait du temps pour participer au labo.", {"ambassadeur": 3.4, "agent": 2.5, "encadrant": 3.6}),
]
LIKERT = {1: "Pas du tout d'accord", 2: "Plutôt pas d'accord", 3: "Ni d'accord ni pas d'accord", 4: "Plutôt d'accord",
          5: "Tout à fait d'accord"}


def survey(rng: random.Random) -> list[dict]:
    profiles = ["ambassadeur"] * 12 + ["agent"] * 20 + ["encadrant"] * 8
    rng.shuffle(profiles)
    dates = [d for d in pd.date_range("2017-11-20", "2017-12-01").date if is_working_day(d)]
    rows = []
    for n, profile in enumerate(profiles, 1):
        day = rng.choice(dates)
        for question, means in QUESTIONS:
            score = min(5, max(1, round(rng.gauss(means[profile], 0.85))))
            answer = None if rng.random() < 0.04 else LIKERT[score]
            rows.append({"respondent": f"A{n:02d}", "site": "departement", "date": day, "role": profile,
                         "question": question, "answer": answer})
    return rows


# --- journeys -----------------------------------------------------------------------------------------

JOURNEYS = [
    ("lyceo", "Demander le pass Lycéo", "Léna, 15 ans, entre en seconde, vit avec sa mère", [
        ("Entendre parler du pass", "Léna entend parler de l'aide par une amie, trois semaines après la rentrée.", 0,
         "Information absente des documents de rentrée", "Présentation du pass par des lycéens relais"),
        ("Chercher l'information", "Sa mère cherche la page du pass sur le site du Département, depuis son téléphone.", -1,
         "Page rangée dans la rubrique Collèges", "Page Lycéo accessible en un clic depuis l'accueil"),
        ("Remplir le dossier", "Elle commence le formulaire en ligne, puis imprime le dossier papier.", -2,
         "Formulaire de huit pages, illisible sur téléphone", "Formulaire en trois écrans"),
        ("Rassembler les pièces", "Avis d'imposition, certificat de scolarité, RIB, attestation CAF.", -2,
         "Scanner nécessaire, certificat à demander au lycée", "Photo des pièces acceptée ; certificat transmis par le lycée"),
        ("Déposer au guichet", "La mère de Léna prend une demi-journée pour déposer le dossier à Vernay-sur-Loire.", -1,
         "Attente debout, comptoir haut", "Dépôt au lycée pendant une permanence de rentrée"),
        ("Attendre la réponse", "Neuf semaines sans nouvelles ; deux appels au standard.", -2,
         "Aucun suivi du dossier", "Suivi par SMS à chaque étape"),
        ("Recevoir le courrier", "Un courrier de deux pages, avec des articles de loi.", -1,
         "Montant et date de versement peu clairs", "Courrier d'accord en langage clair"),
        ("Utiliser l'aide", "Léna achète sa calculatrice et sa tenue d'atelier ; la cantine est payée.", 2, None,
         "Dossier reconduit automatiquement l'année suivante"),
    ]),
    ("maison-solidarites", "Premier accueil à la maison des solidarités",
     "Nadège, 38 ans, deux enfants, sans emploi depuis six mois", [
        ("Appeler le Département", "Nadège appelle le standard pour une facture d'électricité impayée.", -1,
         "Quatre transferts avant la bonne information", "Numéro direct de la maison des solidarités"),
        ("Arriver à la maison des solidarités", "Elle arrive à 8 h 45 avec ses enfants ; la porte est encore fermée.", -1,
         "File d'attente dehors avant l'ouverture", "Salle d'attente ouverte dès 8 h 30"),
        ("Prendre un ticket", "La secrétaire distribue les tickets à la main.", -1,
         "Borne en panne depuis des mois", "Accueil par une secrétaire dès l'entrée"),
        ("Attendre", "Quarante-cinq minutes sur une chaise, les enfants dans le couloir.", -2,
         "Aucun espace pour les enfants", "Coin enfants dans la salle d'attente"),
        ("Exposer sa situation", "Elle explique l'impayé au guichet, devant la salle d'attente.", -2,
         "Vitre, aucune confidentialité", "Îlot d'accueil sans vitre"),
        ("Être orientée", "On lui propose un rendez-vous avec une assistante sociale.", 0,
         "Premier rendez-vous dans cinq semaines", "Rendez-vous d'orientation de dix minutes le jour même"),
        ("Rencontrer l'assistante sociale", "L'assistante sociale l'écoute et monte une demande d'aide.", 1,
         "Raconter à nouveau ce qu'elle a déjà dit à la CAF", "Dossier partagé avec l'accord de l'usagère"),
        ("Recevoir l'aide d'urgence", "L'aide est accordée après la commission cantonale.", 1,
         "Décision après la coupure d'électricité", "Délégation des petites aides aux assistantes sociales"),
    ]),
]

# --- inspiration --------------------------------------------------------------------------------------

INSPIRATION = [
    ("MindLab", "lieu", "https://mind-lab.dk", "Copenhague, Danemark", 2002,
     "Unité d'innovation commune à plusieurs ministères danois, pionnière du design de politiques publiques.",
     "labo, design, administration centrale", None),
    ("Policy Lab", "lieu", "https://openpolicy.blog.gov.uk", "Londres, Royaume-Uni", 2014,
     "Labo du gouvernement britannique qui introduit le design et l'ethnographie dans la fabrique des politiques.",
     "labo, design, ethnographie", None),
    ("Laboratorio para la Ciudad", "lieu", "Ville de Mexico", "Mexico, Mexique", 2013,
     "Labo expérimental rattaché au maire : un lieu ouvert aux habitants, aux artistes et aux agents.",
     "labo, ville, participation", None),
    ("Territoires en résidences", "methode", "La 27e Région", "France", 2009,
     "Résidences de designers et de sociologues dans des lieux publics, par semaines d'immersion.",
     "résidence, immersion, design", None),
    ("La Transfo, première édition", "projet", "La 27e Région", "France", 2011,
     "Quatre Régions créent leur labo d'innovation avec des résidents et des agents ambassadeurs (2011-2014).",
     "labo, ambassadeurs, Transfo", None),
    ("Superpublic", "lieu", "La 27e Région", "Paris, France", 2014,
     "Tiers-lieu consacré à la transformation de l'action publique, lieu des Inter-Transfo.",
     "tiers-lieu, réseau, Inter-Transfo", None),
    ("Design des politiques publiques", "publication", "La 27e Région, La Documentation française", "Paris, France", 2010,
     "Ouvrage de référence sur les méthodes de design appliquées aux politiques publiques.",
     "design, méthodes, politiques publiques", None),
    ("i-teams", "publication", "Nesta et Bloomberg Philanthropies", "Londres, Royaume-Uni", 2014,
     "Panorama des équipes et des fonds d'innovation publique dans le monde.",
     "labo, gouvernance, financement", None),
    ("Dites-le-nous une fois", "initiative", "Secrétariat général pour la modernisation de l'action publique",
     "France", 2013, "Ne plus demander aux usagers les informations que l'administration détient déjà.",
     "simplification, pièces justificatives", "lyceo"),
    ("Double diamant", "methode", "Design Council", "Londres, Royaume-Uni", 2005,
     "Découvrir, définir, développer, livrer : un cadre simple pour organiser une démarche de design.",
     "méthode, design, idéation", None),
    ("Facile à lire et à comprendre (FALC)", "methode", "Inclusion Europe", "Bruxelles, Belgique", 2009,
     "Règles d'écriture pour rendre l'information accessible à tous, utiles pour les courriers et les notices.",
     "langage clair, courriers, accessibilité", "lyceo"),
    ("Helsinki Design Lab : Legible Practises", "publication", "Sitra", "Helsinki, Finlande", 2013,
     "Six études de cas d'innovation publique et la notion d'« intendance » des projets stratégiques.",
     "design stratégique, gouvernance", "departement"),
]

# --- ideas, votes, prototypes, tests ------------------------------------------------------------------

SCENARIO_DG = "Labo rattaché à la direction générale"
SCENARIO_RESEAU = "Labo en réseau d'ambassadeurs"
# (title, description, tags, site, session, author, impact, effort, tensions, status, scenarios)
IDEAS = [
    ("Formulaire Lycéo en trois écrans", "Une demande en ligne pensée pour le téléphone : trois écrans, les pièces en photo.",
     "dematerialisation, formulaires", "lyceo", "S03", "Atelier lycéens et agents", 5, 3, "numerique", "retenue", None),
    ("Un dossier qui se souvient des familles", "Reconduire le pass d'une année sur l'autre sans redemander les mêmes pièces.",
     "formulaires, cooperation_services", "lyceo", "S03", "Ambassadeurs", 5, 4, "numerique, juridique", "a_approfondir", None),
    ("Certificat de scolarité transmis par les lycées", "Les lycées confirment la scolarité dans l'outil du Département.",
     "cooperation_services, formulaires", "lyceo", "S03", "Gérard Dupuis et ambassadeurs", 4, 4,
     "partenariats, juridique, numerique", "a_approfondir", None),
    ("Suivi du dossier par SMS", "Un SMS à chaque étape : dossier reçu, complet, accordé, payé.",
     "delais, autonomie_usagers", "lyceo", "S03", "Atelier lycéens et agents", 4, 2, "numerique", "retenue", None),
    ("Lycéens relais du pass Lycéo", "Des élèves volontaires présentent le pass à leurs camarades à la rentrée.",
     "orientation, autonomie_usagers", "lyceo", "S03", "Lycéens", 3, 2, "partenariats", "a_approfondir", None),
    ("Photo des pièces acceptée", "Accepter la photo d'un justificatif prise au téléphone au lieu d'un scan.",
     "dematerialisation, marges_de_manoeuvre", "lyceo", "S03", "Josiane Marcel", 4, 1, "juridique", "retenue", None),
    ("Permanence Lycéo dans les lycées à la rentrée", "Une demi-journée par lycée en septembre pour déposer le dossier sur place.",
     "orientation, accueil", "lyceo", "S03", "Ambassadeurs", 3, 3, "logistique, metiers", "a_approfondir", None),
    ("Courrier d'accord en langage clair", "Dix lignes : le montant, la date de versement, qui appeler.",
     "formulaires, confiance", "lyceo", "S03", "Résidents", 3, 1, None, "retenue", None),
    ("Îlot d'accueil sans vitre", "Remplacer le guichet vitré par un îlot où l'on s'assoit, à l'écart de la salle d'attente.",
     "accueil, confiance", "maison-solidarites", "S04", "Secrétaires d'accueil", 5, 2, "logistique", "retenue", None),
    ("Rendez-vous d'orientation de dix minutes", "Un premier échange court, le jour même, pour orienter sans attendre cinq semaines.",
     "orientation, delais", "maison-solidarites", "S04", "Atelier usagers et agents", 5, 2, "metiers", "retenue", None),
    ("Coin enfants dans la salle d'attente", "Tapis, jeux et table à langer, avec la PMI voisine.",
     "accueil", "maison-solidarites", "S04", "Sabrina Hoarau", 3, 1, "logistique", "retenue", None),
    ("Dossier social partagé", "Un dossier commun au RSA, à l'ASE et à la PMI, avec l'accord de la personne.",
     "cooperation_services, confiance", "maison-solidarites", "S04", "Assia Meziane", 5, 5,
     "juridique, numerique, metiers", "a_approfondir", None),
    ("Délégation des petites aides", "Les assistantes sociales accordent seules les aides d'urgence de moins de 150 euros.",
     "marges_de_manoeuvre, delais", "maison-solidarites", "S04", "Travailleurs sociaux", 4, 3,
     "juridique, gouvernance, financement", "a_approfondir", None),
    ("Ouverture tardive le jeudi", "Ouvrir jusqu'à 19 h le jeudi pour les personnes qui travaillent.",
     "accueil, pilotage", "maison-solidarites", "S04", "Ambassadeurs", 3, 4, "metiers, logistique", "ecartee", None),
    ("Médiateur numérique en salle d'attente", "Un médiateur aide les usagers à faire leurs démarches en ligne pendant l'attente.",
     "dematerialisation, autonomie_usagers", "maison-solidarites", "S04", "Ambassadeurs", 4, 3,
     "financement, partenariats", "a_approfondir", None),
    ("Droit à l'essai de trois mois", "Tout agent peut tester une idée trois mois, sans validation préalable, s'il la documente.",
     "experimentation, marges_de_manoeuvre", "departement", "S09", "Ambassadeurs", 5, 2,
     "gouvernance, juridique", "retenue", [SCENARIO_DG, SCENARIO_RESEAU]),
    ("Enveloppe d'expérimentation de 15 000 euros", "Un budget annuel pour les tests, dépensé sans bon de commande préalable.",
     "pilotage, experimentation", "departement", "S11", "Ambassadeurs", 4, 3, "financement, juridique", "retenue",
     [SCENARIO_DG]),
    ("Temps labo dans les fiches de poste", "Dix jours par an réservés au labo, inscrits dans la fiche de poste des ambassadeurs.",
     "sens_du_travail, pilotage", "departement", "S10", "Sophie Lambert", 4, 2, "metiers, gouvernance", "retenue",
     [SCENARIO_RESEAU]),
    ("Salle des usagers ouverte le jeudi", "Le lieu du labo accueille des usagers chaque jeudi pour tester les projets.",
     "accueil, autonomie_usagers", "departement", "S13", "Résidents", 3, 3, "logistique", "a_approfondir",
     [SCENARIO_DG, SCENARIO_RESEAU]),
    ("Labo rattaché à une direction opérationnelle", "Placer le labo au sein de la direction de l'action sociale.",
     "pilotage", "departement", "S09", "CODIR", 2, 2, "gouvernance", "ecartee", None),
    ("Élus invités aux tests", "Chaque élu référent assiste à au moins un test par an, pas seulement aux restitutions.",
     "pilotage, experimentation", "departement", "S12", "Ambassadeurs", 3, 1, "gouvernance", "a_approfondir",
     [SCENARIO_DG]),
    ("Café des ambassadeurs", "Un rendez-vous mensuel ouvert à tous les agents pour raconter les tests en cours.",
     "sens_du_travail, cooperation_services", "departement", "S08", "Lucie Hamon", 2, 1, None, "a_approfondir",
     [SCENARIO_RESEAU]),
]
#: Preference of the voters at the end of session S04 for the ideas of the two cas pratiques.
VOTE_WEIGHTS = {1: 8, 2: 3, 3: 2, 4: 7, 5: 1, 6: 3, 7: 1, 8: 2, 9: 8, 10: 6, 11: 3, 12: 3, 13: 2, 14: 1, 15: 2}
VOTE_SESSION = "S04"

PROTOTYPES = [
    ("Formulaire Lycéo en trois écrans", 1, "prototype",
     "Maquette cliquable du formulaire mobile, puis version en ligne provisoire pour la rentrée.",
     "Un lycéen remplit seul sa demande sur téléphone en moins de dix minutes.", "lyceo"),
    ("Suivi du dossier Lycéo par SMS", 4, "test_de_service",
     "Les agents envoient à la main un SMS à chaque étape du dossier, depuis un téléphone du service.",
     "Informer les familles à chaque étape divise par deux les appels de relance.", "lyceo"),
    ("Îlot d'accueil sans vitre", 9, "maquette",
     "Îlot monté avec les tables de la salle de réunion, une cloison mobile et un coin enfants.",
     "Un accueil assis et à l'écart permet aux usagers d'exposer leur situation sans gêne.", "maison-solidarites"),
    ("Rendez-vous d'orientation de dix minutes", 10, "test_de_service",
     "Les secrétaires reçoivent dix minutes, le jour même, avec un annuaire des partenaires mis à jour.",
     "Un échange court suffit pour orienter la majorité des personnes sans rendez-vous d'assistante sociale.",
     "maison-solidarites"),
]
# (prototype number, date, iteration, testers, result, learning)
TESTS = [
    (1, D(2017, 5, 31), 1, 12, "mitigee",
     "Dix élèves sur douze finissent seuls ; la notion de quotient familial bloque : remplacée par une question sur l'avis d'imposition."),
    (1, D(2017, 6, 13), 2, 18, "validee", "Dix-sept élèves sur dix-huit finissent en moins de dix minutes, photo des pièces comprise."),
    (1, D(2017, 9, 12), 3, 64, "validee",
     "À la rentrée, 64 demandes arrivent par le formulaire mobile en une semaine ; aucune pièce manquante sur 51 d'entre elles."),
    (2, D(2017, 6, 1), 1, 8, "mitigee", "Les familles apprécient les SMS mais l'envoi à la main prend trop de temps aux agents."),
    (2, D(2017, 9, 26), 2, 40, "validee",
     "Avec des messages types, les appels de relance des 40 familles testées baissent de moitié en trois semaines."),
    (3, D(2017, 7, 4), 1, 23, "mitigee",
     "La confidentialité est assurée, mais la secrétaire se sent isolée de la salle d'attente : l'îlot est tourné vers l'entrée."),
    (3, D(2017, 7, 18), 2, 31, "validee", "Îlot réorienté et coin enfants ajouté : les usagers restent assis, l'attente paraît plus courte."),
    (3, D(2017, 9, 19), 3, 27, "validee", "La direction des bâtiments chiffre l'aménagement définitif ; l'équipe demande à le garder."),
    (4, D(2017, 7, 5), 1, 15, "mitigee",
     "Les secrétaires manquent d'informations sur les partenaires : l'annuaire photocopié date de 2014."),
    (4, D(2017, 7, 11), 2, 19, "validee",
     "Avec l'annuaire mis à jour, 14 personnes sur 19 sont orientées sans rendez-vous d'assistante sociale."),
]

# --- evaluation ---------------------------------------------------------------------------------------

CRITERIA = [
    ("C1", "Qualité de l'accueil perçue par les usagers", "usage", "0,25", True,
     "Questionnaire de sortie auprès d'au moins 30 usagers ; verbatims"),
    ("C2", "Délai de réponse à l'usager", "usage", "0,20", False,
     "Délai moyen d'instruction ou d'attente relevé par le service"),
    ("C3", "Appropriation par les agents du service", "organisation", "0,20", True,
     "Entretiens avec les agents ; nombre d'agents qui utilisent le dispositif"),
    ("C4", "Coopération entre services", "organisation", "0,15", True,
     "Échanges, outils ou procédures partagés avec d'autres directions"),
    ("C5", "Coût de fonctionnement par usager", "coûts", "0,10", False,
     "Coût annuel du dispositif rapporté au nombre d'usagers"),
    ("C6", "Implication des partenaires", "partenariats", "0,10", True,
     "Conventions, participation des lycées, de la CAF ou des associations"),
]
# criterion -> site -> ((score, evidence) round 1, (score, evidence) round 2)
SCORES = {
    "C1": {"lyceo": ((2, "Entretiens avec 14 familles : attente debout, dossier jugé long et répétitif"),
                     (4, "Questionnaire de sortie : 31 familles sur 38 satisfaites du formulaire en trois écrans")),
           "maison-solidarites": ((2, "Observation : aucune confidentialité au guichet ; 6 usagers sur 10 gênés"),
                                  (4, "Questionnaire après test de l'îlot : 27 usagers sur 31 se sont sentis écoutés"))},
    "C2": {"lyceo": ((2, "Instruction moyenne de neuf semaines sur 2 140 dossiers"),
                     (3, "Instruction moyenne de six semaines sur les dossiers de rentrée déposés en ligne")),
           "maison-solidarites": ((1, "Premier rendez-vous à cinq semaines ; 45 minutes d'attente le mardi"),
                                  (3, "Attente ramenée à 20 minutes ; orientation le jour même pour 14 personnes sur 19"))},
    "C3": {"lyceo": ((3, "Les deux agentes du guichet ont participé aux ateliers"),
                     (4, "Le guichet envoie les SMS avec des messages types sans aide des ambassadeurs")),
           "maison-solidarites": ((3, "Secrétaires et assistantes sociales volontaires pour tester l'îlot"),
                                  (5, "Toute l'équipe utilise l'îlot et le rendez-vous d'orientation depuis juillet"))},
    "C4": {"lyceo": ((2, "Aucun échange de données entre le service jeunesse et les lycées"),
                     (3, "Le lycée Jean-Zay relaie le formulaire ; la DSI accompagne la version en ligne")),
           "maison-solidarites": ((2, "Trois logiciels de suivi, aucun échange entre RSA, ASE et PMI"),
                                  (3, "Annuaire des partenaires partagé avec le CCAS ; dossier commun encore à l'étude"))},
    "C5": {"lyceo": ((3, "Coût du guichet estimé à 38 euros par dossier instruit"),
                     (4, "Moins de ressaisie : coût estimé à 29 euros par dossier")),
           "maison-solidarites": ((3, "Pas de coût supplémentaire : mobilier existant réutilisé"),
                                  (3, "Aménagement définitif chiffré à 6 800 euros par la direction des bâtiments"))},
    "C6": {"lyceo": ((2, "Le lycée Jean-Zay seul associé ; aucune convention"),
                     (3, "Trois lycées volontaires pour la rentrée suivante")),
           "maison-solidarites": ((2, "CAF et CCAS informés mais absents des ateliers"),
                                  (3, "Le CCAS participe au second test ; la CAF fournit un annuaire à jour"))},
}
ROUND_DATES = {"lyceo": (D(2017, 6, 29), D(2017, 10, 17)), "maison-solidarites": (D(2017, 7, 6), D(2017, 10, 18))}
ROUND_COMMENTS = {1: "Bilan à la fin du cas pratique", 2: "Bilan après les tests de la rentrée"}

# --- budget -------------------------------------------------------------------------------------------

DEPARTEMENT_FUNDER = "Département du Val-de-Loire"
PARTNERS_FUNDER = "Partenaires nationaux (Bloomberg Philanthropies, Caisse des Dépôts)"
BUDGET = [
    ("Résidents", "Rémunération des 3 résidents (sessions, préparation, documentation)", 114_000, DEPARTEMENT_FUNDER,
     "35 jours de session et le temps de préparation entre les sessions"),
    ("Résidents", "Déplacements et hébergement des résidents", 16_800, PARTNERS_FUNDER, None),
    ("Coordination La 27e Région", "Coordination du programme et suivi de la convention", 27_000, PARTNERS_FUNDER, None),
    ("Coordination La 27e Région", "Documentation, blog et capitalisation", 9_500, PARTNERS_FUNDER, None),
    ("Frais de sessions", "Location de salles et restauration", 11_200, DEPARTEMENT_FUNDER, None),
    ("Frais de sessions", "Fournitures, prototypage et impressions", 6_800, DEPARTEMENT_FUNDER, None),
    ("Inter-Transfo", "Déplacements des ambassadeurs aux 5 journées Inter-Transfo", 8_000, DEPARTEMENT_FUNDER, None),
    ("Inter-Transfo", "Organisation et animation des journées (quote-part)", 4_200, PARTNERS_FUNDER, None),
    ("Restitution", "Conception des livrables et journée de restitution", 12_500, PARTNERS_FUNDER, None),
]


def money(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


# --- writing ------------------------------------------------------------------------------------------

def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def write(folder: Path, table: str, rows: list[dict]) -> None:
    columns = [(key, header) for key, header in HEADERS[table]
               if key in REQUIRED[table] or any(cell(r.get(key)) for r in rows)]
    with open(folder / f"{table}.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\n")
        writer.writerow([header for _, header in columns])
        for row in rows:
            writer.writerow([cell(row.get(key)) for key, _ in columns])


def yaml_text() -> str:
    q = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731  (a JSON string is a YAML string)
    lines = ["# Exemple « La Transfo » : un département invente son propre labo d'innovation (2017-2018).",
             "# Personnes, lieux et chiffres sont fictifs. Généré par data/examples/build/make_transfo.py.",
             f"name: {q('La Transfo — Département du Val-de-Loire')}", "kind: transfo", "lang: fr",
             f"start: {START.isoformat()}", f"end: {END.isoformat()}", "sites:"]
    for site, name, description in SITES:
        lines += [f"  - id: {site}", f"    name: {q(name)}", f"    description: {q(description)}"]
    lines += ["team:", "  residents:"]
    lines += [f"    - {{name: {q(n)}, discipline: {q(d)}}}" for n, d in RESIDENTS]
    lines += ["  ambassadeurs:"]
    lines += [f"    - {{name: {q(n)}, service: {q(s)}}}" for n, s in AMBASSADEURS]
    lines += [f"  agent_referent: {q(AGENT_REFERENT)}", "partners:"]
    lines += [f"  - {q(p)}" for p in PARTNERS]
    lines += ["participants:"]
    lines += [f"  - {q(p)}" for p in PARTICIPANTS]
    lines += ["financing:", "  collectivites: 0.667", "  partenaires: 0.333", "voting:", "  dots_per_participant: 3"]
    return "\n".join(lines) + "\n"


def main(dest: Path) -> None:
    rng = random.Random(SEED)
    dest.mkdir(parents=True, exist_ok=True)
    for stem in [*HEADERS, "benchmark", "programme"]:  # no stale table left in another format
        for suffix in (".csv", ".xlsx", ".ods"):
            (dest / f"{stem}{suffix}").unlink(missing_ok=True)
    (dest / "programme.yaml").write_text(yaml_text(), encoding="utf-8")

    rows, days = calendar()
    write(dest, "calendrier", rows)

    total = sum(a for _, _, a, _, _ in BUDGET)
    departement = sum(a for _, _, a, f, _ in BUDGET if f == DEPARTEMENT_FUNDER)
    assert departement * 3 == total * 2, (departement, total)  # 2/3 collectivité, 1/3 partenaires
    write(dest, "budget", [{"section": s, "line": l, "amount": money(a), "funder": f, "note": n}
                           for s, l, a, f, n in BUDGET])

    write(dest, "grille_codage", [{"tag": t, "family": f, "definition": d, "example": e} for t, f, d, e in CODEBOOK])
    obs = observations(rng, days)
    used = {t.strip() for r in obs for t in r["tags"].split(",")}
    assert used == {t for t, *_ in CODEBOOK}, used ^ {t for t, *_ in CODEBOOK}
    assert {r["participant"] for r in obs if r["participant"]} <= set(PARTICIPANTS)
    write(dest, "observations", obs)

    write(dest, "questionnaire", survey(rng))
    write(dest, "parcours", [{"journey": journey, "site": site, "persona": persona, "step": n, "stage": stage,
                              "action": action, "emotion": emotion, "pain_point": pain, "opportunity": opportunity}
                             for site, journey, persona, steps in JOURNEYS
                             for n, (stage, action, emotion, pain, opportunity) in enumerate(steps, 1)])
    write(dest, "inspiration", [{"id": f"INS-{n:02d}", "title": t, "kind": k, "source": s, "place": p, "year": y,
                                 "description": d, "tags": g, "site": site}
                                for n, (t, k, s, p, y, d, g, site) in enumerate(INSPIRATION, 1)])

    ideas = [{"id": f"ID-{n:02d}", "title": t, "description": d, "tags": g, "site": s, "session": sess, "author": a,
              "impact": i, "effort": e, "tensions": ten, "status": st, "scenarios": sc}
             for n, (t, d, g, s, sess, a, i, e, ten, st, sc) in enumerate(IDEAS, 1)]
    codebook = {t for t, *_ in CODEBOOK}
    assert all({x.strip() for x in idea["tags"].split(",")} <= codebook for idea in ideas)
    write(dest, "idees", ideas)

    votes = []
    voters = [(a, "agents") for a, _ in AMBASSADEURS] + [(r, "residents") for r, _ in RESIDENTS]
    candidates, weights = list(VOTE_WEIGHTS), list(VOTE_WEIGHTS.values())
    for voter, group in voters:
        budget = 3 if rng.random() < 0.9 else 2  # a few voters keep a dot
        placed: dict[int, int] = {}
        while sum(placed.values()) < budget:
            idea = rng.choices(candidates, weights=weights)[0]
            placed[idea] = placed.get(idea, 0) + 1
        for idea, dots in sorted(placed.items()):
            votes.append({"voter": voter, "group": group, "idea": f"ID-{idea:02d}", "dots": dots, "session": VOTE_SESSION})
    write(dest, "votes", votes)

    write(dest, "prototypes", [{"id": f"PR-{n:02d}", "name": name, "idea": f"ID-{idea:02d}", "kind": kind,
                                "description": d, "hypothesis": h, "sites": site}
                               for n, (name, idea, kind, d, h, site) in enumerate(PROTOTYPES, 1)])
    tests = []
    for n, (proto, day, iteration, testers, result, learning) in enumerate(TESTS, 1):
        assert is_working_day(day), day
        _, _, _, _, hypothesis, site = PROTOTYPES[proto - 1]
        tests.append({"id": f"T-{n:02d}", "prototype": f"PR-{proto:02d}", "site": site, "date": day,
                      "iteration": iteration, "hypothesis": hypothesis, "testers": testers, "result": result,
                      "learning": learning})
    write(dest, "tests", tests)

    assert abs(sum(float(w.replace(",", ".")) for _, _, _, w, _, _ in CRITERIA) - 1) < 1e-9
    write(dest, "criteres", [{"id": c, "criterion": t, "dimension": d, "weight": w, "scale_min": 1, "scale_max": 5,
                              "evidence": e, "adaptable": a} for c, t, d, w, a, e in CRITERIA])
    write(dest, "notes", [{"criterion": c, "site": site, "round": r, "score": score, "evidence": evidence,
                           "comment": ROUND_COMMENTS[r], "date": ROUND_DATES[site][r - 1]}
                          for site in ("lyceo", "maison-solidarites") for r in (1, 2)
                          for c, *_ in CRITERIA for score, evidence in [SCORES[c][site][r - 1]]])


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEST)
