"""The ``transfo-lab`` command: its language (French by default, English on demand) and bundled notebooks by name."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from transfo_lab.base.labels import default_lang
from transfo_lab.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
LYCEES = ROOT / "data" / "examples" / "pret-a-deployer-lycees"
TRAINING = ROOT / "tests" / "data" / "training"
#: What the kit bundles, written out by hand: the phase notebooks, then the training ones.
BUNDLED = ("00_programme, 01_inspiration, 02_user_research, 03_ideation, 04_prototypes, 05_evaluation, "
           "06_inter_transfo, training/01_decouvrir_et_valider, training/02_coder_les_observations, "
           "training/03_vote_et_impact_effort, training/04_grille_evaluation, training/05_produire_les_rapports")


def _help(**env) -> str:
    environ = {k: v for k, v in os.environ.items() if k not in ("TRANSFO_LAB_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    environ.update(env)
    done = subprocess.run([sys.executable, "-m", "transfo_lab.cli", "--help"], capture_output=True, text=True,
                          check=True, env=environ, cwd=ROOT)
    return " ".join(done.stdout.split())


# --- language ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "fr"),
    ({"TRANSFO_LAB_LANG": "en"}, "en"),
    ({"TRANSFO_LAB_LANG": "EN"}, "en"),
    ({"TRANSFO_LAB_LANG": "fr", "LANG": "en_US.UTF-8"}, "fr"),
    ({"TRANSFO_LAB_LANG": "", "LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "de_DE.UTF-8"}, "fr"),
    ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
    ({"LC_ALL": "fr_FR.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "fr"),
    ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, "fr"),
])
def test_default_lang_reads_the_environment(environ, expected):
    assert default_lang(environ) == expected


def test_help_is_english_with_transfo_lab_lang_en():
    out = _help(TRANSFO_LAB_LANG="en")
    assert "commands: COMMAND" in out
    assert "validate check a programme folder and list all its problems" in out
    assert "Help on a command: transfo-lab COMMAND --help" in out
    assert "Language: French by default; English with TRANSFO_LAB_LANG=en" in out
    assert "commandes" not in out and "vérifier" not in out


def test_help_follows_an_english_locale_unless_transfo_lab_lang_says_otherwise():
    assert "validate check a programme folder" in _help(LANG="en_US.UTF-8")
    french = _help(LANG="en_US.UTF-8", TRANSFO_LAB_LANG="fr")
    assert "validate vérifier un dossier de programme et lister tous ses problèmes" in french
    assert "Langue : français par défaut ; anglais avec TRANSFO_LAB_LANG=en" in french
    assert "commandes: COMMANDE" in _help()


def test_option_help_and_metavars_are_translated():
    english = " ".join(build_parser("en")._subparsers._group_actions[0].choices["run"].format_help().split())
    assert "run [-h] --programme FOLDER [--site SITE] [-p NAME VALUE]" in english
    assert "NOTEBOOK the notebook to run: a file, or the name of a notebook bundled with the kit" in english
    french = " ".join(build_parser("fr")._subparsers._group_actions[0].choices["run"].format_help().split())
    assert "run [-h] --programme DOSSIER [--site SITE] [-p NOM VALEUR]" in french
    assert "CARNET le carnet à exécuter : un fichier, ou le nom d'un carnet fourni avec le kit" in french


def test_an_error_comes_out_in_english(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TRANSFO_LAB_LANG", "en")
    assert main(["example", str(tmp_path / "x"), "--name", "lycees"]) == 1
    assert capsys.readouterr().err == ('Error: unknown example "lycees": bundled examples: inter-transfo, '
                                       "pret-a-deployer-lycees, transfo-val-de-loire\n")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "a.txt").write_text("keep")
    assert main(["training-copy", str(tmp_path / "full")]) == 1
    assert capsys.readouterr().err == (f"Error: the folder {tmp_path / 'full'} is not empty: "
                                       "choose a new or empty folder\n")


def test_a_success_message_comes_out_in_english(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TRANSFO_LAB_LANG", "en")
    assert main(["example", str(tmp_path / "lycees")]) == 0
    dest = (tmp_path / "lycees").resolve()
    assert capsys.readouterr().out == (f'Example "pret-a-deployer-lycees" copied into: {dest}\n'
                                       f"Try: transfo-lab validate {dest}\n")


# --- bundled notebooks by name -----------------------------------------------------------------------------

@pytest.fixture
def planned(monkeypatch):
    """`transfo-lab run` up to the batch: the jobs it would run, without starting a kernel."""
    from transfo_lab.reports import batch

    jobs = []
    monkeypatch.setattr(batch, "run_batch", lambda planned_jobs, *args, **kwargs: jobs.extend(planned_jobs) or [])
    return jobs


@pytest.mark.parametrize("name", ["02_user_research", "02_user_research.ipynb"])
def test_run_accepts_the_name_of_a_bundled_notebook(name, planned, tmp_path, capsys):
    assert main(["run", name, "--programme", str(LYCEES), "--site", "lycee-rural", "--out", str(tmp_path)]) == 0
    assert [(Path(j.notebook).name, j.site) for j in planned] == [("02_user_research.ipynb", "lycee-rural")]
    assert Path(planned[0].notebook).read_bytes() == (ROOT / "notebooks" / "02_user_research.ipynb").read_bytes()


def test_run_still_takes_a_file(planned, tmp_path, capsys):
    notebook = tmp_path / "02_user_research.ipynb"
    notebook.write_bytes((ROOT / "notebooks" / "02_user_research.ipynb").read_bytes())
    assert main(["run", str(notebook), "--programme", str(LYCEES), "--out", str(tmp_path / "out")]) == 0
    assert {Path(j.notebook) for j in planned} == {notebook}


@pytest.mark.parametrize("name", ["user_research", "carnets/02_user_research.ipynb"])
def test_an_unknown_notebook_name_lists_the_bundled_ones(name, planned, tmp_path, capsys):
    assert main(["run", name, "--programme", str(LYCEES), "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (f"Erreur : carnet « {name} » introuvable : ni un fichier, ni un carnet "
                                       f"fourni avec le kit (carnets fournis : {BUNDLED})\n")
    assert planned == []


@pytest.mark.parametrize(("name", "parameter"), [("05_evaluation", "programme_dir"),
                                                 ("training/04_grille_evaluation.ipynb", "workdir"),
                                                 ("04_grille_evaluation", "workdir")])
def test_present_accepts_the_name_of_a_bundled_notebook(name, parameter, tmp_path, capsys, monkeypatch):
    import shutil

    import nbformat

    from transfo_lab.training import present

    served = []

    def serve(command, cwd):
        served.append(nbformat.read(command[3], as_version=4))
        return 0

    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: "/usr/bin/voila")
    monkeypatch.setattr(present.subprocess, "call", serve)
    assert main(["present", name, "--programme", str(TRAINING), "--no-browser"]) == 0
    injected = next(c for c in served[0].cells if "injected-parameters" in c.metadata.get("tags", []))
    assert f'{parameter} = "{TRAINING}"' in injected.source
    shown = Path(name).name.removesuffix(".ipynb") + ".ipynb"
    assert capsys.readouterr().out == f"Restitution de {shown} : http://127.0.0.1:8866/ (Ctrl+C pour arrêter)\n"


def test_present_names_the_bundled_notebooks_for_an_unknown_name(tmp_path, capsys):
    assert main(["present", "evaluation", "--programme", str(TRAINING)]) == 1
    assert capsys.readouterr().err == (f"Erreur : carnet « evaluation » introuvable : ni un fichier, ni un carnet "
                                       f"fourni avec le kit (carnets fournis : {BUNDLED})\n")
