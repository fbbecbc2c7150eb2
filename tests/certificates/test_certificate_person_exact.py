"""`vaxdesk certificate PERSON` makes a certificate only for the person PERSON names exactly
(their full ID number, or their record id): the desk's forgiving search is said, never
signed (services/certificate_person.py)."""

from __future__ import annotations

from datetime import date

import pypdfium2

from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.certificates.test_cli_certificates import _vaxdesk


def _desk(db, person):
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, date(2021, 9, 1), "Y tá Lan"),
                      person=person, today=date(2022, 6, 1), confirm_warnings=True,
                      actor=AT_THIS_LAPTOP)
    assert out.saved, [p.code for p in out.problems]
    return out.person_id


def test_a_cccd_typed_one_digit_short_prints_another_persons_certificate(signed, db_path,
                                                                        tmp_path):
    """Review certrev: the citizen reads out her CCCD 001190123456; the clerk types
    00119012456 (the 3 missed). No one holds that number, but the desk's search reads 11
    digits as the start of an ID and finds the one person whose CCCD begins so (another
    woman, 001190124567): `vaxdesk certificate` signed, recorded and wrote HER certificate,
    printing nothing but the file's path. Now it is refused, naming the close match, and
    the full number makes the citizen's own certificate, saying whose it is."""
    db = signed.db
    citizen = make_cccd("001", Sex.FEMALE, 1990, 123456)
    other = make_cccd("001", Sex.FEMALE, 1990, 124567)
    assert (citizen, other) == ("001190123456", "001190124567")
    _desk(db, PersonInput("Phạm Thị Lan", date(1990, 2, 2), Sex.FEMALE, IdType.CCCD, citizen))
    _desk(db, PersonInput("Đỗ Thị Vân", date(1990, 7, 7), Sex.FEMALE, IdType.CCCD, other))
    db.close()

    typed = "00119012456"  # the citizen's number with its 8th digit missed
    pdf = tmp_path / "chung-nhan.pdf"
    made = _vaxdesk(db_path, "certificate", typed, "--out", str(pdf))
    printed = ""
    if pdf.exists():
        printed = pypdfium2.PdfDocument(str(pdf))[0].get_textpage().get_text_range()
    assert made.returncode == 2 and not pdf.exists(), (
        f"exit {made.returncode}; a certificate was written for: "
        f"{'ĐỖ THỊ VÂN' if 'ĐỖ THỊ VÂN' in printed else printed[:200]}")
    assert "Không ai có đúng số giấy tờ “00119012456”" in made.stderr, made.stderr
    assert "Đỗ Thị Vân (07/07/1990, 001190124567)" in made.stderr, made.stderr

    right = _vaxdesk(db_path, "certificate", citizen, "--out", str(pdf))
    assert right.returncode == 0, right.stderr
    assert right.stdout.strip() == (
        f"{pdf}: chứng nhận của “Phạm Thị Lan” (số giấy tờ {citizen})")
    assert "PHẠM THỊ LAN" in pypdfium2.PdfDocument(str(pdf))[0].get_textpage().get_text_range()


def test_a_name_or_a_phone_is_not_a_person_named_exactly(signed, db_path):
    """A name that finds one person, or her phone, was enough for a certificate; now it
    names her and asks for her ID number, signing nothing (a script's --qr-text too)."""
    db = signed.db
    cccd = make_cccd("001", Sex.FEMALE, 1990, 223344)
    _desk(db, PersonInput("Trịnh Thị Yến", date(1990, 3, 3), Sex.FEMALE, IdType.CCCD, cccd,
                          phone="0912345678"))
    db.close()
    for typed in ("Trịnh Thị Yến", "0912345678"):
        ran = _vaxdesk(db_path, "--lang", "en", "certificate", typed, "--qr-text")
        assert ran.returncode == 2 and "HC1:" not in ran.stdout, ran.stdout
        assert f"Nobody has exactly the ID number “{typed}”" in ran.stderr, ran.stderr
        assert f"Trịnh Thị Yến (03/03/1990, {cccd})" in ran.stderr
    spaced = _vaxdesk(db_path, "--lang", "en", "certificate", f"CCCD {cccd[:3]} {cccd[3:]}",
                      "--qr-text")
    assert spaced.returncode == 0 and spaced.stdout.startswith("HC1:"), spaced.stderr
    assert spaced.stderr.strip() == f"The certificate of “Trịnh Thị Yến” (ID number {cccd})"
