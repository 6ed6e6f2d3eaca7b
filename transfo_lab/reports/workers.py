"""Warm workers: the imports are paid once per worker, each report still runs in a fresh process.

A *worker* is a long-lived Python process (``python -m transfo_lab.reports.workers``) that imports the
heavy modules once — pandas, matplotlib, scipy, pandera, nbconvert, the kit (WeasyPrint where it prints the PDFs) — and
prepares an in-process IPython shell with matplotlib's inline backend. For every task it
receives it **forks**: the child runs the notebook's cells in that (never used) shell, so it
starts with a fresh namespace and a pristine matplotlib state, exports the report and sends
back a :class:`~transfo_lab.reports.batch.Result`; then it exits. Forking a warm process costs a few
milliseconds instead of a kernel start and the imports (≈ 2 s per report).

Isolation is that of one process per report: a report never sees another's variables, a
crash (segfault, ``os._exit``, out of memory) or a hang (timeout per task, default 900 s)
kills only that report's child; the worker reports the failure and goes on. A worker that
dies itself is replaced, and its task retried once on the new worker.

The notebook is executed like papermill does — parameters injected after the ``parameters``
cell, cells run in order, outputs recorded as a Jupyter kernel would send them (streams,
``display_data``, ``execute_result``, ``error``), execution stopped at the first error — but
without a kernel: no ZeroMQ, no kernel start, no message round trips.
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import io
import os
import pickle
import queue
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from transfo_lab.base.resources import import_root

#: The folder holding this copy of ``transfo_lab``: the workers import the same copy.
ROOT = import_root()
#: Modules a worker imports once, before any task (what the phase notebooks and the exports use).
PRELOAD = ("numpy", "pandas", "scipy.stats", "scipy.sparse", "matplotlib", "matplotlib.pyplot", "pandera",
           "sklearn.feature_extraction.text", "sklearn.cluster", "sklearn.metrics", "adjustText", "openpyxl",
           "nbformat", "mistune", "nbconvert", "nbconvert.exporters.markdown", "papermill.parameterize", "papermill.iorw", "papermill.exceptions",
           "transfo_lab", "transfo_lab.contract.programme", "transfo_lab.contract.privacy", "transfo_lab.reports.display",
           "transfo_lab.base.plotting", "transfo_lab.phases.research.coding", "transfo_lab.phases.research.comparison", "transfo_lab.phases.research.affinity",
           "transfo_lab.phases.research.journeys", "transfo_lab.phases.research.survey", "transfo_lab.phases.ideation", "transfo_lab.phases.inspiration",
           "transfo_lab.phases.prototypes", "transfo_lab.phases.evaluation", "transfo_lab.protocols.planning", "transfo_lab.protocols.budget",
           "transfo_lab.reports.notebook", "transfo_lab.reports.document", "transfo_lab.reports.livret", "transfo_lab.reports.batch", "transfo_lab.reports.printer",
           # the rest of what the phase notebooks import (each report paid ≈ 0.6 s for these)
           "IPython.display", "sklearn.decomposition", "sklearn.preprocessing", "simplemma",
           "transfo_lab.phases.research.theme_names", "transfo_lab.phases.research.agreement",
           "transfo_lab.phases.research.memos", "transfo_lab.phases.vote_stability", "transfo_lab.phases.evidence",
           "transfo_lab.phases.portfolio")
DEFAULT_TIMEOUT = 900.0
#: environment variables that size the thread pools of OpenMP (scikit-learn's k-means), OpenBLAS / MKL
#: (numpy, scipy) and numexpr
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
                    "NUMEXPR_NUM_THREADS")


def threads_per_worker(n_workers: int) -> int:
    """The cores each of ``n_workers`` workers may use for its own threads (at least 1).

    The pool already runs one report per core: a report whose k-means or matrix products also
    start a thread per core only makes the threads of the two reports wait for each other. On the
    example's small data, these waits cost more than the work (the affinity map of a site report:
    ≈ 1 s of CPU with a thread per core, ≈ 0.15 s with one).

    >>> threads_per_worker(10_000)
    1
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, cores // max(1, n_workers))


