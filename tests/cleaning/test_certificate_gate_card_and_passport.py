"""Two open identity errors the certificate gate let through (found by a review): a record
the citizen's scanned chip card contradicts, and a passport with no nationality, whose
name order on the certificate the nationality decides."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.db.models import Person
from desktop_app.progress import drain
from desktop_app.rules.cccd_qr import CccdQr
from desktop_app.rules.identity import Sex
from desktop_app.services import accounts, certificates, signing
from desktop_app.services.actor import Actor, Role
from desktop_app.services.backfill import import_file
from desktop_app.services.card_check import flag_card_differs
from desktop_app.services.certificates import CertificateError
from desktop_app.services.records import correct_person
from tests.certificates.signed import PASSPHRASE
from tests.cleaning.people import GOOD_ID, TODAY, paper
from tests.importers.sheets import FACILITY, person_row, write_xlsx


def _clerk(db, boss) -> Actor:
    account = accounts.add_user(db, "lan", "Y tá Lan", Role.CLERK, "mật khẩu 123", actor=boss)
    return Actor(account.id, account.full_name, Role.CLERK)


def test_no_certificate_over_a_record_the_scanned_card_contradicts(signed, boss):
    """The clerk scans her card, sees the record's birth date differ and puts her on the
    cleaning list (F4); in the same visit she asks for her certificate. Signed, it printed
    the date her card contradicts, QR and paper."""
    db = signed.db
    pid = paper(db)  # Phạm Thị Lan, 12/03/1985 as typed from paper
    card = CccdQr(GOOD_ID, None, "Phạm Thị Lan", date(1985, 3, 21), Sex.FEMALE,
                  "12 Láng Hạ, Phường Láng, Hà Nội", date(2021, 5, 10))
    clerk = _clerk(db, boss)
    assert flag_card_differs(db, pid, card, actor=clerk)
    signer = signing.unlock_signer(db, PASSPHRASE)
    with pytest.raises(CertificateError) as held:
        certificates.issue_certificate(db, signer, pid, actor=clerk)
    assert held.value.code == "CERT_IDENTITY_OPEN"
    assert set(certificates.held_back(db, [pid])) == {pid}  # nor in the day's batch
    assert correct_person(db, pid, {"dob": card.dob}, actor=boss, today=TODAY,
                          confirm_warnings=True).saved  # corrected from the card
    issued = certificates.issue_certificate(db, signer, pid, actor=clerk)
    assert issued.content.payload["dob"] == "1985-03-21"


def test_a_passport_without_its_nationality_gets_no_certificate_until_it_is_known(
        signed, boss, tmp_path):
    """A provincial sheet has no nationality column: a passport holder is stored without
    one (flagged). Signed, the certificate took the name as Vietnamese, family name first:
    "John" for the surname of John Paul Smith, which no border officer would match."""
    db = signed.db
    sheet = write_xlsx(tmp_path / "hoi-cuu.xlsx", [
        person_row(1, name="John Paul Smith", dob="02/01/1980", sex="Nam", cccd="C1234567",
                   vaccine="Pfizer", dose=1, when="01/08/2021", facility=FACILITY)])
    drain(import_file(db, sheet, today=TODAY, actor=boss))
    with db.reading() as s:
        pid, nationality = s.execute(select(Person.id, Person.nationality)
                                     .where(Person.id_number == "C1234567")).one()
    assert not nationality
    signer = signing.unlock_signer(db, PASSPHRASE)
    clerk = _clerk(db, boss)
    with pytest.raises(CertificateError) as held:
        certificates.issue_certificate(db, signer, pid, actor=clerk)
    assert "Quốc tịch" in held.value.message("vi") or "quốc tịch" in held.value.message("vi")
    assert correct_person(db, pid, {"nationality": "GBR"}, actor=boss, today=TODAY,
                          confirm_warnings=True).saved
    name = certificates.issue_certificate(db, signer, pid, actor=clerk).content.payload["nam"]
    assert (name["fnt"], name["gnt"]) == ("SMITH", "JOHN<PAUL")
