"""How the CLI gets in: the database passphrase, then a login (or, on a laptop with no account
yet, ``vaxdesk user add NAME --role supervisor`` making the first one); and ``vaxdesk user``,
the accounts: add, list, disable, enable, role, password, idle-lock.

For scripts: ``VAXDESK_DB_PASSPHRASE``, ``VAXDESK_USER`` and ``VAXDESK_PASSWORD``; a new
account's password comes from ``VAXDESK_NEW_PASSWORD`` (or, for the very first supervisor,
``VAXDESK_PASSWORD``: the same person is making and then using it), as does a password
``vaxdesk user password`` sets. At a terminal, whatever is missing is asked.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from desktop_app.clock import local_time
from desktop_app.rules.messages import Part, UserError, text
from desktop_app.rules.passphrase import same_secret
from desktop_app.services import accounts, accounts_admin, demo, passphrase, stopped_batches
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor, Role
from desktop_app.services.database import Database
from desktop_app.services.opening import said_at_opening

USER_ENV, PASSWORD_ENV, NEW_PASSWORD_ENV = "VAXDESK_USER", "VAXDESK_PASSWORD", \
    "VAXDESK_NEW_PASSWORD"


def database_passphrase(path: Path, lang: str) -> str | None:
    """The environment's, the keyring's, or asked at the terminal (twice for a new database);
    None if none can be had (open_database then says how to give one). A UserError when the
    one given would make a new database under a passphrase the rule refuses at the terminal
    (``passphrase.check_given``)."""
    given = demo.demo_passphrase(path) or passphrase.from_environment() \
        or passphrase.from_keyring(path)
    if given and (problems := passphrase.check_given(path, given)):
        raise UserError(problems[0].code, **problems[0].params)
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


def refuse_missing_database(args: argparse.Namespace) -> None:
    """A UserError when ``--db`` names no database and this command works on a site's data:
    opening made a new, empty file there, and a typo'd path then answered "this laptop has
    no account yet", the site's data and accounts seemingly gone. A new site's first supervisor
    (``user add … --role supervisor``) makes one, as the default data folder's first run
    does; ``demo``, ``restore`` and the window are dispatched before this. A restore stopped
    with its copy whole leaves no file yet, and opening finishes it (``is_new_database``)."""
    path: Path | None = args.db
    if path is None or path.exists() or not passphrase.is_new_database(path):
        return
    if args.command == "user" and args.action == "add" and args.role == Role.SUPERVISOR.value:
        return
    raise UserError("CLI_DB_NOT_FOUND", path=path)


def say_opened(db: Database, lang: str) -> None:
    """What opening the database did that its user must hear of before anything else
    (``opening.said_at_opening``): a restore or a passphrase change a kill stopped."""
    said = said_at_opening(db, lang)
    if said:
        print(said, file=sys.stderr)


def log_in(db: Database, args: argparse.Namespace, *, new_password: str | None = None
           ) -> Actor:
    """The logged-in actor, or a UserError saying what is missing or wrong; with
    ``new_password``, the login replaces the password too."""
    username = args.user or os.environ.get(USER_ENV)
    if not username and (sample := demo.demo_login(db)) is not None:
        return sample  # the demo's own supervisor: sample data needs no login
    if not accounts.has_accounts(db):
        raise UserError("NO_ACCOUNTS_YET")
    if not username:
        raise UserError("LOGIN_NEEDED")
    password = login_password(username, args.lang)
    if password is None:
        raise UserError("LOGIN_NEEDED")
    # A temporary password is said with the command that changes it (CLI_PASSWORD_MUST_
    # CHANGE, by UserError.on_command_line where the command prints it).
    actor = accounts.login(db, username, password, new_password=new_password)
    for said in stopped_batches.stopped_batches(db, actor=actor, lang=args.lang):
        print(said, file=sys.stderr)  # as the app says it at its start, to whoever logs in
    return actor


def login_password(username: str | None, lang: str) -> str | None:
    """``username``'s password: the environment's, else asked at a terminal; None when
    neither can give one (a script that set none, or no name to ask it for)."""
    password = os.environ.get(PASSWORD_ENV)
    if password is None and username and sys.stdin.isatty():
        password = getpass.getpass(text("PASSWORD_PROMPT", lang, username=username))
    return password


def add_commands(sub: argparse._SubParsersAction, lang: str) -> None:
    parser = sub.add_parser("user", help=text("HELP_USER_COMMAND", lang))
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help=text("HELP_USER_ADD", lang))
    add.add_argument("name", help=text("HELP_USER_NAME", lang))
    add.add_argument("--role", choices=[r.value for r in Role], required=True,
                     help=text("HELP_USER_ROLE", lang))
    add.add_argument("--full-name", default="", help=text("HELP_USER_FULL_NAME", lang))
    actions.add_parser("list", help=text("HELP_USER_LIST", lang))
    for action, help_code in (("disable", "HELP_USER_DISABLE"), ("enable", "HELP_USER_ENABLE"),
                              ("role", "HELP_USER_ROLE_COMMAND"),
                              ("password", "HELP_USER_PASSWORD")):
        one = actions.add_parser(action, help=text(help_code, lang))
        one.add_argument("name", help=text("HELP_USER_NAME", lang))
        if action == "role":
            one.add_argument("role", choices=[r.value for r in Role],
                             help=text("HELP_USER_ROLE", lang))
    idle = actions.add_parser("idle-lock", help=text("HELP_USER_IDLE_LOCK", lang))
    idle.add_argument("minutes", type=float, help=text("HELP_USER_IDLE_LOCK", lang))


def user_command(db: Database, args: argparse.Namespace) -> int:
    """``vaxdesk user …``: each action logs in itself (``add`` makes the first account)."""
    try:
        said = _USER_ACTIONS[args.action](db, args)
    except UserError as exc:
        print(exc.on_command_line(args.lang), file=sys.stderr)
        return 2
    print(said)
    return 0


def _idle_lock(db: Database, args: argparse.Namespace) -> str:
    accounts.set_idle_lock_minutes(db, args.minutes, actor=log_in(db, args))
    return text("IDLE_LOCK_SET", args.lang, minutes=f"{args.minutes:g}")


def _add(db: Database, args: argparse.Namespace) -> str:
    first = not accounts.has_accounts(db)
    actor = AT_THIS_LAPTOP if first else log_in(db, args)
    # Asked twice, as a new password: a typo once in the first supervisor's left a laptop
    # nobody could administer. (The first may come as the login's own, for a script.)
    new_password = os.environ.get(NEW_PASSWORD_ENV) or (
        os.environ.get(PASSWORD_ENV) if first else None) or _new_password(args.name, args.lang)
    account = accounts.add_user(db, args.name, args.full_name, args.role, new_password,
                                actor=actor)
    if warned := accounts.namesakes_warning(account, args.lang):  # stdout stays the outcome
        print(warned, file=sys.stderr)
    return text("USER_ADDED", args.lang, username=account.username,
                role=Part(f"ROLE_{account.role.name}"))


def _list(db: Database, args: argparse.Namespace) -> str:
    log_in(db, args)  # who may open the app may see who else does
    lines = [text("USER_LIST_HEADER", args.lang)]
    for a in accounts.list_accounts(db):
        state = text("ACCOUNT_STATE_ACTIVE" if a.active else "ACCOUNT_STATE_DISABLED", args.lang)
        if a.must_change_password:
            state += ", " + text("ACCOUNT_STATE_TEMPORARY", args.lang)
        lines.append("\t".join((a.username, a.full_name, text(f"ROLE_{a.role.name}", args.lang),
                                state, local_time(a.last_login) if a.last_login else "-")))
    return "\n".join(lines)


def _set_active(db: Database, args: argparse.Namespace) -> str:
    active = args.action == "enable"
    accounts_admin.set_active(db, args.name, active, actor=log_in(db, args))
    return text("USER_ENABLED_DONE" if active else "USER_DISABLED_DONE", args.lang,
                username=accounts.given_username(args.name))


def _role(db: Database, args: argparse.Namespace) -> str:
    accounts_admin.set_role(db, args.name, args.role, actor=log_in(db, args))
    return text("USER_ROLE_DONE", args.lang, username=accounts.given_username(args.name),
                role=Part(f"ROLE_{Role(args.role).name}"))


def _password(db: Database, args: argparse.Namespace) -> str:
    """One's own password (the login, given the current one, replaces it; a temporary one
    too), or a temporary one a supervisor sets for someone else."""
    name = accounts.given_username(args.name)
    own = accounts.given_username(args.user or os.environ.get(USER_ENV) or "?") == name
    if own:
        log_in(db, args, new_password=_new_password(name, args.lang))
        return text("USER_PASSWORD_CHANGED_DONE", args.lang, username=name)
    actor = log_in(db, args)
    accounts_admin.reset_password(db, name, _new_password(name, args.lang), actor=actor)
    return text("USER_PASSWORD_RESET_DONE", args.lang, username=name)


def _new_password(username: str, lang: str) -> str:
    """From VAXDESK_NEW_PASSWORD, or asked twice at a terminal."""
    given = os.environ.get(NEW_PASSWORD_ENV)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise UserError("NEW_PASSWORD_NEEDED", env=NEW_PASSWORD_ENV)
    first = getpass.getpass(text("NEW_PASSWORD_PROMPT", lang, username=username,
                                 min=accounts.MIN_PASSWORD))
    if not same_secret(getpass.getpass(text("NEW_PASSWORD_AGAIN_PROMPT", lang)), first):
        raise UserError("PASSWORD_DIFFERS")
    return first


_USER_ACTIONS = {"add": _add, "idle-lock": _idle_lock, "list": _list, "disable": _set_active,
                 "enable": _set_active, "role": _role, "password": _password}
