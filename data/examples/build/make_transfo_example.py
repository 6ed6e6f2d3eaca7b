"""Generates data/examples/transfo-val-de-loire (deterministic): python make_transfo_example.py [DEST]."""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path


sys.path.insert(0, str(Path(__file__).parent))
from common import calendar_rows, compose, working_days_between, write_table  # noqa: E402

from transfo_lab.planning import plan  # noqa: E402

SEED = 2017
SITES = [("departement", "Département du Val-de-Loire", "La collectivité qui construit son labo d'innovation."),
         ("lyceo", "Cas pratique « Lycéo »", "Premier cas pratique : l'accueil des lycéens boursiers au guichet des aides."),
         ("maison-solidarites", "Maison départementale des solidarités de Blois",
          "Second cas pratique : le premier accueil des usagers en difficulté.")]
RESIDENTS = [("Aurélie Marchand", "designer de services"), ("Julien Faure", "sociologue"), ("Noémie Perrin", "urbaniste")]
AMBASSADEURS = [("Sandrine Morel", "Direction des solidarités"), ("Pierre Caron", "Direction des collèges"),
                ("Fatima Ouali", "Ressources humaines"), ("Éric Lemaire", "Routes et mobilités"),
                ("Céline Gautier", "Culture et patrimoine"), ("Marc Renaud", "Systèmes d'information"),
                ("Isabelle Brun", "Finances"), ("Olivier Blanc", "Aide sociale à l'enfance"),
                ("Nathalie Roche", "Insertion"), ("David Colin", "Environnement"), ("Hélène Picard", "Communication"),
                ("Stéphane Dumas", "Autonomie"), ("Valérie Lucas", "Archives départementales"),
                ("Romain Barbier", "Bâtiments"), ("Émilie Garnier", "Jeunesse et sports"),
                ("Laurent Noël", "Affaires juridiques"), ("Sophie Arnaud", "PMI"), ("Yves Leclerc", "Agriculture"),
                ("Agnès Fontaine", "Tourisme"), ("Benoît Roux", "Achats")]
PEOPLE = ["Mireille Bonnet", "Kevin Laurent", "Assia Meziane"]

