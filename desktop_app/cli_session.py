"""How the CLI gets in: the database passphrase, then a login (or, on a laptop with no account
yet, ``vaxdesk user add NAME --role supervisor`` making the first one).

For scripts: ``VAXDESK_DB_PASSPHRASE``, ``VAXDESK_USER`` and ``VAXDESK_PASSWORD``; a new
account's password comes from ``VAXDESK_NEW_PASSWORD`` (or, for the very first supervisor,
``VAXDESK_PASSWORD``: the same person is making and then using it). At a terminal, whatever
is missing is asked.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from desktop_app.rules.messages import UserError, text
from desktop_app.services import accounts, demo, passphrase
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor, Role
from desktop_app.services.database import Database

USER_ENV, PASSWORD_ENV, NEW_PASSWORD_ENV = "VAXDESK_USER", "VAXDESK_PASSWORD", \
    "VAXDESK_NEW_PASSWORD"


def database_passphrase(path: Path, lang: str) -> str | None:
    """The environment's, the keyring's, or asked at the terminal (twice for a new database);
    None if none can be had (open_database then says how to give one)."""
    given = demo.demo_passphrase(path) or passphrase.from_environment() \
        or passphrase.from_keyring(path)
    if given or not sys.stdin.isatty():
        return given
    if not passphrase.is_new_database(path):
        return getpass.getpass(text("DB_PASSPHRASE_PROMPT", lang))
    while True:
        first = getpass.getpass(text("DB_PASSPHRASE_NEW_PROMPT", lang,
                                     min=passphrase.MIN_LENGTH))
        problems = passphrase.check_new_passphrase(
            first, getpass.getpass(text("DB_PASSPHRASE_AGAIN_PROMPT", lang)))
        if not problems:
            return first
        print(problems[0].message(lang), file=sys.stderr)


def log_in(db: Database, args: argparse.Namespace) -> Actor:
    """The logged-in actor, or a UserError saying what is missing or wrong."""
    username = args.user or os.environ.get(USER_ENV)
    if not username and (sample := demo.demo_login(db)) is not None:
        return sample  # the demo's own supervisor: sample data needs no login
    if not accounts.has_accounts(db):
        raise UserError("NO_ACCOUNTS_YET")
    if not username:
        raise UserError("LOGIN_NEEDED")
    password = os.environ.get(PASSWORD_ENV)
    if password is None and sys.stdin.isatty():
        password = getpass.getpass(text("PASSWORD_PROMPT", args.lang, username=username))
    if password is None:
        raise UserError("LOGIN_NEEDED")
    return accounts.login(db, username, password)


def add_commands(sub: argparse._SubParsersAction, lang: str) -> None:
    parser = sub.add_parser("user", help=text("HELP_USER_COMMAND", lang))
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help=text("HELP_USER_ADD", lang))
    add.add_argument("name", help=text("HELP_USER_NAME", lang))
    add.add_argument("--role", choices=[r.value for r in Role], required=True,
                     help=text("HELP_USER_ROLE", lang))
    add.add_argument("--full-name", default="", help=text("HELP_USER_FULL_NAME", lang))
    idle = actions.add_parser("idle-lock", help=text("HELP_USER_IDLE_LOCK", lang))
    idle.add_argument("minutes", type=float, help=text("HELP_USER_IDLE_LOCK", lang))


def user_command(db: Database, args: argparse.Namespace) -> int:
    if args.action == "idle-lock":
        try:
            accounts.set_idle_lock_minutes(db, args.minutes, actor=log_in(db, args))
        except UserError as exc:
            print(exc.message(args.lang), file=sys.stderr)
            return 2
        print(text("IDLE_LOCK_SET", args.lang, minutes=f"{args.minutes:g}"))
        return 0
    try:
        first = not accounts.has_accounts(db)
        actor = AT_THIS_LAPTOP if first else log_in(db, args)
        new_password = os.environ.get(NEW_PASSWORD_ENV) or (
            os.environ.get(PASSWORD_ENV) if first else None)
        if new_password is None and sys.stdin.isatty():
            new_password = getpass.getpass(text("PASSWORD_PROMPT", args.lang,
                                                username=args.name))
        if new_password is None:  # a script that gave none: say where one goes
            raise UserError("NEW_PASSWORD_MISSING", env=NEW_PASSWORD_ENV)
        account = accounts.add_user(db, args.name, args.full_name, args.role, new_password,
                                    actor=actor)
    except UserError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 2
    print(text("USER_ADDED", args.lang, username=account.username, role=account.role.value))
    return 0
