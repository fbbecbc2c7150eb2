"""The README opens with the two commands (launch; test) and documents every CLI command."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_exactly_two_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert README.startswith("# VaxDesk\n\n```sh\n")  # nothing before the commands
    lines = first_block.group(1).strip().splitlines()
    assert len(lines) == 2
    launch, test = lines
    assert launch.endswith(".venv/bin/vaxdesk")
    assert re.search(r"\.venv/bin/python -m pytest( -n \d+ --dist \w+)?$", test)


def test_ci_runs_the_readmes_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    extract = re.search(r"test_command=\$\((awk .*?README\.md)\)", script).group(1)
    out = subprocess.run(["bash", "-c", extract], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == re.search(r"```sh\n.*?\n(.*?)\n```", README, re.S).group(1)


def test_every_cli_command_is_documented():
    from desktop_app.cli import commands

    for name in commands():
        assert f"vaxdesk {name}" in README, name


def test_the_readmes_qt_install_line_is_the_list_the_app_checks():
    from desktop_app.display_check import XCB_LIBRARIES, install_line

    packages = list(dict.fromkeys(XCB_LIBRARIES.values()))
    assert f"\n    {install_line(packages)}\n" in README
    assert "python3 -m desktop_app.display_check --apt" in (ROOT / ".ci" / "run").read_text()
