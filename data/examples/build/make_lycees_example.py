"""Generates data/examples/pret-a-deployer-lycees (deterministic): python make_lycees.py [DEST]."""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from common import calendar_rows, compose, working_days_between, write_table  # noqa: E402
from lycees_text import CODEBOOK, NOTES, PERSONAL, ROLES, SITE_WEIGHTS, VERBATIMS  # noqa: E402

from transfo_lab.planning import plan  # noqa: E402

SEED = 2016
SITES = [("lycee-technique", "Lycée professionnel Gustave-Eiffel (Tours)",
          "Lycée technique et professionnel de 650 élèves, camp de base de la résidence : ateliers de chaudronnerie, "
          "maintenance et électrotechnique."),
         ("lycee-rural", "Lycée des Monts-de-Blond (Bellac)",
          "Lycée rural de 380 élèves dont 140 internes, à 40 km de la première gare ; bassin de recrutement très étendu."),
         ("lycee-en-construction", "Futur lycée de Saint-Aubin-des-Vignes",
          "Lycée en construction ouvert en bâtiments modulaires, 300 élèves de seconde et première, livraison prévue en 2018.")]
SITE_IDS = [s[0] for s in SITES]
RESIDENTS = [("Claire Vasseur", "designer de services (senior)"), ("Hugo Mercier", "sociologue (senior)"),
             ("Léa Rousseau", "designer (junior)"), ("Yanis Chevalier", "urbaniste (junior)")]
METHOD_OF = {"note": ["observation", "observation", "parcours", "photo", "atelier"], "verbatim": ["entretien", "entretien", "enquete", "atelier", "micro_trottoir"]}

YAML = """\
# Exemple « Prêt à déployer » : la note de janvier 2016 appliquée à trois lycées pilotes d'une région.
name: Prêt à déployer — Le lycée, lieu de vie
kind: pret_a_deployer
lang: fr
start: 2016-09-05
end: 2018-02-28
description: >-
  Tester, sur trois lycées aux situations contrastées, des pistes pour faire du lycée un lieu de vie,
  puis concevoir leur déploiement dans tous les lycées de la région.
sites:
{sites}
team:
  residents:
{residents}
  agent_referent: Martine Delorme
  coordination:
    - {{name: Thomas Lenoir, detail: coordination La 27e Région}}
partners:
  - Région Centre-Loire (direction des lycées)
  - Rectorat de l'académie
  - Communauté de communes du Haut-Limousin
participants:
{participants}
voting:
  dots_per_participant: 5
evaluation:
  thresholds:
    deploy: 3.5
    adapt: 2.5
"""


def weighted_tags(rng, site):
    weights = SITE_WEIGHTS[site]
    tags = list(weights)
    main = rng.choices(tags, weights=[weights[t] for t in tags])[0]
    chosen = [main]
    if rng.random() < 0.55:
        second = rng.choices(tags, weights=[weights[t] for t in tags])[0]
        if second != main:
            chosen.append(second)
    return chosen


def observations(rng, calendar):
    weeks = calendar[calendar["type"] == "immersion"].sort_values("week")
    rows, n = [], 0
    for site in SITE_IDS:
        for week in weeks.itertuples():
            days = working_days_between(week.start, week.end)
            if site != "lycee-technique":  # day-immersions in the other sites, the same weeks
                days = days[1:4]
            for _ in range(24):
                n += 1
                tags = weighted_tags(rng, site)
                kind = "verbatim" if rng.random() < 0.45 else "note"
                pool = VERBATIMS if kind == "verbatim" else NOTES
                text = compose(rng, pool[tags[0]], pool[tags[1]] if len(tags) > 1 else NOTES[tags[0]], 0.75)
                role = rng.choice(ROLES)
                rows.append({"id": f"OBS-{n:03d}", "site": site, "date": rng.choice(days), "week": int(week.week),
                             "author": rng.choice(RESIDENTS)[0], "method": rng.choice(METHOD_OF[kind]),
                             "participant": role if kind == "verbatim" else None, "role": role if kind == "verbatim" else None,
                             "kind": kind, "text": text, "tags": tags})
    for site, name, role, tags, text in PERSONAL:
        n += 1
        week = weeks.iloc[n % 3]
        rows.append({"id": f"OBS-{n:03d}", "site": site, "date": working_days_between(week.start, week.end)[2],
                     "week": int(week.week), "author": RESIDENTS[n % 4][0], "method": "entretien",
                     "participant": name, "role": role, "kind": "verbatim", "text": text, "tags": tags})
    return rows


