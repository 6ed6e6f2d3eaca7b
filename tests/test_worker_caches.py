"""What a warm worker keeps between reports (transfo_lab.reports.workers.install_caches): same results, paid once.

The caches patch the kit's modules for the life of a worker process, so each test runs in its own
Python process.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

from conftest import LYCEES, ROOT

_SCRIPT = r"""
import json, sys, warnings
from pathlib import Path

import pandas as pd

from transfo_lab.contract import privacy
from transfo_lab.contract.programme import load_programme
from transfo_lab.reports import workers

folder, out, key_file = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
calls = []
original = privacy.report_pseudonymiser
privacy.report_pseudonymiser = lambda *a, **k: calls.append(1) or original(*a, **k)
warnings.simplefilter("ignore")

def made(**kwargs):
    before = len(calls)
    prog = privacy.pseudonymise_programme(load_programme(folder), key_file=key_file, reports_dir=out, **kwargs)
    return prog, len(calls) - before

reference, _ = made()  # before the caches: what a report made
reference_key = key_file.read_bytes()
workers.install_caches()
results = {}
first, results["first_computed"] = made()
second, results["second_computed"] = made()
results["same_tables"] = all(first.tables[name].equals(reference.tables[name]) for name in reference.tables)
results["same_participants"] = first.config.participants == reference.config.participants
results["key_unchanged"] = key_file.read_bytes() == reference_key
second.tables["observations"].loc[:, "text"] = "changé"  # a report changing its copy…
third, results["third_computed"] = made()
results["copy_isolated"] = third.tables["observations"]["text"].equals(reference.tables["observations"]["text"])
results["text"] = str(third.tables["observations"]["text"].iloc[0])
_, results["english_computed"] = made(lang="en")  # other arguments: made again
key_file.unlink()  # the key removed: made again, and written back
_, results["no_key_computed"] = made()
results["key_rewritten"] = key_file.read_bytes() == reference_key
observations = folder / "observations.csv"
observations.write_text(observations.read_text(encoding="utf-8").replace("La loge d'accueil", "Écrire à zoe.fabre@example.org : la loge", 1), encoding="utf-8")
changed, results["changed_computed"] = made()  # the data changed: made again
texts = changed.tables["observations"]["text"]
results["new_text_seen"] = texts.str.contains(": la loge", regex=False).any()
results["new_mail_hidden"] = not texts.str.contains("zoe.fabre", regex=False).any()
results["off_is_plain"] = privacy.pseudonymise_programme(load_programme(folder), enabled=False).pseudonymised is False
print(json.dumps({k: (v if isinstance(v, (int, str)) else bool(v)) for k, v in results.items()}))
"""


def test_a_worker_pseudonymises_a_programme_once_and_gives_each_report_the_same_result(tmp_path):
    folder = tmp_path / "programme"
    shutil.copytree(LYCEES, folder)
    out, key = tmp_path / "out", tmp_path / "keys" / "key.csv"
    out.mkdir()
    key.parent.mkdir()
    run = subprocess.run([sys.executable, "-c", _SCRIPT, str(folder), str(out), str(key)], capture_output=True,
                         text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(run.stdout.strip().splitlines()[-1])
    assert results["first_computed"] == 1  # the first report of a worker pays it…
    assert results["second_computed"] == 0 and results["third_computed"] == 0  # …the next ones do not
    assert results["same_tables"] and results["same_participants"] and results["key_unchanged"]
    assert results["copy_isolated"] and results["text"] != "changé"
    assert results["english_computed"] == 1
    assert results["no_key_computed"] == 1 and results["key_rewritten"]
    assert results["changed_computed"] == 1 and results["new_text_seen"] and results["new_mail_hidden"]
    assert results["off_is_plain"]


_CHART = r"""
import base64, json, struct, sys
import nbformat
from transfo_lab.reports import workers

path = sys.argv[1]
nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    "from transfo_lab.base.plotting import open_axes\n"
    "ax = open_axes(None, title='Un titre', height=3.0)\n"
    "ax.barh(['Une étiquette assez longue pour pousser le graphique', 'b'], [3, 5])\n"
    "ax.set_xlabel('Nombre de notes')"),
    nbformat.v4.new_code_cell(  # a user's own chart, without constrained layout: its long label sticks out
    "import matplotlib.pyplot as plt\n"
    "fig, ax = plt.subplots(figsize=(6.5, 3.0))\n"
    "ax.barh(['Une étiquette assez longue pour pousser le graphique', 'b'], [3, 5])")]), path)
nb = workers.execute_notebook(path, {})
sizes = []
for cell in nb.cells[-2:]:
    png = base64.b64decode(next(o["data"]["image/png"] for o in cell.outputs if "image/png" in o.get("data", {})))
    sizes.append(struct.unpack(">II", png[16:24]))
print(json.dumps(sizes))
"""


def test_a_report_chart_is_the_figure_at_its_printed_size(tmp_path):
    """The kit's charts are laid out at their printed size (6.5 in wide, 100 dpi): the image is not cropped again.

    A figure without constrained layout is still cropped "tight", so that a label sticking out is kept.
    """
    run = subprocess.run([sys.executable, "-c", _CHART, str(tmp_path / "chart.ipynb")], capture_output=True, text=True,
                         cwd=tmp_path, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    kit, own = json.loads(run.stdout.strip().splitlines()[-1])
    assert kit == [650, 300]
    assert own[0] > 650  # the long label, left of the figure's frame, is in the image
