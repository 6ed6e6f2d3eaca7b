"""The livret and the site dossiers: content, print quality, changes between editions, reproducibility."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from conftest import LYCEES, TRANSFO
from transfo_lab import load_programme
from transfo_lab.cli import main
from transfo_lab.reports.document import Document, cell_text
from transfo_lab.reports.livret import humanize, write_livret

DAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """Keys go to a private folder of the test, never to the user's home."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("home")
        patch.setenv("TRANSFO_LAB_HOME", str(folder))
        yield folder


@pytest.fixture(scope="module")
def edition(tmp_path_factory, home):
    """The lycées livret and one site dossier, HTML and PDF."""
    out = tmp_path_factory.mktemp("livret")
    written = write_livret(LYCEES, out, sites=["lycee-rural"], today=DAY)
    return out, written


def pdf_pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def body(text: str, programme: str = "Prêt à déployer — Le lycée, lieu de vie") -> str:
    """A page's text without its running header (programme — chapter) and its « page N / M »: Chromium's
    PDF gives them first, WeasyPrint's last."""
    lines = text.splitlines()
    edges = set(range(2)) | set(range(len(lines) - 2, len(lines)))
    return "\n".join(line for n, line in enumerate(lines) if not (
        n in edges and (line.startswith(programme) or re.fullmatch(r"page \d+ / \d+", line))))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " "))


def test_the_livret_and_the_dossier_are_written(edition):
    out, written = edition
    for name in ("livret.html", "livret.pdf", "sites/lycee-rural/dossier.html", "sites/lycee-rural/dossier.pdf",
                 "livret.json"):
        assert (out / name).stat().st_size > 1000, name
    assert not (out / "sites" / "lycee-technique").exists()


def test_every_page_says_page_n_of_m(edition):
    out, _ = edition
    for name in ("livret.pdf", "sites/lycee-rural/dossier.pdf"):
        pages = pdf_pages(out / name)
        assert len(pages) > 8
        for number, text in enumerate(pages, start=1):
            assert f"page {number} / {len(pages)}" in text, (name, number)


def test_the_contents_give_page_numbers_that_hold(edition):
    out, _ = edition
    pages = pdf_pages(out / "livret.pdf")
    toc = body(pages[1])
    assert toc.startswith("Sommaire")
    entries = dict((title.strip(), int(page)) for title, page in re.findall(r"^(.+?)\s*\.{3,}\s*(\d+)$", toc, flags=re.M))
    for chapter in ("Synthèse pour les élus", "Ce qui a changé", "Le programme", "Le terrain",
                    "Le cahier de propositions", "Les prototypes", "La grille d'évaluation agile", "Annexes"):
        assert chapter in entries, chapter
        # the page named in the contents opens with that chapter's heading
        assert body(pages[entries[chapter] - 1]).startswith(chapter), chapter


def test_the_synthesis_opens_the_livret_in_plain_sentences(edition):
    out, _ = edition
    pages = pdf_pages(out / "livret.pdf")
    synthesis = flat(body(pages[2]))
    assert synthesis.startswith("Synthèse pour les élus")
    # running header: programme — chapter; footer: page N / M
    assert {"Prêt à déployer — Le lycée, lieu de vie Synthèse pour les élus", f"page 3 / {len(pages)}"} <= \
        set(pages[2].splitlines())
    for site in ("Lycée professionnel Gustave-Eiffel (Tours)", "Lycée polyvalent des Brandes (Le Blanc)",
                 "Futur lycée des Bordes (Saint-Cyr-en-Val)"):
        assert site in synthesis
    # the recommendations computed from notes.csv at round 3 (thresholds 3.5 / 2.5 of programme.yaml)
    assert "Recommandation : Déployer, avec un score pondéré de 4,00 sur 5 au tour 3." in synthesis
    assert "Recommandation : Adapter, avec un score pondéré de 2,96 sur 5 au tour 3." in synthesis
    assert "Recommandation : Retravailler, avec un score pondéré de 2,16 sur 5 au tour 3." in synthesis
    assert "Point fort : " in synthesis and "Point faible : " in synthesis


