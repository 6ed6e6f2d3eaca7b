"""Reading the user's spreadsheets (CSV, .xlsx, .ods) and writing outputs atomically."""
from __future__ import annotations

import datetime as dt
import hashlib
import os

import openpyxl
import pandas as pd
import pytest

from transfo_lab.contract import io
from transfo_lab.base.exceptions import DataError, FileFormatError
from transfo_lab.contract.io import atomic_open, atomic_write, decode_text, detect_separator, read_table, save_workbook, sheet_names


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


# --- separators and encodings ---------------------------------------------------------------------

@pytest.mark.parametrize("header, separator", [
    ("Identifiant;Site;Texte", ";"),
    ("Identifiant,Site,Texte", ","),
    ("Identifiant\tSite\tTexte", "\t"),
    ("Montant (€);Poste, détail;Site", ";"),          # the most frequent wins
    ('"Poste; détail",Montant,Site', ","),           # separators inside quotes do not count
    ("Texte", None),
    ("Identifiant|Site|Texte", None),
])
def test_detect_separator(header, separator):
    assert detect_separator(header) == separator


@pytest.mark.parametrize("raw, text, encoding", [
    ("Début;Évènement".encode("utf-8"), "Début;Évènement", "utf-8"),
    (b"\xef\xbb\xbf" + "Début".encode("utf-8"), "Début", "utf-8-sig"),
    ("Début;Évènement;« ça »".encode("cp1252"), "Début;Évènement;« ça »", "cp1252"),
    (b"id;site", "id;site", "utf-8"),
])
def test_decode_text(raw, text, encoding):
    assert decode_text(raw) == (text, encoding)


@pytest.mark.parametrize("text, separator", [
    ("Identifiant;Texte\nO1;Un élève, puis un autre\n", ";"),
    ('Identifiant,Texte\nO1,"Un élève, puis un autre"\n', ","),
    ("Identifiant\tTexte\nO1\tUn élève, puis un autre\n", "\t"),
])
def test_csv_separators(tmp_path, text, separator):
    table = read_table(write(tmp_path / "observations.csv", text))
    assert table.separator == separator
    assert table.data.columns.tolist() == ["Identifiant", "Texte"]
    assert table.data.loc[2].tolist() == ["O1", "Un élève, puis un autre"]


@pytest.mark.parametrize("encoding, prefix, expected", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ("cp1252", b"", "cp1252"),
])
def test_csv_encodings(tmp_path, encoding, prefix, expected):
    path = tmp_path / "observations.csv"
    path.write_bytes(prefix + "Identifiant;Rôle;Texte\nO1;élève;« Ça dépend des éducateurs »\r\n".encode(encoding))
    table = read_table(path)
    assert table.encoding == expected
    assert table.data.columns.tolist() == ["Identifiant", "Rôle", "Texte"]  # no BOM glued to the first header
    assert table.data.loc[2].tolist() == ["O1", "élève", "« Ça dépend des éducateurs »"]


def test_pipe_separator_is_refused_with_row_1(tmp_path):
    with pytest.raises(FileFormatError) as info:
        read_table(write(tmp_path / "observations.csv", "Identifiant|Site\nO1|site-a\n"))
    assert info.value.row == 1
    assert info.value.message == "séparateur non reconnu : les colonnes semblent séparées par « | » ; attendu « ; » ou « , »"
    assert isinstance(info.value, DataError) and isinstance(info.value, ValueError)


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \n", b";;\n;;\n"])
def test_empty_files_are_refused(tmp_path, content):
    path = tmp_path / "observations.csv"
    path.write_bytes(content)
    with pytest.raises(FileFormatError) as info:
        read_table(path)
    assert info.value.file == str(path)
    assert info.value.message.startswith("fichier vide : attendu au moins une ligne d'en-têtes")


def test_unknown_suffix_is_refused(tmp_path):
    with pytest.raises(FileFormatError) as info:
        read_table(write(tmp_path / "observations.txt", "Identifiant;Texte\n"))
    assert info.value.message == "fichier illisible (.txt) : attendu un CSV, un classeur .xlsx ou .ods"


def test_english_messages(tmp_path):
    with pytest.raises(FileFormatError) as info:
        read_table(write(tmp_path / "observations.csv", "Identifiant|Site\n"), lang="en")
    assert info.value.message == 'separator not recognised: columns seem separated by "|"; expected ";" or ","'


