"""Making the machine refuse for real, for the fault tests.

- A read-only folder: ``chmod 0500``. Root ignores file modes, and the tests may run as root
  (containers), so the process under test then runs with the capabilities that let root
  ignore them dropped (``setpriv``): the kernel refuses it exactly as it refuses a user.
- A full disk: a 1 MB tmpfs mounted in a private mount namespace (``unshare -m``, or as a
  user ``unshare -rm``), filled to the last byte; gone when the process ends.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.keys import ensure_test_supervisor

DROP_ROOT_OVERRIDES = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner",
                       "--"]


def as_ordinary_user() -> list[str]:
    """The command prefix under which file modes bind (empty when not root)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file modes cannot be enforced")
    return DROP_ROOT_OVERRIDES


def vaxdesk_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "desktop_app.cli", *args]


def run(cmd: list[str], data: Path, **env: str) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, VAXDESK_DATA_DIR=str(data), **env)
    return subprocess.run(cmd, env=full_env, capture_output=True, text=True, timeout=120)


def site_database(data: Path) -> Path:
    """A database with the test supervisor, closed, in ``data``."""
    path = data / "vaxdesk.db"
    ensure_test_supervisor(path)
    for lock in data.glob("*.lock"):
        lock.unlink()  # as on a folder copied from elsewhere: nothing but the database
    return path


def on_a_full_disk(database: Path, mount: Path,
                   *commands: list[str]) -> tuple[bool, list[tuple[int, str]]]:
    """``database`` copied onto a 1 MB tmpfs at ``mount`` and the disk filled; then each
    command run there. Whether the disk was full to the byte, and each command's exit code
    and output (stdout and stderr)."""
    mount.mkdir()
    return _on_a_full_tmpfs(mount, [f"cp {database} {mount}/"], commands,
                            dict(os.environ, VAXDESK_DATA_DIR=str(mount)))


def on_a_full_drive(mount: Path, *commands: list[str]) -> tuple[bool, list[tuple[int, str]]]:
    """A 1 MB tmpfs at the folder ``mount`` (a backup drive), filled; then each command run
    with the environment as it is (the database and its data folder elsewhere). As
    ``on_a_full_disk`` returns."""
    return _on_a_full_tmpfs(mount, [], commands, dict(os.environ))


def _on_a_full_tmpfs(mount: Path, setup: list[str], commands: tuple[list[str], ...],
                     env: dict[str, str]) -> tuple[bool, list[tuple[int, str]]]:
    unshare = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
    probe = subprocess.run([*unshare, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"no private mount namespace here: {probe.stderr.decode().strip()}")
    steps = [f"mount -t tmpfs -o size=1m tmpfs {mount}", *setup,
             f"dd if=/dev/zero of={mount}/filler bs=4k 2>/dev/null; true",
             f"test $(stat -f -c %a {mount}) -eq 0 && echo DISK-FULL"]
    for command in commands:
        steps.append(f"echo '<<<'; {shlex.join(command)} 2>&1; echo \">>>$?\"")
    script = "\n".join(steps)
    out = subprocess.run([*unshare, "sh", "-c", script], env=env, capture_output=True,
                         text=True, timeout=300).stdout
    results = []
    for part in out.split("<<<\n")[1:]:
        output, _, code = part.rpartition(">>>")
        results.append((int(code.strip()), output))
    return out.startswith("DISK-FULL"), results
