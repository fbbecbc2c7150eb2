"""The worklist sent to the police for verification: who an export writes, and the export
itself, which marks them *sent for verification*."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session

from desktop_app.clock import utc_now
from desktop_app.db import cleaning_store, store
from desktop_app.db.database import Database
from desktop_app.db.models import CleaningCase
from desktop_app.importers.police_file import round_mark
from desktop_app.paths import private_part, publish
from desktop_app.rules.cleaning import Status, for_the_police, may_move
from desktop_app.rules.messages import text
from desktop_app.rules.numbers import Count
from desktop_app.services import cleaning
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.demo_guard import export_mark
from desktop_app.services.police_sheet import write_police_file
from desktop_app.services.site import current_site


@dataclass(frozen=True)
class ExportPlan:
    """Who an export writes, before anyone is marked: the confirmation says it all."""
    cases: list[cleaning.Case]
    resent: int  # already sent, chosen on purpose (the sent filter): their clock restarts
    left_out: int  # already sent, in the open view: not written again, their clock runs on
    # Shown but not written: a status the worklist's rule does not let go to *sent*
    # (``rules.cleaning.may_move``: a fixed case), by status.
    refused: tuple[tuple[Status, int], ...] = ()
    doses_only: int = 0  # shown but not written: nothing but dose problems (for_the_police)

    def question(self, lang: str) -> str:
        said = [text("POLICE_EXPORT_ASK", lang, count=Count(len(self.cases)))]
        if self.resent:
            said.append(text("POLICE_EXPORT_RESENT", lang, count=self.resent))
        if self.left_out:
            said.append(text("POLICE_EXPORT_LEFT_OUT", lang, count=self.left_out))
        return " ".join([*said, *self.refusals(lang), text("POLICE_EXPORT_GO_ON", lang)])

    def refusals(self, lang: str) -> list[str]:
        """Who is shown but not written, status by status (also said alone when nobody is
        left to write)."""
        said = [text("POLICE_EXPORT_REFUSED", lang, count=count,
                     status=cleaning.status_label(status, lang),
                     sent=cleaning.status_label(Status.SENT, lang))
                for status, count in self.refused]
        if self.doses_only:
            said.append(text("POLICE_EXPORT_DOSES_ONLY", lang, count=self.doses_only))
        return said


def export_plan(db: Database, *, status: Iterable[str] | str | None = None,
                problem: str | None = None, work_list: str | None = None,
                commune: str | None = None, late_only: bool = False,
                now: datetime | None = None) -> ExportPlan:
    """The cases an export would write: the worklist as filtered, narrowed to a commune
    and to the late ones as the screen's table is (``cleaning.narrowed``). People already
    sent are sent again only when the officer chose the *sent* status (the late ones are
    sent cases): exporting the open view once restarted every sent person's two days, and
    the late ones stopped showing late without a word.

    A case the worklist's rule does not let go to *sent* (``may_move``: a fixed one, under
    the *fixed* filter) is left out and said: the export once moved every fixed case to
    *sent*, a move Alt+3 refuses, and showed them late two days later.

    A case with nothing but dose problems (``rules.cleaning.for_the_police``) is left out
    and said too: the police verify who a person is, not which dose they had; sent, it came
    back "verified, problems still there"."""
    shown = cleaning.worklist(db, status=status, problem=problem, work_list=work_list,
                              commune=commune, late_only=late_only, now=now).cases
    movable = [c for c in shown if may_move(c.status, Status.SENT)]
    cases = [c for c in movable if for_the_police(c.problems)]
    refused = tuple(sorted(Counter(c.status for c in shown
                                   if not may_move(c.status, Status.SENT)).items()))
    doses_only = len(movable) - len(cases)
    already = [c for c in cases if c.status is Status.SENT]
    if _resending(status):
        return ExportPlan(cases, len(already), 0, refused, doses_only)
    return ExportPlan([c for c in cases if c.status is not Status.SENT], 0, len(already),
                      refused, doses_only)


def _resending(status: Iterable[str] | str | None) -> bool:
    chosen = {status} if isinstance(status, str) else set(status or ())
    return Status.SENT.value in chosen


def export_for_police(db: Database, out: Path, *, actor: Actor,
                      status: Iterable[str] | str | None = None, problem: str | None = None,
                      work_list: str | None = None, commune: str | None = None,
                      late_only: bool = False, lang: str = "vi",
                      now: datetime | None = None) -> int:
    """Write the chosen cases for the police and mark them *sent for verification*; returns
    how many. ``lang`` is not the file's: the file is the Vietnamese police's, headings and
    values alike.

    The file and the marks go together or not at all: the workbook is written whole to a
    private ``.part``, the people are marked and the export audited, and the part takes its
    name last, inside that transaction. A failed write or mark leaves no file under the
    name (a list of identities nobody is recorded as having sent); a rename refused (the
    old file open in Excel) marks nobody; a commit failing after the rename removes it.

    Each row carries the export's mark (``police_file.round_mark``: the site and ``now``,
    which becomes every case's ``sent_at``): the answer to an earlier list is not applied
    to a person sent again since."""
    require(actor, *SUPERVISORS)
    now = now or utc_now()
    cases = export_plan(db, status=status, problem=problem, work_list=work_list,
                        commune=commune, late_only=late_only, now=now).cases
    site = current_site(db)
    # Every row says which export it answers: the moment its people are marked sent.
    marked = round_mark(site.code if site is not None else "", now)
    with private_part(out) as part:
        write_police_file(part, cases, export_mark(db, "vi"), marked)  # the police's language
        published = False
        try:
            with db.transaction() as s:
                cleaning_store.move_many(
                    s, [c.person_id for c in cases if c.status is not Status.SENT],
                    Status.SENT, now=now, user_id=actor.user_id)
                _resend(s, [c for c in cases if c.status is Status.SENT], actor, now)
                s.add(store.audit_entry("export", "cleaning", out.name,
                                        {"people": len(cases)}, now, actor.user_id))
                s.flush()
                publish(part, out)
                published = True
        except BaseException:
            if published:  # marked nobody after all: the file must not stay either
                out.unlink(missing_ok=True)
            raise
    return len(cases)


def _resend(s: Session, cases: list[cleaning.Case], actor: Actor, now: datetime) -> None:
    """Sent again on purpose: the two days start again, each person's audit saying since
    when their clock had run."""
    ids = [c.person_id for c in cases]
    for start in range(0, len(ids), 900):
        s.execute(update(CleaningCase).where(
            CleaningCase.person_id.in_(ids[start:start + 900])).values(sent_at=now))
    s.add_all(store.audit_entry("cleaning", "person", c.person_id,
                                {"sent_again": [c.sent_at, now]}, now, actor.user_id)
              for c in cases)
