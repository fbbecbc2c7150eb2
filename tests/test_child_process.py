"""tests/child_process.py kills its child at the marker, and says so when it was not killed:
a crash test whose child finished or failed must fail, not pass on what it never saw."""

from __future__ import annotations

import subprocess

import pytest

from tests.child_process import run_killed

SAYS = """
print("db", db_path.name, "args", args, flush=True)
for step in range(3):
    print("step", step, flush=True)
    if step == int(args[1]):
        killed()
print("not killed")
"""


def test_a_child_killed_at_its_own_marker_comes_back_with_what_it_said(tmp_path):
    run = run_killed(SAYS, tmp_path / "vaxdesk.db", ["p-1", "p-2"], "1")
    assert run.stdout.splitlines() == ["db vaxdesk.db args [['p-1', 'p-2'], '1']",
                                       "step 0", "step 1"]


@pytest.mark.parametrize(("code", "timeout", "raised"), [
    (SAYS, 30, AssertionError),  # finished
    ("raise SystemExit(3)", 30, AssertionError),  # failed
    ("import time\ntime.sleep(60)", 1, subprocess.TimeoutExpired),  # hung
])
def test_a_child_not_killed_fails_the_test(tmp_path, code, timeout, raised):
    with pytest.raises(raised):
        run_killed(code, tmp_path / "vaxdesk.db", [], "9", timeout=timeout)
