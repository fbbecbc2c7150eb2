"""A Python program's ``main(argv)`` started as a real process in a fraction of the time a
new interpreter takes.

Each test of the sync, the certificates or the platform starts a central server process of
its own: ``python -m central_server.cli serve`` spent 1.5-2 s importing FastAPI, pydantic,
SQLAlchemy and cryptography, over 450 times a run, a third of the suite's time. Here each
test process keeps a fork server (``multiprocessing``'s "forkserver": a small process that
has imported those modules once, and nothing else: no thread, no open file of a test) and
each start is a ``fork()`` of it that runs the program's ``main``: its own process, its own
pid, port, database and log, killed or stopped as before. What the program reads at start
(the arguments, the environment, the working folder) is the caller's at the call, as for a
new process.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path

# What the fork server imports once: the central server and what its start pulls in.
PRELOAD = ["central_server.cli", "central_server.app", "uvicorn"]
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
            import subprocess

            raise subprocess.TimeoutExpired(f"pid {self.pid}", timeout or 0)
        return self._process.exitcode


def start(module: str, argv: list[str], log_path: Path) -> Forked:
    """``module.main(argv)`` in a new process, its output appended to ``log_path``, its
    exit code ``main``'s return value."""
    process = _fork_server().Process(
        target=_run, args=(module, argv, str(log_path), dict(os.environ), os.getcwd()),
        daemon=False)
    process.start()
    return Forked(process)


def _fork_server() -> multiprocessing.context.ForkServerContext:
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def _run(module: str, argv: list[str], log_path: str, environ: dict[str, str],
         cwd: str) -> None:
    """In the new process: the caller's environment and folder, output to the log."""
    os.environ.clear()
    os.environ.update(environ)
    time.tzset()
    os.chdir(cwd)
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # as a new process: the program decides
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(importlib.import_module(module).main(argv))
