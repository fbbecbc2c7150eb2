"""``vaxdesk passphrase change``: a supervisor re-encrypts the database and its copies under a
new data passphrase (services/passphrase_change.py).

The current passphrase is the environment's or the keyring's, else it is asked at the
terminal once more (whoever changes it shows they know it); the new one comes from
``VAXDESK_NEW_DB_PASSPHRASE`` for scripts, else it is asked twice at the terminal.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from desktop_app.cli_session import database_passphrase
from desktop_app.progress import drain
from desktop_app.rules.messages import UserError, text
from desktop_app.services import passphrase
from desktop_app.services.database import Database
from desktop_app.services.passphrase_change import change_passphrase, check_allowed, check_change

NEW_ENV = "VAXDESK_NEW_DB_PASSPHRASE"


def add_commands(sub: argparse._SubParsersAction, lang: str) -> None:
    parser = sub.add_parser("passphrase", help=text("HELP_PASSPHRASE", lang))
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("change", help=text("HELP_PASSPHRASE_CHANGE", lang, env=NEW_ENV))


def run(db: Database, args: argparse.Namespace) -> int:
    """0 changed; 2 refused (the message says why; nothing was changed)."""
    try:
        check_allowed(db, actor=args.actor)  # before a passphrase is asked or a word said
    except UserError as exc:
        print(exc.on_command_line(args.lang), file=sys.stderr)
        return 2
    current = database_passphrase(db.path, args.lang) or ""
    new = again = os.environ.get(NEW_ENV)
    if new is None and sys.stdin.isatty():
        new = getpass.getpass(text("DB_PASSPHRASE_NEW_PROMPT", args.lang,
                                   min=passphrase.MIN_LENGTH))
        again = getpass.getpass(text("DB_PASSPHRASE_AGAIN_PROMPT", args.lang))
    if new is None:
        print(text("PASSPHRASE_NEW_MISSING", args.lang, env=NEW_ENV), file=sys.stderr)
        return 2
    try:
        # Checked before it says it re-encrypts: a passphrase too short, or the current one
        # again, was refused after "Re-encrypting the data…".
        check_change(db, current, new, again or "", actor=args.actor)
        print(text("PASSPHRASE_CHANGING", args.lang), file=sys.stderr)
        done = drain(change_passphrase(db, current, new, again or "", actor=args.actor))
    except UserError as exc:
        print(exc.on_command_line(args.lang), file=sys.stderr)
        return 2
    print("\n".join(done.messages(args.lang)))
    return 0
