"""Showing the data in a notebook or a report the way a reader expects it — and safely.

``show_table`` turns a frame of the kit (English column names, lists, timestamps, the
spreadsheet row as index) into a readable table: the French (or English) headers of the
templates, site names instead of site ids, labels instead of codes (« À approfondir » for
``a_approfondir``), lists joined with commas, dates as 12/03/2016, Oui/Non, French numbers
(0,15 ; 1 234), « — » for a missing value, every row labelled, no truncation.

Every text from the data is escaped by the one escaping rule of the kit, :mod:`transfo_lab.base.text`
(re-exported here for the notebooks); tables are escaped by :func:`show_table` (cells, headers and index alike).
"""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from transfo_lab.base.text import _text, escape_cell, escape_html, escape_markdown
from transfo_lab.base.formats import decimal_symbol, format_date
from transfo_lab.base.labels import LABELS, NBSP, NNBSP, check_lang, format_number, label, tag_label
from transfo_lab.contract.schemas import TABLES_BY_NAME

#: Missing values are shown as this dash, never as None, NaN or <NA>.
MISSING = "—"
#: Floats are shown with at most this many decimals unless a column asks for another precision.
DECIMALS = 2

#: The label family of the coded values of a column: (table, column) → label key prefix.
CHOICE_LABELS: dict[tuple[str, str], str] = {
    ("ideas", "status"): "ideation.status",
    ("ideas", "tensions"): "ideation.tension",
    ("votes", "group"): "ideation.group",
    ("prototypes", "kind"): "prototypes.kind",
    ("tests", "result"): "prototypes.result",
    ("observations", "method"): "coding.method",
    ("observations", "kind"): "coding.kind",
    ("inspiration", "kind"): "inspiration.kind",
    ("calendar", "type"): "planning.type",
    ("calendar", "phase"): "planning.phase",
}

# pandas' Styler never truncates a table of the kit (« 102 rows × 3 columns » never appears).
pd.set_option("styler.render.max_elements", 10_000_000)
pd.set_option("styler.render.max_rows", None)
pd.set_option("styler.render.max_columns", None)


# --- readable values -----------------------------------------------------------------------------------

def choice_label(prefix: str, value, lang: str = "fr") -> str:
    """The label of a coded value (``ideation.status``, ``a_approfondir`` → « À approfondir »), or the value."""
    key = f"{prefix}.{value}"
    return label(key, lang) if key in LABELS else str(value)


def format_value(value, *, decimals: int | None = None, lang: str = "fr") -> str:
    """One cell as a reader expects it: Oui/Non, 0,15, 12 345 (a year stays 2006), 12/03/2016, « — » when missing.

    >>> [format_value(v) for v in (True, 0.15, 0.150000, 2.0, 12345, 2006, None, float("nan"), pd.NA)]
    ['Oui', '0,15', '0,15', '2', '12\u202f345', '2006', '—', '—', '—']
    >>> format_value(3.14159, decimals=1), format_value(["a", "b"]), format_value(pd.Timestamp("2016-03-12"))
    ('3,1', 'a, b', '12/03/2016')
    """
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return ", ".join(format_value(v, decimals=decimals, lang=lang) for v in value)
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, (bool, np.bool_)):
        return label("common.yes" if value else "common.no", lang)
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        value = pd.Timestamp(value)
        return MISSING if pd.isna(value) else format_date(value, lang)
    if isinstance(value, (int, np.integer)):
        return format_number(int(value), 0, lang) if abs(int(value)) >= 10_000 else str(int(value))
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return MISSING
        if math.isinf(value):
            return "∞" if value > 0 else "−∞"
        places = DECIMALS if decimals is None else decimals
        text = format_number(float(value), places, lang)
        if decimals is None and places:  # at most DECIMALS: 0,150000 → 0,15 ; 2,00 → 2
            sep = decimal_symbol(lang)
            if sep in text:
                text = text.rstrip("0").rstrip(sep)
        return "0" if text in ("-0", "−0") else text
    return str(value)


