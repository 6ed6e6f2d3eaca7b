import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

md = new_markdown_cell
cells = [
    md("# Inter-Transfo : plusieurs collectivités, une seule vue\n\n"
       "La Transfo accompagne plusieurs collectivités à la fois (« Aider 10 collectivités en 4 ans »). Tous les 3 à 5 mois, "
       "une journée **Inter-Transfo** réunit toutes les équipes « afin que tous les participants puissent échanger et "
       "construire un savoir commun en analysant les succès et les échecs des uns et des autres ».\n\n"
       "Ce carnet compare les dossiers de programme de ces collectivités : l'avancement de chacune au regard du protocole, "
       "les thèmes qu'elles partagent et ceux qui leur sont propres, les succès et les échecs de leurs prototypes, leur "
       "budget, et la mise en capacité de leurs ambassadeurs. Les noms des personnes sont pseudonymisés.\n\n"
       "**Paramètres** : `programmes`, la liste des dossiers (un par collectivité) ou un dossier de portefeuille qui les "
       "contient ; `mapping`, le fichier de correspondance des thèmes quand les grilles de codage les nomment "
       "différemment ; `as_of`, la date de la situation (AAAA-MM-JJ) ; `reports_dir`, où écrire le rapport (HTML et PDF)."),
    new_code_cell('programmes = ["../data/examples/inter-transfo"]\nmapping = None\nas_of = None\nkind = None\n'
                  'lang = "fr"\npseudonymise = True\nreports_dir = None\nformats = "html,pdf"',
                  metadata={"tags": ["parameters"]}),
    new_code_cell("import warnings\n\nimport matplotlib.pyplot as plt\nfrom IPython.display import display\n\n"
                  "from transfo_lab import portfolio as pf\nfrom transfo_lab import portfolio_report as pr\n"
                  "from transfo_lab.display import note, notes, show_table\nfrom transfo_lab.labels import label\n\n"
                  "with warnings.catch_warnings():\n    warnings.simplefilter(\"ignore\")\n"
                  "    portfolio = pf.load_portfolio(programmes, kind=kind, mapping=mapping, as_of=as_of, lang=lang,\n"
                  "                                  pseudonymise=pseudonymise, reports_dir=reports_dir)\n"
                  "display(note(f\"{len(portfolio.members)} collectivité(s) au {portfolio.as_of:%d/%m/%Y} : \"\n"
                  "             + \", \".join(portfolio.names.values())))\n"
                  "display(*notes([f\"{e.path.name} — {e.reason} : \" + \" ; \".join(e.problems[:5]) for e in portfolio.excluded],\n"
                  "               title=\"Dossiers écartés (corrigez-les puis relancez)\"))\n"
                  "display(*notes(portfolio.notices, title=\"Points d'attention\"))",
                  metadata={"tags": ["hide-input"]}),
    md("## Avancement du protocole\n\n"
       "35 jours de session en séquences de 2 à 3 jours, sur 12 à 18 mois ; des cas pratiques pendant 6 mois, puis la "
       "préfiguration du labo ; 5 à 8 jours de préparation par ambassadeur ; une Inter-Transfo tous les 3 à 5 mois. "
       "Une collectivité est **en retard** quand elle a tenu plus d'une séquence (3 jours) de moins que le rythme le plus "
       "lent du protocole (35 jours en 18 mois), **en avance** au-delà du plus rapide (35 jours en 12 mois)."),
    new_code_cell("progress = pf.protocol_progress(portfolio)\n"
                  "display(show_table(pr.days_table(progress, lang=lang), lang=lang))\n"
                  "fig, ax = plt.subplots(figsize=(6.5, 1.6 + 0.55 * len(progress)), layout=\"constrained\")\n"
                  "pf.plot_progress(progress, lang=lang, ax=ax);"),
    new_code_cell("display(show_table(pr.milestones_table(progress, lang=lang), lang=lang))\n"
                  "for row in progress.itertuples():\n"
                  "    display(*notes(row.reasons + row.findings,\n"
                  "                   title=f\"{row.name} — {label(f'portfolio.status.{row.status}', lang)}\"))"),
    md("## Ce que les collectivités partagent, ce qui est propre à chacune\n\n"
       "Les grilles de codage sont rapprochées par étiquette et par famille (et par le fichier de correspondance quand "
       "les noms diffèrent) ; les collectivités sont ensuite comparées comme les sites d'un programme, avec les mêmes "
       "tests et la même correction pour tests multiples."),
    new_code_cell("themes = pf.themes(portfolio)\n"
                  "display(show_table(pr.shared_table(themes, portfolio), lang=lang))\n"
                  "from transfo_lab import comparison\n\n"
                  "specific = comparison.specific_tags(themes.comparison)\n"
                  "display(show_table(comparison.format_comparison(specific.assign(\n"
                  "    tag=specific[\"tag\"].map(lambda k: pf.theme_label(themes, k))), site_names=portfolio.names, lang=lang), lang=lang))"),
    md("## Succès et échecs\n\nLes prototypes de chaque collectivité au dernier test, les reprises d'une collectivité "
       "à l'autre, et les recommandations de la grille d'évaluation."),
    new_code_cell("outcomes = pf.prototype_outcomes(portfolio)\n"
                  "display(show_table(pr.counts_table(pf.outcome_counts(outcomes, portfolio), portfolio), lang=lang))\n"
                  "reused = pf.reuses(portfolio, outcomes)\n"
                  "display(show_table(pr.reuses_table(reused, portfolio), lang=lang))\n"
                  "recommendations, evidence = pf.evaluation_outcomes(portfolio)\n"
                  "display(show_table(pr.recommendations_table(recommendations, portfolio), lang=lang))"),
    md("## Budget et financement\n\nLe coût d'une Transfo est réparti entre les collectivités (environ 2/3) et de grands "
       "partenaires (le dernier 1/3)."),
    new_code_cell("display(show_table(pr.budget_table(pf.budget_overview(portfolio), lang=lang), lang=lang))"),
    md("## Mise en capacité des ambassadeurs\n\n"
       "Au début, à mi-parcours et à la fin, chaque ambassadeur s'auto-évalue de 1 à 5 sur les briques de méthode et les "
       "dix valeurs de La Transfo. L'évolution de chacun est testée par paires (rangs signés de Wilcoxon), avec la taille "
       "de l'effet r (corrélation bisériale des rangs, de −1 à +1)."),
    new_code_cell("change = pf.capacity_change(portfolio)\n"
                  "display(show_table(pr.change_table(change, portfolio, lang), lang=lang))\n"
                  "fig, ax = plt.subplots(figsize=(6.5, 3.4), layout=\"constrained\")\n"
                  "pf.plot_capacity(portfolio, lang=lang, ax=ax);"),
    new_code_cell("display(show_table(pr.attendance_table(pf.attendance_summary(portfolio), portfolio), lang=lang))"),
    md("## Le rapport Inter-Transfo\n\nAvec `reports_dir`, le rapport complet (HTML et PDF, prêt à imprimer) est écrit "
       "dans ce dossier : `inter-transfo.html`, `inter-transfo.pdf`."),
    new_code_cell("if reports_dir:\n"
                  "    written, _ = pr.write_portfolio_report(programmes, reports_dir, formats=formats.split(\",\"),\n"
                  "                                           mapping=mapping, as_of=as_of, kind=kind,\n"
                  "                                           pseudonymise=pseudonymise, lang=lang)\n"
                  "    display(*notes([str(path) for path in written.values()], title=\"Rapport écrit\"))"),
]
nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"}, "transfo_lab": {"scope": "portfolio"}})
for i, c in enumerate(nb.cells):
    c["id"] = f"inter-transfo-{i:02d}"
nbformat.write(nb, "notebooks/06_inter_transfo.ipynb")
