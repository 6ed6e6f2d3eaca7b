"""Hostile data never runs in a report, and personal data never reaches one (issue 18, items 1 and 2).

A copy of the lycées example gets script, image, SVG and ``javascript:`` link payloads in its
site names, programme name, idea titles, criterion labels, observation texts and test
learnings; and a name, an e-mail and a phone in an idea description, a test learning and a
criterion's expected evidence. Notebooks 02–05 are run through the batch (programme-wide and
one site); the HTML is *parsed*, the Markdown and the executed notebooks are searched.
"""
from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

from conftest import LYCEES, NOTEBOOKS

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
            '"><svg onload=alert(1)>')
SECRET = "Inès Bakri, ines.bakri@lycee.fr, 06 12 34 56 78"
LEAKS = ("Bakri", "ines.bakri@", "06 12 34 56 78")
SITE = "lycee-rural"


def _poison_csv(path: Path, table: str, column: str, values: dict[int, str]) -> None:
    """Write ``values`` (row position → text) in ``column`` of a table of the copy, found by its French header."""
    from transfo_lab.contract.schemas import TABLES_BY_NAME

    header = TABLES_BY_NAME[table].column(column).fr
    data = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    for row, value in values.items():
        data.loc[data.index[row], header] = value
    data.to_csv(path, sep=";", index=False)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The reports of a poisoned copy of the lycées example (run once for the module)."""
    from transfo_lab.reports import batch

    root = tmp_path_factory.mktemp("hostile")
    folder = root / "lycees"
    shutil.copytree(LYCEES, folder)
    config = yaml.safe_load((folder / "programme.yaml").read_text(encoding="utf-8"))
    config["name"] = f"Lycées {PAYLOADS[0]} {PAYLOADS[2]}"
    for site, payload in zip(config["sites"], PAYLOADS[1:] + PAYLOADS[:1]):
        site["name"] = f"{site['name']} {payload}"
    assert "Inès Bakri" in config["participants"]
    (folder / "programme.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")

    ideas = pd.read_csv(folder / "idees.csv", sep=";", dtype=str, keep_default_na=False)
    retained = [n for n, status in enumerate(ideas["Statut"]) if status == "retenue"][:4]
    _poison_csv(folder / "idees.csv", "ideas", "title", {n: f"Idée {p}" for n, p in zip(retained, PAYLOADS)})
    _poison_csv(folder / "idees.csv", "ideas", "description", {retained[0]: f"Proposée par {SECRET}"})
    _poison_csv(folder / "criteres.csv", "criteria", "criterion", {n: f"Critère {p}" for n, p in enumerate(PAYLOADS)})
    _poison_csv(folder / "criteres.csv", "criteria", "evidence", {0: f"Demander à {SECRET}"})
    _poison_csv(folder / "observations.csv", "observations", "text", {n: f"Vu : {p}" for n, p in enumerate(PAYLOADS)})
    _poison_csv(folder / "tests.csv", "tests", "learning", {**{n: f"Appris : {p}" for n, p in enumerate(PAYLOADS)},
                                                            len(PAYLOADS): f"Contacter {SECRET}"})

    out = root / "rapports-sortie"
    notebooks = [NOTEBOOKS / f"{n}.ipynb" for n in ("02_user_research", "03_ideation", "04_prototypes", "05_evaluation")]
    jobs = batch.plan_jobs(folder, out, notebooks=notebooks, sites=[SITE], formats=("html", "md"),
                           parameters={"reports_dir": str(out), "key_file": str(root / "cles" / "lycees.csv")})
    results = batch.run_batch(jobs, out, workers=1, progress=False)
    failed = [f"{r.key}: {r.error} ({r.cell})" for r in results if r.status != "ok"]
    assert not failed, failed
    assert len(results) == 8
    return out


def test_the_headers_are_really_poisoned(reports):
    """The payloads did reach the data (else the other tests prove nothing)."""
    page = (reports / "programme" / "02_user_research.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page          # a site name, as a column header
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:alert" in (reports / "programme" / "03_ideation.md").read_text(encoding="utf-8")


class _Audit(HTMLParser):
    """Every script text, event-handler attribute and javascript: URL of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self.urls, self._in_script = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append((tag, name, value))
            if name.lower() in ("href", "src", "xlink:href", "action", "formaction") and value \
                    and value.strip().lower().replace("\x00", "").startswith("javascript:"):
                self.urls.append((tag, name, value))
        if tag in ("img", "svg") and any(n.lower().startswith("on") for n, _ in attrs):
            self.handlers.append((tag, "element", attrs))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _pages(reports: Path, suffix: str) -> list[Path]:
    pages = sorted(p for p in reports.rglob(f"*{suffix}") if not p.name.startswith("."))
    assert pages
    return pages


def test_no_payload_runs_in_the_html(reports):
    pages = _pages(reports, ".html")
    assert reports / "index.html" in pages and len(pages) == 9
    for page in pages:
        audit = _Audit()
        audit.feed(page.read_text(encoding="utf-8"))
        assert not [s for s in audit.scripts if "alert(1)" in s], page
        assert not audit.handlers, (page, audit.handlers[:3])
        assert not audit.urls, (page, audit.urls[:3])


def test_no_payload_is_markup_in_the_markdown(reports):
    for page in _pages(reports, ".md"):
        text = page.read_text(encoding="utf-8")
        for raw in ("<script", "<img", "<svg", "](javascript:"):
            assert raw not in text, (page, raw, text[max(0, text.find(raw) - 80):text.find(raw) + 80])


def test_no_personal_data_in_any_report(reports):
    files = _pages(reports, ".html") + _pages(reports, ".md") + _pages(reports, ".ipynb")
    assert len(files) == 8 * 3 + 1
    for path in files:
        text = path.read_text(encoding="utf-8")
        for leak in LEAKS:
            assert leak not in text, (path.name, leak, text[max(0, text.find(leak) - 80):text.find(leak) + 80])


def test_the_key_is_outside_the_reports_and_its_path_never_shown(reports):
    key = reports.parent / "cles" / "lycees.csv"
    assert key.is_file() and "Bakri" in key.read_text(encoding="utf-8")
    assert not [p for p in reports.rglob("*.csv")]
    for path in _pages(reports, ".html") + _pages(reports, ".md"):
        text = path.read_text(encoding="utf-8")
        assert "lycees.csv" not in text and str(reports.parent) not in text, path.name