def thread_environment(env: dict, threads: int) -> dict:
    """``env`` with the thread pools sized to ``threads``, unless the user set them.

    >>> env = thread_environment({"OMP_NUM_THREADS": "4"}, 1)
    >>> env["OMP_NUM_THREADS"], env["OPENBLAS_NUM_THREADS"]
    ('4', '1')
    """
    env = dict(env)
    for name in THREAD_VARIABLES:
        env.setdefault(name, str(threads))
    return env


# --- the in-process notebook shell ------------------------------------------------------------------------

_SHELL = None


def notebook_shell():
    """The worker's IPython shell (created once): outputs recorded as a kernel sends them, inline charts."""
    global _SHELL
    if _SHELL is not None:
        return _SHELL
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
            self.shell.record({"output_type": "display_data", "data": data, "metadata": metadata or {}})

        def clear_output(self, wait=False):
            self.shell.outputs.clear()

    class Hook(DisplayHook):
        def start_displayhook(self):
            pass

        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            self.shell.record({"output_type": "execute_result", "data": format_dict, "metadata": md_dict or {},
                               "execution_count": self.prompt_count})

        def finish_displayhook(self):
            pass

    class NotebookShell(InteractiveShell):
        display_pub_class = Publisher
        displayhook_class = Hook
        outputs: list = []

        def record(self, output):
            self.outputs.append(output)

        def write_stream(self, name, text):
            if self.outputs and self.outputs[-1].get("output_type") == "stream" and self.outputs[-1]["name"] == name:
                self.outputs[-1]["text"] += text
            else:
                self.outputs.append({"output_type": "stream", "name": name, "text": text})

        def enable_gui(self, gui=None):  # inline charts only: no GUI event loop
            pass

        def _showtraceback(self, etype, evalue, stb):
            self.record({"output_type": "error", "ename": getattr(etype, "__name__", str(etype)),
                         "evalue": str(evalue), "traceback": list(stb)})

    config = Config()
    config.HistoryManager.enabled = False
    _SHELL = NotebookShell.instance(config=config)
    _SHELL.outputs = []
    _SHELL.enable_matplotlib("inline")
    # pyplot's "draw every figure after each cell" hook: the inline backend then draws each figure
    # again to make its image (flush_figures), so this first drawing is wasted (≈ 0.1 s a chart)
    import matplotlib.pyplot as plt

    with contextlib.suppress(ValueError, AttributeError):
        _SHELL.events.unregister("post_execute", plt._draw_all_if_interactive)
    from matplotlib.figure import Figure

    _SHELL.display_formatter.formatters["image/png"].for_type(Figure, _png)
    return _SHELL


def _png(fig) -> str:
    """A chart's inline image (base64 PNG), as the inline backend makes it — but not cropped again when
    constrained layout already fitted it to its size.

    The kit's charts are made at their printed size and laid out by constrained layout
    (:mod:`transfo_lab.base.plotting`): the "tight" crop would lay the whole figure out once more
    before drawing it (≈ 16 % of the notebooks' CPU) to remove a few pixels of margin. Any other
    figure (a user's own notebook) is cropped as JupyterLab does, so that nothing sticking out is cut.
    """
    from IPython.core.pylabtools import print_figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    laid_out = isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    return print_figure(fig, "png", base64=True, bbox_inches=None if laid_out else "tight")


class _Stream(io.TextIOBase):
    """``sys.stdout`` / ``sys.stderr`` of a running cell: text becomes the cell's stream outputs."""

    def __init__(self, shell, name):
        self.shell, self.name = shell, name

    def write(self, text):
        if text:
            self.shell.write_stream(self.name, str(text))
        return len(text)

    def writable(self):
        return True

    @property
    def encoding(self):
        return "utf-8"

    def isatty(self):
        return False


