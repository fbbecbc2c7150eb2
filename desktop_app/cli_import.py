"""``vaxdesk import FILE``: backfill a spreadsheet headless, with a JSON report; ``vaxdesk
imports`` lists the imports made and ``vaxdesk import-undo N`` undoes one (a supervisor).

    vaxdesk import so-lieu-hoi-cuu.xlsx --report report.json [--site HN-0001:"Trạm Y tế"]
                                        [--sheet NAME] [--fix-file can-sua.xlsx]
    vaxdesk imports [--all]              the newest 50 first (--all: every one): number,
                                         when, file, who, counts; how many older are left
    vaxdesk import-undo N [--apply]      what undoing import N would do; --apply does it

Works on a fresh data folder: the site comes from --site, the laptop's own, or the file's
"Cơ sở tiêm" column. Rows of a corrected file that corrected a person already recorded are
listed after the counts (row, person, fields changed). Exit code 0: every row imported or
flagged or already there (or a correction); 1: some rows are to fix in the file (rejected,
or giving a dose number another day's dose has: see the report), or other sheets of the
workbook hold data not imported (named; ``--sheet`` imports each);
2: the file could not be imported at all, or the import stopped part-way (the writer died):
the message says how many rows are stored, and --report is still written with "failed" and
"committed"; stopped part-way by the machine (the disk filled), the fault's own code (9 for
a full disk: exit_codes.py).

``import-undo`` voids the import's doses as the app's "Undo this import" does
(services/import_undo.py). Exit code 0: every dose it had is voided now (or, without
--apply, would be); 1: some are left as they are, each reason said; 2: no such import.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app import exit_codes
from desktop_app.paths import workbook_path
from desktop_app.progress import Cancelled, CancelToken
from desktop_app.rules.messages import text
from desktop_app.rules.numbers import Count, count
from desktop_app.services.database import Database, classify

if TYPE_CHECKING:
    from desktop_app.services.backfill_report import ImportReport


def add_commands(sub: argparse._SubParsersAction, lang: str) -> None:
    one = sub.add_parser("import", help=text("HELP_IMPORT", lang))
    one.add_argument("file", type=Path, help=text("HELP_IMPORT_FILE", lang))
    one.add_argument("--report", type=Path, help=text("HELP_IMPORT_REPORT", lang))
    one.add_argument("--fix-file", type=workbook_path, help=text("HELP_IMPORT_FIX_FILE", lang))
    one.add_argument("--site", help=text("HELP_IMPORT_SITE", lang))
    one.add_argument("--sheet", help=text("HELP_IMPORT_SHEET", lang))
    listed = sub.add_parser("imports", help=text("HELP_IMPORTS", lang))
    listed.add_argument("--all", action="store_true", help=text("HELP_IMPORTS_ALL", lang))
    undo = sub.add_parser("import-undo", help=text("HELP_IMPORT_UNDO", lang))
    undo.add_argument("batch", type=int, help=text("HELP_IMPORT_UNDO_ID", lang))
    undo.add_argument("--apply", action="store_true", help=text("HELP_IMPORT_UNDO_APPLY", lang))


def imports(db: Database, args: argparse.Namespace) -> int:
    from desktop_app.clock import local_time
    from desktop_app.services.import_batches import (
        RECENT,
        imports_page,
        source,
        state,
        stored_said,
    )

    page = imports_page(db, limit=None if args.all else RECENT)
    made = page.imports
    if not made:
        print(text("CLI_IMPORTS_NONE", args.lang), file=sys.stderr)
    for batch in made:
        print(text("CLI_IMPORTS_LINE", args.lang, id=batch.id,
                   date=local_time(batch.started_at), source=source(batch, args.lang),
                   by=batch.by or "-", state=state(batch, args.lang),
                   counts=stored_said(batch, args.lang)))
    if page.older:  # said where the list ends, and how to see the rest
        print(text("CLI_IMPORTS_OLDER", args.lang, count=count(page.older, args.lang),
                   shown=count(len(made), args.lang)), file=sys.stderr)
    return 0


def undo(db: Database, args: argparse.Namespace) -> int:
    from desktop_app.progress import drain
    from desktop_app.services import import_undo_said as said
    from desktop_app.services.errors import RecordNotFound
    from desktop_app.services.import_undo import plan_undo, undo_import

    lang = args.lang
    try:
        plan = plan_undo(db, args.batch)
    except RecordNotFound as exc:
        print(exc.on_command_line(lang), file=sys.stderr)
        return 2
    asked = said.undoes_anything(plan)
    if not asked:
        lines = said.nothing(plan, lang)
    elif not args.apply:
        lines = said.question(plan, lang).splitlines()
    else:
        def progress(p) -> None:  # type: ignore[no-untyped-def]
            print(f"\r{count(p.voided, lang)}/{count(p.total, lang)}", end="", file=sys.stderr,
                  flush=True)

        done = drain(undo_import(db, args.batch, actor=args.actor, lang=lang), progress)
        print(file=sys.stderr)
        lines = said.done(done, lang)
    for line in lines:
        print(line)
    if asked and not args.apply:
        print(text("CLI_IMPORT_UNDO_APPLY", lang), file=sys.stderr)
    return 1 if set(plan.left) - {"voided"} else 0


@contextlib.contextmanager
def ctrl_c_stops() -> Iterator[CancelToken]:
    """Ctrl+C as the Backfill screen's Stop: the import stops at its next chunk, keeps what
    it read and says so (killed mid-chunk by it, the writer process left the command hung
    and the import failed part-way). A second Ctrl+C interrupts at once, as Python does."""
    token = CancelToken()

    def asked(_signum: int, _frame: Any) -> None:
        if token.cancelled:
            raise KeyboardInterrupt
        token.cancel()

    before = signal.signal(signal.SIGINT, asked)
    try:
        yield token
    finally:
        signal.signal(signal.SIGINT, before)


def run(db: Database, args: argparse.Namespace) -> int:
    from desktop_app.progress import drain
    from desktop_app.services.audit import describe_changes
    from desktop_app.services.backfill import (
        ImportFailed,
        ImportRefused,
        import_file,
    )
    from desktop_app.services.backfill_report import export_reports, skipped_lines
    from desktop_app.services.backfill_sheets import first_to_import, others_with_data

    site = None
    if args.site:
        code, _, name = args.site.partition(":")
        site = (code, name or code)

    last: list = []  # the report, as the last progress carried it

    def progress(p) -> None:  # type: ignore[no-untyped-def]
        last[:] = [p.report]
        of = f"/{count(p.total_rows, args.lang)}" if p.total_rows else ""  # 0: not said
        print(f"\r{count(p.rows_read, args.lang)}{of}", end="", file=sys.stderr, flush=True)

    try:
        # As the Backfill screen: the first sheet with a header (an instructions sheet often
        # comes first), and every other sheet with rows said after, never left out unsaid.
        sheets = [] if args.sheet else _sheets(args.file)
        with ctrl_c_stops() as stop:
            report = drain(import_file(db, args.file, site=site,
                                       sheet=args.sheet or first_to_import(sheets),
                                       lang=args.lang, actor=args.actor), progress, stop)
    except Cancelled:  # Ctrl+C: the app's Stop, what was read stored and said
        report = last[0] if last else None
        if report is None or not report.cancelled:
            print(file=sys.stderr)
            print(text("CLI_IMPORT_STOPPED_BEFORE", args.lang, file=args.file.name),
                  file=sys.stderr)
            return 130
        print(file=sys.stderr)
        print(text("CLI_IMPORT_STOPPED", args.lang, rows=Count(report.rows_read)),
              file=sys.stderr)
    except ImportRefused as exc:
        print(file=sys.stderr)
        if isinstance(exc, ImportFailed):  # what was stored is said in the report too
            export_reports(db, exc.report, json_path=args.report, fix_path=args.fix_file,
                           actor=args.actor)
        print(exc.on_command_line(args.lang), file=sys.stderr)
        # Stopped by the machine (a full disk): its own code, as every command's (README)
        fault = classify(exc.__cause__, db.path) if exc.__cause__ is not None else None
        return exit_codes.FAULT_EXIT[fault.kind] if fault is not None else 2
    print(file=sys.stderr)
    export_reports(db, report, json_path=args.report, fix_path=args.fix_file,
                   actor=args.actor)
    print(text("CLI_IMPORT_HEADER", args.lang, file=report.file, sheet=report.sheet,
               row=report.header_row))
    print(text("CLI_IMPORT_COUNTS", args.lang, people=count(report.people_created, args.lang),
               **{key: count(n, args.lang) for key, n in report.counts.items()}))
    for note in report.notes:  # how its dates were read: month first, or both ways
        print(note)
    by_row = sorted(report.corrections, key=lambda i: i.sheet_row)
    for fix in by_row:  # which row corrected whom, and what
        print(text("BACKFILL_CORRECTED_ROW", args.lang, row=fix.sheet_row, name=fix.person_name,
                   person_id=fix.person_id, changes=describe_changes(fix.changes or {},
                                                                     args.lang)))
    for kept in report.unapplied_corrections:  # a correction left undone, and why
        print(text("CLI_IMPORT_ROW", args.lang, row=kept.sheet_row,
                   message=kept.message))
    for line in skipped_lines(report):  # a totals row, its footer, the rows it hides: once
        print(line)
    _say_rejected(report, args.lang)
    others = others_with_data(sheets, report.sheet, importable=True)
    if others:
        print(text("CLI_IMPORT_OTHER_SHEETS", args.lang, count=count(len(others), args.lang),
                   sheets=", ".join(others)))
    if report.cancelled:
        return 130  # stopped by Ctrl+C, as a shell expects of one
    return 1 if report.rows_to_fix or others else 0


def _sheets(path: Path) -> list:
    """The workbook's sheets judged; [] when it cannot be opened: the import then refuses
    it in its own words (an empty file, a damaged one)."""
    from desktop_app.services.backfill import ImportRefused
    from desktop_app.services.backfill_sheets import judge_sheets

    try:
        return judge_sheets(path)
    except ImportRefused:
        return []


SHOWN_REJECTED = 20  # rows to fix named after the counts; the report has every one


def _say_rejected(report: ImportReport, lang: str) -> None:
    """Each row to fix's number and why (its message names the column; a wide sheet's,
    the dose), the first SHOWN_REJECTED of them: a file of thousands of bad rows is read
    in the report."""
    rejected = report.rows_to_fix
    for issue in rejected[:SHOWN_REJECTED]:  # a wide sheet's row holds doses: says which
        said = issue.message if issue.dose is None else \
            f"{text('IMPORT_DOSE_LABEL', lang, dose=issue.dose)}: {issue.message}"
        print(text("CLI_IMPORT_ROW", lang, row=issue.sheet_row, message=said),
              file=sys.stderr)
    if len(rejected) > SHOWN_REJECTED:
        print(text("CLI_IMPORT_REJECTED_MORE", lang, count=Count(len(rejected) - SHOWN_REJECTED)),
              file=sys.stderr)


COMMANDS = {"import": run, "imports": imports, "import-undo": undo}
