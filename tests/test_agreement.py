"""Inter-coder agreement: published values, the krippendorff package, blind coding workbooks, the CLI."""
from __future__ import annotations

import math
import shutil

import krippendorff
import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from conftest import LYCEES
from transfo_lab.phases.research import agreement
from transfo_lab import load_programme
from transfo_lab.cli import main
from transfo_lab.base.exceptions import FileFormatError, ParameterError
from transfo_lab.interop import import_file
from transfo_lab.interop.codage import coding_sample, read_coding_workbook

nan = np.nan
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", A: binary data, two observers, ten units.
BINARY = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
          [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
# Ibid., C: nominal data, four observers (A–D), twelve units, missing values.
NOMINAL = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
           [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
           [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
           [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]


def test_published_binary_example():
    # by hand: 20 pairable values, 14 zeros and 6 ones, 4 disagreeing units
    # α = 1 − (n − 1) · Σ o_ck / (n² − Σ n_c²) = 1 − 19 · 8 / (400 − 196 − 36) = 0.0952
    assert agreement.nominal_alpha(BINARY) == pytest.approx(1 - 19 * 8 / 168)
    assert round(agreement.nominal_alpha(BINARY), 3) == 0.095


def test_published_nominal_example_with_missing_values():
    assert round(agreement.nominal_alpha(NOMINAL), 3) == 0.743


@pytest.mark.parametrize("data", [BINARY, NOMINAL, [[1, 1, 2, nan, 3], [1, 2, 2, 3, 3], [nan, 2, 2, 3, 1]]])
def test_matches_the_krippendorff_package(data):
    ours = agreement.nominal_alpha(data)
    theirs = krippendorff.alpha(reliability_data=np.array(data, dtype=float), level_of_measurement="nominal")
    assert ours == pytest.approx(theirs, abs=1e-12)


def test_cohen_kappa_by_hand():
    # binary example: agreement 6/10; chance 0.2 × 0.4 + 0.8 × 0.6 = 0.56; κ = 0.04 / 0.44
    assert agreement.cohen_kappa(*BINARY) == pytest.approx(0.04 / 0.44)
    assert math.isnan(agreement.cohen_kappa([None, 1], [0, None]))


def test_bootstrap_interval_contains_alpha_and_is_reproducible():
    counts = agreement.value_counts(BINARY)
    clusters = [counts[i:i + 1] for i in range(len(counts))] * 4
    first = agreement.bootstrap_alpha(clusters, seed=3)
    assert first == agreement.bootstrap_alpha(clusters, seed=3)
    alpha = agreement.alpha_from_counts(np.vstack(clusters))
    assert first[0] <= alpha <= first[1]


def _coding(rows):
    return pd.DataFrame(rows, columns=["observation", "coder", "tags"])


def test_multi_tag_coding_is_one_binary_unit_per_tag():
    observations = pd.DataFrame({"id": ["O1", "O2", "O3"], "site": ["s", "s", "t"]})
    coding = _coding([("O1", "A", ["accueil", "cantine"]), ("O1", "B", ["accueil"]),
                      ("O2", "A", []), ("O2", "B", ["cantine"]),
                      ("O3", "A", ["accueil"]), ("O3", "B", ["accueil"])])
    table = agreement.agreement_table(coding, observations, n_boot=100)
    row = table[(table["site"] == "s") & (table["tag"] == "cantine")].iloc[0]
    # cantine on site s: O1 (1, 0), O2 (0, 1) → two disagreeing units, 2 zeros and 2 ones: α = 1 − 3·4/(16 − 8)
    assert row["alpha"] == pytest.approx(1 - 3 * 4 / 8) and row["n_units"] == 2 and row["flagged"]
    accueil = table[(table["site"] == "s") & (table["tag"] == "accueil")].iloc[0]
    assert accueil["alpha"] == pytest.approx(krippendorff.alpha([[1, 0], [1, 0]], level_of_measurement="nominal"))
    overall_s = table[(table["site"] == "s") & (table["tag"] == "*")].iloc[0]
    # pooled units on s: (O1, accueil) 1/1, (O1, cantine) 1/0, (O2, accueil) 0/0, (O2, cantine) 0/1
    assert overall_s["n_units"] == 4
    assert overall_s["alpha"] == pytest.approx(krippendorff.alpha([[1, 1, 0, 0], [1, 0, 0, 1]],
                                                                  level_of_measurement="nominal"))
    assert {"site", "tag", "alpha", "ci_low", "ci_high", "n_units", "kappa_A_B"} <= set(table.columns)
    assert agreement.unreliable_tags(table) == ["cantine"]


def test_format_and_sentence_say_which_themes_are_not_reliable():
    observations = pd.DataFrame({"id": [f"O{i}" for i in range(12)], "site": ["s"] * 12})
    rows = []
    for i in range(12):
        rows.append((f"O{i}", "A", ["accueil"] + (["cantine"] if i % 2 else [])))
        rows.append((f"O{i}", "B", ["accueil"] + (["cantine"] if i % 3 == 0 else [])))
    table = agreement.agreement_table(_coding(rows), observations, n_boot=100)
    shown = agreement.format_agreement(table, site_names={"s": "Lycée rural"})
    assert list(shown.columns) == ["Site", "Étiquette", "α de Krippendorff", "IC 95 %", "κ de Cohen (par paire)",
                                   "Unités", "Lecture"]
    cantine = shown[(shown["Étiquette"] == "cantine") & (shown["Site"] == "Lycée rural")].iloc[0]
    assert cantine["Lecture"] == "à revoir : les codeurs divergent"
    assert "Pas encore codé de façon fiable : cantine." in agreement.agreement_sentence(table)


def test_coding_sample_is_stratified_and_reproducible(lycees):
    sample = coding_sample(lycees.observations, 0.15, seed=4)
    per_site = lycees.observations["site"].value_counts()
    assert sample["site"].value_counts().to_dict() == {s: round(0.15 * n) for s, n in per_site.items()}
    assert sample["id"].tolist() == coding_sample(lycees.observations, 0.15, seed=4)["id"].tolist()
    with pytest.raises(ParameterError, match="part entre 0 et 1"):
        coding_sample(lycees.observations, 1.5)


def _fill(path, choose):
    workbook = load_workbook(path)
    sheet = workbook["codage"]
    header = [c.value for c in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        for tag in choose(sheet.cell(row, 1).value):
            sheet.cell(row, header.index(tag) + 1).value = "x"
    workbook.save(path)


def test_blind_workbooks_then_import_then_agreement_cli(tmp_path, capsys):
    folder = tmp_path / "prog"
    shutil.copytree(LYCEES, folder)
    (folder / "double_codage.csv").unlink(missing_ok=True)
    assert main(["coding-sample", str(folder), "--share", "0.1", "--coders", "A,B", "--seed", "2"]) == 0
    first, second = folder / "codage" / "codage-a.xlsx", folder / "codage" / "codage-b.xlsx"
    sheet = load_workbook(first)["codage"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Identifiant", "Site", "Texte", "Codeur"] and "accueil" in header
    assert sheet.data_validations.dataValidation[0].formula1 == '"x"'
    prog = load_programme(folder)
    own_tags = dict(zip(prog.observations["id"], prog.observations["tags"]))
    texts = {sheet.cell(r, 1).value: sheet.cell(r, 3).value for r in range(2, sheet.max_row + 1)}
    assert all(texts[i] == prog.observations.set_index("id").at[i, "text"] for i in texts)  # texts only, no tags
    assert not any(sheet.cell(r, c).value for r in range(2, sheet.max_row + 1) for c in range(5, len(header) + 1))
    _fill(first, lambda obs: own_tags[obs] or ["(aucune étiquette)"])
    _fill(second, lambda obs: own_tags[obs][:1] or ["(aucune étiquette)"])
    for path in (first, second):
        assert main(["import", "codage", str(path), "--into", str(folder)]) == 0
    prog = load_programme(folder)
    assert len(prog.double_coding) == 2 * len(texts)
    assert set(prog.double_coding["coder"]) == {"A", "B"}
    capsys.readouterr()
    assert main(["agreement", str(folder), "--format", "csv", "--boot", "200"]) == 0
    csv = capsys.readouterr().out
    assert csv.splitlines()[0].startswith("site,tag,alpha,ci_low,ci_high,n_units")
    # importing the same workbook again adds nothing
    _, report = import_file("codage", first, folder)
    assert report.tally["double_coding"]["present"] == len(texts)
    assert main(["coding-sample", str(folder), "--coders", "A,B"]) == 1  # never overwrites a coder's workbook


def test_bad_mark_is_a_located_error(tmp_path):
    folder = tmp_path / "prog"
    shutil.copytree(LYCEES, folder)
    (folder / "double_codage.csv").unlink(missing_ok=True)
    assert main(["coding-sample", str(folder), "--share", "0.05", "--coders", "A,B"]) == 0
    path = folder / "codage" / "codage-a.xlsx"
    workbook = load_workbook(path)
    workbook["codage"].cell(3, 5).value = "peut-être"
    workbook.save(path)
    with pytest.raises(FileFormatError, match="mettez « x » ou laissez vide") as info:
        read_coding_workbook(path)
    assert info.value.row == 3
