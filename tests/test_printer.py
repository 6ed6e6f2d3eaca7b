"""The phase reports' PDFs printed by one long-lived Chromium (transfo_lab.reports.printer), and WeasyPrint's
place when Chromium is not there."""
from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest
from pypdf import PdfReader

from transfo_lab.reports import printer
from transfo_lab.reports.document import Document, write_pdf

HOSTILE = 'Lycée </style><script>alert(1)</script> « 2 » "x" \\ fin'


def words(n: int, seed: str) -> str:
    return " ".join(f"{seed}{i % 7}" for i in range(n))


def flow_document(programme: str = "Prêt à déployer — Le lycée, lieu de vie") -> Document:
    """A phase report's shape: cover, contents, one flowing chapter whose sections land on several pages."""
    doc = Document(title="Synthèse de test", programme=programme, kicker="Rapport")
    doc.chapter("Corps", flow=True)
    for number, length in enumerate([40, 900, 60, 1500, 30, 700], start=1):
        doc.section(f"Section numéro {number} unique")
        doc.para(words(length, "mot"))
    return doc


def producer(path: Path) -> str:
    return str(PdfReader(path).metadata.get("/Producer"))


def test_chromium_is_the_engine_here():
    # `make test` installs Chromium and Playwright: the phase reports of the suite are printed by it
    assert printer.find_chromium() and printer.engine() == "chromium"


def test_contents_give_the_page_each_section_is_on(tmp_path):
    pdf = write_pdf(flow_document().to_html(), tmp_path / "r.pdf", engine="auto")
    assert producer(pdf).startswith("Skia/PDF")
    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    assert "Sommaire" in pages[1]
    listed = dict(re.findall(r"^(Section numéro \d unique) ?\.{3,} ?(\d+)$", pages[1], flags=re.M))
    assert len(listed) == 6, pages[1]
    for title, number in listed.items():
        # the page whose text holds the heading, found in the PDF itself
        on = [i for i, text in enumerate(pages, start=1) if i > 2 and title in text]
        assert on == [int(number)], (title, number, on)
    assert len({int(n) for n in listed.values()}) >= 3  # the sections are spread over several pages
    for number, text in enumerate(pages, start=1):
        assert f"page {number} / {len(pages)}" in text
    assert "Prêt à déployer — Le lycée, lieu de vie" in pages[2]  # running header, spaces kept
    assert "Prêt à déployer" not in pages[0].split("Synthèse de test")[0]  # none on the cover


def test_hostile_programme_name_is_text_in_the_running_header(tmp_path):
    style = printer.chromium_style(flow_document(HOSTILE).to_html())
    assert "<" not in style.removeprefix("<style>").removesuffix("</style>")  # cannot close the style element
    pdf = write_pdf(flow_document(HOSTILE).to_html(), tmp_path / "r.pdf", engine="auto")
    header = PdfReader(pdf).pages[2].extract_text()
    assert HOSTILE in header


def test_weasyprint_when_asked_or_chromium_missing(tmp_path, monkeypatch):
    page = flow_document().to_html()
    monkeypatch.setenv(printer.ENGINE_VARIABLE, "weasyprint")
    assert producer(write_pdf(page, tmp_path / "a.pdf", engine="auto")).startswith("WeasyPrint")
    monkeypatch.delenv(printer.ENGINE_VARIABLE)
    monkeypatch.setenv(printer.CHROMIUM_VARIABLE, str(tmp_path / "no-chromium"))
    assert printer.engine() == "weasyprint"
    pdf = write_pdf(page, tmp_path / "b.pdf", engine="auto")
    assert producer(pdf).startswith("WeasyPrint")
    assert re.search(r"Section numéro 4 unique ?\.{3,} ?\d+", PdfReader(pdf).pages[1].extract_text())


def test_a_stopped_print_server_falls_back_to_weasyprint_at_once(tmp_path, monkeypatch):
    address = tmp_path / "socket"
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(address))  # a socket file nobody listens on: the server stopped
    dead.close()
    monkeypatch.setenv(printer.ADDRESS_VARIABLE, str(address))
    with pytest.raises(printer.PrinterUnavailable):
        printer.print_pdf("<html></html>", timeout=5)
    pdf = write_pdf(flow_document().to_html(), tmp_path / "r.pdf", engine="auto")
    assert producer(pdf).startswith("WeasyPrint")


def test_a_server_that_cannot_start_says_why(tmp_path, monkeypatch):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    with printer.PrintServer(str(fake)) as server:
        monkeypatch.setenv(printer.ADDRESS_VARIABLE, server.address)
        with pytest.raises(printer.PrinterUnavailable):
            printer.print_pdf(flow_document().to_html())
        assert Path(server.address + ".failed").read_text()


def _print_servers() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"transfo_lab.reports.printer" in command:
                found.append(int(entry.name))
    return found