def readable(data: pd.DataFrame, *, table: str | None = None, lang: str = "fr",
             site_names: dict[str, str] | None = None, decimals: dict[str, int] | None = None) -> pd.DataFrame:
    """A new frame of text, readable by anyone (the input is not modified).

    * headers: those of the templates when ``table`` is given (« Étiquettes »);
    * site ids → site names (``site_names``), coded values → their labels (« À approfondir »);
    * booleans → Oui/Non, numbers the French way with at most 2 decimals (or ``decimals[column]``),
      dates 12/03/2016, lists joined with commas, missing values « — »;
    * a named index (a tag, a theme, a kind…) becomes the first column: every row keeps its label.

    >>> frame = pd.DataFrame({"id": ["O1"], "tags": [["accueil", "cantine"]],
    ...                       "date": [pd.Timestamp("2016-10-12")]})
    >>> readable(frame, table="observations").to_dict("records")
    [{'Identifiant': 'O1', 'Étiquettes': 'accueil, cantine', 'Date': '12/10/2016'}]
    >>> ideas = pd.DataFrame({"status": ["a_approfondir", None], "site": ["s1", "s2"], "impact": [2.5, None]})
    >>> readable(ideas, table="ideas", site_names={"s1": "Lycée A"}).to_dict("records")
    [{'Statut': 'À approfondir', 'Site': 'Lycée A', 'Impact': '2,5'}, {'Statut': '—', 'Site': 's2', 'Impact': '—'}]
    """
    check_lang(lang)
    out = data.copy()
    if _has_label_index(out):
        if out.index.names == [None] and out.columns.name is not None:
            out.index.name = out.columns.name  # compare_scenarios: rows are features, columns are scenarios
        out = out.reset_index()
        if out.columns[0] == "index":
            out = out.rename(columns={"index": ""})
    else:
        out = out.reset_index(drop=True)
    spec = TABLES_BY_NAME[table] if table is not None else None
    names = site_names or {}
    decimals = decimals or {}
    columns = {}
    for position, column in enumerate(out.columns):
        values = out.iloc[:, position]
        prefix = CHOICE_LABELS.get((table, column)) if table else None
        ref = None
        if spec is not None and column in {c.name for c in spec.columns}:
            ref = spec.column(column).ref
        if ref == "sites" or (column in ("site", "sites") and names):
            every = label("common.all_sites", lang)  # an empty site: common to every site
            values = values.map(lambda v: [names.get(s, s) for s in v] if isinstance(v, (list, tuple))
                                else names.get(v, v) if isinstance(v, str) else every if names and _missing(v) else v)
        if ref == "codebook.tag":
            values = values.map(lambda v: [tag_label(t) for t in v] if isinstance(v, (list, tuple))
                                else tag_label(v) if isinstance(v, str) else v)
        if prefix:
            values = values.map(lambda v: [choice_label(prefix, x, lang) for x in v] if isinstance(v, (list, tuple))
                                else choice_label(prefix, v, lang) if isinstance(v, str) else v)
        places = decimals.get(column)
        columns[position] = [format_value(v, decimals=places, lang=lang) for v in values.astype(object)]
    result = pd.DataFrame({i: columns[i] for i in range(len(out.columns))}, index=out.index)
    headers = list(out.columns)
    if spec is not None:
        known = {c.name: c.header(lang) for c in spec.columns}
        headers = [known.get(h, h) for h in headers]
    result.columns = [format_value(h, lang=lang) if not isinstance(h, str) else h for h in headers]
    return result


def _missing(value) -> bool:
    return value is None or (not isinstance(value, (list, tuple, str)) and bool(pd.isna(value)))


