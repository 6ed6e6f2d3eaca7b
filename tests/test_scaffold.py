"""Templates, `transfo-lab init` and the data-format documentation follow the declarations."""
from __future__ import annotations

import pytest

from conftest import ROOT
from transfo_lab import validate_programme
from transfo_lab.cli import main
from transfo_lab.base.exceptions import ParameterError
from transfo_lab.contract.io import read_table
from transfo_lab.contract.schemas import TABLES
from transfo_lab.contract.scaffold import data_format_markdown, init_programme, template_csv


def test_docs_are_up_to_date():
    assert (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8") == data_format_markdown(), \
        "run `make templates` to regenerate docs/data-format.md"


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_committed_csv_templates_are_up_to_date(table):
    committed = (ROOT / "templates" / "programme" / f"{table.file}.csv").read_text(encoding="utf-8")
    assert committed == template_csv(table)


def test_template_headers_are_french_and_help_row_is_skipped():
    raw = read_table(ROOT / "templates" / "programme" / "observations.csv")
    assert list(raw.data.columns)[:3] == ["Identifiant", "Site", "Date"]
    assert "Étiquettes" in raw.data.columns
    assert raw.data.empty  # the help row starts with '#'


def test_workbook_template_has_a_sheet_per_table_with_help_row():
    import openpyxl

    wb = openpyxl.load_workbook(ROOT / "templates" / "programme" / "programme.xlsx")
    assert wb.sheetnames == [t.file for t in TABLES]
    sheet = wb["observations"]
    assert sheet["A1"].value == "Identifiant"
    assert sheet["A2"].value.startswith("# Identifiant unique")


@pytest.mark.parametrize("kind", ["pret_a_deployer", "transfo"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_init_writes_a_programme_that_validates(tmp_path, kind, fmt):
    dest = init_programme(tmp_path / "nouveau", kind, fmt=fmt)
    report = validate_programme(dest)
    assert report.ok, report.format()
    assert (dest / "programme.yaml").read_text().count(f"kind: {kind}") == 1


def test_init_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("à garder")
    with pytest.raises(ParameterError, match="existe déjà et n'est pas vide"):
        init_programme(tmp_path, "transfo")
    assert (tmp_path / "notes.txt").read_text() == "à garder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_cli_init_then_validate(tmp_path, capsys):
    assert main(["init", str(tmp_path / "x"), "--kind", "pret_a_deployer"]) == 0
    assert main(["validate", str(tmp_path / "x")]) == 0
    out = capsys.readouterr().out
    assert "0 erreur(s)" in out


def test_cli_init_into_non_empty_folder_fails_cleanly(tmp_path, capsys):
    (tmp_path / "a.csv").write_text("x")
    assert main(["init", str(tmp_path), "--kind", "transfo"]) == 1
    err = capsys.readouterr().err
    assert "n'est pas vide" in err and "Traceback" not in err
