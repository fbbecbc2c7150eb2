"""A name longer than the EU DCC allows (80 characters a part) is cut after a whole word in
the QR, with no trailing space or filler, and the clerk is told the QR and the paper differ
(review item 7)."""

from __future__ import annotations

import json
from datetime import date

import jsonschema

from desktop_app.bundled import resource_path
from desktop_app.certificates.names import MAX_LENGTH, icao_transliterate, split_name
from desktop_app.certificates.verify import Verdict
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services import certificates
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.certificates.factory import content
from tests.certificates.test_cli_certificates import _vaxdesk

SCHEMA = json.loads(resource_path("standards", "eu-dcc-schema", "DCC.combined-schema.json")
                    .read_text(encoding="utf-8"))
# 90 characters: the given names are 86, "Xuân" past the 80th.
LONG = ("Tôn Nữ Thị Hoàng Phương Thảo Nguyễn Huỳnh Lê Phạm Võ Trần Đoàn Bảo Ngọc Quỳnh Hương "
        "Xuân")
KEPT = "Nữ Thị Hoàng Phương Thảo Nguyễn Huỳnh Lê Phạm Võ Trần Đoàn Bảo Ngọc Quỳnh Hương"


def test_a_long_given_name_is_cut_after_a_whole_word_in_both_forms():
    name = split_name(LONG)
    assert name.shortened
    assert name.given == KEPT  # not "… Quỳnh Hương " with a space, "Xuân" half-dropped
    assert name.given_icao == "NU<THI<HOANG<PHUONG<THAO<NGUYEN<HUYNH<LE<PHAM<VO<TRAN<DOAN<BAO" \
        "<NGOC<QUYNH<HUONG"
    assert (name.family, name.family_icao) == ("Tôn", "TON")
    for part in (name.family, name.given, name.family_icao, name.given_icao):
        assert len(part) <= MAX_LENGTH and part == part.strip(" <")
    assert not split_name("Nguyễn Thị Ánh Tuyết").shortened


def test_a_word_ending_right_at_the_limit_is_kept_and_one_longer_word_is_cut_inside():
    exact = "A" * 40 + " " + "B" * 39  # 80 characters
    assert split_name(f"Lê {exact} Cường").given == exact
    assert icao_transliterate("X" * 90) == "X" * MAX_LENGTH
    spelled = " ".join(["Müller"] * 11)  # 76 characters, 87 once Ü is spelled UE
    assert icao_transliterate(spelled) == "<".join(["MUELLER"] * 10)
    name = split_name(f"{spelled} Schmidt", nationality="DEU")
    assert name.given == spelled and name.shortened  # the name fits; its ICAO form does not


def test_the_payload_keeps_to_the_dcc_schema():
    payload = content(name=LONG).payload
    jsonschema.validate(payload, SCHEMA)
    assert payload["nam"]["gn"] == KEPT and not payload["nam"]["gnt"].endswith("<")


def _long_named(db) -> str:
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 2), "Y tá Lan"),
                      person=PersonInput(LONG, date(1985, 1, 2), Sex.FEMALE, IdType.CCCD,
                                         make_cccd("001", Sex.FEMALE, 1985, 2)),
                      today=date(2022, 6, 1), confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.person_id


def test_the_clerk_is_told_when_the_qr_carries_a_shorter_name(signed, db_path, tmp_path):
    db = signed.db
    person = _long_named(db)
    notice = certificates.qr_name_notice(certificates.content_for(db, person), "vi")
    assert notice == (
        f"Họ tên “{LONG}” quá dài cho mã QR (họ, và tên đệm cùng tên, mỗi phần tối đa 80 ký "
        f"tự), nên mã QR chỉ ghi “Tôn {KEPT}”; bản in vẫn ghi đủ họ tên. Người kiểm tra đọc "
        "mã QR sẽ thấy tên ngắn hơn.")
    assert certificates.qr_names_shortened(db, [person], "en")[person].startswith(
        f"The name “{LONG}” is too long for the QR code")
    db.close()

    pdf = tmp_path / "dai.pdf"
    made = _vaxdesk(db_path, "certificate", make_cccd("001", Sex.FEMALE, 1985, 2),
                    "--out", str(pdf))
    assert made.returncode == 0, made.stderr
    assert notice in made.stderr
    checked = _vaxdesk(db_path, "--lang", "en", "verify", str(pdf), "--json")
    verdict = json.loads(checked.stdout)
    assert verdict["verdict"] == Verdict.VALID.value
    assert verdict["payload"]["nam"]["gn"] == KEPT

    day = _vaxdesk(db_path, "certificates", "--day", "2021-09-02", "--out",
                   str(tmp_path / "ngay.pdf"))
    assert day.returncode == 0, day.stderr
    assert notice in day.stderr
