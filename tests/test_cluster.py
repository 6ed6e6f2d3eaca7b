"""The main job on a real (local) Dask cluster, and workers killed in the middle of a job.

- A worker that does not see the client's disk (its own mount namespace, where the folder
  holding the programme, the notebooks and the output folder is covered by an empty tmpfs)
  runs the reports: the jobs carry their inputs, the outputs come back as bytes.
- A worker killed while a report runs: the report is retried once elsewhere (Dask), or on a
  fresh warm worker (local pool); the other reports complete; the state file never records an
  unfinished report as done.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import nbformat
import pytest

from conftest import ROOT
from transfo_lab.reports.batch import plan_jobs, run_batch

FIXTURES = ROOT / "tests" / "data" / "notebooks"
MINI = ROOT / "tests" / "data" / "mini"
pytest.importorskip("distributed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(home) -> dict:
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
                TRANSFO_LAB_HOME=str(home), DASK_DISTRIBUTED__WORKER__DAEMON="False")


def _start(command, env, log):
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@pytest.fixture
def scheduler(tmp_path):
    port = _free_port()
    log = open(tmp_path / "scheduler.log", "wb")
    process = _start([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
                      str(port), "--no-dashboard"], _env(tmp_path / "home-s"), log)
    address = f"tcp://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    yield address
    _stop(process)
    log.close()


def _worker(address, tmp_path, name, *, hide=None):
    command = [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1", "--no-nanny",
               "--no-dashboard", "--name", name, "--host", "127.0.0.1"]
    if hide is not None:  # its own mount namespace, the client's folder covered by an empty tmpfs
        command = ["unshare", "-m", "--propagation", "private", "sh", "-c",
                   f'mount -t tmpfs tmpfs "{hide}" && exec "$@"', "sh", *command]
    log = open(tmp_path / f"{name}.log", "wb")
    return _start(command, _env(tmp_path / f"home-{name}"), log)


def _wait_workers(client, n, timeout=90):
    client.wait_for_workers(n, timeout=timeout)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"), reason="needs root and unshare (CI)")
def test_worker_without_the_client_disk_runs_a_site_report(tmp_path, scheduler):
    from dask.distributed import Client

    shared = tmp_path / "shared"  # what the worker cannot see
    programme = shutil.copytree(MINI, shared / "programme")
    notebooks = shared / "notebooks"
    notebooks.mkdir()
    shutil.copy(FIXTURES / "01_counts.ipynb", notebooks)
    out = shared / "out"
    worker = _worker(scheduler, tmp_path, "isolated", hide=shared)
    try:
        with Client(scheduler, timeout=60) as client:
            _wait_workers(client, 1)
            seen = client.run(lambda: os.path.exists(str(programme / "programme.yaml")))
            assert list(seen.values()) == [False]  # the worker really does not see the client's files
            jobs = plan_jobs(programme, out, notebooks=[notebooks / "01_counts.ipynb"], sites=["site-a"],
                             formats=("html", "md"))
            results = run_batch(jobs, out, scheduler=client, progress=False)
    finally:
        _stop(worker)
    assert {r.key: r.status for r in results} == {"programme/01_counts": "ok", "site-a/01_counts": "ok"}, \
        [r.error for r in results]
    page = (out / "sites" / "site-a" / "01_counts.html").read_text(encoding="utf-8")
    assert "Comptages de terrain" in page and "data:image/png;base64," in page
    for result in results:
        for path in result.outputs.values():
            assert str(path).startswith(str(out)) and os.path.exists(path)
    markdown = (out / "programme" / "01_counts.md").read_text(encoding="utf-8")
    image = markdown.split("![png](")[1].split(")")[0]
    assert (out / "programme" / image).is_file()
    assert not list(out.rglob(".*.tmp"))


def _slow_notebook(folder, marker):
    """A notebook whose site-b report, the first time, writes its process's parent (the worker) and sleeps."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('programme_dir = "."\nsite = None\nlang = "fr"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Lent\n\n## Une section"), params, nbformat.v4.new_code_cell(
        "import os, time\n"
        f"marker = {str(marker)!r}\n"
        "if site == 'site-b' and not os.path.exists(marker):\n"
        "    with open(marker + '.tmp', 'w') as f:\n"
        "        f.write(str(os.getppid()))\n"
        "    os.replace(marker + '.tmp', marker)\n"
        "    time.sleep(120)\n"
        "print('fini', site)")]
    path = folder / "01_slow.ipynb"
    nbformat.write(nb, path)
    return path


def _wait_for(path, timeout=120):
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.1)
    return int(path.read_text())


def _check_state(out, results):
    state = json.loads((out / ".transfo-lab-state.json").read_text(encoding="utf-8"))
    for result in results:
        entry = state[result.key]
        assert entry["status"] == result.status
        assert (entry["hash"] is not None) == (result.status == "ok")


