"""The main job: run the phase notebooks for every site and export every report.

One *job* = one notebook for one site (or for the whole programme). Jobs run in a process
pool (or on a Dask cluster); one failing job never stops the others. A job whose inputs —
data files, notebook, parameters, kit — are unchanged since the last run is skipped.

Command line (:mod:`transfo_lab.cli`): ``transfo-lab run`` (one notebook) and ``transfo-lab report`` (everything).
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import ctypes
import hashlib
import json
import os
import re
import signal
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from transfo_lab.reports.outputs import input_files, site_folder
from transfo_lab.base.exceptions import OutputError, ParameterError, TransfoLabError
from transfo_lab.contract.io import atomic_write, output_mode, write_error
from transfo_lab.base.limits import LimitError, load_yaml
from transfo_lab.base.labels import label
from transfo_lab.base import resources

STATE_FILE = ".transfo-lab-state.json"
FORMATS = ("html", "pdf", "md")
_PHASE_NOTEBOOK = re.compile(r"^\d\d_[\w-]+\.ipynb$")


@dataclass(frozen=True)
class Job:
    """One notebook to execute and export for one site (``site=None``: the whole programme)."""

    notebook: str
    programme_dir: str
    site: str | None
    site_label: str
    programme: str
    lang: str
    parameters: tuple
    out_dir: str
    formats: tuple = FORMATS
    show_code: bool = False
    #: the batch's output folder (OUT), left out of the inputs' hash when it lies inside the programme folder
    out_root: str | None = None

    @property
    def phase(self) -> str:
        return Path(self.notebook).stem

    @property
    def privacy(self) -> dict | None:
        """The arguments the notebook gives :func:`~transfo_lab.contract.privacy.pseudonymise_programme`
        (``None`` when it does not pseudonymise): what a warm worker prepares before forking the report.

        The phase notebooks that pseudonymise are those taking ``reports_dir`` (the key is never written there).
        """
        params = dict(self.parameters)
        if "reports_dir" not in params or not params.get("pseudonymise", True):
            return None
        return {"enabled": True, "key_file": params.get("key_file"), "reports_dir": params["reports_dir"],
                "lang": params.get("lang", "fr")}

    @property
    def key(self) -> str:
        return f"{Path(self.out_dir).name}/{self.phase}"

    @property
    def stem(self) -> Path:
        return Path(self.out_dir) / self.phase


@dataclass
class Result:
    """What happened to one job."""

    key: str
    site: str | None
    site_label: str
    phase: str
    status: str  # ok | failed | skipped
    seconds: float = 0.0
    error: str | None = None
    cell: str | None = None
    outputs: dict = field(default_factory=dict)
    #: where the time went (queue, setup, execute, html, pdf, md), in seconds; not kept in the state file
    timings: dict = field(default_factory=dict)


# --- naming and parameters -------------------------------------------------------------------------





def notebook_parameters(notebook: Path | str) -> dict[str, dict]:
    """The parameters declared in the notebook's ``parameters`` cell (name → papermill's description)."""
    path = Path(notebook)
    stat = path.stat()
    return dict(_notebook_parameters(str(path.resolve()), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=64)
def _notebook_parameters(path: str, mtime_ns: int, size: int) -> dict[str, dict]:
    import papermill

    return papermill.inspect_notebook(path)


_TYPES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,), "None": (str, type(None)),
          "list": (list,), "dict": (dict,)}


def check_parameters(notebook: Path | str, parameters: dict) -> dict:
    """Check ``parameters`` against the notebook's ``parameters`` cell before any kernel starts.

    Raises
    ------
    ParameterError
        For an unknown name (the message lists the known ones) or a value of the wrong type.
    """
    declared = notebook_parameters(notebook)
    name = Path(notebook).name
    for key, value in parameters.items():
        if key not in declared:
            raise ParameterError(label("batch.unknown_parameter", parameter=key, name=name,
                                       accepted=", ".join(declared) or label("batch.no_parameter")))
        expected = _declared_type(declared[key])
        allowed = _TYPES.get(expected)
        if allowed and not isinstance(value, allowed) or (expected == "int" and isinstance(value, bool)):
            raise ParameterError(label("batch.bad_parameter", parameter=key, name=name, expected=expected,
                                       default=declared[key].get("default"), value=repr(value)))
    return parameters


def _declared_type(description: dict) -> str:
    """The type of a parameter: its annotation, else the type of its literal default value."""
    import ast

    annotated = description.get("inferred_type_name", "None")
    if annotated not in ("None", None):
        return annotated
    try:
        default = ast.literal_eval(description.get("default", "None"))
    except (ValueError, SyntaxError):
        return "None"
    return "None" if default is None else type(default).__name__


def parse_value(text: str):
    """A ``-p key value`` value as YAML would read it (``true`` → True, ``3`` → 3, ``None`` → None)."""
    if text in ("None", "none", "null"):
        return None
    try:
        return load_yaml(text, file="-p")
    except (yaml.YAMLError, LimitError):
        return text


def discover_notebooks(folder: Path | str | None = None) -> list[Path]:
    """The phase notebooks of a folder (``NN_name.ipynb``), in order; by default the kit's own.

    >>> [p.name for p in discover_notebooks()][:2]
    ['00_programme.ipynb', '01_inspiration.ipynb']
    """
    folder = resources.real_path(resources.notebooks()) if folder is None else folder
    return sorted(p for p in Path(folder).iterdir() if _PHASE_NOTEBOOK.match(p.name))


def notebook_scope(notebook: Path | str) -> str:
    """``"programme"`` for a notebook that has no per-site version (metadata ``transfo_lab.scope``), else ``"site"``."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    return nb.metadata.get("transfo_lab", {}).get("scope", "site")


