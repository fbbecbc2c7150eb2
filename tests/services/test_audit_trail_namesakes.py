"""Two accounts of one full name in the audit trail: Vietnamese full names repeat (two
"Nguyễn Thị Lan" at one commune station is common), so the trail names who did what by
login beside full name, in the CSV an inspector is handed, the app's Audit trail and a
record's history; and adding the second account warns of the first (it is not refused:
both are real people)."""

from __future__ import annotations

import csv
from datetime import date

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import accounts, audit, audit_trail
from desktop_app.services.actor import Role
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.records import record_detail

LAN = "Nguyễn Thị Lan"


def _dose(db, name, dob, sex, number, actor):
    return record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Y tá Hà"),
                       person=PersonInput(name, dob, sex, IdType.CCCD, number), actor=actor)


def test_two_clerks_of_one_name_are_told_apart_in_the_csv_the_trail_and_the_history(
        db, site, boss, tmp_path):  # noqa: ARG001 - the site: a dose needs one
    """From the site manager's review (mgrrev): lan and lan2 each recorded a dose, and
    neither the CSV nor the app could tell whose was which."""
    accounts.add_user(db, "lan", LAN, Role.CLERK, "mật khẩu lan 1", actor=boss)
    accounts.add_user(db, "lan2", LAN, Role.CLERK, "mật khẩu lan 2", actor=boss)
    first = accounts.login(db, "lan", "mật khẩu lan 1")
    second = accounts.login(db, "lan2", "mật khẩu lan 2")
    mai = _dose(db, "Hoàng Thị Mai", date(1988, 3, 4), Sex.FEMALE, "001188000777", first)
    nam = _dose(db, "Đỗ Văn Nam", date(1979, 6, 1), Sex.MALE, "001079000555", second)
    out = tmp_path / "nhat-ky.csv"
    audit.export(db, out, "vi", actor=boss)
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    who_of = {row[3]: row[2] for row in rows[1:] if row[4].startswith("Tạo mới: Tên vắc xin")}
    assert next(w for r, w in who_of.items() if "Hoàng Thị Mai" in r) == "lan (Nguyễn Thị Lan)"
    assert next(w for r, w in who_of.items() if "Đỗ Văn Nam" in r) == "lan2 (Nguyễn Thị Lan)"
    on_screen = {e.who for e in audit_trail.trail_page(db, "vi", actor=boss).entries
                 if e.what.startswith("Tạo mới: Tên vắc xin")}
    assert on_screen == {"lan (Nguyễn Thị Lan)", "lan2 (Nguyễn Thị Lan)"}
    for outcome, login in ((mai, "lan"), (nam, "lan2")):
        history = record_detail(db, outcome.dose_id).audit
        assert {a.user for a in history} == {f"{login} ({LAN})"}


def test_an_account_whose_full_name_is_its_login_is_named_once(db, site, boss):  # noqa: ARG001
    """"sep (sep)" says nothing more than "sep"; no account (work from the laptop itself)
    stays nameless, as before."""
    from desktop_app.services.actor import AT_THIS_LAPTOP

    accounts.add_user(db, "sep", "", Role.SUPERVISOR, "mật khẩu của sếp", actor=boss)
    sep = accounts.login(db, "sep", "mật khẩu của sếp")
    _dose(db, "Hoàng Thị Mai", date(1988, 3, 4), Sex.FEMALE, "001188000777", sep)
    _dose(db, "Đỗ Văn Nam", date(1979, 6, 1), Sex.MALE, "001079000555", AT_THIS_LAPTOP)
    doses = {e.who for e in audit_trail.trail_page(db, "vi", actor=boss).entries
             if e.what.startswith("Tạo mới: Tên vắc xin")}
    assert doses == {"sep", ""}


def test_adding_an_account_of_a_full_name_another_has_is_done_with_a_warning(db, boss):
    """Not refused (two people may well share a name), but the supervisor is told, in
    words, which account has it already; however its tone marks are placed."""
    first = accounts.add_user(db, "lan", LAN, Role.CLERK, "mật khẩu lan 1", actor=boss)
    assert first.namesakes == ()
    second = accounts.add_user(db, "lan2", "NGUYỄN THỊ LAN ", Role.CLERK, "mật khẩu lan 2",
                               actor=boss)
    assert second.namesakes == ("lan",)
    assert accounts.login(db, "lan2", "mật khẩu lan 2").user_id == second.id
    assert accounts.add_user(db, "hoa", "Trần Thị Hoà", Role.CLERK, "mật khẩu hoa 1",
                             actor=boss).namesakes == ()
    assert accounts.add_user(db, "hoa2", "Trần Thị Hòa", Role.VOLUNTEER, "mật khẩu hoa 2",
                             actor=boss).namesakes == ("hoa",)
    assert accounts.namesakes_warning(second, "vi").startswith(
        "Lưu ý: 1 tài khoản khác cũng có họ tên “NGUYỄN THỊ LAN”: lan.")
    assert accounts.namesakes_warning(second, "en").startswith(
        "Note: 1 other account already has the full name “NGUYỄN THỊ LAN”: lan.")
    third = accounts.add_user(db, "lan3", LAN, Role.CLERK, "mật khẩu lan 3", actor=boss)
    assert accounts.namesakes_warning(third, "en").startswith(
        "Note: 2 other accounts already have the full name “Nguyễn Thị Lan”: lan, lan2.")
    assert accounts.namesakes_warning(first, "vi") == ""
