"""Showing a table in a notebook or a report the way a reader expects it.

``show_table`` turns a frame of the kit (English column names, lists, timestamps, the
spreadsheet row as index) into a readable table: the French (or English) headers of the
templates, lists joined with commas, dates as 12/03/2016, no index, text HTML-escaped.
"""
from __future__ import annotations

import pandas as pd

from transfo_lab.labels import check_lang, label
from transfo_lab.schemas import TABLES_BY_NAME


def readable(data: pd.DataFrame, *, table: str | None = None, lang: str = "fr") -> pd.DataFrame:
    """A new frame with readable headers and cells (the input is not modified).

    >>> frame = pd.DataFrame({"id": ["O1"], "tags": [["accueil", "cantine"]],
    ...                       "date": [pd.Timestamp("2016-10-12")]})
    >>> readable(frame, table="observations").to_dict("records")
    [{'Identifiant': 'O1', 'Étiquettes': 'accueil, cantine', 'Date': '12/10/2016'}]
    """
    check_lang(lang)
    out = data.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object:
            out[column] = values.map(_cell)
        elif pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.strftime("%d/%m/%Y").fillna("")
    if table is not None:
        spec = TABLES_BY_NAME[table]
        out = out.rename(columns={c.name: c.header(lang) for c in spec.columns})
    return out.reset_index(drop=True)


def show_table(data: pd.DataFrame, *, table: str | None = None, lang: str = "fr", empty: str | None = None):
    """A pandas Styler for ``data`` made readable, without index, text escaped; « Pas de données » if empty.

    Returns the Styler (a notebook displays it) or the "no data" sentence as a string.
    """
    if data.empty:
        return empty or label("common.no_data", lang)
    return readable(data, table=table, lang=lang).style.hide(axis="index").format(escape="html", na_rep="—")


def _cell(value):
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d/%m/%Y")
    return value


def escape_markdown(text) -> str:
    """Text from the data made safe inside Markdown: HTML tags are shown, never interpreted.

    >>> escape_markdown("<script>alert(1)</script> & co")
    '&lt;script&gt;alert(1)&lt;/script&gt; &amp; co'
    """
    import html

    return html.escape("" if text is None else str(text), quote=False)


def no_data_panel(ax, lang: str = "fr"):
    """Turn a chart's Axes into an explicit « Pas de données » panel (never an empty or misleading chart).

    >>> import matplotlib.pyplot as plt
    >>> ax = no_data_panel(plt.figure().gca())
    >>> ax.texts[0].get_text(), ax.axison
    ('Pas de données', False)
    """
    ax.text(0.5, 0.5, label("common.no_data", lang), ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return ax
