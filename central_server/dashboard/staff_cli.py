"""``vaxdesk-central staff add``: the password asked twice on a terminal, or taken from
``$VAXDESK_CENTRAL_STAFF_PASSWORD`` for scripts."""

from __future__ import annotations

import getpass
import os
import sys

from sqlalchemy import Engine

from central_server.dashboard.staff import add_staff
from desktop_app.rules import admin_units

PASSWORD_ENV = "VAXDESK_CENTRAL_STAFF_PASSWORD"


def add_staff_command(engine: Engine, username: str, level: str, area: str) -> int:
    known = {"province": admin_units.province, "commune": admin_units.commune}.get(level)
    if known is not None and known(area) is None:
        print(f"refused: no {level} with code {area!r} in the GSO list", file=sys.stderr)
        return 2
    password = os.environ.get(PASSWORD_ENV)
    if not password and not sys.stdin.isatty():  # a script: getpass would end in EOFError
        print(f"refused: no password; run it at a terminal, or set {PASSWORD_ENV}",
              file=sys.stderr)
        return 2
    if not password:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("refused: the two passwords differ", file=sys.stderr)
            return 2
    try:
        add_staff(engine, username, level, area, password)
    except ValueError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 2
    print(f"added {username} ({level} {area})")
    return 0
