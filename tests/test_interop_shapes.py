"""The shapes real exports take, reproduced in small files written here (issue 19).

REFI-QDA: an emoji before a segment, one passage coded by three selections, code names
with commas and semicolons, a bare relative ``plainTextPath``, a ``Sources/`` folder, a
project file not named ``project.qde``, same-named codes under same-named parents.
Surveys: a 1–7 scale answered up to 5, an always-empty column, a duplicated column.
Taguette: one family for a tag whatever the export. And the round trip export → import.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from transfo_lab import load_programme
from transfo_lab.interop import (export_qdpx, import_file, read_codebook, read_highlights, read_qdc, read_qdpx,
                                 read_survey)
from transfo_lab.contract.programme import validate_programme
from transfo_lab.contract.scaffold import init_programme
from transfo_lab.contract.validation import format_list, parse_list

pytestmark = pytest.mark.filterwarnings("ignore::transfo_lab.base.exceptions.DataWarning")

TEXT = "Bonjour 😀 ! Personne ne nous accueille. Le soir 🎉🎉 on mange vite."


def utf16(text: str, part: str) -> tuple[int, int]:
    """The UTF-16 span of ``part`` in ``text``, computed by encoding (not with the code under test)."""
    start = len(text[:text.index(part)].encode("utf-16-le")) // 2
    return start, start + len(part.encode("utf-16-le")) // 2


CODES = """<CodeBook><Codes>
  <Code guid="c-fam" name="Espaces" isCodable="false">
    <Code guid="c-acc" name="accueil" isCodable="true"/>
    <Code guid="c-ab" name="a, b" isCodable="true"/>
    <Code guid="c-xy" name="x; y" isCodable="true"/>
  </Code>
  <Code guid="c-p1" name="Parent" isCodable="true"><Code guid="c-k1" name="code" isCodable="true"/></Code>
  <Code guid="c-p2" name="Parent" isCodable="true"><Code guid="c-k2" name="code" isCodable="true"/></Code>
