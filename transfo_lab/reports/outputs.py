"""Where the kit's outputs go, and which files of a programme folder they depend on.

Shared by the batch (:mod:`transfo_lab.reports.batch`), whose cache hashes these files, and the livret
(:mod:`transfo_lab.reports.livret`), whose colophon prints their fingerprint.
"""
from __future__ import annotations

import os
from pathlib import Path

from transfo_lab.base.exceptions import ParameterError
from transfo_lab.base.labels import label
from transfo_lab.base.text import slugify


def site_folder(out: Path | str, site: str | None) -> Path:
    """Where the reports of ``site`` go: ``OUT/programme`` or ``OUT/sites/<slug>``, always inside OUT."""
    out = Path(out).resolve()
    folder = (out / "programme") if site is None else (out / "sites" / slugify(site))
    if not folder.resolve().is_relative_to(out):  # pragma: no cover - slugify already prevents it
        raise ParameterError(label("batch.site_outside", site=site, folder=out))
    return folder


def input_files(folder: Path, out_root: str | None) -> list[Path]:
    """The files of a programme folder a report depends on: not hidden ones (``.backups/``, locks), and
    not the batch's own output folder when ``--out`` lies inside the programme folder."""
    skip = Path(out_root).resolve() if out_root else None
    files = []
    for parent, dirs, names in os.walk(folder):
        parent_path = Path(parent)
        dirs[:] = [d for d in dirs if not d.startswith(".") and (skip is None or (parent_path / d).resolve() != skip)]
        files += [parent_path / n for n in names if not n.startswith(".") and (parent_path / n).is_file()]
    return sorted(files)
