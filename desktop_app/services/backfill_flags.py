"""The cleaning flags an import puts on people it does not hold in hand: a person this file
made already handed to the writer, or one recorded before (``_flag``: doses out of order,
a number taken, a booster stored as dose 1), and the UNDONE_NO_DOSE flag a dose stored for
them takes off (``_unflag``). Each change is a correction written with the next chunk,
audited, the person's cleaning case following as at the desk."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop_app.db.cleaning_store import follow_up
from desktop_app.rules.cleaning import joined_codes, split_codes
from desktop_app.services.backfill_batch import Batch, with_code
from desktop_app.services.backfill_people import MADE as _MADE
from desktop_app.services.backfill_people import REASON


class CleaningFlags:
    """``Known``'s part that flags (``_flag``) and unflags (``_unflag``) people by
    correction, with their cleaning reason as the corrections queued leave it
    (``reasons``, ``amended``)."""

    doses: dict[str, dict[Any, int]]
    amended: dict[str, tuple]
    reasons: dict[str, str | None]
    emptied: set[str]

    if TYPE_CHECKING:
        def _read(self, sql: str, params: list[Any]) -> tuple | None: ...

        def _values(self, pid: str, batch: Batch) -> tuple | None: ...

    def _flag(self, pid: str, code: str, batch: Batch) -> None:
        """``code`` among the person's cleaning reasons, so that they are on the cleaning
        list: on them in the batch while it has them (``Batch.flag``), else by a correction
        written with the next chunk, as ``_complete`` changes a person already handed over.
        That is a person this file made in a chunk handed to the writer, or one recorded
        before (another file, a desk dose, the paper form), whose case a supervisor may
        have closed: it is opened again as a flag at the desk opens it
        (``cleaning_store.follow_up``). Only a row that raises the flag comes here: the
        rows that raise none cost nothing."""
        if batch.flag(pid, code):
            return
        known = self.doses.get(pid)
        made = None
        if known is not None and _MADE in known:  # made by this file: as it has them
            made = self._values(pid, batch)
            if made is None:  # the writer failed: nothing to correct
                return
            was = made[REASON]
        else:  # recorded before
            found = self._reason_now(pid)
            if found is None:
                return
            was = found[0]
        now = with_code(was, code)
        if now == was:
            return
        case = None if made is not None else follow_up(
            self._read, pid, was, now, ("cleaning_reason",), batch.source)
        batch.add_correction(pid, {"cleaning_reason": [was, now]}, now, case)
        if made is not None:
            self.amended[pid] = (*made[:REASON], now)  # as it will be committed
        else:
            self.reasons[pid] = now

    def _unflag(self, pid: str, code: str, batch: Batch) -> None:
        """A recorded person an undone import left without a dose has one stored now:
        ``code`` (UNDONE_NO_DOSE) leaves their cleaning reasons, by a correction, as
        ``_flag`` puts one there (audited, the case following)."""
        self.emptied.discard(pid)
        was = self._reason_now(pid)
        if was is None:
            return
        now = joined_codes(c for c in split_codes(was[0]) if c != code)
        if now == was[0]:
            return
        batch.add_correction(pid, {"cleaning_reason": [was[0], now]}, now, follow_up(
            self._read, pid, was[0], now, ("cleaning_reason",), batch.source))
        self.reasons[pid] = now

    def _reason_now(self, pid: str) -> tuple[str | None] | None:
        """A recorded person's cleaning reason as the corrections queued leave it (one
        read the first time); None when there is no such person."""
        if pid in self.reasons:
            return (self.reasons[pid],)
        found = self._read("SELECT cleaning_reason FROM person WHERE id = ?", [pid])
        return (found[0],) if found is not None else None
