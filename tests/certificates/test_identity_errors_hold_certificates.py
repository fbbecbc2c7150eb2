"""Every open identity error holds a person's certificate back (README: "a person whose
record has an open identity error gets no certificate until it is corrected"), the codes
that do so derived from the identity rules' own (``rules.cleaning.CERTIFICATE_BLOCKING``),
not a second list kept by hand that drifted from them."""

from __future__ import annotations

import ast
import inspect
from datetime import date

import pytest
from sqlalchemy import select, update

from desktop_app.db.models import Person
from desktop_app.progress import drain
from desktop_app.rules import dates, identity, names
from desktop_app.rules.cleaning import CERTIFICATE_BLOCKING, IDENTITY_CODES
from desktop_app.services import certificates, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from tests.certificates.signed import PASSPHRASE
from tests.importers.sheets import person_row, write_xlsx

IMPORT_DAY = date(2026, 11, 23)


def _imported(db, tmp_path, row):
    """One row of a provincial sheet backfilled through the real importer: its person."""
    report = drain(import_file(db, write_xlsx(tmp_path / "hoi-cuu.xlsx", [row]),
                               today=IMPORT_DAY, actor=AT_THIS_LAPTOP))
    with db.reading() as s:
        [person] = s.scalars(select(Person)).all()
        return person.id, person.cleaning_reason, [(i.outcome, i.code) for i in report.issues]


@pytest.mark.parametrize("row, code", [
    (person_row(1, name="Nguyễn Văn An (xem ghi chú)", cccd="001090012345"),
     "NAME_INVALID_CHARS"),
    (person_row(1, name="Nguyễn Văn An", cccd="003090012345"),  # there is no province 003
     "ID_PROVINCE_UNKNOWN")],
                         ids=["note-in-name", "cccd-of-no-province"])
def test_a_flagged_identity_error_still_gets_its_certificate(signed, tmp_path, row, code):
    """Review certrev: a volunteer backfills a provincial sheet. One row's name cell
    carries a note ("Nguyễn Văn An (xem ghi chú)"), another's CCCD starts with a province
    code that does not exist (003: a typo). The importer flags both on the cleaning list as
    identity errors (the desk refuses either), but ``CERTIFICATE_BLOCKING`` did not list
    them, so the certificate was signed anyway, printing the note or the impossible CCCD.
    Now both are held back, and the day's batch leaves them out."""
    db = signed.db
    person_id, flagged, issues = _imported(db, tmp_path, row)
    assert flagged == code and issues == [("flagged", code)]  # on the cleaning list
    signer = signing.unlock_signer(db, PASSPHRASE)
    assert certificates.held_back(db, [person_id]), "the day's batch would print it"
    with pytest.raises(certificates.CertificateError) as held:
        certificates.issue_certificate(db, signer, person_id, actor=AT_THIS_LAPTOP)
    assert held.value.code == "CERT_IDENTITY_OPEN"


def test_a_child_without_a_number_grown_past_the_age_is_held_back(signed, tmp_path):
    """"A child without a number yet", recorded of someone born in 1990: the desk refuses it
    (NO_ID_CHILD_TOO_OLD), and so does the certificate now."""
    db = signed.db
    person_id, _flagged, _issues = _imported(db, tmp_path, person_row(1))
    with db.transaction() as s:
        s.execute(update(Person).where(Person.id == person_id).values(
            id_type="NONE", id_number=None, no_id_reason="CHILD_WITHOUT_NUMBER",
            cleaning_reason="NO_ID_CHILD_TOO_OLD"))
    assert "NO_ID_CHILD_TOO_OLD" in CERTIFICATE_BLOCKING
    assert certificates.held_back(db, [person_id])
    with pytest.raises(certificates.CertificateError):
        certificates.issue_certificate(db, signing.unlock_signer(db, PASSPHRASE), person_id,
                                       actor=AT_THIS_LAPTOP)


def _error_codes(source: str) -> set[str]:
    """The codes of every ``error("CODE", ...)`` in ``source``."""
    return {call.args[0].value for call in ast.walk(ast.parse(source))
            if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "error"
            and call.args and isinstance(call.args[0], ast.Constant)}


def test_every_identity_error_the_rules_give_holds_a_certificate_back():
    """The identity rules' errors (names, ID documents, the date of birth) are all in
    IDENTITY_CODES, and each but a phone's holds the certificate back: a rule added to
    them cannot be forgotten by the certificate gate."""
    given = (_error_codes(inspect.getsource(names)) | _error_codes(inspect.getsource(identity))
             | _error_codes(inspect.getsource(dates.check_dob)))
    assert "DOB_TOO_OLD" in given and "NAME_INVALID_CHARS" in given  # the scan reads them
    assert given <= IDENTITY_CODES, given - IDENTITY_CODES
    assert IDENTITY_CODES - {"PHONE_INVALID"} <= CERTIFICATE_BLOCKING
    assert "PHONE_INVALID" not in CERTIFICATE_BLOCKING
