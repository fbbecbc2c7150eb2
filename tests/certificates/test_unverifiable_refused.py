"""A certificate no verifier accepts is refused before it is signed, saying what to correct
(``certificates/shape.py``), and what makes one is caught where it is typed: the desk asks
for a name in Latin letters, the importer flags a birth over 120 years ago."""

from __future__ import annotations

from datetime import date

import jsonschema
import pytest
from sqlalchemy import func, select, update

from desktop_app.bundled import load_json
from desktop_app.certificates.shape import SCHEMA
from desktop_app.certificates.verify import Verdict
from desktop_app.db.models import CertificateIssue, Person
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import certificates, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.certificates.signed import PASSPHRASE
from tests.certificates.test_identity_errors_hold_certificates import _imported
from tests.importers.sheets import person_row

OVERRIDE = "Đi nước ngoài gấp, đã xác minh"


def _issued(db) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(CertificateIssue))


def test_a_passport_name_in_cyrillic_gets_a_certificate_no_verifier_accepts(signed):
    """Review certrev: a Russian visitor; the clerk types the name as it stands in the
    passport's own script ("Иван Петров"). The desk saved it (any letter passed
    ``check_name``), and the certificate was signed and printed with a blank name line and
    empty ICAO names, which the site's own verifier calls KHÔNG ĐỌC ĐƯỢC
    (MALFORMED_NO_NAME), as would any EU verifier. Now the desk asks for the Latin form."""
    visitor = PersonInput("Иван Петров", date(1980, 1, 1), Sex.MALE, IdType.PASSPORT,
                          "C7654321", nationality="RUS")
    out = record_dose(signed.db, DoseInput("COMIRNATY", "FK1234", 1, date(2021, 9, 1),
                                           "Y tá Lan"),
                      person=visitor, today=date(2022, 6, 1), confirm_warnings=True,
                      actor=AT_THIS_LAPTOP)
    assert not out.saved
    [refusal] = [p for p in out.problems if p.is_error]
    assert refusal.code == "NAME_NOT_LATIN"
    assert "dòng đọc bằng máy (MRZ) của hộ chiếu" in refusal.message("vi")


def test_a_name_stored_in_cyrillic_is_held_back_and_never_signed(signed, boss):
    """A name in Cyrillic stored before the desk asked (or brought by another path) is an
    open identity error: held back from the day's batch, and a supervisor's override does
    not sign it either: the signing refuses the payload, nothing recorded."""
    db = signed.db
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, date(2021, 9, 1), "Y tá Lan"),
                      person=PersonInput("Ivan Petrov", date(1980, 1, 1), Sex.MALE,
                                         IdType.PASSPORT, "C7654321", nationality="RUS"),
                      today=date(2022, 6, 1), confirm_warnings=True, actor=AT_THIS_LAPTOP)
    with db.transaction() as s:
        s.execute(update(Person).where(Person.id == out.person_id).values(
            full_name="Иван Петров"))
    assert "Họ tên không viết bằng chữ Latinh" in certificates.held_back(
        db, [out.person_id])[out.person_id]
    signer = signing.unlock_signer(db, PASSPHRASE)
    with pytest.raises(certificates.CertificateError) as refused:
        certificates.issue_certificate(db, signer, out.person_id, actor=boss,
                                       override_reason=OVERRIDE)
    assert refused.value.code == "CERT_NAME_NOT_LATIN"
    assert "như dòng đọc bằng máy (MRZ) của hộ chiếu" in refused.value.message("vi")
    assert _issued(db) == 0


def test_a_backfilled_birth_year_1899_gets_a_certificate_no_verifier_accepts(signed, boss,
                                                                           tmp_path):
    """Review certrev: a sheet's date of birth with two digits swapped, "30/12/1899" for
    1989 (a CMND: no birth year to cross-check). The importer neither refused nor flagged
    it (the desk says DOB_TOO_OLD: over 120 years), and the certificate was signed with
    "dob": "1899-12-30", which the EU DCC schema forbids (1900-2099). Now the importer
    flags it (the cleaning list), the certificate is held back, and even a supervisor's
    override is refused at signing, saying the date of birth is not plausible."""
    db = signed.db
    person_id, flagged, issues = _imported(
        db, tmp_path, person_row(1, name="Lê Văn Cường", dob="30/12/1899", cccd="023456789"))
    assert flagged == "DOB_TOO_OLD" and issues == [("flagged", "DOB_TOO_OLD")]
    assert certificates.held_back(db, [person_id])
    signer = signing.unlock_signer(db, PASSPHRASE)
    with pytest.raises(certificates.CertificateError) as held:
        certificates.issue_certificate(db, signer, person_id, actor=AT_THIS_LAPTOP)
    assert held.value.code == "CERT_IDENTITY_OPEN"
    with pytest.raises(certificates.CertificateError) as refused:
        certificates.issue_certificate(db, signer, person_id, actor=boss,
                                       override_reason=OVERRIDE)
    assert refused.value.code == "CERT_DOB_NOT_PLAUSIBLE"
    assert refused.value.message("vi").startswith(
        "Chưa thể cấp chứng nhận cho Lê Văn Cường: ngày sinh 30/12/1899 không hợp lý")
    assert _issued(db) == 0


def test_what_is_signed_still_verifies_and_meets_the_schema(signed, boss, tmp_path):
    """The check before signing lets a plain certificate through, one signed over other
    open errors too (no date of birth at all: the schema's empty "dob"), and each
    verifies here and meets the whole bundled schema."""
    db = signed.db
    person_id, _flagged, _issues = _imported(db, tmp_path, person_row(1, dob=""))
    signer = signing.unlock_signer(db, PASSPHRASE)
    issued = certificates.issue_certificate(db, signer, person_id, actor=boss,
                                            override_reason=OVERRIDE)
    assert issued.content.payload["dob"] == ""
    jsonschema.validate(issued.content.payload, load_json(SCHEMA))
    assert certificates.verify_text(db, issued.qr_text).verdict is Verdict.VALID