# --- rows: help rows and blank rows skipped, spreadsheet numbers kept -----------------------------------

def test_csv_comment_and_blank_rows_keep_row_numbers(tmp_path):
    text = ("Identifiant;Texte\n"          # row 1
            "# aide : un identifiant;le texte\n"  # row 2, help row
            "O1;  premier  \n"             # row 3
            "\n"                           # row 4, blank
            ";\n"                          # row 5, empty cells
            'O2;"sur deux\nlignes"\n'      # row 6, one spreadsheet row
            "O3;\n")                       # row 7
    table = read_table(write(tmp_path / "observations.csv", text))
    assert table.data.index.tolist() == [3, 6, 7]
    assert table.data.index.name == "row"
    assert table.data["Identifiant"].tolist() == ["O1", "O2", "O3"]
    assert table.data["Texte"].tolist() == ["premier", "sur deux\nlignes", None]  # stripped; empty → None


def test_csv_headers_after_blank_lines(tmp_path):
    table = read_table(write(tmp_path / "observations.csv", "\n;\nIdentifiant;Texte\nO1;a\n"))
    assert table.data.columns.tolist() == ["Identifiant", "Texte"]
    assert table.data.index.tolist() == [4]


def test_csv_extra_cells_are_a_problem_of_their_row(tmp_path):
    table = read_table(write(tmp_path / "observations.csv", "Identifiant;Texte\nO1;a\nO2;b;en trop\nO3;c;\n"))
    assert table.problems == [{"key": "validation.extra_cells", "row": 3, "column": None, "value": 3}]
    assert table.data.loc[3].tolist() == ["O2", "b"]


def test_csv_short_rows_are_padded(tmp_path):
    table = read_table(write(tmp_path / "observations.csv", "Identifiant;Site;Texte\nO1\n"))
    assert table.data.loc[2].tolist() == ["O1", None, None]


# --- workbooks ------------------------------------------------------------------------------------

def make_xlsx(path, rows, title="criteres", more_sheets=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for number, row in rows.items():
        for column, value in enumerate(row, start=1):
            ws.cell(row=number, column=column, value=value)
    for name in more_sheets:
        wb.create_sheet(name).append(["x"])
    wb.save(path)
    return path


def test_xlsx_native_dates_and_numbers(tmp_path):
    path = make_xlsx(tmp_path / "criteres.xlsx", {
        1: ["Identifiant", "Date", "Poids", "Échelle max", "Critère"],
        2: ["# aide", "JJ/MM/AAAA", "nombre", "entier", "texte"],
        3: ["C1", dt.datetime(2017, 3, 12), 2.5, 5, "Usage"],
        # row 4 blank
        5: ["C2", dt.datetime(2017, 3, 13), 0.4, 10, "  Coûts  "],
    })
    table = read_table(path)
    assert table.sheet == "criteres"
    assert table.data.index.tolist() == [3, 5]
    assert table.data.loc[3].tolist() == ["C1", dt.datetime(2017, 3, 12), 2.5, 5, "Usage"]
    assert table.data.loc[5].tolist() == ["C2", dt.datetime(2017, 3, 13), 0.4, 10, "Coûts"]
    assert isinstance(table.data.at[3, "Date"], dt.datetime) and isinstance(table.data.at[3, "Poids"], float)
    assert table.problems == []


def test_xlsx_formula_without_cached_value_is_a_located_problem(tmp_path):
    path = make_xlsx(tmp_path / "budget.xlsx", {
        2: ["Section", "Montant (€)"],       # headers on row 2 (row 1 blank)
        3: ["Résidence", 1000],
        5: ["Résidence", "=B3*2"],
    })
    table = read_table(path)
    assert table.data.index.tolist() == [3, 5]
    assert table.problems == [{"key": "validation.formula", "row": 5, "value": "=B3*2", "column": "Montant (€)"}]
    assert table.data.at[5, "Montant (€)"] is None


def test_xlsx_sheet_choice(tmp_path):
    path = make_xlsx(tmp_path / "programme.xlsx", {1: ["Identifiant"], 2: ["C1"]}, more_sheets=["notes"])
    assert sheet_names(path) == ["criteres", "notes"]
    assert read_table(path, sheet="notes").data.columns.tolist() == ["x"]
    with pytest.raises(FileFormatError) as info:
        read_table(path, sheet="idees")
    assert info.value.message == "feuille « idees » absente du classeur (feuilles : criteres, notes)"


def test_broken_xlsx_is_refused(tmp_path):
    path = tmp_path / "criteres.xlsx"
    path.write_bytes(b"PK\x03\x04 pas vraiment un classeur")
    with pytest.raises(FileFormatError) as info:
        read_table(path)
    assert info.value.message == "fichier illisible (BadZipFile) : attendu un CSV, un classeur .xlsx ou .ods"


def test_empty_xlsx_is_refused(tmp_path):
    path = make_xlsx(tmp_path / "criteres.xlsx", {})
    with pytest.raises(FileFormatError) as info:
        read_table(path)
    assert info.value.sheet == "criteres"
    assert info.value.message.startswith("fichier vide")


def test_ods_native_values_and_row_numbers(tmp_path):
    path = tmp_path / "criteres.ods"
    frame = pd.DataFrame([
        [None, None, None],                               # row 1 blank
        ["Identifiant", "Date", "Poids"],                 # row 2 headers
        ["# aide", "JJ/MM/AAAA", "nombre"],               # row 3 help
        ["C1", dt.datetime(2017, 3, 12), 2.5],            # row 4
        [None, None, None],                               # row 5 blank
        ["C2", dt.datetime(2017, 3, 13), 3],              # row 6
    ])
    frame.to_excel(path, engine="odf", index=False, header=False, sheet_name="criteres")
    table = read_table(path)
    assert table.sheet == "criteres"
    assert table.data.columns.tolist() == ["Identifiant", "Date", "Poids"]
    assert table.data.index.tolist() == [4, 6]
    assert table.data.loc[4].tolist() == ["C1", pd.Timestamp(2017, 3, 12), 2.5]
    assert table.data.at[6, "Poids"] == 3
    assert sheet_names(path) == ["criteres"]


def test_reading_never_modifies_the_file(tmp_path):
    paths = [write(tmp_path / "a.csv", "Identifiant;Texte\nO1;été\n", "cp1252"),
             make_xlsx(tmp_path / "b.xlsx", {1: ["Identifiant", "Poids"], 2: ["C1", "=1/0"]})]
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]
    mtimes = [p.stat().st_mtime_ns for p in paths]
    for p in paths:
        read_table(p)
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths] == before
    assert [p.stat().st_mtime_ns for p in paths] == mtimes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.xlsx"]


