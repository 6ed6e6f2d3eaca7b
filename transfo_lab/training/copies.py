"""Training sessions: each participant works on a private copy of an example programme.

The training notebooks (``notebooks/training/``) and the widgets write into the programme
folder they are given. So that nothing done in a session can damage ``data/examples``,
every participant first gets a copy: ``transfo-lab training-copy DEST`` on the command line,
or :func:`ensure_copy` in the first cell of a notebook.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from transfo_lab.base.exceptions import ParameterError
from transfo_lab.contract.programme import CONFIG_FILE

ROOT = Path(__file__).resolve().parents[2]
#: The programme copied by default: the Prêt à déployer example (3 lycées).
DEFAULT_PROGRAMME = ROOT / "data" / "examples" / "pret-a-deployer-lycees"
_IGNORED = shutil.ignore_patterns(".backups", ".ipynb_checkpoints", "__pycache__", "~$*", ".~lock.*", ".*.lock",
                                  ".transfo-lab-state.json")


def copy_programme(dest: Path | str, programme: Path | str | None = None) -> Path:
    """Copy a programme folder (by default the lycées example) to ``dest``, a new or empty folder.

    Parameters
    ----------
    dest : Path or str
        Where the copy goes (``~`` is expanded). It must not exist or be empty.
    programme : Path or str, optional
        The programme folder to copy; defaults to :data:`DEFAULT_PROGRAMME`.

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
    source = Path(programme).expanduser() if programme is not None else DEFAULT_PROGRAMME
    dest = Path(dest).expanduser()
    if not (source / CONFIG_FILE).is_file():
        raise ParameterError(f"{source} n'est pas un dossier de programme (pas de {CONFIG_FILE})")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ParameterError(f"le dossier {dest} n'est pas vide : choisissez un dossier nouveau ou vide")
    if dest.resolve().is_relative_to(source.resolve()):
        raise ParameterError(f"la copie ne peut pas être placée dans le programme copié ({source})")
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


# --- command line ------------------------------------------------------------------------------------

def _copy_options(parser) -> None:
    parser.add_argument("dest", metavar="DOSSIER", help="le dossier de la copie (nouveau ou vide)")
    parser.add_argument("--programme", metavar="SOURCE", default=None,
                        help=f"le programme à copier (défaut : {DEFAULT_PROGRAMME.relative_to(ROOT)})")


def _copy(args) -> int:
    dest = copy_programme(args.dest, args.programme)
    print(f"Copie de travail créée : {dest}\n"
          f"Travaillez sur cette copie dans les carnets de formation (paramètre workdir = \"{dest}\").")
    return 0


def _register() -> None:
    from transfo_lab.cli import _COMMANDS

    _COMMANDS["training-copy"] = (_copy_options, _copy,
                                  "copier le programme d'exemple dans un dossier de travail pour une formation")


_register()