def execute_notebook(notebook: str, parameters: dict, *, cwd: str | None = None, output_path: str | None = None,
                     timings: dict | None = None):
    """Execute a notebook in this process's shell, like ``papermill.execute_notebook``; returns the notebook.

    Raises ``papermill.exceptions.PapermillExecutionError`` (with the executed notebook as ``exc.nb``)
    when a cell fails. Meant to run in a fresh (forked) process: the shell's namespace is not reset.
    """
    import nbformat
    from papermill.exceptions import PapermillExecutionError
    from papermill.parameterize import parameterize_notebook

    t0 = time.perf_counter()
    shell = notebook_shell()
    nb = _notebook_node(str(notebook))  # like papermill: every cell gets a (maybe empty) list of tags
    nb = parameterize_notebook(nb, parameters, kernel_name="python3", language="python")
    if cwd:
        os.chdir(cwd)
    if timings is not None:
        timings["setup"] = time.perf_counter() - t0
    t0, cpu0 = time.perf_counter(), time.process_time()
    failure = None
    saved = sys.stdout, sys.stderr
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if failure is not None:
            cell.execution_count, cell.outputs = None, []
            continue
        shell.outputs = []
        sys.stdout, sys.stderr = _Stream(shell, "stdout"), _Stream(shell, "stderr")
        try:
            result = shell.run_cell(cell.source, store_history=True)
        finally:
            sys.stdout, sys.stderr = saved
        cell.execution_count = result.execution_count
        cell.outputs = [nbformat.from_dict(o) for o in shell.outputs]
        if not result.success:
            error = next((o for o in shell.outputs if o["output_type"] == "error"), None)
            exc = result.error_in_exec or result.error_before_exec
            failure = PapermillExecutionError(index, cell.execution_count, cell.source,
                                              error["ename"] if error else type(exc).__name__,
                                              error["evalue"] if error else str(exc),
                                              error["traceback"] if error else [])
    nb.metadata.setdefault("papermill", {}).update(
        {"parameters": parameters, "input_path": str(notebook), "output_path": output_path,
         "exception": failure is not None, "engine": "transfo_lab.reports.workers"})
    if timings is not None:
        timings["execute"] = time.perf_counter() - t0
        timings["execute_cpu"] = time.process_time() - cpu0
    if failure is not None:
        failure.nb = nb
        raise failure
    return nb


# --- what a worker keeps between reports ------------------------------------------------------------------

_PROGRAMMES: dict = {}
_PSEUDONYMISED: dict = {}
#: id of a programme handed out by the cache → (weak reference to it, its data key)
_ORIGINS: dict = {}
#: seconds the worker spent loading the last task's programme and notebook before forking it
LAST_WARM = 0.0
_NOTEBOOKS: dict = {}


def _folder_digest(folder: Path) -> str:
    """A content hash of a programme folder's data files (not hidden ones)."""
    import hashlib

    digest = hashlib.sha256()
    for parent, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(n for n in names if not n.startswith(".")):
            path = Path(parent) / name
            with contextlib.suppress(OSError):
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _remember_origin(programme, key) -> None:
    """Note that ``programme`` (a copy handed to a report) was loaded from the data known as ``key``."""
    import weakref

    for ident in [i for i, (ref, _) in _ORIGINS.items() if ref() is None]:
        del _ORIGINS[ident]
    with contextlib.suppress(TypeError):
        _ORIGINS[id(programme)] = (weakref.ref(programme), key)


def _origin(programme):
    """The data key of a programme loaded through the cache (``None`` for any other programme)."""
    ref, key = _ORIGINS.get(id(programme), (None, None))
    return key if ref is not None and ref() is programme else None


def _file_digest(path: Path) -> str | None:
    import hashlib

    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def _keep(cache: dict, key, value, size: int = 4) -> None:
    while len(cache) >= size:  # a few versions kept (the batch's), not every one
        cache.pop(next(iter(cache)))
    cache[key] = value


