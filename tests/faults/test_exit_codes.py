"""The README's exit-code table is the code's table (desktop_app/exit_codes.py)."""

import re
from pathlib import Path

from desktop_app import exit_codes
from desktop_app.rules.messages import text

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_table_says_what_the_code_says():
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", README.read_text(encoding="utf-8"), re.M)
    assert [(int(code), meaning) for code, meaning in rows] == [
        (code, text(entry, "en")) for code, entry in exit_codes.TABLE]


def test_every_fault_has_its_own_code():
    codes = list(exit_codes.FAULT_EXIT.values())
    assert len(set(codes)) == len(codes)
    assert not set(codes) & {0, 1, 2, 3, 4, 5}
