"""`vaxdesk` with no command starts the window without importing every command's module."""

import subprocess
import sys
from pathlib import Path

from desktop_app.cli import _window_args


def test_only_the_windows_own_arguments_take_the_short_way():
    assert _window_args([]).command is None
    args = _window_args(["--db", "x.db", "--lang", "en", "gui"])
    assert (args.db, args.lang, args.self_test) == (Path("x.db"), "en", False)
    for other in (["info"], ["--version"], ["--self-test"], ["-h"], ["--lang", "fr"],
                  ["--db", "x.db", "search", "lan"], ["--la", "vi"]):
        assert _window_args(other) is None, other  # the full parser reads (and judges) them


def test_the_command_line_module_loads_no_command_module():
    code = ("import sys, desktop_app.cli; "
            "print(sorted(m for m in sys.modules if m.startswith('desktop_app.cli_') "
            "or m.split('.')[0] in ('reportlab', 'requests', 'pypdfium2')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
