"""Exporting an executed notebook as a report: HTML, PDF and Markdown, plus the index page.

HTML comes from nbconvert with the kit's template (``templates/report/transfo_lab``): a
cover listing the parameters of the report, a table of contents, code hidden by default,
charts embedded — one file is the whole report, readable offline. PDF is printed from that
HTML by headless Chromium (Debian's ``chromium`` package). Markdown, for the blog, comes with
its images in a folder beside it. Every file is written atomically.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from transfo_lab.exceptions import TransfoLabError
from transfo_lab.io import atomic_write
from transfo_lab.labels import NBSP, format_number, label

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates" / "report"
#: Cells with these tags never appear in a report (papermill's injected cell, the defaults).
HIDDEN_CELL_TAGS = frozenset({"injected-parameters", "parameters", "remove-cell", "remove_cell"})
#: Cells with these tags show their output but not their code.
HIDDEN_INPUT_TAGS = frozenset({"hide-input", "hide_input", "remove-input", "remove_input"})
_FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre"]


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
            "date": format_date(self.date, lang),
            "parameters": [(_param_name(k, lang), _show_param(self.site_label if k == "site" and v else
                                                             _lang_name(v, lang) if k == "lang" else v, lang))
                           for k, v in self.parameters.items() if k not in PRIVATE_PARAMETERS],
            "toc": table_of_contents(nb),
            "labels": {k: label(f"report.{k}", lang) for k in ("kicker", "parameters", "toc", "footer")},
            "css": (TEMPLATES / "transfo_lab" / "report.css").read_text(encoding="utf-8"),
        }


#: Parameters never shown on a cover: paths (the key file, the reports folder, the programme folder).
PRIVATE_PARAMETERS = frozenset({"programme_dir", "key_file", "reports_dir"})


def _param_name(name: str, lang: str) -> str:
    """A parameter as a reader names it (« Langue », « Site »), else as it is."""
    from transfo_lab.labels import LABELS

    key = f"report.param_{name}"
    return label(key, lang) if key in LABELS else name


def _lang_name(value, lang: str) -> str:
    names = {"fr": {"fr": "français", "en": "anglais"}, "en": {"fr": "French", "en": "English"}}
    return names.get(lang, {}).get(value, value)


def _show_param(value, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return label("report.yes" if value else "report.no", lang)
    return str(value)


def format_date(day: _dt.date, lang: str = "fr") -> str:
    """``23 novembre 2026`` in French, ``23 November 2026`` in English.

    >>> format_date(_dt.date(2026, 11, 23))
    '23 novembre 2026'
    """
    return f"{day.day} {_FR_MONTHS[day.month - 1]} {day.year}" if lang == "fr" else day.strftime("%d %B %Y")


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
    """The report as one self-contained HTML page (charts embedded, no external script)."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="transfo_lab", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=not show_code, exclude_input_prompt=True, exclude_output_prompt=True,
                            sanitize_html=False)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_input_tags=set(HIDDEN_INPUT_TAGS),
                                                         remove_cell_tags=set(HIDDEN_CELL_TAGS)), enabled=True)
    from transfo_lab.labels import phase_label

    shown = _report_notebook(nb)
    # the browser's tab: the phase's title and the programme (escaped by the template), never « 02_user_research »
    parts = [phase_title(nb) or phase_label(info.phase, info.lang), info.programme]
    parts += [info.site_label] if info.site else []
    shown.metadata["title"] = " — ".join(p for p in parts if p)
    body, _ = exporter.from_notebook_node(shown, resources={
        "transfo": info.cover(nb), "language_code": info.lang, "metadata": {"name": info.phase}})
    return body


