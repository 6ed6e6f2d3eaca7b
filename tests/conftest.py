"""Shared fixtures: headless matplotlib, closed figures, the example programmes."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
LYCEES = EXAMPLES / "pret-a-deployer-lycees"
TRANSFO = EXAMPLES / "transfo-val-de-loire"
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture(autouse=True)
def close_figs():
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def lycees():
    """The Prêt à déployer example programme, loaded once."""
    from transfo_lab import load_programme

    return load_programme(LYCEES)


@pytest.fixture(scope="session")
def transfo():
    """The La Transfo example programme, loaded once."""
    from transfo_lab import load_programme

    return load_programme(TRANSFO)
