"""New programme folders, spreadsheet templates and the data-format documentation.

Everything here is generated from the declarations of :mod:`transfo_lab.contract.schemas`, so the
templates in ``templates/programme/``, the folders ``transfo-lab init`` writes and
``docs/data-format.md`` always agree with what the validator expects.
"""
from __future__ import annotations

import csv
import io as _io
from pathlib import Path

from transfo_lab.base.cells import csv_text, write_cell
from transfo_lab.base.exceptions import ParameterError
from transfo_lab.base.labels import check_lang, label
from transfo_lab.contract.io import atomic_write, save_workbook
from transfo_lab.contract.programme import CONFIG_FILE, KINDS
from transfo_lab.contract.schemas import TABLES, Table

_TYPE_FR = {"str": "texte", "int": "nombre entier", "float": "nombre", "date": "date", "bool": "oui/non",
            "choice": "choix", "list": "liste", "likert": "réponse sur l'échelle (1–5 par défaut)"}

PROGRAMME_YAML = {
    "pret_a_deployer": """\
# Programme « Prêt à déployer » : une résidence étendue sur plusieurs sites pilotes,
# puis un cycle d'ateliers prospectifs (3 au plus). Remplacez les valeurs d'exemple.
name: Mon programme Prêt à déployer
kind: pret_a_deployer          # transfo ou pret_a_deployer
lang: fr                       # fr ou en : langue des rapports et des messages
start: 2026-09-07              # date de début (AAAA-MM-JJ)
sites:                         # les sites pilotes ; « id » sert dans toutes les tables
  - id: site-a
    name: Site pilote A
    description: Premier site pilote
  - id: site-b
    name: Site pilote B
    description: Deuxième site pilote
team:
  residents: []                # ex. - {name: Camille Martin, discipline: designer}
  agent_referent: ""
partners: []                   # ex. - Région, - Rectorat
participants: []               # personnes rencontrées, pseudonymisées dans les rapports
voting:
  dots_per_participant: 5      # gommettes par votant
""",
    "transfo": """\
# Programme « La Transfo » : une collectivité construit son propre labo d'innovation.
# 3 résidents accompagnent 20 ambassadeurs pendant 35 jours de sessions sur 12 à 18 mois.
name: Ma Transfo
kind: transfo                  # transfo ou pret_a_deployer
lang: fr                       # fr ou en : langue des rapports et des messages
start: 2026-09-07              # date de début (AAAA-MM-JJ)
sites:                         # la collectivité (et, si besoin, ses terrains de cas pratiques)
  - id: collectivite
    name: Ma collectivité
    description: La collectivité qui construit son labo
team:
  residents: []                # 3 résidents, ex. - {name: Camille Martin, discipline: designer}
  ambassadeurs: []             # 20 agents volontaires, ex. - {name: …, service: …}
  agent_referent: ""
partners: []
participants: []               # personnes rencontrées, pseudonymisées dans les rapports
financing:                     # répartition du financement (parts entre 0 et 1)
  collectivites: 0.667
  partenaires: 0.333
voting:
  dots_per_participant: 5
""",
}


def template_csv(table: Table, lang: str = "fr") -> str:
    """The CSV template of a table: the headers, then a help row starting with ``#``."""
    buffer = _io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([csv_text(c.header(lang)) for c in table.columns])
    helps = [c.help(lang) for c in table.columns]
    helps[0] = "# " + helps[0]
    writer.writerow([csv_text(h) for h in helps])
    return buffer.getvalue()


def template_workbook(lang: str = "fr"):
    """An openpyxl workbook with one sheet per table: headers, a help row, drop-down lists for choices."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in TABLES:
        sheet = workbook.create_sheet(table.file)
        for i, col in enumerate(table.columns, start=1):
            head = write_cell(sheet, 1, i, col.header(lang))
            head.font = Font(bold=True, color="FFFFFF")
            head.fill = PatternFill("solid", fgColor="1F4E79")
            text = col.help(lang)
            help_cell = write_cell(sheet, 2, i, ("# " if i == 1 else "") + text)
            help_cell.font = Font(italic=True, color="595959")
            help_cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[get_column_letter(i)].width = max(14, min(40, len(col.header(lang)) + 6))
            if col.type == "choice" and col.choices:
                rule = DataValidation(type="list", formula1='"' + ",".join(col.choices) + '"', allow_blank=True)
                rule.add(f"{get_column_letter(i)}3:{get_column_letter(i)}2000")
                sheet.add_data_validation(rule)
        sheet.freeze_panes = "A3"
        sheet.row_dimensions[2].height = 60
    return workbook


def write_templates(dest: Path | str, lang: str = "fr") -> list[Path]:
    """Write every table's CSV template, the workbook and the programme.yaml examples into ``dest``."""
    dest = Path(dest)
    written = [atomic_write(dest / f"{t.file}.csv", template_csv(t, lang)) for t in TABLES]
    written.append(save_workbook(template_workbook(lang), dest / "programme.xlsx"))
    for kind, text in PROGRAMME_YAML.items():
        written.append(atomic_write(dest / f"programme.{kind}.yaml", text))
    return written