CODEBOOK = [
    ("accueil", "Relation à l'usager", "Premier contact au guichet ou au téléphone.", "On m'a renvoyée vers un autre bureau."),
    ("orientation", "Relation à l'usager", "Savoir à quel service s'adresser.", "Je ne savais pas que c'était le Département."),
    ("delais", "Relation à l'usager", "Temps d'attente, délais d'instruction.", "Trois mois pour une réponse."),
    ("confiance", "Relation à l'usager", "Confiance entre usagers et administration.", "Ils nous soupçonnent de frauder."),
    ("dematerialisation", "Outils", "Démarches en ligne, formulaires numériques.", "Le formulaire plante à la dernière page."),
    ("formulaires", "Outils", "Pièces justificatives, formulaires papier.", "Douze pièces à fournir."),
    ("cooperation_services", "Organisation", "Travail entre services et directions.", "Chaque service a son propre dossier."),
    ("autonomie_agents", "Organisation", "Marges de manœuvre des agents de terrain.", "Je dois tout faire valider."),
    ("management", "Organisation", "Rôle de l'encadrement, validation, hiérarchie.", "Le chef de service n'était pas au courant."),
    ("autonomie_usagers", "Usagers", "Capacité des usagers à faire seuls.", "Je me débrouille avec mon fils."),
    ("experimentation", "Culture du labo", "Essai-erreur, prototypes, tests.", "On a testé dès la deuxième session."),
    ("sens_du_travail", "Culture du labo", "Sens, engagement et bien-être des agents.", "Pour une fois on parle de l'usager."),
]
NOTES = {
    "accueil": ["Au guichet des aides, l'agent reçoit debout derrière une vitre ; l'usager doit parler fort pour être entendu.",
                "Le standard transfère trois fois le même appel avant de trouver le bon interlocuteur."],
    "orientation": ["Les lycéens boursiers ne savent pas si l'aide relève de la Région ou du Département.",
                    "Un panneau renvoie vers un bureau qui a déménagé au deuxième étage."],
    "delais": ["Un dossier d'aide met en moyenne neuf semaines à être instruit, dont six en attente de pièces.",
               "La file d'attente de la maison des solidarités atteint quarante minutes le lundi matin."],
    "confiance": ["Les agents vérifient chaque pièce par crainte d'un contrôle, au détriment de l'échange avec l'usager.",
                  "Les usagers arrivent avec toutes leurs factures, par peur qu'on leur reproche un oubli."],
    "dematerialisation": ["Le formulaire en ligne ne fonctionne pas sur téléphone ; la moitié des familles n'a pas d'ordinateur.",
                          "Les agents ressaisissent à la main les demandes reçues par courriel."],
    "formulaires": ["Le dossier d'aide compte douze pages et demande trois fois l'adresse du foyer.",
                    "Les ambassadeurs réécrivent le courrier de refus avec des usagers : il passe de deux pages à dix lignes."],
    "cooperation_services": ["Deux directions instruisent la même famille sans se parler ; chacune a son propre logiciel.",
                             "En session, des agents de cinq directions découvrent qu'ils travaillent sur le même public."],
    "autonomie_agents": ["Un agent d'accueil doit demander l'accord de son chef pour photocopier une pièce manquante.",
                         "Les agents de terrain proposent des solutions mais n'ont pas la main pour les tester."],
    "management": ["Le CODIR découvre le prototype lors de la restitution et demande un calendrier de déploiement.",
                   "Les encadrants intermédiaires craignent de perdre la maîtrise des projets des ambassadeurs."],
    "autonomie_usagers": ["Une mère remplit le dossier avec l'aide de sa fille de quinze ans, sur son téléphone.",
                          "Les usagers les plus autonomes contournent le guichet en écrivant directement aux agents."],
    "experimentation": ["Un faux guichet est monté en une matinée dans le hall pour tester un nouvel accueil.",
                        "Le prototype du courrier simplifié est testé auprès de douze usagers en une journée."],
    "sens_du_travail": ["Pendant la session, des agents disent retrouver le sens de leur métier en rencontrant les usagers.",
                        "Les ambassadeurs racontent leurs tests à leurs collègues à la cantine, l'envie se diffuse."],
}
VERBATIMS = {
    "accueil": ["« On m'a dit de revenir demain, sans me dire avec quoi. »", "« Derrière la vitre, on a l'impression d'être au commissariat. »"],
    "orientation": ["« Je ne savais même pas que c'était le Département qui payait. »", "« On m'a envoyée à trois bureaux différents. »"],
    "delais": ["« Trois mois pour une bourse, c'est l'année scolaire qui est passée. »", "« On attend, on ne sait jamais où en est le dossier. »"],
    "confiance": ["« J'ai l'impression qu'on me soupçonne de mentir. »", "« Si on nous faisait confiance, on irait beaucoup plus vite. »"],
    "dematerialisation": ["« Le site plante à la dernière page, à chaque fois. »", "« Sans mon fils, je ne pourrais pas faire la demande en ligne. »"],
    "formulaires": ["« Douze pièces à fournir, j'ai abandonné. »", "« Le courrier de refus, je ne l'ai pas compris. »"],
    "cooperation_services": ["« Chaque service me demande les mêmes papiers. »", "« On ne savait pas que l'autre direction suivait la même famille. »"],
    "autonomie_agents": ["« Je dois tout faire valider, même une photocopie. »", "« Laissez-nous essayer, on connaît le terrain. »"],
    "management": ["« Mon chef n'a découvert le projet qu'à la restitution. »", "« Il faut que la direction générale porte le labo. »"],
    "autonomie_usagers": ["« Je me débrouille avec ma fille, elle comprend mieux les formulaires. »", "« J'aimerais pouvoir suivre mon dossier moi-même. »"],
    "experimentation": ["« On a testé dès la deuxième session, c'était fou. »", "« Se tromper vite, c'est moins cher que se tromper longtemps. »"],
    "sens_du_travail": ["« Pour une fois, on parle de l'usager et pas de la procédure. »", "« Je me sens utile comme au début de ma carrière. »"],
}
WEIGHTS = {"lyceo": {"orientation": 5, "delais": 4, "dematerialisation": 5, "formulaires": 4, "accueil": 2, "autonomie_usagers": 3,
                     "confiance": 1, "cooperation_services": 2, "autonomie_agents": 1, "experimentation": 2, "management": 1, "sens_du_travail": 1},
           "maison-solidarites": {"accueil": 6, "confiance": 5, "delais": 3, "cooperation_services": 4, "autonomie_agents": 3,
                                  "orientation": 2, "formulaires": 2, "autonomie_usagers": 2, "experimentation": 2, "dematerialisation": 1,
                                  "management": 1, "sens_du_travail": 1},
           "departement": {"management": 5, "experimentation": 5, "sens_du_travail": 5, "cooperation_services": 3, "autonomie_agents": 3,
                           "accueil": 1, "orientation": 1, "delais": 1, "confiance": 1, "dematerialisation": 1, "formulaires": 1, "autonomie_usagers": 1}}