</Codes></CodeBook>"""


def selection(guid: str, span: tuple[int, int], *codes: str, name: str = "") -> str:
    codings = "".join(f'<Coding guid="{guid}-{c}"><CodeRef targetGUID="{c}"/></Coding>' for c in codes)
    return (f'<PlainTextSelection guid="{guid}" name="{name}" startPosition="{span[0]}" endPosition="{span[1]}" '
            f'creationDateTime="2024-03-05T10:00:00Z">{codings}</PlainTextSelection>')


def qdpx(path: Path, selections: str, *, text_path: str = "internal://doc.txt", member: str = "sources/doc.txt",
         project: str = "project.qde", text: str = TEXT) -> Path:
    xml = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="t" '
           f'origin="hand-written">{CODES}<Sources><TextSource guid="s1" name="Entretien" '
           f'plainTextPath="{text_path}">{selections}</TextSource></Sources></Project>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(project, xml)
        archive.writestr(member, text.encode("utf-8"))
    return path


def three_selections(tmp_path: Path, **layout) -> Path:
    span = utf16(TEXT, "Personne ne nous accueille.")
    return qdpx(tmp_path / "p.qdpx", selection("sel-1", span, "c-acc") + selection("sel-2", span, "c-ab")
                + selection("sel-3", span, "c-xy", "c-acc") + selection("sel-4", utf16(TEXT, "on mange vite."), "c-k2"),
                **layout)


# --- REFI-QDA ---------------------------------------------------------------------------------

def test_emoji_before_the_segment_utf16_positions(tmp_path):
    result = read_qdpx(three_selections(tmp_path), site="s", date="05/03/2024")
    assert result.observations["text"].tolist() == ["Personne ne nous accueille.", "on mange vite."]
    start, end = utf16(TEXT, "Personne ne nous accueille.")
    assert TEXT.index("Personne") == start - 1  # the emoji counts two UTF-16 units
    assert result.observations.loc[0, "position"] == f"{start}-{end}"


def test_one_passage_coded_by_three_selections_is_one_observation_with_all_codes(tmp_path):
    result = read_qdpx(three_selections(tmp_path), site="s", date="05/03/2024")
    assert result.observations["tags"].tolist() == [["accueil", "a, b", "x; y"], ["Parent (2)/code"]]
    assert result.tally["selections"] == {"read": 4, "imported": 2, "merged": 2, "skipped": 0}
    assert result.tally["codings"] == {"read": 5, "imported": 4, "merged": 1, "skipped": 0}
    assert result.unbalanced() == []


def test_same_named_codes_under_same_named_parents_keep_their_identity(tmp_path):
    result = read_qdpx(three_selections(tmp_path), site="s", date="05/03/2024")
    assert result.codebook["tag"].tolist() == ["accueil", "a, b", "x; y", "Parent", "code", "Parent (2)",
                                               "Parent (2)/code"]
    assert result.codebook["family"].tolist() == ["Espaces"] * 3 + ["Parent"] * 2 + ["Parent"] * 2
    assert result.tally["codes"] == {"read": 8, "imported": 8, "merged": 0, "skipped": 0}


@pytest.mark.parametrize("layout", [
    {"text_path": "doc.txt", "member": "sources/doc.txt"},  # bare relative path, stored under sources/
    {"text_path": "internal://doc.txt", "member": "Sources/doc.txt"},  # NVivo for Windows: Sources/
    {"text_path": "sources/doc.txt", "member": "sources/doc.txt"},
    {"text_path": "internal://doc.txt", "member": "Export/sources/doc.txt", "project": "Export/Mon projet.qde"},
], ids=["bare-relative", "Sources", "relative-with-folder", "inner-qde"])
def test_archive_layouts_seen_in_the_wild(tmp_path, layout):
    result = read_qdpx(three_selections(tmp_path, **layout), site="s", date="05/03/2024")
    assert result.skipped == []
    assert len(result.observations) == 2 and result.unbalanced() == []


def test_text_outside_the_archive_is_reported_with_its_selections(tmp_path):
    result = read_qdpx(three_selections(tmp_path, text_path="file:///C:/Users/x/doc.txt"), site="s", date="05/03/2024")
    assert [(p.rule, p.value) for p in result.skipped] == [("import.external_text", "Entretien")]
    assert result.tally["selections"] == {"read": 4, "imported": 0, "merged": 0, "skipped": 4}
    assert result.unbalanced() == []


def test_a_segment_that_cannot_be_placed_is_reported_never_cut(tmp_path):
    inside_emoji = utf16(TEXT, "😀")[0] + 1
    path = qdpx(tmp_path / "p.qdpx", selection("bad", (inside_emoji, 20), "c-acc")
                + selection("past", (60, 999), "c-acc") + selection("ok", utf16(TEXT, "Le soir"), "c-acc"))
    result = read_qdpx(path, site="s", date="05/03/2024")
    assert result.observations["text"].tolist() == ["Le soir"]
    assert [(p.rule, p.value) for p in result.skipped] == [("import.cannot_place", f"Entretien [{inside_emoji}–20]"),
                                                          ("import.cannot_place", "Entretien [60–999]")]
    assert result.tally["selections"] == {"read": 3, "imported": 1, "merged": 0, "skipped": 2}


def test_positions_in_code_points_are_recognised_by_the_selections_text(tmp_path):
    part = "on mange vite."
    start = TEXT.index(part)  # a tool counting code points, and saying the passage's text
    path = qdpx(tmp_path / "p.qdpx", selection("cp", (start, start + len(part)), "c-acc", name=part))
    result = read_qdpx(path, site="s", date="05/03/2024")
    assert result.observations["text"].tolist() == [part]
    assert "positions comptées en caractères" in result.notes[-1]


def test_comma_code_names_import_then_validate_without_errors(tmp_path):
    prog = init_programme(tmp_path / "prog", "transfo")
    site = load_programme(prog, strict=False).config.site_ids[0]
    imported, report = import_file("qdpx", three_selections(tmp_path), prog, site=site, date="05/03/2024")
    assert imported.unbalanced() == []
    assert report.tally["observations"] == {"offered": 2, "added": 2, "merged": 0, "present": 0}
    assert report.tally["codebook"] == {"offered": 7, "added": 7, "merged": 0, "present": 0}
    assert "Observations et verbatims : 2 proposé(s) = 2 ajouté(s) + 0 fusionné(s) + 0 déjà présent(s)" in report.format()
    assert validate_programme(prog).errors == []
    reloaded = load_programme(prog)
    assert reloaded.observations["tags"].tolist() == [["accueil", "a, b", "x; y"], ["Parent (2)/code"]]
    assert set(reloaded.codebook["tag"]) >= {"a, b", "x; y", "code", "Parent (2)/code"}
    line = next(l for l in (prog / "observations.csv").read_text(encoding="utf-8").splitlines() if "accueille" in l)
    assert '""a, b""' in line  # the tags cell `accueil, "a, b", "x; y"`, quoted again by the CSV file


def test_round_trip_export_import_same_observations_tags_and_codebook(tmp_path):
    observations = pd.DataFrame({
        "id": ["OBS-1", "OBS-2"], "site": ["s", "s"], "date": [pd.Timestamp("2024-03-05")] * 2,
        "text": ["Bonjour 😀 ! on attend 🎉 longtemps", "Le soir, c'est calme"],
        "tags": [["accueil", "a, b"], ["x; y"]], "kind": ["verbatim", "verbatim"], "method": ["entretien"] * 2})
    codebook = pd.DataFrame({"tag": ["accueil", "a, b", "x; y"], "family": ["Espaces", "Espaces", "x; y"],
                             "definition": ["Arrivée", "Deux choses", "Autre"], "example": [None, None, None]})
    export_qdpx(observations, codebook, tmp_path / "rt.qdpx")
    back = read_qdpx(tmp_path / "rt.qdpx")
    assert back.observations["text"].tolist() == observations["text"].tolist()
    assert back.observations["tags"].tolist() == observations["tags"].tolist()
    assert back.observations["id"].tolist() == ["OBS-1", "OBS-2"]
    columns = ["tag", "family", "definition"]
    assert back.codebook[columns].sort_values("tag").to_dict("records") == \
        codebook[columns].sort_values("tag").to_dict("records")
    assert back.skipped == [] and back.unbalanced() == []


# --- the tags cell ----------------------------------------------------------------------------

@pytest.mark.parametrize("tags", [["accueil", "cantine"], ["antiszemitizmus, xenofóbia", "accueil"],
                                  ["x; y", 'le "bon" accueil', "a | b"], ["+NGOs, watchdog organizations"]])
def test_tags_cell_round_trip(tags):
    assert parse_list(format_list(tags)) == tags


def test_tags_cell_backward_compatible():
    assert parse_list("accueil, cantine | internat;accueil") == ["accueil", "cantine", "internat"]
    assert parse_list('"a, b", accueil') == ["a, b", "accueil"]
    assert format_list(["accueil", "cantine"]) == "accueil, cantine"


# --- surveys ----------------------------------------------------------------------------------

SURVEY = ('id;submitdate;G01Q01[SQ001];G01Q01[SQ002];G01Q02[other];Bemerkung;G02Q03;G02Q03;leer\n'
          '1;2024-03-05 10:00:00;3;5;;;1;2;\n'
          '2;2024-03-05 11:00:00;4;;;;2;2;\n'
          '3;2024-03-06 09:00:00;5;1;;;;1;\n')


def test_survey_1_to_7_answered_up_to_5_is_not_guessed(tmp_path):
    path = tmp_path / "lime.csv"
    path.write_text(SURVEY, encoding="utf-8")
    result = read_survey(path, site="s", kind="limesurvey")
    assert result.survey.empty  # numbers only, no scale declared: nothing imported as 1–5 by chance
    rules = {p.column: p.rule for p in result.skipped}
    assert rules["G01Q01[SQ001]"] == "import.undeclared_scale"
    assert "réponses numériques seulement (de 3 à 5)" in result.skipped[0].message
    assert rules["G01Q02[other]"] == rules["Bemerkung"] == rules["leer"] == "import.empty_column"
    assert result.tally["columns"] == {"read": 9, "imported": 2, "merged": 0, "skipped": 7}
    assert result.unbalanced() == []


def test_survey_declared_scale_is_kept_in_the_survey_table(tmp_path):
    path = tmp_path / "lime.csv"
    path.write_text(SURVEY, encoding="utf-8")
    result = read_survey(path, site="s", scale="1-7", kind="limesurvey")
    rows = result.survey[result.survey["question"] == "G01Q01[SQ001]"]
    assert rows["answer"].tolist() == [3, 4, 5]
    assert rows[["scale_min", "scale_max"]].drop_duplicates().values.tolist() == [[1, 7]]
    assert result.counts == {"respondents": 3, "questions": 2, "answers": 5}


def test_survey_duplicated_column_is_reported_by_position(tmp_path):
    path = tmp_path / "lime.csv"
    path.write_text(SURVEY, encoding="utf-8")
    result = read_survey(path, site="s", scale="1-7", kind="limesurvey")
    duplicated = [(p.rule, p.column) for p in result.skipped if p.value == "G02Q03"]
    assert duplicated == [("import.duplicate_column", "G02Q03"), ("import.duplicate_column", "G02Q03")]
    assert [p.message for p in result.skipped if p.value == "G02Q03"][1] == (
        "ignoré : colonne « G02Q03 » : colonne n° 8 : même en-tête que les colonnes n° 7, 8 ; aucune n'est importée, "
        "renommez-les")
    assert "G02Q03" not in set(result.survey["question"])


def test_survey_scales_per_question_and_labels(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text("Répondant;Note;Fréquence;Accord\nE1;9;Souvent;Plutôt d'accord\nE2;0;Jamais;5\n", encoding="utf-8")
    mapping = {"scales": {"note": "0-10", "frequence": ["Jamais", "Parfois", "Souvent"]}}
    result = read_survey(path, site="s", mapping=mapping)
    got = {(r["respondent"], r["question"]): (r["answer"], r["scale_min"], r["scale_max"], r["scale_labels"])
           for r in result.survey.to_dict("records")}
    assert got[("E1", "Note")] == (9, 0, 10, None)
    assert got[("E2", "Fréquence")] == (1, 1, 3, ["Jamais", "Parfois", "Souvent"])
    assert got[("E1", "Accord")] == (4, None, None, None)  # agreement labels: the 1–5 scale (empty columns)


def test_survey_on_1_to_7_imports_and_validates(tmp_path):
    prog = init_programme(tmp_path / "prog", "transfo")
    site = load_programme(prog, strict=False).config.site_ids[0]
    path = tmp_path / "q.csv"
    path.write_text("Répondant;Q1\nE1;7\nE2;2\n", encoding="utf-8")
    imported, report = import_file("survey", path, prog, site=site, scale="1-7")
    assert imported.unbalanced() == []
    assert report.tally["survey"] == {"offered": 2, "added": 2, "merged": 0, "present": 0}
    _, again = import_file("survey", path, prog, site=site, scale="1-7", dry_run=True)
    assert again.tally["survey"] == {"offered": 2, "added": 0, "merged": 0, "present": 2}
    assert validate_programme(prog).errors == []
    survey = load_programme(prog).survey
    assert survey[["answer", "scale_min", "scale_max"]].astype(int).values.tolist() == [[7, 1, 7], [2, 1, 7]]


# --- Taguette ---------------------------------------------------------------------------------

def test_taguette_one_family_for_a_tag_whatever_the_export(tmp_path):
    highlights = tmp_path / "h.csv"
    highlights.write_text('id,document,tag,content\n1,Entretien,espaces.cantine,On mange vite\n'
                          '1,Entretien,accueil,On mange vite\n', encoding="utf-8")
    codebook = tmp_path / "c.csv"
    # the shapes of Taguette's export.py (codebook_csv, codebook_xml): a parent column; flat codes named by the path
    codebook.write_text("tag,parent,description,number of highlights\nespaces.cantine,,Repas,1\naccueil,,,1\n",
                        encoding="utf-8")
    qdc = tmp_path / "c.qdc"
    qdc.write_text('<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" '
                   'origin="Taguette 1.4.1"><Codes>'
                   '<Code guid="0B5A1C7E-0000-5000-8000-000000000001" name="espaces.cantine" isCodable="true"/>'
                   '<Code guid="0B5A1C7E-0000-5000-8000-000000000002" name="accueil" isCodable="true"/>'
                   '</Codes><Sets/></CodeBook>', encoding="utf-8")
    families = [dict(zip(r.codebook["tag"], r.codebook["family"]))
                for r in (read_highlights(highlights, site="s", date="05/03/2024"), read_codebook(codebook), read_qdc(qdc))]
    assert families == [{"espaces.cantine": "espaces", "accueil": "accueil"}] * 3
