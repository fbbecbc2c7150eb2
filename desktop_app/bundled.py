"""Where the data files shipped with the app (the top-level ``resources/`` folder) live.

Three layouts exist: a source checkout or editable install (``resources/`` beside the package),
a PyInstaller bundle (``sys._MEIPASS/resources``), and an explicit override for packagers.
"""

from __future__ import annotations

import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any


def resources_dir() -> Path:
    override = os.environ.get("VAXDESK_RESOURCES")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {path}")
    return path


@cache
def load_json(name: str) -> Any:
    """Read a bundled JSON file once per process (they never change while the app runs)."""
    return json.loads(resource_path(name).read_text(encoding="utf-8"))