def test_dask_worker_killed_during_a_job(tmp_path, scheduler):
    import psutil
    from dask.distributed import Client

    programme = shutil.copytree(MINI, tmp_path / "programme")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    marker = tmp_path / "worker.pid"
    notebook = _slow_notebook(notebooks, marker)
    out = tmp_path / "out"
    workers = [_worker(scheduler, tmp_path, f"w{i}") for i in range(2)]
    try:
        with Client(scheduler, timeout=60) as client:
            _wait_workers(client, 2)
            jobs = plan_jobs(programme, out, notebooks=[notebook], formats=("html",))
            box = {}
            thread = threading.Thread(target=lambda: box.update(r=run_batch(jobs, out, scheduler=client,
                                                                             progress=False)))
            thread.start()
            warm_worker = _wait_for(marker)  # the warm worker process forked for the report
            dask_worker = psutil.Process(warm_worker).ppid()
            # the state must not say the slow report is done while it runs
            state_file = out / ".transfo-lab-state.json"
            if state_file.exists():
                assert json.loads(state_file.read_text()).get("site-b/01_slow", {}).get("status") != "ok"
            os.kill(dask_worker, signal.SIGKILL)
            thread.join(240)
            assert not thread.is_alive()
    finally:
        for worker in workers:
            _stop(worker)
    results = box["r"]
    statuses = {r.key: r.status for r in results}
    assert statuses["programme/01_slow"] == "ok" and statuses["site-a/01_slow"] == "ok"
    # retried once on the other worker (the marker now exists: the second run is quick), or reported failed
    assert statuses["site-b/01_slow"] in ("ok", "failed")
    if statuses["site-b/01_slow"] == "ok":
        assert "fini site-b" in (out / "sites" / "site-b" / "01_slow.html").read_text(encoding="utf-8")
    _check_state(out, results)


def test_local_warm_worker_killed_during_a_job_is_replaced_and_the_job_retried(tmp_path):
    programme = shutil.copytree(MINI, tmp_path / "programme")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    marker = tmp_path / "worker.pid"
    notebook = _slow_notebook(notebooks, marker)
    out = tmp_path / "out"
    jobs = plan_jobs(programme, out, notebooks=[notebook], formats=("html",))
    box = {}
    thread = threading.Thread(target=lambda: box.update(r=run_batch(jobs, out, workers=2, progress=False)))
    thread.start()
    os.kill(_wait_for(marker), signal.SIGKILL)  # the warm worker itself, while its child runs site-b
    thread.join(240)
    assert not thread.is_alive()
    results = box["r"]
    assert {r.key: r.status for r in results} == {"programme/01_slow": "ok", "site-a/01_slow": "ok",
                                                  "site-b/01_slow": "ok"}
    assert "fini site-b" in (out / "sites" / "site-b" / "01_slow.html").read_text(encoding="utf-8")
    _check_state(out, results)


def test_a_report_that_hangs_is_stopped_and_only_it_fails(tmp_path):
    programme = shutil.copytree(MINI, tmp_path / "programme")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    notebook = _slow_notebook(notebooks, tmp_path / "worker.pid")
    out = tmp_path / "out"
    jobs = plan_jobs(programme, out, notebooks=[notebook], formats=("html",))
    results = run_batch(jobs, out, workers=2, progress=False, timeout=8)
    statuses = {r.key: r.status for r in results}
    assert statuses == {"programme/01_slow": "ok", "site-a/01_slow": "ok", "site-b/01_slow": "failed"}
    assert "délai dépassé" in next(r.error for r in results if r.status == "failed")
    _check_state(out, results)


def test_reports_do_not_share_state(tmp_path):
    """Two reports run by the same warm worker: the second never sees the first's variables or charts."""
    programme = shutil.copytree(MINI, tmp_path / "programme")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('programme_dir = "."\nsite = None\nlang = "fr"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Isolement"), params, nbformat.v4.new_code_cell(
        "import matplotlib.pyplot as plt\n"
        "print('vu', 'leftover' in globals(), len(plt.get_fignums()), plt.rcParams['lines.linewidth'])\n"
        "leftover = site\n"
        "plt.rcParams['lines.linewidth'] = 9\n"
        "fig = plt.figure()")]
    nbformat.write(nb, notebooks / "01_iso.ipynb")
    out = tmp_path / "out"
    jobs = plan_jobs(programme, out, notebooks=[notebooks / "01_iso.ipynb"], formats=("html",))
    results = run_batch(jobs, out, workers=1, progress=False)
    assert all(r.status == "ok" for r in results), [r.error for r in results]
    for result in results:
        page = open(result.outputs["html"], encoding="utf-8").read()
        assert "vu False 0 1.5" in page