def _has_label_index(data: pd.DataFrame) -> bool:
    """Whether the index carries the rows' labels (named, or made of texts), not the spreadsheet row number."""
    if any(name is not None for name in data.index.names):
        return data.index.names != ["row"]  # « row »: the spreadsheet row number of a table of the programme
    return not pd.api.types.is_numeric_dtype(data.index) and not isinstance(data.index, pd.RangeIndex)


def show_table(data: pd.DataFrame, *, table: str | None = None, lang: str = "fr", empty: str | None = None,
               site_names: dict[str, str] | None = None, decimals: dict[str, int] | None = None):
    """A pandas Styler for ``data`` made readable (:func:`readable`), escaped, never truncated.

    Cells, column headers and the index are HTML-escaped: a site called
    ``<script>…</script>`` is shown as written. The index is hidden (a labelled index is
    turned into the first column first). If there is no row, returns the « Pas de données »
    sentence (or ``empty``) as a Markdown note instead.

    >>> styler = show_table(pd.DataFrame({"<b>site</b>": [True]}))
    >>> "&lt;b&gt;site&lt;/b&gt;" in styler.to_html() and "<b>" not in styler.to_html()
    True
    """
    if data is None or len(data) == 0:
        return note(empty or label("common.no_data", lang))
    if isinstance(data, pd.Series):
        data = data.to_frame()
    shown = readable(data, table=table, lang=lang, site_names=site_names, decimals=decimals)
    styler = (KitTable(shown, lang=lang).hide(axis="index").format(escape_cell, na_rep=MISSING)
              .format_index(escape_cell, axis=0).format_index(escape_cell, axis=1))
    # text reads from the left, numbers (« 12 % », « 3,5 », « 166 200 € ») line up on the right
    styles = []
    for position, column in enumerate(shown.columns):
        side = "right" if _numeric_column(shown.iloc[:, position]) else "left"
        # a short code (« ID-11 », « 12/03/2016 ») is never cut in two; long texts wrap
        short = all(len(str(v)) <= SHORT_TEXT for v in shown.iloc[:, position])
        styles += [{"selector": f"th.col{position}", "props": f"text-align: {side}; word-break: normal; overflow-wrap: normal;"},
                   {"selector": f"td.col{position}", "props": f"text-align: {side};" + (" white-space: nowrap;" if short else "")}]
    return styler.set_table_styles(styles, overwrite=False)


#: A column whose texts are all at most this long never wraps (identifiers, dates, numbers).
SHORT_TEXT = 12
#: A table of more than :data:`FOLD_MIN` rows shows its first FOLD_ROWS rows and « Voir tout » in a notebook.
FOLD_ROWS = 15
#: Shorter tables are shown whole: folding away a handful of rows would only hide them.
FOLD_MIN = 25

_FOLD_STYLE = """<style>
.transfo-folded:has(> details:not([open])) tr.transfo-more {display: none}
.transfo-folded > details > summary {cursor: pointer; color: #3f6ea6; margin: 0.3em 0 0.8em; font-weight: bold; list-style: none}
.transfo-folded > details > summary::-webkit-details-marker {display: none}
.transfo-folded > details[open] .transfo-show, .transfo-folded > details:not([open]) .transfo-hide {display: none}
@media print {.transfo-folded > details {display: none}}
</style>"""


class KitTable(Styler):
    """The Styler of :func:`show_table`: in a notebook, a long table folds after :data:`FOLD_ROWS` rows."""

    def __init__(self, data: pd.DataFrame, *, lang: str = "fr", **kwargs):
        super().__init__(data, **kwargs)
        self.kit_lang = lang

    def _repr_html_(self) -> str:
        html_table = self.to_html()
        rows = len(self.data)
        if rows <= FOLD_MIN:
            return html_table
        head, sep, body = html_table.partition("<tbody>")
        count = 0

        def mark(match):
            nonlocal count
            count += 1
            return '<tr class="transfo-more">' if count > FOLD_ROWS else match.group(0)

        body = re.sub(r"<tr>", mark, body)
        show = label("common.show_all", self.kit_lang, n=format_value(rows, lang=self.kit_lang))
        hide = label("common.show_less", self.kit_lang)
        return (f'<div class="transfo-folded">{_FOLD_STYLE}{head}{sep}{body}<details><summary>'
                f'<span class="transfo-show">{escape_html(show)}</span><span class="transfo-hide">{escape_html(hide)}'
                "</span></summary></details></div>")


