"""display: the one escaping path (HTML and Markdown) and tables a reader can read."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from transfo_lab.reports.display import (escape_cell, escape_html, escape_markdown, format_value, heading, note, readable,
                                 report_heading, show_table)

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
            '"><svg onload=alert(1)>', "![i](javascript:alert(1))", "<javascript:alert(1)>")


# --- Markdown ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_markdown_leaves_no_tag_and_no_link(payload):
    text = escape_markdown(payload)
    assert "<" not in text and ">" not in text
    assert "](" not in text and not re.search(r"(?<!\\)\[", text)


@pytest.mark.parametrize("raw, escaped", [
    ("a & b", "a &amp; b"),
    ("*gras* _pas_ `code`", r"\*gras\* \_pas\_ \`code\`"),
    ("col | col", r"col \| col"),
    ("# Titre", r"\# Titre"),
    ("- item", r"\- item"),
    ("+ item", r"\+ item"),
    ("1. item", r"1\. item"),
    ("ligne\n## deux", "ligne\n\\## deux"),
    ("version 0.1.0 et 3,5", "version 0.1.0 et 3,5"),       # a dot inside a line stays
    ("$x$ et ~barré~", r"\$x\$ et \~barré\~"),
    ("l'élève « Inès »", "l'élève « Inès »"),
    (None, ""),
    (float("nan"), ""),
])
def test_escape_markdown_cases(raw, escaped):
    assert escape_markdown(raw) == escaped


def test_markdown_of_a_payload_renders_as_its_text():
    """Rendered by the Markdown engine of the reports, the escaped text reads exactly as typed."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    for payload in PAYLOADS + ("*x* _y_ `z` # | 1. a",):
        rendered = markdown2html_mistune(escape_markdown(payload))
        assert "<a " not in rendered and "<script" not in rendered and "<img" not in rendered and "<svg" not in rendered
        assert "<em>" not in rendered and "<code>" not in rendered


def test_no_second_markdown_escaper_in_the_kit():
    from transfo_lab.phases import evaluation, ideation

    for module in (ideation, evaluation):
        assert module._md("[x](javascript:1) <b>") == escape_markdown("[x](javascript:1) <b>")


# --- HTML ---------------------------------------------------------------------------------------------

