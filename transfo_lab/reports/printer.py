"""Print the documents (phase reports, livret, dossiers) to PDF with one headless Chromium shared by a whole batch.

WeasyPrint lays out the example's 27-page programme-wide report in ≈ 3.5 s of CPU; Chromium prints it in
≈ 0.5 s. A *print server* (this file run as a script: ``python printer.py SOCKET CHROMIUM``) drives one
Chromium over the DevTools protocol on a pipe (:class:`Browser`, a handful of commands: Playwright would
do it through a Node.js driver holding ≈ 180 MiB) and prints every document sent to its Unix socket,
several at once (one tab each). The batch's pool starts one for all its workers (:class:`PrintServer`)
and gives its address to every report process (:data:`ADDRESS_VARIABLE`); any other process that prints
starts its own on first use, kept until the process exits.

Chromium does not implement every rule of ``print.css`` that WeasyPrint does, so the server adds a
small print style sheet of its own (:func:`chromium_style`):

- the running header: the programme's name written into the ``@page`` margin box (Chromium has no
  ``position: running()``), and each chapter on pages named after it, whose margin box holds the
  chapter's name (WeasyPrint's ``string-set``; a chapter starts a page anyway; the flowing body of a
  phase report has no name there);
- the contents' page numbers (``target-counter()``) are found by printing twice: the first PDF
  says on which page each heading landed (its named destinations), the second prints the numbers.
  The numbers take the room kept for them in the first print, so nothing moves;
- no ligature glyphs, so that the PDF's text reads « Eiffel » and not « Eiﬀel ».

Pages are printed with JavaScript off and the network unreachable: a document is self-contained.
Where no Chromium is found (or ``TRANSFO_LAB_PDF_ENGINE=weasyprint``), or the print server cannot
start or stops, :func:`transfo_lab.reports.document.write_pdf` prints with WeasyPrint.
"""
from __future__ import annotations

import asyncio
import atexit
import base64
import contextlib
import html as _html
import importlib.util
import io
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

#: environment variable naming the Unix socket of a running print server (set by the batch's pool)
ADDRESS_VARIABLE = "TRANSFO_LAB_PRINTER"
#: ``weasyprint`` makes WeasyPrint print every PDF; else (``auto``, the default) Chromium does when it is found
ENGINE_VARIABLE = "TRANSFO_LAB_PDF_ENGINE"
#: path of the Chromium (or Chrome) executable to use, else the first found on the PATH
CHROMIUM_VARIABLE = "TRANSFO_LAB_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
                 "--disable-extensions", "--mute-audio", "--no-zygote", "--in-process-gpu"]
#: seconds a client waits for a print server to accept connections, and for one document
START_TIMEOUT = 60.0
PRINT_TIMEOUT = 300.0
#: seconds after which a process's own print server (not a batch's) stops if it printed nothing: a
#: JupyterLab kernel that printed a livret does not keep a browser for the rest of the session
LOCAL_IDLE = 120.0
#: room kept for a page number in the contents on the first print
_NUMBER_ROOM = "000"


class PrinterUnavailable(RuntimeError):
    """No print server could be reached or started: print with WeasyPrint instead."""


class PrintFailed(RuntimeError):
    """Chromium could not print this document (the message says why)."""


# --- which engine -----------------------------------------------------------------------------------------

def find_chromium() -> str | None:
    """The Chromium executable: :data:`CHROMIUM_VARIABLE`, else the first of :data:`CHROMIUM_NAMES` on the PATH."""
    chosen = os.environ.get(CHROMIUM_VARIABLE)
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def engine() -> str:
    """``"chromium"`` or ``"weasyprint"``: what prints the documents here."""
    asked = os.environ.get(ENGINE_VARIABLE, "auto").strip().lower()
    if asked == "weasyprint":
        return "weasyprint"
    if importlib.util.find_spec("pypdf") is None or find_chromium() is None:
        return "weasyprint"
    return "chromium"


# --- the document Chromium prints ----------------------------------------------------------------------

