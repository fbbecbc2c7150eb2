"""``vaxdesk report daily``: the day-by-day figures from a terminal.

    vaxdesk report daily --from 2021-10-01 --to 2021-10-31 --json
    vaxdesk report daily --from 01/10/2021 --to 31/10/2021 --out october.xlsx

``--json`` prints {"rows": [{date, product, dose_number, count}], "completeness": [{date,
recorded, synced, rejected, pending}]}; ``--out`` writes the Reports area's workbook (doses
and completeness, one sheet each). Dates as dd/mm/yyyy or yyyy-mm-dd.
"""

from __future__ import annotations

import argparse
import sys

from desktop_app.cli_json import print_json
from desktop_app.paths import workbook_path
from desktop_app.rules.dates import parse_date
from desktop_app.rules.messages import UserError, text
from desktop_app.services import report_export, reports
from desktop_app.services.database import Database


def add_commands(sub: argparse._SubParsersAction, lang: str) -> None:
    parser = sub.add_parser("report", help=text("HELP_REPORT", lang))
    kinds = parser.add_subparsers(dest="kind", required=True)
    daily = kinds.add_parser("daily", help=text("HELP_REPORT_DAILY", lang))
    daily.add_argument("--from", dest="start", required=True, help=text("HELP_REPORT_FROM", lang))
    daily.add_argument("--to", dest="end", required=True, help=text("HELP_REPORT_TO", lang))
    out = daily.add_mutually_exclusive_group(required=True)
    out.add_argument("--out", type=workbook_path, help=text("HELP_REPORT_OUT", lang))
    out.add_argument("--json", action="store_true", help=text("HELP_REPORT_JSON", lang))


def run(db: Database, args: argparse.Namespace) -> int:
    try:
        start, end = parse_date(args.start), parse_date(args.end)
        if start is None or end is None:
            raise UserError("REPORT_DATE_INVALID", start=args.start, end=args.end)
        reports.check_range(start, end)
        if args.json:
            print_json(db, _as_json(db, start, end), args.lang, indent=1)
            return 0
        report_export.export_xlsx(
            db, [reports.build(db, k, start, end, args.lang, actor=args.actor)
                 for k in ("doses", "completeness")],
            args.out, actor=args.actor, lang=args.lang)
        print(text("REPORT_EXPORTED", args.lang, path=args.out))
        return 0
    except UserError as exc:
        print(exc.on_command_line(args.lang), file=sys.stderr)
        return 2


def _as_json(db: Database, start, end) -> dict:  # type: ignore[no-untyped-def]
    return {
        "rows": [{"date": d.isoformat(), "product": p, "dose_number": n, "count": c}
                 for d, p, n, c in reports.daily_doses(db, start, end)],
        "completeness": [{"date": d.day.isoformat(), "recorded": d.recorded,
                          "synced": d.synced, "rejected": d.rejected, "pending": d.pending}
                         for d in reports.completeness_days(db, start, end)],
    }