def test_the_batch_prints_with_one_server_and_stops_it(tmp_path, monkeypatch):
    import shutil

    from conftest import ROOT
    from transfo_lab.reports.batch import plan_jobs, run_batch

    monkeypatch.delenv(printer.ADDRESS_VARIABLE, raising=False)
    mini = shutil.copytree(ROOT / "tests" / "data" / "mini", tmp_path / "mini")
    before = set(_print_servers())
    jobs = plan_jobs(mini, tmp_path / "out", notebooks=[ROOT / "tests" / "data" / "notebooks" / "01_counts.ipynb"], formats=("pdf",))
    results = run_batch(jobs, tmp_path / "out", workers=2, progress=False)
    assert [r.status for r in results] == ["ok"] * len(results) and len(results) >= 2, [r.error for r in results]
    for result in results:
        assert producer(Path(result.outputs["pdf"])).startswith("Skia/PDF")
    assert set(_print_servers()) - before == set()
    assert not os.environ.get(printer.ADDRESS_VARIABLE)


def test_documents_printed_at_once_each_get_their_own_pdf(tmp_path, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    with printer.PrintServer() as server:
        monkeypatch.setenv(printer.ADDRESS_VARIABLE, server.address)
        titles = [f"Rapport numéro {i} du lot" for i in range(5)]
        pages = []
        for title in titles:
            doc = flow_document()
            doc.title = title
            pages.append(doc.to_html())
        with ThreadPoolExecutor(5) as pool:
            pdfs = list(pool.map(printer.print_pdf, pages))
    for title, pdf in zip(titles, pdfs):
        path = tmp_path / "r.pdf"
        path.write_bytes(pdf)
        cover = PdfReader(path).pages[0].extract_text()
        assert title in cover and all(other not in cover for other in titles if other != title)


def test_chromium_killed_mid_batch_the_next_reports_fall_back_to_weasyprint(tmp_path, monkeypatch):
    import signal
    import time

    with printer.PrintServer() as server:
        monkeypatch.setenv(printer.ADDRESS_VARIABLE, server.address)
        page = flow_document().to_html()
        assert producer(write_pdf(page, tmp_path / "a.pdf", engine="auto")).startswith("Skia/PDF")
        browsers = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()
                    and _parent(int(p.name)) == server.process.pid]
        assert browsers
        for pid in browsers:
            os.kill(pid, signal.SIGKILL)
        server.process.wait(timeout=10)  # the server stops with its browser
        start = time.monotonic()
        pdf = write_pdf(page, tmp_path / "b.pdf", engine="auto")
        assert producer(pdf).startswith("WeasyPrint") and time.monotonic() - start < 30


def _parent(pid: int) -> int | None:
    try:
        return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def test_each_chapter_names_itself_at_the_top_of_its_pages(tmp_path):
    doc = Document(title="Livret de test", programme="Programme d'essai")
    chapters = ["Premier chapitre", "Chapitre </style><i>« 2 »</i> \"x\" \\\\", "Troisième chapitre"]
    for title, length in zip(chapters, [1500, 400, 900]):
        doc.chapter(title)
        doc.para(words(length, "mot"))
    pdf = write_pdf(doc.to_html(), tmp_path / "l.pdf", engine="auto")
    assert producer(pdf).startswith("Skia/PDF")
    pages = [p.extract_text().splitlines() for p in PdfReader(pdf).pages]
    headers = [next((line for line in lines if line.startswith("Programme d'essai")), None) for lines in pages]
    assert headers[1] == "Programme d'essai"  # the contents: no chapter
    # from the page each chapter starts on (its heading first in the body) to the next one's: its name
    starts = {title: next(n for n, lines in enumerate(pages) if n > 1 and title in lines) for title in chapters}
    assert starts[chapters[0]] < starts[chapters[1]] < starts[chapters[2]] and starts[chapters[1]] - starts[chapters[0]] >= 2
    for n in range(2, len(pages)):
        current = [t for t in chapters if starts[t] <= n][-1]
        assert headers[n] == f"Programme d'essai {current}", (n, headers[n])


def test_a_process_own_server_stops_when_idle_and_starts_again(tmp_path, monkeypatch):
    """A kernel that printed a livret does not keep Chromium for the rest of the session."""
    import time

    monkeypatch.delenv(printer.ADDRESS_VARIABLE, raising=False)
    monkeypatch.setattr(printer, "LOCAL_IDLE", 1.0)
    monkeypatch.setattr(printer, "_LOCAL", None)
    page = flow_document().to_html()
    assert producer(write_pdf(page, tmp_path / "a.pdf", engine="auto")).startswith("Skia/PDF")
    first = printer._LOCAL
    first.process.wait(timeout=30)  # stopped by itself, idle
    assert not Path(first.address).exists()
    start = time.monotonic()
    assert producer(write_pdf(page, tmp_path / "b.pdf", engine="auto")).startswith("Skia/PDF")
    assert printer._LOCAL is not first and time.monotonic() - start < 30
    printer._LOCAL.close()
