"""Writes the small fixture notebooks used by tests/test_batch.py (run it to regenerate them)."""
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).parent / "notebooks"


def notebook(cells, scope=None):
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    if scope:
        nb.metadata["transfo_lab"] = {"scope": scope}
    return nb


def params(source):
    cell = new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    return cell


def hidden(source):
    cell = new_code_cell(source)
    cell.metadata["tags"] = ["hide-input"]
    return cell


PARAMS = 'programme_dir = "../mini"\nsite = None\nlang = "fr"\npseudonymise = True'

FIXTURES = {
    "01_counts.ipynb": notebook([
        new_markdown_cell("# Comptages de terrain\n\nUn petit carnet de test."),
        params(PARAMS),
        hidden("import matplotlib.pyplot as plt\nimport transfo_lab"),
        new_code_cell("prog = transfo_lab.load_programme(programme_dir).for_site(site)"),
        new_markdown_cell("## Les observations\n\nCe que disent les verbatims."),
        new_code_cell("prog.observations[['site', 'text']]"),
        new_code_cell("print(prog.observations['text'].iloc[0])"),
        new_markdown_cell("## Un graphique"),
        new_code_cell("ax = prog.observations['site'].value_counts().plot.bar()\nax.set_title('Observations par site')"),
    ]),
    "02_fragile.ipynb": notebook([
        new_markdown_cell("# Carnet fragile"),
        params(PARAMS),
        new_code_cell("import transfo_lab\nprog = transfo_lab.load_programme(programme_dir)"),
        new_code_cell("if site == 'site-b':\n    raise ValueError('données du site B inexploitables')\nprint('ok', site)"),
    ]),
    "00_overview.ipynb": notebook([
        new_markdown_cell("# Vue d'ensemble"),
        params('programme_dir = "../mini"\nlang = "fr"\nsite = None'),
        new_code_cell("print('programme', programme_dir)"),
    ], scope="programme"),
}

if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    for name, nb in FIXTURES.items():
        nbformat.write(nb, HERE / name)
