"""Exporting an executed notebook as a report: HTML, PDF and Markdown, plus the index page.

An executed phase notebook becomes a :class:`~transfo_lab.reports.document.Document`, like the
livret: a cover (phase, programme, site, date), contents with page numbers, numbered and
captioned tables and charts, code hidden by default — one self-contained HTML file, printed
to PDF by WeasyPrint with the same print stylesheet. Markdown, for the blog, comes from
nbconvert with its images in a folder beside it. Every file is written atomically.
"""
from __future__ import annotations

import datetime as _dt
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from transfo_lab.base.exceptions import TransfoLabError
from transfo_lab.contract.io import atomic_write
from transfo_lab.base.formats import format_date
from transfo_lab.base.labels import NBSP, format_number, label
from transfo_lab.base.resources import real_path, templates

#: The report templates folder (its ``transfo_lab/`` style sheets), a folder of the installed kit.
TEMPLATES = real_path(templates() / "report")
#: Cells with these tags never appear in a report (papermill's injected cell, the defaults).
HIDDEN_CELL_TAGS = frozenset({"injected-parameters", "parameters", "remove-cell", "remove_cell"})
#: Cells with these tags show their output but not their code.
HIDDEN_INPUT_TAGS = frozenset({"hide-input", "hide_input", "remove-input", "remove_input"})


class ExportError(TransfoLabError, RuntimeError):
    """A report could not be exported (missing PDF engine, conversion failure)."""


@dataclass
class ReportInfo:
    """What the cover of a report says."""

    programme: str
    phase: str
    site: str | None = None
    site_label: str = ""
    lang: str = "fr"
    parameters: dict = field(default_factory=dict)
    date: _dt.date = field(default_factory=_dt.date.today)

    def cover(self, nb) -> dict:
        lang = self.lang
        return {
            "programme": self.programme,
            "phase_title": phase_title(nb) or self.phase,
            "site_label": self.site_label or label("common.all_sites", lang),
            "date": format_date(self.date, lang, "long"),
            "toc": table_of_contents(nb),
        }


def phase_title(nb) -> str | None:
    """The first level-1 heading of the notebook's markdown."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
            if match:
                return match.group(1).strip()
    return None


def table_of_contents(nb) -> list[tuple[int, str, str]]:
    """(level, text, anchor) of the level-2 and level-3 headings, anchors as nbconvert makes them."""
    toc = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for hashes, text in re.findall(r"^(#{2,3})\s+(.+?)\s*#*$", cell.source, flags=re.M):
            plain = re.sub(r"[*_`]", "", text).strip()
            toc.append((len(hashes), plain, plain.replace(" ", "-")))
    return toc


def _report_notebook(nb):
    """A copy of ``nb`` without hidden cells, and with hidden inputs marked."""
    nb = nbformat.from_dict(nb)
    nb.cells = [c for c in nb.cells if not HIDDEN_CELL_TAGS & set(c.get("metadata", {}).get("tags", []))]
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if HIDDEN_INPUT_TAGS & tags:
            cell.metadata.setdefault("transient", {})["remove_source"] = True
    return nb


def to_html(nb, info: ReportInfo, *, show_code: bool = False) -> str:
    """The report as one self-contained printable HTML page (charts embedded, no script).

    The executed notebook becomes a :class:`~transfo_lab.reports.document.Document`, like the livret:
    a cover, contents with page numbers, numbered and captioned tables and figures, the same
    print stylesheet.
    """
    return notebook_document(nb, info, show_code=show_code).to_html()


def notebook_document(nb, info: ReportInfo, *, show_code: bool = False):
    """An executed phase notebook as a :class:`~transfo_lab.reports.document.Document`.

    Markdown cells are rendered with any HTML they contain escaped; level-2 headings make the
    contents; each chart and each table output is numbered and captioned with the heading it
    stands under; printed lines become notes; code is shown only with ``show_code``.
    """
    from transfo_lab import __version__
    from transfo_lab.base.text import escape_html
    from transfo_lab.reports.document import Document

    lang = info.lang
    title = phase_title(nb) or info.phase
    doc = Document(title=title, programme=info.programme, kicker=label("report.kicker", lang),
                   subtitle=info.site_label or label("common.all_sites", lang), lang=lang,
                   cover_lines=[format_date(info.date, lang, "long")])
    doc.chapter(title, flow=True)
    heading = title
    for cell in _report_notebook(nb).cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.cell_type == "markdown":
            heading = _add_markdown(doc, cell.source, skip_title=True) or heading
            continue
        if cell.cell_type != "code":
            continue
        if show_code and not HIDDEN_INPUT_TAGS & tags and cell.source.strip():
            doc.raw(f"<pre class=\"code\">{escape_html(cell.source)}</pre>")
        for output in cell.get("outputs", []):
            _add_output(doc, output, heading)
    doc.colophon = [label("livret.colophon_kit", lang, version=__version__),
                    label("livret.colophon_date", lang, date=format_date(info.date, lang, "long"))]
    return doc


def _markdown(text: str) -> str:
    """Markdown to HTML with any raw HTML escaped and unsafe links neutralised."""
    return _markdown_renderer()(text)


@functools.lru_cache(maxsize=1)
def _markdown_renderer():
    import mistune

    return mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])


def _add_markdown(doc, source: str, *, skip_title: bool = False) -> str | None:
    """Add a Markdown cell: headings as the document's sections, the rest rendered; returns the last heading."""
    last = None
    chunk: list[str] = []

    def flush():
        text = "\n".join(chunk).strip()
        if text:
            doc.raw(_markdown(text))
        chunk.clear()

    for line in source.splitlines():
        match = re.match(r"^(#{1,4})\s+(.+?)\s*#*$", line)
        if not match:
            chunk.append(line)
            continue
        flush()
        level, text = len(match.group(1)), re.sub(r"[*_`]", "", match.group(2)).strip()
        if level == 1 and skip_title:
            continue
        (doc.section if level <= 2 else doc.subsection)(text)
        last = text
    flush()
    return last


