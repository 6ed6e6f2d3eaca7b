"""notebooks/03_ideation, 04_prototypes and 05_evaluation run under papermill: on a small hand-made programme
(all sites, one site, in English, and with no data at all) and on both example programmes."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from conftest import LYCEES, NOTEBOOKS, TRANSFO, execute_notebook
from conftest import image_count as images
from conftest import output_text as texts

PHASES = Path(__file__).parent / "data" / "phases"
NAMES = ("03_ideation", "04_prototypes", "05_evaluation")


def run(tmp_path, name, programme_dir, site=None, lang="fr"):
    out = tmp_path / f"{name}.{site or 'all'}.{lang}.out.ipynb"
    return execute_notebook(name, out, {"programme_dir": str(programme_dir), "site": site, "lang": lang})


def needs(folder: Path):
    """Mark a test that runs on an example programme (the examples are committed: never skipped)."""
    assert (folder / "programme.yaml").exists(), f"{folder} is missing"
    return lambda test: test


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_clean(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    parameters = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    assert parameters[0].source == ('programme_dir = "../data/examples/pret-a-deployer-lycees"\nsite = None\nlang = "fr"\npseudonymise = True\nkey_file = None\nreports_dir = None')
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
    assert nb.metadata["kernelspec"]["name"] == "python3"



@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Keys never land in the real home folder while testing."""
    monkeypatch.setenv("TRANSFO_LAB_HOME", str(tmp_path / "home"))


@pytest.fixture
def bare(tmp_path):
    """A programme with no idea, vote, prototype, test, criterion or score."""
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "programme.yaml").write_text("name: Vide\nkind: pret_a_deployer\nstart: 2016-09-05\n"
                                           "sites:\n  - id: s1\n    name: Site 1\n", encoding="utf-8")
    return folder


# --- the hand-made programme: answers known --------------------------------------------------------

def test_ideation_on_hand_made_programme(tmp_path):
    nb = run(tmp_path, "03_ideation", PHASES)
    text = texts(nb)
    assert "votes.csv, ligne 8, colonne « Gommettes » : Marc a posé 4 gommettes pour un budget de 3 par participant" \
        in text  # the dot budget problem, written by Problem.format as everywhere
    assert "## 1. Cantine ouverte le soir" in text and "## 2. Internat partagé" in text
    assert "Portail animé" not in text.split("# Cahier de propositions")[1]   # écartée
    assert "**Sites de test** : Lycée A, Lycée B" in text
    assert "ex æquo" in text
    assert images(nb) == 4   # themes, votes, impact/effort, tensions


def test_prototypes_on_hand_made_programme(tmp_path):
    nb = run(tmp_path, "04_prototypes", PHASES)
    text = texts(nb)
    assert "Foyer du soir" in text and "non testé" in text and "jamais testé" in text
    assert text.index("Trop tôt") < text.index("Ouvrir à 19 h") < text.index("Lisible")
    assert images(nb) == 2


def test_evaluation_on_hand_made_programme(tmp_path):
    nb = run(tmp_path, "05_evaluation", PHASES)
    text = texts(nb)
    assert "⚠ la somme des poids des critères vaut 4 et non 1 : les poids ont été normalisés" in text
    assert "### Lycée A — tour 2 : **Déployer**" in text
    assert "### Lycée B — tour 1 : **Adapter**" in text
    assert "critère commun à tous les sites « Usage réel » noté 1,00 < 2,00 (plancher)" in text
    assert "- Usage réel (usage) : 1,0/5 — preuve : Personne le soir — **déclencheur**" in text
    assert "- Coût maîtrisé (coûts) : *note manquante*" in text
    assert images(nb) == 4   # trends, one radar per site (2, each at its printed size), heatmap


def test_evaluation_for_one_site_in_english(tmp_path):
    text = texts(run(tmp_path, "05_evaluation", PHASES, site="lycee-b", lang="en"))
    assert "### Lycée B — round 1: **Adapt**" in text
    assert "Lycée A —" not in text


@pytest.mark.parametrize("name", ("03_ideation", "04_prototypes"))
def test_one_site(tmp_path, name):
    text = texts(run(tmp_path, name, PHASES, site="lycee-b"))
    assert "Lycée B" in text


@pytest.mark.parametrize("name", NAMES)
def test_programme_without_data_says_so(tmp_path, bare, name):
    text = texts(run(tmp_path, name, bare))
    assert text.count("Pas de données") >= 3


# --- the example programmes ------------------------------------------------------------------------

@needs(LYCEES)
@pytest.mark.parametrize("name", NAMES)
def test_on_the_lycees(tmp_path, name):
    nb = run(tmp_path, name, LYCEES)
    assert images(nb) >= 1
    if name == "05_evaluation":
        assert texts(nb).count("### ") == 3   # one recommendation per lycée, with its evidence


@needs(LYCEES)
@pytest.mark.parametrize("name", NAMES)
def test_on_one_lycee(tmp_path, name):
    nb = run(tmp_path, name, LYCEES, site="lycee-rural")
    if name == "05_evaluation":
        assert texts(nb).count("### ") == 1


@needs(TRANSFO)
@pytest.mark.parametrize("name", NAMES)
def test_on_la_transfo(tmp_path, name):
    run(tmp_path, name, TRANSFO)
