"""The identity-cleaning worklist's rules: who is on it, in which list, with which problems,
what status may follow which, and when a list sent to the police is late.

The provinces' deadline (``../shared/seeds``) was 48 hours for the police to return a list;
a list not back by then is shown as late so the site can chase it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

from desktop_app.rules.card_check import CARD_DIFFERS
from desktop_app.rules.card_check import COMPARED as CARD_COMPARED

# The police file's differences name fields and values as everywhere else (re-exported).
from desktop_app.rules.dates import format_date
from desktop_app.rules.field_values import (  # noqa: F401
    field_label,
    problem_label,
    shown_value,
)
from desktop_app.rules.identity import IdType, NoIdReason
from desktop_app.rules.messages import text
from desktop_app.rules.names import check_diacritics, fold, same_spelling
from desktop_app.rules.person import PersonFacts, check_person
from desktop_app.rules.problems import Problem

LATE_AFTER = timedelta(days=2)

# On the worklist: a person stored with a well-formed ID and the folded name, date of birth
# and sex of another record under another ID (or none): perhaps one person, one number
# mistyped (``services.backfill_known``; the row's or form's words name the other record).
POSSIBLE_SAME_PERSON = "POSSIBLE_SAME_PERSON"
# On the worklist: a person an import made whose every dose an undo of that import voided
# (``services.import_undo``): their record, perhaps a wrong identity, stays, and is synced;
# a dose stored for them since takes the flag off (``services.backfill_known``).
UNDONE_NO_DOSE = "IMPORT_UNDONE_NO_DOSE"


class Status(StrEnum):
    TO_CHECK = "to_check"
    CONTACTED = "contacted"
    SENT = "sent"  # sent for verification (police, immigration police)
    RETURNED = "returned"
    FIXED = "fixed"
    CANNOT_VERIFY = "cannot_verify"


OPEN = (Status.TO_CHECK, Status.CONTACTED, Status.SENT, Status.RETURNED)
CLOSED = (Status.FIXED, Status.CANNOT_VERIFY)

# The worklist's path, forwards; a closed case can be reopened (new evidence, a register
# verdict), and a returned list may still need the citizen to be contacted.
NEXT: Mapping[Status, tuple[Status, ...]] = {
    Status.TO_CHECK: (Status.CONTACTED, Status.SENT, Status.FIXED, Status.CANNOT_VERIFY),
    Status.CONTACTED: (Status.SENT, Status.FIXED, Status.CANNOT_VERIFY, Status.TO_CHECK),
    Status.SENT: (Status.RETURNED, Status.FIXED, Status.CANNOT_VERIFY, Status.TO_CHECK),
    Status.RETURNED: (Status.CONTACTED, Status.SENT, Status.FIXED, Status.CANNOT_VERIFY),
    Status.FIXED: (Status.TO_CHECK,),
    Status.CANNOT_VERIFY: (Status.TO_CHECK, Status.CONTACTED, Status.SENT),
}


def may_move(old: Status | str, new: Status | str) -> bool:
    """Whether a case may go from ``old`` to ``new``.

    >>> may_move("to_check", "sent"), may_move("fixed", "sent")
    (True, False)
    """
    return old == new or Status(new) in NEXT[Status(old)]


class WorkList(StrEnum):
    """The worklist's own lists: people who are verified through other channels."""

    MAIN = "main"
    FOREIGNERS = "foreigners"  # passports: the immigration police
    UNKNOWN_IDENTITY = "unknown_identity"
    HOMELESS = "homeless"
    CHILDREN = "children"  # children without a number yet


_NO_ID_LISTS = {
    NoIdReason.UNKNOWN_IDENTITY: WorkList.UNKNOWN_IDENTITY,
    NoIdReason.HOMELESS_OR_ITINERANT: WorkList.HOMELESS,
    NoIdReason.CHILD_WITHOUT_NUMBER: WorkList.CHILDREN,
}