_NUMBER = re.compile(r"^[−+-]?\d[\d\s\u202f\xa0]*([,.]\d+)?(\s?[%€]|\xa0[%€]| ?/ ?\d+)?( \(\d+/\d+\))?$")


def _numeric_column(values: pd.Series) -> bool:
    """Whether a column of shown text holds numbers only (missing values « — » aside)."""
    texts = [v for v in values if v not in (MISSING, "", "–")]
    return bool(texts) and all(isinstance(v, str) and _NUMBER.match(v) for v in texts)


def markdown_list(items, *, lang: str = "fr") -> str:
    """A Markdown bullet list of texts from the data, each escaped.

    >>> markdown_list(["<b>a</b>", "[x](javascript:1)"])
    '- &lt;b&gt;a&lt;/b&gt;\\n- \\\\[x\\\\]\\\\(javascript:1\\\\)'
    """
    return "\n".join(f"- {escape_markdown(item)}" for item in items)


def note(text):
    """A sentence for a report, shown as written (escaped Markdown): ``display(note(label(...)))``.

    >>> print(note("<b>Lycée</b> [x](javascript:1)").data)
    &lt;b&gt;Lycée&lt;/b&gt; \\[x\\]\\(javascript:1\\)
    """
    from IPython.display import Markdown

    return Markdown(escape_markdown(text))


def notes(sentences, *, title: str | None = None):
    """Several sentences from the data as one escaped Markdown list (under ``title``), or nothing.

    Returns a tuple to unpack in ``display(...)``: empty when there is nothing to say.

    >>> print(notes(["a <b>", "c"], title="Attention")[0].data)
    Attention
    <BLANKLINE>
    - ⚠ a &lt;b&gt;
    - ⚠ c
    >>> notes([])
    ()
    """
    from IPython.display import Markdown

    sentences = [s for s in sentences if s]
    if not sentences:
        return ()
    head = f"{escape_markdown(title)}\n\n" if title else ""
    return (Markdown(head + markdown_list(f"⚠ {s}" for s in sentences)),)


def warnings_as_notes() -> None:
    """From now on, show the kit's warnings as sentences of the report (« ⚠ … »), never as Python messages.

    A Python warning prints the file and the line of code that raised it: not for a reader.
    Warnings of other libraries (deprecations…) are left out of the report.
    """
    import warnings

    from IPython.display import display

    from transfo_lab.base.exceptions import TransfoLabWarning

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, TransfoLabWarning):
            display(note(f"⚠ {message}"))

    warnings.showwarning = show


def heading(text, level: int = 3):
    """A heading made of data (a journey's name, a site…), escaped: ``display(heading(name))``."""
    from IPython.display import Markdown

    return Markdown(f"{'#' * level} {escape_markdown(text)}")


def report_heading(programme, site: str | None = None, lang: str = "fr"):
    """The line under a report's title: the programme's name and the site (or « Tous les sites »), escaped."""
    from IPython.display import Markdown

    where = programme.site_name(site) if site else label("common.all_sites", lang)
    return Markdown(f"**{escape_markdown(programme.name)}** — {escape_markdown(where)}")




__all__ = ["CHOICE_LABELS", "FOLD_MIN", "FOLD_ROWS", "KitTable", "MISSING", "NBSP", "NNBSP", "choice_label", "escape_cell", "escape_html", "escape_markdown",
           "format_value", "heading", "markdown_list", "note", "notes", "readable", "report_heading",
           "show_table", "warnings_as_notes"]
