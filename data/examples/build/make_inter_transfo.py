"""Generates the example portfolio data/examples/inter-transfo (deterministic).

Four invented collectivités run La Transfo at the same time and meet at the same Inter-Transfo
days. On the portfolio's date (1 February 2018, ``portfolio.yaml``) they are in different states:

- the **Département des Hautes-Combes** started first (October 2016), switched to the
  prefiguration of its lab after six months and has held all its 35 days: finished, with the
  three rounds of the ambassadeurs' self-assessment;
- the **Région Loire-Armor** is late: sessions postponed after the spring of 2017, 13 days held in
  twelve months and still on its cas pratiques;
- the **Métropole de Loire-Océane** switched to the prefiguration in September 2017; its « borne
  d'accueil numérique en libre-service » failed (invalidée);
- the **Ville de Saint-Aubin-sur-Mer** started in September 2017 and took the métropole's failed
  borne up again, with an agent beside it (*Repris de*): validated.

Codebooks share most tags; the ville says « premier contact » for « accueil » and the métropole
« démarches en ligne » for « numérique »: ``correspondances.csv`` maps them. Every person, place and
figure is invented. Run from the repository root:

    .venv/bin/python data/examples/build/make_inter_transfo.py [DEST] [--programmes N] [--seed S]

``--programmes N`` (benchmarks) writes N programmes built the same way, cycling the four profiles.
Only the standard library, pandas and holidays are used. The same seed always gives the same files.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from pathlib import Path

import holidays
import pandas as pd

SEED = 2018
ROOT = Path(__file__).resolve().parents[1]
DEST = ROOT / "inter-transfo"
AS_OF = dt.date(2018, 2, 1)
D = dt.date
FR_HOLIDAYS = holidays.France(years=range(2016, 2021))

HEADERS = {
    "calendrier": [("id", "Identifiant"), ("phase", "Phase"), ("type", "Type"), ("event", "Événement"),
                   ("start", "Début"), ("end", "Fin"), ("site", "Site"), ("description", "Description")],
    "budget": [("section", "Section"), ("line", "Poste"), ("amount", "Montant (€)"), ("funder", "Financeur")],
    "grille_codage": [("tag", "Étiquette"), ("family", "Famille"), ("definition", "Définition")],
    "observations": [("id", "Identifiant"), ("site", "Site"), ("date", "Date"), ("author", "Auteur"),
                     ("method", "Méthode"), ("participant", "Participant"), ("kind", "Nature"), ("text", "Texte"),
                     ("tags", "Étiquettes")],
    "prototypes": [("id", "Identifiant"), ("name", "Nom"), ("kind", "Nature"), ("description", "Description"),
                   ("hypothesis", "Hypothèse"), ("sites", "Sites"), ("origin", "Repris de")],
    "tests": [("id", "Identifiant"), ("prototype", "Prototype"), ("site", "Site"), ("date", "Date"),
              ("iteration", "Itération"), ("testers", "Testeurs"), ("result", "Résultat"), ("learning", "Enseignement")],
    "criteres": [("id", "Identifiant"), ("criterion", "Critère"), ("dimension", "Dimension"), ("weight", "Poids"),
                 ("scale_min", "Échelle min"), ("scale_max", "Échelle max"), ("evidence", "Preuves attendues"),
                 ("adaptable", "Adaptable localement")],
    "notes": [("criterion", "Critère"), ("site", "Site"), ("round", "Tour"), ("score", "Note"), ("evidence", "Preuve"),
              ("date", "Date")],
    "presences": [("ambassadeur", "Ambassadeur"), ("session", "Session"), ("days", "Jours présents"),
                  ("preparation_days", "Jours de préparation")],
    "auto_evaluation": [("ambassadeur", "Ambassadeur"), ("round", "Tour"), ("date", "Date"), ("family", "Famille"),
                        ("item", "Item"), ("answer", "Réponse")],
}

#: The Inter-Transfo days, common to every collectivité (every 3 to 5 months).
INTER_TRANSFO = [D(2016, 12, 8), D(2017, 3, 9), D(2017, 6, 15), D(2017, 10, 19), D(2018, 2, 15), D(2018, 6, 7),
                 D(2018, 10, 11), D(2019, 2, 14)]
#: Session lengths: 7 × 3 days + 7 × 2 days = the protocol's 35 days.
LENGTHS = [3, 2] * 7
BRICKS = ["Inspiration", "Méthodes centrées-usagers", "Idéation", "Co-création", "Visualisation", "Narration",
          "Prototypage / test", "Documentation", "Mise en œuvre"]
VALUES = ["Empathie", "Expérimentation", "Essai-erreur", "Esprit positif", "Piratage bienveillant",
          "Mise en capacité", "Autonomie", "Collectif", "Exploration", "Immersion"]
FIRST = ["Nadia", "Philippe", "Sophie", "Jean-Marc", "Élodie", "Karim", "Anne", "Grégoire", "Martine", "Cédric",
         "Lucie", "Bernard", "Hélène", "Thierry", "Camille", "Mathieu", "Fanny", "Yannick", "Aurore", "Rachid",
         "Julien", "Claire", "Samir", "Agnès", "Pascal", "Maëlle", "Olivier", "Laure", "Hugo", "Nathalie",
         "Damien", "Farida", "Vincent", "Gaëlle", "Loïc", "Sandrine", "Benoît", "Amandine", "Youssef", "Brigitte"]
LAST = ["Cherif", "Marchal", "Lambert", "Besson", "Perret", "Haddad", "Vidal", "Masson", "Royer", "Fabre", "Hamon",
        "Gillet", "Dubois", "Carré", "Roussel", "Perrot", "Guérin", "Le Gall", "Lemoine", "Amrani", "Tanguy",
        "Bouvier", "Kerbrat", "Morvan", "Nicolas", "Jaouen", "Picard", "Barbier", "Colin", "Renaud", "Leroux",
        "Benali", "Fleury", "Garnier", "Chevalier", "Huet", "Lebrun", "Marty", "Poirier", "Ollivier"]
SERVICES = ["Direction de l'action sociale", "Direction des ressources humaines", "Direction des systèmes d'information",
            "Direction des finances", "Direction de la communication", "Service jeunesse et sports",
            "Direction des mobilités", "Direction de la culture", "Service de la commande publique",
            "Direction de l'éducation", "Direction des bâtiments", "Service environnement"]

# tag → (family, definition, sentences)
TAGS = {
    "accueil": ("Relation à l'usager", "Le premier contact : guichet, attente, téléphone, confidentialité.", [
        "Au guichet, trois personnes attendent debout : il n'y a qu'une chaise et pas de numéro d'appel.",
        "L'agente d'accueil reçoit derrière une vitre ; les usagers doivent élever la voix pour se faire entendre.",
        "« On ne sait jamais si on est au bon endroit, personne ne vous dit bonjour. »"]),
    "orientation": ("Relation à l'usager", "Savoir à qui s'adresser, quel service est compétent.", [
        "Une usagère a été renvoyée trois fois d'un service à l'autre avant de trouver le bon interlocuteur.",
        "Les agents n'ont pas d'annuaire à jour des partenaires : chacun tient sa propre liste.",
        "« On m'a dit de revenir avec un papier, mais personne ne m'a dit lequel. »"]),
    "delais": ("Organisation", "Temps d'attente, d'instruction et de réponse.", [
        "L'instruction d'un dossier dure en moyenne sept semaines, dont cinq à attendre une pièce manquante.",
        "Les courriers de réponse partent une fois par semaine, après signature du chef de service.",
        "« J'ai attendu deux mois pour apprendre qu'il manquait une photocopie. »"]),
    "numerique": ("Outils", "Démarches en ligne, outils numériques des agents et des usagers.", [
        "Le formulaire en ligne n'est pas lisible sur téléphone ; la plupart des usagers n'ont que cela.",
        "Les agents impriment les demandes en ligne pour les instruire sur papier.",
        "« Le site me demande un identifiant que je n'ai jamais reçu. »"]),
    "cooperation": ("Organisation", "Travail entre services, directions et partenaires.", [
        "Deux services instruisent la même aide sans se parler : les usagers donnent deux fois les mêmes pièces.",
        "La réunion entre directions a lieu une fois par an ; les agents ne se connaissent pas.",
        "« Je ne sais pas ce que fait le service d'à côté, on n'a jamais le temps. »"]),
    "confiance": ("Relation à l'usager", "Confiance ou soupçon entre usagers et administration.", [
        "Les usagers craignent que leurs réponses servent à les contrôler et hésitent à parler de leur situation.",
        "Plusieurs personnes gardent une copie de chaque document, « au cas où on le perdrait encore ».",
        "« Ici, on a l'impression d'être soupçonné d'avance. »"]),
    "mobilite": ("Territoire", "Distances, transports, accès physique aux services.", [
        "Le car scolaire passe deux fois par jour : un rendez-vous à 14 h coûte une journée entière.",
        "Pour les communes du sud, l'antenne la plus proche est à quarante minutes de route.",
        "« Sans voiture, je ne peux pas venir au guichet, c'est aussi simple que ça. »"]),
    "lisibilite": ("Outils", "Compréhension des courriers, formulaires et règles.", [
        "Le courrier de notification compte quatre pages et cite trois articles de loi avant le montant.",
        "Le formulaire demande le « quotient familial » : aucun des parents rencontrés ne sait le calculer.",
        "« J'ai relu la lettre trois fois et je ne sais toujours pas si c'est accepté. »"]),
    "espaces": ("Territoire", "Aménagement des lieux d'accueil et de travail.", [
        "La salle d'attente sert aussi de couloir : les agents traversent pendant les entretiens.",
        "L'espace enfants se résume à une caisse de jouets dans un coin sans lumière.",
        "« On parle de sa vie devant tout le monde, il n'y a pas de bureau fermé. »"]),
    "management": ("Organisation", "Place des agents, marges de manœuvre, décision.", [
        "Les agents de terrain ont des idées mais aucun circuit pour les proposer à la direction.",
        "Chaque changement de formulaire doit passer par trois niveaux de validation.",
        "« On nous demande d'innover, mais on n'a le droit de rien changer. »"]),
}

# One collectivité per profile: folder, name, type, site ids/names, start, session offsets (months), the tag
# weights of its fieldwork, its renamed tags (its own spelling of a shared tag), its prototypes.
PROFILES = [
    {"folder": "departement-hautes-combes", "name": "Département des Hautes-Combes", "type": "departement",
     "short": "Département", "start": D(2016, 10, 3), "offsets": [i * 14 / 13 for i in range(14)],
     "sites": [("departement", "Département des Hautes-Combes", "La collectivité qui construit son labo."),
               ("mds-vallon", "Maison des solidarités du Vallon", "Cas pratique : le premier accueil social."),
               ("colleges", "Cas pratique « Collèges ouverts »", "Cas pratique : l'accès des familles aux collèges.")],
     "weights": {"accueil": 5, "orientation": 4, "delais": 3, "numerique": 2, "cooperation": 3, "confiance": 4,
                 "lisibilite": 2, "espaces": 3},
     "rename": {}, "rounds": ("debut", "mi_parcours", "fin"), "budget": 214_200, "own_share": (2, 3),
     "prototypes": [
         ("Îlot d'accueil sans vitre", "maquette", "mds-vallon", None,
          [("mitigee", "L'îlot plaît mais le bruit de la salle d'attente gêne les entretiens."),
           ("validee", "Avec une cloison mobile, 9 usagers sur 10 disent pouvoir parler sans gêne.")]),
         ("Courrier de notification en une page", "prototype", "colleges", None,
          [("validee", "Les familles comprennent la décision en moins d'une minute ; les appels baissent de moitié.")]),
     ]},
    {"folder": "region-loire-armor", "name": "Région Loire-Armor", "type": "region", "short": "Région",
     "start": D(2017, 2, 6), "offsets": [0, 2, 5, 8.5] + [11.5 + i for i in range(10)],
     "sites": [("region", "Région Loire-Armor", "La collectivité qui construit son labo."),
               ("lycees-agricoles", "Cas pratique « Lycées agricoles »", "L'internat et les transports des lycéens."),
               ("ter-pass", "Cas pratique « Pass TER jeunes »", "La demande du pass de transport régional.")],
     "weights": {"accueil": 2, "orientation": 3, "delais": 3, "numerique": 2, "cooperation": 3, "confiance": 1,
                 "mobilite": 7, "lisibilite": 3},
     "rename": {}, "rounds": ("debut", "mi_parcours"), "budget": 246_000, "own_share": (3, 5),
     "prototypes": [
         ("Pass TER en trois clics", "prototype", "ter-pass", None,
          [("mitigee", "Les lycéens finissent la demande, mais la preuve de scolarité bloque encore un dossier sur trois.")]),
         ("Car de nuit pour l'internat", "simulation", "lycees-agricoles", None, []),
     ]},
    {"folder": "metropole-loire-oceane", "name": "Métropole de Loire-Océane", "type": "metropole",
     "short": "Métropole", "start": D(2017, 3, 6), "offsets": [i * 15 / 13 for i in range(14)],
     "sites": [("metropole", "Métropole de Loire-Océane", "La collectivité qui construit son labo."),
               ("hotel-metropole", "Accueil de l'hôtel de métropole", "Cas pratique : l'accueil général."),
               ("eau", "Cas pratique « Abonnement à l'eau »", "Cas pratique : ouvrir un abonnement à l'eau.")],
     "weights": {"accueil": 4, "orientation": 3, "delais": 2, "numerique": 7, "cooperation": 2, "confiance": 2,
                 "lisibilite": 3, "management": 2},
     "rename": {"numerique": ("demarches_en_ligne", "Outils numériques")}, "rounds": ("debut", "mi_parcours"),
     "budget": 231_000, "own_share": (2, 3),
     "prototypes": [
         ("Abonnement à l'eau sur téléphone", "prototype", "eau", None,
          [("mitigee", "Le parcours est compris, mais le relevé du compteur reste une étape au guichet."),
           ("validee", "Avec la photo du compteur, 14 abonnés sur 15 finissent seuls leur demande.")]),
         ("Borne d'accueil numérique en libre-service", "test_de_service", "hotel-metropole", None,
          [("mitigee", "La borne oriente les habitués, mais les personnes âgées la contournent."),
           ("invalidee", "Trois semaines de test : 80 % des visiteurs vont au guichet sans toucher la borne ; "
                         "seule, elle ne remplace pas un premier mot d'accueil.")]),
     ]},
    {"folder": "ville-saint-aubin", "name": "Ville de Saint-Aubin-sur-Mer", "type": "ville", "short": "Ville",
     "start": D(2017, 9, 4), "offsets": [i * 14 / 13 for i in range(14)],
     "sites": [("ville", "Ville de Saint-Aubin-sur-Mer", "La collectivité qui construit son labo."),
               ("mairie", "Accueil de la mairie", "Cas pratique : l'accueil unique de la mairie."),
               ("ccas", "Cas pratique « CCAS »", "Cas pratique : les demandes d'aide du CCAS.")],
     "weights": {"accueil": 6, "orientation": 4, "delais": 2, "numerique": 2, "cooperation": 2, "confiance": 3,
                 "espaces": 4},
     "rename": {"accueil": ("premier_contact", "Relation à l'usager")}, "rounds": ("debut",),
     "budget": 168_000, "own_share": (2, 3),
     "prototypes": [
         ("Borne d'accueil accompagnée", "test_de_service", "mairie", "Métropole de Loire-Océane / PR-02",
          [("validee", "Avec un agent à côté de la borne aux heures d'affluence, 7 visiteurs sur 10 trouvent "
                       "seuls leur service ; la borne libère le guichet des questions simples.")]),
     ]},
]

CRITERIA = [("C1", "Qualité de l'accueil perçue", "usage", "0,35", True, "Questionnaire de sortie, verbatims"),
            ("C2", "Délai de réponse", "usage", "0,25", False, "Délai moyen relevé par le service"),
            ("C3", "Appropriation par les agents", "organisation", "0,25", True, "Entretiens avec les agents"),
            ("C4", "Coût de fonctionnement", "couts", "0,15", False, "Coût annuel estimé")]
#: Scores per profile (index) and cas pratique site (position 1 or 2): rounds of (C1, C2, C3, C4).
SCORES = {
    0: {1: [(3, 2, 3, 3), (4, 4, 4, 4)], 2: [(3, 3, 3, 3), (5, 4, 4, 4)]},
    1: {2: [(2, 2, 3, 3)]},
    2: {1: [(2, 2, 2, 3), (2, 2, 1, 2)], 2: [(3, 3, 3, 3), (4, 4, 3, 4)]},
    3: {1: [(3, 3, 4, 3)]},
}


# --- helpers ------------------------------------------------------------------------------------------

def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in FR_HOLIDAYS


def add_months(day: dt.date, months: float) -> dt.date:
    whole = int(months)
    return (pd.Timestamp(day) + pd.DateOffset(months=whole)
            + pd.Timedelta(days=round((months - whole) * 30.4375))).date()


def next_run(day: dt.date, length: int, busy: set) -> dt.date:
    """The first day from ``day`` starting ``length`` consecutive working days, none of them busy."""
    while True:
        run = [day + dt.timedelta(days=i) for i in range(length)]
        if all(is_working_day(d) and d not in busy for d in run):
            return day
        day += dt.timedelta(days=1)


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def write(folder: Path, table: str, rows: list[dict]) -> None:
    with open(folder / f"{table}.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\n")
        writer.writerow([header for _, header in HEADERS[table]])
        for row in rows:
            writer.writerow([cell(row.get(key)) for key, _ in HEADERS[table]])


def q(text) -> str:
    return json.dumps(str(text), ensure_ascii=False)  # a JSON string is a YAML string


# --- one programme ------------------------------------------------------------------------------------

def build(dest: Path, profile: dict, rng: random.Random, people: list[str], as_of: dt.date) -> None:
    """Write one collectivité's programme folder."""
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("*.csv"):
        old.unlink()
    start, sites = profile["start"], profile["sites"]
    own_site, cases = sites[0][0], [s for s, _, _ in sites[1:]]
    residents, people = people[:3], people[3:]
    ambassadeurs, people = people[:20], people[20:]
    referent = people[0]

    # calendar: 14 sequences (35 days) at the profile's offsets; the common Inter-Transfo days in between
    busy = set(INTER_TRANSFO)
    sessions = []
    day = start
    switch = add_months(start, 6)
    for n, (offset, length) in enumerate(zip(profile["offsets"], LENGTHS), 1):
        day = next_run(max(add_months(start, offset), day), length, busy)
        end = day + dt.timedelta(days=length - 1)
        late_profile = profile["type"] == "region" and day <= as_of
        phase = "cas_pratiques" if day < switch or late_profile else "prefiguration"
        site = cases[(n - 1) % len(cases)] if phase == "cas_pratiques" else own_site
        what = "cas pratique" if phase == "cas_pratiques" else "préfiguration du labo"
        sessions.append({"id": f"S{n:02d}", "phase": phase, "type": "session", "start": day, "end": end,
                         "site": site, "event": f"Session {n} — {what}",
                         "description": f"Séquence de {length} jours, {dict((s, m) for s, m, _ in sites)[site]}."})
        busy.update(day + dt.timedelta(days=i) for i in range(length))
        day = end + dt.timedelta(days=1)
    first, last = sessions[0]["start"], sessions[-1]["end"]
    prep_start = next_run(add_months(first, -2.5), 1, set())
    calendar = [{"id": "PR01", "phase": "preparation", "type": "preparation", "event": "Préparation de la Transfo",
                 "start": prep_start, "end": first - dt.timedelta(days=3 if first.weekday() == 0 else 1),
                 "site": own_site, "description": "Convention, agent référent, appel à candidatures des ambassadeurs."}]
    its = [d for d in INTER_TRANSFO if first <= d <= last + dt.timedelta(days=120)]
    for n, it in enumerate(its, 1):
        calendar.append({"id": f"IT{n:02d}", "phase": "cas_pratiques" if it < switch else "prefiguration",
                         "type": "inter_transfo", "event": f"Inter-Transfo {n}", "start": it, "end": it,
                         "description": "Journée commune à toutes les collectivités de la Transfo."})
    calendar += sessions
    calendar.sort(key=lambda e: (e["start"], e["id"]))
    write(dest, "calendrier", calendar)

    # codebook and observations (only up to the portfolio's date)
    rename = profile["rename"]
    tags = list(profile["weights"])
    own_tag = {t: rename.get(t, (t, None))[0] for t in tags}
    write(dest, "grille_codage", [{"tag": own_tag[t], "family": rename.get(t, (None, TAGS[t][0]))[1] or TAGS[t][0],
                                   "definition": TAGS[t][1]} for t in tags])
    held = [s for s in sessions if s["end"] <= as_of and s["phase"] == "cas_pratiques"] or sessions[:1]
    observations = []
    pool = [t for t in tags for _ in range(profile["weights"][t])]
    for n in range(48):
        session = held[n % len(held)]
        main = tags[n] if n < len(tags) else rng.choice(pool)  # every tag at least once
        chosen = [main] + ([rng.choice(pool)] if rng.random() < 0.3 else [])
        chosen = list(dict.fromkeys(chosen))
        text = rng.choice(TAGS[main][2])
        verbatim = text.startswith("«")
        observations.append({"id": f"OBS-{n + 1:03d}", "site": session["site"], "date": session["start"],
                             "author": residents[n % 3], "method": "entretien" if verbatim else "observation",
                             "participant": None, "kind": "verbatim" if verbatim else "note", "text": text,
                             "tags": [own_tag[t] for t in chosen]})
    write(dest, "observations", observations)

    # prototypes and tests
    protos, tests = [], []
    for n, (name, kind, site, origin, results) in enumerate(profile["prototypes"], 1):
        protos.append({"id": f"PR-{n:02d}", "name": name, "kind": kind, "sites": [site], "origin": origin,
                       "description": f"{name} : prototype du cas pratique.",
                       "hypothesis": f"{name} améliore le service rendu aux usagers."})
        candidates = [s for s in sessions if s["site"] == site and s["end"] <= as_of] or sessions[:2]
        for iteration, (result, learning) in enumerate(results, 1):
            base = candidates[min(iteration, len(candidates) - 1)]["end"]
            day = next_run(base + dt.timedelta(days=7 * iteration), 1, set())
            tests.append({"id": f"T-{len(tests) + 1:02d}", "prototype": f"PR-{n:02d}", "site": site, "date": day,
                          "iteration": iteration, "testers": 8 + 4 * iteration, "result": result, "learning": learning})
    write(dest, "prototypes", protos)
    write(dest, "tests", tests)

    # evaluation grid
    write(dest, "criteres", [{"id": c, "criterion": t, "dimension": d, "weight": w, "scale_min": 1, "scale_max": 5,
                              "evidence": e, "adaptable": a} for c, t, d, w, a, e in CRITERIA])
    index = PROFILES.index(profile) if profile in PROFILES else profile["index"]
    notes = []
    for position, rounds in SCORES[index % 4].items():
        site = sites[position][0]
        for r, values in enumerate(rounds, 1):
            when = next_run(min(add_months(first, 4 * r), as_of - dt.timedelta(days=3)), 1, set())
            for (c, *_), score in zip(CRITERIA, values):
                notes.append({"criterion": c, "site": site, "round": r, "score": score, "date": when,
                              "evidence": f"Relevé du tour {r} ({dict((s, m) for s, m, _ in sites)[site]})"})
    write(dest, "notes", notes)

    # budget: the collectivité's share and the partners'
    total = profile["budget"]
    num, den = profile["own_share"]
    own = total * num // den
    partners = total - own
    write(dest, "budget", [
        {"section": "Résidents", "line": "Rémunération des 3 résidents", "amount": own - 12_000,
         "funder": profile["name"]},
        {"section": "Ambassadeurs", "line": "Temps de préparation et déplacements", "amount": 12_000,
         "funder": profile["name"]},
        {"section": "Coordination", "line": "Coordination, documentation et blog", "amount": partners - 6_000,
         "funder": "Partenaires nationaux (Caisse des Dépôts, Bloomberg Philanthropies)"},
        {"section": "Inter-Transfo", "line": "Organisation des journées (quote-part)", "amount": 6_000,
         "funder": "Partenaires nationaux (Caisse des Dépôts, Bloomberg Philanthropies)"},
    ])

    # attendance at the sessions held, and preparation days declared before each
    done = [s for s in sessions if s["end"] <= as_of]
    presence = []
    assiduity = {a: rng.choice([0.98, 0.95, 0.9, 0.85, 0.7, 0.55]) for a in ambassadeurs}
    for s in done:
        length = (s["end"] - s["start"]).days + 1
        for a in ambassadeurs:
            r = rng.random()
            days = length if r < assiduity[a] else (0 if r > (1 + assiduity[a]) / 2 else length - 1)
            prep = rng.choice([0, 0, 0.5, 0.5, 0.5, 1]) if days else 0
            presence.append({"ambassadeur": a, "session": s["id"], "days": days, "preparation_days": float(prep)})
    write(dest, "presences", presence)

    # self-assessment: start, mid-way, end (the rounds this collectivité has reached)
    round_dates = {"debut": first, "mi_parcours": add_months(first, 7), "fin": last}
    items = [("brique", b) for b in BRICKS] + [("valeur", v) for v in VALUES]
    rows = []
    level = {a: rng.uniform(1.6, 2.8) for a in ambassadeurs}
    gain = {a: rng.gauss(0.8 * assiduity[a] - 0.15, 0.4) for a in ambassadeurs}
    for step, round_ in enumerate(profile["rounds"]):
        when = next_run(round_dates[round_], 1, set())
        for a in ambassadeurs:
            if step and assiduity[a] < 0.6 and rng.random() < 0.5:
                continue  # an ambassadeur who left does not answer again
            for family, item in items:
                value = round(level[a] + step * gain[a] + rng.gauss(0, 0.6) + (0.3 if family == "valeur" else 0))
                answer = None if rng.random() < 0.02 else max(1, min(5, value))
                rows.append({"ambassadeur": a, "round": round_, "date": when, "family": family, "item": item,
                             "answer": answer})
    write(dest, "auto_evaluation", rows)

    lines = [f"# Exemple Inter-Transfo : {profile['name']} (La Transfo). Personnes, lieux et chiffres fictifs.",
             "# Généré par data/examples/build/make_inter_transfo.py.",
             f"name: {q('La Transfo — ' + profile['name'])}", "kind: transfo", "lang: fr",
             f"start: {first.isoformat()}", f"end: {last.isoformat()}",
             "collectivite:", f"  name: {q(profile['name'])}", f"  type: {profile['type']}", "sites:"]
    for site, name, description in sites:
        lines += [f"  - id: {site}", f"    name: {q(name)}", f"    description: {q(description)}"]
    lines += ["team:", "  residents:"]
    lines += [f"    - {{name: {q(n)}, discipline: {q(d)}}}"
              for n, d in zip(residents, ["designer de services", "sociologue", "urbaniste"])]
    lines += ["  ambassadeurs:"]
    lines += [f"    - {{name: {q(a)}, service: {q(SERVICES[i % len(SERVICES)])}}}" for i, a in enumerate(ambassadeurs)]
    lines += [f"  agent_referent: {q(referent)}", "partners:", "  - \"La 27e Région\"", "  - \"Caisse des Dépôts\"",
              "financing:", "  collectivites: 0.667", "  partenaires: 0.333"]
    (dest / "programme.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct invented names."""
    pairs = [(f, l) for f in FIRST for l in LAST]
    rng.shuffle(pairs)
    if count > len(pairs):
        extra = [(f"{f}-{g}", l) for f in FIRST[:20] for g in FIRST[20:] for l in LAST]
        rng.shuffle(extra)
        pairs += extra
    return [f"{f} {l}" for f, l in pairs[:count]]


def main(dest: Path, programmes: int | None = None, seed: int = SEED) -> list[Path]:
    rng = random.Random(seed)
    dest.mkdir(parents=True, exist_ok=True)
    count = programmes or len(PROFILES)
    people = names(rng, 24 * count)
    written, profiles = [], []
    for i in range(count):
        profile = dict(PROFILES[i % len(PROFILES)])
        profile["index"] = i
        if i >= len(PROFILES):  # benchmark copies: another name, the same states
            profile.update(folder=f"{profile['folder']}-{i // len(PROFILES) + 1:03d}",
                           name=f"{profile['name']} {i // len(PROFILES) + 1}")
            if profile["prototypes"][0][3]:
                first_proto = profile["prototypes"][0]
                profile["prototypes"] = [(first_proto[0], first_proto[1], first_proto[2],
                                          f"{PROFILES[2]['name']} {i // len(PROFILES) + 1} / PR-02", first_proto[4])]
        profiles.append(profile)
        folder = dest / profile["folder"]
        build(folder, profile, random.Random(f"{seed}-{i}"), people[24 * i:24 * (i + 1)], AS_OF)
        written.append(folder)
    (dest / "portfolio.yaml").write_text(
        "# Portefeuille d'exemple Inter-Transfo : quatre collectivités de La Transfo (fictives).\n"
        "# Généré par data/examples/build/make_inter_transfo.py.\n"
        f"name: {q('Inter-Transfo — exemple, quatre collectivités')}\nkind: transfo\n"
        f"date: {AS_OF.isoformat()}\nmapping: correspondances.csv\n", encoding="utf-8")
    with open(dest / "correspondances.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\n")
        writer.writerow(["Collectivité", "Étiquette", "Thème commun", "Famille commune"])
        for profile in profiles:
            for tag, (own, _) in profile["rename"].items():
                writer.writerow([profile["name"], own, tag, TAGS[tag][0]])
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", nargs="?", default=str(DEST))
    parser.add_argument("--programmes", type=int)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    main(Path(args.dest), args.programmes, args.seed)
