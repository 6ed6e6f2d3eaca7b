"""The kit's own files: phase notebooks, report and programme templates, example programmes, JupyterLab settings.

Every module finds them here, with :mod:`importlib.resources`, never by walking up from its
own file. In an installed kit (a wheel, ``pip install .``) they are package data under
``transfo_lab/_resources/``: ``pyproject.toml`` maps the repository's top-level folders
(:data:`SOURCES`) into the package when it builds. In a source checkout (``pip install -e .``,
or ``PYTHONPATH`` pointing at the repository) no build has copied them: they are read from
the repository folders the mapping takes them from.

Checked on setuptools' editable install: its import finder maps ``transfo_lab`` to the
repository but does not resolve the nested ``transfo_lab._resources.*`` folders, hence the
reading of the checkout's folders, recognised by its ``pyproject.toml`` (:func:`checkout`).

The functions return :class:`~importlib.resources.abc.Traversable` objects — real
:class:`~pathlib.Path` objects for every installation pip makes. Where a file-system path is
needed (papermill, WeasyPrint's ``base_url``, a copy), :func:`real_path` goes through
:func:`importlib.resources.as_file`.

>>> sorted(p.name for p in notebooks().iterdir() if p.name.startswith("00_"))
['00_programme.ipynb']
>>> (report_templates() / "report.css").is_file()
True
>>> DEFAULT_EXAMPLE in example_names()
True
"""
from __future__ import annotations

import atexit
import contextlib
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["DEFAULT_EXAMPLE", "SOURCES", "checkout", "example", "example_names", "examples",
           "import_root", "lab_settings", "notebook", "notebook_names", "notebooks", "package_folder", "programme_templates", "real_path",
           "report_templates", "templates"]

PACKAGE = "transfo_lab"
#: Resource folder → the repository folder the build maps into ``transfo_lab/_resources/<folder>``
#: (``[tool.setuptools.package-dir]`` of ``pyproject.toml``; a test checks that both agree).
SOURCES = {"notebooks": "notebooks", "templates": "templates", "examples": "data/examples"}
#: The example programme copied when none is named: Prêt à déployer in three lycées.
DEFAULT_EXAMPLE = "pret-a-deployer-lycees"
_EXAMPLE_FILES = ("programme.yaml", "portfolio.yaml")
#: The temporary copies :func:`real_path` made of resources that were not files (a zipped package), removed at exit.
_KEPT = contextlib.ExitStack()
atexit.register(_KEPT.close)


def _folder(name: str) -> Traversable:
    package = files(PACKAGE)
    packaged = package / "_resources" / name
    if packaged.is_dir():
        return packaged
    root = checkout()
    if root is None:  # pragma: no cover - an installation without its data: a broken build
        raise FileNotFoundError(f"{PACKAGE}: resource folder {name!r} is missing from the installed package")
    return root / SOURCES[name]


def notebooks() -> Traversable:
    """The folder of the phase notebooks (``NN_name.ipynb``) and of ``training/``."""
    return _folder("notebooks")


def templates() -> Traversable:
    """The templates folder: ``report/`` (report style sheets) and ``programme/`` (empty tables)."""
    return _folder("templates")


def report_templates() -> Traversable:
    """The style sheets of the reports (``report.css``, ``print.css``)."""
    return templates() / "report" / "transfo_lab"


def programme_templates() -> Traversable:
    """The empty programme tables (one CSV per table, ``programme.xlsx``, ``programme.<kind>.yaml``)."""
    return templates() / "programme"


def examples() -> Traversable:
    """The folder of the bundled example programmes."""
    return _folder("examples")


def example_names() -> list[str]:
    """The names of the bundled examples: programme folders, and portfolios of several programmes."""
    return sorted(p.name for p in examples().iterdir()
                  if p.is_dir() and any((p / f).is_file() for f in _EXAMPLE_FILES))


