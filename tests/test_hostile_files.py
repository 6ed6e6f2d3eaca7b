"""Hostile and unlucky files: formulas in spreadsheets, archive and YAML bombs, hidden sheets,
colliding site ids, unwritable output folders, output permissions, killed batches (issue 18).

Every attack runs on a copy of an example programme (never on ``data/``)."""
from __future__ import annotations

import csv
import errno
import io
import os
import resource
import shutil
import struct
import subprocess
import sys
import textwrap
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from conftest import LYCEES, ROOT
from transfo_lab.base.cells import append_row, csv_text, csv_value, write_cell
from transfo_lab.base.exceptions import FileFormatError, OutputError
from transfo_lab.contract.io import atomic_write, read_table

PAYLOADS = ['=HYPERLINK("http://x","clic")', "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)"]


@pytest.fixture
def prog(tmp_path):
    folder = tmp_path / "lycees"
    shutil.copytree(LYCEES, folder)
    return folder


def assert_no_formula(path: Path) -> None:
    """No cell of the workbook is a formula: neither for openpyxl nor in the sheets' XML."""
    workbook = openpyxl.load_workbook(path)
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, ws.title, cell.coordinate, cell.value)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml, name


# --- 3. formulas ---------------------------------------------------------------------------------------

def test_write_cell_keeps_texts_as_text_and_numbers_as_numbers(tmp_path):
    workbook = openpyxl.Workbook()
    ws = workbook.active
    append_row(ws, PAYLOADS)
    write_cell(ws, 2, 1, -2)
    write_cell(ws, 2, 2, 2.5)
    write_cell(ws, 2, 3, "bip\x07 ok")  # a control character an xlsx cannot hold
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    assert_no_formula(path)
    back = openpyxl.load_workbook(path).active
    assert [c.value for c in back[1]] == PAYLOADS
    assert (back["A2"].value, back["A2"].data_type, back["B2"].value, back["C2"].value) == (-2, "n", 2.5, "bip ok")


def test_csv_cells_are_protected_and_read_back_identically(tmp_path):
    # numbers (+1, -2) are harmless and stay as typed; anything else a spreadsheet would run gets an apostrophe
    assert [csv_text(p) for p in PAYLOADS] == ["'" + p for p in PAYLOADS[:2]] + ["+1", "-2", "'@SUM(A1)"]
    assert [csv_value(csv_text(p)) for p in PAYLOADS] == PAYLOADS
    assert csv_text("-2,5") == "-2,5" and csv_text("- une liste") == "'- une liste"


def test_cahier_workbook_has_no_formula_and_reads_back(prog, tmp_path):
    from transfo_lab.phases.ideation import cahier_de_propositions, write_cahier_excel

    ideas = pd.DataFrame({"id": [f"ID-{i}" for i in range(len(PAYLOADS))], "title": PAYLOADS,
                          "description": PAYLOADS, "tags": [[p] for p in PAYLOADS], "site": [None] * len(PAYLOADS),
                          "impact": [4, 3, 2, 5, 1], "effort": [2, 2, 3, 1, 4], "tensions": [[]] * len(PAYLOADS),
                          "status": ["retenue"] * len(PAYLOADS)})
    cahier = cahier_de_propositions(ideas)
    path = write_cahier_excel(cahier, prog / "cahier.xlsx")
    assert_no_formula(path)
    raw = read_table(path).data
    assert sorted(raw["Titre"]) == sorted(PAYLOADS)
    assert sorted(raw["Thèmes"]) == sorted(PAYLOADS)
    assert sorted(raw["Impact"]) == [1, 2, 3, 4, 5]  # numbers stay numbers


