"""What the sync area shows of a record that needs a person: a conflict's two versions side
by side, field by field, as a clerk reads them; and why a record waits, in a sentence even
when the central platform gave none.

The versions come in as the ``person``/``dose`` tables' field names and values (this
laptop's row, and the central copy read by ``wire.fhir``); what comes out is text only.

    >>> from datetime import date
    >>> mine = {"full_name": "Nguyễn Thị Nhung", "dob": date(1990, 1, 2), "sex": "F",
    ...         "id_type": "CCCD", "id_number": "001190000123"}
    >>> rows = compare_person(mine, dict(mine, full_name="Nguyễn Thị Nhàn"), "vi")
    >>> [(r.label, r.mine, r.theirs) for r in rows if r.differs]
    [('Họ và tên', 'Nguyễn Thị Nhung', 'Nguyễn Thị Nhàn')]
    >>> [r.mine for r in rows][1:4]
    ['02/01/1990', 'Nữ', 'Căn cước công dân (CCCD)']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desktop_app.rules.catalogue import Catalogue
from desktop_app.rules.field_values import EMPTY, field_label, shown_value
from desktop_app.rules.messages import says_alone, text

PERSON_FIELDS = ("full_name", "dob", "sex", "id_type", "id_number", "nationality",
                 "no_id_reason", "phone", "address")
DOSE_FIELDS = ("product_code", "dose_date", "dose_number", "lot_number", "vaccinator",
               "voided")
# A dose's reactions, a row of its comparison when the versions carry them: a sequence of
# (``severity``, ``onset_at`` in local time, ``description``, ``action_taken``) each, as
# ``wire.fhir.ReactionFields``. One recorded here that the central copy lacks is sent again
# if that copy is kept (``sync/inbox.py``); the row lets the person see it before choosing.
REACTIONS = "reactions"
# True in a central version another system marked not done (``wire.fhir``): its state row
# says "not given", a state this laptop's own version never has.
NOT_DONE = "not_done"
# A round without a word this long (a platform that took the connection and says nothing,
# minutes on a dead link): the Sync area and ``vaxdesk sync`` say they wait for its answer.
QUIET_SECONDS = 20
# Shown only when either version has a value: most people have a document, and no passport.
_WHEN_PRESENT = {"nationality", "no_id_reason"}

# A plain FHIR server's bare issue type (R4 ``IssueType``), by what the clerk can do.
ISSUE_TYPES: dict[str, str] = {
    **dict.fromkeys(("invalid", "structure", "required", "value", "invariant", "too-long",
                     "code-invalid", "extension"), "SYNC_ISSUE_INVALID"),
    **dict.fromkeys(("security", "login", "unknown", "expired", "forbidden", "suppressed"),
                    "SYNC_ISSUE_ACCESS"),
    **dict.fromkeys(("duplicate", "multiple-matches", "conflict"), "SYNC_ISSUE_CLASH"),
    **dict.fromkeys(("not-found", "deleted"), "SYNC_ISSUE_NOT_FOUND"),
    **dict.fromkeys(("too-costly", "transient", "lock-error", "no-store", "exception",
                     "timeout", "incomplete", "throttled"), "SYNC_ISSUE_BUSY"),
    **dict.fromkeys(("processing", "not-supported", "business-rule", "informational"),
                    "SYNC_REASON_UNSTATED"),
}
# The sentences above that say the platform gave no detail, as said when it gave one.
_WITH_DETAIL = {"SYNC_ISSUE_INVALID": "SYNC_ISSUE_INVALID_DETAILED",
                "SYNC_REASON_UNSTATED": "SYNC_ISSUE_REFUSED"}


@dataclass(frozen=True)
class FieldPair:
    """One row of the comparison: the field's name, then each version's value."""

    field: str
    label: str
    mine: str
    theirs: str
    differs: bool


def compare_person(mine: Mapping[str, Any], theirs: Mapping[str, Any] | None, lang: str,
                   missing: str = "") -> tuple[FieldPair, ...]:
    """A person's two versions; ``theirs`` None (deleted there, or unreadable here) shows
    ``missing`` in its column and no row as differing."""
    return _pairs(PERSON_FIELDS, mine, theirs, missing,
                  lambda name, values: shown_value(name, values.get(name), lang), lang)


def compare_dose(mine: Mapping[str, Any], theirs: Mapping[str, Any] | None, lang: str,
                 catalogue: Catalogue | None = None, missing: str = ""
                 ) -> tuple[FieldPair, ...]:
    """A dose's two versions, the vaccine by its name in ``catalogue`` (the site's).

    >>> from datetime import date
    >>> mine = {"product_code": "COMIRNATY", "dose_date": date(2021, 9, 1),
    ...         "dose_number": 2, "lot_number": "FK1", "vaccinator": None, "voided": False}
    >>> rows = compare_dose(mine, dict(mine, voided=True), "en")
    >>> [(r.label, r.theirs, r.differs) for r in rows][::5]
    [('Vaccine', 'Comirnaty (Pfizer-BioNTech)', False), ('State', 'Voided', True)]
    >>> compare_dose(mine, dict(mine, not_done=True), "en")[5].theirs
    'Not given'

    Reactions, when the versions carry them (this laptop's, and the central copy's):

    >>> from datetime import datetime
    >>> from desktop_app.wire.fhir import ReactionFields
    >>> here = ReactionFields("serious", datetime(2021, 9, 1, 10, 5), "Khó thở", "Chuyển viện")
    >>> row = compare_dose(dict(mine, reactions=[here]), dict(mine, reactions=()), "vi")[-1]
    >>> row.label, row.mine, row.theirs, row.differs
    ('Phản ứng sau tiêm', 'Phản ứng nặng 01/09/2021 10:05: Khó thở (Chuyển viện)', '—', True)
    """

    def shown(name: str, values: Mapping[str, Any]) -> str:
        if name == "voided":
            return text("DOSE_STATE_NOT_DONE" if values.get(NOT_DONE) else "DOSE_STATE_VOIDED"
                        if values.get(name) else "DOSE_STATE_ACTIVE", lang)
        if name == REACTIONS:
            return _reactions(values.get(name) or (), lang)
        return shown_value(name, values.get(name), lang, catalogue)

    fields = DOSE_FIELDS + ((REACTIONS,) if REACTIONS in mine or REACTIONS in (theirs or {})
                            else ())
    return _pairs(fields, mine, theirs, missing, shown, lang)


def _reactions(reactions: Iterable[Any], lang: str) -> str:
    """A dose's reactions in one cell, oldest first: how serious, when, what, what was done."""
    said = [f"{text(f'REACTION_{r.severity.upper()}', lang)} "
            f"{r.onset_at:%d/%m/%Y %H:%M}: {r.description}"
            + (f" ({r.action_taken})" if r.action_taken else "")
            for r in sorted(reactions, key=lambda r: r.onset_at)]
    return "; ".join(said) or EMPTY


