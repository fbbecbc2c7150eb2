"""Who a row is, beyond its key: an ID's holder of another name is somebody else, and the
people an import makes are what all their rows say.

An ID never puts a row on a person of another folded name (``FilePeople._another_name``):
an ID copied down a column onto the next person's rows would put their doses on the ID's
owner. The row is refused, naming the row or record the ID is given to; only the recorded
dose itself sent again (its day and vaccine) is a duplicate.

A person is made by the first row that names them; their next rows may say more. A value
an earlier row left empty (a date of birth, a phone typed once on the second row) is
taken, whatever the order of the rows, so that the person stored is the one a second
import of the same file finds: it then corrects nothing. A value that differs from the
one kept (another date of birth, another phone) is not guessed between: the person keeps
the first one, and the row and the person are flagged for someone to check
(``PERSON_ROWS_DIFFER``). The docs' rule for recorded people, ``settled_corrections``, is
the same: a value only some rows give is taken, rows that disagree change nothing.

Without an ID, a blank phone or address is unknown, not another value: a row of the same
folded name and date of birth as a person the file made, with nothing that differs, is
that person (``compatible``); the ID a later row gives is theirs too. A phone or address
that differs still makes another person, as ever.

A file that keeps the old CMND beside the CCCD (``Row.old_id_number``) names one citizen by
both: a row finds the person held under the CMND (``_by_old_number``), who takes the CCCD
and keeps the CMND as the old number; a later row giving the CMND alone finds them still.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop_app.importers.rows import DUPLICATE, REJECTED, Row
from desktop_app.rules.dates import format_date
from desktop_app.rules.field_values import field_label, shown_value
from desktop_app.rules.identity import is_well_formed_id
from desktop_app.rules.messages import text as say
from desktop_app.rules.names import fold
from desktop_app.rules.problems import Problem, error
from desktop_app.services.backfill_batch import stored_day
from desktop_app.services.backfill_report import RowIssue, reasons

if TYPE_CHECKING:
    from desktop_app.services.backfill_batch import Batch

AMBIGUOUS = ""  # in Known.by_dose: recorded namesakes share the dose; nobody is guessed
# Keys in a person's dose dict (``Known.doses``), beside their doses' numbers and dates:
RECORDED = None  # a person recorded before: the hash of their identity as recorded
MADE = ""  # a person this file made: the hash of what it has said of them (``identity``)

# A date of birth given where none was read: whatever said so (none, unreadable, read
# both ways) is settled by it.
_DOB_CODES = frozenset({"DOB_REQUIRED", "DOB_INVALID", "DOB_AMBIGUOUS"})
DIFFER = "PERSON_ROWS_DIFFER"


# What the file says of a person it made, when it must be looked at: a tuple of these.
NAME_KEY, DOB, SEX, ID_NUMBER, PHONE, ADDRESS, FULL_NAME, ID_TYPE, REASON = range(9)
_AT = {"dob": DOB, "sex": SEX, "id_number": ID_NUMBER, "phone": PHONE, "address": ADDRESS,
       "id_type": ID_TYPE}


def identity(row: Row) -> int:
    """What ``Known`` keeps of each person the file made, and compares each next row of
    theirs with: one int (a tuple of their values and the strings it would keep alive cost
    ~350 bytes a person, 170 MB on a million-row file). Equal: the row says of them what is
    kept, name and all (most rows). Not equal: their values are looked at (``values``)."""
    return hash((row.name_key, row.dob, row.sex, row.id_number, row.phone, row.address))


def identity_of(person: tuple) -> int:
    """``identity`` of the values kept (``values``): equal to a row's that gives them."""
    return hash(person[:ADDRESS + 1])


def values(person_row: tuple) -> tuple:
    """A person's row as the writer gets it (``bulk_sql.PERSON_COLUMNS``), or as
    ``PERSON_SQL`` reads it back, as the tuple ``compare`` and ``compatible`` take."""
    (_pid, _site, full_name, name_key, dob, sex, id_type, id_number, _nationality, phone,
     address, _created, _updated, _old, reason) = person_row
    return (name_key, date.fromisoformat(dob) if dob else None, sex, id_number, phone,
            address, full_name, id_type, reason)


PERSON_SQL = ("SELECT id, site_id, full_name, name_key, dob, sex, id_type, id_number,"
              " nationality, phone, address, created_at, updated_at, old_id_number,"
              " cleaning_reason"
              " FROM person WHERE id = ?")


def value(person: tuple, field: str) -> Any:
    return person[_AT[field]]