def install_caches() -> None:
    """In a worker only: one programme load and one pseudonymisation per worker while the data do not change.

    ``transfo_lab.contract.programme._load`` (what :func:`~transfo_lab.contract.programme.load_programme` calls) is
    wrapped: the programme read and validated from a folder whose files have the same content as
    last time is returned again — as a deep copy, so that a report can never change what the next
    one sees (each report runs in its own forked process anyway). Warnings and the validation
    report are those of the load, as before.

    :func:`transfo_lab.contract.privacy.pseudonymise_programme` is wrapped the same way, for a programme
    that came from that cache: with the same data, the same arguments and a key file whose content is
    what the last call left, the pseudonymised programme is the one made last time (a deep copy).
    Pseudonyms are stable by construction (the key is read, completed and written back), so the
    result is the same; the cost — scanning every text of the whole programme for names, which grows
    with the number of sites — is paid once per worker instead of once per report.
    """
    import copy

    from transfo_lab.contract import privacy
    from transfo_lab.contract import programme as module

    if getattr(module._load, "_transfo_lab_cached", False):
        return
    original = module._load

    def _load(path, lang):
        folder = Path(path).resolve()
        key = (str(folder), lang, _folder_digest(folder))
        if key not in _PROGRAMMES:
            _keep(_PROGRAMMES, key, original(path, lang))
        loaded = copy.deepcopy(_PROGRAMMES[key])
        _remember_origin(loaded, key)
        return loaded

    _load._transfo_lab_cached = True
    module._load = _load

    pseudonymise = privacy.pseudonymise_programme

    @functools.wraps(pseudonymise)
    def pseudonymise_programme(programme, *, enabled: bool = True, key_file=None, reports_dir=None, lang: str = "fr"):
        def fresh():
            return pseudonymise(programme, enabled=enabled, key_file=key_file, reports_dir=reports_dir, lang=lang)

        origin = _origin(programme)
        if not enabled or origin is None or getattr(programme, "pseudonymised", False):
            return fresh()
        try:
            path = privacy.key_path(programme, key_file)
        except Exception:  # noqa: BLE001 — the original call says what is wrong
            return fresh()
        call = (origin, str(key_file), str(reports_dir), lang, str(path))
        key = (*call, _file_digest(path))
        if key not in _PSEUDONYMISED:
            result = fresh()
            # kept under the key file as this call left it: the next report finds it unchanged
            _keep(_PSEUDONYMISED, (*call, _file_digest(path)), result)
            return result
        return copy.deepcopy(_PSEUDONYMISED[key])

    privacy.pseudonymise_programme = pseudonymise_programme


def warm(item) -> None:
    """Before forking a task: load into this worker what its report will read (programme, notebook).

    The programme is also pseudonymised as the task will ask (``item.privacy``: the arguments of
    :func:`~transfo_lab.contract.privacy.pseudonymise_programme`, ``None`` when the task shows names).
    """
    import warnings

    from transfo_lab.contract import privacy
    from transfo_lab.contract import programme as module

    programme_dir = getattr(item, "programme_dir", None)
    if not programme_dir or not getattr(module._load, "_transfo_lab_cached", False):
        return
    with warnings.catch_warnings(), contextlib.suppress(Exception):
        warnings.simplefilter("ignore")
        loaded = module._load(Path(programme_dir), None)  # what the notebooks call: load_programme(programme_dir)
        arguments = getattr(item, "privacy", None)
        if arguments is not None and loaded.report.ok:
            privacy.pseudonymise_programme(loaded, **arguments)


def _notebook_node(path: str):
    """The notebook as papermill reads it, parsed once per worker while the file does not change."""
    from papermill.iorw import load_notebook_node

    stat = os.stat(path)
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _NOTEBOOKS:
        _NOTEBOOKS[key] = load_notebook_node(str(path))
    import copy

    return copy.deepcopy(_NOTEBOOKS[key])


