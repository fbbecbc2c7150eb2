"""``vaxdesk backup`` (a copy now, into the backup folder) and ``vaxdesk restore FILE``.

A restore runs before the database is opened (the file may be too damaged to open): it
checks the copy with the passphrase and a supervisor login from the copy itself.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop_app.cli_session import PASSWORD_ENV, USER_ENV, database_passphrase
from desktop_app.rules.messages import UserError, text
from desktop_app.services import backups
from desktop_app.services.database import Database


def add_commands(sub: argparse._SubParsersAction, lang: str) -> None:
    sub.add_parser("backup", help=text("HELP_BACKUP", lang))
    restore = sub.add_parser("restore", help=text("HELP_RESTORE", lang))
    restore.add_argument("file", type=Path, help=text("HELP_RESTORE_FILE", lang))


def backup(db: Database, args: argparse.Namespace) -> int:
    made = backups.make_backup(db, backups.ON_REQUEST, user_id=args.actor.user_id)
    print(text("BACKUP_MADE", args.lang, path=made.path))
    return 0


def restore(path: Path, args: argparse.Namespace) -> int:
    """0 restored; 2 refused (the message says why; nothing was changed)."""
    try:
        passphrase = database_passphrase(args.file, args.lang)
        if not passphrase:
            raise UserError("DB_PASSPHRASE_MISSING", path=path)
        aside = backups.restore_backup(
            path, args.file, passphrase, username=args.user or os.environ.get(USER_ENV),
            password=os.environ.get(PASSWORD_ENV))
    except UserError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 2
    print(text("RESTORED", args.lang, copy=args.file, aside=aside))
    return 0