def test_grid_workbook_with_formula_like_labels_is_read_back(tmp_path):
    from transfo_lab.phases.evaluation import export_grid_workbook, read_grid_workbook

    n = len(PAYLOADS)
    criteria = pd.DataFrame({"id": [f"C{i}" for i in range(n)], "criterion": PAYLOADS, "dimension": PAYLOADS,
                             "weight": [1.0] * n, "scale_min": [1] * n, "scale_max": [5] * n, "evidence": PAYLOADS,
                             "adaptable": [True] * n})
    path = export_grid_workbook(criteria, ["lycee-rural"], 2, tmp_path / "grille.xlsx")
    assert_no_formula(path)
    scores = read_grid_workbook(path)  # the kit's reader accepts the workbook the kit wrote
    assert scores["criterion"].tolist() == [f"C{i}" for i in range(n)]
    raw = read_table(path, sheet=openpyxl.load_workbook(path).sheetnames[0]).data
    assert raw["Intitulé du critère"].tolist() == PAYLOADS and raw["Dimension"].tolist() == PAYLOADS
    assert raw["Échelle min"].tolist() == [1] * n


def test_code_matrices_and_templates_have_no_formula(tmp_path):
    from transfo_lab.interop import export_matrices
    from transfo_lab.contract.scaffold import template_workbook
    from transfo_lab.contract.io import save_workbook

    observations = pd.DataFrame({"id": ["=1+1", "O2"], "tags": [[PAYLOADS[0], PAYLOADS[1]], [PAYLOADS[4]]]})
    path = export_matrices(observations, tmp_path / "matrices.xlsx")
    assert_no_formula(path)
    back = openpyxl.load_workbook(path).worksheets[0]
    assert {c.value for c in back[1][1:]} == {PAYLOADS[0], PAYLOADS[1], PAYLOADS[4]}
    assert back["A2"].value == "=1+1"
    assert_no_formula(save_workbook(template_workbook(), tmp_path / "modele.xlsx"))


def test_import_writes_protected_csv_read_back_identically(prog):
    """An import into a table kept in a workbook goes to observations-import.csv: no formula there."""
    from transfo_lab.interop import merge_into
    from transfo_lab.interop.records import Imported, records_frame
    from transfo_lab.contract.programme import load_programme

    obs = pd.read_csv(prog / "observations.csv", sep=";", dtype=str, keep_default_na=False)
    with pd.ExcelWriter(prog / "observations.xlsx") as writer:
        obs.to_excel(writer, index=False, sheet_name="observations")
    (prog / "observations.csv").unlink()
    records = [{"site": "lycee-rural", "date": pd.Timestamp("2016-10-12"), "method": "entretien", "kind": "verbatim",
                "text": text, "tags": ["accueil"]} for text in PAYLOADS]
    imported = Imported("import.csv", "csv", observations=records_frame("observations", records))
    merge_into(prog, imported, id_prefix="OBS-X")
    with open(prog / "observations-import.csv", encoding="utf-8", newline="") as f:
        cells = [row[9] for row in csv.reader(f, delimiter=";")][1:]
    assert cells == ["'" + PAYLOADS[0], "'" + PAYLOADS[1], "+1", "-2", "'@SUM(A1)"]
    assert read_table(prog / "observations-import.csv").data["Texte"].tolist() == PAYLOADS
    # the tags file (CSV, in place): a formula-like new tag comes back as typed
    imported = Imported("import.csv", "csv", observations=records_frame("observations", [
        {"site": "lycee-rural", "date": pd.Timestamp("2016-10-13"), "method": "entretien", "kind": "verbatim",
         "text": "autre", "tags": ["=cmd|' /C calc'!A0"]}]))
    shutil.move(prog / "observations-import.csv", prog.parent / "first-import.csv")
    merge_into(prog, imported, id_prefix="OBS-Y")
    assert "'=cmd|' /C calc'!A0" in (prog / "grille_codage.csv").read_text(encoding="utf-8")
    codebook = load_programme(prog, strict=False).codebook
    assert "=cmd|' /C calc'!A0" in codebook["tag"].tolist()


# --- 4. bombs ----------------------------------------------------------------------------------------

