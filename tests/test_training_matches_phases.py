"""One answer: the training notebook 02 and the phase notebook 02 find the same common and specific themes.

Both run on the lycées example (the training one on a participant's copy of it); the tables
of their cells tagged ``specific-tags`` and ``shared-tags`` must be the same. The training
notebook 03 names the impact/effort quadrants with the library's words, as the chart of the
phase notebook 03 does.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import papermill
import pytest

ROOT = Path(__file__).resolve().parent.parent
LYCEES = ROOT / "data" / "examples" / "pret-a-deployer-lycees"


def _tables(path: Path, tag: str) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    [cell] = [c for c in nb.cells if tag in c.metadata.get("tags", [])]
    html = ["".join(o["data"]["text/html"]) for o in cell.outputs if "text/html" in o.get("data", {})]
    markdown = ["".join(o["data"]["text/markdown"]) for o in cell.outputs if "text/markdown" in o.get("data", {})]
    return [re.sub(r"T_[0-9a-f]{5}", "T_", h) for h in html] + markdown


@pytest.mark.skipif(not LYCEES.is_dir(), reason="the lycées example programme is not there yet")
def test_training_02_and_phase_02_find_the_same_common_and_specific_themes(tmp_path):
    phase, training = tmp_path / "phase.ipynb", tmp_path / "training.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / "02_user_research.ipynb"), str(phase),
                               parameters={"programme_dir": str(LYCEES), "key_file": str(tmp_path / "cle.csv")},
                               cwd=str(ROOT / "notebooks"), kernel_name="python3", progress_bar=False)
    papermill.execute_notebook(str(ROOT / "notebooks" / "training" / "02_coder_les_observations.ipynb"), str(training),
                               parameters={"workdir": str(tmp_path / "copie")},
                               cwd=str(ROOT / "notebooks" / "training"), kernel_name="python3", progress_bar=False)
    for tag in ("specific-tags", "shared-tags"):
        expected = _tables(phase, tag)
        assert expected and "<table" in expected[0], f"{tag}: the phase notebook shows no table"
        assert _tables(training, tag) == expected, f"{tag}: the training and phase notebooks disagree"


def test_training_03_uses_the_quadrant_names_of_the_library():
    from transfo_lab.base.labels import label

    for path in (ROOT / "notebooks" / "training").rglob("03_*.ipynb"):
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
        assert "ideation.format_impact_effort" in text and "ideation.plot_impact_effort" in text
        for old in ("projet majeur", "à la marge", "à éviter"):
            assert old not in text, f"{path.name} still says « {old} »"
        for key in ("quick_win", "big_bet"):
            assert label(f"ideation.quadrant.{key}").lower().rstrip("s") in text.lower()
