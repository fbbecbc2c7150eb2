"""The power cut of the tests that check what a crash leaves behind: a real Python process,
running the test's code against a database file, killed with SIGKILL at a marker.

The marker is a line of the child's own, ``killed()`` (called there, or put where the
child must die: ``module.function = killed``)::

    run = run_killed(CODE, db_path, str(out), "joining", people)
    assert "pages 5" in run.stdout  # how far it got

``CODE`` runs after ``HEADER``, which gives it ``db_path`` (a ``Path``), ``args`` (the
further arguments, each passed as JSON: a list stays a list), ``killed()`` and
``open_db()`` (the database at ``db_path``, with the tests' passphrase)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the child imports desktop_app, tests

HEADER = '''\
import json, os, signal, sys
from pathlib import Path

db_path = Path(sys.argv[1])
args = [json.loads(arg) for arg in sys.argv[2:]]


def killed(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)  # the power cut, at this very line


def open_db():
    from desktop_app.db.database import open_database
    from tests.keys import TEST_PASSPHRASE
    return open_database(db_path, TEST_PASSPHRASE)


'''


def run_killed(code: str, db_path: Path | str, *args: object,
               timeout: float = 180) -> subprocess.CompletedProcess:
    """Run ``HEADER`` + ``code`` in a child Python with ``db_path`` and ``args`` (JSON each;
    a ``Path`` as its text), and assert it died of SIGKILL: not finished, not failed, not
    timed out. The run comes back with the child's stdout and stderr as text."""
    with tempfile.TemporaryDirectory(prefix="vaxdesk-killed-") as folder:
        script = Path(folder) / "killed.py"  # a file, so a traceback shows its lines
        script.write_text(HEADER + code, encoding="utf-8")
        command = [sys.executable, str(script), str(db_path),
                   *(json.dumps(arg, default=str) for arg in args)]
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
        run = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    assert run.returncode == -signal.SIGKILL, (run.returncode, run.stdout, run.stderr)
    return run
