"""Shared fixtures: headless matplotlib, closed figures, the example programmes."""
from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

# The command line speaks the language of the environment (transfo_lab.base.labels.default_lang); the tests
# read its French messages whatever the developer's locale (LANG=en_US.UTF-8), in this process and in the
# commands they start. Tests of the English command line set TRANSFO_LAB_LANG=en themselves.
os.environ["TRANSFO_LAB_LANG"] = "fr"

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


def execute_notebook(name: str, out, parameters: dict):
    """Run ``notebooks/<name>.ipynb`` with papermill (cwd = notebooks/) and return the executed notebook."""
    import nbformat
    import papermill

    papermill.execute_notebook(str(NOTEBOOKS / f"{name}.ipynb"), str(out), parameters=parameters,
                               cwd=str(NOTEBOOKS), kernel_name="python3", progress_bar=False)
    return nbformat.read(out, as_version=4)


def output_text(nb) -> str:
    """Everything an executed notebook printed or displayed (streams, plain text, Markdown, HTML), as a reader reads
    it: Markdown's backslash escapes and HTML's character references undone (« \\(s\\) » reads « (s) »)."""
    import html
    import re

    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                parts.append(output["text"])
            elif "data" in output:
                for kind in ("text/plain", "text/markdown", "text/html"):
                    text = output["data"].get(kind, "")
                    text = "".join(text) if isinstance(text, list) else text
                    if kind == "text/markdown":
                        text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~$])", r"\1", text)
                    parts.append(html.unescape(text))
    return "\n".join(parts)


def image_count(nb) -> int:
    """How many charts (PNG outputs) an executed notebook shows."""
    return sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
