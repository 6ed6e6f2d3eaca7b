"""A printable document built from the kit's results: chapters, numbered tables and figures.

The livret and the site dossiers are written with :class:`Document`. Every piece of text
that comes from the data is escaped here — the one place where text becomes HTML — and
every cell of a table goes through :func:`cell_text`, so that a reader never sees a Python
value (``True``, ``None``, ``NaN``, ``0.150000``, a timestamp). Charts are embedded as SVG
images drawn for their printed size; the page layout (cover, contents with page numbers,
running header, « page N / M », tables repeating their header, figures never split) is
the print stylesheet ``templates/report/transfo_lab/print.css``. PDFs are printed by Chromium
when it is installed (:mod:`transfo_lab.reports.printer`), else by WeasyPrint, both offline. The same
data gives byte-identical HTML.

Examples
--------
>>> doc = Document(title="Livret", programme="Prêt à déployer <test>")
>>> doc.chapter("Le programme")
>>> doc.para("Trois sites & un seul protocole.")
>>> html = doc.to_html()
>>> "Prêt à déployer &lt;test&gt;" in html, "Trois sites &amp; un seul protocole." in html
(True, True)
"""
from __future__ import annotations

import base64
import datetime as _dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from transfo_lab.base.text import escape_html as escape
from transfo_lab.base.exceptions import TransfoLabError
from transfo_lab.base.labels import NBSP, format_date, format_number, label
from transfo_lab.base.resources import real_path, report_templates

#: The report style sheets (``print.css``, ``report.css``), a folder of the installed kit.
TEMPLATES = real_path(report_templates())
#: A table with this many columns or more is set smaller, so that it fits the page width.
WIDE_TABLE_COLUMNS = 8


class PdfError(TransfoLabError, RuntimeError):
    """A document could not be printed to PDF."""


# --- formatting one value ------------------------------------------------------------------------------

def cell_text(value, lang: str = "fr", *, decimals: int = 2) -> str:
    """Any value of a frame as a reader expects it: Oui/Non, « — » for missing, 0,15, 12 mars 2016.

    >>> [cell_text(v) for v in (True, None, float("nan"), 0.15, 3.0, 1234567, "a_b")]
    ['Oui', '—', '—', '0,15', '3', '1\\u202f234\\u202f567', 'a_b']
    """
    if isinstance(value, (list, tuple, set)):
        return ", ".join(cell_text(v, lang, decimals=decimals) for v in value)
    if value is None or value is pd.NA or value is pd.NaT:
        return "—"
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return label("document.yes" if value else "document.no", lang)
    if isinstance(value, (pd.Timestamp, _dt.date)):
        return format_date(value, lang, "long")
    if isinstance(value, (int, float)) or hasattr(value, "dtype"):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return str(value)
        if math.isnan(number):
            return "—"
        if number == int(number):
            return format_number(number, 0, lang)
        text = format_number(number, decimals, lang)
        return text.rstrip("0").rstrip(",.") if ("," in text or "." in text) else text
    return str(value)


# --- the document ----------------------------------------------------------------------------------------

@dataclass
class _Chapter:
    title: str
    anchor: str
    annex: bool = False
    blocks: list[str] = field(default_factory=list)
    flow: bool = False


