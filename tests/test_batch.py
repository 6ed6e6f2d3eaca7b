"""The main job on small fixture notebooks (tests/data/notebooks) and a mini programme."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import ROOT
from transfo_lab.base.text import slugify
from transfo_lab.reports.outputs import site_folder
from transfo_lab.reports.batch import (check_parameters, discover_notebooks, plan_jobs, run_batch,
                               summary)
from transfo_lab.cli import main
from transfo_lab.base.exceptions import ParameterError

FIXTURES = ROOT / "tests" / "data" / "notebooks"
MINI = ROOT / "tests" / "data" / "mini"


@pytest.fixture
def mini(tmp_path):
    """A private copy of the mini programme (the batch tests modify data files)."""
    return shutil.copytree(MINI, tmp_path / "mini")


def test_check_parameters_accepts_declared_names_and_types():
    assert check_parameters(FIXTURES / "01_counts.ipynb", {"site": "site-a", "pseudonymise": False}) == \
        {"site": "site-a", "pseudonymise": False}


def test_check_parameters_refuses_unknown_name():
    with pytest.raises(ParameterError, match=r"paramètre inconnu « sitee » pour 01_counts.ipynb : paramètres acceptés : "
                                             r"programme_dir, site, lang, pseudonymise"):
        check_parameters(FIXTURES / "01_counts.ipynb", {"sitee": "x"})


def test_check_parameters_refuses_wrong_type():
    with pytest.raises(ParameterError, match=r"paramètre « pseudonymise » de 01_counts.ipynb : attendu bool"):
        check_parameters(FIXTURES / "01_counts.ipynb", {"pseudonymise": "peut-être"})


def test_plan_jobs_makes_site_and_programme_reports(mini, tmp_path):
    jobs = plan_jobs(mini, tmp_path / "out", notebooks=discover_notebooks(FIXTURES))
    keys = [j.key for j in jobs]
    # 00_overview is programme-only (metadata scope); the others: programme + 2 sites
    assert keys == ["programme/00_overview", "programme/01_counts", "site-a/01_counts", "site-b/01_counts",
                    "programme/02_fragile", "site-a/02_fragile", "site-b/02_fragile"]


def test_unknown_site_is_refused(mini, tmp_path):
    with pytest.raises(ParameterError, match="site « ../../etc » inconnu"):
        plan_jobs(mini, tmp_path / "out", notebooks=discover_notebooks(FIXTURES), sites=["../../etc"])


def test_site_ids_can_never_write_outside_out(tmp_path):
    out = tmp_path / "out"
    for site in ("../../etc", "/etc/passwd", "..", "a/../../b"):
        folder = site_folder(out, site)
        assert folder.resolve().is_relative_to(out.resolve())
    assert slugify("../../etc") == "etc"


def test_batch_one_failing_site_does_not_stop_the_others(mini, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["report", str(mini), "--out", str(out), "--notebooks", str(FIXTURES), "--formats", "html,md",
                 "--workers", "2"])
    assert code == 1
    printed = capsys.readouterr().out
    assert "7 rapport(s) : 1 échec(s), 0 à jour" in printed
    assert "cellule : if site == 'site-b':" in printed
    assert "erreur  : ValueError: données du site B inexploitables" in printed
    assert (out / "sites" / "site-a" / "02_fragile.html").is_file()
    assert not (out / "sites" / "site-b" / "02_fragile.html").exists()
    assert (out / "sites" / "site-b" / "02_fragile.ipynb").is_file()  # kept for debugging
    assert (out / "sites" / "site-b" / "01_counts.html").is_file()
    index = (out / "index.html").read_text()
    assert index.count('class="failed"') == 1 and index.count('class="ok"') == 6
    assert 'href="sites/site-a/01_counts.html"' in index
    # no temporary file left behind
    assert not list(out.rglob(".*.tmp")) and not list(out.rglob("*.running.ipynb"))


def test_skip_if_unchanged_then_force_and_data_change(mini, tmp_path):
    out = tmp_path / "out"
    notebooks = [FIXTURES / "01_counts.ipynb"]
    jobs = plan_jobs(mini, out, notebooks=notebooks, sites=["site-a"], formats=("html",))
    first = run_batch(jobs, out, workers=1, progress=False)
    assert [r.status for r in first] == ["ok", "ok"]
    second = run_batch(jobs, out, workers=1, progress=False)
    assert [r.status for r in second] == ["skipped", "skipped"]
    forced = run_batch(jobs, out, workers=1, progress=False, force=True)
    assert [r.status for r in forced] == ["ok", "ok"]
    with open(mini / "observations.csv", "a", encoding="utf-8") as f:
        f.write("O4;site-a;15/10/2016;observation;Une nouvelle note;\n")
    third = run_batch(jobs, out, workers=1, progress=False)
    assert [r.status for r in third] == ["ok", "ok"]
    state = json.loads((out / ".transfo-lab-state.json").read_text())
    assert set(state) == {"programme/01_counts", "site-a/01_counts"}


def test_script_in_verbatim_is_escaped_in_html(mini, tmp_path):
    out = tmp_path / "out"
    jobs = plan_jobs(mini, out, notebooks=[FIXTURES / "01_counts.ipynb"], sites=[], formats=("html", "md"))
    [result] = run_batch(jobs, out, workers=1, progress=False)
    page = (out / "programme" / "01_counts.html").read_text()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page  # offline, self-contained: no script at all
    # the report: cover, table of contents, numbered and captioned chart, no code nor parameters by default
    assert "Mini programme de test" in page and "Comptages de terrain" in page
    assert '<li class="toc-2"><a href="#s-1">Les observations</a></li>' in page
    assert "data:image/png;base64," in page and "Figure 1. " in page
    assert "programme_dir" not in page and "transfo-lab 0." not in page
    assert "prog.observations[[" not in page
    assert "injected-parameters" not in page
    markdown = (out / "programme" / "01_counts.md").read_text()
    assert "![png](01_counts_files/" in markdown
    image = markdown.split("![png](")[1].split(")")[0]
    assert (out / "programme" / image).is_file()


def test_summary_lists_failures():
    from transfo_lab.reports.batch import Result

    text = summary([Result("programme/01", None, "Tous les sites", "01_x", "failed", 1.0, "KeyError: 'x'", "df['x']")])
    assert "cellule : df['x']" in text and "erreur  : KeyError: 'x'" in text
    assert text.endswith("1 rapport(s) : 1 échec(s), 0 à jour")


def test_run_command_checks_parameters_before_any_kernel(mini, tmp_path, capsys):
    code = main(["run", str(FIXTURES / "01_counts.ipynb"), "--programme", str(mini), "-p", "nope", "1",
                 "--out", str(tmp_path / "o")])
    assert code == 1
    err = capsys.readouterr().err
    assert "paramètre inconnu « nope »" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_run_command_one_site(mini, tmp_path, capsys):
    code = main(["run", str(FIXTURES / "01_counts.ipynb"), "--programme", str(mini), "--site", "site-b",
                 "-p", "pseudonymise", "false", "--out", str(tmp_path / "o")])
    assert code == 0
    assert (tmp_path / "o" / "sites" / "site-b" / "01_counts.html").is_file()


def test_pdf_report_has_cover_and_extractable_text(mini, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "out"
    jobs = plan_jobs(mini, out, notebooks=[FIXTURES / "01_counts.ipynb"], sites=[], formats=("pdf",))
    [result] = run_batch(jobs, out, workers=1, progress=False)
    assert result.status == "ok", result.error
    pdf = out / "programme" / "01_counts.pdf"
    reader = PdfReader(pdf)
    assert 2 <= len(reader.pages) <= 6  # cover, contents, body
    cover = reader.pages[0].extract_text()
    assert "Comptages de terrain" in cover and "Mini programme de test" in cover
    assert "Sommaire" in reader.pages[1].extract_text()
    # print furniture: « page N / M » on every page, contents with page numbers, running header
    for number, page in enumerate(reader.pages, start=1):
        assert f"page {number} / {len(reader.pages)}" in page.extract_text()
    assert re.search(r"Les observations \.{3,} ?\d+", reader.pages[1].extract_text())
    body = " ".join(p.extract_text() for p in reader.pages[2:])
    assert "<script>alert(1)</script> dit un élève" in body  # shown as text
    assert not (out / "programme" / "01_counts.html").exists()  # only the formats asked for


def test_batch_on_a_dask_local_cluster(mini, tmp_path):
    from dask.distributed import Client, LocalCluster

    out = tmp_path / "out"
    jobs = plan_jobs(mini, out, notebooks=[FIXTURES / "02_fragile.ipynb"], formats=("html",))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        results = run_batch(jobs, out, scheduler=client, progress=False)
    assert {r.key: r.status for r in results} == {"programme/02_fragile": "ok", "site-a/02_fragile": "ok",
                                                  "site-b/02_fragile": "failed"}
    assert (out / "sites" / "site-a" / "02_fragile.html").is_file()
