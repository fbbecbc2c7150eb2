"""``vaxdesk-central staff``: ``add`` (the password asked twice on a terminal, or taken
from ``$VAXDESK_CENTRAL_STAFF_PASSWORD`` for scripts); ``disable`` and ``enable`` a login;
``reset-password`` (the new one asked twice, or from ``$VAXDESK_CENTRAL_NEW_PASSWORD``);
``sign-ins``, the latest sign-ins and refusals. Disabling and a new password end the
login's sessions at once. Each change is in the admin log with its operator (``cli.py``).
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine

from central_server.dashboard import staff
from central_server.dashboard.staff import add_staff

T = TypeVar("T")

PASSWORD_ENV = "VAXDESK_CENTRAL_STAFF_PASSWORD"
NEW_PASSWORD_ENV = "VAXDESK_CENTRAL_NEW_PASSWORD"


def add_staff_command(engine: Engine, username: str, level: str, area: str) -> int:
    problem = staff.area_refusal(level, area)  # before the password is asked for
    if problem is not None:
        print(f"refused: {problem}", file=sys.stderr)
        return 2
    password = _password(PASSWORD_ENV)
    if password is None:
        return 2
    return _run(lambda: add_staff(engine, username, level, area, password),
                lambda _: f"added {username} ({level} {area})")


def disable_command(engine: Engine, username: str) -> int:
    return _run(lambda: staff.disable(engine, username),
                lambda ended: f"disabled {_name(username)}: {ended} session(s) ended")


def enable_command(engine: Engine, username: str) -> int:
    return _run(lambda: staff.enable(engine, username),
                lambda was: f"enabled {_name(username)}"
                + ("" if was else " (it was not disabled)"))


def reset_password_command(engine: Engine, username: str, names_key: str) -> int:
    # The login is checked first so that nobody types a password for a name that is not there.
    if _run(lambda: staff._known(engine, username), lambda _: None) != 0:
        return 2
    password = _password(NEW_PASSWORD_ENV, "New password: ")
    if password is None:
        return 2
    return _run(lambda: staff.reset_password(engine, username, password, names_key),
                lambda ended: f"new password set for {_name(username)}: {ended} session(s) ended")


def sign_ins_command(engine: Engine, limit: int) -> int:
    """The latest first: a name no staff user has shows as its fingerprint only."""
    found = staff.sign_ins(engine, limit)
    for e in found:
        who = e.username or f"(unknown name, fingerprint {e.name_key})"
        print(f"{e.at:%Y-%m-%d %H:%M:%S}Z  {who}  {e.outcome}")
    print(f"{len(found)} sign-in(s)", file=sys.stderr)
    return 0


def _run(change: Callable[[], T], said: Callable[[T], str | None]) -> int:
    """0 with what ``change`` did in words; 2 with its refusal (an unknown login, a weak
    password, a name taken) said the one way the central CLI says refusals."""
    from central_server.cli import refused

    try:
        outcome = change()
    except (ValueError, LookupError) as exc:
        return refused(exc)
    line = said(outcome)
    if line is not None:
        print(line)
    return 0


def _name(username: str) -> str:
    return username.strip().lower()


def _password(env: str, prompt: str = "Password: ") -> str | None:
    """From ``env``, else asked twice at a terminal; None (said why) when neither."""
    password = os.environ.get(env)
    if not password and not sys.stdin.isatty():  # a script: getpass would end in EOFError
        print(f"refused: no password; run it at a terminal, or set {env}", file=sys.stderr)
        return None
    if not password:
        password = getpass.getpass(prompt)
        if getpass.getpass("Again: ") != password:
            print("refused: the two passwords differ", file=sys.stderr)
            return None
    return password
