"""notebooks/01_inspiration and 02_user_research run under papermill: on a small hand-made programme (all sites,
one site in English without pseudonymisation, and with no fieldwork at all) and on both example programmes."""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from conftest import LYCEES, NOTEBOOKS, TRANSFO, execute_notebook
from conftest import image_count as images
from conftest import output_text as texts

RESEARCH = Path(__file__).parent / "data" / "research"
NAMES = ("01_inspiration", "02_user_research")
PARAMETERS = ('programme_dir = "../data/examples/pret-a-deployer-lycees"\nsite = None\nlang = "fr"\n'
              'pseudonymise = True\nkey_file = None\nreports_dir = None')


def run(tmp_path, name, programme_dir, **parameters):
    out = tmp_path / f"{name}.{parameters.get('site') or 'all'}.out.ipynb"
    parameters.setdefault("key_file", str(tmp_path / "keys" / "cle.csv"))
    return execute_notebook(name, out, {"programme_dir": str(programme_dir), **parameters})


def needs(folder: Path):
    return pytest.mark.skipif(not (folder / "programme.yaml").exists(), reason=f"{folder.name} not generated yet")


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_clean(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    parameters = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1 and parameters[0].source == PARAMETERS
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Keys never land in the real home folder while testing."""
    monkeypatch.setenv("TRANSFO_LAB_HOME", str(tmp_path / "home"))


def test_research_all_sites_pseudonymised(tmp_path):
    nb = run(tmp_path, "02_user_research", RESEARCH)
    out = texts(nb)
    assert "Karim Benali" not in out and "karim.benali@lycee-a.fr" not in out and "06 12 34 56 78" not in out
    assert "Personne 3" in out and "[courriel 2]" in out
    assert (tmp_path / "keys" / "cle.csv").read_text(encoding="utf-8").startswith("kind;original;pseudonym\n")
    assert "Pas de données pour Lycée C (sans observation) : aucune observation sur ce(s) site(s)." in out
    assert "parcours « Arrivée à l'internat » (site-b) : étape(s) 3 manquante(s) (étapes présentes : 1, 2, 4)" in out
    assert "Pas de données pour 3 question(s) × site(s) sans aucune réponse" in out
    assert images(nb) >= 6


def test_research_one_site_in_english_without_pseudonymisation(tmp_path):
    nb = run(tmp_path, "02_user_research", RESEARCH, site="site-a", lang="en", pseudonymise=False)
    out = texts(nb)
    assert "Pseudonymisation off: names, e-mails and phone numbers appear as written." in out
    assert "Karim Benali" in out
    assert not (tmp_path / "keys").exists()
    assert "confie une élève" not in out  # a verbatim of site-b
    assert "Share of observations carrying each tag" not in out and images(nb) >= 4


def test_inspiration_on_the_small_programme(tmp_path):
    nb = run(tmp_path, "01_inspiration", RESEARCH)
    out = texts(nb)
    assert "marie.durand@exemple.org" not in out and "[courriel 1]" in out
    assert "La cantine participative" in out
    assert images(nb) == 2


def test_notebooks_on_a_programme_without_fieldwork(tmp_path):
    folder = tmp_path / "vide"
    folder.mkdir()
    shutil.copy(RESEARCH / "programme.yaml", folder / "programme.yaml")
    research = texts(run(tmp_path, "02_user_research", folder))
    for message in ("Pas de données : aucune observation.", "Pas de données : aucune réponse au questionnaire.",
                    "Pas de données : aucun parcours usager.",
                    "Pas de données : la comparaison demande au moins deux sites ayant des observations."):
        assert message in research
    inspiration = texts(run(tmp_path, "01_inspiration", folder, site="site-a"))
    assert "Pas de données : le catalogue d'inspiration est vide." in inspiration
    assert "Pas de données : aucun cas comparé dans le benchmark." in inspiration


@needs(LYCEES)
@pytest.mark.parametrize("name", NAMES)
def test_lycees_all_sites(tmp_path, name, lycees):
    nb = run(tmp_path, name, LYCEES)
    out = texts(nb)
    for person in lycees.config.participants:
        assert person not in out
    # inspiration: tags, benchmark; research: shares, specificity, co-occurrence, affinity, survey, 2 journeys
    assert images(nb) == (2 if name == "01_inspiration" else 7)


@needs(LYCEES)
def test_lycees_one_site(tmp_path, lycees):
    nb = run(tmp_path, "02_user_research", LYCEES, site="lycee-rural")
    out = texts(nb)
    assert "**Prêt à déployer — Le lycée, lieu de vie** — Lycée polyvalent des Brandes (Le Blanc)" in out
    assert images(nb) == 7


@needs(TRANSFO)
@pytest.mark.parametrize("name", NAMES)
def test_transfo_example(tmp_path, name):
    nb = run(tmp_path, name, TRANSFO)
    assert images(nb) >= 1 and "Traceback" not in texts(nb)