def _add_output(doc, output, heading: str) -> None:
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stdout":
            for line in "".join(output.get("text", "")).splitlines():
                if line.strip():
                    doc.para(line.strip(), kind="note")
        return
    if kind not in ("display_data", "execute_result"):
        return
    data = output.get("data", {})
    for mime in ("image/svg+xml", "image/png"):
        if mime in data:
            payload = data[mime]
            if mime == "image/svg+xml":
                import base64

                payload = base64.b64encode("".join(payload).encode("utf-8")).decode("ascii")
            doc.image(mime, "".join(payload).replace("\n", ""), caption=heading, width_in=_png_width_in(payload)
                      if mime == "image/png" else None)
            return
    if "text/html" in data:
        body = "".join(data["text/html"])
        if "<table" in body:
            doc.html_table(body, caption=heading)
        else:
            doc.raw(body)
        return
    if "text/markdown" in data:
        doc.raw(_markdown("".join(data["text/markdown"])))
        return
    if "text/plain" in data and not any(m.startswith("application/vnd.jupyter") for m in data):
        text = "".join(data["text/plain"]).strip()
        if text and not text.startswith("<"):
            doc.para(text)


def _png_width_in(b64: str, dpi: float = 100.0) -> float | None:
    """The printed width of a notebook PNG (its pixel width at the inline backend's resolution)."""
    import base64
    import struct

    try:
        head = base64.b64decode("".join(b64)[:64].replace("\n", ""))
        return struct.unpack(">I", head[16:20])[0] / dpi
    except Exception:  # pragma: no cover - an odd image is shown full width
        return None


@functools.lru_cache(maxsize=1)
def markdown_exporter():
    """nbconvert's Markdown exporter set up for reports, made once per process (its templates load in ≈ 0.1 s)."""
    from nbconvert import MarkdownExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = MarkdownExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_CELL_TAGS)), enabled=True)
    return exporter


def to_markdown(nb, info: ReportInfo, images_dir_name: str) -> tuple[str, dict[str, bytes]]:
    """The report as Markdown for the blog, and its images (file name → bytes)."""
    exporter = markdown_exporter()
    body, resources = exporter.from_notebook_node(
        _report_notebook(nb), resources={"output_files_dir": images_dir_name, "metadata": {"name": info.phase}})
    from transfo_lab.base.text import escape_markdown as md

    cover = info.cover(nb)
    lines = [f"# {md(cover['phase_title'])}", "",
             f"**{md(cover['programme'])}** — {md(cover['site_label'])} — {md(cover['date'])}", ""]
    body = re.sub(r"\A\s*#\s+.+\n", "", body, count=1)  # the notebook's own title is on the cover
    images = {Path(name).name: data for name, data in resources.get("outputs", {}).items()}
    return "\n".join(lines) + "\n" + body.strip() + "\n", images


