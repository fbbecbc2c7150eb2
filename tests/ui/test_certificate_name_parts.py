"""Before printing, the certificate dialog says which words the QR carries as the family name
and which as the given names: the paper prints the whole name in one line, so a wrong split
(a passport's surname taken for a given name) showed nowhere until a border officer refused
the QR against the passport."""

from __future__ import annotations

from datetime import date

from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.certificates.dialog_helpers import open_certificate_dialog


def _person(db, name: str, id_type: IdType, number: str, nationality: str | None) -> str:
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 2), "Y tá Lan"),
                      person=PersonInput(name, date(1985, 1, 2), Sex.MALE, id_type, number,
                                         nationality=nationality),
                      today=date(2022, 6, 1), confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.person_id


def _shown(qtbot, db, person: str, lang: str) -> str:
    _ctx, dialog = open_certificate_dialog(qtbot, db, person, lang)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=15_000)
    assert dialog.name_parts.isVisible()
    return dialog.name_parts.text()


def test_a_passport_holders_family_and_given_names_are_shown_apart(qtbot, db, site):
    wang = _person(db, "Wang Xiaoming", IdType.PASSPORT, "E12345678", "CHN")
    shown = _shown(qtbot, db, wang, "vi")
    assert shown.startswith("Người kiểm tra đọc mã QR thấy — Họ: Wang · Tên đệm và tên: "
                            "Xiaoming."), shown
    # How to put a wrong split right, for a foreigner whose capitals the record keeps.
    assert "gõ họ bằng CHỮ IN HOA" in shown


def test_in_english_and_for_a_vietnamese_name(qtbot, db, site):
    garcia = _person(db, "Maria GARCIA LOPEZ", IdType.PASSPORT, "PAA123456", "ESP")
    assert _shown(qtbot, db, garcia, "en").startswith(
        "A verifier reading the QR code sees — Family name: GARCIA LOPEZ · Given names: Maria.")
    an = _person(db, "Nguyễn Văn An", IdType.CCCD, make_cccd("001", Sex.MALE, 1985, 9), None)
    assert _shown(qtbot, db, an, "vi") == (
        "Người kiểm tra đọc mã QR thấy — Họ: Nguyễn · Tên đệm và tên: Văn An.")
