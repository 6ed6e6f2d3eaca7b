"""What the three widgets share: loading the programme, showing data safely, refusing with problems, saving."""
from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from transfo_lab.base.exceptions import DataError, TransfoLabError, TransfoLabWarning
from transfo_lab.base.problems import ERROR, Problem
from transfo_lab.base.labels import label


#: The value of « Tous les sites », « Toutes les semaines », « Toutes les étiquettes » in the filters.
ALL = "*"
#: Dots per voter when programme.yaml has no ``voting: dots_per_participant``.
DEFAULT_DOTS = 5


def _load(programme_dir: Path | str):
    from transfo_lab.contract.programme import load_programme

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TransfoLabWarning)
        return load_programme(programme_dir, strict=False)


def _esc(text: str) -> str:
    """Text made safe inside HTML (a verbatim may hold ``<script>``): :func:`transfo_lab.base.text.escape_html`."""
    from transfo_lab.base.text import escape_html

    return escape_html(text)


def _show(value) -> str:
    return "" if value is None or (not isinstance(value, (list, str)) and pd.isna(value)) else str(value)


def _problem(rule: str, lang: str, *, value=None, column: str | None = None, **values) -> Problem:
    """An entry refused by rule ``rule`` (its sentence in the catalogue), as the kit's problem record."""
    return Problem.make(ERROR, rule, lang, value=value, column=column, values=values)


def _refusal(problems: list[Problem], file: Path | str) -> DataError:
    """The error raised by a save refused for ``problems``: their messages, on one line."""
    return DataError("; ".join(p.message for p in problems), file=Path(file).name)


_STYLE = """<style>
.transfo-tagging .transfo-note blockquote {font-size: 1.05em; line-height: 1.45; margin: 0.4em 0; padding: 0.4em 0.8em;
  border-left: 4px solid #3f6ea6; background: #f4f7fb; white-space: pre-wrap}
.transfo-tagging .transfo-family {font-weight: bold; margin-top: 0.3em; color: #333}
.transfo-tagging .widget-checkbox {height: 1.7em}
.transfo-evaluation-grid textarea {font-family: var(--jp-ui-font-family, sans-serif) !important;
  font-size: var(--jp-ui-font-size1, 14px) !important; line-height: 1.4}
.transfo-dot-voting .transfo-counter {font-size: 1.15em}
</style>"""


def _ok(text: str) -> str:
    return f"<div style='color:#1b5e20'>✔ {_esc(text)}</div>"


def _refused(problems: list[Problem], lang: str) -> str:
    """The refusal shown in a widget: one item per problem, written by :meth:`Problem.format`."""
    items = "".join(f"<li>{_esc(p.format(lang))}</li>" for p in problems)
    return f"<div style='color:#b71c1c'>✘ {label('widgets.refused', lang)}<ul>{items}</ul></div>"


def _write(widget, save, problems: list[Problem], path: Path, after=None) -> bool:
    """Run ``save`` unless there are problems; show the outcome in ``widget.status``."""
    if problems:
        widget.status.value = _refused(problems, widget.lang)
        return False
    try:
        backup = save()
    except TransfoLabError as exc:  # refused entry, conflict, locked file, folder that cannot be written
        problem = Problem.from_error(exc) if isinstance(exc, DataError) else \
            Problem(ERROR, "widgets.not_saved", str(exc))
        widget.status.value = _refused([problem], widget.lang)
        return False
    if after is not None:
        after()
    text = label("widgets.saved", widget.lang, file=path.name)
    if backup is not None:
        text += " " + label("widgets.backup", widget.lang, file=f"{backup.parent.name}/{backup.name}")
    widget.status.value = _ok(text)
    return True
