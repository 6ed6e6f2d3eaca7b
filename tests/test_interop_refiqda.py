"""REFI-QDA import (.qdpx, .qdc), export and round trip."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from transfo_lab import load_programme
from transfo_lab.base.exceptions import FileFormatError
from transfo_lab.interop import export_qdc, export_qdpx, import_file, read_qdc, read_qdpx
from transfo_lab.interop.refiqda import PROJECT_NS

DATA = Path(__file__).parent / "data" / "interop"
TRAINING = Path(__file__).parent / "data" / "training"
T = pd.Timestamp

CODEBOOK = [
    {"tag": "accueil", "family": "Espaces", "definition": "Arrivée et accueil des usagers",
     "example": "Personne ne nous accueille."},
    {"tag": "cantine", "family": "Espaces", "definition": "Restauration et temps du repas", "example": None},
    {"tag": "Relations", "family": "Relations", "definition": "Liens entre les personnes", "example": None},
    {"tag": "isolement", "family": "Relations", "definition": "Personnes seules ou sans lien", "example": None},
    {"tag": "soir", "family": "Relations", "definition": "Importée de projet.qdpx : définition à compléter",
     "example": None},
]


def test_read_qdpx_records():
    result = read_qdpx(DATA / "projet.qdpx")
    assert result.counts == {"sources": 2, "codes": 5, "segments": 3, "notes": 1}
    assert result.codebook.to_dict("records") == CODEBOOK
    obs = result.observations.to_dict("records")
    assert obs[0] == {"id": None, "site": "lycee-a", "date": T("2016-10-14"), "week": None, "author": "Anne",
                      "method": "entretien", "participant": "Inès", "role": "élève", "kind": "verbatim",
                      "text": "Personne ne nous accueille.", "tags": ["accueil"], "source": "Entretien Inès",
                      "position": "45-72", "start": 45, "end": 72}
    # no date on the selection: the document's; two codes; the case gives site and participant
    assert (obs[1]["date"], obs[1]["author"], obs[1]["tags"], obs[1]["participant"]) == \
        (T("2016-10-12"), "Paul", ["cantine", "Relations"], "Inès")
    assert obs[1]["text"] == "À la cantine c'est bruyant, on mange vite."
    # inline text, site from the document's own variable, selection name usable as id, nested codes
    assert (obs[2]["id"], obs[2]["site"], obs[2]["date"], obs[2]["tags"], obs[2]["text"]) == \
        ("OBS-7", "lycee-b", T("2016-10-13"), ["isolement", "soir"], "certains élèves restent seuls dans leur chambre")
    # the memo attached to Inès's interview
    assert (obs[3]["kind"], obs[3]["site"], obs[3]["date"], obs[3]["author"], obs[3]["tags"]) == \
        ("note", "lycee-a", T("2016-10-15"), "Anne", [])
    assert obs[3]["text"] == "Revoir Inès après les vacances : elle parle beaucoup de l'accueil."
    assert len(obs) == 4


def test_non_text_source_is_reported_as_skipped():
    result = read_qdpx(DATA / "projet.qdpx")
    assert [(p.severity, p.rule, p.file, p.value) for p in result.skipped] == [
        ("warning", "import.not_text", "projet.qdpx", "Règlement intérieur.pdf")]
    assert result.skipped[0].message == (
        "ignoré : document « Règlement intérieur.pdf » : source PDF non prise en charge (seuls les documents texte sont "
        "importés), 1 segment(s) codé(s) non importé(s)")
    assert "ignoré : document « Règlement intérieur.pdf »" in result.format()


def test_site_and_date_options_apply_to_every_record():
    result = read_qdpx(DATA / "projet.qdpx", site="lycee-b", date="01/12/2016", method="observation")
    assert set(result.observations["site"]) == {"lycee-b"}
    assert set(result.observations["date"]) == {T("2016-12-01")}
    assert set(result.observations["method"]) == {"observation"}


def test_read_qdc():
    result = read_qdc(DATA / "grille.qdc")
    expected = [dict(r) for r in CODEBOOK]
    expected[-1]["definition"] = "Importée de grille.qdc : définition à compléter"
    assert result.codebook.to_dict("records") == expected
    assert result.counts == {"codes": 5}


@pytest.mark.parametrize("name, message", [
    ("pas_un_zip.qdpx", "pas_un_zip.qdpx : ce n'est pas un projet REFI-QDA lisible (archive zip .qdpx attendue)"),
    ("sans_projet.qdpx", "sans_projet.qdpx : l'archive ne contient pas de fichier project.qde : "
                         "ce n'est pas un projet REFI-QDA"),
    ("xml_casse.qdpx", "xml_casse.qdpx (project.qde), ligne 7 : XML mal formé (colonne 4)"),
])
def test_bad_files_one_message_nothing_written(tmp_path, name, message):
    prog = tmp_path / "prog"
    shutil.copytree(TRAINING, prog)
    before = {p.name: p.read_bytes() for p in prog.iterdir()}
    with pytest.raises(FileFormatError) as info:
        import_file("qdpx", DATA / name, prog)
    assert str(info.value) == message
    assert {p.name: p.read_bytes() for p in prog.iterdir()} == before


def test_cli_bad_file_exit_1_no_traceback(tmp_path, capsys):
    from transfo_lab.cli import main

    prog = tmp_path / "prog"
    shutil.copytree(TRAINING, prog)
    assert main(["import", "qdpx", str(DATA / "sans_projet.qdpx"), "--into", str(prog)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Erreur : sans_projet.qdpx : l'archive ne contient pas de fichier project.qde")
    assert "Traceback" not in err


def test_bad_qdc_root(tmp_path):
    path = tmp_path / "x.qdc"
    path.write_text('<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="p"/>', encoding="utf-8")
    with pytest.raises(FileFormatError, match="élément racine <Project> inattendu : attendu <CodeBook>"):
        read_qdc(path)


def _training():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_programme(TRAINING)


def test_export_qdpx_follows_the_standard(tmp_path):
    prog = _training()
    path = export_qdpx(prog.observations, prog.codebook, tmp_path / "p.qdpx", name=prog.name)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        import xml.etree.ElementTree as ET

        root = ET.fromstring(archive.read("project.qde"))
    assert "project.qde" in names and sum(n.startswith("sources/") for n in names) == 4
    ns = {"q": PROJECT_NS}
    assert root.tag == f"{{{PROJECT_NS}}}Project"
    families = [c.get("name") for c in root.findall("q:CodeBook/q:Codes/q:Code", ns)]
    assert families == ["Espaces", "Relations"]
    assert [c.get("name") for c in root.findall("q:CodeBook/q:Codes/q:Code[@name='Espaces']/q:Code", ns)] == \
        ["accueil", "cantine"]
    assert len(root.findall("q:Sources/q:TextSource/q:PlainTextSelection/q:Coding/q:CodeRef", ns)) == 4
    assert [c.get("name") for c in root.findall("q:Cases/q:Case", ns)] == ["lycee-a", "lycee-b"]


def test_round_trip_gives_the_same_observations_tags_and_codebook(tmp_path):
    prog = _training()
    path = export_qdpx(prog.observations, prog.codebook, tmp_path / "p.qdpx")
    back = read_qdpx(path)
    columns = ["id", "site", "date", "method", "participant", "role", "text", "tags"]
    original = prog.observations[columns].reset_index(drop=True)
    original["method"] = original["method"].astype(object)
    pd.testing.assert_frame_equal(back.observations[columns].reset_index(drop=True), original.astype(object),
                                  check_dtype=False)
    book = prog.codebook[["tag", "family", "definition"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(back.codebook[["tag", "family", "definition"]], book, check_dtype=False)
    qdc = read_qdc(export_qdc(prog.codebook, tmp_path / "g.qdc"))
    pd.testing.assert_frame_equal(qdc.codebook[["tag", "family", "definition"]], book, check_dtype=False)


def test_round_trip_keeps_example_and_nested_families(tmp_path):
    records = [{"tag": "Relations", "family": "Relations", "definition": "Liens", "example": None},
               {"tag": "isolement", "family": "Relations", "definition": "Seuls", "example": "Il mange seul."}]
    back = read_qdc(export_qdc(pd.DataFrame(records), tmp_path / "g.qdc"))
    assert back.codebook.to_dict("records") == records


def test_segment_past_the_end_is_reported_not_cut():
    result = read_qdpx(DATA / "hors_limites.qdpx")
    assert ("import.cannot_place", "Observation internat [23–81]") in [(p.rule, p.value) for p in result.skipped]
    assert "Observation internat" not in set(result.observations["source"])
    assert result.unbalanced() == []
