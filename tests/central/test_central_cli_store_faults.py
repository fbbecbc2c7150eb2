"""Found by a review: ``vaxdesk-central`` met a store it cannot open with a traceback.

The platform's admin runs every command against ``--database-url`` / ``DATABASE_URL``. A
PostgreSQL server that is down, a SQLite path under a file, or a file that is not a
database (a backup copy restored wrongly) is a fault of the machine: it should be said in
one sentence and a non-zero exit, never a traceback (as the laptop's ``vaxdesk`` does).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.live_server import free_port

CLI = str(Path(sys.executable).with_name("vaxdesk-central"))


def _cases(tmp: Path) -> dict[str, str]:
    junk = tmp / "copy.db"
    junk.write_bytes(b"this is not a database\n" * 100)
    return {
        "postgresql down": f"postgresql+psycopg://admin:pw@127.0.0.1:{free_port()}/central",
        "path under a file": f"sqlite:///{junk}/central.db",
        "not a database": f"sqlite:///{junk}",
    }


@pytest.mark.parametrize("case", ["postgresql down", "path under a file", "not a database"])
@pytest.mark.parametrize("command", [["list-tokens"], ["revoke-site-token", "HN-0001"]])
def test_a_store_that_cannot_be_opened_is_said_without_a_traceback(tmp_path, case, command):
    url = _cases(tmp_path)[case]
    done = subprocess.run([CLI, "--database-url", url, *command], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr[-1500:]
    assert done.returncode == 3
    assert "Không mở được cơ sở dữ liệu của hệ thống trung tâm" in done.stderr
    assert ":pw@" not in done.stderr  # the URL shown without its password