QUESTIONS = [
    ("Je me sens bien accueilli·e quand j'arrive au lycée.", {"lycee-technique": 3.4, "lycee-rural": 3.6, "lycee-en-construction": 2.9}),
    ("La cantine est un lieu agréable pour déjeuner.", {"lycee-technique": 2.6, "lycee-rural": 3.1, "lycee-en-construction": 2.5}),
    ("Il existe au lycée des lieux où l'on peut se poser hors des cours.", {"lycee-technique": 2.5, "lycee-rural": 2.9, "lycee-en-construction": 1.9}),
    ("Je trouve facilement mon chemin dans les bâtiments.", {"lycee-technique": 3.5, "lycee-rural": 4.0, "lycee-en-construction": 2.2}),
    ("Les horaires des transports sont compatibles avec ceux des cours.", {"lycee-technique": 3.4, "lycee-rural": 1.9, "lycee-en-construction": 3.0}),
    ("Les élèves sont écoutés quand ils proposent quelque chose.", {"lycee-technique": 2.8, "lycee-rural": 3.0, "lycee-en-construction": 3.2}),
    ("Je peux parler facilement à un adulte du lycée en cas de difficulté.", {"lycee-technique": 3.7, "lycee-rural": 3.9, "lycee-en-construction": 3.3}),
    ("Le lycée est ouvert sur la vie de la commune.", {"lycee-technique": 3.1, "lycee-rural": 2.6, "lycee-en-construction": 2.1}),
]
LABELS = {1: "Pas du tout d'accord", 2: "Plutôt pas d'accord", 3: "Ni d'accord ni pas d'accord", 4: "Plutôt d'accord",
          5: "Tout à fait d'accord"}


def survey(rng, calendar):
    week1 = calendar[(calendar["type"] == "immersion") & (calendar["week"] == 1)].iloc[0]
    days = working_days_between(week1.start, week1.end)
    rows, number = [], 0
    profiles = ["élève"] * 6 + ["enseignant", "personnel", "parent"]
    for site in SITE_IDS:
        for _ in range(44):
            number += 1
            profile = rng.choice(profiles)
            day = rng.choice(days)
            for question, means in QUESTIONS:
                score = min(5, max(1, round(rng.gauss(means[site] + (0.3 if profile != "élève" else 0), 1.0))))
                draw = rng.random()
                answer = "" if draw < 0.03 else (str(score) if draw < 0.15 else LABELS[score])
                rows.append({"respondent": f"R{number:03d}", "site": site, "date": day, "role": profile,
                             "question": question, "answer": answer or None})
    return rows


