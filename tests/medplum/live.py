"""Medplum's FHIR engine (``tests/medplum/server.mjs``) as a real process on 127.0.0.1: a
FHIR server we did not write, for the sync (README, "Any FHIR R4 server").

Its packages, Node 22 among them, are pinned by ``tests/medplum/package-lock.json`` and
installed by ``npm ci`` into ``tests/medplum/node_modules``: by ``.ci/run``, or here on first
use. Without npm the tests that need it are skipped, except where ``VAXDESK_NEED_MEDPLUM`` is
set (CI), where its absence is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from filelock import FileLock

from tests.live_server import free_port

HERE = Path(__file__).parent
NODE = HERE / "node_modules" / ".bin" / "node"


def installed() -> Path:
    """The pinned Node, installing the packages once (under a lock: xdist workers race)."""
    with FileLock(str(HERE / ".install.lock")):
        if not NODE.exists():
            npm = shutil.which("npm")
            if npm is None:
                if os.environ.get("VAXDESK_NEED_MEDPLUM"):
                    pytest.fail("npm is needed to install the Medplum test server")
                pytest.skip("npm is not installed: the Medplum test server cannot be")
            subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                           cwd=HERE, check=True, timeout=600)
    return NODE


@dataclass
class MedplumServer:
    folder: Path
    token: str = "medplum-token"
    batch: bool = True
    # A client that may choose record ids: on Medplum only a super administrator, whom the
    # laptop's PUTs then create records for. False: a project's client, refused them.
    can_set_id: bool = True
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/fhir/R4"

    @property
    def request_log(self) -> Path:
        return self.folder / "medplum-requests.log"

    def requests_seen(self) -> list[str]:
        return self.request_log.read_text().splitlines() if self.request_log.exists() else []

    def start(self) -> MedplumServer:
        log = (self.folder / "medplum-server.log").open("ab")
        self.process = subprocess.Popen(
            [str(installed()), str(HERE / "server.mjs"), "--port", str(self.port),
             "--token", self.token, "--log", str(self.request_log),
             *([] if self.batch else ["--no-batch"]),
             *(["--can-set-id"] if self.can_set_id else [])],
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Medplum server exited: see {log.name}")
            try:
                if requests.get(f"{self.url}/metadata", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("Medplum server did not start in 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    # -- another tool's hands on the server ---------------------------------------------
    def session(self) -> requests.Session:
        s = requests.Session()
        s.headers["Authorization"] = f"Bearer {self.token}"
        return s
