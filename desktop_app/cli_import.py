"""``vaxdesk import FILE``: backfill a spreadsheet headless, with a JSON report.

    vaxdesk import so-lieu-hoi-cuu.xlsx --report report.json [--site HN-0001:"Trạm Y tế"]
                                        [--sheet NAME] [--fix-file can-sua.xlsx]

Works on a fresh data folder: the site comes from --site, the laptop's own, or the file's
"Cơ sở tiêm" column. Rows of a corrected file that corrected a person already recorded are
listed after the counts (row, person, fields changed). Exit code 0: every row imported or
flagged or already there (or a correction); 1: some rows were rejected (see the report);
2: the file could not be imported at all, or the import stopped part-way (the writer died,
the disk filled): the message says how many rows are stored, and --report is still written
with "failed" and "committed".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.rules.messages import text
from desktop_app.rules.numbers import count
from desktop_app.services.database import Database

if TYPE_CHECKING:
    from desktop_app.services.backfill_report import ImportReport


def add_commands(sub: argparse._SubParsersAction, lang: str) -> None:
    one = sub.add_parser("import", help=text("HELP_IMPORT", lang))
    one.add_argument("file", type=Path, help=text("HELP_IMPORT_FILE", lang))
    one.add_argument("--report", type=Path, help=text("HELP_IMPORT_REPORT", lang))
    one.add_argument("--fix-file", type=Path, help=text("HELP_IMPORT_FIX_FILE", lang))
    one.add_argument("--site", help=text("HELP_IMPORT_SITE", lang))
    one.add_argument("--sheet", help=text("HELP_IMPORT_SHEET", lang))


def run(db: Database, args: argparse.Namespace) -> int:
    from desktop_app.progress import drain
    from desktop_app.services.audit import describe_changes
    from desktop_app.services.backfill import ImportFailed, ImportRefused, import_file
    from desktop_app.services.backfill_report import export_reports

    site = None
    if args.site:
        code, _, name = args.site.partition(":")
        site = (code, name or code)

    def progress(p) -> None:  # type: ignore[no-untyped-def]
        of = f"/{count(p.total_rows, args.lang)}" if p.total_rows else ""  # 0: not said
        print(f"\r{count(p.rows_read, args.lang)}{of}", end="", file=sys.stderr, flush=True)

    try:
        report = drain(import_file(db, args.file, site=site, sheet=args.sheet,
                                        lang=args.lang, actor=args.actor), progress)
    except ImportRefused as exc:
        print(file=sys.stderr)
        if isinstance(exc, ImportFailed):  # what was stored is said in the report too
            export_reports(db, exc.report, json_path=args.report, fix_path=args.fix_file,
                           actor=args.actor)
        print(exc.message(args.lang), file=sys.stderr)
        return 2
    print(file=sys.stderr)
    export_reports(db, report, json_path=args.report, fix_path=args.fix_file,
                   actor=args.actor)
    print(text("CLI_IMPORT_HEADER", args.lang, file=report.file, sheet=report.sheet,
               row=report.header_row))
    print(text("CLI_IMPORT_COUNTS", args.lang, people=count(report.people_created, args.lang),
               **{key: count(n, args.lang) for key, n in report.counts.items()}))
    for fix in report.corrections:  # which row corrected whom, and what
        print(text("BACKFILL_CORRECTED_ROW", args.lang, row=fix.sheet_row, name=fix.person_name,
                   person_id=fix.person_id, changes=describe_changes(fix.changes or {},
                                                                     args.lang)))
    _say_rejected(report, args.lang)
    return 1 if report.counts["rejected"] else 0


SHOWN_REJECTED = 20  # rejected rows named after the counts; the report has every one


def _say_rejected(report: ImportReport, lang: str) -> None:
    """Each rejected row's number and why (its message names the column), the first
    SHOWN_REJECTED of them: a file of thousands of bad rows is read in the report."""
    rejected = report.rejections
    for issue in rejected[:SHOWN_REJECTED]:
        print(text("CLI_IMPORT_REJECTED_ROW", lang, row=issue.sheet_row, message=issue.message),
              file=sys.stderr)
    if len(rejected) > SHOWN_REJECTED:
        print(text("CLI_IMPORT_REJECTED_MORE", lang, count=count(len(rejected) - SHOWN_REJECTED,
                                                                 lang)), file=sys.stderr)
