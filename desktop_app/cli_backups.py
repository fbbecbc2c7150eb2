"""``vaxdesk backup`` (a copy now, into the backup folder: a supervisor's, as in the app) and
``vaxdesk restore FILE``.

A restore runs before the database is opened (the file may be too damaged to open): it
checks the copy with the passphrase and the login of an active supervisor of the current file
(of the copy only when the current file is missing or too damaged to ask), the password asked
at a terminal like every other command's. The accounts stay as the current file has them. A
copy of another database (another laptop's or site's) is restored only with
``--other-database``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop_app.cli_session import USER_ENV, database_passphrase, login_password
from desktop_app.progress import drain
from desktop_app.rules.messages import UserError, text
from desktop_app.services import backups
from desktop_app.services.database import Database, classify
from desktop_app.services.restore import restore_backup, restored_text


def add_commands(sub: argparse._SubParsersAction, lang: str) -> None:
    sub.add_parser("backup", help=text("HELP_BACKUP", lang))
    restore = sub.add_parser("restore", help=text("HELP_RESTORE", lang))
    restore.add_argument("file", type=Path, help=text("HELP_RESTORE_FILE", lang))
    restore.add_argument("--other-database", action="store_true",
                         help=text("HELP_RESTORE_OTHER", lang))
    restore.add_argument("--set-aside-unsent", action="store_true",
                         help=text("HELP_RESTORE_UNSENT", lang))


def backup(db: Database, args: argparse.Namespace) -> int:
    """The app's *Back up now*: a supervisor's (a copy asked for is never rotated out); a
    clerk or volunteer is refused there, audited, and told so (exit 2, as every refusal)."""
    made = drain(backups.back_up_now(db, actor=args.actor))
    print(backups.made_text(made, args.lang))
    return 0


def restore(path: Path, args: argparse.Namespace) -> int:
    """0 restored; 2 refused (the message says why; nothing was changed); a fault of the
    machine (the database open in another VaxDesk, …) raised for ``cli.main`` to give its
    own exit code, as every other command's."""
    try:
        passphrase = database_passphrase(args.file, args.lang)
        if not passphrase:
            raise UserError("DB_PASSPHRASE_MISSING", path=path)
        username = args.user or os.environ.get(USER_ENV)
        restored = restore_backup(
            path, args.file, passphrase, username=username,
            password=login_password(username, args.lang), other_database=args.other_database,
            set_aside_unsent=args.set_aside_unsent)
    except UserError as exc:
        if classify(exc, path) is not None:
            raise  # a script tells "close the other VaxDesk" from a refused copy by its code
        print(exc.on_command_line(args.lang), file=sys.stderr)
        if exc.code in _HOW_TO_CONFIRM:
            print(text(_HOW_TO_CONFIRM[exc.code], args.lang), file=sys.stderr)
        return 2
    print(restored_text(args.file, restored, args.lang))
    return 0


# A refusal the command line can be told to go past, and how.
_HOW_TO_CONFIRM = {"RESTORE_OTHER_DATABASE": "RESTORE_OTHER_DATABASE_CLI",
                   "RESTORE_UNSENT_REFUSED": "RESTORE_UNSENT_CLI"}