# --- planning the jobs ------------------------------------------------------------------------------

def plan_jobs(programme_dir: Path | str, out: Path | str, *, notebooks=None, sites=None, formats=FORMATS,
              parameters: dict | None = None, show_code: bool = False, programme=None) -> list[Job]:
    """Every (notebook × site) job of a programme, plus the programme-wide version of each notebook.

    Parameters
    ----------
    sites : list of str, optional
        Restrict to these sites (each must exist in programme.yaml). The programme-wide
        reports are always made.
    parameters : dict, optional
        Extra parameters for every notebook that declares them.
    """
    from transfo_lab.contract.programme import load_programme

    programme_dir = Path(programme_dir).resolve()
    prog = programme or load_programme(programme_dir)
    known = prog.config.site_ids
    chosen = known if sites is None else list(sites)
    for site in chosen:
        if site not in known:
            raise ParameterError(label("batch.unknown_site", site=site, programme=programme_dir.name,
                                       sites=", ".join(known)))
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ParameterError(label("batch.unknown_format", format=bad[0], formats=", ".join(FORMATS)))
    jobs = []
    for notebook in notebooks or discover_notebooks():
        if notebook_scope(notebook) == "portfolio":  # several programmes at once: `transfo-lab portfolio`
            continue
        declared = notebook_parameters(notebook)
        extra = {k: v for k, v in (parameters or {}).items() if k in declared}
        targets = [None] if notebook_scope(notebook) == "programme" or "site" not in declared else [None, *chosen]
        for site in targets:
            params = {"programme_dir": str(programme_dir), "site": site, "lang": prog.lang,
                      "reports_dir": str(Path(out).resolve()), **extra}
            params = {k: v for k, v in params.items() if k in declared}
            check_parameters(notebook, params)
            jobs.append(Job(str(Path(notebook).resolve()), str(programme_dir), site,
                            prog.site_name(site) if site else label("common.all_sites", prog.lang), prog.name,
                            prog.lang, tuple(sorted(params.items())), str(site_folder(out, site)),
                            tuple(formats), show_code, str(Path(out).resolve())))
    return jobs


# --- one job ---------------------------------------------------------------------------------------

