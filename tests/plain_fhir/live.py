"""The plain FHIR server (``tests/plain_fhir/server.py``) as a real process on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.live_server import free_port


@dataclass
class PlainServer:
    folder: Path
    token: str = "plain-fhir-token"
    flags: tuple[str, ...] = ()  # --etag-only, --fail-if-match, --read-only
    batch: bool = False  # the tests' default: a server without batch, one PUT per resource
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/baseR4"

    @property
    def request_log(self) -> Path:
        return self.folder / "plain-requests.log"

    def requests_seen(self) -> list[str]:
        return self.request_log.read_text().splitlines() if self.request_log.exists() else []

    def start(self) -> PlainServer:
        log = (self.folder / "plain-server.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.plain_fhir.server", "--db",
             str(self.folder / "plain-fhir.db"), "--port", str(self.port),
             "--token", self.token, "--log", str(self.request_log), *self.flags,
             *([] if self.batch else ["--no-batch"])],
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("plain FHIR server exited")
            try:
                if requests.get(f"{self.url}/metadata", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("plain FHIR server did not start in 20 s")

    def restart(self, *flags: str) -> PlainServer:
        self.stop()
        self.flags = flags
        return self.start()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    # -- another tool's hands on the server ---------------------------------------------
    def session(self) -> requests.Session:
        s = requests.Session()
        s.headers["Authorization"] = f"Bearer {self.token}"
        return s
