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
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest
from filelock import FileLock

from tests.fhir_process import FhirProcess

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
class MedplumServer(FhirProcess):
    token: str = "medplum-token"
    batch: bool = True
    # A client that may choose record ids: on Medplum only a super administrator, whom the
    # laptop's PUTs then create records for. False: a project's client, refused them.
    can_set_id: bool = True
    name: ClassVar[str] = "medplum"
    base_path: ClassVar[str] = "/fhir/R4"
    start_seconds: ClassVar[float] = 60

    def command(self) -> list[str]:
        return [str(installed()), str(HERE / "server.mjs"), "--port", str(self.port),
                "--token", self.token, "--log", str(self.request_log),
                *([] if self.batch else ["--no-batch"]),
                *(["--can-set-id"] if self.can_set_id else [])]