JOURNEYS = {
    "Arrivée d'un·e interne le dimanche soir": ("Inès, 15 ans, interne en seconde", [
        ("Départ de la maison", "Ses parents la déposent à l'arrêt de car du bourg.", 0, None, None),
        ("Trajet en car", "Une heure de car avec d'autres internes.", -1, "Trajet long, pas de car le dimanche dans certaines communes", "Navette du dimanche soir mutualisée"),
        ("Arrivée au portail", "Le portail est fermé ; il faut sonner à l'interphone.", -2, "Personne pour accueillir, attente dans le noir", "Accueil du dimanche par les surveillants"),
        ("Installation en chambre", "Chambre de quatre, un seul bureau.", -1, "Pas d'espace pour ranger ni travailler", "Mobilier modulable choisi avec les internes"),
        ("Dîner", "Repas servi à 19 h 30 au self.", 1, None, "Dîner convivial du dimanche"),
        ("Soirée au foyer", "Télévision et baby-foot, beaucoup de monde.", 1, None, "Programme d'activités choisi par les internes"),
        ("Appel et coucher", "Les téléphones sont relevés à 22 h.", -2, "Coupure brutale avec la famille", "Créneau d'appel encadré plutôt que relève"),
        ("Lundi matin", "Réveil à 6 h 45, petit-déjeuner, premier cours.", 0, None, None),
    ]),
    "Une journée de demi-pension": ("Karim, 17 ans, demi-pensionnaire en terminale", [
        ("Arrivée en car", "Le car arrive à 7 h 40 devant le lycée.", 0, None, None),
        ("Passage à la loge", "Contrôle du carnet, file d'attente.", -1, "File d'attente et contrôle impersonnel", "Accueil souriant et badge sans contact"),
        ("Cours du matin", "Quatre heures de cours dont deux en atelier.", 1, None, None),
        ("File du self", "Vingt minutes d'attente dans la cour.", -2, "Attente au froid, temps de repas réduit", "Service en deux flux et horaires décalés"),
        ("Déjeuner", "Repas pris en dix minutes dans le bruit.", -1, "Bruit, précipitation", "Traitement acoustique et petites tables"),
        ("Pause de midi", "Rien à faire, on reste dans la cour.", -1, "Aucun lieu pour se poser", "Foyer ouvert et animé par les élèves"),
        ("Heure de permanence", "Salle de permanence sans activité.", -1, "Temps perdu", "Permanence transformée en tiers-lieu"),
        ("Cours de l'après-midi", "Deux heures de cours général.", 0, None, None),
        ("Départ du car", "Le car part à 17 h 10, dès la sonnerie.", -2, "Course pour ne pas rater le car", "Décaler le car de dix minutes"),
    ]),
}
SITE_EMOTION = {"lycee-technique": 0, "lycee-rural": -1, "lycee-en-construction": 0}


def journeys(rng):
    rows = []
    for site in SITE_IDS:
        for name, (persona, steps) in JOURNEYS.items():
            for number, (stage, action, emotion, pain, opportunity) in enumerate(steps, start=1):
                shift = SITE_EMOTION[site] if "car" in stage.lower() or "trajet" in stage.lower() else 0
                if site == "lycee-en-construction" and stage in ("Arrivée au portail", "Passage à la loge"):
                    shift = -1
                rows.append({"journey": name, "site": site, "persona": persona, "step": number, "stage": stage,
                             "action": action, "emotion": max(-2, min(2, emotion + shift)), "pain_point": pain,
                             "opportunity": opportunity})
    return rows