NOT_FOR_READERS = [
    (r"\b(True|False|None|NaN|nan|<NA>|NaT)\b", "Python values"),
    (r"\d[.,]\d{5,}", "floats with 5+ decimals"),
    (r"\b[a-z]+_[a-z_]+\b", "snake_case ids"),
    (r"\b(programme_dir|key_file|pseudonymise|lang|site_ids|export_grid_workbook|read_grid_workbook)\b", "parameters"),
    (r"\w\(\)|\w+\.\w+\(", "code"),
    (r"(/tmp/|/home/|\.transfo-lab|\.csv\b|\.yaml\b)", "paths"),
]


@pytest.mark.parametrize("name", ["livret.pdf", "sites/lycee-rural/dossier.pdf"])
def test_no_python_value_code_id_or_path_reaches_the_reader(edition, name):
    out, _ = edition
    text = "\n".join(pdf_pages(out / name))
    for pattern, what in NOT_FOR_READERS:
        found = re.findall(pattern, text)
        assert not found, f"{what}: {found[:5]}"


def test_every_criterion_and_site_name_is_unbroken(edition):
    out, _ = edition
    prog = load_programme(LYCEES)
    text = flat("\n".join(pdf_pages(out / "livret.pdf")))
    for name in prog.sites["name"]:
        assert name in text, name
    for criterion in prog.criteria["criterion"]:
        if "Personne" in criterion:  # pragma: no cover - a criterion is not a person
            continue
        assert criterion in text, criterion


def test_french_formatting(edition):
    out, _ = edition
    text = flat("\n".join(pdf_pages(out / "livret.pdf")))
    assert "Du 5 septembre 2016 au 28 février 2018" in text
    assert "166 200 €" in text  # the budget of the note, to the euro
    assert re.search(r"\b\d+ %", text)
    assert "Oui" in text and "Non" in text


def test_first_edition_says_it_is_the_first(edition):
    out, _ = edition
    html = (out / "livret.html").read_text(encoding="utf-8")
    assert "Cette édition est la première" in html


def test_same_data_same_day_gives_byte_identical_html(tmp_path, home, edition):
    out, _ = edition
    again = tmp_path / "again"
    write_livret(LYCEES, again, formats=("html",), sites=["lycee-rural"], today=DAY)
    assert (again / "livret.html").read_bytes() == (out / "livret.html").read_bytes()
    assert (again / "sites/lycee-rural/dossier.html").read_bytes() == (out / "sites/lycee-rural/dossier.html").read_bytes()


def test_what_changed_names_the_site_and_the_criterion_after_an_edit_of_the_scores(tmp_path, home):
    programme = tmp_path / "programme"
    shutil.copytree(LYCEES, programme)
    out = tmp_path / "out"
    write_livret(programme, out, formats=("html",), sites=[], today=DAY)
    notes = programme / "notes.csv"
    text = notes.read_text(encoding="utf-8")
    old_line = "C07;lycee-rural;3;2;Investissement de 136 k€, dont le quai de cars non financé;;09/11/2017"
    assert old_line in text
    notes.write_text(text.replace(old_line, old_line.replace(";3;2;", ";3;4;")), encoding="utf-8")
    write_livret(programme, out, formats=("html", "pdf"), sites=[], today=DAY + dt.timedelta(days=1))
    pages = pdf_pages(out / "livret.pdf")
    changed = flat(next(p for p in pages if "Ce qui a changé" in p and "Depuis l'édition précédente" in p))
    assert "Depuis l'édition précédente (du 28 novembre 2026)" in changed
    assert ("Lycée polyvalent des Brandes (Le Blanc) — « Coût d'investissement et capacité de financement » : "
            "note 2 → 4 (tour 3).") in changed
    assert "Lycée polyvalent des Brandes (Le Blanc) : score pondéré 2,96 (tour 3) → 3," in changed
    assert "Lycée professionnel Gustave-Eiffel" not in changed.split("Ce qui a changé", 1)[1].split("page")[0]


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.links = 0, [], []

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        self.handlers += [k for k, _ in attrs if k.startswith("on")]
        self.links += [v for k, v in attrs if k in ("href", "src") and v and v.strip().lower().startswith("javascript")]


