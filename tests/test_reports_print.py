"""Phase reports printed as documents: page furniture and no notebook dump in the text a reader gets."""
from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from conftest import LYCEES, NOTEBOOKS
from test_livret import NOT_FOR_READERS, flat
from transfo_lab import load_programme
from transfo_lab.reports.batch import plan_jobs, run_batch


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The programme-wide ideation and evaluation reports of the lycées example, as PDF."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSFO_LAB_HOME", str(tmp_path_factory.mktemp("home")))
        out = tmp_path_factory.mktemp("reports")
        notebooks = [NOTEBOOKS / "03_ideation.ipynb", NOTEBOOKS / "05_evaluation.ipynb"]
        jobs = plan_jobs(LYCEES, out, notebooks=notebooks, sites=[], formats=("pdf",))
        results = run_batch(jobs, out, workers=1, progress=False)
        assert [r.status for r in results] == ["ok", "ok"], [r.error for r in results]
        yield {r.phase: [p.extract_text() for p in PdfReader(r.outputs["pdf"]).pages] for r in results}


@pytest.mark.parametrize("phase", ["03_ideation", "05_evaluation"])
def test_page_furniture(reports, phase):
    pages = reports[phase]
    for number, text in enumerate(pages, start=1):
        assert f"page {number} / {len(pages)}" in text
    assert "Sommaire" in pages[1]
    contents = dict(re.findall(r"^(.+?) ?\.{3,} ?(\d+)$", pages[1], flags=re.M))  # contents with page numbers
    assert len(contents) >= 4
    for title, number in contents.items():  # each on the page it gives (the first page showing its title)
        assert next(i for i, text in enumerate(pages, start=1) if i > 2 and title in text) == int(number), title
    assert "Prêt à déployer — Le lycée, lieu de vie" in pages[2]  # running header
    assert "Prêt à déployer — Le lycée, lieu de vie" not in pages[0].split("\n")[0]  # none on the cover


@pytest.mark.parametrize("phase", ["03_ideation", "05_evaluation"])
def test_no_notebook_dump(reports, phase):
    text = "\n".join(reports[phase])
    for pattern, what in NOT_FOR_READERS:
        found = re.findall(pattern, text)
        assert not found, f"{what}: {found[:5]}"
    assert re.search(r"Tableau 1\. ", text) and re.search(r"Figure 1\. ", text)


def test_criteria_and_sites_unbroken_in_the_evaluation_report(reports):
    text = flat("\n".join(reports["05_evaluation"]))
    prog = load_programme(LYCEES)
    for name in prog.sites["name"]:
        assert name in text
    for criterion in prog.criteria["criterion"]:
        assert criterion in text, criterion


@pytest.mark.parametrize("phase", ["03_ideation", "05_evaluation"])
def test_no_table_caption_is_left_at_the_foot_of_a_page(reports, phase):
    for number, text in enumerate(reports[phase], start=1):
        lines = [line for line in text.splitlines() if line.strip() and not re.fullmatch(r"page \d+ / \d+", line)]
        captions = [n for n, line in enumerate(lines) if re.match(r"Tableau \d+\. ", line)]
        assert all(n < len(lines) - 2 for n in captions), (number, [lines[n] for n in captions])
