"""What an import already knows, from the database and from the rows read so far: people by
key and their doses. ``Known.place`` decides where each row goes (a new person, a new dose,
a duplicate, a correction); corrections are settled once the whole file is read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import or_, select

from desktop_app.db.cleaning_store import follow_up
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, Person
from desktop_app.importers import dose_order
from desktop_app.importers.rows import (
    CORRECTABLE,
    CORRECTED,
    DUPLICATE,
    Row,
    RowReader,
    given_identity,
    person_key,
    settled_corrections,
)
from desktop_app.rules.card_check import CARD_DIFFERS
from desktop_app.rules.cleaning import (
    CARD_SETTLED_BY,
    IDENTITY_CODES,
    POSSIBLE_SAME_PERSON,
    UNDONE_NO_DOSE,
    joined_codes,
    split_codes,
)
from desktop_app.rules.dates import format_date
from desktop_app.rules.identity import is_well_formed_id
from desktop_app.rules.messages import text as say
from desktop_app.rules.names import name_errors
from desktop_app.rules.problems import Problem, error
from desktop_app.services.audit import describe_changes
from desktop_app.services.backfill_batch import Batch, stored_day, with_code
from desktop_app.services.backfill_people import AMBIGUOUS, REASON, FilePeople, identity
from desktop_app.services.backfill_people import MADE as _MADE
from desktop_app.services.backfill_people import RECORDED as _RECORDED
from desktop_app.services.backfill_people import plain as _plain
from desktop_app.services.backfill_people import row_identity as _row_identity
from desktop_app.services.backfill_report import (
    PERSON_CORRECTED,
    HeldCorrection,
    ImportReport,
    RowIssue,
    is_stored,
    said_of_person,
)
from desktop_app.services.import_batches import undone_batches

__all__ = ["AMBIGUOUS", "Known"]

_ALL_FIELDS = 0b111111  # every CORRECTABLE field, as ``_given_mask``'s bits


@dataclass
class Known(FilePeople):
    """Who is already known (people by key) and their doses. A person's doses are one dict
    keyed by dose number (int) and by dose date (date): the two never collide, and one dict
    per person instead of two saves half a million allocations on a big import. For a
    person in the database the same dict keeps, under ``None``, a hash of the identity as
    recorded (their folded name with it): a re-sent row that hashes the same corrects
    nothing, with no look at the record. For a person this file made it keeps, under
    ``""``, the hash of what the file has said of them so far (``backfill_people``)."""

    people: dict[Any, str]
    doses: dict[str, dict[Any, int]]  # person -> number or date -> sheet row (0: database)
    people_created: int = 0
    # hash((folded name, vaccine, dose date)) -> the person in the database with that dose:
    # how a corrected row finds whom it corrects, whatever it corrects (the ID, the date of
    # birth, the phone: any of them may be what made the row's person key differ).
    by_dose: dict[int, str] = field(default_factory=dict)
    db: Database | None = None
    reader: RowReader | None = None
    # Decided once the whole file is read (``settle``): the rows that would correct each
    # person (their provisional issue, what they give, an unreadable date of birth as
    # typed), the fields other rows of the file gave as recorded, and the records read.
    candidates: dict[str, list[tuple[RowIssue, dict[str, Any], str]]] = field(
        default_factory=dict)
    confirmed: dict[str, int] = field(default_factory=dict)  # bits: CORRECTABLE fields
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The keys of records a merge folded, each known as the record it was folded into.
    merged_keys: set[Any] = field(default_factory=set)
    # Each voided dose as (person, date, vaccine, number) and (person, date, vaccine, None):
    # a row that gives it (with its number or none) is that dose sent again.
    voided: set[tuple[str, date, str, int | None]] = field(default_factory=set)
    # hash(folded name) of every recorded person with a dose: only a person of this file
    # with such a name can turn out, at a later row, to be someone recorded.
    names: set[int] = field(default_factory=set)
    # People of this file held back from the writer (``Batch.hold``) until the file ends,
    # by the key they were made for: a later row may show they are someone recorded.
    held: dict[str, Any] = field(default_factory=dict)
    # The provisional CORRECTED issues in the order rows gave them: the report's copies
    # (a wide sheet's name their dose) are found again by that order, not by identity.
    order: list[RowIssue] = field(default_factory=list)
    # Each person's doses as (number, day) packed in an int (``dose_order``): is a dose
    # numbered in the order of its date?
    dated: dict[str, int] = field(default_factory=dict)
    # hash((folded name, date of birth)) -> the person this file made (AMBIGUOUS: several):
    # how a row without an ID whose phone or address is blank finds them. Made at the first
    # such row (None until then: a file whose people all have IDs never needs it).
    by_name: dict[int, str] | None = None
    names_read: dict[str, tuple[str, str] | None] = field(default_factory=dict, repr=False)
    # For a person this file made: each field a later row filled in, and that row.
    given: dict[str, dict[str, int]] = field(default_factory=dict, repr=False)
    # People this file made, corrected after they were handed to the writer: as they will
    # be once the correction is written (``backfill_people.values``).
    amended: dict[str, tuple] = field(default_factory=dict, repr=False)
    # People recorded before whose cleaning reason a row's flag changed by a correction
    # (``_flag``): the reason as the corrections queued leave it.
    reasons: dict[str, str | None] = field(default_factory=dict, repr=False)
    # hash((folded name, date of birth, sex)) -> a person recorded with them: a new person
    # with a well-formed ID who has such a twin under another ID (or none) is flagged
    # POSSIBLE_SAME_PERSON, naming them (``_twin``). One int a recorded person.
    twins: dict[int, str] = field(default_factory=dict, repr=False)
    # Recorded people an undone import left without a dose (flagged UNDONE_NO_DOSE): a dose
    # stored for one of them takes the flag off (``_unflag``).
    emptied: set[str] = field(default_factory=set, repr=False)
    # The provisional issues of rows whose dose is stored and that say of their recorded
    # person what the record does not (``_says_more``), in row order: ``settle`` says them.
    notes: list[RowIssue] = field(default_factory=list, repr=False)
    # Recorded people a row gave exactly as recorded: a vote for every field the file has a
    # column for (``mapped``, CORRECTABLE bits), counted once ``settle`` reads them; a set
    # add a row, not the row's fields weighed a row.
    agreed: set[str] = field(default_factory=set, repr=False)
    mapped: int = _ALL_FIELDS
    _last_read: tuple[str, dict[str, Any]] | None = field(default=None, repr=False)
    _conn: Any = field(default=None, repr=False)  # the pool's DBAPI connection

    @classmethod
    def load(cls, db: Database, reader: RowReader | None = None, *,
             about: tuple[set[str], set[str]] | None = None) -> Known:
        """Everything recorded; ``about`` (folded names, ID numbers): only the people of
        those names or numbers (the few rows of a preview need no more)."""
        people: dict[Any, str] = {}
        doses: dict[str, dict[Any, int]] = {}
        by_dose: dict[int, str] = {}
        voided: set[tuple[str, date, str, int | None]] = set()
        names: set[int] = set()
        dated: dict[str, int] = {}
        # While loading only: one id object per person (shared by every map), its name key
        # and its identity's hash.
        recorded: dict[str, tuple[str, str, int]] = {}
        folded: list[tuple[Any, str]] = []
        into: dict[str, str] = {}  # a folded record -> the one it was folded into
        twins: dict[int, str] = {}
        emptied: set[str] = set()
        # A field the file has no column for is left out of each recorded identity: the
        # rows of a file without phones then hash as the record (no read, and a vote).
        mapped = _mapped(reader)
        has_dob, has_sex, has_id, has_phone, has_address = (
            bool(mapped & bit) for bit in (1, 2, 8, 16, 32))
        whom = select(Person.id, Person.id_type, Person.id_number, Person.name_key, Person.dob,
                      Person.sex, Person.phone, Person.address, Person.merged_into,
                      Person.cleaning_reason)
        which = select(Dose.person_id, Dose.dose_number, Dose.dose_date, Dose.product_code,
                       Dose.status)
        # A dose an undone import left voided was never sent: its file imports again.
        which = which.where(or_(Dose.status == "active", Dose.import_batch_id.is_(None),
                                Dose.import_batch_id.not_in(undone_batches())))
        if about is not None:
            chosen = or_(Person.name_key.in_(about[0]), Person.id_number.in_(about[1]))
            whom = whom.where(chosen)
            which = which.where(Dose.person_id.in_(select(Person.id).where(chosen)))
        with db.reading() as s:
            for pid, id_type, number, name_key, dob, sex, phone, address, merged_into, \
                    reason in s.execute(whom):
                key = person_key(id_type, number, name_key, dob, phone, address)
                if mapped == _ALL_FIELDS:  # _identity, inlined: once per person
                    recorded[pid] = (pid, name_key, hash((
                        name_key, dob, sex, id_type if number else "NONE", number, phone,
                        address)))
                else:  # as a row of this file gives them: its unmapped cells are empty
                    given = number if has_id else None
                    recorded[pid] = (pid, name_key, hash((
                        name_key, dob if has_dob else None, sex if has_sex else None,
                        id_type if given else "NONE", given, phone if has_phone else None,
                        address if has_address else None)))
                if merged_into is None:
                    people[key] = pid
                    if dob is not None and sex is not None:
                        twins.setdefault(hash((name_key, dob, sex)), pid)
                    if reason and UNDONE_NO_DOSE in reason:
                        emptied.add(pid)
                else:
                    folded.append((key, pid))
                    into[pid] = merged_into
            merged_keys: set[Any] = set()
            for key, pid in folded:
                kept = recorded.get(_kept(into, pid), recorded[pid])
                recorded[pid] = kept  # a dose left on the folded record counts as the kept's
                if key not in people:  # else a record not folded has that key: it is theirs
                    people[key] = kept[0]
                    merged_keys.add(key)
            for person_id, number, when, product, status in s.execute(which):
                pid, name_key, identity = recorded[person_id]
                if status != "active":
                    voided.update(((pid, when, product, number), (pid, when, product, None)))
                    continue
                known = doses.get(pid)
                if known is None:
                    known = doses[pid] = {_RECORDED: identity}
                known[number] = 0
                known[when] = 0
                dated[pid] = dose_order.with_dose(dated.get(pid, 0), number, when)
                at = hash((name_key, product, when))
                if by_dose.setdefault(at, pid) != pid:
                    by_dose[at] = AMBIGUOUS
                names.add(hash(name_key))
        return cls(people, doses, by_dose=by_dose, db=db, reader=reader,
                   merged_keys=merged_keys, voided=voided, names=names, dated=dated,
                   twins=twins, emptied=emptied, mapped=mapped)

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
        (``_same_in_file``). A new person with a well-formed ID and the folded name, date
        of birth and sex of someone recorded under another ID (or none) is flagged
        POSSIBLE_SAME_PERSON, naming them (``_twin``)."""
        key = row.person_key()
        pid = self.people.get(key)
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
            if self.twins and type(key) is str and row.dob is not None:  # a well-formed ID
                twin = self.twins.get(hash((row.name_key, row.dob, row.sex)))
                if twin is not None:  # recorded under another ID (else the key found them)
                    self._twin(twin, row)
            pid = batch.add_person(row)
            self.people[key] = pid
            self.people_created += 1
            known = self.doses[pid] = {_MADE: ident or identity(row)}
            if self.by_name is not None and row.dob is not None:
                self._index(pid, row.name_key, row.dob)
            if at is not None and hash(row.name_key) in self.names:
                self.held[pid] = key
                batch.hold(pid)
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
                    if recorded != _row_identity(row):
                        taken = self._consider(pid, row, lang)
                        if taken is not None:
                            return taken
                    else:  # the record's own values: a vote against changing them
                        self.agreed.add(pid)
        given = row.dose_number
        earlier = known.get(given) if given else None
        if earlier is not None and earlier >= 0:
            return _duplicate(row, given, earlier, "DUPLICATE_IN_FILE", "DUPLICATE_IN_DATABASE",
                              lang, differs)
        same_day = known.get(row.dose_date)
        if same_day is not None:
            return _duplicate(row, given, same_day, "DUPLICATE_SAME_DAY_IN_FILE",
                              "DUPLICATE_SAME_DAY_IN_DATABASE", lang, differs)
        if (pid, row.dose_date, row.product_code, given or None) in self.voided:
            return _duplicate(row, given, 0, "", "DUPLICATE_VOIDED_IN_DATABASE", lang)
        number = given
        if not given or earlier is not None:
            number = max((k for k in known if type(k) is int), default=0) + 1
            if earlier is not None:
                row.problems.append(error("DOSE_NUMBER_TAKEN", "dose_number", given=given,
                                          row=-earlier, number=number))
            elif number == 1 and row.booster is not None and not is_new:
                row.problems.append(_booster_as_first(row))  # someone with no active dose
        known[number] = row.sheet_row if given == number else -row.sheet_row
        known[row.dose_date] = row.sheet_row
        self._in_order(pid, row, number, given == number, batch)
        if row.problems and not is_new:  # a new person's row flags are theirs already
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

    def _in_order(self, pid: str, row: Row, number: int, numbered: bool, batch: Batch) -> None:
        """A dose the file numbered, dated before a lower-numbered dose of the person (or
        after a higher one), recorded or in the file: a date or a number is wrong, and the
        row is flagged (``DOSE_ORDER``, the desk's rule), and so is the person
        (``_flag``): on the cleaning list. Never refused: the dose was given."""
        day, doses = row.dose_date, self.dated.get(pid, 0)
        if day is None:  # a rejected row: never placed
            return
        if numbered and doses and (found := dose_order.out_of_order(doses, number, day)):
            other, when = found
            row.problems.append(error("DOSE_ORDER", "dose_date", dose_number=number,
                                      dose_date=format_date(day), other_number=other,
                                      other_date=format_date(when)))
            self._flag(pid, "DOSE_ORDER", batch)
        self.dated[pid] = dose_order.with_dose(doses, number, day)

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

    def _rehome(self, pid: str, found: str, row: Row, batch: Batch) -> bool:
        """``pid``, a person this file made (held), is ``found``: the row's dose is theirs,
        recorded under the same folded name, and nothing says it is somebody else. Their
        doses so far move to ``found`` as ``place`` would have put them there (a number
        the importer gave is given again after ``found``'s), and the person is not stored.
        False, and nothing moved, when a dose of theirs would be a duplicate of
        ``found``'s: two people, then, or a clash only a person can sort out."""
        mine, theirs = self.doses[pid], self.doses.get(found)
        if theirs is None or any(k in theirs for k, v in mine.items()
                                 if type(k) is not int or v > 0):
            return False
        if len({v > 0 for k, v in mine.items() if type(k) is int}) > 1:
            return False  # numbers given and numbers inferred: the clash is the file's
        current = self._recorded(found, row)
        if current is None or _another_person(current, row):
            return False
        # Their doses' flags are ``found``'s: out of order among themselves (numbers given
        # are kept), outside their vaccine's ages. Not a booster's as dose 1: it follows
        # ``found``'s doses now.
        carried = [c for c in split_codes(batch.held[pid][-1]) if c in _CARRIED]

        def number(given: int) -> int:
            if mine[given] > 0:
                theirs[given] = mine[given]
                return given
            n = max((k for k in theirs if type(k) is int), default=0) + 1
            theirs[n] = mine[given]
            return n

        batch.rehome(pid, found, number)
        theirs.update((k, v) for k, v in mine.items() if type(k) is not int and k != _MADE)
        self.people[self.held.pop(pid)] = found
        del self.doses[pid]
        self.people_created -= 1
        for code in carried:
            self._flag(found, code, batch)
        return True

    def _consider(self, pid: str, row: Row, lang: str) -> RowIssue | None:
        """A row of ``pid`` (same folded name, a dose of theirs) that may correct them: a
        provisional CORRECTED issue (``settle`` decides), a duplicate when it gives nothing
        new, None when the record does not bear the match out (another name, no such dose:
        a hash collision or a dose number that differs)."""
        current = self._recorded(pid, row)
        if current is None or _another_person(current, row):
            return None
        issue = self._candidate(pid, current, row, lang)
        if issue is None:  # the row's dose, and nothing new about its person
            return _duplicate(row, row.dose_number, 0, "", "DUPLICATE_IN_DATABASE"
                              if row.dose_number else "DUPLICATE_SAME_DAY_IN_DATABASE", lang)
        self.order.append(issue)
        self.people.setdefault(row.person_key(), pid)  # its other rows find the same person
        return issue

    def _says_more(self, pid: str, known: dict[Any, int], row: Row, lang: str) -> None:
        """A row whose dose is stored for ``pid``, recorded before: what it says of them
        that the record does not (a date of birth it lacks, another phone) is weighed with
        the rows that resend their doses (``settle``), and said under the row (``notes``).
        One hash when the row says what is recorded (a vote for it, as such a row of a
        recorded dose is); one read of the record by its key per person and per distinct
        thing their rows say otherwise (``_COMPARED``): never a read a row. (A person with
        no active dose, an undone import's, has no hash kept: their first row reads.)"""
        said = _row_identity(row)
        if said == known.get(_RECORDED):
            self.agreed.add(pid)
            return
        if known.get(_COMPARED) == said:
            return  # weighed already: the same values again change nothing
        known[_COMPARED] = said  # type: ignore[assignment]
        current = self._record(pid)
        if current is None or current["name_key"] != row.name_key or \
                _another_person(current, row):
            return
        note = self._candidate(pid, current, row, lang, stored=True)
        if note is not None:
            self.records.setdefault(pid, current)  # as ``settle`` weighs them
            self.notes.append(note)

    def _candidate(self, pid: str, current: dict[str, Any], row: Row, lang: str,
                   stored: bool = False) -> RowIssue | None:
        """The row as a candidate correction of ``pid`` (``candidates``), with its
        provisional issue; None, and a vote for the record's values, when it gives nothing
        new. ``stored``: the row's dose is stored (its issue keeps the row's outcome)."""
        given = given_identity(row)
        differs = {f: [current[f], v] for f, v in given.items() if v != current[f]}
        if not differs:
            self.confirmed[pid] = self.confirmed.get(pid, 0) | _given_mask(row)
            return None
        shown = next((p.params.get("value", "") for p in row.problems
                      if p.code in ("DOB_INVALID", "DOB_AMBIGUOUS")), "")
        name = current["full_name"]
        plain = _plain_changes(differs)
        issue = RowIssue(row.sheet_row, row.outcome if stored else CORRECTED, PERSON_CORRECTED,
                         say(PERSON_CORRECTED, lang, name=name, person_id=pid,
                             changes=describe_changes(plain, lang)),
                         person_id=pid, person_name=name, changes=plain)
        self.candidates.setdefault(pid, []).append((issue, given, shown))
        return issue

    def _record(self, pid: str) -> dict[str, Any] | None:
        """The recorded person as the file found them (``_recorded``, whatever their doses):
        one read by key. Those a correction weighs are kept in ``records``; of the others
        only the last read (a row's name check and its comparison read once), so that the
        records of a big file's people are not kept."""
        current = self.records.get(pid)
        if current is not None:
            return current
        if self._last_read is not None and self._last_read[0] == pid:
            return self._last_read[1]
        found = self._read(_PERSON_SQL, [pid])
        if found is None:
            return None
        current = _as_record(found)
        self._last_read = (pid, current)
        return current

    def _twin(self, twin: str, row: Row) -> None:
        """A new person with a well-formed ID whose folded name, date of birth and sex are
        ``twin``'s, a record under another ID or none: one person with a number mistyped,
        perhaps, or two born the same day. Stored as the ID says, flagged
        POSSIBLE_SAME_PERSON naming the record, for someone to check (the paper form asks
        first). A read by key, only for such a row. The people a file makes are not
        compared with each other: ``twins`` holds the recorded, one int each, made once."""
        found = self._read(_TWIN_SQL, [twin])
        if found is None:
            return
        name, name_key, dob, sex, number = found
        if (name_key, dob, sex) != (row.name_key, stored_day(row.dob), row.sex) or \
                number == row.id_number:
            return  # a hash collision; or the same ID (found by it, but for a merge's twist)
        row.problems.append(error(POSSIBLE_SAME_PERSON, "id_number", name=name,
                                  id_number=number or "—", person_id=twin))

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

    def settle(self, batch: Batch, report: ImportReport, *, may_correct: bool = True,
               hold: bool = False) -> None:
        """Decide the corrections once every row is read: a field changes when the file
        says one value for it (``settled_corrections``). Rows of a person whose file
        disagrees with itself on everything it would change become duplicates that say so;
        the others stay CORRECTED with what was changed. What the record lacks (an empty
        field, no usable ID) is filled in whoever imports, as a file fills in the people it
        makes. Without ``may_correct`` (a volunteer's import: correcting what a recorded
        person holds, and revoking their certificates, is a supervisor's) the rest makes
        them duplicates that say what a supervisor's import of the same file would correct.
        With ``hold`` they are duplicates that say the correction awaits the supervisor,
        and the corrections wait in ``report.held``. A row whose dose was stored (a new
        dose of the person, ``notes``) keeps its outcome and count, and its word is added
        to the report. The people held back (``place``) are handed to the batch, now that
        no row can move them."""
        batch.release()
        self.held.clear()
        if not self.candidates:
            return
        lang = report.lang
        final: dict[int, RowIssue] = {}

        def kept_as_is(pid: str, rows: list, code: str, held: dict | None = None,
                       also: str = "", **params: str) -> None:
            """The person's rows as duplicates that say why nothing (more) was corrected;
            those of a ``held`` correction keep whom and what it changes, for when it is
            decided; ``also``: what was filled in meanwhile. A stored row keeps its
            outcome, and names whom."""
            for issue, _given, _shown in rows:
                stored = is_stored(issue)
                named = held is not None or stored
                final[id(issue)] = RowIssue(
                    issue.sheet_row, issue.outcome if stored else DUPLICATE, code,
                    said_of_person(code, stored, lang, name=issue.person_name,
                                   person_id=pid, **params) + also,
                    person_id=pid if named else None,
                    person_name=issue.person_name if named else None,
                    changes=held if held is not None else (issue.changes if stored else None),
                    dose=issue.dose)

        for pid, rows in self.candidates.items():
            current = self.records[pid]
            confirmed = self.confirmed.get(pid, 0)
            if pid in self.agreed:  # a row gave each field the file has as recorded
                confirmed |= _held_mask(current) & self.mapped
            changes, disagree = settled_corrections(
                current, [given for _issue, given, _shown in rows],
                {f for bit, f in enumerate(CORRECTABLE) if confirmed >> bit & 1})
            labels = ", ".join(say("FIELD_" + f.upper(), lang) for f in disagree)
            if not changes:
                kept_as_is(pid, rows, "CORRECTION_DISAGREES", fields=labels)
                continue
            taken = changes if may_correct and not hold else _lacking(changes)
            rest = {f: c for f, c in changes.items() if f not in taken}
            was = self.reasons.get(pid, current["cleaning_reason"])
            filled = _plain_changes(taken)
            done = describe_changes(filled, lang)
            if taken:
                reason = self._reason(_merged(current, taken), rows, was, taken)
                batch.add_correction(pid, filled, reason, follow_up(
                    self._read, pid, was, reason, taken, batch.source))
                was = reason
            part = " " + say("CORRECTION_PART_DISAGREES", lang, fields=labels) \
                if disagree else ""
            if not rest:
                for issue, _given, _shown in rows:
                    stored = is_stored(issue)
                    final[id(issue)] = RowIssue(
                        issue.sheet_row, issue.outcome if stored else CORRECTED,
                        PERSON_CORRECTED, said_of_person(
                            PERSON_CORRECTED, stored, lang, name=issue.person_name,
                            person_id=pid, changes=done + part),
                        person_id=pid, person_name=issue.person_name, changes=filled,
                        dose=issue.dose)
                continue
            plain = _plain_changes(rest)
            said = describe_changes(plain, lang)
            also = " " + say("PERSON_FILLED_TOO", lang, changes=done) if taken else ""
            if not may_correct:
                kept_as_is(pid, rows, "CORRECTION_NEEDS_SUPERVISOR", also=also, changes=said)
                continue
            said += part
            name = rows[0][0].person_name or ""
            reason = self._reason(_merged(current, changes), rows, was, rest)
            report.held.append(HeldCorrection(pid, name, plain, said, reason))
            kept_as_is(pid, rows, "CORRECTION_AWAITS", plain, also=also, changes=said)
        report.issues[:] = _settled(report.issues, self.order, final)
        report.issues += [final[id(note)] for note in self.notes]
        corrected = sum(1 for i in final.values() if i.outcome == CORRECTED)
        report.counts[DUPLICATE] += report.counts[CORRECTED] - corrected
        report.counts[CORRECTED] = corrected
        self.candidates.clear()
        self.order.clear()
        self.notes.clear()
        self.agreed.clear()

    def _reason(self, merged: Mapping[str, Any],
                rows: list[tuple[RowIssue, dict[str, Any], str]], was: str | None,
                corrected: Mapping[str, Any]) -> str | None:
        """What still puts the corrected person on the cleaning list: the identity codes of
        the importer's own flag rules (an unreadable date of birth as the file typed it),
        and every other code of ``was`` (their reason as this import leaves it: a dose out
        of order, a booster stored as dose 1), as the desk's correction keeps them
        (``rules.cleaning.recomputed_codes``; ``corrected``: the fields changed)."""
        codes: list[str] = []
        if self.reader is not None:
            shown = "" if merged["dob"] is not None else next(
                (s for _issue, _given, s in reversed(rows) if s), "")
            flags = self.reader.identity_flags(merged["dob"], shown, merged["sex"],
                                               merged["id_type"], merged["id_number"])
            codes = [p.code for p in [*name_errors(merged["full_name"] or ""), *flags]]
        settled = {CARD_DIFFERS} if CARD_SETTLED_BY.intersection(corrected) else set()
        return joined_codes([*codes, *(c for c in split_codes(was)
                                       if c not in IDENTITY_CODES and c not in settled)])

    def _recorded(self, pid: str, row: Row) -> dict[str, Any] | None:
        """The person as recorded, if the name matches and the row's dose is theirs: one
        primary-key lookup, for candidate rows only. Nothing this import does reaches the
        database before ``settle``, so what is read is the record as the file found it (but
        a flag's cleaning reason, which ``reasons`` keeps)."""
        sql, params = _RECORDED_SQL, [pid, pid, row.product_code, stored_day(row.dose_date)]
        if row.dose_number:
            sql, params = _RECORDED_SQL_NUMBERED, [*params, row.dose_number]
        found = self._read(sql, params)
        if found is None:
            return None
        current = self.records.setdefault(pid, _as_record(found))
        return current if current["name_key"] == row.name_key else None

    def _read(self, sql: str, params: list[Any]) -> tuple | None:
        """One read, in SQL on a connection kept for the import: through the ORM each read
        cost ~0.5 ms against ~12 µs here (measured). Autocommitted, so no read transaction
        stays open and the writer's WAL can still be checkpointed."""
        if self.db is None:
            return None
        if self._conn is None:
            self._conn = self.db.engine.raw_connection()
        return self._conn.driver_connection.execute(sql, params).fetchone()

    def _rows(self, sql: str, params: list[Any]) -> list[tuple]:
        """``_read``, every row."""
        if self.db is None:
            return []
        if self._conn is None:
            self._conn = self.db.engine.raw_connection()
        return self._conn.driver_connection.execute(sql, params).fetchall()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


