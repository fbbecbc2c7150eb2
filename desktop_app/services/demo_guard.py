"""The demo database's data leaving the laptop: marked as sample data in every file written
from it, and never sent towards a central platform.

The demo (``services/demo.py``) holds synthetic people with well-formed CCCDs, real street
names and mobile numbers that may be someone's: a call-back list or a police list written
from it looked like a site's own work, and a sync sent it to any platform that knew its
site code. So every export asks ``export_mark`` and writes the line where its format
allows (above a table; in a column of its own where the file is read back by its header;
a ``"demo"`` key in the JSON a command prints, ``mark_json``), and every upload (a sync
round, its saved settings, the transfer file) calls ``refuse_upload`` first. Both live in
the services, so the app, the CLI and a script are treated alike.
"""

from __future__ import annotations

from typing import Any

from desktop_app.db.database import Database
from desktop_app.rules.demo import is_demo_path, is_demo_site
from desktop_app.rules.messages import UserError, text


class DemoNotSent(UserError):
    """The demo's records asked to go to a central platform (a sync, its settings, the
    transfer file), or (``DEMO_NO_LOOKUP``) a citizen's ID asked of one: refused before
    anything is sent or saved."""

    def __init__(self, code: str = "DEMO_NOT_SENT") -> None:
        super().__init__(code)


def is_demo_database(db: Database) -> bool:
    """The demo, by its file name (what the window goes by) or its site code (a copy of
    the demo under another name is still the sample data)."""
    if is_demo_path(db.path):
        return True
    from desktop_app.services.site import current_site

    site = current_site(db)
    return site is not None and is_demo_site(site.code)


def export_mark(db: Database, lang: str) -> str | None:
    """The line a file written from the demo carries, in ``lang`` and then the other
    language (the file may reach someone who reads only that one); None for a site's own
    database.

    The same words on every export, as a certificate's DEMO is the same on every PDF."""
    if not is_demo_database(db):
        return None
    other = "en" if lang == "vi" else "vi"
    return f"{text('DEMO_EXPORT_MARK', lang)} · {text('DEMO_EXPORT_MARK', other)}"


def mark_json(db: Database, value: Any, lang: str) -> Any:
    """``value``, JSON a command prints (``vaxdesk report daily --json``…), with the demo's
    mark under a ``"demo"`` key: last in an object (a documented first key, ``verify``'s
    verdict, stays first), or in each object of a list (as the police list's column is on
    every row: a script reading the list still gets a list). Unchanged for a site's own
    database.

    >>> mark_json(db, {"rows": []}, "en")                                  # doctest: +SKIP
    {'rows': [], 'demo': 'DEMO — sample data, not real · MẪU (DEMO) — ...'}
    """
    mark = export_mark(db, lang)
    if mark is None:
        return value
    if isinstance(value, dict):
        return {**value, "demo": mark}
    if isinstance(value, list):
        return [{**v, "demo": mark} if isinstance(v, dict) else v for v in value]
    return value


def refuse_upload(db: Database, code: str = "DEMO_NOT_SENT") -> None:
    """Raise ``DemoNotSent`` on the demo: its records never leave for a platform, nor does
    it ask one anything."""
    if is_demo_database(db):
        raise DemoNotSent(code)
