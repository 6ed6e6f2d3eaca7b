"""The kit installs as documented: pyproject and environment.yml agree, the CLI exists."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _bound(requirement: str) -> str | None:
    match = re.search(r">=\s*([0-9][^,; ]*)", requirement)
    return match.group(1) if match else None


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"]) + project["optional-dependencies"]["test"] \
        + project["optional-dependencies"]["lab"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    declared = {_name(d.split("=")[0] if "=" in d and ">=" not in d else d): _bound(d) for d in conda + pip if d != "-e ."}
    for requirement in wanted:
        name = _name(requirement)
        assert name in declared, f"{name} is in pyproject.toml but not in environment.yml"
        assert declared[name] == _bound(requirement), f"{name}: lower bounds differ"
    assert "python=3.11" in conda
    assert "-e ." in pip


def test_every_dependency_has_a_lower_bound():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        assert _bound(requirement), f"{requirement} has no lower bound"


def test_cli_help_is_french():
    out = subprocess.run([sys.executable, "-m", "transfo_lab.cli", "--help"], capture_output=True, text=True, check=True)
    assert "commandes" in out.stdout
    assert "vérifier un dossier de programme" in out.stdout
    assert "créer un nouveau dossier de programme" in out.stdout


def test_committed_notebooks_have_no_outputs_and_one_parameters_cell():
    import nbformat

    notebooks = sorted((ROOT / "notebooks").rglob("*.ipynb"))
    for path in notebooks:
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), f"{path.name} has outputs"
        tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{path.name} must have exactly one cell tagged 'parameters'"


def test_notebooks_read_as_guided_documents_in_jupyterlab():
    import nbformat

    from transfo_lab.training.notebook_layout import layout_problems

    for path in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        problems = layout_problems(nbformat.read(path, as_version=4))
        assert not problems, f"{path.name}: {problems} (python -m transfo_lab.training.notebook_layout)"


def test_make_lab_opens_jupyterlab_in_french_without_news():
    from transfo_lab.training.jupyterlab import SETTINGS_DIR, lab_options, overrides

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lab = [_name(r) for r in project["optional-dependencies"]["lab"]]
    assert "jupyterlab-language-pack-fr-fr" in lab and "voila" in lab
    settings = overrides()
    assert settings["@jupyterlab/translation-extension:plugin"]["locale"] == "fr_FR"
    assert settings["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert f"--LabApp.app_settings_dir={SETTINGS_DIR}" in lab_options()
    makefile = (ROOT / "Makefile").read_text()
    assert "$(PY) -m transfo_lab.training.jupyterlab" in makefile.split("\nlab:")[1].split("\n\n")[0]


def test_present_command_is_documented_in_french():
    out = subprocess.run([sys.executable, "-m", "transfo_lab.cli", "present", "--help"], capture_output=True,
                         text=True, check=True)
    assert "--programme" in out.stdout and "--site" in out.stdout and "sans code" in out.stdout


def test_present_gives_the_notebook_its_parameters_and_leaves_the_guide_out(tmp_path):
    import nbformat
    import pytest

    from transfo_lab.base.exceptions import ParameterError
    from transfo_lab.training.present import present_notebook

    programme = ROOT / "tests" / "data" / "training"
    copy = present_notebook(ROOT / "notebooks" / "05_evaluation.ipynb", programme, site="lycee-a", folder=tmp_path)
    nb = nbformat.read(copy, as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert f'programme_dir = "{programme}"' in injected.source and 'site = "lycee-a"' in injected.source
    assert not [c for c in nb.cells if "parameters-guide" in c.metadata.get("tags", [])]
    training = nbformat.read(present_notebook(ROOT / "notebooks" / "training" / "04_grille_evaluation.ipynb",
                                              programme, folder=tmp_path / "t"), as_version=4) \
        if (tmp_path / "t").mkdir() is None else None
    assert any(f'workdir = "{programme}"' in c.source for c in training.cells)
    with pytest.raises(ParameterError, match="site"):
        present_notebook(ROOT / "notebooks" / "training" / "04_grille_evaluation.ipynb", programme, site="x",
                         folder=tmp_path)


def test_pyproject_lists_every_package_and_maps_the_resource_folders():
    from transfo_lab.base import resources

    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    code = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "transfo_lab").rglob("*.py")
            if "__pycache__" not in p.parts}
    assert code and not code - set(setuptools["packages"]), "missing from [tool.setuptools] packages"
    mapped = {name.removeprefix("transfo_lab._resources."): folder
              for name, folder in setuptools["package-dir"].items()}
    assert mapped == resources.SOURCES == {"notebooks": "notebooks", "templates": "templates",
                                           "examples": "data/examples"}
    for name, folder in mapped.items():
        assert f"transfo_lab._resources.{name}" in setuptools["packages"] and (ROOT / folder).is_dir()


def test_a_source_checkout_reads_the_repository_folders():
    """An editable install (``pip install -e .``) or PYTHONPATH: no build copied the resources, the checkout is read."""
    import transfo_lab
    from transfo_lab.base import resources
    from transfo_lab.reports.batch import discover_notebooks
    from transfo_lab.training.jupyterlab import NOTEBOOKS_DIR, SETTINGS_DIR

    assert Path(transfo_lab.__file__).parent == ROOT / "transfo_lab"
    assert resources.checkout() == ROOT
    assert resources.notebooks() == NOTEBOOKS_DIR == ROOT / "notebooks"
    assert resources.report_templates() == ROOT / "templates" / "report" / "transfo_lab"
    assert resources.programme_templates() == ROOT / "templates" / "programme"
    assert resources.example() == ROOT / "data" / "examples" / "pret-a-deployer-lycees"
    assert resources.example_names() == ["inter-transfo", "pret-a-deployer-lycees", "transfo-val-de-loire"]
    assert SETTINGS_DIR == ROOT / "transfo_lab" / "training" / "lab_settings"
    assert discover_notebooks() == sorted((ROOT / "notebooks").glob("0*.ipynb"))


def test_the_cli_alone_parses_arguments():
    """No library module adds a subcommand (argparse itself: tests/test_import_graph.py); the CLI declares them all."""
    for path in sorted((ROOT / "transfo_lab").rglob("*.py")):
        if path.name == "cli.py" or "cli" in path.relative_to(ROOT / "transfo_lab").parts[:-1]:
            continue
        text = path.read_text(encoding="utf-8")
        assert "_COMMANDS" not in text and "add_argument" not in text, f"{path.name} declares a command"
    from transfo_lab.cli import build_parser

    commands = build_parser()._subparsers._group_actions[0].choices
    assert list(commands) == ["init", "example", "validate", "run", "report", "livret", "portfolio", "present",
                              "training-copy", "import", "export-qda", "coding-sample", "agreement"]
