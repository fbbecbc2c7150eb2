"""The JSON the ``vaxdesk`` commands print (``--json``), written in one place: from the demo
database it carries the demo's mark (``demo_guard.mark_json``), as every file written from
it does, so a script's output of sample data is not taken for a site's figures.

    vaxdesk --db vaxdesk-demo.db report daily --from 2026-11-01 --to 2026-11-30 --json
    {"rows": [...], "completeness": [...], "demo": "MẪU (DEMO) — dữ liệu mẫu, ... · DEMO — ..."}
"""

from __future__ import annotations

import json
from typing import Any

from desktop_app.services.database import Database
from desktop_app.services.demo_guard import mark_json


def print_json(db: Database, value: Any, lang: str, *, indent: int | None = None) -> None:
    """Print ``value`` as JSON (non-ASCII as itself: Vietnamese names stay readable)."""
    print(json.dumps(mark_json(db, value, lang), ensure_ascii=False, indent=indent))