INSPIRATION = [
    ("Lycée ouvert le soir aux habitants", "initiative", "Nantes", 2014, "tiers-lieu, ouverture, territoire", "Le CDI et le gymnase ouvrent aux associations du quartier deux soirs par semaine.", None),
    ("Cantine participative d'un lycée agricole", "initiative", "Rennes", 2013, "restauration, participation", "Les élèves composent un menu par semaine avec l'équipe de cuisine.", "lycee-technique"),
    ("Internat d'excellence à activités choisies", "initiative", "Sourdun", 2012, "internat, temps libre", "Un programme d'activités du soir construit avec les internes.", "lycee-rural"),
    ("Foyer autogéré par les élèves", "initiative", "Grenoble", 2015, "espaces communs, participation", "Le foyer est géré par une association d'élèves, ouverture assurée par des volontaires.", None),
    ("Signalétique co-conçue avec les usagers", "methode", "Lille", 2015, "signalétique, co-conception", "Atelier de conception de la signalétique d'un bâtiment public avec ses usagers.", "lycee-en-construction"),
    ("Transport à la demande pour lycéens ruraux", "initiative", "Creuse", 2014, "transport, ruralité", "Un service de navette réservable la veille pour les élèves hors des lignes régulières.", "lycee-rural"),
    ("Permanence architecturale sur un chantier", "methode", "Boulogne-sur-Mer", 2013, "chantier, participation", "Des architectes s'installent sur le chantier pour associer habitants et usagers.", "lycee-en-construction"),
    ("Les cours d'école oasis", "projet", "Paris", 2018, "espaces communs, climat", "Des cours végétalisées, conçues avec les élèves, ouvertes au quartier.", None),
    ("Guide « Le lycée de demain »", "publication", "France", 2015, "bâti, pédagogie", "Recommandations pour concevoir des lycées adaptés aux usages.", "lycee-en-construction"),
    ("Design de services dans l'éducation", "publication", "Londres", 2014, "design, services", "Retours d'expériences de design de services dans les établissements scolaires.", None),
    ("Immersion « Territoires en résidences »", "methode", "France", 2009, "résidence, immersion", "La méthode de résidence de La 27e Région : trois semaines d'immersion.", None),
    ("Tiers-lieu éducatif en milieu rural", "lieu", "Ardèche", 2016, "tiers-lieu, ruralité", "Un lieu partagé entre lycée, médiathèque et associations.", "lycee-rural"),
    ("Salle des pas perdus réinventée", "projet", "Marseille", 2016, "accueil, espaces communs", "Un hall de lycée transformé en espace d'accueil et d'exposition.", None),
    ("Atelier ouvert aux entreprises", "initiative", "Saint-Étienne", 2015, "ateliers, entreprises", "Les entreprises du bassin viennent présenter leurs métiers dans les ateliers.", "lycee-technique"),
    ("Conseil de la vie lycéenne à budget propre", "initiative", "Bordeaux", 2016, "participation, budget", "Le CVL dispose d'un budget participatif annuel.", None),
    ("Acoustique des restaurants scolaires", "source", "ADEME", 2014, "restauration, bruit", "Fiche pratique sur le traitement acoustique des salles de restauration.", None),
    ("Le wifi à l'internat", "source", "Académie de Lyon", 2016, "numérique, internat", "Retour d'expérience sur l'équipement numérique des internats.", "lycee-rural"),
    ("Budget participatif des lycées", "initiative", "Poitou-Charentes", 2011, "participation, budget", "Les lycéens votent des projets financés par la Région.", None),
    ("Accueil des nouveaux arrivants par les pairs", "methode", "Montréal", 2012, "accueil, pairs", "Des élèves parrains accueillent les nouveaux pendant le premier mois.", None),
    ("Le lycée comme équipement de quartier", "publication", "Paris", 2017, "territoire, ouverture", "Étude sur l'ouverture des équipements scolaires hors temps scolaire.", None),
    ("Maison des lycéens rénovée", "lieu", "Angers", 2014, "espaces communs, vie lycéenne", "Une maison des lycéens réaménagée avec du mobilier fabriqué par les élèves.", "lycee-technique"),
    ("Navette du dimanche pour internes", "initiative", "Cantal", 2015, "transport, internat", "Un car dédié ramène les internes le dimanche soir.", "lycee-rural"),
    ("Chantier ouvert au public", "initiative", "Bordeaux", 2016, "chantier, communication", "Visites mensuelles du chantier pour les futurs usagers et les riverains.", "lycee-en-construction"),
    ("Menus affichés et expliqués", "projet", "Strasbourg", 2017, "restauration, information", "Les cuisiniers présentent les plats à l'entrée du self.", None),
    ("Le lycée-laboratoire de Saint-Nazaire", "lieu", "Saint-Nazaire", 2012, "pédagogie, expérimentation", "Un lycée expérimental organisé autour de projets d'élèves.", None),
    ("Parcours usagers dans les services publics", "methode", "Paris", 2015, "parcours, usagers", "Cartographier le parcours d'un usager et ses émotions étape par étape.", None),
    ("Espaces modulaires pour bâtiments provisoires", "source", "CAUE", 2015, "chantier, bâti", "Recommandations de confort pour les bâtiments modulaires scolaires.", "lycee-en-construction"),
    ("Les agents au cœur du projet d'établissement", "publication", "Région Occitanie", 2016, "agents, gouvernance", "Associer les agents techniques aux décisions qui concernent les bâtiments.", None),
]
CRITERIA_BENCH = ["Coût", "Transférabilité", "Participation des usagers", "Impact sur le bien-être", "Facilité de mise en œuvre"]