class Document:
    """A document made of chapters, each a list of escaped HTML blocks.

    Parameters
    ----------
    title : str
        The document's title (cover and running header).
    programme : str
        The programme's name (cover and running header).
    subtitle, kicker : str
        Lines of the cover.
    lang : {"fr", "en"}
    """

    def __init__(self, *, title: str, programme: str, subtitle: str = "", kicker: str = "", lang: str = "fr",
                 cover_lines: list[str] | None = None):
        self.title, self.programme, self.subtitle, self.kicker, self.lang = title, programme, subtitle, kicker, lang
        self.cover_lines = cover_lines or []
        self.chapters: list[_Chapter] = []
        self.colophon: list[str] = []
        self._tables = 0
        self._figures = 0
        self._sections = 0

    # -- structure
    def chapter(self, title: str, *, annex: bool = False, flow: bool = False) -> None:
        """Start a chapter (a new page, a level-1 heading, an entry of the contents).

        ``flow=True`` starts a body without its own heading or contents entry (a phase report,
        whose sections are its level-2 headings).
        """
        self.chapters.append(_Chapter(title, f"ch-{len(self.chapters) + 1}", annex, flow=flow))

    def _add(self, block: str) -> None:
        if not self.chapters:
            raise ValueError("start a chapter before adding content")
        self.chapters[-1].blocks.append(block)

    def section(self, title: str) -> None:
        """A level-2 heading (listed in the contents)."""
        self._sections += 1
        self._add(f'<h2 id="s-{self._sections}">{escape(title)}</h2>')

    def subsection(self, title: str) -> None:
        """A level-3 heading."""
        self._add(f"<h3>{escape(title)}</h3>")

    def para(self, text: str, *, kind: str | None = None) -> None:
        """A paragraph of plain text (escaped). ``kind``: ``"lead"``, ``"note"`` or ``"reading"`` for styling."""
        css = f' class="{kind}"' if kind else ""
        self._add(f"<p{css}>{escape(str(text))}</p>")

    def rich(self, parts: list[tuple[str, str]], *, kind: str | None = None) -> None:
        """A paragraph of (style, text) parts, style ``""`` or ``"b"`` (bold); every text escaped."""
        css = f' class="{kind}"' if kind else ""
        inner = "".join(f"<strong>{escape(t)}</strong>" if s == "b" else escape(t) for s, t in parts)
        self._add(f"<p{css}>{inner}</p>")

    def bullets(self, items: list[str]) -> None:
        """A bulleted list of plain-text items."""
        if items:
            self._add("<ul>" + "".join(f"<li>{escape(str(i))}</li>" for i in items) + "</ul>")

    def box(self, title: str, lines: list[list[tuple[str, str]]], *, tone: str = "") -> None:
        """A framed box (a site card of the synthesis): a title and paragraphs of (style, text) parts."""
        body = "".join("<p>" + "".join(f"<strong>{escape(t)}</strong>" if s == "b" else escape(t) for s, t in parts)
                       + "</p>" for parts in lines)
        self._add(f'<div class="card {escape(tone)}"><h3>{escape(title)}</h3>{body}</div>')

    def raw(self, html: str) -> None:
        """Trusted HTML: the kit's own rendering (Markdown rendered with HTML escaped, tables the kit built)."""
        self._add(html)

    # -- numbered items
    def html_table(self, html: str, *, caption: str) -> str:
        """A numbered, captioned table from HTML the kit rendered (a notebook's table output)."""
        self._tables += 1
        word = label("document.table", self.lang)
        first_row = re.search(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)
        columns = len(re.findall(r"<t[hd][\s>]", first_row.group(1))) if first_row else 0
        wide = " wide" if columns >= WIDE_TABLE_COLUMNS else ""
        self._add(f'<figure class="table{wide}" id="t-{self._tables}"><figcaption>{escape(word)} {self._tables}. '
                  f"{escape(caption)}</figcaption>{html}</figure>")
        return f"{word.lower()} {self._tables}"

    def image(self, mime: str, data_b64: str, *, caption: str, width_in: float | None = None) -> str:
        """A numbered chart from an image already encoded (a notebook's PNG or SVG output)."""
        self._figures += 1
        word = label("document.figure", self.lang)
        width = f"width:{min(width_in, 6.5):.2f}in" if width_in else "width:100%"
        self._add(f'<figure class="chart" id="f-{self._figures}"><img src="data:{escape(mime)};base64,{data_b64}" '
                  f'alt="{escape(caption)}" style="{width}"><figcaption>{escape(word)} {self._figures}. '
                  f"{escape(caption)}</figcaption></figure>")
        return f"{word.lower()} {self._figures}"

    def table(self, data: pd.DataFrame, *, caption: str, numeric: tuple[str, ...] | str = "auto",
              widths: dict[str, str] | None = None, note: str | None = None, decimals: int = 2) -> str:
        """A numbered table with a caption; returns its reference (« tableau 3 »).

        Cells are formatted by :func:`cell_text`; numeric columns are right-aligned and never wrap.
        """
        self._tables += 1
        number = self._tables
        word = label("document.table", self.lang)
        if numeric == "auto":
            numeric = tuple(c for c in data.columns if pd.api.types.is_numeric_dtype(data[c])
                            and not pd.api.types.is_bool_dtype(data[c]))
        widths = widths or {}
        head = "".join(f'<th{_col_attrs(c, numeric, widths)}>{escape(str(c))}</th>' for c in data.columns)
        rows = []
        for record in data.itertuples(index=False, name=None):
            cells = "".join(f"<td{_col_attrs(c, numeric, widths)}>{escape(cell_text(v, self.lang, decimals=decimals))}</td>"
                            for c, v in zip(data.columns, record))
            rows.append(f"<tr>{cells}</tr>")
        foot = f'<p class="table-note">{escape(note)}</p>' if note else ""
        self._add(f'<figure class="table" id="t-{number}"><figcaption>{escape(word)} {number}. {escape(caption)}'
                  f'</figcaption><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
                  f"{foot}</figure>")
        return f"{word.lower()} {number}"

    def figure(self, fig, *, caption: str, close: bool = True) -> str:
        """A numbered chart (a matplotlib Figure, embedded as SVG); returns its reference (« figure 2 »)."""
        self._figures += 1
        number = self._figures
        word = label("document.figure", self.lang)
        uri = figure_data_uri(fig)
        width_in = fig.get_figwidth()
        if close:
            import matplotlib.pyplot as plt

            plt.close(fig)
        self._add(f'<figure class="chart" id="f-{number}"><img src="{uri}" alt="{escape(caption)}" '
                  f'style="width:{min(width_in, 6.5):.2f}in"><figcaption>{escape(word)} {number}. '
                  f"{escape(caption)}</figcaption></figure>")
        return f"{word.lower()} {number}"

    # -- output
    def toc(self) -> list[tuple[int, str, str]]:
        """(level, title, anchor) of the chapters and their sections."""
        entries = []
        for chapter in self.chapters:
            if not chapter.flow:
                entries.append((1, chapter.title, chapter.anchor))
            for block in chapter.blocks:
                match = re.match(r'<h2 id="([^"]+)">(.*)</h2>$', block)
                if match:
                    entries.append((2, _unescape(match.group(2)), match.group(1)))
        return entries

    def to_html(self) -> str:
        """The whole document as one self-contained HTML page (deterministic for the same content)."""
        e = escape
        css = (TEMPLATES / "print.css").read_text(encoding="utf-8")
        toc_title = label("document.toc", self.lang)
        toc = "".join(f'<li class="toc-{level}"><a href="#{anchor}">{e(title)}</a></li>'
                      for level, title, anchor in self.toc())
        chapters = "".join(
            f'<section class="chapter{" annex" if c.annex else ""}{" flow" if c.flow else ""}" id="{c.anchor}">'
            f'{"" if c.flow else f"<h1>{e(c.title)}</h1>"}{"".join(c.blocks)}</section>' for c in self.chapters)
        cover_lines = "".join(f'<p class="cover-line">{e(line)}</p>' for line in self.cover_lines)
        colophon = "".join(f"<p>{e(line)}</p>" for line in self.colophon)
        colophon_html = (f'<section class="colophon"><h2 class="colophon-title">{e(label("document.colophon", self.lang))}'
                         f"</h2>{colophon}</section>") if colophon else ""
        return (f'<!DOCTYPE html>\n<html lang="{e(self.lang)}"><head><meta charset="utf-8">'
                f"<title>{e(self.title)} — {e(self.programme)}</title><style>{css}</style></head>"
                f'<body class="transfo-doc"><div class="running-programme">{e(self.programme)}</div>'
                f'<section class="cover"><p class="kicker">{e(self.kicker)}</p><p class="cover-title">{e(self.title)}</p>'
                f'<p class="cover-programme">{e(self.programme)}</p><p class="cover-subtitle">{e(self.subtitle)}</p>'
                f"{cover_lines}</section>"
                f'<nav class="toc"><h1 class="toc-title">{e(toc_title)}</h1><ol>{toc}</ol></nav>'
                f"{chapters}{colophon_html}</body></html>\n")