_RECORDED_SQL = (
    f"SELECT full_name, name_key, {', '.join(CORRECTABLE)}, cleaning_reason FROM person"
    " WHERE id = ? AND EXISTS"
    " (SELECT 1 FROM dose WHERE person_id = ? AND product_code = ? AND dose_date = ?"
    " AND status = 'active')")


_RECORDED_SQL_NUMBERED = _RECORDED_SQL[:-1] + " AND dose_number = ?)"
_PERSON_SQL = _RECORDED_SQL[:_RECORDED_SQL.index(" AND EXISTS")]
_TWIN_SQL = "SELECT full_name, name_key, dob, sex, id_number FROM person WHERE id = ?"
# In a recorded person's dose dict (``Known.doses``): the last thing a row of a new dose of
# theirs said otherwise than the record (``row_identity``), weighed once (``_says_more``).
_COMPARED = "compared"


def _as_record(found: tuple) -> dict[str, Any]:
    """A recorded person as ``_RECORDED_SQL`` (or ``_PERSON_SQL``) reads them."""
    current = dict(zip(("full_name", "name_key", *CORRECTABLE, "cleaning_reason"), found,
                       strict=True))
    current["dob"] = date.fromisoformat(current["dob"]) if current["dob"] else None
    return current


def _plain_changes(changes: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` as the audit's JSON keeps them (dates ISO)."""
    return {f: [_plain(old), _plain(new)] for f, (old, new) in changes.items()}


def _lacking(changes: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
    """Of ``changes``, what fills in a field the record leaves empty (an ID with its kind).
    What holds a value already, a mistyped ID too, is a correction (a supervisor's).

    >>> _lacking({"dob": [None, 1990], "phone": ["0912", "0987"],
    ...           "id_type": ["NONE", "CCCD"], "id_number": [None, "001090000001"]})
    {'dob': [None, 1990], 'id_type': ['NONE', 'CCCD'], 'id_number': [None, '001090000001']}
    """
    empty = {f for f, (old, _new) in changes.items() if old is None}
    if "id_number" in empty:
        empty.add("id_type")  # the number's kind goes with it
    return {f: c for f, c in changes.items() if f in empty}


def _merged(current: Mapping[str, Any], changes: Mapping[str, list[Any]]) -> dict[str, Any]:
    """The record with ``changes`` made (an ID type NONE when no number is left)."""
    merged = {**current, **{f: new for f, (_old, new) in changes.items()}}
    if merged["id_number"] is None:
        merged["id_type"] = "NONE"
    return merged

# What a row finds about its dose once it is placed, that a person already known (recorded,
# or made by an earlier row) is flagged for (``_flag``): outside its vaccine's ages, a
# number already taken, a booster that came out as dose 1. (Out of order: ``_in_order``.)
_DOSE_FLAGS = frozenset({"DOSE_AGE_OUTSIDE", "DOSE_NUMBER_TAKEN", "DOSE_BOOSTER_AS_FIRST"})
# A held person's flags that go with their doses to the recorded person they turn out to be.
_CARRIED = frozenset({"DOSE_ORDER", "DOSE_AGE_OUTSIDE"})



def _booster_as_first(row: Row) -> Problem:
    """A booster with no number ("Mũi nhắc lại") takes the person's next number: with no
    earlier dose of theirs known that is 1, which a certificate would print as the first
    dose of a primary series. Stored so, and flagged for someone to check."""
    return error("DOSE_BOOSTER_AS_FIRST", "dose_number", value=row.booster)


def _another_person(current: Mapping[str, Any], row: Row) -> bool:
    """The row names someone else than the record its name and dose match: a well-formed ID
    of theirs that is not the record's well-formed one, or (unless the two IDs agree)
    another date of birth. Namesakes vaccinated side by side are common; what identifies a
    person is never overwritten with another person's."""
    row_id = is_well_formed_id(row.id_type, row.id_number)
    if row_id and is_well_formed_id(current["id_type"], current["id_number"]):
        # The same document: another date of birth is then a correction.
        return row.id_number != current["id_number"]
    return row.dob is not None and current["dob"] is not None and row.dob != current["dob"]


def _settled(issues: list[RowIssue], order: list[RowIssue],
             final: Mapping[int, RowIssue]) -> list[RowIssue]:
    """The report's rows with each provisional CORRECTED one replaced by its final word.
    The report may hold copies (a wide sheet's say which dose): the n-th CORRECTED row is
    the n-th issue of ``order``, since rows are reported in the order they are placed."""
    provisional = iter(order)
    kept = []
    for issue in issues:
        if issue.outcome == CORRECTED:
            decided = final.get(id(next(provisional, None)))
            if decided is not None:
                issue = replace(decided, dose=issue.dose)
        kept.append(issue)
    return kept


def _given_mask(row: Row) -> int:
    """The CORRECTABLE fields a row gives (``given_identity``'s keys) as bits: a small
    int per person met, not a set, on a re-import of a million rows."""
    has_id = is_well_formed_id(row.id_type, row.id_number)
    return ((row.dob is not None) | (row.sex is not None) << 1 | has_id << 2 | has_id << 3
            | (row.phone is not None) << 4 | (row.address is not None) << 5)


def _held_mask(current: Mapping[str, Any]) -> int:
    """``_given_mask`` of a row that gives the record's own values: the fields it holds."""
    has_id = is_well_formed_id(current["id_type"], current["id_number"])
    return ((current["dob"] is not None) | (current["sex"] is not None) << 1 | has_id << 2
            | has_id << 3 | (current["phone"] is not None) << 4
            | (current["address"] is not None) << 5)


def _mapped(reader: RowReader | None) -> int:
    """The CORRECTABLE fields a file has a column for, as ``_given_mask``'s bits (every
    one for a paper form, or without a reader)."""
    if reader is None:
        return _ALL_FIELDS
    has = reader.mapping.__contains__
    return (has("dob") | has("sex") << 1 | has("id_number") << 2 | has("id_number") << 3
            | has("phone") << 4 | has("address") << 5)


def _duplicate(row: Row, number: int | None, earlier: int, in_file: str,
               in_database: str, lang: str, differs: Problem | None = None) -> RowIssue:
    """A duplicate; ``differs``: what the row says otherwise of the person the file made
    (their record keeps the earlier row's), said too, as it is not stored."""
    code = in_file if earlier else in_database
    said = say(code, lang, row=abs(earlier), dose_number=number or "",
                dose_date=format_date(row.dose_date))
    if differs is not None:
        said += " " + differs.message(lang)
    return RowIssue(row.sheet_row, DUPLICATE, code, said)


def _kept(into: Mapping[str, str], pid: str) -> str:
    """``store.kept_record`` over the merges already read: the record that stands."""
    seen = {pid}
    while (nxt := into.get(pid)) is not None and nxt not in seen:
        seen.add(nxt)
        pid = nxt
    return pid