# --- one task in a forked child ---------------------------------------------------------------------------

def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def run_forked(func, arg, *, timeout: float = DEFAULT_TIMEOUT, on_failure=None, watch=None):
    """``func(arg)`` in a forked child of this process; its return value, pickled through a pipe.

    A child that dies without answering, or that runs past ``timeout`` seconds (it is then
    killed), gives ``on_failure(message)``. ``watch``: a socket whose closing (the parent went
    away) kills the child and exits this process.
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            os.close(read_fd)
            _die_with_parent()
            try:
                answer = pickle.dumps(("ok", func(arg)))
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                answer = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(answer)
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    chunks, deadline, timed_out = [], time.monotonic() + timeout, False
    with os.fdopen(read_fd, "rb") as pipe:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                break
            ready, _, _ = select.select([pipe] + ([watch] if watch is not None else []), [], [], min(left, 1.0))
            if watch is not None and watch in ready and not watch.recv(1, socket.MSG_PEEK):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                os._exit(1)
            if pipe in ready:
                chunk = os.read(pipe.fileno(), 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    if timed_out:
        return on_failure(f"délai dépassé : le rapport tournait encore après {timeout:.0f} s (arrêté)")
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception:  # noqa: BLE001 - no (complete) answer: the child died
        how = f"signal {-os.waitstatus_to_exitcode(status)}" if os.WIFSIGNALED(status) else \
            f"code {os.waitstatus_to_exitcode(status)}"
        return on_failure(f"le processus du rapport s'est arrêté brutalement ({how})")
    return value if kind == "ok" else on_failure(value)


# --- the worker process -----------------------------------------------------------------------------------

def preload() -> float:
    """Import :data:`PRELOAD` and prepare the shell and the exports; returns the seconds it took."""
    import importlib
    import warnings

    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        notebook_shell()
        for name in PRELOAD:
            with contextlib.suppress(Exception):
                importlib.import_module(name)
        with contextlib.suppress(Exception):
            from transfo_lab.reports import printer

            # WeasyPrint (≈ 1 s to import and set up) only where it prints: else Chromium, in its own process, does
            _warm_exports(weasyprint=printer.engine() == "weasyprint")
        with contextlib.suppress(Exception):
            from threadpoolctl import threadpool_limits

            # one thread: an OpenMP thread team made here would be inherited, without its threads, by every
            # forked report, whose first parallel k-means would then wait for them for ever (libgomp is not
            # fork-safe); the reports make their own team
            with threadpool_limits(limits=1):
                _warm_analyses()
    return time.perf_counter() - t0


def _warm_exports(*, weasyprint: bool = True) -> None:
    """Export a tiny report once (HTML, Markdown, with ``weasyprint`` PDF in memory), so that what nbconvert,
    mistune and WeasyPrint set up on first use (templates, fonts, shaping) is inherited by every report process."""
    import nbformat

    from transfo_lab.reports.document import TEMPLATES, pdf_context
    from transfo_lab.reports.notebook import ReportInfo, to_html, to_markdown

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Titre\n\n## Partie\n\nÉté, œuvre : *1 234* €."),
                                         nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output(
                                             "stream", name="stdout", text="note\n")])])
    info = ReportInfo("Programme", "00_warm")
    page = to_html(nb, info)
    to_markdown(nb, info, "warm_files")
    if not weasyprint:
        return
    import weasyprint as engine

    fonts, css, css_text = pdf_context()
    engine.HTML(string=page.replace(f"<style>{css_text}</style>", ""), base_url=str(TEMPLATES)).write_pdf(
        stylesheets=[css], font_config=fonts)


def _warm_analyses() -> None:
    """Run the affinity map once on a few made-up notes, so that what it sets up on first use is
    inherited by every report: the French lemma dictionary of ``simplemma`` (read from disk,
    ≈ 0.5 s), scikit-learn's lazily imported modules and its thread-pool inspection."""
    import pandas as pd

    from transfo_lab.phases.research import affinity

    words = ["cantine bruit attente repas", "bus gare ligne horaires", "internat chambre soirée calme",
             "débat vote idée conseil"]
    texts = [f"{words[i % 4]} élèves attendent {i}" for i in range(12)]
    affinity.affinity_map(pd.DataFrame({"text": texts, "site": ["a", "b"] * 6}), random_state=0, k_range=(2, 4))


