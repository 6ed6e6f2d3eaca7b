"""The warm workers of the main job (transfo_lab.reports.workers): isolation, crashes, the parent's death."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from conftest import ROOT
from transfo_lab.reports.workers import WarmPool


def _crash(arg):
    item, _ = arg
    if item == "crash":
        os._exit(3)
    if item == "segv":
        os.kill(os.getpid(), 11)
    return f"ok {item}"


def test_a_report_process_that_dies_fails_alone(monkeypatch):
    # the worker must import this module to find _crash
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")]))
    with WarmPool(1) as pool:
        answers = dict(pool.map_unordered(_crash, ["a", "crash", "segv", "b"], timeout=60))
    assert answers["a"] == "ok a" and answers["b"] == "ok b"
    assert "s'est arrêté brutalement (code 3)" in answers["crash"].message
    assert "signal 11" in answers["segv"].message


def _thread_settings(arg):
    from threadpoolctl import threadpool_info

    return os.environ.get("OMP_NUM_THREADS"), sorted({pool["num_threads"] for pool in threadpool_info()})


def test_workers_limit_numerical_threads_to_their_share_of_the_cores(monkeypatch):
    """One report per core already: numpy's and scikit-learn's thread pools get the worker's share of the cores."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")]))
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    share = max(1, len(os.sched_getaffinity(0)) // 2)
    with WarmPool(2) as pool:
        answers = [answer for _, answer in pool.map_unordered(_thread_settings, ["a", "b"], timeout=120)]
    assert answers == [(str(share), [share])] * 2
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # what the user set is kept
    with WarmPool(1) as pool:
        [(_, (omp, _threads))] = list(pool.map_unordered(_thread_settings, ["c"], timeout=120))
    assert omp == "1"


def _kmeans(arg):
    import numpy as np
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_info

    points = np.random.default_rng(0).normal(size=(2000, 5))
    labels = KMeans(3, n_init=2, random_state=0).fit_predict(points)
    return len(set(labels.tolist())), max(p["num_threads"] for p in threadpool_info() if p["user_api"] == "openmp")


def test_a_report_runs_a_parallel_kmeans_after_the_worker_warmed_up(monkeypatch):
    """The worker warms scikit-learn up before forking; a report's k-means with two OpenMP threads still ends
    (an OpenMP team inherited from the worker without its threads used to block it for ever)."""
    from transfo_lab.reports.workers import Worker

    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    worker = Worker(threads=2)
    try:
        answers = [worker.call(_kmeans, (n, None), timeout=60) for n in range(2)]
    finally:
        worker.sock.close()
        worker.close()
    assert answers == [(3, 2), (3, 2)], [getattr(a, "message", a) for a in answers]


_WORK = """
import os, time

def work(arg):
    path = arg[0]
    with open(path + ".tmp", "w") as f:
        f.write(f"{os.getppid()} {os.getpid()}")
    os.replace(path + ".tmp", path)
    time.sleep(120)
"""
_ORPHANS = """
import sys
from transfo_lab.reports.workers import WarmPool
from orphan_work import work

with WarmPool(1) as pool:
    list(pool.map_unordered(work, [sys.argv[1]]))
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return False


def test_workers_and_reports_exit_when_the_main_process_is_killed(tmp_path):
    script = tmp_path / "main.py"
    script.write_text(_ORPHANS)
    (tmp_path / "orphan_work.py").write_text(_WORK)
    pid_file = tmp_path / "pids"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(tmp_path)])}
    main = subprocess.Popen([sys.executable, str(script), str(pid_file)], env=env)
    try:
        deadline = time.monotonic() + 90
        while not pid_file.exists():
            assert time.monotonic() < deadline, "the report never started"
            time.sleep(0.1)
        worker, child = map(int, pid_file.read_text().split())
        main.kill()  # kill -9
        main.wait()
        deadline = time.monotonic() + 10
        while _alive(worker) or _alive(child):
            assert time.monotonic() < deadline, "a worker or a report outlived the main process"
            time.sleep(0.1)
    finally:
        if main.poll() is None:
            main.kill()
            main.wait()
