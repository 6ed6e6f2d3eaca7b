"""Adding imported records to a programme folder; matrices; the CLI."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from transfo_lab.base.exceptions import DataError
from transfo_lab.interop import (code_matrix, cooccurrence_matrix, export_matrices, import_file, merge_into,
                                 read_qdpx)

DATA = Path(__file__).parent / "data" / "interop"
TRAINING = Path(__file__).parent / "data" / "training"


@pytest.fixture
def prog(tmp_path):
    folder = tmp_path / "prog"
    shutil.copytree(TRAINING, folder)
    return folder


def _files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_dry_run_writes_nothing(prog):
    before = _files(prog)
    _, report = import_file("qdpx", DATA / "projet.qdpx", prog, dry_run=True)
    assert _files(prog) == before and not (prog / ".backups").exists()
    assert report.counts == {"codebook": 2, "observations": 4}
    assert report.format().splitlines()[:4] == [
        "Simulation (--dry-run) : rien n'est écrit dans prog",
        "  Grille de codage : 2 ligne(s) seraient ajoutées", "    + Relations (Relations)", "    + soir (Relations)"]


def test_merge_appends_rows_keeping_the_file(prog):
    original = (prog / "observations.csv").read_text(encoding="utf-8")
    _, report = import_file("qdpx", DATA / "projet.qdpx", prog)
    text = (prog / "observations.csv").read_text(encoding="utf-8")
    old_lines = original.splitlines()
    lines = text.splitlines()
    # columns absent from the file (Auteur, Nature, Document source, Position) are added at the end;
    # old rows are kept
    assert lines[0] == old_lines[0] + ";Auteur;Nature;Document source;Position"
    assert lines[1:len(old_lines)] == [line + ";;;;" for line in old_lines[1:]]
    assert lines[len(old_lines):] == [
        "OBS-QDA-0001;lycee-a;14/10/2016;entretien;Inès;élève;Personne ne nous accueille.;accueil;Anne;verbatim;"
        "Entretien Inès;45-72",
        "OBS-QDA-0002;lycee-a;12/10/2016;entretien;Inès;élève;À la cantine c'est bruyant, on mange vite.;"
        "cantine, Relations;Paul;verbatim;Entretien Inès;73-115",
        "OBS-7;lycee-b;13/10/2016;entretien;;;certains élèves restent seuls dans leur chambre;isolement, soir;;verbatim;"
        "Observation internat;23-70",
        "OBS-QDA-0003;lycee-a;15/10/2016;entretien;Inès;élève;Revoir Inès après les vacances : elle parle beaucoup "
        "de l'accueil.;;Anne;note;Entretien Inès;"]
    assert report.files == ["grille_codage.csv", "observations.csv"]
    assert len(list((prog / ".backups").iterdir())) == 2
    from transfo_lab.contract.programme import validate_programme

    assert validate_programme(prog).ok


def test_second_import_reports_duplicates(prog):
    import_file("qdpx", DATA / "projet.qdpx", prog)
    before = _files(prog)
    _, report = import_file("qdpx", DATA / "projet.qdpx", prog)
    assert report.counts == {} and report.files == []
    assert _files(prog) == before
    assert "  déjà présent, non ajouté : observation (lycee-a) « Personne ne nous accueille. »" in report.format()
    assert ("info", "import.duplicate", "observations", "(lycee-a) « Personne ne nous accueille. »") in [
        (p.severity, p.rule, p.table, p.value) for p in report.duplicates]


def test_taken_id_gets_a_new_one(prog):
    imported = read_qdpx(DATA / "projet.qdpx")
    imported.observations.loc[2, "id"] = "O1"  # already in the programme
    report = merge_into(prog, imported, dry_run=True)
    assert report.added["observations"]["id"].tolist() == ["OBS-QDA-0001", "OBS-QDA-0002", "OBS-QDA-0003",
                                                           "OBS-QDA-0004"]
    assert "identifiant O1 déjà pris : la ligne reçoit OBS-QDA-0003" in report.messages


def test_unknown_site_refused(prog):
    before = _files(prog)
    with pytest.raises(DataError) as info:
        import_file("qdpx", DATA / "projet.qdpx", prog, site="lycee-z")
    assert str(info.value).startswith("projet.qdpx : site « lycee-z » inconnu du programme : attendu l'un de "
                                      "lycee-a, lycee-b")
    assert _files(prog) == before


def test_taguette_tags_added_to_codebook(prog):
    _, report = import_file("taguette-highlights", DATA / "taguette_highlights.csv", prog, site="lycee-b",
                            date="20/10/2016")
    assert report.added["codebook"]["tag"].tolist() == ["attente"]
    assert report.added["observations"]["id"].tolist() == ["OBS-TAG-0001", "OBS-TAG-0002"]
    assert (prog / "grille_codage.csv").read_text(encoding="utf-8").splitlines()[-1] == \
        "attente;attente;Importée de taguette_highlights.csv : définition à compléter"


def test_survey_into_new_file_then_duplicates(prog):
    _, report = import_file("limesurvey", DATA / "limesurvey.csv", prog, site="lycee-a")
    assert report.files == ["questionnaire.csv"]
    assert (prog / "questionnaire.csv").read_text(encoding="utf-8").splitlines() == [
        "Répondant;Site;Date;Profil;Question;Réponse;Échelle min;Échelle max;Libellés de l'échelle",
        "1;lycee-a;12/10/2016;;Q1. Le portail est accueillant;4;;;",
        "1;lycee-a;12/10/2016;;Q2. La cantine est calme;1;;;",
        "2;lycee-a;13/10/2016;;Q1. Le portail est accueillant;;;;",
        "2;lycee-a;13/10/2016;;Q2. La cantine est calme;5;;;",
        "3;lycee-a;;;Q1. Le portail est accueillant;3;;;", "3;lycee-a;;;Q2. La cantine est calme;;;;"]
    _, again = import_file("limesurvey", DATA / "limesurvey.csv", prog, site="lycee-a")
    assert again.counts == {} and len(again.duplicates) == 6
    assert {(p.rule, p.table) for p in again.duplicates} == {("import.duplicate", "survey")}


def test_table_in_workbook(prog):
    workbook = openpyxl.Workbook()
    for row in [("Étiquette", "Famille", "Définition"), ("accueil", "Espaces", "Arrivée")]:
        workbook.active.append(row)
    (prog / "grille_codage.csv").unlink()
    workbook.save(prog / "grille_codage.xlsx")
    _, report = import_file("qdc", DATA / "grille.qdc", prog)
    assert report.files == ["grille_codage-import.csv"]
    assert "les lignes importées ont été écrites dans grille_codage-import.csv" in report.format()
    with pytest.raises(DataError, match="grille_codage-import.csv existe déjà"):
        import_file("qdc", DATA / "grille.qdc", prog)


def test_cli_import_and_export(prog, tmp_path, capsys):
    from transfo_lab.cli import main

    assert main(["import", "qdpx", str(DATA / "projet.qdpx"), "--into", str(prog), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert ("Import de projet.qdpx\n  codes : 6 lu(s) = 6 importé(s) + 0 fusionné(s) + 0 ignoré(s)\n"
            "  documents : 3 lu(s) = 2 importé(s) + 0 fusionné(s) + 1 ignoré(s)\n"
            "  sélections codées : 4 lu(s) = 3 importé(s) + 0 fusionné(s) + 1 ignoré(s)\n") in out
    assert "Simulation (--dry-run)" in out
    assert main(["export-qda", str(prog), "--out", str(tmp_path / "p.qdpx"),
                 "--matrices", str(tmp_path / "m.xlsx")]) == 0
    assert "(3 codes, 4 documents, 4 segments)" in capsys.readouterr().out
    assert read_qdpx(tmp_path / "p.qdpx").counts["segments"] == 4
    assert openpyxl.load_workbook(tmp_path / "m.xlsx").sheetnames == ["Codes x observations", "Cooccurrences"]


OBS = pd.DataFrame({"id": ["O1", "O2", "O3"], "tags": [["a", "b"], ["b"], []]})


def test_code_matrix():
    matrix = code_matrix(OBS, pd.DataFrame({"tag": ["b", "a", "c"]}))
    assert matrix.columns.tolist() == ["b", "a", "c"]
    assert matrix.values.tolist() == [[1, 1, 0], [1, 0, 0], [0, 0, 0]]
    assert matrix.index.tolist() == ["O1", "O2", "O3"]


def test_cooccurrence_matrix():
    matrix = cooccurrence_matrix(OBS)
    assert matrix.values.tolist() == [[1, 1], [1, 2]]


def test_export_matrices(tmp_path):
    path = export_matrices(OBS, tmp_path / "m.xlsx")
    sheet = openpyxl.load_workbook(path)["Cooccurrences"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [["Étiquette", "a", "b"], ["a", 1, 1], ["b", 1, 2]]


def test_matrices_share_the_tag_order_of_the_coding_functions():
    """One order everywhere: the codebook's, then the undeclared tags alphabetically (not by first use)."""
    from transfo_lab.phases.research.coding import cooccurrence

    obs = pd.DataFrame({"id": ["O1", "O2"], "tags": [["zebre", "b"], ["a", "zebre"]]})
    book = pd.DataFrame({"tag": ["b", "c"]})
    assert code_matrix(obs, book).columns.tolist() == ["b", "c", "a", "zebre"]
    assert code_matrix(obs, book).values.tolist() == [[1, 0, 0, 1], [0, 0, 1, 1]]
    matrix = cooccurrence_matrix(obs, book)
    assert matrix.index.tolist() == ["b", "c", "a", "zebre"]
    assert matrix.values.tolist() == [[1, 0, 0, 1], [0, 0, 0, 0], [0, 0, 1, 1], [1, 0, 1, 2]]
    assert matrix.values.tolist() == cooccurrence(obs, codebook=book).values.tolist()