def list_of(id_type: str | None, no_id_reason: str | None) -> WorkList:
    """The list a person is worked on in.

    >>> list_of("PASSPORT", None), list_of("NONE", "CHILD_WITHOUT_NUMBER")
    (<WorkList.FOREIGNERS: 'foreigners'>, <WorkList.CHILDREN: 'children'>)
    """
    if id_type == IdType.PASSPORT:
        return WorkList.FOREIGNERS
    if id_type == IdType.NONE and no_id_reason in _NO_ID_LISTS:
        return _NO_ID_LISTS[NoIdReason(no_id_reason)]
    return WorkList.MAIN


# The codes the identity rules can give: a correction re-runs them, so these are recomputed;
# any other code on a person (a dose number the import had to move, a booster without its
# number stored as dose 1 or within a primary series, doses out of date order or too close,
# as an import or a merge joined them: DOSE_NUMBER_TAKEN, DOSE_BOOSTER_AS_FIRST,
# DOSE_BOOSTER_IN_SERIES, DOSE_ORDER, DOSE_INTERVAL_SHORT, BOOSTER_INTERVAL_SHORT) is kept as it
# is, but a dose outside its vaccine's ages (DOSE_AGE_OUTSIDE), which a corrected date of
# birth can make or unmake (``recomputed_codes``' ``ages_outside``). Each is an error
# (tests/certificates/test_identity_errors_hold_certificates.py keeps it complete).
IDENTITY_CODES = frozenset({
    "NAME_REQUIRED", "NAME_TOO_LONG", "NAME_INVALID_CHARS", "NAME_NOT_LATIN",
    "SEX_REQUIRED", "SEX_INVALID",
    "DOB_REQUIRED", "DOB_INVALID", "DOB_AMBIGUOUS", "DOB_IN_FUTURE", "DOB_TOO_OLD",
    "ID_TYPE_REQUIRED", "ID_NUMBER_REQUIRED",
    "ID_NOT_DIGITS", "ID_WRONG_LENGTH", "ID_PROVINCE_UNKNOWN", "ID_CENTURY_INVALID",
    "ID_SEX_MISMATCH", "ID_BIRTH_YEAR_MISMATCH", "PASSPORT_INVALID", "NATIONALITY_REQUIRED",
    "NO_ID_REASON_REQUIRED", "NO_ID_CHILD_TOO_OLD", "PHONE_INVALID", "ID_SCIENTIFIC_NOTATION",
})

# The identity errors a person flagged for cleaning (the needs-cleaning extension) may
# carry to the platform, which takes them (``central_server/fhir/validate.py``), and so
# the ones an import may store a person flagged with (``importers.rows.REJECTING`` refuses
# the rest): one definition. Two lists drifted: a name with a note in it or not in Latin
# letters, a birth over 120 years ago were flagged by the import and refused by the
# platform, their doses never sent. Every one but a missing name: a record of no one.
FLAGGABLE = IDENTITY_CODES - {"NAME_REQUIRED"}

# On the worklist: a dose of another site under a dose number the person holds, brought by
# a look-up or told by the platform (``sync/dose_clashes.py``).
DOSE_NUMBER_CLASH = "DOSE_NUMBER_CLASH"

# Problems of the doses alone, nothing the police can verify: a number the import had to
# move, a booster stored as dose 1, doses out of date order or too close together (a
# merge's), a number another site holds.
# (A dose outside its vaccine's ages is not one: its date of birth is what to check.)
DOSES_ONLY = frozenset({"DOSE_NUMBER_TAKEN", "DOSE_BOOSTER_AS_FIRST", "DOSE_BOOSTER_IN_SERIES",
                        "DOSE_ORDER", "DOSE_INTERVAL_SHORT", "BOOSTER_INTERVAL_SHORT",
                        DOSE_NUMBER_CLASH})


def for_the_police(problems: Iterable[str]) -> bool:
    """Whether a case has anything the police can verify: a problem of the person's
    identity, not only of their doses (``DOSES_ONLY``). A case with no problem at all is on
    a list the police verify for what it is (homeless, unknown identity, foreigners...).

    >>> for_the_police(["DOSE_ORDER"]), for_the_police(["DOSE_ORDER", "DOB_REQUIRED"])
    (False, True)
    >>> for_the_police(["DOSE_AGE_OUTSIDE"]), for_the_police(["NAME_NO_DIACRITICS"])
    (True, True)
    >>> for_the_police([])
    True
    """
    codes = set(problems)
    return not codes or not codes <= DOSES_ONLY