def test_text_from_the_data_is_never_markup(tmp_path, home):
    programme = tmp_path / "programme"
    shutil.copytree(LYCEES, programme)
    yaml_path = programme / "programme.yaml"
    payload = '<script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:alert(3))'
    text = yaml_path.read_text(encoding="utf-8")
    text = text.replace('name: "Lycée polyvalent des Brandes (Le Blanc)"', f"name: 'Brandes {payload}'")
    yaml_path.write_text(text, encoding="utf-8")
    ideas = programme / "idees.csv"
    ideas.write_text(ideas.read_text(encoding="utf-8").replace("Parrains de rentrée", f"Parrains {payload}"),
                     encoding="utf-8")
    out = tmp_path / "out"
    write_livret(programme, out, formats=("html",), sites=["lycee-rural"], today=DAY)
    for page in (out / "livret.html", out / "sites/lycee-rural/dossier.html"):
        html = page.read_text(encoding="utf-8")
        assert "Brandes &lt;script&gt;alert(1)&lt;/script&gt;" in html
        parser = _Collect()
        parser.feed(html)
        assert parser.scripts == 0 and parser.handlers == [] and parser.links == []


def test_livret_command_on_the_transfo_example(tmp_path, home, capsys):
    assert main(["livret", str(TRANSFO), "--out", str(tmp_path), "--formats", "html"]) == 0
    html = (tmp_path / "livret.html").read_text(encoding="utf-8")
    assert "La Transfo — Département du Val-de-Loire" in html
    assert "Synthèse pour les élus" in html
    assert (tmp_path / "sites" / "departement" / "dossier.html").exists()
    assert str(tmp_path / "livret.html") in capsys.readouterr().out


def test_an_unknown_site_is_a_clear_error(tmp_path, home, capsys):
    assert main(["livret", str(LYCEES), "--out", str(tmp_path), "--formats", "html", "--sites", "lycee-inconnu"]) == 1
    err = capsys.readouterr().err
    assert "site « lycee-inconnu » inconnu" in err and "Traceback" not in err


def test_index_leads_with_the_livret_and_the_dossiers():
    from transfo_lab.reports.notebook import index_page

    rows = [{"site_label": "Tous les sites", "phase": "05_evaluation", "phase_label": "evaluation", "status": "ok",
             "seconds": 1.0, "links": {"html": "programme/05_evaluation.html"}}]
    page = index_page(rows, programme="P <b>", documents=[{"title": "Livret de la démarche",
                                                           "links": {"html": "livret.html", "pdf": "livret.pdf"}}])
    assert page.index("livret.html") < page.index("programme/05_evaluation.html")
    assert "P &lt;b&gt;" in page


def test_cell_text_and_words_for_ids():
    assert [cell_text(v) for v in (False, 12.5, 0.123456, dt.date(2016, 3, 1))] == ["Non", "12,5", "0,12", "1er\xa0mars\xa02016"]
    assert humanize("a_approfondir") == "À approfondir"
    assert humanize("mitigee") == "Mitigée"


def test_document_numbers_tables_and_figures():
    import matplotlib.pyplot as plt
    import pandas as pd

    doc = Document(title="T", programme="P")
    doc.chapter("Un")
    assert doc.table(pd.DataFrame({"a": [1]}), caption="c") == "tableau 1"
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([1, 2])
    assert doc.figure(fig, caption="f") == "figure 1"
    assert doc.table(pd.DataFrame({"a": [True]}), caption="d") == "tableau 2"
    html = doc.to_html()
    assert "Tableau 2. d" in html and "Figure 1. f" in html and "<td>Oui</td>" in html


def test_no_page_is_blank_and_long_tables_repeat_their_header(edition):
    out, _ = edition
    pages = pdf_pages(out / "livret.pdf")
    for number, text in enumerate(pages, start=1):
        lines = [line for line in body(text).splitlines() if line.strip()]
        assert len(lines) >= 2, f"page {number} is blank"
    # the full test log (89 rows) runs over several pages, each starting with the column headers
    log_pages = [p for p in pages if re.search(r"^Date Prototype Site Résultat Enseignement$", p, flags=re.M)]
    assert len(log_pages) >= 3
