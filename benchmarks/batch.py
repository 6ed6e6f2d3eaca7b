"""Benchmark: the example programme's full HTML report set, the naive way vs ``transfo-lab report``.

Naive way (what a user would script): for each report, the ``papermill`` command, then the
``jupyter nbconvert --to html`` command, one after the other. Kit way: ``transfo-lab report
--formats html --force`` (process pool, in-process export). Prints both wall times, the
ratio, and the per-report overhead beyond a kernel start.

    .venv/bin/python benchmarks/batch.py [--programme DIR] [--workers N] [--limit N]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def kernel_start_seconds(repeat: int = 3) -> float:
    """Median time to start a python3 kernel, run nothing, and stop it."""
    from jupyter_client.manager import start_new_kernel

    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        km, kc = start_new_kernel(kernel_name="python3")
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


def naive(jobs, work: Path) -> float:
    t0 = time.perf_counter()
    for job in jobs:
        out = work / job.key.replace("/", "__")
        out.mkdir(parents=True, exist_ok=True)
        executed = out / f"{job.phase}.ipynb"
        command = [str(BIN / "papermill"), job.notebook, str(executed), "--cwd", str(Path(job.notebook).parent),
                   "-k", "python3", "--no-progress-bar"]
        for key, value in job.parameters:
            command += ["-p", key, "None" if value is None else str(value)] if not isinstance(value, bool) else \
                ["-y", f"{key}: {str(value).lower()}"]
        subprocess.run(command, check=False, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                       check=False, capture_output=True)
    return time.perf_counter() - t0


def kit(programme: Path, out: Path, workers: int | None) -> float:
    t0 = time.perf_counter()
    command = [str(BIN / "transfo-lab"), "report", str(programme), "--out", str(out), "--formats", "html", "--force"]
    if workers:
        command += ["--workers", str(workers)]
    subprocess.run(command, check=False, capture_output=True)
    return time.perf_counter() - t0


def main() -> None:
    from transfo_lab.batch import discover_notebooks, plan_jobs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programme", default=str(ROOT / "data" / "examples" / "pret-a-deployer-lycees"))
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    programme = Path(args.programme)
    with tempfile.TemporaryDirectory(prefix="transfo-bench-") as tmp:
        tmp = Path(tmp)
        jobs = plan_jobs(programme, tmp / "kit", notebooks=discover_notebooks(), formats=("html",))
        n = len(jobs)
        print(f"Programme : {programme.name} — {n} rapports HTML, {os.cpu_count()} cœurs")
        start = kernel_start_seconds()
        print(f"Démarrage d'un noyau (médiane)      : {start:6.2f} s")
        t_naive = naive(jobs, tmp / "naive")
        print(f"Naïf (papermill + nbconvert, CLI)   : {t_naive:6.1f} s  ({t_naive / n:5.2f} s/rapport, "
              f"surcoût hors noyau {t_naive / n - start:5.2f} s/rapport)")
        t_kit = kit(programme, tmp / "kit", args.workers)
        print(f"transfo-lab report                  : {t_kit:6.1f} s  ({t_kit / n:5.2f} s/rapport, "
              f"surcoût hors noyau {t_kit / n - start:5.2f} s/rapport)")
        print(f"Accélération                         : x{t_naive / t_kit:4.2f} (objectif : x2,5)")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