# What no certificate may be signed over: the person on it would not be who it says. Every
# identity error (a hand-kept list beside IDENTITY_CODES drifted: a name with a note in
# it, a CCCD of no province, a birth over 120 years ago were signed), but a phone's, which
# no certificate carries; and the register's or the citizen's card's disagreement.
NOT_ON_CERTIFICATE = frozenset({"PHONE_INVALID"})
CERTIFICATE_BLOCKING = (IDENTITY_CODES - NOT_ON_CERTIFICATE) | {
    # The national register gives another name, birth date or sex for the number, or the
    # citizen's own scanned card does (``card_check.CARD_DIFFERS``, a clerk's flag until a
    # supervisor corrects the record): printed as it is here, the certificate would not
    # match the citizen's card.
    "REGISTER_MISMATCH", "CARD_DIFFERS",
}


def backlog_problems(status: Status, problems: Iterable[str]) -> tuple[str, ...]:
    """The problems a case counts in the not-clean backlog (the worklist's counts, the
    report the province ranks by): an open case's all; one closed as *cannot verify* those
    that hold a certificate back, a real identity error nobody put right (closing every
    case so emptied the backlog while the certificates stayed held); a fixed one none.

    >>> backlog_problems(Status.CANNOT_VERIFY, ["ID_SEX_MISMATCH", "NAME_NO_DIACRITICS"])
    ('ID_SEX_MISMATCH',)
    >>> backlog_problems(Status.SENT, ["NAME_NO_DIACRITICS"]), backlog_problems(Status.FIXED, ["X"])
    (('NAME_NO_DIACRITICS',), ())
    """
    if status not in CLOSED:
        return tuple(problems)
    if status is Status.CANNOT_VERIFY:
        return tuple(p for p in problems if p in CERTIFICATE_BLOCKING)
    return ()


# A name typed without its diacritics: the desk asks and keeps no code, a file cannot be
# asked, so the importer flags it (``importers.rows``). A warning, not an identity error:
# no correction gives it again, and it goes once the name has its marks (or the person's
# ID is a passport), else it stays, as a code the identity rules do not give stays.
NAME_NO_DIACRITICS = "NAME_NO_DIACRITICS"

# The importer names a missing number from the row's side ("the CCCD/CMND is required"),
# the rules from the stored person's ("no document and no reason"): one finding, kept under
# the name it was listed with, so a group on the worklist does not split in two.
_AS_IMPORTED = {"NO_ID_REASON_REQUIRED": "ID_NUMBER_REQUIRED"}


def split_codes(stored: str | None) -> tuple[str, ...]:
    """The codes stored comma-separated.

    >>> split_codes("DOB_REQUIRED,ID_SEX_MISMATCH"), split_codes(None)
    (('DOB_REQUIRED', 'ID_SEX_MISMATCH'), ())
    """
    return tuple(c for c in (stored or "").split(",") if c)


def joined_codes(codes: Iterable[str]) -> str | None:
    unique = list(dict.fromkeys(codes))
    return ",".join(unique) or None


def identity_codes(facts: PersonFacts, today: date) -> tuple[str, ...]:
    """The codes of the identity errors a person's data has now (warnings need no cleaning)."""
    return tuple(dict.fromkeys(p.code for p in check_person(facts, today) if p.is_error))


# The fields whose correction settles a clerk's "the card differs" flag: what the card is
# compared on, and the kind of ID. A supervisor correcting them is acting on the card's case
# (its values are in the case's note); if the card still differs, the next scan says so again.
CARD_SETTLED_BY = frozenset({*CARD_COMPARED, "id_type"})


DOSE_AGE_OUTSIDE = "DOSE_AGE_OUTSIDE"