PERSONAL = [("lyceo", "Mireille Bonnet", "parent d'élève", ["dematerialisation", "formulaires"],
             "« Mireille Bonnet, maman de deux lycéens : j'ai envoyé le dossier trois fois à bourses@val-de-loire.fr sans réponse ; rappelez-moi au 06 21 43 65 87. »"),
            ("maison-solidarites", "Kevin Laurent", "usager", ["accueil", "delais"],
             "« Je suis Kevin Laurent, j'attends depuis 9 h ; mon assistante sociale m'a dit de l'appeler au 02 54 12 34 56 mais ça ne répond jamais. »"),
            ("maison-solidarites", "Assia Meziane", "travailleuse sociale", ["cooperation_services", "autonomie_agents"],
             "« Assia Meziane, assistante sociale : si on partageait un dossier unique, les familles ne raconteraient pas dix fois leur histoire. »")]
IDEAS = [("Guichet unique des aides aux lycéens", "orientation,accueil"), ("Courrier de réponse en dix lignes", "formulaires"),
         ("Formulaire mobile en trois écrans", "dematerialisation"), ("Suivi du dossier par SMS", "delais,autonomie_usagers"),
         ("Accueil sans vitre avec îlot", "accueil,confiance"), ("Dossier partagé entre directions", "cooperation_services"),
         ("Droit à l'essai pour les agents", "autonomie_agents,experimentation"), ("Pièces justificatives réduites à trois", "formulaires,confiance"),
         ("Permanence dans les lycées à la rentrée", "orientation"), ("Binôme agent-usager pour tester les courriers", "experimentation,formulaires"),
         ("Revue mensuelle des irritants au CODIR", "management"), ("Café des ambassadeurs", "sens_du_travail"),
         ("Carte des aides du Département", "orientation"), ("Rendez-vous plutôt que file d'attente", "delais,accueil"),
         ("Accueil téléphonique sans transfert", "accueil"), ("Labo itinérant dans les services", "experimentation,cooperation_services"),
         ("Formation à l'écriture simple", "formulaires,sens_du_travail"), ("Délégation de signature aux agents d'accueil", "autonomie_agents,management"),
         ("Espace d'attente pour les enfants", "accueil"), ("Médiateur numérique à la maison des solidarités", "dematerialisation,autonomie_usagers")]
