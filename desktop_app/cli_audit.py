"""``vaxdesk audit verify`` and ``vaxdesk audit export --out FILE.csv``: the audit trail
checked for tampering and written out, with the same services as the app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.rules.messages import text
from desktop_app.services import audit
from desktop_app.services.database import Database

EXIT_TAMPERED = 5  # the chain does not hold: the audit trail was changed


def add_commands(sub: argparse._SubParsersAction, lang: str) -> None:
    parser = sub.add_parser("audit", help=text("HELP_AUDIT", lang))
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("verify", help=text("HELP_AUDIT_VERIFY", lang))
    export = actions.add_parser("export", help=text("HELP_AUDIT_EXPORT", lang))
    export.add_argument("--out", type=Path, required=True, help=text("HELP_AUDIT_OUT", lang))


def run(db: Database, args: argparse.Namespace) -> int:
    if args.action == "export":
        count = audit.export(db, args.out, args.lang, actor=args.actor)
        print(text("AUDIT_EXPORTED", args.lang, count=count, path=args.out))
        return 0
    check = audit.verify_audit(db)
    if check.intact:
        print(text("AUDIT_INTACT", args.lang, entries=check.entries))
        return 0
    for line in check.messages(args.lang):
        print(line, file=sys.stderr)
    return EXIT_TAMPERED
