"""Training sessions: each participant works on a private copy of an example programme.

The training notebooks (``notebooks/training/``) and the widgets write into the programme
folder they are given. So that nothing done in a session can damage the bundled examples,
every participant first gets a copy: ``transfo-lab training-copy DEST`` on the command line,
or :func:`ensure_copy` in the first cell of a notebook. ``transfo-lab example DEST --name …``
copies any bundled example (:func:`copy_example`).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from transfo_lab.base import resources
from transfo_lab.base.exceptions import ParameterError
from transfo_lab.base.labels import label
from transfo_lab.contract.programme import CONFIG_FILE

#: The example copied by default (see :mod:`transfo_lab.base.resources`): Prêt à déployer in three lycées.
DEFAULT_EXAMPLE = resources.DEFAULT_EXAMPLE
_IGNORED = shutil.ignore_patterns(".backups", ".ipynb_checkpoints", "__pycache__", "~$*", ".~lock.*", ".*.lock",
                                  ".transfo-lab-state.json")


def copy_programme(dest: Path | str, programme: Path | str | None = None, *, lang: str = "fr") -> Path:
    """Copy a programme folder (by default the lycées example) to ``dest``, a new or empty folder.

    Parameters
    ----------
    dest : Path or str
        Where the copy goes (``~`` is expanded). It must not exist or be empty.
    programme : Path or str, optional
        The programme folder to copy; defaults to the bundled example :data:`DEFAULT_EXAMPLE`.
    lang : {"fr", "en"}, default "fr"
        The language of the error messages.

    Returns
    -------
    Path
        The copy, resolved.

    Raises
    ------
    ParameterError
        If ``dest`` is not empty, or ``programme`` is not a programme folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> source = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (source / "programme.yaml").write_text("name: Essai")
    >>> copy = copy_programme(pathlib.Path(tempfile.mkdtemp()) / "ma-copie", source)
    >>> sorted(p.name for p in copy.iterdir())
    ['programme.yaml']
    >>> copy_programme(copy, source)
    Traceback (most recent call last):
    ...
    transfo_lab.base.exceptions.ParameterError: le dossier ... n'est pas vide : choisissez un dossier nouveau ou vide
    """
    if programme is None:
        return copy_example(dest, DEFAULT_EXAMPLE, lang=lang)
    source = Path(programme).expanduser()
    if not (source / CONFIG_FILE).is_file():
        raise ParameterError(label("training.not_a_programme", lang, folder=source, file=CONFIG_FILE))
    return _copy_folder(source, dest, lang)


def copy_example(dest: Path | str, name: str = DEFAULT_EXAMPLE, *, lang: str = "fr") -> Path:
    """Copy a bundled example programme (or portfolio of programmes) to ``dest``, a new or empty folder.

    Parameters
    ----------
    dest : Path or str
        Where the copy goes (``~`` is expanded). It must not exist or be empty.
    name : str, default "pret-a-deployer-lycees"
        One of :func:`transfo_lab.base.resources.example_names`.
    lang : {"fr", "en"}, default "fr"
        The language of the error messages.

    Returns
    -------
    Path
        The copy, resolved.

    Raises
    ------
    ParameterError
        If no example has that name (the message lists them), or ``dest`` is not empty.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> copy = copy_example(pathlib.Path(tempfile.mkdtemp()) / "lycees")
    >>> (copy / "programme.yaml").is_file()
    True
    >>> copy_example(copy, "transfo-val-de-loire")
    Traceback (most recent call last):
    ...
    transfo_lab.base.exceptions.ParameterError: le dossier ... n'est pas vide : choisissez un dossier nouveau ou vide
    """
    return _copy_folder(resources.real_path(resources.example(name, lang=lang)), dest, lang)


def _copy_folder(source: Path, dest: Path | str, lang: str = "fr") -> Path:
    dest = Path(dest).expanduser()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ParameterError(label("training.folder_not_empty", lang, folder=dest))
    if dest.resolve().is_relative_to(source.resolve()):
        raise ParameterError(label("training.copy_inside_source", lang, folder=source))
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, dest, ignore=_IGNORED, dirs_exist_ok=True)
    return dest.resolve()


def ensure_copy(workdir: Path | str, programme: Path | str | None = None) -> Path:
    """The participant's private copy at ``workdir``, created by :func:`copy_programme` if absent.

    A folder that already holds a ``programme.yaml`` is the participant's copy from an
    earlier exercise: it is kept as it is (with their work).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> source = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (source / "programme.yaml").write_text("name: Essai")
    >>> workdir = pathlib.Path(tempfile.mkdtemp()) / "copie"
    >>> ensure_copy(workdir, source) == ensure_copy(workdir, source) == workdir.resolve()
    True
    """
    workdir = Path(workdir).expanduser()
    if (workdir / CONFIG_FILE).is_file():
        return workdir.resolve()
    return copy_programme(workdir, programme)
