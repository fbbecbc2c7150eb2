"""The central server as a real process on 127.0.0.1, for tests and benchmarks."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests import forked

# The sites tests and benchmarks create say where they are in their own reports, as the
# desk does at each sync; a real server refuses a site without its area.
os.environ.setdefault("VAXDESK_CENTRAL_ALLOW_SITE_WITHOUT_AREA", "1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    database_url: str
    log_path: Path
    port: int = field(default_factory=free_port)
    process: forked.Forked | None = None
    tls: tuple[str, str] | None = None  # (certificate file, key file): serve HTTPS
    ca_file: str | None = None  # what a client must trust to reach an HTTPS server

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}/fhir"

    def cli(self, *args: str) -> str:
        """Run ``vaxdesk-central`` against this server's database; return what it printed.
        In this process: a new Python process per call (FastAPI and SQLAlchemy imported
        again) cost over a second each, twice in every wired test's setup. The CLI as a
        process is tested on its own (tests/central/test_register.py, test_csca_at_rest.py,
        tests/sync/test_transfer.py)."""
        from central_server.cli import main

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["--database-url", self.database_url, *args])
        if code != 0:
            raise RuntimeError(f"vaxdesk-central {' '.join(args)} exited {code}: {out.getvalue()}")
        return out.getvalue().strip()

    def start(self) -> LiveServer:
        self.process = forked.start(
            "central_server.cli", ["--database-url", self.database_url,
                                   "serve", "--port", str(self.port),
                                   *(["--ssl-certfile", self.tls[0], "--ssl-keyfile",
                                      self.tls[1]] if self.tls else [])],
            self.log_path)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            try:
                if requests.get(f"{self.url}/metadata", timeout=1,
                                verify=self.ca_file or True).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.02)  # a forked server listens within a few tenths of a second
        raise RuntimeError("server did not start in 30 s")

    def kill(self) -> None:
        """SIGKILL: the server dies mid-whatever, as on a power cut."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self, *, wait: bool = True) -> None:
        """SIGTERM, then (``wait``) until it is gone: a test's last server need not be
        waited for (its shutdown takes uvicorn's 0.1-0.2 s beside the next test)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            if not wait:
                return
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