def recomputed_codes(stored: str | None, facts: PersonFacts, today: date,
                     corrected: Iterable[str] = (), ages_outside: bool | None = None
                     ) -> str | None:
    """A person's cleaning codes after a correction: the identity codes that still apply,
    and any other code as it was, but a clerk's ``CARD_DIFFERS``, which a correction of
    the identity (``corrected`` names the fields it changed) settles, and
    ``DOSE_AGE_OUTSIDE``, given or taken as ``ages_outside`` says (None: kept as it was).
    The codes that stay keep their order: a check again that finds the same problems
    changes nothing.

    >>> from desktop_app.rules.identity import IdType, Sex
    >>> facts = PersonFacts("Lê Văn Tám", date(1990, 1, 1), Sex.MALE, IdType.CCCD,
    ...                     "001090000001")
    >>> recomputed_codes("ID_SEX_MISMATCH,DOSE_NUMBER_TAKEN", facts, date(2024, 1, 1))
    'DOSE_NUMBER_TAKEN'
    >>> recomputed_codes("CARD_DIFFERS,DOSE_NUMBER_TAKEN", facts, date(2024, 1, 1),
    ...                  corrected=["full_name", "dob"])
    'DOSE_NUMBER_TAKEN'
    >>> recomputed_codes("CARD_DIFFERS", facts, date(2024, 1, 1), corrected=["phone"])
    'CARD_DIFFERS'
    >>> plain = PersonFacts("Le Van Tam", date(1990, 1, 1), Sex.MALE, IdType.CCCD,
    ...                     "001090000001")
    >>> [recomputed_codes("NAME_NO_DIACRITICS", f, date(2024, 1, 1), corrected=["phone"])
    ...  for f in (plain, facts)]
    ['NAME_NO_DIACRITICS', None]
    >>> [recomputed_codes("DOSE_AGE_OUTSIDE,ID_SEX_MISMATCH", facts, date(2024, 1, 1), (), a)
    ...  for a in (None, False)]
    ['DOSE_AGE_OUTSIDE', None]
    >>> recomputed_codes(None, facts, date(2024, 1, 1), ["dob"], ages_outside=True)
    'DOSE_AGE_OUTSIDE'
    >>> from dataclasses import replace
    >>> unknown = replace(facts, dob=None)
    >>> recomputed_codes("DOSE_AGE_OUTSIDE,DOB_REQUIRED", unknown, date(2024, 1, 1))
    'DOSE_AGE_OUTSIDE,DOB_REQUIRED'
    """
    codes = split_codes(stored)
    settled = {CARD_DIFFERS} if CARD_SETTLED_BY.intersection(corrected) else set()
    if NAME_NO_DIACRITICS in codes and (facts.id_type == IdType.PASSPORT
                                        or not check_diacritics(facts.full_name)):
        settled.add(NAME_NO_DIACRITICS)
    if ages_outside is False:
        settled.add(DOSE_AGE_OUTSIDE)
    kept = [c for c in codes if c not in IDENTITY_CODES and c not in settled]
    now = [_AS_IMPORTED.get(c, c) if _AS_IMPORTED.get(c) in codes else c
           for c in identity_codes(facts, today)]
    new = [*now, *kept, *([DOSE_AGE_OUTSIDE] if ages_outside else [])]
    return joined_codes([*(c for c in codes if c in new), *new])


def left_unfixed(codes: Iterable[str]) -> tuple[str, ...]:
    """The problems that keep a case from being *fixed*: what the rules find in the record
    (a correction clears them) and the register's verdict. A case closed with such a problem
    still there is *cannot verify*, not fixed; a problem no correction can clear (a dose
    number the import had to move, a booster stored as dose 1) does not hold it back.

    >>> left_unfixed(("DOB_REQUIRED", "DOSE_NUMBER_TAKEN", "REGISTER_NOT_FOUND"))
    ('DOB_REQUIRED', 'REGISTER_NOT_FOUND')
    >>> left_unfixed(("DOSE_BOOSTER_AS_FIRST",))
    ()
    """
    return tuple(c for c in codes if c in IDENTITY_CODES or c.startswith("REGISTER_"))


