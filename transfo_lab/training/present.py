"""Restitution mode: a notebook served as a web page without code, its widgets live (Voilà).

For a journée labo projected on a wall: ``transfo-lab present NOTEBOOK --programme DIR
[--site ID]`` gives the notebook its parameters (as the reports do), then serves it with
Voilà on this computer (``http://127.0.0.1:PORT/``): the text, the tables, the charts and
the widgets (dot voting, evaluation grid…) are there, the code is not.

The notebook is never changed: the parameterised copy lives in a temporary folder, removed
when the server stops.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from transfo_lab.base.exceptions import ParameterError
from transfo_lab.base.labels import label

#: Names the kit's notebooks give the programme folder: phase notebooks, training notebooks.
PROGRAMME_PARAMETERS = ("programme_dir", "workdir")
#: Cells with these tags are left out of the page, as out of a report.
REMOVED_TAGS = frozenset({"remove-cell", "remove_cell", "parameters-guide"})


def notebook_parameters(nb: nbformat.NotebookNode) -> list[str]:
    """The names assigned in the cell tagged ``parameters`` (empty list without one).

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("programme_dir = 'x'\\nsite = None  # un site",
    ...                                                              metadata={"tags": ["parameters"]})])
    >>> notebook_parameters(nb)
    ['programme_dir', 'site']
    """
    import ast

    names = []
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign):
                    names += [t.id for t in node.targets if isinstance(t, ast.Name)]
    return names


def present_notebook(notebook: Path | str, programme: Path | str, *, site: str | None = None,
                     folder: Path | str | None = None, lang: str = "fr") -> Path:
    """Write the notebook with its parameters set (programme folder, site) into ``folder``; return the copy.

    Raises
    ------
    ParameterError
        If the notebook or the programme folder does not exist, the notebook has no programme
        parameter, or a site is asked of a notebook without a ``site`` parameter.
    """
    from papermill.parameterize import parameterize_notebook

    notebook, programme = Path(notebook).expanduser().resolve(), Path(programme).expanduser().resolve()
    if not notebook.is_file():
        raise ParameterError(label("training.notebook_not_found", lang, file=notebook))
    if not programme.is_dir():
        raise ParameterError(label("training.programme_not_found", lang, folder=programme))
    nb = nbformat.read(notebook, as_version=4)
    names = notebook_parameters(nb)
    target = next((n for n in PROGRAMME_PARAMETERS if n in names), None)
    if target is None:
        raise ParameterError(label("training.no_programme_parameter", lang, name=notebook.name,
                                   parameters=", ".join(PROGRAMME_PARAMETERS)))
    parameters = {target: str(programme)}
    if site is not None:
        if "site" not in names:
            raise ParameterError(label("training.no_site_parameter", lang, name=notebook.name))
        parameters["site"] = site
    # what a report leaves out (the guide to the parameters…) is not shown on the wall either
    nb.cells = [c for c in nb.cells if not REMOVED_TAGS & set(c.get("metadata", {}).get("tags", []))]
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])  # papermill reads every cell's tags and its own metadata
    nb.metadata.setdefault("papermill", {})
    nb = parameterize_notebook(nb, parameters, kernel_name="python3", language="python")
    folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="transfo-lab-present-"))
    out = folder / notebook.name
    nbformat.write(nb, out)
    return out


def voila_command(notebook: Path | str, *, port: int = 8866, ip: str = "127.0.0.1", open_browser: bool = True,
                  token: str | None = None) -> list[str]:
    """The Voilà command serving ``notebook`` without its code (and without tracebacks)."""
    command = [sys.executable, "-m", "voila", str(notebook), f"--port={port}", f"--Voila.ip={ip}",
               "--strip_sources=True", "--show_tracebacks=False", "--theme=light",
               "--VoilaConfiguration.file_allowlist=['.*\\.(png|jpg|gif|svg)']"]
    if not open_browser:
        command.append("--no-browser")
    if token:
        command.append(f"--token={token}")
    return command


def present(notebook: Path | str, programme: Path | str, *, site: str | None = None, port: int = 8866,
            ip: str = "127.0.0.1", open_browser: bool = True, lang: str = "fr") -> int:
    """Serve the notebook for a restitution until Ctrl+C; return Voilà's exit status."""
    if shutil.which("voila", path=str(Path(sys.executable).parent)) is None:
        try:
            import voila  # noqa: F401
        except ModuleNotFoundError:
            raise ParameterError(label("training.voila_missing", lang)) from None
    folder = Path(tempfile.mkdtemp(prefix="transfo-lab-present-"))
    try:
        copy = present_notebook(notebook, programme, site=site, folder=folder, lang=lang)
        print(label("training.presenting", lang, name=Path(notebook).name, url=f"http://{ip}:{port}/"))
        try:
            return subprocess.call(voila_command(copy, port=port, ip=ip, open_browser=open_browser), cwd=folder)
        except KeyboardInterrupt:
            return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)