def has_id(person: tuple) -> bool:
    return is_well_formed_id(person[ID_TYPE], person[ID_NUMBER])


def compatible(person: tuple, row: Row, *, without_id: bool) -> bool:
    """Nothing the row gives differs from what is kept of them, a blank being unknown: the
    same folded name and date of birth (looked up by them) and, where both give one, the
    same phone and the same folded address. ``without_id``: the row gives a well-formed ID,
    so they must have none yet (another ID is another person)."""
    if person[NAME_KEY] != row.name_key or person[DOB] != row.dob:
        return False  # a hash collision in the index
    if without_id and has_id(person):
        return False
    phone, address = person[PHONE], person[ADDRESS]
    if row.phone is not None and phone is not None and row.phone != phone:
        return False
    return row.address is None or address is None or fold(row.address) == fold(address)


def compare(person: tuple, row: Row) -> tuple[dict[str, Any], list[str]]:
    """What the row fills in (``{field: value}``, an ID with its type) and which fields it
    gives otherwise than kept. An empty cell gives nothing, nor does a malformed ID ("0");
    an address is compared folded, as the person's key does."""
    filled: dict[str, Any] = {}
    differ: list[str] = []
    for name, given in (("dob", row.dob), ("sex", row.sex), ("phone", row.phone)):
        kept = person[_AT[name]]
        if given is None:
            continue
        if kept is None:
            filled[name] = given
        elif given != kept:
            differ.append(name)
    if is_well_formed_id(row.id_type, row.id_number):
        if not has_id(person):
            filled["id_type"], filled["id_number"] = row.id_type, row.id_number
        elif row.id_number != person[ID_NUMBER]:
            differ.append("id_number")
    if row.address is not None:
        if person[ADDRESS] is None:
            filled["address"] = row.address
        elif fold(row.address) != fold(person[ADDRESS]):
            differ.append("address")
    return filled, differ


def with_values(person: tuple, filled: dict[str, Any], reason: str | None) -> tuple:
    """The person with what was ``filled`` in ({field: value}) and ``reason``."""
    changed = list(person)
    for name, new in filled.items():
        changed[_AT[name]] = new
    changed[REASON] = reason
    return tuple(changed)


def refreshed_reason(reason: str | None, before: list[Problem], after: list[Problem],
                     dob_given: bool, extra: str | None) -> str | None:
    """A person's cleaning reason once a later row filled in some of their fields:
    ``before`` / ``after``, the identity flags (``RowReader.identity_flags``) of the
    values before and after. A code only ``before`` gives goes (the date of birth's, when
    one was given), one only ``after`` gives comes; every other code stays (a booster
    stored as dose 1, doses out of order). ``extra``: a code to add.

    >>> from desktop_app.rules.problems import error
    >>> refreshed_reason("DOB_INVALID,SEX_REQUIRED,DOSE_ORDER",
    ...                  [error("DOB_REQUIRED", "dob"), error("SEX_REQUIRED", "sex")],
    ...                  [error("SEX_REQUIRED", "sex")], True, None)
    'SEX_REQUIRED,DOSE_ORDER'
    """
    gone = {p.code for p in before} - {p.code for p in after}
    codes = [c for c in (reason or "").split(",")
             if c and c not in gone and not (dob_given and c in _DOB_CODES)]
    for code in [*(p.code for p in after), *([extra] if extra else [])]:
        if code not in codes:
            codes.append(code)
    return ",".join(codes) or None


def name_index_key(name_key: str, dob: date) -> int:
    """Where ``Known.by_name`` keeps the people of a folded name and date of birth: a hash,
    one int a person, not a tuple."""
    return hash((name_key, dob))


def row_identity(row: Row) -> int:
    """The hash ``Known.load`` keeps of a recorded person (``_RECORDED``), of a row."""
    return hash((row.name_key, row.dob, row.sex, row.id_type if row.id_number else "NONE",
                 row.id_number, row.phone, row.address))


def recorded_identity(name_key: str, dob: date | None, sex: str | None, id_type: str,
                      id_number: str | None, phone: str | None, address: str | None) -> int:
    """``row_identity`` of a recorded person's values: what ``Known.load`` keeps of each
    (it inlines this, once per person of a big database)."""
    return hash((name_key, dob, sex, id_type if id_number else "NONE", id_number, phone,
                 address))


def first_row(known: Mapping[Any, int]) -> int:
    """The first sheet row of a person this file made (their doses keep their rows)."""
    return min((abs(v) for k, v in known.items() if type(k) is int and v), default=0)


def plain(value: Any) -> Any:
    """A value as the audit's JSON and the person's columns keep it (a date ISO)."""
    return value.isoformat() if isinstance(value, date) else value


