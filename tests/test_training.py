"""`transfo-lab training-copy` and ensure_copy: participants work on a private copy."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from transfo_lab.cli import main
from transfo_lab.base.exceptions import ParameterError
from transfo_lab.training.copies import DEFAULT_EXAMPLE, copy_programme, ensure_copy

MINI = Path(__file__).parent / "data" / "training"


def test_training_copy_command_copies_the_programme(tmp_path, capsys):
    dest = tmp_path / "anne"
    assert main(["training-copy", str(dest), "--programme", str(MINI)]) == 0
    assert sorted(p.name for p in dest.iterdir()) == sorted(p.name for p in MINI.iterdir())
    assert (dest / "observations.csv").read_bytes() == (MINI / "observations.csv").read_bytes()
    assert f"Copie de travail créée : {dest.resolve()}" in capsys.readouterr().out


def test_training_copy_refuses_a_non_empty_destination(tmp_path, capsys):
    dest = tmp_path / "anne"
    dest.mkdir()
    (dest / "mes-notes.txt").write_text("à garder", encoding="utf-8")
    assert main(["training-copy", str(dest), "--programme", str(MINI)]) == 1
    assert f"le dossier {dest} n'est pas vide" in capsys.readouterr().err
    assert [p.name for p in dest.iterdir()] == ["mes-notes.txt"]


def test_training_copy_leaves_out_backups_and_refuses_a_non_programme(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(MINI, source)
    (source / ".backups").mkdir()
    (source / ".backups" / "old.csv").write_text("x", encoding="utf-8")
    copy = copy_programme(tmp_path / "copie", source)
    assert not (copy / ".backups").exists()
    with pytest.raises(ParameterError, match="n'est pas un dossier de programme"):
        copy_programme(tmp_path / "autre", tmp_path / "copie" / ".nothing")


def test_ensure_copy_keeps_the_participants_work(tmp_path):
    workdir = tmp_path / "copie"
    ensure_copy(workdir, MINI)
    (workdir / "votes.csv").write_text("Votant;Groupe;Idée;Gommettes\n", encoding="utf-8")
    assert ensure_copy(workdir, MINI) == workdir.resolve()
    assert (workdir / "votes.csv").read_text(encoding="utf-8") == "Votant;Groupe;Idée;Gommettes\n"


def test_the_default_programme_is_the_lycees_example(tmp_path):
    assert DEFAULT_EXAMPLE == "pret-a-deployer-lycees"
    copy = copy_programme(tmp_path / "copie")
    lycees = Path(__file__).parent.parent / "data" / "examples" / "pret-a-deployer-lycees"
    assert sorted(p.name for p in copy.iterdir()) == sorted(p.name for p in lycees.iterdir())
    assert (copy / "programme.yaml").read_bytes() == (lycees / "programme.yaml").read_bytes()


def test_example_command_copies_a_bundled_example(tmp_path, capsys):
    examples = Path(__file__).parent.parent / "data" / "examples"
    assert main(["example", str(tmp_path / "lycees")]) == 0
    assert (tmp_path / "lycees" / "votes.csv").read_bytes() == \
        (examples / "pret-a-deployer-lycees" / "votes.csv").read_bytes()
    assert f"transfo-lab validate {tmp_path / 'lycees'}" in capsys.readouterr().out
    assert main(["example", str(tmp_path / "portefeuille"), "--name", "inter-transfo"]) == 0
    assert sorted(p.name for p in (tmp_path / "portefeuille").iterdir()) == \
        sorted(p.name for p in (examples / "inter-transfo").iterdir())


def test_example_command_names_the_examples_and_refuses_a_non_empty_folder(tmp_path, capsys):
    assert main(["example", str(tmp_path / "x"), "--name", "lycees"]) == 1
    assert capsys.readouterr().err == ("Erreur : exemple « lycees » inconnu : exemples fournis : inter-transfo, "
                                       "pret-a-deployer-lycees, transfo-val-de-loire\n")
    assert not (tmp_path / "x").exists()
    (tmp_path / "plein").mkdir()
    (tmp_path / "plein" / "a.txt").write_text("à garder", encoding="utf-8")
    assert main(["example", str(tmp_path / "plein")]) == 1
    assert capsys.readouterr().err == (f"Erreur : le dossier {tmp_path / 'plein'} n'est pas vide : "
                                       "choisissez un dossier nouveau ou vide\n")
    with pytest.raises(SystemExit):
        main(["example", "--help"])
    assert "inter-transfo, pret-a-deployer-lycees, transfo-val-de-loire" in " ".join(capsys.readouterr().out.split())
