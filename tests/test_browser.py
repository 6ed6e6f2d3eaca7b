"""In a real browser: JupyterLab (as ``make lab`` opens it) and the restitution mode, in headless Chromium.

Each test starts JupyterLab from the venv on 127.0.0.1 (random free port, random token, every
Jupyter folder and the home folder inside the test's tmp folder) with the kit's options
(:func:`transfo_lab.training.jupyterlab.lab_options`: French, no news), opens a notebook in Debian's Chromium
driven by Playwright and runs all its cells:

* a training notebook: tick a tag in the tagging widget, « Enregistrer », check the copy on disk;
* the same notebook coded with the keyboard and « Prochaine note non codée »;
* a phase notebook: the menus are French, only the parameters cell shows its code, no table
  has an index column or ``None``.

Another test serves the evaluation notebook with ``transfo-lab present`` (Voilà) and checks
that the page has no code. Screenshots are left in the test's output folder
(``<tmp_path>/browser/``). Servers and kernels are always stopped.
"""
from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "training" / "02_coder_les_observations.ipynb"
PHASE_NOTEBOOK = ROOT / "notebooks" / "03_ideation.ipynb"
EVALUATION = ROOT / "notebooks" / "05_evaluation.ipynb"
LYCEES = ROOT / "data" / "examples" / "pret-a-deployer-lycees"
MINI = Path(__file__).parent / "data" / "training"
CHROMIUM = Path("/usr/bin/chromium")
JUPYTER = Path(sys.executable).parent / "jupyter"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage"]
SERVER_TIMEOUT = 60
CELL_TIMEOUT_MS = 90_000

# `make test` installs all of these (playwright in the test extra, Chromium from Debian, JupyterLab in
# the lab extra): a missing one is a broken set-up, reported as a failure rather than skipped.
import playwright.sync_api as playwright_api  # noqa: E402

assert CHROMIUM.is_file(), "Chromium absent: `make test` installs it (sudo apt-get install chromium)"
assert shutil.which("jupyter-lab", path=str(JUPYTER.parent)), "JupyterLab absent from the venv (pip install -e '.[lab]')"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_server(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"JupyterLab stopped at start-up:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer within {SERVER_TIMEOUT} s:\n{log.read_text(errors='replace')[-3000:]}")