def _send(sock, obj) -> None:
    data = pickle.dumps(obj)
    sock.sendall(struct.pack("!Q", len(data)) + data)


def _recv(sock):
    head = _recv_exact(sock, 8)
    if head is None:
        return None
    data = _recv_exact(sock, struct.unpack("!Q", head)[0])
    if data is None:
        return None
    return pickle.loads(data)


def _recv_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def serve(fds: list[int]) -> None:
    """The workers' loop: receive ``(func, arg, timeout)``, run it in a forked child, send the answer back.

    One process imports everything, then forks one more worker per extra socket (so the imports
    are paid once for the whole pool). Each worker exits when its socket closes (the parent
    process went away, even killed).
    """
    socks = [socket.socket(fileno=fd) for fd in fds]
    seconds = preload()
    install_caches()
    mine, forked = socks[0], []
    for sock in socks[1:]:
        pid = os.fork()
        if pid == 0:
            for other in socks:
                if other is not sock:
                    other.close()
            code = 0
            try:
                _serve_one(sock, seconds)
            except BaseException:  # noqa: BLE001
                code = 1
            finally:
                os._exit(code)
        forked.append(pid)
        sock.close()
    try:
        _serve_one(mine, seconds)
    finally:
        for pid in forked:  # reaped here, so that their time counts in this process's children's
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _serve_one(sock, seconds: float) -> None:
    global LAST_WARM
    _send(sock, ("ready", os.getpid(), seconds))
    while True:
        task = _recv(sock)
        if task is None:
            return
        func, arg, timeout = task
        started = time.perf_counter()
        with contextlib.suppress(Exception):
            item = arg[0] if isinstance(arg, tuple) else arg
            warm(item)
            if getattr(item, "notebook", None):
                _notebook_node(item.notebook)
        LAST_WARM = time.perf_counter() - started
        answer = run_forked(func, arg, timeout=timeout, on_failure=_Failure, watch=sock)
        _send(sock, answer)


class _Failure:
    """What a worker sends back for a task whose child failed without a result."""

    def __init__(self, message: str):
        self.message = message


class WorkerDied(RuntimeError):
    """The worker process itself stopped (killed, out of memory)."""


