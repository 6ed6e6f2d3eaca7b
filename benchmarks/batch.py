"""Benchmark of the main job (issue 15): this kit vs the kit before the issue (0b087f1) vs a naive loop.

Side by side, in one run, on the same machine:

1. **full set** — every report of the example programme in HTML, PDF and Markdown, plus (this kit
   only: 0b087f1 had none) the livret and the site dossiers: ``transfo-lab report DIR --out OUT
   --force``, this kit vs the kit as it stood at commit 0b087f1 (checked out with ``git archive``
   into a temporary folder and run with the same Python, ``PYTHONPATH`` pointing to it; it printed
   its PDFs with Chromium);
2. **HTML only** — this kit (``--formats html --no-livret``) vs what a user would script: for each
   report the ``papermill`` command, then ``jupyter nbconvert --to html --no-input``, one after
   the other;
3. the **breakdown per report** of this kit (dispatch to a warm worker, set-up, the notebook's
   execution, HTML, PDF, Markdown), read from the state file the batch writes;
4. with ``--sites N``, the same full set on a programme generated with N sites (the example's
   three sites cloned), to see how the cost grows with the number of sites.

Every run prints the load average (the machine may be shared) and the peak memory of the
whole process tree (sum of the resident sizes of the batch and all its children, sampled every
0.1 s: an upper bound, since the forked reports share most of their pages with their worker).

    .venv/bin/python benchmarks/batch.py [--programme DIR] [--workers N] [--skip-reference] [--skip-naive]
                                         [--sites 50] [--reference 0b087f1]

Timings are never asserted by the tests: this script only prints them.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EXAMPLE = ROOT / "data" / "examples" / "pret-a-deployer-lycees"
CLI = "import sys; from transfo_lab.cli import main; sys.exit(main())"
CPU: list[float] = []  # CPU seconds of each run_cli (sampled process tree), in order
WAITED_CPU: list[float] = []  # the same by getrusage(RUSAGE_CHILDREN): misses processes nobody waited for
PSS: list[float] = []  # peak of the summed PSS (GiB) of each run_cli, in order


def load() -> str:
    return "charge {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def _pss(pid: int) -> int:
    """PSS of a process in bytes, from the kernel's own sum (``/proc/PID/smaps_rollup``): cheap enough to
    sample twice a second without slowing the batch (psutil's ``memory_full_info`` parses all of ``smaps``)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


class PeakMemory:
    """Peak of the summed RSS of a process and all its descendants, and their CPU time (psutil, sampled).

    ``peak_pss``: the peak of their summed PSS (sampled every 0.5 s; proportional set size: a page shared by *n*
    processes counts 1/*n* in each). The RSS sum counts a shared page once per process that maps
    it — the forked workers and reports share most of theirs, and so do Chromium's processes —:
    it overstates the memory the batch takes; the PSS sum is what it takes.

    ``cpu``: the sum over every process seen of its last sampled user + system time (a process
    that lived less than a sample, or its last 0.1 s, is missed: a slight underestimate). Unlike
    ``getrusage(RUSAGE_CHILDREN)``, it also counts processes that their parent did not wait for
    (a forkserver's pool workers).
    """

    def __init__(self, pid: int):
        import psutil

        self.root, self.peak, self.peak_pss, self._stop = psutil.Process(pid), 0, 0, threading.Event()
        self.cpu_seen: dict = {}
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        import psutil

        next_pss = 0.0
        while not self._stop.is_set():
            total = pss = 0
            rollup = time.monotonic() >= next_pss
            try:
                for proc in [self.root, *self.root.children(recursive=True)]:
                    try:
                        total += proc.memory_info().rss
                        if rollup:
                            pss += _pss(proc.pid)
                        times = proc.cpu_times()
                        self.cpu_seen[(proc.pid, proc.create_time())] = times.user + times.system
                    except psutil.Error:
                        pass
            except psutil.Error:
                return
            self.peak = max(self.peak, total)
            if rollup:
                self.peak_pss = max(self.peak_pss, pss)
                next_pss = time.monotonic() + 0.5
            time.sleep(0.1)

    def stop(self) -> float:
        self._stop.set()
        self.thread.join()
        return self.peak / 2 ** 30

    @property
    def cpu(self) -> float:
        return sum(self.cpu_seen.values())


def children_cpu() -> float:
    """CPU seconds (user + system) of all the finished, waited-for descendants of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(args: list[str], *, pythonpath: Path, env_extra: dict | None = None) -> tuple[float, float, int]:
    """Wall time, peak memory (GiB) and exit code of ``transfo-lab ARGS`` run from ``pythonpath``.

    The CPU seconds of the whole run (the command and all its descendants) are in ``CPU[-1]``.
    """
    cpu0 = children_cpu()
    env = dict(os.environ, PYTHONPATH=str(pythonpath), **(env_extra or {}))
    if "TRANSFO_LAB_HOME" not in env:  # the pseudonymisation keys of the runs: never the user's own
        env["TRANSFO_LAB_HOME"] = tempfile.mkdtemp(prefix="transfo-bench-home-")
    t0 = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", CLI, *args], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=pythonpath)
    memory = PeakMemory(process.pid)
    out, err = process.communicate()
    wall = time.perf_counter() - t0
    peak = memory.stop()
    CPU.append(memory.cpu)
    PSS.append(memory.peak_pss / 2 ** 30)
    WAITED_CPU.append(children_cpu() - cpu0)
    if process.returncode:
        print(f"  (code {process.returncode}) {err.decode()[-800:]}")
    return wall, peak, process.returncode


def reference_tree(commit: str, dest: Path) -> Path:
    """The kit as it stood at ``commit``, extracted with ``git archive`` (its notebooks and templates too)."""
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


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


def breakdown(out: Path) -> dict[str, float]:
    """Mean seconds per report of each part, from the batch's state file."""
    state = json.loads((out / ".transfo-lab-state.json").read_text(encoding="utf-8"))
    parts: dict[str, list[float]] = {}
    for entry in state.values():
        for name, seconds in (entry.get("timings") or {}).items():
            parts.setdefault(name, []).append(seconds)
        parts.setdefault("total", []).append(entry.get("seconds") or 0.0)
    return {name: sum(v) / len(v) for name, v in parts.items()}


def clone_sites(source: Path, dest: Path, n_sites: int) -> Path:
    """A programme like ``source`` with ``n_sites`` sites: site k is a copy of the example's site k mod 3.

    Every row tied to one site is copied for each of its clones (its identifier suffixed); rows
    of the whole programme are kept once. Prototypes tested on several sites list the clones.
    """
    import csv

    import yaml

    shutil.copytree(source, dest)
    config = yaml.safe_load((dest / "programme.yaml").read_text(encoding="utf-8"))
    base = config["sites"]
    clones: dict[str, list[str]] = {s["id"]: [] for s in base}
    sites = []
    for k in range(n_sites):
        model = base[k % len(base)]
        site_id = model["id"] if k < len(base) else f"{model['id']}-{k}"
        clones[model["id"]].append(site_id)
        sites.append({**model, "id": site_id, "name": model["name"] if k < len(base) else f"{model['name']} #{k}"})
    config["sites"] = sites
    (dest / "programme.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in dest.glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=";"))
        head, body = rows[0], rows[1:]
        if "Site" in head:
            col, ident = head.index("Site"), head.index("Identifiant") if "Identifiant" in head else None
            out_rows = []
            for row in body:
                if row[col] in clones:
                    for j, site_id in enumerate(clones[row[col]]):
                        copy = list(row)
                        copy[col] = site_id
                        if ident is not None and j and path.name in ("observations.csv", "tests.csv"):
                            copy[ident] = f"{row[ident]}-{j}"
                        if ident is not None and j and path.name not in ("observations.csv", "tests.csv"):
                            continue  # ideas, events… stay once (their site is one of the clones)
                        out_rows.append(copy)
                else:
                    out_rows.append(row)
            body = out_rows
        if "Sites" in head:
            col = head.index("Sites")
            for row in body:
                row[col] = ", ".join(c for s in row[col].split(",") if s.strip() for c in clones.get(s.strip(), [s.strip()]))
        with open(path, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter=";", lineterminator="\n").writerows([head, *body])
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programme", default=str(EXAMPLE))
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--reference", default="0b087f1", help="the commit to compare with (default 0b087f1)")
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--sites", type=int, default=0, help="also run a generated programme with this many sites")
    parser.add_argument("--scale-formats", default="html,pdf,md",
                        help="formats of the scale runs (3 sites and --sites N, same formats, livret included)")
    parser.add_argument("--only-scale", action="store_true", help="only the scale runs (3 sites, then --sites N)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from transfo_lab.reports.batch import discover_notebooks, plan_jobs

    programme = Path(args.programme).resolve()
    workers = ["--workers", str(args.workers)] if args.workers else []
    with tempfile.TemporaryDirectory(prefix="transfo-bench-") as tmp:
        tmp = Path(tmp)
        jobs = plan_jobs(programme, tmp / "x", notebooks=discover_notebooks(), formats=("html",))
        n = len(jobs)
        print(f"Programme {programme.name} : {n} rapports, {os.cpu_count()} cœurs, Python {sys.version.split()[0]} "
              f"— {load()}")
        figures = {}
        if args.only_scale:
            scale(args, programme, tmp, workers)
            return
        # 1. full set: this kit vs the reference commit
        wall, peak, _ = run_cli(["report", str(programme), "--out", str(tmp / "kit-full"), "--force", *workers],
                                pythonpath=ROOT)
        figures["kit_full"] = wall
        print(f"[complet] ce kit (HTML+PDF+MD, livret et dossiers) : {wall:6.1f} s  ({wall / n:5.2f} s/rapport), "
              f"mémoire max {peak:4.2f} Gio (PSS {PSS[-1]:4.2f}), CPU {CPU[-1]:.0f} s — {load()}")
        parts = breakdown(tmp / "kit-full")
        print("          par rapport (moyenne) : " + ", ".join(f"{k} {v:.2f} s" for k, v in sorted(parts.items())))
        overhead = parts.get("total", 0) - parts.get("execute", 0)
        print(f"          surcoût hors exécution du carnet : {overhead:.2f} s/rapport (dont exports "
              f"{sum(parts.get(k, 0) for k in ('html', 'pdf', 'md')):.2f} s)")
        if not args.skip_reference:
            ref = reference_tree(args.reference, tmp / "reference")
            wall_ref, peak_ref, _ = run_cli(["report", str(programme), "--out", str(tmp / "ref-full"), "--force",
                                             *workers], pythonpath=ref)
            figures["ref_full"] = wall_ref
            print(f"[complet] kit {args.reference} (HTML+PDF+MD, sans livret) : {wall_ref:6.1f} s  "
                  f"({wall_ref / n:5.2f} s/rapport), mémoire max {peak_ref:4.2f} Gio (PSS {PSS[-1]:4.2f}), CPU {CPU[-1]:.0f} s — {load()}")
            print(f"[complet] accélération : x{wall_ref / wall:4.2f} (objectif x4 ; ce kit fait en plus le livret "
                  f"et les dossiers de site)")
        # 2. HTML only: this kit vs the naive loop
        wall_html, peak_html, _ = run_cli(["report", str(programme), "--out", str(tmp / "kit-html"), "--force",
                                           "--formats", "html", "--no-livret", *workers], pythonpath=ROOT)
        print(f"[HTML]    ce kit : {wall_html:6.1f} s ({wall_html / n:5.2f} s/rapport), mémoire max {peak_html:4.2f} Gio (PSS {PSS[-1]:4.2f}), "
              f"CPU {CPU[-1]:.0f} s — {load()}")
        parts = breakdown(tmp / "kit-html")
        print("          par rapport (moyenne) : " + ", ".join(f"{k} {v:.2f} s" for k, v in sorted(parts.items())))
        if not args.skip_naive:
            cpu0 = children_cpu()
            t_naive = naive(jobs, tmp / "naive")
            print(f"[HTML]    naïf (papermill + nbconvert, CLI, l'un après l'autre) : {t_naive:6.1f} s "
                  f"({t_naive / n:5.2f} s/rapport), CPU {children_cpu() - cpu0:.0f} s — {load()}")
            print(f"[HTML]    accélération : x{t_naive / wall_html:4.2f} (objectif x5)")
        if args.sites:
            scale(args, programme, tmp, workers)


def scale(args, programme: Path, tmp: Path, workers: list) -> None:
    """The same batch on the example (3 sites) and on a generated programme of ``--sites`` sites."""
    from transfo_lab.reports.batch import discover_notebooks, plan_jobs

    formats = ["--formats", args.scale_formats]
    per = {}
    for n_sites in (3, args.sites):
        folder = programme if n_sites == 3 else clone_sites(programme, tmp / f"programme-{n_sites}", n_sites)
        n = len(plan_jobs(folder, tmp / "y", notebooks=discover_notebooks(), formats=("html",)))
        wall, peak, _ = run_cli(["report", str(folder), "--out", str(tmp / f"scale-{n_sites}"), "--force", *formats,
                                 *workers], pythonpath=ROOT)
        parts = breakdown(tmp / f"scale-{n_sites}")
        per[n_sites] = wall / n
        print(f"[échelle] {n_sites:3d} sites, {n:4d} rapports ({args.scale_formats}, livret et {n_sites} dossiers) : "
              f"{wall:7.1f} s, {wall / n:5.2f} s/rapport, mémoire max {peak:4.2f} Gio (PSS {PSS[-1]:4.2f}), CPU {CPU[-1]:.0f} s "
              f"({CPU[-1] / n:.2f} s/rapport) — {load()}")
        print("          par rapport (moyenne) : " + ", ".join(f"{k} {v:.2f} s" for k, v in sorted(parts.items())))
    print(f"[échelle] débit par rapport, {args.sites} sites contre 3 : {100 * (per[args.sites] / per[3] - 1):+.0f} % "
          f"(objectif : moins de 10 %)")

if __name__ == "__main__":
    main()
