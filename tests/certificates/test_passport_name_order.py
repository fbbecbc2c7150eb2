"""A passport holder's family name on the signed certificate is the passport's surname: a
Chinese citizen's "Wang Xiaoming" is family name Wang (it was taken as the last word,
"Xiaoming", and a border officer refused the QR against the passport), and a surname typed
in capitals, as passports print it, is the family name wherever it stands."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest
import zxingcpp
from PIL import Image

from desktop_app.certificates.payload import CertificateDose, Subject, build_content
from desktop_app.certificates.verify import Verdict
from desktop_app.db.models import CertificateIssue, Person
from desktop_app.rules.catalogue import default_catalogue
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services import certificates, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.records import correct_person
from tests.certificates.signed import PASSPHRASE
from tests.certificates.test_certificate_round_trip import _render

# As the clerk types the name, the person's papers, what the QR's ``nam`` must carry
# (fn, gn), and the name as stored.
PEOPLE = [
    ("Wang Xiaoming", IdType.PASSPORT, "CHN", ("Wang", "Xiaoming"), "Wang Xiaoming"),
    ("Maria GARCIA LOPEZ", IdType.PASSPORT, "ESP", ("GARCIA LOPEZ", "Maria"),
     "Maria GARCIA LOPEZ"),
    ("SMITH John Paul", IdType.PASSPORT, "USA", ("SMITH", "John Paul"), "SMITH John Paul"),
    ("John Paul Smith", IdType.PASSPORT, "USA", ("Smith", "John Paul"), "John Paul Smith"),
    # A Vietnamese name is as before: family name first, stored each word capitalised.
    ("NGUYỄN văn an", IdType.CCCD, None, ("Nguyễn", "Văn An"), "Nguyễn Văn An"),
]
ICAO = {"Wang": "WANG", "Xiaoming": "XIAOMING", "GARCIA LOPEZ": "GARCIA<LOPEZ",
        "Maria": "MARIA", "SMITH": "SMITH", "Smith": "SMITH", "John Paul": "JOHN<PAUL",
        "Nguyễn": "NGUYEN", "Văn An": "VAN<AN"}


def _record(db, typed: str, id_type: IdType, nationality: str | None, i: int) -> str:
    number = make_cccd("001", Sex.MALE, 1985, 700 + i) if id_type == IdType.CCCD \
        else f"E{1234560 + i}"
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 2), "Y tá Lan"),
                      person=PersonInput(typed, date(1985, 1, 2), Sex.MALE, id_type, number,
                                         nationality=nationality),
                      today=date(2022, 6, 1), confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.person_id


def test_the_signed_qr_carries_the_passports_family_name(signed, tmp_path):
    db = signed.db
    ids = [_record(db, typed, id_type, nationality, i)
           for i, (typed, id_type, nationality, _parts, _stored) in enumerate(PEOPLE)]
    pdf = tmp_path / "names.pdf"
    assert list(certificates.write_certificates(
        db, signing.unlock_signer(db, PASSPHRASE), ids, pdf, actor=AT_THIS_LAPTOP)) \
        == [len(ids)]

    for page, (person_id, (typed, _t, _n, (family, given), stored)) in enumerate(
            zip(ids, PEOPLE, strict=True)):
        with db.reading() as s:
            assert s.get(Person, person_id).full_name == stored
        png = tmp_path / f"page{page}.png"
        text = _render(pdf, png, page)
        assert stored.upper() in text  # the paper prints the whole name, as before
        [barcode] = [b for b in zxingcpp.read_barcodes(Image.open(png))
                     if b.format == zxingcpp.BarcodeFormat.QRCode]
        result = certificates.verify_text(db, barcode.text)
        assert result.verdict is Verdict.VALID, result.message("en")
        assert result.payload["nam"] == {"fn": family, "fnt": ICAO[family],
                                         "gn": given, "gnt": ICAO[given]}, typed
        rows = dict(certificates.payload_rows(result.payload, "vi", db.catalogue))
        assert rows["Họ và tên"] == f"{family} {given}"


@pytest.mark.parametrize("nationality", ["JPN", "KOR", "PRK", "TWN", "HKG", "MAC", "KHM",
                                         "MNG"])
def test_names_of_other_family_name_first_countries_keep_their_order(nationality):
    subject = Subject("p-1", "Tanaka Hiroshi", date(1985, 1, 2), "M", "PASSPORT", "TZ1234567",
                      nationality)
    dose = CertificateDose(str(uuid.UUID(int=1)), date(2021, 9, 2), 1, "COMIRNATY",
                           "Comirnaty", "FK1", "HN-0001", "Trạm Y tế Phường Láng Hạ")
    made = build_content(subject, [dose], default_catalogue(), site_code="HN-0001",
                         site_name="Trạm Y tế Phường Láng Hạ", issued_at=datetime(2022, 6, 1))
    assert made.payload["nam"] == {"fn": "Tanaka", "fnt": "TANAKA", "gn": "Hiroshi",
                                   "gnt": "HIROSHI"}


def test_marking_the_surname_in_capitals_corrects_a_printed_certificate(signed, boss):
    """The clerk typed an American passport's name in its machine-readable order, "Smith
    John Paul": no capitals, so the family name is taken as the last word, "Paul", which the
    dialog shows. The correction "SMITH John Paul" is kept as typed, revokes the printed
    certificate (the QR's name changes), and the next one carries SMITH."""
    db = signed.db
    person = _record(db, "Smith John Paul", IdType.PASSPORT, "USA", 0)
    signer = signing.unlock_signer(db, PASSPHRASE)
    first = certificates.issue_certificate(db, signer, person, actor=AT_THIS_LAPTOP)
    assert first.content.payload["nam"]["fn"] == "Paul"
    assert certificates.name_parts_text(first.content, "en").startswith(
        "A verifier reading the QR code sees — Family name: Paul · Given names: Smith John.")

    fixed = correct_person(db, person, {"full_name": "SMITH John Paul"}, actor=boss,
                           confirm_warnings=True)
    assert fixed.saved, fixed.problems
    with db.reading() as s:
        assert s.get(Person, person).full_name == "SMITH John Paul"
        assert s.get(CertificateIssue, first.content.uvci).revoke_reason == "person_corrected"
    again = certificates.issue_certificate(db, signer, person, actor=AT_THIS_LAPTOP)
    result = certificates.verify_text(db, again.qr_text)
    assert result.verdict is Verdict.VALID, result.message("en")
    assert result.payload["nam"] == {"fn": "SMITH", "fnt": "SMITH", "gn": "John Paul",
                                     "gnt": "JOHN<PAUL"}