def init_programme(dest: Path | str, kind: str, *, lang: str = "fr", fmt: str = "csv") -> Path:
    """Create a new programme folder from the templates.

    Parameters
    ----------
    dest : Path or str
        The folder to create. It must not exist, or be empty.
    kind : {"transfo", "pret_a_deployer"}
    fmt : {"csv", "xlsx"}
        One CSV per table, or one workbook ``programme.xlsx`` with a sheet per table.

    Raises
    ------
    ParameterError
        If ``dest`` exists and is not empty, or ``kind``/``fmt`` is unknown.
    """
    if kind not in KINDS:
        raise ParameterError(f"`kind` is expected to be one of {KINDS}. Got {kind!r} instead.")
    if fmt not in ("csv", "xlsx"):
        raise ParameterError(f"`fmt` is expected to be one of ('csv', 'xlsx'). Got {fmt!r} instead.")
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ParameterError(label("scaffold.not_empty", lang, path=dest))
    dest.mkdir(parents=True, exist_ok=True)
    text = PROGRAMME_YAML[kind].replace("lang: fr ", f"lang: {check_lang(lang)} ")
    atomic_write(dest / CONFIG_FILE, text)
    if fmt == "csv":
        for table in TABLES:
            atomic_write(dest / f"{table.file}.csv", template_csv(table, lang))
    else:
        save_workbook(template_workbook(lang), dest / "programme.xlsx")
    return dest