def test_escape_html_and_cells():
    assert escape_html('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert escape_html("l'eau") == "l'eau" and escape_html(None) == ""
    assert escape_cell("[x](javascript:1)") == "&#91;x&#93;(javascript:1)"


def test_widgets_use_the_display_escaping():
    from transfo_lab.training import widgets

    assert widgets._esc('<img src=x onerror="alert(1)">') == escape_html('<img src=x onerror="alert(1)">')


def test_index_page_escapes_and_names_phases_in_french():
    from transfo_lab.reports.notebook import index_page

    page = index_page([{"site_label": PAYLOADS[0], "phase": "02_user_research", "phase_label": "user research",
                        "status": "ok", "seconds": 1.0, "links": {"html": "a.html"}}], programme=PAYLOADS[1])
    assert "<script>" not in page and "<img" not in page
    assert "Recherche usagers" in page and "user research" not in page


def test_markdown_cover_is_escaped():
    import nbformat

    from transfo_lab.reports.notebook import ReportInfo, to_markdown

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Titre")])
    info = ReportInfo(f"Lycées {PAYLOADS[0]}", "02_user_research", "s", f"Site {PAYLOADS[2]}", "fr",
                      {"Programme": "x", "site": "s", "key_file": "/home/cle.csv", "reports_dir": "/tmp/out",
                       "pseudonymise": True})
    text, _ = to_markdown(nb, info, "files")
    assert "<script" not in text and "](javascript:" not in text
    assert "cle.csv" not in text and "/tmp/out" not in text
    assert "Site \\[x\\]" in text  # the site is on the cover, escaped; no parameter list
    assert "Pseudonymisation" not in text and "pseudonymise" not in text


# --- tables -------------------------------------------------------------------------------------------

def test_format_value():
    assert [format_value(v) for v in (True, False, np.bool_(True))] == ["Oui", "Non", "Oui"]
    assert [format_value(v) for v in (0.15, 0.150000, 2.0, 1 / 3, -0.001)] == ["0,15", "0,15", "2", "0,33", "0"]
    assert [format_value(v) for v in (None, np.nan, pd.NA, pd.NaT)] == ["—"] * 4
    assert format_value(166200) == "166\u202f200" and format_value(2016) == "2016"
    assert format_value(1 / 3, decimals=1) == "0,3" and format_value(0.5, lang="en") == "0.5"
    assert format_value(pd.Timestamp("2016-03-12")) == "12/03/2016"


def test_readable_labels_names_and_missing_values():
    ideas = pd.DataFrame({"title": ["A", "B"], "site": ["s1", None], "status": ["a_approfondir", "retenue"],
                          "tensions": [["metiers"], []], "impact": [pd.NA, 3], "tags": [["temps_libre"], []]},
                         index=pd.Index([2, 3], name="row")).astype({"impact": "Int64"})
    shown = readable(ideas, table="ideas", site_names={"s1": "Lycée A"})
    assert shown.columns.tolist() == ["Titre", "Site", "Statut", "Tensions", "Impact", "Étiquettes"]  # no « row »
    assert shown.iloc[0].tolist() == ["A", "Lycée A", "À approfondir", "Évolution des métiers ou des missions", "—",
                                      "temps libre"]
    assert shown.iloc[1, :3].tolist() == ["B", "Tous les sites", "Retenue"]   # an empty site: common to all
    kinds = pd.DataFrame({"kind": ["test_de_service"], "ok": [True]})
    assert readable(kinds, table="prototypes").iloc[0].tolist() == ["Test de service", "Oui"]


def test_readable_keeps_row_labels():
    shares = pd.DataFrame({"a": [0.5]}, index=pd.Index(["accueil"], name="Étiquette"))
    assert readable(shares).columns.tolist() == ["Étiquette", "a"]
    scenarios = pd.DataFrame({"Lycée ouvert": ["x"]}, index=["Idées"])
    scenarios.columns.name = "Scénario"
    assert readable(scenarios).to_dict("records") == [{"Scénario": "Idées", "Lycée ouvert": "x"}]


def test_show_table_escapes_headers_index_and_cells_and_never_truncates():
    frame = pd.DataFrame({PAYLOADS[1]: [PAYLOADS[0]] * 300, "n": [0.150000] * 300},
                         index=pd.Index([PAYLOADS[2]] * 300, name=PAYLOADS[3]))
    page = show_table(frame).to_html()
    assert "<script" not in page and "<img" not in page and "<svg" not in page and "](javascript" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert page.count("0,15") == 300 and "rows ×" not in page


def test_show_table_without_rows_says_so():
    assert show_table(pd.DataFrame(columns=["a"])).data == "Pas de données"
    assert show_table(pd.DataFrame(), empty="Rien à signaler.").data == "Rien à signaler."


def test_notes_and_headings_are_escaped():
    assert note(PAYLOADS[0]).data == escape_markdown(PAYLOADS[0])
    assert heading("# <b>", 4).data == "#### \\# &lt;b&gt;"

    class Prog:
        name = PAYLOADS[2]

        def site_name(self, site):
            return PAYLOADS[0]
    assert "](javascript" not in report_heading(Prog(), "s").data and "<script" not in report_heading(Prog(), "s").data


def test_kit_warnings_become_notes_and_others_are_dropped(monkeypatch):
    import warnings

    from transfo_lab.reports import display as module
    from transfo_lab.reports.display import warnings_as_notes
    from transfo_lab.base.exceptions import DataWarning

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objects: shown.extend(objects))
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings_as_notes()
        warnings.warn("site « <b>x</b> » sans observation", DataWarning)
        warnings.warn("une dépréciation", DeprecationWarning)
    assert [o.data for o in shown] == ["⚠ site « &lt;b&gt;x&lt;/b&gt; » sans observation"]
    assert module.notes([]) == ()


def test_html_report_title_is_the_phase_title_escaped():
    import nbformat

    from transfo_lab.reports.notebook import ReportInfo, to_html

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Recherche usagers")])
    page = to_html(nb, ReportInfo(f"Lycées {PAYLOADS[0]}", "02_user_research", "s", f"Site {PAYLOADS[1]}", "fr", {}))
    title = re.search(r"<title>(.*?)</title>", page, flags=re.S).group(1)
    assert title.startswith("Recherche usagers — Lycées &lt;script&gt;") and "02_user_research" not in title
    assert "<script>alert" not in page and "<img src=x" not in page


def test_a_long_table_folds_in_a_notebook_and_stays_whole_on_paper():
    from transfo_lab.reports.display import FOLD_MIN, FOLD_ROWS

    verbatim = "Une très longue parole rapportée qui ne doit jamais être coupée " * 5
    rows = FOLD_MIN + 5
    styler = show_table(pd.DataFrame({"text": [verbatim] * rows, "site": [None] * rows}), table="observations")
    shown = styler._repr_html_()
    assert shown.count('<tr class="transfo-more">') == rows - FOLD_ROWS
    assert f"Voir tout ({rows} lignes)" in shown and "<details>" in shown
    assert "@media print" in shown  # printed: the link is hidden, every row shown
    assert verbatim.strip() in shown  # never truncated
    assert "None" not in shown and "<th class=\"blank" not in shown and "row_heading" not in shown
    assert "text-align: left" in shown
    whole = styler.to_html()
    assert "transfo-more" not in whole and "<details>" not in whole
    short = show_table(pd.DataFrame({"a": range(FOLD_MIN)}))  # a few rows more than FOLD_ROWS: shown whole
    assert "<details>" not in short._repr_html_()