def inputs_hash(job: Job) -> str:
    """A content hash of everything a report depends on."""
    from transfo_lab import __version__

    digest = hashlib.sha256()
    for path in input_files(Path(job.programme_dir), job.out_root):
        digest.update(str(path.relative_to(job.programme_dir)).encode())
        digest.update(path.read_bytes())
    digest.update(Path(job.notebook).read_bytes())
    digest.update(_kit_digest())
    digest.update(json.dumps([__version__, job.parameters, job.formats, job.show_code], default=str).encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _kit_digest() -> bytes:
    """The kit's own code and report templates, hashed once per process."""
    digest = hashlib.sha256()
    templates = resources.real_path(resources.report_templates())
    for path in sorted(resources.package_folder().rglob("*.py")) + sorted(templates.rglob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.digest()




def _publish(tmp: Path, final: Path) -> None:
    """Give a finished temporary file its final name, with the permission bits an output should have."""
    try:
        os.chmod(tmp, output_mode(final))
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def run_job(job: Job, *, engine: str = "papermill") -> Result:
    """Execute one notebook and export it; never raises (failures are in the Result).

    ``engine="papermill"`` starts a Jupyter kernel (papermill); ``engine="inprocess"`` runs the
    cells in this process's IPython shell (:func:`transfo_lab.reports.workers.execute_notebook`) — meant
    for a fresh process forked from a warm worker, which is how the batch runs every job.
    """
    from papermill.exceptions import PapermillExecutionError

    from transfo_lab import __version__
    from transfo_lab.reports.notebook import ReportInfo, export_notebook

    start = time.perf_counter()
    result = Result(job.key, job.site, job.site_label, job.phase, "ok")
    timings = result.timings
    stem = job.stem
    executed = stem.with_suffix(".ipynb")
    tmp = stem.with_name(f".{stem.name}.running.ipynb")
    params = dict(job.parameters)
    try:
        stem.parent.mkdir(parents=True, exist_ok=True)
        # only a complete notebook gets the final name: a run that went to its end, or one stopped by an
        # error in a cell (the whole notebook, error included, is then written: kept for debugging). A
        # write that failed (full disk, folder made read-only) leaves nothing under the name.
        nb = None
        try:
            if engine == "inprocess":
                import nbformat

                from transfo_lab.reports.workers import execute_notebook

                try:
                    nb = execute_notebook(job.notebook, params, cwd=str(Path(job.notebook).parent),
                                          output_path=str(executed), timings=timings)
                except PapermillExecutionError as exc:
                    nbformat.write(exc.nb, str(tmp))
                    raise
                nbformat.write(nb, str(tmp))
            else:
                import papermill

                t0 = time.perf_counter()
                papermill.execute_notebook(job.notebook, str(tmp), parameters=params, kernel_name="python3",
                                           cwd=str(Path(job.notebook).parent), progress_bar=False, log_output=False,
                                           extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
                timings["execute"] = time.perf_counter() - t0
        except PapermillExecutionError:
            _publish(tmp, executed)
            raise
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        _publish(tmp, executed)
        result.outputs["ipynb"] = str(executed)
        shown = {label("report.param_programme", job.lang): job.programme, **{
            k: v for k, v in params.items() if k != "programme_dir"}, "transfo-lab": __version__}
        info = ReportInfo(job.programme, job.phase, job.site, job.site_label, job.lang, shown)
        for fmt, path in export_notebook(executed, info, stem, formats=job.formats, show_code=job.show_code,
                                         nb=nb, timings=timings).items():
            result.outputs[fmt] = str(path)
    except PapermillExecutionError as exc:
        result.status = "failed"
        result.cell = (exc.source or "").strip().splitlines()[0] if exc.source else None
        result.error = f"{exc.ename}: {exc.evalue}"
    except TransfoLabError as exc:
        result.status = "failed"
        result.error = str(exc)
    except OSError as exc:
        error = write_error(exc, stem.parent, job.lang)
        result.status = "failed"
        result.error = str(error) if error is not None else f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # a report must never take the batch down
        result.status = "failed"
        result.error = f"{type(exc).__name__}: {exc}"
    result.seconds = time.perf_counter() - start
    return result


@dataclass(frozen=True)
class LivretPiece:
    """One document of the livret step: the livret itself (``site=None``) or one site's dossier."""

    programme_dir: str
    out: str
    site: str | None
    formats: tuple
    previous: dict | None
    today: object
    fingerprint: str

    @property
    def key(self) -> str:
        return "livret" if self.site is None else f"dossier:{self.site}"

    @property
    def privacy(self) -> dict:
        """The arguments :func:`run_livret_piece` gives :func:`~transfo_lab.contract.privacy.pseudonymise_programme`."""
        return {"enabled": True, "reports_dir": Path(self.out)}


def run_livret_piece(piece: LivretPiece) -> dict:
    """Build and write one document of the livret step (what :func:`transfo_lab.reports.livret.write_livret` does for it)."""
    from transfo_lab.reports.livret import _write, build
    from transfo_lab.contract.privacy import pseudonymise_programme
    from transfo_lab.contract.programme import load_programme

    t0 = time.perf_counter()
    out = Path(piece.out)
    prog = pseudonymise_programme(load_programme(piece.programme_dir), **piece.privacy)
    doc, figures = build(prog, site=piece.site, previous=piece.previous, today=piece.today,
                         fingerprint=piece.fingerprint)
    stem = out / "livret" if piece.site is None else site_folder(out, piece.site) / "dossier"
    written = _write(doc, stem, piece.formats, piece.key)
    return {"key": piece.key, "written": {k: str(v) for k, v in written.items()}, "figures": figures,
            "lang": prog.lang, "today": piece.today, "fingerprint": piece.fingerprint,
            "seconds": time.perf_counter() - t0}


def write_livret_parallel(programme_dir: Path | str, out: Path | str, *, formats=("html", "pdf"),
                          sites: list[str] | None = None, programme=None, workers: int | None = None,
                          pool=None) -> dict[str, Path]:
    """:func:`transfo_lab.reports.livret.write_livret`, its documents (livret, one dossier per site) built in parallel."""
    pieces = livret_pieces(programme_dir, out, formats=formats, sites=sites, programme=programme)
    answers = {}
    for piece, answer in _run_tasks(pieces, workers, pool):
        if not isinstance(answer, dict):
            raise TransfoLabError(label("batch.piece_failed", piece=piece.key, message=getattr(answer, "message", answer)))
        answers[piece.key] = answer
    return finish_livret(out, answers)


def livret_pieces(programme_dir, out, *, formats=("html", "pdf"), sites=None, programme=None) -> list[LivretPiece]:
    """The documents of the livret step, as independent tasks."""
    import datetime as _dt

    from transfo_lab.reports.livret import _read_state, check_sites, data_fingerprint
    from transfo_lab.contract.programme import load_programme

    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    prog = programme if programme is not None else load_programme(programme_dir)
    check_sites(prog, sites, programme_dir)
    previous = _read_state(out)
    before = previous.get("livret") if previous else None
    common = dict(programme_dir=str(Path(programme_dir).resolve()), out=str(out), formats=tuple(formats),
                  previous=before, today=_dt.date.today(), fingerprint=data_fingerprint(programme_dir, out))
    chosen = sites if sites is not None else prog.config.site_ids
    return [LivretPiece(site=None, **common)] + [LivretPiece(site=s, **common) for s in chosen]


def finish_livret(out, answers: dict) -> dict[str, Path]:
    """Write the livret's state (``OUT/livret.json``) once every document of the step is written."""
    from transfo_lab.base.formats import format_date
    from transfo_lab.reports.livret import STATE_FILE as LIVRET_STATE

    main = answers["livret"]
    today = main["today"]
    state = {"livret": {"date": today.isoformat(), "date_label": format_date(today, main["lang"], "long").replace("\xa0", " "),
                        "fingerprint": main.get("fingerprint"), "figures": main["figures"]}}
    atomic_write(Path(out) / LIVRET_STATE, json.dumps(state, indent=1, ensure_ascii=False, sort_keys=True))
    return {k: Path(v) for a in answers.values() for k, v in a["written"].items()}


# --- the batch -----------------------------------------------------------------------------------------

def _load_state(out: Path) -> dict:
    try:
        return json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def run_batch(jobs: list[Job], out: Path | str, *, workers: int | None = None, scheduler: str | None = None,
              force: bool = False, progress: bool = True, timeout: float | None = None, also: list = (),
              also_answers: dict | None = None) -> list[Result]:
    """Run ``jobs`` in parallel, skipping those whose inputs did not change, and write ``OUT/index.html``.

    Parameters
    ----------
    workers : int, optional
        Number of warm workers (default: the number of CPUs). Each report runs in a fresh
        process forked from a worker that has already imported the kit (:mod:`transfo_lab.reports.workers`).
    scheduler : str, optional
        Address of a Dask distributed scheduler (``tcp://host:8786``) or a ``dask.distributed.Client``;
        jobs are then submitted to that cluster (``pip install transfo-lab[distributed]``). A job carries
        the programme folder's files and the notebook, and brings its outputs back as bytes: the
        workers need the kit installed, not the client's disk.
    force : bool
        Re-run every job even if unchanged.
    timeout : float, optional
        Seconds after which a report still running is stopped and marked failed (default 900).
    also : list of LivretPiece
        Other tasks run in the same pool, alongside the reports (the livret's documents); their
        answers go to ``also_answers`` (key → answer).
    """
    from tqdm.auto import tqdm

    out = Path(out).resolve()
    check_writable(out, lang=jobs[0].lang if jobs else "fr")
    state = _load_state(out)
    hashes = {job.key: inputs_hash(job) for job in jobs}
    results: dict[str, Result] = {}
    todo = []
    for job in jobs:
        previous = state.get(job.key, {})
        if not force and previous.get("hash") == hashes[job.key] and previous.get("status") == "ok" \
                and all(Path(p).exists() for p in previous.get("outputs", {}).values()):
            results[job.key] = Result(job.key, job.site, job.site_label, job.phase, "skipped",
                                      outputs=previous["outputs"])
        else:
            todo.append(job)
    # longest first (the time of the last run when known), so that no long report starts last
    todo.sort(key=lambda j: -(state.get(j.key, {}).get("seconds") or (4.0 if j.site is None else 2.0)))
    tasks = [*also, *todo]
    bar = tqdm(total=len(todo), unit="rapport", desc="Rapports", disable=not progress or not todo, leave=True)
    try:
        for item, answer in _execute(tasks, workers, scheduler, timeout):
            if not isinstance(item, Job):
                if also_answers is not None:
                    also_answers[item.key] = answer
                continue
            result = answer
            results[result.key] = result
            bar.set_postfix_str(f"{result.site_label} · {result.phase}", refresh=False)
            bar.update(1)
            state[result.key] = {"hash": hashes[result.key] if result.status == "ok" else None,
                                 "status": result.status, "outputs": result.outputs,
                                 "seconds": round(result.seconds, 2),
                                 "timings": {k: round(v, 3) for k, v in result.timings.items()}}
            atomic_write(out / STATE_FILE, json.dumps(state, indent=1, ensure_ascii=False))
    finally:
        bar.close()
    ordered = [results[job.key] for job in jobs]
    if jobs:
        write_index(out, ordered, jobs[0].programme, jobs[0].lang)
    return ordered


def _failed(job: Job, message: str) -> Result:
    return Result(job.key, job.site, job.site_label, job.phase, "failed", error=message)


def _task(arg):
    """What the forked child of a warm worker runs: one report (a Job) or one livret document."""
    import resource

    from transfo_lab.reports import workers

    item, submitted = arg
    # from the task's sending to the child's start (CLOCK_MONOTONIC: comparable across processes on Linux),
    # less the programme load done by the worker before forking (counted apart, once per worker)
    dispatch = time.perf_counter() - submitted
    if isinstance(item, Job):
        result = run_job(item, engine="inprocess")
        usage = resource.getrusage(resource.RUSAGE_SELF)
        result.timings.update(dispatch=dispatch - workers.LAST_WARM, warm=workers.LAST_WARM,
                              cpu=usage.ru_utime + usage.ru_stime)
        return result
    return run_livret_piece(item)


def _run_tasks(items, workers: int | None, pool=None, timeout: float | None = None):
    """``(item, answer)`` for every item, run by :func:`_task` in a pool of warm workers."""
    from transfo_lab.reports.workers import DEFAULT_TIMEOUT, WarmPool

    if not items:
        return
    if pool is not None:
        yield from pool.map_unordered(_task, items, timeout=timeout or DEFAULT_TIMEOUT)
        return
    n = max(1, min(workers or os.cpu_count() or 1, len(items)))
    printing = any("pdf" in getattr(item, "formats", ()) for item in items)
    with WarmPool(n, printing=printing) as new_pool:
        yield from new_pool.map_unordered(_task, items, timeout=timeout or DEFAULT_TIMEOUT)


def _execute(tasks: list, workers: int | None, scheduler, timeout: float | None = None):
    if not tasks:
        return
    if scheduler is not None:
        jobs = [t for t in tasks if isinstance(t, Job)]
        others = [t for t in tasks if not isinstance(t, Job)]
        # the livret's documents are made here, on the client, while the cluster makes the reports
        local: list = []
        thread = threading.Thread(target=lambda: local.extend(_run_tasks(others, workers, timeout=timeout)),
                                  name="transfo-lab-livret", daemon=True)
        thread.start()
        for job, result in _execute_dask(jobs, scheduler, timeout):
            yield job, result
        thread.join()
        yield from local
        return
    for item, answer in _run_tasks(tasks, workers, timeout=timeout):
        if isinstance(item, Job) and not isinstance(answer, Result):
            answer = _failed(item, getattr(answer, "message", str(answer)))
        yield item, answer


def check_writable(folder: Path | str, *, lang: str = "fr") -> Path:
    """Create ``folder`` if needed and make sure a file can be written in it, before any work starts.

    Raises
    ------
    OutputError
        « impossible d'écrire dans … : permission refusée / disque plein / lecture seule ».
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".transfo-lab-probe.", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        error = write_error(exc, folder, lang) or OutputError(
            label("safety.cannot_write", lang, folder=str(folder), reason=exc.strerror or type(exc).__name__),
            folder=folder, errno=exc.errno)
        raise error from None
    return folder


def exit_with_parent(parent_pid: int) -> None:
    """Pool-worker initializer: the worker exits as soon as the main process dies (even ``kill -9``).

    On Linux the kernel sends SIGKILL to the worker when its parent (the forkserver, which
    itself exits with the main process) dies (``prctl(PR_SET_PDEATHSIG)``); everywhere, a
    watchdog thread checks twice a second that the main process is still there.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    first_parent = os.getppid()

    def alive() -> bool:
        if os.getppid() != first_parent:
            return False
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return _not_zombie(parent_pid)

    def watch() -> None:
        while alive():
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="transfo-lab-exit-with-parent", daemon=True).start()


def _not_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat_file:
            return stat_file.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True  # no /proc (macOS): trust os.kill


def job_payload(job: Job, files: dict[str, bytes] | None = None) -> dict:
    """Everything a job needs, as bytes: the programme folder's files, the notebook, the job itself.

    A Dask worker that does not see the client's disk runs it with :func:`run_remote_job`.
    """
    folder = Path(job.programme_dir)
    if files is None:
        files = {str(p.relative_to(folder)): p.read_bytes() for p in input_files(folder, job.out_root)}
    return {"job": job, "files": files, "notebook": Path(job.notebook).read_bytes()}


#: The warm worker of this (Dask worker) process, started by the first remote job.
_REMOTE_WORKER = None
_REMOTE_LOCK = threading.Lock()


def run_remote_job(payload: dict, timeout: float | None = None) -> dict:
    """Run a job from its payload in a private temporary folder; returns the Result and the outputs' bytes.

    On a Dask worker: the programme and the notebook are written to a temporary folder, the job
    runs there (in a fresh process forked from a warm worker kept by this process), and every
    file it wrote comes back as ``{path relative to the output folder: bytes}``.
    """
    global _REMOTE_WORKER
    from transfo_lab.reports.workers import DEFAULT_TIMEOUT, Worker, WorkerDied

    job: Job = payload["job"]
    with tempfile.TemporaryDirectory(prefix="transfo-lab-job-") as tmp:
        tmp = Path(tmp)
        programme = tmp / "programme"
        for rel, data in payload["files"].items():
            target = (programme / rel).resolve()
            if not target.is_relative_to(programme.resolve()):
                raise ParameterError(label("batch.refused_job_path", path=rel))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        notebook = tmp / "notebooks" / Path(job.notebook).name
        notebook.parent.mkdir(parents=True)
        notebook.write_bytes(payload["notebook"])
        out_root = tmp / "out"
        local_out = out_root / Path(job.out_dir).resolve().relative_to(Path(job.out_root).resolve())
        params = tuple((k, str(programme) if k == "programme_dir" else v) for k, v in job.parameters)
        local = dataclasses.replace(job, notebook=str(notebook), programme_dir=str(programme), parameters=params,
                                    out_dir=str(local_out), out_root=str(out_root))
        with _REMOTE_LOCK:
            for attempt in range(2):
                try:
                    if _REMOTE_WORKER is None:  # one report per Dask worker process, one process per core
                        from transfo_lab.reports.printer import shared_environment

                        # its PDFs printed by one Chromium kept by this Dask worker process
                        _REMOTE_WORKER = Worker(threads=1, env=shared_environment())
                    result = _REMOTE_WORKER.call(_task, (local, None), timeout or DEFAULT_TIMEOUT)
                    break
                except WorkerDied as exc:
                    _REMOTE_WORKER.close()
                    _REMOTE_WORKER = None
                    if attempt:
                        result = _failed(job, str(exc))
        if not isinstance(result, Result):
            result = _failed(job, getattr(result, "message", str(result)))
        files = {str(p.relative_to(out_root)): p.read_bytes() for p in out_root.rglob("*")
                 if p.is_file() and not p.name.startswith(".")}
        result.outputs = {fmt: str(Path(path).relative_to(out_root)) for fmt, path in result.outputs.items()}
    return {"result": result, "files": files}


def receive_remote(job: Job, answer: dict) -> Result:
    """Write a remote job's outputs under the client's output folder (atomically); the Result with client paths."""
    root = Path(job.out_root).resolve()
    result: Result = answer["result"]
    for rel, data in answer["files"].items():
        target = (root / rel).resolve()
        if not target.is_relative_to(root):
            raise ParameterError(label("batch.refused_result_path", path=rel))
        atomic_write(target, data)
    result.outputs = {fmt: str(root / rel) for fmt, rel in result.outputs.items()}
    return result


def _execute_dask(jobs: list[Job], scheduler, timeout: float | None = None):
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise TransfoLabError(label("batch.dask_missing")) from None
    if not jobs:
        return
    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        # the programme's files are sent once to the cluster, each job refers to them
        shared: dict[str, object] = {}
        futures = {}
        for job in jobs:
            if job.programme_dir not in shared:
                folder = Path(job.programme_dir)
                files = {str(p.relative_to(folder)): p.read_bytes() for p in input_files(folder, job.out_root)}
                shared[job.programme_dir] = client.scatter([files], hash=False)[0]
            payload = {"job": job, "files": shared[job.programme_dir], "notebook": Path(job.notebook).read_bytes()}
            futures[client.submit(run_remote_job, payload, timeout, pure=False, retries=1)] = job
        for future in as_completed(futures):
            job = futures[future]
            try:
                yield job, receive_remote(job, future.result())
            except Exception as exc:  # the task failed on the cluster (worker killed twice, lost…)
                yield job, _failed(job, f"{type(exc).__name__}: {exc}")
    finally:
        if client is not scheduler:
            client.close()


def write_index(out: Path, results: list[Result], programme: str, lang: str, documents: list[dict] = ()) -> Path:
    """``OUT/index.html``: the livret and the dossiers first, then every report, its status and links (relative)."""
    from transfo_lab.reports.notebook import index_page

    rows = []
    for r in results:
        links = {fmt: os.path.relpath(path, out) for fmt, path in r.outputs.items()}
        rows.append({**asdict(r), "phase_label": r.phase.split("_", 1)[-1].replace("_", " "), "links": links})
    return atomic_write(out / "index.html", index_page(rows, programme=programme, lang=lang, documents=documents))


def livret_documents(out: Path | str, programme) -> list[dict]:
    """The livret, the site dossiers and an Inter-Transfo report found in OUT, for the index page (title, links)."""
    out = Path(out).resolve()
    found = []
    stems = [(label("livret.title", programme.lang), out / "livret")]
    stems += [(label("livret.dossier_title", programme.lang, site=programme.site_name(s)), site_folder(out, s) / "dossier")
              for s in programme.config.site_ids]
    stems.append((label("portfolio.index_title", programme.lang), out / "inter-transfo" / "inter-transfo"))
    for title, stem in stems:
        links = {fmt: os.path.relpath(stem.with_suffix(f".{fmt}"), out) for fmt in ("html", "pdf")
                 if stem.with_suffix(f".{fmt}").exists()}
        if links:
            found.append({"title": title, "links": links})
    return found


def summary(results: list[Result], lang: str = "fr") -> str:
    """A plain-text table: site, phase, status, time, and for failures the failing cell and the error."""
    lines = []
    for r in results:
        line = f"{r.site_label[:34]:<34}  {r.phase:<22}  {label('report.status_' + r.status, lang):<18}  {r.seconds:6.1f} s"
        if r.status == "failed":
            line += f"\n    cellule : {r.cell or '—'}\n    erreur  : {r.error}"
        lines.append(line)
    failed = sum(r.status == "failed" for r in results)
    lines.append(label("batch.summary", lang, total=len(results), failed=failed,
                       skipped=sum(r.status == "skipped" for r in results)))
    return "\n".join(lines)
