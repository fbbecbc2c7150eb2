"""A Python program's ``main(argv)`` started as a real process in a fraction of the time a
new interpreter takes.

Each test of the sync, the certificates or the platform starts a central server process of
its own: ``python -m central_server.cli serve`` spent 1.5-2 s importing FastAPI, pydantic,
SQLAlchemy and cryptography, over 450 times a run, a third of the suite's time; each
``vaxdesk`` command a test runs spent 0.6-0.8 s importing before it did anything. Here each
test process keeps a fork server (``multiprocessing``'s "forkserver": a small process that
has imported those modules once, and nothing else: no thread, no open file of a test, no
Qt) and each start is a ``fork()`` of it that runs the program's ``main``: its own process,
its own pid, files and exit code, killed or stopped as before. What the program reads at
start (the arguments, the environment, the working folder, its standard input) is the
caller's at the call, as for a new process. A test of what happens before ``main`` (the
import of the entry point, the window) runs ``python -m`` as before.
"""

from __future__ import annotations

import atexit
import importlib
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# What the fork server imports once: the central server and what its start pulls in, and
# the vaxdesk commands (none of which imports Qt: only the window does).
PRELOAD = ["central_server.cli", "central_server.app", "uvicorn", "desktop_app.cli",
           *(f"desktop_app.cli_{name}" for name in (
               "audit", "backups", "certificates", "cleaning", "demo", "import", "lookup",
               "passphrase", "report", "session", "sync", "transfer")),
           "desktop_app.services.doses"]
_context: multiprocessing.context.ForkServerContext | None = None


class Forked:
    """The process, with the part of ``subprocess.Popen``'s handle the tests use."""

    def __init__(self, process: multiprocessing.process.BaseProcess) -> None:
        self._process = process

    @property
    def pid(self) -> int:
        assert self._process.pid is not None
        return self._process.pid

    def poll(self) -> int | None:
        return self._process.exitcode

    def send_signal(self, sig: int) -> None:
        if self._process.exitcode is None:
            os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def wait(self, timeout: float | None = None) -> int:
        self._process.join(timeout)
        if self._process.exitcode is None:
            raise subprocess.TimeoutExpired(f"pid {self.pid}", timeout or 0)
        return self._process.exitcode


def start(module: str, argv: list[str], log_path: Path) -> Forked:
    """``module.main(argv)`` in a new process, its output appended to ``log_path``, its
    exit code ``main``'s return value."""
    process = _fork_server().Process(
        target=_run, args=(module, argv, [os.devnull, str(log_path), str(log_path)],
                           dict(os.environ), os.getcwd()), daemon=False)
    process.start()
    return Forked(process)


def run(module: str, argv: list[str], *, env: dict[str, str] | None = None,
        input: str | None = None, timeout: float | None = None,
        cwd: Path | str | None = None) -> subprocess.CompletedProcess[str]:
    """``module.main(argv)`` in a new process, as ``subprocess.run([python, "-m", module,
    *argv], capture_output=True, text=True, stdin=DEVNULL or input)`` runs it: its exit
    code, standard output and error as text; TimeoutExpired (the process killed) when it
    runs past ``timeout``."""
    with tempfile.TemporaryDirectory(prefix="forked-") as folder:
        streams = [os.path.join(folder, name) for name in ("in", "out", "err")]
        with open(streams[0], "w", encoding="utf-8") as f:
            f.write(input or "")
        process = _fork_server().Process(
            target=_run, args=(module, argv, streams, dict(os.environ if env is None else env),
                               str(cwd or os.getcwd())), daemon=False)
        process.start()
        process.join(timeout)
        if process.exitcode is None:
            process.kill()
            process.join()
            raise subprocess.TimeoutExpired([module, *argv], timeout or 0)
        out, err = (Path(name).read_text(encoding="utf-8", errors="replace")
                    for name in streams[1:])
    return subprocess.CompletedProcess([module, *argv], process.exitcode, out, err)


def vaxdesk(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """The ``vaxdesk`` command with ``args``, as a new process (``run``)."""
    return run("desktop_app.cli", list(args), **kwargs)


def _fork_server() -> multiprocessing.context.ForkServerContext:
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def _run(module: str, argv: list[str], streams: list[str], environ: dict[str, str],
         cwd: str) -> None:
    """In the new process: the caller's environment, folder and arguments; standard input
    read from ``streams[0]``, output and errors appended to the other two; the exit code
    ``main``'s. The streams as Python sets them up under a UTF-8 locale."""
    os.environ.clear()
    os.environ.update(environ)
    time.tzset()
    os.chdir(cwd)
    for fd, name in enumerate(streams):
        opened = os.open(name, os.O_RDONLY if fd == 0 else
                         os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(opened, fd)
        os.close(opened)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - the process's own
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace",  # noqa: SIM115
                      closefd=False, buffering=1)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # as a new process: the program decides
    signal.signal(signal.SIGINT, signal.default_int_handler)
    program = importlib.import_module(module)
    sys.argv = [program.__file__ or module, *argv]
    try:
        code = program.main(argv)
    finally:
        atexit._run_exitfuncs()  # as an interpreter's exit runs them (the fork's would not)
    sys.exit(code)
