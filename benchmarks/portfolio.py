"""Benchmark of the Inter-Transfo portfolio (issue 17): 100 programmes in one report.

Generates, deterministically, N La Transfo programmes with ``data/examples/build/make_inter_transfo.py``
(the four example profiles, cycled: late, switched, finished, reusing a failed prototype; 20
ambassadeurs each, three rounds of self-assessment where reached, attendance), then times each
step — load and validate every folder, pseudonymise, protocol progress, themes, outcomes, budget,
mise en capacité, the whole document — and prints the wall time of each step and the process's
peak memory (``resource.getrusage``). ``--pdf`` also prints the report to PDF (WeasyPrint).

    python benchmarks/portfolio.py                  # 100 programmes, HTML
    python benchmarks/portfolio.py --programmes 20 --pdf

The figures measured are in benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import resource
import sys
import tempfile
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transfo_lab.phases import portfolio as pf  # noqa: E402
from transfo_lab.reports import portfolio as pr  # noqa: E402
from transfo_lab.reports.document import write_pdf  # noqa: E402


def _generator():
    spec = importlib.util.spec_from_file_location("make_inter_transfo",
                                                  ROOT / "data" / "examples" / "build" / "make_inter_transfo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def step(name: str, results: list):
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    results.append((name, elapsed))
    print(f"{name:<48} {elapsed:8.2f} s", flush=True)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark of the Inter-Transfo portfolio.")
    parser.add_argument("--programmes", type=int, default=100)
    parser.add_argument("--pdf", action="store_true", help="also print the report to PDF")
    parser.add_argument("--keep", metavar="DOSSIER", help="generate into this folder (kept) instead of a temporary one")
    args = parser.parse_args(argv)
    results: list = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("TRANSFO_LAB_HOME", str(Path(tmp) / "home"))
        folder = Path(args.keep) if args.keep else Path(tmp) / "portfolio"
        with step(f"generate {args.programmes} programmes (not a target)", results):
            _generator().main(folder, args.programmes)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with step("load, validate and pseudonymise every folder", results):
                portfolio = pf.load_portfolio([folder], reports_dir=Path(tmp) / "out")
            print(f"  {len(portfolio.members)} collectivités, {len(portfolio.excluded)} left out", flush=True)
            with step("protocol progress", results):
                progress = pf.protocol_progress(portfolio)
            with step("themes (matching, compare_sites, shared_tags)", results):
                themes = pf.themes(portfolio)
            with step("successes and failures (prototypes, reuses, grid)", results):
                outcomes = pf.prototype_outcomes(portfolio)
                pf.reuses(portfolio, outcomes)
                pf.evaluation_outcomes(portfolio)
            with step("budget", results):
                pf.budget_overview(portfolio)
            with step("mise en capacité (paired tests, attendance)", results):
                pf.capacity_change(portfolio, families=(None, "brique", "valeur"))
                pf.attendance_summary(portfolio)
            with step("whole document (HTML)", results):
                doc, _ = pr.build(portfolio, today=dt.date(2018, 2, 1))
                page = doc.to_html()
            print(f"  {len(page) / 1e6:.1f} MB of HTML, {(progress['status'] == 'late').sum()} late, "
                  f"{len(themes.shared)} shared themes", flush=True)
            if args.pdf:
                with step("PDF (WeasyPrint)", results):
                    write_pdf(page, Path(tmp) / "inter-transfo.pdf")
    total = sum(t for name, t in results if "not a target" not in name)
    print(f"{'total (without the generation)':<48} {total:8.2f} s")
    print(f"{'peak memory of the process (ru_maxrss)':<48} {peak_mib():8.0f} MiB")


if __name__ == "__main__":
    main()