def css_string(text: str) -> str:
    """``text`` as a CSS string literal that cannot end the string nor the ``<style>`` element holding it."""
    # a hex escape ends at the space after it, which CSS consumes: the space is part of the escape
    return '"' + "".join(c if (c.isascii() and c.isalnum()) or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def toc_anchors(page: str) -> list[str]:
    """The targets (``id``) of the contents' entries of a document made by :class:`~transfo_lab.reports.document.Document`."""
    nav = re.search(r'<nav class="toc">(.*?)</nav>', page, flags=re.S)
    return [_html.unescape(a) for a in re.findall(r'<a href="#([^"]+)"', nav.group(1))] if nav else []


def chromium_style(page: str, numbers: dict[str, int] | None = None) -> str:
    """The print rules Chromium needs on top of ``print.css`` for ``page`` (see the module's docstring).

    ``numbers``: the page of each contents' target, once known; before, room is kept for them.
    """
    running = re.search(r'<div class="running-programme">(.*?)</div>', page, flags=re.S)
    programme = " ".join(_html.unescape(running.group(1)).split()) if running else ""
    rules = [
        "@page { @top-left { content: %s; } @top-right { content: none; } }" % css_string(programme),
        "@page :first { @top-left { content: none; } @top-right { content: none; } }",
        ".running-programme { display: none; }",
        # no ligature glyphs: the PDF's text reads « Eiffel », not « Eiﬀel » (search, copy, screen readers)
        "html { font-variant-ligatures: no-common-ligatures; }",
        # a caption stays whole, with what it captions: Chromium keeps ``break-after: avoid`` by breaking
        # inside the caption instead
        "figcaption { break-inside: avoid; }",
        # one page exactly: the page's content box is 297 − 22 − 20 = 255 mm high
        ".cover { box-sizing: border-box; min-height: 0; height: 250mm; }",
        "nav.toc a { display: flex; align-items: baseline; }",
        'nav.toc a::before { content: "%s"; order: 1; flex: 1 1 0; overflow: hidden; white-space: nowrap; '
        "margin: 0 1mm; font-weight: normal; color: #5a6b7b; letter-spacing: 0.6pt; }" % ("." * 300),
        "nav.toc a::after { content: %s; order: 2; font-weight: normal; min-width: 6mm; text-align: right; }"
        % (css_string(_NUMBER_ROOM) if numbers is None else '""'),
    ]
    # the chapter's name at the top right (WeasyPrint's ``string-set``): each chapter, which starts a page,
    # on pages of its own name (a flowing chapter — a phase report's body — has no name there)
    chapters = re.findall(r'<section class="chapter[^"]*" id="([^"]+)"><h1>(.*?)</h1>', page, flags=re.S)
    colophon = re.search(r'<section class="colophon"><h2 class="colophon-title">(.*?)</h2>', page, flags=re.S)
    named = [(f'section[id={css_string(anchor)}]', title) for anchor, title in chapters]
    named += [("section.colophon", colophon.group(1))] if colophon else []
    for number, (selector, title) in enumerate(named, start=1):
        rules.append("%s { page: chapter-%d; }" % (selector, number))
        rules.append("@page chapter-%d { @top-right { content: %s; } }"
                     % (number, css_string(" ".join(_html.unescape(re.sub(r"<[^>]+>", "", title)).split()))))
    for anchor, number in (numbers or {}).items():
        rules.append("nav.toc a[href=%s]::after { content: %s; }" % (css_string("#" + anchor), css_string(str(number))))
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def with_style(page: str, style: str) -> str:
    """``page`` with ``style`` added as the head's last style sheet."""
    head_end = page.find("</head>")
    return page[:head_end] + style + page[head_end:] if head_end >= 0 else style + page


def destination_pages(pdf: bytes) -> dict[str, int]:
    """Page number (from 1) of every named destination of a PDF (Chromium names them by the element's id)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages = {}
    for name, destination in reader.named_destinations.items():
        with contextlib.suppress(Exception):
            pages[str(name).lstrip("/")] = reader.get_destination_page_number(destination) + 1
    return pages


# --- the server -----------------------------------------------------------------------------------------------

class Browser:
    """One headless Chromium driven over the DevTools protocol, on a pipe (``--remote-debugging-pipe``).

    A client of a handful of commands (tabs, navigation, ``Page.printToPDF``): Playwright would do
    it, but through a Node.js driver that holds ≈ 180 MiB of memory for the whole batch.
    """

    def __init__(self, process, to_browser, from_browser):
        self.process, self._out, self._in = process, to_browser, from_browser
        self._next, self._calls, self._events = 0, {}, {}
        self._reader = asyncio.get_running_loop().create_task(self._read())
        self.opening = asyncio.Lock()

    @classmethod
    async def launch(cls, executable: str, profile: str) -> "Browser":
        # fds 3 and 4 of the browser: the commands it reads, the answers and events it writes
        commands_r, commands_w = os.pipe()
        answers_r, answers_w = os.pipe()

        def plumb():  # in the browser's process, before exec: the pipes on fds 3 and 4
            import fcntl

            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands_r, answers_w)]
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        process = await asyncio.create_subprocess_exec(
            executable, "--headless", "--remote-debugging-pipe", f"--user-data-dir={profile}", *CHROMIUM_ARGS,
            "about:blank", stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=plumb, pass_fds=(3, 4))
        os.close(commands_r)
        os.close(answers_w)
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader(limit=1 << 30)
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(answers_r, "rb", 0))
        writer, _ = await loop.connect_write_pipe(asyncio.Protocol, os.fdopen(commands_w, "wb", 0))
        return cls(process, writer, reader)

    async def _read(self) -> None:
        try:
            while True:
                message = json.loads((await self._in.readuntil(b"\0"))[:-1])
                if "id" in message:
                    future = self._calls.pop(message["id"], None)
                    if future is not None and not future.done():
                        future.set_result(message)
                else:
                    for waiter in self._events.pop((message.get("sessionId"), message.get("method")), []):
                        if not waiter.done():
                            waiter.set_result(message.get("params", {}))
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        for future in [*self._calls.values(), *(w for ws in self._events.values() for w in ws)]:
            if not future.done():
                future.set_exception(ConnectionError("Chromium stopped"))
        self._calls.clear()
        self._events.clear()

    def event(self, session: str | None, method: str) -> asyncio.Future:
        """A future for the next ``method`` event of ``session`` (ask before sending what triggers it)."""
        waiter = asyncio.get_running_loop().create_future()
        self._events.setdefault((session, method), []).append(waiter)
        return waiter

    async def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        if self._reader.done():
            raise ConnectionError("Chromium stopped")
        self._next += 1
        future = asyncio.get_running_loop().create_future()
        self._calls[self._next] = future
        message = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._out.write(json.dumps(message).encode() + b"\0")
        answer = await future
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error'].get('message')}")
        return answer.get("result", {})

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.send("Browser.close"), 5)
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        await self.process.wait()


class Tab:
    """A browser tab printing one document at a time: JavaScript off, network off."""

    def __init__(self, browser: Browser, session: str, target: str, folder: str):
        self.browser, self.session, self.target, self.folder = browser, session, target, folder

    @classmethod
    async def open(cls, browser: Browser, folder: str) -> "Tab":
        async with browser.opening:  # one at a time: the browser's first tab is taken once
            blank = [t["targetId"] for t in (await browser.send("Target.getTargets"))["targetInfos"]
                     if t["type"] == "page" and t["url"] == "about:blank" and not t["attached"]]
            target = blank[0] if blank else (await browser.send("Target.createTarget", {"url": "about:blank"}))["targetId"]
            session = (await browser.send("Target.attachToTarget", {"targetId": target, "flatten": True}))["sessionId"]
        for method, params in (("Page.enable", {}), ("Emulation.setScriptExecutionDisabled", {"value": True}),
                               ("Network.enable", {}),
                               ("Network.emulateNetworkConditions", {"offline": True, "latency": 0,
                                                                     "downloadThroughput": -1, "uploadThroughput": -1})):
            await browser.send(method, params, session)
        return cls(browser, session, target, tempfile.mkdtemp(dir=folder))

    async def pdf(self, page_html: str, *, outline: bool = True) -> bytes:
        path = Path(self.folder) / "page.html"
        path.write_text(page_html, encoding="utf-8")
        loaded = self.browser.event(self.session, "Page.loadEventFired")
        navigation = await self.browser.send("Page.navigate", {"url": path.as_uri()}, self.session)
        if navigation.get("errorText"):  # no load event would come
            loaded.cancel()
            raise RuntimeError(f"Page.navigate: {navigation['errorText']}")
        await loaded
        result = await self.browser.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True,
                                                             "generateDocumentOutline": outline}, self.session)
        return base64.b64decode(result["data"])

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.browser.send("Target.closeTarget", {"targetId": self.target})
        shutil.rmtree(self.folder, ignore_errors=True)


async def _print(browser: Browser, tabs: list, folder: str, page_html: str) -> bytes:
    tab = tabs.pop() if tabs else await Tab.open(browser, folder)
    try:
        anchors = toc_anchors(page_html)
        # with contents: a first print to learn their page numbers (no bookmarks needed in that one)
        pdf = await tab.pdf(with_style(page_html, chromium_style(page_html)), outline=not anchors)
        if anchors:
            found = await asyncio.get_running_loop().run_in_executor(None, destination_pages, pdf)
            numbers = {a: found[a] for a in anchors if a in found}
            pdf = await tab.pdf(with_style(page_html, chromium_style(page_html, numbers)))
        tabs.append(tab)
        return pdf
    except BaseException:
        await tab.close()
        raise


async def _serve(address: str, executable: str, idle: float | None = None) -> None:
    parent = os.getppid()
    activity = {"busy": 0, "last": time.monotonic()}
    folder = str(Path(address).parent)
    browser = await Browser.launch(executable, tempfile.mkdtemp(prefix="profile-", dir=folder))
    tabs: list = []
    try:
        await asyncio.wait_for(browser.send("Browser.getVersion"), START_TIMEOUT)

        async def handle(reader, writer):
            try:
                while True:
                    try:
                        size = struct.unpack("!Q", await reader.readexactly(8))[0]
                        page_html = (await reader.readexactly(size)).decode("utf-8")
                    except (asyncio.IncompleteReadError, ConnectionError):
                        return
                    activity["busy"] += 1
                    try:
                        pdf = await asyncio.wait_for(_print(browser, tabs, folder, page_html), PRINT_TIMEOUT)
                        status, payload = b"K", pdf
                    except Exception as exc:  # noqa: BLE001 - sent back to the report
                        status, payload = b"E", f"{type(exc).__name__}: {exc}".encode()
                    finally:
                        activity["busy"] -= 1
                        activity["last"] = time.monotonic()
                    writer.write(status + struct.pack("!Q", len(payload)) + payload)
                    await writer.drain()
            finally:
                writer.close()

        # listening before it has its name: a client never finds a socket that refuses while starting
        listening = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listening.bind(address + ".starting")
        listening.listen(16)
        os.rename(address + ".starting", address)
        server = await asyncio.start_unix_server(handle, sock=listening)
        async with server:
            # until the process that started the server goes away, or Chromium stops, or (``idle``) nothing
            # was printed for that many seconds
            def idle_for_long():
                return bool(idle) and not activity["busy"] and time.monotonic() - activity["last"] > idle

            while os.getppid() == parent and browser.process.returncode is None and not idle_for_long():
                await asyncio.sleep(0.5)
            if idle_for_long():  # gone, not refusing: the next client of this local server starts another
                with contextlib.suppress(OSError):
                    os.unlink(address)
    finally:
        await browser.close()


# --- the client -----------------------------------------------------------------------------------------------

class PrintServer:
    """A print server process, started now; it accepts documents once Chromium is up (clients wait for it)."""

    def __init__(self, executable: str | None = None, *, idle: float | None = None):
        executable = executable or find_chromium()
        if executable is None:
            raise PrinterUnavailable("no Chromium found")
        self.folder = tempfile.mkdtemp(prefix="transfo-lab-print-")
        self.address = str(Path(self.folder) / "socket")
        # this file run as a script: the server imports no more than the standard library (and pypdf)
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), self.address, executable,
                                         *([str(idle)] if idle else [])],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)

    def environment(self) -> dict[str, str]:
        """What a process needs in its environment to print with this server."""
        return {ADDRESS_VARIABLE: self.address}

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


_LOCAL: PrintServer | None = None
_LOCAL_PID: int | None = None
_LOCK = threading.Lock()


def _local_server():
    """``(address, alive)`` of this process's own print server, started on first use and stopped at exit or
    when idle (a forked child uses its parent's); ``alive()`` says whether its process still runs."""
    global _LOCAL, _LOCAL_PID
    with _LOCK:
        if _LOCAL is not None and _LOCAL_PID != os.getpid() and os.path.exists(_LOCAL.address):
            return _LOCAL.address, None
        if _LOCAL is None or _LOCAL_PID != os.getpid() or _LOCAL.process.poll() is not None:
            _LOCAL, _LOCAL_PID = PrintServer(idle=LOCAL_IDLE), os.getpid()
            atexit.register(_LOCAL.close)
        server = _LOCAL
        return server.address, lambda: server.process.poll() is None


def shared_environment() -> dict[str, str]:
    """The environment giving other processes (a long-lived warm worker) this process's print server,
    started if needed; empty when they inherit one already (:data:`ADDRESS_VARIABLE`) or the PDFs are
    printed by WeasyPrint."""
    if os.environ.get(ADDRESS_VARIABLE) or engine() != "chromium":
        return {}
    try:
        return {ADDRESS_VARIABLE: _local_server()[0]}
    except (PrinterUnavailable, OSError):
        return {}


def _connect(address: str, timeout: float, alive=None) -> socket.socket:
    """A connection to the server at ``address``, waiting while it starts (its socket does not exist yet);
    ``alive``: tells whether the server's process still runs (no use waiting for one that stopped)."""
    deadline = time.monotonic() + timeout
    while True:
        failed = Path(address + ".failed")
        if failed.exists():
            raise PrinterUnavailable(failed.read_text(encoding="utf-8", errors="replace"))
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(address)
            return sock
        except OSError as exc:
            sock.close()
            # a socket that refuses: its server stopped; no socket yet: it is starting
            if os.path.exists(address) or time.monotonic() > deadline or (alive is not None and not alive()):
                raise PrinterUnavailable(f"the print server does not answer ({exc})") from None
            time.sleep(0.05)


def print_pdf(page: str, *, timeout: float = PRINT_TIMEOUT) -> bytes:
    """``page`` (a whole HTML document) printed to PDF by Chromium; raises :class:`PrinterUnavailable`
    (no server: use WeasyPrint) or :class:`PrintFailed` (this document could not be printed)."""
    shared = os.environ.get(ADDRESS_VARIABLE)
    for attempt in range(2):
        address, alive = (shared, None) if shared else _local_server()
        try:
            sock = _connect(address, START_TIMEOUT, alive)
            break
        except PrinterUnavailable:
            if shared or attempt:
                raise
            # this process's own server stopped, idle, as it was asked for: start another
    try:
        sock.settimeout(timeout)
        data = page.encode("utf-8")
        sock.sendall(struct.pack("!Q", len(data)) + data)
        head = _recv_exact(sock, 9)
        payload = _recv_exact(sock, struct.unpack("!Q", head[1:])[0])
    except (OSError, ConnectionError) as exc:
        raise PrinterUnavailable(f"{type(exc).__name__}: {exc}") from None
    finally:
        sock.close()
    if head[:1] != b"K":
        raise PrintFailed(payload.decode("utf-8", "replace"))
    return payload


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    # as transfo_lab.reports.workers._recv_exact, which this module cannot import (a cycle: document →
    # printer → workers → document), but raising at the end of the stream
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            raise ConnectionError("the print server stopped")
        buf += chunk
    return bytes(buf)


def main(address: str, executable: str, idle: float | None = None) -> None:
    """Run a print server on ``address`` until the process that started it goes away (or, ``idle``,
    after that many seconds without printing).

    A server that cannot start (Chromium does not launch) leaves ``address.failed``
    holding the reason, so that its clients stop waiting and print with WeasyPrint.
    """
    try:
        asyncio.run(_serve(address, executable, idle))
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(address + ".failed").write_text(f"{type(exc).__name__}: {exc}", encoding="utf-8")
        raise SystemExit(1) from None


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else None)