def _environment(tmp_path: Path) -> dict:
    jupyter_home = tmp_path / "jupyter"
    (tmp_path / "home").mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the kernels draw inline, as for a user
    return env | {
        "JUPYTER_CONFIG_DIR": str(jupyter_home / "config"), "JUPYTER_RUNTIME_DIR": str(jupyter_home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(jupyter_home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(jupyter_home / "workspaces"),
        "IPYTHONDIR": str(jupyter_home / "ipython"),
        "HOME": str(tmp_path / "home"),  # the pseudonymisation key of a phase notebook goes there
    }


def _stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def _with_parameters(source: Path, dest: Path, parameters: str) -> None:
    nb = nbformat.read(source, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = parameters
    nbformat.write(nb, dest)


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on a tmp root holding the notebooks and the participant's copy; yields (url, token, root)."""
    from transfo_lab.training.jupyterlab import lab_options

    root = tmp_path / "lab"
    root.mkdir()
    workdir = root / "copie"
    shutil.copytree(MINI, workdir)
    _with_parameters(NOTEBOOK, root / NOTEBOOK.name, f"workdir = {str(workdir)!r}")
    _with_parameters(PHASE_NOTEBOOK, root / PHASE_NOTEBOOK.name,
                     f'programme_dir = {str(LYCEES)!r}\nsite = None\nlang = "fr"\npseudonymise = True\n'
                     f"key_file = {str(tmp_path / 'cle.csv')!r}\nreports_dir = None")
    port, token = free_port(), secrets.token_hex(16)
    log = tmp_path / "jupyter.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(JUPYTER), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
             "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
             "--ServerApp.terminals_enabled=False", "--LabApp.expose_app_in_browser=True",
             "--LabApp.extension_manager=readonly", *lab_options()]
            + (["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
            stdout=out, stderr=subprocess.STDOUT, env=_environment(tmp_path), cwd=root, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_server(f"{base}/api/status?token={token}", proc, log)
        yield base, token, root
    finally:
        _stop(proc)


@contextlib.contextmanager
def _browser():
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(CELL_TIMEOUT_MS)
            yield page
        finally:
            browser.close()


_KERNEL_READY = ("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                 "&& window.jupyterapp.shell.currentWidget.sessionContext "
                 "&& window.jupyterapp.shell.currentWidget.sessionContext.session "
                 "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel "
                 "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
                 ".connectionStatus === 'connected'")
#: Every code cell of the notebook shown has run and the kernel is idle.
_ALL_RUN = ("() => { const w = window.jupyterapp.shell.currentWidget; "
            "return w.sessionContext.session.kernel.status === 'idle' && w.content.widgets.every("
            "c => c.model.type !== 'code' || c.model.executionCount); }")
#: Per cell: its type, tags, whether JupyterLab hides its code, and its outputs.
_CELLS = ("() => window.jupyterapp.shell.currentWidget.content.widgets.map(c => ({type: c.model.type, "
          "tags: c.model.getMetadata('tags') || [], inputHidden: c.inputHidden, "
          "outputs: c.model.type === 'code' ? c.model.outputs.toJSON() : []}))")


def _open_and_run(page, base: str, token: str, name: str, *, wait_all: bool = False) -> None:
    page.goto(f"{base}/lab/tree/{name}?token={token}", wait_until="domcontentloaded")
    page.wait_for_function(_KERNEL_READY)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    if wait_all:
        page.wait_for_function(_ALL_RUN, polling=500)


@contextlib.contextmanager
def _shots(page, folder: Path):
    """Leave a screenshot of the failure in ``folder`` if the block fails."""
    folder.mkdir(exist_ok=True)
    try:
        yield folder
    except Exception:
        page.screenshot(path=str(folder / "failure.png"), full_page=True)
        raise


def test_tagging_widget_in_jupyterlab_saves_a_tag_to_the_copy(lab, tmp_path):
    base, token, root = lab
    observations = root / "copie" / "observations.csv"
    assert "Le portail ferme à 18 h;accueil\n" in observations.read_text(encoding="utf-8")
    with _browser() as page, _shots(page, tmp_path / "browser") as shots:
        _open_and_run(page, base, token, NOTEBOOK.name)
        widget = page.locator(".transfo-tagging")
        widget.wait_for(state="visible")
        playwright_api.expect(widget).to_contain_text("Observation 1 sur 4")
        box = widget.get_by_role("checkbox", name="2. cantine", exact=True)
        playwright_api.expect(box).not_to_be_checked()
        box.click()
        playwright_api.expect(box).to_be_checked()
        widget.get_by_role("button", name="Enregistrer").click()
        playwright_api.expect(widget).to_contain_text("Enregistré dans observations.csv")
        widget.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "tagging-widget.png"))
    assert "Le portail ferme à 18 h;accueil, cantine\n" in observations.read_text(encoding="utf-8")
    assert (shots / "tagging-widget.png").stat().st_size > 0
    assert len(list((root / "copie" / ".backups").iterdir())) == 1


def test_three_notes_coded_with_the_keyboard_and_next_uncoded(lab, tmp_path):
    base, token, root = lab
    observations = root / "copie" / "observations.csv"
    text = observations.read_text(encoding="utf-8")
    for line in ("bruyante;cantine", "le soir;isolement", "à l'accueil;accueil"):  # O2, O3, O4 left uncoded
        text = text.replace(line, line.split(";")[0] + ";")
    observations.write_text(text, encoding="utf-8")
    with _browser() as page, _shots(page, tmp_path / "browser") as shots:
        _open_and_run(page, base, token, NOTEBOOK.name)
        widget = page.locator(".transfo-tagging")
        widget.wait_for(state="visible")
        playwright_api.expect(widget).to_contain_text("3 non codée(s)")
        widget.get_by_role("button", name="Prochaine note non codée").click()
        playwright_api.expect(widget).to_contain_text("Observation 2 sur 4")
        keys = widget.locator("input[type='text']")
        for typed, ticked, after in (("2", "2. cantine", "Observation 3 sur 4"),
                                     ("i", "3. isolement", "Observation 4 sur 4"),
                                     ("1", "1. accueil", None)):
            keys.fill(typed)
            keys.press("Enter")
            playwright_api.expect(widget.get_by_role("checkbox", name=ticked, exact=True)).to_be_checked()
            playwright_api.expect(keys).to_have_value("")
            keys.fill("+")  # the next uncoded note, from the keyboard too
            keys.press("Enter")
            if after:
                playwright_api.expect(widget).to_contain_text(after)
        playwright_api.expect(widget).to_contain_text("Toutes les notes affichées sont codées")
        playwright_api.expect(widget).to_contain_text("0 non codée(s)")
        widget.get_by_role("button", name="Enregistrer").click()
        playwright_api.expect(widget).to_contain_text("Enregistré dans observations.csv")
        widget.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "tagging-keyboard.png"))
    saved = observations.read_text(encoding="utf-8")
    assert "La cantine est bruyante;cantine\n" in saved
    assert "Élèves seuls à l'internat le soir;isolement\n" in saved
    assert "On attend longtemps à l'accueil;accueil\n" in saved


