"""The kit as others install it: a wheel, in a fresh venv, used from a folder outside the repository.

The wheel is built from a copy of the repository's sources, installed without dependencies in a
new venv that borrows this test venv's packages (every one but transfo_lab and its editable-install
finder), and its ``transfo-lab`` command runs ``init``, ``validate``, ``example`` and ``report``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

#: What the wheel is built from: the package and the repository folders pyproject.toml maps into it.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "transfo_lab", "notebooks", "templates", "data/examples")
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info", "build")


def _setuptools_can_build() -> bool:
    """True when this venv's setuptools meets pyproject's build requirement (then no download is needed)."""
    try:
        from importlib.metadata import version

        return int(version("setuptools").split(".")[0]) >= 77
    except Exception:  # noqa: BLE001 - no setuptools: let pip's build isolation fetch it
        return False


def _run(args, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, args))}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of the kit, built from a copy of the sources (the repository gets no build/ or egg-info)."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        source, target = ROOT / name, src / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=_SKIP)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    out = tmp_path_factory.mktemp("wheels")
    isolation = ["--no-build-isolation"] if _setuptools_can_build() else []
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", *isolation, "-w", out, src])
    [built] = out.glob("transfo_lab-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed, borrowing this venv's dependencies but not its transfo_lab."""
    root = tmp_path_factory.mktemp("venv")
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    borrowed = root / "borrowed"
    borrowed.mkdir()
    for site in dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]):
        for entry in Path(site).iterdir():
            left_out = entry.name.startswith(("__editable__", "transfo_lab")) or entry.suffix == ".pth"
            if not left_out and not (borrowed / entry.name).exists():
                (borrowed / entry.name).symlink_to(entry)
    python = venv / "bin" / "python"
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    (Path(purelib) / "_borrowed.pth").write_text(f"{borrowed}\n", encoding="utf-8")
    _run([python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel], env=_env(root))
    return venv


def _env(home: Path) -> dict:
    """The environment of a user outside the repository: no PYTHONPATH, their own key folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "TRANSFO_LAB_HOME": str(home / "home"), "MPLBACKEND": "Agg"}


def test_the_wheel_holds_the_package_and_its_resources_only(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    version = wheel.name.split("-")[1]
    assert sorted({n.split("/")[0] for n in names}) == ["transfo_lab", f"transfo_lab-{version}.dist-info"]
    for expected in ("transfo_lab/_resources/notebooks/02_user_research.ipynb",
                     "transfo_lab/_resources/notebooks/training/solutions/01_decouvrir_et_valider.ipynb",
                     "transfo_lab/_resources/templates/report/transfo_lab/print.css",
                     "transfo_lab/_resources/templates/programme/programme.xlsx",
                     "transfo_lab/_resources/examples/pret-a-deployer-lycees/questionnaire.xlsx",
                     "transfo_lab/_resources/examples/inter-transfo/portfolio.yaml",
                     "transfo_lab/training/lab_settings/overrides.json", "transfo_lab/py.typed",
                     "transfo_lab/reports/batch.py", "transfo_lab/phases/research/coding.py"):
        assert expected in names
    assert not [n for n in names if "/tests/" in n or "/build/" in n or "__pycache__" in n or ".venv" in n]
    assert sum(zipfile.ZipFile(wheel).getinfo(n).file_size for n in names) < 5_000_000


def test_the_installed_kit_works_from_any_folder(venv, tmp_path):
    env = _env(tmp_path)
    bin_dir = venv / "bin"
    where = _run([bin_dir / "python", "-c", "import transfo_lab, transfo_lab.reports.batch as b, "
                  "transfo_lab.base.resources as r; "
                  "print(transfo_lab.__file__); print(r.notebooks()); print(r.checkout()); "
                  "print(' '.join(p.name for p in b.discover_notebooks()))"], cwd=tmp_path, env=env).stdout.split("\n")
    assert Path(where[0]).is_relative_to(venv)
    assert Path(where[1]) == Path(where[0]).parent / "_resources" / "notebooks"
    assert where[2] == "None"
    assert where[3].split()[:3] == ["00_programme.ipynb", "01_inspiration.ipynb", "02_user_research.ipynb"]

    cli = bin_dir / "transfo-lab"
    assert "créé" in _run([cli, "init", "neuf", "--kind", "pret_a_deployer"], cwd=tmp_path, env=env).stdout
    assert (tmp_path / "neuf" / "programme.yaml").is_file() and (tmp_path / "neuf" / "observations.csv").is_file()
    assert "0 erreur(s)" in _run([cli, "validate", "neuf"], cwd=tmp_path, env=env).stdout

    _run([cli, "example", "lycees"], cwd=tmp_path, env=env)
    assert (tmp_path / "lycees" / "questionnaire.xlsx").read_bytes() == \
        (ROOT / "data" / "examples" / "pret-a-deployer-lycees" / "questionnaire.xlsx").read_bytes()
    assert "0 erreur(s), 0 avertissement(s)" in _run([cli, "validate", "lycees"], cwd=tmp_path, env=env).stdout

    # one phase notebook, taken from the installed kit, for one site: the report templates and the workers
    # (a child process that must import the installed copy) are what this checks; one notebook keeps it short
    notebooks = tmp_path / "carnets"
    notebooks.mkdir()
    shutil.copy(Path(where[1]) / "01_inspiration.ipynb", notebooks)
    done = _run([cli, "report", "lycees", "--out", "rapports", "--formats", "html", "--sites", "lycee-rural",
                 "--notebooks", notebooks, "--no-livret", "--workers", "1"], cwd=tmp_path, env=env)
    assert "2 rapport(s) : 0 échec(s)" in done.stdout
    report = tmp_path / "rapports" / "sites" / "lycee-rural" / "01_inspiration.html"
    assert report.is_file() and (tmp_path / "rapports" / "index.html").is_file()
    styles = ROOT / "templates" / "report" / "transfo_lab"  # the style sheets each page embeds, from the installed kit
    assert (styles / "print.css").read_text(encoding="utf-8").splitlines()[0] in report.read_text(encoding="utf-8")
    assert (styles / "report.css").read_text(encoding="utf-8").splitlines()[0] in \
        (tmp_path / "rapports" / "index.html").read_text(encoding="utf-8")