def status_after(status: Status | str | None, had: str | None, now: str | None,
                 register_code: str | None = None) -> Status | None:
    """Where a person's case goes once their codes went from ``had`` to ``now`` (a
    correction, a check again, a flag a later row raised; at the desk or by a file), None
    where it stays: one rule, so a case moves the same way whoever changed the record.
    ``status``: the case's (None: no case yet); ``register_code``: the register's problem
    as it stands after the change.

    A person who was listed and has nothing left is *fixed*. A *fixed* case the rules
    still (or again) find wrong goes back to be checked (``left_unfixed``), and so does a
    closed case that gets a code the identity rules do not give (a dose outside its ages,
    a dose number the import had to move): a new problem nobody has looked at. An identity
    code a check again names otherwise (an unreadable date of birth, now a missing one)
    is not news to a case closed as *cannot verify*.

    >>> status_after("fixed", None, "ID_SEX_MISMATCH")
    <Status.TO_CHECK: 'to_check'>
    >>> status_after("cannot_verify", "DOB_REQUIRED", "DOB_REQUIRED,DOSE_AGE_OUTSIDE")
    <Status.TO_CHECK: 'to_check'>
    >>> status_after("contacted", "DOB_REQUIRED", None), status_after(None, "DOB_REQUIRED", None)
    (<Status.FIXED: 'fixed'>, <Status.FIXED: 'fixed'>)
    >>> [status_after("cannot_verify", "DOB_INVALID", "DOB_REQUIRED"),
    ...  status_after("fixed", "DOSE_ORDER", "DOSE_ORDER"), status_after(None, None, None)]
    [None, None, None]
    """
    current = Status(status) if status else None
    codes = split_codes(now)
    if not codes and not register_code:
        listed = bool(split_codes(had)) or current in OPEN
        return Status.FIXED if listed and current is not Status.FIXED else None
    if current is Status.FIXED and left_unfixed(codes):
        return Status.TO_CHECK
    news = set(codes).difference(split_codes(had), IDENTITY_CODES)
    return Status.TO_CHECK if current in CLOSED and news else None


def problems_of(stored: str | None, register_code: str | None) -> tuple[str, ...]:
    """Everything that puts a person on the worklist: the rules' codes and the register's."""
    codes = split_codes(stored)
    return (*codes, register_code) if register_code else codes


def is_late(status: str, sent_at: datetime | None, now: datetime) -> bool:
    """Sent for verification more than two days ago and not back.

    >>> is_late("sent", datetime(2026, 1, 1), datetime(2026, 1, 3, 1))
    True
    """
    return status == Status.SENT and sent_at is not None and now - sent_at > LATE_AFTER


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    key: str  # the folded name without its kind ("phuong lang" -> "lang")


def place_of(address: str | None, places: Iterable[Place]) -> Place | None:
    """The commune or ward an address names, the longest name found winning ("Tân Phú"
    over "Phú"); None when it names none of them.

    >>> wards = [Place("1", "Phường Phú", "phu"), Place("2", "Phường Tân Phú", "tan phu")]
    >>> place_of("12 Lê Lợi, P. Tân Phú", wards).code
    '2'
    """
    if not address:
        return None
    text = f" {' '.join(fold(address).replace(',', ' ').replace('.', ' ').split())} "
    best: Place | None = None
    for place in places:
        if place.key and f" {place.key} " in text and (
                best is None or len(place.key) > len(best.key)):
            best = place
    return best


def status_label(status: Status | str, lang: str) -> str:
    return text(f"CLEANING_STATUS_{Status(status).value.upper()}", lang)


def list_label(work_list: WorkList | str, lang: str, *, short: bool = False) -> str:
    """A list's name; ``short``: as its tab says it (six tabs fit a 1024-pixel screen only
    so; the full name is the tab's tooltip)."""
    key = f"CLEANING_LIST_{WorkList(work_list).value.upper()}"
    return text(f"{key}_SHORT" if short else key, lang)


class SameRecord(NamedTuple):
    """A standing record a POSSIBLE_SAME_PERSON case may be, as the worklist names it."""

    full_name: str
    id_number: str | None
    last_dose_number: int | None = None
    last_dose_date: date | None = None


class SameRecords(NamedTuple):
    named: tuple[SameRecord, ...]
    found: int  # more than named: a common name, the rest counted