# --- atomic writing -------------------------------------------------------------------------------

def test_atomic_write_text_and_bytes(tmp_path):
    text = atomic_write(tmp_path / "sous" / "rapport.md", "# Rapport\n\nÉté\r\n")
    assert text.read_bytes() == "# Rapport\n\nÉté\r\n".encode("utf-8")  # newlines kept as given
    data = atomic_write(tmp_path / "image.png", b"\x89PNG\x00")
    assert data.read_bytes() == b"\x89PNG\x00"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["image.png", "rapport.md", "sous"]


def test_exception_inside_atomic_open_leaves_target_untouched(tmp_path):
    target = tmp_path / "rapport.html"
    target.write_text("ancienne version", encoding="utf-8")
    with pytest.raises(RuntimeError, match="plantage"):
        with atomic_open(target) as handle:
            handle.write("nouvelle version à moitié écri")
            raise RuntimeError("plantage en pleine écriture")
    assert target.read_text(encoding="utf-8") == "ancienne version"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.html"]  # no temporary file left


def test_interrupt_inside_atomic_open_leaves_no_file(tmp_path):
    target = tmp_path / "nouveau.csv"
    with pytest.raises(KeyboardInterrupt):
        with atomic_open(target, "wb") as handle:
            handle.write(b"id;site\n")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_failed_rename_leaves_target_untouched(tmp_path, monkeypatch):
    target = tmp_path / "notes.csv"
    target.write_bytes(b"ancien")

    def refuse(src, dst):
        raise PermissionError("fichier ouvert dans Excel")

    monkeypatch.setattr(io.os, "replace", refuse)
    with pytest.raises(PermissionError):
        atomic_write(target, b"nouveau")
    assert target.read_bytes() == b"ancien"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.csv"]


def test_save_workbook_is_atomic(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Identifiant", "Poids"])
    path = save_workbook(wb, tmp_path / "criteres.xlsx")
    assert read_table(path).data.columns.tolist() == ["Identifiant", "Poids"]
    assert os.listdir(tmp_path) == ["criteres.xlsx"]
