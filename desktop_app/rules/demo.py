"""What marks the demo database (sample data to try the app with) as not real: its own file
name, which the window and its banner go by without a query, and its site code, which every
certificate printed from it carries. Pure: the PDF and the UI both ask here."""

from __future__ import annotations

from pathlib import Path

DEMO_FILENAME = "vaxdesk-demo.db"
DEMO_SITE_CODE = "DEMO-01"


def is_demo_path(path: Path) -> bool:
    """
    >>> is_demo_path(Path("/data/vaxdesk-demo.db")), is_demo_path(Path("/data/vaxdesk.db"))
    (True, False)
    """
    return path.name == DEMO_FILENAME


def is_demo_site(code: str | None) -> bool:
    return code == DEMO_SITE_CODE