def to_markdown(nb, info: ReportInfo, images_dir_name: str) -> tuple[str, dict[str, bytes]]:
    """The report as Markdown for the blog, and its images (file name → bytes)."""
    from nbconvert import MarkdownExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = MarkdownExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_CELL_TAGS)), enabled=True)
    body, resources = exporter.from_notebook_node(
        _report_notebook(nb), resources={"output_files_dir": images_dir_name, "metadata": {"name": info.phase}})
    from transfo_lab.display import escape_markdown as md

    cover = info.cover(nb)
    lines = [f"# {md(cover['phase_title'])}", "",
             f"**{md(cover['programme'])}** — {md(cover['site_label'])} — {md(cover['date'])}", ""]
    lines += [f"- {md(name)} : {md(value)}" for name, value in cover["parameters"]] + [""]
    body = re.sub(r"\A\s*#\s+.+\n", "", body, count=1)  # the notebook's own title is on the cover
    images = {Path(name).name: data for name, data in resources.get("outputs", {}).items()}
    return "\n".join(lines) + "\n" + body.strip() + "\n", images


def chromium_path() -> str:
    """The headless Chromium used to print PDFs (``TRANSFO_LAB_CHROMIUM`` overrides)."""
    for candidate in (os.environ.get("TRANSFO_LAB_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    raise ExportError(label("report.no_chromium", "fr"))


def html_to_pdf(html_path: Path | str, pdf_path: Path | str, *, timeout: float = 180) -> Path:
    """Print an HTML file to PDF with headless Chromium, offline; the PDF is written atomically."""
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="transfo-lab-chromium-") as profile:
        tmp_pdf = Path(profile) / "out.pdf"
        command = [chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                   "--no-first-run", "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--disable-quic", "--disable-extensions", f"--user-data-dir={profile}",
                   "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
                   f"--print-to-pdf={tmp_pdf}", html_path.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ExportError(f"Chromium n'a pas produit le PDF de {html_path.name} en {timeout:.0f} s") from None
        if not tmp_pdf.is_file() or tmp_pdf.stat().st_size == 0:
            tail = (done.stderr or "").strip().splitlines()[-1:] or [""]
            raise ExportError(f"Chromium n'a pas produit le PDF de {html_path.name} : {tail[0]}")
        tmp_final = pdf_path.with_name(f".{pdf_path.name}.tmp")
        shutil.copyfile(tmp_pdf, tmp_final)
        os.replace(tmp_final, pdf_path)
    return pdf_path


def export_notebook(nb_path: Path | str, info: ReportInfo, out_stem: Path | str, *,
                    formats=("html", "pdf", "md"), show_code: bool = False) -> dict[str, Path]:
    """Export an executed notebook to ``out_stem`` + ``.html`` / ``.pdf`` / ``.md`` (images in ``<stem>_files/``)."""
    nb = nbformat.read(nb_path, as_version=4)
    out_stem = Path(out_stem)
    written: dict[str, Path] = {}
    if "html" in formats or "pdf" in formats:
        page = to_html(nb, info, show_code=show_code)
        html_path = out_stem.with_suffix(".html")
        written["html"] = atomic_write(html_path, page)
        if "pdf" in formats:
            written["pdf"] = html_to_pdf(html_path, out_stem.with_suffix(".pdf"))
        if "html" not in formats:
            html_path.unlink()
            del written["html"]
    if "md" in formats:
        images_dir = out_stem.parent / f"{out_stem.name}_files"
        text, images = to_markdown(nb, info, images_dir.name)
        for name, data in images.items():
            atomic_write(images_dir / name, data)
        written["md"] = atomic_write(out_stem.with_suffix(".md"), text)
    return written


def index_page(rows: list[dict], *, programme: str, lang: str = "fr") -> str:
    """``index.html``: every report with its site, phase, status and links (data escaped).

    The phase is shown by its title (« Recherche usagers »), from ``row["phase"]``.
    """
    from transfo_lab.display import escape_html as e
    from transfo_lab.labels import phase_label

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
            f"<h1>{e(programme)}</h1><p>{e(label('report.index_intro', lang))} — {e(format_date(_dt.date.today(), lang))}</p>"
            f'<table class="tl-index"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
            f"</main></body></html>\n")