def data_format_markdown() -> str:
    """``docs/data-format.md``, generated from the table declarations."""
    out = [
        "# Le format d'un dossier de programme",
        "",
        "<!-- Generated by `python -m transfo_lab.contract.scaffold docs`: edit transfo_lab/contract/schemas.py, not this file. -->",
        "",
        "Un dossier de programme contient un fichier `programme.yaml` et une table par type d'enregistrement.",
        "Chaque table est un fichier CSV (séparateur `;` ou `,`, encodage UTF-8 — avec ou sans BOM — ou",
        "Windows-1252), un classeur Excel `.xlsx` ou OpenDocument `.ods` portant le nom de la table",
        "(ex. `observations.csv`), ou une feuille de ce nom dans un classeur `programme.xlsx` / `programme.ods`.",
        "Toutes les tables sont facultatives : une table absente est une table vide.",
        "",
        "- Les en-têtes peuvent être écrits en français (ceux des modèles), en anglais, avec ou sans accents.",
        "- Les lignes vides et les lignes dont la première cellule commence par `#` (lignes d'aide) sont ignorées.",
        "- Les numéros de ligne des messages d'erreur sont ceux du tableur (ligne 1 = en-têtes).",
        "- Dates : `12/03/2016`, `2016-03-12`, ou une cellule date d'Excel/LibreOffice.",
        "- Nombres : `2,5` ou `2.5` ; `76 900` ; le symbole `€` est accepté.",
        "- Listes (étiquettes, tensions, sites) : valeurs séparées par des virgules (ou `;`, `|`, un retour à la",
        "  ligne). Une valeur qui contient elle-même une virgule, un point-virgule, une barre `|` ou un guillemet",
        "  s'écrit entre guillemets droits, un guillemet intérieur doublé :",
        "  `\"antiszemitizmus, xenofóbia\", accueil` donne les deux étiquettes « antiszemitizmus, xenofóbia » et",
        "  « accueil » ; `\"le \"\"bon\"\" accueil\"` donne « le \"bon\" accueil ». C'est ainsi que les imports",
        "  (REFI-QDA, Taguette) écrivent les étiquettes qui contiennent ces caractères.",
        "- Choix : insensibles aux accents et aux majuscules (« Enquête » = `enquete`).",
        "",
        "Créez un dossier vide avec ses modèles : `transfo-lab init MON_DOSSIER --kind pret_a_deployer`.",
        "Vérifiez-le : `transfo-lab validate MON_DOSSIER`.",
        "",
        "## `programme.yaml`",
        "",
        "| clé | obligatoire | contenu |",
        "|---|---|---|",
        "| `name` | oui | nom du programme |",
        "| `kind` | oui | `transfo` ou `pret_a_deployer` |",
        "| `lang` | non | `fr` (défaut) ou `en` : langue des rapports et des messages |",
        "| `start` | oui | date de début, `2016-09-05` |",
        "| `end` | non | date de fin prévue |",
        "| `sites` | oui | liste de sites : `id` (lettres, chiffres, `-_.`), `name`, `description` |",
        "| `team` | non | `residents`, `ambassadeurs`, `agent_referent`, `coordination` : noms ou `{name, discipline/service}` |",
        "| `partners` | non | liste des partenaires |",
        "| `participants` | non | personnes rencontrées sur le terrain (pseudonymisées dans les rapports) |",
        "| `financing` | non | parts du financement, ex. `collectivites: 0.667`, `partenaires: 0.333` |",
        "| `voting` | non | `dots_per_participant` : gommettes par votant |",
        "| `evaluation` | non | seuils de recommandation de la grille d'évaluation |",
        "| `privacy` | non | réglages de pseudonymisation |",
        "| `collectivite` | non | la collectivité du programme, pour le rapport Inter-Transfo : `{name, type}`, type "
        "`region`, `departement`, `metropole`, `intercommunalite`, `ville` ou `autre` (voir docs/inter-transfo.md) |",
        "| `survey` | non | `scales` : groupes de questions qui mesurent la même chose (alpha de Cronbach), "
        "ex. `Lieux de vie: [question, question…]` |",
        "",
    ]
    for table in TABLES:
        files = ", ".join(f"`{f}`" for f in table.files)
        out += [f"## {table.title_fr} — `{table.file}`", "", table.doc_fr, "",
                f"Noms de fichier acceptés : {files} (`.csv`, `.xlsx`, `.ods`)."
                + (f" Identifiant : `{table.id}` (unique)." if table.id else ""), "",
                "| colonne (en-tête du modèle) | nom interne | type | obligatoire | valeurs / contrôles | aide |",
                "|---|---|---|---|---|---|"]
        for col in table.columns:
            rules = []
            if col.choices:
                rules.append(", ".join(f"`{c}`" for c in col.choices))
            if col.min is not None:
                rules.append(f"≥ {col.min:g}")
            if col.max is not None:
                rules.append(f"≤ {col.max:g}")
            if col.unique:
                rules.append("unique")
            if col.ref:
                rules.append("doit exister dans " + ("les sites de programme.yaml" if col.ref == "sites" else f"`{col.ref}`"))
            out.append(f"| {col.fr} | `{col.name}` | {_TYPE_FR[col.type]} | {'oui' if col.required else 'non'} | "
                       f"{'; '.join(rules)} | {col.help_fr} |")
        out.append("")
    out += ["## Contrôles entre tables", "",
            "- chaque `site` existe dans `programme.yaml` ;",
            "- chaque étiquette d'une observation ou d'une idée existe dans la grille de codage ;",
            "- chaque référence (`idea`, `prototype`, `criterion`, `case`, `session`) existe dans sa table ;",
            "- une note d'évaluation est dans l'échelle de son critère (par défaut 1 à 5) ;",
            "- un événement ne finit pas avant de commencer ; une section de budget a au moins une ligne chiffrée ;",
            "- un identifiant cité dans une preuve ou un commentaire de `notes` (`OBS-012`, `T-004`, `PR-03`, "
            "`ID-17`) existe dans les observations, les tests, les prototypes ou les idées ;",
            "- une observation n'est codée qu'une fois par chaque codeur dans `double_codage` ; un mémo sur une "
            "étiquette ou un extrait désigne une étiquette de la grille ou une observation ;",
            "- chaque question d'une échelle de `programme.yaml` (`survey: scales`) est posée dans le questionnaire.",
            "", "Une étiquette jamais utilisée, une colonne inconnue ou une table sans ligne donnent un avertissement,",
            "pas une erreur.", ""]
    return "\n".join(out)


def _main(argv=None) -> None:  # pragma: no cover - maintenance entry point
    import sys

    from transfo_lab.base.resources import checkout

    root = checkout()
    if root is None:
        sys.exit("python -m transfo_lab.contract.scaffold réécrit les fichiers du dépôt : lancez-le depuis une copie "
                 "du dépôt.")
    what = (argv or sys.argv[1:] or ["all"])[0]
    if what in ("docs", "all"):
        atomic_write(root / "docs" / "data-format.md", data_format_markdown())
    if what in ("templates", "all"):
        write_templates(root / "templates" / "programme")


if __name__ == "__main__":  # pragma: no cover
    _main()
