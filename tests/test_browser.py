"""In a real browser: JupyterLab + headless Chromium, the tagging widget of a training notebook.

The test starts JupyterLab from the venv on 127.0.0.1 (random free port, random token, every
Jupyter folder inside the test's tmp folder), opens a training notebook in Debian's Chromium
driven by Playwright, runs all its cells, ticks a tag in the tagging widget, clicks
« Enregistrer », and checks the participant's copy on disk. A screenshot is left in the
test's output folder (``<tmp_path>/browser/``). The server and its kernels are always stopped.
"""
from __future__ import annotations

import os
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


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on a tmp root holding the notebook and the participant's copy; yields (url, token, root)."""
    root = tmp_path / "lab"
    root.mkdir()
    workdir = root / "copie"
    shutil.copytree(MINI, workdir)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = f"workdir = {str(workdir)!r}"
    nbformat.write(nb, root / NOTEBOOK.name)
    port, token = free_port(), secrets.token_hex(16)
    jupyter_home = tmp_path / "jupyter"
    env = os.environ | {
        "JUPYTER_CONFIG_DIR": str(jupyter_home / "config"), "JUPYTER_RUNTIME_DIR": str(jupyter_home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(jupyter_home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(jupyter_home / "workspaces"),
        "IPYTHONDIR": str(jupyter_home / "ipython"), "MPLBACKEND": "Agg",
    }
    log = tmp_path / "jupyter.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(JUPYTER), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
             "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
             "--ServerApp.terminals_enabled=False", "--LabApp.expose_app_in_browser=True",
             "--LabApp.extension_manager=readonly", "--LabApp.news_url=",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
            + (["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=root, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_server(f"{base}/api/status?token={token}", proc, log)
        yield base, token, root
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def test_tagging_widget_in_jupyterlab_saves_a_tag_to_the_copy(lab, tmp_path):
    base, token, root = lab
    shots = tmp_path / "browser"
    shots.mkdir()
    observations = root / "copie" / "observations.csv"
    assert "Le portail ferme à 18 h;accueil\n" in observations.read_text(encoding="utf-8")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(CELL_TIMEOUT_MS)
            try:
                page.goto(f"{base}/lab/tree/{NOTEBOOK.name}?token={token}", wait_until="domcontentloaded")
                page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                                       "&& window.jupyterapp.shell.currentWidget.sessionContext "
                                       "&& window.jupyterapp.shell.currentWidget.sessionContext.session "
                                       "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel "
                                       "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
                                       ".connectionStatus === 'connected'")
                page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
                widget = page.locator(".transfo-tagging")
                widget.wait_for(state="visible")
                playwright_api.expect(widget).to_contain_text("Observation 1 sur 4")
                box = widget.get_by_role("checkbox", name="cantine", exact=True)
                playwright_api.expect(box).not_to_be_checked()
                box.click()
                playwright_api.expect(box).to_be_checked()
                widget.get_by_role("button", name="Enregistrer").click()
                playwright_api.expect(widget).to_contain_text("Enregistré dans observations.csv")
                page.screenshot(path=str(shots / "tagging-widget.png"), full_page=True)
            except Exception:
                page.screenshot(path=str(shots / "failure.png"), full_page=True)
                raise
        finally:
            browser.close()
    assert "Le portail ferme à 18 h;accueil, cantine\n" in observations.read_text(encoding="utf-8")
    assert (shots / "tagging-widget.png").stat().st_size > 0
    assert len(list((root / "copie" / ".backups").iterdir())) == 1
