"""JupyterLab as the kit opens it (``make lab``): in French, without the news pop-up.

The defaults of this JupyterLab live in ``transfo_lab/training/lab_settings/overrides.json``, passed
as the server's application settings folder: the interface in French (the language pack
``jupyterlab-language-pack-fr-FR``, locale ``fr_FR``), no news and no update check. A
user's own settings (the Paramètres menu) still win over these defaults.

>>> "--LabApp.app_settings_dir=" in " ".join(lab_options())
True
"""
from __future__ import annotations

import json
from pathlib import Path

from transfo_lab.base.resources import lab_settings, notebooks, real_path

#: The settings folder of the kit's JupyterLab (its ``overrides.json``).
SETTINGS_DIR = real_path(lab_settings())
#: The notebooks of the kit.
NOTEBOOKS_DIR = real_path(notebooks())


def overrides() -> dict:
    """The default settings the kit gives JupyterLab (plugin id → settings).

    >>> overrides()["@jupyterlab/translation-extension:plugin"]
    {'locale': 'fr_FR'}
    """
    return json.loads((SETTINGS_DIR / "overrides.json").read_text(encoding="utf-8"))


def lab_options(settings_dir: Path | str | None = None) -> list[str]:
    """The JupyterLab server options of the kit: its settings folder, no news feed, no update check."""
    folder = Path(settings_dir) if settings_dir is not None else SETTINGS_DIR
    return [f"--LabApp.app_settings_dir={folder}", "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]


if __name__ == "__main__":  # pragma: no cover - used by the Makefile: jupyter lab $(python -m transfo_lab.training.jupyterlab)
    print(" ".join(lab_options()))
