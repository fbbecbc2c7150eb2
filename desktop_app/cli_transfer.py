"""``vaxdesk export-outbox --out FILE``: the laptop's unsynced records, signed and sealed for
the central platform, for a site with no connection for days."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.cli_certificates import unlocked_signer
from desktop_app.rules.messages import UserError, text
from desktop_app.services.database import Database


def add_commands(sub: argparse._SubParsersAction, lang: str) -> None:
    export = sub.add_parser("export-outbox", help=text("HELP_EXPORT_OUTBOX", lang))
    export.add_argument("--out", type=Path, required=True,
                        help=text("HELP_EXPORT_OUTBOX_OUT", lang))


def export_outbox(db: Database, args: argparse.Namespace) -> int:
    from desktop_app.services import transfer  # cryptography: this command only
    from desktop_app.services.demo_guard import refuse_upload

    try:
        refuse_upload(db)  # said before the signing key's passphrase is asked for nothing
        signer = unlocked_signer(db, args.lang)
        count = transfer.export_outbox(db, args.out, signer, actor=args.actor)
    except UserError as exc:
        print(exc.on_command_line(args.lang), file=sys.stderr)
        return 2
    print(text("TRANSFER_WRITTEN", args.lang, count=count, path=args.out))
    return 0