IDEAS = [
    ("Foyer ouvert et animé par les élèves", "espaces_communs,participation"), ("Self en deux services décalés", "restauration"),
    ("Navette du dimanche soir pour les internes", "transport,internat"), ("Signalétique par couleurs de bâtiments", "signaletique"),
    ("Parrainage des secondes par des terminales", "accueil,relations_adultes_eleves"), ("Cars décalés de dix minutes", "transport"),
    ("Wifi dans l'internat", "numerique,internat"), ("Visites de chantier mensuelles", "chantier,ouverture_territoire"),
    ("Permanence transformée en tiers-lieu", "temps_libre,espaces_communs"), ("Menu composé avec les élèves", "restauration,participation"),
    ("Accueil du dimanche par les surveillants", "internat,accueil"), ("Atelier ouvert aux entreprises le jeudi", "ateliers_pro,ouverture_territoire"),
    ("Budget du CVL voté par les élèves", "participation"), ("Traitement acoustique du self", "restauration"),
    ("Plan interactif à l'entrée", "signaletique,numerique"), ("Bancs et abris dans la cour", "espaces_communs"),
    ("Créneau d'appel encadré à l'internat", "internat,isolement"), ("Agents associés aux réunions de chantier", "chantier,entretien_locaux"),
    ("Salle de musique en libre accès", "temps_libre"), ("Covoiturage des familles organisé par le lycée", "transport"),
    ("Journée portes ouvertes avec les élèves guides", "orientation,accueil"), ("Forum des stages avec les entreprises", "ateliers_pro,orientation"),
    ("Éclairage de la cour de l'internat", "securite,internat"), ("Boîte à idées numérique suivie au CVL", "participation,numerique"),
    ("Cheminement provisoire stabilisé", "chantier,circulation"), ("Escalier à sens unique aux intercours", "circulation"),
    ("Médiathèque partenaire du CDI", "ouverture_territoire"), ("Activités du mercredi pour les internes", "internat,temps_libre"),
    ("Badge sans contact au portail", "securite,accueil"), ("Présentation des agents aux élèves", "entretien_locaux,relations_adultes_eleves"),
    ("Mobilier de chambre modulable", "internat"), ("Prises de recharge au CDI", "numerique"),
    ("Référent orientation par classe", "orientation"), ("Gymnase partagé avec le club local", "ouverture_territoire,temps_libre"),
    ("Affichage des menus expliqués", "restauration"), ("Cour végétalisée conçue avec les élèves", "espaces_communs,participation"),
    ("Modulaires ombragés et ventilés", "chantier"), ("Accueil des parents à la loge", "accueil"),
    ("Carte des trajets domicile-lycée", "transport,isolement"), ("Fête de rentrée ouverte au bourg", "ouverture_territoire,accueil"),
    ("Pièces des ateliers vendues au marché local", "ateliers_pro,ouverture_territoire"), ("Tutorat entre internes", "internat,isolement"),
    ("Tableau de bord des demandes des délégués", "participation"), ("Balisage au sol vers les ateliers", "signaletique,circulation"),
    ("Petit-déjeuner partagé du lundi", "restauration,internat"), ("Plans du futur lycée exposés dans le hall", "chantier,participation"),
]
TENSIONS = ["logistique", "financement", "metiers", "juridique", "gouvernance", "numerique", "partenariats"]
SCENARIOS = {"Lycée ouvert": {1, 8, 12, 27, 34, 40, 41}, "Lycée-maison": {3, 9, 11, 17, 28, 31, 42, 45},
             "Lycée participatif": {1, 10, 13, 24, 36, 43, 46}}


