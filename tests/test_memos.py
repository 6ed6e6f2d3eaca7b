"""Memos: REFI-QDA notes of each kind into the memos table, validated, shown beside their subject, exported back."""
from __future__ import annotations

import shutil
import zipfile

import pandas as pd
import pytest

from conftest import LYCEES
from transfo_lab import load_programme, validate_programme
from transfo_lab.phases.research import memos as memo_display
from transfo_lab.cli import main
from transfo_lab.interop import export_qdpx, import_file, read_memos
from transfo_lab.contract.privacy import pseudonymise_programme

MEMOS = pd.DataFrame({
    "id": ["MEMO-001", "MEMO-002", "MEMO-003", "MEMO-004"],
    "about": ["projet", "code", "selection", "source"],
    "target": [None, "accueil", "OBS-001", "Entretien Inès"],
    "title": ["Cadre", "Définir l'accueil", "Relire", "Entretien à refaire"],
    "text": ["Trois lycées, trois situations.", "L'accueil commence au portail, pas à la loge.",
             "Hugo Mercier a noté cette scène deux fois.", "Le son est mauvais après 20 minutes."],
    "author": [None] * 4, "date": [pd.Timestamp("2016-10-20")] * 4})


@pytest.fixture
def folder(tmp_path):
    dest = tmp_path / "prog"
    shutil.copytree(LYCEES, dest)
    (dest / "memos.csv").unlink()
    return dest


def test_export_then_read_each_kind_of_memo(tmp_path, lycees):
    observations = lycees.observations.head(3).copy()
    observations.loc[observations.index[0], "source"] = "Entretien Inès"
    path = export_qdpx(observations, lycees.codebook, tmp_path / "p.qdpx", memos=MEMOS)
    project = zipfile.ZipFile(path).read("project.qde").decode()
    assert project.count("<Note ") == 4 and project.count("<NoteRef ") == 3
    read = read_memos(path).memos
    columns = ["about", "target", "text"]
    assert read[columns].fillna("").values.tolist()[:3] == MEMOS[columns].fillna("").values.tolist()[:3]
    # a kit export writes one document per observation: a source memo comes back on the document of the
    # observation that came from that source
    assert read[columns].values.tolist()[3] == ["source", observations["id"].iloc[0], MEMOS["text"].iloc[3]]
    assert read["title"].tolist() == MEMOS["title"].tolist()


def test_import_memos_cli_into_the_table_then_validate_and_show(folder, tmp_path, capsys):
    prog = load_programme(folder)
    path = export_qdpx(prog.observations, prog.codebook, tmp_path / "p.qdpx", memos=MEMOS.iloc[:3])
    assert main(["import", "memos", str(path), "--into", str(folder)]) == 0
    assert "Mémos : 3 proposé(s) = 3 ajouté(s)" in capsys.readouterr().out
    prog = load_programme(folder)
    assert prog.memos[["about", "target"]].values.tolist() == [["projet", None], ["code", "accueil"],
                                                               ["selection", "OBS-001"]]
    assert main(["import", "memos", str(path), "--into", str(folder)]) == 0  # again: nothing added
    assert len(load_programme(folder).memos) == 3
    shown = memo_display.format_memos(prog.memos, observations=prog.observations,
                                      site_names={s.id: s.name for s in prog.config.sites})
    assert shown.iloc[2, 0] == "extrait OBS-001 (Lycée professionnel Gustave-Eiffel (Tours))"
    beside = memo_display.attach_memos(prog.codebook[["tag"]], prog.memos)
    assert beside.set_index("tag").at["accueil", "Mémo"] == "L'accueil commence au portail, pas à la loge."
    # pseudonymised like every free text of a report
    private = pseudonymise_programme(prog)
    assert "Hugo Mercier" not in " ".join(private.memos["text"])
    # and exported back
    out = tmp_path / "again.qdpx"
    assert main(["export-qda", str(folder), "--out", str(out)]) == 0
    assert zipfile.ZipFile(out).read("project.qde").decode().count("<Note ") == 3


def test_memo_about_an_unknown_code_is_a_located_error(folder):
    (folder / "memos.csv").write_text("Identifiant;Porte sur;Cible;Texte\nMEMO-1;code;tag-inconnu;Un mémo\n",
                                      encoding="utf-8")
    issues = [i for i in validate_programme(folder).errors if i.rule == "rigour.unknown_memo_target"]
    assert [i.format() for i in issues] == ["memos.csv, ligne 2, colonne « Cible » : mémo sur « tag-inconnu », "
                                            "introuvable (grille de codage)"]


def test_memo_sentence():
    assert memo_display.memo_sentence(MEMOS) == ("4 mémo(s) d'analyse : 1 sur le projet, 1 sur un document, "
                                                 "1 sur une étiquette, 1 sur un extrait.")
    assert memo_display.memo_sentence(MEMOS.iloc[:0]) == "Pas de mémo d'analyse."


def test_lycees_example_memos(lycees):
    assert lycees.memos["about"].tolist() == ["projet", "code", "code", "selection"]
    assert memo_display.memo_sentence(lycees.memos) == ("4 mémo(s) d'analyse : 1 sur le projet, 2 sur des étiquettes, "
                                                        "1 sur un extrait.")
