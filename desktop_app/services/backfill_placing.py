"""Where each row of an import goes, against what is known (``backfill_known.Known``): a new
person, a new dose of someone known, a duplicate, or a candidate correction of someone
recorded (``backfill_recorded``); and the flags its dose raises (a number taken, doses out
of order, a booster stored as dose 1). ``Placing.place`` is the import's per-row hot path."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from desktop_app.importers import dose_order
from desktop_app.importers.rows import DUPLICATE, Row
from desktop_app.rules.cleaning import NAME_NO_DIACRITICS, UNDONE_NO_DOSE
from desktop_app.rules.dates import format_date
from desktop_app.rules.doses import number_by_date
from desktop_app.rules.messages import text as say
from desktop_app.rules.problems import Problem, error
from desktop_app.services.backfill_batch import Batch
from desktop_app.services.backfill_people import AMBIGUOUS, identity
from desktop_app.services.backfill_people import MADE as _MADE
from desktop_app.services.backfill_people import RECORDED as _RECORDED
from desktop_app.services.backfill_people import row_identity as _row_identity
from desktop_app.services.backfill_report import RowIssue


class Placing:
    """``Known``'s part that places each row (``place``) and checks the order of a person's
    doses (``_in_order``). It uses ``Known``'s maps and the other parts' methods: who a
    row is (``backfill_people.FilePeople``), a recorded person's row (``_consider``,
    ``_rehome``, ``_says_more``: ``backfill_recorded``), the cleaning flags (``_flag``,
    ``_unflag``: ``backfill_flags``) and the possible same person (``_twin``:
    ``backfill_twins``)."""

    people: dict[Any, str]
    doses: dict[str, dict[Any, int]]
    people_created: int
    by_dose: dict[int, str]
    merged_keys: set[Any]
    voided: set[tuple[str, date, str, int | None]]
    names: set[int]
    held: dict[str, Any]
    dated: dict[str, int]
    by_name: dict[int, str] | None
    twins: dict[int, str]
    emptied: set[str]
    agreed: set[str]
    reader: Any
    series: dict[str, str]

    if TYPE_CHECKING:
        def _same_in_file(self, row: Row, key: Any, batch: Batch) -> str | None: ...

        def _by_old_number(self, row: Row, key: str, batch: Batch) -> str | None: ...

        def _alias(self, pid: str, key: Any) -> None: ...

        def _another_name(self, pid: str, row: Row, batch: Batch,
                          lang: str) -> RowIssue | None: ...

        def _index(self, pid: str, name_key: str, dob: date) -> None: ...

        def _complete(self, pid: str, known: dict[Any, Any], row: Row, batch: Batch,
                      lang: str) -> Problem | None: ...

        def _consider(self, pid: str, row: Row, lang: str) -> RowIssue | None: ...

        def _rehome(self, pid: str, found: str, row: Row, batch: Batch) -> bool: ...

        def _says_more(self, pid: str, known: dict[Any, int], row: Row, lang: str) -> None: ...

        def _twin(self, twin: str, row: Row, batch: Batch) -> None: ...

        def _flag(self, pid: str, code: str, batch: Batch) -> None: ...

        def _unflag(self, pid: str, code: str, batch: Batch) -> None: ...

    def id_of_another(self, row: Row, batch: Batch, lang: str = "vi") -> None:
        """A row refused for its own reasons (a vaccine not recognised) whose ID is someone's
        of another folded name: that said among its reasons too (``_another_name`` adds it
        to ``row.problems``), so one trip to the file fixes the row. Said alone, the
        volunteer fixed the vaccine and was refused again for the ID. Nothing is placed."""
        key = row.person_key()  # no name: nothing to weigh the ID against, said already
        pid = self.people.get(key) if row.name_key and type(key) is str \
            and key not in self.merged_keys else None
        if pid is None:
            return
        theirs = self.doses.get(pid)
        if theirs is None or theirs.get(_MADE) != identity(row):
            self._another_name(pid, row, batch, lang)

    def place(self, row: Row, batch: Batch, lang: str = "vi") -> RowIssue | None:
        """Store the row's dose (and person, if new) in the batch, or say it is a duplicate,
        or correct the person it is already recorded for.

        A duplicate is the same person with the same dose number, or on the same day (no
        one gets two doses on one day: a renumbered copy). A row without a dose number
        takes the person's next one; that number is remembered as inferred (a negative
        row), so a later row that gives the same number is not taken for a copy of it:
        that dose is stored under the next free number and flagged, never dropped. A booster
        without its number ("Mũi nhắc lại") takes the next number too: where no earlier dose
        of the person is known that is 1, and the row is flagged (a certificate would call
        it the first dose of a primary series). A dose recorded and then voided is known
        too: a row of its day and vaccine (and number, if given) is that dose sent again,
        and the void stands; a corrected row (another day, vaccine or number) is the dose
        the void left to record. A record a merge folded is known as the record it was
        folded into.

        A correction: the row's dose (vaccine, date, and number when given) is recorded for
        a person in the database of the same folded name, and the row gives that person
        other identity values. Only then: the same vaccine on the same day is every other
        person of a campaign, so a different name is somebody else (stored as before), and
        namesakes who share the dose are not guessed between, nor is anyone whose ID or date
        of birth says they are somebody else (``_another_person``).

        Whatever the order of the rows: a person this file made whose later row turns out
        to be a recorded person's dose is that person (``_rehome``), as if that row had
        come first; such people are held back from the writer until the file ends.

        A new dose of a recorded person whose row says of them what the record does not
        (a date of birth it lacks, another phone) joins the corrections too
        (``_says_more``): what the record lacks is filled in, whoever imports; what it
        holds otherwise is corrected as above (``settle``). The dose is stored either way.

        Never by an ID alone: a row whose ID is someone's of another folded name is refused
        (``_another_name``). A person this file made is what all their rows say: a later
        row fills in what the earlier left empty, one that says otherwise is flagged
        (``_complete``); without an ID a blank phone or address is unknown
        (``_same_in_file``). A new person with the folded name, date of birth and sex of
        someone recorded, or made by an earlier row, under another ID or none (the row's
        own ID well-formed, mistyped or missing) is flagged POSSIBLE_SAME_PERSON, naming
        them (``_twin``)."""
        key = row.person_key()
        pid = self.people.get(key)
        if pid is None and row.old_id_number is not None:
            pid = self._by_old_number(row, key, batch)  # type: ignore[arg-type]
        ident = None  # identity(row), once needed
        if pid is None:
            if self.by_name is not None or type(key) is not str:
                pid = self._same_in_file(row, key, batch)  # a blank is unknown
        elif type(key) is str and key not in self.merged_keys:
            # The ID is someone's: a row of another folded name is never put on them.
            theirs = self.doses.get(pid)
            made = theirs.get(_MADE) if theirs is not None else None
            if made is None or made != (ident := identity(row)):
                refused = self._another_name(pid, row, batch, lang)
                if refused is not None:
                    return refused
        is_new = pid is None
        differs: Problem | None = None  # what this row says otherwise of a person made
        # A row of a record a merge folded: the merge weighed its values against the kept
        # record's (they correct nothing, nor vote), and its name may differ by design.
        at = hash((row.name_key, row.product_code, row.dose_date)) \
            if self.by_dose and key not in self.merged_keys else None
        if pid is None:
            found = self.by_dose.get(at) if at is not None else None
            if found:  # neither unknown nor AMBIGUOUS
                taken = self._consider(found, row, lang)
                if taken is not None:
                    return taken
            elif found == AMBIGUOUS:  # likely one of them, corrected: a person must say who
                row.problems.append(error("CORRECTION_AMBIGUOUS", "full_name"))
            if row.booster is not None:  # no dose of theirs known: it will be dose 1
                row.problems.append(_booster_as_first(row))  # and the person says so
            alike = hash((row.name_key, row.dob, row.sex)) \
                if row.dob is not None and row.sex is not None else None
            if alike is not None:  # any ID, or none: a namesake born that day is checked
                twin = self.twins.get(alike)
                if twin is not None:  # under another ID or none (else the key found them)
                    self._twin(twin, row, batch)
            pid = batch.add_person(row)
            if alike is not None:  # a later row's twin, as the recorded are
                self.twins.setdefault(alike, pid)
            self.people[key] = pid
            self.people_created += 1
            known = self.doses[pid] = {_MADE: ident or identity(row)}
            if self.by_name is not None and row.dob is not None:
                self._index(pid, row.name_key, row.dob)
            if at is not None and hash(row.name_key) in self.names:
                self.held[pid] = key
                batch.hold(pid)
            if row.old_id_number is not None:  # a later row giving it alone finds them
                self._alias(pid, row.old_id_number)
        else:
            if self.held and pid in self.held and at is not None:
                found = self.by_dose.get(at)
                if found and self._rehome(pid, found, row, batch):
                    taken = self._consider(found, row, lang)
                    if taken is not None:
                        return taken
                    pid = found
            known = self.doses.setdefault(pid, {})
            made = known.get(_MADE)
            if made is not None and made != (ident or identity(row)):
                differs = self._complete(pid, known, row, batch, lang)  # it says more
            if at is not None:  # only a database can hold someone to correct
                recorded = known.get(_RECORDED)
                if recorded is not None and self.by_dose.get(at) == pid:
                    if recorded != _row_identity(row) or row.old_id_number is not None:
                        taken = self._consider(pid, row, lang)
                        if taken is not None:
                            return taken
                    else:  # the record's own values: a vote against changing them
                        self.agreed.add(pid)
        given = row.dose_number
        earlier = known.get(given) if given else None
        if earlier is not None and earlier >= 0:
            site = self.elsewhere.get((pid, given)) if not earlier and self.elsewhere else None
            other = _day_of(self.dated.get(pid, 0), given)
            if other is not None and other != row.dose_date:  # a number, two days: say both
                return _duplicate(row, given, earlier, "DUPLICATE_NUMBER_IN_FILE",
                                  "DUPLICATE_NUMBER_ELSEWHERE" if site else
                                  "DUPLICATE_NUMBER_IN_DATABASE", lang, differs,
                                  other_date=format_date(other), site=site)
            return _duplicate(row, given, earlier, "DUPLICATE_IN_FILE", "DUPLICATE_ELSEWHERE"
                              if site else "DUPLICATE_IN_DATABASE", lang, differs, site=site)
        same_day = known.get(row.dose_date)
        if same_day is not None:
            site = self.elsewhere.get((pid, row.dose_date)) \
                if not same_day and self.elsewhere else None
            return _duplicate(row, given, same_day, "DUPLICATE_SAME_DAY_IN_FILE",
                              "DUPLICATE_SAME_DAY_ELSEWHERE" if site else
                              "DUPLICATE_SAME_DAY_IN_DATABASE", lang, differs, site=site)
        if (pid, row.dose_date, row.product_code, given or None) in self.voided:
            return _duplicate(row, given, 0, "", "DUPLICATE_VOIDED_IN_DATABASE", lang)
        number = given
        if not given or earlier is not None:
            number = max((k for k in known if type(k) is int), default=0) + 1
            if not given and number > 1 and row.booster is None:
                # A ledger's dose 1 typed after the desk's dose 2 is dose 1, not 3; a
                # booster says it follows the series, so it keeps the next number.
                by_date = number_by_date(row.dose_date, dose_order.each(self.dated.get(pid, 0)))
                if by_date is not None and by_date not in known:
                    number = by_date
            if earlier is not None:
                row.problems.append(error("DOSE_NUMBER_TAKEN", "dose_number", given=given,
                                          row=-earlier, number=number))
            elif number == 1 and row.booster is not None and not is_new:
                row.problems.append(_booster_as_first(row))  # someone with no active dose
            elif number > 1 and row.booster is not None:
                self._booster_in_series(pid, known, row, number)
        known[number] = row.sheet_row if given == number else -row.sheet_row
        if number == 1:
            self._note_series(pid, row.product_code)
        known[row.dose_date] = row.sheet_row
        self._in_order(pid, row, number, batch)
        if row.problems and not is_new:  # a new person's row flags are theirs already
            # The person keeps the name they have: a row's name without diacritics changes
            # nothing (it was counted "to clean" and put no one on the list), as a paper
            # form of a recorded person.
            row.problems[:] = [p for p in row.problems if p.code != NAME_NO_DIACRITICS]
            for code in [p.code for p in row.problems if p.code in _DOSE_FLAGS]:
                self._flag(pid, code, batch)
        if not is_new:
            if self.emptied and pid in self.emptied:
                self._unflag(pid, UNDONE_NO_DOSE, batch)
            if _MADE not in known and key not in self.merged_keys:  # recorded before
                self._says_more(pid, known, row, lang)
        batch.add_dose(pid, row, number)
        if self.held and pid in self.held:
            batch.hold_dose(pid)
        return None

    def _booster_in_series(self, pid: str, known: dict[Any, int], row: Row,
                           number: int) -> None:
        """A booster without its number that comes out as a dose of the person's primary
        series (dose 2 after a first Comirnaty dose): a wide sheet's blank "Mũi 2" before
        its "Mũi nhắc lại", a dose missing from a long one. Stored so (it was given), and
        flagged: a certificate would print it as the series completed. The series is the
        first dose's vaccine's, as ``Catalogue.series`` and the certificate take it (a
        Pfizer booster after one Janssen dose is no gap; after two Abdala doses of three, it
        is): without a dose 1 known, nothing can be said."""
        if 1 not in known:
            return
        primary = self._series_doses(pid)
        if number <= primary:
            row.problems.append(error("DOSE_BOOSTER_IN_SERIES", "dose_number",
                                      value=row.booster, number=number, before=number - 1,
                                      primary=primary))

    def _note_series(self, pid: str, product_code: str | None) -> None:
        """The person's dose 1 is of ``product_code``: kept when its primary series is not
        the common one (``COMMON_SERIES``), for ``_series_doses``."""
        if product_code in self._uncommon:
            self.series[pid] = product_code  # type: ignore[assignment]

    def _series_doses(self, pid: str) -> int:
        """The primary doses of the series the person's dose 1 began."""
        return self._uncommon.get(self.series.get(pid, ""), COMMON_SERIES)

    @cached_property
    def _uncommon(self) -> dict[str, int]:
        return uncommon_series(self.reader.catalogue if self.reader is not None else None)

    def _in_order(self, pid: str, row: Row, number: int, batch: Batch) -> None:
        """A dose stored as ``number`` (the file's, or the next one for a row without),
        dated before a lower-numbered dose of the person (or after a higher one), recorded
        or in the file: a date or a number is wrong, and the row is flagged
        (``DOSE_ORDER``, the desk's rule), and so is the person (``_flag``): on the
        cleaning list. Never refused: the dose was given. A row without a number is no
        exception: its date gives it its number only where that number is free
        (``rules.doses.number_by_date``); dated before the person's dose 1 it comes out as
        dose 2, and a certificate would print it so."""
        day, doses = row.dose_date, self.dated.get(pid, 0)
        if day is None:  # a rejected row: never placed
            return
        if doses and (found := dose_order.out_of_order(doses, number, day)):
            other, when = found
            row.problems.append(error("DOSE_ORDER", "dose_date", dose_number=number,
                                      dose_date=format_date(day), other_number=other,
                                      other_date=format_date(when)))
            self._flag(pid, "DOSE_ORDER", batch)
        self.dated[pid] = dose_order.with_dose(doses, number, day)