_MADE_HERE_SQL = ("SELECT id, name_key, dob FROM person WHERE created_at = ?"
                  " AND dob IS NOT NULL")

_SAME_DOSE_SQL = ("SELECT dose_number, product_code FROM dose WHERE person_id = ? AND dose_date = ?"
                  " AND product_code = ? AND status = 'active' LIMIT 1")


class FilePeople:
    """``Known``'s part that tells who a row is beyond its key: whether an ID's holder has
    the row's name (``_another_name``), which person the file made a row without an ID is
    (``_same_in_file``), and what a later row adds to a person the file made
    (``_complete``). It uses ``Known``'s maps (``people``, ``doses``, ``by_dose``,
    ``by_name``, ``amended``, ``given``, ``names_read``), its ``reader`` and its reads
    (``_read``, ``_rows``, ``db``)."""

    people: dict[Any, str]
    doses: dict[str, dict[Any, Any]]
    by_dose: dict[int, str]
    by_name: dict[int, str] | None
    amended: dict[str, tuple]
    given: dict[str, dict[str, int]]
    names_read: dict[str, tuple[str, str] | None]
    twins: dict[int, str]
    held: dict[str, Any]
    aliases: dict[str, list[Any]]
    reader: Any
    db: Any

    def _read(self, sql: str, params: list[Any]) -> tuple | None: ...

    def _rows(self, sql: str, params: list[Any]) -> list[tuple]: ...

    def _record(self, pid: str) -> dict[str, Any] | None: ...

    def _same_in_file(self, row: Row, key: Any, batch: Batch) -> str | None:
        """The person this file made that a row not found by its key is, a blank phone or
        address being unknown (``backfill_people.compatible``): the one person of the
        row's folded name and date of birth with nothing that differs; for a row with a
        well-formed ID, one who has none yet (the ID is then theirs, and a later row's
        finds them). None when there is none, or several: namesakes born the same day are
        not guessed between. The index is made at the first row without an ID."""
        if self.by_name is None:
            self._index_made(batch)
        if row.dob is None:
            return None
        found = self.by_name.get(name_index_key(row.name_key, row.dob))  # type: ignore[union-attr]
        if not found:  # nobody, or AMBIGUOUS
            return None
        known = self.doses.get(found)
        if known is None or MADE not in known:  # moved onto a record (_rehome)
            return None
        person = self._values(found, batch)
        with_id = type(key) is str
        if person is None or not compatible(person, row, without_id=with_id):
            return None
        if with_id:
            self.people[key] = found
        return found

    def _index(self, pid: str, name_key: str, dob: date) -> None:
        at = name_index_key(name_key, dob)
        was = self.by_name.setdefault(at, pid)  # type: ignore[union-attr]
        if was != pid:
            self.by_name[at] = AMBIGUOUS  # type: ignore[index]

    def _index_made(self, batch: Batch) -> None:
        """``by_name`` of every person made so far with a date of birth: those handed to
        the writer and committed as the database has them (one scan of this import's
        people), then those the batch still has (held, in hand, lately handed over), then
        those corrected since."""
        self.by_name = {}
        # The database only once a chunk was handed over (a paper form never scans it).
        ours = [(pid, name_key, date.fromisoformat(dob)) for pid, name_key, dob in (
            self._rows(_MADE_HERE_SQL, [batch.now]) if batch.doses_handed else ())]
        ours += [(p[0], p[3], date.fromisoformat(p[4])) for p in (
            *batch.held.values(), *batch.people,
            *(p for _at, people, _upto in batch.handed for p in people)) if p[4]]
        ours += [(pid, v[NAME_KEY], v[DOB]) for pid, v in self.amended.items()
                 if v[DOB] is not None]
        for pid, name_key, dob in ours:
            known = self.doses.get(pid)
            if known is not None and MADE in known:
                self._index(pid, name_key, dob)

    def _values(self, pid: str, batch: Batch) -> tuple | None:
        """What is kept of a person this file made (``backfill_people.values``): as
        corrected since it was handed over, else as the batch has it, else as committed.
        None if the database does not have them (the writer failed)."""
        person = self.amended.get(pid)
        if person is not None:
            return person
        row = batch.person(pid)
        if row is None:
            row = self._read(PERSON_SQL, [pid])
        return values(row) if row is not None else None

    def _another_name(self, pid: str, row: Row, batch: Batch, lang: str) -> RowIssue | None:
        """``pid`` holds the row's well-formed ID: None when they have the row's folded name
        (with or without accents, in capitals, it is the same), else the row refused with
        whom the ID is given to. The ID says the row is theirs, the name says it is
        somebody else's (an ID copied down a column onto the next person's rows): only a
        person can tell which is wrong, and the dose must not go on a record whose
        certificate would print it. A dose recorded for them on the row's day, of the
        row's vaccine, is that dose sent again: a duplicate that says whose it is."""
        known = self.doses.get(pid)
        if known is not None and MADE in known:  # a person of this file
            person = self._values(pid, batch)
            if person is None or person[NAME_KEY] == row.name_key:
                return None
            problem = error("ID_NAME_DIFFERS_IN_FILE", "id_number", id_number=row.id_number,
                            name=person[FULL_NAME], row=first_row(known))
        else:
            recorded = known.get(RECORDED) if known is not None else None
            if recorded is not None and recorded == row_identity(row):
                return None  # the record's own values, name and all
            if self.by_dose and self.by_dose.get(
                    hash((row.name_key, row.product_code, row.dose_date))) == pid:
                return None  # a dose of theirs under the row's name
            found = self._name_of(pid)
            if found is None or found[1] == row.name_key:
                return None
            name = found[0]
            same = self._read(_SAME_DOSE_SQL, [pid, stored_day(row.dose_date),
                                               row.product_code]) \
                if known is not None and known.get(row.dose_date) == 0 else None
            if same is not None:
                return RowIssue(row.sheet_row, DUPLICATE, "DUPLICATE_NAME_DIFFERS", say(
                    "DUPLICATE_NAME_DIFFERS", lang, name=name, person_id=pid,
                    id_number=row.id_number, dose_number=same[0],
                    product=self._product_name(same[1], lang),
                    dose_date=format_date(row.dose_date)))
            problem = error("ID_NAME_DIFFERS_IN_DATABASE", "id_number", id_number=row.id_number,
                            name=name, person_id=pid)
        # Said first and on its column, the row's flags after it, as any refused row's.
        said = reasons([problem, *row.problems], lang, refused=True)
        row.problems.append(problem)  # the paper form shows it by its field
        return RowIssue(row.sheet_row, REJECTED, problem.code, said)

    def _by_old_number(self, row: Row, key: str, batch: Batch) -> str | None:
        """The person a row giving a CCCD and the old CMND is, found by the CMND (their ID,
        or their old number when recorded): one this file made under the CMND takes the
        CCCD now, the CMND kept as their old number; a recorded one is weighed as a row
        of theirs (``_says_more`` and ``_consider`` read the record: it takes the CCCD as
        any correction, ``backfill_settle._cmnd_kept``). None when the CMND's holder has
        another name, or another CCCD: the row then makes a person of its own. A malformed
        CCCD (flagged) renumbers no one: the CMND finds them, and they keep it."""
        found = self.people.get(row.old_id_number)
        if not found:  # nobody, or AMBIGUOUS
            return None
        known = self.doses.get(found)
        if known is not None and MADE in known:
            made = self._values(found, batch)
            if made is None:
                return None
            if made[NAME_KEY] != row.name_key or made[ID_NUMBER] != row.old_id_number:
                return self._not_theirs(row, made[FULL_NAME], found)
            if is_well_formed_id(row.id_type, row.id_number):  # a mistyped CCCD: flagged
                self._renumber(found, made, row, batch)
        else:
            record = self._record(found)
            if record is None:
                return None
            if record["name_key"] != row.name_key or record["id_number"] not in (
                    row.old_id_number, row.id_number):  # another CCCD: somebody else
                return self._not_theirs(row, record["full_name"], found)
        self._alias(found, key)  # the row's other doses, and later rows, find them
        return found

    def _not_theirs(self, row: Row, name: str, pid: str) -> None:
        """The old CMND a row gives is someone else's (another name, or their CCCD is not
        the row's): not kept as the row's person's old number (other sites would match them
        by it), and the row flagged for someone to check which number is wrong."""
        row.problems.append(error("OLD_ID_OTHERS", "id_number", old_id=row.old_id_number,
                                  name=name, person_id=pid))
        row.old_id_number = None

    def _alias(self, pid: str, key: Any) -> None:
        """``key`` finds ``pid`` too (an old CMND, an ID filled in by a later row): a held
        person's are moved with them onto the record they turn out to be (``_rehome``)."""
        self.people.setdefault(key, pid)
        if pid in self.held:
            self.aliases.setdefault(pid, []).append(key)

    def _renumber(self, pid: str, made: tuple, row: Row, batch: Batch) -> None:
        """A person this file made under a CMND takes the row's CCCD, the CMND kept as
        their old number: on them in the batch or, handed to the writer already, by a
        correction with the next chunk (``_complete``'s way); their cleaning reason
        follows their new ID's flags."""
        now = with_values(made, {"id_type": row.id_type, "id_number": row.id_number},
                          made[REASON])
        before, after = self._identity_flags(made), self._identity_flags(now)

        def reason(current: str | None) -> str | None:
            return refreshed_reason(current, before, after, False, None)

        sets = {"id_type": row.id_type, "id_number": row.id_number,
                "old_id_number": row.old_id_number}
        if not batch.amend(pid, sets, reason):
            was = made[REASON]
            changes = {"id_type": [made[ID_TYPE], row.id_type],
                       "id_number": [made[ID_NUMBER], row.id_number],
                       "old_id_number": [None, row.old_id_number]}
            if reason(was) != was:
                changes["cleaning_reason"] = [was, reason(was)]
            batch.add_correction(pid, changes, reason(was))
            now = (*now[:REASON], reason(was))
            self.amended[pid] = now  # as it will be committed
        self.doses[pid][MADE] = identity_of(now)

    def _name_of(self, pid: str) -> tuple[str, str] | None:
        """A recorded person's name and folded name (read once: the record, which the
        row's comparison with it then needs no second read for, ``Known._record``)."""
        if pid not in self.names_read:
            record = self._record(pid)
            self.names_read[pid] = None if record is None else (record["full_name"],
                                                                  record["name_key"])
        return self.names_read[pid]

    def _product_name(self, code: str, lang: str) -> str:
        return self.db.catalogue.name_of(code, lang) if self.db is not None else code

    def _complete(self, pid: str, known: dict[Any, Any], row: Row, batch: Batch,
                  lang: str) -> Problem | None:
        """A later row of a person this file made that does not say what is kept of them
        (``backfill_people``): what it fills in is taken, on them in the batch or, handed
        to the writer already, by a correction with the next chunk; what it gives otherwise
        than kept flags the row and the person (the problem returned). Their cleaning
        reason follows: a date of birth given takes them off the list for its lack."""
        made = self._values(pid, batch)
        if made is None:
            return None
        filled, differ = compare(made, row)
        if "id_number" in differ and self.people.get(row.id_number) == pid:
            # Found by a number other than their ID: their old CMND (``_by_old_number``).
            differ.remove("id_number")
        problem = None
        if differ:
            first, given = first_row(known), self.given.get(pid, {})
            fields = ", ".join(say("PERSON_ROWS_DIFFER_FIELD", lang, field=field_label(f, lang),
                                   row=given.get(f, first),
                                   given=shown_value(f, getattr(row, f), lang),
                                   kept=shown_value(f, value(made, f), lang))
                               for f in differ)
            problem = error(DIFFER, differ[0], fields=fields)
            row.problems.append(problem)
        extra = DIFFER if differ else None
        was = made[REASON]
        if not filled and (extra is None or DIFFER in (was or "").split(",")):
            return problem  # nothing new to take, and already flagged
        now = with_values(made, filled, was)
        before, after = self._identity_flags(made), self._identity_flags(now)

        def reason(current: str | None) -> str | None:
            return refreshed_reason(current, before, after, "dob" in filled, extra)

        if not batch.amend(pid, {f: plain(v) for f, v in filled.items()}, reason):
            changes = {f: [plain(value(made, f)), plain(v)]
                       for f, v in filled.items()}
            if reason(was) != was:
                changes["cleaning_reason"] = [was, reason(was)]
            batch.add_correction(pid, changes, reason(was))
            self.amended[pid] = (*now[:REASON], reason(was))  # as it will be committed
        known[MADE] = identity_of(now)
        if filled:
            self.given.setdefault(pid, {}).update(dict.fromkeys(filled, row.sheet_row))
        if "dob" in filled and self.by_name is not None:
            self._index(pid, now[NAME_KEY], now[DOB])
        if "id_number" in filled:
            self._alias(pid, now[ID_NUMBER])  # a later row's ID finds them
        if ("dob" in filled or "sex" in filled) and now[DOB] is not None \
                and now[SEX] is not None:  # a later row's twin, as if their first said so
            self.twins.setdefault(hash((now[NAME_KEY], now[DOB], now[SEX])), pid)
        return problem

    def _identity_flags(self, made: tuple) -> list[Problem]:
        if self.reader is None:
            return []
        return self.reader.identity_flags(made[DOB], "", made[SEX], made[ID_TYPE],
                                          made[ID_NUMBER])
