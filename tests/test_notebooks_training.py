"""Every training notebook and its solution executes top to bottom on a participant's copy."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import papermill
import pytest


ROOT = Path(__file__).resolve().parent.parent
LYCEES = ROOT / "data" / "examples" / "pret-a-deployer-lycees"
TRAINING = ROOT / "notebooks" / "training"
MINI = Path(__file__).parent / "data" / "training"
NAMES = sorted(p.name for p in TRAINING.glob("[0-9][0-9]_*.ipynb"))


def run(notebook: Path, tmp_path: Path, workdir: Path):
    out = tmp_path / f"out-{notebook.name}"
    papermill.execute_notebook(str(notebook), str(out), parameters={"workdir": str(workdir)},
                               cwd=str(notebook.parent), kernel_name="python3", progress_bar=False)
    return out


def test_there_are_four_to_six_exercises_each_with_a_solution():
    assert 4 <= len(NAMES) <= 6
    assert NAMES == sorted(p.name for p in (TRAINING / "solutions").glob("*.ipynb"))


@pytest.mark.parametrize("solution", [False, True], ids=["exercice", "corrige"])
@pytest.mark.parametrize("name", NAMES)
def test_training_notebook_runs_on_a_participants_copy(name, solution, tmp_path):
    workdir = tmp_path / "copie"
    shutil.copytree(MINI, workdir)
    run(TRAINING / ("solutions" if solution else "") / name, tmp_path, workdir)


def test_the_tagging_solution_writes_in_the_copy_and_keeps_a_backup(tmp_path):
    workdir = tmp_path / "copie"
    shutil.copytree(MINI, workdir)
    run(TRAINING / "solutions" / "02_coder_les_observations.ipynb", tmp_path, workdir)
    # the first observation keeps its tag and gets the first codebook tag it lacked
    assert "Le portail ferme à 18 h;accueil, cantine\n" in (workdir / "observations.csv").read_text(encoding="utf-8")
    assert "Le portail ferme à 18 h;accueil\n" in (MINI / "observations.csv").read_text(encoding="utf-8")
    [backup] = (workdir / ".backups").iterdir()
    assert backup.read_bytes() == (MINI / "observations.csv").read_bytes()
    from transfo_lab import validate_programme

    assert validate_programme(workdir).ok


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.mark.skipif(not LYCEES.is_dir(), reason="the lycées example programme is not there yet")
@pytest.mark.parametrize("name", ["02_coder_les_observations.ipynb", "04_grille_evaluation.ipynb"])
def test_a_solution_on_the_example_copies_it_and_never_touches_it(name, tmp_path):
    before = _digest(LYCEES)
    workdir = tmp_path / "formation" / "programme"
    run(TRAINING / "solutions" / name, tmp_path, workdir)
    assert (workdir / "programme.yaml").is_file()
    assert _digest(LYCEES) == before