class Worker:
    """A warm worker process, driven from the parent through a socket."""

    def __init__(self, sock=None, process=None, *, threads: int | None = None, env: dict | None = None):
        if sock is None:
            [worker] = Worker.group(1, threads=threads, env=env)
            sock, process = worker.sock, worker.process
        self.sock, self.process, self.ready = sock, process, None

    @classmethod
    def group(cls, n: int, *, threads: int | None = None, env: dict | None = None) -> list["Worker"]:
        """``n`` workers from one process that imports once, then forks the others.

        Each may use ``threads`` threads in its numerical libraries (default
        :func:`threads_per_worker` of ``n``), unless the environment already says how many;
        ``env``: more environment variables for them (the print server's address).
        """
        pairs = [socket.socketpair() for _ in range(max(1, n))]
        env = thread_environment({**os.environ, **(env or {})}, threads or threads_per_worker(n))
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
        env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        fds = [child.fileno() for _, child in pairs]
        process = subprocess.Popen([sys.executable, "-m", "transfo_lab.reports.workers", *map(str, fds)], pass_fds=fds,
                                   env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        for _, child in pairs:
            child.close()
        return [cls(parent, process if i == 0 else None) for i, (parent, _) in enumerate(pairs)]

    def wait_ready(self):
        if self.ready is None:
            answer = _recv(self.sock)
            if answer is None:
                from transfo_lab.base.labels import label  # only here: a worker does not load the catalogue to start

                raise WorkerDied(label("batch.worker_not_started"))
            self.ready = answer
        return self.ready

    def call(self, func, arg, timeout: float = DEFAULT_TIMEOUT):
        """``func(arg)`` in a child of this worker; ``arg`` may be ``(item, None)``: the time it is sent is put in."""
        self.wait_ready()
        if isinstance(arg, tuple) and len(arg) == 2 and arg[1] is None:
            arg = (arg[0], time.perf_counter())
        try:
            _send(self.sock, (func, arg, timeout))
            answer = _recv(self.sock)
        except OSError:
            answer = None
        if answer is None:
            from transfo_lab.base.labels import label  # only here: a worker does not load the catalogue to start

            raise WorkerDied(label("batch.worker_died"))
        return answer

    def close(self):
        with contextlib.suppress(OSError):
            self.sock.close()
        if self.process is None:  # forked by the first worker of its group, which reaps it
            return
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class WarmPool:
    """``n`` warm workers fed from one queue; ``map_unordered`` yields ``(item, answer)`` as tasks finish.

    ``answer`` is the task's return value, or a :class:`_Failure`-like object with ``message``
    for a task whose child failed; a task whose worker died is retried once on a fresh worker.

    ``printing``: its tasks print documents to PDF. When Chromium prints them
    (:func:`transfo_lab.reports.printer.engine`), the pool then starts one print server for all
    its workers: one browser for the batch, started while the workers import.
    """

    def __init__(self, n: int, *, printing: bool = False):
        self.n = max(1, n)
        self.printing = printing
        self.workers: list[Worker] = []
        self.closed = False
        self.printer = None
        self.env: dict = {}

    def __enter__(self):
        from transfo_lab.reports import printer

        if self.printing and printer.engine() == "chromium" and not os.environ.get(printer.ADDRESS_VARIABLE):
            with contextlib.suppress(printer.PrinterUnavailable, OSError):
                self.printer = printer.PrintServer()
                self.env = self.printer.environment()
        self.workers = Worker.group(self.n, env=self.env)
        return self

    def __exit__(self, *exc):
        self.closed = True
        for worker in self.workers:  # every socket first: a group's first process waits for the others
            with contextlib.suppress(OSError):
                worker.sock.close()
        for worker in self.workers:
            worker.close()
        if self.printer is not None:
            self.printer.close()

    def map_unordered(self, func, items, *, timeout: float = DEFAULT_TIMEOUT, retries: int = 1):
        todo: queue.Queue = queue.Queue()
        for item in items:
            todo.put((item, 0))
        done: queue.Queue = queue.Queue()
        total = todo.qsize()

        def drive(slot: int):
            while not self.closed:
                try:
                    item, attempt = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    answer = self.workers[slot].call(func, (item, None), timeout)
                except WorkerDied as exc:
                    if self.closed:
                        return
                    self.workers[slot].close()
                    self.workers[slot] = Worker(threads=threads_per_worker(self.n), env=self.env)
                    if attempt < retries:
                        todo.put((item, attempt + 1))
                        continue
                    answer = _Failure(str(exc))
                done.put((item, answer))

        threads = [threading.Thread(target=drive, args=(i,), daemon=True, name=f"transfo-lab-worker-{i}")
                   for i in range(self.n)]
        for thread in threads:
            thread.start()
        for _ in range(total):
            yield done.get()
        for thread in threads:
            thread.join()


if __name__ == "__main__":
    # run the loop of the importable module (not of ``__main__``), so that the shell is one object
    from transfo_lab.reports.workers import serve as _serve

    _serve([int(fd) for fd in sys.argv[1:]])
