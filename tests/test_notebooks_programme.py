"""notebooks/00_programme.ipynb runs under papermill on both example programmes (and on a bare one)."""
from __future__ import annotations

import nbformat
import pytest

from conftest import LYCEES, NOTEBOOKS, TRANSFO, execute_notebook
from conftest import output_text as texts

NOTEBOOK = NOTEBOOKS / "00_programme.ipynb"


def run(tmp_path, programme_dir, lang="fr"):
    out = tmp_path / "00_programme.out.ipynb"
    return execute_notebook("00_programme", out, {"programme_dir": str(programme_dir), "lang": lang, "site": None})


def images(nb) -> int:
    return sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


def findings_output(nb) -> str:
    cell = next(c for c in nb.cells if c.cell_type == "code" and "planning.check(" in c.source)
    return "\n".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in cell.outputs)


def test_notebook_is_committed_clean():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# Programme")
    parameters = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    assert parameters[0].source == ('programme_dir = "../data/examples/pret-a-deployer-lycees"\nsite = None\nlang = "fr"\npseudonymise = True\nkey_file = None\nreports_dir = None')
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.metadata["transfo_lab"] == {"scope": "programme"}


def test_programme_notebook_on_the_lycees(tmp_path):
    nb = run(tmp_path, LYCEES)
    text = texts(nb)
    assert "Prêt à déployer" in text
    for amount in ("105\u202f400\xa0€", "37\u202f300\xa0€", "23\u202f500\xa0€", "166\u202f200\xa0€"):
        assert amount in text
    assert "Lycée" in text
    assert images(nb) == 1
    assert "erreur" not in findings_output(nb)


def test_programme_notebook_on_la_transfo(tmp_path):
    nb = run(tmp_path, TRANSFO)
    text = texts(nb)
    assert "La Transfo" in text
    assert "Collectivités" in text and "Partenaires" in text
    assert images(nb) == 1
    assert "erreur" not in findings_output(nb)



@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Keys never land in the real home folder while testing."""
    monkeypatch.setenv("TRANSFO_LAB_HOME", str(tmp_path / "home"))


@pytest.fixture
def bare(tmp_path):
    """A programme with no calendar, no budget and no team."""
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "programme.yaml").write_text("name: Ma Transfo\nkind: transfo\nstart: 2017-01-09\n"
                                           "sites:\n  - id: region\n    name: La Région\n", encoding="utf-8")
    return folder


def test_programme_notebook_without_calendar_or_budget(tmp_path, bare):
    text = texts(run(tmp_path, bare))
    assert "Le calendrier du programme est vide : voici le plan type généré à partir du 09/01/2017." in text
    assert "Aucun écart au protocole : le calendrier le respecte." in text
    assert text.count("Pas de données") >= 3  # team, budget, costs


def test_programme_notebook_in_english(tmp_path, bare):
    text = texts(run(tmp_path, bare, lang="en"))
    assert "The programme's calendar is empty" in text and "Session 1 — practical case" in text
