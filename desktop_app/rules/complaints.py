"""What a complaint must say before it is accepted, wherever it is typed: the public web form,
the central API, or the hotline entry at a site. Pure: the same findings everywhere.

The citizen's ID number is how the platform finds their records, so it must have the shape of
a CCCD (12 digits), a CMND (9) or a passport (letters and digits: digits alone are a CCCD or
CMND); name and date of birth are checked as the desk
checks them. A complaint about a dose says which dose or when it was given.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from desktop_app.rules import admin_units
from desktop_app.rules.dates import check_dob
from desktop_app.rules.identity import IdType, check_phone, clean_id_number, is_well_formed_id
from desktop_app.rules.names import check_name, fold, search_key
from desktop_app.rules.problems import Problem, error
from desktop_app.rules.text_fields import all_digits
from desktop_app.wire.complaints import (
    ACTIONS,
    ADD_DOSE,
    CORRECT,
    DEADLINE_HOURS,
    DOSE_MISSING,
    KINDS,
    MAX_DOSE_NUMBER,
    MERGE,
    NOT_ON_SYSTEM,
    PROVINCE_REPLY,
    REASON_MAX,
    REJECT,
    STAFF_ACTIONS,
    TEXT_MAX,
    WEB,
    HandBack,
    Reopening,
    Resolution,
    Submission,
)

# The citizen reads a resolution's note on the platform's status page, and the province a
# reopening's reason, in Vietnamese whatever language the site's UI speaks: the words the
# desk proposes and defaults for them are in it.
CITIZEN_LANG = "vi"

# The kinds that are about one dose: the site must know which to look for.
ABOUT_A_DOSE = (DOSE_MISSING,)
# The kinds a dose recorded from the citizen's card answers: one is missing, or the person
# is not on the system at all. The others are a record's details to correct or merge.
ANSWERED_BY_A_DOSE = (DOSE_MISSING, NOT_ON_SYSTEM)
# The lengths of a number of digits alone: a CCCD (12) or a CMND (9).
ID_DIGITS = (12, 9)


def adding_a_dose_answers(kind: str) -> bool:
    """Whether recording the missing dose is a resolution of a complaint of this kind.

    >>> from desktop_app.wire.complaints import MISSING_DOB
    >>> adding_a_dose_answers(DOSE_MISSING), adding_a_dose_answers(MISSING_DOB)
    (True, False)
    """
    return kind in ANSWERED_BY_A_DOSE


def someone_else(full_name: str, dob: date | None, sub: Submission) -> bool:
    """Whether a record (or a form) reads as another person than the complaint's: another
    name, compared folded as people type them, or another birth date where both are known.
    The record an ID number alone found is a twin's when the citizen gave her sister's
    number by one digit. A birth date the record lacks is what a complaint may be about.

    >>> sub = Submission("dose_missing", "001190004322", "Nguyen Thi  HONG", date(1990, 5, 5))
    >>> someone_else("Nguyễn Thị Hồng", None, sub), someone_else("Nguyễn Thị Hoa", None, sub)
    (False, True)
    >>> someone_else("Nguyễn Thị Hồng", date(1990, 5, 6), sub)
    True
    """
    return fold(full_name) != fold(sub.full_name) or (
        dob is not None and sub.dob is not None and dob != sub.dob)


# Words a place's name carries that name no place: "trạm y tế", "phường", "xã"... A
# citizen's "Láng Hạ" names "Trạm Y tế Phường Láng Hạ"; "trạm y tế" alone names none.
_PLACE_WORDS = frozenset(fold("trạm y tế tram yte phòng khám bệnh viện trung tâm điểm tiêm "
                              "phường xã thị trấn đặc khu quận huyện thành phố tỉnh số").split())


def names_site(place: str, site_code: str, site_name: str) -> bool:
    """Whether a citizen's words for where they were vaccinated name this site: its code,
    or its name's own words in order (diacritics, case, "trạm y tế", "phường" aside).

    >>> names_site("láng hạ", "HN-0001", "Trạm Y tế Phường Láng Hạ")
    True
    >>> names_site("Tram y te phuong Lang Ha, Dong Da", "HN-0001", "Trạm Y tế Phường Láng Hạ")
    True
    >>> names_site("hn-0001", "HN-0001", "x"), names_site("Láng", "HN-0001", "Láng Hạ")
    (True, False)
    >>> names_site("trạm y tế phường", "HN-0001", "Trạm Y tế Phường Láng Hạ")
    False
    """
    said = fold(place)
    if said.replace(" ", "") == fold(site_code).replace(" ", ""):
        return True
    own = [w for w in search_key(site_name).split() if w not in _PLACE_WORDS]
    words = search_key(place).split()
    n = len(own)
    return n > 0 and any(words[i:i + n] == own for i in range(len(words) - n + 1))


def check_submission(sub: Submission, today: date) -> list[Problem]:
    """Every problem with a complaint as typed, each naming its field.

    >>> ok = Submission(DOSE_MISSING, "001190000001", "Lê Thị Hoa", date(1990, 1, 2),
    ...                 dose_number=2)
    >>> check_submission(ok, date(2026, 12, 1))
    []
    >>> bad = Submission("other", "A-1", "", None, dose_date=date(2027, 1, 1), text="x" * 3000)
    >>> [(p.field, p.code) for p in check_submission(bad, date(2026, 12, 1))]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('kind', 'COMPLAINT_KIND_REQUIRED'), ('id_number', 'COMPLAINT_ID_INVALID'),
     ('full_name', 'NAME_REQUIRED'), ('dob', 'DOB_REQUIRED'),
     ('dose_date', 'COMPLAINT_DOSE_DATE_FUTURE'), ('text', 'COMPLAINT_TEXT_TOO_LONG')]

    A passport may hold digits, but digits alone are a CCCD or CMND with one missing:

    >>> short = Submission(DOSE_MISSING, "00119000001", "Lê Thị Hoa", date(1990, 1, 2),
    ...                    dose_number=2)
    >>> [(p.code, p.params["length"]) for p in check_submission(short, date(2026, 12, 1))]
    [('COMPLAINT_ID_DIGITS', 11)]
    >>> named = Submission(DOSE_MISSING, "001190000001", "Lê Thị Hoa", date(1990, 1, 2),
    ...                    dose_number=2, commune_code="Phường Ba Đình")
    >>> [p.code for p in check_submission(named, date(2026, 12, 1))]
    ['COMPLAINT_COMMUNE_UNKNOWN']

    The old CMND a record of 2021 was made under, when given, is one:

    >>> from dataclasses import replace
    >>> card = replace(short, id_number="001190000001")
    >>> [[p.code for p in check_submission(replace(card, other_id_number=n), date(2026, 12, 1))]
    ...  for n in ("013579246", "0135792", "")]
    [[], ['COMPLAINT_OTHER_ID_INVALID'], []]
    >>> from desktop_app.wire.complaints import HOTLINE
    >>> call = replace(card, other_id_number="B1234567", channel=HOTLINE)  # a passport record
    >>> check_submission(call, date(2026, 12, 1))
    []
    """
    problems: list[Problem] = []
    if sub.kind not in KINDS:
        problems.append(error("COMPLAINT_KIND_REQUIRED", "kind"))
    number = clean_id_number(sub.id_number)
    if not number:
        problems.append(error("COMPLAINT_ID_REQUIRED", "id_number"))
    elif all_digits(number) and len(number) not in ID_DIGITS:
        # Digits alone are a CCCD or a CMND typed with a digit missing or extra, not a
        # passport: filed as one, it found no record and reached no site.
        problems.append(error("COMPLAINT_ID_DIGITS", "id_number", value=sub.id_number.strip(),
                              length=len(number)))
    elif not any(is_well_formed_id(kind, number)
                 for kind in (IdType.CCCD, IdType.CMND, IdType.PASSPORT)):
        problems.append(error("COMPLAINT_ID_INVALID", "id_number", value=sub.id_number.strip()))
    # The public form's box asks for the old CMND; a site's call carries its record's other
    # number, whatever it is (a passport, the mistyped number a supervisor linked it by):
    # refused, the call would never reach the platform.
    other = clean_id_number(sub.other_id_number) if sub.channel == WEB else ""
    if other and not any(is_well_formed_id(kind, other) for kind in (IdType.CMND, IdType.CCCD)):
        problems.append(error("COMPLAINT_OTHER_ID_INVALID", "other_id_number",
                              value=sub.other_id_number.strip()))
    problems += check_name(sub.full_name)
    problems += check_dob(sub.dob, today)
    problems += check_phone(sub.phone)
    if sub.dose_number is not None and not 1 <= sub.dose_number <= MAX_DOSE_NUMBER:
        problems.append(error("COMPLAINT_DOSE_NUMBER_INVALID", "dose_number",
                              most=MAX_DOSE_NUMBER))
    if sub.dose_date is not None:
        if sub.dose_date > today:
            problems.append(error("COMPLAINT_DOSE_DATE_FUTURE", "dose_date"))
        elif sub.dob is not None and sub.dose_date < sub.dob:
            problems.append(error("COMPLAINT_DOSE_BEFORE_BIRTH", "dose_date"))
    if sub.kind in ABOUT_A_DOSE and sub.dose_number is None and sub.dose_date is None:
        problems.append(error("COMPLAINT_WHICH_DOSE", "dose_number"))
    if sub.commune_code is not None and admin_units.commune(sub.commune_code) is None:
        # It routes the complaint: a name typed where its code goes was kept, unrouted.
        problems.append(error("COMPLAINT_COMMUNE_UNKNOWN", "commune_code",
                              value=sub.commune_code))
    if len(sub.text) > TEXT_MAX:
        problems.append(error("COMPLAINT_TEXT_TOO_LONG", "text", most=TEXT_MAX))
    return problems


def check_resolution(res: Resolution) -> list[Problem]:
    """What an answer must say: a rejection says why and the province's reply says
    something (the citizen reads either), and no note is longer than the wire allows.

    >>> from datetime import datetime
    >>> from desktop_app.wire.complaints import ADD_DOSE
    >>> now = datetime(2026, 12, 1, 8)
    >>> [p.code for p in check_resolution(Resolution(REJECT, " ", "Hoa", now))]
    ['COMPLAINT_REJECT_NEEDS_REASON']
    >>> check_resolution(Resolution(ADD_DOSE, "", "Hoa", now))
    []
    >>> [p.code for p in check_resolution(Resolution(PROVINCE_REPLY, "", "tinh01", now))]
    ['COMPLAINT_REPLY_NEEDS_NOTE']
    """
    problems: list[Problem] = []
    if res.action == REJECT and not res.note.strip():
        problems.append(error("COMPLAINT_REJECT_NEEDS_REASON", "note"))
    if res.action == PROVINCE_REPLY and not res.note.strip():
        problems.append(error("COMPLAINT_REPLY_NEEDS_NOTE", "note"))
    if len(res.note) > REASON_MAX:
        problems.append(error("COMPLAINT_NOTE_TOO_LONG", "note", most=REASON_MAX))
    return problems


def check_hand_back(hand_back: HandBack) -> list[Problem]:
    """What a site's hand-back must say: why the complaint is not its own (the province
    reads it to send the complaint on), within the wire's length; the desk and the platform
    check it alike.

    >>> from datetime import datetime
    >>> now = datetime(2026, 12, 1, 8)
    >>> [p.code for p in check_hand_back(HandBack(" ", "Hoa", now))]
    ['COMPLAINT_HAND_BACK_NEEDS_REASON']
    >>> [p.code for p in check_hand_back(HandBack("x" * 501, "Hoa", now))]
    ['COMPLAINT_NOTE_TOO_LONG']
    >>> check_hand_back(HandBack("Người dân tiêm ở Hà Nam", "Hoa", now))
    []
    """
    return _reason_problems(hand_back.reason, "COMPLAINT_HAND_BACK_NEEDS_REASON")


def check_reopen(reopening: Reopening) -> list[Problem]:
    """What a site's reopening must say: why the answer no longer holds (the province
    reads it), within the wire's length, and which of its answers it withdraws (a site's:
    the province's own words are not a site's to take back). The platform checks it; the
    desk's reopenings carry its own reason (``services/complaint_reopen``).

    >>> from datetime import datetime
    >>> now = datetime(2026, 12, 1, 8)
    >>> merged = Resolution(MERGE, "Đã gộp", "Hoa", now, "p1", (), "p2")
    >>> [p.code for p in check_reopen(Reopening(merged, " ", "Hoa", now))]
    ['COMPLAINT_REOPEN_NEEDS_REASON']
    >>> said = Resolution(PROVINCE_REPLY, "Đã trả lời", "Sở", now)
    >>> [p.code for p in check_reopen(Reopening(said, "Tách lại", "Hoa", now))]
    ['COMPLAINT_REOPEN_NOT_A_SITE_ANSWER']
    >>> check_reopen(Reopening(merged, "Đã tách lại hai hồ sơ", "Hoa", now))
    []
    """
    problems = _reason_problems(reopening.reason, "COMPLAINT_REOPEN_NEEDS_REASON")
    if reopening.withdrawn.action not in ACTIONS:
        problems.append(error("COMPLAINT_REOPEN_NOT_A_SITE_ANSWER", "withdrawn"))
    return problems


def check_move(reason: str) -> list[Problem]:
    """Why the province moves a complaint to a site (the dashboard, a terminal): said,
    within the wire's length, as a hand-back's reason.

    >>> [p.code for p in check_move("")], check_move("Người dân tiêm ở trạm Kim Liên")
    (['COMPLAINT_MOVE_NEEDS_REASON'], [])
    """
    return _reason_problems(reason, "COMPLAINT_MOVE_NEEDS_REASON")


def _reason_problems(reason: str, missing: str) -> list[Problem]:
    if not reason.strip():
        return [error(missing, "reason")]
    if len(reason) > REASON_MAX:
        return [error("COMPLAINT_NOTE_TOO_LONG", "reason", most=REASON_MAX)]
    return []


def check_staff_answer(res: Resolution) -> list[Problem]:
    """What the province (or central staff) may answer, on the dashboard or at a terminal:
    it records no dose and corrects no record, so only a rejection with its reason or a
    reply in words (``wire.STAFF_ACTIONS``). "Missing dose added" said by someone who added
    none told the citizen a dose was there, and closed the site's copy of the complaint.

    >>> from datetime import datetime
    >>> from desktop_app.wire.complaints import ADD_DOSE
    >>> now = datetime(2026, 12, 1, 8)
    >>> [(p.field, p.code) for p in check_staff_answer(Resolution(ADD_DOSE, "", "tinh01", now))]
    [('action', 'COMPLAINT_STAFF_ACTION')]
    >>> check_staff_answer(Resolution(PROVINCE_REPLY, "Đã gọi điện cho trạm.", "tinh01", now))
    []
    """
    if res.action not in STAFF_ACTIONS:
        return [error("COMPLAINT_STAFF_ACTION", "action")]
    return check_resolution(res)


def check_site_answer(res: Resolution) -> list[Problem]:
    """What a site may answer: its own outcomes (the reply in words is the province's), a
    rejection with its reason, and a change that names what changed: the note the citizen
    reads, or the record changed (the dose added, the record corrected, the two merged), as
    the desk's resolutions always name it. "Dose added" with neither told the citizen a
    dose was there when nothing said one was.

    >>> from datetime import datetime
    >>> now = datetime(2026, 12, 1, 8)
    >>> [(p.field, p.code) for p in check_site_answer(Resolution(ADD_DOSE, " ", "Hoa", now))]
    [('note', 'COMPLAINT_CHANGE_UNNAMED')]
    >>> check_site_answer(Resolution(ADD_DOSE, "", "Hoa", now, "p1", ("d3",)))
    []
    >>> check_site_answer(Resolution(CORRECT, "Đã sửa ngày sinh.", "Hoa", now))
    []
    >>> [p.code for p in check_site_answer(Resolution(MERGE, "", "Hoa", now, "p1"))]
    ['COMPLAINT_CHANGE_UNNAMED']
    >>> [p.code for p in check_site_answer(Resolution(PROVINCE_REPLY, "Đã gọi.", "Hoa", now))]
    ['COMPLAINT_REPLY_NOT_A_SITES']
    """
    if res.action == PROVINCE_REPLY:
        return [error("COMPLAINT_REPLY_NOT_A_SITES", "action")]
    problems = check_resolution(res)
    if not res.note.strip() and not _names_the_record(res):
        problems.append(error("COMPLAINT_CHANGE_UNNAMED", "note"))
    return problems


def _names_the_record(res: Resolution) -> bool:
    """Whether a change a site claims names the record it changed (a rejection changes
    none: its reason is required instead)."""
    if res.action == ADD_DOSE:
        return bool(res.dose_ids)
    if res.action == CORRECT:
        return bool(res.person_id or res.dose_ids)
    if res.action == MERGE:
        return bool(res.person_id and res.merged_id)
    return True


# How a complaint stands against its 48 hours, for the province's table of answers in time
# (``answer_timing``): answered by the deadline, answered after it, open past it, or not due.
IN_TIME, LATE, OVERDUE, NOT_DUE = "in_time", "late", "overdue", "not_due"
# Reached the one who answers it with less than half its time left (a call passed on late,
# a complaint moved by the province): late or overdue so, it is counted apart, the delay
# being someone else's as much as theirs.
LATE_ARRIVAL = timedelta(hours=DEADLINE_HOURS / 2)


def answer_timing(received_at: datetime, answered_at: datetime | None, now: datetime
                  ) -> str:
    """Where a complaint stands against its deadline (the 48 hours from ``received_at``).

    >>> t = datetime(2026, 12, 1, 8)
    >>> [answer_timing(t, t + timedelta(hours=h), t) for h in (47, 48, 49)]
    ['in_time', 'in_time', 'late']
    >>> answer_timing(t, None, t + timedelta(hours=49)), answer_timing(t, None, t)
    ('overdue', 'not_due')
    """
    due = received_at + timedelta(hours=DEADLINE_HOURS)
    if answered_at is not None:
        return IN_TIME if answered_at <= due else LATE
    return OVERDUE if now > due else NOT_DUE


def arrived_late(received_at: datetime, arrived_at: datetime | None) -> bool:
    """Whether the complaint reached whoever holds it with under half its time left.

    >>> t = datetime(2026, 12, 1, 8)
    >>> arrived_late(t, t + timedelta(hours=30)), arrived_late(t, t + timedelta(hours=2))
    (True, False)
    >>> arrived_late(t, None)
    False
    """
    return arrived_at is not None and arrived_at - received_at > LATE_ARRIVAL