def test_a_phase_notebook_reads_as_a_french_document(lab, tmp_path):
    base, token, root = lab
    with _browser() as page, _shots(page, tmp_path / "browser") as shots:
        _open_and_run(page, base, token, PHASE_NOTEBOOK.name, wait_all=True)
        menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert {"Fichier", "Édition", "Affichage", "Exécution", "Noyau", "Aide"} <= set(menus), menus
        assert not {"File", "Edit", "View", "Run", "Kernel", "Help"} & set(menus), menus
        assert not page.get_by_text("official Jupyter news").count()
        cells = page.evaluate(_CELLS)
        code = [c for c in cells if c["type"] == "code"]
        shown = [c for c in code if not c["inputHidden"]]
        assert [c["tags"] for c in shown] == [["parameters"]], "only the parameters cell shows its code"
        tables = ["".join(o["data"]["text/html"]) for c in code for o in c["outputs"]
                  if "text/html" in o.get("data", {}) and "<table" in "".join(o["data"]["text/html"])]
        assert len(tables) >= 3
        for html in tables:
            assert "row_heading" not in html and "index_name" not in html and 'class="blank' not in html
            assert not re.search(r">\s*(None|NaN|nan|&lt;NA&gt;)\s*<", html), html[:500]
            assert "rows ×" not in html and "lignes ×" not in html
        charts = [o for c in code for o in c["outputs"] if "image/png" in o.get("data", {})]
        assert len(charts) >= 3, "every chart of the notebook is shown"
        errors = [o for c in code for o in c["outputs"] if o.get("output_type") == "error"]
        assert not errors, errors[0].get("ename") if errors else None
        # in the page itself: the editors shown are the parameters cell's only
        page.locator(".jp-Notebook").first.evaluate("n => n.scrollTop = 0")
        assert page.locator(".jp-CodeCell .jp-InputArea-editor:visible").count() == 1
        assert not page.locator(".jp-OutputArea-output table th.row_heading:visible").count()
        page.screenshot(path=str(shots / "phase-notebook.png"))
        page.locator(".jp-OutputArea-output table").first.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "phase-notebook-table.png"))
    assert (shots / "phase-notebook.png").stat().st_size > 0


def test_present_serves_the_evaluation_notebook_without_code(tmp_path):
    port = free_port()
    log = tmp_path / "voila.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "transfo_lab.cli", "present", str(EVALUATION), "--programme", str(LYCEES),
             "--site", "lycee-rural", "--port", str(port), "--no-browser"],
            stdout=out, stderr=subprocess.STDOUT, env=_environment(tmp_path), cwd=tmp_path, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for_page(base, proc, log)
        with _browser() as page, _shots(page, tmp_path / "browser") as shots:
            page.goto(f"{base}/", wait_until="load", timeout=CELL_TIMEOUT_MS)
            page.get_by_role("heading", name="La recommandation pour chaque site").wait_for(state="visible")
            page.wait_for_function("() => !document.querySelector('#loading')"
                                   " || getComputedStyle(document.querySelector('#loading')).display === 'none'")
            body = page.locator("body").inner_text()
            assert "Lycée polyvalent des Brandes" in body
            for code in ("import ", "display(", "programme_dir", "show_table(", "Traceback"):
                assert code not in body, f"« {code} » on the restitution page"
            assert not page.locator(".jp-InputArea-editor, .cm-editor, .jp-InputPrompt:visible").count()
            assert page.locator("table").count() >= 2 and page.locator("img").count() >= 1
            page.screenshot(path=str(shots / "present-evaluation.png"))
    finally:
        _stop(proc)
    assert "Restitution de 05_evaluation.ipynb" in log.read_text(errors="replace")


def test_present_keeps_the_widgets_live(tmp_path):
    copy = tmp_path / "copie"
    shutil.copytree(MINI, copy)
    port = free_port()
    log = tmp_path / "voila.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "transfo_lab.cli", "present", str(ROOT / "notebooks" / "training" / "04_grille_evaluation.ipynb"),
             "--programme", str(copy), "--port", str(port), "--no-browser"],
            stdout=out, stderr=subprocess.STDOUT, env=_environment(tmp_path), cwd=tmp_path, start_new_session=True)
    try:
        _wait_for_page(f"http://127.0.0.1:{port}", proc, log)
        with _browser() as page, _shots(page, tmp_path / "browser") as shots:
            page.goto(f"http://127.0.0.1:{port}/", wait_until="load", timeout=CELL_TIMEOUT_MS)
            grid = page.locator(".transfo-evaluation-grid")
            grid.wait_for(state="visible")
            assert "import " not in page.locator("body").inner_text()
            grid.get_by_role("combobox", name="Site").select_option(label="Lycée B")
            playwright_api.expect(grid).to_contain_text("Grille d'évaluation : Lycée B")
            grid.get_by_placeholder("note (1–5)").first.fill("4")
            grid.get_by_placeholder("note (1–5)").first.press("Tab")
            playwright_api.expect(grid).to_contain_text("4 sur 5")
            grid.get_by_role("button", name="Enregistrer").click()
            playwright_api.expect(grid).to_contain_text("Enregistré dans notes.csv")
            page.screenshot(path=str(shots / "present-grid.png"))
    finally:
        _stop(proc)
    assert "C1;lycee-b;" in (copy / "notes.csv").read_text(encoding="utf-8")


def _wait_for_page(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"transfo-lab present stopped:\n{log.read_text(errors='replace')[-3000:]}")
        if "Voil" in log.read_text(errors="replace") and "running at" in log.read_text(errors="replace"):
            return
        time.sleep(0.5)
    pytest.fail(f"Voilà did not start within {SERVER_TIMEOUT} s:\n{log.read_text(errors='replace')[-3000:]}")
