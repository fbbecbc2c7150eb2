"""A FHIR server we did not write into the app, run as a real process on 127.0.0.1 for the
sync tests: its start (waiting for its CapabilityStatement), stop, request log, and the
session another tool would use on it. ``tests/plain_fhir/live.py`` and
``tests/medplum/live.py`` say which server and how it is started."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import requests

from tests.live_server import free_port


@dataclass
class FhirProcess:
    folder: Path
    token: str = "fhir-token"
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    name: ClassVar[str] = "fhir"  # its files in ``folder``: {name}-server.log, {name}-requests.log
    base_path: ClassVar[str] = "/fhir"
    start_seconds: ClassVar[float] = 20

    def command(self) -> list[str]:
        raise NotImplementedError

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.base_path}"

    @property
    def request_log(self) -> Path:
        return self.folder / f"{self.name}-requests.log"

    def requests_seen(self) -> list[str]:
        return self.request_log.read_text().splitlines() if self.request_log.exists() else []

    def start(self) -> FhirProcess:
        log = (self.folder / f"{self.name}-server.log").open("ab")
        self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.start_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} server exited: see {log.name}")
            try:
                if requests.get(f"{self.url}/metadata", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.name} server did not start in {self.start_seconds:.0f} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def restart(self) -> FhirProcess:
        self.stop()
        return self.start()

    # -- another tool's hands on the server ---------------------------------------------
    def session(self) -> requests.Session:
        s = requests.Session()
        s.headers["Authorization"] = f"Bearer {self.token}"
        return s
