"""How the kit's notebooks read in JupyterLab: a guided document, the parameters cell the only code in view.

Every code cell but the one tagged ``parameters`` is collapsed (``"jupyter": {"source_hidden":
true}``, which JupyterLab honours: the output stays, the code shows as « … » until clicked).
Just before the parameters cell, a short guide in French says what each parameter is and
how to run the notebook; it is tagged ``remove-cell``, so the reports leave it out.

A collapsed cell still shows its first line in JupyterLab: so that this line is never code,
each collapsed cell starts with a French comment (:data:`CAPTION`) naming what it computes —
the section it stands under.

``python -m transfo_lab.training.notebook_layout`` lays out every notebook of ``notebooks/`` again;
``tests/test_packaging.py`` checks that the committed notebooks are laid out.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

#: Tag of the guide cell (with ``remove-cell``: never in a report).
GUIDE_TAG = "parameters-guide"

#: The first line of a collapsed code cell (all JupyterLab shows of it): « # ▸ … ».
CAPTION = "# ▸ "
#: The caption of the cells before the first section: the imports and the loading of the programme.
SETUP_CAPTION = "Préparation : les outils du kit et les données"

#: What each parameter of the kit's notebooks is, for a résident.
PARAMETER_HELP = {
    "programme_dir": "le dossier de votre programme (celui qui contient `programme.yaml`), entre guillemets",
    "site": "l'identifiant d'un site (voir `programme.yaml`, entre guillemets) pour ne regarder que ce site ; "
            "`None` pour tous les sites",
    "lang": "la langue des tableaux et des graphiques : `\"fr\"` ou `\"en\"`",
    "pseudonymise": "`True` remplace les noms des personnes par des pseudonymes (à garder pour tout document "
                    "diffusé) ; `False` les montre en clair, pour un usage interne seulement",
    "key_file": "le fichier personnel de la clé des pseudonymes ; `None` pour l'emplacement habituel",
    "reports_dir": "le dossier où les rapports sont écrits (la clé n'y est jamais mise) ; `None` s'il n'y en a pas",
    "workdir": "le dossier de votre copie de travail du programme d'exemple (la formatrice ou le formateur "
               "peut vous en donner un autre)",
    "programmes": "la liste des dossiers de programme à comparer (un par collectivité), ou un dossier qui les "
                  "contient tous, entre guillemets",
    "mapping": "le fichier qui fait correspondre les étiquettes de noms différents d'une collectivité à l'autre ; "
               "`None` s'il n'y en a pas",
    "as_of": "la date à laquelle faire le point, `\"AAAA-MM-JJ\"` ; `None` pour aujourd'hui",
    "kind": "le type de programme à comparer (`\"transfo\"` ou `\"pret_a_deployer\"`) ; `None` pour le deviner",
    "out_dir": "le dossier où écrire le rapport Inter-Transfo ; `None` pour ne rien écrire",
    "formats": "les formats du rapport écrit : `\"html,pdf\"`, `\"html\"` ou `\"pdf\"`",
}

GUIDE = """### Avant de commencer : les réglages

La cellule grise juste en dessous est **la seule à modifier**. Elle dit sur quoi travaille le carnet :

{items}

Ensuite, menu **Exécution › Exécuter toutes les cellules**. Les autres cellules de calcul sont repliées
(« … ») : leurs résultats — textes, tableaux, graphiques — s'affichent sous chaque titre, il n'est pas utile de les
ouvrir. Ce paragraphe n'apparaît pas dans les rapports."""


def _parameter_names(source: str) -> list[str]:
    import ast

    return [t.id for node in ast.parse(source).body if isinstance(node, ast.Assign)
            for t in node.targets if isinstance(t, ast.Name)]


def guide_text(parameters_source: str) -> str:
    """The guide for a parameters cell: one line per parameter it sets.

    >>> print(guide_text("site = None").splitlines()[4])
    - `site` : l'identifiant d'un site (voir `programme.yaml`, entre guillemets) pour ne regarder que ce site ; `None` pour tous les sites
    """
    items = "\n".join(f"- `{name}` : {PARAMETER_HELP.get(name, 'voir le commentaire de la cellule')}"
                      for name in _parameter_names(parameters_source))
    return GUIDE.format(items=items)