def case_problem(code: str, lang: str, number_elsewhere: str | None = None,
                 identity_elsewhere: Mapping[str, str] | None = None,
                 same_as: SameRecords | None = None, own_name: str | None = None) -> str:
    """A case's problem in a few words; the ID number another site holds beside its flag
    (ID_DIFFERS_ELSEWHERE), and the site and values a linked record of another site gives
    beside theirs (IDENTITY_DIFFERS_ELSEWHERE), for the supervisor to check on the card;
    the records a POSSIBLE_SAME_PERSON may be, to merge or tell apart: by ID number, or by
    last dose where there is none (namesakes born the same day read alike otherwise); a
    record named as the case (``own_name``) said "same name", so that what tells them
    apart shows in a narrow column (the name, repeated, left the number cut off).

    >>> case_problem("IDENTITY_DIFFERS_ELSEWHERE", "vi", identity_elsewhere={
    ...     "site": "HN-0001", "full_name": "Trần Thị Mại", "dob": "1985-04-03"})
    'HN-0001 ghi khác: Họ và tên “Trần Thị Mại”; Ngày sinh “03/04/1985”'
    >>> said = case_problem("POSSIBLE_SAME_PERSON", "en", same_as=SameRecords((
    ...     SameRecord("Trần Thị Bích", "123456789"),
    ...     SameRecord("Trần Thị Bích", None, 2, date(2021, 8, 29))), 4))
    >>> said.split("; ")  # doctest: +NORMALIZE_WHITESPACE
    ['Perhaps the same person as: Trần Thị Bích, ID number 123456789',
     'Trần Thị Bích, no ID number, last dose 2 on 29/08/2021', 'and 2 more']
    >>> case_problem("POSSIBLE_SAME_PERSON", "vi", same_as=SameRecords((
    ...     SameRecord("Trần Thị Bích", "123456789"),), 1), own_name="TRẦN THỊ BÍCH")
    'Có thể trùng người với: cùng tên, số giấy tờ 123456789'
    """
    if code == POSSIBLE_SAME_PERSON and same_as and same_as.named:
        records = [_same_record(r, lang, own_name) for r in same_as.named]
        if same_as.found > len(same_as.named):
            records.append(text("SAME_PERSON_MORE", lang, count=same_as.found - len(records)))
        return text("POSSIBLE_SAME_PERSON_RECORDS", lang, records="; ".join(records))
    if code == "ID_DIFFERS_ELSEWHERE" and number_elsewhere:
        return text("ID_DIFFERS_ELSEWHERE_NUMBER", lang, number=number_elsewhere)
    if code == "IDENTITY_DIFFERS_ELSEWHERE" and identity_elsewhere:
        values = "; ".join(f"{field_label(k, lang)} “{shown_value(k, v, lang)}”"
                           for k, v in identity_elsewhere.items() if k != "site")
        return text("IDENTITY_DIFFERS_ELSEWHERE_VALUES", lang,
                    site=identity_elsewhere.get("site") or "?", values=values)
    return problem_label(code, lang)


def _same_record(record: SameRecord, lang: str, own_name: str | None = None) -> str:
    name = text("SAME_PERSON_SAME_NAME", lang) \
        if own_name and same_spelling(record.full_name, own_name) else record.full_name
    if record.id_number:
        return text("SAME_PERSON_RECORD", lang, name=name, id_number=record.id_number)
    if record.last_dose_date is not None:
        return text("SAME_PERSON_RECORD_LAST_DOSE", lang, name=name,
                    dose_number=record.last_dose_number or "?",
                    date=format_date(record.last_dose_date))
    return text("SAME_PERSON_RECORD_NO_ID", lang, name=name)


def problems_in_brief(problems: Iterable[Problem], lang: str) -> str:
    """What puts a stored record on the data-cleaning list, in the list's own words, for
    the volunteer who stored it: "Thiếu ngày sinh", not the entry form's "Ngày sinh là bắt
    buộc", which reads as if it had been refused. A problem the list has no name for is
    told by its rule's sentence.

    >>> from desktop_app.rules.problems import error
    >>> problems_in_brief([error("DOB_REQUIRED", "dob"),
    ...                    error("ID_NUMBER_REQUIRED", "id_number")], "en")
    'No date of birth; No ID number'
    """
    return "; ".join(label if (label := problem_label(p.code, lang)) != p.code
                     else p.message(lang) for p in problems)