def _pairs(fields: tuple[str, ...], mine: Mapping[str, Any], theirs: Mapping[str, Any] | None,
           missing: str, shown: Callable[[str, Mapping[str, Any]], str], lang: str
           ) -> tuple[FieldPair, ...]:
    rows = []
    for name in fields:
        if name in _WHEN_PRESENT and not mine.get(name) and not (theirs or {}).get(name):
            continue
        left = shown(name, mine)
        right = shown(name, theirs) if theirs is not None else missing
        rows.append(FieldPair(name, _label(name, lang), left, right,
                              theirs is not None and left != right))
    return tuple(rows)


def _label(name: str, lang: str) -> str:
    return text("FIELD_DOSE_STATE", lang) if name == "voided" else field_label(name, lang)


def issue_reason(issue: Mapping[str, Any], state: str, lang: str) -> str:
    """One stored issue of a record (``sync_record.last_error``) as a sentence in ``lang``:
    for a version conflict, what it is and what to do (the catalogue's: the platform's
    sentence names a UUID); else the central platform's own sentence when it gave one
    (``vi``: its ``details.text``); else the catalogue's for its code; else what its FHIR
    issue type means; else that no reason was given. Never the code itself. A
    server's ``diagnostics`` alone (``en``, a developer's words, often English: HAPI's) is
    said after that sentence, as its detail, in both languages.

    >>> issue_reason({"code": "invalid", "vi": "", "en": ""}, "rejected", "en")[:48]
    'The central platform found a detail of the recor'
    >>> issue_reason({"code": "HAPI-0450"}, "rejected", "vi")[:40]
    'Hệ thống trung tâm không nhận hồ sơ này '
    >>> said = issue_reason({"code": "processing", "type": "processing", "vi": "",
    ...                      "en": "HAPI-0450: Patient.address: minimum required = 1"},
    ...                     "rejected", "vi")
    >>> said[:40]
    'Hệ thống trung tâm không nhận hồ sơ này.'
    >>> said.rpartition(" Chi tiết từ hệ thống trung tâm: ")[2]
    'HAPI-0450: Patient.address: minimum required = 1'
    """
    own, diagnostics = str(issue.get("vi") or ""), str(issue.get("en") or "")
    code = str(issue.get("code") or "")
    if state == "conflict" and code == "VERSION_CONFLICT":
        # The platform's sentence names the version's UUID and numbers: what a conflict
        # is, and what to do, instead.
        return text("CENTRAL_EDIT_CONFLICT", lang)
    if own:
        return diagnostics if lang == "en" and diagnostics else own
    if says_alone(code):
        said = code
    elif state == "conflict":
        said = "CENTRAL_EDIT_CONFLICT"
    else:
        said = ISSUE_TYPES.get(str(issue.get("type") or code), "SYNC_REASON_UNSTATED")
        said = _WITH_DETAIL.get(said, said) if diagnostics else said
    if not diagnostics:
        return text(said, lang)
    return text("SYNC_ISSUE_DETAIL", lang, reason=text(said, lang), detail=diagnostics)