# The primary series most vaccines have (Comirnaty, Spikevax, Vaxzevria, Vero Cell): a
# person's dose 1 is kept (``Known.series``) only when its vaccine's differs (Janssen's one,
# Abdala's three), not half a million product codes on a big import.
COMMON_SERIES = 2


def uncommon_series(catalogue: Any) -> dict[str, int]:
    """The primary doses of each vaccine of ``catalogue`` whose series is not the common
    one; a vaccine not named here (or not known) has the common series."""
    if catalogue is None:
        return {}
    return {p.code: p.primary_doses for p in catalogue.products.values()
            if p.primary_doses != COMMON_SERIES}


# What a row finds about its dose once it is placed, that a person already known (recorded,
# or made by an earlier row) is flagged for (``_flag``): outside its vaccine's ages, a
# number already taken, a booster that came out as dose 1. (Out of order: ``_in_order``.)
_DOSE_FLAGS = frozenset({"DOSE_AGE_OUTSIDE", "DOSE_NUMBER_TAKEN", "DOSE_BOOSTER_AS_FIRST",
                         "DOSE_BOOSTER_IN_SERIES"})


def _booster_as_first(row: Row) -> Problem:
    """A booster with no number ("Mũi nhắc lại") takes the person's next number: with no
    earlier dose of theirs known that is 1, which a certificate would print as the first
    dose of a primary series. Stored so, and flagged for someone to check."""
    return error("DOSE_BOOSTER_AS_FIRST", "dose_number", value=row.booster)


def _day_of(doses: int, number: int) -> date | None:
    """The day of the person's dose ``number`` placed so far (recorded or in the file)."""
    return next((day for n, day in dose_order.each(doses) if n == number), None)


def _duplicate(row: Row, number: int | None, earlier: int, in_file: str,
               in_database: str, lang: str, differs: Problem | None = None,
               **more: Any) -> RowIssue:
    """A duplicate; ``differs``: what the row says otherwise of the person the file made
    (their record keeps the earlier row's), said too, as it is not stored."""
    code = in_file if earlier else in_database
    said = say(code, lang, row=abs(earlier), dose_number=number or "",
               dose_date=format_date(row.dose_date), **more)
    if differs is not None:
        said += " " + differs.message(lang)
    return RowIssue(row.sheet_row, DUPLICATE, code, said)