def _col_attrs(column, numeric, widths) -> str:
    classes = ["num"] if column in numeric else []
    style = f' style="width:{widths[column]}"' if column in widths else ""
    return (f' class="{" ".join(classes)}"' if classes else "") + style


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


# --- charts and PDF ---------------------------------------------------------------------------------------

def figure_data_uri(fig) -> str:
    """A matplotlib figure as a ``data:image/svg+xml`` URI, byte-identical for the same figure."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "transfo-lab", "svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


_PDF_CONTEXT = None


def pdf_context():
    """WeasyPrint's font configuration and the parsed print stylesheet, made once per process.

    Parsing ``print.css`` and setting up fonts cost ≈ 0.1 s per document; a warm worker pays
    them once (:mod:`transfo_lab.reports.workers` calls this before forking its reports).
    """
    global _PDF_CONTEXT
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    css_text = (TEMPLATES / "print.css").read_text(encoding="utf-8")
    if _PDF_CONTEXT is None or _PDF_CONTEXT[2] != css_text:
        fonts = FontConfiguration()
        _PDF_CONTEXT = (fonts, weasyprint.CSS(string=css_text, font_config=fonts, base_url=str(TEMPLATES)), css_text)
    return _PDF_CONTEXT


def write_pdf(html_text: str, pdf_path: Path | str, *, lang: str = "fr", engine: str = "auto") -> Path:
    """Print a document's HTML to PDF; the PDF is written atomically.

    ``engine="auto"`` (the default): Chromium through the print server of
    :mod:`transfo_lab.reports.printer` when one is found, else WeasyPrint — also when the server
    cannot be reached; ``"weasyprint"``: WeasyPrint.

    With WeasyPrint, when the print stylesheet is the page's only style sheet, it is given already
    parsed (same rules, nothing else to order it against), with a font configuration reused
    across the documents of a process.
    """
    from transfo_lab.contract.io import atomic_write

    if engine == "auto":
        from transfo_lab.reports import printer

        if printer.engine() == "chromium":
            try:
                return atomic_write(pdf_path, printer.print_pdf(html_text))
            except printer.PrintFailed as exc:
                raise PdfError(label("document.pdf_failed", lang, name=Path(pdf_path).name, error=str(exc))) from None
            except printer.PrinterUnavailable:
                pass  # printed below by WeasyPrint
    try:
        import weasyprint
    except ImportError:  # pragma: no cover - a dependency of the kit
        raise PdfError(label("document.pdf_no_weasyprint", lang)) from None
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        fonts, css, css_text = pdf_context()
        embedded = f"<style>{css_text}</style>"
        head, found, rest = html_text.partition(embedded)
        if found and "<style" not in head and "<style" not in rest:
            data = weasyprint.HTML(string=head + rest, base_url=str(TEMPLATES)).write_pdf(
                stylesheets=[css], font_config=fonts)
        else:
            data = weasyprint.HTML(string=html_text, base_url=str(TEMPLATES)).write_pdf(font_config=fonts)
    except Exception as exc:  # WeasyPrint raises many kinds; the user needs one sentence
        raise PdfError(label("document.pdf_failed", lang, name=Path(pdf_path).name,
                             error=f"{type(exc).__name__}: {exc}")) from None
    return atomic_write(pdf_path, data)