def _bundled_notebooks() -> dict[str, Traversable]:
    """Name (``02_user_research``, ``training/01_decouvrir_et_valider``) → notebook, phase notebooks first."""
    found = {}
    for folder, prefix in ((notebooks(), ""), (notebooks() / "training", "training/")):
        if folder.is_dir():
            found.update({prefix + p.name.removesuffix(".ipynb"): p for p in sorted(folder.iterdir(), key=lambda p: p.name)
                          if p.name.endswith(".ipynb") and p.name[:2].isdigit()})
    return found


def notebook_names() -> list[str]:
    """The names of the bundled notebooks: the phase notebooks, then the training ones (``training/…``).

    >>> notebook_names()[:2]
    ['00_programme', '01_inspiration']
    >>> "training/01_decouvrir_et_valider" in notebook_names()
    True
    """
    return list(_bundled_notebooks())


def notebook(name: str, *, lang: str = "fr") -> Traversable:
    """A bundled notebook by its name: ``02_user_research``, ``02_user_research.ipynb``, or a training notebook
    (``01_decouvrir_et_valider`` or ``training/01_decouvrir_et_valider.ipynb``).

    Raises
    ------
    ParameterError
        If no bundled notebook has that name; the message lists the names there are.

    Examples
    --------
    >>> notebook("02_user_research.ipynb").name
    '02_user_research.ipynb'
    >>> notebook("01_decouvrir_et_valider").name
    '01_decouvrir_et_valider.ipynb'
    >>> notebook("user_research")
    Traceback (most recent call last):
    ...
    transfo_lab.base.exceptions.ParameterError: carnet « user_research » introuvable : ni un fichier, ni un carnet ...
    """
    found = _bundled_notebooks()
    stem = name.strip().replace("\\", "/").removesuffix(".ipynb")
    for candidate in (stem, f"training/{stem}"):
        if candidate in found:
            return found[candidate]
    from transfo_lab.base.exceptions import ParameterError
    from transfo_lab.base.labels import label

    raise ParameterError(label("resources.unknown_notebook", lang, name=name, names=", ".join(found)))


def example(name: str = DEFAULT_EXAMPLE, *, lang: str = "fr") -> Traversable:
    """One bundled example programme (or portfolio) folder.

    Raises
    ------
    ParameterError
        If no example has that name; the message lists the names there are.

    Examples
    --------
    >>> (example() / "programme.yaml").is_file()
    True
    >>> example("lycees")
    Traceback (most recent call last):
    ...
    transfo_lab.base.exceptions.ParameterError: exemple « lycees » inconnu : exemples fournis : inter-transfo, ...
    """
    names = example_names()
    if name not in names:
        from transfo_lab.base.exceptions import ParameterError
        from transfo_lab.base.labels import label

        raise ParameterError(label("resources.unknown_example", lang, name=name, names=", ".join(names)))
    return examples() / name


def lab_settings() -> Traversable:
    """The application settings folder of the kit's JupyterLab (its ``overrides.json``)."""
    return files(PACKAGE) / "training" / "lab_settings"


def real_path(resource: Traversable) -> Path:
    """A file-system path for a resource, valid until the process ends (:func:`importlib.resources.as_file`).

    For a package installed as files — every installation pip makes — it is the resource itself.

    >>> real_path(report_templates()).is_dir()
    True
    """
    return Path(_KEPT.enter_context(as_file(resource)))


def package_folder() -> Path:
    """The folder of the installed ``transfo_lab`` package (what the kit's own code is)."""
    return real_path(files(PACKAGE))


def import_root() -> Path:
    """The folder that holds the ``transfo_lab`` package: a child process with it on ``PYTHONPATH``
    imports this same copy of the kit."""
    return package_folder().parent


def checkout() -> Path | None:
    """The repository when the kit runs from a source checkout (editable install, ``PYTHONPATH``), else None.

    Maintenance commands that rewrite the repository's own files (``python -m transfo_lab.contract.scaffold``,
    ``python -m transfo_lab.training.notebook_layout``) need it; the kit itself reads through the functions above.
    """
    root = import_root()
    if (root / "pyproject.toml").is_file() and all((root / source).is_dir() for source in SOURCES.values()):
        return root
    return None