TENSIONS = ["logistique", "financement", "metiers", "juridique", "gouvernance", "numerique", "partenariats"]
YAML = """\
# Exemple « La Transfo » : un département construit son propre labo d'innovation (2017-2018).
name: La Transfo — Département du Val-de-Loire
kind: transfo
lang: fr
start: 2017-01-09
end: 2018-06-29
sites:
{sites}
team:
  residents:
{residents}
  ambassadeurs:
{ambassadeurs}
  agent_referent: Christine Vidal
partners:
  - La 27e Région
  - Caisse des Dépôts
  - Université de Tours (chaire d'innovation publique)
participants:
{people}
financing:
  collectivites: 0.667
  partenaires: 0.333
voting:
  dots_per_participant: 3
"""


def main(dest: Path) -> None:
    rng = random.Random(SEED)
    dest.mkdir(parents=True, exist_ok=True)
    q = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731
    (dest / "programme.yaml").write_text(YAML.format(
        sites="\n".join(f"  - id: {i}\n    name: {q(n)}\n    description: {q(d)}" for i, n, d in SITES),
        residents="\n".join(f"    - {{name: {n}, discipline: {q(d)}}}" for n, d in RESIDENTS),
        ambassadeurs="\n".join(f"    - {{name: {n}, service: {q(s)}}}" for n, s in AMBASSADEURS),
        people="\n".join(f"  - {p}" for p in PEOPLE)), encoding="utf-8")
    calendar = plan("transfo", "2017-01-09", sites=["departement"])
    write_table(dest, "calendar", calendar_rows(calendar))
    write_table(dest, "codebook", [{"tag": t, "family": f, "definition": d, "example": e} for t, f, d, e in CODEBOOK])
    sessions = calendar[calendar["type"] == "session"]
    authors = [r[0] for r in RESIDENTS] + [a[0] for a in AMBASSADEURS[:6]]
    obs, n = [], 0
    for site, count in (("lyceo", 34), ("maison-solidarites", 34), ("departement", 14)):
        weights = WEIGHTS[site]
        phase = "cas_pratiques" if site != "departement" else "prefiguration"
        days = [d for s in sessions[sessions["phase"] == phase].itertuples() for d in working_days_between(s.start, s.end)]
        for _ in range(count):
            n += 1
            tags = list(dict.fromkeys(rng.choices(list(weights), weights=list(weights.values()), k=rng.choice([1, 2, 2]))))
            kind = "verbatim" if rng.random() < 0.45 else "note"
            pool = VERBATIMS if kind == "verbatim" else NOTES
            obs.append({"id": f"OBS-{n:03d}", "site": site, "date": rng.choice(days), "author": rng.choice(authors),
                        "method": rng.choice(["entretien", "atelier"] if kind == "verbatim" else ["observation", "parcours"]),
                        "role": rng.choice(["usager", "agent d'accueil", "lycéen", "parent", "cadre"]) if kind == "verbatim" else None,
                        "kind": kind, "tags": tags,
                        "text": compose(rng, pool[tags[0]], pool[tags[-1]] if len(tags) > 1 else NOTES[tags[0]], 0.8)})
    for site, name, role, tags, text in PERSONAL:
        n += 1
        obs.append({"id": f"OBS-{n:03d}", "site": site, "date": sessions["start"].iloc[2], "author": RESIDENTS[1][0],
                    "method": "entretien", "participant": name, "role": role, "kind": "verbatim", "text": text, "tags": tags})
    write_table(dest, "observations", obs)
    questions = ["La Transfo m'a donné envie d'expérimenter dans mon service.", "Je comprends à quoi servira le futur labo.",
                 "Ma hiérarchie soutient ma participation aux sessions.", "Les usagers sont davantage pris en compte qu'avant.",
                 "Je saurais animer un atelier de co-conception."]
    means = [4.0, 3.2, 2.6, 3.4, 3.0]
    labels = {1: "Pas du tout d'accord", 2: "Plutôt pas d'accord", 3: "Ni d'accord ni pas d'accord", 4: "Plutôt d'accord", 5: "Tout à fait d'accord"}
    survey = []
    for r in range(1, 41):
        for question, mean in zip(questions, means):
            score = min(5, max(1, round(rng.gauss(mean, 0.9))))
            survey.append({"respondent": f"A{r:02d}", "site": "departement", "date": sessions["start"].iloc[8],
                           "role": rng.choice(["agent", "encadrant", "ambassadeur"]), "question": question,
                           "answer": None if rng.random() < 0.04 else labels[score]})
    write_table(dest, "survey", survey)
    steps = {"lyceo": ("Demande de bourse d'un lycéen", "Yanis, 16 ans, boursier", [
        ("Apprendre l'existence de l'aide", 0, None, "Information dans les lycées à la rentrée"), ("Chercher le formulaire", -1, "Site introuvable", "Carte des aides"),
        ("Remplir en ligne", -2, "Formulaire non mobile", "Formulaire en trois écrans"), ("Rassembler les pièces", -2, "Douze pièces", "Trois pièces suffisent"),
        ("Envoyer le dossier", 0, None, None), ("Attendre la réponse", -1, "Aucun suivi", "Suivi par SMS"),
        ("Recevoir le courrier", -1, "Courrier incompréhensible", "Courrier en dix lignes"), ("Percevoir l'aide", 2, None, None)]),
             "maison-solidarites": ("Premier accueil à la maison des solidarités", "Mme B., 42 ans, deux enfants", [
        ("Arriver sans rendez-vous", -1, "File d'attente", "Rendez-vous en ligne ou par téléphone"), ("Prendre un ticket", -1, "Borne en panne", None),
        ("Attendre", -2, "Quarante minutes avec les enfants", "Espace d'attente pour les enfants"), ("Expliquer sa situation au guichet", -2, "Vitre, pas de confidentialité", "Îlot d'accueil"),
        ("Être orientée", 0, None, "Accueil sans transfert"), ("Rencontrer l'assistante sociale", 1, None, None),
        ("Refaire le récit à un autre service", -2, "Raconter dix fois son histoire", "Dossier partagé"), ("Obtenir une aide", 2, None, None)])}
    write_table(dest, "journeys", [{"journey": j, "site": site, "persona": persona, "step": i, "stage": stage, "emotion": e,
                                    "pain_point": pain, "opportunity": opp}
                                   for site, (j, persona, rows) in steps.items() for i, (stage, e, pain, opp) in enumerate(rows, 1)])
    write_table(dest, "inspiration", [{"id": f"INS-{i:02d}", "title": t, "kind": k, "place": p, "year": y, "tags": g.split(", ")}
                                      for i, (t, k, p, y, g) in enumerate([
        ("MindLab", "lieu", "Copenhague", 2002, "labo, design"), ("La Fabrique à projets de la Gironde", "initiative", "Bordeaux", 2013, "labo, département"),
        ("Le labo de la Région Pays de la Loire", "lieu", "Nantes", 2015, "labo, région"), ("Design des politiques publiques", "publication", "Paris", 2010, "design, politiques publiques"),
        ("Simplification du langage administratif", "methode", "Paris", 2016, "formulaires, langage clair"), ("Nesta Innovation Lab", "lieu", "Londres", 2012, "labo, expérimentation"),
        ("Dites-le-nous une fois", "initiative", "France", 2014, "formulaires, coopération"), ("Le guichet sans vitre", "projet", "Grenoble", 2015, "accueil"),
        ("Cartographie des parcours usagers", "methode", "Lille", 2014, "parcours, usagers"), ("La 27e Région — Territoires en résidences", "methode", "France", 2009, "résidence, immersion"),
        ("Médiateurs numériques en bibliothèque", "initiative", "Rennes", 2016, "numérique, inclusion"), ("Laboratoire d'innovation territoriale", "lieu", "Lyon", 2017, "labo, territoire")], 1)])
    ideas = [{"id": f"ID-{i:02d}", "title": t, "tags": g.split(","), "session": sessions["id"].iloc[1 + i % 10],
              "site": "lyceo" if i in (1, 2, 3, 4, 9, 13) else ("maison-solidarites" if i in (5, 6, 8, 14, 15, 19, 20) else None),
              "author": rng.choice(["ambassadeurs", "résidents", "usagers"]), "impact": rng.randint(1, 5), "effort": rng.randint(1, 5),
              "tensions": rng.sample(TENSIONS, rng.choice([0, 1, 2])),
              "status": "retenue" if i <= 6 else rng.choice(["a_approfondir", "ecartee"])} for i, (t, g) in enumerate(IDEAS, 1)]
    write_table(dest, "ideas", ideas)
    votes = []
    voters = [(a[0], "agents") for a in AMBASSADEURS] + [(r[0], "residents") for r in RESIDENTS]
    for voter, group in voters:
        for idea in rng.sample([f"ID-{i:02d}" for i in range(1, 21)], 3):
            votes.append({"voter": voter, "group": group, "idea": idea, "dots": 1, "session": sessions["id"].iloc[5]})
    write_table(dest, "votes", votes)
    protos = [("Îlot d'accueil", 5, "maquette", "maison-solidarites"), ("Courrier en dix lignes", 2, "prototype", "lyceo"),
              ("Formulaire mobile", 3, "simulation", "lyceo"), ("Dossier partagé", 6, "test_de_service", "maison-solidarites")]
    write_table(dest, "prototypes", [{"id": f"PR-{i:02d}", "name": n, "idea": f"ID-{idea:02d}", "kind": k, "sites": [s],
                                      "hypothesis": f"{n} améliore l'expérience des usagers."} for i, (n, idea, k, s) in enumerate(protos, 1)])
    tests, t = [], 0
    for i, (name, idea, kind, site) in enumerate(protos, 1):
        for it, result in enumerate(["mitigee", "validee", "validee"][: 2 + i % 2], 1):
            t += 1
            day = working_days_between(*sessions[["start", "end"]].iloc[2 + 2 * it])[0]
            tests.append({"id": f"T-{t:02d}", "prototype": f"PR-{i:02d}", "site": site, "date": day, "iteration": it,
                          "testers": rng.randint(5, 25), "result": result, "learning": f"{name} : itération {it}, à ajuster avec les agents."})
    write_table(dest, "tests", tests)
    criteria = [("C1", "Satisfaction des usagers", "usage", 0.25), ("C2", "Délais de traitement", "usage", 0.2),
                ("C3", "Appropriation par les agents", "organisation", 0.2), ("C4", "Coût de mise en œuvre", "coûts", 0.15),
                ("C5", "Coopération entre directions", "organisation", 0.1), ("C6", "Soutien des partenaires", "partenariats", 0.1)]
    write_table(dest, "criteria", [{"id": i, "criterion": c, "dimension": d, "weight": w, "scale_min": 1, "scale_max": 5,
                                    "evidence": "Entretiens et indicateurs du service", "adaptable": i in ("C3", "C5")} for i, c, d, w in criteria])
    write_table(dest, "scores", [{"criterion": i, "site": site, "round": r, "score": min(5, max(1, round(base + 0.5 * r + rng.uniform(-0.7, 0.7)))),
                                  "evidence": f"Bilan du tour {r}"} for site, base in (("lyceo", 3.0), ("maison-solidarites", 2.2))
                                 for r in (1, 2) for i, c, d, w in criteria])
    write_table(dest, "budget", [{"section": s, "line": l, "amount": a} for s, l, a in [
        ("Résidents", "Rémunération des 3 résidents", 96000), ("Résidents", "Déplacements et hébergement des résidents", 14500),
        ("Coordination La 27e Région", "Coordination, documentation et blog", 38000),
        ("Frais de sessions", "Salles, fournitures et prototypage", 12500), ("Frais de sessions", "Restauration des 35 jours de session", 9800),
        ("Inter-Transfo", "Organisation des journées Inter-Transfo", 7200)]])


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "transfo-val-de-loire")
