"""``vaxdesk lookup ID_NUMBER [--bring]``: who the central platform knows with a citizen ID,
at every site, and their doses; ``--bring`` makes them a person of this site (as the desk's
offer does). A clerk's or a supervisor's, as at the desk (a volunteer is refused), and
audited on this laptop with the account that asked.

Exit codes: 0 found (and brought, with ``--bring``), 1 nobody has this ID, 2 cannot ask
(not a CCCD/CMND, no server configured, platform unreachable or refusing, or unable to
search by citizen ID).
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING

from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import UserError, text
from desktop_app.services.database import Database

if TYPE_CHECKING:
    from desktop_app.services.lookup import RemoteCitizen

_log = logging.getLogger(__name__)


def add_commands(sub: argparse._SubParsersAction, lang: str) -> None:
    cmd = sub.add_parser("lookup", help=text("HELP_LOOKUP", lang))
    cmd.add_argument("id_number", help=text("HELP_LOOKUP_ID", lang))
    cmd.add_argument("--bring", action="store_true", help=text("HELP_LOOKUP_BRING", lang))


def run(db: Database, args: argparse.Namespace) -> int:
    # The sync client (requests, the wire formats) is loaded by this command only.
    from desktop_app.services import lookup
    from desktop_app.services.desk import load_desk_person
    from desktop_app.services.sync import SyncError

    lang = args.lang
    try:
        citizen = lookup.look_up(db, args.id_number, actor=args.actor)
        if citizen is None:
            print(text("CLI_NOTHING_FOUND", lang), file=sys.stderr)
            return 1
        _print(citizen, db, lang)
        if args.bring:
            person_id = lookup.bring_person(db, citizen, actor=args.actor)
            person = load_desk_person(db, person_id)
            assert person is not None
            print(text("CLI_LOOKUP_BROUGHT", lang, name=person.full_name, person_id=person_id,
                       next_dose=person.next_dose_number))
    except UserError as exc:
        print(exc.on_command_line(lang), file=sys.stderr)
        return 2
    except SyncError as exc:  # the person reads what happened; the library's words are logged
        _log.info("lookup stopped: %s: %s", type(exc).__name__, exc)
        print(text("LOOKUP_UNREACHABLE", lang, detail=_why(exc, lang)), file=sys.stderr)
        return 2
    return 0


def _why(exc: Exception, lang: str) -> str:
    """Why the platform could not be asked, in the sync's words for the same failure."""
    from desktop_app.services.sync import problem_of

    return text(problem_of(exc), lang)


def _print(citizen: RemoteCitizen, db: Database, lang: str) -> None:
    for p in citizen.patients:
        f = p.fields
        print(text("CLI_LOOKUP_PERSON", lang, name=f.full_name,
                   dob=format_date(f.dob) if f.dob else "?",
                   sex=text({"M": "SEX_M", "F": "SEX_F"}.get(f.sex or "", "SEX_UNKNOWN"), lang),
                   site=p.site_code or "?"))
    for d in citizen.doses:
        print(text("CLI_LOOKUP_DOSE", lang, date=format_date(d.dose_date),
                   product=db.catalogue.name_of(d.product_code, lang),
                   dose_number=d.dose_number, site=d.site_code or "?"))
