"""The paper form on real widgets: a ledger's dose typed with its number left empty, for
someone whose later dose the desk recorded, is saved under the number its date gives."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.db.models import Dose
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import accounts
from desktop_app.services.actor import Actor, Role
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.ui.test_paper_form_identity import _form, _type


@pytest.fixture
def volunteer(db, boss) -> Actor:
    account = accounts.add_user(db, "tnv1", "Tình nguyện viên Hoa", "volunteer",
                                "mật khẩu tình nguyện 1", actor=boss)
    return Actor(account.id, account.full_name, Role.VOLUNTEER)


def test_a_ledger_dose_1_typed_without_its_number_is_saved_as_dose_1(qtbot, db, site,
                                                                      boss, volunteer):
    lan = PersonInput("Phạm Thị Lan", date(1985, 3, 12), Sex.FEMALE, IdType.CCCD,
                      "001185012345")
    assert record_dose(db, DoseInput("COMIRNATY", "FK1", 2, date(2021, 10, 1), "Y tá"),
                       person=lan, today=date(2021, 10, 1), actor=boss,
                       confirm_warnings=True).saved
    ctx, form = _form(qtbot, db, volunteer)
    assert form.dose_number.placeholderText() == "để trống: số mũi theo ngày tiêm"
    _type(qtbot, form, "Phạm Thị Lan", "12031985", "F", "001185012345", "", "02092021")
    qtbot.waitUntil(lambda: form.result.text().startswith("Đã lưu (1"))
    ctx.runner.wait_idle()
    with db.reading() as s:
        stored = dict(s.execute(select(Dose.dose_date, Dose.dose_number)).all())
    assert stored == {date(2021, 9, 2): 1, date(2021, 10, 1): 2}