def _measure(func):
    """Run ``func``; return (its exception, seconds, peak Python allocation in bytes, RSS growth in bytes)."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()
    start = time.perf_counter()
    try:
        func()
    except Exception as exc:  # noqa: BLE001 - returned to the test
        error = exc
    else:
        error = None
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss_before
    return error, seconds, peak, rss_growth


def _zip_bomb(path: Path, member: str, size: int, extra: dict | None = None) -> Path:
    """A zip holding ``size`` bytes of zeros under ``member`` (about 1000:1), written without holding them."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        with archive.open(member, "w", force_zip64=True) as stream:
            chunk = b"\0" * (8 << 20)
            for _ in range(size // len(chunk)):
                stream.write(chunk)
    return path


def _lying_zip(path: Path, member: str, data: bytes, declared: int) -> Path:
    """A zip whose headers declare ``declared`` bytes for a member that holds ``data``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(member, data)
    raw = bytearray(buffer.getvalue())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.index(signature)
        raw[at + offset: at + offset + 4] = struct.pack("<I", declared)
    path.write_bytes(bytes(raw))
    return path


def test_qdpx_zip_bomb_is_refused_before_reading(prog, tmp_path):
    from transfo_lab.interop import import_file

    bomb = _zip_bomb(tmp_path / "bombe.qdpx", "project.qde", 80 << 20)
    assert bomb.stat().st_size < 1 << 20
    error, seconds, peak, rss = _measure(lambda: import_file("qdpx", bomb, prog))
    assert isinstance(error, FileFormatError)
    assert str(error) == ("bombe.qdpx : archive refusée : « project.qde » ferait 80\xa0Mo une fois décompressé, "
                          "la limite est de 50\xa0Mo par fichier")
    assert seconds < 5 and peak < 200 << 20 and rss < 200 << 20


def test_qdpx_ratio_and_members_and_lying_headers(tmp_path):
    from transfo_lab.interop import read_qdpx

    ratio = _zip_bomb(tmp_path / "ratio.qdpx", "project.qde", 16 << 20)
    with pytest.raises(FileFormatError) as info:
        read_qdpx(ratio)
    assert "archive refusée : « project.qde » est compressé" in str(info.value)
    assert "la limite est de 100 fois (bombe de décompression ?)" in str(info.value)

    crowded = tmp_path / "foule.qdpx"
    with zipfile.ZipFile(crowded, "w") as archive:
        for i in range(10_001):
            archive.writestr(f"sources/{i}.txt", b"")
    with pytest.raises(FileFormatError, match="archive refusée : 10\u202f001 fichiers à l'intérieur, "
                                              "la limite est de 10\u202f000"):
        read_qdpx(crowded)

    # a header that claims 3 GB: refused from the central directory, nothing decompressed
    huge = _lying_zip(tmp_path / "trois-go.qdpx", "project.qde", b"<Project/>", 3 << 30)
    error, seconds, peak, _ = _measure(lambda: read_qdpx(huge))
    assert "« project.qde » ferait 3\xa0Go une fois décompressé" in str(error)
    assert seconds < 5 and peak < 200 << 20

    # a header that claims less than the member holds: the read stops at the declared size, refused
    small = _lying_zip(tmp_path / "menteur.qdpx", "project.qde", b"<Project>" + b" " * 5000 + b"</Project>", 100)
    with pytest.raises(FileFormatError, match="archive abîmée : « project.qde » ne correspond pas à son en-tête"):
        read_qdpx(small)


def test_xlsx_bomb_in_a_programme_is_a_located_error(prog):
    from transfo_lab.contract.programme import validate_programme

    (prog / "observations.csv").unlink()
    _zip_bomb(prog / "observations.xlsx", "xl/worksheets/sheet1.xml", 80 << 20,
              extra={"[Content_Types].xml": "<Types/>"})
    error, seconds, peak, rss = _measure(lambda: read_table(prog / "observations.xlsx"))
    assert isinstance(error, FileFormatError) and seconds < 5 and peak < 200 << 20 and rss < 200 << 20
    report = validate_programme(prog)
    messages = [i.format() for i in report.errors]
    assert ("observations.xlsx : archive refusée : « xl/worksheets/sheet1.xml » ferait 80\xa0Mo une fois "
            "décompressé, la limite est de 50\xa0Mo par fichier") in messages


BILLION_LAUGHS = textwrap.dedent("""\
    lol1: &lol1 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
    lol2: &lol2 [*lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1]
    lol3: &lol3 [*lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2]
    lol4: &lol4 [*lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3]
    lol5: &lol5 [*lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4]
    lol6: &lol6 [*lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5]
    lol7: &lol7 [*lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6, *lol6]
    lol8: &lol8 [*lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7, *lol7]
    lol9: &lol9 [*lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8, *lol8]
    """)


def test_yaml_alias_bomb_in_programme_yaml_is_refused(prog):
    from transfo_lab.contract.programme import validate_programme

    with open(prog / "programme.yaml", "a", encoding="utf-8") as f:
        f.write("\n" + BILLION_LAUGHS)
    from transfo_lab.contract.programme import read_config
    from transfo_lab.contract.validation import ValidationReport

    error, seconds, peak, rss = _measure(lambda: read_config(prog, ValidationReport()))
    assert error is None and seconds < 5 and peak < 200 << 20 and rss < 200 << 20
    start = time.perf_counter()
    report = validate_programme(prog)
    assert time.perf_counter() - start < 10  # the whole validation of the example, bomb refused
    assert [i.format() for i in report.errors][0].startswith(
        "programme.yaml, ligne ")
    assert report.errors[0].format().endswith(
        " : fichier refusé : plus de 100\u202f000 éléments une fois les alias YAML développés ; la limite protège "
        "contre les « bombes » YAML")


def test_yaml_alias_count_and_size_limits(prog, tmp_path):
    from transfo_lab.cli import main
    from transfo_lab.base.limits import LimitError, load_yaml

    many = "a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]\n"
    with pytest.raises(LimitError, match="fichier refusé : plus de 100 alias YAML"):
        load_yaml(many)
    assert load_yaml("a: &a [1, 2]\nb: *a\n") == {"a": [1, 2], "b": [1, 2]}
    (prog / "programme.yaml").write_text("# " + "x" * (2 << 20) + "\n", encoding="utf-8")
    assert main(["validate", str(prog)]) == 1
    from transfo_lab.contract.programme import validate_programme

    assert validate_programme(prog).errors[0].format() == \
        "programme.yaml : fichier refusé : 2\xa0Mo, la limite est de 1\xa0Mo"


# --- 8. hidden sheets, colliding site ids -------------------------------------------------------------

def test_hidden_first_sheet_is_not_read_and_is_reported(prog):
    from transfo_lab.contract.programme import load_programme, validate_programme

    current = pd.read_csv(prog / "observations.csv", sep=";", dtype=str, keep_default_na=False)
    workbook = openpyxl.Workbook()
    old = workbook.active
    old.title = "ancien"
    append_row(old, list(current.columns))
    append_row(old, ["OBS-OLD", "lycee-rural", "01/01/2015", "1", "X", "observation", "", "", "note", "vieux", "", "", ""])
    old.sheet_state = "hidden"
    visible = workbook.create_sheet("observations")
    append_row(visible, list(current.columns))
    for row in current.itertuples(index=False):
        append_row(visible, list(row))
    workbook.save(prog / "observations.xlsx")
    (prog / "observations.csv").unlink()
    report = validate_programme(prog)
    assert report.ok
    assert ("observations.xlsx : feuille(s) masquée(s) non lue(s) : ancien ; le kit lit la feuille nommée comme la "
            "table, sinon la première feuille visible (affichez ou supprimez ces feuilles si elles contiennent des "
            "données)") in [i.format() for i in report.warnings]
    # without a sheet named like the table: the first *visible* sheet is read, never the hidden one
    workbook = openpyxl.load_workbook(prog / "observations.xlsx")
    workbook["observations"].title = "saisie"
    workbook.save(prog / "observations.xlsx")
    raw = read_table(prog / "observations.xlsx")
    assert raw.sheet == "saisie" and "OBS-OLD" not in raw.data["Identifiant"].tolist()
    prog_ = load_programme(prog, strict=False)
    assert "OBS-OLD" not in prog_.observations["id"].tolist() and len(prog_.observations) == len(current)


def test_two_site_ids_with_the_same_report_folder_are_refused(prog):
    from transfo_lab.contract.programme import validate_programme

    text = (prog / "programme.yaml").read_text(encoding="utf-8")
    text = text.replace("  - id: lycee-en-construction\n", "  - id: Lycee_Rural\n    name: Doublon\n"
                        "  - id: lycee-en-construction\n")
    (prog / "programme.yaml").write_text(text, encoding="utf-8")
    errors = [i.format() for i in validate_programme(prog).errors]
    assert ("programme.yaml, colonne « sites[3].id » : identifiant de site trop proche de « lycee-rural » : les "
            "deux donneraient le même dossier de rapports « sites/lycee-rural » (choisissez des identifiants qui "
            "diffèrent par autre chose que la casse, les accents, « - » ou « _ »), trouvé « Lycee_Rural »") in errors


# --- 9. outputs -----------------------------------------------------------------------------------------

def test_outputs_follow_the_umask_and_keep_an_existing_mode(tmp_path):
    old = os.umask(0o002)
    try:
        assert (atomic_write(tmp_path / "a.txt", "x").stat().st_mode & 0o777) == 0o664
        os.umask(0o022)
        assert (atomic_write(tmp_path / "b.txt", "x").stat().st_mode & 0o777) == 0o644
        os.chmod(tmp_path / "a.txt", 0o660)
        assert (atomic_write(tmp_path / "a.txt", "y").stat().st_mode & 0o777) == 0o660
    finally:
        os.umask(old)


def test_saving_a_table_keeps_its_mode(prog):
    from transfo_lab.training.widgets import save_tags

    os.chmod(prog / "observations.csv", 0o664)
    old = os.umask(0o077)
    try:
        save_tags(prog / "observations.csv", {"OBS-001": ["accueil", "chantier"]}, ["accueil", "chantier"])
    finally:
        os.umask(old)
    assert (prog / "observations.csv").stat().st_mode & 0o777 == 0o664


@pytest.mark.parametrize("code, reason", [(errno.EACCES, "permission refusée"), (errno.ENOSPC, "disque plein"),
                                          (errno.EROFS, "système de fichiers en lecture seule")])
def test_unwritable_folder_is_a_french_error_and_leaves_nothing(tmp_path, monkeypatch, code, reason):
    import transfo_lab.contract.io as kit_io

    target = tmp_path / "rapports" / "index.html"
    target.parent.mkdir()
    target.write_text("ancien")

    class Full(io.StringIO):
        def write(self, text):
            raise OSError(code, os.strerror(code))

    real_fdopen = os.fdopen

    def failing_fdopen(fd, *args, **kwargs):
        real_fdopen(fd, *args, **kwargs).close()
        return Full()

    monkeypatch.setattr(kit_io.os, "fdopen", failing_fdopen)
    with pytest.raises(OutputError) as info:
        atomic_write(target, "nouveau")
    assert str(info.value) == f"impossible d'écrire dans {target.parent} : {reason}"
    assert target.read_text() == "ancien" and [p.name for p in target.parent.iterdir()] == ["index.html"]


def test_read_only_output_folder_cli_message(prog, tmp_path, monkeypatch, capsys):
    """transfo-lab report into a folder that cannot be written: one French line, no traceback."""
    import tempfile

    from transfo_lab.reports import batch
    from transfo_lab.cli import main

    out = tmp_path / "lecture-seule"
    out.mkdir()

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.setattr(batch, "plan_jobs", lambda *args, **kwargs: [])
    code = main(["report", str(prog), "--out", str(out), "--workers", "1"])
    assert code == 1
    assert capsys.readouterr().err == f"Erreur : impossible d'écrire dans {out} : permission refusée\n"


def test_out_inside_the_programme_folder_is_not_hashed(prog):
    from transfo_lab.reports.batch import Job, inputs_hash

    notebook = ROOT / "notebooks" / "01_planning.ipynb"
    if not notebook.exists():
        notebook = sorted((ROOT / "notebooks").glob("0*.ipynb"))[0]
    out = prog / "rapports"
    job = Job(str(notebook), str(prog), None, "Tous", "p", "fr", (), str(out / "programme"), ("html",),
              False, str(out))
    before = inputs_hash(job)
    (out / "programme").mkdir(parents=True)
    (out / "programme" / "01.html").write_text("sortie")
    (prog / ".backups").mkdir()
    (prog / ".backups" / "x.csv").write_text("copie")
    assert inputs_hash(job) == before
    (prog / "votes.csv").write_text((prog / "votes.csv").read_text() + "\n")
    assert inputs_hash(job) != before


_ORPHAN = """
import concurrent.futures as cf, multiprocessing, os, sys, time
from transfo_lab.reports.batch import exit_with_parent

def work(path):
    with open(path, "w") as f:
        f.write(str(os.getpid()))
    time.sleep(120)

if __name__ == "__main__":
    context = multiprocessing.get_context("forkserver")
    pool = cf.ProcessPoolExecutor(1, mp_context=context, initializer=exit_with_parent, initargs=(os.getpid(),))
    pool.submit(work, sys.argv[1])
    time.sleep(120)
"""


def test_pool_workers_exit_when_the_main_process_is_killed(tmp_path):
    script = tmp_path / "main.py"
    script.write_text(_ORPHAN)
    pid_file = tmp_path / "worker.pid"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    main = subprocess.Popen([sys.executable, str(script), str(pid_file)], env=env)
    try:
        deadline = time.monotonic() + 60
        while not (pid_file.exists() and pid_file.read_text()):
            assert time.monotonic() < deadline, "the worker never started"
            time.sleep(0.1)
        worker = int(pid_file.read_text())
        main.kill()  # kill -9
        main.wait()
        deadline = time.monotonic() + 5
        while _alive(worker):
            assert time.monotonic() < deadline, "the pool worker outlived the main process"
            time.sleep(0.1)
    finally:
        if main.poll() is None:
            main.kill()
            main.wait()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return False


def test_full_disk_during_a_run_leaves_no_notebook_under_its_name(prog, tmp_path, monkeypatch):
    import papermill

    from transfo_lab.reports.batch import Job, run_job

    out = tmp_path / "out"
    (out / "programme").mkdir(parents=True)
    previous = out / "programme" / "00_programme.ipynb"
    previous.write_text('{"complet": true}')  # an earlier, complete run

    def full_disk(notebook, output, **kwargs):
        Path(output).write_text('{"cells": [')  # truncated
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(papermill, "execute_notebook", full_disk)
    job = Job(str(ROOT / "notebooks" / "00_programme.ipynb"), str(prog), None, "Tous", "p", "fr", (),
              str(out / "programme"), ("html",), False, str(out))
    result = run_job(job)
    assert result.status == "failed"
    assert result.error == f"impossible d'écrire dans {out / 'programme'} : disque plein"
    assert previous.read_text() == '{"complet": true}'  # not replaced by the truncated one
    assert [p.name for p in (out / "programme").iterdir()] == ["00_programme.ipynb"]


def test_cli_unwritable_destination_is_one_french_line(tmp_path, monkeypatch, capsys):
    from transfo_lab.cli import main

    dest = tmp_path / "nouveau"

    def refuse(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(dest))

    monkeypatch.setattr(Path, "mkdir", refuse)
    assert main(["init", str(dest), "--kind", "transfo"]) == 1
    assert capsys.readouterr().err == f"Erreur : impossible d'écrire dans {dest} : permission refusée\n"


def test_xml_entity_bomb_and_oversized_codebook_are_refused(tmp_path):
    from transfo_lab.interop import read_qdc

    entities = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    bomb = tmp_path / "bombe.qdc"
    bomb.write_text(f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{entities}]>'
                    f"<CodeBook>&lol9;</CodeBook>")
    error, seconds, peak, _ = _measure(lambda: read_qdc(bomb))
    assert isinstance(error, FileFormatError) and str(error) == ("bombe.qdc : XML refusé : il déclare des entités ou une DTD "
                                                                "(protection contre les « bombes XML »)")
    assert seconds < 5 and peak < 200 << 20
    big = tmp_path / "grande.qdc"
    with open(big, "wb") as f:
        f.truncate(51 << 20)  # sparse: nothing written on disk
    with pytest.raises(FileFormatError, match="grande.qdc : fichier refusé : 51\xa0Mo, la limite est de 50\xa0Mo"):
        read_qdc(big)


def test_private_outputs_stay_owner_only(tmp_path):
    """Outputs follow the umask, but a pseudonymisation key is never readable by others."""
    from transfo_lab.contract.privacy import Pseudonymiser

    old = os.umask(0o002)
    try:
        key = Pseudonymiser(["Inès Martin"]).write_key(tmp_path / "cle.csv")
        assert key.stat().st_mode & 0o777 == 0o600
        assert atomic_write(tmp_path / "secret.txt", "x", private=True).stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)


def test_programme_workbook_bomb_is_refused_with_the_limit(prog):
    from transfo_lab.contract.programme import validate_programme

    _zip_bomb(prog / "programme.xlsx", "xl/worksheets/sheet1.xml", 80 << 20, extra={"[Content_Types].xml": "<Types/>"})
    errors = [i.format() for i in validate_programme(prog).errors]
    assert errors == ["programme.xlsx : archive refusée : « xl/worksheets/sheet1.xml » ferait 80\xa0Mo une fois "
                      "décompressé, la limite est de 50\xa0Mo par fichier"]


def test_hidden_first_sheet_of_an_ods_is_not_read(prog):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    from transfo_lab.contract.programme import load_programme, validate_programme

    current = pd.read_csv(prog / "observations.csv", sep=";", dtype=str, keep_default_na=False)
    doc = OpenDocumentSpreadsheet()
    hidden_style = Style(name="cache", family="table")
    hidden_style.addElement(TableProperties(display="false"))
    doc.automaticstyles.addElement(hidden_style)

    def sheet(name, rows, **kwargs):
        table = Table(name=name, **kwargs)
        for values in rows:
            row = TableRow()
            for value in values:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                row.addElement(cell)
            table.addElement(row)
        doc.spreadsheet.addElement(table)

    sheet("ancien", [list(current.columns), ["OBS-OLD", "lycee-rural", "01/01/2015", "1", "X", "observation", "",
                                             "", "note", "vieux", "", "", ""]], stylename=hidden_style)
    sheet("observations", [list(current.columns), *current.values.tolist()])
    doc.save(str(prog / "observations.ods"))
    (prog / "observations.csv").unlink()
    report = validate_programme(prog)
    assert report.ok
    assert any("feuille(s) masquée(s) non lue(s) : ancien" in i.format() for i in report.warnings)
    assert "OBS-OLD" not in load_programme(prog, strict=False).observations["id"].tolist()


def test_sheet_named_like_the_table_wins_over_the_first_visible_one(prog):
    from transfo_lab.contract.programme import load_programme

    current = pd.read_csv(prog / "observations.csv", sep=";", dtype=str, keep_default_na=False)
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "brouillon"
    append_row(notes, ["Mes notes"])
    table = workbook.create_sheet("Observations")
    append_row(table, list(current.columns))
    for row in current.itertuples(index=False):
        append_row(table, list(row))
    workbook.save(prog / "observations.xlsx")
    (prog / "observations.csv").unlink()
    programme = load_programme(prog, strict=False)
    assert programme.report.ok and len(programme.observations) == len(current)


def test_cli_import_of_a_zip_bomb_is_one_french_line(prog, tmp_path):
    """``python -m transfo_lab.cli import …`` (the plugins' subcommands too): a located line, no traceback."""
    bomb = _zip_bomb(tmp_path / "bombe.qdpx", "project.qde", 80 << 20)
    done = subprocess.run([sys.executable, "-m", "transfo_lab.cli", "import", "qdpx", str(bomb), "--into", str(prog)],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 1
    assert done.stderr == ("Erreur : bombe.qdpx : archive refusée : « project.qde » ferait 80\xa0Mo une fois "
                           "décompressé, la limite est de 50\xa0Mo par fichier\n")
