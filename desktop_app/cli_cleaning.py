"""``vaxdesk cleaning list|export|import``: the identity-cleaning worklist from a terminal.

    vaxdesk cleaning list [--json] [--status S] [--problem CODE] [--list L]
    vaxdesk cleaning export --out FILE.xlsx [--status S] [--problem CODE] [--list L]
    vaxdesk cleaning import FILE.xlsx [--apply] [--report r.json]

The list and the export carry the same people's names, birth dates and ID numbers out of
the encrypted database: each is a supervisor's, and audited.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app import exit_codes
from desktop_app.cli_json import print_json
from desktop_app.paths import workbook_path
from desktop_app.rules.cleaning import Status, WorkList, field_label, shown_value
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import CATALOGUE, UserError, text
from desktop_app.services import (
    bulk_output,
    cleaning,
    police_apply,
    police_elsewhere,
    police_export,
    police_report,
)
from desktop_app.services.actor import SUPERVISORS, require
from desktop_app.services.cleaning_elsewhere import (
    ID_DIFFERS_ELSEWHERE,
    IDENTITY_DIFFERS_ELSEWHERE,
    identities_elsewhere,
    numbers_elsewhere,
)
from desktop_app.services.database import Database

# The problems the worklist names (each has its label in the catalogue): any other code
# would list nobody and say nothing of the typo.
PROBLEM_CODES = sorted(k.removeprefix("PROBLEM_") for k in CATALOGUE if k.startswith("PROBLEM_"))


def add_commands(sub: argparse._SubParsersAction, lang: str) -> None:
    parser = sub.add_parser("cleaning", help=text("HELP_CLEANING", lang))
    verbs = parser.add_subparsers(dest="verb", required=True)
    listing = verbs.add_parser("list", help=text("HELP_CLEANING_LIST", lang))
    listing.add_argument("--json", action="store_true", help=text("HELP_CLEANING_JSON", lang))
    export = verbs.add_parser("export", help=text("HELP_CLEANING_EXPORT", lang))
    export.add_argument("--out", type=workbook_path, required=True,
                        help=text("HELP_CLEANING_OUT", lang))
    for p in (listing, export):
        p.add_argument("--status", choices=[s.value for s in Status],
                       help=text("HELP_CLEANING_STATUS", lang))
        p.add_argument("--problem", choices=PROBLEM_CODES, metavar="CODE",
                       help=text("HELP_CLEANING_PROBLEM", lang))
        p.add_argument("--list", dest="work_list", choices=[w.value for w in WorkList],
                       help=text("HELP_CLEANING_LIST_NAME", lang))
    returned = verbs.add_parser("import", help=text("HELP_CLEANING_IMPORT", lang))
    returned.add_argument("file", type=Path, help=text("HELP_CLEANING_FILE", lang))
    returned.add_argument("--apply", action="store_true", help=text("HELP_CLEANING_APPLY", lang))
    returned.add_argument("--report", type=Path, help=text("HELP_CLEANING_REPORT", lang))


def run(db: Database, args: argparse.Namespace) -> int:
    try:
        return {"list": _list, "export": _export, "import": _import}[args.verb](db, args)
    except UserError as exc:
        print(exc.on_command_line(args.lang), file=sys.stderr)
        return 2
    except ValueError as exc:  # an unreadable file, in the importer's words
        code = getattr(exc, "code", None)
        print(text(code, args.lang, **exc.params) if code else str(exc), file=sys.stderr)
        return 2


def _list(db: Database, args: argparse.Namespace) -> int:
    # The police file's people, printed: its role and its audit (services/bulk_output.py).
    work = bulk_output.cleaning_list(db, actor=args.actor, status=args.status,
                                     problem=args.problem, work_list=args.work_list)
    elsewhere = numbers_elsewhere(
        db, [c.person_id for c in work.cases if ID_DIFFERS_ELSEWHERE in c.problems])
    identities = identities_elsewhere(
        db, [c.person_id for c in work.cases if IDENTITY_DIFFERS_ELSEWHERE in c.problems])
    if args.json:
        print_json(db, [{**c.as_json(), "id_number_elsewhere": elsewhere.get(c.person_id),
                         "identity_elsewhere": identities.get(c.person_id)}
                        for c in work.cases], args.lang, indent=1)
        return 0
    for case in work.cases:
        number, identity = elsewhere.get(case.person_id), identities.get(case.person_id)
        late = f" [{case.late_said(args.lang)}]" if case.late else ""
        problems = ", ".join(case.brief(c, args.lang, number=number, identity=identity)
                             for c in case.problems)
        print(f"{case.person_id}  {case.full_name}  "
              f"{format_date(case.dob) if case.dob else '—'}  {case.id_number or '—'}  "
              f"{cleaning.status_label(case.status, args.lang)}{late}  {problems}")
    counts = ", ".join(f"{cleaning.status_label(s, args.lang)}: {n}"
                       for s, n in sorted(work.by_status.items()))
    if not counts:
        print(text("CLEANING_EMPTY", args.lang))
    elif args.status or args.problem or args.work_list:  # the counts are the whole list's
        print(text("CLEANING_LISTED", args.lang, n=len(work.cases), counts=counts))
    else:
        print(counts)
    return 0


def _export(db: Database, args: argparse.Namespace) -> int:
    # Refused before a word of the plan is said, named as the export it guards.
    require(args.actor, *SUPERVISORS, asked="police_export.export_for_police")
    plan = police_export.export_plan(db, status=args.status, problem=args.problem,
                                     work_list=args.work_list)
    if plan.left_out:  # said, as the app's question says it: their clock runs on
        print(text("POLICE_EXPORT_LEFT_OUT", args.lang, count=plan.left_out))
    for refused in plan.refusals(args.lang):  # a fixed case does not go to sent
        print(refused)
    count = police_export.export_for_police(
        db, args.out, actor=args.actor, status=args.status, problem=args.problem,
        work_list=args.work_list, lang=args.lang)
    print(text("POLICE_EXPORTED", args.lang, count=count, path=args.out))
    return 0


def _import(db: Database, args: argparse.Namespace) -> int:
    # Read as the app's preview reads it: the new ID numbers counted, none asked of the
    # central platform (a dry run discloses nothing and spends none of the hourly limit).
    returned = police_elsewhere.preview_returned(db, args.file, actor=args.actor,
                                                 lang=args.lang)
    # With --apply they are asked now, as the app's Apply asks them: one another site's
    # person holds is not written (nothing is asked with no platform set up).
    if args.apply:
        returned = police_elsewhere.check_elsewhere(db, returned, actor=args.actor,
                                                    lang=args.lang)
    for row in returned.rows:
        if row.changes:
            changes = "; ".join(
                f"{field_label(f, args.lang)}: {shown_value(f, old, args.lang)} → "
                f"{shown_value(f, new, args.lang)}" for f, (old, new) in row.changes.items())
            print(text("POLICE_DIFF", args.lang, row=row.sheet_row, name=row.full_name,
                       changes=changes))
        for problem in row.problems:
            print(text("POLICE_ROW", args.lang, row=row.sheet_row,
                       message=problem.message(args.lang)))
        if row.refusal and not row.problems:  # what Apply will say of it
            print(text("POLICE_ROW", args.lang, row=row.sheet_row, message=row.refusal))
    for number, why in returned.skipped:
        print(text("POLICE_ROW", args.lang, row=number, message=why))
    for person_id, name in returned.missing:
        print(text("POLICE_MISSING_ROW", args.lang, name=name, person_id=person_id))
    print(returned.summary(args.lang))
    if not args.apply:
        if args.report:
            police_report.save_returned_report(db, returned, args.report, actor=args.actor)
        print(text("POLICE_DRY_RUN", args.lang))
        return 0
    outcome = police_apply.apply_returned(db, returned, actor=args.actor,
                                          lang=args.lang)
    for number, why in outcome.refused:
        print(text("POLICE_ROW", args.lang, row=number, message=why))
    print(outcome.summary(args.lang))  # the rows not answered yet in one sentence of it
    if args.report:  # with what Apply did
        police_report.save_returned_report(db, returned, args.report, actor=args.actor,
                                           applied=outcome)
    # Rows refused or not matched to anyone are for a person to look at, as the table says.
    return exit_codes.NEEDS_A_PERSON if outcome.refused or returned.skipped \
        else exit_codes.DONE