def _last_heading(source: str) -> str | None:
    """The text of the last Markdown heading of level 2 or more in ``source`` (« ## 1. La grille » → « 1. La grille »)."""
    found = None
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("##"):
            found = stripped.lstrip("#").strip().replace("**", "")
    return found


def captioned(source: str, section: str) -> str:
    """``source`` whose first line is the comment « # ▸ section » (replacing an earlier caption).

    >>> print(captioned("x = 1", "La grille"))
    # ▸ La grille
    x = 1
    >>> captioned(captioned("x = 1", "A"), "B") == captioned("x = 1", "B")
    True
    """
    lines = source.split("\n")
    if lines and lines[0].startswith(CAPTION):
        lines = lines[1:]
    return "\n".join([f"{CAPTION}{section}", *lines])


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def lay_out(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Collapse every code cell but the parameters cell, and put the guide just before it (in place)."""
    nb.cells = [c for c in nb.cells if GUIDE_TAG not in _tags(c)]
    position = next(i for i, c in enumerate(nb.cells) if "parameters" in _tags(c))
    section = SETUP_CAPTION
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            section = _last_heading(cell.source) or section
            continue
        if cell.cell_type != "code":
            continue
        jupyter = cell.metadata.get("jupyter", {})
        if "parameters" in _tags(cell):
            jupyter.pop("source_hidden", None)
            section = SETUP_CAPTION  # the cells right after the parameters prepare the notebook
        else:
            jupyter["source_hidden"] = True
            cell.source = captioned(cell.source, section)
        if jupyter:
            cell.metadata["jupyter"] = jupyter
        else:
            cell.metadata.pop("jupyter", None)
    guide = nbformat.v4.new_markdown_cell(guide_text(nb.cells[position].source),
                                          metadata={"tags": [GUIDE_TAG, "remove-cell"]})
    guide["id"] = "reglages"  # stable: laying out twice changes nothing
    nb.cells.insert(position, guide)
    return nb


def layout_problems(nb: nbformat.NotebookNode) -> list[str]:
    """What differs from :func:`lay_out`: code cells in view, a missing or stale guide."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        hidden = cell.metadata.get("jupyter", {}).get("source_hidden", False)
        if "parameters" in _tags(cell) and hidden:
            problems.append(f"cellule {i} : la cellule des paramètres est repliée")
        elif "parameters" not in _tags(cell) and not hidden:
            problems.append(f"cellule {i} : code visible ({cell.source.splitlines()[0] if cell.source else ''!s})")
        elif "parameters" not in _tags(cell) and not cell.source.startswith(CAPTION):
            problems.append(f"cellule {i} : sa première ligne, seule visible une fois repliée, est du code")
    position = next((i for i, c in enumerate(nb.cells) if "parameters" in _tags(c)), None)
    if position is None or position == 0 or GUIDE_TAG not in _tags(nb.cells[position - 1]):
        problems.append("pas de guide des réglages juste avant la cellule des paramètres")
    elif nb.cells[position - 1].source != guide_text(nb.cells[position].source):
        problems.append("le guide des réglages ne correspond plus à la cellule des paramètres")
    return problems


def lay_out_file(path: Path | str) -> bool:
    """Lay out a notebook file; return True if it changed."""
    path = Path(path)
    before = path.read_text(encoding="utf-8")
    nb = nbformat.reads(before, as_version=4)
    lay_out(nb)
    after = nbformat.writes(nb) + "\n"
    if after != before:
        path.write_text(after, encoding="utf-8")
        return True
    return False


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - a maintenance command
    from transfo_lab.base.labels import default_lang, label
    from transfo_lab.base.resources import notebooks, real_path

    root = real_path(notebooks())
    paths = [Path(p) for p in (argv or [])] or sorted(p for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    for path in paths:
        if lay_out_file(path):
            print(label("training.laid_out", default_lang(), file=path))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