def export_notebook(nb_path: Path | str, info: ReportInfo, out_stem: Path | str, *,
                    formats=("html", "pdf", "md"), show_code: bool = False, nb=None,
                    timings: dict | None = None) -> dict[str, Path]:
    """Export an executed notebook to ``out_stem`` + ``.html`` / ``.pdf`` / ``.md`` (images in ``<stem>_files/``).

    ``nb``: the executed notebook already in memory (else read from ``nb_path``); ``timings``
    receives the seconds spent on each format.
    """
    import time

    from transfo_lab.reports.document import write_pdf

    timings = {} if timings is None else timings
    if nb is None:
        nb = nbformat.read(nb_path, as_version=4)
    out_stem = Path(out_stem)
    written: dict[str, Path] = {}
    if "html" in formats or "pdf" in formats:
        t0 = time.perf_counter()
        page = to_html(nb, info, show_code=show_code)
        if "html" in formats:
            written["html"] = atomic_write(out_stem.with_suffix(".html"), page)
        timings["html"] = time.perf_counter() - t0
        if "pdf" in formats:
            t0 = time.perf_counter()
            written["pdf"] = write_pdf(page, out_stem.with_suffix(".pdf"), lang=info.lang)
            timings["pdf"] = time.perf_counter() - t0
    if "md" in formats:
        t0 = time.perf_counter()
        images_dir = out_stem.parent / f"{out_stem.name}_files"
        text, images = to_markdown(nb, info, images_dir.name)
        for name, data in images.items():
            atomic_write(images_dir / name, data)
        written["md"] = atomic_write(out_stem.with_suffix(".md"), text)
        timings["md"] = time.perf_counter() - t0
    return written


def index_page(rows: list[dict], *, programme: str, lang: str = "fr", documents: list[dict] = ()) -> str:
    """``index.html``: the livret and the dossiers first, then every report with its site, phase, status
    and links (data escaped). The phase is shown by its title (« Recherche usagers »), from ``row["phase"]``.
    """
    from transfo_lab.base.text import escape_html as e
    from transfo_lab.base.labels import phase_label

    head = "".join(f"<th>{e(label(f'report.col_{c}', lang))}</th>" for c in ("site", "phase", "status", "time", "links"))
    body = []
    for row in rows:
        links = " · ".join(f'<a href="{e(path)}">{e(fmt.upper())}</a>' for fmt, path in row.get("links", {}).items())
        status = row["status"]
        detail = f'<div class="err">{e(row.get("error") or "")}</div>' if row.get("error") else ""
        body.append(f'<tr class="{e(status)}"><td>{e(row["site_label"])}</td><td>{e(phase_label(row["phase"], lang) if row.get("phase") else row["phase_label"])}</td>'
                    f'<td>{e(label("report.status_" + status, lang))}{detail}</td><td>{e(format_number(row.get("seconds") or 0, 1, lang))}{NBSP}s</td>'
                    f"<td>{links}</td></tr>")
    css = (TEMPLATES / "transfo_lab" / "report.css").read_text(encoding="utf-8")
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{e(programme)}</title>'
            f"<style>{css}\ntable.tl-index{{border-collapse:collapse;width:100%}}"
            f"table.tl-index th,table.tl-index td{{text-align:left;padding:6px 10px;border-bottom:1px solid #ddd;vertical-align:top}}"
            f"tr.failed td{{background:#fdecea}} .err{{color:#a61b1b;font-size:.85em}}</style></head>"
            f'<body class="transfo-report"><main><p class="tl-kicker">{e(label("report.kicker", lang))}</p>'
            f"<h1>{e(programme)}</h1><p>{e(label('report.index_intro', lang))} — {e(format_date(_dt.date.today(), lang, 'long'))}</p>"
            f"{_documents_block(documents, lang)}"
            f'<h2>{e(label("report.index_phases", lang))}</h2>'
            f'<table class="tl-index"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
            f"</main></body></html>\n")


def _documents_block(documents, lang: str) -> str:
    """The livret and the site dossiers, first on the index page: title, scope and links."""
    from transfo_lab.base.text import escape_html as e

    if not documents:
        return ""
    items = []
    for doc in documents:
        links = " · ".join(f'<a href="{e(path)}">{e(fmt.upper())}</a>' for fmt, path in doc["links"].items())
        items.append(f'<li><strong>{e(doc["title"])}</strong> — {links}</li>')
    return (f'<h2>{e(label("report.index_documents", lang))}</h2><p>{e(label("report.index_documents_intro", lang))}</p>'
            f'<ul class="tl-documents">{"".join(items)}</ul>')
