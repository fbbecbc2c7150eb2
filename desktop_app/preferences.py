"""Per-user preferences that must be known before any database opens (the UI language).

A small JSON file in the user data folder; a missing or unreadable file means defaults.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from desktop_app.paths import data_dir

FILENAME = "preferences.json"
LANGUAGES = ("vi", "en")


@dataclass
class Preferences:
    language: str = "vi"


def load_preferences() -> Preferences:
    try:
        raw = json.loads((data_dir() / FILENAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    language = raw.get("language")
    return Preferences(language=language if language in LANGUAGES else "vi")


def save_preferences(prefs: Preferences) -> None:
    path = data_dir() / FILENAME
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(prefs)), encoding="utf-8")
    tmp.replace(path)  # atomic: a crash never leaves half a file