def main(dest: Path) -> None:
    rng = random.Random(SEED)
    dest.mkdir(parents=True, exist_ok=True)
    calendar = plan("pret_a_deployer", "2016-09-05", sites=SITE_IDS, base_site="lycee-technique")
    obs = observations(rng, calendar)
    people = list(dict.fromkeys(p[1] for p in PERSONAL))
    sites_yaml = "\n".join(f"  - id: {i}\n    name: {json.dumps(n, ensure_ascii=False)}\n"
                           f"    description: {json.dumps(d, ensure_ascii=False)}" for i, n, d in SITES)
    residents_yaml = "\n".join(f"    - {{name: {n}, discipline: {d}}}" for n, d in RESIDENTS)
    participants_yaml = "\n".join(f"  - {p}" for p in people)
    (dest / "programme.yaml").write_text(YAML.format(sites=sites_yaml, residents=residents_yaml,
                                                      participants=participants_yaml), encoding="utf-8")
    write_table(dest, "calendar", calendar_rows(calendar))
    write_table(dest, "codebook", [{"tag": t, "family": f, "definition": d, "example": e} for t, f, d, e in CODEBOOK])
    write_table(dest, "observations", obs)
    write_table(dest, "survey", survey(rng, calendar), fmt="xlsx")
    write_table(dest, "journeys", journeys(rng))
    write_table(dest, "inspiration", [
        {"id": f"INS-{i:02d}", "title": t, "kind": k, "place": p, "year": y, "tags": g.split(", "), "description": d,
         "site": s, "source": f"Veille de l'équipe, fiche n° {i}"} for i, (t, k, p, y, g, d, s) in enumerate(INSPIRATION, 1)])
    write_table(dest, "benchmark", [
        {"case": f"INS-{i:02d}", "criterion": c, "score": rng.choice([0, 1, 1, 2, 2, 2, 3, 3])}
        for i in (1, 2, 3, 4, 6, 12, 22) for c in CRITERIA_BENCH])
    labos = calendar[calendar["type"] == "journee_labo"]["id"].tolist()
    week2 = calendar[(calendar["type"] == "immersion") & (calendar["week"] == 2)]["id"].iloc[0]
    ideas = []
    for i, (title, tags) in enumerate(IDEAS, 1):
        tags = tags.split(",")
        site = next((s for s in SITE_IDS if any(SITE_WEIGHTS[s][t] >= 5 for t in tags)), None)
        ideas.append({"id": f"ID-{i:02d}", "title": title, "tags": tags, "site": site,
                      "session": week2 if i % 3 else labos[(i // 3) % 2],
                      "author": rng.choice(["élèves", "agents", "enseignants", "résidents", "parents"]),
                      "impact": rng.randint(1, 5), "effort": rng.randint(1, 5),
                      "tensions": rng.sample(TENSIONS, rng.choice([0, 1, 1, 2, 2, 3])),
                      "status": "retenue" if i <= 12 else rng.choice(["a_approfondir", "a_approfondir", "ecartee"]),
                      "scenarios": [s for s, members in SCENARIOS.items() if i in members],
                      "description": f"{title} : proposition issue des ateliers d'idéation, à tester sur les sites pilotes."})
    write_table(dest, "ideas", ideas)
    votes = []
    groups = ["agents"] * 14 + ["usagers"] * 16 + ["elus"] * 4 + ["partenaires"] * 6
    favourites = [f"ID-{i:02d}" for i in range(1, 13)]
    for v, group in enumerate(groups, 1):
        dots = 5
        while dots > 0:
            idea = rng.choice(favourites) if rng.random() < 0.7 else f"ID-{rng.randint(13, len(IDEAS)):02d}"
            n = min(dots, rng.choice([1, 1, 2]))
            votes.append({"voter": f"Votant {v:02d}", "group": group, "idea": idea, "dots": n, "session": labos[1]})
            dots -= n
    merged = pd.DataFrame(votes).groupby(["voter", "group", "idea", "session"], as_index=False, sort=False)["dots"].sum()
    write_table(dest, "votes", merged.to_dict("records"))
    write_prototypes(rng, dest, calendar)
    write_evaluation(rng, dest)
    write_table(dest, "budget", [
        {"section": s, "line": l, "amount": a} for s, l, a in [
            ("Résidence élargie", "Rémunération équipe résidents (2 seniors, 2 juniors)", 76900),
            ("Résidence élargie", "Coordination générale, administration et frais de structure", 15200),
            ("Résidence élargie", "Déplacements, hébergements, fournitures et frais de réception", 13300),
            ("Cycle d'ateliers prospectifs (3 ateliers)", "Préparation, animation et post-production des ateliers", 25600),
            ("Cycle d'ateliers prospectifs (3 ateliers)", "Coordination générale, administration et frais de structure", 6700),
            ("Cycle d'ateliers prospectifs (3 ateliers)", "Déplacements, hébergements, fournitures et frais de réception, location d'espaces", 5000),
            ("Clôture et restitution", "Conception des livrables, préparation et animation du séminaire de clôture", 15200),
            ("Clôture et restitution", "Coordination générale, administration et frais de structure", 4300),
            ("Clôture et restitution", "Fournitures et frais de réception, documentation et production des livrables", 4000)]])


PROTOTYPES = [
    ("Foyer à l'essai", 1, "maquette", "Un foyer réaménagé pendant deux semaines avec du mobilier prêté.", "Un foyer ouvert et animé par les élèves est fréquenté à chaque pause."),
    ("Self en deux flux", 2, "test_de_service", "Deux files et des horaires décalés par niveau.", "Décaler les horaires réduit l'attente sous dix minutes."),
    ("Navette du dimanche", 3, "simulation", "Simulation des trajets et réservation la veille.", "Une navette réservable suffit à ramener tous les internes."),
    ("Couleurs de bâtiments", 4, "prototype", "Bandes de couleur et pictogrammes provisoires.", "Les nouveaux arrivants trouvent leur salle sans aide."),
    ("Parrains de rentrée", 5, "test_de_service", "Binômes terminale-seconde le premier mois.", "Les secondes se sentent attendus dès le premier jour."),
    ("Car décalé", 6, "simulation", "Horaires de car décalés de dix minutes sur une ligne.", "Plus aucun élève ne rate le car du soir."),
    ("Chantier ouvert", 8, "scenario", "Visite guidée mensuelle du chantier pour élèves et riverains.", "Les usagers comprennent et suivent le projet de construction."),
    ("Permanence tiers-lieu", 9, "maquette", "Une salle de permanence avec coins de travail et de détente.", "Les heures de permanence deviennent utiles."),
    ("Menu des élèves", 10, "test_de_service", "Un menu par mois composé avec les élèves.", "Le gaspillage baisse les jours du menu des élèves."),
]
RESULT_PATH = {0: ["mitigee", "validee", "validee"], 1: ["invalidee", "mitigee", "validee"], 2: ["mitigee", "mitigee", "validee"],
               3: ["validee", "validee", "validee"], 4: ["invalidee", "invalidee", "mitigee"]}
LEARNINGS = {"validee": "L'hypothèse tient : à consolider avant déploiement.", "mitigee": "Effet réel mais conditions à ajuster (horaires, animation, moyens).",
             "invalidee": "L'hypothèse ne tient pas sous cette forme : à repenser avec les usagers."}


def write_prototypes(rng, dest, calendar):
    week3 = calendar[(calendar["type"] == "immersion") & (calendar["week"] == 3)].iloc[0]
    seminar = calendar[calendar["type"] == "seminaire_cloture"]["start"].iloc[0]
    protos, tests, n = [], [], 0
    for p, (name, idea, kind, description, hypothesis) in enumerate(PROTOTYPES, 1):
        sites = rng.sample(SITE_IDS, 3 if p % 3 == 0 else 2)
        if p == 3:
            sites = ["lycee-rural", "lycee-technique"]
        protos.append({"id": f"PR-{p:02d}", "name": name, "idea": f"ID-{idea:02d}", "kind": kind,
                       "description": description, "hypothesis": hypothesis, "sites": sites})
        iterations = 1 if p == 9 else 3
        for site in sites:
            path = RESULT_PATH[(p + SITE_IDS.index(site)) % 5]
            for it in range(1, iterations + 1):
                n += 1
                base = week3.start if it == 1 else (seminar - pd.Timedelta(days=20) if it == 2 else seminar + pd.Timedelta(days=40))
                day = working_days_between(base, base + pd.Timedelta(days=10))[rng.randint(0, 4)]
                result = path[it - 1]
                tests.append({"id": f"T-{n:03d}", "prototype": f"PR-{p:02d}", "site": site, "date": day, "iteration": it,
                              "hypothesis": hypothesis, "testers": rng.randint(6, 40), "result": result,
                              "learning": f"{name} ({site.replace('-', ' ')}) : {LEARNINGS[result]}"})
    write_table(dest, "prototypes", protos)
    write_table(dest, "tests", tests)


CRITERIA = [
    ("C01", "Fréquentation des espaces rénovés par les élèves", "usage", 0.15, 1, 5, "Comptages sur deux semaines", False),
    ("C02", "Satisfaction des élèves", "usage", 0.15, 1, 5, "Questionnaire court, au moins 50 réponses", False),
    ("C03", "Temps d'attente au self", "usage", 0.10, 1, 5, "Relevés chronométrés aux heures de pointe", True),
    ("C04", "Appropriation par les équipes du lycée", "organisation", 0.12, 1, 5, "Entretiens avec la direction, les CPE et les agents", True),
    ("C05", "Charge de travail des agents", "organisation", 0.08, 1, 5, "Fiches de poste et entretiens avec les agents", True),
    ("C06", "Coût de fonctionnement par élève", "coûts", 0.12, 1, 5, "Budget de fonctionnement comparé à l'année précédente", False),
    ("C07", "Investissement nécessaire", "coûts", 0.08, 0, 3, "Devis et estimation des services de la Région", True),
    ("C08", "Implication des partenaires locaux", "partenariats", 0.10, 1, 5, "Conventions signées, participation aux comités", True),
    ("C09", "Gouvernance partagée avec les élèves", "gouvernance", 0.10, 1, 5, "Comptes rendus du CVL et des comités d'usagers", False),
]
LEVEL = {"lycee-technique": 4.1, "lycee-rural": 3.1, "lycee-en-construction": 2.2}
EVIDENCE = {"usage": "Comptages et questionnaires de la période", "organisation": "Entretiens avec l'équipe de direction et les agents",
            "coûts": "Tableau budgétaire transmis par l'intendance", "partenariats": "Comptes rendus des comités de pilotage",
            "gouvernance": "Comptes rendus du CVL"}


def write_evaluation(rng, dest):
    write_table(dest, "criteria", [{"id": i, "criterion": c, "dimension": d, "weight": w, "scale_min": lo, "scale_max": hi,
                                    "evidence": e, "adaptable": a} for i, c, d, w, lo, hi, e, a in CRITERIA])
    rows = []
    for site in SITE_IDS:
        for rnd in (1, 2, 3):
            for i, c, d, w, lo, hi, e, a in CRITERIA:
                if (site, rnd, i) in {("lycee-rural", 3, "C07"), ("lycee-en-construction", 2, "C03")}:
                    rows.append({"criterion": i, "site": site, "round": rnd, "score": None, "comment": "non évalué"})
                    continue
                level = LEVEL[site] + 0.25 * (rnd - 2) + rng.uniform(-0.6, 0.6)
                score = lo + (hi - lo) * (level - 1) / 4
                score = int(min(hi, max(lo, round(score))))
                rows.append({"criterion": i, "site": site, "round": rnd, "score": score,
                             "evidence": f"{EVIDENCE[d]} (tour {rnd})",
                             "comment": "progrès net depuis le tour précédent" if rnd > 1 and rng.random() < 0.2 else None})
    write_table(dest, "scores", rows)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "pret-a-deployer-lycees")
