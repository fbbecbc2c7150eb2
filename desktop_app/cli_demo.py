"""``vaxdesk demo``: make the separate demo database to try the app with, and say how to
open it. The real database is not opened, let alone changed.

    vaxdesk demo [--people 3000] [--open]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.rules.messages import UserError, text
from desktop_app.rules.numbers import count


def add_commands(sub: argparse._SubParsersAction, lang: str) -> None:
    from desktop_app.services.demo import DEMO_PEOPLE

    demo = sub.add_parser("demo", help=text("HELP_DEMO", lang))
    demo.add_argument("--people", type=int, default=None,
                      help=text("HELP_DEMO_PEOPLE", lang, people=DEMO_PEOPLE))
    demo.add_argument("--open", action="store_true", help=text("HELP_DEMO_OPEN", lang))


def run(args: argparse.Namespace, given: Path | None) -> int:
    """``given``: the --db of the command line; only a demo file is accepted."""
    import sys

    from desktop_app.services import demo

    try:
        made = demo.make_demo(given, people=args.people or demo.DEMO_PEOPLE)
    except UserError as exc:
        print(exc.on_command_line(args.lang), file=sys.stderr)
        return 2
    print(text("DEMO_MADE", args.lang, path=made.path, people=count(made.people, args.lang),
               doses=count(made.doses, args.lang),
               today=count(made.today, args.lang), flagged=count(made.flagged, args.lang),
               to_clean=count(made.to_clean, args.lang), rejected=made.rejected,
               complaints=made.complaints, synced=count(made.synced, args.lang),
               unsynced=count(made.unsynced, args.lang)))
    print(text("DEMO_HOW_TO_OPEN", args.lang, path=made.path))
    if args.open:
        from desktop_app.ui.app import run_app

        return run_app(made.path, lang=args.lang)
    return 0
